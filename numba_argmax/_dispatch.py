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
import sys

import numpy as np

from . import _numpy_backend as numpy_backend
from ._originals import NUMPY_TAKE_ALONG_AXIS, NUMPY_UNRAVEL_INDEX
from .cpu import _backend as cpu_backend


def is_ndarray(a):
    return type(a) is np.ndarray


def is_dask_array(a):
    # Checked without importing dask: a dask array exists only once it is loaded.
    dask_array = sys.modules.get("dask.array")
    array_type = getattr(dask_array, "Array", None)
    return array_type is not None and isinstance(a, array_type)


def is_numpy_scalar(a):
    # NumPy wraps results for its scalars (a 0-d out comes back as a scalar).
    return isinstance(a, np.generic)


def has_array_function(a):
    # ndarray subclasses (np.matrix, masked arrays) and duck arrays (xarray,
    # pint, ...) keep their own semantics: NumPy's function dispatches to them.
    return hasattr(type(a), "__array_function__")


def has_reduction_methods(a):
    # np.argmax(obj) calls obj.argmax(...) when obj has that method (pandas
    # objects, tensors): NumPy's answer for them is that method's.
    return not isinstance(a, (list, tuple)) and (hasattr(a, "argmax") or hasattr(a, "argmin"))


def is_cuda_array(a):
    """A CUDA device array: ``__cuda_array_interface__``, or a CUDA-simulator array.

    Simulator arrays (``NUMBA_ENABLE_CUDASIM=1``) carry no interface; they
    are recognised only when numba.cuda is already imported, never importing it.
    """
    try:
        a.__cuda_array_interface__  # noqa: B018 (the lookup is the test)
        return True
    except Exception:  # AttributeError, or e.g. torch's error for a CPU tensor
        pass
    if "numba.cuda" not in sys.modules:
        return False
    simulator = sys.modules.get("numba.cuda.simulator.cudadrv.devicearray")
    return simulator is not None and isinstance(a, simulator.FakeCUDAArray)


def is_array_like(a):
    return True


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
    ("cuda", is_cuda_array, _lazy(".cuda")),
    ("dask", is_dask_array, _lazy("._dask")),
    ("numpy", has_array_function, _ready(numpy_backend)),
    ("numpy-scalar", is_numpy_scalar, _ready(numpy_backend)),
    ("numpy-methods", has_reduction_methods, _ready(numpy_backend)),
    ("array-like", is_array_like, _ready(ArrayLikeBackend)),
]


def _overrides_array_function(obj):
    array_function = getattr(type(obj), "__array_function__", None)
    return array_function is not None and array_function is not np.ndarray.__array_function__


def backend_for(a, out=None):
    """Return the backend that handles ``a`` (the CPU one for a plain ndarray).

    ``out`` takes part like in NumPy's dispatch: an ``out`` overriding
    ``__array_function__`` hands a host call to NumPy (and so to it).
    """
    if type(a) is np.ndarray and out is None:  # fast path for the common case
        return cpu_backend
    for _, predicate, load in BACKENDS:
        if predicate(a):
            backend = load()
            break
    if backend in (cpu_backend, ArrayLikeBackend) and _overrides_array_function(out):
        return numpy_backend
    return backend
