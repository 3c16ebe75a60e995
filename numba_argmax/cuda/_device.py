"""CUDA arrays as the kernels see them, streams, and cached workspaces.

Any object exposing ``__cuda_array_interface__`` (Numba device arrays, CuPy,
PyTorch CUDA tensors, ...) is read in place: the kernels get a flat 1-D
device array over the memory the input spans (from its lowest to its highest
address), a starting offset and element strides, so no layout is ever
copied to make it contiguous.  Under the CUDA simulator
(``NUMBA_ENABLE_CUDASIM=1``) the simulator's device arrays, which wrap a
NumPy array, are handled the same way.
"""

import sys
import threading

import numpy as np
from numba import cuda

try:
    from numba.cuda.core import config  # numba-cuda
except ImportError:  # numba's deprecated built-in numba.cuda
    from numba.core import config

from .._normalize import NoValue
from ._kernels import KIND_FLOAT16, KIND_NAT, KIND_PLAIN

#: True when numba.cuda is the CUDA simulator.
SIMULATOR = bool(config.ENABLE_CUDASIM)

_PLAIN_CHARS = set("bhilqBHILQfdFD") | {"p", "P"}

if SIMULATOR:
    from numba.cuda.simulator.cudadrv.devicearray import FakeCUDAArray

    from . import _sim

    _sim.install()


def is_simulator_array(a):
    """A simulator device array (they carry no ``__cuda_array_interface__``)."""
    module = sys.modules.get("numba.cuda.simulator.cudadrv.devicearray")
    return module is not None and isinstance(a, module.FakeCUDAArray)


def require_device(a):
    """Raise a clear error when a CUDA array meets a machine without CUDA."""
    if SIMULATOR or cuda.is_available():
        return
    raise RuntimeError(
        f"numba_argmax got a CUDA device array ({type(a).__module__}.{type(a).__qualname__}) "
        "but no usable CUDA driver/device is available on this machine (numba.cuda."
        "is_available() is False); copy the array to the host (e.g. with .get(), "
        ".copy_to_host() or .cpu().numpy()) to use the CPU kernels"
    )


def resolve_stream(a, stream):
    """The stream to work on: ``stream`` if given, else the producer's.

    The producer's stream is the ``stream`` entry of the array's
    ``__cuda_array_interface__`` (version 3): absent or None means the
    default stream, 1 the legacy and 2 the per-thread default stream, any
    other integer a ``cudaStream_t``.
    """
    if SIMULATOR:
        return 0
    if stream is not None and stream is not NoValue:
        return cuda.external_stream(stream) if isinstance(stream, int) else stream
    handle = getattr(a, "__cuda_array_interface__", {}).get("stream")
    if handle is None:
        return cuda.default_stream()
    if handle == 1:
        return cuda.legacy_default_stream()
    if handle == 2:
        return cuda.per_thread_default_stream()
    return cuda.external_stream(handle)


def kernel_dtype(dtype):
    """``(view dtype, kind)`` the kernels read ``dtype`` as, or TypeError."""
    dtype = np.dtype(dtype)
    if not dtype.isnative:
        raise TypeError(f"numba_argmax: CUDA arrays must be in native byte order, got {dtype}")
    if dtype.kind == "b":
        return np.dtype(np.uint8), KIND_PLAIN
    if dtype.char == "e":
        return np.dtype(np.int16), KIND_FLOAT16
    if dtype.kind in "mM":
        return np.dtype(np.int64), KIND_NAT
    if dtype.char in _PLAIN_CHARS:
        return dtype, KIND_PLAIN
    raise TypeError(f"numba_argmax: dtype {dtype} is not supported for CUDA arrays")


def raw_dtype(dtype):
    """A dtype the kernels can copy ``dtype``'s elements as, bit for bit."""
    dtype = np.dtype(dtype)
    if dtype.kind == "c":
        return dtype
    return np.dtype(f"u{dtype.itemsize}")


class FlatMemory:
    """``size`` elements of ``dtype`` at device address ``pointer`` (kept alive by ``owner``).

    The reduction kernels get these as raw launch parameters
    (:mod:`._launch`); the Numba device array over the same memory is built
    only when something else needs it (:meth:`array`), as building one costs
    25-50 us of host time.
    """

    __slots__ = ("pointer", "size", "dtype", "owner", "_array")

    def __init__(self, pointer, size, dtype, owner):
        self.pointer = int(pointer)
        self.size = int(size)
        self.dtype = np.dtype(dtype)
        self.owner = owner
        self._array = None

    def array(self):
        """The 1-D Numba device array over this memory."""
        if self._array is None:
            self._array = cuda.from_cuda_array_interface(
                {
                    "shape": (self.size,),
                    "strides": None,
                    "typestr": self.dtype.str,
                    "data": (self.pointer, False),
                    "version": 3,
                },
                owner=self.owner,
                sync=False,
            )
        return self._array


class DeviceView:
    """A strided window on device memory: what every kernel here reads.

    ``flat`` is a 1-D device array (of ``view_dtype``) over the memory the
    array spans; element ``(c_0, ..., c_k)`` lives at ``flat[offset + sum(c_d
    * strides[d])]``, strides counted in elements.  ``memory`` is the same
    memory as the kernels' launcher takes it (a :class:`FlatMemory` or a
    device array; None for an empty array).  ``owner`` keeps the producer
    alive while kernels use its memory.
    """

    def __init__(self, memory, offset, shape, strides, dtype, owner, view_dtype=None):
        self.memory = memory
        self.view_dtype = np.dtype(view_dtype or dtype)
        self.offset = int(offset)
        self.shape = tuple(int(n) for n in shape)
        self.strides = tuple(int(s) for s in strides)
        self.dtype = np.dtype(dtype)
        self.owner = owner

    @property
    def flat(self):
        if isinstance(self.memory, FlatMemory):
            return self.memory.array()
        return self.memory

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def size(self):
        return int(np.prod(self.shape, dtype=np.int64))


def _extent(shape, byte_strides, itemsize):
    """``(low, span)``: lowest byte offset and element count the array spans."""
    low = high = 0
    for n, s in zip(shape, byte_strides):
        if n == 0:
            return 0, 0
        if s < 0:
            low += (n - 1) * s
        else:
            high += (n - 1) * s
    return low, (high - low) // itemsize + 1


def _element_strides(byte_strides, itemsize):
    if any(s % itemsize for s in byte_strides):
        raise ValueError("numba_argmax: CUDA array strides must be multiples of the itemsize")
    return tuple(s // itemsize for s in byte_strides)


def _c_strides(shape, itemsize):
    strides, step = [], itemsize
    for n in reversed(shape):
        strides.append(step)
        step *= max(n, 1)
    return tuple(reversed(strides))


def device_view(a, view_dtype=None):
    """A :class:`DeviceView` of the CUDA (or simulator) array ``a``, read as ``view_dtype``."""
    if is_simulator_array(a):
        return _simulator_view(a, view_dtype)
    cai = a.__cuda_array_interface__
    if cai.get("mask") is not None:
        raise TypeError("numba_argmax: masked CUDA arrays are not supported")
    dtype = np.dtype(cai["typestr"])
    shape = tuple(cai["shape"])
    byte_strides = cai.get("strides") or _c_strides(shape, dtype.itemsize)
    view_dtype = np.dtype(view_dtype or dtype)
    low, span = _extent(shape, byte_strides, dtype.itemsize)
    memory = FlatMemory(cai["data"][0] + low, span, view_dtype, a) if span else None
    return DeviceView(
        memory, -low // dtype.itemsize, shape, _element_strides(byte_strides, dtype.itemsize),
        dtype, a, view_dtype,
    )


def _simulator_view(a, view_dtype):
    ary = a._ary
    view_dtype = np.dtype(view_dtype or ary.dtype)
    low, span = _extent(ary.shape, ary.strides, ary.itemsize)
    flat = None
    if span:
        # A view starting at the lowest address, then a 1-D run over the span.
        if ary.ndim:
            corner = ary[tuple(slice(n - 1, n) if s < 0 else slice(0, 1)
                               for n, s in zip(ary.shape, ary.strides))]
        else:
            corner = ary.reshape(1)
        corner = corner.view(view_dtype)
        flat = FakeCUDAArray(
            np.lib.stride_tricks.as_strided(corner, shape=(span,), strides=(ary.itemsize,))
        )
    return DeviceView(
        flat, -low // ary.itemsize, ary.shape, _element_strides(ary.strides, ary.itemsize),
        ary.dtype, a, view_dtype,
    )


def device_array(shape, dtype, stream):
    """A fresh device array (the results handed back to the caller)."""
    return cuda.device_array(shape, dtype=dtype, stream=stream)


def stream_key(stream):
    """A hashable key of a (non-simulator) stream: its handle as an int."""
    return 0 if SIMULATOR else int(stream.handle)


def current_device():
    """Id of the current CUDA device (0 under the simulator)."""
    return 0 if SIMULATOR else cuda.get_current_device().id


_WORKSPACES = {}


def workspace(stream, name, dtype, size, zeroed=False, device=None):
    """A cached device array of at least ``size`` elements for one stream.

    Work on one stream is ordered, so a workspace reused on its own stream
    is never in use by an earlier launch; ``zeroed`` ones (the last-block-done
    counters, the all-NaN flags) are created zeroed and kept zeroed by their
    users.  ``device`` (:func:`current_device`) saves a driver query when the
    caller already has it.
    """
    if device is None:
        device = current_device()
    key = (device, stream_key(stream), name, np.dtype(dtype).str)
    cached = _WORKSPACES.get(key)
    if cached is None or cached.shape[0] < size:
        size = max(size, 2 * cached.shape[0] if cached is not None else 64)
        if zeroed:
            cached = cuda.to_device(np.zeros(size, dtype=dtype), stream=stream)
        else:
            cached = cuda.device_array(size, dtype=dtype, stream=stream)
        _WORKSPACES[key] = cached
    return cached


def error_flag(stream, device=None):
    """A zeroed int32 flag that kernels set to 1 on an error (e.g. an all-NaN slice).

    One per host thread and stream, so that a thread reading its flag back
    never sees another thread's error; whoever reads it back set must clear
    it (:func:`clear_flag`).
    """
    return workspace(stream, ("error", threading.get_ident()), np.int32, 1, zeroed=True,
                     device=device)


def clear_flag(flag, stream):
    """Zero a flag read back as set (the cached flags stay zeroed)."""
    flag.copy_to_device(np.zeros(flag.shape, dtype=flag.dtype), stream=stream)


_SM_COUNTS = {}


def multiprocessor_count(device=None):
    """SMs of the current device (a nominal 16 under the simulator)."""
    if SIMULATOR:
        return 16
    if device is None:
        device = current_device()
    count = _SM_COUNTS.get(device)
    if count is None:
        count = _SM_COUNTS[device] = cuda.get_current_device().MULTIPROCESSOR_COUNT
    return count
