"""The dask backend: the Numba kernels on every chunk, NumPy's answer across chunks.

Imported only when an argument is a dask array (see :mod:`numba_argmax._dispatch`).

Every chunk is reduced by the serial CPU kernels to one *candidate* per kept
element: a record of the best value, its index in the whole array's reduced
axes (global, C order, in the order the axes are given) and whether the slice
held a non-NaN value.  A :func:`dask.array.reduction` then merges candidates
pairwise, keeping the better value and, on ties, the smaller global index.
Because that merge does not depend on the order in which candidates meet, the
result is NumPy's first occurrence however the array is chunked and however
dask shapes its reduction tree.  (dask's own ``argmax`` keeps the candidate
that arrives first, which is wrong for ``axis=None`` on N-d arrays when ties or
NaNs sit in different chunks.)

Only public dask API is used (``map_blocks`` with ``block_info``,
``reduction``), so the graph runs under both dask array backends (legacy and
array-expr) and on any scheduler, dask.distributed included.
"""

import math
from functools import partial

import numpy as np

from ._normalize import as_keepdims, empty_reduction_error, normalize_axis, reduced_shapes
from ._ops import ARGMAX, ARGMIN
from ._originals import NUMPY_UNRAVEL_INDEX
from .cpu._backend import _numpy_reduce
from .cpu._reduce import argreduce

_INTP = np.dtype(np.intp)

#: Index of a candidate from a block with no elements along the reduced axes
#: (dask allows zero-length chunks): it loses to every real candidate.
_NO_CANDIDATE = -1

_UNKNOWN_CHUNKS = (
    "Arg-reductions do not work with arrays that have unknown chunksizes. "
    "At some point in your computation this array lost chunking information.\n\n"
    "A possible solution is with \n  x.compute_chunk_sizes()"
)


def _candidate_dtype(dtype):
    return np.dtype([("value", dtype), ("index", _INTP), ("valid", np.bool_)])


def _skips_nan(op, dtype):
    """Whether NaN is skipped: nan-variants on floats, complex and object (as NumPy).

    Integers, bool and datetime64/timedelta64 (NaT is not skipped) behave as
    argmax/argmin.
    """
    return op.skip_nan and dtype.kind in "fcO"


def _nan_mask(values, skip_nan):
    """Where ``values`` is NaN (NaT) in the sense the reduction gives it."""
    kind = values.dtype.kind
    if kind in "fc":
        return np.isnan(values)
    if kind in "mM" and not skip_nan:
        return np.isnat(values)
    if kind == "O" and skip_nan:
        return values != values  # NumPy's own NaN test for object arrays
    # Object arrays in argmax compare with Python's operators, NaN included.
    return np.zeros(values.shape, dtype=bool)


def _nan_fill(dtype, is_max):
    """What NumPy's nanargmax (nanargmin) substitutes for NaN: -inf (+inf)."""
    inf = -np.inf if is_max else np.inf
    if dtype.kind == "c":
        return np.array(complex(inf, 0), dtype=dtype)
    if dtype.kind == "f":
        return np.array(inf, dtype=dtype)
    return np.array(inf, dtype=object)


# --- per chunk ---------------------------------------------------------------


def _local_argreduce(block, axes, op, skip_nan):
    """Return ``(local index, valid)`` of ``block`` over ``axes`` (kept shape).

    The local index is the flat C-order index within the block's reduced axes
    (0 where a slice holds only NaN, ``valid`` is then False).
    """
    index = argreduce(block, axes, op.is_max, op.skip_nan, parallel=False)
    if index is not None:
        valid = index >= 0
        return np.maximum(index, 0), valid
    # dtypes the kernels do not read (longdouble, object, str, ...): NumPy.
    kept_shape, _, _ = reduced_shapes(block.shape, axes)
    if skip_nan:
        # NumPy's nanargmax would raise on a chunk's all-NaN slice that other
        # chunks may still fill: do what it does inside, without the raise.
        nan = _nan_mask(block, True)
        filled = np.where(nan, _nan_fill(block.dtype, op.is_max), block).astype(block.dtype)
        index = _numpy_reduce(ARGMAX if op.is_max else ARGMIN, filled, axes, kept_shape)
        return index, ~nan.all(axis=axes)
    return _numpy_reduce(op, block, axes, kept_shape), np.ones(kept_shape, dtype=bool)


def _take_local(block, axes, coords):
    """The values of ``block`` at the reduced-axes coordinates ``coords`` (no copy of block)."""
    kept_axes = [ax for ax in range(block.ndim) if ax not in axes]
    index = [None] * block.ndim
    for k, ax in enumerate(kept_axes):
        shape = [1] * len(kept_axes)
        shape[k] = block.shape[ax]
        index[ax] = np.arange(block.shape[ax]).reshape(shape)
    for ax, coord in zip(axes, coords):
        index[ax] = coord
    return np.asarray(block[tuple(index)])


def _chunk_candidates(block, axes, op, skip_nan, block_info=None):
    """One candidate record per kept element of ``block``, in keepdims shape."""
    _, keepdims_shape, reduced_size = reduced_shapes(block.shape, axes)
    candidates = np.zeros(keepdims_shape, dtype=_candidate_dtype(block.dtype))
    if reduced_size == 0 or block.size == 0:
        candidates["index"] = _NO_CANDIDATE
        return candidates
    local, valid = _local_argreduce(block, axes, op, skip_nan)
    coords = NUMPY_UNRAVEL_INDEX(local, [block.shape[ax] for ax in axes]) if axes else ()
    values = _take_local(block, axes, coords)

    # Local flat index over the block's reduced axes -> global flat index over
    # the array's reduced axes, both C order in the order the axes are given.
    location = block_info[0]["array-location"]
    array_shape = block_info[0]["shape"]
    index = np.zeros(local.shape, dtype=_INTP)
    for ax, coord in zip(axes, coords):
        index = index * array_shape[ax] + (coord + location[ax][0])

    candidates["value"] = values.reshape(keepdims_shape)
    candidates["index"] = index.reshape(keepdims_shape)
    candidates["valid"] = valid.reshape(keepdims_shape)
    return candidates


# --- across chunks -----------------------------------------------------------


def _beats(cand, best, is_max, skip_nan, fill):
    """Where candidate ``cand`` beats ``best`` (NumPy's order, then lower index)."""
    cand_value, best_value = cand["value"], best["value"]
    cand_nan, best_nan = _nan_mask(cand_value, skip_nan), _nan_mask(best_value, skip_nan)
    with np.errstate(invalid="ignore"):
        if skip_nan:
            # NaN counts as -inf (+inf), exactly like NumPy's replace-then-argmax.
            cand_key = np.where(cand_nan, fill, cand_value)
            best_key = np.where(best_nan, fill, best_value)
            better = cand_key > best_key if is_max else cand_key < best_key
            tie = cand_key == best_key
        else:
            # The first NaN (NaT) wins over every number.
            plain = ~cand_nan & ~best_nan
            beyond = cand_value > best_value if is_max else cand_value < best_value
            better = (cand_nan & ~best_nan) | (plain & beyond)
            tie = (cand_nan & best_nan) | (plain & (cand_value == best_value))
    wins = better | (tie & (cand["index"] < best["index"]))
    present = cand["index"] != _NO_CANDIDATE
    return present & ((best["index"] == _NO_CANDIDATE) | wins)


def _merge(candidates, axis, keepdims, is_max, skip_nan, computing_meta=False):
    """Merge the candidates along ``axis`` (a tuple) into one per kept element."""
    ndim = candidates.ndim
    kept_shape, keepdims_shape, count = reduced_shapes(candidates.shape, axis)
    result_shape = keepdims_shape if keepdims else kept_shape
    if count == 0:  # dask probing with an empty meta array
        return np.zeros(result_shape, dtype=candidates.dtype)
    moved = np.moveaxis(candidates, axis, range(ndim - len(axis), ndim))
    rows = moved.reshape(kept_shape + (count,))
    best = rows[..., 0].copy()
    fill = _nan_fill(candidates.dtype["value"], is_max) if skip_nan else None
    for j in range(1, count):
        cand = rows[..., j]
        valid = best["valid"] | cand["valid"]
        take = _beats(cand, best, is_max, skip_nan, fill)
        best[take] = cand[take]
        best["valid"] = valid
    return best.reshape(result_shape)


def _aggregate(candidates, axis, keepdims, is_max, skip_nan, computing_meta=False):
    best = _merge(candidates, axis, keepdims, is_max, skip_nan)
    # An empty input is dask probing for the output type: nothing to check.
    if skip_nan and candidates.size and not best["valid"].all():
        raise ValueError("All-NaN slice encountered")
    return best


def _field(records, name):
    field = records[name]
    # A 0-d result computes to a NumPy scalar, as NumPy's functions return.
    return field[()] if field.ndim == 0 else field.copy()


def _identity(block, axis, keepdims, computing_meta=False):
    return block


def _reduce_candidates(op, a, axis, keepdims):
    """The dask array of winning candidate records, in the result's shape."""
    # Imported here, not at the top, so this module imports (e.g. for pytest's
    # doctest collection) where dask is not installed.
    import dask.array as da

    axes = normalize_axis(axis, a.ndim)
    if axes is None:
        axes = tuple(range(a.ndim))
    keepdims = as_keepdims(keepdims)
    if any(math.isnan(size) for ax in axes for size in a.chunks[ax]):
        raise ValueError(_UNKNOWN_CHUNKS)
    _, _, reduced_size = reduced_shapes(a.shape, axes)
    if reduced_size == 0:
        raise empty_reduction_error(op.base)

    skip_nan = _skips_nan(op, a.dtype)
    dtype = _candidate_dtype(a.dtype)
    meta = np.empty((0,) * a.ndim, dtype=dtype)
    chunks = tuple(
        (1,) * len(sizes) if ax in axes else sizes for ax, sizes in enumerate(a.chunks)
    )
    candidates = a.map_blocks(
        _chunk_candidates, axes, op, skip_nan, chunks=chunks, dtype=dtype, meta=meta
    )
    merge = partial(_merge, is_max=op.is_max, skip_nan=skip_nan)
    aggregate = partial(_aggregate, is_max=op.is_max, skip_nan=skip_nan)
    if not axes:
        # Nothing to reduce (0-d input, or axis=()): each element is its own slice.
        return candidates.map_blocks(aggregate, (), False, dtype=dtype, meta=meta)
    return da.reduction(
        candidates,
        _identity,
        aggregate,
        combine=merge,
        axis=axes,
        keepdims=keepdims,
        dtype=dtype,
        meta=meta,
        name=op.name,
    )


def _check_no_out(out):
    if out is not None:
        raise TypeError(
            "out= is not supported for dask arrays: the result is a new lazy dask "
            "array; call .compute() (or da.store) on it instead"
        )


def reduce(op, a, axis, out, keepdims):
    """``op`` of the dask array ``a`` as a lazy dask array of intp indices."""
    _check_no_out(out)
    best = _reduce_candidates(op, a, axis, keepdims)
    return best.map_blocks(_field, "index", dtype=_INTP, meta=np.empty((0,) * best.ndim, _INTP))


def reduce_with_values(op, a, axis, keepdims):
    """``(values, indices)`` dask arrays of ``op`` (max_argmax/min_argmin)."""
    best = _reduce_candidates(op, a, axis, keepdims)
    values = best.map_blocks(
        _field, "value", dtype=a.dtype, meta=np.empty((0,) * best.ndim, a.dtype)
    )
    indices = best.map_blocks(
        _field, "index", dtype=_INTP, meta=np.empty((0,) * best.ndim, _INTP)
    )
    return values, indices
