"""The rules in play (built-in, installed rule packs, your own) and their documentation.

Run ``python -m dime._balance._catalogue > docs/rules.md`` after changing a
rule; a test fails while docs/rules.md is out of date.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Final

from dime._balance._rule import Rule
from dime._balance._rules import BUILTIN, FIRST, LAST
from dime.exceptions import InvalidPolicyError, Problem, UnknownRuleError

__all__ = [
    "ENTRY_POINT_GROUP",
    "explain",
    "installed_rules",
    "rule_codes",
    "rules_in_play",
    "rules_markdown",
]

#: The entry-point group rule packs register in.
ENTRY_POINT_GROUP: Final = "dime.rules"


@functools.cache
def installed_rules() -> tuple[Rule, ...]:
    """The rules of every installed rule pack, loaded once, on first use.

    A rule pack is a distribution with an entry point in the ``dime.rules``
    group that names a :class:`Rule` or an iterable of them.

    Raises:
        InvalidPolicyError: A pack cannot be loaded, holds something other
            than rules, uses a ``DIME`` code or repeats a code.
    """
    from importlib.metadata import entry_points  # noqa: PLC0415 - only when rules are needed

    found: list[Rule] = []
    problems: list[Problem] = []
    points = sorted(
        entry_points(group=ENTRY_POINT_GROUP),
        key=lambda ep: (ep.dist.name if ep.dist is not None else "", ep.name, ep.value),
    )
    for ep in points:
        where = f"entry point {ep.name!r} ({ep.value})"
        if ep.dist is not None:
            where += f" of {ep.dist.name}"
        try:
            loaded = ep.load()
        except Exception as err:  # noqa: BLE001 - a rule pack is someone else's code
            problems.append(Problem(where, f"cannot be loaded: {type(err).__name__}: {err}"))
            continue
        items = [loaded] if isinstance(loaded, Rule) else loaded
        try:
            rules = list(items)
        except TypeError:
            problems.append(Problem(where, f"expected a Rule or a list of rules, got {loaded!r}"))
            continue
        for i, rule in enumerate(rules):
            if not isinstance(rule, Rule):
                problems.append(Problem(f"{where}[{i}]", f"expected a Rule, got {rule!r}"))
            else:
                found.append(rule)
    problems += _code_problems(found, "rule packs")
    if problems:
        raise InvalidPolicyError(problems)
    return tuple(found)


def _code_problems(rules: Iterable[Rule], where: str, taken: Iterable[str] = ()) -> list[Problem]:
    problems = []
    seen = set(taken)
    for rule in rules:
        if rule.code.startswith("DIME"):
            problems.append(
                Problem(where, f"{rule.code}: codes starting with DIME are the built-in rules'")
            )
        elif rule.code in seen:
            problems.append(Problem(where, f"{rule.code}: the code is used by another rule"))
        seen.add(rule.code)
    return problems


def rules_in_play(rules: Iterable[Rule] = ()) -> tuple[Rule, ...]:
    """Every rule, in the order they run: built-in, installed packs, ``rules``, the waiver rules.

    Raises:
        InvalidPolicyError: A rule is not a :class:`Rule`, uses a ``DIME``
            code or repeats a code.
    """
    own: list[object] = list(rules)
    problems = [
        Problem(f"rules[{i}]", f"expected a Rule, got {r!r} ({type(r).__name__})")
        for i, r in enumerate(own)
        if not isinstance(r, Rule)
    ]
    if problems:
        raise InvalidPolicyError(problems)
    packs = installed_rules()
    mine = [r for r in own if isinstance(r, Rule)]
    problems = _code_problems(mine, "rules", (r.code for r in packs))
    if problems:
        raise InvalidPolicyError(problems)
    return (*FIRST, *packs, *mine, *LAST)


def rule_codes(*, rules: Iterable[Rule] = ()) -> tuple[str, ...]:
    """Every rule code: the built-in ones in order, then installed rule packs', then ``rules``'.

    >>> import dime
    >>> dime.rule_codes()[:4]
    ('DIME001', 'DIME002', 'DIME003', 'DIME004')
    """
    extra = [r.code for r in rules_in_play(rules) if r.code not in BUILTIN]
    return (*BUILTIN, *extra)


def explain(code: str, *, rules: Iterable[Rule] = ()) -> str:
    """The documentation of a rule: what it means, what it rests on, how to fix and tune it.

    The same text as the rules page of the docs.  Rule packs installed in
    the environment are explained like the built-in rules.

    Args:
        code: A rule code such as ``"DIME101"`` (case does not matter).
        rules: Rules of your own to look in too.

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
    if isinstance(key, str) and key in BUILTIN:
        return BUILTIN[key].explain()
    for rule in rules_in_play(rules):
        if rule.code == key:
            return rule.explain()
    raise UnknownRuleError(str(code))


_INTRO: Final = """\
`dime.check` measures the **attention** each of the sixteen areas gets, the way its layer
exists: the coordination and implementation layers by the effort of their initiatives, the
review layer by the feedback filed in each folder, the responsibility layer by the share of
time of the people holding each mindset (work on a folder or a mindset also counts as
attention, but not in its amount).  Evidence counts in full while it falls in the window
(180 days by default, ending at the latest timestamp in the records), then half as much
every `half_life` (90 days); an area with no evidence in the window is *quiet*, one with none
for `absent_after` (365 days) is *absent*.  Because the layers count different things, each
area's share is a share of its own layer, against its share of that layer's targets (a
quarter each by default: equal attention is the library's reading of the framework's
balance, which is about importance).  A pillar's share is the mean of its areas' shares,
each layer counted equally.

Each layer, the touchpoints (the Interactions, Memorable and Experiences pillars they
serve: customers meet the Deliberate pillar through the other three, as `DIME404` reads
it) and the assessments (latest scores) are balanced with Pielou's evenness, generalised to unequal targets as
`1 - KL(shares || targets) / log(1 / smallest target)`: 1 on target, 0 with everything in
one place.  A layer with nothing in its cells is 0, never left out; a signal is *not
evaluated* only when there is no data for it at all, and the overall evenness, the mean of
the evaluated signals, says which signals it covers.

Rules run in one loop, in a fixed order, and a rule can link a finding to one made before it
(its `cause`): the report shows each root finding first, with the findings that follow from
it folded under it and counted: a root and what is folded under it are one issue, as grave
as the gravest finding in it that is neither waived nor context, and the report's last line
counts issues by that severity, then every finding.  Exit codes read every finding's
severity.

Codes are grouped: `DIME0xx` the checker itself, `DIME1xx` areas, pillars and layers,
`DIME2xx` mindsets, `DIME3xx` feedback, `DIME4xx` touchpoints, `DIME5xx` departments,
`DIME6xx` assessments, `DIME7xx` the six basic starter steps (credited to Success Academy,
not part of DIME) and `DIME8xx` how customers score the organisation.  Each rule says what it rests on: a source, in our own words, with at most
one short exact quote, or the library's own heuristic; every finding carries that source,
in a few words, as its `basis`.  Where a rule's threshold is a policy value, its
*Thresholds* section says so: those numbers are this library's defaults, not the
framework's.  `dime.explain(code)` and
`dime rule CODE` show the same text as below."""

_POLICY_FILE: Final = """\
## Policy files

A policy tunes the checker.  In Python, build a `dime.Policy`; in a file, write the
same fields as JSON or TOML and read it with `dime.Policy.from_mapping` (which names
the key of every problem it finds).  Durations are whole days; severities are
`"error"`, `"warning"` and `"info"`; `fail_on` may also be `"never"`.  Every key is
optional; unknown keys are errors.

```toml
fail_on = "error"          # the least severity that fails the check, or "never"
select = ["ALL"]           # codes or prefixes, like ruff: ["DIME1", "DIME201"]
ignore = ["DIME7"]         # the longer matching entry wins; on a tie, ignore wins
window = 180               # days of attention that count in full
half_life = 90             # after the window, attention halves every this many days
absent_after = 365         # DIME101, DIME105: days with no attention before an area is absent
neglected_ratio = 0.5      # DIME102 (and DIME106, DIME203)
dominant_ratio = 2.0       # DIME103
pillar_neglected_ratio = 0.5  # DIME104
pillar_dominant_ratio = 1.6   # DIME108
fading_ratio = 0.5         # DIME106
fading_period = 60         # DIME106, days
fading_periods = 3         # DIME106
max_unfiled_share = 0.1    # DIME301
max_unfiled_complaint_share = 0.05  # DIME304
complaint_days = 14        # DIME304, DIME306, days a complaint may wait to be filed
max_unanswered_complaint_share = 0.01  # DIME306
crossover_holders = 3      # DIME206
small_organisation_holders = 3  # DIME201: at most this many holders in all is small
# operational_departments = ["Customer Service", "Operations"]  # DIME205
assessment_max_age = 730   # DIME601, days
lagging_gap = 1.5          # DIME602, points of 5
minimum_responses = 30     # DIME801, DIME802 and the report's scores
score_months = 3           # DIME802, DIME805, calendar months in each period
minimum_complaints = 20    # DIME805, complaints at a touchpoint in the recent period
complaint_rise_ratio = 2.0  # DIME805, times the period before's

[severity]
DIME103 = "info"

# targets: all 16 areas, each more than 0, summing to 1 (equal by default)
# [[targets]]
# pillar = "D"
# layer = "coordination"
# share = 0.0625

[[waivers]]
code = "DIME402"
subject = "warranty"       # or area = { pillar = "D", layer = "review" }, pillar, layer
reason = "Warranty claims move to Operations in January"
expires = 2027-01-31       # optional; a string "2027-01-31" in JSON
```

```python
import tomllib

import dime

with open("dime-policy.toml", "rb") as f:
    policy = dime.Policy.from_mapping(tomllib.load(f))
report = dime.check(dime.example(), policy=policy)
```

A waived finding stays in the report with its waiver; an expired waiver no longer
applies and is reported as `DIME002`, and one that matched nothing as `DIME003`.

## Rules of your own, and rule packs

A rule is a `dime.Rule`, built exactly like the built-in ones: a code (upper-case letters
then digits; `DIME` is reserved), a name, a default severity, a summary, its catalogue
entry (what it means, its source and basis, the keys of its evidence, how to fix and tune
it) and a function that takes the checker's `dime.BalanceView` and the findings made before
it, and returns findings with that code.  Pass rules to `dime.check(..., rules=[...])` and
`dime.explain(code, rules=[...])`, or install them as a *rule pack*: a distribution with an
entry point in the `dime.rules` group naming a rule or a list of rules.

```toml
# pyproject.toml of a rule pack
[project.entry-points."dime.rules"]
acme = "acme_dime_rules:RULES"
```

Rule packs are loaded the first time rules are needed (a check, an explanation, a list
of codes), never at import.  Their rules run after the built-in ones, and are selected,
ignored, waived, given severities and explained (`dime rule ACME001`) like them.
"""


def rules_markdown() -> str:
    """The whole of docs/rules.md."""
    lines = [
        "# Rules",
        "",
        "<!-- Made by `python -m dime._balance._catalogue > docs/rules.md`; do not edit. -->",
        "",
        _INTRO,
        "",
        "| code | name | default severity | summary |",
        "| --- | --- | --- | --- |",
    ]
    rules = list(BUILTIN.values())
    lines += [f"| {r.code} | {r.name} | {r.severity.value} | {r.summary} |" for r in rules]
    lines.append("")
    for r in rules:
        lines += [
            f"## {r.code}",
            "",
            f"**{r.name}** (default severity: {r.severity.value}). {r.summary}",
            "",
        ]
        for heading, text in r.sections():
            if heading == "Evidence":
                lines += [f"**{heading}.**", "", text, ""]
            else:
                lines += [f"**{heading}.** {text}", ""]
    return "\n".join(lines) + "\n" + _POLICY_FILE


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(rules_markdown())
