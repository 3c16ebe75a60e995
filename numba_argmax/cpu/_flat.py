"""The lean paths for the commonest calls: ``argmax(a)`` and ``argmax(a, axis=k)``.

``np.argmax(a)`` on an in-cache array takes 1-10 us, so every microsecond of
Python between the call and the kernel shows in the ratio against NumPy.
This path resolves, once per (dtype, operation), what to call, and then
does nothing per call but a dict lookup, one kernel call and the result
conversion.  Anything unusual (other layouts, ``axis``/``out``/``keepdims``,
sizes where the parallel kernels may run, dtypes NumPy must handle) returns
None and takes the general path, which gives the same answers.
"""

import math

import numpy as np
from numba import typeof, types

from . import _reduce
from ._kernels import (
    KIND_BOOL,
    KIND_FLOAT16,
    KIND_NAT,
    SHORT_ROW,
    folds,
    kernels_for,
)
from ._lanes import NAN_LEAD_BYTES, strided_lanes_steps

#: Up to this many elements argmax/argmin of these dtypes is ndarray's own
#: method: NumPy's SIMD loop is as fast as ours there, and skipping
#: ``np.argmax``'s dispatch makes the call 1.5-2.7x faster than NumPy's.
#: Its answer is NumPy's by definition.
NUMPY_METHOD_MAX_SIZE = 1 << 15
#: ...but strided input above this size goes to the kernels when they read
#: it in place faster than the method copies it (see :func:`read_in_place`).
STRIDED_METHOD_MAX_SIZE = 4096
#: Up to this size, any layout is the method's, decided in the public
#: functions themselves (~0.2 us sooner than in flat_index: 2.4x
#: ``np.argmax`` for 100 float64 instead of 1.6x).
SMALL_METHOD_MAX_SIZE = STRIDED_METHOD_MAX_SIZE
#: Integers wider than a byte: all of a C-contiguous array is the method's
#: at every size the kernels would scan serially (below the parallel size,
#: see _reduce.flat_cost).  NumPy's SIMD loop scans them in cache as fast as
#: the kernels, which then only add our call's cost.  Measured against
#: np.argmax, 32768-400000 elements (method / kernels): int16 1.94-1.15x /
#: 1.39-0.81x (0.81x at 65536), int32 1.63-1.10x / 1.24-0.91x, int64
#: 1.34-1.08x / 1.25-0.79x.  Bytes keep the kernels (a block holding the
#: top value ends their scan: 5-30x on full-range data), and floats (the
#: kernels 1.1-1.4x from 50000 elements, the method 1.05-1.26x).
WIDE_INT_METHOD_CHARS = frozenset("hHiIlLqQpP")
#: dtype chars whose ndarray.argmax/argmin is a SIMD loop (NumPy 2.x).
METHOD_CHARS = frozenset("?bhilqpBHILQPfd")
#: dtype chars whose ndarray.argmax/argmin is a scalar loop (float16,
#: complex, datetime64/timedelta64) -> the size up to which the method
#: answers, where its loop costs less than our call's set-up (float16
#: n=100: the method 3.4x np.argmax, the kernel 0.88x; n=1024: 1.46x /
#: 1.90x; complex64 n=512: 2.2x / 1.25x, n=1024: 1.7x / 1.55x; datetime64,
#: us, method / kernel: n=100 0.25 / 1.33, 1000 0.99 / 1.61, 2000 1.82 /
#: 1.92, 4096 3.55 / 2.26).
SCALAR_METHOD_MAX_SIZES = {"e": 512, "F": 512, "D": 512, "M": 2048, "m": 2048}
#: ...and with an axis, any layout, up to these sizes (our call's set-up,
#: 2.5-5 us for a view, costs more than their scalar loops).  Measured,
#: NumPy / the kernels and NumPy / the method: complex128 (50, 60) ``axis=1``
#: 0.92 / 1.27x, ``x[::2]`` 0.65 / 1.39x, complex64 (20, 25) 0.61 / 2.26x,
#: (80, 100) 0.79-1.21 / 1.10-1.18x; datetime64 (30, 40) ``axis=1`` 0.60 /
#: 1.78x, (50, 60)``[::2]`` 0.52 / 1.50x, (80, 100) 0.85-2.6 / 1.10-1.21x;
#: float16 (30, 40)``[::2]`` 0.62-0.71 / 1.38-1.44x, (30, 40) 1.27-1.91 /
#: 1.22-1.26x.
SCALAR_AXIS_METHOD_MAX_SIZES = {"e": 1024, "F": 4096, "D": 4096, "M": 4096, "m": 4096}
#: ...and complex64 views along their last axis when it is strided or
#: reversed (``x[:, ::2]``, ``x[..., ::-1]``: the third and sixth classes
#: of VIEW_AXIS_METHOD_MAX_SIZES), up to
#: 65536 elements: the kernels' complex64 rows read that way cost more than
#: NumPy's copy and loop ((100, 150)``[..., ::-1]`` axis=1 0.77x, ``[:, ::2]``
#: 0.73x; (150, 200) 0.79-0.89x; (200, 300) 0.94-0.98x).  complex128 there
#: is 1.0-1.5x on the kernels.
SCALAR_VIEW_AXIS_METHOD_MAX_SIZES = {"F": (-1, -1, 1 << 16, -1, -1, 1 << 16)}
#: dtypes where ndarray's method wins at every serial size: bool (NumPy's
#: loop runs at cache bandwidth and exits at the first True).
_NUMPY_METHOD_ALWAYS_CHARS = frozenset("?")

#: Up to this many elements ``argmax(a, axis=k)`` is ndarray's method too,
#: for any axis and layout: our call costs ~1.3 us more than the method's
#: before a kernel starts (float64 (64, 64), axis=0: the method 1.35x
#: NumPy, the kernels 0.96x; (100, 100): 1.18x both).
AXIS_METHOD_MAX_SIZE = 4096
#: C-contiguous rows (the last axis) below the parallel size: the method for
#: up to this many elements in all...
ROW_METHOD_MAX_SIZE = 1 << 14
#: ...and for rows at least this long, by itemsize: there NumPy's per-row
#: SIMD loop is as fast as ours (float64 rows of 32 to 1000: the method
#: 1.02-1.1x NumPy, the kernels 0.64-1.05x), and our call's ~1.9 us of
#: Python around a serial kernel is not won back.  Shorter rows are the
#: kernels' (int16 rows of 256: 2.1x; float64 rows of 8: 4.9x; NumPy's loops
#: for 1- and 2-byte ints pay more per row).  Measured, NumPy / the kernels
#: and NumPy / the method, 300 KB of rows: int16 rows of 2048 1.02 / 0.98x,
#: 4096 0.92-0.95 / 0.99x, 32768 0.78-0.81 / 0.96-0.97x; int8 rows of 2048
#: 1.32 / 1.08x, 4096 1.00 / 1.12x, 16384 0.82 / 1.20x.
ROW_METHOD_MIN_ROW = {8: 32, 4: 64, 2: 4096, 1: 4096}
#: Such rows cost less than this for the method (see _reduce.rows_cost), by
#: itemsize; others: PARALLEL_MIN_BYTES.  int8 rows on two threads vary:
#: NumPy / the kernels and NumPy / the method, 1 MB of rows of 32768
#: 0.80-1.11 / 1.12-1.16x, 1.5 MB 0.86-1.19 / 1.08-1.12x, 3 MB 1.18-1.36 /
#: 1.05x.
ROW_METHOD_MAX_COSTS = {1: 1 << 22}
#: ...and rows shorter than _reduce.LONG_ROW_BYTES (costing LINE_SCAN_COST
#: times their bytes), by dtype char: NumPy's row loops for 4- and 8-byte
#: types keep up with ours on two threads below these sizes, int64's most.
#: Measured, NumPy / ours on threads and NumPy / the method, rows of 100,
#: 300 and 1000: float64 768 KB 1.00-1.03 / 0.99-1.13x, 1 MB 1.03-1.28 /
#: 1.06-1.11x; int64 1 MB 0.91-1.08 / 1.08-1.09x, 1.5 MB 0.90-1.10 /
#: 1.06-1.08x, 2 MB 0.95-1.04 / 1.05-1.06x, 2.4 MB (rows of 1000) 1.22 /
#: 1.02x; float32 and int32 512 KB 0.99-1.00 / 1.02-1.12x, 768 KB
#: 1.33-1.86 / 1.03-1.09x.  ((300, 300) float64 ``axis=1`` on threads: 0.86x.)
SHORT_ROWS_METHOD_MAX_COSTS = {
    "f": 3 << 20, "i": 3 << 20, "I": 3 << 20, "d": 1 << 22,
    "l": 1 << 23, "L": 1 << 23, "q": 1 << 23, "Q": 1 << 23,
}  # fmt: skip
#: Rows shorter than LONG_ROW_BYTES below the sizes above: the kernels from
#: (bytes, row length, rows), by dtype char, where their block scan
#: (_lanes.block_lanes) beats NumPy's row loop.  Measured through the API,
#: NumPy / the kernels (the method: 1.0x), 48K / 64K / 96K elements:
#: float32 rows of 64 1.12 / 1.13 / 1.15x, 100 1.23 / 1.27 / 1.31x, 300
#: 1.13 / 1.20 / 1.26x, 1000 0.99 / 1.05 / 1.10x; int32 rows of 64 1.03 /
#: 1.05 / 1.04x, 100 1.08 / 1.11 / 1.15x, 300 1.19 / 1.27 / 1.34x, 1000
#: 0.97 / 1.03 / 1.10x, 3000 (16-32 rows) 0.84 / 0.92 / 0.94x.  float64,
#: 32K / 64K / 128K elements: rows of 300 0.85 / 0.90 / 0.90x, 500 0.94 /
#: 0.99 / 0.98x, 1000 0.98 / 1.11 / 1.18x, 2000 1.04 / 1.19 / 1.20x, 4000
#: 1.03 / 1.20 / 1.26x.  (int64 rows tie with NumPy's loop: the method.)
BLOCK_ROWS_MIN = {
    "f": (3 << 16, 0, 64), "i": (3 << 16, 0, 64), "I": (3 << 16, 0, 64),
    "d": (1 << 19, 1000, 0),
}  # fmt: skip
#: bool along a strided axis: the method for tiles narrower than this
#: (the kernels sweep bool keys in blocks of 127 rows, int8 row numbers,
#: stopping once each column holds a True: all False, axis=0, (1000000, 4)
#: 0.89x NumPy, (10000, 6) 0.44x, (10000, 8) 1.08x, (1000000, 16) 4.6x;
#: random data with a True early in each column 25-70x), unless the kernels
#: scan the columns one by one ((10000, 3, 3), axis=1: 1.7x) or sweep the
#: rows folded (_kernels.folds: all False (10000, 2) 2.3x, (10000, 4) 3.6x,
#: (1000000, 4) 17.7x).  bool rows are always the method.
BOOL_SWEEP_MIN_INNER = 8

#: Columns every 2nd-4th element (``x.T[::2]``), reduced whole, up to this
#: size: the method (see _columns_index).
VIEW_AXIS_METHOD_MAX_SIZE = 1 << 16
#: 2-D input whose first axis is contiguous (Fortran order, ``x.T``),
#: reduced whole, up to this size: the method; larger, the columns are swept
#: in place (see _columns_index).  Measured, both ways, for 1- to 8-byte
#: types: they cross at 20-22K elements ((180, 180): 1.2-1.35x the method).
COLUMNS_METHOD_MAX_SIZE = 22528
#: ...and of 3 or more dimensions (Fortran order), up to this size: the
#: kept axes cost more Python.  Measured, NumPy / the kernels and NumPy /
#: the method: (4, 100, 100) float32 0.89 / 1.06x, uint8 0.86 / 1.18x, bool
#: 0.75 / 1.08x; (16, 50, 50) uint8 0.71 / 1.08x; but (64, 30, 30) 1.29-1.34
#: / 1.02-1.04x, (8, 100, 100) 1.07-1.80 / 1.03-1.06x.
COLUMNS_ND_METHOD_MAX_SIZE = 49152

#: Non-contiguous views (not Fortran order) with an axis, up to these many
#: elements: ndarray's method (it copies the view, as np.argmax does, then
#: runs its SIMD loop); larger ones are read in place by the kernels.  By
#: itemsize, the sizes for (a reduced axis before a contiguous last one,
#: whose rows the kernels sweep: ``x[::2]`` axis=0; the contiguous last axis:
#: ``x[::2]`` axis=1; a strided last axis: ``x[:, ::2]`` axis=1; others:
#: ``x[:, ::2]`` axis=0).  Measured where the two cross, float64/int64,
#: float32/int32, int16, int8 views of square arrays: 10-12K, 4-5K, under 5K,
#: under 5K elements; 21-30K, 30-45K, 7-14K, 5-7K; 20-28K, 15-20K, 7-8K,
#: 15-25K; 15-22K, 10-18K, 5-9K, 4-5K.  Swept rows take the method up to 12K
#: whatever the itemsize: NumPy's time there depends on the shape more than
#: ours ((1000, 8)[::-1] float32 axis=0: 3.6 us, the kernels 5.5 us; (16,
#: 500)[::-1]: 6.6 us, the kernels 3.9 us), and only for reduced axes of
#: SWEPT_ROWS_METHOD_MIN_LENGTH and more: NumPy scans each output's short
#: row alone ((10, 30, 40) float32 axis=0, 1200 rows of 10: the method 11.1
#: us, the kernels 4.3 us).  Below AXIS_METHOD_MAX_SIZE every array is the
#: method.  bool: the method for all but swept rows up to 65536, and at
#: every size along the last axis (NumPy copies the view, then stops each
#: row at its first True; the kernels read bool rows whole: (1000, 1000),
#: 31% True, ``axis=1`` of ``x[..., ::-1]`` 0.10x NumPy, ``x[:, ::2]``
#: 0.09x, ``x[::2]`` 0.27x, against 1.03-1.12x on the method; with no True
#: at all the kernels won only ``x[:, 1:]`` and ``x[::2]``, by 1.2-1.4x).
#: Two more classes: rows along a reversed contiguous last axis
#: (``x[..., ::-1]`` axis=-1, the sixth) take the second one's sizes
#: (complex64 its own, see SCALAR_VIEW_AXIS_METHOD_MAX_SIZES); swept rows
#: read backwards (``x[::-1]`` axis=0, the fifth) at least
#: REVERSED_SWEEP_MIN_WIDTH wide take the first one's sizes but for bool:
#: the kernels sweep bool rows in memory order with an intp row number per
#: column (slow for bytes), while NumPy's copy and bool loop are fast up to
#: ~250K elements: (300, 300) 31% True, kernels 51 us, NumPy 28 us (0.56x),
#: (200, 200) 0.56-0.70x, (300, 200) 0.60-0.69x, (500, 150) 0.86-0.91x,
#: (100, 2000) 0.83-1.12x; narrower rows keep the kernels ((1000, 64)
#: 1.31-1.36x, (2000, 100) 1.16-1.19x), as do larger arrays ((1000, 1000)
#: 1.55x, (3000, 300) 1.30x).
VIEW_AXIS_METHOD_MAX_SIZES = {
    8: (12288, 24576, 24576, 20480, 12288, 24576),
    4: (12288, 36864, 18432, 16384, 12288, 36864),
    2: (12288, 8192, 8192, 6144, 12288, 8192),
    1: (12288, 6144, 20480, 4096, 12288, 6144),
}
SWEPT_ROWS_METHOD_MIN_LENGTH = 32
REVERSED_SWEEP_MIN_WIDTH = 128
_BOOL_VIEW_AXIS_METHOD_MAX_SIZES = (4096, 1 << 62, 1 << 62, 1 << 16, 1 << 18, 1 << 62)
_NO_VIEW_AXIS_METHOD = (-1, -1, -1, -1, -1, -1)

#: Views reading fewer bytes than this are reduced whole (axis=None) line by
#: line, on threads from PARALLEL_MIN_BYTES of read_cost (runs of lines,
#: view_parallel: (10000, 100)[:, ::-1] float64 1.1x -> 2.0x NumPy,
#: (1000, 1000)[::3, ::3] float64 1.1x -> 2.1x, (3000, 1000)[:, ::7] float64
#: 0.9x -> 1.4x); larger ones too, unless parallel stages pay
#: (cpu/_reduce._two_stage; see _stages_pay).  Measured: (4000, 4000)
#: float32 x[::-1]: 3.1x NumPy in parallel stages against 1.9x serial;
#: (20000, 200) float64 x[1:-1, 1:-1]: 2.6x against 1.5x; but (200, 200,
#: 200) float32 x[::-1] (3-D stages: index arrays, a gather): 1.1x against
#: 2.1x serial, and (3000, 1000) float32 x[:, ::7]: 0.4x against 1.1x.
VIEW_SERIAL_MAX_BYTES = 1 << 23
#: Smaller views are ndarray's method (it copies them, as np.argmax does):
#: our call's Python before the kernel (~1.8 us) costs more than the copy
#: saves.  Measured (ratio to np.argmax, method / kernels): (200, 200)[::2]
#: float32 1.29x / 0.78x, int16 1.23x / 0.70x; (300, 300)[::2] float32
#: (180 KB) 1.14x / 1.12x; float64 (360 KB) 1.14x / 1.58x.
VIEW_METHOD_MAX_BYTES = 1 << 18
#: ...except views NumPy copies element by element while the kernels read
#: them by vectors (reversed lines, ``x[:, ::-1]``; strided lines that run
#: on into each other, ``x[:, ::2]``, read as one strided row): these are
#: the kernels' from this many elements.  Measured, method / kernels, 1- to
#: 8-byte types: they cross at 6-8K elements of the kernel call, 10-12K of
#: the whole call ((128, 128)[:, ::-1] float32 1.9x the method, (180,
#: 180)[:, ::2] 1.6-2.0x).
VIEW_VECTOR_LINES_MIN_SIZE = 12288
VIEW_PARALLEL_MIN_LINE = 1024
VIEW_PARALLEL_MIN_DENSE_LINE = 128

_entries = {}
#: Elements checked for a NaN before a large input's parallel kernel starts.
NAN_PREFIX = 64
#: Elements of a large C-contiguous row of real floats searched for a NaN
#: before the rest of its lead (see flat_index), by the lanes scan.
#: Measured, same-process medians, NumPy / ours, 1e6 float64 with a NaN at
#: 100 / 20000 / 50000: heads of 4096 0.95 / 0.94 / 1.09x, 32768 0.93 /
#: 1.26 / 1.13x, the whole lead 0.89 / 1.02 / -.
NAN_HEAD = 1 << 15
#: float16 and complex, whose kernels beat NumPy's scalar loops 3-50x: a
#: shorter head (see flat_index and _nan_head).  Measured, NumPy / ours,
#: NaN-free, heads of 0 / 4096 / 32768 (scanned again by the threads): 1e5
#: complex128 4.86 / 4.06 / 2.90x, 1e6 float16 52 / 47 / 39x.
NAN_HEAD_SMALL = 1 << 14
#: The lead of a large row of real floats scanned for a NaN before threads
#: start (see _large_index): this share of the row, at least LEAD_MIN_BYTES
#: and at most LEAD_MAX_BYTES of it.  A NaN just past the lead costs the
#: thread slot and the threads' start-up and join (~4 us), which NumPy does
#: not pay: the lead must be long enough for the serial kernel's lead over
#: NumPy (~1.2x in cache) to win that back.  Measured, NaN 1000 past the
#: lead, NumPy / ours: 256-512 KiB leads 0.59-0.77x, 1 MiB 0.82-0.88x,
#: 1.5-2 MiB 0.96-1.16x; what NaN-free arrays pay for them: 1e6 float32
#: 1.94 -> 1.49x, 1e6 float64 2.10 -> 1.79x, 1e7 within the noise.
LEAD_SHARE = 4
LEAD_MIN_BYTES = 3 << 19
LEAD_MAX_BYTES = 1 << 21


class _Entry:
    """What the lean path calls for one (dtype, operation)."""

    __slots__ = (
        "method_max_size", "axis_method_max_size", "row_method_min", "row_method_max_bytes",
        "short_rows_method_max_bytes", "block_rows_min",
        "sweep_method_inner", "view_axis_method_max_sizes", "view_dtype", "kernels", "kernel",
        "nan_first", "scalar_method_max_size", "contiguous_method_max_size",
        "direct_max_size", "direct_call", "parallel_call", "nan_rows", "is_max", "lead_min",
        "lead_max", "nan_lead_min_size", "base_call",
    )

    def __init__(self, view_dtype, kernels, nan_first=False):
        # Where ndarray's own method answers instead of the kernels (-1:
        # never); set by _entry_for for argmax/argmin of the method's dtypes.
        #: argmax(a) up to this size.
        self.method_max_size = -1
        #: argmax(a, axis=k) up to this size (any layout).
        self.axis_method_max_size = -1
        #: C-contiguous rows at least this long, costing less in all than
        #: row_method_max_bytes (see _reduce.rows_cost).
        self.row_method_min = -1
        self.row_method_max_bytes = _reduce.PARALLEL_MIN_BYTES
        #: ...or this, for rows shorter than _reduce.LONG_ROW_BYTES...
        self.short_rows_method_max_bytes = _reduce.PARALLEL_MIN_BYTES
        #: ...but not from these (bytes, row length, rows) on (see BLOCK_ROWS_MIN).
        self.block_rows_min = (1 << 62, 0, 0)
        #: A strided reduced axis with fewer columns.
        self.sweep_method_inner = 0
        #: Non-contiguous views with an axis up to these sizes, by the
        #: layout's class (see VIEW_AXIS_METHOD_MAX_SIZES).
        self.view_axis_method_max_sizes = _NO_VIEW_AXIS_METHOD
        self.view_dtype = view_dtype
        self.kernels = kernels
        self.kernel = None if kernels is None else kernels.reduce_flat
        #: Whether a NaN in the first elements decides the answer (argmax/argmin of floats).
        self.nan_first = nan_first
        #: argmax(a) of any layout up to this size (float16, complex: NumPy's
        #: scalar loop, see SCALAR_METHOD_MAX_SIZES).
        self.scalar_method_max_size = -1
        #: argmax(a) of a C-contiguous array up to this size: the larger of the two.
        self.contiguous_method_max_size = -1
        #: C-contiguous arrays (aligned, writeable) of fewer elements are
        #: scanned by direct_call, serially (see _reduce.flat_cost); 0
        #: without a kernel.
        self.direct_max_size = 0
        #: reduce_flat for such an array as a 1-D base (see _compiled_call;
        #: a view dtype's viewed on each call); it scans larger ones' NaN
        #: lead too (see flat_index).
        self.direct_call = None
        #: row_parallel for such a base (see _large_index).
        self.parallel_call = None
        #: reduce_flat for a C-contiguous, aligned, writeable 1-D base of
        #: the kernels' dtype: the array itself, or its view (float16's
        #: int16 bits, datetime's int64), see _compiled_call.
        self.base_call = None
        #: The shortest and longest NaN lead in elements (see _large_index).
        self.lead_min = self.lead_max = 0
        #: Whether rows may end at a NaN in their lead (argmax/argmin of
        #: real floats, see _kernels' nan_rows_lead and _large_index).
        self.nan_rows = False
        #: Whether the operation is a max (argmax, nanargmax).
        self.is_max = True
        #: C-contiguous arrays (aligned, writeable) of at least this many
        #: elements scan a NaN lead (argmax/argmin of real floats and
        #: complex, larger than the method's and direct_call's sizes):
        #: flat_index's first test, one comparison.
        self.nan_lead_min_size = 1 << 62


def _compiled_call(entry, name, kernel, view_dtype=None):
    """A stand-in for ``kernel`` as ``entry.<name>``, for arguments of known
    types (a C-contiguous, aligned, writeable 1-D base of the dtype the
    entry's kernels read, then ints): Numba's dispatcher for the first call
    (it compiles or loads the kernel), then the compiled entry point itself.
    The dispatcher works out every argument's type on each call (~0.1 us of
    an in-cache argmax's 1-2 us); here the caller checks them.  With
    ``view_dtype``, the base is of a dtype the kernels read as another
    (float16 as its int16 bits, datetime64 as int64), viewed on each call."""

    def first_call(base, *ints):
        if view_dtype is not None:
            base = base.view(view_dtype)
        index = kernel(base, *ints)
        signature = (typeof(base),) + (types.int64,) * len(ints)
        compiled = getattr(kernel, "overloads", {}).get(signature)
        call = getattr(compiled, "entry_point", None) or kernel
        setattr(entry, name, call if view_dtype is None else _viewing(call, view_dtype))
        return index

    return first_call


def _viewing(call, view_dtype):
    """``call`` for a base viewed as ``view_dtype`` first (see _compiled_call):
    reduce_flat's arguments, or row_parallel's (a named argument more:
    ``*args`` would cost 0.1 us a call)."""

    def viewed(base, start, n, step, nthreads=None):
        if nthreads is None:
            return call(base.view(view_dtype), start, n, step)
        return call(base.view(view_dtype), start, n, step, nthreads)

    return viewed


def _entry_for(dtype, op):
    nan_heads = False
    if not dtype.isnative or not _reduce.kernels_read(dtype):
        entry = _Entry(None, None)
    else:
        view, kind = _reduce.kernel_view(np.empty(1, dtype))
        skip_nan = op.skip_nan and kind not in (KIND_NAT, KIND_BOOL)
        skip_nan = skip_nan and (view.dtype.kind in "fc" or kind == KIND_FLOAT16)
        kernels = kernels_for(op.is_max, skip_nan, kind)
        nan_first = not op.skip_nan and dtype.kind in "fc" and kind not in (KIND_FLOAT16,)
        viewed = view.dtype if view.dtype != dtype else None
        entry = _Entry(viewed, kernels, nan_first)
        entry.nan_rows = nan_first and dtype.kind == "f"
        entry.is_max = op.is_max
        entry.base_call = _compiled_call(entry, "base_call", entry.kernel)
        entry.direct_call = _compiled_call(entry, "direct_call", entry.kernel, viewed)
        entry.parallel_call = _compiled_call(entry, "parallel_call", kernels.row_parallel, viewed)
        cost = dtype.itemsize * _reduce.FLAT_SCAN_COST
        entry.direct_max_size = math.ceil(_reduce.PARALLEL_MIN_BYTES / cost)
        entry.lead_min = LEAD_MIN_BYTES // dtype.itemsize
        entry.lead_max = LEAD_MAX_BYTES // dtype.itemsize
        if dtype.kind == "c" or kind == KIND_FLOAT16:
            # Their NaN lead is a head of NAN_HEAD_SMALL (see flat_index).
            entry.lead_min = entry.lead_max = NAN_HEAD_SMALL
        # A NaN in the first elements is the answer (flat_index's lead
        # branch): argmax/argmin of floats and complex.
        nan_heads = not op.skip_nan and dtype.kind in "fc"
    # The nan-variants of non-float dtypes are argmax/argmin (NumPy says so too).
    numpy_equivalent = not op.skip_nan or dtype.kind in "biuMm"
    if numpy_equivalent and dtype.char in METHOD_CHARS and NUMPY_METHOD_MAX_SIZE >= 0:
        entry.method_max_size = NUMPY_METHOD_MAX_SIZE
        if dtype.char in WIDE_INT_METHOD_CHARS:
            serial_bytes = int(_reduce.PARALLEL_MIN_BYTES // _reduce.FLAT_SCAN_COST)
            entry.method_max_size = max(NUMPY_METHOD_MAX_SIZE, serial_bytes // dtype.itemsize - 1)
        entry.axis_method_max_size = AXIS_METHOD_MAX_SIZE
        entry.row_method_min = ROW_METHOD_MIN_ROW.get(dtype.itemsize, 1 << 62)
        row_method_max_bytes = ROW_METHOD_MAX_COSTS.get(dtype.itemsize)
        if row_method_max_bytes is not None:
            entry.row_method_max_bytes = row_method_max_bytes
        entry.short_rows_method_max_bytes = max(
            entry.row_method_max_bytes, SHORT_ROWS_METHOD_MAX_COSTS.get(dtype.char, 0)
        )
        entry.block_rows_min = BLOCK_ROWS_MIN.get(dtype.char, entry.block_rows_min)
        entry.view_axis_method_max_sizes = VIEW_AXIS_METHOD_MAX_SIZES[dtype.itemsize]
        if dtype.char in _NUMPY_METHOD_ALWAYS_CHARS:
            entry.method_max_size = entry.row_method_max_bytes = 1 << 62
            entry.short_rows_method_max_bytes = 1 << 62
            entry.row_method_min = 0
            entry.sweep_method_inner = BOOL_SWEEP_MIN_INNER
            entry.view_axis_method_max_sizes = _BOOL_VIEW_AXIS_METHOD_MAX_SIZES
    scalar_method_max_size = SCALAR_METHOD_MAX_SIZES.get(dtype.char)
    if numpy_equivalent and scalar_method_max_size is not None and NUMPY_METHOD_MAX_SIZE >= 0:
        entry.scalar_method_max_size = scalar_method_max_size
        entry.axis_method_max_size = SCALAR_AXIS_METHOD_MAX_SIZES[dtype.char]
        entry.view_axis_method_max_sizes = SCALAR_VIEW_AXIS_METHOD_MAX_SIZES.get(
            dtype.char, _NO_VIEW_AXIS_METHOD
        )
    entry.contiguous_method_max_size = max(entry.method_max_size, entry.scalar_method_max_size, 0)
    if entry.kernels is not None and nan_heads:
        smallest = max(entry.contiguous_method_max_size + 1, entry.direct_max_size, 1)
        entry.nan_lead_min_size = smallest
    return entry


def _entry(op, dtype):
    entry = _entries.get((dtype, op))
    if entry is None:
        entry = _entries[(dtype, op)] = _entry_for(dtype, op)
    return entry


#: Bits of ``ndarray.flags.num`` (NumPy's NPY_ARRAY_* flags).
_C_CONTIGUOUS, _F_CONTIGUOUS, _ALIGNED, _WRITEABLE = 0x1, 0x2, 0x100, 0x400
#: An array the kernels read as it is (no copy, no kernel_base).
_DIRECT_FLAGS = _C_CONTIGUOUS | _ALIGNED | _WRITEABLE

#: np.intp results: ``_INDICES[i]`` makes the scalar in 30 ns, where
#: ``np.intp(i)`` takes 120-170 ns (a tenth of an in-cache float16 argmax).
_INDICES = np.arange(1 << 16, dtype=np.intp)
_INDICES.flags.writeable = False
_INDICES_SIZE = _INDICES.shape[0]


def _as_index(index):
    if index < 0:
        raise ValueError("All-NaN slice encountered")
    return _INDICES[index] if index < _INDICES_SIZE else np.intp(index)


def flat_index(op, a):
    """``op`` over all of the ndarray ``a`` as ``np.intp``, or None for the general path."""
    # Every attribute read here costs ~30 ns of a call that may take 1 us.
    entry = _entries.get((a.dtype, op))
    if entry is None:
        entry = _entry(op, a.dtype)
    flags = a.flags.num  # one read for three flags
    n = a.size
    if flags & _DIRECT_FLAGS == _DIRECT_FLAGS:
        # The commonest calls first: the method, then the serial kernel
        # (contiguous_method_max_size >= 0: an empty array is the method's).
        if n <= entry.contiguous_method_max_size:
            return (a.argmax() if op.is_max else a.argmin()) if n else None
        if n < entry.direct_max_size:
            index = entry.direct_call(a if a.ndim == 1 else a.reshape(-1), 0, n, 1)
            if 0 <= index < _INDICES_SIZE:
                return _INDICES[index]
            return _as_index(index)
        if n >= entry.nan_lead_min_size:  # (then direct_call is set too)
            # Large, of real floats or complex: the NaN lead (see
            # _large_index) by the serial kernel's entry point, which stops
            # at a NaN too.  Real floats' first NAN_HEAD elements by a call
            # of their own: NumPy reaches a NaN 100 in at 1.1 us, and the
            # lead's length (a call) and the longer blocked scan cost
            # 0.1-0.2 us more.  complex: a head of NAN_HEAD_SMALL is its lead.
            base = a if a.ndim == 1 else a.reshape(-1)
            head = NAN_HEAD if entry.nan_rows else NAN_HEAD_SMALL
            if head > n:
                head = n
            best = entry.direct_call(base, 0, head, 1)
            x = base[best]
            if x != x:
                return _INDICES[best] if best < _INDICES_SIZE else np.intp(best)
            lead = _lead_length(entry, n)
            if lead > head:
                index = head + entry.direct_call(base, head, lead - head, 1)
                y = base[index]
                if y != y:
                    return _as_index(index)
                if _later_wins(entry, x, y):
                    best = index
            else:
                lead = head
            nbytes = n * a.itemsize * _reduce.FLAT_SCAN_COST
            return _large_index(entry, base, 0, n, 1, nbytes, lead, best, True)
        if entry.direct_max_size:
            # Large, with no NaN lead (ints, datetime, the nan-variants): on
            # threads through the compiled entry points (the dispatcher's
            # type checks of five arguments cost ~0.9 us: 1e6 int8 in 11 us).
            base = a if a.ndim == 1 else a.reshape(-1)
            nbytes = n * a.itemsize * _reduce.FLAT_SCAN_COST
            return _large_index(entry, base, 0, n, 1, nbytes, direct=True)
    elif n <= entry.scalar_method_max_size or (
        n <= NUMPY_METHOD_MAX_SIZE
        and entry.method_max_size >= 0
        and (n <= STRIDED_METHOD_MAX_SIZE or flags & _C_CONTIGUOUS or not read_in_place(a))
    ):
        # Small arrays of other layouts: the method, unless the kernels
        # read them in place faster than it copies them.
        return (a.argmax() if op.is_max else a.argmin()) if n else None
    if not flags & _C_CONTIGUOUS:
        if a.ndim == 2 and 0 < a.strides[0] < abs(a.strides[1]) or a.flags.f_contiguous:
            return _columns_index(entry, op, a)
        if a.ndim != 1:
            return _view_index(entry, op, a) if a.ndim <= 3 else None
        if not flags & _WRITEABLE:  # (rare) one compiled kernel per dtype, see kernel_base
            a = _reduce.kernel_base(a)
        return _strided_index(entry, a)
    if n <= entry.method_max_size and n:
        return a.argmax() if op.is_max else a.argmin()
    kernel = entry.kernel
    if kernel is None or not n or not flags & _ALIGNED:
        return None
    if not flags & _WRITEABLE:
        a = _reduce.kernel_base(a)
    base = a if a.ndim == 1 else a.reshape(-1)
    if entry.view_dtype is not None:
        base = base.view(entry.view_dtype)
    cost = a.nbytes * _reduce.FLAT_SCAN_COST  # _reduce.flat_cost, without the call (50 ns)
    if cost < _reduce.PARALLEL_MIN_BYTES:
        index = entry.base_call(base, 0, n, 1)
        if 0 <= index < _INDICES_SIZE:
            return _INDICES[index]
        return _as_index(index)
    if not (entry.nan_rows or op.skip_nan) and a.dtype.kind in "fc":
        # float16, complex (real floats: their lead, see _large_index): a
        # NaN among the first elements answers argmax/argmin at once, as
        # NumPy's loop does, without starting threads (1e6 float16 with a
        # NaN at 100: 0.16x NumPy; complex128 0.08x).
        if entry.view_dtype is None:
            # complex made writeable here (see kernel_base): its head as in
            # the contiguous branch above (its lanes stop within 64 steps of
            # a NaN), then the rest on threads, merged with the head's best.
            head = NAN_HEAD_SMALL if n > NAN_HEAD_SMALL else n
            best = entry.direct_call(base, 0, head, 1)
            return _large_index(entry, base, 0, n, 1, cost, head, best, True)
        index = _nan_head(entry, a, base, n)
        if index is not None:
            return index
    return _large_index(entry, base, 0, n, 1, cost)


def _nan_head(entry, a, base, n):
    """The first NaN's index (``np.intp``) among the first NAN_HEAD_SMALL
    elements of the C-contiguous float16 ``a`` (``base``: its int16 view,
    as the kernels read it), or None.  One kernel call: its scan of float16
    keys stops within 2048 elements of a NaN (NumPy's loop reaches a NaN
    10 elements in at 1.1 us).
    """
    index = entry.base_call(base, 0, min(NAN_HEAD_SMALL, n), 1)
    x = a.reshape(-1)[index]
    return _as_index(index) if x != x else None


def read_in_place(a):
    """Whether the kernels beat ndarray's method on the non-contiguous ``a``
    of 4096-32768 elements: 1-D, read by whole vectors (see _vector_step).
    Further apart the kernels' scalar scan beats the method's copy by
    1.3-1.5x, but at these sizes our call's ~1 us more of Python eats that
    (1e4 float32 ``x[::8]``: 1.0x, the method 1.07x).  2-D and 3-D views:
    lines along the densest last axis where the method does not answer (see
    _view_method; strided lines that do not run on into each other lose to
    the method's copy); 2-D input with a contiguous first axis (Fortran
    order, ``x.T``) above COLUMNS_METHOD_MAX_SIZE.
    """
    if a.ndim != 1:
        if a.ndim == 2 and a.strides[0] == a.itemsize < abs(a.strides[1]):
            # Columns swept in place (Fortran order, x.T: see _columns_index).
            columns, lines = a.shape
            return a.size > COLUMNS_METHOD_MAX_SIZE and _reduce.rows_first(columns, lines)
        if a.ndim > 3 or _view_method(a):
            return False
        # Lines along the densest last axis; strided lines only where they
        # run on (below VIEW_METHOD_MAX_BYTES, _view_method kept no others).
        dense = abs(a.strides[-1]) == a.itemsize
        return (dense or a.nbytes < VIEW_METHOD_MAX_BYTES) and _lines_read_in_place(a)
    return _vector_step(a.strides[0], a.itemsize)


def _vector_step(stride, itemsize):
    """Whether the kernels read elements ``stride`` bytes apart by whole
    vectors: reversed, the steps the strided lanes scan takes (elements at
    most 24 bytes apart), bytes by vector shuffles at steps 2 to 4."""
    if stride == -itemsize:
        return True
    if itemsize == 1:
        return 2 <= stride <= 4
    steps = _VECTOR_STEPS.get(itemsize)
    if steps is None:  # a tuple built per call cost 0.5 us
        steps = _VECTOR_STEPS[itemsize] = frozenset(strided_lanes_steps(itemsize))
    return abs(stride) // itemsize in steps


_VECTOR_STEPS = {}


def _runs_on(a):
    """Whether the 2-D ``a``'s lines run on into each other: one strided (or
    reversed) row in memory (``x[:, ::2]``, ``x[::-1, ::-1]``)."""
    return a.ndim == 2 and a.strides[0] == a.shape[1] * a.strides[1]


def _view_method(a):
    """Whether ndarray's method reduces all of the 2-D or 3-D view ``a``:
    views of fewer than VIEW_METHOD_MAX_BYTES, or VIEW_VECTOR_LINES_MIN_SIZE
    elements where the kernels read by vectors what NumPy copies element
    by element: reversed lines, and strided lines that run on."""
    itemsize = a.itemsize
    step = a.strides[-1]
    if step == -itemsize or (
        _runs_on(a) and step % itemsize == 0 and _vector_step(step, itemsize)
    ):
        return a.size < VIEW_VECTOR_LINES_MIN_SIZE
    return a.nbytes < VIEW_METHOD_MAX_BYTES


def _lines_read_in_place(a):
    """Whether the 2-D or 3-D ``a`` has its last axis densest in memory, so
    that its lines along that axis are the rows the kernels scan."""
    # A plain loop: generator expressions made this check 0.9 us, a fifth of
    # a small view's whole call.
    strides = a.strides
    shape = a.shape
    itemsize = a.itemsize
    last = abs(strides[-1])
    if shape[-1] < 2:
        return False
    for n, st in zip(shape, strides):
        if st % itemsize or (n > 1 and abs(st) < last):
            return False
    return True


def _stages_pay(a):
    """Whether a large view ``a`` (see VIEW_SERIAL_MAX_BYTES) is reduced
    faster in parallel stages than by the serial kernel: long lines, or 2-D
    views whose lines are dense (elements at most 2 apart) and not short."""
    line = a.shape[-1]
    if line >= VIEW_PARALLEL_MIN_LINE:
        return True
    dense = abs(a.strides[-1]) <= 2 * a.itemsize
    return a.ndim == 2 and dense and line >= VIEW_PARALLEL_MIN_DENSE_LINE


def _view_index(entry, op, a):
    """``op`` over all of a 2-D or 3-D non-contiguous view (``x[::2]``,
    ``x[:, ::-1]``, ``x[1:-1, 1:-1]``), read in place line by line (NumPy
    copies it first); small views are ndarray's method (see
    _view_method).  None for the general path (other layouts, and
    large views with long lines: see VIEW_SERIAL_MAX_BYTES)."""
    kernels = entry.kernels
    if entry.method_max_size >= 0 and a.size and _view_method(a):
        return a.argmax() if op.is_max else a.argmin()
    if kernels is None or not a.size or not a.flags.aligned or not _lines_read_in_place(a):
        return None
    # The memory read: whole cache lines.
    step = abs(a.strides[-1])
    nbytes = a.size * min(step, 64)
    if _runs_on(a):
        # Lines that run on into each other (x[:, ::2], x[::-1, ::-1]): one
        # strided row in memory, read as 1-D x[::2] is (the kernels merge
        # such lines), and on threads by its memory read: view_parallel
        # splits a view by lines, and a single line not at all.
        row = a.reshape(-1)  # a view: the lines run on
        if not row.flags.writeable:
            row = _reduce.kernel_base(row)
        return _strided_index(entry, row)
    if nbytes >= VIEW_SERIAL_MAX_BYTES and _stages_pay(a):
        return None
    if not a.flags.writeable:
        a = _reduce.kernel_base(a)
    if entry.view_dtype is not None:
        a = a.view(entry.view_dtype)
    view = a if a.ndim == 3 else a[None]
    # Threads take runs of lines (view_parallel) by the measure reduce_kept
    # uses; checked here first, as the slot's context costs small views
    # (NumPy 7 us) 0.5 us.
    cost = _reduce.read_cost(a.size, a.itemsize, step // a.itemsize)
    cost = _reduce.rows_cost(cost, a.shape[-1] * a.itemsize)
    if cost >= _reduce.PARALLEL_MIN_BYTES:
        with _reduce._parallel_threads(cost, True) as nthreads:
            if nthreads:
                return _as_index(kernels.view_parallel(view, nthreads))
    return _as_index(kernels.reduce_view(view))


def _kernel_span(entry, a):
    """``(base, origin, element strides)`` of ``a``'s memory as the kernels
    read it (flagged writable, in the entry's view dtype), or None."""
    if entry.view_dtype is not None:
        a = a.view(entry.view_dtype)
    if not a.flags.f_contiguous:
        return _reduce._flat_base(a)
    base, origin, strides = a.T.reshape(-1), 0, [1]
    for extent in a.shape[:-1]:
        strides.append(strides[-1] * extent)
    if not base.flags.writeable:
        base = _reduce.kernel_base(base)
    return base, origin, strides


def _view_axis_index(entry, op, a, axis):
    """``op`` of the non-contiguous view ``a`` along ``axis`` (in range) by
    the kernels, without the general path's argument checks and dtype
    bookkeeping (its Python costs 10-15 us; (300, 300) ``x[::-1]`` axis=1
    float32, 90K elements: 0.7x NumPy there).  None for the general path."""
    kernels = entry.kernels
    if kernels is None or not a.size or not a.flags.aligned:
        return None  # NumPy's dtypes, NumPy's errors, slabs: the general path
    span = _kernel_span(entry, a)
    if span is None:
        return None
    base, origin, strides = span
    shape = a.shape
    kept = [(shape[k], strides[k]) for k in range(a.ndim) if k != axis]
    result = _reduce.reduce_kept(kernels, base, origin, shape[axis], strides[axis], kept, True)
    if op.skip_nan and result.min() < 0:
        raise ValueError("All-NaN slice encountered")
    return result


def _columns_index(entry, op, a):
    """``op`` over all of ``a`` whose first axis is the densest (Fortran
    order of any dimension; 2-D ``x.T``, ``x[::2].T``, ``x.T[::2]``): the
    first best of each line along the last axis, by sweeping the first axis
    in place (as ``axis=-1`` with the kept axes reversed), then NumPy's own
    function over the lines' bests in logical order, so ties and NaN resolve
    as on the C-order copy NumPy makes ((300, 300).T float32: 0.65x NumPy in
    the general path's Python stages, 1.6x here).  None for the general path."""
    kernels = entry.kernels
    if kernels is None or not a.size or not a.flags.aligned:
        return None  # NumPy's dtypes, NumPy's errors, slabs: the general path
    size = a.size
    method = entry.axis_method_max_size >= 0  # only where the method gives op's answer
    # Columns every 2nd-4th element (x.T[::2]) are swept with those in
    # between: small ones lose to the method's copy ((300, 300) float32: 0.66x).
    if size <= entry.axis_method_max_size or (
        method
        and (
            a.strides[0] != a.itemsize and size <= VIEW_AXIS_METHOD_MAX_SIZE
            or a.ndim > 2 and size <= COLUMNS_ND_METHOD_MAX_SIZE
        )
    ):
        return a.argmax() if op.is_max else a.argmin()
    shape = a.shape
    k = shape[-1]
    if not _reduce.rows_first(shape[0], k):
        return None  # many short lines: the general path reduces the first axis first
    span = _kernel_span(entry, a)
    if span is None:
        return None
    base, origin, strides = span
    if a.ndim == 2 and strides[0] == 1:  # the commonest case, 3 us less Python
        m = shape[0]
        best = np.empty((1, m), np.intp)
        with _reduce._parallel_threads(a.nbytes, True) as nthreads:
            _reduce.reduce_rows(kernels, base, origin, 1, k, m, 0, strides[1], 1, best, nthreads)
        best = best[0]
    else:
        # The kept axes reversed: the first (the densest) last, swept in place.
        kept = [(shape[ax], strides[ax]) for ax in range(a.ndim - 2, -1, -1)]
        best = _reduce.reduce_kept(kernels, base, origin, k, strides[-1], kept, True).T
    # -1: a nan-variant's all-NaN line.  Only then can a line's best be NaN
    # (its element 0 below), so only then does first_best fill NaN: 2 of
    # the 4 NumPy calls after the kernel otherwise (F (50, 60) float64
    # nanargmax 0.90x -> 1.28x NumPy, (100, 100) 1.23x -> 1.61x).
    nan_lines = op.skip_nan and best.min() < 0
    if nan_lines:
        if best.max() < 0:
            return _as_index(-1)
        best = np.maximum(best, 0)
    if a.ndim == 2:
        m = shape[0]
        values = a[_INDICES[:m] if m <= _INDICES_SIZE else np.arange(m), best]
    else:
        values = _reduce.NUMPY_TAKE_ALONG_AXIS(a, best[..., None], axis=-1)
    # Line i holds logical indices i*k ... (i+1)*k - 1: the lines' bests
    # come in logical order.
    line = _reduce.first_best(values.reshape(-1), op.is_max, nan_lines)
    return _as_index(line * k + int(best.reshape(-1)[line]))


def _strided_index(entry, a):
    """``op`` over a 1-D non-contiguous view (``x[::k]``, ``x[::-1]``), read in
    place (NumPy copies it first)."""
    itemsize = a.itemsize
    stride = a.strides[0]
    if entry.kernel is None or stride % itemsize or not stride or not a.flags.aligned:
        return None
    n = a.shape[0]  # at least 2: shorter arrays are contiguous
    # The memory read: whole cache lines (x[::3] of 1e5 float64 reads 2.4 MB).
    nbytes = n * min(abs(stride), 64) * _reduce.STRIDED_ROW_COST
    if entry.view_dtype is not None:
        a = a.view(entry.view_dtype)
    if nbytes < _reduce.PARALLEL_MIN_BYTES:
        # The view itself: the kernel reads it through its memory span.
        return _as_index(entry.kernel(a, 0, n, 1))
    # Large: the span as a flat base, for the parallel kernel too (one
    # compiled call, 0.5 us; as_strided took 2-7 us).
    base, start, (step,) = _reduce.memory_span(a)
    if entry.nan_first and not entry.nan_rows:  # as in flat_index (real floats: their lead)
        index = entry.kernel(base, start, min(NAN_PREFIX, n), step)
        x = base[start + index * step]
        if x != x:
            return _INDICES[index]
    return _large_index(entry, base, start, n, step, nbytes)


def _large_index(entry, base, start, n, step, nbytes, lead=0, best=-1, direct=False):
    """Index of the row ``base[start + j * step]``, on threads where it pays.

    argmax/argmin of real floats first scan a lead of the row (1/LEAD_SHARE
    of it, LEAD_MIN_BYTES to LEAD_MAX_BYTES of its elements) on this
    thread (here: strided, in pieces), stopping at its first NaN: NumPy's loop stops there,
    and starting threads costs more than NumPy takes to reach a NaN 30K
    elements in (1e7 float64, a NaN at 100: 60 us, NumPy 1.1 us).  A caller
    that scanned the lead passes its length and its best's index;
    ``direct``: ``base`` is a C-contiguous array the entry's compiled entry
    points take (0.2 us less than the dispatchers', see _compiled_call).
    """
    kernels = entry.kernels
    if entry.nan_rows and not lead:
        lead = _lead_length(entry, n, min(abs(step), 8))
        best = kernels.row_parallel(base, start, lead, step, 0)
    if lead:
        x = base[start + best * step]
        if x != x or lead == n:
            return _as_index(best)
    rest = n - lead
    begin = start + lead * step
    with _reduce._parallel_threads(nbytes * rest // n, True) as nthreads:
        if nthreads:
            call = entry.parallel_call if direct else kernels.row_parallel
            index = call(base, begin, rest, step, nthreads)
        else:
            index = (entry.direct_call if direct else entry.kernel)(base, begin, rest, step)
    if not lead:
        return _as_index(index)
    # The lead holds no NaN: the rest's best wins if it is a NaN or better
    # (a tie is the lead's, the first).
    index += lead
    return _as_index(index if _later_wins(entry, x, base[start + index * step]) else best)


def _lead_length(entry, n, spread=1):
    """Elements in the NaN lead of a row of ``n`` real floats (see
    LEAD_SHARE); a strided row reads ``spread`` times the memory an element."""
    return min(max(n // LEAD_SHARE, entry.lead_min // spread), entry.lead_max // spread, n)


def _later_wins(entry, x, y):
    """Whether ``y``, the best of a later part of a row, replaces ``x``, the
    best before it: a NaN, or strictly better (a tie is the earlier one's)."""
    return y != y or (y > x if entry.is_max else y < x)


def axis_index(op, a, axis):
    """``op`` of the ndarray ``a`` along ``axis``, or None for the general
    path (which takes every ``axis`` but a Python int).

    Small input and rows NumPy scans as fast as we do: ndarray's own method
    (see AXIS_METHOD_MAX_SIZE, ROW_METHOD_MIN_ROW).  Otherwise C-contiguous
    input (and Fortran-contiguous, as its C-contiguous transpose) goes to the
    kernels; everything else, including every error, is left to the general
    path, which gives the same answers.
    """
    if type(axis) is not int:  # (NumPy's integers, tuples: the general path)
        return None
    ndim = a.ndim
    if ndim == 1 and (axis == 0 or axis == -1):
        return flat_index(op, a)  # the same answer as axis=None, 0.15 us sooner
    if not -ndim <= axis < ndim:
        return None
    entry = _entries.get((a.dtype, op))
    if entry is None:
        entry = _entry(op, a.dtype)
    size = a.size
    if size <= entry.axis_method_max_size:
        return a.argmax(axis) if op.is_max else a.argmin(axis)
    axis %= ndim
    flags = a.flags.num
    if not flags & _C_CONTIGUOUS:
        if not flags & _F_CONTIGUOUS:
            # Small views go to the method (see VIEW_AXIS_METHOD_MAX_SIZES).
            dense_last = abs(a.strides[-1]) == a.itemsize
            if axis == ndim - 1:
                layout = (5 if a.strides[-1] < 0 else 1) if dense_last else 2
            else:
                layout = 0 if dense_last else 3
            swept_short = not layout and a.shape[axis] < SWEPT_ROWS_METHOD_MIN_LENGTH
            if not layout and a.strides[axis] < 0 and a.shape[-1] >= REVERSED_SWEEP_MIN_WIDTH:
                layout = 4
            if size <= entry.view_axis_method_max_sizes[layout] and not swept_short:
                return a.argmax(axis) if op.is_max else a.argmin(axis)
            return _view_axis_index(entry, op, a, axis)
        if ndim > 2:
            result = axis_index(op, a.T, ndim - 1 - axis)  # a.T is C-contiguous
            return result if result is None else np.ascontiguousarray(result.T)
        # 2-D: its C-contiguous transpose along the other axis has the same
        # (1-D) answer; reduced here, past the checks already made (a second
        # call cost (200, 200) float64 axis=0 0.4 us in 7.4).
        a = a.T
        axis = 1 - axis
        flags |= _C_CONTIGUOUS
    shape = a.shape
    n = shape[axis]
    if entry.kernels is None or not size or not flags & _ALIGNED:
        return None
    cost = a.nbytes  # for the choice of threads (and of the method for rows)
    inner = 1
    if axis != ndim - 1:  # (a slice and a loop cost rows 0.15 us)
        for extent in shape[axis + 1 :]:
            inner *= extent
    if inner == 1:  # rows: ndarray's method where NumPy's own loop is as fast
        # (_reduce.rows_cost, inline: 0.1 us of a 2 us call)
        if n * a.itemsize < _reduce.LONG_ROW_BYTES:
            method_max_bytes = entry.short_rows_method_max_bytes
            min_bytes, min_length, min_rows = entry.block_rows_min
            if cost >= min_bytes and n >= min_length and size >= min_rows * n:
                method_max_bytes = 0  # (see BLOCK_ROWS_MIN)
            cost *= _reduce.LINE_SCAN_COST
        else:
            cost *= _reduce.FLAT_SCAN_COST
            method_max_bytes = entry.row_method_max_bytes
        if cost < method_max_bytes and (
            n >= entry.row_method_min >= 0 or size <= ROW_METHOD_MAX_SIZE < entry.method_max_size
        ):
            return a.argmax(axis) if op.is_max else a.argmin(axis)
    elif inner < entry.sweep_method_inner:  # (C order: the rows are inner elements apart)
        # Not the kernels' scan of longer narrow columns: bool (300, 100, 3)
        # axis=1 0.70x NumPy there, the method 0.99x.
        if not (n <= SHORT_ROW or folds(n, inner, inner, a.itemsize)):
            return a.argmax(axis) if op.is_max else a.argmin(axis)
    outer = size // (n * inner)
    base = a.reshape(-1)
    if not flags & _WRITEABLE:
        base = _reduce.kernel_base(base)
    if entry.view_dtype is not None:
        base = base.view(entry.view_dtype)
    result = np.empty(shape[:axis] + shape[axis + 1 :], np.intp)
    rows = result.reshape(outer, inner)
    if cost < _reduce.PARALLEL_MIN_BYTES:
        entry.kernels.reduce_3d(base, 0, outer, n, inner, n * inner, inner, 1, rows)
    else:
        done = 0
        if inner == 1 and entry.nan_rows and n * a.itemsize >= NAN_LEAD_BYTES:
            # Float rows dense with NaN end at their first NaN (as NumPy's
            # loop does): the lead of such rows first, on this thread, before
            # taking threads ((1000, 1000) float64, 10% NaN: the kernel's
            # 4.5 us in 8.1 us through the parallel path, in 6 us here).
            done = entry.kernels.rows_parallel(base, 0, outer, n, 1, n, 1, 1, rows, 0)
        if done < outer:
            with _reduce._parallel_threads(cost * (outer - done) // outer, True) as nthreads:
                _reduce.reduce_rows(
                    entry.kernels, base, done * n * inner, outer - done, n, inner, n * inner,
                    inner, 1, rows[done:], nthreads,
                )
    if op.skip_nan and rows.min() < 0:
        raise ValueError("All-NaN slice encountered")
    return result


def lean_index(op, a, axis):
    """The lean paths' answer for ``op(a, axis)`` (no out/keepdims), or None."""
    return flat_index(op, a) if axis is None else axis_index(op, a, axis)
