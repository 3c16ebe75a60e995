"""Launching the reduction kernels with little host work.

``kernel[grid, block, stream](*args)`` costs about 100 us of Python per
launch of our 15-argument kernels on numba-cuda 0.30 (measured on an H100),
more than the kernel itself for arrays under ~100 MB.  Typing each argument
again (``typeof`` of a device array builds a Numba type), building a launch
configuration (which for grids under 128 blocks also formats a
``NumbaPerformanceWarning`` users would see for every small reduction) and
above all turning each argument into launch parameters (60 us) make it up;
the launch proper (``cuda.core.launch``) costs 15 us.

Our kernels take 1-D C-contiguous arrays and int64 scalars, with types that
follow from the dtypes they were built for, so :func:`launch` compiles each
kernel once for its signature and packs the parameters itself, in Numba's
data model for arrays (meminfo, parent, nitems, itemsize, data, shape,
strides).  The first launch of each compiled kernel checks that packing
against numba-cuda's own, and uses numba-cuda's from then on if they
differ.  Under the simulator, and on numba-cuda versions without
``cuda.core`` launches, it falls back to the launch syntax.
"""

import ctypes

from numba import types

try:
    from cuda.core import LaunchConfig
    from cuda.core import launch as core_launch
    from numba.cuda.cudadrv.driver import _to_core_stream
except ImportError:  # older numba-cuda: the launch syntax only
    _to_core_stream = None

from ._device import SIMULATOR, FlatMemory, stream_key

#: Compiled kernels by dispatcher (each dispatcher is launched with one signature).
_COMPILED = {}
#: Blocks resident at once, by (dispatcher, block size, device).
_RESIDENT = {}
#: Per compiled kernel: does our parameter packing equal numba-cuda's?
_PACKING_OK = {}
#: cuda.core kernels by (dispatcher, device), and cuda.core streams by handle.
_CORE_KERNELS = {}
_CORE_STREAMS = {}


def _direct():
    return not SIMULATOR and _to_core_stream is not None


def _compiled(kernel, signature):
    compiled = _COMPILED.get(kernel)
    if compiled is None:
        compiled = _COMPILED[kernel] = kernel.compile(signature)
    return compiled


def _materialized(args):
    return [a.array() if isinstance(a, FlatMemory) else a for a in args]


def _params(signature, args):
    """Launch parameters of ``args`` (1-D C arrays and int64 scalars)."""
    params = []
    for ty, a in zip(signature, args):
        if isinstance(ty, types.Array):
            if isinstance(a, FlatMemory):
                pointer, size = a.pointer, a.size
            else:
                pointer, size = a.device_ctypes_pointer.value or 0, a.shape[0]
            itemsize = a.dtype.itemsize
            params += [0, 0, size, itemsize, pointer, size, itemsize]
        else:
            params.append(ctypes.c_int64(a))
    return params


def _plain(params):
    return [p.value if isinstance(p, ctypes._SimpleCData) else int(p) for p in params]


def _core_stream(stream):
    key = stream_key(stream)
    core = _CORE_STREAMS.get(key)
    if core is None:
        core = _CORE_STREAMS[key] = _to_core_stream(stream)
    return core


def launch(kernel, signature, grid, block, stream, device, *args):
    """Launch ``kernel`` (a ``cuda.jit`` dispatcher) on ``grid`` x ``block`` threads.

    ``signature`` is the tuple of Numba types of ``args`` (arrays may be
    :class:`FlatMemory`); the kernel is compiled for it on first use.
    """
    if not _direct():
        kernel[grid, block, stream](*_materialized(args))
        return
    compiled = _compiled(kernel, signature)
    core_stream = _core_stream(stream)
    params = _params(signature, args)
    ok = _PACKING_OK.get(compiled)
    if ok is None:
        reference = []
        for ty, a in zip(compiled.argument_types, _materialized(args)):
            compiled._prepare_args(ty, a, core_stream, [], reference)
        ok = _PACKING_OK[compiled] = _plain(reference) == _plain(params)
    if not ok:
        compiled.launch(_materialized(args), (grid, 1, 1), (block, 1, 1), core_stream, 0)
        return
    core_kernel = _CORE_KERNELS.get((kernel, device))
    if core_kernel is None:
        core_kernel = _CORE_KERNELS[kernel, device] = compiled._codelibrary.get_cufunc().kernel
    core_launch(core_stream, LaunchConfig(grid=grid, block=block), core_kernel, *params)


def resident_blocks(kernel, signature, block, device):
    """How many ``block``-thread blocks of ``kernel`` ``device`` runs at once.

    The occupancy calculator's answer (registers and shared memory per
    block, times the SMs); None under the simulator.
    """
    if not _direct():
        return None
    key = (kernel, block, device)
    blocks = _RESIDENT.get(key)
    if blocks is None:
        compiled = _compiled(kernel, signature)
        blocks = _RESIDENT[key] = compiled.max_cooperative_grid_blocks(block)
    return blocks
