"""Framework state as a document: versioned JSON, files, and JSON Lines streams.

The wire format is described in ``docs/format.md``.  Everything here runs on
the private cattrs converter of :mod:`dime._converter`, imported only when
something is first read or written, so that ``import dime`` stays light.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, TypeVar, overload

from dime._framework import Area
from dime._model import (
    Assessment,
    Department,
    Feedback,
    Framework,
    Initiative,
    JSONValue,
    Responsibility,
    Touchpoint,
)
from dime.exceptions import (
    InvalidDocumentError,
    Problem,
    UnsupportedVersionError,
)

if TYPE_CHECKING:
    import json
    from types import ModuleType

__all__ = [
    "FORMAT_VERSION",
    "dumps",
    "from_dict",
    "json_schema",
    "loads",
    "migrate",
    "to_dict",
]

#: The format version that :func:`dumps` writes and :func:`loads` reads natively.
FORMAT_VERSION: Final = 1

_Model = TypeVar(
    "_Model",
    Framework,
    Touchpoint,
    Initiative,
    Feedback,
    Responsibility,
    Department,
    Assessment,
    Area,
)
_MODELS: Final = (
    Framework,
    Touchpoint,
    Initiative,
    Feedback,
    Responsibility,
    Department,
    Assessment,
    Area,
)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk job; always restore it.

    Loading builds millions of objects that hold no cycles; the collector
    would scan them again and again for nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def to_dict(obj: Framework | Touchpoint | Initiative | Feedback | Responsibility | Department | Assessment | Area) -> dict[str, JSONValue]:  # fmt: skip
    """Turn a framework or any record into plain JSON data, as it is written in documents.

    Every field is written, defaults included, in the order the class declares them.

    Args:
        obj: A :class:`~dime.Framework`, any record, or an :class:`~dime.Area`.

    Returns:
        A new dict of JSON values (for a framework, the ``framework`` object
        of a document, without the version envelope).

    Raises:
        TypeError: ``obj`` is not one of the model types.
        InvalidDocumentError: Its metadata nests more deeply than the format allows.

    >>> import dime
    >>> dime.to_dict(dime.Department(name="IT", measures=("uptime",)))
    {'name': 'IT', 'objective': None, 'measures': ['uptime'], 'metadata': {}}
    >>> dime.to_dict(dime.Mindset.EMOTIONAL.area)
    {'pillar': 'M', 'layer': 'responsibility'}
    """
    if type(obj) not in _MODELS:
        raise TypeError(f"to_dict takes a dime model, got {type(obj).__name__}")
    from dime._converter import make_converter  # noqa: PLC0415 - cattrs only when used

    with _gc_paused():
        result: dict[str, JSONValue] = make_converter().unstructure(obj)
    return result


@overload
def from_dict(data: object) -> Framework: ...
@overload
def from_dict(data: object, cls: type[_Model]) -> _Model: ...
def from_dict(data: object, cls: type[Any] = Framework) -> Any:
    """Build a framework or any record from plain JSON data, checking everything.

    The data is checked as :func:`loads` checks a document: JSON types, enum
    values, dates, unknown and missing keys, then the records' own rules and
    the framework's integrity.  Fields that have a default may be left out.

    Args:
        data: Plain data, as :func:`to_dict` returns it.
        cls: The type to build: :class:`~dime.Framework` (the default), any
            record type, or :class:`~dime.Area`.

    Returns:
        The new object.

    Raises:
        InvalidDocumentError: Every problem found, with JSON paths from ``$``.
        TypeError: ``cls`` is not one of the model types.

    >>> import dime
    >>> dime.from_dict({"pillar": "D", "layer": "review"}, dime.Area)
    Area(D, review)
    >>> dime.from_dict({"name": "IT", "objective": 3}, dime.Department)
    Traceback (most recent call last):
      ...
    dime.exceptions.InvalidDocumentError: 1 problem in the document:
      $.objective: expected a string or null, got integer 3
    """
    if cls not in _MODELS:
        raise TypeError(f"from_dict builds a dime model, not {getattr(cls, '__name__', cls)!r}")
    from dime._converter import make_converter  # noqa: PLC0415 - cattrs only when used

    with _gc_paused():
        try:
            return make_converter().structure(data, cls)
        except RecursionError:
            raise InvalidDocumentError([Problem("$", "the data nests too deeply")]) from None


def json_schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of the current document format.

    It is generated from the model classes, and also shipped with the package
    as ``dime/schema/dime-1.schema.json``.  Every document that
    :func:`~dime.dumps` writes validates against it, and every document it
    rejects, :func:`~dime.loads` rejects too; :func:`~dime.loads` also checks
    what a schema cannot say (unique ids, references, dates in order).

    Returns:
        A new dict, free to change.

    >>> import dime
    >>> schema = dime.json_schema()
    >>> schema["properties"]["dime"]
    {'description': 'The format version.', 'const': 1}
    >>> schema["$defs"]["Feedback"]["properties"]["folder"]["enum"]
    ['listening', 'insights', 'improving', 'planning', None]
    """
    import copy  # noqa: PLC0415 - only when asked

    from dime._schema import schema  # noqa: PLC0415 - only when asked

    return copy.deepcopy(schema())


def _orjson() -> ModuleType | None:
    try:
        import orjson  # noqa: PLC0415 - an optional accelerator
    except ImportError:  # pragma: no cover - depends on what is installed
        return None
    return orjson


def dumps(framework: Framework, *, indent: int | None = None) -> str:
    """Write a framework as a JSON document, the same text for the same framework every time.

    Keys are in a fixed order, records in their tuple order, pillar sets in grid
    order, and every field is written.  When the optional ``orjson`` package is
    installed it does the writing, with byte-identical results.

    Args:
        framework: The framework to write.
        indent: Spaces per level of indentation; None writes one compact line.

    Returns:
        The document: ``{"dime": 1, "framework": {...}}``.

    Raises:
        TypeError: ``framework`` is not a :class:`~dime.Framework`.
        InvalidDocumentError: Its metadata nests more deeply than the format allows.

    >>> import dime
    >>> dime.dumps(dime.Framework(name="Shop"))
    '{"dime":1,"framework":{"name":"Shop","touchpoints":[],"initiatives":[],"feedback":[],"responsibilities":[],"departments":[],"assessments":[],"metadata":{}}}'
    """
    return _dumps(framework, indent=indent, accelerate=True)


def _dumps(framework: Framework, *, indent: int | None, accelerate: bool) -> str:
    if type(framework) is not Framework:
        raise TypeError(f"dumps takes a Framework, got {type(framework).__name__}")
    with _gc_paused():
        orjson = _orjson() if accelerate and indent in (None, 2) else None
        if orjson is not None:
            from dime._unstructure import unstructure_for_orjson  # noqa: PLC0415

            native = unstructure_for_orjson(framework)
            try:
                document = {"dime": FORMAT_VERSION, "framework": native}
                data: bytes = orjson.dumps(document, option=orjson.OPT_INDENT_2 if indent else 0)
                return data.decode()
            except TypeError:
                pass  # integers beyond 64 bits, lone surrogates, floats it writes differently
        if indent is None:
            from dime._unstructure import compact_json  # noqa: PLC0415

            return compact_json(framework)
        return _stdlib_dumps(framework, indent=indent)


def _stdlib_dumps(framework: Framework, *, indent: int | None) -> str:
    """The document as ``json.dumps`` writes it: the reference for the other writers."""
    from dime._converter import make_converter  # noqa: PLC0415 - cattrs only when used

    with _gc_paused():
        document = {"dime": FORMAT_VERSION, "framework": make_converter().unstructure(framework)}
        import json  # noqa: PLC0415 - only when writing

        return json.dumps(
            document,
            ensure_ascii=False,
            allow_nan=False,
            check_circular=False,
            indent=indent,
            separators=(",", ": ") if indent is not None else (",", ":"),
        )


class _ConstantError(ValueError):
    pass


def _reject_constant(name: str) -> object:
    raise _ConstantError(name)


def _decoder() -> json.JSONDecoder:
    import json  # noqa: PLC0415 - only when reading

    return json.JSONDecoder(parse_constant=_reject_constant)


def _parse(text: object, where: str = "$") -> object:
    """Parse JSON text, turning every failure into InvalidDocumentError."""
    import json  # noqa: PLC0415 - only when reading

    if isinstance(text, (bytes, bytearray, memoryview)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as err:
            raise InvalidDocumentError(
                [Problem(where, f"not UTF-8 text: byte {err.start} cannot be decoded")]
            ) from None
    if not isinstance(text, str):
        raise InvalidDocumentError(
            [Problem(where, f"expected JSON text (str or bytes), got {type(text).__name__}")]
        )
    try:
        return _decoder().decode(text)
    except _ConstantError as err:
        message = f"{err.args[0]} is not a JSON number; write a finite number or null"
        raise InvalidDocumentError([Problem(where, message)]) from None
    except json.JSONDecodeError as err:
        message = f"not valid JSON: {err.msg} at line {err.lineno} column {err.colno}"
        raise InvalidDocumentError([Problem(where, message)]) from None
    except RecursionError:
        raise InvalidDocumentError([Problem(where, "the JSON nests too deeply")]) from None


def loads(text: str | bytes) -> Framework:
    """Read a framework from a JSON document, checking everything and reporting every problem.

    Documents of older format versions are migrated first (see :func:`migrate`).

    Args:
        text: The document, as text or UTF-8 bytes.

    Returns:
        The framework.

    Raises:
        InvalidDocumentError: The text is not JSON, or the document breaks the
            format; ``.problems`` lists every problem with its JSON path.
        UnsupportedVersionError: The document is of a newer format version.

    >>> import dime
    >>> dime.loads('{"dime": 1, "framework": {"name": "Shop"}}')
    Framework(name='Shop', touchpoints=0, initiatives=0, feedback=0, responsibilities=0, departments=0, assessments=0)
    >>> dime.loads('{"dime": 1, "framework": {"name": "Shop", "colour": "red", "feedback": 3}}')
    Traceback (most recent call last):
      ...
    dime.exceptions.InvalidDocumentError: 2 problems in the document:
      $.framework.colour: unknown key 'colour'; expected one of ...
      $.framework.feedback: expected an array, got integer 3
    """
    return _read(text, _framework_from_document)


def _framework_from_document(data: object) -> Framework:
    document = migrate(data)
    problems = [
        Problem(f"$.{key}", f"unknown key {key!r}")
        for key in document
        if key not in ("dime", "framework")
    ]
    if "framework" not in document:
        problems.append(Problem("$", "missing the required key 'framework'"))
    if problems:
        raise InvalidDocumentError(problems)
    from dime._converter import structure_framework  # noqa: PLC0415 - cattrs only when used

    try:
        # The document is loads' own and dropped after: free its feedback as it is built.
        return structure_framework(document["framework"], "$.framework", consume=True)
    except RecursionError:
        raise InvalidDocumentError([Problem("$.framework", "the data nests too deeply")]) from None


_Read = TypeVar("_Read", Framework, Feedback)


def _read(text: object, build: Callable[[object], _Read]) -> _Read:
    """Parse JSON text and build from it, with the garbage collector paused."""
    with _gc_paused():
        return build(_parse(text))


def _structure_at(data: object, cls: type[_Model], where: str) -> _Model:
    from dime._converter import make_converter  # noqa: PLC0415 - cattrs only when used

    try:
        result: _Model = make_converter().structure(data, cls)
    except InvalidDocumentError as err:
        raise InvalidDocumentError(
            Problem(where + p.path.removeprefix("$"), p.message) for p in err.problems
        ) from None
    except RecursionError:
        raise InvalidDocumentError([Problem(where, "the data nests too deeply")]) from None
    return result


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 was a bare framework object; version 1 wraps it in an envelope."""
    return {"dime": 1, "framework": {k: v for k, v in data.items() if k != "dime"}}


#: Each step upgrades a document from its version to the next.
_MIGRATIONS: Final[dict[int, Callable[[dict[str, Any]], dict[str, Any]]]] = {0: _v0_to_v1}


def migrate(data: object) -> dict[str, Any]:
    """Upgrade a parsed document of any older format version to the current one.

    A document's version is its ``"dime"`` key; an object without one is a
    version 0 document, a bare framework object.  Each registered step
    upgrades by one version.  The framework itself is not checked here:
    :func:`loads` does that.

    Args:
        data: A parsed JSON document.

    Returns:
        The document in the current format version (the same dict if it
        already was).

    Raises:
        InvalidDocumentError: ``data`` is not an object, or its version is not
            a whole number.
        UnsupportedVersionError: It is of a newer version than this library reads.

    >>> import dime
    >>> dime.migrate({"name": "Shop", "feedback": []})
    {'dime': 1, 'framework': {'name': 'Shop', 'feedback': []}}
    """
    if not isinstance(data, dict):
        raise InvalidDocumentError(
            [Problem("$", f"expected a JSON object, got {type(data).__name__}")]
        )
    version = data.get("dime", 0)
    if type(version) is not int or version < 0:
        raise InvalidDocumentError(
            [Problem("$.dime", f"expected the format version, a whole number, got {version!r}")]
        )
    if version > FORMAT_VERSION:
        raise UnsupportedVersionError(found=version, supported=FORMAT_VERSION)
    while version < FORMAT_VERSION:
        data = _MIGRATIONS[version](data)
        version += 1
    return data
