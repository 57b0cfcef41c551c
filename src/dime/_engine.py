"""Tallies computed by the engine that holds the data, through narwhals.

:func:`tally_from_frame` builds exactly the :class:`~dime.Tally` that
:meth:`~dime.Tally.from_records` builds from the same rows as records, but
the feedback (the table that grows) never becomes Python objects: the engine
(pandas, polars, pyarrow, DuckDB, Dask, Spark, eager or lazy) computes each
item's UTC day and groups by (day, folder, kind) and by touchpoint, and only
the grouped rows (a few per day) come back to Python, where the tally's exact
arithmetic is finished.  The other tables hold an organisation's structure
(hundreds or thousands of rows): they are collected and built as records, so
that every check a record makes on itself, and every check the framework
makes across records, runs on them too.

Days are counted the same way everywhere: an instant's UTC day since
1970-01-01, from a column of datetimes with any time zone (Parquet's
instants) or of ISO 8601 text with any UTC offset (CSV).  Arithmetic on
whole numbers only, and only on numbers that are not negative, so that every
engine's division agrees with Python's.
"""

from __future__ import annotations

import enum
import glob
import importlib.util
import math
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from dime._balance._tally import ScoreKey, Tally, month_number
from dime._frames import (
    EPOCH,
    TableProblems,
    build_framework,
    frame_columns,
    narwhals,
    renames_for,
)
from dime._framework import FeedbackFolder
from dime._model import Channel, FeedbackKind
from dime._tables import TABLES
from dime.exceptions import DimeError, DimeFileError

if TYPE_CHECKING:
    from types import ModuleType

__all__ = ["scan_feedback_files", "tally_from_frame"]

_DAY_US: Final = 86_400_000_000
# Days from 0001-01-01 to 1970-01-01, plus one: added before dividing, so that every
# operand is positive for any moment a datetime can hold.
_SHIFT_DAYS: Final = 719_163
_ISO: Final = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
    r"(?:[Zz]|[+-][0-9]{2}:[0-9]{2})$"
)
_SHOWN: Final = 20
_STAND_IN: Final = "1970-01-01T00:00:00+00:00"

_FOLDER_SLOT: Final = {f.value: i for i, f in enumerate(FeedbackFolder)}
_KINDS: Final = {k.value for k in FeedbackKind}
_CHANNELS: Final = {c.value for c in Channel}


def _slot(folder: str | None, kind: str) -> int:
    """The slot a feedback item is counted in, as the tally's hot loop computes it."""
    if folder is None:
        return 5 if kind == "junk" else 12 if kind == "bill" else 4
    slot = _FOLDER_SLOT[folder]
    return slot | 8 if kind == "bill" else slot


class _Received(enum.Enum):
    DATETIME = "datetime"
    TEXT = "text"


def _day_of_datetimes(nw: ModuleType, frame: Any, column: str) -> Any:  # noqa: ANN401
    """The UTC day (since 1970-01-01) of a column of aware datetimes, as an engine expression."""
    col = nw.col(column)
    impl = frame.implementation
    if impl.is_pyspark() or impl.is_pyspark_connect() or impl.is_sqlframe():
        # Spark casts an instant to whole seconds since 1970 (rounding down).
        seconds = col.cast(nw.Int64)
        return (seconds + _SHIFT_DAYS * 86_400) // 86_400 - _SHIFT_DAYS
    micros = col.dt.timestamp("us")
    return (micros + _SHIFT_DAYS * _DAY_US) // _DAY_US - _SHIFT_DAYS


def _duckdb_days(nw: ModuleType, frame: Any) -> Any:  # noqa: ANN401 - a narwhals frame
    """The frame with ``__day``, by DuckDB's own count of microseconds since 1970.

    The difference of two instants is an interval of calendar days in the
    connection's time zone, whose days are not all 24 hours long; DuckDB's
    ``epoch_us`` counts the instant itself.
    """
    relation = frame.to_native()
    shift = _SHIFT_DAYS * _DAY_US
    day = f'(epoch_us("received") + {shift}) // {_DAY_US} - {_SHIFT_DAYS}'
    return nw.from_native(relation.project(f'*, ({day})::BIGINT AS "__day"'))


def _with_text_parts(nw: ModuleType, frame: Any, column: str) -> Any:  # noqa: ANN401
    """The frame with the UTC ``__day``, ``__instant`` and ``__offset`` of ISO 8601 text.

    Null where the text is not such a moment.  Computed in stages of small
    columns, so that an engine that writes each expression out in full (SQL)
    never sees one the size of the whole calculation.
    """
    c = nw.col
    raw = c(column)
    frame = frame.with_columns(__ok=raw.str.contains(_ISO).fill_null(value=False))
    # Every cast reads well-formed digits, on every row: an eager engine (pandas) casts
    # all of a column before ``when`` picks the rows, so the others read a stand-in.
    frame = frame.with_columns(
        __t=nw.when(c("__ok")).then(raw.cast(nw.String)).otherwise(nw.lit(_STAND_IN))
    )
    t = c("__t")
    tail = t.str.slice(19)
    zone = tail.str.replace_all(r"^\.[0-9]+", "")
    frame = frame.with_columns(
        __y=t.str.slice(0, 4).cast(nw.Int64),
        __mo=t.str.slice(5, 2).cast(nw.Int64),
        __d=t.str.slice(8, 2).cast(nw.Int64),
        __s=t.str.slice(11, 2).cast(nw.Int64) * 3600
        + t.str.slice(14, 2).cast(nw.Int64) * 60
        + t.str.slice(17, 2).cast(nw.Int64),
        __hms_ok=(t.str.slice(11, 2).cast(nw.Int64) <= 23)
        & (t.str.slice(14, 2).cast(nw.Int64) <= 59)
        & (t.str.slice(17, 2).cast(nw.Int64) <= 59),
        __zone=nw.when(zone.str.len_chars() == 6).then(zone).otherwise(nw.lit("+00:00")),
        __digits=nw.concat_str(
            [nw.lit("0"), tail.str.replace_all(r"[^0-9.].*$", "").str.replace_all(r"[.]", "")]
        ),
    )
    zone_h = c("__zone").str.slice(1, 2).cast(nw.Int64)
    zone_m = c("__zone").str.slice(4, 2).cast(nw.Int64)
    n_digits = c("__digits").str.len_chars() - 1
    scale = nw.lit(1)
    for digits, factor in ((5, 10), (4, 100), (3, 1_000), (2, 10_000), (1, 100_000)):
        scale = nw.when(n_digits == digits).then(factor).otherwise(scale)
    year, month, day = c("__y"), c("__mo"), c("__d")
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    month_days = (
        nw.when(month == 2)
        .then(nw.when(leap).then(29).otherwise(28))
        .otherwise(nw.when(month.is_in([4, 6, 9, 11])).then(30).otherwise(31))
    )
    frame = frame.with_columns(
        __off=nw.when(c("__zone").str.slice(0, 1) == "-").then(-1).otherwise(1)
        * (zone_h * 60 + zone_m),
        __micro=c("__digits").cast(nw.Int64) * scale,
        __valid=c("__ok")
        & (year >= 1)
        & (month >= 1)
        & (month <= 12)
        & (day >= 1)
        & (day <= month_days)
        & c("__hms_ok")
        & (zone_h <= 23)
        & (zone_m <= 59),
        # Days from civil (H. Hinnant), on operands that are never negative.
        __shifted=year - nw.when(month <= 2).then(1).otherwise(0),
        __doy=(153 * ((month + 9) % 12) + 2) // 5 + day - 1,
    )
    shifted = c("__shifted")
    era = shifted // 400
    yoe = shifted - era * 400
    frame = frame.with_columns(
        __local=era * 146_097 + yoe * 365 + yoe // 4 - yoe // 100 + c("__doy") - 719_468,
        __utc_s=c("__s") - c("__off") * 60,
    )
    utc_s = c("__utc_s")
    frame = frame.with_columns(
        __carry=nw.when(utc_s < 0).then(-1).otherwise(nw.when(utc_s >= 86_400).then(1).otherwise(0))
    )
    carry, valid = c("__carry"), c("__valid")
    utc_day = c("__local") + carry
    instant = utc_day * _DAY_US + (utc_s - carry * 86_400) * 1_000_000 + c("__micro")
    frame = frame.with_columns(
        __day=nw.when(valid).then(utc_day),
        __instant=nw.when(valid).then(instant),
        __offset=nw.when(valid).then(c("__off")),
    )
    return frame.drop(
        "__ok",
        "__t",
        "__y",
        "__mo",
        "__d",
        "__s",
        "__hms_ok",
        "__zone",
        "__digits",
        "__off",
        "__micro",
        "__valid",
        "__shifted",
        "__doy",
        "__local",
        "__utc_s",
        "__carry",
    )


def _missing_as_none(value: Any) -> Any:  # noqa: ANN401 - a cell of any engine
    """None for every engine's mark of a missing value (pandas' NaN, NA and NaT included)."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # noqa: PLR0124 - NaN
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    if type(value).__name__ == "Timestamp":
        return value.to_pydatetime()
    if type(value).__module__ == "numpy":
        return value.item()  # a numpy scalar, as pandas' aggregates give them
    return value


def _rows(frame: Any) -> Any:  # noqa: ANN401 - a narwhals data frame
    """The rows of a grouped frame as tuples of Python values, missing values as None.

    Column by column: an engine turns a whole column into Python values at once,
    far faster than row by row, and only pandas-like frames, whose missing marks
    are values of their own, need each cell looked at.
    """
    columns = [frame.get_column(name).to_list() for name in frame.columns]
    impl = frame.implementation
    if impl.is_pandas_like():
        columns = [[_missing_as_none(v) for v in column] for column in columns]
    return zip(*columns, strict=True)


def _collect(frame: Any) -> Any:  # noqa: ANN401 - a narwhals frame
    nw = narwhals()
    if isinstance(frame, nw.LazyFrame):
        if frame.implementation.is_polars():
            return frame.collect(engine="streaming")
        return frame.collect()
    return frame


def _quoted(value: object) -> str:
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text[:57]}...'" if len(text) > 60 else f"'{text}'"


class _Feedback:
    """One feedback table, as the engine sees it, and what is wrong with it."""

    def __init__(
        self,
        nw: ModuleType,
        native: Any,  # noqa: ANN401 - any frame
        renames: Mapping[str, str],
        problems: TableProblems,
    ) -> None:
        self.nw = nw
        self.problems = problems
        try:
            frame = nw.from_native(native)
        except TypeError:
            problems.add(
                "$.feedback",
                "expected a dataframe or lazy frame (pandas, polars, pyarrow, DuckDB, Dask, "
                f"Spark, ...), got {type(native).__name__}",
                wrong_type=True,
            )
            self.frame = None
            return
        if renames:
            present = (
                set(frame.collect_schema().names())
                if isinstance(frame, nw.LazyFrame)
                else set(frame.columns)
            )
            frame = frame.rename({k: v for k, v in renames.items() if k in present})
        self.frame = frame
        self.eager = isinstance(frame, nw.DataFrame)
        schema = frame.collect_schema() if hasattr(frame, "collect_schema") else frame.schema
        self.schema = dict(schema.items())
        self.received: _Received | None = None
        self.has_id = "id" in self.schema
        self.has_folder = "folder" in self.schema
        self.has_touchpoint = "touchpoint" in self.schema

    def check_columns(self) -> bool:
        nw, problems = self.nw, self.problems
        for name in ("received", "kind"):
            if name not in self.schema:
                problems.add("$.feedback", f"no column {name!r}, which every row needs")
        text_like = (nw.String, nw.Categorical, nw.Enum)
        for name in ("kind", "folder", "touchpoint", "id"):
            dtype = self.schema.get(name)
            if dtype is not None and not isinstance(dtype, text_like) and dtype != nw.String:
                problems.add(
                    f"$.feedback[*].{name}",
                    f"expected a column of text, got one of {dtype}",
                    wrong_type=True,
                )
        received = self.schema.get("received")
        if isinstance(received, nw.Datetime):
            if received.time_zone is None:
                problems.add(
                    "$.feedback[*].received",
                    "a column of datetimes without a time zone: their UTC day is unknown; "
                    "give the column a time zone (UTC, if they are in UTC)",
                    wrong_type=True,
                )
            else:
                self.received = _Received.DATETIME
        elif received is not None and (received == nw.String or isinstance(received, text_like)):
            self.received = _Received.TEXT
        elif received is not None:
            problems.add(
                "$.feedback[*].received",
                f"expected a column of datetimes with a time zone, or of ISO 8601 text, got one of {received}",
                wrong_type=True,
            )
        return not problems

    def prepared(self) -> Any:  # noqa: ANN401 - a narwhals frame
        """The frame with text columns as text and ``__day``, ``__instant``, ``__offset``."""
        nw = self.nw
        frame = self.frame
        assert frame is not None  # noqa: S101 - checked before
        casts = [
            nw.col(n).cast(nw.String)
            for n in ("kind", "folder", "touchpoint", "id")
            if n in self.schema and self.schema[n] != nw.String
        ]
        if casts:
            frame = frame.with_columns(*casts)
        if not self.has_folder:
            frame = frame.with_columns(nw.lit(None, dtype=nw.String).alias("folder"))
        if self.received is _Received.DATETIME:
            if frame.implementation.is_duckdb():
                return _duckdb_days(nw, frame)
            return frame.with_columns(__day=_day_of_datetimes(nw, frame, "received"))
        return _with_text_parts(nw, frame, "received")

    def locate(self, frame: Any, condition: Any, column: str, message: Any) -> None:  # noqa: ANN401
        """Name the rows where ``condition`` holds: by row number in a dataframe, else by id."""
        nw = self.nw
        if self.eager:
            found = _collect(
                frame.with_row_index("__row").filter(condition).select("__row", column).head(_SHOWN)
            )
            for row, value in found.iter_rows():
                self.problems.cell(
                    "feedback", row, column, message(_missing_as_none(value)), wrong_type=False
                )
            total = _collect(frame.filter(condition).select(nw.len())).item()
            if total > _SHOWN:
                self.problems.add(
                    f"$.feedback[*].{column}", f"and {total - _SHOWN:,} more rows like these"
                )
            return
        picked = ["id", column] if self.has_id and column != "id" else [column]
        found = _collect(frame.filter(condition).select(*picked).head(_SHOWN))
        total = _collect(frame.filter(condition).select(nw.len())).item()
        for row in found.iter_rows():
            value = _missing_as_none(row[-1])
            where = f"$.feedback[?(@.id=={_quoted(row[0])})]" if len(row) == 2 else "$.feedback[*]"
            self.problems.add(f"{where}.{column}", message(value))
        if total > _SHOWN:
            self.problems.add(
                f"$.feedback[*].{column}", f"and {total - _SHOWN:,} more rows like these"
            )


class _Heard(NamedTuple):
    """What a feedback table says of each touchpoint."""

    heard: dict[str, int]
    voices: dict[str, int]
    unfiled: dict[tuple[str, int], int]
    #: Complaints per (touchpoint, UTC month).
    complaint_months: dict[tuple[str, int], int]


def _touchpoint_counts(
    nw: ModuleType,
    frame: Any,  # noqa: ANN401 - a narwhals frame
) -> _Heard:
    """Per touchpoint: the last day heard from, how many items, the unfiled, the complaints."""
    heard: dict[str, int] = {}
    voices: dict[str, int] = {}
    unfiled: dict[tuple[str, int], int] = {}
    spoken = frame.filter(~nw.col("touchpoint").is_null() & ~nw.col("__day").is_null())
    by_touchpoint = _collect(
        spoken.group_by("touchpoint").agg(
            nw.col("__day").max().alias("__last"),
            nw.len().alias("__n"),
        )
    )
    for tp, last, n in _rows(by_touchpoint):
        if tp is not None and last is not None:
            heard[tp] = int(last)
            voices[tp] = int(n)
    # Feedback nobody filed, per touchpoint and day, complaints apart; junk aside.
    unfiled_rows = _collect(
        spoken.filter(nw.col("folder").is_null() & (nw.col("kind") != "junk"))
        .group_by("touchpoint", "__day", "kind")
        .agg(nw.len().alias("__n"))
    )
    slots = {kind: _slot(None, kind) for kind in _KINDS}
    for tp, day, kind, n in _rows(unfiled_rows):
        slot = slots.get(kind)
        if tp is not None and day is not None and slot is not None:
            key = (tp, (int(day) << 4) | slot)
            unfiled[key] = unfiled.get(key, 0) + int(n)
    # Complaints per touchpoint and day, then per month in Python: few rows, and the
    # month of a day is the library's own reckoning.
    bill_rows = _collect(
        spoken.filter(nw.col("kind") == "bill")
        .group_by("touchpoint", "__day")
        .agg(nw.len().alias("__n"))
    )
    complaint_months: dict[tuple[str, int], int] = {}
    for tp, day, n in _rows(bill_rows):
        if tp is not None and day is not None:
            key = (tp, month_number(int(day)))
            complaint_months[key] = complaint_months.get(key, 0) + int(n)
    return _Heard(heard, voices, unfiled, complaint_months)


def _feedback_tally(  # noqa: C901, PLR0912 - one pass, every kind of bad cell
    native: Any,  # noqa: ANN401 - any frame
    renames: Mapping[str, str],
    problems: TableProblems,
    touchpoints: set[str] | None,
) -> Tally | None:
    nw = narwhals()
    table = _Feedback(nw, native, renames, problems)
    if table.frame is None or not table.check_columns():
        return None
    frame = table.prepared()
    text = table.received is _Received.TEXT
    top = nw.col("__instant").max() if text else nw.col("received").max()
    grouped = _collect(
        frame.group_by("__day", "folder", "kind", drop_null_keys=False).agg(
            nw.len().alias("__n"), top.alias("__top")
        )
    )
    days: dict[int, int] = {}
    latest_instant: Any = None
    bad_kind = bad_folder = bad_day = False
    for given_day, folder, kind, n, top in _rows(grouped):
        skip = False
        if kind not in _KINDS:
            bad_kind = skip = True
        if folder is not None and folder not in _FOLDER_SLOT:
            bad_folder = skip = True
        if given_day is None:
            bad_day = skip = True
        if skip:
            continue
        # pandas holds a column of whole numbers with gaps as floats: every one is exact.
        day = int(given_day)
        moment = int(top) if text and top is not None else top
        key = (day << 4) | _slot(folder, kind)
        days[key] = days.get(key, 0) + n
        if moment is not None and (latest_instant is None or moment > latest_instant):
            latest_instant = moment
    allowed_kinds = ", ".join(k.value for k in FeedbackKind)
    found_before = len(problems.problems)
    if bad_kind:
        table.locate(
            frame,
            ~nw.col("kind").is_in(sorted(_KINDS)) | nw.col("kind").is_null(),
            "kind",
            lambda v: (
                "empty, but every row needs it"
                if v is None
                else f"{_quoted(v)} is not one of {allowed_kinds}"
            ),
        )
    if bad_folder:
        allowed = ", ".join(f.value for f in FeedbackFolder)
        table.locate(
            frame,
            ~nw.col("folder").is_in(sorted(_FOLDER_SLOT)) & ~nw.col("folder").is_null(),
            "folder",
            lambda v: f"{_quoted(v)} is not one of {allowed}",
        )
    if bad_day:
        table.locate(
            frame,
            nw.col("__day").is_null(),
            "received",
            lambda v: (
                "empty, but every row needs it"
                if v is None
                else f"expected an ISO 8601 date and time with a UTC offset, got {_quoted(v)}"
            ),
        )
    if (bad_kind or bad_folder or bad_day) and len(problems.problems) == found_before:
        # The engine grouped values it cannot find again: never count around them.
        problems.add("$.feedback", "holds values of kind, folder or received that cannot be read")
    spoken = _touchpoint_counts(nw, frame) if table.has_touchpoint else _Heard({}, {}, {}, {})
    unknown = sorted(set(spoken.heard) - touchpoints) if touchpoints is not None else []
    if unknown:
        table.locate(
            frame,
            nw.col("touchpoint").is_in(unknown),
            "touchpoint",
            lambda v: f"names touchpoint {_quoted(v)}, which is not in touchpoints",
        )
    if table.has_id:
        _check_ids(nw, table, frame)
    scores = _score_counts(nw, table, frame)
    if problems:
        return None
    latest = _latest(nw, frame, latest_instant, text=text)
    open_complaints, through = _open_complaints(nw, table, frame)
    return Tally(
        feedback_days=days,
        heard=spoken.heard,
        latest=latest,
        voices=spoken.voices,
        complaint_months=spoken.complaint_months,
        scores=scores,
        unfiled_by_touchpoint=spoken.unfiled,
        open_complaints=open_complaints,
        open_complaints_through=through,
    )


def _open_complaints(
    nw: ModuleType,
    table: _Feedback,
    frame: Any,  # noqa: ANN401 - a narwhals frame
) -> tuple[dict[str, int], dict[str, str]]:
    """The day of each complaint neither filed nor assigned, and its touchpoint, by its id."""
    if not table.has_id:
        return {}, {}
    condition = (nw.col("kind") == "bill") & nw.col("folder").is_null()
    if "assigned_to" in table.schema:
        condition &= nw.col("assigned_to").is_null()
    columns = ["id", "__day", *(["touchpoint"] if table.has_touchpoint else [])]
    found = _collect(frame.filter(condition & ~nw.col("__day").is_null()).select(*columns))
    days: dict[str, int] = {}
    through: dict[str, str] = {}
    for ref, day, *tp in _rows(found):
        if ref is None:
            continue
        days[str(ref)] = int(day)
        if tp and tp[0] is not None:
            through[str(ref)] = str(tp[0])
    return days, through


def _score_counts(
    nw: ModuleType,
    table: _Feedback,
    frame: Any,  # noqa: ANN401 - a narwhals frame
) -> dict[ScoreKey, int]:
    """How many rows gave each score value on each scale, per touchpoint, channel and month.

    The values may be numbers or text (a CSV read as text): text is read as a
    number per distinct value, and one that is not a finite number is a problem.
    A channel that is not one of :class:`~dime.Channel`'s is a problem too.
    """
    if "scale" not in table.schema or "value" not in table.schema:
        return {}
    value = table.schema["value"]
    text = not value.is_numeric()
    if text and value != nw.String and not isinstance(value, (nw.Categorical, nw.Enum)):
        given = frame.filter(~nw.col("value").is_null() & ~nw.col("scale").is_null())
        if _collect(given.select(nw.len())).item() == 0:
            return {}  # an empty column, of no type an engine can name
        table.problems.add(
            "$.feedback[*].value",
            f"expected a column of numbers, got one of {value}",
            wrong_type=True,
        )
        return {}
    casts = [nw.col("scale").cast(nw.String)]
    if text:
        casts.append(nw.col("value").cast(nw.String))
    if not table.has_touchpoint:
        casts.append(nw.lit(None, dtype=nw.String).alias("touchpoint"))
    if "channel" in table.schema:
        casts.append(nw.col("channel").cast(nw.String))
    else:
        casts.append(nw.lit(None, dtype=nw.String).alias("channel"))
    scored = frame.filter(~nw.col("scale").is_null() & ~nw.col("value").is_null()).with_columns(
        *casts
    )
    rows = _collect(
        scored.group_by(
            "touchpoint", "channel", "scale", "value", "__day", drop_null_keys=False
        ).agg(nw.len().alias("__n"))
    )
    counts, bad, bad_channel = _score_rows(rows)
    for given in sorted(bad)[:_SHOWN]:
        table.problems.add("$.feedback[*].value", f"{_quoted(given)} is not a finite number")
    if bad_channel:
        allowed = ", ".join(sorted(_CHANNELS))
        table.locate(
            scored,
            ~nw.col("channel").is_in(sorted(_CHANNELS)) & ~nw.col("channel").is_null(),
            "channel",
            lambda v: f"{_quoted(v)} is not one of {allowed}",
        )
    return counts


def _score_rows(rows: Any) -> tuple[dict[ScoreKey, int], set[str], bool]:  # noqa: ANN401
    """The counts of grouped score rows, the values that are not numbers, and any bad channel."""
    counts: dict[ScoreKey, int] = {}
    bad: set[str] = set()
    bad_channel = False
    months: dict[int, int] = {}
    for tp, channel, scale, given, day_given, n in _rows(rows):
        if channel is not None and channel not in _CHANNELS:
            bad_channel = True
            continue
        if day_given is None:
            continue  # a row without a day is named by the feedback tally
        day = int(day_given)
        month = months.get(day)
        if month is None:
            month = months[day] = month_number(day)
        try:
            number = float(given)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number):
            bad.add(str(given))
            continue
        # Engines hold numbers of their own types: count them as Python's, as records do.
        key = (tp, channel, scale, int(number) if number.is_integer() else number, month)
        counts[key] = counts.get(key, 0) + int(n)
    return counts, bad, bad_channel


def _hashes_apart(frame: Any) -> bool:  # noqa: ANN401 - a narwhals frame
    """Whether the engine's own 64-bit hashes of the ids are all different.

    Different hashes mean different ids, so the exact count of distinct ids,
    which holds every id in memory at once, is needed only when two hashes are
    the same: a repeated id, or (rarely) two ids with one hash.  False also
    where the engine's hash is not used (every engine but polars and DuckDB).
    """
    impl = frame.implementation
    native = frame.to_native()
    if impl.is_polars():
        import polars as pl  # noqa: PLC0415 - the user's engine, imported only for its frames

        # The hashes first, streamed from the ids (8 bytes a row, never every id at once),
        # then sorted: a repeated hash sits next to itself.
        query = native.select(pl.col("id").drop_nulls().hash())
        if isinstance(query, pl.LazyFrame):
            query = query.collect(engine="streaming")
        hashes = query.to_series().sort()
        return bool((hashes == hashes.shift(1)).sum() == 0)
    if impl.is_duckdb():
        # Sorted, a repeated hash sits next to itself: no table of every distinct hash.
        ((same,),) = (
            native.filter('"id" IS NOT NULL')
            .project('hash("id") AS h')
            .project("h = lag(h) OVER (ORDER BY h) AS same")
            .aggregate("count_if(same)")
            .fetchall()
        )
        return bool(same == 0)
    return False


def _check_ids(nw: ModuleType, table: _Feedback, frame: Any) -> None:  # noqa: ANN401
    counts = _collect(
        frame.select(nw.len().alias("rows"), nw.col("id").null_count().alias("empty"))
    )
    rows, empty = (_missing_as_none(v) or 0 for v in counts.row(0))
    if empty:
        table.locate(
            frame, nw.col("id").is_null(), "id", lambda _v: "empty, but every row needs it"
        )
    if _hashes_apart(frame):
        return
    distinct = _missing_as_none(_collect(frame.select(nw.col("id").n_unique())).item()) or 0
    # n_unique counts the null as one more value where there are nulls.
    if distinct - (1 if empty else 0) != rows - empty:
        repeated = _collect(
            frame.filter(~nw.col("id").is_null())
            .group_by("id")
            .agg(nw.len().alias("__times"))
            .filter(nw.col("__times") > 1)
            .sort("id")
            .head(_SHOWN)
        )
        for key, times in repeated.iter_rows():
            table.problems.add(
                f"$.feedback[?(@.id=={_quoted(key)})].id",
                f"duplicate id {_quoted(key)}, on {times} rows",
            )


def _latest(nw: ModuleType, frame: Any, top: Any, *, text: bool) -> datetime | None:  # noqa: ANN401
    if top is None:
        return None
    if not text:
        # An engine's instants carry no offset of their own (a column's zone, or a
        # connection's, is not the one each moment was given in): the latest is in UTC.
        moment: datetime = top
        return moment.astimezone(UTC)
    # Among items received at the latest instant, the one with the largest offset, as the
    # tally keeps it whatever the order.
    best = _missing_as_none(
        _collect(frame.filter(nw.col("__instant") == top).select(nw.col("__offset").max())).item()
    )
    zone = timezone(timedelta(minutes=best)) if best else UTC
    return (EPOCH + timedelta(microseconds=top)).astimezone(zone)


def tally_from_frame(  # noqa: C901, PLR0912 - one case per table
    *,
    feedback: Any = None,  # noqa: ANN401 - any frame
    touchpoints: Any = None,  # noqa: ANN401
    initiatives: Any = None,  # noqa: ANN401
    responsibilities: Any = None,  # noqa: ANN401
    departments: Any = None,  # noqa: ANN401
    assessments: Any = None,  # noqa: ANN401
    scales: Any = None,  # noqa: ANN401
    columns: Mapping[str, Any] | None = None,
    known_touchpoints: set[str] | None = None,
) -> Tally:
    """The tally of tables held by any engine; see :meth:`dime.Tally.from_frame`."""
    nw = narwhals()
    problems = TableProblems()
    structure: dict[str, tuple[Mapping[str, list[Any]], int]] = {}
    given = {
        "touchpoints": touchpoints,
        "initiatives": initiatives,
        "responsibilities": responsibilities,
        "departments": departments,
        "assessments": assessments,
        "scales": scales,
    }
    for table, native in given.items():
        if native is None:
            continue
        try:
            frame = nw.from_native(native)
        except TypeError:
            frame = native
        else:
            frame = _collect(frame).to_native()
        read = frame_columns(nw, frame, table, renames_for(columns, table), problems)
        if read is not None:
            structure[table] = read
    assert set(structure) <= set(TABLES)  # noqa: S101
    known = known_touchpoints
    fw = None
    if structure and not problems:
        try:
            fw = build_framework("tables", None, structure, about="the tables", blank_is_null=False)
        except DimeError as err:
            for p in getattr(err, "problems", ()):
                problems.add(p.path, p.message, wrong_type=getattr(p, "wrong_type", False))
        else:
            if "touchpoints" in structure:
                known = {t.id for t in fw.touchpoints} | (known or set())
    tally = Tally()
    if feedback is not None:
        found = _feedback_tally(feedback, renames_for(columns, "feedback"), problems, known)
        if found is not None:
            tally = found
    problems.finalize("the tables")
    if fw is not None:
        tally = tally + Tally.from_framework(fw)
    return tally


def scan_feedback_files(pattern: str) -> Any:  # noqa: ANN401 - the engine's own lazy frame
    """The feedback in the Parquet files that ``pattern`` matches, as a frame.

    A lazy frame of the first engine installed: polars, then DuckDB, then
    pyarrow (which reads the files whole).

    Raises:
        DimeFileError: No file matches, or no engine that reads Parquet is installed.
    """
    files = sorted(glob.glob(pattern, recursive=True))  # noqa: PTH207 - a user's glob, as given
    if not files:
        raise DimeFileError("no file matches", pattern)
    if importlib.util.find_spec("polars") is not None:
        import polars as pl  # noqa: PLC0415 - the user's engine, on first use

        return pl.scan_parquet(files)
    if importlib.util.find_spec("duckdb") is not None:
        import duckdb  # noqa: PLC0415 - the user's engine, on first use

        return duckdb.connect().read_parquet(files)
    if importlib.util.find_spec("pyarrow") is not None:
        import pyarrow.parquet as pq  # noqa: PLC0415 - the user's engine, on first use

        return pq.read_table(files[0]) if len(files) == 1 else _arrow_concat(pq, files)
    raise DimeFileError(
        "reading Parquet needs polars, DuckDB or pyarrow: pip install polars", pattern
    )


def _arrow_concat(pq: Any, files: list[str]) -> Any:  # noqa: ANN401 - pyarrow's modules and tables
    import pyarrow as pa  # noqa: PLC0415 - the user's engine, on first use

    return pa.concat_tables([pq.read_table(f) for f in files])
