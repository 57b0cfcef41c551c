"""What the checker's modules share: a frozen mapping, severities, signals and argument checks."""

from __future__ import annotations

import enum
import math
import sys
from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from typing import Any, Final, TypeVar, overload

from dime._framework import Layer
from dime._problems import shown
from dime.exceptions import InvalidFieldError, Problem

__all__ = [
    "FLOAT_MAX",
    "REPORT_VERSION",
    "BalanceEnum",
    "FrozenMap",
    "Given",
    "Severity",
    "Signal",
    "frozen",
    "got",
    "is_number",
]

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")

#: The version of the report document (``Report.to_data``, ``dime check --format json``).
REPORT_VERSION: Final = 1

#: The largest float: what an amount too large for a float is shown as.
FLOAT_MAX: Final = sys.float_info.max


class FrozenMap(Mapping[K, V]):
    """A read-only mapping that pickles and copies, for the fields of frozen records.

    >>> m = FrozenMap({"a": 1})
    >>> m["a"], len(m), m == {"a": 1}
    (1, 1, True)
    >>> import copy, pickle
    >>> pickle.loads(pickle.dumps(m)) == copy.deepcopy(m) == m
    True
    """

    __slots__ = ("_data",)

    _data: dict[K, V]

    def __init__(self, data: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._data = dict(data)

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    # The dict's own views and lookups: Mapping's generic ones are written in Python.
    def keys(self) -> KeysView[K]:
        """The keys, as the underlying dict's view."""
        return self._data.keys()

    def values(self) -> ValuesView[V]:
        """The values, as the underlying dict's view."""
        return self._data.values()

    def items(self) -> ItemsView[K, V]:
        """The items, as the underlying dict's view."""
        return self._data.items()

    @overload
    def get(self, key: K, /) -> V | None: ...
    @overload
    def get(self, key: K, default: V | T, /) -> V | T: ...
    def get(self, key: K, default: object = None, /) -> object:
        """The value for ``key``, or ``default``."""
        return self._data.get(key, default)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (self._data,))


def frozen(value: object) -> object:
    """A field converter: mappings become :class:`FrozenMap`; anything else is left to validate."""
    if isinstance(value, FrozenMap):
        return value
    if isinstance(value, Mapping):
        return FrozenMap(value)
    return value


def _no_such_member(cls: type[enum.Enum], value: object) -> InvalidFieldError:
    choices = ", ".join(repr(m.value) for m in cls)
    return InvalidFieldError(
        [Problem(cls.__name__, f"{value!r} is not a {cls.__name__}; expected one of {choices}")]
    )


class BalanceEnum(enum.Enum):
    """An enum whose value is its wire form, with a short repr and clear errors."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    @classmethod
    def _missing_(cls, value: object) -> Any:  # noqa: ANN401 - Enum's own signature
        raise _no_such_member(cls, value)


class Severity(BalanceEnum):
    """How serious a finding is; severities compare, ``ERROR`` the highest.

    >>> from dime import Severity
    >>> Severity.ERROR > Severity.WARNING > Severity.INFO
    True
    >>> Severity("warning")
    Severity.WARNING
    >>> max([Severity.INFO, Severity.ERROR])
    Severity.ERROR
    """

    #: Part of the framework is missing or becoming non-existent.
    ERROR = "error"
    #: Part of the framework is out of balance and needs attention.
    WARNING = "warning"
    #: Worth knowing; nothing is wrong yet.
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for ``ERROR``, 1 for ``WARNING``, 0 for ``INFO``."""
        return _RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank


_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


class Signal(BalanceEnum):
    """What the checker balances: each layer in its own unit, the touchpoints, the assessments.

    Each of the four layers is measured by the evidence it is made of
    (:attr:`unit`): the coordination and implementation layers by the effort
    of their initiatives, the review layer by the feedback filed in its
    folders, the responsibility layer by the share of time of the people
    holding each mindset.  The touchpoints are balanced by the pillars they
    serve (the Interactions, Memorable and Experiences pillars: customers
    meet the Deliberate pillar through the other three) and the assessments
    by their latest scores.

    >>> import dime
    >>> dime.Signal.REVIEW.unit
    'feedback items filed'
    >>> dime.Signal.of(dime.Layer.RESPONSIBILITY)
    Signal.RESPONSIBILITY
    >>> dime.Signal.TOUCHPOINTS.layer is None
    True
    """

    #: The effort of the initiatives in the coordination layer (the four foundations).
    COORDINATION = "coordination"
    #: The effort of the initiatives in the implementation layer.
    IMPLEMENTATION = "implementation"
    #: The feedback filed in each of the four folders.
    REVIEW = "review"
    #: The share of time of the people holding each of the four mindsets.
    RESPONSIBILITY = "responsibility"
    #: The touchpoints serving each pillar customers meet (I, M and E).
    TOUCHPOINTS = "touchpoints"
    #: The latest assessment score of each area.
    ASSESSMENTS = "assessments"

    @property
    def layer(self) -> Layer | None:
        """The layer this signal measures, or None for touchpoints and assessments."""
        return _SIGNAL_LAYER.get(self)

    @property
    def unit(self) -> str:
        """What the signal counts, in a few words."""
        return _SIGNAL_UNIT[self]

    @classmethod
    def of(cls, layer: Layer) -> Signal:
        """The signal that measures ``layer``."""
        return _LAYER_SIGNAL[layer]


_SIGNAL_LAYER = {
    Signal.COORDINATION: Layer.COORDINATION,
    Signal.IMPLEMENTATION: Layer.IMPLEMENTATION,
    Signal.REVIEW: Layer.REVIEW,
    Signal.RESPONSIBILITY: Layer.RESPONSIBILITY,
}
_LAYER_SIGNAL = {layer: signal for signal, layer in _SIGNAL_LAYER.items()}
_SIGNAL_UNIT = {
    Signal.COORDINATION: "effort",
    Signal.IMPLEMENTATION: "effort",
    Signal.REVIEW: "feedback items filed",
    Signal.RESPONSIBILITY: "share of holders' time",
    Signal.TOUCHPOINTS: "touchpoints serving the pillar",
    Signal.ASSESSMENTS: "latest score",
}


class Given:
    """A record's fields, typed as anything: validation checks what callers really passed."""

    __slots__ = ("_inst",)

    def __init__(self, inst: object) -> None:
        self._inst = inst

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - anything a caller passed
        return getattr(self._inst, name)


def got(value: object) -> str:
    """``got <repr> (<type>)``, with long values (and integers too long to print) cut short."""
    return f"got {shown(value)} ({type(value).__name__})"


def is_number(value: object) -> bool:
    """Whether ``value`` is a finite int or float (not a bool) that a float can hold."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False
