"""Tally.from_frame on every engine in one process: pandas, polars (eager and lazy), pyarrow, DuckDB."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dime
from dime import strategies as ds
from dime.exceptions import DimeError, InvalidDocumentError
from feedback_tables import (
    ENGINES,
    seeded_feedback,
    shop,
    text_frame,
    touchpoint_ids,
    unavailable,
    write_parquet,
)

MISSING = [m for m in ("polars", "pyarrow", "duckdb") if importlib.util.find_spec(m) is None]


@pytest.fixture(autouse=True)
def _engines_installed() -> None:
    """Every test here needs the engines; skip (or fail, in CI) without them."""
    if MISSING:
        unavailable(f"needs {', '.join(MISSING)}: {ENGINES}")


if not MISSING:
    import duckdb
    import polars as pl
    import pyarrow as pa


def engines(fw: dime.Framework) -> dict[str, Any]:
    """The feedback of ``fw`` as each engine in this process holds it."""
    tables = fw.to_frames(backend="pyarrow")
    arrow = tables["feedback"]
    polars_frame = pl.from_arrow(arrow)
    assert isinstance(polars_frame, pl.DataFrame)
    connection = duckdb.connect()
    # A connection's own time zone must not move anybody's day.
    connection.execute("SET TimeZone = 'America/Los_Angeles'")
    return {
        "pandas": fw.to_frames()["feedback"],
        "polars": polars_frame,
        "polars-lazy": polars_frame.lazy(),
        "pyarrow": arrow,
        "duckdb": connection.from_arrow(arrow),
    }


def paths(err: DimeError) -> list[str]:
    return [p.path for p in getattr(err, "problems", ())]


class TestSameTally:
    @given(fw=ds.frameworks(max_records=12))
    @settings(max_examples=15)
    def test_feedback_on_every_engine(self, fw: dime.Framework) -> None:
        """For any framework, every engine tallies its feedback exactly as from_records does."""
        expected = dime.Tally.from_records(fw.feedback)
        for name, frame in engines(fw).items():
            assert (name, expected) == (name, dime.Tally.from_frame(feedback=frame))

    @given(fw=ds.frameworks(max_records=12))
    @settings(max_examples=10)
    def test_whole_framework(self, fw: dime.Framework) -> None:
        """All six tables tally to the framework's tally."""
        tables = fw.to_frames(backend="polars")
        del tables["name"], tables["metadata"]
        assert dime.Tally.from_framework(fw) == dime.Tally.from_frame(**tables)

    @given(fw=ds.frameworks(max_records=12))
    @settings(max_examples=15)
    def test_text_columns(self, fw: dime.Framework) -> None:
        """ISO 8601 text with any offset gives the same days and latest moment as datetimes."""
        expected = dime.Tally.from_records(fw.feedback)
        columns = text_frame(list(fw.feedback))
        text = pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))
        for frame in (text, text.lazy(), duckdb.from_arrow(text.to_arrow()), text.to_pandas()):
            got = dime.Tally.from_frame(feedback=frame)
            assert expected == got
            if expected.latest is not None:
                assert (
                    expected.latest.utcoffset() == got.latest.utcoffset() if got.latest else False
                )

    @given(
        moment=st.datetimes(
            min_value=datetime(1, 1, 2),  # noqa: DTZ001 - bounds of aware datetimes are naive
            max_value=datetime(9999, 12, 30),  # noqa: DTZ001
            timezones=st.integers(min_value=-1439, max_value=1439).map(
                lambda m: timezone(timedelta(minutes=m))
            ),
        )
    )
    def test_any_moment(self, moment: datetime) -> None:
        """Any moment a datetime can hold, as text or as an instant, falls on the same UTC day."""
        fb = dime.Feedback(id="f", received=moment, kind=dime.FeedbackKind.GIFT)
        expected = dime.Tally.from_records([fb])
        text = pl.DataFrame({"received": [moment.isoformat()], "kind": ["gift"]})
        stamp = pl.DataFrame(
            {"received": [moment.astimezone(UTC)], "kind": ["gift"]},
            schema={"received": pl.Datetime("us", "UTC"), "kind": pl.String},
        )
        for frame in (
            text,
            stamp,
            duckdb.from_arrow(stamp.to_arrow()),
            duckdb.from_arrow(text.to_arrow()),
        ):
            assert expected == dime.Tally.from_frame(feedback=frame)

    def test_parquet_instants(self, tmp_path: Path) -> None:
        """Parquet files keep instants; polars and DuckDB read them lazily to the same tally."""
        items = seeded_feedback(5000)
        folder = write_parquet(items, tmp_path / "feedback", parts=3)
        expected = dime.Tally.from_records(items)
        scanned = pl.scan_parquet(folder / "*.parquet")
        relation = duckdb.connect().read_parquet(str(folder / "*.parquet"))
        assert expected == dime.Tally.from_frame(feedback=scanned)
        assert expected == dime.Tally.from_frame(feedback=relation)

    def test_csv_text(self, tmp_path: Path) -> None:
        """A CSV export read by the engines as text gives the same tally."""
        items = seeded_feedback(3000)
        path = tmp_path / "feedback.csv"
        pl.DataFrame(text_frame(items)).write_csv(path)
        expected = dime.Tally.from_records(items)
        lazy = pl.scan_csv(path, infer_schema=False)
        relation = duckdb.connect().read_csv(str(path), all_varchar=True)
        assert expected == dime.Tally.from_frame(feedback=lazy)
        assert expected == dime.Tally.from_frame(feedback=relation)
        assert expected == dime.Tally.from_frame(feedback=pd.read_csv(path, dtype=str))

    def test_time_zone_of_the_column(self) -> None:
        """A column in another time zone is counted by its instants' UTC days."""
        items = seeded_feedback(500)
        arrow = shop(items).to_frames(backend="pyarrow")["feedback"]
        frame = pl.from_arrow(arrow)
        assert isinstance(frame, pl.DataFrame)
        tokyo = frame.with_columns(pl.col("received").dt.convert_time_zone("Asia/Tokyo"))
        assert dime.Tally.from_records(items) == dime.Tally.from_frame(feedback=tokyo)

    def test_tallies_of_parts_add_up(self, tmp_path: Path) -> None:
        """Tallies of separate months add up to the tally of them all."""
        items = seeded_feedback(4000)
        folder = write_parquet(items, tmp_path / "feedback", parts=1)
        scanned = pl.scan_parquet(folder / "*.parquet")
        month = pl.col("received").dt.month()
        parts = [dime.Tally.from_frame(feedback=scanned.filter(month == m)) for m in range(1, 13)]
        total = dime.Tally()
        for part in parts:
            total += part
        assert dime.Tally.from_records(items) == total

    def test_null_stays_null(self) -> None:
        """Feedback with no folder is counted unfiled, never in a folder."""
        frame = pl.DataFrame(
            {
                "received": ["2026-01-01T00:00:00Z"] * 3,
                "kind": ["gift", "junk", "bill"],
                "folder": [None, None, "insights"],
            }
        )
        tally = dime.Tally.from_frame(feedback=frame)
        assert {None: 2, dime.FeedbackFolder.INSIGHTS: 1} == {
            k: v for k, v in tally.folders.items() if v
        }

    def test_check_with_structure(self) -> None:
        """A tally from an engine checks like the framework it came from."""
        fw = dime.example()
        tally = dime.Tally.from_frame(feedback=pl.from_pandas(fw.to_frames()["feedback"]))
        assert dime.check(fw) == dime.check(tally, structure=fw.remove(*fw.feedback))


BAD: dict[str, tuple[dict[str, list[Any]], list[str]]] = {
    "unparseable date": (
        {
            "id": ["a", "b"],
            "received": ["2026-01-01T00:00:00Z", "2026-02-30T00:00:00Z"],
            "kind": ["gift"] * 2,
        },
        ["$.feedback[1].received"],
    ),
    "no offset": (
        {"id": ["a"], "received": ["2026-01-01T00:00:00"], "kind": ["gift"]},
        ["$.feedback[0].received"],
    ),
    "bad kind": (
        {"id": ["a", "b"], "received": ["2026-01-01T00:00:00Z"] * 2, "kind": ["gift", "gfit"]},
        ["$.feedback[1].kind"],
    ),
    "empty kind": (
        {"id": ["a", "b"], "received": ["2026-01-01T00:00:00Z"] * 2, "kind": [None, "gift"]},
        ["$.feedback[0].kind"],
    ),
    "bad folder": (
        {
            "id": ["a", "b"],
            "received": ["2026-01-01T00:00:00Z"] * 2,
            "kind": ["gift"] * 2,
            "folder": ["attic", None],
        },
        ["$.feedback[0].folder"],
    ),
    "duplicate id": (
        {"id": ["a", "a"], "received": ["2026-01-01T00:00:00Z"] * 2, "kind": ["gift"] * 2},
        ["$.feedback[?(@.id=='a')].id"],
    ),
    "missing column": ({"id": ["a"], "kind": ["gift"]}, ["$.feedback"]),
}


class TestBadInput:
    @pytest.mark.parametrize("case", sorted(BAD))
    @pytest.mark.parametrize(
        "engine",
        [
            pytest.param("polars", id="polars"),
            pytest.param("pandas", id="pandas"),
        ],
    )
    def test_rows_named(self, case: str, engine: str) -> None:
        """Each kind of bad input is an InvalidDocumentError naming its row and column."""
        data, expected = BAD[case]
        # Named, not referred to, so that collecting this module needs no engine.
        build: Callable[[dict[str, list[Any]]], Any] = (
            pl.DataFrame if engine == "polars" else pd.DataFrame
        )
        with pytest.raises(InvalidDocumentError) as caught:
            dime.Tally.from_frame(feedback=build(data))
        assert expected == paths(caught.value)

    def test_lazy_frames_name_rows_by_id(self) -> None:
        """A lazy frame has no row numbers: its bad rows are named by id."""
        data = BAD["bad kind"][0]
        with pytest.raises(InvalidDocumentError) as caught:
            dime.Tally.from_frame(feedback=duckdb.from_arrow(pa.table(data)))
        assert ["$.feedback[?(@.id=='b')].kind"] == paths(caught.value)

    def test_every_problem_at_once(self) -> None:
        """Bad kinds, folders and dates in one table are all reported."""
        frame = pl.DataFrame(
            {
                "id": ["a", "b", "c"],
                "received": ["nope", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"],
                "kind": ["gift", "gfit", "gift"],
                "folder": [None, None, "attic"],
            }
        )
        with pytest.raises(InvalidDocumentError) as caught:
            dime.Tally.from_frame(feedback=frame)
        assert {"$.feedback[0].received", "$.feedback[1].kind", "$.feedback[2].folder"} == set(
            paths(caught.value)
        )

    def test_duplicate_ids_across_partitions(self, tmp_path: Path) -> None:
        """An id in two Parquet files is reported, not counted twice."""
        items = seeded_feedback(100)
        folder = write_parquet([*items, items[7]], tmp_path / "feedback", parts=2)
        with pytest.raises(InvalidDocumentError) as caught:
            dime.Tally.from_frame(feedback=pl.scan_parquet(folder / "*.parquet"))
        assert [f"$.feedback[?(@.id=='{items[7].id}')].id"] == paths(caught.value)

    @settings(max_examples=40, deadline=None)
    @given(
        ids=st.lists(st.one_of(st.none(), st.sampled_from("abcdefgh")), min_size=1, max_size=12),
        engine=st.sampled_from(["polars", "duckdb", "pandas"]),
    )
    def test_repeated_ids_found_by_any_engine(self, ids: list[str | None], engine: str) -> None:
        """Every repeated id is reported, once, by every engine, with empty ids beside them.

        polars and DuckDB compare the ids' hashes first and count the ids exactly only
        when two hashes are the same; pandas always counts them exactly.
        """
        data = {
            "id": ids,
            "received": ["2026-01-01T00:00:00Z"] * len(ids),
            "kind": ["gift"] * len(ids),
        }
        native: Any
        if engine == "polars":
            native = pl.DataFrame(data).lazy()
        elif engine == "duckdb":
            native = duckdb.from_arrow(pa.table(data))
        else:
            native = pd.DataFrame(data)
        repeated = sorted({i for i in ids if i is not None and ids.count(i) > 1})
        expected = {f"$.feedback[?(@.id=='{i}')].id" for i in repeated}
        if not expected and None not in ids:
            assert len(ids) == dime.Tally.from_frame(feedback=native).feedback_count
            return
        with pytest.raises(InvalidDocumentError) as caught:
            dime.Tally.from_frame(feedback=native)
        found = paths(caught.value)
        assert expected == {p for p in found if p.startswith("$.feedback[?")}
        assert (None in ids) == any(p.endswith("].id") and "?" not in p for p in found)

    def test_unknown_touchpoint(self) -> None:
        """Feedback naming a touchpoint the touchpoints table lacks is reported."""
        items = seeded_feedback(50, touchpoints=3)
        fw = dime.Framework(
            name="Shop",
            touchpoints=[
                dime.Touchpoint(id=t, name=t, channel=dime.Channel.WEB, stage=dime.Stage.PURCHASE)
                for t in touchpoint_ids(2)
            ],
        )
        tables = fw.to_frames(backend="polars")
        feedback = pl.DataFrame(text_frame(items))
        with pytest.raises(InvalidDocumentError) as caught:
            dime.Tally.from_frame(feedback=feedback, touchpoints=tables["touchpoints"])
        assert all(p.endswith(".touchpoint") for p in paths(caught.value))
        assert "'tp-2'" in str(caught.value)

    def test_wrong_dtype(self) -> None:
        """A column of numbers where datetimes go is a type error naming the column."""
        frame = pl.DataFrame({"received": [1, 2], "kind": ["gift", "gift"]})
        with pytest.raises(InvalidDocumentError) as caught:
            dime.Tally.from_frame(feedback=frame)
        assert ["$.feedback[*].received"] == paths(caught.value)
        assert isinstance(caught.value, TypeError) or "expected a column" in str(caught.value)

    def test_naive_datetimes(self) -> None:
        """Datetimes without a time zone are refused: their UTC day is unknown."""
        frame = pl.DataFrame({"received": [datetime(2026, 1, 1)], "kind": ["gift"]})  # noqa: DTZ001 - the point
        with pytest.raises(InvalidDocumentError, match="time zone"):
            dime.Tally.from_frame(feedback=frame)

    def test_structure_checked(self) -> None:
        """The structure tables are built as records, with every check they make."""
        tables = dime.example().to_frames(backend="polars")
        bad = tables["initiatives"].with_columns(pl.lit("Nowhere").alias("owner"))
        with pytest.raises(InvalidDocumentError, match="initiatives"):
            dime.Tally.from_frame(initiatives=bad, departments=tables["departments"])

    def test_not_a_frame(self) -> None:
        """Something that is not a frame is named as such."""
        with pytest.raises(InvalidDocumentError, match="expected a dataframe"):
            dime.Tally.from_frame(feedback={"received": []})


class TestCheckCommand:
    def test_feedback_from_parquet(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`dime check FILE --feedback GLOB` reports as checking the whole framework does."""
        from dime._cli import main  # noqa: PLC0415 - the command line, as the console script runs it

        fw = dime.example()
        write_parquet(list(fw.feedback), tmp_path / "feedback", parts=3)
        dime.save(fw.remove(*fw.feedback), tmp_path / "structure.json")
        dime.save(fw, tmp_path / "whole.json")
        code = main(["check", str(tmp_path / "whole.json"), "--format", "json"])
        whole = capsys.readouterr().out
        glob = str(tmp_path / "feedback" / "*.parquet")
        args = ["check", str(tmp_path / "structure.json"), "--feedback", glob, "--format", "json"]
        code_parts = main(args)
        parts = json.loads(capsys.readouterr().out)
        # The state is not one document, so no digest names it; the rest is the same report.
        assert None is parts.pop("digest")
        expected = json.loads(whole)
        del expected["digest"]
        assert (code, expected) == (code_parts, parts)

    def test_no_file_matches(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A glob that matches nothing is bad input, named, exit 2."""
        from dime._cli import main  # noqa: PLC0415 - the command line, as the console script runs it

        dime.save(dime.example(), tmp_path / "fw.json")
        glob = str(tmp_path / "none" / "*.parquet")
        assert 2 == main(["check", str(tmp_path / "fw.json"), "--feedback", glob])
        assert "no file matches" in capsys.readouterr().err
