"""Tests for the balance checker: Tally, Policy, rules, waivers, Report and its document."""

from __future__ import annotations

import copy
import json
import math
import pickle
import re
import statistics
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dime
import dime.strategies as ds
import organisations
from dime import (
    AREAS,
    Area,
    Channel,
    Department,
    Feedback,
    FeedbackFolder,
    FeedbackKind,
    Finding,
    FindingRef,
    Framework,
    Layer,
    Mindset,
    Pillar,
    Policy,
    Report,
    Responsibility,
    Rule,
    Severity,
    Signal,
    Stage,
    Tally,
    Touchpoint,
    Waiver,
)
from dime._balance._attention import evenness
from dime._balance._catalogue import rules_markdown
from dime._balance._report import BALANCE_CODES
from dime._balance._rules import BUILTIN
from dime.exceptions import DimeError, InvalidFieldError, InvalidPolicyError, UnknownRuleError

DOCS = Path(__file__).parent.parent / "docs"
REPORT_SCHEMA_FILE = Path(dime.__file__).parent / "schema" / "dime-report-1.schema.json"

slow = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: The only phrases a rule may quote, each exactly as the sources wrote it.
ALLOWED_QUOTES = {
    "Balanced means that all are equal, with nothing more important than the other.",
    (
        "some areas are given priority over others and over time parts of the framework "
        "become non-existent"
    ),
    "This final mindset would not work without the support of the previous three",
    "the responsibility usually lies with the operational departments",
    "to obtain data in order to make organisational improvements",
    "it is best to keep as much as we can",
    "The only thing left to do is delegate this data to the right people.",
    "someone will cross over and affect the work of another",
    "how your organisation either scores or is tracking",
    "Measure your results.",
    "Every single one of those [departmental] silos is going to need to be measured and aligned",
}


def _findings(report: Report, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]


# Relabelling pillars: swap D and M everywhere.
SWAP = {Pillar.D: Pillar.M, Pillar.M: Pillar.D, Pillar.I: Pillar.I, Pillar.E: Pillar.E}


def _area(a: Area) -> Area:
    return Area(SWAP[a.pillar], a.layer)


def _relabel(fw: Framework) -> Framework:
    return attrs.evolve(
        fw,
        touchpoints=[
            attrs.evolve(t, pillars=frozenset(SWAP[p] for p in t.pillars)) for t in fw.touchpoints
        ],
        initiatives=[attrs.evolve(i, area=_area(i.area)) for i in fw.initiatives],
        feedback=[
            attrs.evolve(
                f, folder=None if f.folder is None else FeedbackFolder.of(SWAP[f.folder.pillar])
            )
            for f in fw.feedback
        ],
        responsibilities=[
            attrs.evolve(r, mindset=Mindset.of(SWAP[r.mindset.pillar])) for r in fw.responsibilities
        ],
        assessments=[attrs.evolve(a, area=_area(a.area)) for a in fw.assessments],
    )


def _subject(code: str, subject: str | None) -> str | None:
    if subject is None:
        return subject
    if code == "DIME201":
        return str(Mindset.of(SWAP[Mindset(subject).pillar]).value)
    if code == "DIME305":
        return str(FeedbackFolder.of(SWAP[FeedbackFolder(subject).pillar]).value)
    return subject


def _signature(f: Finding, *, relabel: bool) -> tuple[Any, ...]:
    if f.code == "DIME201":  # one finding names every unheld mindset, in pillar order
        unheld = f.evidence["unheld"]
        assert isinstance(unheld, list)
        areas = {m.area for m in dime.Mindset if m.value in unheld}
        return (f.code, f.severity, frozenset(_area(a) if relabel else a for a in areas))
    area = f.area if f.area is None or not relabel else _area(f.area)
    pillar = f.pillar if f.pillar is None or not relabel else SWAP[f.pillar]
    subject = _subject(f.code, f.subject) if relabel else f.subject
    return (f.code, f.severity, area, pillar, f.layer, subject)


def _marked_areas(f: Finding) -> set[Area]:
    """The areas a balance finding marks: its own, and for DIME201 each unheld mindset's."""
    unheld = f.evidence.get("unheld") if f.code == "DIME201" else None
    named = {m.area for m in Mindset if isinstance(unheld, list) and m.value in unheld}
    return named | ({f.area} if f.area is not None else set())


def _assert_pillar_ratios_as_shown(report: Report) -> None:
    """Each pillar finding's ratio is the median of the shares it lists over their targets."""
    for f in report.findings:
        if f.code not in ("DIME104", "DIME108"):
            continue
        said = re.search(
            r"get ([\d.]+) times their target shares \((.*)\)\.(?: In the .*)?$", f.message
        )
        assert said is not None, f.message
        pairs = re.findall(r"(?:^|, )(?!against)\w+ ([\d.]+)%(?: of ([\d.]+)%)?", said.group(2))
        each = re.search(r"against ([\d.]+)% each", said.group(2))
        ratios = [
            float(share) / float(target or (each.group(1) if each else "nan"))
            for share, target in pairs
        ]
        ratio = statistics.median(ratios)
        assert f"{ratio:.{2 if ratio < 1 else 1}f}" == said.group(1), f.message


def whole_minute_offset(moment: datetime) -> bool:
    """Whether RFC 3339 can write the moment's offset, as the model requires."""
    offset = moment.utcoffset()
    return offset is not None and not offset % timedelta(minutes=1)


def timezone_of(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


class TestTally:
    """The reduction the checker runs on."""

    def test_counts_the_example(self) -> None:
        """A tally of the example counts every feedback item, holder and touchpoint."""
        fw = dime.example()
        tally = Tally.from_framework(fw)
        assert len(fw.feedback) == tally.feedback_count
        assert len(fw.responsibilities) == sum(tally.holders.values())
        assert len(fw.touchpoints) == sum(tally.touchpoints.values())
        assert len(fw.touchpoints) == sum(tally.stages.values()) == sum(tally.channels.values())
        assert Counter(f.folder for f in fw.feedback) == Counter(tally.folders)
        unfiled = sum(1 for f in fw.feedback if f.folder is None and f.kind.value != "junk")
        assert unfiled == tally.unfiled
        counted = sum(
            i.effort
            for i in fw.initiatives
            if i.status.value != "planned" and (i.started or i.finished)
        )
        assert math.isclose(counted, sum(tally.effort.values()))

    def test_from_records_equals_from_framework(self) -> None:
        """Tallying the records one by one gives the framework's tally."""
        fw = dime.example()
        records = (*fw.touchpoints, *fw.initiatives, *fw.feedback, *fw.responsibilities)
        records += (*fw.departments, *fw.assessments)
        assert Tally.from_framework(fw) == Tally.from_records(iter(records))

    def test_rejects_what_is_not_a_record(self) -> None:
        """Anything but a record is refused, naming its position."""
        with pytest.raises(InvalidFieldError) as info:
            Tally.from_records([*dime.example().feedback[:2], "oops"])
        assert "records[2]" == info.value.problems[0].path
        with pytest.raises(InvalidFieldError):
            Tally.from_framework("not a framework")  # type: ignore[arg-type]

    def test_adding_anything_else_is_a_type_error(self) -> None:
        """Only tallies add up."""
        with pytest.raises(TypeError):
            Tally() + 1

    def test_pickles_and_copies(self) -> None:
        """A tally survives pickle and deepcopy unchanged, so it can cross processes."""
        tally = Tally.from_framework(dime.example())
        assert tally == pickle.loads(pickle.dumps(tally))
        assert tally == copy.deepcopy(tally)

    def test_latest_is_the_same_instant_whatever_the_order(self) -> None:
        """Of two items received at the same instant in different offsets, the same one is latest."""
        first = dime.example().feedback[0]
        plus = timezone_of(2)
        later = attrs.evolve(first, id="b", received=first.received.astimezone(plus))
        one = Tally.from_records([first, later]).latest
        other = Tally.from_records([later, first]).latest
        assert one is not None
        assert other is not None
        assert one.isoformat() == other.isoformat()

    @slow
    @given(
        st.lists(
            st.datetimes(
                min_value=datetime(1, 1, 2),  # noqa: DTZ001 - bounds for aware datetimes are naive
                max_value=datetime(9999, 12, 30),  # noqa: DTZ001
                timezones=st.sampled_from(
                    [UTC, timezone_of(5.5), timezone_of(-12), timezone_of(14)]
                )
                | st.timezones(),
            ).filter(whole_minute_offset),
            min_size=1,
            max_size=20,
        )
    )
    def test_days_and_latest_in_any_offset(self, moments: list[datetime]) -> None:
        """Each moment falls on its UTC day, and the latest is the latest instant, in any zone."""
        items = [
            dime.Feedback(id=str(i), received=m, kind=dime.FeedbackKind.GIFT)
            for i, m in enumerate(moments)
        ]
        tally = Tally.from_records(items)
        epoch = datetime(1970, 1, 1, tzinfo=UTC)
        expected = Counter((m - epoch).days for m in moments)
        assert expected == Counter({key >> 4: n for key, n in tally.feedback_days.items()})
        assert tally.latest is not None
        assert max(m - epoch for m in moments) == tally.latest - epoch

    @slow
    @given(ds.tallies(), ds.tallies(), ds.tallies())
    def test_addition_is_associative(self, a: Tally, b: Tally, c: Tally) -> None:
        """(a + b) + c == a + (b + c)."""
        assert (a + b) + c == a + (b + c)

    @slow
    @given(ds.tallies(), ds.tallies())
    def test_addition_is_commutative(self, a: Tally, b: Tally) -> None:
        """a + b == b + a."""
        assert a + b == b + a

    @slow
    @given(ds.tallies())
    def test_empty_tally_is_the_identity(self, a: Tally) -> None:
        """Tally() + a == a == a + Tally()."""
        assert a == Tally() + a == a + Tally()

    @slow
    @given(ds.frameworks(), st.data())
    def test_any_split_adds_up(self, fw: Framework, data: st.DataObject) -> None:
        """tally(a) + tally(b) == tally(a + b) for any split of the records."""
        records = [*fw.touchpoints, *fw.initiatives, *fw.feedback, *fw.responsibilities]
        records += [*fw.departments, *fw.assessments]
        records = data.draw(st.permutations(records))
        cut = data.draw(st.integers(min_value=0, max_value=len(records)))
        whole = Tally.from_records(records)
        parts = Tally.from_records(records[:cut]) + Tally.from_records(records[cut:])
        assert whole == parts
        assert (whole.latest is None) == (parts.latest is None)
        if whole.latest is not None and parts.latest is not None:
            assert whole.latest.isoformat() == parts.latest.isoformat()


class TestPolicy:
    """Tuning the checker."""

    def test_select_and_ignore_like_ruff(self) -> None:
        """The longer matching entry wins; on a tie, ignore wins."""
        policy = Policy(select=["DIME1", "DIME201"], ignore=["DIME10", "DIME201"])
        assert [False, False, False] == [
            policy.selects(c) for c in ("DIME101", "DIME201", "DIME301")
        ]
        policy = Policy(ignore=["DIME1"], select=["ALL", "DIME103"])
        assert [False, True] == [policy.selects(c) for c in ("DIME101", "DIME103")]
        codes = {f.code for f in dime.check(dime.example(), policy=policy).findings}
        assert not any(c.startswith("DIME1") and c != "DIME103" for c in codes)

    def test_severity_override(self) -> None:
        """A severity per code replaces the rule's default, and can make a report ok."""
        errors = {f.code for f in dime.check(dime.example()).findings if f.severity.rank == 2}
        policy = Policy(severity=dict.fromkeys(errors, Severity.INFO))
        report = dime.check(dime.example(), policy=policy)
        assert {Severity.INFO} == {f.severity for f in report.findings if f.code in errors}
        assert report.ok

    def test_fail_on(self) -> None:
        """fail_on None never fails; fail_on info fails on anything."""
        assert dime.check(dime.example(), policy=Policy(fail_on=None)).ok
        assert not dime.check(dime.example(), policy=Policy(fail_on=Severity.INFO)).ok

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"neglected_ratio": -1}, "neglected_ratio"),
            ({"neglected_ratio": 10**400}, "neglected_ratio"),
            ({"dominant_ratio": 0.5}, "dominant_ratio"),
            ({"window": timedelta(days=1)}, "window"),
            ({"window": timedelta(hours=36)}, "window"),
            ({"half_life": timedelta(0)}, "half_life"),
            ({"fading_periods": 0}, "fading_periods"),
            ({"crossover_holders": 1}, "crossover_holders"),
            ({"operational_departments": ["", "Sales"]}, "operational_departments"),
            ({"select": ["DIME-1"]}, "select[0]"),
            ({"ignore": ["dime1"]}, "ignore[0]"),
            ({"severity": {"dime1": Severity.INFO}}, "severity['dime1']"),
            ({"targets": {AREAS[0]: 1.0}}, "targets"),
            ({"targets": dict.fromkeys(AREAS, 0.5)}, "targets"),
            ({"fail_on": "error"}, "fail_on"),
            ({"waivers": ["DIME101"]}, "waivers[0]"),
        ],
    )
    def test_bad_values_name_the_field(self, kwargs: dict[str, Any], field: str) -> None:
        """Each bad value raises InvalidPolicyError naming its field."""
        with pytest.raises(InvalidPolicyError) as info:
            Policy(**kwargs)
        assert f"$.{field}" in [p.path for p in info.value.problems]

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"select": ["DIME9"]}, "select[0]"),
            ({"ignore": ["ACME"]}, "ignore[0]"),
            ({"severity": {"DIME999": Severity.INFO}}, "severity['DIME999']"),
            ({"waivers": [Waiver(code="DIME302", reason="Gone")]}, "waivers[0].code"),
        ],
    )
    def test_unknown_codes_are_refused_when_checking(
        self, kwargs: dict[str, Any], field: str
    ) -> None:
        """A code no rule in play has is an InvalidPolicyError from check, naming the field."""
        policy = Policy(**kwargs)
        with pytest.raises(InvalidPolicyError) as info:
            dime.check(dime.example(), policy=policy)
        assert f"$.{field}" in [p.path for p in info.value.problems]

    def test_from_mapping_reads_a_policy_file(self) -> None:
        """A TOML-shaped mapping becomes a policy."""
        policy = Policy.from_mapping(
            {
                "fail_on": "never",
                "select": "DIME1, DIME2",
                "severity": {"DIME103": "info"},
                "window": 90,
                "half_life": 30,
                "operational_departments": ["Operations"],
                "targets": [
                    {"pillar": a.pillar.value, "layer": a.layer.value, "share": 1 / 16}
                    for a in AREAS
                ],
                "waivers": [
                    {
                        "code": "DIME101",
                        "area": {"pillar": "D", "layer": "coordination"},
                        "reason": "Values workshop booked",
                        "expires": date(2027, 1, 1),
                    }
                ],
            }
        )
        assert policy.fail_on is None
        assert ("DIME1", "DIME2") == policy.select
        assert Severity.INFO is policy.severity["DIME103"]
        assert timedelta(days=90) == policy.window
        assert timedelta(days=30) == policy.half_life
        assert ("Operations",) == policy.operational_departments
        assert Area(Pillar.D, Layer.COORDINATION) == policy.waivers[0].area

    def test_from_mapping_names_every_problem(self) -> None:
        """Every bad key is reported at once, by its path."""
        with pytest.raises(InvalidPolicyError) as info:
            Policy.from_mapping(
                {
                    "window": "long",
                    "assessment_max_age": 10**9,
                    "fail_on": "sometimes",
                    "lagging_gap": 10**400,
                    "waivers": [{"code": "DIME101", "expires": "soon"}],
                    "targets": [{"pillar": "X", "layer": "review", "share": 1}],
                }
            )
        paths = {p.path for p in info.value.problems}
        assert {
            "$.window",
            "$.assessment_max_age",
            "$.fail_on",
            "$.waivers[0].reason",
            "$.waivers[0].expires",
            "$.targets[0]",
        } <= paths

    def test_pickles_and_copies(self) -> None:
        """A policy survives pickle and deepcopy unchanged."""
        policy = Policy(
            ignore=["DIME7"],
            severity={"DIME103": Severity.INFO},
            waivers=[Waiver(code="DIME402", subject="warranty", reason="Moving")],
        )
        assert policy == pickle.loads(pickle.dumps(policy))
        assert policy == copy.deepcopy(policy)

    @slow
    @given(ds.policies())
    def test_round_trip(self, policy: Policy) -> None:
        """from_mapping(to_mapping()) gives the policy back, through JSON."""
        assert policy == Policy.from_mapping(json.loads(json.dumps(policy.to_mapping())))
        assert policy == pickle.loads(pickle.dumps(policy))

    @slow
    @given(
        st.dictionaries(
            st.sampled_from(
                [
                    "window",
                    "half_life",
                    "fail_on",
                    "select",
                    "ignore",
                    "severity",
                    "targets",
                    "waivers",
                    "lagging_gap",
                    "fading_periods",
                    "operational_departments",
                    "other",
                ]
            ),
            ds.json_values(),
        )
    )
    def test_from_mapping_only_raises_policy_errors(self, data: dict[str, Any]) -> None:
        """Any JSON data gives a policy or an InvalidPolicyError, nothing else."""
        problems: tuple[object, ...] | None = None
        try:
            Policy.from_mapping(data)
        except InvalidPolicyError as err:
            problems = err.problems
        assert problems is None or len(problems) > 0

    def test_policy_error_is_a_dime_error(self) -> None:
        """InvalidPolicyError is a DimeError and a ValueError, and pickles."""
        with pytest.raises(InvalidPolicyError) as info:
            Policy(fading_ratio=2)
        again = pickle.loads(pickle.dumps(info.value))
        assert info.value.problems == again.problems
        with pytest.raises(DimeError):
            Policy(fading_ratio=2)
        with pytest.raises(ValueError, match="fading_ratio"):
            Policy(fading_ratio=2)


class TestWaivers:
    """Findings the organisation lives with."""

    absent = Area(Pillar.D, Layer.COORDINATION)

    def test_waived_finding_is_kept(self) -> None:
        """A waived finding stays in the report, marked, and no longer fails it."""
        waiver = Waiver(code="DIME101", area=self.absent, reason="Workshop booked")
        report = dime.check(dime.example(), policy=Policy(waivers=[waiver]))
        waived = [f for f in report.findings if f.waived]
        assert [waiver] == [f.waiver for f in waived]
        assert self.absent == waived[0].area
        assert [] == _findings(report, "DIME003")

    def test_expired_waiver_is_reported_and_ignored(self) -> None:
        """An expired waiver no longer applies and is reported as DIME002."""
        waiver = Waiver(
            code="DIME101", area=self.absent, reason="Workshop", expires=date(2026, 1, 1)
        )
        report = dime.check(dime.example(), policy=Policy(waivers=[waiver]))
        assert not any(f.waived for f in report.findings)
        (expired,) = _findings(report, "DIME002")
        assert self.absent == expired.area
        assert "2026-01-01" in expired.message

    def test_unused_waiver_is_reported(self) -> None:
        """A waiver that matches nothing is reported as DIME003."""
        waiver = Waiver(code="DIME402", subject="no-such-touchpoint", reason="Old")
        report = dime.check(dime.example(), policy=Policy(waivers=[waiver]))
        (unused,) = _findings(report, "DIME003")
        assert "no-such-touchpoint" == unused.subject

    def test_unused_waiver_for_ignored_rule_is_quiet(self) -> None:
        """A waiver for a rule that is not checked is not reported as unused."""
        waiver = Waiver(code="DIME402", subject="nope", reason="Old")
        report = dime.check(dime.example(), policy=Policy(waivers=[waiver], ignore=["DIME4"]))
        assert [] == _findings(report, "DIME003")

    def test_all_errors_waived_makes_the_report_ok(self) -> None:
        """Waiving every error makes the report ok; the verdict still says what was found."""
        report = dime.check(dime.example())
        waivers = [
            Waiver(code=f.code, area=f.area, subject=f.subject, reason="Known")
            for f in report.findings
            if f.severity is Severity.ERROR
        ]
        again = dime.check(dime.example(), policy=Policy(waivers=waivers))
        assert again.ok
        assert Severity.WARNING is again.verdict

    def test_bad_waiver(self) -> None:
        """A waiver needs a code and a reason."""
        with pytest.raises(InvalidPolicyError) as info:
            Waiver(code="bad", reason=" ")
        assert {"$.code", "$.reason"} == {p.path for p in info.value.problems}


def _counting_rule(code: str = "ACME001", result: Any = None) -> Rule:
    def check(view: dime.BalanceView, found: Any) -> list[Finding]:
        if result is not None:
            return result  # type: ignore[no-any-return]
        return [
            Finding(
                code=code,
                severity=Severity.WARNING,
                message=f"{view.name} has {len(view.touchpoints)} touchpoints.",
            )
        ]

    return Rule(
        code=code,
        name="count",
        severity=Severity.WARNING,
        check=check,
        summary="Counts the touchpoints.",
    )


class TestCustomRules:
    """Rules of one's own."""

    def test_runs_selects_and_explains(self) -> None:
        """A custom rule runs, is selected and ignored by prefix, and is explained."""
        rule = _counting_rule()
        policy = Policy(severity={"ACME001": Severity.ERROR})
        (finding,) = _findings(dime.check(dime.example(), policy=policy, rules=[rule]), "ACME001")
        assert "Larkspur Home & Garden has 25 touchpoints." == finding.message
        assert Severity.ERROR is finding.severity
        ignored = Policy(ignore=["ACME"])
        assert [] == _findings(dime.check(dime.example(), policy=ignored, rules=[rule]), "ACME001")
        text = dime.explain("acme001", rules=[rule])
        assert text.startswith("ACME001 count (warning)\nCounts the touchpoints.")
        assert "ACME001" in dime.rule_codes(rules=[rule])

    def test_rules_do_not_leak_between_checks(self) -> None:
        """A rule applies only where it is passed."""
        dime.check(dime.example(), rules=[_counting_rule()])
        assert [] == _findings(dime.check(dime.example()), "ACME001")
        with pytest.raises(UnknownRuleError):
            dime.explain("ACME001")

    def test_wrong_output_is_refused(self) -> None:
        """A rule returning findings with another code is an error naming the rule."""
        bad = Finding(code="DIME101", severity=Severity.INFO, message="Not mine.")
        with pytest.raises(InvalidPolicyError, match="ACME001"):
            dime.check(dime.example(), rules=[_counting_rule(result=[bad])])

    def test_links_to_an_earlier_finding(self) -> None:
        """A rule can fold its finding under one a rule before it made."""

        def linked(view: dime.BalanceView, found: Any) -> Any:
            cause = next(f for f in found if f.code == "DIME402")
            yield Finding(
                code="ACME002",
                severity=Severity.INFO,
                message="The warranty desk needs a phone line too.",
                subject=cause.subject,
                cause=cause.ref,
            )

        rule = Rule(
            code="ACME002", name="linked", severity=Severity.INFO, check=linked, summary="Links."
        )
        report = dime.check(dime.example(), rules=[rule])
        (mine,) = _findings(report, "ACME002")
        (cause,) = _findings(report, "DIME402")
        assert cause is report.cause_of(mine)
        assert mine in report.consequences(cause)
        assert mine not in report.roots

    def test_linking_to_nothing_is_refused(self) -> None:
        """A cause that no earlier finding has is an error naming the rule."""
        dangling = Finding(
            code="ACME001",
            severity=Severity.INFO,
            message="Follows from nothing.",
            cause=FindingRef(code="DIME999"),
        )
        with pytest.raises(InvalidPolicyError, match="not a finding made before it"):
            dime.check(dime.example(), rules=[_counting_rule(result=[dangling])])

    def test_bad_rule_definitions(self) -> None:
        """Codes must look like codes, not take the DIME prefix, nor repeat; quotes need a source."""
        with pytest.raises(InvalidPolicyError, match="DIME"):
            dime.check(dime.example(), rules=[_counting_rule(code="DIME999")])
        with pytest.raises(InvalidPolicyError, match="used by another rule"):
            dime.check(dime.example(), rules=[_counting_rule(), _counting_rule()])
        with pytest.raises(InvalidPolicyError, match=r"rules\[0\]"):
            dime.check(dime.example(), rules=["ACME001"])  # type: ignore[list-item]
        with pytest.raises(InvalidPolicyError) as info:
            attrs.evolve(_counting_rule(), code="acme", quote="Words.")
        assert {"Rule.code", "Rule.quote_source"} == {p.path for p in info.value.problems}


class TestCatalogue:
    """Every rule is documented with its catalogue entry, in one place."""

    def test_every_code_is_explained(self) -> None:
        """explain() gives each built-in code's page with every section."""
        for code in dime.rule_codes():
            text = dime.explain(code)
            for heading in ("What it means:", "Basis:", "Evidence:", "How to fix it:"):
                assert heading in text, (code, heading)
            assert "How to tune it:" in text

    def test_built_in_rules_are_rules(self) -> None:
        """Built-in rules are Rule objects like anyone's, each with its code."""
        assert list(dime.rule_codes()) == list(BUILTIN)
        assert all(type(r) is Rule and r.code == code for code, r in BUILTIN.items())

    def test_unknown_code(self) -> None:
        """An unknown code raises UnknownRuleError, a KeyError."""
        with pytest.raises(KeyError):
            dime.explain("DIME999")

    def test_docs_rules_page_is_up_to_date(self) -> None:
        """docs/rules.md is generated from the catalogue; regenerate it if this fails.

        python -m dime._balance._catalogue > docs/rules.md
        """
        assert rules_markdown() == (DOCS / "rules.md").read_text(encoding="utf-8")

    def test_policy_file_example_reads(self) -> None:
        """The TOML policy file shown on the rules page is a valid policy."""
        import tomllib  # noqa: PLC0415 - only here

        page = (DOCS / "rules.md").read_text(encoding="utf-8")
        toml_text = re.findall(r"```toml\n(.*?)```", page, flags=re.DOTALL)[0]
        policy = Policy.from_mapping(tomllib.loads(toml_text))
        assert ("DIME7",) == policy.ignore
        assert date(2027, 1, 31) == policy.waivers[0].expires
        assert [] == policy.code_problems(dime.rule_codes())

    def test_quotes_are_exact_and_sourced(self) -> None:
        """Each rule quotes at most one allowed phrase, with its source, and nothing else."""
        labels = {a.title for a in AREAS} | {p.aim for p in Pillar}
        for rule in BUILTIN.values():
            if rule.quote is not None:
                assert rule.quote in ALLOWED_QUOTES, rule.code
                assert rule.quote_source, rule.code
            texts = [rule.summary, rule.meaning, rule.basis, rule.fix, rule.tune, rule.example]
            for quoted in re.findall(r'"([^"]+)"', " ".join(texts)):
                assert quoted in labels or quoted.isidentifier() or "=" in quoted, (
                    rule.code,
                    quoted,
                )

    def test_no_misattribution(self) -> None:
        """The starter steps are never the framework's cycle; no invented or wrong wording."""
        pages = " ".join(rule.explain() for rule in BUILTIN.values()) + rules_markdown()
        for wrong in (
            "improvement cycle",
            "several phases",
            "thrown away",
            "so that nothing is lost",
            "aligned on a customer-experience objective",
        ):
            assert wrong not in pages
        assert "Success Academy" in BUILTIN["DIME701"].source
        assert "not part of DIME" in BUILTIN["DIME701"].source

    def test_every_basis_says_where_it_comes_from(self) -> None:
        """A rule's source is a named source or the library's own heuristic."""
        for rule in BUILTIN.values():
            assert rule.source == dime.LIBRARY_HEURISTIC or any(
                name in rule.source for name in ("Chris Smoje", "Success Academy", "general")
            ), rule.code

    def test_evidence_keys_are_documented(self) -> None:
        """Every evidence key a built-in rule writes is in its catalogue entry."""
        policy = Policy(
            waivers=[
                Waiver(code="DIME402", subject="nope", reason="Stale"),
                Waiver(code="DIME101", reason="Old", expires=date(2020, 1, 1)),
            ]
        )
        reports = [dime.check(dime.example(), policy=policy)]
        reports += [dime.check(make(), now=organisations.NOW) for make in organisations.ALL]
        seen = set()
        for report in reports:
            for f in report.findings:
                documented = set(BUILTIN[f.code].evidence)
                assert set(f.evidence) <= documented, (f.code, set(f.evidence) - documented)
                seen.add(f.code)
        assert len(seen) >= 20

    def test_severity_order(self) -> None:
        """Severities compare, error highest."""
        assert Severity.ERROR > Severity.WARNING > Severity.INFO
        assert Severity.INFO < Severity.ERROR
        assert Severity.WARNING >= Severity.WARNING
        assert Severity.WARNING <= Severity.ERROR


class TestCheckProperties:
    """Invariants of the checker over any organisation."""

    @slow
    @given(ds.frameworks())
    def test_deterministic(self, fw: Framework) -> None:
        """The same input gives the same report, findings in the same order."""
        first, second = dime.check(fw), dime.check(fw)
        assert first == second
        assert [f.message for f in first.findings] == [f.message for f in second.findings]
        assert first.to_data() == second.to_data()

    @slow
    @given(ds.frameworks(), ds.policies())
    def test_a_thin_area_is_neglected_or_says_why_not(self, fw: Framework, policy: Policy) -> None:
        """An area is never both DIME102 and DIME111, and a DIME111 area is under its threshold."""
        report = dime.check(fw, policy=attrs.evolve(policy, select=[], ignore=[], waivers=[]))
        neglected = {f.area for f in report.findings if f.code == "DIME102"}
        sound = [f for f in report.findings if f.code == "DIME111"]
        assert set() == neglected & {f.area for f in sound}
        for f in sound:
            share, threshold = f.evidence["share"], f.evidence["threshold"]
            assert isinstance(share, float)
            assert isinstance(threshold, float)
            assert share <= threshold
            assert Severity.INFO is f.severity or f.code in report.policy.severity

    @slow
    @given(ds.frameworks(), ds.policies())
    def test_a_mark_follows_its_findings_severity(self, fw: Framework, policy: Policy) -> None:
        """[!] needs a balance finding of warning or above about the area; [~] only info ones."""
        report = dime.check(fw, policy=policy)
        codes = BALANCE_CODES
        for area in AREAS:
            about = [
                f
                for f in report.findings
                if f.code in codes and not f.waived and area in _marked_areas(f)
            ]
            worst = max((f.severity for f in about), default=None)
            if worst is None:
                assert area not in report.flagged | report.watched
            elif worst >= Severity.WARNING:
                assert area in report.flagged
            else:
                assert area in report.watched

    @slow
    @given(ds.frameworks(), ds.targets())
    def test_a_pillars_ratio_is_what_its_shares_shown_give(
        self, fw: Framework, targets: dict[Area, float]
    ) -> None:
        """A reader recomputing DIME104/DIME108's median from the shares listed gets its words."""
        _assert_pillar_ratios_as_shown(dime.check(fw, policy=Policy(targets=targets)))

    @pytest.mark.parametrize("build", [dime.example, organisations.clinic, organisations.saas])
    def test_a_pillars_ratio_is_not_rounded_twice(self, build: Any) -> None:
        """The example's Deliberate pillar reads 0.21 from its shares, not 0.22 from exact ones."""
        report = dime.check(build(), now=organisations.NOW)
        assert any(f.code == "DIME104" for f in report.findings)
        _assert_pillar_ratios_as_shown(report)

    @slow
    @given(ds.frameworks())
    def test_order_of_records_does_not_matter(self, fw: Framework) -> None:
        """Reversing every collection gives the same report."""
        reversed_fw = attrs.evolve(
            fw,
            touchpoints=fw.touchpoints[::-1],
            initiatives=fw.initiatives[::-1],
            feedback=fw.feedback[::-1],
            responsibilities=fw.responsibilities[::-1],
            departments=fw.departments[::-1],
            assessments=fw.assessments[::-1],
        )
        assert dime.check(fw).to_data() == dime.check(reversed_fw).to_data()

    @slow
    @given(ds.frameworks(), st.data())
    def test_split_tallies_check_like_the_framework(
        self, fw: Framework, data: st.DataObject
    ) -> None:
        """check(fw) equals checking summed tallies of its feedback with the rest as structure."""
        items = list(fw.feedback)
        cuts = sorted(data.draw(st.lists(st.integers(0, len(items)), max_size=3)))
        parts = [items[a:b] for a, b in zip([0, *cuts], [*cuts, len(items)], strict=True)]
        tally = sum((Tally.from_records(iter(p)) for p in parts), Tally())
        rest = attrs.evolve(fw, feedback=())
        assert dime.check(fw).to_data() == dime.check(tally, structure=rest).to_data()

    @slow
    @given(ds.frameworks(), ds.targets())
    def test_relabelling_pillars_relabels_findings(
        self, fw: Framework, targets: dict[Area, float]
    ) -> None:
        """Swapping D and M everywhere, targets too, swaps the findings and keeps the evenness.

        DIME204 is about the emotional mindset (M) and DIME404 leaves the Deliberate pillar
        (D) out, both by design, so both are left out; so does the touchpoints' evenness.
        """
        swapped_targets = {_area(a): share for a, share in targets.items()}
        before = dime.check(fw, policy=Policy(targets=targets))
        after = dime.check(_relabel(fw), policy=Policy(targets=swapped_targets))
        expected = Counter(
            _signature(f, relabel=True)
            for f in before.findings
            if f.code not in ("DIME204", "DIME404")
        )
        actual = Counter(
            _signature(f, relabel=False)
            for f in after.findings
            if f.code not in ("DIME204", "DIME404")
        )
        assert expected == actual
        for signal, value in before.signal_evenness.items():
            if signal is Signal.TOUCHPOINTS:
                continue
            other = after.signal_evenness[signal]
            assert (value is None) == (other is None)
            if value is not None and other is not None:
                assert math.isclose(value, other, abs_tol=1e-9)

    @slow
    @given(ds.even_frameworks())
    def test_even_framework_has_no_warning(self, fw: Framework) -> None:
        """A perfectly even organisation gets no warning or error, and evenness 1."""
        report = dime.check(fw)
        assert [] == [f.message for f in report.findings if f.severity >= Severity.WARNING]
        assert report.ok
        assert report.evenness is not None
        assert math.isclose(1.0, report.evenness)
        assert frozenset() == report.flagged

    @slow
    @given(ds.frameworks(), ds.policies())
    def test_report_invariants(self, fw: Framework, policy: Policy) -> None:
        """Findings are sorted, the gate follows fail_on, shares are shares of a layer."""
        report = dime.check(fw, policy=policy)
        assert sorted(report.findings, key=Finding.sort_key) == list(report.findings)
        for layer in Layer:
            total = sum(report.shares[a] for a in layer.areas)
            assert math.isclose(total, 1.0) or total == 0.0
        failing = [
            f
            for f in report.findings
            if not f.waived
            and not f.context
            and policy.fail_on is not None
            and f.severity >= policy.fail_on
        ]
        assert (not failing) == report.ok
        active = [f.severity for f in report.findings if not f.waived and not f.context]
        assert max(active, default=None) == report.verdict
        for f in report.findings:
            assert policy.selects(f.code)
            assert f.code in report.checked
            if f.code in policy.severity:
                assert policy.severity[f.code] is f.severity
        summary = repr(report)
        assert "\n" not in summary
        counted = re.findall(r"(\d+) (?:errors?|warnings?|info|context|waived)\b", summary)
        assert len(report.findings) == sum(map(int, counted))


@st.composite
def _silent_touchpoints(draw: st.DrawFn) -> tuple[Framework, Policy]:
    """Touchpoints, owned or not, of which one is heard from; waivers for some by id."""
    n = draw(st.integers(min_value=1, max_value=40))
    owned = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    points = [
        Touchpoint(
            id=f"t{i:02}",
            name=f"T{i}",
            channel=Channel.WEB,
            stage=Stage.PURCHASE,
            owner="Desk" if owned[i] else None,
        )
        for i in range(n)
    ]
    heard = Feedback(
        id="f0",
        received=datetime(2026, 10, 1, tzinfo=UTC),
        kind=FeedbackKind.ROUTINE,
        touchpoint="t00",
    )
    waived = draw(st.sets(st.sampled_from([t.id for t in points])))
    policy = Policy(
        waivers=[Waiver(code="DIME403", subject=i, reason="Closing") for i in sorted(waived)]
    )
    fw = Framework(
        name="Silent",
        touchpoints=points,
        feedback=[heard],
        departments=[Department(name="Desk")],
    )
    return fw, policy


class TestDominance:
    """DIME103: an area's share beyond what the neglect beside it accounts for."""

    @pytest.mark.parametrize(("share", "beyond"), [(0.7, False), (0.8, True)])
    def test_every_unheld_mindset_accounts_for_its_share(self, share: float, beyond: bool) -> None:
        """Two mindsets nobody holds are both neglect: each takes its part back from the top.

        With the operational and emotional mindsets unheld, raising both to half their
        target (12.5% each) takes a quarter of the layer from the functional mindset's
        share: at 70% that leaves 45%, within twice its target, so it is context; at 80%
        it leaves 55%, priority of its own.
        """
        people = [
            Responsibility(holder="Ann", mindset=Mindset.FUNCTIONAL, share=share),
            Responsibility(holder="Ben", mindset=Mindset.CONSTRUCTIVE, share=1 - share),
        ]
        report = dime.check(Framework(name="Two", responsibilities=people))
        (unheld,) = _findings(report, "DIME201")
        assert ["operational", "emotional"] == unheld.evidence["unheld"]
        (top,) = [f for f in _findings(report, "DIME103") if f.area == Mindset.FUNCTIONAL.area]
        assert top.context is not beyond
        assert (top.evidence["beyond_neglect"] is not None) is beyond
        assert (top.severity is Severity.INFO) is beyond

    @pytest.mark.parametrize("times", [4, 5])
    def test_a_priority_with_nothing_neglected_is_one_issue(self, times: int) -> None:
        """A pillar given priority while no area is neglected is one issue, its areas below it.

        The even shop's two Interactions initiatives take several times their effort: the
        pillar's priority heads its two dominant areas, and says that nothing is neglected.
        """
        shop = organisations.even_shop()
        interactions = [
            i
            for i in shop.initiatives
            if i.area.pillar is Pillar.I
            and i.area.layer in (Layer.COORDINATION, Layer.IMPLEMENTATION)
        ]
        fw = shop.replace(*(attrs.evolve(i, effort=i.effort * times) for i in interactions))
        report = dime.check(fw, now=organisations.NOW)
        (priority,) = _findings(report, "DIME108")
        assert report.roots == (priority,)
        assert "No area is neglected beside it" in priority.message
        areas = _findings(report, "DIME103")
        assert {f.area for f in areas} == {i.area for i in interactions}
        assert all((f.cause, f.context) == (priority.ref, False) for f in areas)


class TestSilentTouchpoints:
    """DIME403: one finding per cause for the touchpoints nobody heard from."""

    @given(_silent_touchpoints())
    @settings(max_examples=40, deadline=None)
    def test_every_silent_touchpoint_is_said_once(self, case: tuple[Framework, Policy]) -> None:
        """Each silent touchpoint is in exactly one finding; the unowned follow from DIME402.

        A waived one is alone in its finding; a finding names at most ten in its message.
        """
        fw, policy = case
        report = dime.check(fw, policy=policy)
        silent = {t.id for t in fw.touchpoints if t.id != "t00"}
        unowned = {t.id for t in fw.touchpoints if t.owner is None}
        seen: list[str] = []
        for f in _findings(report, "DIME403"):
            named = f.evidence["touchpoints"]
            assert isinstance(named, dict)
            ids = [str(i) for i in named]
            seen += ids
            assert len(set(map(unowned.__contains__, ids))) == 1
            assert (f.cause is not None) == (ids[0] in unowned)
            if f.waived:
                assert [f.subject] == ids
            assert (f.subject is not None) == (len(ids) == 1)
            assert sum(f"(id '{i}'" in f.message for i in ids) == min(len(ids), 10)
            if len(ids) > 10:
                assert f"and {len(ids) - 10} more." in f.message
        assert sorted(seen) == sorted(silent)


class TestRootCauses:
    """Findings form a forest: roots first, each with what follows from it."""

    @slow
    @given(ds.frameworks(imbalance=1), ds.policies())
    def test_forest(self, fw: Framework, policy: Policy) -> None:
        """Every finding is a root or below exactly one root, under a finding of its report."""
        report = dime.check(fw, policy=policy)
        below = [f for root in report.roots for f in report.consequences(root)]
        assert sorted(map(id, report.findings)) == sorted(map(id, [*report.roots, *below]))
        for f in report.findings:
            cause = report.cause_of(f)
            assert (f in report.roots) == (cause is None)
            if cause is not None:
                assert f in report.consequences(cause, direct=True)

    def test_example_reads_as_a_consultant_would(self) -> None:
        """The example has at most a dozen roots, worst first."""
        report = dime.check(dime.example())
        assert len(report.roots) <= 12 < len(report.findings)
        first = report.roots[0]
        tree = [first, *report.consequences(first)]
        assert Severity.ERROR in {f.severity for f in tree}

    def test_an_area_long_unassessed_is_said_once_under_its_own_finding(self) -> None:
        """A stale assessment folded under the area's finding is one clause, with the count."""
        policy = Policy(assessment_max_age=timedelta(days=60))
        report = dime.check(dime.example(), policy=policy)
        unassessed = [f for f in report.findings if f.code == "DIME601"]
        folded = [f for f in unassessed if f.cause is not None]
        stale = [f for f in folded if "was last assessed on" in f.message]
        assert stale
        (root,) = [f for f in unassessed if f.cause is None]
        listed = root.evidence["stale"]
        assert isinstance(listed, list)
        among = len(stale) + len(listed)
        for f in stale:
            assert 1 == f.message.count("last assessed")
            assert f.message.endswith(f", one of {among} areas not assessed for that long.")
            cause = report.cause_of(f)
            assert cause is not None
            assert f.area == cause.area or cause.code == "DIME201"

    def test_exit_codes_count_every_finding(self) -> None:
        """The gate counts every finding: folded warnings count though their root is info."""
        fw = dime.example()
        roots = {f.code for f in dime.check(fw).roots}
        quiet = Policy(severity=dict.fromkeys(roots, Severity.INFO), fail_on=Severity.WARNING)
        report = dime.check(fw, policy=quiet)
        assert all(Severity.INFO is f.severity for f in report.roots)
        assert any(Severity.WARNING is f.severity for f in report.findings)
        assert not report.ok


class TestEvenness:
    """Pielou's evenness, generalised to unequal targets."""

    @given(st.lists(st.integers(0, 1000), min_size=2, max_size=16))
    def test_equal_targets_give_pielou(self, counts: list[int]) -> None:
        """With equal targets it is Shannon entropy over log(n)."""
        n = len(counts)
        values = {i: float(c) for i, c in enumerate(counts)}
        result = evenness(values, dict.fromkeys(values, 1 / n))
        total = sum(counts)
        if total == 0:
            assert result is None
            return
        entropy = -sum(c / total * math.log(c / total) for c in counts if c)
        assert result is not None
        assert math.isclose(entropy / math.log(n), result, abs_tol=1e-9)

    @given(
        st.lists(st.floats(min_value=0, max_value=1e308), min_size=16, max_size=16), ds.targets()
    )
    def test_between_zero_and_one(self, values: list[float], targets: dict[Area, float]) -> None:
        """Evenness is None or between 0 and 1, whatever the values, huge and subnormal ones too."""
        result = evenness(dict(zip(AREAS, values, strict=True)), targets)
        assert result is None or 0.0 <= result <= 1.0
        tiny = dict.fromkeys(AREAS, 0.0) | {AREAS[0]: 2.0, AREAS[1]: 5e-324}
        assert evenness(tiny, targets) is not None

    @given(ds.targets())
    def test_on_target_is_one(self, targets: dict[Area, float]) -> None:
        """Activity exactly on target is perfectly even."""
        assert math.isclose(1.0, evenness(targets, targets) or 0.0)

    @settings(max_examples=30, deadline=None)
    @given(ds.frameworks(), st.data())
    def test_touchpoints_serving_the_deliberate_pillar_change_nothing(
        self, fw: Framework, data: st.DataObject
    ) -> None:
        """The touchpoints' evenness reads the pillars customers meet: I, M and E.

        Adding or removing the Deliberate pillar at any touchpoint leaves it as it was,
        as DIME404 expects no touchpoint to serve it.
        """
        flip = data.draw(st.sets(st.sampled_from([t.id for t in fw.touchpoints] or ["-"])))
        flipped = attrs.evolve(
            fw,
            touchpoints=[
                attrs.evolve(t, pillars=t.pillars ^ {Pillar.D}) if t.id in flip else t
                for t in fw.touchpoints
            ],
        )
        before = dime.check(fw).signal_evenness[Signal.TOUCHPOINTS]
        after = dime.check(flipped).signal_evenness[Signal.TOUCHPOINTS]
        assert before == after

    def test_no_data_is_not_evaluated(self) -> None:
        """An empty framework is not evaluated, never even, and says so per signal."""
        report = dime.check(Framework(name="Empty"))
        assert report.evenness is None
        assert () == report.covers
        assert {s.value for s in Signal} == {f.subject for f in _findings(report, "DIME001")}
        assert all(v == 0.0 for v in report.shares.values())
        assert datetime(1970, 1, 1, tzinfo=UTC) == report.now


class TestReport:
    """The report: derived figures, records, its document and its schema."""

    def test_pickles_and_copies(self) -> None:
        """A report survives pickle and deepcopy unchanged."""
        report = dime.check(dime.example())
        assert report == pickle.loads(pickle.dumps(report))
        assert report == copy.deepcopy(report)

    def test_records_use_the_rules_targets(self) -> None:
        """records() gives one row per area, with the same row targets the rules use."""
        report = dime.check(dime.example())
        rows = report.records()
        assert [a.title for a in AREAS] == [r["area"] for r in rows]
        for row, a in zip(rows, AREAS, strict=True):
            assert report.view.row_targets(a.layer)[a] == row["target"]
            assert report.attention[a].share == row["share"]
        targets = {r["target"] for r in rows if r["layer"] in ("review", "responsibility")}
        assert {0.25} == targets

    def test_verdict_and_gate_are_apart(self) -> None:
        """With fail_on never the gate passes, and the document still says errors were found."""
        data = dime.check(dime.example(), policy=Policy(fail_on=None)).to_data()
        assert {"fail_on": "never", "passed": True} == data["gate"]
        assert "error" == data["verdict"]
        assert "ok" not in data

    def test_schema_file_is_up_to_date(self) -> None:
        """The report schema shipped in the package equals the generated one."""
        shipped = json.loads(REPORT_SCHEMA_FILE.read_text(encoding="utf-8"))
        assert Report.json_schema() == shipped, "regenerate it: python -m dime schema --report"
        jsonschema.Draft202012Validator.check_schema(shipped)

    def test_schema_names_no_python(self) -> None:
        """The schema says null, never None, and nullable values are anyOf a null branch."""
        text = json.dumps(Report.json_schema())
        assert "None" not in text
        assert '"type": ["' not in text

    @slow
    @given(ds.frameworks(), ds.policies())
    def test_every_report_matches_the_schema(self, fw: Framework, policy: Policy) -> None:
        """Every report document validates against the published schema."""
        validator = jsonschema.Draft202012Validator(
            Report.json_schema(), format_checker=jsonschema.FormatChecker()
        )
        data = json.loads(json.dumps(dime.check(fw, policy=policy).to_data()))
        assert [] == [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)]

    def test_example_report_matches_the_schema(self) -> None:
        """The example's report, waivers included, validates against the schema."""
        waiver = Waiver(code="DIME402", subject="warranty", reason="Moving")
        data: Any = json.loads(
            json.dumps(dime.check(dime.example(), policy=Policy(waivers=[waiver])).to_data())
        )
        jsonschema.validate(data, Report.json_schema())
        counted = sum(1 + f["count"] for f in data["findings"])
        assert len(dime.check(dime.example()).findings) == counted


class TestIssues:
    """Issues are roots, marks tell problems from dominance, and every finding has its basis."""

    @slow
    @given(ds.frameworks(), ds.policies())
    def test_issues_count_roots_and_the_gate_reads_every_finding(
        self, fw: Framework, policy: Policy
    ) -> None:
        """The issues add up to the roots; the gate still reads every finding's severity."""
        report = dime.check(fw, policy=policy)
        assert len(report.roots) == sum(report.issues.values())
        data = report.to_data()
        assert dict(report.issues) == data["issues"]
        fail_on = policy.fail_on
        blocked = fail_on is not None and any(
            f.severity >= fail_on for f in report.findings if not f.waived
        )
        assert (not blocked) == report.ok

    @slow
    @given(ds.frameworks())
    def test_marks_tell_problems_from_dominance(self, fw: Framework) -> None:
        """No area has two marks; each [+] has a dominance finding of its own, not only context."""
        report = dime.check(fw)
        assert frozenset() == report.flagged & report.dominant
        assert frozenset() == report.flagged & report.watched
        assert frozenset() == report.watched & report.dominant
        for area in AREAS:
            mark = report.mark(area)
            expected = (
                "[!]"
                if area in report.flagged
                else "[~]"
                if area in report.watched
                else "[+]"
                if area in report.dominant
                else ""
            )
            assert expected == mark
        for area in report.dominant:
            assert any(
                f.code == "DIME103" and f.area == area and not f.context for f in report.findings
            )

    @slow
    @given(ds.frameworks())
    def test_every_finding_has_its_rules_basis(self, fw: Framework) -> None:
        """Every built-in finding's basis is its rule's short source."""
        for f in dime.check(fw).findings:
            assert BUILTIN[f.code].tag == f.basis

    def test_a_rule_of_your_own_gives_its_basis(self) -> None:
        """A custom rule's findings carry its own source, or this library's heuristic."""

        def always(view: object, found: object) -> list[Finding]:
            return [Finding(code="ACME001", severity=Severity.INFO, message="Always.")]

        rule = dime.Rule(
            code="ACME001",
            name="always",
            severity=Severity.INFO,
            check=always,
            summary="Always fires.",
            source="Acme's own playbook",
        )
        (found,) = [
            f for f in dime.check(dime.example(), rules=[rule]).findings if f.code == "ACME001"
        ]
        assert "Acme's own playbook" == found.basis


class TestArguments:
    """Bad arguments to check are DimeErrors naming the argument."""

    def test_bad_arguments(self) -> None:
        """Each bad argument is named."""
        with pytest.raises(InvalidFieldError, match=r"\$\.framework"):
            dime.check("fw")  # type: ignore[arg-type]
        with pytest.raises(InvalidFieldError, match=r"\$\.now"):
            dime.check(dime.example(), now=datetime(2026, 1, 1))  # noqa: DTZ001 - on purpose
        with pytest.raises(InvalidFieldError, match=r"\$\.structure"):
            dime.check(dime.example(), structure=dime.example())
        with pytest.raises(InvalidFieldError, match=r"\$\.policy"):
            dime.check(dime.example(), policy="strict")  # type: ignore[arg-type]
        with pytest.raises(InvalidFieldError, match=r"\$\.rules"):
            dime.check(dime.example(), rules="ACME")  # type: ignore[arg-type]

    def test_now_moves_the_window(self) -> None:
        """An explicit now checks the window ending then."""
        report = dime.check(dime.example(), now=datetime(2025, 12, 31, tzinfo=UTC))
        assert date(2025, 7, 5) == report.since
        assert date(2025, 12, 31) == report.view.until
