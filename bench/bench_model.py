"""How long building records and a Framework takes as it grows: it should grow linearly.

Run: python bench/bench_model.py [ROUNDS]
Builds 10k, 100k and 1M feedback items (each record checks its fields), then a
Framework holding them with 1,000 touchpoints (its integrity checks), ROUNDS
times each (3 by default), the sizes interleaved; prints the median of the
rounds per item, with the fastest and the slowest round.  The garbage collector
is left on, as in a user's program.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta

from dime import Channel, Feedback, FeedbackKind, Framework, Stage, Touchpoint

BASE = datetime(2026, 1, 1, tzinfo=UTC)
TOUCHPOINTS = [
    Touchpoint(id=f"tp{i}", name=f"Touchpoint {i}", channel=Channel.WEB, stage=Stage.PURCHASE)
    for i in range(1000)
]
SIZES = (10_000, 100_000, 1_000_000)


def one_round(n: int) -> tuple[float, float]:
    t0 = time.perf_counter()
    items = [
        Feedback(
            id=f"f{i}",
            received=BASE + timedelta(seconds=i),
            kind=FeedbackKind.ROUTINE,
            touchpoint=f"tp{i % 1000}",
        )
        for i in range(n)
    ]
    t1 = time.perf_counter()
    Framework(name="big", touchpoints=TOUCHPOINTS, feedback=items)
    t2 = time.perf_counter()
    return (t1 - t0) / n * 1e6, (t2 - t1) / n * 1e6


def shown(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    records: dict[int, list[float]] = {n: [] for n in SIZES}
    checks: dict[int, list[float]] = {n: [] for n in SIZES}
    for _ in range(rounds):
        for n in SIZES:
            gc.collect()
            built, checked = one_round(n)
            records[n].append(built)
            checks[n].append(checked)
    print(f"garbage collector: {'on' if gc.isenabled() else 'off'}; median of {rounds} rounds")
    print()
    print("| feedback items | records built, µs per item | `Framework` checked, µs per item |")
    print("| ---: | ---: | ---: |")
    for n in SIZES:
        print(f"| {n:,} | {shown(records[n])} | {shown(checks[n])} |")


if __name__ == "__main__":
    main()
