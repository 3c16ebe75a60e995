"""Where exactly is the max: gathering values and coordinates at argmax indices.

``take_along_axis`` and ``unravel_index`` are drop-ins for NumPy's; the
others combine them with the argmax family.  Like the core functions, each
only picks a backend (:mod:`numba_argmax._dispatch`).
"""

import numpy as np

from . import _api
from ._dispatch import backend_for
from ._ops import ARGMAX, ARGMIN
from ._originals import NUMPY_UNRAVEL_INDEX
from .cpu import _gather


def take_along_axis(arr, indices, axis=-1):
    """
    Take values from the input array by matching 1d index and data slices.

    A drop-in replacement for :func:`numpy.take_along_axis` (NumPy 2.3+
    signature: ``axis`` defaults to -1): same results, dtypes and errors,
    gathered by a Numba kernel that reads any layout in place where it is
    faster than NumPy's fancy indexing: indices of 3+ dimensions (a
    segmentation map's, 2.5-4.8x NumPy from 512 of them) and large results
    on threads (65536 and more: (1000000, 10) float64, axis=1, 2.4x); a few
    indices, and 1-D or 2-D ones on one thread, by the fancy indexing
    NumPy's function does, without its checks.

    Parameters
    ----------
    arr : ndarray (Ni..., M, Nk...)
        Source array.
    indices : ndarray (Ni..., J, Nk...)
        Integer indices to take along each 1d slice of ``arr``; negative
        indices count from the end.  It must have ``arr.ndim`` dimensions;
        the dimensions other than ``axis`` broadcast against ``arr``.
    axis : int or None, optional
        The axis to take 1d slices along (default -1).  None treats ``arr``
        as flattened in C order (``indices`` must then be 1-d).

    Returns
    -------
    out : ndarray (Ni..., J, Nk...)
        The gathered values, of ``arr``'s dtype.

    Raises
    ------
    IndexError
        If ``indices`` is not an integer array, an index is out of bounds, or
        the shapes do not broadcast.
    ValueError
        If ``indices`` has the wrong number of dimensions.
    numpy.exceptions.AxisError
        If ``axis`` is out of bounds.

    See Also
    --------
    numpy.take_along_axis : NumPy's function, the oracle for this one.
    max_argmax : the values and indices of the maximum in one call.

    Examples
    --------
    >>> import numpy as np
    >>> import numba_argmax as nam
    >>> a = np.array([[10, 30, 20], [60, 40, 50]])
    >>> ai = nam.argmax(a, axis=1, keepdims=True)
    >>> nam.take_along_axis(a, ai, axis=1)
    array([[30],
           [60]])
    >>> nam.take_along_axis(a, np.array([[0, -1], [1, 1]]))
    array([[10, 20],
           [40, 40]])
    >>> nam.take_along_axis(a, np.array([5, 0]), axis=None)
    array([50, 10])
    """
    return backend_for(arr).take_along_axis(arr, indices, axis)


def unravel_index(indices, shape, order="C"):
    """
    Convert flat indices into a tuple of coordinate arrays.

    A drop-in replacement for :func:`numpy.unravel_index`: same results
    (intp arrays of ``indices``' shape, scalars for a scalar index), same
    errors, computed by a Numba kernel on threads for 65536 indices and
    more (1e5 indices: 1.2x NumPy); fewer, or no idle core, by NumPy's own
    C function (a scalar index: 0.9 us).

    Parameters
    ----------
    indices : array_like
        Integer (or bool) array of indices into the flattened version of an
        array of shape ``shape``.
    shape : int or tuple of ints
        The shape of the array to use for unraveling ``indices``.
    order : {'C', 'F'}, optional
        Whether the indices index in row-major (C) or column-major (Fortran)
        order.

    Returns
    -------
    unraveled_coords : tuple of ndarray
        One array per dimension of ``shape``, each of ``indices``' shape.

    Raises
    ------
    ValueError
        If an index is negative or not smaller than ``prod(shape)``, or
        ``order`` is not 'C' or 'F'.
    TypeError
        If ``indices`` is not integral.

    See Also
    --------
    numpy.unravel_index : NumPy's function, the oracle for this one.
    argmax_coords : the coordinates of the maximum directly.

    Examples
    --------
    >>> import numpy as np
    >>> import numba_argmax as nam
    >>> nam.unravel_index([22, 41, 37], (7, 6))
    (array([3, 6, 6]), array([4, 5, 1]))
    >>> nam.unravel_index([31, 41, 13], (7, 6), order='F')
    (array([3, 6, 6]), array([4, 5, 1]))
    >>> nam.unravel_index(1621, (6, 7, 8, 9))
    (np.int64(3), np.int64(1), np.int64(4), np.int64(1))
    >>> nam.unravel_index(6, (2, 3))
    Traceback (most recent call last):
        ...
    ValueError: index 6 is out of bounds for array with size 6
    """
    if (
        type(indices) is int
        or isinstance(indices, np.integer)
        or (type(indices) is np.ndarray and indices.size < _gather.PARALLEL_MIN_SIZE)
    ):
        # The commonest calls (argmax's flat index, a few indices): NumPy's
        # C function at once, _gather.unravel_index's rule before the
        # dispatch (100 indices: 1.75 -> 1.57 us; a scalar: 8 us before).
        return NUMPY_UNRAVEL_INDEX(indices, shape, order=order)
    return backend_for(indices).unravel_index(indices, shape, order)


def _coords(argfunc, a, axis):
    a_shape = np.shape(a)
    if axis is None:
        index = argfunc(a)
        if isinstance(index, np.integer):  # (an ndarray's: no dispatch needed)
            return NUMPY_UNRAVEL_INDEX(index, a_shape)
        return unravel_index(index, a_shape)
    indices = np.asarray(argfunc(a, axis=axis))
    axes = axis if isinstance(axis, tuple) else (axis,)
    ndim = len(a_shape)
    # Normalised by argfunc already (it raised for bad axes); 0-d: no axes.
    axes = tuple(int(ax) % ndim for ax in axes) if ndim else ()
    kept_axes = [ax for ax in range(ndim) if ax not in axes]
    coords = [None] * ndim
    if axes:
        reduced = unravel_index(indices, tuple(a_shape[ax] for ax in axes))
        for ax, coord in zip(axes, reduced):
            coords[ax] = np.asarray(coord)
    for k, ax in enumerate(kept_axes):
        shape = [1] * len(kept_axes)
        shape[k] = a_shape[ax]
        position = np.arange(a_shape[ax], dtype=np.intp).reshape(shape)
        coords[ax] = np.broadcast_to(position, indices.shape).copy()
    return tuple(coords)


def argmax_coords(a, axis=None):
    """
    Return the coordinates of the maximum values, one index array per dimension.

    ``a[argmax_coords(a, axis)]`` equals ``np.max(a, axis)`` (NaN
    propagating: the coordinates of the first NaN).  In case of ties the
    first occurrence wins, as in :func:`argmax`.

    Parameters
    ----------
    a : array_like
        Input array.
    axis : None, int or tuple of ints, optional
        Axis or axes to reduce.  None (default) reduces the whole array.

    Returns
    -------
    coords : tuple of ``a.ndim`` intp arrays, or of numpy.intp
        With ``axis=None``, the scalar coordinates of the maximum.  Else each
        array has the shape of ``np.max(a, axis)``: the reduced axes hold the
        position of the maximum, the kept axes their own position.

    Raises
    ------
    ValueError
        If the reduction is empty or ``axis`` has duplicates.
    numpy.exceptions.AxisError
        If an axis is out of bounds.

    See Also
    --------
    argmax, unravel_index, max_argmax

    Examples
    --------
    >>> import numpy as np
    >>> import numba_argmax as nam
    >>> image = np.array([[0, 2, 1], [7, 3, 5]])
    >>> nam.argmax_coords(image)
    (np.int64(1), np.int64(0))
    >>> rows, cols = nam.argmax_coords(image, axis=1)
    >>> rows, cols
    (array([0, 1]), array([1, 0]))
    >>> image[rows, cols]
    array([2, 7])
    """
    return _coords(_api.argmax, a, axis)


def argmin_coords(a, axis=None):
    """
    Return the coordinates of the minimum values, one index array per dimension.

    ``a[argmin_coords(a, axis)]`` equals ``np.min(a, axis)``; see
    :func:`argmax_coords`.

    Parameters
    ----------
    a : array_like
        Input array.
    axis : None, int or tuple of ints, optional
        Axis or axes to reduce; None (default) reduces the whole array.

    Returns
    -------
    coords : tuple of ``a.ndim`` intp arrays, or of numpy.intp
        The coordinates of the minimum values.

    See Also
    --------
    argmin, argmax_coords, min_argmin

    Examples
    --------
    >>> import numpy as np
    >>> import numba_argmax as nam
    >>> a = np.array([[[4, 1], [0, 3]], [[2, 2], [5, -1]]])
    >>> nam.argmin_coords(a, axis=(1, 2))
    (array([0, 1]), array([1, 1]), array([0, 1]))
    """
    return _coords(_api.argmin, a, axis)


def max_argmax(a, axis=None, *, keepdims=False):
    """
    Return the maximum values and their indices in one call.

    Equal to ``(np.max(a, axis, keepdims=keepdims), np.argmax(a, axis,
    keepdims=keepdims))`` for every dtype, but the data is read once: the
    argmax kernels find the indices and the values are gathered there.

    Parameters
    ----------
    a : array_like
        Input array.
    axis : None, int or tuple of ints, optional
        Axis or axes to reduce; None (default) reduces the whole array.  For
        a tuple the index is into those axes flattened in C order, in the
        order given (as for :func:`argmax`).
    keepdims : bool, optional
        Keep the reduced axes as dimensions of size one.

    Returns
    -------
    values : ndarray or scalar
        The maxima, of ``a``'s dtype.  NaN (NaT) propagates as in ``np.max``.
    indices : ndarray of intp or numpy.intp
        Their indices, as :func:`argmax` returns them.

    Raises
    ------
    ValueError
        If the reduction is empty (NumPy's ``np.max`` message).
    numpy.exceptions.AxisError
        If an axis is out of bounds.

    See Also
    --------
    min_argmin, argmax, argmax_coords

    Notes
    -----
    The value is the element at the returned index (the first occurrence of
    the maximum), so of ``+0.0`` and ``-0.0`` it is the first one, which
    compares equal to ``np.max``'s result but may differ in sign.

    Examples
    --------
    >>> import numpy as np
    >>> import numba_argmax as nam
    >>> a = np.array([[1.0, 5.0, 2.0], [7.0, np.nan, 0.0]])
    >>> nam.max_argmax(a, axis=1)
    (array([ 5., nan]), array([1, 1]))
    >>> nam.max_argmax(np.array([3, 9, 9]))
    (np.int64(9), np.int64(1))
    """
    return backend_for(a).reduce_with_values(ARGMAX, a, axis, keepdims)


def min_argmin(a, axis=None, *, keepdims=False):
    """
    Return the minimum values and their indices in one call.

    Equal to ``(np.min(a, axis, keepdims=keepdims), np.argmin(a, axis,
    keepdims=keepdims))``; see :func:`max_argmax`.

    Parameters
    ----------
    a : array_like
        Input array.
    axis : None, int or tuple of ints, optional
        Axis or axes to reduce; None (default) reduces the whole array.
    keepdims : bool, optional
        Keep the reduced axes as dimensions of size one.

    Returns
    -------
    values : ndarray or scalar
        The minima, of ``a``'s dtype.
    indices : ndarray of intp or numpy.intp
        Their indices.

    See Also
    --------
    max_argmax, argmin

    Examples
    --------
    >>> import numpy as np
    >>> import numba_argmax as nam
    >>> values, indices = nam.min_argmin(np.array([[4, 2], [1, 3]]), axis=0, keepdims=True)
    >>> values
    array([[1, 2]])
    >>> indices
    array([[1, 0]])
    """
    return backend_for(a).reduce_with_values(ARGMIN, a, axis, keepdims)
