"""``python -m numba_argmax compile``: what it compiles is what the library calls.

The end-to-end check compiles into an empty cache in a subprocess started
when this module is collected (it runs on another core while the session
runs); its test then checks that a new process's calls load every kernel
from that cache and compile none.
"""

import atexit
import contextlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

import numba_argmax as nam
from numba_argmax import __main__ as cli
from numba_argmax import _precompile
from numba_argmax.cpu import _flat, _kernels, _reduce

ROOT = Path(__file__).resolve().parent.parent
JIT_DISABLED = os.environ.get("NUMBA_DISABLE_JIT", "0") not in ("", "0")
pytestmark = pytest.mark.skipif(JIT_DISABLED, reason="NUMBA_DISABLE_JIT: nothing to compile")

# --- end to end, in subprocesses -------------------------------------------------

#: In a new process, after the compile command: calls that reach every
#: serial kernel of int16 argmin (lean flat and axis paths; a strided 1-D
#: view, read as it is; a strided 2-D view through the general path, and
#: whole, line by line; read-only input, re-flagged writable), then the
#: count of signatures
#: compiled rather than loaded.
_CALLS_AFTER_COMPILE = """
import json
import numpy as np
import numba_argmax as nam
from numba_argmax.cpu import _kernels
x = (np.arange(100_000) % 97).astype(np.int16)
m = x.reshape(100, 1000)
r = x.copy()
r.flags.writeable = False  # read-only input: the same (writable-typed) signatures
v = (np.arange(300_000) % 89).astype(np.int16).reshape(300, 1000)[::2]  # a view of 300 KB
# keepdims=True: the general path, whose flat reduction is the kernel's (the
# lean path leaves all of a C-contiguous int16 array below 1 MiB to ndarray's method).
answers = [nam.argmin(x, keepdims=True).tolist(), nam.argmin(m, axis=1).tolist(),
           nam.argmin(m, axis=0).tolist(), int(nam.argmin(x[::2])),
           nam.argmin(m[:, ::2], axis=1).tolist(), nam.argmin(r, keepdims=True).tolist(),
           int(nam.argmin(v))]
kernels = _kernels.kernels_for(False, False, _kernels.KIND_PLAIN)
stats = [getattr(kernels, name).stats for name in ("reduce_flat", "reduce_3d", "reduce_view")]
print(json.dumps({"answers": answers,
                  "compiled": sum(sum(s.cache_misses.values()) for s in stats),
                  "loaded": sum(sum(s.cache_hits.values()) for s in stats)}))
"""

def _start_compile_command():
    """The compile command into an empty cache, started now, on another core."""
    if JIT_DISABLED:
        return None, None
    cache = tempfile.TemporaryDirectory(prefix="numba_argmax_compile_")
    env = dict(os.environ, NUMBA_CACHE_DIR=cache.name)
    command = [sys.executable, "-m", "numba_argmax", "compile", "--dtypes", "int16",
               "--ops", "argmin,nanargmin", "--no-parallel"]
    run = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    atexit.register(lambda: run.poll() is None and run.kill())
    with contextlib.suppress(AttributeError, OSError):  # on cores the session leaves idle
        os.setpriority(os.PRIO_PROCESS, run.pid, 19)
    return run, cache


_COMPILE_RUN, _COMPILE_CACHE = _start_compile_command()


def test_a_new_process_loads_every_kernel_from_the_cache():
    with _COMPILE_CACHE:
        stdout, stderr = _COMPILE_RUN.communicate(timeout=900)
        assert _COMPILE_RUN.returncode == 0, stdout[-3000:] + stderr[-3000:]
        # nanargmin of int16 is argmin: the command lists its 4 signatures once.
        summary = stdout.strip().splitlines()[-1]
        assert summary.startswith("4 signatures in ") and "4 compiled" in summary, stdout
        env = dict(os.environ, NUMBA_CACHE_DIR=_COMPILE_CACHE.name)
        calls = subprocess.run([sys.executable, "-c", _CALLS_AFTER_COMPILE], cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=600)
    assert calls.returncode == 0, calls.stdout[-3000:] + calls.stderr[-3000:]
    result = json.loads(calls.stdout.strip().splitlines()[-1])
    assert result["compiled"] == 0 and result["loaded"] == 4, result
    x = (np.arange(100_000) % 97).astype(np.int16)
    m = x.reshape(100, 1000)
    assert result["answers"] == [
        [int(np.argmin(x))], np.argmin(m, axis=1).tolist(), np.argmin(m, axis=0).tolist(),
        int(np.argmin(x[::2])), np.argmin(m[:, ::2], axis=1).tolist(), [int(np.argmin(x))],
        int(np.argmin((np.arange(300_000) % 89).astype(np.int16).reshape(300, 1000)[::2])),
    ]


# --- the plan ----------------------------------------------------------------------


def _plan_signatures(rows):
    return {(dispatcher, argtypes) for _, dispatcher, argtypes in rows}


def test_plan_covers_every_entry_point_once():
    rows = _precompile.plan(["float64"], ["argmax"])
    names = [dispatcher.py_func.__name__ for _, dispatcher, _ in rows]
    kernels = _kernels.kernels_for(True, False, _kernels.KIND_PLAIN)
    entry_points = [getattr(kernels, name) for name in _kernels._Kernels.__slots__]
    assert len(rows) == len(entry_points) + 1  # and reduce_flat of strided views
    assert sorted(names) == sorted([kernels.reduce_flat.py_func.__name__]
                                   + [d.py_func.__name__ for d in entry_points])
    for dispatcher in entry_points:  # a writable 1-D C base (read-only input is re-flagged)
        bases = [argtypes[0] for _, d, argtypes in rows if d is dispatcher]
        if dispatcher in (kernels.reduce_view, kernels.view_parallel):  # 3-D views, whole
            assert [(base.ndim, base.layout, base.mutable) for base in bases] == [(3, "A", True)]
            continue
        layouts = ["C", "A"] if dispatcher is kernels.reduce_flat else ["C"]
        assert [base.layout for base in bases] == layouts  # reduce_flat: strided views too
        assert all(base.ndim == 1 and base.mutable for base in bases)
    parallel = [bool(d.targetoptions.get("parallel")) for _, d, _ in rows]
    assert parallel == sorted(parallel)  # the serial entry points first
    serial = [row for row, is_parallel in zip(rows, parallel) if not is_parallel]
    assert _precompile.plan(["float64"], ["argmax"], parallel=False) == serial


def test_plan_mirrors_the_dispatch_of_dtypes_and_operations():
    plan = _precompile.plan
    # The nan-variants of integers, bool and datetimes are argmax/argmin.
    assert plan(["int8"], ["argmax", "nanargmax"]) == plan(["int8"], ["argmax"])
    assert plan(["bool"], ["nanargmin"]) == plan(["bool"], ["argmin"])
    # Datetime units and timedelta share the int64 NaT kernels; intp is int64.
    assert _plan_signatures(plan(["M8[s]", "m8[ms]"])) == _plan_signatures(plan(["datetime64"]))
    assert _plan_signatures(plan(["intp"])) == _plan_signatures(plan(["int64"]))
    # float16 is read as int16 keys, bool as uint8, by their own kernels.
    for dtype, view, kind in (("float16", "int16", _kernels.KIND_FLOAT16),
                              ("bool", "uint8", _kernels.KIND_BOOL)):
        for _, dispatcher, argtypes in plan([dtype]):
            assert str(argtypes[0].dtype) == view
            assert dispatcher.py_func.__name__.endswith(f"kind{kind}")
    # Every dtype in DTYPES, in its default plan, exactly once per signature.
    rows = plan()
    assert len(_plan_signatures(rows)) == len(rows)
    assert {str(np.dtype(d)) for d in _precompile.DTYPES} >= {"bool", "float16", "complex128"}


def test_plan_rejects_what_the_kernels_do_not_read():
    for dtype in ("U1", "object", "longdouble"):
        with pytest.raises(ValueError, match="not read by the kernels"):
            _precompile.plan([dtype])
    with pytest.raises(ValueError, match="unknown dtype"):
        _precompile.plan(["float65"])
    with pytest.raises(ValueError, match="unknown operation"):
        _precompile.plan(None, ["argmedian"])


def test_every_signature_the_library_compiled_is_in_the_plan(monkeypatch):
    # The calls below reach each entry point (the serial ones through the
    # lean and general paths, the parallel ones forced); with the rest of
    # the session's calls before them (njit code included), every signature
    # the kernels were compiled for in this process must be one the command
    # compiles ahead, or a later process would compile it again.
    a = np.random.default_rng(0).random((6, 40))
    for op in (nam.argmax, nam.nanargmin):
        op(a.ravel()), op(a, axis=1), op(a, axis=0), op(a[:, ::2], axis=1), op(a.T[::2])

    @contextlib.contextmanager
    def forced_threads(nbytes, parallel):
        yield 2

    monkeypatch.setattr(_reduce, "_parallel_threads", forced_threads)
    monkeypatch.setattr(_reduce, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(_flat, "_entries", {})  # their serial sizes come from it
    for op in (nam.argmax, nam.nanargmin):
        op(a.ravel()), op(a, axis=1), op(a, axis=0), op(a[:, ::2], axis=0), op(a[:, ::2])
    planned = _plan_signatures(_precompile.plan())
    compiled = {
        (getattr(kernels, name), tuple(sig))
        for kernels in _kernels._BUILT.values()
        for name in _kernels._Kernels.__slots__
        for sig in getattr(kernels, name).signatures
    }
    assert compiled, "no kernel was compiled"
    assert compiled <= planned, sorted(str(sig) for _, sig in compiled - planned)


# --- the command line ----------------------------------------------------------------


def test_help_lists_the_command(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "compile" in capsys.readouterr().out
    args = cli.build_parser().parse_args(["compile", "--dtypes", "f8,f4", "--no-parallel",
                                          "--quiet"])
    assert (args.dtypes, args.ops, args.parallel, args.quiet) == ("f8,f4", None, False, True)
    assert cli.build_parser().parse_args(["compile"]).parallel is True


def test_list_prints_the_plan(capsys):
    assert cli.main(["compile", "--list", "--dtypes", "float32", "--ops", "argmin"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(_precompile.plan(["float32"], ["argmin"]))
    assert lines[0].startswith("reduce_flat_min_kind0(float32)")
    assert not any("read-only" in line for line in lines)


def test_list_of_chosen_kernels(capsys):
    argv = ["compile", "--list", "--dtypes", "f8", "--ops", "argmax", "--kernels",
            "reduce_3d,sweep_parallel"]
    assert cli.main(argv) == 0
    labels = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert labels == ["reduce_3d_max_kind0(float64)", "sweep_parallel_max_kind0(float64)"]
    assert cli.main(["compile", "--list", "--kernels", "reduce_4d"]) == 2
    assert "unknown kernel 'reduce_4d'" in capsys.readouterr().err


def test_bad_arguments_exit_with_a_message(capsys):
    assert cli.main(["compile", "--dtypes", "str"]) == 2
    assert "not read by the kernels" in capsys.readouterr().err
    assert cli.main(["compile", "--ops", "max"]) == 2
    assert "unknown operation" in capsys.readouterr().err


def test_compile_in_process_reports_each_signature(capsys):
    # Signatures this process has compiled already count as cached.
    assert cli.main(["compile", "--dtypes", "float64", "--ops", "argmax", "--no-parallel"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 5 and out[-1].startswith("4 signatures in ")
    assert all(("compiled" in line) != ("cached" in line) for line in out[:4])
    assert cli.main(["compile", "--dtypes", "float64", "--ops", "argmax", "--no-parallel",
                     "--quiet"]) == 0
    assert capsys.readouterr().out == ""


def test_cache_writes_are_serialized_while_active(tmp_path):
    fcntl = pytest.importorskip("fcntl")
    from numba.core.caching import IndexDataCacheFile

    original = IndexDataCacheFile.save, IndexDataCacheFile.load
    with _precompile.serialized_cache_writes() as active:
        assert active
        with _precompile.serialized_cache_writes():  # nested: no second wrapper
            assert IndexDataCacheFile.save._numba_argmax_locked
        with _precompile._locked(tmp_path, fcntl.LOCK_EX):
            other = os.open(tmp_path, os.O_RDONLY)
            try:
                with pytest.raises(BlockingIOError):
                    fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
            finally:
                os.close(other)
    assert (IndexDataCacheFile.save, IndexDataCacheFile.load) == original
