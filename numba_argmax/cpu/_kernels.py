"""Generic Numba kernels for argmax, argmin, nanargmax and nanargmin.

One kernel body serves every dtype, shape and layout.  The driver
(:mod:`numba_argmax.cpu._reduce`) hands the kernels the input's memory as a
flat, C-contiguous 1-D ``base`` array plus an element offset and element
strides of a 3-D view ``(outer, n, inner)``; the middle axis is reduced into
an ``(outer, inner)`` intp array.  Because ``base`` is always 1-D C, each
kernel compiles once per dtype (never per ndim or layout), and contiguous
rows are C-typed slices that LLVM vectorises.

What differs between operations is fixed when the kernels are *built*
(:func:`kernels_for`), not tested per element: the comparison (``>`` or
``<``; lexicographic for complex), the NaN test and the *key* of an element.
Keys turn every element kind into something a plain max/min reduction
handles: float16 bits become order-preserving int16, NaN of float16 becomes a
key beyond every number, NaT for argmax becomes INT64_MAX, and for the
nan-variants NaN becomes -inf (+inf), exactly NumPy's replace-then-argmax.

Scan shapes:

* lanes (a contiguous row up to ``LANES_MAX_ROW``, plain kinds): one pass
  keeping vectors of best values and positions (:mod:`._lanes`); a reversed
  row runs its last-occurrence variant forwards over its memory; a row with
  a step of 2-7 elements (either sign, at most ``STRIDED_LANES_MAX_BYTES``
  apart) runs its strided variant over whole vectors of its memory; bytes
  at steps 2-4 are shuffled ``GATHER_CHUNK`` elements at a time into an
  L1-sized buffer for it.
* far (a strided row the lanes do not read, ints and floats): one scalar
  load per element, ``FAR_UNROLL`` at a time searched for one that beats
  the best so far; no copy (NumPy copies such a row first).

* blocked (a row): a vectorised max of each block of keys (the first
  ``FIRST_BLOCK`` long, each next one as long as all before it up to
  ``BLOCK``), a
  strict comparison across blocks (the first occurrence wins), then one
  rescan of the winning block for the index.  A block whose max cannot be
  beaten (a NaN, the dtype's top value) ends the scan early; so does a NaN
  for the lanes of argmax/argmin (checked every ``NAN_EXIT_VECTORS``
  vectors).
* sweep (the reduced axis is outside a contiguous kept axis): rows are
  swept keeping a vector of best keys and indices per column tile.
* exact (scalar): the reference loop, used when a key is ambiguous (a real
  INT64_MAX next to NaT, a nan-variant whose best is the NaN fill value).

Semantics (NumPy's): first occurrence wins; argmax/argmin return the first
NaN (NaT); nanargmax/nanargmin treat NaN as -inf (+inf; complex ``-inf+0j``)
and report -1 for a slice without a valid value, so the caller can raise
"All-NaN slice".  Each built function gets its own name, so ``cache=True``
stores it on disk and a new process loads it instead of compiling again.
"""

from types import FunctionType

import numpy as np
from llvmlite import ir
from numba import njit, prange, types
from numba.core import cgutils
from numba.core.imputils import impl_ret_borrowed
from numba.extending import intrinsic, overload

from .._jit import jit_cached
from ._lanes import (
    NAN_LEAD_BYTES,
    STRIDED_LANES_MAX_BYTES,
    STRIDED_LANES_STEPS,
    VECTOR_BYTES,
    copy_strided,
    first_equal,
    first_nan_of_lead,
    lanes_float16,
    lanes_max,
    lanes_max_last_or_skip,
    lanes_max_nan_exit_or_skip,
    lanes_max_or_skip,
    lanes_max_short,
    lanes_min,
    lanes_min_last_or_skip,
    lanes_min_nan_exit_or_skip,
    lanes_min_or_skip,
    lanes_min_short,
    load_one,
    load_relaxed,
    make_sweep_rows,
    prefetch,
    store_relaxed,
    strided_lanes_max_or_skip,
    strided_lanes_min_or_skip,
)

#: The kernels' helpers that are compiled on their own (not inlined into
#: Numba's IR): only jitted code calls them, so they need neither the
#: wrapper that lets Python call them nor a C one; without both, a kernel
#: set compiles ~5% faster (LLVM optimises and emits less per helper).
njit_helper = njit(no_cpython_wrapper=True, no_cfunc_wrapper=True)

#: How array elements are read: as they are, float16 bits, datetime ints, bool bytes.
KIND_PLAIN, KIND_FLOAT16, KIND_NAT, KIND_BOOL = 0, 1, 2, 3

_INT64_MIN = np.iinfo(np.int64).min
_INT64_MAX = np.iinfo(np.int64).max
_INT16_MAX = np.iinfo(np.int16).max
_INT16_MIN = np.iinfo(np.int16).min
_F16_INF_BITS = 0x7C00

#: Elements per block of the blocked scan (fits L1/L2 for the rescan).
BLOCK = 16384
#: ...the first of a row FIRST_BLOCK, each next one as long as all before
#: it up to BLOCK (BLOCK a multiple of FIRST_BLOCK by a power of two).
FIRST_BLOCK = 1024
#: ...except argmax/argmin of floats: blocks of this many elements, from
#: the row's start up to it growing as above, so a NaN ends the scan within
#: a block of this size (a NaN 20000 into 1e5 float64 read a whole block of
#: BLOCK past it: 0.83x NumPy).
NAN_EXIT_BLOCK = 4096
#: Rows up to this length take the scalar loop (no block set-up).
SHORT_ROW = 32
#: Contiguous rows up to this length take the one-pass lanes scan (plain
#: kinds; of 4 and 8 bytes its block scan, the others stop earlier, see
#: below): one read instead of the blocked scan's max + rescan.  1-D in
#: cache, NumPy / ours, 70K-500K elements, the blocked scan -> the block
#: scan: float32 1.02-1.16x -> 1.29-1.64x, float64 1.00-1.40x ->
#: 1.27-1.60x; int32/int64 1.06-1.42x either way.
LANES_MAX_ROW = 1 << 20
#: 1-byte rows longer than this take the blocked scan: a vector max runs at
#: cache bandwidth (64 lanes, int32 positions would need four vectors) and a
#: block holding the dtype's top value ends the scan (NumPy reads on).
BYTE_LANES_MAX_ROW = 256
#: Reversed rows take it at any length its int32 positions reach (the
#: blocked scan would read them through a negative stride).
LANES_MAX_REVERSED = 1 << 30
#: Rows of at least NAN_PREFIX_MIN_ROW elements check their first NAN_PREFIX
#: for NaN before scanning (argmax of data with NaN returns in ~1 us).
NAN_PREFIX = 64
NAN_PREFIX_MIN_ROW = 4096
#: Float rows holding a NaN are answered by their first NaN one after
#: another before any thread starts (see nan_rows_lead), up to the first
#: NaN-free row, while the rows whose first NaN lies past their first
#: NAN_PREFIX elements ("misses", searched whole) stay under NAN_LEAD_MISSES
#: plus one for every NAN_LEAD_HITS_PER_MISS others.  The first row's NaN
#: must lie in its first NAN_PREFIX elements.
NAN_LEAD_MISSES = 2
NAN_LEAD_HITS_PER_MISS = 3
#: The lead of the row this many rows ahead is prefetched (3000 rows of
#: 1000 float64, 10% NaN: 20.0 -> 16.5 us when NumPy just read them, 82 ->
#: 72 us from memory).
NAN_LEAD_AHEAD = 8
#: 1-byte elements of a strided row shuffled at a time into an L1-sized
#: buffer for the lanes scan (bytes at steps 2-4, see scan_gathered).
GATHER_CHUNK = 2048
#: Elements per chunk of a strided row read in place (see scan_gathered).
STRIDED_CHUNK = 16384
STRIDED_LANES_MAX = max(STRIDED_LANES_STEPS)
#: Shorter strided rows take scan_far: the lanes' set-up and final merge
#: cost more than the row (rows of 50 of x[:, :, ::2] float64: 54 -> 40 ns
#: a row; at 100 the lanes were still faster).
STRIDED_LANES_MIN_ROW = 64
#: Strided rows of at least this many bytes of elements, at the steps the
#: strided lanes read, are scanned by them in place (see strided_lanes_rows).
STRIDED_ROWS_MIN_BYTES = 256
#: Elements scan_far tests per search step before taking any one by one.
FAR_UNROLL = 8
#: Bytes of keys made at a time for the lanes scan (float16, datetime): in L1,
#: and few enough chunks that their set-up is not felt on rows of 1e4.
KEY_CHUNK = 16384
#: float16 elements per lanes scan of keys made in registers (int16 positions).
FUSED_CHUNK = (1 << 15) - 64
#: 2-byte int elements per lanes scan with int16 positions (one vector of
#: positions per vector of values, not two): rows of any length, in pieces
#: of this many merged in order (65408 bytes: each piece starts where the
#: one before it did, relative to a cache line).  Measured, ns an element,
#: 300 KB of int16 rows, int32 positions / int16 positions / NumPy's
#: method: rows of 1024 0.051 / 0.034 / 0.063, 4096 0.037 / 0.026 /
#: 0.031, 32000 0.028 / 0.018 / 0.019 (the blocked scan: 0.023 at 131072).
SHORT_LANES_PIECE = (1 << 15) - 64
#: Length of the sweeps' best/index buffers at least: the register sweep
#: writes whole vectors (up to 2 x 64 bytes of 1-byte elements).
SWEEP_BUFFER = 128
#: A part is read in pieces of this many bytes of elements, a thread leaving
#: its part at the next piece once another found a NaN (or the top value)
#: before it.  (Pieces of 16K int8 elements, each its own blocked scan: 1e6
#: int8 1.2x NumPy -> 1.0x.)
PARALLEL_PIECE_BYTES = 1 << 18
#: The first parts are this many single pieces (see _row_parallel_body),
#: each read in pieces growing from LEAD_FIRST_PIECE elements.
HEAD_PARTS = 8
#: A lead scanned on one thread (nchunks 0) is read in pieces growing from
#: LEAD_FIRST_PIECE to LEAD_PIECE elements, stopping after one holding a NaN
#: (contiguous pieces stop within it too: see _lanes.NAN_EXIT_VECTORS).
LEAD_PIECE = 1 << 16
LEAD_FIRST_PIECE = 1 << 12
#: Reduced axes of at most SHORT_ROW elements, at most this many columns
#: wide, are scanned column by column, not swept.
NARROW_SWEEP_MAX = 8
#: Rows running backwards in memory (axis=0 of ``x[::-1]``) are swept by a
#: scalar loop, the last row first (the register sweep reads ascending rows
#: only): tiles up to this many bytes and REVERSED_COLUMNS_MAX columns wide
#: are scanned column by column instead, each a strided row.  Measured, (rows,
#: columns)[::-1], axis=0, swept / by columns / NumPy (us): (100000, 4)
#: float32 618 / 68 / 118, float64 668 / 126 / 188; (100000, 8) float32 632 /
#: 243 / 308; (10000, 16) float32 70 / 42 / 58, float64 81 / 92 / 122, int16
#: 44 / 42 / 46; (10000, 32) int16 51 / 102 / 111.
REVERSED_COLUMNS_MAX_BYTES = 64
REVERSED_COLUMNS_MAX = 16
#: Tiles of up to NARROW_ROWS_COLUMNS columns (rows going forwards) are
#: scanned column by column when shorter than NARROW_ROWS_MAX rows, or
#: NARROWEST_ROWS_MAX for tiles of 2-3 columns: a sweep's set-up per tile
#: (and a folded sweep's merge) costs more.  Measured, (300, n, w) axis=1,
#: swept / by columns / NumPy (us): n=128 w=2 int8 104 / 54 / 66, float32
#: 47 / 23 / 29; w=4 int8 84 / 106 / 130, float64 52 / 57 / 69; n=512 w=2
#: float32 62 / 44 / 109; n=1024 w=3 float64 153 / 206 / 413; (1000, 40,
#: 2) float64 177 / 41 / 40; but n=100 w=7 int16 72 / 163 / 241, w=15
#: float32 69 / 361 / 319.
NARROW_ROWS_COLUMNS = 4
NARROW_ROWS_MAX = 128
NARROWEST_ROWS_MAX = 768
#: Rows narrower than one vector that follow each other in memory (axis=0
#: of a C-contiguous (100000, 4) int8) are swept folded: FOLD_WIDTH_BYTES
#: of rows at a time as one row (see sweep_block), from FOLD_MIN_ROWS rows
#: (at least FOLD_WIDTH_BYTES // 2: a fold must fit in the rows).  Swept
#: one by one, each row took a whole vector step for its few bytes:
#: (100000, 4) int8 116 us (NumPy 112), (100000, 2) int8 114 us (NumPy 56);
#: folded 5-9 us.  Measured, NumPy / ours for (~200000 / (n*w), n, w)
#: axis=1 at n = 128, 200, 300, 511, swept one by one -> folded: w=4 int8
#: 1.65-1.83 -> 1.73-4.10, int16 1.72-2.25 -> 1.90-3.82, float32 1.10-1.47
#: -> 1.24-2.12, float64 1.26-1.98 -> 1.55-2.66; w=8 int8 2.90-3.54 ->
#: 3.23-6.39, float32 1.92-2.55 -> 2.13-3.22; at n = 64-100 folding lost
#: (w=8 int8 2.65-3.00 -> 1.24-2.61).
#: Rows of FOLD_WIDE_ROW_BYTES and more (still narrower than a vector) fold
#: from half as many rows, and tiles of 4 such columns are not scanned
#: column by column from there: (k, n, 4) float64 axis=1 at n = 64, 100,
#: by columns 0.85x, 0.77x NumPy, folded 1.01x, 1.33x.
FOLD_WIDTH_BYTES = 128
FOLD_MIN_ROWS = 128
FOLD_WIDE_ROW_BYTES = 32
#: Views reduced whole (axis=None) with lines of fewer bytes than this are
#: copied, whole lines at a time, into a buffer of LINE_BUFFER_BYTES and
#: scanned there.
LINE_BUFFER_MAX_BYTES = 2048
LINE_BUFFER_BYTES = 16384
#: Columns per tile when sweeping rows (best keys + indices stay in L1/L2).
SWEEP_TILE = 2048
#: Many strided rows longer than SHORT_ROW and up to TRANSPOSE_MAX_ROW are
#: copied, up to TRANSPOSE_MAX_ROWS rows at a time, into a buffer of
#: TRANSPOSE_BUFFER_BYTES as its columns, then swept like axis=0 (see
#: sweep_rows_transposed); at least TRANSPOSE_MIN_ROWS rows.
TRANSPOSE_MAX_ROW = 64
TRANSPOSE_MAX_ROWS = 256
TRANSPOSE_MIN_ROWS = 16
TRANSPOSE_BUFFER_BYTES = 65536
#: Rows of 4- and 8-byte ints and floats whose elements are at least 3
#: apart, of COPIED_ROW_MIN to COPIED_ROW_MAX elements, are copied one at a
#: time into a buffer and scanned there by the lanes (see scan_copied_rows),
#: but 4-byte ones at step 3 only from COPIED_ROW_MIN_STEP3 (shorter, the
#: transposed sweep measured 1.5-2.2x NumPy, copied 1.1-1.5x).
COPIED_ROW_MIN = 48
COPIED_ROW_MIN_STEP3 = 100
COPIED_ROW_MAX = 2048
CACHE_LINE = 64


@njit(inline="always")
def _rows_per_fold(n, sn, w, itemsize):
    # How many of the n rows (sn apart) of a tile w wide are swept as one
    # folded row: 1 (none) unless the rows follow each other and are
    # narrower than a vector.
    if sn != w or w < 2 or w * itemsize >= VECTOR_BYTES:
        return 1
    if n < (FOLD_MIN_ROWS // 2 if w * itemsize >= FOLD_WIDE_ROW_BYTES else FOLD_MIN_ROWS):
        return 1
    return FOLD_WIDTH_BYTES // itemsize // w


def folds(n, sn, w, itemsize):
    """Whether ``n`` rows ``sn`` elements apart of a tile ``w`` wide are swept
    folded, several rows as one (the kernels decide the same, see sweep_block)."""
    return _rows_per_fold.py_func(n, sn, w, itemsize) > 1


@njit(inline="always")
def _narrow_columns(n, sn, inner, itemsize):
    if n <= SHORT_ROW and inner <= NARROW_SWEEP_MAX:
        return True
    if sn < 0:
        return inner <= REVERSED_COLUMNS_MAX and inner * itemsize <= REVERSED_COLUMNS_MAX_BYTES
    if inner > NARROW_ROWS_COLUMNS:
        return False
    if inner * itemsize >= FOLD_WIDE_ROW_BYTES and itemsize <= 8:
        # float64 tiles of 4: folded from 64 rows (complex128 tiles of 2
        # kept their columns: (1000, 80, 2) axis=1 138 us by columns, 362 folded).
        return n < FOLD_MIN_ROWS // 2
    return n < (NARROWEST_ROWS_MAX if inner <= 3 else NARROW_ROWS_MAX)


def narrow_columns(n, sn, inner, itemsize):
    """Whether columns of ``n`` elements ``sn`` apart, ``inner`` wide, are
    scanned one by one rather than swept (the kernels decide the same, see
    _reduce_3d_body): short ones in narrow tiles (a sweep's set-up per tile
    costs more), narrow tiles of rows running backwards, and tiles of a few
    columns up to NARROW_ROWS_MAX rows."""
    return _narrow_columns.py_func(n, sn, inner, itemsize)


# --- vectorisable float max/min ------------------------------------------------


@intrinsic
def _strided_span(typingctx, view):
    """``(span, first, step)`` of a 1-D array whose stride is a whole number of
    elements: a C-contiguous array over its memory from the lowest address
    (no copy; it borrows the view's memory), the position of ``view[0]`` in
    it and the stride in elements; ``view[j]`` is ``span[first + j*step]``.

    Python hands a strided 1-D view over as it is, for the kernels to read
    through the span, instead of building the span as an ndarray
    (``as_strided``: 2 us, a third of a 1e4-element argmax).
    """
    if not (isinstance(view, types.Array) and view.ndim == 1):
        return None
    span_type = view.copy(layout="C", readonly=False)
    sig = types.Tuple((span_type, types.intp, types.intp))(view)

    def codegen(context, builder, signature, args):
        array = context.make_array(signature.args[0])(context, builder, args[0])
        intp = context.get_value_type(types.intp)
        zero, one = ir.Constant(intp, 0), ir.Constant(intp, 1)
        itemsize = array.itemsize
        n = builder.extract_value(array.shape, 0)
        step = builder.sdiv(builder.extract_value(array.strides, 0), itemsize)
        backwards = builder.icmp_signed("<", step, zero)
        last = builder.select(builder.icmp_signed(">", n, zero), builder.sub(n, one), zero)
        low = builder.gep(array.data, [builder.select(backwards, builder.mul(step, last), zero)])
        size = builder.add(builder.mul(builder.select(backwards, builder.neg(step), step), last),
                           one)
        span = context.make_array(span_type)(context, builder)
        context.populate_array(span, data=low, shape=cgutils.pack_array(builder, [size]),
                               strides=cgutils.pack_array(builder, [itemsize]),
                               itemsize=itemsize, meminfo=array.meminfo, parent=array.parent)
        first = builder.select(backwards, builder.sub(size, one), zero)
        result = context.make_tuple(builder, signature.return_type,
                                    [span._getvalue(), first, step])
        return impl_ret_borrowed(context, builder, signature.return_type, result)

    return sig, codegen


@intrinsic
def _borrowed(typingctx, array):
    """``array`` without its reference count: the same memory, no owner.

    The kernels' per-row helpers are inlined into row loops, and Numba
    takes and drops a reference to ``base`` around each inlined call it
    cannot prove needs none: two atomic operations a row, 10 ns of a row of
    4 float64 that takes 1.5 ns to scan.  A null owner makes them no-ops.
    The caller's array keeps the memory alive for the whole kernel call,
    and nothing a kernel returns holds on to it.
    """
    if not isinstance(array, types.Array):
        return None

    def codegen(context, builder, signature, args):
        source = context.make_array(signature.args[0])(context, builder, args[0])
        view = context.make_array(signature.return_type)(context, builder)
        null = ir.Constant(source.meminfo.type, None)
        context.populate_array(view, data=source.data, shape=source.shape,
                               strides=source.strides, itemsize=source.itemsize,
                               meminfo=null, parent=ir.Constant(source.parent.type, None))
        return view._getvalue()

    return array(array), codegen


def _span_codegen(span_type, strides_type, ndim, owned):
    """Codegen of ``(span, first, strides)`` for :func:`_view_span` (``owned``
    False: no owner) and :func:`_owned_span` (the view's owner)."""

    def codegen(context, builder, signature, args):
        array = context.make_array(signature.args[0])(context, builder, args[0])
        intp = context.get_value_type(types.intp)
        zero, one = ir.Constant(intp, 0), ir.Constant(intp, 1)
        itemsize = array.itemsize
        shape = cgutils.unpack_tuple(builder, array.shape, ndim)
        strides = cgutils.unpack_tuple(builder, array.strides, ndim)
        first, size, steps = zero, one, []
        for n, stride in zip(shape, strides):
            step = builder.sdiv(stride, itemsize)
            last = builder.select(builder.icmp_signed(">", n, zero), builder.sub(n, one), zero)
            reach = builder.mul(step, last)
            backwards = builder.icmp_signed("<", step, zero)
            first = builder.select(backwards, builder.sub(first, reach), first)
            size = builder.add(size, builder.select(backwards, builder.neg(reach), reach))
            steps.append(step)
        low = builder.gep(array.data, [builder.neg(first)])
        span = context.make_array(span_type)(context, builder)
        meminfo = array.meminfo if owned else ir.Constant(array.meminfo.type, None)
        context.populate_array(span, data=low, shape=cgutils.pack_array(builder, [size]),
                               strides=cgutils.pack_array(builder, [itemsize]),
                               itemsize=itemsize, meminfo=meminfo,
                               parent=ir.Constant(array.parent.type, None))
        step_tuple = context.make_tuple(builder, strides_type, steps)
        result = context.make_tuple(builder, signature.return_type,
                                    [span._getvalue(), first, step_tuple])
        if owned:  # the span holds a reference to the view's memory
            return impl_ret_borrowed(context, builder, signature.return_type, result)
        return result

    return codegen


def _span_intrinsic(name, owned):
    def impl(typingctx, view):
        if not isinstance(view, types.Array):
            return None
        span_type = types.Array(view.dtype, 1, "C")
        strides_type = types.UniTuple(types.intp, view.ndim)
        sig = types.Tuple((span_type, types.intp, strides_type))(view)
        return sig, _span_codegen(span_type, strides_type, view.ndim, owned)

    impl.__name__ = impl.__qualname__ = name
    return impl


#: ``(span, first, strides)`` of an N-d array whose strides are whole
#: numbers of elements: a C-contiguous 1-D array over its memory from the
#: lowest address, without an owner (see :func:`_borrowed`), the position
#: of ``view[0, ..., 0]`` in it and the element strides.
_view_span = intrinsic(_span_intrinsic("_view_span", owned=False))
#: The same, holding a reference to the view's memory: safe to return to Python.
_owned_span = intrinsic(_span_intrinsic("_owned_span", owned=True))


def _memory_span_body(view):
    # (span, first, element strides) of view's memory; first is -1 when a
    # stride is not a whole number of elements (the span is then unusable).
    whole = True
    for stride in view.strides:
        whole &= stride % view.itemsize == 0
    span, first, strides = _owned_span(view)
    return span, first if whole else -1, strides


#: The memory of a non-contiguous view as the kernels address it, for
#: Python: ``(span, first, element strides)``, ``view[i, j, ...]`` at
#: ``span[first + i*strides[0] + j*strides[1] + ...]``; ``first`` is -1 if a
#: stride is not a whole number of elements.  ``span`` is flagged writable
#: whatever the view (the kernels never write to it) and keeps the view's
#: memory alive.  One compiled call: 0.5 us, where building the same array
#: in Python from an array interface took 2 us.
memory_span = jit_cached(_memory_span_body, nogil=True)


def as_span(base):
    """``(span, first, step)`` addressing ``base``: itself for a C-contiguous base."""


@overload(as_span, inline="always")
def _as_span_impl(base):
    if base.layout == "C":
        return lambda base: (base, 0, 1)
    return lambda base: _strided_span(base)


def _float_intrinsic(name, flags=("nnan", "nsz")):
    """An intrinsic emitting ``llvm.<name>``; flagged no-NaN, a bare vmaxps/vminps.

    With the no-NaN flag the result is meaningless (poison) when an argument
    is NaN, so callers track NaN on their own and discard it then (see
    ``block_best``).  This is what LLVM vectorises; NaN-correct llvm.maximum
    is ~1.6x slower and select/max() written in Python does not vectorise at
    all.  Without flags, maxnum/minnum ignore a NaN argument (NaN only if
    both are): the nan-variants' reduction, still vectorised.
    """

    @intrinsic
    def impl(typingctx, a, b):
        if not (isinstance(a, types.Float) and a == b):
            return None

        def codegen(context, builder, signature, args):
            ty = context.get_value_type(signature.return_type)
            suffix = "f32" if ty == ir.FloatType() else "f64"
            fnty = ir.FunctionType(ty, [ty, ty])
            fn = cgutils.get_or_insert_function(builder.module, fnty, f"llvm.{name}.{suffix}")
            return builder.call(fn, args, fastmath=flags)

        return a(a, b), codegen

    return impl


_fmax_nonan = _float_intrinsic("maxnum")
_fmin_nonan = _float_intrinsic("minnum")
_fmax_skipnan = _float_intrinsic("maxnum", ())
_fmin_skipnan = _float_intrinsic("minnum", ())


# --- element helpers --------------------------------------------------------


def _greater(a, b):
    """Strict ``a > b``; complex numbers compare lexicographically."""


@overload(_greater)
def _greater_impl(a, b):
    if isinstance(a, types.Complex):
        return lambda a, b: a.real > b.real or (a.real == b.real and a.imag > b.imag)
    return lambda a, b: a > b


@njit(inline="always")
def _gt(a, b):
    return _greater(a, b)


@njit(inline="always")
def _lt(a, b):
    return _greater(b, a)


def _not_at_most(a, b):
    """``not (a <= b)``: ``a > b`` or either is NaN, in one compare."""


@overload(_not_at_most, inline="always")
def _not_at_most_impl(a, b):
    if isinstance(a, types.Complex):  # (typed, never run: complex rows are not scanned far)
        return lambda a, b: (a != a) | _greater(a, b)
    return lambda a, b: not (a <= b)


@njit(inline="always")
def _gt_or_nan(a, b):
    return _not_at_most(a, b)


@njit(inline="always")
def _lt_or_nan(a, b):
    return _not_at_most(b, a)  # b is never NaN: true for a < b or a NaN


def _combine_max(m, k):
    """Block reduction step: the larger key (floats: meaningless if NaN)."""


def _combine_min(m, k):
    """Block reduction step: the smaller key (floats: meaningless if NaN)."""


def _combine_overload(fast, better):
    def impl(m, k):
        if isinstance(m, types.Float):
            return lambda m, k: fast(m, k)
        # Integers: a select LLVM turns into vector max/min.  Complex: scalar.
        return lambda m, k: k if better(k, m) or (k != k and m == m) else m

    return impl


# inline="always" for every implementation that differs between operations:
# a compiled (not inlined) one is called by a symbol name made of its
# qualname, the same for argmax's and argmin's (see _build).
overload(_combine_max, inline="always")(_combine_overload(_fmax_nonan, _gt))
overload(_combine_min, inline="always")(_combine_overload(_fmin_nonan, _lt))


def _is_complex(x):
    """Compile-time constant: is ``x`` complex?"""


@overload(_is_complex)
def _is_complex_impl(x):
    flag = isinstance(x, types.Complex)
    return lambda x: flag


def _nan_if(m, nan):
    """``m``, or NaN if ``nan`` (floats; other keys carry NaN by themselves)."""


@overload(_nan_if)
def _nan_if_impl(m, nan):
    if isinstance(m, types.Float):
        nan_value = np.dtype(str(m)).type(np.nan)
        return lambda m, nan: nan_value if nan else m
    return lambda m, nan: m


def _is_top_max(k):
    """True if no key can beat ``k`` for a max: NaN, or the type's largest value."""


def _is_top_min(k):
    """True if no key can beat ``k`` for a min: NaN, or the type's smallest value."""


def _top_overload(is_max):
    def impl(k):
        if isinstance(k, types.Integer):
            info = np.iinfo(np.dtype(str(k)))
            top = k(info.max if is_max else info.min)
            return lambda k: k == top
        return lambda k: k != k

    return impl


overload(_is_top_max, inline="always")(_top_overload(True))
overload(_is_top_min, inline="always")(_top_overload(False))


def _row_numbers(base, w):
    """An array for ``w`` row numbers of a sweep over ``base``, its ints as
    narrow as base's elements (int8 for bytes, int16 for 2-byte elements):
    values and row numbers then fill vectors alike.  int32 for 4- and
    8-byte elements (half the vectors of intp), intp for complex."""


@overload(_row_numbers)
def _row_numbers_impl(base, w):
    numbers = _ROW_NUMBER_TYPES.get(base.dtype.bitwidth, np.intp)
    return lambda base, w: np.empty(w, numbers)


_ROW_NUMBER_TYPES = {8: np.int8, 16: np.int16, 32: np.int32, 64: np.int32}


def _row_number(numbers, j):
    """``j`` as an element of the row numbers array ``numbers``."""


@overload(_row_number, inline="always")
def _row_number_impl(numbers, j):
    number = numbers.dtype
    return lambda numbers, j: number(j)


def _rows_per_block(numbers):
    """Rows a block of a sweep may take: its row numbers fit ``numbers``' ints."""


@overload(_rows_per_block, inline="always")
def _rows_per_block_impl(numbers):
    # At most 2**30: b0 + rows must not overflow (intp row numbers).
    rows = min(int(np.iinfo(np.dtype(str(numbers.dtype))).max), 1 << 30)
    return lambda numbers: rows


def _nan_fill(x, is_max):
    """The value NumPy's nanargmax/nanargmin substitutes for NaN."""


@overload(_nan_fill)
def _nan_fill_impl(x, is_max):
    if isinstance(x, types.Complex):
        dtype = np.dtype(str(x))
        low, high = dtype.type(complex(-np.inf, 0)), dtype.type(complex(np.inf, 0))
    elif isinstance(x, types.Float):
        dtype = np.dtype(str(x))
        low, high = dtype.type(-np.inf), dtype.type(np.inf)
    else:
        return None
    return lambda x, is_max: low if is_max else high


@njit(inline="always")
def _isnan_plain(x):
    return x != x  # NaN for floats and complex (either part); never for ints


@njit(inline="always")
def _isnan_float16(bits):
    return (bits & 0x7FFF) > _F16_INF_BITS


@njit(inline="always")
def _isnan_nat(x):
    return x == _INT64_MIN


_ISNAN = {
    KIND_PLAIN: _isnan_plain,
    KIND_FLOAT16: _isnan_float16,
    KIND_NAT: _isnan_nat,
    KIND_BOOL: _isnan_plain,
}


def _make_key(is_max, skip_nan, kind):
    """The key of an element: what the max/min reductions compare."""
    if kind == KIND_FLOAT16:
        if skip_nan:
            nan_key = -_F16_INF_BITS if is_max else _F16_INF_BITS
        else:
            nan_key = _INT16_MAX if is_max else _INT16_MIN

        @njit(inline="always")
        def key(bits):
            # Order-preserving: non-negative floats keep their bits, negative
            # ones become minus their magnitude (-0.0 and +0.0 share key 0).
            b = np.int32(bits)
            mag = b & 0x7FFF
            k = b if b >= 0 else -mag
            # Keys span -0x7C00..0x7C00 plus the NaN key: int16 (32 lanes per vector).
            return np.int16(nan_key if mag > _F16_INF_BITS else k)

        return key
    if kind == KIND_NAT and is_max:

        @njit(inline="always")
        def key(x):
            # NaT (INT64_MIN) must win: give it the top key (a real INT64_MAX
            # is then ambiguous; see suspect()).
            return _INT64_MAX if x == _INT64_MIN else x

        return key
    if kind == KIND_BOOL and is_max:

        @njit(inline="always")
        def key(x):
            # True becomes 255, the top of uint8, so the scan stops at the first True.
            return np.uint8(255) if x != 0 else np.uint8(0)

        return key
    if skip_nan:

        @njit(inline="always")
        def key(x):
            return _nan_fill(x, is_max) if x != x else x

        return key

    @njit(inline="always")
    def key(x):
        return x

    return key


def _make_suspect(is_max, skip_nan, kind):
    """A best key whose index the exact scan must confirm (rare)."""
    if kind == KIND_NAT and is_max:
        return njit(inline="always")(lambda best: best == _INT64_MAX)
    if skip_nan and kind == KIND_FLOAT16:
        fill = -_F16_INF_BITS if is_max else _F16_INF_BITS
        return njit(inline="always")(lambda best: best == fill)
    if skip_nan:
        return njit(inline="always")(lambda best: best == _nan_fill(best, is_max))
    return njit(inline="always")(lambda best: False)


#: 0 and 1 as intp values for calls of compiled helpers: a literal argument
#: compiles the whole helper again, specialised to it (seconds per kernel).
ZERO = np.intp(0)
ONE = np.intp(1)


@njit(inline="always")
def copy_line(buffer, p, span, start, n, sn):
    # buffer[p + j] = span[start + j*sn] for j < n.  Contiguous lines copy
    # by vectors, strided ones by scalar loads (a plain loop becomes masked
    # gathers, see load_one; the vector shuffles of copy_strided doubled
    # this kernel's compile time).
    if sn == 1:
        for j in range(n):
            buffer[np.uintp(p + j)] = span[np.uintp(start + j)]
        return
    if sn == -1:
        # Read forwards, stored backwards: vectors and a lane reversal
        # (scalar loads made (300, 300)[:, ::-1] float32 2.5x slower than
        # its float64 twin, whose lines are long enough to scan in place).
        low = start - (n - 1)
        top = p + n - 1
        for j in range(n):
            buffer[np.uintp(top - j)] = span[np.uintp(low + j)]
        return
    for j in range(n):
        buffer[np.uintp(p + j)] = load_one(span, np.uintp(start + j * sn))


# --- kernel factory ---------------------------------------------------------

@njit(inline="always")
def _strided_lanes_read(base, stride):
    # Whether the strided lanes scan reads this row in place: steps of
    # 2..STRIDED_LANES_MAX elements (either sign) at most
    # STRIDED_LANES_MAX_BYTES apart; not bytes.
    step = abs(stride)
    near = step * base.itemsize <= STRIDED_LANES_MAX_BYTES
    return base.itemsize > 1 and 2 <= step <= STRIDED_LANES_MAX and near


_BUILT = {}


def kernels_for(is_max, skip_nan, kind):
    """Return the compiled kernels for one operation and element kind.

    The result has ``reduce_flat(base, off, n, sn) -> index``,
    ``reduce_3d(base, off, outer, n, inner, so, sn, si, out2)`` and three
    parallel kernels, compiled only when used: ``row_parallel(base, off, n,
    sn, nchunks) -> index`` (one long row), ``rows_parallel(base,
    off, outer, n, inner, so, sn, si, out2, nchunks) -> rows done`` (a
    prange over the rows; ``nchunks`` 0: only the lead of rows a NaN
    answers, on this thread, see nan_rows_lead) and
    ``sweep_parallel(base, off, outer, n, inner, so, sn, out2, nchunks)``;
    ``reduce_view(view) -> index`` and ``view_parallel(view, nchunks) ->
    index`` take all of a 3-D view whose last axis is its densest.
    Offsets and strides are in elements.  Index -1 means "no valid value" (only for ``skip_nan``).
    Built lazily and memoised; each function compiles on its first call,
    once per dtype.
    """
    spec = (bool(is_max), bool(skip_nan), int(kind))
    if spec not in _BUILT:
        _BUILT[spec] = _build(*spec)
    return _BUILT[spec]


class _Kernels:
    __slots__ = (
        "reduce_flat", "reduce_3d", "reduce_view", "row_parallel", "rows_parallel",
        "sweep_parallel", "view_parallel",
    )

    def __init__(self, *funcs):
        for name, func in zip(self.__slots__, funcs):
            setattr(self, name, func)


def _build(is_max, skip_nan, kind):
    name = f"{'max' if is_max else 'min'}{'_skipnan' if skip_nan else ''}_kind{kind}"
    key = _make_key(is_max, skip_nan, kind)
    suspect = _make_suspect(is_max, skip_nan, kind)
    isnan = _ISNAN[kind]
    better = _gt if is_max else _lt
    combine = _combine_max if is_max else _combine_min
    is_top = _is_top_max if is_max else _is_top_min
    if skip_nan:
        lanes = lanes_max_or_skip if is_max else lanes_min_or_skip
    else:  # the first NaN is the answer: the scan may stop at it
        lanes = lanes_max_nan_exit_or_skip if is_max else lanes_min_nan_exit_or_skip
    lanes_last = lanes_max_last_or_skip if is_max else lanes_min_last_or_skip
    lanes_short = lanes_max_short if is_max else lanes_min_short
    lanes_strided = strided_lanes_max_or_skip if is_max else strided_lanes_min_or_skip
    use_lanes = kind == KIND_PLAIN
    use_register_sweep = kind == KIND_PLAIN
    plain_keys = kind == KIND_PLAIN  # key(x) is x, or NaN -> -inf (+inf) for the nan-variants
    sweep_rows = make_sweep_rows(is_max, skip_nan)
    # float16 and datetime rows: keys into a buffer, then the lanes scan.
    use_keyed = kind in (KIND_FLOAT16, KIND_NAT)
    key_dtype = np.int64 if kind == KIND_NAT else np.int16  # float16 keys fit in int16
    key_chunk = KEY_CHUNK // np.dtype(key_dtype).itemsize
    lanes_keys = lanes_max if is_max else lanes_min
    if kind == KIND_FLOAT16:  # int16 keys in chunks of KEY_CHUNK bytes: int16 positions
        lanes_keys = lanes_max_short if is_max else lanes_min_short
    lanes_float16_keys = lanes_float16[(is_max, skip_nan)]
    # Merges of bests (lines, blocks of rows) may stop at the type's top
    # value, except for NaT's: its key is INT64_MAX, which a later NaT must
    # still beat.
    stop_at_top = kind != KIND_NAT

    @njit(inline="always")
    def beats(k, best):
        # Strict "k is better than best"; a NaN key beats any non-NaN one and
        # nothing beats a NaN (complex compares its parts, so ask explicitly).
        return best == best and (k != k or better(k, best))

    @njit(inline="always")
    def scan_exact_at(base, start, n, stride):
        # The reference scalar loop on raw elements base[start + j*stride]
        # -> index, or -1 when a nan-variant finds no valid value.  Read in
        # place: a slice per row takes and drops a reference to base's
        # memory, which cost more than scanning a short row (rows of 4
        # float64: 12 ns a row, NumPy's loop 3.5 ns).
        x = base[np.uintp(start)]
        best = key(x)
        index = 0
        if skip_nan:
            valid = not isnan(x)
            for j in range(1, n):
                x = base[np.uintp(start + j * stride)]
                k = key(x)
                valid |= not isnan(x)
                take = better(k, best)
                best = k if take else best
                index = j if take else index
            return index if valid else -1
        if isnan(x):
            return 0
        for j in range(1, n):
            x = base[np.uintp(start + j * stride)]
            if isnan(x):
                return j
            k = key(x)
            take = better(k, best)  # selects: no branch to mispredict on random data
            best = k if take else best
            index = j if take else index
        return index

    @njit_helper
    def scan_exact(row):
        # The reference scalar loop of a whole row (see scan_exact_at).
        return scan_exact_at(row, 0, row.shape[0], 1)

    @njit_helper
    def scan_strided_exact(base, start, n, stride):
        return scan_exact_at(base, start, n, stride)

    def block_best(block):
        """The best key of a block, NaN exactly when the block holds a NaN key."""

    @overload(block_best)
    def _block_best_impl(block):
        if skip_nan and kind == KIND_PLAIN and isinstance(block.dtype, types.Float):
            # NaN-ignoring maxnum/minnum on the raw values vectorises (a
            # select replacing NaN first does not); an all-NaN block gives
            # NaN, whose key is the fill value.
            skip_combine = _fmax_skipnan if is_max else _fmin_skipnan

            def impl(block):
                m = block[0]
                for j in range(1, block.shape[0]):
                    m = skip_combine(m, block[j])
                return key(m)

            impl.__qualname__ = f"block_best_{name}"  # a symbol of its own (see below)
            return impl

        def impl(block):
            m = key(block[0])
            nan = m != m
            for j in range(1, block.shape[0]):
                k = key(block[j])
                m = combine(m, k)
                nan |= k != k
            return _nan_if(m, nan)

        impl.__qualname__ = f"block_best_{name}"
        return impl

    def ends_at_nan(base):
        """Whether a NaN in ``base`` is the answer (argmax/argmin of floats):
        a constant, known when compiling."""

    @overload(ends_at_nan, inline="always")
    def _ends_at_nan_impl(base):
        value = not skip_nan and kind == KIND_PLAIN and isinstance(base.dtype, types.Float)

        def impl(base):
            return value

        impl.__qualname__ = f"ends_at_nan_{name}"  # a symbol of its own (see below)
        return impl

    @njit(inline="always")
    def whole_block(row):
        # Elements per whole block of the blocked scan of `row`: shorter
        # where a NaN ends the scan (see NAN_EXIT_BLOCK).
        return NAN_EXIT_BLOCK if ends_at_nan(row) else BLOCK

    @njit_helper
    def scan_blocks(row):
        # -> (best key, its index) of a row; see the module docstring.
        # The first blocks grow from FIRST_BLOCK to whole blocks: a NaN
        # (the top value) early in the row ends the scan soon (a NaN 100
        # elements into 1e5 float64: 2.4 us, NumPy 1.1 us, with a first
        # block of BLOCK).
        n = row.shape[0]
        size = whole_block(row)
        lo = min(FIRST_BLOCK, n)
        best = block_best(row[:lo])
        win = 0
        win_size = lo
        while lo < n and lo < size and not is_top(best):
            # Each block as long as all before it: whole blocks from `size` on.
            m = block_best(row[lo : min(2 * lo, n)])
            if beats(m, best):
                best = m
                win = lo
                win_size = lo
            lo *= 2
        # Then whole blocks, in a loop of their own (the loop above run to
        # the end, and blocks not at multiples of BLOCK, scanned int8 4-13%
        # slower).
        if not is_top(best):
            for b in range(lo, n, size):
                m = block_best(row[b : min(b + size, n)])
                if beats(m, best):
                    best = m
                    win = b
                    win_size = size
                    if is_top(best):
                        break
        # Rescan the winning block for the index: ints and floats by vectors
        # of compares leaving at the first match; otherwise the smallest
        # position whose key matches, as a vectorised min (no branch).
        block = row[win : min(win + win_size, n)]
        if plain_keys:
            # Raw values: the best, or (argmax/argmin) the first NaN.
            first = first_equal(block, best, not skip_nan)
            if first >= 0:
                return best, win + first
        nb = block.shape[0]
        first = nb
        for j in range(nb):
            k = key(block[j])
            first = min(first, j if (k == best) | (k != k) else nb)
        return best, win + first

    @njit(inline="always")
    def finish_lanes(base, start, n, stride, best, index, stop):
        # After a lanes scan of base[start + j*stride], j < stop: the tail,
        # then the exact loop for what the lanes cannot settle (nothing
        # better than the start value, a suspect best key).
        for j in range(stop, n):
            x = base[start + j * stride]
            if not skip_nan and isnan(x):
                return j  # no NaN before the tail
            k = key(x)
            if better(k, best):
                best = k
                index = j
        if index < 0 or suspect(best):
            return scan_strided_exact(base, start, n, stride)
        return index

    @njit(inline="always")
    def scan_lanes(base, start, n):
        # The one-pass SIMD scan (see _lanes) of a contiguous row.
        best, index, saw_nan, stop = lanes(base, start, n)
        if saw_nan and not skip_nan and _is_complex(best):
            # complex argmax/argmin: the lanes stopped in the block of the
            # first NaN (none before stop); the exact loop from there stops
            # at it (complex has no vector search).
            j = stop + scan_strided_exact(base, start + stop, n - stop, ONE)
            if isnan(base[start + j]):
                return j
            return scan_exact(base[start : start + n])  # (not reached)
        if saw_nan and (not skip_nan or _is_complex(best)):
            # argmax/argmin of floats: the first NaN, found by vectors of
            # compares (the scalar loop took 14 us to reach one 40K deep),
            # from where the lanes stopped at it (complex: from the start).
            return scan_first_nan(base, start, n, best, ZERO if _is_complex(best) else stop)
        return finish_lanes(base, start, n, ONE, best, index, stop)

    @njit_helper
    def scan_first_nan(base, start, n, best, lo):
        # A contiguous row the lanes saw a NaN in, none before lo: its first NaN.
        first = first_equal(base[start + lo : start + n], _nan_if(best, True), True)
        if first >= 0:
            return lo + first
        return scan_exact(base[start : start + n])

    @njit(inline="always")
    def first_nan_at(base, start, n):
        # The first NaN of the contiguous row base[start : start + n] by
        # vectors of compares, leaving at it; -1 if none (or not a real
        # float row: other rows carry no NaN of their type).
        nan = _nan_if(base[start], True)
        if nan == nan:
            return -1
        return max(first_equal(base[start : start + n], nan, True), -1)

    @njit_helper
    def scan_lanes_strided(base, first, n, stride):
        # The strided lanes scan (see _lanes) of base[first + j*stride].
        best, index, saw_nan, stop = lanes_strided(base, first, n, stride)
        if saw_nan and not skip_nan:  # argmax/argmin: the first NaN, by the exact loop
            return scan_strided_exact(base, first, n, stride)
        return finish_lanes(base, first, n, stride, best, index, stop)

    @njit_helper
    def scan_row_blocked_at(base, start, n, stride):
        # scan_row_blocked of base[start + j*stride]: the slice is made here,
        # in a function of its own, as inlined into a row loop Numba takes
        # and drops its reference once per row, even on paths that never
        # use it (rows of 4 float64: 12 ns a row, the scan itself 1.5 ns).
        if stride == 1:
            return scan_row_blocked(base[start : start + n])
        return scan_row_blocked(base[start::stride][:n])

    @njit_helper
    def scan_row_blocked(row):
        if row.shape[0] <= SHORT_ROW:
            return scan_exact(row)
        return scan_blocks_checked(row)

    def scan_blocks_checked(row):
        """The blocked scan of a row, the exact loop deciding a suspect best."""

    @overload(scan_blocks_checked, inline="always")
    def _scan_blocks_checked_impl(row):
        if isinstance(row.dtype, types.Complex):
            # Lexicographic keys do not reduce with vector max: the scalar
            # loop is fastest (and the blocked scan is not compiled for them).
            return lambda row: scan_exact(row)

        def blocked(row):
            best, index = scan_blocks(row)
            if suspect(best):
                return scan_exact(row)
            return index

        return blocked

    @njit(inline="always")
    def nan_early(base, start, n):
        # A NaN among the first NAN_PREFIX elements of a long row: the
        # first NaN is the answer, found before reading the rest (NumPy
        # stops there too).  One vectorised check, for argmax/argmin only.
        if skip_nan or n < NAN_PREFIX_MIN_ROW:
            return False
        nan = False
        for j in range(NAN_PREFIX):
            x = base[start + j]
            nan |= isnan(x)
        return nan

    @njit(inline="always")
    def finish_piece(base, p, m, k, i, stop):
        # The best key and its index in base[p : p + m] after a lanes scan
        # of raw elements that stopped at `stop` (only when m is below one vector).
        for t in range(stop, m):
            kt = key(base[p + t])
            if i < 0 or better(kt, k):
                k = kt
                i = t
        return k, i

    @njit_helper
    def scan_short_lanes(base, start, n):
        # A contiguous row of 2-byte ints by the lanes scan with int16
        # positions, in pieces of SHORT_LANES_PIECE merged strictly (the
        # first occurrence wins), stopping after a piece holding the top value.
        best = key(base[start])
        best_index = -1
        for c0 in range(0, n, SHORT_LANES_PIECE):
            m = min(SHORT_LANES_PIECE, n - c0)
            p = start + c0
            k, i, _, stop = lanes_short(base, p, m)
            k, i = finish_piece(base, p, m, k, i, stop)
            if i < 0:  # nothing beat the start value (rare): the exact loop decides
                return scan_exact_at(base, start, n, 1)
            if best_index < 0 or better(k, best):
                best = k
                best_index = c0 + i
                if is_top(best):
                    break
        return best_index

    def _takes_short_lanes(dtype):
        # Plain 2-byte ints (Numba types, when compiling).
        return use_lanes and isinstance(dtype, types.Integer) and dtype.bitwidth == 16

    def scan_short(base, start, n):
        """scan_short_lanes for plain 2-byte ints, -1 (never used) for
        other dtypes: the caller's branch is typed for every dtype, the
        lanes scan with int16 positions only for these."""

    @overload(scan_short, inline="always")
    def _scan_short_impl(base, start, n):
        if _takes_short_lanes(base.dtype):

            def impl(base, start, n):
                return scan_short_lanes(base, start, n)

        else:

            def impl(base, start, n):
                return -1

        impl.__qualname__ = f"scan_short_{name}"  # a symbol of its own (see below)
        return impl

    def short_positions(base):
        """Whether rows of ``base`` take scan_short (plain 2-byte ints): a
        constant, known when compiling."""

    @overload(short_positions, inline="always")
    def _short_positions_impl(base):
        value = _takes_short_lanes(base.dtype)

        def impl(base):
            return value

        impl.__qualname__ = f"short_positions_{name}"  # a symbol of its own (see below)
        return impl

    @njit(inline="always")
    def scan_contiguous(base, start, n):
        # The row base[start : start + n].
        if nan_early(base, start, n):
            return scan_exact_at(base, start, n, 1)
        if short_positions(base) and n > SHORT_ROW:
            return scan_short(base, start, n)
        # Complex rows take the lanes scan at any length (the blocked scan
        # cannot reduce lexicographic keys: it would be the scalar loop).
        # Rows shorter than one vector (bytes: 33-63 elements), which the
        # lanes would read by none, take the scalar loop once (int8 rows of
        # 48: 0.65x NumPy through the lanes and their exact loop).
        if n <= SHORT_ROW or n * base.itemsize < VECTOR_BYTES:
            return scan_exact_at(base, start, n, 1)
        long_lanes = _is_complex(base[start]) and n <= LANES_MAX_REVERSED
        if use_lanes and (n <= LANES_MAX_ROW or long_lanes):
            if base.itemsize > 1 or n <= BYTE_LANES_MAX_ROW:
                return scan_lanes(base, start, n)
        return scan_row_blocked_at(base, start, n, ONE)

    @njit_helper
    def scan_reversed(base, start, n):
        # base[start], base[start - 1], ...: the lanes scan in memory order
        # keeping last occurrences (the logical first); anything the lanes
        # cannot settle goes to the scan of the reversed view.
        if n * base.itemsize < VECTOR_BYTES:  # (see scan_contiguous)
            return scan_exact_at(base, start, n, -ONE)
        if use_lanes and SHORT_ROW < n <= LANES_MAX_REVERSED:
            best, last, saw_nan, stop = lanes_last(base, start - n + 1, n)
            if stop == n and last >= 0 and not (saw_nan and not skip_nan) and not suspect(best):
                return n - 1 - last
        return scan_row_blocked_at(base, start, n, -ONE)

    def scan_bytes_copied(base, first, m, stride):
        """Bytes: (index, element) of the best of base[first + t*stride], t < m,
        copied into a buffer and scanned there."""

    @overload(scan_bytes_copied, inline="always")
    def _scan_bytes_copied_impl(base, first, m, stride):
        if base.dtype.bitwidth != 8:
            # Wider elements never come here (the strided lanes read them in
            # place, see scan_gathered).  Typing the copy and the contiguous
            # scan of the buffer for them cost ~2 s of compile per kernel set.
            def exact(base, first, m, stride):
                i = scan_strided_exact(base, first, m, stride)
                return i, base[first + max(i, 0) * stride]

            return exact

        def copied(base, first, m, stride):
            # A buffer per chunk, none for the direct scan: an allocation
            # per short row (2500 rows of 50) cost more than its scan.
            buffer = np.empty(m, base.dtype)
            # Unsigned positions: no negative-index fix-up per load.
            p = np.uintp(first)
            step = np.uintp(stride)
            done = copy_strided(base, first, buffer, m, stride)
            for t in range(done, m):
                buffer[t] = load_one(base, p + np.uintp(t) * step)
            i = scan_contiguous(buffer, 0, m)
            return i, buffer[max(i, 0)]

        return copied

    @njit_helper
    def scan_gathered(base, start, n, stride):
        # A strided row the lanes read, in chunks merged strictly (the
        # first one wins).  Steps the strided lanes scan takes (see
        # _strided_lanes_read): that scan of the chunk's memory.  Bytes at
        # steps 2-4: GATHER_CHUNK elements at a time loaded as whole vectors,
        # shuffled into a buffer that stays in L1 and scanned contiguously
        # (the blocked scan's early exit at 127; the scalar copy costs ~1
        # cycle per element).
        direct = _strided_lanes_read(base, stride)
        chunk = STRIDED_CHUNK if direct else GATHER_CHUNK
        best = key(base[start])
        best_index = -1
        for c0 in range(0, n, chunk):
            m = min(chunk, n - c0)
            first = start + c0 * stride
            if direct:
                i = scan_lanes_strided(base, first, m, stride)
                x = base[first + max(i, 0) * stride]
            else:
                i, x = scan_bytes_copied(base, first, m, stride)
            if i < 0:
                continue  # a nan-variant's all-NaN chunk
            if not skip_nan and isnan(x):
                return c0 + i  # no NaN in the chunks before
            k = key(x)
            if best_index < 0 or better(k, best):
                best = k
                best_index = c0 + i
                if is_top(best):  # the dtype's top value: nothing beats it
                    break
        return best_index

    # scan_far's test of an element: beats the best, or (argmax/argmin) is
    # NaN, in one compare (best is never NaN there); the nan-variants skip NaN.
    hit = better if skip_nan else (_gt_or_nan if is_max else _lt_or_nan)

    @njit_helper
    def scan_far(base, start, n, stride):
        # A row whose elements are far apart (x[::4] of float64, x[::8] of
        # int16, ...): one scalar load per element and no copy, FAR_UNROLL
        # elements at a time searched for one that beats the best so far
        # (compare-and-branch pairs almost never taken), then taken one by one.
        # 1.2-2.2x NumPy, which copies the row first.  Unsigned positions:
        # no negative-index fix-up per load (a negative stride wraps).
        p = np.uintp(start)
        step = np.uintp(stride)
        x = base[start]
        if not skip_nan and isnan(x):
            return 0
        best = key(x)
        index = 0
        t = 1
        while t < n:
            while t + FAR_UNROLL <= n:
                q = p + np.uintp(t) * step
                found = False
                for u in range(FAR_UNROLL):
                    found |= hit(load_one(base, q + np.uintp(u) * step), best)
                if found:
                    break
                t += FAR_UNROLL
            stop = min(t + FAR_UNROLL, n)
            while t < stop:
                x = load_one(base, p + np.uintp(t) * step)
                if hit(x, best):
                    if not skip_nan and isnan(x):
                        return t  # the first NaN: no NaN before it
                    best = key(x)
                    index = t
                t += 1
            # Nothing beats the top value.  Checked here, not per element:
            # an exit in the loop above slowed it (1e4 int16: 1.6 -> 2.6 us).
            if is_top(best):
                return index
        if suspect(best):  # (nan-variants) NaN or -inf first: the exact loop decides
            return scan_strided_exact(base, start, n, stride)
        return index

    @njit_helper
    def scan_keyed(base, start, n, stride):
        # float16 bits and datetimes: their keys (ints whose max is the
        # answer, NaN/NaT the top key) go GATHER_CHUNK at a time into an
        # L1-sized buffer for the lanes scan; chunks merge strictly.  -2:
        # undecided (an ambiguous key), the caller's other scans decide.
        # Contiguous float16: the keys are made in registers as the lanes
        # scan loads the bits, with no buffer (1e4 elements: 0.65 -> 0.5 us).
        fused = kind == KIND_FLOAT16 and stride == 1
        chunk = FUSED_CHUNK if fused else key_chunk
        buffer = np.empty(0 if fused else min(n, chunk), key_dtype)
        best = key(base[start])
        best_index = -1
        for c0 in range(0, n, chunk):
            m = min(chunk, n - c0)
            p = start + c0 * stride
            if fused:
                k, i, _, stop = lanes_float16_keys(base, p, m)
                k, i = finish_piece(base, p, m, k, i, stop)
            else:
                if stride == 1:  # a slice from 0: the key loop vectorises
                    source = base[p : p + m]
                    for t in range(m):
                        buffer[t] = key(source[t])
                else:
                    for t in range(m):
                        buffer[t] = key(base[p + t * stride])
                k, i, _, stop = lanes_keys(buffer, 0, m)
                for t in range(stop, m):  # only when m is below one vector
                    if i < 0 or better(buffer[t], k):
                        k = buffer[t]
                        i = t
            if i < 0:  # every key is the start value (rare): the caller's other scans decide
                return -2
            if best_index < 0 or better(k, best):
                best = k
                best_index = c0 + i
                if is_top(best):
                    break
        if suspect(best):
            return -2
        return best_index

    @njit_helper
    def scan_strided(base, start, n, stride):
        if stride == 0:  # a broadcast row: every element is the first one
            return scan_strided_exact(base, start, ONE, stride)
        if n <= SHORT_ROW:
            return scan_strided_exact(base, start, n, stride)
        if use_keyed and n > SHORT_ROW:
            index = scan_keyed(base, start, n, stride)
            if index != -2:
                return index
        if stride == 1:
            return scan_contiguous(base, start, n)
        if stride == -1:
            return scan_reversed(base, start, n)
        if use_lanes and n > SHORT_ROW:
            return scan_strided_plain(base, start, n, stride)
        return scan_row_blocked_at(base, start, n, stride)

    def scan_strided_plain(base, start, n, stride):
        """A strided row (|stride| > 1) of ints or floats: the lanes read it
        in place or gathered, or the far scan."""

    @overload(scan_strided_plain, inline="always")
    def _scan_strided_plain_impl(base, start, n, stride):
        if isinstance(base.dtype, types.Complex):
            # Complex rows are blocked-scanned.  Chosen here, at compile
            # time: typing the other scans for complex cost ~4 s per kernel set.
            return lambda base, start, n, stride: scan_row_blocked_at(base, start, n, stride)

        def plain(base, start, n, stride):
            lanes_read = _strided_lanes_read(base, stride) and n >= STRIDED_LANES_MIN_ROW
            if lanes_read or (base.itemsize == 1 and 2 <= stride <= 4):
                return scan_gathered(base, start, n, stride)
            return scan_far(base, start, n, stride)  # elements far apart, bytes backwards

        return plain

    @njit_helper
    def sweep_register(base, start, j0, j1, sn, w, best, index):
        # Narrow tiles (up to 2 vectors, 128 bytes, a row): the register sweep over
        # the rows whose full vectors stay inside the array -> the first
        # row it did not take (j0 when it took none).
        if not use_register_sweep or sn <= 0 or j1 - j0 < 4 or j1 >= 1 << 31:
            return j0
        lanes = VECTOR_BYTES // base.itemsize
        vectors = 1 if w <= lanes else (2 if w <= 2 * lanes else 0)
        width = vectors * lanes
        if vectors == 0 or best.shape[0] < width or index.shape[0] < width:
            return j0
        # Row j reads base[start + j*sn : ... + width]: rows up to j_safe end
        # at or before the last row's last column (the rows after take the
        # loop below).
        extra = width - w
        j_safe = j1 - (extra + sn - 1) // sn
        if j_safe - j0 < 2:
            return j0
        if not sweep_rows(base, start, j0, j_safe, sn, best, index, vectors):
            return j0
        for i in range(w):
            if index[i] == -2:  # a NaN (argmax/argmin): the scalar sweep decides
                return j0
        return j_safe

    @njit(inline="always")
    def ties_or_beats(k, b):
        # k, from an earlier row than b's, wins ties: the first occurrence
        # (and the first NaN) is the last one met when rows run backwards.
        return (k != k) | ((b == b) & (not better(b, k)))

    @njit(inline="always")
    def sweep_row(base, row, w, j, best, index, takes):
        # Row j (at base[row:], w columns) into the tile's bests: a column
        # takes it where takes(its key, the best so far).
        for i in range(w):
            k = key(base[row + np.uintp(i)])
            b = best[i]
            take = takes(k, b)
            best[i] = k if take else b
            index[i] = j if take else index[i]

    @njit(inline="always")
    def sweep_two_rows(base, row, step, w, j, j2, best, index):
        # Rows j and j2 = j + 1 (at base[row:] and base[row + step:]) into
        # the bests, as sweep_row twice: one load and store of the bests for
        # two rows.  step 0 sweeps one row (the second, equal, never beats it).
        for i in range(w):
            k = key(base[row + np.uintp(i)])
            k2 = key(base[row + step + np.uintp(i)])
            b = best[i]
            x = index[i]
            take = beats(k, b)
            b = k if take else b
            x = j if take else x
            take = beats(k2, b)
            best[i] = k2 if take else b
            index[i] = j2 if take else x

    @njit_helper
    def sweep_tile(base, start, j0, j1, sn, w, best, index):
        # Rows j0..j1-1 of a tile of w contiguous columns (row j starts at
        # start + j*sn) into best[:w]/index[:w], initialised from row j0.
        if sn < 0:
            # Rows going down in memory (x[::-1], axis=0) are swept in memory
            # order, the last row first, an earlier row taking ties: rows
            # read backwards ran 5x slower (1000x1000 float32: 520 us vs
            # 102 us; the prefetchers follow ascending streams).
            last = np.uintp(start + (j1 - 1) * sn)
            for i in range(w):
                best[i] = key(base[last + np.uintp(i)])
                index[i] = j1 - 1
            for j in range(j1 - 2, j0 - 1, -1):
                sweep_row(base, np.uintp(start + j * sn), w, j, best, index, ties_or_beats)
            return
        j_next = sweep_register(base, start, j0, j1, sn, w, best, index)
        if j_next == j0:
            first = base[start + j0 * sn : start + j0 * sn + w]
            for i in range(w):
                best[i] = key(first[i])
                index[i] = j0
            j_next = j0 + 1
        if j_next < j1:
            sweep_blocks(base, start, j_next, j1, sn, w, best, index)

    @njit_helper
    def sweep_blocks(base, start, j0, j1, sn, w, best, index):
        # Rows j0..j1-1 (sn > 0) into best[:w]/index[:w], which hold the
        # bests of the rows before j0.  A block of rows at a time goes into
        # bests of its own whose row numbers, counted from the block's first
        # row, are ints as narrow as the elements (_row_numbers): with intp
        # row numbers a vector of 64 bytes needed eight of row numbers, and
        # (1000, 1000) int8 axis=0 ran 5x slower per element than float32.
        # Between blocks the sweep stops once every column holds the top
        # key (bool: a True in each column).
        block_best = np.empty(w, best.dtype)
        block_index = _row_numbers(base, w)
        rows = _rows_per_block(block_index)
        for b0 in range(j0, j1, rows):
            if stop_at_top:
                done = True
                for i in range(w):
                    done &= is_top(best[i])
                if done:
                    return
            first = base[start + b0 * sn : start + b0 * sn + w]
            for i in range(w):
                block_best[i] = key(first[i])
                block_index[i] = 0
            b1 = min(b0 + rows, j1)
            # Unsigned positions into base, not a slice per row: a slice
            # takes and drops a reference to base's memory, an atomic that
            # threads sweeping the same array contend on (parallel sweeps
            # ran 2-10x slower than serial); unsigned, the index needs no
            # negative-index fix-up and the loop still vectorises.
            for j in range(b0 + 1, b1, 2):
                number = _row_number(block_index, j - b0)
                # The last row of an even block alone (step 0: the one loop
                # for both, half the compile time of a loop of its own).
                two = j + 1 < b1
                step = np.uintp(sn if two else 0)
                number2 = _row_number(block_index, j + 1 - b0 if two else j - b0)
                row = np.uintp(start + j * sn)
                sweep_two_rows(base, row, step, w, number, number2, block_best, block_index)
            for i in range(w):
                if beats(block_best[i], best[i]):
                    best[i] = block_best[i]
                    index[i] = b0 + block_index[i]

    @njit_helper
    def finish_tile(base, start, n, sn, w, best, index, out1):
        for i in range(w):
            if suspect(best[i]):
                out1[i] = scan_strided(base, start + i, n, sn)
            else:
                out1[i] = index[i]

    @njit_helper
    def finish_folded(base, start, n, w, per, best, index, out1):
        # A folded sweep's lanes -> out1 (see sweep_block): lane k*w + i
        # holds the first best of rows k, k + per, k + 2*per, ... of column
        # i, among the n // per folded rows swept; the rows after those
        # (fewer than per) are met one by one.  Of equal keys (any two NaN
        # too) the lower row wins, so the first occurrence does.
        swept = n // per * per
        for i in range(w):
            b = best[i]
            r = index[i] * per
            for k in range(1, per):
                kk = best[k * w + i]
                rk = index[k * w + i] * per + k
                if beats(kk, b) or (rk < r and not beats(b, kk)):
                    b = kk
                    r = rk
            for j in range(swept, n):
                kk = key(base[np.uintp(start + j * w + i)])
                if beats(kk, b):
                    b = kk
                    r = j
            out1[i] = scan_strided(base, start + i, n, w) if suspect(b) else r

    @njit_helper
    def sweep_block(base, start, n, sn, w, out1, best, index):
        # Rows narrower than a vector, one after another, are swept per at
        # a time as one folded row of per * w elements (whole vectors), its
        # lanes merged by finish_folded: one by one each row took a vector
        # step of its own.
        per = _rows_per_fold(n, sn, w, base.itemsize)
        if per > 1:
            sweep_tile(base, start, ZERO, n // per, per * w, per * w, best, index)
            finish_folded(base, start, n, w, per, best, index, out1)
            return
        sweep_tile(base, start, ZERO, n, sn, w, best, index)
        finish_tile(base, start, n, sn, w, best, index, out1)

    @njit(inline="always")
    def next_row(o, i, inner):
        # (o, i) of the row after row (o, i): a division per row cost as
        # much as scanning a short row.
        i += 1
        if i == inner:
            return o + 1, ZERO
        return o, i

    @njit_helper
    def sweep_rows_transposed(base, off, u0, u1, inner, n, so, si, sn, out2):
        # Rows u0..u1-1 -> out2 (row u is (o, i) = divmod(u, inner), its
        # elements base[off + o*so + i*si + j*sn], j < n).  Per row, a scan's
        # set-up costs more than a short row; here a group of rows is copied
        # into an L1 buffer whose row j holds element j of every row of the
        # group, then swept as axis=0 is, all rows of the group at once in
        # vectors.  NumPy copies strided rows and scans each (rows of 50 of
        # x[:, ::2] float64: 0.83x NumPy scanned row by row, 1.8x here).
        lanes = CACHE_LINE // base.itemsize
        rows = max(1, min(TRANSPOSE_MAX_ROWS, TRANSPOSE_BUFFER_BYTES // (n * base.itemsize)))
        # An odd number of cache lines per buffer row: the copy's stores
        # down a column spread over every L1 set (a pitch of a power of two
        # bytes sends them all to a few sets).
        pitch = (rows + lanes - 1) // lanes * lanes
        if (pitch // lanes) % 2 == 0:
            pitch += lanes
        buffer = np.empty(n * pitch, dtype=base.dtype)
        best = np.full(max(rows, SWEEP_BUFFER), key(base[off]))
        index = np.empty(max(rows, SWEEP_BUFFER), dtype=np.intp)
        found = np.empty(rows, dtype=np.intp)
        o = u0 // inner
        i = u0 - o * inner
        for g0 in range(u0, u1, rows):
            w = min(rows, u1 - g0)
            o_group, i_group = o, i
            for r in range(w):
                start = off + o * so + i * si
                for j in range(n):
                    # Scalar loads (load_one): a plain loop became gathers.
                    value = load_one(base, np.uintp(start + j * sn))
                    buffer[np.uintp(j * pitch + r)] = value
                o, i = next_row(o, i, inner)
            sweep_block(buffer, ZERO, n, pitch, w, found, best, index)
            o, i = o_group, i_group
            for r in range(w):
                out2[o, i] = found[r]
                o, i = next_row(o, i, inner)

    @njit(inline="always")
    def transposes(n, sn, rows):
        # Whether sweep_rows_transposed takes these (longer than SHORT_ROW)
        # rows: strided ones (contiguous and reversed rows scan faster in
        # place by the lanes; a group of fewer rows than TRANSPOSE_MIN_ROWS
        # sweeps too few columns).
        return abs(sn) > 1 and n <= TRANSPOSE_MAX_ROW and rows >= TRANSPOSE_MIN_ROWS

    @njit(inline="always")
    def strided_lanes_rows(base, off, n, sn):
        # Whether scan_strided_rows takes these (longer than SHORT_ROW) rows:
        # steps the strided lanes read, ints and floats, rows of at least
        # STRIDED_ROWS_MIN_BYTES at step 2, twice that at step 4 (shorter
        # ones the transposed sweep).  A group of |sn| vectors holds one
        # vector of a row's elements, the rest is a scalar tail: rows of
        # 33-63 float32 at step 5 ran at 1.1x NumPy, 2.2x by the transposed
        # sweep; float64 at step 2 at 1.0-1.2x, 0.8x there; 64 float32 at
        # step 2 1.4x, 0.9x there, but at step 4 0.86x, 2.7x there.
        lanes_read = use_lanes and _strided_lanes_read(base, sn) and not _is_complex(base[off])
        long_enough = n * base.itemsize * 2 >= STRIDED_ROWS_MIN_BYTES * abs(sn)
        return lanes_read and (n > TRANSPOSE_MAX_ROW or long_enough)

    @njit_helper
    def scan_strided_rows(base, off, u0, u1, inner, n, so, si, sn, out2):
        # Rows u0..u1-1 -> out2 (as scan_rows), strided at a step the
        # strided lanes scan reads in place, each row by that scan called
        # directly: through scan_strided's chain of calls a row of 50
        # float64 at step 2 cost 54 ns (so such rows took scan_far, 40 ns,
        # or the transposed sweep), here 16 ns (as fast as the scan
        # inlined into this loop, which compiled 0.9 s longer).
        o = u0 // inner
        i = u0 - o * inner
        for _ in range(u0, u1):
            out2[o, i] = scan_lanes_strided(base, off + o * so + i * si, n, sn)
            o, i = next_row(o, i, inner)

    @njit(inline="always")
    def copies_rows(base, off, n, sn, inner, si):
        # Whether scan_copied_rows takes these (longer than SHORT_ROW) rows.
        itemsize = base.itemsize
        step = abs(sn)
        if not use_lanes or itemsize < 4 or step < 3 or n > COPIED_ROW_MAX:
            return False
        if _is_complex(base[off]):
            return False
        # Rows interleaved in memory (the columns of a narrow tile: axis=1
        # of (1000, 64, 4)) share their cache lines: short ones of 4-byte
        # elements keep the transposed sweep, which reads each line once
        # for them all ((1000, 64, 4) float32: 1.2x NumPy, copied 0.98x).
        interleaved = inner > 1 and abs(si) < step
        if interleaved and itemsize < 8 and n <= TRANSPOSE_MAX_ROW:
            return False
        return n >= (COPIED_ROW_MIN if itemsize >= 8 or step > 3 else COPIED_ROW_MIN_STEP3)

    @njit_helper
    def scan_copied_rows(base, off, u0, u1, inner, n, so, si, sn, out2):
        # Rows u0..u1-1 -> out2 (as scan_rows) whose elements lie far
        # apart (see copies_rows): each row copied into a buffer that stays
        # in L1 (one element at a time, or by vector shuffles, see below),
        # then scanned there by the lanes, as NumPy copies such rows
        # and scans each by SIMD.  Measured, NumPy / ours for x[:, ::step]
        # axis=1 (~200000 elements' span), before (transposed sweep, far
        # scan or strided lanes) -> copied: float64 step 4 rows of 48, 64,
        # 100, 200: 0.81, 0.75, 1.00, 1.09 -> 1.19, 1.27, 1.47, 1.57; step 8:
        # 0.80, 0.77, 1.00, 1.02 -> 1.51, 1.38, 1.34, 1.36; float32 step 4
        # rows of 48, 64, 100, 200: 1.43, 0.92, 0.92, 0.97 -> 1.52, 1.22,
        # 1.66, 2.07; step 5 rows of 48, 64: 1.29, 0.89 -> 1.52, 1.23; step 3
        # rows of 100, 200, 500: 1.63, 1.64, 1.74 -> 1.71, 2.25, 2.39 (rows
        # of 33-64 at step 3 kept the transposed sweep: 1.5-2.2x).
        buffer = np.empty(n, dtype=base.dtype)
        o = u0 // inner
        i = u0 - o * inner
        for _ in range(u0, u1):
            start = off + o * so + i * si
            # Vector shuffles for 4-byte elements at steps 3-4 (rows of 100
            # float32 at step 4: 19 us against 22 by scalar loads); the
            # scalar copy alone otherwise: after a copy that may stop
            # anywhere, the loop finishing it ran 1.4x slower (float32 at
            # step 5: 27 us against 19), and float64 at step 4 copied
            # faster by scalar loads (27 us against 30).
            if base.itemsize == 4 and (sn == 3 or sn == 4):
                done = copy_strided(base, start, buffer, n, sn)
                for t in range(done, n):
                    buffer[t] = load_one(base, np.uintp(start + t * sn))
            else:
                for t in range(n):
                    buffer[t] = load_one(base, np.uintp(start + t * sn))
            out2[o, i] = scan_lanes(buffer, ZERO, n)
            o, i = next_row(o, i, inner)

    @njit_helper
    def scan_short_rows(base, off, u0, u1, inner, n, so, si, sn, out2):
        # Short rows, and short columns in narrow tiles ((10000, 3, 3),
        # axis=1): the scalar loop, inlined; a scan's or a sweep's set-up per
        # row cost more than the row.  A function of its own, its loops
        # plain where they can be: beside the other scans' code, or with
        # the bounds of a part of a row of rows computed per row, rows of 4
        # float64 ran at half the speed.
        if inner == 1:
            for o in range(u0, u1):
                out2[o, 0] = scan_exact_at(base, off + o * so, n, sn)
            return
        if u0 % inner == 0 and u1 % inner == 0:  # whole rows of rows
            for o in range(u0 // inner, u1 // inner):
                for i in range(inner):
                    out2[o, i] = scan_exact_at(base, off + o * so + i * si, n, sn)
            return
        for o in range(u0 // inner, (u1 + inner - 1) // inner):
            start = off + o * so
            for i in range(max(u0 - o * inner, 0), min(u1 - o * inner, inner)):
                out2[o, i] = scan_exact_at(base, start + i * si, n, sn)

    @njit_helper
    def scan_rows(base, off, u0, u1, inner, n, so, si, sn, out2):
        # Rows u0..u1-1 -> out2, each its best's index (row u is (o, i) =
        # divmod(u, inner), its elements base[off + o*so + i*si + j*sn]).
        base = _borrowed(base)  # see _borrowed: no reference taken per row
        if n > SHORT_ROW and copies_rows(base, off, n, sn, inner, si):
            scan_copied_rows(base, off, u0, u1, inner, n, so, si, sn, out2)
            return
        if n > SHORT_ROW and strided_lanes_rows(base, off, n, sn):
            scan_strided_rows(base, off, u0, u1, inner, n, so, si, sn, out2)
            return
        if n > SHORT_ROW and transposes(n, sn, u1 - u0):
            sweep_rows_transposed(base, off, u0, u1, inner, n, so, si, sn, out2)
            return
        if n <= SHORT_ROW:
            scan_short_rows(base, off, u0, u1, inner, n, so, si, sn, out2)
            return
        # argmax/argmin of floats: after a row holding a NaN, the next row
        # is searched for a NaN first, which ends it where NumPy's loop stops
        # too (rows of 1000 float64, 10% NaN: 0.11x NumPy scanned whole); a
        # row without one clears the hint, so NaN-free rows never pay.
        nan_rows = False
        for o in range(u0 // inner, (u1 + inner - 1) // inner):
            start = off + o * so
            first = max(u0 - o * inner, 0)
            last = min(u1 - o * inner, inner)
            if sn == 1:
                for i in range(first, last):
                    row = start + i * si
                    if nan_rows:
                        j = first_nan_at(base, row, n)
                        if j >= 0:
                            out2[o, i] = j
                            continue
                        nan_rows = False
                    j = scan_contiguous(base, row, n)
                    out2[o, i] = j
                    nan_rows = use_lanes and not skip_nan and isnan(base[row + j])
            else:
                for i in range(first, last):
                    out2[o, i] = scan_strided(base, start + i * si, n, sn)

    def nan_rows_lead(base, off, total, inner, n, so, si, sn, out2):
        """Rows answered by their first NaN, from the first, before scan_rows
        (and its threads) take the rest -> how many (rows as in scan_rows)."""

    # Compiled once, called by two kernels (inlined into both: +1-4 s compile a set).
    @overload(nan_rows_lead)
    def _nan_rows_lead_impl(base, off, total, inner, n, so, si, sn, out2):
        if skip_nan or not isinstance(base.dtype, types.Float):
            return lambda base, off, total, inner, n, so, si, sn, out2: 0

        def lead(base, off, total, inner, n, so, si, sn, out2):
            # argmax/argmin of float rows dense with NaN ((1000, 1000)
            # float64, 10% NaN: NumPy stops each row at its first NaN, ~8 ns
            # a row): each row's lead (first NAN_LEAD_BYTES), compared
            # without a branch, answers most rows in ~2.5 ns, on this
            # thread, with no threads to start (5 us, as much as the whole
            # job).  A row without a NaN there is searched further, whole
            # while such rows stay rare; the first NaN-free row ends the
            # lead (the scans take it on), so NaN-free input costs one lead.
            # (No scan here: calling scan_rows cost ~1.5 s of compile.)
            if sn != 1 or n * base.itemsize < NAN_LEAD_BYTES:
                return ZERO
            o = ZERO
            i = ZERO
            misses = 0
            # (Rows of rows: near a group's end it lands elsewhere, harmlessly.)
            ahead = NAN_LEAD_AHEAD * (so if inner == 1 else si)
            for u in range(total):
                row = off + o * so + i * si
                prefetch(base, row + ahead)
                prefetch(base, row + ahead + CACHE_LINE // base.itemsize)
                j = first_nan_of_lead(base, row)
                if j < 0:
                    # Further by the vector search: a little (NAN_PREFIX),
                    # or the whole row while misses are allowed.
                    hits = u - misses
                    allowed = u > 0 and misses < NAN_LEAD_MISSES + hits // NAN_LEAD_HITS_PER_MISS
                    j = first_nan_at(base, row, n if allowed else min(n, NAN_PREFIX))
                    if j < 0:
                        return u  # NaN-free (or not searched): the scans take it on
                    if j >= NAN_PREFIX:
                        misses += 1
                out2[o, i] = j
                o, i = next_row(o, i, inner)
            return total

        lead.__qualname__ = f"nan_rows_lead_{name}"  # a symbol of its own (see below)
        return lead

    @njit_helper
    def scan_lines(span, first, n0, s0, n1, s1, n, sn, line0, line1):
        # The lines span[first + i0*s0 + i1*s1 + j*sn] (j < n) of a view,
        # numbered i0*n1 + i1 in logical order, from line0 up to line1 -> the
        # flat index (line*n + j) of the first best element of all of them
        # (see _reduce_view_body).  Lines are taken in groups,
        # each group's best merged strictly into the best so far, so the
        # first occurrence wins.  A long line is a group of its own, scanned
        # in place; short lines are copied, whole lines at a time, into an L1
        # buffer scanned as one contiguous row: per line the row scans'
        # set-up cost more than the line (x[::2, ::2] of 10000x100 float32,
        # lines of 50: 238 us line by line, NumPy's copy and scan 78 us).
        buffered = n * span.itemsize < LINE_BUFFER_MAX_BYTES and line1 - line0 > 1
        per_group = max(LINE_BUFFER_BYTES // span.itemsize // n, 1) if buffered else 1
        buffer = np.empty(per_group * n if buffered else 0, dtype=span.dtype)
        best = key(span[first])
        index = -1
        valid = False  # a nan-variant found a number
        for g0 in range(line0, line1, per_group):
            g1 = min(g0 + per_group, line1)
            i0 = g0 // n1
            i1 = g0 - i0 * n1
            start = first + i0 * s0 + i1 * s1
            if buffered:
                p = 0
                for _ in range(g1 - g0):
                    copy_line(buffer, p, span, first + i0 * s0 + i1 * s1, n, sn)
                    p += n
                    i1 += 1
                    if i1 == n1:
                        i0 += 1
                        i1 = 0
                j = scan_strided(buffer, ZERO, (g1 - g0) * n, ONE)
                x = buffer[max(j, 0)]
            else:
                j = scan_strided(span, start, n, sn)
                x = span[start + max(j, 0) * sn]
            # A nan-variant's group of NaN only: NumPy's argmax of the
            # NaN-filled values sees the fill value at its first element.
            valid |= j >= 0
            j = max(j, 0)
            if not skip_nan and isnan(x):
                return g0 * n + j  # the first group holding a NaN: its first NaN
            k = key(x)
            if index < 0 or better(k, best):
                best = k
                index = g0 * n + j
                if stop_at_top and is_top(best):
                    return index
        if skip_nan and not valid:
            return -1
        return index

    @njit(inline="always")
    def scan_pieces(base, start, lo, hi, sn, first, piece, hint, part):
        # The best of base[start + j*sn], lo <= j < hi, as its index j (-1: a
        # nan-variant's all-NaN range), read in pieces: `first` elements,
        # then twice as many each time up to `piece`; done after a piece holding a top key (a
        # NaN, the dtype's top value), or before the next one once hint[0]
        # (another thread's find, see _row_parallel_body) is below `part`.
        index = -1
        best = key(base[start + lo * sn])
        s = lo
        size = first
        while s < hi:
            if s > lo and load_relaxed(hint, 0) < part:
                break
            j = scan_strided(base, start + s * sn, min(size, hi - s), sn)
            if j >= 0:
                k = key(base[start + (s + j) * sn])
                if index < 0 or beats(k, best):
                    best = k
                    index = s + j
                    if is_top(k):
                        break
            s += size
            size = min(2 * size, piece)
        return index

    # The entry points read these helpers as *globals* of their own copy:
    # Numba's on-disk cache keys a closure by pickling its cells, and
    # dispatchers pickle differently in every process (the cache would never
    # hit); a function without closure cells gets a stable key.
    helpers = {
        "key": key,
        "beats": beats,
        "suspect": suspect,
        "is_top": is_top,
        "scan_exact": scan_exact,
        "scan_exact_at": scan_exact_at,
        "better": better,
        "isnan": isnan,
        "stop_at_top": stop_at_top,
        "skip_nan": skip_nan,
        "scan_blocks": scan_blocks,
        "scan_strided": scan_strided,
        "scan_strided_exact": scan_strided_exact,
        "scan_contiguous": scan_contiguous, "nan_early": nan_early,
        "sweep_tile": sweep_tile,
        "finish_tile": finish_tile,
        "finish_folded": finish_folded,
        "sweep_block": sweep_block,
        "scan_lines": scan_lines,
        "scan_rows": scan_rows,
        "scan_pieces": scan_pieces,
        "ends_at_nan": ends_at_nan,
        "nan_rows_lead": nan_rows_lead,
    }
    # Compiled code calls a helper by a symbol made of its qualname and a
    # per-process counter: argmax's and argmin's scan_exact, compiled in two
    # processes and loaded from the on-disk cache into a third, could share
    # one symbol, and the one loaded first would answer for both.  Each
    # operation's helpers get qualnames of their own.
    for helper in (scan_exact, scan_blocks, scan_lanes_strided, scan_row_blocked,
                   scan_row_blocked_at, scan_first_nan, scan_reversed,
                   scan_gathered, scan_far, scan_short_lanes,
                   scan_keyed, scan_strided_exact, scan_strided, sweep_register, sweep_tile,
                   sweep_blocks, finish_tile, finish_folded, sweep_block, scan_lines,
                   sweep_rows_transposed, scan_short_rows, scan_strided_rows, scan_copied_rows,
                   scan_rows):
        helper.py_func.__qualname__ = f"{helper.py_func.__name__}_{name}"
    namespace = dict(globals(), **helpers)
    compiled = []
    for body, parallel in (
        (_reduce_flat_body, False),
        (_reduce_3d_body, False),
        (_reduce_view_body, False),
        (_row_parallel_body, True),
        (_rows_parallel_body, True),
        (_sweep_parallel_body, True),
        (_view_parallel_body, True),
    ):
        # A distinct qualname per operation gives each its own on-disk cache.
        qualname = f"{body.__name__[1:-5]}_{name}"
        func = FunctionType(body.__code__, namespace, qualname, body.__defaults__)
        func.__qualname__ = qualname
        compiled.append(jit_cached(func, nogil=True, parallel=parallel))
    return _Kernels(*compiled)


@njit_helper
def filled(shape, value):
    """``np.full(shape, value)``, for the parallel kernels: there np.full (and
    np.zeros) outside a prange is a parallel region of its own, threads
    started to fill a few elements (~1.2 us a call)."""
    return np.full(shape, value)


@njit(inline="always")
def view_lines(view):
    # The lines along the last axis of the 3-D view: (span, first, n0, s0,
    # n1, s1, n, sn), line i0*n1 + i1 at span[first + i0*s0 + i1*s1], lines
    # that continue into the next merged into one.
    span, first, strides = _view_span(view)
    n0, n1, n = view.shape
    s0, s1, sn = strides
    if s1 == n * sn or n1 == 1:
        n, n1, s1 = n * n1, 1, 0
    if n1 == 1:
        n1, s1, n0, s0 = n0, s0, 1, 0
        if s1 == n * sn or n1 == 1:
            n, n1 = n * n1, 1
    return span, first, n0, s0, n1, s1, n, sn


# --- entry points -----------------------------------------------------------
# Bodies only: _build gives each operation a copy whose globals hold that
# operation's helpers (key, beats, scan_blocks, ...), then compiles it.

# ruff: noqa: F821 (the helpers are globals of each built copy)


def _reduce_flat_body(base, off, n, sn):
    # base may also be a strided 1-D view (layout 'A', a signature of its
    # own): it is read through its memory span, as the helpers read bases.
    span, first, step = as_span(base)
    return scan_strided(span, first + off * step, n, sn * step)


def _reduce_view_body(view):
    # All of a 3-D view (a 2-D one comes as view[None]), its index in C
    # order: the lines along the last axis (the densest in memory: the
    # caller checks) by scan_lines (NumPy copies such a view first;
    # argmax(x[::2]) of 300x300 float32 was 5.5 us in NumPy and 40 us in
    # Python stages around our kernels).
    span, first, n0, s0, n1, s1, n, sn = view_lines(view)
    return scan_lines(span, first, n0, s0, n1, s1, n, sn, ZERO, n0 * n1)


def _view_parallel_body(view, nchunks):
    # _reduce_view_body on threads: the lines split into nchunks runs of
    # consecutive lines, each run's best found by scan_lines, then the runs'
    # bests merged in order exactly as scan_lines merges its groups (the
    # first run holding a NaN gives its first NaN; otherwise strict
    # comparisons, so the first occurrence wins).
    span, first, n0, s0, n1, s1, n, sn = view_lines(view)
    total = n0 * n1
    step = (total + nchunks - 1) // nchunks
    nparts = (total + step - 1) // step
    found = np.empty(nparts, dtype=np.intp)
    for c in prange(nparts):
        found[c] = scan_lines(span, first, n0, s0, n1, s1, n, sn, c * step,
                              min(c * step + step, total))
    best = key(span[first])
    index = -1
    valid = False  # a nan-variant found a number
    for c in range(nparts):
        valid |= found[c] >= 0
        # A nan-variant's run of NaN only: the fill value at its first element.
        f = max(found[c], c * step * n)
        line = f // n
        i0 = line // n1
        x = span[first + i0 * s0 + (line - i0 * n1) * s1 + (f - line * n) * sn]
        if not skip_nan and isnan(x):
            return f
        k = key(x)
        if index < 0 or better(k, best):
            best = k
            index = f
    if skip_nan and not valid:
        return -1
    return index


def _reduce_3d_body(base, off, outer, n, inner, so, sn, si, out2):
    base = _borrowed(base)  # see _borrowed: no reference taken per row
    out2 = _borrowed(out2)
    if si == 1 and inner > 1 and sn != 1 and not _narrow_columns(n, sn, inner, base.itemsize):
        # Columns: rows swept in place, a tile of contiguous columns at a
        # time (not the narrow tiles narrow_columns names).
        w0 = max(min(inner, SWEEP_TILE), SWEEP_BUFFER)  # the register sweep writes whole vectors
        best = np.full(w0, key(base[off]))
        index = np.empty(w0, dtype=np.intp)
        for o in range(outer):
            for t0 in range(0, inner, SWEEP_TILE):
                w = min(SWEEP_TILE, inner - t0)
                start = off + o * so + t0
                sweep_block(base, start, n, sn, w, out2[o, t0 : t0 + w], best, index)
    else:
        done = nan_rows_lead(base, off, outer * inner, inner, n, so, si, sn, out2)
        scan_rows(base, off, done, outer * inner, inner, n, so, si, sn, out2)


def _sweep_parallel_body(base, off, outer, n, inner, so, sn, out2, nchunks):
    base = _borrowed(base)  # see _borrowed: no reference taken per row
    ntiles = (inner + SWEEP_TILE - 1) // SWEEP_TILE
    if outer * ntiles >= nchunks:
        for unit in prange(outer * ntiles):
            o = unit // ntiles  # not divmod: parfors type its result as float
            t0 = (unit - o * ntiles) * SWEEP_TILE
            w = min(SWEEP_TILE, inner - t0)
            best = np.full(max(w, SWEEP_BUFFER), key(base[off]))
            index = np.empty(max(w, SWEEP_BUFFER), dtype=np.intp)
            start = off + o * so + t0
            sweep_block(base, start, n, sn, w, out2[o, t0 : t0 + w], best, index)
        return
    # Few column tiles: split the rows into chunks instead, then merge the
    # chunks' bests in row order (strict, so the first occurrence wins).
    # Narrow rows one after another: their folded rows (see sweep_block).
    for o in range(outer):
        for t0 in range(0, inner, SWEEP_TILE):
            w = min(SWEEP_TILE, inner - t0)
            start = off + o * so + t0
            per = _rows_per_fold(n, sn, w, base.itemsize)
            rows, width, pitch = (n // per, per * w, per * w) if per > 1 else (n, w, sn)
            step = (rows + nchunks - 1) // nchunks
            nparts = (rows + step - 1) // step
            # Each chunk's row of bests/indices is padded by 64 elements:
            # chunks update theirs for every row swept, and two of them
            # sharing a cache line made the parallel sweep slower than the
            # serial one (by 2-5x, depending on where the allocation fell).
            bests = filled((nparts, max(width, SWEEP_BUFFER) + 64), key(base[off]))
            indices = np.empty((nparts, max(width, SWEEP_BUFFER) + 64), dtype=np.intp)
            for c in prange(nparts):
                j0 = c * step
                sweep_tile(base, start, j0, min(j0 + step, rows), pitch, width, bests[c],
                           indices[c])
            best = bests[0]
            index = indices[0]
            for c in range(1, nparts):
                for i in range(width):
                    if beats(bests[c, i], best[i]):
                        best[i] = bests[c, i]
                        index[i] = indices[c, i]
            if per > 1:
                finish_folded(base, start, n, w, per, best, index, out2[o, t0 : t0 + w])
            else:
                finish_tile(base, start, n, sn, w, best, index, out2[o, t0 : t0 + w])


def _rows_parallel_body(base, off, outer, n, inner, so, sn, si, out2, nchunks):
    base = _borrowed(base)  # see _borrowed: no reference taken per row
    total = outer * inner
    done = nan_rows_lead(base, off, total, inner, n, so, si, sn, out2)
    # Every row held a NaN early (no threads started), or (nchunks 0) the
    # caller asked for that lead alone: the rows it answered.
    if done == total or nchunks < 1:
        return done
    step = (total - done + nchunks - 1) // nchunks
    for c in prange(nchunks):
        u0 = min(done + c * step, total)
        scan_rows(base, off, u0, min(u0 + step, total), inner, n, so, si, sn, out2)
    return total


def _row_parallel_body(base, start, n, sn, nchunks):
    # One long row (base[start + j * sn]), cut into parts dealt round-robin
    # to the threads (thread t scans parts t, t + nchunks, ...), merged in
    # order so the first occurrence (and the first NaN) wins.  Round-robin,
    # both threads reach a NaN (or the dtype's top value) together, and
    # parts after one known to hold it are skipped: a NaN in the middle
    # costs a quarter of the row per thread, not half.  A part is read in
    # pieces of PARALLEL_PIECE_BYTES, and a thread leaves its part at the
    # next piece once a part before it holds a top key (a NaN early in the
    # row cost a whole part of the other thread: 1e7 float64, NaN at 100,
    # 60 us against NumPy's 1.1 us; in pieces 7 us).  nchunks < 1: no
    # threads, the row read on this thread in pieces of LEAD_FIRST_PIECE
    # doubling up to LEAD_PIECE, stopping at the first piece holding a top
    # key: the lead a caller scans before it takes threads (see
    # _flat._large_index).
    if sn == 1 and nan_early(base, start, n):  # before starting any thread
        return scan_exact(base[start : start + n])
    spread = min(max(abs(sn), 1), 8)
    if nchunks < 1:
        piece = max(LEAD_PIECE // spread, 1)
        hint = filled(1, ZERO)  # (no other thread)
        index = scan_pieces(base, start, 0, n, sn, min(LEAD_FIRST_PIECE, piece), piece, hint, -1)
    else:
        # The first HEAD_PARTS parts are single pieces, dealt in turn: a NaN
        # just past a caller's lead is reached by all threads together.  Then
        # parts of at least a piece, at most 8 a thread: few enough that each
        # thread streams long runs of memory (parts of single pieces of 16K
        # elements throughout: 1e7 float32 1.5x NumPy -> 1.3x, x[::8] of 1e6
        # float32 2.8x -> 1.8x).  Pieces count memory, not elements: a
        # strided row reads up to 8 times as much per element (x[::4] of 1e5
        # float64 in 2 parts gave one thread twice the other's work).
        # (Pieces of at most a sixteenth a thread: 1e6 int8 in 4 pieces of
        # 256 KiB gave one thread 10% more than the other.)
        piece = min(PARALLEL_PIECE_BYTES // (base.itemsize * spread), n // (8 * nchunks))
        piece = max(piece, 1)
        head_parts = min(HEAD_PARTS, n // piece)
        head = head_parts * piece
        step = max(piece, (n - head + 8 * nchunks - 1) // (8 * nchunks))
        nparts = head_parts + (n - head + step - 1) // step
        # The first part known to hold a top key: a hint other threads read
        # (racy but safe: a part is left only after a part before it found
        # one, and the merge stops there).  Padded to its own cache line.
        first_top = filled(16, nparts)
        indices = filled(nparts, -ONE)  # parts left unread are never merged
        for t in prange(nchunks):
            for c in range(t, nparts, nchunks):
                # Atomic (relaxed) loads and stores (in scan_pieces too): a
                # plain load LLVM keeps in a register for the whole loop, and
                # the other thread's find is never seen.
                if load_relaxed(first_top, 0) < c:
                    break
                lo = c * piece if c < head_parts else head + (c - head_parts) * step
                hi = min(lo + (piece if c < head_parts else step), n)
                # A head part of floats is read in short pieces first,
                # growing: the thread without a NaN just past a caller's lead
                # leaves its part soon after the other finds it (a whole
                # piece of 32K float64 first: 3 us more; int8 in such pieces
                # scanned 20% slower).
                short = c < head_parts and ends_at_nan(base)
                first = min(LEAD_FIRST_PIECE, piece) if short else piece
                j = scan_pieces(base, start, lo, hi, sn, first, piece, first_top, c)
                indices[c] = j  # -1: a nan-variant's all-NaN part
                if j >= 0 and is_top(key(base[start + j * sn])):
                    if c < load_relaxed(first_top, 0):
                        store_relaxed(first_top, 0, c)
        best = key(base[start])
        index = -1
        for c in range(nparts):
            j = indices[c]
            if j < 0:
                continue
            k = key(base[start + j * sn])
            if index < 0 or beats(k, best):
                best = k
                index = j
                if is_top(best):  # a NaN (or the top value): no later part beats it
                    break
    if index >= 0 and suspect(key(base[start + index * sn])):
        return scan_strided_exact(base, start, n, sn)
    return index
