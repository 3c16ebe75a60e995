"""Our functions inside @numba.njit code, against NumPy.

Compilation dominates this file's run time: Numba links the kernels of
every operation a jitted function calls into it and optimises them again,
in every function.  So one jitted function (``reductions``) calls every
reduction and helper that reads the kernels, and the error tests make it
raise; it is compiled for one signature of float64 (and ``few_reductions``
for one of datetime64).  As four functions they took 90 s to compile, as
one 70 s.
"""

import subprocess
import sys

import numba
import numpy as np
import pytest
from _helpers_oracle import assert_same as assert_oracle_same
from _helpers_oracle import moved_reference
from numba import types
from numba.core.errors import TypingError
from numpy.exceptions import AxisError

import numba_argmax as nam
from numba_argmax.cpu._kernels import KIND_NAT, KIND_PLAIN, kernels_for


def assert_same(actual, expected):
    """As the oracle's, but Numba boxes intp/float64 scalars as Python int/float."""
    if isinstance(expected, tuple):
        assert isinstance(actual, tuple) and len(actual) == len(expected)
        for a, e in zip(actual, expected):
            assert_same(a, e)
    elif isinstance(expected, np.generic) and isinstance(actual, (int, float)):
        assert np.asarray(actual).dtype == expected.dtype
        np.testing.assert_array_equal(actual, expected)
    else:
        assert_oracle_same(actual, expected)


@numba.njit
def reductions(a, ax, axes, out, out0):
    return (
        nam.argmax(a),
        nam.argmin(a, ax),
        nam.nanargmax(a, ax, keepdims=True),
        nam.nanargmin(a, axis=axes),
        nam.argmax(a, (2, 0), keepdims=True),
        nam.argmin(a, ()),
        nam.max_argmax(a, ax),
        nam.min_argmin(a, (1, 2), keepdims=True),
        nam.max_argmax(a),
        (nam.argmax_coords(a), nam.argmin_coords(a, ax), nam.argmax_coords(a, (2, 0))),
        (nam.argmax(a, ax, out=out), nam.nanargmin(a, out=out0)),
    )


def call_reductions(a, ax, axes=(0, 2), out_shape=None):
    """``reductions`` with out arrays of its one compiled signature (int32 and int64)."""
    out = np.full(np.delete(a.shape, ax) if out_shape is None else out_shape, -7, np.int32)
    return reductions(a, ax, axes, out, np.zeros((), dtype=np.int64)), out


def _expected_reductions(a, ax):
    return (
        np.argmax(a),
        np.argmin(a, ax),
        np.nanargmax(a, ax, keepdims=True),
        moved_reference(np.nanargmin, a, (0, 2)),
        moved_reference(np.argmax, a, (2, 0)).reshape(1, a.shape[1], 1),
        np.zeros(a.shape, dtype=np.intp),
        (np.max(a, ax), np.argmax(a, ax)),
        (np.min(a, (1, 2), keepdims=True),
         moved_reference(np.argmin, a, (1, 2)).reshape(a.shape[0], 1, 1)),
        (np.max(a), np.argmax(a)),
    )


def _float_data():
    rng = np.random.default_rng(0)
    a = rng.integers(0, 4, size=(4, 5, 6)).astype(np.float64)  # ties
    a[1, 2, 3] = np.nan  # NaN propagates (argmax) or is skipped (nanargmax)
    return a


def test_reductions_float():
    a = _float_data()
    for ax in (0, 1, 2, -1):
        got, _ = call_reductions(a, ax)
        assert_same(got[:9], _expected_reductions(a, ax))


@numba.njit
def few_reductions(a, ax):
    return nam.argmin(a, ax), nam.max_argmax(a, (0, 2))


def test_reductions_strided_datetime():
    # NaT as in NumPy; the kernels read datetime64 as int64.
    base = np.random.default_rng(1).integers(0, 5, size=(5, 6, 8)).astype("M8[s]")
    base[2, 3, 4] = np.datetime64("NaT")
    d = base.transpose(1, 0, 2)[:, ::2, ::-1]
    for ax in (0, 2):
        expected = (np.argmin(d, ax), (np.max(d, (0, 2)), moved_reference(np.argmax, d, (0, 2))))
        assert_same(few_reductions(d, ax), expected)


def test_coords_index_the_extremes():
    a = _float_data()
    for ax in (0, 1, -1):
        top, low, top20 = call_reductions(a, ax)[0][9]
        assert_same(top, nam.argmax_coords(a))
        assert_same(a[top], np.max(a))
        assert_same(low, nam.argmin_coords(a, ax))
        assert_same(a[low], np.min(a, ax))
        assert_same(a[top20], np.max(a, (2, 0)))


@numba.njit
def gathers(a, idx3, flat, idx_last, ax):
    return (
        nam.take_along_axis(a, idx3, ax),
        nam.take_along_axis(a, flat, None),
        nam.take_along_axis(a, idx_last),
        nam.unravel_index(flat, (4, 5, 6)),
        nam.unravel_index(7, (4, 5, 6), "F"),
        nam.unravel_index(flat.reshape(2, -1), 120),
    )


def test_gathers():
    a = _float_data()
    rng = np.random.default_rng(2)
    flat = rng.integers(0, 120, size=8)
    for ax in (0, 1, 2):
        n = a.shape[ax]
        shape = [1, 5, 6]  # broadcast along axis 0 unless it is the gathered one
        shape[ax] = 3
        idx3 = rng.integers(-n, n, size=shape)
        idx_last = rng.integers(-6, 6, size=(4, 1, 2))
        got = gathers(a, idx3, flat, idx_last, ax)
        expected = (
            np.take_along_axis(a, idx3, ax),
            np.take_along_axis(a, flat, None),
            np.take_along_axis(a, idx_last, -1),
            np.unravel_index(flat, (4, 5, 6)),
            np.unravel_index(7, (4, 5, 6), order="F"),
            np.unravel_index(flat.reshape(2, -1), 120),
        )
        assert_same(got, expected)


def test_out_argument():
    a = _float_data()
    out = np.full((4, 6), -7, dtype=np.int32)
    out0 = np.zeros((), dtype=np.int64)
    got, got0 = reductions(a, 1, (0, 2), out, out0)[10]
    assert got is out or np.shares_memory(got, out)
    np.testing.assert_array_equal(out, np.argmax(a, 1))
    assert out0[()] == np.nanargmin(a)
    with pytest.raises(ValueError, match="output array does not match"):
        reductions(a, 0, (0, 2), out, out0)  # result is (5, 6)


@numba.njit
def take(a, idx, ax):
    return nam.take_along_axis(a, idx, ax)


@numba.njit
def unravel(idx):
    return nam.unravel_index(idx, (2, 3))


def test_errors_raise_like_numpy():
    a = _float_data()
    # The reductions raise from the one function that calls them all (see
    # the module docstring): each case fails at its first bad call.
    with pytest.raises(AxisError):
        call_reductions(a, 3, out_shape=(1, 1))  # argmin(a, 3)
    with pytest.raises(AxisError):
        call_reductions(a, -4, out_shape=(1, 1))
    with pytest.raises(ValueError, match="empty sequence"):
        call_reductions(np.ones((3, 0, 2)), 1)  # argmax(a)
    with pytest.raises(ValueError, match="duplicate value"):
        call_reductions(a, 1, axes=(0, -3))  # nanargmin(a, axis=(0, -3))
    all_nan = np.full((2, 3, 1), np.nan)
    with pytest.raises(ValueError, match="All-NaN slice"):
        call_reductions(all_nan, 0)  # nanargmax(a, 0, keepdims=True)
    idx = np.zeros((4, 1, 6), dtype=np.int64)
    idx[3, 0, 5] = 5
    with pytest.raises(IndexError):
        take(a, idx, 1)
    with pytest.raises(IndexError, match="shape mismatch"):
        take(a, np.zeros((3, 1, 6), dtype=np.int64), 1)
    with pytest.raises(AxisError):
        take(a, np.zeros((4, 1, 6), dtype=np.int64), 3)
    with pytest.raises(ValueError, match="index 6 is out of bounds for array with size 6"):
        unravel(np.array([0, 6]))
    with pytest.raises(ValueError, match="out of bounds"):
        unravel(np.array([-1]))


def test_type_errors_at_compile_time():
    @numba.njit
    def runtime_keepdims(a, flag):
        return nam.argmax(a, 0, keepdims=flag)

    with pytest.raises(TypingError):
        runtime_keepdims(np.ones(3), True)

    @numba.njit
    def half(a):
        return nam.argmax(a)

    with pytest.raises((TypingError, NotImplementedError)):
        half(np.ones(3, dtype=np.float16))

    @numba.njit
    def float_indices(a):
        return nam.take_along_axis(a, np.ones(3), 0)

    with pytest.raises(IndexError, match="must be an integer array"):
        float_indices(np.ones(3))


def test_import_registers_without_compiling():
    code = (
        "import numba_argmax, numba_argmax._njit as j, numba_argmax.cpu._kernels as k;"
        "from numba_argmax.cpu import _gather as g;"
        "assert not j._CORES and not k._BUILT, 'compiled at import';"
        "assert not g.take_3d.signatures and not g.unravel_parallel.signatures"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_kernels_compile_once_for_python_and_njit_callers():
    # njit code hands the kernels what the Python-level calls do (a 1-D
    # C-contiguous base, intp arguments), so both share each compiled
    # signature: per dtype one for a writable base and one for a read-only.
    a = _float_data()
    call_reductions(a, 1)
    few_reductions(np.arange(24).astype("M8[s]").reshape(2, 3, 4)[:, ::-1], 1)
    assert_same(nam.argmax(a, axis=1), np.argmax(a, axis=1))
    assert_same(nam.argmax(a[:, ::2], axis=1), np.argmax(a[:, ::2], axis=1))
    for kind, dtype in ((KIND_PLAIN, types.float64), (KIND_NAT, types.int64)):
        for is_max in (True, False):
            signatures = [sig for sig in kernels_for(is_max, False, kind).reduce_3d.signatures
                          if sig[0].dtype == dtype]
            assert 1 <= len(signatures) <= 2, signatures
            for base, *ints, out2 in signatures:
                assert base.ndim == 1 and base.layout == "C" and out2.layout == "C"
                assert all(t == types.intp for t in ints), ints  # no Literal[int]
