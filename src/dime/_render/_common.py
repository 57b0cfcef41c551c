"""What every face of a picture shares: the figures shown and how they are grouped."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Protocol

import attrs

from dime._framework import AREAS, Area, Layer, Pillar
from dime._model import COLLECTIONS, Channel, Stage

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from collections.abc import Set as AbstractSet
    from datetime import date, datetime

    from dime._model import Framework

#: Severity values in the order findings are shown, with their group headings.
SEVERITY_HEADINGS: tuple[tuple[str, str], ...] = (
    ("error", "Errors"),
    ("warning", "Warnings"),
    ("info", "Info"),
)

#: The mark put on a flagged area in Markdown and HTML.
FLAG = "\u2691"

#: Each area's equal share of the work when nothing is more important than the rest.
EVEN_SHARE = 1 / 16

#: What a report without findings says.
NO_FINDINGS = "No findings: every area gets its share."


class SeverityLike(Protocol):
    """What rendering needs of a severity: its wire value."""

    @property
    def value(self) -> str: ...


class FindingLike(Protocol):
    """What rendering needs of a finding."""

    @property
    def code(self) -> str: ...
    @property
    def severity(self) -> SeverityLike: ...
    @property
    def message(self) -> str: ...
    @property
    def area(self) -> Area | None: ...
    @property
    def pillar(self) -> Pillar | None: ...
    @property
    def layer(self) -> Layer | None: ...
    @property
    def subject(self) -> str | None: ...
    @property
    def waived(self) -> bool: ...


class ReportLike(Protocol):
    """What rendering needs of a balance report."""

    @property
    def name(self) -> str: ...
    @property
    def now(self) -> datetime: ...
    @property
    def findings(self) -> Sequence[FindingLike]: ...
    @property
    def shares(self) -> Mapping[Area, float]: ...
    @property
    def targets(self) -> Mapping[Area, float]: ...
    @property
    def evenness(self) -> float | None: ...
    @property
    def signal_evenness(self) -> Mapping[str, float | None]: ...
    @property
    def flagged(self) -> AbstractSet[Area]: ...
    @property
    def ok(self) -> bool: ...


def where(finding: FindingLike) -> str:
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
    if finding.subject and _loose(finding.subject) not in _loose(message):
        parts.append(finding.subject)
    return ", ".join(parts)


def _loose(text: str) -> str:
    """Text to look for a name in: any case, ``_`` and ``-`` read as spaces."""
    return text.casefold().replace("_", " ").replace("-", " ")


def grouped(findings: Sequence[FindingLike]) -> list[tuple[str, list[FindingLike]]]:
    """Findings grouped under headings: by severity, then the waived ones.

    Empty groups are left out.
    """
    groups: list[tuple[str, list[FindingLike]]] = []
    for value, heading in SEVERITY_HEADINGS:
        found = [f for f in findings if f.severity.value == value and not f.waived]
        if found:
            groups.append((heading, found))
    known = {value for value, _ in SEVERITY_HEADINGS}
    other = [f for f in findings if f.severity.value not in known and not f.waived]
    if other:  # pragma: no cover - a severity this module does not know yet
        groups.append(("Other", other))
    waived = [f for f in findings if f.waived]
    if waived:
        groups.append(("Waived", waived))
    return groups


def tally(findings: Sequence[FindingLike]) -> str:
    """Count findings by severity: ``"2 errors, 5 warnings, 1 info"``."""
    counts = Counter(f.severity.value for f in findings if not f.waived)
    parts = []
    for value, _ in SEVERITY_HEADINGS:
        n = counts[value]
        if value == "info":
            parts.append(f"{n} info")
        else:
            parts.append(f"{n} {value}{'' if n == 1 else 's'}")
    waived = sum(1 for f in findings if f.waived)
    if waived:
        parts.append(f"{waived} waived")
    return ", ".join(parts)


def target_of(report: ReportLike, area: Area) -> float:
    """The area's target share, or an even one if the report gives none."""
    target = report.targets.get(area) if report.targets else None
    return target or EVEN_SHARE


def evenness_text(value: float | None) -> str:
    """An evenness index for people: two decimals, or ``n/a``."""
    return "n/a" if value is None else f"{value:.2f}"


def signals_text(report: ReportLike) -> str:
    """Each signal's evenness: ``"work 0.56, review n/a"``."""
    return ", ".join(f"{k} {evenness_text(v)}" for k, v in report.signal_evenness.items())


def heading(report: ReportLike) -> str:
    """The report's title line."""
    return f"{report.name}: balance on {report.now.date().isoformat()}"


def intensity(share: float, target: float) -> float:
    """How dark to shade a share: 0 for none, 0.5 on target, 1 at twice the target or more."""
    if share <= 0 or target <= 0:
        return 0.0
    return min(1.0, share / (2 * target))


@attrs.frozen(kw_only=True)
class Activity:
    """The figures a picture of one organisation shows."""

    initiatives: Mapping[Area, int]
    effort: Mapping[Area, float]
    feedback: Mapping[Area, int]
    holders: Mapping[Area, int]
    scores: Mapping[Area, float]
    unfiled: int
    coverage: Mapping[tuple[Stage, Channel], int]
    touchpoints: Mapping[tuple[Stage, Channel], tuple[str, ...]]

    @property
    def total_effort(self) -> float:
        """All effort across the grid."""
        return sum(self.effort.values())

    def share(self, area: Area) -> float:
        """The area's share of all effort, from 0 to 1."""
        total = self.total_effort
        return self.effort.get(area, 0.0) / total if total else 0.0


def activity(fw: Framework) -> Activity:
    """Count what ``fw`` holds in each area, and its touchpoints by stage and channel."""
    initiatives: Counter[Area] = Counter()
    effort: dict[Area, float] = {}
    for i in fw.initiatives:
        initiatives[i.area] += 1
        effort[i.area] = effort.get(i.area, 0.0) + float(i.effort)
    feedback: Counter[Area] = Counter()
    unfiled = 0
    for f in fw.feedback:
        if f.folder is None:
            unfiled += 1
        else:
            feedback[f.folder.area] += 1
    holders: Counter[Area] = Counter(r.mindset.area for r in fw.responsibilities)
    latest: dict[Area, tuple[date, float]] = {}
    for a in fw.assessments:
        seen = latest.get(a.area)
        if seen is None or a.on >= seen[0]:
            latest[a.area] = (a.on, float(a.score))
    coverage: Counter[tuple[Stage, Channel]] = Counter()
    names: dict[tuple[Stage, Channel], list[str]] = {}
    for t in fw.touchpoints:
        coverage[t.stage, t.channel] += 1
        names.setdefault((t.stage, t.channel), []).append(t.name)
    return Activity(
        initiatives=initiatives,
        effort=effort,
        feedback=feedback,
        holders=holders,
        scores={area: score for area, (_, score) in latest.items()},
        unfiled=unfiled,
        coverage=coverage,
        touchpoints={key: tuple(found) for key, found in names.items()},
    )


def cell_facts(act: Activity, area: Area) -> list[str]:
    """Short lines on what an organisation has in one area."""
    n = act.initiatives.get(area, 0)
    facts = [f"{n} initiative{'' if n == 1 else 's'}"]
    if area.layer is Layer.REVIEW:
        facts.append(f"{act.feedback.get(area, 0)} feedback")
    if area.layer is Layer.RESPONSIBILITY:
        h = act.holders.get(area, 0)
        facts.append(f"{h} holder{'' if h == 1 else 's'}")
    if area in act.scores:
        facts.append(f"score {act.scores[area]:g}/5")
    return facts


def summary(fw: Framework, unfiled: int = 0) -> str:
    """How many records of each kind ``fw`` holds, and how much feedback is not filed."""
    text = ", ".join(f"{len(getattr(fw, field))} {field}" for field, _ in COLLECTIONS)
    return f"{text}; {unfiled} feedback not filed" if unfiled else text


__all__ = [
    "AREAS",
    "FLAG",
    "Activity",
    "FindingLike",
    "ReportLike",
    "activity",
    "cell_facts",
    "evenness_text",
    "grouped",
    "heading",
    "intensity",
    "signals_text",
    "summary",
    "tally",
    "target_of",
    "where",
]
