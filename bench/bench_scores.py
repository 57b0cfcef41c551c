"""How fast every score aggregate is, against loading the same framework from JSON.

Run: python bench/bench_scores.py [--quick] [--rounds N]

For documents of up to 1,000,000 scored feedback items (on NPS, CSAT and CES,
through 10,000 touchpoints over two years), prints:

- the time ``dime.loads`` takes to load the framework from the document
  ``dime.dumps`` wrote;
- the time to compute every score aggregate of the loaded framework:
  ``ScoreTally.from_framework`` and then the summary of every group under
  every grouping (all, touchpoint, stage, channel, folder, pillar,
  department, month) on every scale;
- their ratio (the goal: at most 0.3, at every size);

each as the median of interleaved rounds (load, aggregate, load, ...), with
the range of the rounds.

The garbage collector is on for both contestants, as in a user's program;
``dime.loads`` pauses it itself while it builds the records, and the
aggregates do not touch it.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import dime
from dime import (
    CES,
    CSAT,
    NPS,
    Channel,
    Department,
    Feedback,
    FeedbackFolder,
    FeedbackKind,
    Framework,
    Pillar,
    Score,
    ScoreTally,
    Stage,
    Touchpoint,
)

BASE = datetime(2025, 1, 1, tzinfo=UTC)
SPAN_MINUTES = 2 * 365 * 24 * 60
CHANNELS = list(Channel)
FOLDERS = [*FeedbackFolder, None]
KINDS = list(FeedbackKind)
SCALES = (NPS, CSAT, CES)
GROUPINGS = ("all", "touchpoint", "stage", "channel", "folder", "pillar", "department", "month")


def document(n_feedback: int, n_touchpoints: int) -> str:
    """A framework document of scored feedback, as ``dime.dumps`` writes it."""
    departments = [Department(name=f"Dept {d}") for d in range(20)]
    touchpoints = [
        Touchpoint(
            id=f"tp{i}",
            name=f"Touchpoint {i}",
            channel=CHANNELS[i % len(CHANNELS)],
            stage=list(Stage)[i % 3],
            pillars={list(Pillar)[i % 4]},
            owner=f"Dept {i % 20}" if i % 7 else None,
        )
        for i in range(n_touchpoints)
    ]
    feedback = []
    for i in range(n_feedback):
        scale = SCALES[i % 3]
        span = int(scale.maximum - scale.minimum) + 1
        feedback.append(
            Feedback(
                id=f"f{i}",
                received=BASE + timedelta(minutes=(i * 7919) % SPAN_MINUTES),
                kind=KINDS[i % 4],
                folder=FOLDERS[i % 5],
                touchpoint=f"tp{i % n_touchpoints}",
                channel=None if i % 2 else CHANNELS[i % len(CHANNELS)],
                text="Thank you",
                score=Score(scale=scale.name, value=int(scale.minimum) + (i * 31) % span),
            )
        )
    fw = Framework(name="Big", touchpoints=touchpoints, feedback=feedback, departments=departments)
    return dime.dumps(fw)


def aggregate(fw: Framework) -> int:
    """Every score aggregate of ``fw``: the tally, then every group's summary on every scale."""
    tally = ScoreTally.from_framework(fw)
    n = 0
    for by in GROUPINGS:
        for scale in SCALES:
            n += len(tally.summaries(by, scale.name))
    return n


def timed(run: Any, *args: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = run(*args)
    return time.perf_counter() - t0, result


def spread(values: list[float], digits: int) -> str:
    """The median, with the range of the rounds."""
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def main() -> None:
    quick = "--quick" in sys.argv
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 3
    sizes = [10_000, 20_000, 40_000] if quick else [250_000, 500_000, 1_000_000]
    print(f"CPython {sys.version.split()[0]}, dime {dime.__version__}")
    print(
        f"gc on for both (dime.loads pauses it while it builds records); "
        f"median of {rounds} interleaved rounds, range in brackets"
    )
    print(f"{'feedback':>10} {'load s':>22} {'aggregates s':>22} {'groups':>7} {'agg/load':>20}")
    for n in sizes:
        text = document(n, 10_000)
        loads, aggs, ratios = [], [], []
        groups = 0
        for _ in range(rounds):
            gc.collect()
            load_s, fw = timed(dime.loads, text)
            gc.collect()
            agg_s, groups = timed(aggregate, fw)
            loads.append(load_s)
            aggs.append(agg_s)
            ratios.append(agg_s / load_s)
            del fw
        del text
        gc.collect()
        print(
            f"{n:>10,} {spread(loads, 2):>22} {spread(aggs, 3):>22} {groups:>7,} "
            f"{spread(ratios, 3):>20}"
        )


if __name__ == "__main__":
    main()
