"""How fast the pictures are drawn, from a report already made.

Run: python bench/bench_render.py [--quick] [--rounds N]

Prints, for the built-in example and for the example with 1,000,000 more
feedback items (100,000 with --quick), the time each picture of a report takes to
draw, as the median of interleaved rounds (one of each picture per round)
with the range of the rounds, in wall-clock time and in the processor time
of this process (which other work on a busy machine does not inflate):

- ``report_html``: the notebook display of a report;
- ``report_page``: the standalone page ``dime report`` writes;
- ``heatmap_svg``: the SVG ``dime report --format svg`` writes;
- ``framework_html``: the notebook display of a framework, which measures
  it first (``dime.observe``), so it walks the feedback once; shown for the
  example only.

The goals: under 50 ms for the example's report, under 1 s for the large
one's.  The pictures read the report and its tally, never the feedback, so
their time does not grow with it.  The garbage collector is on for every
contestant, as in a user's program.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import attrs

import dime
from dime._render import framework_html, heatmap_svg, report_html, report_page

BASE = datetime(2024, 11, 1, tzinfo=UTC)
SPAN_MINUTES = 2 * 365 * 24 * 60


def big_framework(fw: dime.Framework, n: int) -> dime.Framework:
    """The example with ``n`` more feedback items through its touchpoints, over two years."""
    ids = [t.id for t in fw.touchpoints]
    kinds, folders = list(dime.FeedbackKind), [*dime.FeedbackFolder, None]
    items = tuple(
        dime.Feedback(
            id=f"bulk-{i}",
            received=BASE + timedelta(minutes=(i * 7919) % SPAN_MINUTES),
            kind=kinds[i % len(kinds)],
            folder=folders[i % len(folders)],
            touchpoint=ids[i % len(ids)],
        )
        for i in range(n)
    )
    return attrs.evolve(fw, feedback=fw.feedback + items)


def spread(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"{statistics.median(ms):8.2f} ms ({min(ms):.2f}-{max(ms):.2f})"


def bench(label: str, contestants: dict[str, Callable[[], object]], rounds: int) -> None:
    wall: dict[str, list[float]] = {name: [] for name in contestants}
    cpu: dict[str, list[float]] = {name: [] for name in contestants}
    for _ in range(rounds):
        for name, run in contestants.items():
            c0, t0 = time.process_time(), time.perf_counter()
            run()
            wall[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
    print(f"\n{label}\n(median of {rounds} interleaved rounds, range; gc on for all)")
    print(f"  {'picture':<16}{'wall clock':>30}  {'processor time':>30}")
    for name in contestants:
        print(f"  {name:<16}{spread(wall[name]):>30}  {spread(cpu[name]):>30}")


def main() -> None:
    quick = "--quick" in sys.argv
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 15
    assert gc.isenabled()
    fw = dime.example()
    report = dime.check(fw)
    bench(
        f"The example ({len(fw.feedback):,} feedback items, {len(report.findings)} findings)",
        {
            "report_html": lambda: report_html(report),
            "report_page": lambda: report_page(report, fw),
            "heatmap_svg": lambda: heatmap_svg(report),
            "framework_html": lambda: framework_html(fw),
        },
        rounds,
    )
    n = 100_000 if quick else 1_000_000
    big = big_framework(fw, n)
    t0 = time.perf_counter()
    big_report = dime.check(big)
    checked = time.perf_counter() - t0
    bench(
        f"The example with {n:,} more feedback items ({len(big_report.findings)} findings; "
        f"dime.check took {checked * 1000:.0f} ms once, not counted)",
        {
            "report_html": lambda: report_html(big_report),
            "report_page": lambda: report_page(big_report, big),
            "heatmap_svg": lambda: heatmap_svg(big_report),
        },
        max(3, rounds // 3),
    )


if __name__ == "__main__":
    main()
