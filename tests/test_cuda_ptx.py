"""Every CUDA kernel compiles to PTX for cc 7.5, 8.0 and 9.0 (no GPU needed).

numba.cuda.compile_ptx needs only NVVM (numba-cuda[cu13] brings it from
PyPI).  Where ``ptxas`` is on PATH the PTX is also assembled, which must
report no register spills.  The reduction kernels are compiled for float64
at every cc, and the one holding every per-dtype piece for each dtype at 8.0.
"""

import re
import shutil
import subprocess

import numpy as np
import pytest

cuda = pytest.importorskip("numba.cuda")

from numba import types  # noqa: E402
from numba.cuda import dispatcher  # noqa: E402
from numba.np.numpy_support import from_dtype  # noqa: E402

from numba_argmax.cuda import _index_kernels, _kernels  # noqa: E402
from numba_argmax.cuda._device import kernel_dtype  # noqa: E402

CCS = [(7, 5), (8, 0), (9, 0)]
I8 = types.int64


def array(dtype, ndim=1):
    return types.Array(from_dtype(np.dtype(dtype)), ndim, "C")


def ints(count):
    return (I8,) * count


def tuple_of(length):
    return types.UniTuple(I8, length)


class _Device:
    """What compiling a device function asks of the current device."""

    def __init__(self, cc):
        self.compute_capability = cc
        self.id = 0


@pytest.fixture(autouse=True)
def nvvm_available():
    try:
        cuda.compile_ptx(lambda a: None, (array(np.int32),), cc=(8, 0))
    except Exception as error:  # NVVM missing: numba-cuda[cu13] not installed
        pytest.skip(f"NVVM unavailable: {error}")


def compile_ptx(kernel, signature, cc, monkeypatch):
    # Kernels calling device functions ask the driver for the current
    # device's cc while compiling; there is none here, so answer for it.
    monkeypatch.setattr(dispatcher, "get_current_device", lambda: _Device(cc))
    ptx, _ = cuda.compile_ptx(kernel.py_func, signature, cc=cc)
    assert f".target sm_{cc[0]}{cc[1]}" in ptx
    return ptx


def assemble_without_spills(ptx, cc, tmp_path):
    ptxas = shutil.which("ptxas")
    if ptxas is None:
        return
    source = tmp_path / "kernel.ptx"
    for _ in range(2):
        source.write_text(ptx)
        completed = subprocess.run(
            [ptxas, f"-arch=sm_{cc[0]}{cc[1]}", "-v", str(source), "-o", str(tmp_path / "k.o")],
            capture_output=True, text=True,
        )
        older = re.search(r"Unsupported \.version \S+; current version is '([\d.]+)'",
                          completed.stderr)
        if older is None:
            break
        # NVVM from PyPI may be newer than the local ptxas; our PTX uses no
        # newer ISA feature, so state the version this ptxas speaks.
        ptx = re.sub(r"^\.version \S+", f".version {older.group(1)}", ptx, flags=re.M)
    assert completed.returncode == 0, completed.stderr
    spills = re.findall(r"(\d+) bytes spill stores, (\d+) bytes spill loads", completed.stderr)
    assert spills and all(s == ("0", "0") for s in spills), completed.stderr


def reduction_cases():
    # All three kernels of the heaviest operation at every cc; rows_block,
    # which holds every per-dtype piece (keys, NaN test, shuffle family), for
    # each other dtype at cc 8.0.
    for cc in CCS:
        yield pytest.param("float64", True, True, cc, None, id=f"float64-sm{cc[0]}{cc[1]}")
    for dtype in ["bool", "int8", "uint16", "int32", "uint32", "int64", "uint64", "float16",
                  "float32", "complex64", "complex128", "datetime64[s]"]:
        skip_nan = dtype.startswith(("f", "c"))
        yield pytest.param(dtype, dtype < "f", skip_nan, (8, 0), "rows_block", id=f"{dtype}-sm80")


@pytest.mark.parametrize("dtype, is_max, skip_nan, cc, only", list(reduction_cases()))
def test_reduction_kernels_compile_without_spills(dtype, is_max, skip_nan, cc, only, monkeypatch,
                                                  tmp_path):
    view_dtype, kind = kernel_dtype(dtype)
    kernels = _kernels.kernels_for(is_max, skip_nan, kind, view_dtype)
    # The signatures the backend launches them with (cuda/_launch.py).
    for name, signature in kernels.signatures.items():
        if only not in (None, name):
            continue
        ptx = compile_ptx(getattr(kernels, name), signature, cc, monkeypatch)
        if name != "columns":
            assert "shfl.sync.down" in ptx  # the warp step really uses shuffles
        assemble_without_spills(ptx, cc, tmp_path)


def index_kernel_signatures():
    i64, i32, u8 = array(np.int64), array(np.int32), array(np.uint64)
    t3 = tuple_of(3)
    return {
        "gather_kernel": (u8, I8, t3, t3, u8, I8),
        "scatter_kernel": (i64, i32, I8, t3, t3, I8),
        "take_kernel": (u8, I8, t3, I8, I8, i64, I8, t3, t3, u8, I8, i64),
        "unravel_kernel": (i64, I8, tuple_of(2), tuple_of(2), t3, array(np.int64, 2), I8, I8,
                           i64),
        "unravel_f_kernel": (i64, I8, tuple_of(2), tuple_of(2), t3, array(np.int64, 2), I8, I8,
                             i64),
        "coords_kernel": (i64, tuple_of(2), tuple_of(2), tuple_of(1), tuple_of(1),
                          array(np.int64, 2), I8),
        "values_kernel": (array(np.complex128), I8, tuple_of(2), tuple_of(2), tuple_of(1),
                          tuple_of(1), i64, array(np.complex128), I8),
    }


@pytest.mark.parametrize("cc", CCS, ids=lambda cc: f"sm{cc[0]}{cc[1]}")
def test_index_kernels_compile_without_spills(cc, monkeypatch, tmp_path):
    for name, signature in index_kernel_signatures().items():
        ptx = compile_ptx(getattr(_index_kernels, name), signature, cc, monkeypatch)
        assemble_without_spills(ptx, cc, tmp_path)
