"""argmax, argmin, nanargmax and nanargmin over dtypes, sizes, axes, layouts and NaN density.

Each grid is a class with the input in ``setup``; its subclass ``<Grid>`` times
numba_argmax (JIT warm-up in ``setup``) and records ``track_speedup`` (NumPy's
time over ours, interleaved), and ``<Grid>NumPy`` times NumPy's function on the
same parameters.  The grids vary one or two factors around a base case so the
whole suite stays small enough for CI (see asv_bench/README.md).

Sizes: the 2-D inputs of 256 x 512 run the serial kernels; ``Sizes`` and
``LargeAxes`` cross ``PARALLEL_MIN_BYTES`` into the parallel ones, whose speed
depends on the NUMBA_NUM_THREADS matrix axis of asv.conf.json.
"""


from ._common import LAYOUTS, NUMPY_TWIN, make_array, numpy_multi_axis, public, speedup

FUNCS = ["argmax", "argmin", "nanargmax", "nanargmin"]


class _Ours:
    """Time numba_argmax.<func>(a, axis=axis) on the grid's input; JIT warmed in setup."""

    def setup(self, *params):
        self.a, self.func, self.axis = self.make_input(*params)
        self.ours = public(self.func)
        self.ours(self.a, axis=self.axis)  # JIT warm-up, outside the timed region

    def time_call(self, *params):
        self.ours(self.a, axis=self.axis)

    def track_speedup(self, *params):
        numpy_func = NUMPY_TWIN[self.func]
        return speedup(
            lambda: numpy_multi_axis(numpy_func, self.a, self.axis),
            lambda: self.ours(self.a, axis=self.axis),
        )

    track_speedup.unit = "x NumPy"


class _NumPy:
    """Time NumPy's twin on the same input (a tuple axis: NumPy's moveaxis-reshape idiom)."""

    def setup(self, *params):
        self.a, self.func, self.axis = self.make_input(*params)
        self.numpy_func = NUMPY_TWIN[self.func]

    def time_call(self, *params):
        numpy_multi_axis(self.numpy_func, self.a, self.axis)


# --- the grids ----------------------------------------------------------------


class _NaNDensityGrid:
    # 1-D float64, every function: where NaN sit changes the work (argmax stops
    # at the first NaN, nanargmax skips them all).
    params = [FUNCS, [0.0, 0.001, 0.5]]
    param_names = ["func", "nan_density"]

    def make_input(self, func, nan_density):
        return make_array((100_000,), "float64", nan_density=nan_density), func, None


class _LayoutGrid:
    params = [["argmax", "nanargmax"], [None, 0, 1], LAYOUTS]
    param_names = ["func", "axis", "layout"]

    def make_input(self, func, axis, layout):
        return make_array((256, 512), "float64", layout), func, axis


class _DtypeGrid:
    params = [
        ["bool", "int8", "int64", "float16", "float32", "complex128", "datetime64[ns]"],
        [-1],
    ]
    param_names = ["dtype", "axis"]

    def make_input(self, dtype, axis):
        return make_array((256, 512), dtype), "argmax", axis


class _SizeGrid:
    # 1-D float64; the last two sizes are above PARALLEL_MIN_BYTES (2 MiB).
    params = [[100, 10_000, 1_000_000, 10_000_000]]
    param_names = ["size"]

    def make_input(self, size):
        return make_array((size,), "float64"), "argmax", None


class _StridedGrid:
    # x[::step] of a 1-D float64 array, 100K elements: steps 2-3 take the
    # strided lanes scan (whole vectors of memory), 8 and 16 the scalar search
    # scan (one load per element), -1 the reversed lanes scan; NumPy copies.
    params = [[2, 3, 8, 16, -1]]
    param_names = ["step"]

    def make_input(self, step):
        n = 100_000
        return make_array((n * abs(step),), "float64")[::step][:n], "argmax", None


#: Whole (axis=None) views of a 1000 x 1000 float32 array: lines along the
#: last axis, scanned in place or (short lines) through an L1 buffer; NumPy
#: copies the view first.
VIEWS = {
    "x[::2]": (slice(None, None, 2),),
    "x[:, ::-1]": (slice(None), slice(None, None, -1)),
    "x[1:-1, 1:-1]": (slice(1, -1), slice(1, -1)),
    "x[::2, ::2]": (slice(None, None, 2), slice(None, None, 2)),
}


class _ViewGrid:
    params = [list(VIEWS)]
    param_names = ["view"]

    def make_input(self, view):
        return make_array((1000, 1000), "float32")[VIEWS[view]], "argmax", None


#: Short C-contiguous rows (axis=-1), 100K float64 elements: rows of 4 and 16
#: are the kernels' (NumPy's per-row call dominates), rows of 64 NumPy's own
#: method (its SIMD row loop is as fast as ours).
ROW_LENGTHS = [4, 16, 64]


class _ShortRowGrid:
    params = [ROW_LENGTHS]
    param_names = ["row"]

    def make_input(self, row):
        return make_array((100_000 // row, row), "float64"), "argmax", -1


#: 4 M float64 elements each: the parallel sweep (reduced axis outside the
#: contiguous one), the parallel scan (contiguous axis), and a tuple axis whose
#: strides do not merge (one copy, where NumPy needs a moveaxis-reshape copy too).
LARGE_CASES = {
    "2-D axis 0": ((2048, 2048), 0),
    "2-D axis 1": ((2048, 2048), 1),
    "3-D axis (0, 2)": ((64, 256, 256), (0, 2)),
}


class _LargeAxesGrid:
    params = [list(LARGE_CASES)]
    param_names = ["case"]

    def make_input(self, case):
        shape, axis = LARGE_CASES[case]
        return make_array(shape, "float64"), "argmax", axis


class NaNDensity(_NaNDensityGrid, _Ours):
    pass


class NaNDensityNumPy(_NaNDensityGrid, _NumPy):
    pass


class Layouts(_LayoutGrid, _Ours):
    pass


class LayoutsNumPy(_LayoutGrid, _NumPy):
    pass


class Dtypes(_DtypeGrid, _Ours):
    pass


class DtypesNumPy(_DtypeGrid, _NumPy):
    pass


class Sizes(_SizeGrid, _Ours):
    pass


class SizesNumPy(_SizeGrid, _NumPy):
    pass


class LargeAxes(_LargeAxesGrid, _Ours):
    pass


class LargeAxesNumPy(_LargeAxesGrid, _NumPy):
    pass


class Strided(_StridedGrid, _Ours):
    pass


class StridedNumPy(_StridedGrid, _NumPy):
    pass


class Views(_ViewGrid, _Ours):
    pass


class ViewsNumPy(_ViewGrid, _NumPy):
    pass


class ShortRows(_ShortRowGrid, _Ours):
    pass


class ShortRowsNumPy(_ShortRowGrid, _NumPy):
    pass
