"""Tidy rows of a framework's records, ready for pandas."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import dime
import dime.strategies as ds
from dime import Framework

fast = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KINDS = {
    "touchpoints": dime.Touchpoint,
    "initiatives": dime.Initiative,
    "feedback": dime.Feedback,
    "responsibilities": dime.Responsibility,
    "departments": dime.Department,
    "assessments": dime.Assessment,
}


class TestFrameworkRecords:
    @fast
    @given(ds.frameworks(max_records=4))
    def test_one_row_of_plain_values_per_record(self, fw: Framework) -> None:
        """Each kind gives one JSON-able row per record, all with the same keys."""
        for field, kind in KINDS.items():
            rows = fw.records(kind)
            assert len(getattr(fw, field)) == len(rows)
            assert rows == json.loads(json.dumps(rows))
            assert len({tuple(row) for row in rows}) <= 1
            assert rows == fw.records(field)

    def test_area_columns(self) -> None:
        """An area becomes its pillar letter, its layer and its title."""
        fw = dime.example()
        rows = fw.records(dime.Initiative)
        expected = [
            (i.area.pillar.letter, i.area.layer.value, i.area.title) for i in fw.initiatives
        ]
        assert expected == [(r["pillar"], r["layer"], r["area"]) for r in rows]

    def test_unfiled_feedback_has_no_area(self) -> None:
        """Feedback not yet filed has None in its folder and area columns."""
        rows = dime.example().records("feedback")
        unfiled = [r for r in rows if r["folder"] is None]
        assert unfiled
        assert all(r["pillar"] is None and r["area"] is None for r in unfiled)

    def test_a_pandas_data_frame(self) -> None:
        """pandas builds a data frame from the rows and can count feedback per folder."""
        fw = dime.example()
        frame = pd.DataFrame(fw.records(dime.Feedback))
        assert len(fw.feedback) == len(frame)
        received = pd.to_datetime(frame["received"], utc=True)
        assert fw.feedback[0].received == received.iloc[0].to_pydatetime()
        per_folder = frame.groupby("area", dropna=False).size()
        expected = sum(1 for f in fw.feedback if f.folder is dime.FeedbackFolder.PLANNING)
        assert expected == per_folder["Planning for customers"]

    def test_a_data_frame_for_every_kind(self) -> None:
        """Every kind of record makes a data frame with one row per record."""
        fw = dime.example()
        for field, kind in KINDS.items():
            assert len(getattr(fw, field)) == len(pd.DataFrame(fw.records(kind)))

    @pytest.mark.parametrize("kind", [dime.Area, "people", dime.Framework])
    def test_not_a_kind_of_record(self, kind: object) -> None:
        """Anything but a record kind is refused with a message listing the kinds."""
        with pytest.raises(TypeError, match="expected a kind of record"):
            dime.example().records(kind)  # type: ignore[arg-type]


class TestReportRecords:
    def test_a_pandas_pivot_of_the_work_shares(self) -> None:
        """pandas pivots the report's rows back into the 4x4 grid of each area's share."""
        report = dime.check(dime.example())
        frame = pd.DataFrame(report.records())
        work = frame.pivot_table(index="layer", columns="pillar", values="share", aggfunc="sum")
        for area in dime.AREAS:
            expected = report.shares[area]
            assert expected == pytest.approx(work.loc[area.layer.value, area.pillar.letter])

    def test_flagged_column(self) -> None:
        """The flagged column marks exactly the report's flagged areas."""
        report = dime.check(dime.example())
        frame = pd.DataFrame(report.records())
        flagged = frame[frame["flagged"]]
        expected = {(a.pillar.letter, a.layer.value) for a in report.flagged}
        assert expected == set(zip(flagged["pillar"], flagged["layer"], strict=True))
