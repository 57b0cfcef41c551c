"""Tests for trends: the check period by period, what a period holds, and how areas move."""

from __future__ import annotations

import math
import pickle
from datetime import UTC, date, datetime, timedelta

import attrs
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dime
import dime.strategies as ds
import organisations
from dime import (
    AREAS,
    Feedback,
    FeedbackFolder,
    FeedbackKind,
    Framework,
    Layer,
    Movement,
    Period,
    Policy,
    Signal,
    Tally,
    Trend,
)
from dime._balance._tally import default_now
from dime.exceptions import DimeError, InvalidFieldError
from organisations import work

NOW = datetime(2026, 10, 31, 12, tzinfo=UTC)
TODAY = NOW.date()
CARE = dime.Practice.CUSTOMER_CARE.area
LISTENING = FeedbackFolder.LISTENING

slow = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def said(key: str, day: date, folder: FeedbackFolder | None = LISTENING) -> Feedback:
    """A piece of routine feedback received at noon on ``day``, filed in ``folder``."""
    return Feedback(
        id=key,
        received=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        kind=FeedbackKind.ROUTINE,
        folder=folder,
    )


def recent(fw: Framework) -> date:
    """A first day for a trend of ``fw`` that keeps it short: 400 days before its latest record."""
    last = default_now(Tally.from_framework(fw))
    return max(date.min, (last - timedelta(days=400)).date()) if last.year > 1 else date.min


class TestPeriods:
    """How a trend cuts time: calendar months and quarters in UTC, or steps back from the end."""

    def test_months_are_calendar_months_cut_at_both_ends(self) -> None:
        """Monthly periods start on the 1st, except the first; the last ends at the last record."""
        fw = Framework(
            name="Months",
            feedback=[said("a", date(2026, 1, 17)), said("b", date(2026, 4, 3))],
        )
        t = dime.trend(fw)
        assert [("2026-01-17", "2026-01-31"), ("2026-02-01", "2026-02-28")] == [
            (p.start.isoformat(), p.end.isoformat()) for p in t.periods[:2]
        ]
        assert ("2026-04-01", "2026-04-03") == (
            t.periods[-1].start.isoformat(),
            t.periods[-1].end.isoformat(),
        )
        assert [False, True, True, False] == [p.complete for p in t.periods]

    def test_quarters_start_in_january_april_july_and_october(self) -> None:
        """Quarterly periods are calendar quarters."""
        fw = Framework(
            name="Q", feedback=[said("a", date(2025, 2, 1)), said("b", date(2026, 2, 1))]
        )
        t = dime.trend(fw, every="quarter", since=date(2025, 1, 1), until=date(2025, 12, 31))
        assert [date(2025, m, 1) for m in (1, 4, 7, 10)] == [p.start for p in t.periods]
        assert all(p.complete for p in t.periods)

    def test_steps_end_on_the_last_day_and_count_back(self) -> None:
        """Periods of a timedelta end on the last day, each as long as asked."""
        fw = Framework(name="Steps", feedback=[said("a", date(2026, 1, 1))])
        t = dime.trend(
            fw, every=timedelta(days=30), since=date(2025, 10, 1), until=date(2026, 1, 1)
        )
        assert date(2026, 1, 1) == t.periods[-1].end
        assert {30} == {(p.end - p.start).days + 1 for p in t.periods if p.complete}
        assert not t.periods[0].complete
        assert date(2025, 10, 1) == t.periods[0].start

    @slow
    @given(ds.frameworks(max_records=6), st.sampled_from(["month", "quarter", timedelta(days=45)]))
    def test_periods_tile_the_span(self, fw: Framework, every: str | timedelta) -> None:
        """Periods follow each other day after day, from the first day to the last."""
        t = dime.trend(fw, every=every, since=recent(fw))
        for before, after in zip(t.periods, t.periods[1:], strict=False):
            assert before.end + timedelta(days=1) == after.start
        assert all(p.start <= p.end for p in t.periods)


class TestSameAsCheck:
    """Each period is the check at its end, with the trend's policy."""

    @slow
    @given(ds.frameworks(max_records=6), ds.policies())
    def test_the_last_period_is_the_check(self, fw: Framework, policy: Policy) -> None:
        """The last period's attention is check's; so is its evenness wherever it has data."""
        report = dime.check(fw, policy=policy)
        last = dime.trend(fw, policy=policy, since=recent(fw)).periods[-1]
        assert report.attention == last.attention
        for signal, value in last.evenness.items():
            if value is not None:
                assert report.signal_evenness[signal] == value
        if set(last.covers) == set(report.covers):
            assert report.evenness == last.headline

    def test_every_period_is_the_check_at_its_end(self) -> None:
        """Each month of the example is what check says at the end of that month's last day."""
        fw = dime.example()
        for p in dime.trend(fw, since=date(2026, 1, 1)).periods:
            end = datetime(p.end.year, p.end.month, p.end.day, 23, 59, tzinfo=UTC)
            report = dime.check(fw, now=end)
            assert report.attention == p.attention
            assert {s: report.signal_evenness[s] for s in p.covers} == {
                s: p.evenness[s] for s in p.covers
            }

    def test_with_the_defaults_the_headline_is_the_reports(self) -> None:
        """The example's latest month covers every signal: its headline is the report's."""
        report = dime.check(dime.example())
        last = dime.trend(dime.example()).periods[-1]
        assert report.covers == last.covers
        assert report.evenness == last.headline

    def test_a_dead_layer_takes_its_quarter_in_every_period(self) -> None:
        """Where nothing is ever filed, each month's headline loses the review layer's quarter."""
        fw = organisations.utility()
        report = dime.check(fw, now=organisations.NOW)
        assert (Layer.REVIEW,) == report.dead_layers
        periods = [p for p in dime.trend(fw).periods if p.headline is not None]
        assert periods
        for p in periods:
            assert Layer.REVIEW in p.dead_layers
            assert p.headline is not None
            mean = sum(v for v in p.evenness.values() if v is not None) / len(p.covers)
            assert math.isclose(mean * (4 - len(p.dead_layers)) / 4, p.headline)
        assert report.evenness == periods[-1].headline

    def test_assessments_after_a_moment_are_not_seen_at_it(self) -> None:
        """A check in the past reads the scores given by then, not later ones."""
        d, i = AREAS[0], AREAS[1]
        fw = Framework(
            name="Scores",
            assessments=[
                dime.Assessment(area=d, score=4, on=date(2026, 1, 10)),
                dime.Assessment(area=i, score=1, on=date(2026, 6, 10)),
            ],
        )
        early = dime.check(fw, now=datetime(2026, 2, 1, tzinfo=UTC))
        assert {d: 4.0} == dict(early.view.scores)
        t = dime.trend(fw, since=date(2026, 1, 1))
        assert [1, 0, 0, 0, 0, 1] == [p.assessments for p in t.periods]


class TestNoData:
    """A period with nothing recorded in it is no data, never even."""

    def test_an_empty_month_has_no_evenness_and_no_headline(self) -> None:
        """February, with no feedback, shows nothing, though January's still counts in the window."""
        fw = Framework(
            name="Gap",
            feedback=[said("a", date(2026, 1, 5)), said("b", date(2026, 3, 5))],
        )
        jan, feb, mar = dime.trend(fw).periods
        assert (True, False, True) == (jan.data, feb.data, mar.data)
        assert set(feb.evenness.values()) == {None}
        assert feb.headline is None
        assert () == feb.covers
        assert feb.attention[LISTENING.area].amount > 0  # the check still sees January
        assert mar.evenness[Signal.REVIEW] is not None

    def test_a_layer_without_its_evidence_has_no_evenness(self) -> None:
        """A month with feedback and no work under way shows the review layer only."""
        fw = Framework(
            name="Half",
            initiatives=[work(CARE, start=400, end=380)],
            feedback=[said("a", TODAY)],
        )
        last = dime.trend(fw).periods[-1]
        assert last.evenness[Signal.IMPLEMENTATION] is None
        assert last.evenness[Signal.REVIEW] is not None
        assert dime.check(fw).signal_evenness[Signal.IMPLEMENTATION] is not None

    def test_days_before_the_first_record_are_no_data(self) -> None:
        """Asked to start earlier than the records, the trend shows those periods empty."""
        fw = Framework(name="Late", feedback=[said("a", date(2026, 6, 1))])
        t = dime.trend(fw, since=date(2026, 1, 1))
        assert [False] * 5 + [True] == [p.data for p in t.periods]

    def test_an_empty_framework_is_one_period_without_data(self) -> None:
        """Nothing recorded: one period, on 1970-01-01, with no data."""
        (p,) = dime.trend(Framework(name="Empty")).periods
        assert (date(1970, 1, 1), False, None) == (p.end, p.data, p.headline)


class TestAddingUp:
    """Trends need only a tally, and trends of parts of the records add up."""

    @slow
    @given(ds.frameworks(max_records=6), st.data())
    def test_trends_of_split_tallies_add_up(self, fw: Framework, data: st.DataObject) -> None:
        """trend(a) + trend(b) is trend(a + b), and a period's counts are the parts' sums."""
        records = [
            *fw.touchpoints,
            *fw.initiatives,
            *fw.feedback,
            *fw.responsibilities,
            *fw.departments,
            *fw.assessments,
        ]
        cut = data.draw(st.integers(0, len(records)))
        a, b = Tally.from_records(records[:cut]), Tally.from_records(records[cut:])
        since = recent(fw)
        until = default_now(a + b)
        parts = [dime.trend(t, since=since, until=until) for t in (a, b)]
        whole = dime.trend(a + b, since=since, until=until)
        assert whole == parts[0] + parts[1]
        assert whole == dime.trend(Tally.from_framework(fw), since=since, until=until)
        for p, pa, pb in zip(whole.periods, parts[0].periods, parts[1].periods, strict=True):
            assert p.feedback == pa.feedback + pb.feedback
            assert p.assessments == pa.assessments + pb.assessments

    def test_a_trend_of_a_stream_is_the_trend_of_the_framework(self) -> None:
        """A tally built from a generator gives the same periods as the framework."""
        fw = dime.example()
        stream = Tally.from_records(f for f in fw.feedback)
        rest = Tally.from_framework(fw.remove(*fw.feedback))
        assert dime.trend(fw).periods == dime.trend(stream + rest).periods

    def test_trends_with_different_periods_do_not_add(self) -> None:
        """Adding a monthly and a quarterly trend raises InvalidFieldError naming every."""
        t = dime.trend(dime.example())
        with pytest.raises(InvalidFieldError, match="every"):
            t + dime.trend(dime.example(), every="quarter")

    def test_a_trend_pickles(self) -> None:
        """A trend crosses process boundaries."""
        t = dime.trend(dime.example(), every="quarter")
        assert t == pickle.loads(pickle.dumps(t))


def _declining(name: str, *, recover: bool = False) -> Framework:
    """Customer care's share of the implementation layer falling month after month.

    The other three practices each get a new initiative every month; care's
    big project ends and a small one goes on.  With ``recover``, there is
    no big project, and care gets growing work again in the last months.
    """
    others = [a for a in Layer.IMPLEMENTATION.areas if a != CARE]
    items = [work(CARE, start=720, end=None, effort=0.5, key="care-small")]
    if not recover:
        items.append(work(CARE, start=720, end=300, effort=30, key="care-big"))
    items += [
        work(a, start=360 - 30 * m, end=None, effort=1, key=f"{a.pillar.letter}-{m}")
        for m in range(12)
        for a in others
    ]
    if recover:
        items += [
            work(CARE, start=90 - 30 * m, end=None, effort=effort, key=f"care-{m}")
            for m, effort in enumerate((2, 6, 14, 30))
        ]
    feedback = [said(f"f{d}", TODAY - timedelta(days=d)) for d in range(0, 720, 7)]
    return Framework(name=name, initiatives=items, feedback=feedback)


class TestMovements:
    """Fading, stalling and recovering, read from the periods."""

    def test_a_sustained_decline_is_fading(self) -> None:
        """Care's share falls at every step to under half: fading, and DIME106 says so."""
        fw = _declining("Tail")
        policy = Policy(window=timedelta(days=60))
        t = dime.trend(fw, policy=policy, every=timedelta(days=60), until=NOW)
        assert Movement.FADING is t.movements()[CARE]
        report = dime.check(fw, policy=policy, now=NOW)
        assert [CARE] == [f.area for f in report.findings if f.code == "DIME106"]

    def test_work_coming_back_is_recovering(self) -> None:
        """Care's share rising at every step from far below its target is recovering."""
        fw = _declining("Back", recover=True)
        policy = Policy(window=timedelta(days=30))
        t = dime.trend(fw, policy=policy, every=timedelta(days=30), until=NOW)
        shares = t.shares(CARE)[-4:]
        assert list(shares) == sorted(shares)
        assert Movement.RECOVERING is t.movements()[CARE]
        assert [] == [
            f for f in dime.check(fw, policy=policy, now=NOW).findings if f.code == "DIME106"
        ]

    def test_an_area_stuck_below_its_target_is_stalling(self) -> None:
        """A folder that gets a sliver of the feedback every month is stalling."""
        feedback = [
            said(f"{folder.value}-{d}", TODAY - timedelta(days=d), folder)
            for d in range(0, 365, 3)
            for folder in (
                FeedbackFolder.LISTENING,
                FeedbackFolder.INSIGHTS,
                FeedbackFolder.IMPROVING,
            )
        ]
        feedback += [
            said(f"plan-{d}", TODAY - timedelta(days=d), FeedbackFolder.PLANNING)
            for d in range(0, 365, 60)
        ]
        t = dime.trend(Framework(name="Stuck", feedback=feedback))
        assert Movement.STALLING is t.movements()[FeedbackFolder.PLANNING.area]
        assert Movement.STEADY is t.movements()[LISTENING.area]

    def test_too_few_periods_cannot_be_read(self) -> None:
        """Fewer than fading_periods + 1 periods: every area's movement is unknown."""
        fw = Framework(name="Short", feedback=[said("a", TODAY)])
        assert {Movement.UNKNOWN} == set(dime.trend(fw).movements().values())

    def test_a_period_without_evidence_cannot_be_read(self) -> None:
        """A gap in the feedback leaves the review layer unread over it."""
        feedback = [said(f"f{m}", date(2026, m, 10)) for m in (1, 2, 4, 5)]
        t = dime.trend(Framework(name="Gap", feedback=feedback))
        assert Movement.UNKNOWN is t.movements()[LISTENING.area]

    def test_mindsets_cannot_be_read_from_one_framework(self) -> None:
        """Holders carry no dates: one framework's trend cannot tell how they moved."""
        t = dime.trend(dime.example())
        assert {Movement.UNKNOWN} == {t.movements()[a] for a in Layer.RESPONSIBILITY.areas}

    def test_reading_an_earlier_period(self) -> None:
        """movements(at=k) reads the periods up to the k-th."""
        fw = _declining("Tail")
        policy = Policy(window=timedelta(days=60))
        t = dime.trend(fw, policy=policy, every=timedelta(days=60), until=NOW)
        assert Movement.UNKNOWN is t.movements(at=1)[CARE]
        with pytest.raises(InvalidFieldError, match="at"):
            t.movements(at=len(t))

    @slow
    @given(ds.frameworks(max_records=8), ds.policies())
    def test_the_fading_rule_is_the_trend_reading(self, fw: Framework, policy: Policy) -> None:
        """DIME106 fires exactly on the areas a trend of fading_period steps reads as fading."""
        policy = attrs.evolve(policy, select=(), ignore=(), waivers=())
        report = dime.check(fw, policy=policy)
        step = policy.fading_period
        until = report.now
        since = (until - step * (policy.fading_periods + 1) + timedelta(days=1)).date()
        if since < date.min + timedelta(days=1):
            return
        t = dime.trend(fw, policy=policy, every=step, since=since, until=until)
        fading = {a for a, m in t.movements().items() if m is Movement.FADING}
        assert fading == {f.area for f in report.findings if f.code == "DIME106"}


class TestFaces:
    """What a trend shows of itself."""

    def test_records_for_pandas(self) -> None:
        """One tidy row per period and area, ready for a DataFrame."""
        t = dime.trend(dime.example(), every="quarter")
        frame = pd.DataFrame(t.records())
        assert (len(t) * 16, 14) == frame.shape
        last = frame[frame["end"] == t.periods[-1].end.isoformat()]
        assert list(last["share"]) == [t.periods[-1].attention[a].share for a in AREAS]

    def test_text_fits_a_terminal(self) -> None:
        """str(trend) is at most 100 columns wide, with one row per period."""
        t = dime.trend(dime.example())
        lines = str(t).splitlines()
        assert max(len(line) for line in lines[2:]) <= 100
        assert sum(line.startswith(("2025-", "2026-")) for line in lines) == len(t)

    def test_no_data_shows_as_a_dash(self) -> None:
        """A period without data shows '-' for its headline, in text, Markdown and HTML."""
        fw = Framework(
            name="Gap", feedback=[said("a", date(2026, 1, 5)), said("b", date(2026, 3, 5))]
        )
        t = dime.trend(fw)
        feb = next(line for line in str(t).splitlines() if line.startswith("2026-02"))
        assert feb.split()[1:] == ["-"] * 17
        assert "| 2026-02 | - |" in t._repr_markdown_()
        assert "2026-02" in t._repr_html_()

    def test_the_picture_names_fading_areas(self) -> None:
        """The text ends with the areas read as fading."""
        fw = _declining("Tail")
        policy = Policy(window=timedelta(days=60))
        t = dime.trend(fw, policy=policy, every=timedelta(days=60), until=NOW)
        assert "Fading: Customer care for improvement (I, implementation)." in str(t)


class TestBadInput:
    """Bad arguments are DimeErrors that say which and what."""

    @pytest.mark.parametrize(
        ("kwargs", "where"),
        [
            ({"every": "week"}, "trend.every"),
            ({"every": timedelta(hours=36)}, "trend.every"),
            ({"every": timedelta(0)}, "trend.every"),
            ({"every": 30}, "trend.every"),
            ({"since": datetime(2026, 1, 1)}, "trend.since"),  # noqa: DTZ001 - naive on purpose
            ({"until": "2026-01-01"}, "trend.until"),
            ({"policy": {"window": 30}}, "trend.policy"),
            ({"since": date(2027, 1, 1)}, "trend.since"),
            ({"every": timedelta(days=1), "since": date(2020, 1, 1)}, "trend.every"),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, object], where: str) -> None:
        """Each bad argument is named in an InvalidFieldError."""
        with pytest.raises(InvalidFieldError, match=where):
            dime.trend(dime.example(), **kwargs)  # type: ignore[arg-type]

    def test_not_a_framework(self) -> None:
        """Anything but a Framework or a Tally is refused."""
        with pytest.raises(InvalidFieldError, match=r"trend\.framework"):
            dime.trend([dime.example()])  # type: ignore[arg-type]

    @slow
    @given(
        st.one_of(st.none(), st.text(max_size=5), st.timedeltas(), st.integers(), st.dates()),
        st.one_of(st.none(), st.dates(), st.datetimes(timezones=st.just(UTC))),
        st.one_of(st.none(), st.dates(), st.datetimes(timezones=st.just(UTC))),
    )
    def test_only_dime_errors(self, every: object, since: object, until: object) -> None:
        """Whatever the arguments, a trend is made or a DimeError says why."""
        try:
            t = dime.trend(dime.example(), every=every, since=since, until=until)  # type: ignore[arg-type]
        except DimeError:
            return
        assert isinstance(t, Trend)
        assert all(isinstance(p, Period) for p in t.periods)
        assert str(t)
