"""Measures and closing the loop: DIME306, DIME503, DIME504, DIME702, DIME703 (and DIME701)."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dime
import dime.strategies as ds
import organisations
from dime import (
    Department,
    Feedback,
    FeedbackKind,
    Finding,
    Framework,
    ImprovementStep,
    Initiative,
    InitiativeStatus,
    Measure,
    MeasureKind,
    Measurement,
    Outcome,
    Report,
    Touchpoint,
)

NOW = organisations.NOW
NEW = ("DIME306", "DIME503", "DIME504", "DIME702", "DIME703")


def check(fw: Framework, **policy: object) -> Report:
    return dime.check(fw, now=NOW, policy=dime.Policy(**policy))  # type: ignore[arg-type]


def about(report: Report, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]


@pytest.fixture(scope="module")
def courier() -> Framework:
    return organisations.courier()


def with_measure(fw: Framework, measure: Measure, *taken: tuple[int, float]) -> Framework:
    """``fw`` with its first department held to ``measure``, measured ``(days ago, value)``."""
    first = fw.departments[0]
    changed = attrs.evolve(
        first,
        measures=(*first.measures, measure),
        measurements=(
            *first.measurements,
            *(
                Measurement(measure=measure.name, value=v, on=organisations.TODAY - dt(days))
                for days, v in taken
            ),
        ),
    )
    return fw.replace(changed)


def dt(days: int) -> timedelta:
    return timedelta(days=days)


def complaints_through(tp: str, n: int, *, days_ago: int) -> list[Feedback]:
    """``n`` complaints through ``tp``, unfiled and unassigned, received ``days_ago`` days back."""
    at = NOW - dt(days_ago)
    return [
        Feedback(
            id=f"extra-{tp}-{days_ago}-{i}",
            received=at - timedelta(hours=i),
            kind=FeedbackKind.BILL,
            touchpoint=tp,
        )
        for i in range(n)
    ]


class TestCourier:
    """An even organisation whose loop stays open gets exactly the loop's findings."""

    def test_consultant_findings(self, courier: Framework) -> None:
        """The depot misses its target, the web CSAT is unmeasured, complaints and work hang."""
        report = check(courier)
        assert sorted(NEW) == sorted(f.code for f in report.findings)

    def test_an_outcome_the_wrong_way_is_said_under_the_target_it_did_not_reverse(
        self, courier: Framework
    ) -> None:
        """The depot's work took on-time delivery from 94% to 90%, already below its target.

        The depot was below its 95% target before the work began, so the missed target
        is the root and the work's outcome follows from it; the outcome was measured
        twenty days before the work finished, and the finding says so.
        """
        report = check(courier)
        (worse,) = about(report, "DIME703")
        work = next(i for i in courier.initiatives if i.outcome is not None)
        assert work.outcome is not None
        assert (work.id, work.outcome.before, work.outcome.after) == (
            worse.subject,
            worse.evidence["before"],
            worse.evidence["after"],
        )
        assert work.outcome.after < work.outcome.before
        assert work.area == worse.area
        assert "'on-time delivery' went from 94% before it to 90%, the wrong way" in worse.message
        assert work.finished is not None
        early = (work.finished - work.outcome.measured_on).days
        assert f"{early} days before it finished on {work.finished.isoformat()}" in worse.message
        (below,) = about(report, "DIME503")
        assert below.ref == worse.cause
        assert below in report.roots

    def test_work_that_took_a_measure_off_target_explains_the_miss(
        self, courier: Framework
    ) -> None:
        """Had on-time delivery met its target before the work, the work explains the miss.

        It is folded under the missed target as its context, and says so.
        """
        work = next(i for i in courier.initiatives if i.outcome is not None)
        assert work.outcome is not None
        (below,) = about(check(courier), "DIME503")
        target = below.evidence["target"]
        assert isinstance(target, (int, float))
        assert work.outcome.before < target
        fine = attrs.evolve(work, outcome=attrs.evolve(work.outcome, before=target + 1))
        report = check(courier.replace(fine))
        (worse,) = about(report, "DIME703")
        (below,) = about(report, "DIME503")
        assert (below.ref, True) == (worse.cause, worse.context)
        assert below in report.roots
        assert worse in report.consequences(below)
        assert "it went off target after the work" in worse.message

    @given(
        before=st.floats(min_value=0, max_value=100),
        after=st.floats(min_value=0, max_value=100),
        higher=st.booleans(),
        days=st.integers(min_value=-5, max_value=400),
    )
    @settings(max_examples=30, deadline=None)
    def test_an_outcome_is_worse_exactly_on_the_wrong_side_in_the_window(
        self, courier: Framework, before: float, after: float, *, higher: bool, days: int
    ) -> None:
        """DIME703 fires exactly when after is on the wrong side of before, measured in the window."""
        depot = courier.get(Department, "Depot")
        measure = Measure(name="m", kind=MeasureKind.RATE, unit="%", higher_is_better=higher)
        fw = courier.replace(attrs.evolve(depot, measures=(*depot.measures, measure)))
        work = next(i for i in fw.initiatives if i.owner == "Depot")
        on = organisations.TODAY - dt(days)
        fw = fw.replace(
            attrs.evolve(
                work, outcome=Outcome(measure="m", before=before, after=after, measured_on=on)
            )
        )
        report = check(fw)
        wrong = after < before if higher else after > before
        inside = report.view.since <= on <= report.view.until
        found = about(report, "DIME703")
        assert (wrong and inside) == bool(found)
        for f in found:
            assert f.evidence["higher_is_better"] is higher
            assert f.subject == work.id

    def test_below_target_names_the_latest_measurement(self, courier: Framework) -> None:
        """DIME503 compares the latest measurement in the window with the target."""
        (found,) = about(check(courier), "DIME503")
        depot = courier.get(Department, "Depot")
        latest = max(depot.measurements, key=lambda m: m.on)
        assert (latest.value, 95) == (found.evidence["value"], found.evidence["target"])
        assert latest.on.isoformat() == found.evidence["measured_on"]
        assert "Depot: on-time delivery" == found.subject

    def test_below_target_shows_the_way_there(self, courier: Framework) -> None:
        """DIME503 gives the latest three measurements before the latest, oldest first."""
        (found,) = about(check(courier), "DIME503")
        depot = courier.get(Department, "Depot")
        since = check(courier).view.since
        inside = sorted((m.on, m.value) for m in depot.measurements if m.on >= since)
        assert [v for _, v in inside[-4:-1]] == found.evidence["earlier"]
        (a, x), (b, y), (c, z) = inside[-4:-1]
        shown = (
            f"(earlier: {x:g}% on {a.isoformat()}, {y:g}% on {b.isoformat()} and {z:g}% on "
            f"{c.isoformat()})"
        )
        assert shown in " ".join(found.message.split())

    def test_unmeasured_target_is_not_evaluated(self, courier: Framework) -> None:
        """A target with no measurement in the window is a warning, never a number."""
        (found,) = about(check(courier), "DIME504")
        assert dime.Severity.WARNING is found.severity
        assert "value" not in found.evidence
        assert "not evaluated" in found.message

    def test_unanswered_complaints_are_a_root(self, courier: Framework) -> None:
        """Few complaints unfiled (no DIME304), but unanswered: DIME306 stands on its own."""
        report = check(courier)
        (found,) = about(report, "DIME306")
        due = organisations.TODAY - dt(14)
        since = report.view.since
        # The oldest first (by the UTC day received), so the examples are the longest waiting.
        waiting = sorted(
            (f.received.astimezone(UTC).date(), f.id)
            for f in courier.feedback
            if f.kind is FeedbackKind.BILL
            and f.folder is None
            and since <= f.received.astimezone(UTC).date() <= due
        )
        expected = [ref for _, ref in waiting]
        assert len(expected) == found.evidence["unanswered"]
        assert expected[:3] == found.evidence["examples"]
        oldest = waiting[0][0]
        assert oldest.isoformat() == found.evidence["oldest"]
        assert f"received {oldest.isoformat()}, {(report.view.until - oldest).days} days ago" in (
            found.message
        )
        # Three or fewer are all named, so the message says which to take on.
        assert 0 < len(expected) <= 3
        assert all(repr(ref) in found.message for ref in expected)
        assert found.cause is None
        assert [] == about(report, "DIME304")

    def test_unanswered_fold_under_unfiled(self, courier: Framework) -> None:
        """When DIME304 fires, the same complaints' DIME306 follows from it."""
        report = check(courier, max_unfiled_complaint_share=0.01)
        (unfiled,) = about(report, "DIME304")
        (unanswered,) = about(report, "DIME306")
        assert unfiled.ref == unanswered.cause
        assert unanswered not in report.roots

    @pytest.mark.parametrize("assigned", [0, 1, 3])
    def test_unfiled_complaints_say_how_many_someone_took_on(
        self, courier: Framework, assigned: int
    ) -> None:
        """DIME304 says how many of the unfiled complaints are assigned all the same.

        They are unfiled, so DIME304 counts them; someone has them, so DIME306 does not.
        """
        fw = courier.add(*complaints_through("tp-purchase-0", 6, days_ago=30))
        unfiled = [
            f
            for f in fw.feedback
            if f.kind is FeedbackKind.BILL and f.folder is None and f.assigned_to is None
        ]
        fw = fw.replace(
            *(attrs.evolve(f, assigned_to="Depot") for f in unfiled[-assigned:][:assigned])
        )
        report = check(fw, max_unfiled_complaint_share=0.01)
        (complaints,) = about(report, "DIME304")
        (unanswered,) = about(report, "DIME306")
        taken = complaints.evidence["unfiled"] - unanswered.evidence["unanswered"]  # type: ignore[operator]
        assert complaints.evidence["taken_on"] == taken
        said = f"(though {taken} of them {'is' if taken == 1 else 'are'} assigned to a department"
        assert (said in " ".join(complaints.message.split())) is (taken > 0)

    def test_unanswered_complaints_are_told_by_touchpoint(self, courier: Framework) -> None:
        """Many unanswered complaints are told by the touchpoint they came through, the most first.

        Each touchpoint with its own days and its oldest complaint, so that the oldest of
        all, or one example, is not read as the whole picture.
        """
        fw = courier.add(
            *complaints_through("tp-purchase-0", 6, days_ago=30),
            *complaints_through("tp-post_purchase-1", 2, days_ago=100),
        )
        report = check(fw)
        (found,) = about(report, "DIME306")
        evidence = found.evidence["touchpoints"]
        assert isinstance(evidence, list)
        told: list[dict[str, Any]] = [dict(t) for t in evidence if isinstance(t, dict)]
        assert len(told) == len(evidence)
        counts = [t["complaints"] for t in told]
        assert sum(counts) == found.evidence["unanswered"]
        assert counts == sorted(counts, reverse=True)
        top = told[0]
        assert top["touchpoint"] == "tp-purchase-0"
        assert top["complaints"] >= 6
        web = fw.get(Touchpoint, "tp-purchase-0")
        text = " ".join(found.message.split())
        assert f"nobody has taken them on. {top['complaints']} came through '{web.name}'" in text
        assert f"such as {top['example']!r}" in text
        assert "The oldest was received" not in text
        assert text.endswith(".")
        assert not text.endswith("..")

    def test_where_nobody_records_answers_it_is_information(self, courier: Framework) -> None:
        """With no addresses and no complaint outside the folders assigned, DIME306 is info.

        Such an organisation shows a complaint taken on only by filing it, so the
        complaints unanswered are the complaints unfiled, which DIME304 judges at its
        own threshold: DIME306 says what the records show, as information.  One unfiled
        complaint assigned to a department is a record of who answers, and the others
        are a warning again.
        """
        unrecorded = attrs.evolve(
            courier, initiatives=[attrs.evolve(i, addresses=()) for i in courier.initiatives]
        )
        report = check(unrecorded)
        assert [] == about(report, "DIME304")
        (found,) = about(report, "DIME306")
        assert dime.Severity.INFO is found.severity
        assert found.evidence["answers_recorded"] is False
        assert "never filed" in found.message
        assert "nothing shows that anyone has taken" in found.message
        assert (
            found.evidence["unanswered"]
            == about(check(courier), "DIME306")[0].evidence["unanswered"]
        )
        unfiled = [
            f for f in unrecorded.feedback if f.kind is FeedbackKind.BILL and f.folder is None
        ]
        one = unrecorded.replace(attrs.evolve(unfiled[-1], assigned_to="Depot"))
        (found,) = about(check(one), "DIME306")
        assert dime.Severity.WARNING is found.severity
        assert "nobody has taken" in found.message
        examples = found.evidence["examples"]
        assert isinstance(examples, list)
        assert unfiled[-1].id not in examples

    def test_where_nobody_records_answers_it_never_repeats_unfiled(
        self, courier: Framework
    ) -> None:
        """When DIME304 fires and filing is the only answer recorded, DIME306 adds nothing."""
        unrecorded = attrs.evolve(
            courier, initiatives=[attrs.evolve(i, addresses=()) for i in courier.initiatives]
        )
        report = check(unrecorded, max_unfiled_complaint_share=0.01)
        assert len(about(report, "DIME304")) == 1
        assert [] == about(report, "DIME306")

    def test_assigned_complaints_are_answered(self, courier: Framework) -> None:
        """Assigning the complaints to a department silences DIME306."""
        assigned = [
            attrs.evolve(f, assigned_to="Depot")
            if f.kind is FeedbackKind.BILL and f.folder is None
            else f
            for f in courier.feedback
        ]
        assert [] == about(check(attrs.evolve(courier, feedback=assigned)), "DIME306")

    def test_addressed_complaints_are_answered(self, courier: Framework) -> None:
        """Naming the complaints in an initiative's addresses silences DIME306."""
        open_ids = tuple(
            f.id for f in courier.feedback if f.kind is FeedbackKind.BILL and f.folder is None
        )
        work = attrs.evolve(courier.initiatives[2], addresses=open_ids)
        assert [] == about(check(courier.replace(work)), "DIME306")

    def test_one_finding_per_initiative_about_outcomes(self, courier: Framework) -> None:
        """Where outcomes are recorded DIME702 counts the done work without; DIME701 is silent."""
        report = check(courier)
        (found,) = about(report, "DIME702")
        done = [i for i in courier.initiatives if i.status is InitiativeStatus.DONE]
        assert sum(i.outcome is None for i in done) == found.evidence["without"]
        assert [] == about(report, "DIME701")

    def test_work_that_reached_the_measuring_step_is_told_apart(self, courier: Framework) -> None:
        """DIME702 says how many of the done initiatives without an outcome did measure.

        Their measurement exists and is not recorded: not the same as work never measured.
        """
        done = [
            i
            for i in courier.initiatives
            if i.status is InitiativeStatus.DONE and i.outcome is None
        ]
        for step, reached in ((ImprovementStep.MEASURE, True), (ImprovementStep.FIX, False)):
            stepped = [attrs.evolve(i, step=step) if i in done else i for i in courier.initiatives]
            (found,) = about(check(attrs.evolve(courier, initiatives=stepped)), "DIME702")
            assert found.evidence["unrecorded"] == (len(done) if reached else 0)
            said = "reached the step of measuring" in found.message
            assert said is reached
            assert "no outcome recorded" in found.message

    def test_the_model_with_an_outcome_is_named_with_its_area(self, courier: Framework) -> None:
        """DIME702 names a piece of work that records its outcome, and which area it is in."""
        (found,) = about(check(courier), "DIME702")
        model = min((i for i in courier.initiatives if i.outcome is not None), key=lambda i: i.id)
        assert f"'{model.title}', in '{model.area.title}' ({model.area.pillar.letter}, " in (
            " ".join(found.message.split())
        )

    def test_without_any_outcome_the_step_is_read(self, courier: Framework) -> None:
        """With no outcome anywhere, DIME701 is the fallback and DIME702 is silent."""
        plain = [attrs.evolve(i, outcome=None) for i in courier.initiatives]
        report = check(attrs.evolve(courier, initiatives=plain))
        assert [] == about(report, "DIME702")
        assert 1 == len(about(report, "DIME701"))


class TestMeasureRules:
    """DIME503 and DIME504 on one measure, whatever its direction and kind."""

    @given(
        target=st.floats(min_value=0, max_value=100),
        value=st.floats(min_value=0, max_value=100),
        higher=st.booleans(),
    )
    @settings(max_examples=30, deadline=None)
    def test_below_target_exactly_when_on_the_wrong_side(
        self, target: float, value: float, *, higher: bool
    ) -> None:
        """DIME503 fires exactly when the latest value is on the wrong side of the target."""
        measure = Measure(
            name="m", kind=MeasureKind.RATE, unit="%", target=target, higher_is_better=higher
        )
        fw = with_measure(organisations.even_shop(), measure, (40, 50.0), (5, value))
        wrong = value < target if higher else value > target
        assert wrong == bool(about(check(fw), "DIME503"))
        assert [] == about(check(fw), "DIME504")

    def test_no_target_is_never_compared(self) -> None:
        """A measure with no target gets no finding, however it is measured."""
        measure = Measure(name="m", kind=MeasureKind.COUNT, unit="tickets")
        fw = with_measure(organisations.even_shop(), measure, (5, 0.0))
        report = check(fw)
        assert [] == [f for f in report.findings if f.code in NEW]

    def test_measurement_after_now_is_not_counted(self) -> None:
        """A measurement dated after the check is outside the window: not evaluated."""
        measure = Measure(name="m", kind=MeasureKind.RATE, target=50)
        fw = with_measure(organisations.even_shop(), measure, (-3, 10.0))
        report = check(fw)
        assert [] == about(report, "DIME503")
        assert 1 == len(about(report, "DIME504"))

    def test_a_measured_department_is_not_unmeasured(self) -> None:
        """DIME502 reads typed measures: a department with any is measured."""
        fw = organisations.even_shop()
        assert all(d.measures for d in fw.departments)
        assert [] == about(check(fw), "DIME502")


class TestHealthy:
    """On even organisations none of the loop's rules fires."""

    def test_even_shop(self) -> None:
        """The even shop meets its targets and files every complaint."""
        assert [] == [f for f in check(organisations.even_shop()).findings if f.code in NEW]

    @given(ds.even_frameworks(as_of=NOW.date()))
    @settings(max_examples=10, deadline=None)
    def test_even_frameworks(self, fw: Framework) -> None:
        """No even framework the strategies build gets a finding of the loop's rules."""
        report = dime.check(fw, now=NOW)
        assert [] == [f.code for f in report.findings if f.code in NEW]


class TestStreams:
    """The loop's facts survive tallies built in parts and added."""

    def test_split_tally_checks_the_same(self, courier: Framework) -> None:
        """Feedback and initiatives tallied apart and added give the same findings."""
        rest = attrs.evolve(courier, feedback=())
        whole = dime.check(courier, now=NOW)
        split = dime.check(dime.Tally.from_records(courier.feedback), now=NOW, structure=rest)
        assert [f.message for f in whole.findings] == [f.message for f in split.findings]


def _bill(n: int, **fields: object) -> Feedback:
    return Feedback(
        id=f"c-{n}",
        received=NOW - dt(30),
        kind=FeedbackKind.BILL,
        **fields,  # type: ignore[arg-type]
    )


class TestOutcomeModel:
    """Outcomes name a measure of the initiative's owner."""

    def test_outcome_needs_an_owner_with_the_measure(self) -> None:
        """An outcome on a measure the owner lacks is an error with its path."""
        dept = Department(name="Ops", measures=[Measure(name="m", kind=MeasureKind.COUNT)])
        work = Initiative(
            id="i",
            title="t",
            area=dime.Practice.CUSTOMER_CARE.area,
            owner="Ops",
            step=ImprovementStep.MEASURE,
            outcome=Outcome(measure="x", before=1, after=2, measured_on=NOW.date()),
        )
        with pytest.raises(dime.exceptions.InvalidFrameworkError) as caught:
            Framework(name="s", departments=[dept], initiatives=[work])
        assert ["$.initiatives[0].outcome.measure"] == [p.path for p in caught.value.problems]

    def test_dangling_address_has_its_path(self) -> None:
        """An initiative addressing feedback that does not exist is refused, naming the item."""
        work = Initiative(
            id="i", title="t", area=dime.Practice.CUSTOMER_CARE.area, addresses=["c-1", "c-9"]
        )
        with pytest.raises(dime.exceptions.InvalidFrameworkError) as caught:
            Framework(name="s", initiatives=[work], feedback=[_bill(1)])
        assert ["$.initiatives[0].addresses[1]"] == [p.path for p in caught.value.problems]
