"""The content hash of a framework: SHA-256 of its canonical document.

The canonical document is the framework's document (``{"dime": N,
"framework": {...}}``, every field written) in one fixed form, so that two
frameworks have the same digest exactly when their documents are the same
up to the order of their records:

- records of each kind sorted by their key (a department by its name, the
  others by their id), and records without a key (responsibilities,
  assessments) by their canonical text;
- object keys sorted (by UTF-16 code units, as RFC 8785 sorts them), no
  white space, UTF-8;
- strings escaped as JSON requires and no more; numbers in the shortest
  form that reads back the same, a whole number as an integer written in
  full, others as ECMAScript writes them (RFC 8785 writes whole numbers of
  21 digits or more with an exponent; that is the only difference).

How a document was indented, the order its records were added in and the
order of the keys in its metadata change nothing; anything else does.  The
code that writes each kind of record is generated from its fields, so a new
field is hashed with no change here.
"""

from __future__ import annotations

import enum
import hashlib
import operator
import typing
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from datetime import date, datetime
from json.encoder import encode_basestring
from types import NoneType, UnionType
from typing import Any, Final

import attrs

from dime._fields import key_of
from dime._framework import Area
from dime._model import Framework, collections_of
from dime._problems import got
from dime._wire import FORMAT_VERSION
from dime.exceptions import InvalidFieldError, Problem

__all__ = [
    "canonical_json",
    "canonical_text",
    "digest",
    "digests",
    "kinds",
    "plain",
    "record_same",
    "record_text",
]

_BATCH: Final = 10_000
_FLUSH: Final = 1 << 20
_quote: Final = encode_basestring


def _utf16(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def _float(x: float) -> str:
    """A float as ECMAScript writes it (whole numbers are handled by :func:`_number`)."""
    text = repr(x)
    sign = "-" if text[0] == "-" else ""
    text = text.lstrip("-")
    mantissa, _, exponent = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    stripped = digits.lstrip("0")
    # The value is 0.<digits> times 10 to the power n.
    n = len(whole) + int(exponent or 0) - (len(digits) - len(stripped))
    digits = stripped.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        out = digits + "0" * (n - k)
    elif 0 < n <= 21:
        out = f"{digits[:n]}.{digits[n:]}"
    elif -6 < n <= 0:
        out = f"0.{'0' * -n}{digits}"
    else:
        e = n - 1
        out = f"{digits[0]}{'.' + digits[1:] if k > 1 else ''}e{'+' if e >= 0 else '-'}{abs(e)}"
    return sign + out


def _number(x: float) -> str:
    if type(x) is int:
        return int.__repr__(x)
    if x.is_integer():
        return int.__repr__(int(x))
    return _float(float(x))


def canonical_json(value: object) -> str:  # noqa: PLR0911 - one case per JSON type
    """A JSON value (dicts, lists, str, numbers, bools, None) in canonical form.

    >>> canonical_json({"b": [1.0, 0.5, 1e-7], "a": "x"})
    '{"a":"x","b":[1,0.5,1e-7]}'
    """
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, Mapping):
        keys = sorted(value, key=_utf16)
        return "{" + ",".join(f"{_quote(k)}:{canonical_json(value[k])}" for k in keys) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(canonical_json(v) for v in value) + "]"
    return canonical_json(plain(value))


def _in_order(members: AbstractSet[Any]) -> list[Any]:
    """A set's members as the document writes them: enum members in declared order, others by text."""
    kinds = {type(m) for m in members}
    kind = next(iter(kinds), None)
    if len(kinds) == 1 and isinstance(kind, type) and issubclass(kind, enum.Enum):
        order = {m: i for i, m in enumerate(kind)}
        return sorted(members, key=order.__getitem__)
    return sorted(members, key=lambda m: canonical_json(plain(m)))


def plain(value: Any) -> object:  # noqa: ANN401, PLR0911 - any field value, one case per type
    """Any field value as plain JSON data, as the document holds it."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Area):
        return {"pillar": value.pillar.value, "layer": value.layer.value}
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return [plain(v) for v in _in_order(value)]
    if attrs.has(type(value)):
        return {f.name: plain(getattr(value, f.name)) for f in attrs.fields(type(value)) if f.init}
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    return value


def _optional(hint: Any) -> tuple[Any, bool]:  # noqa: ANN401 - a type
    if typing.get_origin(hint) in (UnionType, typing.Union):
        args = [a for a in typing.get_args(hint) if a is not NoneType]
        if len(args) == 1:
            return args[0], True
    return hint, False


def _expression(hint: Any, var: str) -> str:  # noqa: ANN401 - a type
    """Python source for the canonical text of the value in ``var``, whose type is ``hint``."""
    kind, optional = _optional(hint)
    if kind is str:
        text = f"quote({var})"
    elif kind in (int, float):
        text = f"number({var})"
    elif isinstance(kind, type) and issubclass(kind, enum.Enum):
        text = f"quote({var}._value_)"
    elif kind in (datetime, date):
        text = f"'\"' + {var}.isoformat() + '\"'"
    elif typing.get_origin(kind) is Mapping:
        text = f"('{{}}' if not {var} else canon({var}))"
    else:
        text = f"canon({var})"
    return f"('null' if {var} is None else {text})" if optional else text


_WRITERS: Final[dict[type[Any], Callable[[Any], str]]] = {}


def record_text(cls: type[Any]) -> Callable[[Any], str]:
    """The function that writes a record of ``cls`` as canonical JSON text, generated from its fields.

    >>> import dime
    >>> record_text(dime.Department)(dime.Department(name="IT"))
    '{"measurements":[],"measures":[],"metadata":{},"name":"IT","objective":null}'
    """
    known = _WRITERS.get(cls)
    if known is not None:
        return known
    hints = typing.get_type_hints(cls)
    names = sorted((f.name for f in attrs.fields(cls) if f.init), key=_utf16)
    parts = []
    args = []
    for i, name in enumerate(names):
        parts.append(f"{_quote(name)}:%s")
        args.append(_expression(hints[name], f"v{i}"))
    template = "{" + ",".join(parts) + "}"
    unpack = "".join(f"    v{i} = r.{name}\n" for i, name in enumerate(names))
    source = (
        f"def text(r):\n{unpack}    return {template!r} % ({', '.join(args)},)\n"
        if names
        else "def text(r):\n    return '{}'\n"
    )
    env: dict[str, Any] = {"quote": _quote, "number": _number, "canon": canonical_json}
    exec(compile(source, f"<canonical {cls.__name__}>", "exec"), env)  # noqa: S102 - our own generated code
    function: Callable[[Any], str] = env["text"]
    _WRITERS[cls] = function
    return function


_SAME: Final[dict[type[Any], Callable[[Any, Any], bool]]] = {}


def record_same(cls: type[Any]) -> Callable[[Any, Any], bool]:
    """The function that tells whether two records of ``cls`` have the same canonical text.

    Generated from the fields, like :func:`record_text`, and much cheaper
    than writing both: equal fields, and for moments the same UTC offset,
    for mappings the same canonical JSON (``True`` and ``1`` are equal in
    Python, not in a document).

    >>> import dime
    >>> from datetime import datetime, timedelta, timezone
    >>> noon = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)
    >>> a = dime.Feedback(id="f", received=noon, kind=dime.FeedbackKind.GIFT)
    >>> b = dime.Feedback(id="f", received=noon.astimezone(timezone(timedelta(hours=1))),
    ...                   kind=dime.FeedbackKind.GIFT)
    >>> a == b, record_same(dime.Feedback)(a, b)
    (True, False)
    """
    known = _SAME.get(cls)
    if known is not None:
        return known
    hints = typing.get_type_hints(cls)
    checks = []
    for f in attrs.fields(cls):
        if not f.init:
            continue
        kind, optional = _optional(hints[f.name])
        a, b = f"a.{f.name}", f"b.{f.name}"
        if kind is datetime:
            test = f"{a}.utcoffset() == {b}.utcoffset()"
            checks.append(f"({a} is None or {test})" if optional else test)
        elif kind in (str, int, float, date) or (
            isinstance(kind, type) and issubclass(kind, enum.Enum)
        ):
            continue
        elif typing.get_origin(kind) is Mapping:
            checks.append(f"((not {a} and not {b}) or canon({a}) == canon({b}))")
        else:
            checks.append(f"canon({a}) == canon({b})")
    test = " and ".join(["a is b or (a == b", *checks]) + ")" if checks else "a is b or a == b"
    source = f"def same(a, b):\n    return {test}\n"
    env: dict[str, Any] = {"canon": canonical_json}
    exec(compile(source, f"<same {cls.__name__}>", "exec"), env)  # noqa: S102 - our own generated code
    function: Callable[[Any, Any], bool] = env["same"]
    _SAME[cls] = function
    return function


class _Sink:
    """Where canonical text goes: into a hash, or into a list of pieces, in batches."""

    __slots__ = ("hash", "parts", "pieces", "size")

    def __init__(self, *, keep: bool = False) -> None:
        self.hash = hashlib.sha256()
        self.parts: list[str] = []
        self.pieces: list[str] | None = [] if keep else None
        self.size = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size > _FLUSH:
            self.flush()

    def flush(self) -> None:
        text = "".join(self.parts)
        self.parts.clear()
        self.size = 0
        if self.pieces is not None:
            self.pieces.append(text)
        self.hash.update(text.encode("utf-8", "surrogatepass"))

    def digest(self) -> str:
        self.flush()
        return "sha256:" + self.hash.hexdigest()


def _records(
    cls: type[Any],
    old: tuple[Any, ...],
    new: tuple[Any, ...] | None,
    same: AbstractSet[str],
    sinks: tuple[_Sink, _Sink | None],
) -> None:
    """Write the records of one kind, in canonical order, to one sink or to two.

    With two sides, a record whose key is in ``same`` is written once for both.
    """
    write = record_text(cls)
    key = key_of(cls)
    a, b = sinks
    if key is None:
        for records, sink in ((old, a), (new, b)):
            if sink is not None and records is not None:
                sink.write(",".join(sorted(map(write, records))))
        return
    getkey = operator.attrgetter(key)
    olds = sorted(old, key=getkey)
    if new is None or b is None:
        for start in range(0, len(olds), _BATCH):
            a.write(("," if start else "") + ",".join(map(write, olds[start : start + _BATCH])))
        return
    news = sorted(new, key=getkey)
    sep_a = sep_b = ""
    for o, n in _merged(olds, news, getkey):
        text_a: str | None
        text_b: str | None
        if o is not None and n is not None and getkey(o) in same:
            text_a = text_b = write(o)
        else:
            text_a = None if o is None else write(o)
            text_b = None if n is None else write(n)
        if text_a is not None:
            a.write(sep_a + text_a)
            sep_a = ","
        if text_b is not None:
            b.write(sep_b + text_b)
            sep_b = ","


def _merged(
    olds: list[Any], news: list[Any], getkey: Callable[[Any], str]
) -> Iterator[tuple[Any, Any]]:
    """Two lists sorted by key, walked together: pairs of records with the same key, or one and None."""
    i = j = 0
    while i < len(olds) and j < len(news):
        ko, kn = getkey(olds[i]), getkey(news[j])
        if ko == kn:
            yield olds[i], news[j]
            i += 1
            j += 1
        elif ko < kn:
            yield olds[i], None
            i += 1
        else:
            yield None, news[j]
            j += 1
    for o in olds[i:]:
        yield o, None
    for n in news[j:]:
        yield None, n


def kinds() -> dict[str, type[Any]]:
    """The framework's fields that hold records, in declared order, with their records' class.

    >>> kinds()["feedback"].__name__
    'Feedback'
    """
    return dict(collections_of(Framework))


def _write(
    old: Framework,
    new: Framework | None,
    same: Mapping[str, AbstractSet[str]],
    sinks: tuple[_Sink, _Sink | None],
) -> None:
    """Write the canonical document of ``old`` (and of ``new``) to the sinks."""
    held = kinds()
    names = sorted((f.name for f in attrs.fields(Framework) if f.init), key=_utf16)
    sides = (
        [(old, sinks[0])] if new is None or sinks[1] is None else [(old, sinks[0]), (new, sinks[1])]
    )
    for _fw, sink in sides:
        sink.write(f'{{"dime":{FORMAT_VERSION},"framework":{{')
    for i, name in enumerate(names):
        for fw, sink in sides:
            sink.write(("," if i else "") + f"{_quote(name)}:")
            if name not in held:
                sink.write(canonical_json(getattr(fw, name)))
            else:
                sink.write("[")
        if name in held:
            _records(
                held[name],
                getattr(old, name),
                None if new is None else getattr(new, name),
                same.get(name, frozenset()),
                sinks,
            )
            for _fw, sink in sides:
                sink.write("]")
    for _fw, sink in sides:
        sink.write("}}")


def canonical_text(framework: Framework) -> str:
    """The canonical document of ``framework``, whose SHA-256 is its :func:`digest`.

    >>> import dime
    >>> canonical_text(dime.Framework(name="Shop"))
    '{"dime":2,"framework":{"assessments":[],"departments":[],"feedback":[],"initiatives":[],"metadata":{},"name":"Shop","responsibilities":[],"scales":[],"touchpoints":[]}}'
    """
    sink = _Sink(keep=True)
    _write(framework, None, {}, (sink, None))
    sink.flush()
    return "".join(sink.pieces or ())


def digests(
    old: Framework, new: Framework, same: Mapping[str, AbstractSet[str]]
) -> tuple[str, str]:
    """The digests of two frameworks at once, each record in ``same`` written once for both.

    ``same`` names, per framework field, the keys of the records known to
    be the same on both sides (by :func:`record_same`).
    """
    a, b = _Sink(), _Sink()
    _write(old, new, same, (a, b))
    return a.digest(), b.digest()


def digest(framework: Framework) -> str:
    """A stable content hash of a framework: SHA-256 of its canonical document.

    Equal for two frameworks exactly when their documents are equal up to
    the order of their records (and of the keys in their metadata): how the
    document was indented or in which order records were added changes
    nothing.  The canonical form is described in the docs' page on the
    document format.  Reports and diffs carry it, so that anyone can tell
    which state they describe; ``dime digest FILE`` prints it.

    Args:
        framework: The framework to hash.

    Returns:
        ``"sha256:"`` and 64 hexadecimal digits.

    Raises:
        InvalidFieldError: ``framework`` is not a :class:`~dime.Framework`.

    >>> import dime
    >>> fw = dime.example()
    >>> d = dime.digest(fw)
    >>> d.startswith("sha256:"), len(d)
    (True, 71)
    >>> dime.digest(fw.remove(*fw.feedback).add(*reversed(fw.feedback))) == dime.digest(fw)
    True
    """
    if not isinstance(framework, Framework):
        raise InvalidFieldError(
            [Problem("digest.framework", f"expected a Framework, {got(framework)}")]
        )
    sink = _Sink()
    _write(framework, None, {}, (sink, None))
    return sink.digest()
