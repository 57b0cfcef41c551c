"""Framework state as a document: versioned JSON, and plain data for every record.

The wire format is described in ``docs/format.md``.  Reading runs on the
converter of :mod:`dime._converter`, writing on the writers of
:mod:`dime._unstructure`; both are imported when something is first read or
written, so that ``import dime`` stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, TypeVar, overload

from dime._fields import Model, is_record
from dime._gc import gc_paused
from dime._model import Framework
from dime._problems import key_path, shown
from dime._wire import FORMAT_VERSION, MAX_INT_DIGITS, WireError, json_type
from dime.exceptions import InvalidDocumentError, Problem, UnsupportedVersionError

if TYPE_CHECKING:
    import json
    from types import ModuleType

    from dime._balance import Finding, Policy, Report, Waiver
    from dime._fields import JSONValue

__all__ = [
    "FORMAT_VERSION",
    "dumps",
    "framework_from_document",
    "from_dict",
    "json_schema",
    "loads",
    "migrate",
    "migrate_noting",
    "migration_notes",
    "parse",
    "read",
    "structure_at",
    "to_dict",
    "write_reference",
]

T = TypeVar("T")
M = TypeVar("M", bound="Model | Policy | Waiver | Finding")


def to_dict(obj: Model | Policy | Waiver | Report | Finding) -> dict[str, JSONValue]:
    """Turn a framework, any record, a policy or a report into plain JSON data.

    Every field is written, defaults included, in the order the class declares them.

    Args:
        obj: A :class:`~dime.Framework`, any record, an :class:`~dime.Area`,
            a :class:`~dime.Policy` or :class:`~dime.Waiver` (as a policy file
            holds it), or a :class:`~dime.Report` or :class:`~dime.Finding` (as
            ``dime check --format json`` writes it).

    Returns:
        A new dict of JSON values (for a framework, the ``framework`` object
        of a document, without the version envelope).

    Raises:
        TypeError: ``obj`` is not one of the model types.
        InvalidDocumentError: Its metadata is no longer JSON (it was changed
            after the record was made).

    >>> import dime
    >>> dime.to_dict(dime.Measure(name="uptime", kind=dime.MeasureKind.RATE, unit="%"))
    {'name': 'uptime', 'kind': 'rate', 'scale': None, 'unit': '%', 'target': None, 'higher_is_better': True, 'metadata': {}}
    >>> dime.to_dict(dime.Mindset.EMOTIONAL.area)
    {'pillar': 'M', 'layer': 'responsibility'}
    >>> dime.to_dict(dime.Policy(window=dime.Policy().window / 2))["window"]
    90
    """
    if not is_record(type(obj)):
        from dime._balance import Finding, Policy, Report, Waiver  # noqa: PLC0415 - on first use

        if isinstance(obj, Policy | Waiver):
            return obj.to_mapping()
        if isinstance(obj, Report | Finding):
            return obj.to_data()
        raise TypeError(f"to_dict takes a dime model, got {type(obj).__name__}")
    from dime._converter import unstructure  # noqa: PLC0415 - cattrs only when used

    with gc_paused(), _writing():
        return unstructure(obj)


@overload
def from_dict(data: object) -> Framework: ...
@overload
def from_dict(data: object, cls: type[M]) -> M: ...
def from_dict(data: object, cls: type[Any] = Framework) -> Any:
    """Build a framework, any record or a policy from plain JSON data, checking everything.

    The data is checked as :func:`loads` checks a document: JSON types, enum
    values, dates, unknown and missing keys, then the records' own rules and
    the framework's integrity.  Fields that have a default may be left out.
    A :class:`~dime.Policy` is read as a policy file is (the rules page of the
    docs shows one), areas by ``{"pillar", "layer"}``, title or short form.

    Args:
        data: Plain data, as :func:`to_dict` returns it.
        cls: The type to build: :class:`~dime.Framework` (the default), any
            record type, :class:`~dime.Area`, :class:`~dime.Policy`,
            :class:`~dime.Waiver` or :class:`~dime.Finding` (as
            :func:`to_dict` writes it).  A :class:`~dime.Report` is not read
            back: it is what :func:`dime.check` derives from a framework, so
            check the framework again.

    Returns:
        The new object.

    Raises:
        InvalidDocumentError: Every problem found, with JSON paths from
            ``$``; :class:`~dime.exceptions.DocumentTypeError` (also a
            ``TypeError``) if a value is of the wrong JSON type.
        InvalidPolicyError: For a policy or a waiver, every problem found,
            with paths from ``$``; :class:`~dime.exceptions.PolicyTypeError`
            (also a ``TypeError``) if a value is of the wrong type.
        TypeError: ``cls`` is not one of the types above.

    >>> import dime
    >>> dime.from_dict({"window": 90, "waivers": [{"code": "DIME301", "reason": "Moving",
    ...     "area": "D/review"}]}, dime.Policy).waivers[0].area.title
    'Listening to customers'
    >>> dime.from_dict({"pillar": "D", "layer": "review"}, dime.Area)
    Area(D, review)
    >>> finding = dime.check(dime.example()).findings[0]
    >>> dime.from_dict(dime.to_dict(finding), dime.Finding) == finding
    True
    >>> dime.from_dict({"name": "IT", "objective": 3}, dime.Department)
    Traceback (most recent call last):
      ...
    dime.exceptions.DocumentTypeError: 1 problem in the document:
      $.objective: expected a string or null, got integer 3
    """
    if not is_record(cls):
        from dime._balance import Finding, Policy, Waiver  # noqa: PLC0415 - on first use
        from dime._balance._policy import (  # noqa: PLC0415
            finding_from_data,
            policy_from_data,
            waiver_from_data,
        )

        if cls is Policy:
            return policy_from_data(data)
        if cls is Waiver:
            return waiver_from_data(data)
        if cls is Finding:
            return finding_from_data(data)
        raise TypeError(
            f"from_dict builds a dime model, not {shown(getattr(cls, '__name__', cls))}"
        )
    from dime._converter import structure  # noqa: PLC0415 - cattrs only when used

    with gc_paused():
        return structure(data, cls)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of the current document format.

    It is generated from the model classes, and also shipped with the package
    as ``dime/schema/dime-2.schema.json``.  Every document that
    :func:`~dime.dumps` writes validates against it, and :func:`~dime.loads`
    accepts exactly the documents it accepts, except for the rules a schema
    cannot state (unique ids, references between records, dates in order,
    and the limits listed in the format's documentation).

    Returns:
        A new dict, free to change.

    >>> import dime
    >>> schema = dime.json_schema()
    >>> schema["properties"]["dime"]
    {'description': 'The format version.', 'const': 2}
    >>> schema["$defs"]["Feedback"]["properties"]["folder"]["anyOf"]
    [{'$ref': '#/$defs/FeedbackFolder'}, {'type': 'null'}]
    """
    import copy  # noqa: PLC0415 - only when asked

    from dime._schema import document_schema  # noqa: PLC0415 - only when asked

    return copy.deepcopy(document_schema())


def _orjson() -> ModuleType | None:
    try:
        import orjson  # noqa: PLC0415 - an optional accelerator
    except ImportError:  # pragma: no cover - depends on what is installed
        return None
    return orjson


@contextmanager
def _writing() -> Iterator[None]:
    """What cannot be written, as InvalidDocumentError."""
    try:
        yield
    except WireError as bad:
        raise InvalidDocumentError.of(
            [Problem("$", f"cannot write the metadata: {bad.message}")]
        ) from None
    except RecursionError:
        raise InvalidDocumentError.of([Problem("$", "the metadata nests too deeply")]) from None
    except ValueError as bad:
        if "digits" not in str(bad):
            raise
        message = f"cannot write an integer of more than {MAX_INT_DIGITS} digits"
        raise InvalidDocumentError.of([Problem("$", message)]) from None


def dumps(framework: Framework, *, indent: int | None = None) -> str:
    """Write a framework as a JSON document, the same text for the same framework every time.

    Keys are in a fixed order, records in their tuple order, pillar sets in grid
    order, and every field is written.  When the optional ``orjson`` package is
    installed it does part of the writing, with byte-identical results.

    Args:
        framework: The framework to write.
        indent: Spaces per level of indentation; None writes one compact line.

    Returns:
        The document: ``{"dime": 1, "framework": {...}}``.

    Raises:
        TypeError: ``framework`` is not a :class:`~dime.Framework`, or
            ``indent`` is not None or a whole number of at least 0.
        InvalidDocumentError: Its metadata was changed, after the record was
            made, into something that is not JSON.

    >>> import dime
    >>> dime.dumps(dime.Framework(name="Shop"))
    '{"dime":2,"framework":{"name":"Shop","touchpoints":[],"initiatives":[],"feedback":[],"responsibilities":[],"departments":[],"assessments":[],"scales":[],"metadata":{}}}'
    """
    return _dumps(framework, indent=indent, accelerate=True)


def _dumps(framework: Framework, *, indent: int | None, accelerate: bool) -> str:
    if not isinstance(framework, Framework):
        raise TypeError(f"dumps takes a Framework, got {type(framework).__name__}")
    if indent is not None and (type(indent) is not int or indent < 0):
        raise TypeError(f"indent must be None or a whole number of at least 0, got {shown(indent)}")
    from dime._unstructure import write_json  # noqa: PLC0415 - only when writing

    orjson = _orjson() if accelerate else None
    with gc_paused(), _writing():
        return write_json(
            framework, indent=indent, orjson=orjson, envelope=("framework", FORMAT_VERSION)
        )


def write_reference(framework: Framework, *, indent: int | None) -> str:
    """The document as ``json.dumps`` writes :func:`to_dict`'s data: what the writers must match."""
    import json  # noqa: PLC0415 - only when writing

    document = {"dime": FORMAT_VERSION, "framework": to_dict(framework)}
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


def _where(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    return f"line {line} column {column}"


def parse(text: object, where: str = "$") -> object:
    """Parse JSON text, turning every failure into InvalidDocumentError at ``where``."""
    import json  # noqa: PLC0415 - only when reading

    if isinstance(text, (bytes, bytearray, memoryview)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as err:
            raise InvalidDocumentError.of(
                [Problem(where, f"not UTF-8 text: byte {err.start} cannot be decoded")]
            ) from None
    if not isinstance(text, str):
        raise InvalidDocumentError.of(
            [
                Problem(
                    where,
                    f"expected JSON text (str or bytes), got {type(text).__name__}",
                    wrong_type=True,
                )
            ]
        )
    try:
        return _decoder().decode(text)
    except _ConstantError as err:
        message = f"{err.args[0]} is not a JSON number; write a finite number or null"
        raise InvalidDocumentError.of([Problem(where, message)]) from None
    except json.JSONDecodeError as err:
        message = f"not valid JSON: {err.msg} at line {err.lineno} column {err.colno}"
        raise InvalidDocumentError.of([Problem(where, message)]) from None
    except RecursionError:
        raise InvalidDocumentError.of([Problem(where, "the JSON nests too deeply")]) from None
    except ValueError as err:  # integers longer than Python converts from text
        import re  # noqa: PLC0415 - only to say where

        long = re.search(r"[0-9]{%d}" % (MAX_INT_DIGITS + 1), text)  # noqa: UP031 - a regex
        at = "" if long is None else f" at {_where(text, long.start())}"
        message = (
            f"an integer of more than {MAX_INT_DIGITS} digits{at} is longer than the format allows"
        )
        raise InvalidDocumentError.of([Problem(where, message)]) from err


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
    Framework(name='Shop', touchpoints=0, initiatives=0, feedback=0, responsibilities=0, departments=0, assessments=0, scales=0)
    >>> dime.loads('{"dime": 1, "framework": {"name": "Shop", "colour": "red", "feedback": 3}}')
    Traceback (most recent call last):
      ...
    dime.exceptions.DocumentTypeError: 2 problems in the document:
      $.framework.feedback: expected an array, got integer 3
      $.framework.colour: unknown key 'colour'; expected one of name, touchpoints, initiatives, feedback, responsibilities, departments, assessments, scales, metadata
    """
    return read(text, framework_from_document)


def framework_from_document(data: object) -> Framework:
    """The framework of a parsed document of any version, checked, with paths as in the file."""
    version = data.get("dime", 0) if isinstance(data, dict) else None
    document = migrate(data)
    problems = [
        Problem(key_path("$", key), f"unknown key {shown(key)}; expected dime and framework")
        for key in document
        if key not in ("dime", "framework")
    ]
    if "framework" not in document:
        problems.append(Problem("$", "missing the required key 'framework'"))
    if problems:
        raise InvalidDocumentError.of(problems)
    from dime._converter import consuming, structure  # noqa: PLC0415 - cattrs only when used

    # A version 0 document is the framework object itself: its paths start at $.
    root = "$" if version == 0 else "$.framework"
    # The document is loads' own and dropped after: free its items as they are built.
    with consuming():
        return structure(document["framework"], Framework, at=root)


def read(text: object, build: Callable[[object], T]) -> T:
    """Parse JSON text and build from it, with the garbage collector paused."""
    with gc_paused():
        return build(parse(text))


def structure_at(data: object, cls: type[T], where: str) -> T:
    """Build a record from parsed data, with problem paths from ``where``."""
    from dime._converter import structure  # noqa: PLC0415 - cattrs only when used

    return structure(data, cls, at=where)


def _v0_to_v1(data: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """Version 0 was a bare framework object; version 1 wraps it in an envelope."""
    notes.append("wrap the framework object in a document of version 1")
    return {"dime": 1, "framework": {k: v for k, v in data.items() if k != "dime"}}


#: The custom scale that version 1's bare scores move to, and what its metadata says.
V1_SCALE: Final = "score"
V1_SCALE_NOTE: Final = "bounds are the lowest and highest score observed in format version 1"


#: What version 1's measures become, and what their metadata says.
V1_MEASURE_KIND: Final = "count"
V1_MEASURE_NOTE: Final = (
    "a name alone in format version 1: its kind is unknown, so it is a count with no unit "
    "and no target"
)


def _v1_measures(framework: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """Each department's measures, bare strings in version 1, as typed measures with no target."""
    departments = framework.get("departments")
    if not isinstance(departments, list):
        return framework
    moved, holders = 0, 0
    changed = list(departments)
    for i, department in enumerate(departments):
        if not isinstance(department, dict) or not isinstance(department.get("measures"), list):
            continue
        names = department["measures"]
        if not any(type(m) is str for m in names):
            continue
        typed = [
            {"name": m, "kind": V1_MEASURE_KIND, "metadata": {"migrated": V1_MEASURE_NOTE}}
            if type(m) is str
            else m
            for m in names
        ]
        changed[i] = {**department, "measures": typed}
        moved += sum(type(m) is str for m in names)
        holders += 1
    if not moved:
        return framework
    notes.append(
        f"turn {moved} measure name(s) of {holders} department(s) into typed measures of kind "
        f"{V1_MEASURE_KIND!r}, with no unit and no target, so they are never compared"
    )
    return {**framework, "departments": changed}


def _v1_to_v2(data: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """Version 2 scores say their scale, and departments' measures are typed.

    A bare integer score moves to the custom scale ``"score"``, bounded by the
    lowest and highest value observed, since version 1 did not say what its
    scores were on.  A measure, a bare string in version 1, becomes a measure of
    that name, of kind ``count``, with no unit and no target, so that it is
    never compared with anything.  Anything that is not a version 1 framework
    is left as it is, for the checks to report.
    """
    framework = data.get("framework")
    out = {**data, "dime": 2}
    if not isinstance(framework, dict):
        return out
    framework = _v1_measures(framework, notes)
    out["framework"] = framework
    if not isinstance(framework.get("feedback"), list):
        return out
    items = framework["feedback"]
    scored = [
        i
        for i, item in enumerate(items)
        if isinstance(item, dict) and type(item.get("score")) is int
    ]
    if not scored:
        return out
    values = [items[i]["score"] for i in scored]
    low, high = min(values), max(values)
    feedback = list(items)
    for i in scored:
        feedback[i] = {**items[i], "score": {"scale": V1_SCALE, "value": items[i]["score"]}}
    scale = {
        "name": V1_SCALE,
        "minimum": low,
        "maximum": high,
        "metadata": {"migrated": V1_SCALE_NOTE},
    }
    scales = framework.get("scales")
    declared = [*scales, scale] if isinstance(scales, list) else [scale]
    out["framework"] = {**framework, "feedback": feedback, "scales": declared}
    notes.append(
        f"move {len(scored)} bare feedback score(s) to the custom scale {V1_SCALE!r}, "
        f"declared in scales with the bounds observed, {low} to {high}"
    )
    return out


#: Each step upgrades a document from its version to the next, noting what it changed.
_MIGRATIONS: Final[dict[int, Callable[[dict[str, Any], list[str]], dict[str, Any]]]] = {
    0: _v0_to_v1,
    1: _v1_to_v2,
}


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
    {'dime': 2, 'framework': {'name': 'Shop', 'feedback': []}}

    Version 1 scores were bare integers; they move to a custom scale bounded
    by the values observed (see :func:`migration_notes`):

    >>> feedback = [{"id": "f", "received": "2026-01-05T10:00:00Z", "kind": "gift", "score": 4}]
    >>> dime.migrate({"dime": 1, "framework": {"name": "Shop", "feedback": feedback}})["framework"]["scales"]
    [{'name': 'score', 'minimum': 4, 'maximum': 4, 'metadata': {'migrated': 'bounds are the lowest and highest score observed in format version 1'}}]
    """
    return migrate_noting(data, [])


def migration_notes(data: object) -> tuple[str, ...]:
    """What :func:`migrate` would change in a parsed document, one sentence per change.

    Args:
        data: A parsed JSON document.

    Returns:
        The changes, oldest version first; empty if the document is current.

    Raises:
        InvalidDocumentError: As :func:`migrate`.
        UnsupportedVersionError: As :func:`migrate`.

    >>> migration_notes({"dime": 2, "framework": {"name": "Shop"}})
    ()
    >>> migration_notes({"dime": 1, "framework": {"name": "Shop"}})
    ('set the format version to 2',)
    """
    notes: list[str] = []
    migrate_noting(data, notes)
    return tuple(notes)


def migrate_noting(data: object, notes: list[str]) -> dict[str, Any]:
    """:func:`migrate`, adding to ``notes`` a sentence for each change it makes."""
    if not isinstance(data, dict):
        raise InvalidDocumentError.of(
            [
                Problem(
                    "$",
                    f"expected a JSON object, got {json_type(data)} {shown(data)}",
                    wrong_type=True,
                )
            ]
        )
    version = data.get("dime", 0)
    if type(version) is not int or version < 0:
        raise InvalidDocumentError.of(
            [
                Problem(
                    "$.dime",
                    f"expected the format version, a whole number, got {shown(version)}",
                    wrong_type=type(version) is not int,
                )
            ]
        )
    if version > FORMAT_VERSION:
        raise UnsupportedVersionError(found=version, supported=FORMAT_VERSION)
    while version < FORMAT_VERSION:
        before = len(notes)
        data = _MIGRATIONS[version](data, notes)
        version += 1
        if len(notes) == before:
            notes.append(f"set the format version to {version}")
    return data
