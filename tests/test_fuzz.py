"""Fuzzing every entry point with hostile input and failing surroundings.

Each class of hostile input (a kind of mutation of real documents) is run
through each entry point, and the properties that must hold are checked:

- the library raises nothing but ``DimeError``;
- the command line exits 0, 1 or 2 (never 3, a fault), with exactly one line
  on standard error for each failure and never a traceback;
- whatever loads can be written back and reloads equal;
- the published schema and the loader agree;
- no file that existed before a failed command is changed.

A maintainer's longer run (each run gets 33 times the examples of the CI profile: 400 or
200 inputs where CI tries 12 or 6; about twenty minutes on two cores)::

    HYPOTHESIS_PROFILE=fuzz python -m pytest -m fuzz tests/test_fuzz.py
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import re
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dime
import dime.strategies as ds
from dime import CES, CSAT, NPS
from dime._cli import main
from dime._fields import key_of, specs_of
from dime._model import collections_of
from dime.exceptions import DimeError, InvalidLineError
from schema_generation import from_schema

pytestmark = pytest.mark.fuzz

SCHEMA = dime.json_schema()

# The schema's formats as RFC 3339 states them (jsonschema only checks them with extras).
FORMATS = jsonschema.FormatChecker(formats=())
_DATE = r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
_TIME = r"([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)"


@FORMATS.checks("date")
def _is_date(value: object) -> bool:
    return not isinstance(value, str) or re.fullmatch(_DATE, value, re.ASCII) is not None


@FORMATS.checks("date-time")
def _is_date_time(value: object) -> bool:
    return (
        not isinstance(value, str)
        or re.fullmatch(f"{_DATE}[Tt]{_TIME}", value, re.ASCII) is not None
    )


VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=FORMATS)


def budget(share: float = 0.2) -> settings:
    """The loaded profile's number of examples, times ``share``: slow entry points get fewer.

    The default profiles keep the suite within its time (about a dozen inputs per run in
    CI); the ``fuzz`` profile (2,000 examples against CI's 60) multiplies every run by 33.
    """
    return settings(
        max_examples=max(5, int((settings.default or settings()).max_examples * share)),
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.function_scoped_fixture,
        ],
    )


# ---------------------------------------------------------------------------------------------
# Real documents to start from: a slice of the built-in example, and small generated ones.


def _example_slice() -> dict[str, Any]:
    full = dime.example()
    work = full.initiatives[:12]
    answered = {ref for i in work for ref in i.addresses}  # the feedback the work names stays
    kept = [f for f in full.feedback if f.id in answered]
    small = attrs.evolve(full, feedback=(*full.feedback[:12], *kept), initiatives=work)
    document: dict[str, Any] = json.loads(dime.dumps(small))
    return document


EXAMPLE_DOCUMENT = _example_slice()


def _document(fw: dime.Framework) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(dime.dumps(fw))
    return document


BASE_DOCUMENTS = st.one_of(
    st.just(EXAMPLE_DOCUMENT).map(copy.deepcopy),
    ds.frameworks(max_records=3).map(_document),
)

# ---------------------------------------------------------------------------------------------
# Hostile values.  Integers beyond what Python converts to text cannot be written by
# json.dumps, so they travel as a marker string that the text form replaces.

HUGE_INT = 10**4300  # 4,301 digits: beyond sys.get_int_max_str_digits()
_HUGE_MARK = "\x00huge-int\x00"

INTEGERS = [740_000, 2**53 + 1, 2**63, 2**64, -(2**63) - 1, 10**30, 10**400, -(10**400), HUGE_INT]
FLOATS = [1e308, -1e308, 5e-324, 2.2250738585072014e-308, -0.0, 1.7976931348623157e308, 1e-7]
DATES = [
    "0001-01-01T00:00:00+00:00",
    "0001-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59-23:59",
    "9999-12-31T23:59:59.999999+00:00",
    "2026-03-01T09:30:12.1234567+00:00",
    "2026-W09-1",
    "20260301T093012Z",
    "2026-03-01T09:30:12Z",
    "2026-03-01T09:30:12+00:00:00.000001",
    "2026-03-01T24:00:00+00:00",
    "2026-02-29T10:00:00+00:00",
    "2026-03-01 09:30:12+00:00",
    "0001-01-01",
    "9999-12-31",
    "2026-03-01",
    "+002026-03-01",
]
TEXTS = [
    "\ud800",
    "a\udfffb",
    "\x00",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;title\x07",
    "\x9b2J",
    "\u2028\u2029",
    "\ufeff",
    "\u202eevil",
    " ",
    "",
    "x" * 100_000,
    "é" * 50,
]


EAST, WEST = timezone(timedelta(hours=23, minutes=59)), timezone(-timedelta(hours=23, minutes=59))
EDGES_OF_TIME = st.sampled_from(
    [
        datetime.min.replace(tzinfo=UTC),
        datetime.max.replace(tzinfo=UTC),
        datetime.min.replace(tzinfo=EAST),
        datetime.max.replace(tzinfo=WEST),
    ]
)


def _nested(depth: int, leaf: Any = 1) -> Any:
    value = leaf
    for level in range(depth):
        value = {"k": value} if level % 2 else [value]
    return value


def _text(document: Any) -> str:
    """A document as JSON text, huge integers written out in full."""
    return json.dumps(document).replace(json.dumps(_HUGE_MARK), "1" + "0" * 4300)


def _python(document: Any) -> Any:
    """A document as the Python data from_dict is given: markers become the huge integer."""
    if isinstance(document, dict):
        return {k: _python(v) for k, v in document.items()}
    if isinstance(document, list):
        return [_python(v) for v in document]
    return HUGE_INT if document == _HUGE_MARK else document


# ---------------------------------------------------------------------------------------------
# Structure-aware mutations.

Location = tuple[Any, ...]


def _locations(value: Any, path: Location = ()) -> Iterator[Location]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _locations(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _locations(item, (*path, i))


def _get(document: Any, where: Location) -> Any:
    for key in where:
        document = document[key]
    return document


def _set(document: Any, where: Location, value: Any) -> Any:
    if not where:
        return value
    _get(document, where[:-1])[where[-1]] = value
    return document


def _spot(draw: st.DrawFn, document: Any, want: Callable[[Location, Any], bool]) -> Location | None:
    spots = [w for w in _locations(document) if want(w, _get(document, w))]
    return draw(st.sampled_from(spots)) if spots else None


_DATE_KEYS = {"received", "started", "finished", "on", "expires"}
_NUMBER_KEYS = {"effort", "share", "score", "window", "assessment_max_age"}


def _is_leaf(where: Location, value: Any) -> bool:
    return bool(where) and not isinstance(value, (dict, list))


def _delete(draw: st.DrawFn, document: Any) -> Any:
    where = _spot(draw, document, lambda w, _: bool(w))
    if where is not None:
        del _get(document, where[:-1])[where[-1]]
    return document


_SWAPS = [None, True, 0, -1, 1.5, "", "x", [], {}, [1], {"a": 1}]


def _swap(draw: st.DrawFn, document: Any) -> Any:
    where = _spot(draw, document, lambda w, _: bool(w))
    if where is None:
        return document
    old = _get(document, where)
    new = draw(st.sampled_from([v for v in _SWAPS if type(v) is not type(old)]))
    return _set(document, where, copy.deepcopy(new))


def _enum(draw: st.DrawFn, document: Any) -> Any:
    where = _spot(draw, document, lambda w, v: bool(w) and isinstance(v, str))
    if where is None:
        return document
    old = _get(document, where)
    new = draw(st.sampled_from([old.upper(), f" {old}", f"{old}\u200b", "", "null", old[:-1]]))
    return _set(document, where, new)


def _numbers(pool: list[Any]) -> Callable[[st.DrawFn, Any], Any]:
    def mutate(draw: st.DrawFn, document: Any) -> Any:
        where = _spot(
            draw,
            document,
            lambda w, v: (
                bool(w)
                and ((w[-1] in _NUMBER_KEYS) or "metadata" in w)
                and not isinstance(v, (dict, list))
            ),
        ) or _spot(draw, document, _is_leaf)
        if where is None:
            return document
        value = draw(st.sampled_from(pool))
        return _set(document, where, _HUGE_MARK if value == HUGE_INT else value)

    return mutate


def _dates(draw: st.DrawFn, document: Any) -> Any:
    where = _spot(draw, document, lambda w, _: bool(w) and w[-1] in _DATE_KEYS)
    where = where or _spot(draw, document, _is_leaf)
    if where is None:
        return document
    return _set(document, where, draw(st.sampled_from(DATES)))


def _texts(draw: st.DrawFn, document: Any) -> Any:
    value = draw(st.sampled_from(TEXTS))
    if draw(st.booleans()):
        where = _spot(draw, document, lambda w, v: bool(w) and isinstance(v, str))
        if where is not None:
            return _set(document, where, value)
    where = _spot(draw, document, lambda w, v: bool(w) and w[-1] == "metadata")
    if where is not None:
        _get(document, where)[value] = value  # as a key and as a value
    return document


def _nesting(draw: st.DrawFn, document: Any) -> Any:
    depth = draw(st.sampled_from([30, 62, 63, 64, 65, 100, 500]))
    where = _spot(draw, document, lambda w, _: bool(w) and w[-1] == "metadata")
    if where is None:
        return document
    _get(document, where)["deep"] = _nested(depth)
    return document


_REFERENCES = {"touchpoint", "owner", "department"}


def _ids(draw: st.DrawFn, document: Any) -> Any:
    action = draw(st.sampled_from(["duplicate", "dangle", "blank"]))
    if action == "duplicate":
        where = _spot(draw, document, lambda w, v: isinstance(v, list) and bool(v) and len(w) == 2)
        if where is not None:
            records = _get(document, where)
            records.append(copy.deepcopy(draw(st.sampled_from(records))))
        return document
    key = _REFERENCES if action == "dangle" else {"id", "name", "holder"}
    where = _spot(draw, document, lambda w, v: bool(w) and w[-1] in key and isinstance(v, str))
    if where is None:
        return document
    return _set(document, where, draw(st.sampled_from(["nope", "", " ", "\t"])))


MUTATIONS: dict[str, Callable[[st.DrawFn, Any], Any]] = {
    "delete keys": _delete,
    "swap types": _swap,
    "near-miss values": _enum,
    "huge integers": _numbers(INTEGERS),
    "extreme floats": _numbers(FLOATS),
    "extreme dates": _dates,
    "hostile text": _texts,
    "deep nesting": _nesting,
    "duplicate and dangling ids": _ids,
}


@st.composite
def mutated(draw: st.DrawFn, mutation: str, base: st.SearchStrategy[Any] = BASE_DOCUMENTS) -> Any:
    """A real document with one to three mutations of one class."""
    document = draw(base)
    for _ in range(draw(st.integers(1, 3))):
        document = MUTATIONS[mutation](draw, document)
    return document


def _text_level(draw: st.DrawFn, text: str) -> bytes:  # noqa: PLR0911 - one return per action
    data = text.encode("utf-8", "surrogatepass")
    action = draw(
        st.sampled_from(["bom", "crlf", "truncate", "flip", "nan", "bad utf-8", "wrap", "trail"])
    )
    if action == "bom":
        return b"\xef\xbb\xbf" + data
    if action == "crlf":
        return data.replace(b",", b",\r\n").replace(b":", b":\r")
    if action == "truncate":
        return data[: draw(st.integers(0, max(0, len(data) - 1)))]
    if action == "flip":
        at = draw(st.integers(0, max(0, len(data) - 1)))
        return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
    if action == "nan":
        return data.replace(b'"effort":', b'"effort":NaN,"x":', 1).replace(b"0.", b"Infinity", 1)
    if action == "bad utf-8":
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80"])) + data[at:]
    if action == "wrap":
        return b"[" + data + b"]"
    return data + draw(st.sampled_from([b",", b" x", b"\x00", b"{}"]))


@st.composite
def hostile_text(draw: st.DrawFn) -> bytes:
    """A real document's bytes, mutated below the structure: BOMs, truncation, byte flips."""
    return _text_level(draw, _text(draw(BASE_DOCUMENTS)))


def classes() -> list[str]:
    """Every mutation class, as the parameter of a run."""
    return [*MUTATIONS, "text below the structure"]


def draw_input(data: st.DataObject, mutation: str) -> tuple[Any, bytes]:
    """The document (as Python data, or None) and its bytes, for one run."""
    if mutation == "text below the structure":
        raw = data.draw(hostile_text())
        return None, raw
    document = data.draw(mutated(mutation))
    return document, _text(document).encode("utf-8", "surrogatepass")


def attempt(call: Callable[[], Any]) -> Any:
    """Call; a DimeError is a fine answer (None), anything else fails the property."""
    try:
        return call()
    except DimeError:
        return None


# ---------------------------------------------------------------------------------------------
# Loading: loads, load, from_dict.


class TestLoading:
    """loads, load and from_dict raise nothing but DimeError on any input."""

    @budget(0.2)
    @given(data=st.data())
    @pytest.mark.parametrize("mutation", classes())
    def test_only_dime_errors(self, mutation: str, data: st.DataObject) -> None:
        """Every mutated document is read or refused with a DimeError, by every loader."""
        document, raw = draw_input(data, mutation)
        attempt(lambda: dime.loads(raw))
        attempt(lambda: dime.loads(raw.decode("utf-8", "replace")))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder, "doc.json")
            path.write_bytes(raw)
            attempt(lambda: dime.load(path))
        if isinstance(document, dict):
            attempt(lambda: dime.from_dict(_python(document.get("framework"))))


class TestSchemaAgreement:
    """The published schema and the loader accept the same documents, up to cross-record rules."""

    @budget(0.2)
    @given(data=st.data())
    @pytest.mark.parametrize("mutation", classes())
    def test_loader_accepts_only_what_the_schema_accepts(
        self, mutation: str, data: st.DataObject
    ) -> None:
        """A document the loader reads validates against the schema; one it rejects... may not."""
        document, raw = draw_input(data, mutation)
        try:
            parsed = json.loads(raw)
        except (ValueError, RecursionError):
            return  # not JSON: nothing for the schema to say
        loaded = attempt(lambda: dime.loads(raw))
        if loaded is not None:
            errors = [e.message[:200] for e in VALIDATOR.iter_errors(parsed)]
            assert [] == errors
        del document

    @budget(0.1)
    @given(document=st.deferred(lambda: schema_documents()))  # noqa: PLW0108 - defined below
    def test_schema_documents_load(self, document: dict[str, Any]) -> None:
        """A document generated from the schema, its cross-record references made sound, loads."""
        framework = dime.loads(json.dumps(repaired(document)))
        assert framework == dime.loads(dime.dumps(framework))


class TestRoundTrip:
    """Whatever loads can be written back and reloads equal, through text and through files."""

    @budget(0.2)
    @given(data=st.data())
    @pytest.mark.parametrize("mutation", classes())
    def test_written_back_reloads_equal(self, mutation: str, data: st.DataObject) -> None:
        """dumps, save and the schema all take what loads gave, and reading it again gives it back."""
        _, raw = draw_input(data, mutation)
        framework = attempt(lambda: dime.loads(raw))
        if framework is None:
            return
        for indent in (None, 2):
            text = dime.dumps(framework, indent=indent)
            assert framework == dime.loads(text)
            VALIDATOR.validate(json.loads(text))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder, "doc.json")
            dime.save(framework, path)
            assert framework == dime.load(path)


# ---------------------------------------------------------------------------------------------
# The checker and every picture of its report.


def render_everything(report: dime.Report, framework: dime.Framework) -> None:
    """Every picture of a report and of its framework, as the command line and notebooks ask."""
    from dime import _render  # noqa: PLC0415

    pictures = [
        str(report),
        report._repr_markdown_(),
        report._repr_html_(),
        framework._repr_html_(),
        framework._repr_markdown_(),
        _render.report_text(report, color=True),
        _render.report_page(report, framework),
        json.dumps(report.to_data(), ensure_ascii=False),
    ]
    assert all(isinstance(p, str) for p in pictures)
    assert all(pictures)


class TestCheck:
    """check and every renderer raise nothing but DimeError on whatever loads."""

    @budget(0.1)
    @given(data=st.data())
    @pytest.mark.parametrize("mutation", classes())
    def test_check_and_render(self, mutation: str, data: st.DataObject) -> None:
        """A loaded document is checked and pictured, or refused with a DimeError."""
        _, raw = draw_input(data, mutation)
        framework = attempt(lambda: dime.loads(raw))
        if framework is None:
            return
        report = attempt(lambda: dime.check(framework))
        if report is not None:
            render_everything(report, framework)

    @budget(0.1)
    @given(now=EDGES_OF_TIME | st.datetimes(timezones=st.sampled_from([UTC, EAST])))
    def test_any_now(self, now: datetime) -> None:
        """check accepts any aware datetime as now, or refuses it with a DimeError."""
        report = attempt(lambda: dime.check(POLICY_FRAMEWORK, now=now))
        if report is not None:
            render_everything(report, POLICY_FRAMEWORK)


# ---------------------------------------------------------------------------------------------
# Policies, from mappings and from files.

BASE_POLICY: dict[str, Any] = {
    "fail_on": "warning",
    "window": 90,
    "ignore": ["DIME7"],
    "select": ["ALL"],
    "severity": {"DIME101": "warning"},
    "neglected_ratio": 0.5,
    "dominant_ratio": 2.0,
    "assessment_max_age": 730,
    "targets": [{"pillar": a.pillar.value, "layer": a.layer.value, "share": 0.0625} for a in dime.AREAS],
    "waivers": [
        {"code": "DIME402", "subject": "warranty", "reason": "Moving", "expires": "2027-01-31"}
    ],
}  # fmt: skip


POLICY_FRAMEWORK = dime.loads(json.dumps(EXAMPLE_DOCUMENT))


class TestPolicies:
    """Policy.from_mapping, policy files and the check they drive raise nothing but DimeError."""

    @budget(0.1)
    @given(data=st.data())
    @pytest.mark.parametrize("mutation", [c for c in classes() if "structure" not in c])
    def test_policy_from_mapping(self, mutation: str, data: st.DataObject) -> None:
        """A mutated policy is read or refused with a DimeError, and a policy read can be checked."""
        mapping = _python(data.draw(mutated(mutation, st.just(BASE_POLICY).map(copy.deepcopy))))
        policy = attempt(lambda: dime.Policy.from_mapping(mapping))
        assert policy == attempt(lambda: dime.from_dict(mapping, dime.Policy))
        if policy is None:
            return
        report = attempt(lambda: dime.check(POLICY_FRAMEWORK, policy=policy))
        if report is not None:
            render_everything(report, POLICY_FRAMEWORK)


# ---------------------------------------------------------------------------------------------
# JSON Lines of feedback.


def feedback_lines(document: Any) -> list[bytes]:
    """The feedback of a (mutated) document as JSON Lines, whatever shape it was left in."""
    framework = document.get("framework") if isinstance(document, dict) else None
    items = framework.get("feedback", []) if isinstance(framework, dict) else [framework]
    items = items if isinstance(items, list) else [items]
    return [_text(item).encode("utf-8", "surrogatepass") for item in items]


class TestStreams:
    """iter_feedback, in both modes and from every kind of source, raises nothing but DimeError."""

    @budget(0.1)
    @given(data=st.data())
    @pytest.mark.parametrize("mutation", classes())
    def test_only_dime_errors_and_every_line_accounted_for(
        self, mutation: str, data: st.DataObject
    ) -> None:
        """Each non-blank line is an item or a rejected line, the same from every source."""
        document, raw = draw_input(data, mutation)
        lines = feedback_lines(document) if document is not None else raw.splitlines()
        end = data.draw(st.sampled_from([b"\n", b"\r\n", b"\r"]))
        stream = end.join(lines)
        sources: dict[str, Callable[[], Any]] = {
            "bytes": lambda: stream,
            "binary": lambda: io.BytesIO(stream),
            "text": lambda: io.TextIOWrapper(io.BytesIO(stream), encoding="utf-8"),
            "lines": lambda: [line + b"\n" for line in lines],
        }
        seen: dict[str, Any] = {}
        for name, source in sources.items():
            rejected: list[InvalidLineError] = []
            ids = attempt(
                lambda s=source, r=rejected: [  # type: ignore[misc]
                    f.id for f in dime.iter_feedback(s(), errors="collect", rejected=r)
                ]
            )
            attempt(lambda s=source: list(dime.iter_feedback(s())))  # type: ignore[misc]
            if ids is None:
                continue
            blank = sum(1 for line in lines if not line.strip(b" \t"))
            assert len(lines) - blank == len(ids) + len(rejected), name
            seen[name] = (ids, [e.line for e in rejected])
        assert len({json.dumps(v) for v in seen.values()}) <= 1, seen


# ---------------------------------------------------------------------------------------------
# The command line: every command on hostile files, arbitrary arguments, broken streams.


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.name: (p.read_bytes(), p.stat().st_mode) for p in sorted(folder.iterdir()) if p.is_file()
    }


def run_cli(argv: list[str], *, stdout: Any = None, stdin: Any = None) -> tuple[int, str, str]:
    """Run main in this process with the given streams; return the code, stdout text and stderr."""
    out = io.StringIO() if stdout is None else stdout
    err = io.StringIO()
    old = sys_streams()
    try:
        set_streams(out, err, io.TextIOWrapper(io.BytesIO(b"")) if stdin is None else stdin)
        code = main(argv)
    finally:
        set_streams(*old)
    text = out.getvalue() if isinstance(out, io.StringIO) else ""
    return code, text, err.getvalue()


def sys_streams() -> tuple[Any, Any, Any]:
    import sys  # noqa: PLC0415

    return sys.stdout, sys.stderr, sys.stdin


def set_streams(out: Any, err: Any, stdin: Any) -> None:
    import sys  # noqa: PLC0415

    sys.stdout, sys.stderr, sys.stdin = out, err, stdin


def assert_cli_contract(argv: list[str], code: int, err: str) -> None:
    """Exit 0, 1 (only for check) or 2; a failure is one line (validate: one per problem)."""
    assert code in {0, 1, 2}, (argv, code, err)
    assert "Traceback" not in err
    if code == 1:
        assert argv
        assert "check" == argv[0]
    if code == 2:
        lines = err.splitlines()
        if argv and argv[0] == "validate":
            assert lines
            assert all(line.startswith(("dime validate: ", "dime: error: ")) for line in lines)
        else:
            assert 1 == len(lines), err
            assert lines[0].startswith("dime: error: ")


class TestCommands:
    """Every command on hostile documents keeps the exit-code contract and changes no file on failure."""

    @budget(0.1)
    @given(data=st.data())
    @pytest.mark.parametrize("mutation", classes())
    def test_every_command(self, mutation: str, data: st.DataObject) -> None:
        """validate, check in every format, migrate and report: 0, 1 or 2, one line, files kept."""
        _, raw = draw_input(data, mutation)
        with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
            Path("doc.json").write_bytes(raw)
            Path("out.json").write_bytes(b"previous output")
            Path("report.html").write_bytes(b"previous report")
            commands = [
                ["validate", "doc.json"],
                ["check", "doc.json", "--format", data.draw(st.sampled_from(["text", "markdown", "json"]))],
                ["migrate", "doc.json", "-o", "out.json"],
                ["migrate", "doc.json", "-o", "-"],
                ["report", "doc.json", "-o", "report.html"],
            ]  # fmt: skip
            for argv in commands:
                before = snapshot(Path())
                code, _, err = run_cli(argv)
                assert_cli_contract(argv, code, err)
                if code == 2:
                    assert before == snapshot(Path()), argv


TOKENS = st.sampled_from(
    [
        "check", "grid", "rule", "example", "schema", "validate", "migrate", "report",
        "--format", "text", "markdown", "json", "--select", "--ignore", "DIME101", "DIME1,DIME2",
        "--fail-on", "error", "warning", "never", "--policy", "-o", "--output", "--dry-run",
        "--now", "2026-01-01", "2026-03-01T09:30:00+05:00", "--version", "--help",
        "doc.json", "bad.json", "policy.toml", "policy.json", "out.json", "report.html",
        "missing.json", ".", "-", "", "\x1b[31m", "\x00",
    ]
)  # fmt: skip
ARGV = st.lists(TOKENS | st.text(max_size=6), max_size=7)


class FullStdout(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


def ascii_stdout() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict")


STDOUTS: dict[str, Callable[[], Any]] = {
    "terminal": io.StringIO,
    "full": FullStdout,
    "ascii": ascii_stdout,
}
STDINS: dict[str, Callable[[], Any]] = {
    "document": lambda: io.TextIOWrapper(io.BytesIO(_text(EXAMPLE_DOCUMENT).encode())),
    "garbage": lambda: io.TextIOWrapper(io.BytesIO(b"\xff{")),
    "closed": lambda: None,
}


class TestArguments:
    """Any arguments, with any standard streams: the exit-code contract holds and files survive."""

    @budget(0.1)
    @given(
        argv=ARGV,
        stdout=st.sampled_from(sorted(STDOUTS)),
        stdin=st.sampled_from(sorted(STDINS)),
    )
    def test_any_arguments_any_streams(self, argv: list[str], stdout: str, stdin: str) -> None:
        """Arbitrary arguments exit 0, 1 or 2 with one line per failure, and keep every file on failure."""
        with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
            Path("doc.json").write_text(_text(EXAMPLE_DOCUMENT), encoding="utf-8")
            Path("bad.json").write_text('{"dime": 1, "framework": {"name": ""}}', encoding="utf-8")
            Path("policy.toml").write_text('fail_on = "never"\n', encoding="utf-8")
            Path("policy.json").write_text('{"window": -1}', encoding="utf-8")
            Path("out.json").write_text("previous", encoding="utf-8")
            before = snapshot(Path())
            code, _, err = run_cli(argv, stdout=STDOUTS[stdout](), stdin=STDINS[stdin]())
            if any(a in {"--help", "--version"} for a in argv) and code == 0:
                return
            assert_cli_contract(argv, code, err)
            if code == 2 and "standard output" not in err:
                assert before == snapshot(Path()), argv
            if stdout == "full" and code != 2:
                # Nothing was written to stdout, or the failure would have been reported.
                assert not err


# ---------------------------------------------------------------------------------------------
# Documents generated from the published schema.


def _inline(node: Any, defs: dict[str, Any], stack: tuple[str, ...] = ()) -> Any:
    """The schema with its references written out (recursion cut at two levels), arrays short."""
    if isinstance(node, list):
        return [_inline(x, defs, stack) for x in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if stack.count(name) >= 2:
            return {"type": ["null", "boolean", "integer", "string"]}
        rest = {k: _inline(v, defs, stack) for k, v in node.items() if k != "$ref"}
        return {**_inline(defs[name], defs, (*stack, name)), **rest}
    out = {
        k: _inline(v, defs, stack) for k, v in node.items() if k not in ("$defs", "$id", "$schema")
    }
    if out.get("type") == "array" or "items" in out:
        out["maxItems"] = min(out.get("maxItems", 3), 3)
    if out.get("additionalProperties") not in (None, False):
        out["maxProperties"] = min(out.get("maxProperties", 3), 3)
    return out


def schema_documents() -> st.SearchStrategy[Any]:
    return from_schema(_inline(SCHEMA, SCHEMA["$defs"])).filter(lambda d: isinstance(d, dict))


def repaired(document: dict[str, Any]) -> dict[str, Any]:
    """A schema-valid document with the rules the schema cannot state made to hold.

    Those rules (docs/format.md): ids unique within their kind, department names
    unique, references to departments and touchpoints that exist, an initiative
    never finished before it started (and an active one started), custom scales
    named uniquely with their bounds in order, and scores on them that name one and
    lie within it; measures named uniquely within their department, on known scales,
    with targets, measurements and outcomes they can take.
    """
    fw = document["framework"]

    def unique(records: list[dict[str, Any]], key: str) -> set[str]:
        for i, record in enumerate(records):
            record[key] = f"{record[key]}~{i}"
        return {r[key] for r in records}

    keys = {
        cls: unique(fw.get(kind, []), key)
        for kind, cls in collections_of(dime.Framework)
        if (key := key_of(cls)) is not None
    }
    _references_kept(fw, keys)
    for initiative in fw.get("initiatives", []):
        started, finished = initiative.get("started"), initiative.get("finished")
        if started is not None and finished is not None and finished < started:
            initiative["finished"] = started
        if initiative.get("status") == "active" and started is None:
            initiative["started"] = finished or "2026-01-01"
    # The keys' suffix also keeps custom scales off the built-in names.
    _scores_on_their_scales(fw)
    _measures_kept(fw)
    return document


def _measures_kept(fw: dict[str, Any]) -> None:
    """Measures named uniquely, on known scales, with values they can take; outcomes on them."""
    scales = {s.name: (s.higher_is_better, s.score_bounds) for s in BUILT_IN}
    for scale in fw.get("scales", []):
        low, high = scale["minimum"], scale["maximum"]
        scales[scale["name"]] = (scale.get("higher_is_better", True), (low, high))
    bounds: dict[tuple[str, str], tuple[float, float]] = {}
    for department in fw.get("departments", []):
        for i, measure in enumerate(department.get("measures", [])):
            measure["name"] = f"{measure['name']}~{i}"
            bounds[department["name"], measure["name"]] = _on_its_bounds(measure, scales)
        _measurements_kept(department, bounds)
    _outcomes_kept(fw, bounds)


def _on_its_bounds(
    measure: dict[str, Any], scales: dict[str, tuple[bool, tuple[float, float]]]
) -> tuple[float, float]:
    """The measure on a known scale (a score) or none (the rest), its target within reach."""
    low, high = -1e9, 1e9
    if measure["kind"] == "score":
        if measure.get("scale") not in scales:
            measure["scale"] = "nps"
        measure["higher_is_better"], (low, high) = scales[measure["scale"]]
    else:
        measure["scale"] = None
        low = 0 if measure["kind"] == "count" else low
    if measure.get("target") is not None:
        measure["target"] = min(max(measure["target"], low), high)
    return low, high


def _measurements_kept(
    department: dict[str, Any], bounds: dict[tuple[str, str], tuple[float, float]]
) -> None:
    """Each measurement of one of the department's measures, with a value it can take."""
    names = [m["name"] for m in department.get("measures", [])]
    kept = []
    for taken in department.get("measurements", []) if names else []:
        if taken["measure"] not in names:
            taken["measure"] = names[0]
        low, high = bounds[department["name"], taken["measure"]]
        taken["value"] = min(max(taken["value"], low), high)
        kept.append(taken)
    if "measurements" in department:
        department["measurements"] = kept


def _outcomes_kept(fw: dict[str, Any], bounds: dict[tuple[str, str], tuple[float, float]]) -> None:
    """Each outcome on a measure of its initiative's owner, or none."""
    held = {
        d["name"]: [m["name"] for m in d.get("measures", [])] for d in fw.get("departments", [])
    }
    for initiative in fw.get("initiatives", []):
        outcome = initiative.get("outcome")
        if outcome is None:
            continue
        names = held.get(initiative.get("owner") or "", [])
        if not names:
            initiative["outcome"] = None
            continue
        if outcome["measure"] not in names:
            outcome["measure"] = names[0]
        low, high = bounds[initiative["owner"], outcome["measure"]]
        for side in ("before", "after"):
            outcome[side] = min(max(outcome[side], low), high)


def _references_kept(fw: dict[str, Any], keys: dict[type[Any], set[str]]) -> None:
    """Clear every reference to a record that does not exist.

    The references are read from the records' fields (``refers=...``), so a new one is
    repaired too.
    """
    for kind, cls in collections_of(dime.Framework):
        for spec in specs_of(cls):
            if spec.item is not None and spec.item.refers is not None:
                known = keys[spec.item.refers]
                for record in fw.get(kind, []):
                    if spec.name in record:
                        record[spec.name] = [ref for ref in record[spec.name] if ref in known]
                continue
            if spec.refers is None:
                continue
            known = keys[spec.refers]
            for record in fw.get(kind, []):
                if record.get(spec.name) is not None and record[spec.name] not in known:
                    record[spec.name] = None


def _scores_on_their_scales(fw: dict[str, Any]) -> None:
    """Custom scales with their bounds in order, and every score on one within its bounds."""
    for scale in fw.get("scales", []):
        scale["minimum"], scale["maximum"] = sorted((scale["minimum"], scale["maximum"]))
    scales = {scale["name"]: scale for scale in fw.get("scales", [])}
    for item in fw.get("feedback", []):
        item["score"] = _on_its_scale(item.get("score"), scales)


BUILT_IN = (NPS, CSAT, CES)


def _on_its_scale(score: Any, scales: dict[str, dict[str, Any]]) -> Any:
    """A score kept on its custom scale (clamped, whole where it must be), or None for none."""
    if not isinstance(score, dict) or score.get("scale") in {s.name for s in BUILT_IN}:
        return score
    scale = scales.get(str(score.get("scale")))
    if scale is None:
        return None
    low, high = scale["minimum"], scale["maximum"]
    value = min(max(score["value"], low), high)
    if scale.get("whole"):
        value = min(max(round(value), math.ceil(low)), math.floor(high))
        if not low <= value <= high:
            return None
    return {**score, "value": value}
