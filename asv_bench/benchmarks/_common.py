"""Shared pieces of the benchmark suite: inputs, the public function to time, ratios.

Nothing here is itself a benchmark (asv collects only ``time_``/``track_``/
``peakmem_``... names).
"""

import timeit

import numpy as np

import numba_argmax

#: NumPy's twin of each public function, for the baselines.
NUMPY_TWIN = {
    "argmax": np.argmax,
    "argmin": np.argmin,
    "nanargmax": np.nanargmax,
    "nanargmin": np.nanargmin,
}

LAYOUTS = ["C", "F", "strided"]


def public(name):
    """``numba_argmax.<name>``, or NotImplementedError (asv: skipped) if not built yet."""
    func = getattr(numba_argmax, name, None)
    if func is None:
        raise NotImplementedError(f"numba_argmax.{name} does not exist in this commit")
    return func


def make_array(shape, dtype="float64", layout="C", nan_density=0.0, seed=0):
    """A random array of ``shape`` in ``layout``: "C", "F" or "strided".

    "strided" is every other element of a C array twice as long on each axis
    (no axis contiguous).  ``nan_density`` is the fraction of NaN for float and
    complex dtypes (NaT for datetime64); its positions are random.
    """
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    full_shape = tuple(2 * n for n in shape) if layout == "strided" else tuple(shape)
    if dtype.kind == "b":
        data = rng.random(full_shape) < 0.5
    elif dtype.kind in "iu":
        info = np.iinfo(dtype)
        data = rng.integers(max(info.min, -(10**6)), min(info.max, 10**6), full_shape, dtype=dtype)
    elif dtype.kind == "M":
        data = rng.integers(0, 10**9, full_shape).astype(dtype)
    elif dtype.kind == "c":
        data = rng.standard_normal(full_shape) + 1j * rng.standard_normal(full_shape)
        data = data.astype(dtype, copy=False)
    else:
        data = rng.standard_normal(full_shape).astype(dtype, copy=False)
    if nan_density:
        mask = rng.random(full_shape) < nan_density
        data[mask] = np.datetime64("NaT") if dtype.kind == "M" else np.nan
    if layout == "strided":
        return data[tuple(slice(None, None, 2) for _ in shape)]
    if layout == "F":
        return np.asfortranarray(data)
    return data


def make_large(shape, layout):
    """Random float64 in ``layout`` "C" or "F", with no temporary copy (for peakmem)."""
    rng = np.random.default_rng(0)
    if layout == "F":
        return rng.standard_normal(shape[::-1]).T
    return rng.standard_normal(shape)


def _seconds_per_call(func, number):
    return timeit.timeit(func, number=number) / number


def speedup(numpy_call, our_call, rounds=5, target_s=0.01):
    """NumPy's time over ours for the same call: > 1 means numba_argmax is faster.

    Both run in alternation (``rounds`` times, each for about ``target_s``), so
    a machine busy for a moment slows both alike; the medians are compared.
    """
    once = max(_seconds_per_call(our_call, 1), _seconds_per_call(numpy_call, 1), 1e-7)
    number = max(1, int(target_s / once))
    ours, theirs = [], []
    for _ in range(rounds):
        theirs.append(_seconds_per_call(numpy_call, number))
        ours.append(_seconds_per_call(our_call, number))
    return float(np.median(theirs) / np.median(ours))


def numpy_multi_axis(numpy_func, a, axis):
    """NumPy's idiom for a tuple ``axis``: move the axes last, flatten them, reduce."""
    if not isinstance(axis, tuple):
        return numpy_func(a, axis=axis)
    kept = [ax for ax in range(a.ndim) if ax not in axis]
    moved = np.moveaxis(a, axis, range(len(kept), a.ndim))
    return numpy_func(moved.reshape([a.shape[ax] for ax in kept] + [-1]), axis=-1)
