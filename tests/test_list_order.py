"""How the console's lists sort: a time by the instant it shows (a day, "3 h ago"), any other
text without case; a time cell keeps its instant when copied."""

from __future__ import annotations

import copy
import pickle

from sandbox.workspace.shapes import ago, date, day, order_of
from shellhelp import fresh_world


def test_times_sort_by_their_instant_not_by_what_they_show():
    made = ["2026-12-03T14:44:57+00:00", "2026-12-03T09:00:00+00:00", "2026-12-03T14:44:37+00:00"]
    cells = [day(t) for t in made]
    assert set(cells) == {"2026-12-03"}  # what the list shows: one day for all three
    assert sorted(cells, key=order_of) == [cells[1], cells[2], cells[0]]
    world = fresh_world()
    never, long_ago, recent = ago(world, None), ago(world, "2020-01-01T00:00:00+00:00"), ago(world, made[0])
    assert sorted([recent, never, long_ago], key=order_of) == [never, long_ago, recent]
    assert sorted(["bob", "Alice", "carol"], key=order_of) == ["Alice", "bob", "carol"]
    assert date(None) == "—" and date("not a time") == "not a time"


def test_a_time_cell_keeps_its_instant_when_copied():
    cell = day("2026-12-03T10:00:00+00:00")
    for copied in (copy.deepcopy(cell), pickle.loads(pickle.dumps(cell))):
        assert copied == "2026-12-03" and order_of(copied) == "2026-12-03T10:00:00+00:00"
