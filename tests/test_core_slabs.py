"""Non-native byte order and unaligned input: converted in slabs, NumPy's answers.

Numba reads native, aligned memory only, so such input is converted one slab
of ``_reduce.SLAB_BYTES`` at a time and the slabs' candidates are merged
(``numba_argmax/cpu/_reduce.py``).  Here the slab shrinks to a few elements,
so small arrays cross many slab boundaries: ties, NaN/NaT and all-NaN slices
on either side of a boundary must give exactly NumPy's index, or its error.
The memory bound itself is tested in test_reliability.py.
"""

import contextlib
import itertools

import numpy as np
import pytest
from _helpers_oracle import moved_reference
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import FUNCS, LAYOUTS, NAN_KEYS, arrays, assert_matches_numpy, axis_and_keepdims

import numba_argmax as nam
from numba_argmax.cpu import _reduce

FUNC_PAIRS = [p.values[:2] for p in FUNCS]
#: Every dtype the kernels read with more than one byte per element (bool,
#: int8 and uint8 have no byte order and are always aligned).
#: One of each element kind and signedness (each dtype compiles its own kernels).
DTYPES = ["i2", "e", "f8", "D", "M8[ns]"]


@contextlib.contextmanager
def slab_of(elements, dtype):
    """Shrink the conversion slab to ``elements`` elements of ``dtype``."""
    saved = _reduce.SLAB_BYTES
    _reduce.SLAB_BYTES = elements * np.dtype(dtype).itemsize
    try:
        yield
    finally:
        _reduce.SLAB_BYTES = saved


def nan_of(dtype):
    """NaN or NaT of ``dtype`` (None for the others)."""
    kind = np.dtype(dtype).kind
    if kind in "fc":
        return np.nan
    if kind in "mM":
        return np.array("NaT", dtype)[()]
    return None


def make_values(shape, dtype, seed, nan_rate=0.15):
    """Few distinct values (many ties), NaN/NaT sprinkled in, native byte order."""
    rng = np.random.default_rng(seed)
    raw = rng.integers(-2, 3, size=shape)
    dtype = np.dtype(dtype)
    if dtype.kind in "mM":
        a = raw.view(dtype)
    elif dtype.kind == "c":
        a = (raw + 1j * rng.integers(-1, 2, size=shape)).astype(dtype)
    else:
        a = raw.astype(dtype)  # unsigned: -1 and -2 wrap to the largest values
    if nan_of(dtype) is not None:
        a[rng.random(shape) < nan_rate] = nan_of(dtype)
    return a


def swapped(a):
    """A C-ordered copy of ``a`` in non-native byte order."""
    return a.astype(a.dtype.newbyteorder("S"))


def unaligned(a):
    """A C-ordered copy of ``a`` at an odd address."""
    r = np.empty(a.nbytes + 1, dtype=np.uint8)[1:].view(a.dtype).reshape(a.shape)
    r[...] = a
    assert not r.flags.aligned
    return r


CONVERSIONS = {"swapped": swapped, "unaligned": unaligned}

# Memory layouts of the same logical array, built around a conversion.
MEMORY_LAYOUTS = {
    "C": lambda convert, a: convert(a),
    "F": lambda convert, a: convert(a.T).T,
    "reversed-stepped": lambda convert, a: _reversed_stepped(convert, a),
}


def _reversed_stepped(convert, a):
    big = convert(np.zeros(tuple(2 * n for n in a.shape), dtype=a.dtype))
    view = big[(slice(None, None, -2),) + (slice(None, None, 2),) * (a.ndim - 1)]
    view[...] = a
    return view


AXES = [None, 0, 1, 2, -1, (0, 2), (2, 0), (1, 2), (0, 1, 2), (2, 1, 0)]


def check_tuple_axis(ours, ref, a, axes):
    """``ours`` over a tuple of axes against NumPy over those axes moved last."""
    try:
        expected = moved_reference(ref, a, axes)
    except ValueError:
        with pytest.raises(ValueError, match="All-NaN slice"):
            ours(a, axis=axes)
        return
    got = ours(a, axis=axes)
    assert type(got) is type(expected)
    np.testing.assert_array_equal(got, expected, err_msg=f"{ref.__name__} axis={axes}")


@pytest.mark.parametrize("conversion", sorted(CONVERSIONS))
@pytest.mark.parametrize("dtype", DTYPES)
def test_matches_numpy_with_tiny_slabs(dtype, conversion):
    a = make_values((3, 5, 4), dtype, seed=len(dtype))
    slabs = itertools.cycle([1, 3, 7, 16])  # 16: a few whole slices per slab
    for layout, build in MEMORY_LAYOUTS.items():
        b = build(CONVERSIONS[conversion], a)
        np.testing.assert_array_equal(b, a, err_msg=layout)
        for axis in AXES:
            with slab_of(next(slabs), dtype):
                assert _reduce._in_slabs(b)
                for ours, ref in FUNC_PAIRS:
                    if isinstance(axis, tuple):
                        check_tuple_axis(ours, ref, b, axis)
                    else:
                        assert_matches_numpy(ours, ref, b, axis=axis)


def _extremes(dtype):
    """The largest and smallest value of ``dtype``, and NaN/NaT if it has one."""
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        values = [info.max, info.min]
    elif dtype.kind in "mM":
        values = [np.iinfo(np.int64).max, np.iinfo(np.int64).min + 1]
        values = [np.array(v).view(dtype)[()] for v in values]
    elif dtype.kind == "c":
        values = [complex(np.inf, 1), complex(-np.inf, -1)]
    else:
        values = [np.inf, -np.inf]
    return values + ([nan_of(dtype)] if nan_of(dtype) is not None else [])


@pytest.mark.parametrize("slab", [2, 3])
@pytest.mark.parametrize("dtype", ["i4", "u8", "e", "f8", "D", "M8[ns]"])
def test_ties_and_nan_across_slab_boundaries(dtype, slab):
    n = 4 * slab + 1
    base = make_values(n, dtype, seed=slab, nan_rate=0.0)
    with slab_of(slab, dtype):
        for value in _extremes(dtype):
            for first in range(n):
                # a tie just across the next boundary, and one at the very end
                for second in (min(first + slab, n - 1), n - 1):
                    a = base.copy()
                    a[first] = a[second] = value
                    for b in (swapped(a), unaligned(a)[::-1]):
                        for ours, ref in FUNC_PAIRS:
                            assert_matches_numpy(ours, ref, b)
                    # the same run as a reduced axis that is (not) contiguous
                    rows = swapped(np.stack([a, a[::-1], base]))
                    for ours, ref in FUNC_PAIRS:
                        assert_matches_numpy(ours, ref, rows, axis=1)
                        assert_matches_numpy(ours, ref, rows.T, axis=0)


@pytest.mark.parametrize("dtype", ["e", "f8", "F", "D"])
def test_all_nan_slabs(dtype):
    n, slab = 12, 3
    with slab_of(slab, dtype):
        for valid in (None, 0, 2, 3, 11, "-inf at 7"):
            a = np.full((2, n), np.nan, dtype=dtype)
            if valid == "-inf at 7":
                # NumPy's nanargmax fills NaN with -inf first: the first NaN wins
                a[:, 7] = -np.inf
            elif valid is not None:
                a[0, valid] = 1
            for b in (swapped(a), unaligned(a), swapped(a.T).T):
                for ours, ref in FUNC_PAIRS:
                    for axis in (None, 0, 1, -1):
                        assert_matches_numpy(ours, ref, b, axis=axis)
                    check_tuple_axis(ours, ref, b, (1, 0))


@pytest.mark.parametrize("dtype", ["f8", "M8[s]", "i2"])
def test_max_argmax_with_tiny_slabs(dtype):
    a = swapped(make_values((6, 7), dtype, seed=3))
    with slab_of(4, dtype):
        for axis in (None, 0, 1):
            for ours, maximum, argmax in (
                (nam.max_argmax, np.max, np.argmax),
                (nam.min_argmin, np.min, np.argmin),
            ):
                values, indices = ours(a, axis=axis)
                np.testing.assert_array_equal(values, maximum(a, axis=axis))
                np.testing.assert_array_equal(indices, argmax(a, axis=axis))


def test_one_byte_dtypes_are_read_in_place():
    for dtype in ("?", "i1", "u1"):
        a = np.zeros(100, dtype=dtype)
        for b in (LAYOUTS["swapped"](a), LAYOUTS["unaligned"](a)):
            assert b.dtype.isnative and b.flags.aligned
            with slab_of(1, dtype):
                assert not _reduce._in_slabs(b)


@pytest.mark.parametrize(
    ("shape", "strides", "limit"),
    [
        ((10,), (8,), 3),
        ((4, 6), (48, 8), 5),
        ((4, 6), (8, 32), 5),
        ((4, 6), (8, 32), 24),
        ((3, 4, 5), (8, 120, 24), 7),
        ((3, 4, 5), (0, 40, 8), 11),
        ((2, 1, 9), (-72, 8, -8), 4),
    ],
)
def test_boxes_cover_every_element_once(shape, strides, limit):
    seen = np.zeros(shape, dtype=int)
    for box in _reduce._boxes(shape, strides, limit):
        assert seen[box].size <= limit
        seen[box] += 1
    assert (seen == 1).all()


_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_SETTINGS
@given(
    a=arrays(keys=st.sampled_from(NAN_KEYS + ["int16", "uint64"]), max_distinct=3),
    conversion=st.sampled_from(["swapped", "unaligned"]),
    slab=st.integers(1, 9),
    data=st.data(),
)
def test_hypothesis_tiny_slabs(a, conversion, slab, data):
    b = LAYOUTS[conversion](a)
    kwargs = data.draw(axis_and_keepdims(b.ndim))
    with slab_of(slab, b.dtype):
        for ours, ref in FUNC_PAIRS:
            assert_matches_numpy(ours, ref, b, **kwargs)
