"""The ``dime`` command line (also ``python -m dime``).

Exit codes: 0 when all is well, 1 when ``dime check`` finds something at or
above ``--fail-on``, 2 for bad input, bad usage or a failing environment (a
file or standard stream that cannot be read or written), with a one-line
error on standard error and never a traceback; 3 for a fault in dime itself,
130 when interrupted, and 141 when the reader of standard output went away.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

import attrs

from dime._balance import Policy, Report, Tally, check, explain, rule_codes
from dime._example import example
from dime._files import encode_document, write_atomically
from dime._serialization import (
    FORMAT_VERSION,
    framework_from_document,
    json_schema,
    loads,
    migration_notes,
    parse,
)
from dime._stream import describe, streamed
from dime.exceptions import (
    DimeError,
    DimeFileError,
    InvalidPolicyError,
    UnknownRuleError,
    ValidationError,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from dime._diff import Baseline
    from dime._model import Framework

__all__ = ["main"]


#: The exit codes, as docs/cli.md lists them.
EXIT_OK, EXIT_FINDINGS, EXIT_BAD, EXIT_FAULT = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141  # 128 + SIGINT, 128 + SIGPIPE, as a shell shows them


class _UsageError(Exception):
    """Bad input or usage: the message is printed on one line and the exit code is 2."""


class _StreamError(Exception):
    """A standard stream failed: the message is printed on one line and the exit code is 2."""


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports errors in one line instead of exiting."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("dime").strip()
        where = f"{command}: " if command else ""
        raise _UsageError(f"{where}{message} (see '{self.prog} --help')")


# Characters that make a terminal do something rather than show something: C0 and C1
# controls and DEL, and the two separators that start a new line in some readers.
_CONTROL = "\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029"
_CONTROLS = re.compile(f"[{_CONTROL}]")
_CONTROLS_AND_LINE_FEEDS = re.compile(f"[{_CONTROL}\n]")
# The only escape sequences dime writes itself: colours (SGR), and only on a terminal.
_COLOUR = re.compile(r"(\x1b\[[0-9;]*m)")
# In JSON text, these can only stand inside strings, where a \u escape means the same.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _printable(text: str, *, colour: bool = False) -> str:
    """``text`` with every control character but the line feed shown as an escape.

    With ``colour``, dime's own colour codes stay; the renderers never let user
    text carry an escape character, so every one left is theirs.
    """
    if not colour:
        return _CONTROLS.sub(_escape, text)
    parts = _COLOUR.split(text)
    return "".join(p if i % 2 else _CONTROLS.sub(_escape, p) for i, p in enumerate(parts))


def _one_line(text: str) -> str:
    """``text`` on one line: line breaks and every other control shown as escapes."""
    return _CONTROLS_AND_LINE_FEEDS.sub(_escape, text)


def _json_safe(text: str) -> str:
    """JSON text that a terminal shows as it is and that UTF-8 can always encode."""
    return _JSON_UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


class _Output:
    """Standard output as the commands write to it, installed as ``sys.stdout`` by :func:`main`.

    Text for people has its control characters escaped, and characters the
    stream's encoding cannot hold written as backslash escapes; documents and
    JSON go out as UTF-8 whatever the locale (:meth:`write_data`).  A failing
    stream raises :class:`_StreamError`; a reader that went away,
    ``BrokenPipeError``.
    """

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream
        self.colour = False
        self.failed = False

    def _target(self) -> TextIO:
        if self.stream is None:
            raise _StreamError("cannot write to standard output: it is closed")
        return self.stream

    @contextlib.contextmanager
    def _writing(self) -> Iterator[TextIO]:
        try:
            yield self._target()
        except BrokenPipeError:
            self.failed = True
            raise
        except (OSError, ValueError) as err:  # ValueError: "I/O operation on closed file"
            self.failed = True
            reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
            raise _StreamError(f"cannot write to standard output: {reason}") from None

    def write(self, text: str) -> int:
        with self._writing() as stream:
            text = _printable(text, colour=self.colour)
            encoding = getattr(stream, "encoding", None)
            if isinstance(encoding, str):
                with contextlib.suppress(LookupError):
                    text = text.encode(encoding, "backslashreplace").decode(encoding)
            stream.write(text)
        return len(text)

    def write_data(self, text: str, *, json: bool = True) -> None:
        """Write JSON (or, with ``json=False``, HTML) as UTF-8 bytes, and a line feed."""
        data = (_json_safe(text) if json else text) + "\n"
        with self._writing() as stream:
            buffer = getattr(stream, "buffer", None)
            if buffer is None:
                stream.write(data)
                return
            stream.flush()
            buffer.write(data.encode("utf-8", "backslashreplace"))
            buffer.flush()

    def flush(self) -> None:
        with self._writing() as stream:
            stream.flush()

    def isatty(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        try:
            return bool(isatty and isatty())
        except (OSError, ValueError):
            return False

    @property
    def encoding(self) -> str:
        return str(getattr(self.stream, "encoding", None) or "utf-8")


def _write_data(text: str, *, json: bool = True) -> None:
    """Write a document, other JSON or a page to standard output, exactly, as UTF-8."""
    out = sys.stdout
    if isinstance(out, _Output):
        out.write_data(text, json=json)
    else:  # pragma: no cover - only when main() is not the caller
        out.write(text + "\n")


def _error(line: str) -> None:
    """Write one line on standard error, if it can be written at all."""
    stream = sys.stderr
    if stream is None:
        return
    text = _one_line(line) + "\n"
    encoding = getattr(stream, "encoding", None)
    if isinstance(encoding, str):
        with contextlib.suppress(LookupError):
            text = text.encode(encoding, "backslashreplace").decode(encoding)
    with contextlib.suppress(OSError, ValueError):
        stream.write(text)
        stream.flush()


def _problem_line(source: str, err: DimeError) -> str:
    """One line naming the file, the path in it and what is wrong."""
    if isinstance(err, DimeFileError):
        return str(err)
    if isinstance(err, InvalidPolicyError) and err.problems:
        # A policy is short, and no other command would list its problems: give them all.
        return f"{source}: " + "; ".join(str(p) for p in err.problems)
    if isinstance(err, ValidationError) and err.problems:
        first = err.problems[0]
        more = len(err.problems) - 1
        tail = ""
        if more:
            tail = (
                f" (and {more} more problem{'s' if more > 1 else ''}; 'dime validate' lists them)"
            )
        return f"{source}: {first}{tail}"
    return f"{source}: {err}"


def _read_bytes(path: str) -> bytes:
    if path == "-":
        return _read_stdin()
    if "\0" in path:
        raise _UsageError(f"{_one_line(path)}: a path cannot hold a NUL character")
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise _UsageError(f"{path}: cannot read it: {err.strerror or err}") from None


def _read_stdin() -> bytes:
    stream = sys.stdin
    if stream is None:
        raise _StreamError("cannot read standard input: it is closed")
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            data: bytes = buffer.read()
            return data
        return str(stream.read()).encode("utf-8", "surrogateescape")
    except (OSError, ValueError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise _StreamError(f"cannot read standard input: {reason}") from None


def _read_framework(path: str | None) -> Framework:
    """The framework in the document at ``path``, or the built-in example for None."""
    if path is None:
        return example()
    return _parse_framework(path, _read_bytes(path))


def _parse_framework(path: str, data: bytes) -> Framework:
    """The framework in ``data``, read from ``path``."""
    try:
        return loads(data)
    except DimeError as err:
        raise _UsageError(_problem_line(path, err)) from None


def _write_file(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, as :func:`dime.save` does."""
    try:
        write_atomically(path, data)
    except DimeError as err:
        raise _UsageError(_problem_line(path, err)) from None


def _read_policy_file(path: str) -> dict[str, Any]:
    raw = _read_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _UsageError(f"{path}: not UTF-8 text: {err.reason} at byte {err.start}") from None
    data: object
    try:
        data = _parse_policy_text(path, text)
    except RecursionError:
        raise _UsageError(f"{path}: $: nested too deeply to read") from None
    if not isinstance(data, dict):
        raise _UsageError(f"{path}: $: expected a table of policy settings")
    return data


def _parse_policy_text(path: str, text: str) -> object:
    if path.endswith(".toml"):
        try:
            data: object = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise _UsageError(f"{path}: not valid TOML: {_one_line(str(err))}") from None
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            where = f"line {err.lineno}, column {err.colno}"
            raise _UsageError(f"{path}: not valid JSON: {err.msg} at {where}") from None
    return data


def _codes(values: Sequence[str] | None) -> list[str]:
    """Codes given as ``--select A,B --select C``."""
    return [c.strip() for v in values or () for c in v.split(",") if c.strip()]


def _policy(args: argparse.Namespace) -> Policy | None:
    """The policy from ``--policy``, ``--select``, ``--ignore`` and ``--fail-on``.

    ``--select`` replaces the file's selection, ``--ignore`` adds to what it
    ignores and ``--fail-on`` overrides its ``fail_on``.  None when none is given.
    """
    select, ignore = _codes(args.select), _codes(args.ignore)
    fail_on = getattr(args, "fail_on", None)
    if args.policy is None and not select and not ignore and fail_on is None:
        return None
    data = _read_policy_file(args.policy) if args.policy is not None else {}
    if fail_on is not None:
        data["fail_on"] = fail_on
    if select:
        data["select"] = select
    if ignore:
        data["ignore"] = [*data.get("ignore", ()), *ignore]
    source = args.policy or "the command line"
    try:
        return Policy.from_mapping(data)
    except DimeError as err:
        raise _UsageError(_problem_line(source, err)) from None
    except OverflowError as err:
        raise _UsageError(f"{source}: a value is out of range: {err}") from None


def _now(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise _UsageError(f"--now: expected an ISO 8601 date or datetime, got {text!r}") from None
    return when if when.utcoffset() is not None else when.replace(tzinfo=UTC)


def _check(
    args: argparse.Namespace, framework: Framework | Tally, structure: Framework | None = None
) -> Report:
    try:
        return check(framework, structure=structure, policy=_policy(args), now=_now(args.now))
    except DimeError as err:
        raise _UsageError(_problem_line(args.file or "the example", err)) from None


def _color(stream: TextIO | _Output) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _check_with_feedback_files(args: argparse.Namespace, structure: Framework) -> Report:
    """Check the document's structure with the feedback of Parquet files, tallied by an engine."""
    from dime._engine import scan_feedback_files, tally_from_frame  # noqa: PLC0415 - an edge

    if args.file is None:
        raise _UsageError("--feedback needs a document to take the structure from")
    frame = scan_feedback_files(args.feedback)
    known = {t.id for t in structure.touchpoints}
    try:
        tally = tally_from_frame(feedback=frame, known_touchpoints=known)
        return check(tally, structure=structure, policy=_policy(args), now=_now(args.now))
    except DimeError as err:
        raise _UsageError(_problem_line(args.feedback, err)) from None


def _cmd_check(args: argparse.Namespace) -> int:
    from dime._digest import digest  # noqa: PLC0415 - only when checking

    # A document in a regular file is streamed: its feedback is tallied as it is read.  What
    # names the state by its digest (--format json, --baseline) needs every record at once.
    whole = args.feedback is not None or args.format == "json" or args.baseline is not None
    parts = None if whole or args.file in (None, "-") else streamed(args.file)
    if parts is not None:
        structure, tally = parts
        report = _check(args, tally, structure=structure)
        _print_report(args, report, None)
        return 0 if report.ok else 1
    framework = _read_framework(args.file)
    if args.feedback is None:
        report = _check(args, framework)
    else:
        report = _check_with_feedback_files(args, framework)
    if args.feedback is None and (args.format == "json" or args.baseline is not None):
        # Only what is written as data names the state; the digest costs a pass over the records.
        # With --feedback the state is not one document, so no digest names it.
        report = attrs.evolve(report, digest=digest(framework))
    baseline = None if args.baseline is None else _baseline(args, report)
    _print_report(args, report, baseline)
    if baseline is not None:
        return 0 if baseline.ok else 1
    return 0 if report.ok else 1


def _print_report(args: argparse.Namespace, report: Report, baseline: Baseline | None) -> None:
    from dime import _render  # noqa: PLC0415 - rendering loads only when needed

    if args.format == "json":
        data: dict[str, Any] = report.to_data()
        if baseline is not None:
            data["baseline"] = baseline.to_data()
            data["gate"] = {**data["gate"], "passed": baseline.ok}
        _write_data(json.dumps(data, indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        print(_render.report_markdown(report))
        if baseline is not None:
            print(f"\n{baseline.text()}")
    else:
        print(_render.report_text(report, color=_color(sys.stdout)))
        if baseline is not None:
            print(f"\n{baseline.text()}")


def _cmd_import(args: argparse.Namespace) -> int:
    from dime._frames import read_csv  # noqa: PLC0415 - tables load only when needed

    _write_document(read_csv(args.folder, name=args.name), args.output)
    return 0


def _cmd_grid(args: argparse.Namespace) -> int:
    from dime import _render  # noqa: PLC0415 - rendering loads only when needed

    if args.format == "markdown":
        print(_render.grid_markdown())
    else:
        print(_render.grid_text(color=_color(sys.stdout)))
    return 0


def _cmd_rule(args: argparse.Namespace) -> int:
    # Rule packs installed in the environment are listed and explained like built-in rules.
    try:
        if args.code is None:
            for code in rule_codes():
                print(explain(code).strip().splitlines()[0])
            return 0
        text = explain(args.code)
    except UnknownRuleError:
        raise _UsageError(f"no rule {args.code!r}; 'dime rule' lists them all") from None
    except DimeError as err:
        raise _UsageError(_problem_line("the rule packs", err)) from None
    print(text.rstrip())
    return 0


def _write_document(framework: Framework, path: str | None) -> None:
    """Write a document as :func:`dime.save` does: to ``path`` atomically, or to stdout."""
    try:
        data = encode_document(framework)
    except DimeError as err:
        raise _UsageError(_problem_line(path or "-", err)) from None
    if path is None or path == "-":
        _write_data(data.decode("utf-8").removesuffix("\n"))
        return
    _write_file(path, data)


def _cmd_example(args: argparse.Namespace) -> int:
    _write_document(example(), args.output)
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    if args.diff:
        from dime._diff import Diff  # noqa: PLC0415 - only when asked

        schema = Diff.json_schema()
    else:
        schema = Report.json_schema() if args.report else json_schema()
    _write_data(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    status = 0
    for path in args.files:
        # A document in a regular file is streamed; one with a problem is read again whole.
        parts = None if path == "-" else streamed(path)
        if parts is not None:
            print(f"{path}: ok, {describe(*parts)}")
            continue
        try:
            framework = loads(_read_bytes(path))
        except _UsageError as err:
            _error(f"dime validate: {err}")
            status = 2
        except DimeError as err:
            problems = err.problems if isinstance(err, ValidationError) else ()
            lines = [f"{path}: {p}" for p in problems] or [_problem_line(path, err)]
            for line in lines:
                _error(f"dime validate: {line}")
            status = 2
        else:
            print(f"{path}: ok, {framework!r}")
    return status


def _cmd_migrate(args: argparse.Namespace) -> int:
    raw = _read_bytes(args.file)
    try:
        document = parse(raw)
        # The version as migrate reads it: a document without one is version 0.
        before = document.get("dime", 0) if isinstance(document, dict) else None
        notes = migration_notes(document)
        framework = framework_from_document(document)
    except DimeError as err:
        raise _UsageError(_problem_line(args.file, err)) from None
    after = FORMAT_VERSION
    target = args.output or args.file
    if args.dry_run:
        if before == after and target == args.file:
            print(f"{args.file}: already at format version {after}; nothing to do")
        else:
            print(f"{args.file}: format version {before} -> {after}; would write {target}")
            for note in notes:
                print(f"  would {note}")
        return 0
    _write_document(framework, target)
    if target != "-":
        print(f"{args.file}: format version {before} -> {after}; wrote {target}")
        for note in notes:
            print(f"  {note}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from dime import _render  # noqa: PLC0415 - rendering loads only when needed

    framework = _read_framework(args.file)
    report = _check(args, framework)
    if args.format == "svg":
        page = _render.heatmap_svg(report) + "\n"
    else:
        page = _render.report_page(report, framework)
    if args.output == "-":
        _write_data(page, json=False)
        return 0
    _write_file(args.output, page.encode("utf-8", "backslashreplace"))
    print(f"wrote {args.output}")
    return 0


# --- Time and change: dime check --baseline, dime diff, dime history, dime digest ---------------


def _read_state(path: str) -> Framework:
    """The framework in the document at ``path``, for the commands that compare states."""
    return _parse_framework(path, _read_bytes(path))


def _baseline(args: argparse.Namespace, report: Report) -> Baseline:
    """The findings of ``report`` against those of the baseline document, checked alike."""
    from dime._diff import Baseline  # noqa: PLC0415 - only with --baseline
    from dime._digest import digest  # noqa: PLC0415

    old = _read_state(args.baseline)
    try:
        old_report = check(old, policy=report.policy)
    except DimeError as err:
        raise _UsageError(_problem_line(args.baseline, err)) from None
    return Baseline.of(attrs.evolve(old_report, digest=digest(old)), report, source=args.baseline)


def _cmd_diff(args: argparse.Namespace) -> int:
    from dime._diff import diff  # noqa: PLC0415 - only for this command

    old, new = _read_state(args.old), _read_state(args.new)
    policy = _policy(args)
    try:
        d = diff(old, new, policy=policy)
    except DimeError as err:
        raise _UsageError(_problem_line(args.new, err)) from None
    if args.format == "json":
        _write_data(json.dumps(d.to_data(), indent=2, ensure_ascii=False))
    elif args.format == "svg":
        from dime._render import before_after_svg  # noqa: PLC0415 - only for this format

        _write_data(before_after_svg(d), json=False)
    elif args.format == "markdown":
        print(d._repr_markdown_())
    else:
        print(d)
    return 0 if d.ok else 1


def _cmd_history(args: argparse.Namespace) -> int:
    from dime._history import history  # noqa: PLC0415 - only for this command
    from dime._render import series_markdown, series_text  # noqa: PLC0415

    states = [_read_state(path) for path in args.files]
    try:
        h = history(states, policy=_policy(args), allow_renames=args.allow_renames)
    except DimeError as err:
        raise _UsageError(_problem_line(", ".join(args.files), err)) from None
    h = attrs.evolve(
        h,
        snapshots=tuple(attrs.evolve(s, source=args.files[int(s.source[1:])]) for s in h.snapshots),
        notes=tuple(_named_sources(note, args.files) for note in h.notes),
    )
    if args.format == "json":
        _write_data(json.dumps(h.to_data(), indent=2, ensure_ascii=False))
    elif args.format == "svg":
        from dime._render import sparklines_svg  # noqa: PLC0415 - only for this format

        _write_data(sparklines_svg(h.trend()), json=False)
    elif args.format == "markdown":
        print(series_markdown(h.series()))
    else:
        print(series_text(h.series()))
    return 0


def _named_sources(note: str, files: Sequence[str]) -> str:
    """A history's note with each ``#n`` replaced by the file it stands for."""
    return re.sub(r"#(\d+)\b", lambda m: files[int(m.group(1))], note)


def _cmd_digest(args: argparse.Namespace) -> int:
    from dime._digest import digest  # noqa: PLC0415 - only for this command

    status = 0
    for path in args.files:
        try:
            framework = _read_state(path)
        except _UsageError as err:
            _error(f"dime digest: {err}")
            status = 2
            continue
        print(f"{digest(framework)}  {_one_line(path)}")
    return status


def _add_compare_options(parser: argparse.ArgumentParser) -> None:
    for flag, help_text in (
        ("--select", "check only these rule codes (comma-separated, repeatable)"),
        ("--ignore", "skip these rule codes (comma-separated, repeatable)"),
    ):
        parser.add_argument(flag, action="append", metavar="CODES", help=help_text)
    parser.add_argument(
        "--policy", metavar="FILE", help="a policy file, JSON or TOML (by its .toml suffix)"
    )


def _add_time_commands(
    command: Callable[[str, str, Callable[[argparse.Namespace], int]], _Parser],
) -> None:
    d = command(
        "diff",
        "show what changed between two documents: records, attention and findings",
        _cmd_diff,
    )
    d.add_argument("old", metavar="OLD", help="the earlier document")
    d.add_argument("new", metavar="NEW", help="the later document")
    d.add_argument(
        "--format",
        choices=("text", "markdown", "json", "svg"),
        default="text",
        help="svg: each area's share before and after, and the findings that moved",
    )
    d.add_argument(
        "--fail-on",
        choices=("error", "warning", "never"),
        default=None,
        help="exit 1 when a finding at or above this severity appeared (default: error, or the policy's)",
    )
    _add_compare_options(d)

    h = command(
        "history",
        "show the balance of saved states of one organisation over time",
        _cmd_history,
    )
    h.add_argument("files", nargs="+", metavar="FILE", help="documents, in any order")
    h.add_argument(
        "--format",
        choices=("text", "markdown", "json", "svg"),
        default="text",
        help="svg: each area's share over the history's periods, as sparklines",
    )
    h.add_argument(
        "--allow-renames",
        action="store_true",
        help="accept states whose organisation names differ (a renamed organisation)",
    )
    _add_compare_options(h)

    g = command("digest", "print the SHA-256 of each document's canonical form", _cmd_digest)
    g.add_argument("files", nargs="+", metavar="FILE")


# --- end of time and change -----------------------------------------------------------------


def _add_check_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="check only these rule codes (comma-separated, repeatable)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        metavar="CODES",
        help="skip these rule codes (comma-separated, repeatable)",
    )
    parser.add_argument(
        "--policy",
        metavar="FILE",
        help="a policy file, JSON or TOML (by its .toml suffix)",
    )
    parser.add_argument(
        "--now",
        metavar="WHEN",
        help="check as of this ISO 8601 date or datetime (default: the latest in the records)",
    )


def _parser() -> _Parser:
    parser = _Parser(
        prog="dime",
        description="The DIME customer-experience framework: check an organisation's balance.",
        epilog=(
            "Exit codes: 0 all well, 1 findings at or above --fail-on, 2 bad input, bad usage "
            "or a file or stream that cannot be read or written, 3 a fault in dime itself."
        ),
    )
    parser.add_argument("--version", action="version", version=f"dime {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, run: Callable[[argparse.Namespace], int]) -> _Parser:
        p: _Parser = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(run=run)
        return p

    check = command("check", "check an organisation's balance and print the report", _cmd_check)
    check.add_argument(
        "file", nargs="?", metavar="FILE", help="a dime document (default: the example)"
    )
    check.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "never"),
        default=None,
        help="exit 1 when an unwaived finding reaches this severity (default: error, or the policy's)",
    )
    check.add_argument(
        "--baseline",
        metavar="OLD",
        help="a document of an earlier state: exit 1 only for findings that are not in it",
    )
    check.add_argument(
        "--feedback",
        metavar="GLOB",
        default=None,
        help="take the feedback from these Parquet files (a glob; needs polars, DuckDB or "
        "pyarrow), and the rest of the framework from FILE",
    )
    _add_check_options(check)
    imp = command(
        "import", "turn a folder of CSV files (one per table) into a document", _cmd_import
    )
    imp.add_argument("folder", metavar="FOLDER", help="touchpoints.csv, feedback.csv, ...")
    imp.add_argument("-o", "--output", metavar="FILE", help="write here instead of to stdout")
    imp.add_argument("--name", default=None, help="the organisation's name")

    grid = command("grid", "show the framework itself, with every label", _cmd_grid)
    grid.add_argument("--format", choices=("text", "markdown"), default="text")

    rule = command("rule", "explain a rule (without CODE: list every rule)", _cmd_rule)
    rule.add_argument("code", nargs="?", metavar="CODE")

    ex = command("example", "write the built-in example as a dime document", _cmd_example)
    ex.add_argument("-o", "--output", metavar="FILE", help="write here instead of to stdout")

    schema = command("schema", "print the JSON Schema of dime documents", _cmd_schema)
    which = schema.add_mutually_exclusive_group()
    which.add_argument(
        "--report",
        action="store_true",
        help="print the schema of the report 'dime check --format json' prints instead",
    )
    which.add_argument(
        "--diff",
        action="store_true",
        help="print the schema of the diff 'dime diff --format json' prints instead",
    )

    validate = command("validate", "check that documents are valid dime documents", _cmd_validate)
    validate.add_argument("files", nargs="+", metavar="FILE")

    migrate = command("migrate", "rewrite a document in the current format version", _cmd_migrate)
    migrate.add_argument("file", metavar="FILE")
    migrate.add_argument("-o", "--output", metavar="OUT", help="write here (default: in place)")
    migrate.add_argument(
        "--dry-run", action="store_true", help="say what would change, write nothing"
    )

    report = command("report", "write a standalone HTML report, or the heatmap as SVG", _cmd_report)
    report.add_argument(
        "file", nargs="?", metavar="FILE", help="a dime document (default: the example)"
    )
    report.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="the file to write ('-': stdout)"
    )
    report.add_argument(
        "--format",
        choices=("html", "svg"),
        default="html",
        help="html: the whole report as one page; svg: the heatmap alone, for slides",
    )
    _add_check_options(report)
    _add_time_commands(command)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415 - only when asked

    try:
        return version("dime-cx")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``dime`` command and return its exit code.

    Args:
        argv: The arguments, without the program name (default: ``sys.argv[1:]``).

    Returns:
        0 when all is well, 1 when a check finds something at or above
        ``--fail-on``, 2 for bad input, bad usage or a file or standard stream
        that cannot be read or written, 3 for a fault in dime itself, 130 when
        interrupted and 141 when the reader of standard output went away.

    >>> main(["rule", "--help"]) == 0  # doctest: +ELLIPSIS
    usage: dime rule [-h] [CODE]
    ...
    True
    """
    out = _Output(sys.stdout)
    out.colour = _color(out)
    if sys.stdout is None:
        # Closed from the start: every command says something, so fail before doing anything.
        _error("dime: error: cannot write to standard output: it is closed")
        return EXIT_BAD
    try:
        with contextlib.redirect_stdout(out):
            code = _main(argv)
            out.flush()
    except BrokenPipeError:
        # The reader went away (``dime check | head``): stop quietly, as a shell's tools do.
        _discard(out)
        return EXIT_BROKEN_PIPE
    except _StreamError as err:
        if out.failed:
            _discard(out)
        _error(f"dime: error: {err}")
        return EXIT_BAD
    return code


def _main(argv: Sequence[str] | None) -> int:  # noqa: PLR0911 - one exit per kind of failure
    """Run the command; every failure but those of standard output becomes an exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        run: Callable[[argparse.Namespace], int] = args.run
        return run(args)
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else 0
    except _UsageError as err:
        _error(f"dime: error: {err}")
        return EXIT_BAD
    except DimeError as err:
        _error(f"dime: error: {_problem_line(getattr(err, 'filename', None) or 'dime', err)}")
        return EXIT_BAD
    except (BrokenPipeError, _StreamError):
        raise
    except MemoryError:
        _error("dime: error: out of memory")
        return EXIT_BAD
    except KeyboardInterrupt:
        _error("dime: interrupted")
        return EXIT_INTERRUPTED
    except Exception as err:
        if sys.flags.dev_mode:
            raise
        _error(
            f"dime: internal error: {type(err).__name__}: {_shorten(str(err))} "
            "(a fault in dime, not in your input: please report it, with the command; "
            "'python -X dev -m dime ...' shows where it happened)"
        )
        return EXIT_FAULT


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _discard(out: _Output) -> None:
    """Point the process's standard output at nothing, so that exiting does not fail again."""
    stream = out.stream
    if stream is None or stream is not sys.__stdout__:
        return
    assert stream is not None  # noqa: S101 - for the type checker
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
