"""How long building a Framework takes as it grows: it should grow linearly.

Run: python bench/bench_model.py
Prints, for 10k, 100k and 1M feedback items, the time to build the records
and then the Framework (its integrity checks), per item. The garbage collector
is left on, as in a user's program.
"""

from __future__ import annotations

import gc
import time
from datetime import UTC, datetime, timedelta

from dime import Channel, Feedback, FeedbackKind, Framework, Stage, Touchpoint

BASE = datetime(2026, 1, 1, tzinfo=UTC)
TOUCHPOINTS = [
    Touchpoint(id=f"tp{i}", name=f"Touchpoint {i}", channel=Channel.WEB, stage=Stage.PURCHASE)
    for i in range(1000)
]


def main() -> None:
    print(f"garbage collector: {'on' if gc.isenabled() else 'off'}")
    print(f"{'feedback':>10} {'records s':>10} {'us/item':>8} {'Framework s':>12} {'us/item':>8}")
    for n in (10_000, 100_000, 1_000_000):
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
        print(
            f"{n:>10,} {t1 - t0:>10.3f} {(t1 - t0) / n * 1e6:>8.2f} "
            f"{t2 - t1:>12.3f} {(t2 - t1) / n * 1e6:>8.3f}"
        )


if __name__ == "__main__":
    main()
