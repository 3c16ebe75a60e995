"""Values/dtype/shape/return-type equivalence with NumPy for every dtype,
memory layout, axis, keepdims and ``out`` flavour, plus block-boundary and
large-array cases that exercise parallel chunk merging."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import (
    DTYPES,
    FUNCS,
    KEEPDIMS,
    KEEPDIMS_IDS,
    LAYOUTS,
    NAN_FUNCS,
    NAN_KEYS,
    NOVALUE,
    OUT_DTYPES_OK,
    OUT_LAYOUTS,
    array_from_pool,
    arrays,
    assert_matches_numpy,
    axes_for,
    axis_and_keepdims,
    kernels_for_every_size,
    kw,
    make_out,
    numpy_result_shape,
    random_array,
    value_pool,
)

ALL_KEYS = sorted(DTYPES)


@pytest.fixture(autouse=True, scope="module")
def every_size_on_the_kernels():
    # Most arrays here are small: without this they would test ndarray's own
    # method (NumPy against itself) instead of the kernels.  The routing to
    # the method is tested in test_kernels_paths.py and by the other files.
    with kernels_for_every_size():
        yield


def check_all_axes(ours, ref, a, *, with_out=False, out_dtype=np.intp, out_layout="C"):
    """Compare for every axis (absent, None, each +/- int) and keepdims."""
    for axis in [NOVALUE] + axes_for(a.ndim):
        for keepdims in KEEPDIMS:
            kwargs = kw(axis=axis, keepdims=keepdims)
            if with_out:
                try:
                    shape = numpy_result_shape(ref, a, **kwargs)
                except (ValueError, TypeError):
                    shape = ()
                kwargs["out"] = make_out(shape, out_dtype, out_layout)
            assert_matches_numpy(ours, ref, a, **kwargs)


def grid_arrays(key, shape, seed):
    """A few arrays for one dtype/shape: special values incl. NaN/NaT,
    special values without NaN/NaT, and few distinct values (many ties)."""
    out = [
        random_array(key, shape, seed=seed),
        random_array(key, shape, seed=seed + 1, n_distinct=2),
    ]
    if DTYPES[key].kind in "fcmMO":
        out.append(random_array(key, shape, seed=seed + 2, with_nan=False))
    return out


# ---------------------------------------------------------------------------
# dtype x layout x axis x keepdims grid
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("key", ALL_KEYS)
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_grid_dtype_layout(ours, ref, key, layout):
    make = LAYOUTS[layout]
    for seed, shape in enumerate([(3, 4, 5), (2, 3)]):
        for a in grid_arrays(key, shape, 10 * seed):
            check_all_axes(ours, ref, make(a))


@pytest.mark.parametrize("shape", [(), (1,), (7,), (1, 1), (1, 5), (5, 1), (2, 1, 3),
                                   (2, 2, 2, 2), (2, 1, 2, 1, 3)],
                         ids=str)
@pytest.mark.parametrize("key", ALL_KEYS)
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_grid_shapes(ours, ref, key, shape):
    for a in grid_arrays(key, shape, 3):
        check_all_axes(ours, ref, a)


@pytest.mark.parametrize("shape", [(0,), (0, 3), (3, 0), (2, 0, 3), (0, 0)], ids=str)
@pytest.mark.parametrize("key", ["float64", "int64", "bool", "complex128", "M8[ns]",
                                 "U3", "object"])
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_empty_arrays(ours, ref, key, shape):
    # empty reductions raise ValueError, non-empty reductions give empty results
    a = np.empty(shape, dtype=DTYPES[key])
    check_all_axes(ours, ref, a)
    check_all_axes(ours, ref, np.asfortranarray(a))
    check_all_axes(ours, ref, a, with_out=True)


# ---------------------------------------------------------------------------
# out=
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("out_layout", OUT_LAYOUTS)
@pytest.mark.parametrize("out_dtype", OUT_DTYPES_OK, ids=str)
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_out_dtypes_and_layouts(ours, ref, out_dtype, out_layout):
    for key in ("float64", "int16"):
        a = random_array(key, (3, 4, 5), seed=4, with_nan=False)
        check_all_axes(ours, ref, a, with_out=True, out_dtype=out_dtype,
                       out_layout=out_layout)


@pytest.mark.parametrize("key", ALL_KEYS)
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_out_every_input_dtype(ours, ref, key):
    a = random_array(key, (2, 3, 4), seed=5)
    check_all_axes(ours, ref, a, with_out=True)
    check_all_axes(ours, ref, np.asfortranarray(a), with_out=True, out_layout="step")


@pytest.mark.parametrize("out_dtype", [np.int8, np.uint8, np.bool_, np.int16], ids=str)
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_out_small_int_wraps(ours, ref, out_dtype):
    # indices >= 128 / 256 do not fit: NumPy casts (wraps / bool) unsafely
    n = 300
    a = np.zeros((3, n))
    a[0, 200] = 1
    a[1, 299] = -1
    a[2, 255] = 2
    a[2, 128] = -2
    for axis in (1, -1):
        for keepdims in KEEPDIMS:
            shape = (3, 1) if keepdims is True else (3,)
            assert_matches_numpy(ours, ref, a, **kw(axis=axis, keepdims=keepdims),
                                 out=make_out(shape, out_dtype))
    assert_matches_numpy(ours, ref, a, out=make_out((), out_dtype))
    assert_matches_numpy(ours, ref, a, keepdims=True, out=make_out((1, 1), out_dtype))


@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_out_positional_and_zero_d(ours, ref):
    a = random_array("float64", (4, 5), seed=6, with_nan=False)
    assert_matches_numpy(ours, ref, a, 1, make_out((4,)))
    assert_matches_numpy(ours, ref, a, None, make_out(()))
    assert_matches_numpy(ours, ref, a, 0, make_out((1, 5)), keepdims=True)
    assert_matches_numpy(ours, ref, np.array(3.5), 0, make_out(()))
    assert_matches_numpy(ours, ref, np.array(3.5), None, make_out(()))
    assert_matches_numpy(ours, ref, np.array(3.5), None, make_out(()), keepdims=True)
    assert_matches_numpy(ours, ref, 3.5, out=make_out(()))
    assert_matches_numpy(ours, ref, [[1, 2], [4, 3]], axis=1, out=make_out((2,)))


# ---------------------------------------------------------------------------
# explicit special semantics (still differential)
# ---------------------------------------------------------------------------

_NAN = float("nan")
_INF = float("inf")
SPECIAL_1D = [
    ("float64", [-0.0, 0.0]),
    ("float64", [0.0, -0.0]),
    ("float64", [-0.0, 0.0, -0.0, 0.0]),
    ("float64", [1.0, _NAN, 3.0, _NAN]),
    ("float64", [_NAN, -_INF]),
    ("float64", [-_INF, _NAN]),
    ("float64", [_NAN, _INF]),
    ("float64", [_INF, _INF, -_INF, -_INF]),
    ("float64", [-_INF, -_INF]),
    ("float64", [_INF, _NAN, _INF]),
    ("float64", [1.0, 2.0, _NAN, _NAN, 2.0]),
    ("float64", [5.0, 5.0, 5.0]),
    ("float64", [_NAN, _NAN, 1.0]),
    ("float64", [np.finfo(np.float64).max, _INF, np.finfo(np.float64).min, -_INF]),
    ("float64", [5e-324, 0.0, -5e-324, -0.0]),
    ("float32", [_NAN, -_INF, 2.0, 2.0]),
    ("float32", [-0.0, 0.0, 1.0, 1.0, -1.0, -1.0]),
    ("float16", [65504.0, _INF, -65504.0, _NAN, -_INF]),
    ("float16", [-0.0, 0.0, 6e-08, -6e-08]),
    ("longdouble", [1.0, 1.0 + float(np.finfo(np.float64).eps) / 4, 1.0]),
    ("complex128", [1 + 1j, 1 + 2j, 2 + 0j, 2 - 1j, 2 + 0j]),
    ("complex128", [1 + 1j, complex(0, _NAN), complex(_NAN, 0), 3 + 3j]),
    ("complex128", [complex(_NAN, 0), complex(0, _NAN)]),
    ("complex128", [complex(5, 1), complex(5, _NAN), complex(_NAN, _NAN)]),
    ("complex128", [complex(0.0, -0.0), complex(-0.0, 0.0), complex(0.0, 0.0)]),
    ("complex128", [complex(_INF, 0), complex(_INF, -_INF), complex(_INF, _INF)]),
    ("complex128", [complex(-_INF, _INF), complex(-_INF, -_INF), complex(-_INF, 0)]),
    ("complex64", [1 + 1j, complex(1, _NAN), 3 + 0j]),
    ("complex64", [complex(1, -1), complex(1, 1), complex(1, 0)]),
    ("clongdouble", [complex(1, 1), complex(1, _NAN), complex(2, -5)]),
    ("int64", [2**53, 2**53 + 1, 2**53 - 1, 2**53 + 1]),
    ("int64", [-(2**53) - 1, -(2**53), -(2**53) - 1]),
    ("int64", [2**63 - 1, 2**63 - 2, -(2**63), -(2**63) + 1]),
    ("int64", [2**62 + 1, 2**62, 2**62 + 1]),
    ("uint64", [2**63, 2**63 + 1, 2**63 - 1, 2**64 - 1, 2**64 - 2]),
    ("uint64", [2**64 - 1, 0, 2**64 - 1]),
    ("uint64", [2**63, 2**63 - 1]),
    ("uint64", [2**53 + 1, 2**53, 2**53 + 1]),
    ("uint32", [2**32 - 1, 2**31, 0]),
    ("int8", [-128, 127, -128, 127]),
    ("uint8", [255, 0, 255]),
    ("int16", [-(2**15), 2**15 - 1]),
    ("bool", [False, True, True, False]),
    ("bool", [True, True]),
    ("bool", [False, False]),
]


def _special_cases():
    cases = list(SPECIAL_1D)
    ld = np.longdouble
    if np.finfo(ld).eps < np.finfo(np.float64).eps:  # extended precision
        cases.append(("longdouble", [ld(1), ld(1) + np.finfo(ld).eps, ld(1)]))
        cases.append(("longdouble", [ld(2) ** 64 + 2, ld(2) ** 64, ld(2) ** 64 + 2]))
        cases.append(("longdouble", [-ld(1) - np.finfo(ld).eps, -ld(1)]))
    nat = np.datetime64("NaT")
    cases += [
        ("M8[D]", np.array(["2000-01-01", "NaT", "2001-01-01"], "M8[D]")),
        ("M8[D]", np.array(["NaT", "NaT"], "M8[D]")),
        ("M8[D]", np.array(["2001-01-01", "1999-01-01", "2001-01-01", "NaT"], "M8[D]")),
        ("M8[ns]", np.array([nat, 0, -1, 1], "M8[ns]")),
        ("M8[ns]", np.array([np.iinfo(np.int64).min + 1, np.iinfo(np.int64).max],
                            "i8").view("M8[ns]")),
        ("m8[s]", np.array([1, "NaT", 3, "NaT"], "m8[s]")),
        ("m8[s]", np.array([-5, 7, 7, -5], "m8[s]")),
    ]
    return cases


SPECIAL = _special_cases()


@pytest.mark.parametrize(("key", "values"), SPECIAL,
                         ids=[f"{k}-{i}" for i, (k, _) in enumerate(SPECIAL)])
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_special_values(ours, ref, key, values):
    a = np.array(values, dtype=DTYPES[key])
    for layout in ("C", "neg", "step", "swapped", "unaligned", "readonly"):
        b = LAYOUTS[layout](a)
        check_all_axes(ours, ref, b)
        # the same values as rows/columns of 2-D arrays, reduced along both axes
        check_all_axes(ours, ref, np.stack([b, b[::-1]]))
        check_all_axes(ours, ref, np.stack([b, b[::-1]], axis=1))


@pytest.mark.parametrize(("ours", "ref"), NAN_FUNCS)
def test_nan_funcs_all_nan_slices(ours, ref):
    nan = np.nan
    for a in (
        np.array([nan, nan, nan]),
        np.array([[nan, 1.0], [nan, nan]]),
        np.array([[nan, nan], [1.0, nan]]),
        np.array([[nan, nan, nan], [nan, -np.inf, nan]]).T,
        np.array([complex(nan, 1), complex(1, nan)]),
        np.array([[1 + 1j, complex(nan, 0)], [complex(0, nan), complex(nan, nan)]]),
        np.array([nan, nan], dtype=np.float16),
        np.array([nan, nan], dtype=np.float32)[::-1],
        np.array([nan, nan], dtype=np.longdouble),
        np.full((3, 4), nan, dtype=">f8"),
        np.array(nan),
        np.array(["NaT", "NaT"], "M8[D]"),  # NaT is not skipped: no error
        np.array([1, "NaT"], "m8[s]"),
    ):
        check_all_axes(ours, ref, a)
        check_all_axes(ours, ref, a, with_out=True)


# ---------------------------------------------------------------------------
# scalars / keepdims truthiness / 0-d arrays
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("keepdims", [None, 0, 1, "x", "", np.True_, np.False_, 2.5, [],
                                      [0]], ids=repr)
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_keepdims_truthiness(ours, ref, keepdims):
    a = random_array("float64", (3, 4), seed=7, with_nan=False)
    for axis in (NOVALUE, None, 0, 1, -1):
        assert_matches_numpy(ours, ref, a, **kw(axis=axis, keepdims=keepdims))
    assert_matches_numpy(ours, ref, np.array(2.0), keepdims=keepdims)


@pytest.mark.parametrize("key", ALL_KEYS)
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_zero_d_and_numpy_scalars(ours, ref, key):
    for v in value_pool(key)[:6] + value_pool(key)[-2:]:
        a = np.array(v, dtype=DTYPES[key])
        check_all_axes(ours, ref, a)
        check_all_axes(ours, ref, a, with_out=True)
        assert_matches_numpy(ours, ref, a[()])  # NumPy scalar (or str/bytes/object)


# ---------------------------------------------------------------------------
# sizes crossing block boundaries
# ---------------------------------------------------------------------------

BLOCK_SIZES = [1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255,
               256, 257, 511, 512, 513, 1023, 1024, 1025, 4095, 4096, 4097, 8191, 8192,
               8193, 16383, 16384, 16385, 2**17 + 3]
BLOCK_KEYS = ["float64", "float32", "float16", "int64", "uint64", "int8", "uint8",
              "bool", "complex128", "M8[ns]", "longdouble"]


def _positions(n):
    cand = {0, 1, n // 2, n - 2, n - 1}
    for b in (8, 16, 32, 64, 128, 256, 512, 1024, 4096, 8192, 16384):
        cand |= {b - 1, b, b + 1}
    return sorted(p for p in cand if 0 <= p < n)


@pytest.mark.parametrize("n", BLOCK_SIZES)
@pytest.mark.parametrize("key", BLOCK_KEYS)
def test_block_boundaries(key, n):
    pool = value_pool(key, with_nan=False)
    lo, hi = min(pool), max(pool)
    kind = DTYPES[key].kind
    funcs = [p.values[:2] for p in FUNCS]
    rng = np.random.default_rng(n)
    base = array_from_pool(key, rng.integers(0, 3, size=n), with_nan=False)
    pos = _positions(n)
    for ours, ref in funcs:
        assert_matches_numpy(ours, ref, base)
    # extreme values at / around block boundaries; ties with the last copy
    for p in pos[-4:] + [pos[len(pos) // 2]]:
        a = base.copy()
        a[p] = hi
        a[n - 1] = hi
        b = base.copy()
        b[p] = lo
        b[n - 1] = lo
        for ours, ref in funcs:
            assert_matches_numpy(ours, ref, a)
            assert_matches_numpy(ours, ref, b)
            assert_matches_numpy(ours, ref, a[::-1])
    if kind in "fcM":
        nanv = array_from_pool(key, [len(value_pool(key)) - 1])[0]  # NaN / NaT
        for p in pos[-3:] + [pos[len(pos) // 2]]:
            a = base.copy()
            a[p] = nanv
            a[n - 1] = nanv
            for ours, ref in funcs:
                assert_matches_numpy(ours, ref, a)
        # all NaN except one value near the end (nan-functions skip NaN)
        a = np.full(n, nanv, dtype=DTYPES[key])
        a[max(n - 3, 0)] = lo
        for ours, ref in funcs:
            assert_matches_numpy(ours, ref, a)
        a[max(n - 3, 0)] = nanv
        for ours, ref in funcs:
            assert_matches_numpy(ours, ref, a)


@pytest.mark.parametrize("n", [15, 16, 17, 255, 256, 257, 4095, 4096, 4097])
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_block_boundaries_2d(ours, ref, n):
    rng = np.random.default_rng(n)
    a = rng.integers(0, 4, size=(3, n)).astype(np.float64)
    a[1, n - 1] = 9
    a[2, n // 2] = np.nan
    a[2, n - 1] = np.nan
    for arr in (a, a.T, np.asfortranarray(a), np.asfortranarray(a).T, a[:, ::-1]):
        check_all_axes(ours, ref, arr)


# ---------------------------------------------------------------------------
# large 1-D/2-D arrays: parallel chunk merges
# ---------------------------------------------------------------------------

N_LARGE = 300_007


def _chunk_points(n):
    pts = set()
    for k in (2, 3, 4, 5, 6, 7, 8, 12, 16, 32, 64):
        for j in range(1, k):
            pts.add(j * n // k)
    return sorted(pts)


def _large_cases():
    n = N_LARGE
    pts = _chunk_points(n)
    cases = {}
    a = np.zeros(n)
    a[pts] = 1.0
    cases["f8_ties_at_chunk_points"] = a
    a = np.zeros(n)
    a[n - 5] = 2.0
    a[n - 1] = 2.0
    cases["f8_max_near_end"] = a
    a = np.linspace(0.0, 1.0, n)
    a[n - 2] = np.nan
    a[n - 1] = np.nan
    cases["f8_nan_near_end"] = a
    a = np.linspace(1.0, 0.0, n)
    a[pts[::-1][:5]] = np.nan
    cases["f8_nans_at_late_chunk_points"] = a
    a = np.full(n, np.nan)
    a[n - 2] = -np.inf
    a[pts[-1]] = -np.inf
    cases["f8_almost_all_nan"] = a
    cases["f8_all_nan"] = np.full(n, np.nan)
    a = np.zeros(n)
    a[::2] = -0.0
    cases["f8_signed_zeros"] = a
    a = np.full(n, 2**53, dtype=np.int64)
    a[n - 1] = 2**53 + 1
    a[pts[0]] = -(2**53) - 1
    a[pts[-1]] = -(2**53)
    cases["i8_2pow53"] = a
    a = np.full(n, 2**63 - 1, dtype=np.uint64)
    a[pts[len(pts) // 2]] = 2**63
    a[n - 1] = 2**64 - 1
    a[pts[1]] = 0
    cases["u8_big"] = a
    a = np.zeros(n, dtype=bool)
    a[n - 1] = True
    cases["bool_true_at_end"] = a
    a = np.zeros(n, dtype=np.complex128)
    a[pts] = 1 + 1j
    a[pts[-3]] = 1 + 2j
    a[n - 1] = complex(0, np.nan)
    cases["c16_nan_imag_at_end"] = a
    a = np.arange(n, dtype=np.int64).view("M8[ns]")
    a[n - 2] = np.datetime64("NaT")
    cases["M8_nat_near_end"] = a
    a = np.arange(n, dtype=np.int64).astype("m8[s]")[::-1].copy()
    a[pts[-2]] = np.timedelta64("NaT")
    cases["m8_nat_late_chunk"] = a
    rng = np.random.default_rng(1)
    a = rng.random(n)
    cases["f8_random"] = a
    return cases


LARGE = _large_cases()


#: Prefix lengths (all above the package's parallel threshold of 2**18 at the
#: time of writing) that move the chunk boundaries relative to the data.
PREFIXES = [N_LARGE, N_LARGE - 1, N_LARGE - 6, 2**18 + 1, 2**18]


@pytest.mark.parametrize("name", sorted(LARGE))
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_large_1d(ours, ref, name):
    # Each (function, dtype, layout) needs its own parallel kernel compile,
    # so non-float64 dtypes get contiguous layouts only.
    a = LARGE[name]
    for m in PREFIXES:
        assert_matches_numpy(ours, ref, a[:m])
        assert_matches_numpy(ours, ref, a[N_LARGE - m:])
    assert_matches_numpy(ours, ref, a, axis=0, keepdims=True)
    assert_matches_numpy(ours, ref, a, out=make_out(()))
    assert_matches_numpy(ours, ref, a, out=make_out((1,)), keepdims=True)
    if name.startswith("f8"):
        for arr in (a.astype(">f8"), a[::-1], np.asarray(a[::-1])[:-3]):
            assert_matches_numpy(ours, ref, arr)
            assert_matches_numpy(ours, ref, arr, axis=-1, keepdims=True)


@pytest.mark.parametrize("name", ["f8_ties_at_chunk_points", "f8_nans_at_late_chunk_points",
                                  "f8_almost_all_nan"])
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_large_2d(ours, ref, name):
    a = LARGE[name][: (N_LARGE // 6) * 6]
    for shape in [(2, a.size // 2), (a.size // 2, 2), (6, a.size // 6), (a.size // 3, 3)]:
        m = a.reshape(shape)
        for arr in (m, m.T):  # C- and F-contiguous
            for axis in (None, 0, 1):
                assert_matches_numpy(ours, ref, arr, axis=axis)


# ---------------------------------------------------------------------------
# hypothesis
# ---------------------------------------------------------------------------

_SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.too_slow,
                                            HealthCheck.data_too_large])


@_SETTINGS
@given(a=arrays(), data=st.data())
def test_hypothesis_any_array(a, data):
    kwargs = data.draw(axis_and_keepdims(a.ndim))
    for p in FUNCS:
        ours, ref = p.values[:2]
        assert_matches_numpy(ours, ref, a, **kwargs)


@_SETTINGS
@given(a=arrays(keys=st.sampled_from(NAN_KEYS + ["int64", "uint64"]), max_distinct=3),
       data=st.data())
def test_hypothesis_ties_and_nans(a, data):
    kwargs = data.draw(axis_and_keepdims(a.ndim))
    for p in FUNCS:
        ours, ref = p.values[:2]
        assert_matches_numpy(ours, ref, a, **kwargs)


@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(a=arrays(), data=st.data())
def test_hypothesis_with_out(a, data):
    kwargs = data.draw(axis_and_keepdims(a.ndim))
    out_dtype = data.draw(st.sampled_from(OUT_DTYPES_OK))
    out_layout = data.draw(st.sampled_from(OUT_LAYOUTS))
    for p in FUNCS:
        ours, ref = p.values[:2]
        try:
            shape = numpy_result_shape(ref, a, **kwargs)
        except (ValueError, TypeError):
            shape = ()
        assert_matches_numpy(ours, ref, a, **kwargs,
                             out=make_out(shape, out_dtype, out_layout))


@pytest.mark.parametrize("keepdims", KEEPDIMS, ids=KEEPDIMS_IDS)
@pytest.mark.parametrize(("ours", "ref"), FUNCS)
def test_numpy_scalar_axis_types(ours, ref, keepdims):
    class Idx:
        def __init__(self, v):
            self.v = v

        def __index__(self):
            return self.v

    a = random_array("float64", (2, 3, 4), seed=8)
    for axis in (np.int64(1), np.int32(-1), np.uint8(2), np.intp(0), np.array(1),
                 np.array(-2, dtype=np.int16), Idx(1), Idx(-3)):
        assert_matches_numpy(ours, ref, a, **kw(axis=axis, keepdims=keepdims))
