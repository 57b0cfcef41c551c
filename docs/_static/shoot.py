"""Take the screenshots of the example's report that the docs show, into this folder.

Run: python docs/_static/shoot.py

Needs the browser group (``pip install --group browser``) and the system's
Chromium (``apt-get install -y chromium``, or its path in ``DIME_CHROMIUM``).
Writes ``report-light.png`` and ``report-dark.png`` (1280 px wide) and
``report-narrow.png`` (420 px wide, light): the top of the page, where the
summary, the heatmap and its legend are.  Also writes the pictures of time
the time page shows, ``sparklines.svg`` and ``before-after.svg``, which need
no browser (the tests check that they are up to date).
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import dime
from dime._render import report_page

HERE = Path(__file__).parent
SHOTS = {
    "report-light.png": (1280, 980, "light"),
    "report-dark.png": (1280, 980, "dark"),
    "report-narrow.png": (420, 1100, "light"),
}


def time_pictures() -> dict[str, str]:
    """The SVG pictures of the time page, from the same states as its examples."""
    fw = dime.example()
    june = datetime(2026, 6, 1, tzinfo=UTC)
    spring = fw.remove(*[f for f in fw.feedback if f.received >= june])
    spring = spring.remove(spring.responsibilities[0])
    return {
        "sparklines.svg": dime.sparklines_svg(dime.trend(fw, every="quarter")),
        "before-after.svg": dime.before_after_svg(dime.diff(spring, fw)),
    }


def main() -> None:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only for screenshots

    for name, svg in time_pictures().items():
        (HERE / name).write_text(svg, encoding="utf-8")
        print(f"wrote {HERE / name}")  # noqa: T201 - a script says what it wrote
    executable = os.environ.get("DIME_CHROMIUM") or shutil.which("chromium")
    if executable is None:
        raise SystemExit("Chromium is not installed: apt-get install -y chromium")
    fw = dime.example()
    page_html = report_page(dime.check(fw), fw)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable)
        for name, (width, height, scheme) in SHOTS.items():
            page = browser.new_page(
                viewport={"width": width, "height": height},
                color_scheme=scheme,  # type: ignore[arg-type]
            )
            page.set_content(page_html, wait_until="load")
            page.screenshot(path=HERE / name)
            page.close()
            print(f"wrote {HERE / name}")  # noqa: T201 - a script says what it wrote
        browser.close()


if __name__ == "__main__":
    main()
