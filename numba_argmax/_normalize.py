"""Argument normalisation with NumPy's exception types and messages.

Everything here runs before any kernel, so a bad argument fails fast and
nothing is ever written to ``out`` by a failing call.
"""

import operator

import numpy as np
from numpy.exceptions import AxisError

#: Sentinel NumPy uses for "keyword not passed" (``np._NoValue``).
NoValue = np._NoValue

_INTP = np.dtype(np.intp)
_C_INT_MAX = 2**31 - 1


def _axis_int(axis):
    """Convert one axis value like NumPy's ``PyArray_AxisConverter`` does."""
    if isinstance(axis, (bool, np.bool_)):
        raise TypeError("an integer is required for the axis")
    index = operator.index(axis)  # TypeError for float/str, like NumPy
    if not -(2**63) <= index < 2**63:
        raise OverflowError("Python int too large to convert to C long")
    if not -_C_INT_MAX - 1 <= index <= _C_INT_MAX:
        raise ValueError("integer won't fit into a C int")
    return index


def convert_axis(axis):
    """None, an int or (beyond NumPy's argmax) a tuple of ints; no bounds check.

    NumPy converts ``axis`` while parsing arguments, before it looks at
    ``out``, but checks its bounds only later; callers keep that order.
    """
    if axis is None:
        return None
    if isinstance(axis, tuple):
        return tuple(_axis_int(ax) for ax in axis)
    return _axis_int(axis)


def bound_axis(axis, ndim):
    """Return the reduced axes of a converted ``axis`` as non-negative ints, or None.

    A 0-d input accepts axis 0 and -1 (NumPy's rule) and reduces nothing.
    """
    if axis is None:
        return None
    bound = max(ndim, 1)
    axes = axis if isinstance(axis, tuple) else (axis,)
    for index in axes:
        if not -bound <= index < bound:
            raise AxisError(index, bound)
    axes = tuple(index % bound for index in axes)
    if len(set(axes)) != len(axes):
        raise ValueError("duplicate value in 'axis'")
    return axes if ndim else ()


def normalize_axis(axis, ndim):
    """Return the reduced axes as a tuple of non-negative ints, or None.

    ``axis`` may be None, anything with ``__index__`` (NumPy integers, 0-d
    integer arrays) or, beyond NumPy's argmax, a tuple of those.
    """
    return bound_axis(convert_axis(axis), ndim)


def as_keepdims(keepdims):
    """NumPy converts ``keepdims`` with ``bool()``; the default means False."""
    return False if keepdims is NoValue else bool(keepdims)


def reduced_shapes(shape, axes):
    """Return ``(kept_shape, keepdims_shape, reduced_size)`` for a reduction."""
    if axes is None:
        axes = range(len(shape))
    kept = tuple(n for ax, n in enumerate(shape) if ax not in axes)
    keepdims_shape = tuple(1 if ax in axes else n for ax, n in enumerate(shape))
    reduced_size = 1
    for ax in axes:
        reduced_size *= shape[ax]
    return kept, keepdims_shape, reduced_size


def check_out_is_array(out):
    """``out`` must be an ndarray (NumPy checks this while parsing arguments)."""
    if out is not None and not isinstance(out, np.ndarray):
        raise TypeError("output must be an array")


def check_out(out, result_shape, name):
    """Validate ``out`` for a result of ``result_shape`` exactly as NumPy does.

    NumPy accepts any ``out`` whose dtype casts *safely to* intp (bool and
    every integer type but uint64); the index is then stored with a C cast.
    """
    check_out_is_array(out)
    if out.shape != tuple(result_shape):
        raise ValueError(f"output array does not match result of np.{name}.")
    if not np.can_cast(out.dtype, _INTP, casting="safe"):
        raise TypeError(
            f"Cannot cast array data from {out.dtype!r} to {_INTP!r} according to the rule 'safe'"
        )
    if not out.flags.writeable:
        raise ValueError("output array is read-only")


def empty_reduction_error(name):
    return ValueError(f"attempt to get {name} of an empty sequence")


def finish(result, out, shape):
    """Shape ``result`` (an intp array) as NumPy returns it, filling ``out``."""
    if result.shape != shape:
        result = result.reshape(shape)
    if out is None:
        return result[()] if result.ndim == 0 else result
    np.copyto(out, result, casting="unsafe")
    return out
