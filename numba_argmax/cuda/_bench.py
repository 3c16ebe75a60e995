"""GPU benchmarks for the bench CLI: our kernels against CuPy, PyTorch and the host.

:func:`gpu_benchmarks` returns no rows (and imports nothing heavy) where no
CUDA device is usable, so the CLI can call it unconditionally.  Times come
from CUDA events around each call on one stream (median of several runs,
after a warm-up run that also compiles), so they include each library's
host work before its kernel starts, as a caller waiting for the answer sees
it; the host column is NumPy on the same data already in host memory.
"""

import time
from functools import partial

import numpy as np

#: (case name, shape, dtype, axis, operation name).
CASES = [
    ("1-D float32 1e8 (400 MB)", (100_000_000,), "float32", None, "argmax"),
    ("1-D float32 full", (1 << 24,), "float32", None, "argmax"),
    ("1-D float64 nanargmax", (1 << 23,), "float64", None, "nanargmax"),
    ("rows (4096, 4096) float32 axis=1", (4096, 4096), "float32", 1, "argmax"),
    ("columns (4096, 4096) float32 axis=0", (4096, 4096), "float32", 0, "argmax"),
    ("few long rows (8, 2**21) float32", (8, 1 << 21), "float32", 1, "argmin"),
    ("segmentation (8, 21, 512, 512) axis=1", (8, 21, 512, 512), "float32", 1, "argmax"),
    ("int8 (1 << 26,) full", (1 << 26,), "int8", None, "argmax"),
]
QUICK_CASES = [CASES[1], CASES[3], CASES[4]]


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


def _optional(name):
    try:
        return __import__(name)
    except ImportError:
        return None


def gpu_benchmarks(quick):
    """Rows ``(case, ours_s, cupy_s, torch_s, numpy_host_s)``; [] without a CUDA device.

    ``cupy_s`` / ``torch_s`` are None when that library is not installed
    (or has no such operation).
    """
    if not gpu_available():
        return []
    from numba import cuda

    from .._ops import ARGMAX, ARGMIN, NANARGMAX, NANARGMIN
    from ._backend import reduce

    cupy, torch = _optional("cupy"), _optional("torch")
    if torch is not None and not torch.cuda.is_available():
        torch = None
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
        cupy_s = torch_s = None
        if cupy is not None and hasattr(cupy, op):
            # The stream protocol (__cuda_stream__) where CuPy has it.
            external = getattr(cupy.cuda.Stream, "from_external", None)
            with (external(stream) if external else cupy.cuda.ExternalStream(int(stream.handle))):
                cupy_s = _device_seconds(
                    partial(getattr(cupy, op), cupy.asarray(device), axis=axis), stream, repeats
                )
        if torch is not None and hasattr(torch, op):
            with torch.cuda.stream(torch.cuda.ExternalStream(int(stream.handle))):
                tensor = torch.as_tensor(device, device="cuda")
                call = partial(getattr(torch, op), tensor)
                if axis is not None:
                    call = partial(call, dim=axis)
                torch_s = _device_seconds(call, stream, repeats)
        numpy_s = _host_seconds(partial(getattr(np, op), host, axis=axis), repeats)
        rows.append((name, ours_s, cupy_s, torch_s, numpy_s))
        del device
    return rows
