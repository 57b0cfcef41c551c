"""A Sphinx directive that runs a ``dime`` command while the docs build and shows its output.

In a MyST page::

    ```{dime-output} check
    :exit-code:
    ```

shows ``$ dime check``, what it prints, and (with ``:exit-code:``) the exit
code, so the page always shows what this version of dime prints.
"""

from __future__ import annotations

import contextlib
import io
import shlex
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective


def run(command: str) -> tuple[str, int]:
    """Run ``dime`` with the arguments in ``command``: what it prints, and its exit code."""
    from dime._cli import main  # noqa: PLC0415 - the docs import dime only when they build

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(shlex.split(command))
    return out.getvalue(), code


def transcript(command: str, *, exit_code: bool) -> str:
    """The terminal session the directive shows."""
    printed, code = run(command)
    text = f"$ dime {command}\n{printed}"
    if exit_code:
        text += f"$ echo $?\n{code}\n"
    return text


class DimeOutput(SphinxDirective):
    """``{dime-output} ARGS``: a console block with ``dime ARGS`` and its output."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {"exit-code": directives.flag}

    def run(self) -> list[nodes.Node]:
        text = transcript(self.arguments[0], exit_code="exit-code" in self.options)
        block = nodes.literal_block(text, text)
        block["language"] = "console"
        return [block]


def setup(app: Any) -> dict[str, Any]:  # noqa: ANN401 - Sphinx's application
    """Register the directive."""
    app.add_directive("dime-output", DimeOutput)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
