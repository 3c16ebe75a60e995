"""One-pass SIMD argmax/argmin of a contiguous row: value and index vectors together.

LLVM does not vectorise an argmax loop written in Python (the index makes
it a "select with index" reduction it gives up on), and the blocked
max-then-rescan scheme of :mod:`._kernels` reads a short row twice and pays
its block set-up per row.  NumPy's own SIMD loop keeps a vector of best
values and a vector of their indices; these intrinsics emit that loop as
LLVM IR directly, so rows of 1e2-1e4 elements (the ``axis=-1`` of a
classifier's logits, the ``axis=0`` of Fortran-order data) run at NumPy's
speed inside our kernels.

``lanes_max(base, start, n)`` / ``lanes_min(base, start, n)`` take a
C-contiguous 1-D array of ints or floats and scan the row
``base[start : start + n]`` (all, when ``n >= W``) in ``W``
lanes (the last vector may overlap the one before).  They return
``(best, index, saw_nan, stop)``:

* ``best``: the largest (smallest) value seen, comparing with a strict
  ``>`` (``<``) so each lane keeps its first occurrence;
* ``index``: the smallest index holding ``best`` (ties across lanes; the
  largest for the ``_last`` variants, which compare with ``>=``), or -1
  when no element beat the start value (the type's lowest value or -inf for
  a max): the caller then runs its exact scalar loop;
* ``saw_nan``: whether a NaN was read (NaN never wins a strict compare, so
  the caller decides: argmax wants the first NaN, nanargmax skips it);
* ``stop``: where the caller's scalar loop takes over for the tail.

Rows of 4- and 8-byte ints and floats take ``block_lanes_*`` instead (same
arguments and result, a cheaper loop: blocks of vectors reduced to one, a
block number per lane, the winning block read again).

Variants: ``_last`` (last occurrences, for reversed rows read forwards),
``_short`` (int16 positions), ``lanes_float16`` (float16 bits turned into
keys as they are loaded), the complex scan (lexicographic), and the strided
scan (``strided_lanes_*_or_skip``: every ``|step|``-th element, read as
whole vectors of the row's memory).
"""

import functools

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.core import cgutils
from numba.extending import intrinsic, overload

#: Bytes per vector (two AVX2 or one AVX-512 register; LLVM splits wider
#: vectors into what the target has).
VECTOR_BYTES = 64
_I64 = ir.IntType(64)
_I32 = ir.IntType(32)
#: Vectors per loop step, each with its own accumulators.
UNROLL = 2
#: Rows longer than this are not for these intrinsics (positions are int32).
MAX_ROW = 1 << 30


def _worst_value(dtype, is_max):
    """The start value every lane must beat: -inf/+inf or the integer bounds."""
    np_dtype = np.dtype(str(dtype))
    if np_dtype.kind == "f":
        return float("-inf") if is_max else float("inf")
    info = np.iinfo(np_dtype)
    return int(info.min if is_max else info.max)


def _splat(builder, value, vector_type):
    """A vector with ``value`` in every lane."""
    undef = ir.Constant(vector_type, ir.Undefined)
    one = builder.insert_element(undef, value, ir.Constant(ir.IntType(32), 0))
    mask = ir.Constant(ir.VectorType(ir.IntType(32), vector_type.count), [0] * vector_type.count)
    return builder.shuffle_vector(one, undef, mask)


def _vector_reduce(builder, name, vector, fastmath=()):
    """Call ``llvm.vector.reduce.<name>`` on ``vector``."""
    element = vector.type.element
    if isinstance(element, ir.IntType):
        suffix = f"v{vector.type.count}i{element.width}"
    else:
        suffix = f"v{vector.type.count}{'f32' if element == ir.FloatType() else 'f64'}"
    fnty = ir.FunctionType(element, [vector.type])
    fn = cgutils.get_or_insert_function(builder.module, fnty, f"llvm.vector.reduce.{name}.{suffix}")
    return builder.call(fn, [vector], fastmath=fastmath)



def _numeric_1d(base, layouts="C"):
    """Whether ``base`` is a 1-D array of ints or floats in one of ``layouts``
    (what the intrinsics below read)."""
    return (
        isinstance(base, types.Array)
        and base.ndim == 1
        and base.layout in layouts
        and isinstance(base.dtype, (types.Integer, types.Float))
    )


def _overall_best(builder, best, *, is_max, signed):
    """The best value across the lanes of ``best`` (no lane holds NaN) and
    the lanes holding it -> (value, i1 vector)."""
    if isinstance(best.type.element, ir.IntType):
        name = ("s" if signed else "u") + ("max" if is_max else "min")
        overall = _vector_reduce(builder, name, best)
        return overall, builder.icmp_signed("==", best, _splat(builder, overall, best.type))
    # No lane holds NaN (NaN never wins a compare), so fmax/fmin are exact.
    # nnan: a plain vmaxps tree, not maxnum's NaN-handling one (~40 cycles
    # a row, felt on rows of 1000).
    overall = _vector_reduce(builder, "fmax" if is_max else "fmin", best, ("nnan",))
    return overall, builder.fcmp_ordered("==", best, _splat(builder, overall, best.type))


def _adjacent_only(builder, array, n, element_bytes):
    """``n``, or 0 where the 1-D array's elements are not adjacent: an "A"
    array (e.g. a flat base built inside @njit) is read by vectors only if
    they are; n = 0 sends the caller to its scalar loop."""
    stride = builder.extract_value(array.strides, 0)
    adjacent = builder.icmp_signed("==", stride, ir.Constant(_I64, element_bytes))
    return builder.select(adjacent, n, ir.Constant(_I64, 0))


def _lanes_signature(base, start, n, *, min_bits=0):
    """The ``(best, index, saw_nan, stop)`` signature of a lanes intrinsic for
    a 1-D array of ints or floats (of at least ``min_bits``), or None."""
    if not (
        _numeric_1d(base, "CA")
        and base.dtype.bitwidth >= min_bits
        and isinstance(start, types.Integer)
        and isinstance(n, types.Integer)
    ):
        return None
    return types.Tuple((base.dtype, types.int64, types.boolean, types.int64))(
        base, types.int64, types.int64
    )


def _best_of_lanes(builder, bests, indexes, *, is_max, signed, last=False):
    """The best value of accumulator sets ``bests`` and the first (``last``:
    the last) position holding it -> (value, int64 index; -1: none taken).

    ``indexes`` hold each lane's position, -1 where the lane never took a
    value (it then still holds the start value)."""
    vector_type, index_type = bests[0].type, indexes[0].type
    width, index_bits = vector_type.count, index_type.element.width
    is_float = not isinstance(vector_type.element, ir.IntType)
    strict = ">" if is_max else "<"
    best, index = bests[0], indexes[0]
    for other, other_index in zip(bests[1:], indexes[1:]):
        # Lane-wise: the better value; on a tie the earlier position.
        if is_float:
            better = builder.fcmp_ordered(strict, other, best)
            tie = builder.fcmp_ordered("==", other, best)
        else:
            compare = builder.icmp_signed if signed else builder.icmp_unsigned
            better = compare(strict, other, best)
            tie = builder.icmp_signed("==", other, best)
        earlier = builder.and_(tie, builder.icmp_signed(">" if last else "<", other_index, index))
        earlier = builder.and_(
            earlier, builder.icmp_signed(">=", other_index, ir.Constant(index_type, [0] * width))
        )
        take = builder.or_(better, earlier)
        best = builder.select(take, other, best)
        index = builder.select(take, other_index, index)
    overall, holds = _overall_best(builder, best, is_max=is_max, signed=signed)
    never = ir.Constant(index_type, [-1 if last else (1 << (index_bits - 1)) - 1] * width)
    index = _vector_reduce(builder, "smax" if last else "smin", builder.select(holds, index, never))
    return overall, builder.sext(index, _I64)


#: Vectors per check for a NaN in the lanes scans that stop at one.
NAN_EXIT_VECTORS = 64


def _scan_until(builder, lo, hi, block, seen, scan):
    """Emit ``scan(b, end)`` over ``[lo, hi)`` in blocks of ``block``
    elements, each after the first only while ``seen()`` (an i1 it emits:
    a NaN, or the top value, was read) is false: one test per block.
    Returns the slot holding the start of the last block read, 0 if none
    was (seen before ``lo``)."""
    last_block = cgutils.alloca_once_value(builder, ir.Constant(_I64, 0))
    with cgutils.for_range_slice(builder, lo, hi, block, intp=_I64) as (b, _):
        clear = builder.not_(seen())
        with builder.if_then(clear):
            builder.store(b, last_block)
            end = builder.add(b, block)
            scan(b, builder.select(builder.icmp_signed("<", end, hi), end, hi))
    return last_block


def _scan_until_nan(builder, lo, hi, block, nan_slot, scan):
    """_scan_until while ``nan_slot`` (a vector of flags) holds no NaN: the
    slot returned holds where the last block read starts, no NaN before it."""
    return _scan_until(
        builder, lo, hi, block, lambda: _vector_reduce(builder, "or", builder.load(nan_slot)), scan
    )


def _make_lanes(
    is_max, last=False, index_bits=32, float16_nan_key=None, nan_exit=False, top_key=None
):
    """``lanes`` (see the module docstring); with ``float16_nan_key``, a scan of
    float16 bits (int16) by their keys, made in registers as they are loaded
    (``_kernels._make_key``: order-preserving, NaN -> ``float16_nan_key``);
    ``best`` is then a key.  ``nan_exit``: floats stop within
    NAN_EXIT_VECTORS vectors of a NaN (``saw_nan`` set, ``best`` and
    ``index`` then meaningless, ``stop``: no NaN before it), for
    argmax/argmin, whose answer is the first NaN: NumPy's loop stops there
    too (a NaN 100 elements into 60000 float64 took our whole scan, 5 us,
    NumPy's 1.1 us).  ``top_key`` (float16 keys): stop within
    NAN_EXIT_VECTORS vectors of the key nothing beats (argmax/argmin's NaN
    key, the nan-variants' infinity); ``best`` and ``index`` are then that
    key and its first position, exact (every element before it was read),
    ``stop`` is ``n``."""

    @intrinsic
    def lanes(typingctx, base, start, n):
        sig = _lanes_signature(base, start, n)
        if sig is None or (float16_nan_key is not None and base.dtype != types.int16):
            return None
        dtype = base.dtype
        is_float = isinstance(dtype, types.Float)
        signed = is_float or dtype.signed

        def codegen(context, builder, signature, args):
            array = context.make_array(signature.args[0])(context, builder, args[0])
            # The row is base[start : start + n]; addressing it directly spares
            # the caller a slice (a reference count round trip per row).
            data = builder.gep(array.data, [args[1]])
            element = context.get_data_type(dtype)
            width = VECTOR_BYTES // (dtype.bitwidth // 8)
            vector_type = ir.VectorType(element, width)
            position = ir.IntType(index_bits)
            index_type = ir.VectorType(position, width)
            flag_type = ir.VectorType(ir.IntType(1), width)

            n = args[2]
            if base.layout != "C":
                n = _adjacent_only(builder, array, n, dtype.bitwidth // 8)
            chunk = width * UNROLL
            stop = builder.sub(n, builder.srem(n, ir.Constant(_I64, chunk)))
            worst = ir.Constant(vector_type, [_worst_value(dtype, is_max)] * width)
            best_slots = [cgutils.alloca_once_value(builder, worst) for _ in range(UNROLL)]
            index_slots = [
                cgutils.alloca_once_value(builder, ir.Constant(index_type, [-1] * width))
                for _ in range(UNROLL)
            ]
            nan_slot = cgutils.alloca_once_value(builder, ir.Constant(flag_type, [0] * width))
            # last: ">=" keeps each lane's last occurrence (a reversed row
            # scanned in memory order wants its logical first = memory last).
            strict = ">" if is_max else "<"
            op = strict + ("=" if last else "")

            def scan_vector(u, offset, offset_splat):
                # One vector at element ``offset`` into accumulator set ``u``;
                # the index lanes keep the vector's offset (lane numbers are
                # added once, at the end).  Returns the values for the NaN check.
                pointer = builder.gep(data, [offset])
                pointer = builder.bitcast(pointer, vector_type.as_pointer())
                values = builder.load(pointer, align=dtype.bitwidth // 8)
                if float16_nan_key is not None:
                    values = float16_keys(values)
                best = builder.load(best_slots[u])
                if is_float:
                    take = builder.fcmp_ordered(op, values, best)
                elif signed:
                    take = builder.icmp_signed(op, values, best)
                else:
                    take = builder.icmp_unsigned(op, values, best)
                builder.store(builder.select(take, values, best), best_slots[u])
                index = builder.load(index_slots[u])
                builder.store(builder.select(take, offset_splat, index), index_slots[u])
                return values

            def float16_keys(bits):
                # Non-negative floats keep their bits, negative ones become
                # minus their magnitude, NaN (magnitude above inf's) the NaN key.
                def splat(value):
                    return ir.Constant(vector_type, [value] * width)

                magnitude = builder.and_(bits, splat(0x7FFF))
                negative = builder.icmp_signed("<", bits, splat(0))
                keys = builder.select(negative, builder.sub(splat(0), magnitude), bits)
                nan = builder.icmp_signed(">", magnitude, splat(0x7C00))
                return builder.select(nan, splat(float16_nan_key), keys)

            def note_nan(first, second):
                # One unordered compare flags a NaN in either vector.
                if is_float:
                    saw_nan = builder.fcmp_unordered("uno", first, second)
                    builder.store(builder.or_(builder.load(nan_slot), saw_nan), nan_slot)

            # One unaligned vector at the start, then aligned loads from the
            # first 64-byte boundary on (the two overlap; an element read
            # twice changes nothing, as ties resolve by position).  Rows
            # whose start is not aligned (1000 float32s: every other row)
            # would otherwise split a cache line on every load.
            zero = ir.Constant(_I64, 0)
            vector = ir.Constant(_I64, width)
            has_vector = builder.icmp_signed(">=", n, vector)
            with builder.if_then(has_vector):
                values = scan_vector(
                    0, zero, _splat(builder, builder.trunc(zero, position), index_type)
                )
                note_nan(values, values)
            address = builder.ptrtoint(data, _I64)
            misaligned = builder.and_(address, ir.Constant(_I64, VECTOR_BYTES - 1))
            gap = builder.and_(
                builder.sub(ir.Constant(_I64, VECTOR_BYTES), misaligned),
                ir.Constant(_I64, VECTOR_BYTES - 1),
            )
            head = builder.udiv(gap, ir.Constant(_I64, dtype.bitwidth // 8))
            start = builder.select(has_vector, head, zero)
            rest = builder.sub(n, start)
            stop = builder.sub(n, builder.srem(rest, ir.Constant(_I64, chunk)))
            def scan_chunks(lo, hi):
                with cgutils.for_range_slice(
                    builder, lo, hi, ir.Constant(_I64, chunk), intp=_I64
                ) as (j, _):
                    # Independent accumulators per unrolled vector hide the
                    # compare -> select latency.
                    loaded = []
                    for u in range(UNROLL):
                        offset = builder.add(j, ir.Constant(_I64, u * width))
                        splat = _splat(builder, builder.trunc(offset, position), index_type)
                        loaded.append(scan_vector(u, offset, splat))
                    for u in range(0, UNROLL, 2):
                        note_nan(loaded[u], loaded[min(u + 1, UNROLL - 1)])

            exiting = nan_exit and is_float
            block = ir.Constant(_I64, NAN_EXIT_VECTORS * width)
            if exiting:
                # Blocks of NAN_EXIT_VECTORS vectors while no NaN was seen;
                # the last block read is where the NaN search starts.
                last_block = _scan_until_nan(builder, start, stop, block, nan_slot, scan_chunks)
            elif top_key is not None:
                # Blocks while no lane holds the top key: one compare per
                # accumulator a block, none per vector (float16 with a NaN
                # 10 elements into 1e4: the whole row read, 1 us).
                top = ir.Constant(vector_type, [top_key] * width)

                def top_seen():
                    held = [builder.icmp_signed("==", builder.load(s), top) for s in best_slots]
                    return _vector_reduce(builder, "or", functools.reduce(builder.or_, held))

                _scan_until(builder, start, stop, block, top_seen, scan_chunks)
            else:
                scan_chunks(start, stop)
            # Whole vectors left over after the unrolled loop.
            vector_stop = builder.sub(n, builder.srem(rest, vector))
            with cgutils.for_range_slice(builder, stop, vector_stop, vector, intp=_I64) as (j, _):
                values = scan_vector(0, j, _splat(builder, builder.trunc(j, position), index_type))
                note_nan(values, values)
            # The last vector overlaps the one before: no scalar tail.
            with builder.if_then(
                builder.and_(has_vector, builder.icmp_signed("<", vector_stop, n))
            ):
                j = builder.sub(n, vector)
                values = scan_vector(0, j, _splat(builder, builder.trunc(j, position), index_type))
                note_nan(values, values)
            stop = builder.select(has_vector, n, zero)
            # Offsets -> positions (lanes never taken keep -1).
            lane_numbers = ir.Constant(index_type, list(range(width)))
            minus_one = ir.Constant(index_type, [-1] * width)
            for slot in index_slots:
                offsets = builder.load(slot)
                taken = builder.icmp_signed(">=", offsets, ir.Constant(index_type, [0] * width))
                positions = builder.add(offsets, lane_numbers)
                builder.store(builder.select(taken, positions, minus_one), slot)

            overall, index = _best_of_lanes(
                builder,
                [builder.load(slot) for slot in best_slots],
                [builder.load(slot) for slot in index_slots],
                is_max=is_max, signed=signed, last=last,
            )
            saw_nan = _vector_reduce(builder, "or", builder.load(nan_slot))
            if exiting:  # (stop: no NaN before it)
                stop = builder.select(saw_nan, builder.load(last_block), stop)
            return context.make_tuple(
                builder, signature.return_type, [overall, index, saw_nan, stop]
            )

        return sig, codegen

    return lanes


lanes_max = _make_lanes(True)
lanes_min = _make_lanes(False)
#: argmax/argmin's: float rows stop at their first NaN's block.
lanes_max_nan_exit = _make_lanes(True, nan_exit=True)
lanes_min_nan_exit = _make_lanes(False, nan_exit=True)
#: For rows shorter than 2**15 - 64 of 16-bit values (float16 keys): int16
#: positions, one vector of them per vector of values instead of two.
lanes_max_short = _make_lanes(True, index_bits=16)
lanes_min_short = _make_lanes(False, index_bits=16)
#: float16 rows by their keys, made as loaded: by (is_max, skip_nan), the
#: NaN key of _kernels._make_key (the top key, or the nan-variants' -inf/+inf).
#: Each stops at the key nothing beats: the NaN key, or an infinity's for
#: the nan-variants (whose NaN key is the other infinity's).
_F16_INF_KEY = 0x7C00
_F16_NAN_KEYS = {True: np.iinfo(np.int16).max, False: np.iinfo(np.int16).min}
lanes_float16 = {
    (is_max, skip_nan): _make_lanes(
        is_max, index_bits=16,
        float16_nan_key=(-1 if is_max else 1) * _F16_INF_KEY if skip_nan else _F16_NAN_KEYS[is_max],
        top_key=(1 if is_max else -1) * _F16_INF_KEY if skip_nan else _F16_NAN_KEYS[is_max],
    )
    for is_max in (True, False)
    for skip_nan in (True, False)
}
lanes_max_last = _make_lanes(True, last=True)
lanes_min_last = _make_lanes(False, last=True)


#: Vectors per block of the block scan (_make_block_lanes): four vectors
#: reduce to one by a tree of three compares, then one compare with the best.
BLOCK_VECTORS = 4
#: Rows of at least this many vectors read blocks from the first 64-byte
#: boundary on (aligned loads, one block more); shorter ones read them
#: one after another (int64 rows of 300: 27 ns a row aligned, 33 not;
#: int32 rows of 1000 42 against 52; float64 rows of 1000 88-93 against 103).
BLOCK_ALIGN_MIN = 16


def _make_block_lanes(is_max, nan_exit=False):
    """``lanes`` (same arguments and result; see the module docstring) for
    rows of 4- and 8-byte ints and floats, by blocks of BLOCK_VECTORS vectors.

    Each block reduces to one vector of its best values (a tree of
    compares), and each lane keeps its best value and the number of the
    first block where it took it (strict compares); the best's first block
    is then read once more for its first position.  Per vector that is
    about one compare and one select, against lanes' compare, two selects
    and a splat of positions.  Rows of 300 in L2, ns a row (this scan /
    lanes / NumPy's loop): argmax float64 37 / 53 / 48, nanargmax float64
    33 / 35, int64 26 / 35 / 31, float32 21 / 29 / 41, int32 19 / 26 / 41;
    rows of 1000 float64 95 / 111 / 138, int64 83 / 104 / 98.

    Blocks are numbered in address order: block 0 is the first ``4W``
    elements, blocks 1.. start at the first 64-byte boundary (aligned
    loads), and the last block is the row's last ``4W`` elements (it may
    overlap the one before).  Whatever block first holds the row's best
    holds its first occurrence (an earlier block ends before it), and the
    lanes holding the best took it first in that block at the earliest.
    Rows of one to four vectors are one block of vectors that may overlap.

    NaN: argmax/argmin (``nan_exit``) flag any NaN read and stop within
    NAN_EXIT_VECTORS vectors of it, as ``lanes`` do; the nan-variants read
    NaN as the worst value, so it never wins (a NaN in a tree would hide a
    number beside it).
    """

    @intrinsic
    def block_lanes(typingctx, base, start, n):
        sig = _lanes_signature(base, start, n, min_bits=32)
        if sig is None:
            return None
        dtype = base.dtype
        is_float = isinstance(dtype, types.Float)
        signed = is_float or dtype.signed

        def codegen(context, builder, signature, args):
            array = context.make_array(signature.args[0])(context, builder, args[0])
            data = builder.gep(array.data, [args[1]])
            itemsize = dtype.bitwidth // 8
            width = VECTOR_BYTES // itemsize
            vector_type = ir.VectorType(context.get_data_type(dtype), width)
            number_type = ir.VectorType(_I32, width)
            flag_type = ir.VectorType(ir.IntType(1), width)
            zero, one = ir.Constant(_I64, 0), ir.Constant(_I64, 1)
            vector = ir.Constant(_I64, width)
            block = ir.Constant(_I64, width * BLOCK_VECTORS)
            worst = ir.Constant(vector_type, [_worst_value(dtype, is_max)] * width)
            strict = ">" if is_max else "<"

            n = args[2]
            if base.layout != "C":
                n = _adjacent_only(builder, array, n, itemsize)

            def better(a, b):
                if is_float:
                    return builder.fcmp_ordered(strict, a, b)
                compare = builder.icmp_signed if signed else builder.icmp_unsigned
                return compare(strict, a, b)

            def load(offset):
                pointer = builder.bitcast(builder.gep(data, [offset]), vector_type.as_pointer())
                return builder.load(pointer, align=itemsize)

            best_slot = cgutils.alloca_once_value(builder, worst)
            number_slot = cgutils.alloca_once_value(builder, ir.Constant(number_type, [-1] * width))
            nan_slot = cgutils.alloca_once_value(builder, ir.Constant(flag_type, [0] * width))

            def scan_block(offsets, number, note_nan=True):
                # The vectors at `offsets` (in address order) as block `number`.
                values = [load(offset) for offset in offsets]
                if is_float and not nan_exit:
                    # NaN reads as the worst value where a compare would keep
                    # it: the left of each first pair (one max instruction).
                    for u in range(0, len(values), 2):
                        values[u] = builder.select(better(values[u], worst), values[u], worst)
                if is_float and nan_exit:
                    flags = [
                        builder.fcmp_unordered("uno", left, right)
                        for left, right in zip(values[0::2], values[1::2])
                    ]
                    flags = functools.reduce(builder.or_, flags)
                    if note_nan:
                        builder.store(builder.or_(builder.load(nan_slot), flags), nan_slot)
                while len(values) > 1:  # the tree: the better of each pair
                    pairs = zip(values[0::2], values[1::2])
                    values = [builder.select(better(b, a), b, a) for a, b in pairs]
                best = builder.load(best_slot)
                take = better(values[0], best)
                builder.store(builder.select(take, values[0], best), best_slot)
                numbers = _splat(builder, builder.trunc(number, _I32), number_type)
                builder.store(builder.select(take, numbers, builder.load(number_slot)), number_slot)
                return flags if is_float and nan_exit else None

            def block_offsets(first):
                return [
                    builder.add(first, ir.Constant(_I64, u * width)) for u in range(BLOCK_VECTORS)
                ]

            def short_offsets():
                # Rows of 1-4 vectors: vector u at min(u*W, n - W).
                last = builder.sub(n, vector)
                return [
                    builder.select(builder.icmp_signed("<", ir.Constant(_I64, u * width), last),
                                   ir.Constant(_I64, u * width), last)
                    for u in range(BLOCK_VECTORS)
                ]

            head_slot = cgutils.alloca_once_value(builder, zero)  # block 1's start
            whole_slot = cgutils.alloca_once_value(builder, zero)  # blocks 1..whole
            stop_slot = cgutils.alloca_once_value(builder, zero)  # no NaN before it
            long_row = builder.icmp_signed(">=", n, block)
            has_vector = builder.icmp_signed(">=", n, vector)
            aligned = builder.icmp_signed(">=", n, ir.Constant(_I64, BLOCK_ALIGN_MIN * width))
            with builder.if_else(long_row) as (then, otherwise):
                with then:
                    scan_block(block_offsets(zero), zero)
                    address = builder.ptrtoint(data, _I64)
                    misaligned = builder.and_(address, ir.Constant(_I64, VECTOR_BYTES - 1))
                    gap = builder.and_(builder.sub(ir.Constant(_I64, VECTOR_BYTES), misaligned),
                                       ir.Constant(_I64, VECTOR_BYTES - 1))
                    head = builder.udiv(gap, ir.Constant(_I64, itemsize))
                    # An aligned row (or a short one): block 1 after block 0.
                    head = builder.select(builder.icmp_signed("==", head, zero), block, head)
                    head = builder.select(aligned, head, block)
                    whole = builder.sdiv(builder.sub(n, head), block)
                    builder.store(head, head_slot)
                    builder.store(whole, whole_slot)

                    if is_float and nan_exit:
                        # One mask test a block: the loop leaves at the first
                        # block holding a NaN (block 0's: not entered).
                        k_slot = cgutils.alloca_once_value(builder, zero)
                        loop = builder.append_basic_block("block_lanes.loop")
                        body = builder.append_basic_block("block_lanes.body")
                        done = builder.append_basic_block("block_lanes.done")
                        clear = builder.not_(_vector_reduce(builder, "or", builder.load(nan_slot)))
                        builder.cbranch(clear, loop, done)
                        builder.position_at_end(loop)
                        k = builder.load(k_slot)
                        builder.cbranch(builder.icmp_signed("<", k, whole), body, done)
                        builder.position_at_end(body)
                        first = builder.add(head, builder.mul(k, block))
                        builder.store(first, stop_slot)
                        # (Its flags are tested, not kept: the loop leaves at a NaN.)
                        flags = scan_block(block_offsets(first), builder.add(k, one), False)
                        builder.store(builder.add(k, one), k_slot)
                        found = builder.append_basic_block("block_lanes.nan")
                        builder.cbranch(_vector_reduce(builder, "or", flags), found, loop)
                        builder.position_at_end(found)
                        builder.store(flags, nan_slot)
                        builder.branch(done)
                        builder.position_at_end(done)
                    else:
                        blocks = cgutils.for_range_slice(builder, zero, whole, one, intp=_I64)
                        with blocks as (k, _):
                            first = builder.add(head, builder.mul(k, block))
                            scan_block(block_offsets(first), builder.add(k, one))
                    covered = builder.add(head, builder.mul(whole, block))
                    with builder.if_then(builder.icmp_signed("<", covered, n)):
                        scan_block(block_offsets(builder.sub(n, block)), builder.add(whole, one))
                with otherwise:
                    with builder.if_then(has_vector):
                        scan_block(short_offsets(), zero)

            best = builder.load(best_slot)
            overall, holds = _overall_best(builder, best, is_max=is_max, signed=signed)
            # Lanes never taken hold -1, the largest unsigned number.
            never = ir.Constant(number_type, [-1] * width)
            numbers = builder.select(holds, builder.load(number_slot), never)
            number = _vector_reduce(builder, "umin", numbers)
            index_slot = cgutils.alloca_once_value(builder, ir.Constant(_I64, -1))
            with builder.if_then(builder.icmp_signed("!=", number, ir.Constant(_I32, -1))):
                # The first element equal to the best in block `number`.
                number = builder.zext(number, _I64)
                regular = builder.mul(builder.sub(number, one), block)
                first = builder.select(
                    builder.icmp_signed(">", number, builder.load(whole_slot)),
                    builder.sub(n, block),
                    builder.add(builder.load(head_slot), regular),
                )
                first = builder.select(builder.icmp_signed("==", number, zero), zero, first)
                offsets = [
                    builder.select(long_row, long, short)
                    for long, short in zip(block_offsets(first), short_offsets())
                ]
                wanted = _splat(builder, overall, vector_type)
                mask_type = ir.IntType(width * BLOCK_VECTORS)
                mask = ir.Constant(mask_type, 0)
                for u, offset in enumerate(offsets):
                    values = load(offset)
                    if is_float:
                        equal = builder.fcmp_ordered("==", values, wanted)
                    else:
                        equal = builder.icmp_signed("==", values, wanted)
                    bits = builder.zext(builder.bitcast(equal, ir.IntType(width)), mask_type)
                    mask = builder.or_(mask, builder.shl(bits, ir.Constant(mask_type, u * width)))
                cttz = cgutils.get_or_insert_function(
                    builder.module,
                    ir.FunctionType(mask_type, [mask_type, ir.IntType(1)]),
                    f"llvm.cttz.i{mask_type.width}",
                )
                bit = builder.call(cttz, [mask, ir.Constant(ir.IntType(1), 0)])
                bit = builder.trunc(bit, _I64) if mask_type.width > 64 else builder.zext(bit, _I64)
                u = builder.udiv(bit, vector)
                offset = offsets[0]
                for t in range(1, BLOCK_VECTORS):
                    offset = builder.select(
                        builder.icmp_unsigned("==", u, ir.Constant(_I64, t)), offsets[t], offset
                    )
                lane = builder.sub(bit, builder.mul(u, vector))
                builder.store(builder.add(offset, lane), index_slot)
            saw_nan = _vector_reduce(builder, "or", builder.load(nan_slot))
            stop = builder.select(has_vector, n, zero)
            if is_float and nan_exit:
                stop = builder.select(saw_nan, builder.load(stop_slot), stop)
            return context.make_tuple(
                builder, signature.return_type, [overall, builder.load(index_slot), saw_nan, stop]
            )

        return sig, codegen

    return block_lanes


block_lanes_max = _make_block_lanes(True)
block_lanes_min = _make_block_lanes(False)
block_lanes_max_nan_exit = _make_block_lanes(True, nan_exit=True)
block_lanes_min_nan_exit = _make_block_lanes(False, nan_exit=True)


#: Steps (in elements, either sign) with a strided lanes scan: a group is
#: ``|step|`` vectors, each with its own accumulators in registers...
STRIDED_LANES_STEPS = (2, 3, 4, 5, 6, 7)
#: ...for elements at most this many bytes apart.  Further apart (and at
#: steps beyond 7) the scalar search scan (``_kernels``' scan_far), which
#: loads only the row's own elements, was faster: 1e6 float64 ``x[::4]``
#: 1.65x NumPy vs 1.09x, int16 ``x[::8]`` 1.66x vs 1.10x (one thread); at
#: 24 bytes the lanes still won (33K float64 ``x[::3]``: 1.56-1.66x vs
#: 1.28-1.33x).
STRIDED_LANES_MAX_BYTES = 24


@functools.cache
def strided_lanes_steps(itemsize):
    """The steps the strided lanes scan reads for elements of ``itemsize`` bytes."""
    return tuple(s for s in STRIDED_LANES_STEPS if s * itemsize <= STRIDED_LANES_MAX_BYTES)


def _group_positions(width, step):
    """For each vector ``u`` of a group of ``|step|`` vectors, the logical position
    (within the group) of the element each lane reads, or -1 when that
    element is not in the row."""
    size = abs(step) * width
    table = []
    for u in range(abs(step)):
        row = []
        for lane in range(width):
            e = u * width + lane  # the element's offset from the group's lowest address
            # A negative step lays a group out backwards from its highest address.
            d = e if step > 0 else size - 1 - e
            row.append(d // abs(step) if d % abs(step) == 0 else -1)
        table.append(row)
    return table


def _make_strided_lanes(is_max, size):
    """``lanes(base, first, n, step)``: the lanes scan of the strided row
    ``base[first + step * j]``, ``j < n``, ``|step| == size``, read as whole
    vectors of its memory (no copy, no shuffle).

    ``size`` adjacent vectors make a group of ``size * W`` elements holding
    ``W`` of the row's, and each vector has its own accumulators: lane ``l``
    of vector ``u`` sees the element at one fixed offset of every group, so
    it holds either only the row's elements or none, and the others (and
    their NaN) are dropped once, at the end.  Groups are taken in the row's
    order (from the highest address down for a negative step), so each lane
    keeps its first occurrence with a strict compare.  Returns what
    ``lanes`` returns; ``stop`` (the elements in whole groups) leaves at
    most ``W`` for the caller's loop, as no load may pass the row's end.
    """

    @intrinsic
    def lanes(typingctx, base, first, n, step):
        if not (_numeric_1d(base) and all(isinstance(t, types.Integer) for t in (first, n, step))):
            return None
        dtype = base.dtype
        is_float = isinstance(dtype, types.Float)
        signed = is_float or dtype.signed
        sig = types.Tuple((dtype, types.int64, types.boolean, types.int64))(
            base, types.int64, types.int64, types.int64
        )

        def codegen(context, builder, signature, args):
            array = context.make_array(signature.args[0])(context, builder, args[0])
            data = builder.gep(array.data, [args[1]])
            n = args[2]
            width = VECTOR_BYTES // (dtype.bitwidth // 8)
            vector_type = ir.VectorType(context.get_data_type(dtype), width)
            index_type = ir.VectorType(_I32, width)
            flag_type = ir.VectorType(ir.IntType(1), width)
            zero, one = ir.Constant(_I64, 0), ir.Constant(_I64, 1)
            group = ir.Constant(_I64, size * width)
            backwards = builder.icmp_signed("<", args[3], zero)
            # Whole groups ending at or before the row's last element.
            span = builder.add(builder.mul(builder.sub(n, one), ir.Constant(_I64, size)), one)
            span = builder.select(builder.icmp_signed(">", n, zero), span, zero)
            groups = builder.udiv(span, group)

            worst = ir.Constant(vector_type, [_worst_value(dtype, is_max)] * width)
            best_slots = [cgutils.alloca_once_value(builder, worst) for _ in range(size)]
            minus_one = ir.Constant(index_type, [-1] * width)
            index_slots = [cgutils.alloca_once_value(builder, minus_one) for _ in range(size)]
            no_nan = ir.Constant(flag_type, [0] * width)
            nan_slots = [cgutils.alloca_once_value(builder, no_nan) for _ in range(size)]
            op = ">" if is_max else "<"
            with cgutils.for_range(builder, groups, intp=_I64) as loop:
                g = loop.index
                # The group's lowest element, counted from first.
                low = builder.select(
                    backwards,
                    builder.sub(one, builder.mul(builder.add(g, one), group)),
                    builder.mul(g, group),
                )
                logical = builder.trunc(builder.mul(g, ir.Constant(_I64, width)), _I32)
                logical = _splat(builder, logical, index_type)
                for u in range(size):
                    pointer = builder.gep(data, [builder.add(low, ir.Constant(_I64, u * width))])
                    pointer = builder.bitcast(pointer, vector_type.as_pointer())
                    values = builder.load(pointer, align=dtype.bitwidth // 8)
                    best = builder.load(best_slots[u])
                    if is_float:
                        take = builder.fcmp_ordered(op, values, best)
                        saw = builder.fcmp_unordered("uno", values, values)
                        builder.store(builder.or_(builder.load(nan_slots[u]), saw), nan_slots[u])
                    elif signed:
                        take = builder.icmp_signed(op, values, best)
                    else:
                        take = builder.icmp_unsigned(op, values, best)
                    builder.store(builder.select(take, values, best), best_slots[u])
                    index = builder.load(index_slots[u])
                    builder.store(builder.select(take, logical, index), index_slots[u])

            # Keep the row's lanes, at their logical positions.
            forwards_table = _group_positions(width, size)
            backwards_table = _group_positions(width, -size)
            bests, indexes, nan = [], [], no_nan
            for u in range(size):
                positions = builder.select(
                    backwards,
                    ir.Constant(index_type, backwards_table[u]),
                    ir.Constant(index_type, forwards_table[u]),
                )
                wanted = builder.icmp_signed(">=", positions, ir.Constant(index_type, [0] * width))
                index = builder.load(index_slots[u])
                taken = builder.icmp_signed(">=", index, ir.Constant(index_type, [0] * width))
                taken = builder.and_(wanted, taken)
                indexes.append(builder.select(taken, builder.add(index, positions), minus_one))
                bests.append(builder.select(wanted, builder.load(best_slots[u]), worst))
                nan = builder.or_(nan, builder.and_(builder.load(nan_slots[u]), wanted))
            overall, index = _best_of_lanes(builder, bests, indexes, is_max=is_max, signed=signed)
            saw_nan = _vector_reduce(builder, "or", nan)
            stop = builder.mul(groups, ir.Constant(_I64, width))
            return context.make_tuple(
                builder, signature.return_type, [overall, index, saw_nan, stop]
            )

        return sig, codegen

    return lanes


def _make_strided_lanes_or_skip(is_max):
    """``stub(base, first, n, step)``: the strided lanes scan for ints and
    floats at ``|step|`` in STRIDED_LANES_STEPS; otherwise ``stop = 0`` (the
    caller's loop takes the whole row)."""

    @njit(inline="always")
    def none_of_them(base, first, n, step):
        return base[first], -1, False, 0

    scans = {size: _make_strided_lanes(is_max, size) for size in STRIDED_LANES_STEPS}
    picks = {}

    def pick_for(itemsize):
        # One test of |step| per size this itemsize takes (only those are
        # compiled), each falling through to the next.
        if itemsize not in picks:
            pick = none_of_them
            for size in reversed(strided_lanes_steps(itemsize)):
                pick = _pick_size(size, scans[size], pick)
            picks[itemsize] = pick
        return picks[itemsize]

    def stub(base, first, n, step):
        pass

    @overload(stub, inline="always")  # no symbol of its own (see _kernels._build)
    def impl(base, first, n, step):
        if isinstance(base.dtype, (types.Integer, types.Float)) and base.layout == "C":
            pick = pick_for(base.dtype.bitwidth // 8)
            return lambda base, first, n, step: pick(base, first, n, step)
        return lambda base, first, n, step: none_of_them(base, first, n, step)

    return stub


def _pick_size(size, lanes, otherwise):
    @njit(inline="always")
    def pick(base, first, n, step):
        if abs(step) == size:
            return lanes(base, first, n, step)
        return otherwise(base, first, n, step)

    return pick


strided_lanes_max_or_skip = _make_strided_lanes_or_skip(True)
strided_lanes_min_or_skip = _make_strided_lanes_or_skip(False)


def _make_complex_lanes(is_max, nan_exit=False):
    """The lanes scan for complex rows: real and imaginary parts in separate
    vectors, compared lexicographically (NumPy's order); no unrolling.

    Any NaN part sets ``saw_nan`` (the caller's exact loop then decides,
    also for the nan-variants: a NaN part can win a real-part compare).
    ``nan_exit``: as for real floats (see _make_lanes), the scan stops
    within NAN_EXIT_VECTORS steps of a NaN, ``stop`` then the start of the
    block holding it (no NaN before it), for argmax/argmin: a NaN 100
    elements into 1e6 complex128 read 32K of them, 0.56x NumPy.
    """

    @intrinsic
    def lanes(typingctx, base, start, n):
        if not (
            isinstance(base, types.Array)
            and base.ndim == 1
            and base.layout in "CA"
            and isinstance(base.dtype, types.Complex)
            and isinstance(start, types.Integer)
            and isinstance(n, types.Integer)
        ):
            return None
        dtype = base.dtype
        part_bytes = dtype.bitwidth // 16
        sig = types.Tuple((dtype, types.int64, types.boolean, types.int64))(
            base, types.int64, types.int64
        )

        def codegen(context, builder, signature, args):
            array = context.make_array(signature.args[0])(context, builder, args[0])
            part = context.get_data_type(dtype.underlying_float)
            width = 2 * VECTOR_BYTES // (2 * part_bytes)  # complex numbers per step
            pairs_type = ir.VectorType(part, 2 * width)
            vector_type = ir.VectorType(part, width)
            index_type = ir.VectorType(_I32, width)
            flag_type = ir.VectorType(ir.IntType(1), width)
            data = builder.bitcast(builder.gep(array.data, [args[1]]), part.as_pointer())
            n = args[2]
            if base.layout != "C":
                n = _adjacent_only(builder, array, n, 2 * part_bytes)
            worst_value = float("-inf") if is_max else float("inf")
            worst = ir.Constant(vector_type, [worst_value] * width)
            # Two accumulator sets (even and odd steps) hide the compare latency.
            real_slots = [cgutils.alloca_once_value(builder, worst) for _ in range(2)]
            imag_slots = [cgutils.alloca_once_value(builder, worst) for _ in range(2)]
            index_slots = [
                cgutils.alloca_once_value(builder, ir.Constant(index_type, [-1] * width))
                for _ in range(2)
            ]
            nan_slot = cgutils.alloca_once_value(builder, ir.Constant(flag_type, [0] * width))
            strict = ">" if is_max else "<"
            undef = ir.Constant(pairs_type, ir.Undefined)
            evens = ir.Constant(ir.VectorType(_I32, width), list(range(0, 2 * width, 2)))
            odds = ir.Constant(ir.VectorType(_I32, width), list(range(1, 2 * width, 2)))
            lane_numbers = ir.Constant(index_type, list(range(width)))

            def better(real, imag, best_real, best_imag):
                # Lexicographic strict compare, lane-wise.
                return builder.or_(
                    builder.fcmp_ordered(strict, real, best_real),
                    builder.and_(
                        builder.fcmp_ordered("==", real, best_real),
                        builder.fcmp_ordered(strict, imag, best_imag),
                    ),
                )

            def scan_step(u, j):
                pointer = builder.gep(data, [builder.add(j, j)])
                pairs = builder.load(
                    builder.bitcast(pointer, pairs_type.as_pointer()), align=part_bytes
                )
                real = builder.shuffle_vector(pairs, undef, evens)
                imag = builder.shuffle_vector(pairs, undef, odds)
                best_real, best_imag = builder.load(real_slots[u]), builder.load(imag_slots[u])
                take = better(real, imag, best_real, best_imag)
                builder.store(builder.select(take, real, best_real), real_slots[u])
                builder.store(builder.select(take, imag, best_imag), imag_slots[u])
                positions = builder.add(
                    _splat(builder, builder.trunc(j, _I32), index_type), lane_numbers
                )
                index = builder.load(index_slots[u])
                builder.store(builder.select(take, positions, index), index_slots[u])
                saw_nan = builder.fcmp_unordered("uno", real, imag)
                builder.store(builder.or_(builder.load(nan_slot), saw_nan), nan_slot)

            pair_stop = builder.sub(n, builder.srem(n, ir.Constant(_I64, 2 * width)))
            zero = ir.Constant(_I64, 0)

            def scan_pairs(lo, hi):
                with cgutils.for_range_slice(
                    builder, lo, hi, ir.Constant(_I64, 2 * width), intp=_I64
                ) as (j, _):
                    scan_step(0, j)
                    scan_step(1, builder.add(j, ir.Constant(_I64, width)))

            if nan_exit:  # as in _make_lanes: blocks while no NaN was seen
                block = ir.Constant(_I64, NAN_EXIT_VECTORS * width)
                last_block = _scan_until_nan(builder, zero, pair_stop, block, nan_slot, scan_pairs)
            else:
                scan_pairs(zero, pair_stop)
            stop = builder.sub(n, builder.srem(n, ir.Constant(_I64, width)))
            with builder.if_then(builder.icmp_signed("<", pair_stop, stop)):
                scan_step(0, pair_stop)
            # Lane-wise merge of the odd steps into the even ones: the better
            # value, or the same value at an earlier position.
            best_real, best_imag = builder.load(real_slots[0]), builder.load(imag_slots[0])
            index = builder.load(index_slots[0])
            other_real, other_imag = builder.load(real_slots[1]), builder.load(imag_slots[1])
            other_index = builder.load(index_slots[1])
            same = builder.and_(
                builder.fcmp_ordered("==", other_real, best_real),
                builder.fcmp_ordered("==", other_imag, best_imag),
            )
            earlier = builder.and_(
                builder.icmp_signed("<", other_index, index),
                builder.icmp_signed(">=", other_index, ir.Constant(index_type, [0] * width)),
            )
            take = builder.or_(
                better(other_real, other_imag, best_real, best_imag), builder.and_(same, earlier)
            )
            builder.store(builder.select(take, other_real, best_real), real_slots[0])
            builder.store(builder.select(take, other_imag, best_imag), imag_slots[0])
            builder.store(builder.select(take, other_index, index), index_slots[0])
            real_slot, imag_slot, index_slot = real_slots[0], imag_slots[0], index_slots[0]

            # Merge: the best real part, then the best imaginary part among
            # the lanes holding it, then the smallest index holding both.
            best_real, best_imag = builder.load(real_slot), builder.load(imag_slot)
            reduce_name = "fmax" if is_max else "fmin"
            overall_real = _vector_reduce(builder, reduce_name, best_real)
            on_real = builder.fcmp_ordered(
                "==", best_real, _splat(builder, overall_real, vector_type)
            )
            overall_imag = _vector_reduce(
                builder, reduce_name, builder.select(on_real, best_imag, worst)
            )
            holds = builder.and_(
                on_real,
                builder.fcmp_ordered("==", best_imag, _splat(builder, overall_imag, vector_type)),
            )
            never = ir.Constant(index_type, [np.iinfo(np.int32).max] * width)
            index = _vector_reduce(
                builder, "smin", builder.select(holds, builder.load(index_slot), never)
            )
            index = builder.sext(index, _I64)
            best = context.make_complex(builder, dtype)
            best.real = overall_real
            best.imag = overall_imag
            saw_nan = _vector_reduce(builder, "or", builder.load(nan_slot))
            if nan_exit:  # (stop: no NaN before it)
                stop = builder.select(saw_nan, builder.load(last_block), stop)
            return context.make_tuple(
                builder, signature.return_type, [best._getvalue(), index, saw_nan, stop]
            )

        return sig, codegen

    return lanes


complex_lanes_max = _make_complex_lanes(True)
complex_lanes_min = _make_complex_lanes(False)
complex_lanes_max_nan_exit = _make_complex_lanes(True, nan_exit=True)
complex_lanes_min_nan_exit = _make_complex_lanes(False, nan_exit=True)


def _make_lanes_or_skip(lanes, complex_lanes=None, block_lanes=None):
    """``lanes`` for ints and floats (``block_lanes`` for those of 4 and 8
    bytes); for other dtypes a result that defers to the exact loop."""

    def stub(base, start, n):
        pass

    @overload(stub, inline="always")  # no symbol of its own (see _kernels._build)
    def impl(base, start, n):
        numeric = isinstance(base.dtype, (types.Integer, types.Float))
        if block_lanes is not None and numeric and base.dtype.bitwidth >= 32:
            return lambda base, start, n: block_lanes(base, start, n)
        if numeric:
            return lambda base, start, n: lanes(base, start, n)
        if complex_lanes is not None and isinstance(base.dtype, types.Complex):
            return lambda base, start, n: complex_lanes(base, start, n)
        # Otherwise index -1 and stop = n send the caller to its exact loop.
        return lambda base, start, n: (base[start], -1, False, n)

    return stub


lanes_max_or_skip = _make_lanes_or_skip(lanes_max, complex_lanes_max, block_lanes_max)
lanes_min_or_skip = _make_lanes_or_skip(lanes_min, complex_lanes_min, block_lanes_min)
lanes_max_nan_exit_or_skip = _make_lanes_or_skip(
    lanes_max_nan_exit, complex_lanes_max_nan_exit, block_lanes_max_nan_exit
)
lanes_min_nan_exit_or_skip = _make_lanes_or_skip(
    lanes_min_nan_exit, complex_lanes_min_nan_exit, block_lanes_min_nan_exit
)
lanes_max_last_or_skip = _make_lanes_or_skip(lanes_max_last)
lanes_min_last_or_skip = _make_lanes_or_skip(lanes_min_last)


# --- strided copies -------------------------------------------------------------


def _make_copy_every(step):
    """``copy_every<step>(src, start, dst, m) -> copied``: ``dst[t] = src[start + step * t]``.

    Whole vectors of ``src`` are loaded and the wanted elements shuffled
    out (LLVM turns a runtime-strided copy into one load per element, and a
    constant-stride loop into gathers).  Copies the first ``copied`` of the
    ``m`` elements, stopping before a vector would read past the last one;
    the caller copies the rest.
    """

    @intrinsic
    def copy_every(typingctx, src, start, dst, m):
        if not (
            isinstance(src, types.Array)
            and isinstance(dst, types.Array)
            and src.ndim == 1
            and dst.ndim == 1
            and src.layout == "C"
            and dst.layout == "C"
            and src.dtype == dst.dtype
            and isinstance(src.dtype, (types.Integer, types.Float))
        ):
            return None
        dtype = src.dtype

        def codegen(context, builder, signature, args):
            source = context.make_array(signature.args[0])(context, builder, args[0])
            target = context.make_array(signature.args[2])(context, builder, args[2])
            element = context.get_data_type(dtype)
            width = VECTOR_BYTES // (dtype.bitwidth // 8)
            wide_type = ir.VectorType(element, width * step)
            narrow_type = ir.VectorType(element, width)
            mask = ir.Constant(ir.VectorType(_I32, width), [step * i for i in range(width)])
            data = builder.gep(source.data, [args[1]])
            m = args[3]
            # Vector t reads elements step*t .. step*(t + width) - 1 (counted
            # from start): it must end at or before element step*(m - 1), the
            # last one wanted, so t + width <= m - 1: (m - 1) // width vectors.
            last = builder.sub(m, ir.Constant(_I64, 1))
            last = builder.select(builder.icmp_signed(">", last, ir.Constant(_I64, 0)),
                                  last, ir.Constant(_I64, 0))
            count = builder.mul(builder.udiv(last, ir.Constant(_I64, width)),
                                ir.Constant(_I64, width))
            with cgutils.for_range_slice(
                builder, ir.Constant(_I64, 0), count, ir.Constant(_I64, width), intp=_I64
            ) as (t, _):
                pointer = builder.gep(data, [builder.mul(t, ir.Constant(_I64, step))])
                pointer = builder.bitcast(pointer, wide_type.as_pointer())
                wide = builder.load(pointer, align=dtype.bitwidth // 8)
                narrow = builder.shuffle_vector(wide, ir.Constant(wide_type, ir.Undefined), mask)
                out = builder.bitcast(builder.gep(target.data, [t]), narrow_type.as_pointer())
                builder.store(narrow, out, align=dtype.bitwidth // 8)
            return count

        return types.int64(src, types.int64, dst, types.int64), codegen

    return copy_every


copy_every2 = _make_copy_every(2)
copy_every3 = _make_copy_every(3)
copy_every4 = _make_copy_every(4)


def copy_strided(source, start, buffer, m, step):
    """``buffer[t] = source[start + step * t]``, the first ``copied`` of ``m`` -> copied.

    By vectors for steps 2-4 of ints and floats in C-contiguous sources (see
    ``_make_copy_every``); 0 otherwise: the caller's loop copies what is left.
    """


@overload(copy_strided)
def _copy_strided_impl(source, start, buffer, m, step):
    readable = isinstance(source.dtype, (types.Integer, types.Float)) and source.layout == "C"
    if not (readable and buffer.layout == "C" and buffer.dtype == source.dtype):
        return lambda source, start, buffer, m, step: 0

    def impl(source, start, buffer, m, step):
        if step == 2:
            return copy_every2(source, start, buffer, m)
        if step == 3:
            return copy_every3(source, start, buffer, m)
        if step == 4:
            return copy_every4(source, start, buffer, m)
        return 0

    return impl


# --- narrow sweeps (axis=0 of short rows) ----------------------------------------

def _make_sweep(is_max, skip_nan, vectors):
    """``sweep(base, start, j0, j1, sn, best, index)``: the best of each column over rows j0..j1-1.

    Row ``j`` is ``base[start + j * sn :]``; its first ``vectors`` vectors
    (``L`` lanes) are read, so the caller keeps ``L`` elements of every
    row it passes in bounds (columns beyond its tile are read and ignored).
    Writes, for each of the ``L`` lanes, the best value to ``best`` and the
    first row holding it to ``index`` (both at least ``L`` long); a lane
    that read a NaN for argmax/argmin gets index -2 and the caller scans
    that column exactly.  nan-variants replace NaN by -inf (+inf), as
    NumPy does.  Values and rows stay in registers: two accumulator sets
    (even and odd rows) hide the compare -> select latency; the row-by-row
    sweep with best/index in memory ran at ~30 cycles per row of 16.
    """

    @intrinsic
    def sweep(typingctx, base, start, j0, j1, sn, best, index):
        if not (
            isinstance(base, types.Array)
            and isinstance(best, types.Array)
            and isinstance(index, types.Array)
            and base.ndim == best.ndim == index.ndim == 1
            and base.layout == best.layout == index.layout == "C"
            and isinstance(base.dtype, (types.Integer, types.Float))
            and best.dtype == base.dtype
            and index.dtype == types.intp
        ):
            return None
        dtype = base.dtype
        is_float = isinstance(dtype, types.Float)
        signed = is_float or dtype.signed

        def codegen(context, builder, signature, args):
            array = context.make_array(signature.args[0])(context, builder, args[0])
            best_out = context.make_array(signature.args[5])(context, builder, args[5])
            index_out = context.make_array(signature.args[6])(context, builder, args[6])
            start, j0, j1, sn = args[1:5]
            element = context.get_data_type(dtype)
            width = VECTOR_BYTES // (dtype.bitwidth // 8)
            vector_type = ir.VectorType(element, width)
            row_type = ir.VectorType(_I32, width)
            flag_type = ir.VectorType(ir.IntType(1), width)
            align = dtype.bitwidth // 8
            data = builder.gep(array.data, [start])
            strict = ">" if is_max else "<"
            fill = ir.Constant(vector_type, [_worst_value(dtype, is_max)] * width)

            def compare(op, a, b):
                if is_float:
                    return builder.fcmp_ordered(op, a, b)
                if op == "==" or signed:
                    return builder.icmp_signed(op, a, b)
                return builder.icmp_unsigned(op, a, b)

            def load_row(j):
                row = builder.gep(data, [builder.mul(j, sn)])
                loaded = []
                for v in range(vectors):
                    pointer = builder.gep(row, [ir.Constant(_I64, v * width)])
                    pointer = builder.bitcast(pointer, vector_type.as_pointer())
                    loaded.append(builder.load(pointer, align=align))
                return loaded

            def keyed(values):
                if is_float and skip_nan:  # NaN counts as -inf (+inf)
                    nan = builder.fcmp_unordered("uno", values, values)
                    return builder.select(nan, fill, values)
                return values

            def splat_row(j):
                return _splat(builder, builder.trunc(j, _I32), row_type)

            # Both sets start from row j0.
            first = [keyed(v) for v in load_row(j0)]
            row_j0 = splat_row(j0)
            no_nan = ir.Constant(flag_type, [0] * width)
            best_slots = [[cgutils.alloca_once_value(builder, first[v]) for v in range(vectors)]
                          for _ in range(2)]
            row_slots = [[cgutils.alloca_once_value(builder, row_j0) for _ in range(vectors)]
                         for _ in range(2)]
            nan_slots = [cgutils.alloca_once_value(builder, no_nan) for _ in range(vectors)]
            track_nan = is_float and not skip_nan
            if track_nan:
                for v in range(vectors):
                    builder.store(builder.fcmp_unordered("uno", first[v], first[v]), nan_slots[v])

            def step(u, j):
                values = load_row(j)
                rows = splat_row(j)
                for v in range(vectors):
                    key = keyed(values[v])
                    best = builder.load(best_slots[u][v])
                    take = compare(strict, key, best)
                    builder.store(builder.select(take, key, best), best_slots[u][v])
                    row = builder.load(row_slots[u][v])
                    builder.store(builder.select(take, rows, row), row_slots[u][v])
                    if track_nan:
                        nan = builder.fcmp_unordered("uno", values[v], values[v])
                        builder.store(builder.or_(builder.load(nan_slots[v]), nan), nan_slots[v])

            one = ir.Constant(_I64, 1)
            pairs_end = builder.sub(j1, builder.srem(builder.sub(j1, builder.add(j0, one)),
                                                     ir.Constant(_I64, 2)))
            with cgutils.for_range_slice(
                builder, builder.add(j0, one), pairs_end, ir.Constant(_I64, 2), intp=_I64
            ) as (j, _):
                step(0, j)
                step(1, builder.add(j, one))
            with builder.if_then(builder.icmp_signed("<", pairs_end, j1)):
                step(0, pairs_end)

            # Merge the sets lane-wise (on a tie the earlier row), then write out.
            minus_two = ir.Constant(ir.VectorType(_I64, width), [-2] * width)
            for v in range(vectors):
                best0, row0 = builder.load(best_slots[0][v]), builder.load(row_slots[0][v])
                best1, row1 = builder.load(best_slots[1][v]), builder.load(row_slots[1][v])
                earlier = builder.and_(compare("==", best1, best0),
                                       builder.icmp_signed("<", row1, row0))
                take = builder.or_(compare(strict, best1, best0), earlier)
                best = builder.select(take, best1, best0)
                rows = builder.sext(builder.select(take, row1, row0), ir.VectorType(_I64, width))
                if track_nan:
                    rows = builder.select(builder.load(nan_slots[v]), minus_two, rows)
                offset = ir.Constant(_I64, v * width)
                pointer = builder.bitcast(builder.gep(best_out.data, [offset]),
                                          vector_type.as_pointer())
                builder.store(best, pointer, align=align)
                pointer = builder.bitcast(builder.gep(index_out.data, [offset]),
                                          ir.VectorType(_I64, width).as_pointer())
                builder.store(rows, pointer, align=8)
            return context.get_dummy_value()

        sig = types.none(base, types.int64, types.int64, types.int64, types.int64, best, index)
        return sig, codegen

    return sweep


def make_sweep_rows(is_max, skip_nan):
    """``sweep_rows(base, start, j0, j1, sn, best, index, vectors) -> done``.

    The register sweep with 1 or 2 vectors per row (see ``_make_sweep``; a
    4-vector variant compiled 40% slower for rows of at most 256 bytes);
    False, having done nothing, for dtypes it does not read (complex) or
    wider rows: the caller's own sweep runs instead.
    """
    sweep1, sweep2 = _make_sweep(is_max, skip_nan, 1), _make_sweep(is_max, skip_nan, 2)

    def sweep_rows(base, start, j0, j1, sn, best, index, vectors):
        pass

    @overload(sweep_rows, inline="always")  # no symbol of its own (see _kernels._build)
    def _impl(base, start, j0, j1, sn, best, index, vectors):
        readable = isinstance(base.dtype, (types.Integer, types.Float)) and base.layout == "C"
        if not readable or base.dtype != best.dtype or best.layout != "C":
            return lambda base, start, j0, j1, sn, best, index, vectors: False

        def impl(base, start, j0, j1, sn, best, index, vectors):
            if vectors == 1:
                sweep1(base, start, j0, j1, sn, best, index)
            elif vectors == 2:
                sweep2(base, start, j0, j1, sn, best, index)
            else:
                return False
            return True

        return impl

    return sweep_rows


# --- finding a value -----------------------------------------------------------------


def _make_first_equal(or_nan):
    """``_first_equal(base, start, n, value) -> (index, stop)``, an intrinsic.

    ``index``: the first ``j < stop`` with ``base[start + j] == value`` (with
    ``or_nan``, or a NaN), or -1.  Whole vectors only (``stop`` is ``n``
    rounded down to one): one compare and one mask test per 64 bytes,
    leaving at the first match.
    """

    @intrinsic
    def first_equal_vectors(typingctx, base, start, n, value):
        if not (_numeric_1d(base) and value == base.dtype):
            return None
        dtype = base.dtype
        sig = types.UniTuple(types.int64, 2)(base, types.int64, types.int64, value)

        def codegen(context, builder, signature, args):
            array = context.make_array(signature.args[0])(context, builder, args[0])
            element = context.get_data_type(dtype)
            width = VECTOR_BYTES // (dtype.bitwidth // 8)
            vector_type = ir.VectorType(element, width)
            mask_int = ir.IntType(width)
            data = builder.gep(array.data, [args[1]])
            n = args[2]
            stop = builder.sub(n, builder.srem(n, ir.Constant(_I64, width)))
            wanted = _splat(builder, args[3], vector_type)
            result = cgutils.alloca_once_value(builder, ir.Constant(_I64, -1))
            position = cgutils.alloca_once_value(builder, ir.Constant(_I64, 0))
            head = builder.append_basic_block("first_equal.head")
            body = builder.append_basic_block("first_equal.body")
            found = builder.append_basic_block("first_equal.found")
            done = builder.append_basic_block("first_equal.done")
            builder.branch(head)
            builder.position_at_end(head)
            j = builder.load(position)
            builder.cbranch(builder.icmp_signed("<", j, stop), body, done)
            builder.position_at_end(body)
            pointer = builder.bitcast(builder.gep(data, [j]), vector_type.as_pointer())
            values = builder.load(pointer, align=dtype.bitwidth // 8)
            if isinstance(dtype, types.Float):
                equal = builder.fcmp_ordered("==", values, wanted)
                if or_nan:
                    equal = builder.or_(equal, builder.fcmp_unordered("uno", values, values))
            else:
                equal = builder.icmp_signed("==", values, wanted)
            bits = builder.bitcast(equal, mask_int)
            builder.store(builder.add(j, ir.Constant(_I64, width)), position)
            zero = ir.Constant(mask_int, 0)
            builder.cbranch(builder.icmp_unsigned("!=", bits, zero), found, head)
            builder.position_at_end(found)
            cttz = cgutils.get_or_insert_function(
                builder.module,
                ir.FunctionType(mask_int, [mask_int, ir.IntType(1)]),
                f"llvm.cttz.i{width}",
            )
            lane = builder.call(cttz, [bits, ir.Constant(ir.IntType(1), 1)])
            builder.store(builder.add(j, builder.zext(lane, _I64)), result)
            builder.branch(done)
            builder.position_at_end(done)
            return context.make_tuple(
                builder, signature.return_type, [builder.load(result), stop]
            )

        return sig, codegen

    return first_equal_vectors


_first_equal = _make_first_equal(False)
_first_equal_or_nan = _make_first_equal(True)


def first_equal(block, value, or_nan):
    """The first index of ``value`` (``or_nan``: or of a NaN) in the 1-D ``block``.

    -1 if absent; -2 if not searched: contiguous int and float blocks are
    searched by vectors, for other blocks the caller searches its own way.
    """


@overload(first_equal)
def _first_equal_impl(block, value, or_nan):
    searchable = isinstance(block.dtype, (types.Integer, types.Float)) and block.layout == "C"
    if not (searchable and value == block.dtype):
        return lambda block, value, or_nan: -2

    def impl(block, value, or_nan):
        n = block.shape[0]
        if or_nan:
            index, stop = _first_equal_or_nan(block, 0, n, value)
        else:
            index, stop = _first_equal(block, 0, n, value)
        if index < 0:
            for j in range(stop, n):
                x = block[j]
                if x == value or (or_nan and x != x):
                    return j
        return index

    return impl


#: Bytes :func:`first_nan_of_lead` reads: two cache lines.  Each line read
#: costs ~1 ns a row when rows lie apart (a lead of four lines made rows
#: with a NaN near their start slower to answer than NumPy's loop).
NAN_LEAD_BYTES = 128


@intrinsic
def first_nan_of_lead(typingctx, base, start):
    """The first NaN's position among the first :data:`NAN_LEAD_BYTES` bytes
    of ``base[start:]`` (contiguous floats, all in bounds), or -1 if none.

    No branch: the lead is compared whole (one unordered compare per vector,
    the masks joined and counted), so rows whose first NaN falls at random
    places cost no mispredicted exits (the vector search, leaving after one,
    two or three vectors at random, cost ~8 ns a row).
    """
    if not (_numeric_1d(base) and isinstance(base.dtype, types.Float)):
        return None
    lead = NAN_LEAD_BYTES // (base.dtype.bitwidth // 8)

    def codegen(context, builder, signature, args):
        array = context.make_array(signature.args[0])(context, builder, args[0])
        vector_type = ir.VectorType(context.get_data_type(base.dtype), lead)
        pointer = builder.bitcast(builder.gep(array.data, [args[1]]), vector_type.as_pointer())
        values = builder.load(pointer, align=base.dtype.bitwidth // 8)
        # One bit per element, one more above them: the count is `lead` if no NaN.
        bits = builder.zext(builder.bitcast(builder.fcmp_unordered("uno", values, values),
                                            ir.IntType(lead)), _I64)
        bits = builder.or_(bits, ir.Constant(_I64, 1 << lead))
        cttz = cgutils.get_or_insert_function(
            builder.module, ir.FunctionType(_I64, [_I64, ir.IntType(1)]), "llvm.cttz.i64"
        )
        position = builder.call(cttz, [bits, ir.Constant(ir.IntType(1), 1)])
        none = builder.icmp_signed("==", position, ir.Constant(_I64, lead))
        return builder.select(none, ir.Constant(_I64, -1), position)

    return types.int64(base, types.intp), codegen


# --- a hint shared by threads --------------------------------------------------------


@intrinsic
def load_relaxed(typingctx, array, i):
    """``array[i]`` read with an atomic (relaxed) load: another thread's store is
    seen, where LLVM would keep a plain load in a register across a loop."""
    if not (isinstance(array, types.Array) and array.dtype == types.intp and array.ndim == 1):
        return None

    def codegen(context, builder, signature, args):
        ary = context.make_array(signature.args[0])(context, builder, args[0])
        pointer = cgutils.get_item_pointer(context, builder, signature.args[0], ary, [args[1]])
        return builder.load_atomic(pointer, "monotonic", 8)

    return types.intp(array, types.intp), codegen


@intrinsic
def store_relaxed(typingctx, array, i, value):
    """``array[i] = value`` as an atomic (relaxed) store (see :func:`load_relaxed`)."""
    if not (isinstance(array, types.Array) and array.dtype == types.intp and array.ndim == 1):
        return None

    def codegen(context, builder, signature, args):
        ary = context.make_array(signature.args[0])(context, builder, args[0])
        pointer = cgutils.get_item_pointer(context, builder, signature.args[0], ary, [args[1]])
        value = context.cast(builder, args[2], signature.args[2], types.intp)
        builder.store_atomic(value, pointer, "monotonic", 8)
        return context.get_dummy_value()

    return types.none(array, types.intp, value), codegen


@intrinsic
def load_one(typingctx, array, i):
    """``array[i]`` (``i`` unsigned, in bounds) as one scalar load LLVM keeps scalar.

    LLVM turns a strided copy loop of plain loads into masked gathers: 2x
    slower than scalar loads when every element is in a different cache
    line (1e6 float64 ``x[::16]``: 4.0 vs 2.0 ms), and no faster in cache.
    An atomic (unordered) load is never vectorised; it is still one ``mov``.
    Other dtypes (complex; typed in branches never taken) load plainly.
    """
    if not (isinstance(array, types.Array) and array.ndim == 1 and array.layout == "C"):
        return None
    atomic = isinstance(array.dtype, (types.Integer, types.Float))

    def codegen(context, builder, signature, args):
        aryty = signature.args[0]
        ary = context.make_array(aryty)(context, builder, args[0])
        pointer = builder.gep(ary.data, [args[1]], inbounds=True)
        if not atomic:
            return context.unpack_value(builder, aryty.dtype, pointer)
        return builder.load_atomic(pointer, "unordered", aryty.dtype.bitwidth // 8)

    return array.dtype(array, types.uintp), codegen


@intrinsic
def prefetch(typingctx, array, i):
    """Ask for the cache line of ``array[i]`` (``array`` 1-D contiguous) ahead of its use.

    A hint, never a load: an ``i`` past the end reads nothing and cannot
    fault.  Rows far apart (the prefetchers do not follow an 8 KB stride)
    then arrive while earlier rows are worked on.
    """
    if not (isinstance(array, types.Array) and array.ndim == 1 and array.layout == "C"):
        return None
    i8_pointer = ir.IntType(8).as_pointer()

    def codegen(context, builder, signature, args):
        ary = context.make_array(signature.args[0])(context, builder, args[0])
        pointer = builder.bitcast(builder.gep(ary.data, [args[1]]), i8_pointer)
        fnty = ir.FunctionType(ir.VoidType(), [i8_pointer] + [_I32] * 3)
        fn = cgutils.get_or_insert_function(builder.module, fnty, "llvm.prefetch.p0i8")
        # read, keep in all cache levels, data cache
        builder.call(fn, [pointer] + [ir.Constant(_I32, v) for v in (0, 3, 1)])
        return context.get_dummy_value()

    return types.none(array, types.intp), codegen
