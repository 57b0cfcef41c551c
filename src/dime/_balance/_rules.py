"""The built-in rules, each a :class:`Rule` defined exactly as a rule of your own would be.

They live in four modules, by group, and run in the order of :data:`FIRST`
(then any rule packs, then :data:`LAST`), so that a rule can link its
findings to those of the rules before it.  Roots are the concrete facts:
a whole layer's absence, an unheld mindset (which owns its column), one
folder holding all the feedback, a neglected pillar, an area's own neglect,
a touchpoint nobody owns.  What follows from them runs after them: the
areas after their layer, mindset, folder or pillar, the
dominant areas and pillars (context for a neglect) after the neglect, the
unfiled feedback after the unowned touchpoints, complaints left unfiled
after the touchpoint whose complaints rose, an area's score after its
attention.
"""

from __future__ import annotations

from typing import Final

from dime._balance._rules_checker import (
    SIGNAL_NOT_EVALUATED,
    WAIVER_EXPIRED,
    WAIVER_UNUSED,
    WORK_PLANNED,
    WORK_UNDATED,
)
from dime._balance._rules_grid import (
    AREA_ABSENT,
    AREA_DOMINANT,
    AREA_FADING,
    AREA_GOING_QUIET,
    AREA_NEGLECTED,
    AREA_QUIET,
    AREA_THIN_BUT_SOUND,
    LAYER_ABSENT,
    LAYER_QUIET,
    PILLAR_DOMINANT,
    PILLAR_NEGLECTED,
)
from dime._balance._rules_loop import (
    COMPLAINTS_UNANSWERED,
    DEPARTMENT_BELOW_TARGET,
    MEASURE_NOT_EVALUATED,
    OUTCOME_WORSE,
    WORK_WITHOUT_OUTCOME,
)
from dime._balance._rules_mindsets import (
    CONSTRUCTIVE_WITHOUT_SUPPORT,
    MINDSET_CROSSOVER,
    MINDSET_UNHELD,
    MINDSET_WITHOUT_MATERIAL,
    OPERATIONAL_OUTSIDE_OPERATIONS,
)
from dime._balance._rules_records import (
    AREA_LAGGING,
    AREA_UNASSESSED,
    COMPLAINTS_UNFILED,
    DEPARTMENT_UNALIGNED,
    DEPARTMENT_UNMEASURED,
    FEEDBACK_ONE_FOLDER,
    FEEDBACK_UNFILED,
    PILLAR_UNSERVED,
    STAGE_UNCOVERED,
    TOUCHPOINT_UNHEARD,
    TOUCHPOINT_UNOWNED,
    WORK_UNMEASURED,
)
from dime._balance._rules_scores import SCORE_RULES, TOUCHPOINT_COMPLAINTS_RISING

__all__ = ["BUILTIN", "FIRST", "LAST"]


#: The built-in rules, in the order they run; rule packs run between FIRST and LAST.
FIRST: Final = (
    SIGNAL_NOT_EVALUATED,
    WORK_PLANNED,
    WORK_UNDATED,
    LAYER_ABSENT,
    LAYER_QUIET,
    MINDSET_UNHELD,
    FEEDBACK_ONE_FOLDER,
    PILLAR_NEGLECTED,
    AREA_ABSENT,
    AREA_QUIET,
    AREA_NEGLECTED,
    AREA_THIN_BUT_SOUND,
    AREA_GOING_QUIET,
    AREA_FADING,
    PILLAR_DOMINANT,
    AREA_DOMINANT,
    CONSTRUCTIVE_WITHOUT_SUPPORT,
    TOUCHPOINT_UNOWNED,
    TOUCHPOINT_COMPLAINTS_RISING,
    FEEDBACK_UNFILED,
    COMPLAINTS_UNFILED,
    COMPLAINTS_UNANSWERED,
    MINDSET_WITHOUT_MATERIAL,
    OPERATIONAL_OUTSIDE_OPERATIONS,
    MINDSET_CROSSOVER,
    STAGE_UNCOVERED,
    TOUCHPOINT_UNHEARD,
    PILLAR_UNSERVED,
    DEPARTMENT_UNALIGNED,
    DEPARTMENT_UNMEASURED,
    DEPARTMENT_BELOW_TARGET,
    OUTCOME_WORSE,
    MEASURE_NOT_EVALUATED,
    AREA_UNASSESSED,
    AREA_LAGGING,
    WORK_UNMEASURED,
    WORK_WITHOUT_OUTCOME,
    *SCORE_RULES,
)
#: The waiver rules: they run after every other rule, rule packs included.
LAST: Final = (WAIVER_EXPIRED, WAIVER_UNUSED)
#: Every built-in rule, by code, in code order.
BUILTIN: Final = {rule.code: rule for rule in sorted((*FIRST, *LAST), key=lambda r: r.code)}
