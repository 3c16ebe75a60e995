"""One compile per kernel set across the test session's processes.

The test process and the background warm-up (tests/conftest.py) compile
into one Numba cache.  A kernel's first compile in a process also compiles
its *set*'s helpers (the scans of one operation and dtype, ~6-10 s on CI);
every other kernel of the set compiled in the same process links them for
~1-5 s, while compiled in another process it pays them again (a fresh
clone's run: 40 of 206 signatures compiled away from their set, ~390 s of
compile).  So the unit here is the set, ``(operation, dtype)``:

* compiling a set's kernel takes an advisory file lock named after the
  set: the test process waits for a set another process is compiling and
  then loads its kernels from the cache, while the warm-up, which only
  prepares, skips a set the test process is compiling;
* a kernel compiled (not loaded from the cache) brings its set's other
  kernels with it, right after, in the same process: every serial kernel,
  and the parallel ones the suite calls (:data:`SUITE_PARALLEL_KERNELS`).

Test-only: the library compiles as Numba always does.  A stale
:data:`SUITE_PARALLEL_KERNELS` costs time, never a result.
"""

import contextlib
import hashlib
import os
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no coordination
    fcntl = None

#: The directory of the lock files, shared by the session's processes.
LOCK_DIR_ENV = "NUMBA_ARGMAX_TEST_COMPILE_LOCKS"
#: A file every process appends a line to for each signature it compiles
#: (diagnostics: where a run's compile time goes); off when unset.
COMPILE_LOG_ENV = "NUMBA_ARGMAX_TEST_COMPILE_LOG"

_ALL_PARALLEL = ["row_parallel", "rows_parallel", "sweep_parallel", "view_parallel"]
_FOUR_OPS = ("argmax", "argmin", "nanargmax", "nanargmin")
#: The parallel kernels the suite calls, by dtype and operation (the others
#: it never reaches): tests/test_kernels_paths.py forces inputs onto threads,
#: and the asv suite runs large inputs.  Found with COMPILE_LOG_ENV.
SUITE_PARALLEL_KERNELS = {
    "float64": dict.fromkeys(_FOUR_OPS, _ALL_PARALLEL),
    "datetime64": dict.fromkeys(("argmax", "argmin"), _ALL_PARALLEL),
    "int8": dict.fromkeys(("argmax", "argmin"), _ALL_PARALLEL),
    "float32": {"argmax": ["row_parallel", "rows_parallel"],
                "argmin": ["row_parallel", "rows_parallel"],
                "nanargmax": ["rows_parallel"], "nanargmin": ["rows_parallel"]},
    "int64": {"argmax": ["row_parallel", "rows_parallel"], "argmin": ["row_parallel"]},
    "uint64": dict.fromkeys(("argmax", "argmin"), ["row_parallel"]),
    "complex128": {"argmax": ["row_parallel", "rows_parallel"]},
    "bool": dict.fromkeys(("argmax", "argmin"), ["row_parallel"]),
}  # fmt: skip

#: Sets whose lock this process holds (their companions compile under it).
_held = set()


def _logged(compile_one, dispatcher, signature):
    """compile_one(signature) -> (its result, whether it compiled rather than loaded)."""
    misses = dispatcher._cache_misses
    before, start = sum(misses.values()), time.perf_counter()
    result = compile_one(signature)
    compiled = sum(misses.values()) > before
    path = os.environ.get(COMPILE_LOG_ENV)
    if compiled and path:
        test = os.environ.get("PYTEST_CURRENT_TEST", "-").split(" ")[0]
        with open(path, "a") as log:
            log.write(f"{os.getpid()}\t{time.perf_counter() - start:.2f}\t"
                      f"{dispatcher.py_func.__name__}{signature}\t{test}\n")
    return result, compiled


@contextlib.contextmanager
def _set_lock(name, wait):
    """True while this process holds the lock of set ``name``, False if
    another process holds it and ``wait`` is false."""
    digest = hashlib.sha1(name.encode()).hexdigest()[:20]
    with open(Path(os.environ[LOCK_DIR_ENV]) / f"{digest}.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _set_of(spec, signature):
    """(dtype name, operation name) of the kernel set ``spec`` compiled for
    ``signature`` (its first argument is the array the kernels read)."""
    from numba_argmax.cpu import _kernels

    is_max, skip_nan, kind = spec
    base = signature[0]
    dtype = {_kernels.KIND_FLOAT16: "float16", _kernels.KIND_NAT: "datetime64",
             _kernels.KIND_BOOL: "bool"}.get(kind, str(base.dtype))  # fmt: skip
    op = ("nanarg" if skip_nan else "arg") + ("max" if is_max else "min")
    return dtype, op


def _companions(kernels, dtype, op):
    """(dispatcher, argtypes) of the set's kernels the suite uses."""
    from numba_argmax._precompile import plan

    ours = {id(getattr(kernels, slot)) for slot in kernels.__slots__}
    wanted = [s for s in kernels.__slots__ if not s.endswith("_parallel")]
    wanted += SUITE_PARALLEL_KERNELS.get(dtype, {}).get(op, [])
    return [(d, a) for _, d, a in plan([dtype], [op], True, wanted) if id(d) in ours]


def _guarded(kernels, spec, dispatcher, wait):
    compile_one = dispatcher.compile

    def compile(signature):
        if not isinstance(signature, tuple) or signature in dispatcher.overloads:
            return compile_one(signature)
        dtype, op = _set_of(spec, signature)
        name = f"{op}({dtype})"
        if name in _held:  # a companion, under the set's lock already
            return _logged(compile_one, dispatcher, signature)[0]
        with _set_lock(name, wait) as held:
            if not held:  # another process compiles the set: nothing to prepare here
                return None
            _held.add(name)
            try:
                result, compiled = _logged(compile_one, dispatcher, signature)
                if compiled:
                    for other, argtypes in _companions(kernels, dtype, op):
                        if argtypes not in other.overloads:
                            other.compile(argtypes)
            finally:
                _held.discard(name)
        return result

    return compile


def install(wait):
    """Guard the compile of every kernel :func:`cpu._kernels.kernels_for`
    builds from now on.

    ``wait``: wait for a set another process compiles (the test process),
    rather than skip it (the warm-up).
    """
    if fcntl is None or not os.environ.get(LOCK_DIR_ENV):
        return
    from numba_argmax.cpu import _kernels

    build = _kernels._build

    def build_guarded(*spec):
        kernels = build(*spec)
        for slot in kernels.__slots__:
            dispatcher = getattr(kernels, slot)
            if not (hasattr(dispatcher, "compile") and hasattr(dispatcher, "_cache_misses")):
                return kernels  # NUMBA_DISABLE_JIT (plain functions), or a Numba unlike ours
            dispatcher.compile = _guarded(kernels, spec, dispatcher, wait)
        return kernels

    _kernels._build = build_guarded
