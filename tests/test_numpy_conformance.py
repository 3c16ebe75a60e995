"""NumPy's own tests for the argmax family, take_along_axis and unravel_index, run against ours.

NumPy's wheels ship their test suite; its test classes are imported here (so
pytest collects them) and NumPy's functions are swapped for ours while they
run.  Tests that call the ``ndarray.argmax`` method still test NumPy itself.
"""

import numpy as np
import pytest

import numba_argmax as nam

multiarray_tests = pytest.importorskip("numpy._core.tests.test_multiarray")
nanfunction_tests = pytest.importorskip("numpy.lib.tests.test_nanfunctions")

TestArgmaxArgminCommon = multiarray_tests.TestArgmaxArgminCommon
TestArgmax = multiarray_tests.TestArgmax
TestArgmin = multiarray_tests.TestArgmin
TestNanFunctions_ArgminArgmax = nanfunction_tests.TestNanFunctions_ArgminArgmax


@pytest.fixture(autouse=True)
def numpy_functions_are_ours(monkeypatch):
    for name in ("argmax", "argmin", "nanargmax", "nanargmin"):
        monkeypatch.setattr(np, name, getattr(nam, name))
    # This class lists its functions at class creation; point it at ours too.
    monkeypatch.setattr(
        TestNanFunctions_ArgminArgmax, "nanfuncs", [nam.nanargmin, nam.nanargmax]
    )


shape_base_tests = pytest.importorskip("numpy.lib.tests.test_shape_base")
index_tricks_tests = pytest.importorskip("numpy.lib.tests.test_index_tricks")

TestTakeAlongAxis = shape_base_tests.TestTakeAlongAxis
TestRavelUnravelIndex = index_tricks_tests.TestRavelUnravelIndex


@pytest.fixture(autouse=True)
def numpy_helpers_are_ours(monkeypatch):
    monkeypatch.setattr(np, "take_along_axis", nam.take_along_axis)
    monkeypatch.setattr(np, "unravel_index", nam.unravel_index)
