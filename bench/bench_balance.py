"""How fast the balance checker is, against loading the same framework from JSON.

Run: python bench/bench_balance.py [--quick] [--rounds N]

Prints, for three sizes up to 1,000,000 feedback items, 100,000 initiatives
and 10,000 touchpoints, on documents whose timestamps are all in UTC and on
documents whose timestamps carry mixed UTC offsets, first with no feedback
scored, then with every item scored (a score is counted per touchpoint,
channel, value and month, for the report's *How customers feel*):

- the time ``dime.loads`` takes to load the framework from the document
  ``dime.dumps`` wrote;
- the time ``dime.check`` takes on the loaded framework, per feedback item,
  and its ratio to the load (the goal: at most 0.10, at every size);
- the time ``Tally.from_framework`` takes on it alone (the pass over the
  records that the check begins with), and the ratio to the load of the
  rest of the check (the view and the rules: the median check less the
  median tally);
- the floor: the time the least pass over the items in Python takes (each
  item's UTC day, worked out as the tally does, and a count per
  touchpoint), over the load: what no check written in Python can go
  below, since the tally does that and more for each item;

each as the median of interleaved rounds, with the range of the rounds (load, check, tally, floor, load, ...).  Then it prints the peak memory (tracemalloc)
of ``Tally.from_records`` over a generator of feedback items, at three
sizes: it should not grow with the count.

The garbage collector is on for both contestants, as in a user's program;
``dime.loads`` pauses it itself while it builds the records, and
``dime.check`` does not touch it.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import dime
from dime import (
    AREAS,
    Channel,
    Feedback,
    FeedbackFolder,
    FeedbackKind,
    ImprovementStep,
    InitiativeStatus,
    Pillar,
    Stage,
    Tally,
)

BASE = datetime(2025, 1, 1, tzinfo=UTC)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SPAN_MINUTES = 2 * 365 * 24 * 60
CHANNELS = list(Channel)
STAGES = list(Stage)
FOLDERS = [*FeedbackFolder, None]
KINDS = list(FeedbackKind)
PILLARS = list(Pillar)
STATUSES = list(InitiativeStatus)
STEPS = [*ImprovementStep, None]
#: Offsets the mixed documents cycle through, from UTC-12:00 to UTC+14:00.
OFFSETS = [timezone(timedelta(minutes=m)) for m in range(-12 * 60, 14 * 60 + 1, 45)]


def document(
    n_feedback: int, n_initiatives: int, n_touchpoints: int, *, mixed: bool, scored: bool = True
) -> str:
    """A framework document, as ``dime.dumps`` writes it; every item scored, or none."""
    departments = [
        {"name": f"Dept {d}", "objective": "Serve", "measures": ["CSAT"]} for d in range(20)
    ]
    touchpoints = [
        {
            "id": f"tp{i}",
            "name": f"Touchpoint {i}",
            "channel": CHANNELS[i % len(CHANNELS)].value,
            "stage": STAGES[i % 3].value,
            "pillars": [PILLARS[i % 4].value],
            "owner": f"Dept {i % 20}" if i % 7 else None,
        }
        for i in range(n_touchpoints)
    ]
    initiatives = []
    for i in range(n_initiatives):
        start = date(2025, 1, 1) + timedelta(days=(i * 7) % 700)
        status = STATUSES[i % 4]
        step = STEPS[i % len(STEPS)]
        initiatives.append(
            {
                "id": f"init{i}",
                "title": f"Initiative {i}",
                "area": {"pillar": AREAS[i % 16].pillar.value, "layer": AREAS[i % 16].layer.value},
                "owner": f"Dept {i % 20}",
                "status": status.value,
                "started": start.isoformat(),
                "finished": (start + timedelta(days=30)).isoformat()
                if status is InitiativeStatus.DONE
                else None,
                "effort": 1 + i % 5,
                "step": None if step is None else step.value,
            }
        )
    feedback = []
    for i in range(n_feedback):
        folder = FOLDERS[i % 5]
        received = BASE + timedelta(minutes=(i * 7919) % SPAN_MINUTES)
        if mixed:
            received = received.astimezone(OFFSETS[i % len(OFFSETS)])
        feedback.append(
            {
                "id": f"f{i}",
                "received": received.isoformat(),
                "kind": KINDS[i % 4].value,
                "folder": None if folder is None else folder.value,
                "touchpoint": f"tp{i % n_touchpoints}",
                "channel": CHANNELS[i % len(CHANNELS)].value,
                "text": "Thank you",
                "score": i % 5 if scored else None,
            }
        )
    data: dict[str, Any] = {
        "dime": 1,
        "framework": {
            "name": "Big",
            "touchpoints": touchpoints,
            "initiatives": initiatives,
            "feedback": feedback,
            "departments": departments,
        },
    }
    # Through the library once, so that the text is exactly what dime.dumps writes.
    return dime.dumps(dime.loads(json.dumps(data)))


def feedback_stream(n: int, touchpoints: int) -> Iterator[Feedback]:
    for i in range(n):
        yield Feedback(
            id=f"f{i}",
            received=BASE + timedelta(minutes=(i * 7919) % SPAN_MINUTES),
            kind=KINDS[i % 4],
            folder=FOLDERS[i % 5],
            touchpoint=f"tp{i % touchpoints}",
        )


def floor_pass(items: tuple[Feedback, ...]) -> int:
    """The least a pass over the items in Python does: each one's UTC day and touchpoint.

    It reads each item's moment and touchpoint, works out the UTC day as the tally does
    (within the moment's own fixed-offset zone), and counts the items per touchpoint: a
    part of what the check's tally does per item, and no more.
    """
    epochs: dict[Any, datetime] = {}
    per_touchpoint: dict[str | None, int] = {}
    get = per_touchpoint.get
    latest = 0
    for f in items:
        received = f.received
        zone = received.tzinfo
        epoch = epochs.get(zone)
        if epoch is None:
            epoch = epochs[zone] = EPOCH.astimezone(zone)
        day = (received - epoch).days
        if day > latest:  # noqa: PLR1730 - a call to max per item would weigh on the floor
            latest = day
        tp = f.touchpoint
        per_touchpoint[tp] = get(tp, 0) + 1
    return latest


def timed(run: Any, *args: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = run(*args)
    return time.perf_counter() - t0, result


def spread(values: list[float], digits: int) -> str:
    """The median, with the range of the rounds."""
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def bench_check(scales: list[float], rounds: int) -> None:
    print(
        f"gc on for both (dime.loads pauses it while it builds records); "
        f"median of {rounds} interleaved rounds, range in brackets"
    )
    print(
        f"{'offsets':>7} {'scores':>6} {'feedback':>10} {'load s':>22} {'check s':>22} "
        f"{'check us/fb':>11} {'check/load':>20} {'of which tally s':>22} {'rest/load':>10} "
        f"{'floor/load':>20}"
    )
    for scored in (False, True):
        for mixed in (False, True):
            for scale in scales:
                n_fb, n_init, n_tp = (
                    int(1_000_000 * scale),
                    int(100_000 * scale),
                    int(10_000 * scale),
                )
                text = document(n_fb, n_init, n_tp, mixed=mixed, scored=scored)
                loads, checks, ratios, tallies, floors = [], [], [], [], []
                for _ in range(rounds):
                    gc.collect()
                    load_s, fw = timed(dime.loads, text)
                    gc.collect()
                    check_s, report = timed(dime.check, fw)
                    assert report.findings is not None
                    gc.collect()
                    tally_s, tally = timed(Tally.from_framework, fw)
                    assert tally.feedback_count == n_fb
                    gc.collect()
                    floor_s, _ = timed(floor_pass, fw.feedback)
                    floors.append(floor_s / load_s)
                    loads.append(load_s)
                    checks.append(check_s)
                    ratios.append(check_s / load_s)
                    tallies.append(tally_s)
                    del fw, report, tally
                del text
                gc.collect()
                per_item = statistics.median(checks) / n_fb * 1e6
                rest = statistics.median(checks) - statistics.median(tallies)
                print(
                    f"{'mixed' if mixed else 'UTC':>7} {'all' if scored else 'none':>6} "
                    f"{n_fb:>10,} {spread(loads, 2):>22} {spread(checks, 3):>22} "
                    f"{per_item:>11.3f} {spread(ratios, 3):>20} {spread(tallies, 3):>22} "
                    f"{rest / statistics.median(loads):>10.3f} {spread(floors, 3):>20}",
                    flush=True,
                )


def bench_memory(sizes: list[int]) -> None:
    print("Tally.from_records over a generator of feedback (10,000 touchpoints, two years):")
    print(f"{'items':>10} {'seconds':>8} {'us/item':>8} {'peak KiB':>9}")
    for n in sizes:
        gc.collect()
        tracemalloc.start()
        t0 = time.perf_counter()
        tally = Tally.from_records(feedback_stream(n, 10_000))
        t1 = time.perf_counter()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert tally.feedback_count == n
        print(f"{n:>10,} {t1 - t0:>8.2f} {(t1 - t0) / n * 1e6:>8.2f} {peak / 1024:>9,.0f}")


def main() -> None:
    quick = "--quick" in sys.argv
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 5
    print(f"CPython {sys.version.split()[0]}, dime {dime.__version__}")
    bench_check([0.01, 0.02, 0.04] if quick else [0.25, 0.5, 1.0], 3 if quick else rounds)
    print()
    bench_memory([20_000, 40_000, 80_000] if quick else [100_000, 300_000, 1_000_000])


if __name__ == "__main__":
    main()
