"""One compile per kernel signature across the test session's processes.

The test process and the background warm-up (tests/conftest.py) compile
into one Numba cache; when both reached the same kernel signature at the
same moment, both compiled it (a fresh clone's run: ~55 s of compile twice,
complex128's reduce_3d and float64's nan-variant reduce_view among them).
With :func:`install`, compiling a kernel signature takes an advisory file
lock named after it: the test process waits for a signature another
process is compiling and then loads it from the cache (waiting costs its
core no more than compiling the same thing would, and often less), while
the warm-up, which only prepares, skips a signature the test process is
compiling and goes on with its list.  The test process also compiles
``reduce_flat``'s strided signature right after its contiguous one (see
:func:`_strided_beside_contiguous`).  Test-only: the library compiles as
Numba always does.
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


def _logged(compile_one, dispatcher, signature):
    path = os.environ.get(COMPILE_LOG_ENV)
    if not path:
        return compile_one(signature)
    misses = dispatcher._cache_misses
    before, start = sum(misses.values()), time.perf_counter()
    result = compile_one(signature)
    if sum(misses.values()) > before:
        test = os.environ.get("PYTEST_CURRENT_TEST", "-").split(" ")[0]
        with open(path, "a") as log:
            log.write(f"{os.getpid()}\t{time.perf_counter() - start:.2f}\t"
                      f"{dispatcher.py_func.__name__}{signature}\t{test}\n")
    return result


@contextlib.contextmanager
def _signature_lock(dispatcher, signature, wait):
    """True while this process holds the lock of ``signature``, False if
    another process holds it and ``wait`` is false."""
    name = f"{dispatcher.py_func.__qualname__}{signature}"
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


def _guarded(dispatcher, wait):
    compile_one = dispatcher.compile

    def compile(signature):
        if not isinstance(signature, tuple) or signature in dispatcher.overloads:
            return compile_one(signature)
        with _signature_lock(dispatcher, signature, wait) as held:
            if not held:  # another process compiles it: nothing to prepare here
                return None
            return _logged(compile_one, dispatcher, signature)

    return compile


def _strided_beside_contiguous(dispatcher):
    """``reduce_flat``'s compile, also compiling the strided signature
    (layout 'A') right after compiling a contiguous one.

    Both share every helper, so the second costs ~1 s in the same process;
    compiled alone in another process it costs the helpers again, 8-17 s
    (the warm-up did that for every dtype whose contiguous kernel the tests
    had compiled first: 12 signatures, ~140 s of a fresh clone's run).  Only
    after a compile: after a cache load the helpers are not in this process
    either.
    """
    from numba import types

    compile_one = dispatcher.compile
    misses = dispatcher._cache_misses

    def compile(signature):
        compiled_before = sum(misses.values())
        result = compile_one(signature)
        base = signature[0] if isinstance(signature, tuple) and signature else None
        contiguous = isinstance(base, types.Array) and base.ndim == 1 and base.layout == "C"
        if contiguous and sum(misses.values()) > compiled_before:
            compile_one((base.copy(layout="A"), *signature[1:]))
        return result

    return compile


def install(wait):
    """Guard the compile of every kernel :func:`cpu._kernels.kernels_for`
    builds from now on.

    ``wait``: wait for a signature another process compiles, and compile
    ``reduce_flat``'s strided signature beside its contiguous one (the test
    process), rather than skip it (the warm-up, whose list has both).
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
            dispatcher.compile = _guarded(dispatcher, wait)
            if wait and slot == "reduce_flat":
                dispatcher.compile = _strided_beside_contiguous(dispatcher)
        return kernels

    _kernels._build = build_guarded
