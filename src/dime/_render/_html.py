"""HTML pictures: a heatmap on a diverging scale, bars, findings and coverage; no JavaScript.

Every fragment carries its own ``<style>``, scoped under the class ``dime``
with selectors a notebook's stylesheet cannot outweigh (alignment
included), a light and a dark palette (``prefers-color-scheme`` and the
notebook front-ends' own theme markers), a narrow-screen layout where the
grid scrolls inside its own box, and print rules.  Nothing is fetched from
anywhere.

Everything that comes from the user (names, titles, messages, ids) goes
through :func:`html.escape`; the library's own labels do too, for safety.
"""

from __future__ import annotations

import hashlib
from functools import cache
from html import escape
from typing import TYPE_CHECKING, Final

from dime._balance import Signal
from dime._framework import Layer, Pillar
from dime._model import Channel, Stage
from dime._render._colour import DARK, LIGHT, OVER_SATURATES, deviation, fill, text_on
from dime._render._common import (
    CREDIT,
    FEELING_TITLE,
    MARKS,
    NO_FINDINGS,
    SHARE_CAPTION,
    Feeling,
    cell_facts,
    cell_mark,
    closing,
    coverage,
    evenness_text,
    feeling_caption,
    feelings,
    follows,
    group_count,
    groups,
    heading,
    severity_note,
    signals_text,
    summary,
    tally,
    where,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from dime._balance import BalanceView, Finding, Report, ScoreSummary
    from dime._framework import Area
    from dime._model import Framework
    from dime._render._common import Group

__all__ = [
    "area_html",
    "framework_html",
    "grid_html",
    "report_html",
    "report_page",
]

#: Why an area is absent or not evaluated, in a tooltip where no finding says it.
_STATUS_REASON: Final = {
    "absent": "no evidence of its kind for the policy's absent_after, or ever",
    "not evaluated": "the organisation records nothing this area is measured by",
    "neglected": "below its target",
    "problem": "a problem with its balance",
    "to watch": "a sign of a problem with its balance, reported as information",
    "dominant": "far above its target, not a problem in itself",
}

_LIGHT_VARS: Final = (
    "--dime-fg:#1f2937;--dime-muted:#475569;--dime-bg:#ffffff;--dime-line:#cbd5e1;"
    "--dime-head:#f1f5f9;--dime-error:#b91c1c;--dime-warning:#92400e;--dime-info:#1d4ed8;"
    "--dime-track:#e2e8f0;--dime-bar:#475569;color-scheme:light"
)
_DARK_VARS: Final = (
    "--dime-fg:#e5e7eb;--dime-muted:#cbd5e1;--dime-bg:#111827;--dime-line:#64748b;"
    "--dime-head:#1f2937;--dime-error:#fca5a5;--dime-warning:#fcd34d;--dime-info:#93c5fd;"
    "--dime-track:#374151;--dime-bar:#cbd5e1;color-scheme:dark"
)


def _ramp(palette: tuple[str, str, str]) -> str:
    under, neutral, over = palette
    return f"linear-gradient(to right,{under},{neutral} 50%,{over})"


def _themed(vars_: str, cell: str, ramp: str) -> list[tuple[str, str]]:
    """The rules that change with the theme: colours, the cells' fills and the legend's ramp."""
    return [
        (".dime", vars_),
        (".dime table.dime-t td.dime-cell", f"background:var({cell});color:var({cell}t)"),
        (".dime .dime-ramp", f"background:{ramp}"),
    ]


def _rules(rules: list[tuple[str, str]], prefix: str = "") -> str:
    out = []
    for selectors, body in rules:
        scoped = ",".join(f"{prefix}{s.strip()}" for s in selectors.split(","))
        out.append(f"{scoped}{{{body}}}")
    return "".join(out)


# Notebook front-ends say which theme they show: JupyterLab and Notebook 7 on their
# body, VS Code with a class on its body, furo (the docs) with an attribute.
_DARK_MARKERS: Final = (
    '[data-jp-theme-light="false"] ',
    "body.vscode-dark ",
    "body.vscode-high-contrast:not(.vscode-high-contrast-light) ",
    'body[data-theme="dark"] ',
)
_LIGHT_MARKERS: Final = (
    '[data-jp-theme-light="true"] ',
    "body.vscode-light ",
    "body.vscode-high-contrast-light ",
    'body[data-theme="light"] ',
)

_BASE: Final = [
    (
        ".dime",
        (
            "color:var(--dime-fg);background:var(--dime-bg);text-align:left;"
            "font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
            "overflow-wrap:anywhere;max-width:100%;box-sizing:border-box;padding:0.4em 0.7em;"
            "margin:0.2em 0"
        ),
    ),
    (".dime *", "box-sizing:border-box"),
    (
        ".dime h3,.dime h4",
        "color:inherit;margin:0.6em 0 0.3em;line-height:1.25;font-weight:600;border:0;padding:0",
    ),
    (".dime h3", "font-size:1.25em"),
    (".dime h4", "font-size:1.05em"),
    (".dime p", "margin:0.4em 0;text-align:left"),
    # A notebook's own link colours (nbconvert's `a:link`) must not win over the cell's.
    (".dime a,.dime a:link,.dime a:visited", "color:inherit!important;text-decoration:underline"),
    (".dime code", "font-family:ui-monospace,monospace;color:inherit;background:none;padding:0"),
    (".dime .dime-scroll", "overflow-x:auto;max-width:100%"),
    (
        ".dime table.dime-t",
        (
            "border-collapse:collapse;margin:0.3em 0;font-size:0.95em;width:auto;"
            "table-layout:auto;border:0"
        ),
    ),
    (
        ".dime table.dime-t th,.dime table.dime-t td",
        (
            "text-align:left!important;vertical-align:top!important;"
            "border:1px solid var(--dime-line)!important;padding:0.35em 0.5em!important;"
            "color:var(--dime-fg);background:var(--dime-bg);white-space:normal"
        ),
    ),
    (
        ".dime table.dime-t th",
        "background:var(--dime-head);font-weight:600;white-space:nowrap;overflow-wrap:normal",
    ),
    (".dime table.dime-t td", "overflow-wrap:break-word"),
    (".dime table.dime-t tr", "background:none!important"),
    (".dime table.dime-t td.dime-cell", "width:10em;min-width:8.5em"),
    (".dime p.dime-caption", "font-size:0.85em;color:var(--dime-muted);margin:0.1em 0 0.4em"),
    (".dime .dime-share", "display:block;font-weight:700;font-size:1.1em"),
    (".dime .dime-small", "display:block;font-size:0.85em"),
    (
        ".dime .dime-mark",
        (
            "display:inline-block;margin-top:0.2em;padding:0 0.3em;border:1px solid currentColor;"
            "border-radius:0.3em;font-size:0.85em;text-decoration:none;color:inherit"
        ),
    ),
    (".dime .dime-muted", "color:var(--dime-muted)"),
    (
        ".dime .dime-bar",
        (
            "display:block;position:relative;height:0.55em;margin-top:0.3em;min-width:5em;"
            "background:var(--dime-track)"
        ),
    ),
    (".dime .dime-bar>span", "display:block;height:100%;background:var(--dime-bar)"),
    (
        ".dime .dime-bar>i",
        "position:absolute;top:-0.2em;bottom:-0.2em;width:2px;background:var(--dime-fg)",
    ),
    (
        ".dime .dime-legend",
        (
            "display:flex;flex-wrap:wrap;gap:0.3em 1.2em;align-items:center;font-size:0.85em;"
            "margin:0.4em 0"
        ),
    ),
    (
        ".dime .dime-ramp",
        (
            "display:inline-block;width:11em;height:0.9em;vertical-align:middle;"
            "border:1px solid var(--dime-line);margin:0 0.4em"
        ),
    ),
    (".dime .dime-sev-error", "color:var(--dime-error)"),
    (".dime .dime-sev-warning", "color:var(--dime-warning)"),
    (".dime .dime-sev-info", "color:var(--dime-info)"),
    (".dime ul", "margin:0.2em 0;padding-left:1.4em;text-align:left"),
    (".dime li", "margin:0.15em 0"),
    (".dime details>summary", "cursor:pointer;color:var(--dime-muted)"),
    (".dime li:target", "outline:2px solid var(--dime-info);outline-offset:1px"),
    (".dime bdi", "unicode-bidi:isolate"),
    (".dime footer", "margin-top:1.5em;font-size:0.85em;color:var(--dime-muted)"),
]

_LIGHT_RULES: Final = _themed(_LIGHT_VARS, "--dime-c", _ramp(LIGHT))
_DARK_RULES: Final = _themed(_DARK_VARS, "--dime-d", _ramp(DARK))


@cache
def stylesheet() -> str:
    """The scoped style sheet every fragment carries, light and dark."""
    parts = [_rules(_LIGHT_RULES), _rules(_BASE)]
    parts.append(f"@media (prefers-color-scheme:dark){{{_rules(_DARK_RULES)}}}")
    parts.extend(_rules(_DARK_RULES, marker) for marker in _DARK_MARKERS)
    parts.extend(_rules(_LIGHT_RULES, marker) for marker in _LIGHT_MARKERS)
    parts.append(
        "@media print{.dime .dime-scroll{overflow:visible}"
        ".dime{print-color-adjust:exact;-webkit-print-color-adjust:exact}}"
    )
    return "".join(parts)


def _root(kind: str, inner: str, *, ident: str = "") -> str:
    id_attr = f' id="{ident}"' if ident else ""
    return f'<div class="dime {kind}"{id_attr}><style>{stylesheet()}</style>{inner}</div>'


def _cell_style(d: float) -> str:
    """The inline custom properties giving a cell its fill and text, light and dark."""
    light, dark = fill(d, LIGHT), fill(d, DARK)
    return f"--dime-c:{light};--dime-ct:{text_on(light)};--dime-d:{dark};--dime-dt:{text_on(dark)}"


def shade(t: float) -> str:
    """Inline style for a cell shaded ``t`` (0 to 1) from neutral to deep blue, text readable.

    >>> shade(1.0)
    'background: #1e40af; color: #ffffff;'
    """
    background = fill(t, LIGHT)
    return f"background: {background}; color: {text_on(background)};"


def _pillar_head() -> str:
    return "".join(
        f'<th scope="col" title="{escape(p.aim)}">{escape(p.letter)} {escape(p.word)}</th>'
        for p in Pillar
    )


def _grid_table(
    cell: Callable[[Area], tuple[str, str]],
    caption: str,
    *,
    side: tuple[str, Callable[[Layer], str]] | None = None,
    foot: str = "",
) -> str:
    """A 4x4 table; ``cell`` gives each area's inner HTML and its attributes.

    ``side`` adds a column after the grid (its heading, and its cell per
    layer); ``foot`` a last row.  The table scrolls inside its own box; the
    caption follows it, outside the box, so that it wraps to the window.
    """
    extra = f'<th scope="col">{side[0]}</th>' if side else ""
    rows = []
    for layer in Layer:
        cells = []
        for area in layer.areas:
            inner, attributes = cell(area)
            cells.append(f"<td{attributes}>{inner}</td>")
        after = f"<td>{side[1](layer)}</td>" if side else ""
        rows.append(
            f'<tr><th scope="row" title="{escape(layer.purpose)}">{escape(layer.title)}</th>'
            f"{''.join(cells)}{after}</tr>"
        )
    return (
        '<div class="dime-scroll" role="region" aria-label="The DIME grid" tabindex="0">'
        '<table class="dime-t">'
        f'<thead><tr><td aria-hidden="true"></td>{_pillar_head()}{extra}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody>{foot}</table></div>"
        f'<p class="dime-caption">{caption}</p>'
    )


def grid_html() -> str:
    """The framework itself as an HTML table, with every label and the credit.

    >>> "<td" in grid_html()
    True
    """
    table = _grid_table(
        lambda a: (escape(a.title), ""),
        "The DIME framework: four pillars (columns) by four layers (rows).",
    )
    credit = f'<p class="dime-muted">{escape(CREDIT)}</p>'
    return _root("dime-grid", f"{table}{credit}")


def _percent(value: float) -> str:
    return f"{value:.1%}"


def _bar(value: float, tick: float | None = None) -> str:
    """A bar ``value`` (0 to 1) of its track, with a tick at ``tick``; hidden from readers."""
    width = max(0.0, min(1.0, value)) * 100
    mark = "" if tick is None else f'<i style="left:{max(0.0, min(1.0, tick)) * 100:.1f}%"></i>'
    return (
        f'<span class="dime-bar" aria-hidden="true"><span style="width:{width:.1f}%"></span>'
        f"{mark}</span>"
    )


def _layer_evenness(evenness: Mapping[Signal, float | None]) -> Callable[[Layer], str]:
    def side(layer: Layer) -> str:
        value = evenness.get(Signal.of(layer))
        if value is None:
            return '<span class="dime-small">n/a</span>'
        return f'<span class="dime-small">{value:.2f}</span>{_bar(value)}'

    return side


def _pillar_foot(shares: Mapping[Pillar, float], targets: Mapping[Pillar, float]) -> str:
    """A last row: each pillar's share of all attention, as a bar with its target ticked.

    The bar's track is twice the target, so the tick sits in its middle.
    """
    cells = []
    for p in Pillar:
        share, target = shares.get(p, 0.0), targets.get(p, 0.0)
        scale = 2 * target if target > 0 else 1.0
        cells.append(
            f'<td><span class="dime-small">{_percent(share)} (target {_percent(target)})</span>'
            f"{_bar(share / scale, target / scale)}</td>"
        )
    return f'<tfoot><tr><th scope="row">Pillar share</th>{"".join(cells)}<td></td></tr></tfoot>'


def _legend(*, marks: bool) -> str:
    scale = (
        '<span>too little<span class="dime-ramp" aria-hidden="true"></span>'
        f"too much ({OVER_SATURATES:g}\u00d7 its target or more); the middle is on target</span>"
    )
    keys = ""
    if marks:
        keys = "".join(
            f'<span><span class="dime-mark">{sign} {word}</span></span>'
            for word, sign in MARKS.items()
        )
    return f'<div class="dime-legend" role="note" aria-label="Legend">{scale}{keys}</div>'


def _ident(report: Report) -> str:
    """A stable id prefix for one report's anchors, so two reports on a page do not collide."""
    key = f"{report.name}\x00{report.now.isoformat()}\x00{len(report.findings)}"
    return (
        "dime-" + hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=5).hexdigest()
    )


def _item(finding: Finding, group: Group) -> str:
    about = where(finding)
    about_html = f"<em>{escape(about)}</em>: " if about else ""
    note = escape(severity_note(finding, group))
    return f"<code>{escape(finding.code)}</code> {about_html}{escape(finding.message)}{note}"


def _tree_html(
    root: Finding,
    below: Sequence[tuple[int, Finding]],
    group: Group,
    anchor: Callable[[Finding], str],
) -> str:
    """A root finding, with what follows from it folded in a <details> and counted."""
    if not below:
        return f"<li{anchor(root)}>{_item(root, group)}</li>"
    out = [
        f"<li{anchor(root)}>{_item(root, group)}<details><summary>{follows((f for _, f in below), root)}"
    ]
    out.append("</summary>")
    depth = 0
    for level, finding in below:
        if level > depth:
            out.append("<ul>" * (level - depth))
            depth = level
        else:
            out.append("</li>")
            while depth > level:
                out.append("</ul></li>")
                depth -= 1
        out.append(f"<li{anchor(finding)}>{_item(finding, group)}")
    out.append("</li>")
    while depth > 0:
        out.append("</ul>")
        depth -= 1
        if depth:
            out.append("</li>")
    out.append("</details></li>")
    return "".join(out)


def _verdict(report: Report) -> str:
    """The report's first line: what was found, the gate, the counts by severity, evenness."""
    verdict = report.verdict
    if verdict is None:
        said = '<strong class="dime-sev-info">No findings</strong>'
    else:
        said = f'<strong class="dime-sev-{verdict.value}">Worst finding: {verdict.value}</strong>'
    fail_on = report.policy.fail_on
    gate = "passes" if report.ok else "fails"
    rule = "never fails" if fail_on is None else f"fails on {fail_on.value}"
    signals = escape(signals_text(report.signal_evenness))
    covered = f", the mean of {signals}" if signals else ""
    return (
        f'<p class="dime-summary">{said}; the gate {gate} (it {rule}). '
        f"{escape(tally(report.findings))}.</p>"
        f"<p><strong>Evenness {evenness_text(report.evenness)}</strong> (1 is perfectly even)"
        f"{covered}.</p>"
    )


def _report_body(report: Report, prefix: str, level: int) -> str:
    flagged, watched = report.flagged, report.watched
    dominant = report.dominant
    positions = {id(f): i for i, f in enumerate(report.findings)}
    by_area: dict[Area, list[Finding]] = {}
    for f in report.findings:
        if f.area is not None and not f.waived:
            by_area.setdefault(f.area, []).append(f)

    def anchor(finding: Finding) -> str:
        return f' id="{prefix}-f{positions[id(finding)]}"'

    def cell(area: Area) -> tuple[str, str]:
        att = report.attention[area]
        mark = cell_mark(
            att, flagged=area in flagged, watched=area in watched, dominant=area in dominant
        )
        found = by_area.get(area, [])
        inner = (
            f'{escape(area.title)}<span class="dime-share">{_percent(att.share)}</span>'
            f'<span class="dime-small">target {_percent(att.target)}</span>'
        )
        reasons = [
            f"{area.title}: {_percent(att.share)} of its layer, target {_percent(att.target)}"
        ]
        if mark is not None:
            reasons[0] += f"; {mark}: {_STATUS_REASON[mark]}"
        reasons.extend(f"{f.code} {f.message}" for f in found)
        if mark is not None:
            sign = MARKS[mark]
            if found:
                link = f"#{prefix}-f{positions[id(found[0])]}"
                inner += f'<a class="dime-mark" href="{link}">{sign} {mark}</a>'
            else:
                inner += f'<span class="dime-mark">{sign} {mark}</span>'
        title = escape("\n".join(reasons))
        d = deviation(att.share, att.target)
        return inner, f' class="dime-cell" style="{_cell_style(d)}" title="{title}"'

    table = _grid_table(
        cell,
        f"{escape(SHARE_CAPTION)}. The last column is each layer's evenness (1 is even); the "
        "last row each pillar's share of all attention, each layer counted equally.",
        side=("Evenness", _layer_evenness(report.signal_evenness)),
        foot=_pillar_foot(report.pillar_shares(), report.view.pillar_targets()),
    )
    parts = [
        _verdict(report),
        table,
        _legend(marks=True),
        _feelings(report, level),
        _findings(report, anchor, level),
    ]
    parts.append(f"<p>{escape(closing(report))}.</p>")
    return "".join(parts)


def _side(feeling: Feeling, summary: ScoreSummary | None) -> str:
    if summary is None:
        return '<td><span class="dime-muted">none</span></td>'
    return (
        f"<td><bdi>{escape(feeling.touchpoint(summary))}</bdi>"
        f'<span class="dime-small">{escape(summary.figure())} (n={summary.responses})</span></td>'
    )


def _feelings(report: Report, level: int) -> str:
    """NPS, CSAT and CES with n and interval, and the touchpoints above or below the rest."""
    found = feelings(report)
    if not found:
        return ""
    rows = []
    for feeling in found:
        s = feeling.overall
        name = s.scale.upper()
        if s.value is None or s.low is None or s.high is None:
            figure = f'<td colspan="2"><span class="dime-muted">{s.figure()}</span></td>'
        else:
            digits = 0 if s.scale in ("nps", "csat") else 2
            figure = (
                f"<td><strong>{escape(s.figure())}</strong></td>"
                f"<td>{s.low:.{digits}f} to {s.high:.{digits}f}</td>"
            )
        rows.append(
            f"<tr><th>{name}</th>{figure}<td>{s.responses}</td>"
            f"{_side(feeling, feeling.best)}{_side(feeling, feeling.worst)}</tr>"
        )
    h = f"h{level}"
    return (
        f"<{h}>{FEELING_TITLE}</{h}>"
        f'<div class="dime-scroll" role="region" aria-label="{FEELING_TITLE}" tabindex="0">'
        '<table class="dime-t"><tr><th>Scale</th><th>Score</th><th>95% interval</th><th>n</th>'
        "<th>Above the rest</th><th>Below the rest</th></tr>"
        f"{''.join(rows)}</table></div>"
        f'<p class="dime-caption">{escape(feeling_caption(report))}.</p>'
    )


def _findings(report: Report, anchor: Callable[[Finding], str], level: int) -> str:
    """The root findings grouped by severity, each with what follows from it folded."""
    found = groups(report)
    if not found:
        return f"<p>{NO_FINDINGS}</p>"
    h = f"h{level}"
    parts = [f"<{h}>Findings, root causes first</{h}>"]
    for group in found:
        css = f"dime-sev-{group.severity}" if group.severity else "dime-muted"
        parts.append(f'<p class="{css}"><strong>{group.title} ({group_count(group)})</strong></p>')
        items = "".join(_tree_html(root, below, group, anchor) for root, below in group.roots)
        parts.append(f"<ul>{items}</ul>")
    return "".join(parts)


def report_html(report: Report) -> str:
    """A balance report as an HTML fragment: summary, heatmap with bars and legend, findings.

    The summary comes first (the worst finding, the gate, counts by
    severity, evenness and what it covers), then the grid on a diverging
    scale around each area's target, with a mark on each neglected,
    dominant, absent or not evaluated area whose tooltip gives the reasons
    and rule codes and which links to its findings; then the root findings,
    with what follows from each folded in a ``<details>``.

    >>> import dime
    >>> html = report_html(dime.check(dime.example()))
    >>> html.index("Worst finding") < html.index("<table") < html.index("root causes first")
    True
    """
    prefix = _ident(report)
    title = f"<h3><bdi>{escape(report.name)}</bdi>: balance on {report.now.date().isoformat()}</h3>"
    return _root("dime-report", f"{title}{_report_body(report, prefix, 4)}", ident=prefix)


def _coverage_table(view: BalanceView) -> str:
    """Touchpoints by stage (rows) and channel (columns): how many, their feedback, their owners."""
    cover = coverage(view)
    voices = view.tally.voices
    facts: dict[tuple[Stage, Channel], list[str]] = {}
    volume: dict[tuple[Stage, Channel], int] = {}
    for t in view.touchpoints:
        key = (t.stage, t.channel)
        n = voices.get(t.id, 0)
        volume[key] = volume.get(key, 0) + n
        owner = t.owner or "no owner"
        facts.setdefault(key, []).append(f"{t.name} ({owner}; {n} feedback)")
    most = max(cover.counts.values(), default=0)
    head = "".join(f'<th scope="col">{escape(c.title)}</th>' for c in Channel)
    rows = []
    for stage in Stage:
        cells = []
        for channel in Channel:
            key = (stage, channel)
            n = cover.counts.get(key, 0)
            style = _cell_style(n / most if most else 0.0)
            listed = facts.get(key, [])
            title = f"{stage.title}, {channel.title}: {n} touchpoint{'' if n == 1 else 's'}"
            if listed:
                title += "\n" + "\n".join(listed)
            items = volume.get(key, 0)
            inner = f'<span class="dime-share">{n}</span>'
            if n:
                inner += f'<span class="dime-small">{items} feedback</span>'
            cells.append(
                f'<td class="dime-cell" style="{style}" title="{escape(title)}">{inner}</td>'
            )
        rows.append(f'<tr><th scope="row">{escape(stage.title)}</th>{"".join(cells)}</tr>')
    return (
        '<div class="dime-scroll" role="region" aria-label="Touchpoints by stage and channel" '
        'tabindex="0"><table class="dime-t">'
        f'<thead><tr><td aria-hidden="true"></td>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        '<p class="dime-caption">Touchpoints per stage and channel, shaded by how many; each '
        "cell's tooltip names them, with their owners and how much feedback each brought.</p>"
    )


def framework_html(fw: Framework) -> str:
    """One organisation as an HTML fragment: counts, the grid on the diverging scale, coverage.

    >>> import dime
    >>> "Touchpoints by stage and channel" in framework_html(dime.example())
    True
    """
    from dime._balance import observe  # noqa: PLC0415 - the checker loads only when shown

    view = observe(fw)

    def cell(area: Area) -> tuple[str, str]:
        att = view.attention[area]
        facts = "".join(
            f'<span class="dime-small">{escape(f)}</span>' for f in cell_facts(view, area)
        )
        mark = cell_mark(att, flagged=False)
        inner = f'{escape(area.title)}<span class="dime-share">{_percent(att.share)}</span>{facts}'
        if mark is not None:
            inner += f'<span class="dime-mark">{MARKS[mark]} {mark}</span>'
        title = f"{area.title}: {_percent(att.share)} of its layer, target {_percent(att.target)}"
        if mark is not None:
            title += f"; {mark}: {_STATUS_REASON[mark]}"
        d = deviation(att.share, att.target)
        return inner, f' class="dime-cell" style="{_cell_style(d)}" title="{escape(title)}"'

    table = _grid_table(cell, f"{escape(SHARE_CAPTION)}.")
    return _root(
        "dime-framework",
        f"<h3><bdi>{escape(fw.name)}</bdi></h3><p>{escape(summary(fw, view))}.</p>"
        f"{table}{_legend(marks=False)}<h4>Touchpoints by stage and channel</h4>"
        f"{_coverage_table(view)}",
    )


def area_html(area: Area) -> str:
    """One area as an HTML fragment: its label, pillar, layer and place in the grid.

    >>> from dime import Area, Layer, Pillar
    >>> "Listening to customers" in area_html(Area(Pillar.D, Layer.REVIEW))
    True
    """

    def cell(other: Area) -> tuple[str, str]:
        if other == area:
            return (
                f"<strong>{escape(other.title)}</strong>",
                f' class="dime-cell" style="{_cell_style(0.8)}"',
            )
        return f'<span class="dime-muted">{escape(other.title)}</span>', ""

    caption = (
        f"Pillar {escape(area.pillar.letter)}, {escape(area.pillar.word)}: "
        f"{escape(area.pillar.aim)}. Layer {escape(area.layer.title)}: "
        f"{escape(area.layer.purpose)}."
    )
    return _root("dime-area", f"<h4>{escape(area.title)}</h4>{_grid_table(cell, caption)}")


_PAGE_STYLE: Final = (
    "html{color-scheme:light dark}"
    "body{margin:0;background:#ffffff}"
    "@media (prefers-color-scheme:dark){body{background:#111827}}"
    ".dime-page{max-width:64em;margin:0 auto;padding:1em}"
    ".dime-page h1{font-size:1.5em;margin:0.2em 0}"
    ".dime-page h2{font-size:1.2em;margin-top:1.4em}"
)


def report_page(report: Report, framework: Framework) -> str:
    """A standalone HTML document: the summary, heatmap, findings and touchpoint coverage.

    One self-contained file: inline styles, no JavaScript, nothing fetched
    from anywhere.  It reads the report and its tally, never the
    organisation's feedback again.

    Args:
        report: The balance report.
        framework: The organisation it is about, for its record counts.

    Returns:
        The whole document, starting with ``<!DOCTYPE html>``.

    >>> import dime
    >>> fw = dime.example()
    >>> report_page(dime.check(fw), fw).startswith("<!DOCTYPE html>")
    True
    """
    prefix = _ident(report)
    title = escape(heading(report.name, report.now))
    body = (
        f"<h1><bdi>{escape(report.name)}</bdi>: balance on {report.now.date().isoformat()}</h1>"
        f"<p>{escape(summary(framework, report.view))}.</p>"
        f"{_report_body(report, prefix, 2)}"
        f"<h2>Touchpoints by stage and channel</h2>{_coverage_table(report.view)}"
        f"<footer>Made by dime. {escape(CREDIT)} The six basic starter steps for improving "
        "customer service that some findings refer to are credited to Success Academy; they "
        "are not part of DIME.</footer>"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{_PAGE_STYLE}</style></head>"
        f"<body><main>{_root('dime-report dime-page', body, ident=prefix)}</main></body></html>\n"
    )
