"""Differential oracle shared by every test file: NumPy is the reference.

`assert_matches_numpy(ours, ref, a, *args, **kwargs)` calls ``ref`` (NumPy)
and ``ours`` on the same input ``a`` and on separate, layout-identical
clones of every other array argument (typically ``out``), then checks:

* both raise, with exactly the same exception type, or both return;
* return values: same type (np.intp scalar / ndarray / ndarray subclass /
  whatever a duck array hands back), same dtype, shape, values and
  contiguity/writeability flags;
* when NumPy returns one of its array arguments (``out``), ours returns the
  very same object it was given, and the whole memory block behind ``out``
  (also the bytes a strided view does not cover) is byte-identical;
* when ours raises, none of its array arguments were touched;
* the input ``a`` is not modified (bytes, dtype, shape, strides, flags);
* the same (non-Numba) warnings are emitted.

It also provides value pools with the special values of every dtype, a set
of memory-layout transforms, and Hypothesis strategies built on them.
"""

from __future__ import annotations

import contextlib
import warnings
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import strategies as st

import numba_argmax

FUNC_NAMES = ("argmax", "argmin", "nanargmax", "nanargmin")

# (ours, numpy) pairs, as pytest params with readable ids.
FUNCS = [
    pytest.param(getattr(numba_argmax, name), getattr(np, name), id=name)
    for name in FUNC_NAMES
]
NAN_FUNCS = [p for p in FUNCS if p.id.startswith("nan")]

# Sentinel meaning "do not pass this keyword at all".
NOVALUE = object()
KEEPDIMS = [NOVALUE, False, True]
KEEPDIMS_IDS = ["kd_absent", "kd_False", "kd_True"]


@contextlib.contextmanager
def kernels_for_every_size():
    """Small inputs reach the Numba kernels too, not ndarray's own method.

    The package hands small arrays (and rows NumPy scans as fast) to
    ``ndarray.argmax``/``argmin``, whose answers are NumPy's by definition;
    tests of the kernels switch that off.
    """
    from numba_argmax.cpu import _flat

    saved = (_flat._entries, _flat.NUMPY_METHOD_MAX_SIZE, _flat._NUMPY_METHOD_ALWAYS_CHARS)
    _flat._entries = {}
    _flat.NUMPY_METHOD_MAX_SIZE = -1
    _flat._NUMPY_METHOD_ALWAYS_CHARS = frozenset()
    try:
        yield
    finally:
        _flat._entries, _flat.NUMPY_METHOD_MAX_SIZE, _flat._NUMPY_METHOD_ALWAYS_CHARS = saved


def kw(axis=NOVALUE, keepdims=NOVALUE, out=NOVALUE):
    """Build a kwargs dict, omitting arguments given as NOVALUE."""
    d = {}
    if axis is not NOVALUE:
        d["axis"] = axis
    if out is not NOVALUE:
        d["out"] = out
    if keepdims is not NOVALUE:
        d["keepdims"] = keepdims
    return d


def axes_for(ndim, *, with_none=True):
    """Every valid int axis (positive and negative) for ``ndim``, plus None."""
    n = max(ndim, 1)  # 0-d arrays accept axis 0 and -1
    axes = list(range(-n, n))
    return ([None] if with_none else []) + axes


# ---------------------------------------------------------------------------
# cloning arrays with their exact memory layout
# ---------------------------------------------------------------------------


def _root(x):
    r = x
    while isinstance(r.base, np.ndarray):
        r = r.base
    return r


def clone_array(x):
    """Deep copy of ndarray ``x`` with identical shape, strides, byte order,
    writeability and subclass, living in a copy of x's whole memory block.

    Returns ``(clone, block)`` where ``block`` is a 1-D uint8 view of the
    copied memory block (None when the layout could not be reproduced, in
    which case the clone is a plain copy)."""
    root = _root(x)
    clone = None
    block = None
    if (
        not x.dtype.hasobject
        and root.flags.owndata
        and (root.flags.c_contiguous or root.flags.f_contiguous)
        and root.size > 0
    ):
        rcopy = root.copy(order="A")
        block = rcopy.reshape(-1, order="A").view(np.uint8)
        offset = x.__array_interface__["data"][0] - root.__array_interface__["data"][0]
        if 0 <= offset <= block.nbytes:
            clone = np.ndarray(
                x.shape, dtype=x.dtype, buffer=block, offset=offset, strides=x.strides
            )
        else:  # pragma: no cover - defensive
            block = None
    if clone is None:
        clone = np.array(x, copy=True, order="K", subok=False)
        block = None
    if type(x) is not np.ndarray:
        clone = clone.view(type(x))
        if isinstance(x, np.ma.MaskedArray):
            clone.mask = np.ma.getmaskarray(x).copy()
    if not x.flags.writeable:
        clone.flags.writeable = False
    return clone, block


def _block_bytes(clone, block):
    if block is not None:
        return block.tobytes()
    return np.asarray(clone).tobytes()


# ---------------------------------------------------------------------------
# snapshots of the input
# ---------------------------------------------------------------------------


def _snapshot(a):
    if isinstance(a, np.ndarray):
        plain = np.asarray(a)
        mask = None
        if isinstance(a, np.ma.MaskedArray):
            mask = np.ma.getmaskarray(a).copy()
        return (
            "ndarray",
            type(a),
            a.dtype,
            a.shape,
            a.strides,
            a.flags.writeable,
            a.__array_interface__["data"][0],
            plain.tobytes(),  # object arrays: the element pointers (identity)
            mask,
        )
    if isinstance(a, np.generic):
        return ("generic", type(a), a.dtype, a.tobytes())
    return ("other", type(a), repr(a))


def _assert_input_unchanged(a, snap, who):
    now = _snapshot(a)
    if snap[0] == "ndarray":
        names = ("kind", "type", "dtype", "shape", "strides", "writeable", "data ptr",
                 "contents", "mask")
        for name, before, after in zip(names, snap, now):
            if name == "mask":
                same = (before is None and after is None) or np.array_equal(before, after)
            else:
                same = before == after
            assert same, f"{who} modified the input array ({name} changed)"
    else:
        assert snap == now, f"{who} modified the input {type(a).__name__}"


# ---------------------------------------------------------------------------
# calling and comparing
# ---------------------------------------------------------------------------


def _is_numba_warning(w):
    return w.category.__module__.startswith("numba")


def _call(func, a, args, kwargs):
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        try:
            res = func(a, *args, **kwargs)
            exc = None
        except Exception as e:  # noqa: BLE001 - we compare exception types
            res = None
            exc = e
    cats = Counter(w.category for w in rec if not _is_numba_warning(w))
    return res, exc, cats


def _clone_args(args, kwargs):
    """Clone every ndarray among args/kwargs; return clones and block info."""
    infos = []  # (key, clone, block)

    def cl(key, v):
        if isinstance(v, np.ndarray):
            c, b = clone_array(v)
            infos.append((key, c, b))
            return c
        return v

    new_args = tuple(cl(("arg", i), v) for i, v in enumerate(args))
    new_kwargs = {k: cl(("kw", k), v) for k, v in kwargs.items()}
    return new_args, new_kwargs, infos


def _describe(a):
    if isinstance(a, np.ndarray):
        return (
            f"{type(a).__name__}(shape={a.shape}, dtype={a.dtype}, strides={a.strides}, "
            f"writeable={a.flags.writeable})"
        )
    r = repr(a)
    return r if len(r) < 200 else r[:200] + "..."


def _describe_args(args, kwargs):
    parts = [_describe(v) for v in args]
    parts += [f"{k}={_describe(v)}" for k, v in kwargs.items()]
    return ", ".join(parts)


def assert_same_result(res_us, res_np, ctx=""):
    """Exact comparison of two successful results."""
    assert type(res_us) is type(res_np), (
        f"{ctx}: return type {type(res_us).__name__} != numpy's {type(res_np).__name__}"
        f" (ours={res_us!r}, numpy={res_np!r})"
    )
    if isinstance(res_np, np.ndarray):
        assert res_us.dtype == res_np.dtype, (
            f"{ctx}: dtype {res_us.dtype} != numpy's {res_np.dtype}")
        assert res_us.shape == res_np.shape, (
            f"{ctx}: shape {res_us.shape} != numpy's {res_np.shape}")
        u, n = np.asarray(res_us), np.asarray(res_np)
        assert np.array_equal(u, n), f"{ctx}: values differ\nours ={u!r}\nnumpy={n!r}"
        assert u.tobytes() == n.tobytes(), f"{ctx}: bytes differ"
        if isinstance(res_np, np.ma.MaskedArray):
            assert np.array_equal(np.ma.getmaskarray(res_us), np.ma.getmaskarray(res_np)), (
                f"{ctx}: masks differ")
        for flag in ("C_CONTIGUOUS", "F_CONTIGUOUS", "WRITEABLE"):
            assert res_us.flags[flag] == res_np.flags[flag], (
                f"{ctx}: result flag {flag} is {res_us.flags[flag]}, numpy's is"
                f" {res_np.flags[flag]}")
    elif isinstance(res_np, np.generic):
        assert res_us.dtype == res_np.dtype, (
            f"{ctx}: dtype {res_us.dtype} != numpy's {res_np.dtype}")
        assert res_us == res_np, f"{ctx}: value {res_us!r} != numpy's {res_np!r}"
    else:
        assert bool(res_us == res_np), f"{ctx}: {res_us!r} != numpy's {res_np!r}"


def assert_matches_numpy(ours, ref, a, *args, **kwargs):
    """Differentially compare ``ours(a, *args, **kwargs)`` to ``ref(...)``.

    Every ndarray in args/kwargs (e.g. ``out``) is cloned (same layout,
    same surrounding memory block) separately for each side. ``a`` itself is
    shared (it is checked to be unmodified after each call).
    Returns NumPy's result (or NumPy's exception instance)."""
    ctx = f"{getattr(ref, '__name__', ref)}({_describe(a)}, {_describe_args(args, kwargs)})"
    snap = _snapshot(a)
    args_np, kwargs_np, infos_np = _clone_args(args, kwargs)
    args_us, kwargs_us, infos_us = _clone_args(args, kwargs)
    before_us = [_block_bytes(c, b) for _, c, b in infos_us]

    res_np, exc_np, warn_np = _call(ref, a, args_np, kwargs_np)
    _assert_input_unchanged(a, snap, "numpy")  # sanity of the oracle itself
    res_us, exc_us, warn_us = _call(ours, a, args_us, kwargs_us)
    _assert_input_unchanged(a, snap, "numba_argmax")

    if exc_np is not None:
        if exc_us is None:
            raise AssertionError(
                f"{ctx}: numpy raised {type(exc_np).__name__}({exc_np}) but ours returned"
                f" {res_us!r}"
            )
        if type(exc_us) is not type(exc_np):
            raise AssertionError(
                f"{ctx}: ours raised {type(exc_us).__name__}({exc_us}), numpy raised"
                f" {type(exc_np).__name__}({exc_np})"
            ) from exc_us
    elif exc_us is not None:
        raise AssertionError(
            f"{ctx}: ours raised {type(exc_us).__name__}({exc_us}), numpy returned {res_np!r}"
        ) from exc_us

    if exc_us is not None:
        # ours failed: its array arguments (out) must be untouched
        for (key, c, b), before in zip(infos_us, before_us):
            assert _block_bytes(c, b) == before, (
                f"{ctx}: ours raised {type(exc_us).__name__} but modified {key}")
    else:
        assert_same_result(res_us, res_np, ctx)
        for (key, c_np, b_np), (_, c_us, b_us) in zip(infos_np, infos_us):
            if res_np is c_np:
                assert res_us is c_us, f"{ctx}: did not return the very same {key} object"
            else:
                assert res_us is not c_us, f"{ctx}: returned {key} although numpy did not"
            assert _block_bytes(c_us, b_us) == _block_bytes(c_np, b_np), (
                f"{ctx}: memory behind {key} differs from numpy's after the call\n"
                f"ours ={c_us!r}\nnumpy={c_np!r}"
            )
    assert warn_us == warn_np, f"{ctx}: warnings {dict(warn_us)} != numpy's {dict(warn_np)}"
    return exc_np if exc_np is not None else res_np


def numpy_result_shape(ref, a, **kwargs):
    """Shape of NumPy's result (for building a right-shaped ``out``)."""
    kwargs = {k: v for k, v in kwargs.items() if k != "out"}
    return np.shape(ref(a, **kwargs))


# ---------------------------------------------------------------------------
# value pools with special values
# ---------------------------------------------------------------------------

_I64 = np.iinfo(np.int64)


def _int_pool(dt):
    info = np.iinfo(dt)
    vals = {info.min, info.min + 1, 0, 1, 2, 3, info.max - 1, info.max}
    if info.min < 0:
        vals |= {-1, -2}
    if info.bits == 64:
        vals |= {2**53 - 1, 2**53, 2**53 + 1, 2**53 + 2}
        if info.min < 0:
            vals |= {-(2**53) - 1, -(2**53), -(2**53) + 1}
        else:
            vals |= {2**63 - 1, 2**63, 2**63 + 1, 2**64 - 2}
    return sorted(vals)


def _float_pool(dt, with_nan=True):
    fi = np.finfo(dt)
    vals = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, np.inf, -np.inf, fi.max, fi.min, fi.tiny,
            fi.smallest_subnormal, -fi.smallest_subnormal]
    vals = [dt.type(v) for v in vals]
    if dt == np.longdouble and np.finfo(np.longdouble).eps < np.finfo(np.float64).eps:
        one = np.longdouble(1)
        eps = np.finfo(np.longdouble).eps
        big = np.longdouble(2) ** 64
        vals += [one + eps, one - eps / 2, big + 1, big + 2]  # equal after float64 cast
    if with_nan:
        vals += [dt.type(np.nan), -dt.type(np.nan)]
    return vals


def _complex_pool(dt, with_nan=True):
    parts = [0.0, -0.0, 1.0, -1.0, np.inf, -np.inf]
    if with_nan:
        parts.append(np.nan)
    vals = [complex(r, i) for r in parts for i in parts]
    return [dt.type(v) for v in vals]


def _datetime_pool(dt, with_nan=True):
    raw = [_I64.min + 1, -(2**40), -2, -1, 0, 1, 2, 2**40, _I64.max]
    if with_nan:
        raw.append(_I64.min)  # NaT
    return list(np.array(raw, dtype=np.int64).view(dt))


_STR_POOL = ["", "a", "b", "ab", "aa", "B", "zz", "\u00e9", "a b"]
_BYTES_POOL = [b"", b"a", b"b", b"ab", b"aa", b"B", b"zz", b"\xff", b"a b"]
_OBJ_POOL = [0, 1, -1, 2, 10**30, -(10**30), 2.5, Fraction(5, 2), True]

# Hashable keys -> dtypes; every dtype the contract names.
DTYPES = {
    "bool": np.dtype(bool),
    "int8": np.dtype(np.int8),
    "int16": np.dtype(np.int16),
    "int32": np.dtype(np.int32),
    "int64": np.dtype(np.int64),
    "uint8": np.dtype(np.uint8),
    "uint16": np.dtype(np.uint16),
    "uint32": np.dtype(np.uint32),
    "uint64": np.dtype(np.uint64),
    "float16": np.dtype(np.float16),
    "float32": np.dtype(np.float32),
    "float64": np.dtype(np.float64),
    "longdouble": np.dtype(np.longdouble),
    "complex64": np.dtype(np.complex64),
    "complex128": np.dtype(np.complex128),
    "clongdouble": np.dtype(np.clongdouble),
    "M8[ns]": np.dtype("M8[ns]"),
    "M8[D]": np.dtype("M8[D]"),
    "m8[s]": np.dtype("m8[s]"),
    "m8[ns]": np.dtype("m8[ns]"),
    "U3": np.dtype("U3"),
    "S3": np.dtype("S3"),
    "object": np.dtype(object),
}
NUMERIC_KEYS = [k for k, d in DTYPES.items() if d.kind in "biufcmM"]
NAN_KEYS = [k for k, d in DTYPES.items() if d.kind in "fcmM"]


def value_pool(key, with_nan=True):
    """List of NumPy scalars of dtype DTYPES[key] including special values."""
    dt = DTYPES[key]
    if dt.kind == "b":
        return [np.False_, np.True_]
    if dt.kind in "iu":
        return [dt.type(v) for v in _int_pool(dt)]
    if dt.kind == "f":
        return _float_pool(dt, with_nan)
    if dt.kind == "c":
        return _complex_pool(dt, with_nan)
    if dt.kind in "mM":
        return _datetime_pool(dt, with_nan)
    if dt.kind == "U":
        return _STR_POOL
    if dt.kind == "S":
        return _BYTES_POOL
    if dt.kind == "O":
        return _OBJ_POOL + ([float("nan")] if with_nan else [])
    raise AssertionError(key)


def array_from_pool(key, idx, with_nan=True):
    """Array of dtype DTYPES[key] whose elements are value_pool(key)[idx]."""
    pool = value_pool(key, with_nan)
    dt = DTYPES[key]
    idx = np.asarray(idx) % len(pool)
    base = np.empty(len(pool), dtype=dt)
    for i, v in enumerate(pool):
        base[i] = v
    return base[idx.reshape(-1)].reshape(idx.shape)


def random_array(key, shape, seed=0, with_nan=True, n_distinct=None):
    """Deterministic array of the given dtype/shape drawn from the pool.
    ``n_distinct`` restricts the pool to its first values (forces ties)."""
    rng = np.random.default_rng(seed)
    n = len(value_pool(key, with_nan))
    hi = n if n_distinct is None else min(n, n_distinct)
    idx = rng.integers(0, hi, size=shape)
    if n_distinct is not None:
        # pick which pool values by a random permutation, so NaN can appear
        perm = rng.permutation(n)[:hi]
        idx = perm[idx]
    return array_from_pool(key, idx, with_nan)


# ---------------------------------------------------------------------------
# memory layouts: functions mapping a C-contiguous array to an equivalent
# (or derived) array with another memory layout.
# ---------------------------------------------------------------------------


def _stepped(a):
    if a.ndim == 0:
        return a.copy()
    big = np.zeros(tuple(2 * s + 1 for s in a.shape), dtype=a.dtype)
    sl = tuple(slice(1, None, 2) for _ in a.shape) + (Ellipsis,)
    big[sl] = a
    return big[sl]


def _negative(a):
    if a.ndim == 0:
        return a.copy()
    rev = (slice(None, None, -1),) * a.ndim
    return np.ascontiguousarray(a[rev])[rev]  # same values, negative strides


def _broadcast(a):
    # zero stride along axis 0: every row equal to row 0
    if a.ndim == 0 or a.shape[0] == 0:
        return np.broadcast_to(a, a.shape)
    return np.broadcast_to(a[:1], a.shape)


def _broadcast_inner(a):
    # zero stride along the last axis: every element equal to the first one
    if a.ndim == 0 or a.shape[-1] == 0:
        return np.broadcast_to(a, a.shape)
    return np.broadcast_to(a[..., :1], a.shape)


def _swapped(a):
    return a.astype(a.dtype.newbyteorder(), order="K")


def _readonly(a):
    r = a.copy()
    r.flags.writeable = False
    return r


def _unaligned(a):
    if a.dtype.hasobject or a.dtype.itemsize <= 1:
        return a.copy()
    buf = np.zeros(a.nbytes + 1, dtype=np.uint8)
    r = buf[1:].view(a.dtype).reshape(a.shape)
    r[...] = a
    return r


def _transposed(a):
    # F-ordered storage of the same logical array
    return np.ascontiguousarray(a.T).T


def _permuted(a):
    if a.ndim < 3:
        return _transposed(a)
    axes = (1, 0) + tuple(range(2, a.ndim))
    return np.ascontiguousarray(a.transpose(axes)).transpose(axes)


def _mixed(a):
    # byte-swapped, F-ordered, stepped, negative along axis 0, read-only
    r = _negative(_stepped(np.asfortranarray(_swapped(a))))
    r.flags.writeable = False
    return r


LAYOUTS = {
    "C": lambda a: a,
    "F": np.asfortranarray,
    "T": _transposed,
    "perm": _permuted,
    "step": _stepped,
    "neg": _negative,
    "bcast0": _broadcast,
    "bcast_last": _broadcast_inner,
    "swapped": _swapped,
    "readonly": _readonly,
    "unaligned": _unaligned,
    "mixed": _mixed,
}


# ---------------------------------------------------------------------------
# hypothesis strategies
# ---------------------------------------------------------------------------

dtype_keys = st.sampled_from(sorted(DTYPES))
shapes = st.lists(st.integers(0, 4), min_size=0, max_size=5).filter(
    lambda s: int(np.prod(s)) <= 256
).map(tuple)


@st.composite
def arrays(draw, keys=dtype_keys, shape=shapes, max_distinct=None):
    """Array of any dtype in ``keys`` / any shape / any layout, with special
    values and many ties."""
    key = draw(keys)
    shp = draw(shape)
    n = len(value_pool(key))
    k = draw(st.integers(1, n if max_distinct is None else min(n, max_distinct)))
    chosen = draw(st.lists(st.integers(0, n - 1), min_size=k, max_size=k))
    size = int(np.prod(shp))
    picks = draw(st.lists(st.integers(0, k - 1), min_size=size, max_size=size))
    idx = np.array([chosen[p] for p in picks], dtype=np.intp).reshape(shp)
    a = array_from_pool(key, idx)
    ops = draw(st.lists(st.sampled_from(sorted(LAYOUTS)), max_size=3))
    for op in ops:
        a = LAYOUTS[op](a)
    if a.ndim >= 2 and draw(st.booleans()):
        a = a.transpose(draw(st.permutations(range(a.ndim))))
    return a


@st.composite
def axis_and_keepdims(draw, ndim):
    axis = draw(st.sampled_from([NOVALUE] + axes_for(ndim)))
    keepdims = draw(st.sampled_from(KEEPDIMS))
    return kw(axis=axis, keepdims=keepdims)


OUT_DTYPES_OK = [np.intp, np.int8, np.int16, np.int32, np.uint8, np.uint16, np.uint32,
                 np.bool_, np.dtype(">i8"), np.dtype("<i8")]
OUT_DTYPES_BAD = [np.uint64, np.float64, np.float32, np.complex128, object, "M8[s]",
                  "m8[s]"]


def make_out(shape, dtype=np.intp, layout="C", fill=-7):
    """An ``out`` array of ``shape``/``dtype`` with a given layout, prefilled."""
    dtype = np.dtype(dtype)
    fillv = np.array(fill).astype(dtype)
    if layout == "C":
        o = np.empty(shape, dtype=dtype)
    elif layout == "F":
        o = np.empty(shape, dtype=dtype, order="F")
    elif layout == "step":
        big = np.full(tuple(2 * s + 1 for s in shape), fillv, dtype=dtype)
        return big[tuple(slice(1, None, 2) for _ in shape) + (Ellipsis,)]
    elif layout == "neg":
        big = np.full(shape, fillv, dtype=dtype)
        return big[tuple(slice(None, None, -1) for _ in shape) + (Ellipsis,)]
    elif layout == "T":
        o = np.empty(shape[::-1], dtype=dtype).T
    elif layout == "unaligned":
        n = int(np.prod(shape)) * dtype.itemsize
        o = np.zeros(n + 1, np.uint8)[1:].view(dtype).reshape(shape)
    else:  # pragma: no cover
        raise AssertionError(layout)
    o[...] = fillv
    return o


OUT_LAYOUTS = ["C", "F", "step", "neg", "T", "unaligned"]
