#!/usr/bin/env bash
# Build the HTML documentation; any Sphinx warning is an error (-W).
# Needs: pip install ".[docs]".  Works offline (no intersphinx).
set -euo pipefail
cd "$(dirname "$0")/.."
sphinx-build -W --keep-going -b html docs docs/_build/html
