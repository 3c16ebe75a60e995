"""GPU benchmarks for the bench CLI: our kernels against CuPy and the host.

:func:`gpu_benchmarks` returns no rows (and imports nothing heavy) where no
CUDA device is usable, so the CLI can call it unconditionally.  Device times
come from CUDA events around each call on one stream (median of several
runs, after a warm-up run that also compiles); the host column is NumPy on
the same data already in host memory.
"""

import time
from functools import partial

import numpy as np

#: (case name, shape, dtype, axis, operation name).
CASES = [
    ("1-D float32 full", (1 << 24,), "float32", None, "argmax"),
    ("1-D float64 nanargmax", (1 << 23,), "float64", None, "nanargmax"),
    ("rows (4096, 4096) float32 axis=1", (4096, 4096), "float32", 1, "argmax"),
    ("columns (4096, 4096) float32 axis=0", (4096, 4096), "float32", 0, "argmax"),
    ("few long rows (8, 2**21) float32", (8, 1 << 21), "float32", 1, "argmin"),
    ("segmentation (8, 21, 512, 512) axis=1", (8, 21, 512, 512), "float32", 1, "argmax"),
    ("int8 (1 << 26,) full", (1 << 26,), "int8", None, "argmax"),
]
QUICK_CASES = [CASES[0], CASES[2], CASES[3]]


def gpu_available():
    """True when numba.cuda can reach a device (imports numba.cuda)."""
    try:
        from numba import cuda
    except ImportError:
        return False
    return bool(cuda.is_available())


def _device_seconds(func, stream, repeats):
    from numba import cuda

    func()  # warm-up: compiles, fills the workspace cache
    stream.synchronize()
    times = []
    for _ in range(repeats):
        start, stop = cuda.event(), cuda.event()
        start.record(stream)
        func()
        stop.record(stream)
        stop.synchronize()
        times.append(cuda.event_elapsed_time(start, stop) / 1e3)
    return float(np.median(times))


def _host_seconds(func, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def _data(shape, dtype, rng):
    if np.dtype(dtype).kind in "iu":
        return rng.integers(-100, 100, shape).astype(dtype)
    return rng.standard_normal(shape, dtype=np.float32).astype(dtype)


def gpu_benchmarks(quick):
    """Rows ``(case, ours_s, cupy_s, numpy_host_s)``; [] without a CUDA device.

    ``cupy_s`` is None when CuPy is not installed or lacks the operation.
    """
    if not gpu_available():
        return []
    from numba import cuda

    from .._ops import ARGMAX, ARGMIN, NANARGMAX, NANARGMIN
    from ._backend import reduce

    try:
        import cupy
    except ImportError:
        cupy = None
    ops = {"argmax": ARGMAX, "argmin": ARGMIN, "nanargmax": NANARGMAX, "nanargmin": NANARGMIN}
    rng = np.random.default_rng(0)
    repeats = 5 if quick else 20
    stream = cuda.stream()
    rows = []
    for name, shape, dtype, axis, op in QUICK_CASES if quick else CASES:
        host = _data(shape, dtype, rng)
        device = cuda.to_device(host, stream=stream)
        ours_s = _device_seconds(
            partial(reduce, ops[op], device, axis, None, False, stream=stream), stream, repeats
        )
        cupy_s = None
        if cupy is not None and hasattr(cupy, op):
            with cupy.cuda.ExternalStream(int(stream)):
                as_cupy = cupy.asarray(device)
                cupy_s = _device_seconds(
                    partial(getattr(cupy, op), as_cupy, axis=axis), stream, repeats
                )
        numpy_s = _host_seconds(partial(getattr(np, op), host, axis=axis), repeats)
        rows.append((name, ours_s, cupy_s, numpy_s))
        del device
    return rows
