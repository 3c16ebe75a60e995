"""The CPU backend: exact ``numpy.ndarray`` inputs, NumPy's semantics, Numba kernels."""

import numpy as np

from .._normalize import (
    NoValue,
    as_keepdims,
    check_out,
    check_out_is_array,
    empty_reduction_error,
    finish,
    normalize_axis,
    reduced_shapes,
)
from ._reduce import argreduce, flat_argreduce


def _numpy_reduce(op, a, axes, kept_shape):
    """NumPy's own function, for dtypes the kernels do not read (see kernel_view)."""
    if axes is not None and len(axes) == 1:
        result = op.numpy_func(a, axis=axes[0])
    else:
        # None, () or several axes: move them last and flatten them (C order).
        if axes is None:
            axes = tuple(range(a.ndim))
        moved = np.moveaxis(a, axes, range(a.ndim - len(axes), a.ndim))
        result = op.numpy_func(moved.reshape(kept_shape + (-1,)), axis=-1)
    return np.asarray(result, dtype=np.intp)


def reduce(op, a, axis, out, keepdims):
    """``op`` (an :class:`numba_argmax._ops.Op`) of the ndarray ``a``, NumPy-style.

    Checks run in NumPy's order, so the same bad call raises the same error;
    ``out`` is written only once the result is known to be valid.
    """
    if axis is None and out is None and keepdims is NoValue and a.size and a.flags.c_contiguous:
        # The commonest call, without the shape bookkeeping below.
        index = flat_argreduce(a, op.is_max, op.skip_nan)
        if index is not None:
            if index < 0:
                raise ValueError("All-NaN slice encountered")
            return np.intp(index)
    if not op.skip_nan:
        check_out_is_array(out)
    axes = normalize_axis(axis, a.ndim)
    kept_shape, keepdims_shape, reduced_size = reduced_shapes(a.shape, axes)
    result_shape = keepdims_shape if as_keepdims(keepdims) else kept_shape
    if reduced_size == 0:
        raise empty_reduction_error(op.base)
    if out is not None and not op.skip_nan:
        check_out(out, result_shape, op.base)
    result = argreduce(a, axes, op.is_max, op.skip_nan)
    if result is None:
        result = _numpy_reduce(op, a, axes, kept_shape)
    elif op.skip_nan and result.min(initial=0) < 0:
        raise ValueError("All-NaN slice encountered")
    if out is not None and op.skip_nan:
        # NumPy's nan-variants raise "All-NaN slice" before looking at out.
        check_out(out, result_shape, op.base)
    return finish(result, out, result_shape)
