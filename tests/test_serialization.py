"""Tests for the document format: round trips, determinism, schema, errors, files, streams."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import pickle
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dime
import dime.strategies as ds
from dime import _converter, _serialization, _unstructure
from dime._fields import specs_of
from dime._model import COLLECTIONS
from dime._problems import ProblemCollector
from dime._wire import MAX_DEPTH
from dime.exceptions import (
    DimeError,
    DimeFileError,
    InvalidDocumentError,
    InvalidFieldError,
    InvalidFrameworkError,
    InvalidLineError,
    Problem,
    UnsupportedVersionError,
)

SCHEMA_FILE = Path(dime.__file__).parent / "schema" / "dime-2.schema.json"
VALIDATOR = jsonschema.Draft202012Validator(dime.json_schema())
WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)

try:
    import orjson  # noqa: F401
except ImportError:  # pragma: no cover - orjson is in the test group
    HAVE_ORJSON = False
else:
    HAVE_ORJSON = True


def document(fw: dime.Framework) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(dime.dumps(fw))
    return parsed


def problems_of(text: str | bytes) -> list[str]:
    with pytest.raises(InvalidDocumentError) as info:
        dime.loads(text)
    return [str(p) for p in info.value.problems]


def small_framework() -> dime.Framework:
    return dime.Framework(
        name="Shop",
        departments=[dime.Department(name="IT")],
        touchpoints=[
            dime.Touchpoint(
                id="web",
                name="Web",
                channel=dime.Channel.WEB,
                stage=dime.Stage.PURCHASE,
                pillars={dime.Pillar.E, dime.Pillar.D},
                owner="IT",
            )
        ],
        feedback=[
            dime.Feedback(id=f"f{i}", received=WHEN, kind=dime.FeedbackKind.GIFT, touchpoint="web")
            for i in range(20)
        ],
    )


# Mutations of valid documents, for the "schema agrees" and "only DimeError" properties.


def _locations(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_locations(item, (*path, key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(_locations(item, (*path, i)))
    return found


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    doc: Any = document(draw(ds.frameworks(max_records=3)))
    for _ in range(draw(st.integers(1, 3))):
        spots = _locations(doc)
        spot = draw(st.sampled_from(spots))
        replacement = draw(
            ds.json_values(max_leaves=4)
            | st.sampled_from(["", " ", "listenning", "2026-01-01T10:00:00", "2026-13-01", True])
            | st.integers(-3, 7)
        )
        if not spot:
            doc = {"dime": 1, "framework": replacement}
            continue
        parent: Any = doc
        for key in spot[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[spot[-1]] = replacement
        elif action == "delete":
            del parent[spot[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "id", "name", "metadata"]))] = replacement
        else:
            parent.append(replacement)
    return doc


class TestConverter:
    """One converter serves every record."""

    def test_one_converter(self) -> None:
        """The converter is built once and shared."""
        assert _converter.make_converter() is _converter.make_converter()


class TestRoundTrip:
    """Documents read back as the framework that wrote them."""

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(ds.frameworks(max_records=5))
    def test_loads_dumps(self, fw: dime.Framework) -> None:
        """loads(dumps(x)) == x for any framework, indented or not."""
        assert fw == dime.loads(dime.dumps(fw))
        assert fw == dime.loads(dime.dumps(fw, indent=2).encode())

    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(ds.frameworks(max_records=5))
    def test_bytes_are_stable(self, fw: dime.Framework) -> None:
        """dumps(loads(s)) is byte-identical to s, and dumps is the same every time."""
        text = dime.dumps(fw)
        assert text == dime.dumps(fw)
        assert text == dime.dumps(dime.loads(text))
        indented = dime.dumps(fw, indent=2)
        assert indented == dime.dumps(dime.loads(indented), indent=2)

    @pytest.mark.skipif(not HAVE_ORJSON, reason="orjson is not installed")
    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(ds.frameworks(max_records=5), st.sampled_from([None, 2]))
    def test_writers_agree(self, fw: dime.Framework, indent: int | None) -> None:
        """With orjson, with the standard library, and as json.dumps would: the same text."""
        reference = _serialization.write_reference(fw, indent=indent)
        assert reference == _serialization._dumps(fw, indent=indent, accelerate=True)
        assert reference == _serialization._dumps(fw, indent=indent, accelerate=False)

    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.lists(
            st.sampled_from([0, 0.0, -0.0, 1, 1.0, -1, 2.5, -2.5, 1e-300, 3]),
            min_size=1,
            max_size=40,
        ),
        st.sampled_from([None, 2]),
    )
    def test_repeated_scores_written_as_given(
        self, values: list[float], indent: int | None
    ) -> None:
        """Scores equal in value but not in type or sign (1 and 1.0, 0.0 and -0.0) keep their text."""
        scale = dime.Scale(name="delta", minimum=-5, maximum=5, whole=False)
        feedback = [
            dime.Feedback(
                id=f"f{i}",
                received=datetime(2026, 1, 1, tzinfo=UTC),
                kind=dime.FeedbackKind.ROUTINE,
                score=dime.Score(scale="delta", value=v),
            )
            for i, v in enumerate(values)
        ]
        fw = dime.Framework(name="Shop", feedback=feedback, scales=[scale])
        reference = _serialization.write_reference(fw, indent=indent)
        assert reference == _serialization._dumps(fw, indent=indent, accelerate=False)
        if HAVE_ORJSON:
            assert reference == _serialization._dumps(fw, indent=indent, accelerate=True)
        back = dime.loads(reference)
        assert [(type(f.score.value), repr(f.score.value)) for f in back.feedback if f.score] == [
            (type(v), repr(v)) for v in values
        ]

    @settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
    @given(ds.frameworks(max_records=3))
    def test_to_dict_from_dict(self, fw: dime.Framework) -> None:
        """Every model goes through to_dict and from_dict and comes back equal; the data is left alone."""
        data = dime.to_dict(fw)
        untouched = copy.deepcopy(data)
        assert fw == dime.from_dict(data)
        assert untouched == data
        records: list[dime.Touchpoint | dime.Initiative | dime.Feedback | dime.Responsibility | dime.Department | dime.Assessment] = [
            *fw.touchpoints, *fw.initiatives, *fw.feedback,
            *fw.responsibilities, *fw.departments, *fw.assessments,
        ]  # fmt: skip
        for record in records:
            assert record == dime.from_dict(dime.to_dict(record), type(record))
            assert record.metadata == dime.to_dict(record)["metadata"]

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(ds.areas())
    def test_area(self, area: dime.Area) -> None:
        """An area is written as its pillar and layer."""
        expected = {"pillar": area.pillar.value, "layer": area.layer.value}
        assert expected == dime.to_dict(area)
        assert area == dime.from_dict(expected, dime.Area)

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(ds.metadata())
    def test_metadata_untouched(self, metadata: dict[str, Any]) -> None:
        """Metadata comes back equal, nested values, unicode and large integers included."""
        fw = dime.Framework(name="x", metadata=metadata)
        assert metadata == dime.loads(dime.dumps(fw)).metadata

    def test_large_integers_and_offsets(self) -> None:
        """Integers beyond 64 bits, float values, offsets and microseconds survive."""
        tz = timezone(timedelta(hours=-3, minutes=-30))
        received = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=tz)
        item = dime.Feedback(
            id="f",
            received=received,
            kind=dime.FeedbackKind.BILL,
            score=dime.Score(scale="nps", value=7),
            metadata={
                "big": -(2**90),
                "huge": 2**80,
                "tiny": 1e-7,
                "pi": 3.141592653589793,
                "ü": ["ñ", None],
            },
        )
        back = dime.loads(dime.dumps(dime.Framework(name="x", feedback=[item]))).feedback[0]
        assert item == back
        assert tz.utcoffset(None) == back.received.utcoffset()
        assert back.received.microsecond == 678901
        assert back.metadata["huge"] == 2**80
        assert back.metadata["tiny"] == 1e-7

    def test_example(self) -> None:
        """The built-in example makes the round trip."""
        fw = dime.example()
        assert fw == dime.loads(dime.dumps(fw))

    def test_wire_form(self) -> None:
        """Enums are written as values, areas as objects, pillar sets in grid order."""
        fw = small_framework()
        fw = fw.add(
            dime.Initiative(
                id="i",
                title="T",
                area=dime.Area(dime.Pillar.D, dime.Layer.REVIEW),
                started=date(2026, 1, 5),
            )
        )
        data = document(fw)["framework"]
        assert data["touchpoints"][0]["pillars"] == ["D", "E"]
        assert data["initiatives"][0]["area"] == {"pillar": "D", "layer": "review"}
        assert data["initiatives"][0]["started"] == "2026-01-05"
        assert data["feedback"][0]["received"] == "2026-03-01T09:30:00+00:00"
        assert data["feedback"][0] == {
            "id": "f0",
            "received": "2026-03-01T09:30:00+00:00",
            "kind": "gift",
            "folder": None,
            "touchpoint": "web",
            "channel": None,
            "text": "",
            "score": None,
            "assigned_to": None,
            "metadata": {},
        }

    def test_defaults_may_be_left_out(self) -> None:
        """Fields with defaults may be missing from the input; they take their default."""
        fw = dime.loads(
            '{"dime": 1, "framework": {"name": "Shop", "feedback": '
            '[{"id": "f", "received": "2026-03-01T09:30:00Z", "kind": "junk"}]}}'
        )
        expected = dime.Feedback(id="f", received=WHEN, kind=dime.FeedbackKind.JUNK)
        assert (expected,) == fw.feedback

    def test_to_dict_rejects_other_types(self) -> None:
        """to_dict and from_dict only handle dime's models."""
        with pytest.raises(TypeError):
            dime.to_dict(3)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            dime.from_dict({}, dict)  # type: ignore[type-var]
        with pytest.raises(TypeError):
            dime.dumps(dime.Department(name="x"))  # type: ignore[arg-type]


class TestSchema:
    """The published schema agrees with the code."""

    def test_shipped_file_is_current(self) -> None:
        """The schema shipped in the package equals the generated one."""
        shipped = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
        assert dime.json_schema() == shipped, (
            "regenerate the file: json.dumps(dime.json_schema(), indent=2, ensure_ascii=False)"
        )

    def test_schema_is_valid(self) -> None:
        """The schema is a valid Draft 2020-12 schema."""
        jsonschema.Draft202012Validator.check_schema(dime.json_schema())

    def test_schema_lists_enums_and_docs(self) -> None:
        """Enums are named definitions and descriptions come from the docstrings."""
        schema = dime.json_schema()
        feedback = schema["$defs"]["Feedback"]
        assert [{"$ref": "#/$defs/FeedbackKind"}] == feedback["properties"]["kind"]["allOf"]
        assert ["junk", "bill", "routine", "gift"] == schema["$defs"]["FeedbackKind"]["enum"]
        assert feedback["properties"]["received"]["description"].startswith(
            "When it came in; timezone-aware"
        )
        assert ["id", "received", "kind"] == feedback["required"]

    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(ds.frameworks(max_records=5))
    def test_dumped_documents_validate(self, fw: dime.Framework) -> None:
        """Every document dumps writes is valid against the schema."""
        VALIDATOR.validate(document(fw))

    @settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
    @given(mutated_documents())
    def test_schema_rejects_means_loads_rejects(self, doc: Any) -> None:
        """A document the schema rejects is rejected by loads too; loads raises only DimeError."""
        text = json.dumps(doc)
        try:
            dime.loads(text)
        except DimeError:
            return
        assert VALIDATOR.is_valid(doc)

    def test_returns_a_copy(self) -> None:
        """Changing the returned schema changes nothing else."""
        dime.json_schema()["title"] = "changed"
        assert dime.json_schema()["title"] != "changed"


class TestErrors:
    """Bad input raises DimeError subclasses that list every problem with its JSON path."""

    def test_every_problem_with_paths(self) -> None:
        """Problems anywhere are all reported, with JSON paths."""
        doc = document(small_framework())
        doc["framework"]["feedback"][12]["folder"] = "listenning"
        doc["framework"]["feedback"][3]["score"] = {"scale": "nps", "value": True}
        doc["framework"]["feedback"][4]["received"] = "2026-01-01T10:00:00"
        doc["framework"]["feedback"][5]["colour"] = "red"
        del doc["framework"]["feedback"][6]["kind"]
        doc["framework"]["touchpoints"][0]["pillars"] = ["D", "X"]
        assert problems_of(json.dumps(doc)) == [
            "$.framework.touchpoints[0].pillars[1]: 'X' is not one of D, I, M, E",
            "$.framework.feedback[3].score.value: expected a number, got boolean true",
            (
                "$.framework.feedback[4].received: '2026-01-01T10:00:00' has no UTC offset; "
                "write one, such as 2026-01-01T10:00:00+00:00"
            ),
            (
                "$.framework.feedback[5].colour: unknown key 'colour'; expected one of id, "
                "received, kind, folder, touchpoint, channel, text, score, assigned_to, metadata"
            ),
            "$.framework.feedback[6]: missing the required key 'kind'",
            (
                "$.framework.feedback[12].folder: 'listenning' is not one of listening, "
                "insights, improving, planning"
            ),
        ]

    def test_integrity_problems_get_document_paths(self) -> None:
        """Dangling references and duplicate ids are reported at their place in the document."""
        doc = document(small_framework())
        doc["framework"]["feedback"][3]["touchpoint"] = "nowhere"
        doc["framework"]["feedback"][4]["id"] = "f0"
        assert problems_of(json.dumps(doc)) == [
            "$.framework.feedback[4].id: duplicate id 'f0', which feedback item 0 has too",
            (
                "$.framework.feedback[3].touchpoint: feedback 'f3' names touchpoint 'nowhere', "
                "which is not in touchpoints"
            ),
        ]

    def test_problems_are_structured(self) -> None:
        """The exception carries its problems as data, and survives pickling, its chain too."""
        doc = document(small_framework())
        doc["framework"]["feedback"][1]["kind"] = 7
        with pytest.raises(InvalidDocumentError) as info:
            dime.loads(json.dumps(doc))
        expected = Problem(
            "$.framework.feedback[1].kind",
            "expected one of junk, bill, routine, gift, got integer 7",
            wrong_type=True,
        )
        assert (expected,) == info.value.problems
        assert isinstance(info.value, TypeError)
        assert info.value.problems == pickle.loads(pickle.dumps(info.value)).problems
        chained: BaseException | None = info.value
        while chained is not None:  # what pickles chains too (tblib, in Dask) can ship it
            pickle.loads(pickle.dumps(chained))
            chained = chained.__cause__ or chained.__context__

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("", "$: not valid JSON: Expecting value at line 1 column 1"),
            ("[1, 2]", "$: expected a JSON object, got array [1, 2]"),
            ('{"dime": 1, "framework": {"name": NaN}}', "$: NaN is not a JSON number; write a finite number or null"),
            ('{"dime": 1, "framework": {"name": "x", "metadata": {"a": Infinity}}}', "$: Infinity is not a JSON number; write a finite number or null"),
            ('{"dime": 1, "framework": {"name": "x", "metadata": {"a": 1e999}}}', "$.framework.metadata.a: inf is not a JSON number"),
            ('{"dime": 1, "framework": {"name": " "}}', "$.framework.name: expected a non-empty string, got ' '"),
            ('{"dime": 1}', "$: missing the required key 'framework'"),
            ('{"dime": 1, "framework": {}, "x": 1}', "$.x: unknown key 'x'; expected dime and framework"),
            ('{"dime": "1", "framework": {}}', "$.dime: expected the format version, a whole number, got '1'"),
            ('{"dime": 1, "framework": {"name": "x", "feedback": {}}}', "$.framework.feedback: expected an array, got object {}"),
            ("[" * 50_000 + "]" * 50_000, "$: the JSON nests too deeply"),
        ],
    )  # fmt: skip
    def test_bad_documents(self, text: str, expected: str) -> None:
        """Each kind of bad document gets a clear message naming the place."""
        assert expected in problems_of(text)

    def test_metadata_depth_limit(self) -> None:
        """Metadata as deep as the limit loads and saves; one level more is refused both ways."""
        deep: Any = []
        for _ in range(MAX_DEPTH - 2):  # the metadata object and the value of "a" are two levels
            deep = [deep]
        text = json.dumps({"dime": 1, "framework": {"name": "x", "metadata": {"a": deep}}})
        fw = dime.loads(text)
        assert fw == dime.loads(dime.dumps(fw)) == dime.loads(dime.dumps(fw, indent=2))
        too_deep = {"a": [deep]}
        text = json.dumps({"dime": 1, "framework": {"name": "x", "metadata": too_deep}})
        (problem,) = problems_of(text)
        assert problem.endswith(f"nests more than {MAX_DEPTH} levels deep")
        assert problem.startswith("$.framework.metadata.a[0][0]")
        with pytest.raises(InvalidFrameworkError):
            dime.Framework(name="x", metadata=too_deep)
        with pytest.raises(InvalidFieldError):
            dime.Department(name="x", metadata=too_deep)

    def test_newer_version(self) -> None:
        """A newer document names both versions."""
        with pytest.raises(UnsupportedVersionError) as info:
            dime.loads('{"dime": 9, "framework": {}}')
        assert (info.value.found, info.value.supported) == (9, 2)
        assert "version 9" in str(info.value)
        assert "up to 2" in str(info.value)

    def test_from_dict_paths_start_at_the_data(self) -> None:
        """from_dict reports paths from the root of the data it was given."""
        with pytest.raises(InvalidDocumentError) as info:
            dime.from_dict({"name": "x", "feedback": [{"id": "f"}]})
        assert [str(p) for p in info.value.problems] == [
            "$.feedback[0]: missing the required key 'received'",
            "$.feedback[0]: missing the required key 'kind'",
        ]

    def test_naive_and_malformed_dates(self) -> None:
        """Naive datetimes and dates in other forms are refused."""
        with pytest.raises(InvalidDocumentError) as info:
            dime.from_dict(
                {"area": {"pillar": "D", "layer": "review"}, "score": 3, "on": "20260101"},
                dime.Assessment,
            )
        assert [str(p) for p in info.value.problems] == [
            "$.on: '20260101' is not a date in the form YYYY-MM-DD, such as 2026-06-01"
        ]

    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
    @given(ds.json_values(max_leaves=20))
    def test_any_json_value_raises_only_dime_errors(self, value: Any) -> None:
        """Any JSON value at all is either read or refused with a DimeError."""
        for candidate in (value, {"dime": 1, "framework": value}):
            with contextlib.suppress(DimeError):
                dime.loads(json.dumps(candidate))

    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
    @given(st.binary(max_size=200))
    def test_any_bytes_raise_only_dime_errors(self, data: bytes) -> None:
        """Random bytes are refused with a DimeError."""
        with pytest.raises(DimeError):
            dime.loads(data)

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(mutated_documents())
    def test_from_dict_raises_only_dime_errors(self, doc: Any) -> None:
        """Mutated data given straight to from_dict fails only with DimeError."""
        framework = doc.get("framework") if isinstance(doc, dict) else doc
        with contextlib.suppress(DimeError):
            dime.from_dict(framework)

    def test_not_text(self) -> None:
        """Input that is not text or bytes is refused."""
        assert problems_of(3) == ["$: expected JSON text (str or bytes), got int"]  # type: ignore[arg-type]


class TestFastPath:
    """The bulk builder accepts and refuses exactly what the general path does."""

    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
    @given(ds.feedback(touchpoints=("web",)), st.data())
    def test_same_as_general_path(self, item: dime.Feedback, data: st.DataObject) -> None:
        """Mutated feedback objects get the same records and problems from both paths."""
        wire = dime.to_dict(item)
        key = data.draw(st.sampled_from([*wire, "extra"]))
        action = data.draw(st.sampled_from(["replace", "delete"]))
        if action == "delete" and key in wire:
            del wire[key]
        else:
            wire[key] = data.draw(
                ds.json_values(max_leaves=3)
                | st.sampled_from(
                    ["", " ", "\x1c", "gift", "web", "2026-01-01T10:00:00+01:00", "\ud800", 5.0]
                )
                | st.sampled_from(["2026-01-01t10:00:00z", "2026-01-01T10:00:00.1234567Z"])
            )
        fast_problems = ProblemCollector()
        fast = _converter.structure_items([wire], dime.Feedback, "$", fast_problems)
        slow_problems = ProblemCollector()
        slow = _converter.structure_items_slowly([wire], dime.Feedback, "$", slow_problems)
        assert slow == fast
        assert slow_problems.problems == fast_problems.problems

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(ds.frameworks(max_records=4), st.sampled_from(["full", "sparse"]))
    def test_sparse_items_take_their_defaults(self, fw: dime.Framework, form: str) -> None:
        """Items that leave out optional keys build the same records on both paths."""
        for name, cls in COLLECTIONS:
            items = [dime.to_dict(r) for r in getattr(fw, name)]
            if form == "sparse":
                for item in items:
                    for spec in specs_of(cls):
                        if spec.required:
                            continue
                        if item[spec.name] == _unstructure.to_wire(spec)(spec.default):
                            del item[spec.name]
            problems = ProblemCollector()
            assert list(getattr(fw, name)) == _converter.structure_items(items, cls, "$", problems)
            assert not problems

    @given(
        st.lists(
            st.sampled_from([3, 3.0, 4, 4.5, 1]).map(lambda v: {"scale": "stars", "value": v}),
            min_size=1,
            max_size=12,
        )
    )
    def test_repeated_scores_keep_their_written_form(self, scores: list[dict[str, Any]]) -> None:
        """Items whose scores are equal but written differently (3 and 3.0) each keep their own."""
        items = [
            {"id": f"f{i}", "received": "2026-03-01T09:00:00+00:00", "kind": "gift", "score": s}
            for i, s in enumerate(scores)
        ]
        problems = ProblemCollector()
        built = _converter.structure_items(items, dime.Feedback, "$", problems)
        assert not problems
        assert [s["value"] for s in scores] == [f.score.value for f in built if f.score]
        assert [type(s["value"]) for s in scores] == [type(f.score.value) for f in built if f.score]


class TestMigrate:
    """Older documents are upgraded step by step."""

    @settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
    @given(ds.frameworks(max_records=3))
    def test_version_0(self, fw: dime.Framework) -> None:
        """A bare framework object (version 0) is read as if it had the envelope."""
        bare = json.dumps(dime.to_dict(fw))
        assert fw == dime.loads(bare)

    def test_migrate(self) -> None:
        """migrate wraps version 0, upgrades it, and leaves version 2 as it is."""
        assert dime.migrate({"name": "x"}) == {"dime": 2, "framework": {"name": "x"}}
        current = {"dime": 2, "framework": {"name": "x"}}
        assert current is dime.migrate(current)

    def test_migrate_errors(self) -> None:
        """migrate refuses what is not a document of a version it knows."""
        with pytest.raises(UnsupportedVersionError):
            dime.migrate({"dime": 3})
        with pytest.raises(InvalidDocumentError):
            dime.migrate({"dime": -1})
        with pytest.raises(InvalidDocumentError):
            dime.migrate([])


class TestFiles:
    """Saving is atomic and loading names the file on failure."""

    def test_save_and_load(self, tmp_path: Path) -> None:
        """A saved framework loads back equal, from an indented file ending in a newline."""
        path = tmp_path / "shop.json"
        fw = small_framework()
        dime.save(fw, path)
        assert fw == dime.load(path)
        text = path.read_text(encoding="utf-8")
        assert dime.dumps(fw, indent=2) + "\n" == text
        dime.save(fw, str(path), indent=None)
        assert dime.dumps(fw) + "\n" == path.read_text(encoding="utf-8")
        assert [p.name for p in tmp_path.iterdir()] == ["shop.json"]

    def test_load_missing(self, tmp_path: Path) -> None:
        """A missing file raises DimeFileError naming it."""
        path = tmp_path / "missing.json"
        with pytest.raises(DimeFileError) as info:
            dime.load(path)
        assert str(path) == info.value.filename
        assert str(path) in str(info.value)

    def test_load_folder(self, tmp_path: Path) -> None:
        """A folder is not a document."""
        with pytest.raises(DimeFileError):
            dime.load(tmp_path)

    def test_save_into_missing_folder(self, tmp_path: Path) -> None:
        """Saving where no folder exists raises DimeFileError naming the path."""
        path = tmp_path / "no" / "such.json"
        with pytest.raises(DimeFileError) as info:
            dime.save(dime.Framework(name="x"), path)
        assert str(path) == info.value.filename

    def test_load_invalid(self, tmp_path: Path) -> None:
        """An invalid file raises InvalidDocumentError with a note naming it."""
        path = tmp_path / "bad.json"
        path.write_text('{"dime": 1}', encoding="utf-8")
        with pytest.raises(InvalidDocumentError) as info:
            dime.load(path)
        assert [f"in {path}"] == info.value.__notes__

    def test_killed_while_saving(self, tmp_path: Path) -> None:
        """A process killed mid-save, again and again, always leaves a whole, loadable file."""
        old = small_framework()
        path = tmp_path / "state.json"
        dime.save(old, path)
        big = dime.example()
        big = attrs.evolve(
            big,
            feedback=[attrs.evolve(f, id=f"{f.id}-{n}") for n in range(4) for f in big.feedback],
            # The items are renamed: the work answers none of them.
            initiatives=[attrs.evolve(i, addresses=()) for i in big.initiatives],
        )
        source = tmp_path / "big.json"
        source.write_text(dime.dumps(big), encoding="utf-8")
        child = textwrap.dedent(
            f"""
            import dime
            fw = dime.load({str(source)!r})
            print("ready", flush=True)
            while True:
                dime.save(fw, {str(path)!r})
            """
        )
        import random  # noqa: PLC0415

        rng = random.Random(5)  # noqa: S311 - kill times, not secrets
        for _ in range(6):
            process = subprocess.Popen(
                [sys.executable, "-c", child], stdout=subprocess.PIPE, text=True
            )
            assert process.stdout is not None
            assert process.stdout.readline() == "ready\n"
            try:
                process.wait(timeout=rng.uniform(0.01, 0.3))
            except subprocess.TimeoutExpired:
                process.kill()
            process.wait()
            process.stdout.close()
            assert dime.load(path) in (old, big)


class TestStreams:
    """JSON Lines of feedback are read one item at a time."""

    def lines(self) -> list[str]:
        return [json.dumps(dime.to_dict(f)) for f in small_framework().feedback[:4]]

    def test_reads_items(self, tmp_path: Path) -> None:
        """Every item comes back, from a path, a text file or a binary file; blank lines are skipped."""
        expected = list(small_framework().feedback[:4])
        text = "\n".join(self.lines()) + "\n\n"
        path = tmp_path / "feedback.jsonl"
        path.write_text(text, encoding="utf-8")
        assert expected == list(dime.iter_feedback(path))
        assert expected == list(dime.iter_feedback(str(path)))
        assert expected == list(dime.iter_feedback(io.StringIO(text)))
        assert expected == list(dime.iter_feedback(io.BytesIO(text.encode())))

    def test_stops_at_the_first_bad_line(self) -> None:
        """By default the first bad line raises, with its number."""
        lines = self.lines()
        lines[2] = '{"id": "x"'
        items = dime.iter_feedback(io.StringIO("\n".join(lines)))
        assert next(items).id == "f0"
        assert next(items).id == "f1"
        with pytest.raises(InvalidLineError) as info:
            next(items)
        assert info.value.line == 3
        assert "line 3" in str(info.value)

    def test_collects_bad_lines(self) -> None:
        """In collect mode bad lines go into the list and reading continues."""
        lines = self.lines()
        lines[1] = lines[1].replace('"gift"', '"gfit"')
        lines[3] = "NaN"
        rejected: list[InvalidLineError] = []
        items = list(
            dime.iter_feedback(io.StringIO("\n".join(lines)), errors="collect", rejected=rejected)
        )
        assert [f.id for f in items] == ["f0", "f2"]
        assert [e.line for e in rejected] == [2, 4]
        assert [Problem("$.kind", "'gfit' is not one of junk, bill, routine, gift")] == list(
            rejected[0].problems
        )
        again = pickle.loads(pickle.dumps(rejected[0]))
        assert (2, rejected[0].problems) == (again.line, again.problems)

    def test_usage_errors(self, tmp_path: Path) -> None:
        """A bad mode, collect without a list, and a missing file are refused."""
        with pytest.raises(ValueError, match="errors"):
            dime.iter_feedback(io.StringIO(""), errors="ignore")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="rejected"):
            dime.iter_feedback(io.StringIO(""), errors="collect")
        with pytest.raises(DimeFileError):
            list(dime.iter_feedback(tmp_path / "missing.jsonl"))


class TestFormatDocs:
    """The format's documentation shows a real document."""

    def test_example_document(self) -> None:
        """The full example in docs/format.md reads back to the same bytes and fits the schema."""
        text = (Path(__file__).parent.parent / "docs" / "format.md").read_text(encoding="utf-8")
        block = text.split("```json\n", 1)[1].split("\n```", 1)[0]
        assert dime.dumps(dime.loads(block), indent=2) == block
        VALIDATOR.validate(json.loads(block))


class TestPlainDataOfTheChecker:
    """to_dict and from_dict work for policies, waivers, reports and findings too."""

    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
    @given(ds.policies())
    def test_policy_round_trip(self, policy: dime.Policy) -> None:
        """A policy written with to_dict reads back equal with from_dict, through JSON."""
        assert policy == dime.from_dict(json.loads(json.dumps(dime.to_dict(policy))), dime.Policy)

    def test_waiver_round_trip(self) -> None:
        """A waiver written with to_dict reads back equal with from_dict."""
        waiver = dime.Waiver(
            code="DIME301",
            reason="Moving",
            area=dime.Area.from_name("D/review"),
            expires=date(2027, 1, 31),
        )
        assert waiver == dime.from_dict(dime.to_dict(waiver), dime.Waiver)

    @pytest.mark.parametrize("name", ["D/review", "Listening to customers", "deliberate/review"])
    def test_areas_by_title_or_short_form(self, name: str) -> None:
        """A waiver's area and a target's area are read from a title or a short form."""
        area = dime.Area.from_name(name)
        targets = [{"area": name if a == area else a.title, "share": 1 / 16} for a in dime.AREAS]
        policy = dime.from_dict(
            {"targets": targets, "waivers": [{"code": "DIME301", "reason": "r", "area": name}]},
            dime.Policy,
        )
        assert area == policy.waivers[0].area
        assert dime.Policy().targets == policy.targets

    def test_policy_problems_have_dollar_paths(self) -> None:
        """Every problem of a policy file is reported at once, each with its path from $."""
        with pytest.raises(dime.exceptions.InvalidPolicyError) as info:
            dime.from_dict(
                {
                    "windw": 90,
                    "window": "long",
                    "severity": {"DIME101": "loud"},
                    "targets": [{"area": "Nowhere", "share": 1}],
                    "waivers": [{"code": "DIME301", "reason": "r", "area": "D/nowhere"}, 3],
                },
                dime.Policy,
            )
        assert [
            "$.windw",
            "$.window",
            "$.severity.DIME101",
            "$.targets[0].area",
            "$.waivers[0].area",
            "$.waivers[1]",
        ] == [p.path for p in info.value.problems]
        assert isinstance(info.value, TypeError)

    def test_a_wrong_type_is_a_type_error(self) -> None:
        """A policy that is not a mapping is a PolicyTypeError, also a TypeError."""
        with pytest.raises(dime.exceptions.PolicyTypeError, match=r"\$: expected a mapping"):
            dime.from_dict([], dime.Policy)

    def test_report_and_finding(self) -> None:
        """A report and a finding give the data of the report document."""
        report = dime.check(dime.example())
        data = dime.to_dict(report)
        assert report.to_data() == data
        findings = data["findings"]
        assert isinstance(findings, list)
        first, root = findings[0], dime.to_dict(report.roots[0])
        assert isinstance(first, dict)
        assert (root["code"], root["message"]) == (first["code"], first["message"])

    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
    @given(ds.frameworks(max_records=6), ds.policies())
    def test_findings_round_trip(self, fw: dime.Framework, policy: dime.Policy) -> None:
        """Every finding of any report reads back equal from its data, through JSON."""
        for finding in dime.check(fw, policy=policy).findings:
            data = json.loads(json.dumps(dime.to_dict(finding)))
            assert finding == dime.from_dict(data, dime.Finding)

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        st.sampled_from(sorted(dime.to_dict(dime.check(dime.example()).findings[0]))),
        ds.json_values(),
    )
    def test_a_bad_finding_names_its_key(self, key: str, value: object) -> None:
        """A finding with any key set to any JSON value is read, stably, or names that key's path."""
        data = {**dime.to_dict(dime.check(dime.example()).findings[0]), key: value}
        problems: tuple[dime.exceptions.Problem, ...] = ()
        try:
            finding = dime.from_dict(data, dime.Finding)
        except dime.exceptions.InvalidDocumentError as err:
            problems = err.problems
        else:
            assert finding == dime.from_dict(dime.to_dict(finding), dime.Finding)
        assert [] == [p for p in problems if not p.path.startswith(f"$.{key}")]

    def test_a_report_s_keys_are_not_a_finding_s(self) -> None:
        """A finding as a report nests it (count, consequences) is refused, not read in part."""
        report = dime.check(dime.example())
        nested = report.to_data()["findings"][0]  # type: ignore[index]
        with pytest.raises(dime.exceptions.InvalidDocumentError) as info:
            dime.from_dict(nested, dime.Finding)
        assert {"$.count", "$.consequences"} == {p.path for p in info.value.problems}

    def test_other_types_are_refused(self) -> None:
        """from_dict and to_dict name what they cannot handle."""
        with pytest.raises(TypeError, match="from_dict builds"):
            dime.from_dict({}, dime.Tally)  # type: ignore[type-var]
        with pytest.raises(TypeError, match="to_dict takes"):
            dime.to_dict(dime.Tally())  # type: ignore[arg-type]
