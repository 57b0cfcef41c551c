"""What the balance checker finds: findings and the report that holds them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from dime._balance._policy import Policy, Severity, Waiver, _Values
from dime._fields import FrozenDict
from dime._framework import AREAS, Area, Layer, Pillar
from dime._model import EMPTY_METADATA, JSONValue
from dime.exceptions import InvalidFieldError, Problem

if TYPE_CHECKING:
    from dime._balance._view import BalanceView

__all__ = ["Finding", "Report"]

#: The version of the data :meth:`Report.to_data` returns.
REPORT_VERSION = 1


def _area_pillar(self: Finding) -> Pillar | None:
    return None if self.area is None else self.area.pillar


def _area_layer(self: Finding) -> Layer | None:
    return None if self.area is None else self.area.layer


def _evidence(value: Any) -> Any:  # noqa: ANN401 - checked after conversion
    if value is EMPTY_METADATA:
        return value
    return FrozenDict(dict(value)) if isinstance(value, Mapping) else value


@attrs.frozen(kw_only=True)
class Finding:
    """One thing the checker found: a code, a severity and a plain sentence.

    ``pillar`` and ``layer`` default to the area's.  ``evidence`` holds the
    figures that triggered it.  A waived finding carries its ``waiver``.

    >>> import dime
    >>> report = dime.check(dime.example())
    >>> finding = report.findings[0]
    >>> finding.code, finding.severity
    ('DIME101', Severity.ERROR)
    >>> print(finding.message)
    Nothing was done in 'Organisational attitudes' (D, coordination) in the last 180 days: this area is becoming non-existent.
    """

    code: str
    severity: Severity
    message: str
    area: Area | None = None
    pillar: Pillar | None = attrs.field(default=attrs.Factory(_area_pillar, takes_self=True))
    layer: Layer | None = attrs.field(default=attrs.Factory(_area_layer, takes_self=True))
    subject: str | None = None
    evidence: Mapping[str, JSONValue] = attrs.field(
        default=EMPTY_METADATA, converter=_evidence, hash=False
    )
    waiver: Waiver | None = None

    def __attrs_post_init__(self) -> None:
        problems = []
        v = _Values(self)
        if not isinstance(v.code, str) or not v.code:
            problems.append(Problem("Finding.code", f"expected a rule code, got {v.code!r}"))
        if type(v.severity) is not Severity:
            problems.append(Problem("Finding.severity", f"expected a Severity, got {v.severity!r}"))
        if not isinstance(v.message, str) or not v.message.strip():
            problems.append(Problem("Finding.message", f"expected a sentence, got {v.message!r}"))
        for name, kind in (("area", Area), ("pillar", Pillar), ("layer", Layer)):
            value = getattr(v, name)
            if value is not None and type(value) is not kind:
                problems.append(
                    Problem(f"Finding.{name}", f"expected a {kind.__name__} or None, got {value!r}")
                )
        if v.subject is not None and not isinstance(v.subject, str):
            problems.append(
                Problem("Finding.subject", f"expected a string or None, got {v.subject!r}")
            )
        if not isinstance(v.evidence, Mapping):
            problems.append(Problem("Finding.evidence", f"expected a mapping, got {v.evidence!r}"))
        if problems:
            raise InvalidFieldError(problems)

    @property
    def waived(self) -> bool:
        """Whether a waiver in the policy covers this finding."""
        return self.waiver is not None

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
        """The finding as JSON-able data."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "area": None
            if self.area is None
            else {"pillar": self.area.pillar.value, "layer": self.area.layer.value},
            "pillar": None if self.pillar is None else self.pillar.value,
            "layer": None if self.layer is None else self.layer.value,
            "subject": self.subject,
            "evidence": dict(self.evidence),
            "waived": self.waived,
            "waiver": None if self.waiver is None else self.waiver.to_mapping(),
        }


def _signal_problem(signal: object, known: Mapping[str, object]) -> InvalidFieldError:
    return InvalidFieldError(
        [Problem("signal", f"expected one of {', '.join(map(repr, known))}, got {signal!r}")]
    )


@attrs.frozen(kw_only=True)
class Report:
    """The balance of one organisation: signals, evenness and findings.

    Made by :func:`dime.check`; a pure function of its inputs.

    >>> import dime
    >>> report = dime.check(dime.example())
    >>> report.ok
    False
    >>> report.now.isoformat()
    '2026-10-31T14:40:00+00:00'
    >>> round(report.evenness, 2)
    0.71
    >>> sorted(report.signal_evenness)
    ['assessments', 'responsibility', 'review', 'touchpoints', 'work']
    >>> round(sum(report.shares.values()), 9)
    1.0
    >>> report.flagged >= {dime.Foundation.ORGANISATIONAL_ATTITUDES.area}
    True
    """

    #: The organisation's name.
    name: str
    #: The moment the report is made for.
    now: datetime
    #: The policy in force.
    policy: Policy
    #: Every finding, most severe first, then by code and area.
    findings: tuple[Finding, ...]
    #: No unwaived finding at or above the policy's ``fail_on``.
    ok: bool
    #: The share of the work in the window per area (all 0.0 with no work).
    shares: Mapping[Area, float] = attrs.field(hash=False)
    #: The target share per area.
    targets: Mapping[Area, float] = attrs.field(hash=False)
    #: The mean evenness of the signals that could be evaluated, or None.
    evenness: float | None
    #: The evenness per signal, None where not evaluated.
    signal_evenness: Mapping[str, float | None] = attrs.field(hash=False)
    #: Areas with an unwaived finding of severity warning or above.
    flagged: frozenset[Area]
    #: The first day of the window (UTC).
    since: date
    #: Everything the rules saw.
    view: BalanceView = attrs.field(repr=False, eq=False, hash=False)
    _matrices: Mapping[str, Mapping[Area, float]] = attrs.field(hash=False, repr=False)

    def matrix(self, signal: str = "work") -> Mapping[Area, float]:
        """The activity per area for ``signal``: a 4x4 grid addressable by :class:`Area`.

        ``"work"`` is effort in the window; ``"review"`` the feedback filed in
        each folder (review row); ``"responsibility"`` the summed share of
        holders' time per mindset (responsibility row); ``"touchpoints"`` the
        touchpoints serving each pillar, spread evenly over its column (a
        quarter in each area); ``"assessments"`` the latest score (0 where
        unassessed).

        Raises:
            InvalidFieldError: ``signal`` is not one of the five.

        >>> import dime
        >>> report = dime.check(dime.example())
        >>> report.matrix("review")[dime.FeedbackFolder.PLANNING.area]
        4.0
        """
        try:
            return self._matrices[signal]
        except (KeyError, TypeError):
            raise _signal_problem(signal, self._matrices) from None

    def pillar_totals(self, signal: str = "work") -> Mapping[Pillar, float]:
        """The signal's activity summed per pillar."""
        grid = self.matrix(signal)
        return FrozenDict(self.view.pillar_totals(grid))

    def layer_totals(self, signal: str = "work") -> Mapping[Layer, float]:
        """The signal's activity summed per layer."""
        grid = self.matrix(signal)
        return FrozenDict(self.view.layer_totals(grid))

    def pillar_shares(self, signal: str = "work") -> Mapping[Pillar, float]:
        """The signal's share per pillar (all 0.0 with no activity).

        >>> import dime
        >>> shares = dime.check(dime.example()).pillar_shares()
        >>> shares[dime.Pillar.D] < shares[dime.Pillar.E]
        True
        """
        return FrozenDict(_shares(self.pillar_totals(signal)))

    def layer_shares(self, signal: str = "work") -> Mapping[Layer, float]:
        """The signal's share per layer (all 0.0 with no activity)."""
        return FrozenDict(_shares(self.layer_totals(signal)))

    @property
    def active(self) -> tuple[Finding, ...]:
        """The findings not waived."""
        return tuple(f for f in self.findings if not f.waived)

    def records(self) -> list[dict[str, object]]:
        """Tidy rows for pandas: one per signal and area.

        Each row has ``signal``, ``pillar`` (letter), ``layer``, ``area``
        (title), ``value``, ``share`` (of the signal's total), ``target`` and
        ``flagged``.

        >>> import dime
        >>> rows = dime.check(dime.example()).records()
        >>> len(rows)
        80
        >>> sorted(rows[0])
        ['area', 'flagged', 'layer', 'pillar', 'share', 'signal', 'target', 'value']
        """
        rows: list[dict[str, object]] = []
        for signal, grid in self._matrices.items():
            shares = _shares(grid)
            rows.extend(
                {
                    "signal": signal,
                    "pillar": a.pillar.letter,
                    "layer": a.layer.value,
                    "area": a.title,
                    "value": grid[a],
                    "share": shares[a],
                    "target": self.targets[a],
                    "flagged": a in self.flagged,
                }
                for a in AREAS
            )
        return rows

    def to_data(self) -> dict[str, JSONValue]:
        """The report as JSON-able data, versioned with ``"dime_report": 1``.

        Keys: ``dime_report`` (the version), ``name``, ``now`` (ISO 8601),
        ``window`` (``since``, ``until`` and ``days``), ``ok``, ``evenness``,
        ``signals`` (per signal: ``evenness`` and ``matrix``, a list of
        ``{pillar, layer, value}`` in grid order), ``shares`` and ``targets``
        (lists of ``{pillar, layer, share}``), ``flagged`` (a list of
        ``{pillar, layer}``), ``findings`` (each with ``code``, ``severity``,
        ``message``, ``area``, ``pillar``, ``layer``, ``subject``,
        ``evidence``, ``waived`` and ``waiver``), ``policy`` (in the shape
        :meth:`Policy.from_mapping` reads) and ``custom_rules`` (the codes of
        the policy's own rules).

        >>> import dime, json
        >>> data = dime.check(dime.example()).to_data()
        >>> data["dime_report"], data["findings"][0]["code"]
        (1, 'DIME101')
        >>> json.loads(json.dumps(data)) == data
        True
        """

        def grid(values: Mapping[Area, float], key: str) -> list[JSONValue]:
            return [
                {"pillar": a.pillar.value, "layer": a.layer.value, key: values[a]} for a in AREAS
            ]

        return {
            "dime_report": REPORT_VERSION,
            "name": self.name,
            "now": self.now.isoformat(),
            "window": {
                "since": self.since.isoformat(),
                "until": self.view.until.isoformat(),
                "days": self.view.window_days,
            },
            "ok": self.ok,
            "evenness": self.evenness,
            "signals": {
                signal: {
                    "evenness": self.signal_evenness[signal],
                    "matrix": grid(values, "value"),
                }
                for signal, values in self._matrices.items()
            },
            "shares": grid(self.shares, "share"),
            "targets": grid(self.targets, "share"),
            "flagged": [
                {"pillar": a.pillar.value, "layer": a.layer.value}
                for a in AREAS
                if a in self.flagged
            ],
            "findings": [f.to_data() for f in self.findings],
            "policy": self.policy.to_mapping(),
            "custom_rules": [r.code for r in self.policy.rules],
        }

    def __repr__(self) -> str:
        """A one-line summary; ``str()`` gives the whole report.

        >>> import dime
        >>> dime.check(dime.example())
        Report(name='Larkspur Home & Garden', now='2026-10-31T14:40:00+00:00', ok=False, evenness=0.71, findings='5 errors, 30 warnings, 9 info')
        """
        from dime._render._common import tally  # noqa: PLC0415 - rendering loads only when shown

        evenness = "None" if self.evenness is None else f"{self.evenness:.2f}"
        return (
            f"Report(name={self.name!r}, now={self.now.isoformat()!r}, ok={self.ok}, "
            f"evenness={evenness}, findings={tally(self.findings)!r})"
        )

    def __str__(self) -> str:
        """The report as text: the grid with shares and flags, evenness, findings by severity."""
        from dime._render import report_text  # noqa: PLC0415 - rendering loads only when shown

        return report_text(self)

    def _repr_html_(self) -> str:
        """The report as HTML for notebooks: a heatmap of the grid, then the findings."""
        from dime._render import report_html  # noqa: PLC0415 - rendering loads only when shown

        return report_html(self)

    def _repr_markdown_(self) -> str:
        """The report as Markdown for notebooks and issue trackers."""
        from dime._render import report_markdown  # noqa: PLC0415 - rendering loads only when shown

        return report_markdown(self)


_K = TypeVar("_K")


def _shares(values: Mapping[_K, float]) -> dict[_K, float]:
    total = math.fsum(values.values())
    if total <= 0:
        return dict.fromkeys(values, 0.0)
    return {k: v / total for k, v in values.items()}
