#!/usr/bin/env bash
# Validate the asv suite against the numba_argmax installed in the current Python
# (CI: a fresh venv with `pip install ".[bench]"`): the configuration parses, asv
# discovers every benchmark, and every signature and parameter list is valid.
# Nothing is built (--python=same) and nothing is timed.
#
# That every benchmark *runs* (setup and body once per parameter set, as
# `asv run --quick` would) is checked by the test suite, in its own process:
# tests/test_asv_suite.py.  `asv run` starts a process per benchmark that loads the
# kernels from the cache again, ~50 s of CI for what takes ~10 s there.
set -euo pipefail
cd "$(dirname "$0")"

# asv refuses to run without a machine description; --yes takes the defaults.
asv machine --yes
asv check --python=same
