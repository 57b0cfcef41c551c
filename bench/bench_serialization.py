"""Benchmark: dime documents against pydantic v2 and msgspec on a large framework.

Run with ``python bench/bench_serialization.py [N]`` after
``pip install --group bench -e .``.  It builds one framework with N feedback
items (1,000,000 by default) plus the built-in example's other records,
writes it once with dime, and times, on the same bytes:

- loading: ``dime.loads``, pydantic's ``TypeAdapter.validate_json`` on an
  equally validated model (the same field rules, unknown keys forbidden, and
  the framework's integrity checked in a model validator), and msgspec's
  typed decoder (the floor: C, with the field rules it can express);
- writing: ``dime.dumps`` with the standard library and with orjson,
  pydantic's ``dump_json``, and msgspec's encoder;
- memory: tracemalloc's count of what each loaded result holds, per feedback item.

Each time is the best of a few runs.  The garbage collector stays at its
default setting (enabled) for every contestant; ``dime.loads`` and
``dime.dumps`` pause it themselves while they run and restore it after.
"""

from __future__ import annotations

import gc
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from enum import Enum
from typing import Annotated, Any, Literal

import msgspec
import pydantic
from pydantic import AwareDatetime, ConfigDict, Field, JsonValue, StrictInt, TypeAdapter

import dime
from dime import _serialization

# ---------------------------------------------------------------------------
# The framework under test


_TEXTS = (
    "Lovely staff, very helpful",
    "Delivery was late again",
    "Could not find the returns form",
    "Great prices this season",
    "The app keeps logging me out",
    "Thank you for the quick refund",
    "",
)


def build(n: int) -> dime.Framework:
    rng = random.Random(4)
    base = dime.example()
    tps = [t.id for t in base.touchpoints]
    offsets = [UTC, UTC, UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5))]
    start = datetime(2025, 1, 1, tzinfo=UTC)
    items = []
    for i in range(n):
        when = (start + timedelta(seconds=i * 29, microseconds=rng.randrange(10**6))).astimezone(
            rng.choice(offsets)
        )
        items.append(
            dime.Feedback(
                id=f"f-{i:07d}",
                received=when,
                kind=rng.choice(list(dime.FeedbackKind)),
                folder=rng.choice([None, *dime.FeedbackFolder]),
                touchpoint=rng.choice([None, *tps]),
                channel=rng.choice([None, *dime.Channel]),
                text=f"{rng.choice(_TEXTS)} (#{i})",
                score=rng.choice([None, 1, 2, 3, 4, 5]),
                metadata={"source": "survey", "wave": i % 7} if i % 10 == 0 else {},
            )
        )
    return dime.Framework(
        name=base.name,
        touchpoints=base.touchpoints,
        initiatives=base.initiatives,
        feedback=items,
        responsibilities=base.responsibilities,
        departments=base.departments,
        assessments=base.assessments,
        metadata={"generated": True},
    )


# ---------------------------------------------------------------------------
# pydantic: the same document, validated as strictly


NonBlank = Annotated[str, Field(pattern=r"\S")]


def _enum(cls: type[Enum]) -> Any:
    return Enum(cls.__name__, {m.name: m.value for m in cls})  # type: ignore[misc]


PKind = _enum(dime.FeedbackKind)
PFolder = _enum(dime.FeedbackFolder)
PChannel = _enum(dime.Channel)
PStage = _enum(dime.Stage)
PStatus = _enum(dime.InitiativeStatus)
PStep = _enum(dime.ImprovementStep)
PMindset = _enum(dime.Mindset)
Pillar = Literal["D", "I", "M", "E"]
Layer = Literal["coordination", "implementation", "review", "responsibility"]
Metadata = dict[str, JsonValue]


class _Model(pydantic.BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class PArea(_Model):
    pillar: Pillar
    layer: Layer


class PFeedback(_Model):
    id: NonBlank
    received: AwareDatetime
    kind: PKind
    folder: PFolder | None = None
    touchpoint: NonBlank | None = None
    channel: PChannel | None = None
    text: str = ""
    score: StrictInt | None = None
    metadata: Metadata = Field(default_factory=dict)


class PTouchpoint(_Model):
    id: NonBlank
    name: NonBlank
    channel: PChannel
    stage: PStage
    pillars: list[Pillar] = Field(default_factory=list)
    owner: NonBlank | None = None
    metadata: Metadata = Field(default_factory=dict)


class PInitiative(_Model):
    id: NonBlank
    title: NonBlank
    area: PArea
    owner: NonBlank | None = None
    status: PStatus = PStatus.PLANNED  # type: ignore[attr-defined]
    started: pydantic.StrictStr | None = None
    finished: pydantic.StrictStr | None = None
    effort: Annotated[float, Field(gt=0, allow_inf_nan=False)] = 1
    step: PStep | None = None
    metadata: Metadata = Field(default_factory=dict)


class PResponsibility(_Model):
    holder: NonBlank
    mindset: PMindset
    department: NonBlank | None = None
    share: Annotated[float, Field(gt=0, le=1)] = 1
    metadata: Metadata = Field(default_factory=dict)


class PDepartment(_Model):
    name: NonBlank
    objective: NonBlank | None = None
    measures: list[str] = Field(default_factory=list)
    metadata: Metadata = Field(default_factory=dict)


class PAssessment(_Model):
    area: PArea
    score: Annotated[float, Field(ge=0, le=5)]
    on: pydantic.StrictStr
    assessor: NonBlank | None = None
    metadata: Metadata = Field(default_factory=dict)


class PFramework(_Model):
    name: NonBlank
    touchpoints: list[PTouchpoint] = Field(default_factory=list)
    initiatives: list[PInitiative] = Field(default_factory=list)
    feedback: list[PFeedback] = Field(default_factory=list)
    responsibilities: list[PResponsibility] = Field(default_factory=list)
    departments: list[PDepartment] = Field(default_factory=list)
    assessments: list[PAssessment] = Field(default_factory=list)
    metadata: Metadata = Field(default_factory=dict)

    @pydantic.model_validator(mode="after")
    def _integrity(self) -> PFramework:
        departments = {d.name for d in self.departments}
        touchpoints = {t.id for t in self.touchpoints}
        for field in ("departments", "touchpoints", "initiatives", "feedback"):
            records = getattr(self, field)
            keys = {r.name if field == "departments" else r.id for r in records}
            if len(keys) != len(records):
                raise ValueError(f"duplicate ids in {field}")
        if not {f.touchpoint for f in self.feedback} - {None} <= touchpoints:
            raise ValueError("unknown touchpoint")
        for group, attr in (
            (self.touchpoints, "owner"),
            (self.initiatives, "owner"),
            (self.responsibilities, "department"),
        ):
            if not {getattr(r, attr) for r in group} - {None} <= departments:
                raise ValueError("unknown department")
        return self


class PDocument(_Model):
    dime: Literal[1]
    framework: PFramework


# ---------------------------------------------------------------------------
# msgspec: the floor


class MArea(msgspec.Struct, forbid_unknown_fields=True):
    pillar: Pillar
    layer: Layer


class MFeedback(msgspec.Struct, forbid_unknown_fields=True):
    id: Annotated[str, msgspec.Meta(pattern=r"\S")]
    received: Annotated[datetime, msgspec.Meta(tz=True)]
    kind: PKind
    folder: PFolder | None = None
    touchpoint: str | None = None
    channel: PChannel | None = None
    text: str = ""
    score: int | None = None
    metadata: dict[str, Any] = {}


class MTouchpoint(msgspec.Struct, forbid_unknown_fields=True):
    id: str
    name: str
    channel: PChannel
    stage: PStage
    pillars: list[Pillar] = []
    owner: str | None = None
    metadata: dict[str, Any] = {}


class MInitiative(msgspec.Struct, forbid_unknown_fields=True):
    id: str
    title: str
    area: MArea
    owner: str | None = None
    status: PStatus = PStatus.PLANNED  # type: ignore[attr-defined]
    started: str | None = None
    finished: str | None = None
    effort: float = 1
    step: PStep | None = None
    metadata: dict[str, Any] = {}


class MResponsibility(msgspec.Struct, forbid_unknown_fields=True):
    holder: str
    mindset: PMindset
    department: str | None = None
    share: float = 1
    metadata: dict[str, Any] = {}


class MDepartment(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    objective: str | None = None
    measures: list[str] = []
    metadata: dict[str, Any] = {}


class MAssessment(msgspec.Struct, forbid_unknown_fields=True):
    area: MArea
    score: float
    on: str
    assessor: str | None = None
    metadata: dict[str, Any] = {}


class MFramework(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    touchpoints: list[MTouchpoint] = []
    initiatives: list[MInitiative] = []
    feedback: list[MFeedback] = []
    responsibilities: list[MResponsibility] = []
    departments: list[MDepartment] = []
    assessments: list[MAssessment] = []
    metadata: dict[str, Any] = {}


class MDocument(msgspec.Struct, forbid_unknown_fields=True):
    dime: int
    framework: MFramework


# ---------------------------------------------------------------------------
# Measuring


def best(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    times = []
    result: object = None
    for _ in range(runs):
        result = None
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def memory_per_item(fn: Callable[[], object], n: int) -> float:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    result = fn()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del result
    return (after - before) / n


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    runs = 3
    print(f"building a framework with {n:,} feedback items ...", flush=True)
    fw = build(n)
    text = dime.dumps(fw)
    data = text.encode()
    print(f"document: {len(data) / 1e6:.1f} MB; gc: {'enabled' if gc.isenabled() else 'disabled'}")
    print(
        f"python {sys.version.split()[0]}, pydantic {pydantic.VERSION}, "
        f"msgspec {msgspec.__version__}, best of {runs}",
        flush=True,
    )

    adapter = TypeAdapter(PDocument)
    p_doc = adapter.validate_json(data)
    assert len(p_doc.framework.feedback) == n
    m_decoder = msgspec.json.Decoder(MDocument)
    m_encoder = msgspec.json.Encoder()
    m_doc = m_decoder.decode(data)
    assert dime.loads(data) == fw

    rows: list[tuple[str, float, float | None]] = []

    def timed(name: str, fn: Callable[[], object], against: float | None = None) -> float:
        seconds, _ = best(fn, runs)
        rows.append((name, seconds, None if against is None else seconds / against))
        print(f"  {name:<44} {seconds:8.3f} s", flush=True)
        return seconds

    print("loading ...", flush=True)
    p_load = timed("pydantic TypeAdapter.validate_json", lambda: adapter.validate_json(data))
    timed("dime.loads", lambda: dime.loads(data), p_load)
    timed("msgspec decode (floor)", lambda: m_decoder.decode(data), p_load)

    print("writing ...", flush=True)
    p_dump = timed("pydantic dump_json", lambda: adapter.dump_json(p_doc))
    std = timed(
        "dime.dumps, standard library",
        lambda: _serialization._dumps(  # noqa: SLF001 - the standard-library path on its own
            fw, indent=None, accelerate=False
        ),
        p_dump,
    )
    fast = timed("dime.dumps, orjson", lambda: dime.dumps(fw), p_dump)
    timed("msgspec encode (floor)", lambda: m_encoder.encode(m_doc), p_dump)
    assert _serialization._dumps(  # noqa: SLF001 - the standard-library path on its own
        fw, indent=None, accelerate=False
    ) == dime.dumps(fw)
    del std, fast

    print("memory ...", flush=True)
    p_mem = memory_per_item(lambda: adapter.validate_json(data), n)
    d_mem = memory_per_item(lambda: dime.loads(data), n)
    m_mem = memory_per_item(lambda: m_decoder.decode(data), n)

    print()
    print(f"{n:,} feedback items, {len(data) / 1e6:.1f} MB, gc enabled (dime pauses it inside)")
    print(f"| {'measure':<44} | {'seconds':>8} | {'vs pydantic':>11} |")
    print(f"|{'-' * 46}|{'-' * 10}|{'-' * 13}|")
    for name, seconds, ratio in rows:
        shown = "" if ratio is None else f"{ratio:.2f}x"
        print(f"| {name:<44} | {seconds:8.3f} | {shown:>11} |")
    print()
    print(f"| {'memory per loaded feedback item':<44} | {'bytes':>8} | {'vs pydantic':>11} |")
    print(f"|{'-' * 46}|{'-' * 10}|{'-' * 13}|")
    for name, value in (("pydantic", p_mem), ("dime", d_mem), ("msgspec (floor)", m_mem)):
        print(f"| {name:<44} | {value:8.0f} | {value / p_mem:10.2f}x |")


if __name__ == "__main__":
    main()
