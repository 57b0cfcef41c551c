"""Tests for the pictures: the grid, an area, an organisation and a balance report."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from html import escape
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dime
import dime.strategies as ds
import organisations
from dime import (
    AREAS,
    Area,
    Assessment,
    Channel,
    Framework,
    Initiative,
    Layer,
    Pillar,
    Policy,
    Stage,
    Touchpoint,
    Waiver,
)
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
from dime._render._colour import contrast, deviation, fill, text_on
from dime._render._common import MARKS, cell_mark, follows, where
from dime._render._markdown import md
from dime._render._svg import escape as svg_text

SCRIPT = "<script>alert(1)</script>"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CREDIT_WORDS = ("DIME\u2122", "Deliberate Interactions Memorable Experiences\u2122", "Chris Smoje")


def loose(text: str) -> str:
    """Text to look for a name in: any case, ``_`` and ``-`` read as spaces."""
    return text.casefold().replace("_", " ").replace("-", " ")


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

    def test_credit(self) -> None:
        """Every face of the grid credits the approach to its author, marks as he writes them."""
        for text in (" ".join(grid_text().split()), grid_markdown(), grid_html()):
            assert all(word in text for word in CREDIT_WORDS)
            assert "not affiliated" in text


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
        assert "Touchpoints by stage and channel" in fw._repr_html_()
        assert [] == nesting_problems(fw._repr_html_())
        assert [] == nesting_problems(grid_html())
        assert [] == nesting_problems(area_html(AREAS[0]))

    def test_script_is_escaped(self) -> None:
        """A framework and a touchpoint named <script> show only escaped."""
        fw = script_framework()
        for text in (fw._repr_html_(), fw._repr_markdown_()):
            assert "<script" not in text
            assert "&lt;script&gt;" in text
        assert escape(SCRIPT) in fw._repr_html_().split("Touchpoints by stage", 1)[1]

    def test_picture_and_report_agree(self) -> None:
        """The framework's picture shows the report's figures: same-day scores, planned work."""
        area = Area(Pillar.D, Layer.COORDINATION)
        on = date(2026, 6, 1)
        fw = Framework(
            name="Two opinions",
            initiatives=[
                Initiative(id="idea", title="Just an idea", area=area, effort=5),
                Initiative(
                    id="work",
                    title="Under way",
                    area=Area(Pillar.I, Layer.COORDINATION),
                    status=dime.InitiativeStatus.ACTIVE,
                    started=on,
                ),
            ],
            assessments=[
                Assessment(area=area, score=1, on=on),
                Assessment(area=area, score=5, on=on),
            ],
        )
        report = dime.check(fw)
        assert 3.0 == report.view.scores[area]
        assert 0.0 == report.attention[area].share
        for text in (framework_text(fw), framework_markdown(fw), framework_html(fw)):
            assert "score 3.0/5" in text
            assert "5/5" not in text
            assert "1 planned" in text
        assert "0.0%" in framework_markdown(fw).split("Organisational attitudes", 1)[1][:20]

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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
        """The text report has the grid, flags, evenness, roots with what follows, and a count."""
        report = dime.check(dime.example())
        text = report_text(report)
        assert "Larkspur Home & Garden: balance on 2026-10-31" == text.splitlines()[0]
        grid = text.split("\n\n")[1]
        assert len(report.flagged) == grid.count("[!]")
        assert "Evenness 0.67 (1 is perfectly even): coordination " in text
        headings = [line for line in text.splitlines() if re.match(r"\w+ \(\d+", line)]
        assert ["Errors", "Warnings", "Info"] == [h.split()[0] for h in headings]
        n = len(report.roots)
        last = text.splitlines()[-1]
        assert last.startswith(f"Larkspur Home & Garden: {n} issues (")
        assert last.endswith(f"; {len(report.findings)} findings in all")
        for root in report.roots:
            below = report.consequences(root)
            if below:
                assert f"[{follows(below, root)}:]" in " ".join(text.split())

    @pytest.mark.parametrize("make", organisations.ALL, ids=lambda f: f.__name__)
    def test_each_finding_keeps_its_words_apart_from_its_basis(
        self, make: Callable[[], Framework]
    ) -> None:
        """In Markdown, a finding's last word and its note are two words, as in the text."""
        report = dime.check(make(), now=organisations.NOW)
        markdown = report._repr_markdown_()
        notes = re.findall(r"(.)\((?:[a-z, ]+; )?basis: ", markdown)
        assert len(notes) >= len(report.findings)
        assert set(notes) <= {" "}

    def test_a_root_says_what_graver_findings_follow_from_it(self) -> None:
        """A warning root over errors says how many: its issue is an error, and why."""
        report = dime.check(dime.example())
        text = " ".join(report_text(report).split())
        for root in report.roots:
            below = [f for f in report.consequences(root) if f.gates]
            graver = [f for f in below if f.severity > root.severity]
            said = follows(report.consequences(root), root)
            if not graver:
                assert "of them" not in said
                continue
            worst = max(f.severity for f in graver)
            n = sum(f.severity is worst for f in graver)
            assert f", {n} of them {worst.value}s" in said or n == 1
            assert f"[{said}:]" in text
            assert report.issue_severity(root) is worst

    @pytest.mark.parametrize("make", organisations.ALL, ids=lambda m: m.__name__)
    def test_context_is_counted_where_it_is_given(self, make: Callable[[], Framework]) -> None:
        """Context folded under a root's consequences is said to be theirs, not the root's.

        The clinic's pillar finding has two area findings under it, each with a
        dominant area as its context: those two give context to them, not to it.
        """
        report = dime.check(make(), now=organisations.NOW)
        for root in report.roots:
            below = report.consequences(root)
            said = follows(below, root)
            mine = sum(1 for f in below if f.context and f.cause == root.ref)
            theirs = sum(1 for f in below if f.context and f.cause != root.ref)
            if theirs:
                verb = "gives" if theirs == 1 else "give"
                assert said.endswith(f"{theirs} more {verb} context to them")
            else:
                assert "context to them" not in said
            if mine:
                assert re.search(rf"\b{mine}( findings?)? gives? context\b", said), said

    def test_consequences_are_indented_under_their_root(self) -> None:
        """Each root's consequences follow it, indented, in the text."""
        report = dime.check(organisations.utility(), now=organisations.NOW)
        lines = report_text(report).splitlines()
        (root,) = report.roots
        start = next(i for i, line in enumerate(lines) if line.startswith(f"  {root.code}"))
        codes = [m[1] for line in lines[start + 1 :] if (m := re.match(r" {4,}(DIME\d{3}) ", line))]
        assert sorted(f.code for f in report.consequences(root)) == sorted(codes)

    def test_flag_is_red_in_colour(self) -> None:
        """With colour, a flagged area's figure is red and the text is otherwise the same."""
        report = dime.check(dime.example())
        coloured = report_text(report, color=True)
        assert "\x1b[31m" in coloured
        assert report_text(report) == ANSI.sub("", coloured)

    def test_no_findings(self) -> None:
        """A report without findings says so."""
        report = dime.check(organisations.even_shop(), now=organisations.NOW)
        assert () == report.findings
        assert "No findings" in report_text(report)
        assert "No findings" in report_markdown(report)
        assert "No findings" in report_html(report)

    def test_html_folds_consequences(self) -> None:
        """The HTML report shades the grid, marks flags and folds consequences with a count."""
        report = dime.check(dime.example())
        html = report_html(report)
        marked = [
            a
            for a in AREAS
            if cell_mark(
                report.attention[a],
                flagged=a in report.flagged,
                watched=a in report.watched,
                dominant=a in report.dominant,
            )
        ]
        assert len(marked) == html.count('class="dime-mark" href="#') + html.count(
            '<span class="dime-mark">'
        ) - len(MARKS)
        folded = [r for r in report.roots if report.consequences(r)]
        assert len(folded) == html.count("<details>")
        assert [] == nesting_problems(html)
        assert all(escape(f.message) in html for f in report.findings)

    def test_markdown_nests_consequences(self) -> None:
        """The Markdown report lists each root's consequences as a nested list."""
        report = dime.check(organisations.startup(), now=organisations.NOW)
        text = report_markdown(report)
        nested = [line for line in text.splitlines() if line.startswith("  - `")]
        assert len(report.findings) - len(report.roots) == len(nested)

    def test_waived_findings_say_why(self) -> None:
        """A waived finding is marked with its reason in every face."""
        waiver = Waiver(code="DIME402", subject="warranty", reason="Moving desks")
        report = dime.check(dime.example(), policy=Policy(waivers=[waiver]))
        for text in (report_text(report), report_markdown(report), report_html(report)):
            assert "waived: Moving desks" in " ".join(text.split())
        # The waived root still heads the unowned desk's silence (DIME403), which is not
        # waived: the issue counts by that finding, so nothing the user did not waive hides.
        (root,) = [f for f in report.roots if f.waived]
        assert [f.code for f in report.consequences(root) if not f.waived] == ["DIME403"]
        assert report.issue_severity(root) is dime.Severity.WARNING
        assert report_text(report).rstrip().endswith(report.headline)

    def test_script_is_escaped(self) -> None:
        """A name with <script> shows only escaped in every face."""
        report = dime.check(script_framework())
        for text in (report_html(report), report_markdown(report)):
            assert "<script" not in text
            assert "&lt;script&gt;" in text
        page = report_page(report, script_framework())
        assert "<script" not in page

    def test_page(self) -> None:
        """The standalone page is one document with the heatmap, findings, coverage and credit."""
        page = report_page(dime.check(dime.example()), dime.example())
        assert page.startswith("<!DOCTYPE html>")
        assert [] == nesting_problems(page)
        assert page.rstrip().endswith("</html>")
        assert "<table" in page
        assert "DIME201" in page
        assert all(word in page for word in CREDIT_WORDS)
        assert "Success Academy" in page
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)

    def test_tiny_targets_render(self) -> None:
        """A subnormal target share draws a full bar instead of failing."""
        targets = dict.fromkeys(AREAS, 1 / 15) | {AREAS[0]: 5e-324}
        targets[AREAS[1]] = 1 - sum(v for a, v in targets.items() if a != AREAS[1])
        report = dime.check(dime.example(), policy=Policy(targets=targets))
        assert widest(report_text(report)) <= 100
        assert [] == nesting_problems(report_html(report))

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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
            parts = loose(finding.subject).split(": ")
            assert all(part in line for part in parts), finding
            if all(part in loose(finding.message) for part in parts):
                assert finding.subject not in where(finding), finding

    def test_subject_named_by_its_parts(self) -> None:
        """A department's measure is not put before a message that names both."""
        report = dime.check(organisations.courier())
        (found,) = (f for f in report.findings if f.code == "DIME503")
        assert "Depot: on-time delivery" == found.subject
        assert "" == where(found)
        assert "Depot: on-time delivery" not in report_text(report)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(ds.frameworks(), ds.policies(), st.datetimes(timezones=st.just(UTC)))
    def test_any_report(self, fw: Framework, policy: Policy, now: datetime) -> None:
        """Any report renders in every face; text fits 100 columns; HTML nests and escapes."""
        report = dime.check(fw, policy=policy, now=now)
        text = report_text(report)
        assert widest(text) <= 100
        assert "\x1b" not in text
        assert widest(report_text(report, color=True)) <= 100
        html = report_html(report)
        assert [] == nesting_problems(html)
        assert escape(report.name) in html
        assert all(escape(f.message) in html for f in report.findings)
        assert md(report.name) in report_markdown(report)
        assert [] == nesting_problems(report_page(report, fw))

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(ds.frameworks(imbalance=1), ds.policies())
    def test_pictures_mark_as_the_text_does(self, fw: Framework, policy: Policy) -> None:
        """A picture's mark says what the text's does: a problem for [!], dominant for [+] only."""
        report = dime.check(fw, policy=policy)
        problems = {"neglected", "absent", "problem", "not evaluated"}
        for area in AREAS:
            said = report.mark(area)
            mark = cell_mark(
                report.attention[area],
                flagged=area in report.flagged,
                watched=area in report.watched,
                dominant=area in report.dominant,
            )
            if said == "[!]":
                assert mark in problems, (area, mark)
            assert (said == "[+]") == (mark == "dominant"), (area, said, mark)
            if mark == "to watch":
                assert "[~]" == said, (area, mark)
            if mark in {"neglected", "problem"}:
                assert "[!]" == said, (area, mark)


def test_now_is_shown_as_given_beyond_utc() -> None:
    """A moment past the last UTC day is shown in its own offset, not shifted or failed."""
    from datetime import timezone  # noqa: PLC0415 - only here

    edge = datetime(9999, 12, 31, 23, 59, tzinfo=timezone(-timedelta(hours=23, minutes=59)))
    report = dime.check(dime.example(), now=edge)
    assert edge.isoformat() == report.now.isoformat()
    assert report_text(report).startswith("Larkspur Home & Garden: balance on 9999-12-31")


class TestColour:
    @given(st.integers(0, 0xFFFFFF))
    def test_text_always_reads(self, rgb: int) -> None:
        """On any fill, the text colour chosen contrasts at least 4.5:1 (WCAG AA)."""
        fill = f"#{rgb:06x}"
        assert 4.5 <= contrast(fill, text_on(fill))

    @given(
        st.floats(0, 1, allow_nan=False),
        st.floats(0, 1, allow_nan=False),
        st.floats(0, 1, allow_nan=False),
    )
    def test_deviation_orders_shares(self, a: float, b: float, target: float) -> None:
        """The scale stays within -1 to 1, is 0 on target and never falls as the share grows."""
        low, high = sorted((a, b))
        assert -1.0 <= deviation(low, target) <= deviation(high, target) <= 1.0
        if target > 0:
            assert 0.0 == deviation(target, target)

    def test_ends_differ(self) -> None:
        """A third and two thirds of a layer, against a quarter, get different fills."""
        assert fill(deviation(1 / 3, 0.25)) != fill(deviation(2 / 3, 0.25))


class TestSvg:
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(ds.frameworks(max_records=4))
    def test_any_report_is_one_svg_document(self, fw: Framework) -> None:
        """The heatmap and the coverage of any report parse as XML, with the name escaped."""
        report = dime.check(fw)
        for svg in (dime.heatmap_svg(report), dime.coverage_svg(report)):
            root = ET.fromstring(svg)  # noqa: S314 - our own output
            assert "{http://www.w3.org/2000/svg}svg" == root.tag
            assert "<script" not in svg.casefold()
        assert svg_text(report.name) in dime.heatmap_svg(report)

    def test_heatmap_marks_every_flagged_area(self) -> None:
        """Each area of the example with a mark in the HTML has the same mark in the SVG."""
        report = dime.check(dime.example())
        svg = dime.heatmap_svg(report)
        for area in AREAS:
            mark = cell_mark(
                report.attention[area],
                flagged=area in report.flagged,
                watched=area in report.watched,
                dominant=area in report.dominant,
            )
            if mark is not None:
                assert f"{MARKS[mark]} {mark}" in svg

    def test_script_is_escaped(self) -> None:
        """A touchpoint named <script> shows only escaped in the coverage picture."""
        report = dime.check(script_framework())
        svg = dime.coverage_svg(report)
        assert "<script" not in svg
        assert escape(SCRIPT) in svg


_SHOP_TOUCHPOINTS = (
    dime.Touchpoint(id="a", name="A", channel=dime.Channel.WEB, stage=dime.Stage.PURCHASE),
    dime.Touchpoint(id="b<", name="B", channel=dime.Channel.PHONE, stage=dime.Stage.PURCHASE),
)
_START = datetime(2026, 1, 1, tzinfo=UTC)
_LOW = {"nps": 0, "csat": 1, "ces": 1}
_SPAN = {"nps": 11, "csat": 5, "ces": 7}
_scored_feedback = st.lists(
    st.builds(
        lambda n, scale, value, tp: dime.Feedback(
            id=f"f-{n}",
            received=_START + timedelta(hours=n),
            kind=dime.FeedbackKind.ROUTINE,
            score=dime.Score(scale=scale, value=_LOW[scale] + value % _SPAN[scale]),
            touchpoint=tp,
        ),
        st.integers(0, 10_000),
        st.sampled_from(["nps", "csat", "ces"]),
        st.integers(0, 10),
        st.sampled_from([None, "a", "b<"]),
    ),
    max_size=250,
    unique_by=lambda f: f.id,
)


def _shop_report(feedback: list[dime.Feedback]) -> dime.Report:
    fw = Framework(name="Shop", touchpoints=_SHOP_TOUCHPOINTS, feedback=tuple(feedback))
    return dime.check(fw, now=_START + timedelta(days=500))


class TestFeelings:
    @settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
    @given(_scored_feedback)
    def test_section_shows_the_score_tally(self, feedback: list[dime.Feedback]) -> None:
        """Each scale's line in text and Markdown carries the score tally's own figures."""
        report = _shop_report(feedback)
        tally = dime.ScoreTally.from_feedback(feedback, touchpoints=_SHOP_TOUCHPOINTS)
        text, markdown = str(report), report._repr_markdown_()
        assert any(f.score for f in feedback) == ("How customers feel" in text)
        assert ("How customers feel" in text) == ("How customers feel" in markdown)
        if "How customers feel" not in text:
            return
        section = " ".join(text.split("How customers feel", 1)[1].split("\n\n", 1)[0].split())
        for scale in ("nps", "csat", "ces"):
            summary = tally.summary(scale, minimum=report.minimum_responses)
            assert summary.describe() in section
            assert md(summary.describe().partition(" ")[2]) in markdown
            if summary.value is None:
                name = scale.upper()
                status = r"too few responses \(n=\d+\)" if summary.responses else "no responses"
                line = re.search(rf"{name}: {status}(.*)", section)
                assert line is not None
                assert not re.search(rf"{name} [-+]?\d", section)

    @settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
    @given(_scored_feedback)
    def test_html_shows_the_same(self, feedback: list[dime.Feedback]) -> None:
        """The HTML table has each scale's figure and n, escapes touchpoint ids, and nests well."""
        report = _shop_report(feedback)
        page = report._repr_html_()
        assert [] == nesting_problems(page)
        assert "b<" not in page
        if not any(f.score for f in feedback):
            assert "How customers feel" not in page
            return
        section = page.split("How customers feel</h4>", 1)[1].split("</table>", 1)[0]
        for scale in ("nps", "csat", "ces"):
            summary = report.scores.summary(scale, minimum=report.minimum_responses)
            row = section.split(f"<th>{scale.upper()}</th>", 1)[1].split("</tr>", 1)[0]
            assert f"<td>{summary.responses}</td>" in row
            if summary.value is None:
                status = "too few responses" if summary.responses else "no responses"
                assert status in row.split("</td>", 1)[0]
            else:
                assert f"<strong>{escape(summary.figure())}</strong>" in row

    def test_example_names_its_best_and_worst(self) -> None:
        """The example's section names the returns desk below the rest on NPS and CSAT."""
        text = " ".join(str(dime.check(dime.example())).split())
        section = text.split("How customers feel", 1)[1].split("Errors", 1)[0]
        assert 2 == section.count("below the rest 'Returns desk'")
