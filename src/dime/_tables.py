"""The columns of each table: read once from the records' attrs fields, shared by every edge.

A framework is six tables, one per kind of record it holds (its fields
``touchpoints``, ``initiatives``, ...), and a table has one column per field
of its record, named as the document names it.  A field holding a small
record of its own (an initiative's :class:`~dime.Area`) is spread over one
column per field of that record (``pillar`` and ``layer``).  Nothing here
names a record's fields: they are read from ``attrs.fields`` and the
annotations, so a field added to a record is a column of its table at once.

This module imports no dataframe library: :mod:`dime._frames` and
:mod:`dime._engine` read the specs and talk to the engines.
"""

from __future__ import annotations

import enum
import functools
import typing
from collections.abc import Hashable, Mapping
from datetime import date, datetime
from types import NoneType, UnionType
from typing import Any, Final, cast

import attrs

from dime._model import Framework

__all__ = [
    "TABLES",
    "Column",
    "Kind",
    "columns_of",
    "table_of",
]


class Kind(enum.Enum):
    """What a column holds."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    ENUM = "enum"
    DATE = "date"
    DATETIME = "datetime"
    TEXTS = "texts"
    ENUMS = "enums"
    JSON = "json"
    RECORDS = "records"


@attrs.frozen
class Column:
    """One column of a table: the field it fills and what it holds.

    ``part`` is None for a field that is one column; for a field spread over
    several columns (an area), it is the name of the inner field this
    column fills, and ``holder`` the class the parts make.
    """

    name: str
    field: str
    kind: Kind
    optional: bool
    required: bool
    cls: Any = None
    part: str | None = None
    holder: Any = None


def _strip(hint: Any) -> tuple[Any, bool]:  # noqa: ANN401 - any annotation
    """The type inside ``Annotated`` and ``X | None``, and whether None is allowed."""
    optional = False
    while True:
        origin = typing.get_origin(hint)
        if origin is typing.Annotated:
            hint = hint.__origin__
        elif origin in (UnionType, typing.Union):
            args = [a for a in typing.get_args(hint) if a is not NoneType]
            optional = optional or len(args) < len(typing.get_args(hint))
            hint = args[0]
        else:
            return hint, optional


_SIMPLE: Final[dict[object, Kind]] = {
    str: Kind.TEXT,
    int: Kind.INTEGER,
    float: Kind.NUMBER,
    bool: Kind.BOOLEAN,
    datetime: Kind.DATETIME,
    date: Kind.DATE,
}


def _kind(name: str, hint: Any) -> tuple[Kind, Any]:  # noqa: ANN401 - any annotation
    origin = typing.get_origin(hint)
    if origin in (tuple, frozenset):
        item, _ = _strip(typing.get_args(hint)[0])
        if item is str:
            return Kind.TEXTS, None
        if isinstance(item, type) and issubclass(item, enum.Enum):
            return Kind.ENUMS, item
        if attrs.has(item):
            return Kind.RECORDS, item
    elif origin is not None and issubclass(origin, Mapping):
        return Kind.JSON, None
    elif hint in _SIMPLE:
        return _SIMPLE[hint], None
    elif isinstance(hint, type) and issubclass(hint, enum.Enum):
        return Kind.ENUM, hint
    raise TypeError(f"field {name!r}: no column can hold {hint!r}")


def columns_of(cls: type[Any]) -> tuple[Column, ...]:
    """The columns of the table of records of ``cls``, in the order of its fields.

    >>> from dime import Initiative
    >>> [c.name for c in columns_of(Initiative)][:5]
    ['id', 'title', 'pillar', 'layer', 'owner']
    """
    return _columns(cast("Hashable", cls))


@functools.cache
def _columns(cls: Any) -> tuple[Column, ...]:  # noqa: ANN401 - a record class, as a cache key
    hints = typing.get_type_hints(cls, include_extras=True)
    out: list[Column] = []
    for a in attrs.fields(cls):
        if not a.init:
            continue
        hint, optional = _strip(hints[a.name])
        required = a.default is attrs.NOTHING
        if attrs.has(hint) and not typing.get_origin(hint):
            inner = typing.get_type_hints(hint, include_extras=True)
            for part in attrs.fields(hint):
                kind, enum_cls = _kind(part.name, _strip(inner[part.name])[0])
                out.append(
                    Column(
                        name=part.name,
                        field=a.name,
                        kind=kind,
                        optional=optional,
                        required=required,
                        cls=enum_cls,
                        part=part.name,
                        holder=hint,
                    )
                )
            continue
        kind, enum_cls = _kind(a.name, hint)
        out.append(
            Column(
                name=a.name,
                field=a.name,
                kind=kind,
                optional=optional,
                required=required,
                cls=enum_cls,
            )
        )
    names = [c.name for c in out]
    if len(set(names)) != len(names):  # pragma: no cover - a record's design error
        raise TypeError(f"{cls.__name__}: two fields would make columns of the same name")
    return tuple(out)


def _tables() -> dict[str, type[Any]]:
    hints = typing.get_type_hints(Framework, include_extras=True)
    out: dict[str, type[Any]] = {}
    for a in attrs.fields(Framework):
        hint, _ = _strip(hints[a.name])
        if typing.get_origin(hint) is tuple:
            item, _ = _strip(typing.get_args(hint)[0])
            if attrs.has(item):
                out[a.name] = item
    return out


#: Each table of a framework, by the name of the framework's field that holds its records.
TABLES: Final[Mapping[str, type[Any]]] = _tables()


def table_of(cls: type[Any]) -> str:
    """The name of the table that holds records of ``cls``.

    >>> from dime import Feedback
    >>> table_of(Feedback)
    'feedback'
    """
    return next(name for name, kind in TABLES.items() if kind is cls)
