"""Sphinx configuration for the callmarkup documentation.

Build with ``python -m sphinx -W --keep-going -b html docs docs/_build/html``.
"""

from __future__ import annotations

import sys
from pathlib import Path

_DOCS = Path(__file__).parent
# The package of this checkout, not whichever copy happens to be installed.
sys.path.insert(0, str(_DOCS.parent))
# Local extensions: the grammar reference and the violation-code table.
sys.path.insert(0, str(_DOCS / "_ext"))

import callmarkup  # noqa: E402 - needs the paths above

project = "callmarkup"
author = "The callmarkup authors"
copyright = "The callmarkup authors"  # noqa: A001 - the name Sphinx reads
release = callmarkup.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
    "callmarkup_docs",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]
nitpicky = True
# Names from outside the package: without network access there is no intersphinx inventory to
# link them to, so they are shown as plain names. Private names and type variables likewise.
nitpick_ignore = [
    ("py:class", "SearchStrategy"),
    ("py:class", "collections.abc.Iterable"),
    ("py:class", "collections.abc.Mapping"),
    ("py:class", "datetime.datetime"),
    ("py:exc", "hypothesis.errors.InvalidArgument"),
    ("py:class", "N"),
    ("py:class", "callmarkup._codecs.Pattern"),
    ("py:class", "callmarkup.webhooks._values.Value"),
]
# Values such as "GET" are shown exactly as written.
smartquotes = False

myst_heading_anchors = 3
myst_enable_extensions = ["deflist"]

autodoc_member_order = "bysource"
autodoc_typehints = "signature"

html_theme = "alabaster"
html_title = f"callmarkup {release}"
# The text column fills the page (the theme caps it at 800px), so that code lines of about 100
# characters fit; longer ones wrap (_static/callmarkup.css) rather than scroll sideways.
html_theme_options = {"page_width": "1240px", "sidebar_width": "220px", "body_max_width": "none"}
html_static_path = ["_static"]
html_css_files = ["callmarkup.css"]
