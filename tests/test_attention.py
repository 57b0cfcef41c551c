"""Tests for attention: measured per layer, over time, and what it does to the headline."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import dime
import dime.strategies as ds
from dime import (
    AREAS,
    Area,
    AttentionStatus,
    EvidenceKind,
    Feedback,
    FeedbackFolder,
    FeedbackKind,
    Finding,
    Framework,
    Initiative,
    InitiativeStatus,
    Layer,
    Mindset,
    Policy,
    Report,
    Responsibility,
    Signal,
)
from dime._render import report_html, report_markdown, report_page, report_text
from dime.exceptions import DimeError
from organisations import work

NOW = datetime(2026, 10, 31, 12, tzinfo=UTC)
TODAY = NOW.date()
CARE = dime.Practice.CUSTOMER_CARE.area
VALUE = dime.Foundation.INCREASING_VALUE.area

slow = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def even_work(**skip: bool) -> list[Initiative]:
    """One active initiative of effort 1 in every coordination and implementation area."""
    return [
        work(a, start=30, end=None)
        for a in AREAS
        if a.layer in (Layer.COORDINATION, Layer.IMPLEMENTATION) and not skip.get(str(a.index))
    ]


class TestMeasure:
    """Attention is measured the way each layer exists."""

    def test_finished_work_counts_in_full_then_fades(self) -> None:
        """Work in the window counts in full; after the window it halves every half-life."""
        inside = dime.check(
            Framework(name="In", initiatives=[work(CARE, start=150, end=100)]), now=NOW
        )
        assert 1.0 == inside.attention[CARE].amount
        ended = 179 + 90  # a half-life before the window's first day
        outside = Framework(name="Out", initiatives=[work(CARE, start=300, end=ended)])
        report = dime.check(outside, now=NOW)
        assert math.isclose(0.5, report.attention[CARE].amount)
        assert AttentionStatus.QUIET is report.attention[CARE].status

    def test_quiet_then_absent(self) -> None:
        """No attention in the window is quiet; none for absent_after is absent."""
        fw = Framework(name="Old", initiatives=[*even_work(), work(VALUE, start=500, end=400)])
        policy = Policy(absent_after=timedelta(days=365))
        other = dime.Foundation.KNOWING_CUSTOMERS.area
        assert (
            AttentionStatus.ATTENDED
            is dime.check(fw, now=NOW, policy=policy).attention[other].status
        )
        old = Framework(name="Old", initiatives=[work(VALUE, start=300, end=200)])
        assert AttentionStatus.QUIET is dime.check(old, now=NOW).attention[VALUE].status
        assert (
            AttentionStatus.ABSENT
            is dime.check(old, now=NOW + timedelta(days=170)).attention[VALUE].status
        )

    def test_planned_work_is_no_attention(self) -> None:
        """A planned initiative counts as nothing, and the area says it has one."""
        fw = Framework(
            name="Plans", initiatives=[Initiative(id="p", title="Later", area=CARE, effort=9)]
        )
        att = dime.check(fw, now=NOW).attention[CARE]
        assert (AttentionStatus.ABSENT, 0.0, 1) == (att.status, att.amount, att.planned)

    def test_holders_attend_their_mindset(self) -> None:
        """A mindset with a holder is attended, its amount the holder's share of time."""
        fw = Framework(
            name="One",
            responsibilities=[Responsibility(holder="Ana", mindset=Mindset.EMOTIONAL, share=0.4)],
        )
        att = dime.check(fw, now=NOW).attention[Mindset.EMOTIONAL.area]
        assert (AttentionStatus.ATTENDED, {EvidenceKind.HOLDERS}) == (att.status, set(att.evidence))
        assert math.isclose(0.4, att.amount)
        assert 1.0 == att.share

    def test_filed_feedback_attends_its_folder(self) -> None:
        """A folder with feedback filed in it is attended; work on it is evidence, not amount."""
        planning = FeedbackFolder.PLANNING.area
        fw = Framework(
            name="Mail",
            initiatives=[work(FeedbackFolder.LISTENING.area, start=10, end=None, effort=50)],
            feedback=[
                Feedback(
                    id=f"f{i}",
                    received=NOW - timedelta(days=i),
                    kind=FeedbackKind.GIFT,
                    folder=FeedbackFolder.PLANNING,
                )
                for i in range(3)
            ],
        )
        report = dime.check(fw, now=NOW)
        assert 3.0 == report.attention[planning].amount
        listening = report.attention[FeedbackFolder.LISTENING.area]
        assert (0.0, {EvidenceKind.WORK}) == (listening.amount, set(listening.evidence))
        assert AttentionStatus.ATTENDED is listening.status

    def test_future_work_is_not_yet_attention(self) -> None:
        """Work that starts after the moment measured counts for nothing then."""
        fw = Framework(name="Soon", initiatives=[work(CARE, start=-10, end=None)])
        assert 0.0 == dime.check(fw, now=NOW).attention[CARE].amount

    def test_fading_uses_the_same_measure(self) -> None:
        """The measure at the report's own day is the report's attention."""
        view = dime.check(dime.example()).view
        assert view.measure == view.measure_at(view.measure.until)

    def test_a_sustained_decline_fades(self) -> None:
        """Care's share falling period after period, as other work grows, is fading."""
        care = [
            work(CARE, start=400, end=200, effort=10, key="big"),
            work(CARE, start=20, end=None, effort=0.2, key="small"),
        ]
        others = [
            work(a, start=start, end=None, effort=4)
            for a, start in zip(
                (a for a in Layer.IMPLEMENTATION.areas if a != CARE), (170, 110, 50), strict=True
            )
        ]
        report = dime.check(Framework(name="Tail", initiatives=[*care, *others]), now=NOW)
        (fading,) = [f for f in report.findings if f.code == "DIME106"]
        assert CARE == fading.area
        shares = [float(str(s)) for s in fading.evidence["shares"]]  # type: ignore[union-attr]
        assert shares == sorted(shares, reverse=True)
        assert len(set(shares)) == len(shares)

    def test_steady_work_does_not_fade(self) -> None:
        """The same work in every area for a year fades nowhere."""
        report = dime.check(Framework(name="Steady", initiatives=even_work()), now=NOW)
        assert [] == [f for f in report.findings if f.code == "DIME106"]


class TestSignals:
    """What the headline covers, and what it cannot be made to say."""

    def test_layers_with_nothing_in_them_are_uneven_not_missing(self) -> None:
        """Records elsewhere make every layer evaluated; an empty layer is 0."""
        fw = Framework(name="Work only", initiatives=even_work())
        report = dime.check(fw, now=NOW)
        assert 0.0 == report.signal_evenness[Signal.REVIEW]
        assert 0.0 == report.signal_evenness[Signal.RESPONSIBILITY]
        assert {Signal.TOUCHPOINTS, Signal.ASSESSMENTS} == set(Signal) - set(report.covers)

    @slow
    @given(ds.frameworks(), st.sampled_from(Layer))
    def test_removing_a_layers_attention_never_raises_the_headline(
        self, fw: Framework, layer: Layer
    ) -> None:
        """Taking all attention out of a layer, records kept, never raises the overall evenness.

        Removing a layer's attention keeps its records where it can: the
        layer's initiatives become planned, feedback filed in its folders is
        unfiled, and (the responsibility layer's evidence being its holders)
        its responsibilities go.  Then the layer's own evenness is 0 and no
        other signal changes, so the mean cannot rise.
        """
        before = dime.check(fw, now=NOW)
        planned = [
            attrs.evolve(i, status=InitiativeStatus.PLANNED) if i.area.layer is layer else i
            for i in fw.initiatives
        ]
        changes: dict[str, Any] = {"initiatives": planned}
        if layer is Layer.REVIEW:
            changes["feedback"] = [attrs.evolve(f, folder=None) for f in fw.feedback]
        if layer is Layer.RESPONSIBILITY:
            changes["responsibilities"] = ()
        after = dime.check(attrs.evolve(fw, **changes), now=NOW)
        if after.evenness is None:
            assert all(v is None for v in after.signal_evenness.values())
            return
        assert before.evenness is not None
        assert after.evenness <= before.evenness + 1e-12
        assert 0.0 == after.signal_evenness[Signal.of(layer)]

    def test_an_organisation_that_files_nothing_is_not_rewarded(self) -> None:
        """Filing none of the feedback scores below filing some of it evenly."""
        items = [
            Feedback(id=f"f{i}", received=NOW - timedelta(hours=i), kind=FeedbackKind.ROUTINE)
            for i in range(40)
        ]
        never = Framework(name="Never", initiatives=even_work(), feedback=items)
        folders = list(FeedbackFolder)
        some = attrs.evolve(
            never,
            feedback=[
                attrs.evolve(f, folder=folders[i % 4]) if i < 4 else f for i, f in enumerate(items)
            ],
        )
        worse, better = dime.check(never, now=NOW), dime.check(some, now=NOW)
        assert worse.evenness is not None
        assert better.evenness is not None
        assert worse.evenness < better.evenness


# How grave each kind of finding about an area's neglect is: a milder one may take the
# place of a graver one when attention is added, never appear beside it.
NEGLECT = {"DIME101": 3, "DIME201": 3, "DIME107": 2, "DIME102": 1, "DIME106": 1}


def neglect(report: Report, area: Area) -> dict[str, int]:
    return {
        f.code: NEGLECT[f.code] for f in report.findings if f.area == area and f.code in NEGLECT
    }


def attention_for(area: Area, amount: int, day: date) -> list[Any]:
    """Records that add attention to ``area`` on ``day``: work, filed feedback or a holder."""
    if area.layer is Layer.REVIEW:
        at = datetime(day.year, day.month, day.day, tzinfo=UTC)
        return [
            Feedback(id=f"added-{n}", received=at, kind=FeedbackKind.GIFT, folder=area.cell)  # type: ignore[arg-type]
            for n in range(amount)
        ]
    if area.layer is Layer.RESPONSIBILITY:
        return [Responsibility(holder="Added", mindset=area.cell, share=min(1.0, amount / 10))]  # type: ignore[arg-type]
    return [
        Initiative(
            id="added-work",
            title="More work",
            area=area,
            status=InitiativeStatus.ACTIVE,
            started=day,
            effort=amount,
        )
    ]


class TestMonotonicity:
    """Doing more in an area never earns it a new complaint."""

    @slow
    @given(ds.frameworks(), ds.areas(), st.integers(1, 100), ds.policies())
    def test_adding_attention_never_adds_a_neglect_finding(
        self, fw: Framework, area: Area, amount: int, policy: Policy
    ) -> None:
        """Adding attention to an area adds no finding about its neglect, but a milder one in place of a graver one."""
        policy = attrs.evolve(policy, waivers=(), select=("ALL",), ignore=())
        before = dime.check(fw, policy=policy)
        ids = {i.id for i in fw.initiatives} | {f.id for f in fw.feedback}
        added = attention_for(area, amount, before.view.until)
        assume(not ids & {getattr(r, "id", "") for r in added})
        after = dime.check(fw.add(*added), now=before.now, policy=policy)
        was, now = neglect(before, area), neglect(after, area)
        new = set(now) - set(was)
        assert not new or max(now.values()) < max(was.values(), default=0), (was, now)


def _offset(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


# The first and last moments the model accepts: each is within the calendar in UTC
# too (a moment that is not, such as 0001-01-01T00:00+23:59, is refused on entry).
EDGES = [
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(1, 1, 1, 23, 59, tzinfo=_offset(23 * 60 + 59)),
    datetime(9999, 12, 31, 0, 0, 59, tzinfo=_offset(-(23 * 60 + 59))),
    datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
]


@st.composite
def extreme_frameworks(draw: st.DrawFn) -> Framework:
    """Frameworks whose dates and numbers reach the edges of what the model accepts."""
    fw = draw(ds.frameworks(max_records=4))
    moments = st.sampled_from(EDGES) | st.datetimes(
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=-23, minutes=-59))])
    )
    days = st.sampled_from([date.min, date.max]) | st.dates()
    efforts = st.sampled_from([1e308, 10**308, 5e-324, 1.7976931348623157e308]) | st.floats(
        min_value=5e-324, max_value=1e308
    )
    feedback = [attrs.evolve(f, received=draw(moments)) for f in fw.feedback]
    initiatives = []
    for i in fw.initiatives:
        first, second = sorted([draw(days), draw(days)])
        initiatives.append(
            attrs.evolve(
                i,
                started=first
                if i.started is not None or i.status is InitiativeStatus.ACTIVE
                else None,
                finished=second if i.finished is not None else None,
                effort=draw(efforts),
            )
        )
    assessments = [attrs.evolve(a, on=draw(days)) for a in fw.assessments]
    return attrs.evolve(fw, feedback=feedback, initiatives=initiatives, assessments=assessments)


@st.composite
def extreme_policies(draw: st.DrawFn) -> Policy:
    """Policies with windows and durations up to the largest a timedelta holds, and tiny targets."""
    policy = draw(ds.policies())
    long = st.sampled_from([2, 740_000, timedelta.max.days]) | st.integers(2, timedelta.max.days)
    targets = dict(policy.targets)
    if draw(st.booleans()):
        tiny = draw(st.sampled_from(AREAS))
        targets[tiny] = 5e-324
        other = next(a for a in AREAS if a != tiny)
        targets[other] = 1 - math.fsum(v for a, v in targets.items() if a != other)
    return attrs.evolve(
        policy,
        targets=targets,
        window=timedelta(days=draw(long)),
        half_life=timedelta(days=draw(st.sampled_from([1, 90, timedelta.max.days]))),
        absent_after=timedelta(days=draw(long)),
        fading_period=timedelta(days=draw(st.sampled_from([1, 60, 400_000]))),
        complaint_days=timedelta(days=draw(st.sampled_from([0, 14, timedelta.max.days]))),
        assessment_max_age=timedelta(days=draw(long)),
    )


class TestExtremes:
    """check and every picture raise nothing but DimeError, at the edges of time and number."""

    @pytest.mark.parametrize("moment", EDGES)
    def test_feedback_and_now_at_the_calendar_edges(self, moment: datetime) -> None:
        """Feedback received, and checks made, at the first and last representable moments."""
        fw = dime.example().add(Feedback(id="edge", received=moment, kind=FeedbackKind.ROUTINE))
        for now in (None, *EDGES):
            report = dime.check(fw, now=now)
            assert report_text(report)
            assert report.to_data()["now"]

    def test_a_window_of_740000_days(self) -> None:
        """A window longer than the calendar is checked, not an error."""
        report = dime.check(dime.example(), policy=Policy(window=timedelta(days=740_000)))
        assert date.min == report.since

    def test_huge_efforts(self) -> None:
        """Two efforts of 1e308 add up exactly, and show as the largest float."""
        fw = Framework(
            name="Huge",
            initiatives=[work(CARE, start=5, end=None, effort=1e308, key=k) for k in "ab"]
            + [work(VALUE, start=5, end=None, effort=10**308, key="c")],
        )
        report = dime.check(fw, now=NOW)
        assert 1.7976931348623157e308 == report.attention[CARE].amount
        assert 1.0 == report.attention[CARE].share
        assert report_text(report)

    def test_a_subnormal_target(self) -> None:
        """A target share of 5e-324 is accepted and every picture still draws."""
        targets = dict.fromkeys(AREAS, 1 / 16) | {AREAS[0]: 5e-324}
        targets[AREAS[1]] = 1 - math.fsum(v for a, v in targets.items() if a != AREAS[1])
        report = dime.check(dime.example(), policy=Policy(targets=targets))
        for text in (report_text(report), report_markdown(report), report_html(report)):
            assert text

    @slow
    @given(extreme_frameworks(), extreme_policies(), st.none() | st.sampled_from(EDGES))
    def test_only_dime_errors(self, fw: Framework, policy: Policy, now: datetime | None) -> None:
        """On any framework and policy, extreme ones too, only DimeError ever comes out."""
        try:
            report = dime.check(fw, policy=policy, now=now)
        except DimeError:
            return
        for draw in (report_text, report_markdown, report_html):
            assert draw(report)
        assert report_page(report, fw)
        assert report.to_data()
        assert all(isinstance(f, Finding) for f in report.findings)
