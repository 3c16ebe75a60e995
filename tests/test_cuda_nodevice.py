"""The CUDA backend's dispatch and errors on a machine without a GPU.

``import numba_argmax`` must not import numba.cuda, the CPU path must work
without it, and a CUDA array met without a driver must say so.
"""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from numba_argmax import _dispatch


def test_import_and_cpu_path_never_import_numba_cuda():
    code = textwrap.dedent("""
        import sys
        import numpy as np
        import numba_argmax as nam
        assert nam.argmax(np.array([1, 3, 2])) == 1
        assert nam.nanargmin([[2.0, np.nan], [0.5, 1.0]]) == 2
        assert nam.argmax(np.ma.masked_array([1, 5])) == 1
        assert "numba.cuda" not in sys.modules, "numba.cuda was imported"
    """)
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr


class FakeCudaArray:
    """Just the interface: a CUDA array as CuPy or PyTorch would describe it."""

    __cuda_array_interface__ = {
        "shape": (3,), "typestr": "<f4", "data": (1 << 32, False), "version": 3, "strides": None,
    }


class CpuTensorLike:
    """Like a PyTorch CPU tensor: the property exists but raises (not AttributeError)."""

    @property
    def __cuda_array_interface__(self):
        raise ValueError("Can't get __cuda_array_interface__ on non-CUDA tensor")


def test_cuda_row_sits_right_after_cpu_and_recognises_cuda_arrays():
    names = [name for name, _, _ in _dispatch.BACKENDS]
    assert names[:2] == ["cpu", "cuda"]
    assert _dispatch.is_cuda_array(FakeCudaArray())
    assert not _dispatch.is_cuda_array(CpuTensorLike())
    assert not _dispatch.is_cuda_array(np.zeros(3))
    assert not _dispatch.is_cuda_array([1, 2])


def test_cuda_array_without_driver_says_so():
    cuda = pytest.importorskip("numba.cuda")
    if cuda.is_available():
        pytest.skip("a CUDA device is present")
    import numba_argmax as nam

    with pytest.raises(RuntimeError, match="no usable CUDA driver/device"):
        nam.argmax(FakeCudaArray())


def test_gpu_benchmarks_give_no_rows_without_a_device():
    cuda = pytest.importorskip("numba.cuda")
    if cuda.is_available():
        pytest.skip("a CUDA device is present")
    from numba_argmax.cuda._bench import gpu_benchmarks

    assert gpu_benchmarks(quick=True) == []


def test_memory_extent_and_dtypes_of_device_views():
    pytest.importorskip("numba.cuda")
    from numba_argmax.cuda import _device

    # (3, 4) float64 with its rows reversed: starts 2 rows before the pointer.
    assert _device._extent((3, 4), (-32, 8), 8) == (-64, 12)
    assert _device._extent((3, 0), (32, 8), 8) == (0, 0)
    assert _device._extent((), (), 8) == (0, 1)
    assert _device._c_strides((2, 3, 4), 2) == (24, 8, 2)
    with pytest.raises(ValueError, match="multiples of the itemsize"):
        _device._element_strides((12, 6), 4)
    assert _device.kernel_dtype("bool") == (np.dtype(np.uint8), _device.KIND_PLAIN)
    assert _device.kernel_dtype("float16") == (np.dtype(np.int16), _device.KIND_FLOAT16)
    assert _device.kernel_dtype("datetime64[ns]") == (np.dtype(np.int64), _device.KIND_NAT)
    with pytest.raises(TypeError, match="native byte order"):
        _device.kernel_dtype(">f8")
    with pytest.raises(TypeError, match="not supported"):
        _device.kernel_dtype("U3")
