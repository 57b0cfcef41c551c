"""Benchmark: dime documents against pydantic v2 and msgspec on a large framework.

Run with ``python bench/bench_serialization.py [N] [--rounds R]`` after
``pip install --group bench -e .``.  It builds one framework with N feedback
items (1,000,000 by default) plus the built-in example's other records,
writes it once with dime, and times, on the same bytes:

- loading: ``dime.loads``, pydantic's ``TypeAdapter.validate_json`` on an
  equally validated model (the same field rules, unknown keys forbidden, and
  the framework's integrity checked in a model validator), and msgspec's
  typed decoder (the floor: C, with the field rules it can express);
- loading a *sparse* document: the same framework with every optional key
  that holds its default left out, by dime and by pydantic;
- writing: ``dime.dumps`` with the standard library and with orjson,
  pydantic's ``dump_json``, and msgspec's encoder;
- memory: tracemalloc's count of what each loaded result holds, per feedback item.

Every contestant runs once per round, in the same order, for R rounds (5 by
default); each figure is the median of its rounds, with the fastest and the
slowest round beside it.  All of that is done twice: with the garbage collector
enabled for every contestant, then disabled for every contestant.  With the
collector enabled, ``dime.loads`` and ``dime.dumps`` pause it themselves while
they run (the others do not); with it disabled, nobody collects.
"""

from __future__ import annotations

import gc
import random
import statistics
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
    departments = [d.name for d in base.departments]
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
                score=rng.choice([None, *(dime.Score(scale="csat", value=v) for v in range(1, 6))]),
                assigned_to=rng.choice([None, *departments]),
                metadata={"source": "survey", "wave": i % 7} if i % 10 == 0 else {},
            )
        )
    # The example's initiatives name the feedback they address: keep those items too.
    addressed = {ref for i in base.initiatives for ref in i.addresses}
    items.extend(f for f in base.feedback if f.id in addressed)
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


#: The built-in scales, as dime checks a score against its scale: (lowest, highest).
SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}


class PScore(_Model):
    scale: NonBlank
    value: StrictInt | float

    @pydantic.model_validator(mode="after")
    def _on_its_scale(self) -> PScore:
        low, high = SCALES[self.scale]
        if not low <= self.value <= high or self.value != int(self.value):
            raise ValueError("off its scale")
        return self


class PScale(_Model):
    name: NonBlank
    minimum: float
    maximum: float
    higher_is_better: bool = True
    whole: bool = True
    metadata: Metadata = Field(default_factory=dict)


class PFeedback(_Model):
    id: NonBlank
    received: AwareDatetime
    kind: PKind
    folder: PFolder | None = None
    touchpoint: NonBlank | None = None
    channel: PChannel | None = None
    text: str = ""
    score: PScore | None = None
    assigned_to: NonBlank | None = None
    metadata: Metadata = Field(default_factory=dict)


class PTouchpoint(_Model):
    id: NonBlank
    name: NonBlank
    channel: PChannel
    stage: PStage
    pillars: list[Pillar] = Field(default_factory=list)
    owner: NonBlank | None = None
    metadata: Metadata = Field(default_factory=dict)


PMeasureKind = _enum(dime.MeasureKind)


class POutcome(_Model):
    measure: NonBlank
    before: float
    after: float
    measured_on: pydantic.StrictStr


class PMeasure(_Model):
    name: NonBlank
    kind: PMeasureKind
    scale: NonBlank | None = None
    unit: NonBlank | None = None
    target: float | None = None
    higher_is_better: bool = True
    metadata: Metadata = Field(default_factory=dict)


class PMeasurement(_Model):
    measure: NonBlank
    value: float
    on: pydantic.StrictStr
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
    addresses: list[NonBlank] = Field(default_factory=list)
    outcome: POutcome | None = None
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
    measures: list[PMeasure] = Field(default_factory=list)
    measurements: list[PMeasurement] = Field(default_factory=list)
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
    scales: list[PScale] = Field(default_factory=list)
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
        feedback = {f.id for f in self.feedback}
        if not {a for i in self.initiatives for a in i.addresses} <= feedback:
            raise ValueError("unknown feedback")
        for d in self.departments:
            if not {m.measure for m in d.measurements} <= {m.name for m in d.measures}:
                raise ValueError("unknown measure")
        for group, attr in (
            (self.touchpoints, "owner"),
            (self.initiatives, "owner"),
            (self.responsibilities, "department"),
            (self.feedback, "assigned_to"),
        ):
            if not {getattr(r, attr) for r in group} - {None} <= departments:
                raise ValueError("unknown department")
        return self


class PDocument(_Model):
    dime: Literal[2]
    framework: PFramework


# ---------------------------------------------------------------------------
# msgspec: the floor


class MArea(msgspec.Struct, forbid_unknown_fields=True):
    pillar: Pillar
    layer: Layer


class MScore(msgspec.Struct, forbid_unknown_fields=True):
    scale: str
    value: int | float


class MScale(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    minimum: float
    maximum: float
    higher_is_better: bool = True
    whole: bool = True
    metadata: dict[str, Any] = {}


class MFeedback(msgspec.Struct, forbid_unknown_fields=True):
    id: Annotated[str, msgspec.Meta(pattern=r"\S")]
    received: Annotated[datetime, msgspec.Meta(tz=True)]
    kind: PKind
    folder: PFolder | None = None
    touchpoint: str | None = None
    channel: PChannel | None = None
    text: str = ""
    score: MScore | None = None
    assigned_to: str | None = None
    metadata: dict[str, Any] = {}


class MTouchpoint(msgspec.Struct, forbid_unknown_fields=True):
    id: str
    name: str
    channel: PChannel
    stage: PStage
    pillars: list[Pillar] = []
    owner: str | None = None
    metadata: dict[str, Any] = {}


class MOutcome(msgspec.Struct, forbid_unknown_fields=True):
    measure: str
    before: float
    after: float
    measured_on: str


class MMeasure(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    kind: PMeasureKind
    scale: str | None = None
    unit: str | None = None
    target: float | None = None
    higher_is_better: bool = True
    metadata: dict[str, Any] = {}


class MMeasurement(msgspec.Struct, forbid_unknown_fields=True):
    measure: str
    value: float
    on: str
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
    addresses: list[str] = []
    outcome: MOutcome | None = None
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
    measures: list[MMeasure] = []
    measurements: list[MMeasurement] = []
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
    scales: list[MScale] = []
    metadata: dict[str, Any] = {}


class MDocument(msgspec.Struct, forbid_unknown_fields=True):
    dime: int
    framework: MFramework


# ---------------------------------------------------------------------------
# Measuring


def sparse_document(fw: dime.Framework) -> bytes:
    """The document with every optional key that holds its default left out."""
    defaults = {
        "folder": None, "touchpoint": None, "channel": None, "text": "", "score": None,
        "metadata": {}, "owner": None, "status": "planned", "started": None, "finished": None,
        "effort": 1, "step": None, "department": None, "share": 1, "objective": None,
        "measures": [], "assessor": None, "pillars": [], "assigned_to": None,
    }  # fmt: skip
    document = msgspec.json.decode(dime.dumps(fw))
    for records in document["framework"].values():
        if isinstance(records, list):
            for record in records:
                for key in [k for k, v in record.items() if k in defaults and v == defaults[k]]:
                    del record[key]
    return msgspec.json.encode(document)


def stdlib_dumps(fw: dime.Framework) -> str:
    """dime.dumps as it writes without orjson."""
    return _serialization._dumps(fw, indent=None, accelerate=False)  # noqa: SLF001


class Contest:
    """Contestants timed once per round, in order, with the collector set for everyone."""

    def __init__(self, *, collector: bool) -> None:
        self.collector = collector
        self.entries: list[tuple[str, str, Callable[[], object]]] = []
        self.times: dict[str, list[float]] = {}

    def add(self, group: str, name: str, fn: Callable[[], object]) -> None:
        self.entries.append((group, name, fn))
        self.times[name] = []

    def run(self, rounds: int) -> None:
        for r in range(rounds):
            for _, name, fn in self.entries:
                gc.enable()
                gc.collect()
                if not self.collector:
                    gc.disable()
                t0 = time.perf_counter()
                result = fn()
                seconds = time.perf_counter() - t0
                del result
                gc.enable()
                self.times[name].append(seconds)
            print(f"  round {r + 1}/{rounds} done", flush=True)
        gc.enable()

    def median(self, name: str) -> float:
        return statistics.median(self.times[name])

    def shown(self, name: str) -> str:
        t = self.times[name]
        return f"{self.median(name):.3f} ({min(t):.3f}-{max(t):.3f})"


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


def main() -> None:  # noqa: PLR0915 - one report, start to finish
    args = sys.argv[1:]
    rounds = 5
    if "--rounds" in args:
        at = args.index("--rounds")
        rounds = int(args[at + 1])
        del args[at : at + 2]
    n = int(args[0]) if args else 1_000_000
    print(f"building a framework with {n:,} feedback items ...", flush=True)
    fw = build(n)
    data = dime.dumps(fw).encode()
    sparse = sparse_document(fw)
    print(
        f"document: {len(data) / 1e6:.1f} MB, sparse: {len(sparse) / 1e6:.1f} MB; "
        f"python {sys.version.split()[0]}, pydantic {pydantic.VERSION}, "
        f"msgspec {msgspec.__version__}, {rounds} interleaved rounds",
        flush=True,
    )

    adapter = TypeAdapter(PDocument)
    p_doc = adapter.validate_json(data)
    assert len(p_doc.framework.feedback) == len(fw.feedback)
    assert len(adapter.validate_json(sparse).framework.feedback) == len(fw.feedback)
    m_decoder = msgspec.json.Decoder(MDocument)
    m_encoder = msgspec.json.Encoder()
    m_doc = m_decoder.decode(data)
    assert dime.loads(data) == fw
    assert dime.loads(sparse) == fw
    assert stdlib_dumps(fw) == dime.dumps(fw)

    contests = {}
    for collector in (True, False):
        print(f"gc {'on' if collector else 'off'} for every contestant ...", flush=True)
        contest = Contest(collector=collector)
        contest.add(
            "load", "pydantic TypeAdapter.validate_json", lambda: adapter.validate_json(data)
        )
        contest.add("load", "dime.loads", lambda: dime.loads(data))
        contest.add("load", "msgspec decode (floor)", lambda: m_decoder.decode(data))
        contest.add("sparse", "pydantic, sparse document", lambda: adapter.validate_json(sparse))
        contest.add("sparse", "dime.loads, sparse document", lambda: dime.loads(sparse))
        contest.add("write", "pydantic dump_json", lambda: adapter.dump_json(p_doc))
        contest.add("write", "dime.dumps, standard library", lambda: stdlib_dumps(fw))
        contest.add("write", "dime.dumps, orjson", lambda: dime.dumps(fw))
        contest.add("write", "msgspec encode (floor)", lambda: m_encoder.encode(m_doc))
        contest.run(rounds)
        contests[collector] = contest

    print("memory ...", flush=True)
    memory = [
        ("pydantic", memory_per_item(lambda: adapter.validate_json(data), n)),
        ("dime", memory_per_item(lambda: dime.loads(data), n)),
        ("msgspec (floor)", memory_per_item(lambda: m_decoder.decode(data), n)),
    ]

    on, off = contests[True], contests[False]
    peers = {
        "load": "pydantic TypeAdapter.validate_json",
        "sparse": "pydantic, sparse document",
        "write": "pydantic dump_json",
    }
    print()
    print(
        f"{n:,} feedback items, {len(data) / 1e6:.1f} MB ({len(sparse) / 1e6:.1f} MB sparse); "
        f"median seconds of {rounds} interleaved rounds (fastest-slowest)"
    )
    print(
        "gc on: enabled for every contestant (dime.loads and dime.dumps pause it inside); "
        "gc off: disabled for every contestant"
    )
    print()
    print("| measure | gc on: seconds | vs pydantic | gc off: seconds | vs pydantic |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for group, name, _ in on.entries:
        peer = peers[group]
        ratios = [
            "" if name == peer else f"{c.median(name) / c.median(peer):.2f}x" for c in (on, off)
        ]
        print(f"| {name} | {on.shown(name)} | {ratios[0]} | {off.shown(name)} | {ratios[1]} |")
    full, thin = "dime.loads", "dime.loads, sparse document"
    print(
        f"| dime.loads, sparse / full | | {on.median(thin) / on.median(full):.2f}x | "
        f"| {off.median(thin) / off.median(full):.2f}x |"
    )
    print()
    print("| memory per loaded feedback item | bytes | vs pydantic |")
    print("| --- | ---: | ---: |")
    for name, value in memory:
        print(f"| {name} | {value:.0f} | {value / memory[0][1]:.2f}x |")


if __name__ == "__main__":
    main()
