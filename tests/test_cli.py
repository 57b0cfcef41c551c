from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dime
from dime import AREAS
from dime._cli import main

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err: str, *parts: str) -> None:
    assert 1 == len(err.splitlines())
    assert err.startswith("dime: error: ")
    assert "Traceback" not in err
    for part in parts:
        assert part in err


@pytest.fixture
def example_file(tmp_path: Path) -> Path:
    path = tmp_path / "example.json"
    path.write_text(dime.dumps(dime.example(), indent=2), encoding="utf-8")
    return path


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class TestUsage:
    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--version prints the installed version."""
        assert (0, f"dime {version('dime-cx')}\n", "") == run(capsys, "--version")

    def test_no_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a command: exit 2 and a one-line error."""
        code, out, err = run(capsys)
        assert (2, "") == (code, out)
        assert_one_line_error(err, "COMMAND")

    @pytest.mark.parametrize(
        "argv",
        [
            ["bogus"],
            ["check", "--format", "yaml"],
            ["check", "--fail-on", "sometimes"],
            ["grid", "extra"],
            ["report"],
            ["validate"],
        ],
    )
    def test_bad_usage(self, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
        """Bad usage exits 2 with one line on stderr and nothing on stdout."""
        code, out, err = run(capsys, *argv)
        assert (2, "") == (code, out)
        assert_one_line_error(err)

    def test_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--help lists the commands and the exit codes, and exits 0."""
        code, out, _ = run(capsys, "--help")
        assert 0 == code
        for command in ("check", "grid", "rule", "example", "schema", "validate", "migrate"):
            assert command in out
        assert "Exit codes" in out


class TestGrid:
    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """dime grid shows every label within 100 columns, without colour when piped."""
        code, out, _ = run(capsys, "grid")
        assert 0 == code
        assert "\x1b" not in out
        assert max(len(line) for line in out.splitlines()) <= 100
        flat = " ".join(out.split())
        assert all(word in flat for a in AREAS for word in a.title.split())

    def test_markdown(self, capsys: pytest.CaptureFixture[str]) -> None:
        """dime grid --format markdown prints a Markdown table."""
        code, out, _ = run(capsys, "grid", "--format", "markdown")
        assert 0 == code
        assert all(a.title in out for a in AREAS)
        assert out.startswith("| |")

    def test_colour_on_a_terminal(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """On a terminal the grid is coloured; with NO_COLOR set it is not."""
        monkeypatch.delenv("NO_COLOR", raising=False)
        terminal = FakeTerminal()
        monkeypatch.setattr(sys, "stdout", terminal)
        assert 0 == main(["grid"])
        coloured = terminal.getvalue()
        assert "\x1b[" in coloured

        monkeypatch.setenv("NO_COLOR", "1")
        plain = FakeTerminal()
        monkeypatch.setattr(sys, "stdout", plain)
        assert 0 == main(["grid"])
        assert "\x1b" not in plain.getvalue()
        assert ANSI.sub("", coloured) == plain.getvalue()


class TestCheck:
    def test_example_fails(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The example is unbalanced on purpose: dime check exits 1 and shows the report."""
        code, out, err = run(capsys, "check")
        assert (1, "") == (code, err)
        report = dime.check(dime.example())
        assert str(report) + "\n" == out
        assert max(len(line) for line in out.splitlines()) <= 100
        assert "Errors (" in out

    def test_fail_on_never(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--fail-on never exits 0 whatever is found."""
        code, _, _ = run(capsys, "check", "--fail-on", "never")
        assert 0 == code

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json prints the report's data, with its version key."""
        code, out, _ = run(capsys, "check", "--format", "json")
        assert 1 == code
        data = json.loads(out)
        assert 1 == data["dime_report"]
        report = attrs.evolve(dime.check(dime.example()), digest=dime.digest(dime.example()))
        assert data == json.loads(json.dumps(report.to_data()))

    def test_markdown(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format markdown prints the report as Markdown."""
        code, out, _ = run(capsys, "check", "--format", "markdown")
        assert 1 == code
        assert out.startswith("### Larkspur Home &amp; Garden: balance on ")

    def test_select_and_ignore(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--select and --ignore take comma-separated, repeatable codes."""
        codes = dime.rule_codes()
        _, out, _ = run(capsys, "check", "--format", "json", "--select", codes[0])
        assert {codes[0]} >= {f["code"] for f in json.loads(out)["findings"]}
        argv = ["check", "--format", "json", "--fail-on", "never"]
        everything = ",".join(codes)
        code, out, _ = run(capsys, *argv, "--ignore", everything[:7], "--ignore", everything[8:])
        assert 0 == code
        assert [] == json.loads(out)["findings"]

    def test_policy_files(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """--policy reads JSON or TOML; --fail-on overrides the file's fail_on."""
        toml = tmp_path / "policy.toml"
        toml.write_text('fail_on = "never"\n', encoding="utf-8")
        assert 0 == run(capsys, "check", "--policy", str(toml))[0]
        assert 1 == run(capsys, "check", "--policy", str(toml), "--fail-on", "error")[0]
        js = tmp_path / "policy.json"
        js.write_text('{"fail_on": "never"}', encoding="utf-8")
        assert 0 == run(capsys, "check", "--policy", str(js))[0]

    @pytest.mark.parametrize(
        ("name", "text", "expected"),
        [
            ("bad.toml", "fail_on = ", "not valid TOML"),
            ("bad.json", '{"fail_on": ', "not valid JSON"),
            ("list.json", "[1, 2]", "$: expected a table"),
            ("unknown.json", '{"windw": 90}', "windw"),
            ("latin1.json", b"\xff\xfe".decode("latin-1"), "not UTF-8"),
            ("huge.json", '{"window": 1000000000}', "1 to 999999999"),
            ("deep.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
            ("deep.toml", "x = " + "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ],
    )
    def test_bad_policy(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        name: str,
        text: str,
        expected: str,
    ) -> None:
        """A bad policy file exits 2 with a one-line error naming the file and what is wrong."""
        path = tmp_path / name
        path.write_bytes(text.encode("latin-1"))
        code, out, err = run(capsys, "check", "--policy", str(path))
        assert (2, "") == (code, out)
        assert_one_line_error(err, str(path), expected)

    def test_missing_file(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A file that cannot be read exits 2, naming it."""
        path = tmp_path / "missing.json"
        code, _, err = run(capsys, "check", str(path))
        assert 2 == code
        assert_one_line_error(err, str(path), "cannot read")

    def test_file(self, capsys: pytest.CaptureFixture[str], example_file: Path) -> None:
        """dime check FILE reports on the document, as for the built-in example."""
        assert run(capsys, "check") == run(capsys, "check", str(example_file))

    def test_bad_document(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A bad document exits 2, naming the file and the JSON path of the problem."""
        path = tmp_path / "bad.json"
        data = json.loads(dime.dumps(dime.example()))
        data["framework"]["feedback"][12]["folder"] = "attic"
        path.write_text(json.dumps(data), encoding="utf-8")
        code, _, err = run(capsys, "check", str(path))
        assert 2 == code
        assert_one_line_error(err, str(path), "$.framework.feedback[12].folder")

    def test_now(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--now must be an ISO 8601 date."""
        code, _, err = run(capsys, "check", "--now", "yesterday")
        assert 2 == code
        assert_one_line_error(err, "--now")


class TestRule:
    def test_explain(self, capsys: pytest.CaptureFixture[str]) -> None:
        """dime rule CODE prints the rule's explanation."""
        code = dime.rule_codes()[0]
        assert (0, dime.explain(code) + "\n", "") == run(capsys, "rule", code)

    def test_list(self, capsys: pytest.CaptureFixture[str]) -> None:
        """dime rule without a code lists every rule, one a line."""
        code, out, _ = run(capsys, "rule")
        assert 0 == code
        assert list(dime.rule_codes()) == [line.split()[0] for line in out.splitlines()]

    def test_unknown(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown code exits 2."""
        code, _, err = run(capsys, "rule", "NOPE1")
        assert 2 == code
        assert_one_line_error(err, "NOPE1")


class TestDocuments:
    def test_example(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """dime example prints the example document; -o writes the same text."""
        code, out, _ = run(capsys, "example")
        assert 0 == code
        assert dime.example() == dime.loads(out)
        path = tmp_path / "example.json"
        assert 0 == run(capsys, "example", "-o", str(path))[0]
        assert out == path.read_text(encoding="utf-8")

    def test_schema(self, capsys: pytest.CaptureFixture[str]) -> None:
        """dime schema prints the JSON Schema."""
        code, out, _ = run(capsys, "schema")
        assert 0 == code
        assert dime.json_schema() == json.loads(out)

    def test_validate(
        self, capsys: pytest.CaptureFixture[str], example_file: Path, tmp_path: Path
    ) -> None:
        """dime validate checks every file, lists every problem, and exits 2 if any is bad."""
        assert 0 == run(capsys, "validate", str(example_file))[0]
        bad = tmp_path / "bad.json"
        bad.write_text('{"dime": 1, "framework": {"name": ""}}', encoding="utf-8")
        code, out, err = run(capsys, "validate", str(example_file), str(bad))
        assert 2 == code
        assert f"{example_file}: ok" in out
        assert all(line.startswith(f"dime validate: {bad}: $") for line in err.splitlines())

    def test_migrate(
        self, capsys: pytest.CaptureFixture[str], example_file: Path, tmp_path: Path
    ) -> None:
        """dime migrate writes the current format; --dry-run writes nothing."""
        before = example_file.read_bytes()
        code, out, _ = run(capsys, "migrate", str(example_file), "--dry-run")
        assert 0 == code
        assert "nothing to do" in out
        assert before == example_file.read_bytes()
        target = tmp_path / "out.json"
        assert 0 == run(capsys, "migrate", str(example_file), "-o", str(target))[0]
        assert dime.example() == dime.load(target)

    def test_migrate_version_0(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A bare framework object is version 0, and migrating it in place rewrites it."""
        old = tmp_path / "old.json"
        old.write_text('{"name": "Shop"}', encoding="utf-8")
        code, out, _ = run(capsys, "migrate", str(old))
        assert 0 == code
        assert (
            f"{old}: format version 0 -> 2; wrote {old}\n"
            "  wrap the framework object in a document of version 1\n"
            "  set the format version to 2\n"
        ) == out
        assert dime.Framework(name="Shop") == dime.load(old)
        assert 2 == json.loads(old.read_text(encoding="utf-8"))["dime"]

    def test_report(
        self, capsys: pytest.CaptureFixture[str], example_file: Path, tmp_path: Path
    ) -> None:
        """dime report writes one self-contained HTML file."""
        target = tmp_path / "report.html"
        code, out, _ = run(capsys, "report", str(example_file), "-o", str(target))
        assert 0 == code
        assert str(target) in out
        page = target.read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>")
        assert "<table" in page
        assert "<script" not in page

    def test_report_svg(
        self, capsys: pytest.CaptureFixture[str], example_file: Path, tmp_path: Path
    ) -> None:
        """dime report --format svg writes the heatmap alone, as one SVG document."""
        target = tmp_path / "heatmap.svg"
        code, _, _ = run(capsys, "report", str(example_file), "--format", "svg", "-o", str(target))
        assert 0 == code
        svg = target.read_text(encoding="utf-8")
        assert svg.startswith("<svg")
        assert svg.rstrip().endswith("</svg>")
        assert "<script" not in svg


TOKENS = st.sampled_from(
    [
        "check", "grid", "rule", "example", "schema", "validate", "migrate", "report",
        "--format", "text", "markdown", "json", "html", "svg", "--select", "--ignore", "DIME101",
        "DIME1,DIME2", "--fail-on", "error", "warning", "never", "--policy", "-o", "--dry-run",
        "--now", "2026-01-01", "--version", "--help", "-h", "missing.json", "doc.json",
        "policy.toml", "out.html", "-", "",
    ]
)  # fmt: skip
ARGV = st.lists(
    TOKENS | st.text(st.characters(exclude_characters="/\\\x00"), max_size=8), max_size=6
)


class TestNeverATraceback:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(ARGV)
    def test_any_argv(self, argv: list[str]) -> None:
        """Whatever the arguments, dime exits 0, 1 or 2 and never raises."""
        with tempfile.TemporaryDirectory() as where, contextlib.chdir(where):
            Path("doc.json").write_text('{"dime": 1, "framework": {"name": "Shop"}}')
            Path("policy.toml").write_text("fail_on = 'never'\n")
            out, err = io.StringIO(), io.StringIO()
            stdin = io.TextIOWrapper(io.BytesIO(b"{}"))
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                old_stdin, sys.stdin = sys.stdin, stdin
                try:
                    code = main(argv)
                finally:
                    sys.stdin = old_stdin
        assert code in {0, 1, 2}
        assert "Traceback" not in err.getvalue()
        if code == 2 and not any(a in {"--help", "-h", "--version"} for a in argv):
            assert 1 <= len(err.getvalue().splitlines())


class TestSubprocess:
    def test_python_m_dime(self) -> None:
        """python -m dime runs the command, and bad usage exits 2 without a traceback."""
        env = {**os.environ, "NO_COLOR": "1"}
        done = subprocess.run(
            [sys.executable, "-m", "dime", "grid"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert (0, "") == (done.returncode, done.stderr)
        assert "Organisational" in done.stdout
        done = subprocess.run(
            [sys.executable, "-m", "dime", "check", "missing.json"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert 2 == done.returncode
        assert 1 == len(done.stderr.splitlines())
        assert "Traceback" not in done.stderr


class TestDocs:
    def test_policy_file_in_the_docs(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The policy file shown in the command line docs works as shown."""
        page = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
        found = re.search(r"```toml\n(.*?)```", page, re.DOTALL)
        assert found is not None
        policy = tmp_path / "policy.toml"
        policy.write_text(re.sub(r"(?m)^  ", "", found.group(1)), encoding="utf-8")
        code, out, _ = run(capsys, "check", "--policy", str(policy), "--now", "2026-10-31")
        assert 1 == code
        assert "waived: The warranty desk is moving to Operations" in " ".join(out.split())
        assert "DIME7" not in out

    def test_check_output_in_the_docs(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The docs show the output of dime check as it runs when they are built."""
        pytest.importorskip("sphinx", reason="the docs' extension needs the docs group")
        extension = Path(__file__).parent.parent / "docs" / "_ext" / "dime_output.py"
        spec = importlib.util.spec_from_file_location("dime_output", extension)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        transcript = module.transcript
        page = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
        assert "```{dime-output} check\n:exit-code:\n```" in page
        _, out, _ = run(capsys, "check")
        assert f"$ dime check\n{out}$ echo $?\n1\n" == transcript("check", exit_code=True)


def dime_process(
    *argv: str, stdin: Any = subprocess.DEVNULL, stdout: Any = subprocess.PIPE, **env: str
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m dime`` as a real process, standard error captured."""
    return subprocess.run(
        [sys.executable, "-m", "dime", *argv],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1", **env},
        check=False,
    )


def one_error_line(stderr: bytes, *parts: str) -> str:
    text = stderr.decode("utf-8", "replace")
    assert_one_line_error(text, *parts)
    return text


class TestFailingEnvironment:
    """A failing environment exits 2 with one line, never 1 and never a traceback."""

    @pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
    @pytest.mark.parametrize("argv", [["check"], ["grid"], ["schema"], ["example"], ["rule"]])
    def test_full_disk(self, argv: list[str]) -> None:
        """Standard output on a full device: exit 2 and one line naming the failure."""
        with Path("/dev/full").open("wb") as full:
            done = dime_process(*argv, stdout=full)
        assert 2 == done.returncode
        one_error_line(done.stderr, "cannot write to standard output", "No space left")

    @pytest.mark.skipif(sys.platform == "win32", reason="closes a POSIX file descriptor")
    @pytest.mark.parametrize("redirect", [">&-", "<&- >&-"])
    def test_closed_stdout(self, tmp_path: Path, redirect: str) -> None:
        """A standard output closed from the start: exit 2 before any work is done."""
        out = tmp_path / "report.html"
        script = f'exec "$0" -m dime report -o "$1" {redirect}'
        done = subprocess.run(
            ["/bin/sh", "-c", script, sys.executable, str(out)], capture_output=False,
            stderr=subprocess.PIPE, check=False,
        )  # fmt: skip
        assert 2 == done.returncode
        one_error_line(done.stderr, "standard output", "closed")
        assert not out.exists()

    @pytest.mark.skipif(sys.platform == "win32", reason="closes a POSIX file descriptor")
    def test_stdout_closed_while_running(self) -> None:
        """A standard output closed under a running dime: exit 2 and one line."""
        code = (
            "import os, sys; os.close(1); from dime._cli import main; sys.exit(main(sys.argv[1:]))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, "check"], stderr=subprocess.PIPE, check=False
        )
        assert 2 == done.returncode
        one_error_line(done.stderr, "cannot write to standard output: Bad file descriptor")

    @pytest.mark.skipif(sys.platform == "win32", reason="closes a POSIX file descriptor")
    def test_closed_stdin(self) -> None:
        """Reading '-' from a closed standard input: exit 2 and one line."""
        code = (
            "import os, sys; os.close(0); from dime._cli import main; sys.exit(main(sys.argv[1:]))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, "check", "-"], capture_output=True, check=False
        )
        assert 2 == done.returncode
        one_error_line(done.stderr, "cannot read standard input")

    @pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
    @pytest.mark.parametrize("argv", [["check"], ["check", "--format", "markdown"], ["example"], ["rule"]])  # fmt: skip
    def test_broken_pipe(self, argv: list[str]) -> None:
        """A reader that went away (dime check | head -0): exit 141 quietly, as a shell's tools do."""
        process = subprocess.Popen(
            [sys.executable, "-m", "dime", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "NO_COLOR": "1"},
        )
        assert process.stdout is not None
        assert process.stderr is not None
        # The reader goes away before dime has started (far sooner than Python can), so
        # the first write meets a closed pipe whatever the size of the output; waiting
        # for a line first would race with a short output that fits in the pipe.
        process.stdout.close()
        err = process.stderr.read()
        process.stderr.close()
        code = process.wait()
        assert b"" == err
        assert 141 == code

    @pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
    def test_stdout_that_cannot_encode(self, tmp_path: Path, fmt: str) -> None:
        """An ASCII-only standard output still gets the whole report; JSON stays UTF-8 JSON."""
        doc = tmp_path / "cafe.json"
        doc.write_text(
            dime.dumps(attrs_evolve(dime.example(), name="Café Ünïcode ☕")), encoding="utf-8"
        )
        done = dime_process("check", str(doc), "--format", fmt, PYTHONIOENCODING="ascii:strict")
        assert 1 == done.returncode
        assert b"" == done.stderr
        if fmt == "json":
            assert "Café Ünïcode ☕" == json.loads(done.stdout.decode("utf-8"))["name"]
        else:
            done.stdout.decode("ascii")
            assert b"Caf\\xe9" in done.stdout

    def test_stderr_closed_too(self) -> None:
        """With standard error closed as well, the exit code still tells."""
        with Path(os.devnull).open("wb") as sink:
            done = subprocess.run(
                [sys.executable, "-m", "dime", "check", "missing.json"],
                stdout=sink,
                stderr=subprocess.DEVNULL,
                check=False,
            )
        assert 2 == done.returncode

    def test_failing_stdout_in_process(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A standard output whose writes fail: exit 2 and one line, for every command."""

        class Failing(io.StringIO):
            def write(self, text: str) -> int:
                raise OSError(5, "Input/output error")

        for argv in (["check"], ["grid"], ["schema"], ["rule"], ["check", "--format", "json"]):
            monkeypatch.setattr(sys, "stdout", Failing())
            code = main(argv)
            _, err = capsys.readouterr()
            assert 2 == code, argv
            assert_one_line_error(err, "cannot write to standard output: Input/output error")

    def test_closed_streams_in_process(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """sys.stdin or sys.stdout of None (a closed descriptor at start): exit 2, one line."""
        monkeypatch.setattr(sys, "stdin", None)
        assert 2 == main(["validate", "-"])
        assert "cannot read standard input: it is closed" in capsys.readouterr().err
        monkeypatch.setattr(sys, "stdout", None)
        assert 2 == main(["grid"])
        assert_one_line_error(capsys.readouterr().err, "standard output", "closed")

    def test_internal_fault(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A fault in dime itself exits 3 with one line that says so, never 1."""
        from dime import _cli  # noqa: PLC0415

        def broken(_args: object) -> int:
            raise ZeroDivisionError("division by zero")

        monkeypatch.setattr(_cli, "_cmd_grid", broken)
        code, out, err = run(capsys, "grid")
        assert (3, "") == (code, out)
        assert 1 == len(err.splitlines())
        assert err.startswith("dime: internal error: ZeroDivisionError: division by zero")
        assert "Traceback" not in err

    def test_interrupted(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Ctrl-C exits 130 with one line."""
        from dime import _cli  # noqa: PLC0415

        def interrupted(_args: object) -> int:
            raise KeyboardInterrupt

        monkeypatch.setattr(_cli, "_cmd_grid", interrupted)
        assert (130, "", "dime: interrupted\n") == run(capsys, "grid")


def attrs_evolve(fw: dime.Framework, **changes: Any) -> dime.Framework:
    import attrs  # noqa: PLC0415

    return attrs.evolve(fw, **changes)


class TestWritingFiles:
    """Commands that write files write them as dime.save does, or not at all."""

    @pytest.mark.parametrize(
        "argv",
        [
            ["report", "{bad}", "-o", "{out}"],
            ["report", "{good}", "--policy", "{bad}", "-o", "{out}"],
            ["report", "{good}", "--now", "never", "-o", "{out}"],
            ["migrate", "{bad}", "-o", "{out}"],
        ],
    )
    def test_failed_command_changes_nothing(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
    ) -> None:
        """A failed command leaves the previous output file as it was, and nothing beside it."""
        good, bad, out = tmp_path / "good.json", tmp_path / "bad.json", tmp_path / "out.html"
        good.write_text(dime.dumps(dime.Framework(name="Shop")), encoding="utf-8")
        bad.write_text('{"dime": 1, "framework": {"name": ""}}', encoding="utf-8")
        out.write_bytes(b"the previous report")
        names = {"good": good, "bad": bad, "out": out}
        code, _, err = run(capsys, *(a.format(**names) for a in argv))
        assert 2 == code
        assert_one_line_error(err)
        assert b"the previous report" == out.read_bytes()
        assert ["bad.json", "good.json", "out.html"] == sorted(p.name for p in tmp_path.iterdir())

    @pytest.mark.skipif(sys.platform == "win32", reason="POSIX links and nodes")
    def test_output_onto_links_and_nodes(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """-o writes through a symbolic link, and refuses a FIFO and a folder."""
        real = tmp_path / "real.html"
        real.write_text("old", encoding="utf-8")
        link = tmp_path / "link.html"
        link.symlink_to(real)
        assert 0 == run(capsys, "report", "-o", str(link))[0]
        assert link.is_symlink()
        assert real.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        fifo = tmp_path / "fifo.html"
        os.mkfifo(fifo)
        for target, what in ((fifo, "a FIFO"), (tmp_path, "a folder")):
            code, _, err = run(capsys, "report", "-o", str(target))
            assert 2 == code
            assert_one_line_error(err, str(target), what)

    def test_report_to_stdout(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """dime report -o - prints the page that -o FILE writes."""
        path = tmp_path / "report.html"
        assert 0 == run(capsys, "report", "-o", str(path))[0]
        code, out, _ = run(capsys, "report", "-o", "-")
        assert 0 == code
        assert path.read_text(encoding="utf-8") == out.removesuffix("\n")

    def test_nul_in_a_path(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A NUL character in a path argument exits 2 with one line."""
        for argv in (["check", "a\0b"], ["example", "-o", "a\0b"], ["check", "--policy", "p\0"]):
            code, _, err = run(capsys, *argv)
            assert 2 == code
            assert_one_line_error(err, "NUL")


class TestMessages:
    """What reaches the terminal cannot drive it, and each failure is one line."""

    HOSTILE = "Shop \x1b]0;owned\x07 \x1b[2J \x9b31m \x00 \u2028 end"

    def test_controls_escaped_on_stderr(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Control characters in a document never reach standard error raw."""
        doc = tmp_path / "evil.json"
        bad = {"dime": 1, "framework": {"name": "x", self.HOSTILE: 1}}
        doc.write_text(json.dumps(bad), encoding="utf-8")
        code, _, err = run(capsys, "check", str(doc))
        assert 2 == code
        assert_one_line_error(err)
        assert not any(c in err for c in "\x1b\x07\x9b\x00\u2028")

    @pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
    def test_controls_escaped_on_stdout(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
    ) -> None:
        """Control characters in a document never reach standard output raw, in any format."""
        doc = tmp_path / "evil.json"
        doc.write_text(
            dime.dumps(attrs_evolve(dime.example(), name=self.HOSTILE)), encoding="utf-8"
        )
        code, out, _ = run(capsys, "check", str(doc), "--format", fmt)
        assert 1 == code
        assert not any(c in out for c in "\x1b\x07\x9b\x00\u2028")
        if fmt == "json":
            assert self.HOSTILE == json.loads(out)["name"]

    def test_controls_escaped_in_validate(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """dime validate's lines are escaped too, and it writes one line per problem."""
        doc = tmp_path / "evil.json"
        doc.write_text(json.dumps({"dime": 1, "framework": {"name": "x", "\x1b[31m": 1, "\x07": 2}}), encoding="utf-8")  # fmt: skip
        code, _, err = run(capsys, "validate", str(doc))
        assert 2 == code
        assert 2 == len(err.splitlines())
        assert "\x1b" not in err

    def test_policy_problems_are_all_named(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A bad policy gets one line naming every problem, and no pointer to dime validate."""
        policy = tmp_path / "policy.json"
        policy.write_text('{"window": -1, "fail_on": "sometimes"}', encoding="utf-8")
        code, _, err = run(capsys, "check", "--policy", str(policy))
        assert 2 == code
        assert_one_line_error(err, str(policy), "window", "fail_on")
        assert "validate" not in err
