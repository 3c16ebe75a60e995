"""Sphinx configuration: numpydoc docstrings, pydata-sphinx-theme, offline build.

Build with ``sphinx-build -W -b html docs docs/_build/html`` (docs/ci_build.sh).
The API reference lists ``numba_argmax.__all__`` as it is at build time (see
:func:`write_api_pages`), so a function exported later appears without editing
the docs.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # document the checkout, installed or not

import numba_argmax  # noqa: E402

project = "numba_argmax"
author = "numba_argmax developers"
copyright = "numba_argmax developers"
release = numba_argmax.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
]

# Everything the build writes into the source tree lives under _generated/
# (git-ignored).  Files only ever included (never pages of their own) are excluded.
exclude_patterns = [
    "_build", "_generated/api_list.rst", "_generated/guides_toctree.rst", "bench_table.rst",
]
templates_path = []
html_static_path = ["_static"]
html_theme = "pydata_sphinx_theme"
html_title = f"numba_argmax {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
}
# No intersphinx: the build must work offline.  References to numpy.* stay text.

autosummary_generate = False  # pages written by write_api_pages()
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
# Our docstrings' Examples are doctests (run by pytest --doctest-modules); no plots.
numpydoc_use_plots = False
numpydoc_xref_param_type = False

#: Sections of the API reference, in order; a name of numba_argmax.__all__ that
#: no section lists goes to the last one.
API_SECTIONS = [
    ("Arg-reductions", ["argmax", "argmin", "nanargmax", "nanargmin"]),
    ("Values and coordinates", [
        "max_argmax", "min_argmin", "take_along_axis", "unravel_index",
        "argmax_coords", "argmin_coords",
    ]),
    ("Patching NumPy", [
        "patch_numpy", "unpatch_numpy", "patched", "is_patched",
    ]),
    ("Other functions", []),
]


def _write_if_changed(path, text):
    # Rewrite only on change, so Sphinx does not rebuild pages needlessly.
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def _stub(name):
    """The page of ``numba_argmax.<name>`` (what autosummary would generate)."""
    obj = getattr(numba_argmax, name)
    if isinstance(obj, type):
        directive = "autoclass"
    else:
        directive = "autofunction" if callable(obj) else "autodata"
    title = f"numba_argmax.{name}"
    return "\n".join([
        title, "=" * len(title), "", ".. currentmodule:: numba_argmax", "",
        f".. {directive}:: {name}", "",
    ])


def write_api_pages(directory):
    """Write the API tables of ``numba_argmax.__all__`` and one page per name.

    ``api.rst`` includes ``api_list.rst``; the pages are written here rather
    than by ``autosummary_generate``, which does not look into included files.
    """
    public = list(numba_argmax.__all__)
    listed = {name for _, names in API_SECTIONS for name in names}
    lines = [".. This file is written by docs/conf.py at every build; do not edit.", ""]
    for title, names in API_SECTIONS:
        if names:
            names = [n for n in names if n in public]
        else:  # the catch-all section
            names = [n for n in public if n not in listed]
        if not names:
            continue
        lines += [title, "-" * len(title), "", ".. autosummary::",
                  "   :toctree: _generated/api", ""]
        lines += [f"   {name}" for name in names] + [""]
    _write_if_changed(directory / "api_list.rst", "\n".join(lines))
    pages = {f"numba_argmax.{name}.rst": name for name in public}
    for stale in (directory / "api").glob("*.rst"):
        if stale.name not in pages:  # a name since removed from __all__
            stale.unlink()
    for filename, name in pages.items():
        _write_if_changed(directory / "api" / filename, _stub(name))


write_api_pages(HERE / "_generated")

#: Guides written on other branches, listed once their page is in the tree (so
#: this branch builds with -W on its own); every docs/guides/*.rst follows them.
BRANCH_GUIDES = ["guarantees", "gpu", "dask"]


def write_guides_toctree(path):
    """Write the "Guides" toctree that index.rst includes."""
    pages = [name for name in BRANCH_GUIDES if (HERE / f"{name}.rst").exists()]
    pages += sorted(f"guides/{p.stem}" for p in (HERE / "guides").glob("*.rst"))
    lines = [".. This file is written by docs/conf.py at every build; do not edit.", "",
             ".. toctree::", "   :maxdepth: 1", "   :caption: Guides", ""]
    _write_if_changed(path, "\n".join(lines + [f"   {page}" for page in pages] + [""]))


write_guides_toctree(HERE / "_generated" / "guides_toctree.rst")


def bench_environment(path):
    """One sentence on where docs/_static/bench.json was measured, for performance.rst."""
    env = json.loads(path.read_text())["environment"]
    threads = env.get("numba_threads")
    sentence = (
        f"{env.get('cpu', 'an unnamed CPU')} ({env.get('cpu_count', '?')} logical CPUs, "
        f"{threads} Numba thread{'s' if threads != 1 else ''}), Python {env.get('python')}, "
        f"NumPy {env.get('numpy')}, Numba {env.get('numba')}"
    )
    return sentence + (f", on {env['date']}" if env.get("date") else "")


# The performance page quotes the machine its measurements come from.
rst_epilog = f"""
.. |bench_environment| replace:: {bench_environment(HERE / "_static" / "bench.json")}
"""
