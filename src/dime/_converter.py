"""The converter: plain JSON data to records and back, generated from the records' fields.

Built once, on first use, by :func:`make_converter`, so that ``import dime``
never imports cattrs.  It handles every record class made with
:func:`dime._fields.record` (any frozen attrs class built the same way),
from the class's field specs alone:

- structuring uses cattrs' generated ``make_dict_structure_fn`` with unknown
  keys forbidden and detailed validation, each field with a hook made from
  its spec (JSON type, enum values, RFC 3339 dates and times, and the
  field's own constraints, the same ones the constructor checks); cattrs'
  error groups are read back into problems with JSON paths;
- collections of records, which can hold millions, go through a bulk
  builder compiled for the record class from the same specs: it builds
  records straight into their slots, and sends any item it is not sure of
  to the general path, which accepts exactly what the constructor accepts
  and says what is wrong;
- unstructuring uses cattrs' generated ``make_dict_unstructure_fn`` with the
  writers' per-field hooks from :mod:`dime._unstructure`.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any, Final, TypeVar

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from dime._fields import (
    EMPTY_METADATA,
    FieldSpec,
    Shape,
    constraint_problem,
    is_record,
    per_class,
    specs_of,
)
from dime._problems import ProblemCollector, index_path, key_path, relocated, shown
from dime._unstructure import to_wire
from dime._wire import (
    FLOAT_MAX,
    WHITESPACE,
    WireError,
    find_surrogate,
    flat_json,
    json_problem,
    json_type,
    parse_date,
    parse_datetime,
)
from dime.exceptions import InvalidDocumentError, Problem, ValidationError

__all__ = [
    "consuming",
    "make_converter",
    "structure",
    "structure_items",
    "structure_items_slowly",
    "unstructure",
]

T = TypeVar("T")

# Set while loads builds a document it parsed itself: the bulk builder may
# then free each parsed item as soon as its record is built.
_CONSUME: Final = contextvars.ContextVar("dime_consume", default=False)


@contextmanager
def consuming() -> Iterator[None]:
    """Let the bulk builder free the parsed items it has built records from."""
    token = _CONSUME.set(True)
    try:
        yield
    finally:
        _CONSUME.reset(token)


class WireProblems(Exception):  # noqa: N818 - a carrier, never seen by users
    """Problems found inside one value, with paths from ``$``, that value."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def wire_got(value: object) -> str:
    """``got <JSON type> <value>``, for messages about wire values.

    >>> wire_got(None), wire_got("x"), wire_got(3)
    ('got null', "got string 'x'", 'got integer 3')
    """
    if value is None:
        return "got null"
    if value is True or value is False:
        return f"got boolean {str(value).lower()}"
    return f"got {json_type(value)} {shown(value)}"


# ---------------------------------------------------------------------------
# Field hooks: wire value -> Python value, raising WireError or WireProblems


def _wire_expected(spec: FieldSpec) -> str:  # noqa: PLR0911 - one phrase per shape
    shape = spec.shape
    if shape is Shape.TEXT:
        return "a string"
    if shape is Shape.NUMBER:
        return "a number"
    if shape is Shape.INTEGER:
        return "an integer"
    if shape is Shape.BOOLEAN:
        return "true or false"
    if shape is Shape.ENUM:
        return "one of " + ", ".join(str(m.value) for m in spec.cls)
    if shape is Shape.DATE:
        return "a date string (YYYY-MM-DD)"
    if shape is Shape.DATETIME:
        return "an RFC 3339 date and time string"
    if shape is Shape.RECORD:
        return f"{spec.cls.__name__} object"
    if shape in (Shape.TUPLE, Shape.SET):
        return "an array"
    return "an object"


def _wrong_type(spec: FieldSpec, value: object) -> WireError:
    expected = _wire_expected(spec)
    if spec.shape is Shape.RECORD:
        expected = f"a{'n' if expected[0] in 'AEIOU' else ''} {expected}"
    null = " or null" if spec.optional else ""
    return WireError(f"expected {expected}{null}, {wire_got(value)}", wrong_type=True)


def _checked(spec: FieldSpec, value: Any) -> Any:  # noqa: ANN401 - the field's value
    problem = constraint_problem(spec, value)
    if problem is not None:
        raise WireError(problem)
    return value


def _scalar_hook(spec: FieldSpec, converter: cattrs.Converter) -> Callable[[Any], Any]:  # noqa: C901, PLR0915 - one case per shape
    shape = spec.shape
    convert: Callable[[Any], Any]
    if shape is Shape.TEXT:

        def convert(value: Any) -> Any:  # noqa: ANN401
            if type(value) is not str:
                raise _wrong_type(spec, value)
            return _checked(spec, value)

    elif shape is Shape.NUMBER:

        def convert(value: Any) -> Any:  # noqa: ANN401
            if type(value) is not int and type(value) is not float:
                raise _wrong_type(spec, value)
            return _checked(spec, value)

    elif shape is Shape.INTEGER:

        def convert(value: Any) -> Any:  # noqa: ANN401
            if type(value) is float and value.is_integer() and abs(value) <= FLOAT_MAX:
                value = int(value)  # 5.0 is the integer 5, as JSON Schema reads it
            if type(value) is not int:
                raise _wrong_type(spec, value)
            return _checked(spec, value)

    elif shape is Shape.BOOLEAN:

        def convert(value: Any) -> Any:  # noqa: ANN401
            if type(value) is not bool:
                raise _wrong_type(spec, value)
            return value

    elif shape is Shape.ENUM:
        members = spec.cls._value2member_map_
        choices = ", ".join(str(m.value) for m in spec.cls)

        def convert(value: Any) -> Any:  # noqa: ANN401
            if type(value) is not str:
                raise _wrong_type(spec, value)
            member = members.get(value)
            if member is None:
                raise WireError(f"{shown(value)} is not one of {choices}")
            return member

    elif shape is Shape.DATE:

        def convert(value: Any) -> Any:  # noqa: ANN401
            if type(value) is not str:
                raise _wrong_type(spec, value)
            return parse_date(value)

    elif shape is Shape.DATETIME:

        def convert(value: Any) -> Any:  # noqa: ANN401
            if type(value) is not str:
                raise _wrong_type(spec, value)
            return parse_datetime(value)

    elif shape is Shape.RECORD:
        cls = spec.cls

        def convert(value: Any) -> Any:  # noqa: ANN401
            if type(value) is not dict:
                raise _wrong_type(spec, value)
            return _structure_record(converter, value, cls)

    elif shape is Shape.JSON:

        def convert(value: Any) -> Any:  # noqa: ANN401
            if type(value) is not dict:
                raise _wrong_type(spec, value)
            if not value:
                return EMPTY_METADATA
            problem = json_problem(value, "$")
            if problem is not None:
                raise WireProblems([problem])
            return value

    else:
        convert = _container_hook(spec, converter)
    if not spec.optional:
        return convert

    def optional(value: Any) -> Any:  # noqa: ANN401
        return None if value is None else convert(value)

    return optional


def _container_hook(spec: FieldSpec, converter: cattrs.Converter) -> Callable[[Any], Any]:  # noqa: C901 - records in bulk, other items one by one
    item = spec.item
    assert item is not None  # noqa: S101 - a container spec has an item spec
    if spec.shape is Shape.TUPLE and item.shape is Shape.RECORD and not item.optional:
        cls = item.cls

        def records(value: Any) -> Any:  # noqa: ANN401
            if type(value) is not list:
                raise _wrong_type(spec, value)
            problems = ProblemCollector()
            built = structure_items(value, cls, "$", problems, consume=_CONSUME.get())
            if problems:
                raise WireProblems(problems.problems)
            return tuple(built)

        return records
    convert_item = _scalar_hook(item, converter)

    def items(value: Any) -> Any:  # noqa: ANN401
        if type(value) is not list:
            raise _wrong_type(spec, value)
        out = []
        problems: list[Problem] = []
        for i, member in enumerate(value):
            try:
                out.append(convert_item(member))
            except WireError as bad:
                problems.append(Problem(index_path("$", i), bad.message, wrong_type=bad.wrong_type))
            except WireProblems as bad:
                problems.extend(relocated(bad.problems, index_path("$", i)))
        if problems:
            raise WireProblems(problems)
        if spec.shape is Shape.TUPLE:
            return tuple(out)
        found = frozenset(out)
        if len(found) != len(out):
            twice = next(m for m in out if out.count(m) > 1)
            raise WireError(f"{shown(getattr(twice, 'value', twice))} is listed more than once")
        return found

    return items


def _field_hook(spec: FieldSpec, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    convert = _scalar_hook(spec, converter)

    def hook(value: Any, _: Any) -> Any:  # noqa: ANN401 - cattrs passes the type too
        return convert(value)

    return hook


# ---------------------------------------------------------------------------
# Records: cattrs' generated functions, and their errors read back as problems


def _problems_of(error: BaseException, data: dict[Any, Any], cls: type[Any]) -> list[Problem]:
    """The problems in cattrs' error for ``data``, with paths from ``$``, the record."""
    if not isinstance(error, ClassValidationError):
        return _one(error, "$", data, cls)
    found: list[Problem] = []
    noted, others = error.group_exceptions()
    for exc, note in noted:
        found.extend(_one(exc, key_path("$", str(note.name)), data, cls))
    for exc in others:
        found.extend(_one(exc, "$", data, cls))
    return found


def _one(exc: BaseException, path: str, data: dict[Any, Any], cls: type[Any]) -> list[Problem]:  # noqa: PLR0911 - one answer per kind of error
    if isinstance(exc, WireError):
        return [Problem(path, exc.message, wrong_type=exc.wrong_type)]
    if isinstance(exc, WireProblems):
        return relocated(exc.problems, path)
    if isinstance(exc, KeyError) and path != "$":
        return [Problem("$", f"missing the required key {path.rpartition('.')[2]!r}")]
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [spec.name for spec in specs_of(cls)]
        return [
            Problem(
                key_path("$", key) if isinstance(key, str) else "$",
                f"unknown key {shown(key)}; expected one of {', '.join(known)}",
            )
            for key in data
            if key not in known
        ]
    if isinstance(exc, ValidationError):
        return list(exc.problems)
    if isinstance(exc, ClassValidationError):
        return _problems_of(exc, data, cls)
    if isinstance(exc, RecursionError):
        return [Problem(path, "nests too deeply")]
    raise exc  # pragma: no cover - a bug in a hook: let it show


def _structure_record(converter: cattrs.Converter, data: dict[str, Any], cls: type[T]) -> T:
    """Build one record from a dict, or raise WireProblems listing what is wrong."""
    try:
        built: T = converter.structure(data, cls)
    except (ClassValidationError, ValidationError) as error:
        problems = _problems_of(error, data, cls)
    else:
        return built
    # Raised outside the handler, so that cattrs' error is not its context: what pickles
    # exception chains (tblib, which Dask installs) cannot rebuild cattrs' errors.
    raise WireProblems(problems)


def _record_structure_factory(
    converter: cattrs.Converter,
) -> Callable[[type[Any]], Callable[[Any, type[Any]], Any]]:
    def factory(cls: type[Any]) -> Callable[[Any, type[Any]], Any]:
        hooks = {
            spec.name: override(struct_hook=_field_hook(spec, converter)) for spec in specs_of(cls)
        }
        options: dict[str, Any] = {
            "_cattrs_forbid_extra_keys": True,
            "_cattrs_detailed_validation": True,
            **hooks,
        }
        return make_dict_structure_fn(cls, converter, **options)

    return factory


@functools.cache
def make_converter() -> cattrs.Converter:
    """The one converter that reads and writes every record type.

    >>> import dime
    >>> from dime._converter import make_converter
    >>> make_converter().unstructure(dime.Area(dime.Pillar.D, dime.Layer.REVIEW))
    {'pillar': 'D', 'layer': 'review'}
    """
    converter = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    converter.register_structure_hook_factory(is_record, _record_structure_factory(converter))

    def unstructure_factory(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
        hooks: dict[str, Any] = {
            spec.name: override(unstruct_hook=to_wire(spec)) for spec in specs_of(cls)
        }
        return make_dict_unstructure_fn(cls, converter, **hooks)

    converter.register_unstructure_hook_factory(is_record, unstructure_factory)
    return converter


def structure(data: object, cls: type[T], *, at: str = "$") -> T:
    """Build a record (a framework included) from plain data, or raise with every problem.

    Raises:
        InvalidDocumentError: What is wrong, with paths from ``at``; its
            ``TypeError`` variant if a value is of the wrong type.
    """
    if type(data) is not dict:
        what = f"a{'n' if cls.__name__[0] in 'AEIOU' else ''} {cls.__name__} object"
        problem = Problem(at, f"expected {what}, {wire_got(data)}", wrong_type=True)
        raise InvalidDocumentError.of([problem])
    try:
        return _structure_record(make_converter(), data, cls)
    except WireProblems as bad:
        raise InvalidDocumentError.of(relocated(bad.problems, at)) from None
    except RecursionError:
        raise InvalidDocumentError.of([Problem(at, "the data nests too deeply")]) from None


def unstructure(obj: Any) -> dict[str, Any]:  # noqa: ANN401 - any record
    """A record as plain JSON data, every field written, in declaration order."""
    result: dict[str, Any] = make_converter().unstructure(obj)
    return result


# ---------------------------------------------------------------------------
# The bulk builder: generated for a record class, from its specs


class _Misfit(Exception):  # noqa: N818 - control flow inside the generated code
    pass


def structure_items(
    items: list[Any],
    cls: type[T],
    path: str,
    problems: ProblemCollector,
    *,
    consume: bool = False,
    typed: bool = False,
) -> list[T]:
    """Build records from a list of dicts: fast where it can, exactly where it must.

    Problems go to ``problems`` with paths from ``path`` (the list); each bad
    item is left out of the result.  With ``consume``, each parsed item is
    freed (set to None in ``items``) once its record is built.  With
    ``typed``, the quick way also takes dates and UTC datetimes as Python
    objects (as a table holds them), where a document holds text; the
    careful way, for whatever the quick way does not take, reads the
    document's values only.
    """
    build = _typed_builder(cls) if typed else _bulk_builder(cls)
    return build(items, path, problems, consume)


def structure_items_slowly(
    items: list[Any], cls: type[T], path: str, problems: ProblemCollector
) -> list[T]:
    """What :func:`structure_items` does, all of it the general way: the reference."""
    general = _general(cls)
    built = (general(d, index_path(path, i), problems) for i, d in enumerate(items))
    return [r for r in built if r is not None]


def _general(cls: type[Any]) -> Callable[[Any, str, ProblemCollector], Any]:
    converter = make_converter()

    def one(data: Any, path: str, problems: ProblemCollector) -> Any:  # noqa: ANN401
        if type(data) is not dict:
            what = f"a{'n' if cls.__name__[0] in 'AEIOU' else ''} {cls.__name__} object"
            problems.add(path, f"expected {what}, {wire_got(data)}", wrong_type=True)
            return None
        try:
            return _structure_record(converter, data, cls)
        except WireProblems as bad:
            problems.extend(bad.problems, at=path)
            return None

    return one


def _slot_setter(cls: type[Any], name: str) -> Any:  # noqa: ANN401 - a descriptor's __set__
    for klass in cls.__mro__:
        if name in vars(klass):
            return vars(klass)[name].__set__
    raise TypeError(f"{cls.__name__}.{name} has no slot")  # pragma: no cover - records are slotted


def _fast_code(  # noqa: C901, PLR0912, PLR0915 - one case per shape
    spec: FieldSpec, var: str, out: str, env: dict[str, Any], indent: str, *, typed: bool = False
) -> list[str] | None:
    """Lines that set ``out`` from the wire value ``var``, raising _Misfit when unsure.

    None when the field has no fast form (the item goes the general way).
    """
    shape = spec.shape
    lines: list[str]
    if shape is Shape.TEXT:
        test = f"type({var}) is not str"
        if not spec.blank:  # strip() takes exactly what the format counts as white space
            test += f" or not {var}.strip()"
        lines = [
            f"if {test}: raise Misfit",
            f"if not {var}.isascii() and SUR({var}): raise Misfit",
        ]
        if spec.refers is not None:
            lines.append(f"{var} = intern({var}, {var})")
        lines.append(f"{out} = {var}")
    elif shape in (Shape.NUMBER, Shape.INTEGER):
        kinds = f"type({var}) is int" + (
            f" or type({var}) is float" if shape is Shape.NUMBER else ""
        )
        test = f"not ({kinds}) or not -FMAX <= {var} <= FMAX"
        for bound, op in ((spec.minimum, "<"), (spec.maximum, ">"), (spec.exclusive_minimum, "<=")):
            if bound is not None:
                test += f" or {var} {op} {bound!r}"
        lines = [f"if {test}: raise Misfit", f"{out} = {var}"]
    elif shape is Shape.BOOLEAN:
        lines = [f"if type({var}) is not bool: raise Misfit", f"{out} = {var}"]
    elif shape is Shape.ENUM:
        name = f"M{len(env)}"
        env[name] = spec.cls._value2member_map_
        lines = [f"{out} = {name}[{var}]"]  # only its values are keys: anything else misses
    elif shape is Shape.DATE and typed:
        lines = [f"if type({var}) is not DATE: raise Misfit", f"{out} = {var}"]
    elif shape is Shape.DATETIME and typed:
        lines = [
            f"if type({var}) is not DATETIME or {var}.tzinfo is not utc: raise Misfit",
            f"if not 1 < {var}.year < 9999: raise Misfit",
            f"{out} = {var}",
        ]
    elif shape is Shape.DATE:
        test = f"type({var}) is not str or len({var}) != 10 or {var}[4] != '-' or {var}[7] != '-'"
        lines = [f"if {test}: raise Misfit", f"{out} = fromdate({var})"]
    elif shape is Shape.DATETIME:
        # The separators of RFC 3339, at the places dime writes them.
        # RFC 3339 as dime writes it: its separators where they belong, by length.
        # Anything else (other fractions, lower case) goes the general way.
        lines = [
            f"if type({var}) is not str: raise Misfit",
            f"k = len({var})",
            "if k == 25:",
            f"    if {var}[4:17:3] != '--T::' or {var}[22] != ':': raise Misfit",
            f"    if {var}[19] not in '+-': raise Misfit",
            "elif k == 32:",
            f"    if {var}[4:20:3] != '--T::.' or {var}[29] != ':': raise Misfit",
            f"    if {var}[26] not in '+-': raise Misfit",
            "elif k == 20:",
            f"    if {var}[4:20:3] != '--T::Z': raise Misfit",
            "elif k == 27:",
            f"    if {var}[4:20:3] != '--T::.' or {var}[26] != 'Z': raise Misfit",
            "else: raise Misfit",
            f"{var} = fromiso({var})",
            f"zone = {var}.tzinfo",
            "if zone is not utc:",
            "    # One tzinfo per offset, shared, rather than one per item.",
            "    same = zones.get(zone)",
            "    if same is None: zones[zone] = zone",
            f"    elif same is not zone: {var} = combine({var}, {var}.time(), same)",
            f"if not 1 < {var}.year < 9999: raise Misfit",
            f"{out} = {var}",
        ]
    elif shape is Shape.JSON:
        lines = [
            f"if type({var}) is not dict: raise Misfit",
            f"if {var}:",
            f"    if FLAT({var}) is None and CHECK({var}, '$') is not None: raise Misfit",
            f"    {out} = {var}",
            "else:",
            f"    {out} = EMPTY",
        ]
    elif shape is Shape.SET and spec.item is not None and spec.item.shape is Shape.ENUM:
        name = f"M{len(env)}"
        env[name] = spec.item.cls._value2member_map_
        lines = [
            f"if type({var}) is not list: raise Misfit",
            f"{out} = frozenset([{name}[x] for x in {var}])",
            f"if len({out}) != len({var}) or not all(type(x) is str for x in {var}): raise Misfit",
        ]
    elif shape is Shape.TUPLE and spec.item is not None and spec.item.shape is Shape.TEXT:
        test = "type(x) is not str or not x.isascii()"
        if not spec.item.blank:
            test += " or not x.strip()"
        lines = [
            f"if type({var}) is not list: raise Misfit",
            f"for x in {var}:",
            f"    if {test}: raise Misfit",
            f"{out} = tuple({var})",
        ]
    elif shape is Shape.RECORD:
        name = f"B{len(env)}"
        env[name] = _one_builder(spec.cls)
        if env[name] is None:
            return None
        lines = [f"if type({var}) is not dict: raise Misfit"]
        if _of_scalars(spec.cls):
            # A small frozen record of plain values (a score, an area) repeats across a
            # document: each distinct one is built and checked once, and then shared.  Equal
            # values of one type are the same value, but for a float's zero (-0.0 == 0.0):
            # a record holding a zero is never shared, so it is built each time.
            lines += [
                f"key = ({name!r}, *{var}.items(), *map(type, {var}.values()))",
                f"{out} = memo.get(key)",
                f"if {out} is None:",
                f"    {out} = {name}({var})",
                f"    if 0 not in {var}.values(): memo[key] = {out}",
            ]
        else:
            lines.append(f"{out} = {name}({var})")
    else:
        return None
    if spec.optional:
        lines = [f"if {var} is None:", f"    {out} = None", "else:", *(f"    {x}" for x in lines)]
    return [indent + line for line in lines]


_SCALARS: Final = frozenset((Shape.TEXT, Shape.NUMBER, Shape.INTEGER, Shape.BOOLEAN, Shape.ENUM))


def _of_scalars(cls: type[Any]) -> bool:
    """Whether ``cls`` holds plain values only, so that (records being frozen) one may stand for many."""
    return all(spec.shape in _SCALARS for spec in specs_of(cls))


def _builder_source(
    cls: type[Any], env: dict[str, Any], *, one: bool, typed: bool = False
) -> str | None:
    """The source of a function building ``cls`` records from dicts, or None if some field cannot.

    An item with every key is read with subscripts; one that leaves keys out
    with ``get`` and its defaults, counting the keys it found, so that an
    unknown key sends it the general way.
    """
    if any(not a.init for a in attrs.fields(cls)):
        return None
    specs = specs_of(cls)
    pad = "            "
    full: list[str] = []
    sparse: list[str] = ["n = 0"]
    for i, spec in enumerate(specs):
        env[f"D{i}"] = spec.default
        code = _fast_code(spec, "v", f"f{i}", env, "", typed=typed)
        if code is None:
            return None
        full += [f"v = d[{spec.name!r}]", *code]
        sparse.append(f"v = d.get({spec.name!r}, MISSING)")
        if spec.required:
            sparse += ["if v is MISSING: raise Misfit", "n += 1", *code]
        else:
            sparse += [
                "if v is MISSING:",
                f"    f{i} = D{i}",
                "else:",
                "    n += 1",
                *(f"    {line}" for line in code),
            ]
    sparse.append("if n != len(d): raise Misfit")
    build = _record_lines(cls, specs, env)
    body = [
        f"if len(d) == {len(specs)}:",
        *(f"    {line}" for line in full),
        "else:",
        *(f"    {line}" for line in sparse),
        *build,
    ]
    if one:
        lines = [
            "def build_one(d):",
            "    intern = SHARED.setdefault",
            "    memo = {}",
            "    zones = ZONES",
            *(f"    {line}" for line in body),
            "    return r",
        ]
        return "\n".join(lines)
    # Everything the loop reads, as a default argument: a local, not a global.
    bound = ", ".join(f"{name}={name}" for name in env if name.isidentifier() and name != "general")
    lines = [
        f"def build(items, path, problems, consume, *, {bound}):",
        "    out = []",
        "    append = out.append",
        "    shared = {}",
        "    intern = shared.setdefault",
        "    memo = {}",
        "    zones = {}",
        "    for i, d in enumerate(items):",
        "        try:",
        "            if type(d) is not dict: raise Misfit",
        *(pad + line for line in body),
        "            append(r)",
        "            if consume: items[i] = None",
        "        except Exception:",
        "            r = general(d, index(path, i), problems)",
        "            if r is not None: append(r)",
        "    return out",
    ]
    return "\n".join(lines)


def _env(cls: type[Any]) -> dict[str, Any]:
    return {
        "MISSING": _MISSING,
        "Misfit": _Misfit,
        "WS": WHITESPACE,
        "SUR": find_surrogate,
        "FMAX": FLOAT_MAX,
        "EMPTY": EMPTY_METADATA,
        "CHECK": json_problem,
        "FLAT": flat_json,
        "fromiso": datetime.fromisoformat,
        "combine": datetime.combine,
        "fromdate": date.fromisoformat,
        "DATE": date,
        "DATETIME": datetime,
        "utc": UTC,
        "general": _general(cls),
        "index": index_path,
        "SHARED": {},
        "ZONES": {},
    }


_MISSING: Final = object()


@per_class
def _bulk_builder(cls: type[Any]) -> Callable[[list[Any], str, ProblemCollector, bool], list[Any]]:
    env = _env(cls)
    source = _builder_source(cls, env, one=False)
    if source is None:

        def slow(
            items: list[Any], path: str, problems: ProblemCollector, _consume: bool
        ) -> list[Any]:
            return structure_items_slowly(items, cls, path, problems)

        return slow
    code = compile(source, f"<dime bulk builder {cls.__qualname__}>", "exec")
    exec(code, env)  # noqa: S102 - our own generated code, from the class's fields
    build: Callable[[list[Any], str, ProblemCollector, bool], list[Any]] = env["build"]
    return build


def structure_columns(
    cls: type[T],
    columns: Mapping[str, list[Any]],
    parts: Mapping[str, Mapping[str, list[Any]]],
) -> list[T] | None:
    """Build records from columns of values (a table's), or None if any row does not fit.

    ``columns`` holds a list per field given as one column, ``parts`` one
    list per inner field of a field given as several (a score's scale and
    value).  A None is a field left out: its default, or (a required
    field) a misfit.  Values are taken as a table holds them, dates and
    UTC datetimes as Python objects.  None means some row needs reading the
    careful way, which names what is wrong with it; nothing is built then.
    """
    key = (cls, tuple(columns), tuple((f, tuple(p)) for f, p in parts.items()))
    build = _COLUMN_BUILDERS.get(key)
    if build is None:
        build = _COLUMN_BUILDERS[key] = _column_builder(cls, tuple(columns), dict(parts))
    if build is None:
        return None
    lists = [*columns.values(), *(v for p in parts.values() for v in p.values())]
    try:
        built: list[T] = build(lists)
    except Exception:  # noqa: BLE001 - any misfit: the careful way says what it is
        return None
    return built


_COLUMN_BUILDERS: dict[Any, Any] = {}


def _column_builder(
    cls: type[Any], names: tuple[str, ...], parts: dict[str, Mapping[str, list[Any]]]
) -> Callable[[list[list[Any]]], list[Any]] | None:
    if any(not a.init for a in attrs.fields(cls)):
        return None
    env = _env(cls)
    specs = specs_of(cls)
    variables = [f"c{k}" for k in range(len(names))]
    part_vars: dict[str, list[str]] = {}
    for field, inner in parts.items():
        part_vars[field] = [f"p{len(variables) + k}" for k in range(len(inner))]
        variables += part_vars[field]
    body: list[str] = []
    for i, spec in enumerate(specs):
        env[f"D{i}"] = spec.default
        if spec.name in names:
            code = _column_code(i, spec, variables[names.index(spec.name)], env)
        elif spec.name in parts:
            code = _parts_code(i, spec, parts[spec.name], part_vars[spec.name], env)
        else:
            code = None if spec.required else [f"f{i} = D{i}"]
        if code is None:
            return None
        body += code
    body += _record_lines(cls, specs, env)
    bound = ", ".join(f"{name}={name}" for name in env if name.isidentifier() and name != "general")
    unpack = ", ".join(variables) + ("," if len(variables) == 1 else "")
    lines = [
        f"def build(lists, *, {bound}):",
        "    out = []",
        "    append = out.append",
        "    shared = {}",
        "    intern = shared.setdefault",
        "    zones = {}",
        "    memo = {}",
        f"    for {unpack} in zip(*lists):",
        *(f"        {line}" for line in body),
        "        append(r)",
        "    return out",
    ]
    compiled = compile("\n".join(lines), f"<dime column builder {cls.__qualname__}>", "exec")
    exec(compiled, env)  # noqa: S102 - our own generated code, from the class's fields
    build: Callable[[list[list[Any]]], list[Any]] = env["build"]
    return build


def _column_code(i: int, spec: FieldSpec, var: str, env: dict[str, Any]) -> list[str] | None:
    """Lines setting ``f{i}`` from a column's value ``var``: None in a cell is the default."""
    code = _fast_code(spec, var, f"f{i}", env, "", typed=True)
    if code is None or spec.required or spec.optional:
        return code
    return [f"if {var} is None:", f"    f{i} = D{i}", "else:", *(f"    {x}" for x in code)]


def _record_lines(cls: type[Any], specs: tuple[FieldSpec, ...], env: dict[str, Any]) -> list[str]:
    """Lines making the record ``r`` from the values ``f0``, ``f1``, ... and checking it."""
    env["new"] = object.__new__
    env["cls"] = cls
    lines = ["r = new(cls)"]
    for i, spec in enumerate(specs):
        env[f"set{i}"] = _slot_setter(cls, spec.name)
        lines.append(f"set{i}(r, f{i})")
    checks = getattr(cls, "__dime_checks__", ())
    if checks:
        env["checks"] = checks
        lines += ["for cross in checks:", "    for _ in cross(r): raise Misfit"]
    return lines


def _parts_code(
    i: int, spec: FieldSpec, parts: Mapping[str, list[Any]], got: list[str], env: dict[str, Any]
) -> list[str] | None:
    """Lines setting ``f{i}``, a record given as several columns, from their values ``got``."""
    one = _one_builder(spec.cls) if spec.shape is Shape.RECORD else None
    if one is None:
        return None
    env[f"ONE{i}"] = one
    inner = ", ".join(f"{n!r}: {v}" for n, v in zip(parts, got, strict=True))
    types = ", ".join(f"type({v})" for v in got)
    empty = " and ".join(f"{v} is None" for v in got)
    # Each distinct record is built and checked once, keyed by its values and their types.
    return [
        f"if {empty}:",
        "    raise Misfit" if spec.required else f"    f{i} = D{i}",
        "else:",
        f"    key = ({i}, {', '.join(got)}, {types})",
        f"    f{i} = memo.get(key)",
        f"    if f{i} is None:",
        f"        f{i} = memo[key] = ONE{i}({{{inner}}})",
    ]


@per_class
def _typed_builder(cls: type[Any]) -> Callable[[list[Any], str, ProblemCollector, bool], list[Any]]:
    env = _env(cls)
    source = _builder_source(cls, env, one=False, typed=True)
    if source is None:
        return _bulk_builder(cls)
    code = compile(source, f"<dime bulk builder {cls.__qualname__} (typed)>", "exec")
    exec(code, env)  # noqa: S102 - our own generated code, from the class's fields
    build: Callable[[list[Any], str, ProblemCollector, bool], list[Any]] = env["build"]
    return build


@per_class
def _one_builder(cls: type[Any]) -> Callable[[dict[str, Any]], Any] | None:
    env = _env(cls)
    source = _builder_source(cls, env, one=True)
    if source is None:
        return None
    code = compile(source, f"<dime builder {cls.__qualname__}>", "exec")
    exec(code, env)  # noqa: S102 - our own generated code, from the class's fields
    build: Callable[[dict[str, Any]], Any] = env["build_one"]
    return build
