"""Realistic organisations get the findings a customer-experience consultant would give."""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import attrs
import pytest

import dime
import organisations
from dime import (
    AREAS,
    FeedbackFolder,
    FeedbackKind,
    Finding,
    Foundation,
    Framework,
    Initiative,
    InitiativeStatus,
    Layer,
    Mindset,
    Outcome,
    Pillar,
    Report,
    Severity,
    Signal,
)
from dime._balance._rules import BUILTIN
from dime._render import report_text
from dime.exceptions import InvalidFieldError

NOW = organisations.NOW


def check(fw: Framework) -> Report:
    return dime.check(fw, now=NOW)


def about(report: Report, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]


def codes(findings: tuple[Finding, ...] | list[Finding]) -> list[str]:
    return sorted(f.code for f in findings)


@pytest.fixture(scope="module")
def utility() -> Report:
    return check(organisations.utility())


@pytest.fixture(scope="module")
def bakery() -> Report:
    return check(organisations.bakery())


@pytest.fixture(scope="module")
def startup() -> Report:
    return check(organisations.startup())


class TestUtility:
    """A call-centre utility that records 4,000 pieces of feedback and files none."""

    def test_one_root_explains_everything(self, utility: Report) -> None:
        """Nothing filed is one root, with every finding it causes folded under it."""
        (root,) = utility.roots
        assert ("DIME105", Layer.REVIEW) == (root.code, root.layer)
        assert Severity.ERROR is root.severity
        below = utility.consequences(root)
        assert ["DIME101"] * 4 + ["DIME204", "DIME301", "DIME304"] == codes(below)
        assert len(utility.findings) == 1 + len(below)

    def test_feedback_naming_no_touchpoint_is_counted_apart(self) -> None:
        """Unfiled feedback naming no touchpoint is said apart, with its count."""
        fw = organisations.utility()
        loose = [
            attrs.evolve(f, touchpoint=None) if i % 3 == 0 else f for i, f in enumerate(fw.feedback)
        ]
        report = check(attrs.evolve(fw, feedback=loose))
        (unfiled,) = about(report, "DIME301")
        since, until = report.view.since, report.view.until
        nowhere = sum(
            f.touchpoint is None
            and f.folder is None
            and f.kind is not FeedbackKind.JUNK
            and since <= f.received.astimezone(UTC).date() <= until
            for f in loose
        )
        assert nowhere > 0
        assert nowhere == unfiled.evidence["no_touchpoint"]
        assert f"; {nowhere:,} of the items named no touchpoint" in unfiled.message
        (plain,) = about(check(fw), "DIME301")
        assert 0 == plain.evidence["no_touchpoint"]
        assert "named no touchpoint" not in plain.message

    def test_the_review_areas_are_absent(self, utility: Report) -> None:
        """Each folder is absent, and its low score is not a second finding about it."""
        absent = about(utility, "DIME101")
        assert set(Layer.REVIEW.areas) == {f.area for f in absent}
        assert all(utility.view.scores[a] < 2 for a in Layer.REVIEW.areas)
        assert [] == about(utility, "DIME602")

    def test_complaints_are_read(self, utility: Report) -> None:
        """The complaints nobody filed get their own finding, with their count."""
        (complaints,) = about(utility, "DIME304")
        assert complaints.evidence["unfiled"] == complaints.evidence["complaints"]
        assert 900 < int(str(complaints.evidence["complaints"])) < 1200

    def test_no_contradiction_about_feedback(self, utility: Report) -> None:
        """Nothing says no feedback was received: the review layer is evaluated, and uneven."""
        assert [] == about(utility, "DIME001")
        assert 0.0 == utility.signal_evenness[Signal.REVIEW]
        assert Signal.REVIEW in utility.covers
        assert not any("no feedback was received" in f.message for f in utility.findings)

    def test_filing_some_feedback_raises_the_headline(self, utility: Report) -> None:
        """Filing a tenth of the feedback, evenly, makes the headline better, not worse."""
        fw = organisations.utility()
        folders = list(FeedbackFolder)
        refiled = tuple(
            attrs.evolve(f, folder=folders[i % 4]) if i % 10 == 0 else f
            for i, f in enumerate(fw.feedback)
        )
        better = check(attrs.evolve(fw, feedback=refiled))
        assert better.evenness is not None
        assert utility.evenness is not None
        assert better.evenness > utility.evenness
        assert [] == about(better, "DIME105")

    def test_one_issue_not_five_errors(self, utility: Report) -> None:
        """Nothing ever filed is one issue: the folders and the unfiled counts are part of it."""
        assert {"error": 1, "warning": 0, "info": 0, "waived": 0} == dict(utility.issues)
        data = utility.to_data()
        assert dict(utility.issues) == data["issues"]
        counts = data["counts"]
        assert isinstance(counts, dict)
        assert len(utility.findings) == sum(counts[s.value] for s in Severity)
        assert utility.headline.startswith("Northfield Water: 1 issue (1 error, 0 warnings")
        assert not utility.ok

    def test_a_dead_layer_takes_its_quarter_off(self, utility: Report) -> None:
        """With the review layer never used, the headline loses a quarter, and says why."""
        assert (Layer.REVIEW,) == utility.dead_layers
        values = [v for v in utility.signal_evenness.values() if v is not None]
        assert utility.evenness is not None
        assert math.isclose(sum(values) / len(values) * 3 / 4, utility.evenness)
        assert utility.evenness < 0.7
        text = " ".join(str(utility).split())
        assert "1 of 4 layers off, as the review layer has no attention at all" in text


class TestBakery:
    """A small bakery whose projects come and go, and whose owner holds every mindset."""

    def test_consultant_findings(self, bakery: Report) -> None:
        """One quiet area, two going quiet, the planned card, and no assessments: nothing else."""
        assert ["DIME001", "DIME004", "DIME107", "DIME110", "DIME110"] == codes(bakery.findings)
        going = {f.area: f.severity for f in about(bakery, "DIME110")}
        assert {
            Foundation.ORGANISATIONAL_ATTITUDES.area: Severity.INFO,
            dime.Practice.EMPLOYEE_EXPERIENCE.area: Severity.INFO,
        } == going
        assert {"error": 0, "warning": 1, "info": 4, "waived": 0} == dict(bakery.issues)
        assert bakery.ok
        (quiet,) = about(bakery, "DIME107")
        assert Foundation.PEOPLE_BEHAVIOURS.area == quiet.area
        assert Severity.WARNING is quiet.severity
        assert "2026-04-20" in quiet.message

    def test_going_quiet_is_marked_to_watch(self, bakery: Report) -> None:
        """The areas on the watch list are marked [~], as their findings are info; [!] if raised."""
        quiet = about(bakery, "DIME110")
        assert quiet
        for f in quiet:
            assert f.area is not None
            assert "[~]" == bakery.mark(f.area)
        raised = dime.check(
            organisations.bakery(),
            now=NOW,
            policy=dime.Policy(severity={"DIME110": Severity.WARNING}),
        )
        for f in quiet:
            assert f.area is not None
            assert "[!]" == raised.mark(f.area)

    def test_held_mindsets_are_attended(self, bakery: Report) -> None:
        """A mindset the owner holds is attended, never called non-existent."""
        for m in Mindset:
            assert dime.AttentionStatus.ATTENDED is bakery.attention[m.area].status
        assert [] == about(bakery, "DIME201")

    def test_folders_with_feedback_are_attended(self, bakery: Report) -> None:
        """A folder with feedback filed in it is attended, though no initiative is there."""
        for a in Layer.REVIEW.areas:
            assert dime.EvidenceKind.FEEDBACK in bakery.attention[a].evidence
            assert dime.EvidenceKind.WORK not in bakery.attention[a].evidence
        assert [] == about(bakery, "DIME101")

    def test_finished_work_is_not_neglect(self, bakery: Report) -> None:
        """A project that ran January to April is quiet by October, and absent only much later."""
        later = dime.check(organisations.bakery(), now=NOW + timedelta(days=200))
        behaviours = Foundation.PEOPLE_BEHAVIOURS.area
        assert behaviours in {f.area for f in about(later, "DIME101")}
        assert behaviours not in {f.area for f in about(bakery, "DIME101")}

    def test_one_project_ending_is_not_fading(self, bakery: Report) -> None:
        """The sourdough subscription ended in August: no area is called fading."""
        assert [] == about(bakery, "DIME106")
        value = bakery.attention[Foundation.INCREASING_VALUE.area]
        assert dime.AttentionStatus.ATTENDED is value.status
        assert date(2026, 8, 30) == value.last

    def test_planned_work_is_reported_as_planned(self, bakery: Report) -> None:
        """The loyalty card left at the default status is named, and counts as no attention."""
        (planned,) = about(bakery, "DIME004")
        assert "'Loyalty stamp card'" in planned.message
        assert 1 == bakery.attention[Foundation.INCREASING_VALUE.area].planned


class TestStartup:
    """An app startup where nobody holds the functional or the emotional mindset."""

    def test_consultant_findings(self, startup: Report) -> None:
        """Two unheld mindsets are one root naming both; support and dominance follow."""
        (unheld,) = about(startup, "DIME201")
        assert unheld in startup.roots
        assert ["functional", "emotional"] == unheld.evidence["unheld"]
        assert "'Functional: To correct'" in unheld.message
        assert "'Emotional: To analyse'" in unheld.message
        assert ["DIME103", "DIME203"] == codes(startup.consequences(unheld))
        assert [] == about(startup, "DIME205")

    def test_a_small_organisation_names_holders(self, startup: Report) -> None:
        """With three people holding mindsets, nobody holding two is a warning, not an error."""
        (unheld,) = about(startup, "DIME201")
        assert Severity.WARNING is unheld.severity
        assert (3, True) == (unheld.evidence["people"], unheld.evidence["small"])
        assert "name who holds them" in unheld.message
        strict = dime.check(
            organisations.startup(), now=NOW, policy=dime.Policy(small_organisation_holders=2)
        )
        (error,) = about(strict, "DIME201")
        assert Severity.ERROR is error.severity
        assert "becoming non-existent" in error.message
        assert not [f for f in strict.findings if f.severity is Severity.ERROR and f is not error]

    def test_a_waived_mindset_keeps_its_own_finding(self) -> None:
        """Waiving one unheld mindset by name leaves the other named in the shared finding."""
        policy = dime.Policy(
            waivers=[dime.Waiver(code="DIME201", subject="emotional", reason="Founder holds it")]
        )
        report = dime.check(organisations.startup(), now=NOW, policy=policy)
        by_waived = {f.waived: f for f in about(report, "DIME201")}
        assert ["emotional"] == by_waived[True].evidence["unheld"]
        assert ["functional"] == by_waived[False].evidence["unheld"]

    def test_two_holders_are_not_a_crossover(self, startup: Report) -> None:
        """Two people in Support doing support is normal: no crossover, at any threshold.

        Support owns the touchpoints, so it runs the operations: the operational mindset
        held there by several people is where the source expects it.  Two people in Product
        growing the product, while the functional and emotional mindsets go unheld, are.
        """
        assert [] == about(startup, "DIME206")
        two = dime.Policy(crossover_holders=2)
        assert [] == about(dime.check(organisations.startup(), now=NOW, policy=two), "DIME206")
        fw = organisations.startup()
        (grower,) = [r for r in fw.responsibilities if r.department == "Product"]
        second = attrs.evolve(grower, holder="Tom Okafor", share=0.2)
        grown = attrs.evolve(fw, responsibilities=(*fw.responsibilities, second))
        (crossover,) = about(dime.check(grown, now=NOW, policy=two), "DIME206")
        assert ("Product", Mindset.CONSTRUCTIVE.area) == (crossover.subject, crossover.area)
        assert "they may cross over" in crossover.message
        elsewhere = dime.Policy(crossover_holders=2, operational_departments=("Product",))
        (moved,) = about(dime.check(organisations.startup(), now=NOW, policy=elsewhere), "DIME206")
        assert "Support" == moved.subject

    def test_constructive_needs_its_support(self) -> None:
        """The constructive mindset holding half the time with two mindsets unheld is flagged.

        It names the two weak mindsets as what it lacks, not the well-held operational one.
        """
        half = check(organisations.startup(constructive_share=1.0))
        (support,) = about(half, "DIME203")
        assert {"functional", "emotional"} == set(support.evidence["weak"])  # type: ignore[arg-type]
        assert support.message.endswith(
            "while nobody holds the functional mindset and nobody holds the emotional mindset: "
            "planning growth builds on them, and has too little support."
        )

    def test_even_support_is_not_flagged(self) -> None:
        """The constructive mindset holding exactly its share, with every mindset held, is fine."""
        report = check(organisations.even_shop())
        assert [] == about(report, "DIME203")
        assert all(0.25 == report.attention[m.area].share for m in Mindset)


class TestEvenShop:
    """An organisation that looks after every area equally."""

    def test_no_findings(self) -> None:
        """No finding at all, and a headline of 1 over every signal."""
        report = check(organisations.even_shop())
        assert () == report.findings
        assert report.evenness == 1.0
        assert tuple(Signal) == report.covers


class TestWrongFindingsAreGone:
    """Each wrong finding the checker used to give is gone."""

    def test_active_work_needs_its_start(self) -> None:
        """An active initiative with no start day is refused, with a message that says why."""
        with pytest.raises(InvalidFieldError) as info:
            Initiative(
                id="x", title="Going", area=AREAS[0], status=InitiativeStatus.ACTIVE, effort=2
            )
        (problem,) = info.value.problems
        assert "$.started" == problem.path
        assert "active but has no started day" in problem.message

    def test_undated_work_is_reported(self) -> None:
        """Done work with no dates is named as uncountable, not silently dropped."""
        fw = organisations.bakery().add(
            Initiative(
                id="spring",
                title="Spring menu",
                area=AREAS[7],
                status=InitiativeStatus.DONE,
            )
        )
        (undated,) = about(check(fw), "DIME005")
        assert "'Spring menu'" in undated.message

    def test_messages_quote_only_what_the_sources_wrote(
        self, utility: Report, bakery: Report, startup: Report
    ) -> None:
        """No finding puts words in quotation marks, or calls the starter steps DIME's."""
        reports = [utility, bakery, startup, dime.check(dime.example())]
        for report in reports:
            for f in report.findings:
                assert '"' not in f.message, f.message
                assert "improvement cycle" not in f.message

    def test_targets_agree_everywhere(self, utility: Report) -> None:
        """The review and responsibility rows have the same targets in records() and the rules."""
        rows = {(r["layer"], r["pillar"]): r["target"] for r in utility.records()}
        for a in (*Layer.REVIEW.areas, *Layer.RESPONSIBILITY.areas):
            assert 0.25 == rows[a.layer.value, a.pillar.letter]
        (absent, *_) = about(utility, "DIME101")
        assert absent.area is not None
        assert 0.25 == utility.attention[absent.area].target


class TestExample:
    """The built-in example reads as a consultant's report."""

    def test_roots(self) -> None:
        """At most a dozen roots, each a point a consultant would make."""
        report = dime.check(dime.example())
        roots = {(f.code, f.pillar, f.subject) for f in report.roots}
        assert len(report.roots) <= 12
        assert {
            ("DIME201", dime.Pillar.M, "emotional"),
            ("DIME104", dime.Pillar.D, None),
            ("DIME301", None, None),
            ("DIME402", None, "warranty"),
            ("DIME501", None, "IT"),
            ("DIME801", None, None),
        } <= roots

    def test_the_deliberate_pillar_holds_its_areas(self) -> None:
        """The Deliberate pillar's neglect heads its areas': each of them follows from it.

        Its coordination and implementation areas are becoming non-existent and its
        mindset is thin: together they make the pillar's median, so the pillar is the
        issue, and an error, as grave as the gravest of them.
        """
        report = dime.check(dime.example())
        (pillar,) = [f for f in about(report, "DIME104") if f.pillar is dime.Pillar.D]
        assert pillar in report.roots
        assert Severity.ERROR is report.issue_severity(pillar)
        under = {(f.code, f.area) for f in report.consequences(pillar, direct=True)}
        assert {
            ("DIME101", Foundation.ORGANISATIONAL_ATTITUDES.area),
            ("DIME101", dime.Practice.EMPLOYEE_EXPERIENCE.area),
            ("DIME102", Mindset.FUNCTIONAL.area),
        } == under
        # No touchpoint serves the Deliberate pillar, and none is expected to: it is culture.
        assert [] == about(report, "DIME404")

    def test_growth_without_support_follows_the_unheld_mindset(self) -> None:
        """The constructive mindset's missing support folds under the gravest gap: the emotional one."""
        report = dime.check(dime.example())
        (growth,) = about(report, "DIME203")
        cause = report.cause_of(growth)
        assert cause is not None
        assert ("DIME201", "emotional") == (cause.code, cause.subject)

    def test_text_report_fits(self) -> None:
        """The example's text report fits 100 columns and counts its roots."""
        report = dime.check(dime.example())
        text = report_text(report)
        assert max(len(line) for line in text.splitlines()) <= 100
        n = {s: sum(report.issue_severity(f) is s for f in report.roots) for s in Severity}
        counts = f"{n[Severity.ERROR]} errors, {n[Severity.WARNING]} warnings"
        assert text.endswith(
            f": {len(report.roots)} issues ({counts}, {n[Severity.INFO]} info); "
            f"{len(report.findings)} findings in all"
        )


class TestAssessmentAgrees:
    """A finding of neglect says the organisation's own assessment agrees only when it does."""

    @pytest.mark.parametrize("make", organisations.ALL, ids=lambda m: m.__name__)
    def test_agrees_only_when_no_sound_area_is_rated_as_low(self, make: object) -> None:
        """It agrees when no other area whose attention is sound is rated as low or lower.

        Otherwise the low rating does not single the area out, and the finding says how
        many such areas share it.
        """
        assert callable(make)
        report = check(make())
        policy = report.policy
        said = 0
        for f in report.findings:
            assessment = f.evidence.get("assessment")
            if not isinstance(assessment, dict) or f.area is None:
                continue
            said += 1
            score = assessment["score"]
            assert isinstance(score, float)
            sound = [
                b
                for b, s in report.view.scores.items()
                if b != f.area
                and s <= score
                and report.attention[b].status is dime.AttentionStatus.ATTENDED
                and report.attention[b].share >= policy.neglected_ratio * report.attention[b].target
            ]
            assert assessment["as_low"] == len(sound)
            agrees = "The organisation's own assessment agrees:" in f.message
            assert agrees is (not sound)
            if sound:
                text = " ".join(f.message.split())
                assert f"but it gives as little to {len(sound)} area" in text
                assert all(f"'{b.title}'" in text for b in sound[:3])
                assert "it does not single this one out." in text
            # The other areas it is held against are every other area assessed: named as
            # "the other areas" only when that is all fifteen.
            others = sum(1 for b in report.view.scores if b != f.area)
            against = (
                "the other areas" if others == len(dime.AREAS) - 1 else f"the {others} other areas"
            )
            assert f"for {against}" in " ".join(f.message.split())
        if make in (organisations.clinic, organisations.saas):
            assert said


class TestQuietAreas:
    """DIME107 says when a quiet area will count as becoming non-existent, DIME101 whether it was."""

    @pytest.mark.parametrize("make", organisations.ALL, ids=lambda m: m.__name__)
    def test_the_day_it_turns_absent_is_given(self, make: object) -> None:
        """The day is the last attention plus ``absent_after``: checked then, it is absent."""
        assert callable(make)
        fw = make()
        report = check(fw)
        for f in about(report, "DIME107"):
            assert f.area is not None
            last = date.fromisoformat(str(f.evidence["last"]))
            turns = last + report.policy.absent_after
            assert f"it counts as absent from {turns.isoformat()}," in " ".join(f.message.split())
            later = dime.check(fw, now=datetime.combine(turns, time(23), tzinfo=UTC))
            assert later.attention[f.area].status is dime.AttentionStatus.ABSENT

    @pytest.mark.parametrize("make", organisations.ALL, ids=lambda m: m.__name__)
    def test_only_what_once_existed_is_becoming_non_existent(self, make: object) -> None:
        """An area or layer never attended does not exist; one attended long ago is fading out."""
        assert callable(make)
        report = check(make())
        for f in [*about(report, "DIME101"), *about(report, "DIME105")]:
            message = " ".join(f.message.split())
            never = f.evidence["last"] is None
            assert never == ("does not exist in practice." in message), message
            assert never != ("is becoming non-existent." in message), message


@pytest.mark.parametrize(
    ("make", "now"),
    [*((make, NOW) for make in organisations.ALL), (dime.example, None)],
    ids=lambda m: getattr(m, "__name__", "now"),
)
def test_a_touchpoint_below_its_stage_shows_its_interval_apart(
    make: object, now: datetime | None
) -> None:
    """DIME801's printed intervals never touch: where they would, one more digit parts them."""
    assert callable(make)
    report = dime.check(make(), now=now)
    pair = re.compile(
        r"\(95% interval (-?[\d.]+) to (-?[\d.]+), n=[\d,]+\) against [-+\d.%]+ "
        r"\(95% interval (-?[\d.]+) to (-?[\d.]+),"
    )
    for f in about(report, "DIME801"):
        shown = pair.findall(" ".join(f.message.split()))
        assert shown, f.message
        for _, high, low, _ in shown:
            assert float(high) < float(low), f.message


class TestBasis:
    """Every finding says what it rests on."""

    @pytest.mark.parametrize("make", organisations.ALL, ids=lambda m: m.__name__)
    def test_every_finding_names_its_rules_source(self, make: object) -> None:
        """Each finding's basis is its rule's source, in the text, the Markdown and the JSON."""
        assert callable(make)
        report = check(make())
        text = " ".join(str(report).split())
        markdown = " ".join(report._repr_markdown_().split())
        for f in report.findings:
            assert BUILTIN[f.code].tag == f.basis
            # A share read against its target says the target is this library's too.
            if f.code < "DIME2" and "target" in f.message and "heuristic" not in f.basis:
                assert f.basis.endswith("; target and threshold: this library's")
            assert f"basis: {f.basis}" in text
            assert f"basis: {f.basis}" in markdown

        def bases(items: list[dict[str, object]]) -> list[str]:
            out = []
            for item in items:
                out.append(str(item["basis"]))
                out += bases(item["consequences"])  # type: ignore[arg-type]
            return out

        found = report.to_data()["findings"]
        assert sorted(f.basis for f in report.findings) == sorted(bases(found))  # type: ignore[arg-type]

    def test_the_legend_names_the_reading_of_balance(self, clinic: Report) -> None:
        """The legend says the targets are this library's reading of the exact phrase."""
        text = " ".join(str(clinic).split())
        phrase = "Balanced means that all are equal, with nothing more important than the other."
        assert f'this library\'s reading of "{phrase}"' in text
        assert "[!] marks a problem" in text
        assert "[+] marks" in text

    def test_policy_thresholds_are_the_librarys(self) -> None:
        """A rule tuned by policy values says they are this library's defaults, and which fields."""
        for code, field in (("DIME110", "idle_after"), ("DIME304", "complaint_days")):
            thresholds = dict(BUILTIN[code].sections())["Thresholds"]
            assert f"`{field}`" in thresholds
            assert "this library's default" in thresholds


def test_every_finding_the_organisations_give_has_a_documented_code() -> None:
    """Every code the organisations and the example produce is a built-in rule."""
    frameworks: list[Framework] = [make() for make in organisations.ALL]
    found = {f.code for fw in frameworks for f in check(fw).findings}
    assert found <= set(BUILTIN)


@pytest.fixture(scope="module")
def clinic() -> Report:
    return check(organisations.clinic())


@pytest.fixture(scope="module")
def saas() -> Report:
    return check(organisations.saas())


@pytest.fixture(scope="module")
def hotel() -> Report:
    return check(organisations.hotel())


def named_area(title: str) -> dime.Area:
    (area,) = [a for a in AREAS if a.title == title]
    return area


def root_of(report: Report, finding: Finding) -> Finding:
    while (cause := report.cause_of(finding)) is not None:
        finding = cause
    return finding


class TestClinic:
    """Three clinics strong in people and care, with planning for customers empty."""

    def test_the_error_is_in_the_pillar_it_makes_neglected(self, clinic: Report) -> None:
        """The empty planning folder is the only error, under the Experiences pillar's neglect.

        The folder, the thin growth mindset and the thin work on value make the pillar's
        median together, so the pillar heads them, and its issue is an error.
        """
        (error,) = [f for f in clinic.findings if f.severity is Severity.ERROR]
        assert ("DIME101", named_area("Planning for customers")) == (error.code, error.area)
        (pillar,) = about(clinic, "DIME104")
        assert dime.Pillar.E is pillar.pillar
        assert pillar in clinic.roots
        assert Severity.ERROR is clinic.issue_severity(pillar)
        assert clinic.roots[0] is pillar

    def test_a_pillar_heads_every_area_that_makes_it_neglected(self, clinic: Report) -> None:
        """Each neglected area of the Experiences pillar follows from the pillar, not one of them."""
        (pillar,) = about(clinic, "DIME104")
        under = {
            (f.code, f.area) for f in clinic.consequences(pillar, direct=True) if not f.context
        }
        assert {
            ("DIME101", named_area("Planning for customers")),
            ("DIME102", named_area("Increasing the value for customers")),
            ("DIME102", Mindset.CONSTRUCTIVE.area),
        } == under

    def test_a_lone_holder_is_not_spoken_of_as_several(self, clinic: Report) -> None:
        """One person holding a mindset holds its time alone: nothing is *between them*."""
        (thin,) = [f for f in about(clinic, "DIME102") if f.area == Mindset.CONSTRUCTIVE.area]
        assert "(1 holder, with 0.10 full-time equivalents)" in " ".join(thin.message.split())
        assert "between them" not in thin.message

    def test_strengths_are_never_problems(self, clinic: Report) -> None:
        """The Interactions pillar the clinic is strong in is information, never a warning.

        People behaviours takes more than the neglect beside it accounts for: the
        pillar's priority is its own issue, information, heading it.  The operational
        mindset's share is only the other side of the constructive mindset's neglect.
        """
        (pillar,) = about(clinic, "DIME108")
        assert (Pillar.I, Severity.INFO, None) == (pillar.pillar, pillar.severity, pillar.cause)
        assert pillar in clinic.roots
        assert clinic.issue_severity(pillar) is Severity.INFO
        behaviours = named_area("People behaviours")
        (own,) = [f for f in about(clinic, "DIME103") if f.area == behaviours]
        assert (own.cause, own.severity) == (pillar.ref, Severity.INFO)
        (held,) = [f for f in about(clinic, "DIME103") if f.area == Mindset.OPERATIONAL.area]
        assert held.context
        assert held not in clinic.roots

    def test_strengths_are_not_flagged_like_neglect(self, clinic: Report) -> None:
        """A strength is marked [+] or nothing, never [!]; the empty planning folder gets [!]."""
        assert "[+]" == clinic.mark(named_area("People behaviours"))
        assert "" == clinic.mark(Mindset.OPERATIONAL.area)
        for area in (named_area("People behaviours"), Mindset.OPERATIONAL.area):
            assert area not in clinic.flagged
        assert "[!]" == clinic.mark(named_area("Planning for customers"))

    def test_unowned_touchpoints_are_one_issue(self, clinic: Report) -> None:
        """The four unowned digital touchpoints are one finding, listing each of them."""
        (unowned,) = about(clinic, "DIME402")
        assert unowned in clinic.roots
        assert 4 == len(unowned.evidence["touchpoints"])  # type: ignore[arg-type]
        for name in ("Patient app (booking)", "Online booking", "Clinic website"):
            assert f"'{name}'" in unowned.message

    def test_counts_are_issues(self, clinic: Report) -> None:
        """The last line counts roots by the issue each heads and every finding apart."""
        n = {s: sum(clinic.issue_severity(r) is s for r in clinic.roots) for s in Severity}
        assert 1 == n[Severity.ERROR]
        assert len(clinic.roots) == sum(n.values())
        last = str(clinic).splitlines()[-1]
        assert f"{len(clinic.roots)} issues (1 error, {n[Severity.WARNING]} warnings" in last
        assert last.endswith(f"{len(clinic.findings)} findings in all")

    def test_unfiled_items_follow_unowned_touchpoints_only_for_most(self, clinic: Report) -> None:
        """Unfiled items fold under the unowned touchpoints only when those bring most of them.

        The feedback (34 of 68, half) does not: owners there would leave the other half
        unfiled, so it is a root of its own that says how much came unowned.  The
        complaints are part of that unfiled feedback and follow from it, saying that 16 of
        their 25 came through touchpoints nobody owns: owners would leave 9 unfiled.
        """
        (complaints,) = about(clinic, "DIME304")
        cause = clinic.cause_of(complaints)
        assert cause is not None
        assert "DIME301" == cause.code
        assert (16, 25) == (complaints.evidence["through_unowned"], complaints.evidence["unfiled"])
        assert "16 of them came through 4 touchpoints nobody owns" in complaints.message
        # Two unowned touchpoints brought the most unfiled complaints, as many each: a tie
        # names both.
        fw = organisations.clinic()
        owned = {t.id for t in fw.touchpoints if t.owner is not None}
        since, due = clinic.view.since, clinic.view.until - timedelta(days=14)
        unowned_bills = Counter(
            f.touchpoint
            for f in fw.feedback
            if f.kind is FeedbackKind.BILL
            and f.folder is None
            and f.touchpoint is not None
            and f.touchpoint not in owned
            and since <= f.received.astimezone(UTC).date() <= due
        )
        top = max(unowned_bills.values())
        tied = sorted(tp for tp, n in unowned_bills.items() if n == top)
        names = {t.id: t.name for t in fw.touchpoints}
        assert len(tied) == 2
        assert f"({top} each through '{names[tied[0]]}' and '{names[tied[1]]}')" in (
            " ".join(complaints.message.split())
        )
        (feedback,) = about(clinic, "DIME301")
        assert feedback in clinic.roots
        through, unfiled = feedback.evidence["through_unowned"], feedback.evidence["unfiled"]
        assert isinstance(through, int)
        assert through * 2 == unfiled
        assert "34 of them came through 4 touchpoints nobody owns (14 of those through" in (
            " ".join(feedback.message.split())
        )
        assert "complaints (bill feedback)" not in str(clinic)

    def test_light_active_culture_work_is_not_neglect(self, clinic: Report) -> None:
        """Organisational attitudes, active and well assessed, is not called neglected."""
        attitudes = named_area("Organisational attitudes")
        assert attitudes not in {f.area for f in about(clinic, "DIME102")}

    def test_culture_work_begun_lately_is_not_continuous(self) -> None:
        """The same light culture work, begun a month ago after a quiet stretch, is neglect.

        DIME111 excuses continuous work only: under way on at least half the window's days.
        """
        fw = organisations.clinic()
        attitudes = named_area("Organisational attitudes")
        month_ago = NOW.date() - timedelta(days=30)
        late = [
            attrs.evolve(i, started=max(i.started, month_ago))
            if i.area == attitudes and i.finished is None and i.started is not None
            else i
            for i in fw.initiatives
        ]
        report = check(attrs.evolve(fw, initiatives=late))
        assert attitudes not in {f.area for f in about(report, "DIME111")}
        assert attitudes in {f.area for f in about(report, "DIME102")}
        (sound,) = [f for f in about(check(fw), "DIME111") if f.area == attitudes]
        assert "work has been under way there throughout the window" in " ".join(
            sound.message.split()
        )

    def test_an_assessment_older_than_harm_done_there_excuses_nothing(self) -> None:
        """Light culture work whose last outcome went the wrong way after the assessment.

        The assessment of 2026-06-19 predates it, so it no longer vouches for the area:
        DIME111 gives way to DIME102.
        """
        fw = organisations.clinic()
        attitudes = named_area("Organisational attitudes")
        (walks,) = [i for i in fw.initiatives if i.id == "cl-002"]
        harm = Outcome(
            measure="site audit score", before=80, after=72, measured_on=date(2026, 9, 1)
        )
        report = check(fw.replace(attrs.evolve(walks, outcome=harm)))
        assert attitudes not in {f.area for f in about(report, "DIME111")}
        assert attitudes in {f.area for f in about(report, "DIME102")}
        better = attrs.evolve(harm, after=88)
        kept = check(fw.replace(attrs.evolve(walks, outcome=better)))
        assert attitudes in {f.area for f in about(kept, "DIME111")}

    def test_going_quiet_is_on_the_watch_list(self, clinic: Report) -> None:
        """Feedback for intelligence, idle since 29 May, is on the watch list, as info."""
        (f,) = about(clinic, "DIME110")
        assert named_area("Customer feedback for intelligence") == f.area
        assert "2026-05-29" == f.evidence["last"]
        assert Severity.INFO is f.severity
        assert f"the area will count as quiet on {f.evidence['quiet_on']}." in f.message

    def test_never_assessed_is_one_finding_and_no_flag(self, clinic: Report) -> None:
        """The unassessed mindsets make one finding, and the grid flags them for nothing else."""
        (f,) = about(clinic, "DIME601")
        assert f.area is None
        assert 2 == len(f.evidence["never"])  # type: ignore[arg-type]
        assert Mindset.FUNCTIONAL.area not in clinic.flagged
        assert Mindset.EMOTIONAL.area not in clinic.flagged

    def test_scores_do_not_repeat_the_neglect(self, clinic: Report) -> None:
        """A low score of an area already found neglected is not a finding of its own."""
        neglected = {f.area for f in clinic.findings if f.code in ("DIME101", "DIME102")}
        assert set() == {f.area for f in about(clinic, "DIME602")} & neglected


class TestSaas:
    """A product-led company whose support files everything in one folder."""

    def test_one_folder_is_the_root(self, saas: Report) -> None:
        """Everything filed in 'Listening to customers' is one root over the empty folders."""
        (one,) = about(saas, "DIME305")
        assert named_area("Listening to customers") == one.area
        assert one in saas.roots
        folders = {
            f.area for f in about(saas, "DIME101") if f.area and f.area.layer is Layer.REVIEW
        }
        assert {a for a in Layer.REVIEW.areas if a != one.area} == folders
        for f in about(saas, "DIME101"):
            if f.area in folders:
                assert one == saas.cause_of(f)
        assert [] == [f for f in about(saas, "DIME103") if f.area == one.area]

    def test_deliberate_pillar_is_neglected(self, saas: Report) -> None:
        """The withering Deliberate pillar is found, despite its folder holding everything.

        It heads its withering areas: the story of the report, not a folded line.
        """
        (deliberate,) = [f for f in about(saas, "DIME104") if f.pillar is dime.Pillar.D]
        assert deliberate in saas.roots
        under = [f for f in saas.consequences(deliberate, direct=True) if not f.context]
        assert {"DIME101", "DIME102"} == {f.code for f in under}
        assert all(f.area is not None and f.area.pillar is dime.Pillar.D for f in under)

    def test_empty_folders_are_part_of_the_one_folder_issue(self, saas: Report) -> None:
        """The three empty folders follow from the one-folder root and are not issues of their own."""
        (one,) = about(saas, "DIME305")
        folded = [f for f in saas.consequences(one) if f.code == "DIME101"]
        assert 3 == len(folded)
        assert Severity.ERROR is saas.issue_severity(one)
        assert not set(folded) & set(saas.roots)

    def test_memorable_pillar_is_not_neglected(self, saas: Report) -> None:
        """Knowing customers is real: the empty folder does not make the M pillar neglected."""
        assert dime.Pillar.M not in {f.pillar for f in about(saas, "DIME104")}
        standing = saas.view.pillar_ratios()[dime.Pillar.M]
        assert standing[Layer.REVIEW] == 0.0

    def test_pillar_totals_leave_the_explained_folder_out(self, saas: Report) -> None:
        """A neglected pillar's total does not rest on its empty folder, which the root explains."""
        for f in about(saas, "DIME104"):
            assert "review" not in f.evidence["layers"]  # type: ignore[operator]
            cause = saas.cause_of(f)
            assert cause is None or cause.layer is not Layer.REVIEW

    def test_continuous_intelligence_work_is_not_neglect(self, saas: Report) -> None:
        """The active churn survey, assessed as well as the rest, is not called neglected."""
        area = named_area("Customer feedback for intelligence")
        assert area not in {f.area for f in about(saas, "DIME102")}
        (f,) = about(saas, "DIME111")
        assert area == f.area
        assert "is within 0.5 of the other areas' mean (3.9)" in f.message

    def test_never_assessed_follows_each_areas_own_finding(self, saas: Report) -> None:
        """An area never assessed and already found neglected gives context there, not a root."""
        unassessed = about(saas, "DIME601")
        assert 7 == len(unassessed)
        for f in unassessed:
            cause = saas.cause_of(f)
            assert cause is not None
            assert (f.area, True) == (cause.area, f.context)
            assert f.message.endswith("has never been assessed, one of 7 areas never assessed.")

    def test_at_most_a_dozen_roots(self, saas: Report) -> None:
        """The report leads with at most a dozen roots."""
        assert len(saas.roots) <= 12


class TestHotel:
    """A healthy group of hotels with one area to watch."""

    def test_only_the_area_to_watch_is_named(self, hotel: Report) -> None:
        """No warning: the watch list holds knowing customers, naming the plan."""
        assert [] == [f for f in hotel.findings if f.severity >= Severity.WARNING]
        (warning,) = about(hotel, "DIME110")
        assert named_area("Knowing and understanding customers") == warning.area
        assert 1 == warning.evidence["planned"]
        assert "Business-traveller interviews" in warning.message

    def test_cheap_continuous_culture_work_is_not_neglect(self, hotel: Report) -> None:
        """Monthly huddles assessed 4.0 are not called neglected, and the report says why."""
        assert [] == about(hotel, "DIME102")
        (f,) = about(hotel, "DIME111")
        assert (named_area("Organisational attitudes"), Severity.INFO) == (f.area, f.severity)
        assert "(4.0, on 2026-10-16) is at or above the other areas' mean (3.6)" in f.message

    def test_old_unfiled_complaints_are_a_note(self, hotel: Report) -> None:
        """A few complaints left unfiled for months are said, as information.

        The hotels record no complaint assigned and no work naming what it addresses,
        so filing is their only record of a complaint taken on: their unanswered
        complaints are their unfiled ones, under DIME304's threshold, and DIME306 says
        what the records show without a second, stricter threshold on the same items.
        """
        (f,) = about(hotel, "DIME306")
        assert Severity.INFO is f.severity
        assert f.cause is None
        fw = organisations.hotel()
        due = hotel.view.until - timedelta(days=14)
        since = hotel.view.since
        unfiled = sorted(
            (x.received.astimezone(UTC).date(), x.id)
            for x in fw.feedback
            if x.kind is FeedbackKind.BILL
            and x.folder is None
            and since <= x.received.astimezone(UTC).date() <= due
        )
        assert len(unfiled) == f.evidence["unanswered"]
        assert unfiled[0][1] == f.evidence["examples"][0]  # type: ignore[index]
        assert [] == about(hotel, "DIME304")

    def test_healthy(self, hotel: Report) -> None:
        """No errors, and the headline reads the organisation as even."""
        assert not [f for f in hotel.findings if f.severity is Severity.ERROR]
        evenness = hotel.evenness
        assert evenness is not None
        assert evenness >= 0.9
