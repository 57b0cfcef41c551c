"""Tests for diffs: records, attention and findings between two states, and applying them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dime
import dime.strategies as ds
from dime import (
    Diff,
    Feedback,
    FeedbackFolder,
    FeedbackKind,
    Framework,
    Mindset,
    Pillar,
    Policy,
    Responsibility,
    Severity,
)
from dime._cli import main
from dime._diff import compare_findings
from dime.exceptions import ConflictError, DimeError, DimeFileError, InvalidFieldError

DIFF_SCHEMA_FILE = Path(dime.__file__).parent / "schema" / "dime-diff-1.schema.json"
REPORT_SCHEMA_FILE = Path(dime.__file__).parent / "schema" / "dime-report-1.schema.json"

slow = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

KINDS = ("touchpoints", "initiatives", "feedback", "responsibilities", "departments", "assessments")


def _removable(fw: Framework) -> list[Feedback]:
    """The feedback that can be removed alone: an item an initiative addresses cannot."""
    addressed = {ref for i in fw.initiatives for ref in i.addresses}
    return [f for f in fw.feedback if f.id not in addressed]


@st.composite
def changed(draw: st.DrawFn, fw: Framework) -> Framework:
    """``fw`` after a few edits of the kinds a user makes: records added, removed and changed."""
    other = draw(ds.frameworks(max_records=3))
    out = fw
    for _ in range(draw(st.integers(0, 3))):
        edit = draw(st.sampled_from(["add", "remove", "change", "rename", "metadata"]))
        if edit == "rename":
            out = attrs.evolve(out, name=out.name + " Ltd")
        elif edit == "metadata":
            out = attrs.evolve(out, metadata={"edited": draw(st.booleans())})
        elif edit == "add" and other.feedback:
            f = draw(st.sampled_from(other.feedback))
            # A score on the other framework's own scale means nothing here: keep built-in ones.
            built_in = f.score is None or f.score.scale in {"nps", "csat", "ces"}
            # Nor does a department of the other framework: the item is left unassigned.
            new = attrs.evolve(
                f,
                id=f.id + "-new",
                touchpoint=None,
                assigned_to=None,
                score=f.score if built_in else None,
            )
            out = out.replace(new) if new.id in {g.id for g in out.feedback} else out.add(new)
        elif edit == "add" and other.responsibilities:
            r = draw(st.sampled_from(other.responsibilities))
            out = out.add(attrs.evolve(r, department=None))
        elif edit == "remove" and _removable(out):
            out = out.remove(draw(st.sampled_from(_removable(out))))
        elif edit == "remove" and out.assessments:
            out = out.remove(draw(st.sampled_from(out.assessments)))
        elif edit == "change" and out.initiatives:
            i = draw(st.sampled_from(out.initiatives))
            out = out.replace(attrs.evolve(i, title=i.title + "?", effort=i.effort + 1))
        elif edit == "change" and out.touchpoints:
            t = draw(st.sampled_from(out.touchpoints))
            out = out.replace(attrs.evolve(t, pillars=frozenset(Pillar) - t.pillars))
    return out


def noon(day: int = 1, *, hours: int = 0) -> datetime:
    """Noon UTC on a day of March 2026, shown with an offset of ``hours``."""
    return datetime(2026, 3, day, 12, tzinfo=UTC).astimezone(timezone(timedelta(hours=hours)))


def said(key: str, day: int, folder: FeedbackFolder | None = FeedbackFolder.LISTENING) -> Feedback:
    return Feedback(id=key, received=noon(day), kind=FeedbackKind.ROUTINE, folder=folder)


class TestUnkeyedOrder:
    def test_added_responsibilities_keep_the_new_order(self) -> None:
        """Records without a key are added where the new state has them, not sorted."""
        old = Framework(name="Shop")
        held = [
            Responsibility(holder="Ana", mindset=Mindset.FUNCTIONAL, share=1),
            Responsibility(holder="Ana", mindset=Mindset.FUNCTIONAL, share=0.5),
        ]
        new = old.add(*held)
        assert new == dime.diff(old, new).apply(old)


class TestProperties:
    """What holds for every pair of frameworks."""

    @slow
    @given(ds.frameworks(max_records=4))
    def test_a_framework_against_itself_is_empty(self, fw: Framework) -> None:
        """diff(a, a) is empty: no record, area or finding changed."""
        d = dime.diff(fw, fw)
        assert d.empty
        assert () == d.added == d.removed
        assert () == d.changed
        assert () == d.attention
        assert () == d.appeared == d.resolved
        assert d.old_digest == d.new_digest == dime.digest(fw)

    @slow
    @given(ds.frameworks(max_records=4), st.data())
    def test_applying_the_diff_gives_the_new_state(self, a: Framework, data: st.DataObject) -> None:
        """diff(a, b).apply(a) is b, up to the order of records."""
        b = data.draw(changed(a) | ds.frameworks(max_records=3))
        d = dime.diff(a, b)
        after = d.apply(a)
        assert dime.digest(b) == dime.digest(after) == d.new_digest
        assert b.name == after.name
        for kind in KINDS:
            assert sorted(map(repr, getattr(b, kind))) == sorted(map(repr, getattr(after, kind)))

    @slow
    @given(ds.frameworks(max_records=4), st.data())
    def test_edits_made_in_place_apply_exactly(self, a: Framework, data: st.DataObject) -> None:
        """Records changed in place and added at the end come back in the same order."""
        b = data.draw(changed(a))
        if any(set(getattr(a, k)) - set(getattr(b, k)) for k in ("responsibilities",)):
            return  # a removed record leaves its place; the rest keep theirs
        assert b == dime.diff(a, b).apply(a)

    @slow
    @given(ds.frameworks(max_records=4), st.data())
    def test_the_document_matches_its_schema(self, a: Framework, data: st.DataObject) -> None:
        """Every diff's JSON document is valid against the shipped schema."""
        d = dime.diff(a, data.draw(changed(a)))
        jsonschema.validate(json.loads(json.dumps(d.to_data())), d.json_schema())

    @slow
    @given(ds.frameworks(max_records=4), st.data())
    def test_findings_are_partitioned(self, a: Framework, data: st.DataObject) -> None:
        """Appeared and persisting make up the new findings; resolved and persisting match the old."""
        d = dime.diff(a, data.draw(changed(a)))
        assert sorted(map(repr, d.new_report.findings)) == sorted(
            map(repr, d.appeared + d.persisting)
        )
        assert len(d.old_report.findings) == len(d.resolved) + len(d.persisting)


class TestRecords:
    """How records are matched and compared."""

    def test_changed_fields_with_old_and_new_values(self) -> None:
        """A record under the same id lists the fields that changed, in declared order."""
        old = Framework(name="S", feedback=[said("a", 1)])
        new = old.replace(
            attrs.evolve(old.feedback[0], folder=FeedbackFolder.PLANNING, text="late")
        )
        (change,) = dime.diff(old, new).changed
        assert ("feedback", "a") == (change.kind, change.key)
        assert [
            ("folder", FeedbackFolder.LISTENING, FeedbackFolder.PLANNING),
            ("text", "", "late"),
        ] == [(c.field, c.old, c.new) for c in change.fields]

    def test_sets_are_compared_as_sets(self) -> None:
        """A touchpoint's pillars changed show what was added and removed."""
        tp = dime.Touchpoint(
            id="t",
            name="T",
            channel=dime.Channel.WEB,
            stage=dime.Stage.PURCHASE,
            pillars={Pillar.D},
        )
        old = Framework(name="S", touchpoints=[tp])
        new = old.replace(attrs.evolve(tp, pillars={Pillar.M, Pillar.D}))
        (field,) = dime.diff(old, new).changed[0].fields
        assert (frozenset({Pillar.M}), frozenset()) == (field.added, field.removed)
        assert {
            "field": "pillars",
            "old": ["D"],
            "new": ["D", "M"],
            "added": ["M"],
            "removed": [],
        } == (field.to_data())

    def test_a_moment_moved_to_another_offset_is_a_change(self) -> None:
        """The same instant written with another UTC offset is a change; Python calls them equal."""
        old = Framework(name="S", feedback=[said("a", 1)])
        moved = attrs.evolve(old.feedback[0], received=noon(1, hours=5))
        assert moved == old.feedback[0]
        (change,) = dime.diff(old, old.replace(moved)).changed
        assert ["received"] == [c.field for c in change.fields]

    def test_a_whole_float_is_no_change(self) -> None:
        """An effort of 2 rewritten as 2.0 is the same value."""
        work = dime.Initiative(id="i", title="T", area=dime.AREAS[0], effort=2)
        old = Framework(name="S", initiatives=[work])
        assert () == dime.diff(old, old.replace(attrs.evolve(work, effort=2.0))).changed

    def test_records_without_a_key_are_matched_by_value(self) -> None:
        """A responsibility whose share changed is one removed and one added."""
        r = Responsibility(holder="Ann", mindset=dime.Mindset.EMOTIONAL, share=0.5)
        old = Framework(name="S", responsibilities=[r, r])
        new = Framework(name="S", responsibilities=[r, attrs.evolve(r, share=0.8)])
        d = dime.diff(old, new)
        assert ((attrs.evolve(r, share=0.8),), (r,), ()) == (d.added, d.removed, d.changed)
        assert "matched by their whole value" in str(d)

    def test_departments_are_matched_by_name(self) -> None:
        """A department's objective changed is a change of the department of that name."""
        old = Framework(name="S", departments=[dime.Department(name="IT")])
        new = old.replace(dime.Department(name="IT", objective="Fast answers"))
        (change,) = dime.diff(old, new).changed
        assert ("departments", "IT", "objective") == (
            change.kind,
            change.key,
            change.fields[0].field,
        )

    def test_the_framework_name_and_metadata(self) -> None:
        """The framework's own fields are compared too, and applied."""
        old = Framework(name="Old name")
        new = Framework(name="New name", metadata={"region": "north"})
        d = dime.diff(old, new)
        assert ["name", "metadata"] == [c.field for c in d.framework]
        assert new == d.apply(old)


class TestApply:
    """Applying a diff to a framework in another state."""

    def test_a_framework_in_another_state_is_a_conflict(self) -> None:
        """Every record the diff cannot remove, change or add is listed in one ConflictError."""
        base = Framework(name="S", feedback=[said("a", 1), said("b", 2)])
        new = base.remove(base.feedback[0]).replace(attrs.evolve(base.feedback[1], text="x"))
        new = new.add(said("c", 3))
        d = dime.diff(base, new)
        elsewhere = Framework(
            name="S", feedback=[said("b", 2, FeedbackFolder.INSIGHTS), said("c", 3)]
        )
        with pytest.raises(ConflictError) as caught:
            d.apply(elsewhere)
        assert ["feedback['a']", "feedback['b']", "feedback['c']"] == sorted(
            p.path for p in caught.value.problems
        )

    def test_not_a_framework(self) -> None:
        """apply takes a Framework."""
        with pytest.raises(InvalidFieldError, match=r"Diff\.apply"):
            dime.diff(Framework(name="S"), Framework(name="S")).apply("S")  # type: ignore[arg-type]


class TestFindings:
    """Findings matched by what they are about, never by their wording."""

    def test_a_finding_whose_figures_changed_persists(self) -> None:
        """More feedback changes a finding's message, not its reference: it persists."""
        old = dime.example()
        extra = [
            Feedback(id=f"more-{i}", received=old.feedback[-1].received, kind=FeedbackKind.ROUTINE)
            for i in range(50)
        ]
        d = dime.diff(old, old.add(*extra))
        assert {f.ref for f in d.persisting} == {f.ref for f in d.old_report.findings}
        changed_text = [
            (o.message, n.message)
            for o in d.old_report.findings
            for n in d.persisting
            if o.ref == n.ref and o.message != n.message
        ]
        assert changed_text

    def test_compare_counts_findings_with_one_reference(self) -> None:
        """Three findings of one reference against two: one appeared, two persist."""
        report = dime.check(dime.example())
        f = report.findings[0]
        appeared, resolved, persisting = compare_findings([f, f], [f, f, f])
        assert (1, 0, 2) == (len(appeared), len(resolved), len(persisting))

    def test_the_gate_counts_only_findings_that_appeared(self) -> None:
        """Old errors pass the gate; a new error fails it, at fail_on error."""
        old = dime.example()
        assert dime.diff(old, old).ok
        worse = old.remove(
            *[r for r in old.responsibilities if r.mindset is dime.Mindset.FUNCTIONAL]
        )
        d = dime.diff(old, worse)
        assert any(f.severity is Severity.ERROR for f in d.appeared)
        assert not d.ok
        assert dime.diff(old, worse, policy=Policy(fail_on=None)).ok

    def test_attention_changes(self) -> None:
        """Removing a mindset's holders takes that area's share to nothing; others grow."""
        old = dime.example()
        worse = old.remove(
            *[r for r in old.responsibilities if r.mindset is dime.Mindset.FUNCTIONAL]
        )
        changes = {c.area: c for c in dime.diff(old, worse).attention}
        functional = changes[dime.Mindset.FUNCTIONAL.area]
        assert (0.0, -functional.old.share) == (functional.new.share, functional.change)
        assert changes[dime.Mindset.OPERATIONAL.area].change > 0
        assert set(changes) <= set(dime.Layer.RESPONSIBILITY.areas)


class TestFiles:
    """Documents as input: paths, versions, and what cannot be read."""

    def test_documents_of_different_versions_compare_as_frameworks(self, tmp_path: Path) -> None:
        """A version 0 document (a bare framework object) diffs against version 1 as equal."""
        fw = dime.example()
        v0, v1 = tmp_path / "v0.json", tmp_path / "v1.json"
        v0.write_text(json.dumps(json.loads(dime.dumps(fw))["framework"]), encoding="utf-8")
        dime.save(fw, v1)
        assert not dime.diff(v0, v1).records_changed

    def test_a_missing_file(self, tmp_path: Path) -> None:
        """A path that cannot be read raises DimeFileError naming it."""
        with pytest.raises(DimeFileError, match=r"missing\.json"):
            dime.diff(dime.example(), tmp_path / "missing.json")

    @pytest.mark.parametrize("bad", [None, 3, b"{}", ["a.json"]])
    def test_not_a_framework_or_path(self, bad: object) -> None:
        """Anything but a framework or a path is an InvalidFieldError naming the argument."""
        with pytest.raises(InvalidFieldError, match=r"diff\.new"):
            dime.diff(dime.example(), bad)

    def test_not_a_policy(self) -> None:
        """The policy must be a Policy."""
        with pytest.raises(DimeError, match=r"diff\.policy"):
            dime.diff(dime.example(), dime.example(), policy={"fail_on": "error"})  # type: ignore[arg-type]


class TestFaces:
    """What a diff shows of itself."""

    def test_the_shipped_schema_is_current(self) -> None:
        """dime/schema/dime-diff-1.schema.json is the schema the diff generates, and valid."""
        shipped = json.loads(DIFF_SCHEMA_FILE.read_text(encoding="utf-8"))
        assert Diff.json_schema() == shipped, "regenerate it: python -m dime schema --diff"
        jsonschema.Draft202012Validator.check_schema(shipped)

    def test_text_and_markdown(self) -> None:
        """The text fits 100 columns and names what changed; Markdown has a section per part."""
        old = dime.example()
        new = old.remove(old.responsibilities[0]).replace(
            attrs.evolve(old.initiatives[0], title="Renamed")
        )
        d = dime.diff(old, new)
        text = str(d)
        assert max(len(line) for line in text.splitlines()) <= 100
        assert f"changed initiatives {old.initiatives[0].id!r}: title" in text
        assert "appeared: warning DIME103" in text
        markdown = d._repr_markdown_()
        assert "### Records: 2 added, removed or changed" in markdown
        assert "### Findings" in markdown

    def test_long_lists_are_cut(self) -> None:
        """More than twenty added records are summed up, the JSON lists them all."""
        old = dime.example()
        new = old.remove(*old.feedback[:30])
        d = dime.diff(old, new)
        assert "... and 10 more" in str(d)
        assert 30 == len(d.to_data()["records"]["removed"])


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def states(tmp_path: Path) -> tuple[str, str, str]:
    """The example, the example with no work ever in customer care, and it again."""
    fw = dime.example()
    care = dime.Practice.CUSTOMER_CARE.area
    worse = fw.remove(*[i for i in fw.initiatives if i.area == care])
    paths = (tmp_path / "old.json", tmp_path / "new.json", tmp_path / "same.json")
    for path, state in zip(paths, (fw, worse, fw), strict=True):
        dime.save(state, path)
    return str(paths[0]), str(paths[1]), str(paths[2])


class TestCommand:
    """dime diff OLD NEW, and dime check --baseline OLD."""

    def test_old_debt_does_not_fail(
        self, states: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Two states with the same errors: exit 0, though both have errors."""
        old, _, same = states
        code, out, _ = run(capsys, "diff", old, same)
        assert 0 == code
        assert "0 appeared, 0 resolved" in out

    def test_a_new_error_fails(
        self, states: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A finding at or above --fail-on that appeared: exit 1; --fail-on never: exit 0."""
        old, new, _ = states
        assert 1 == run(capsys, "diff", old, new)[0]
        assert 0 == run(capsys, "diff", old, new, "--fail-on", "never")[0]
        assert 0 == run(capsys, "diff", new, old)[0]  # going back only resolves findings

    def test_json_matches_the_schema(
        self, states: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--format json prints the diff document, valid against its schema."""
        old, new, _ = states
        code, out, _ = run(capsys, "diff", old, new, "--format", "json")
        data = json.loads(out)
        jsonschema.validate(data, Diff.json_schema())
        assert (1, False) == (code, data["gate"]["passed"])
        assert data["new"]["digest"] == dime.digest(dime.load(new))

    def test_markdown(
        self, states: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--format markdown prints the Markdown picture."""
        old, new, _ = states
        _, out, _ = run(capsys, "diff", old, new, "--format", "markdown")
        assert out.startswith("## What changed in")

    def test_schema_diff(self, capsys: pytest.CaptureFixture[str]) -> None:
        """dime schema --diff prints the diff schema."""
        code, out, _ = run(capsys, "schema", "--diff")
        assert (0, Diff.json_schema()) == (code, json.loads(out))

    def test_a_bad_document(
        self, states: tuple[str, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A document that cannot be read: exit 2 and one line naming it."""
        bad = tmp_path / "bad.json"
        bad.write_text("{", encoding="utf-8")
        code, _, err = run(capsys, "diff", states[0], str(bad))
        assert 2 == code
        assert "bad.json" in err
        assert 1 == len(err.splitlines())

    def test_check_against_a_baseline(
        self, states: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """dime check exits 1 on old errors, 0 with them as a baseline, 1 on a new one."""
        old, new, _ = states
        assert 1 == run(capsys, "check", old)[0]
        code, out, _ = run(capsys, "check", old, "--baseline", old)
        assert 0 == code
        assert "0 appeared, 0 resolved" in out
        assert 1 == run(capsys, "check", new, "--baseline", old)[0]

    def test_check_baseline_json(
        self, states: tuple[str, str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The JSON report carries the comparison, and its gate follows it; the schema allows it."""
        old, new, _ = states
        code, out, _ = run(capsys, "check", new, "--baseline", old, "--format", "json")
        data = json.loads(out)
        jsonschema.validate(data, json.loads(REPORT_SCHEMA_FILE.read_text(encoding="utf-8")))
        assert (1, False) == (code, data["gate"]["passed"])
        assert data["baseline"]["digest"] == dime.digest(dime.load(old))
        assert data["digest"] == dime.digest(dime.load(new))
        assert [r["code"] for r in data["baseline"]["appeared"]]
