"""The four reductions as data: which extreme, whether NaN is skipped, NumPy's twin."""

from typing import NamedTuple

import numpy as np


class Op(NamedTuple):
    name: str  # public name, e.g. "nanargmax"
    base: str  # "argmax" or "argmin": NumPy names it in its error messages
    is_max: bool
    skip_nan: bool
    numpy_func: object


ARGMAX = Op("argmax", "argmax", True, False, np.argmax)
ARGMIN = Op("argmin", "argmin", False, False, np.argmin)
NANARGMAX = Op("nanargmax", "argmax", True, True, np.nanargmax)
NANARGMIN = Op("nanargmin", "argmin", False, True, np.nanargmin)
