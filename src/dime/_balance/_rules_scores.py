"""The rules that read how customers score the organisation (DIME8xx).

Both read the score counts the checker's tally made as it read the feedback
(:attr:`Tally.scores`: per touchpoint, channel, scale, value and UTC month),
so they need no second pass over the feedback and give the same findings on
a tally added up from parts.  Only the built-in scales are read: a tally does
not hold a custom scale's definition (its direction, its bounds).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Final

from dime._balance._common import Severity
from dime._balance._finding import Finding
from dime._balance._rule import Rule
from dime._balance._ruletools import GENERAL, finding, listed, rounded
from dime._balance._scores import ScoreStatus, ScoreSummary, summarise
from dime._balance._tally import Tally, TouchpointFacts, month_name
from dime._balance._view import BalanceView
from dime._model import BUILT_IN_SCALES

__all__ = ["SCORE_FALLING", "SCORE_RULES", "TOUCHPOINT_SCORE_BELOW_STAGE", "score_counts"]

_Values = dict[float, int]
#: Per scale, per touchpoint id (None: feedback naming none), per UTC month number: values.
ScoreCounts = dict[str, dict[str | None, dict[int, _Values]]]


def score_counts(tally: Tally) -> ScoreCounts:
    """The tally's score counts per built-in scale, touchpoint and month, channels added up.

    >>> import dime
    >>> counts = score_counts(dime.Tally.from_framework(dime.example()))
    >>> sorted(counts)
    ['ces', 'csat', 'nps']
    """
    out: ScoreCounts = {}
    for (tp, _, scale, value, month), n in tally.scores.items():
        if scale not in BUILT_IN_SCALES:
            continue
        values = out.setdefault(scale, {}).setdefault(tp, {}).setdefault(month, {})
        values[value] = values.get(value, 0) + n
    return out


def _added(into: _Values, values: Mapping[float, int], sign: int = 1) -> _Values:
    for v, n in values.items():
        into[v] = into.get(v, 0) + sign * n
    return into


def _total(months: Mapping[int, _Values], first: int | None = None, last: int | None = None) -> _Values:
    """The values of the months from ``first`` to ``last`` (both included; None: no bound)."""
    out: _Values = {}
    for month, values in months.items():
        if (first is None or month >= first) and (last is None or month <= last):
            _added(out, values)
    return out


def _worse(one: ScoreSummary, other: ScoreSummary) -> bool:
    """Whether ``one`` is measured, ``other`` too, and one's interval lies wholly below."""
    return (
        one.status is ScoreStatus.MEASURED
        and other.status is ScoreStatus.MEASURED
        and one.high is not None
        and other.low is not None
        and one.high < other.low
    )


def _figures(s: ScoreSummary) -> str:
    digits = 2 if s.scale == "ces" else 0
    return (
        f"{s.figure()} (95% interval {s.low:.{digits}f} to {s.high:.{digits}f}, "
        f"n={s.responses:,})"
    )


def _touchpoint(t: TouchpointFacts) -> str:
    return f"the touchpoint '{t.name}' (id '{t.id}'; {t.channel.title.lower()})"


def _evidence(s: ScoreSummary, prefix: str = "") -> dict[str, float | int | None]:
    return {
        f"{prefix}value": None if s.value is None else rounded(s.value),
        f"{prefix}low": None if s.low is None else rounded(s.low),
        f"{prefix}high": None if s.high is None else rounded(s.high),
        f"{prefix}responses": s.responses,
    }


def touchpoint_score_below_stage(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    minimum = view.policy.minimum_responses
    facts = {t.id: t for t in view.touchpoints}
    for scale, per_touchpoint in score_counts(view.tally).items():
        known = BUILT_IN_SCALES[scale]
        totals = {
            tp: _total(months)
            for tp, months in per_touchpoint.items()
            if tp is not None and tp in facts
        }
        stages: dict[str, list[str]] = {}
        for tp in sorted(totals):
            stages.setdefault(facts[tp].stage.value, []).append(tp)
        for stage, members in stages.items():
            if len(members) < 2:
                continue  # alone in its stage: there is no rest to compare with
            whole: _Values = {}
            for tp in members:
                _added(whole, totals[tp])
            for tp in members:
                own = summarise(totals[tp], known, by="touchpoint", group=tp, minimum=minimum)
                rest_values = {v: n for v, n in _added(dict(whole), totals[tp], -1).items() if n}
                rest = summarise(rest_values, known, by="stage", group=stage, minimum=minimum)
                if not _worse(own, rest):
                    continue
                t = facts[tp]
                others = len(members) - 1
                yield finding(
                    TOUCHPOINT_SCORE_BELOW_STAGE,
                    f"Customers score {_touchpoint(t)} well below the rest of the "
                    f"{t.stage.title.lower()} stage on {scale.upper()}: {_figures(own)}, "
                    f"against {_figures(rest)} for the other {others} "
                    f"touchpoint{'' if others == 1 else 's'} of the stage.",
                    subject=tp,
                    scale=scale,
                    stage=stage,
                    **_evidence(own),
                    **_evidence(rest, "rest_"),
                    rest_touchpoints=others,
                    minimum_responses=minimum,
                )


TOUCHPOINT_SCORE_BELOW_STAGE = Rule(
    code="DIME801",
    name="touchpoint-score-below-stage",
    severity=Severity.WARNING,
    check=touchpoint_score_below_stage,
    summary="Customers score a touchpoint well below the rest of its buying-cycle stage.",
    meaning=(
        "For each built-in scale (NPS, CSAT, CES), over every scored feedback item the "
        "tally holds (as the report's scores), each touchpoint is compared with the other "
        "touchpoints of its stage taken together: it fires when the touchpoint's 95% "
        "interval lies wholly below theirs, and both sides have at least "
        "`minimum_responses` (default 30) responses.  A touchpoint alone in its stage is "
        "never compared, nor one whose stage is not known to the check.  One finding per "
        "touchpoint and scale; its `subject` is the touchpoint's id.  Intervals that do not "
        "overlap are a cautious test: a gap it calls significant is one; a smaller real gap "
        "may go unflagged."
    ),
    source=GENERAL,
    basis=(
        "Improving the experience means taking every touchpoint apart, stage by stage of "
        "the buying cycle; the touchpoint customers score clearly worse than its "
        "neighbours in the same stage is where to look first.  NPS, CSAT and CES are "
        "computed as the industry defines them; what counts as clearly worse (intervals "
        "apart, a least number of responses) is this library's choice."
    ),
    evidence={
        "scale": "the scale (`nps`, `csat` or `ces`)",
        "stage": "the touchpoint's stage",
        "value, low, high, responses": "the touchpoint's score, its 95% interval and n",
        "rest_value, rest_low, rest_high, rest_responses": (
            "the same for the other touchpoints of the stage together"
        ),
        "rest_touchpoints": "how many other touchpoints of the stage have responses",
        "minimum_responses": "the policy's `minimum_responses`",
    },
    example=(
        "Customers score the touchpoint 'Returns desk' (id 'returns-desk'; in person) well "
        "below the rest of the post-purchase stage on CSAT: 27% (95% interval 21 to 34, "
        "n=190), against 68% (95% interval 65 to 71, n=871) for the other 4 touchpoints of "
        "the stage."
    ),
    fix=(
        "Read the touchpoint's feedback (its complaints first) and plan an initiative on "
        "it; its owner is the department to ask."
    ),
    tune="Raise `minimum_responses`, or waive the touchpoint by its id with a reason.",
)


def score_falling(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    policy = view.policy
    minimum, k = policy.minimum_responses, policy.score_months
    until = view.until
    last = until.year * 12 + until.month - 1
    recent_first, earlier_first = last - k + 1, last - 2 * k + 1
    span = f"{month_name(recent_first)} to {month_name(last)}" if k > 1 else month_name(last)
    before = (
        f"{month_name(earlier_first)} to {month_name(recent_first - 1)}"
        if k > 1
        else month_name(earlier_first)
    )
    facts = {t.id: t for t in view.touchpoints}
    for scale, per_touchpoint in score_counts(view.tally).items():
        known = BUILT_IN_SCALES[scale]
        whole_recent: _Values = {}
        whole_earlier: _Values = {}
        fell: list[str] = []
        for tp in sorted(per_touchpoint, key=lambda t: (t is not None, t or "")):
            months = per_touchpoint[tp]
            recent_values = _total(months, recent_first, last)
            earlier_values = _total(months, earlier_first, recent_first - 1)
            _added(whole_recent, recent_values)
            _added(whole_earlier, earlier_values)
            if tp is None:
                continue
            recent = summarise(recent_values, known, by="touchpoint", group=tp, minimum=minimum)
            earlier = summarise(earlier_values, known, by="touchpoint", group=tp, minimum=minimum)
            if not _worse(recent, earlier):
                continue
            t = facts.get(tp)
            name = _touchpoint(t) if t is not None else f"the touchpoint '{tp}'"
            fell.append(f"'{t.name}'" if t is not None else f"'{tp}'")
            yield finding(
                SCORE_FALLING,
                f"{scale.upper()} at {name} fell: {_figures(recent)} in {span}, against "
                f"{_figures(earlier)} in {before}.",
                subject=tp,
                scale=scale,
                months=k,
                **_evidence(recent),
                **_evidence(earlier, "earlier_"),
                minimum_responses=minimum,
            )
        recent = summarise(whole_recent, known, minimum=minimum)
        earlier = summarise(whole_earlier, known, minimum=minimum)
        if not _worse(recent, earlier):
            continue
        where = f"; it fell at {listed(fell)} too" if fell else ""
        yield finding(
            SCORE_FALLING,
            f"{scale.upper()} across the organisation fell: {_figures(recent)} in {span}, "
            f"against {_figures(earlier)} in {before}{where}.",
            subject=scale,
            scale=scale,
            months=k,
            **_evidence(recent),
            **_evidence(earlier, "earlier_"),
            minimum_responses=minimum,
        )


SCORE_FALLING = Rule(
    code="DIME802",
    name="score-falling",
    severity=Severity.WARNING,
    check=score_falling,
    summary="A score fell: the last months are clearly below the months before them.",
    meaning=(
        "For each built-in scale (NPS, CSAT, CES), the responses of the last "
        "`score_months` (default 3) calendar months in UTC, the month of the check included, "
        "are compared with those of the same number of months before them: it fires when "
        "the recent 95% interval lies wholly below the earlier one, and both periods have at "
        "least `minimum_responses` (default 30) responses.  Each touchpoint is read on its "
        "own (its `subject` is its id), and the whole organisation too (its `subject` is "
        "the scale's name; the finding names the touchpoints that fell as well).  A "
        "decline too small for its intervals to part is not flagged."
    ),
    source=GENERAL,
    basis=(
        "A score is read over time: the framework article asks how an organisation scores "
        "and how it is tracking, and a score that falls after a change is the first sign "
        "the change hurt customers.  NPS, CSAT and CES are computed as the industry "
        "defines them; the periods compared and what counts as a fall are this library's "
        "choice."
    ),
    evidence={
        "scale": "the scale (`nps`, `csat` or `ces`)",
        "months": "the policy's `score_months`: the length of each period",
        "value, low, high, responses": "the recent period's score, its 95% interval and n",
        "earlier_value, earlier_low, earlier_high, earlier_responses": (
            "the same for the period before it"
        ),
        "minimum_responses": "the policy's `minimum_responses`",
    },
    example=(
        "CSAT at the touchpoint 'Delivery drivers' (id 'drivers'; in person) fell: 41% "
        "(95% interval 33 to 49, n=140) in 2026-08 to 2026-10, against 73% (95% interval "
        "65 to 80, n=120) in 2026-05 to 2026-07."
    ),
    fix=(
        "Find what changed at the touchpoint when the score started to fall, read the "
        "feedback since, and plan an initiative to put it right."
    ),
    tune="Change `score_months`, raise `minimum_responses`, or waive the subject with a reason.",
)

#: The score rules, in the order they run.
SCORE_RULES: Final = (TOUCHPOINT_SCORE_BELOW_STAGE, SCORE_FALLING)
