from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dime
import dime.strategies as ds
from dime import _cli, _stream
from dime._cli import main
from dime._stream import JsonReader, NotStreamedError, load_tally, stream_document, streamed
from dime.exceptions import DimeError, DimeFileError

WHEN = "2026-03-01T09:30:00Z"


@contextlib.contextmanager
def document_file(data: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "doc.json")
        path.write_bytes(data)
        yield path


def reordered(
    fw: dime.Framework, order: list[str], *, indent: int | None, ascii_only: bool = False
) -> bytes:
    """The document of ``fw`` with the framework's keys (and the envelope's) in ``order``."""
    framework = json.loads(dime.dumps(fw))["framework"]
    keys = [k for k in order if k in framework] + [k for k in framework if k not in order]
    body = {k: framework[k] for k in keys}
    top: dict[str, Any] = (
        {"framework": body, "dime": 2} if order[0] == "feedback" else {"dime": 2, "framework": body}
    )
    return json.dumps(top, indent=indent, ensure_ascii=ascii_only).encode()


def outcome(read: Any, path: Path) -> tuple[str, Any]:
    """What ``read(path)`` gives: its result, or its error's type, problems and notes."""
    try:
        return "ok", read(path)
    except DimeError as err:
        return type(err).__name__, (
            str(err),
            getattr(err, "problems", None),
            getattr(err, "__notes__", None),
        )


def whole(path: Path) -> tuple[dime.Framework, dime.Tally]:
    """The structure and the tally as the whole-document reader gives them."""
    fw = dime.load(path)
    return attrs.evolve(fw, feedback=()), dime.Tally.from_records(fw.feedback)


framework_keys = st.permutations(
    [
        "feedback",
        "name",
        "touchpoints",
        "initiatives",
        "responsibilities",
        "departments",
        "assessments",
        "scales",
        "metadata",
    ]
)


FEEDBACK_BREAKS = (
    "repeat id",
    "dangling touchpoint",
    "dangling department",
    "unknown scale",
    "off its scale",
    "bad field",
)


def break_feedback(draw: st.DrawFn, feedback: list[Any], how: str) -> None:
    """Break one of a non-empty list of feedback items in the way ``how`` names."""
    if how == "repeat id":
        feedback.append(dict(feedback[draw(st.integers(0, len(feedback) - 1))]))
    elif how == "dangling touchpoint":
        feedback[-1]["touchpoint"] = "no-such-touchpoint"
    elif how == "dangling department":
        feedback[0]["assigned_to"] = "no-such-department"
    elif how == "unknown scale":
        feedback[0]["score"] = {"scale": "stars", "value": 3}
    elif how == "off its scale":
        scale = draw(st.sampled_from(["nps", "csat", "ces"]))
        feedback[-1]["score"] = {"scale": scale, "value": 99}
    else:
        field = draw(st.sampled_from(["received", "kind", "folder", "id", "text", "channel"]))
        feedback[-1][field] = draw(st.sampled_from(["", "2026-13-01", 3, None, "listenning"]))


@st.composite
def broken_documents(draw: st.DrawFn) -> bytes:
    """A document of a valid framework with something wrong, mostly in its feedback."""
    fw = draw(ds.frameworks(max_records=6))
    doc: Any = json.loads(dime.dumps(fw))
    feedback = doc["framework"]["feedback"]
    how = draw(
        st.sampled_from(
            [
                *FEEDBACK_BREAKS,
                "bad item",
                "addresses unknown feedback",
                "version 1",
                "no version",
                "extra key",
                "truncated",
                "NaN",
                "twice",
            ]
        )
    )
    if how in FEEDBACK_BREAKS and feedback:
        break_feedback(draw, feedback, how)
    elif how == "addresses unknown feedback" and feedback and doc["framework"]["initiatives"]:
        # The structure names feedback the stream never reads: caught once it has all.
        doc["framework"]["initiatives"][0]["addresses"] = [feedback[0]["id"], "no-such-item"]
    elif how == "bad item":
        feedback.insert(draw(st.integers(0, len(feedback))), draw(ds.json_values(max_leaves=3)))
    elif how == "version 1":
        doc["dime"] = 1
    elif how == "no version":
        doc = doc["framework"]
    elif how == "extra key":
        doc[draw(st.sampled_from(["extra", "metadata"]))] = 1
    text = json.dumps(doc, indent=draw(st.sampled_from([None, 1])))
    if how == "truncated":
        text = text[: draw(st.integers(0, max(0, len(text) - 1)))]
    elif how == "NaN":
        text = text.replace('"metadata": {}', '"metadata": {"x": NaN}', 1)
    elif how == "twice":
        text = text.replace('{"dime": 2,', '{"dime": 2, "dime": 2,', 1)
    return text.encode()


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def run_cli_whole(*argv: str) -> tuple[int, str, str]:
    """The command as it runs with every document read whole."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_cli, "streamed", lambda _: None)
        return run_cli(*argv)


class TestLoadTally:
    @given(
        ds.frameworks(max_records=8),
        framework_keys,
        st.sampled_from([None, 0, 2]),
        st.booleans(),
        st.tuples(st.integers(1, 64) | st.integers(200, 4000), st.integers(1, 5)),
    )
    def test_streams_what_the_whole_reader_reads(
        self,
        fw: dime.Framework,
        order: list[str],
        indent: int | None,
        ascii_only: bool,
        sizes: tuple[int, int],
    ) -> None:
        """A valid document streams, in any key order, chunk and batch size, to what load reads."""
        data = reordered(fw, order, indent=indent, ascii_only=ascii_only)
        stream = io.StringIO(data.decode())
        chunk, batch = sizes
        structure, tally = stream_document(stream, chunk=chunk, batch=batch)
        assert attrs.evolve(fw, feedback=()) == structure
        assert dime.Tally.from_records(fw.feedback) == tally
        assert dime.check(fw) == dime.check(tally, structure=structure)

    @given(st.integers(1, 64) | st.integers(200, 4000))
    def test_braces_in_text_do_not_cut_an_item(self, chunk: int) -> None:
        """Feedback whose text holds what ends an item in JSON is read exactly as written."""
        fw = dime.example()
        texts = ['a},{"id":"x"}', "},", '"},{', "}]", '{"text":"},"}']
        feedback = [
            attrs.evolve(f, text=texts[i % len(texts)]) for i, f in enumerate(fw.feedback[:60])
        ]
        # Of the example's feedback only the first items are kept: its work answers none.
        work = [attrs.evolve(i, addresses=()) for i in fw.initiatives]
        fw = attrs.evolve(fw, feedback=feedback, initiatives=work)
        text = dime.dumps(fw)
        reader = JsonReader(io.StringIO(text), chunk)
        keys = reader.members()
        assert "dime" == next(keys)
        reader.value()
        assert "framework" == next(keys)
        found = {
            key: list(reader.items()) if key == "feedback" else reader.value()
            for key in reader.members()
        }
        assert json.loads(text)["framework"] == found
        structure, tally = stream_document(io.StringIO(text), chunk=chunk, batch=7)
        assert (attrs.evolve(fw, feedback=()), dime.Tally.from_records(feedback)) == (
            structure,
            tally,
        )

    @given(ds.frameworks(max_records=6))
    def test_a_valid_file_is_streamed(self, fw: dime.Framework) -> None:
        """load_tally streams a valid document in a file, never reading it whole."""
        with document_file(dime.dumps(fw, indent=2).encode()) as path:
            assert streamed(str(path)) is not None
            assert whole(path) == load_tally(path)

    @given(broken_documents(), st.integers(1, 64) | st.integers(200, 4000))
    def test_a_broken_document_fails_as_load_fails(self, data: bytes, chunk: int) -> None:
        """A document with a problem stops the stream, and is reported exactly as load reports it."""
        with document_file(data) as path:
            expected = outcome(whole, path)
            assert expected == outcome(load_tally, path)
        try:
            got = stream_document(io.StringIO(data.decode()), chunk=chunk, batch=2)
        except NotStreamedError:
            return
        assert ("ok", got) == expected

    @given(st.binary(max_size=40) | st.text(max_size=40).map(str.encode))
    def test_any_bytes_fail_as_load_fails(self, data: bytes) -> None:
        """Whatever a file holds, load_tally raises what load raises (only DimeError)."""
        with document_file(data) as path:
            assert outcome(whole, path) == outcome(load_tally, path)

    def test_a_problem_in_a_stream_is_reported_with_its_place_in_the_file(self) -> None:
        """A bad item deep in the feedback is named by its index in the whole document."""
        fw = dime.example()
        doc = json.loads(dime.dumps(fw))
        doc["framework"]["feedback"][1041]["received"] = "yesterday"
        with (
            document_file(json.dumps(doc).encode()) as path,
            pytest.raises(dime.exceptions.InvalidDocumentError) as info,
        ):
            load_tally(path)
        assert ["$.framework.feedback[1041].received"] == [p.path for p in info.value.problems]
        assert [f"in {path}"] == info.value.__notes__

    def test_a_missing_file(self) -> None:
        """A file that is not there is a DimeFileError naming it, as load gives."""
        with pytest.raises(DimeFileError, match=r"no-such-file\.json: cannot read"):
            load_tally("no-such-file.json")

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
    def test_a_pipe_is_not_streamed(self, tmp_path: Path) -> None:
        """A named pipe cannot be read twice, so it is never streamed."""
        os.mkfifo(tmp_path / "pipe")
        assert streamed(str(tmp_path / "pipe")) is None

    def test_memory_does_not_grow_with_the_feedback(self, tmp_path: Path) -> None:
        """Three times the feedback streams in about the same memory (both above a batch)."""

        doc = json.loads(dime.dumps(dime.example()))
        some = doc["framework"]["feedback"]
        # The items are renamed: the example's work answers none of them.
        for initiative in doc["framework"]["initiatives"]:
            initiative["addresses"] = []

        def peak(items: int, path: Path) -> int:
            feedback = [{**some[i % len(some)], "id": f"f{i}"} for i in range(items)]
            doc["framework"]["feedback"] = feedback
            path.write_text(json.dumps(doc), encoding="utf-8")
            del feedback
            with path.open(encoding="utf-8", newline="") as stream:
                tracemalloc.start()
                try:
                    stream_document(stream, chunk=1 << 14, batch=500)
                    return tracemalloc.get_traced_memory()[1]
                finally:
                    tracemalloc.stop()

        peak(100, tmp_path / "warm.json")  # what is imported on first use is not counted
        small, large = peak(11_000, tmp_path / "small.json"), peak(33_000, tmp_path / "large.json")
        assert large < 1.2 * small


class TestCommandLine:
    @given(
        ds.frameworks(max_records=4),
        framework_keys,
        st.sampled_from(["text", "markdown"]),
    )
    def test_check_prints_what_it_printed_reading_whole(
        self, fw: dime.Framework, order: list[str], form: str
    ) -> None:
        """dime check on a file streams, with the same exit code and report as reading whole."""
        with document_file(reordered(fw, order, indent=1)) as path:
            assert streamed(str(path)) is not None
            args = ("check", str(path), "--format", form)
            assert run_cli_whole(*args) == run_cli(*args)

    @given(broken_documents() | ds.frameworks(max_records=4).map(dime.dumps).map(str.encode))
    def test_validate_and_check_say_what_they_said_reading_whole(self, data: bytes) -> None:
        """Valid or not, dime validate and dime check print and exit as they did reading whole."""
        with document_file(data) as path:
            for args in (("validate", str(path)), ("check", str(path))):
                assert run_cli_whole(*args) == run_cli(*args)

    def test_standard_input_is_read_whole(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A document on standard input, which cannot be read twice, is checked whole."""
        data = dime.dumps(dime.example()).encode()
        with document_file(data) as path:
            expected = run_cli("check", str(path))
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
        assert expected == run_cli("check", "-")

    def test_validate_names_the_feedback_it_streamed(self) -> None:
        """dime validate says how many records a streamed document holds, as repr does."""
        fw = dime.example()
        with document_file(dime.dumps(fw).encode()) as path:
            assert (0, f"{path}: ok, {fw!r}\n", "") == run_cli("validate", str(path))
            assert f"feedback={len(fw.feedback)}" in repr(fw)


class TestDescribe:
    @given(ds.frameworks(max_records=4))
    def test_describe_is_repr(self, fw: dime.Framework) -> None:
        """describe gives a streamed framework's repr, with its feedback counted."""
        structure, tally = _stream.split(fw)
        assert repr(fw) == _stream.describe(structure, tally)
