"""Sphinx configuration for tinytorch's API reference (built by scripts/build_docs.sh).

The source directory is docs/ (so the Markdown pages there join the site through myst-parser);
this folder holds the configuration and the API pages, which autodoc fills from the
docstrings (Google style, read by napoleon).
"""

project = "tinytorch"
author = "the tinytorch developers"
root_doc = "api/index"
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "myst_parser",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_typehints = "none"  # signatures as written; the docstrings' Args say the types
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True  # "Attributes:" as fields, not a second description of each attribute
myst_heading_anchors = 3
html_theme = "furo"
html_title = "tinytorch API reference"
# Two public classes share a short name (optim.Optimizer and keras.optimizers.Optimizer); a
# bare "Optimizer" in a docstring's type resolves to the first, which is not worth a warning.
suppress_warnings = ["ref.python"]
# Every documented object as a table-of-contents entry made the tree furo copies for each
# page's navigation (~225 pages with viewcode's) huge: 133 s a build on 2026-12-06, 95 s of it
# copying that tree. The pages' sections stay in the contents; objects are found by the index
# and the search.
toc_object_entries = False
