"""NumPy's own argmax/argmin benchmark, case for case.

``ArgMax`` and ``ArgMin`` repeat numpy/benchmarks/benchmarks/bench_reduce.py
(1-D, 200 000 elements, all equal so every element ties, the same dtypes and
parameter names), so ``bench_reduce.ArgMax.time_argmax`` here compares with
the same benchmark in NumPy's published asv history.  The ``*NumPy`` classes
time NumPy's function on this machine, and ``track_speedup`` records NumPy's
time over ours.
"""

import numpy as np

import numba_argmax

from ._common import speedup

# NumPy's parameters, verbatim (asv names them by their repr).
DTYPES = [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32,
          np.int64, np.uint64, np.float32, np.float64, bool]


class ArgMax:
    params = DTYPES
    param_names = ["dtype"]

    def setup(self, dtype):
        self.d = np.zeros(200000, dtype=dtype)
        numba_argmax.argmax(self.d)  # JIT warm-up

    def time_argmax(self, dtype):
        numba_argmax.argmax(self.d)

    def track_speedup(self, dtype):
        return speedup(lambda: np.argmax(self.d), lambda: numba_argmax.argmax(self.d))

    track_speedup.unit = "x NumPy"


class ArgMin:
    params = DTYPES
    param_names = ["dtype"]

    def setup(self, dtype):
        self.d = np.ones(200000, dtype=dtype)
        numba_argmax.argmin(self.d)  # JIT warm-up

    def time_argmin(self, dtype):
        numba_argmax.argmin(self.d)

    def track_speedup(self, dtype):
        return speedup(lambda: np.argmin(self.d), lambda: numba_argmax.argmin(self.d))

    track_speedup.unit = "x NumPy"


class ArgMaxNumPy:
    params = DTYPES
    param_names = ["dtype"]

    def setup(self, dtype):
        self.d = np.zeros(200000, dtype=dtype)

    def time_argmax(self, dtype):
        np.argmax(self.d)


class ArgMinNumPy:
    params = DTYPES
    param_names = ["dtype"]

    def setup(self, dtype):
        self.d = np.ones(200000, dtype=dtype)

    def time_argmin(self, dtype):
        np.argmin(self.d)
