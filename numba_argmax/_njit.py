"""numba_argmax's public functions inside users' own ``@numba.njit`` code.

``@overload`` only records a typing template, so registering here at
``import numba_argmax`` compiles nothing; an implementation is built and
compiled when a jitted function first calls one of our functions with
given argument types.  The implementations reuse the CPU kernels
(:func:`numba_argmax.cpu._kernels.kernels_for`, :mod:`numba_argmax.cpu._gather`):
one generic body for every dtype.

What is static in nopython mode: ``axis`` may be None, an int or a tuple of
ints (values at run time, the tuple's length at compile time); ``keepdims``
and ``order`` must be compile-time constants (literals).  Supported dtypes:
bool, integers, float32/64, complex64/128, datetime64/timedelta64 (NaT as
in NumPy); float16 is not (Numba has no float16 arrays).  Errors NumPy
raises for values (empty reductions, out-of-bounds indices, bad axes) are
raised as the same exception types from the jitted code; wrong argument
*types* are reported by Numba as a TypingError at compile time.
"""

import numba
import numpy as np
from numba import types
from numba.core import errors
from numba.core.imputils import impl_ret_borrowed
from numba.extending import intrinsic, overload, register_jitable
from numba.np.numpy_support import as_dtype
from numba.np.unsafe.ndarray import to_fixed_tuple
from numpy.exceptions import AxisError

from . import _api, _helpers_api
from ._ops import ARGMAX, ARGMIN, NANARGMAX, NANARGMIN
from .cpu._gather import take_row, unravel_one
from .cpu._kernels import KIND_NAT, KIND_PLAIN, kernels_for

# --- typing-time helpers ------------------------------------------------------


def _is_none(t):
    if t is None or isinstance(t, types.NoneType):
        return True
    return isinstance(t, types.Omitted) and t.value is None


def _static_value(t, default):
    """The compile-time value of a bool/str argument, or None if only known at run time."""
    if isinstance(t, (bool, str)):
        return t
    if t is None or isinstance(t, types.NoneType):
        return default
    if isinstance(t, types.Omitted):
        return t.value if t.value is not None else default
    if isinstance(t, types.Literal):
        return t.literal_value
    return None


def _n_reduced(axis, ndim):
    """How many axes ``axis`` reduces (static), or None for an unsupported type."""
    if _is_none(axis):
        return ndim
    if isinstance(axis, types.Integer):
        return min(1, ndim)
    if isinstance(axis, types.BaseTuple) and all(isinstance(t, types.Integer) for t in axis):
        return len(axis) if ndim else 0
    return None


def _kind(dtype, name):
    """Element kind for the kernels; TypingError for dtypes the kernels cannot read."""
    if isinstance(dtype, (types.NPDatetime, types.NPTimedelta)):
        return KIND_NAT
    if isinstance(dtype, (types.Boolean, types.Integer, types.Complex)) or dtype in (
        types.float32,
        types.float64,
    ):
        return KIND_PLAIN
    raise errors.TypingError(f"numba_argmax.{name}: dtype {dtype} is not supported in njit code")


def _require_array(a, name):
    if not isinstance(a, types.Array):
        raise errors.TypingError(f"numba_argmax.{name}: the first argument must be an array")


def _build(source, namespace, name):
    """Compile generated source (tuples of static length need it) and return ``name``."""
    exec(source, namespace)  # noqa: S102 - source is built here from ints only
    return namespace[name]


# --- jitted building blocks ---------------------------------------------------


def _kernel_view(a):
    """The array as the kernels read it (datetime64/timedelta64 as int64)."""


@overload(_kernel_view)
def _kernel_view_impl(a):
    if isinstance(a.dtype, (types.NPDatetime, types.NPTimedelta)):
        return lambda a: a.view(np.int64)
    return lambda a: a


@intrinsic
def _as_c_layout(typingctx, arr):
    """Re-type a 1-D array whose stride is its itemsize as layout 'C' (no copy).

    ``as_strided`` returns layout 'A' whatever its strides; the kernels
    compiled for the Python-level calls take 1-D C arrays, so an 'A' base
    would compile every kernel a second time.  The array struct is the same
    for both layouts (data, meminfo, shape, strides), so the value is passed
    on as it is, its reference borrowed (the meminfo keeps any copy alive);
    the aligned flag of the type is kept, and a read-only array is typed
    writable (the kernels never write; see ``_reduce.kernel_base``).  The
    caller guarantees the unit stride: a 'C' array is indexed without its
    strides.
    """
    if not (isinstance(arr, types.Array) and arr.ndim == 1):
        return None
    sig = arr.copy(layout="C", readonly=False)(arr)

    def codegen(context, builder, signature, args):
        return impl_ret_borrowed(context, builder, signature.return_type, args[0])

    return sig, codegen


@register_jitable
def _flat_base_3d(v):
    """``(base, so, sn, si)``: a 1-D view over ``v``'s memory and element strides.

    The CPU kernels address their input as one flat array plus element
    strides (see cpu/_kernels.py).  Negative or odd strides: one copy first.
    ``base`` is typed as a C-contiguous 1-D array (its stride is the item
    size), as the Python-level calls pass it, so the kernels' compiled
    signatures are shared with them.
    """
    itemsize = v.itemsize
    s0, s1, s2 = v.strides
    if min(s0, s1, s2) < 0 or s0 % itemsize or s1 % itemsize or s2 % itemsize:
        v = np.ascontiguousarray(v)
        s0, s1, s2 = v.strides
    so, sn, si = s0 // itemsize, s1 // itemsize, s2 // itemsize
    outer, n, inner = v.shape
    span = (outer - 1) * so + (n - 1) * sn + (inner - 1) * si + 1
    base = np.lib.stride_tricks.as_strided(v, (span,), (itemsize,))
    return _as_c_layout(base), so, sn, si


def _axes_array(axis, ndim):
    """``axis`` (None, int, tuple) normalised like NumPy, as an intp array."""


@register_jitable
def _one_axis(ax, ndim):
    bound = max(ndim, 1)
    if ax < -bound or ax >= bound:
        raise AxisError(ax, bound)
    return ax % bound


@overload(_axes_array)
def _axes_array_impl(axis, ndim):
    if _is_none(axis):
        return lambda axis, ndim: np.arange(ndim)
    if isinstance(axis, types.Integer):

        def one(axis, ndim):
            ax = _one_axis(axis, ndim)
            return np.full(1 if ndim else 0, ax, dtype=np.intp)

        return one
    n = len(axis)

    def several(axis, ndim):
        axes = np.empty(n, dtype=np.intp)
        i = 0
        for ax in numba.literal_unroll(axis):
            axes[i] = _one_axis(ax, ndim)
            i += 1
        for i in range(n):
            for j in range(i):
                if axes[i] == axes[j]:
                    raise ValueError("duplicate value in 'axis'")
        return axes if ndim else axes[:0]

    return several if n else (lambda axis, ndim: np.empty(0, dtype=np.intp))


@register_jitable
def _merge(sizes, strides):
    """Merge C-adjacent (size, stride) pairs that address like one axis (size 1 dropped)."""
    n = sizes.shape[0]
    merged_sizes = np.empty(n, dtype=np.intp)
    merged_strides = np.empty(n, dtype=np.intp)
    k = 0
    for d in range(n):
        size = sizes[d]
        if size == 1:
            continue
        if k > 0 and merged_strides[k - 1] == strides[d] * size:
            merged_sizes[k - 1] *= size
            merged_strides[k - 1] = strides[d]
        else:
            merged_sizes[k] = size
            merged_strides[k] = strides[d]
            k += 1
    return k, merged_sizes, merged_strides


_CORES = {}


def _core_for(is_max, skip_nan, kind, ndim, empty_message):
    """A jitted ``core(a, axes) -> (a3, indices2, kept_shape, keepdims_shape)``.

    ``a3`` is an ``(outer, n, inner)`` view of ``a`` (a copy only when the
    reduced or kept axes cannot merge), ``indices2`` its ``(outer, inner)``
    argreduce; both flatten to the kept axes in C order.
    """
    spec = (is_max, skip_nan, kind, ndim, empty_message)
    if spec in _CORES:
        return _CORES[spec]
    kernels = kernels_for(is_max, skip_nan, kind)
    reduce_3d = kernels.reduce_3d

    @register_jitable
    def core(a, axes):
        shape = np.empty(ndim, dtype=np.intp)
        strides = np.empty(ndim, dtype=np.intp)
        for d in range(ndim):
            shape[d] = a.shape[d]
            strides[d] = a.strides[d]
        nred = axes.shape[0]
        reduced = np.zeros(ndim, dtype=np.bool_)
        red_sizes = np.empty(nred, dtype=np.intp)
        red_strides = np.empty(nred, dtype=np.intp)
        n = 1
        for i in range(nred):
            ax = axes[i]
            reduced[ax] = True
            red_sizes[i] = shape[ax]
            red_strides[i] = strides[ax]
            n *= shape[ax]
        if n == 0:
            raise ValueError(empty_message)
        kept_shape = np.empty(ndim - nred, dtype=np.intp)
        kept_strides = np.empty(ndim - nred, dtype=np.intp)
        keepdims_shape = shape.copy()
        perm = np.empty(ndim, dtype=np.intp)
        k = 0
        for d in range(ndim):
            if reduced[d]:
                keepdims_shape[d] = 1
            else:
                kept_shape[k] = shape[d]
                kept_strides[k] = strides[d]
                perm[k] = d
                k += 1
        perm[k:] = axes
        kept_size = 1
        for d in range(k):
            kept_size *= kept_shape[d]
        nr, msizes, mstrides = _merge(red_sizes, red_strides)
        nk, ksizes, kstrides = _merge(kept_shape, kept_strides)
        itemsize = a.itemsize
        if nr <= 1 and nk <= 2:
            outer, outer_stride, inner, inner_stride = 1, 0, 1, 0
            if nk >= 1:
                inner, inner_stride = ksizes[nk - 1], kstrides[nk - 1]
            if nk == 2:
                outer, outer_stride = ksizes[0], kstrides[0]
            red_stride = mstrides[0] if nr == 1 else itemsize
            a3 = np.lib.stride_tricks.as_strided(
                a, (outer, n, inner), (outer_stride, red_stride, inner_stride)
            )
        else:
            # Axes that do not merge: gather kept-then-reduced (one copy).
            moved = np.ascontiguousarray(np.transpose(a, to_fixed_tuple(perm, ndim)))
            outer, inner = kept_size, 1
            a3 = np.lib.stride_tricks.as_strided(
                moved, (kept_size, n, 1), (n * itemsize, itemsize, itemsize)
            )
        indices2 = np.empty((outer, inner), dtype=np.intp)
        # The serial kernel: inside njit code the caller decides about threads
        # (its own prange), and a nested parallel region would oversubscribe.
        if indices2.size:
            base, so, sn, si = _flat_base_3d(_kernel_view(a3))
            # np.intp(): Numba types a call while it still infers the
            # arguments' types, and compiles the kernel for each signature it
            # sees: a literal 0, or ``n`` seen as its first value (literal 1),
            # would each compile the kernel again.  Plain intp arguments and a
            # 1-D C base give the signature the Python-level calls compile.
            reduce_3d(
                base, np.intp(0), np.intp(outer), np.intp(n), np.intp(inner),
                np.intp(so), np.intp(sn), np.intp(si), indices2,
            )  # fmt: skip
        if skip_nan and indices2.size and indices2.min() < 0:
            raise ValueError("All-NaN slice encountered")
        return a3, indices2, kept_shape, keepdims_shape

    _CORES[spec] = core
    return core


def _reduction_parts(a, axis, keepdims, name, is_max, skip_nan, empty_message):
    """Typing-time checks shared by the reductions: (core, static result ndim)."""
    _require_array(a, name)
    kind = _kind(a.dtype, name)
    if not isinstance(a.dtype, (types.Float, types.Complex)):
        skip_nan = False  # integers, bool and NaT: as argmax (NumPy's rule)
    nred = _n_reduced(axis, a.ndim)
    if nred is None:
        raise errors.TypingError(f"numba_argmax.{name}: axis must be None, an int or a tuple")
    result_ndim = a.ndim if keepdims else a.ndim - nred
    core = _core_for(is_max, skip_nan, kind, a.ndim, empty_message) if a.ndim else None
    return core, result_ndim


# --- argmax, argmin, nanargmax, nanargmin --------------------------------------


def _zero_d_reduce(skip_nan):
    @register_jitable
    def check(a):
        x = a[()]
        if skip_nan and x != x:
            raise ValueError("All-NaN slice encountered")
        return np.intp(0)

    return check


def _register_argreduce(func, op):
    empty_message = f"attempt to get {op.base} of an empty sequence"
    out_message = f"output array does not match result of np.{op.base}."

    @overload(func)
    def argreduce_impl(a, axis=None, out=None, keepdims=False):
        keep = _static_value(keepdims, False)
        if keep is None:
            return None  # Numba retries with the literal value
        core, result_ndim = _reduction_parts(
            a, axis, keep, op.name, op.is_max, op.skip_nan, empty_message
        )
        has_out = not _is_none(out)
        if has_out:
            if not isinstance(out, types.Array):
                raise errors.TypingError("output must be an array")
            if not np.can_cast(as_dtype(out.dtype), np.intp, casting="safe"):
                raise errors.TypingError(f"Cannot cast {out.dtype} to intp safely (out)")
        skip_nan = op.skip_nan and isinstance(a.dtype, (types.Float, types.Complex))
        if a.ndim == 0:
            zero_d = _zero_d_reduce(skip_nan)

            def result_of(a, axis, keepdims):
                _axes_array(axis, 0)
                return zero_d(a)
        elif result_ndim == 0:

            def result_of(a, axis, keepdims):
                _, indices2, _, _ = core(a, _axes_array(axis, a.ndim))
                return indices2[0, 0]
        else:

            def result_of(a, axis, keepdims):
                _, indices2, kept_shape, keepdims_shape = core(a, _axes_array(axis, a.ndim))
                shape = keepdims_shape if keepdims else kept_shape
                return indices2.reshape(to_fixed_tuple(shape, result_ndim))

        result_of = register_jitable(result_of)
        if not has_out:
            return lambda a, axis=None, out=None, keepdims=False: result_of(a, axis, keep)
        if out.ndim != result_ndim:

            def wrong_out(a, axis=None, out=None, keepdims=False):
                result_of(a, axis, keep)
                raise ValueError(out_message)

            return wrong_out

        def with_out(a, axis=None, out=None, keepdims=False):
            result = result_of(a, axis, keep)
            if np.shape(result) != out.shape:
                raise ValueError(out_message)
            out[...] = result
            return out

        return with_out


for _func, _op in (
    (_api.argmax, ARGMAX),
    (_api.argmin, ARGMIN),
    (_api.nanargmax, NANARGMAX),
    (_api.nanargmin, NANARGMIN),
):
    _register_argreduce(_func, _op)


# --- max_argmax, min_argmin -------------------------------------------------------


@register_jitable
def _gather_values(a3, indices2):
    values2 = np.empty(indices2.shape, dtype=a3.dtype)
    for o in range(indices2.shape[0]):
        for i in range(indices2.shape[1]):
            values2[o, i] = a3[o, indices2[o, i], i]
    return values2


def _register_with_values(func, is_max):
    name = func.__name__
    extreme = "maximum" if is_max else "minimum"
    empty_message = f"zero-size array to reduction operation {extreme} which has no identity"

    @overload(func)
    def with_values_impl(a, axis=None, keepdims=False):
        keep = _static_value(keepdims, False)
        if keep is None:
            return None
        core, result_ndim = _reduction_parts(a, axis, keep, name, is_max, False, empty_message)
        if a.ndim == 0:

            def zero_d(a, axis=None, keepdims=False):
                _axes_array(axis, 0)
                return a[()], np.intp(0)

            return zero_d
        if result_ndim == 0:

            def scalar(a, axis=None, keepdims=False):
                a3, indices2, _, _ = core(a, _axes_array(axis, a.ndim))
                return a3[0, indices2[0, 0], 0], indices2[0, 0]

            return scalar

        def arrays(a, axis=None, keepdims=False):
            a3, indices2, kept_shape, keepdims_shape = core(a, _axes_array(axis, a.ndim))
            shape = to_fixed_tuple(keepdims_shape if keep else kept_shape, result_ndim)
            return _gather_values(a3, indices2).reshape(shape), indices2.reshape(shape)

        return arrays


_register_with_values(_helpers_api.max_argmax, True)
_register_with_values(_helpers_api.min_argmin, False)


# --- argmax_coords, argmin_coords ---------------------------------------------------


@register_jitable
def _coords_array(a, axes, indices2, kept_shape):
    """(ndim, kept size): reduced axes from the index, kept axes their own position."""
    ndim = a.ndim
    size = indices2.size
    flat = indices2.reshape(size)
    coords = np.empty((ndim, size), dtype=np.intp)
    nred = axes.shape[0]
    red_dims = np.empty(nred, dtype=np.intp)
    reduced = np.zeros(ndim, dtype=np.bool_)
    for i in range(nred):
        red_dims[i] = a.shape[axes[i]]
        reduced[axes[i]] = True
    red_coords = np.empty((nred, size), dtype=np.intp)
    kept_coords = np.empty((kept_shape.shape[0], size), dtype=np.intp)
    for p in range(size):
        unravel_one(flat[p], red_dims, red_coords, p, False)
        unravel_one(p, kept_shape, kept_coords, p, False)
    k = 0
    for d in range(ndim):
        if reduced[d]:
            # axes are in the caller's order, coordinates go to their own axis
            for j in range(nred):
                if axes[j] == d:
                    coords[d] = red_coords[j]
        else:
            coords[d] = kept_coords[k]
            k += 1
    return coords


def _register_coords(func, is_max):
    name = func.__name__

    @overload(func)
    def coords_impl(a, axis=None):
        core, result_ndim = _reduction_parts(
            a, axis, False, name, is_max, False, "attempt to get argmax of an empty sequence"
        )
        ndim = a.ndim
        if ndim == 0:

            def zero_d(a, axis=None):
                _axes_array(axis, 0)
                return ()

            return zero_d
        if _is_none(axis):

            def scalars(a, axis=None):
                _, indices2, _, _ = core(a, _axes_array(axis, ndim))
                dims = np.empty(ndim, dtype=np.intp)
                for d in range(ndim):
                    dims[d] = a.shape[d]
                coords = np.empty((ndim, 1), dtype=np.intp)
                unravel_one(indices2[0, 0], dims, coords, 0, False)
                return to_fixed_tuple(coords[:, 0].copy(), ndim)

            return scalars
        items = ", ".join(f"coords[{d}].reshape(shape)" for d in range(ndim))
        source = (
            "def arrays(a, axis=None):\n"
            "    axes = _axes_array(axis, a.ndim)\n"
            "    _, indices2, kept_shape, _ = core(a, axes)\n"
            "    coords = _coords_array(a, axes, indices2, kept_shape)\n"
            f"    shape = to_fixed_tuple(kept_shape, {result_ndim})\n"
            f"    return ({items},)\n"
        )
        namespace = {
            "_axes_array": _axes_array,
            "core": core,
            "_coords_array": _coords_array,
            "to_fixed_tuple": to_fixed_tuple,
        }
        return _build(source, namespace, "arrays")


_register_coords(_helpers_api.argmax_coords, True)
_register_coords(_helpers_api.argmin_coords, False)


# --- unravel_index --------------------------------------------------------------


@register_jitable
def _unravel_checked(flat, dims, f_order):
    size = 1
    for d in range(dims.shape[0]):
        size *= dims[d]
    coords = np.empty((dims.shape[0], flat.shape[0]), dtype=np.intp)
    for p in range(flat.shape[0]):
        v = np.intp(flat[p])
        if v < 0 or v >= size:
            raise ValueError(
                "index " + str(v) + " is out of bounds for array with size " + str(size)
            )
        unravel_one(v, dims, coords, p, f_order)
    return coords


@overload(_helpers_api.unravel_index)
def _unravel_index_impl(indices, shape, order="C"):
    order_value = _static_value(order, "C")
    if order_value is None:
        return None
    if order_value not in ("C", "c", "F", "f"):
        raise errors.TypingError("only 'C' or 'F' order is permitted")
    f_order = order_value in ("F", "f")
    if isinstance(shape, types.Integer):
        nd = 1
    elif isinstance(shape, types.BaseTuple) and all(isinstance(t, types.Integer) for t in shape):
        nd = len(shape)
    else:
        raise errors.TypingError("unravel_index: shape must be an int or a tuple of ints")
    if nd == 0:
        raise errors.TypingError("unravel_index: shape () is not supported in njit code")
    namespace = {
        "np": np,
        "_unravel_checked": _unravel_checked,
        "to_fixed_tuple": to_fixed_tuple,
        "literal_unroll": numba.literal_unroll,
    }
    dims_source = (
        f"    dims = np.empty({nd}, dtype=np.intp)\n"
        "    i = 0\n"
        "    for d in literal_unroll(shape if isinstance_tuple else (shape,)):\n"
        "        dims[i] = d\n"
        "        i += 1\n"
    ).replace(
        "shape if isinstance_tuple else (shape,)",
        "shape" if isinstance(shape, types.BaseTuple) else "(shape,)",
    )
    if isinstance(indices, (types.Integer, types.Boolean)):
        source = (
            "def impl(indices, shape, order='C'):\n"
            + dims_source
            + "    flat = np.full(1, indices, dtype=np.intp)\n"
            f"    coords = _unravel_checked(flat, dims, {f_order})\n"
            f"    return to_fixed_tuple(coords[:, 0].copy(), {nd})\n"
        )
    elif isinstance(indices, types.Array) and isinstance(
        indices.dtype, (types.Integer, types.Boolean)
    ):
        items = ", ".join(f"coords[{d}].reshape(indices.shape)" for d in range(nd))
        source = (
            "def impl(indices, shape, order='C'):\n"
            + dims_source
            + "    flat = np.ravel(indices)\n"
            f"    coords = _unravel_checked(flat, dims, {f_order})\n"
            f"    return ({items},)\n"
        )
    else:
        raise errors.TypingError("only int indices permitted")
    return _build(source, namespace, "impl")


# --- take_along_axis -------------------------------------------------------------


@register_jitable
def _take_checked(src, idx, dst):
    if take_row(src, idx, dst):
        raise IndexError("index out of bounds in take_along_axis")


@overload(_helpers_api.take_along_axis)
def _take_along_axis_impl(arr, indices, axis=-1):
    _require_array(arr, "take_along_axis")
    if not isinstance(indices, types.Array):
        raise errors.TypingError("take_along_axis: indices must be an array")
    if not isinstance(indices.dtype, types.Integer):

        def not_integer(arr, indices, axis=-1):
            raise IndexError("`indices` must be an integer array")

        return not_integer
    if _is_none(axis):
        if indices.ndim != 1:

            def not_1d(arr, indices, axis=-1):
                raise ValueError("when axis=None, `indices` must have a single dimension.")

            return not_1d

        def flattened(arr, indices, axis=-1):
            src = np.ravel(arr)
            out = np.empty(indices.shape[0], dtype=arr.dtype)
            _take_checked(src, indices, out)
            return out

        return flattened
    if not isinstance(axis, (types.Integer, int)) or isinstance(axis, bool):
        raise errors.TypingError("take_along_axis: axis must be an int or None")
    ndim = arr.ndim
    if ndim == 0 or indices.ndim != ndim:

        def bad_ndim(arr, indices, axis=-1):
            if ndim == 0:
                raise AxisError(axis, 0)
            raise ValueError("`indices` and `arr` must have the same number of dimensions")

        return bad_ndim

    lead_ndim = ndim - 1  # a constant for to_fixed_tuple

    def along(arr, indices, axis=-1):
        ax = _one_axis(axis, ndim)
        shape = np.empty(ndim, dtype=np.intp)
        src_shape = np.empty(ndim, dtype=np.intp)
        src_strides = np.empty(ndim, dtype=np.intp)
        idx_strides = np.empty(ndim, dtype=np.intp)
        perm = np.empty(ndim, dtype=np.intp)
        for d in range(ndim):
            n_arr, n_idx = arr.shape[d], indices.shape[d]
            src_shape[d], src_strides[d], idx_strides[d] = n_arr, arr.strides[d], indices.strides[d]
            perm[d] = d if d < ax else d + 1
            if d == ax:
                shape[d] = n_idx
                continue
            if n_arr == n_idx or n_idx == 1:
                shape[d] = n_arr
                if n_idx == 1:
                    idx_strides[d] = 0
            elif n_arr == 1:
                shape[d] = n_idx
                src_strides[d] = 0
            else:
                raise IndexError(
                    "shape mismatch: indexing arrays could not be broadcast together"
                )
            src_shape[d] = shape[d]
        perm[ndim - 1] = ax
        out = np.empty(to_fixed_tuple(shape, ndim), dtype=arr.dtype)
        if out.size == 0:
            return out
        perm_t = to_fixed_tuple(perm, ndim)
        src = np.transpose(
            np.lib.stride_tricks.as_strided(
                arr, to_fixed_tuple(src_shape, ndim), to_fixed_tuple(src_strides, ndim)
            ),
            perm_t,
        )
        idx = np.transpose(
            np.lib.stride_tricks.as_strided(
                indices, to_fixed_tuple(shape, ndim), to_fixed_tuple(idx_strides, ndim)
            ),
            perm_t,
        )
        dst = np.transpose(out, perm_t)
        lead = np.empty(lead_ndim, dtype=np.intp)
        for d in range(lead_ndim):
            lead[d] = dst.shape[d]
        for pos in np.ndindex(to_fixed_tuple(lead, lead_ndim)):
            _take_checked(src[pos], idx[pos], dst[pos])
        return out

    if ndim == 1:

        def one_d(arr, indices, axis=-1):
            _one_axis(axis, 1)
            out = np.empty(indices.shape[0], dtype=arr.dtype)
            _take_checked(arr, indices, out)
            return out

        return one_d
    return along
