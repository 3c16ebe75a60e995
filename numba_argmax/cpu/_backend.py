"""The CPU backend: exact ``numpy.ndarray`` inputs, NumPy's semantics, Numba kernels."""

import numpy as np

from .. import _normalize, _numpy_backend
from .._normalize import (
    NoValue,
    as_keepdims,
    bound_axis,
    check_out,
    check_out_is_array,
    convert_axis,
    empty_reduction_error,
    finish,
    reduced_shapes,
)
from .._originals import NUMPY_MAX, NUMPY_MIN
from . import _gather
from ._flat import lean_index
from ._reduce import argreduce, flat_argreduce, kernels_read


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
    if axis is None and out is None and keepdims is NoValue and a.size and a.flags.c_contiguous:
        # The commonest call, without the shape bookkeeping below.
        index = flat_argreduce(a, op.is_max, op.skip_nan)
        if index is not None:
            if index < 0:
                raise ValueError("All-NaN slice encountered")
            return np.intp(index)
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


# --- helpers: max_argmax / min_argmin, take_along_axis, unravel_index -------


def _no_identity_error(op):
    extreme = "maximum" if op.is_max else "minimum"
    return ValueError(f"zero-size array to reduction operation {extreme} which has no identity")


def _values_at(a, axes, indices):
    """The elements of ``a`` at the argreduce result ``indices`` (kept shape)."""
    if axes is None:
        return a.flat[int(indices)]
    if not axes:
        return a.copy()  # every element is its own slice
    if len(axes) == 1:
        axis = axes[0]
        if _gather.by_fancy_indexing(indices.size, a.ndim):
            # One fancy index with the kept-shape indices, where
            # take_along_axis would use NumPy's (100x100 axis=1: 5.3 -> 1.6 us).
            return a[_gather.along_axis_index(a.shape, indices, axis)]
        kept_indices = np.expand_dims(indices, axis)
        return _gather.take_along_axis(a, kept_indices, axis).squeeze(axis)
    kept_axes = [ax for ax in range(a.ndim) if ax not in axes]
    reduced = _gather.unravel_index(indices, tuple(a.shape[ax] for ax in axes), "C")
    coords = [None] * a.ndim
    for ax, coord in zip(axes, reduced):
        coords[ax] = coord
    for k, ax in enumerate(kept_axes):
        # Broadcasting aranges select every kept position (like np.ix_).
        shape = [1] * len(kept_axes)
        shape[k] = a.shape[ax]
        coords[ax] = np.arange(a.shape[ax]).reshape(shape)
    return a[tuple(coords)]


def reduce_with_values(op, a, axis, keepdims):
    """``(np.max(a, axis), np.argmax(a, axis))`` (min for argmin ops) from one argreduce.

    The data is read once, by argmax's own path (NumPy's method for small
    input, the kernels for the rest); the values are then gathered at the
    indices, so they are the first occurrence of the extreme (the first NaN
    when there is one), as ``np.max`` propagates it.
    """
    keepdims = bool(keepdims)
    axes = _normalize.normalize_axis(axis, a.ndim)
    kept_shape, keepdims_shape, reduced_size = reduced_shapes(a.shape, axes)
    if reduced_size == 0:
        raise _no_identity_error(op)
    if not kernels_read(a.dtype):  # NumPy, in the order of calling both
        values = (NUMPY_MAX if op.is_max else NUMPY_MIN)(a, axis=axis, keepdims=keepdims)
        return values, reduce(op, a, axis, None, keepdims)
    indices = lean_index(op, a, axis) if axis is None or type(axis) is int else None
    if indices is None:
        indices = _compute(op, a, axes, kept_shape)
    if axes is None and not keepdims:  # (10,) int64: 9.4 -> 1.5 us, NumPy's pair 3.3 us
        return a.flat[int(indices)], np.intp(indices)
    values = _values_at(a, axes, indices)
    kept = not keepdims and type(indices) is np.ndarray and indices.ndim
    if kept and values.shape == indices.shape:
        return values, indices  # (both arrays of the kept shape already)
    shape = keepdims_shape if keepdims else kept_shape
    values = np.asarray(values).reshape(shape)
    return finish_values(values), finish(indices, None, shape)


def finish_values(values):
    return values[()] if values.ndim == 0 else values


def take_along_axis(arr, indices, axis):
    """NumPy's ``take_along_axis`` for an ndarray ``arr`` (odd inputs: NumPy's own)."""
    return _gather.take_along_axis(arr, indices, axis)


def unravel_index(indices, shape, order):
    """NumPy's ``unravel_index`` for an ndarray ``indices`` (odd inputs: NumPy's own)."""
    return _gather.unravel_index(indices, shape, order)
