"""The CUDA backend's extra functions (values, take, unravel, coords) on the simulator.

Their public wrappers are built on another branch, so the backend functions
are called directly.  Runs only with NUMBA_ENABLE_CUDASIM=1.
"""

import os
import re

import pytest

if os.environ.get("NUMBA_ENABLE_CUDASIM") != "1":
    pytest.skip("needs NUMBA_ENABLE_CUDASIM=1 (run by tests/test_cuda_sim.py)",
                allow_module_level=True)

import numpy as np  # noqa: E402
from numba import cuda  # noqa: E402
from numba.cuda.simulator.cudadrv.devicearray import FakeCUDAArray  # noqa: E402

from numba_argmax import cuda as backend  # noqa: E402
from numba_argmax._ops import ARGMAX, ARGMIN, NANARGMAX  # noqa: E402


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch):
    monkeypatch.setattr(backend.TUNING, "block_size", 32)


def host(result):
    assert isinstance(result, FakeCUDAArray), type(result)
    return result.copy_to_host()


def sample(dtype):
    a = np.array([[3, 1, 7, 7], [0, 5, 2, 5], [4, 4, 1, 0]]).astype(dtype)
    if np.dtype(dtype).kind in "fc":
        a[2, 1] = np.nan
    if np.dtype(dtype).kind == "M":
        a[2, 1] = np.datetime64("NaT")
    return a


@pytest.mark.parametrize("dtype", ["float16", "int32", "complex64", "datetime64[D]", "bool"])
def test_reduce_with_values_is_max_and_argmax(dtype):
    a = sample(dtype)
    for op, extreme, arg in ((ARGMAX, np.max, np.argmax), (ARGMIN, np.min, np.argmin)):
        for axis, keepdims in ((None, False), (1, False), (0, True)):
            values, indices = backend.reduce_with_values(op, cuda.to_device(a), axis, keepdims)
            got_values = host(values)
            assert got_values.dtype == a.dtype
            np.testing.assert_array_equal(got_values, extreme(a, axis=axis, keepdims=keepdims))
            np.testing.assert_array_equal(host(indices), arg(a, axis=axis, keepdims=keepdims))


def test_take_along_axis_like_numpy():
    a = sample(np.float64)
    d = cuda.to_device(a)
    for indices, axis in [
        (np.array([[0, -1], [2, 1], [3, 3]]), 1),
        (np.array([[2, 0, 1, -3]]), 0),  # broadcast along the kept axis
        (np.array([[1], [0], [2]], dtype=np.uint8), 1),
    ]:
        got = host(backend.take_along_axis(d, cuda.to_device(indices), axis))
        np.testing.assert_array_equal(got, np.take_along_axis(a, indices, axis))
    flat_indices = np.array([11, 0, -2, 5, 5])
    got = host(backend.take_along_axis(d.T, cuda.to_device(flat_indices), None))
    np.testing.assert_array_equal(got, np.take_along_axis(a.T, flat_indices, None))
    argmax = backend.reduce(ARGMAX, d, 1, None, True)
    np.testing.assert_array_equal(
        host(backend.take_along_axis(d, argmax, 1)), np.max(a, axis=1, keepdims=True)
    )


def test_take_along_axis_errors():
    d = cuda.to_device(sample(np.int64))
    bad = np.array([[0], [4], [1]])
    with pytest.raises(IndexError) as expected:
        np.take_along_axis(sample(np.int64), bad, 1)
    with pytest.raises(IndexError, match=re.escape(str(expected.value))):
        backend.take_along_axis(d, cuda.to_device(bad), 1)
    with pytest.raises(IndexError, match="integer array"):
        backend.take_along_axis(d, cuda.to_device(np.zeros((3, 1))), 1)
    with pytest.raises(ValueError, match="same number of dimensions"):
        backend.take_along_axis(d, cuda.to_device(np.zeros(3, np.int64)), 1)


@pytest.mark.parametrize("order", ["C", "F"])
def test_unravel_index_like_numpy(order):
    indices = np.array([[0, 23, 7], [12, 5, 18]])
    got = backend.unravel_index(cuda.to_device(indices)[:, ::-1], (2, 3, 4), order)
    want = np.unravel_index(indices[:, ::-1], (2, 3, 4), order=order)
    assert len(got) == 3
    for g, w in zip(got, want):
        np.testing.assert_array_equal(host(g), w)
    for bad in (24, -1):
        with pytest.raises(ValueError) as expected:
            np.unravel_index(np.array([1, bad]), (2, 3, 4))
        with pytest.raises(ValueError, match=re.escape(str(expected.value))):
            backend.unravel_index(cuda.to_device(np.array([1, bad])), (2, 3, 4), order)


def test_coords_point_at_the_extremes():
    rng = np.random.default_rng(5)
    a = rng.integers(0, 3, (3, 4, 5)).astype(np.float32)
    a[0, 2, 1] = np.nan
    d = cuda.to_device(a)
    got = [host(c) for c in backend.coords(ARGMAX, d, None)]
    assert tuple(int(g) for g in got) == np.unravel_index(np.argmax(a), a.shape)
    got = [host(c) for c in backend.coords(ARGMIN, d, 1)]
    kept = np.indices((3, 5))
    np.testing.assert_array_equal(got[0], kept[0])
    np.testing.assert_array_equal(got[1], np.argmin(a, axis=1))
    np.testing.assert_array_equal(got[2], kept[1])
    got = [host(c) for c in backend.coords(ARGMAX, d, (2, 0))]
    moved = np.transpose(a, (1, 2, 0)).reshape(4, -1)
    flat = np.argmax(moved, axis=1)
    np.testing.assert_array_equal(got[2], flat // 3)
    np.testing.assert_array_equal(got[0], flat % 3)
    np.testing.assert_array_equal(got[1], np.arange(4))
    with pytest.raises(ValueError, match="All-NaN"):
        backend.coords(NANARGMAX, cuda.to_device(np.full((2, 2), np.nan)), 0)
