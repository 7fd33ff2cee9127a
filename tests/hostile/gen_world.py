"""Hostile world files: a default world bent in one to three places.

``mutated(rng, base)`` returns ``(what, data)``: a copy of ``base`` (a ``World.dump()``) with
values of the wrong kind, of the right kind but out of range (a clock offset of 10**20
seconds, a negative step), forms that break commands (a MFA seed that is not Base32, a
date without its zone), names of host files and terminal escapes. Most are refused when the
world is opened (``schema.problem``); the ones that pass must not break any command.
"""

from __future__ import annotations

import copy
import random

from hostile.gen_shell import ESC

ANY = [0, -1, 1, 2**63, -(2**63), 10**30, 3.5, True, False, None, "", "x", [], {}, ["x"], {"a": 1},
       "9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00", "2026-01-01T00:00:00", "NOTBASE32!", *ESC]
INTS = [0, -1, -10**9, 10**9, 2**53, 2**63, 10**20, -10**20, 99999999999]
STRINGS = ["", "/etc/passwd", "../../etc/passwd", "/dev/zero", "~", "\udcff", "a" * 3000, "9999-12-31T23:59:59+00:00",
           "0001-01-01T00:00:00+00:00", "2026-01-01T00:00:00", "2026-01-01", "NOTBASE32!", "*", "x y", "..",
           "admin", "laptop", "{", "[]", "\n", "é", *ESC]
SCENARIO = [{"id": "groups", "step": -1, "learner": "x"}, {"id": "groups", "step": 10**9, "learner": "x"},
            {"id": "groups", "step": 0, "learner": "x", "path": "/etc/passwd"},
            {"id": "groups", "step": 0, "learner": "x", "path": "/dev/zero"},
            {"id": "../../etc/passwd", "step": 0, "learner": "x"}, {"id": "groups", "step": 0, "learner": "x",
                                                                    "source": "/etc"},
            {"id": "groups", "step": 1, "learner": ESC[0], "hints": -5, "secrets": {"a": ESC[1]}}]


def _paths(value, prefix=()):
    yield prefix, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, prefix + (i,))


def _change(rng: random.Random, data: dict) -> str:
    if rng.random() < 0.1:
        (row,) = data["meta"].values()
        row["scenario"] = copy.deepcopy(rng.choice(SCENARIO))
        return f"meta.scenario = {row['scenario']}"
    tables = [t for t in data if isinstance(data[t], dict) and data[t]]
    table = rng.choice(tables)
    places = [p for p, _ in _paths(data[table]) if len(p) >= 2]
    path = rng.choice(places)
    target = data[table]
    for k in path[:-1]:
        target = target[k]
    old = target[path[-1]]
    if isinstance(old, bool) or isinstance(old, (dict, list)) or rng.random() < 0.2:
        new = rng.choice(ANY)
    elif isinstance(old, int):
        new = rng.choice(INTS)
    elif isinstance(old, str):
        new = rng.choice(STRINGS + [old + rng.choice(ESC)])
    else:
        new = rng.choice(ANY)
    target[path[-1]] = copy.deepcopy(new)
    return f"{table}.{'.'.join(map(str, path))} = {new!r:.40}"


def mutated(rng: random.Random, base: dict) -> tuple[str, dict]:
    data = copy.deepcopy(base)
    what = [_change(rng, data) for _ in range(rng.choice([1, 1, 2, 3]))]
    return "; ".join(what), data
