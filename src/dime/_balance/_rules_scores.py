"""The rules that read how customers feel: their scores and their complaints (DIME8xx).

They read what the checker's tally counted as it read the feedback (the scores
per touchpoint, channel, scale, value and UTC month, worked out once per check
by :meth:`BalanceView.score_counts`; the complaints per touchpoint), so they
need no second pass over the feedback and give the same findings on a tally
added up from parts.  Only the built-in scales are read: a tally does
not hold a custom scale's definition (its direction, its bounds).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from statistics import NormalDist
from typing import Final, NamedTuple

from dime._balance._common import Severity
from dime._balance._finding import Finding, FindingRef
from dime._balance._rule import LIBRARY_HEURISTIC, Rule
from dime._balance._ruletools import (
    GENERAL,
    NAMED_AT_MOST,
    SMOJE_GRID,
    STARTER_STEPS,
    find,
    finding,
    latest_reading,
    listed,
    measure_subject,
    measure_value,
    pct,
    plural,
    rounded,
    waived_alone,
)
from dime._balance._scores import CONFIDENCE, ScoreStatus, ScoreSummary, summarise, wilson
from dime._balance._tally import (
    MeasureFacts,
    TouchpointFacts,
    day_date,
    day_number,
    month_name,
    month_number,
)
from dime._balance._view import BalanceView
from dime._model import BUILT_IN_SCALES, JSONValue, Scale

__all__ = [
    "DEPARTMENT_SCORE_UNLIKE_CUSTOMERS",
    "SCORE_FALLING",
    "SCORE_RULES",
    "TOUCHPOINT_COMPLAINTS_HIGH",
    "TOUCHPOINT_COMPLAINTS_RISING",
    "TOUCHPOINT_SCORE_BELOW_STAGE",
    "Customers",
    "customers_at",
    "customers_said",
    "summary_evidence",
]

_Values = dict[float, int]


def _added(into: _Values, values: Mapping[float, int], sign: int = 1) -> _Values:
    for v, n in values.items():
        into[v] = into.get(v, 0) + sign * n
    return into


def _total(
    months: Mapping[int, _Values], first: int | None = None, last: int | None = None
) -> _Values:
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


def _figures(s: ScoreSummary, digits: int | None = None) -> str:
    if digits is None:
        digits = 2 if s.scale == "ces" else 0
    return (
        f"{s.figure()} (95% interval {s.low:.{digits}f} to {s.high:.{digits}f}, n={s.responses:,})"
    )


def figures(s: ScoreSummary) -> str:
    """A summary's figure with its interval and responses: ``"82% (95% interval 70 to 89, n=60)"``."""
    return _figures(s)


def _more(n: int) -> str:
    """What follows the touchpoints named of ``n``: how many more the evidence holds."""
    return f"; and {n - NAMED_AT_MOST:,} more" if n > NAMED_AT_MOST else ""


def _touchpoint(t: TouchpointFacts) -> str:
    owner = "unowned" if t.owner is None else f"owned by {t.owner}"
    return f"the touchpoint '{t.name}' (id '{t.id}'; {t.channel.title.lower()}; {owner})"


def _touchpoint_of(view: BalanceView, tp: str) -> str:
    """:func:`_touchpoint` of the touchpoint with id ``tp``, or its id when the view has none."""
    t = view.touchpoints_by_id().get(tp)
    return _touchpoint(t) if t is not None else f"the touchpoint '{tp}'"


def summary_evidence(s: ScoreSummary, prefix: str = "") -> dict[str, JSONValue]:
    """A score summary as evidence: ``value``, ``low``, ``high``, ``responses``, prefixed."""
    return {
        f"{prefix}value": None if s.value is None else rounded(s.value),
        f"{prefix}low": None if s.low is None else rounded(s.low),
        f"{prefix}high": None if s.high is None else rounded(s.high),
        f"{prefix}responses": s.responses,
    }


def _scale_evidence(
    pairs: Sequence[tuple[str, ScoreSummary, ScoreSummary]], other: str
) -> dict[str, JSONValue]:
    """Per scale, the two summaries' figures: the first plain, the second under ``other``."""
    out: dict[str, JSONValue] = {}
    for scale, one, two in pairs:
        out[scale] = {**summary_evidence(one), **summary_evidence(two, f"{other}_")}
    return out


def _span(first: int, last: int) -> str:
    """Months as words: ``in 2026-10``, or ``from 2025-05 to 2026-10``."""
    if first == last:
        return f"in {month_name(first)}"
    return f"from {month_name(first)} to {month_name(last)}"


def touchpoint_score_below_stage(  # noqa: C901, PLR0912 - per scale, stage, touchpoint
    view: BalanceView, found: Sequence[Finding]
) -> Iterator[Finding]:
    minimum = view.policy.minimum_responses
    facts = view.touchpoints_by_id()
    below: dict[str, list[tuple[str, ScoreSummary, ScoreSummary]]] = {}
    # Per (scale, touchpoint) below its stage, how many other touchpoints it was compared with.
    compared: dict[tuple[str, str], int] = {}
    # The last score_months up to the check's month: what the touchpoint gets lately.
    last_month = month_number(day_number(view.until))
    recent_first = last_month - view.policy.score_months + 1
    recent: dict[tuple[str, str], ScoreSummary] = {}
    # The months each touchpoint has responses in, per scale: the span a finding reads.
    spans: dict[tuple[str, str], tuple[int, int]] = {}
    for scale, per_touchpoint in view.score_counts().items():
        known = BUILT_IN_SCALES[scale]
        for tp, months in per_touchpoint.items():
            if tp is not None and months:
                spans[scale, tp] = (min(months), max(months))
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
                if _worse(own, rest):
                    below.setdefault(tp, []).append((scale, own, rest))
                    compared[scale, tp] = len(members) - 1
                    lately = summarise(
                        _total(per_touchpoint[tp], recent_first, last_month),
                        known,
                        by="touchpoint",
                        group=tp,
                        minimum=minimum,
                    )
                    if lately.status is ScoreStatus.MEASURED and spans[scale, tp][0] < recent_first:
                        recent[scale, tp] = lately
    # One finding per stage, naming its touchpoints below the rest of it; a touchpoint
    # waived by its id keeps a finding of its own, for the waiver to cover it alone.
    by_stage: dict[str, list[_Below]] = {}
    in_stage: dict[str, int] = {}
    for t in view.touchpoints:
        in_stage[t.stage.value] = in_stage.get(t.stage.value, 0) + 1
    # Where customers also complain far more than elsewhere, this finding says so too.
    loud = {c.facts.id: c for c in _complained(view, set())[0]} if below else {}
    for tp in sorted(below):
        pairs = below[tp]
        first = min(spans[scale, tp][0] for scale, _, _ in pairs)
        last = max(spans[scale, tp][1] for scale, _, _ in pairs)
        own_recent = {scale: recent[scale, tp] for scale, _, _ in pairs if (scale, tp) in recent}
        by_stage.setdefault(facts[tp].stage.value, []).append(
            _Below(
                facts[tp],
                pairs,
                first,
                last,
                own_recent,
                (recent_first, last_month),
                loud.get(tp),
                {
                    scale: (compared[scale, tp], in_stage[facts[tp].stage.value] - 1)
                    for scale, _, _ in pairs
                },
            )
        )
    code = TOUCHPOINT_SCORE_BELOW_STAGE.code
    for found_ in by_stage.values():
        # The furthest below first: by its largest gap, as a share of the figure's range.
        found_.sort(key=lambda b: (-max(_gap(own, rest) for _, own, rest in b.pairs), b.facts.id))
        # What explains a touchpoint (its owner's missed or flattering figure, or the rise
        # in its complaints) heads it; the ones it explains are one finding under it, the
        # rest one warning, and a touchpoint waived by its id one finding of its own.
        explained: dict[FindingRef, list[_Below]] = {}
        together: list[_Below] = []
        for b in found_:
            cause = _explained_by(view, b, found)
            if waived_alone(view, code, b.facts.id):
                yield _below_stage(view, [b], cause)
            elif cause is None:
                together.append(b)
            else:
                explained.setdefault(cause, []).append(b)
        if together:
            yield _below_stage(view, together, None)
        for cause, group in explained.items():
            yield _below_stage(view, group, cause)


def _explained_by(view: BalanceView, b: _Below, found: Sequence[Finding]) -> FindingRef | None:
    """The finding a touchpoint below its stage follows from: its owner's, or its own rise."""
    missed = _owner_figure(view, b, found)
    if missed is not None:
        return missed.ref
    return find(found, ("DIME805",), subject=b.facts.id)


class _Below(NamedTuple):
    """A touchpoint below the rest of its stage: on which scales, over which months."""

    facts: TouchpointFacts
    pairs: list[tuple[str, ScoreSummary, ScoreSummary]]
    first: int
    last: int
    #: Per scale, its figure over the last ``score_months`` alone, when it has the minimum
    #: and the responses began before them.
    recent: dict[str, ScoreSummary]
    #: The first and last month of those.
    recent_months: tuple[int, int]
    #: Its complaints, when they stand out as ``DIME804`` reads them (which leaves it here).
    complained: _Complained | None = None
    #: Per scale, the other touchpoints of its stage compared (those scored on the scale),
    #: and all the others of its stage.
    others: dict[str, tuple[int, int]] | None = None

    def figures(self) -> str:
        scores = listed(
            [
                f"on {scale.upper()}, {_figures(own, digits := _apart(own, rest))} against "
                f"{_figures(rest, digits)}{self.compared(scale)}{self.lately(scale)}"
                for scale, own, rest in self.pairs
            ]
        )
        c = self.complained
        if c is None:
            return scores
        return (
            f"{scores}; complaints are {c.share()} of the {c.items:,} items it brought, "
            f"against {c.rest()} at the other touchpoints"
        )

    def compared(self, scale: str) -> str:
        """Which of the stage's other touchpoints the rest is, when half of them or fewer.

        "The rest of the stage" would otherwise be read as most of its touchpoints.
        """
        scored, others = (self.others or {}).get(scale, (0, 0))
        if not scored or 2 * scored > others:
            return ""
        return (
            f" at the stage's {'one other touchpoint' if scored == 1 else f'{scored} other touchpoints'}"
            f" scored on {scale.upper()}"
        )

    def lately(self, scale: str) -> str:
        """Its figure on ``scale`` in the last months alone, in words, or nothing."""
        s = self.recent.get(scale)
        if s is None:
            return ""
        return f", {_figures(s)} {_span(*self.recent_months)} alone"


def _apart(own: ScoreSummary, rest: ScoreSummary) -> int:
    """The digits that show two intervals apart: one more where the usual ones would touch."""
    digits = 2 if own.scale == "ces" else 0
    touching = (
        own.high is not None
        and rest.low is not None
        and round(own.high, digits) >= round(rest.low, digits)
    )
    return digits + 1 if touching else digits


#: The range of each built-in scale's figure: NPS -100 to 100, CSAT 0 to 100 (a
#: percentage), CES a mean on its 1 to 7 scale.
_FIGURE_RANGE: Final = {"nps": 200.0, "csat": 100.0, "ces": 6.0}


def _gap(own: ScoreSummary, rest: ScoreSummary) -> float:
    """How far ``own`` lies below ``rest``, as a share of the range of the scale's figure."""
    if own.value is None or rest.value is None:
        return 0.0
    return (rest.value - own.value) / _FIGURE_RANGE.get(own.scale, 1.0)


def _owner_figure(view: BalanceView, b: _Below, found: Sequence[Finding]) -> Finding | None:
    """The owning department's missed or flattering figure on a scale ``b`` is below on.

    Its ``DIME503`` first: what customers say at its touchpoints explains that department's missed score.  Else
    its ``DIME803`` on such a scale, its own figure above what its customers give: the
    touchpoint is where they give it.
    """
    owner = b.facts.owner
    if owner is None:
        return None
    scales = {scale for scale, _, _ in b.pairs}
    on_scale = {
        t.name
        for d in view.departments
        if d.name == owner
        for t in d.targets
        if t.kind == "score" and t.unit in scales
    }
    missed = next(
        (
            f
            for f in found
            if f.code == "DIME503"
            and f.evidence.get("department") == owner
            and f.evidence.get("measure") in on_scale
        ),
        None,
    )
    # Else the department's own figure above what its customers give on that scale
    # (``DIME803``): the touchpoints are where customers give it.
    return missed or next(
        (
            f
            for f in found
            if f.code == "DIME803"
            and f.evidence.get("department") == owner
            and f.evidence.get("side") == "above"
            and f.evidence.get("scale") in scales
        ),
        None,
    )


def _below_stage(view: BalanceView, group: Sequence[_Below], cause: FindingRef | None) -> Finding:
    """One finding for one stage's touchpoints below the rest of it, in the order given.

    Folded under ``cause`` as its context when it is given: the department's missed or
    flattering figure the touchpoints explain, or the rise in complaints they are part of.
    """
    stage = group[0].facts.stage.title.lower()
    figures_of = {b.facts.id: _scale_evidence(b.pairs, "rest") for b in group}
    details: dict[str, JSONValue] = {
        b.facts.id: {
            "months": [month_name(b.first), month_name(b.last)],
            "scales": [scale for scale, _, _ in b.pairs],
            "figures": figures_of[b.facts.id],
            "recent": {
                "months": [month_name(m) for m in b.recent_months],
                **{scale: summary_evidence(r) for scale, r in b.recent.items()},
            }
            if b.recent
            else None,
            "complaints": None if b.complained is None else b.complained.evidence(),
        }
        for b in group
    }
    if len(group) == 1:
        (b,) = group
        message = (
            f"Over its responses {_span(b.first, b.last)}, customers score "
            f"{_touchpoint(b.facts)} below the rest of the {stage} stage {b.figures()}."
        )
    else:
        # The months read are said once when every touchpoint's responses span the same.
        spans = {_span(b.first, b.last) for b in group}
        each = [
            f"{_touchpoint(b.facts).removeprefix('the touchpoint ')}"
            + ("" if len(spans) == 1 else f", over its responses {_span(b.first, b.last)},")
            + f" {b.figures()}"
            for b in group
        ]
        told = f"{len(group):,} touchpoints below the rest of the {stage} stage"
        shown = each[:NAMED_AT_MOST]
        listing = (
            f"{'; '.join(shown)}{_more(len(each))}"
            if len(each) > NAMED_AT_MOST
            else f"{'; '.join(shown[:-1])}; and {shown[-1]}"
        )
        if len(spans) == 1:
            message = f"Over their responses {spans.pop()}, customers score {told}: {listing}."
        else:
            message = f"Customers score {told}: {listing}."
    scales = {scale for b in group for scale, _, _ in b.pairs}
    return finding(
        TOUCHPOINT_SCORE_BELOW_STAGE,
        message,
        subject=group[0].facts.id if len(group) == 1 else None,
        cause=cause,
        context=cause is not None,
        stage=group[0].facts.stage.value,
        months=[month_name(min(b.first for b in group)), month_name(max(b.last for b in group))],
        scales=[s for s in BUILT_IN_SCALES if s in scales],
        figures=figures_of[group[0].facts.id] if len(group) == 1 else None,
        touchpoints=details,
        minimum_responses=view.policy.minimum_responses,
    )


TOUCHPOINT_SCORE_BELOW_STAGE = Rule(
    code="DIME801",
    name="touchpoint-score-below-stage",
    severity=Severity.WARNING,
    check=touchpoint_score_below_stage,
    summary="Customers score touchpoints clearly below the rest of their buying-cycle stage.",
    meaning=(
        "For each built-in scale (NPS, CSAT, CES), over every scored feedback item the "
        "tally holds (as the report's scores), each touchpoint is compared with the other "
        "touchpoints of its stage taken together: it fires when the touchpoint's 95% "
        "interval lies wholly below theirs, and both sides have at least "
        "`minimum_responses` (default 30) responses.  A touchpoint alone in its stage is "
        "never compared, nor one whose stage is not known to the check.  One finding per "
        "stage names its touchpoints below the rest of it (the first ten in its message, every "
        "one in its evidence), the furthest below first (by "
        "its largest gap, as a share of the figure's range), each with every scale it is "
        "below on and the months its responses span (where half the stage's other "
        "touchpoints or fewer are scored on a scale, the message says how many make the "
        "rest); its `subject` is the touchpoint's id "
        "when it names one, and a touchpoint waived by its id keeps a finding of its own, "
        "so that the waiver covers it alone.  A touchpoint whose owner's own measure on a "
        "scale it is below on misses its target (`DIME503`), or else reads well above what "
        "its customers give (`DIME803`), is named apart, in one finding per owner and stage "
        "folded under that one as its context: what customers say at its touchpoints "
        "explains the department's figure; one whose complaints rose lately (`DIME805`, "
        "which runs before it) is named alone, folded under that rise as its context.  "
        "Where its responses "
        "began before the last "
        "`score_months` and those months alone hold the minimum, its figure over them is "
        "given beside, so that a recent fall is not read as an old fact, nor an old one "
        "as recent.  A touchpoint whose share of complaints also stands out (as `DIME804` "
        "reads it) has that said here, and `DIME804` leaves it out.  Intervals that do not "
        "overlap are a "
        "cautious test: a gap it calls significant is one; a smaller real gap "
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
        "stage": "the stage",
        "scales": "the scales any of its touchpoints is below on (`nps`, `csat`, `ces`), in that order",
        "figures": (
            "when the finding names one touchpoint, per scale, its `value`, `low`, `high` "
            "(its 95% interval) and `responses`, and the same for the rest of the stage as "
            "`rest_value`, `rest_low`, `rest_high` and `rest_responses`; null when it names "
            "several"
        ),
        "touchpoints": (
            "per touchpoint id, its `months` (first and last), its `scales`, its "
            "`figures`, as above, and `recent`: its figures per scale over the last "
            "`score_months` alone (`value`, `low`, `high`, `responses`), with their `months`, "
            "when they hold the minimum of responses and its responses began before them "
            "(else null), and `complaints`: its complaints as `DIME804` gives them, when they "
            "stand out as it reads them (else null)"
        ),
        "minimum_responses": "the policy's `minimum_responses`",
        "months": "the first and last month (UTC, YYYY-MM) of the responses read",
    },
    example=(
        "Over its responses from 2025-05 to 2026-10, customers score the touchpoint 'Returns "
        "desk' (id 'returns-desk'; in person; owned by Customer Service) below the rest of the post-purchase stage "
        "on NPS, -92 (95% interval -100 to -83, n=36) against -12 (95% interval -21 to -3, "
        "n=309) and on CSAT, 29% (95% interval 17 to 44, n=42) against 57% (95% interval 52 "
        "to 62, n=420)."
    ),
    fix=(
        "Read the touchpoint's feedback (its complaints first) and plan an initiative on "
        "it; its owner is the department to ask."
    ),
    tune="Raise `minimum_responses`, or waive the touchpoint by its id with a reason.",
)


def _months(first: int, last: int) -> str:
    """``"2026-04 to 2026-06"``, or ``"2026-06"`` for one month."""
    return month_name(first) if first == last else f"{month_name(first)} to {month_name(last)}"


def _periods(k: int, last: int) -> str:
    """The two periods compared, in words, given ``score_months`` and the last month."""
    recent_first, earlier_first = last - k + 1, last - 2 * k + 1
    if k == 1:
        return (
            f"in the last month ({month_name(last)}) against the month before "
            f"({month_name(earlier_first)})"
        )
    return (
        f"in the last {k} months ({month_name(recent_first)} to {month_name(last)}) "
        f"against the {k} before ({month_name(earlier_first)} to "
        f"{month_name(recent_first - 1)})"
    )


def _falls(pairs: Sequence[tuple[str, ScoreSummary, ScoreSummary]]) -> str:
    return listed(
        [
            f"{scale.upper()} from {_figures(earlier)} to {_figures(recent)}"
            for scale, recent, earlier in pairs
        ]
    )


def _held(
    pairs: Sequence[tuple[str, ScoreSummary, ScoreSummary]],
    held: Mapping[str, tuple[ScoreSummary, ScoreSummary]],
) -> str:
    """``"; across the organisation NPS shows no clear fall (-10, then -12)"``, or ``""``.

    Said of the scales that fell at the touchpoint and not across the
    organisation (``held``: its recent and earlier summaries, both measured).
    """
    steady = [
        f"{scale.upper()} shows no clear fall ({held[scale][1].figure()}, "
        f"then {held[scale][0].figure()})"
        for scale, _, _ in pairs
        if scale in held
    ]
    return f"; across the organisation {listed(steady)}" if steady else ""


def score_falling(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    policy = view.policy
    minimum, k = policy.minimum_responses, policy.score_months
    until = view.until
    last = until.year * 12 + until.month - 1
    recent_first, earlier_first = last - k + 1, last - 2 * k + 1
    when = _periods(k, last)
    fell: dict[str, list[tuple[str, ScoreSummary, ScoreSummary]]] = {}
    whole: list[tuple[str, ScoreSummary, ScoreSummary, _Without | None]] = []
    # The scales measured across the organisation in both periods with no clear fall there:
    # where a touchpoint fell on one of them, its fall is its own.
    held: dict[str, tuple[ScoreSummary, ScoreSummary]] = {}
    # Per scale, the recent and earlier values of each touchpoint where it fell: what the
    # organisation gave without them.
    fallen: dict[str, dict[str, tuple[_Values, _Values]]] = {}
    for scale, per_touchpoint in view.score_counts().items():
        known = BUILT_IN_SCALES[scale]
        whole_recent: _Values = {}
        whole_earlier: _Values = {}
        for tp, months in per_touchpoint.items():
            recent_values = _total(months, recent_first, last)
            earlier_values = _total(months, earlier_first, recent_first - 1)
            _added(whole_recent, recent_values)
            _added(whole_earlier, earlier_values)
            if tp is None:
                continue
            recent = summarise(recent_values, known, by="touchpoint", group=tp, minimum=minimum)
            earlier = summarise(earlier_values, known, by="touchpoint", group=tp, minimum=minimum)
            if _worse(recent, earlier):
                fell.setdefault(tp, []).append((scale, recent, earlier))
                fallen.setdefault(scale, {})[tp] = (recent_values, earlier_values)
        recent = summarise(whole_recent, known, minimum=minimum)
        earlier = summarise(whole_earlier, known, minimum=minimum)
        if _worse(recent, earlier):
            whole.append(
                (
                    scale,
                    recent,
                    earlier,
                    _without(fallen.get(scale, {}), whole_recent, whole_earlier, known, minimum),
                )
            )
        elif recent.value is not None and earlier.value is not None:
            held[scale] = (recent, earlier)

    names: dict[str, list[str]] = {}
    refs: dict[str, FindingRef] = {}
    for tp in sorted(fell):
        name = _touchpoint_of(view, tp)
        for scale, _, _ in fell[tp]:
            names.setdefault(scale, []).append(view.touchpoint_name(tp))
        # Over the same periods, complaints there rising are the same change seen first.
        rising = find(found, ("DIME805",), subject=tp)
        at = finding(
            SCORE_FALLING,
            f"Scores at {name} fell {when}: {_falls(fell[tp])}{_held(fell[tp], held)}.",
            subject=tp,
            cause=rising,
            context=rising is not None,
            scales=[scale for scale, _, _ in fell[tp]],
            months=k,
            figures=_scale_evidence(fell[tp], "earlier"),
            minimum_responses=minimum,
            held={
                scale: {"earlier": held[scale][1].value, "recent": held[scale][0].value}
                for scale, _, _ in fell[tp]
                if scale in held
            },
        )
        refs[tp] = at.ref
        yield at
    for scale, recent, earlier, without in whole:
        yield _organisation_fell(
            scale,
            recent,
            earlier,
            without,
            also=names.get(scale),
            refs=refs,
            name=view.touchpoint_name,
            when=when,
            k=k,
            minimum=minimum,
        )


def _organisation_fell(
    scale: str,
    recent: ScoreSummary,
    earlier: ScoreSummary,
    without: _Without | None,
    *,
    also: list[str] | None,
    refs: Mapping[str, FindingRef],
    name: Callable[[str], str],
    when: str,
    k: int,
    minimum: int,
) -> Finding:
    """The finding that ``scale`` fell across the organisation.

    When the fall is gone without the touchpoints where it fell, it says so, with their
    share of the responses in each period (a fall can be a change in where responses come
    from); without one touchpoint alone, it is folded under that touchpoint's fall.
    """
    if without is None:
        where = f"; it fell at {listed(also)} too" if also else ""
    else:
        them = listed([name(tp) for tp in without.touchpoints])
        one_tp = len(without.touchpoints) == 1
        # Without them the score may have moved a little either way, but not clearly: the
        # clear fall is theirs, not necessarily all of it.
        rest_now, rest_before = without.recent.value, without.earlier.value
        fell_a_little = rest_now is not None and rest_before is not None and rest_now < rest_before
        change = "a smaller fall, not clear on its own" if fell_a_little else "no clear change"
        where = (
            f"; without {them}, where {scale.upper()} fell, the organisation gave "
            f"{without.earlier.figure()} then {without.recent.figure()}, {change}: the clear "
            f"fall comes from {'that touchpoint' if one_tp else 'those touchpoints'}, "
            f"which gave {pct(without.share_earlier)} of the responses before and "
            f"{pct(without.share_recent)} lately"
        )
    one = without is not None and len(without.touchpoints) == 1
    return finding(
        SCORE_FALLING,
        f"{scale.upper()} across the organisation fell {when}: "
        f"from {_figures(earlier)} to {_figures(recent)}{where}.",
        subject=scale,
        cause=refs[without.touchpoints[0]] if one and without is not None else None,
        context=one,
        scales=[scale],
        months=k,
        figures=_scale_evidence([(scale, recent, earlier)], "earlier"),
        minimum_responses=minimum,
        without=None if without is None else without.evidence(),
    )


class _Without(NamedTuple):
    """The organisation on one scale without the touchpoints where it fell, when that holds."""

    touchpoints: list[str]
    recent: ScoreSummary
    earlier: ScoreSummary
    #: Their share of the organisation's responses, earlier and recent.
    share_earlier: float
    share_recent: float

    def evidence(self) -> JSONValue:
        return {
            "touchpoints": list(self.touchpoints),
            "earlier": None if self.earlier.value is None else rounded(self.earlier.value),
            "recent": None if self.recent.value is None else rounded(self.recent.value),
            "share_earlier": rounded(self.share_earlier),
            "share_recent": rounded(self.share_recent),
        }


def _without(
    fallen: Mapping[str, tuple[_Values, _Values]],
    recent: _Values,
    earlier: _Values,
    known: Scale,
    minimum: int,
) -> _Without | None:
    """The organisation's fall on one scale, read without the touchpoints where it fell.

    The fewest of them (one alone, the most responses first, else all of them) without
    which both periods are measured and show no clear fall; None when there are none.
    """
    if not fallen:
        return None
    order = sorted(fallen, key=lambda tp: (-sum(fallen[tp][0].values()), tp))
    for chosen in [*([tp] for tp in order), *([order] if len(order) > 1 else [])]:
        rest_recent, rest_earlier = dict(recent), dict(earlier)
        for tp in chosen:
            _added(rest_recent, fallen[tp][0], -1)
            _added(rest_earlier, fallen[tp][1], -1)
        after = summarise({v: n for v, n in rest_recent.items() if n}, known, minimum=minimum)
        before = summarise({v: n for v, n in rest_earlier.items() if n}, known, minimum=minimum)
        if after.value is None or before.value is None or _worse(after, before):
            continue
        return _Without(
            sorted(chosen),
            after,
            before,
            _share(sum(n for tp in chosen for n in fallen[tp][1].values()), earlier),
            _share(sum(n for tp in chosen for n in fallen[tp][0].values()), recent),
        )
    return None


def _share(part: int, of: _Values) -> float:
    """``part`` of all the responses ``of`` counts, or 0 when it counts none."""
    total = sum(of.values())
    return part / total if total else 0.0


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
        "own (one finding naming every scale that fell there; its `subject` is its id; "
        "where the organisation as a whole was measured in both periods and its intervals "
        "on that scale did not part, it says so, as the fall is then the touchpoint's own), "
        "and the whole organisation per scale (its `subject` is the scale's name; the "
        "finding names the touchpoints where that scale fell as well).  When the "
        "organisation's fall is gone without the touchpoints where it fell (one of them "
        "alone, the one with the most responses first, else all of them), the finding says "
        "so, with their share of the responses in each period (a fall can be a change in "
        "where responses come from), and without one touchpoint alone it is folded under "
        "that touchpoint's fall as its context.  A "
        "decline too small for its intervals to part is not flagged."
    ),
    source=SMOJE_GRID,
    basis=(
        "A score is read over time: the framework article asks how an organisation scores "
        "and how it is tracking, and a score that falls after a change is the first sign "
        "the change hurt customers.  NPS, CSAT and CES are computed as the industry "
        "defines them; the periods compared and what counts as a fall are this library's "
        "choice."
    ),
    quote="how your organisation either scores or is tracking",
    quote_source="Chris Smoje, the framework article",
    evidence={
        "scales": "the scales that fell (`nps`, `csat`, `ces`), in that order",
        "months": "the policy's `score_months`: the length of each period",
        "figures": (
            "per scale, the recent period's `value`, `low`, `high` (its 95% interval) and "
            "`responses`, and the same for the period before it as `earlier_value`, "
            "`earlier_low`, `earlier_high` and `earlier_responses`"
        ),
        "minimum_responses": "the policy's `minimum_responses`",
        "held": (
            "for a touchpoint, per scale that fell there but not across the organisation "
            "(both periods measured), the organisation's `earlier` and `recent` values"
        ),
        "without": (
            "for the organisation, when its fall is gone without the touchpoints where it "
            "fell: their ids (`touchpoints`), the organisation's `earlier` and `recent` "
            "values without them, and their share of the responses in each period "
            "(`share_earlier`, `share_recent`); else null"
        ),
    },
    example=(
        "Scores at the touchpoint 'Delivery drivers' (id 'drivers'; in person; owned by "
        "Operations) fell in the "
        "last 3 months (2026-08 to 2026-10) against the 3 before (2026-05 to 2026-07): CSAT "
        "from 73% (95% interval 65 to 80, n=120) to 41% (95% interval 33 to 49, n=140); "
        "across the organisation CSAT shows no clear fall (78%, then 76%)."
    ),
    fix=(
        "Find what changed at the touchpoint when the score started to fall, read the "
        "feedback since, and plan an initiative to put it right."
    ),
    tune="Change `score_months`, raise `minimum_responses`, or waive the subject with a reason.",
)


class Customers(NamedTuple):
    """What customers gave on one scale at the touchpoints one department owns."""

    #: The score, with its interval, over the months read.
    summary: ScoreSummary
    #: The first month read, as ``year * 12 + month - 1``.
    first: int
    #: The last month read, likewise.
    last: int
    #: How many of the department's touchpoints had responses then.
    touchpoints: int


def customers_at(
    view: BalanceView, department: str, scale: str, day: int, *, leave_out: str | None = None
) -> Customers | None:
    """Customers' score at ``department``'s touchpoints in the ``score_months`` up to ``day``.

    None when the scale is not built in or the department owns no touchpoint
    with a response on it in those months; the summary says when there are
    too few responses to give a figure.  ``leave_out`` names a touchpoint not read.
    """
    known = BUILT_IN_SCALES.get(scale)
    per_touchpoint = view.score_counts().get(scale)
    if known is None or per_touchpoint is None:
        return None
    last = month_number(day)
    first = last - view.policy.score_months + 1
    owned = sorted(t.id for t in view.touchpoints if t.owner == department and t.id != leave_out)
    values: _Values = {}
    heard = 0
    for tp in owned:
        got = _total(per_touchpoint.get(tp, {}), first, last)
        if got:
            heard += 1
            _added(values, got)
    if not heard:
        return None
    summary = summarise(
        values, known, by="department", group=department, minimum=view.policy.minimum_responses
    )
    return Customers(summary, first, last, heard)


def customers_said(customers: Customers) -> str:
    """What the customers gave, in words: the figure, and where and when it was read."""
    where = "its touchpoint" if customers.touchpoints == 1 else "its touchpoints"
    return (
        f"customers at {where} gave {_figures(customers.summary)} "
        f"{_span(customers.first, customers.last)}"
    )


def _side(customers: ScoreSummary, value: float) -> str | None:
    """``above`` or ``below`` when ``value`` is beyond twice the interval's reach, else None.

    The department's own figure is an estimate too, often from fewer responses
    (a month's, say): twice the interval's half-width on that side leaves it
    room for its own noise.
    """
    mid, low, high = customers.value, customers.low, customers.high
    if mid is None or low is None or high is None:
        return None
    if value > mid + 2 * (high - mid):
        return "above"
    if value < mid - 2 * (mid - low):
        return "below"
    return None


def _score_measures(view: BalanceView) -> Iterator[tuple[str, MeasureFacts]]:
    for d in view.departments:
        for m in d.shapes:
            if m.kind == "score" and m.unit in BUILT_IN_SCALES:
                yield d.name, m


def department_score_unlike_customers(
    view: BalanceView, _found: Sequence[Finding]
) -> Iterator[Finding]:
    for department, m in _score_measures(view):
        latest = latest_reading(view, m.readings)
        if latest is None or m.unit is None:
            continue  # not measured in the window: DIME504 says so where it has a target
        day, value = latest
        customers = customers_at(view, department, m.unit, day)
        if customers is None:
            continue
        s = customers.summary
        side = _side(s, value)
        if side is None:
            continue
        missed = _target_missed_by_customers(view, department, m, value, s)
        yield finding(
            DEPARTMENT_SCORE_UNLIKE_CUSTOMERS,
            f"The {department} department's '{m.name}' was {measure_value(m, value)} on "
            f"{day_date(day).isoformat()}{missed}, but {customers_said(customers)}: its own "
            f"figure is well {side} what its customers say"
            f"{', and by theirs it misses its target' if missed else ''}.",
            # A figure that flatters the department hides a problem; one below what its
            # customers say hides none, and is said as information.
            severity=None if side == "above" else Severity.INFO,
            subject=measure_subject(department, m.name),
            department=department,
            measure=m.name,
            scale=m.unit,
            value=value,
            measured_on=day_date(day).isoformat(),
            side=side,
            months=[month_name(customers.first), month_name(customers.last)],
            customers=summary_evidence(s),
        )


def _target_missed_by_customers(
    view: BalanceView, department: str, m: MeasureFacts, value: float, s: ScoreSummary
) -> str:
    """``", meeting its target of 40"``, or ``""``.

    Said when the department's own figure meets the measure's target and the customers'
    interval lies wholly on the wrong side of it.
    """
    target = next(
        (
            t
            for d in view.departments
            if d.name == department
            for t in d.targets
            if t.name == m.name
        ),
        None,
    )
    if target is None or s.low is None or s.high is None:
        return ""
    t = target.target
    if target.higher_is_better:
        met, missed = value >= t, s.high < t
    else:
        met, missed = value <= t, s.low > t
    return f", meeting its target of {measure_value(m, t)}" if met and missed else ""


DEPARTMENT_SCORE_UNLIKE_CUSTOMERS = Rule(
    code="DIME803",
    name="department-score-unlike-customers",
    severity=Severity.WARNING,
    check=department_score_unlike_customers,
    summary="A department's own score lies outside what customers give at its touchpoints.",
    meaning=(
        "For each department measure on a built-in scale (NPS, CSAT, CES), its latest "
        "measurement in the window is compared with the responses on that scale at the "
        "touchpoints the department owns, in the `score_months` (default 3) calendar months "
        "in UTC up to the measurement's month, with at least `minimum_responses` (default "
        "30) of them: it fires when the department's value lies further from their figure "
        "than twice their 95% interval reaches on that side (the department's figure is an "
        "estimate too, often from fewer responses).  Above it, the figure flatters the "
        "department and hides a problem: a warning.  Below it, it measures something else "
        "and hides none: information.  When the department's figure meets the measure's "
        "target while the customers' interval lies wholly on the wrong side of it, it says "
        "that by their figure the department misses its target.  One finding per measure, "
        "with the same `subject` as `DIME503`.  A measure with a target and no measurement in "
        "the window is `DIME504`, which gives the customers' figure instead."
    ),
    source=GENERAL,
    basis=(
        "General customer-experience guidance holds that every department is measured and "
        "aligned on customer experience.  A department's own score that the responses of "
        "customers at its own touchpoints contradict is not measuring their experience.  "
        "Comparing the two, with the responses' interval, is the library's reading."
    ),
    evidence={
        "department": "the department's name",
        "measure": "the measure's name",
        "scale": "the measure's scale",
        "value": "the department's latest measurement in the window",
        "measured_on": "the day of that measurement",
        "side": "`above` or `below` what the customers gave",
        "months": "the first and last month of responses read, as YYYY-MM",
        "customers": "the customers' figure: `value`, `low`, `high` and `responses`",
    },
    example=(
        "The Workshop department's 'workshop CSAT' was 84% (CSAT) on 2026-10-01, but "
        "customers at its touchpoints gave 56% (95% interval 49 to 63, n=190) from 2026-08 "
        "to 2026-10: its own figure is well above what its customers say."
    ),
    fix=(
        "Find out what the department's figure measures that its touchpoints' responses do "
        "not (another survey, other customers, a different definition), and measure the "
        "experience customers have with it."
    ),
    tune=(
        "Raise `minimum_responses`, change the months read with `score_months`, or waive "
        "the measure by its `subject`."
    ),
)


class _Complained(NamedTuple):
    """A touchpoint where customers complain far more than at the others."""

    facts: TouchpointFacts
    complaints: int
    items: int
    low: float
    high: float
    #: The other touchpoints' complaints and items together.
    rest_complaints: int
    rest_items: int
    #: Its complaints neither filed nor assigned to anyone.
    open: int

    def name(self) -> str:
        owner = f"owned by {self.facts.owner}" if self.facts.owner is not None else "unowned"
        return f"'{self.facts.name}' (id '{self.facts.id}'; {owner})"

    def share(self) -> str:
        return f"{100 * self.complaints / self.items:.0f}%"

    def rest(self) -> str:
        return f"{100 * self.rest_complaints / self.rest_items:.0f}%"

    def handled(self) -> str:
        """That every one of its complaints is filed or assigned, when so: they are in hand."""
        return "" if self.open else "; every complaint filed or assigned"

    def said(self) -> str:
        return (
            f"{self.name()} {self.complaints:,} of {self.items:,} ({self.share()}, against "
            f"{self.rest()} at the others{self.handled()})"
        )

    def evidence(self) -> dict[str, JSONValue]:
        """Its counts, share and interval, and the other touchpoints' counts, as evidence."""
        return {
            "complaints": self.complaints,
            "items": self.items,
            "share": rounded(self.complaints / self.items),
            "low": rounded(self.low),
            "high": rounded(self.high),
            "others": {"complaints": self.rest_complaints, "items": self.rest_items},
            "open": self.open,
        }


def _complained(view: BalanceView, leave_out: set[str]) -> tuple[list[_Complained], int, int]:
    """The touchpoints whose share of complaints stands above the others', and the whole.

    Every touchpoint with the minimum is compared with the others together, at 95%
    for all the comparisons at once (Bonferroni), as the report's best and worst.
    """
    minimum = view.policy.minimum_responses
    tally = view.tally
    facts = view.touchpoints_by_id()
    items = sum(n for tp, n in tally.voices.items() if tp in facts)
    complaints = tally.complaints
    bills = sum(n for tp, n in complaints.items() if tp in facts)
    compared = [
        tp
        for tp in sorted(facts)
        if tally.voices.get(tp, 0) >= minimum and items - tally.voices.get(tp, 0) >= minimum
    ]
    z = NormalDist().inv_cdf(1 - (1 - CONFIDENCE) / 2 / max(len(compared), 1))
    still_open = Counter(tally.open_complaints_through.values())
    out = []
    for tp in compared:
        n, k = tally.voices[tp], complaints.get(tp, 0)
        low, high = wilson(k, n, z)
        _, rest_high = wilson(bills - k, items - n, z)
        if low > rest_high and tp not in leave_out:
            out.append(
                _Complained(facts[tp], k, n, low, high, bills - k, items - n, still_open[tp])
            )
    out.sort(key=lambda c: (-c.complaints / c.items, c.facts.id))
    return out, bills, items


def touchpoint_complaints_high(view: BalanceView, found: Sequence[Finding]) -> Iterator[Finding]:
    # A touchpoint customers also score below its stage (DIME801) is said there already.
    scored_low = {
        str(tp)
        for f in found
        if f.code == "DIME801" and isinstance(f.evidence.get("touchpoints"), dict)
        for tp in f.evidence["touchpoints"]  # type: ignore[union-attr]
    }
    listed_, bills, items = _complained(view, scored_low)
    code = TOUCHPOINT_COMPLAINTS_HIGH.code
    alone = [c for c in listed_ if waived_alone(view, code, c.facts.id)]
    together = [c for c in listed_ if c not in alone]
    for group in [*([c] for c in alone), *([together] if together else [])]:
        if len(group) == 1:
            (c,) = group
            message = (
                f"Customers complain far more at {c.name()} than elsewhere: {c.complaints:,} of "
                f"the {c.items:,} feedback items it brought are complaints ({c.share()}), "
                f"against {c.rest()} at the other touchpoints, over all the feedback on "
                f"record{c.handled()}."
            )
        else:
            message = (
                f"Customers complain far more at {len(group):,} touchpoints than elsewhere, over "
                f"all the feedback on record (complaints among the items each brought): "
                f"{'; '.join(c.said() for c in group[:NAMED_AT_MOST])}{_more(len(group))}."
            )
        yield finding(
            TOUCHPOINT_COMPLAINTS_HIGH,
            message,
            subject=group[0].facts.id if len(group) == 1 else None,
            touchpoints={c.facts.id: c.evidence() for c in group},
            complaints=bills,
            items=items,
            minimum_responses=view.policy.minimum_responses,
        )


TOUCHPOINT_COMPLAINTS_HIGH = Rule(
    code="DIME804",
    name="touchpoint-complaints-high",
    severity=Severity.INFO,
    check=touchpoint_complaints_high,
    summary="Customers complain at one touchpoint far more than at the others.",
    meaning=(
        "Over all the feedback the tally holds (as the report's scores), each touchpoint "
        "that brought at least `minimum_responses` (default 30) items, with at least as many "
        "at the others, is compared with the other touchpoints taken together: it is named "
        "when the interval of its share of complaints (feedback of kind `bill`) lies wholly "
        "above theirs, at 95% for all the touchpoints compared at once (Bonferroni, as for "
        "the report's best and worst touchpoints).  It reads every touchpoint, scored or "
        "not: complaints are how customers say what they feel where nobody asks for a "
        "score.  A touchpoint customers also score below its stage is left to `DIME801`.  "
        "One finding names them all, the highest share first (the first ten in its message, "
        "every one in its evidence); a touchpoint waived by its id "
        "keeps a finding of its own, whose `subject` is its id.  Information: a touchpoint "
        "made for complaints (a complaints line) draws them by design."
    ),
    source=STARTER_STEPS,
    basis=(
        "One of the six basic starter steps for improving customer service is finding where "
        "the problems are by exploring all the contact points.  A touchpoint whose share of "
        "complaints stands far above the others' is where to look first.  The comparison and "
        "its threshold are the library's."
    ),
    evidence={
        "touchpoints": (
            "per touchpoint id named, its `complaints`, `items`, `share`, the interval of its "
            "share (`low`, `high`) at the level used, and the other touchpoints' "
            "`complaints` and `items` together (`others`), and how many of its complaints "
            "are neither filed nor assigned (`open`; when none, the message says every one "
            "is filed or assigned)"
        ),
        "complaints": "the complaints brought through any touchpoint",
        "items": "the feedback items brought through any touchpoint",
        "minimum_responses": "the policy's `minimum_responses`",
    },
    example=(
        "Customers complain far more at 2 touchpoints than elsewhere, over all the feedback "
        "on record (complaints among the items each brought): 'Wi-fi' (id 'wifi'; owned by "
        "Maintenance) 22 of 34 (65%, against 22% at the others); 'Invoice email' (id "
        "'invoice-email'; owned by Reservations & sales) 23 of 46 (50%, against 22% at the "
        "others)."
    ),
    fix="Read the touchpoint's complaints, and plan the work that removes their cause.",
    tune=(
        "Raise `minimum_responses`, or waive the touchpoint by its `subject`: a touchpoint "
        "made for complaints (a complaints line or form) is one to waive.  The rule does not "
        "guess which those are from the share alone: a touchpoint customers mention only to "
        "complain about, such as wi-fi that fails, looks the same."
    ),
)


def touchpoint_complaints_rising(view: BalanceView, _found: Sequence[Finding]) -> Iterator[Finding]:
    policy = view.policy
    k, ratio, minimum = policy.score_months, policy.complaint_rise_ratio, policy.minimum_complaints
    last = month_number(day_number(view.until))
    # The recent months against twice as many before them: a rise that began late in a
    # period as long as the recent one would hide in it.
    recent_first, earlier_first = last - k + 1, last - 3 * k + 1
    per: dict[str, dict[int, int]] = {}
    for (tp, month), n in view.tally.complaint_months.items():
        if month <= last:
            per.setdefault(tp, {})[month] = n
    for tp in sorted(per):
        months = per[tp]
        # The earlier months begin at the touchpoint's first complaint on record, if later:
        # months before it may be months before it was recorded at all.  With fewer of them
        # than the recent period has, it may be new: too little says what it had before.
        start = max(earlier_first, min(months))
        before = recent_first - start
        recent = sum(n for m, n in months.items() if m >= recent_first)
        earlier = sum(n for m, n in months.items() if start <= m < recent_first)
        if recent < minimum or before < k:
            continue
        low, high = wilson(recent, recent + earlier)
        # At ``ratio`` times the earlier months' rate, the recent period would hold
        # ratio * k / (ratio * k + before) of the two periods' complaints: clearly more.
        if low <= ratio * k / (ratio * k + before):
            continue
        name = _touchpoint_of(view, tp)
        by_month = [months.get(m, 0) for m in range(start, last + 1)]
        shown = f"{', '.join(map(str, by_month[:-k]))}, then {', '.join(map(str, by_month[-k:]))}"
        when = (
            f"in the last {plural(k, 'month')} ({_months(recent_first, last)}) against the "
            f"{before} before ({_months(start, recent_first - 1)})"
        )
        yield finding(
            TOUCHPOINT_COMPLAINTS_RISING,
            f"Complaints at {name} rose {when}: {recent:,} against {earlier:,} (by month: "
            f"{shown}), {_rates(recent / k, earlier / before)}.",
            subject=tp,
            months=k,
            earlier_months=before,
            recent=recent,
            earlier=earlier,
            by_month=list[JSONValue](by_month),
            low=rounded(low),
            high=rounded(high),
            ratio=ratio,
            minimum_complaints=minimum,
        )


def _rates(now: float, before: float) -> str:
    """The two monthly rates of complaints, and how many times the earlier the later is."""
    if before == 0:
        return f"{now:.1f} a month against none before"
    times = now / before
    spec = ".0f" if times >= 10 else ".1f"
    return f"{now:.1f} a month against {before:.1f}, {times:{spec}} times the rate before"


TOUCHPOINT_COMPLAINTS_RISING = Rule(
    code="DIME805",
    name="touchpoint-complaints-rising",
    severity=Severity.WARNING,
    check=touchpoint_complaints_rising,
    summary="Complaints at a touchpoint rose well beyond the months before.",
    meaning=(
        "For each touchpoint, the complaints (feedback of kind `bill`, filed or not) received "
        "in the last `score_months` (default 3) calendar months in UTC, the month of the check "
        "included, are compared with those of the twice as many months before them (so that "
        "a rise that began late in them does not hide in them): it fires when the recent "
        "period holds at least `minimum_complaints` (default 20) and, of the two periods' "
        "complaints together, the recent period's share has a 95% interval wholly above "
        "the share it would hold at `complaint_rise_ratio` times the earlier monthly rate "
        "(default 2, so a monthly rate clearly more than twice as high).  The earlier months "
        "begin at the touchpoint's first complaint on record when that is later (the months "
        "before may be months before it was recorded at all), and a touchpoint with no "
        "complaint on record `score_months` or more before the recent period is not read: "
        "it may be new.  It "
        "counts complaints, not "
        "their share of the items, so a season that brings many more customers can raise "
        "them too: the months are given so that the reader can tell.  It runs before the "
        "score rules, and a fall in scores at the same touchpoint "
        "(`DIME802`) is folded under it as its context."
    ),
    source=LIBRARY_HEURISTIC,
    basis=(
        "Complaints are how customers say what they feel, and a touchpoint whose complaints "
        "multiply is where something changed.  Counting them per period, and what counts as "
        "a rise, are this library's heuristic."
    ),
    evidence={
        "months": "the policy's `score_months`: the length of each period",
        "recent": "complaints at the touchpoint in the recent period",
        "earlier": "complaints at the touchpoint in the months before it",
        "earlier_months": "how many months before it are read: twice `score_months`, or "
        "fewer from the touchpoint's first complaint on record",
        "by_month": "complaints per month over both periods, oldest first",
        "low": "the low end of the 95% interval of the recent period's share of the two",
        "high": "its high end",
        "ratio": "the policy's `complaint_rise_ratio`",
        "minimum_complaints": "the policy's `minimum_complaints`",
    },
    example=(
        "Complaints at the touchpoint 'Baggage claim' (id 'baggage-claim'; in person; owned "
        "by Ground Operations) rose in the last 3 months (2026-04 to 2026-06) against the 6 "
        "before (2025-10 to 2026-03): 195 against 26 (by month: 5, 3, 4, 5, 4, 5, then 70, "
        "68, 57), 65.0 a month against 4.3, 15 times the rate before."
    ),
    fix=(
        "Find what changed at the touchpoint when its complaints began to rise, read them, "
        "and name who answers them."
    ),
    tune=(
        "Raise `complaint_rise_ratio` or `minimum_complaints`, change `score_months`, or "
        "waive the touchpoint by its `subject`."
    ),
)


#: In the order they run: a department's figure unlike its customers' (``DIME803``) before
#: the touchpoints below their stage that it may explain.  Complaints rising at a touchpoint
#: (``DIME805``) run earlier still, before the complaints left unfiled that they may explain
#: and the fall in scores there.
SCORE_RULES: Final = (
    DEPARTMENT_SCORE_UNLIKE_CUSTOMERS,
    TOUCHPOINT_SCORE_BELOW_STAGE,
    SCORE_FALLING,
    TOUCHPOINT_COMPLAINTS_HIGH,
)
