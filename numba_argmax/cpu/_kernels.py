"""Generic Numba kernels for argmax, argmin, nanargmax and nanargmin.

One kernel body serves every dtype, shape and layout.  The driver
(:mod:`numba_argmax.cpu._reduce`) hands the kernels a 3-D strided view
``(outer, n, inner)`` and reduces its middle axis into an ``(outer, inner)``
intp array, so each operation compiles once per (dtype, layout) and never per
ndim.

What differs between operations is fixed when the kernels are *built*
(:func:`kernels_for`), not tested per element: the comparison (``>`` or
``<``; lexicographic for complex), the NaN test and the key of the element
(float16 arrive as int16 bit patterns, datetime64/timedelta64 as int64).
Each built function gets its own name, so ``cache=True`` stores it on disk
and a new process loads it instead of compiling again.

Semantics (NumPy's):

* the first occurrence of the extreme wins; chunks are merged in order with a
  strict comparison so parallel runs keep that rule;
* argmax/argmin: the first NaN (NaT) wins;
* nanargmax/nanargmin: a NaN counts as -inf (+inf for nanargmin; complex
  ``-inf+0j``), exactly NumPy's replace-then-argmax, and a slice with no
  valid value reports index -1 so the caller can raise "All-NaN slice".
"""

import numpy as np
from numba import njit, prange, types
from numba.extending import overload

from .._jit import jit_cached

#: How array elements are read: as they are, as float16 bits, as datetime
#: ints, as bool bytes (any non-zero byte is True, as in NumPy).
KIND_PLAIN, KIND_FLOAT16, KIND_NAT, KIND_BOOL = 0, 1, 2, 3

_INT64_MIN = np.iinfo(np.int64).min
_F16_INF_BITS = 0x7C00

#: Columns per tile when sweeping rows (reduced axis outside the inner one).
SWEEP_TILE = 4096


# --- element helpers --------------------------------------------------------


def _greater(a, b):
    """Strict ``a > b``; complex numbers compare lexicographically."""


@overload(_greater)
def _greater_impl(a, b):
    if isinstance(a, types.Complex):
        return lambda a, b: a.real > b.real or (a.real == b.real and a.imag > b.imag)
    return lambda a, b: a > b


@njit(inline="always")
def _gt(a, b):
    return _greater(a, b)


@njit(inline="always")
def _lt(a, b):
    return _greater(b, a)


@njit(inline="always")
def _key_plain(x):
    return x


@njit(inline="always")
def _key_float16(bits):
    # Order-preserving int16 key of a float16 bit pattern: non-negative floats
    # keep their bits, negative ones become minus their magnitude, so -0.0
    # and +0.0 share key 0 and compare equal like in NumPy.
    if bits >= 0:
        return bits
    return np.int16(-(bits & 0x7FFF))


@njit(inline="always")
def _key_bool(byte):
    # A bool array viewed from other bytes may hold 2..255: all mean True.
    return np.uint8(byte != 0)


@njit(inline="always")
def _isnan_plain(x):
    return x != x  # NaN for floats and complex (either part); never for ints


@njit(inline="always")
def _isnan_float16(bits):
    return (bits & 0x7FFF) > _F16_INF_BITS


@njit(inline="always")
def _isnan_nat(x):
    return x == _INT64_MIN


def _nan_fill(key, is_max):
    """The key NumPy's nanargmax/nanargmin substitutes for NaN."""


@overload(_nan_fill)
def _nan_fill_impl(key, is_max):
    if isinstance(key, types.Complex):
        dtype = np.dtype(str(key))
        low, high = dtype.type(complex(-np.inf, 0)), dtype.type(complex(np.inf, 0))
    elif isinstance(key, types.Float):
        dtype = np.dtype(str(key))
        low, high = dtype.type(-np.inf), dtype.type(np.inf)
    elif key == types.int16:  # float16 bit keys
        low, high = np.int16(-_F16_INF_BITS), np.int16(_F16_INF_BITS)
    else:
        return None
    return lambda key, is_max: low if is_max else high


_KEYS = {
    KIND_PLAIN: _key_plain,
    KIND_FLOAT16: _key_float16,
    KIND_NAT: _key_plain,
    KIND_BOOL: _key_bool,
}
_ISNAN = {
    KIND_PLAIN: _isnan_plain,
    KIND_FLOAT16: _isnan_float16,
    KIND_NAT: _isnan_nat,
    KIND_BOOL: _isnan_plain,
}


# --- kernel factory ---------------------------------------------------------

_BUILT = {}


def kernels_for(is_max, skip_nan, kind):
    """Return the compiled kernels for one operation and element kind.

    The result has ``reduce_1d(a) -> index``, ``reduce_3d(a3, out2)`` and
    ``reduce_3d_parallel(a3, out2, nchunks)``.  Index -1 means "no valid
    value" (only for ``skip_nan``).  Built lazily and memoised; each function
    compiles lazily per dtype/layout on its first call.
    """
    spec = (bool(is_max), bool(skip_nan), int(kind))
    if spec not in _BUILT:
        _BUILT[spec] = _build(*spec)
    return _BUILT[spec]


class _Kernels:
    __slots__ = ("reduce_1d", "reduce_3d", "reduce_3d_parallel")

    def __init__(self, reduce_1d, reduce_3d, reduce_3d_parallel):
        self.reduce_1d = reduce_1d
        self.reduce_3d = reduce_3d
        self.reduce_3d_parallel = reduce_3d_parallel


def _build(is_max, skip_nan, kind):
    key = _KEYS[kind]
    isnan = _ISNAN[kind]
    better = _gt if is_max else _lt

    @njit(inline="always")
    def scan(row):
        # -> (best key, its index, flag).  flag: "hit a NaN" for argmax/argmin
        # (index is the first NaN), "saw a valid value" for the nan-variants.
        x = row[0]
        if skip_nan:
            fill = _nan_fill(key(x), is_max)
            valid = not isnan(x)
            best = key(x) if valid else fill
            index = 0
            for j in range(1, row.shape[0]):
                x = row[j]
                if isnan(x):
                    k = fill
                else:
                    k = key(x)
                    valid = True
                if better(k, best):
                    best = k
                    index = j
            return best, index, valid
        best = key(x)
        if isnan(x):
            return best, 0, True
        index = 0
        for j in range(1, row.shape[0]):
            x = row[j]
            if isnan(x):
                return key(x), j, True
            k = key(x)
            if better(k, best):
                best = k
                index = j
        return best, index, False

    @njit(inline="always")
    def scan_chunked(row, nchunks):
        # Parallel scan of one long row, merged in chunk order so the first
        # occurrence (and the first NaN) still wins.
        n = row.shape[0]
        step = (n + nchunks - 1) // nchunks
        nchunks = (n + step - 1) // step
        bests = np.empty(nchunks, dtype=row.dtype)
        indices = np.empty(nchunks, dtype=np.intp)
        flags = np.empty(nchunks, dtype=np.bool_)
        for c in prange(nchunks):
            lo = c * step
            hi = min(lo + step, n)
            b, i, f = scan(row[lo:hi])
            bests[c] = b
            indices[c] = i + lo
            flags[c] = f
        best, index, flag = bests[0], indices[0], flags[0]
        for c in range(1, nchunks):
            if skip_nan:
                if better(bests[c], best):
                    best, index = bests[c], indices[c]
                flag = flag or flags[c]
            else:
                if flag:
                    break
                if flags[c] or better(bests[c], best):
                    best, index, flag = bests[c], indices[c], flags[c]
        return best, index, flag

    @njit(inline="always")
    def finish_index(index, flag):
        if skip_nan and not flag:
            return -1
        return index

    @njit(inline="always")
    def sweep(a2, out1):
        # Reduce axis 0 of an (n, m) view walking it row by row, so memory is
        # read in order when the columns are the contiguous direction.
        n, m = a2.shape
        best = np.empty(m, dtype=a2.dtype)
        flag = np.empty(m, dtype=np.bool_)
        fill = _nan_fill(key(a2[0, 0]), is_max) if skip_nan else key(a2[0, 0])
        for i in range(m):
            x = a2[0, i]
            out1[i] = 0
            if skip_nan:
                flag[i] = not isnan(x)
                best[i] = key(x) if flag[i] else fill
            else:
                flag[i] = isnan(x)
                best[i] = key(x)
        for j in range(1, n):
            for i in range(m):
                x = a2[j, i]
                if skip_nan:
                    if isnan(x):
                        k = fill
                    else:
                        k = key(x)
                        flag[i] = True
                    if better(k, best[i]):
                        best[i] = k
                        out1[i] = j
                elif not flag[i]:
                    if isnan(x):
                        flag[i] = True
                        out1[i] = j
                    else:
                        k = key(x)
                        if better(k, best[i]):
                            best[i] = k
                            out1[i] = j
        if skip_nan:
            for i in range(m):
                if not flag[i]:
                    out1[i] = -1

    @njit(inline="always")
    def use_sweep(a3):
        # Sweep when the kept inner axis is the more contiguous one.
        return a3.shape[2] > 1 and abs(a3.strides[2]) < abs(a3.strides[1])

    def reduce_1d(a):
        _, index, flag = scan(a)
        return finish_index(index, flag)

    def reduce_3d(a3, out2):
        outer, _, inner = a3.shape
        if use_sweep(a3):
            for o in range(outer):
                for t0 in range(0, inner, SWEEP_TILE):
                    t1 = min(t0 + SWEEP_TILE, inner)
                    sweep(a3[o, :, t0:t1], out2[o, t0:t1])
        else:
            for o in range(outer):
                for i in range(inner):
                    _, index, flag = scan(a3[o, :, i])
                    out2[o, i] = finish_index(index, flag)

    def reduce_3d_parallel(a3, out2, nchunks):
        outer, _, inner = a3.shape
        if use_sweep(a3):
            ntiles = (inner + SWEEP_TILE - 1) // SWEEP_TILE
            for unit in prange(outer * ntiles):
                o = unit // ntiles  # not divmod: parfors type its result as float
                t0 = (unit - o * ntiles) * SWEEP_TILE
                t1 = min(t0 + SWEEP_TILE, inner)
                sweep(a3[o, :, t0:t1], out2[o, t0:t1])
        elif outer * inner >= nchunks:
            for unit in prange(outer * inner):
                o = unit // inner
                i = unit - o * inner
                _, index, flag = scan(a3[o, :, i])
                out2[o, i] = finish_index(index, flag)
        else:
            for o in range(outer):
                for i in range(inner):
                    _, index, flag = scan_chunked(a3[o, :, i], nchunks)
                    out2[o, i] = finish_index(index, flag)

    name = f"{'max' if is_max else 'min'}{'_skipnan' if skip_nan else ''}_kind{kind}"
    compiled = []
    for func, parallel in ((reduce_1d, False), (reduce_3d, False), (reduce_3d_parallel, True)):
        # A distinct qualname per operation gives each its own on-disk cache.
        func.__name__ = func.__qualname__ = f"{func.__name__}_{name}"
        compiled.append(jit_cached(func, closure_key=name, nogil=True, parallel=parallel))
    return _Kernels(*compiled)
