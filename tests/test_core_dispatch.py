"""Array-likes, ndarray subclasses and duck arrays get exactly what the
NumPy function gives them (including np.matrix / MaskedArray results,
__array_function__ dispatch and never forwarding an absent ``keepdims``)."""

import array

import numpy as np
import pytest
from oracle import (
    FUNCS,
    KEEPDIMS,
    KEEPDIMS_IDS,
    NOVALUE,
    assert_matches_numpy,
    axes_for,
    kw,
    make_out,
    random_array,
)

pytestmark = pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")


def check_all(ours, ref, a, ndim, *, out_shapes=()):
    for axis in [NOVALUE] + axes_for(ndim):
        for keepdims in KEEPDIMS:
            assert_matches_numpy(ours, ref, a, **kw(axis=axis, keepdims=keepdims))
    for axis, shape in out_shapes:
        assert_matches_numpy(ours, ref, a, **kw(axis=axis), out=make_out(shape))


# ---------------------------------------------------------------------------
# array-likes and scalars
# ---------------------------------------------------------------------------

ARRAY_LIKES = [
    pytest.param([3, 1, 4, 1, 5, 9, 2, 6], id="list-int"),
    pytest.param([3.0, float("nan"), 4.0, float("nan")], id="list-float-nan"),
    pytest.param([-0.0, 0.0], id="list-signed-zero"),
    pytest.param([[1, 5, 3], [7, 0, 7]], id="nested-list"),
    pytest.param([[[1, 2], [2, 1]], [[0, 9], [9, 0]]], id="nested-list-3d"),
    pytest.param((2, 7, 7, 1), id="tuple"),
    pytest.param(((1, 2), (4, 3)), id="nested-tuple"),
    pytest.param([(1, 2), [4, 3]], id="mixed-list-tuple"),
    pytest.param([True, False, True], id="list-bool"),
    pytest.param([1 + 2j, 1 + 3j, complex(0, float("nan"))], id="list-complex"),
    pytest.param([2**63, 2**63 + 1, 5], id="list-uint64-range"),
    pytest.param([2**70, 1, 2**71], id="list-object-bigint"),
    pytest.param([2**53 + 1, 2**53], id="list-int-2pow53"),
    pytest.param([1, 2.5, 2], id="list-int-float"),
    pytest.param(["b", "a", "c"], id="list-str"),
    pytest.param([b"b", b"c", b"a"], id="list-bytes"),
    pytest.param([np.float32(1), np.float32(3)], id="list-np-scalars"),
    pytest.param([np.datetime64("2001-01-01"), np.datetime64("NaT")], id="list-datetime"),
    pytest.param(range(5), id="range"),
    pytest.param(bytearray(b"acbc"), id="bytearray"),
    pytest.param(array.array("d", [1.0, 3.0, 2.0, 3.0]), id="array.array"),
    pytest.param(memoryview(np.array([[1.0, 9.0], [9.0, 1.0]])), id="memoryview"),
    pytest.param(3, id="int"),
    pytest.param(-2.5, id="float"),
    pytest.param(float("nan"), id="float-nan"),
    pytest.param(True, id="bool"),
    pytest.param(1 + 1j, id="complex"),
    pytest.param(2**70, id="bigint"),
    pytest.param("abc", id="str"),
    pytest.param(b"abc", id="bytes"),
    pytest.param(None, id="None"),
    pytest.param(np.float64(2.5), id="np.float64"),
    pytest.param(np.float16(np.nan), id="np.float16-nan"),
    pytest.param(np.longdouble(3), id="np.longdouble"),
    pytest.param(np.int8(-3), id="np.int8"),
    pytest.param(np.uint64(2**64 - 1), id="np.uint64"),
    pytest.param(np.complex64(1j), id="np.complex64"),
    pytest.param(np.datetime64("NaT"), id="np.datetime64-NaT"),
    pytest.param(np.timedelta64(5, "s"), id="np.timedelta64"),
    pytest.param(np.str_("x"), id="np.str_"),
    pytest.param(np.bool_(False), id="np.bool_"),
]


@pytest.mark.parametrize("a", ARRAY_LIKES)
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_array_likes(ours, ref, a):
    ndim = np.ndim(a)
    check_all(ours, ref, a, ndim)
    assert_matches_numpy(ours, ref, a, out=make_out(()))


@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_generator_and_dict_are_object_scalars(ours, ref):
    # NumPy wraps these as 0-d object arrays
    assert_matches_numpy(ours, ref, {1: 2})
    assert_matches_numpy(ours, ref, {1: 2}, axis=0, keepdims=True)
    assert_matches_numpy(ours, ref, object())


class ArrayProtocol:
    """Has only __array__."""

    def __init__(self, arr):
        self.arr = np.asarray(arr)

    def __array__(self, dtype=None, copy=None):
        return self.arr if dtype is None else self.arr.astype(dtype)


class ArrayInterface:
    """Has only __array_interface__."""

    def __init__(self, arr):
        self._arr = np.ascontiguousarray(arr)
        self.__array_interface__ = self._arr.__array_interface__


@pytest.mark.parametrize("wrap", [ArrayProtocol, ArrayInterface])
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_array_protocol_objects(ours, ref, wrap):
    base = random_array("float64", (3, 4), seed=1)
    check_all(ours, ref, wrap(base), 2, out_shapes=[(0, (4,)), (None, ())])
    check_all(ours, ref, wrap(random_array("int64", (5,), seed=2)), 1)


@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_keyword_a(ours, ref):
    a = random_array("float64", (3, 4), seed=3, with_nan=False)
    assert ours(a=a) == ref(a=a)
    assert type(ours(a=a, axis=0)) is type(ref(a=a, axis=0))
    np.testing.assert_array_equal(ours(a=a, axis=1, keepdims=True),
                                  ref(a=a, axis=1, keepdims=True))


# ---------------------------------------------------------------------------
# ndarray subclasses
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_matrix(ours, ref):
    for m in (np.matrix([[1.0, 5.0, 3.0], [7.0, 0.0, 7.0]]),
              np.matrix([[np.nan, 1.0], [2.0, np.nan]]),
              np.matrix([[1, 2]]),
              np.matrix([[4], [4]]),
              np.matrix(np.full((2, 2), np.nan)),
              np.matrix([[1.0, 5.0, 3.0], [7.0, 0.0, 7.0]]).T,
              np.matrix(np.zeros((0, 3)))):
        check_all(ours, ref, m, 2)
        for axis, shape in [(None, ()), (0, (1, m.shape[1])), (1, (m.shape[0], 1))]:
            assert_matches_numpy(ours, ref, m, axis=axis, out=make_out(shape))
            assert_matches_numpy(ours, ref, m, axis=axis, out=np.matrix(make_out(shape)))


@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_matrix_with_1d_out(ours, ref):
    # np.argmax(matrix, axis=1, out=<1-D array>) fills out, then raises
    # AttributeError from matrix._align. Ours must raise the same type and,
    # per the package contract, leave out untouched.
    m = np.matrix([[1.0, 5.0, 3.0], [7.0, 0.0, 7.0]])
    for axis, shape in [(1, (2,)), (0, (3,))]:
        assert_matches_numpy(ours, ref, m, axis=axis, out=make_out(shape))


MASKED = [
    pytest.param(lambda: np.ma.array([1, 9, 3, 4], mask=[0, 1, 0, 0]), id="1d"),
    pytest.param(lambda: np.ma.array([[1.0, 9.0], [3.0, np.nan]],
                                     mask=[[0, 1], [0, 0]]), id="2d-nan"),
    pytest.param(lambda: np.ma.array([[np.nan, 9.0], [3.0, np.nan]],
                                     mask=[[1, 0], [0, 1]]), id="2d-nan-masked"),
    pytest.param(lambda: np.ma.array([5, 4, 3]), id="nomask"),
    pytest.param(lambda: np.ma.masked_all((2, 3)), id="all-masked"),
    pytest.param(lambda: np.ma.array(np.arange(12.0).reshape(3, 4),
                                     mask=np.eye(3, 4, dtype=bool)).T, id="transposed"),
    pytest.param(lambda: np.ma.array([3, 1, 2], mask=[0, 0, 1], fill_value=99),
                 id="fill_value"),
    pytest.param(lambda: np.ma.masked_invalid([np.nan, 1.0, np.inf, 2.0]), id="invalid"),
    pytest.param(lambda: np.ma.array(np.array(3.0), mask=True), id="0d-masked"),
]


@pytest.mark.parametrize("make", MASKED)
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_masked_array(ours, ref, make):
    m = make()
    check_all(ours, ref, m, m.ndim)
    assert_matches_numpy(ours, ref, m, out=make_out(()))
    if m.ndim:
        assert_matches_numpy(ours, ref, m, axis=0, out=make_out(m.shape[1:]))
        assert_matches_numpy(ours, ref, m, axis=0,
                             out=np.ma.array(make_out(m.shape[1:])))


class Sub(np.ndarray):
    pass


class SubWithMethod(np.ndarray):
    def argmax(self, *args, **kwargs):
        return ("custom-argmax", args, tuple(sorted(kwargs)))

    def argmin(self, *args, **kwargs):
        return ("custom-argmin", args, tuple(sorted(kwargs)))


class SubOldStyle(np.ndarray):
    """argmax/argmin methods without a keepdims parameter."""

    def argmax(self, axis=None, out=None):
        return np.asarray(self).argmax(axis, out)

    def argmin(self, axis=None, out=None):
        return np.asarray(self).argmin(axis, out)


class SubFinalize(np.ndarray):
    def __array_finalize__(self, obj):
        self.info = getattr(obj, "info", "default")

    def __eq__(self, other):  # make results comparable by value
        return np.asarray(self) == np.asarray(other)


@pytest.mark.parametrize("cls", [Sub, SubWithMethod, SubOldStyle, SubFinalize])
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_ndarray_subclasses(ours, ref, cls):
    base = random_array("float64", (3, 4), seed=4)
    a = base.view(cls)
    check_all(ours, ref, a, 2, out_shapes=[(0, (4,)), (1, (3,)), (None, ())])
    check_all(ours, ref, random_array("int32", (5,), seed=5).view(cls), 1)


@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_memmap(ours, ref, tmp_path):
    mm = np.memmap(tmp_path / "data.bin", dtype=np.float32, mode="w+", shape=(4, 5))
    mm[...] = random_array("float32", (4, 5), seed=6)
    mm.flush()
    ro = np.memmap(tmp_path / "data.bin", dtype=np.float32, mode="r", shape=(4, 5))
    for m in (mm, ro, ro[::2, ::-1]):
        check_all(ours, ref, m, 2, out_shapes=[(0, (5,))])
    del mm, ro


# ---------------------------------------------------------------------------
# objects with argmax/argmin methods (np.argmax/np.argmin call them)
# ---------------------------------------------------------------------------


class HasMethods:
    def argmax(self, axis=None, out=None):
        return ("method-argmax", axis, out)

    def argmin(self, axis=None, out=None):
        return ("method-argmin", axis, out)


class HasMethodsKeepdims:
    def argmax(self, axis=None, out=None, keepdims=False):
        return ("method-argmax-kd", axis, out, keepdims)

    def argmin(self, axis=None, out=None, keepdims=False):
        return ("method-argmin-kd", axis, out, keepdims)


class HasArgmaxOnly:
    """Only an argmax method: np.argmax uses it, np.argmin wraps the object."""

    def argmax(self, axis=None, out=None):
        return ("method-argmax-only", axis, out)


class HasRaisingMethods:
    """Methods raising TypeError: NumPy then falls back to asarray(obj)."""

    def argmax(self, *args, **kwargs):
        raise TypeError("nope")

    def argmin(self, *args, **kwargs):
        raise TypeError("nope")

    def __array__(self, dtype=None, copy=None):
        return np.array([1.0, 7.0, 7.0, -2.0])


@pytest.mark.parametrize("cls", [HasMethods, HasMethodsKeepdims, HasArgmaxOnly,
                                 HasRaisingMethods])
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_objects_with_methods(ours, ref, cls):
    obj = cls()
    for axis in (NOVALUE, None, 0, -1):
        for keepdims in KEEPDIMS:
            assert_matches_numpy(ours, ref, obj, **kw(axis=axis, keepdims=keepdims))
    assert_matches_numpy(ours, ref, obj, 0)


# ---------------------------------------------------------------------------
# duck arrays with __array_function__
# ---------------------------------------------------------------------------


class DuckResult:
    def __init__(self, *fields):
        self.fields = fields

    def __eq__(self, other):
        if type(other) is not DuckResult or len(self.fields) != len(other.fields):
            return False
        for x, y in zip(self.fields, other.fields):
            if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
                if type(x) is not type(y) or x.dtype != y.dtype or not np.array_equal(x, y):
                    return False
            elif type(x) is not type(y) or x != y:
                return False
        return True

    __hash__ = None

    def __repr__(self):
        return f"DuckResult{self.fields!r}"


def _unwrap(x):
    return x.arr if isinstance(x, (Duck, StrictDuck)) else x


_PARAMETERS = ("a", "axis", "out")  # positional order of the four functions


def _arguments_set(args, kwargs):
    """Names of the arguments a call set to something other than the default.

    Whether the caller wrote ``np.argmax(d, 1)`` or ``argmax(d, axis=1)``
    reaches ``__array_function__`` differently, but sets the same arguments;
    that set, not the spelling, is what a duck array can act on.
    """
    named = dict(zip(_PARAMETERS, args), **kwargs)
    return tuple(sorted(name for name, value in named.items()
                        if value is not None and value is not np._NoValue))


class Duck:
    """Implements the four functions by delegating to NumPy on its data and
    reporting how it was called (the arguments set to non-default values)."""

    HANDLED = ("argmax", "argmin", "nanargmax", "nanargmin")

    def __init__(self, arr):
        self.arr = np.asarray(arr)

    def __array_function__(self, func, types, args, kwargs):
        if func not in {getattr(np, n) for n in self.HANDLED}:
            return NotImplemented
        args = tuple(_unwrap(x) for x in args)
        kwargs = {k: _unwrap(v) for k, v in kwargs.items()}
        res = func(*args, **kwargs)
        return DuckResult(func.__name__, res, _arguments_set(args, kwargs))

    def __repr__(self):
        return f"Duck({self.arr!r})"


class StrictDuck(Duck):
    """Its implementation does not accept keepdims at all (like older
    libraries): works only if keepdims is not forwarded when absent."""

    def __array_function__(self, func, types, args, kwargs):
        if func not in {getattr(np, n) for n in self.HANDLED}:
            return NotImplemented

        def impl(a, axis=None, out=None):
            return DuckResult("strict", func(_unwrap(a), axis=axis, out=_unwrap(out)))

        return impl(*args, **kwargs)


class NotImplementedDuck:
    def __array_function__(self, func, types, args, kwargs):
        return NotImplemented


class DuckWithArray(Duck):
    def __array__(self, dtype=None, copy=None):
        raise AssertionError("must dispatch through __array_function__, not __array__")


@pytest.mark.parametrize("cls", [Duck, StrictDuck, DuckWithArray])
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_duck_arrays(ours, ref, cls):
    d = cls(random_array("float64", (3, 4), seed=7, with_nan=False))
    for axis in (NOVALUE, None, 0, 1, -1):
        for keepdims in KEEPDIMS:
            assert_matches_numpy(ours, ref, d, **kw(axis=axis, keepdims=keepdims))
    assert_matches_numpy(ours, ref, d, 1)
    assert_matches_numpy(ours, ref, d, 1, None)
    assert_matches_numpy(ours, ref, d, axis=1, out=make_out((3,)))
    assert_matches_numpy(ours, ref, d, 1, make_out((3,)))


@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_strict_duck_without_keepdims(ours, ref):
    # explicit form of the "keepdims not forwarded when absent" rule
    d = StrictDuck(np.array([[1.0, 3.0], [4.0, 2.0]]))
    res = ours(d, axis=1)
    assert res == ref(d, axis=1)
    assert ours(d) == ref(d)


@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_duck_as_out(ours, ref):
    # out participates in __array_function__ dispatch as well
    a = random_array("float64", (3, 4), seed=8, with_nan=False)
    for out in (Duck(np.zeros(4, np.intp)), StrictDuck(np.zeros(4, np.intp))):
        assert_matches_numpy(ours, ref, a, axis=0, out=out)
        assert_matches_numpy(ours, ref, a, 0, out)


@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_duck_not_implemented(ours, ref):
    assert_matches_numpy(ours, ref, NotImplementedDuck())
    assert_matches_numpy(ours, ref, NotImplementedDuck(), axis=0, keepdims=True)
    a = np.arange(3.0)
    assert_matches_numpy(ours, ref, a, out=NotImplementedDuck())


@pytest.mark.parametrize("keepdims", KEEPDIMS, ids=KEEPDIMS_IDS)
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_list_of_numpy_scalars(ours, ref, keepdims):
    lst = [np.float64(2.0), np.float64(5.0), np.float64(5.0)]
    assert_matches_numpy(ours, ref, lst, **kw(keepdims=keepdims))
