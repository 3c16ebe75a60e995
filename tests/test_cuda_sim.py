"""Run the CUDA-simulator tests (tests/cuda_sim) in their own process.

NUMBA_ENABLE_CUDASIM must be set before numba.cuda is first imported, so the
simulator suite cannot share this process; it runs as a subprocess, and its
own files skip themselves when collected without the variable.

The subprocess starts when this module is collected, so the simulator (about
two minutes of pure Python) runs on another core while the rest of the
session runs; the test waits for it and checks its outcome.
"""

import atexit
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HAVE_NUMBA_CUDA = importlib.util.find_spec("numba_cuda") is not None


def _start_suite():
    env = dict(os.environ, NUMBA_ENABLE_CUDASIM="1")
    suite = subprocess.Popen(
        [sys.executable, "-m", "pytest", "tests/cuda_sim", "-q", "-p", "no:cacheprovider",
         "--no-header", "-rfE"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    atexit.register(lambda: suite.poll() is None and suite.kill())
    return suite


_SUITE = _start_suite() if HAVE_NUMBA_CUDA else None


@pytest.mark.skipif(not HAVE_NUMBA_CUDA,
                    reason="numba-cuda is not installed (pip install '.[cuda]')")
def test_cuda_simulator_suite():
    stdout, stderr = _SUITE.communicate(timeout=1800)
    assert _SUITE.returncode == 0, stdout[-6000:] + stderr[-3000:]
    assert " passed" in stdout and "skipped" not in stdout, stdout
