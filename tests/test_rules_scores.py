"""Tests for the rules that read the scores: DIME801 (below the stage), DIME802 (falling), DIME803.

DIME803 is a department's own score against what customers give at its touchpoints.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import dime
import organisations
from dime import (
    Channel,
    Department,
    Feedback,
    FeedbackFolder,
    FeedbackKind,
    Finding,
    Framework,
    Measure,
    MeasureKind,
    Measurement,
    Policy,
    Report,
    Score,
    Stage,
    Touchpoint,
    Waiver,
)
from dime._balance._scores import summarise, wilson
from dime._model import CSAT
from dime.exceptions import InvalidPolicyError

NOW = datetime(2026, 10, 31, 12, tzinfo=UTC)
CODES = ("DIME801", "DIME802")
ONLY = Policy(select=list(CODES))
STAGE = (
    Touchpoint(id="a", name="A", channel=Channel.WEB, stage=Stage.POST_PURCHASE),
    Touchpoint(id="b", name="B", channel=Channel.PHONE, stage=Stage.POST_PURCHASE),
    Touchpoint(id="c", name="C", channel=Channel.CHAT, stage=Stage.POST_PURCHASE),
    Touchpoint(id="solo", name="Solo", channel=Channel.WEB, stage=Stage.PRE_PURCHASE),
)


def answers(tp: str, scale: str, values: Sequence[int], *, days_ago: int = 10) -> list[Feedback]:
    """One feedback item through ``tp`` per value, received ``days_ago`` days before NOW."""
    at = NOW - timedelta(days=days_ago)
    return [
        Feedback(
            id=f"{tp}-{scale}-{days_ago}-{i}",
            received=at - timedelta(minutes=i),
            kind=FeedbackKind.ROUTINE,
            touchpoint=tp,
            score=Score(scale=scale, value=v),
        )
        for i, v in enumerate(values)
    ]


def framework(feedback: Sequence[Feedback]) -> Framework:
    return Framework(name="Shop", touchpoints=STAGE, feedback=tuple(feedback))


def found(report: Report, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]


def check(feedback: Sequence[Feedback], policy: Policy = ONLY) -> Report:
    return dime.check(framework(feedback), policy=policy, now=NOW)


def two_below_their_stage() -> list[Feedback]:
    """CSAT through A and B (B the lower) well below C's, all three post-purchase."""
    return (
        answers("a", "csat", [1, 2, 4] * 20)
        + answers("b", "csat", [2, 1, 1] * 20)
        + answers("c", "csat", [5, 4, 5, 4, 5] * 20)
    )


csat_values = st.lists(st.integers(1, 5), min_size=1, max_size=80)
nps_values = st.lists(st.integers(0, 10), min_size=1, max_size=80)


def loyalty_at_a(target: float | None, feedback: Sequence[Feedback]) -> Framework:
    """Loyalty owning A and reporting 95% CSAT today, held to ``target`` if given."""
    measure = Measure(name="member CSAT", kind=MeasureKind.SCORE, scale="csat", target=target)
    loyalty = Department(
        name="Loyalty",
        measures=(measure,),
        measurements=(Measurement(measure="member CSAT", value=95, on=date(2026, 10, 30)),),
    )
    a, *rest = STAGE
    return Framework(
        name="Airline",
        touchpoints=(attrs.evolve(a, owner="Loyalty"), *rest),
        departments=(loyalty,),
        feedback=tuple(feedback),
    )


def test_a_csat_measures_earlier_values_are_percentages() -> None:
    """DIME503 gives a CSAT measure's earlier values as percentages, like its latest."""
    claims = Department(
        name="Claims",
        measures=(Measure(name="claims CSAT", kind=MeasureKind.SCORE, scale="csat", target=80),),
        measurements=tuple(
            Measurement(measure="claims CSAT", value=v, on=on)
            for v, on in [
                (90, date(2026, 8, 31)),
                (85.5, date(2026, 9, 30)),
                (60, date(2026, 10, 30)),
            ]
        ),
    )
    fw = Framework(name="Insurer", departments=(claims,))
    (f,) = found(dime.check(fw, now=NOW, policy=Policy(select=["DIME503"])), "DIME503")
    text = " ".join(f.message.split())
    assert (
        "was 60% (CSAT) on 2026-10-30 (earlier: 90% on 2026-08-31 and 85.5% on 2026-09-30)" in text
    )


class TestBelowStage:
    def test_intervals_that_would_print_touching_get_one_more_digit(self) -> None:
        """A's interval ends at 75.7 and the rest's begins at 76.0: both shown to a tenth.

        To whole points they would read "64 to 76" against "76 to 80", as if they met.
        """
        report = check(
            answers("a", "csat", [5] * 176 + [1] * 74)
            + answers("b", "csat", [5] * 780 + [1] * 220)
            + answers("c", "csat", [5] * 300 + [1] * 80)
        )
        (f,) = found(report, "DIME801")
        text = " ".join(f.message.split())
        assert "70% (95% interval 64.5 to 75.7, n=250) against 78% (95% interval 76.0 to " in text

    def test_a_touchpoint_far_below_its_stage_is_named_with_both_figures(self) -> None:
        """A touchpoint whose CSAT interval lies below the rest of its stage's gets one finding."""
        happy = [5, 4, 5, 4, 5] * 10
        report = check(
            answers("a", "csat", [1, 2, 3, 2, 1] * 10)
            + answers("b", "csat", happy)
            + answers("c", "csat", happy)
        )
        (f,) = found(report, "DIME801")
        assert ("a", ["csat"], "post_purchase") == (
            f.subject,
            f.evidence["scales"],
            f.evidence["stage"],
        )
        figures = f.evidence["figures"]
        assert isinstance(figures, dict)
        csat = figures["csat"]
        assert isinstance(csat, dict)
        assert (0.0, 50, 100.0, 100) == (
            csat["value"],
            csat["responses"],
            csat["rest_value"],
            csat["rest_responses"],
        )
        assert "'A' (id 'a'; web; unowned)" in f.message
        assert "n=50" in f.message
        assert "n=100" in f.message
        assert dime.Severity.WARNING is f.severity

    def test_the_months_read_are_named(self) -> None:
        """A finding says over which months the touchpoint's responses were read."""
        feedback = (
            answers("a", "csat", [1] * 20, days_ago=200)  # 2026-04-14
            + answers("a", "csat", [1] * 20)  # 2026-10-21
            + answers("b", "csat", [5] * 60)
        )
        (f,) = found(check(feedback), "DIME801")
        assert f.message.startswith("Over its responses from 2026-04 to 2026-10, customers score")
        assert ["2026-04", "2026-10"] == f.evidence["months"]
        (g,) = found(
            check(answers("a", "csat", [1] * 40) + answers("b", "csat", [5] * 60)), "DIME801"
        )
        assert g.message.startswith("Over its responses in 2026-10, ")

    @given(
        earlier=st.lists(st.integers(1, 5), min_size=0, max_size=60),
        lately=st.lists(st.integers(1, 5), min_size=0, max_size=60),
    )
    @example(earlier=[1] * 20, lately=[2] * 20 + [1] * 20)
    @settings(max_examples=40, deadline=None)
    def test_the_last_months_alone_are_given_beside(
        self, earlier: list[int], lately: list[int]
    ) -> None:
        """A touchpoint below its stage is also given over the last score_months alone.

        Only when those months hold the minimum of responses and its responses began
        before them; the figure is the one the scores compute over those responses.
        """
        feedback = (
            answers("a", "csat", earlier, days_ago=200)
            + answers("a", "csat", lately, days_ago=10)
            + answers("b", "csat", [5] * 80)
        )
        shown: list[Finding] = []
        for f in found(check(feedback), "DIME801"):
            recent = named_in(f)["a"]["recent"]
            if not earlier or len(lately) < 30:
                assert recent is None
                assert " alone" not in f.message
                continue
            expected = summarise(
                {float(v): n for v, n in Counter(lately).items()},
                CSAT,
                by="touchpoint",
                group="a",
                minimum=30,
            )
            assert recent["months"] == ["2026-08", "2026-10"]
            assert recent["csat"]["responses"] == len(lately)
            assert expected.value is not None
            assert math.isclose(recent["csat"]["value"], expected.value, abs_tol=1e-5)
            assert f"{expected.figure()} (95% interval" in f.message
            assert "from 2026-08 to 2026-10 alone" in f.message
            shown.append(f)
        if earlier == [1] * 20 and lately == [2] * 20 + [1] * 20:
            assert shown, "the example is below its stage, with a figure of its own lately"

    @pytest.mark.parametrize(
        ("owner", "scale", "explains"),
        [("Cards", "csat", True), ("Cards", "nps", False), ("Branches", "csat", False)],
    )
    def test_the_owner_missing_its_score_is_explained_by_its_touchpoint(
        self, owner: str, scale: str, explains: bool
    ) -> None:
        """A touchpoint below its stage is the context of its owner's missed score on that scale.

        Only the department owning it, and only a score measure on a scale it is below on.
        """
        measure = Measure(name="cards score", kind=MeasureKind.SCORE, scale=scale, target=70)
        cards = Department(
            name=owner,
            measures=(measure,),
            measurements=(Measurement(measure="cards score", value=55, on=date(2026, 10, 1)),),
        )
        points = (attrs.evolve(STAGE[0], owner="Cards"), *STAGE[1:])
        fw = Framework(
            name="Bank",
            touchpoints=points,
            departments=(cards, *([Department(name="Cards")] if owner != "Cards" else [])),
            feedback=tuple(answers("a", "csat", [1, 2] * 25) + answers("b", "csat", [5, 4] * 30)),
        )
        policy = Policy(select=["DIME503", "DIME801"])
        report = dime.check(fw, policy=policy, now=NOW)
        (missed,) = found(report, "DIME503")
        (low,) = found(report, "DIME801")
        assert "owned by Cards" in low.message
        assert (low.cause == missed.ref) is explains
        assert low.context is explains
        assert (low in report.roots) is not explains

    def test_touchpoints_of_two_owners_are_folded_by_owner(self) -> None:
        """Of two touchpoints below their stage, the one whose owner missed its score is folded.

        A owned by Cards, which missed its CSAT target, is context under that miss; B owned
        by Branches, which has no such measure, stays a warning of its own.
        """
        measure = Measure(name="cards score", kind=MeasureKind.SCORE, scale="csat", target=70)
        cards = Department(
            name="Cards",
            measures=(measure,),
            measurements=(Measurement(measure="cards score", value=55, on=date(2026, 10, 1)),),
        )
        a, b, *rest = STAGE
        fw = Framework(
            name="Bank",
            touchpoints=(attrs.evolve(a, owner="Cards"), attrs.evolve(b, owner="Branches"), *rest),
            departments=(cards, Department(name="Branches")),
            feedback=tuple(two_below_their_stage()),
        )
        report = dime.check(fw, policy=Policy(select=["DIME503", "DIME801"]), now=NOW)
        (missed,) = found(report, "DIME503")
        low = {f.subject: f for f in found(report, "DIME801")}
        assert set(low) == {"a", "b"}
        assert (low["a"].cause, low["a"].context) == (missed.ref, True)
        assert (low["b"].cause, low["b"].context, low["b"].severity) == (
            None,
            False,
            dime.Severity.WARNING,
        )
        assert "owned by Cards" in low["a"].message
        assert "owned by Branches" in low["b"].message

    def test_a_flattering_owner_heads_its_low_touchpoints(self) -> None:
        """Low touchpoints whose owner reports a figure well above them are its context.

        Loyalty reports 95% CSAT with no target; customers at A, its touchpoint, give
        about a third, well below the rest of the stage: DIME803 says the department's
        figure flatters it, and A's low score is where its customers say so.
        """
        fw = loyalty_at_a(
            None, answers("a", "csat", [1, 2, 4] * 20) + answers("b", "csat", [5, 4] * 40)
        )
        report = dime.check(fw, policy=Policy(select=["DIME801", "DIME803"]), now=NOW)
        (flatters,) = found(report, "DIME803")
        (low,) = found(report, "DIME801")
        assert flatters.evidence["side"] == "above"
        assert (low.cause, low.context) == (flatters.ref, True)
        assert flatters in report.roots

    @pytest.mark.parametrize(("target", "said"), [(None, False), (70, True), (20, False)])
    def test_a_flattering_figure_says_when_customers_miss_its_target(
        self, target: float | None, *, said: bool
    ) -> None:
        """A department meeting its target by its own figure, missing it by its customers'.

        Loyalty reports 95% CSAT; its customers give about a third (interval about 22 to 46).
        With a target of 70 the finding says that by theirs it misses it; with 20, which
        they meet too, or with no target, it says nothing of one.
        """
        fw = loyalty_at_a(target, answers("a", "csat", [1, 2, 4] * 20))
        (flatters,) = found(dime.check(fw, policy=Policy(select=["DIME803"]), now=NOW), "DIME803")
        assert ("meeting its target of 70% (CSAT)" in flatters.message) is said
        assert flatters.message.endswith(
            ", and by theirs it misses its target." if said else "what its customers say."
        )

    @pytest.mark.parametrize("scored", [("b",), ("b", "c")])
    def test_the_rest_of_the_stage_says_which_touchpoints_it_is(
        self, scored: tuple[str, ...]
    ) -> None:
        """The rest of a stage is its touchpoints scored on the scale: said when not all are.

        A, B and C are post-purchase; with C not scored on CSAT, A is compared with B alone.
        """
        happy = [5, 4, 5, 4, 5] * 10
        feedback = answers("a", "csat", [1, 2, 3, 2, 1] * 10)
        for tp in scored:
            feedback += answers(tp, "csat", happy)
        (f,) = found(check(feedback), "DIME801")
        text = " ".join(f.message.split())
        said = "at the stage's one other touchpoint scored on CSAT" in text
        assert said is (scored == ("b",))
        assert ("other touchpoints scored on" in text) is False

    def test_every_scale_below_is_one_finding(self) -> None:
        """A touchpoint below its stage on two scales is one finding naming both, NPS first."""
        report = check(
            answers("a", "csat", [1, 2] * 20)
            + answers("b", "csat", [5, 4] * 20)
            + answers("a", "nps", [0, 3] * 20)
            + answers("b", "nps", [10, 9] * 20)
        )
        (f,) = found(report, "DIME801")
        assert ["nps", "csat"] == f.evidence["scales"]

    def test_a_stages_touchpoints_below_it_are_one_finding(self) -> None:
        """Two touchpoints below the rest of one stage are one finding naming both, worst first."""
        (f,) = found(check(two_below_their_stage()), "DIME801")
        assert (None, ["csat"], "post_purchase") == (
            f.subject,
            f.evidence["scales"],
            f.evidence["stage"],
        )
        details = f.evidence["touchpoints"]
        assert isinstance(details, dict)
        assert ["b", "a"] == list(details)
        assert f.evidence["figures"] is None
        assert f.message.startswith(
            "Over their responses in 2026-10, customers score 2 touchpoints below the rest"
        )
        assert f.message.index("'B' (id 'b'; phone; unowned)") < f.message.index(
            "'A' (id 'a'; web; unowned)"
        )

    def test_each_touchpoints_months_are_named_when_they_differ(self) -> None:
        """Touchpoints read over different months each say theirs, after their name."""
        feedback = [*two_below_their_stage(), *answers("a", "csat", [1] * 20, days_ago=200)]
        (f,) = found(check(feedback), "DIME801")
        assert f.message.startswith("Customers score 2 touchpoints below the rest of the ")
        assert (
            "'A' (id 'a'; web; unowned), over its responses from 2026-04 to 2026-10, on CSAT"
            in f.message
        )
        assert "'B' (id 'b'; phone; unowned), over its responses in 2026-10, on CSAT" in f.message
        assert ["2026-04", "2026-10"] == f.evidence["months"]

    def test_a_touchpoint_waived_by_its_id_keeps_a_finding_of_its_own(self) -> None:
        """A waiver naming one touchpoint covers that one alone; the other stays unwaived."""
        waiver = Waiver(code="DIME801", subject="b", reason="Rebuilt in November")
        report = check(two_below_their_stage(), attrs.evolve(ONLY, waivers=[waiver]))
        assert [("a", None), ("b", waiver)] == sorted(
            (str(f.subject), f.waiver) for f in found(report, "DIME801")
        )

    def test_alone_in_its_stage_is_never_compared(self) -> None:
        """A touchpoint alone in its stage has no rest to be below, however it scores."""
        report = check(answers("solo", "csat", [1] * 60) + answers("a", "csat", [5] * 60))
        assert [] == found(report, "DIME801")

    @given(csat_values, nps_values, st.integers(1, 4))
    def test_equal_distributions_never_fire(
        self, csat: list[int], nps: list[int], copies: int
    ) -> None:
        """When every touchpoint of a stage got the same responses, none is below the rest."""
        feedback = [
            f
            for tp in ("a", "b", "c")
            for f in answers(tp, "csat", csat * copies) + answers(tp, "nps", nps * copies)
        ]
        assert [] == found(
            check(feedback, Policy(select=list(CODES), minimum_responses=1)), "DIME801"
        )

    @given(st.integers(30, 200), st.data())
    def test_below_the_minimum_never_fires(self, minimum: int, data: st.DataObject) -> None:
        """A touchpoint with fewer responses than the policy minimum is never named."""
        few = data.draw(st.integers(0, minimum - 1))
        feedback = answers("a", "csat", [1] * few) + answers("b", "csat", [5] * 300)
        policy = Policy(select=list(CODES), minimum_responses=minimum)
        assert [] == found(check(feedback, policy), "DIME801")

    def test_the_rest_needs_the_minimum_too(self) -> None:
        """The rest of the stage needs the policy minimum of responses as well."""
        feedback = answers("a", "csat", [1] * 100) + answers("b", "csat", [5] * 29)
        assert [] == found(check(feedback), "DIME801")
        more = feedback + answers("c", "csat", [5])
        assert ["a"] == [f.subject for f in found(check(more), "DIME801")]


def months_of(tp: str, scale: str, before: list[int], after: list[int]) -> list[Feedback]:
    """Responses in 2026-05 to 2026-07 (``before``) and 2026-08 to 2026-10 (``after``)."""
    return answers(tp, scale, before, days_ago=120) + answers(tp, scale, after, days_ago=30)


class TestFalling:
    def test_a_touchpoint_whose_csat_fell_is_named_with_both_periods(self) -> None:
        """CSAT clearly lower in the last three months than the three before is a finding there."""
        report = check(
            months_of("a", "csat", [5, 4, 5] * 20, [2, 3, 1] * 20)
            + months_of("b", "csat", [4, 5] * 40, [4, 5] * 40)
        )
        falls = found(report, "DIME802")
        assert ["a", "csat"] == sorted(str(f.subject) for f in falls)
        (f,) = [f for f in falls if f.subject == "a"]
        assert "in the last 3 months (2026-08 to 2026-10) against the 3 before" in f.message
        assert "(2026-05 to 2026-07)" in f.message
        figures = f.evidence["figures"]
        assert isinstance(figures, dict)
        assert {"value": 0.0, "earlier_value": 100.0} == {
            k: v for k, v in figures["csat"].items() if k in ("value", "earlier_value")
        }

    def test_the_whole_organisation_falling_names_its_touchpoints(self) -> None:
        """When the organisation's score fell, its finding says where it fell too."""
        report = check(months_of("a", "csat", [5, 4] * 40, [1, 2] * 40))
        subjects = sorted(str(f.subject) for f in found(report, "DIME802"))
        assert ["a", "csat"] == subjects
        (whole,) = [f for f in found(report, "DIME802") if f.subject == "csat"]
        assert whole.message.endswith("; it fell at 'A' too.")

    def test_a_local_fall_says_the_organisation_held(self) -> None:
        """A touchpoint falling while the organisation does not is said to be local."""
        report = check(
            months_of("a", "csat", [5, 4, 5] * 20, [2, 3, 1] * 20)
            + months_of("b", "csat", [3, 4] * 200, [4, 5] * 200)
        )
        falls = found(report, "DIME802")
        assert ["a"] == [str(f.subject) for f in falls]
        (f,) = falls
        assert "; across the organisation CSAT shows no clear fall (" in f.message
        held = f.evidence["held"]
        assert isinstance(held, dict)
        assert ["csat"] == list(held)
        # The organisation: 'a' 60 then 60 responses, 'b' 400 then 400; CSAT counts 4s and 5s.
        earlier = (60 + 200) / 460 * 100
        recent = (0 + 400) / 460 * 100
        assert held["csat"] == {"earlier": earlier, "recent": recent}

    def test_what_is_left_of_a_fall_without_its_touchpoint_is_said(self) -> None:
        """Without the touchpoint the rest fell a little, not clearly: not all of it is its.

        B went from two in three to three in five, within chance on its own; the clear fall
        is A's, and the finding does not say the rest held.
        """
        report = check(
            months_of("a", "csat", [5, 4] * 20, [1, 2] * 100)
            + months_of("b", "csat", [4, 5, 3] * 40, [4, 5, 3, 3, 4] * 24)
        )
        falls = {f.subject: f for f in found(report, "DIME802")}
        assert set(falls) == {"a", "csat"}
        message = " ".join(falls["csat"].message.split())
        assert (
            "the organisation gave 67% then 60%, a smaller fall, not clear on its own: the clear "
            "fall comes from that touchpoint"
        ) in message
        assert "no clear change" not in message

    def test_a_fall_that_is_one_touchpoints_is_folded_under_it(self) -> None:
        """The organisation's fall that is gone without the one touchpoint where it fell.

        A's CSAT fell from 100% to 0% while its responses grew fivefold; B stayed at two in
        three. The organisation fell from 75% to 25% only because A fell and grew: without
        A it was 67% both times, which the finding says, folded under A's own fall.
        """
        report = check(
            months_of("a", "csat", [5, 4] * 20, [1, 2] * 100)
            + months_of("b", "csat", [4, 5, 3] * 40, [4, 5, 3] * 40)
        )
        falls = {f.subject: f for f in found(report, "DIME802")}
        assert set(falls) == {"a", "csat"}
        whole, at_a = falls["csat"], falls["a"]
        assert (whole.cause, whole.context) == (at_a.ref, True)
        assert whole not in report.roots
        assert at_a in report.roots
        assert "from 75% (" in whole.message
        assert "to 25% (" in whole.message
        assert (
            "; without 'A', where CSAT fell, the organisation gave 67% then 67%, no clear "
            "change: the clear fall comes from that touchpoint, which gave 25.0% of the "
            "responses before and 62.5% lately."
        ) in " ".join(whole.message.split())
        assert whole.evidence["without"] == {
            "touchpoints": ["a"],
            "earlier": pytest.approx(200 / 3),
            "recent": pytest.approx(200 / 3),
            "share_earlier": 0.25,
            "share_recent": 0.625,
        }

    def test_a_fall_everywhere_is_not_put_on_one_touchpoint(self) -> None:
        """Where the organisation falls without the touchpoint too, it stays an issue of its own."""
        report = check(
            months_of("a", "csat", [5, 4] * 40, [1, 2] * 40)
            + months_of("b", "csat", [5, 4, 5] * 15, [4, 1, 2] * 15)
        )
        (whole,) = [f for f in found(report, "DIME802") if f.subject == "csat"]
        assert whole.evidence["without"] is None
        assert whole.cause is None
        assert whole in report.roots

    def test_a_rise_is_no_fall(self) -> None:
        """Scores that rose are not a finding."""
        report = check(months_of("a", "csat", [1, 2] * 40, [5, 4] * 40))
        assert [] == found(report, "DIME802")

    def test_older_months_are_not_read(self) -> None:
        """A fall that ended before the periods compared is not a finding."""
        feedback = answers("a", "csat", [5] * 60, days_ago=300) + months_of(
            "a", "csat", [2] * 60, [2] * 60
        )
        assert [] == found(check(feedback), "DIME802")

    @given(st.integers(1, 29))
    def test_each_period_needs_the_minimum(self, few: int) -> None:
        """A period with fewer responses than the minimum is never compared."""
        assert [] == found(check(months_of("a", "csat", [5] * few, [1] * 100)), "DIME802")
        assert [] == found(check(months_of("a", "csat", [5] * 100, [1] * few)), "DIME802")

    def test_the_period_length_is_the_policy(self) -> None:
        """With one-month periods, only the last month and the one before are compared."""
        feedback = answers("a", "csat", [5] * 40, days_ago=40) + answers("a", "csat", [1] * 40)
        policy = Policy(select=list(CODES), score_months=1)
        (f, _) = sorted(found(check(feedback, policy), "DIME802"), key=lambda f: str(f.subject))
        assert "in the last month (2026-10) against the month before (2026-09)" in f.message


feedback_items = st.lists(
    st.builds(
        lambda n, tp, scale, value, days: Feedback(
            id=f"f-{n}",
            received=NOW - timedelta(days=days, minutes=n),
            kind=FeedbackKind.ROUTINE,
            touchpoint=tp,
            score=Score(scale="csat", value=value)
            if scale
            else Score(scale="nps", value=value * 2),
        ),
        st.integers(0, 10**6),
        st.sampled_from(["a", "b", "c", "solo", None]),
        st.booleans(),
        st.integers(1, 5),
        st.integers(0, 200),
    ),
    max_size=150,
    unique_by=lambda f: f.id,
)


class TestMergeable:
    @given(feedback_items, st.integers(0, 150), st.integers(1, 20))
    def test_tallies_added_give_the_same_findings(
        self, feedback: list[Feedback], cut: int, minimum: int
    ) -> None:
        """Two tallies of the feedback, split anywhere and added, give the framework's findings."""
        policy = Policy(select=list(CODES), minimum_responses=minimum)
        expected = dime.check(framework(feedback), policy=policy, now=NOW)
        tally = dime.Tally.from_records(feedback[cut:]) + dime.Tally.from_records(feedback[:cut])
        actual = dime.check(tally, structure=framework(()), policy=policy, now=NOW)
        assert expected.findings == actual.findings

    @given(feedback_items, st.integers(1, 40))
    def test_raise_nothing_but_findings(self, feedback: list[Feedback], minimum: int) -> None:
        """Any scored feedback gives findings only of the two codes, each about a subject."""
        policy = Policy(select=list(CODES), minimum_responses=minimum)
        for f in dime.check(framework(feedback), policy=policy, now=NOW).findings:
            assert f.code in CODES
            assert f.subject is not None


class TestPolicy:
    def test_minimum_and_months_round_trip_through_a_policy_file(self) -> None:
        """minimum_responses and score_months are read from and written to policy files."""
        policy = Policy.from_mapping({"minimum_responses": 50, "score_months": 2})
        assert (50, 2) == (policy.minimum_responses, policy.score_months)
        assert policy == Policy.from_mapping(policy.to_mapping())

    @pytest.mark.parametrize(
        ("key", "value"),
        [("minimum_responses", 0), ("minimum_responses", 2.5), ("score_months", 25)],
    )
    def test_bad_values_name_their_key(self, key: str, value: object) -> None:
        """A minimum below 1, not whole, or periods too long are errors naming the key."""
        with pytest.raises(InvalidPolicyError, match=rf"\$\.{key}: expected a whole number"):
            Policy.from_mapping({key: value})

    def test_the_report_reads_the_minimum_from_the_policy(self) -> None:
        """The report's scores use the policy's minimum: a score below it has no number."""
        fw = dime.example()
        overall = dime.check(fw).score_summaries()[0]
        strict = dime.check(fw, policy=Policy(minimum_responses=overall.responses + 1))
        assert (overall.responses + 1, None) == (
            strict.minimum_responses,
            strict.score_summaries()[0].value,
        )


class TestOrganisations:
    def test_the_furniture_shop_reads_as_a_consultant_would(self) -> None:
        """The returns desk is below its stage on both scales; the assembly's CSAT fell."""
        report = dime.check(organisations.furniture())
        assert [("DIME801", "returns", ["nps", "csat"]), ("DIME802", "assembly", ["csat"])] == [
            (f.code, f.subject, f.evidence["scales"]) for f in report.findings
        ]

    @pytest.mark.parametrize("make", organisations.ALL, ids=lambda f: f.__name__)
    def test_the_other_organisations_have_no_score_findings(self, make: object) -> None:
        """None of the other realistic organisations has a finding about its scores."""
        assert callable(make)
        report = dime.check(make())
        assert [] == [f for f in report.findings if f.code in CODES]

    def test_the_example_names_its_two_low_scoring_touchpoints(self) -> None:
        """The example's returns desk and delivery drivers score below their stage, nothing fell."""
        report = dime.check(dime.example())
        (f,) = [f for f in report.findings if f.code in CODES]
        details = f.evidence["touchpoints"]
        assert isinstance(details, dict)
        assert ("DIME801", ["returns-desk", "drivers"]) == (f.code, list(details))


def claiming(value: float) -> Framework:
    """The even shop, its Workshop department's latest CSAT (today's) set to ``value``."""
    shop = organisations.even_shop()
    workshop = shop.get(dime.Department, "Workshop")
    latest = max(workshop.measurements, key=lambda m: m.on)
    changed = attrs.evolve(
        workshop,
        measurements=[
            attrs.evolve(m, value=value) if m is latest else m for m in workshop.measurements
        ],
    )
    return shop.replace(changed)


def workshop_customers(fw: Framework, report: Report) -> dict[float, int]:
    """The CSAT values customers gave at the Workshop's touchpoints, the last three months."""
    owned = {t.id for t in fw.touchpoints if t.owner == "Workshop"}
    until = report.view.until
    first = (until.year * 12 + until.month - 1) - 2
    out: dict[float, int] = {}
    for f in fw.feedback:
        got = f.received.astimezone(UTC)
        if (
            f.touchpoint in owned
            and f.score is not None
            and f.score.scale == "csat"
            and first <= got.year * 12 + got.month - 1
            and got.date() <= until
        ):
            out[f.score.value] = out.get(f.score.value, 0) + 1
    return out


class TestDepartmentScores:
    """DIME803: a department's own score far from what its customers give."""

    def test_a_flattering_figure_is_a_warning(self) -> None:
        """Workshop reports 100% while its customers give about 85%: well above, a warning."""
        fw = claiming(100)
        report = dime.check(fw, now=organisations.NOW)
        (f,) = found(report, "DIME803")
        assert dime.Severity.WARNING is f.severity
        assert ("Workshop: CSAT", "above") == (f.subject, f.evidence["side"])
        responses = workshop_customers(fw, report)
        n = sum(responses.values())
        share = 100 * sum(c for v, c in responses.items() if v >= 4) / n
        customers = f.evidence["customers"]
        assert isinstance(customers, dict)
        assert (n, pytest.approx(share)) == (customers["responses"], customers["value"])
        assert "its own figure is well above what its customers say" in f.message

    def test_a_figure_below_its_customers_is_information(self) -> None:
        """Workshop reports 40%: well below what its customers give, said as information."""
        (f,) = found(dime.check(claiming(40), now=organisations.NOW), "DIME803")
        assert (dime.Severity.INFO, "below") == (f.severity, f.evidence["side"])

    @given(st.floats(min_value=0, max_value=100))
    def test_fires_exactly_beyond_twice_the_interval(self, value: float) -> None:
        """A figure within twice the customers' interval's reach, either side, is left alone."""
        fw = claiming(value)
        report = dime.check(fw, now=organisations.NOW)
        s = summarise(workshop_customers(fw, report), CSAT, minimum=30)
        assert s.value is not None
        assert s.low is not None
        assert s.high is not None
        beyond = value > s.value + 2 * (s.high - s.value) or value < s.value - 2 * (s.value - s.low)
        assert beyond == bool(found(report, "DIME803"))

    def test_departments_reporting_their_customers_are_left_alone(self) -> None:
        """The furniture shop's departments report each month what their customers gave."""
        report = dime.check(organisations.furniture(), now=organisations.NOW)
        assert [] == found(report, "DIME803")

    def test_an_unmeasured_target_says_what_customers_give(self) -> None:
        """The courier's web team stopped measuring its CSAT: DIME504 gives the customers' figure."""
        report = dime.check(organisations.courier(), now=organisations.NOW)
        (f,) = found(report, "DIME504")
        customers = f.evidence["customers"]
        assert isinstance(customers, dict)
        assert customers["responses"] >= 30
        assert "customers at its touchpoints gave" in f.message


def named_in(f: Finding) -> dict[str, Any]:
    """The touchpoints a DIME801 or DIME804 finding names, with what it says of each."""
    named = f.evidence["touchpoints"]
    assert isinstance(named, dict)
    return dict(named)


def complaint_counts(fw: Framework, tp: str) -> tuple[int, int]:
    """The complaints and all the feedback items that name ``tp``."""
    named = [f for f in fw.feedback if f.touchpoint == tp]
    return sum(f.kind is FeedbackKind.BILL for f in named), len(named)


def complaints(
    tp: str, n: int, *, start: int = 0, kind: FeedbackKind = FeedbackKind.BILL
) -> list[Feedback]:
    """``n`` items of ``kind`` through ``tp``, a day apart before NOW."""
    return [
        Feedback(
            id=f"x-{start + i}",
            received=NOW - timedelta(days=1 + i % 300),
            kind=kind,
            touchpoint=tp,
        )
        for i in range(n)
    ]


@st.composite
def heard(draw: st.DrawFn) -> Framework:
    """Touchpoints bringing any number of complaints and other feedback each."""
    k = draw(st.integers(min_value=2, max_value=5))
    points = [
        Touchpoint(id=f"t{i}", name=f"T{i}", channel=Channel.WEB, stage=Stage.PURCHASE)
        for i in range(k)
    ]
    items: list[Feedback] = []
    for t in points:
        bills, rest = draw(st.integers(0, 80)), draw(st.integers(0, 80))
        items += complaints(t.id, bills, start=len(items))
        items += complaints(t.id, rest, start=len(items), kind=FeedbackKind.ROUTINE)
    return Framework(name="Heard", touchpoints=points, feedback=items)


class TestComplaints:
    """DIME804: the touchpoints where customers complain far more than elsewhere."""

    def test_a_touchpoint_scored_low_says_its_complaints_and_804_leaves_it(self) -> None:
        """Low scores and many complaints at one touchpoint: DIME801 says both, once."""
        feedback = (
            answers("a", "csat", [1, 2] * 25)
            + complaints("a", 60, start=1000)
            + answers("b", "csat", [5, 4] * 40)
            + answers("c", "csat", [5, 4] * 40)
        )
        report = check(feedback, Policy(select=["DIME801", "DIME804"]))
        (low,) = found(report, "DIME801")
        loud = named_in(low)["a"]["complaints"]
        assert (60, 110) == (loud["complaints"], loud["items"])
        assert "complaints are 55% of the 110 items it brought, against 0% at" in low.message
        assert all("a" not in named_in(f) for f in found(report, "DIME804"))

    def test_a_long_list_names_ten_and_keeps_all_in_its_evidence(self) -> None:
        """Fourteen touchpoints of complaints: the first ten named, all fourteen in evidence."""
        points = [
            Touchpoint(id=f"t{i:02}", name=f"T{i}", channel=Channel.WEB, stage=Stage.PURCHASE)
            for i in range(20)
        ]
        items: list[Feedback] = []
        for t in points[:14]:
            items += complaints(t.id, 40, start=len(items))
        for t in points[14:]:
            items += complaints(t.id, 100, start=len(items), kind=FeedbackKind.ROUTINE)
        fw = Framework(name="Loud", touchpoints=points, feedback=items)
        (f,) = found(dime.check(fw, now=NOW), "DIME804")
        assert 14 == len(named_in(f))
        assert 10 == sum(f"(id '{t.id}'" in f.message for t in points[:14])
        assert f.message.endswith("; and 4 more.")

    def test_the_hotels_wifi_is_named_with_its_counts(self) -> None:
        """The hotels' wi-fi brings mostly complaints: named, with what it brought."""
        fw = organisations.hotel()
        report = dime.check(fw, now=organisations.NOW)
        (f,) = found(report, "DIME804")
        assert dime.Severity.INFO is f.severity
        named = named_in(f)
        wifi = named["wifi"]
        assert complaint_counts(fw, "wifi") == (wifi["complaints"], wifi["items"])
        shares = [v["share"] for v in named.values()]
        assert sorted(shares, reverse=True) == shares

    @given(heard(), st.integers(min_value=1, max_value=60))
    @settings(max_examples=40, deadline=None)
    def test_a_named_touchpoint_complains_more_than_the_whole(
        self, fw: Framework, minimum: int
    ) -> None:
        """Each touchpoint named has the minimum of items and a share above the whole's.

        More complaints there keep it named.
        """
        report = dime.check(fw, now=NOW, policy=Policy(minimum_responses=minimum))
        bills = sum(f.kind is FeedbackKind.BILL for f in fw.feedback)
        items = len(fw.feedback)
        for f in found(report, "DIME804"):
            for tp, seen in named_in(f).items():
                k, n = complaint_counts(fw, tp)
                assert (k, n) == (seen["complaints"], seen["items"])
                assert n >= minimum
                assert k / n > bills / items
                louder = attrs.evolve(
                    fw, feedback=(*fw.feedback, *complaints(tp, 5, start=len(fw.feedback)))
                )
                again = dime.check(louder, now=NOW, policy=Policy(minimum_responses=minimum))
                assert any(tp in named_in(g) for g in found(again, "DIME804"))

    def test_more_complaints_at_a_named_touchpoint_keep_it_named(self) -> None:
        """Turning more of the wi-fi's feedback into complaints never drops it."""
        fw = organisations.hotel()
        more = [
            attrs.evolve(f, kind=FeedbackKind.BILL)
            if f.touchpoint == "wifi" and f.kind is FeedbackKind.ROUTINE
            else f
            for f in fw.feedback
        ]
        report = dime.check(attrs.evolve(fw, feedback=more), now=organisations.NOW)
        (f,) = found(report, "DIME804")
        assert "wifi" in named_in(f)

    @pytest.mark.parametrize("left_open", [0, 1, 7])
    def test_complaints_in_hand_are_said_to_be(self, left_open: int) -> None:
        """A complaints line whose complaints are all assigned says so; one left open, not.

        A line made for complaints draws them by design; that nobody left one of them
        unanswered is what tells it apart from a touchpoint where complaints pile up.
        """
        line = [
            attrs.evolve(f, assigned_to=None if i < left_open else "Complaints team")
            for i, f in enumerate(complaints("line", 60))
        ]
        rest = complaints("web", 300, start=100, kind=FeedbackKind.ROUTINE) + complaints(
            "web", 30, start=500
        )
        points = [
            Touchpoint(id=tp, name=tp.title(), channel=Channel.PHONE, stage=Stage.POST_PURCHASE)
            for tp in ("line", "web")
        ]
        fw = Framework(
            name="Insurer",
            touchpoints=points,
            departments=[Department(name="Complaints team", objective="Put things right")],
            feedback=[*line, *rest],
        )
        (f,) = found(dime.check(fw, now=NOW), "DIME804")
        assert left_open == named_in(f)["line"]["open"]
        said = "every complaint filed or assigned" in f.message
        assert said is (left_open == 0)

    def test_a_touchpoint_waived_by_its_id_keeps_a_finding_of_its_own(self) -> None:
        """Waiving DIME804 for the wi-fi waives it alone; the others stay named together."""
        policy = Policy(waivers=[Waiver(code="DIME804", subject="wifi", reason="being replaced")])
        report = dime.check(organisations.hotel(), now=organisations.NOW, policy=policy)
        waived, rest = sorted(found(report, "DIME804"), key=lambda f: not f.waived)
        assert (waived.waived, waived.subject) == (True, "wifi")
        assert "wifi" not in named_in(rest)
        assert not rest.waived


def complaints_by_month(tp: str, counts: Sequence[int]) -> list[Feedback]:
    """Complaints through ``tp``: ``counts[j]`` of them on the 10th of the month ``j`` before NOW's."""
    out = []
    for j, n in enumerate(counts):
        year, month = divmod(NOW.year * 12 + NOW.month - 1 - j, 12)
        on = datetime(year, month + 1, 10, 12, tzinfo=UTC)
        out += [
            Feedback(
                id=f"{tp}-bill-{j}-{i}",
                received=on + timedelta(minutes=i),
                kind=FeedbackKind.BILL,
                touchpoint=tp,
            )
            for i in range(n)
        ]
    return out


RISING = Policy(select=["DIME801", "DIME802", "DIME805"])


class TestComplaintsRising:
    """DIME805: complaints at a touchpoint rising well beyond the months before."""

    def test_a_surge_is_named_with_its_months(self) -> None:
        """Ten a month lately against two a month before is named, month by month.

        Its CSAT falling over the same months, and so lying below the rest of its stage,
        is the same change: folded under it.
        """
        feedback = (
            complaints_by_month("a", [10, 10, 10, 2, 2, 2, 2, 2, 2, 1])
            + months_of("a", "csat", [5, 4] * 20, [1, 2] * 20)
            + months_of("b", "csat", [5, 4] * 20, [5, 4] * 20)
        )
        report = check(feedback, RISING)
        (rising,) = found(report, "DIME805")
        assert (rising.subject, rising.evidence["recent"], rising.evidence["earlier"]) == (
            "a",
            30,
            12,
        )
        assert rising.evidence["by_month"] == [2] * 6 + [10] * 3
        text = " ".join(rising.message.split())
        assert (
            "rose in the last 3 months (2026-08 to 2026-10) against the 6 before (2026-02 to 2026-07): 30 against 12 (by month: 2, 2, 2, 2, 2, 2, then 10, 10, 10)"
            in text
        )
        (fell,) = [f for f in found(report, "DIME802") if f.subject == "a"]
        assert (fell.cause, fell.context) == (rising.ref, True)
        assert fell not in report.roots
        # Below the rest of its stage as part of the same change: folded under it too.
        (below,) = found(report, "DIME801")
        assert (below.subject, below.cause, below.context) == ("a", rising.ref, True)
        assert rising in report.roots

    @pytest.mark.parametrize("rest_happy", [True, False])
    def test_what_one_touchpoints_rise_causes_follows_from_it(self, rest_happy: bool) -> None:
        """The complaints left unfiled, and the owner's missed score, are the rising touchpoint's.

        Complaints at A went from two a month to ten, nobody filed them, and its CSAT fell;
        B's complaints are filed. Claims, owning both, reports 60% against a target of 80%.
        Without A, the complaints left unfiled are none, and B's customers give 100%: both
        findings follow from A's rise. When B's customers miss the target too, the miss is
        not A's alone, and stays a root.
        """
        claims = Department(
            name="Claims",
            measures=(
                Measure(name="claims CSAT", kind=MeasureKind.SCORE, scale="csat", target=80),
            ),
            measurements=(Measurement(measure="claims CSAT", value=60, on=date(2026, 10, 30)),),
        )
        b_lately = [5, 4] * 20 if rest_happy else [1, 2, 4] * 20
        filed_at_b = [
            attrs.evolve(f, folder=FeedbackFolder.IMPROVING)
            for f in complaints_by_month("b", [20] * 9)
        ]
        feedback = (
            complaints_by_month("a", [10, 10, 10, 2, 2, 2, 2, 2, 2, 1])
            + filed_at_b
            + months_of("a", "csat", [5, 4] * 20, [1, 2] * 20)
            + months_of("b", "csat", [5, 4] * 20, b_lately)
        )
        a, b, *rest = STAGE
        fw = Framework(
            name="Insurer",
            touchpoints=(attrs.evolve(a, owner="Claims"), attrs.evolve(b, owner="Claims"), *rest),
            departments=(claims,),
            feedback=tuple(feedback),
        )
        report = dime.check(fw, now=NOW, policy=Policy(select=["DIME304", "DIME503", "DIME805"]))
        (rising,) = found(report, "DIME805")
        (unfiled,) = found(report, "DIME304")
        assert (unfiled.cause, unfiled.evidence["rising_through"]) == (
            rising.ref,
            {"touchpoint": "a", "unfiled": unfiled.evidence["unfiled"]},
        )
        assert "every one came through 'A', where complaints rose" in unfiled.message
        (missed,) = found(report, "DIME503")
        text = " ".join(missed.message.split())
        if rest_happy:
            assert missed.cause == rising.ref
            # Both touchpoints in October: A's 40 all low, B's 40 all high.
            assert "; customers at its touchpoints gave 50% (" in text
            assert ", and without 'A', where complaints rose, 100% (" in text
            assert text.endswith(": in line with the target.")
        else:
            assert missed.cause is None
            assert missed.evidence["rising_through"] is None
            assert "without 'A'" not in text

    def test_complaints_left_unfiled_elsewhere_too_are_not_the_rises(self) -> None:
        """Without the rising touchpoint, a tenth of the rest unfiled: DIME304 stands alone."""
        rest = complaints_by_month("b", [20] * 9)
        feedback = complaints_by_month("a", [10, 10, 10, 2, 2, 2, 2, 2, 2, 1]) + [
            f if i % 10 == 0 else attrs.evolve(f, folder=FeedbackFolder.IMPROVING)
            for i, f in enumerate(rest)
        ]
        report = check(feedback, Policy(select=["DIME304", "DIME805"]))
        assert ["a"] == [f.subject for f in found(report, "DIME805")]
        (unfiled,) = found(report, "DIME304")
        assert (unfiled.cause, unfiled.evidence["rising_through"]) == (None, None)
        assert "where complaints rose" not in unfiled.message

    def test_a_new_touchpoint_has_no_rise(self) -> None:
        """Complaints at a touchpoint with none on record before the recent months are not a rise.

        Nor are months before its first complaint on record read as months of none: a
        touchpoint recorded from five months back at a steady rate has not risen; and one
        with fewer months on record before the recent ones than they number may be new.
        """
        assert [] == found(check(complaints_by_month("a", [30, 20, 10]), RISING), "DIME805")
        assert [] == found(check(complaints_by_month("a", [30, 20, 10, 1, 1]), RISING), "DIME805")
        steady = complaints_by_month("a", [20, 18, 22, 15, 17, 0, 0, 0, 0])
        assert [] == found(check(steady, RISING), "DIME805")

    @given(
        st.lists(st.integers(0, 15), min_size=9, max_size=12),
        st.sampled_from([1.5, 2.0, 3.0]),
        st.integers(5, 40),
    )
    @settings(max_examples=60, deadline=None)
    def test_fires_exactly_when_the_rate_clearly_rose(
        self, counts: list[int], ratio: float, minimum: int
    ) -> None:
        """It fires exactly when the recent months hold the minimum and a share of the two
        periods whose interval lies wholly above ``ratio / (ratio + 2)``, given some history."""
        policy = Policy(select=["DIME805"], complaint_rise_ratio=ratio, minimum_complaints=minimum)
        report = check(complaints_by_month("a", counts), policy)
        # The earlier months: the six before the recent three, from the first on record.
        first = max((j for j, n in enumerate(counts) if n), default=0)
        start = min(first, 8)
        before = start - 2
        recent, earlier = sum(counts[:3]), sum(counts[3 : start + 1])
        expected = (
            recent >= minimum
            and before >= 3
            and wilson(recent, recent + earlier)[0] > ratio * 3 / (ratio * 3 + before)
        )
        rising = found(report, "DIME805")
        assert bool(rising) is expected
        for f in rising:
            assert (f.evidence["recent"], f.evidence["earlier"]) == (recent, earlier)
            assert f.evidence["earlier_months"] == before


class TestEngines:
    def test_a_bad_channel_in_a_table_is_named(self) -> None:
        """A channel in a feedback table that is not a channel is an error naming it."""
        pd = pytest.importorskip("pandas")
        pytest.importorskip("narwhals")
        frame = pd.DataFrame(
            {
                "received": ["2026-03-01T10:00:00+00:00"] * 2,
                "kind": ["routine"] * 2,
                "channel": ["web", "pigeon"],
                "scale": ["nps", "nps"],
                "value": [9, 3],
            }
        )
        with pytest.raises(dime.exceptions.DimeError, match="'pigeon' is not one of"):
            dime.Tally.from_frame(feedback=frame)

    def test_frames_and_records_keep_the_same_channels_and_months(self) -> None:
        """A table with channels and months counts the scores its records do."""
        pd = pytest.importorskip("pandas")
        pytest.importorskip("narwhals")
        rng = random.Random(3)  # noqa: S311 - seeded: the same channels and days every run
        items = [
            attrs.evolve(
                f,
                channel=rng.choice([None, *Channel]),
                received=f.received - timedelta(days=rng.randrange(0, 400)),
            )
            for f in months_of("a", "csat", [1, 5, 3] * 10, [2, 4] * 10)
        ]
        frame = pd.DataFrame(
            {
                "received": [f.received.isoformat() for f in items],
                "kind": [f.kind.value for f in items],
                "touchpoint": [f.touchpoint for f in items],
                "channel": [None if f.channel is None else f.channel.value for f in items],
                "scale": [f.score.scale if f.score else None for f in items],
                "value": [f.score.value if f.score else None for f in items],
            }
        )
        assert dime.Tally.from_records(items).scores == dime.Tally.from_frame(feedback=frame).scores


def test_rules_are_built_in_and_documented() -> None:
    """Both rules are built in, in the DIME8 group, with their thresholds named."""
    for code in CODES:
        text = dime.explain(code)
        assert "`minimum_responses` (30)" in text
    assert "`score_months` (3)" in dime.explain("DIME802")
