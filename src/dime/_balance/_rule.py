"""A rule: its code, its check and its catalogue entry, the same for built-in rules and yours."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Final, TypeAlias

import attrs

from dime._balance._common import FrozenMap, Given, Severity, frozen, got
from dime._balance._finding import CODE, Finding
from dime._balance._view import BalanceView
from dime.exceptions import InvalidPolicyError, Problem

__all__ = ["LIBRARY_HEURISTIC", "Rule", "RuleCheck"]

#: What a rule's ``source`` says when it is the library's own idea, not a source article's.
LIBRARY_HEURISTIC: Final = "library heuristic"

#: A rule's check: the view, and the findings the rules before it made, to its findings.
RuleCheck: TypeAlias = Callable[[BalanceView, Sequence[Finding]], Iterable[Finding]]


@functools.cache
def _defaults_named(tune: str) -> tuple[str, ...]:
    """The policy fields ``tune`` names, each with its default; once per text (every finding asks)."""
    from dime._balance._policy import Policy  # noqa: PLC0415 - the policy imports rules' parts

    default = Policy()
    fields = {f.name for f in attrs.fields(Policy)} - _NOT_THRESHOLDS
    out = []
    for name in dict.fromkeys(re.findall(r"`([a-z_]+)`", tune)):
        if name in fields:
            value = getattr(default, name)
            shown = f"{value.days} days" if isinstance(value, timedelta) else f"{value:g}"
            out.append(f"`{name}` ({shown})")
    return tuple(out)


@attrs.frozen(kw_only=True)
class Rule:
    """A rule of the balance checker, with its catalogue entry: built-in rules are these too.

    A rule's ``check`` takes the checker's view of the organisation (a
    :class:`BalanceView`) and the findings of the rules that ran before it,
    and returns its findings, each with the rule's ``code``.  A finding
    that follows from an earlier one names it as its ``cause`` (its
    :attr:`Finding.ref`), and the report shows it folded under that one.
    Pass your rules to :func:`dime.check` and :func:`dime.explain` with
    ``rules=``, or install them as a rule pack (an entry point in the
    ``dime.rules`` group naming a rule or a list of rules): they are
    selected, ignored, waived, given severities and explained like the
    built-in ones, and run after them.  Codes are upper-case letters then
    digits; ``DIME`` is reserved for the built-in rules.

    The catalogue entry says what the rule means, its ``basis`` (what it
    rests on: a source, in our own words, or ``"library heuristic"``),
    at most one short exact ``quote`` with its ``quote_source``, how to fix
    what it finds, how to tune it, and the keys of its findings' ``evidence``.

    Args:
        code: The rule's stable code, such as ``"ACME001"``.
        name: A short name, such as ``"too-few-gifts"``.
        severity: The severity of its findings unless the policy says otherwise.
        check: The function that makes the findings.
        summary: One sentence: what it finds.
        meaning: Exactly when it fires.
        source: Where the idea comes from, or ``"library heuristic"``.
        basis: The idea, in our own words.
        quote: At most one short exact quote from the source, or None.
        quote_source: Where the quote comes from.
        evidence: Each key of its findings' ``evidence``, with what it holds.
        example: A finding's message, as an example.
        fix: How to fix what it finds.
        tune: How to tune it.

    >>> import dime
    >>> planning = dime.FeedbackFolder.PLANNING
    >>> def planning_starved(view, found):
    ...     n = view.filed[planning]
    ...     if n < 10:
    ...         yield dime.Finding(code="ACME001", severity=dime.Severity.WARNING,
    ...                            area=planning.area, evidence={"filed": n},
    ...                            message=f"Only {n} suggestions reached planning.")
    >>> rule = dime.Rule(code="ACME001", name="planning-starved",
    ...                  severity=dime.Severity.WARNING, check=planning_starved,
    ...                  summary="Fewer than 10 pieces of feedback were filed for planning.",
    ...                  source=dime.LIBRARY_HEURISTIC, evidence={"filed": "items filed"})
    >>> report = dime.check(dime.example(), rules=[rule])
    >>> [f.message for f in report.findings if f.code == "ACME001"]
    ['Only 4 suggestions reached planning.']
    >>> report = dime.check(dime.example(), rules=[rule], policy=dime.Policy(ignore=["ACME"]))
    >>> [f.message for f in report.findings if f.code == "ACME001"]
    []
    """

    code: str
    name: str
    severity: Severity
    check: RuleCheck = attrs.field(eq=False)
    summary: str
    meaning: str = ""
    source: str = ""
    basis: str = ""
    quote: str | None = None
    quote_source: str | None = None
    evidence: Mapping[str, str] = attrs.field(factory=FrozenMap, converter=frozen, hash=False)
    example: str = ""
    fix: str = ""
    tune: str = ""

    def __attrs_post_init__(self) -> None:
        problems = _rule_problems(self)
        if problems:
            raise InvalidPolicyError(problems)

    @property
    def title(self) -> str:
        """The rule's first line: code, name and default severity."""
        return f"{self.code} {self.name} ({self.severity.value})"

    def explain(self) -> str:
        """The rule's catalogue entry as plain text, the same as on the rules page."""
        sections = [f"{self.title}\n{self.summary}"]
        for heading, text in self.sections():
            sections.append(f"{heading}:\n{text}")
        return "\n\n".join(sections)

    @property
    def tag(self) -> str:
        """What its findings rest on, in a few words, as the reports show it.

        >>> from dime._balance._rules import BUILTIN
        >>> BUILTIN["DIME201"].tag, BUILTIN["DIME601"].tag
        ("Smoje, the responsibility mindsets; threshold: this library's", "this library's heuristic")
        """
        # No source given is this library's heuristic, as the catalogue says of it.
        source = self.source or LIBRARY_HEURISTIC
        short = next((short for start, short in _TAGS if source.startswith(start)), source)
        if short != _HEURISTIC_TAG and self.defaults():
            # The idea is the source's; where it draws the line is ours, and says so: and
            # the target shares too, where the rule reads them (equal effort is this
            # library's reading of "all are equal").
            ours = "target and threshold" if "`targets`" in self.tune else "threshold"
            return f"{short}; {ours}: this library's"
        return short

    def defaults(self) -> list[str]:
        """The policy fields its ``tune`` names, each with its default: this library's, not DIME's.

        >>> from dime._balance._rules import BUILTIN
        >>> BUILTIN["DIME110"].defaults()
        ['`idle_after` (90 days)']
        """
        return list(_defaults_named(self.tune))

    def sections(self) -> list[tuple[str, str]]:
        """The catalogue entry's sections that have text, as (heading, text)."""
        source = self.source[:1].upper() + self.source[1:]
        basis = " ".join(part for part in (f"{source}." if source else "", self.basis) if part)
        if self.quote is not None:
            basis = f'{basis}  In the source\'s words: "{self.quote}" ({self.quote_source}).'
        evidence = "\n".join(f"- {key}: {text}" for key, text in self.evidence.items())
        found = [
            ("What it means", self.meaning),
            ("Basis", basis.strip()),
            ("Evidence", evidence),
            ("Example", self.example),
            ("How to fix it", self.fix),
            ("How to tune it", self.tune),
            ("Thresholds", _thresholds(self.defaults())),
        ]
        return [(heading, text) for heading, text in found if text]


def _thresholds(defaults: list[str]) -> str:
    if not defaults:
        return ""
    if len(defaults) == 1:
        return (
            f"{defaults[0]} is this library's default, not a figure from the framework; "
            "set it in the `Policy`."
        )
    named = f"{', '.join(defaults[:-1])} and {defaults[-1]}"
    return (
        f"{named} are this library's defaults, not figures from the framework; set them in "
        "the `Policy`."
    )


# Each known source's start, and the few words the reports show for it.
_TAGS: Final = (
    ("Chris Smoje, the framework article", "Smoje, the framework article"),
    ("Chris Smoje, the responsibility mindsets", "Smoje, the responsibility mindsets"),
    ("the six basic starter steps", "the Success Academy starter steps"),
    ("general customer-experience guidance", "general customer-experience guidance"),
    (LIBRARY_HEURISTIC, "this library's heuristic"),
)
_HEURISTIC_TAG: Final = _TAGS[-1][1]

# Policy fields that are not thresholds of a rule.
_NOT_THRESHOLDS: Final = frozenset(
    {"fail_on", "select", "ignore", "severity", "targets", "waivers", "operational_departments"}
)


def _rule_problems(rule: Rule) -> list[Problem]:  # noqa: C901 - one check per field
    v = Given(rule)
    problems = []
    if not isinstance(v.code, str) or not CODE.fullmatch(v.code):
        problems.append(
            Problem("Rule.code", f"expected upper-case letters then digits, {got(v.code)}")
        )
    for name in ("name", "summary"):
        value = getattr(v, name)
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(f"Rule.{name}", f"expected a non-empty string, {got(value)}"))
    if type(v.severity) is not Severity:
        problems.append(Problem("Rule.severity", f"expected a Severity, {got(v.severity)}"))
    if not callable(v.check):
        problems.append(Problem("Rule.check", f"expected a function, {got(v.check)}"))
    for name in ("meaning", "source", "basis", "example", "fix", "tune"):
        value = getattr(v, name)
        if not isinstance(value, str):
            problems.append(Problem(f"Rule.{name}", f"expected a string, {got(value)}"))
    for name in ("quote", "quote_source"):
        value = getattr(v, name)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            problems.append(
                Problem(f"Rule.{name}", f"expected a non-empty string or None, {got(value)}")
            )
    if (v.quote is None) != (v.quote_source is None):
        problems.append(Problem("Rule.quote_source", "a quote needs its source, and only a quote"))
    if not isinstance(v.evidence, Mapping) or not all(
        isinstance(k, str) and isinstance(d, str) for k, d in v.evidence.items()
    ):
        problems.append(
            Problem(
                "Rule.evidence",
                f"expected a mapping of keys to descriptions, {got(v.evidence)}",
            )
        )
    return problems
