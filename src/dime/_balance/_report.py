"""The report of a balance check: the view and the findings, and everything derived from them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Final, NamedTuple

import attrs

from dime._balance._attention import Attention, EvidenceKind, headline
from dime._balance._common import REPORT_VERSION, FrozenMap, Severity, Signal, got
from dime._balance._finding import Finding, FindingRef, area_data
from dime._balance._policy import Policy
from dime._balance._schema import report_schema
from dime._balance._scores import (
    CONFIDENCE,
    ScoreSummary,
    ScoreTally,
    extremes,
)
from dime._balance._view import BalanceView
from dime._framework import AREAS, Area, Layer, Mindset, Pillar
from dime._model import BUILT_IN_SCALES, JSONValue
from dime.exceptions import InvalidFieldError, Problem

__all__ = ["BALANCE_CODES", "DOMINANT_CODES", "LEGEND", "REPORT_VERSION", "Report"]

#: The built-in findings of a problem with an area's balance: the ones that mark it ``[!]``.
BALANCE_CODES: Final = frozenset(
    {"DIME101", "DIME102", "DIME106", "DIME107", "DIME110", "DIME201", "DIME305"}
)
#: The built-in findings that an area takes more than its share: they mark it ``[+]``
#: unless they are only context for another finding.
DOMINANT_CODES: Final = frozenset({"DIME103"})

#: What the grid's targets and marks mean, as every report says it.
LEGEND: Final = (
    "The targets are this library's reading of \"Balanced means that all are equal, with "
    'nothing more important than the other.": equal shares, unless the policy sets others.  '
    "[!] marks a problem (an area neglected, absent, quiet, fading, unheld or holding all the "
    "feedback); [~] marks an area to watch (going quiet, or a problem of that kind reported "
    "as information); [+] marks an area taking far more than its share, which is not a "
    "problem in itself (and is not marked where it is only the other side of a neglected area)."
)


def _kind(kind: EvidenceKind) -> str:
    return kind.value


@attrs.frozen(kw_only=True)
class Report:
    """The balance of one organisation: the attention each area gets, and what was found.

    Made by :func:`dime.check`; a pure function of its inputs.  A report
    holds the checker's view and the findings; everything else (shares,
    evenness, flagged areas, the verdict and the gate) is derived from them.
    Findings that follow from another are folded under it: :attr:`roots`
    are the findings that follow from no other, and :meth:`consequences`
    gives what follows from each.

    >>> import dime
    >>> report = dime.check(dime.example())
    >>> report.ok, report.verdict
    (False, Severity.ERROR)
    >>> report.now.isoformat()
    '2026-10-31T14:40:00+00:00'
    >>> round(report.evenness, 2)
    0.67
    >>> [s.value for s in report.covers]
    ['coordination', 'implementation', 'review', 'responsibility', 'touchpoints', 'assessments']
    >>> report.flagged >= {dime.Mindset.EMOTIONAL.area}
    True
    """

    #: The organisation's name.
    name: str
    #: The moment the report is made for.
    now: datetime
    #: The policy in force.
    policy: Policy
    #: Everything the rules saw.
    view: BalanceView = attrs.field(repr=False)
    #: The codes of the rules that were checked, in the order they ran.
    checked: tuple[str, ...]
    #: Every finding, most severe first, then by code and area.
    findings: tuple[Finding, ...]
    #: The digest of the framework checked (see :func:`dime.digest`), when it was given.
    digest: str | None = None
    _scores: ScoreTally | None = attrs.field(init=False, default=None, eq=False, repr=False)
    #: The roots, each finding's consequences and each finding's position, worked out once.
    _trees: _Trees | None = attrs.field(init=False, default=None, eq=False, repr=False)

    @property
    def scores(self) -> ScoreTally:
        """How customers feel: the score counts of the tally checked.

        Read from the counts the checker's tally made as it read the
        feedback (see :meth:`ScoreTally.from_tally`), over every scored item
        it holds, not only the window.

        >>> import dime
        >>> fw = dime.example()
        >>> dime.check(fw).scores.summary("nps") == dime.ScoreTally.from_framework(fw).summary("nps")
        True
        """
        found = self._scores
        if found is None:
            found = ScoreTally.from_tally(self.view.tally)
            object.__setattr__(self, "_scores", found)
        return found

    @property
    def minimum_responses(self) -> int:
        """The fewest responses a score in the report is computed from: the policy's.

        >>> import dime
        >>> dime.check(dime.example(), policy=dime.Policy(minimum_responses=50)).minimum_responses
        50
        """
        return self.policy.minimum_responses

    def score_summaries(self, *, by: str = "all") -> tuple[ScoreSummary, ...]:
        """The NPS, CSAT and CES of every group under ``by``, each with n and interval.

        Only the built-in scales with any responses, in the order NPS, CSAT,
        CES; under ``by="touchpoint"``, every touchpoint with responses on a
        scale, sorted by id within each scale.  A group with fewer responses
        than :attr:`minimum_responses` has ``status`` ``too few responses``
        and no number.

        Args:
            by: ``"all"`` (the default), ``"touchpoint"``, ``"stage"``,
                ``"channel"`` (the feedback's own, else its touchpoint's),
                ``"pillar"`` or ``"department"``.

        >>> import dime
        >>> report = dime.check(dime.example())
        >>> [s.describe() for s in report.score_summaries()][0]
        'NPS -14 (95% interval -21 to -7, n=549)'
        """
        tally, minimum = self.scores, self.minimum_responses
        return tuple(
            summary
            for scale in tally.scale_names()
            if scale in BUILT_IN_SCALES
            for summary in tally.summaries(by, scale, minimum=minimum)
        )

    def score_extremes(self, scale: str) -> tuple[ScoreSummary | None, ScoreSummary | None] | None:
        """The touchpoints that stand apart on a scale, best and worst, or None.

        A touchpoint stands apart when its interval lies wholly above (the
        best) or wholly below (the worst) that of every other touchpoint's
        responses together, both with at least :attr:`minimum_responses`
        responses, at 95% for all the touchpoints compared at once; the best
        is compared again without those apart below, the worst without those
        apart above.  Either side is None where none does, and the whole is
        None when neither does.  Higher is better on every built-in scale (a
        higher CES means easier).

        >>> import dime
        >>> best, worst = dime.check(dime.example()).score_extremes("nps")
        >>> best, worst.group
        (None, 'returns-desk')
        """
        return extremes(self.scores, scale, minimum=self.minimum_responses)

    @property
    def since(self) -> date:
        """The first day of the window (UTC)."""
        return self.view.since

    @property
    def attention(self) -> Mapping[Area, Attention]:
        """The attention each area gets (see :class:`Attention`)."""
        return self.view.attention

    @property
    def shares(self) -> Mapping[Area, float]:
        """Each area's share of its layer's attention (0.0 in a layer with none).

        >>> import dime
        >>> shares = dime.check(dime.example()).shares
        >>> round(sum(shares[a] for a in dime.Layer.REVIEW.areas), 9)
        1.0
        """
        return FrozenMap({a: att.share for a, att in self.attention.items()})

    @property
    def targets(self) -> Mapping[Area, float]:
        """Each area's target share of its layer: the policy's targets, row by row."""
        return FrozenMap({a: att.target for a, att in self.attention.items()})

    def pillar_shares(self) -> Mapping[Pillar, float]:
        """Each pillar's share of the attention, each layer counted equally.

        >>> import dime
        >>> shares = dime.check(dime.example()).pillar_shares()
        >>> shares[dime.Pillar.D] < shares[dime.Pillar.E]
        True
        """
        return FrozenMap(self.view.pillar_shares())

    @property
    def signal_evenness(self) -> Mapping[Signal, float | None]:
        """The evenness per signal, None where there is no data at all."""
        return self.view.evenness

    @property
    def covers(self) -> tuple[Signal, ...]:
        """The signals the overall :attr:`evenness` covers: those with data."""
        return tuple(s for s, v in self.view.evenness.items() if v is not None)

    @property
    def dead_layers(self) -> tuple[Layer, ...]:
        """The layers with no attention at all: nothing in any of their four areas.

        >>> import dime
        >>> dime.check(dime.example()).dead_layers
        ()
        """
        return self.view.measure.dead_layers

    @property
    def evenness(self) -> float | None:
        """The mean evenness of the signals in :attr:`covers`, or None when there are none.

        Each layer with no attention at all (:attr:`dead_layers`) takes its
        quarter of the framework's four layers off: the mean is multiplied by
        the share of the layers that have any.  A framework with a whole
        layer missing is not balanced, however even the rest is, and filing
        or holding anything in a dead layer still raises the figure.
        """
        return headline(self.view.evenness, self.dead_layers)

    @property
    def active(self) -> tuple[Finding, ...]:
        """The findings not waived."""
        return tuple(f for f in self.findings if not f.waived)

    @property
    def verdict(self) -> Severity | None:
        """The most severe finding's severity, or None: what was found, whatever the gate.

        Waived findings and findings that are only context for another do not count.
        """
        return max((f.severity for f in self.findings if f.gates), default=None)

    @property
    def ok(self) -> bool:
        """The gate: no finding at or above the policy's ``fail_on``.

        Waived findings do not count, nor findings that are only context for
        another (:attr:`Finding.gates`).  With ``fail_on=None`` the gate
        always passes, whatever :attr:`verdict` says.
        """
        fail_on = self.policy.fail_on
        return fail_on is None or not any(f.severity >= fail_on for f in self.findings if f.gates)

    @property
    def flagged(self) -> frozenset[Area]:
        """Areas with a balance problem: an unwaived finding of one, of severity warning or above.

        The problems are those with an area's own attention: absent
        (``DIME101``), neglected (``DIME102``), fading (``DIME106``), quiet
        (``DIME107``), going quiet (``DIME110``), its mindset unheld
        (``DIME201``, every mindset it names), holding all the feedback
        (``DIME305``).  One reported as information (``DIME110`` by
        default) makes the area one to watch instead: see :attr:`watched`.
        Taking more than its share (``DIME103``) is not a problem: see
        :attr:`dominant`.  Other findings about an area (its score, its
        assessment) do not mark it.

        >>> import dime
        >>> report = dime.check(dime.example())
        >>> dime.Mindset.EMOTIONAL.area in report.flagged
        True
        """
        return self._balance_areas(problems=True)

    @property
    def watched(self) -> frozenset[Area]:
        """Areas to watch: a balance finding about them, only as information.

        An area going quiet (``DIME110``, info by default) is the usual one;
        any finding that would flag the area (see :attr:`flagged`) whose
        severity the policy sets to ``info`` is another.  A flagged area is
        never also watched.

        >>> import dime
        >>> report = dime.check(dime.example())
        >>> report.watched & report.flagged
        frozenset()
        """
        return self._balance_areas(problems=False) - self.flagged

    def _balance_areas(self, *, problems: bool) -> frozenset[Area]:
        """The areas of unwaived balance findings of warning or above, or of info."""
        out: set[Area] = set()
        for f in self.findings:
            if f.area is None or f.code not in BALANCE_CODES or f.waived:
                continue
            if (f.severity >= Severity.WARNING) is not problems:
                continue
            out.add(f.area)
            if f.code == "DIME201":
                unheld = f.evidence.get("unheld")
                out.update(
                    m.area for m in Mindset if isinstance(unheld, list) and m.value in unheld
                )
        return frozenset(out)

    @property
    def dominant(self) -> frozenset[Area]:
        """Areas taking more than their share on their own account, not flagged as a problem.

        An unwaived ``DIME103`` that is not only context for another finding
        (the other side of a neglected area) marks its area ``[+]``; a
        flagged area keeps its ``[!]``, and an area to watch its ``[~]``.

        >>> import dime
        >>> report = dime.check(dime.example())
        >>> report.dominant & report.flagged
        frozenset()
        """
        marked = self.flagged | self.watched
        return frozenset(
            f.area
            for f in self.findings
            if f.area is not None
            and f.code in DOMINANT_CODES
            and not f.waived
            and not f.context
            and f.area not in marked
        )

    def mark(self, area: Area) -> str:
        """The area's mark in the grid: ``"[!]"`` a problem, ``"[~]"`` to watch, ``"[+]"`` dominant.

        An area with none of those has ``""``.

        :data:`LEGEND` says what they mean.

        >>> import dime
        >>> dime.check(dime.example()).mark(dime.Mindset.EMOTIONAL.area)
        '[!]'
        """
        if area in self.flagged:
            return "[!]"
        if area in self.watched:
            return "[~]"
        return "[+]" if area in self.dominant else ""

    @property
    def issues(self) -> Mapping[str, int]:
        """The issues: the :attr:`roots` counted by their :meth:`issue_severity`, and the waived ones.

        What follows from a root, or gives it context, is part of its issue
        and not counted again; :attr:`findings` has every finding, and the
        gate (:attr:`ok`) still reads every finding's severity.

        >>> import dime
        >>> report = dime.check(dime.example())
        >>> sum(report.issues.values()) == len(report.roots) < len(report.findings)
        True
        """
        counts = {s.value: 0 for s in Severity}
        counts["waived"] = 0
        for root in self.roots:
            worst = self.issue_severity(root)
            counts["waived" if worst is None else worst.value] += 1
        return FrozenMap(counts)

    def issue_severity(self, root: Finding) -> Severity | None:
        """The severity of the issue ``root`` heads: its gravest finding that gates, or None.

        A root and what follows from it are one issue, as grave as the gravest
        finding in it that is neither waived nor only context: a neglected
        pillar (a warning) whose areas are becoming non-existent (errors) is
        an error.  None when every finding in it is waived or context.

        >>> import dime
        >>> report = dime.check(dime.example())
        >>> [report.issue_severity(r).value for r in report.roots[:2]]
        ['error', 'error']
        """
        tree = (root, *self.consequences(root))
        return max((f.severity for f in tree if f.gates), default=None)

    @property
    def headline(self) -> str:
        """The report's last line: the issues by severity, and how many findings in all.

        >>> import dime
        >>> dime.check(dime.example()).headline
        'Larkspur Home & Garden: 11 issues (2 errors, 6 warnings, 3 info); 26 findings in all'
        """
        counts = self.issues
        n = len(self.roots)
        parts = []
        for s in Severity:
            k = counts[s.value]
            parts.append(
                f"{k} info" if s is Severity.INFO else f"{k} {s.value}{'' if k == 1 else 's'}"
            )
        if counts["waived"]:
            parts.append(f"{counts['waived']} waived")
        total = len(self.findings)
        return (
            f"{self.name}: {n} issue{'' if n == 1 else 's'} ({', '.join(parts)}); "
            f"{total} finding{'' if total == 1 else 's'} in all"
        )

    def _tree(self) -> tuple[list[int], dict[int, list[int]]]:
        """The roots in order, and each finding's direct consequences, by position."""
        trees = self._worked_out()
        return trees.roots, trees.children

    def _worked_out(self) -> _Trees:
        """The trees of findings, worked out once per report: renderings ask per root."""
        trees = self._trees
        if trees is None:
            roots, children = self._grow()
            positions: dict[int, int] = {}
            for i, f in enumerate(self.findings):
                positions.setdefault(id(f), i)
            trees = _Trees(roots, children, positions)
            object.__setattr__(self, "_trees", trees)
        return trees

    def _grow(self) -> tuple[list[int], dict[int, list[int]]]:
        """The roots in order, and each finding's direct consequences, by position."""
        findings = self.findings
        parent, children = _links(findings)
        reached: set[int] = set()
        roots = [i for i in range(len(findings)) if i not in parent]
        for i in roots:
            reached.update([i, *_below(i, children)])
        for i in range(len(findings)):  # a loop of causes: cut it at its first finding
            if i not in reached:
                children[parent.pop(i)].remove(i)
                roots.append(i)
                reached.update([i, *_below(i, children)])

        def key(i: int) -> tuple[object, ...]:
            # By the tree's most severe finding that gates (a tree with none last), then
            # the root's own severity, then the tree with the most findings in it.
            tree = [i, *_below(i, children)]
            ranks = [findings[k].severity.rank for k in tree if findings[k].gates]
            own = findings[i].severity.rank if ranks else -1
            return (-max(ranks, default=-1), -own, -len(tree), *findings[i].sort_key())

        roots.sort(key=key)
        for kids in children.values():
            kids.sort(key=lambda k: findings[k].sort_key())
        return roots, children

    def _position(self, finding: Finding) -> int | None:
        i = self._worked_out().positions.get(id(finding))
        if i is not None and self.findings[i] is finding:
            return i
        for i, f in enumerate(self.findings):
            if f == finding:
                return i
        return None

    @property
    def roots(self) -> tuple[Finding, ...]:
        """The findings that follow from no other, most severe first.

        A root's place depends on the most severe finding in its tree that
        gates (neither waived nor only context; a tree with none comes last),
        then on its own severity, then on how many findings its tree holds,
        then on the root itself.

        >>> import dime
        >>> report = dime.check(dime.example())
        >>> len(report.roots) <= 12 < len(report.findings)
        True
        """
        return tuple(self.findings[i] for i in self._tree()[0])

    def consequences(self, finding: Finding, *, direct: bool = False) -> tuple[Finding, ...]:
        """What is folded under ``finding``: every finding below it, depth first (or only the next level).

        That is what follows from it, and what gives it context (a finding
        with ``context`` set: the other side of it, not a consequence).

        >>> import dime
        >>> report = dime.check(dime.example())
        >>> [f.code for f in report.consequences(report.roots[0])]
        ['DIME104', 'DIME102', 'DIME102', 'DIME203', 'DIME601']
        >>> [f.code for f in report.consequences(report.roots[0], direct=True)]
        ['DIME104', 'DIME203', 'DIME601']
        """
        i = self._position(finding)
        if i is None:
            return ()
        _, children = self._tree()
        if direct:
            return tuple(self.findings[k] for k in children.get(i, ()))
        out: list[Finding] = []

        def add(k: int) -> None:
            for child in children.get(k, ()):
                out.append(self.findings[child])
                add(child)

        add(i)
        return tuple(out)

    def cause_of(self, finding: Finding) -> Finding | None:
        """The finding ``finding`` follows from, if it is in this report."""
        if finding.cause is None:
            return None
        return next((f for f in self.findings if f.ref == finding.cause), None)

    def records(self, kind: str = "areas") -> list[dict[str, object]]:
        """Tidy rows for pandas: one per area, with its attention, or one per finding.

        ``report.records()`` (``kind="areas"``) gives one row per area.  Each row has ``signal`` (the area's layer), ``pillar`` (letter),
        ``layer``, ``area`` (title), ``status``, ``unit``, ``amount``,
        ``share`` (of its layer), ``target`` (its share of the layer's
        targets: the same targets the rules use), ``evidence`` (the kinds of
        evidence in the window, comma-separated), ``last`` (ISO date or
        None), ``planned``, ``score`` (the latest assessment, or None),
        ``flagged`` and ``watched`` (see :attr:`flagged` and :attr:`watched`).

        ``report.records("findings")`` gives one row per finding, in the
        report's order: ``ref`` (the finding's reference, as text),
        ``code``, ``severity``, ``pillar``, ``layer`` and ``area`` (None
        where the finding has none), ``subject``, ``message``, ``basis``,
        ``cause`` (the ``ref`` of the finding it follows from, or None),
        ``root`` (whether the report shows it as a root: it follows from no
        finding in this report), ``context`` and ``waived``.
        ``report.records("scores")`` gives one row per scale and group, overall,
        per touchpoint, per stage and per channel (``by`` says which), with the
        fields of a :class:`ScoreSummary` (``scale``, ``by``, ``group``,
        ``responses``, ``status``, ``value``, ``standard_error``, ``low``,
        ``high``; None where there are too few responses): the JSON report's
        ``scores`` as rows.  :func:`dime.to_frame` makes either into a pandas
        data frame with ordered categoricals.

        Args:
            kind: ``"areas"``, ``"findings"`` or ``"scores"``.

        Returns:
            One flat dict of plain values per row; every row has the same keys.

        Raises:
            InvalidFieldError: ``kind`` is none of these.

        >>> import dime
        >>> report = dime.check(dime.example())
        >>> rows = report.records()
        >>> len(rows)
        16
        >>> sorted(rows[0])
        ['amount', 'area', 'evidence', 'flagged', 'last', 'layer', 'pillar', 'planned', 'score', 'share', 'signal', 'status', 'target', 'unit', 'watched']
        >>> findings = report.records("findings")
        >>> len(findings) == len(report.findings)
        True
        >>> sorted(findings[0])
        ['area', 'basis', 'cause', 'code', 'context', 'layer', 'message', 'pillar', 'ref', 'root', 'severity', 'subject', 'waived']
        """
        if kind == "findings":
            return self._finding_records()
        if kind == "scores":
            return [
                dict(s.to_data())
                for by in ("all", "touchpoint", "stage", "channel")
                for s in self.score_summaries(by=by)
            ]
        if kind != "areas":
            raise InvalidFieldError(
                [
                    Problem(
                        "Report.records.kind",
                        f"expected 'areas', 'findings' or 'scores', {got(kind)}",
                    )
                ]
            )
        flagged, watched = self.flagged, self.watched
        rows: list[dict[str, object]] = []
        for a in AREAS:
            att = self.attention[a]
            rows.append(
                {
                    "signal": Signal.of(a.layer).value,
                    "pillar": a.pillar.letter,
                    "layer": a.layer.value,
                    "area": a.title,
                    "status": att.status.value,
                    "unit": att.unit,
                    "amount": att.amount,
                    "share": att.share,
                    "target": att.target,
                    "evidence": ", ".join(sorted(k.value for k in att.evidence)),
                    "last": None if att.last is None else att.last.isoformat(),
                    "planned": att.planned,
                    "score": self.view.scores.get(a),
                    "flagged": a in flagged,
                    "watched": a in watched,
                }
            )
        return rows

    def _finding_records(self) -> list[dict[str, object]]:
        """One tidy row per finding, in the report's order."""
        roots = set(self._tree()[0])
        return [
            {
                "ref": str(f.ref),
                "code": f.code,
                "severity": f.severity.value,
                "pillar": None if f.pillar is None else f.pillar.letter,
                "layer": None if f.layer is None else f.layer.value,
                "area": None if f.area is None else f.area.title,
                "subject": f.subject,
                "message": f.message,
                "basis": f.basis,
                "cause": None if f.cause is None else str(f.cause),
                "root": i in roots,
                "context": f.context,
                "waived": f.waived,
            }
            for i, f in enumerate(self.findings)
        ]

    def to_data(self) -> dict[str, JSONValue]:
        """The report as a JSON document, versioned with ``"dime_report": 1``.

        Its schema ships with the package (``dime schema --report`` prints
        it).  ``verdict`` is the most severe unwaived finding's severity (or
        null): what was found.  ``gate`` is what the exit code follows: the
        policy's ``fail_on`` and whether the findings stay below it
        (``passed``).  ``findings`` holds the root findings, most severe
        first, each with the findings that follow from it nested in
        ``consequences`` and their number in ``count``.

        >>> import dime, json
        >>> data = dime.check(dime.example()).to_data()
        >>> data["dime_report"], data["verdict"], data["gate"]
        (1, 'error', {'fail_on': 'error', 'passed': False})
        >>> json.loads(json.dumps(data)) == data
        True
        """
        roots, children = self._tree()

        def nested(i: int) -> dict[str, JSONValue]:
            kids = [nested(k) for k in children.get(i, ())]
            count = sum(1 + counts_below[id(k)] for k in kids)
            data: dict[str, JSONValue] = {**self.findings[i].to_data(), "count": count}
            data["consequences"] = list[JSONValue](kids)
            counts_below[id(data)] = count
            return data

        counts_below: dict[int, int] = {}

        counts: dict[str, JSONValue] = {s.value: 0 for s in Severity}
        for f in self.findings:
            if f.gates:
                counts[f.severity.value] += 1  # type: ignore[operator]
        counts["context"] = sum(1 for f in self.findings if f.context and not f.waived)
        counts["waived"] = sum(1 for f in self.findings if f.waived)
        flagged, watched = self.flagged, self.watched
        fail_on = self.policy.fail_on
        pillar_shares = self.view.pillar_shares()
        pillar_targets = self.view.pillar_targets()
        pillar_standing = self.view.pillar_standing()
        return {
            "dime_report": REPORT_VERSION,
            "name": self.name,
            "now": self.now.isoformat(),
            "digest": self.digest,
            "window": {
                "since": self.since.isoformat(),
                "until": self.view.until.isoformat(),
                "days": self.view.window_days,
            },
            "verdict": None if self.verdict is None else self.verdict.value,
            "gate": {
                "fail_on": "never" if fail_on is None else fail_on.value,
                "passed": self.ok,
            },
            "counts": counts,
            "issues": dict(self.issues),
            "evenness": {
                "overall": self.evenness,
                "covers": [s.value for s in self.covers],
                "signals": {s.value: v for s, v in self.view.evenness.items()},
            },
            "attention": [
                {
                    **(area_data(a) or {}),
                    "status": self.attention[a].status.value,
                    "unit": self.attention[a].unit,
                    "amount": self.attention[a].amount,
                    "share": self.attention[a].share,
                    "target": self.attention[a].target,
                    "evidence": [k.value for k in sorted(self.attention[a].evidence, key=_kind)],
                    "last": None
                    if self.attention[a].last is None
                    else self.attention[a].last.isoformat(),  # type: ignore[union-attr]
                    "planned": self.attention[a].planned,
                    "score": self.view.scores.get(a),
                    "flagged": a in flagged,
                    "watched": a in watched,
                }
                for a in AREAS
            ],
            "pillars": [
                {
                    "pillar": p.value,
                    "share": pillar_shares[p],
                    "target": pillar_targets[p],
                    "standing": pillar_standing[p],
                }
                for p in Pillar
            ],
            "scores": self._scores_data(),
            "findings": [nested(i) for i in roots],
            "policy": self.policy.to_mapping(),
            "checked": list(self.checked),
        }

    def _scores_data(self) -> dict[str, JSONValue]:
        """The ``scores`` of :meth:`to_data`: overall, per touchpoint, best and worst, per stage and channel."""
        touchpoints = self.score_summaries(by="touchpoint")  # once, for every scale
        ends: list[JSONValue] = []
        for scale in self.scores.scale_names():
            found = self.score_extremes(scale) if scale in BUILT_IN_SCALES else None
            if found is not None:
                best, worst = found
                ends.append(
                    {
                        "scale": scale,
                        "best": None if best is None else best.group,
                        "worst": None if worst is None else worst.group,
                    }
                )
        return {
            "minimum_responses": self.minimum_responses,
            "confidence": CONFIDENCE,
            "overall": [s.to_data() for s in self.score_summaries()],
            "touchpoints": [s.to_data() for s in touchpoints],
            "extremes": ends,
            "by_stage": [s.to_data() for s in self.score_summaries(by="stage")],
            "by_channel": [s.to_data() for s in self.score_summaries(by="channel")],
        }

    @staticmethod
    def json_schema() -> dict[str, Any]:
        """The JSON Schema (Draft 2020-12) of the report document :meth:`to_data` returns.

        It is generated from the report's classes and shipped with the package
        as ``dime/schema/dime-report-1.schema.json``; ``dime schema --report``
        prints it.

        Returns:
            A new dict, free to change.

        >>> import dime
        >>> dime.Report.json_schema()["$id"]
        'urn:dime:schema:report:1'
        """
        return report_schema()

    def __repr__(self) -> str:
        """A one-line summary; ``str()`` gives the whole report.

        >>> import dime
        >>> dime.check(dime.example())
        Report(name='Larkspur Home & Garden', now='2026-10-31T14:40:00+00:00', ok=False, evenness=0.67, findings='3 errors, 16 warnings, 5 info, 2 context', roots=11)
        """
        from dime._render._common import tally  # noqa: PLC0415 - rendering loads only when shown

        evenness = "None" if self.evenness is None else f"{self.evenness:.2f}"
        return (
            f"Report(name={self.name!r}, now={self.now.isoformat()!r}, ok={self.ok}, "
            f"evenness={evenness}, findings={tally(self.findings)!r}, roots={len(self.roots)})"
        )

    def __str__(self) -> str:
        """The report as text: the grid with shares and flags, evenness, the findings."""
        from dime._render import report_text  # noqa: PLC0415 - rendering loads only when shown

        return report_text(self)

    def _repr_html_(self) -> str:
        """The report as HTML for notebooks: a heatmap of the grid, then the findings."""
        from dime._render import report_html  # noqa: PLC0415 - rendering loads only when shown

        return report_html(self)

    def _repr_markdown_(self) -> str:
        """The report as Markdown for notebooks and issue trackers."""
        from dime._render import report_markdown  # noqa: PLC0415 - rendering loads only when shown

        return report_markdown(self)


class _Trees(NamedTuple):
    """A report's roots, each finding's direct consequences, and each finding's position."""

    roots: list[int]
    children: dict[int, list[int]]
    #: Positions by the identity of the finding, its first place when it repeats.
    positions: dict[int, int]


def _links(findings: tuple[Finding, ...]) -> tuple[dict[int, int], dict[int, list[int]]]:
    """Each finding's cause and each cause's findings, by position."""
    by_ref: dict[FindingRef, int] = {}
    for i, f in enumerate(findings):
        by_ref.setdefault(f.ref, i)
    children: dict[int, list[int]] = {}
    parent: dict[int, int] = {}
    for i, f in enumerate(findings):
        j = None if f.cause is None else by_ref.get(f.cause)
        if j is not None and j != i:
            parent[i] = j
            children.setdefault(j, []).append(i)
    return parent, children


def _below(i: int, children: Mapping[int, list[int]]) -> list[int]:
    """Every finding below ``i``, at any depth."""
    out, stack = [], list(children.get(i, ()))
    while stack:
        k = stack.pop()
        out.append(k)
        stack.extend(children.get(k, ()))
    return out
