"""Frameworks from dataframes and CSV files and back: dime.from_frames, to_frames, read_csv."""

from __future__ import annotations

import csv
import importlib.util
import inspect
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dime
from dime import strategies as ds
from dime._tables import TABLES, Kind, columns_of
from dime.exceptions import DimeError, DimeFileError, InvalidDocumentError

ENGINES = "pip install --group engines (polars, pyarrow, duckdb, dask, pyspark)"
requires_polars = pytest.mark.skipif(
    importlib.util.find_spec("polars") is None, reason=f"needs polars: {ENGINES}"
)
requires_pyarrow = pytest.mark.skipif(
    importlib.util.find_spec("pyarrow") is None, reason=f"needs pyarrow: {ENGINES}"
)

#: The backends to_frames writes that are installed; pandas always is, with the tests.
INSTALLED = [b for b in ("pandas", "polars", "pyarrow") if importlib.util.find_spec(b) is not None]


def offsets(fw: dime.Framework) -> list[timedelta | None]:
    return [f.received.utcoffset() for f in fw.feedback]


def feedback_frame(**columns: list[Any]) -> pd.DataFrame:
    base: dict[str, list[Any]] = {
        "id": ["f1", "f2"],
        "received": ["2026-03-01T09:30:00+01:00", "2026-03-02T10:00:00Z"],
        "kind": ["gift", "bill"],
    }
    base.update(columns)
    return pd.DataFrame(base)


def paths(err: DimeError) -> list[str]:
    return [p.path for p in getattr(err, "problems", ())]


class TestColumns:
    def test_every_field_is_a_column(self) -> None:
        """Each table has a column for every field of its record, an area spread over two."""
        for cls in TABLES.values():
            fields = {a.name for a in attrs.fields(cls) if a.init}
            expected = {c.field for c in columns_of(cls)}
            assert fields == expected

    def test_area_is_spread(self) -> None:
        """An initiative's area is the two columns pillar and layer."""
        names = [c.name for c in columns_of(dime.Initiative)]
        assert ["pillar", "layer"] == names[2:4]

    def test_tables_follow_the_framework(self) -> None:
        """The tables are the framework's collections, in its order."""
        expected = [
            "touchpoints",
            "initiatives",
            "feedback",
            "responsibilities",
            "departments",
            "assessments",
            "scales",
        ]
        assert expected == list(TABLES)

    def test_from_frames_takes_every_table(self) -> None:
        """from_frames has a keyword for each table, so no collection can be left out."""
        parameters = inspect.signature(dime.from_frames).parameters
        assert set(TABLES) <= set(parameters)


class TestRoundTrip:
    @given(fw=ds.frameworks())
    @settings(max_examples=30)
    def test_frames_round_trip(self, fw: dime.Framework) -> None:
        """from_frames(**fw.to_frames()) gives the framework back, offsets and all, from each backend."""
        for backend in INSTALLED:
            back = dime.from_frames(**fw.to_frames(backend=backend))
            assert fw == back
            assert offsets(fw) == offsets(back)

    @given(fw=ds.frameworks())
    @settings(max_examples=25)
    def test_csv_round_trip(
        self, tmp_path_factory: pytest.TempPathFactory, fw: dime.Framework
    ) -> None:
        """write_csv then read_csv gives the same document, byte for byte."""
        folder = tmp_path_factory.mktemp("csv")
        dime.write_csv(fw, folder)
        back = dime.read_csv(folder)
        assert dime.dumps(fw) == dime.dumps(back)

    def test_example_round_trip(self) -> None:
        """The example survives pandas, with its name and metadata."""
        fw = dime.example()
        assert fw == dime.from_frames(**fw.to_frames())

    def test_typed_pandas_columns(self) -> None:
        """Enums are ordered categoricals and times real datetimes in pandas."""
        tables = dime.example().to_frames()
        kind = tables["feedback"]["kind"].dtype
        assert isinstance(kind, pd.CategoricalDtype)
        assert kind.ordered
        assert ["junk", "bill", "routine", "gift"] == list(kind.categories)
        assert "datetime64[us, UTC]" == str(tables["feedback"]["received"].dtype)
        assert pd.api.types.is_datetime64_dtype(tables["initiatives"]["started"].dtype)

    @requires_polars
    def test_typed_polars_columns(self) -> None:
        """Enums are polars Enums, dates Dates."""
        import polars as pl  # noqa: PLC0415 - only where polars is installed

        tables = dime.example().to_frames(backend="polars")
        assert pl.Enum(["junk", "bill", "routine", "gift"]) == tables["feedback"].schema["kind"]
        assert pl.Date == tables["initiatives"].schema["started"]

    def test_offsets_kept_in_their_own_column(self) -> None:
        """Datetimes are UTC instants, with each one's offset in received_offset."""
        plus_two = timezone(timedelta(hours=2))
        fb = dime.Feedback(
            id="f1",
            received=datetime(2026, 1, 1, 1, 0, tzinfo=plus_two),
            kind=dime.FeedbackKind.GIFT,
        )
        tables = dime.Framework(name="Shop", feedback=[fb]).to_frames()
        assert [120] == list(tables["feedback"]["received_offset"])
        assert [pd.Timestamp("2025-12-31T23:00Z")] == list(tables["feedback"]["received"])

    def test_no_offset_column_in_utc(self) -> None:
        """A table whose datetimes are all UTC has no offset column."""
        fb = dime.Feedback(
            id="f1", received=datetime(2026, 1, 1, tzinfo=UTC), kind=dime.FeedbackKind.GIFT
        )
        tables = dime.Framework(name="Shop", feedback=[fb]).to_frames()
        assert "received_offset" not in tables["feedback"].columns

    def test_huge_integers_kept_as_text(self) -> None:
        """An integer beyond 64 bits in metadata is written as text and read back exactly."""
        fb = dime.Feedback(
            id="f1",
            received=datetime(2026, 1, 1, tzinfo=UTC),
            kind=dime.FeedbackKind.GIFT,
            metadata={"ticket": 2**70},
        )
        fw = dime.Framework(name="Shop", feedback=[fb])
        assert fw == dime.from_frames(**fw.to_frames())

    def test_unknown_backend(self) -> None:
        """to_frames names the backends it writes."""
        with pytest.raises(ValueError, match="pandas, polars, pyarrow"):
            dime.example().to_frames(backend="excel")


def both_ways(table: str, frame: Any, *, blank_is_null: bool = False) -> None:
    """Assert that a table built the quick way, when it is, equals the cell-by-cell build."""
    import narwhals as nw  # noqa: PLC0415 - installed with the frames extra

    from dime._frames import (  # noqa: PLC0415 - the two ways under test
        TableProblems,
        _build_cell_by_cell,
        _build_quickly,
        frame_columns,
    )

    read = frame_columns(nw, frame, table, {}, TableProblems())
    assert read is not None
    data, rows = read
    quick = _build_quickly(table, data, blank_is_null=blank_is_null)
    problems = TableProblems()
    slow = _build_cell_by_cell(table, data, rows, problems, blank_is_null=blank_is_null)
    if quick is not None:
        assert [] == problems.problems
        assert slow == quick


class TestQuickBuild:
    @given(fw=ds.frameworks())
    @settings(max_examples=30)
    def test_quick_build_equals_cell_by_cell(self, fw: dime.Framework) -> None:
        """Every table the quick way builds is the one the cell-by-cell way builds, in each backend."""
        for backend in INSTALLED:
            for table, frame in fw.to_frames(backend=backend).items():
                if table in TABLES:
                    both_ways(table, frame)

    @pytest.mark.parametrize("backend", INSTALLED)
    def test_typed_tables_are_built_quickly(self, backend: str) -> None:
        """The example's feedback and touchpoints, as to_frames writes them, take the quick way.

        Initiatives, whose addressed feedback and outcome are lists and records in
        their cells, are read cell by cell: they are few beside the feedback.
        """
        import narwhals as nw  # noqa: PLC0415 - installed with the frames extra

        from dime._frames import TableProblems, _build_quickly, frame_columns  # noqa: PLC0415

        fw = dime.example()
        for table in ("feedback", "touchpoints"):
            read = frame_columns(
                nw, fw.to_frames(backend=backend)[table], table, {}, TableProblems()
            )
            assert read is not None
            assert list(getattr(fw, table)) == _build_quickly(table, read[0], blank_is_null=False)

    @given(
        cells=st.lists(
            st.one_of(st.none(), st.text(max_size=12), st.integers(), st.floats()),
            min_size=3,
            max_size=3,
        ),
        column=st.sampled_from(["received", "kind", "folder", "value", "touchpoint", "text"]),
        blank_is_null=st.booleans(),
    )
    def test_any_cells_agree(self, cells: list[Any], column: str, *, blank_is_null: bool) -> None:
        """With any cells in a column, the quick way builds nothing or what the careful way builds."""
        frame = pd.DataFrame(
            {
                "id": ["a", "b", "c"],
                "received": ["2026-03-02T10:00:00Z"] * 3,
                "kind": ["gift"] * 3,
                "scale": ["csat"] * 3,
            }
        )
        frame[column] = pd.Series(cells, dtype=object)
        both_ways("feedback", frame, blank_is_null=blank_is_null)


class TestReading:
    def test_null_stays_null(self) -> None:
        """An empty cell of an optional field is None, never a default or a guess."""
        fw = dime.from_frames(
            name="Shop",
            feedback=feedback_frame(
                folder=[None, "insights"], scale=[None, "csat"], value=[None, 4.0]
            ),
        )
        assert [None, dime.FeedbackFolder.INSIGHTS] == [f.folder for f in fw.feedback]
        assert [None, dime.Score(scale="csat", value=4)] == [f.score for f in fw.feedback]

    def test_columns_renamed(self) -> None:
        """columns= maps the table's names onto the document's."""
        frame = feedback_frame().rename(columns={"received": "created_at"})
        fw = dime.from_frames(name="Shop", feedback=frame, columns={"created_at": "received"})
        assert 2 == len(fw.feedback)
        per_table = {"feedback": {"created_at": "received"}}
        assert fw == dime.from_frames(name="Shop", feedback=frame, columns=per_table)

    def test_offsets_of_text(self) -> None:
        """ISO 8601 text keeps its own offset."""
        fw = dime.from_frames(name="Shop", feedback=feedback_frame())
        assert [timedelta(hours=1), timedelta(0)] == offsets(fw)

    def test_lists_from_json_text(self) -> None:
        """A touchpoint's pillars and a department's measures may be JSON arrays."""
        fw = dime.from_frames(
            name="Shop",
            touchpoints=pd.DataFrame(
                {
                    "id": ["web"],
                    "name": ["Web"],
                    "channel": ["web"],
                    "stage": ["purchase"],
                    "pillars": ['["D", "E"]'],
                }
            ),
            departments=pd.DataFrame(
                {"name": ["IT"], "measures": ['[{"name": "uptime", "kind": "rate", "unit": "%"}]']}
            ),
        )
        assert frozenset({dime.Pillar.D, dime.Pillar.E}) == fw.touchpoints[0].pillars
        uptime = dime.Measure(name="uptime", kind=dime.MeasureKind.RATE, unit="%")
        assert (uptime,) == fw.departments[0].measures


class TestBadInput:
    def test_missing_required_column(self) -> None:
        """A table without a column every row needs names the table and the column."""
        with pytest.raises(InvalidDocumentError) as caught:
            dime.from_frames(name="Shop", feedback=feedback_frame().drop(columns=["kind"]))
        assert ["$.feedback"] == paths(caught.value)
        assert "'kind'" in str(caught.value)

    def test_unknown_column(self) -> None:
        """A column no field has is an error, not silently dropped."""
        with pytest.raises(InvalidDocumentError, match="unknown column 'region'"):
            dime.from_frames(name="Shop", feedback=feedback_frame(region=["north", "south"]))

    def test_every_problem_at_once(self) -> None:
        """Bad dates, bad enum values and bad numbers in many rows are all reported, each once."""
        frame = feedback_frame(
            received=["yesterday", "2026-03-02T10:00:00"],
            kind=["gift", "gfit"],
            scale=["csat", "csat"],
            value=["5", "five"],
        )
        with pytest.raises(InvalidDocumentError) as caught:
            dime.from_frames(name="Shop", feedback=frame)
        expected = {
            "$.feedback[0].received",
            "$.feedback[1].received",
            "$.feedback[1].kind",
            "$.feedback[1].value",
        }
        assert sorted(expected) == sorted(paths(caught.value))  # each once

    def test_wrong_dtype(self) -> None:
        """A column of numbers where an enum goes is a type error naming the row."""
        with pytest.raises(InvalidDocumentError) as caught:
            dime.from_frames(name="Shop", feedback=feedback_frame(kind=[1, 2]))
        assert isinstance(caught.value, TypeError) or "expected one of" in str(caught.value)
        assert ["$.feedback[0].kind", "$.feedback[1].kind"] == paths(caught.value)

    def test_naive_datetimes_refused(self) -> None:
        """Datetimes without a time zone are refused: their instant is unknown."""
        frame = feedback_frame(
            received=list(pd.to_datetime(["2026-03-01 09:30", "2026-03-02 10:00"]))
        )
        with pytest.raises(InvalidDocumentError, match="naive"):
            dime.from_frames(name="Shop", feedback=frame)

    def test_duplicate_ids(self) -> None:
        """Two rows with one id are reported with the row of the second."""
        with pytest.raises(InvalidDocumentError) as caught:
            dime.from_frames(name="Shop", feedback=feedback_frame(id=["f1", "f1"]))
        assert ["$.feedback[1].id"] == paths(caught.value)

    def test_unknown_touchpoint(self) -> None:
        """Feedback naming a touchpoint not in the touchpoints table is reported."""
        with pytest.raises(InvalidDocumentError) as caught:
            dime.from_frames(name="Shop", feedback=feedback_frame(touchpoint=[None, "web"]))
        assert ["$.feedback[1].touchpoint"] == paths(caught.value)

    def test_record_checks_run(self) -> None:
        """A record's own checks (finished before started) name the row."""
        frame = pd.DataFrame(
            {
                "id": ["i1"],
                "title": ["Work"],
                "pillar": ["D"],
                "layer": ["coordination"],
                "status": ["done"],
                "started": ["2026-02-01"],
                "finished": ["2026-01-01"],
            }
        )
        with pytest.raises(InvalidDocumentError) as caught:
            dime.from_frames(name="Shop", initiatives=frame)
        assert ["$.initiatives[0].finished"] == paths(caught.value)

    def test_many_bad_rows_are_counted(self) -> None:
        """A million bad cells make a short message that still counts them all."""
        n = 1000
        frame = pd.DataFrame(
            {
                "id": [f"f{i}" for i in range(n)],
                "received": ["2026-03-02T10:00:00Z"] * n,
                "kind": ["gfit"] * n,
            }
        )
        with pytest.raises(InvalidDocumentError) as caught:
            dime.from_frames(name="Shop", feedback=frame)
        problems = caught.value.problems
        assert 21 == len(problems)
        assert "980 more rows" in problems[-1].message

    def test_score_off_its_scale_named_by_row(self) -> None:
        """A score off its scale is named at its row and column, like any bad cell."""
        frame = feedback_frame(
            id=["a", "b"],
            received=["2026-03-02T10:00:00Z"] * 2,
            kind=["gift"] * 2,
            scale=["csat"] * 2,
            value=[3, 0],
        )
        with pytest.raises(InvalidDocumentError) as caught:
            dime.from_frames(name="Shop", feedback=frame)
        assert ["$.feedback[1].value"] == [p.path for p in caught.value.problems]

    def test_not_a_dataframe(self) -> None:
        """Something that is not a dataframe is named as such."""
        with pytest.raises(InvalidDocumentError, match="expected a dataframe"):
            dime.from_frames(name="Shop", feedback=[{"id": "f1"}])

    @given(
        cells=st.lists(
            st.one_of(st.none(), st.text(max_size=12), st.integers(), st.floats()),
            min_size=3,
            max_size=3,
        ),
        column=st.sampled_from(["received", "kind", "folder", "score", "touchpoint", "text", "id"]),
    )
    def test_raises_nothing_but_dime_errors(self, cells: list[Any], column: str) -> None:
        """Any cells in any column give a framework or a DimeError, nothing else."""
        frame = pd.DataFrame(
            {
                "id": ["a", "b", "c"],
                "received": ["2026-03-02T10:00:00Z"] * 3,
                "kind": ["gift"] * 3,
            }
        )
        frame[column] = pd.Series(cells, dtype=object)
        try:
            fw = dime.from_frames(name="Shop", feedback=frame)
        except DimeError:
            return
        assert 3 == len(fw.feedback)


class TestCsv:
    def write(self, folder: Path, table: str, rows: list[list[str]]) -> None:
        with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as file:
            csv.writer(file).writerows(rows)

    def test_reads_a_folder(self, tmp_path: Path) -> None:
        """A folder of CSV files becomes a framework named after the folder."""
        self.write(
            tmp_path,
            "feedback",
            [
                ["id", "received", "kind", "folder", "scale", "value"],
                ["f1", "2026-03-01T09:30:00+01:00", "gift", "", "", ""],
                ["f2", "2026-03-02T10:00:00Z", "bill", "listening", "csat", "2"],
            ],
        )
        fw = dime.read_csv(tmp_path)
        assert tmp_path.name == fw.name
        assert [None, dime.FeedbackFolder.LISTENING] == [f.folder for f in fw.feedback]
        assert [None, dime.Score(scale="csat", value=2)] == [f.score for f in fw.feedback]

    def test_problems_name_file_rows(self, tmp_path: Path) -> None:
        """Problems in a CSV file are listed by table, row and column, with the folder named."""
        self.write(
            tmp_path,
            "feedback",
            [
                ["id", "received", "kind"],
                ["f1", "2026-13-01T00:00:00Z", "gift"],
                ["f2", "", "junk"],
            ],
        )
        with pytest.raises(InvalidDocumentError) as caught:
            dime.read_csv(tmp_path)
        assert ["$.feedback[0].received", "$.feedback[1].received"] == paths(caught.value)
        assert str(tmp_path) in str(caught.value) + "".join(getattr(caught.value, "__notes__", []))

    def test_stray_file(self, tmp_path: Path) -> None:
        """A CSV file that is no table's is refused, not ignored."""
        self.write(tmp_path, "complaints", [["id"], ["x"]])
        with pytest.raises(DimeFileError, match=r"complaints\.csv"):
            dime.read_csv(tmp_path)

    def test_ragged_row(self, tmp_path: Path) -> None:
        """A row with more cells than the header is refused with its line."""
        self.write(tmp_path, "departments", [["name"], ["IT", "extra"]])
        with pytest.raises(DimeFileError, match="line 2"):
            dime.read_csv(tmp_path)

    def test_files_given_one_by_one(self, tmp_path: Path) -> None:
        """read_csv takes a list of files, each named after its table."""
        self.write(tmp_path, "departments", [["name", "objective"], ["IT", ""]])
        fw = dime.read_csv([tmp_path / "departments.csv"], name="Shop")
        assert [None] == [d.objective for d in fw.departments]

    def test_framework_file(self, tmp_path: Path) -> None:
        """framework.json names the organisation and carries its metadata."""
        (tmp_path / "framework.json").write_text(json.dumps({"name": "Shop", "metadata": {"a": 1}}))
        fw = dime.read_csv(tmp_path)
        assert ("Shop", {"a": 1}) == (fw.name, dict(fw.metadata))

    def test_csv_cells_of_every_kind(self) -> None:
        """Every kind of column but whole numbers (no field of today's records) is in a table."""
        assert set(Kind) == {c.kind for cls in TABLES.values() for c in columns_of(cls)} | {
            Kind.INTEGER
        }


class TestDates:
    def test_dates_accept_midnight(self) -> None:
        """A date column may be datetimes at midnight, as pandas keeps dates."""
        frame = pd.DataFrame(
            {
                "pillar": ["D"],
                "layer": ["review"],
                "score": [3.5],
                "on": pd.to_datetime(["2026-01-05"]),
            }
        )
        fw = dime.from_frames(name="Shop", assessments=frame)
        assert date(2026, 1, 5) == fw.assessments[0].on


class TestImportCommand:
    def test_folder_to_document(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`dime import` turns the CSV files write_csv makes back into the same framework."""
        from dime._cli import main  # noqa: PLC0415 - the command line, as the console script runs it

        fw = dime.example()
        dime.write_csv(fw, tmp_path / "tables")
        out = tmp_path / "framework.json"
        assert 0 == main(["import", str(tmp_path / "tables"), "-o", str(out)])
        assert fw == dime.load(out)
        assert "" == capsys.readouterr().err

    def test_bad_cell_named(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A bad cell is reported with its table, row and column, and exits 2."""
        from dime._cli import main  # noqa: PLC0415 - the command line, as the console script runs it

        with (tmp_path / "feedback.csv").open("w", encoding="utf-8", newline="") as file:
            csv.writer(file).writerows(
                [["id", "received", "kind"], ["a", "2026-01-01T09:00:00Z", "praise"]]
            )
        assert 2 == main(["import", str(tmp_path), "--name", "Shop"])
        assert "$.feedback[0].kind" in capsys.readouterr().err
