"""Session set-up: the kernels compile on the other core while the tests run.

Most of a cold test run (fresh checkout, empty Numba cache) is Numba compiling
the CPU kernels (3-8 s per kernel and signature on a 2-core CI machine, about
270 signatures), one after another in the test process.  For a whole-suite
run this file starts a process running
:func:`numba_argmax._precompile.compile_kernels` (what ``python -m
numba_argmax compile`` runs) in the background at session start: it
compiles the kernels into the same on-disk cache (same environment, so the
same ``NUMBA_CACHE_DIR``), and when the tests reach a kernel they load it
from the cache in milliseconds instead of compiling it.  It compiles in the
order the suite needs kernels *late* first (the test process compiles what
it needs early itself), at a low priority so that the test process and the
CUDA-simulator subprocess (tests/test_cuda_sim.py) keep their cores, and it
is stopped at session end.  Nothing depends on it: a kernel it has not
reached yet is compiled by the test process as before, and its failure only
prints a line in the summary.

Off with ``NUMBA_ARGMAX_NO_WARMUP=1``; also off under ``NUMBA_DISABLE_JIT``,
on a single core, for runs of selected files or directories, and in pytest
subprocesses of the suite (they inherit ``NUMBA_ARGMAX_NO_WARMUP``).

Every pytest process of the suite updates the cache index under
:func:`numba_argmax._precompile.serialized_cache_writes`, as the compile
command does: Numba alone lets two processes adding signatures of one kernel
at the same moment pick the same data file.
"""

import atexit
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import _compile_once
import pytest

import numba_argmax
from numba_argmax._precompile import serialized_cache_writes

#: The warm-up must compile the package this session imports (its cache is
#: keyed by the source files): ``python -m`` from its parent imports it.
_PACKAGE_PARENT = Path(numba_argmax.__file__).resolve().parent.parent
NO_WARMUP_ENV = "NUMBA_ARGMAX_NO_WARMUP"
#: Test files the warm-up runs in a pytest process of its own once its
#: compile list is done (see :func:`elsewhere_suite`); the test process
#: deselects them.  tests/test_njit.py: compiling users' jitted functions
#: that call our overloads links the kernels into each and optimises them
#: again, ~100 s of one core; tests/test_cuda_ptx.py: NVVM compiles, ~25 s
#: that need no CPU kernel.  Both used to run on the test process's core
#: while the other one sat idle at the end of the run.
ELSEWHERE_TESTS = tuple(Path(__file__).resolve().parent / name
                        for name in ("test_njit.py", "test_cuda_ptx.py"))
#: The test that waits for that process and checks its outcome; run last.
ELSEWHERE_CHECK = "test_elsewhere_process.py"

#: What the warm-up compiles, in one process
#: (:func:`numba_argmax._precompile.compile_kernels`): the serial kernels,
#: dtypes in the reverse order of their first use (test_core_values.py goes
#: through them alphabetically), so that the test process meets them cached
#: and rarely compiles a set the warm-up also reaches.  Each set compiled
#: brings the parallel kernels the suite calls with it
#: (``_compile_once.SUITE_PARALLEL_KERNELS``): in the process that has the
#: set's helpers compiled, they cost a few seconds, in another its helpers
#: again.  Then the warm-up runs ELSEWHERE_TESTS: the kernels test_njit.py
#: links (float64, datetime64) are cached by then.  Only the order is tuned
#: here: a stale list costs time, never a result.
WARMUP_DTYPES = [
    "uint32", "uint16", "int8", "uint64", "int32", "complex64", "int16", "complex128", "uint8",
    "float16", "datetime64", "float64", "int64", "float32", "bool",
]  # fmt: skip
_WARMUP_SCRIPT = (
    "import json, sys\n"
    "sys.path.insert(0, sys.argv[2])\n"
    "import _compile_once\n"
    "_compile_once.install(wait=False)  # skips what the test process is compiling\n"
    "from numba_argmax._precompile import compile_kernels\n"
    "compile_kernels(json.loads(sys.argv[1]), quiet=True, parallel=False)\n"
)

_cache_lock = contextlib.ExitStack()
_warmup_lock = threading.Lock()
_warmup = {"process": None, "thread": None, "stop": False, "log": None, "started": None,
           "finished": None, "returncodes": [], "elsewhere": None, "elsewhere_reader": None,
           "elsewhere_output": None}  # fmt: skip


def _whole_suite(config):
    """Whether pytest runs its configured testpaths (no files or directories named)."""
    source = getattr(config, "args_source", None)
    if source is not None:
        return source == pytest.Config.ArgsSource.TESTPATHS
    return not config.option.file_or_dir


def _warmup_wanted(config):
    if os.environ.get(NO_WARMUP_ENV) or os.environ.get("PYTEST_XDIST_WORKER"):
        return False
    if os.environ.get("NUMBA_DISABLE_JIT", "0") not in ("", "0"):
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) >= 2 and _whole_suite(config)


def _start_compile(log, dtypes):
    command = [sys.executable, "-c", _WARMUP_SCRIPT, json.dumps(dtypes), str(Path(__file__).parent)]
    process = subprocess.Popen(command, cwd=_PACKAGE_PARENT, stdin=subprocess.DEVNULL,
                               stdout=log, stderr=log)
    atexit.register(lambda: process.poll() is None and process.kill())
    with contextlib.suppress(AttributeError, OSError):  # below the tests' priority
        os.setpriority(os.PRIO_PROCESS, process.pid, 10)
    return process


def _start_elsewhere_suite():
    # It inherits NO_WARMUP_ENV: no warm-up of its own, so it deselects nothing.
    process = subprocess.Popen(
        [sys.executable, "-m", "pytest", *map(str, ELSEWHERE_TESTS), "-q",
         "-p", "no:cacheprovider", "--no-header", "-rfEs"],
        cwd=_PACKAGE_PARENT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    atexit.register(lambda: process.poll() is None and process.kill())

    def read_output():
        _warmup["elsewhere_output"] = process.communicate()[0]

    reader = threading.Thread(target=read_output, daemon=True, name="elsewhere tests output")
    reader.start()
    return process, reader


def _run_warmup(log):
    with _warmup_lock:
        if _warmup["stop"]:
            return
        process = _warmup["process"] = _start_compile(log, WARMUP_DTYPES)
    _warmup["returncodes"].append(process.wait())
    with _warmup_lock:
        if not _warmup["stop"]:
            _warmup["elsewhere"], _warmup["elsewhere_reader"] = _start_elsewhere_suite()
    _warmup["finished"] = time.monotonic()


def pytest_collection_modifyitems(session, config, items):
    """tests/test_asv_suite.py last: the benchmarks call every function on
    most dtypes, and run last they find those kernels compiled by the tests
    before them (the warm-up's order assumes the tests' own order).  After
    it, the check of ELSEWHERE_TESTS' process, which this process does not
    run when the warm-up runs them."""
    if _warmup["thread"] is not None:
        elsewhere = [item for item in items if item.path in ELSEWHERE_TESTS]
        if elsewhere:
            config.hook.pytest_deselected(items=elsewhere)
            items[:] = [item for item in items if item.path not in ELSEWHERE_TESTS]

    def last(name):
        return [item for item in items if item.path.name == name]

    tail = last("test_asv_suite.py") + last(ELSEWHERE_CHECK)
    items[:] = [item for item in items if item not in tail] + tail


def pytest_collection_finish(session):
    """The slowest ``setup_cache`` of tests/test_asv_suite.py starts now, in
    the background, if its test is selected (after ``-k``/``-m``)."""
    asv_suite = [item for item in session.items if item.path.name == "test_asv_suite.py"]
    if asv_suite:
        ids = [item.callspec.id for item in asv_suite if hasattr(item, "callspec")]
        asv_suite[0].module.start_setup_cache_ahead(ids)


def pytest_sessionstart(session):
    _cache_lock.enter_context(serialized_cache_writes())
    if not _warmup_wanted(session.config):
        return
    # Our own pytest subprocesses (CUDA simulator, other dask backend) share
    # the cache and what this warm-up writes into it; they start none.
    os.environ[NO_WARMUP_ENV] = "1"
    # One compile per kernel signature between this process and the warm-up.
    locks = _cache_lock.enter_context(tempfile.TemporaryDirectory(prefix="numba_argmax_locks_"))
    os.environ[_compile_once.LOCK_DIR_ENV] = locks
    _compile_once.install(wait=True)
    log = tempfile.TemporaryFile(mode="w+")
    thread = threading.Thread(target=_run_warmup, args=(log,), daemon=True,
                              name="numba_argmax warm-up")
    _warmup.update(log=log, thread=thread, started=time.monotonic())
    thread.start()


@pytest.fixture
def elsewhere_suite():
    """ELSEWHERE_TESTS' outcome in their own process: (returncode, output),
    or None when they run in this one (no warm-up)."""
    if _warmup["thread"] is None:
        return None
    # Until the warm-up starts it (its compile list done).
    while _warmup["elsewhere"] is None and _warmup["thread"].is_alive():
        time.sleep(0.2)
    if _warmup["elsewhere"] is None:  # the warm-up stopped before starting it: run it here
        _warmup["elsewhere"], _warmup["elsewhere_reader"] = _start_elsewhere_suite()
    _warmup["elsewhere_reader"].join(timeout=1800)
    return _warmup["elsewhere"].returncode, _warmup["elsewhere_output"]


def _stop_warmup():
    thread = _warmup["thread"]
    if thread is None:
        return
    with _warmup_lock:
        _warmup["stop"] = True
        process = _warmup["process"]
        elsewhere = _warmup["elsewhere"]
        if elsewhere is not None and elsewhere.poll() is None:
            elsewhere.kill()
        if process is not None and process.poll() is None:
            process.terminate()  # killed mid-write, Numba leaves at most a stray *.tmp file
    thread.join(timeout=30)
    if process is not None and process.poll() is None:
        process.kill()


def pytest_sessionfinish(session, exitstatus):
    with contextlib.suppress(Exception):  # never fail the session for the warm-up
        _stop_warmup()
    _cache_lock.close()


def pytest_terminal_summary(terminalreporter):
    if _warmup["thread"] is None:
        return
    codes = _warmup["returncodes"]
    done = codes == [0]
    elapsed = (_warmup["finished"] or time.monotonic()) - _warmup["started"]
    if done:
        state = f"done in {elapsed:.0f} s"
    elif _warmup["stop"] and codes and codes[-1] < 0:
        state = f"stopped at session end, after {elapsed:.0f} s"
    else:
        state = f"exit codes {codes}"
    terminalreporter.write_line(f"numba_argmax kernel warm-up (compile_kernels): {state}")
    log = _warmup["log"]
    if not done and log is not None and "stopped" not in state:
        with contextlib.suppress(Exception):
            log.seek(0)
            terminalreporter.write_line(log.read()[-2000:].strip())
