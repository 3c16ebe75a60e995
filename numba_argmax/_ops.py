"""The four reductions as data: which extreme, whether NaN is skipped, NumPy's twin."""

import numpy as np


class Op:
    """One of the four reductions (the module's ARGMAX, ARGMIN, NANARGMAX,
    NANARGMIN), compared and hashed by identity.

    A plain class, not a NamedTuple: the CPU path looks entries up by
    ``(dtype, op)`` on every call, and a tuple's hash (of all five fields)
    cost 70 ns of a 1 us argmax; its fields' reads cost 25 ns each, a slot's 10.
    """

    __slots__ = ("name", "base", "is_max", "skip_nan", "numpy_func")

    def __init__(self, name, base, is_max, skip_nan, numpy_func):
        self.name = name  # public name, e.g. "nanargmax"
        self.base = base  # "argmax" or "argmin": NumPy names it in its error messages
        self.is_max = is_max
        self.skip_nan = skip_nan
        self.numpy_func = numpy_func

    def __repr__(self):
        return f"Op({self.name!r})"

    def __reduce__(self):
        # Pickled by reference (dask sends ops to its workers): the module's
        # own object comes back, so identity comparison holds there too.
        return self.name.upper()


ARGMAX = Op("argmax", "argmax", True, False, np.argmax)
ARGMIN = Op("argmin", "argmin", False, False, np.argmin)
NANARGMAX = Op("nanargmax", "argmax", True, True, np.nanargmax)
NANARGMIN = Op("nanargmin", "argmin", False, True, np.nanargmin)
