"""The edges of the format: numbers, dates, text, nesting and messages, read and written alike."""

from __future__ import annotations

import gc
import io
import itertools
import json
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dime
import dime.strategies as ds
from dime._serialization import write_reference
from dime._wire import MAX_DEPTH, MAX_INT_DIGITS, WHITESPACE, blank
from dime.exceptions import (
    DimeError,
    InvalidDocumentError,
    InvalidFieldError,
    InvalidFrameworkError,
    InvalidLineError,
)

WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
HUGE = 10**MAX_INT_DIGITS  # one digit more than the format allows


def doc(**feedback: Any) -> str:
    """A document with one feedback item, its fields as given."""
    item = {"id": "f", "received": "2026-03-01T09:30:00+00:00", "kind": "gift", **feedback}
    return json.dumps({"dime": 1, "framework": {"name": "Shop", "feedback": [item]}})


def problems_of(text: str | bytes) -> list[str]:
    with pytest.raises(InvalidDocumentError) as info:
        dime.loads(text)
    return [str(p) for p in info.value.problems]


def feedback(**changes: Any) -> dime.Feedback:
    values: dict[str, Any] = {"id": "f", "received": WHEN, "kind": dime.FeedbackKind.GIFT}
    return dime.Feedback(**{**values, **changes})


class TestIntegers:
    def test_longer_than_python_converts_in_a_document(self) -> None:
        """An integer of more than 4,300 digits is a DimeError saying where, not a bare ValueError."""
        text = doc(score=1).replace('"score": 1', '"score": ' + "9" * (MAX_INT_DIGITS + 1))
        (problem,) = problems_of(text)
        assert f"more than {MAX_INT_DIGITS} digits at line 1 column" in problem

    def test_longer_than_python_converts_in_a_stream(self) -> None:
        """iter_feedback reports such an integer as a bad line, in both modes."""
        line = '{"id": "f", "received": "2026-03-01T09:30:00+00:00", "kind": "gift", "score": %s}'
        text = line % ("9" * (MAX_INT_DIGITS + 1)) + "\n" + line % "3" + "\n"
        with pytest.raises(InvalidLineError) as info:
            list(dime.iter_feedback(io.StringIO(text)))
        assert 1 == info.value.line
        rejected: list[InvalidLineError] = []
        kept = list(dime.iter_feedback(io.StringIO(text), errors="collect", rejected=rejected))
        assert ([3], [1]) == ([f.score for f in kept], [e.line for e in rejected])

    def test_longest_integer_round_trips(self) -> None:
        """An integer of exactly the limit's digits is kept, written and read back."""
        longest = HUGE - 1
        fw = dime.Framework(name="x", feedback=[feedback(score=longest)], metadata={"n": -longest})
        assert fw == dime.loads(dime.dumps(fw))

    def test_longer_integers_are_refused_by_records(self) -> None:
        """A record refuses an integer it could not write, as a ValueError."""
        with pytest.raises(InvalidFieldError, match="digits") as info:
            feedback(score=HUGE)
        assert not isinstance(info.value, TypeError)
        with pytest.raises(InvalidFieldError, match=r"\$\.metadata\.n: .*digits"):
            feedback(metadata={"n": HUGE})

    def test_metadata_changed_after_the_fact_cannot_be_written(self) -> None:
        """dumps refuses metadata that was changed, after the record was made, beyond the format."""
        item = feedback(metadata={"n": 1})
        fw = dime.Framework(name="x", feedback=[item])
        item.metadata["n"] = HUGE  # type: ignore[index]
        for indent in (None, 2):
            with pytest.raises(InvalidDocumentError, match="digits"):
                dime.dumps(fw, indent=indent)


class TestNumbers:
    @pytest.mark.parametrize("value", [10**400, -(10**400), float("inf"), float("nan")])
    def test_beyond_range_in_records(self, value: float) -> None:
        """An effort or share beyond the range of numbers is an InvalidFieldError, not OverflowError."""
        with pytest.raises(InvalidFieldError):
            dime.Initiative(id="i", title="t", area=dime.AREAS[0], effort=value)
        with pytest.raises(InvalidFieldError):
            dime.Responsibility(holder="h", mindset=dime.Mindset.EMOTIONAL, share=value)

    def test_beyond_range_in_documents(self) -> None:
        """An integer effort beyond float range, or 1e400, is refused by loads with its path."""
        base = {"id": "i", "title": "t", "area": {"pillar": "D", "layer": "review"}}
        for raw in ("1" + "0" * 400, "1e400"):
            text = json.dumps({"dime": 1, "framework": {"name": "x", "initiatives": [base]}})
            text = text.replace('"layer": "review"}', '"layer": "review"}, "effort": ' + raw)
            (problem,) = problems_of(text)
            assert problem.startswith("$.framework.initiatives[0].effort: ")

    def test_whole_floats_are_integers(self) -> None:
        """A score written 5.0 is the integer 5, as the schema reads it, and is written back as 5."""
        fw = dime.loads(doc(score=5.0))
        assert 5 == fw.feedback[0].score
        assert int is type(fw.feedback[0].score)
        assert ["$.framework.feedback[0].score: expected an integer or null, got number 5.5"] == (
            problems_of(doc(score=5.5))
        )


class TestDatesAndTimes:
    @pytest.mark.parametrize(
        ("text", "fragment"),
        [
            ("2026-W09-1", "not an RFC 3339 date and time"),
            ("20260301T093012Z", "not an RFC 3339 date and time"),
            ("2026-03-01 09:30:12+00:00", "not an RFC 3339 date and time"),
            ("2026-03-01T09:30:12.1234567+00:00", "7 digits of fractions of a second"),
            ("2026-03-01T09:30:60+00:00", "leap second"),
            ("2026-02-30T09:30:12+00:00", "not a valid date and time"),
            ("2026-03-01T09:30:12+24:00", "not an RFC 3339 date and time"),
            ("2026-03-01T09:30:12", "has no UTC offset"),
            ("2026-03-01", "a date without a time"),
            ("0001-01-01T00:00:00+01:00", "beyond the calendar"),
            ("9999-12-31T23:59:59-23:59", "beyond the calendar"),
        ],
    )
    def test_only_rfc_3339(self, text: str, fragment: str) -> None:
        """What RFC 3339 does not allow, or dime cannot hold, is refused, saying why."""
        (problem,) = problems_of(doc(received=text))
        assert fragment in problem

    @pytest.mark.parametrize(
        "text",
        [
            "2026-03-01T09:30:12Z",
            "2026-03-01t09:30:12z",
            "2026-03-01T09:30:12.5-03:30",
            "2026-03-01T09:30:12.123456+14:00",
            "0001-01-01T00:00:00+00:00",
            "9999-12-31T23:59:59.999999Z",
        ],
    )
    def test_every_rfc_3339_form_is_read(self, text: str) -> None:
        """Z or an offset, T or t, one to six digits of fraction: all read, to the microsecond."""
        received = dime.loads(doc(received=text)).feedback[0].received
        expected = datetime.fromisoformat(text.upper())
        assert expected == received
        assert expected.utcoffset() == received.utcoffset()

    def test_the_hints_are_themselves_accepted(self) -> None:
        """The value a message suggests writing instead is one that loads accepts."""
        for bad in ("2026-03-01", "2026-03-01T09:30:12"):
            (problem,) = problems_of(doc(received=bad))
            hint = problem.rsplit(" ", 1)[1]
            assert dime.loads(doc(received=hint)).feedback[0].received.year == 2026

    def test_a_time_in_the_repeated_hour_round_trips(self) -> None:
        """A time in the repeated hour of a daylight-saving change keeps its offset and compares equal."""
        zone = ZoneInfo("Europe/London")
        second = datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=zone)
        item = feedback(received=second)
        assert timedelta(0) == item.received.utcoffset()
        assert second.astimezone(UTC) == item.received.astimezone(UTC)
        fw = dime.Framework(name="x", feedback=[item])
        assert fw == dime.loads(dime.dumps(fw))

    @pytest.mark.parametrize(
        "offset", [timedelta(microseconds=1), timedelta(seconds=30), timedelta(hours=1, seconds=1)]
    )
    def test_offsets_rfc_3339_cannot_write_are_refused(self, offset: timedelta) -> None:
        """An offset that is not a whole number of minutes is refused, never silently rounded."""
        with pytest.raises(InvalidFieldError, match="whole number of minutes"):
            feedback(received=datetime(2026, 3, 1, tzinfo=timezone(offset)))

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.datetimes(
            min_value=datetime(1, 1, 2),  # noqa: DTZ001 - bounds for aware datetimes are naive
            max_value=datetime(9999, 12, 30),  # noqa: DTZ001
            timezones=st.integers(-23 * 60 - 59, 23 * 60 + 59).map(
                lambda m: timezone(timedelta(minutes=m))
            ),
        )
    )
    def test_any_time_round_trips(self, when: datetime) -> None:
        """Any aware time with a whole-minute offset round trips, offset and microseconds kept."""
        fw = dime.Framework(name="x", feedback=[feedback(received=when)])
        back = dime.loads(dime.dumps(fw)).feedback[0].received
        assert (when, when.utcoffset()) == (back, back.utcoffset())


class TestText:
    @pytest.mark.parametrize("field", ["id", "text", "touchpoint"])
    def test_lone_surrogates_are_refused_when_read(self, field: str) -> None:
        """A lone surrogate escape in any text is refused at its path: it could not be written."""
        text = doc(**{field: "a\ud800"})
        (problem,) = problems_of(text)
        assert problem.startswith(f"$.framework.feedback[0].{field}: ")
        assert "surrogate" in problem

    def test_lone_surrogates_in_metadata(self) -> None:
        """Metadata keys and values with a lone surrogate are refused too, read or built."""
        for metadata in ({"a": "\udfff"}, {"\ud800": 1}, {"a": ["\ud800"]}):
            assert "surrogate" in " ".join(problems_of(doc(metadata=metadata)))
            with pytest.raises(InvalidFieldError, match="surrogate"):
                feedback(metadata=metadata)

    def test_lone_surrogates_are_refused_by_records(self) -> None:
        """A record refuses text UTF-8 cannot encode, so nothing it holds fails to write."""
        with pytest.raises(InvalidFieldError, match=r"\$\.name: holds the lone surrogate"):
            dime.Department(name="IT\udc80")

    @settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
    @given(st.text(alphabet=st.characters(codec="utf-8"), max_size=20))
    def test_any_text_round_trips(self, text: str) -> None:
        """Any text UTF-8 can encode is written and read back unchanged, in every writer."""
        fw = dime.Framework(
            name="x", feedback=[feedback(text=text, metadata={text: text})] if text else []
        )
        assert fw == dime.loads(dime.dumps(fw))
        assert write_reference(fw, indent=None) == dime.dumps(fw)

    def test_white_space_is_the_one_set(self) -> None:
        """Blank means empty or only the white space Python's str.isspace names, everywhere."""
        assert all(c.isspace() for c in WHITESPACE)
        assert all(blank(c) == c.isspace() for c in map(chr, range(0x3100)))


class TestNesting:
    def nested(self, levels: int) -> dict[str, Any]:
        """Metadata that nests ``levels`` levels deep, the metadata object itself the first."""
        value: Any = []
        for _ in range(levels - 2):
            value = [value]
        return {"a": value}

    def test_as_deep_as_the_limit_loads_and_saves(self) -> None:
        """Metadata exactly as deep as the limit is read, written by every writer, and read again."""
        deepest = self.nested(MAX_DEPTH)
        fw = dime.loads(json.dumps({"dime": 1, "framework": {"name": "x", "metadata": deepest}}))
        for indent in (None, 2):
            assert fw == dime.loads(dime.dumps(fw, indent=indent))
            assert write_reference(fw, indent=indent) == dime.dumps(fw, indent=indent)

    def test_one_level_more_is_refused_everywhere(self) -> None:
        """One level more is refused by loads, by the records, and by dumps if added after."""
        too_deep = self.nested(MAX_DEPTH + 1)
        text = json.dumps({"dime": 1, "framework": {"name": "x", "metadata": too_deep}})
        (problem,) = problems_of(text)
        assert problem.endswith(f"nests more than {MAX_DEPTH} levels deep")
        with pytest.raises(InvalidFrameworkError):
            dime.Framework(name="x", metadata=too_deep)
        metadata: dict[str, Any] = {"a": 1}
        fw = dime.Framework(name="x", feedback=[feedback(metadata=metadata)])
        metadata["a"] = too_deep
        with pytest.raises(InvalidDocumentError, match="nests more than"):
            dime.dumps(fw)


class TestMessages:
    def test_expected_keys_in_a_stable_order(self) -> None:
        """Lists of expected keys come in declaration order, whatever the hash seed."""
        code = (
            "import dime\n"
            "try:\n"
            '    dime.loads(\'{"dime": 1, "framework": {"name": "x", "colour": 1}}\')\n'
            "except dime.exceptions.DimeError as err:\n"
            "    print(err)\n"
        )
        outputs = {
            subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True,
                text=True,
                check=True,
                env={"PYTHONHASHSEED": str(seed)},
            ).stdout
            for seed in (1, 2, 3, 4)
        }
        assert 1 == len(outputs)
        assert "name, touchpoints, initiatives, feedback" in outputs.pop()

    def test_version_0_paths_are_in_the_file(self) -> None:
        """A version 0 document is the framework object itself: its paths start at $."""
        text = json.dumps({"name": "x", "feedback": [{"id": "f"}]})
        assert [
            "$.feedback[0]: missing the required key 'received'",
            "$.feedback[0]: missing the required key 'kind'",
        ] == problems_of(text)

    def test_long_values_are_cut_short(self) -> None:
        """A megabyte-long bad value makes a message of a few lines, not megabytes."""
        big = "x" * 1_000_000
        for text in (
            doc(kind=big),
            doc(received=big),
            doc(**{big: 1}),
            json.dumps({"dime": big}),
            json.dumps({"dime": 1, "framework": {"name": "x"}, big: 1}),
        ):
            with pytest.raises(DimeError) as info:
                dime.loads(text)
            assert len(str(info.value)) < 1000
        with pytest.raises(InvalidFieldError) as bad:
            dime.Department(name=big, objective=1)  # type: ignore[arg-type]
        assert len(str(bad.value)) < 1000

    @settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
    @given(ds.frameworks(max_records=3), st.data())
    def test_no_stray_wording(self, fw: dime.Framework, data: st.DataObject) -> None:
        """Document messages speak JSON (null, true) and never stutter ("at at", "got null None")."""
        document = json.loads(dime.dumps(fw))
        section = data.draw(st.sampled_from(sorted(document["framework"])))
        bad: Any = data.draw(ds.json_values(max_leaves=3) | st.sampled_from([None, True, 1.5]))
        target = document["framework"][section]
        if isinstance(target, list) and target:
            key = data.draw(st.sampled_from(sorted(target[0])))
            target[0][key] = bad
        else:
            document["framework"][section] = bad
        try:
            dime.loads(json.dumps(document))
        except DimeError as err:
            for problem in err.problems:  # type: ignore[attr-defined]
                words = problem.message.split()
                assert "None" not in words
                assert "True" not in words
                assert not any(a == b for a, b in itertools.pairwise(words))


class TestGarbageCollector:
    def test_many_threads_leave_it_as_they_found_it(self) -> None:
        """Eight threads loading at once leave the collector enabled, as it was before."""
        text = dime.dumps(dime.example())
        assert gc.isenabled()
        start = threading.Barrier(8)
        errors: list[BaseException] = []

        def work() -> None:
            try:
                start.wait()
                for _ in range(5):
                    dime.loads(text)
                    dime.to_dict(dime.example())
            except BaseException as err:  # noqa: BLE001 - reported below
                errors.append(err)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert [] == errors
        assert gc.isenabled()

    def test_left_off_when_it_was_off(self) -> None:
        """A program that turned the collector off finds it still off after loading."""
        gc.disable()
        try:
            dime.loads(dime.dumps(dime.example()))
            assert not gc.isenabled()
        finally:
            gc.enable()

    def test_restored_when_loading_fails(self) -> None:
        """A failed load restores the collector too."""
        with pytest.raises(DimeError):
            dime.loads("{")
        assert gc.isenabled()


class TestEvolve:
    @given(ds.feedback(), ds.feedback())
    def test_one_field_changes_and_every_other_stays(
        self, item: dime.Feedback, other: dime.Feedback
    ) -> None:
        """attrs.evolve changes the fields named and keeps every other, metadata included."""
        changed = attrs.evolve(item, folder=other.folder)
        for field in attrs.fields(dime.Feedback):
            expected = other.folder if field.name == "folder" else getattr(item, field.name)
            assert expected == getattr(changed, field.name)
