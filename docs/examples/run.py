"""Run the example notebooks top to bottom with a real Jupyter kernel.

Usage: ``python docs/examples/run.py [NOTEBOOK ...]`` (default: every notebook
beside this file), after ``pip install --group notebook -e .``.

Fails (exit status 1) if any cell raises, or if a cell tagged ``heatmap``
shows no rendered HTML (a ``text/html`` output holding the grid's table).
Nothing is written back: the notebooks stay without outputs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TIMEOUT = 300  # seconds per cell


def html_outputs(cell: Any) -> list[str]:  # noqa: ANN401 - an nbformat node
    """The text/html outputs a code cell displayed."""
    found = []
    for output in cell.get("outputs", []):
        if output.get("output_type") in {"execute_result", "display_data"}:
            html = output.get("data", {}).get("text/html")
            if html:
                found.append(html if isinstance(html, str) else "".join(html))
    return found


def run(path: Path) -> list[str]:
    """Execute one notebook; return what is wrong with it (nothing when it passed)."""
    import nbformat  # noqa: PLC0415 - only this script needs the notebook group
    from nbclient import NotebookClient  # noqa: PLC0415
    from nbclient.exceptions import CellExecutionError  # noqa: PLC0415

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as error:
        return [f"a cell raised an error:\n{error}"]
    problems = []
    heatmaps = [c for c in notebook.cells if "heatmap" in c.get("metadata", {}).get("tags", [])]
    if not heatmaps:
        problems.append("no cell is tagged 'heatmap'")
    for cell in heatmaps:
        number = notebook.cells.index(cell) + 1
        shown = html_outputs(cell)
        if not shown:
            problems.append(f"cell {number} (a heatmap) shows no text/html output")
        elif not any("<table" in html or "<svg" in html for html in shown):
            problems.append(f"cell {number} (a heatmap) shows HTML without a table or picture")
    return problems


def main(argv: list[str]) -> int:
    """Run the notebooks named in ``argv`` (default: all beside this file)."""
    paths = [Path(a) for a in argv] or sorted(HERE.glob("*.ipynb"))
    failed = 0
    for path in paths:
        problems = run(path)
        status = "ok" if not problems else "FAILED"
        sys.stdout.write(f"{path.name}: {status}\n")
        for problem in problems:
            sys.stdout.write(f"  {problem}\n")
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
