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
compiling and goes on with its list.  Test-only: the library compiles as
Numba always does.
"""

import contextlib
import hashlib
import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no coordination
    fcntl = None

#: The directory of the lock files, shared by the session's processes.
LOCK_DIR_ENV = "NUMBA_ARGMAX_TEST_COMPILE_LOCKS"


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
            return compile_one(signature)

    return compile


def install(wait):
    """Guard the compile of every kernel :func:`cpu._kernels.kernels_for`
    builds from now on; ``wait``: wait for a signature another process
    compiles (the test process) rather than skip it (the warm-up)."""
    if fcntl is None or not os.environ.get(LOCK_DIR_ENV):
        return
    from numba_argmax.cpu import _kernels

    build = _kernels._build

    def build_guarded(*spec):
        kernels = build(*spec)
        for slot in kernels.__slots__:
            dispatcher = getattr(kernels, slot)
            if hasattr(dispatcher, "compile") and hasattr(dispatcher, "overloads"):
                dispatcher.compile = _guarded(dispatcher, wait)
        return kernels

    _kernels._build = build_guarded
