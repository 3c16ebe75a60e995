"""The CUDA backend: NumPy's semantics on device arrays, results left on the device.

Every function takes any array exposing ``__cuda_array_interface__`` (or a
simulator device array), works on the producer's stream unless ``stream=``
says otherwise, and returns Numba device arrays.  The host waits for the
device only where an answer decides an exception: the all-NaN check of the
nan-variants and the index range checks of :func:`take_along_axis` and
:func:`unravel_index` copy a 4- or 8-byte flag back (one stream sync).
"""

import math

import numpy as np

from .._normalize import (
    NoValue,
    as_keepdims,
    empty_reduction_error,
    normalize_axis,
    reduced_shapes,
)
from ..cpu._reduce import _merge_dims
from . import _device, _index_kernels
from ._device import (
    KIND_FLOAT16,
    KIND_NAT,
    DeviceView,
    device_array,
    device_view,
    kernel_dtype,
    raw_dtype,
    require_device,
    resolve_stream,
)
from ._index_kernels import NO_ERROR
from ._kernels import kernels_for
from ._launch import launch, resident_blocks

_INTP = np.dtype(np.intp)


class Tuning:
    """Launch parameters; tests shrink them to reach every path on the simulator."""

    def __init__(self):
        #: Threads per block (a multiple of 32, at most 1024).
        self.block_size = 256
        #: Rows at least this long get a block each, shorter ones a warp.
        self.block_row_min = 2048
        #: Blocks per SM to aim for when few outputs split a strided reduced
        #: axis (and for split rows under the simulator; on a GPU split rows
        #: fill one wave of resident blocks).
        self.blocks_per_sm = 4
        #: Fewest elements per block segment of a split row.
        self.min_segment = 4096
        #: Fewest elements per thread segment of a split column.
        self.min_column_segment = 64
        #: Rows at most this long get a thread each (a warp would idle).
        self.thread_row_max = 16


TUNING = Tuning()


def _blocks(size, block_size):
    return max(1, -(-size // block_size))


def _array_dtype(a):
    if _device.is_simulator_array(a):
        return a.dtype
    return np.dtype(a.__cuda_array_interface__["typestr"])


def _padded(values, pad):
    # Kernels take tuples of length >= 1 (one compile per length).
    return tuple(int(v) for v in values) or (pad,)


def _c_contiguous_strides(shape):
    strides, step = [], 1
    for n in reversed(shape):
        strides.append(step)
        step *= max(n, 1)
    return tuple(reversed(strides))


def _gathered(view, axes_order, stream):
    """A C-contiguous copy of ``view`` with its axes in ``axes_order`` (one kernel)."""
    shape = tuple(view.shape[ax] for ax in axes_order)
    strides = tuple(view.strides[ax] for ax in axes_order)
    size = view.size
    dst = device_array(size, view.view_dtype, stream)
    bs = TUNING.block_size
    _index_kernels.gather_kernel[_blocks(size, bs), bs, stream](
        view.flat, view.offset, _padded(strides, 0), _padded(shape, 1), dst, size
    )
    return DeviceView(
        dst, 0, shape, _c_contiguous_strides(shape), view.dtype, dst, view.view_dtype
    )


def _argreduce(view, kind, axes, is_max, skip_nan, stream):
    """Launch the reduction; return ``(indices, error)`` device arrays.

    ``indices`` is int64 of one element per output (C order over the kept
    axes); ``error`` is a cached int32 flag set for an all-NaN slice, to be
    checked with :func:`_raise_if_all_nan` (None when the operation cannot
    raise).
    """
    vdtype = view.view_dtype
    if kind == KIND_NAT or not (np.dtype(vdtype).kind in "fc" or kind == KIND_FLOAT16):
        skip_nan = False  # integers and NaT: the nan-variants are argmax/argmin
    kernels = kernels_for(is_max, skip_nan, kind, vdtype)
    if axes is None:
        axes = tuple(range(view.ndim))
    kept_axes = [ax for ax in range(view.ndim) if ax not in axes]
    reduced = _merge_dims([(view.shape[ax], view.strides[ax]) for ax in axes])
    groups = _merge_dims([(view.shape[ax], view.strides[ax]) for ax in kept_axes])
    nrows = math.prod(view.shape[ax] for ax in kept_axes)
    n = math.prod(view.shape[ax] for ax in axes)
    result = device_array(max(nrows, 1), np.int64, stream)
    device = _device.current_device()
    error = _device.error_flag(stream, device) if skip_nan else None
    if nrows == 0:
        return result[:0], error
    if len(reduced) > 1 or len(groups) > 2:
        # Layouts no (outer, n, inner) view addresses: one gathering copy.
        view = _gathered(view, kept_axes + list(axes), stream)
        (outer, so), (inner, si), sn = (nrows, n), (1, 0), 1
    else:
        sn = reduced[0][1] if reduced else 1
        while len(groups) < 2:
            groups.insert(0, (1, 0))
        (outer, so), (inner, si) = groups
    flag = error if error is not None else _device.workspace(stream, "unused", np.int32, 1,
                                                             device=device)
    args = (view.memory, view.offset, n, so, sn, si, inner)
    bs = TUNING.block_size
    if (inner > 1 and abs(si) < abs(sn)) or n <= TUNING.thread_row_max:
        # Kept axis contiguous: a thread per output, coalesced across the warp
        # (short rows too: the warp's reads still cover adjacent memory).
        kernel, signature = kernels.columns, kernels.signatures["columns"]
        column_blocks = _blocks(nrows, bs)
        # Four blocks an SM: a full wave split the columns of (4096, 4096)
        # float32 over more segments and took 99 us instead of 81 (H100).
        target_blocks = _device.multiprocessor_count(device) * TUNING.blocks_per_sm
        nseg = 1
        if column_blocks < target_blocks:
            nseg = max(1, min(-(-target_blocks // column_blocks), n // TUNING.min_column_segment))
        seglen = -(-n // nseg)
        nseg = -(-n // seglen)
        pk, pi, pf = _partials(kernels.key_dtype, nrows * nseg, stream, device)
        counters = _device.workspace(stream, "counters", np.int32, column_blocks, zeroed=True,
                                     device=device)
        launch(kernel, signature, column_blocks * nseg, bs, stream, device,
               *args, nrows, nseg, seglen, pk, pi, pf, counters, result, flag)
    elif n >= TUNING.block_row_min:
        # Long rows: a block per row, split over several blocks if rows are few.
        kernel, signature = kernels.rows_block, kernels.signatures["rows_block"]
        target_blocks = _target_blocks(kernel, signature, bs, device)
        nseg = 1
        if nrows < target_blocks:
            nseg = max(1, min(-(-target_blocks // nrows), n // TUNING.min_segment))
        seglen = -(-n // nseg)
        nseg = -(-n // seglen)
        pk, pi, pf = _partials(kernels.key_dtype, nrows * nseg, stream, device)
        counters = _device.workspace(stream, "counters", np.int32, nrows, zeroed=True,
                                     device=device)
        launch(kernel, signature, nrows * nseg, bs, stream, device,
               *args, nseg, seglen, pk, pi, pf, counters, result, flag)
    else:
        launch(kernels.rows_warp, kernels.signatures["rows_warp"], _blocks(nrows * 32, bs), bs,
               stream, device, *args, nrows, result, flag)
    return result, error


def _target_blocks(kernel, signature, block_size, device):
    """Blocks a split row reduction should have to keep the device busy.

    One full wave: what the occupancy calculator says the SMs hold at once
    (1e8 float32: 792 blocks of 256 on an H100 ran at 74% of its memory
    bandwidth, 4 blocks an SM at 70%); under the simulator ``blocks_per_sm``
    per nominal SM.
    """
    resident = resident_blocks(kernel, signature, block_size, device)
    if resident is None:
        return _device.multiprocessor_count(device) * TUNING.blocks_per_sm
    return resident


def _partials(key_dtype, size, stream, device):
    """Cached per-segment partial states (key, index, flag) for split reductions."""
    return (
        _device.workspace(stream, "partial_keys", key_dtype, size, device=device),
        _device.workspace(stream, "partial_indices", np.int64, size, device=device),
        _device.workspace(stream, "partial_flags", np.int32, size, device=device),
    )


def _raise_if_all_nan(error, stream):
    """Raise NumPy's ValueError if a kernel set the all-NaN flag ``error`` (None: no check)."""
    if error is not None and _read_back(error, stream)[0]:
        _device.clear_flag(error, stream)
        raise ValueError("All-NaN slice encountered")


def _read_back(array, stream):
    """Copy a small device array to the host (this waits for ``stream``)."""
    host = array.copy_to_host(stream=stream)
    if not _device.SIMULATOR:
        stream.synchronize()
    return host


def _reshaped(flat, shape):
    return flat.reshape(shape) if tuple(shape) != tuple(flat.shape) else flat


def _handed_back(array, stream):
    # Results default to the stream they were computed on, so a later
    # copy_to_host() without a stream waits for them even on a non-blocking one.
    return array.bind(stream)


def _check_out(out, result_shape, name):
    """``out`` must be a CUDA array of the result's shape and an intp-safe dtype."""
    if not (_device.is_simulator_array(out) or hasattr(out, "__cuda_array_interface__")):
        raise TypeError("output must be a CUDA device array when the input is one")
    view = device_view(out)
    if view.shape != tuple(result_shape):
        raise ValueError(f"output array does not match result of np.{name}.")
    if not np.can_cast(view.dtype, _INTP, casting="safe"):
        raise TypeError(
            f"Cannot cast array data from {view.dtype!r} to {_INTP!r} according to the rule 'safe'"
        )
    return view


def _write_out(result, out_view, stream):
    """Store ``result`` into ``out`` (any strides; C cast to its dtype)."""
    size = out_view.size
    if size:
        bs = TUNING.block_size
        _index_kernels.scatter_kernel[_blocks(size, bs), bs, stream](
            result, out_view.flat, out_view.offset, _padded(out_view.strides, 0),
            _padded(out_view.shape, 1), size,
        )


def _prepare(a, axis, stream):
    require_device(a)
    stream = resolve_stream(a, stream)
    view_dtype, kind = kernel_dtype(_array_dtype(a))
    view = device_view(a, view_dtype)
    axes = normalize_axis(axis, view.ndim)
    return view, kind, axes, stream


def reduce(op, a, axis=None, out=None, keepdims=NoValue, *, stream=None):
    """``op`` (an :class:`numba_argmax._ops.Op`) of the CUDA array ``a``.

    Returns an int64 device array of NumPy's result shape (0-d for a full
    reduction), or ``out`` (a CUDA array) filled with the indices.  Raises
    what NumPy raises, in NumPy's order; the nan-variants wait for the
    device to check for an all-NaN slice before ``out`` is written.
    """
    view, kind, axes, stream = _prepare(a, axis, stream)
    kept_shape, keepdims_shape, reduced_size = reduced_shapes(view.shape, axes)
    result_shape = keepdims_shape if as_keepdims(keepdims) else kept_shape
    if reduced_size == 0:
        raise empty_reduction_error(op.base)
    out_view = None
    if out is not None and not op.skip_nan:
        out_view = _check_out(out, result_shape, op.base)
    result, error = _argreduce(view, kind, axes, op.is_max, op.skip_nan, stream)
    _raise_if_all_nan(error, stream)
    if out is None:
        return _handed_back(_reshaped(result, result_shape), stream)
    if out_view is None:
        out_view = _check_out(out, result_shape, op.base)
    _write_out(result, out_view, stream)
    return out


def reduce_with_values(op, a, axis=None, keepdims=False, *, stream=None):
    """``(values, indices)`` of the extremes of ``a`` (max_argmax / min_argmin).

    Both are device arrays of NumPy's result shape; ``values`` has ``a``'s
    dtype and equals ``take_along_axis`` of the indices (NaN where a NaN won).
    """
    view, kind, axes, stream = _prepare(a, axis, stream)
    kept_shape, keepdims_shape, reduced_size = reduced_shapes(view.shape, axes)
    result_shape = keepdims_shape if as_keepdims(keepdims) else kept_shape
    if reduced_size == 0:
        raise empty_reduction_error(op.base)
    result, error = _argreduce(view, kind, axes, op.is_max, op.skip_nan, stream)
    _raise_if_all_nan(error, stream)
    raw = raw_dtype(view.dtype)
    source = device_view(a, raw)
    if axes is None:
        axes = tuple(range(view.ndim))
    kept_axes = [ax for ax in range(view.ndim) if ax not in axes]
    nrows = math.prod(kept_shape)
    values = device_array(max(nrows, 1), raw, stream)
    if nrows:
        bs = TUNING.block_size
        _index_kernels.values_kernel[_blocks(nrows, bs), bs, stream](
            source.flat, source.offset,
            _padded((view.shape[ax] for ax in kept_axes), 1),
            _padded((view.strides[ax] for ax in kept_axes), 0),
            _padded((view.shape[ax] for ax in axes), 1),
            _padded((view.strides[ax] for ax in axes), 0),
            result, values, nrows,
        )
    values = _reshaped(values[:nrows], result_shape).view(view.dtype)
    return (
        _handed_back(values, stream),
        _handed_back(_reshaped(result[:nrows], result_shape), stream),
    )


def coords(op, a, axis=None, *, stream=None):
    """Coordinates in ``a`` of each extreme: a tuple of ``a.ndim`` int64 device arrays.

    Each array has the kept shape (0-d for ``axis=None``), so indexing ``a``
    with the tuple (on the host) gives the extremes; for ``axis=None`` it is
    ``unravel_index(op(a), a.shape)``.
    """
    view, kind, axes, stream = _prepare(a, axis, stream)
    kept_shape, _, reduced_size = reduced_shapes(view.shape, axes)
    if reduced_size == 0:
        raise empty_reduction_error(op.base)
    result, error = _argreduce(view, kind, axes, op.is_max, op.skip_nan, stream)
    _raise_if_all_nan(error, stream)
    if axes is None:
        axes = tuple(range(view.ndim))
    ndim = view.ndim
    kept_axes = [ax for ax in range(ndim) if ax not in axes]
    nrows = math.prod(kept_shape)
    # One spare row (index ndim) takes the writes of padding axes.
    table = device_array((ndim + 1, max(nrows, 1)), np.int64, stream)
    if nrows:
        bs = TUNING.block_size
        _index_kernels.coords_kernel[_blocks(nrows, bs), bs, stream](
            result, _padded(kept_shape, 1), _padded(kept_axes, ndim),
            _padded((view.shape[ax] for ax in axes), 1), _padded(axes, ndim), table, nrows,
        )
    return tuple(
        _handed_back(_reshaped(table[d, :nrows], kept_shape), stream) for d in range(ndim)
    )


def _bounds_error_position(error, stream):
    """The first failing thread of a range-checking kernel, or None."""
    position = int(_read_back(error, stream)[0])
    return None if position == NO_ERROR else position


def _element(view, p, shape, strides, stream):
    """Host copy of element ``p`` (C order over ``shape``/``strides``) of ``view``."""
    pos = view.offset
    for n, s in zip(reversed(shape), reversed(strides)):
        p, c = divmod(p, n)
        pos += c * s
    return _read_back(view.flat[pos : pos + 1], stream)[0]


def take_along_axis(arr, indices, axis, *, stream=None):
    """:func:`numpy.take_along_axis` on CUDA arrays; returns a device array.

    Negative indices count from the end; an index out of range raises
    IndexError (after a stream sync).
    """
    require_device(arr)
    stream = resolve_stream(arr, stream)
    dtype = _array_dtype(arr)
    arr_view = device_view(arr, raw_dtype(dtype))
    idx_view = device_view(indices)
    if idx_view.dtype.kind not in "iu":
        raise IndexError("`indices` must be an integer array")
    if axis is None:
        if idx_view.ndim != 1:
            raise ValueError("when axis=None, `indices` must have a single dimension.")
        if arr_view.strides != _c_contiguous_strides(arr_view.shape) and arr_view.size:
            arr_view = _gathered(arr_view, range(arr_view.ndim), stream)
        arr_view = DeviceView(
            arr_view.memory, arr_view.offset, (arr_view.size,), (1,), dtype, arr_view.owner,
            arr_view.view_dtype,
        )
        axis = 0
    else:
        (axis,) = normalize_axis(axis, arr_view.ndim) or (0,)
        if idx_view.ndim != arr_view.ndim:
            raise ValueError("`indices` and `arr` must have the same number of dimensions")
    shape = []
    for d, (n_arr, n_idx) in enumerate(zip(arr_view.shape, idx_view.shape)):
        if d == axis:
            shape.append(n_idx)
        elif n_arr == n_idx or n_idx == 1 or n_arr == 1:
            shape.append(n_arr if n_idx == 1 else n_idx)
        else:
            raise ValueError(
                "shape mismatch: indexing arrays could not be broadcast together with shapes "
                f"{arr_view.shape} {idx_view.shape}"
            )
    arr_strides = [
        0 if d == axis or n == 1 else s
        for d, (n, s) in enumerate(zip(arr_view.shape, arr_view.strides))
    ]
    idx_strides = [0 if n == 1 else s for n, s in zip(idx_view.shape, idx_view.strides)]
    size = math.prod(shape)
    axis_len = arr_view.shape[axis]
    out = device_array(max(size, 1), raw_dtype(dtype), stream)
    if size:
        if axis_len == 0:
            raise IndexError(f"index 0 is out of bounds for axis {axis} with size 0")
        error = _device.cuda.to_device(np.array([NO_ERROR]), stream=stream)
        bs = TUNING.block_size
        _index_kernels.take_kernel[_blocks(size, bs), bs, stream](
            arr_view.flat, arr_view.offset, _padded(arr_strides, 0), axis_len,
            arr_view.strides[axis], idx_view.flat, idx_view.offset, _padded(idx_strides, 0),
            _padded(shape, 1), out, size, error,
        )
        bad = _bounds_error_position(error, stream)
        if bad is not None:
            value = _element(idx_view, bad, shape, idx_strides, stream)
            raise IndexError(f"index {value} is out of bounds for axis {axis} with size {axis_len}")
    return _handed_back(_reshaped(out[:size], tuple(shape)).view(dtype), stream)


def unravel_index(indices, shape, order="C", *, stream=None):
    """:func:`numpy.unravel_index` of a CUDA integer array: a tuple of int64 device arrays."""
    require_device(indices)
    stream = resolve_stream(indices, stream)
    dims = (shape,) if np.ndim(shape) == 0 else tuple(shape)
    dims = tuple(int(np.asarray(n).item()) for n in dims)
    if order not in ("C", "F"):
        raise ValueError("only 'C' or 'F' order is permitted")
    if any(n < 0 for n in dims):
        raise ValueError("dimensions must be non-negative")
    idx_view = device_view(indices)
    if idx_view.dtype.kind not in "iu":
        raise TypeError("only int indices permitted")
    size = idx_view.size
    total = math.prod(dims)
    table = device_array((max(len(dims), 1), max(size, 1)), np.int64, stream)
    if size:
        error = _device.cuda.to_device(np.array([NO_ERROR]), stream=stream)
        kernel = _index_kernels.unravel_kernel if order == "C" else _index_kernels.unravel_f_kernel
        bs = TUNING.block_size
        kernel[_blocks(size, bs), bs, stream](
            idx_view.flat, idx_view.offset, _padded(idx_view.strides, 0),
            _padded(idx_view.shape, 1), _padded(dims, 1), table, size, total, error,
        )
        bad = _bounds_error_position(error, stream)
        if bad is not None:
            value = _element(idx_view, bad, idx_view.shape, idx_view.strides, stream)
            raise ValueError(f"index {value} is out of bounds for array with size {total}")
    return tuple(
        _handed_back(_reshaped(table[d, :size], idx_view.shape), stream)
        for d in range(len(dims))
    )
