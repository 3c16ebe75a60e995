"""The lean path for the commonest call: all of a C-contiguous ndarray, default arguments.

``np.argmax(a)`` on an in-cache array takes 1-10 us, so every microsecond of
Python between the call and the kernel shows in the ratio against NumPy.
This path resolves, once per (dtype, operation), what to call, and then
does nothing per call but a dict lookup, one kernel call and the result
conversion.  Anything unusual (other layouts, ``axis``/``out``/``keepdims``,
sizes where the parallel kernels may run, dtypes NumPy must handle) returns
None and takes the general path, which gives the same answers.
"""

import numpy as np

from . import _reduce
from ._kernels import KIND_BOOL, KIND_FLOAT16, KIND_NAT, kernels_for

#: Up to this many elements argmax/argmin of these dtypes is ndarray's own
#: method: NumPy's SIMD loop is as fast as ours there, and skipping
#: ``np.argmax``'s dispatch makes the call 1.5-2.7x faster than NumPy's.
#: Its answer is NumPy's by definition.
NUMPY_METHOD_MAX_SIZE = 1 << 15
#: dtype chars whose ndarray.argmax/argmin is a SIMD loop (NumPy 2.x).
_NUMPY_METHOD_CHARS = frozenset("?bhilqpBHILQPfd")
#: dtypes where ndarray's method wins at every serial size (1-byte data: NumPy's
#: loop runs at L2 bandwidth and exits early on True/255).
_NUMPY_METHOD_ALWAYS_CHARS = frozenset("?bB")

_entries = {}


class _Entry:
    """What the lean path calls for one (dtype, operation)."""

    __slots__ = ("method_max_size", "view_dtype", "kernel")

    def __init__(self, method_max_size, view_dtype, kernel):
        self.method_max_size = method_max_size
        self.view_dtype = view_dtype
        self.kernel = kernel


def _entry_for(dtype, op):
    char = dtype.char
    # The nan-variants of non-float dtypes are argmax/argmin (NumPy says so too).
    numpy_equivalent = not op.skip_nan or dtype.kind in "biuMm"
    method_max_size = -1
    if numpy_equivalent and char in _NUMPY_METHOD_CHARS:
        method_max_size = NUMPY_METHOD_MAX_SIZE
        if char in _NUMPY_METHOD_ALWAYS_CHARS:
            method_max_size = 1 << 62
    if not dtype.isnative or not _reduce.kernels_read(dtype):
        return _Entry(method_max_size, None, None)
    view, kind = _reduce.kernel_view(np.empty(1, dtype))
    skip_nan = op.skip_nan and kind not in (KIND_NAT, KIND_BOOL)
    skip_nan = skip_nan and (view.dtype.kind in "fc" or kind == KIND_FLOAT16)
    kernel = kernels_for(op.is_max, skip_nan, kind).reduce_flat
    return _Entry(method_max_size, view.dtype if view.dtype != dtype else None, kernel)


def flat_index(op, a):
    """``op`` over all of the ndarray ``a`` as ``np.intp``, or None for the general path."""
    if not a.flags.c_contiguous:
        if a.ndim == 1 and a.strides[0] == -a.itemsize:
            return _reversed_index(op, a)
        return None
    entry = _entries.get((a.dtype, op))
    if entry is None:
        entry = _entries[(a.dtype, op)] = _entry_for(a.dtype, op)
    n = a.size
    if n <= entry.method_max_size and n:
        return a.argmax() if op.is_max else a.argmin()
    if entry.kernel is None or not n or n >= _reduce.PARALLEL_MIN_SIZE or not a.flags.aligned:
        return None
    base = a if a.ndim == 1 else a.reshape(-1)
    if entry.view_dtype is not None:
        base = base.view(entry.view_dtype)
    index = entry.kernel(base, 0, n, 1)
    if index < 0:
        raise ValueError("All-NaN slice encountered")
    return np.intp(index)


def _reversed_index(op, a):
    """``op`` over a 1-D reversed view (``x[::-1]``): its memory read forwards."""
    entry = _entries.get((a.dtype, op))
    if entry is None:
        entry = _entries[(a.dtype, op)] = _entry_for(a.dtype, op)
    n = a.size
    if entry.kernel is None or not n or n >= _reduce.PARALLEL_MIN_SIZE or not a.flags.aligned:
        return None
    base = a[::-1]  # C-contiguous: the same memory, forwards
    if entry.view_dtype is not None:
        base = base.view(entry.view_dtype)
    index = entry.kernel(base, n - 1, n, -1)
    if index < 0:
        raise ValueError("All-NaN slice encountered")
    return np.intp(index)
