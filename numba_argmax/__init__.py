"""NumPy-identical argmax, argmin, nanargmax and nanargmin, compiled with Numba.

>>> import numpy as np
>>> import numba_argmax as nam
>>> nam.argmax(np.array([1, 3, 2]))
np.int64(1)
"""

from . import _njit  # noqa: F401 - registers the @njit overloads (compiles nothing)
from ._api import argmax, argmin, nanargmax, nanargmin
from ._helpers_api import (
    argmax_coords,
    argmin_coords,
    max_argmax,
    min_argmin,
    take_along_axis,
    unravel_index,
)
from ._patch import is_patched, patch_numpy, patched, unpatch_numpy

__version__ = "0.1.0"

__all__ = ["argmax", "argmin", "nanargmax", "nanargmin"]
__all__ += [
    "take_along_axis",
    "unravel_index",
    "argmax_coords",
    "argmin_coords",
    "max_argmax",
    "min_argmin",
    "patch_numpy",
    "unpatch_numpy",
    "patched",
    "is_patched",
]
