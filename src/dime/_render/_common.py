"""What every face of a picture shares: the figures shown, how findings are grouped, the credit.

Pictures never count for themselves: the figures come from the checker's
view (:func:`dime._balance.observe`) or from a report, so that a picture
and a report of the same organisation always agree.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Final

import attrs

from dime._balance import AttentionStatus, Severity
from dime._framework import Area, Layer
from dime._model import Channel, Framework, Stage

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from datetime import datetime

    from dime._balance import Attention, BalanceView, Finding, Report, ScoreSummary, Signal

__all__ = [
    "CREDIT",
    "FEELING_TITLE",
    "FLAG",
    "MARKS",
    "NO_FINDINGS",
    "SHARE_CAPTION",
    "WATCH",
    "Coverage",
    "Feeling",
    "Group",
    "bar_length",
    "cell_facts",
    "cell_mark",
    "closing",
    "coverage",
    "evenness_text",
    "feeling_caption",
    "feelings",
    "finding_lines",
    "follows",
    "group_count",
    "groups",
    "heading",
    "intensity",
    "severity_note",
    "signals_text",
    "summary",
    "tally",
    "where",
]

#: The mark put on a flagged area in Markdown and HTML.
FLAG: Final = "\u2691"
#: The mark put on an area to watch in Markdown and HTML.
WATCH: Final = "\u2690"

#: The mark of each kind of area a report points at, with the sign shown before its word:
#: the problems (the text report's ``[!]``) first, then ``to watch`` (its ``[~]``), then
#: ``dominant`` (its ``[+]``), which is not a problem in itself, then what could not be
#: evaluated.
MARKS: Final = {
    "neglected": "\u25bc",
    "absent": "\u2205",
    "problem": FLAG,
    "to watch": WATCH,
    "dominant": "\u25b2",
    "not evaluated": "?",
}

#: What a report without findings says.
NO_FINDINGS: Final = "No findings: every area gets its share."

#: Who the approach is credited to, as the pictures of the framework say it.
CREDIT: Final = (
    "The DIME\u2122 approach (Deliberate Interactions Memorable Experiences\u2122) is the work "
    "of Chris Smoje. dime is an independent library, not affiliated with him."
)

#: What a share in a picture of the grid is.
SHARE_CAPTION: Final = (
    "Each area's share of its layer's attention (coordination and implementation: the effort "
    "of initiatives; review: feedback filed; responsibility: holders' time; older work and "
    "feedback count less)"
)

#: Severity values in the order groups are shown, with their headings.
_HEADINGS: Final = (("error", "Errors"), ("warning", "Warnings"), ("info", "Info"))


def where(finding: Finding) -> str:
    """Name what a finding is about, leaving out what its message names already.

    The area, else the pillar and layer, then the subject; empty when the
    message says it all.
    """
    message = finding.message.casefold()
    parts = []
    if finding.area is not None:
        if finding.area.title.casefold() not in message:
            area = finding.area
            parts.append(f"{area.title} ({area.pillar.letter}, {area.layer.value})")
    else:
        pillar, layer = finding.pillar, finding.layer
        if pillar is not None and pillar.word.casefold() not in message:
            parts.append(f"pillar {pillar.letter} {pillar.word}")
        if layer is not None and layer.value not in message:
            parts.append(f"the {layer.value} layer")
    if finding.subject and not _names(_loose(message), _loose(finding.subject)):
        parts.append(finding.subject)
    return ", ".join(parts)


def _names(message: str, subject: str) -> bool:
    """Whether a message names a subject: the whole of it, or each part of a ``a: b`` one."""
    return subject in message or all(part in message for part in subject.split(": "))


def _loose(text: str) -> str:
    """Text to look for a name in: any case, ``_`` and ``-`` read as spaces."""
    return text.casefold().replace("_", " ").replace("-", " ")


@attrs.frozen
class Group:
    """Root findings shown under one heading, each with what follows from it."""

    #: The heading: Errors, Warnings, Info or Waived.
    title: str
    #: The severity value the heading stands for ("" for waived).
    severity: str
    #: Each root, with its consequences as (depth from the root, finding), depth first.
    roots: tuple[tuple[Finding, tuple[tuple[int, Finding], ...]], ...]


def groups(report: Report) -> list[Group]:
    """The report's root findings, grouped by the severity of the issue each heads.

    An issue is as grave as the gravest finding in it that gates (see
    :meth:`Report.issue_severity <dime.Report.issue_severity>`); what is
    folded under a root shows its own severity.  Empty groups are left out;
    trees with nothing that gates (every finding waived) come last.
    """
    by: dict[str, list[tuple[Finding, tuple[tuple[int, Finding], ...]]]] = {}
    for root in report.roots:
        below = _below(report, root)
        worst = report.issue_severity(root)
        key = "" if worst is None else worst.value
        by.setdefault(key, []).append((root, below))
    out = [Group(title, value, tuple(by[value])) for value, title in _HEADINGS if value in by]
    if "" in by:
        out.append(Group("Waived", "", tuple(by[""])))
    return out


def _below(report: Report, root: Finding) -> tuple[tuple[int, Finding], ...]:
    """What follows from ``root``, depth first, each with its depth below the root.

    One walk of the report's tree per root: each finding's depth is one more
    than that of the finding it follows from, which comes before it.
    """
    depth = {root.ref: 0}
    out: list[tuple[int, Finding]] = []
    for finding in report.consequences(root):
        level = depth.get(finding.cause, 0) + 1  # type: ignore[arg-type]
        depth[finding.ref] = level
        out.append((level, finding))
    return tuple(out)


def tally(findings: Iterable[Finding]) -> str:
    """Count findings by severity: ``"2 errors, 5 warnings, 1 info"``, then context and waived.

    Findings that are only context for another are counted apart, not by severity.
    """
    items = list(findings)
    counts = Counter(f.severity.value for f in items if f.gates)
    parts = []
    for value, _ in _HEADINGS:
        n = counts[value]
        parts.append(f"{n} info" if value == "info" else f"{n} {value}{'' if n == 1 else 's'}")
    context = sum(1 for f in items if f.context and not f.waived)
    if context:
        parts.append(f"{context} context")
    waived = sum(1 for f in items if f.waived)
    if waived:
        parts.append(f"{waived} waived")
    return ", ".join(parts)


def closing(report: Report) -> str:
    """The report's last line: its roots and every finding counted."""
    n = len(report.roots)
    return f"{report.name}: {n} root{'' if n == 1 else 's'}; {tally(report.findings)}"


def evenness_text(value: float | None) -> str:
    """An evenness index for people: two decimals, or ``n/a``."""
    return "n/a" if value is None else f"{value:.2f}"


def signals_text(evenness: Mapping[Signal, float | None]) -> str:
    """The evenness of the signals that have data, and the ones that have none.

    ``"coordination 0.56, review 0.40; not evaluated: assessments"``.
    """
    shown = ", ".join(f"{s.value} {v:.2f}" for s, v in evenness.items() if v is not None)
    missing = [s.value for s, v in evenness.items() if v is None]
    if missing:
        shown += ("; " if shown else "") + "not evaluated: " + ", ".join(missing)
    return shown


#: The title of the report's section on scores.
FEELING_TITLE: Final = "How customers feel"
#: The built-in scales the section shows, in its order.
_FELT: Final = ("nps", "csat", "ces")


@attrs.frozen
class Feeling:
    """One built-in scale in a report: its overall score, and its best and worst touchpoints."""

    overall: ScoreSummary
    best: ScoreSummary | None = None
    worst: ScoreSummary | None = None
    #: The scale's score in each buying-cycle stage with responses, in the cycle's order.
    stages: tuple[ScoreSummary, ...] = ()
    #: Touchpoints' names by id, to name the best and worst as the findings do.
    names: Mapping[str, str] = attrs.field(factory=dict)

    def touchpoint(self, summary: ScoreSummary) -> str:
        """The name of the touchpoint a summary is of, or its id when the report lacks it."""
        return self.names.get(summary.group, summary.group)

    def by_stage(self) -> str:
        """``"by stage: pre-purchase +3 (n=120), ...; 9 name no touchpoint"``, or ``""``.

        The stages' counts add up to the overall count with the responses that
        name no touchpoint (and so no stage), which are counted at the end.
        """
        if not self.stages:
            return ""
        shown = [
            f"{Stage(s.group).title.lower()} {s.figure()} (n={s.responses:,})" for s in self.stages
        ]
        placed = sum(s.responses for s in self.stages)
        unplaced = self.overall.responses - placed
        rest = f"; {unplaced:,} name no touchpoint" if unplaced > 0 else ""
        return "by stage: " + ", ".join(shown) + rest

    def extremes(self) -> str:
        """``"above the rest 'A' +45 (n=44), below the rest 'B' -92 (n=36)"``, or ``""``.

        The touchpoints whose interval lies wholly above or below the others': not
        necessarily the highest and lowest figures, which may rest on few responses.
        """
        sides = [
            f"{word} {self.touchpoint(s)!r} {s.figure()} (n={s.responses:,})"
            for word, s in (("above the rest", self.best), ("below the rest", self.worst))
            if s is not None
        ]
        return ", ".join(sides)


def feelings(report: Report) -> list[Feeling]:
    """NPS, CSAT and CES as the report has them, or nothing when no feedback is scored.

    A scale with no responses is shown as having none, so every report with
    scores shows the same three lines.
    """
    scores = report.scores
    if not any(s in _FELT for s in scores.scale_names()):
        return []
    stages = sorted(report.score_summaries(by="stage"), key=lambda s: Stage(s.group).index)
    names = {t.id: t.name for t in report.view.touchpoints}
    out = []
    for scale in _FELT:
        found = report.score_extremes(scale)
        best, worst = found if found is not None else (None, None)
        overall = scores.summary(scale, minimum=report.minimum_responses)
        mine = tuple(s for s in stages if s.scale == scale)
        out.append(Feeling(overall, best, worst, mine, names))
    return out


def feeling_caption(report: Report) -> str:
    """What the section counts, and where it gives no number."""
    n = report.minimum_responses
    return (
        f"Every scored response, not only the window's; a number needs {n} responses; a "
        f"touchpoint is named above or below the rest only when its interval lies wholly above "
        f"or below that of the other touchpoints together, each with {n}, at 95% for all the "
        f"touchpoints compared at once"
    )


def heading(name: str, now: datetime) -> str:
    """A report's title line."""
    return f"{name}: balance on {now.date().isoformat()}"


def intensity(share: float, target: float) -> float:
    """How dark to shade a share: 0 for none, 0.5 on target, 1 at twice the target or more."""
    if not share > 0 or not target > 0:
        return 0.0
    # Over a subnormal target the ratio is infinite: the darkest shade, never an error.
    return min(1.0, share / target / 2)


def bar_length(share: float, target: float) -> int:
    """How many ``#`` to draw: four on target, at most eight, never an error."""
    return round(8 * intensity(share, target))


def cell_facts(view: BalanceView, area: Area) -> list[str]:
    """Short lines on what an organisation has in one area, from the checker's view."""
    tally = view.tally
    n = tally.initiatives.get(area.index, 0)
    facts = [f"{n} initiative{'' if n == 1 else 's'}"]
    planned = view.attention[area].planned
    if planned:
        facts.append(f"{planned} planned")
    if area.layer is Layer.REVIEW:
        facts.append(f"{view.filed[area.cell]} filed")  # type: ignore[index]
    if area.layer is Layer.RESPONSIBILITY:
        h = view.holders[area.cell]  # type: ignore[index]
        facts.append(f"{h} holder{'' if h == 1 else 's'}")
    if area in view.scores:
        facts.append(f"score {view.scores[area]:.1f}/5")
    return facts


@attrs.frozen
class Coverage:
    """Touchpoints per (stage, channel), with their names."""

    counts: Mapping[tuple[Stage, Channel], int]
    names: Mapping[tuple[Stage, Channel], tuple[str, ...]]


def coverage(view: BalanceView) -> Coverage:
    """The organisation's touchpoints by stage and channel, from the checker's view."""
    counts: Counter[tuple[Stage, Channel]] = Counter()
    names: dict[tuple[Stage, Channel], list[str]] = {}
    for t in view.touchpoints:
        counts[t.stage, t.channel] += 1
        names.setdefault((t.stage, t.channel), []).append(t.name)
    return Coverage(counts, {key: tuple(found) for key, found in names.items()})


_KINDS: Final = tuple(
    f.name
    for f in attrs.fields(Framework)
    if f.name not in ("name", "metadata") and not f.name.startswith("_")
)


def summary(fw: Framework, view: BalanceView | None = None) -> str:
    """How many records of each kind ``fw`` holds, and how much feedback was never filed."""
    text = ", ".join(f"{len(getattr(fw, kind))} {kind}" for kind in _KINDS)
    unfiled = 0 if view is None else view.tally.unfiled
    return f"{text}; {unfiled} feedback never filed" if unfiled else text


def severity_note(finding: Finding, group: Group) -> str:
    """What to add after a finding's message: its severity if not the group's, context, its waiver."""
    notes = []
    if finding.context:  # not a problem in itself: its severity is not read
        notes.append("context")
    elif finding.severity.value != group.severity:
        notes.append(finding.severity.value)
    if finding.waiver is not None:
        notes.append(f"waived: {finding.waiver.reason}")
    return f" ({'; '.join(notes)})" if notes else ""


def follows(below: Iterable[Finding], root: Finding | None = None) -> str:
    """What is folded under a finding, truly worded: ``"3 findings follow from it"``.

    Findings folded as context (the other side of a finding, not a consequence of
    it) are counted apart: ``"2 findings follow from it, 1 gives context"``.  Given
    the ``root`` they are folded under, the gravest of them are counted when they
    are graver than it, since they make its issue graver: ``"3 findings follow
    from it, 2 of them errors"``; and context given to the findings below it, not
    to it, is said to be theirs: ``"3 findings follow from it, 2 more give context
    to them"``.
    """
    items = list(below)
    context = sum(1 for f in items if f.context)
    theirs = 0 if root is None else sum(1 for f in items if f.context and f.cause != root.ref)
    following = len(items) - context
    parts = []
    if following:
        said = f"{following} finding{'s follow' if following != 1 else ' follows'} from it"
        worst = max((f.severity for f in items if f.gates), default=None)
        if root is not None and worst is not None and worst > root.severity:
            graver = sum(1 for f in items if f.gates and f.severity is worst)
            one = f"{'an' if worst is Severity.ERROR else 'a'} {worst.value}"
            if following == 1:
                said += f", {one}"
            else:
                said += f", {graver} of them {one if graver == 1 else worst.value + 's'}"
        parts.append(said)
    if context - theirs:
        n = context - theirs
        noun = "" if following else (" finding" if n == 1 else " findings")
        parts.append(f"{n}{noun} give{'s' if n == 1 else ''} context")
    if theirs:
        parts.append(f"{theirs} more give{'s' if theirs == 1 else ''} context to them")
    return ", ".join(parts)


def group_count(group: Group) -> str:
    """A group heading's count: its roots, and every finding when more are folded under them."""
    n = len(group.roots)
    total = len(finding_lines(group))
    if n == total:
        return f"{n}"
    return f"{n} root{'' if n == 1 else 's'}, {total} findings"


def finding_lines(group: Group) -> Sequence[tuple[int, Finding]]:
    """Every finding of a group as (depth, finding): each root at 0, then what follows from it."""
    out: list[tuple[int, Finding]] = []
    for root, below in group.roots:
        out.append((0, root))
        out.extend(below)
    return out


def cell_mark(
    att: Attention, *, flagged: bool, watched: bool = False, dominant: bool = False
) -> str | None:
    """The mark an area gets in a picture, or None: the pictures' words for the grid's marks.

    Absent and not evaluated come from its attention's status.  A flagged
    area (:attr:`Report.flagged <dime.Report.flagged>`, the text report's
    ``[!]``) is neglected below its target, else a problem of another kind
    (quiet, holding all the feedback); one to watch
    (:attr:`Report.watched <dime.Report.watched>`, ``[~]``) is, say, going
    quiet; a dominant one (:attr:`Report.dominant <dime.Report.dominant>`,
    ``[+]``) takes far more than its share, which is not a problem in itself.

    >>> import dime
    >>> report = dime.check(dime.example())
    >>> area = dime.Mindset.EMOTIONAL.area
    >>> cell_mark(report.attention[area], flagged=area in report.flagged)
    'absent'
    """
    if att.status is AttentionStatus.NOT_EVALUATED:
        return "not evaluated"
    if att.status is AttentionStatus.ABSENT:
        return "absent"
    if flagged:
        return "neglected" if att.share < att.target else "problem"
    if watched:
        return "to watch"
    return "dominant" if dominant else None
