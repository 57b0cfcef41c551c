"""The pictures of balance over time: a trend's sparklines and two reports before and after."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import dime
import dime.strategies as ds
from dime._cli import main
from dime._render import before_after_html, sparklines_html

fast = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror="alert(1)">',
        "</style><svg onload=alert(1)>",
        "\u202eevil\u202c \u05e9\u05dc\u05d5\u05dd",
        "x" * 300,
        "\x01\ud800",
    ]
)


def texts(svg: str) -> list[str]:
    """Every text the SVG document draws, parsed as XML."""
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def tooltip(svg: str, area: dime.Area) -> str:
    """The one tooltip of a group that starts with the area's title."""
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    found = [
        t.text
        for g in root.iter(f"{SVG}g")
        if (t := g.find(f"{SVG}title")) is not None
        and t.text
        and (t.text.startswith((area.title + " (", area.title + ": ")))
    ]
    assert 1 == len(found), area
    return found[0]


@st.composite
def named_frameworks(draw: st.DrawFn) -> dime.Framework:
    """A generated framework, its name maybe hostile."""
    fw = draw(ds.frameworks(max_records=4))
    try:
        return attrs.evolve(fw, name=draw(HOSTILE | st.text(min_size=1, max_size=30)))
    except dime.exceptions.DimeError:
        assume(False)
        raise


class TestSparklines:
    def test_one_chart_per_area(self) -> None:
        """Every area has a chart whose tooltip lists each period's share from the trend."""
        t = dime.trend(dime.example(), every="quarter")
        svg = dime.sparklines_svg(t)
        last = t.periods[-1]
        for area in dime.AREAS:
            tip = tooltip(svg, area)
            assert len(t.periods) == tip.count("\n")
            assert f"{last.attention[area].share:.1%}" in tip.splitlines()[-1]

    def test_last_share_shown(self) -> None:
        """Each chart shows its area's share in the last period as a figure."""
        t = dime.trend(dime.example(), every="quarter")
        drawn = texts(dime.sparklines_svg(t))
        for area in dime.AREAS:
            assert f"{t.periods[-1].attention[area].share:.0%}" in drawn

    @fast
    @given(named_frameworks(), st.sampled_from(["month", "quarter", timedelta(days=10)]))
    def test_any_framework_is_valid_svg(self, fw: dime.Framework, every: object) -> None:
        """Any framework's trend draws a well-formed SVG whose texts hold no markup from names."""
        try:
            t = dime.trend(fw, every=every)  # type: ignore[arg-type]
        except dime.exceptions.DimeError:
            return
        svg = dime.sparklines_svg(t)
        assert "<script" not in svg
        assert "onerror=" not in svg.replace("onerror=&quot;", "")
        assert texts(svg)
        assert svg in sparklines_html(t)

    def test_trend_display_starts_with_sparklines(self) -> None:
        """A trend's notebook display shows the sparklines, then the table of shares."""
        t = dime.trend(dime.example(), every="quarter")
        shown = t._repr_html_()
        assert shown.index("<svg") < shown.index("<table")


class TestBeforeAfter:
    def test_diff_and_reports_agree(self) -> None:
        """A diff and its two reports draw the same picture."""
        old = dime.example()
        new = old.remove(*old.responsibilities[:2])
        d = dime.diff(old, new)
        assert dime.before_after_svg(d) == dime.before_after_svg(d.old_report, d.new_report)

    def test_shares_and_findings(self) -> None:
        """Each area's tooltip gives both shares; appeared findings are listed by code."""
        old = dime.example()
        new = old.remove(old.responsibilities[0])
        d = dime.diff(old, new)
        svg = dime.before_after_svg(d)
        for area in dime.AREAS:
            a0, a1 = d.old_report.attention[area], d.new_report.attention[area]
            assert f"{a0.share:.1%} before, {a1.share:.1%} after" in tooltip(svg, area)
        drawn = " ".join(texts(svg))
        assert d.appeared
        for f in d.appeared:
            assert f.code in drawn
        assert f"Appeared: {len(d.appeared)}" in drawn
        assert f"Resolved: {len(d.resolved)}" in drawn

    def test_long_lists_are_counted(self) -> None:
        """More than twelve findings on a side are listed up to twelve, and the rest counted."""
        old = dime.example()
        new = old.remove(*old.responsibilities, *old.initiatives)
        d = dime.diff(old, new)
        drawn = texts(dime.before_after_svg(d))
        sides = [len(d.appeared), len(d.resolved)]
        assert max(sides) > 12
        expected = [f"and {n - 12} more" for n in sides if n > 12]
        assert expected == [t for t in drawn if t.endswith(" more")]

    @fast
    @given(named_frameworks(), named_frameworks())
    def test_any_two_reports(self, a: dime.Framework, b: dime.Framework) -> None:
        """Any two reports draw a well-formed SVG with no markup from names."""
        svg = dime.before_after_svg(dime.check(a), dime.check(b))
        assert "<script" not in svg
        assert texts(svg)
        assert svg in before_after_html(dime.check(a), dime.check(b))

    @pytest.mark.parametrize(
        "args", [(None,), ("report",), (3, None)], ids=["none", "text", "number"]
    )
    def test_not_reports(self, args: tuple[object, ...]) -> None:
        """Anything but a diff or two reports is a DimeError saying what is expected."""
        with pytest.raises(dime.exceptions.InvalidFieldError, match="a Diff, or two Reports"):
            dime.before_after_svg(*args)  # type: ignore[arg-type]

    def test_a_diff_and_a_report(self) -> None:
        """A diff with a second report is refused: the diff already holds both."""
        old = dime.example()
        d = dime.diff(old, old)
        with pytest.raises(dime.exceptions.InvalidFieldError):
            dime.before_after_svg(d, d.new_report)


class TestDocsPictures:
    def test_up_to_date(self) -> None:
        """The SVG pictures the time page shows are what this version draws."""
        static = Path(__file__).parent.parent / "docs" / "_static"
        spec = importlib.util.spec_from_file_location("shoot", static / "shoot.py")
        assert spec is not None
        assert spec.loader is not None
        shoot = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(shoot)
        for name, svg in shoot.time_pictures().items():
            assert svg == (static / name).read_text(encoding="utf-8"), name


class TestCommandLine:
    def states(self, tmp_path: Path) -> tuple[str, str]:
        """Two saved states of the example: one without its first mindset holder, then all."""
        fw = dime.example()
        old, new = tmp_path / "old.json", tmp_path / "new.json"
        dime.save(fw.remove(fw.responsibilities[0]), old)
        dime.save(fw, new)
        return str(old), str(new)

    def test_diff_svg(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """dime diff --format svg prints the before-and-after picture, with the diff's gate."""
        old, new = self.states(tmp_path)
        code = main(["diff", old, new, "--format", "svg"])
        out = capsys.readouterr().out
        d = dime.diff(old, new)
        assert (0 if d.ok else 1) == code
        assert dime.before_after_svg(d) + "\n" == out

    def test_history_svg(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """dime history --format svg prints the sparklines of the history's trend."""
        old, new = self.states(tmp_path)
        assert 0 == main(["history", old, new, "--format", "svg"])
        out = capsys.readouterr().out
        assert out.startswith("<svg")
        assert len(dime.AREAS) + 1 == out.count("<title>")
