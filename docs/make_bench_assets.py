"""Measure numba_argmax against NumPy and write the performance page's assets.

    python docs/make_bench_assets.py

writes docs/_static/bench.png (chart), docs/bench_table.rst (table) and
docs/_static/bench.json (numbers and the machine they come from; conf.py
quotes the machine on the page).  ``python -m numba_argmax bench --quick
--plot docs/_static/bench.png --table-rst docs/bench_table.rst --json
docs/_static/bench.json`` writes the same three files in the same formats.

Each case times NumPy and numba_argmax in alternation (one sample of each
per round, medians over the rounds), after a first call that compiles the
kernel or loads it from Numba's cache and is never timed.  The ratio is
NumPy's median over ours: above 1, numba_argmax is faster.
"""

import json
import os
import platform
import sys
import time
from pathlib import Path

import numba
import numpy as np

import numba_argmax

HERE = Path(__file__).resolve().parent
ROUNDS = 7
SAMPLE_S = 0.005  # target duration of one sample


def _input(shape, dtype, layout="C", nan_fraction=0.0, fill="random"):
    rng = np.random.default_rng(0)
    if fill == "ties":
        a = np.zeros(shape, dtype=dtype)  # NumPy's own benchmark: every element ties
    elif np.dtype(dtype).kind in "iu":
        a = rng.integers(-100, 100, shape).astype(dtype)
    elif np.dtype(dtype).kind == "M":
        a = rng.integers(0, 10**9, shape).astype(dtype)
    elif np.dtype(dtype).kind == "c":
        a = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dtype)
    else:
        a = rng.standard_normal(shape).astype(dtype)
    if nan_fraction:
        a[rng.random(shape) < nan_fraction] = np.nan
    if layout == "F":
        return np.asfortranarray(a)
    if layout == "strided":  # every other element on each axis: no axis contiguous
        every_other = tuple(slice(None, None, 2) for _ in shape)
        big = np.zeros(tuple(2 * n for n in shape), dtype=a.dtype)
        big[every_other] = a
        return big[every_other]
    return a


def _numpy_call(func, a, axis):
    if not isinstance(axis, tuple):
        return func(a, axis=axis)
    kept = [ax for ax in range(a.ndim) if ax not in axis]
    moved = np.moveaxis(a, axis, range(len(kept), a.ndim))
    return func(moved.reshape([a.shape[ax] for ax in kept] + [-1]), axis=-1)


#: (function name, shape, dtype, axis, layout, NaN fraction, fill)
CASES = [
    ("argmax", (200_000,), "int8", None, "C", 0.0, "ties"),
    ("argmax", (200_000,), "float64", None, "C", 0.0, "ties"),
    ("argmax", (1_000,), "float64", None, "C", 0.0, "random"),
    ("argmax", (1_000_000,), "float64", None, "C", 0.0, "random"),
    ("argmax", (1_000_000,), "float16", None, "C", 0.0, "random"),
    ("argmax", (1_000_000,), "datetime64[s]", None, "C", 0.0, "random"),
    ("argmax", (300_000,), "complex128", None, "C", 0.0, "random"),
    ("argmax", (1000, 1000), "float32", 0, "C", 0.0, "random"),
    ("argmax", (1000, 1000), "float32", 1, "C", 0.0, "random"),
    ("argmax", (1000, 1000), "float32", 0, "F", 0.0, "random"),
    ("argmax", (1000, 1000), "float32", 1, "F", 0.0, "random"),
    ("argmax", (1000, 1000), "float32", 1, "strided", 0.0, "random"),
    ("argmin", (1000, 1000), "int64", 0, "C", 0.0, "random"),
    ("nanargmax", (1000, 1000), "float64", None, "C", 0.1, "random"),
    ("nanargmax", (1000, 1000), "float64", 1, "C", 0.1, "random"),
    ("nanargmin", (1000, 1000), "float64", 0, "C", 0.1, "random"),
    ("argmax", (64, 128, 128), "float64", (0, 2), "C", 0.0, "random"),
]


def _label(func, shape, dtype, axis, layout, nan_fraction, fill):
    extra = f" {nan_fraction:.0%} NaN" if nan_fraction else (" all ties" if fill == "ties" else "")
    shape_text = "x".join(str(n) for n in shape)
    return f"{func} {dtype} {shape_text} axis={axis} {layout}{extra}"


def _sample(call, number):
    start = time.perf_counter()
    for _ in range(number):
        call()
    return (time.perf_counter() - start) / number


def measure(case):
    func, shape, dtype, axis, layout, nan_fraction, fill = case
    a = _input(shape, dtype, layout, nan_fraction, fill)
    ours = getattr(numba_argmax, func)
    theirs = getattr(np, func)
    start = time.perf_counter()
    got = ours(a, axis=axis)
    first_call = time.perf_counter() - start
    expected = _numpy_call(theirs, a, axis)
    calls = {
        "numpy": lambda: _numpy_call(theirs, a, axis),
        "numba_argmax": lambda: ours(a, axis=axis),
    }
    once = max(_sample(call, 1) for call in calls.values())
    number = max(1, int(SAMPLE_S / max(once, 1e-7)))
    samples = {name: [] for name in calls}
    for _ in range(ROUNDS):
        for name, call in calls.items():
            samples[name].append(_sample(call, number))
    median = {name: float(np.median(s)) for name, s in samples.items()}
    return {
        "label": _label(*case),
        "time_s": median,
        "ratio": {"numba_argmax": median["numpy"] / median["numba_argmax"]},
        "first_call_s": first_call,
        "correct": bool(np.array_equal(got, expected)),
    }


def environment():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "numba": numba.__version__,
        "numba_argmax": numba_argmax.__version__,
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
        "numba_threads": numba.get_num_threads(),
        "date": time.strftime("%Y-%m-%d"),
    }


def _fmt_time(seconds):
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def table_rst(results):
    header = ["case", "NumPy", "numba_argmax", "ratio"]
    rows = [
        [r["label"], _fmt_time(r["time_s"]["numpy"]), _fmt_time(r["time_s"]["numba_argmax"]),
         f"{r['ratio']['numba_argmax']:.2f}"]
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header] + rows) for i in range(len(header))]

    def line(char):
        return "+" + "+".join(char * (w + 2) for w in widths) + "+"

    def cells(values):
        return "|" + "|".join(f" {v.ljust(w)} " for v, w in zip(values, widths)) + "|"

    out = [line("-"), cells(header), line("=")]
    for row in rows:
        out += [cells(row), line("-")]
    return "\n".join(out) + "\n"


def plot(results, env, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ratios = [r["ratio"]["numba_argmax"] for r in results]
    fig, ax = plt.subplots(figsize=(10, 0.3 * len(results) + 1.6))
    ax.barh(range(len(results)), ratios,
            color=["tab:green" if x >= 1 else "tab:red" for x in ratios])
    ax.set_yticks(range(len(results)), [r["label"] for r in results], fontsize=7)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_xlabel("speed-up over NumPy (NumPy time / numba_argmax time)")
    ax.set_title(f"numba_argmax vs NumPy {env['numpy']}: {env['cpu']}, "
                 f"{env['numba_threads']} thread(s)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main():
    results = []
    for case in CASES:
        results.append(measure(case))
        r = results[-1]
        print(f"{r['label']:55s} {r['ratio']['numba_argmax']:7.2f}", flush=True)
    env = environment()
    (HERE / "_static").mkdir(exist_ok=True)
    with open(HERE / "_static" / "bench.json", "w") as f:
        json.dump({"environment": env, "results": results}, f, indent=1)
    (HERE / "bench_table.rst").write_text(table_rst(results))
    plot(results, env, HERE / "_static" / "bench.png")
    return 0 if all(r["correct"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
