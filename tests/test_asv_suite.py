"""The asv suite (asv_bench/benchmarks) runs: every benchmark once per parameter set.

This is what ``asv run --quick`` checks (each benchmark's setup and body run
once per parameter combination without raising), run in this process: asv
starts a process per benchmark, which loads the kernels from the cache again
each time (~50 s for the suite on CI against ~10 s here).  CI still runs
``asv check`` (asv_bench/ci_check.sh): asv discovers the suite and finds
every signature and parameter list valid.  The protocol followed is asv's:
``setup_cache`` once per class, its value passed first to ``setup`` and to
the benchmark; ``setup`` raising ``NotImplementedError`` skips the
parameter set (the GPU and dask benchmarks without a GPU or dask); ``track_``
benchmarks return a number.
"""

import atexit
import contextlib
import importlib.util
import inspect
import itertools
import json
import numbers
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "asv_bench" / "benchmarks"
PREFIXES = ("time_", "timeraw_", "track_", "mem_", "peakmem_")

#: Benchmarks whose ``setup_cache`` runs processes of its own for tens of
#: seconds (compiling into empty caches): started at collection, in a
#: low-priority process, so that their compile fills idle core time instead
#: of ending the run on one core (the suite runs last).  Their modules import
#: nothing from the suite's package.
SETUP_CACHE_AHEAD = {"bench_compile.FirstCall"}
_ahead = {}

_SETUP_CACHE_SCRIPT = (
    "import json, sys\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "import importlib\n"
    "module, name = sys.argv[2].split('.')\n"
    "print(json.dumps(getattr(importlib.import_module(module), name)().setup_cache()))\n"
)


def start_setup_cache_ahead(ids):
    """Start the ``setup_cache`` of the selected SETUP_CACHE_AHEAD benchmarks
    (tests/conftest.py calls this once the session's tests are collected)."""
    for benchmark in SETUP_CACHE_AHEAD & set(ids) - set(_ahead):
        process = subprocess.Popen(
            [sys.executable, "-c", _SETUP_CACHE_SCRIPT, str(BENCHMARKS), benchmark],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True,  # its own process group: ended with its children below
        )  # fmt: skip
        atexit.register(_end_process_group, process)
        with contextlib.suppress(AttributeError, OSError):  # its compiles inherit it
            os.setpriority(os.PRIO_PROCESS, process.pid, 10)
        _ahead[benchmark] = process


def _end_process_group(process):
    # A session that never reaches the test must not leave its children compiling.
    if process.poll() is None:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)


def _setup_cache(cls, benchmark):
    process = _ahead.pop(benchmark, None)
    if process is None:
        return cls().setup_cache()
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-3000:]
    return json.loads(out)


def _load_suite():
    """The benchmark modules, imported as the package ``asv_benchmarks``."""
    spec = importlib.util.spec_from_file_location(
        "asv_benchmarks", BENCHMARKS / "__init__.py", submodule_search_locations=[str(BENCHMARKS)]
    )
    package = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = package
    spec.loader.exec_module(package)
    return [importlib.import_module(f"{spec.name}.{path.stem}")
            for path in sorted(BENCHMARKS.glob("bench_*.py"))]  # fmt: skip


def _benchmark_classes():
    for module in _load_suite():
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and not name.startswith("_"):
                methods = [m for m in dir(cls) if m.startswith(PREFIXES)]
                if methods:
                    file = module.__name__.rpartition(".")[2]
                    yield pytest.param(cls, methods, f"{file}.{name}", id=f"{file}.{name}")


def _parameter_sets(cls):
    params = getattr(cls, "params", [])
    if not params:
        return [()]
    if not isinstance(params[0], (list, tuple)):  # asv: one parameter may be given bare
        params = [params]
    return list(itertools.product(*params))


@pytest.mark.parametrize(("cls", "methods", "benchmark"), list(_benchmark_classes()))
def test_benchmark_runs_once_per_parameter_set(cls, methods, benchmark):
    cached = (_setup_cache(cls, benchmark),) if hasattr(cls, "setup_cache") else ()
    ran = 0
    for params in _parameter_sets(cls):
        for method in methods:
            bench = cls()
            try:
                if hasattr(bench, "setup"):
                    bench.setup(*cached, *params)
            except NotImplementedError:  # asv: skipped
                continue
            try:
                value = getattr(bench, method)(*cached, *params)
            finally:
                if hasattr(bench, "teardown"):
                    bench.teardown(*cached, *params)
            if method.startswith("track_"):
                assert isinstance(value, numbers.Real), (method, params, value)
            ran += 1
    if ran == 0:
        pytest.skip(f"{cls.__name__}: every parameter set skipped itself (NotImplementedError)")
