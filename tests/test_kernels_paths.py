"""Differential tests that force each CPU kernel path (correctness only, never timing).

Paths: the flat blocked scan (contiguous and strided rows), the row sweep
(reduced axis outside a contiguous kept axis), the parallel variants (one
long row split into chunks; rows split into chunks for the sweep), and the
exact fallback.  Extremes, ties and NaN are planted on both sides of the
block (``BLOCK``), tile (``SWEEP_TILE``) and chunk boundaries.
"""

import contextlib

import numpy as np
import pytest
from oracle import kernels_for_every_size

import numba_argmax as nam
from numba_argmax._ops import ARGMAX, ARGMIN, NANARGMAX, NANARGMIN
from numba_argmax.cpu import _flat, _kernels, _lanes, _reduce

BLOCK = _kernels.BLOCK
TILE = _kernels.SWEEP_TILE

FUNCS = [
    (nam.argmax, np.argmax),
    (nam.argmin, np.argmin),
    (nam.nanargmax, np.nanargmax),
    (nam.nanargmin, np.nanargmin),
]
ALL_DTYPES = [
    "bool",
    "int8",
    "uint8",
    "int16",
    "uint16",
    "int32",
    "uint32",
    "int64",
    "uint64",
    "float16",
    "float32",
    "float64",
    "complex64",
    "complex128",
    "M8[s]",
    "m8[ms]",
]


#: The parallel kernels compile slowly (4-9 s each, per operation and dtype):
#: they are checked on one dtype per thing their merges treat apart: int8
#: (byte lanes, whose rows are cut short), float64 (NaN, the nan-variants'
#: fill values) and datetime64 (keyed, NaT's key at the top).  float16 is
#: keyed like datetime64 and takes NaN as float64 does; its keys are
#: checked on the serial path.
PARALLEL_DTYPES = {"int8", "float64", "M8[s]"}


def paths(dtypes):
    """(dtype, path) pairs: every dtype serially, PARALLEL_DTYPES also in parallel."""
    return [(dt, "serial") for dt in dtypes] + [
        (dt, "parallel") for dt in dtypes if dt in PARALLEL_DTYPES
    ]


@pytest.fixture(autouse=True)
def every_size_on_the_kernels():
    with kernels_for_every_size():
        yield


def use_path(monkeypatch, path):
    """Serial kernels, or the parallel ones with 3 chunks for any size."""
    threads = 3 if path == "parallel" else 0

    @contextlib.contextmanager
    def forced_threads(size, parallel):
        yield threads

    monkeypatch.setattr(_reduce, "_parallel_threads", forced_threads)
    if path == "parallel":  # the lean flat path is serial: leave every call to the driver
        monkeypatch.setattr(_reduce, "PARALLEL_MIN_BYTES", 0)
        # Real floats' leads (see _flat._large_index) of 8-64 elements, the
        # first 4 by a call of their own (see _flat.NAN_HEAD), so that rows
        # of any size have a rest for the threads.
        monkeypatch.setattr(_flat, "NAN_HEAD", 4)
        monkeypatch.setattr(_flat, "LEAD_MIN_BYTES", 64)
        monkeypatch.setattr(_flat, "LEAD_MAX_BYTES", 512)
        monkeypatch.setattr(_flat, "_entries", {})  # their serial sizes come from it


def _outcome(func, a, axis):
    try:
        return func(a, axis=axis)
    except ValueError as exc:
        return ("ValueError", str(exc))


def _numpy_outcome(func, a, axis):
    if not isinstance(axis, tuple):
        return _outcome(func, a, axis)
    # A tuple axis means those axes flattened in C order, in the order given.
    moved = np.moveaxis(a, axis, range(a.ndim - len(axis), a.ndim))
    kept = moved.shape[: a.ndim - len(axis)]
    result = _outcome(func, moved.reshape(kept + (-1,)), -1)
    return result


def assert_same(a, axis=None, funcs=FUNCS):
    for ours, theirs in funcs:
        expected = _numpy_outcome(theirs, a, axis)
        got = _outcome(ours, a, axis)
        if isinstance(expected, tuple):
            assert got == expected, (ours.__name__, axis)
        else:
            assert type(got) is type(expected), (ours.__name__, axis)
            assert np.array_equal(got, expected), (ours.__name__, axis, got, expected)


def _values(dtype, size, rng, low=-3, high=4):
    """Few distinct values (many ties) in ``dtype``."""
    ints = rng.integers(low, high, size=size)
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return ints > 2
    if dtype.kind in "mM":
        return ints.astype(np.int64).astype(dtype)
    if dtype.kind == "u":
        return (ints - low).astype(dtype)
    return ints.astype(dtype)


def _nan(dtype):
    return (
        np.datetime64("NaT")
        if np.dtype(dtype).kind == "M"
        else (np.timedelta64("NaT") if np.dtype(dtype).kind == "m" else np.nan)
    )


BOUNDARIES = [0, BLOCK - 1, BLOCK, 2 * BLOCK - 1, 2 * BLOCK, 2 * BLOCK + 1, 3 * BLOCK]


@pytest.mark.parametrize(("dtype", "path"), paths(ALL_DTYPES))
def test_long_row_every_dtype(dtype, path, monkeypatch):
    use_path(monkeypatch, path)
    # Ties of the extreme on both sides of every block boundary.
    rng = np.random.default_rng(1)
    a = _values(dtype, 3 * BLOCK + 7, rng)
    top = a.max() if a.dtype.kind not in "c" else a[np.argmax(a)]
    bottom = a.min() if a.dtype.kind not in "c" else a[np.argmin(a)]
    a[: 2 * BLOCK] = a[2 * BLOCK]  # nothing extreme early on
    for i in (BLOCK, 2 * BLOCK - 1, 2 * BLOCK + 1):
        a[i] = top if i % 2 else bottom
    assert_same(a)
    if a.dtype.kind in "fcmM":
        for i in (2 * BLOCK + 1, BLOCK - 1):
            a[i] = _nan(dtype)
            assert_same(a)


@pytest.mark.parametrize(("dtype", "path"), paths(["uint8", "int16", "float32", "float64"]))
@pytest.mark.parametrize("width", [1, 3, 8, 15, 16, 17, 31, 32, 33, 65])
def test_register_sweep_widths(dtype, width, path, monkeypatch):
    # axis=0 of narrow rows keeps 1 or 2 vectors per row in registers
    # (two sets, even and odd rows): ties between rows of both sets, a
    # NaN in the first row and later, rows whose vectors would read past
    # the array's end (the last rows take the scalar loop).
    use_path(monkeypatch, path)
    rng = np.random.default_rng(width)
    a = _values(dtype, 9 * width, rng, low=-2, high=3).reshape(9, width)
    assert_same(a, axis=0)
    assert_same(a[:, : max(1, width - 1)], axis=0)  # rows narrower than their stride
    assert_same(a[1:], axis=0)
    if a.dtype.kind == "f":
        a[0, 0] = a[4, -1] = a[7, width // 2] = a[8, width // 2] = np.nan
        assert_same(a, axis=0)
        a[:, -1] = np.nan  # nan-variants: an all-NaN column
        assert_same(a, axis=0)


#: Rows of a few PART are cut into several parts and pieces (see _row_parallel_body).
PART = 1 << 16


@pytest.mark.parametrize("dtype", sorted(PARALLEL_DTYPES))
def test_parallel_row_parts(dtype, monkeypatch):
    # The parallel row scan deals parts round-robin to 3 threads and skips
    # parts after one holding a NaN/top value: plant those in several parts.
    use_path(monkeypatch, "parallel")
    rng = np.random.default_rng(5)
    a = _values(dtype, 5 * PART + 11, rng)
    top = a[np.argmax(a)]
    a[a == top] = a[0]
    for where in ([3 * PART + 2, PART + PART // 2], [4 * PART, 5 * PART + 3], [2 * PART - 1]):
        b = a.copy()
        b[where] = top  # ties in several parts: the first one wins
        assert_same(b)
        if b.dtype.kind in "fmM":
            b[where[-1]] = _nan(dtype)  # a NaN in a later part than a top value
            b[where[0] + 1] = _nan(dtype)
            assert_same(b)
    if a.dtype.kind == "f":
        b = a.copy()
        b[: 3 * PART] = np.nan  # nan-variants: all-NaN parts before the valid ones
        assert_same(b)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("threads", [0, 3])
def test_nan_lead_of_large_rows(dtype, threads, monkeypatch):
    """Large rows of real floats: argmax/argmin scan a lead on the calling
    thread first (contiguous: its head by a call of its own; strided: in
    growing pieces; the first NaN ends the call there), then the rest in
    pieces (on threads, if any), and merge them: NaN, ties and extremes on
    either side of the head's and the lead's end and of the pieces'."""
    forced = lambda size, parallel: contextlib.nullcontext(threads)  # noqa: E731
    monkeypatch.setattr(_reduce, "_parallel_threads", forced)
    monkeypatch.setattr(_flat, "_entries", {})
    # Leads of 256-512 KiB, their first 4096 elements by a call of their
    # own: a row of a few leads stays small.
    monkeypatch.setattr(_flat, "NAN_HEAD", 1 << 12)
    monkeypatch.setattr(_flat, "LEAD_SHARE", 16)
    monkeypatch.setattr(_flat, "LEAD_MIN_BYTES", 1 << 18)
    monkeypatch.setattr(_flat, "LEAD_MAX_BYTES", 1 << 19)
    itemsize = np.dtype(dtype).itemsize
    n = 4 * PART + 5
    lead = max(n // _flat.LEAD_SHARE, _flat.LEAD_MIN_BYTES // itemsize)
    lead = min(lead, _flat.LEAD_MAX_BYTES // itemsize)
    assert n * itemsize * _reduce.FLAT_SCAN_COST >= _reduce.PARALLEL_MIN_BYTES and lead < n
    first, piece = _kernels.LEAD_FIRST_PIECE, _kernels.LEAD_PIECE
    rng = np.random.default_rng(19)
    a = _values(dtype, n, rng)
    top = a.max() + 1
    funcs = FUNCS[:2]
    head = _flat.NAN_HEAD
    for where in (70, head - 1, head, head + 1, first - 1, first, 3 * first, piece + 1,
                  lead - 1, lead, lead + 1,
                  lead + first, lead + 3 * first + 1,
                  lead + _kernels.PARALLEL_PIECE_BYTES // itemsize, n - 1):
        b = a.copy()
        b[where] = np.nan
        b[min(where + 3, n - 1)] = np.nan
        assert_same(b, funcs=funcs)
        assert_same(b[::-1], funcs=funcs)  # the lead from the array's end
        b[where] = top
        b[min(where + 3, n - 1)] = -top
        assert_same(b, funcs=funcs)
    for pair in ([head - 1, head], [3, head + 2], [lead - 1, lead], [3, lead + 2], [lead, n - 1]):
        b = a.copy()
        b[pair] = top  # a tie across the lead's end: the first
        assert_same(b, funcs=funcs)
        assert_same(b[::2], funcs=funcs)
        b[pair] = -top
        assert_same(b, funcs=funcs)
    b = np.full(n, -np.inf, dtype=dtype)  # nothing beats the lead's start value
    b[lead + 1] = b[lead + 2] = np.inf
    assert_same(b, funcs=funcs)


# Threads for complex128 only: the head is the same code for all three,
# and each dtype's parallel kernels cost CI ~3 s of compile per operation.
@pytest.mark.parametrize(("dtype", "threads"), [("float16", 0), ("complex64", 0),
                                                ("complex128", 0), ("complex128", 3)])
def test_nan_head_of_large_scalar_loop_dtypes(dtype, threads, monkeypatch):
    """Large float16 and complex rows: argmax/argmin look for a NaN in a
    head of NAN_HEAD_SMALL before the threads, by one serial call (complex:
    its best merged with the rest's): NaN, extremes and ties on both sides
    of the lanes scan's blocks (float16: its stop at the top key) and of the
    head's end, and past it, writeable and read-only."""
    forced = lambda size, parallel: contextlib.nullcontext(threads)  # noqa: E731
    monkeypatch.setattr(_reduce, "_parallel_threads", forced)
    monkeypatch.setattr(_reduce, "PARALLEL_MIN_BYTES", 1 << 16)
    monkeypatch.setattr(_flat, "_entries", {})
    small = _flat.NAN_HEAD_SMALL
    n = small + 773
    assert n * np.dtype(dtype).itemsize * _reduce.FLAT_SCAN_COST >= _reduce.PARALLEL_MIN_BYTES
    ends = [256, F16_TOP_BLOCK, 3 * F16_TOP_BLOCK, small]
    rng = np.random.default_rng(20)
    a = _values(dtype, n, rng)
    top = a.real.max() + 1
    for where in [3, 63, 64] + [end + d for end in ends for d in (-1, 0, 1)] + [n - 1]:
        b = a.copy()
        b[where] = np.nan
        b[min(where + 2, n - 1)] = np.nan
        assert_same(b, funcs=FUNCS[:2])
        b[where] = top
        b[min(where + 2, n - 1)] = -top
        assert_same(b, funcs=FUNCS[:2])
    for end in ends:
        b = a.copy()
        b[[end - 1, end]] = top  # a tie across a piece's end: the first
        assert_same(b, funcs=FUNCS[:2])
    b = a.copy()
    b[[70, small + 1]] = np.nan
    b.flags.writeable = False  # (its own branch, see _flat.flat_index)
    assert_same(b, funcs=FUNCS[:2])
    b = a.copy()
    b[small + 1] = np.nan
    b.flags.writeable = False
    assert_same(b, funcs=FUNCS[:2])


def _growing_block_starts(n, whole):
    """Where the blocked scan's blocks start: 0, FIRST_BLOCK, then doubling
    up to ``whole`` elements, then every ``whole``."""
    starts, lo = [0], _kernels.FIRST_BLOCK
    while lo < n:
        starts.append(lo)
        lo = 2 * lo if lo < whole else lo + whole
    return starts


@pytest.mark.parametrize("dtype", ["int8", "float32", "float64"])
def test_blocked_scan_growing_blocks(dtype, monkeypatch):
    """Rows longer than LANES_MAX_ROW (bytes: BYTE_LANES_MAX_ROW) take the
    blocked scan, its first blocks growing from FIRST_BLOCK to whole blocks
    (floats: of NAN_EXIT_BLOCK): the extreme, ties and NaN (int8: the top
    value, which ends the scan too) on both sides of each block's start."""
    use_path(monkeypatch, "serial")
    n = _kernels.LANES_MAX_ROW + 3 * BLOCK + 7
    whole = BLOCK if dtype == "int8" else _kernels.NAN_EXIT_BLOCK
    starts = _growing_block_starts(n, whole)
    starts = [lo for lo in starts[1:7] + starts[-3:] if lo + BLOCK < n]
    rng = np.random.default_rng(23)
    a = _values(dtype, n, rng)
    top = 127 if dtype == "int8" else a.max() + 1
    for lo in starts:
        for pair in ([lo - 1, lo + 5], [lo, lo + BLOCK]):
            b = a.copy()
            b[pair] = top  # the first of two, in two blocks
            assert_same(b, funcs=FUNCS[:2])
            b[pair] = -top
            assert_same(b, funcs=FUNCS[:2])
            if dtype != "int8":
                b[pair[1]] = np.nan  # a NaN after a block with the extreme
                assert_same(b)
                b[pair[0]] = np.nan
                assert_same(b)


@pytest.mark.parametrize(("dtype", "path"), paths(["float16", "float32", "float64", "complex128"]))
@pytest.mark.parametrize("where", BOUNDARIES)
def test_nan_at_block_boundaries(dtype, where, path, monkeypatch):
    use_path(monkeypatch, path)
    rng = np.random.default_rng(2)
    a = _values(dtype, 3 * BLOCK + 5, rng)
    a[where] = np.nan
    a[min(where + 3, a.size - 1)] = np.nan
    assert_same(a)


@pytest.mark.parametrize(("dtype", "path"), paths(["float16", "float64", "complex64"]))
def test_nan_variants_fill_and_all_nan(dtype, path, monkeypatch):
    use_path(monkeypatch, path)
    # NaN counts as -inf (+inf): a NaN before an infinity ties with it.
    a = np.full(2 * BLOCK + 3, np.nan, dtype=dtype)
    assert_same(a)  # all NaN: ValueError for the nan-variants
    a[BLOCK + 1] = -np.inf
    a[BLOCK + 2] = np.inf
    assert_same(a)
    b = np.full((5, TILE + 3), np.nan, dtype=dtype)
    b[3, 1] = -np.inf
    b[2, TILE + 1] = np.inf
    assert_same(b[:, : TILE + 2], axis=0)  # one all-NaN column
    b[:, TILE + 2] = 0
    assert_same(b, axis=0)


@pytest.mark.parametrize("path", ["serial", "parallel"])
def test_signed_zeros_and_infinities(path, monkeypatch):
    use_path(monkeypatch, path)
    a = np.zeros(2 * BLOCK + 9)
    a[::3] = -0.0
    assert_same(a)
    a[BLOCK + 5] = np.inf
    a[BLOCK + 7] = np.inf
    a[3] = -np.inf
    assert_same(a)


@pytest.mark.parametrize(
    ("dtype", "path"),
    paths(["bool", "int8", "uint64", "float16", "float64", "complex128", "M8[s]"]),
)
def test_sweep_across_tiles(dtype, path, monkeypatch):
    use_path(monkeypatch, path)
    # axis=0 of C-order data sweeps rows; columns cross a tile boundary.
    rng = np.random.default_rng(3)
    a = _values(dtype, (7, 2 * TILE + 5), rng)
    if a.dtype.kind in "fcmM":
        a[4, TILE - 1 : TILE + 2] = _nan(dtype)
        a[2, TILE] = _nan(dtype)
    assert_same(a, axis=0)
    assert_same(a[::-1], axis=0)  # negative row stride
    assert_same(np.asfortranarray(a), axis=1)  # F order: the same sweep along axis 1
    assert_same(a[:, :4100].reshape(7, 5, -1)[:, :, :3], axis=0)  # kept axes that do not merge


@pytest.mark.parametrize(
    ("dtype", "path"), paths(["bool", "int8", "uint8", "int16", "float32", "float64", "M8[s]"])
)
def test_sweep_blocks_of_rows(dtype, path, monkeypatch):
    """The sweep takes rows in blocks whose row numbers fit ints as narrow as
    the elements (127 rows for bytes, two rows a pass): the best of a later
    block only replaces a strictly worse one (ties across block boundaries),
    NaN/NaT in one block stays, and columns that all hold the top value
    (bool: a True in each) end the sweep early, some only in a later block."""
    use_path(monkeypatch, path)
    rng = np.random.default_rng(15)
    dtype = np.dtype(dtype)
    for rows in (126, 127, 128, 129, 255, 256, 1000):
        a = _values(dtype, (rows, 300), rng, low=0, high=2)
        if dtype.kind in "iu":
            top = np.iinfo(dtype).max
            a[rows // 2, :] = top  # every column tops out mid-array: the sweep stops
            a[rows - 1, 5] = top  # a later tie does not win
            b = a.copy()
            b[rows // 2, 7] = 0  # one column does not top out there
            assert_same(b, axis=0)
        elif dtype.kind == "b":
            a[:] = False
            a[min(rows - 1, 127), ::2] = True  # some columns find their True in the 2nd block
            a[rows - 1, :] = True
        elif dtype.kind in "fmM":
            a[rows - 1, 3] = _nan(dtype)
            a[min(rows - 1, 130), 3] = _nan(dtype)  # the first NaN, in the 2nd block
        assert_same(a, axis=0)
        assert_same(a[::2], axis=0)
        assert_same(a[:, :8], axis=0)  # narrow tiles


@pytest.mark.parametrize(("dtype", "path"), paths(["int16", "float32", "float64", "m8[ms]"]))
def test_sweep_row_chunks(dtype, path, monkeypatch):
    use_path(monkeypatch, path)
    # Few columns, many rows: the parallel sweep splits the rows in chunks.
    rng = np.random.default_rng(4)
    a = _values(dtype, (3001, 5), rng)
    if a.dtype.kind in "fm":
        a[2000:, 2] = _nan(dtype)
        a[1000, 3] = _nan(dtype)
    assert_same(a, axis=0)
    assert_same(a[::-1], axis=0)  # rows swept in memory order, the last one first
    assert_same(a[::-3], axis=0)


@pytest.mark.parametrize("path", ["serial", "parallel"])
def test_int64_extremes_and_nat_ambiguity(path, monkeypatch):
    use_path(monkeypatch, path)
    # INT64_MAX is the key NaT gets for argmax: a real INT64_MAX before NaT.
    info = np.iinfo(np.int64)
    a = np.zeros(2 * BLOCK + 3, dtype=np.int64)
    a[5] = info.max
    a[BLOCK + 3] = info.min + 1
    assert_same(a)
    assert_same(a.view("m8[s]"))
    a[BLOCK + 9] = info.min  # NaT as timedelta
    assert_same(a.view("m8[s]"))
    u = np.zeros(2 * BLOCK + 1, dtype=np.uint64)
    u[[7, BLOCK + 1]] = np.iinfo(np.uint64).max
    assert_same(u)


@pytest.mark.parametrize("path", ["serial", "parallel"])
@pytest.mark.parametrize("layout", ["strided", "reversed", "F", "T3"])
def test_layouts(layout, path, monkeypatch):
    use_path(monkeypatch, path)
    rng = np.random.default_rng(5)
    a = _values("float64", (40, 30, 9), rng)
    a[3, 7, 2] = np.nan
    b = {
        "strided": a[::2, ::3],
        "reversed": a[::-1, :, ::-1],
        "F": np.asfortranarray(a),
        "T3": a.transpose(1, 2, 0),
    }[layout]
    for axis in (None, 0, 1, 2, -1, (0, 2)):
        assert_same(b, axis=axis)


@pytest.mark.parametrize("path", ["serial", "parallel"])
def test_rows_and_broadcast(path, monkeypatch):
    use_path(monkeypatch, path)
    rng = np.random.default_rng(6)
    a = _values("float32", (300, 1000), rng)
    a[17, 999] = np.nan
    assert_same(a, axis=-1)
    assert_same(a[:, ::-2], axis=-1)
    b = np.broadcast_to(np.array([1.0, np.nan, 3.0]), (2000, 3))
    assert_same(b, axis=0)
    assert_same(b, axis=1)


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int16", "float32"])
def test_rows_shorter_than_a_vector(dtype, monkeypatch):
    # Rows of fewer elements than one 64-byte vector holds (bytes: 33-63,
    # the scalar loop, not the lanes) and of just one vector or more, read
    # forwards and reversed, the best at either end or tied along the row.
    use_path(monkeypatch, "serial")
    rng = np.random.default_rng(31)
    top = np.iinfo(dtype).max if np.dtype(dtype).kind in "iu" else np.inf
    for width in (31, 32, 33, 47, 63, 64, 65):
        a = _values(dtype, (12, width), rng)
        a[1, 0] = a[2, -1] = a[3, [5, -2]] = top
        a[4, :] = a[4, 0]  # all tied: the first (reversed: the last in memory)
        for b in (a, a[:, ::-1], a[::-1, ::-1]):
            assert_same(b, axis=1)
            assert_same(b.reshape(3, 4, width), axis=2)


@pytest.mark.parametrize(("dtype", "path"), paths(["float32", "float64"]))
@pytest.mark.parametrize("width", [15, 16, 40, 70, 300])
def test_rows_dense_with_nan(dtype, width, path, monkeypatch):
    # Rows answered by their first NaN before the threads start (see
    # nan_rows_lead): NaN inside each row's lead (the first 128 bytes), just
    # past it, past NAN_PREFIX, NaN-free rows among them (under and over the
    # misses allowed), the first row NaN-free, rows shorter than a lead.
    use_path(monkeypatch, path)
    rng = np.random.default_rng(width)
    lead = 128 // np.dtype(dtype).itemsize
    a = _values(dtype, (40, width), rng)
    positions = [0, 1, lead - 1, lead, lead + 1, 63, 64, width - 1]
    for r in range(a.shape[0]):
        a[r, min(positions[r % len(positions)], width - 1)] = np.nan
    assert_same(a, axis=1)
    assert_same(np.asfortranarray(a.T), axis=0)  # the same rows, Fortran order
    for free in ([5], [3, 9, 10], [0], [1, 2, 3, 4, 5, 6], list(range(20, 40))):
        b = a.copy()
        b[free] = _values(dtype, (len(free), width), rng)  # NaN-free rows
        assert_same(b, axis=1)
        assert_same(b.reshape(4, 10, width), axis=2)  # rows of rows


@pytest.mark.parametrize("path", ["serial", "parallel"])
def test_bool_early_exit(path, monkeypatch):
    use_path(monkeypatch, path)
    a = np.zeros(3 * BLOCK, dtype=bool)
    assert_same(a)
    a[BLOCK + 3] = True
    a[2 * BLOCK] = True
    assert_same(a)
    assert_same(~a)


@pytest.mark.parametrize(
    "dtype", ["bool", "int8", "uint64", "float16", "float64", "complex128", "M8[s]"]
)
def test_two_stage_without_copy(dtype, monkeypatch):
    # axis=None (or all axes) on F-ordered / permuted input: lines reduced in
    # memory order, then NumPy's argmax over the candidates in logical order.
    monkeypatch.setattr(_reduce, "TWO_STAGE_MIN_RUN", 2)
    rng = np.random.default_rng(7)
    a = _values(dtype, (6, 5, 4), rng, low=-1, high=2)  # many ties across lines
    if a.dtype.kind in "fcmM":
        a[rng.random(a.shape) < 0.15] = _nan(dtype)
    views = (np.asfortranarray(a), a.transpose(2, 0, 1), np.asfortranarray(a)[::-1, :, ::2])
    # Lines along the last axis (candidates already in logical order): C
    # order with a gap between rows, and a strided last axis.
    views += (a[:, ::2, :], a[::-1, ::2, ::3])
    for b in views:
        assert_same(b)
        assert_same(b, axis=(0, 1, 2))
        assert_same(b, axis=(2, 0, 1))
    # 2-D, the first axis densest: its rows reduced (the kept columns swept).
    for b in (a[:, :, 1].T[::2], a[::-1, :, 2].T, a[:, 1, :].T):
        assert_same(b)
        assert_same(b, axis=(1, 0))
    if a.dtype.kind in "fc":
        c = np.full((7, 3), np.nan, dtype=dtype)
        assert_same(np.asfortranarray(c))  # all NaN
        c[4, 0] = -np.inf
        assert_same(np.asfortranarray(c))  # a valid value behind NaN ties
        # A NaN in every line but no all-NaN line (the nan-variants' lines'
        # bests then hold no NaN: no fill), and an all-NaN line among valid ones.
        d = _values(dtype, (7, 5, 4), rng, low=-1, high=2)
        d[np.arange(7), :, np.arange(7) % 4] = np.nan
        for b in (np.asfortranarray(d), d.transpose(2, 0, 1), d[:, :, 1].T):
            assert_same(b)
            b[(slice(None),) + (0,) * (b.ndim - 1)] = np.nan  # a line along axis 0 all NaN
            assert_same(b)


def test_small_arrays_take_numpys_method(monkeypatch):
    # Small arrays: argmax/argmin are ndarray.argmax/argmin themselves.
    monkeypatch.setattr(_flat, "_entries", {})
    monkeypatch.setattr(_flat, "NUMPY_METHOD_MAX_SIZE", 1 << 15)
    for a in (np.array([3, 9, 9, 1]), np.array([np.nan, 1.0]), np.zeros(0)):
        for ours, theirs in FUNCS[:2]:
            assert_same(a, funcs=[(ours, theirs)])


@pytest.mark.parametrize("dtype", ["int8", "int16", "uint32", "int64", "float32"])
def test_wide_ints_take_numpys_method_below_the_parallel_size(monkeypatch, dtype):
    # All of a C-contiguous array of integers wider than a byte: ndarray's
    # method wherever the kernels would scan serially (under 1 MiB); bytes
    # and floats up to NUMPY_METHOD_MAX_SIZE only.  NumPy's answers either way.
    monkeypatch.setattr(_flat, "_entries", {})
    monkeypatch.setattr(_flat, "NUMPY_METHOD_MAX_SIZE", 1 << 15)
    itemsize = np.dtype(dtype).itemsize
    serial_max = int(_reduce.PARALLEL_MIN_BYTES // _reduce.FLAT_SCAN_COST) // itemsize - 1
    wide_int = np.dtype(dtype).kind in "iu" and itemsize > 1
    for op in (ARGMAX, NANARGMAX):
        limit = _flat._entry(op, np.dtype(dtype)).method_max_size
        if op is NANARGMAX and dtype == "float32":
            assert limit == -1  # the nan-variants of floats: never the method
        else:
            assert limit == (serial_max if wide_int else 1 << 15)
    rng = np.random.default_rng(21)
    for n in (serial_max, serial_max + 1):
        a = _values(dtype, n, rng, low=-100, high=100)
        a[n // 3] = a.max()  # ties: the first one wins
        assert_same(a)


def test_compiled_calls_of_view_dtypes():
    """The lean path's compiled calls for a dtype the kernels read as another
    (datetime64 as int64, float16 as int16 bits) view the array on each
    call: through the dispatcher first, then the compiled entry point;
    reduce_flat's arguments and row_parallel's."""
    rng = np.random.default_rng(19)
    stamps = rng.integers(-5, 5, 3000).astype("M8[s]")
    stamps[[40, 2000]] = np.datetime64("NaT")
    halves = rng.integers(-5, 5, 3000).astype(np.float16)
    halves[[7, 2999]] = np.inf
    for a in (stamps, halves):
        for op, func in ((ARGMAX, np.argmax), (ARGMIN, np.argmin)):
            entry = _flat._entry(op, a.dtype)
            assert entry.view_dtype is not None
            for _ in range(2):
                assert entry.direct_call(a, 0, a.size, 1) == func(a)
                assert entry.direct_call(a, 100, 900, 2) == func(a[100::2][:900])
                if a.dtype.kind == "M":  # (float16's parallel kernels are not compiled here)
                    assert entry.parallel_call(a, 0, a.size, 1, 3) == func(a)


@pytest.mark.parametrize("dtype", ["float16", "complex64", "complex128", "M8[s]"])
def test_small_scalar_loop_dtypes_take_numpys_method(monkeypatch, dtype):
    """float16, complex and datetime arrays up to SCALAR_METHOD_MAX_SIZES
    elements are ndarray's method (its scalar loop costs less than our
    call's set-up), larger ones the kernels'; the nan-variants of float16
    and complex are always the kernels' (datetime's are argmax/argmin)."""
    monkeypatch.setattr(_flat, "_entries", {})
    monkeypatch.setattr(_flat, "NUMPY_METHOD_MAX_SIZE", 1 << 15)
    sizes = []  # the sizes the kernels were called for

    def spied(kernel):
        return lambda base, off, n, sn: sizes.append(n) or kernel(base, off, n, sn)

    for op in (ARGMAX, ARGMIN, NANARGMAX, NANARGMIN):
        entry = _flat._entry(op, np.dtype(dtype))
        entry.kernel = entry.base_call = entry.direct_call = spied(entry.kernel)
        if entry.view_dtype is not None:  # float16: the kernel reads its int16 view
            entry.direct_call = _flat._viewing(entry.kernel, entry.view_dtype)
    limit = _flat.SCALAR_METHOD_MAX_SIZES[np.dtype(dtype).char]
    rng = np.random.default_rng(18)
    for n in (1, limit, limit + 1):
        a = _values(dtype, n, rng)
        a[n // 2] = _nan(dtype)
        assert_same(a, funcs=FUNCS[:2])
        assert_same(a[::-1], funcs=FUNCS[:2])
    assert sizes == [limit + 1] * 4
    assert_same(_values(dtype, 5, rng), funcs=FUNCS[2:])
    assert len(sizes) == (4 if np.dtype(dtype).kind == "M" else 6)


@pytest.mark.parametrize("dtype", ["float16", "complex64", "complex128", "M8[s]"])
def test_small_scalar_loop_dtypes_with_an_axis_take_numpys_method(monkeypatch, dtype):
    """With an axis, float16, complex and datetime arrays of any layout up to
    SCALAR_AXIS_METHOD_MAX_SIZES elements are ndarray's method, larger ones
    the kernels'; the nan-variants of float16 and complex are the kernels'."""
    monkeypatch.setattr(_flat, "_entries", {})
    monkeypatch.setattr(_flat, "NUMPY_METHOD_MAX_SIZE", 1 << 15)
    limit = _flat.SCALAR_AXIS_METHOD_MAX_SIZES[np.dtype(dtype).char]
    for op in (ARGMAX, ARGMIN, NANARGMAX):
        method = op is not NANARGMAX or np.dtype(dtype).kind == "M"
        assert _flat._entry(op, np.dtype(dtype)).axis_method_max_size == (limit if method else -1)
    rng = np.random.default_rng(25)
    for rows in (limit // 32, limit // 32 + 1):
        a = _values(dtype, (rows, 32), rng)
        a[1, 3] = _nan(dtype)
        for b in (a, a[::-1], np.asfortranarray(a)):
            for axis in (0, 1):
                assert_same(b, axis=axis)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_axis_calls_taking_numpys_method(monkeypatch, dtype):
    # Small arrays along any axis, C-contiguous rows NumPy scans as fast as
    # the kernels, bool along narrow strided axes: ndarray's method for
    # argmax/argmin (and the nan-variants of non-floats), the kernels for
    # the nan-variants of floats.  Either way, NumPy's answers.
    monkeypatch.setattr(_flat, "_entries", {})
    monkeypatch.setattr(_flat, "NUMPY_METHOD_MAX_SIZE", 1 << 15)
    monkeypatch.setattr(_flat, "_NUMPY_METHOD_ALWAYS_CHARS", frozenset("?"))
    rng = np.random.default_rng(7)
    for shape in [(5, 7), (3, 4, 5), (300, 32), (100, 64), (40, 100), (2000, 4), (700, 3, 3)]:
        a = _values(dtype, shape, rng)
        if a.dtype.kind in "fc":
            a[1, 1] = np.nan  # one NaN slice for every axis
        for axis in range(-a.ndim, a.ndim):
            assert_same(a, axis=axis)
            assert_same(a[::-2], axis=axis)  # small views: the method too
            assert_same(a[..., ::3], axis=axis)
        assert_same(np.asfortranarray(a), axis=0)
    entry = _flat._entry(ARGMAX, np.dtype(dtype))
    if dtype in ("float64", "int64"):
        assert entry.row_method_min == 32 and entry.axis_method_max_size > 0
    nan_entry = _flat._entry(NANARGMAX, np.dtype(dtype))
    if dtype.startswith(("float", "complex")):
        assert nan_entry.row_method_min == -1 and nan_entry.axis_method_max_size == -1


@pytest.mark.parametrize("dtype", ["float32", "float64", "int64"])
def test_short_rows_take_numpys_method_below_their_size(monkeypatch, dtype):
    """Rows shorter than LONG_ROW_BYTES (C order ``axis=-1``, Fortran order
    ``axis=0``) costing less than SHORT_ROWS_METHOD_MAX_COSTS are ndarray's
    method, larger ones the kernels' (on threads where granted); long rows
    keep the parallel size.  NumPy's answers either way."""
    monkeypatch.setattr(_flat, "_entries", {})
    monkeypatch.setattr(_flat, "NUMPY_METHOD_MAX_SIZE", 1 << 15)
    reduced = []  # the row counts the kernels were given

    def spied(kernels, base, start, outer, *args):
        reduced.append(outer)
        return reduce_rows(kernels, base, start, outer, *args)

    reduce_rows = _reduce.reduce_rows
    monkeypatch.setattr(_reduce, "reduce_rows", spied)
    itemsize = np.dtype(dtype).itemsize
    limit = _flat.SHORT_ROWS_METHOD_MAX_COSTS[np.dtype(dtype).char] // _reduce.LINE_SCAN_COST
    # (float32: too few rows for BLOCK_ROWS_MIN, see the next test)
    length = 100 if itemsize == 8 else 4000
    rows_below = limit // (length * itemsize) - 1
    rng = np.random.default_rng(23)
    for rows in (rows_below, rows_below + 2):
        a = _values(dtype, (rows, length), rng)
        assert_same(a, axis=1, funcs=FUNCS[:1])  # (argmax: the kernels the suite compiles)
        assert_same(np.asfortranarray(a.T), axis=0, funcs=FUNCS[:1])
    assert reduced == [rows_below + 2] * 2
    reduced.clear()
    long_rows = 2 * _reduce.PARALLEL_MIN_BYTES // (_reduce.FLAT_SCAN_COST * _reduce.LONG_ROW_BYTES)
    shape = (int(long_rows), _reduce.LONG_ROW_BYTES // itemsize)
    assert_same(_values(dtype, shape, rng), axis=1, funcs=FUNCS[:1])
    assert reduced  # long rows of more than PARALLEL_MIN_BYTES' cost: the kernels


@pytest.mark.parametrize("dtype", ["float32", "int32", "uint32", "float64"])
def test_block_rows_take_the_kernels(monkeypatch, dtype):
    """float32/int32/float64 rows: the kernels (their block scan) from the
    bytes, row length and row count of BLOCK_ROWS_MIN, below the size where
    short rows otherwise stay ndarray's method."""
    monkeypatch.setattr(_flat, "_entries", {})
    monkeypatch.setattr(_flat, "NUMPY_METHOD_MAX_SIZE", 1 << 15)
    reduced = []  # the row counts the kernels were given

    class Recording:  # the kernels, their entry points for rows spied on
        def __init__(self, kernels):
            self.kernels = kernels

        def __getattr__(self, name):
            return getattr(self.kernels, name)

        def reduce_3d(self, base, off, outer, *args):
            reduced.append(outer)
            return self.kernels.reduce_3d(base, off, outer, *args)

        def rows_parallel(self, base, off, outer, *args):  # (float64's: on threads)
            reduced.append(outer)
            return self.kernels.rows_parallel(base, off, outer, *args)

    kernels_for = _flat.kernels_for
    monkeypatch.setattr(_flat, "kernels_for", lambda *args: Recording(kernels_for(*args)))
    min_bytes, min_length, min_rows = _flat.BLOCK_ROWS_MIN[np.dtype(dtype).char]
    smallest = min_bytes // np.dtype(dtype).itemsize  # elements
    length = max(min_length, 100)
    cases = [
        ((smallest // length - 1, length), False),  # too small
        ((smallest // length + 1, length), True),
    ]
    if min_rows:  # too few rows
        cases += [((min_rows - 1, smallest // (min_rows - 1) + 1), False),
                  ((min_rows, smallest // min_rows + 1), True)]
    if min_length:  # too short rows
        cases += [((smallest // (min_length - 1) + 1, min_length - 1), False)]
    rng = np.random.default_rng(29)
    for shape, kernels in cases:
        del reduced[:]
        a = _values(dtype, shape, rng)
        assert_same(a, axis=1, funcs=FUNCS[:1])
        assert_same(np.asfortranarray(a.T), axis=0, funcs=FUNCS[:1])
        assert bool(reduced) == kernels, shape


@pytest.fixture
def views_on_the_kernels(monkeypatch):
    """The (dtype char, shape, axis) of each view with an axis that the
    kernels reduce (cpu/_flat._view_axis_index), with the method's
    production sizes (the autouse fixture puts every size on the kernels)."""
    monkeypatch.setattr(_flat, "_entries", {})
    monkeypatch.setattr(_flat, "NUMPY_METHOD_MAX_SIZE", 1 << 15)
    monkeypatch.setattr(_flat, "_NUMPY_METHOD_ALWAYS_CHARS", frozenset("?"))
    view_axis_index = _flat._view_axis_index
    reduced = []

    def spied(entry, op, a, axis):
        reduced.append((a.dtype.char, a.shape, axis))
        return view_axis_index(entry, op, a, axis)

    monkeypatch.setattr(_flat, "_view_axis_index", spied)
    return reduced


def test_bool_views_along_the_last_axis_take_numpys_method(views_on_the_kernels):
    """bool views reduced along their last axis are ndarray's method at
    every size (its loop stops each row at the first True; the kernels read
    bool rows whole); other axes of large views stay on the kernels."""
    reduced = views_on_the_kernels
    a = np.random.default_rng(24).random((600, 400)) < 0.3
    for view in (a[..., ::-1], a[::2], a[:, 1:], a[:, ::2]):
        assert_same(view, axis=1, funcs=FUNCS[:2])
        assert_same(view, axis=-1, funcs=FUNCS[:2])
    assert reduced == []
    assert_same(a[:, ::2], axis=0, funcs=FUNCS[:1])
    assert reduced == [("?", (600, 200), 0)]


def test_reversed_bool_sweeps_and_complex64_rows_take_numpys_method(views_on_the_kernels):
    """bool ``x[::-1]`` along axis 0 at least REVERSED_SWEEP_MIN_WIDTH wide
    and up to 1 << 18 elements, and complex64 rows along a reversed or
    strided last axis up to 1 << 16: ndarray's method; narrower or larger
    reversed bool sweeps, complex64 ``x[::2]``/``x[::-1]`` rows and
    complex128 stay on the kernels.  NumPy's answers either way."""
    reduced = views_on_the_kernels
    rng = np.random.default_rng(25)
    b = rng.random((300, 300)) < 0.3
    assert_same(b[::-1], axis=0, funcs=FUNCS[:2])
    assert_same(b[::-1, :200], axis=0, funcs=FUNCS[:1])
    assert reduced == []
    assert_same(b[::-1, :64], axis=0, funcs=FUNCS[:1])  # narrow: the kernels
    wide = rng.random((1100, 300)) < 0.3  # 330000 elements: the kernels
    assert_same(wide[::-1], axis=0, funcs=FUNCS[:1])
    assert reduced == [("?", (300, 64), 0), ("?", (1100, 300), 0)]
    reduced.clear()
    c = (rng.standard_normal((100, 150)) + 1j * rng.integers(0, 3, (100, 150))).astype("F")
    for view in (c[..., ::-1], c[:, ::2]):
        assert_same(view, axis=1, funcs=FUNCS[:2])
    assert reduced == []
    for view in (c[::2], c[::-1]):
        assert_same(view, axis=1, funcs=FUNCS[:1])
    assert_same(c.astype("D")[..., ::-1], axis=1, funcs=FUNCS[:1])
    assert [r[0] for r in reduced] == ["F", "F", "D"]


@pytest.mark.parametrize("dtype", ["int8", "int16", "float32", "float64"])
def test_views_with_an_axis_choose_method_or_kernels(monkeypatch, dtype):
    # Non-contiguous views with an axis: ndarray's method up to
    # VIEW_AXIS_METHOD_MAX_SIZES by layout class, except swept rows along a
    # short reduced axis; the kernels above.  NumPy's answers either way.
    monkeypatch.setattr(_flat, "_entries", {})
    monkeypatch.setattr(_flat, "NUMPY_METHOD_MAX_SIZE", 1 << 15)
    calls = []
    kernels = _flat._view_axis_index

    def spy(entry, op, a, axis):
        calls.append(a.shape)
        return kernels(entry, op, a, axis)

    monkeypatch.setattr(_flat, "_view_axis_index", spy)
    limits = _flat.VIEW_AXIS_METHOD_MAX_SIZES[np.dtype(dtype).itemsize]
    rng = np.random.default_rng(8)
    x = _values(dtype, (200, 200), rng)
    cube = _values(dtype, (20, 30, 40), rng)
    cases = [  # (view, axis, layout class)
        (x[:120:2], 0, 0), (x[::-2], 0, 0), (cube[::2], 0, 0),
        (x[:60:2], 1, 1), (x[::2], 1, 1),
        (x[:80, ::2], 1, 2), (x[:, ::2], 1, 2),
        (x[:80, ::2], 0, 3), (x[:, ::2], 0, 3),
    ]  # fmt: skip
    for view, axis, layout in cases:
        del calls[:]
        assert_same(view, axis=axis)
        short = layout == 0 and view.shape[axis] < _flat.SWEPT_ROWS_METHOD_MIN_LENGTH
        method = view.size <= limits[layout] and not short
        # The nan-variants of floats are never the method.
        kernel_funcs = 2 if method and view.dtype.kind == "f" else 0 if method else 4
        assert len(calls) == kernel_funcs, (view.shape, axis)


@pytest.mark.parametrize("dtype", ["int8", "float32", "float64"])
def test_columns_whole_choose_method_or_kernels(monkeypatch, dtype):
    # axis=None of 2-D input with a contiguous first axis: argmax/argmin are
    # ndarray's method up to COLUMNS_METHOD_MAX_SIZE, the columns swept in place above
    # (unless many short lines reduce the columns first: then the method up
    # to NUMPY_METHOD_MAX_SIZE).  NumPy's answers either way.
    monkeypatch.setattr(_flat, "_entries", {})
    monkeypatch.setattr(_flat, "NUMPY_METHOD_MAX_SIZE", 1 << 15)
    calls = []
    columns_index = _flat._columns_index

    def spy(entry, op, a):
        calls.append(a.shape)
        return columns_index(entry, op, a)

    monkeypatch.setattr(_flat, "_columns_index", spy)
    rng = np.random.default_rng(9)
    limit = _flat.COLUMNS_METHOD_MAX_SIZE
    for shape, swept in [((140, 140), False), ((160, 160), True), ((30, 1000), True),
                         ((1000, 30), False)]:
        a = _values(dtype, shape, rng)
        assert swept == (a.size > limit and _reduce.rows_first(*shape))
        for view in (np.asfortranarray(a), np.ascontiguousarray(a.T).T):
            del calls[:]
            assert_same(view, funcs=FUNCS[:2])  # (the nan-variants skip the method check)
            assert len(calls) == (2 if swept else 0), (shape, calls)
            assert_same(view, funcs=FUNCS[2:])


@pytest.mark.parametrize("dtype", ["uint8", "float64"])
def test_fortran_order_of_3_dims_whole_chooses_method_or_kernels(monkeypatch, dtype):
    # axis=None of 3-D Fortran order: ndarray's method up to
    # COLUMNS_ND_METHOD_MAX_SIZE, the columns swept in place above.
    monkeypatch.setattr(_flat, "_entries", {})
    monkeypatch.setattr(_flat, "NUMPY_METHOD_MAX_SIZE", 1 << 15)
    swept = []
    reduce_kept = _reduce.reduce_kept

    def spy(kernels, base, origin, k, step, kept, parallel):
        swept.append(k)
        return reduce_kept(kernels, base, origin, k, step, kept, parallel)

    monkeypatch.setattr(_reduce, "reduce_kept", spy)
    rng = np.random.default_rng(26)
    limit = _flat.COLUMNS_ND_METHOD_MAX_SIZE
    for shape in [(4, 96, 128), (4, 96, 130)]:
        del swept[:]
        assert_same(np.asfortranarray(_values(dtype, shape, rng)), funcs=FUNCS[:1])
        assert len(swept) == (np.prod(shape) > limit)


LANES_DTYPES = [dt for dt in ALL_DTYPES if dt[:3] in ("int", "uin", "flo") and dt != "float16"]


@pytest.mark.parametrize("dtype", LANES_DTYPES)
@pytest.mark.parametrize("length", [33, 40, 48, 64, 65, 96, 127, 129, 200, 1000, 4099])
def test_lanes_rows_ties_extremes_nan(dtype, length):
    """The one-pass SIMD row scans (cpu/_lanes.py): ties across lanes, unrolled
    accumulators and the overlapping first/last vectors; the block scan's
    (4- and 8-byte types) rows of one block of overlapping vectors (4-byte:
    33-63 elements), of two (up to 8 vectors), and of aligned blocks between
    a first and a last one that overlap them; the type's extremes (its start
    value); NaN in the body and in the last vector."""
    rng = np.random.default_rng(length)
    info = np.finfo(dtype) if dtype.startswith("float") else np.iinfo(dtype)
    rows = rng.integers(0, 4, size=(13, length)).astype(dtype)  # many ties
    rows[1] = info.min  # nothing beats the start value of a max
    rows[2] = info.max
    rows[3, [5, length - 1]] = info.max  # a tie between the first and the overlapping last vector
    rows[4, [length - 1, 7]] = info.min
    rows[5, :] = 2
    rows[5, length // 2] = 3
    if dtype.startswith("float"):
        rows[6, length - 2] = np.nan  # NaN in the last vector
        rows[7, [3, length // 2]] = np.nan
        rows[8] = -np.inf
        rows[9] = np.inf
        rows[10, ::3] = np.nan
        rows[11] = np.nan
        rows[11, length - 1] = -np.inf
        rows[12, length * 2 // 3] = np.nan  # past the first block only
    padded = np.zeros((13, length + 3), dtype)[:, 1:-2]  # rows at odd addresses too
    padded[...] = rows
    for a in (rows, padded):
        assert_same(a, axis=-1)
        assert_same(a.T, axis=0)


STRIDED_CHUNK = _kernels.STRIDED_CHUNK


@pytest.mark.parametrize("dtype", ["int16", "uint32", "int64", "float32", "float64"])
@pytest.mark.parametrize("step", [2, 3, 4, 5, 6, -2, -3, -4, -7])
def test_strided_lanes_views(dtype, step):
    """The strided lanes scan (cpu/_lanes.py) reads x[::step] as whole vectors
    of its memory and drops the other elements' lanes: those hold the
    type's extremes and NaN here, which must never win; the row's own ties,
    extremes and NaN sit in the tail, across chunks and at both ends."""
    rng = np.random.default_rng(abs(step) * 10 + (step < 0))
    info = np.finfo(dtype) if dtype.startswith("float") else np.iinfo(dtype)
    for length in (33, 200, STRIDED_CHUNK + 37):
        x = rng.integers(0, 5, size=length * abs(step) + abs(step)).astype(dtype)
        start = 1 if step > 0 else x.size - 2  # not at the first element
        row = x[start::step][:length]
        other = np.ones(x.size, bool)
        other[np.arange(length) * step + start] = False
        x[other & (rng.random(x.size) < 0.3)] = info.max
        x[other & (rng.random(x.size) < 0.3)] = info.min
        if dtype.startswith("float"):
            x[other & (rng.random(x.size) < 0.2)] = np.nan
        assert_same(row)
        row[[length - 1, 0]] = info.max  # first and last elements tie at the top
        row[length // 2] = info.min
        assert_same(row)
        if dtype.startswith("float"):
            row[[length - 2, STRIDED_CHUNK // 2 % length]] = np.nan
            assert_same(row)
            row[:] = np.nan  # nan-variants: all NaN
            assert_same(row)


FAR = _kernels.FAR_UNROLL


@pytest.mark.parametrize(
    ("dtype", "path"),
    [(dt, "serial") for dt in ("int8", "uint16", "int32", "int64", "float32", "float64")]
    + [("float64", "parallel"), ("int8", "parallel")],
)
@pytest.mark.parametrize("step", [5, 9, 16, 33, -3, -9])
def test_far_strided_rows(dtype, step, path, monkeypatch):
    """Rows whose elements are far apart (beyond the strided lanes scan) take
    the scalar search scan: FAR_UNROLL loads per branch, then one by one.
    Winners, ties, NaN and the dtype's top value sit on both sides of its
    group boundaries; the elements in between hold extremes and NaN."""
    use_path(monkeypatch, path)
    rng = np.random.default_rng(abs(step) * 10 + (step < 0))
    is_float = dtype.startswith("float")
    info = np.finfo(dtype) if is_float else np.iinfo(dtype)
    length = 40 * FAR + 3
    x = rng.integers(0, 5, size=length * abs(step) + abs(step)).astype(dtype)
    start = 1 if step > 0 else x.size - 2
    row = x[start::step][:length]
    other = np.ones(x.size, bool)
    other[np.arange(length) * step + start] = False
    x[other & (rng.random(x.size) < 0.3)] = info.max
    x[other & (rng.random(x.size) < 0.3)] = info.min
    if is_float:
        x[other & (rng.random(x.size) < 0.2)] = np.nan
    assert_same(row)
    for where in (FAR - 1, FAR, FAR + 1, 3 * FAR + 5, length - 1):
        row[where] = 6 + where % 3  # a new best in the middle of a group, ties later
        assert_same(row)
    row[[2 * FAR + 1, length - 2]] = info.max  # the top value: the scan may stop there
    assert_same(row)
    if is_float:
        row[[FAR + 2, length - 3]] = np.nan
        assert_same(row)
        row[:] = np.nan  # nan-variants: all NaN
        assert_same(row)
        row[1:] = -np.inf  # a NaN first, then only -inf: the exact loop decides
        assert_same(row)


def test_short_strided_rows_on_the_parallel_path(monkeypatch):
    """The parallel driver's NaN check before the threads start reads at
    most the row (here shorter than its 64-element prefix)."""
    use_path(monkeypatch, "parallel")
    x = np.arange(200.0)
    x[150] = np.nan
    for view in (x[::3][:40], x[::-5][:33], x[::4]):
        assert_same(view)


SPREAD_DTYPES = ["uint8", "int64", "float32", "float64", "complex64"]


@pytest.mark.parametrize(("dtype", "path"), paths(SPREAD_DTYPES))
@pytest.mark.parametrize("step", [2, 3, 4, -1, -2, -4])
def test_sweep_over_columns_in_between(dtype, step, path, monkeypatch):
    """axis=0 of every step-th column (x[::2, ::2]) sweeps all the columns in
    between and keeps the wanted ones: the others hold the extremes and NaN,
    and a tile boundary falls among them.  Columns running backwards
    (x[:, ::-1], x[:, ::-2]) are swept from the last one, forwards."""
    use_path(monkeypatch, path)
    rng = np.random.default_rng(abs(step))
    width = TILE + 5 * abs(step) + 1
    x = _values(dtype, 9 * width, rng).reshape(9, width)
    other = np.ones(width, bool)
    other[1 :: abs(step)] = False
    big = np.iinfo(dtype).max if dtype.startswith(("int", "uint")) else np.inf
    x[:, other] = big
    if np.dtype(dtype).kind in "fc":
        x[::2, other] = np.nan
        x[3, 1 + step * 5] = np.nan  # a wanted column's NaN
    last = 1 + abs(step) * ((width - 2) // abs(step))  # the last wanted column
    columns = np.s_[1::step] if step > 0 else np.s_[last:0:step]  # last, ..., 1 + |step|, 1
    for view in (x[:, columns], x[::2, columns], x[::-1, columns]):
        assert_same(view, axis=0)


#: float16 elements per block of the fused lanes scan, which stops after
#: the block where a lane first holds the top key (cpu/_lanes.py).
F16_TOP_BLOCK = _lanes.NAN_EXIT_VECTORS * _lanes.VECTOR_BYTES // 2


def test_float16_lanes_stop_at_the_top_key():
    """The fused float16 scan stops after the block holding the key nothing
    beats (argmax/argmin: NaN; nanargmax/nanargmin: +inf/-inf): that key at
    either side of a block's end (rows at an odd address too: the blocks
    start from the first aligned vector), its ties after it (the first
    wins), and a NaN of the other sign."""
    rng = np.random.default_rng(17)
    n = 3 * F16_TOP_BLOCK + 100
    base = rng.integers(-3, 4, size=n + 1).astype(np.float16)
    ends = [F16_TOP_BLOCK * k + d for k in (1, 2) for d in (-1, 0, 1, 31, 32)]
    for row in (base[:n], base[1:]):
        for where in [0, 5] + ends:
            for top in (np.nan, -np.nan, np.inf, -np.inf):
                a = row.copy()
                a[where] = top
                a[[min(where + 1, n - 1), min(where + F16_TOP_BLOCK, n - 1)]] = top  # ties after it
                assert_same(a)
                a[n - 1] = np.inf if top != top else np.nan  # after the stop
                assert_same(a)


def test_float16_keys_made_in_registers():
    """Contiguous float16 rows make their keys as the lanes scan loads the
    bits: every bit pattern (NaN and -NaN, -0.0/+0.0, +-inf), in rows that
    cross the chunk boundary, with the winner on either side of it."""
    rng = np.random.default_rng(16)
    every = np.arange(1 << 16, dtype=np.uint16).view(np.float16)
    chunk = _kernels.FUSED_CHUNK
    for n in (65, chunk - 1, chunk + 40):
        a = rng.choice(every, n)
        assert_same(a)
        a = rng.choice(every[~np.isnan(every)], n)
        assert_same(a)
        a = np.full(n, np.float16(-0.0))
        a[[n // 3, n - 2]] = 0.0  # ties with -0.0: the first element wins
        assert_same(a)
        a[n - 1] = np.float16(np.inf)
        a[min(chunk, n - 3)] = np.float16(np.inf)  # a tie across the boundary
        assert_same(a)
        a[n - 5] = -np.float16(np.nan)
        assert_same(a)


# In parallel: NaN (float64) and NaT (the max key's stand-in) merges; view_parallel
# compiles in ~2.6 s per operation and dtype.
@pytest.mark.parametrize("dtype, path", [p for p in paths(ALL_DTYPES)
                                         if p[1] == "serial" or p[0] in ("float64", "M8[s]")])
def test_whole_views_line_by_line(dtype, path, monkeypatch):
    """axis=None of 2-D and 3-D non-contiguous views (cpu/_flat._view_index):
    lines along the last axis scanned in place (long lines) or copied into
    an L1 buffer (lines under LINE_BUFFER_MAX_BYTES), the lines' (buffers')
    bests merged in logical order; in parallel, runs of lines on threads
    (3 here), their bests merged in order.  Ties across lines, buffers and
    runs, NaN/NaT (the first one wins), all-NaN lines (and runs) before a
    valid value, the top value.  Short reversed lines are copied backwards;
    lines that run on into each other (x[:, ::2], x[::-1, ::-1]) are one
    strided row."""
    use_path(monkeypatch, path)
    rng = np.random.default_rng(11)
    nan = _nan(dtype)
    is_nan_kind = np.dtype(dtype).kind in "fcmM"
    max_line = _kernels.LINE_BUFFER_MAX_BYTES // np.dtype(dtype).itemsize  # buffered below
    short = max_line // 4
    long = max_line + 5
    # Per line-buffer: LINE_BUFFER_BYTES holds this many short lines (one buffer boundary).
    per_buffer = _kernels.LINE_BUFFER_BYTES // np.dtype(dtype).itemsize // short
    bases = [
        (_values(dtype, (2 * per_buffer + 3, short * 2 + 2), rng), np.s_[::-1, 1:-1]),
        (_values(dtype, (30, long * 2), rng), np.s_[:, ::2]),
        (_values(dtype, (40, long), rng), np.s_[1:-1, ::-1]),
        (_values(dtype, (9, 8, 2 * short), rng), np.s_[::2, 1:, ::3]),
        (_values(dtype, (300, 20), rng), np.s_[::3, :17]),  # lines under SHORT_ROW
        (_values(dtype, (300, 150), rng), np.s_[:, ::3]),  # lines of 50: the far scan
        # Short reversed lines: copied backwards into the buffer.
        (_values(dtype, (2 * per_buffer + 3, short + 1), rng), np.s_[1:, ::-1]),
        # Lines that run on into each other: one (reversed, strided) row.
        (_values(dtype, (31, 2 * short), rng), np.s_[::-1, ::-1]),
        (_values(dtype, (31, 4 * short), rng), np.s_[::-1, ::-2]),
    ]
    for x, index in bases:
        view = x[index]
        assert not view.flags.c_contiguous
        assert_same(view)
        flat = view.reshape(-1)  # a copy: positions in logical order
        lines, width = flat.size // view.shape[-1], view.shape[-1]
        # The same best in several lines and buffers: the first one wins.
        best = np.array(9 if np.dtype(dtype).kind != "b" else True).astype(dtype)
        for line in (lines - 1, lines // 2, per_buffer % lines, 1):
            where = np.unravel_index(line * width + width // 2, view.shape)
            view[where] = best
            assert_same(view)
        if is_nan_kind:
            for line in (lines - 2, lines // 3):
                view[np.unravel_index(line * width + 1, view.shape)] = nan
                assert_same(view)
            first_lines = np.unravel_index(np.arange(3 * width), view.shape)
            view[...] = nan  # all NaN; then NaN lines before a valid value
            assert_same(view)
            view[np.unravel_index(flat.size - 1, view.shape)] = best
            assert_same(view)
            view[first_lines] = best
            assert_same(view)
        elif np.dtype(dtype).kind in "iu":
            view[np.unravel_index(lines // 2 * width, view.shape)] = np.iinfo(dtype).max
            assert_same(view)  # the merge may stop at the top value
    # Broadcast (read-only, zero strides) views: lines of one repeated element.
    column = _values(dtype, (40, 1), rng)
    for view in (np.broadcast_to(column, (40, 300)), np.broadcast_to(column[:2, 0], (50, 2)),
                 np.broadcast_to(column[0, 0], (30, 7))):
        assert_same(view)


def test_memory_span_addresses_views():
    """memory_span: the span from a view's lowest address, the position of
    its first element and its element strides, for any signs of strides and
    read-only views (the span is flagged writable and keeps the memory
    alive); a stride that is not a whole number of elements gives -1."""
    x = np.arange(24.0).reshape(2, 3, 4)
    for view in (x[:, ::-1, ::2], x[::-1, 1:, ::-3], x.transpose(2, 0, 1)[::2], x[:, 0]):
        span, first, strides = _kernels.memory_span(view)
        assert span.flags.c_contiguous and span.flags.writeable
        positions = first + sum(
            i * st for i, st in zip(np.indices(view.shape, sparse=True), strides)
        )
        assert np.array_equal(span[positions], view)
        # The span starts at the view's lowest element.
        assert first + sum(min(0, st * (n - 1)) for st, n in zip(strides, view.shape)) == 0
    readonly = x[::2, ::-1]
    readonly.flags.writeable = False
    span, first, _ = _kernels.memory_span(readonly)
    del x, readonly
    assert span[first] == 8.0  # x[0, -1, 0]: the memory outlives the views
    packed = np.zeros(6, dtype=[("a", "u1"), ("b", "f8")])["b"]  # 9-byte strides
    assert _kernels.memory_span(packed)[1] == -1
    assert _reduce._flat_base(packed) is None


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_narrow_short_columns(dtype):
    """Reduced axes of at most SHORT_ROW elements in tiles at most
    NARROW_SWEEP_MAX wide are scanned column by column ((700, 3, 3), axis=1)."""
    rng = np.random.default_rng(12)
    for shape, axis in [((700, 3, 3), 1), ((50, 32, 8), 1), ((400, 5), 0), ((3, 20, 2), 1)]:
        a = _values(dtype, shape, rng)
        assert_same(a, axis=axis)
        if np.dtype(dtype).kind in "fcmM":
            a[(slice(None),) * axis + (slice(1, 3),)] = _nan(dtype)  # NaN in every column
            assert_same(a, axis=axis)
            a[...] = _nan(dtype)
            assert_same(a, axis=axis)
        assert_same(a[::-1], axis=axis)


@pytest.mark.parametrize(("dtype", "path"), paths(ALL_DTYPES))
def test_reversed_rows_in_narrow_tiles(dtype, path, monkeypatch):
    """Rows running backwards (axis=0 of x[::-1]) in tiles up to
    REVERSED_COLUMNS_MAX_BYTES wide are scanned column by column, wider ones
    swept from the last row: widths on both sides of the limit, ties (the
    first row in logical order wins), NaN/NaT in some columns and all of one,
    and a 3-D view whose reversed axis is the middle one."""
    use_path(monkeypatch, path)
    rng = np.random.default_rng(15)
    itemsize = np.dtype(dtype).itemsize
    limit = min(_kernels.REVERSED_COLUMNS_MAX, _kernels.REVERSED_COLUMNS_MAX_BYTES // itemsize)
    for width in sorted({1, 2, 3, limit, limit + 1, 17}):
        x = _values(dtype, (301, width), rng, low=-1, high=2)
        if np.dtype(dtype).kind in "fcmM":
            x[rng.random(x.shape) < 0.05] = _nan(dtype)
            x[:, 0] = _nan(dtype)
        for view in (x[::-1], x[::-2], x[-2::-3]):
            assert _kernels.narrow_columns(view.shape[0], view.strides[0] // itemsize, width,
                                           itemsize) == (width <= limit)
            assert_same(view, axis=0)
    cube = _values(dtype, (3, 200, 4), rng, low=-1, high=2)
    assert_same(cube[:, ::-1], axis=1)


@pytest.mark.parametrize(("dtype", "path"), paths(ALL_DTYPES))
def test_narrow_rows_swept_folded(dtype, path, monkeypatch):
    """Rows narrower than a vector that follow each other (axis=0 of (n, w)
    in C order, axis=1 of (k, n, w)) are swept folded, FOLD_WIDTH_BYTES of
    rows as one: widths that divide it and that do not, rows left over after
    the folded ones, a column's best in two lanes (the lower row wins, not
    the lower lane), NaN/NaT in a few places, in all of one lane and in all
    of one column, and the dtype's top value."""
    use_path(monkeypatch, path)
    rng = np.random.default_rng(16)
    dt = np.dtype(dtype)
    itemsize = dt.itemsize
    floating = dt.kind in "fcmM"
    for width in sorted({w for w in (2, 3, 4, 5, 8, 63) if w * itemsize < _kernels.VECTOR_BYTES}):
        per = _kernels.FOLD_WIDTH_BYTES // itemsize // width
        shortest = _kernels.FOLD_MIN_ROWS  # (narrow tiles' columns are scanned below NARROW_*)
        if width * itemsize >= _kernels.FOLD_WIDE_ROW_BYTES and itemsize <= 8:
            shortest //= 2
        elif width <= _kernels.NARROW_ROWS_COLUMNS:
            shortest = max(shortest, _kernels.NARROWEST_ROWS_MAX)
        for n in (shortest + per - 1, 3 * shortest):
            assert _kernels.folds(n, width, width, itemsize)
            assert not _kernels.narrow_columns(n, width, width, itemsize)
            x = _values(dtype, (n, width), rng, low=-1, high=2)  # ties in every lane
            assert_same(x, axis=0)
            x[...] = _values(dtype, 1, rng, low=-1, high=0)[0]
            x[2 * per, 0] = x[per + 1, 0] = _values(dtype, 1, rng, low=1, high=2)[0]
            x[n - 1, 1] = _values(dtype, 1, rng, low=1, high=2)[0]  # a row left over
            assert_same(x, axis=0)
            if floating:
                x[rng.random(x.shape) < 0.002] = _nan(dtype)
                assert_same(x, axis=0)
                x[per + 1 :: per, 0] = _nan(dtype)  # one lane of column 0
                x[:, -1] = _nan(dtype)  # a whole column: the nan-variants raise
                assert_same(x, axis=0)
            elif dt.kind in "iub":
                x[n // 2, 0] = np.iinfo(dt).max if dt.kind != "b" else True
                assert_same(x, axis=0)
        cube = _values(dtype, (3, 2 * shortest, width), rng, low=-1, high=2)
        assert_same(cube, axis=1)


@pytest.mark.parametrize(("dtype", "path"), paths(["float16", "float32", "float64", "complex64"]))
def test_rows_after_a_nan_row(dtype, path, monkeypatch):
    """argmax/argmin of float rows: after a row holding a NaN the next one is
    searched for a NaN first (NumPy's loop stops at it); rows without one
    (the hint wrong), NaN at a row's start, middle and end, in the last
    elements that no whole vector reads, and rows of every other kind."""
    use_path(monkeypatch, path)
    rng = np.random.default_rng(19)
    for n in (33, 100, 1000, 4099):
        x = _values(dtype, (40, n), rng)
        for row, where in enumerate([0, 5, n // 2, n - 1, n - 2, None, None, 7, None, n - 3] * 4):
            if where is not None:
                x[row, where] = np.nan
        x[-1, :] = np.nan  # a row of NaN only: the nan-variants raise
        assert_same(x, axis=1)
        assert_same(x[:, ::-1], axis=1)
        assert_same(x[:-1], axis=1)
        x[rng.random(x.shape) < 0.1] = np.nan
        assert_same(x[:-1], axis=1)


@pytest.mark.parametrize("dtype", ["int8", "float32", "float64", "complex128"])
def test_few_columns_of_many_slices(dtype):
    """Tiles of up to NARROW_ROWS_COLUMNS columns, shorter than
    NARROW_ROWS_MAX (NARROWEST_ROWS_MAX for 2-3 columns), are scanned
    column by column, not swept a tile at a time: (1000, 40, 2) axis=1,
    swept, ran at 0.23x NumPy.  Tiles of 4 columns of FOLD_WIDE_ROW_BYTES
    (float64) only below FOLD_MIN_ROWS // 2 rows: they fold from there."""
    rng = np.random.default_rng(17)
    itemsize = np.dtype(dtype).itemsize
    for shape in [(300, 40, 2), (100, 127, 4), (50, 767, 3), (40, 768, 3), (100, 128, 4),
                  (100, 63, 4), (100, 64, 4)]:  # fmt: skip
        _, n, width = shape
        limit = _kernels.NARROWEST_ROWS_MAX if width <= 3 else _kernels.NARROW_ROWS_MAX
        if width * itemsize >= _kernels.FOLD_WIDE_ROW_BYTES and itemsize <= 8:
            limit = _kernels.FOLD_MIN_ROWS // 2
        assert _kernels.narrow_columns(n, width, width, itemsize) == (n < limit)
        a = _values(dtype, shape, rng)
        assert_same(a, axis=1)
        if dtype != "int8":
            a[:, 5, :] = np.nan
            assert_same(a, axis=1)
    assert not _kernels.narrow_columns(100, 5, 5, itemsize)  # wider tiles are swept


@pytest.mark.parametrize(("dtype", "path"), paths(ALL_DTYPES))
def test_many_short_strided_rows(dtype, path, monkeypatch):
    """Short strided rows go to the scalar loop (SHORT_ROW or fewer
    elements), to the strided lanes scan called per row (scan_strided_rows:
    steps it reads, rows of STRIDED_ROWS_MIN_BYTES and more) or, up to
    TRANSPOSE_MAX_ROW, are copied a group at a time into a buffer as its
    columns and swept (sweep_rows_transposed): groups that end mid-array,
    rows (o, i) stepped across the kept axes, negative steps, NaN/NaT in
    some rows and all of one."""
    use_path(monkeypatch, path)
    rng = np.random.default_rng(13)
    short, longest = _kernels.SHORT_ROW, _kernels.TRANSPOSE_MAX_ROW
    for n in (short - 1, short + 1, 50, longest, 2 * longest - 3):
        x = _values(dtype, (601, 2 * n + 1), rng)
        cube = _values(dtype, (3, 40, 3 * n), rng)
        views = [x[:, ::2], x[:, ::-2], x[::3, 1::2], cube[:, :35, ::3], cube[:, ::-2, ::-3]]
        if np.dtype(dtype).kind in "fcmM":
            x[5, ::2] = _nan(dtype)  # a whole row
            x[7:40:3, 4] = _nan(dtype)  # one element of some rows
            cube[1, 3:9, 6] = _nan(dtype)
        for view in views:
            assert_same(view, axis=-1)


@pytest.mark.parametrize(
    ("dtype", "path"),
    [(dt, "serial") for dt in ("int32", "uint64", "float32", "float64")]
    + [("float64", "parallel")],
)
@pytest.mark.parametrize("step", [3, 4, 5, 8, -3, -4])
def test_strided_rows_copied(dtype, step, path, monkeypatch):
    """Rows of 4- and 8-byte elements at least 3 apart (see copies_rows) are
    copied into a buffer (by vector shuffles at steps 3-4, else one element
    at a time) and scanned there: lengths on both sides of each length rule
    and of COPIED_ROW_MAX, the elements in between holding extremes and NaN,
    ties, NaN in some rows and a row of NaN, rows (o, i) of a 3-D view."""
    use_path(monkeypatch, path)
    rng = np.random.default_rng(abs(step) * 7 + (step < 0))
    is_float = dtype.startswith("float")
    info = np.finfo(dtype) if is_float else np.iinfo(dtype)
    least, most = _kernels.COPIED_ROW_MIN, _kernels.COPIED_ROW_MAX
    for n in (least - 1, least, 2 * least, _kernels.COPIED_ROW_MIN_STEP3, most, most + 1):
        def rows_of(array, n=n):
            return (array[:, 1::step] if step > 0 else array[:, -2::step])[:, :n]

        x = _values(dtype, (5, n * abs(step) + 2), rng)
        view = rows_of(x)
        assert view.shape == (5, n)
        others = np.ones(x.shape, bool)  # the elements between the rows' own
        rows_of(others)[...] = False
        x[others & (rng.random(x.shape) < 0.3)] = info.max
        x[others & (rng.random(x.shape) < 0.3)] = info.min
        if is_float:
            x[others & (rng.random(x.shape) < 0.2)] = np.nan
        assert_same(view, axis=1)
        view[2, n // 2] = view[2, n - 1] = info.max  # ties at the top value
        assert_same(view, axis=1)
        if is_float:
            view[1, [3, n - 2]] = np.nan
            view[4] = np.nan
            assert_same(view, axis=1)
    cube = _values(dtype, (3, 4, 64 * abs(step)), rng)
    assert_same(cube[:, :, ::step], axis=2)
    assert_same(cube[:, ::-1, ::step], axis=-1)


@pytest.mark.parametrize(("dtype", "path"), paths(ALL_DTYPES))
def test_columns_contiguous_whole(dtype, path, monkeypatch):
    """axis=None of 2-D input whose first axis is the densest (Fortran order,
    x.T, x[::2].T, x.T[::2]): each row's best by the sweep, then NumPy's own function over
    the rows' bests in row order (ties across rows, NaN/NaT in some rows,
    all-NaN rows, everything NaN, read-only); many short rows reduce the
    columns first (ROWS_FIRST_MAX_RATIO)."""
    use_path(monkeypatch, path)
    rng = np.random.default_rng(14)
    for shape in ((37, 23), (300, 3), (3, 300), (65, 64)):
        a = np.asfortranarray(_values(dtype, shape, rng, low=-1, high=2))
        assert_same(a)
        c = np.ascontiguousarray(a)
        for view in (c.T, c[::2].T, c[::-3].T, c[:, 1:].T, c.T[::2], c.T[1::3]):
            assert_same(view)
        if np.dtype(dtype).kind in "fcmM":
            a[rng.random(shape) < 0.1] = _nan(dtype)
            a[1, :] = _nan(dtype)
            assert_same(a)
            a[:] = _nan(dtype)
            assert_same(a)
            if np.dtype(dtype).kind in "fc":
                a[2, 1] = -np.inf  # one valid value behind NaN rows
                assert_same(a)
        a.flags.writeable = False
        assert_same(a)
    for shape in ((20, 7, 9), (6, 5, 70), (4, 3, 2, 5)):  # Fortran order, 3-D and 4-D
        a = np.asfortranarray(_values(dtype, shape, rng, low=-1, high=2))
        assert_same(a)
        if np.dtype(dtype).kind in "fcmM":
            a[rng.random(shape) < 0.1] = _nan(dtype)
            a[1, 2] = _nan(dtype)
            assert_same(a)
