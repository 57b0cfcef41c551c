"""The one source of the rules' documentation: :func:`dime.explain` and docs/rules.md.

Run ``python -m dime._balance._catalogue > docs/rules.md`` after changing it;
a test fails while docs/rules.md is out of date.
"""

from __future__ import annotations

from typing import Final, NamedTuple

__all__ = ["CATALOGUE", "CODES", "RuleDoc", "explain_text", "rules_markdown"]


class RuleDoc(NamedTuple):
    """The documentation of one built-in rule."""

    code: str
    name: str
    severity: str
    summary: str
    meaning: str
    why: str
    example: str
    fix: str
    tune: str


_NEGLECT = (
    "The framework's central warning: when some areas are given priority, others are "
    'neglected, and "over time parts of the framework become non-existent". '
    '"Balanced means that all are equal, with nothing more important than the other."'
)

CATALOGUE: Final[tuple[RuleDoc, ...]] = (
    RuleDoc(
        "DIME001",
        "signal-not-evaluated",
        "warning",
        "A signal has no data in the window, so its balance could not be evaluated.",
        "One of the five signals (work, review, responsibility, touchpoints, assessments) "
        "has nothing to measure: no initiative under way in the window, no feedback, nobody "
        "holding a mindset, no touchpoint serving a pillar, or no assessment.  Its evenness "
        "is reported as not evaluated (None), never as even.",
        "Nothing is ever reported as balanced for lack of data: an organisation that records "
        "nothing about a part of the framework cannot know whether that part is withering.",
        "No area has been assessed, so the balance of assessments could not be evaluated.",
        "Start recording the missing records (assessments, responsibilities, touchpoints, "
        "initiatives or feedback), or, when checking a `Tally`, pass the framework's other "
        "records with `structure=`.",
        'Ignore it (`ignore = ["DIME001"]`) or waive it for one signal '
        '(`subject = "assessments"`).',
    ),
    RuleDoc(
        "DIME002",
        "waiver-expired",
        "warning",
        "A waiver in the policy has passed its expiry date.",
        "A waiver's `expires` day is before the report's `now`.  The waiver no longer "
        "applies: the findings it covered count again.",
        "A waiver is a promise to come back to a neglected part of the framework; an "
        "expired one means the promise is due.",
        "The waiver for DIME402 'warranty' expired on 2026-01-31: its findings count again.",
        "Deal with the findings, then remove the waiver, or give it a new expiry date and reason.",
        "Ignore it to let waivers lapse silently (not recommended).",
    ),
    RuleDoc(
        "DIME003",
        "waiver-unused",
        "info",
        "A waiver in the policy matched no finding.",
        "No finding matched the waiver's code, area, pillar, layer and subject, so it "
        "waives nothing.  Waivers for rules that are not selected are not reported.",
        "Like an unused suppression in a linter, a stale waiver hides the next real problem "
        "in the same place.",
        "The waiver for DIME101 'Organisational attitudes' matched no finding: remove it.",
        "Remove the waiver, or correct its code, area or subject.",
        "Ignore it.",
    ),
    RuleDoc(
        "DIME101",
        "area-absent",
        "error",
        "No work was done in an area within the window: it is becoming non-existent.",
        "No initiative in the area was under way at any time in the window.  Initiatives are "
        "placed in the window by their dates: from the day one started to the day it "
        "finished (still active: until `now`); planned ones never count.  Only checked once "
        "the organisation records initiatives at all.",
        _NEGLECT + "  An area with no work at all is that danger come true.",
        "Nothing was done in 'Organisational attitudes' (D, coordination) in the last 180 "
        "days: this area is becoming non-existent.",
        "Start even a small initiative in the area, with an owner, and record it.",
        "Lengthen `window` (in days) to look further back, or waive the area with a reason.",
    ),
    RuleDoc(
        "DIME102",
        "area-neglected",
        "warning",
        "An area got far less of the work than its target share.",
        "The area's share of the effort of initiatives under way in the window is more "
        "than zero but below `neglected_ratio` (default 0.5) times its target share "
        "(1/16 of the work with the default, equal targets).",
        _NEGLECT,
        "'Employee experience for engagement' (D, implementation) got 1.9% of the work in "
        "the last 180 days, against a target of 6.2%: it is being neglected.",
        "Move effort into the area, or start work there before starting more in the "
        "areas that dominate.",
        "Lower `neglected_ratio` to flag only deeper neglect, or change the area's share "
        "in `targets` if the organisation deliberately weights it less.",
    ),
    RuleDoc(
        "DIME103",
        "area-dominant",
        "warning",
        "An area took far more of the work than its target share.",
        "The area's share of the effort in the window is above `dominant_ratio` "
        "(default 2) times its target share.",
        _NEGLECT + "  A dominant area is usually where the priority went.",
        "'Customer experience for innovation' (E, implementation) took 40.7% of the work "
        "in the last 180 days, more than 2 times its target of 6.2%.",
        "Finish or pause work in the area and move effort to the neglected ones.",
        "Raise `dominant_ratio`, or raise the area's share in `targets`.",
    ),
    RuleDoc(
        "DIME104",
        "pillar-neglected",
        "warning",
        "A pillar (column of the grid) got far less of the work than its target share.",
        "The four areas of the pillar together got less than `pillar_neglected_ratio` "
        "(default 0.5) times the pillar's target share (the sum of its areas' targets) of "
        "the effort in the window.",
        _NEGLECT + '  Each pillar has its own aim: Deliberate, "Deliberately making customer '
        'service part of your business culture"; Interactions, "Developing human '
        'connections through customer service interactions"; Memorable, "Leaving positive '
        'memories with customers"; Experiences, "Designing total brand experiences at every '
        'point of customer contact".',
        "The Deliberate pillar got 4.1% of the work in the last 180 days, against a target "
        "of 25.0%.",
        "Plan work in the pillar's areas, starting with its coordination area (the foundation).",
        "Lower `pillar_neglected_ratio`, or change the pillar's areas in `targets`.",
    ),
    RuleDoc(
        "DIME105",
        "layer-neglected",
        "warning",
        "A layer (row of the grid) got far less of the work than its target share.",
        "The four areas of the layer together got less than `layer_neglected_ratio` "
        "(default 0.5) times the layer's target share of the effort in the window.",
        _NEGLECT + "  The layers build on each other: coordination (the foundations: sort "
        "what you know), implementation (what you do that leads to success), review "
        "(folders for incoming feedback) and responsibility (the mindsets of the people "
        "who own it).",
        "The review layer got 6.0% of the work in the last 180 days, against a target of 25.0%.",
        "Plan work in the layer's areas.",
        "Lower `layer_neglected_ratio`, or change the layer's areas in `targets`.",
    ),
    RuleDoc(
        "DIME106",
        "area-fading",
        "warning",
        "An area's share of the work in the recent half of the window fell well below "
        "its share in the earlier half.",
        "The window is cut in two halves; an initiative counts in each half it was under "
        "way in.  The area's share of the recent half's effort is below `fading_ratio` "
        "(default 0.5) times its share of the earlier half's.",
        _NEGLECT + "  Fading is how an area starts to become non-existent, caught early.",
        "Work on 'Customer care for improvement' (I, implementation) is fading: its share "
        "fell from 14.0% of the work in the earlier half of the last 180 days to 3.0% in "
        "the recent half.",
        "Find out why the work stopped (an owner who left, a finished project with no "
        "follow-up) and plan the next initiative in the area.",
        "Lower `fading_ratio` to flag only steeper falls, or lengthen `window`.",
    ),
    RuleDoc(
        "DIME201",
        "mindset-unheld",
        "error",
        "Nobody holds one of the four mindsets.",
        "No responsibility record names the mindset.  Only checked once the organisation "
        "records responsibilities at all.",
        "The responsibility layer is the mindsets of the people who own the work: "
        'functional ("To correct"), operational ("To execute"), emotional ("To '
        'analyse") and constructive ("To grow").  A small organisation may have one '
        'person hold several, but each needs a holder; the constructive mindset "would '
        'not work without the support of the previous three".',
        "Nobody holds the 'Emotional: To analyse' mindset.",
        "Name a person or team to hold the mindset, even part-time, and record it.",
        "Waive it with a reason, or ignore it.",
    ),
    RuleDoc(
        "DIME202",
        "mindset-thin",
        "warning",
        "A mindset is held by far less capacity than the others.",
        "The summed share of time of the mindset's holders, as a share of all four "
        "mindsets' capacity, is below `thin_ratio` (default 0.5) times its target share.",
        "Balanced means that all are equal: a mindset held by a sliver of one person's "
        "time is present on paper only.",
        "The 'Functional: To correct' mindset is held by 2 holders with 0.50 of their "
        "time in all: 12.0% of the capacity, against a target of 25.0%.",
        "Give the holders more time for the mindset, or add holders.",
        "Lower `thin_ratio`, or change the responsibility row in `targets`.",
    ),
    RuleDoc(
        "DIME203",
        "growth-without-support",
        "warning",
        "Constructive, Experiences-pillar work is strong while the Deliberate, "
        "Interactions or Memorable pillar is neglected.",
        "The Experiences pillar's share of the work is at least `growth_ratio` (default 1) "
        "times its target, or the constructive mindset's share of capacity is, while at "
        "least one of the other three pillars is below `pillar_neglected_ratio` times its "
        "target.  This rule singles out the Experiences pillar by design.",
        'The constructive mindset ("To grow") plans growth and added value, and "would '
        'not work without the support of the previous three".  Growth built on neglected '
        "foundations does not last.",
        "Growth is outrunning its support: the Experiences pillar took 58.9% of the work "
        "in the last 180 days while the Deliberate pillar got 4.1%.",
        "Hold new growth work until the neglected pillars have work under way.",
        "Raise `growth_ratio`, lower `pillar_neglected_ratio`, or ignore it.",
    ),
    RuleDoc(
        "DIME301",
        "feedback-unfiled",
        "warning",
        "Too large a share of the feedback received in the window was never filed.",
        "Of the feedback received in the window, junk aside (junk with no folder is "
        "thrown away, as it should be), more than `max_unfiled_share` (default 10%) has no "
        "folder.",
        'The framework is a filing system for customer-experience data, "so that nothing '
        'is lost": feedback comes in "thick and fast" and costs nothing, and the review '
        "layer's folders are where it is kept and used.",
        "16.9% of the feedback received in the last 180 days (245 of 1450 items, junk "
        "aside) was never filed in a folder.",
        "File the backlog, and give whoever receives feedback a simple way to file it.",
        "Raise `max_unfiled_share`.",
    ),
    RuleDoc(
        "DIME302",
        "folder-empty",
        "error",
        "A feedback folder received nothing in the window.",
        "No feedback received in the window was filed in the folder.  Only checked once "
        "feedback was received in the window.",
        _NEGLECT + "  An empty folder means that part of the review layer is not used at all.",
        "Nothing was filed in 'Planning for customers' (E, review) in the last 180 days.",
        "Decide which feedback belongs in the folder and file it there.",
        "Lengthen `window`, or waive the folder with a reason.",
    ),
    RuleDoc(
        "DIME303",
        "folder-neglected",
        "warning",
        "A feedback folder got far less of the filed feedback than its target share.",
        "Of the feedback received and filed in the window, the folder got more than none "
        "but less than `folder_neglected_ratio` (default 0.5) times its target share "
        "(the review row's targets, scaled to sum to 1).",
        _NEGLECT,
        "'Planning for customers' (E, review) got 1.2% of the feedback filed in the last "
        "180 days, against a target of 25.0%.",
        "Review how feedback is sorted: some of what lands in the busiest folders may belong here.",
        "Lower `folder_neglected_ratio`, or change the review row in `targets`.",
    ),
    RuleDoc(
        "DIME401",
        "stage-uncovered",
        "error",
        "A stage of the buying cycle has no touchpoint.",
        "No touchpoint belongs to the stage (pre-purchase, purchase or post-purchase).  "
        "Only checked once the organisation records touchpoints.",
        "Every purchase has a pre-purchase, a purchase and a post-purchase stage, and "
        "improving the experience means dissecting every touchpoint; a stage with none is "
        "a part of the customer's journey nobody looks at.",
        "No touchpoint covers the post-purchase stage of the buying cycle.",
        "Record the touchpoints customers meet in that stage (or create one).",
        'Waive the stage with a reason (`subject = "post_purchase"`).',
    ),
    RuleDoc(
        "DIME402",
        "touchpoint-unowned",
        "warning",
        "A touchpoint has no owning department.",
        "The touchpoint's `owner` is not set.",
        "Customer experience is not one department's job, but each touchpoint needs "
        "someone who improves it; an unowned contact point is one nobody dissects.",
        "Nobody owns the touchpoint 'Warranty claims' (mail, post-purchase).",
        "Give the touchpoint an owner department.",
        "Waive the touchpoint by its id (`subject`).",
    ),
    RuleDoc(
        "DIME403",
        "touchpoint-unheard",
        "warning",
        "No feedback came through a touchpoint in the window.",
        "No feedback received in the window names the touchpoint (it counts the last day "
        "the touchpoint was heard from).  Only checked once some feedback in the window "
        "names a touchpoint.",
        "Every contact point produces customer-experience data; one that is never heard "
        "from is a blind spot in the filing system.",
        "No feedback came through the touchpoint 'Warranty claims' (mail, post-purchase) "
        "in the last 180 days; it was never heard from.",
        "Add a way for customers to give feedback there, and link that feedback to the touchpoint.",
        "Lengthen `window`, or waive the touchpoint by its id.",
    ),
    RuleDoc(
        "DIME404",
        "pillar-unserved",
        "warning",
        "No touchpoint serves a pillar.",
        "No touchpoint lists the pillar among those it serves.  Only checked once the "
        "organisation records touchpoints.",
        'The pillars meet customers at the touchpoints: Experiences aims at "total brand '
        'experiences at every point of customer contact", and the other three are lived '
        "there too.  A pillar no touchpoint serves is invisible to customers.",
        "No touchpoint serves the Deliberate pillar (D).",
        "Record which pillars each touchpoint serves, and design touchpoints for the missing one.",
        "Waive the pillar with a reason.",
    ),
    RuleDoc(
        "DIME501",
        "department-unaligned",
        "warning",
        "A department has no customer-experience objective.",
        "The department's `objective` is not set.",
        "Customer experience is not one department's job: every department shapes it, "
        'and each silo must be "aligned on a customer-experience objective".',
        "The IT department has no customer-experience objective.",
        "Agree a customer-experience objective with the department and record it.",
        "Waive the department by its name (`subject`).",
    ),
    RuleDoc(
        "DIME502",
        "department-unmeasured",
        "warning",
        "A department is not measured on customer experience.",
        "The department has no `measures`.",
        "Each silo must be measured as well as aligned; an objective nobody measures is a wish.",
        "The Sales department is not measured on customer experience.",
        "Choose one or two measures for the department's objective and record them.",
        "Waive the department by its name (`subject`).",
    ),
    RuleDoc(
        "DIME601",
        "area-unassessed",
        "warning",
        "An area has not been assessed recently, or ever.",
        "The area has no assessment, or its latest is older than `assessment_max_age` "
        "(default 730 days) before `now`.  Only checked once the organisation records "
        "assessments.",
        "The balance checker can count work and feedback, but only people can judge how "
        "well an area is doing; an area never assessed is one whose neglect nobody would "
        "notice.",
        "'Improving with customers' (M, review) has never been assessed.",
        "Include the area in the next self-assessment round.",
        "Raise `assessment_max_age` (in days), or waive the area.",
    ),
    RuleDoc(
        "DIME602",
        "area-lagging",
        "warning",
        "An area's latest assessment score is well below the others'.",
        "The area's latest score (the mean of the scores given on its latest assessment "
        "day) is at least `lagging_gap` (default 1.5) points, on the 0 to 5 scale, below "
        "the mean of the other assessed areas' latest scores.",
        "Balanced means that all are equal: an area the organisation itself scores far "
        "below the rest is the one being neglected.",
        "'Organisational attitudes' (D, coordination) scored 1.5 of 5 at its latest "
        "assessment, 1.8 points below the mean of the other areas (3.3).",
        "Plan work in the area and assess it again.",
        "Raise `lagging_gap`.",
    ),
    RuleDoc(
        "DIME701",
        "initiative-never-measured",
        "info",
        'Done initiatives never reached the "measure" step of the improvement cycle.',
        'Initiatives whose status is done but whose step is before "Measure the '
        'results" (or not set), counted per area.',
        "The framework's improvement cycle: know the real customer need; deliver service "
        'based on it; find the problems across all contact points; fix them; "measure '
        'the results"; keep building support to reinforce the system.  Work never '
        "measured cannot show it helped.",
        "2 done initiatives in 'Customer experience for innovation' (E, implementation) "
        "never reached the 'Measure the results' step, such as 'One-page web checkout'.",
        "Measure the results of those initiatives and record the step.",
        'Raise its severity with `severity = {"DIME701" = "warning"}`, or ignore it.',
    ),
)

#: Every built-in rule code, in order.
CODES: Final[tuple[str, ...]] = tuple(doc.code for doc in CATALOGUE)
BY_CODE: Final[dict[str, RuleDoc]] = {doc.code: doc for doc in CATALOGUE}


def explain_text(doc: RuleDoc) -> str:
    """The plain-text page of one rule."""
    return "\n\n".join(
        [
            f"{doc.code} {doc.name} ({doc.severity})\n{doc.summary}",
            f"What it means:\n{doc.meaning}",
            f"Why the framework cares:\n{doc.why}",
            f"Example:\n{doc.example}",
            f"How to fix it:\n{doc.fix}",
            f"How to tune it:\n{doc.tune}",
        ]
    )


_POLICY_FILE = """\
## Policy files

A policy tunes the checker.  In Python, build a `dime.Policy`; in a file, write the
same fields as JSON or TOML and read it with `dime.Policy.from_mapping` (which names
the key of every problem it finds).  Durations are whole days; severities are
`"error"`, `"warning"` and `"info"`; `fail_on` may also be `"never"`.  Every key is
optional; unknown keys are errors.

```toml
fail_on = "error"          # the least severity that fails the check, or "never"
select = ["ALL"]           # codes or prefixes, like ruff: ["DIME1", "DIME201"]
ignore = ["DIME7"]         # the longer matching entry wins; on a tie, ignore wins
window = 180               # days of activity that count
neglected_ratio = 0.5      # DIME102
dominant_ratio = 2.0       # DIME103
pillar_neglected_ratio = 0.5  # DIME104, DIME203
layer_neglected_ratio = 0.5   # DIME105
fading_ratio = 0.5         # DIME106
thin_ratio = 0.5           # DIME202
growth_ratio = 1.0         # DIME203
max_unfiled_share = 0.1    # DIME301
folder_neglected_ratio = 0.5  # DIME303
assessment_max_age = 730   # DIME601, days
lagging_gap = 1.5          # DIME602, points of 5

[severity]
DIME103 = "info"

# targets: all 16 areas, each more than 0, summing to 1 (equal by default)
# [[targets]]
# pillar = "D"
# layer = "coordination"
# share = 0.0625

[[waivers]]
code = "DIME402"
subject = "warranty"       # or area = { pillar = "D", layer = "review" }, pillar, layer
reason = "Warranty claims move to Operations in January"
expires = 2027-01-31       # optional; a string "2027-01-31" in JSON
```

```python
import tomllib

import dime

with open("dime-policy.toml", "rb") as f:
    policy = dime.Policy.from_mapping(tomllib.load(f))
report = dime.check(dime.example(), policy=policy)
```

A waived finding stays in the report with its waiver; an expired waiver no longer
applies and is reported as `DIME002`, and one that matched nothing as `DIME003`.

## Rules of your own

A rule is a `dime.Rule`: a code (upper-case letters then digits; `DIME` is reserved),
a name, a default severity, documentation, and a function that takes the checker's
`dime.BalanceView` and returns findings with that code.  Pass rules in the policy
(`dime.Policy(rules=[...])`, or `Policy.from_mapping(data, rules=[...])`): they are
selected, ignored, waived and given severities like the built-in ones, and
`dime.explain(code, policy=policy)` shows their documentation.  There is no global
registry: a rule applies only where its policy is used.
"""


def rules_markdown() -> str:
    """The whole of docs/rules.md."""
    lines = [
        "# Rules",
        "",
        "<!-- Made by `python -m dime._balance._catalogue > docs/rules.md`; do not edit. -->",
        "",
        (
            "`dime.check` reads five signals over a window of recent activity (180 days by "
            "default, ending at the latest timestamp in the framework): **work** (the effort of "
            "initiatives under way, per area), **review** (feedback filed per folder), "
            "**responsibility** (the share of holders' time per mindset), **touchpoints** "
            "(per stage, channel and pillar) and **assessments** (the latest score per area).  "
            "Each is balanced against the policy's target shares (equal by default) with "
            "Pielou's evenness, generalised to unequal targets as "
            "`1 - KL(shares || targets) / log(1 / smallest target)`: 1 on target, 0 with "
            "everything in one area, and *not evaluated* (None) with no data.  The overall "
            "evenness is the mean of the signals that could be evaluated."
        ),
        "",
        (
            "An initiative counts in the window, in full, if it was under way at any time in it: "
            "from the day it started to the day it finished (still active: until `now`; done or "
            "dropped with no finish day: on its start day only); planned initiatives never count."
        ),
        "",
        (
            "Codes are grouped: `DIME0xx` the checker itself, `DIME1xx` areas, pillars and layers, "
            "`DIME2xx` mindsets, `DIME3xx` feedback, `DIME4xx` touchpoints, `DIME5xx` departments, "
            "`DIME6xx` assessments and `DIME7xx` the improvement cycle.  `dime.explain(code)` "
            "shows the same text as below."
        ),
        "",
        "| code | name | default severity | summary |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {d.code} | {d.name} | {d.severity} | {d.summary} |" for d in CATALOGUE]
    lines.append("")
    for d in CATALOGUE:
        lines += [
            f"## {d.code}",
            "",
            f"**{d.name}** (default severity: {d.severity}). {d.summary}",
            "",
            f"**What it means.** {d.meaning}",
            "",
            f"**Why the framework cares.** {d.why}",
            "",
            f"**Example.** {d.example}",
            "",
            f"**How to fix it.** {d.fix}",
            "",
            f"**How to tune it.** {d.tune}",
            "",
        ]
    return "\n".join(lines) + "\n" + _POLICY_FILE


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(rules_markdown())
