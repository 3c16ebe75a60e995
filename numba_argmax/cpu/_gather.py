"""take_along_axis and unravel_index on Numba kernels, NumPy's results and errors.

The drivers here accept only what they can answer exactly (plain aligned
ndarrays, integer indices, well-formed shapes) and hand everything else to
NumPy's own function, which then returns or raises exactly as NumPy does.
The kernels report out-of-bounds indices instead of raising, so NumPy can
raise its own message for them too.

take_along_axis copies elements as raw bits (an unsigned integer of the
item size, or complex128 for 16-byte items), so one compiled kernel serves
every dtype of that size.  The operands are viewed as 3-D ``(outer, m,
inner)`` arrays, broadcast dimensions get stride 0, and no data is copied.
"""

import math
import operator

import numpy as np
from numba import njit, prange
from numpy.lib.stride_tricks import as_strided

from .._jit import jit_cached
from .._originals import NUMPY_TAKE_ALONG_AXIS, NUMPY_UNRAVEL_INDEX
from .._threads import parallel_slot

#: Below this many output elements the serial kernels win (thread start-up).
PARALLEL_MIN_SIZE = 1 << 16

#: take_along_axis gathers fewer indices than this by NumPy's fancy
#: indexing (NumPy's own function's, without its checks: see _fancy_take;
#: NumPy's set-up costs ~4 us, ours ~7 us), and indices of up to
#: NUMPY_SERIAL_MAX_NDIM dimensions unless the kernel runs on threads:
#: NumPy gathers those with two index arrays as fast as our serial kernel
#: (~4-5 ns an element: the rows' cache misses), but slows down with more
#: (6-10 ns: 3.4x ours for (8, 21, 64, 64) float32, axis=1).  Measured,
#: NumPy / ours with the kernel: (100, 10) axis=1 0.51x, (10000, 100)
#: 0.75x, top-5 of (10000, 100) 0.71x; (100000, 10) on two threads 1.76x.
NUMPY_MAX_INDICES = 512
NUMPY_SERIAL_MAX_NDIM = 2

_INTP_MAX = np.iinfo(np.intp).max
_BITS_BY_ITEMSIZE = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64, 16: np.complex128}


# --- kernels ----------------------------------------------------------------


@njit(inline="always")
def take_row(src, idx, dst):
    """``dst[j] = src[idx[j]]`` with NumPy's negative wrap; returns the bad-index count."""
    m = src.shape[0]
    bad = 0
    for j in range(idx.shape[0]):
        k = np.intp(idx[j])  # uint64 wraps like NumPy's same_kind cast to intp
        if k < 0:
            k += m
        if k < 0 or k >= m:
            bad += 1
        else:
            dst[j] = src[k]
    return bad


@njit(inline="always")
def unravel_one(v, dims, coords, p, f_order):
    """Write the coordinates of flat index ``v`` into ``coords[:, p]``."""
    nd = dims.shape[0]
    if f_order:
        for d in range(nd):
            coords[d, p] = v % dims[d]
            v //= dims[d]
    else:
        for d in range(nd - 1, -1, -1):
            coords[d, p] = v % dims[d]
            v //= dims[d]


def _serial_and_parallel(func):
    """Compile ``func`` twice: serial, and with its ``prange`` loop on threads.

    Each gets its own qualified name so both are cached on disk.
    """
    compiled = []
    for parallel in (False, True):
        clone = type(func)(func.__code__, func.__globals__, func.__name__)
        clone.__qualname__ = clone.__name__ = func.__name__ + ("_parallel" if parallel else "")
        clone.__doc__ = func.__doc__
        compiled.append(jit_cached(clone, nogil=True, parallel=parallel))
    return compiled


#: Runs of (o, j) units per call of _take_3d: enough for the threads to
#: share them evenly, few enough that their set-up is not felt.
TAKE_CHUNKS = 64


def _take_3d(src3, idx3, dst3):
    """``dst3[o, j, i] = src3[o, idx3[o, j, i], i]``; returns the bad-index count."""
    nj = dst3.shape[1]
    m = src3.shape[1]
    units = dst3.shape[0] * nj
    chunks = min(units, TAKE_CHUNKS)
    bad = 0
    for c in prange(chunks):
        # (o, j) stepped along the chunk's run of units: one division per
        # chunk, not per unit (10000 rows of one index each: 70 -> 20 us).
        lo = units * c // chunks
        hi = units * (c + 1) // chunks
        o = lo // nj
        j = lo - o * nj
        for _ in range(lo, hi):
            for i in range(dst3.shape[2]):
                k = np.intp(idx3[o, j, i])  # uint64 wraps like NumPy's same_kind cast
                if k < 0:
                    k += m
                if k < 0 or k >= m:
                    bad += 1
                else:
                    dst3[o, j, i] = src3[o, k, i]
            j += 1
            if j == nj:
                j = 0
                o += 1
    return bad


def _unravel(flat, dims, size, coords, f_order):
    """Coordinates of each flat index into ``coords`` (ndim, n); returns the bad count."""
    bad = 0
    for p in prange(flat.shape[0]):
        v = flat[p]
        if v < 0 or v >= size:
            bad += 1
        else:
            unravel_one(v, dims, coords, p, f_order)
    return bad


take_3d, take_3d_parallel = _serial_and_parallel(_take_3d)
unravel_parallel = _serial_and_parallel(_unravel)[1]  # (on one thread: NumPy's own loop)


# --- take_along_axis driver -------------------------------------------------


def _bits_view(arr):
    """``arr`` viewed as raw bits of its item size, or None if the kernel cannot read it."""
    dtype = arr.dtype
    bits = _BITS_BY_ITEMSIZE.get(dtype.itemsize)
    if bits is None or dtype.hasobject or not arr.flags.aligned:
        return None
    view = arr.view(bits)
    return view if view.flags.aligned else None


def _merge_joint(sizes, stride_lists):
    """Merge adjacent dims that address like one in *every* operand.

    Returns ``(sizes, [strides per operand])`` of the merged groups.
    """
    merged_sizes = []
    merged = [[] for _ in stride_lists]
    for d, size in enumerate(sizes):
        if size == 1:
            continue
        if merged_sizes and all(
            m[-1] == strides[d] * size for m, strides in zip(merged, stride_lists)
        ):
            merged_sizes[-1] *= size
            for m, strides in zip(merged, stride_lists):
                m[-1] = strides[d]
        else:
            merged_sizes.append(size)
            for m, strides in zip(merged, stride_lists):
                m.append(strides[d])
    return merged_sizes, merged


def _broadcast_dim(n_arr, n_idx):
    """NumPy's broadcast of one non-axis dimension, or None if they do not broadcast."""
    if n_arr == n_idx or n_idx == 1:
        return n_arr
    if n_arr == 1:
        return n_idx
    return None


def take_along_axis(arr, indices, axis):
    """NumPy's ``take_along_axis`` for a plain ndarray ``arr``; odd inputs go to NumPy."""
    # The checks NumPy makes (and their order) decide the error; leave them to it.
    if (
        type(indices) is not np.ndarray
        or indices.dtype.kind not in "iu"
        or not indices.flags.aligned
        or indices.dtype.byteorder not in "=|"
    ):
        return NUMPY_TAKE_ALONG_AXIS(arr, indices, axis)
    numpys = by_fancy_indexing(indices.size, indices.ndim)
    if numpys and type(axis) is int and -arr.ndim <= axis < arr.ndim == indices.ndim:
        return _fancy_take(arr, indices, axis % arr.ndim)
    if numpys and axis is None and indices.ndim == 1:
        return arr.reshape(-1)[indices]  # NumPy's: np.array(arr.flat)[indices]
    if numpys:
        return NUMPY_TAKE_ALONG_AXIS(arr, indices, axis)
    axis_arg, src = axis, arr
    if axis is None:
        if indices.ndim != 1:
            return NUMPY_TAKE_ALONG_AXIS(arr, indices, axis_arg)
        src = arr.reshape(-1)  # C order, a view when the layout allows
        axis = 0
    elif not isinstance(axis, (int, np.integer)) or isinstance(axis, (bool, np.bool_)):
        return NUMPY_TAKE_ALONG_AXIS(arr, indices, axis_arg)
    elif not -arr.ndim <= axis < arr.ndim or indices.ndim != arr.ndim:
        return NUMPY_TAKE_ALONG_AXIS(arr, indices, axis_arg)
    axis = int(axis) % src.ndim
    bits = _bits_view(src)
    if bits is None:
        return NUMPY_TAKE_ALONG_AXIS(arr, indices, axis_arg)
    if indices.dtype != np.intp:
        # NumPy's indexing casts to intp too (same_kind: uint64 wraps); one
        # index type keeps the number of compiled kernels small.
        indices = indices.astype(np.intp, casting="same_kind")

    shape = []
    for d, (n_arr, n_idx) in enumerate(zip(src.shape, indices.shape)):
        n = n_idx if d == axis else _broadcast_dim(n_arr, n_idx)
        if n is None:
            return NUMPY_TAKE_ALONG_AXIS(arr, indices, axis_arg)  # NumPy's IndexError
        shape.append(n)
    shape = tuple(shape)
    out = np.empty(shape, dtype=bits.dtype)
    if out.size == 0:
        return out.view(src.dtype)

    with parallel_slot(out.size >= PARALLEL_MIN_SIZE) as nthreads:
        if not nthreads and indices.ndim <= NUMPY_SERIAL_MAX_NDIM:  # see NUMPY_MAX_INDICES
            return _fancy_take(arr, indices, axis) if axis_arg is not None else (
                NUMPY_TAKE_ALONG_AXIS(arr, indices, axis_arg))
        if (
            bits.flags.c_contiguous
            and indices.flags.c_contiguous
            and indices.shape == shape == _with_axis(src.shape, axis, shape[axis])
        ):
            # The common call (indices of arr's shape but along the axis, both
            # C order: argmax's keepdims result): 3-D views by reshaping, 3x
            # less Python than as_strided (100x10 float64: 23 -> 7 us).
            views = _reshaped_3d((bits, indices, out), shape, axis, src.shape[axis])
            lead_sizes = ()
        else:
            views, lead_sizes = _strided_3d(bits, indices, out, shape, axis)
        kernel = take_3d_parallel if nthreads else take_3d
        if not lead_sizes:
            bad_index = kernel(*views)
        else:
            bad_index = any(
                kernel(*(view[pos] for view in views)) for pos in np.ndindex(*lead_sizes)
            )
    if bad_index:
        return NUMPY_TAKE_ALONG_AXIS(arr, indices, axis_arg)  # NumPy's IndexError
    return out.view(src.dtype)


def by_fancy_indexing(size, ndim):
    """Whether ``size`` indices of ``ndim`` dimensions are gathered by NumPy's
    fancy indexing (see NUMPY_MAX_INDICES), not by the kernel."""
    return size < NUMPY_MAX_INDICES or (ndim <= NUMPY_SERIAL_MAX_NDIM and size < PARALLEL_MIN_SIZE)


def along_axis_index(shape, indices, axis):
    """The fancy index taking integer ``indices`` along ``axis`` (normalised)
    of an array of ``shape``: an arange along every other axis, shaped to
    broadcast against ``indices``, which have ``len(shape)`` dimensions
    (take_along_axis's) or one fewer (the kept ones: an argmax's result)."""
    ndim = indices.ndim
    index = []
    for dim, n in enumerate(shape):
        if dim == axis:
            index.append(indices)
            continue
        k = dim - 1 if ndim < len(shape) and dim > axis else dim  # its place among indices' dims
        index.append(np.arange(n).reshape((1,) * k + (n,) + (1,) * (ndim - k - 1)))
    return tuple(index)


def _fancy_take(arr, indices, axis):
    """NumPy's take_along_axis for integer ndarray ``indices`` of ``arr``'s
    ndim and a normalised int ``axis``: its fancy index, without its
    checks, which the caller made (1 us of its 4 us on small input).  The
    indexing raises NumPy's errors."""
    return arr[along_axis_index(arr.shape, indices, axis)]


def _with_axis(shape, axis, n):
    """``shape`` with ``n`` along ``axis``."""
    return shape[:axis] + (n,) + shape[axis + 1 :]


def _reshaped_3d(operands, shape, axis, m):
    """The C-contiguous ``(bits, indices, out)`` as ``(outer, axis, inner)``
    views (of ``m`` along the axis for ``bits``); the inputs read-only, as
    _strided_3d's (one compiled kernel for both)."""
    outer = math.prod(shape[:axis])
    inner = math.prod(shape[axis + 1 :])
    views = []
    for k, x in enumerate(operands):
        view = x.reshape(outer, m if k == 0 else shape[axis], inner)
        if k < 2:
            view.flags.writeable = False
        views.append(view)
    return views


def _strided_3d(bits, indices, out, shape, axis):
    """``(views, lead_sizes)``: the operands as ``(lead..., outer, axis,
    inner)`` views, broadcast dimensions with stride 0, dimensions that
    address like one in all three merged."""

    def strides_of(x):
        return [0 if x.shape[d] == 1 and d != axis else x.strides[d] for d in range(x.ndim)]

    operands = [strides_of(bits), strides_of(indices), list(out.strides)]
    before_sizes, before_strides = _merge_joint(shape[:axis], [s[:axis] for s in operands])
    after_sizes, after_strides = _merge_joint(shape[axis + 1 :], [s[axis + 1 :] for s in operands])
    # The view is (lead..., outer, axis, inner): the last merged group before
    # the axis is `outer`, the last after it `inner`; any other groups lead
    # (their order in the view does not matter, every operand uses the same).
    if not before_sizes:
        before_sizes, before_strides = [1], [[0], [0], [0]]
    if not after_sizes:
        after_sizes, after_strides = [1], [[0], [0], [0]]
    lead_sizes = tuple(before_sizes[:-1] + after_sizes[:-1])
    axis_sizes = (bits.shape[axis], shape[axis], shape[axis])
    views = []
    for k, (x, axis_size) in enumerate(zip((bits, indices, out), axis_sizes)):
        strides = before_strides[k][:-1] + after_strides[k][:-1]
        strides += [before_strides[k][-1], operands[k][axis], after_strides[k][-1]]
        shape3 = lead_sizes + (before_sizes[-1], axis_size, after_sizes[-1])
        views.append(as_strided(x, shape=shape3, strides=tuple(strides), writeable=k == 2))
    return views, lead_sizes


# --- unravel_index driver ---------------------------------------------------


def _as_dims(shape):
    """``shape`` as a tuple of non-negative ints with an intp-sized product, or None."""
    try:
        dims = (_operator_index(shape),) if not hasattr(shape, "__len__") else shape
        dims = tuple(_operator_index(d) for d in dims)
    except TypeError:
        return None
    size = 1
    for d in dims:
        if d < 0:
            return None
        size *= d
    if size > _INTP_MAX:
        return None
    return dims


def _operator_index(x):
    if isinstance(x, (bool, np.bool_)):
        raise TypeError("bool is not a dimension")  # delegated: NumPy decides
    return operator.index(x)


_ORDERS = {"C": False, "c": False, None: False, "F": True, "f": True}


def unravel_index(indices, shape, order):
    """NumPy's ``unravel_index`` for an integer or bool ndarray; odd inputs go to NumPy."""
    if type(indices) is not np.ndarray or indices.size < PARALLEL_MIN_SIZE:
        # NumPy's C loop: as fast as our serial kernel, without our set-up
        # (a scalar index: 0.9 us, our dispatch 8 us before).
        return NUMPY_UNRAVEL_INDEX(indices, shape, order=order)
    dims = _as_dims(shape)
    if (
        dims is None
        or not dims
        or not isinstance(order, (str, type(None)))
        or order not in _ORDERS
        or indices.dtype.kind not in "iub"
    ):
        return NUMPY_UNRAVEL_INDEX(indices, shape, order=order)
    flat = np.ravel(indices).astype(np.intp, casting="same_kind", copy=False)
    if not flat.flags.c_contiguous:
        flat = np.ascontiguousarray(flat)
    size = 1
    for d in dims:
        size *= d
    coords = np.empty((len(dims), flat.size), dtype=np.intp)
    with parallel_slot(True) as nthreads:
        if not nthreads:  # (a busy machine) one thread: NumPy's loop is as fast
            return NUMPY_UNRAVEL_INDEX(indices, shape, order=order)
        kernel = unravel_parallel
        bad_index = kernel(flat, np.array(dims, dtype=np.intp), size, coords, _ORDERS[order])
    if bad_index:
        return NUMPY_UNRAVEL_INDEX(indices, shape, order=order)  # NumPy's ValueError
    if indices.ndim == 0:
        return tuple(c[0] for c in coords)
    return tuple(c.reshape(indices.shape) for c in coords)
