"""Elementwise CUDA kernels around the reductions: copies, gathers, coordinates.

One thread per output element, numbered in C order; shapes and strides
travel as int64 tuples (one compile per ndim), strides in elements and 0
for a broadcast dimension.  Elements are moved as unsigned integers of
their size (complex as complex), so one kernel serves every dtype bit for
bit.  Range errors are reported through a small device array holding the
first offending thread (``cuda.atomic.min``), which the host reads.
"""

import numpy as np
from numba import cuda

from ._kernels import device_function

NO_ERROR = np.int64(np.iinfo(np.int64).max)


@device_function
def thread_index():
    return np.int64(cuda.blockIdx.x) * np.int64(cuda.blockDim.x) + np.int64(cuda.threadIdx.x)


@device_function
def strided_position(p, shape, strides, offset):
    # Position in a flat buffer of the C-order element p of a strided array.
    pos = offset
    for d in range(len(shape) - 1, -1, -1):
        n = shape[d]
        q = p // n
        pos += (p - q * n) * strides[d]
        p = q
    return pos


@cuda.jit
def gather_kernel(src, src_offset, src_strides, shape, dst, size):
    """``dst[p] = src[element p of the strided array]`` (to a C-order copy)."""
    p = thread_index()
    if p < size:
        dst[p] = src[strided_position(p, shape, src_strides, src_offset)]


@cuda.jit
def scatter_kernel(src, dst, dst_offset, dst_strides, shape, size):
    """``element p of the strided dst = src[p]``, cast to dst's dtype (C cast)."""
    p = thread_index()
    if p < size:
        dst[strided_position(p, shape, dst_strides, dst_offset)] = src[p]


@cuda.jit
def take_kernel(
    arr, arr_offset, arr_strides, axis_len, axis_stride,
    idx, idx_offset, idx_strides, shape, out, size, error,
):
    """``out[p] = arr[..., idx[...], ...]`` for take_along_axis (broadcast strides)."""
    p = thread_index()
    if p < size:
        j = np.int64(idx[strided_position(p, shape, idx_strides, idx_offset)])
        if j < 0:
            j += axis_len
        if j < 0 or j >= axis_len:
            cuda.atomic.min(error, 0, p)
            j = 0
        out[p] = arr[strided_position(p, shape, arr_strides, arr_offset) + j * axis_stride]


@cuda.jit
def unravel_kernel(idx, idx_offset, idx_strides, idx_shape, dims, out, size, total, error):
    """``out[:, p]`` = coordinates of flat index idx[p] in an array of shape ``dims``."""
    p = thread_index()
    if p < size:
        v = np.int64(idx[strided_position(p, idx_shape, idx_strides, idx_offset)])
        if v < 0 or v >= total:
            cuda.atomic.min(error, 0, p)
            v = 0
        for d in range(len(dims) - 1, -1, -1):
            n = dims[d]
            q = v // n
            out[d, p] = v - q * n
            v = q


@cuda.jit
def unravel_f_kernel(idx, idx_offset, idx_strides, idx_shape, dims, out, size, total, error):
    """As :func:`unravel_kernel` for Fortran order (first dimension fastest)."""
    p = thread_index()
    if p < size:
        v = np.int64(idx[strided_position(p, idx_shape, idx_strides, idx_offset)])
        if v < 0 or v >= total:
            cuda.atomic.min(error, 0, p)
            v = 0
        for d in range(len(dims)):
            n = dims[d]
            q = v // n
            out[d, p] = v - q * n
            v = q


@cuda.jit
def coords_kernel(result, kept_shape, kept_axes, reduced_shape, reduced_axes, out, size):
    """Full coordinates in the input of each reduction's winner.

    ``result[p]`` indexes the reduced axes flattened in C order (in the order
    given); ``p`` numbers the kept axes in C order.  ``out[axis, p]`` gets the
    coordinate along each input axis (padding axes write to the spare row).
    """
    p = thread_index()
    if p < size:
        q = p
        for d in range(len(kept_shape) - 1, -1, -1):
            n = kept_shape[d]
            r = q // n
            out[kept_axes[d], p] = q - r * n
            q = r
        v = result[p]
        for d in range(len(reduced_shape) - 1, -1, -1):
            n = reduced_shape[d]
            r = v // n
            out[reduced_axes[d], p] = v - r * n
            v = r


@cuda.jit
def values_kernel(
    src, offset, kept_shape, kept_strides, reduced_shape, reduced_strides, result, out, size
):
    """``out[p]`` = the input element ``result[p]`` points at (max_argmax's values)."""
    p = thread_index()
    if p < size:
        pos = strided_position(p, kept_shape, kept_strides, offset)
        out[p] = src[strided_position(result[p], reduced_shape, reduced_strides, pos)]
