"""The code's layout: the layers the docs describe are those import-linter enforces."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from dime._schema import field_tables

ROOT = Path(__file__).parent.parent
SOURCE = ROOT / "src" / "dime"

# The modules that share what they have only under plain names: the grid, the model,
# the format and the serialisers, the strategies and the package's face.
PLAIN_NAMES_ONLY = (
    "__init__.py",
    "exceptions.py",
    "strategies.py",
    "_problems.py",
    "_wire.py",
    "_fields.py",
    "_framework.py",
    "_model.py",
    "_unstructure.py",
    "_converter.py",
    "_schema.py",
    "_serialization.py",
)


def contract_layers() -> list[set[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return [{m.strip() for m in layer.split("|")} for layer in contract["layers"]]


def documented_layers() -> list[set[str]]:
    page = (ROOT / "docs" / "layout.md").read_text(encoding="utf-8")
    table = page.split("<!-- layers -->", 1)[1].split("<!-- /layers -->", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("|")][2:]
    return [set(re.findall(r"`(dime[.\w]*)`", row.split("|")[2])) for row in rows]


class TestLayout:
    def test_the_docs_show_the_enforced_layers(self) -> None:
        """docs/layout.md lists the layers of the import-linter contract, in its order."""
        assert contract_layers() == documented_layers()

    def test_every_module_is_in_a_layer(self) -> None:
        """Every top-level module of the package belongs to one layer."""
        modules = {
            f"dime.{p.stem if p.is_file() else p.name}"
            for p in SOURCE.iterdir()
            if (p.suffix == ".py" and p.stem not in ("__init__", "__main__"))
            or (p / "__init__.py").exists()
        }
        assert modules == set().union(*contract_layers())

    @pytest.mark.parametrize("name", PLAIN_NAMES_ONLY)
    def test_no_underscore_name_crosses_a_module(self, name: str) -> None:
        """A module imports only plain names from the package's other modules."""
        tree = ast.parse((SOURCE / name).read_text(encoding="utf-8"))
        crossing = [
            f"{node.module}.{alias.name}"
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dime")
            for alias in node.names
            if alias.name.startswith("_")
            and not (SOURCE / f"{alias.name}.py").exists()
            and not (SOURCE / alias.name).is_dir()
        ]
        assert [] == crossing


class TestFormatPage:
    def test_field_tables_are_current(self) -> None:
        """docs/format.md holds the field and value tables the record classes generate."""
        page = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
        for name, table in field_tables().items():
            assert f"<!-- {name} -->\n{table}\n<!-- /" in page, (
                f"regenerate the tables: {name} (see docs/layout.md)"
            )
