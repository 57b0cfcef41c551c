"""The pictures in a real browser: Chromium, driven by Playwright, checked by axe-core.

Every picture is loaded at 1280 and 420 pixels wide, in the light and the
dark colour scheme, and screenshotted into ``DIME_ARTIFACTS`` (default: a
temporary folder).  The assertions are on the rendered page: no horizontal
overflow, the computed contrast of every visible text node, a reason in the
tooltip of every marked cell, a visible legend, and no serious or critical
accessibility violation.  Frameworks with hostile names render without
running anything and without widening the page.

Needs the system's Chromium (``apt-get install -y chromium``, or its path in
``DIME_CHROMIUM``), Playwright for Python (``pip install --group browser``;
it never downloads a browser here) and axe-core from npm (``npm install
--prefix DIR axe-core@4`` with ``NODE_PATH=DIR/node_modules``).  Without
them these tests skip, saying what to install; continuous integration
installs them all and fails a run that skips (``DIME_FORBID_SKIPS=1``).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dime
import dime.strategies as ds
from dime._render import before_after_html, report_page, sparklines_html

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page

pytestmark = pytest.mark.browser

WIDTHS = (1280, 420)
SCHEMES = ("light", "dark")
MARKED = re.compile(r"DIME\d{3}")


def missing(message: str) -> NoReturn:
    """Skip, saying what to install."""
    pytest.skip(message)


def chromium() -> str | None:
    """The system's Chromium: ``DIME_CHROMIUM``, else ``chromium`` on the PATH."""
    given_path = os.environ.get("DIME_CHROMIUM")
    if given_path:
        return given_path if Path(given_path).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def axe_script() -> Path | None:
    """axe-core's ``axe.min.js`` under one of the folders in ``NODE_PATH``."""
    for folder in os.environ.get("NODE_PATH", "").split(os.pathsep):
        if folder and (found := Path(folder) / "axe-core" / "axe.min.js").is_file():
            return found
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 - optional
    except ImportError:
        missing("Playwright is not installed: pip install --group browser")
    executable = chromium()
    if executable is None:
        missing(
            "Chromium is not installed: apt-get install -y chromium "
            "(or set DIME_CHROMIUM to its path)"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def axe() -> Path:
    """The path of axe-core's script."""
    found = axe_script()
    if found is None:
        missing(
            "axe-core is not installed: npm install --prefix DIR axe-core@4 "
            "and set NODE_PATH=DIR/node_modules"
        )
    assert found is not None
    return found


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: ``DIME_ARTIFACTS``, else a temporary folder."""
    given_path = os.environ.get("DIME_ARTIFACTS")
    folder = Path(given_path) if given_path else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# What a notebook front-end does to the HTML it shows, after JupyterLab's own rules for
# rendered output: right-aligned, middle-aligned cells, a fixed table layout, centred
# tables, striped rows, and its theme's colours and marker on the body.
NOTEBOOK_CSS = """
body { margin: 0; font-family: sans-serif; }
body[data-jp-theme-light="true"] { background: #ffffff; color: #212121; }
body[data-jp-theme-light="false"] { background: #111111; color: #e0e0e0; }
.jp-RenderedHTMLCommon { padding: 8px; }
.jp-RenderedHTMLCommon table { border-collapse: collapse; border-spacing: 0; border: none;
  font-size: 12px; table-layout: fixed; margin-left: auto; margin-right: auto; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th, .jp-RenderedHTMLCommon tr {
  text-align: right; vertical-align: middle; padding: 0.5em; line-height: normal;
  white-space: normal; max-width: none; border: none; }
.jp-RenderedHTMLCommon tbody tr:nth-child(odd) { background: #f5f5f5; }
.jp-RenderedHTMLCommon h3, .jp-RenderedHTMLCommon h4 { color: #1565c0; }
.jp-RenderedHTMLCommon p { text-align: justify; }
"""


def notebook(fragment: str, scheme: str) -> str:
    """``fragment`` as a notebook shows an output, in a light or dark JupyterLab theme."""
    light = "true" if scheme == "light" else "false"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>A notebook</title><style>{NOTEBOOK_CSS}</style></head>"
        f'<body data-jp-theme-light="{light}"><main class="jp-OutputArea-output '
        f'jp-RenderedHTMLCommon">{fragment}</main></body></html>'
    )


def pictures(scheme: str) -> dict[str, str]:
    """Every picture as a page: the standalone report and each notebook display."""
    fw = dime.example()
    report = dime.check(fw)
    return {
        "page": report_page(report, fw),
        "report": notebook(report._repr_html_(), scheme),
        "framework": notebook(fw._repr_html_(), scheme),
        "area": notebook(dime.Mindset.EMOTIONAL.area._repr_html_(), scheme),
        "trend": notebook(dime.trend(fw, every="quarter")._repr_html_(), scheme),
        "before-after": notebook(before_after_html(*changed_reports()), scheme),
    }


def changed_reports() -> tuple[dime.Report, dime.Report]:
    """The example's report, and the report once two mindset holders have left."""
    fw = dime.example()
    return dime.check(fw), dime.check(fw.remove(*fw.responsibilities[:2]))


CONTRAST_JS = """
() => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const backdrop = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let bg = {r: 255, g: 255, b: 255, a: 1};
    for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const bad = [];
  let checked = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim()) continue;
    const el = n.parentElement;
    if (el.closest("style, script, title")) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    if (!range.getClientRects().length) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility !== "visible") continue;
    const bg = backdrop(el);
    const fg = over(parse(cs.color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    checked++;
    if (ratio < 4.5) bad.push(`${ratio.toFixed(2)} ${cs.color} on ${JSON.stringify(bg)}: `
                              + n.textContent.trim().slice(0, 40));
  }
  return {checked, bad};
}
"""

SVG_TEXT_JS = """
() => [...document.querySelectorAll("svg text")].filter((t) => t.textContent.trim()).map((t) => {
  const m = getComputedStyle(t).fill.match(/rgba?\\(([^)]+)\\)/);
  const [r, g, b] = m[1].split(/[\\s,\\/]+/).map(Number);
  const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  const box = t.getBoundingClientRect();
  const svg = t.ownerSVGElement.getBoundingClientRect();
  return {text: t.textContent.slice(0, 40), ratio: 1.05 / (lum + 0.05),
          inside: box.left >= svg.left - 1 && box.right <= svg.right + 1};
})
"""

MARKS_JS = """
() => [...document.querySelectorAll("td.dime-cell")]
  .filter((td) => td.querySelector(".dime-mark"))
  .map((td) => {
    const link = td.querySelector("a.dime-mark");
    const href = link ? link.getAttribute("href") : null;
    return {title: td.getAttribute("title") || "", mark: td.querySelector(".dime-mark").textContent,
            href, target: href ? !!document.getElementById(href.slice(1)) : null};
  })
"""


def load(browser: Browser, html: str, *, width: int, scheme: str) -> Page:
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)  # type: ignore[arg-type]
    page.set_content(html, wait_until="load")
    return page


def overflow(page: Page) -> tuple[int, int]:
    """The page's scroll width and the window's width."""
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    return int(scroll), int(inner)


class TestPictures:
    @pytest.mark.parametrize("scheme", SCHEMES)
    @pytest.mark.parametrize("width", WIDTHS)
    def test_rendered(self, browser: Browser, artifacts: Path, width: int, scheme: str) -> None:
        """Each picture fits the window, every text reads at 4.5:1, marks give reasons."""
        for name, html in pictures(scheme).items():
            page = load(browser, html, width=width, scheme=scheme)
            try:
                page.screenshot(path=artifacts / f"{name}-{width}-{scheme}.png", full_page=True)
                scroll, inner = overflow(page)
                assert scroll <= inner, (name, width, scheme)
                contrast = page.evaluate(CONTRAST_JS)
                assert contrast["checked"] > 10, name
                assert [] == contrast["bad"], (name, width, scheme)
                for cell in page.evaluate(MARKS_JS):
                    word = cell["mark"].split(" ", 1)[1]
                    assert word in cell["title"], (name, cell)
                    if cell["href"] is not None:
                        assert MARKED.search(cell["title"]), (name, cell)
                        assert cell["target"], (name, cell)
            finally:
                page.close()

    @pytest.mark.parametrize("scheme", SCHEMES)
    def test_legend_visible(self, browser: Browser, scheme: str) -> None:
        """The legend of the report is visible and inside the window, wide and narrow."""
        for width in WIDTHS:
            page = load(browser, pictures(scheme)["page"], width=width, scheme=scheme)
            try:
                legend = page.locator(".dime-legend")
                assert legend.is_visible()
                box = legend.bounding_box()
                assert box is not None
                assert box["x"] >= 0
                assert box["x"] + box["width"] <= width
            finally:
                page.close()

    def test_flagged_cells_explain(self, browser: Browser) -> None:
        """Every flagged area of the example has a mark whose tooltip names its rule codes."""
        report = dime.check(dime.example())
        page = load(browser, pictures("light")["page"], width=1280, scheme="light")
        try:
            cells = page.evaluate(MARKS_JS)
        finally:
            page.close()
        linked = [c for c in cells if c["href"] is not None]
        assert len(report.flagged | report.dominant) == len(linked)
        for area in report.dominant:
            (cell,) = [c for c in linked if c["title"].startswith(area.title + ":")]
            assert "dominant" in cell["mark"]
        for area in report.flagged:
            codes = {f.code for f in report.findings if f.area == area and not f.waived}
            (cell,) = [c for c in linked if c["title"].startswith(area.title + ":")]
            assert codes <= set(MARKED.findall(cell["title"]))

    def test_jupyter_cannot_realign(self, browser: Browser) -> None:
        """Under a notebook's right-aligning style sheet, every cell of the grid is left-aligned."""
        page = load(browser, pictures("light")["report"], width=1280, scheme="light")
        try:
            aligned = page.evaluate(
                "[...document.querySelectorAll('.dime table td, .dime table th')]"
                ".map((c) => getComputedStyle(c).textAlign)"
            )
        finally:
            page.close()
        assert len(aligned) > 16
        assert {"left"} == set(aligned)

    def test_narrow_grid_scrolls_in_its_box(self, browser: Browser) -> None:
        """At 420 px the grid is wider than the window and scrolls inside its own box."""
        page = load(browser, pictures("light")["page"], width=420, scheme="light")
        try:
            box = page.evaluate(
                "(() => { const s = document.querySelector('.dime-scroll');"
                " return [s.scrollWidth, s.clientWidth]; })()"
            )
        finally:
            page.close()
        assert box[0] > box[1]

    def test_no_javascript_needed(self, browser: Browser) -> None:
        """With JavaScript off, the report still shows its grid, legend and findings."""
        context = browser.new_context(java_script_enabled=False)
        try:
            page = context.new_page()
            page.set_content(pictures("light")["page"])
            assert page.locator("td.dime-cell").count() == 16 + 3 * len(dime.Channel)
            assert page.locator(".dime-legend").is_visible()
            assert page.get_by_text("Findings, root causes first").is_visible()
        finally:
            context.close()


class TestTimePictures:
    @pytest.mark.parametrize("scheme", SCHEMES)
    def test_svg_text_reads_and_fits(self, browser: Browser, scheme: str) -> None:
        """Every text the time pictures draw reads at 4.5:1 on white and stays in its picture."""
        for name in ("trend", "before-after"):
            page = load(browser, pictures(scheme)[name], width=1280, scheme=scheme)
            try:
                drawn = page.evaluate(SVG_TEXT_JS)
                ground = page.evaluate(
                    "getComputedStyle(document.querySelector('.dime-card')).backgroundColor"
                )
            finally:
                page.close()
            assert "rgb(255, 255, 255)" == ground
            assert len(drawn) > 16, name
            assert [] == [d for d in drawn if d["ratio"] < 4.5], name
            assert [] == [d for d in drawn if not d["inside"]], name

    def test_narrow_pictures_scroll_in_their_box(self, browser: Browser) -> None:
        """At 420 px each picture is wider than the window and scrolls inside its own box."""
        for name in ("trend", "before-after"):
            page = load(browser, pictures("light")[name], width=420, scheme="light")
            try:
                box = page.evaluate(
                    "(() => { const s = document.querySelector('.dime-scroll');"
                    " return [s.scrollWidth, s.clientWidth]; })()"
                )
                scroll, inner = overflow(page)
            finally:
                page.close()
            assert box[0] > box[1], name
            assert scroll <= inner, name


class TestAccessibility:
    @pytest.mark.parametrize("scheme", SCHEMES)
    @pytest.mark.parametrize("width", WIDTHS)
    def test_axe(self, browser: Browser, axe: Path, width: int, scheme: str) -> None:
        """axe-core finds no serious or critical violation in any picture."""
        for name, html in pictures(scheme).items():
            page = load(browser, html, width=width, scheme=scheme)
            try:
                page.add_script_tag(path=str(axe))
                result: dict[str, Any] = page.evaluate(
                    "async () => await axe.run(document, {resultTypes: ['violations']})"
                )
            finally:
                page.close()
            grave = [
                (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            assert [] == grave, (name, width, scheme)


HOSTILE = st.sampled_from(
    [
        "<script>window.__dime_ran = true</script>",
        '"><img src=x onerror="window.__dime_ran = true">',
        "</style><script>window.__dime_ran = true</script>",
        "'><svg onload='window.__dime_ran = true'>",
        "\u202eevil\u202c \u200f\u05e9\u05dc\u05d5\u05dd",
        "javascript:window.__dime_ran = true",
        "x" * 500,
    ]
)


@st.composite
def hostile_frameworks(draw: st.DrawFn) -> dime.Framework:
    """A generated framework whose name and touchpoint names hold hostile text."""
    fw = draw(ds.frameworks(max_records=4))
    names = st.builds(lambda a, b: a + b, HOSTILE, st.text(max_size=20) | HOSTILE)
    touchpoints = tuple(attrs.evolve(t, name=draw(names)) for t in fw.touchpoints)
    return attrs.evolve(fw, name=draw(names), touchpoints=touchpoints)


class TestHostile:
    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(hostile_frameworks())
    def test_nothing_runs_and_nothing_widens(self, browser: Browser, fw: dime.Framework) -> None:
        """Hostile names run nothing, open no dialog and widen no page, in any picture."""
        report = dime.check(fw)
        shown = [report_page(report, fw), notebook(report._repr_html_(), "light")]
        try:
            trend = dime.trend(fw)
        except dime.exceptions.DimeError:
            pass
        else:
            shown.append(notebook(sparklines_html(trend), "light"))
        shown.append(notebook(before_after_html(dime.check(dime.example()), report), "light"))
        for html in shown:
            page = load(browser, "<!-- -->", width=420, scheme="light")
            dialogs: list[str] = []
            logged: list[str] = []

            def dialog(d: Dialog, seen: list[str] = dialogs) -> None:
                seen.append(d.message)
                d.dismiss()

            def console(m: ConsoleMessage, seen: list[str] = logged) -> None:
                seen.append(m.text)

            page.on("dialog", dialog)
            page.on("console", console)
            try:
                page.set_content(html, wait_until="load")
                ran = page.evaluate("window.__dime_ran === true")
                scroll, inner = overflow(page)
            finally:
                page.close()
            assert not ran
            assert [] == dialogs
            assert [] == logged
            assert scroll <= inner


NOTEBOOK = (
    Path(__file__).resolve().parent.parent / "docs" / "examples" / "prototype-a-framework.ipynb"
)

# Keep only what the library drew: the notebook's own cells, prompts and other outputs
# (pandas tables, code) are Jupyter's, styled by its theme, and not checked here.
OURS_ONLY_JS = """
() => {
  document.querySelectorAll(".jp-Cell").forEach((cell) => {
    if (!cell.querySelector(".dime")) { cell.remove(); return; }
    cell.querySelectorAll(".jp-Cell-inputWrapper, .jp-InputArea, .jp-OutputPrompt")
      .forEach((e) => e.remove());
    cell.querySelectorAll(".jp-OutputArea-child").forEach((out) => {
      if (!out.querySelector(".dime")) out.remove();
    });
  });
  return document.querySelectorAll("div.dime").length;
}
"""

WIDEST_JS = """
() => Math.max(...[...document.querySelectorAll("div.dime")]
  .map((e) => e.getBoundingClientRect().right))
"""


@pytest.fixture(scope="module")
def exported() -> dict[str, str]:
    """The tutorial notebook, run top to bottom and exported by nbconvert, light and dark."""
    try:
        import nbclient  # noqa: PLC0415 - only where installed
        import nbconvert  # noqa: PLC0415
        import nbformat  # noqa: PLC0415
    except ImportError:
        missing(
            "needs nbconvert, nbclient and a Jupyter kernel: "
            "python -m pip install --group browser --group notebook"
        )
    untyped: tuple[Any, Any, Any] = (nbclient, nbconvert, nbformat)  # partly annotated
    client, convert, formats = untyped
    nb = formats.read(NOTEBOOK, as_version=4)
    client.NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    return {
        scheme: convert.HTMLExporter(template_name="lab", theme=scheme).from_notebook_node(nb)[0]
        for scheme in SCHEMES
    }


class TestExportedNotebook:
    @pytest.mark.parametrize("scheme", SCHEMES)
    @pytest.mark.parametrize("width", WIDTHS)
    def test_pictures_read_in_an_exported_notebook(
        self, browser: Browser, artifacts: Path, exported: dict[str, str], width: int, scheme: str
    ) -> None:
        """Each picture in the exported notebook fits the window and reads at 4.5:1."""
        page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)  # type: ignore[arg-type]
        try:
            # nbconvert's page may name scripts on the web; what we check needs none of them.
            page.route("http*://**", lambda route: route.abort())
            page.set_content(exported[scheme], wait_until="domcontentloaded")
            page.screenshot(path=artifacts / f"notebook-{width}-{scheme}.png", full_page=True)
            assert page.evaluate(OURS_ONLY_JS) >= 3
            assert page.evaluate(WIDEST_JS) <= width
            contrast = page.evaluate(CONTRAST_JS)
            assert contrast["checked"] > 50
            assert [] == contrast["bad"], (width, scheme)
        finally:
            page.close()
