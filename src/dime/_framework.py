"""The DIME framework itself: pillars, layers and the sixteen areas of the grid.

This module is reference data only; it holds no user state.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, Final, TypeAlias

import attrs

from dime._fields import Model, WireEnum
from dime._problems import shown
from dime.exceptions import InvalidFieldError, Problem

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "AREAS",
    "Area",
    "Cell",
    "FeedbackFolder",
    "Foundation",
    "Layer",
    "Mindset",
    "Pillar",
    "Practice",
]


class Pillar(WireEnum):
    """One of the four pillars, the columns of the grid.

    The value is the pillar's letter, which is also its wire form.

    >>> Pillar("M")
    Pillar.M
    >>> Pillar.M.word
    'Memorable'
    >>> Pillar.M.aim
    'Leaving positive memories with customers'
    >>> [p.letter for p in Pillar]
    ['D', 'I', 'M', 'E']
    """

    #: Deliberate: making customer service part of the business culture.
    D = "D"
    #: Interactions: human connections through customer-service interactions.
    I = "I"  # noqa: E741
    #: Memorable: leaving positive memories with customers.
    M = "M"
    #: Experiences: total brand experiences at every point of contact.
    E = "E"

    @property
    def letter(self) -> str:
        """The pillar's letter: ``"D"``, ``"I"``, ``"M"`` or ``"E"``."""
        return str(self.value)

    @property
    def word(self) -> str:
        """The word the letter stands for, such as ``"Deliberate"``."""
        return _PILLAR_WORDS[self]

    @property
    def aim(self) -> str:
        """What the pillar aims at, in the framework's own words."""
        return _PILLAR_AIMS[self]

    @property
    def index(self) -> int:
        """The pillar's column in the grid, from 0 (D) to 3 (E)."""
        return _PILLAR_INDEX[self]

    @property
    def areas(self) -> tuple[Area, ...]:
        """The four areas of this pillar's column, from coordination down.

        >>> Pillar.D.areas[0]
        Area(D, coordination)
        """
        return tuple(a for a in AREAS if a.pillar is self)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Pillar):
            return NotImplemented
        return self.index < other.index


_PILLAR_WORDS = {
    Pillar.D: "Deliberate",
    Pillar.I: "Interactions",
    Pillar.M: "Memorable",
    Pillar.E: "Experiences",
}
_PILLAR_AIMS = {
    Pillar.D: "Deliberately making customer service part of your business culture",
    Pillar.I: "Developing human connections through customer service interactions",
    Pillar.M: "Leaving positive memories with customers",
    Pillar.E: "Designing total brand experiences at every point of customer contact",
}
_PILLAR_INDEX = {p: i for i, p in enumerate(Pillar)}


class Layer(WireEnum):
    """One of the four layers, the rows of the grid.

    >>> Layer("review")
    Layer.REVIEW
    >>> Layer.REVIEW.title
    'Review'
    >>> Layer.REVIEW.purpose
    'Folders for incoming feedback'
    >>> Layer.REVIEW.cells
    <enum 'FeedbackFolder'>
    """

    #: The foundations: sort what you know.
    COORDINATION = "coordination"
    #: What you do that leads to success.
    IMPLEMENTATION = "implementation"
    #: Folders for incoming feedback.
    REVIEW = "review"
    #: Mindsets of the people who own the work.
    RESPONSIBILITY = "responsibility"

    @property
    def title(self) -> str:
        """The layer's name with a capital letter, such as ``"Coordination"``."""
        return str(self.value).capitalize()

    @property
    def purpose(self) -> str:
        """One line on what the layer is for."""
        return _LAYER_PURPOSES[self]

    @property
    def index(self) -> int:
        """The layer's row in the grid, from 0 (coordination) to 3 (responsibility)."""
        return _LAYER_INDEX[self]

    @property
    def cells(self) -> type[Cell]:
        """The enum whose members are this layer's four areas."""
        return _LAYER_CELLS[self]

    @property
    def areas(self) -> tuple[Area, ...]:
        """The four areas of this layer's row, from D to E.

        >>> [a.title for a in Layer.RESPONSIBILITY.areas][:2]
        ['Functional: To correct', 'Operational: To execute']
        """
        return tuple(a for a in AREAS if a.layer is self)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Layer):
            return NotImplemented
        return self.index < other.index


_LAYER_PURPOSES = {
    Layer.COORDINATION: "The foundations: sort what you know",
    Layer.IMPLEMENTATION: "What you do that leads to success",
    Layer.REVIEW: "Folders for incoming feedback",
    Layer.RESPONSIBILITY: "Mindsets of the people who own it",
}
_LAYER_INDEX = {layer: i for i, layer in enumerate(Layer)}


class _CellEnum(WireEnum):
    """A row of the grid: each member is one area."""

    @property
    def label(self) -> str:
        """The area's label, word for word as the framework names it."""
        return _LABELS[self.area]

    @property
    def pillar(self) -> Pillar:
        """The pillar (column) of this cell."""
        return _CELL_PILLAR[self]

    @property
    def layer(self) -> Layer:
        """The layer (row) of this cell."""
        return _CELL_LAYER[type(self)]

    @property
    def area(self) -> Area:
        """This cell as an :class:`Area`."""
        return _CELL_AREA[self]

    @classmethod
    def of(cls, pillar: Pillar) -> Any:  # noqa: ANN401 - the subclass member
        """The member of this row in ``pillar``'s column."""
        return _MEMBER_BY_AREA[Area(pillar, _CELL_LAYER[cls])]


class Foundation(_CellEnum):
    """The coordination row: the four foundations.

    >>> Foundation.KNOWING_CUSTOMERS.label
    'Knowing and understanding customers'
    >>> Foundation.KNOWING_CUSTOMERS.area
    Area(M, coordination)
    >>> Foundation.of(Pillar.D)
    Foundation.ORGANISATIONAL_ATTITUDES
    """

    #: D: "Organisational attitudes".
    ORGANISATIONAL_ATTITUDES = "organisational_attitudes"
    #: I: "People behaviours".
    PEOPLE_BEHAVIOURS = "people_behaviours"
    #: M: "Knowing and understanding customers".
    KNOWING_CUSTOMERS = "knowing_customers"
    #: E: "Increasing the value for customers".
    INCREASING_VALUE = "increasing_value"


class Practice(_CellEnum):
    """The implementation row: what the organisation does that leads to success.

    >>> Practice.CUSTOMER_FEEDBACK.label
    'Customer feedback for intelligence'
    >>> Practice("customer_care").pillar
    Pillar.I
    """

    #: D: "Employee experience for engagement".
    EMPLOYEE_EXPERIENCE = "employee_experience"
    #: I: "Customer care for improvement".
    CUSTOMER_CARE = "customer_care"
    #: M: "Customer feedback for intelligence".
    CUSTOMER_FEEDBACK = "customer_feedback"
    #: E: "Customer experience for innovation".
    CUSTOMER_EXPERIENCE = "customer_experience"


class FeedbackFolder(_CellEnum):
    """The review row: the four folders incoming feedback is filed in.

    >>> FeedbackFolder("listening").label
    'Listening to customers'
    >>> FeedbackFolder.PLANNING.area
    Area(E, review)
    """

    #: D: "Listening to customers".
    LISTENING = "listening"
    #: I: "Insights from customers".
    INSIGHTS = "insights"
    #: M: "Improving with customers".
    IMPROVING = "improving"
    #: E: "Planning for customers".
    PLANNING = "planning"


class Mindset(_CellEnum):
    """The responsibility row: the mindsets of the people who own the work.

    Mindsets are ordered, each building on the ones before it:
    functional < operational < emotional < constructive.

    >>> Mindset.EMOTIONAL.label
    'Emotional: To analyse'
    >>> Mindset.EMOTIONAL.verb
    'To analyse'
    >>> Mindset.FUNCTIONAL < Mindset.CONSTRUCTIVE
    True
    >>> sorted([Mindset.CONSTRUCTIVE, Mindset.FUNCTIONAL])
    [Mindset.FUNCTIONAL, Mindset.CONSTRUCTIVE]
    """

    #: D: "Functional: To correct".
    FUNCTIONAL = "functional"
    #: I: "Operational: To execute".
    OPERATIONAL = "operational"
    #: M: "Emotional: To analyse".
    EMOTIONAL = "emotional"
    #: E: "Constructive: To grow".
    CONSTRUCTIVE = "constructive"

    @property
    def word(self) -> str:
        """The mindset's name, such as ``"Emotional"``."""
        return self.label.partition(":")[0]

    @property
    def verb(self) -> str:
        """What the mindset does, such as ``"To analyse"``."""
        return self.label.partition(": ")[2]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Mindset):
            return NotImplemented
        return self.pillar.index < other.pillar.index

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Mindset):
            return NotImplemented
        return self.pillar.index <= other.pillar.index

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Mindset):
            return NotImplemented
        return self.pillar.index > other.pillar.index

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Mindset):
            return NotImplemented
        return self.pillar.index >= other.pillar.index


#: Any member of the four row enums: one cell of the grid.
Cell: TypeAlias = Foundation | Practice | FeedbackFolder | Mindset

_LAYER_CELLS: dict[Layer, type[Cell]] = {
    Layer.COORDINATION: Foundation,
    Layer.IMPLEMENTATION: Practice,
    Layer.REVIEW: FeedbackFolder,
    Layer.RESPONSIBILITY: Mindset,
}


@attrs.frozen(order=False)
class Area(Model):
    """One of the sixteen areas: a pillar (column) in a layer (row).

    >>> area = Area(Pillar.D, Layer.REVIEW)
    >>> area
    Area(D, review)
    >>> area.title
    'Listening to customers'
    >>> area.cell
    FeedbackFolder.LISTENING
    >>> area.cell.area == area
    True

    Areas sort in grid order, row by row:

    >>> sorted([Area(Pillar.I, Layer.COORDINATION), Area(Pillar.D, Layer.REVIEW)])
    [Area(I, coordination), Area(D, review)]

    Args:
        pillar: The pillar (column).
        layer: The layer (row).
    """

    pillar: Pillar
    layer: Layer

    @classmethod
    def from_name(cls, name: str) -> Area:
        """Find an area by its title or a short form.

        ``name`` may be the area's title (``"Listening to customers"``), its
        pillar and layer as ``"D/review"`` (the pillar's letter or word, then
        the layer), or its cell's value (``"listening"``).  Case and white
        space around it do not matter.

        Raises:
            InvalidFieldError: No area has that name; the message suggests
                the closest titles.

        >>> Area.from_name("D/review")
        Area(D, review)
        >>> Area.from_name("listening to customers")
        Area(D, review)
        >>> Area.from_name("Memorable / Responsibility").title
        'Emotional: To analyse'
        >>> Area.from_name("Listning to customers")
        Traceback (most recent call last):
          ...
        dime.exceptions.InvalidFieldError: 1 problem in the area name:
          $: 'Listning to customers' is not an area; did you mean 'Listening to customers'?
        """
        if not isinstance(name, str):
            raise InvalidFieldError.of(
                [
                    Problem(
                        "$",
                        f"expected an area's name, a string, got {shown(name)}",
                        wrong_type=True,
                    )
                ],
                about="the area name",
            )
        key = " ".join(name.split()).casefold()
        found = _AREA_NAMES.get(key.replace(" / ", "/"))
        if found is not None:
            return found
        import difflib  # noqa: PLC0415 - only to explain a miss

        titles = [a.title for a in AREAS]
        close = difflib.get_close_matches(name.strip(), titles, n=2, cutoff=0.8)
        hint = (
            " or ".join(repr(t) for t in close).join(("; did you mean ", "?"))
            if close
            else "; expected a title such as 'Listening to customers' or a short form such as 'D/review'"
        )
        raise InvalidFieldError.of(
            [Problem("$", f"{shown(name)} is not an area{hint}")], about="the area name"
        )

    def __repr__(self) -> str:
        return f"Area({self.pillar.value}, {self.layer.value})"

    @property
    def index(self) -> int:
        """The area's place in grid order, from 0 to 15."""
        return self.layer.index * 4 + self.pillar.index

    @property
    def title(self) -> str:
        """The area's label, word for word as the framework names it."""
        return _LABELS[self]

    @property
    def cell(self) -> Cell:
        """This area as a member of its row's enum (a :class:`Foundation`, ...)."""
        return _MEMBER_BY_AREA[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Area):
            return NotImplemented
        return self.index < other.index

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Area):
            return NotImplemented
        return self.index <= other.index

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Area):
            return NotImplemented
        return self.index > other.index

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Area):
            return NotImplemented
        return self.index >= other.index

    def __iter__(self) -> Iterator[Pillar | Layer]:
        """Unpack as ``pillar, layer = area``."""
        yield self.pillar
        yield self.layer

    def _repr_html_(self) -> str:
        """The area in the grid, as HTML for notebooks."""
        from dime._render import area_html  # noqa: PLC0415 - rendering loads only when shown

        return area_html(self)

    def _repr_markdown_(self) -> str:
        """The area's label, pillar and layer, as Markdown for notebooks."""
        from dime._render import area_markdown  # noqa: PLC0415 - rendering loads only when shown

        return area_markdown(self)


#: The sixteen areas in grid order: the coordination row from D to E, then
#: implementation, review and responsibility.
def _known_area(pillar: Pillar, layer: Layer) -> Area:
    """An area of known members, made without its check: importing dime compiles none."""
    area = object.__new__(Area)
    object.__setattr__(area, "pillar", pillar)
    object.__setattr__(area, "layer", layer)
    return area


AREAS: tuple[Area, ...] = tuple(_known_area(p, layer) for layer in Layer for p in Pillar)

_GRID_LABELS = {
    Layer.COORDINATION: (
        "Organisational attitudes",
        "People behaviours",
        "Knowing and understanding customers",
        "Increasing the value for customers",
    ),
    Layer.IMPLEMENTATION: (
        "Employee experience for engagement",
        "Customer care for improvement",
        "Customer feedback for intelligence",
        "Customer experience for innovation",
    ),
    Layer.REVIEW: (
        "Listening to customers",
        "Insights from customers",
        "Improving with customers",
        "Planning for customers",
    ),
    Layer.RESPONSIBILITY: (
        "Functional: To correct",
        "Operational: To execute",
        "Emotional: To analyse",
        "Constructive: To grow",
    ),
}
_LABELS: dict[Area, str] = {a: _GRID_LABELS[a.layer][a.pillar.index] for a in AREAS}
_CELL_LAYER: dict[type[enum.Enum], Layer] = {v: k for k, v in _LAYER_CELLS.items()}
_MEMBER_BY_AREA: dict[Area, Cell] = {}
_CELL_AREA: dict[_CellEnum, Area] = {}
_CELL_PILLAR: dict[_CellEnum, Pillar] = {}
for _layer, _cells in _LAYER_CELLS.items():
    for _pillar, _member in zip(Pillar, _cells, strict=True):
        _area = AREAS[_layer.index * 4 + _pillar.index]
        _MEMBER_BY_AREA[_area] = _member  # type: ignore[assignment]
        _CELL_AREA[_member] = _area
        _CELL_PILLAR[_member] = _pillar
del _layer, _cells, _pillar, _member, _area
_AREA_NAMES: Final[dict[str, Area]] = {}
for _area in AREAS:
    for _pillar_name in (_area.pillar.letter, _area.pillar.word):
        _AREA_NAMES[f"{_pillar_name}/{_area.layer.value}".casefold()] = _area
    _AREA_NAMES[_area.title.casefold()] = _area
    _AREA_NAMES[str(_area.cell.value).casefold()] = _area
del _area, _pillar_name
