"""Exceptions raised by :mod:`dime`.

Every exception the library raises on purpose derives from :class:`DimeError`,
so ``except dime.exceptions.DimeError`` catches them all.  Each one also derives
from the built-in exception it resembles, so code that already catches
``ValueError`` or ``KeyError`` keeps working.

Errors that stand for invalid input carry every problem found, not just the
first, as :class:`Problem` records in ``.problems``:

>>> from dime.exceptions import InvalidFrameworkError, Problem
>>> err = InvalidFrameworkError([Problem("feedback[0].touchpoint", "unknown touchpoint 'web'")])
>>> print(err)
1 problem in the framework:
  feedback[0].touchpoint: unknown touchpoint 'web'
>>> err.problems[0].path
'feedback[0].touchpoint'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

__all__ = [
    "ConflictError",
    "DimeError",
    "DimeFileError",
    "InvalidDocumentError",
    "InvalidFieldError",
    "InvalidFrameworkError",
    "InvalidHistoryError",
    "InvalidLineError",
    "InvalidPolicyError",
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

    ``path`` names the place, as a dotted path into the object
    (``feedback[12].touchpoint``) or a JSON path into a document
    (``$.framework.feedback[12].folder``); ``message`` says what is wrong
    and what was expected.

    >>> p = Problem("touchpoints[3].owner", "unknown department 'Sales'")
    >>> str(p)
    "touchpoints[3].owner: unknown department 'Sales'"
    >>> p == Problem("touchpoints[3].owner", "unknown department 'Sales'")
    True
    """

    __slots__ = ("message", "path")

    path: str
    message: str

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def __repr__(self) -> str:
        return f"Problem(path={self.path!r}, message={self.message!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.path, self.message) == (other.path, other.message)

    def __hash__(self) -> int:
        return hash((self.path, self.message))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Problem, (self.path, self.message))


class ValidationError(DimeError, ValueError):
    """Input that breaks one or more rules, with every problem listed.

    ``problems`` is a tuple of :class:`Problem`; ``str()`` lists them all.
    Subclasses say which kind of input was wrong.

    >>> err = ValidationError([Problem("a", "bad"), Problem("b", "worse")])
    >>> len(err.problems)
    2
    """

    #: What the input is called in the message.
    subject: ClassVar[str] = "the input"

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in {self.subject}:"
        return "\n  ".join([head, *(str(p) for p in self.problems)])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems,))


class InvalidFieldError(ValidationError, TypeError):
    """A record was given a value of the wrong type or out of range.

    Raised when a model is constructed, by the record itself, before it can
    exist in an invalid state.  It is a ``TypeError`` and a ``ValueError``.

    >>> import dime
    >>> try:
    ...     dime.Area("D", dime.Layer.REVIEW)
    ... except InvalidFieldError as err:
    ...     print(err.problems[0])
    Area.pillar: expected a Pillar (Pillar.D, Pillar.I, Pillar.M or Pillar.E), got 'D' (str); try Pillar('D')
    """

    subject = "the record"


class InvalidFrameworkError(ValidationError):
    """A :class:`~dime.Framework` whose records do not fit together.

    Duplicate ids, references to touchpoints or departments that do not
    exist, and records of the wrong kind are all collected and reported at once.
    """

    subject = "the framework"


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
    """A serialised document that cannot be read as a framework.

    Each problem's ``path`` is a JSON path into the document, such as
    ``$.framework.feedback[12].folder``.
    """

    subject = "the document"


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

    def __init__(self, line: int, problems: Iterable[Problem]) -> None:
        self.line = line
        super().__init__(problems)

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} on line {self.line}:"
        return "\n  ".join([head, *(str(p) for p in self.problems)])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.line, self.problems))


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
                    f"the document is format version {found!r}, but this version "
                    f"of dime reads versions up to {supported}; upgrade dime to read it",
                )
            ]
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.found, self.supported))


class InvalidPolicyError(ValidationError):
    """A :class:`~dime.Policy` with a value out of range or of the wrong type."""

    subject = "the policy"


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
