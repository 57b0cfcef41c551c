"""Tidy rows as a pandas data frame: ordered categoricals for the grid, real dates and datetimes.

Every ``records()`` method gives plain dicts (wire values, ISO 8601 text)
so that any data-frame library reads them.  :func:`to_frame` is the step a
pandas user wants next: the columns that name a pillar, a layer, a
severity, a stage (and the library's other fixed vocabularies) become
ordered categoricals in the framework's order, the columns that hold a
moment become datetimes.  pandas is imported only when it is called.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, Final

from dime._balance import Severity, Signal
from dime._framework import FeedbackFolder, Layer, Mindset, Pillar
from dime._model import Channel, FeedbackKind, ImprovementStep, Stage
from dime.exceptions import DimeError, InvalidFieldError, Problem

__all__ = ["CATEGORIES", "DATES", "DATETIMES", "to_frame"]

#: The columns made ordered categoricals, with their categories in order (lowest first).
CATEGORIES: Final[Mapping[str, tuple[str, ...]]] = {
    "pillar": tuple(p.letter for p in Pillar),
    "layer": tuple(layer.value for layer in Layer),
    "severity": tuple(s.value for s in sorted(Severity)),
    "stage": tuple(s.value for s in Stage),
    "signal": tuple(s.value for s in Signal),
    "channel": tuple(c.value for c in Channel),
    "folder": tuple(f.value for f in FeedbackFolder),
    "mindset": tuple(m.value for m in Mindset),
    "kind": tuple(k.value for k in FeedbackKind),
    "step": tuple(s.value for s in ImprovementStep),
}
#: The columns holding a moment with its UTC offset: datetimes in UTC.
DATETIMES: Final = frozenset({"received", "now"})
#: The columns holding a day: dates (``datetime64`` at midnight, no time zone).
DATES: Final = frozenset({"started", "finished", "on", "last", "start", "end"})


def _rows(rows: object) -> list[Mapping[str, object]]:
    if isinstance(rows, (str, bytes, Mapping)) or not isinstance(rows, Iterable):
        raise InvalidFieldError(
            [Problem("to_frame.rows", f"expected rows (dicts), got {type(rows).__name__}")]
        )
    listed = list(rows)
    problems = [
        Problem(f"to_frame.rows[{i}]", f"expected a dict, got {type(row).__name__}")
        for i, row in enumerate(listed)
        if not isinstance(row, Mapping)
    ]
    if problems:
        raise InvalidFieldError(problems)
    return listed


def _moment(value: object, *, day: bool) -> datetime | date | None:
    if value is None:
        return None
    if day and isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not day and isinstance(value, datetime) and value.tzinfo is not None:
        return value
    if isinstance(value, str):
        try:
            parsed: date | datetime = (
                date.fromisoformat(value) if day else datetime.fromisoformat(value)
            )
        except ValueError:
            pass
        else:
            if day or (isinstance(parsed, datetime) and parsed.tzinfo is not None):
                return parsed
    raise ValueError(value)


def _categorical(pd: Any, frame: Any, name: str, problems: list[Problem]) -> None:  # noqa: ANN401
    """Make ``frame[name]`` an ordered categorical, or say which values do not fit."""
    allowed = CATEGORIES[name]
    values = list(frame[name])
    bad = [
        (i, v)
        for i, v in enumerate(values)
        if v is not None and v == v and v not in allowed  # noqa: PLR0124 - NaN
    ]
    problems += [
        Problem(
            f"to_frame.rows[{i}].{name}",
            f"expected one of {', '.join(allowed)} or None, got {v!r}",
        )
        for i, v in bad
    ]
    if not bad:
        frame[name] = pd.Categorical(values, categories=list(allowed), ordered=True)


def _moments(pd: Any, frame: Any, name: str, problems: list[Problem]) -> None:  # noqa: ANN401
    """Make ``frame[name]`` dates or UTC datetimes, or say which values do not fit."""
    day = name in DATES
    parsed: list[object] = []
    for i, v in enumerate(frame[name]):
        try:
            parsed.append(_moment(None if v != v else v, day=day))  # noqa: PLR0124 - NaN
        except ValueError:
            what = "an ISO 8601 date" if day else "an ISO 8601 datetime with an offset"
            problems.append(Problem(f"to_frame.rows[{i}].{name}", f"expected {what}, got {v!r}"))
    if len(parsed) == len(frame):
        frame[name] = pd.to_datetime(pd.Series(parsed, dtype=object), utc=not day)


def to_frame(rows: Iterable[Mapping[str, object]]) -> Any:  # noqa: ANN401 - a pandas DataFrame
    """The rows of any ``records()`` method as a pandas data frame with proper dtypes.

    Columns named in :data:`CATEGORIES` (``pillar`` D, I, M, E; ``layer``
    coordination to responsibility; ``severity`` info < warning < error;
    ``stage`` pre-purchase to post-purchase; and ``signal``, ``channel``,
    ``folder``, ``mindset``, ``kind``, ``step``) become ordered
    categoricals, so that they sort in the framework's order and compare
    (``frame[frame.severity >= "warning"]``).  ``received`` and ``now``
    become datetimes in UTC; ``started``, ``finished``, ``on``, ``last``,
    ``start`` and ``end`` dates (``datetime64`` without a time zone).
    Other columns are left as pandas reads them.

    A value outside its column's categories, or one that is not a date or
    datetime where one is expected, is an error: nothing is turned into a
    missing value behind the user's back.

    Args:
        rows: Dicts, such as ``report.records("findings")``,
            ``framework.records("feedback")`` or ``trend.records()``.

    Returns:
        A ``pandas.DataFrame``, one row per dict, in order.

    Raises:
        InvalidFieldError: ``rows`` are not dicts, or a value does not fit
            its column; every such value is listed.
        DimeError: pandas is not installed.

    >>> import dime
    >>> report = dime.check(dime.example())
    >>> findings = dime.to_frame(report.records("findings"))
    >>> list(findings["severity"].cat.categories)
    ['info', 'warning', 'error']
    >>> int((findings["severity"] >= "warning").sum()) == sum(
    ...     f.severity >= dime.Severity.WARNING for f in report.findings)
    True
    >>> feedback = dime.to_frame(dime.example().records("feedback"))
    >>> feedback["received"].dt.tz, feedback["received"].min().year
    (datetime.timezone.utc, 2025)
    """
    listed = _rows(rows)
    try:
        import pandas as pd  # noqa: PLC0415 - an optional dependency, only when asked
    except ImportError:
        raise DimeError("to_frame needs pandas: pip install pandas") from None
    frame = pd.DataFrame.from_records(listed) if listed else pd.DataFrame()
    problems: list[Problem] = []
    for column in frame.columns:
        name = str(column)
        if name in CATEGORIES:
            _categorical(pd, frame, name, problems)
        elif name in DATETIMES or name in DATES:
            _moments(pd, frame, name, problems)
    if problems:
        raise InvalidFieldError(problems)
    return frame
