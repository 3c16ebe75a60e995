"""One place that decides how the package's kernels are compiled."""

from numba import njit


def jit_cached(func, **options):
    """``njit(cache=True)``, or without an on-disk cache where none can be written.

    Numba refuses to decorate a ``cache=True`` function when neither the
    package's ``__pycache__`` nor ``NUMBA_CACHE_DIR`` nor the user cache
    directory is writable (read-only installs, containers without a home);
    the kernels then compile in every process instead of failing.
    """
    try:
        return njit(cache=True, **options)(func)
    except RuntimeError:
        return njit(**options)(func)
