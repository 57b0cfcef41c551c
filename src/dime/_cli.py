"""The ``dime`` command line (also ``python -m dime``).

Exit codes: 0 when all is well, 1 when ``dime check`` finds something at or
above ``--fail-on``, 2 for bad input or usage, with a one-line error on
standard error and never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from dime._balance import Policy, Report, check, explain, rule_codes
from dime._example import example
from dime._files import save
from dime._serialization import (
    FORMAT_VERSION,
    dumps,
    framework_from_document,
    json_schema,
    loads,
    parse,
)
from dime.exceptions import DimeError, DimeFileError, ValidationError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from dime._model import Framework

__all__ = ["main"]


class _UsageError(Exception):
    """Bad input or usage: the message is printed on one line and the exit code is 2."""


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports errors in one line instead of exiting."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("dime").strip()
        where = f"{command}: " if command else ""
        raise _UsageError(f"{where}{message} (see '{self.prog} --help')")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _problem_line(source: str, err: DimeError) -> str:
    """One line naming the file, the path in it and what is wrong."""
    if isinstance(err, DimeFileError):
        return _one_line(str(err))
    if isinstance(err, ValidationError) and err.problems:
        first = err.problems[0]
        more = len(err.problems) - 1
        tail = ""
        if more:
            tail = (
                f" (and {more} more problem{'s' if more > 1 else ''}; 'dime validate' lists them)"
            )
        return _one_line(f"{source}: {first}") + tail
    return _one_line(f"{source}: {err}")


def _read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise _UsageError(f"{path}: cannot read it: {err.strerror or err}") from None


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


def _write_text(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as err:
        raise _UsageError(f"{path}: cannot write it: {err.strerror or err}") from None


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


def _check(args: argparse.Namespace, framework: Framework) -> Report:
    try:
        return check(framework, policy=_policy(args), now=_now(args.now))
    except DimeError as err:
        raise _UsageError(_problem_line(args.file or "the example", err)) from None


def _color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _cmd_check(args: argparse.Namespace) -> int:
    from dime import _render  # noqa: PLC0415 - rendering loads only when needed

    framework = _read_framework(args.file)
    report = _check(args, framework)
    if args.format == "json":
        print(json.dumps(report.to_data(), indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        print(_render.report_markdown(report))
    else:
        print(_render.report_text(report, color=_color(sys.stdout)))
    return 0 if report.ok else 1


def _cmd_grid(args: argparse.Namespace) -> int:
    from dime import _render  # noqa: PLC0415 - rendering loads only when needed

    if args.format == "markdown":
        print(_render.grid_markdown())
    else:
        print(_render.grid_text(color=_color(sys.stdout)))
    return 0


def _cmd_rule(args: argparse.Namespace) -> int:
    if args.code is None:
        for code in rule_codes():
            print(explain(code).strip().splitlines()[0])
        return 0
    try:
        text = explain(args.code)
    except DimeError:
        raise _UsageError(f"no rule {args.code!r}; 'dime rule' lists them all") from None
    print(text.rstrip())
    return 0


def _write_document(framework: Framework, path: str | None) -> None:
    """Write a document as :func:`dime.save` does: to ``path`` atomically, or to stdout."""
    if path is None or path == "-":
        sys.stdout.write(dumps(framework, indent=2) + "\n")
        return
    try:
        save(framework, path)
    except DimeError as err:
        raise _UsageError(_problem_line(path, err)) from None


def _cmd_example(args: argparse.Namespace) -> int:
    _write_document(example(), args.output)
    return 0


def _cmd_schema(_args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    status = 0
    for path in args.files:
        try:
            framework = loads(_read_bytes(path))
        except _UsageError as err:
            print(f"dime validate: {err}", file=sys.stderr)
            status = 2
        except DimeError as err:
            problems = err.problems if isinstance(err, ValidationError) else ()
            lines = [f"{path}: {p}" for p in problems] or [_problem_line(path, err)]
            for line in lines:
                print(f"dime validate: {_one_line(line)}", file=sys.stderr)
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
        return 0
    _write_document(framework, target)
    if target != "-":
        print(f"{args.file}: format version {before} -> {after}; wrote {target}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from dime import _render  # noqa: PLC0415 - rendering loads only when needed

    framework = _read_framework(args.file)
    report = _check(args, framework)
    _write_text(args.output, _render.report_page(report, framework))
    print(f"wrote {args.output}")
    return 0


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
        epilog="Exit codes: 0 all well, 1 findings at or above --fail-on, 2 bad input or usage.",
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
    _add_check_options(check)

    grid = command("grid", "show the framework itself, with every label", _cmd_grid)
    grid.add_argument("--format", choices=("text", "markdown"), default="text")

    rule = command("rule", "explain a rule (without CODE: list every rule)", _cmd_rule)
    rule.add_argument("code", nargs="?", metavar="CODE")

    ex = command("example", "write the built-in example as a dime document", _cmd_example)
    ex.add_argument("-o", "--output", metavar="FILE", help="write here instead of to stdout")

    command("schema", "print the JSON Schema of dime documents", _cmd_schema)

    validate = command("validate", "check that documents are valid dime documents", _cmd_validate)
    validate.add_argument("files", nargs="+", metavar="FILE")

    migrate = command("migrate", "rewrite a document in the current format version", _cmd_migrate)
    migrate.add_argument("file", metavar="FILE")
    migrate.add_argument("-o", "--output", metavar="OUT", help="write here (default: in place)")
    migrate.add_argument(
        "--dry-run", action="store_true", help="say what would change, write nothing"
    )

    report = command("report", "write a standalone HTML report", _cmd_report)
    report.add_argument(
        "file", nargs="?", metavar="FILE", help="a dime document (default: the example)"
    )
    report.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="the HTML file to write"
    )
    _add_check_options(report)
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
        ``--fail-on``, 2 for bad input or usage.

    >>> main(["rule", "--help"]) == 0  # doctest: +ELLIPSIS
    usage: dime rule [-h] [CODE]
    ...
    True
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        run: Callable[[argparse.Namespace], int] = args.run
        return run(args)
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else 0
    except _UsageError as err:
        print(f"dime: error: {_one_line(str(err))}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (``dime check | head``): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
