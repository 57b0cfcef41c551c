"""How fast trends and diffs are, against one check and one load of the same framework.

Run: python bench/bench_time.py [--quick] [--rounds N]

On a framework of two years (2025 and 2026) with 1,000,000 feedback items,
100,000 initiatives and 10,000 touchpoints (a tenth of that with --quick),
it prints:

- the time ``dime.check`` takes on the framework, and the time
  ``dime.trend(framework, every="month")`` takes for its 24 months, with
  their ratio (the goal: at most 2);
- the time ``dime.loads`` takes to load the framework from the document
  ``dime.dumps`` wrote, and the time ``dime.diff`` takes to compare it with a
  second state of the same size (1% of the feedback refiled, 1% removed and
  1% added, and a tenth of the initiatives finished), with their ratio (the
  goal: at most 1).  The diff includes checking both states and comparing
  their findings and attention.

Each figure is the median of interleaved rounds (check, trend, check, trend,
... and load, diff, load, diff, ...), with the range of the rounds in
brackets.  The garbage collector is on for every contestant, as in a user's
program; ``dime.loads`` pauses it itself while it builds the records, and
``dime.check``, ``dime.trend`` and ``dime.diff`` do not touch it.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from datetime import timedelta
from typing import Any

import attrs
from bench_balance import document

import dime
from dime import FeedbackFolder, Framework, InitiativeStatus


def timed(run: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = run(*args, **kwargs)
    return time.perf_counter() - t0, result


def spread(values: list[float], digits: int) -> str:
    """The median, with the range of the rounds."""
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def later_state(fw: Framework) -> Framework:
    """``fw`` a little later: 1% of feedback refiled, 1% removed, 1% added, work finished."""
    feedback = list(fw.feedback)
    step = 100
    for i in range(0, len(feedback), step):
        item = feedback[i]
        folder = FeedbackFolder.IMPROVING if item.folder is None else None
        feedback[i] = attrs.evolve(item, folder=folder)
    kept = [item for i, item in enumerate(feedback) if i % step != 1]
    added = [
        attrs.evolve(item, id=f"new-{i}", received=item.received + timedelta(minutes=1))
        for i, item in enumerate(fw.feedback[2::step])
    ]
    initiatives = [
        attrs.evolve(i, status=InitiativeStatus.DONE, finished=i.started + timedelta(days=30))
        if n % 10 == 0 and i.status is InitiativeStatus.ACTIVE
        else i
        for n, i in enumerate(fw.initiatives)
    ]
    return attrs.evolve(fw, feedback=[*kept, *added], initiatives=initiatives)


def bench_trend(fw: Framework, rounds: int) -> None:
    checks, trends, ratios = [], [], []
    for _ in range(rounds):
        gc.collect()
        check_s, report = timed(dime.check, fw)
        gc.collect()
        trend_s, trend = timed(dime.trend, fw, every="month")
        assert trend.periods[-1].end == report.view.until
        checks.append(check_s)
        trends.append(trend_s)
        ratios.append(trend_s / check_s)
        del report, trend
    print(f"dime.check, once        {spread(checks, 3):>24} s")
    print(f"dime.trend, 24 months   {spread(trends, 3):>24} s")
    print(f"trend / check           {spread(ratios, 2):>24}    (goal: at most 2)")


def bench_diff(text: str, old: Framework, rounds: int) -> None:
    new = later_state(old)
    loads, diffs, ratios = [], [], []
    for _ in range(rounds):
        gc.collect()
        load_s, fw = timed(dime.loads, text)
        del fw
        gc.collect()
        diff_s, d = timed(dime.diff, old, new)
        assert not d.empty
        loads.append(load_s)
        diffs.append(diff_s)
        ratios.append(diff_s / load_s)
        del d
    print(f"dime.loads, one state   {spread(loads, 3):>24} s")
    print(f"dime.diff, two states   {spread(diffs, 3):>24} s")
    print(f"diff / loads            {spread(ratios, 2):>24}    (goal: at most 1)")


def main() -> None:
    quick = "--quick" in sys.argv
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 5
    scale = 0.1 if quick else 1.0
    n_fb, n_init, n_tp = int(1_000_000 * scale), int(100_000 * scale), int(10_000 * scale)
    print(f"CPython {sys.version.split()[0]}, dime {dime.__version__}")
    print(
        f"{n_fb:,} feedback items, {n_init:,} initiatives, {n_tp:,} touchpoints over two years; "
        f"gc on for every contestant (dime.loads pauses it while it builds records); "
        f"median of {rounds} interleaved rounds, range in brackets"
    )
    text = document(n_fb, n_init, n_tp, mixed=False)
    fw = dime.loads(text)
    bench_trend(fw, rounds)
    bench_diff(text, fw, rounds)


if __name__ == "__main__":
    main()
