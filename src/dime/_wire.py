"""What the document format allows, as plain names shared inside the package.

The format version, the limits (integer size, nesting depth, date range),
the rules for text, numbers, dates and times, and JSON values.  The records
check their Python values against these rules, the converter checks wire
values against them, the writers rely on them and the schema states them,
so every edge of the library accepts the same things.
"""

from __future__ import annotations

import functools
import math
import re
import sys
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Final

from dime._problems import got, index_path, key_path, shown
from dime.exceptions import Problem

__all__ = [
    "DATETIME_PATTERN",
    "DATE_PATTERN",
    "FLOAT_MAX",
    "FORMAT_VERSION",
    "MAX_DEPTH",
    "MAX_INT_DIGITS",
    "NON_BLANK_PATTERN",
    "WHITESPACE",
    "WireError",
    "blank",
    "datetime_problem",
    "find_surrogate",
    "flat_json",
    "integer_problem",
    "json_problem",
    "json_type",
    "number_problem",
    "parse_date",
    "parse_datetime",
    "text_problem",
]

#: The format version that :func:`dime.dumps` writes and :func:`dime.loads` reads natively.
FORMAT_VERSION: Final = 1

#: How deeply ``metadata`` may nest: the metadata object itself is level 1,
#: each object or array inside it one level more.
MAX_DEPTH: Final = 64

#: The most digits an integer may have: what Python converts to and from text
#: by default (``sys.int_info.default_max_str_digits``).
MAX_INT_DIGITS: Final = 4300
_INT_LIMIT: Final = 10**MAX_INT_DIGITS

#: The largest finite number: a number beyond it is refused, not rounded to infinity.
FLOAT_MAX: Final = sys.float_info.max

#: The characters that count as white space, as Python's ``str.isspace`` counts them.
WHITESPACE: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

#: Text that holds at least one character that is not white space, as a JSON
#: Schema pattern (ECMA-262, where ``\S`` counts other characters as space).
NON_BLANK_PATTERN: Final = (
    "[^\\t\\n\\u000b\\u000c\\r\\u001c-\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a"
    "\\u2028\\u2029\\u202f\\u205f\\u3000]"
)

# Years 0001 to 9999: there is no year 0.
_YEAR = "([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_MONTH, _DAY = "(0[1-9]|1[0-2])", "(0[1-9]|[12][0-9]|3[01])"
_HOUR, _SIXTY = "([01][0-9]|2[0-3])", "[0-5][0-9]"
_FULL_DATE: Final = f"{_YEAR}-{_MONTH}-{_DAY}"
_TIME: Final = f"{_HOUR}:{_SIXTY}:{_SIXTY}"
_OFFSET: Final = f"([Zz]|[+-]{_HOUR}:{_SIXTY})"

#: A date and time as RFC 3339 writes it, with at most six digits of fractions
#: of a second, as a JSON Schema pattern.  The calendar (no 30 February) is
#: checked beside it, as the schema's ``format`` says.
DATETIME_PATTERN: Final = f"^{_FULL_DATE}[Tt]{_TIME}(\\.[0-9]{{1,6}})?{_OFFSET}$"
#: A full date as RFC 3339 writes it, ``YYYY-MM-DD``, as a JSON Schema pattern.
DATE_PATTERN: Final = f"^{_FULL_DATE}$"

_DATETIME: Final = (
    f"(?P<day>{_FULL_DATE})[Tt](?P<clock>{_TIME})(?P<fraction>\\.[0-9]+)?(?P<offset>{_OFFSET})?"
)
_LEAP_SECOND: Final = f"{_FULL_DATE}[Tt]{_HOUR}:{_SIXTY}:60.*"
_SURROGATES: Final = "[\ud800-\udfff]"


@functools.cache
def _regex(pattern: str) -> re.Pattern[str]:
    """A pattern compiled on first use: importing dime compiles none."""
    return re.compile(pattern, re.ASCII if pattern != _SURROGATES else 0)


def find_surrogate(text: str) -> re.Match[str] | None:
    """The first lone surrogate in ``text`` (text UTF-8 cannot encode), or None."""
    return _regex(_SURROGATES).search(text)


_MINUTE: Final = timedelta(minutes=1)


class WireError(Exception):
    """A value that is not what its place in a document allows; the message says why.

    ``wrong_type`` is true when the value is of the wrong JSON type altogether.
    """

    def __init__(self, message: str, *, wrong_type: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.wrong_type = wrong_type


def json_type(value: object) -> str:  # noqa: PLR0911 - one answer per JSON type
    """The JSON name of a parsed value's type, for messages.

    >>> json_type(None), json_type(True), json_type(3), json_type([])
    ('null', 'boolean', 'integer', 'array')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def blank(text: str) -> bool:
    r"""Whether ``text`` is empty or only white space.

    >>> blank(" \t"), blank(" x ")
    (True, False)
    """
    return not text.strip(WHITESPACE)


def text_problem(text: str) -> str | None:
    r"""What makes ``text`` unwritable as UTF-8 (a lone surrogate), or None.

    >>> text_problem("caf\u00e9") is None
    True
    >>> text_problem("a\ud800")
    "holds the lone surrogate '\\ud800', which is not Unicode text UTF-8 can encode"
    """
    if text.isascii():
        return None
    found = find_surrogate(text)
    if found is None:
        return None
    return f"holds the lone surrogate {found.group()!r}, which is not Unicode text UTF-8 can encode"


def number_problem(value: object) -> str | None:
    """What makes ``value`` not a finite JSON number in range, or None.

    >>> number_problem(2.5) is None
    True
    >>> number_problem(10**400)
    'an integer of 401 digits is beyond the range of numbers (about 1.8e308)'
    """
    if type(value) is float or isinstance(value, float):
        if math.isfinite(value):
            return None
        return f"{value!r} is not a JSON number"
    if isinstance(value, int) and not isinstance(value, bool):
        if -FLOAT_MAX <= value <= FLOAT_MAX:
            return None
        digits = len(str(abs(value))) if abs(value) < _INT_LIMIT else MAX_INT_DIGITS + 1
        more = "more than " if digits > MAX_INT_DIGITS else ""
        return f"an integer of {more}{digits} digits is beyond the range of numbers (about 1.8e308)"
    return f"expected a number, {got(value)}"


def integer_problem(value: int) -> str | None:
    """What makes an integer longer than the format allows, or None.

    >>> integer_problem(10**4300)
    'an integer of more than 4300 digits is longer than the format allows'
    """
    if -_INT_LIMIT < value < _INT_LIMIT:
        return None
    return f"an integer of more than {MAX_INT_DIGITS} digits is longer than the format allows"


def json_problem(value: object, path: str, depth: int = 1) -> Problem | None:  # noqa: C901, PLR0911, PLR0912 - one case per JSON type
    """The first thing in ``value`` that is not a JSON value the format allows, or None.

    Objects are mappings with string keys, arrays are lists; numbers are
    finite, integers at most :data:`MAX_INT_DIGITS` digits long; text is
    Unicode that UTF-8 can encode; nesting at most :data:`MAX_DEPTH` levels.

    >>> json_problem({"a": [1, "x", None]}, "$.metadata") is None
    True
    >>> print(json_problem({"a": [1, float("nan")]}, "$.metadata"))
    $.metadata.a[1]: nan is not a JSON number
    >>> print(json_problem({"a": (1, 2)}, "$.metadata"))
    $.metadata.a: expected a JSON value, got (1, 2) (tuple); use a list
    """
    if value is None or value is True or value is False:
        return None
    kind = type(value)
    if kind is str or isinstance(value, str):
        problem = text_problem(value)  # type: ignore[arg-type]
        return None if problem is None else Problem(path, problem)
    if kind is int or (isinstance(value, int) and kind is not bool):
        problem = integer_problem(value)  # type: ignore[arg-type]
        return None if problem is None else Problem(path, problem)
    if kind is float or isinstance(value, float):
        if math.isfinite(value):  # type: ignore[arg-type]
            return None
        return Problem(path, f"{value!r} is not a JSON number")
    if isinstance(value, (list, Mapping)):
        if depth > MAX_DEPTH:
            return Problem(path, f"nests more than {MAX_DEPTH} levels deep")
        if isinstance(value, list):
            for i, item in enumerate(value):
                if (inner := json_problem(item, index_path(path, i), depth + 1)) is not None:
                    return inner
            return None
        for key, item in value.items():
            if type(key) is not str:
                if not isinstance(key, str):
                    return Problem(path, f"the key {shown(key)} is not a string", wrong_type=True)
            elif not key.isascii() and (bad_key := text_problem(key)) is not None:
                return Problem(path, f"a key {bad_key}")
            if (inner := json_problem(item, key_path(path, key), depth + 1)) is not None:
                return inner
        return None
    hint = "; use a list" if isinstance(value, tuple) else ""
    return Problem(path, f"expected a JSON value, {got(value)}{hint}", wrong_type=True)


def flat_json(value: Mapping[str, object]) -> bool | None:  # noqa: C901, PLR0911 - one loop, every case inline
    """Whether a dict is flat JSON the writers can take as it is, and holds floats.

    None when it is not a plain ``dict`` of ASCII keys to ASCII text, small
    integers, finite floats, booleans and nulls: then :func:`json_problem`
    must look at it.  True when it holds a float, False when it does not.

    >>> flat_json({"source": "survey", "wave": 3}), flat_json({"w": 0.5}), flat_json({"a": []})
    (False, True, None)
    """
    if type(value) is not dict:
        return None
    floats = False
    for key, item in value.items():
        if type(key) is not str or not key.isascii():
            return None
        kind = type(item)
        if kind is str:
            if not item.isascii():
                return None
        elif kind is int:
            if not -FLOAT_MAX <= item <= FLOAT_MAX:
                return None
        elif kind is float:
            if not -FLOAT_MAX <= item <= FLOAT_MAX:
                return None
            floats = True
        elif item is not None and kind is not bool:
            return None
    return floats


def datetime_problem(value: datetime) -> str | None:
    """What makes an aware datetime unwritable in RFC 3339, or None.

    The offset must be whole minutes (RFC 3339 has no seconds in offsets) and
    the moment must lie within the calendar in UTC too.

    >>> datetime_problem(datetime(2026, 3, 1, tzinfo=UTC)) is None
    True
    >>> datetime_problem(datetime(2026, 3, 1, tzinfo=timezone(timedelta(microseconds=1))))
    'its UTC offset 0:00:00.000001 is not a whole number of minutes, which RFC 3339 cannot write'
    """
    offset = value.utcoffset()
    if offset is None:
        return "has no UTC offset"
    if offset % _MINUTE:
        return (
            f"its UTC offset {offset} is not a whole number of minutes, which RFC 3339 cannot write"
        )
    if value.year in (1, 9999):
        try:
            value.astimezone(UTC)
        except OverflowError:
            return f"{value.isoformat()} is beyond the calendar (years 1 to 9999) in UTC"
    return None


def parse_datetime(text: str) -> datetime:
    """Read an RFC 3339 date and time, with its offset; raise WireError if it is not one.

    >>> parse_datetime("2026-03-01T09:30:12.25+01:00").isoformat()
    '2026-03-01T09:30:12.250000+01:00'
    >>> parse_datetime("2026-W09-1")
    Traceback (most recent call last):
      ...
    dime._wire.WireError: '2026-W09-1' is not an RFC 3339 date and time, such as 2026-03-01T09:30:00+00:00
    """
    found = _regex(_DATETIME).fullmatch(text)
    if found is None:
        if _regex(_FULL_DATE).fullmatch(text):
            raise WireError(f"{shown(text)} is a date without a time; write {text}T00:00:00+00:00")
        if _regex(_LEAP_SECOND).fullmatch(text):
            raise WireError(f"{shown(text)} is a leap second, which dime cannot hold")
        raise WireError(
            f"{shown(text)} is not an RFC 3339 date and time, such as 2026-03-01T09:30:00+00:00"
        )
    day, clock, fraction, offset = found.group("day", "clock", "fraction", "offset")
    if offset is None:
        raise WireError(
            f"{shown(text)} has no UTC offset; write one, such as {day}T{clock}{fraction or ''}+00:00"
        )
    if fraction is not None and len(fraction) > 7:
        raise WireError(
            f"{shown(text)} has {len(fraction) - 1} digits of fractions of a second; "
            "dime keeps at most six (microseconds)"
        )
    try:
        parsed = datetime.fromisoformat(
            f"{day}T{clock}{(fraction or '.').ljust(7, '0')}{offset.upper()}"
        )
    except ValueError:
        raise WireError(f"{shown(text)} is not a valid date and time") from None
    problem = datetime_problem(parsed)
    if problem is not None:
        raise WireError(f"{shown(text)}: {problem}")
    if type(parsed.tzinfo) is not timezone:  # pragma: no cover - fromisoformat makes fixed offsets
        raise WireError(f"{shown(text)} has an offset dime cannot hold")
    return parsed


def parse_date(text: str) -> date:
    """Read an RFC 3339 full date, ``YYYY-MM-DD``; raise WireError if it is not one.

    >>> parse_date("2026-06-01")
    datetime.date(2026, 6, 1)
    """
    if _regex(_FULL_DATE).fullmatch(text) is None:
        raise WireError(f"{shown(text)} is not a date in the form YYYY-MM-DD, such as 2026-06-01")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise WireError(f"{shown(text)} is not a valid date") from None
