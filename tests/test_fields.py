"""Records declared once: a new record type works everywhere with no other change."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Annotated, Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dime
import dime.strategies as ds
from dime import Channel, Feedback, Framework
from dime._fields import (
    EMPTY_METADATA,
    MAY_BE_BLANK,
    JSONValue,
    Model,
    Range,
    as_tuple,
    check_value,
    fixed_offset,
    specs_of,
)
from dime._schema import schema_of
from dime._serialization import write_reference
from dime.exceptions import (
    DocumentTypeError,
    FieldTypeError,
    InvalidDocumentError,
    InvalidFieldError,
    InvalidFrameworkError,
)

# A record type the library has never seen, a subclass of one it has, and a framework
# holding both, declared the way the library declares its own records: nothing else
# about them is written anywhere.


def _questions(value: Iterable[str]) -> tuple[str, ...]:
    return as_tuple(value)  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True)
class Survey(Model, key="id"):
    """A survey sent to customers.

    Args:
        id: Unique among the framework's surveys.
        sent: When it went out.
        questions: What it asked.
        channel: How it was sent, or None.
        response_rate: The share of customers who answered, from 0 to 1, or None.
        metadata: Free JSON data, kept untouched.
    """

    id: str
    sent: datetime = attrs.field(converter=fixed_offset)
    questions: tuple[Annotated[str, MAY_BE_BLANK], ...] = attrs.field(
        default=(), converter=_questions
    )
    channel: Channel | None = None
    response_rate: Annotated[float | None, Range(minimum=0, maximum=1)] = None
    metadata: Mapping[str, JSONValue] = attrs.field(default=EMPTY_METADATA, hash=False)


@attrs.frozen(kw_only=True)
class RatedFeedback(Feedback):
    """Feedback with the sentiment a model read in it.

    Args:
        sentiment: From -1 (angry) to 1 (delighted), or None.
    """

    sentiment: Annotated[float | None, Range(minimum=-1, maximum=1)] = None


def _rated(value: Iterable[RatedFeedback]) -> tuple[RatedFeedback, ...]:
    return as_tuple(value)  # type: ignore[no-any-return]


def _surveys(value: Iterable[Survey]) -> tuple[Survey, ...]:
    return as_tuple(value)  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True, repr=False)
class SurveyedFramework(Framework):
    """A framework that also keeps its surveys.

    Args:
        feedback: What customers said, with its sentiment.
        surveys: The surveys sent.
    """

    feedback: tuple[RatedFeedback, ...] = attrs.field(default=(), converter=_rated)
    surveys: tuple[Survey, ...] = attrs.field(default=(), converter=_surveys)


@st.composite
def surveyed_frameworks(draw: st.DrawFn) -> SurveyedFramework:
    fw = draw(ds.frameworks(max_records=4))
    rated = tuple(
        RatedFeedback(
            **attrs.asdict(f, recurse=False),
            sentiment=draw(st.none() | st.floats(-1, 1)),
        )
        for f in fw.feedback
    )
    ids = draw(st.lists(ds.identifiers(), max_size=3, unique=True))
    surveys = tuple(
        Survey(
            id=i,
            sent=datetime.fromisoformat("2026-03-01T09:30:00+01:00"),
            questions=tuple(draw(st.lists(st.text(max_size=8), max_size=2))),
            channel=draw(st.none() | st.sampled_from(Channel)),
            response_rate=draw(st.none() | st.floats(0, 1)),
            metadata=draw(ds.metadata()),
        )
        for i in ids
    )
    values = {a.name: getattr(fw, a.name) for a in attrs.fields(Framework) if a.init}
    return SurveyedFramework(**{**values, "feedback": rated, "surveys": surveys})


class TestOneDefinition:
    @given(surveyed_frameworks())
    def test_new_record_types_round_trip(self, fw: SurveyedFramework) -> None:
        """A new record type and an extended one go through to_dict, from_dict, dumps and the schema."""
        data = dime.to_dict(fw)
        assert fw == dime.from_dict(data, SurveyedFramework)
        text = dime.dumps(fw)
        assert write_reference(fw, indent=None) == text
        assert write_reference(fw, indent=2) == dime.dumps(fw, indent=2)
        document = json.loads(text)
        assert fw == dime.from_dict(document["framework"], SurveyedFramework)
        schema = schema_of(SurveyedFramework)
        jsonschema.Draft202012Validator(schema).validate(document)

    def test_the_schema_describes_the_new_fields(self) -> None:
        """The schema of the extended document holds the new records, their fields and their docs."""
        defs = schema_of(SurveyedFramework)["$defs"]
        rate = defs["Survey"]["properties"]["response_rate"]
        assert {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1}, {"type": "null"}]} == {
            "anyOf": rate["anyOf"]
        }
        assert rate["description"].startswith("The share of customers who answered")
        assert "sentiment" in defs["RatedFeedback"]["properties"]
        assert "received" in defs["RatedFeedback"]["required"]
        assert (
            "#/$defs/RatedFeedback"
            == defs["SurveyedFramework"]["properties"]["feedback"]["items"]["$ref"]
        )

    def test_the_new_fields_are_checked(self) -> None:
        """The constructor and the loader check a new field's constraints, with paths."""
        with pytest.raises(InvalidFieldError) as info:
            Survey(
                id=" ", sent=datetime.fromisoformat("2026-03-01T09:30:00+00:00"), response_rate=2
            )
        assert ["$.id", "$.response_rate"] == [p.path for p in info.value.problems]
        with pytest.raises(FieldTypeError):
            Survey(id="s", sent="2026-03-01")  # type: ignore[arg-type]
        data = {
            "name": "Shop",
            "surveys": [{"id": "s", "sent": "2026-03-01T09:30:00+00:00", "response_rate": "high"}],
        }
        with pytest.raises(DocumentTypeError) as bad:
            dime.from_dict(data, SurveyedFramework)
        assert ["$.surveys[0].response_rate"] == [p.path for p in bad.value.problems]

    def test_the_framework_checks_the_new_collection(self) -> None:
        """A duplicate survey id is an integrity problem of the extended framework."""
        when = datetime.fromisoformat("2026-03-01T09:30:00+00:00")
        survey = Survey(id="s", sent=when)
        with pytest.raises(InvalidFrameworkError) as info:
            SurveyedFramework(name="Shop", surveys=[survey, survey])
        assert ["$.surveys[1].id"] == [p.path for p in info.value.problems]
        fw = SurveyedFramework(name="Shop", surveys=[survey])
        assert survey is fw.get(Survey, "s")
        assert "SurveyedFramework(name='Shop'" in repr(fw)

    def test_unknown_keys_in_a_new_record(self) -> None:
        """The loader forbids keys a new record does not declare."""
        data = {"id": "s", "sent": "2026-03-01T09:30:00+00:00", "colour": "red"}
        with pytest.raises(InvalidDocumentError, match=r"\$\.colour: unknown key 'colour'"):
            dime.from_dict(data, Survey)


class TestChecks:
    @given(
        st.sampled_from([s for cls in (Survey, RatedFeedback) for s in specs_of(cls)]), st.data()
    )
    def test_the_compiled_check_agrees_with_the_field_check(
        self, spec: Any, data: st.DataObject
    ) -> None:
        """For any value, a record is refused exactly when its field's check finds a problem."""
        value = data.draw(
            ds.json_values(max_leaves=3)
            | st.sampled_from(
                [None, "", " ", "\ud800", "café", 2.0, -1, 10**400, float("nan"), (), ("a",)]
            )
        )
        base: dict[str, Any] = {
            "id": "x",
            "sent": datetime.fromisoformat("2026-03-01T09:30:00+00:00"),
            "received": datetime.fromisoformat("2026-03-01T09:30:00+00:00"),
            "kind": dime.FeedbackKind.GIFT,
        }
        cls = Survey if spec.name in {s.name for s in specs_of(Survey)} else RatedFeedback
        names = {s.name for s in specs_of(cls)}
        values = {k: v for k, v in base.items() if k in names}
        values[spec.name] = value
        try:
            built = cls(**values)
        except InvalidFieldError:
            refused = True
        else:
            refused = False
            value = getattr(built, spec.name)
        assert refused == (check_value(spec, value, "$." + spec.name) is not None)
