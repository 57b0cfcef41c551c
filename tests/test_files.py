"""Tests for documents in files and JSON Lines streams: what reaches the disk, and how lines are read."""

from __future__ import annotations

import io
import json
import os
import resource
import signal
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dime
import dime.strategies as ds
from dime._files import write_atomically
from dime.exceptions import DimeFileError, InvalidLineError

SMALL = dime.Framework(name="Shop")
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes and nodes")


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


@pytest.fixture
def umask() -> Iterator[int]:
    """The process's umask, restored after the test."""
    old = os.umask(0o022)
    os.umask(old)
    yield old
    os.umask(old)


class TestSave:
    """Saving replaces a regular file atomically and leaves nothing else behind."""

    @settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.binary(max_size=300), min_size=1, max_size=4))
    def test_last_write_wins_and_nothing_is_left(self, tmp_path: Path, writes: list[bytes]) -> None:
        """After any number of writes the file holds the last, and no temporary file remains."""
        folder = tmp_path / f"w{len(list(tmp_path.iterdir()))}"
        folder.mkdir()
        target = folder / "state.json"
        for data in writes:
            write_atomically(target, data)
        assert writes[-1] == target.read_bytes()
        assert ["state.json"] == listing(folder)

    @POSIX
    def test_symlink_is_written_through(self, tmp_path: Path) -> None:
        """Saving to a symbolic link replaces the file it points to and keeps the link."""
        real = tmp_path / "real.json"
        dime.save(dime.example(), real)
        link = tmp_path / "link.json"
        link.symlink_to("real.json")
        dime.save(SMALL, link)
        assert link.is_symlink()
        assert Path("real.json") == link.readlink()
        assert SMALL == dime.load(real)
        assert ["link.json", "real.json"] == listing(tmp_path)

    @POSIX
    def test_dangling_symlink_creates_its_target(self, tmp_path: Path) -> None:
        """A link to a file that does not exist yet creates that file, as open() would."""
        (tmp_path / "sub").mkdir()
        link = tmp_path / "link.json"
        link.symlink_to(tmp_path / "sub" / "new.json")
        dime.save(SMALL, link)
        assert link.is_symlink()
        assert SMALL == dime.load(tmp_path / "sub" / "new.json")

    @POSIX
    def test_symlink_loop_is_refused(self, tmp_path: Path) -> None:
        """A loop of symbolic links is a DimeFileError naming the path, and nothing is written."""
        a, b = tmp_path / "a.json", tmp_path / "b.json"
        a.symlink_to(b)
        b.symlink_to(a)
        with pytest.raises(DimeFileError) as info:
            dime.save(SMALL, a)
        assert str(a) == info.value.filename
        assert ["a.json", "b.json"] == listing(tmp_path)

    @POSIX
    @pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
    def test_only_regular_files_are_replaced(self, tmp_path: Path, kind: str) -> None:
        """A folder, a FIFO or a device is refused with a message naming what it is."""
        if kind == "folder":
            path, what = tmp_path / "dir.json", "a folder"
            path.mkdir()
        elif kind == "fifo":
            path, what = tmp_path / "pipe.json", "a FIFO"
            os.mkfifo(path)
        else:
            path, what = Path(os.devnull), "a character device"
        before = path.lstat()
        with pytest.raises(DimeFileError) as info:
            dime.save(SMALL, path)
        assert f"it is {what}; only a regular file is replaced" in str(info.value)
        after = path.lstat()
        assert (before.st_mode, before.st_ino) == (after.st_mode, after.st_ino)
        if kind != "device":
            assert [path.name] == listing(tmp_path)

    @POSIX
    @pytest.mark.parametrize("mask", [0o022, 0o027, 0o077, 0o002])
    def test_new_files_follow_the_umask(self, tmp_path: Path, umask: int, mask: int) -> None:
        """A new file gets the mode a plain open() gives under the umask."""
        del umask
        os.umask(mask)
        plain = tmp_path / "plain.json"
        plain.write_bytes(b"{}")
        saved = tmp_path / "saved.json"
        dime.save(SMALL, saved)
        assert 0o666 & ~mask == stat.S_IMODE(saved.stat().st_mode)
        assert stat.S_IMODE(plain.stat().st_mode) == stat.S_IMODE(saved.stat().st_mode)

    @POSIX
    @pytest.mark.parametrize("mode", [0o600, 0o640, 0o444, 0o755])
    def test_existing_files_keep_their_mode(self, tmp_path: Path, mode: int) -> None:
        """Replacing a file keeps its permissions, whatever the umask."""
        path = tmp_path / "state.json"
        path.write_bytes(b"{}")
        path.chmod(mode)
        dime.save(SMALL, path)
        assert mode == stat.S_IMODE(path.stat().st_mode)
        assert SMALL == dime.load(path)

    @POSIX
    def test_stale_temporary_files_are_removed(self, tmp_path: Path) -> None:
        """The next save removes temporary files of dead processes, and no others."""
        name = "state.json"
        stale = tmp_path / f".{name}~dime-{dead_pid()}-0badc0de.tmp"
        live = tmp_path / f".{name}~dime-{os.getpid()}-feedf00d.tmp"
        other = tmp_path / f".other.json~dime-{dead_pid()}-0badc0de.tmp"
        unrelated = tmp_path / f".{name}.swp"
        for path in (stale, live, other, unrelated):
            path.write_bytes(b"half a document")
        dime.save(SMALL, tmp_path / name)
        assert sorted([live.name, other.name, unrelated.name, name]) == listing(tmp_path)

    def test_killed_save_leaves_a_recognisable_temporary_file(self, tmp_path: Path) -> None:
        """A save killed after creating its temporary file leaves one named after the target."""
        target = tmp_path / "state.json"
        child = (
            "import os, pathlib, dime._files as f\n"
            "pathlib.Path.replace = lambda *a: os._exit(9)\n"  # die just before the rename
            f"f.write_atomically({str(target)!r}, b'new')\n"
        )
        target.write_bytes(b"old")
        done = subprocess.run([sys.executable, "-c", child], check=False)
        assert 9 == done.returncode
        left = [n for n in listing(tmp_path) if n != "state.json"]
        assert 1 == len(left)
        assert left[0].startswith(".state.json~dime-")
        assert left[0].endswith(".tmp")
        assert b"old" == target.read_bytes()
        dime.save(SMALL, target)
        assert ["state.json"] == listing(tmp_path)

    @pytest.mark.parametrize("length", [200, 250, 255])
    def test_long_file_names(self, tmp_path: Path, length: int) -> None:
        """A file name as long as the file system allows can be saved; the temporary one fits too."""
        path = tmp_path / ("n" * (length - 5) + ".json")
        dime.save(SMALL, path)
        assert SMALL == dime.load(path)
        assert [path.name] == listing(tmp_path)

    def test_long_file_names_of_wide_characters(self, tmp_path: Path) -> None:
        """The temporary name is cut by bytes, never in the middle of a character."""
        path = tmp_path / ("é" * 125 + ".json")  # 255 bytes in UTF-8
        dime.save(SMALL, path)
        dime.save(SMALL, path)
        assert [path.name] == listing(tmp_path)

    @pytest.mark.parametrize("call", ["save", "load", "iter_feedback", "write"])
    def test_nul_in_a_path(self, tmp_path: Path, call: str) -> None:
        """A NUL character in a path is a DimeFileError, not a bare ValueError."""
        path = str(tmp_path / "bad\0name.json")
        calls: dict[str, Callable[[], object]] = {
            "save": lambda: dime.save(SMALL, path),
            "load": lambda: dime.load(path),
            "write": lambda: write_atomically(path, b""),
            "iter_feedback": lambda: list(dime.iter_feedback(path)),
        }
        with pytest.raises(DimeFileError) as info:
            calls[call]()
        assert "NUL" in str(info.value)
        assert "\0" not in str(info.value)

    def test_failed_save_changes_nothing(self, tmp_path: Path) -> None:
        """A framework that cannot be written leaves the old file as it was, and nothing beside it."""
        path = tmp_path / "state.json"
        dime.save(SMALL, path)
        before = path.read_bytes()
        bigger = attrs.evolve(SMALL, metadata={"notes": "x" * 10 * len(before)})
        # The system refuses to let this process write a file longer than the old one.
        limits = resource.getrlimit(resource.RLIMIT_FSIZE)
        handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (len(before) + 1, limits[1]))
        try:
            with pytest.raises(DimeFileError):
                dime.save(bigger, path)
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, limits)
            signal.signal(signal.SIGXFSZ, handler)
        assert before == path.read_bytes()
        assert ["state.json"] == listing(tmp_path)

    def test_missing_folder(self, tmp_path: Path) -> None:
        """A folder that does not exist is a DimeFileError naming the path."""
        path = tmp_path / "nowhere" / "state.json"
        with pytest.raises(DimeFileError) as info:
            dime.save(SMALL, path)
        assert str(path) == info.value.filename


# Lines of a JSON Lines stream, each with what reading it should give.
FEEDBACK = ds.feedback()


@st.composite
def jsonl(draw: st.DrawFn) -> tuple[bytes, list[str], list[int], bool]:
    """A JSON Lines stream: its bytes, the ids of its good items, its bad lines' numbers, and whether it mixes endings."""
    lines: list[bytes] = []
    good: list[str] = []
    bad: list[int] = []
    seen: set[str] = set()
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["good", "good", "blank", "json", "utf8", "kind"]))
        number = len(lines) + 1
        if kind == "good":
            item = draw(FEEDBACK.filter(lambda f: f.id not in seen))
            seen.add(item.id)
            lines.append(json.dumps(dime.to_dict(item), ensure_ascii=False).encode())
            good.append(item.id)
        elif kind == "blank":
            lines.append(draw(st.sampled_from([b"", b" ", b"\t "])))
        elif kind == "json":
            lines.append(b'{"id": "x"')
            bad.append(number)
        elif kind == "utf8":
            lines.append(b'{"id": "\xff\xfe"}')
            bad.append(number)
        else:
            lines.append(b'{"id": "k", "received": "2026-03-01T09:30:00+00:00", "kind": "gfit"}')
            bad.append(number)
    ends = [draw(st.sampled_from([b"\n", b"\r\n", b"\r"])) for _ in lines]
    for i in range(len(lines) - 1):
        # A lone CR, then an empty line ended by LF, is the bytes of one CRLF: read as one
        # line end, as every reader must, so the stream could not say it meant two.
        if ends[i] == b"\r" and not lines[i + 1] and ends[i + 1] == b"\n":
            ends[i] = b"\r\n"
    data = b"".join(line + end for line, end in zip(lines, ends, strict=True))
    if draw(st.booleans()) and lines:
        data = data.removesuffix(ends[-1])  # no line end after the last line
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data, good, bad, len(set(ends)) > 1


def sources(data: bytes, tmp_path: Path) -> dict[str, Any]:
    """The same stream as every kind of source iter_feedback reads."""
    path = tmp_path / "feedback.jsonl"
    path.write_bytes(data)
    return {
        "path": path,
        "str path": str(path),
        "bytes": data,
        "binary file": io.BytesIO(data),
        "text file": io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"),
        "text file, newline=''": io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline=""),
        "lines of bytes": data.splitlines(keepends=True),
        "lines of str": [
            line.decode("utf-8", "replace") for line in data.splitlines(keepends=True)
        ],
    }


def read(source: Any) -> tuple[list[str], list[tuple[int, tuple[str, ...]]]]:
    rejected: list[InvalidLineError] = []
    items = [f.id for f in dime.iter_feedback(source, errors="collect", rejected=rejected)]
    return items, [(e.line, tuple(str(p) for p in e.problems)) for e in rejected]


class TestStreams:
    """Every kind of source gives the same items and the same bad lines, with the right numbers."""

    @settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(jsonl())
    def test_every_source_reads_the_same(
        self, tmp_path: Path, stream: tuple[bytes, list[str], list[int], bool]
    ) -> None:
        """LF, CRLF and lone CR end lines alike, a BOM is skipped, bad lines keep their numbers."""
        data, good, bad, _ = stream
        results = {kind: read(source) for kind, source in sources(data, tmp_path).items()}
        for kind, (items, rejected) in results.items():
            if kind == "lines of str":
                # Undecodable bytes were replaced before: still a bad line, in other words.
                assert (good, bad) == (items, [n for n, _ in rejected]), kind
                continue
            assert (good, bad) == (items, [n for n, _ in rejected]), kind
            assert results["path"] == (items, rejected), kind

    @settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(jsonl())
    def test_raise_mode_stops_at_the_first_bad_line(
        self, tmp_path: Path, stream: tuple[bytes, list[str], list[int], bool]
    ) -> None:
        """Without collect, the items before the first bad line come out, then its error."""
        data, good, bad, _ = stream
        path = tmp_path / "f.jsonl"
        path.write_bytes(data)
        items: list[str] = []
        if not bad:
            assert good == [f.id for f in dime.iter_feedback(path)]
            return
        with pytest.raises(InvalidLineError) as info:
            items.extend(f.id for f in dime.iter_feedback(path))
        assert bad[0] == info.value.line
        assert len(items) <= len(good)
        assert good[: len(items)] == items

    def test_bad_utf8_in_a_text_stream(self) -> None:
        """In an unread UTF-8 text stream a bad line is reported with its number, and reading goes on."""
        good = [json.dumps(dime.to_dict(f)) for f in dime.example().feedback[:3]]
        data = (good[0] + "\n").encode() + b"\xff\xfe\n" + (good[1] + "\n" + good[2]).encode()
        stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
        ids, rejected = read(stream)
        assert [f.id for f in dime.example().feedback[:3]] == ids
        assert [(2, ("$: not UTF-8 text: byte 0 cannot be decoded",))] == rejected

    def test_bad_utf8_in_a_stream_already_read(self) -> None:
        """A text stream read from before decodes by itself: a failure stops with DimeFileError."""
        data = b"\n" * 20_000 + b"\xff\n"  # more than the stream decodes at once
        stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
        stream.readline()
        with pytest.raises(DimeFileError) as info:
            read(stream)
        assert "binary mode" in str(info.value)

    def test_long_lines_and_no_line_ends(self) -> None:
        """A line longer than one read, and a lone-CR file larger than one, are read whole."""
        items = dime.example().feedback[:3000]
        lines = [json.dumps(dime.to_dict(f)) for f in items]
        data = "\r".join(lines).encode()
        assert [f.id for f in items] == read(io.BytesIO(data))[0]
        long = attrs_evolve_text(items[0], "x" * 200_000)
        assert (["fb-long"], []) == read([json.dumps(dime.to_dict(long)).encode()])

    def test_not_a_source(self) -> None:
        """Something that is neither a path, bytes, a file nor lines is a TypeError."""
        with pytest.raises(TypeError, match="reads a path, bytes, a file or lines"):
            dime.iter_feedback(3)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="lines of str or bytes"):
            list(dime.iter_feedback([3]))  # type: ignore[list-item]

    def test_folder(self, tmp_path: Path) -> None:
        """A folder is a DimeFileError naming it."""
        with pytest.raises(DimeFileError) as info:
            list(dime.iter_feedback(tmp_path))
        assert str(tmp_path) == info.value.filename


def attrs_evolve_text(item: dime.Feedback, text: str) -> dime.Feedback:
    import attrs  # noqa: PLC0415

    return attrs.evolve(item, id="fb-long", text=text, touchpoint=None)


class TestStreamLifetime:
    def test_text_stream_made_on_the_fly(self) -> None:
        """A text stream nobody else holds is kept open until its lines are read."""
        lines = [json.dumps(dime.to_dict(f)) for f in dime.example().feedback[:3]]
        data = "\n".join(lines).encode()
        items = dime.iter_feedback(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        assert [f.id for f in dime.example().feedback[:3]] == [f.id for f in items]
