"""Importing dime stays light: the checker, the converter and the renderers load on first use."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

import dime


def loaded_after(code: str) -> set[str]:
    """The modules of interest that are loaded after running ``code`` in a fresh interpreter."""
    probe = textwrap.dedent(
        """
        import sys
        {code}
        names = ("cattrs", "json", "orjson")
        print(" ".join(m for m in sys.modules if m in names or m.startswith("dime.")))
        """
    ).format(code=code)
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


class TestLazyImport:
    def test_import_loads_only_the_grid(self) -> None:
        """`import dime` loads the grid, not the records, cattrs, json, the checker or the renderers."""
        assert {
            "dime._fields",
            "dime._framework",
            "dime._problems",
            "dime._wire",
            "dime.exceptions",
        } == loaded_after("import dime")

    def test_a_record_loads_the_model_alone(self) -> None:
        """The first record class asked for loads the model, and nothing more."""
        loaded = loaded_after("from dime import Feedback")
        assert "dime._model" in loaded
        assert not any(
            m.startswith(("dime._balance", "dime._render", "dime._converter")) for m in loaded
        )

    def test_reading_loads_the_converter(self) -> None:
        """Reading a document loads cattrs and the converter, and still not the checker."""
        loaded = loaded_after(
            'import dime; dime.loads(\'{"dime": 1, "framework": {"name": "x"}}\')'
        )
        assert {"cattrs", "json", "dime._converter", "dime._serialization"} <= loaded
        assert not any(m.startswith(("dime._balance", "dime._render")) for m in loaded)

    def test_writing_needs_no_converter(self) -> None:
        """Writing a document uses the writers alone: cattrs stays unloaded."""
        loaded = loaded_after("import dime; dime.dumps(dime.Framework(name='x'))")
        assert "dime._unstructure" in loaded
        assert "cattrs" not in loaded

    @pytest.mark.parametrize("name", sorted(dime.__all__))
    def test_every_public_name_is_there(self, name: str) -> None:
        """Every name in __all__ is an attribute of the package, loaded or not."""
        assert getattr(dime, name) is not None
        assert name in dir(dime)

    def test_unknown_names_are_refused(self) -> None:
        """A name that dime does not have raises AttributeError."""
        with pytest.raises(AttributeError, match="no_such_name"):
            _ = dime.no_such_name

    def test_version_of_the_distribution(self) -> None:
        """The version comes from the installed distribution, dime-cx."""
        from importlib.metadata import version  # noqa: PLC0415

        assert version("dime-cx") == dime.__version__
