"""Reliability: threads, fork, huge indices, memory, hostile input, determinism.

Anything that could abort the interpreter runs in a subprocess, so a failure
shows up as a failed test, not a dead test run.
"""

import atexit
import contextlib
import functools
import os
import signal
import subprocess
import sys
import textwrap
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import numba_argmax as nam
from numba_argmax.cpu import _flat, _reduce

FUNCS = [
    (nam.argmax, np.argmax),
    (nam.argmin, np.argmin),
    (nam.nanargmax, np.nanargmax),
    (nam.nanargmin, np.nanargmin),
]


def run_python(code, env=None, timeout=240):
    """Run ``code`` in a fresh interpreter; return the completed process."""
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
    )


def threading_layers():
    layers = ["omp", "workqueue"]
    try:
        import tbb  # noqa: F401

        layers.append("tbb")
    except ImportError:
        pass
    return layers


# --- 1. concurrency ----------------------------------------------------------

CONCURRENT_CALLS = """
    import numpy as np, numba_argmax as nam
    from concurrent.futures import ThreadPoolExecutor
    rng = np.random.default_rng(1)
    cases = []
    # Dtypes whose parallel kernels the suite compiles anyway (see conftest.py's
    # warm-up lists): float16's and complex's cost this subprocess ~20 s of
    # compiling on CI and exercise the same parallel slot as these.
    for dtype in ["f8", "i8", "u8", "i1", "u1"]:
        for n in [50, 600_000]:
            a = (rng.random(n) * 100).astype(dtype)
            a[n // 3] = a.max()  # a tie
            cases.append(a)
    cases.append(rng.random((700, 900)))
    def check(k):
        a = cases[k % len(cases)]
        axis = None if a.ndim == 1 else k % 2
        return np.array_equal(nam.argmax(a, axis=axis), np.argmax(a, axis=axis)) and (
            np.array_equal(nam.nanargmin(a, axis=axis), np.nanargmin(a, axis=axis)))
    with ThreadPoolExecutor(8) as pool:
        ok = all(pool.map(check, range(96)))
    print("OK" if ok else "WRONG")
"""


@pytest.mark.parametrize("layer", threading_layers())
def test_many_python_threads(layer):
    proc = run_python(CONCURRENT_CALLS, env={"NUMBA_THREADING_LAYER": layer})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "OK"


FORK_AFTER_PARALLEL = """
    import multiprocessing as mp, numpy as np, numba_argmax as nam
    a = np.random.default_rng(2).random(1_000_000)
    expected = int(np.argmax(a))
    assert nam.argmax(a) == expected  # the parent uses the parallel kernels
    def work(shift):
        b = np.roll(a, shift)
        return int(nam.argmax(b)) == int(np.argmax(b))
    with mp.get_context("fork").Pool(2) as pool:
        print("OK" if all(pool.map(work, range(4))) else "WRONG")
"""


@pytest.mark.parametrize("layer", threading_layers())
def test_forked_workers_after_parallel_use(layer):
    # GNU OpenMP terminates a forked child that starts a parallel region;
    # the library must fall back to its serial kernels there.
    proc = run_python(FORK_AFTER_PARALLEL, env={"NUMBA_THREADING_LAYER": layer})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "OK"


def test_called_from_dask_style_worker_threads_is_serial_when_slot_taken():
    # While one call holds the parallel slot, a concurrent one runs serially
    # and still gets NumPy's answer.
    from numba_argmax import _threads

    a = np.random.default_rng(3).random(_reduce.PARALLEL_MIN_BYTES // 8 * 2)
    with _threads.parallel_slot() as outer_threads:
        with _threads.parallel_slot() as inner_threads:
            assert inner_threads == 0
            assert nam.argmax(a) == np.argmax(a)
    assert outer_threads in (0, *range(2, 1024))


# --- 2. huge arrays ------------------------------------------------------------


def _free_memory_bytes():
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return 0


@pytest.mark.huge
@pytest.mark.skipif(_free_memory_bytes() < 12 * 2**30, reason="needs ~12 GiB of free memory")
def test_indices_beyond_2_to_the_32():
    n = 2**32 + 18
    a = np.zeros(n, dtype=np.int8)
    a[n - 5] = 7  # beyond 2**32
    a[2**31 + 3] = 5
    a[n - 3] = -1
    assert nam.argmax(a) == n - 5
    assert nam.argmin(a) == n - 3
    assert nam.argmax(a.view(np.bool_)) == 2**31 + 3
    rows = a.reshape(2, -1)  # rows longer than 2**31
    assert list(nam.argmax(rows, axis=1)) == [2**31 + 3, rows.shape[1] - 5]
    assert list(nam.argmin(rows, axis=1)) == [0, rows.shape[1] - 3]


# --- 3. memory -------------------------------------------------------------------

LARGE = (2048, 2048)  # 32 MiB of float64


def _traced_peak(call):
    """``call()``'s result and the peak of memory tracemalloc saw it allocate."""
    tracemalloc.start()
    try:
        result = call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


@pytest.mark.parametrize(
    "make_view",
    [
        pytest.param(lambda a: np.asfortranarray(a), id="fortran"),
        pytest.param(lambda a: a[::2, ::-3], id="strided"),
        pytest.param(lambda a: a.T, id="transposed"),
    ],
)
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_no_copy_of_the_input(make_view, axis):
    view = make_view(np.random.default_rng(4).random(LARGE))
    expected = np.argmax(view, axis=axis)
    nam.argmax(view, axis=axis)  # compile outside the measurement
    result, peak = _traced_peak(lambda: nam.argmax(view, axis=axis))
    np.testing.assert_array_equal(result, expected)
    # The result itself plus bookkeeping, far below one copy of the input.
    assert peak < result.nbytes + view.nbytes // 16, (peak, view.nbytes)


HUGE_BYTES = 64 * 2**20  # the input of the byte-order memory test


@functools.lru_cache(maxsize=1)
def _numba_unreadable(dtype, layout):
    """A 64 MiB array Numba cannot read in place: non-native byte order or unaligned.

    Values are small integers (many ties, no NaN), rows of 2048 elements.
    """
    dtype = np.dtype(dtype)
    native = dtype.newbyteorder("=")
    values = np.random.default_rng(5).integers(-1000, 1000, HUGE_BYTES // dtype.itemsize)
    if dtype.kind in "mM":
        values = values.view(native)
    if layout == "unaligned":
        memory = np.empty(HUGE_BYTES + 1, dtype=np.uint8)[1:]  # odd address
        a = memory.view(dtype)
        a[...] = values
        assert not a.flags.aligned
    else:
        a = values.astype(dtype)
        assert not a.dtype.isnative
    a = a.reshape(-1, 2048)
    if layout == "fortran":
        a = a.reshape(2048, -1).T  # the same memory read as Fortran order
    elif layout == "strided":
        a = a[::-1, ::2]
    return a


@pytest.mark.parametrize("axis", [None, 0, 1, -1])
@pytest.mark.parametrize(
    ("dtype", "layout"),
    [
        (">f8", "C"),
        (">i4", "C"),
        (">f2", "C"),
        (">c16", "C"),
        (">M8[ns]", "C"),
        (">m8[s]", "C"),
        ("<f8", "unaligned"),
        ("<c8", "unaligned"),
        (">f4", "fortran"),
        (">i8", "strided"),
    ],
)
def test_no_copy_of_non_native_or_unaligned_input(dtype, layout, axis):
    """Numba reads native aligned data only: such input is converted one slab at a time."""
    view = _numba_unreadable(dtype, layout)
    expected = np.argmax(view, axis=axis)
    nam.argmax(view, axis=axis)  # compile outside the measurement
    result, peak = _traced_peak(lambda: nam.argmax(view, axis=axis))
    np.testing.assert_array_equal(result, expected)
    # The bound: the result, one conversion buffer of SLAB_BYTES (1 MiB) and
    # 256 KiB of bookkeeping (candidates, NumPy's cast buffers): under 1/16 of
    # the view (a copy of the 64 MiB input would be 64 MiB).
    bound = np.asarray(result).nbytes + _reduce.SLAB_BYTES + 2**18
    assert bound < view.nbytes // 16
    assert peak < bound, (peak, bound)


def test_unwritable_cache_location_falls_back_to_no_cache():
    proc = run_python(
        """
        import tempfile
        def deny(*args, **kwargs):
            raise PermissionError("read-only file system")
        tempfile.TemporaryFile = deny  # Numba probes cache dirs with it
        import numpy as np, numba_argmax as nam
        print(nam.argmax(np.array([1.0, 3.0, 2.0])), nam.nanargmin(np.array([np.nan, 2.0])))
        """
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["1", "1"]


def test_kernel_cache_keyed_by_the_intrinsics_sources(tmp_path, monkeypatch):
    """A kernel's cache entries are valid only for the sources it was compiled
    from: its own file's content (Numba's key) and KERNEL_SOURCES' (the SIMD
    intrinsics in cpu/_lanes.py, which Numba's key does not see)."""
    from numba_argmax import _jit

    def plus_one(x):
        return x + 1

    dispatcher = _jit.jit_cached(plus_one)
    stamp = dispatcher._cache._cache_file._source_stamp
    assert stamp[1] == _jit.kernel_sources_stamp()
    # An edit to any of them changes the stamp.
    package = tmp_path / "package"
    for name in _jit.KERNEL_SOURCES:
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_bytes((Path(_jit.__file__).parent / name).read_bytes())
    monkeypatch.setattr(_jit, "__file__", str(package / "_jit.py"))
    _jit.kernel_sources_stamp.cache_clear()
    try:
        assert _jit.kernel_sources_stamp() == stamp[1]
        lanes = package / "cpu" / "_lanes.py"
        lanes.write_text(lanes.read_text() + "\n# edited\n")
        _jit.kernel_sources_stamp.cache_clear()
        assert _jit.kernel_sources_stamp() != stamp[1]
    finally:
        _jit.kernel_sources_stamp.cache_clear()


# --- 4. hostile input ------------------------------------------------------------

axis_values = st.one_of(
    st.none(),
    st.integers(-(2**70), 2**70),
    st.integers(-4, 4),
    st.floats(allow_nan=True),
    st.booleans(),
    st.text(max_size=2),
    st.just(np.int64(1)),
    st.just(np.array(1)),
    st.just(np.array([0, 1])),
    st.just(object()),
)
out_values = st.one_of(
    st.none(),
    st.just([0, 0]),
    st.sampled_from(["i8", "i4", "i1", "u8", "f8", "?", "O", "c8", "M8[s]"]).flatmap(
        lambda dt: st.sampled_from([(), (3,), (4,), (3, 4), (1, 1), (1, 4), (3, 1)]).map(
            lambda shape: np.zeros(shape, dtype=dt)
        )
    ),
)
arrays = st.sampled_from(
    [
        np.arange(12.0).reshape(3, 4),
        np.array([[np.nan, 1.0, 2.0, 3.0]] * 3),
        np.full((3, 4), np.nan),
        np.zeros((0, 4)),
        np.zeros((3, 0)),
        np.array(5.0),
        np.array([[1, 2], [3, 4]], dtype=object),
        np.array(["b", "a", "c"]),
        [[1, 2], [3, 4]],
        7,
    ]
)


def _outcome(func, a, axis, out, keepdims):
    out_copy = None if not isinstance(out, np.ndarray) else out.copy()
    kwargs = {} if keepdims is None else {"keepdims": keepdims}
    try:
        result = func(a, axis=axis, out=out_copy if out_copy is not None else out, **kwargs)
    except Exception as exc:  # comparing exception types is the point
        return ("raised", type(exc)), out_copy
    return ("ok", np.asarray(result).tolist(), np.asarray(result).dtype), out_copy


@settings(max_examples=150, deadline=None)
@given(
    pair=st.sampled_from(FUNCS),
    a=arrays,
    axis=axis_values,
    out=out_values,
    keepdims=st.sampled_from([None, False, True]),
)
def test_hostile_arguments_match_numpy(pair, a, axis, out, keepdims):
    ours, theirs = pair
    got, our_out = _outcome(ours, a, axis, out, keepdims)
    expected, their_out = _outcome(theirs, a, axis, out, keepdims)
    if got[0] == "raised" and expected[0] == "raised":
        assert issubclass(got[1], expected[1]) or issubclass(expected[1], got[1]), (got, expected)
        if our_out is not None:  # nothing written to out on failure
            np.testing.assert_array_equal(our_out, out)
        return
    assert got == expected
    if our_out is not None:
        np.testing.assert_array_equal(our_out, their_out)


def test_out_aliasing_the_input():
    a = np.array([[3, 9, 1], [7, 2, 8], [0, 0, 0]], dtype=np.intp)
    b = a.copy()
    np.argmax(b[:2], axis=0, out=b[2])
    nam.argmax(a[:2], axis=0, out=a[2])
    np.testing.assert_array_equal(a, b)


def test_generator_input_is_an_object_scalar_like_numpy():
    assert nam.argmax(x for x in [3, 1]) == np.argmax(x for x in [3, 1])


def test_keyboard_interrupt_leaves_the_library_usable():
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import signal, sys, numpy as np, numba_argmax as nam
                from numba_argmax.cpu import _kernels
                # A shell's background job starts with SIGINT ignored, and Python
                # then keeps it ignored: the signal below would never arrive.
                signal.signal(signal.SIGINT, signal.default_int_handler)
                a = np.random.default_rng(5).random(2_000_000)
                nam.argmax(a)
                # The loop's kernels compiled (or loaded) before the signal, serial
                # and parallel: the gate may pick either, and an interrupt inside
                # Numba's compiler is Numba's matter, not this test's.
                kernels = _kernels.kernels_for(True, False, _kernels.KIND_PLAIN)
                kernels.reduce_flat(a, 0, a.size, 1), kernels.row_parallel(a, 0, a.size, 1, 2)
                print("READY", flush=True)
                try:
                    while True:
                        nam.argmax(a)
                except KeyboardInterrupt:
                    pass
                print("OK" if nam.argmax(a) == np.argmax(a) else "WRONG", flush=True)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "READY"
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 0, err[-2000:]
    assert out.strip() == "OK"


# --- 5. determinism ----------------------------------------------------------------

DETERMINISM = """
    import hashlib, numpy as np, numba_argmax as nam
    rng = np.random.default_rng(6)
    digest = hashlib.sha256()
    for shape, axis in [((900_000,), None), ((600, 700), 0), ((600, 700), 1), ((3, 400_000), 1)]:
        a = rng.integers(0, 50, size=shape).astype("f8")
        a[a == 7] = np.nan
        for func in (nam.argmax, nam.argmin):
            digest.update(np.ascontiguousarray(func(a, axis=axis)).tobytes())
        b = np.where(np.isnan(a), 1.0, a)
        digest.update(np.ascontiguousarray(nam.nanargmax(b, axis=axis)).tobytes())
    print(digest.hexdigest())
"""


def test_same_answer_for_every_thread_count():
    digests = set()
    for threads in ("1", "2"):
        for _ in range(2):
            proc = run_python(DETERMINISM, env={"NUMBA_NUM_THREADS": threads})
            assert proc.returncode == 0, proc.stderr[-2000:]
            digests.add(proc.stdout.strip())
    assert len(digests) == 1


@pytest.mark.parametrize("pair", FUNCS, ids=lambda p: p[0].__name__)
def test_serial_and_parallel_paths_agree(pair, monkeypatch):
    ours, theirs = pair
    rng = np.random.default_rng(7)
    a = rng.integers(0, 20, size=(64, 300)).astype("f8")
    a[a == 3] = np.nan
    a[:, 5] = 1.0  # no all-NaN rows for the nan-variants
    for axis in (None, 0, 1):
        serial = ours(a, axis=axis)
        monkeypatch.setattr(_reduce, "PARALLEL_MIN_BYTES", 1)
        monkeypatch.setattr(_flat, "_entries", {})  # their serial sizes come from it
        parallel = ours(a, axis=axis)
        monkeypatch.undo()
        np.testing.assert_array_equal(serial, parallel)
        np.testing.assert_array_equal(serial, theirs(a, axis=axis))


def test_parallel_gate_counts_other_processes_only(monkeypatch):
    # The gate subtracts this process's own CPU time from the machine's: a
    # busy loop in this process (a benchmark) must not close it, other
    # processes' load must, and without /proc/stat the load average decides.
    from numba_argmax import _threads

    clock = {"now": 100.0, "machine": 50.0, "own": 10.0}
    monkeypatch.setattr(_threads.time, "monotonic", lambda: clock["now"])
    monkeypatch.setattr(_threads, "_machine_busy_seconds", lambda: clock["machine"])
    monkeypatch.setattr(
        _threads.os, "times", lambda: os.times_result((clock["own"], 0.0, 0.0, 0.0, 0.0))
    )
    monkeypatch.setattr(_threads, "_CPU_COUNT", 2)
    monkeypatch.setattr(_threads, "_sample", {"time": None, "machine": None, "own": None,
                                              "others": 0.0})
    monkeypatch.setattr(_threads.os, "getloadavg", lambda: (5.0, 5.0, 5.0))
    assert _threads.cores_idle(2) is False  # no baseline yet: the (high) load average
    clock.update(now=101.0, machine=52.0, own=12.0)  # 2 cores busy, all of them ours
    assert _threads.cores_idle(2) is True
    clock.update(now=102.0, machine=54.0, own=13.0)  # one core busy elsewhere
    assert _threads.cores_idle(2) is False
    clock.update(now=102.05, machine=60.0, own=13.0)  # within the interval: last answer
    assert _threads.cores_idle(2) is False
    monkeypatch.setattr(_threads, "_machine_busy_seconds", lambda: None)
    clock.update(now=103.0)
    monkeypatch.setattr(_threads.os, "getloadavg", lambda: (0.2, 0.2, 0.2))
    assert _threads.cores_idle(2) is True  # no /proc/stat: the load average


# --- the on-disk cache, shared by processes -------------------------------------
#
# Compiled code calls helpers by symbol names; argmax's and argmin's helpers,
# compiled in two processes and both loaded from the cache into a third, once
# shared a name there, and the one loaded first answered for both.  Three
# processes share a fresh cache: one runs only argmax, one only argmin, the
# third both (in the other order).  They start at collection and run on the
# other core while the session goes on.  1-D input only: the flat kernel links
# the compiled helpers that carry the operation in their names (block_best_*);
# the 3-D kernel would double the compile into this fresh cache (~18 s).

_CACHE_CHECK = """
import sys
import numpy as np
import numba_argmax as nam
a = np.random.default_rng(0).standard_normal(100_000)  # beyond ndarray.argmax's sizes
for name in sys.argv[1:]:
    for x in (a, a[::3]):
        got, expected = getattr(nam, name)(x), getattr(np, name)(x)
        assert got == expected, (name, x.strides)
print("ok", *sys.argv[1:])
"""
_CACHE_DRIVER = """
import subprocess, sys, tempfile, os
env = dict(os.environ, NUMBA_CACHE_DIR=tempfile.mkdtemp(prefix="nam-cache-"))
for names in (["argmax"], ["argmin"], ["argmin", "argmax"]):
    done = subprocess.run([sys.executable, "-c", sys.argv[1], *names], env=env,
                          capture_output=True, text=True)
    print(done.stdout.strip(), done.stderr[-2000:])
    if done.returncode:
        sys.exit(1)
"""
_cache_processes = subprocess.Popen(
    [sys.executable, "-c", _CACHE_DRIVER, _CACHE_CHECK],
    stdout=subprocess.PIPE,
    stderr=subprocess.STDOUT,
    text=True,
    start_new_session=True,  # its own process group: ended with its children below
)


def _end_cache_processes():
    # A run that deselects the test below must not leave them compiling.
    if _cache_processes.poll() is None:
        with contextlib.suppress(OSError):
            os.killpg(_cache_processes.pid, signal.SIGKILL)


atexit.register(_end_cache_processes)


def test_cache_shared_by_processes_keeps_operations_apart():
    output, _ = _cache_processes.communicate(timeout=600)
    assert _cache_processes.returncode == 0, output
    assert output.count("ok") == 3, output


@pytest.mark.parametrize("dtype", ["float64", "int16", "float16", "M8[s]"])
def test_read_only_input_is_never_written(dtype, tmp_path):
    # The kernels receive read-only input flagged writable (one compiled
    # kernel per dtype); they must only read it: a read-only memory map
    # would fault on a write, and the bytes must not change.
    rng = np.random.default_rng(3)
    data = rng.integers(-50, 50, size=(300, 200)).astype(dtype)
    if data.dtype.kind == "f":
        data[rng.random(data.shape) < 0.01] = np.nan
    path = tmp_path / "data.npy"
    np.save(path, data)
    mapped = np.load(path, mmap_mode="r")
    frozen = data.copy()
    frozen.flags.writeable = False
    row = data[7].copy()
    for a in (mapped, frozen, frozen[::-1, ::3], frozen[5, ::2], np.broadcast_to(row, (40, 200)),
              mapped.T):
        assert not a.flags.writeable
        before = a.copy()
        for ours, theirs in FUNCS:
            for axis in (None, 0, -1):
                try:
                    expected = theirs(a, axis=axis)
                except ValueError:
                    with pytest.raises(ValueError):
                        ours(a, axis=axis)
                    continue
                assert np.array_equal(ours(a, axis=axis), expected)
        assert not a.flags.writeable
        assert a.tobytes() == before.tobytes()
