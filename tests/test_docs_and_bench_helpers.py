"""The documentation's examples and the asv suite's input helpers.

The examples in docs/*.rst run as doctests here (the docstrings' examples run
through ``--doctest-modules``), so the pages cannot drift from the library.
"""

import doctest
import importlib.util
from pathlib import Path

import numpy as np
import pytest

import numba_argmax

ROOT = Path(__file__).resolve().parents[1]

#: Pages whose ``>>>`` examples are doctests (guides for optional backends are
#: left to their own tests: they need dask or a GPU).
DOC_PAGES = ["getting_started.rst", "numpy_compatibility.rst"]


@pytest.mark.parametrize("page", DOC_PAGES)
def test_doc_page_examples(page):
    result = doctest.testfile(
        str(ROOT / "docs" / page),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.attempted > 0
    assert result.failed == 0


def _load_common():
    path = ROOT / "asv_bench" / "benchmarks" / "_common.py"
    spec = importlib.util.spec_from_file_location("asv_bench_common", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


common = _load_common()


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint64", "float16", "complex64",
                                   "datetime64[ns]"])
def test_make_array_dtype_and_shape(dtype):
    a = common.make_array((6, 10), dtype)
    assert a.dtype == np.dtype(dtype)
    assert a.shape == (6, 10)


def test_make_array_layouts():
    c = common.make_array((6, 10), "float64", "C")
    f = common.make_array((6, 10), "float64", "F")
    s = common.make_array((6, 10), "float64", "strided")
    assert c.flags.c_contiguous and not c.flags.f_contiguous
    assert f.flags.f_contiguous and not f.flags.c_contiguous
    assert not s.flags.c_contiguous and not s.flags.f_contiguous
    assert all(stride != s.itemsize for stride in s.strides)  # no axis contiguous


def test_make_large_layouts():
    assert common.make_large((6, 10), "F").flags.f_contiguous
    assert common.make_large((6, 10), "C").flags.c_contiguous


def test_make_array_nan_density():
    a = common.make_array((200, 500), "float32", nan_density=0.1)
    assert 0.08 < np.isnan(a).mean() < 0.12
    t = common.make_array((200, 500), "datetime64[s]", nan_density=0.1)
    assert 0.08 < np.isnat(t).mean() < 0.12


def test_numpy_multi_axis_is_numba_argmax_tuple_axis():
    a = common.make_array((4, 5, 6), "float64")
    for axis in [(0, 2), (2, 0), (1,), 1, None]:
        expected = numba_argmax.argmax(a, axis=axis)
        np.testing.assert_array_equal(common.numpy_multi_axis(np.argmax, a, axis), expected)


def test_public_raises_not_implemented_for_missing_names():
    assert common.public("argmax") is numba_argmax.argmax
    with pytest.raises(NotImplementedError):
        common.public("no_such_function")


def test_speedup_is_a_positive_ratio():
    a = np.arange(1000.0)
    ratio = common.speedup(lambda: np.argmax(a), lambda: numba_argmax.argmax(a), rounds=2,
                           target_s=0.001)
    assert ratio > 0
