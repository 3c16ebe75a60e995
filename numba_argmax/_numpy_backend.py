"""The NumPy backend: hand the call to NumPy's own function.

Used for ndarray subclasses and duck arrays (so ``__array_function__`` keeps
their semantics), NumPy scalars, and dtypes the kernels do not read.
"""

import numpy as np

from ._originals import NUMPY_MAX, NUMPY_MIN, NUMPY_TAKE_ALONG_AXIS, NUMPY_UNRAVEL_INDEX


def _scratch_like(out):
    """A copy NumPy may write instead of ``out``: same type, contents and flags."""
    scratch = out.copy(order="K")
    scratch.flags.writeable = out.flags.writeable
    return scratch


def reduce(op, a, axis, out, keepdims):
    # Forward only what the caller set: a duck array's __array_function__
    # then sees the same arguments it would get from np.argmax itself, and
    # np.matrix keeps its keepdims-less method call.
    kwargs = {}
    if axis is not None:
        kwargs["axis"] = axis
    if keepdims is not np._NoValue:
        kwargs["keepdims"] = keepdims
    if not isinstance(out, np.ndarray):
        if out is not None:
            kwargs["out"] = out
        return op.numpy_func(a, **kwargs)
    # NumPy may fill out and then raise (unorderable objects, np.matrix with a
    # 1-d out); let it write a scratch array and copy only on success.
    scratch = _scratch_like(out)
    result = op.numpy_func(a, out=scratch, **kwargs)
    np.copyto(out, scratch, casting="no")
    return out if result is scratch else result


def reduce_with_values(op, a, axis, keepdims):
    # The same two calls a NumPy user would make, in that order.
    values = (NUMPY_MAX if op.is_max else NUMPY_MIN)(a, axis=axis, keepdims=keepdims)
    return values, op.numpy_func(a, axis=axis, keepdims=keepdims)


def take_along_axis(arr, indices, axis):
    return NUMPY_TAKE_ALONG_AXIS(arr, indices, axis)


def unravel_index(indices, shape, order):
    return NUMPY_UNRAVEL_INDEX(indices, shape, order=order)
