"""The CPU backend: exact ``numpy.ndarray`` inputs, NumPy's semantics, Numba kernels."""

import numpy as np

from .. import _numpy_backend
from .._normalize import (
    as_keepdims,
    bound_axis,
    check_out,
    check_out_is_array,
    convert_axis,
    empty_reduction_error,
    finish,
    reduced_shapes,
)
from ._reduce import argreduce, kernels_read


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


def _compute(op, a, axes, kept_shape):
    result = argreduce(a, axes, op.is_max, op.skip_nan)
    if result is None:
        return _numpy_reduce(op, a, axes, kept_shape)
    if op.skip_nan and result.min(initial=0) < 0:
        raise ValueError("All-NaN slice encountered")
    return result


def reduce(op, a, axis, out, keepdims):
    """``op`` (an :class:`numba_argmax._ops.Op`) of the ndarray ``a``, NumPy-style.

    Checks run in NumPy's order, so the same bad call raises the same error;
    ``out`` is written only once the result is known to be valid.
    """
    if not kernels_read(a.dtype) and not isinstance(axis, tuple):
        # str, bytes, object, structured, longdouble: NumPy's own function
        # gives its answer and its errors, in its order.
        return _numpy_backend.reduce(op, a, axis, out, keepdims)
    # NumPy's nan-variants look for all-NaN slices of float, complex and
    # object input before np.argmax parses its arguments; otherwise argmax's
    # order holds: out is checked while parsing, then axis, then emptiness.
    nan_checks_first = op.skip_nan and a.size and a.dtype.kind in "fcO"
    axis = convert_axis(axis)
    if not nan_checks_first:
        check_out_is_array(out)
    axes = bound_axis(axis, a.ndim)
    kept_shape, keepdims_shape, reduced_size = reduced_shapes(a.shape, axes)
    result_shape = keepdims_shape if as_keepdims(keepdims) else kept_shape
    result = _compute(op, a, axes, kept_shape) if nan_checks_first else None
    check_out_is_array(out)
    if reduced_size == 0:
        raise empty_reduction_error(op.base)
    if out is not None:
        check_out(out, result_shape, op.base)
    if result is None:
        result = _compute(op, a, axes, kept_shape)
    return finish(result, out, result_shape)
