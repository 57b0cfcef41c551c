"""The balance checker: measure the attention each area gets, find what is neglected, say why."""

from __future__ import annotations

from dime._balance._attention import Attention, AttentionStatus, EvidenceKind
from dime._balance._catalogue import explain, rule_codes
from dime._balance._check import check, observe
from dime._balance._common import Severity, Signal
from dime._balance._finding import Finding, FindingRef, Waiver
from dime._balance._policy import Policy
from dime._balance._report import Report
from dime._balance._rule import LIBRARY_HEURISTIC, Rule
from dime._balance._tally import Tally
from dime._balance._trend import Movement, Period, Trend, trend
from dime._balance._view import BalanceView

__all__ = [
    "LIBRARY_HEURISTIC",
    "Attention",
    "AttentionStatus",
    "BalanceView",
    "EvidenceKind",
    "Finding",
    "FindingRef",
    "Movement",
    "Period",
    "Policy",
    "Report",
    "Rule",
    "Severity",
    "Signal",
    "Tally",
    "Trend",
    "Waiver",
    "check",
    "explain",
    "observe",
    "rule_codes",
    "trend",
]
