"""Documents generated from a JSON Schema by hypothesis-jsonschema, on today's Hypothesis.

hypothesis-jsonschema 0.23 draws the members of arrays and objects through
``hypothesis.internal.conjecture.utils.many`` by calling its ``more()`` method,
which Hypothesis has since replaced with iteration.  :func:`from_schema` gives
the plugin (and only the plugin) a ``many`` with that method, written in terms
of the new protocol, then hands the schema to it.  With a Hypothesis that
still has ``more()``, nothing is changed.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

__all__ = ["from_schema"]


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Hypothesis-jsonschema's strategy for ``schema``, runnable on the installed Hypothesis."""
    from hypothesis_jsonschema import from_schema as generate  # noqa: PLC0415

    _legacy_many()
    return generate(schema)


def _legacy_many() -> None:
    import hypothesis.internal.conjecture.utils as cu  # noqa: PLC0415
    import hypothesis_jsonschema._from_schema as generator  # noqa: PLC0415

    if hasattr(cu.many, "more") or isinstance(vars(generator)["cu"], _Utils):
        return
    vars(generator)["cu"] = _Utils(cu)


class _Many:
    """The old ``many(...).more()`` protocol over the new iterator protocol."""

    def __init__(self, many: Any) -> None:
        self.many = many
        self.many.__enter__()
        self.elements = iter(self.many)

    def more(self) -> bool:
        if next(self.elements, StopIteration) is StopIteration:
            self.many.__exit__(None, None, None)
            return False
        return True

    def reject(self, why: object = None) -> None:
        del why
        self.many.reject()


class _Utils:
    """Hypothesis's conjecture utilities, with ``many`` giving the old protocol."""

    def __init__(self, utils: Any) -> None:
        self.utils = utils

    def many(self, data: Any, min_size: int, max_size: float, average_size: float) -> _Many:
        return _Many(
            self.utils.many(data, min_size=min_size, max_size=max_size, average_size=average_size)
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self.utils, name)
