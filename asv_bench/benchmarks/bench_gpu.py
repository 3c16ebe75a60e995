"""numba_argmax on a CUDA device array against NumPy on the host copy.

Skipped (NotImplementedError in setup) without a usable GPU or without the
CUDA backend in this commit.  Every timed call ends with a device
synchronisation, so the kernel time is counted, not just its launch.
"""

import numpy as np

from numba_argmax import _dispatch

from ._common import make_array, public, speedup


def _cuda():
    if not {"cuda", "gpu"} & {name for name, *_ in _dispatch.BACKENDS}:
        raise NotImplementedError("this commit has no CUDA backend")
    try:
        from numba import cuda
    except ImportError:
        raise NotImplementedError("numba.cuda is not importable") from None
    if not cuda.is_available():
        raise NotImplementedError("no CUDA GPU")
    return cuda


class GpuArgmax:
    params = [["argmax", "nanargmax"], [None, 0, 1], ["float32", "float64"]]
    param_names = ["func", "axis", "dtype"]

    def setup(self, func, axis, dtype):
        self.cuda = _cuda()
        self.host = make_array((4096, 4096), dtype, nan_density=0.001)
        self.device = self.cuda.to_device(self.host)
        self.ours = public(func)
        self.numpy_func = getattr(np, func)
        self.call(axis)  # JIT warm-up

    def call(self, axis):
        result = self.ours(self.device, axis=axis)
        self.cuda.synchronize()
        return result

    def time_call(self, func, axis, dtype):
        self.call(axis)

    def time_numpy_host(self, func, axis, dtype):
        self.numpy_func(self.host, axis=axis)

    def track_speedup_vs_numpy(self, func, axis, dtype):
        return speedup(lambda: self.numpy_func(self.host, axis=axis), lambda: self.call(axis))

    track_speedup_vs_numpy.unit = "x NumPy (host)"
