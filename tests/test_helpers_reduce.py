"""Multi-axis argmax family, argmax_coords/argmin_coords and max_argmax/min_argmin vs NumPy."""

import itertools

import numpy as np
import pytest
from _helpers_oracle import assert_same, moved_reference
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.exceptions import AxisError

import numba_argmax as nam

ARGFUNCS = [
    (nam.argmax, np.argmax),
    (nam.argmin, np.argmin),
    (nam.nanargmax, np.nanargmax),
    (nam.nanargmin, np.nanargmin),
]
DTYPES = ["?", "i1", "u8", "e", "f4", "f8", "c16", "M8[s]", "m8[D]", "U2", "g"]


def _data(shape, dtype, seed=0, nan_rate=0.2, low=-3, high=3):
    """Small value range so ties are common; NaN/NaT sprinkled in float/datetime."""
    rng = np.random.default_rng(seed)
    raw = rng.integers(low, high, size=shape)
    dtype = np.dtype(dtype)
    if dtype.kind == "U":
        return raw.astype(str).astype(dtype)
    a = raw.astype(dtype)
    if dtype.kind == "c":
        a = np.asarray(a + 1j * rng.integers(low, high, size=shape), dtype=dtype)
    if dtype.kind in "fcmM" and a.size:
        holes = rng.random(shape) < nan_rate
        a[holes] = np.array("NaT", dtype) if dtype.kind in "mM" else np.nan
    return a


def _all_axis_tuples(ndim):
    for k in range(ndim + 1):
        yield from itertools.permutations(range(ndim), k)


# --- tuple axis in the core functions -----------------------------------------


@pytest.mark.parametrize("func, numpy_func", ARGFUNCS, ids=lambda f: getattr(f, "__name__", ""))
@pytest.mark.parametrize("dtype", ["i2", "f8"])
def test_tuple_axis_matches_moved_reference(func, numpy_func, dtype):
    a = _data((3, 4, 2), dtype, nan_rate=0.05)
    for axes in _all_axis_tuples(a.ndim):
        if not axes:
            continue
        try:
            expected = moved_reference(numpy_func, a, axes)
        except ValueError:
            with pytest.raises(ValueError, match="All-NaN slice"):
                func(a, axis=axes)
            continue
        got = func(a, axis=axes)
        assert_same(got, expected)
        kd_shape = tuple(1 if ax in axes else n for ax, n in enumerate(a.shape))
        assert_same(func(a, axis=axes, keepdims=True), np.asarray(expected).reshape(kd_shape))


def test_tuple_axis_on_strided_views():
    base = _data((6, 5, 8), "f4", nan_rate=0.0)
    for a in (base[::2, :, ::-3], base.transpose(2, 0, 1), np.asfortranarray(base)):
        for axes in [(0, 2), (2, 0), (1, 2), (0, 1, 2), (2, 1, 0)]:
            assert_same(nam.argmax(a, axis=axes), moved_reference(np.argmax, a, axes))


def test_empty_tuple_axis_is_identity():
    a = _data((2, 3), "f8", nan_rate=0.0)
    assert_same(nam.argmax(a, axis=()), np.zeros((2, 3), dtype=np.intp))
    assert_same(nam.argmin(a, axis=(), keepdims=True), np.zeros((2, 3), dtype=np.intp))
    with pytest.raises(ValueError, match="All-NaN slice"):
        nam.nanargmax(np.array([1.0, np.nan]), axis=())


@pytest.mark.parametrize(
    "axis, error",
    [((0, 0), ValueError), ((0, -2), ValueError), ((0, 2), AxisError), ((-3,), AxisError),
     ((0, 1.0), TypeError)],
)
def test_tuple_axis_errors(axis, error):
    with pytest.raises(error):
        nam.argmax(np.ones((2, 3)), axis=axis)


def test_tuple_axis_empty_reduction():
    with pytest.raises(ValueError, match="empty sequence"):
        nam.argmax(np.ones((2, 0, 3)), axis=(0, 1))
    assert_same(nam.argmax(np.ones((0, 3, 2)), axis=(1, 2)), np.zeros(0, dtype=np.intp))


# --- argmax_coords / argmin_coords ---------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(
    "coords, extreme",
    [(nam.argmax_coords, np.max), (nam.argmin_coords, np.min)],
    ids=["max", "min"],
)
def test_coords_index_the_extreme(dtype, coords, extreme):
    a = _data((3, 4, 2), dtype)
    if a.dtype.kind == "U":  # np.max has no loop for str; the coordinates still exist
        extreme = (lambda x, axis=None: np.sort(x, axis=None)[-1]) if coords is nam.argmax_coords \
            else None
        if extreme is None:
            return
        assert a[coords(a)] == extreme(a)
        return
    for axis in [None, 0, -1, 2, (0, 2), (2, 0), (0, 1, 2), ()]:
        c = coords(a, axis)
        assert len(c) == a.ndim
        expected = extreme(a, axis=axis)
        got = a[c]
        assert_same(got, expected)
        for item in c:
            assert np.asarray(item).dtype == np.intp


def test_coords_scalars_and_zero_d():
    a = np.array([[0, 2, 1], [7, 3, 7]])
    assert nam.argmax_coords(a) == (1, 0)
    assert all(type(c) is np.intp for c in nam.argmax_coords(a))
    assert nam.argmax_coords(np.array(4.0)) == ()
    assert nam.argmax_coords(np.array(4.0), axis=0) == ()
    assert nam.argmax_coords([[1, 5], [9, 2]]) == (1, 0)


def test_coords_errors():
    with pytest.raises(ValueError):
        nam.argmax_coords(np.ones((0, 3)))
    with pytest.raises(AxisError):
        nam.argmin_coords(np.ones((2, 3)), axis=2)
    with pytest.raises(ValueError):
        nam.argmax_coords(np.ones((2, 3)), axis=(1, 1))


def test_segmentation_and_row_values():
    rng = np.random.default_rng(0)
    scores = rng.random((2, 5, 4, 3))  # (N, C, H, W)
    n, c, h, w = nam.argmax_coords(scores, axis=1)
    assert_same(c, np.argmax(scores, axis=1))
    assert_same(scores[n, c, h, w], scores.max(axis=1))


# --- max_argmax / min_argmin ---------------------------------------------------


def _expected(a, axis, keepdims, is_max):
    extreme, arg = (np.max, np.argmax) if is_max else (np.min, np.argmin)
    values = extreme(a, axis=axis, keepdims=keepdims)
    if axis is None or isinstance(axis, int):
        return values, arg(a, axis=axis, keepdims=keepdims)
    indices = moved_reference(arg, a, axis) if axis else np.zeros(a.shape, np.intp)
    if keepdims:
        indices = np.asarray(indices).reshape(np.shape(values))
    return values, indices[()] if np.ndim(indices) == 0 else indices


@pytest.mark.parametrize("dtype", [d for d in DTYPES if d != "U2"])
@pytest.mark.parametrize("is_max", [True, False])
def test_max_argmax_every_dtype(dtype, is_max):
    func = nam.max_argmax if is_max else nam.min_argmin
    a = _data((3, 4, 5), dtype)
    for axis in [None, 0, 1, -1, (0, 2), (2, 1), (0, 1, 2), ()]:
        for keepdims in (False, True):
            got = func(a, axis=axis, keepdims=keepdims)
            assert_same(got, _expected(a, axis, keepdims, is_max))


def test_max_argmax_layouts_and_scalars():
    base = _data((6, 7, 8), "f8", nan_rate=0.02)
    for a in (base[::2, ::-1, 1::3], base.transpose(1, 2, 0), np.asfortranarray(base)):
        for axis in [None, 0, 1, 2, (0, 2)]:
            assert_same(nam.max_argmax(a, axis), _expected(a, axis, False, True))
    assert_same(nam.max_argmax(np.array(3.5)), (np.float64(3.5), np.intp(0)))
    assert_same(nam.min_argmin([3, 1, 2]), (np.int64(1), np.intp(1)))


def test_max_argmax_errors_like_numpy():
    with pytest.raises(ValueError, match="zero-size array to reduction operation maximum"):
        nam.max_argmax(np.ones((2, 0)), axis=1)
    with pytest.raises(ValueError, match="zero-size array to reduction operation minimum"):
        nam.min_argmin(np.ones(0))
    assert_same(nam.max_argmax(np.ones((0, 2)), axis=1),
                (np.ones(0), np.zeros(0, dtype=np.intp)))
    with pytest.raises(AxisError):
        nam.max_argmax(np.ones(3), axis=1)
    with pytest.raises(type(np.exceptions.AxisError(0, 1)).__mro__[0]):
        nam.max_argmax(np.ones(3), axis=-2)
    with pytest.raises(TypeError):  # np.max has no loop for str, and says so first
        nam.max_argmax(np.array(["a", "b"]))


def test_max_argmax_masked_array_uses_numpy():
    m = np.ma.masked_array([[3, 9], [2, 5]], mask=[[0, 1], [0, 0]])
    values, indices = nam.max_argmax(m, axis=1)
    assert_same(np.asarray(values), np.asarray(np.max(m, axis=1)))
    assert_same(indices, np.argmax(m, axis=1))


@settings(max_examples=80, deadline=None)
@given(
    shape=hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=4),
    dtype=st.sampled_from(["?", "i4", "f2", "f8", "c8", "M8[D]"]),
    seed=st.integers(0, 20),
    data=st.data(),
)
def test_max_argmax_hypothesis(shape, dtype, seed, data):
    a = _data(shape, dtype, seed)
    ndim = len(shape)
    axis = data.draw(
        st.none()
        | st.integers(-max(ndim, 1), max(ndim, 1) - 1)
        | st.lists(st.integers(0, max(ndim - 1, 0)), unique=True, max_size=ndim).map(tuple)
    )
    keepdims = data.draw(st.booleans())
    is_max = data.draw(st.booleans())
    func = nam.max_argmax if is_max else nam.min_argmin
    if ndim == 0 and isinstance(axis, tuple) and axis:
        return
    assert_same(func(a, axis=axis, keepdims=keepdims), _expected(a, axis, keepdims, is_max))


@settings(max_examples=30, deadline=None)
@given(
    shape=hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=4),
    dtype=st.sampled_from(["i1", "f8", "c16"]),
    seed=st.integers(0, 20),
    data=st.data(),
)
def test_tuple_axis_hypothesis(shape, dtype, seed, data):
    a = _data(shape, dtype, seed, nan_rate=0.1)
    axes = tuple(data.draw(st.permutations(range(len(shape))))[: data.draw(
        st.integers(1, len(shape)))])
    for func, numpy_func in ARGFUNCS:
        try:
            expected = moved_reference(numpy_func, a, axes)
        except ValueError:
            with pytest.raises(ValueError):
                func(a, axis=axes)
            continue
        assert_same(func(a, axis=axes), expected)
        c = (nam.argmax_coords if numpy_func is np.argmax else nam.argmin_coords)(a, axes) \
            if numpy_func in (np.argmax, np.argmin) else None
        if c is not None:
            extreme = np.max if numpy_func is np.argmax else np.min
            assert_same(a[c], extreme(a, axis=axes))
