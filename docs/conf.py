"""Sphinx configuration for the dime documentation."""

import sys
from importlib.metadata import version as _version
from pathlib import Path

# The docs' own extension: docs/_ext/dime_output.py runs dime while the docs build.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "dime"
author = "The dime maintainers"
copyright = "2026, The dime maintainers"
release = _version("dime-cx")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "sphinx_copybutton",
    "dime_output",
]
myst_enable_extensions = ["colon_fence", "deflist"]
# Give every heading to the third level an anchor, so a page can link to a section of another.
myst_heading_anchors = 3
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "_ext", "examples/*.ipynb_checkpoints"]
# Copy the command, not the prompt or what it prints.
copybutton_prompt_text = r"\$ |>>> |\.\.\. "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = False

autodoc_member_order = "bysource"
autodoc_typehints = "description"
# attrs writes its own __init__, whose source says `attr_dict['status'].default`: show the
# defaults' values instead.
autodoc_preserve_defaults = False
napoleon_google_docstring = True
napoleon_numpy_docstring = False
nitpicky = False

html_theme = "furo"
html_title = f"dime {release}"

# Napoleon reads an attribute's or a property's docstring that starts "Word: more" as a
# type and a description ("Type: Word"); ours are sentences, so keep them as written.
_PLAIN = ("attribute", "property", "data")
_kept: dict[str, list[str]] = {}


def _keep(app, what, name, obj, options, lines):  # noqa: ANN001, ANN202, ARG001, PLR0917 - the event's signature
    if what in _PLAIN:
        _kept[name] = list(lines)


def _restore(app, what, name, obj, options, lines):  # noqa: ANN001, ANN202, ARG001, PLR0917 - the event's signature
    if what in _PLAIN and name in _kept:
        lines[:] = _kept.pop(name)


def setup(app):  # noqa: ANN001, ANN201
    app.connect("autodoc-process-docstring", _keep, priority=100)
    app.connect("autodoc-process-docstring", _restore, priority=900)
