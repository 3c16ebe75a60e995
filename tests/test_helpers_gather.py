"""take_along_axis and unravel_index against NumPy (cases from NumPy's own tests + hypothesis)."""

import contextlib

import numpy as np
import pytest
from _helpers_oracle import assert_same, assert_same_error
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.exceptions import AxisError

import numba_argmax as nam
from numba_argmax._originals import NUMPY_TAKE_ALONG_AXIS, NUMPY_UNRAVEL_INDEX
from numba_argmax.cpu import _gather

DTYPES = ["?", "i1", "u2", "i4", "i8", "e", "f4", "f8", "c8", "c16", "M8[s]", "m8[ms]", "U3",
          "S8", "g", "O"]


def _values(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    raw = rng.integers(-50, 50, size=shape)
    if np.dtype(dtype).kind in "US":
        return raw.astype(str).astype(dtype)
    return raw.astype(dtype)


# --- take_along_axis: NumPy's TestTakeAlongAxis -------------------------------


def pytest_generate_tests(metafunc):
    """Every take_along_axis and unravel_index test twice: as routed (small
    inputs, and 2-D indices or any unravel_index off threads, by NumPy's
    own code, see _gather.NUMPY_MAX_INDICES) and with every call on the
    kernels (unravel_index's on 2 threads)."""
    if metafunc.function.__name__.startswith(("test_take", "test_unravel")):
        metafunc.parametrize("gather_route", ["routed", "kernels"], indirect=True)


@pytest.fixture(autouse=True)
def gather_route(request, monkeypatch):
    if getattr(request, "param", "routed") == "kernels":
        monkeypatch.setattr(_gather, "NUMPY_MAX_INDICES", 0)
        monkeypatch.setattr(_gather, "NUMPY_SERIAL_MAX_NDIM", 0)
        if request.function.__name__.startswith("test_unravel"):
            monkeypatch.setattr(_gather, "PARALLEL_MIN_SIZE", 0)
            monkeypatch.setattr(_gather, "parallel_slot", lambda wanted: contextlib.nullcontext(2))


def test_take_routes_small_and_2d_indices_to_fancy_indexing(monkeypatch, gather_route):
    """Fewer than NUMPY_MAX_INDICES indices, and 1-D/2-D ones off threads,
    are NumPy's fancy indexing; larger ones of 3+ dimensions the kernel's."""
    calls = []
    kernel = _gather.take_3d
    monkeypatch.setattr(_gather, "take_3d", lambda *views: calls.append(1) or kernel(*views))
    routed = _gather.NUMPY_MAX_INDICES > 0
    a = _values((8, 21, 16, 16), "f4")
    ai = np.argmax(a, axis=1, keepdims=True)
    small, small_indices = a[:, :, :2, :2], ai[:, :, :2, :2]  # 32 indices
    assert_same(nam.take_along_axis(small, small_indices, 1),
                NUMPY_TAKE_ALONG_AXIS(small, small_indices, 1))
    assert bool(calls) is not routed
    del calls[:]
    # 2048 indices of 4 dimensions: the kernel's
    assert_same(nam.take_along_axis(a, ai, 1), NUMPY_TAKE_ALONG_AXIS(a, ai, 1))
    assert calls
    del calls[:]
    b = _values((3000, 10), "f8")
    bi = np.argmax(b, axis=1, keepdims=True)
    assert_same(nam.take_along_axis(b, bi, 1), NUMPY_TAKE_ALONG_AXIS(b, bi, 1))
    assert bool(calls) is not routed


def _add_keepdims(func):
    def wrapped(a, axis, **kwargs):
        res = func(a, axis=axis, **kwargs)
        if axis is None:
            axis = 0  # res is now a scalar, so we can insert this anywhere
        return np.expand_dims(res, axis=axis)

    return wrapped


def test_take_argequivalent():
    a = np.random.default_rng(1).random((3, 4, 5))
    funcs = [
        (np.sort, np.argsort),
        (_add_keepdims(np.min), _add_keepdims(np.argmin)),
        (_add_keepdims(np.max), _add_keepdims(np.argmax)),
    ]
    for func, argfunc in funcs:
        for axis in [*range(a.ndim), None]:
            expected = func(a, axis=axis)
            np.testing.assert_array_equal(nam.take_along_axis(a, argfunc(a, axis=axis), axis=axis),
                                          expected)


def test_take_invalid():
    a = np.ones((10, 10))
    ai = np.ones((10, 2), dtype=np.intp)
    nam.take_along_axis(a, ai, axis=1)
    with pytest.raises(ValueError):
        nam.take_along_axis(a, np.array(1), axis=1)  # not enough indices
    with pytest.raises(IndexError):
        nam.take_along_axis(a, ai.astype(bool), axis=1)
    with pytest.raises(IndexError):
        nam.take_along_axis(a, ai.astype(float), axis=1)
    with pytest.raises(AxisError):
        nam.take_along_axis(a, ai, axis=10)
    with pytest.raises(ValueError):
        nam.take_along_axis(a, ai, axis=None)


def test_take_empty():
    a = np.ones((3, 4, 5))
    ai = np.ones((3, 0, 5), dtype=np.intp)
    assert_same(nam.take_along_axis(a, ai, axis=1), NUMPY_TAKE_ALONG_AXIS(a, ai, axis=1))


def test_take_broadcast():
    a = np.ones((3, 4, 1))
    ai = np.ones((1, 2, 5), dtype=np.intp)
    assert nam.take_along_axis(a, ai, axis=1).shape == (3, 2, 5)


# --- take_along_axis: beyond NumPy's tests ------------------------------------


def test_take_default_axis_is_last():
    a = _values((2, 3, 4), "i8")
    ai = np.array([[[3, 0]]]).repeat(2, 0).repeat(3, 1)
    assert_same(nam.take_along_axis(a, ai), NUMPY_TAKE_ALONG_AXIS(a, ai))


@pytest.mark.parametrize("dtype", DTYPES)
def test_take_every_dtype(dtype):
    a = _values((3, 5), dtype)
    ai = np.array([[4, 0, -1], [2, 2, -5], [1, 0, 3]])
    ai0 = np.array([[2, 0, -1, 1, -3], [0, 0, 2, 1, 1]])
    for axis in (0, 1, -1):
        idx = ai if axis else ai0
        assert_same(nam.take_along_axis(a, idx, axis), NUMPY_TAKE_ALONG_AXIS(a, idx, axis))
    flat = np.array([0, 14, -15, 7])
    assert_same(nam.take_along_axis(a, flat, None), NUMPY_TAKE_ALONG_AXIS(a, flat, None))


def test_take_byteswapped_and_unaligned():
    a = np.arange(12, dtype=">i4").reshape(3, 4)
    ai = np.array([[3], [0], [1]])
    assert_same(nam.take_along_axis(a, ai, 1), NUMPY_TAKE_ALONG_AXIS(a, ai, 1))
    raw = np.zeros(12 * 8 + 1, dtype=np.uint8)[1:].view(np.float64).reshape(3, 4)
    assert not raw.flags.aligned
    assert_same(nam.take_along_axis(raw, ai, 1), NUMPY_TAKE_ALONG_AXIS(raw, ai, 1))


@pytest.mark.parametrize("idx_dtype", ["i1", "u1", "i2", "u4", "i8", "u8", ">i8"])
def test_take_index_dtypes(idx_dtype):
    a = _values((4, 6), "f8")
    ai = np.array([[5, 0], [1, 2], [0, 0], [3, 4]], dtype=idx_dtype)
    assert_same(nam.take_along_axis(a, ai, 1), NUMPY_TAKE_ALONG_AXIS(a, ai, 1))


def test_take_uint64_wraps_like_numpy():
    a = np.arange(3)
    ai = np.array([2**64 - 1], dtype=np.uint64)  # NumPy casts to intp: -1
    assert_same(nam.take_along_axis(a, ai, 0), NUMPY_TAKE_ALONG_AXIS(a, ai, 0))


@pytest.mark.parametrize(
    "arr_shape, idx_shape, axis",
    [
        ((3, 4, 5), (3, 4, 5), 0),
        ((3, 4, 5), (1, 7, 5), 1),
        ((3, 4, 1), (3, 2, 6), 1),
        ((3, 1, 5), (1, 2, 1), 2),
        ((2, 3, 4, 5), (2, 1, 4, 1), 3),
        ((2, 3, 4, 5), (1, 3, 2, 5), 2),
        ((5,), (0,), 0),
        ((0, 3), (0, 3), 1),
        ((0, 3), (1, 2), 1),
    ],
)
def test_take_shapes(arr_shape, idx_shape, axis):
    a = _values(arr_shape, "f4")
    m = max(arr_shape[axis], 1)
    ai = np.random.default_rng(2).integers(-m, m, size=idx_shape)
    assert_same(nam.take_along_axis(a, ai, axis), NUMPY_TAKE_ALONG_AXIS(a, ai, axis))


def test_take_strided_layouts():
    base = _values((6, 8, 10), "i2")
    a = base[::2, 1::3, ::-1].transpose(2, 0, 1)
    ai = np.random.default_rng(3).integers(-3, 3, size=(20, 3, 3))[::2]
    for axis in range(3):
        idx = np.moveaxis(ai, 0, axis)[:, :, :]
        idx = idx if axis == 0 else np.random.default_rng(axis).integers(
            -a.shape[axis], a.shape[axis], size=a.shape[:axis] + (4,) + a.shape[axis + 1:]
        )
        assert_same(nam.take_along_axis(a, idx, axis), NUMPY_TAKE_ALONG_AXIS(a, idx, axis))
    f = np.asfortranarray(_values((5, 7), "c16"))
    idx = np.asfortranarray(np.random.default_rng(4).integers(-7, 7, size=(5, 9)))
    assert_same(nam.take_along_axis(f, idx, 1), NUMPY_TAKE_ALONG_AXIS(f, idx, 1))


@pytest.mark.parametrize(
    "arr, idx, axis",
    [
        (np.ones((3, 4)), np.array([[4]]), 1),  # out of bounds
        (np.ones((3, 4)), np.array([[-5]]), 1),
        (np.ones((3, 0)), np.array([[0]]), 1),
        (np.ones((3, 4)), np.ones((2, 1), dtype=int), 1),  # shapes do not broadcast
        (np.ones((3, 4)), np.ones((3, 1), dtype=bool), 1),
        (np.ones((3, 4)), np.ones((3, 1)), 1),
        (np.ones((3, 4)), np.ones((3, 1), dtype=int), 2),
        (np.ones((3, 4)), np.ones((3, 1), dtype=int), -3),
        (np.ones((3, 4)), np.ones((3, 1), dtype=int), 1.0),
        (np.ones((3, 4)), np.ones((3, 1), dtype=int), None),
        (np.ones((3, 4)), np.ones(3, dtype=int), 0),
        (np.ones(()), np.ones((), dtype=int), 0),
        (np.ones(()), np.array([1]), None),
        (np.ones((3, 4)), np.array([12]), None),
        ([1, 2, 3], np.array([0]), 0),
        (np.ones(3), [0], 0),
    ],
)
def test_take_errors(arr, idx, axis):
    assert_same_error(nam.take_along_axis, NUMPY_TAKE_ALONG_AXIS, arr, idx, axis)


def test_take_zero_d_flattened():
    a = np.array(7.5)
    assert_same(nam.take_along_axis(a, np.array([0, -1]), None),
                NUMPY_TAKE_ALONG_AXIS(a, np.array([0, -1]), None))


def test_take_parallel_path(monkeypatch):
    monkeypatch.setattr(_gather, "PARALLEL_MIN_SIZE", 1)
    a = _values((7, 9, 5), "f8")
    ai = np.random.default_rng(5).integers(-9, 9, size=(7, 11, 5))
    assert_same(nam.take_along_axis(a, ai, 1), NUMPY_TAKE_ALONG_AXIS(a, ai, 1))
    bad = ai.copy()
    bad[6, 10, 4] = 9
    assert_same_error(nam.take_along_axis, NUMPY_TAKE_ALONG_AXIS, a, bad, 1)


def test_take_subclass_goes_to_numpy():
    m = np.ma.masked_array([[3, 1], [2, 5]], mask=[[0, 1], [0, 0]])
    result = nam.take_along_axis(m, np.array([[1], [0]]), 1)
    assert type(result) is np.ma.MaskedArray
    assert_same(result.mask, NUMPY_TAKE_ALONG_AXIS(m, np.array([[1], [0]]), 1).mask)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_take_hypothesis(data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=4, min_side=0, max_side=4))
    dtype = data.draw(st.sampled_from(["?", "i1", "u4", "f8", "e", "c8", "M8[D]"]))
    a = _values(shape, dtype, data.draw(st.integers(0, 9)))
    axis = data.draw(st.integers(-len(shape), len(shape) - 1) | st.none())
    if axis is None:
        idx_shape = (data.draw(st.integers(0, 5)),)
        m = a.size
    else:
        # Non-axis dims: equal, 1 on either side (broadcast) or, rarely, a mismatch.
        idx_shape = tuple(
            data.draw(st.integers(0, 5)) if d == axis % len(shape)
            else data.draw(st.sampled_from([n, 1, n, 3])) for d, n in enumerate(shape)
        )
        a = a if data.draw(st.booleans()) else a[tuple(
            slice(None) if n != 1 or d == axis % len(shape) else slice(0, 1)
            for d, n in enumerate(shape))]
        m = shape[axis]
    ai = np.random.default_rng(0).integers(-m - 1, m + 1, size=idx_shape)
    try:
        expected = NUMPY_TAKE_ALONG_AXIS(a, ai, axis)
    except Exception as exc:  # noqa: BLE001 - any NumPy error must be ours too
        with pytest.raises(type(exc)):
            nam.take_along_axis(a, ai, axis)
        return
    assert_same(nam.take_along_axis(a, ai, axis), expected)


# --- unravel_index: NumPy's TestRavelUnravelIndex ------------------------------


def test_unravel_basic():
    assert nam.unravel_index(2, (2, 2)) == (1, 0)
    assert nam.unravel_index(indices=2, shape=(2, 2)) == (1, 0)
    with pytest.raises(TypeError):
        nam.unravel_index(indices=2, hape=(2, 2))
    with pytest.raises(TypeError):
        nam.unravel_index(2, hape=(2, 2))
    with pytest.raises(TypeError):
        nam.unravel_index(254, ims=(17, 94))
    with pytest.raises(TypeError):
        nam.unravel_index(254, dims=(17, 94))
    assert nam.unravel_index(254, (17, 94)) == (2, 66)
    with pytest.raises(ValueError):
        nam.unravel_index(-1, (2, 2))
    with pytest.raises(TypeError):
        nam.unravel_index(0.5, (2, 2))
    with pytest.raises(ValueError):
        nam.unravel_index(4, (2, 2))
    np.testing.assert_array_equal(nam.unravel_index((2 * 3 + 1) * 6 + 4, (4, 3, 6)), [2, 1, 4])
    np.testing.assert_array_equal(nam.unravel_index(np.array([22, 41, 37]), (7, 6)),
                                  [[3, 6, 6], [4, 5, 1]])
    np.testing.assert_array_equal(nam.unravel_index(np.array([31, 41, 13]), (7, 6), order="F"),
                                  [[3, 6, 6], [4, 5, 1]])
    np.testing.assert_array_equal(nam.unravel_index(1621, (6, 7, 8, 9)), [3, 1, 4, 1])


def test_unravel_empty_indices():
    msg1 = "indices must be integral: the provided empty sequence was"
    msg2 = "only int indices permitted"
    with pytest.raises(TypeError, match=msg1):
        nam.unravel_index([], (10, 3, 5))
    with pytest.raises(TypeError, match=msg1):
        nam.unravel_index((), (10, 3, 5))
    with pytest.raises(TypeError, match=msg2):
        nam.unravel_index(np.array([]), (10, 3, 5))
    np.testing.assert_array_equal(nam.unravel_index(np.array([], dtype=int), (10, 3, 5)),
                                  [[], [], []])


def test_unravel_big_indices():
    with pytest.raises(ValueError):
        nam.unravel_index(1, (2**32 - 1, 2**31 + 1))


@pytest.mark.parametrize("dtype", [np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64])
def test_unravel_dtypes(dtype):
    coords = np.array([[1, 0, 1, 2, 3, 4], [1, 6, 1, 3, 2, 0]], dtype=dtype)
    shape = (5, 8)
    np.testing.assert_array_equal(coords, nam.unravel_index(8 * coords[0] + coords[1], shape))
    np.testing.assert_array_equal(
        coords, nam.unravel_index(coords[0] + 5 * coords[1], shape, order="F"))
    coords = np.array([[1, 0, 1, 2, 3, 4], [1, 6, 1, 3, 2, 0], [1, 3, 1, 0, 9, 5]], dtype=dtype)
    shape = (5, 8, 10)
    flat = 10 * (8 * coords[0] + coords[1]) + coords[2]
    np.testing.assert_array_equal(coords, nam.unravel_index(flat, shape))
    flat = coords[0] + 5 * (coords[1] + 8 * coords[2])
    np.testing.assert_array_equal(coords, nam.unravel_index(flat, shape, order="F"))


def test_unravel_writeability():
    x, y = nam.unravel_index([1, 2, 3], (4, 5))
    assert x.flags.writeable
    assert y.flags.writeable


def test_unravel_0d():
    assert nam.unravel_index(0, ()) == ()
    with pytest.raises(ValueError, match="0d array"):
        nam.unravel_index([0], ())
    with pytest.raises(ValueError, match="out of bounds"):
        nam.unravel_index([1], ())


def test_unravel_empty_array():
    res = nam.unravel_index(np.zeros(0, dtype=np.intp), (2, 1, 0))
    assert len(res) == 3
    assert all(a.shape == (0,) for a in res)
    with pytest.raises(ValueError):
        nam.unravel_index([1], (2, 1, 0))


def test_unravel_regression_size_1_index():
    got = nam.unravel_index(np.array([[1, 0, 1, 0]], dtype=np.uint32), (4,))
    assert_same(got, NUMPY_UNRAVEL_INDEX(np.array([[1, 0, 1, 0]], dtype=np.uint32), (4,)))


# --- unravel_index: beyond NumPy's tests --------------------------------------


@pytest.mark.parametrize(
    "indices",
    [
        5,
        np.int8(3),
        np.uint64(7),
        True,
        np.array(4),
        [1, 2, 3],
        [[0, 11], [5, 6]],
        np.array([[0, 11], [5, 6]], dtype=np.int16).T,
        np.arange(24)[::-5],
        np.array([True, False]),
        np.array([3, 1], dtype=">i4"),
    ],
)
@pytest.mark.parametrize("shape", [(2, 3, 4), 24, (24,), [4, 6], np.array([6, 4]), (1, 24, 1)])
@pytest.mark.parametrize("order", ["C", "F", "c", None])
def test_unravel_matches_numpy(indices, shape, order):
    assert_same(nam.unravel_index(indices, shape, order),
                NUMPY_UNRAVEL_INDEX(indices, shape, order=order))


@pytest.mark.parametrize(
    "indices, shape, order",
    [
        (6, (2, 3), "C"),
        (-1, (2, 3), "C"),
        (np.array([0, 6]), (2, 3), "F"),
        (np.array([2**64 - 1], dtype=np.uint64), (2, 3), "C"),
        (0, (0, 3), "C"),
        (0, (-1, 3), "C"),
        (0, 2.0, "C"),
        (0, (2, 3), "A"),
        (0, (2, 3), "X"),
        (0, (2, 3), 1),
        (1.5, (2, 3), "C"),
        (np.array([1.0]), (2, 3), "C"),
        (["a"], (2, 3), "C"),
        (2**70, (2, 3), "C"),
        (0, (2**62, 2**62), "C"),
        (np.array([1, 2]), (), "C"),
    ],
)
def test_unravel_errors(indices, shape, order):
    assert_same_error(nam.unravel_index, NUMPY_UNRAVEL_INDEX, indices, shape, order=order)


def test_unravel_parallel_path(monkeypatch):
    monkeypatch.setattr(_gather, "PARALLEL_MIN_SIZE", 1)
    flat = np.random.default_rng(6).integers(0, 60, size=(9, 7))
    for order in "CF":
        assert_same(nam.unravel_index(flat, (3, 4, 5), order),
                    NUMPY_UNRAVEL_INDEX(flat, (3, 4, 5), order=order))
    flat[8, 6] = 60
    assert_same_error(nam.unravel_index, NUMPY_UNRAVEL_INDEX, flat, (3, 4, 5))


@settings(max_examples=40, deadline=None)
@given(
    shape=hnp.array_shapes(min_dims=1, max_dims=5, min_side=0, max_side=5),
    idx_shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
    order=st.sampled_from("CF"),
    dtype=st.sampled_from(["i1", "u2", "i4", "i8", "u8"]),
    seed=st.integers(0, 9),
)
def test_unravel_hypothesis(shape, idx_shape, order, dtype, seed):
    size = int(np.prod(shape))
    high = min(size + 1, np.iinfo(dtype).max)
    low = 0 if np.dtype(dtype).kind == "u" else max(-1, np.iinfo(dtype).min)
    indices = np.random.default_rng(seed).integers(low, high + 1, size=idx_shape).astype(dtype)
    try:
        expected = NUMPY_UNRAVEL_INDEX(indices, shape, order=order)
    except ValueError as exc:
        with pytest.raises(ValueError, match=str(exc).split(" is ")[1]):
            nam.unravel_index(indices, shape, order)
        return
    assert_same(nam.unravel_index(indices, shape, order), expected)
