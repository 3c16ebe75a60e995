"""Benchmark numba_argmax against NumPy (and torch, bottleneck, numbagg if installed).

Run it as ``python -m numba_argmax bench`` (see ``--help``).  Each case times
every contender with interleaved samples in one process: one sample of each
contender per round, rounds repeated, medians compared.  The first call of
numba_argmax per case (JIT compile or on-disk cache load) is timed on its
own and never enters the samples.  Ratios are NumPy time / contender time, so
above 1 means faster than NumPy.
"""

import json
import os
import platform
import sys
import time
from typing import NamedTuple

import numpy as np

from . import _api

#: The functions a case may time, by name (NumPy's twin alongside).
_FUNCS = {
    "argmax": (_api.argmax, np.argmax),
    "argmin": (_api.argmin, np.argmin),
    "nanargmax": (_api.nanargmax, np.nanargmax),
    "nanargmin": (_api.nanargmin, np.nanargmin),
}


class Case(NamedTuple):
    """One benchmark: ``func`` of an array built by ``make`` along ``axis``."""

    group: str  # the performance target this case measures
    func: str  # key of _FUNCS
    shape: tuple
    dtype: str
    axis: object  # None or int
    layout: str  # "C", "F", "strided" (every other element of axis 0), "reversed"
    fill: str = "random"  # "random", "nan-mid", "nan-10pct", "true-early", "all-false"

    @property
    def label(self):
        shape = "x".join(_short(n) for n in self.shape)
        extra = "" if self.fill == "random" else f" {self.fill}"
        return f"{self.func} {self.dtype} {shape} axis={self.axis} {self.layout}{extra}"


def _short(n):
    for unit, size in (("M", 10**6), ("k", 10**3)):
        if n >= size and n % size == 0:
            return f"{n // size}{unit}"
    return str(n)


def make_array(case, seed=0):
    """The input of ``case``: random values in the requested layout and fill."""
    rng = np.random.default_rng(seed)
    shape = case.shape
    if case.layout == "strided":
        shape = (shape[0] * 2,) + shape[1:]
    size = int(np.prod(shape))
    dtype = np.dtype(case.dtype)
    if dtype.kind == "b":
        a = np.zeros(size, dtype=bool)
        if case.fill == "true-early":
            a[size // 10 :: 7] = True
        elif case.fill != "all-false":
            a = rng.random(size) < 0.5
    elif dtype.kind in "iu":
        info = np.iinfo(dtype)
        a = rng.integers(info.min, info.max, size=size, dtype=dtype, endpoint=True)
    elif dtype.kind in "mM":
        a = rng.integers(-(10**12), 10**12, size=size).astype(dtype)
    elif dtype.kind == "c":
        a = (rng.standard_normal(size) + 1j * rng.standard_normal(size)).astype(dtype)
    else:
        a = rng.standard_normal(size).astype(dtype)
    if case.fill == "nan-mid":
        a[size // 2] = np.nan
    elif case.fill == "nan-10pct":
        a[rng.random(size) < 0.1] = np.nan
    a = a.reshape(shape)
    if case.layout == "F":
        a = np.asfortranarray(a)
    elif case.layout == "strided":
        a = a[::2]
    elif case.layout == "reversed":
        a = a[..., ::-1]
    return a


def _c(group, shape, dtype, axis=None, layout="C", func="argmax", fill="random"):
    return Case(group, func, shape, dtype, axis, layout, fill)


#: A small grid that covers each target once, f64/f32/int64 mostly, so a cold
#: JIT cache still finishes well under a minute.
QUICK_GRID = [
    _c("1-D large", (10**7,), "float64"),
    _c("1-D large", (10**7,), "int64"),
    _c("1-D in cache", (10**5,), "float32"),
    _c("1-D in cache", (10**5,), "int64"),
    _c("tiny", (100,), "float64"),
    _c("float16", (10**5,), "float16"),
    _c("complex", (10**6,), "complex128"),
    _c("bool", (10**6,), "bool", fill="all-false"),
    _c("axis=0", (10**6, 16), "float64", axis=0),
    _c("axis=0", (1000, 1000), "float64", axis=0),
    _c("axis=-1", (1000, 1000), "float64", axis=-1),
    _c("axis=-1", (10**5, 16), "float64", axis=-1),
    _c("F/strided", (1000, 1000), "float64", axis=None, layout="F"),
    _c("F/strided", (1000, 1000), "float64", axis=1, layout="F"),
    _c("F/strided", (10**5,), "float64", layout="strided"),
    _c("NaN", (10**6,), "float64", func="nanargmax", fill="nan-10pct"),
]

#: The full grid: every target row of the performance page.
FULL_GRID = (
    [_c("1-D large", (10**7,), dt) for dt in ("float32", "float64", "int32", "int64")]
    + [_c("1-D large", (10**7,), "float64", func="argmin")]
    + [
        _c("1-D in cache", (n,), dt)
        for n in (10**4, 10**5, 10**6)
        for dt in ("int8", "int16", "int32", "int64", "uint64", "float32", "float64")
    ]
    + [_c("tiny", (n,), dt) for n in (1, 10, 100) for dt in ("int64", "float64")]
    + [_c("float16", (n,), "float16") for n in (10**4, 10**6)]
    + [_c("complex", (10**6,), dt) for dt in ("complex64", "complex128")]
    + [
        _c("bool", (10**6,), "bool", fill="true-early"),
        _c("bool", (10**6,), "bool", fill="all-false"),
        _c("bool", (10**7,), "bool", fill="all-false"),
    ]
    + [
        _c("axis=0", (1000, 1000), "float64", axis=0),
        _c("axis=0", (1000, 1000), "int32", axis=0),
        _c("axis=0", (10**6, 16), "float32", axis=0),
        _c("axis=0", (10**6, 16), "float64", axis=0),
        _c("axis=0", (10**4, 1000), "float32", axis=0),
        _c("axis=0", (8, 21, 64, 64), "float32", axis=1),
    ]
    + [
        _c("axis=-1", (10, 10**6), "float64", axis=-1),
        _c("axis=-1", (1000, 1000), "float64", axis=-1),
        _c("axis=-1", (1000, 10**4), "float32", axis=-1),
        _c("axis=-1", (1000, 1000), "int64", axis=-1),
        _c("axis=-1", (10**5, 32), "float64", axis=-1),
        _c("axis=-1", (10**6, 8), "float32", axis=-1),
    ]
    + [
        _c("F/strided", (1000, 1000), "float64", axis=ax, layout="F")
        for ax in (None, 0, 1)
    ]
    + [
        _c("F/strided", (10**6,), "float64", layout="strided"),
        _c("F/strided", (1000, 1000), "float64", axis=None, layout="strided"),
        _c("F/strided", (1000, 1000), "float64", axis=-1, layout="reversed"),
    ]
    + [
        _c("NaN", (10**7,), "float64", fill="nan-mid"),
        _c("NaN", (10**6,), "float64", func="nanargmax", fill="nan-10pct"),
        _c("NaN", (1000, 1000), "float32", axis=0, func="nanargmin", fill="nan-10pct"),
    ]
    + [_c("datetime", (10**6,), "datetime64[s]")]
)


# --- other libraries, timed where installed ----------------------------------


def _torch_contender():
    try:
        import torch
    except ImportError:
        return None

    def prepare(case, a):
        if case.func not in ("argmax", "argmin") or a.dtype.kind not in "fiu":
            return None
        if a.dtype == np.uint64 or a.dtype == np.uint16 or a.dtype == np.uint32:
            return None
        t = torch.from_numpy(np.ascontiguousarray(a) if a.strides[-1] < 0 else a)
        fn = getattr(torch, case.func)
        if case.axis is None:
            return lambda: fn(t)
        return lambda: fn(t, dim=case.axis)

    return "torch", prepare


def _bottleneck_contender():
    try:
        import bottleneck
    except ImportError:
        return None

    def prepare(case, a):
        if case.func not in ("nanargmax", "nanargmin") or case.axis is None and a.ndim > 1:
            return None
        fn = getattr(bottleneck, case.func)
        axis = case.axis if case.axis is not None else 0
        return lambda: fn(a, axis=axis)

    return "bottleneck", prepare


def _numbagg_contender():
    try:
        import numbagg
    except ImportError:
        return None

    def prepare(case, a):
        fn = getattr(numbagg, case.func, None)
        if fn is None or case.func in ("argmax", "argmin") or a.dtype.kind != "f":
            return None
        axis = -1 if case.axis is None else case.axis
        if case.axis is None and a.ndim > 1:
            return None
        return lambda: fn(a, axis=axis)

    return "numbagg", prepare


def other_contenders():
    """(name, prepare(case, a) -> callable or None) of the libraries installed."""
    found = [c() for c in (_torch_contender, _bottleneck_contender, _numbagg_contender)]
    return [c for c in found if c is not None]


# --- timing -------------------------------------------------------------------


def _loops_for(fn, target_s):
    """How many calls make one sample last about ``target_s`` seconds."""
    loops = 1
    while True:
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= target_s or loops >= 1 << 20:
            return loops
        loops = max(loops * 2, int(loops * target_s / max(elapsed, 1e-9) * 1.1))


def time_interleaved(funcs, samples, target_s):
    """Per-call seconds of each function in ``funcs`` (a dict), ``samples`` each.

    Samples are interleaved round by round (order alternating), so slow drift
    of the machine hits every contender alike.
    """
    loops = {name: _loops_for(fn, target_s) for name, fn in funcs.items()}
    times = {name: [] for name in funcs}
    names = list(funcs)
    for round_ in range(samples):
        for name in names if round_ % 2 == 0 else names[::-1]:
            fn, n = funcs[name], loops[name]
            start = time.perf_counter()
            for _ in range(n):
                fn()
            times[name].append((time.perf_counter() - start) / n)
    return times


def _same_result(got, expected):
    return np.shape(got) == np.shape(expected) and np.array_equal(got, expected)


def run_case(case, samples, target_s, others=()):
    """Time one case; returns a JSON-ready dict."""
    ours_fn, numpy_fn = _FUNCS[case.func]
    a = make_array(case)
    axis = case.axis
    start = time.perf_counter()
    got = ours_fn(a, axis=axis)
    first_call_s = time.perf_counter() - start
    expected = numpy_fn(a, axis=axis)
    funcs = {
        "numpy": lambda: numpy_fn(a, axis=axis),
        "numba_argmax": lambda: ours_fn(a, axis=axis),
    }
    for name, prepare in others:
        try:
            fn = prepare(case, a)
            if fn is not None:
                fn()
                funcs[name] = fn
        except Exception:  # noqa: BLE001 - a library that cannot do the case is skipped
            pass
    times = time_interleaved(funcs, samples, target_s)
    numpy_times = np.array(times["numpy"])
    result = {
        "group": case.group,
        "label": case.label,
        "func": case.func,
        "shape": list(case.shape),
        "dtype": case.dtype,
        "axis": case.axis,
        "layout": case.layout,
        "fill": case.fill,
        "correct": bool(_same_result(got, expected)),
        "first_call_s": first_call_s,
        "median_s": {name: float(np.median(t)) for name, t in times.items()},
        "ratio": {},
        "ratio_spread": {},
    }
    for name, t in times.items():
        if name == "numpy":
            continue
        per_round = numpy_times / np.array(t)
        result["ratio"][name] = float(np.median(numpy_times) / np.median(t))
        q1, q3 = np.percentile(per_round, [25, 75])
        result["ratio_spread"][name] = [float(q1), float(q3)]
    return result


def _progress(iterable, total, enabled):
    if enabled:
        try:
            from tqdm import tqdm
        except ImportError:
            pass
        else:
            return tqdm(iterable, total=total, desc="bench", unit="case", file=sys.stderr)
    return iterable


def run(grid, samples, target_s, progress=True, with_others=True):
    """Time every case of ``grid``; returns the list of result dicts."""
    others = other_contenders() if with_others else []
    results = []
    bar = _progress(grid, len(grid), progress)
    for case in bar:
        if hasattr(bar, "set_postfix_str"):
            bar.set_postfix_str(case.label, refresh=False)
        results.append(run_case(case, samples, target_s, others))
    return results


# --- reports --------------------------------------------------------------------


def _fmt_time(seconds):
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def _others(results):
    names = []
    for r in results:
        for name in r["median_s"]:
            if name not in ("numpy", "numba_argmax") and name not in names:
                names.append(name)
    return names


def table_rows(results):
    """Header and rows of the summary table (strings)."""
    others = _others(results)
    header = ["target", "case", "numpy", "numba_argmax", "ratio", "IQR", "first call"]
    header += [f"{name} ratio" for name in others]
    rows = []
    for r in results:
        lo, hi = r["ratio_spread"]["numba_argmax"]
        row = [
            r["group"],
            r["label"] + ("" if r["correct"] else " WRONG"),
            _fmt_time(r["median_s"]["numpy"]),
            _fmt_time(r["median_s"]["numba_argmax"]),
            f"{r['ratio']['numba_argmax']:.2f}",
            f"{lo:.2f}-{hi:.2f}",
            _fmt_time(r["first_call_s"]),
        ]
        row += [f"{r['ratio'][name]:.2f}" if name in r["ratio"] else "-" for name in others]
        rows.append(row)
    return header, rows


def format_table(results):
    header, rows = table_rows(results)
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in rows]
    return "\n".join(lines)


def format_rst(results):
    """The table as an RST grid table (the docs performance page includes it)."""
    header, rows = table_rows(results)
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]

    def line(char):
        return "+" + "+".join(char * (w + 2) for w in widths) + "+"

    def cells(values):
        return "|" + "|".join(f" {v.ljust(w)} " for v, w in zip(values, widths)) + "|"

    out = [line("-"), cells(header), line("=")]
    for row in rows:
        out += [cells(row), line("-")]
    return "\n".join(out) + "\n"


def write_plot(results, path):
    """A horizontal bar chart of the ratios (log scale), one bar per case."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [r["label"] for r in results]
    ratios = [r["ratio"]["numba_argmax"] for r in results]
    fig, ax = plt.subplots(figsize=(10, 0.28 * len(results) + 1.5))
    colors = ["tab:green" if x >= 1 else "tab:red" for x in ratios]
    ax.barh(range(len(results)), ratios, color=colors)
    ax.set_yticks(range(len(results)), labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_xlabel("speed-up over NumPy (NumPy time / numba_argmax time)")
    ax.set_title(f"numba_argmax vs NumPy {np.__version__} ({platform.machine()})")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


# --- info -----------------------------------------------------------------------


def _cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def info():
    """Versions, threading and cache facts that explain benchmark numbers."""
    import llvmlite
    import numba

    from . import __version__
    from .cpu import _reduce

    try:  # known only once a parallel kernel has run in this process
        layer = numba.threading_layer()
    except ValueError:
        layer = f"not started yet (configured: {numba.config.THREADING_LAYER})"
    cache_dir = numba.config.CACHE_DIR or "(next to the sources, __pycache__)"
    return {
        "numba_argmax": __version__,
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "numba": numba.__version__,
        "llvmlite": llvmlite.__version__,
        "platform": platform.platform(),
        "cpu": _cpu_name(),
        "cpu_count": os.cpu_count(),
        "threading_layer": layer,
        "numba_threads": numba.get_num_threads(),
        "parallel_min_bytes": _reduce.PARALLEL_MIN_BYTES,
        "cache_dir": cache_dir,
    }


def environment():
    """Facts recorded alongside results in the JSON output."""
    import numba

    return {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "numba": numba.__version__,
        "cpu": _cpu_name(),
        "cpu_count": os.cpu_count(),
        "numba_threads": numba.get_num_threads(),
    }


def gpu_section(quick):
    """Time the CUDA backend when a GPU is present; print and return its rows."""
    try:
        from .cuda._bench import gpu_benchmarks

        rows = gpu_benchmarks(quick)
    except ImportError:  # numba-cuda not installed: no GPU section
        return []
    except Exception as error:  # a broken CUDA stack must not lose the CPU results
        print(f"\nGPU section skipped: {type(error).__name__}: {error}")
        return []
    if rows:
        print("\nGPU (event time of a call, host work included; ratio = theirs / ours):")
        for case, ours_s, cupy_s, torch_s, numpy_host_s in rows:
            theirs = "  ".join(
                f"{label} {t * 1e6:8.1f} us {t / ours_s:5.2f}x" if t else f"{label} (n/a)"
                for label, t in (("CuPy", cupy_s), ("torch", torch_s))
            )
            print(f"  {case:40} ours {ours_s * 1e6:8.1f} us  {theirs}  "
                  f"NumPy host {numpy_host_s * 1e3:8.2f} ms")
    return [
        {"case": case, "ours_s": ours_s, "cupy_s": cupy_s, "torch_s": torch_s,
         "numpy_host_s": numpy_host_s}
        for case, ours_s, cupy_s, torch_s, numpy_host_s in rows
    ]


def main_bench(args):
    grid = QUICK_GRID if args.quick else FULL_GRID
    if args.filter:
        grid = [c for c in grid if args.filter in c.label or args.filter in c.group]
    if args.grid_limit:
        grid = grid[: args.grid_limit]
    samples = args.samples or (5 if args.quick else 11)
    target_s = args.sample_time or (0.002 if args.quick else 0.01)
    start = time.perf_counter()
    results = run(grid, samples, target_s, progress=not args.no_progress,
                  with_others=not args.numpy_only)
    elapsed = time.perf_counter() - start
    print(format_table(results))
    first_calls = sum(r["first_call_s"] for r in results)
    print(f"\n{len(results)} cases in {elapsed:.1f} s; first calls (JIT compile or cache "
          f"load) {first_calls:.1f} s in total, never inside the samples.")
    print("ratio = NumPy median / contender median (above 1: faster than NumPy); "
          "IQR of the per-round ratios.")
    gpu_rows = gpu_section(args.quick)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"environment": environment(), "results": results, "gpu": gpu_rows},
                      f, indent=1)
    if args.table_rst:
        with open(args.table_rst, "w") as f:
            f.write(format_rst(results))
    if args.plot:
        write_plot(results, args.plot)
    return 0 if all(r["correct"] for r in results) else 1


def main_info(args):
    for key, value in info().items():
        print(f"{key:18} {value}")
    return 0
