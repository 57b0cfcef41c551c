"""The ``dime`` command line."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from typing import TYPE_CHECKING

from dime._example import example
from dime._framework import Layer, Pillar

if TYPE_CHECKING:
    from collections.abc import Sequence

    from dime._model import Framework


def _grid_text() -> str:
    width = 36
    lines = ["".ljust(16) + "".join(f"{p.letter}: {p.word}".ljust(width) for p in Pillar)]
    for layer in Layer:
        cells = [a.title.ljust(width) for a in layer.areas]
        lines.append(layer.title.ljust(16) + "".join(cells))
    return "\n".join(line.rstrip() for line in lines)


def _summary(fw: Framework) -> str:
    work = Counter(i.area for i in fw.initiatives)
    folders = Counter(f.folder for f in fw.feedback)
    lines = [repr(fw), "", "Initiatives per area:"]
    lines += [
        f"  {a.pillar.letter} {a.layer.value:<15} {a.title:<40} {work[a]:>4}" for a in sorted(work)
    ]
    lines += ["", "Feedback per folder:"]
    lines += [
        f"  {'(not filed)' if f is None else f.label:<40} {n:>5}"
        for f, n in sorted(folders.items(), key=lambda kv: -kv[1])
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``dime`` command and return its exit code."""
    parser = argparse.ArgumentParser(prog="dime", description="The DIME framework.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="show the built-in example organisation")
    sub.add_parser("grid", help="show the framework grid")
    args = parser.parse_args(argv)
    if args.command == "grid":
        print(_grid_text())
    else:
        print(_grid_text())
        print()
        print(_summary(example()))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
