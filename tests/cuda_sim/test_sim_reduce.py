"""argmax/argmin/nanargmax/nanargmin on CUDA-simulator device arrays, against NumPy.

Runs only with NUMBA_ENABLE_CUDASIM=1 (tests/test_cuda_sim.py starts it).
The launch parameters are shrunk so that small arrays reach every kernel
path: warp per row, block per row split over blocks (last-block-done),
thread per column split over blocks, and the gathering copy.
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

import numba_argmax as nam  # noqa: E402
from numba_argmax.cuda import TUNING  # noqa: E402

OPS = [(nam.argmax, np.argmax), (nam.argmin, np.argmin),
       (nam.nanargmax, np.nanargmax), (nam.nanargmin, np.nanargmin)]


@pytest.fixture(autouse=True)
def small_launches(monkeypatch):
    # 16 nominal SMs * 1 = 16 target blocks; rows of >= 64 get a block.
    monkeypatch.setattr(TUNING, "block_size", 32)
    monkeypatch.setattr(TUNING, "block_row_min", 64)
    monkeypatch.setattr(TUNING, "blocks_per_sm", 1)
    monkeypatch.setattr(TUNING, "min_segment", 32)
    monkeypatch.setattr(TUNING, "min_column_segment", 4)


def host(result):
    assert isinstance(result, FakeCUDAArray), type(result)
    return result.copy_to_host()


def expect_same(ours, theirs, a, **kwargs):
    """``ours`` on a device copy of ``a`` equals NumPy's ``theirs`` (or its error)."""
    try:
        expected = theirs(a, **kwargs)
    except ValueError as error:
        with pytest.raises(ValueError, match=re.escape(str(error))):
            ours(cuda.to_device(a), **kwargs)
        return
    got = host(ours(cuda.to_device(a), **kwargs))
    assert got.shape == np.shape(expected)
    np.testing.assert_array_equal(got, expected)


def values_for(dtype, rng, n, with_nan):
    """``n`` values of ``dtype`` full of ties and, if asked, NaN/NaT."""
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return rng.integers(0, 2, n).astype(bool)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        picks = np.array([info.min, info.min + 1, 0, 1, info.max - 1, info.max], dtype=dtype)
        return rng.choice(picks, n)
    if dtype.kind in "mM":
        values = rng.integers(-3, 3, n).astype(np.int64)
        if with_nan:
            values[rng.integers(0, n, 3)] = np.iinfo(np.int64).min
        return values.view(dtype)
    picks = [-np.inf, -1.5, -0.0, 0.0, 1.5, np.inf] + ([np.nan] if with_nan else [])
    if dtype.kind == "c":
        values = np.empty(n, dtype)
        values.real = rng.choice(picks, n)
        values.imag = rng.choice(picks, n)
        return values
    return rng.choice(picks, n).astype(dtype)


#: One dtype per kernel key kind and width (each simulated launch is slow;
#: every dtype's PTX is compiled by tests/test_cuda_ptx.py).
DTYPES = ["bool", "int8", "uint16", "int64", "float16", "float64", "complex64",
          "datetime64[s]"]


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_dtype_matches_numpy(dtype):
    rng = np.random.default_rng(len(dtype))
    a = values_for(dtype, rng, 40, with_nan=False)
    for ours, theirs in OPS[:2]:
        expect_same(ours, theirs, a)
    if np.dtype(dtype).kind in "fcmM":
        a = values_for(dtype, rng, 40, with_nan=True)
        for ours, theirs in OPS:
            expect_same(ours, theirs, a)
    else:  # no NaN: the nan-variants are argmax/argmin
        expect_same(nam.nanargmax, np.nanargmax, a)


def test_uint64_beyond_int64_and_signed_zero_ties():
    a = np.array([2**63, 2**64 - 1, 5, 2**64 - 1], dtype=np.uint64)
    assert host(nam.argmax(cuda.to_device(a))) == 1
    assert host(nam.argmin(cuda.to_device(a))) == 2
    z = np.array([0.0, -0.0, 0.0, -0.0], dtype=np.float16)
    assert host(nam.argmax(cuda.to_device(z))) == 0
    assert host(nam.argmin(cuda.to_device(z))) == 0


def test_nan_rules():
    a = np.array([np.nan, -np.inf, 1.0])
    assert host(nam.nanargmax(cuda.to_device(a[:2]))) == 0  # NaN counts as -inf
    assert host(nam.nanargmin(cuda.to_device(a))) == 1
    assert host(nam.argmin(cuda.to_device(a))) == 0
    c = np.array([1 + 1j, 1 + 2j, 1 + np.nan * 1j, 2 + 0j], dtype=np.complex64)
    assert host(nam.argmax(cuda.to_device(c))) == 2
    assert host(nam.nanargmax(cuda.to_device(c))) == 3
    with pytest.raises(ValueError, match="All-NaN slice encountered"):
        nam.nanargmax(cuda.to_device(np.array([[1.0, np.nan], [np.nan, np.nan]])), axis=1)
    # The error flag is a cached workspace: the failed call leaves it cleared.
    assert host(nam.nanargmax(cuda.to_device(a[1:]))) == 1
    np.testing.assert_array_equal(
        host(nam.nanargmin(cuda.to_device(np.array([[1.0, np.nan], [np.nan, 2.0]])), axis=1)),
        [0, 1])


@pytest.mark.parametrize("n", [101])
def test_long_rows_split_over_blocks_keep_first_occurrence(n):
    # Every block-per-row segment holds the extreme: the first one must win,
    # as must the first NaN when several segments hold one.
    a = np.zeros((2, n))
    a[:, 5::37] = 9.0
    a[0, 3::41] = np.nan
    a[1, :] = -1.0
    a[1, n - 1] = 2.0
    # argmax (NaN wins) and nanargmin (NaN skipped) cover both merge rules;
    # each simulated launch of this size takes seconds.
    for ours, theirs in (OPS[0], OPS[3]):
        expect_same(ours, theirs, a, axis=1)
    expect_same(nam.argmax, np.argmax, a, axis=None)  # one row split over the grid


@pytest.mark.parametrize("dtype", ["float32", "complex128"])
def test_grouped_loads_keep_first_occurrence_and_first_nan(dtype, monkeypatch):
    # Each thread scans 19 elements: two groups of 8 loads and a tail of 3
    # (keys of up to 4 bytes), four groups of 4 and a tail of 3 (wider keys),
    # in a warp per row (lanes striding 32) and a thread per column.
    monkeypatch.setattr(TUNING, "block_row_min", 10**6)
    monkeypatch.setattr(TUNING, "min_column_segment", 10**6)
    rng = np.random.default_rng(7)
    row = rng.integers(0, 4, 32 * 19).astype(dtype)
    if row.dtype.kind in "fc":
        # Two NaNs in one group of lanes 1 and 5 (column 1): the first must win.
        row[[32 * 10 + 1, 32 * 11 + 1, 32 * 10 + 5, 32 * 11 + 5]] = np.nan
    column = row.reshape(19, 32)[:, :3].copy()
    for ours, theirs in OPS:
        expect_same(ours, theirs, row[None, :], axis=1)  # a warp per row
        expect_same(ours, theirs, column, axis=0)  # a thread per column


def test_columns_split_over_blocks():
    rng = np.random.default_rng(1)
    a = rng.integers(0, 3, (90, 5)).astype(np.float32)
    a[50:, 2] = np.nan
    a[:, 4] = np.nan
    a[7, 4] = 1.0
    for ours, theirs in OPS:
        expect_same(ours, theirs, a, axis=0)


def test_layouts_views_and_tuple_axes():
    rng = np.random.default_rng(2)
    base = rng.integers(0, 4, (3, 4, 6)).astype(np.float64)
    base[1, 2, 3] = np.nan
    device = cuda.to_device(base)
    cases = [
        (base[:, ::2, ::-3], device[:, ::2, ::-3], [None, 0, -1, (2, 0)]),
        (base.T, device.T, [None, 1, (0, 1)]),
        (base[1, 1, 1], device[1:2, 1, 1].reshape(()), [None, 0]),
    ]
    for a, d, axes in cases:
        for axis in axes:
            keepdims = axis == 0
            got = host(nam.argmax(d, axis=axis, keepdims=keepdims))
            want = _numpy_tuple_axis(np.argmax, a, axis, keepdims)
            np.testing.assert_array_equal(got, want, err_msg=f"{a.shape} {axis}")


def _numpy_tuple_axis(func, a, axis, keepdims):
    a = np.asarray(a)
    if not isinstance(axis, tuple):
        return func(a, axis=axis, keepdims=keepdims)
    kept = [ax for ax in range(a.ndim) if ax not in axis]
    moved = np.transpose(a, kept + list(axis)).reshape([a.shape[ax] for ax in kept] + [-1])
    result = func(moved, axis=-1)
    if keepdims:
        result = np.expand_dims(result, axis)
    return result


def test_out_is_written_with_a_cast_and_left_alone_on_error():
    a = np.array([[3.0, 7.0, 7.0], [np.nan, 1.0, 0.0]])
    out = cuda.to_device(np.full((4, 2), -5, dtype=np.int32))[::2, 0]
    assert nam.argmax(cuda.to_device(a), axis=1, out=out) is out
    np.testing.assert_array_equal(out.copy_to_host(), [1, 0])
    untouched = cuda.to_device(np.full(2, -5, dtype=np.int64))
    with pytest.raises(ValueError, match="All-NaN"):
        nam.nanargmax(cuda.to_device(np.array([[np.nan], [1.0]])), axis=1, out=untouched)
    np.testing.assert_array_equal(untouched.copy_to_host(), [-5, -5])
    with pytest.raises(ValueError, match="does not match result of np.argmax"):
        nam.argmax(cuda.to_device(a), axis=0, out=untouched)
    with pytest.raises(TypeError, match="Cannot cast"):
        nam.argmax(cuda.to_device(a), axis=1, out=cuda.to_device(np.zeros(2, np.uint64)))
    with pytest.raises(TypeError, match="CUDA device array"):
        nam.argmax(cuda.to_device(a), axis=1, out=np.zeros(2, np.int64))


def test_errors_like_numpy():
    d = cuda.to_device(np.zeros((2, 0)))
    with pytest.raises(ValueError, match="attempt to get argmax of an empty sequence"):
        nam.argmax(d, axis=1)
    assert host(nam.argmin(d, axis=0)).shape == (0,)
    with pytest.raises(np.exceptions.AxisError):
        nam.argmax(cuda.to_device(np.zeros(3)), axis=1)


def test_random_shapes_against_numpy():
    rng = np.random.default_rng(3)
    for case in range(4):
        shape = tuple(rng.integers(1, 7, rng.integers(1, 4)))
        a = rng.integers(-2, 3, shape).astype(np.float32)
        a[rng.random(shape) < 0.1] = np.nan
        axis = int(rng.integers(-len(shape), len(shape)))
        ours, theirs = OPS[case]
        expect_same(ours, theirs, a, axis=axis)


def test_explicit_stream_is_accepted():
    from numba_argmax import cuda as backend
    from numba_argmax._ops import ARGMIN

    stream = cuda.stream()
    result = backend.reduce(ARGMIN, cuda.to_device(np.array([2, 0, 0])), None, None, False,
                            stream=stream)
    assert host(result) == 1
