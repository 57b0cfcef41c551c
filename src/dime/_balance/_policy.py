"""How the balance checker is tuned: targets, thresholds, rule selection and waivers."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping
from datetime import date, timedelta
from typing import Any, Final

import attrs

from dime._balance._common import FrozenMap, Given, Severity, frozen, got, is_number
from dime._balance._finding import Finding, FindingRef, Waiver, area_data
from dime._balance._scores import DEFAULT_MINIMUM_RESPONSES
from dime._framework import AREAS, Area, Layer, Pillar
from dime._model import JSONValue
from dime._problems import ProblemCollector, index_path, key_path, shown
from dime._wire import json_problem
from dime.exceptions import (
    InvalidDocumentError,
    InvalidPolicyError,
    PolicyTypeError,
    Problem,
    ValidationError,
)

__all__ = ["Policy", "policy_from_data", "waiver_from_data"]

_MAX_DAYS: Final = timedelta.max.days
_PREFIX: Final = re.compile(r"[A-Z]+[0-9]*")


def _equal_targets() -> FrozenMap[Area, float]:
    return FrozenMap(dict.fromkeys(AREAS, 1 / 16))


def _tuple(value: Any) -> Any:  # noqa: ANN401 - checked after conversion
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return value


def _optional_tuple(value: Any) -> Any:  # noqa: ANN401 - checked after conversion
    return None if value is None else _tuple(value)


# Each ratio: (lowest, highest).
_RATIOS: Final = {
    "neglected_ratio": (0.0, 1.0),
    "dominant_ratio": (1.0, math.inf),
    "pillar_neglected_ratio": (0.0, 1.0),
    "pillar_dominant_ratio": (1.0, math.inf),
    "fading_ratio": (0.0, 1.0),
    "max_unfiled_share": (0.0, 1.0),
    "max_unfiled_complaint_share": (0.0, 1.0),
    "max_unanswered_complaint_share": (0.0, 1.0),
    "unfiled_unowned_share": (0.0, 1.0),
    "one_folder_share": (0.5, 1.0),
    "lagging_gap": (0.0, 5.0),
    "score_tolerance": (0.0, 5.0),
    "complaint_rise_ratio": (1.0, math.inf),
}
# Each duration in whole days: its least number of days.
_DURATIONS: Final = {
    "window": 2,
    "half_life": 1,
    "absent_after": 1,
    "idle_after": 1,
    "fading_period": 1,
    "complaint_days": 0,
    "assessment_max_age": 1,
}
# Each whole number: (lowest, highest).
_COUNTS: Final = {
    "fading_periods": (1, 24),
    "crossover_holders": (2, 1000),
    "small_organisation_holders": (0, 1000),
    "minimum_responses": (1, 1_000_000),
    "score_months": (1, 24),
    "minimum_complaints": (1, 1_000_000),
}


@attrs.frozen(kw_only=True)
class Policy:
    """How the balance checker is tuned: targets, thresholds, rule selection, waivers.

    Every area has the same target share by default: the library reads
    "Balanced means that all are equal, with nothing more important than
    the other." as equal attention for every area (our reading: the sentence
    is about importance).  Attention counts in full over the last 180 days
    and fades by half every 90 days after that; an area is called absent
    (an error) only after a year with no attention of any kind.  Only errors
    make :attr:`Report.ok` false.  Every threshold is documented with the
    rule that uses it in :func:`dime.explain` and on the rules page of the
    docs.  A policy is plain data: it pickles, and :meth:`to_mapping` and
    :meth:`from_mapping` round-trip it.

    Args:
        fail_on: The least severity that makes the report not ok; None never fails.
        select: Codes or code prefixes to check (``"ALL"`` for every rule),
            as in ruff: ``["DIME1", "DIME201"]``.
        ignore: Codes or prefixes not to check.  When a code matches both,
            the longer (more specific) entry wins; on a tie, ignore wins.
        severity: A severity per code, in place of the rule's default.
        targets: The target share of attention for each of the 16 areas;
            each more than 0, summing to 1.  Each layer is balanced against
            its own row of targets, scaled to sum to 1.
        window: How far back attention counts in full (whole days, at least 2).
        half_life: After it leaves the window, attention counts half as
            much every this many days.
        absent_after: ``DIME101``: an area with no attention of any kind for
            this long is becoming non-existent; before that it is quiet
            (``DIME107``).
        idle_after: ``DIME110``: an attended area with nothing under way
            for this long is going quiet (whole days).
        neglected_ratio: ``DIME102``: an attended area is neglected below
            this fraction of its target share of its layer (also the
            supporting mindsets of ``DIME203``, and where ``DIME106`` starts).
        dominant_ratio: ``DIME103``: an area dominates above this multiple
            of its target share of its layer.
        pillar_neglected_ratio: ``DIME104``: a pillar is neglected below
            this fraction of its target share.
        pillar_dominant_ratio: ``DIME108``: a pillar dominates above this
            multiple of its target share.
        fading_ratio: ``DIME106``: an area fades when its share fell in each
            of the last ``fading_periods`` periods, to below this fraction of
            where it started.
        fading_period: ``DIME106``: the length of each period.
        fading_periods: ``DIME106``: how many periods in a row the share must fall.
        max_unfiled_share: ``DIME301``: the largest share of the feedback
            received in the window (junk aside) that may stay unfiled.
        max_unfiled_complaint_share: ``DIME304``: the largest share of the
            complaints received in the window, and older than
            ``complaint_days``, that may stay unfiled.
        complaint_days: ``DIME304``, ``DIME306``: how long a complaint may wait to be
            filed (or assigned, or addressed by an initiative).
        max_unanswered_complaint_share: ``DIME306``: the largest share of the
            complaints received in the window, and older than ``complaint_days``,
            that may be neither filed, assigned nor addressed by an initiative.
        unfiled_unowned_share: ``DIME301``, ``DIME304``: when at least this
            share of the unfiled feedback (or complaints) came through
            touchpoints nobody owns, the finding says so; it follows from the
            ``DIME402`` naming them when they brought more than this share (a
            ``DIME304`` only when no ``DIME301`` fires: its complaints are part of
            that unfiled feedback).
        one_folder_share: ``DIME305``: the share of the feedback filed in
            the window above which one folder holds it all, when the others
            are absent or quiet.
        crossover_holders: ``DIME206``: how many holders of one mindset in
            one department count as a crossover when another mindset has no holder.
        small_organisation_holders: ``DIME201``: an organisation with at most
            this many people holding mindsets, in all, is small: nobody holding a
            mindset there is a warning (name who holds it), not an error.
        operational_departments: ``DIME205``: the departments that run the
            operations; None (the default) takes the departments that own
            customer touchpoints.
        assessment_max_age: ``DIME601``: an area whose latest assessment is
            older than this counts as unassessed (whole days).
        lagging_gap: ``DIME602``: an area lags when its latest score is this
            many points (of 5) below the mean of the other areas.
        score_tolerance: ``DIME102``: an area with work under way whose
            latest assessment is at most this many points (of 5) below the
            mean of the other areas' is not called neglected for a low share
            of effort.
        minimum_responses: The fewest responses a score is computed from,
            in the report and in ``DIME801`` and ``DIME802`` (on both sides of
            each comparison); below it a score is ``too few responses``.
        score_months: ``DIME802``, ``DIME805``: the recent period is the last
            this many calendar months (UTC), the month of the check included, and
            it is compared with the same number of months before it.
        minimum_complaints: ``DIME805``: the fewest complaints at a touchpoint in
            the recent period for a rise to be read.
        complaint_rise_ratio: ``DIME805``: complaints rose when the recent period
            holds clearly more than this many times the period before's.
        waivers: Findings to live with.

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
      $.neglected_ratio: expected a number from 0.0 to 1.0, got 2 (int)
    """

    fail_on: Severity | None = Severity.ERROR
    select: tuple[str, ...] = attrs.field(default=("ALL",), converter=_tuple)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    severity: Mapping[str, Severity] = attrs.field(factory=FrozenMap, converter=frozen, hash=False)
    targets: Mapping[Area, float] = attrs.field(
        factory=_equal_targets, converter=frozen, hash=False
    )
    window: timedelta = timedelta(days=180)
    half_life: timedelta = timedelta(days=90)
    absent_after: timedelta = timedelta(days=365)
    idle_after: timedelta = timedelta(days=90)
    neglected_ratio: float = 0.5
    dominant_ratio: float = 2.0
    pillar_neglected_ratio: float = 0.5
    pillar_dominant_ratio: float = 1.6
    fading_ratio: float = 0.5
    fading_period: timedelta = timedelta(days=60)
    fading_periods: int = 3
    max_unfiled_share: float = 0.1
    max_unfiled_complaint_share: float = 0.05
    complaint_days: timedelta = timedelta(days=14)
    max_unanswered_complaint_share: float = 0.01
    unfiled_unowned_share: float = 0.5
    one_folder_share: float = 0.9
    crossover_holders: int = 3
    small_organisation_holders: int = 3
    operational_departments: tuple[str, ...] | None = attrs.field(
        default=None, converter=_optional_tuple
    )
    assessment_max_age: timedelta = timedelta(days=730)
    lagging_gap: float = 1.5
    score_tolerance: float = 0.5
    minimum_responses: int = DEFAULT_MINIMUM_RESPONSES
    score_months: int = 3
    minimum_complaints: int = 20
    complaint_rise_ratio: float = 2.0
    waivers: tuple[Waiver, ...] = attrs.field(default=(), converter=_tuple)

    def __attrs_post_init__(self) -> None:
        problems = _rooted(_policy_problems(self))
        if problems:
            raise InvalidPolicyError.of(problems)

    def selects(self, code: str) -> bool:
        """Whether the rule with ``code`` is checked under this policy.

        >>> import dime
        >>> policy = dime.Policy(select=["DIME1"], ignore=["DIME10"])
        >>> [policy.selects(c) for c in ("DIME101", "DIME110", "DIME201")]
        [False, True, False]
        """
        best_select = max((_match(p, code) for p in self.select), default=-1)
        best_ignore = max((_match(p, code) for p in self.ignore), default=-1)
        return best_select >= 0 and best_select > best_ignore

    def severity_of(self, code: str, default: Severity) -> Severity:
        """The severity findings with ``code`` get: the policy's, else ``default``."""
        return self.severity.get(code, default)

    def code_problems(self, codes: Collection[str]) -> list[Problem]:
        """Every code or prefix the policy names that matches none of ``codes``.

        :func:`dime.check` and :func:`dime.explain` ask this of the rules in
        play (built-in, installed rule packs and rules passed in), and raise
        :class:`~dime.exceptions.InvalidPolicyError` with the problems.

        >>> import dime
        >>> dime.Policy(ignore=["DIME9"]).code_problems(dime.rule_codes())
        [Problem(path='$.ignore[0]', message="'DIME9' matches no rule code")]
        """
        known = list(codes)
        problems = []
        for name in ("select", "ignore"):
            for i, entry in enumerate(getattr(self, name)):
                if entry != "ALL" and not any(c.startswith(entry) for c in known):
                    problems.append(Problem(f"{name}[{i}]", f"{entry!r} matches no rule code"))
        problems += [
            Problem(f"severity[{code!r}]", f"{code!r} is not a rule code")
            for code in self.severity
            if code not in known
        ]
        problems += [
            Problem(f"waivers[{i}].code", f"{w.code!r} is not a rule code")
            for i, w in enumerate(self.waivers)
            if w.code not in known
        ]
        return _rooted(problems)

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Policy:
        """Build a policy from plain data, such as a parsed JSON or TOML policy file.

        The keys are the field names; durations (``window``, ``half_life``,
        ``absent_after``, ``idle_after``, ``fading_period``,
        ``complaint_days``, ``assessment_max_age``) are whole days; ``fail_on`` is ``"error"``,
        ``"warning"``, ``"info"`` or ``"never"``; ``severity`` maps codes to
        severity names; ``targets`` is a list of ``{"pillar", "layer",
        "share"}`` or ``{"area", "share"}`` objects covering all 16 areas;
        ``waivers`` is a list of ``{"code", "reason", "area", "pillar",
        "layer", "subject", "expires": "YYYY-MM-DD"}`` objects.  An area is
        ``{"pillar", "layer"}``, its title (``"Listening to customers"``) or
        a short form (``"D/review"``), as :meth:`dime.Area.from_name` reads it.
        :func:`dime.from_dict` with :class:`Policy` reads the same data.  The
        rules page of the docs shows a whole file.

        Args:
            data: The parsed file.

        Returns:
            The policy.

        Raises:
            InvalidPolicyError: Every problem found, each with its path from
                ``$`` (``$.waivers[0].expires``, say); unknown keys are
                problems too.  A :class:`~dime.exceptions.PolicyTypeError`
                (also a ``TypeError``) when a value is of the wrong type.

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
          $.windw: unknown key; expected one of fail_on, select, ignore, severity, targets, window, half_life, absent_after, idle_after, neglected_ratio, dominant_ratio, pillar_neglected_ratio, pillar_dominant_ratio, fading_ratio, fading_period, fading_periods, max_unfiled_share, max_unfiled_complaint_share, complaint_days, max_unanswered_complaint_share, unfiled_unowned_share, one_folder_share, crossover_holders, small_organisation_holders, operational_departments, assessment_max_age, lagging_gap, score_tolerance, minimum_responses, score_months, minimum_complaints, complaint_rise_ratio, waivers
        """
        return _from_mapping(cls, data)

    def to_mapping(self) -> dict[str, JSONValue]:
        """The policy as plain data that :meth:`from_mapping` reads back.

        >>> import dime
        >>> policy = dime.Policy(fail_on=None, ignore=["DIME7"])
        >>> dime.Policy.from_mapping(policy.to_mapping()) == policy
        True
        """
        out: dict[str, JSONValue] = {}
        for name in _FIELDS:
            value = getattr(self, name)
            if name == "fail_on":
                out[name] = "never" if value is None else value.value
            elif name in ("select", "ignore"):
                out[name] = list(value)
            elif name == "severity":
                out[name] = {code: s.value for code, s in sorted(value.items())}
            elif name == "targets":
                out[name] = [{**(area_data(a) or {}), "share": value[a]} for a in AREAS]
            elif name in _DURATIONS:
                out[name] = value.days
            elif name == "operational_departments":
                out[name] = None if value is None else list(value)
            elif name == "waivers":
                out[name] = [w.to_mapping() for w in value]
            else:
                out[name] = value
        return out


def _rooted(problems: list[Problem]) -> list[Problem]:
    """Problems named by field (``window``, ``waivers[0]``), with their paths from ``$``."""
    return [Problem(f"$.{p.path}", p.message, wrong_type=p.wrong_type) for p in problems]


def _match(prefix: str, code: str) -> int:
    if prefix == "ALL":
        return 0
    return len(prefix) if code.startswith(prefix) else -1


def _policy_problems(policy: Policy) -> list[Problem]:  # noqa: C901, PLR0912
    p = Given(policy)
    problems: list[Problem] = []
    add = problems.append
    if p.fail_on is not None and type(p.fail_on) is not Severity:
        add(Problem("fail_on", f"expected a Severity or None, {got(p.fail_on)}"))

    for name in ("select", "ignore"):
        entries = getattr(p, name)
        if not isinstance(entries, tuple):
            add(Problem(name, f"expected a list of codes or prefixes, {got(entries)}"))
            continue
        for i, entry in enumerate(entries):
            if not isinstance(entry, str) or not (entry == "ALL" or _PREFIX.fullmatch(entry)):
                add(
                    Problem(f"{name}[{i}]", f"expected a code or prefix like 'DIME1', {got(entry)}")
                )

    if not isinstance(p.severity, Mapping):
        add(Problem("severity", f"expected a mapping of codes to severities, {got(p.severity)}"))
    else:
        for code, sev in p.severity.items():
            if not isinstance(code, str) or not _PREFIX.fullmatch(code):
                add(Problem(f"severity[{code!r}]", f"expected a rule code, {got(code)}"))
            if type(sev) is not Severity:
                add(Problem(f"severity[{code!r}]", f"expected a Severity, {got(sev)}"))

    _target_problems(p.targets, add)

    for name, lowest in _DURATIONS.items():
        value = getattr(p, name)
        if (
            not isinstance(value, timedelta)
            or value != timedelta(days=value.days)
            or value.days < lowest
        ):
            add(Problem(name, f"expected a whole number of days, at least {lowest}, {got(value)}"))

    for name, (low, high) in _RATIOS.items():
        value = getattr(p, name)
        if not is_number(value) or not low <= value <= high:
            add(Problem(name, f"expected a number from {low} to {high}, {got(value)}"))

    for name, (low, high) in _COUNTS.items():
        value = getattr(p, name)
        if type(value) is not int or not low <= value <= high:
            add(Problem(name, f"expected a whole number from {low} to {high}, {got(value)}"))

    names = p.operational_departments
    if names is not None and (
        not isinstance(names, tuple) or not all(isinstance(n, str) and n.strip() for n in names)
    ):
        add(
            Problem(
                "operational_departments",
                f"expected a list of department names or None, {got(names)}",
            )
        )

    if not isinstance(p.waivers, tuple):
        add(Problem("waivers", f"expected a list of Waiver, {got(p.waivers)}"))
    else:
        for i, w in enumerate(p.waivers):
            if type(w) is not Waiver:
                add(Problem(f"waivers[{i}]", f"expected a Waiver, {got(w)}"))
    return problems


def _target_problems(targets: object, add: Callable[[Problem], None]) -> None:
    if not isinstance(targets, Mapping):
        add(Problem("targets", f"expected a mapping of the 16 areas to shares, {got(targets)}"))
        return
    for key in targets:
        if type(key) is not Area:
            add(Problem("targets", f"expected Area keys, {got(key)}"))
            return
    missing = [a for a in AREAS if a not in targets]
    if missing:
        add(Problem("targets", f"missing {len(missing)} of the 16 areas: first {missing[0]!r}"))
        return
    bad = False
    for a in AREAS:
        share = targets[a]
        if not is_number(share) or not 0 < share <= 1:
            add(
                Problem(
                    f"targets[{a!r}]", f"expected a share more than 0 and at most 1, {got(share)}"
                )
            )
            bad = True
    if not bad:
        total = math.fsum(targets[a] for a in AREAS)
        if abs(total - 1) > 1e-9:
            add(Problem("targets", f"the shares should sum to 1, got {total!r}"))


#: The keys of a policy file, in the order the class declares its fields.
_FIELDS: Final = tuple(f.name for f in attrs.fields(Policy))


def _from_mapping(cls: type[Policy], data: object) -> Policy:  # noqa: C901, PLR0912
    """Read a policy file's data, reporting every problem with its ``$``-rooted path."""
    problems = ProblemCollector()
    if not isinstance(data, Mapping):
        raise PolicyTypeError([Problem("$", f"expected a mapping, {got(data)}", wrong_type=True)])
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if not isinstance(key, str) or key not in _FIELDS:
            where = key_path("$", key) if isinstance(key, str) else f"$[{shown(key)}]"
            problems.add(where, "unknown key; expected one of " + ", ".join(_FIELDS))
            continue
        where = key_path("$", key)
        if key == "fail_on":
            if value in ("never", None):
                kwargs[key] = None
            elif isinstance(value, str) and value in Severity._value2member_map_:
                kwargs[key] = Severity(value)
            else:
                problems.add(
                    where,
                    f"expected 'error', 'warning', 'info' or 'never', {got(value)}",
                    wrong_type=not isinstance(value, str),
                )
        elif key in ("select", "ignore"):
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]  # noqa: PLW2901
            if not isinstance(value, (list, tuple)):
                problems.add(where, f"expected a list of codes, {got(value)}", wrong_type=True)
            else:
                kwargs[key] = tuple(value)
        elif key == "severity":
            kwargs[key] = _severities_from(value, problems)
        elif key == "targets":
            kwargs[key] = _targets_from(value, problems)
        elif key in _DURATIONS:
            least = min(_DURATIONS[key], 1)
            if type(value) is int and least <= value <= _MAX_DAYS:
                kwargs[key] = timedelta(days=value)
            else:
                problems.add(
                    where,
                    f"expected a whole number of days, {least} to {_MAX_DAYS}, {got(value)}",
                    wrong_type=not isinstance(value, int) or isinstance(value, bool),
                )
        elif key == "waivers":
            if not isinstance(value, (list, tuple)):
                problems.add(where, f"expected a list of waivers, {got(value)}", wrong_type=True)
                continue
            waivers = []
            for i, item in enumerate(value):
                w = _waiver_from(item, index_path(where, i), problems)
                if w is not None:
                    waivers.append(w)
            kwargs[key] = tuple(waivers)
        else:
            kwargs[key] = value
    problems.finalize(InvalidPolicyError)
    return cls(**kwargs)


def _severities_from(value: object, problems: ProblemCollector) -> dict[object, Severity]:
    if not isinstance(value, Mapping):
        problems.add(
            "$.severity",
            f"expected a mapping of codes to severities, {got(value)}",
            wrong_type=True,
        )
        return {}
    out = {}
    for code, name in value.items():
        if isinstance(name, str) and name in Severity._value2member_map_:
            out[code] = Severity(name)
        else:
            problems.add(
                key_path("$.severity", str(code)),
                f"expected 'error', 'warning' or 'info', {got(name)}",
                wrong_type=not isinstance(name, str),
            )
    return out


def _area_from(value: object, where: str, problems: ProblemCollector) -> Area | None:
    """An area given as ``{"pillar": ..., "layer": ...}``, by its title, or a short form."""
    try:
        if isinstance(value, str):
            return Area.from_name(value)
        if isinstance(value, Mapping) and set(value) == {"pillar", "layer"}:
            return Area(Pillar(value["pillar"]), Layer(value["layer"]))
    except ValidationError as err:
        problems.extend(err.problems, at=where)
        return None
    problems.add(
        where,
        "expected an area: {'pillar': ..., 'layer': ...}, its title or a short form "
        f"like 'D/review', {got(value)}",
        wrong_type=not isinstance(value, Mapping),
    )
    return None


def _targets_from(value: object, problems: ProblemCollector) -> dict[Area, object] | None:
    if not isinstance(value, (list, tuple)):
        problems.add(
            "$.targets",
            f"expected a list of {{pillar, layer, share}} or {{area, share}} objects, {got(value)}",
            wrong_type=True,
        )
        return None
    out: dict[Area, object] = {}
    for i, item in enumerate(value):
        where = index_path("$.targets", i)
        if isinstance(item, Mapping) and set(item) == {"area", "share"}:
            area = _area_from(item["area"], key_path(where, "area"), problems)
        elif isinstance(item, Mapping) and set(item) == {"pillar", "layer", "share"}:
            area = _area_from({"pillar": item["pillar"], "layer": item["layer"]}, where, problems)
        else:
            problems.add(
                where,
                f"expected {{'pillar', 'layer', 'share'}} or {{'area', 'share'}}, {got(item)}",
                wrong_type=not isinstance(item, Mapping),
            )
            continue
        if area is None:
            continue
        if area in out:
            problems.add(where, f"{area!r} is given twice")
        out[area] = item["share"]
    return out


def _keys_checked(
    item: Mapping[Any, Any],
    where: str,
    allowed: tuple[str, ...],
    required: tuple[str, ...],
    problems: ProblemCollector,
) -> None:
    """Add a problem for each key of ``item`` not ``allowed``, and each ``required`` one missing."""
    for k in item:
        if k not in allowed:
            problems.add(
                key_path(where, str(k)), "unknown key; expected one of " + ", ".join(allowed)
            )
    for k in required:
        if k not in item:
            problems.add(key_path(where, k), "missing")


#: The keys of a waiver in a policy file.
_WAIVER_KEYS: Final = ("code", "reason", "area", "pillar", "layer", "subject", "expires")


def _waiver_from(item: object, where: str, problems: ProblemCollector) -> Waiver | None:
    """A waiver from its data at ``where``; None (and its problems added) if it is wrong."""
    if not isinstance(item, Mapping):
        problems.add(where, f"expected a mapping, {got(item)}", wrong_type=True)
        return None
    before = len(problems)
    _keys_checked(item, where, _WAIVER_KEYS, ("code", "reason"), problems)
    kwargs: dict[str, Any] = {k: item[k] for k in _WAIVER_KEYS if k in item}
    if "area" in item:
        kwargs["area"] = _area_from(item["area"], key_path(where, "area"), problems)
    for k, kind in (("pillar", Pillar), ("layer", Layer)):
        if k in item:
            with problems.collect(at=key_path(where, k)):
                kwargs[k] = kind(item[k])
    expires = item.get("expires")
    if isinstance(expires, str):
        try:
            kwargs["expires"] = date.fromisoformat(expires)
        except ValueError:
            problems.add(
                key_path(where, "expires"), f"expected a date as YYYY-MM-DD, got {shown(expires)}"
            )
    if len(problems) > before:
        return None
    try:
        return Waiver(**kwargs)
    except ValidationError as err:
        problems.extend(err.problems, at=where)
        return None


def policy_from_data(data: object) -> Policy:
    """A policy from plain data (:func:`dime.from_dict` with :class:`Policy`)."""
    return _from_mapping(Policy, data)


def waiver_from_data(data: object) -> Waiver:
    """A waiver from plain data (:func:`dime.from_dict` with :class:`Waiver`)."""
    problems = ProblemCollector()
    waiver = _waiver_from(data, "$", problems)
    problems.finalize(InvalidPolicyError, about="the waiver")
    assert waiver is not None  # noqa: S101 - no problems, so it was built
    return waiver


_FINDING_KEYS: Final = (
    "code",
    "severity",
    "message",
    "area",
    "pillar",
    "layer",
    "subject",
    "evidence",
    "cause",
    "context",
    "waived",
    "waiver",
    "basis",
)
_REF_KEYS: Final = ("code", "pillar", "layer", "subject")


def _enum_from(
    kind: type[Pillar | Layer | Severity],
    value: object,
    where: str,
    problems: ProblemCollector,
) -> Any:  # noqa: ANN401 - the member of ``kind``
    """``kind``'s member named by ``value`` (None for null), or None with the problem added."""
    member = None
    if value is not None:
        with problems.collect(at=where):
            member = kind(value)
    return member


def _ref_from(value: object, where: str, problems: ProblemCollector) -> FindingRef | None:
    """A finding's ``cause`` as :meth:`FindingRef.to_data` writes it."""
    if not isinstance(value, Mapping):
        problems.add(where, f"expected a finding reference or null, {got(value)}", wrong_type=True)
        return None
    before = len(problems)
    _keys_checked(value, where, _REF_KEYS, ("code",), problems)
    pillar = _enum_from(Pillar, value.get("pillar"), key_path(where, "pillar"), problems)
    layer = _enum_from(Layer, value.get("layer"), key_path(where, "layer"), problems)
    if len(problems) > before:
        return None
    area = None if pillar is None or layer is None else Area(pillar, layer)
    try:
        return FindingRef(
            code=value["code"], area=area, pillar=pillar, layer=layer, subject=value.get("subject")
        )
    except ValidationError as err:
        problems.extend(err.problems, at=where)
        return None


def finding_from_data(data: object) -> Finding:  # noqa: C901, PLR0912 - one branch per key of the format
    """A finding from its JSON data (:func:`dime.from_dict` with :class:`Finding`).

    Reads what :meth:`Finding.to_data` writes, every key; the keys a report
    adds around it (``count``, ``consequences``) belong to the report and
    are refused here.
    """
    problems = ProblemCollector()
    if not isinstance(data, Mapping):
        problems.add("$", f"expected a finding, {got(data)}", wrong_type=True)
        problems.finalize(InvalidDocumentError, about="the finding")
    assert isinstance(data, Mapping)  # noqa: S101 - for the type checker: finalize raised
    _keys_checked(data, "$", _FINDING_KEYS, ("code", "severity", "message"), problems)
    kwargs: dict[str, Any] = {
        k: data[k] for k in ("code", "message", "subject", "basis", "context") if k in data
    }
    if "severity" in data:
        kwargs["severity"] = _enum_from(Severity, data["severity"], "$.severity", problems)
    if data.get("area") is not None:
        kwargs["area"] = _area_from(data["area"], "$.area", problems)
    for k, kind in (("pillar", Pillar), ("layer", Layer)):
        if k in data:
            kwargs[k] = _enum_from(kind, data[k], key_path("$", k), problems)
    evidence = data.get("evidence", {})
    if not isinstance(evidence, Mapping):
        problems.add("$.evidence", f"expected an object, {got(evidence)}", wrong_type=True)
    elif (problem := json_problem(evidence, "$.evidence")) is not None:
        problems.extend([problem])
    else:
        kwargs["evidence"] = evidence
    if data.get("cause") is not None:
        kwargs["cause"] = _ref_from(data["cause"], "$.cause", problems)
    before = len(problems)
    if data.get("waiver") is not None:
        kwargs["waiver"] = _waiver_from(data["waiver"], "$.waiver", problems)
    waived = data.get("waived")
    if (
        "waived" in data
        and len(problems) == before  # a waiver that cannot be read says nothing of waived
        and waived is not (data.get("waiver") is not None)
    ):
        problems.add(
            "$.waived",
            f"expected {data.get('waiver') is not None} (whether it has a waiver), {got(waived)}",
        )
    if problems.problems:
        problems.finalize(InvalidDocumentError, about="the finding")
    try:
        return Finding(**kwargs)
    except ValidationError as err:  # the record's own rules, named by its keys
        problems.extend(
            Problem("$." + p.path.removeprefix("Finding."), p.message, wrong_type=p.wrong_type)
            for p in err.problems
        )
        problems.finalize(InvalidDocumentError, about="the finding")
        raise  # pragma: no cover - finalize raised
