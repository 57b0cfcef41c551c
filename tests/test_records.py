"""Tidy rows of a framework's records, ready for pandas."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import dime
import dime.strategies as ds
import organisations
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

    def test_watched_column(self) -> None:
        """The watched column marks exactly the areas to watch: the hotels' quiet one."""
        report = dime.check(organisations.hotel(), now=organisations.NOW)
        assert report.watched
        frame = pd.DataFrame(report.records())
        watched = frame[frame["watched"]]
        expected = {(a.pillar.letter, a.layer.value) for a in report.watched}
        assert expected == set(zip(watched["pillar"], watched["layer"], strict=True))
        assert not (frame["watched"] & frame["flagged"]).any()


class TestFindingRecords:
    @fast
    @given(ds.frameworks(max_records=4))
    def test_one_row_per_finding(self, fw: Framework) -> None:
        """Each finding is one JSON-able row, in the report's order, naming its code and cause."""
        report = dime.check(fw)
        rows = report.records("findings")
        assert rows == json.loads(json.dumps(rows))
        assert [f.code for f in report.findings] == [r["code"] for r in rows]
        assert [None if f.cause is None else str(f.cause) for f in report.findings] == [
            r["cause"] for r in rows
        ]
        assert {str(f.ref) for f in report.roots} == {r["ref"] for r in rows if r["root"]}
        assert len(report.roots) == sum(1 for r in rows if r["root"])

    def test_causes_name_a_row(self) -> None:
        """In the example, every cause a row names is the ref of another row."""
        rows = dime.check(dime.example()).records("findings")
        causes = {r["cause"] for r in rows if r["cause"] is not None}
        assert causes
        assert causes <= {r["ref"] for r in rows}
        assert all(r["cause"] is None for r in rows if r["root"])

    def test_where_a_finding_is(self) -> None:
        """A row has the finding's pillar letter, layer and area title, None where it has none."""
        report = dime.check(dime.example())
        rows = report.records("findings")
        expected = [
            (
                None if f.pillar is None else f.pillar.letter,
                None if f.layer is None else f.layer.value,
                None if f.area is None else f.area.title,
            )
            for f in report.findings
        ]
        assert expected == [(r["pillar"], r["layer"], r["area"]) for r in rows]
        assert any(r["area"] is None for r in rows)
        assert any(r["area"] is not None for r in rows)

    def test_areas_stay_the_default(self) -> None:
        """Without an argument, and with "areas", the rows are the sixteen areas'."""
        report = dime.check(dime.example())
        assert report.records() == report.records("areas")
        assert 16 == len(report.records())

    @pytest.mark.parametrize("kind", ["finding", "", 3, None])
    def test_unknown_kind(self, kind: object) -> None:
        """Any other kind is a DimeError naming the argument and what is allowed."""
        with pytest.raises(dime.exceptions.InvalidFieldError, match=r"Report\.records\.kind"):
            dime.check(dime.example()).records(kind)  # type: ignore[arg-type]


PILLARS = ["D", "I", "M", "E"]


class TestToFrame:
    def test_ordered_categoricals(self) -> None:
        """Pillar, layer, severity and stage are ordered in the framework's order."""
        fw = dime.example()
        findings = dime.to_frame(dime.check(fw).records("findings"))
        touchpoints = dime.to_frame(fw.records("touchpoints"))
        assert PILLARS == list(findings["pillar"].cat.categories)
        assert [layer.value for layer in dime.Layer] == list(findings["layer"].cat.categories)
        assert ["info", "warning", "error"] == list(findings["severity"].cat.categories)
        assert [s.value for s in dime.Stage] == list(touchpoints["stage"].cat.categories)
        assert all(
            frame[c].cat.ordered
            for frame, c in [
                (findings, "pillar"),
                (findings, "layer"),
                (findings, "severity"),
                (touchpoints, "stage"),
            ]
        )

    def test_sorting_follows_the_grid(self) -> None:
        """Sorting a frame by pillar gives D, I, M, E, not alphabetical order."""
        frame = dime.to_frame(dime.check(dime.example()).records())
        expected = [p for p in PILLARS for _ in range(4)]
        assert expected == list(frame.sort_values("pillar", kind="stable")["pillar"])

    def test_severity_compares(self) -> None:
        """Severity compares as the library orders it: warnings and errors above info."""
        report = dime.check(dime.example())
        frame = dime.to_frame(report.records("findings"))
        expected = sum(1 for f in report.findings if f.severity >= dime.Severity.WARNING)
        assert expected == int((frame["severity"] >= "warning").sum())

    @fast
    @given(ds.frameworks(max_records=4))
    def test_real_datetimes(self, fw: Framework) -> None:
        """Feedback times are the same instants in UTC; initiative days are the same days."""
        feedback = dime.to_frame(fw.records("feedback"))
        initiatives = dime.to_frame(fw.records("initiatives"))
        assert [f.received for f in fw.feedback] == [
            t.to_pydatetime() for t in feedback.get("received", [])
        ]
        assert [i.started for i in fw.initiatives] == [
            None if pd.isna(t) else t.date() for t in initiatives.get("started", [])
        ]

    @fast
    @given(ds.frameworks(max_records=4))
    def test_every_kind_keeps_its_rows(self, fw: Framework) -> None:
        """Every kind of record and every report table keeps its rows and columns."""
        report = dime.check(fw)
        tables = [fw.records(kind) for kind in KINDS] + [
            report.records(),
            report.records("findings"),
        ]
        for rows in tables:
            frame = dime.to_frame(rows)
            assert len(rows) == len(frame)
            if rows:
                assert list(rows[0]) == list(frame.columns)

    def test_trend_periods(self) -> None:
        """A trend's start and end columns are dates that sort in time order."""
        frame = dime.to_frame(dime.trend(dime.example(), every="quarter").records())
        assert frame["start"].is_monotonic_increasing
        assert (frame["end"] > frame["start"]).all()

    def test_a_value_outside_its_categories(self) -> None:
        """A pillar that is not D, I, M or E is an error naming the row, not a missing value."""
        rows: list[dict[str, object]] = [{"pillar": "D"}, {"pillar": "X"}]
        with pytest.raises(dime.exceptions.InvalidFieldError, match=r"rows\[1\]\.pillar"):
            dime.to_frame(rows)

    def test_a_date_that_is_not_one(self) -> None:
        """A received time without an offset, or not a time at all, is an error naming both."""
        rows: list[dict[str, object]] = [
            {"received": "2026-01-01T00:00:00"},
            {"received": "soon"},
        ]
        with pytest.raises(dime.exceptions.InvalidFieldError) as caught:
            dime.to_frame(rows)
        assert ["to_frame.rows[0].received", "to_frame.rows[1].received"] == [
            p.path for p in caught.value.problems
        ]

    @pytest.mark.parametrize("rows", ["text", {"pillar": "D"}, [1], 3])
    def test_not_rows(self, rows: object) -> None:
        """Anything but an iterable of dicts is a DimeError."""
        with pytest.raises(dime.exceptions.DimeError):
            dime.to_frame(rows)  # type: ignore[arg-type]

    def test_empty(self) -> None:
        """No rows make an empty frame."""
        assert 0 == len(dime.to_frame([]))
