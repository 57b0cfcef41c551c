"""A rule pack installed for real: an entry point in the dime.rules group, run from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PACK = '''
"""A rule pack: a check on the planning folder, and one linked to the checker's own findings."""

import dime


def planning_starved(view, found):
    n = view.filed[dime.FeedbackFolder.PLANNING]
    if n < 10:
        yield dime.Finding(
            code="ACME001",
            severity=dime.Severity.WARNING,
            area=dime.FeedbackFolder.PLANNING.area,
            message=f"Only {n} suggestions reached the planning folder.",
            evidence={"filed": n},
        )


def unowned_and_silent(view, found):
    for f in found:
        if f.code == "DIME403":
            yield dime.Finding(
                code="ACME002",
                severity=dime.Severity.INFO,
                subject=f.subject,
                message=f"Add a feedback card to {f.subject}.",
                cause=f.ref,
            )


RULES = [
    dime.Rule(
        code="ACME001",
        name="planning-starved",
        severity=dime.Severity.WARNING,
        check=planning_starved,
        summary="Fewer than ten pieces of feedback reached the planning folder.",
        source=dime.LIBRARY_HEURISTIC,
        basis="Acme plans from what customers suggest.",
        evidence={"filed": "feedback filed in the planning folder in the window"},
        fix="File suggestions under planning.",
    ),
    dime.Rule(
        code="ACME002",
        name="silent-touchpoint-card",
        severity=dime.Severity.INFO,
        check=unowned_and_silent,
        summary="A touchpoint nobody hears from needs a feedback card.",
    ),
]
'''


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A folder on PYTHONPATH holding a module and its distribution's metadata."""
    root = tmp_path_factory.mktemp("pack")
    (root / "acme_dime_rules.py").write_text(textwrap.dedent(PACK), encoding="utf-8")
    info = root / "acme_dime_rules-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: acme-dime-rules\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[dime.rules]\nacme = acme_dime_rules:RULES\n", encoding="utf-8"
    )
    path = os.pathsep.join([str(root), *filter(None, [os.environ.get("PYTHONPATH")])])
    return {**os.environ, "PYTHONPATH": path, "NO_COLOR": "1"}


def dime_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dime", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=Path(__file__).parent,
    )


def codes(findings: list[dict[str, object]]) -> list[str]:
    out = []
    for f in findings:
        out.append(str(f["code"]))
        out += codes(f["consequences"])  # type: ignore[arg-type]
    return out


class TestRulePack:
    def test_check_runs_the_pack(self, pack: dict[str, str]) -> None:
        """dime check runs an installed pack's rules after the built-in ones, linked to them."""
        done = dime_cli(pack, "check", "--format", "json", "--fail-on", "never")
        assert (0, "") == (done.returncode, done.stderr)
        data = json.loads(done.stdout)
        assert ["ACME001", "ACME002"] == [c for c in data["checked"] if c.startswith("ACME")]
        found = codes(data["findings"])
        assert 1 == found.count("ACME001")
        assert 1 == found.count("ACME002")
        (unheard,) = [f for f in data["findings"] if f["code"] == "DIME402"]
        below = codes(unheard["consequences"])
        assert "ACME002" in below

    def test_select_and_ignore_the_pack(self, pack: dict[str, str]) -> None:
        """A pack's codes are selected and ignored by prefix like the built-in ones."""
        only = dime_cli(pack, "check", "--format", "json", "--select", "ACME001")
        assert {"ACME001"} == set(codes(json.loads(only.stdout)["findings"]))
        assert 0 == only.returncode
        none = dime_cli(pack, "check", "--format", "json", "--ignore", "ACME")
        assert not [c for c in codes(json.loads(none.stdout)["findings"]) if c.startswith("ACME")]

    def test_rule_explains_the_pack(self, pack: dict[str, str]) -> None:
        """dime rule lists and explains a pack's rules like the built-in ones."""
        listed = dime_cli(pack, "rule")
        assert "ACME001 planning-starved (warning)" in listed.stdout.splitlines()
        explained = dime_cli(pack, "rule", "acme001")
        assert 0 == explained.returncode
        assert explained.stdout.startswith("ACME001 planning-starved (warning)\n")
        assert "Library heuristic. Acme plans from what customers suggest." in explained.stdout
        assert "- filed: feedback filed in the planning folder in the window" in explained.stdout

    def test_without_the_pack_its_codes_are_unknown(self) -> None:
        """Without the pack installed, its code is an unknown rule and a policy error."""
        env = {**os.environ, "NO_COLOR": "1"}
        assert 2 == dime_cli(env, "rule", "ACME001").returncode
        done = dime_cli(env, "check", "--select", "ACME")
        assert 2 == done.returncode
        assert "matches no rule code" in done.stderr

    def test_a_broken_pack_is_a_clear_error(self, tmp_path: Path, pack: dict[str, str]) -> None:
        """A pack that reuses a built-in code is refused with one line naming its entry point."""
        bad = tmp_path / "bad_rules.py"
        bad.write_text(
            "import dime\nRULE = dime.Rule(code='DIME101', name='mine', "
            "severity=dime.Severity.INFO, check=lambda v, f: (), summary='Mine.')\n",
            encoding="utf-8",
        )
        info = tmp_path / "bad_rules-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: bad-rules\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text("[dime.rules]\nbad = bad_rules:RULE\n")
        env = {**pack, "PYTHONPATH": os.pathsep.join([str(tmp_path), pack["PYTHONPATH"]])}
        done = dime_cli(env, "check")
        assert 2 == done.returncode
        assert 1 == len(done.stderr.splitlines())
        assert "DIME101" in done.stderr
        assert "Traceback" not in done.stderr
