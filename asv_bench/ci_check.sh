#!/usr/bin/env bash
# Validate the asv suite against the numba_argmax installed in the current Python
# (CI: a fresh venv with `pip install ".[bench]"`): the configuration parses, every
# benchmark imports and has valid signatures, and every benchmark runs once (on
# the checkout, see below) without raising.  No results are kept (--dry-run);
# nothing is built (--python=same).
set -euo pipefail
cd "$(dirname "$0")"

# asv refuses to run without a machine description; --yes takes the defaults.
asv machine --yes
asv check --python=same
# A dry run exits non-zero if any benchmark raised (skipped ones are fine).
# "existing:same" is --python=same without the NUMBA_NUM_THREADS matrix: one run
# with Numba's default thread count (all cores, so the parallel kernels run) instead
# of one per matrix value, which would double the time and add no coverage.
#
# The run imports the checkout (ASV_PYTHONPATH, asv's own way to extend the
# benchmarks' sys.path), not the installed copy: Numba's on-disk cache is keyed
# by the source file's path, so in CI, right after the test suite compiled every
# kernel for the checkout, a run on the installed copy compiled them all again
# (250 s of CI against 35 s).  `asv check` above still imports the installed copy.
#
# The <Grid>NumPy classes are left out of the run (`asv check` above imports and
# validates them): each times NumPy on its grid's own setup, which the run of
# <Grid> executes, and each costs CI a process start (~1.5 s, 11 of them).
ASV_PYTHONPATH="$(cd .. && pwd)" asv run --quick -E existing:same --dry-run --show-stderr \
    --bench '^(?!.*NumPy\.)'
