"""Drive the CPU kernels: pick the element kind, address any layout without copying.

Every reduction is expressed as a 3-D view ``(outer, n, inner)`` of the
input's memory, handed to the kernels as a flat 1-D array plus an offset and
element strides (no data is moved): the reduced axes merge into ``n`` and the
kept axes into ``outer``/``inner`` whenever their strides allow.  Reducing
all axes of a non-C layout (e.g. ``axis=None`` on Fortran order) runs in two
stages without a copy.  One rare case copies: several reduced axes that
cannot merge while others are kept (a tuple ``axis``).

Numba reads native, aligned data only.  Non-native byte order or unaligned
input is converted in slabs of at most :data:`SLAB_BYTES` (see
:func:`_argreduce_in_slabs`), so its extra memory is bounded by the slab size
and never one copy of the input.
"""

import itertools
import math

import numpy as np

from .._originals import (
    NUMPY_ARGMAX,
    NUMPY_ARGMIN,
    NUMPY_TAKE_ALONG_AXIS,
    NUMPY_UNRAVEL_INDEX,
)
from .._threads import acquire_slot, release_slot
from ._kernels import (
    CACHE_LINE,
    KIND_BOOL,
    KIND_FLOAT16,
    KIND_NAT,
    KIND_PLAIN,
    kernels_for,
    memory_span,
    narrow_columns,
)

#: Below this many bytes of input the serial kernel wins (thread start-up
#: costs 10-20 us; measured on 2 cores: 1.3-1.5x at 2 MiB, 1.6-2x from 4 MiB).
PARALLEL_MIN_BYTES = 1 << 21

#: An element of slices read away from their neighbours (the densest axis
#: strided or reversed) costs at least this many bytes of contiguous
#: reading, for the choice of threads (see read_cost): a whole cache line.
#: Measured, serial against parallel on 2 cores at 70K elements: x[:, ::2]
#: rows of 48 float64 41 -> 25 us, x[::3, ::3] axis=1 float32 22 -> 16 us,
#: int8 29 -> 20 us.  At 32 bytes, views of 33-50K elements stayed serial
#: and lost: NumPy / ours at 32 -> 64 bytes, axis=1 of x[:, ::2] (515, 64)
#: float64 0.84 -> 1.05x, x[:, ::4] (781, 64) float64 0.84 -> 1.27x,
#: float32 0.88 -> 1.33x, x[:, ::8] (250, 200) float32 0.74 -> 1.08x,
#: x[:, ::4] (781, 64) int16 1.72 -> 2.37x; x[::2, ::2] of (500, 500)
#: float64 axis=0 1.40 -> 1.84x, axis=1 1.30 -> 1.88x.
STRIDED_ELEMENT_BYTES = 64

#: Rows (a contiguous reduced axis) and a view's lines, scanned one at a time,
#: cost this many times their bytes, for the choice of threads: serially
#: they run at 15-40 GB/s against ~190 GB/s for one contiguous row (in
#: cache).  Measured, serial against 2 threads on 2 cores (us): views
#: (500, 500)[::-1] float32 (1 MB) 24.6 -> 13.8, (2500, 100)[::2] float32
#: (500 KB) 14.7 -> 8.8, (400, 400)[::2, ::2] float32 10.8 -> 6.9; rows
#: (3000, 50) float32 (586 KB) 30.2 -> 17.2, float64 38.2 -> 20.7, (2000,
#: 100) float32 26.3 -> 15.5, (20000, 16) 161 -> 85.  Around 360 KB the
#: gain is lost in taking the threads (1.5 us): (300, 300)[::2] float64
#: 7.4 -> 7.1.  Rows of LONG_ROW_BYTES and more scan at the flat speed and
#: cost what one contiguous row does (FLAT_SCAN_COST): counted by their bytes
#: only, rows of 1-2 MB in all stayed serial, or went to ndarray's method,
#: and lost or tied: NumPy / ours, (20, 50000) int16 0.76 -> 1.05x, (10,
#: 25000) float32 1.00 -> 1.24-1.43x, (8, 16384) float64 1.00 -> 1.26-1.44x.
LINE_SCAN_COST = 4
LONG_ROW_BYTES = 1 << 16


#: One contiguous row (all of a C-contiguous array) costs this many times
#: its bytes, for the choice of threads: threads from 820 KB, where the row
#: outgrows a core's L2 (1 MiB here) and one core reads it from L3 at ~95 GB/s.
#: Measured, serial / 2 threads / NumPy (us): int32 1 MiB 8.9 / 6.3 / 10.6,
#: 1.5 MiB 16.8 / 9.8 / 17.2; float64 1 MiB 9.5 / 7.3 / 13.8; float32 1.5
#: MiB 16.2 / 10.4 / 20.4; but int32 768 KB 5.6 / 6.3 / 7.9.  Through the
#: API, NumPy / serial and NumPy / 2 threads at 600 KB, 800 KB and 1 MB
#: (1e6 bytes): int8 1.18/0.96, 1.14/1.24, 1.07/1.27; float32 1.22/1.16,
#: 1.18/1.23, 1.15/1.61; float64 1.23/0.96, 1.22/1.31, 1.08/1.47.
FLAT_SCAN_COST = 2.5


#: One strided row (1-D ``x[::k]``) costs this many times the bytes of the
#: cache lines it reads, for the choice of threads: one core reads them at
#: about half the speed of a contiguous row, so threads from 1 MiB of lines.
#: Measured, NumPy / serial and NumPy / 2 threads on 2 cores at 512 KB, 1 MiB
#: and 2 MiB of lines: int8 [::5] 1.06/1.81, 1.04/1.83, 1.02/1.90; int16
#: [::8] 1.23/1.66, 1.21/1.81, 1.16/1.86; float32 [::8] 1.34/1.60,
#: 1.30/1.77, 1.25/1.75; float64 [::16] 1.47/1.14, 1.27/1.77, 1.26/1.91;
#: float64 [::64] 1.41/1.16, 1.31/1.21, 1.18/1.35.
STRIDED_ROW_COST = 2


def flat_cost(nbytes):
    """What one contiguous row of ``nbytes`` costs for the choice of threads."""
    return nbytes * FLAT_SCAN_COST


def rows_cost(nbytes, row_bytes):
    """What rows of ``row_bytes`` each, ``nbytes`` in all, cost for the choice of threads."""
    return nbytes * (LINE_SCAN_COST if row_bytes < LONG_ROW_BYTES else FLAT_SCAN_COST)

#: Non-native or unaligned input is converted at most this many bytes at a
#: time (fits L2, so each slab is still in cache when the kernel reads it).
SLAB_BYTES = 1 << 20

# dtype.kind/char -> (view dtype, element kind).  Missing: handed to NumPy.
_PLAIN_CHARS = set("bhilqBHILQfdFD") | {"p", "P"}


def kernels_read(dtype):
    """Whether the kernels handle ``dtype`` (else NumPy's function is used)."""
    return dtype.kind in "bmM" or dtype.char in _PLAIN_CHARS or dtype.char == "e"


class _Memory:
    """An ``__array_interface__`` holder: NumPy keeps it, and the array it
    describes, alive as the base of the array made from it."""

    __slots__ = ("__array_interface__", "_owner")

    def __init__(self, interface, owner):
        self.__array_interface__ = interface
        self._owner = owner


def kernel_base(a):
    """``a`` itself when writable, else the same memory flagged writable.

    Numba compiles every kernel once for writable and once more for
    read-only arrays (a type flag); the kernels never write to their input,
    so read-only input is handed over flagged writable, and each kernel
    compiles once per dtype.  The array never leaves the library.
    """
    if a.flags.writeable:
        return a
    interface = dict(a.__array_interface__)
    interface["data"] = (interface["data"][0], False)  # (address, read-only flag)
    return np.asarray(_Memory(interface, a))


def kernel_view(a):
    """Return ``(view, kind)`` for the kernels, or None if NumPy must do it.

    bool is read as uint8, float16 as its int16 bits, datetime64/timedelta64
    as int64 (NaT is INT64_MIN).  longdouble and non-numeric dtypes (str,
    bytes, object, structured) return None.  Non-native or unaligned ``a`` is
    copied: callers send such input here only when it fits in one slab
    (:func:`_in_slabs`).
    """
    dtype = a.dtype
    char = dtype.char
    if dtype.kind == "b":
        view, kind = a.view(np.uint8), KIND_BOOL
    elif char == "e":
        view, kind = a, KIND_FLOAT16
    elif dtype.kind in "mM":
        view, kind = a, KIND_NAT
    elif char in _PLAIN_CHARS:
        view, kind = a, KIND_PLAIN
    else:
        return None
    if not (dtype.isnative and a.flags.aligned):
        view = view.astype(view.dtype.newbyteorder("="))  # Numba reads native aligned data only
    if kind == KIND_FLOAT16:
        view = view.view(np.int16)
    elif kind == KIND_NAT:
        view = view.view(np.int64)
    return kernel_base(view), kind


def _merge_dims(dims):
    """Merge C-order adjacent ``(size, stride)`` pairs that address like one axis."""
    merged = []
    for size, stride in dims:
        if size == 1:
            continue
        if merged and merged[-1][1] == stride * size:
            prev_size, _ = merged[-1]
            merged[-1] = (prev_size * size, stride)
        else:
            merged.append((size, stride))
    return merged


def read_cost(size, itemsize, step):
    """What reducing ``size`` elements in slices (rows or columns) costs, in
    bytes of contiguous reading, when the densest axis read steps ``step``
    elements: the measure PARALLEL_MIN_BYTES is compared with.  Off a unit
    step the slices are strided or reversed: whole cache lines are read, and
    each short slice's scan or sweep costs more per element than vector
    loads, so at least STRIDED_ELEMENT_BYTES an element.  (One long strided
    row is scanned by vectors: its cost is the cache lines alone.)"""
    if step == 1:
        return size * itemsize
    return size * max(min(abs(step) * itemsize, CACHE_LINE), STRIDED_ELEMENT_BYTES)


class _Threads:
    """The threads a ``with`` block runs its kernel on (0: the serial one);
    a held slot is given back on leaving it.  Immutable, so one object per
    thread count serves every caller."""

    __slots__ = ("nthreads",)

    def __init__(self, nthreads):
        self.nthreads = nthreads

    def __enter__(self):
        return self.nthreads

    def __exit__(self, exc_type, exc, traceback):
        if self.nthreads:
            release_slot()


_SERIAL = _Threads(0)
_HELD = {}


def _parallel_threads(nbytes, parallel):
    """``with _parallel_threads(nbytes, parallel) as nthreads``: 0 for the serial kernel.

    Parallel only for large input on idle cores, and only for the caller that
    holds the process's one parallel slot (see :mod:`numba_argmax._threads`).
    A shared context object, not a generator (1.5 us a call) nor a new
    object (0.15 us more): taking and giving back threads costs ~1 us.
    """
    if parallel and nbytes >= PARALLEL_MIN_BYTES:
        nthreads = acquire_slot()
        if nthreads:
            held = _HELD.get(nthreads)
            if held is None:
                held = _HELD[nthreads] = _Threads(nthreads)
            return held
    return _SERIAL


#: Column steps up to which a sweep reads the columns in between too.
SPREAD_SWEEP_MAX = 4


def _contiguous_base(view):
    """``_flat_base`` for C- or F-contiguous input (None for others), by reshaping."""
    if view.flags.c_contiguous or view.flags.f_contiguous:
        order = "C" if view.flags.c_contiguous else "F"
        strides = tuple(st // view.itemsize for st in view.strides)
        return view.reshape(-1, order=order), 0, strides
    return None


def _flat_base(view):
    """Return ``(base, origin, element_strides)`` addressing ``view``'s memory.

    ``base`` is a 1-D C-contiguous array over the whole memory span of
    ``view`` (no copy; flagged writable, and keeping the memory alive),
    ``origin`` the element offset of ``view[0, ..., 0]`` in it.  None when a
    stride is not a whole number of elements.  One compiled call
    (:func:`~numba_argmax.cpu._kernels.memory_span`).
    """
    base, origin, strides = memory_span(view)
    return None if origin < 0 else (base, origin, strides)


def flat_argreduce(a, is_max, skip_nan):
    """Index into a non-empty C-contiguous ``a`` as a Python int, or None for NumPy.

    The lean path for ``axis=None`` (no shape bookkeeping); -1 means "no
    valid value" for ``skip_nan``.
    """
    if _in_slabs(a):
        return int(_argreduce_in_slabs(a, None, is_max, skip_nan))
    prepared = kernel_view(a)
    if prepared is None:
        return None
    view, kind = prepared
    if kind in (KIND_NAT, KIND_BOOL) or not (view.dtype.kind in "fc" or kind == KIND_FLOAT16):
        skip_nan = False
    kernels = kernels_for(is_max, skip_nan, kind)
    base = view.reshape(-1)
    n = base.shape[0]
    with _parallel_threads(flat_cost(n * base.itemsize), True) as nthreads:
        if nthreads:
            return kernels.row_parallel(base, 0, n, 1, nthreads)
        return kernels.reduce_flat(base, 0, n, 1)


#: The two-stage reduction needs this many elements per candidate.
TWO_STAGE_MIN_RUN = 64


def _two_stage(a, axes, is_max, skip_nan, parallel):
    """Reduce all of a non-C-ordered ``a`` without copying it, or None.

    Stage 1 reduces the axis contiguous in memory (fast kernels, in place):
    one candidate per line, each the smallest logical index of its line's
    best.  Stage 2 is NumPy's own argmax over those candidates sorted by
    logical index, so ties and NaN resolve exactly as on the C-order copy.
    """
    t = a.transpose(axes)  # the index is into these axes flattened in C order
    p = int(NUMPY_ARGMIN([abs(st) if n > 1 else np.inf for n, st in zip(t.shape, t.strides)]))
    if t.shape[p] < TWO_STAGE_MIN_RUN:
        return None
    last = t.ndim - 1
    if p != last and rows_first(t.shape[p], t.shape[last]) and _kept_sweep(t, last):
        # The last axis reduced instead (the kernels sweep the contiguous
        # kept axis in place): its lines' candidates come sorted, see below.
        p = last
    lines = argreduce(t, (p,), is_max, skip_nan, parallel=parallel)
    # -1: a nan-variant's all-NaN line, the only line whose candidate (its
    # element 0) can be NaN: the candidates need NaN filled only then.
    nan_lines = skip_nan and lines.min() < 0
    if nan_lines and lines.max() < 0:
        return np.array(-1, dtype=np.intp)
    best = np.maximum(lines, 0) if nan_lines else lines
    if p == last:
        # The lines are the last axis: line k holds logical indices k*n ...
        # (k+1)*n - 1, so the candidates come sorted (no index arrays, no sort:
        # 100x100 lines of x[:, ::2, ::3] float64: ~330 -> ~200 us around the
        # kernel).  Their values by one fancy index (1000 lines: 6 us,
        # take_along_axis 10 us).
        values = t[(*np.indices(lines.shape, sparse=True), best)].ravel()
        line = first_best(values, is_max, nan_lines)
        index = line * t.shape[p] + int(best.ravel()[line])
        return np.array(index, dtype=np.intp)
    best_in_line = np.expand_dims(best, p)
    values = NUMPY_TAKE_ALONG_AXIS(t, best_in_line, axis=p).ravel()
    coords = list(np.indices(lines.shape, sparse=True))
    coords.insert(p, best_in_line.squeeze(p))
    logical = np.ravel_multi_index(np.broadcast_arrays(*coords), t.shape).ravel()
    return np.array(pick_candidate(logical, values, is_max, nan_lines), dtype=np.intp)


#: axis=None of input whose densest axis is not the last: the last axis is
#: reduced first, leaving one candidate per line in logical order, unless
#: that leaves more than this many times the candidates of reducing the
#: densest axis ((100000, 10) in Fortran order: 10 columns, not 100000
#: rows; (10, 100000): 10 rows, 0.97x -> 13x NumPy).
ROWS_FIRST_MAX_RATIO = 4


def rows_first(densest, last):
    """Whether to reduce the last axis (``last`` long) before the densest (``densest`` long)."""
    return densest <= ROWS_FIRST_MAX_RATIO * last


def _kept_sweep(t, axis):
    """Whether the kernels sweep ``t`` reduced over ``axis``: its last kept axis is unit-strided."""
    kept = [st for ax, (n, st) in enumerate(zip(t.shape, t.strides)) if ax != axis and n > 1]
    return bool(kept) and kept[-1] == t.itemsize


def first_best(values, is_max, skip_nan):
    """The position NumPy's argmax (argmin) picks among candidates in logical order.

    NumPy's own function over the candidates (each the first best of its
    chunk, in the chunks' logical order) resolves ties and NaN/NaT exactly
    as over the whole slice; for ``skip_nan`` a NaN counts as -inf (+inf),
    as NumPy's nanargmax fills it before its argmax.
    """
    if skip_nan and values.dtype.kind in "fc":
        fill = -np.inf if is_max else np.inf
        values = np.where(values != values, values.dtype.type(fill), values)
    return int(NUMPY_ARGMAX(values) if is_max else NUMPY_ARGMIN(values))


def pick_candidate(logical, values, is_max, skip_nan):
    """The flat index NumPy's argmax (argmin) picks among chunk candidates.

    Each chunk of a reduced slice hands in one candidate: the first (in
    logical order) of its best elements, with its flat C-order index
    ``logical`` in the slice and its value, in any order; see
    :func:`first_best`.
    """
    order = np.argsort(logical, kind="stable")
    return int(logical[order][first_best(values[order], is_max, skip_nan)])


# --- non-native and unaligned input: converted in bounded slabs --------------


def _slab_size(dtype):
    """Elements of ``dtype`` per slab (at least one)."""
    return max(1, SLAB_BYTES // dtype.itemsize)


def _in_slabs(a):
    """Whether ``a`` is converted slab by slab: unreadable by Numba in place, above a slab."""
    return (
        not (a.dtype.isnative and a.flags.aligned)
        and a.size > _slab_size(a.dtype)
        and kernels_read(a.dtype)
    )


def _boxes(shape, strides, limit):
    """Split ``shape`` into boxes (tuples of slices) of at most ``limit`` elements.

    Boxes follow memory order, so each is read as a few long runs: the axes
    innermost in memory are taken whole, the next one is cut into runs, the
    outer ones go one index at a time.  Each box but the last of a run holds
    more than ``limit / 2`` elements.  ``limit`` is at least 1.
    """
    ndim = len(shape)
    order = sorted(range(ndim), key=lambda d: abs(strides[d]), reverse=True)
    inner, k = 1, ndim
    while k and inner * shape[order[k - 1]] <= limit:
        k -= 1
        inner *= shape[order[k]]
    if not k:
        yield (slice(None),) * ndim
        return
    cut, outer = order[k - 1], order[: k - 1]
    run = limit // inner
    box = [slice(None)] * ndim
    for index in np.ndindex(*(shape[d] for d in outer)):
        for d, i in zip(outer, index):
            box[d] = slice(i, i + 1)
        for start in range(0, shape[cut], run):
            box[cut] = slice(start, start + run)
            yield tuple(box)


def _native_copy(part, buffer):
    """``part`` converted to native, aligned data in ``buffer``, in its memory order.

    Keeping the memory order reads ``part`` sequentially; the kernels read
    any layout.  (Laying a Fortran-ordered box out in C order instead, for a
    flat reduction, measured slower: the transposing copy reads memory
    scattered.)
    """
    if part.flags.c_contiguous:
        native = buffer[: part.size].reshape(part.shape)
    else:
        order = sorted(range(part.ndim), key=lambda d: abs(part.strides[d]), reverse=True)
        native = buffer[: part.size].reshape([part.shape[d] for d in order])
        native = native.transpose(np.argsort(order))
    np.copyto(native, part)
    return native


def _argreduce_in_slabs(a, axes, is_max, skip_nan):
    """:func:`argreduce` of a large non-native or unaligned ``a``, without copying it.

    Numba reads native, aligned memory only, and converting all of ``a`` at
    once would double the memory a large input takes.  Instead each slab of
    at most :data:`SLAB_BYTES` is converted into one reused buffer and
    reduced there by the kernels (serially: a slab is below the parallel
    size).  When a whole reduced slice fits in a slab, slabs are groups of
    kept positions and their results are final; otherwise each reduced slice
    is cut into slabs whose candidates are merged (:func:`_argreduce_slice`).
    """
    if axes is None:
        axes = tuple(range(a.ndim))
    limit = _slab_size(a.dtype)
    buffer = np.empty(limit, a.dtype.newbyteorder("="))
    kept = [ax for ax in range(a.ndim) if ax not in axes]
    kept_shape = tuple(a.shape[ax] for ax in kept)
    reduced_size = math.prod(a.shape[ax] for ax in axes)
    result = np.empty(kept_shape, dtype=np.intp)
    index = [slice(None)] * a.ndim
    if reduced_size <= limit:
        kept_strides = [a.strides[ax] for ax in kept]
        for box in _boxes(kept_shape, kept_strides, limit // reduced_size):
            for ax, part in zip(kept, box):
                index[ax] = part
            native = _native_copy(a[tuple(index)], buffer)
            result[box] = argreduce(native, axes, is_max, skip_nan, parallel=False)
        return result
    ascending = sorted(axes)
    to_logical = [ascending.index(ax) for ax in axes]  # the index runs over axes as given
    for position in np.ndindex(*kept_shape):
        for ax, i in zip(kept, position):
            index[ax] = i
        reduced_slice = a[tuple(index)].transpose(to_logical)
        result[position] = _argreduce_slice(reduced_slice, is_max, skip_nan, buffer)
    return result


def _argreduce_slice(s, is_max, skip_nan, buffer):
    """Flat C-order index of the max (min) of all of ``s``, one slab at a time.

    Each slab is a box of ``s`` converted into ``buffer``.  A box's own C
    order visits its elements in ``s``'s C order, so the index the kernels
    return for a box is its first best element in ``s``: the box's candidate.
    :func:`pick_candidate` merges the candidates as NumPy would.  -1 if
    ``skip_nan`` and ``s`` holds only NaN.
    """
    logical, values, valid = [], [], False
    for box in _boxes(s.shape, s.strides, buffer.shape[0]):
        native = _native_copy(s[box], buffer)
        local = int(argreduce(native, None, is_max, skip_nan, parallel=False))
        valid = valid or local >= 0
        coords = NUMPY_UNRAVEL_INDEX(max(local, 0), native.shape)  # all-NaN box: a NaN
        values.append(native[coords])
        index = 0  # the candidate's flat C-order index in s
        for part, c, n in zip(box, coords, s.shape):
            index = index * n + (part.start or 0) + int(c)
        logical.append(index)
    if skip_nan and not valid:
        return -1
    values = np.array(values, dtype=buffer.dtype)
    return pick_candidate(np.array(logical, dtype=np.intp), values, is_max, skip_nan)


def reduce_rows(kernels, base, start, outer, n, inner, so, sn, si, out2, nthreads):
    """``out2[o, i]`` = the index of the best of ``base[start + o*so + i*si + j*sn]``, j < n.

    Serial (``nthreads`` 0) or the parallel kernel of the shape the serial
    one would take (see reduce_3d): column tiles swept, rows split among
    threads, or a few long rows each split.  Short columns in narrow tiles
    are not swept: (100000, 3, 3) axis=1, swept as 100000 tiles of 3 columns,
    ran at 0.45x NumPy.
    """
    if not nthreads:
        kernels.reduce_3d(base, start, outer, n, inner, so, sn, si, out2)
    elif si == 1 and inner > 1 and sn != 1 and not narrow_columns(n, sn, inner, base.itemsize):
        kernels.sweep_parallel(base, start, outer, n, inner, so, sn, out2, nthreads)
    elif outer * inner >= nthreads or not sn:
        kernels.rows_parallel(base, start, outer, n, inner, so, sn, si, out2, nthreads)
    else:  # a few long rows: split each one
        for o in range(outer):
            for i in range(inner):
                out2[o, i] = kernels.row_parallel(base, start + o * so + i * si, n, sn, nthreads)


def argreduce(a, axes, is_max, skip_nan, *, parallel=True):
    """Index of the max (min) of ``a`` over ``axes``, as an intp array.

    ``axes`` is None or a tuple of distinct non-negative axes; the reduced
    size must be positive.  Returns an array of the kept shape, with -1 where
    a ``skip_nan`` slice holds only NaN, or None when the dtype is handed to
    NumPy.  ``parallel=False`` keeps to the serial kernels (e.g. inside a
    dask task, which already runs one per core).
    """
    if _in_slabs(a):
        return _argreduce_in_slabs(a, axes, is_max, skip_nan)
    prepared = kernel_view(a)
    if prepared is None:
        return None
    view, kind = prepared
    if kind in (KIND_NAT, KIND_BOOL) or not (view.dtype.kind in "fc" or kind == KIND_FLOAT16):
        skip_nan = False  # nan-variants skip NaN only; integers and NaT behave as argmax
    kernels = kernels_for(is_max, skip_nan, kind)
    if view.flags.c_contiguous and (axes is None or axes == tuple(range(a.ndim))):
        # The commonest call: the whole of a C-contiguous array, memory order.
        n = view.size
        base = view.reshape(-1)
        with _parallel_threads(flat_cost(n * base.itemsize), parallel) as nthreads:
            if nthreads:
                return np.array(kernels.row_parallel(base, 0, n, 1, nthreads), dtype=np.intp)
            return np.array(kernels.reduce_flat(base, 0, n, 1), dtype=np.intp)
    if axes is None:
        axes = tuple(range(a.ndim))
    if view.size == 0:  # the reduced size is positive, so a kept axis is empty
        return np.empty(tuple(n for ax, n in enumerate(a.shape) if ax not in axes), np.intp)
    flat = _contiguous_base(view) or _flat_base(view)
    if flat is None:  # odd strides (e.g. a complex view of floats): one copy
        view = view.copy()
        flat = _contiguous_base(view)
    base, origin, estrides = flat

    reduced = _merge_dims([(view.shape[ax], estrides[ax]) for ax in axes])
    kept_axes = [ax for ax in range(a.ndim) if ax not in axes]
    kept_shape = tuple(view.shape[ax] for ax in kept_axes)
    if len(reduced) > 1 and not kept_axes:
        two_stage = _two_stage(a, axes, is_max, skip_nan, parallel)
        if two_stage is not None:
            return two_stage
    if len(reduced) > 1:
        # Reduced axes that cannot address like one: gather them (one copy).
        moved = np.moveaxis(view, axes, range(a.ndim - len(axes), a.ndim))
        view = np.ascontiguousarray(moved.reshape(kept_shape + (-1,)))
        base, origin, estrides = _contiguous_base(view)
        kept_axes = list(range(len(kept_shape)))
        reduced = _merge_dims([(view.shape[-1], estrides[-1])])
    n, sn = reduced[0] if reduced else (1, 1)

    if not kept_shape:
        with _parallel_threads(n * base.itemsize if sn else 0, parallel) as nthreads:
            if nthreads:
                return np.array(kernels.row_parallel(base, origin, n, sn, nthreads), dtype=np.intp)
            return np.array(kernels.reduce_flat(base, origin, n, sn), dtype=np.intp)

    kept = [(view.shape[ax], estrides[ax]) for ax in kept_axes]
    return reduce_kept(kernels, base, origin, n, sn, kept, parallel)


def reduce_kept(kernels, base, origin, n, sn, kept, parallel):
    """The index array of the slices ``base[origin + ... + j*sn]`` (j < n), of
    the shape of the kept axes ``kept`` (``(extent, element stride)`` pairs,
    in order; at least one, none empty); on threads where they pay."""
    # Plain loops, no generator expressions: a small view's call (NumPy 3-10
    # us) paid 2.5 us of Python here around the kernel.
    size, densest = n, abs(sn) if n > 1 and sn else 0
    shape = []
    for extent, stride in kept:
        size *= extent
        shape.append(extent)
        if extent > 1 and stride and (not densest or abs(stride) < densest):
            densest = abs(stride)
    nbytes = read_cost(size, base.itemsize, densest or 1)
    if abs(sn) == 1 and n > 1:  # rows scanned one at a time (no sweep reads them)
        nbytes = rows_cost(nbytes, n * base.itemsize)
    groups = _merge_dims(kept)
    while len(groups) < 2:
        groups.insert(0, (1, 0))
    *lead, (outer, so), (inner, si) = groups
    result = np.empty(shape, dtype=np.intp)
    # Every 2nd-4th element of rows far apart (axis=0 of x[::2, ::2]):
    # sweep every column in between, reading the rows in memory order, and
    # keep the wanted ones (column by column, each strided scan jumps a row
    # per element).  Columns running backwards (axis=0 of x[:, ::-1]) are
    # swept forwards from the last one, the result read back reversed: the
    # sweep needs ascending columns, and scanning each column alone ran at
    # 1.3x NumPy ((100, 10000) float64).
    sweeps = inner > 1 and n > 1 and sn not in (0, 1)
    flip = sweeps and -SPREAD_SWEEP_MAX <= si <= -1 and abs(sn) > 1
    spread = abs(si) if flip or (sweeps and 2 <= si <= SPREAD_SWEEP_MAX) else 1
    swept_columns = None  # the kept columns among those swept (None: no sweep buffer)
    if spread > 1 or flip:
        swept_columns = slice(None, None, -spread if flip else spread)
        if flip:
            origin += (inner - 1) * si  # the last column: the lowest in memory
        inner, si = (inner - 1) * spread + 1, 1
        swept = np.empty((outer, inner), dtype=np.intp)
    if not lead:
        out2 = result.reshape(outer, -1) if swept_columns is None else swept
        if nbytes < PARALLEL_MIN_BYTES or not parallel:  # no thread slot to take
            kernels.reduce_3d(base, origin, outer, n, inner, so, sn, si, out2)
        else:
            with _parallel_threads(nbytes, parallel) as nthreads:
                reduce_rows(kernels, base, origin, outer, n, inner, so, sn, si, out2, nthreads)
        if swept_columns is not None:
            result.reshape(outer, -1)[...] = swept[:, swept_columns]
        return result
    result_groups = result.reshape([extent for extent, _ in lead] + [outer, inner])
    with _parallel_threads(nbytes, parallel) as nthreads:
        # itertools.product, not np.ndindex: 1.5 us less per call.
        for index in itertools.product(*[range(extent) for extent, _ in lead]):
            start = origin
            for i, (_, stride) in zip(index, lead):
                start += i * stride
            out2 = result_groups[index]
            if swept_columns is not None:
                wanted, out2 = out2, swept
            reduce_rows(kernels, base, start, outer, n, inner, so, sn, si, out2, nthreads)
            if swept_columns is not None:
                wanted[...] = swept[:, swept_columns]
    return result
