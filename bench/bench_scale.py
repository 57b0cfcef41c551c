"""How fast engines tally feedback in Parquet, and how fast frameworks come from tables.

Run: python bench/bench_scale.py [--rows N] [--rounds R] [--frames-rows M]

Part 1 writes N feedback rows (default 10,000,000) as a Parquet dataset of 8
files under a temporary folder (deleted afterwards) and tallies them with:

- ``Tally.from_frame`` over ``polars.scan_parquet`` (a lazy frame);
- ``Tally.from_frame`` over ``duckdb.read_parquet`` (a relation);
- ``Tally.from_records`` over the same rows read as Python objects: Parquet
  batches read by pyarrow, one ``Feedback`` built per row, in a generator.

Each contestant runs in a fresh process, so that its peak resident memory
(``VmHWM``, counted from that process's start) is its own; rounds are interleaved and the table shows the
median seconds with their range, rows per second and the largest peak.  The
garbage collector is on for every contestant, as in a user's program.

Part 2 builds a framework of M feedback rows (default 1,000,000) and times
``dime.from_frames`` on its pandas tables against ``dime.loads`` of the same
framework as a document, interleaved, in this process (collector on).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

import dime

KINDS = [k.value for k in dime.FeedbackKind]
FOLDERS = [None, *(f.value for f in dime.FeedbackFolder)]
FILES = 8


def write_dataset(rows: int, folder: Path) -> None:
    """``rows`` seeded feedback rows over two years, as Parquet files of UTC instants."""
    rng = np.random.default_rng(13)
    start = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp() * 1_000_000)
    span = 2 * 365 * 86_400 * 1_000_000
    size = -(-rows // FILES)
    for p in range(FILES):
        n = min(size, rows - p * size)
        micros = start + rng.integers(0, span, n)
        touchpoints = np.array([f"tp-{i}" for i in range(40)], dtype=object)[rng.integers(0, 40, n)]
        table = pa.table(
            {
                "id": pa.array([f"fb-{p}-{i}" for i in range(n)]),
                "received": pa.array(micros, pa.timestamp("us", tz="UTC")),
                "kind": pa.array(np.array(KINDS, dtype=object)[rng.integers(0, len(KINDS), n)]),
                "folder": pa.array(
                    np.array(FOLDERS, dtype=object)[rng.integers(0, len(FOLDERS), n)]
                ),
                "touchpoint": pa.array(touchpoints),
            }
        )
        pq.write_table(table, folder / f"part-{p}.parquet")


def _peak_kib() -> int:
    """This process's peak resident memory since it started, in KiB.

    ``VmHWM`` counts from the process's own start; ``ru_maxrss`` does not: the
    kernel carries into it what the parent held when it started this process.
    """
    with Path("/proc/self/status").open(encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_one(name: str, folder: Path) -> None:
    """Tally the dataset with one contestant; print seconds and peak RSS as JSON."""
    pattern = str(folder / "*.parquet")
    began = time.perf_counter()
    if name == "imports":
        # Only what every contestant imports: the floor under each peak.
        tally = dime.Tally()
    elif name == "columns":
        # The five columns read, as Arrow holds them in memory.
        table = pq.read_table(folder, columns=["id", "received", "kind", "folder", "touchpoint"])
        print(json.dumps({"nbytes_mib": table.nbytes / 2**20}))
        return
    elif name == "polars":
        tally = dime.Tally.from_frame(feedback=pl.scan_parquet(pattern))
    elif name == "duckdb":
        tally = dime.Tally.from_frame(feedback=duckdb.connect().read_parquet(pattern))
    else:

        def items() -> Any:
            for path in sorted(folder.glob("*.parquet")):
                for batch in pq.ParquetFile(path).iter_batches(batch_size=65_536):
                    for row in batch.to_pylist():
                        yield dime.Feedback(
                            id=row["id"],
                            received=row["received"],
                            kind=dime.FeedbackKind(row["kind"]),
                            folder=None
                            if row["folder"] is None
                            else dime.FeedbackFolder(row["folder"]),
                            touchpoint=row["touchpoint"],
                        )

        tally = dime.Tally.from_records(items())
    seconds = time.perf_counter() - began
    peak_kib = _peak_kib()
    print(
        json.dumps(
            {"seconds": seconds, "peak_mib": peak_kib / 1024, "days": len(tally.feedback_days)}
        )
    )


def _run(name: str, folder: Path) -> dict[str, Any]:
    """Run one contestant in a fresh process, so that its peak memory is its own."""
    out = subprocess.run(  # noqa: S603 - this very script, with its own arguments
        [sys.executable, __file__, "--run", name, "--folder", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    got: dict[str, Any] = json.loads(out)
    return got


def contest(rows: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        began = time.perf_counter()
        write_dataset(rows, folder)
        on_disk = sum(p.stat().st_size for p in folder.glob("*.parquet")) / 2**20
        print(
            f"{rows:,} rows in {FILES} Parquet files ({on_disk:,.0f} MiB), "
            f"written in {time.perf_counter() - began:.0f} s; garbage collector on for all"
        )
        names = ["polars", "duckdb", "from_records"]
        seconds: dict[str, list[float]] = {n: [] for n in names}
        peaks: dict[str, float] = dict.fromkeys(names, 0.0)
        days: set[int] = set()
        for _ in range(rounds):
            for name in names:
                got = _run(name, folder)
                seconds[name].append(got["seconds"])
                peaks[name] = max(peaks[name], got["peak_mib"])
                days.add(got["days"])
        assert len(days) == 1, "the contestants disagree"
        floor = max(_run("imports", folder)["peak_mib"] for _ in range(rounds))
        columns = _run("columns", folder)["nbytes_mib"]
        print(
            f"the five columns read take {columns:,.0f} MiB in Arrow; a process that only "
            f"imports what the contestants import peaks at {floor:,.0f} MiB"
        )
        base = statistics.median(seconds["from_records"])
        print(
            f"{'engine':<34} {'rows':>12} {'seconds (range)':>22} {'rows/s':>12} {'peak MiB':>9} "
            f"{'above imports':>13} {'speed-up':>9}"
        )
        for name in names:
            s = seconds[name]
            med = statistics.median(s)
            label = (
                "Tally.from_records (Python objects)"
                if name == "from_records"
                else f"Tally.from_frame ({name})"
            )
            print(
                f"{label:<34} {rows:>12,} {med:>8.2f} ({min(s):.2f}-{max(s):.2f}) "
                f"{rows / med:>12,.0f} {peaks[name]:>9,.0f} {peaks[name] - floor:>13,.0f} "
                f"{base / med:>8.1f}x"
            )


def frames_against_loads(rows: int, rounds: int) -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    kinds = list(dime.FeedbackKind)
    folders = [None, *dime.FeedbackFolder]
    feedback = [
        dime.Feedback(
            id=f"fb-{i}",
            received=start + timedelta(minutes=i % 1_000_000),
            kind=kinds[i % len(kinds)],
            folder=folders[i % len(folders)],
        )
        for i in range(rows)
    ]
    fw = dime.Framework(name="Shop", feedback=feedback)
    document = dime.dumps(fw)
    tables = fw.to_frames()
    times: dict[str, list[float]] = {"loads": [], "from_frames": []}
    for _ in range(rounds):
        began = time.perf_counter()
        a = dime.loads(document)
        times["loads"].append(time.perf_counter() - began)
        began = time.perf_counter()
        b = dime.from_frames(**tables)
        times["from_frames"].append(time.perf_counter() - began)
        assert a == b == fw
        del a, b
    base = statistics.median(times["loads"])
    print(
        f"\n{rows:,} feedback items, pandas tables against the JSON document; collector on for both"
    )
    for name, s in times.items():
        med = statistics.median(s)
        print(f"{name:<12} {med:>8.2f} s ({min(s):.2f}-{max(s):.2f})  {med / base:.2f}x loads")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--frames-rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--run", choices=("polars", "duckdb", "from_records", "imports", "columns"))
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.run:
        run_one(args.run, args.folder)
        return
    contest(args.rows, args.rounds)
    frames_against_loads(args.frames_rows, args.rounds)


if __name__ == "__main__":
    main()
