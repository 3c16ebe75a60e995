"""``python -m numba_argmax compile``: the CPU kernels compiled ahead of time.

Each CPU kernel compiles on its first call for a dtype (3-8 s per kernel
on a 2-core machine, five to nine kernels per operation and dtype) and is
then stored in Numba's on-disk cache (``cache=True``), from which every
later process loads it in milliseconds.  :func:`compile_kernels` pays
that once, at install or deploy time: it compiles, for the chosen dtypes
and operations, every entry point of
:func:`numba_argmax.cpu._kernels.kernels_for` with the argument types
the library's own calls give it, so that no later call compiles.

The signatures are derived from the library's dispatch, not restated: the
kernels of an (operation, dtype) are the lean path's
(:func:`numba_argmax.cpu._flat._entry_for`: the nan-variants of integers,
bool and datetimes use the argmax/argmin kernels), the array they read is
:func:`numba_argmax.cpu._reduce.kernel_view`'s (bool as uint8, float16 as
its int16 bits, datetime64/timedelta64 as int64), and the entry points are
the slots of :class:`numba_argmax.cpu._kernels._Kernels`, their arguments
named by their parameters.  The Python side passes the kernels a 1-D
C-contiguous ``base`` that is always flagged writable (read-only input is
re-flagged, see ``cpu._reduce.kernel_base``: Numba would compile every
kernel a second time for read-only arrays), and ``reduce_flat`` also
strided 1-D views as they are (layout 'A', read through their memory span).

Concurrent writers.  Numba's cache index is rewritten whole by each process
that adds a signature (read, add, atomic replace), and a new data file takes
the first number free *in the index that process read*.  Two processes
adding different signatures of one kernel at the same moment can therefore
both pick the same data file, and the index can end up pointing a signature
at the other one's machine code.  :func:`serialized_cache_writes` closes
that window with an advisory lock on the cache directory; this command takes
it, and so does the test suite while it runs this command in the background.
"""

import contextlib
import inspect
import os
import sys
import time

import numpy as np

from ._ops import ARGMAX, ARGMIN, NANARGMAX, NANARGMIN

#: The operations by the names ``--ops`` takes.
OPS = {op.name: op for op in (ARGMAX, ARGMIN, NANARGMAX, NANARGMIN)}

#: Every dtype the CPU kernels read (datetime/timedelta units share kernels).
DTYPES = (
    "bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
    "float16", "float32", "float64", "complex64", "complex128", "datetime64", "timedelta64",
)  # fmt: skip

#: Example values of the kernels' integer arguments, by parameter name.  The
#: kernels are compiled, never run, so only the types matter (Python ints:
#: int64, as the library passes them); a 3-D call addresses (outer, n,
#: inner) = (1, 2, 2) over a base of 4 elements, a flat one 4 elements.
_INT_ARGS_3D = {"off": 0, "start": 0, "outer": 1, "n": 2, "inner": 2, "so": 4, "sn": 2, "si": 1,
                "nchunks": 2}  # fmt: skip
_INT_ARGS_FLAT = dict(_INT_ARGS_3D, n=4, sn=1)


def _parse_dtype(name):
    from .cpu import _reduce

    try:
        dtype = np.dtype(name)
    except TypeError:
        raise ValueError(f"unknown dtype {name!r}") from None
    if not _reduce.kernels_read(dtype):
        raise ValueError(f"dtype {name!r} is not read by the kernels (NumPy handles it)")
    return dtype.newbyteorder("=")  # other byte orders are converted to native first


def _parse_op(name):
    try:
        return OPS[name]
    except KeyError:
        raise ValueError(f"unknown operation {name!r}; choose from {', '.join(OPS)}") from None


def _entry_point_args(dispatcher, base):
    """Example arguments for one entry point, from its parameter names."""
    params = list(inspect.signature(dispatcher.py_func).parameters)
    ints = _INT_ARGS_3D if "outer" in params else _INT_ARGS_FLAT
    args = []
    for name in params:
        if name == "base":
            args.append(base)
        elif name == "out2":  # (outer, inner) indices, C-contiguous, as the library's
            args.append(np.empty((ints["outer"], ints["inner"]), dtype=np.intp))
        elif name == "view":  # a non-contiguous 3-D view (layout 'A'), reduced whole
            args.append(np.zeros((2, 2, 4), dtype=base.dtype)[:, :, ::2])
        elif name in ints:
            args.append(ints[name])
        else:
            raise RuntimeError(
                f"numba_argmax compile: no example value for parameter {name!r} of "
                f"{dispatcher.py_func.__name__}; add it to numba_argmax/_precompile.py"
            )
    return args


def _parse_kernels(names):
    known = _kernel_names()
    for name in names:
        if name not in known:
            raise ValueError(f"unknown kernel {name!r}; the kernels are {', '.join(known)}")
    return set(names)


def _kernel_names():
    from .cpu import _kernels

    return list(_kernels._Kernels.__slots__)


def plan(dtypes=None, ops=None, parallel=True, kernels=None):
    """The kernel signatures :func:`compile_kernels` compiles, in its order.

    Returns a list of ``(label, dispatcher, argtypes)``, each signature once
    (dtypes and operations that share kernels are listed once).  The order:
    the serial entry points (every call uses them) before the parallel ones
    (inputs of 2 MiB and more); within each, dtype by dtype in the order
    given, then entry point and operation.
    """
    from .cpu import _flat, _kernels, _reduce

    dtypes = [_parse_dtype(d) for d in (DTYPES if dtypes is None else dtypes)]
    ops = [_parse_op(o) for o in (OPS if ops is None else ops)]
    names = _kernel_names() if kernels is None else _parse_kernels(kernels)
    rows, seen = [], set()
    for parallel_group in (False, True):
        for dtype in dtypes:
            view, _ = _reduce.kernel_view(np.zeros(4, dtype))
            for name in _kernels._Kernels.__slots__:
                if name not in names:
                    continue
                for op in ops:
                    dispatcher = getattr(_flat._entry_for(dtype, op).kernels, name)
                    is_parallel = bool(dispatcher.targetoptions.get("parallel"))
                    if is_parallel != parallel_group or (is_parallel and not parallel):
                        continue
                    bases = [("", view.copy())]
                    if name == "reduce_flat":  # also strided 1-D views, read in place
                        bases.append((", strided", np.zeros(8, view.dtype)[::2]))
                    for access, base in bases:
                        args = _entry_point_args(dispatcher, base)
                        argtypes = tuple(dispatcher.typeof_pyval(a) for a in args)
                        if (dispatcher, argtypes) in seen:
                            continue
                        seen.add((dispatcher, argtypes))
                        label = f"{dispatcher.py_func.__name__}({dtype.name}{access})"
                        rows.append((label, dispatcher, argtypes))
    return rows


def _kernels_compile():
    """Whether the kernels are Numba dispatchers (not plain Python: NUMBA_DISABLE_JIT)."""
    from .cpu import _kernels

    return hasattr(_kernels.kernels_for(True, False, _kernels.KIND_PLAIN).reduce_flat, "compile")


def compile_kernels(dtypes=None, ops=None, *, parallel=True, kernels=None, quiet=False):
    """Compile the CPU kernels into Numba's on-disk cache, ahead of their first call.

    Every later process (any user of the same installation and cache
    directory) then loads them from the cache instead of compiling them at
    its first call of each dtype.  Signatures already cached are loaded,
    not compiled again, so running it twice costs little.

    Parameters
    ----------
    dtypes : sequence of str or numpy.dtype, optional
        The element types to compile for, in this order (NumPy names or
        codes: ``"float64"``, ``"f4"``, ``"bool"``, ``"M8"``).  Default:
        every dtype the CPU kernels read, :data:`DTYPES`.  Datetime units,
        and the nan-variants of integers, share kernels.
    ops : sequence of str, optional
        Among ``"argmax"``, ``"argmin"``, ``"nanargmax"``, ``"nanargmin"``
        (default: all four; ``max_argmax``/``min_argmin`` and the
        ``*_coords`` helpers use the argmax/argmin kernels).
    parallel : bool, default True
        Also compile the parallel kernels, which inputs of 2 MiB and more
        use when several threads are available.
    kernels : sequence of str, optional
        Only these entry points (names in
        ``numba_argmax.cpu._kernels._Kernels.__slots__``, e.g.
        ``"reduce_3d"``); default: all of them.
    quiet : bool, default False
        Print nothing; otherwise one line per signature and a summary.

    Returns
    -------
    dict
        ``{"signatures": n, "compiled": c, "loaded": l, "seconds": s}``:
        how many signatures were compiled and stored, or found in the cache
        (or already compiled in this process).

    Raises
    ------
    ValueError
        For an unknown operation, or a dtype the kernels do not read.
    RuntimeError
        If the kernels cannot be cached: no writable cache directory
        (``NUMBA_CACHE_DIR`` chooses one), or ``NUMBA_DISABLE_JIT`` is set.

    See Also
    --------
    numba_argmax.cpu._kernels.kernels_for : the kernels compiled here.

    Notes
    -----
    From the command line: ``python -m numba_argmax compile`` (all dtypes,
    all operations), or for example ``python -m numba_argmax compile
    --dtypes float32,float64 --ops argmax,argmin --no-parallel``.  Numba
    keys its cache by the kernels' source files, the Numba version and the
    CPU, so compile on the machine (or image) that runs the code, after
    installing it, and again after upgrading numba_argmax or Numba.

    Examples
    --------
    >>> from numba_argmax._precompile import compile_kernels
    >>> done = compile_kernels(["float64"], ["argmax"], parallel=False, quiet=True)
    >>> done["signatures"]  # reduce_flat (contiguous, strided), reduce_3d, reduce_view
    4
    >>> done["compiled"] + done["loaded"]
    4
    """
    if not _kernels_compile():
        raise RuntimeError("NUMBA_DISABLE_JIT is set: there is nothing to compile")
    from numba.core.caching import NullCache

    start = time.perf_counter()
    rows = plan(dtypes, ops, parallel, kernels)
    compiled = loaded = 0
    with serialized_cache_writes():
        for label, dispatcher, argtypes in rows:
            if isinstance(dispatcher._cache, NullCache):
                raise RuntimeError(
                    "no writable Numba cache directory: the kernels compile in each process "
                    "(set NUMBA_CACHE_DIR to a writable directory)"
                )
            t0 = time.perf_counter()
            misses = dispatcher.stats.cache_misses[argtypes]
            dispatcher.compile(argtypes)
            was_compiled = dispatcher.stats.cache_misses[argtypes] > misses
            compiled += was_compiled
            loaded += not was_compiled
            if not quiet:
                state = "compiled" if was_compiled else "cached  "
                print(f"{time.perf_counter() - t0:7.2f} s  {state}  {label}", flush=True)
    seconds = time.perf_counter() - start
    if not quiet:
        where = rows[0][1]._cache.cache_path if rows else "-"
        print(f"{len(rows)} signatures in {seconds:.1f} s: {compiled} compiled, {loaded} "
              f"already cached; cache directory: {where}")
    return {"signatures": len(rows), "compiled": compiled, "loaded": loaded, "seconds": seconds}


# --- one writer at a time in a cache directory -------------------------------


@contextlib.contextmanager
def _locked(directory, mode):
    """Hold ``fcntl.flock(mode)`` on ``directory`` (nothing if it cannot be locked)."""
    import fcntl

    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # not created yet: nothing to read, and save() creates it first
        yield
        return
    try:
        try:
            fcntl.flock(fd, mode)
        except OSError:  # a file system without locks: as Numba itself, unlocked
            pass
        yield
    finally:
        os.close(fd)  # releases the lock


@contextlib.contextmanager
def serialized_cache_writes():
    """Serialize Numba cache-index updates between processes that use this.

    While active, this process adds a cache entry (index read, index write,
    data write) under an exclusive ``flock`` on the cache directory and
    reads one under a shared lock, so two such processes cannot pick the
    same data file for different signatures of a kernel, nor lose each
    other's index entries.  Processes that do not use it are not excluded
    (Numba itself takes no lock).  Without ``fcntl`` (Windows) or Numba's
    ``IndexDataCacheFile`` it does nothing.  Yields whether the lock is
    in use.
    """
    try:
        import fcntl

        from numba.core.caching import IndexDataCacheFile

        original_save, original_load = IndexDataCacheFile.save, IndexDataCacheFile.load
    except (ImportError, AttributeError):
        yield False
        return
    if getattr(original_save, "_numba_argmax_locked", False):  # already active (nested)
        yield True
        return

    def save(self, key, data):
        with _locked(self._cache_path, fcntl.LOCK_EX):
            return original_save(self, key, data)

    def load(self, key):
        with _locked(self._cache_path, fcntl.LOCK_SH):
            return original_load(self, key)

    save._numba_argmax_locked = True
    IndexDataCacheFile.save, IndexDataCacheFile.load = save, load
    try:
        yield True
    finally:
        IndexDataCacheFile.save, IndexDataCacheFile.load = original_save, original_load


# --- command line --------------------------------------------------------------


def _split(text):
    return None if text is None else [item.strip() for item in text.split(",") if item.strip()]


def main_compile(args):
    """``python -m numba_argmax compile``: see :func:`compile_kernels`."""
    if not _kernels_compile():
        print("python -m numba_argmax compile: NUMBA_DISABLE_JIT is set, nothing to compile",
              file=sys.stderr)
        return 1
    try:
        if args.list:
            rows = plan(_split(args.dtypes), _split(args.ops), args.parallel,
                        _split(args.kernels))
            for label, _, argtypes in rows:
                print(label, "  ", ", ".join(map(str, argtypes)))
            return 0
        compile_kernels(_split(args.dtypes), _split(args.ops), parallel=args.parallel,
                        kernels=_split(args.kernels), quiet=args.quiet)
    except (ValueError, RuntimeError) as error:
        print(f"python -m numba_argmax compile: {error}", file=sys.stderr)
        return 2 if isinstance(error, ValueError) else 1
    return 0
