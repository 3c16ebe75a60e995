"""max_argmax, min_argmin, take_along_axis, unravel_index, argmax_coords, argmin_coords.

These functions may not exist in older commits: ``setup`` raises
NotImplementedError then, which asv records as "skipped".  Each case is timed
against the NumPy code a user writes without numba_argmax.
"""

import numpy as np

from ._common import make_array, public, speedup

SHAPE = (256, 512)


def _case(name, a):
    """``(function name, call of ours, call of NumPy's)`` for the case ``name``."""
    rng = np.random.default_rng(1)
    indices0 = np.argmax(a, axis=0, keepdims=True)
    flat = rng.integers(0, a.size, 100_000)
    cases = {
        "max_argmax axis=0": (
            "max_argmax",
            lambda f: f(a, axis=0),
            lambda: (np.max(a, axis=0), np.argmax(a, axis=0)),
        ),
        "max_argmax axis=None": (
            "max_argmax",
            lambda f: f(a),
            lambda: (np.max(a), np.argmax(a)),
        ),
        "min_argmin axis=1": (
            "min_argmin",
            lambda f: f(a, axis=1),
            lambda: (np.min(a, axis=1), np.argmin(a, axis=1)),
        ),
        "take_along_axis axis=0": (
            "take_along_axis",
            lambda f: f(a, indices0, axis=0),
            lambda: np.take_along_axis(a, indices0, axis=0),
        ),
        "unravel_index": (
            "unravel_index",
            lambda f: f(flat, a.shape),
            lambda: np.unravel_index(flat, a.shape),
        ),
        "argmax_coords": (
            "argmax_coords",
            lambda f: f(a),
            lambda: np.unravel_index(np.argmax(a), a.shape),
        ),
        "argmin_coords": (
            "argmin_coords",
            lambda f: f(a),
            lambda: np.unravel_index(np.argmin(a), a.shape),
        ),
    }
    return cases[name]


CASES = [
    "max_argmax axis=0",
    "max_argmax axis=None",
    "min_argmin axis=1",
    "take_along_axis axis=0",
    "unravel_index",
    "argmax_coords",
    "argmin_coords",
]


class Helpers:
    params = [CASES]
    param_names = ["case"]

    def setup(self, case):
        a = make_array(SHAPE, "float64")
        func_name, self.ours_call, self.numpy_call = _case(case, a)
        self.func = public(func_name)
        self.ours_call(self.func)  # JIT warm-up

    def time_call(self, case):
        self.ours_call(self.func)

    def track_speedup(self, case):
        return speedup(self.numpy_call, lambda: self.ours_call(self.func))

    track_speedup.unit = "x NumPy"


class HelpersNumPy:
    params = [CASES]
    param_names = ["case"]

    def setup(self, case):
        _, _, self.numpy_call = _case(case, make_array(SHAPE, "float64"))

    def time_call(self, case):
        self.numpy_call()
