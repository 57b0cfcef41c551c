from __future__ import annotations

import subprocess
import sys

import dime
from dime import Mindset, Pillar, Stage


class TestExample:
    def test_same_every_call(self) -> None:
        """The example is the same object every call, and equal to a fresh build."""
        assert dime.example() is dime.example()
        fresh = dime.example.__wrapped__()
        assert dime.example() == fresh

    def test_deterministic_across_processes(self) -> None:
        """Another interpreter builds exactly the same feedback."""
        code = "import dime; print(hash(tuple((f.id, f.received.isoformat(), f.text) for f in dime.example().feedback)) & 0xFFFF, len(dime.example().feedback))"
        env_a = {"PYTHONHASHSEED": "1"}
        out = [
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env_a
            ).stdout
            for _ in range(2)
        ]
        assert out[0] == out[1]
        assert out[0].split()[1] == "3200"

    def test_size(self) -> None:
        """A mid-sized business: departments, 20+ touchpoints, 40+ initiatives, thousands of feedback."""
        fw = dime.example()
        assert len(fw.departments) >= 4
        assert len(fw.touchpoints) >= 20
        assert len(fw.initiatives) >= 40
        assert len(fw.feedback) >= 2000
        assert fw.responsibilities
        assert fw.assessments

    def test_spread(self) -> None:
        """Touchpoints cover every stage on several channels; initiatives span 18 months."""
        fw = dime.example()
        assert set(Stage) == {t.stage for t in fw.touchpoints}
        assert len({t.channel for t in fw.touchpoints}) >= 5
        starts = sorted(i.started for i in fw.initiatives if i.started is not None)
        assert (starts[-1] - starts[0]).days >= 365

    def test_plausibly_unbalanced(self) -> None:
        """Strong on some pillars, thin on others, one mindset unheld, some feedback unfiled."""
        fw = dime.example()
        effort: dict[Pillar, float] = dict.fromkeys(Pillar, 0.0)
        for i in fw.initiatives:
            effort[i.area.pillar] += i.effort
        assert effort[Pillar.E] > 4 * effort[Pillar.D]
        held = {r.mindset for r in fw.responsibilities}
        assert set(Mindset) - held == {Mindset.EMOTIONAL}
        unfiled = sum(f.folder is None for f in fw.feedback)
        assert 0 < unfiled < len(fw.feedback) / 2
