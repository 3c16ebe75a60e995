"""The warp shuffle the CUDA simulator lacks, so the real kernels run on it.

The simulator runs each thread of a block as a Python thread and has no
``shfl_down_sync``.  :func:`install` gives its fake ``cuda`` module one that
exchanges values through a per-warp buffer between two warp barriers
(``threading.Barrier``).  That is exact for our kernels because every lane of
a warp calls the same shuffles in the same order and warps only ever leave a
kernel whole (the kernels are written warp-uniform for the hardware anyway);
a source lane past the warp leaves the value unchanged, as on the hardware.
Only imported when ``NUMBA_ENABLE_CUDASIM=1``.
"""

import threading

_LOCK = threading.Lock()


def _warp_exchange(thread):
    """The (barrier, values) pair shared by the lanes of ``thread``'s warp."""
    manager = thread._manager
    warp = thread.thread_id // 32
    with _LOCK:
        warps = manager.__dict__.setdefault("_numba_argmax_warps", {})
        if warp not in warps:
            block_threads = 1
            for n in manager._block_dim:
                block_threads *= n
            lanes = min(32, block_threads - warp * 32)
            warps[warp] = (threading.Barrier(lanes), {})
        return warps[warp]


def _shfl_down_sync(self, mask, value, delta):
    thread = threading.current_thread()
    barrier, values = _warp_exchange(thread)
    lane = thread.thread_id % 32
    values[lane] = value
    barrier.wait()
    result = values.get(lane + delta, value)
    barrier.wait()  # nobody overwrites a value before it is read
    return result


def install():
    """Add ``shfl_down_sync`` to the simulator's fake ``cuda`` module (once)."""
    from numba.cuda.simulator import kernelapi

    if not hasattr(kernelapi.FakeCUDAModule, "shfl_down_sync"):
        kernelapi.FakeCUDAModule.shfl_down_sync = _shfl_down_sync
