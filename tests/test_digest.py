"""Tests for the digest: the SHA-256 of a framework's canonical document."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dime
import dime.strategies as ds
from dime import (
    Channel,
    Department,
    Feedback,
    FeedbackKind,
    Framework,
    Initiative,
    Measure,
    MeasureKind,
    Pillar,
)
from dime._cli import main
from dime._digest import canonical_json, canonical_text, record_same, record_text
from dime.exceptions import InvalidFieldError

slow = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Every collection of records the framework holds, read from its fields (a new one counts too).
KINDS = tuple(
    a.name for a in attrs.fields(Framework) if a.init and a.name not in {"name", "metadata"}
)


def frozen(value: object) -> object:
    """A JSON value as a hashable, type-strict whole: ``1`` and ``1.0`` agree, ``True`` and ``1`` do not."""
    if isinstance(value, Mapping):
        return frozenset((k, frozen(v)) for k, v in value.items())
    if isinstance(value, list):
        return tuple(frozen(v) for v in value)
    if isinstance(value, bool) or value is None:
        return ("literal", value)
    if isinstance(value, (int, float)):
        return ("number", Fraction(value))
    return ("text", value)


def document(fw: Framework) -> object:
    """The framework's document as the writer writes it, with each kind's records as a multiset."""
    data: dict[str, Any] = json.loads(dime.dumps(fw))["framework"]
    return frozenset(
        (
            key,
            frozenset(Counter(frozen(r) for r in value).items()) if key in KINDS else frozen(value),
        )
        for key, value in data.items()
    )


def reordered(fw: Framework, data: st.DataObject) -> Framework:
    """``fw`` with the records of every kind in another order."""
    shuffled: dict[str, Any] = {
        kind: tuple(data.draw(st.permutations(getattr(fw, kind)))) for kind in KINDS
    }
    return attrs.evolve(fw, **shuffled)


@st.composite
def nearly(draw: st.DrawFn, fw: Framework) -> Framework:
    """``fw`` with one small change that may or may not change its document."""
    choices = ["name", "metadata-bool", "metadata-order"]
    if fw.initiatives:
        choices += ["effort-float", "effort"]
    if fw.feedback:
        choices += ["offset", "text"]
    choice = draw(st.sampled_from(choices))
    if choice == "name":
        return attrs.evolve(fw, name=fw.name + "!")
    if choice == "metadata-bool":
        return attrs.evolve(
            fw, metadata={**fw.metadata, "flag": draw(st.sampled_from([True, 1, 1.0]))}
        )
    if choice == "metadata-order":
        return attrs.evolve(fw, metadata=dict(reversed(list(fw.metadata.items()))))
    if choice in ("effort-float", "effort"):
        first = fw.initiatives[0]
        effort = float(first.effort) if choice == "effort-float" else first.effort + 1
        return attrs.evolve(
            fw, initiatives=(attrs.evolve(first, effort=effort), *fw.initiatives[1:])
        )
    f = fw.feedback[0]
    if choice == "offset":
        changed = attrs.evolve(f, received=f.received.astimezone(timezone(timedelta(hours=3))))
    else:
        changed = attrs.evolve(f, text=f.text + " ")
    return attrs.evolve(fw, feedback=(changed, *fw.feedback[1:]))


class TestDigest:
    """What the digest depends on, and what it does not."""

    def test_the_form(self) -> None:
        """A digest is sha256: and 64 lower-case hexadecimal digits: the hash of the canonical text."""
        fw = dime.example()
        d = dime.digest(fw)
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", d)
        assert "sha256:" + hashlib.sha256(canonical_text(fw).encode()).hexdigest() == d

    @slow
    @given(ds.frameworks(max_records=4), st.data())
    def test_record_order_changes_nothing(self, fw: Framework, data: st.DataObject) -> None:
        """The records of each kind in any order give the same digest."""
        assert dime.digest(fw) == dime.digest(reordered(fw, data))

    @slow
    @given(ds.frameworks(max_records=4), st.sampled_from([None, 2, 4]))
    def test_indentation_changes_nothing(self, fw: Framework, indent: int | None) -> None:
        """A framework written with any indentation and read back has the same digest."""
        assert dime.digest(fw) == dime.digest(dime.loads(dime.dumps(fw, indent=indent)))

    @slow
    @given(ds.frameworks(max_records=4), ds.frameworks(max_records=4), st.data())
    def test_equal_if_and_only_if_the_documents_are(
        self, a: Framework, other: Framework, data: st.DataObject
    ) -> None:
        """Digests agree exactly when the documents agree, up to the order of records and keys."""
        b = data.draw(st.sampled_from([other, reordered(a, data), data.draw(nearly(a))]))
        assert (dime.digest(a) == dime.digest(b)) == (document(a) == document(b))

    @slow
    @given(ds.frameworks(max_records=4))
    def test_the_canonical_text_is_the_document(self, fw: Framework) -> None:
        """The canonical text reads back as the document dumps writes, records in another order."""
        canonical = json.loads(canonical_text(fw))
        written = json.loads(dime.dumps(fw))
        assert written["dime"] == canonical["dime"]
        assert document(fw) == frozenset(
            (
                key,
                frozenset(Counter(frozen(r) for r in value).items())
                if key in KINDS
                else frozen(value),
            )
            for key, value in canonical["framework"].items()
        )

    def test_a_moment_in_another_offset_is_another_document(self) -> None:
        """The same instant written with another UTC offset changes the digest."""
        noon = datetime(2026, 3, 1, 12, tzinfo=UTC)
        a = Framework(name="A", feedback=[Feedback(id="f", received=noon, kind=FeedbackKind.GIFT)])
        b = attrs.evolve(
            a,
            feedback=[
                attrs.evolve(a.feedback[0], received=noon.astimezone(timezone(timedelta(hours=2))))
            ],
        )
        assert a == b  # Python compares the instants
        assert dime.digest(a) != dime.digest(b)

    def test_a_whole_float_is_the_integer(self) -> None:
        """An effort of 2 and of 2.0 are the same document, and the same digest."""
        work = Initiative(id="i", title="T", area=dime.AREAS[0])
        a = Framework(name="A", initiatives=[attrs.evolve(work, effort=2)])
        b = Framework(name="A", initiatives=[attrs.evolve(work, effort=2.0)])
        assert dime.digest(a) == dime.digest(b)

    def test_not_a_framework(self) -> None:
        """Anything but a Framework is refused with InvalidFieldError."""
        with pytest.raises(InvalidFieldError, match=r"digest\.framework"):
            dime.digest(dime.to_dict(dime.example()))  # type: ignore[arg-type]


class TestCanonicalJSON:
    """The canonical form of values: sorted keys, no space, numbers as ECMAScript writes them."""

    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (0.1, "0.1"),
            (-0.5, "-0.5"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (0.00001234, "0.00001234"),
            (123.456, "123.456"),
            (2.0, "2"),
            (-0.0, "0"),
            (1e21, "1000000000000000000000"),
            (10**30, "1000000000000000000000000000000"),
            (True, "true"),
            (None, "null"),
            ('\u00e9\n"', '"\u00e9\\n\\""'),
            ({"b": 1, "a": [1, 2.5]}, '{"a":[1,2.5],"b":1}'),
            ({"\ue000": 1, "\U0001f600": 2}, '{"\U0001f600":2,"\ue000":1}'),
        ],
    )
    def test_values(self, value: object, text: str) -> None:
        """Each value is written in its canonical form (keys by UTF-16 code units, as RFC 8785)."""
        assert text == canonical_json(value)

    @given(st.floats(allow_nan=False, allow_infinity=False))
    def test_floats_read_back_exactly(self, x: float) -> None:
        """Every finite float's canonical text reads back as the same number."""
        assert x == json.loads(canonical_json(x))
        assert math.copysign(1, x) == math.copysign(1, json.loads(canonical_json(x))) or x == 0


@attrs.frozen(kw_only=True)
class _Visit:
    """A record of a kind the library does not have, to show writers come from the fields."""

    id: str
    at: datetime
    pillars: frozenset[Pillar]
    channel: Channel | None = None
    day: date | None = None
    tags: tuple[str, ...] = ()
    metadata: Mapping[str, object] = attrs.field(factory=dict)


class TestGenerated:
    """The writer and the comparison of each record kind come from its fields."""

    def test_a_new_kind_of_record_is_written_from_its_fields(self) -> None:
        """Any attrs record is written with its keys sorted and its values as the document has them."""
        v = _Visit(
            id="v",
            at=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
            pillars=frozenset({Pillar.M, Pillar.D}),
            tags=("a",),
            metadata={"z": 1, "a": True},
        )
        assert {
            "at": "2026-01-02T03:04:00+00:00",
            "channel": None,
            "day": None,
            "id": "v",
            "metadata": {"a": True, "z": 1},
            "pillars": ["D", "M"],
            "tags": ["a"],
        } == json.loads(record_text(_Visit)(v))
        assert list(json.loads(record_text(_Visit)(v))) == sorted(attrs.fields_dict(_Visit))

    @slow
    @given(st.data())
    def test_same_is_equal_text(self, data: st.DataObject) -> None:
        """Two records are the same exactly when their canonical texts are equal."""
        fw = data.draw(ds.frameworks(max_records=4))
        kinds = [k for k in KINDS if getattr(fw, k)]
        if not kinds:
            return
        kind = data.draw(st.sampled_from(kinds))
        a = data.draw(st.sampled_from(getattr(fw, kind)))
        b = data.draw(
            st.sampled_from(getattr(fw, kind))
            | st.just(attrs.evolve(a, metadata={"x": True}))
            | st.just(attrs.evolve(a, metadata={"x": 1}))
        )
        write = record_text(type(a))
        assert record_same(type(a))(a, b) == (write(a) == write(b))

    def test_department_text(self) -> None:
        """A department's canonical text, keys sorted."""
        nps = Measure(name="NPS", kind=MeasureKind.SCORE, scale="nps")
        assert (
            '{"measurements":[],"measures":[{"higher_is_better":true,"kind":"score",'
            '"metadata":{},"name":"NPS","scale":"nps","target":null,"unit":null}],'
            '"metadata":{},"name":"IT","objective":null}'
        ) == record_text(Department)(Department(name="IT", measures=(nps,)))


class TestCommand:
    """dime digest FILE ..."""

    def test_prints_each_files_digest(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Each file gets a line: its digest, two spaces, its name; indentation does not matter."""
        fw = dime.example()
        compact, indented = tmp_path / "a.json", tmp_path / "b.json"
        compact.write_text(dime.dumps(fw), encoding="utf-8")
        indented.write_text(dime.dumps(fw, indent=4), encoding="utf-8")
        assert 0 == main(["digest", str(compact), str(indented)])
        out = capsys.readouterr().out.splitlines()
        assert [f"{dime.digest(fw)}  {compact}", f"{dime.digest(fw)}  {indented}"] == out

    def test_a_missing_file_exits_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file that cannot be read is named on standard error, the others still printed."""
        good = tmp_path / "a.json"
        good.write_text(dime.dumps(dime.example()), encoding="utf-8")
        assert 2 == main(["digest", str(tmp_path / "missing.json"), str(good)])
        captured = capsys.readouterr()
        assert "missing.json" in captured.err
        assert str(good) in captured.out
