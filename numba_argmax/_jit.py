"""One place that decides how the package's kernels are compiled and cached."""

import hashlib

from numba import njit
from numba.core.caching import FunctionCache


class _NamedClosureCache(FunctionCache):
    """Numba's on-disk cache, keyed by a stable name for the closure.

    Numba keys cached code by the pickled closure cells; cells holding other
    jitted functions pickle with a per-process uuid, so a kernel built by a
    factory would never be found again.  The kernels' factory names each
    build instead (e.g. ``"max_skipnan_kind0"``).  Edits to the source file
    still invalidate the cache: Numba checks the file's timestamp and size.
    """

    def __init__(self, py_func, closure_key):
        self._closure_key = closure_key
        super().__init__(py_func)

    def _index_key(self, sig, codegen):
        def digest(data):
            return hashlib.sha256(data).hexdigest()

        code = self._py_func.__code__.co_code
        return (sig, codegen.magic_tuple(), (digest(code), digest(self._closure_key.encode())))


def jit_cached(func, closure_key=None, **options):
    """``njit`` with an on-disk cache (``cache=True``), where one can be written.

    Parameters
    ----------
    func : function
        The Python function to compile.
    closure_key : str, optional
        Stable name of what ``func``'s closure holds; required for functions
        built by a factory (see :class:`_NamedClosureCache`).
    **options
        Further ``numba.njit`` options (``parallel``, ``nogil``, ...).

    Without a writable cache location (read-only install, no home directory)
    Numba refuses ``cache=True``; the kernels then compile in each process
    instead of failing.
    """
    dispatcher = njit(**options)(func)
    try:
        if closure_key is None:
            dispatcher.enable_caching()
        else:
            dispatcher._cache = _NamedClosureCache(func, closure_key)
    except RuntimeError:  # "cannot cache function ...: no locator available"
        pass
    return dispatcher
