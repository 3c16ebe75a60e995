"""CUDA kernels for argmax, argmin, nanargmax and nanargmin (numba.cuda).

Every reduction is a strided ``(outer, n, inner)`` problem over a flat 1-D view
of the input's memory (``base`` offset and element strides ``so``, ``sn``,
``si``), exactly like the CPU driver, so one kernel serves every layout and
ndim.  Each output ("row") is one ``(o, i)`` pair; ``nrows = outer * inner``.

Design (chosen over the alternative in the issue, and why):

* One reduction path for every dtype, built on a *state* ``(key, index,
  flag)`` and one symmetric comparator :func:`better`: NaN (``flag``) beats
  every number, otherwise the better key wins, ties go to the smaller index.
  Because the comparator is a strict total order on states with distinct
  indices, *any* reduction tree (thread scan, warp shuffles, shared-memory
  block step, cross-block merge) yields NumPy's answer: first occurrence on
  ties, first NaN/NaT, ``-0.0 == +0.0``, lexicographic complex.  The
  nan-variants replace NaN by ``-inf`` (``+inf``) before comparing and OR a
  "saw a valid value" flag instead, which is NumPy's replace-then-argmax.
  The alternative -- packing an order-preserving 32-bit key with the inverted
  index into one int64 for ``cuda.atomic.max`` -- only covers dtypes of at
  most 32 bits, caps the index at 2**32 and needs a separate NaN story, so
  we keep the single path: its cross-block step touches a few bytes per
  block, which costs nothing next to reading the input.
* Every thread's scan (:func:`scan`, shared by the three kernels) loads a
  group of elements (8 of up to 4 bytes, else 4) before comparing any, and
  folds them with strict comparisons in index order: a load-compare loop
  keeps one load in flight per thread and left the GPU waiting on memory
  (1e8 float32 on an H100: 164 us now, 74% of the DRAM peak and 83% of
  its copy bandwidth).
* :func:`rows_block_kernel`: a block per (row, segment).  Threads stride over
  the segment, then warp shuffles (``shfl_down_sync``) and one shared-memory
  step reduce the block.  When a row is split into several segments, each
  block writes its partial state, fences, and takes a ticket from a per-row
  counter; the last block of the row merges the partials in the same launch
  ("last block done") and resets the counter, so the cached workspace stays
  zeroed.  A full reduction (``axis=None``) is one row split over the grid.
* :func:`rows_warp_kernel`: a warp per row, for many medium rows whose
  reduced axis is the contiguous one (lanes read consecutive elements).
* :func:`columns_kernel`: a thread per output when the reduced axis is
  strided and the kept one contiguous, so a warp reads 32 adjacent elements
  per step (coalesced), and for rows too short to keep a warp busy.  With
  few outputs the reduced axis is split over blocks merged with the same
  last-block-done scheme.

Indices and offsets are int64 everywhere (inputs beyond 2**31 elements).
Keys: bool is read as uint8, float16 as its int16 bits mapped to an
order-preserving int16 key (``-0.0`` and ``+0.0`` share key 0),
datetime64/timedelta64 as int64 with NaT (INT64_MIN) as their NaN.  Warp
shuffles move 32/64-bit words only, so small keys are widened, uint64 is
moved as its int64 bits and complex as two shuffles.

Kernels are built per (operation, key dtype) by :func:`kernels_for` and
compiled lazily per argument types by numba.cuda.  Under the CUDA simulator
the very same Python functions run (see :mod:`numba_argmax.cuda._sim` for
the warp shuffle it lacks).
"""

import numpy as np
from numba import cuda, types
from numba.np.numpy_support import from_dtype

try:
    from numba.cuda.core import config  # numba-cuda
except ImportError:  # numba's deprecated built-in numba.cuda
    from numba.core import config

#: Device functions are inlined by LLVM (cheap to compile, unlike Numba-IR
#: inlining); the simulator's jit knows no such option.
device_function = (
    cuda.jit(device=True) if config.ENABLE_CUDASIM else cuda.jit(device=True, forceinline=True)
)

#: Index of an empty state (a thread or lane that saw no element).
EMPTY = np.int64(np.iinfo(np.int64).max)
#: All 32 lanes take part in every shuffle.
FULL_MASK = 0xFFFFFFFF
#: Shared scratch holds one state per warp: at most 1024 / 32 warps.
MAX_WARPS = 32

KIND_PLAIN, KIND_FLOAT16, KIND_NAT = 0, 1, 2

_INT64_MIN = np.int64(np.iinfo(np.int64).min)
_F16_INF_BITS = 0x7C00


# --- element keys -----------------------------------------------------------


@device_function
def key_plain(x):
    return x


@device_function
def key_float16(bits):
    # Non-negative floats keep their bits; negative ones become minus their
    # magnitude, so the int16 order is the float order and -0.0 == +0.0.
    if bits >= 0:
        return bits
    return np.int16(-(bits & 0x7FFF))


@device_function
def isnan_plain(x):
    return x != x  # floats and complex (either part); never true for integers


@device_function
def isnan_float16(bits):
    return (bits & 0x7FFF) > _F16_INF_BITS


@device_function
def isnan_nat(x):
    return x == _INT64_MIN


@device_function
def greater_real(a, b):
    return a > b


@device_function
def greater_complex(a, b):
    return a.real > b.real or (a.real == b.real and a.imag > b.imag)


# --- warp shuffles by key dtype ---------------------------------------------


@device_function
def shfl_word(v, delta):
    return cuda.shfl_down_sync(FULL_MASK, v, delta)


def _shfl_cast(wide, narrow):
    @device_function
    def shfl(v, delta):
        return narrow(cuda.shfl_down_sync(FULL_MASK, wide(v), delta))

    return shfl


def _shfl_complex(part, whole):
    @device_function
    def shfl(v, delta):
        re = cuda.shfl_down_sync(FULL_MASK, part(v.real), delta)
        im = cuda.shfl_down_sync(FULL_MASK, part(v.imag), delta)
        return whole(complex(re, im))

    return shfl


def _shuffle_for(key_dtype):
    """A shuffle-down for keys of ``key_dtype`` (hardware moves 32/64-bit words)."""
    key_dtype = np.dtype(key_dtype)
    if key_dtype.kind == "c":
        part = np.float32 if key_dtype.itemsize == 8 else np.float64
        return _shfl_complex(part, key_dtype.type)
    if key_dtype in (np.dtype(np.int32), np.dtype(np.int64)) or key_dtype.kind == "f":
        return shfl_word
    if key_dtype.itemsize <= 2:
        return _shfl_cast(np.int32, key_dtype.type)
    return _shfl_cast(np.int64, key_dtype.type)  # uint32; uint64 moves its int64 bits


# --- kernel factory ---------------------------------------------------------

_BUILT = {}


def key_dtype_for(view_dtype, kind):
    """The dtype of the comparison key of elements read as ``view_dtype``."""
    return np.dtype(np.int16) if kind == KIND_FLOAT16 else np.dtype(view_dtype)


def kernels_for(is_max, skip_nan, kind, view_dtype):
    """The reduction kernels for one operation and element dtype (memoised).

    ``view_dtype`` is the dtype the kernels read (uint8 for bool, int16 for
    float16 bits, int64 for datetimes).  ``skip_nan`` must already be False
    for dtypes without NaN.
    """
    spec = (bool(is_max), bool(skip_nan), int(kind), np.dtype(view_dtype).str)
    if spec not in _BUILT:
        _BUILT[spec] = _build(*spec)
    return _BUILT[spec]


class Kernels:
    """The kernels and device functions built for one (operation, dtype)."""

    def __init__(self, **members):
        self.__dict__.update(members)


def _build(is_max, skip_nan, kind, view_str):
    # Elements a thread loads before comparing: 8 for keys of up to 4 bytes
    # (1e8 float32 on an H100: 164 us, 180 with 4), 4 for wider ones (as
    # fast, fewer registers).
    group = 8 if np.dtype(view_str).itemsize <= 4 else 4
    key_dtype = key_dtype_for(np.dtype(view_str), kind)
    key_scalar = key_dtype.type
    key = key_float16 if kind == KIND_FLOAT16 else key_plain
    isnan = {KIND_PLAIN: isnan_plain, KIND_FLOAT16: isnan_float16, KIND_NAT: isnan_nat}[kind]
    greater = greater_complex if key_dtype.kind == "c" else greater_real
    shfl_key = _shuffle_for(key_dtype)
    # The key NumPy's nan-variants substitute for NaN (complex: -inf+0j).
    if kind == KIND_FLOAT16:
        fill = np.int16(-_F16_INF_BITS if is_max else _F16_INF_BITS)
    elif key_dtype.kind in "fc":
        fill = key_dtype.type(-np.inf if is_max else np.inf)
    else:
        fill = key_dtype.type(0)  # unused: integers have no NaN

    @device_function
    def load(flat, pos):
        # -> (key, flag): flag is "is NaN" for argmax/argmin and "is a valid
        # number" for the nan-variants.
        x = flat[pos]
        if skip_nan:
            if isnan(x):
                return fill, False
            return key(x), True
        return key(x), isnan(x)

    @device_function
    def better(ka, ia, fa, kb, ib, fb):
        # Does state a beat state b?  A strict total order on states with
        # distinct indices, so every reduction tree gives the same winner.
        if ia == EMPTY:
            return False
        if ib == EMPTY:
            return True
        if not skip_nan and fa != fb:
            return fa  # a NaN beats any number
        if not skip_nan and fa:
            return ia < ib  # the first NaN wins
        if is_max:
            if greater(ka, kb):
                return True
            if greater(kb, ka):
                return False
        else:
            if greater(kb, ka):
                return True
            if greater(ka, kb):
                return False
        return ia < ib  # equal keys: the first occurrence wins

    @device_function
    def warp_reduce(k, i, f):
        # Tree over the warp; lane 0 ends with the warp's best state.
        delta = 16
        while delta > 0:
            ko = shfl_key(k, delta)
            io = cuda.shfl_down_sync(FULL_MASK, i, delta)
            fo = cuda.shfl_down_sync(FULL_MASK, np.int32(f), delta) != 0
            if skip_nan:
                # nan-variants: "saw a valid value" is OR-ed over the slice.
                valid = f or fo
                if better(ko, io, fo, k, i, f):
                    k, i = ko, io
                f = valid
            elif better(ko, io, fo, k, i, f):
                k, i, f = ko, io, fo
            delta //= 2
        return k, i, f

    @device_function
    def block_reduce(k, i, f):
        # Warps reduce themselves, lane 0 of each parks its state in shared
        # memory, then every warp reduces the parked states (all threads run
        # the same shuffles, which keeps the code warp-uniform).  Thread 0
        # returns the block's state; the caller reads it there only.
        sk = cuda.shared.array(MAX_WARPS, dtype=key_scalar)
        si = cuda.shared.array(MAX_WARPS, dtype=np.int64)
        sf = cuda.shared.array(MAX_WARPS, dtype=np.int32)
        tid = np.int64(cuda.threadIdx.x)
        lane = tid % 32
        warp = tid // 32
        k, i, f = warp_reduce(k, i, f)
        if lane == 0:
            sk[warp] = k
            si[warp] = i
            sf[warp] = np.int32(f)
        cuda.syncthreads()
        nwarps = np.int64(cuda.blockDim.x) // 32
        if lane < nwarps:
            k, i, f = sk[lane], si[lane], sf[lane] != 0
        else:
            k, i, f = sk[0], EMPTY, False
        k, i, f = warp_reduce(k, i, f)
        cuda.syncthreads()  # the scratch may be reused by the next call
        return k, i, f

    @device_function
    def wins(kx, k):
        # Does key kx strictly beat key k (neither of them NaN)?
        if is_max:
            return greater(kx, k)
        return greater(k, kx)

    @device_function
    def fold(kx, fx, jx, k, i, f):
        # Fold a loaded element (index jx, larger than every index folded so
        # far) into a running state that holds an element: strict
        # comparisons keep the first occurrence, the first NaN stays.
        if skip_nan:
            if wins(kx, k):
                k, i = kx, jx
            return k, i, f or fx
        if not f and (fx or wins(kx, k)):
            return kx, jx, fx
        return k, i, f

    @device_function
    def scan(flat, pos, pstep, j, jstep, count):
        # The state of the ``count`` elements flat[pos + m * pstep], whose
        # indices are j + m * jstep (EMPTY for count <= 0).  Elements are
        # loaded ``group`` at a time before any is compared, so that a thread
        # keeps several loads in flight: a load-compare loop leaves the GPU
        # waiting on memory latency.  argmax/argmin stop after a NaN.
        if count <= 0:
            k, f = load(flat, 0)  # any key: the state is EMPTY
            return k, EMPTY, False
        k, f = load(flat, pos)
        i = j
        m = np.int64(1)
        while m + (group - 1) < count:
            if not skip_nan and f:
                return k, i, f
            p = pos + m * pstep
            jm = j + m * jstep
            k0, f0 = load(flat, p)
            k1, f1 = load(flat, p + pstep)
            k2, f2 = load(flat, p + 2 * pstep)
            k3, f3 = load(flat, p + 3 * pstep)
            if group == 8:
                k4, f4 = load(flat, p + 4 * pstep)
                k5, f5 = load(flat, p + 5 * pstep)
                k6, f6 = load(flat, p + 6 * pstep)
                k7, f7 = load(flat, p + 7 * pstep)
            k, i, f = fold(k0, f0, jm, k, i, f)
            k, i, f = fold(k1, f1, jm + jstep, k, i, f)
            k, i, f = fold(k2, f2, jm + 2 * jstep, k, i, f)
            k, i, f = fold(k3, f3, jm + 3 * jstep, k, i, f)
            if group == 8:
                k, i, f = fold(k4, f4, jm + 4 * jstep, k, i, f)
                k, i, f = fold(k5, f5, jm + 5 * jstep, k, i, f)
                k, i, f = fold(k6, f6, jm + 6 * jstep, k, i, f)
                k, i, f = fold(k7, f7, jm + 7 * jstep, k, i, f)
            m += group
        while m < count:
            if not skip_nan and f:
                return k, i, f
            kx, fx = load(flat, pos + m * pstep)
            k, i, f = fold(kx, fx, j + m * jstep, k, i, f)
            m += 1
        return k, i, f

    @device_function
    def finish(out, row, i, f, error):
        # The index (-1 and the error flag for an all-NaN slice).
        if skip_nan and not f:
            out[row] = -1
            error[0] = 1
        else:
            out[row] = i

    @device_function
    def row_base(row, inner, base, so, si_):
        o = row // inner
        return base + o * so + (row - o * inner) * si_

    @cuda.jit
    def rows_block_kernel(
        flat, base, n, so, sn, si_, inner, nseg, seglen, pk, pi, pf, counters, out, error
    ):
        b = np.int64(cuda.blockIdx.x)
        tid = np.int64(cuda.threadIdx.x)
        bs = np.int64(cuda.blockDim.x)
        row = b // nseg
        seg = b - row * nseg
        j = seg * seglen + tid
        count = (min(seg * seglen + seglen, n) - j + bs - 1) // bs
        rbase = row_base(row, inner, base, so, si_)
        k, i, f = scan(flat, rbase + j * sn, bs * sn, j, bs, count)
        k, i, f = block_reduce(k, i, f)
        if nseg == 1:
            if tid == 0:
                finish(out, row, i, f, error)
            return
        last = cuda.shared.array(1, dtype=np.int32)
        if tid == 0:
            pk[b] = k
            pi[b] = i
            pf[b] = np.int32(f)
            cuda.threadfence()  # partials visible before the ticket is taken
            ticket = cuda.atomic.add(counters, row, 1)
            last[0] = 1 if ticket == nseg - 1 else 0
        cuda.syncthreads()
        if last[0] == 0:
            return
        # The last block of this row merges the row's partials in place.
        cuda.threadfence()
        i = EMPTY
        f = False
        s = tid
        while s < nseg:
            p = row * nseg + s
            if skip_nan:
                fo = pf[p] != 0
                if better(pk[p], pi[p], fo, k, i, f):
                    k, i = pk[p], pi[p]
                f = f or fo
            elif better(pk[p], pi[p], pf[p] != 0, k, i, f):
                k, i, f = pk[p], pi[p], pf[p] != 0
            s += bs
        k, i, f = block_reduce(k, i, f)
        if tid == 0:
            finish(out, row, i, f, error)
            counters[row] = 0  # the cached counters stay zeroed

    @cuda.jit
    def rows_warp_kernel(flat, base, n, so, sn, si_, inner, nrows, out, error):
        gtid = np.int64(cuda.blockIdx.x) * np.int64(cuda.blockDim.x) + np.int64(cuda.threadIdx.x)
        row = gtid // 32
        lane = gtid % 32
        if row >= nrows:
            return  # whole warps leave together: the shuffles stay uniform
        rbase = row_base(row, inner, base, so, si_)
        k, i, f = scan(flat, rbase + lane * sn, 32 * sn, lane, 32, (n - lane + 31) // 32)
        k, i, f = warp_reduce(k, i, f)
        if lane == 0:
            finish(out, row, i, f, error)

    @cuda.jit
    def columns_kernel(
        flat, base, n, so, sn, si_, inner, nrows, nseg, seglen, pk, pi, pf, counters, out, error
    ):
        b = np.int64(cuda.blockIdx.x)
        tid = np.int64(cuda.threadIdx.x)
        bs = np.int64(cuda.blockDim.x)
        cb = b // nseg
        seg = b - cb * nseg
        row = cb * bs + tid
        active = row < nrows
        k, _ = load(flat, 0)  # any key: the state starts EMPTY
        i = EMPTY
        f = False
        if active:
            j = seg * seglen
            rbase = row_base(row, inner, base, so, si_)
            k, i, f = scan(flat, rbase + j * sn, sn, j, 1, min(j + seglen, n) - j)
        if nseg == 1:
            if active:
                finish(out, row, i, f, error)
            return
        last = cuda.shared.array(1, dtype=np.int32)
        if active:
            p = row * nseg + seg
            pk[p] = k
            pi[p] = i
            pf[p] = np.int32(f)
        cuda.threadfence()
        cuda.syncthreads()
        if tid == 0:
            ticket = cuda.atomic.add(counters, cb, 1)
            last[0] = 1 if ticket == nseg - 1 else 0
        cuda.syncthreads()
        if last[0] == 0 or not active:
            return
        cuda.threadfence()
        i = EMPTY
        f = False
        for s in range(nseg):
            p = row * nseg + s
            if skip_nan:
                fo = pf[p] != 0
                if better(pk[p], pi[p], fo, k, i, f):
                    k, i = pk[p], pi[p]
                f = f or fo
            elif better(pk[p], pi[p], pf[p] != 0, k, i, f):
                k, i, f = pk[p], pi[p], pf[p] != 0
        finish(out, row, i, f, error)
        if tid == 0:
            counters[cb] = 0

    return Kernels(
        key_dtype=key_dtype,
        rows_block=rows_block_kernel,
        rows_warp=rows_warp_kernel,
        columns=columns_kernel,
        signatures=_signatures(np.dtype(view_str), key_dtype),
    )


def _array_type(dtype):
    return types.Array(from_dtype(np.dtype(dtype)), 1, "C")


def _signatures(view_dtype, key_dtype):
    """The Numba argument types each kernel is launched with, by kernel name."""
    flat, keys = _array_type(view_dtype), _array_type(key_dtype)
    i64, i32 = _array_type(np.int64), _array_type(np.int32)
    ints = (types.int64,) * 9
    return {
        "rows_block": (flat, *ints[:8], keys, i64, i32, i32, i64, i32),
        "rows_warp": (flat, *ints[:7], i64, i32),
        "columns": (flat, *ints, keys, i64, i32, i32, i64, i32),
    }
