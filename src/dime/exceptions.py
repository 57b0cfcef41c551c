"""Exceptions raised by :mod:`dime`.

Every exception the library raises on purpose derives from :class:`DimeError`,
so ``except dime.exceptions.DimeError`` catches them all.  Each one also derives
from the built-in exception it resembles, so code that already catches
``ValueError``, ``TypeError`` or ``KeyError`` keeps working.

Errors that stand for invalid input carry every problem found, not just the
first, as :class:`Problem` records in ``.problems``.  Every path is a JSON path
from ``$``, the root of what was checked: the record or framework being built,
the data given to :func:`dime.from_dict`, or the document read by
:func:`dime.loads`.  A value out of range makes a ``ValueError``; a value of the
wrong type makes the ``TypeError`` variant of the same error (which is a
``ValueError`` too, since the input as a whole is still a bad value):

>>> import dime
>>> try:
...     dime.Department(name="IT", objective=3)
... except TypeError as err:
...     print(err)
...     print(err.problems[0].path)
1 problem in the Department:
  $.objective: expected a non-empty string or None, got 3 (int)
$.objective
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

__all__ = [
    "ConflictError",
    "DimeError",
    "DimeFileError",
    "DocumentTypeError",
    "FieldTypeError",
    "FrameworkTypeError",
    "InvalidDocumentError",
    "InvalidFieldError",
    "InvalidFrameworkError",
    "InvalidHistoryError",
    "InvalidLineError",
    "InvalidPolicyError",
    "LineTypeError",
    "PolicyTypeError",
    "Problem",
    "UnknownRecordError",
    "UnknownRuleError",
    "UnsupportedVersionError",
    "ValidationError",
]


class DimeError(Exception):
    """The root of every exception that :mod:`dime` raises on purpose.

    >>> import dime
    >>> from dime.exceptions import DimeError
    >>> try:
    ...     dime.Pillar("X")
    ... except DimeError as err:
    ...     print(type(err).__name__)
    InvalidFieldError
    """


class Problem:
    """One thing wrong with some input: where it is, and what is wrong.

    ``path`` is a JSON path from ``$``, the root of what was checked
    (``$.feedback[12].touchpoint`` in a framework,
    ``$.framework.feedback[12].folder`` in a document, ``$.owner`` in a
    record); ``message`` says what is wrong and what was expected.
    ``wrong_type`` is true when the value is of the wrong type altogether,
    false when it is of the right type but not an allowed value.

    >>> p = Problem("$.touchpoints[3].owner", "unknown department 'Sales'")
    >>> str(p)
    "$.touchpoints[3].owner: unknown department 'Sales'"
    >>> p == Problem("$.touchpoints[3].owner", "unknown department 'Sales'")
    True
    >>> Problem("$.score", "expected a number, got 'x' (str)", wrong_type=True).wrong_type
    True
    """

    __slots__ = ("message", "path", "wrong_type")

    path: str
    message: str
    wrong_type: bool

    def __init__(self, path: str, message: str, *, wrong_type: bool = False) -> None:
        self.path = path
        self.message = message
        self.wrong_type = wrong_type

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def __repr__(self) -> str:
        kind = ", wrong_type=True" if self.wrong_type else ""
        return f"Problem(path={self.path!r}, message={self.message!r}{kind})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.path, self.message, self.wrong_type) == (
            other.path,
            other.message,
            other.wrong_type,
        )

    def __hash__(self) -> int:
        return hash((self.path, self.message, self.wrong_type))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_problem, (self.path, self.message, self.wrong_type))


def _problem(path: str, message: str, wrong_type: bool) -> Problem:
    return Problem(path, message, wrong_type=wrong_type)


class ValidationError(DimeError, ValueError):
    """Input that breaks one or more rules, with every problem listed.

    ``problems`` is a tuple of :class:`Problem`; ``str()`` lists them all.
    Subclasses say which kind of input was wrong; each has a ``TypeError``
    variant, raised when a problem is a value of the wrong type.  Use
    :meth:`of` to get the right one for a set of problems.

    >>> err = ValidationError([Problem("$.a", "bad"), Problem("$.b", "worse")])
    >>> len(err.problems)
    2
    """

    #: What the input is called in the message.
    subject: ClassVar[str] = "the input"
    #: The subclass that is also a ``TypeError``, for problems of the wrong type.
    type_variant: ClassVar[type[ValidationError] | None] = None

    problems: tuple[Problem, ...]
    #: What the input is called in this error's message, if not :attr:`subject`.
    about: str | None

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.type_variant = None  # a subclass has its own variant, if any

    def __init__(self, problems: Iterable[Problem], *, about: str | None = None) -> None:
        self.problems = tuple(problems)
        self.about = about
        super().__init__(self.problems)

    @classmethod
    def of(cls, problems: Iterable[Problem], *, about: str | None = None) -> ValidationError:
        """This error for ``problems``, or its ``TypeError`` variant if one is of the wrong type.

        >>> from dime.exceptions import InvalidFieldError, FieldTypeError
        >>> type(InvalidFieldError.of([Problem("$.id", "blank")])).__name__
        'InvalidFieldError'
        >>> type(InvalidFieldError.of([Problem("$.id", "not text", wrong_type=True)])).__name__
        'FieldTypeError'
        """
        found = tuple(problems)
        variant = cls.type_variant
        if variant is not None and any(p.wrong_type for p in found):
            return variant(found, about=about)
        return cls(found, about=about)

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in {self.about or self.subject}:"
        return "\n  ".join([head, *(str(p) for p in self.problems)])

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuilt, (type(self), self.problems, self.about))


def _rebuilt(
    cls: type[ValidationError], problems: tuple[Problem, ...], about: str | None
) -> ValidationError:
    return cls(problems, about=about)


def _variant_of(base: type[ValidationError]) -> Any:  # noqa: ANN401 - a class decorator
    def register(cls: type[ValidationError]) -> type[ValidationError]:
        base.type_variant = cls
        cls.type_variant = cls
        return cls

    return register


class InvalidFieldError(ValidationError):
    """A record (or an enum member) was given a value out of range.

    Raised when a model is constructed, by the record itself, before it can
    exist in an invalid state, listing every field that is wrong.  Paths name
    the record's fields from ``$``.  A value of the wrong type raises
    :class:`FieldTypeError`, its ``TypeError`` variant.

    >>> import dime
    >>> try:
    ...     dime.Responsibility(holder="Ana", mindset=dime.Mindset.EMOTIONAL, share=2)
    ... except InvalidFieldError as err:
    ...     print(err.problems[0])
    $.share: expected a number more than 0 and at most 1, got 2
    """

    subject = "the record"


@_variant_of(InvalidFieldError)
class FieldTypeError(InvalidFieldError, TypeError):
    """A record was given a value of the wrong type (and perhaps others out of range).

    >>> import dime
    >>> try:
    ...     dime.Area("D", dime.Layer.REVIEW)
    ... except TypeError as err:
    ...     print(err.problems[0])
    $.pillar: expected a Pillar (Pillar.D, Pillar.I, Pillar.M or Pillar.E), got 'D' (str); try Pillar('D')
    """


class InvalidFrameworkError(ValidationError):
    """A :class:`~dime.Framework` whose fields are out of range or whose records do not fit together.

    Duplicate ids, references to touchpoints or departments that do not
    exist, and records of the wrong kind are all collected and reported at
    once, with paths such as ``$.feedback[12].touchpoint``.
    """

    subject = "the framework"


@_variant_of(InvalidFrameworkError)
class FrameworkTypeError(InvalidFrameworkError, TypeError):
    """A :class:`~dime.Framework` given a value of the wrong type, such as a string for a list."""


class ConflictError(ValidationError):
    """A diff applied to a framework that is not in the state the diff starts from.

    Each problem names a record the diff removes or changes that is missing
    or different, or one it adds that is already there.
    """

    subject = "applying the diff"


class InvalidHistoryError(ValidationError):
    """Saved states that cannot be read as one history.

    Snapshots of different organisations, and different snapshots of the
    same moment, are refused rather than mixed.
    """

    subject = "the history"


class InvalidDocumentError(ValidationError):
    """Plain data or a serialised document that cannot be read as a framework or record.

    Each problem's ``path`` is a JSON path into the data, such as
    ``$.framework.feedback[12].folder``.
    """

    subject = "the document"


@_variant_of(InvalidDocumentError)
class DocumentTypeError(InvalidDocumentError, TypeError):
    """A document holding a value of the wrong JSON type, such as a string where a number goes."""


class InvalidLineError(InvalidDocumentError):
    """A bad line in a JSON Lines stream of records; ``line`` is its number, from 1.

    Each problem's ``path`` is a JSON path into that line's object.

    >>> err = InvalidLineError(12, [Problem("$.kind", "'gfit' is not one of junk, bill, routine, gift")])
    >>> print(err)
    1 problem on line 12:
      $.kind: 'gfit' is not one of junk, bill, routine, gift
    >>> err.line
    12
    """

    line: int

    def __init__(self, line: int, problems: Iterable[Problem], *, about: str | None = None) -> None:
        self.line = line
        super().__init__(problems, about=about)

    @classmethod
    def at(cls, line: int, problems: Iterable[Problem]) -> InvalidLineError:
        """The error for ``line``, or its ``TypeError`` variant if a problem is of the wrong type.

        >>> type(InvalidLineError.at(3, [Problem("$.id", "x", wrong_type=True)])).__name__
        'LineTypeError'
        """
        found = tuple(problems)
        if any(p.wrong_type for p in found):
            return LineTypeError(line, found)
        return cls(line, found)

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} on line {self.line}:"
        return "\n  ".join([head, *(str(p) for p in self.problems)])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.line, self.problems))


class LineTypeError(InvalidLineError, DocumentTypeError):
    """A bad line holding a value of the wrong JSON type."""


def _short(value: object) -> str:
    text = (
        repr(value) if not isinstance(value, int) or value.bit_length() < 200 else "a huge number"
    )
    return text if len(text) <= 60 else text[:57] + "..."


class UnsupportedVersionError(InvalidDocumentError):
    """A document written by a newer version of the format than this library reads.

    >>> err = UnsupportedVersionError(found=7, supported=1)
    >>> print(err)
    1 problem in the document:
      $.dime: the document is format version 7, but this version of dime reads versions up to 1; upgrade dime to read it
    """

    found: object
    supported: int

    def __init__(self, found: object, supported: int) -> None:
        self.found = found
        self.supported = supported
        super().__init__(
            [
                Problem(
                    "$.dime",
                    f"the document is format version {_short(found)}, but this version "
                    f"of dime reads versions up to {supported}; upgrade dime to read it",
                )
            ]
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.found, self.supported))


class InvalidPolicyError(ValidationError):
    """A :class:`~dime.Policy` with a value out of range."""

    subject = "the policy"


@_variant_of(InvalidPolicyError)
class PolicyTypeError(InvalidPolicyError, TypeError):
    """A :class:`~dime.Policy` given a value of the wrong type."""


class UnknownRecordError(DimeError, KeyError):
    """A lookup by id found no record of that kind.

    >>> import dime
    >>> try:
    ...     dime.example().get(dime.Touchpoint, "nope")
    ... except UnknownRecordError as err:
    ...     print(err)
    no Touchpoint with id 'nope'
    """

    kind: str
    key: str

    def __init__(self, kind: str, key: str) -> None:
        self.kind = kind
        self.key = key
        super().__init__(kind, key)

    def __str__(self) -> str:
        return f"no {self.kind} with id {self.key!r}"


class UnknownRuleError(DimeError, KeyError):
    """No rule has the code asked for.

    >>> import dime
    >>> try:
    ...     dime.explain("DIME999")
    ... except UnknownRuleError as err:
    ...     print(err)
    no rule with code 'DIME999'; see dime.rule_codes()
    """

    code: str

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)

    def __str__(self) -> str:
        return f"no rule with code {self.code!r}; see dime.rule_codes()"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.code,))


class DimeFileError(DimeError, OSError):
    """A file could not be read or written; ``filename`` names it.

    >>> err = DimeFileError("no such file", "missing.json")
    >>> print(err)
    missing.json: no such file
    """

    def __init__(self, reason: str, filename: str) -> None:
        super().__init__(reason, filename)
        self.reason = reason
        self.filename = filename

    def __str__(self) -> str:
        return f"{self.filename}: {self.reason}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.reason, self.filename))
