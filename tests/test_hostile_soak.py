"""A small sample of the hostile soak runs in CI (the full run, 100,000 inputs, is
``tests/hostile/soak.py``; its figures are in the issue's note)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "hostile"))

import soak  # noqa: E402


def test_a_sample_of_the_soak_finds_nothing():
    lines: list[str] = []
    found = soak.run(inputs=800, seed=20261202, kills=2, report=lambda *a, **k: lines.append(" ".join(map(str, a))))
    assert found.runs > 800
    assert found.clean, (found.counts(), found.tracebacks[:3], found.hangs[:3], found.host_paths[:3],
                         found.raw_controls[:3], found.lost_worlds[:3])
