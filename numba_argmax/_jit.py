"""One place that decides how the package's kernels are compiled and cached."""

import functools
import hashlib
from pathlib import Path

from numba import njit

#: Source files cached kernels are compiled from besides their own:
#: Numba keys a function's on-disk cache by the content of the file that
#: defines it, so the kernels of cpu/_kernels.py would be loaded unchanged
#: after an edit to the SIMD intrinsics they inline (cpu/_lanes.py) alone;
#: and a reinstall leaves the old cache files next to the new sources.
#: (The other kernels inline nothing from other files.)
KERNEL_SOURCES = ("cpu/_lanes.py",)


@functools.cache
def kernel_sources_stamp():
    """SHA-256 of KERNEL_SOURCES' contents: part of every kernel's cache key."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for name in KERNEL_SOURCES:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()


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
    instead of failing.  The cache is valid only for the sources it was
    compiled from: the function's own file and KERNEL_SOURCES.
    """
    dispatcher = njit(**options)(func)
    try:
        dispatcher.enable_caching()
    except RuntimeError:  # "cannot cache function ...: no locator available"
        return dispatcher
    # Numba's index file keeps the stamp it was written with and ignores its
    # entries when the stamp differs (numba.core.caching.IndexDataCacheFile).
    cache_file = getattr(getattr(dispatcher, "_cache", None), "_cache_file", None)
    if cache_file is not None and hasattr(cache_file, "_source_stamp"):
        cache_file._source_stamp = (cache_file._source_stamp, kernel_sources_stamp())
    return dispatcher
