"""Benchmark: how much ``import dime`` costs beyond ``import attrs``.

Run with ``python bench/bench_import.py [ROUNDS]``.  Each round starts a fresh
interpreter for each of ``import attrs``, ``import dime`` and ``dime --version``
(as ``python -m dime --version``), in turn, and reads the time Python's own
``-X importtime`` gives the top-level import (for the command, the wall time of
the whole process).  Each figure is the median of the rounds, with the fastest
and the slowest beside it.  The garbage collector is at its default (enabled)
in every interpreter, and bytecode is cached, as after an installation: the
interpreters may write ``__pycache__`` (whatever ``PYTHONDONTWRITEBYTECODE``
says here), and a first, untimed round writes it.  The target: ``import dime``
at most ``import attrs`` + 20 ms.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def import_time(module: str) -> float:
    """Seconds ``-X importtime`` reports for importing ``module`` in a fresh interpreter."""
    result = subprocess.run(  # noqa: S603 - our own interpreter, our own code
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
        env=ENV,
    )
    last = [line for line in result.stderr.splitlines() if line.endswith(f"| {module}")][-1]
    return int(last.split("|")[1]) / 1e6


def command_time() -> float:
    """Wall seconds of ``python -m dime --version``, start to exit."""
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "dime", "--version"],
        capture_output=True,
        check=True,
        text=True,
        env=ENV,
    )
    return time.perf_counter() - t0


def shown(times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return f"{statistics.median(ms):6.1f} ms ({min(ms):.1f}-{max(ms):.1f})"


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    attrs_times: list[float] = []
    dime_times: list[float] = []
    command: list[float] = []
    import_time("dime")  # writes the bytecode caches
    command_time()
    for _ in range(rounds):
        attrs_times.append(import_time("attrs"))
        dime_times.append(import_time("dime"))
        command.append(command_time())
    extra = [d - a for a, d in zip(attrs_times, dime_times, strict=True)]
    print(f"python {sys.version.split()[0]}, {rounds} interleaved rounds, gc enabled (default)")
    print()
    print("| measure | median (fastest-slowest) |")
    print("| --- | ---: |")
    print(f"| import attrs | {shown(attrs_times)} |")
    print(f"| import dime | {shown(dime_times)} |")
    print(f"| import dime - import attrs, same round | {shown(extra)} |")
    print(f"| python -m dime --version, whole process | {shown(command)} |")


if __name__ == "__main__":
    main()
