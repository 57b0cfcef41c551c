"""Frameworks from tables and back: dataframes through narwhals, CSV with the standard library.

A framework is six tables (see :mod:`dime._tables`).  :func:`from_frames`
reads them from any eager dataframe narwhals knows (pandas, polars,
pyarrow), :func:`read_csv` from CSV files, and :func:`to_frames` writes them
as pandas, polars or pyarrow tables.  Every cell is read into the value its
field takes, the records are built (each checks its own fields) and then the
framework (which checks that they fit together); every problem found on the
way is collected and raised at once as
:class:`~dime.exceptions.InvalidDocumentError`, with a path naming the
table, the row (counted from 0, the first row under the header) and the
column: ``$.feedback[1041].received``.

narwhals (the ``frames`` extra) is imported only when a dataframe is read
or written; CSV needs nothing beyond the standard library.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from dime._converter import structure_columns
from dime._gc import gc_paused
from dime._model import Framework
from dime._tables import TABLES, Column, Kind, columns_of
from dime.exceptions import DimeError, DimeFileError, InvalidDocumentError, Problem

if TYPE_CHECKING:
    from types import ModuleType

__all__ = [
    "EPOCH",
    "MAX_ROWS_SHOWN",
    "OFFSET_SUFFIX",
    "TableProblems",
    "build_framework",
    "frame_columns",
    "from_frames",
    "narwhals",
    "read_csv",
    "renames_for",
    "to_frames",
    "write_csv",
]

#: Rows named per column and problem; the rest are counted in one more problem.
MAX_ROWS_SHOWN: Final = 20

#: 1970-01-01T00:00Z, from which columns of datetimes count their microseconds.
EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MIDNIGHT: Final = datetime.min.time()

_MICROSECOND: Final = timedelta(microseconds=1)
_INTEGER: Final = re.compile(r"[+-]?[0-9]+\Z")
_BACKENDS: Final = ("pandas", "polars", "pyarrow")
#: The suffix of the column that keeps each datetime's UTC offset, in minutes.
OFFSET_SUFFIX: Final = "_offset"


def narwhals() -> ModuleType:
    """The narwhals module, or an error saying how to install it."""
    try:
        import narwhals.stable.v2 as nw  # noqa: PLC0415 - the frames extra, on first use
    except ImportError:  # pragma: no cover - the extra is installed where tests run
        raise DimeError(
            "reading or writing dataframes needs narwhals: pip install 'dime-cx[frames]'"
        ) from None
    return nw


def _problem(path: str, message: str, *, wrong_type: bool) -> Problem:
    """A problem, marked as one of the wrong type where problems carry that mark."""
    if "wrong_type" in Problem.__slots__:
        return Problem(path, message, wrong_type=wrong_type)  # type: ignore[call-arg,unused-ignore]
    return Problem(path, message)


def _error(problems: list[Problem], about: str) -> InvalidDocumentError:
    of = getattr(InvalidDocumentError, "of", None)
    if of is not None:
        error: InvalidDocumentError = of(problems, about=about)
        return error
    error = InvalidDocumentError(problems)
    error.add_note(f"in {about}")
    return error


class TableProblems:
    """Problems found in tables, collected row by row and column by column.

    A problem repeated in many rows of one column is named for the first
    :data:`MAX_ROWS_SHOWN` rows and counted for the rest, so that a million
    bad cells make a readable error, and every one is accounted for.
    """

    __slots__ = ("counts", "problems")

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.counts: dict[tuple[str, str], int] = {}

    def __bool__(self) -> bool:
        return bool(self.problems)

    def add(self, path: str, message: str, *, wrong_type: bool = False) -> None:
        """Add a problem that is not about one row."""
        self.problems.append(_problem(path, message, wrong_type=wrong_type))

    def cell(self, table: str, row: int, column: str, message: str, *, wrong_type: bool) -> None:
        """Add a problem with one cell."""
        key = (table, column)
        seen = self.counts.get(key, 0)
        self.counts[key] = seen + 1
        if seen < MAX_ROWS_SHOWN:
            self.problems.append(
                _problem(f"$.{table}[{row}].{column}", message, wrong_type=wrong_type)
            )

    def record(self, table: str, row: int, error: DimeError) -> None:
        """Add the problems a record found with itself, at its row."""
        for p in getattr(error, "problems", ()) or (Problem("$", str(error)),):
            field = _field_in(p.path)
            column = field or "*"
            key = (table, column)
            seen = self.counts.get(key, 0)
            self.counts[key] = seen + 1
            if seen < MAX_ROWS_SHOWN:
                where = f"$.{table}[{row}]" + (f".{field}" if field else "")
                self.problems.append(
                    _problem(where, p.message, wrong_type=getattr(p, "wrong_type", False))
                )

    def finalize(self, about: str) -> None:
        """Raise every problem found, if any."""
        if not self.problems:
            return
        extra = [
            _problem(
                f"$.{table}[*].{column}" if column != "*" else f"$.{table}[*]",
                f"and {n - MAX_ROWS_SHOWN:,} more rows with problems in this column",
                wrong_type=False,
            )
            for (table, column), n in self.counts.items()
            if n > MAX_ROWS_SHOWN
        ]
        raise _error([*self.problems, *extra], about)


def _field_in(path: str) -> str | None:
    """The field a record's problem path names (``$.owner`` or ``Touchpoint.owner``), if any."""
    if path.startswith("$."):
        return re.split(r"[.\[]", path[2:], maxsplit=1)[0] or None
    if "." in path and not path.startswith("$"):
        return path.split(".", 1)[1].split(".", 1)[0] or None
    return None


def _framework_problems(err: DimeError, problems: TableProblems) -> None:
    """The problems of a framework whose records do not fit together, as table paths."""
    for p in getattr(err, "problems", ()):
        path = p.path
        if path and not path.startswith("$"):
            path = f"$.{path}"
        problems.add(path or "$", p.message, wrong_type=getattr(p, "wrong_type", False))


# ---------------------------------------------------------------------------
# Cells: a value as a table holds it, to the value its field takes


class _Bad(Exception):  # noqa: N818 - a cell that cannot be read, caught in this module
    def __init__(self, message: str, *, wrong_type: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.wrong_type = wrong_type


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _enum_cell(cls: Any) -> Callable[[object], object]:  # noqa: ANN401 - any enum class
    members = cls._value2member_map_
    allowed = ", ".join(str(m.value) for m in cls)

    def read(value: object) -> object:
        if type(value) is cls:
            return value
        try:
            return members[value]
        except (KeyError, TypeError):
            pass
        if isinstance(value, str):
            raise _Bad(f"{_shown(value)} is not one of {allowed}")
        raise _Bad(f"expected one of {allowed}, got {_shown(value)}", wrong_type=True)

    return read


def _text_cell(value: object) -> object:
    if isinstance(value, str):
        return value
    raise _Bad(f"expected text, got {_shown(value)}", wrong_type=True)


def _integer_cell(value: object) -> object:
    if isinstance(value, bool):
        raise _Bad(f"expected a whole number, got {value!r}", wrong_type=True)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INTEGER.match(value.strip()):
        return int(value)
    raise _Bad(f"expected a whole number, got {_shown(value)}", wrong_type=True)


def _number_cell(value: object) -> object:
    if isinstance(value, bool):
        raise _Bad(f"expected a number, got {value!r}", wrong_type=True)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _INTEGER.match(text):
            return int(text)
        try:
            number = float(text)
        except ValueError:
            pass
        else:
            if math.isfinite(number):
                return number
            raise _Bad(f"expected a finite number, got {_shown(value)}")
    raise _Bad(f"expected a number, got {_shown(value)}", wrong_type=True)


def _boolean_cell(value: object) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise _Bad(f"expected true or false, got {_shown(value)}", wrong_type=True)


def _date_cell(value: object) -> object:
    if isinstance(value, datetime):
        if value.tzinfo is None and value.time() == datetime.min.time():
            return value.date()
        raise _Bad(f"expected a date, got the datetime {value.isoformat()}", wrong_type=True)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return date.fromisoformat(value)
        except ValueError:
            pass
        raise _Bad(f"expected a date as YYYY-MM-DD, got {_shown(value)}")
    raise _Bad(f"expected a date, got {_shown(value)}", wrong_type=True)


def _plain_datetime(value: datetime) -> datetime:
    """A datetime of the standard class (not a subclass such as pandas' Timestamp)."""
    if type(value) is datetime:
        return value
    return datetime(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        value.tzinfo,
        fold=value.fold,
    )


def _datetime_cell(value: object) -> object:
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise _Bad(
                f"expected an ISO 8601 date and time with a UTC offset, got {_shown(value)}"
            ) from None
        if parsed.utcoffset() is None:
            raise _Bad(f"expected a UTC offset (such as +00:00 or Z) in {_shown(value)}")
        return parsed
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise _Bad(f"expected a timezone-aware datetime, got the naive {value.isoformat()}")
        return _plain_datetime(value)
    raise _Bad(f"expected a datetime, got {_shown(value)}", wrong_type=True)


def _list_of(value: object) -> list[Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise _Bad(f"expected a JSON array, got {_shown(value)}") from None
    if isinstance(value, (list, tuple)):
        return list(value)
    tolist = getattr(value, "tolist", None)  # a numpy array in a pandas cell
    if callable(tolist) and not isinstance(value, (str, bytes, Mapping)):
        found = tolist()
        if isinstance(found, list):
            return found
    raise _Bad(f"expected a list, got {_shown(value)}", wrong_type=True)


def _texts_cell(value: object) -> object:
    items = _list_of(value)
    for item in items:
        if not isinstance(item, str):
            raise _Bad(f"expected a list of text, got the item {_shown(item)}", wrong_type=True)
    return tuple(items)


def _enums_cell(cls: Any) -> Callable[[object], object]:  # noqa: ANN401 - any enum class
    one = _enum_cell(cls)

    def read(value: object) -> object:
        return frozenset(one(item) for item in _list_of(value))

    return read


def _parsed(text: str, expected: str) -> object:
    """A cell's JSON text, parsed; text that is not JSON is a bad cell expecting ``expected``."""
    try:
        return json.loads(text)
    except ValueError as err:
        raise _Bad(f"expected {expected}, got {_shown(text)}: {err}") from None


def _json_cell(value: object) -> object:
    if isinstance(value, str):
        if not value.strip():
            return None
        value = _parsed(value, "a JSON object")
    if isinstance(value, Mapping):
        return dict(value) if value else None
    raise _Bad(f"expected a JSON object, got {_shown(value)}", wrong_type=True)


def _records_cell(cls: Any) -> Callable[[object], object]:  # noqa: ANN401 - any record class
    """A list of records, as JSON text or a list of objects, read as the document reads it."""
    from dime._converter import structure  # noqa: PLC0415 - cattrs only when used

    def read(value: object) -> object:
        if isinstance(value, str):
            if not value.strip():
                return None
            value = _parsed(value, "a JSON list of objects")
        out = []
        for i, item in enumerate(_list_of(value)):
            try:
                out.append(structure(item, cls, at=f"[{i}]"))
            except DimeError as err:
                said = "; ".join(f"{p.path}: {p.message}" for p in getattr(err, "problems", ()))
                raise _Bad(said or str(err), wrong_type=isinstance(err, TypeError)) from None
        return tuple(out)

    return read


def _reader(column: Column) -> Callable[[object], object]:
    kind = column.kind
    if kind is Kind.RECORDS:
        return _records_cell(column.cls)
    if kind is Kind.ENUM:
        return _enum_cell(column.cls)
    if kind is Kind.ENUMS:
        return _enums_cell(column.cls)
    return _READERS[kind]


_READERS: Final[dict[Kind, Callable[[object], object]]] = {
    Kind.TEXT: _text_cell,
    Kind.INTEGER: _integer_cell,
    Kind.NUMBER: _number_cell,
    Kind.BOOLEAN: _boolean_cell,
    Kind.DATE: _date_cell,
    Kind.DATETIME: _datetime_cell,
    Kind.TEXTS: _texts_cell,
    Kind.JSON: _json_cell,
}


# ---------------------------------------------------------------------------
# Tables of plain values to records


def renames_for(columns: Mapping[str, Any] | None, table: str) -> dict[str, str]:
    if not columns:
        return {}
    if not isinstance(columns, Mapping):
        raise TypeError(f"columns must be a mapping, not {type(columns).__name__}")
    out: dict[str, str] = {}
    for key, value in columns.items():
        if isinstance(value, Mapping):
            if key == table:
                out.update({str(k): str(v) for k, v in value.items()})
        elif key not in TABLES:
            out[str(key)] = str(value)
    return out


def _build_quickly(
    table: str, data: Mapping[str, list[Any]], *, blank_is_null: bool
) -> list[Any] | None:
    """The records of one table built straight from its columns, or None.

    None when any cell is not what the quick way takes (text for a number,
    a JSON array as text, a datetime not in UTC, an offset column, a bad
    value, ...): the table is then read cell by cell, which reads those and
    names every bad cell by its row and column.  A table of the usual types
    and good values, the common case, is built at the speed of ``loads``.
    """
    cls = TABLES[table]
    columns = columns_of(cls)
    if not set(data) <= {c.name for c in columns}:
        return None
    if any(c.required and c.name not in data for c in columns):
        return None
    plain: dict[str, list[Any]] = {}
    parts: dict[str, dict[str, list[Any]]] = {}
    for c in columns:
        values = data.get(c.name)
        if values is None:
            continue
        if blank_is_null and c.kind is Kind.TEXT:
            values = [None if v == "" else v for v in values]
        elif blank_is_null and any(v == "" for v in values):
            return None
        if c.part is None:
            plain[c.field] = values
        else:
            parts.setdefault(c.field, {})[c.part] = values
    rows = len(next(iter(data.values()), []))
    built = structure_columns(cls, plain, parts)
    return built if built is not None and len(built) == rows else None


def _build_table(
    table: str,
    data: Mapping[str, list[Any]],
    rows: int,
    problems: TableProblems,
    *,
    blank_is_null: bool,
) -> list[Any]:
    """The records of one table, from its columns as lists of plain values."""
    quick = _build_quickly(table, data, blank_is_null=blank_is_null)
    if quick is not None:
        return quick
    return _build_cell_by_cell(table, data, rows, problems, blank_is_null=blank_is_null)


def _build_cell_by_cell(  # noqa: C901, PLR0912, PLR0915 - one case per kind of column
    table: str,
    data: Mapping[str, list[Any]],
    rows: int,
    problems: TableProblems,
    *,
    blank_is_null: bool,
) -> list[Any]:
    """The records of one table, read cell by cell, every bad cell named by its column."""
    cls = TABLES[table]
    columns = columns_of(cls)
    known = {c.name for c in columns}
    for name in data:
        if name not in known and not _is_offset_column(name, columns):
            listed = ", ".join(c.name for c in columns)
            problems.add(
                f"$.{table}",
                f"unknown column {name!r}; the columns of {table} are {listed}",
            )
    for c in columns:
        if c.required and c.name not in data:
            problems.add(f"$.{table}", f"no column {c.name!r}, which every row needs")
    if problems:
        return []
    readers = [(c, _reader(c), data.get(c.name)) for c in columns if c.name in data]
    offsets = {
        c.name: data[c.name + OFFSET_SUFFIX]
        for c in columns
        if c.kind is Kind.DATETIME and c.name + OFFSET_SUFFIX in data
    }
    records: list[Any] = []
    for i in range(rows):
        kwargs: dict[str, Any] = {}
        parts: dict[str, dict[str, Any]] = {}
        bad = False
        said: set[str] = set()
        for c, read, values in readers:
            assert values is not None  # noqa: S101 - only the columns given
            raw = values[i]
            if raw is None or (blank_is_null and raw == ""):
                continue
            try:
                value = read(raw)
            except _Bad as err:
                problems.cell(table, i, c.name, err.message, wrong_type=err.wrong_type)
                bad = True
                said.add(c.name)  # given but wrong: not missing too
                continue
            if value is None:
                continue
            if c.kind is Kind.DATETIME and c.name in offsets:
                value = _with_offset(value, offsets[c.name][i], problems, table, i, c.name)
                if value is None:
                    bad = True
                    continue
            if c.part is None:
                kwargs[c.field] = value
            else:
                parts.setdefault(c.field, {})[c.part] = value
        for c in columns:
            if (  # noqa: SIM102 - reads as the rule it states
                c.part is not None
                and c.field in parts
                and len(parts[c.field]) < len([x for x in columns if x.field == c.field])
            ):
                if c.part not in parts[c.field] and c.name not in said:
                    problems.cell(
                        table,
                        i,
                        c.name,
                        "missing, though the rest of its field is given",
                        wrong_type=False,
                    )
                    bad = True
        for field, given in parts.items():
            holder = next(c.holder for c in columns if c.field == field)
            if not bad and len(given) == len([c for c in columns if c.field == field]):
                try:
                    kwargs[field] = holder(**given)
                except DimeError as err:  # the parts' own problems, named by their columns
                    problems.record(table, i, err)
                    bad = True
        if bad:
            continue
        try:
            records.append(cls(**kwargs))
        except DimeError as err:
            problems.record(table, i, err)
        except TypeError as err:  # a required field left empty
            missing = [c.name for c in columns if c.required and c.field not in kwargs]
            if missing:
                for name in missing:
                    problems.cell(table, i, name, "empty, but every row needs it", wrong_type=False)
            else:  # pragma: no cover - attrs says what else went wrong
                problems.add(f"$.{table}[{i}]", str(err))
    return records


def _is_offset_column(name: str, columns: tuple[Column, ...]) -> bool:
    return any(c.kind is Kind.DATETIME and name == c.name + OFFSET_SUFFIX for c in columns)


def _with_offset(  # noqa: PLR0917 - private, one call site
    value: Any,  # noqa: ANN401 - a datetime
    offset: object,
    problems: TableProblems,
    table: str,
    row: int,
    column: str,
) -> datetime | None:
    if offset is None or offset == "":
        return value  # type: ignore[no-any-return]
    try:
        minutes = _integer_cell(offset)
        zone = timezone(timedelta(minutes=minutes))  # type: ignore[arg-type]
    except (_Bad, ValueError, OverflowError, TypeError):
        problems.cell(
            table,
            row,
            column + OFFSET_SUFFIX,
            f"expected minutes east of UTC, more than -1440 and less than 1440, got {_shown(offset)}",
            wrong_type=False,
        )
        return None
    moment: datetime = value.astimezone(zone)
    return moment


def build_framework(
    name: object,
    metadata: object,
    tables: Mapping[str, tuple[Mapping[str, list[Any]], int]],
    *,
    about: str,
    blank_is_null: bool,
) -> Framework:
    problems = TableProblems()
    built: dict[str, list[Any]] = {}
    with gc_paused():
        for table, (data, rows) in tables.items():
            built[table] = _build_table(table, data, rows, problems, blank_is_null=blank_is_null)
        problems.finalize(about)
        extra: dict[str, Any] = {}
        if metadata is not None:
            extra["metadata"] = metadata
        try:
            return Framework(name=name, **built, **extra)  # type: ignore[arg-type]
        except DimeError as err:
            _framework_problems(err, problems)
    problems.finalize(about)
    raise AssertionError  # pragma: no cover - finalize raised


# ---------------------------------------------------------------------------
# Dataframes to plain values


def frame_columns(
    nw: ModuleType,
    frame: Any,  # noqa: ANN401 - any frame
    table: str,
    renames: Mapping[str, str],
    problems: TableProblems,
) -> tuple[dict[str, list[Any]], int] | None:
    """A dataframe's columns as lists of plain Python values, by our column names."""
    try:
        df = nw.from_native(frame, eager_only=False)
    except TypeError:
        problems.add(
            f"$.{table}",
            f"expected a dataframe (pandas, polars, pyarrow, ...), got {type(frame).__name__}",
            wrong_type=True,
        )
        return None
    if isinstance(df, nw.LazyFrame):
        df = df.collect()
    pandas_like = df.implementation.is_pandas_like()
    out: dict[str, list[Any]] = {}
    kinds = {c.name: c.kind for c in columns_of(TABLES[table])}
    for source in df.columns:
        name = renames.get(source, source)
        if name in out:
            problems.add(f"$.{table}", f"two columns are named {name!r}")
            continue
        series = df[source]
        out[name] = _values(nw, series, kinds.get(name), pandas_like=pandas_like)
    return out, len(df)


def _values(nw: ModuleType, series: Any, kind: Kind | None, *, pandas_like: bool) -> list[Any]:  # noqa: ANN401 - any engine's series
    dtype = series.dtype
    if isinstance(dtype, nw.Datetime):
        if dtype.time_zone is None:
            naive: list[Any] = series.to_list()
            plain = [None if v is None or v != v else _plain_datetime(v) for v in naive]  # noqa: PLR0124 - NaT
            if kind is Kind.DATE:  # a date column as pandas holds it: midnights are dates
                return [v.date() if v is not None and v.time() == _MIDNIGHT else v for v in plain]
            return plain
        micros = series.dt.timestamp("us").to_list()
        return [None if us is None or us != us else EPOCH + us * _MICROSECOND for us in micros]  # noqa: PLR0124 - NaN
    if isinstance(dtype, (nw.Categorical, nw.Enum)):
        series = series.cast(nw.String)
    values: list[Any] = series.to_list()
    if pandas_like:
        # pandas marks what is missing with NaN (and NA, and NaT): all are empty cells.
        missing = series.null_count()
        if missing == len(values):
            return [None] * len(values)
        if missing:
            return [None if _pandas_missing(v) else v for v in values]
    return values


def _pandas_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return value != value  # noqa: PLR0124 - NaN
    return type(value).__name__ in ("NAType", "NaTType")


def from_frames(
    *,
    name: str,
    touchpoints: Any = None,  # noqa: ANN401 - any dataframe
    initiatives: Any = None,  # noqa: ANN401
    feedback: Any = None,  # noqa: ANN401
    responsibilities: Any = None,  # noqa: ANN401
    departments: Any = None,  # noqa: ANN401
    assessments: Any = None,  # noqa: ANN401
    scales: Any = None,  # noqa: ANN401
    metadata: Mapping[str, Any] | None = None,
    columns: Mapping[str, Any] | None = None,
) -> Framework:
    r"""Build a framework from dataframes, one per kind of record.

    Each table has one column per field of its record, named as the
    document names it (an initiative's or assessment's area is two
    columns, ``pillar`` and ``layer``); the columns of every table are
    listed in the docs' page on tables.  A column may hold typed values
    (datetimes, dates, numbers, categoricals, lists) or text as a CSV file
    holds it (ISO 8601 dates, wire values, JSON arrays and objects).  An
    empty cell (null, or NaN in pandas) is a field left out: None where
    the field may be None, its default where it has one.  A column of
    datetimes must carry a time zone; a column named after one with
    ``_offset`` (``received_offset``) gives each its UTC offset, in minutes.

    Args:
        name: The organisation's name.
        touchpoints: A dataframe of touchpoints, or None for none; the same
            for ``initiatives``, ``feedback``, ``responsibilities``,
            ``departments`` and ``assessments``.
        initiatives: See ``touchpoints``.
        feedback: See ``touchpoints``.
        responsibilities: See ``touchpoints``.
        departments: See ``touchpoints``.
        assessments: See ``touchpoints``.
        scales: See ``touchpoints``: the custom score scales the feedback's
            scores name (a score is two columns, ``scale`` and ``value``).
        metadata: The framework's free JSON data.
        columns: Renames, from your column names to ours: either one
            mapping for every table (``{"created_at": "received"}``) or one
            per table (``{"feedback": {"created_at": "received"}}``).

    Returns:
        The framework.

    Raises:
        InvalidDocumentError: A column is missing or unknown, a cell cannot
            be read, a record is not valid or the records do not fit
            together; every problem is listed, each with its path
            (``$.feedback[1041].received``: table, row from 0, column).
        DimeError: narwhals is not installed (``pip install 'dime-cx[frames]'``).

    >>> import pandas as pd, dime
    >>> fb = pd.DataFrame({"id": ["f1", "f2"], "kind": ["gift", "bill"],
    ...                    "received": ["2026-03-01T09:30:00+01:00", "2026-03-02T10:00:00Z"],
    ...                    "folder": ["insights", None]})
    >>> fw = dime.from_frames(name="Shop", feedback=fb)
    >>> [(f.id, f.folder) for f in fw.feedback]
    [('f1', FeedbackFolder.INSIGHTS), ('f2', None)]
    >>> from dime.exceptions import InvalidDocumentError
    >>> try:
    ...     dime.from_frames(name="Shop", feedback=fb.assign(kind=["gift", "gfit"]))
    ... except InvalidDocumentError as err:
    ...     print(*err.problems, sep="\n")
    $.feedback[1].kind: 'gfit' is not one of junk, bill, routine, gift
    """
    nw = narwhals()
    given = {
        "touchpoints": touchpoints,
        "initiatives": initiatives,
        "feedback": feedback,
        "responsibilities": responsibilities,
        "departments": departments,
        "assessments": assessments,
        "scales": scales,
    }
    problems = TableProblems()
    tables: dict[str, tuple[Mapping[str, list[Any]], int]] = {}
    for table, frame in given.items():
        if frame is None:
            continue
        read = frame_columns(nw, frame, table, renames_for(columns, table), problems)
        if read is not None:
            tables[table] = read
    problems.finalize("the tables")
    return build_framework(name, metadata, tables, about="the tables", blank_is_null=False)


# ---------------------------------------------------------------------------
# CSV


def read_csv(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    name: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    columns: Mapping[str, Any] | None = None,
) -> Framework:
    r"""Build a framework from CSV files, with the standard library alone.

    Each file is one table, named by its file name: ``touchpoints.csv``,
    ``initiatives.csv``, ``feedback.csv``, ``responsibilities.csv``,
    ``departments.csv`` and ``assessments.csv``; any may be missing.  A
    folder may also hold ``framework.json``, a JSON object with the
    organisation's ``name`` and ``metadata`` (as :func:`write_csv` writes it).  Files
    are UTF-8 (a byte-order mark is skipped), with a header row naming the
    columns as :func:`from_frames` takes them.  An empty cell is a field left
    out; lists (a touchpoint's pillars, a department's measures) and
    metadata are JSON.

    Args:
        source: A folder holding the files, or the files themselves.
        name: The organisation's name (default: the one in ``framework.json``,
            else the folder's name).
        metadata: The framework's free JSON data (default: the one in
            ``framework.json``, if any).
        columns: Renames, as for :func:`from_frames`.

    Returns:
        The framework.

    Raises:
        DimeFileError: A file cannot be read, or a file's name is not a table's.
        InvalidDocumentError: As for :func:`from_frames`; paths count rows
            from 0, the first row under the header (``$.feedback[0]`` is on
            the second line of ``feedback.csv`` when no cell holds a line break).

    >>> import dime, pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = pathlib.Path(folder, "departments.csv").write_text("name,objective\nIT,Fast answers\n")
    ...     dime.read_csv(folder, name="Shop").departments[0].objective
    'Fast answers'
    """
    files, folder = _csv_files(source)
    tables: dict[str, tuple[Mapping[str, list[Any]], int]] = {}
    for table, path in files.items():
        tables[table] = _csv_table(path, renames_for(columns, table))
    about = _about_file(folder)
    if name is None:
        name = about.get("name") if isinstance(about.get("name"), str) else None
    if metadata is None and isinstance(about.get("metadata"), Mapping):
        metadata = about["metadata"]
    title = name if name is not None else (folder.name if folder is not None else "")
    where = f"the CSV files in {folder}" if folder is not None else "the CSV files"
    return build_framework(title, metadata, tables, about=where, blank_is_null=True)


#: The file beside the tables that names the organisation and holds its metadata.
ABOUT_FILE: Final = "framework.json"


def _about_file(folder: Path | None) -> dict[str, Any]:
    if folder is None:
        return {}
    path = folder / ABOUT_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as err:
        raise DimeFileError(f"cannot read: {err}", str(path)) from err
    try:
        data = json.loads(text)
    except ValueError as err:
        raise DimeFileError(f"not valid JSON: {err}", str(path)) from None
    if not isinstance(data, dict) or set(data) - {"name", "metadata"}:
        raise DimeFileError('expected a JSON object with "name" and "metadata"', str(path))
    return data


def _csv_files(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
) -> tuple[dict[str, Path], Path | None]:
    if isinstance(source, (str, os.PathLike)):
        folder = Path(source)
        if folder.is_dir():
            found = {t: folder / f"{t}.csv" for t in TABLES if (folder / f"{t}.csv").is_file()}
            strays = sorted(p.name for p in folder.glob("*.csv") if p.stem not in TABLES)
            if strays:
                raise DimeFileError(
                    f"{', '.join(strays)}: not a table's name; the tables are "
                    + ", ".join(f"{t}.csv" for t in TABLES),
                    str(folder),
                )
            return found, folder
        paths = [folder]
    else:
        paths = [Path(p) for p in source]
    out: dict[str, Path] = {}
    for path in paths:
        if path.stem not in TABLES or path.suffix.lower() != ".csv":
            raise DimeFileError(
                "not a table's file; the tables are " + ", ".join(f"{t}.csv" for t in TABLES),
                str(path),
            )
        if path.stem in out:
            raise DimeFileError(f"a second file for the table {path.stem}", str(path))
        out[path.stem] = path
    parents = {p.parent for p in out.values()}
    return out, parents.pop() if len(parents) == 1 else None


def _csv_table(path: Path, renames: Mapping[str, str]) -> tuple[dict[str, list[Any]], int]:  # noqa: C901 - one case per malformed line
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            reader = csv.reader(file)
            header = next(reader, None)
            if header is None:
                return {}, 0
            names = [renames.get(h, h) for h in header]
            if len(set(names)) != len(names):
                raise DimeFileError("two columns have the same name", str(path))  # noqa: TRY301 - the file named once, below
            data: dict[str, list[Any]] = {n: [] for n in names}
            lists = list(data.values())
            width = len(lists)
            rows = 0
            for line in reader:
                if not line:
                    continue
                if len(line) != width:
                    raise DimeFileError(  # noqa: TRY301 - the file named once, below
                        f"row {rows} (line {reader.line_num}) has {len(line)} cells, "
                        f"the header {width}",
                        str(path),
                    )
                for values, cell in zip(lists, line, strict=True):
                    values.append(cell)
                rows += 1
    except DimeFileError:
        raise
    except OSError as err:
        raise DimeFileError(f"cannot read: {err.strerror or err}", str(path)) from err
    except UnicodeDecodeError as err:
        raise DimeFileError(f"not UTF-8 text: {err.reason} at byte {err.start}", str(path)) from err
    except csv.Error as err:
        raise DimeFileError(f"not valid CSV: {err}", str(path)) from err
    return data, rows


def _cell_text(value: Any, kind: Kind) -> str:  # noqa: ANN401, PLR0911 - one return per kind
    if value is None:
        return ""
    if kind is Kind.ENUM:
        return str(value.value)
    if kind in (Kind.DATE, Kind.DATETIME):
        return str(value.isoformat())
    if kind is Kind.TEXTS:
        return json.dumps(list(value), ensure_ascii=False)
    if kind is Kind.ENUMS:
        return json.dumps([m.value for m in sorted(value, key=_member_order)])
    if kind is Kind.JSON:
        return json.dumps(value, ensure_ascii=False) if value else ""
    if kind is Kind.RECORDS:
        return _records_text(value) or ""
    if kind is Kind.BOOLEAN:
        return "true" if value else "false"
    if kind is Kind.NUMBER and isinstance(value, float):
        return repr(value)
    return str(value)


def _records_text(records: Iterable[Any]) -> str | None:
    """Records as the JSON text of a list of objects, or None for none."""
    from dime._serialization import to_dict  # noqa: PLC0415 - only for a table that has them

    items = [to_dict(r) for r in records]
    return json.dumps(items, ensure_ascii=False) if items else None


def _member_order(member: Any) -> int:  # noqa: ANN401 - an enum member
    members: list[Any] = list(type(member).__members__.values())
    return members.index(member)


def write_csv(framework: Framework, folder: str | os.PathLike[str]) -> None:
    """Write a framework's tables as CSV files in ``folder``, as :func:`read_csv` reads them.

    One file per table that has records, with a header row; datetimes keep
    their UTC offsets (ISO 8601), lists and metadata are JSON.  The
    organisation's name and metadata go in ``framework.json``.  The folder
    is made if it is missing.

    Raises:
        DimeFileError: A file cannot be written.

    >>> import dime, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     dime.write_csv(dime.example(), folder)
    ...     dime.read_csv(folder) == dime.example()
    True
    """
    root = Path(folder)
    about = {"name": framework.name, "metadata": dict(framework.metadata)}
    try:
        root.mkdir(parents=True, exist_ok=True)
        (root / ABOUT_FILE).write_text(
            json.dumps(about, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    except OSError as err:
        raise DimeFileError(f"cannot write: {err.strerror or err}", str(root / ABOUT_FILE)) from err
    for table, cls in TABLES.items():
        records = getattr(framework, table)
        if not records:
            continue
        columns = columns_of(cls)
        path = root / f"{table}.csv"
        try:
            with path.open("w", encoding="utf-8", newline="") as file:
                writer = csv.writer(file)
                writer.writerow([c.name for c in columns])
                for r in records:
                    writer.writerow([_cell_text(_value(r, c), c.kind) for c in columns])
        except OSError as err:
            raise DimeFileError(f"cannot write: {err.strerror or err}", str(path)) from err


def _value(record: Any, column: Column) -> Any:  # noqa: ANN401 - any record, any value
    value = getattr(record, column.field)
    if column.part is not None and value is not None:
        return getattr(value, column.part)
    return value


# ---------------------------------------------------------------------------
# Frameworks to dataframes


def _microseconds(moment: datetime) -> int:
    return (moment - EPOCH) // _MICROSECOND


def _offset_minutes(moment: datetime) -> int:
    offset = moment.utcoffset()
    return 0 if offset is None else offset // timedelta(minutes=1)


def to_frames(framework: Framework, *, backend: str = "pandas") -> dict[str, Any]:
    """A framework as six dataframes and its name, keyed as :func:`from_frames` takes them.

    Enums are ordered categoricals in pandas (``Enum`` in polars,
    dictionaries in pyarrow), dates and datetimes real dates and
    datetimes (datetimes in UTC, with a ``<name>_offset`` column of UTC
    offsets in minutes when any is not UTC), lists list columns, metadata
    JSON text.  ``from_frames(**to_frames(fw)) == fw``.

    Args:
        framework: The framework.
        backend: ``"pandas"``, ``"polars"`` or ``"pyarrow"``.

    Returns:
        ``name``, ``metadata`` and one table per kind of record.

    Raises:
        ValueError: ``backend`` is not one of the three.
        DimeError: The backend is not installed.

    >>> import dime
    >>> tables = dime.example().to_frames()
    >>> tables["feedback"]["kind"].dtype
    CategoricalDtype(categories=['junk', 'bill', 'routine', 'gift'], ordered=True, categories_dtype=str)
    >>> dime.from_frames(**tables) == dime.example()
    True
    """
    if backend not in _BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(_BACKENDS)}, not {backend!r}")
    try:
        module = __import__(backend)
    except ImportError:
        raise DimeError(
            f"to_frames(backend={backend!r}) needs {backend}: pip install {backend}"
        ) from None
    build = {"pandas": _pandas_table, "polars": _polars_table, "pyarrow": _arrow_table}[backend]
    out: dict[str, Any] = {
        "name": framework.name,
        "metadata": dict(framework.metadata) if framework.metadata else None,
    }
    for table, cls in TABLES.items():
        out[table] = build(module, cls, getattr(framework, table))
    return out


def _plain_columns(  # noqa: C901 - one case per kind of column
    cls: type[Any], records: tuple[Any, ...]
) -> list[tuple[str, Kind, Any, list[Any]]]:
    """Each column as (name, kind, enum class, values), datetimes as microseconds since 1970."""
    out: list[tuple[str, Kind, Any, list[Any]]] = []
    for c in columns_of(cls):
        values = [_value(r, c) for r in records]
        if c.kind is Kind.DATETIME:
            offsets = [None if v is None else _offset_minutes(v) for v in values]
            out.append(
                (c.name, c.kind, None, [None if v is None else _microseconds(v) for v in values])
            )
            if any(offsets):
                out.append((c.name + OFFSET_SUFFIX, Kind.INTEGER, None, offsets))
            continue
        if c.kind is Kind.ENUMS:
            values = [
                None if v is None else [m.value for m in sorted(v, key=_member_order)]
                for v in values
            ]
        elif c.kind is Kind.JSON:
            values = [json.dumps(v, ensure_ascii=False) if v else None for v in values]
        elif c.kind is Kind.RECORDS:
            values = [None if v is None else _records_text(v) for v in values]
            out.append((c.name, Kind.JSON, None, values))
            continue
        elif c.kind is Kind.TEXTS:
            values = [None if v is None else list(v) for v in values]
        elif c.kind is Kind.INTEGER and any(
            v is not None and not -(2**63) <= v < 2**63 for v in values
        ):
            # Too large for a column of 64-bit integers: kept exactly, as text.
            out.append((c.name, Kind.TEXT, None, [None if v is None else str(v) for v in values]))
            continue
        elif (
            c.kind is Kind.NUMBER
            and all(type(v) is int for v in values if v is not None)
            and all(-(2**63) <= v < 2**63 for v in values if v is not None)
        ):
            out.append((c.name, Kind.INTEGER, None, values))
            continue
        elif c.kind is Kind.NUMBER:
            values = [None if v is None else float(v) for v in values]
        out.append((c.name, c.kind, c.cls, values))
    return out


def _pandas_table(pd: Any, cls: type[Any], records: tuple[Any, ...]) -> Any:  # noqa: ANN401
    import numpy as np  # noqa: PLC0415 - pandas brings it

    data: dict[str, Any] = {}
    for name, kind, enum_cls, values in _plain_columns(cls, records):
        if kind is Kind.ENUM:
            categories = [m.value for m in enum_cls]
            data[name] = pd.Categorical(
                [None if v is None else v.value for v in values],
                categories=categories,
                ordered=True,
            )
        elif kind is Kind.DATETIME:
            stamps = np.array(
                [np.datetime64("NaT", "us") if v is None else v for v in values],
                dtype="datetime64[us]",
            )
            data[name] = pd.Series(stamps, dtype="datetime64[us]").dt.tz_localize("UTC")
        elif kind is Kind.DATE:
            data[name] = pd.Series(
                np.array(
                    [
                        np.datetime64("NaT", "us") if v is None else np.datetime64(v, "D")
                        for v in values
                    ],
                    dtype="datetime64[us]",
                )
            )
        elif kind is Kind.INTEGER:
            data[name] = pd.array(values, dtype="Int64")
        elif kind is Kind.NUMBER:
            data[name] = pd.array(values, dtype="Float64")
        elif kind is Kind.BOOLEAN:
            data[name] = pd.array(values, dtype="boolean")
        elif kind in (Kind.TEXT, Kind.JSON):
            data[name] = pd.array(values, dtype="string")
        else:
            data[name] = pd.Series(values, dtype=object)
    return pd.DataFrame(data, index=pd.RangeIndex(len(records)))


def _polars_table(pl: Any, cls: type[Any], records: tuple[Any, ...]) -> Any:  # noqa: ANN401
    series = []
    for name, kind, enum_cls, values in _plain_columns(cls, records):
        if kind is Kind.ENUM:
            dtype = pl.Enum([m.value for m in enum_cls])
            series.append(
                pl.Series(name, [None if v is None else v.value for v in values], dtype=dtype)
            )
        elif kind is Kind.DATETIME:
            series.append(
                pl.Series(name, values, dtype=pl.Int64)
                .cast(pl.Datetime("us"))
                .dt.replace_time_zone("UTC")
            )
        else:
            dtype = {
                Kind.DATE: pl.Date,
                Kind.INTEGER: pl.Int64,
                Kind.NUMBER: pl.Float64,
                Kind.BOOLEAN: pl.Boolean,
                Kind.TEXT: pl.String,
                Kind.JSON: pl.String,
                Kind.TEXTS: pl.List(pl.String),
                Kind.ENUMS: pl.List(pl.String),
            }[kind]
            series.append(pl.Series(name, values, dtype=dtype))
    return pl.DataFrame(series)


def _arrow_table(pa: Any, cls: type[Any], records: tuple[Any, ...]) -> Any:  # noqa: ANN401
    arrays = []
    names = []
    for name, kind, enum_cls, values in _plain_columns(cls, records):
        names.append(name)
        if kind is Kind.ENUM:
            members = list(enum_cls)
            index = {m: i for i, m in enumerate(members)}
            arrays.append(
                pa.DictionaryArray.from_arrays(
                    pa.array([None if v is None else index[v] for v in values], type=pa.int8()),
                    pa.array([m.value for m in members], type=pa.string()),
                    ordered=True,
                )
            )
        elif kind is Kind.DATETIME:
            arrays.append(pa.array(values, type=pa.int64()).cast(pa.timestamp("us", tz="UTC")))
        else:
            dtype = {
                Kind.DATE: pa.date32(),
                Kind.INTEGER: pa.int64(),
                Kind.NUMBER: pa.float64(),
                Kind.BOOLEAN: pa.bool_(),
                Kind.TEXT: pa.string(),
                Kind.JSON: pa.string(),
                Kind.TEXTS: pa.list_(pa.string()),
                Kind.ENUMS: pa.list_(pa.string()),
            }[kind]
            arrays.append(pa.array(values, type=dtype))
    return pa.Table.from_arrays(arrays, names=names)
