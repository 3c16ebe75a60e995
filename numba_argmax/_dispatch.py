"""Which backend handles an argument: one ordered, testable table.

Each backend is a module (or object) with ``reduce(op, a, axis, out,
keepdims)`` and, for the helpers (:mod:`numba_argmax._helpers_api`),
``reduce_with_values(op, a, axis, keepdims)``, ``take_along_axis(arr,
indices, axis)`` and ``unravel_index(indices, shape, order)``.  The first
row whose predicate accepts the argument wins.  The GPU and dask backends
are imported only when an argument needs them, so ``import numba_argmax``
never imports numba.cuda or dask.
"""

import importlib

import numpy as np

from ._originals import NUMPY_MAX, NUMPY_MIN, NUMPY_TAKE_ALONG_AXIS, NUMPY_UNRAVEL_INDEX
from .cpu import _backend as cpu_backend


def is_ndarray(a):
    return type(a) is np.ndarray


def has_array_function(a):
    # ndarray subclasses (np.matrix, masked arrays) and duck arrays (xarray,
    # pint, ...) keep their own semantics: NumPy's function dispatches to them.
    return hasattr(type(a), "__array_function__")


def is_array_like(a):
    return True


class NumpyBackend:
    """Hand the call to NumPy's own function (and so to ``__array_function__``)."""

    @staticmethod
    def reduce(op, a, axis, out, keepdims):
        kwargs = {} if keepdims is np._NoValue else {"keepdims": keepdims}
        return op.numpy_func(a, axis=axis, out=out, **kwargs)

    @staticmethod
    def reduce_with_values(op, a, axis, keepdims):
        # The same two calls a NumPy user would make, in that order.
        values = (NUMPY_MAX if op.is_max else NUMPY_MIN)(a, axis=axis, keepdims=keepdims)
        return values, op.numpy_func(a, axis=axis, keepdims=keepdims)

    @staticmethod
    def take_along_axis(arr, indices, axis):
        return NUMPY_TAKE_ALONG_AXIS(arr, indices, axis)

    @staticmethod
    def unravel_index(indices, shape, order):
        return NUMPY_UNRAVEL_INDEX(indices, shape, order=order)


class ArrayLikeBackend:
    """Lists, tuples and scalars: convert like NumPy, then the CPU kernels."""

    @staticmethod
    def reduce(op, a, axis, out, keepdims):
        return cpu_backend.reduce(op, np.asarray(a), axis, out, keepdims)

    @staticmethod
    def reduce_with_values(op, a, axis, keepdims):
        return cpu_backend.reduce_with_values(op, np.asarray(a), axis, keepdims)

    @staticmethod
    def take_along_axis(arr, indices, axis):
        # NumPy's take_along_axis does not convert lists (it raises); neither do we.
        return NUMPY_TAKE_ALONG_AXIS(arr, indices, axis)

    @staticmethod
    def unravel_index(indices, shape, order):
        # Python ints and int lists convert like NumPy's; anything else (floats,
        # empty lists, huge ints) gets NumPy's own answer or error.
        try:
            converted = np.asarray(indices)
        except (ValueError, TypeError, OverflowError):
            converted = None
        if converted is None or converted.dtype.kind not in "iub" or converted.size == 0:
            return NUMPY_UNRAVEL_INDEX(indices, shape, order=order)
        return cpu_backend.unravel_index(converted, shape, order)


def _lazy(module_name):
    """A loader that imports a backend module on first use."""
    return lambda: importlib.import_module(module_name, __package__)


def _ready(backend):
    return lambda: backend


#: (name, predicate, zero-argument loader of the backend), first match wins.
BACKENDS = [
    ("cpu", is_ndarray, _ready(cpu_backend)),
    ("numpy", has_array_function, _ready(NumpyBackend)),
    ("array-like", is_array_like, _ready(ArrayLikeBackend)),
]


def backend_for(a):
    """Return the backend that handles ``a`` (the CPU one for a plain ndarray)."""
    if type(a) is np.ndarray:  # fast path for the common case
        return cpu_backend
    for _, predicate, load in BACKENDS:
        if predicate(a):
            return load()
    raise AssertionError("unreachable: the last backend accepts anything")
