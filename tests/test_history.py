"""Tests for histories: saved states in time order, each checked, and the mindsets read across them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import attrs
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dime
import dime.strategies as ds
from dime import History, Mindset, Movement, Tally
from dime._balance._tally import Structure, day_number
from dime._cli import main
from dime.exceptions import DimeError, InvalidFieldError, InvalidHistoryError
from organisations import ANALYSTS, MONTHS, opticians_over_two_years

EMOTIONAL = Mindset.EMOTIONAL.area

slow = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def opticians() -> tuple[dime.Framework, ...]:
    return opticians_over_two_years()


@pytest.fixture(scope="module")
def story(opticians: tuple[dime.Framework, ...]) -> History:
    return dime.history(opticians)


def fading_months(h: History) -> list[str]:
    """The states whose report finds the emotional mindset fading (DIME106), by month."""
    return [
        f"{s.now:%Y-%m}"
        for s in h.snapshots
        if any(f.code == "DIME106" and f.area == EMOTIONAL for f in s.report.findings)
    ]


class TestOpticians:
    """Brightwell Opticians over two years: the emotional mindset fades, then recovers."""

    def test_each_month_is_a_state(self, story: History) -> None:
        """24 states, one at the end of each month, in order, nothing to note."""
        assert [f"{m:%Y-%m}" for m in MONTHS] == [f"{s.now:%Y-%m}" for s in story.snapshots]
        assert () == story.notes
        assert 23 == len(story.changes)

    def test_the_history_shows_the_mindset_fade_and_recover(self, story: History) -> None:
        """The emotional share falls month after month to nothing, then climbs back to its target."""
        shares = [s.report.attention[EMOTIONAL].share for s in story.snapshots]
        decline = shares[7:16]  # August 2025, the last full month, to April 2026
        assert decline == sorted(decline, reverse=True)
        assert len(set(decline)) == len(decline)
        assert [0.0, 0.0] == shares[16:18]  # May and June 2026: nobody holds it
        assert shares[18] < shares[19] < shares[20] == shares[0]

    def test_the_fading_rule_fires_in_the_decline_and_not_after(self, story: History) -> None:
        """DIME106 finds the mindset fading from January to April 2026, and never once it recovers.

        At the end of January its share had fallen at each of the last three
        steps of 60 days (from 25% in early August to 11%), to under half.
        In December the share of early July and early September was still
        the same 25%: not a fall at every step yet.  From May nobody holds
        it (DIME201 says so), and from July it climbs back.
        """
        assert ["2026-01", "2026-02", "2026-03", "2026-04"] == fading_months(story)
        for s in story.snapshots[16:18]:
            assert "DIME201" in {f.code for f in s.report.findings if f.area == EMOTIONAL}

    def test_one_state_alone_cannot_see_the_fade(
        self, opticians: tuple[dime.Framework, ...]
    ) -> None:
        """The January state checked on its own knows only its own holders: no DIME106."""
        report = dime.check(opticians[12])
        assert [] == [f for f in report.findings if f.code == "DIME106" and f.area == EMOTIONAL]

    def test_the_trend_reads_fading_then_recovering(self, story: History) -> None:
        """The history's monthly trend reads the mindset as fading, then stalling, then recovering."""
        t = story.trend()
        read = [t.movements(at=k)[EMOTIONAL] for k in range(len(t))]
        assert Movement.FADING in read[12:15]
        assert Movement.STALLING in read[15:19]
        assert Movement.RECOVERING in read[19:]
        assert Movement.FADING not in read[15:]
        assert story.movements()[EMOTIONAL] is not Movement.FADING

    def test_each_month_of_the_trend_is_the_state_of_that_month(self, story: History) -> None:
        """The trend's period ending on a state's day has that state's attention."""
        periods = {p.end: p for p in story.trend().periods}
        for s in story.snapshots:
            assert s.report.attention == periods[s.now.date()].attention

    def test_changes_between_months(self, story: History) -> None:
        """Each month adds its feedback; the analyst's changes show as responsibilities."""
        september = story.changes[7]
        assert {"Feedback"} <= {type(r).__name__ for r in september.added}
        assert [r.share for r in september.removed if isinstance(r, dime.Responsibility)] == [0.8]
        analyst = ANALYSTS[8]
        assert analyst is not None
        assert [analyst[1]] == [
            r.share for r in september.added if isinstance(r, dime.Responsibility)
        ]


class TestOrder:
    """How states are put in order, and what is said about it."""

    def test_states_given_out_of_order_are_put_in_order(self) -> None:
        """States are ordered by their latest record, and the history says they were not."""
        fw = dime.example()
        earlier = fw.remove(*fw.feedback[-300:])
        h = dime.history([fw, earlier])
        assert [earlier.name, fw.name] == [s.name for s in h.snapshots]
        assert h.snapshots[0].now < h.snapshots[1].now
        assert "not given in time order" in h.notes[0]

    def test_the_same_state_twice_is_kept_once(self) -> None:
        """The same digest twice: one state, and a note."""
        h = dime.history([dime.example(), dime.example()])
        assert 1 == len(h.snapshots)
        assert ("#1 is the same state as #0: it is shown once.",) == h.notes

    def test_different_states_at_one_moment_keep_their_order(self) -> None:
        """Two states with the same latest record are kept in the order given, and said so."""
        fw = dime.example()
        other = fw.remove(fw.responsibilities[0])
        h = dime.history([other, fw])
        assert [dime.digest(other), dime.digest(fw)] == [s.digest for s in h.snapshots]
        assert "at the same moment" in h.notes[0]

    def test_two_organisations_are_refused(self) -> None:
        """States of organisations with different names raise InvalidHistoryError, naming each."""
        fw = dime.example()
        with pytest.raises(InvalidHistoryError) as caught:
            dime.history([fw, attrs.evolve(fw, name="Other Ltd")])
        assert 2 == len(caught.value.problems)
        assert "Other Ltd" in str(caught.value)

    def test_a_renamed_organisation_is_accepted_when_asked(self) -> None:
        """allow_renames=True reads them as one history."""
        fw = dime.example()
        renamed = attrs.evolve(fw.remove(*fw.feedback[:10]), name="Larkspur Ltd")
        assert 2 == len(dime.history([fw, renamed], allow_renames=True).snapshots)

    @pytest.mark.parametrize("bad", [[], "a.json", dime.Framework(name="A"), 3, [3]])
    def test_bad_arguments(self, bad: object) -> None:
        """No state, a lone path or framework, or something else: InvalidFieldError."""
        with pytest.raises(InvalidFieldError, match=r"history\.snapshots"):
            dime.history(bad)  # type: ignore[arg-type]

    @slow
    @given(st.lists(ds.frameworks(max_records=3), min_size=1, max_size=3))
    def test_only_dime_errors(self, states: list[dime.Framework]) -> None:
        """Any states make a history, or a DimeError says why; each state is checked as check does."""
        try:
            h = dime.history(states)
        except DimeError:
            return
        for s in h.snapshots:
            fw = next(f for f in states if dime.digest(f) == s.digest)
            assert dime.check(fw).attention == s.report.attention
        assert str(h)


class TestSavedStates:
    """A tally that knows saved states of the undated records."""

    def test_the_state_in_force_on_a_day(self) -> None:
        """Before the first state nothing is known; from each state's day, that state."""
        a = Tally.from_records([dime.Responsibility(holder="A", mindset=Mindset.EMOTIONAL)])
        b = Tally.from_records([dime.Responsibility(holder="B", mindset=Mindset.EMOTIONAL)])
        t = attrs.evolve(b, states={10: a.structure, 20: b.structure})
        assert Structure({}, {}, {}) == t.structure_on(9)
        assert a.structure == t.structure_on(10) == t.structure_on(19)
        assert b.structure == t.structure_on(20) == t.structure_on(10_000)
        assert t.as_of(15).responsibilities == a.responsibilities

    @slow
    @given(ds.tallies(), ds.tallies(), st.integers(0, 40), st.integers(0, 40))
    def test_saved_states_add_up_day_by_day(
        self, a: Tally, b: Tally, day_a: int, day_b: int
    ) -> None:
        """(a + b) on any day holds what a and b held that day, together."""
        a = attrs.evolve(a, states={day_a: a.structure})
        for day in (0, day_a, day_b, 50):
            assert (a + b).structure_on(day) == a.structure_on(day) + b.structure_on(day)
        assert a + b == b + a


class TestFaces:
    """What a history shows of itself."""

    def test_text_fits_a_terminal(self, story: History) -> None:
        """str(history) has a row per state, at most 100 columns wide."""
        lines = str(story).splitlines()
        assert max(len(line) for line in lines) <= 100
        assert 24 == sum(line[:7] in {f"{m:%Y-%m}" for m in MONTHS} for line in lines)

    def test_records_for_pandas(self, story: History) -> None:
        """One row per state and area."""
        frame = pd.DataFrame(story.records())
        assert (24 * 16, 10) == frame.shape

    def test_json_data(self, story: History) -> None:
        """to_data reads back as JSON, with a state per month and a change between neighbours."""
        data = json.loads(json.dumps(story.to_data()))
        assert (24, 23) == (len(data["snapshots"]), len(data["changes"]))
        assert data["movements"]["M/responsibility"] in {m.value for m in Movement}


class TestCommand:
    """dime history FILE ..."""

    def test_prints_the_states_in_order(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Files given in any order are shown in time order, by name, with the note."""
        fw = dime.example()
        paths = [tmp_path / "late.json", tmp_path / "early.json"]
        dime.save(fw, paths[0])
        dime.save(fw.remove(*fw.feedback[-300:]), paths[1])
        assert 0 == main(["history", *map(str, paths)])
        out = capsys.readouterr().out
        assert out.index("early.json") < out.index("late.json", out.index("States"))
        assert "not given in time order" in out

    def test_json(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json prints the history's data, sources named by path."""
        path = tmp_path / "a.json"
        dime.save(dime.example(), path)
        assert 0 == main(["history", str(path), "--format", "json"])
        data = json.loads(capsys.readouterr().out)
        assert [str(path)] == [s["source"] for s in data["snapshots"]]

    def test_two_organisations_exit_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """States of two organisations: exit 2, with one line; --allow-renames accepts them."""
        fw = dime.example()
        a, b = tmp_path / "a.json", tmp_path / "b.json"
        dime.save(fw, a)
        dime.save(attrs.evolve(fw.remove(*fw.feedback[:5]), name="Other"), b)
        assert 2 == main(["history", str(a), str(b)])
        assert 1 == len(capsys.readouterr().err.splitlines())
        assert 0 == main(["history", str(a), str(b), "--allow-renames"])


def test_day_numbers_round_trip() -> None:
    """The day a state is kept under is the UTC day of its moment."""
    assert 0 == day_number(date(1970, 1, 1))
