"""Importing the package in a fresh interpreter works, gives NumPy's
answers, and does not drag in optional heavy backends (dask, numba.cuda)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_python(code, timeout=240):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + ([env["PYTHONPATH"]]
                                                         if env.get("PYTHONPATH") else []))
    proc = subprocess.run([sys.executable, "-c", code], cwd=str(ROOT), env=env,
                          capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return proc.stdout


ANSWERS = r"""
import json
import numpy as np
import numba_argmax as na

nan = float("nan")
cases = [
    ("argmax", [3, 1, 4, 1, 5, 9, 2, 6], {}),
    ("argmin", [3, 1, 4, 1, 5, 9, 2, 6], {}),
    ("argmax", [1.0, nan, 3.0, nan], {}),
    ("argmin", [1.0, nan, 3.0, nan], {}),
    ("nanargmax", [1.0, nan, 3.0, nan], {}),
    ("nanargmin", [nan, -1.0, 3.0, -1.0], {}),
    ("nanargmax", [nan, -float("inf")], {}),
    ("argmax", [[1, 5, 3], [7, 0, 7]], {"axis": 1}),
    ("argmin", [[1, 5, 3], [7, 0, 7]], {"axis": 0, "keepdims": True}),
    ("argmax", [-0.0, 0.0], {}),
]
out = []
for name, data, kwargs in cases:
    a = np.array(data)
    ours = getattr(na, name)(a, **kwargs)
    ref = getattr(np, name)(a, **kwargs)
    out.append([name, type(ours) is type(ref), np.asarray(ours).dtype == np.asarray(ref).dtype,
                np.shape(ours) == np.shape(ref), bool(np.array_equal(ours, ref))])
big = np.zeros(300_001)
big[299_999] = 1.0
big[-1] = 1.0
out.append(["big", int(na.argmax(big)) == int(np.argmax(big)), True, True, True])
try:
    na.nanargmax(np.array([nan, nan]))
except ValueError:
    out.append(["allnan", True, True, True, True])
else:
    out.append(["allnan", False, True, True, True])
print(json.dumps(out))
"""


def test_import_and_answers_in_fresh_process():
    lines = run_python(ANSWERS).strip().splitlines()
    for name, *checks in json.loads(lines[-1]):
        assert all(checks), (name, checks)


def test_public_api_present():
    out = run_python(
        "import numba_argmax as na\n"
        "print(all(callable(getattr(na, n, None)) for n in "
        "('argmax', 'argmin', 'nanargmax', 'nanargmin')))"
    )
    assert out.strip().splitlines()[-1] == "True"


def test_import_does_not_load_dask_or_cuda():
    code = (
        "import sys, json\n"
        "import numba_argmax\n"
        "bad = sorted(m for m in sys.modules if m == 'dask' or m.startswith('dask.')"
        " or m == 'numba.cuda' or m.startswith('numba.cuda.'))\n"
        "print(json.dumps(bad))\n"
    )
    bad = json.loads(run_python(code).strip().splitlines()[-1])
    assert bad == [], f"importing numba_argmax imported {bad}"


def test_first_call_does_not_load_dask_or_cuda():
    code = (
        "import sys, json\n"
        "import numpy as np\n"
        "import numba_argmax as na\n"
        "na.argmax(np.arange(10.0)); na.nanargmin(np.arange(10.0).reshape(2, 5), axis=1)\n"
        "bad = sorted(m for m in sys.modules if m == 'dask' or m.startswith('dask.')"
        " or m == 'numba.cuda' or m.startswith('numba.cuda.'))\n"
        "print(json.dumps(bad))\n"
    )
    bad = json.loads(run_python(code).strip().splitlines()[-1])
    assert bad == [], f"calling numba_argmax on ndarrays imported {bad}"
