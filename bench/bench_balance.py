"""How fast the balance checker is, against loading the same framework from JSON.

Run: python bench/bench_balance.py [--quick]

Prints, for three sizes up to 1,000,000 feedback items, 100,000 initiatives
and 10,000 touchpoints:

- the time ``dime.loads`` takes to load the framework from the document
  ``dime.dumps`` wrote (each time here is the best of three runs);
- the time ``dime.check`` takes on the loaded framework, per feedback item,
  and its ratio to the load (the goal: at most 0.10);
- the peak memory (tracemalloc) of ``Tally.from_records`` over a generator
  of feedback items, at three sizes: it should not grow with the count.

The garbage collector is off while loading (as a bulk loader would run) and
on, as in a user's program, while checking.
"""

from __future__ import annotations

import gc
import math
import sys
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import dime
from dime import (
    AREAS,
    Channel,
    Department,
    Feedback,
    FeedbackFolder,
    FeedbackKind,
    Framework,
    ImprovementStep,
    Initiative,
    InitiativeStatus,
    Pillar,
    Stage,
    Tally,
    Touchpoint,
)

BASE = datetime(2025, 1, 1, tzinfo=UTC)
SPAN_MINUTES = 2 * 365 * 24 * 60
CHANNELS = list(Channel)
STAGES = list(Stage)
FOLDERS = [*FeedbackFolder, None]
KINDS = list(FeedbackKind)
PILLARS = list(Pillar)
STATUSES = list(InitiativeStatus)
STEPS = [*ImprovementStep, None]


def document(n_feedback: int, n_initiatives: int, n_touchpoints: int) -> dict[str, Any]:
    """A framework document in the wire format's shape."""
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
        feedback.append(
            {
                "id": f"f{i}",
                "received": (BASE + timedelta(minutes=(i * 7919) % SPAN_MINUTES)).isoformat(),
                "kind": KINDS[i % 4].value,
                "folder": None if folder is None else folder.value,
                "touchpoint": f"tp{i % n_touchpoints}",
                "channel": CHANNELS[i % len(CHANNELS)].value,
                "text": "Thank you",
                "score": i % 5,
            }
        )
    return {
        "dime": 1,
        "framework": {
            "name": "Big",
            "touchpoints": touchpoints,
            "initiatives": initiatives,
            "feedback": feedback,
            "departments": departments,
        },
    }


def from_parsed(data: dict[str, Any]) -> Framework:
    """Build the Framework from plain JSON objects, as the records' constructors do."""
    fw = data["framework"]
    return Framework(
        name=fw["name"],
        departments=[
            Department(name=d["name"], objective=d["objective"], measures=d["measures"])
            for d in fw["departments"]
        ],
        touchpoints=[
            Touchpoint(
                id=t["id"],
                name=t["name"],
                channel=Channel(t["channel"]),
                stage=Stage(t["stage"]),
                pillars=frozenset(Pillar(p) for p in t["pillars"]),
                owner=t["owner"],
            )
            for t in fw["touchpoints"]
        ],
        initiatives=[
            Initiative(
                id=i["id"],
                title=i["title"],
                area=dime.Area(Pillar(i["area"]["pillar"]), dime.Layer(i["area"]["layer"])),
                owner=i["owner"],
                status=InitiativeStatus(i["status"]),
                started=None if i["started"] is None else date.fromisoformat(i["started"]),
                finished=None if i["finished"] is None else date.fromisoformat(i["finished"]),
                effort=i["effort"],
                step=None if i["step"] is None else ImprovementStep(i["step"]),
            )
            for i in fw["initiatives"]
        ],
        feedback=[
            Feedback(
                id=f["id"],
                received=datetime.fromisoformat(f["received"]),
                kind=FeedbackKind(f["kind"]),
                folder=None if f["folder"] is None else FeedbackFolder(f["folder"]),
                touchpoint=f["touchpoint"],
                channel=Channel(f["channel"]),
                text=f["text"],
                score=f["score"],
            )
            for f in fw["feedback"]
        ],
    )


def feedback_stream(n: int, touchpoints: int) -> Iterator[Feedback]:
    for i in range(n):
        yield Feedback(
            id=f"f{i}",
            received=BASE + timedelta(minutes=(i * 7919) % SPAN_MINUTES),
            kind=KINDS[i % 4],
            folder=FOLDERS[i % 5],
            touchpoint=f"tp{i % touchpoints}",
        )


#: Each time is the best of this many runs.
ROUNDS = 3


def bench_check(scales: list[float]) -> None:
    print(f"garbage collector off while loading, on while checking; best of {ROUNDS}")
    print(
        f"{'feedback':>10} {'initiatives':>11} {'touchpoints':>11} {'load s':>8} "
        f"{'check s':>8} {'check us/fb':>11} {'check/load':>10}"
    )
    for scale in scales:
        n_fb, n_init, n_tp = int(1_000_000 * scale), int(100_000 * scale), int(10_000 * scale)
        data = document(n_fb, n_init, n_tp)
        text = dime.dumps(from_parsed(data))
        del data
        loaded = checked = math.inf
        for _ in range(ROUNDS):
            gc.collect()
            gc.disable()
            t0 = time.perf_counter()
            fw = dime.loads(text)
            loaded = min(loaded, time.perf_counter() - t0)
            gc.enable()
            gc.collect()
            t0 = time.perf_counter()
            report = dime.check(fw)
            checked = min(checked, time.perf_counter() - t0)
        del text
        print(
            f"{n_fb:>10,} {n_init:>11,} {n_tp:>11,} {loaded:>8.2f} {checked:>8.3f} "
            f"{checked / n_fb * 1e6:>11.3f} {checked / loaded:>10.3f}"
        )
        assert report.findings is not None
        del fw, report
        gc.collect()


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
    bench_check([0.01, 0.02, 0.04] if quick else [0.25, 0.5, 1.0])
    print()
    bench_memory([20_000, 40_000, 80_000] if quick else [100_000, 300_000, 1_000_000])


if __name__ == "__main__":
    main()
