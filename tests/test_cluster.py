"""Tally.from_frame on real clusters: Dask worker processes and Spark in local mode.

Each engine starts once per module (Spark takes tens of seconds to start), over a
partitioned Parquet dataset, and every tally must equal the one of the same rows as
records, computed in one process.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import dime
from dime.exceptions import InvalidDocumentError
from feedback_tables import ENGINES, seeded_feedback, touchpoint_ids, unavailable, write_parquet

ROWS = 6_000
PARTS = 4


def _missing(*modules: str) -> list[str]:
    return [m for m in modules if importlib.util.find_spec(m) is None]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dime.Feedback], Path]:
    """Seeded feedback, and the same rows as a Parquet dataset of several files."""
    if _missing("pyarrow"):
        unavailable(f"needs pyarrow: {ENGINES}")
    items = seeded_feedback(ROWS)
    return items, write_parquet(items, tmp_path_factory.mktemp("lake") / "feedback", parts=PARTS)


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    """A Dask cluster of two worker processes on this machine."""
    missing = _missing("dask", "distributed", "pyarrow")
    if missing:
        unavailable(f"needs {', '.join(missing)}: {ENGINES}")
    import distributed  # noqa: PLC0415 - only where installed

    untyped: Any = distributed  # distributed has no annotations
    with (
        untyped.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        untyped.Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """A Spark session in local mode, on two cores."""
    missing = _missing("pyspark")
    if missing:
        unavailable(f"needs pyspark: {ENGINES}")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        unavailable(
            "Spark needs a Java runtime (17 or newer): "
            "apt-get install default-jre-headless, or set JAVA_HOME"
        )
    from pyspark.sql import SparkSession  # noqa: PLC0415 - only where installed

    session = (
        SparkSession.builder.master("local[2]")
        .appName("dime-tests")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "America/Los_Angeles")
        .getOrCreate()
    )
    try:
        yield session
    finally:
        session.stop()


class TestDask:
    def test_same_tally_as_one_process(self, dataset: Any, dask_client: Any) -> None:
        """Two worker processes over a partitioned dataset tally as from_records does."""
        import dask.dataframe as dd  # noqa: PLC0415 - only where installed

        items, folder = dataset
        frame = dd.read_parquet(str(folder / "*.parquet"))
        assert frame.npartitions >= 2
        dask_client.wait_for_workers(2)
        assert 2 == len(dask_client.nthreads())
        assert dime.Tally.from_records(items) == dime.Tally.from_frame(feedback=frame)

    def test_unknown_touchpoint(self, dataset: Any, dask_client: Any) -> None:
        """Feedback naming a touchpoint not in the structure is refused, by id."""
        import dask.dataframe as dd  # noqa: PLC0415 - only where installed

        _items, folder = dataset
        frame = dd.read_parquet(str(folder / "*.parquet"))
        structure = dime.Framework(
            name="Shop",
            touchpoints=[
                dime.Touchpoint(id=t, name=t, channel=dime.Channel.WEB, stage=dime.Stage.PURCHASE)
                for t in touchpoint_ids()[1:]
            ],
        )
        touchpoints = structure.to_frames()["touchpoints"]
        with pytest.raises(InvalidDocumentError) as caught:
            dime.Tally.from_frame(feedback=frame, touchpoints=touchpoints)
        assert "'tp-0', which is not in touchpoints" in str(caught.value)


class TestSpark:
    def test_same_tally_as_one_process(self, dataset: Any, spark: Any) -> None:
        """Spark on two cores, in another session time zone, tallies as from_records does."""
        items, folder = dataset
        frame = spark.read.parquet(str(folder))
        assert dime.Tally.from_records(items) == dime.Tally.from_frame(feedback=frame)

    def test_tallies_of_parts_add_up(self, dataset: Any, spark: Any) -> None:
        """Tallies of separate jobs (one per year) add up with + to the whole tally."""
        from pyspark.sql import functions as sf  # noqa: PLC0415 - only where installed

        items, folder = dataset
        frame = spark.read.parquet(str(folder))
        year = sf.year(sf.col("received"))
        total = dime.Tally()
        years = sorted({r[0] for r in frame.select(year).distinct().collect()})
        assert len(years) >= 2
        for y in years:
            total += dime.Tally.from_frame(feedback=frame.filter(year == y))
        assert dime.Tally.from_records(items) == total

    def test_bad_kind_named_by_id(self, spark: Any) -> None:
        """A kind that is not the framework's is named by the row's id, never dropped."""
        rows = [("a", "2026-01-01T10:00:00+02:00", "gift"), ("b", "2026-01-02T00:00:00Z", "praise")]
        frame = spark.createDataFrame(rows, "id string, received string, kind string")
        with pytest.raises(InvalidDocumentError) as caught:
            dime.Tally.from_frame(feedback=frame)
        assert ["$.feedback[?(@.id=='b')].kind"] == [p.path for p in caught.value.problems]
