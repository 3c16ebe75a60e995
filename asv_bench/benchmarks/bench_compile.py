"""JIT cost: the first call in a new process, with an empty and with a filled cache.

Each measurement runs in a fresh Python process with its own NUMBA_CACHE_DIR
(a new temporary directory), so neither this process's compiled code nor the
user's on-disk cache is involved.  ``track_first_call_s`` is the first call
with an empty cache (compilation); ``track_cached_first_call_s`` is the first
call of a second process that finds the first one's cache (``cache=True``
should make it a load, far cheaper than compiling).  Import time is not
included in either.
"""

import json
import os
import subprocess
import sys
import tempfile

#: Code run in the child: build the input, then time the first call only.
_CHILD = """
import json, sys, time
import numpy as np
import numba_argmax
shape, axis = json.loads(sys.argv[1])
a = np.random.default_rng(0).standard_normal(shape)
axis = tuple(axis) if isinstance(axis, list) else axis
start = time.perf_counter()
numba_argmax.argmax(a, axis=axis)
print(json.dumps(time.perf_counter() - start))
"""

#: The serial kernels (1-D above NUMPY_METHOD_MAX_SIZE, which smaller
#: input leaves to NumPy's own method, and below PARALLEL_MIN_BYTES) and
#: the parallel ones (above PARALLEL_MIN_BYTES).
CASES = {
    "serial 1-D": ((100_000,), None),
    "parallel 2-D axis 0": ((1024, 1024), 0),
}


def _first_call_seconds(case, cache_dir):
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps(CASES[case])],
        env=env, check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout)


class FirstCall:
    params = [list(CASES)]
    param_names = ["case"]
    timeout = 300

    def setup_cache(self):
        seconds = {}
        for case in CASES:
            with tempfile.TemporaryDirectory() as cache_dir:
                compiled = _first_call_seconds(case, cache_dir)
                cached = _first_call_seconds(case, cache_dir)
            seconds[case] = {"compiled": compiled, "cached": cached}
        return seconds

    def track_first_call_s(self, seconds, case):
        return seconds[case]["compiled"]

    track_first_call_s.unit = "seconds"

    def track_cached_first_call_s(self, seconds, case):
        return seconds[case]["cached"]

    track_cached_first_call_s.unit = "seconds"
