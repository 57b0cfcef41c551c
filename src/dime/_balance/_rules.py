"""The built-in rules, each a :class:`Rule` defined exactly as a rule of your own would be.

They live in four modules, by group, and run in the order of :data:`FIRST`
(then any rule packs, then :data:`LAST`), so that a rule can link its
findings to those of the rules before it: the layer before its areas, the
unfiled feedback before the complaints, an area's neglect before its
assessment.
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
    AREA_NEGLECTED,
    AREA_QUIET,
    LAYER_ABSENT,
    LAYER_QUIET,
    PILLAR_DOMINANT,
    PILLAR_NEGLECTED,
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
    FEEDBACK_UNFILED,
    PILLAR_UNSERVED,
    STAGE_UNCOVERED,
    TOUCHPOINT_UNHEARD,
    TOUCHPOINT_UNOWNED,
    WORK_UNMEASURED,
)

__all__ = ["BUILTIN", "FIRST", "LAST"]


#: The built-in rules, in the order they run; rule packs run between FIRST and LAST.
FIRST: Final = (
    SIGNAL_NOT_EVALUATED,
    WORK_PLANNED,
    WORK_UNDATED,
    LAYER_ABSENT,
    LAYER_QUIET,
    FEEDBACK_UNFILED,
    COMPLAINTS_UNFILED,
    PILLAR_NEGLECTED,
    PILLAR_DOMINANT,
    MINDSET_UNHELD,
    AREA_ABSENT,
    AREA_QUIET,
    AREA_NEGLECTED,
    AREA_DOMINANT,
    AREA_FADING,
    CONSTRUCTIVE_WITHOUT_SUPPORT,
    MINDSET_WITHOUT_MATERIAL,
    OPERATIONAL_OUTSIDE_OPERATIONS,
    MINDSET_CROSSOVER,
    STAGE_UNCOVERED,
    TOUCHPOINT_UNOWNED,
    TOUCHPOINT_UNHEARD,
    PILLAR_UNSERVED,
    DEPARTMENT_UNALIGNED,
    DEPARTMENT_UNMEASURED,
    AREA_UNASSESSED,
    AREA_LAGGING,
    WORK_UNMEASURED,
)
#: The waiver rules: they run after every other rule, rule packs included.
LAST: Final = (WAIVER_EXPIRED, WAIVER_UNUSED)
#: Every built-in rule, by code, in code order.
BUILTIN: Final = {rule.code: rule for rule in sorted((*FIRST, *LAST), key=lambda r: r.code)}
