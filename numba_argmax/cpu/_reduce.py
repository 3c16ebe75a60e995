"""Drive the CPU kernels: pick the element kind, reshape any layout without copying.

Every reduction is expressed as a 3-D strided view ``(outer, n, inner)`` of the
input (no data is moved): the reduced axes merge into ``n`` and the kept axes
into ``outer``/``inner`` whenever their strides allow.  Only two rare cases
copy: several reduced axes whose strides cannot merge (a tuple ``axis``), and
unaligned or non-native byte order input.
"""

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .._threads import parallel_slot
from ._kernels import KIND_BOOL, KIND_FLOAT16, KIND_NAT, KIND_PLAIN, kernels_for

#: Below this many elements the serial kernel wins (thread start-up costs).
PARALLEL_MIN_SIZE = 1 << 18

# dtype.kind/char -> (view dtype, element kind).  Missing: handed to NumPy.
_PLAIN_CHARS = set("bhilqBHILQfdFD") | {"p", "P"}


def kernels_read(dtype):
    """Whether the kernels handle ``dtype`` (else NumPy's function is used)."""
    return dtype.kind in "bmM" or dtype.char in _PLAIN_CHARS or dtype.char == "e"


def kernel_view(a):
    """Return ``(view, kind)`` for the kernels, or None if NumPy must do it.

    bool is read as uint8, float16 as its int16 bits, datetime64/timedelta64
    as int64 (NaT is INT64_MIN).  longdouble and non-numeric dtypes (str,
    bytes, object, structured) return None.
    """
    dtype = a.dtype
    char = dtype.char
    if dtype.kind == "b":
        view, kind = a.view(np.uint8), KIND_BOOL
    elif char == "e":
        view, kind = a, KIND_FLOAT16
    elif dtype.kind in "mM":
        view, kind = a, KIND_NAT
    elif char in _PLAIN_CHARS:
        view, kind = a, KIND_PLAIN
    else:
        return None
    if not (dtype.isnative and a.flags.aligned):
        view = view.astype(view.dtype.newbyteorder("="))  # Numba reads native aligned data only
    if kind == KIND_FLOAT16:
        view = view.view(np.int16)
    elif kind == KIND_NAT:
        view = view.view(np.int64)
    return view, kind


def _merge_dims(dims):
    """Merge C-order adjacent ``(size, stride)`` pairs that address like one axis."""
    merged = []
    for size, stride in dims:
        if size == 1:
            continue
        if merged and merged[-1][1] == stride * size:
            prev_size, _ = merged[-1]
            merged[-1] = (prev_size * size, stride)
        else:
            merged.append((size, stride))
    return merged


def argreduce(a, axes, is_max, skip_nan, *, parallel=True):
    """Index of the max (min) of ``a`` over ``axes``, as an intp array.

    ``axes`` is None or a tuple of distinct non-negative axes; the reduced
    size must be positive.  Returns an array of the kept shape, with -1 where
    a ``skip_nan`` slice holds only NaN, or None when the dtype is handed to
    NumPy.  ``parallel=False`` keeps to the serial kernels (e.g. inside a
    dask task, which already runs one per core).
    """
    prepared = kernel_view(a)
    if prepared is None:
        return None
    view, kind = prepared
    if kind == KIND_NAT or not (view.dtype.kind in "fc" or kind == KIND_FLOAT16):
        skip_nan = False  # nan-variants skip NaN only; integers and NaT behave as argmax
    kernels = kernels_for(is_max, skip_nan, kind)
    if axes is None:
        axes = tuple(range(a.ndim))
    itemsize = view.itemsize

    reduced = _merge_dims([(view.shape[ax], view.strides[ax]) for ax in axes])
    kept_axes = [ax for ax in range(a.ndim) if ax not in axes]
    kept_shape = tuple(view.shape[ax] for ax in kept_axes)
    if len(reduced) > 1:
        # Reduced axes that cannot address like one: gather them (one copy).
        moved = np.moveaxis(view, axes, range(a.ndim - len(axes), a.ndim))
        view = moved.reshape(kept_shape + (-1,))
        reduced = _merge_dims([(view.shape[-1], view.strides[-1])])
        kept_axes = list(range(len(kept_shape)))
    n, reduced_stride = reduced[0] if reduced else (1, itemsize)

    if not kept_shape and view.ndim == 1:
        # The common 1-D case: no 3-D view needed.
        with parallel_slot(parallel and view.size >= PARALLEL_MIN_SIZE) as nthreads:
            if nthreads:
                result = np.empty((1, 1), dtype=np.intp)
                kernels.reduce_3d_parallel(view.reshape(1, -1, 1), result, nthreads)
                return result.reshape(())
            return np.array(kernels.reduce_1d(view), dtype=np.intp)

    groups = _merge_dims([(view.shape[ax], view.strides[ax]) for ax in kept_axes])
    while len(groups) < 2:
        groups.insert(0, (1, itemsize))
    *lead, (outer, outer_stride), (inner, inner_stride) = groups
    shape = tuple(s for s, _ in lead) + (outer, n, inner)
    strides = tuple(st for _, st in lead) + (outer_stride, reduced_stride, inner_stride)
    full = as_strided(view, shape=shape, strides=strides, writeable=False)

    result = np.empty(kept_shape, dtype=np.intp)
    result_groups = result.reshape(tuple(s for s, _ in lead) + (outer, inner))
    with parallel_slot(parallel and a.size >= PARALLEL_MIN_SIZE) as nthreads:
        for index in np.ndindex(*shape[:-3]):
            if nthreads:
                kernels.reduce_3d_parallel(full[index], result_groups[index], nthreads)
            else:
                kernels.reduce_3d(full[index], result_groups[index])
    return result
