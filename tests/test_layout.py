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

# Underscore names that still cross a module boundary, to be given plain names: none today.
# An entry is "path/of/module.py: dime.module._name", as crossings() reports it.
CROSSING_ALLOWED: frozenset[str] = frozenset()


def is_module(package: str, name: str) -> bool:
    """Whether ``package.name`` is a module or package of the source tree."""
    folder = SOURCE.parent.joinpath(*package.split("."))
    return (folder / f"{name}.py").exists() or (folder / name / "__init__.py").exists()


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def crossings(source: str, where: str) -> list[str]:
    """Each underscore name of another module that ``source`` imports or reads as an attribute.

    ``from dime._x import _y`` (unless ``_y`` is a module) and ``_x._y`` or
    ``dime._x._y`` (where ``_x`` is a module of the package bound by an import)
    both count; private modules themselves are fine to import.
    """
    tree = ast.parse(source)
    modules, found = imported(tree, where)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and private(node.attr)):
            continue
        chain, value = [], node.value
        while isinstance(value, ast.Attribute):
            chain.append(value.attr)
            value = value.value
        if isinstance(value, ast.Name) and value.id in modules:
            module = ".".join([modules[value.id], *reversed(chain)])
            if not is_module(module, node.attr):
                found.append(f"{where}: {module}.{node.attr}")
    return found


def imported(tree: ast.Module, where: str) -> tuple[dict[str, str], list[str]]:
    """The package's modules bound to names by imports, and the underscore names imported."""
    found = []
    modules: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dime"):
            package = node.module or ""
            for alias in node.names:
                if is_module(package, alias.name):
                    modules[alias.asname or alias.name] = f"{package}.{alias.name}"
                elif private(alias.name):
                    found.append(f"{where}: {package}.{alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "dime":
                    modules[alias.asname or "dime"] = alias.name if alias.asname else "dime"
    return modules, found


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

    @pytest.mark.parametrize(
        "path", sorted(SOURCE.rglob("*.py")), ids=lambda p: p.relative_to(SOURCE).as_posix()
    )
    def test_no_underscore_name_crosses_a_module(self, path: Path) -> None:
        """A module reads only plain names from the package's other modules."""
        where = path.relative_to(SOURCE.parent).as_posix()
        found = crossings(path.read_text(encoding="utf-8"), where)
        assert [] == [c for c in found if c not in CROSSING_ALLOWED]

    def test_the_check_finds_crossings(self) -> None:
        """Imported underscore names and underscore attributes of modules are found; modules not."""
        source = (
            "from dime._wire import _secret, WireError\n"
            "from dime import _serialization\n"
            "from dime._balance import _tally\n"
            "import dime._fields as fields\n"
            "_serialization._hidden()\n"
            "fields._also.__name__\n"
            "_tally.Tally\n"
        )
        assert {
            "m.py: dime._wire._secret",
            "m.py: dime._serialization._hidden",
            "m.py: dime._fields._also",
        } == set(crossings(source, "m.py"))


class TestFormatPage:
    def test_field_tables_are_current(self) -> None:
        """docs/format.md holds the field and value tables the record classes generate."""
        page = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
        for name, table in field_tables().items():
            assert f"<!-- {name} -->\n{table}\n<!-- /" in page, (
                f"regenerate the tables: {name} (see docs/layout.md)"
            )
