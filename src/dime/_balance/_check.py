"""The balance check: reduce the records to a tally, read the view, run every rule in one loop."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Final

import attrs

from dime._balance._catalogue import rules_in_play
from dime._balance._common import got
from dime._balance._finding import Finding, FindingRef
from dime._balance._policy import Policy
from dime._balance._report import Report
from dime._balance._rule import Rule
from dime._balance._tally import Tally, default_now
from dime._balance._view import BalanceView, build_view
from dime._model import Framework
from dime.exceptions import InvalidFieldError, InvalidPolicyError, Problem

__all__ = ["check", "observe"]

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def _shown(moment: datetime) -> datetime:
    """``moment`` in UTC, or as given when UTC cannot hold it (the calendar's last hours)."""
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return moment


def check(
    framework: Framework | Tally,
    *,
    policy: Policy | None = None,
    now: datetime | None = None,
    structure: Framework | None = None,
    rules: Iterable[Rule] = (),
) -> Report:
    """Check the balance of an organisation and report what is being neglected.

    The framework (or a :class:`Tally` of its records) is read as the
    attention each area gets at ``now`` (see :class:`Attention`), and every
    selected rule runs, in one loop: the built-in rules, then installed rule
    packs, then ``rules``, then the waiver rules.  The report is a pure
    function of the inputs: ``now`` defaults to the latest timestamp in the
    records (feedback received, initiatives started or finished,
    assessments), never the wall clock (1970-01-01 when there is none).

    Args:
        framework: A :class:`~dime.Framework`, or a :class:`Tally`.
        policy: How to check; ``Policy()`` by default.
        now: The moment to check at (timezone-aware).
        structure: With a tally: the framework's records that are not in
            the tally (a framework without its feedback, say); its name
            names the report.  They are tallied and added to the tally.
        rules: Rules of your own, run after the built-in ones and installed
            rule packs.

    Returns:
        The report.

    Raises:
        InvalidFieldError: An argument is of the wrong type, or ``now`` is naive.
        InvalidPolicyError: The policy names a code no rule in play has, a
            rule is not a :class:`Rule` or reuses a code, or a rule returned
            something other than findings with its own code, or linked a
            finding to one that was not made before it.

    >>> import dime
    >>> report = dime.check(dime.example())
    >>> [f.code for f in report.findings][:3]
    ['DIME101', 'DIME101', 'DIME201']
    >>> fw = dime.example()
    >>> rest = fw.remove(*fw.feedback)
    >>> tally = dime.Tally.from_records(iter(fw.feedback))
    >>> dime.check(tally, structure=rest) == report
    True
    """
    tally, name, chosen, given_rules = _arguments(framework, policy, now, structure, rules)
    in_play = rules_in_play(given_rules)
    wrong = chosen.code_problems([r.code for r in in_play])
    if wrong:
        raise InvalidPolicyError(wrong)
    moment = default_now(tally) if now is None else now
    until = (moment - _EPOCH).days
    view = build_view(tally, name=name, now=_shown(moment), until=until, policy=chosen)
    findings, checked = _run(view, chosen, in_play)
    return Report(
        name=name,
        now=view.now,
        policy=chosen,
        view=view,
        checked=checked,
        findings=tuple(sorted(_waived(findings, view, chosen), key=Finding.sort_key)),
    )


def observe(
    framework: Framework, *, policy: Policy | None = None, now: datetime | None = None
) -> BalanceView:
    """The checker's view of ``framework`` (no rules run): what the pictures of it show.

    The same attention as :func:`check` measures, at the same default moment.
    """
    tally = Tally.from_framework(framework)
    chosen = Policy() if policy is None else policy
    moment = default_now(tally) if now is None else now
    return build_view(
        tally,
        name=framework.name,
        now=_shown(moment),
        until=(moment - _EPOCH).days,
        policy=chosen,
    )


def _arguments(
    framework: object, policy: object, now: object, structure: object, rules: object
) -> tuple[Tally, str, Policy, Iterable[Rule]]:
    """The tally, name, policy and rules :func:`check` was given, or every problem with them."""
    problems = []
    given: Any = framework
    tally = Tally()
    name = "Tally"
    if isinstance(given, Framework):
        if structure is not None:
            problems.append(
                Problem("$.structure", "only with a Tally; a Framework holds its own structure")
            )
        tally = Tally.from_framework(given)
        name = given.name
    elif isinstance(given, Tally):
        tally = given
        shape: Any = structure
        if shape is not None:
            if isinstance(shape, Framework):
                tally = tally + Tally.from_framework(shape)
                name = shape.name
            else:
                problems.append(
                    Problem(
                        "$.structure",
                        f"expected a Framework or None, {got(structure)}",
                        wrong_type=True,
                    )
                )
    else:
        problems.append(
            Problem(
                "$.framework", f"expected a Framework or a Tally, {got(framework)}", wrong_type=True
            )
        )
    chosen: Any = Policy() if policy is None else policy
    if not isinstance(chosen, Policy):
        problems.append(
            Problem("$.policy", f"expected a Policy or None, {got(policy)}", wrong_type=True)
        )
    moment_given: Any = now
    if moment_given is not None and (
        not isinstance(moment_given, datetime) or moment_given.utcoffset() is None
    ):
        problems.append(
            Problem(
                "$.now",
                f"expected a timezone-aware datetime or None, {got(now)}",
                wrong_type=not isinstance(moment_given, datetime),
            )
        )
    given_rules: Any = rules
    if isinstance(given_rules, (str, bytes)) or not isinstance(given_rules, Iterable):
        problems.append(
            Problem("$.rules", f"expected a list of Rule, {got(rules)}", wrong_type=True)
        )
        given_rules = ()
    if problems:
        raise InvalidFieldError.of(problems, about="the arguments of check")
    return tally, name, chosen, given_rules


def _run(
    view: BalanceView, policy: Policy, rules: tuple[Rule, ...]
) -> tuple[list[Finding], tuple[str, ...]]:
    """Every selected rule in order; each sees the findings before it and may link to them."""
    found: list[Finding] = []
    refs: set[FindingRef] = set()
    checked = []
    for rule in rules:
        if not policy.selects(rule.code):
            continue
        checked.append(rule.code)
        before = tuple(found)
        for item in rule.check(view, before) or ():
            if type(item) is not Finding or item.code != rule.code:
                raise InvalidPolicyError(
                    [
                        Problem(
                            f"rule {rule.code}",
                            f"should return findings with code {rule.code!r}, returned {item!r}",
                        )
                    ]
                )
            if item.cause is not None and item.cause not in refs:
                raise InvalidPolicyError(
                    [
                        Problem(
                            f"rule {rule.code}",
                            f"linked a finding to {item.cause}, which is not a finding made "
                            "before it",
                        )
                    ]
                )
            if not item.basis:
                item = attrs.evolve(item, basis=rule.tag)  # noqa: PLW2901 - what it rests on
            wanted = policy.severity.get(item.code)
            if wanted is not None and wanted is not item.severity:
                item = attrs.evolve(item, severity=wanted)  # noqa: PLW2901 - the finding as the policy wants it
            found.append(item)
            refs.add(item.ref)
    return found, tuple(checked)


def _waived(findings: list[Finding], view: BalanceView, policy: Policy) -> list[Finding]:
    today = view.until
    live = [w for w in policy.waivers if w.expires is None or w.expires >= today]
    out = []
    for f in findings:
        waiver = next((w for w in live if w.matches(f)), None)
        out.append(f if waiver is None else attrs.evolve(f, waiver=waiver))
    return out
