"""Documents in files: atomic saves, loading, and JSON Lines streams of feedback."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal

from dime._model import Feedback, Framework
from dime._serialization import dumps, loads, read, structure_at
from dime.exceptions import DimeFileError, InvalidDocumentError, InvalidLineError, Problem

__all__ = ["iter_feedback", "load", "save"]


def save(framework: Framework, path: str | os.PathLike[str], *, indent: int | None = 2) -> None:
    """Write a framework to a file, atomically: a reader sees the old file or the new one.

    The document goes to a temporary file in the same folder, which is flushed
    and synced to disk, then renamed over ``path``; the folder is synced too.
    A process killed while saving leaves the old file intact (and, at worst,
    a stray ``.NAME.*.tmp`` file beside it).

    Args:
        framework: The framework to save.
        path: Where to save it.
        indent: As for :func:`dumps`; indented documents diff well.

    Raises:
        DimeFileError: The file could not be written.
        InvalidDocumentError: The framework holds text that UTF-8 cannot encode.

    >>> import dime, tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "shop.json")
    ...     dime.save(dime.Framework(name="Shop"), path)
    ...     dime.load(path).name
    'Shop'
    """
    import tempfile  # noqa: PLC0415 - only when saving

    try:
        data = (dumps(framework, indent=indent) + "\n").encode("utf-8")
    except UnicodeEncodeError as err:
        raise InvalidDocumentError(
            [Problem("$", f"a string holds {err.object[err.start]!r}, which UTF-8 cannot encode")]
        ) from None
    target = Path(path)
    folder = target.parent
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = 0o644
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise DimeFileError(
            f"cannot write in its folder: {err.strerror or err}", str(path)
        ) from err
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)  # noqa: PTH101 - same call on every platform
        Path(temporary).replace(target)
    except BaseException as err:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise DimeFileError(f"cannot write: {err.strerror or err}", str(path)) from err
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(fd)


def load(path: str | os.PathLike[str]) -> Framework:
    """Read a framework from a file that :func:`save` (or anyone) wrote.

    Args:
        path: The file.

    Returns:
        The framework.

    Raises:
        DimeFileError: The file is missing or cannot be read; it names the path.
        InvalidDocumentError: The file is not a valid document; a note names the path.
        UnsupportedVersionError: It is of a newer format version.

    >>> import dime
    >>> dime.load("no-such-file.json")
    Traceback (most recent call last):
      ...
    dime.exceptions.DimeFileError: no-such-file.json: cannot read: No such file or directory
    """
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise DimeFileError(f"cannot read: {err.strerror or err}", str(path)) from err
    try:
        return loads(data)
    except InvalidDocumentError as err:
        err.add_note(f"in {path}")
        raise


def iter_feedback(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    errors: Literal["raise", "collect"] = "raise",
    rejected: list[InvalidLineError] | None = None,
) -> Iterator[Feedback]:
    r"""Read feedback items from JSON Lines, one at a time.

    Each non-blank line holds one feedback object, as :func:`to_dict` writes it.
    Lines are checked one by one as :func:`loads` checks feedback; whether the
    touchpoints they name exist is left to the framework they join.

    Args:
        source: A path, or a file opened in text or binary mode.
        errors: ``"raise"`` stops at the first bad line by raising
            :class:`~dime.exceptions.InvalidLineError`; ``"collect"`` puts each
            bad line's error in ``rejected`` and carries on.
        rejected: The list that receives bad lines in ``"collect"`` mode.

    Yields:
        Each feedback item, in file order.

    Raises:
        InvalidLineError: A bad line, in ``"raise"`` mode; ``.line`` is its
            number, counting from 1.
        DimeFileError: The file cannot be opened or read.
        ValueError: ``errors`` is not one of the two modes, or ``"collect"``
            was asked for without a ``rejected`` list.

    >>> import io, dime
    >>> lines = io.StringIO(
    ...     '{"id": "f1", "received": "2026-03-01T09:30:00+00:00", "kind": "gift"}\n'
    ...     '{"id": "f2", "received": "2026-03-01T10:00:00+00:00", "kind": "gfit"}\n'
    ... )
    >>> bad = []
    >>> [f.id for f in dime.iter_feedback(lines, errors="collect", rejected=bad)]
    ['f1']
    >>> print(bad[0])
    1 problem on line 2:
      $.kind: 'gfit' is not one of junk, bill, routine, gift
    """
    if errors not in ("raise", "collect"):
        raise ValueError(f"errors must be 'raise' or 'collect', not {errors!r}")
    if errors == "collect" and rejected is None:
        raise ValueError("errors='collect' needs a list to collect into: pass rejected=[]")
    if isinstance(source, (str, os.PathLike)):
        return _feedback_from_path(Path(source), rejected if errors == "collect" else None)
    return _feedback_lines(source, str(getattr(source, "name", "<stream>")), rejected if errors == "collect" else None)  # fmt: skip


def _feedback_from_path(path: Path, rejected: list[InvalidLineError] | None) -> Iterator[Feedback]:
    try:
        file = path.open("rb")
    except OSError as err:
        raise DimeFileError(f"cannot read: {err.strerror or err}", str(path)) from err
    with file:
        yield from _feedback_lines(file, str(path), rejected)


def _feedback_lines(
    lines: IO[str] | IO[bytes], name: str, rejected: list[InvalidLineError] | None
) -> Iterator[Feedback]:
    number = 0
    iterator: Iterator[str | bytes] = iter(lines)
    while True:
        try:
            line = next(iterator)
        except StopIteration:
            return
        except OSError as err:
            raise DimeFileError(f"cannot read: {err.strerror or err}", name) from err
        except UnicodeDecodeError:
            raise DimeFileError(f"line {number + 1} is not UTF-8 text", name) from None
        number += 1
        if not line.strip():
            continue
        try:
            item = read(line, _feedback_from_line)
        except InvalidDocumentError as err:
            bad = InvalidLineError(number, err.problems)
            if rejected is None:
                raise bad from None
            rejected.append(bad)
            continue
        yield item


def _feedback_from_line(data: object) -> Feedback:
    return structure_at(data, Feedback, "$")
