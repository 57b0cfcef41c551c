"""What the checker finds: findings, the references that link them, and waivers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Final

import attrs

from dime._balance._common import FrozenMap, Given, Severity, frozen, got
from dime._framework import Area, Layer, Pillar
from dime._model import JSONValue
from dime.exceptions import InvalidFieldError, InvalidPolicyError, Problem

__all__ = ["CODE", "Finding", "FindingRef", "Waiver", "area_data", "waiver_problems"]

#: What a rule code looks like: upper-case letters, then digits.
CODE: Final = re.compile(r"[A-Z]{2,}[0-9]+")

_EMPTY: Final[FrozenMap[str, JSONValue]] = FrozenMap()


def area_data(area: Area | None) -> dict[str, JSONValue] | None:
    """An area as JSON data, ``{"pillar": "D", "layer": "review"}``, or None."""
    if area is None:
        return None
    return {"pillar": area.pillar.value, "layer": area.layer.value}


def _where_problems(v: Given, where: str) -> list[Problem]:
    problems = []
    for name, kind in (("area", Area), ("pillar", Pillar), ("layer", Layer)):
        value = getattr(v, name)
        if value is not None and type(value) is not kind:
            problems.append(
                Problem(f"{where}.{name}", f"expected a {kind.__name__} or None, {got(value)}")
            )
    return problems


@attrs.frozen(kw_only=True)
class FindingRef:
    """Which finding: its code and what it is about, stable from one run to the next.

    A finding that follows from another names it as its ``cause`` with a
    reference; :attr:`Finding.ref` gives any finding's own.

    >>> import dime
    >>> ref = dime.FindingRef(code="DIME105", layer=dime.Layer.REVIEW)
    >>> str(ref)
    'DIME105 (review layer)'
    >>> ref.to_data()
    {'code': 'DIME105', 'pillar': None, 'layer': 'review', 'subject': None}
    """

    #: The finding's rule code.
    code: str
    #: The area it is about, or None.
    area: Area | None = None
    #: The pillar it is about, or None.
    pillar: Pillar | None = attrs.field(
        default=attrs.Factory(lambda s: None if s.area is None else s.area.pillar, takes_self=True)
    )
    #: The layer it is about, or None.
    layer: Layer | None = attrs.field(
        default=attrs.Factory(lambda s: None if s.area is None else s.area.layer, takes_self=True)
    )
    #: What else it is about (a touchpoint id, a department, a mindset), or None.
    subject: str | None = None

    def __attrs_post_init__(self) -> None:
        v = Given(self)
        problems = []
        if not isinstance(v.code, str) or not CODE.fullmatch(v.code):
            problems.append(Problem("FindingRef.code", f"expected a rule code, {got(v.code)}"))
        problems += _where_problems(v, "FindingRef")
        if v.subject is not None and not isinstance(v.subject, str):
            problems.append(
                Problem("FindingRef.subject", f"expected a string or None, {got(v.subject)}")
            )
        if problems:
            raise InvalidFieldError(problems)

    def __str__(self) -> str:
        parts = []
        if self.area is not None:
            parts.append(f"'{self.area.title}'")
        else:
            if self.pillar is not None:
                parts.append(f"pillar {self.pillar.letter}")
            if self.layer is not None:
                parts.append(f"{self.layer.value} layer")
        if self.subject is not None:
            parts.append(f"'{self.subject}'")
        return f"{self.code} ({', '.join(parts)})" if parts else self.code

    def to_data(self) -> dict[str, JSONValue]:
        """The reference as JSON data: ``code``, ``pillar``, ``layer`` and ``subject``."""
        return {
            "code": self.code,
            "pillar": None if self.pillar is None else self.pillar.value,
            "layer": None if self.layer is None else self.layer.value,
            "subject": self.subject,
        }


@attrs.frozen(kw_only=True)
class Waiver:
    """A finding the organisation has decided to live with, for a reason, maybe until a day.

    A waiver matches a finding with its ``code`` and, for each of ``area``,
    ``pillar``, ``layer`` and ``subject`` that it gives, the same value.  A
    waived finding stays in the report, marked as waived, and no longer
    counts against :attr:`Report.ok`.  After ``expires`` the waiver no longer
    applies and is itself reported (``DIME002``); a waiver that matches no
    finding is reported too (``DIME003``), so that stale ones get cleaned up.

    Args:
        code: The finding's code, such as ``"DIME101"``.
        reason: Why it is waived; required.
        area: Only findings about this area.
        pillar: Only findings about this pillar.
        layer: Only findings about this layer.
        subject: Only findings about this subject (a touchpoint id, a
            department name, a stage, a mindset, ...).
        expires: The last day the waiver applies, or None for no end.

    >>> from datetime import date
    >>> import dime
    >>> w = dime.Waiver(code="DIME402", subject="warranty",
    ...                 reason="Warranty claims move to Operations in January",
    ...                 expires=date(2027, 1, 31))
    >>> w.subject
    'warranty'
    """

    code: str
    reason: str
    area: Area | None = None
    pillar: Pillar | None = None
    layer: Layer | None = None
    subject: str | None = None
    expires: date | None = None

    def __attrs_post_init__(self) -> None:
        problems = waiver_problems(self, "$")
        if problems:
            raise InvalidPolicyError(problems)

    def matches(self, finding: Finding) -> bool:
        """Whether this waiver covers ``finding`` (expiry aside)."""
        return (
            finding.code == self.code
            and (self.area is None or finding.area == self.area)
            and (self.pillar is None or finding.pillar is self.pillar)
            and (self.layer is None or finding.layer is self.layer)
            and (self.subject is None or finding.subject == self.subject)
        )

    def describe(self) -> str:
        """What the waiver covers, in a few words."""
        parts = [self.code]
        if self.area is not None:
            parts.append(f"'{self.area.title}'")
        if self.pillar is not None:
            parts.append(f"pillar {self.pillar.letter}")
        if self.layer is not None:
            parts.append(f"layer {self.layer.value}")
        if self.subject is not None:
            parts.append(f"'{self.subject}'")
        return " for ".join([parts[0], ", ".join(parts[1:])]) if len(parts) > 1 else parts[0]

    def to_mapping(self) -> dict[str, JSONValue]:
        """The waiver as plain data, in the shape :meth:`Policy.from_mapping` reads."""
        out: dict[str, JSONValue] = {"code": self.code, "reason": self.reason}
        if self.area is not None:
            out["area"] = area_data(self.area)
        if self.pillar is not None:
            out["pillar"] = self.pillar.value
        if self.layer is not None:
            out["layer"] = self.layer.value
        if self.subject is not None:
            out["subject"] = self.subject
        if self.expires is not None:
            out["expires"] = self.expires.isoformat()
        return out


def waiver_problems(waiver: Waiver, where: str) -> list[Problem]:
    """Every way in which ``waiver``'s fields are wrong, each under ``where``."""
    w = Given(waiver)
    problems = []
    if not isinstance(w.code, str) or not CODE.fullmatch(w.code):
        problems.append(
            Problem(f"{where}.code", f"expected a rule code like 'DIME101', {got(w.code)}")
        )
    if not isinstance(w.reason, str) or not w.reason.strip():
        problems.append(Problem(f"{where}.reason", f"expected a non-empty reason, {got(w.reason)}"))
    problems += _where_problems(w, where)
    if w.subject is not None and (not isinstance(w.subject, str) or not w.subject.strip()):
        problems.append(
            Problem(f"{where}.subject", f"expected a non-empty string or None, {got(w.subject)}")
        )
    if w.expires is not None and (
        not isinstance(w.expires, date) or isinstance(w.expires, datetime)
    ):
        problems.append(Problem(f"{where}.expires", f"expected a date or None, {got(w.expires)}"))
    return problems


def _area_pillar(self: Finding) -> Pillar | None:
    return None if self.area is None else self.area.pillar


def _area_layer(self: Finding) -> Layer | None:
    return None if self.area is None else self.area.layer


def _evidence(value: object) -> object:
    if value is _EMPTY or not isinstance(value, Mapping):
        return value
    return frozen(value)


@attrs.frozen(kw_only=True)
class Finding:
    """One thing the checker found: a code, a severity and a plain sentence.

    ``pillar`` and ``layer`` default to the area's.  ``evidence`` holds the
    figures that triggered it (each rule documents its keys).  A finding
    that follows from another names it as its ``cause``: the report shows
    it folded under that finding.  A finding that is the other side of
    another (the area that took the attention a neglected one lacks) names
    it as its ``cause`` too, with ``context=True``: it is folded under it as
    context, not counted as following from it.  A waived finding carries
    its ``waiver``.

    >>> import dime
    >>> report = dime.check(dime.example())
    >>> finding = report.findings[0]
    >>> finding.code, finding.severity
    ('DIME101', Severity.ERROR)
    >>> print(finding.message)
    No work was under way in 'Organisational attitudes' (D, coordination) since 2025-03-25, 585 days ago: this area is becoming non-existent. The organisation's own assessment agrees: 1.5 on 2026-03-02, against 3.0 for the 13 other areas assessed.
    >>> print(finding.cause)
    DIME104 (pillar D)
    """

    #: The rule's code.
    code: str
    #: How serious it is.
    severity: Severity
    #: One plain sentence.
    message: str
    #: The area it is about, or None.
    area: Area | None = None
    #: The pillar it is about, or None (the area's by default).
    pillar: Pillar | None = attrs.field(default=attrs.Factory(_area_pillar, takes_self=True))
    #: The layer it is about, or None (the area's by default).
    layer: Layer | None = attrs.field(default=attrs.Factory(_area_layer, takes_self=True))
    #: What else it is about (a touchpoint id, a department, a mindset), or None.
    subject: str | None = None
    #: The figures behind it; each rule documents its keys.
    evidence: Mapping[str, JSONValue] = attrs.field(default=_EMPTY, converter=_evidence, hash=False)
    #: The finding it follows from, or None for a root.
    cause: FindingRef | None = None
    #: Whether it is folded under its cause as context (the other side of that finding,
    #: such as the area that took the attention a neglected one lacks) rather than as
    #: something that follows from it.
    context: bool = False
    #: The waiver that covers it, or None.
    waiver: Waiver | None = None
    #: What it rests on, in a few words: its rule's source (a DIME source, general
    #: customer-experience guidance, the starter steps) or this library's heuristic.
    #: The checker fills it in from the rule's catalogue entry.
    basis: str = ""

    def __attrs_post_init__(self) -> None:  # noqa: C901 - one check per field
        problems = []
        v = Given(self)
        if not isinstance(v.code, str) or not CODE.fullmatch(v.code):
            problems.append(Problem("Finding.code", f"expected a rule code, {got(v.code)}"))
        if type(v.severity) is not Severity:
            problems.append(Problem("Finding.severity", f"expected a Severity, {got(v.severity)}"))
        if not isinstance(v.message, str) or not v.message.strip():
            problems.append(Problem("Finding.message", f"expected a sentence, {got(v.message)}"))
        problems += _where_problems(v, "Finding")
        if v.subject is not None and not isinstance(v.subject, str):
            problems.append(
                Problem("Finding.subject", f"expected a string or None, {got(v.subject)}")
            )
        if not isinstance(v.evidence, Mapping):
            problems.append(Problem("Finding.evidence", f"expected a mapping, {got(v.evidence)}"))
        if v.cause is not None and type(v.cause) is not FindingRef:
            problems.append(
                Problem("Finding.cause", f"expected a FindingRef or None, {got(v.cause)}")
            )
        if type(v.context) is not bool:
            problems.append(Problem("Finding.context", f"expected True or False, {got(v.context)}"))
        elif v.context and v.cause is None:
            problems.append(
                Problem("Finding.context", "context needs the finding it is context for")
            )
        if not isinstance(v.basis, str):
            problems.append(Problem("Finding.basis", f"expected a string, {got(v.basis)}"))
        if v.waiver is not None and type(v.waiver) is not Waiver:
            problems.append(
                Problem("Finding.waiver", f"expected a Waiver or None, {got(v.waiver)}")
            )
        if problems:
            raise InvalidFieldError(problems)

    @property
    def waived(self) -> bool:
        """Whether a waiver in the policy covers this finding."""
        return self.waiver is not None

    @property
    def gates(self) -> bool:
        """Whether the gate reads this finding: it is neither waived nor only context.

        A finding folded under another as context (the other side of it, such
        as the area that takes the share a neglected one lacks) is not a
        problem in itself: the finding it gives context to is what the gate,
        the verdict and the counts by severity read.

        >>> import dime
        >>> report = dime.check(dime.example())
        >>> all(f.gates for f in report.roots)
        True
        """
        return self.waiver is None and not self.context

    @property
    def ref(self) -> FindingRef:
        """This finding's reference, for findings that follow from it to name as their cause.

        >>> import dime
        >>> dime.check(dime.example()).roots[0].ref
        FindingRef(code='DIME201', area=Area(M, responsibility), pillar=Pillar.M, layer=Layer.RESPONSIBILITY, subject='emotional')
        """
        return FindingRef(
            code=self.code,
            area=self.area,
            pillar=self.pillar,
            layer=self.layer,
            subject=self.subject,
        )

    def sort_key(self) -> tuple[Any, ...]:
        """Most severe first, then by code, area, pillar, layer, subject and message."""
        return (
            -self.severity.rank,
            self.code,
            16 if self.area is None else self.area.index,
            4 if self.pillar is None else self.pillar.index,
            4 if self.layer is None else self.layer.index,
            self.subject or "",
            self.message,
        )

    def to_data(self) -> dict[str, JSONValue]:
        """The finding as JSON data (its consequences aside: the report nests them)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "area": area_data(self.area),
            "pillar": None if self.pillar is None else self.pillar.value,
            "layer": None if self.layer is None else self.layer.value,
            "subject": self.subject,
            "evidence": dict(self.evidence),
            "cause": None if self.cause is None else self.cause.to_data(),
            "context": self.context,
            "waived": self.waived,
            "waiver": None if self.waiver is None else self.waiver.to_mapping(),
            "basis": self.basis,
        }
