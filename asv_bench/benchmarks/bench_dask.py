"""numba_argmax on dask arrays against dask's own argmax (skipped without dask or the backend)."""

import numpy as np

from numba_argmax import _dispatch

from ._common import public, speedup


def _dask_array():
    try:
        import dask.array as da
    except ImportError:
        raise NotImplementedError("dask is not installed") from None
    if "dask" not in {name for name, *_ in _dispatch.BACKENDS}:
        raise NotImplementedError("this commit has no dask backend")
    return da


class DaskArgmax:
    params = [[None, 0, 1]]
    param_names = ["axis"]

    def setup(self, axis):
        da = _dask_array()
        self.dask_argmax = da.argmax
        rng = np.random.default_rng(0)
        # 32 MB in 16 chunks of 2 MB; the local threaded scheduler.
        self.x = da.from_array(rng.standard_normal((2048, 2048)), chunks=(512, 512))
        self.ours = public("argmax")
        self.ours(self.x, axis=axis).compute()  # JIT warm-up

    def time_argmax(self, axis):
        self.ours(self.x, axis=axis).compute()

    def time_dask_argmax(self, axis):
        self.dask_argmax(self.x, axis=axis).compute()

    def track_speedup_vs_dask(self, axis):
        return speedup(
            lambda: self.dask_argmax(self.x, axis=axis).compute(),
            lambda: self.ours(self.x, axis=axis).compute(),
            rounds=3,
        )

    track_speedup_vs_dask.unit = "x dask"
