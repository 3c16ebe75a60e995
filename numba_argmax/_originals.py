"""NumPy's own functions, captured at import.

Fallback paths call these, never ``np.<name>``, so that after
:func:`numba_argmax.patch_numpy` replaced the names in the numpy namespace
our functions do not call themselves.
"""

import numpy as np

NUMPY_ARGMAX = np.argmax
NUMPY_ARGMIN = np.argmin
NUMPY_NANARGMAX = np.nanargmax
NUMPY_NANARGMIN = np.nanargmin
NUMPY_TAKE_ALONG_AXIS = np.take_along_axis
NUMPY_UNRAVEL_INDEX = np.unravel_index
NUMPY_MAX = np.max
NUMPY_MIN = np.min
