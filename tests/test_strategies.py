"""The public Hypothesis strategies build what they promise."""

from __future__ import annotations

import copy
import importlib
import math
import pickle
import sys
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import dime
import dime.strategies as ds
from dime import AREAS, FeedbackFolder, Framework, Mindset, Stage

fast = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NOW = datetime(2030, 1, 1, tzinfo=UTC)
KINDS = ("touchpoints", "initiatives", "feedback", "responsibilities", "departments", "assessments")


def effort_shares(fw: Framework) -> list[float]:
    per_area = dict.fromkeys(AREAS, 0.0)
    for i in fw.initiatives:
        per_area[i.area] += i.effort
    total = sum(per_area.values())
    return [per_area[a] / total for a in AREAS]


class TestImport:
    def test_without_hypothesis_says_what_to_install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Importing the strategies without Hypothesis names the extra to install."""
        monkeypatch.setitem(sys.modules, "hypothesis", None)
        monkeypatch.delitem(sys.modules, "dime.strategies")
        with pytest.raises(ImportError, match=r"pip install 'dime-cx\[testing\]'"):
            importlib.import_module("dime.strategies")


class TestArbitraryFrameworks:
    @fast
    @given(ds.frameworks(max_records=4))
    def test_sizes_stay_under_max_records(self, fw: Framework) -> None:
        """No kind of record has more than max_records records."""
        assert all(len(getattr(fw, kind)) <= 4 for kind in KINDS)

    @fast
    @given(st.data())
    def test_exact_sizes(self, data: st.DataObject) -> None:
        """A size given for a kind is the exact number of records of that kind."""
        sizes = data.draw(st.dictionaries(st.sampled_from(KINDS), st.integers(0, 5)))
        fw = data.draw(ds.frameworks(max_records=2, sizes=sizes))
        assert sizes == {kind: len(getattr(fw, kind)) for kind in sizes}

    @pytest.mark.parametrize(
        "options",
        [
            {"sizes": {"customers": 3}},
            {"sizes": {"feedback": -1}},
            {"sizes": {"feedback": 2.5}},
            {"max_records": -1},
            {"imbalance": 1.5},
            {"imbalance": math.nan},
            {"imbalance": 0, "sizes": {"initiatives": 15}},
            {"imbalance": 0, "sizes": {"touchpoints": 9, "feedback": 8}},
        ],
    )
    def test_bad_options_are_refused(self, options: dict[str, object]) -> None:
        """Unknown kinds, negative sizes, and out-of-range imbalance are refused."""
        with pytest.raises(InvalidArgument):
            ds.frameworks(**options)  # type: ignore[arg-type]


class TestEvenFrameworks:
    @fast
    @given(ds.even_frameworks(max_records=32))
    def test_every_area_has_the_same_work(self, fw: Framework) -> None:
        """Effort and counts of initiatives are the same in all sixteen areas."""
        assert all(math.isclose(1 / 16, share) for share in effort_shares(fw))
        assert len(AREAS) == len(Counter(i.area for i in fw.initiatives))
        assert 1 == len(set(Counter(i.area for i in fw.initiatives).values()))

    @fast
    @given(ds.even_frameworks(max_records=32))
    def test_every_folder_mindset_and_stage_is_used_equally(self, fw: Framework) -> None:
        """Feedback folders, mindsets and stages each get an equal number of records."""
        folders = Counter(f.folder for f in fw.feedback)
        mindsets = Counter(r.mindset for r in fw.responsibilities)
        stages = Counter(t.stage for t in fw.touchpoints)
        assert set(FeedbackFolder) == set(folders)
        assert 1 == len(set(folders.values()))
        assert set(Mindset) == set(mindsets)
        assert 1 == len(set(mindsets.values()))
        assert set(Stage) == set(stages)
        assert 1 == len(set(stages.values()))
        assert all(t.pillars == frozenset(dime.Pillar) for t in fw.touchpoints)

    @fast
    @given(ds.even_frameworks())
    def test_every_department_is_aligned_and_areas_assessed_equally(self, fw: Framework) -> None:
        """Departments have objectives and measures; every area has the same score."""
        assert all(d.objective is not None and d.measures for d in fw.departments)
        assert set(AREAS) == {a.area for a in fw.assessments}
        assert 1 == len({a.score for a in fw.assessments})

    @fast
    @given(ds.even_frameworks(max_records=24))
    def test_every_touchpoint_hears_from_customers(self, fw: Framework) -> None:
        """Each touchpoint has feedback through it."""
        assert {t.id for t in fw.touchpoints} == {f.touchpoint for f in fw.feedback}

    @fast
    @given(ds.even_frameworks(sizes={"initiatives": 21, "feedback": 6}))
    def test_uneven_sizes_keep_effort_even(self, fw: Framework) -> None:
        """Sizes that are not multiples keep effort exact and counts within one."""
        assert 21 == len(fw.initiatives)
        assert 6 == len(fw.feedback)
        assert all(math.isclose(1 / 16, share) for share in effort_shares(fw))
        assert {1, 2} == set(Counter(i.area for i in fw.initiatives).values())

    @fast
    @given(ds.even_frameworks(as_of=date(2026, 6, 30)))
    def test_dates_lead_up_to_as_of(self, fw: Framework) -> None:
        """All activity falls in the 90 days before as_of."""
        start = date(2026, 6, 30) - timedelta(days=90)
        days = [i.started for i in fw.initiatives] + [f.received.date() for f in fw.feedback]
        assert all(d is not None and start <= d < date(2026, 6, 30) for d in days)


class TestImbalance:
    @fast
    @given(st.floats(0, 1), st.data())
    def test_top_three_areas_hold_a_known_share(self, x: float, data: st.DataObject) -> None:
        """The three busiest areas hold exactly 3/16 + 13/16 x of the effort."""
        fw = data.draw(ds.frameworks(imbalance=x))
        top_three = sum(sorted(effort_shares(fw), reverse=True)[:3])
        assert math.isclose(3 / 16 + 13 / 16 * x, top_three)

    @fast
    @given(ds.frameworks(imbalance=1, max_records=32))
    def test_full_imbalance_piles_everything_on_a_few_areas(self, fw: Framework) -> None:
        """At imbalance 1, at most three areas have work and one department is aligned."""
        assert len({i.area for i in fw.initiatives}) <= 3
        assert 1 == sum(d.objective is not None for d in fw.departments)
        assert 1 == len({t.stage for t in fw.touchpoints})
        assert len({r.mindset for r in fw.responsibilities}) <= 3

    @fast
    @given(st.floats(0, 0.5), st.floats(0.5, 1), st.data())
    def test_more_imbalance_leaves_more_feedback_unfiled(
        self, low: float, high: float, data: st.DataObject
    ) -> None:
        """Raising the imbalance never leaves less feedback unfiled."""
        sizes = {"feedback": 40}
        calm = data.draw(ds.frameworks(imbalance=low, sizes=sizes))
        busy = data.draw(ds.frameworks(imbalance=high, sizes=sizes))

        def unfiled(fw: Framework) -> int:
            return sum(f.folder is None for f in fw.feedback)

        assert unfiled(calm) <= unfiled(busy)


class TestAgainstTheChecker:
    @fast
    @given(ds.even_frameworks(max_records=24))
    def test_even_frameworks_have_no_findings(self, fw: Framework) -> None:
        """The balance check finds nothing at all in an even framework."""
        assert [] == [f.message for f in dime.check(fw).findings]

    @fast
    @given(ds.frameworks(imbalance=1))
    def test_full_imbalance_fails_the_check(self, fw: Framework) -> None:
        """Everything piled on a few areas leaves the others absent: an error, flagged in the grid."""
        report = dime.check(fw)
        assert not report.ok
        absent = {
            a for a in dime.AREAS if dime.AttentionStatus.ABSENT is report.attention[a].status
        }
        assert absent
        assert absent <= report.flagged

    @fast
    @given(st.floats(0, 0.2), st.floats(0.8, 1), st.data())
    def test_more_imbalance_is_less_even(
        self, low: float, high: float, data: st.DataObject
    ) -> None:
        """The checker's overall evenness falls as the imbalance rises."""
        calm = dime.check(data.draw(ds.frameworks(imbalance=low)))
        busy = dime.check(data.draw(ds.frameworks(imbalance=high)))
        assert calm.evenness is not None
        assert busy.evenness is not None
        assert busy.evenness < calm.evenness


# Every object the strategies build, and the report of each framework they build.
_ANYTHING: st.SearchStrategy[Any] = st.one_of(
    ds.pillars(),
    ds.layers(),
    ds.areas(),
    ds.departments(),
    ds.touchpoints(),
    ds.initiatives(),
    ds.feedback(),
    ds.responsibilities(),
    ds.assessments(),
    ds.metadata(),
    ds.frameworks(max_records=4),
    ds.frameworks(max_records=4, imbalance=0.5),
    ds.tallies(),
    ds.targets(),
    ds.policies(),
    ds.frameworks(max_records=4).map(dime.check),
)


class TestEverythingPicklesAndCopies:
    @given(_ANYTHING)
    def test_pickle_and_copies_are_equal(self, obj: Any) -> None:
        """pickle, copy and deepcopy give back an equal object, for anything the strategies build."""
        assert obj == pickle.loads(pickle.dumps(obj))
        assert obj == copy.copy(obj)
        assert obj == copy.deepcopy(obj)

    @given(ds.frameworks(max_records=4))
    def test_a_framework_crosses_processes_whole(self, fw: Framework) -> None:
        """An unpickled framework still finds its records and checks as the original does."""
        again = pickle.loads(pickle.dumps(fw))
        for tp in fw.touchpoints:
            assert tp == again.get(dime.Touchpoint, tp.id)
        assert dime.check(fw, now=NOW) == dime.check(again, now=NOW)
