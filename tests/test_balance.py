"""Tests for the balance checker: Tally, Policy, rules, waivers and Report."""

from __future__ import annotations

import json
import math
import pickle
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dime
import dime.strategies as ds
from dime import (
    AREAS,
    Area,
    FeedbackFolder,
    Finding,
    Framework,
    Initiative,
    InitiativeStatus,
    Layer,
    Mindset,
    Pillar,
    Policy,
    Rule,
    Severity,
    Tally,
    Waiver,
)
from dime._balance._catalogue import rules_markdown
from dime._balance._view import evenness
from dime.exceptions import DimeError, InvalidFieldError, InvalidPolicyError, UnknownRuleError

DOCS = Path(__file__).parent.parent / "docs"

slow = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _findings(report: dime.Report, code: str) -> list[Finding]:
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
    row = {"DIME201": Mindset, "DIME202": Mindset, "DIME302": FeedbackFolder}.get(code)
    row = FeedbackFolder if code == "DIME303" else row
    if row is None or subject is None:
        return subject
    return str(row.of(SWAP[row(subject).pillar]).value)


def _signature(f: Finding, *, relabel: bool) -> tuple[Any, ...]:
    area = f.area if f.area is None or not relabel else _area(f.area)
    pillar = f.pillar if f.pillar is None or not relabel else SWAP[f.pillar]
    subject = _subject(f.code, f.subject) if relabel else f.subject
    return (f.code, f.severity, area, pillar, f.layer, subject)


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
        assert math.isclose(
            sum(i.effort for i in fw.initiatives if i.started), sum(tally.effort.values())
        )

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
        assert Tally.from_records(records) == (
            Tally.from_records(records[:cut]) + Tally.from_records(records[cut:])
        )


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
        assert dime.check(fw) == dime.check(reversed_fw)

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
        assert dime.check(fw) == dime.check(tally, structure=rest)

    @slow
    @given(ds.frameworks(), ds.targets())
    def test_relabelling_pillars_relabels_findings(
        self, fw: Framework, targets: dict[Area, float]
    ) -> None:
        """Swapping D and M everywhere, targets too, swaps the findings and keeps the evenness.

        DIME203 (growth without support) singles out the Experiences pillar by
        design and is left out.
        """
        swapped_targets = {_area(a): share for a, share in targets.items()}
        before = dime.check(fw, policy=Policy(targets=targets))
        after = dime.check(_relabel(fw), policy=Policy(targets=swapped_targets))
        expected = Counter(
            _signature(f, relabel=True) for f in before.findings if f.code != "DIME203"
        )
        actual = Counter(
            _signature(f, relabel=False) for f in after.findings if f.code != "DIME203"
        )
        assert expected == actual
        assert before.signal_evenness.keys() == after.signal_evenness.keys()
        for signal, value in before.signal_evenness.items():
            other = after.signal_evenness[signal]
            assert (value is None) == (other is None)
            if value is not None and other is not None:
                assert math.isclose(value, other, abs_tol=1e-12)

    @slow
    @given(ds.frameworks(), ds.areas(), st.integers(1, 100))
    def test_more_work_never_worsens_neglect(self, fw: Framework, area: Area, effort: int) -> None:
        """Adding work to an area never makes its absent/neglected finding more severe."""
        before = dime.check(fw)
        day = before.now.date()
        extra = Initiative(
            id="extra-initiative-for-test",
            title="More work",
            area=area,
            status=InitiativeStatus.ACTIVE,
            started=day,
            effort=effort,
        )
        if extra.id in {i.id for i in fw.initiatives}:
            return
        after = dime.check(fw.add(extra), now=before.now)

        def worst(report: dime.Report) -> int:
            ranks = [
                f.severity.rank
                for f in report.findings
                if f.area == area and f.code in {"DIME101", "DIME102"}
            ]
            return max(ranks, default=-1)

        assert worst(after) <= worst(before)

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
        """Findings are sorted, ok follows fail_on, shares sum to 1 or are all 0."""
        report = dime.check(fw, policy=policy)
        assert sorted(report.findings, key=Finding.sort_key) == list(report.findings)
        assert set(AREAS) == set(report.shares) == set(report.targets)
        total = sum(report.shares.values())
        assert math.isclose(total, 1.0) or total == 0.0
        failing = [
            f
            for f in report.findings
            if not f.waived and policy.fail_on is not None and f.severity >= policy.fail_on
        ]
        assert (not failing) == report.ok
        for f in report.findings:
            assert policy.selects(f.code)
            if f.code in policy.severity:
                assert policy.severity[f.code] is f.severity
        json.dumps(report.to_data())
        summary = repr(report)
        assert "\n" not in summary
        findings = re.fullmatch(r"Report\(.*, findings='([^']*)'\)", summary)
        assert findings is not None
        counted = re.findall(r"(\d+) (?:errors?|warnings?|info|waived)\b", findings[1])
        assert len(report.findings) == sum(map(int, counted))


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
        st.lists(st.floats(min_value=0, max_value=1e300), min_size=16, max_size=16), ds.targets()
    )
    def test_between_zero_and_one(self, values: list[float], targets: dict[Area, float]) -> None:
        """Evenness is None or between 0 and 1, whatever the values, subnormal ones included."""
        result = evenness(dict(zip(AREAS, values, strict=True)), targets)
        assert result is None or 0.0 <= result <= 1.0
        tiny = dict.fromkeys(AREAS, 0.0) | {AREAS[0]: 2.0, AREAS[1]: 5e-324}
        assert evenness(tiny, targets) is not None

    @given(ds.targets())
    def test_on_target_is_one(self, targets: dict[Area, float]) -> None:
        """Activity exactly on target is perfectly even."""
        assert math.isclose(1.0, evenness(targets, targets) or 0.0)

    def test_no_data_is_not_evaluated(self) -> None:
        """An empty framework is not evaluated, never even."""
        report = dime.check(Framework(name="Empty"))
        assert report.evenness is None
        assert all(v is None for v in report.signal_evenness.values())
        assert set(report.signal_evenness) == {f.subject for f in _findings(report, "DIME001")}
        assert all(v == 0.0 for v in report.shares.values())
        assert datetime(1970, 1, 1, tzinfo=UTC) == report.now


class TestExample:
    """The built-in example gets the findings a person would expect."""

    def test_expected_findings(self) -> None:
        """The known weaknesses of the example are all found."""
        report = dime.check(dime.example())
        found = {(f.code, f.area, f.pillar, f.subject) for f in report.findings}
        emotional = Mindset.EMOTIONAL.area
        planning = FeedbackFolder.PLANNING.area
        expected = {
            ("DIME201", emotional, Pillar.M, "emotional"),
            ("DIME101", dime.Foundation.ORGANISATIONAL_ATTITUDES.area, Pillar.D, None),
            ("DIME104", None, Pillar.D, None),
            ("DIME303", planning, Pillar.E, "planning"),
            ("DIME402", None, None, "warranty"),
            ("DIME403", None, None, "warranty"),
            ("DIME404", None, Pillar.D, None),
            ("DIME501", None, None, "IT"),
            ("DIME502", None, None, "Sales"),
            ("DIME601", emotional, Pillar.M, None),
        }
        assert expected <= found
        assert not report.ok
        assert {"DIME301", "DIME203", "DIME103"} <= {f.code for f in report.findings}

    def test_messages_name_areas_by_title(self) -> None:
        """Messages are one sentence naming the area and the figures."""
        report = dime.check(dime.example())
        first = report.findings[0]
        assert (
            "Nothing was done in 'Organisational attitudes' (D, coordination) in the last 180 "
            "days: this area is becoming non-existent."
        ) == first.message
        for f in report.findings:
            assert f.message.endswith(".")
            if f.area is not None and f.code != "DIME201":
                assert f.area.title in f.message

    def test_records_are_tidy(self) -> None:
        """records() gives one row per signal and area."""
        rows = dime.check(dime.example()).records()
        assert 80 == len(rows)
        assert {"work", "review", "responsibility", "touchpoints", "assessments"} == {
            r["signal"] for r in rows
        }

    def test_to_data_is_json(self) -> None:
        """to_data() is versioned JSON-able data."""
        data = dime.check(dime.example()).to_data()
        assert 1 == data["dime_report"]
        assert data == json.loads(json.dumps(data))

    def test_matrix_and_totals(self) -> None:
        """Matrices are addressable by area; totals add up per pillar and layer."""
        report = dime.check(dime.example())
        grid = report.matrix("work")
        assert math.isclose(sum(grid.values()), sum(report.pillar_totals().values()))
        assert math.isclose(sum(grid.values()), sum(report.layer_totals().values()))
        assert math.isclose(1.0, sum(report.layer_shares("review").values()))
        with pytest.raises(InvalidFieldError):
            report.matrix("nope")

    def test_check_rejects_bad_arguments(self) -> None:
        """Bad arguments raise DimeError subclasses naming the argument."""
        with pytest.raises(InvalidFieldError, match=r"check\.framework"):
            dime.check("fw")  # type: ignore[arg-type]
        with pytest.raises(InvalidFieldError, match=r"check\.now"):
            dime.check(dime.example(), now=datetime(2026, 1, 1))  # noqa: DTZ001 - on purpose
        with pytest.raises(InvalidFieldError, match=r"check\.structure"):
            dime.check(dime.example(), structure=dime.example())
        with pytest.raises(InvalidFieldError, match=r"check\.policy"):
            dime.check(dime.example(), policy="strict")  # type: ignore[arg-type]

    def test_fading_area(self) -> None:
        """Work that stopped half way through the window is reported as fading."""
        now = datetime(2026, 6, 30, 12, tzinfo=UTC)
        today = now.date()
        care = dime.Practice.CUSTOMER_CARE.area
        initiatives = [
            Initiative(
                id=f"i{a.index}",
                title=a.title,
                area=a,
                status=InitiativeStatus.ACTIVE,
                started=today - timedelta(days=300),
            )
            for a in AREAS
            if a != care
        ]
        initiatives.append(
            Initiative(
                id="care",
                title="Callbacks",
                area=care,
                status=InitiativeStatus.DONE,
                started=today - timedelta(days=170),
                finished=today - timedelta(days=100),
            )
        )
        report = dime.check(Framework(name="Fading", initiatives=initiatives), now=now)
        (fading,) = _findings(report, "DIME106")
        assert care == fading.area
        assert {"earlier_share": 0.0625, "recent_share": 0.0, "threshold": 0.03125} == dict(
            fading.evidence
        )
        assert [] == _findings(report, "DIME101")

    def test_now_moves_the_window(self) -> None:
        """An explicit now checks the window ending then."""
        report = dime.check(dime.example(), now=datetime(2025, 12, 31, tzinfo=UTC))
        assert date(2025, 7, 5) == report.since
        assert "DIME101" not in {
            f.code for f in report.findings if f.area == Area(Pillar.I, Layer.COORDINATION)
        }


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
        policy = Policy(severity={"DIME101": Severity.INFO, "DIME201": Severity.INFO})
        report = dime.check(dime.example(), policy=policy)
        assert {Severity.INFO} == {f.severity for f in _findings(report, "DIME101")}
        assert report.ok

    def test_fail_on(self) -> None:
        """fail_on None never fails; fail_on info fails on anything."""
        assert dime.check(dime.example(), policy=Policy(fail_on=None)).ok
        assert not dime.check(dime.example(), policy=Policy(fail_on=Severity.INFO)).ok

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"neglected_ratio": -1}, "neglected_ratio"),
            ({"dominant_ratio": 0.5}, "dominant_ratio"),
            ({"window": timedelta(days=1)}, "window"),
            ({"window": timedelta(hours=36)}, "window"),
            ({"select": ["NOPE"]}, "select[0]"),
            ({"ignore": ["dime1"]}, "ignore[0]"),
            ({"severity": {"DIME999": Severity.INFO}}, "severity['DIME999']"),
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
        assert field in [p.path for p in info.value.problems]

    def test_from_mapping_reads_a_policy_file(self) -> None:
        """A TOML-shaped mapping becomes a policy."""
        policy = Policy.from_mapping(
            {
                "fail_on": "never",
                "select": "DIME1, DIME2",
                "severity": {"DIME103": "info"},
                "window": 90,
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
        assert Area(Pillar.D, Layer.COORDINATION) == policy.waivers[0].area

    def test_from_mapping_names_every_problem(self) -> None:
        """Every bad key is reported at once, by its path."""
        with pytest.raises(InvalidPolicyError) as info:
            Policy.from_mapping(
                {
                    "window": "long",
                    "assessment_max_age": 10**9,
                    "fail_on": "sometimes",
                    "waivers": [{"code": "DIME101", "expires": "soon"}],
                    "targets": [{"pillar": "X", "layer": "review", "share": 1}],
                }
            )
        paths = {p.path for p in info.value.problems}
        assert {
            "window",
            "assessment_max_age",
            "fail_on",
            "waivers[0].reason",
            "waivers[0].expires",
            "targets[0]",
        } <= paths

    @slow
    @given(ds.policies())
    def test_round_trip(self, policy: Policy) -> None:
        """from_mapping(to_mapping()) gives the policy back."""
        assert policy == Policy.from_mapping(json.loads(json.dumps(policy.to_mapping())))

    @slow
    @given(
        st.dictionaries(
            st.sampled_from(
                [
                    "window",
                    "fail_on",
                    "select",
                    "ignore",
                    "severity",
                    "targets",
                    "waivers",
                    "lagging_gap",
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
            Policy(thin_ratio=2)
        again = pickle.loads(pickle.dumps(info.value))
        assert info.value.problems == again.problems
        with pytest.raises(DimeError):
            Policy(thin_ratio=2)
        with pytest.raises(ValueError, match="thin_ratio"):
            Policy(thin_ratio=2)


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
        """Waiving every error makes the report ok."""
        report = dime.check(dime.example())
        waivers = [
            Waiver(code=f.code, area=f.area, subject=f.subject, reason="Known")
            for f in report.findings
            if f.severity is Severity.ERROR
        ]
        assert dime.check(dime.example(), policy=Policy(waivers=waivers)).ok

    def test_bad_waiver(self) -> None:
        """A waiver needs a code and a reason."""
        with pytest.raises(InvalidPolicyError) as info:
            Waiver(code="bad", reason=" ")
        assert {"Waiver.code", "Waiver.reason"} == {p.path for p in info.value.problems}


class TestCustomRules:
    """Rules of one's own."""

    @staticmethod
    def _rule(code: str = "ACME001", result: Any = None) -> Rule:
        def check(view: dime.BalanceView) -> list[Finding]:
            if result is not None:
                return result  # type: ignore[no-any-return]
            return [
                Finding(
                    code=code,
                    severity=Severity.WARNING,
                    message=f"{view.name} has {len(view.touchpoints)} touchpoints.",
                )
            ]

        return Rule(code=code, name="count", severity=Severity.WARNING, check=check, doc="Counts.")

    def test_runs_selects_and_explains(self) -> None:
        """A custom rule runs, is selected and ignored by prefix, and is explained."""
        rule = self._rule()
        policy = Policy(rules=[rule], severity={"ACME001": Severity.ERROR})
        (finding,) = _findings(dime.check(dime.example(), policy=policy), "ACME001")
        assert "Larkspur Home & Garden has 25 touchpoints." == finding.message
        assert Severity.ERROR is finding.severity
        ignored = Policy(rules=[rule], ignore=["ACME"])
        assert [] == _findings(dime.check(dime.example(), policy=ignored), "ACME001")
        assert dime.explain("acme001", policy=policy).startswith("ACME001 count (warning)")

    def test_rules_do_not_leak_between_policies(self) -> None:
        """A rule applies only where its policy is used."""
        Policy(rules=[self._rule()])
        assert [] == _findings(dime.check(dime.example()), "ACME001")
        with pytest.raises(UnknownRuleError):
            dime.explain("ACME001")

    def test_wrong_output_is_refused(self) -> None:
        """A rule returning findings with another code is an error naming the rule."""
        bad = Finding(code="DIME101", severity=Severity.INFO, message="Not mine.")
        with pytest.raises(InvalidPolicyError, match=r"rules\[0\]"):
            dime.check(dime.example(), policy=Policy(rules=[self._rule(result=[bad])]))

    def test_bad_rule_definitions(self) -> None:
        """Codes must look like codes and not take the DIME prefix; no duplicates."""
        with pytest.raises(InvalidPolicyError, match="DIME"):
            self._rule(code="DIME999")
        with pytest.raises(InvalidPolicyError, match="duplicate"):
            Policy(rules=[self._rule(), self._rule()])


class TestCatalogue:
    """Every rule is documented, in one place."""

    def test_every_code_is_explained(self) -> None:
        """explain() gives each code's page with every section."""
        for code in dime.rule_codes():
            text = dime.explain(code)
            for heading in ("What it means:", "Why the framework cares:", "How to fix it:"):
                assert heading in text
            assert "How to tune it:" in text

    def test_every_built_in_rule_has_documentation(self) -> None:
        """The rules that run and the documented codes are the same set."""
        from dime._balance._rules import BUILTIN  # noqa: PLC0415 - private, only here

        assert set(dime.rule_codes()) == {*BUILTIN, "DIME002", "DIME003"}

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
        import re  # noqa: PLC0415 - only here
        import tomllib  # noqa: PLC0415 - only here

        page = (DOCS / "rules.md").read_text(encoding="utf-8")
        (toml_text,) = re.findall(r"```toml\n(.*?)```", page, flags=re.DOTALL)
        policy = Policy.from_mapping(tomllib.loads(toml_text))
        assert ("DIME7",) == policy.ignore
        assert date(2027, 1, 31) == policy.waivers[0].expires

    def test_severity_order(self) -> None:
        """Severities compare, error highest."""
        assert Severity.ERROR > Severity.WARNING > Severity.INFO
        assert Severity.INFO < Severity.ERROR
        assert Severity.WARNING >= Severity.WARNING
        assert Severity.WARNING <= Severity.ERROR
