"""Documents in files: atomic saves, loading, and JSON Lines streams of feedback."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Final, Literal

from dime._model import Feedback, Framework
from dime._serialization import dumps, loads, read, structure_at
from dime.exceptions import DimeFileError, InvalidDocumentError, InvalidLineError, Problem

__all__ = ["encode_document", "iter_feedback", "load", "save", "write_atomically"]

#: What a temporary file of :func:`write_atomically` is called, after a dot and
#: (a prefix of) the name of the file it will replace.
_TEMPORARY = re.compile(r"\.(?P<name>.*)~dime-(?P<pid>[0-9]+)-[0-9a-f]+\.tmp\Z", re.DOTALL)

#: The longest file name most file systems allow, in bytes.
_NAME_MAX: Final = 255


def encode_document(framework: Framework, *, indent: int | None = 2) -> bytes:
    """The document of ``framework`` as :func:`save` writes it: UTF-8, ending with a newline.

    Raises:
        InvalidDocumentError: The framework holds text that UTF-8 cannot encode.
    """
    text = dumps(framework, indent=indent) + "\n"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise InvalidDocumentError(
            [Problem("$", f"a string holds {err.object[err.start]!r}, which UTF-8 cannot encode")]
        ) from None


def save(framework: Framework, path: str | os.PathLike[str], *, indent: int | None = 2) -> None:
    """Write a framework to a file, atomically: a reader sees the old file or the new one.

    The document goes to a temporary file in the same folder, which is flushed
    and synced to disk, then renamed over the file; the folder is synced too.
    A process killed while saving leaves the old file intact and, at worst,
    a temporary file named ``.NAME~dime-PID-XXXXXXXX.tmp`` beside it, which the
    next save to the same file removes once process ``PID`` is gone.

    Only a regular file is ever replaced: a path that names a folder, a FIFO
    or a device is refused.  A symbolic link is followed, so the file it
    points to is replaced and the link stays.  A new file gets the permissions
    a plain ``open`` would give it (``0o666`` less the umask); an existing one
    keeps its own, and its owner where the process may set it.  The folder
    must be writable, since the temporary file is made there.

    Args:
        framework: The framework to save.
        path: Where to save it.
        indent: As for :func:`dumps`; indented documents diff well.

    Raises:
        DimeFileError: The file could not be written, or is not a regular file.
        InvalidDocumentError: The framework holds text that UTF-8 cannot encode.

    >>> import dime, tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "shop.json")
    ...     dime.save(dime.Framework(name="Shop"), path)
    ...     dime.load(path).name
    'Shop'
    """
    write_atomically(path, encode_document(framework, indent=indent))


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace the regular file at ``path`` with ``data``, or create it, as :func:`save` does.

    Raises:
        DimeFileError: The file could not be written, or is not a regular file.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = pathlib.Path(folder, "notes.txt")
    ...     write_atomically(target, b"first")
    ...     write_atomically(target, b"second")
    ...     target.read_bytes(), [p.name for p in pathlib.Path(folder).iterdir()]
    (b'second', ['notes.txt'])
    """
    name = _name(path)
    target = _target(name)
    try:
        before: os.stat_result | None = Path(target).stat()
    except FileNotFoundError:
        before = None
    except OSError as err:
        raise DimeFileError(f"cannot write: {err.strerror or err}", name) from err
    if before is not None and not stat.S_ISREG(before.st_mode):
        what = _kind(before.st_mode)
        raise DimeFileError(f"cannot write: it is {what}; only a regular file is replaced", name)
    folder, base = os.path.split(target)
    folder = folder or os.curdir
    _remove_stale(folder, base)
    fd, temporary = _create_temporary(folder, base, before, name)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        Path(temporary).replace(target)
    except BaseException as err:
        _unlink(temporary)
        if isinstance(err, OSError):
            raise DimeFileError(f"cannot write: {err.strerror or err}", name) from err
        raise
    _sync_folder(folder)


def _name(path: str | os.PathLike[str]) -> str:
    """``path`` as text for messages, refusing what no file system accepts."""
    try:
        name = os.fsdecode(path)
    except TypeError:
        raise TypeError(f"expected a path, got {type(path).__name__}") from None
    if "\0" in name:
        raise DimeFileError("a path cannot hold a NUL character", name.replace("\0", "\\0"))
    if not name:
        raise DimeFileError("an empty path names no file", name)
    return name


def _target(name: str) -> str:
    """The file that writing to ``name`` replaces: the end of its symbolic links."""
    if not Path(name).is_symlink():
        return name
    return os.path.realpath(name)


def _kind(mode: int) -> str:
    kinds = [
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ]
    return next((what for test, what in kinds if test(mode)), "not a regular file")


def _temporary_prefix(base: str) -> str:
    """The start of a temporary name for ``base``, short enough to leave room for the rest."""
    room = _NAME_MAX - len(".~dime-4294967295-00000000.tmp")
    short = base
    while len(os.fsencode(short)) > room:
        short = short[:-1]
    return f".{short}~dime-{os.getpid()}-"


def _create_temporary(
    folder: str, base: str, before: os.stat_result | None, name: str
) -> tuple[int, str]:
    """Create a new temporary file beside the target, with the mode the target will have."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    # A new file is created as open() creates one, so the umask and default ACLs apply.
    mode = 0o600 if before is not None else 0o666
    prefix = _temporary_prefix(base)
    for _ in range(100):
        temporary = str(Path(folder, f"{prefix}{os.urandom(4).hex()}.tmp"))
        try:
            fd = os.open(temporary, flags, mode)
        except FileExistsError:
            continue
        except OSError as err:
            raise DimeFileError(f"cannot write in its folder: {err.strerror or err}", name) from err
        break
    else:  # pragma: no cover - a hundred random names all taken
        raise DimeFileError("cannot write in its folder: no free temporary name", name)
    if before is not None:
        try:
            _keep_mode_and_owner(fd, temporary, before)
        except OSError as err:
            os.close(fd)
            _unlink(temporary)
            raise DimeFileError(f"cannot write: {err.strerror or err}", name) from err
    return fd, temporary


def _keep_mode_and_owner(fd: int, temporary: str, before: os.stat_result) -> None:
    if sys.platform == "win32":  # pragma: no cover - no owners, and no fchmod before 3.13
        os.chmod(temporary, stat.S_IMODE(before.st_mode))  # noqa: PTH101
        return
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) != (before.st_uid, before.st_gid):
        # Only root, or the owner to a group of their own, may give a file away.
        with contextlib.suppress(PermissionError):
            os.fchown(fd, before.st_uid, before.st_gid)
    os.fchmod(fd, stat.S_IMODE(before.st_mode))


def _remove_stale(folder: str, base: str) -> None:
    """Remove temporary files that earlier, killed saves to ``base`` left behind."""
    if sys.platform == "win32":  # pragma: no cover - no cheap way to ask if a process lives
        return
    prefix = _temporary_prefix(base)
    short = prefix[1 : prefix.rindex("~dime-")]
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if e.name.startswith(f".{short}~dime-")]
    except OSError:
        return
    for entry in names:
        found = _TEMPORARY.match(entry)
        if found is None or found["name"] != short or _alive(int(found["pid"])):
            continue
        _unlink(str(Path(folder, entry)))


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists: its temporary files may still be being written."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process, or a number no process can have: keep it
    return True


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)  # noqa: PTH108 - a plain string path


def _sync_folder(folder: str) -> None:
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
    name = _name(path)
    try:
        data = Path(name).read_bytes()
    except OSError as err:
        raise DimeFileError(f"cannot read: {err.strerror or err}", name) from err
    try:
        return loads(data)
    except InvalidDocumentError as err:
        err.add_note(f"in {name}")
        raise


def iter_feedback(
    source: str | os.PathLike[str] | bytes | IO[str] | IO[bytes] | Iterable[str | bytes],
    *,
    errors: Literal["raise", "collect"] = "raise",
    rejected: list[InvalidLineError] | None = None,
) -> Iterator[Feedback]:
    r"""Read feedback items from JSON Lines, one at a time.

    Each non-blank line holds one feedback object, as :func:`to_dict` writes it.
    Lines are checked one by one as :func:`loads` checks feedback; whether the
    touchpoints they name exist is left to the framework they join.

    Lines end with a line feed, a carriage return and line feed, or a lone
    carriage return, whatever the source; text is UTF-8, and a byte-order mark
    at the start is skipped.  A line that is not UTF-8 is a bad line like any
    other, with the right number.  (A text stream that was already read from,
    or whose encoding is not UTF-8, is decoded by the stream itself; if that
    fails, reading stops with :class:`~dime.exceptions.DimeFileError`.)

    Args:
        source: A path; the bytes of a whole stream; a file opened in text or
            binary mode; or any iterable of lines (``str`` or ``bytes``).
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
    into = rejected if errors == "collect" else None
    if isinstance(source, (str, os.PathLike)):
        return _feedback_from_path(_name(source), into)
    if isinstance(source, (bytes, bytearray, memoryview)):
        import io  # noqa: PLC0415 - only for bytes

        return _feedback_items(_stream_lines(io.BytesIO(source), "<bytes>"), "<bytes>", into)
    name = str(getattr(source, "name", "<stream>"))
    return _feedback_items(_source_lines(source, name), name, into)


def _feedback_from_path(name: str, rejected: list[InvalidLineError] | None) -> Iterator[Feedback]:
    try:
        file = Path(name).open("rb")  # noqa: SIM115 - closed by the with below, when iterated
    except OSError as err:
        raise DimeFileError(f"cannot read: {err.strerror or err}", name) from err
    with file:
        yield from _feedback_items(_stream_lines(file, name), name, rejected)


#: How much of a line one read takes, so that a file without line feeds is read in parts.
_PIECE: Final = 1 << 16

_Line = tuple[int, str | bytes]


def _source_lines(source: object, name: str) -> Iterator[_Line]:
    """Numbered lines of a stream or of an iterable of lines."""
    readline = getattr(source, "readline", None)
    if readline is None:
        if not isinstance(source, Iterable):
            raise TypeError(
                f"iter_feedback reads a path, bytes, a file or lines, not {type(source).__name__}"
            )
        return _iterable_lines(source, name)
    buffer = getattr(source, "buffer", None)
    if buffer is not None and _unread_utf8(source):
        # Decode line by line, so that a bad line is reported and the others are read.
        return _through_buffer(source, buffer, name)
    return _stream_lines(source, name)


def _through_buffer(stream: object, buffer: object, name: str) -> Iterator[_Line]:
    """The lines of a text stream's buffer, holding on to the stream: dropping it closes both."""
    yield from _stream_lines(buffer, name)
    del stream


def _unread_utf8(stream: object) -> bool:
    """Whether a text stream decodes UTF-8 and has read nothing ahead from its buffer."""
    import codecs  # noqa: PLC0415 - only for text streams

    encoding = getattr(stream, "encoding", None)
    reconfigure = getattr(stream, "reconfigure", None)
    if not isinstance(encoding, str) or reconfigure is None:
        return False
    try:
        if codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig"):
            return False
        # A stream that has read refuses to change; asking for no change is harmless.
        reconfigure(errors=getattr(stream, "errors", None))
    except (LookupError, OSError, ValueError, TypeError):
        return False
    return True


_LINE_END = re.compile(r"\r\n|\r|\n")
_LINE_END_BYTES = re.compile(rb"\r\n|\r|\n")


def _split(text: Any) -> list[Any]:  # noqa: ANN401 - str or bytes, the same out as in
    """``text`` split at LF, CRLF and lone CR (not at the other breaks ``splitlines`` knows)."""
    if isinstance(text, str):
        return _LINE_END.split(text)
    return _LINE_END_BYTES.split(text)


def _cr(text: str | bytes) -> Any:  # noqa: ANN401 - the same type as text
    return "\r" if isinstance(text, str) else b"\r"


def _stream_lines(stream: object, name: str) -> Iterator[_Line]:
    """Numbered lines of a stream, whatever ends them, read in bounded pieces."""
    return enumerate(_joined_lines(_pieces(stream, name)), start=1)


def _pieces(stream: object, name: str) -> Iterator[Any]:
    """What a stream's ``readline`` gives, a bounded piece at a time, until it is done."""
    readline = getattr(stream, "readline")  # noqa: B009 - any object with readline
    ends = 0
    while True:
        try:
            piece: object = readline(_PIECE)
        except OSError as err:
            raise DimeFileError(f"cannot read: {err.strerror or err}", name) from err
        except UnicodeDecodeError as err:
            where = f"after line {ends}" if ends else "in line 1"
            raise DimeFileError(
                f"cannot decode the text {where}: {err.reason}; open it in binary mode "
                "to have each bad line reported",
                name,
            ) from None
        if isinstance(piece, (bytearray, memoryview)):
            piece = bytes(piece)
        if not isinstance(piece, (str, bytes)):
            raise TypeError(f"iter_feedback reads str or bytes, not {type(piece).__name__}")
        if not piece:
            return
        ends += len(_split(piece)) - 1
        yield piece


def _joined_lines(pieces: Iterator[Any]) -> Iterator[Any]:
    """The lines of the text the pieces make up (all str or all bytes), split at line ends."""
    pending: Any = None  # the start of a line that has not ended yet
    for piece in pieces:
        text = piece if pending is None else pending + piece
        cr = _cr(text)
        # A carriage return at the end may be the first half of CRLF: keep it for later.
        held = text.endswith(cr)
        parts = _split(text[:-1] if held else text)
        last = parts.pop()
        yield from parts
        pending = last + cr if held else (last or None)
    if pending:
        yield pending.removesuffix(_cr(pending))


def _iterable_lines(source: Iterable[object], name: str) -> Iterator[_Line]:
    """Numbered lines of an iterable whose items are lines (each may hold line ends too)."""
    number = 0
    items = iter(source)
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except OSError as err:
            raise DimeFileError(f"cannot read: {err.strerror or err}", name) from err
        if isinstance(item, (bytearray, memoryview)):
            item = bytes(item)
        if not isinstance(item, (str, bytes)):
            raise TypeError(f"iter_feedback reads lines of str or bytes, not {type(item).__name__}")
        parts = _split(item)
        if len(parts) > 1 and not parts[-1]:
            parts.pop()  # the item's own line end
        for part in parts:
            number += 1
            yield number, part


def _feedback_items(
    lines: Iterator[_Line], name: str, rejected: list[InvalidLineError] | None
) -> Iterator[Feedback]:
    del name
    for number, raw in lines:
        line = _text_of(raw, first=number == 1)
        if isinstance(line, str) and not line.strip(" \t"):
            continue
        try:
            if isinstance(line, InvalidDocumentError):
                raise line
            item = read(line, _feedback_from_line)
        except InvalidDocumentError as err:
            bad = InvalidLineError.at(number, err.problems)
            if rejected is None:
                raise bad from None
            rejected.append(bad)
            continue
        yield item


def _text_of(line: str | bytes, *, first: bool) -> str | InvalidDocumentError:
    """A line as text, without the byte-order mark that may start a stream."""
    if isinstance(line, str):
        return line.removeprefix("\ufeff") if first else line
    if first:
        line = line.removeprefix(b"\xef\xbb\xbf")
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as err:
        return InvalidDocumentError(
            [Problem("$", f"not UTF-8 text: byte {err.start} cannot be decoded")]
        )


def _feedback_from_line(data: object) -> Feedback:
    return structure_at(data, Feedback, "$")
