"""The public functions: NumPy's signatures and semantics, Numba's kernels.

Each function only picks a backend (:mod:`numba_argmax._dispatch`); the
backends do the work.
"""

import numpy as np

from ._dispatch import backend_for
from ._ops import ARGMAX, ARGMIN, NANARGMAX, NANARGMIN
from .cpu._flat import METHOD_CHARS, SMALL_METHOD_MAX_SIZE, axis_index, flat_index

_NoValue = np._NoValue



def argmax(a, axis=None, out=None, *, keepdims=_NoValue):
    """
    Return the indices of the maximum values along an axis.

    A drop-in replacement for :func:`numpy.argmax`: same arguments, same
    results (dtype intp, shapes, ties, NaN), same exceptions.

    Parameters
    ----------
    a : array_like
        Input array.  NumPy arrays of numeric, bool, datetime64 and
        timedelta64 dtypes run on the Numba kernels; other dtypes, ndarray
        subclasses and duck arrays get NumPy's own answer.
    axis : int or tuple of ints, optional
        By default the index is into the flattened array (C order),
        otherwise along the specified axis.  A tuple (beyond NumPy) reduces
        several axes at once; the index is then into those axes flattened in
        C order, in the order given.
    out : ndarray, optional
        If provided, the result is stored in it.  It must have the result's
        shape and a dtype that casts safely to intp (bool or any integer type
        but uint64), as for NumPy.  It is left untouched if the call fails.
    keepdims : bool, optional
        If True, the reduced axes are left in the result as dimensions of
        size one, so the result broadcasts against the input.

    Returns
    -------
    index_array : ndarray of ints or numpy.intp
        Indices into the array, of the shape of ``a`` with the reduced axes
        removed (kept with size one if ``keepdims``); a scalar when the
        result is 0-d and no ``out`` is given.

    Raises
    ------
    ValueError
        If the reduction is over an empty sequence, or ``out`` has the wrong
        shape or is read-only.
    numpy.exceptions.AxisError
        If ``axis`` is out of bounds.
    TypeError
        If ``axis`` is not an integer, or ``out`` is not an array or has a
        dtype intp does not safely cast to.

    See Also
    --------
    numpy.argmax : NumPy's function, the oracle for this one.
    argmin, nanargmax, nanargmin

    Notes
    -----
    In case of multiple occurrences of the maximum, the index of the first
    occurrence is returned.  NaN (and NaT) propagate: the index of the first
    NaN is returned if there is one.  ``-0.0`` and ``+0.0`` are equal.
    Complex numbers compare lexicographically (real part first).

    Examples
    --------
    >>> import numpy as np
    >>> import numba_argmax as nam
    >>> a = np.arange(6).reshape(2, 3) + 10
    >>> nam.argmax(a)
    np.int64(5)
    >>> nam.argmax(a, axis=0)
    array([1, 1, 1])
    >>> nam.argmax(a, axis=1, keepdims=True)
    array([[2],
           [2]])
    >>> nam.argmax([1.0, np.nan, 3.0, np.nan])
    np.int64(1)
    >>> nam.argmax(np.array([[0, 5], [7, 1]]), axis=(0, 1))
    np.int64(2)
    """
    if type(a) is np.ndarray and out is None and keepdims is _NoValue:
        # Small arrays of any layout: NumPy's own loop, without np.argmax's
        # dispatch; the rest of the method's cases are flat_index's.
        if axis is None and 0 < a.size <= SMALL_METHOD_MAX_SIZE and a.dtype.char in METHOD_CHARS:
            return a.argmax()
        index = flat_index(ARGMAX, a) if axis is None else axis_index(ARGMAX, a, axis)
        if index is not None:
            return index
    return backend_for(a, out).reduce(ARGMAX, a, axis, out, keepdims)


def argmin(a, axis=None, out=None, *, keepdims=_NoValue):
    """
    Return the indices of the minimum values along an axis.

    A drop-in replacement for :func:`numpy.argmin`; see :func:`argmax` for
    the parameters, return value and exceptions, which are the same.

    Parameters
    ----------
    a : array_like
        Input array.
    axis : int or tuple of ints, optional
        Axis (or axes, beyond NumPy) along which to reduce; by default the
        flattened array.
    out : ndarray, optional
        Array of the result's shape to store the indices in.
    keepdims : bool, optional
        Keep the reduced axes as dimensions of size one.

    Returns
    -------
    index_array : ndarray of ints or numpy.intp
        Indices of the minimum values.

    See Also
    --------
    numpy.argmin, argmax, nanargmin

    Notes
    -----
    The first occurrence of the minimum wins; the first NaN (or NaT) wins
    over any number.

    Examples
    --------
    >>> import numpy as np
    >>> import numba_argmax as nam
    >>> nam.argmin(np.array([3, 1, 2, 1]))
    np.int64(1)
    >>> nam.argmin(np.array([[4, 2], [1, 3]]), axis=1)
    array([1, 0])
    >>> nam.argmin(np.array(['2001', 'NaT', '1999'], dtype='datetime64[D]'))
    np.int64(1)
    """
    if type(a) is np.ndarray and out is None and keepdims is _NoValue:
        # Small arrays of any layout: NumPy's own loop, without np.argmin's
        # dispatch; the rest of the method's cases are flat_index's.
        if axis is None and 0 < a.size <= SMALL_METHOD_MAX_SIZE and a.dtype.char in METHOD_CHARS:
            return a.argmin()
        index = flat_index(ARGMIN, a) if axis is None else axis_index(ARGMIN, a, axis)
        if index is not None:
            return index
    return backend_for(a, out).reduce(ARGMIN, a, axis, out, keepdims)


def nanargmax(a, axis=None, out=None, *, keepdims=_NoValue):
    """
    Return the indices of the maximum values, ignoring NaNs.

    A drop-in replacement for :func:`numpy.nanargmax`.  Like NumPy, a NaN is
    treated as ``-inf`` (so ``nanargmax([nan, -inf])`` is 0) and a slice made
    only of NaN raises ValueError.  Integer, bool and datetime inputs behave
    as in :func:`argmax` (NaT is *not* skipped, as in NumPy).

    Parameters
    ----------
    a : array_like
        Input array.
    axis : int or tuple of ints, optional
        Axis (or axes, beyond NumPy) along which to reduce; by default the
        flattened array.
    out : ndarray, optional
        Array of the result's shape to store the indices in; left untouched
        if the call fails (NumPy writes it before raising "All-NaN slice").
    keepdims : bool, optional
        Keep the reduced axes as dimensions of size one.

    Returns
    -------
    index_array : ndarray of ints or numpy.intp
        Indices of the maximum values, NaNs ignored.

    Raises
    ------
    ValueError
        If a slice contains only NaN, or the reduction is empty.

    See Also
    --------
    numpy.nanargmax, argmax, nanargmin

    Examples
    --------
    >>> import numpy as np
    >>> import numba_argmax as nam
    >>> a = np.array([[np.nan, 4.0], [2.0, 3.0]])
    >>> nam.argmax(a)
    np.int64(0)
    >>> nam.nanargmax(a)
    np.int64(1)
    >>> nam.nanargmax(a, axis=0)
    array([1, 0])
    >>> nam.nanargmax(np.array([np.nan, np.nan]))
    Traceback (most recent call last):
        ...
    ValueError: All-NaN slice encountered
    """
    if type(a) is np.ndarray and out is None and keepdims is _NoValue:
        index = flat_index(NANARGMAX, a) if axis is None else axis_index(NANARGMAX, a, axis)
        if index is not None:
            return index
    return backend_for(a, out).reduce(NANARGMAX, a, axis, out, keepdims)


def nanargmin(a, axis=None, out=None, *, keepdims=_NoValue):
    """
    Return the indices of the minimum values, ignoring NaNs.

    A drop-in replacement for :func:`numpy.nanargmin`: a NaN is treated as
    ``+inf`` and a slice made only of NaN raises ValueError.

    Parameters
    ----------
    a : array_like
        Input array.
    axis : int or tuple of ints, optional
        Axis (or axes, beyond NumPy) along which to reduce; by default the
        flattened array.
    out : ndarray, optional
        Array of the result's shape to store the indices in.
    keepdims : bool, optional
        Keep the reduced axes as dimensions of size one.

    Returns
    -------
    index_array : ndarray of ints or numpy.intp
        Indices of the minimum values, NaNs ignored.

    See Also
    --------
    numpy.nanargmin, argmin, nanargmax

    Examples
    --------
    >>> import numpy as np
    >>> import numba_argmax as nam
    >>> a = np.array([[np.nan, 4.0], [2.0, 3.0]])
    >>> nam.nanargmin(a)
    np.int64(2)
    >>> nam.nanargmin(a, axis=1)
    array([1, 0])
    """
    if type(a) is np.ndarray and out is None and keepdims is _NoValue:
        index = flat_index(NANARGMIN, a) if axis is None else axis_index(NANARGMIN, a, axis)
        if index is not None:
            return index
    return backend_for(a, out).reduce(NANARGMIN, a, axis, out, keepdims)
