"""Every class of bad input raises exactly NumPy's exception type, and a
failing call never writes to ``out`` (the oracle checks ``out``'s whole
memory block is untouched whenever ours raises)."""

import numpy as np
import pytest
from oracle import (
    FUNCS,
    KEEPDIMS,
    KEEPDIMS_IDS,
    NAN_FUNCS,
    NOVALUE,
    OUT_DTYPES_BAD,
    OUT_LAYOUTS,
    assert_matches_numpy,
    kw,
    make_out,
    random_array,
)


class Idx:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


class RaisingIndex:
    def __index__(self):
        raise RuntimeError("boom from __index__")


class StrIndex:
    def __index__(self):
        return "1"


class RaisingBool:
    def __bool__(self):
        raise RuntimeError("boom from __bool__")


class RaisingArray:
    def __array__(self, dtype=None, copy=None):
        raise KeyError("boom from __array__")


def assert_same_call_error(ours, ref, *args, **kwargs):
    """For calls that do not fit assert_matches_numpy's (a, ...) shape."""
    exc = {}
    for name, f in (("numpy", ref), ("ours", ours)):
        try:
            f(*args, **kwargs)
        except Exception as e:  # noqa: BLE001
            exc[name] = e
        else:
            exc[name] = None
    assert exc["numpy"] is not None  # sanity: NumPy rejects the call
    assert type(exc["ours"]) is type(exc["numpy"]), (
        f"ours raised {exc['ours']!r}, numpy raised {exc['numpy']!r}")


# ---------------------------------------------------------------------------
# axis
# ---------------------------------------------------------------------------

BAD_AXES = [
    pytest.param(lambda nd: max(nd, 1), id="ndim"),
    pytest.param(lambda nd: -max(nd, 1) - 1, id="-ndim-1"),
    pytest.param(lambda nd: 100, id="100"),
    pytest.param(lambda nd: -100, id="-100"),
    pytest.param(lambda nd: np.int64(7), id="np.int64(7)"),
    pytest.param(lambda nd: np.array(-9), id="0d-array(-9)"),
    pytest.param(lambda nd: Idx(50), id="__index__(50)"),
    pytest.param(lambda nd: 2**70, id="2**70"),
    pytest.param(lambda nd: -(2**70), id="-2**70"),
    pytest.param(lambda nd: 2**63, id="2**63"),
    pytest.param(lambda nd: np.uint64(2**63), id="np.uint64(2**63)"),
    pytest.param(lambda nd: True, id="True"),
    pytest.param(lambda nd: False, id="False"),
    pytest.param(lambda nd: np.True_, id="np.True_"),
    pytest.param(lambda nd: np.array(False), id="0d-bool-array"),
    pytest.param(lambda nd: 1.0, id="1.0"),
    pytest.param(lambda nd: 0.0, id="0.0"),
    pytest.param(lambda nd: np.float64(0), id="np.float64(0)"),
    pytest.param(lambda nd: np.array(0.0), id="0d-float-array"),
    pytest.param(lambda nd: 1j, id="1j"),
    pytest.param(lambda nd: "0", id="str"),
    pytest.param(lambda nd: b"0", id="bytes"),
    pytest.param(lambda nd: [0], id="list"),
    pytest.param(lambda nd: np.array([0]), id="1-elem-array"),
    pytest.param(lambda nd: np.array([], dtype=np.intp), id="empty-array"),
    pytest.param(lambda nd: object(), id="object"),
    pytest.param(lambda nd: RaisingIndex(), id="__index__-raises"),
    pytest.param(lambda nd: StrIndex(), id="__index__-returns-str"),
    pytest.param(lambda nd: {0: 0}, id="dict"),
]


@pytest.mark.parametrize("make_axis", BAD_AXES)
@pytest.mark.parametrize("shape", [(), (4,), (2, 3, 4)], ids=str)
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_bad_axis(ours, ref, shape, make_axis):
    a = random_array("float64", shape, seed=1, with_nan=False)
    axis = make_axis(len(shape))
    for keepdims in KEEPDIMS:
        exc = assert_matches_numpy(ours, ref, a, **kw(axis=axis, keepdims=keepdims))
        assert isinstance(exc, Exception)  # sanity: NumPy rejects it
        # with an out that would fit a plausible result: must stay untouched
        for out_shape in {(), shape[1:], (1,) * len(shape)}:
            assert_matches_numpy(ours, ref, a, **kw(axis=axis, keepdims=keepdims),
                                 out=make_out(out_shape))


@pytest.mark.parametrize("key", ["int8", "uint64", "complex128", "M8[D]", "U3", "object",
                                 "bool"])
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_bad_axis_other_dtypes(ours, ref, key):
    a = random_array(key, (2, 3), seed=2)
    for axis in (2, -3, True, 1.0, 2**70, "x"):
        assert_matches_numpy(ours, ref, a, axis=axis)
        assert_matches_numpy(ours, ref, a, axis=axis, out=make_out((3,)))


# ---------------------------------------------------------------------------
# empty reductions
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("keepdims", KEEPDIMS, ids=KEEPDIMS_IDS)
@pytest.mark.parametrize("key", ["float64", "int32", "complex64", "M8[D]", "U3", "object",
                             "float16", "bool", "longdouble"])
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_empty_reduction(ours, ref, key, keepdims):
    from oracle import DTYPES

    dt = DTYPES[key]
    cases = [
        (np.empty(0, dt), NOVALUE),
        (np.empty(0, dt), None),
        (np.empty(0, dt), 0),
        (np.empty((0, 3), dt), None),
        (np.empty((0, 3), dt), 0),
        (np.empty((3, 0), dt), 1),
        (np.empty((3, 0), dt), -1),
        (np.empty((3, 0), dt, order="F"), 1),
        (np.empty((2, 0, 4), dt), 1),
        (np.empty((0, 5), dt)[:, ::2], 0),
        (np.broadcast_to(np.empty((1, 0), dt), (4, 0)), 1),
    ]
    for a, axis in cases:
        exc = assert_matches_numpy(ours, ref, a, **kw(axis=axis, keepdims=keepdims))
        assert isinstance(exc, ValueError)  # sanity
        for out_shape in {(), a.shape[:1], (3,), (4,), (1,) * a.ndim}:
            for out_dtype in (np.intp, np.int8, np.float64):
                assert_matches_numpy(ours, ref, a, **kw(axis=axis, keepdims=keepdims),
                                     out=make_out(out_shape, out_dtype))
        assert_matches_numpy(ours, ref, a, **kw(axis=axis, keepdims=keepdims), out=[0])
    for lst in ([], (), [[]], [[], []]):
        assert_matches_numpy(ours, ref, lst)
        assert_matches_numpy(ours, ref, lst, axis=-1)


# ---------------------------------------------------------------------------
# All-NaN slices (nan-functions): ValueError, out untouched
# ---------------------------------------------------------------------------

ALL_NAN_CASES = [
    (lambda: np.full(5, np.nan), None),
    (lambda: np.full(5, np.nan), 0),
    (lambda: np.array([[np.nan, 1.0], [np.nan, np.nan]]), 1),
    (lambda: np.array([[np.nan, 1.0], [np.nan, np.nan]]), 0),
    (lambda: np.array([[np.nan, 1.0], [np.nan, np.nan]]).T, 0),
    (lambda: np.array([[np.nan, 1.0], [np.nan, np.nan]], order="F"), 1),
    (lambda: np.full((3, 4), np.nan)[::-1, ::2], -1),
    (lambda: np.broadcast_to(np.array([np.nan, 2.0]), (3, 2)), 0),
    (lambda: np.full((2, 3), np.nan, dtype=">f4"), 1),
    (lambda: np.full((2, 3), np.nan, dtype=np.float16), None),
    (lambda: np.full((2, 3), np.nan, dtype=np.longdouble), 0),
    (lambda: np.array([complex(np.nan, 1), complex(1, np.nan), complex(np.nan, np.nan)]), 0),
    (lambda: np.array([[1 + 1j, complex(0, np.nan)], [complex(np.nan, 0), np.nan]],
                      dtype=np.complex64), 1),
    (lambda: np.array(np.nan), None),
    (lambda: np.array(np.nan), 0),
]


@pytest.mark.parametrize("out_layout", OUT_LAYOUTS)
@pytest.mark.parametrize("keepdims", KEEPDIMS, ids=KEEPDIMS_IDS)
@pytest.mark.parametrize(("ours", "ref"), NAN_FUNCS)
def test_all_nan_slice(ours, ref, keepdims, out_layout):
    for make, axis in ALL_NAN_CASES:
        a = make()
        kwargs = kw(axis=axis, keepdims=keepdims)
        exc = assert_matches_numpy(ours, ref, a, **kwargs)
        assert isinstance(exc, ValueError)  # sanity
        shape = np.argmax(a, **kwargs).shape  # the shape the result would have
        for out_dtype in (np.intp, np.int8, np.bool_):
            assert_matches_numpy(ours, ref, a, **kwargs,
                                 out=make_out(shape, out_dtype, out_layout))
        # out problems combined with an all-NaN slice: NumPy's order decides
        assert_matches_numpy(ours, ref, a, **kwargs, out=make_out(shape, np.float64))
        assert_matches_numpy(ours, ref, a, **kwargs, out=make_out(shape + (2,)))
        assert_matches_numpy(ours, ref, a, **kwargs, out=[0])
        ro = make_out(shape, layout=out_layout)
        ro.flags.writeable = False
        assert_matches_numpy(ours, ref, a, **kwargs, out=ro)


# ---------------------------------------------------------------------------
# out
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("out_dtype", OUT_DTYPES_BAD, ids=str)
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_out_bad_dtype(ours, ref, out_dtype):
    a = random_array("float64", (3, 4), seed=3, with_nan=False)
    for axis, keepdims, shape in [(None, NOVALUE, ()), (0, NOVALUE, (4,)), (1, True, (3, 1)),
                                  (None, True, (1, 1)), (-1, False, (3,))]:
        for layout in ("C", "step"):
            exc = assert_matches_numpy(ours, ref, a, **kw(axis=axis, keepdims=keepdims),
                                       out=make_out(shape, out_dtype, layout))
            assert isinstance(exc, TypeError)  # sanity
    # also for other input dtypes
    for key in ("int64", "complex128", "M8[D]", "U3", "object", "bool"):
        b = random_array(key, (3, 4), seed=3)
        assert_matches_numpy(ours, ref, b, axis=1, out=make_out((3,), out_dtype))


NOT_ARRAYS = [[0], [0, 0, 0], (0,), 0, np.intp(0), np.zeros(1, np.intp).tolist(), "out",
              memoryview(np.zeros(3, np.intp)), bytearray(24)]


@pytest.mark.parametrize("out", NOT_ARRAYS, ids=lambda o: type(o).__name__)
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_out_not_an_array(ours, ref, out):
    a = random_array("float64", (3, 4), seed=4, with_nan=False)
    for axis in (None, 1):
        assert_matches_numpy(ours, ref, a, axis=axis, out=out)
    # the same together with bad axis / unorderable dtype: NumPy's check order
    assert_matches_numpy(ours, ref, a, axis=5, out=out)
    assert_matches_numpy(ours, ref, np.zeros(3, "V4"), out=out)
    assert_matches_numpy(ours, ref, np.full(3, np.nan), out=out)


@pytest.mark.parametrize("out_layout", OUT_LAYOUTS)
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_out_readonly(ours, ref, out_layout):
    a = random_array("float64", (3, 4), seed=5, with_nan=False)
    for axis, keepdims, shape in [(None, NOVALUE, ()), (0, NOVALUE, (4,)), (1, True, (3, 1))]:
        out = make_out(shape, np.intp, out_layout)
        out.flags.writeable = False
        exc = assert_matches_numpy(ours, ref, a, **kw(axis=axis, keepdims=keepdims), out=out)
        assert isinstance(exc, ValueError)  # sanity
    ro = np.broadcast_to(np.zeros(1, np.intp), (4,))  # zero-stride, read-only view
    assert_matches_numpy(ours, ref, a, axis=0, out=ro)


WRONG_SHAPES = [
    # (a.shape, axis, keepdims, out shape)
    ((3, 4), None, NOVALUE, (1,)),
    ((3, 4), None, NOVALUE, (1, 1)),
    ((3, 4), None, True, ()),
    ((3, 4), None, True, (1,)),
    ((3, 4), 0, NOVALUE, (3,)),
    ((3, 4), 0, NOVALUE, (1, 4)),
    ((3, 4), 0, True, (4,)),
    ((3, 4), 0, False, (4, 1)),
    ((3, 4), 1, NOVALUE, (4,)),
    ((3, 4), 1, True, (1, 3)),
    ((3, 4), -1, NOVALUE, (3, 4)),
    ((3, 4), 0, NOVALUE, (5,)),
    ((3, 4), 0, NOVALUE, (0,)),
    ((2, 3, 4), 1, NOVALUE, (4, 2)),
    ((2, 3, 4), 1, True, (2, 4)),
    ((2, 3, 4), 2, NOVALUE, (2, 3, 1)),
    ((), None, NOVALUE, (1,)),
    ((), 0, True, (1,)),
    ((5,), 0, NOVALUE, (1,)),
    ((5,), 0, True, ()),
    ((0, 3), 1, NOVALUE, (3,)),
    ((0, 3), 1, NOVALUE, (1,)),
]


@pytest.mark.parametrize(("shape", "axis", "keepdims", "out_shape"), WRONG_SHAPES,
                         ids=[str(i) for i in range(len(WRONG_SHAPES))])
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_out_wrong_shape(ours, ref, shape, axis, keepdims, out_shape):
    a = random_array("float64", shape, seed=6, with_nan=False)
    for out_dtype in (np.intp, np.int8, np.float64):
        for layout in ("C", "step"):
            assert_matches_numpy(ours, ref, a, **kw(axis=axis, keepdims=keepdims),
                                 out=make_out(out_shape, out_dtype, layout))
    a_nan = np.full(shape, np.nan)
    assert_matches_numpy(ours, ref, a_nan, **kw(axis=axis, keepdims=keepdims),
                         out=make_out(out_shape))


# ---------------------------------------------------------------------------
# unorderable dtypes / bad array-likes / bad keepdims / bad signatures
# ---------------------------------------------------------------------------

UNORDERABLE = [
    pytest.param(lambda: np.zeros(3, dtype=[("a", "i4"), ("b", "f8")]), id="structured"),
    pytest.param(lambda: np.zeros((2, 3), dtype=[("a", "i4")]), id="structured-2d"),
    pytest.param(lambda: np.zeros(3, dtype="V4"), id="void"),
    pytest.param(lambda: np.array([1, "a", 2], dtype=object), id="object-mixed"),
    pytest.param(lambda: np.array([[1, None], [2, 3]], dtype=object), id="object-None"),
    pytest.param(lambda: np.array([1j, 2j], dtype=object), id="object-complex"),
    pytest.param(lambda: [1, None], id="list-with-None"),
    pytest.param(lambda: [[1, 2], [3]], id="ragged-list"),
    pytest.param(lambda: RaisingArray(), id="__array__-raises"),
]


@pytest.mark.parametrize("make", UNORDERABLE)
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_unorderable_and_bad_array_likes(ours, ref, make):
    a = make()
    assert_matches_numpy(ours, ref, a)
    assert_matches_numpy(ours, ref, a, axis=0)
    assert_matches_numpy(ours, ref, a, axis=-1, keepdims=True)
    assert_matches_numpy(ours, ref, a, out=make_out(()))
    assert_matches_numpy(ours, ref, a, axis=0, out=make_out((3,)))
    assert_matches_numpy(ours, ref, a, axis=0, out=make_out((2,)))


@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_keepdims_bool_raises(ours, ref):
    a = random_array("float64", (3, 4), seed=7, with_nan=False)
    assert_matches_numpy(ours, ref, a, keepdims=RaisingBool())
    assert_matches_numpy(ours, ref, a, axis=0, keepdims=RaisingBool())
    assert_matches_numpy(ours, ref, a, axis=0, keepdims=np.array([True, False]))
    assert_matches_numpy(ours, ref, a, axis=0, keepdims=RaisingBool(), out=make_out((4,)))


@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_bad_signatures(ours, ref):
    a = random_array("float64", (3, 4), seed=8, with_nan=False)
    assert_same_call_error(ours, ref)
    assert_same_call_error(ours, ref, a, 0, None, True)
    assert_same_call_error(ours, ref, a, 0, None, True, 1)
    assert_same_call_error(ours, ref, a, foo=1)
    assert_same_call_error(ours, ref, a, 0, axis=0)
    assert_same_call_error(ours, ref, a, 0, make_out((4,)), out=make_out((4,)))
    assert_same_call_error(ours, ref, a, a=a)
    assert_same_call_error(ours, ref, axis=0)
    assert_same_call_error(ours, ref, a, keepdim=True)
