from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dime
from dime import AREAS, Area, FeedbackFolder, Foundation, Layer, Mindset, Pillar, Practice
from dime.exceptions import DimeError, InvalidFieldError

ROW_ENUMS = (Foundation, Practice, FeedbackFolder, Mindset)
CELLS = [member for enum in ROW_ENUMS for member in enum]

# The grid, word for word as the framework names it.
LABELS = {
    (Pillar.D, Layer.COORDINATION): "Organisational attitudes",
    (Pillar.I, Layer.COORDINATION): "People behaviours",
    (Pillar.M, Layer.COORDINATION): "Knowing and understanding customers",
    (Pillar.E, Layer.COORDINATION): "Increasing the value for customers",
    (Pillar.D, Layer.IMPLEMENTATION): "Employee experience for engagement",
    (Pillar.I, Layer.IMPLEMENTATION): "Customer care for improvement",
    (Pillar.M, Layer.IMPLEMENTATION): "Customer feedback for intelligence",
    (Pillar.E, Layer.IMPLEMENTATION): "Customer experience for innovation",
    (Pillar.D, Layer.REVIEW): "Listening to customers",
    (Pillar.I, Layer.REVIEW): "Insights from customers",
    (Pillar.M, Layer.REVIEW): "Improving with customers",
    (Pillar.E, Layer.REVIEW): "Planning for customers",
    (Pillar.D, Layer.RESPONSIBILITY): "Functional: To correct",
    (Pillar.I, Layer.RESPONSIBILITY): "Operational: To execute",
    (Pillar.M, Layer.RESPONSIBILITY): "Emotional: To analyse",
    (Pillar.E, Layer.RESPONSIBILITY): "Constructive: To grow",
}


class TestPillar:
    def test_wire_values(self) -> None:
        """Pillars are built from their letters, in grid order."""
        assert [Pillar.D, Pillar.I, Pillar.M, Pillar.E] == [Pillar(c) for c in "DIME"]

    def test_words_and_aims(self) -> None:
        """Each pillar knows its word and the framework's aim for it."""
        assert ["Deliberate", "Interactions", "Memorable", "Experiences"] == [
            p.word for p in Pillar
        ]
        assert (
            "Designing total brand experiences at every point of customer contact" == Pillar.E.aim
        )
        assert "Deliberately making customer service part of your business culture" == Pillar.D.aim

    def test_short_repr(self) -> None:
        """The repr is short enough to read in a list."""
        assert "Pillar.M" == repr(Pillar.M)

    @given(st.text() | st.integers() | st.none())
    def test_bad_value_is_a_dime_error(self, value: object) -> None:
        """Anything but a letter raises a DimeError that is also a ValueError."""
        if value in {"D", "I", "M", "E"}:
            return
        with pytest.raises(InvalidFieldError) as info:
            Pillar(value)
        assert isinstance(info.value, ValueError)
        assert "Pillar" in str(info.value)

    def test_ordered_by_column(self) -> None:
        """Pillars sort in grid order."""
        assert [Pillar.D, Pillar.I, Pillar.M, Pillar.E] == sorted(
            [Pillar.E, Pillar.M, Pillar.D, Pillar.I]
        )


class TestLayer:
    def test_wire_values(self) -> None:
        """Layers are built from their lower-case names."""
        assert Layer.REVIEW is Layer("review")
        assert ["coordination", "implementation", "review", "responsibility"] == [
            layer.value for layer in Layer
        ]

    def test_cells_enum(self) -> None:
        """Each layer names the enum of its row."""
        assert list(ROW_ENUMS) == [layer.cells for layer in Layer]

    def test_purpose(self) -> None:
        """Each layer has a one-line purpose."""
        assert all(layer.purpose and "\n" not in layer.purpose for layer in Layer)


class TestArea:
    def test_sixteen_in_grid_order(self) -> None:
        """AREAS holds the sixteen areas row by row."""
        assert 16 == len(set(AREAS))
        assert list(range(16)) == [a.index for a in AREAS]
        assert AREAS == tuple(sorted(AREAS, reverse=True)[::-1])
        assert [Area(p, layer) for layer in Layer for p in Pillar] == list(AREAS)

    def test_labels_word_for_word(self) -> None:
        """Every area carries the framework's own label."""
        assert LABELS == {(a.pillar, a.layer): a.title for a in AREAS}

    def test_repr(self) -> None:
        """The repr names the pillar letter and the layer."""
        assert "Area(D, review)" == repr(Area(Pillar.D, Layer.REVIEW))

    def test_unpacks(self) -> None:
        """An area unpacks into its pillar and layer."""
        pillar, layer = Area(Pillar.M, Layer.REVIEW)
        assert (Pillar.M, Layer.REVIEW) == (pillar, layer)

    def test_rows_and_columns(self) -> None:
        """Each pillar's column and each layer's row hold four areas."""
        for p in Pillar:
            assert [Area(p, layer) for layer in Layer] == list(p.areas)
        for layer in Layer:
            assert [Area(p, layer) for p in Pillar] == list(layer.areas)

    @given(st.sampled_from(["D", "review", 1, None, Layer.REVIEW]))
    def test_wrong_pillar_type(self, value: object) -> None:
        """A pillar that is not a Pillar is refused with a readable message."""
        with pytest.raises(InvalidFieldError) as info:
            Area(value, Layer.REVIEW)  # type: ignore[arg-type]
        assert "$.pillar" == info.value.problems[0].path
        assert isinstance(info.value, TypeError)

    def test_both_fields_reported(self) -> None:
        """Both wrong fields are reported at once."""
        with pytest.raises(InvalidFieldError) as info:
            Area("D", "review")  # type: ignore[arg-type]
        assert ["$.pillar", "$.layer"] == [p.path for p in info.value.problems]
        assert "try Layer('review')" in str(info.value)

    @given(st.sampled_from(AREAS))
    def test_found_by_name(self, area: Area) -> None:
        """An area is found by its title, its short form or its cell's value, in any case."""
        assert area == Area.from_name(area.title)
        assert area == Area.from_name(area.title.upper())
        assert area == Area.from_name(f" {area.pillar.letter}/{area.layer.value} ")
        assert area == Area.from_name(f"{area.pillar.word} / {area.layer.value.title()}")
        assert area == Area.from_name(str(area.cell.value))

    def test_unknown_name(self) -> None:
        """A name that is no area is refused, with the closest titles suggested."""
        with pytest.raises(InvalidFieldError, match="did you mean 'Planning for customers'"):
            Area.from_name("Planing for customers")
        with pytest.raises(InvalidFieldError, match="such as 'D/review'"):
            Area.from_name("X/review")
        with pytest.raises(TypeError):
            Area.from_name(3)  # type: ignore[arg-type]

    def test_compare_with_other_types(self) -> None:
        """Areas do not order against other types."""
        with pytest.raises(TypeError):
            _ = Area(Pillar.D, Layer.REVIEW) < 3

    def test_pickles(self) -> None:
        """Areas survive pickling."""
        assert list(AREAS) == [pickle.loads(pickle.dumps(a)) for a in AREAS]


class TestCells:
    def test_bijection_with_areas(self) -> None:
        """Cell members and areas map one to one, both ways."""
        assert 16 == len(CELLS)
        assert set(AREAS) == {c.area for c in CELLS}
        for cell in CELLS:
            assert cell is cell.area.cell
        for area in AREAS:
            assert area == area.cell.area

    @given(st.sampled_from(CELLS))
    def test_cell_knows_its_place(self, cell: dime.Mindset) -> None:
        """Each cell's pillar, layer and label agree with its area."""
        assert (cell.pillar, cell.layer, cell.label) == (
            cell.area.pillar,
            cell.area.layer,
            cell.area.title,
        )
        assert cell is type(cell).of(cell.pillar)
        assert type(cell) is cell.layer.cells

    def test_wire_values(self) -> None:
        """Folders and mindsets use the wire values of the design."""
        assert ["listening", "insights", "improving", "planning"] == [
            f.value for f in FeedbackFolder
        ]
        assert ["functional", "operational", "emotional", "constructive"] == [
            m.value for m in Mindset
        ]
        assert Mindset.EMOTIONAL is Mindset("emotional")

    def test_mindsets_ordered(self) -> None:
        """Mindsets are ordered functional < operational < emotional < constructive."""
        ordered = [Mindset.FUNCTIONAL, Mindset.OPERATIONAL, Mindset.EMOTIONAL, Mindset.CONSTRUCTIVE]
        assert ordered == sorted([ordered[3], ordered[1], ordered[0], ordered[2]])
        assert Mindset.OPERATIONAL > Mindset.FUNCTIONAL
        assert Mindset.OPERATIONAL >= Mindset.OPERATIONAL
        assert Mindset.OPERATIONAL <= Mindset.EMOTIONAL
        with pytest.raises(TypeError):
            _ = Mindset.FUNCTIONAL < Pillar.D

    def test_mindset_verbs(self) -> None:
        """Each mindset has its word and verb."""
        assert ["To correct", "To execute", "To analyse", "To grow"] == [m.verb for m in Mindset]
        assert ["Functional", "Operational", "Emotional", "Constructive"] == [
            m.word for m in Mindset
        ]

    def test_bad_value(self) -> None:
        """An unknown folder is a DimeError listing the choices."""
        with pytest.raises(DimeError, match="listening"):
            FeedbackFolder("listenning")
