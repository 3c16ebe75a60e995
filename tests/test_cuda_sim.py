"""Run the CUDA-simulator tests (tests/cuda_sim) in their own process.

NUMBA_ENABLE_CUDASIM must be set before numba.cuda is first imported, so the
simulator suite cannot share this process; it runs here as a subprocess and
its own files skip themselves when collected without the variable.
"""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(importlib.util.find_spec("numba_cuda") is None,
                    reason="numba-cuda is not installed (pip install '.[cuda]')")
def test_cuda_simulator_suite():
    env = dict(os.environ, NUMBA_ENABLE_CUDASIM="1")
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/cuda_sim", "-q", "-p", "no:cacheprovider",
         "--no-header", "-rfE"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stdout[-6000:] + completed.stderr[-3000:]
    assert " passed" in completed.stdout and "skipped" not in completed.stdout, completed.stdout
