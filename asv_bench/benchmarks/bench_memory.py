"""Peak memory of one call on large inputs, ours and NumPy's.

asv's ``peakmem_`` is the process's maximum resident size, setup included, so
both benchmarks run the same setup: the JIT warm-up first, on a smaller input
of the same kind (LLVM keeps part of what it compiled with), then the large
input, built without temporary copies.  The difference between the two is the
call: our kernels read any layout in place, NumPy copies a non-contiguous
reduced axis, and both copy for a tuple axis whose strides do not merge.
"""

import numpy as np

from ._common import make_large, numpy_multi_axis, public

#: (shape, layout, axis, warm-up shape): 10 M float64 (80 MB) each; the warm-up
#: input is above PARALLEL_MIN_BYTES too, so it compiles the same kernels.
CASES = {
    "F-order axis 1": ((2500, 4000), "F", 1, (512, 1024)),
    "3-D axis (0, 2)": ((100, 250, 400), "C", (0, 2), (16, 128, 256)),
}


class PeakMemory:
    params = [list(CASES)]
    param_names = ["case"]

    def setup(self, case):
        shape, layout, self.axis, warm_shape = CASES[case]
        self.ours = public("argmax")
        self.ours(make_large(warm_shape, layout), axis=self.axis)  # JIT warm-up
        self.a = make_large(shape, layout)

    def peakmem_argmax(self, case):
        self.ours(self.a, axis=self.axis)

    def peakmem_numpy_argmax(self, case):
        numpy_multi_axis(np.argmax, self.a, self.axis)
