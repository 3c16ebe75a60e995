"""When the parallel kernels may run: the library's thread-safety policy.

Numba's threading layers are not all safe to use the way a library is used:

* ``workqueue`` aborts the whole process when two Python threads launch
  parallel regions at once;
* GNU OpenMP (``omp``, the usual default on Linux) terminates a forked child
  that launches a parallel region if the parent already used OpenMP.

So a call takes the parallel kernels only when it holds the one "parallel
slot" (a non-blocking lock: a concurrent caller runs the serial kernel
instead of waiting or oversubscribing the cores), and never in a process
forked from one that ran parallel kernels.  Results never depend on which
path runs: both give NumPy's answer.
"""

import contextlib
import os
import threading

import numba

_slot = threading.Lock()
_state = {"parallel_used": False, "forked_after_parallel": False}


def _after_fork_in_child():
    global _slot
    _slot = threading.Lock()  # the parent's lock may have been held at fork time
    if _state["parallel_used"]:
        _state["forked_after_parallel"] = True


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


@contextlib.contextmanager
def parallel_slot(wanted=True):
    """Yield the number of threads for a parallel kernel, or 0 for the serial one.

    Parameters
    ----------
    wanted : bool
        False when the caller already knows it wants the serial kernel (small
        input, or inside a task scheduler's worker); then nothing is locked.
    """
    if not wanted or _state["forked_after_parallel"]:
        yield 0
        return
    nthreads = numba.get_num_threads()
    if nthreads < 2 or not _slot.acquire(blocking=False):
        yield 0
        return
    try:
        _state["parallel_used"] = True
        yield nthreads
    finally:
        _slot.release()
