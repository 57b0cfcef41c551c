"""Tests for scores with a scale: the model, the tallies and their summaries, and format version 2."""

from __future__ import annotations

import gc
import json
import math
import pickle
import random
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dime
import organisations
from dime import (
    CES,
    CSAT,
    NPS,
    Channel,
    Feedback,
    FeedbackFolder,
    FeedbackKind,
    Framework,
    Pillar,
    Scale,
    Score,
    ScoreStatus,
    ScoreTally,
    Stage,
    Touchpoint,
)
from dime._balance._scores import summarise
from dime._cli import main
from dime._render._common import feelings
from dime.exceptions import DimeError, InvalidDocumentError, InvalidFieldError

V1_EXAMPLE = Path(__file__).parent / "data" / "example-v1.json"
START = datetime(2026, 1, 1, tzinfo=UTC)
Z = 1.959963984540054


def item(n: int, scale: str, value: float, **fields: Any) -> Feedback:
    """Feedback number ``n``, a day after the one before, scored ``value`` on ``scale``."""
    return Feedback(
        id=f"f-{n}",
        received=START + timedelta(days=n),
        kind=FeedbackKind.ROUTINE,
        score=Score(scale=scale, value=value),
        **fields,
    )


def scored(values: dict[int, int], scale: str) -> list[Feedback]:
    """One feedback item per response, ``count`` of each value."""
    out: list[Feedback] = []
    for value, count in values.items():
        out += [item(len(out), scale, value) for _ in range(count)]
    return out


scores = st.one_of(
    st.builds(Score, scale=st.just("nps"), value=st.integers(0, 10)),
    st.builds(Score, scale=st.just("csat"), value=st.integers(1, 5)),
    st.builds(Score, scale=st.just("ces"), value=st.integers(1, 7)),
)
TOUCHPOINTS = (
    Touchpoint(id="a", name="A", channel=Channel.WEB, stage=Stage.PURCHASE, pillars={Pillar.E}),
    Touchpoint(id="b", name="B", channel=Channel.PHONE, stage=Stage.PURCHASE, owner=None),
)
feedback_lists = st.lists(
    st.builds(
        lambda n, s, tp, folder: Feedback(
            id=f"f-{n}",
            received=START + timedelta(hours=n),
            kind=FeedbackKind.ROUTINE,
            score=s,
            touchpoint=tp,
            folder=folder,
        ),
        st.integers(0, 10_000),
        scores,
        st.sampled_from([None, "a", "b"]),
        st.sampled_from([None, *FeedbackFolder]),
    ),
    max_size=60,
    unique_by=lambda f: f.id,
)


def by_group(tally: ScoreTally) -> Counter[tuple[str, str]]:
    """A tally's responses per grouping and group, over every scale and value."""
    out: Counter[tuple[str, str]] = Counter()
    for (by, group, _, _), n in tally.counts.items():
        out[by, group] += n
    return out


class TestScore:
    def test_built_in_scales(self) -> None:
        """The built-in scales have the bounds the industry uses."""
        assert [(0, 10), (1, 5), (1, 7)] == [(s.minimum, s.maximum) for s in (NPS, CSAT, CES)]

    @pytest.mark.parametrize(
        ("scale", "value"), [("nps", 11), ("nps", -1), ("csat", 0), ("ces", 8), ("nps", 7.5)]
    )
    def test_value_off_its_scale_is_refused(self, scale: str, value: float) -> None:
        """A score outside its built-in scale, or a fraction on it, is refused with its path."""
        with pytest.raises(InvalidFieldError) as caught:
            Score(scale=scale, value=value)
        assert ["$.value"] == [p.path for p in caught.value.problems]

    def test_custom_scale_must_be_declared(self) -> None:
        """A score on a scale the framework does not declare is refused, naming the scale."""
        with pytest.raises(DimeError, match="'stars'") as caught:
            Framework(name="Shop", feedback=[item(0, "stars", 3)])
        assert ["$.feedback[0].score.scale"] == [p.path for p in caught.value.problems]  # type: ignore[attr-defined]

    def test_custom_scale_bounds_are_checked(self) -> None:
        """A score outside its declared custom scale is refused."""
        stars = Scale(name="stars", minimum=1, maximum=5)
        Framework(name="Shop", scales=[stars], feedback=[item(0, "stars", 5)])
        with pytest.raises(DimeError, match="not on the stars scale"):
            Framework(name="Shop", scales=[stars], feedback=[item(0, "stars", 6)])

    def test_built_in_name_cannot_be_redeclared(self) -> None:
        """A custom scale may not take the name of a built-in one."""
        with pytest.raises(DimeError, match="built-in scale"):
            Framework(name="Shop", scales=[Scale(name="nps", minimum=0, maximum=5)])

    def test_scale_bounds_in_order(self) -> None:
        """A scale whose maximum is below its minimum is refused."""
        with pytest.raises(InvalidFieldError, match="below"):
            Scale(name="odd", minimum=5, maximum=1)

    def test_score_without_scale_is_refused_in_a_document(self) -> None:
        """A version 2 score must be an object with its scale, not a bare number."""
        doc = {
            "dime": 2,
            "framework": {
                "name": "Shop",
                "feedback": [
                    {"id": "f", "received": "2026-01-05T10:00:00Z", "kind": "gift", "score": 4},
                    {
                        "id": "g",
                        "received": "2026-01-05T10:00:00Z",
                        "kind": "gift",
                        "score": {"value": 4},
                    },
                ],
            },
        }
        with pytest.raises(InvalidDocumentError) as caught:
            dime.loads(json.dumps(doc))
        assert [
            ("$.framework.feedback[0].score", "expected a Score object or null, got integer 4"),
            ("$.framework.feedback[1].score", "missing the required key 'scale'"),
        ] == [(p.path, p.message) for p in caught.value.problems]

    @given(feedback_lists)
    def test_round_trip(self, feedback: list[Feedback]) -> None:
        """Frameworks with scores on every scale survive a document round trip."""
        fw = Framework(name="Shop", touchpoints=TOUCHPOINTS, feedback=feedback)
        assert fw == dime.loads(dime.dumps(fw))


class TestSummaries:
    def test_nps_by_hand(self) -> None:
        """NPS is promoters minus detractors, with the multinomial standard error."""
        s = summarise({10: 2, 9: 1, 8: 1, 7: 1, 5: 3, 0: 2}, NPS, minimum=1)
        se = 100 * math.sqrt((0.3 + 0.5 - 0.2**2) / 10)
        assert 10 == s.responses
        assert pytest.approx(-20.0) == s.value
        assert pytest.approx(27.5681, abs=1e-4) == s.standard_error
        assert pytest.approx(se) == s.standard_error
        assert pytest.approx((-20 - Z * se, -20 + Z * se)) == (s.low, s.high)

    def test_csat_wilson_by_hand(self) -> None:
        """CSAT is the share of 4s and 5s, with the Wilson interval (8 of 10: 0.490 to 0.943)."""
        s = summarise({5: 5, 4: 3, 2: 2}, CSAT, minimum=1)
        assert 80.0 == pytest.approx(s.value)
        assert (49.0, 94.3) == (round(s.low, 1), round(s.high, 1))  # type: ignore[arg-type]

    def test_ces_mean_by_hand(self) -> None:
        """CES is the mean, with the sample standard deviation over the square root of n."""
        s = summarise({1: 1, 4: 2, 7: 1}, CES, minimum=1)
        se = math.sqrt(6) / 2
        assert 4.0 == s.value
        assert pytest.approx(se) == s.standard_error
        assert pytest.approx((4 - Z * se, 4 + Z * se)) == (s.low, s.high)

    def test_too_few_responses_is_never_a_number(self) -> None:
        """Below the minimum a group's score is reported as too few responses, with no number."""
        s = ScoreTally.from_feedback(scored({10: 29}, "nps")).summary("nps")
        assert (ScoreStatus.TOO_FEW, None, None, None) == (s.status, s.value, s.low, s.high)
        assert "NPS: too few responses (n=29)" == s.describe()

    def test_unknown_scale_is_an_error(self) -> None:
        """Asking for a scale the tally does not know is a clear error."""
        with pytest.raises(InvalidFieldError, match="unknown scale 'stars'"):
            ScoreTally().summary("stars")

    def test_groupings(self) -> None:
        """Responses count under their touchpoint, its stage, pillars and owner, channel and month."""
        tps = (
            Touchpoint(
                id="tills",
                name="Tills",
                channel=Channel.IN_PERSON,
                stage=Stage.PURCHASE,
                pillars={Pillar.I, Pillar.E},
                owner="Shops",
            ),
        )
        fb = [item(0, "csat", 5, touchpoint="tills"), item(40, "csat", 2)]
        tally = ScoreTally.from_feedback(fb, touchpoints=tps)
        assert {
            ("all", "all"): 2,
            ("touchpoint", "tills"): 1,
            ("stage", "purchase"): 1,
            ("pillar", "I"): 1,
            ("pillar", "E"): 1,
            ("department", "Shops"): 1,
            ("channel", "in_person"): 1,
            ("folder", "unfiled"): 2,
            ("month", "2026-01"): 1,
            ("month", "2026-02"): 1,
        } == dict(by_group(tally))

    @given(st.lists(st.integers(0, 10), min_size=1, max_size=200))
    def test_nps_within_bounds(self, values: list[int]) -> None:
        """NPS and its interval lie within -100 and 100, around the score."""
        s = summarise({v: values.count(v) for v in set(values)}, NPS, minimum=1)
        assert s.low is not None
        assert s.high is not None
        assert s.value is not None
        assert -100 <= s.low <= s.value <= s.high <= 100

    @given(st.lists(st.integers(1, 5), min_size=1, max_size=200))
    def test_csat_within_bounds(self, values: list[int]) -> None:
        """CSAT and its Wilson interval lie within 0 and 100, around the score."""
        s = summarise({v: values.count(v) for v in set(values)}, CSAT, minimum=1)
        assert s.low is not None
        assert s.high is not None
        assert s.value is not None
        assert 0 <= s.low <= s.value <= s.high <= 100

    @given(feedback_lists, st.randoms())
    def test_invariant_under_permutation(
        self, feedback: list[Feedback], rnd: random.Random
    ) -> None:
        """The order of the feedback does not change the tally."""
        shuffled = list(feedback)
        rnd.shuffle(shuffled)
        expected = ScoreTally.from_feedback(feedback, touchpoints=TOUCHPOINTS)
        assert expected == ScoreTally.from_feedback(shuffled, touchpoints=TOUCHPOINTS)

    @given(feedback_lists, st.integers(0, 60), st.sampled_from(["nps", "csat", "ces"]))
    def test_union_is_the_sum_of_parts(
        self, feedback: list[Feedback], cut: int, scale: str
    ) -> None:
        """The tally of a union is the sum of its parts' tallies, and so are its summaries."""
        whole = ScoreTally.from_feedback(feedback, touchpoints=TOUCHPOINTS)
        parts = ScoreTally.from_feedback(
            feedback[:cut], touchpoints=TOUCHPOINTS
        ) + ScoreTally.from_feedback(feedback[cut:], touchpoints=TOUCHPOINTS)
        assert whole == parts
        for by in ("all", "touchpoint", "stage", "folder", "month"):
            assert whole.summaries(by, scale, minimum=1) == parts.summaries(by, scale, minimum=1)

    @given(feedback_lists)
    def test_pickles(self, feedback: list[Feedback]) -> None:
        """A tally crosses process boundaries."""
        tally = ScoreTally.from_feedback(feedback, touchpoints=TOUCHPOINTS)
        assert tally == pickle.loads(pickle.dumps(tally))

    @pytest.mark.parametrize("enabled", [True, False])
    def test_collector_is_restored(self, enabled: bool) -> None:
        """Counting leaves the garbage collector as it found it, even when the input fails."""

        def failing() -> Iterator[Feedback]:
            yield item(0, "nps", 9)
            raise ValueError

        was = gc.isenabled()
        try:
            (gc.enable if enabled else gc.disable)()
            ScoreTally.from_feedback([item(0, "nps", 9)])
            assert enabled == gc.isenabled()
            with pytest.raises(ValueError):
                ScoreTally.from_feedback(failing())
            assert enabled == gc.isenabled()
        finally:
            (gc.enable if was else gc.disable)()

    def test_custom_scales_that_differ_do_not_add(self) -> None:
        """Adding tallies that declare one scale two ways is an error, not a silent choice."""
        a = ScoreTally(scales={"stars": Scale(name="stars", minimum=1, maximum=5)})
        b = ScoreTally(scales={"stars": Scale(name="stars", minimum=1, maximum=10)})
        with pytest.raises(InvalidFieldError, match="declared differently"):
            a + b

    def test_example_has_a_worse_touchpoint_and_a_fall(self) -> None:
        """The example's returns desk scores below its stage, and the drivers' CSAT fell."""
        fw = dime.example()
        tally = ScoreTally.from_framework(fw)
        desk = tally.summary("csat", by="touchpoint", group="returns-desk")
        stage = tally.summary("csat", by="stage", group="post_purchase")
        assert desk.value is not None
        assert stage.value is not None
        assert desk.value < stage.value
        change = datetime(2025, 11, 1, tzinfo=UTC)
        before = [
            f.score.value
            for f in fw.feedback
            if f.touchpoint == "drivers" and f.score and f.score.scale == "csat"
            if f.received < change
        ]
        after = [
            f.score.value
            for f in fw.feedback
            if f.touchpoint == "drivers" and f.score and f.score.scale == "csat"
            if f.received >= change
        ]
        assert sum(after) / len(after) < sum(before) / len(before)


SHOPS = (
    Touchpoint(
        id="a",
        name="A",
        channel=Channel.WEB,
        stage=Stage.PURCHASE,
        pillars={Pillar.E, Pillar.D},
        owner="Sales",
    ),
    Touchpoint(id="b", name="B", channel=Channel.PHONE, stage=Stage.PRE_PURCHASE),
    Touchpoint(
        id="c", name="C", channel=Channel.WEB, stage=Stage.PURCHASE, pillars={Pillar.D, Pillar.E}
    ),
)
many_kinds_of_feedback = st.lists(
    st.builds(
        lambda n, s, tp, folder, channel, hours: Feedback(
            id=f"f-{n}",
            received=(START + timedelta(days=n)).astimezone(timezone(timedelta(hours=hours))),
            kind=FeedbackKind.ROUTINE,
            score=s,
            touchpoint=tp,
            folder=folder,
            channel=channel,
        ),
        st.integers(0, 400),
        st.none() | scores,
        st.sampled_from([None, "a", "b", "c", "unknown"]),
        st.sampled_from([None, *FeedbackFolder]),
        st.sampled_from([None, *Channel]),
        st.integers(-12, 14),
    ),
    max_size=60,
    unique_by=lambda f: f.id,
)


def groups_of(item: Feedback) -> list[tuple[str, str]]:
    """Every (grouping, group) one response falls in, read from the item and its touchpoint."""
    shop = next((t for t in SHOPS if t.id == item.touchpoint), None)
    folder = "unfiled" if item.folder is None else item.folder.value
    out = [("all", "all"), ("folder", folder)]
    out.append(("month", f"{item.received.year:04d}-{item.received.month:02d}"))
    channel = item.channel or (shop.channel if shop is not None else None)
    if channel is not None:
        out.append(("channel", channel.value))
    if item.touchpoint is not None:
        out.append(("touchpoint", item.touchpoint))
    if shop is not None:
        out.append(("stage", shop.stage.value))
        out += [("pillar", p.value) for p in shop.pillars]
        if shop.owner is not None:
            out.append(("department", shop.owner))
    return out


class TestScoreCounts:
    """A score tally counts each response once under every group it falls in."""

    @given(many_kinds_of_feedback)
    def test_each_response_under_every_group_it_falls_in(self, feedback: list[Feedback]) -> None:
        """Counts equal those read item by item from the item and its touchpoint."""
        expected: Counter[tuple[str, str, str, float]] = Counter()
        for f in feedback:
            if f.score is not None:
                for by, group in groups_of(f):
                    expected[by, group, f.score.scale, f.score.value] += 1
        tally = ScoreTally.from_feedback(feedback, touchpoints=SHOPS)
        assert expected == Counter(tally.counts)


class TestFromTally:
    @given(feedback_lists, st.integers(0, 60))
    def test_equals_the_tally_of_the_feedback(self, feedback: list[Feedback], cut: int) -> None:
        """The scores a tally counted equal the score tally of the same feedback, tallies added."""
        expected = ScoreTally.from_feedback(feedback, touchpoints=TOUCHPOINTS)
        tally = dime.Tally.from_records([*feedback[:cut], *TOUCHPOINTS]) + dime.Tally.from_records(
            feedback[cut:]
        )
        actual = ScoreTally.from_tally(tally)
        kept = ("all", "touchpoint", "stage", "pillar", "department", "channel")
        assert {k: n for k, n in expected.counts.items() if k[0] in kept} == dict(actual.counts)

    def test_frame_and_records_count_the_same(self) -> None:
        """A tally of the example's feedback table counts the scores its records do."""
        pytest.importorskip("narwhals")
        fw = dime.example()
        frame = dime.Tally.from_frame(feedback=fw.to_frames()["feedback"])
        assert dime.Tally.from_records(fw.feedback).scores == frame.scores

    def test_frame_values_that_are_not_numbers_are_named(self) -> None:
        """A score value in a table that is not a number is an error naming it, never dropped."""
        pd = pytest.importorskip("pandas")
        pytest.importorskip("narwhals")
        frame = pd.DataFrame(
            {
                "received": ["2026-03-01T10:00:00+00:00"] * 2,
                "kind": ["routine"] * 2,
                "scale": ["nps", "nps"],
                "value": ["9", "ten"],
            }
        )
        with pytest.raises(InvalidDocumentError, match="'ten' is not a finite number") as caught:
            dime.Tally.from_frame(feedback=frame)
        assert ["$.feedback[*].value"] == [p.path for p in caught.value.problems]


def check_of(feedback: list[Feedback]) -> dime.Report:
    """The report on a framework of the test touchpoints and ``feedback``."""
    fw = Framework(name="Shop", touchpoints=TOUCHPOINTS, feedback=tuple(feedback))
    return dime.check(fw, now=START + timedelta(days=500))


many_scored = st.lists(
    st.builds(
        lambda n, s, tp: Feedback(
            id=f"f-{n}",
            received=START + timedelta(hours=n),
            kind=FeedbackKind.ROUTINE,
            score=s,
            touchpoint=tp,
        ),
        st.integers(0, 10_000),
        scores,
        st.sampled_from([None, "a", "b"]),
    ),
    max_size=250,
    unique_by=lambda f: f.id,
)


class TestReportScores:
    @given(many_scored)
    def test_summaries_equal_the_score_tally(self, feedback: list[Feedback]) -> None:
        """The report's scores, overall and per touchpoint, are the score tally's."""
        report = check_of(feedback)
        tally = ScoreTally.from_feedback(feedback, touchpoints=TOUCHPOINTS)
        for by in ("all", "touchpoint"):
            expected = tuple(
                s
                for scale in ("nps", "csat", "ces")
                for s in tally.summaries(by, scale, minimum=report.minimum_responses)
            )
            assert expected == report.score_summaries(by=by)

    @given(many_scored)
    def test_too_few_responses_never_show_a_number(self, feedback: list[Feedback]) -> None:
        """Below the minimum a summary has no number, and no extreme is drawn from it."""
        report = check_of(feedback)
        minimum = report.minimum_responses
        for s in (*report.score_summaries(), *report.score_summaries(by="touchpoint")):
            measured = s.responses >= minimum
            assert measured == (s.value is not None)
            assert measured == (s.status is ScoreStatus.MEASURED)
        for scale in ("nps", "csat", "ces"):
            extremes = report.score_extremes(scale)
            if extremes is None:
                continue
            best, worst = extremes
            assert (best, worst) != (None, None)
            for side, sign in ((best, 1), (worst, -1)):
                if side is None:
                    continue
                # It stands apart from the others' responses together, both measured.
                assert side.responses >= minimum
                rest = [f for f in feedback if f.touchpoint not in (None, side.group)]
                other = ScoreTally.from_feedback(rest).summary(scale, minimum=minimum)
                assert side.low is not None
                assert side.high is not None
                assert other.low is not None
                assert other.high is not None
                assert (side.low > other.high) if sign > 0 else (side.high < other.low)
            if best is not None and worst is not None:
                assert best.group != worst.group

    @given(
        st.lists(st.sampled_from([1, 2, 3, 4, 5]), min_size=1, max_size=12),
        st.integers(3, 6),
        st.integers(3, 40),
    )
    def test_touchpoints_scored_alike_never_stand_apart(
        self, values: list[int], touchpoints: int, copies: int
    ) -> None:
        """Touchpoints given the same responses name no best and no worst, however many."""
        points = tuple(
            Touchpoint(id=f"t{k}", name=f"T{k}", channel=Channel.WEB, stage=Stage.PURCHASE)
            for k in range(touchpoints)
        )
        feedback = [
            item(n, "csat", value, touchpoint=t.id)
            for n, (t, value) in enumerate((t, v) for t in points for v in values * copies)
        ]
        fw = Framework(name="Shop", touchpoints=points, feedback=feedback)
        assert None is dime.check(fw, now=START + timedelta(days=999)).score_extremes("csat")

    @given(
        st.lists(st.sampled_from([3, 4, 5]), min_size=2, max_size=8),
        st.integers(3, 6),
        st.integers(8, 30),
    )
    def test_one_bad_touchpoint_makes_no_other_the_best(
        self, values: list[int], touchpoints: int, copies: int
    ) -> None:
        """Touchpoints scored alike beside one scored far lower: that one is the worst, none best.

        The bad one pulls the rest's figure down, so each good one, against all the others
        together, can look better than they are; it is compared again without the bad one.
        """
        points = tuple(
            Touchpoint(id=f"t{k}", name=f"T{k}", channel=Channel.WEB, stage=Stage.PURCHASE)
            for k in range(touchpoints + 1)
        )
        bad = points[-1].id
        feedback = [
            item(n, "csat", 1 if t.id == bad else value, touchpoint=t.id)
            for n, (t, value) in enumerate((t, v) for t in points for v in values * copies)
        ]
        fw = Framework(name="Shop", touchpoints=points, feedback=feedback)
        found = dime.check(fw, now=START + timedelta(days=999)).score_extremes("csat")
        best, worst = found or (None, None)
        assert best is None
        assert worst is None or bad == worst.group

    def test_furniture_names_only_its_returns_desk(self) -> None:
        """Fernbrook's touchpoints are alike but the returns desk: it alone is named, as worst.

        Read cold, a consultant found 'Online checkout' and 'Support chat' named best only
        because the returns desk pulled the others down, and eight touchpoints compared at
        once at 95% each.
        """
        report = dime.check(organisations.furniture())
        for scale in ("nps", "csat"):
            best, worst = report.score_extremes(scale) or (None, None)
            assert (None, "returns") == (best, worst and worst.group)

    @given(many_scored)
    def test_json_report_validates_and_carries_the_summaries(
        self, feedback: list[Feedback]
    ) -> None:
        """The JSON report's scores are the summaries, valid against the report schema."""
        jsonschema = pytest.importorskip("jsonschema")
        report = check_of(feedback)
        data = json.loads(json.dumps(report.to_data()))
        jsonschema.Draft202012Validator(dime.Report.json_schema()).validate(data)
        scores = data["scores"]
        assert [s.to_data() for s in report.score_summaries()] == scores["overall"]
        assert [s.to_data() for s in report.score_summaries(by="touchpoint")] == scores[
            "touchpoints"
        ]
        for row in (*scores["overall"], *scores["touchpoints"]):
            few = row["responses"] < scores["minimum_responses"]
            assert few == (row["status"] == "too few responses")
            assert few == (row["value"] is None)
        rows = scores["overall"] + scores["touchpoints"] + scores["by_stage"] + scores["by_channel"]
        assert rows == report.records("scores")

    @given(many_scored)
    def test_stages_add_up_to_the_scale(self, feedback: list[Feedback]) -> None:
        """Each scale's stages, with the responses naming no touchpoint, add up to its n."""
        report = check_of(feedback)
        for feeling in feelings(report):
            line = feeling.by_stage()
            n = feeling.overall.responses
            if not n:
                assert feeling.overall.describe().endswith(": no responses")
                assert line == ""
                continue
            placed = sum(
                1
                for f in feedback
                if f.score and f.score.scale == feeling.overall.scale and f.touchpoint is not None
            )
            if not line:  # no response names a touchpoint: no stage to show
                assert placed == 0
                continue
            counts = [int(x.replace(",", "")) for x in re.findall(r"\(n=([\d,]+)\)", line)]
            rest = re.search(r"; ([\d,]+) name no touchpoint$", line)
            unplaced = int(rest.group(1).replace(",", "")) if rest else 0
            assert (sum(counts), unplaced) == (placed, n - placed)

    def test_extremes_need_two_measured_touchpoints(self) -> None:
        """A touchpoint stands apart only from others with the minimum of responses."""
        one = [item(n, "csat", 5, touchpoint="a") for n in range(30)]
        few = [item(100 + n, "csat", 1, touchpoint="b") for n in range(29)]
        assert None is check_of([*one, *few]).score_extremes("csat")
        more = [*one, *few, item(200, "csat", 1, touchpoint="b")]
        best, worst = check_of(more).score_extremes("csat") or (None, None)
        assert ("a", "b") == (best and best.group, worst and worst.group)

    def test_example(self) -> None:
        """The example's returns desk stands apart as the worst on CSAT and NPS, none as the best."""
        report = dime.check(dime.example())
        for scale in ("nps", "csat"):
            best, worst = report.score_extremes(scale) or (None, None)
            assert (None, "returns-desk") == (best, worst and worst.group)


class TestVersion2:
    def test_version_1_example_loads_checks_and_resaves(self) -> None:
        """Today's version 1 example loads, checks, and re-saves the same but for the version and scores."""
        old = json.loads(V1_EXAMPLE.read_text(encoding="utf-8"))
        fw = dime.loads(V1_EXAMPLE.read_bytes())
        dime.check(fw)
        new = json.loads(dime.dumps(fw))
        assert 2 == new["dime"]
        # Undo what the migration says it does: the rest must be exactly as it was.
        scales = new["framework"].pop("scales")
        assert ["score"] == [s["name"] for s in scales]
        for fb in new["framework"]["feedback"]:
            assert fb.pop("assigned_to") is None  # version 2's new field, at its default
            if fb["score"] is not None:
                assert "score" == fb["score"]["scale"]
                fb["score"] = fb["score"]["value"]
        for i in new["framework"]["initiatives"]:  # version 2's new fields, at their defaults
            assert ([], None) == (i.pop("addresses"), i.pop("outcome"))
        for d in new["framework"]["departments"]:
            assert [] == d.pop("measurements")
            for m in d["measures"]:  # a typed measure with no target, as the migration says
                assert ("count", None, None) == (m["kind"], m["unit"], m["target"])
            d["measures"] = [m["name"] for m in d["measures"]]
        assert old["framework"] == new["framework"]

    def test_migrated_scale_is_bounded_by_observed_scores(self) -> None:
        """The migrated scale's bounds are the lowest and highest scores of version 1."""
        old = json.loads(V1_EXAMPLE.read_text(encoding="utf-8"))
        values = [f["score"] for f in old["framework"]["feedback"] if f["score"] is not None]
        scale = dime.loads(V1_EXAMPLE.read_bytes()).scales[0]
        assert (min(values), max(values)) == (scale.minimum, scale.maximum)

    def test_migration_notes(self) -> None:
        """The migration says what it changes."""
        from dime._serialization import migration_notes  # noqa: PLC0415

        old = json.loads(V1_EXAMPLE.read_text(encoding="utf-8"))
        notes = migration_notes(old)
        assert 2 == len(notes)
        assert "measure name(s) of 5 department(s) into typed measures" in notes[0]
        assert "bare feedback score(s) to the custom scale 'score'" in notes[1]

    def test_migrate_dry_run(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """`dime migrate --dry-run` prints each change and writes nothing."""
        path = tmp_path / "old.json"
        path.write_bytes(V1_EXAMPLE.read_bytes())
        assert 0 == main(["migrate", str(path), "--dry-run"])
        out = capsys.readouterr().out
        assert "format version 1 -> 2" in out
        assert "would move" in out
        assert "would turn 8 measure name(s)" in out
        assert V1_EXAMPLE.read_bytes() == path.read_bytes()

    def test_schema_states_built_in_bounds(self) -> None:
        """The JSON Schema refuses an NPS of 11 and accepts one of 10."""
        jsonschema = pytest.importorskip("jsonschema")
        schema = dime.json_schema()
        doc: dict[str, Any] = {
            "dime": 2,
            "framework": {
                "name": "Shop",
                "feedback": [
                    {
                        "id": "f",
                        "received": "2026-01-05T10:00:00Z",
                        "kind": "gift",
                        "score": {"scale": "nps", "value": 10},
                    }
                ],
            },
        }
        jsonschema.validate(doc, schema)
        doc["framework"]["feedback"][0]["score"]["value"] = 11
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(doc, schema)

    def test_records_have_score_and_scale_columns(self) -> None:
        """Feedback rows carry a score's value and its scale's name as two plain columns."""
        fw = Framework(
            name="Shop", feedback=[item(0, "ces", 6), attrs.evolve(item(1, "nps", 1), score=None)]
        )
        rows = fw.records(Feedback)
        assert [(6, "ces"), (None, None)] == [(r["score"], r["scale"]) for r in rows]
        assert rows == json.loads(json.dumps(rows))

    def test_evolve_keeps_scores(self) -> None:
        """A score is a record: evolving feedback keeps it."""
        fb = item(0, "ces", 6)
        assert fb.score == attrs.evolve(fb, text="x").score
