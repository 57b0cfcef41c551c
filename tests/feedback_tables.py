"""Feedback as engines hold it: seeded feedback records and their tables, for the engine tests."""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import dime

#: What the engine tests need installed, and how to install it.
ENGINES = "pip install --group engines (polars, pyarrow, duckdb, dask, pyspark, psutil)"


def unavailable(reason: str) -> None:
    """Skip the test, saying what to install, or fail it where the engines are required (CI)."""
    import pytest  # noqa: PLC0415 - a helper module of the tests

    if os.environ.get("DIME_REQUIRE_ENGINES"):
        pytest.fail(f"DIME_REQUIRE_ENGINES is set, but {reason}")
    pytest.skip(reason)


def seeded_feedback(n: int, *, seed: int = 13, touchpoints: int = 12) -> list[dime.Feedback]:
    """``n`` feedback items over two years, in every folder and kind, with offsets from -12:00 to +14:00.

    Many fall near midnight, where the UTC day and the local day differ.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    start = datetime(2024, 12, 31, 20, tzinfo=UTC)
    folders = [None, *dime.FeedbackFolder]
    kinds = list(dime.FeedbackKind)
    out = []
    for i in range(n):
        minutes = rng.choice([0, 0, 60, -300, 330, 840, -720, 525, -150])
        zone = UTC if minutes == 0 else timezone(timedelta(minutes=minutes))
        moment = start + timedelta(
            days=rng.randrange(730),
            hours=rng.choice([0, 1, 23, 12]),
            seconds=rng.randrange(3600),
            microseconds=rng.randrange(1_000_000),
        )
        out.append(
            dime.Feedback(
                id=f"fb-{i:07d}",
                received=moment.astimezone(zone),
                kind=rng.choice(kinds),
                folder=rng.choice(folders),
                touchpoint=None if rng.random() < 0.2 else f"tp-{rng.randrange(touchpoints)}",
            )
        )
    return out


def touchpoint_ids(n: int = 12) -> list[str]:
    return [f"tp-{i}" for i in range(n)]


def shop(items: list[dime.Feedback]) -> dime.Framework:
    """A framework holding ``items`` and every touchpoint they name."""
    named = sorted({f.touchpoint for f in items if f.touchpoint is not None})
    answering = sorted({f.assigned_to for f in items if f.assigned_to is not None})
    return dime.Framework(
        name="Shop",
        departments=[dime.Department(name=d) for d in answering],
        touchpoints=[
            dime.Touchpoint(id=t, name=t, channel=dime.Channel.WEB, stage=dime.Stage.PURCHASE)
            for t in named
        ],
        feedback=items,
    )


def write_parquet(items: list[dime.Feedback], folder: Path, *, parts: int) -> Path:
    """The feedback as a Parquet dataset of ``parts`` files: instants in UTC, as Parquet stores them."""
    import pyarrow.parquet as pq  # noqa: PLC0415 - only where pyarrow is installed

    folder.mkdir(parents=True, exist_ok=True)
    size = -(-len(items) // parts)
    for p in range(parts):
        # Each file on its own: an id may repeat across files, as in a real lake.
        part = shop(items[p * size : (p + 1) * size]).to_frames(backend="pyarrow")["feedback"]
        pq.write_table(part, folder / f"part-{p:03d}.parquet")
    return folder


def text_frame(items: list[dime.Feedback]) -> dict[str, list[Any]]:
    """The columns a CSV export holds: ISO 8601 text with each item's own offset."""
    return {
        "id": [f.id for f in items],
        "received": [f.received.isoformat() for f in items],
        "kind": [f.kind.value for f in items],
        "folder": [None if f.folder is None else f.folder.value for f in items],
        "touchpoint": [f.touchpoint for f in items],
        "channel": [None if f.channel is None else f.channel.value for f in items],
        "scale": [None if f.score is None else f.score.scale for f in items],
        "value": [None if f.score is None else str(f.score.value) for f in items],
        "assigned_to": [f.assigned_to for f in items],
    }
