"""One place that decides how the package's kernels are compiled and cached."""

from numba import njit


def jit_cached(func, **options):
    """``njit`` with an on-disk cache (``cache=True``), where one can be written.

    Parameters
    ----------
    func : function
        The Python function to compile.  Functions built by a factory must
        not close over other jitted functions: Numba keys its cache by the
        pickled closure cells, and those pickle differently in every process
        (the kernels put their helpers in the function's globals instead).
    **options
        Further ``numba.njit`` options (``parallel``, ``nogil``, ...).

    Without a writable cache location (read-only install, no home directory)
    Numba refuses ``cache=True``; the kernels then compile in each process
    instead of failing.
    """
    dispatcher = njit(**options)(func)
    try:
        dispatcher.enable_caching()
    except RuntimeError:  # "cannot cache function ...: no locator available"
        pass
    return dispatcher
