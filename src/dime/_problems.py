"""One problem collector and one path format, for everything that checks input.

Every record, :class:`~dime.Framework`, the converter and the policy reader
report what is wrong through a :class:`ProblemCollector` (after the one in
``packaging.errors``): each check adds a :class:`~dime.exceptions.Problem`, or
runs inside :meth:`ProblemCollector.collect` so that the problems of a
nested check land in the same list, at the right place, and
:meth:`ProblemCollector.finalize` raises one error listing them all.

Paths are JSON paths from ``$``, the root of what was checked: ``$.owner``
for a record's field, ``$.feedback[12].touchpoint`` in a framework,
``$.framework.feedback[12].folder`` in a document.  A check made on its own
(a record) reports ``$``-rooted paths, and whoever nests it moves them under
its own place with :func:`relocated`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Final

from dime.exceptions import Problem, ValidationError

__all__ = [
    "MAX_SHOWN",
    "ProblemCollector",
    "got",
    "index_path",
    "key_path",
    "relocated",
    "shown",
]

#: At most this many characters of a value are quoted in a message.
MAX_SHOWN: Final = 60


def shown(value: object) -> str:
    """A value as a message quotes it: its ``repr``, cut short when it is long.

    A message never grows with the value it is about: a megabyte of text is
    shown as its first characters and its length.

    >>> shown("Sales")
    "'Sales'"
    >>> shown("x" * 1_000_000)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (1,000,000 characters)"
    """
    if isinstance(value, (str, bytes)) and len(value) > MAX_SHOWN:
        return f"{value[: MAX_SHOWN - 4]!r}"[: MAX_SHOWN - 3] + f"... ({len(value):,} characters)"
    if isinstance(value, (list, tuple, dict, set, frozenset)) and len(value) > MAX_SHOWN:
        return f"a {type(value).__name__} of {len(value):,} items"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        digits = int(value.bit_length() * 0.30103)
        return f"an integer of about {digits:,} digits"
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__ must not hide the problem
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."


def got(value: object) -> str:
    """``got <value> (<type>)``, for messages about Python values.

    >>> got(3)
    'got 3 (int)'
    """
    return f"got {shown(value)} ({type(value).__name__})"


def key_path(path: str, key: str) -> str:
    """The path of ``key`` inside the object at ``path``.

    >>> key_path("$", "owner"), key_path("$.metadata", "two words")
    ('$.owner', "$.metadata['two words']")
    """
    if len(key) > MAX_SHOWN:
        key = key[: MAX_SHOWN - 3] + "..."
    elif key.isascii() and key.isidentifier():
        return f"{path}.{key}"
    escaped = key.replace("\\", "\\\\").replace("'", "\\'")
    return f"{path}['{escaped}']"


def index_path(path: str, index: int) -> str:
    """The path of item ``index`` of the array at ``path``.

    >>> index_path("$.feedback", 12)
    '$.feedback[12]'
    """
    return f"{path}[{index}]"


def relocated(problems: Iterable[Problem], at: str) -> list[Problem]:
    """Problems found in something on its own, moved to where it sits: ``$`` becomes ``at``.

    >>> relocated([Problem("$.owner", "unknown")], "$.touchpoints[3]")
    [Problem(path='$.touchpoints[3].owner', message='unknown')]
    """
    if at == "$":
        return list(problems)
    return [
        Problem(
            at + p.path[1:] if p.path.startswith("$") else at, p.message, wrong_type=p.wrong_type
        )
        for p in problems
    ]


class ProblemCollector:
    """Problems found so far, raised together by :meth:`finalize`.

    >>> from dime.exceptions import InvalidFieldError
    >>> problems = ProblemCollector()
    >>> problems.add("$.id", "expected a non-empty string, got ''")
    >>> with problems.collect(at="$.area"):
    ...     raise InvalidFieldError([Problem("$.pillar", "not a pillar")])
    >>> problems.finalize(InvalidFieldError)
    Traceback (most recent call last):
      ...
    dime.exceptions.InvalidFieldError: 2 problems in the record:
      $.id: expected a non-empty string, got ''
      $.area.pillar: not a pillar
    """

    __slots__ = ("problems",)

    problems: list[Problem]

    def __init__(self) -> None:
        self.problems = []

    def __bool__(self) -> bool:
        return bool(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    def add(self, path: str, message: str, *, wrong_type: bool = False) -> None:
        """Add one problem."""
        self.problems.append(Problem(path, message, wrong_type=wrong_type))

    def extend(self, problems: Iterable[Problem], *, at: str = "$") -> None:
        """Add problems found on their own, moved under ``at``."""
        self.problems.extend(relocated(problems, at))

    @contextmanager
    def collect(self, *, at: str = "$") -> Iterator[None]:
        """Run a nested check, adding the problems of the error it raises, moved under ``at``.

        Inside a loop, one nested check per item: the first error ends the
        ``with`` block it is raised in, and the loop goes on.
        """
        try:
            yield
        except ValidationError as error:
            self.extend(error.problems, at=at)

    def finalize(self, error: type[ValidationError], *, about: str | None = None) -> None:
        """Raise ``error`` (or its ``TypeError`` variant) listing every problem, if there are any."""
        if self.problems:
            raise error.of(self.problems, about=about)
