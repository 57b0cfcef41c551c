"""Checking a document bigger than memory: ``dime check FILE`` streams its feedback.

Run: python bench/bench_stream.py [--items N ...] [--rounds R] [--parse-items M]

Part 1 writes a document of the built-in example's structure with N feedback
items (default 1,000,000 and 2,000,000; about 200 bytes an item) under a
temporary folder, deleted afterwards, and runs the command line on it, each
run a fresh process:

- ``whole``: ``dime check - < FILE``, which reads the document whole, as
  ``dime check FILE`` did before it streamed (standard input cannot be read
  twice, so it is never streamed);
- ``streamed``: ``dime check FILE``.

Rounds are interleaved; the table shows the median seconds with their range
and the peak resident memory of each (``VmHWM`` of that child, which counts
from its own start).  Both print the same report, which is checked.  The
garbage collector is paused while the document is read, in both, as
``dime`` pauses it for every bulk read.

Part 2 times the parsers alone on the feedback array of a document of M
items (default 200,000), in this process, collector on, rounds interleaved:
the standard library's decoder as the stream uses it (``raw_decode`` over a
bounded buffer), and ijson's C backend (``ijson.items``, floats as float),
when ijson is installed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import dime
from dime._stream import CHUNK, JsonReader

KINDS = [k.value for k in dime.FeedbackKind]
FOLDERS = [None, *(f.value for f in dime.FeedbackFolder)]


def write_document(items: int, path: Path) -> int:
    """The example's structure with ``items`` seeded feedback items, written as they are made.

    Returns how many feedback items the document holds: those and the few the
    example's initiatives address.
    """
    rng = random.Random(13)
    structure = json.loads(dime.dumps(dime.example()))
    framework = structure["framework"]
    template = framework["feedback"][0]
    touchpoints = [t["id"] for t in framework["touchpoints"]]
    # The example's initiatives name the feedback they address: keep those items, first.
    addressed = {ref for i in framework["initiatives"] for ref in i["addresses"]}
    kept = [f for f in framework["feedback"] if f["id"] in addressed]
    framework["feedback"] = []
    head, tail = json.dumps(structure, separators=(",", ":")).split('"feedback":[]')
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as out:
        out.write(head + '"feedback":[')
        out.writelines(json.dumps(f, separators=(",", ":")) + "," for f in kept)
        for i in range(items):
            item = {
                **template,
                "id": f"fb-{i}",
                "received": (start + timedelta(seconds=rng.randrange(2 * 365 * 86_400)))
                .isoformat()
                .replace("+00:00", "Z"),
                "kind": rng.choice(KINDS),
                "folder": rng.choice(FOLDERS),
                "touchpoint": rng.choice(touchpoints),
                "text": f"Customer message number {i}, about the order and its delivery.",
                "score": {"scale": "nps", "value": rng.randrange(11)} if i % 3 == 0 else None,
            }
            out.write(("," if i else "") + json.dumps(item, separators=(",", ":")))
        out.write("]" + tail)
    return items + len(kept)


#: ``python -m dime`` with its arguments, writing its peak resident memory (``VmHWM``, which
#: counts from the process's own start, unlike ``ru_maxrss``, into which the kernel carries
#: what the parent held when it started the child) to the file ``DIME_BENCH_PEAK`` names.
_MEASURED = """
import atexit, os, runpy, sys
def peak():
    with open("/proc/self/status", encoding="ascii") as status:
        kib = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["DIME_BENCH_PEAK"], "w", encoding="ascii") as out:
        out.write(kib)
atexit.register(peak)
sys.argv = ["dime", *sys.argv[1:]]
runpy.run_module("dime", run_name="__main__", alter_sys=True)
"""


def run_dime(how: str, path: Path) -> tuple[float, float, str]:
    """Seconds, peak MiB and output of ``dime check`` on ``path``, read whole or streamed."""
    argv = [sys.executable, "-c", _MEASURED, "check", "-" if how == "whole" else str(path)]
    with (
        tempfile.TemporaryFile() as out,
        path.open("rb") as given,
        tempfile.NamedTemporaryFile(suffix=".peak") as peak,
    ):
        began = time.perf_counter()
        child = subprocess.Popen(  # noqa: S603 - dime itself, on our own file
            argv,
            stdin=given if how == "whole" else subprocess.DEVNULL,
            stdout=out,
            env={**os.environ, "DIME_BENCH_PEAK": peak.name},
        )
        child.wait()
        seconds = time.perf_counter() - began
        assert child.returncode in (0, 1), f"dime check failed: {child.returncode}"
        out.seek(0)
        return seconds, int(Path(peak.name).read_text()) / 1024, out.read().decode()


def contest(sizes: list[int], rounds: int) -> None:
    print(
        "dime check on documents of the example's structure; garbage collector paused while "
        "reading, in both"
    )
    print(f"{'items':>10} {'MiB':>6} {'how':<9} {'seconds (range)':>22} {'peak MiB (range)':>22}")
    with tempfile.TemporaryDirectory() as tmp:
        for items in sizes:
            path = Path(tmp, f"doc-{items}.json")
            write_document(items, path)
            size = path.stat().st_size / 2**20
            seconds: dict[str, list[float]] = {"whole": [], "streamed": []}
            peaks: dict[str, list[float]] = {"whole": [], "streamed": []}
            outputs = set()
            for _ in range(rounds):
                for how, taken in seconds.items():
                    s, peak, output = run_dime(how, path)
                    taken.append(s)
                    peaks[how].append(peak)
                    outputs.add(output)
            assert len(outputs) == 1, "the two ways printed different reports"
            for how, s in seconds.items():
                p = peaks[how]
                print(
                    f"{items:>10,} {size:>6,.0f} {how:<9} "
                    f"{statistics.median(s):>8.2f} ({min(s):.2f}-{max(s):.2f}) "
                    f"{statistics.median(p):>8,.0f} ({min(p):,.0f}-{max(p):,.0f})"
                )
            path.unlink()


def parse_stdlib(text: str) -> int:
    reader = JsonReader(io.StringIO(text), CHUNK)
    count = 0
    for key in reader.members():
        if key != "framework":
            reader.value()
            continue
        for inner in reader.members():
            if inner == "feedback":
                count += sum(1 for _ in reader.items())
            else:
                reader.value()
    return count


def parse_ijson(text: str) -> int:
    import ijson  # noqa: PLC0415 - only when installed

    stream = io.BytesIO(text.encode())
    return sum(1 for _ in ijson.items(stream, "framework.feedback.item", use_float=True))


def parsers(items: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "doc.json")
        held = write_document(items, path)
        text = path.read_text(encoding="utf-8")
    contestants: dict[str, Callable[[str], Any]] = {"stdlib raw_decode": parse_stdlib}
    try:
        import ijson  # noqa: PLC0415 - only when installed
    except ImportError:
        print("\nijson is not installed: only the standard library's decoder is timed")
    else:
        contestants[f"ijson {ijson.__version__} ({ijson.backend})"] = parse_ijson
    times: dict[str, list[float]] = {name: [] for name in contestants}
    for _ in range(rounds):
        for name, parse in contestants.items():
            began = time.perf_counter()
            assert parse(text) == held
            times[name].append(time.perf_counter() - began)
    print(f"\nparsing the feedback array of {items:,} items alone; garbage collector on")
    for name, s in times.items():
        med = statistics.median(s)
        print(
            f"{name:<28} {med:>6.2f} s ({min(s):.2f}-{max(s):.2f})  {items / med:>12,.0f} items/s"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, nargs="+", default=[1_000_000, 2_000_000])
    parser.add_argument("--parse-items", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    contest(args.items, args.rounds)
    parsers(args.parse_items, args.rounds)


if __name__ == "__main__":
    main()
