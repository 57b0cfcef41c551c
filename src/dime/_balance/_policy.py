"""How the balance checker is tuned: severities, rules, waivers and the policy."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

import attrs

from dime._balance._catalogue import CODES
from dime._fields import FrozenDict, WireEnum
from dime._framework import AREAS, Area, Layer, Pillar
from dime._model import JSONValue
from dime.exceptions import DimeError, InvalidPolicyError, Problem

if TYPE_CHECKING:
    from dime._balance._report import Finding
    from dime._balance._view import BalanceView

__all__ = ["Policy", "Rule", "Severity", "Waiver"]


class Severity(WireEnum):
    """How serious a finding is; severities compare, ``ERROR`` the highest.

    >>> from dime import Severity
    >>> Severity.ERROR > Severity.WARNING > Severity.INFO
    True
    >>> Severity("warning")
    Severity.WARNING
    >>> max([Severity.INFO, Severity.ERROR])
    Severity.ERROR
    """

    #: Part of the framework is missing or becoming non-existent.
    ERROR = "error"
    #: Part of the framework is out of balance and needs attention.
    WARNING = "warning"
    #: Worth knowing; nothing is wrong yet.
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for ``ERROR``, 1 for ``WARNING``, 0 for ``INFO``."""
        return _RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank


_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}

_MAX_DAYS: Final = timedelta.max.days
_CODE = re.compile(r"[A-Z]{2,}[0-9]+")
_PREFIX = re.compile(r"[A-Z]+[0-9]*")


class _Values:
    """A record's fields, typed as anything: validation checks what callers really passed."""

    def __init__(self, inst: object) -> None:
        self.__dict__.update(attrs.asdict(inst, recurse=False))  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - anything a caller passed
        raise AttributeError(name)


def _got(value: object) -> str:
    return f"got {value!r} ({type(value).__name__})"


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
        problems = _waiver_problems(self, "Waiver")
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
            out["area"] = {"pillar": self.area.pillar.value, "layer": self.area.layer.value}
        if self.pillar is not None:
            out["pillar"] = self.pillar.value
        if self.layer is not None:
            out["layer"] = self.layer.value
        if self.subject is not None:
            out["subject"] = self.subject
        if self.expires is not None:
            out["expires"] = self.expires.isoformat()
        return out


def _waiver_problems(waiver: Waiver, where: str) -> list[Problem]:
    w = _Values(waiver)
    problems = []
    if not isinstance(w.code, str) or not _CODE.fullmatch(w.code):
        problems.append(
            Problem(f"{where}.code", f"expected a rule code like 'DIME101', {_got(w.code)}")
        )
    if not isinstance(w.reason, str) or not w.reason.strip():
        problems.append(
            Problem(f"{where}.reason", f"expected a non-empty reason, {_got(w.reason)}")
        )
    for name, kind in (("area", Area), ("pillar", Pillar), ("layer", Layer)):
        value = getattr(w, name)
        if value is not None and type(value) is not kind:
            problems.append(
                Problem(f"{where}.{name}", f"expected a {kind.__name__} or None, {_got(value)}")
            )
    if w.subject is not None and (not isinstance(w.subject, str) or not w.subject.strip()):
        problems.append(
            Problem(f"{where}.subject", f"expected a non-empty string or None, {_got(w.subject)}")
        )
    if w.expires is not None and (
        not isinstance(w.expires, date) or isinstance(w.expires, datetime)
    ):
        problems.append(Problem(f"{where}.expires", f"expected a date or None, {_got(w.expires)}"))
    return problems


@attrs.frozen(kw_only=True)
class Rule:
    """A rule of your own, checked like a built-in one.

    A rule is a function that takes the checker's view of the organisation
    (a :class:`BalanceView`) and returns the findings it makes, each with the
    rule's ``code``.  Add rules to a policy with ``Policy(rules=[...])``; they
    are selected, ignored, waived and given severities like built-in ones.
    Codes are upper-case letters then digits; ``DIME`` is reserved for the
    built-in rules.

    Args:
        code: The rule's stable code, such as ``"ACME001"``.
        name: A short name, such as ``"too-few-gifts"``.
        severity: The severity of its findings unless the policy says otherwise.
        check: The function that makes the findings.
        doc: Its documentation, which :func:`dime.explain` shows.

    >>> import dime
    >>> planning = dime.FeedbackFolder.PLANNING
    >>> def planning_starved(view):
    ...     n = view.folders[planning]
    ...     if n < 10:
    ...         yield dime.Finding(code="ACME001", severity=dime.Severity.WARNING,
    ...                            area=planning.area, evidence={"filed": n},
    ...                            message=f"Only {n} suggestions reached planning.")
    >>> rule = dime.Rule(code="ACME001", name="planning-starved",
    ...                  severity=dime.Severity.WARNING, check=planning_starved,
    ...                  doc="Fewer than 10 pieces of feedback were filed for planning.")
    >>> report = dime.check(dime.example(), policy=dime.Policy(rules=[rule]))
    >>> [f.message for f in report.findings if f.code == "ACME001"]
    ['Only 4 suggestions reached planning.']
    >>> report = dime.check(dime.example(), policy=dime.Policy(rules=[rule], ignore=["ACME"]))
    >>> [f.message for f in report.findings if f.code == "ACME001"]
    []
    """

    code: str
    name: str
    severity: Severity
    check: Callable[[BalanceView], Iterable[Finding]] = attrs.field(eq=False)
    doc: str = ""

    def __attrs_post_init__(self) -> None:
        problems = []
        self_ = _Values(self)
        if not isinstance(self_.code, str) or not _CODE.fullmatch(self_.code):
            problems.append(
                Problem("Rule.code", f"expected upper-case letters then digits, {_got(self_.code)}")
            )
        elif self_.code.startswith("DIME"):
            problems.append(
                Problem(
                    "Rule.code",
                    f"codes starting with DIME are the built-in rules', got {self_.code!r}",
                )
            )
        if not isinstance(self_.name, str) or not self_.name.strip():
            problems.append(
                Problem("Rule.name", f"expected a non-empty string, {_got(self_.name)}")
            )
        if type(self_.severity) is not Severity:
            problems.append(
                Problem("Rule.severity", f"expected a Severity, {_got(self_.severity)}")
            )
        if not callable(self_.check):
            problems.append(Problem("Rule.check", f"expected a function, {_got(self_.check)}"))
        if not isinstance(self_.doc, str):
            problems.append(Problem("Rule.doc", f"expected a string, {_got(self_.doc)}"))
        if problems:
            raise InvalidPolicyError(problems)


def _equal_targets() -> Mapping[Area, float]:
    return FrozenDict(dict.fromkeys(AREAS, 1 / 16))


def _mapping(value: Any) -> Any:  # noqa: ANN401 - checked after conversion
    return FrozenDict(dict(value)) if isinstance(value, Mapping) else value


def _tuple(value: Any) -> Any:  # noqa: ANN401 - checked after conversion
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return value


_RATIOS: Final = {
    # field: (low, high, low inclusive)
    "neglected_ratio": (0.0, 1.0),
    "pillar_neglected_ratio": (0.0, 1.0),
    "layer_neglected_ratio": (0.0, 1.0),
    "fading_ratio": (0.0, 1.0),
    "thin_ratio": (0.0, 1.0),
    "folder_neglected_ratio": (0.0, 1.0),
    "max_unfiled_share": (0.0, 1.0),
    "dominant_ratio": (1.0, math.inf),
    "growth_ratio": (0.0, math.inf),
    "lagging_gap": (0.0, 5.0),
}


@attrs.frozen(kw_only=True)
class Policy:
    """How the balance checker is tuned: targets, thresholds, rule selection, waivers.

    The defaults follow the framework: every area has the same target share
    ("balanced means that all are equal, with nothing more important than
    the other"), activity counts over the last 180 days, and only errors make
    :attr:`Report.ok` false.  Every threshold is documented with the rule
    that uses it in :func:`dime.explain` and the rules page of the docs.

    Args:
        fail_on: The least severity that makes the report not ok; None never fails.
        select: Codes or code prefixes to check (``"ALL"`` for every rule),
            as in ruff: ``["DIME1", "DIME201"]``.
        ignore: Codes or prefixes not to check.  When a code matches both,
            the longer (more specific) entry wins; on a tie, ignore wins.
        severity: A severity per code, in place of the rule's default.
        targets: The target share of activity for each of the 16 areas;
            each more than 0, summing to 1.
        window: How far back activity counts, in whole days (at least 2).
        neglected_ratio: ``DIME102``: an area is neglected below this
            fraction of its target share.
        dominant_ratio: ``DIME103``: an area dominates above this multiple
            of its target share.
        pillar_neglected_ratio: ``DIME104`` (and ``DIME203``): a pillar is
            neglected below this fraction of its target share.
        layer_neglected_ratio: ``DIME105``: a layer is neglected below this
            fraction of its target share.
        fading_ratio: ``DIME106``: an area fades when its share in the recent
            half of the window is below this fraction of its earlier share.
        thin_ratio: ``DIME202``: a mindset is thin when its share of the
            capacity is below this fraction of its target share.
        growth_ratio: ``DIME203``: the Experiences pillar counts as strong at
            or above this multiple of its target share.
        max_unfiled_share: ``DIME301``: the largest share of feedback (junk
            aside) that may stay unfiled.
        folder_neglected_ratio: ``DIME303``: a folder is neglected below this
            fraction of its target share of the filed feedback.
        assessment_max_age: ``DIME601``: an area whose latest assessment is
            older than this counts as unassessed (whole days).
        lagging_gap: ``DIME602``: an area lags when its latest score is this
            many points (of 5) below the mean of the other areas.
        waivers: Findings to live with.
        rules: Rules of your own, checked after the built-in ones.

    Raises:
        InvalidPolicyError: A value is of the wrong type or out of range;
            every problem is listed, each naming its field.

    >>> import dime
    >>> policy = dime.Policy(ignore=["DIME7"], window=dime.Policy().window * 2)
    >>> policy.window.days
    360
    >>> dime.Policy(neglected_ratio=2)
    Traceback (most recent call last):
      ...
    dime.exceptions.InvalidPolicyError: 1 problem in the policy:
      neglected_ratio: expected a number from 0.0 to 1.0, got 2 (int)
    """

    fail_on: Severity | None = Severity.ERROR
    select: tuple[str, ...] = attrs.field(default=("ALL",), converter=_tuple)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    severity: Mapping[str, Severity] = attrs.field(
        factory=lambda: FrozenDict({}), converter=_mapping, hash=False
    )
    targets: Mapping[Area, float] = attrs.field(
        factory=_equal_targets, converter=_mapping, hash=False
    )
    window: timedelta = timedelta(days=180)
    neglected_ratio: float = 0.5
    dominant_ratio: float = 2.0
    pillar_neglected_ratio: float = 0.5
    layer_neglected_ratio: float = 0.5
    fading_ratio: float = 0.5
    thin_ratio: float = 0.5
    growth_ratio: float = 1.0
    max_unfiled_share: float = 0.1
    folder_neglected_ratio: float = 0.5
    assessment_max_age: timedelta = timedelta(days=730)
    lagging_gap: float = 1.5
    waivers: tuple[Waiver, ...] = attrs.field(default=(), converter=_tuple)
    rules: tuple[Rule, ...] = attrs.field(default=(), converter=_tuple)

    def __attrs_post_init__(self) -> None:
        problems = _policy_problems(self)
        if problems:
            raise InvalidPolicyError(problems)

    @property
    def codes(self) -> tuple[str, ...]:
        """Every code this policy knows: the built-in ones, then its own rules'."""
        return (*CODES, *(r.code for r in self.rules))

    def selects(self, code: str) -> bool:
        """Whether the rule with ``code`` is checked under this policy.

        >>> import dime
        >>> policy = dime.Policy(select=["DIME1"], ignore=["DIME10"], )
        >>> [policy.selects(c) for c in ("DIME101", "DIME110", "DIME201")]
        [False, True, False]
        """
        best_select = max((_match(p, code) for p in self.select), default=-1)
        best_ignore = max((_match(p, code) for p in self.ignore), default=-1)
        return best_select >= 0 and best_select > best_ignore

    def severity_of(self, code: str, default: Severity) -> Severity:
        """The severity findings with ``code`` get: the policy's, else ``default``."""
        return self.severity.get(code, default)

    @classmethod
    def from_mapping(cls, data: Mapping[str, object], *, rules: Iterable[Rule] = ()) -> Policy:
        """Build a policy from plain data, such as a parsed JSON or TOML policy file.

        The keys are the field names; durations (``window``,
        ``assessment_max_age``) are whole days; ``fail_on`` is ``"error"``,
        ``"warning"``, ``"info"`` or ``"never"``; ``severity`` maps codes to
        severity names; ``targets`` is a list of ``{"pillar", "layer",
        "share"}`` objects covering all 16 areas; ``waivers`` is a list of
        ``{"code", "reason", "area": {"pillar", "layer"}, "pillar", "layer",
        "subject", "expires": "YYYY-MM-DD"}`` objects.  The rules page of the
        docs shows a whole file.

        Args:
            data: The parsed file.
            rules: Rules of your own (these cannot be written in a file).

        Returns:
            The policy.

        Raises:
            InvalidPolicyError: Every problem found, each naming its key
                (``waivers[0].expires``, say); unknown keys are problems too.

        >>> import dime
        >>> policy = dime.Policy.from_mapping({"fail_on": "warning", "window": 90,
        ...     "waivers": [{"code": "DIME402", "subject": "warranty", "reason": "Moving",
        ...                  "expires": "2027-01-31"}]})
        >>> policy.window.days, policy.waivers[0].expires
        (90, datetime.date(2027, 1, 31))
        >>> dime.Policy.from_mapping({"windw": 90})
        Traceback (most recent call last):
          ...
        dime.exceptions.InvalidPolicyError: 1 problem in the policy:
          windw: unknown key; expected one of fail_on, select, ignore, severity, targets, window, neglected_ratio, dominant_ratio, pillar_neglected_ratio, layer_neglected_ratio, fading_ratio, thin_ratio, growth_ratio, max_unfiled_share, folder_neglected_ratio, assessment_max_age, lagging_gap, waivers
        """
        return _from_mapping(cls, data, tuple(rules))

    def to_mapping(self) -> dict[str, JSONValue]:
        """The policy as plain data that :meth:`from_mapping` reads back (its own rules aside).

        >>> import dime
        >>> policy = dime.Policy(fail_on=None, ignore=["DIME7"])
        >>> dime.Policy.from_mapping(policy.to_mapping()) == policy
        True
        """
        return {
            "fail_on": "never" if self.fail_on is None else self.fail_on.value,
            "select": list(self.select),
            "ignore": list(self.ignore),
            "severity": {code: s.value for code, s in sorted(self.severity.items())},
            "targets": [
                {"pillar": a.pillar.value, "layer": a.layer.value, "share": self.targets[a]}
                for a in AREAS
            ],
            "window": self.window.days,
            **{name: getattr(self, name) for name in _RATIOS},
            "assessment_max_age": self.assessment_max_age.days,
            "waivers": [w.to_mapping() for w in self.waivers],
        }


def _match(prefix: str, code: str) -> int:
    if prefix == "ALL":
        return 0
    return len(prefix) if code.startswith(prefix) else -1


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _policy_problems(policy: Policy) -> list[Problem]:  # noqa: C901, PLR0912
    p = _Values(policy)
    problems: list[Problem] = []
    add = problems.append
    if p.fail_on is not None and type(p.fail_on) is not Severity:
        add(Problem("fail_on", f"expected a Severity or None, {_got(p.fail_on)}"))

    rules_ok = isinstance(p.rules, tuple) and all(type(r) is Rule for r in p.rules)
    if not rules_ok:
        add(Problem("rules", f"expected a list of Rule, {_got(p.rules)}"))
    own = [r.code for r in p.rules] if rules_ok else []
    for i, code in enumerate(own):
        if code in own[:i]:
            add(Problem(f"rules[{i}].code", f"duplicate rule code {code!r}"))
    known = (*CODES, *own)

    for name in ("select", "ignore"):
        entries = getattr(p, name)
        if not isinstance(entries, tuple):
            add(Problem(name, f"expected a list of codes or prefixes, {_got(entries)}"))
            continue
        for i, entry in enumerate(entries):
            if not isinstance(entry, str) or not (entry == "ALL" or _PREFIX.fullmatch(entry)):
                add(
                    Problem(
                        f"{name}[{i}]", f"expected a code or prefix like 'DIME1', {_got(entry)}"
                    )
                )
            elif entry != "ALL" and not any(c.startswith(entry) for c in known):
                add(Problem(f"{name}[{i}]", f"{entry!r} matches no rule code"))

    if not isinstance(p.severity, Mapping):
        add(Problem("severity", f"expected a mapping of codes to severities, {_got(p.severity)}"))
    else:
        for code, sev in p.severity.items():
            if code not in known:
                add(Problem(f"severity[{code!r}]", f"{code!r} is not a rule code"))
            if type(sev) is not Severity:
                add(Problem(f"severity[{code!r}]", f"expected a Severity, {_got(sev)}"))

    _target_problems(p.targets, add)

    for name in ("window", "assessment_max_age"):
        value = getattr(p, name)
        lowest = 2 if name == "window" else 1
        if (
            not isinstance(value, timedelta)
            or value != timedelta(days=value.days)
            or value.days < lowest
        ):
            add(Problem(name, f"expected a whole number of days, at least {lowest}, {_got(value)}"))

    for name, (low, high) in _RATIOS.items():
        value = getattr(p, name)
        if not _is_number(value) or not low <= value <= high:
            add(Problem(name, f"expected a number from {low} to {high}, {_got(value)}"))

    if not isinstance(p.waivers, tuple):
        add(Problem("waivers", f"expected a list of Waiver, {_got(p.waivers)}"))
    else:
        for i, w in enumerate(p.waivers):
            if type(w) is not Waiver:
                add(Problem(f"waivers[{i}]", f"expected a Waiver, {_got(w)}"))
            elif w.code not in known:
                add(Problem(f"waivers[{i}].code", f"{w.code!r} is not a rule code"))
    return problems


def _target_problems(targets: object, add: Callable[[Problem], None]) -> None:
    if not isinstance(targets, Mapping):
        add(Problem("targets", f"expected a mapping of the 16 areas to shares, {_got(targets)}"))
        return
    for key in targets:
        if type(key) is not Area:
            add(Problem("targets", f"expected Area keys, {_got(key)}"))
            return
    missing = [a for a in AREAS if a not in targets]
    if missing:
        add(Problem("targets", f"missing {len(missing)} of the 16 areas: first {missing[0]!r}"))
        return
    bad = False
    for a in AREAS:
        share = targets[a]
        if not _is_number(share) or not 0 < share <= 1:
            add(
                Problem(
                    f"targets[{a!r}]", f"expected a share more than 0 and at most 1, {_got(share)}"
                )
            )
            bad = True
    if not bad:
        total = math.fsum(targets[a] for a in AREAS)
        if abs(total - 1) > 1e-9:
            add(Problem("targets", f"the shares should sum to 1, got {total!r}"))


_FIELDS: Final = (
    "fail_on",
    "select",
    "ignore",
    "severity",
    "targets",
    "window",
    *_RATIOS,
    "assessment_max_age",
    "waivers",
)
# Order the listing as the class declares its fields.
_FIELDS_IN_ORDER: Final = tuple(f.name for f in attrs.fields(Policy) if f.name in _FIELDS)


def _from_mapping(cls: type[Policy], data: object, rules: tuple[Rule, ...]) -> Policy:  # noqa: C901, PLR0912, PLR0915
    if not isinstance(data, Mapping):
        raise InvalidPolicyError([Problem("", f"expected a mapping, {_got(data)}")])
    problems: list[Problem] = []
    add = problems.append
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _FIELDS:
            add(Problem(str(key), "unknown key; expected one of " + ", ".join(_FIELDS_IN_ORDER)))
            continue
        if key == "fail_on":
            if value in ("never", None):
                kwargs[key] = None
            elif isinstance(value, str) and value in Severity._value2member_map_:
                kwargs[key] = Severity(value)
            else:
                add(Problem(key, f"expected 'error', 'warning', 'info' or 'never', {_got(value)}"))
        elif key in ("select", "ignore"):
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]  # noqa: PLW2901
            if not isinstance(value, (list, tuple)):
                add(Problem(key, f"expected a list of codes, {_got(value)}"))
            else:
                kwargs[key] = tuple(value)
        elif key == "severity":
            if not isinstance(value, Mapping):
                add(Problem(key, f"expected a mapping of codes to severities, {_got(value)}"))
                continue
            sev = {}
            for code, name in value.items():
                if isinstance(name, str) and name in Severity._value2member_map_:
                    sev[code] = Severity(name)
                else:
                    add(
                        Problem(
                            f"severity.{code}",
                            f"expected 'error', 'warning' or 'info', {_got(name)}",
                        )
                    )
            kwargs[key] = sev
        elif key == "targets":
            kwargs[key] = _targets_from(value, add)
        elif key in ("window", "assessment_max_age"):
            if type(value) is int and 0 < value <= _MAX_DAYS:
                kwargs[key] = timedelta(days=value)
            else:
                add(
                    Problem(
                        key, f"expected a whole number of days, 1 to {_MAX_DAYS}, {_got(value)}"
                    )
                )
        elif key == "waivers":
            if not isinstance(value, (list, tuple)):
                add(Problem(key, f"expected a list of waivers, {_got(value)}"))
                continue
            waivers = []
            for i, item in enumerate(value):
                w = _waiver_from(item, f"waivers[{i}]", add)
                if w is not None:
                    waivers.append(w)
            kwargs[key] = tuple(waivers)
        else:
            kwargs[key] = value
    if problems:
        raise InvalidPolicyError(problems)
    try:
        return cls(**kwargs, rules=rules)
    except InvalidPolicyError as err:
        raise InvalidPolicyError(err.problems) from None


def _area_from(value: object, where: str, add: Callable[[Problem], None]) -> Area | None:
    if not isinstance(value, Mapping) or set(value) != {"pillar", "layer"}:
        add(Problem(where, f"expected {{'pillar': ..., 'layer': ...}}, {_got(value)}"))
        return None
    try:
        return Area(Pillar(value["pillar"]), Layer(value["layer"]))
    except DimeError as err:
        add(Problem(where, str(err).split("\n  ", 1)[-1]))
        return None


def _targets_from(value: object, add: Callable[[Problem], None]) -> dict[Area, object] | None:
    if not isinstance(value, (list, tuple)):
        add(
            Problem(
                "targets", f"expected a list of {{pillar, layer, share}} objects, {_got(value)}"
            )
        )
        return None
    out: dict[Area, object] = {}
    for i, item in enumerate(value):
        where = f"targets[{i}]"
        if not isinstance(item, Mapping) or set(item) != {"pillar", "layer", "share"}:
            add(Problem(where, f"expected {{'pillar', 'layer', 'share'}}, {_got(item)}"))
            continue
        area = _area_from({"pillar": item["pillar"], "layer": item["layer"]}, where, add)
        if area is None:
            continue
        if area in out:
            add(Problem(where, f"{area!r} is given twice"))
        out[area] = item["share"]
    return out


def _waiver_from(  # noqa: C901, PLR0912 - one branch per key of the file format
    item: object, where: str, add: Callable[[Problem], None]
) -> Waiver | None:
    keys = ("code", "reason", "area", "pillar", "layer", "subject", "expires")
    if not isinstance(item, Mapping):
        add(Problem(where, f"expected a mapping, {_got(item)}"))
        return None
    unknown = [k for k in item if k not in keys]
    for k in unknown:
        add(Problem(f"{where}.{k}", "unknown key; expected one of " + ", ".join(keys)))
    kwargs: dict[str, Any] = {k: item[k] for k in keys if k in item}
    for k in ("code", "reason"):
        if k not in item:
            add(Problem(f"{where}.{k}", "missing"))
    if "area" in item:
        kwargs["area"] = _area_from(item["area"], f"{where}.area", add)
    for k, kind in (("pillar", Pillar), ("layer", Layer)):
        if k in item:
            try:
                kwargs[k] = kind(item[k])
            except DimeError as err:
                add(Problem(f"{where}.{k}", str(err).split("\n  ", 1)[-1]))
    expires = item.get("expires")
    if isinstance(expires, str):
        try:
            kwargs["expires"] = date.fromisoformat(expires)
        except ValueError:
            add(Problem(f"{where}.expires", f"expected a date as YYYY-MM-DD, got {expires!r}"))
    if unknown or any(k not in item for k in ("code", "reason")):
        return None
    try:
        return Waiver(**kwargs)
    except InvalidPolicyError as err:
        for p in err.problems:
            add(Problem(p.path.replace("Waiver", where, 1), p.message))
        return None
