"""The test files run in a pytest process of their own, during whole-suite runs.

In a whole-suite run with the kernel warm-up (tests/conftest.py), the
warm-up runs ``ELSEWHERE_TESTS`` (tests/test_njit.py, ~100 s of one core
compiling users' jitted functions, and tests/test_cuda_ptx.py, NVVM
compiles) in a pytest process of its own once its compile list is done,
on the core it no longer needs, and the test process deselects them.  This
test, the session's last, waits for that process and checks its outcome.
Run alone, or without the warm-up, those files run in the process that
collects them, and this test skips.
"""

import re

import pytest


def test_files_run_elsewhere_pass(elsewhere_suite):
    if elsewhere_suite is None:
        pytest.skip("the files run in this process")
    returncode, output = elsewhere_suite
    assert returncode == 0, output[-6000:]
    assert " passed" in output and " failed" not in output, output[-3000:]
    # test_cuda_ptx.py skips where NVVM is missing, as it would here; the
    # jitted functions' tests never skip.
    skipped = re.findall(r"^SKIPPED .*$", output, flags=re.M)
    assert not [line for line in skipped if "test_njit.py" in line], output[-3000:]
