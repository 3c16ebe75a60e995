"""tests/test_njit.py in a pytest process of its own, during whole-suite runs.

Compiling the jitted functions of test_njit.py takes ~100 s of one core
(Numba links the kernels into each and optimises them again).  In a
whole-suite run with the kernel warm-up (tests/conftest.py), the warm-up
starts that file in a pytest process of its own once its core is free, and
the file skips itself in the test process; this test waits for that process
and checks its outcome.  Run alone, test_njit.py runs in the process that
collects it, and this test skips.
"""

import pytest


def test_njit_suite_in_its_own_process(njit_suite):
    if njit_suite is None:
        pytest.skip("tests/test_njit.py runs in this process")
    returncode, output = njit_suite
    assert returncode == 0, output[-6000:]
    assert " passed" in output and " failed" not in output, output[-3000:]
    assert "skipped" not in output, output[-3000:]
