"""The dask backend against NumPy: every chunking gives NumPy's answer.

The module runs under the dask array backend this process selected; one test
reruns it in a subprocess under the other one (legacy <-> array-expr), which
dask fixes once per process when ``dask.array`` is first imported.
"""

import atexit
import contextlib
import itertools
import os
import subprocess
import sys

import numpy as np
import pytest

da = pytest.importorskip("dask.array")
import dask  # noqa: E402

import numba_argmax as nam  # noqa: E402
from numba_argmax import _dask as dask_backend  # noqa: E402
from numba_argmax._ops import ARGMAX, ARGMIN, NANARGMAX, NANARGMIN  # noqa: E402

OPS = {op.name: op for op in (ARGMAX, ARGMIN, NANARGMAX, NANARGMIN)}
PUBLIC = {name: getattr(nam, name) for name in OPS}
OTHER_BACKEND_ENV = "NUMBA_ARGMAX_DASK_OTHER_BACKEND"


# --- NumPy oracle and comparison ---------------------------------------------


def numpy_answer(name, a, axis, keepdims=False):
    """NumPy's result, with a tuple ``axis`` as the reduced axes flattened in C order."""
    func = getattr(np, name)
    if not isinstance(axis, tuple):
        return func(a, axis=axis, keepdims=keepdims)
    kept = a.ndim - len(axis)
    moved = np.moveaxis(a, axis, range(kept, a.ndim))
    result = func(moved.reshape(moved.shape[:kept] + (-1,)), axis=-1)
    return np.expand_dims(result, tuple(sorted(axis))) if keepdims else result


def compute(x, scheduler="sync"):
    """``scheduler``: a dask scheduler name or a dask.distributed Client."""
    return x.compute(scheduler=scheduler)


def assert_same(got, expected):
    """Identical to NumPy's answer: type (scalar or array), dtype, shape, values."""
    assert type(got) is type(expected)
    assert got.dtype == np.intp
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


def check(name, a, chunks, axis, keepdims=False, scheduler="sync"):
    """Compare ``name`` on ``a`` chunked as ``chunks`` with NumPy, errors included."""
    x = da.from_array(a, chunks=chunks)
    result = PUBLIC[name](x, axis=axis, keepdims=keepdims)
    assert isinstance(result, da.Array)
    try:
        expected = numpy_answer(name, a, axis, keepdims)
    except ValueError as error:
        with pytest.raises(ValueError, match=str(error)):
            compute(result, scheduler)
        return
    assert_same(compute(result, scheduler), expected)


# --- data --------------------------------------------------------------------


def random_chunks(rng, shape):
    """Per axis: one chunk, chunks of size 1, or random cut points."""
    chunks = []
    for n in shape:
        mode = rng.integers(3)
        if mode == 0 or n < 2:
            chunks.append((n,))
        elif mode == 1:
            chunks.append((1,) * n)
        else:
            cuts = np.sort(rng.choice(np.arange(1, n), rng.integers(1, n), replace=False))
            chunks.append(tuple(np.diff(np.concatenate([[0], cuts, [n]])).tolist()))
    return tuple(chunks)


def random_data(rng, shape, dtype, nan_fraction):
    """Few distinct values (many ties), NaN/NaT at ``nan_fraction``, -0.0, +-inf."""
    dtype = np.dtype(dtype)
    small = rng.integers(-2, 3, size=shape)
    nan = rng.random(shape) < nan_fraction
    if dtype.kind == "b":
        return small > 0
    if dtype.kind in "iu":
        return (small + 2).astype(dtype)
    if dtype.kind in "mM":
        a = (small + 2).astype("int64").astype(dtype)
        a[nan] = np.datetime64("NaT") if dtype.kind == "M" else np.timedelta64("NaT")
        return a
    if dtype.kind == "U":
        return np.array(list("abcde"))[small + 2].astype(dtype)
    specials = np.array([-np.inf, -0.0, 0.0, np.inf])
    a = np.where(rng.random(shape) < 0.2, specials[rng.integers(4, size=shape)], small)
    a = a.astype(dtype)
    if dtype.kind == "c":
        a = a + 1j * rng.integers(-1, 2, size=shape)
        nan_imag = nan & (rng.random(shape) < 0.5)
        a[nan & ~nan_imag] = complex(np.nan, 0)
        a[nan_imag] = complex(0, np.nan)
    else:
        a[nan] = np.nan
    return a.astype(dtype)


def axis_choices(ndim):
    """None, every axis, -1, tuples in and out of order, all axes reversed, ()."""
    axes = [None, *range(ndim), -1, (0,), tuple(range(ndim))[::-1], ()]
    if ndim > 1:
        axes += [(0, ndim - 1), (ndim - 1, 0)]
    if ndim > 2:
        axes += [(1, 0), (2, 0, 1)]
    return axes


# --- tests -------------------------------------------------------------------


def test_dask_bug_example_axis_none_ties_across_chunks():
    # dask's own da.argmax returns 4 here (and raises under array-expr).
    a = np.zeros((4, 4))
    a[0, 2] = a[1, 0] = 1
    result = nam.argmax(da.from_array(a, chunks=(2, 2)))
    assert_same(compute(result), np.argmax(a))
    assert compute(result) == 2


@pytest.mark.parametrize("seed", range(12))
def test_random_chunkings_float64(seed):
    rng = np.random.default_rng(seed)
    shape = [(9,), (5, 6), (3, 4, 5), (2, 3, 2, 3)][seed % 4]
    a = random_data(rng, shape, np.float64, nan_fraction=[0.0, 0.1, 0.5][seed % 3])
    chunks = random_chunks(rng, shape)
    for name in OPS:
        for axis in axis_choices(len(shape)):
            check(name, a, chunks, axis, keepdims=bool(rng.integers(2)))


DTYPES = [
    "bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
    "float16", "float32", "complex64", "complex128",
    "datetime64[s]", "timedelta64[ms]", "longdouble", "U1",
]  # fmt: skip


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_dtype(dtype):
    rng = np.random.default_rng(sum(map(ord, dtype)))
    for shape, axes in [((11,), [None]), ((4, 5), [None, 1, (1, 0)])]:
        a = random_data(rng, shape, dtype, nan_fraction=0.25)
        chunks = random_chunks(rng, shape)
        for name in OPS:
            for axis in axes:
                check(name, a, chunks, axis)


def batch_of_pairs(base, values, positions):
    """A stack of copies of ``base`` with ``values`` put at every pair of positions."""
    cases = []
    for p, q in itertools.combinations(positions, 2):
        for u, v in itertools.product(values, repeat=2):
            case = base.copy()
            case[p], case[q] = u, v
            cases.append(case)
    return np.stack(cases)


@pytest.mark.parametrize(
    "name, base, values",
    [
        ("argmax", 0.0, [1.0, np.nan]),
        ("argmin", 0.0, [-1.0, np.nan]),
        ("nanargmax", np.nan, [-np.inf, 1.0]),
        ("nanargmin", np.nan, [np.inf, -1.0]),
        ("nanargmax", 0.0, [1.0, np.nan]),
        ("nanargmax", -np.inf, [np.nan, -np.inf]),
        ("nanargmin", 1.0, [np.nan, -1.0]),
    ],
)
def test_ties_and_nans_across_chunk_boundaries(name, base, values):
    # Every pair of positions of a (4, 4) array in (2, 2) chunks, each case a
    # row of one batch: the winner must be the first in C order, whatever the
    # block order, for both axis orders and each axis alone.
    positions = list(itertools.product(range(4), range(4)))
    batch = batch_of_pairs(np.full((4, 4), base), values, positions)
    # With a NaN background only whole cases are free of all-NaN slices.
    axes = [(1, 2), (2, 1)] if np.isnan(base) else [(1, 2), (2, 1), 1, 2]
    for axis in axes:
        check(name, batch, (37, 2, 2), axis)


def test_deep_reduction_tree():
    # split_every=2 forces several levels of combine between chunk and aggregate.
    rng = np.random.default_rng(7)
    a = random_data(rng, (4, 5, 6), np.float64, nan_fraction=0.05)
    with dask.config.set(split_every=2):
        for name in OPS:
            for axis in [None, (2, 0), 1]:
                check(name, a, 1, axis)


def test_threaded_scheduler():
    rng = np.random.default_rng(3)
    a = random_data(rng, (40, 30), np.float32, nan_fraction=0.02)
    for name in OPS:
        for axis in [None, 0, 1]:
            check(name, a, (7, 11), axis, scheduler="threads")


def test_chunks_use_the_serial_kernels(monkeypatch):
    calls = []

    def recording_argreduce(block, axes, is_max, skip_nan, *, parallel=True):
        calls.append(parallel)
        return real(block, axes, is_max, skip_nan, parallel=parallel)

    real = dask_backend.argreduce
    monkeypatch.setattr(dask_backend, "argreduce", recording_argreduce)
    x = da.from_array(np.arange(24.0).reshape(4, 6), chunks=(2, 3))
    assert compute(nam.argmax(x, axis=1)).tolist() == [5, 5, 5, 5]
    assert calls == [False] * 4


def test_zero_length_chunks():
    a = np.array([[3.0, 1.0, 3.0, np.nan, 2.0], [0.0, 5.0, 1.0, 5.0, 4.0]]).T
    for name in OPS:
        for axis in [None, 0]:
            check(name, a, ((2, 0, 3), (1, 1)), axis)
            check(name, a[:, 1], ((0, 2, 0, 3),), axis)


def test_kept_axis_of_zero_length():
    a = np.zeros((0, 5))
    for name in OPS:
        check(name, a, (1, 2), 1, keepdims=True)


def test_zero_d_and_empty_axis_tuple():
    for name in OPS:
        for value in [2.5, np.nan]:
            for axis in [None, 0, -1, ()]:
                check(name, np.array(value), (), axis, keepdims=axis == 0)
    a = np.array([[1.0, np.nan], [3.0, 4.0]])
    for name in OPS:
        check(name, a, 1, ())


def test_argument_errors_match_numpy():
    x = da.ones((3, 4), chunks=2)
    a = np.ones((3, 4))
    for axis, error in [(2, np.exceptions.AxisError), (-3, np.exceptions.AxisError),
                        (1.0, TypeError), ((0, 0), ValueError)]:  # fmt: skip
        with pytest.raises(error):
            numpy_answer("argmax", a, axis)
        with pytest.raises(error):
            nam.argmax(x, axis=axis)
    with pytest.raises(ValueError, match="attempt to get argmin of an empty sequence"):
        nam.nanargmin(da.ones((3, 0), chunks=2), axis=1)


def test_out_is_refused():
    x = da.ones((3, 4), chunks=2)
    for out in [np.empty(4, dtype=np.intp), da.zeros(4, dtype=np.intp)]:
        with pytest.raises(TypeError, match="out= is not supported for dask arrays"):
            nam.argmax(x, axis=0, out=out)


@pytest.mark.skipif("da.array_expr_enabled()", reason="array-expr has no boolean indexing")
def test_unknown_chunk_sizes():
    a = np.arange(20.0).reshape(5, 4) % 7
    x = da.from_array(a, chunks=2)
    rows = x[x[:, 0] >= 0]  # same data, unknown row chunk sizes
    with pytest.raises(ValueError, match="unknown chunksizes"):
        nam.argmax(rows, axis=0)
    with pytest.raises(ValueError, match="unknown chunksizes"):
        nam.argmax(rows)
    np.testing.assert_array_equal(compute(nam.argmin(rows, axis=1)), np.argmin(a, axis=1))


@pytest.mark.parametrize("op", [ARGMAX, ARGMIN])
@pytest.mark.parametrize("dtype", ["float64", "int16", "complex64", "datetime64[D]", "bool"])
def test_reduce_with_values(op, dtype):
    rng = np.random.default_rng(5)
    a = random_data(rng, (6, 5), dtype, nan_fraction=0.1)
    x = da.from_array(a, chunks=(4, 2))
    extreme = np.max if op.is_max else np.min
    for axis in [None, 0, 1]:
        for keepdims in [False, True]:
            values, indices = dask_backend.reduce_with_values(op, x, axis, keepdims)
            expected = numpy_answer(op.name, a, axis, keepdims)
            assert_same(compute(indices), expected)
            got = compute(values)
            assert got.dtype == a.dtype
            np.testing.assert_array_equal(got, extreme(a, axis=axis, keepdims=keepdims))


def test_import_does_not_load_dask():
    code = "import sys, numba_argmax; assert not any(m.startswith('dask') for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_selected_array_backend():
    # Under the subprocess below, the backend it asked dask for is the one in use.
    wanted = os.environ.get(OTHER_BACKEND_ENV)
    if wanted is None:
        pytest.skip("only meaningful in the other-backend subprocess")
    assert da.array_expr_enabled() is (wanted == "True")


def _start_other_backend_run():
    """This module under the other dask array backend, in a subprocess started now.

    Started by the first test of this module (:func:`other_backend_run`), so
    it runs beside this module's other tests; the test below waits for it.
    At collection time instead, with the kernel cache still cold, it compiled
    the float64 kernels itself next to the test process (and, at its low
    priority, finished only when its test came: 83 s there, 9 s now).  None
    inside that subprocess itself.
    """
    if OTHER_BACKEND_ENV in os.environ:
        return None
    other = str(not da.array_expr_enabled())
    env = dict(os.environ, DASK_ARRAY__QUERY_PLANNING=other, **{OTHER_BACKEND_ENV: other})
    # The chunked reduction itself (no per-dtype or max_argmax kernels): each
    # new process compiles what it uses again (or loads it from the cache).
    tests = "not (subprocess or distributed or every_dtype or reduce_with_values)"
    command = [sys.executable, "-m", "pytest", __file__, "-q", "-p", "no:cacheprovider"]
    command += ["-k", tests]
    run = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    atexit.register(lambda: run.poll() is None and run.kill())
    # Lowest priority: it runs on cores the session leaves idle, and what it
    # has not done when its test comes runs then.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, run.pid, 19)
    return run


_OTHER_BACKEND = {}


@pytest.fixture(scope="module", autouse=True)
def other_backend_run():
    """The other-backend subprocess, started when this module's first test runs."""
    if "run" not in _OTHER_BACKEND:
        _OTHER_BACKEND["run"] = _start_other_backend_run()
    return _OTHER_BACKEND["run"]


def test_other_array_backend_in_subprocess(other_backend_run):
    if other_backend_run is None:
        pytest.skip("this is the other-backend subprocess")
    stdout, stderr = other_backend_run.communicate(timeout=1800)
    assert other_backend_run.returncode == 0, stdout[-4000:] + stderr[-4000:]
    assert " passed" in stdout and " failed" not in stdout


# --- dask.distributed --------------------------------------------------------


@pytest.fixture(scope="module")
def distributed_client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        with distributed.Client(cluster, set_as_default=False) as client:
            yield client


@pytest.mark.parametrize(
    "name, base, values",
    [("argmax", 0.0, [1.0, np.nan]), ("nanargmin", 1.0, [np.nan, -1.0])],
)
def test_distributed_ties_and_nans(distributed_client, name, base, values):
    positions = list(itertools.product(range(4), range(4)))
    batch = batch_of_pairs(np.full((4, 4), base), values, positions)
    for axis in [(1, 2), 2]:
        check(name, batch, (101, 2, 2), axis, scheduler=distributed_client)


def test_distributed_axis_none_and_errors(distributed_client):
    a = np.zeros((4, 4))
    a[0, 2] = a[1, 0] = 1
    a[3, 1] = a[2, 3] = np.nan
    for name in OPS:
        for keepdims in [False, True]:
            check(name, a, (2, 2), None, keepdims, scheduler=distributed_client)
    rng = np.random.default_rng(11)
    b = random_data(rng, (5, 6, 4), "float16", nan_fraction=0.2)
    check("argmin", b, (2, 3, 1), (2, 0), scheduler=distributed_client)
    check("nanargmax", np.full((2, 4), np.nan), 2, 1, scheduler=distributed_client)
