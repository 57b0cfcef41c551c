"""Documents bigger than memory: the structure read whole, the feedback tallied as it streams.

A document's ``feedback`` array is most of it.  :func:`load_tally` reads
everything else as :func:`~dime.loads` does, and parses the feedback with the
standard library's decoder over a buffer of about a megabyte (the whole items
in the buffer in one call where it can, one item at a time where it cannot),
builds each batch of items with the same bulk builder as :func:`~dime.loads`,
counts the batch into a tally and drops it.  What is
kept while the feedback passes is the tally, the structure, a 64-bit hash of
each feedback id (to find repeated ids), the distinct references the
feedback makes and the range of scores on each custom scale: a few bytes an
item, against some hundreds for a whole framework.

Only a valid document of the current format version is read this way.  At
the first sign of anything else (a problem in an item, a repeated id or
hash, a reference to nothing, an older version, text that is not JSON) the
stream stops and the file is read again, whole, by :func:`~dime.loads`, so
that every problem is reported exactly as it reports it, with its path.
"""

from __future__ import annotations

import json
import os
import re
import stat
from array import array
from collections.abc import Iterator
from operator import attrgetter
from pathlib import Path
from typing import IO, Any, Final

import attrs

from dime._balance import Tally
from dime._fields import key_of, specs_of
from dime._files import load
from dime._gc import gc_paused
from dime._model import BUILT_IN_SCALES, Feedback, Framework, collections_of
from dime._problems import ProblemCollector
from dime._wire import FORMAT_VERSION
from dime.exceptions import DimeError

__all__ = [
    "BATCH",
    "CHUNK",
    "JsonReader",
    "NotStreamedError",
    "describe",
    "is_regular_file",
    "load_tally",
    "split",
    "stream_document",
    "streamed",
]

#: Feedback items built and tallied at a time.
BATCH: Final = 10_000

#: Characters read from the file at a time.
CHUNK: Final = 1 << 20

_WHITESPACE: Final = re.compile(r"[ \t\n\r]*")

#: The fields of a feedback item that name another record, the framework's field holding
#: those records, and the field of theirs that is named.
_REFERENCES: Final = tuple(
    (spec.name, field, key_of(cls))
    for spec in specs_of(Feedback)
    for field, cls in collections_of(Framework)
    if cls is spec.refers
)


#: The structure's lists of feedback ids, as (collection, field): an initiative's addresses.
_LISTS: Final = tuple(
    (field, spec.name)
    for field, cls in collections_of(Framework)
    for spec in specs_of(cls)
    if spec.item is not None and spec.item.refers is Feedback
)


class NotStreamedError(Exception):
    """The stream met what only the whole-document reader reports exactly: read it whole."""


def _reject(name: str) -> object:
    raise NotStreamedError(f"{name} is not JSON")


_DECODE: Final = json.JSONDecoder(parse_constant=_reject).raw_decode


class JsonReader:
    """JSON values read one at a time from a text stream, through a bounded buffer."""

    def __init__(self, stream: IO[str], chunk: int) -> None:
        self.stream = stream
        self.chunk = chunk
        self.buffer = ""
        self.at = 0
        self.done = False
        #: Where in the buffer the last ``},`` found not to end an item is.
        self.not_whole = -1

    def more(self) -> None:
        """Read the next chunk, dropping what has been read already."""
        if self.done:
            raise NotStreamedError("the document ends early")
        chunk = self.stream.read(self.chunk)
        if not chunk:
            self.done = True
        self.buffer = self.buffer[self.at :] + chunk
        self.at = 0
        self.not_whole = -1

    def peek(self) -> str:
        """The next character that is not whitespace, not consumed; "" at the end."""
        while True:
            self.at = _WHITESPACE.match(self.buffer, self.at).end()  # type: ignore[union-attr]
            if self.at < len(self.buffer):
                return self.buffer[self.at]
            if self.done:
                return ""
            self.more()

    def take(self, char: str) -> None:
        """Consume ``char``, the next character that is not whitespace."""
        if self.peek() != char:
            raise NotStreamedError(f"expected {char!r}")
        self.at += 1

    def value(self) -> Any:  # noqa: ANN401 - any JSON value
        """The next JSON value, decoded exactly as :func:`~dime.loads` decodes it."""
        self.peek()
        while True:
            try:
                value, end = _DECODE(self.buffer, self.at)
            except (ValueError, RecursionError):
                # Cut off by the end of the buffer, or not JSON: read on, and see.
                self.more()
                continue
            if end < len(self.buffer) or self.done:
                self.at = end
                return value
            # A number may go on past the buffer: decode it again with what follows.
            self.more()

    def members(self) -> Iterator[str]:
        """The keys of the object that starts here; the caller reads each key's value."""
        self.take("{")
        seen: set[str] = set()
        if self.peek() == "}":
            self.at += 1
            return
        while True:
            if self.peek() != '"':
                raise NotStreamedError("expected a key")
            key = self.value()
            if key in seen:
                raise NotStreamedError(f"the key {key!r} is given twice")
            seen.add(key)
            self.take(":")
            yield key
            following = self.peek()
            self.at += 1
            if following == "}":
                return
            if following != ",":
                raise NotStreamedError("expected , or }")

    def items(self) -> Iterator[Any]:
        """The values of the array that starts here."""
        self.take("[")
        if self.peek() == "]":
            self.at += 1
            return
        while True:
            self.peek()
            slab = self.slab()
            if slab:
                yield from slab
                continue
            yield self.value()
            following = self.peek()
            self.at += 1
            if following == "]":
                return
            if following != ",":
                raise NotStreamedError("expected , or ]")

    def slab(self) -> list[Any]:
        """The whole items of the array from here to the last ``},`` in the buffer, if any.

        One call of the decoder reads them all, as ``loads`` reads a whole array (a
        call per item costs about a fifth more).  The text up to that ``}`` is read
        as the items of an array of its own: if the brace closes an item, that
        succeeds, and gives exactly those items; if it is inside a string or closes
        an object inside an item, or the array ends before it, the text is not an
        array of its own, nothing is taken, and the items are read one at a time.
        """
        buffer, at = self.buffer, self.at
        cut = buffer.rfind("},", at)
        if cut < at or cut == self.not_whole:
            return []
        text = "[" + buffer[at : cut + 1] + "]"
        try:
            values, end = _DECODE(text)
        except (ValueError, RecursionError):
            end = -1
        if end != len(text):
            # Read the items one at a time up to the next chunk, not this text again.
            self.not_whole = cut
            return []
        self.at = cut + 2
        return values  # type: ignore[no-any-return]


@attrs.define
class _Feedback:
    """What must be known of all the feedback to check it against the structure, kept small."""

    #: 64-bit hashes of the ids, in 256 arrays by their lowest byte.
    ids: list[array[int]] = attrs.Factory(lambda: [array("q") for _ in range(256)])
    #: The distinct values of each field that names another record.
    named: dict[str, set[str]] = attrs.Factory(lambda: {f: set() for f, _, _ in _REFERENCES})
    #: For each custom scale: the lowest and highest score, and whether all are whole.
    scales: dict[str, tuple[float, float, bool]] = attrs.Factory(dict)

    def note(self, batch: list[Feedback]) -> None:
        """Note what the structure must be checked against in ``batch``."""
        ids = self.ids
        for h in map(hash, map(attrgetter("id"), batch)):
            ids[h & 255].append(h)
        for field, _, _ in _REFERENCES:
            self.named[field].update(map(attrgetter(field), batch))
        scores = [s for s in map(attrgetter("score"), batch) if s is not None]
        for score in scores:
            if score.scale in BUILT_IN_SCALES:
                continue
            value = score.value
            whole = type(value) is int or float(value).is_integer()
            low, high, all_whole = self.scales.get(score.scale, (value, value, True))
            self.scales[score.scale] = (min(low, value), max(high, value), all_whole and whole)

    def fits(self, structure: Framework) -> bool:
        """Whether the feedback fits ``structure`` as :class:`~dime.Framework` requires."""
        if any(len(set(hashes)) != len(hashes) for hashes in self.ids):
            return False
        for field, target, key in _REFERENCES:
            known = set(map(attrgetter(str(key)), getattr(structure, target)))
            if not (self.named[field] - {None}) <= known:
                return False
        if not self.addressed_fit(structure):
            return False
        declared = {s.name: s for s in structure.scales}
        for name, (low, high, whole) in self.scales.items():
            scale = declared.get(name)
            if scale is None or not (scale.contains(low) and scale.contains(high)):
                return False
            if scale.whole and not whole:
                return False
        return True

    def addressed_fit(self, structure: Framework) -> bool:
        """Whether every feedback id the structure's records list (``addresses``) was read.

        As :class:`~dime.Framework` does, a structure whose document holds no feedback
        at all keeps its lists.  The ids are known by their hashes only, so that memory
        stays flat: a list naming an id that was not read is caught unless its 64-bit
        hash equals that of one that was.
        """
        if not any(self.ids):
            return True
        wanted = {
            feedback_id
            for records, attr in _LISTS
            for record in getattr(structure, records)
            for feedback_id in getattr(record, attr)
        }
        return all(h in self.ids[h & 255] for h in map(hash, wanted))


def _feedback(text: JsonReader, kept: _Feedback, size: int) -> Iterator[Feedback]:
    """The feedback items of the array that starts here, built in batches and noted."""
    from dime._converter import structure_items  # noqa: PLC0415 - cattrs only when used

    items = text.items()
    while True:
        batch = [item for _, item in zip(range(size), items, strict=False)]
        if not batch:
            return
        problems = ProblemCollector()
        built = structure_items(batch, Feedback, "$.framework.feedback", problems, consume=True)
        if problems:
            raise NotStreamedError("a feedback item breaks the format")
        kept.note(built)
        yield from built


def _framework(
    text: JsonReader, data: dict[str, Any], kept: _Feedback, size: int
) -> Iterator[Feedback]:
    """Read the framework object into ``data``, yielding its feedback as it passes."""
    for key in text.members():
        if key == "feedback" and text.peek() == "[":
            data[key] = []
            yield from _feedback(text, kept, size)
        else:
            data[key] = text.value()


def _document(
    text: JsonReader, top: dict[str, Any], kept: _Feedback, size: int
) -> Iterator[Feedback]:
    """Read the document into ``top``, its framework without feedback, yielding the feedback."""
    for key in text.members():
        if key == "framework" and text.peek() == "{":
            framework: dict[str, Any] = {}
            top[key] = framework
            yield from _framework(text, framework, kept, size)
        else:
            top[key] = text.value()
    if text.peek() != "":
        raise NotStreamedError("text after the document")


def stream_document(
    stream: IO[str], *, chunk: int = CHUNK, batch: int = BATCH
) -> tuple[Framework, Tally]:
    """The structure of the document in ``stream`` and the tally of its feedback.

    ``chunk`` characters are read at a time, and ``batch`` feedback items built at a time.

    Raises:
        NotStreamedError: The document is not a valid one of the current
            format version, or holds what only the whole reader can tell
            from a problem: read it with :func:`~dime.loads` for the problems.
    """
    from dime._converter import structure  # noqa: PLC0415 - cattrs only when used

    text = JsonReader(stream, chunk)
    top: dict[str, Any] = {}
    kept = _Feedback()
    with gc_paused():
        try:
            tally = Tally.from_records(_document(text, top, kept, batch))
        except UnicodeDecodeError as err:
            raise NotStreamedError("not UTF-8") from err
        if sorted(top) != ["dime", "framework"] or type(top["dime"]) is not int:
            raise NotStreamedError("not a document of the current format")
        if top["dime"] != FORMAT_VERSION or type(top["framework"]) is not dict:
            raise NotStreamedError("not a document of the current format")
        try:
            shape = structure(top["framework"], Framework, at="$.framework")
        except DimeError as err:
            raise NotStreamedError("the structure breaks the format") from err
    if not kept.fits(shape):
        raise NotStreamedError("the feedback does not fit the structure")
    return shape, tally


def is_regular_file(path: str) -> bool:
    """Whether ``path`` names a regular file, which can be read twice (a pipe cannot)."""
    try:
        return stat.S_ISREG(Path(path).stat().st_mode)
    except (OSError, ValueError):
        return False


def streamed(path: str) -> tuple[Framework, Tally] | None:
    """The structure and feedback tally of the document in the regular file ``path``.

    None when the file cannot be streamed (it is not a regular file, cannot be
    read, or is not a valid document): read it whole, for the problems.
    """
    if not is_regular_file(path):
        return None
    try:
        with Path(path).open(encoding="utf-8", newline="") as stream:
            return stream_document(stream)
    except (NotStreamedError, OSError):
        return None


def split(framework: Framework) -> tuple[Framework, Tally]:
    """A framework as :func:`load_tally` gives it: its structure, and its feedback's tally."""
    with gc_paused():
        tally = Tally.from_records(framework.feedback)
        return attrs.evolve(framework, feedback=()), tally


def describe(structure: Framework, tally: Tally) -> str:
    """What ``repr`` shows of the framework whose structure and feedback tally these are."""
    counts = ", ".join(
        f"{name}={tally.feedback_count if name == 'feedback' else len(getattr(structure, name))}"
        for name, _ in collections_of(Framework)
    )
    return f"{Framework.__name__}(name={structure.name!r}, {counts})"


def load_tally(path: str | os.PathLike[str]) -> tuple[Framework, Tally]:
    """Read a document too big for memory: its structure, and the tally of its feedback.

    The records other than feedback are read as :func:`load` reads them;
    the feedback is checked as :func:`load` checks it, but tallied as it is
    read and never kept, so a document of millions of feedback items is
    read in memory that does not grow with them.  ``dime.check(tally,
    structure=structure)`` gives the report that ``dime.check(dime.load(path))``
    gives.  A document with a problem, or of an older format version, is
    read again whole, to report every problem as :func:`load` does.  The
    ``feedback`` array may come anywhere in the document.

    Args:
        path: The file (a regular file: a pipe is read whole, once).

    Returns:
        The framework without its feedback, and the tally of the feedback.

    Raises:
        DimeFileError: The file is missing or cannot be read; it names the path.
        InvalidDocumentError: The file is not a valid document; a note names the path.
        UnsupportedVersionError: It is of a newer format version.

    >>> import dime, tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "shop.json")
    ...     dime.save(dime.example(), path)
    ...     structure, tally = dime.load_tally(path)
    >>> len(structure.feedback), tally.feedback_count
    (0, 3200)
    >>> dime.check(tally, structure=structure) == dime.check(dime.example())
    True
    """
    try:
        name = os.fsdecode(path)
    except TypeError:
        name = ""
    done = streamed(name) if name and "\0" not in name else None
    return split(load(path)) if done is None else done
