from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from html import escape
from html.parser import HTMLParser

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dime
import dime.strategies as ds
from dime import AREAS, Area, Channel, Framework, Layer, Pillar, Severity, Stage, Touchpoint
from dime._balance._view import SIGNALS
from dime._render import (
    area_html,
    area_markdown,
    area_text,
    framework_html,
    framework_markdown,
    framework_text,
    grid_html,
    grid_markdown,
    grid_text,
    report_html,
    report_markdown,
    report_page,
    report_text,
)
from dime._render._common import _loose as loose
from dime._render._common import where
from dime._render._markdown import md

SCRIPT = "<script>alert(1)</script>"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@attrs.frozen(kw_only=True)
class FakeFinding:
    code: str
    severity: Severity
    message: str
    area: Area | None = None
    pillar: Pillar | None = None
    layer: Layer | None = None
    subject: str | None = None
    waived: bool = False


@attrs.frozen(kw_only=True)
class FakeReport:
    name: str
    now: datetime
    findings: tuple[FakeFinding, ...]
    shares: Mapping[Area, float]
    targets: Mapping[Area, float]
    evenness: float | None
    signal_evenness: Mapping[str, float | None]
    flagged: frozenset[Area]
    ok: bool


EMOTIONAL = dime.Mindset.EMOTIONAL.area
PLANNING = dime.FeedbackFolder.PLANNING.area


def make_report(
    name: str = "Shop", message: str = "nobody holds the emotional mindset"
) -> FakeReport:
    shares = {a: 0.0 if a == EMOTIONAL else 1 / 15 for a in AREAS}
    return FakeReport(
        name=name,
        now=datetime(2026, 6, 30, tzinfo=UTC),
        findings=(
            FakeFinding(code="DIME101", severity=Severity.ERROR, message=message, area=EMOTIONAL),
            FakeFinding(
                code="DIME201",
                severity=Severity.WARNING,
                message="the planning folder is nearly empty",
                area=PLANNING,
            ),
            FakeFinding(
                code="DIME301", severity=Severity.INFO, message="thin pillar", pillar=Pillar.D
            ),
            FakeFinding(
                code="DIME302",
                severity=Severity.WARNING,
                message="waived on purpose",
                subject="web-home",
                waived=True,
            ),
        ),
        shares=shares,
        targets=dict.fromkeys(AREAS, 1 / 16),
        evenness=0.62,
        signal_evenness={"work": 0.55, "review": None},
        flagged=frozenset({EMOTIONAL, PLANNING}),
        ok=False,
    )


severities = st.sampled_from(Severity)
findings = st.builds(
    FakeFinding,
    code=st.from_regex(r"DIME[0-9]{3}", fullmatch=True),
    severity=severities,
    message=st.text(),
    area=st.none() | st.sampled_from(AREAS),
    pillar=st.none() | st.sampled_from(Pillar),
    layer=st.none() | st.sampled_from(Layer),
    subject=st.none() | st.text(),
    waived=st.booleans(),
)
shares = st.lists(st.floats(0, 1), min_size=16, max_size=16).map(
    lambda xs: {a: x / (sum(xs) or 1) for a, x in zip(AREAS, xs, strict=True)}
)
reports = st.builds(
    FakeReport,
    name=st.text(min_size=1),
    now=st.datetimes(timezones=st.just(UTC)),
    findings=st.lists(findings, max_size=8).map(tuple),
    shares=shares,
    targets=st.just(dict.fromkeys(AREAS, 1 / 16)) | st.just({}),
    evenness=st.none() | st.floats(0, 1),
    signal_evenness=st.dictionaries(
        st.sampled_from(SIGNALS),
        st.none() | st.floats(0, 1),
    ),
    flagged=st.frozensets(st.sampled_from(AREAS)),
    ok=st.booleans(),
)


def script_framework() -> Framework:
    return Framework(
        name=SCRIPT,
        touchpoints=[
            Touchpoint(id=SCRIPT, name=SCRIPT, channel=Channel.WEB, stage=Stage.PURCHASE),
        ],
        metadata={"note": SCRIPT},
    )


def text_cells(text: str) -> list[str]:
    """Read the sixteen cells back out of a text grid, in grid order."""
    blocks = text.split("\n\n", maxsplit=1)[0].split("-" * 99)[1:]
    cells = []
    for block in blocks:
        columns = [
            " ".join(line[16 + 21 * j : 36 + 21 * j] for line in block.splitlines())
            for j in range(4)
        ]
        cells += [" ".join(c.split()) for c in columns]
    return cells


VOID = {"br", "meta", "rect"}


class TagChecker(HTMLParser):
    """Collects what is wrong with how tags nest; rect may close itself or not."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID or tag == "rect":
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()


def nesting_problems(html: str) -> list[str]:
    checker = TagChecker()
    checker.feed(html)
    checker.close()
    return checker.problems + [f"<{tag}> never closed" for tag in checker.stack]


def widest(text: str) -> int:
    return max(len(ANSI.sub("", line)) for line in text.splitlines())


class TestGrid:
    def test_text_has_every_label(self) -> None:
        """The text grid shows every area's label, word for word once unwrapped."""
        assert [a.title for a in AREAS] == text_cells(grid_text())

    def test_text_fits(self) -> None:
        """The text grid fits in 100 columns, with or without colour."""
        assert widest(grid_text()) <= 100
        assert widest(grid_text(color=True)) <= 100

    def test_colour_only_when_asked(self) -> None:
        """ANSI codes appear only with color=True."""
        assert "\x1b[" not in grid_text()
        assert "\x1b[" in grid_text(color=True)

    def test_markdown_and_html_have_every_label(self) -> None:
        """Markdown and HTML grids show all sixteen labels."""
        for text in (grid_markdown(), grid_html()):
            assert all(escape(a.title) in text for a in AREAS)


class TestArea:
    def test_views(self) -> None:
        """An area shows its label in every face, and marks itself in the text grid."""
        area = Area(Pillar.M, Layer.COORDINATION)
        assert area.title == area_text(area).splitlines()[0]
        assert area_text(area).count("#") == 1
        assert area_markdown(area) == area._repr_markdown_()
        assert area_html(area) == area._repr_html_()
        assert escape(area.title) in area._repr_html_()


class TestFramework:
    def test_example_text(self) -> None:
        """The example's text view has its name, counts and coverage, within 100 columns."""
        text = framework_text(dime.example())
        assert "Larkspur Home & Garden" == text.splitlines()[0]
        assert "25 touchpoints" in text
        assert "Touchpoints by channel and stage" in text
        assert widest(text) <= 100

    def test_repr_hooks(self) -> None:
        """A framework shows itself as HTML and Markdown in notebooks."""
        fw = dime.example()
        assert framework_html(fw) == fw._repr_html_()
        assert framework_markdown(fw) == fw._repr_markdown_()
        assert "<svg" in fw._repr_html_()
        assert [] == nesting_problems(fw._repr_html_())
        assert [] == nesting_problems(grid_html())
        assert [] == nesting_problems(area_html(AREAS[0]))

    def test_script_is_escaped(self) -> None:
        """A framework and a touchpoint named <script> show only escaped."""
        fw = script_framework()
        for text in (fw._repr_html_(), fw._repr_markdown_()):
            assert "<script" not in text
            assert "&lt;script&gt;" in text
        assert escape(SCRIPT) in fw._repr_html_().split("<svg", 1)[1]

    @settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
    @given(ds.frameworks())
    def test_any_framework(self, fw: Framework) -> None:
        """Any framework renders; its name and touchpoint names appear escaped in HTML."""
        html = framework_html(fw)
        assert escape(fw.name) in html
        assert all(escape(t.name) in html for t in fw.touchpoints)
        assert widest(framework_text(fw)) <= 100
        assert md(fw.name) in framework_markdown(fw)

    def test_no_rendering_at_import(self) -> None:
        """Importing dime and building the example does not load the rendering code."""
        code = "import sys, dime; dime.example(); print('dime._render' in sys.modules)"
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert "False" == out.stdout.strip()


class TestReport:
    def test_text(self) -> None:
        """The text report has the grid, flags, evenness and findings grouped by severity."""
        text = report_text(make_report())
        assert "Shop: balance on 2026-06-30" == text.splitlines()[0]
        assert 2 == text.split("\n\n")[1].count("[!]")
        assert "Evenness 0.62 (1 is perfectly even): work 0.55, review n/a" in text
        headings = [line for line in text.splitlines() if re.fullmatch(r"\w+ \(\d+\)", line)]
        assert ["Errors (1)", "Warnings (1)", "Info (1)", "Waived (1)"] == headings
        assert "Shop: 1 error, 1 warning, 1 info, 1 waived" == text.splitlines()[-1]

    def test_flag_is_red_in_colour(self) -> None:
        """With colour, a flagged area's figure is red and the text is otherwise the same."""
        coloured = report_text(make_report(), color=True)
        assert "\x1b[31m" in coloured
        assert report_text(make_report()) == ANSI.sub("", coloured)

    def test_no_findings(self) -> None:
        """A report without findings says so."""
        report = attrs.evolve(make_report(), findings=(), flagged=frozenset())
        assert "No findings" in report_text(report)
        assert "No findings" in report_markdown(report)
        assert "No findings" in report_html(report)

    def test_html(self) -> None:
        """The HTML report shades the grid, marks flagged areas and lists findings."""
        html = report_html(make_report())
        assert 2 == html.count("\u2691 flagged")
        assert "<h4" in html
        assert "DIME101" in html

    def test_script_is_escaped(self) -> None:
        """A report name or message with <script> shows only escaped in every face."""
        report = make_report(name=SCRIPT, message=SCRIPT)
        for text in (report_html(report), report_markdown(report)):
            assert "<script" not in text
            assert "&lt;script&gt;" in text
        page = report_page(report, script_framework())
        assert "<script" not in page

    def test_page(self) -> None:
        """The standalone page is one document with the heatmap, findings and coverage."""
        page = report_page(make_report(), dime.example())
        assert page.startswith("<!DOCTYPE html>")
        assert [] == nesting_problems(page)
        assert page.rstrip().endswith("</html>")
        assert "<svg" in page
        assert "<table" in page
        assert "DIME201" in page
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)

    @settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
    @given(ds.frameworks(imbalance=1, max_records=4), st.sampled_from(list(Stage)))
    def test_each_subject_named_once(self, fw: Framework, gone: Stage) -> None:
        """A finding's subject shows once: in its message, or before it if the message lacks it."""
        ids = {t.id for t in fw.touchpoints if t.stage is not gone}
        fw = attrs.evolve(
            fw,
            touchpoints=tuple(t for t in fw.touchpoints if t.id in ids),
            feedback=tuple(
                f if f.touchpoint in ids else attrs.evolve(f, touchpoint=None) for f in fw.feedback
            ),
        )
        for finding in dime.check(fw).findings:
            if finding.subject is None:
                continue
            line = loose(f"{where(finding)} {finding.message}")
            assert 1 <= line.count(loose(finding.subject)), finding
            if loose(finding.subject) in loose(finding.message):
                assert finding.subject not in where(finding), finding

    @given(reports)
    def test_any_report(self, report: FakeReport) -> None:
        """Any report renders in every face; text fits 100 columns; HTML escapes the user's text."""
        text = report_text(report)
        assert widest(text) <= 100
        assert "\x1b" not in text
        assert widest(report_text(report, color=True)) <= 100
        html = report_html(report)
        assert [] == nesting_problems(html)
        assert escape(report.name) in html
        assert all(escape(f.message) in html for f in report.findings)
        assert md(report.name) in report_markdown(report)
