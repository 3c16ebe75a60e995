"""The CUDA-simulator process: a shorter GIL switch interval.

The simulator runs each block's threads as Python threads and polls them in
a loop that holds the GIL for the whole switch interval (5 ms by default)
while the threads it waits for could run: a block-per-row launch of 32
threads took 12 s.  At 0.5 ms it takes 2 s, with the same results.
"""

import os
import sys

if os.environ.get("NUMBA_ENABLE_CUDASIM") == "1":
    sys.setswitchinterval(5e-4)
