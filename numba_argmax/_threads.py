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
import time

import numba
import numba.np.ufunc.parallel as _numba_parallel

_slot = threading.Lock()
#: os.cpu_count() reads sysfs: 1.6 us a call, as long as a small argmax.
_CPU_COUNT = os.cpu_count() or 1
_state = {"parallel_used": False, "forked_after_parallel": False}


def _after_fork_in_child():
    global _slot
    _slot = threading.Lock()  # the parent's lock may have been held at fork time
    if _state["parallel_used"]:
        _state["forked_after_parallel"] = True


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def acquire_slot(check_cores=True):
    """Take the parallel slot: the threads for a parallel kernel, or 0 for the serial one.

    A non-zero answer holds the slot; give it back with :func:`release_slot`.
    ``check_cores``: also require idle cores (:func:`cores_idle`).  This
    costs about 1 us, so callers ask only for inputs large enough to gain.
    """
    if _state["forked_after_parallel"]:
        return 0
    nthreads = _num_threads()
    if nthreads < 2 or (check_cores and not cores_idle(nthreads)):
        return 0
    if not _slot.acquire(False):  # (not blocking; by keyword 0.1 us more)
        return 0
    _state["parallel_used"] = True
    return nthreads


def _num_threads():
    """``numba.get_num_threads()`` without its two locks per call.

    The public function takes a multiprocessing lock and an RLock on every
    call (to launch the thread pool once); a KeyboardInterrupt landing
    between taking one and entering its ``with`` block leaves it held, and
    the next call hangs.  Once the pool is launched, the threading layer's
    own counter (what the public function returns) is read directly.
    """
    raw = _raw_num_threads[0]
    if raw is None:
        raw = _raw_num_threads[0] = getattr(_numba_parallel, "_get_num_threads", None)
    if raw is not None:
        count = raw()
        if count > 0:
            return count
    return numba.get_num_threads()  # launches the pool (once)


#: The threading layer's counter, once the pool has set it (see _num_threads).
_raw_num_threads = [None]


def release_slot():
    """Give back the slot a non-zero :func:`acquire_slot` took."""
    _slot.release()


@contextlib.contextmanager
def parallel_slot(wanted=True):
    """Yield the number of threads for a parallel kernel, or 0 for the serial one.

    Parameters
    ----------
    wanted : bool
        False when the caller already knows it wants the serial kernel (small
        input, or inside a task scheduler's worker); then nothing is locked.
    """
    nthreads = acquire_slot(check_cores=False) if wanted else 0
    try:
        yield nthreads
    finally:
        if nthreads:
            release_slot()


# --- are the cores free? ------------------------------------------------------
#
# Threads on busy cores wait for time slices: a parallel kernel then takes
# milliseconds where the serial one takes microseconds.  The question is
# whether *other* processes keep the cores busy.  The load average cannot
# tell: it counts this process too, so a program calling the parallel kernels
# in a loop (a benchmark) pushes it up and then sees its own load.  Where
# /proc/stat exists (Linux), the machine's busy CPU time is sampled and this
# process's own CPU time (all its threads, os.times) taken off it.

#: Seconds between samples; decisions in between reuse the last one.
SAMPLE_INTERVAL_S = 0.1
_sample = {"time": None, "machine": None, "own": None, "others": 0.0}
_sample_lock = threading.Lock()


def _machine_busy_seconds():
    """CPU seconds all cores spent busy since boot, or None without /proc/stat."""
    try:
        with open("/proc/stat", "rb") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    if not fields or fields[0] != b"cpu" or len(fields) < 8:
        return None
    # user nice system idle iowait irq softirq steal ...: all but idle and iowait.
    ticks = [int(value) for value in fields[1:9]]
    busy = sum(ticks) - ticks[3] - ticks[4]
    return busy / os.sysconf("SC_CLK_TCK")


def _other_busy_cores():
    """Cores kept busy by other processes over the last interval, or None if unknown."""
    now = time.monotonic()
    last = _sample["time"]
    if last is not None and now - last < SAMPLE_INTERVAL_S:
        # A recent sample, read without the lock (0.5 us a call less): a
        # value another thread is replacing is as good a guess.
        return _sample["others"]
    # Not waiting for the lock: a caller that finds it taken (another thread
    # sampling, or a lock a KeyboardInterrupt left held) uses the last sample.
    if not _sample_lock.acquire(blocking=False):
        return _sample["others"]
    try:
        last = _sample["time"]
        if last is not None and now - last < SAMPLE_INTERVAL_S:
            return _sample["others"]
        machine = _machine_busy_seconds()
        if machine is None:
            return None
        times = os.times()
        own = times.user + times.system
        if last is not None and now - last < 10 * SAMPLE_INTERVAL_S + 1:
            busy = (machine - _sample["machine"]) - (own - _sample["own"])
            _sample["others"] = max(0.0, busy / (now - last))
        else:
            _sample["others"] = None  # no recent baseline yet
        _sample.update(time=now, machine=machine, own=own)
        return _sample["others"]
    finally:
        _sample_lock.release()


def cores_idle(nthreads):
    """Whether about ``nthreads`` cores are free for a parallel kernel.

    Other processes' recent CPU use where the system reports it (see above),
    else the 1-minute load average; true when neither is available.
    """
    cores = _CPU_COUNT
    others = _other_busy_cores()
    if others is not None:
        return others <= cores - nthreads + 0.5
    try:
        load = os.getloadavg()[0]
    except OSError:  # not available on this platform: trust the thread count
        return True
    return load <= cores - nthreads + 1.5  # +1: this thread
