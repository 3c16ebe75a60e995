"""Put numba_argmax's functions into the numpy namespace, reversibly.

Patching is process-wide (every thread and module sees it) and counted:
each :func:`patch_numpy` needs one :func:`unpatch_numpy`, and NumPy's
functions come back when the count returns to zero.  A lock keeps the count
and the namespace consistent when threads patch concurrently.

Our functions never call ``np.<name>`` for their fallbacks; they call
NumPy's originals captured at import (:mod:`numba_argmax._originals`), so
they do not recurse into themselves while patched.

Limits: code that bound a name before patching (``from numpy import
argmax``) keeps NumPy's function, and the ``ndarray.argmax``/``argmin``
methods cannot be replaced (ndarray is a C type).
"""

import contextlib
import threading

import numpy as np

from . import _api, _helpers_api

#: numpy attribute -> our replacement.
REPLACEMENTS = {
    "argmax": _api.argmax,
    "argmin": _api.argmin,
    "nanargmax": _api.nanargmax,
    "nanargmin": _api.nanargmin,
    "take_along_axis": _helpers_api.take_along_axis,
    "unravel_index": _helpers_api.unravel_index,
}

_lock = threading.Lock()
_depth = 0
_saved = {}


def patch_numpy():
    """
    Replace NumPy's argmax family, take_along_axis and unravel_index with ours.

    Nested calls are counted; only the first one replaces the functions.

    See Also
    --------
    unpatch_numpy, patched

    Examples
    --------
    >>> import numpy as np
    >>> import numba_argmax as nam
    >>> nam.patch_numpy()
    >>> np.argmax is nam.argmax
    True
    >>> nam.unpatch_numpy()
    >>> np.argmax is nam.argmax
    False
    """
    global _depth
    with _lock:
        if _depth == 0:
            for name, ours in REPLACEMENTS.items():
                _saved[name] = getattr(np, name)
                setattr(np, name, ours)
        _depth += 1


def unpatch_numpy():
    """
    Undo one :func:`patch_numpy`; the last one puts NumPy's functions back.

    A name that someone else replaced while we were patched is left as they
    set it.

    Raises
    ------
    RuntimeError
        If NumPy is not patched (more unpatch than patch calls).

    See Also
    --------
    patch_numpy, patched

    Examples
    --------
    >>> import numba_argmax as nam
    >>> nam.unpatch_numpy()
    Traceback (most recent call last):
        ...
    RuntimeError: unpatch_numpy() without a matching patch_numpy()
    """
    global _depth
    with _lock:
        if _depth == 0:
            raise RuntimeError("unpatch_numpy() without a matching patch_numpy()")
        _depth -= 1
        if _depth == 0:
            for name, original in _saved.items():
                if getattr(np, name) is REPLACEMENTS[name]:
                    setattr(np, name, original)
            _saved.clear()


def is_patched():
    """
    Return whether :func:`patch_numpy` is in effect.

    Returns
    -------
    bool
        True between a :func:`patch_numpy` and its matching :func:`unpatch_numpy`.

    Examples
    --------
    >>> import numba_argmax as nam
    >>> with nam.patched():
    ...     nam.is_patched()
    True
    >>> nam.is_patched()
    False
    """
    return _depth > 0


@contextlib.contextmanager
def patched():
    """
    Context manager: NumPy's functions are ours inside the ``with`` block.

    The block may nest, and NumPy's functions come back even if it raises.
    Remember the patch is process-wide: other threads see it while the block
    runs.

    See Also
    --------
    patch_numpy, unpatch_numpy

    Examples
    --------
    >>> import numpy as np
    >>> import numba_argmax as nam
    >>> with nam.patched():
    ...     np.argmax(np.array([[1, 9], [7, 3]]), axis=(0, 1))  # tuple axis: ours
    np.int64(1)
    >>> np.argmax is nam.argmax
    False
    """
    patch_numpy()
    try:
        yield
    finally:
        unpatch_numpy()
