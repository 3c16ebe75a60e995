"""CUDA backend: the whole API on any CUDA array, with numba.cuda kernels.

Imported lazily by :mod:`numba_argmax._dispatch` the first time an argument
exposes ``__cuda_array_interface__`` (Numba device arrays, CuPy, PyTorch CUDA
tensors) or is a CUDA-simulator device array; ``import numba_argmax`` never
imports numba.cuda.  No CuPy is needed: results are Numba device arrays.
See :mod:`._kernels` for the kernel design and docs/gpu.rst for usage.
"""

from ._backend import (
    TUNING,
    coords,
    reduce,
    reduce_with_values,
    take_along_axis,
    unravel_index,
)

__all__ = [
    "TUNING",
    "coords",
    "reduce",
    "reduce_with_values",
    "take_along_axis",
    "unravel_index",
]
