"""The CUDA backend on a real GPU (skipped where there is none).

The simulator suite (tests/cuda_sim) checks the semantics everywhere; this
file checks what only hardware shows: default launch sizes, warp shuffles,
streams, indices past 2**31, and CuPy / PyTorch inputs when installed.
"""

import numpy as np
import pytest

cuda = pytest.importorskip("numba.cuda")
if not cuda.is_available():
    pytest.skip("no CUDA device", allow_module_level=True)

import numba_argmax as nam  # noqa: E402
from numba_argmax import cuda as backend  # noqa: E402
from numba_argmax._ops import ARGMAX, NANARGMIN  # noqa: E402

OPS = [(nam.argmax, np.argmax), (nam.argmin, np.argmin),
       (nam.nanargmax, np.nanargmax), (nam.nanargmin, np.nanargmin)]


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint64", "float16", "float32", "float64",
                                   "complex64", "datetime64[ms]"])
@pytest.mark.parametrize("shape, axis", [((1_000_003,), None), ((37, 5000), 1),
                                         ((5000, 37), 0), ((3, 300, 70), (0, 2)),
                                         ((64, 200_000), 1), ((200_000, 3), 0)])
def test_matches_numpy_at_real_sizes(dtype, shape, axis):
    rng = np.random.default_rng(0)
    a = rng.integers(0, 50, shape).astype(np.int64)
    if dtype == "bool":
        a = a > 40
    elif dtype.startswith("datetime"):
        a = a.astype(dtype)
        a.reshape(-1)[rng.integers(0, a.size, 5)] = np.datetime64("NaT")
    else:
        a = a.astype(dtype)
        if a.dtype.kind in "fc":
            a.reshape(-1)[rng.integers(0, a.size, 5)] = np.nan
    d = cuda.to_device(a)
    for ours, theirs in OPS:
        if isinstance(axis, tuple):
            kept = [ax for ax in range(a.ndim) if ax not in axis]
            moved = np.transpose(a, kept + list(axis)).reshape([a.shape[k] for k in kept] + [-1])
            want = theirs(moved, axis=-1)
        else:
            want = theirs(a, axis=axis)
        got = ours(d, axis=axis)
        assert isinstance(got, cuda.devicearray.DeviceNDArray)
        np.testing.assert_array_equal(got.copy_to_host(), want)


def test_all_nan_slice_raises():
    with pytest.raises(ValueError, match="All-NaN"):
        nam.nanargmax(cuda.to_device(np.full((4, 3000), np.nan, np.float32)), axis=1)


def test_work_follows_the_given_stream():
    stream = cuda.stream()
    a = np.arange(100_000, dtype=np.float32)[::-1].copy()
    d = cuda.to_device(a, stream=stream)
    result = backend.reduce(NANARGMIN, d, None, None, False, stream=stream)
    stream.synchronize()
    assert int(result.copy_to_host()) == a.size - 1


@cuda.jit
def _fill_last_one(a):
    i = cuda.grid(1)
    stride = cuda.gridsize(1)
    while i < a.size:
        a[i] = 1 if i == a.size - 1 else 0
        i += stride


def test_indices_past_two_to_the_31():
    n = 2**31 + 100
    d = cuda.device_array(n, dtype=np.int8)
    _fill_last_one[1024, 256](d)
    assert int(backend.reduce(ARGMAX, d, None, None, False).copy_to_host()) == n - 1
    del d


def test_cupy_arrays():
    cupy = pytest.importorskip("cupy")
    a = cupy.asarray([[1.0, 5.0, 5.0], [7.0, 0.0, 7.0]])
    np.testing.assert_array_equal(nam.argmax(a, axis=1).copy_to_host(), [1, 0])


def test_torch_tensors():
    torch = pytest.importorskip("torch")
    t = torch.tensor([[1.0, 5.0, 5.0], [7.0, 0.0, 7.0]], device="cuda")
    np.testing.assert_array_equal(nam.argmin(t.T, axis=0).copy_to_host(), [0, 1])


def test_kernels_launch_through_the_packed_parameters_without_warnings():
    import warnings

    from numba_argmax.cuda import _launch

    d = cuda.to_device(np.arange(1000, dtype=np.float32))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. numba's low-occupancy warning
        assert int(nam.argmax(d).copy_to_host()) == 999
        assert int(nam.nanargmin(d).copy_to_host()) == 0
    # Our packing matched numba-cuda's for every kernel launched so far; a
    # numba-cuda release changing its data model would show here first.
    assert _launch._PACKING_OK and all(_launch._PACKING_OK.values())


def test_random_layouts_against_numpy():
    # Random shapes (up to 3M elements), every dtype, strided and reversed
    # device views, C and F copies of transposes, None / int / tuple axes,
    # NaN and NaT (this ran with seeds 1 and 2, 250 cases each, on an H100).
    rng = np.random.default_rng(3)
    dtypes = ["bool", "int8", "uint8", "int16", "int32", "uint32", "int64", "uint64", "float16",
              "float32", "float64", "complex64", "complex128", "datetime64[s]"]
    for _ in range(120):
        ndim = int(rng.integers(1, 4))
        limit = 3000 if rng.random() < 0.3 else 70
        shape = tuple(int(rng.integers(1, limit)) for _ in range(ndim))
        while np.prod(shape) > 3_000_000:
            shape = tuple(max(1, n // 2) for n in shape)
        dtype = dtypes[int(rng.integers(len(dtypes)))]
        values = rng.integers(-3, 4, shape)
        if dtype == "bool":
            a = values > 1
        elif dtype.startswith("datetime"):
            a = values.astype(np.int64).view(dtype)
            if rng.random() < 0.5:
                a.reshape(-1)[rng.integers(0, a.size, 3)] = np.datetime64("NaT")
        else:
            a = values.astype(dtype)
            if a.dtype.kind in "fc" and rng.random() < 0.5:
                a.reshape(-1)[rng.integers(0, a.size, max(1, a.size // 50))] = np.nan
        index = tuple(slice(None, None, int(rng.choice([1, 1, 2, -1, 3]))) for _ in range(ndim))
        view = a[index]
        device = cuda.to_device(a)[index]  # a strided device view
        if rng.random() < 0.4:
            view = view.transpose(rng.permutation(ndim))
            copy = np.ascontiguousarray if rng.random() < 0.5 else np.asfortranarray
            device = cuda.to_device(copy(view))
        choice = rng.random()
        axis = None if choice < 0.3 else int(rng.integers(-view.ndim, view.ndim))
        if choice > 0.85 and view.ndim > 1:
            axis = tuple(int(ax) for ax in rng.choice(view.ndim, 2, replace=False))
        for ours, theirs in OPS:
            if isinstance(axis, tuple):
                kept = [k for k in range(view.ndim) if k not in axis]
                moved = np.transpose(view, kept + list(axis))
                args = (moved.reshape([view.shape[k] for k in kept] + [-1]), -1)
            else:
                args = (view, axis)
            try:
                want = theirs(args[0], axis=args[1])
            except ValueError:
                with pytest.raises(ValueError):
                    ours(device, axis=axis)
                continue
            got = ours(device, axis=axis).copy_to_host()
            np.testing.assert_array_equal(got, want, err_msg=f"{ours.__name__} {dtype} "
                                          f"{view.shape} {view.strides} {axis}")
