"""The balance checker: find the neglected areas, explain why, let users tune it."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import attrs

from dime._balance._catalogue import BY_CODE, CODES, explain_text
from dime._balance._policy import Policy, Rule, Severity, Waiver
from dime._balance._report import Finding, Report
from dime._balance._rules import BUILTIN
from dime._balance._tally import Tally, day_date
from dime._balance._view import SIGNALS, BalanceView, build_view
from dime._model import Framework
from dime.exceptions import InvalidFieldError, InvalidPolicyError, Problem, UnknownRuleError

__all__ = [
    "BalanceView",
    "Finding",
    "Policy",
    "Report",
    "Rule",
    "Severity",
    "Tally",
    "Waiver",
    "check",
    "explain",
    "rule_codes",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def rule_codes() -> tuple[str, ...]:
    """Every built-in rule code, in order.

    >>> import dime
    >>> dime.rule_codes()[:4]
    ('DIME001', 'DIME002', 'DIME003', 'DIME101')
    """
    return CODES


def explain(code: str, *, policy: Policy | None = None) -> str:
    """The documentation of a rule: what it means, why the framework cares, how to fix and tune it.

    The same text as the rules page of the docs.

    Args:
        code: A rule code such as ``"DIME101"`` (case does not matter).
        policy: A policy whose own rules to look in too.

    Returns:
        The rule's page as plain text.

    Raises:
        UnknownRuleError: No rule has that code.

    >>> import dime
    >>> print(dime.explain("DIME201").splitlines()[0])
    DIME201 mindset-unheld (error)
    """
    given: object = code
    key = given.strip().upper() if isinstance(given, str) else given
    if key in BY_CODE:
        return explain_text(BY_CODE[key])
    for rule in () if policy is None else policy.rules:
        if rule.code == key:
            return f"{rule.code} {rule.name} ({rule.severity.value})\n\n{rule.doc}".rstrip()
    raise UnknownRuleError(str(code))


def _default_now(tally: Tally) -> datetime:
    moments = []
    if tally.latest is not None:
        moments.append(tally.latest)
    if tally.latest_day is not None:
        day = day_date(tally.latest_day)
        moments.append(datetime(day.year, day.month, day.day, tzinfo=UTC))
    return max(moments, default=_EPOCH)


def check(
    framework: Framework | Tally,
    *,
    policy: Policy | None = None,
    now: datetime | None = None,
    structure: Framework | None = None,
) -> Report:
    """Check the balance of an organisation and report what is being neglected.

    The framework (or a :class:`Tally` of its records) is read as five
    signals over the policy's window, each balanced against the policy's
    target shares, and every selected rule (built-in, then the policy's
    own) is run.  The report is a pure function of the inputs: ``now``
    defaults to the latest timestamp in the records (feedback received,
    initiatives started or finished, assessments), never the wall clock
    (1970-01-01 when there is none).

    Args:
        framework: A :class:`~dime.Framework`, or a :class:`Tally`.
        policy: How to check; ``Policy()`` by default.
        now: The moment to check at (timezone-aware).
        structure: With a tally: the framework's records that are not in
            the tally (a framework without its feedback, say); its name
            names the report.  They are tallied and added to the tally.

    Returns:
        The report.

    Raises:
        InvalidFieldError: An argument is of the wrong type, or ``now`` is naive.
        InvalidPolicyError: A custom rule returned something other than
            findings with its own code.

    >>> import dime
    >>> report = dime.check(dime.example())
    >>> [f.code for f in report.findings][:3]
    ['DIME101', 'DIME101', 'DIME101']
    >>> fw = dime.example()
    >>> rest = fw.remove(*fw.feedback)
    >>> tally = dime.Tally.from_records(iter(fw.feedback))
    >>> dime.check(tally, structure=rest) == report
    True
    """
    problems = []
    given: Any = framework
    if isinstance(given, Framework):
        if structure is not None:
            problems.append(
                Problem("check.structure", "only with a Tally; a Framework holds its own structure")
            )
        tally = Tally.from_framework(given)
        name = given.name
    elif isinstance(given, Tally):
        tally = given
        name = "Tally"
        shape: Any = structure
        if shape is not None:
            if isinstance(shape, Framework):
                tally = tally + Tally.from_framework(shape)
                name = shape.name
            else:
                problems.append(
                    Problem(
                        "check.structure",
                        f"expected a Framework or None, got {structure!r} "
                        f"({type(structure).__name__})",
                    )
                )
    else:
        problems.append(
            Problem(
                "check.framework",
                f"expected a Framework or a Tally, got {framework!r} ({type(framework).__name__})",
            )
        )
    chosen: Any = Policy() if policy is None else policy
    if not isinstance(chosen, Policy):
        problems.append(
            Problem("check.policy", f"expected a Policy, got {policy!r} ({type(policy).__name__})")
        )
    moment_given: Any = now
    if moment_given is not None and (
        not isinstance(moment_given, datetime) or moment_given.utcoffset() is None
    ):
        problems.append(Problem("check.now", f"expected a timezone-aware datetime, got {now!r}"))
    if problems:
        raise InvalidFieldError(problems)
    policy = chosen
    moment = (_default_now(tally) if now is None else now).astimezone(UTC)
    view = build_view(tally, name=name, now=moment, policy=policy)
    return _report(view, policy, _run_rules(view, policy))


def _run_rules(view: BalanceView, policy: Policy) -> list[Finding]:
    findings: list[Finding] = []
    for code, run in BUILTIN.items():
        if policy.selects(code):
            findings.extend(_with_severity(f, policy) for f in run(view))
    for i, rule in enumerate(policy.rules):
        if not policy.selects(rule.code):
            continue
        for item in rule.check(view) or ():
            if type(item) is not Finding or item.code != rule.code:
                raise InvalidPolicyError(
                    [
                        Problem(
                            f"rules[{i}]",
                            f"rule {rule.code} should return findings with code "
                            f"{rule.code!r}, returned {item!r}",
                        )
                    ]
                )
            findings.append(_with_severity(item, policy))
    return findings


def _with_severity(finding: Finding, policy: Policy) -> Finding:
    wanted = policy.severity.get(finding.code)
    if wanted is None or wanted is finding.severity:
        return finding
    return attrs.evolve(finding, severity=wanted)


def _report(view: BalanceView, policy: Policy, findings: list[Finding]) -> Report:
    today = view.until
    live = [w for w in policy.waivers if w.expires is None or w.expires >= today]
    used: set[int] = set()
    waived = []
    for f in findings:
        for i, w in enumerate(live):
            if w.matches(f):
                used.add(i)
                f = attrs.evolve(f, waiver=w)  # noqa: PLW2901 - the waived finding replaces it
                break
        waived.append(f)
    meta: list[Finding] = []
    if policy.selects("DIME002"):
        meta.extend(
            _waiver_finding(
                "DIME002",
                w,
                f"The waiver for {w.describe()} expired on {w.expires.isoformat()}: "
                "its findings count again.",
                policy,
            )
            for w in policy.waivers
            if w.expires is not None and w.expires < today
        )
    if policy.selects("DIME003"):
        meta.extend(
            _waiver_finding(
                "DIME003",
                w,
                f"The waiver for {w.describe()} matched no finding: remove it.",
                policy,
            )
            for i, w in enumerate(live)
            if i not in used and policy.selects(w.code)
        )
    everything = tuple(sorted([*waived, *meta], key=Finding.sort_key))
    fail_on = policy.fail_on
    ok = fail_on is None or not any(f.severity >= fail_on for f in everything if not f.waived)
    flagged = frozenset(
        f.area
        for f in everything
        if f.area is not None and not f.waived and f.severity.rank >= Severity.WARNING.rank
    )
    shares = view.shares(view.work)
    evenness_values = [e for e in view.evenness.values() if e is not None]
    return Report(
        name=view.name,
        now=view.now,
        policy=policy,
        findings=everything,
        ok=ok,
        shares=shares,
        targets=policy.targets,
        evenness=math.fsum(evenness_values) / len(evenness_values) if evenness_values else None,
        signal_evenness={s: view.evenness[s] for s in SIGNALS},
        flagged=flagged,
        since=view.since,
        view=view,
        matrices=view.matrices,
    )


def _waiver_finding(code: str, w: object, message: str, policy: Policy) -> Finding:
    assert isinstance(w, Waiver)  # noqa: S101 - for the type checker
    finding = Finding(
        code=code,
        severity=Severity(BY_CODE[code].severity),
        message=message,
        area=w.area,
        pillar=w.pillar if w.pillar is not None or w.area is None else w.area.pillar,
        layer=w.layer if w.layer is not None or w.area is None else w.area.layer,
        subject=w.code if w.subject is None else w.subject,
        evidence={"waiver": w.to_mapping()},
    )
    return _with_severity(finding, policy)
