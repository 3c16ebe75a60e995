"""Smoke tests of ``python -m numba_argmax bench`` and ``info`` (never timing)."""

import json

import numpy as np
import pytest

from numba_argmax import __main__ as cli
from numba_argmax import _bench


@pytest.fixture
def tiny_grid(monkeypatch):
    grid = [
        _bench.Case("1-D", "argmax", (50,), "float64", None, "C"),
        _bench.Case("axis=0", "nanargmin", (6, 4), "float32", 0, "F", "nan-10pct"),
        _bench.Case("bool", "argmax", (40,), "bool", None, "strided", "true-early"),
    ]
    monkeypatch.setattr(_bench, "QUICK_GRID", grid)
    return grid


def test_bench_writes_table_json_rst(tiny_grid, tmp_path, capsys):
    json_path, rst_path = tmp_path / "r.json", tmp_path / "r.rst"
    argv = ["bench", "--quick", "--samples", "2", "--sample-time", "0.0001", "--no-progress",
            "--numpy-only", "--json", str(json_path), "--table-rst", str(rst_path)]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    for case in tiny_grid:
        assert case.label in out
    data = json.loads(json_path.read_text())
    assert [r["label"] for r in data["results"]] == [c.label for c in tiny_grid]
    for r in data["results"]:
        assert r["correct"]
        assert r["ratio"]["numba_argmax"] > 0
        assert set(r["median_s"]) == {"numpy", "numba_argmax"}
    assert data["environment"]["numpy"] == np.__version__
    rst = rst_path.read_text()
    assert rst.startswith("+") and "| target" in rst and rst.count("\n") == 2 * len(tiny_grid) + 3


def test_bench_plot(tiny_grid, tmp_path):
    pytest.importorskip("matplotlib")
    png = tmp_path / "r.png"
    argv = ["bench", "--quick", "--samples", "1", "--sample-time", "0.0001", "--no-progress",
            "--numpy-only", "--plot", str(png), "--filter", "1-D"]
    assert cli.main(argv) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("case", _bench.QUICK_GRID + _bench.FULL_GRID[::7],
                         ids=lambda c: c.label)
def test_grid_arrays_match_their_case(case):
    a = _bench.make_array(case._replace(shape=tuple(min(n, 40) for n in case.shape)))
    assert a.dtype == np.dtype(case.dtype)
    assert a.shape == tuple(min(n, 40) for n in case.shape)
    if case.layout == "F" and a.ndim > 1:
        assert a.flags.f_contiguous and not a.flags.c_contiguous
    if case.layout in ("strided", "reversed"):
        assert not a.flags.c_contiguous


def test_time_interleaved_counts_samples():
    calls = []
    times = _bench.time_interleaved({"a": lambda: calls.append(1), "b": lambda: None}, 3, 1e-5)
    assert [len(t) for t in times.values()] == [3, 3]
    assert all(t > 0 for ts in times.values() for t in ts)


def test_info(capsys):
    assert cli.main(["info"]) == 0
    out = capsys.readouterr().out
    for key in ("numba_argmax", "numpy", "numba", "threading_layer", "numba_threads",
                "cpu", "cache_dir"):
        assert key in out


def test_gpu_section_reports_rows_and_survives_a_broken_cuda_stack(monkeypatch, capsys):
    pytest.importorskip("numba.cuda")
    from numba_argmax.cuda import _bench as gpu_bench

    rows = [("1-D float32", 2e-4, 3e-4, None, 5e-3)]
    monkeypatch.setattr(gpu_bench, "gpu_benchmarks", lambda quick: rows)
    (row,) = _bench.gpu_section(quick=True)
    assert row == {"case": "1-D float32", "ours_s": 2e-4, "cupy_s": 3e-4, "torch_s": None,
                   "numpy_host_s": 5e-3}
    out = capsys.readouterr().out
    assert "CuPy    300.0 us  1.50x" in out and "torch (n/a)" in out

    def broken(quick):
        raise AttributeError("module 'numpy' has no attribute 'row_stack'")

    monkeypatch.setattr(gpu_bench, "gpu_benchmarks", broken)
    assert _bench.gpu_section(quick=True) == []
    assert "GPU section skipped: AttributeError" in capsys.readouterr().out
