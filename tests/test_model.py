from __future__ import annotations

import json
import pickle
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import dime
import dime.strategies as ds
from dime import (
    Area,
    Assessment,
    Channel,
    Department,
    Feedback,
    FeedbackFolder,
    FeedbackKind,
    Framework,
    Initiative,
    Layer,
    Measure,
    MeasureKind,
    Measurement,
    Mindset,
    Pillar,
    Responsibility,
    Scale,
    Stage,
    Touchpoint,
)
from dime.exceptions import (
    DimeError,
    FieldTypeError,
    InvalidDocumentError,
    InvalidFieldError,
    InvalidFrameworkError,
    UnknownRecordError,
)

NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
AREA = Area(Pillar.D, Layer.REVIEW)


def touchpoint(tid: str = "web", **kw: Any) -> Touchpoint:
    kw.setdefault("channel", Channel.WEB)
    return Touchpoint(id=tid, name=tid.title(), stage=Stage.PURCHASE, **kw)


def feedback(fid: str = "f1", **kw: Any) -> Feedback:
    kw.setdefault("kind", FeedbackKind.ROUTINE)
    kw.setdefault("received", NOW)
    return Feedback(id=fid, **kw)


class TestRecords:
    def test_defaults(self) -> None:
        """Fields that may be empty default to empty, so only what matters is typed."""
        tp = touchpoint()
        assert (frozenset(), None, {}) == (tp.pillars, tp.owner, dict(tp.metadata))
        fb = feedback()
        assert (None, None, None, "", None) == (
            fb.folder,
            fb.touchpoint,
            fb.channel,
            fb.text,
            fb.score,
        )
        init = Initiative(id="i", title="T", area=AREA)
        assert (dime.InitiativeStatus.PLANNED, 1, None) == (init.status, init.effort, init.step)
        assert 1 == Responsibility(holder="Ana", mindset=Mindset.FUNCTIONAL).share

    def test_frozen(self) -> None:
        """Records cannot be changed in place."""
        tp = touchpoint()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            tp.name = "x"  # type: ignore[misc]

    def test_lists_become_tuples(self) -> None:
        """Collections given as lists or sets are stored immutably."""
        uptime = Measure(name="uptime", kind=MeasureKind.RATE)
        assert (uptime,) == Department(name="IT", measures=[uptime]).measures
        assert frozenset({Pillar.D}) == touchpoint(pillars=[Pillar.D]).pillars
        fw = Framework(name="x", departments=[Department(name="IT")])
        assert isinstance(fw.departments, tuple)

    @pytest.mark.parametrize(
        ("build", "path", "fragment"),
        [
            (lambda: touchpoint(channel="web"), "$.channel", "try Channel('web')"),
            (lambda: touchpoint(pillars="DI"), "$.pillars", "set of Pillar"),
            (lambda: touchpoint(pillars={"D"}), "$.pillars", "try Pillar('D')"),
            (lambda: touchpoint(""), "$.id", "non-empty"),
            (lambda: touchpoint(owner="  "), "$.owner", "non-empty"),
            (lambda: feedback(received=datetime(2026, 1, 1)), "$.received", "naive"),  # noqa: DTZ001
            (lambda: feedback(received="2026-01-01"), "$.received", "datetime"),
            (lambda: feedback(folder="listening"), "$.folder", "try FeedbackFolder"),
            (lambda: feedback(score=4), "$.score", "Score"),
            (lambda: feedback(score=True), "$.score", "Score"),
            (lambda: feedback(text=None), "$.text", "string"),
            (lambda: feedback(kind=None), "$.kind", "FeedbackKind"),
            (lambda: feedback(metadata={"a": (1, 2)}), "$.metadata.a", "use a list"),
            (lambda: feedback(metadata={"a": float("nan")}), "$.metadata.a", "JSON number"),
            (lambda: feedback(metadata={1: 2}), "$.metadata", "not a string"),
            (lambda: feedback(metadata=[1]), "$.metadata", "mapping"),
            (
                lambda: Initiative(id="i", title="t", area=Mindset.EMOTIONAL),  # type: ignore[arg-type]
                "$.area",
                ".area",
            ),
            (
                lambda: Initiative(id="i", title="t", area=AREA, effort=0),
                "$.effort",
                "more than 0",
            ),
            (
                lambda: Initiative(id="i", title="t", area=AREA, effort=float("inf")),
                "$.effort",
                "not a JSON number",
            ),
            (
                lambda: Initiative(id="i", title="t", area=AREA, started=NOW),
                "$.started",
                "date",
            ),
            (
                lambda: Initiative(
                    id="i",
                    title="t",
                    area=AREA,
                    started=date(2026, 2, 1),
                    finished=date(2026, 1, 1),
                ),
                "$.finished",
                "before",
            ),
            (
                lambda: Responsibility(holder="A", mindset=Mindset.EMOTIONAL, share=0),
                "$.share",
                "more than 0",
            ),
            (
                lambda: Responsibility(holder="A", mindset=Mindset.EMOTIONAL, share=1.5),
                "$.share",
                "at most 1",
            ),
            (
                lambda: Responsibility(holder="A", mindset="emotional"),  # type: ignore[arg-type]
                "$.mindset",
                "Mindset",
            ),
            (
                lambda: Department(name="IT", measures=[1]),  # type: ignore[list-item]
                "$.measures[0]",
                "expected a Measure",
            ),
            (lambda: Department(name="IT", measures="abc"), "$.measures", "tuple"),  # type: ignore[arg-type]
            (
                lambda: Assessment(area=AREA, score=6, on=date(2026, 1, 1)),
                "$.score",
                "at least 0 and at most 5",
            ),
            (
                lambda: Assessment(area=AREA, score=-1, on=date(2026, 1, 1)),
                "$.score",
                "at least 0 and at most 5",
            ),
        ],
    )
    def test_bad_field(self, build: Any, path: str, fragment: str) -> None:
        """A bad field raises InvalidFieldError naming the field and what was wrong.

        A value of the wrong type makes it a TypeError too; one merely out of
        range only a ValueError.
        """
        with pytest.raises(InvalidFieldError) as info:
            build()
        problem = info.value.problems[0]
        assert path == problem.path
        assert fragment in str(info.value)
        assert problem.wrong_type == isinstance(info.value, TypeError)
        assert isinstance(info.value, ValueError)

    @given(
        ds.feedback()
        | ds.initiatives()
        | ds.departments()
        | ds.assessments()
        | ds.responsibilities()
        | ds.touchpoints()
    )
    def test_round_trip_through_evolve(self, record: Any) -> None:
        """Evolving a record with its own values gives an equal record, and records pickle."""
        assert record == attrs.evolve(record)
        assert record == pickle.loads(pickle.dumps(record))

    def test_offsets_kept(self) -> None:
        """Aware datetimes in any offset are accepted as given."""
        tz = timezone(timedelta(hours=-5))
        assert tz == feedback(received=datetime(2026, 1, 1, tzinfo=tz)).received.tzinfo

    def test_records_with_metadata_hash(self) -> None:
        """Records stay hashable when they carry metadata."""
        assert hash(touchpoint(metadata={"a": [1, {"b": None}]})) == hash(touchpoint())


class TestFrameworkIntegrity:
    @given(ds.frameworks())
    def test_accepts_every_valid_framework(self, fw: Framework) -> None:
        """Integrity checks accept everything the strategies build, and rebuild equal."""
        assert fw == attrs.evolve(fw)
        assert fw == pickle.loads(pickle.dumps(fw))

    @given(ds.frameworks(), st.data())
    def test_duplicate_ids_reported(self, fw: Framework, data: st.DataObject) -> None:
        """A duplicated id is reported with the path of the duplicate and the first use."""
        kinds = [
            k for k in ("touchpoints", "initiatives", "feedback", "departments") if getattr(fw, k)
        ]
        assume(kinds)
        kind = data.draw(st.sampled_from(kinds))
        records = getattr(fw, kind)
        i = data.draw(st.integers(0, len(records) - 1))
        attr = "name" if kind == "departments" else "id"
        with pytest.raises(InvalidFrameworkError) as info:
            attrs.evolve(fw, **{kind: (*records, records[i])})  # type: ignore[arg-type]
        assert [f"$.{kind}[{len(records)}].{attr}"] == [p.path for p in info.value.problems]
        assert f"{kind} item {i} has" in info.value.problems[0].message

    @given(ds.frameworks(), st.data())
    def test_dangling_references_all_reported(self, fw: Framework, data: st.DataObject) -> None:
        """Every reference to a missing touchpoint or department is reported, each by path and id."""
        ghost = "\x00ghost"
        expected = []
        changes: dict[str, tuple[Any, ...]] = {}
        for field, attr in (
            ("touchpoints", "owner"),
            ("initiatives", "owner"),
            ("feedback", "touchpoint"),
            ("feedback", "assigned_to"),
            ("responsibilities", "department"),
        ):
            records = list(changes.get(field, getattr(fw, field)))
            picks = data.draw(
                st.sets(st.integers(0, len(records) - 1)) if records else st.just(set())
            )
            for i in sorted(picks):
                records[i] = attrs.evolve(records[i], **{attr: ghost})
                expected.append(f"$.{field}[{i}].{attr}")
            changes[field] = tuple(records)
        assume(expected)
        with pytest.raises(InvalidFrameworkError) as info:
            attrs.evolve(fw, **changes)  # type: ignore[arg-type]
        assert sorted(expected) == sorted(p.path for p in info.value.problems)
        assert all(repr(ghost) in p.message for p in info.value.problems)

    def test_wrong_record_kind(self) -> None:
        """A record of the wrong kind in a collection is reported by index."""
        with pytest.raises(InvalidFrameworkError) as info:
            Framework(name="x", touchpoints=[touchpoint(), "web"], feedback=[touchpoint()])  # type: ignore[list-item]
        assert ["$.touchpoints[1]", "$.feedback[0]"] == [p.path for p in info.value.problems]
        assert isinstance(info.value, TypeError)

    def test_collection_must_be_iterable(self) -> None:
        """A collection that is not a list or tuple is refused."""
        with pytest.raises(InvalidFrameworkError, match="tuple or list"):
            Framework(name="x", feedback=3)  # type: ignore[arg-type]
        with pytest.raises(InvalidFrameworkError, match="tuple or list"):
            Framework(name="x", feedback="abc")  # type: ignore[arg-type]

    def test_error_is_value_error_and_pickles(self) -> None:
        """The error is a ValueError and survives pickling with its problems."""
        with pytest.raises(ValueError, match="problem") as info:
            Framework(name="x", touchpoints=[touchpoint(), touchpoint()])
        err = info.value
        assert isinstance(err, InvalidFrameworkError)
        again = pickle.loads(pickle.dumps(err))
        assert (err.problems, str(err)) == (again.problems, str(again))


class TestFrameworkHelpers:
    def fw(self) -> Framework:
        return Framework(
            name="Shop",
            departments=[Department(name="IT"), Department(name="Sales")],
            touchpoints=[touchpoint("web", owner="IT"), touchpoint("till")],
            feedback=[feedback("f1", touchpoint="web"), feedback("f2")],
            responsibilities=[Responsibility(holder="Ana", mindset=Mindset.EMOTIONAL)],
        )

    def test_get(self) -> None:
        """Records are found by id, departments by name."""
        fw = self.fw()
        assert "till" == fw.get(Touchpoint, "till").id
        assert "Sales" == fw.get(Department, "Sales").name
        assert "f2" == fw.get(Feedback, "f2").id

    def test_find_by_id_alone(self) -> None:
        """An id names the one record that has it, of whatever kind."""
        fw = self.fw()
        assert fw.get(Touchpoint, "web") is fw.find("web")
        assert fw.get(Department, "IT") is fw.find("IT")
        with pytest.raises(UnknownRecordError):
            fw.find("nope")

    def test_find_refuses_an_id_of_two_kinds(self) -> None:
        """An id two kinds share is refused; get with the kind finds either."""
        fw = self.fw().add(feedback("web"))
        with pytest.raises(UnknownRecordError, match="Touchpoint and Feedback"):
            fw.find("web")
        assert "web" == fw.get(Feedback, "web").id

    def test_remove_by_id(self) -> None:
        """remove takes ids as well as records, and still refuses to leave references dangling."""
        fw = self.fw()
        assert ["f1"] == [f.id for f in fw.remove("f2").feedback]
        assert ["web"] == [t.id for t in fw.remove("till", "f2").touchpoints]
        with pytest.raises(InvalidFrameworkError):
            fw.remove("web")

    @given(ds.frameworks(max_records=4), st.data())
    def test_update_keeps_every_other_field(self, fw: Framework, data: st.DataObject) -> None:
        """update changes the fields named of the record with that id and keeps all the others."""
        assume(fw.feedback)
        item = data.draw(st.sampled_from(fw.feedback))
        folder = data.draw(st.none() | st.sampled_from(FeedbackFolder))
        try:
            alone = fw.find(item.id) is item
        except UnknownRecordError:  # a record of another kind has the same id
            alone = False
        by_id = fw.update(item.id, folder=folder) if alone else None
        by_record = fw.update(item, folder=folder)
        assert attrs.evolve(item, folder=folder) == by_record.get(Feedback, item.id)
        assert by_id in (None, by_record)
        assert [f.id for f in fw.feedback] == [f.id for f in by_record.feedback]
        assert fw.touchpoints == by_record.touchpoints

    def test_update_checks_what_it_makes(self) -> None:
        """An update to a bad value or a dangling reference is refused."""
        fw = self.fw()
        with pytest.raises(InvalidFieldError):
            fw.update("f1", score="five")
        with pytest.raises(InvalidFrameworkError):
            fw.update("f1", touchpoint="nowhere")

    def test_get_unknown(self) -> None:
        """An unknown id raises UnknownRecordError, a DimeError and KeyError."""
        with pytest.raises(UnknownRecordError) as info:
            self.fw().get(Touchpoint, "nope")
        assert isinstance(info.value, KeyError)
        assert "no Touchpoint with id 'nope'" == str(info.value)
        with pytest.raises(TypeError):
            self.fw().get(Responsibility, "Ana")

    def test_add_keeps_original(self) -> None:
        """add returns a new framework and leaves the old one as it was."""
        fw = self.fw()
        new = fw.add(feedback("f3"), Department(name="HR"))
        assert (2, 3, 3) == (len(fw.feedback), len(new.feedback), len(new.departments))
        assert "f3" == new.feedback[-1].id

    def test_add_rejects_non_records(self) -> None:
        """add refuses things that are not records."""
        with pytest.raises(InvalidFrameworkError):
            self.fw().add("f3")  # type: ignore[arg-type]

    def test_replace(self) -> None:
        """replace swaps records by id and keeps their position."""
        new = self.fw().replace(
            touchpoint("web", owner="Sales"), Department(name="IT", objective="Fast")
        )
        assert ("Sales", "Fast") == (new.touchpoints[0].owner, new.departments[0].objective)
        assert ["web", "till"] == [t.id for t in new.touchpoints]
        assert "Sales" == new.get(Touchpoint, "web").owner

    def test_replace_unknown_or_unkeyed(self) -> None:
        """replace refuses unknown ids and records without an id."""
        with pytest.raises(UnknownRecordError):
            self.fw().replace(touchpoint("nope"))
        with pytest.raises(TypeError):
            self.fw().replace(Responsibility(holder="Ana", mindset=Mindset.EMOTIONAL))  # type: ignore[arg-type]

    def test_remove(self) -> None:
        """remove drops records by id, or by equality for records without one."""
        new = self.fw().remove(
            feedback("f2"), Responsibility(holder="Ana", mindset=Mindset.EMOTIONAL)
        )
        assert (["f1"], ()) == ([f.id for f in new.feedback], new.responsibilities)

    def test_remove_refuses_dangling(self) -> None:
        """Removing a record others still refer to is refused, never cascaded."""
        fw = self.fw()
        with pytest.raises(InvalidFrameworkError, match="feedback 'f1' names touchpoint 'web'"):
            fw.remove(fw.get(Touchpoint, "web"))
        with pytest.raises(UnknownRecordError):
            fw.remove(feedback("zzz"))
        with pytest.raises(UnknownRecordError):
            fw.remove(Responsibility(holder="Bo", mindset=Mindset.EMOTIONAL))

    def test_contains(self) -> None:
        """A framework contains records equal to its own."""
        fw = self.fw()
        assert fw.feedback[0] in fw
        assert feedback("f1") not in fw  # same id, different touchpoint
        assert fw.responsibilities[0] in fw
        assert "web" not in fw

    def test_repr_summarises(self) -> None:
        """The repr counts records instead of listing them."""
        assert (
            "Framework(name='Shop', touchpoints=2, initiatives=0, feedback=2, "
            "responsibilities=1, departments=2, assessments=0, scales=0)"
        ) == repr(self.fw())

    @given(ds.frameworks(max_records=4))
    def test_index_matches_records(self, fw: Framework) -> None:
        """Every record is found by its own id."""
        for tp in fw.touchpoints:
            assert tp is fw.get(Touchpoint, tp.id)
        for item in fw.feedback:
            assert item is fw.get(Feedback, item.id)
            assert item in fw


class TestExceptions:
    def test_hierarchy(self) -> None:
        """Every error is a DimeError and the built-in it resembles."""
        assert issubclass(InvalidFieldError, DimeError)
        assert not issubclass(InvalidFieldError, TypeError)
        assert issubclass(InvalidFieldError, ValueError)
        assert issubclass(FieldTypeError, InvalidFieldError)
        assert issubclass(FieldTypeError, TypeError)
        assert issubclass(UnknownRecordError, KeyError)

    def test_field_error_pickles(self) -> None:
        """Field errors survive pickling."""
        with pytest.raises(InvalidFieldError) as info:
            feedback(kind="gift")
        again = pickle.loads(pickle.dumps(info.value))
        assert info.value.problems == again.problems
        assert isinstance(again, InvalidFieldError)

    def test_folder_enum_in_error(self) -> None:
        """The message lists the members a user can pick from."""
        with pytest.raises(InvalidFieldError) as info:
            feedback(folder="planning")
        assert "FeedbackFolder.PLANNING" in str(info.value)
        assert FeedbackFolder.PLANNING.value == "planning"


def _document(**departments: Any) -> str:
    """A version 2 document holding one department made of ``departments``' keys."""
    return json.dumps({"dime": 2, "framework": {"name": "s", "departments": [departments]}})


class TestMeasures:
    """Typed department measures and their measurements."""

    @given(ds.departments())
    def test_round_trip(self, department: Department) -> None:
        """Any department, measures and measurements included, survives a document."""
        assert department == dime.from_dict(dime.to_dict(department), Department)

    @given(ds.measures(), st.floats(allow_nan=False, allow_infinity=False))
    def test_targets_in_bounds_or_refused(self, measure: Measure, target: float) -> None:
        """A target is accepted exactly when the measure can reach it, else a DimeError."""
        scale = dime.NPS if measure.scale == "nps" else None
        scale = dime.CSAT if measure.scale == "csat" else scale
        scale = dime.CES if measure.scale == "ces" else scale
        if scale is not None:
            low, high = scale.score_bounds
            fits = low <= target <= high
        else:
            fits = measure.kind is not MeasureKind.COUNT or target >= 0
        if fits:
            assert target == attrs.evolve(measure, target=target).target
        else:
            with pytest.raises(DimeError):
                attrs.evolve(measure, target=target)

    def test_unknown_measure_has_its_path(self) -> None:
        """A measurement of a measure the department lacks names the document path."""
        text = _document(
            name="Ops",
            measures=[{"name": "m", "kind": "rate"}],
            measurements=[{"measure": "x", "value": 1, "on": "2026-01-01"}],
        )
        with pytest.raises(InvalidDocumentError) as caught:
            dime.loads(text)
        paths = [p.path for p in caught.value.problems]
        assert ["$.framework.departments[0].measurements[0].measure"] == paths

    def test_measure_named_twice_has_its_path(self) -> None:
        """Two measures of one name in a department are refused at the second."""
        text = _document(
            name="Ops", measures=[{"name": "m", "kind": "rate"}, {"name": "m", "kind": "count"}]
        )
        with pytest.raises(InvalidDocumentError) as caught:
            dime.loads(text)
        assert ["$.framework.departments[0].measures[1].name"] == [
            p.path for p in caught.value.problems
        ]

    def test_target_beyond_a_custom_scale(self) -> None:
        """A score measure's target beyond its custom scale's bounds is refused with its path."""
        stars = Scale(name="stars", minimum=1, maximum=5)
        held = Measure(name="stars", kind=MeasureKind.SCORE, scale="stars", target=6)
        with pytest.raises(InvalidFrameworkError) as caught:
            Framework(name="s", scales=[stars], departments=[Department(name="d", measures=[held])])
        assert ["$.departments[0].measures[0].target"] == [p.path for p in caught.value.problems]

    def test_score_measure_needs_its_scale(self) -> None:
        """A score with no scale, or a count with one, is refused naming the field."""
        with pytest.raises(InvalidFieldError, match=r"\$\.scale"):
            Measure(name="m", kind=MeasureKind.SCORE)
        with pytest.raises(InvalidFieldError, match=r"\$\.scale"):
            Measure(name="m", kind=MeasureKind.COUNT, scale="nps")

    def test_direction_follows_the_scale(self) -> None:
        """A score measure that says lower is better on a scale where higher is is refused."""
        with pytest.raises(InvalidFieldError, match="higher is better"):
            Measure(name="m", kind=MeasureKind.SCORE, scale="csat", higher_is_better=False)

    def test_measurement_out_of_bounds(self) -> None:
        """A measurement of a CSAT measure above 100 is refused with its path."""
        held = Measure(name="c", kind=MeasureKind.SCORE, scale="csat")
        with pytest.raises(InvalidFieldError) as caught:
            Department(
                name="d",
                measures=[held],
                measurements=[Measurement(measure="c", value=101, on=date(2026, 1, 1))],
            )
        assert ["$.measurements[0].value"] == [p.path for p in caught.value.problems]
