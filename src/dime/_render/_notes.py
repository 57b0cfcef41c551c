"""What the text and Markdown reports add after a finding and after the evenness."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dime._render._common import severity_note

if TYPE_CHECKING:
    from dime._balance import Finding, Report
    from dime._render._common import Group

__all__ = ["basis_note", "dead_note"]


def basis_note(finding: Finding, group: Group) -> str:
    """What follows a finding's message: its severity, context and waiver, then what it rests on.

    The notes come first, so that they do not read as part of the basis.

    >>> import dime
    >>> from dime._render._common import groups
    >>> report = dime.check(dime.example())
    >>> group = groups(report)[0]
    >>> basis_note(group.roots[0][0], group)
    " (basis: Smoje, the responsibility mindsets; threshold: this library's)"
    """
    rest = severity_note(finding, group)
    notes = [rest.strip()[1:-1]] if rest else []
    if finding.basis:
        notes.append(f"basis: {finding.basis}")
    return f" ({'; '.join(notes)})" if notes else ""


def dead_note(report: Report) -> str:
    """What the evenness loses for the layers with no attention at all, or ``""``.

    >>> import dime
    >>> dead_note(dime.check(dime.example()))
    ''
    """
    dead = report.dead_layers
    if not dead:
        return ""
    names = " and ".join(f"the {layer.value} layer" for layer in dead)
    verb = "has" if len(dead) == 1 else "have"
    return f"; {len(dead)} of 4 layers off, as {names} {verb} no attention at all"
