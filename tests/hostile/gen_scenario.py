"""Crafted scenario files: the shipped scenarios, each bent in one or a few ways an
instructor's folder (or a hostile one) could bend them.

``crafted(rng)`` returns ``(what, text)``: a description of the change and the file's text.
Most texts are valid TOML whose values are wrong (a misspelled machine name, a count that is
a string, a check nested 500 deep, a setup path that is relative, terminal escapes in a
title); some are not TOML at all. ``to_toml`` writes a parsed scenario back as TOML (inline
tables), so that a change to the data becomes a file.
"""

from __future__ import annotations

import copy
import json
import random
import re
import tomllib

from sandbox.paths import scenarios_dir

ESCAPES = ["\x1b]0;owned\x07", "\x1b]52;c;cm0gLXJmIH4=\x07", "\x1b[2J\x1b[H", "\x9b31m", "\u202egnp.exe", "a\rb"]
STRINGS = ["", " ", "x", "~", "~/x", "relative/path", "../../../etc/passwd", "/etc/passwd", "/dev/zero", "laptopp",
           "web-9", "*", "user:", "role:nobody", "arn:aws:iam::123456789012:user/x", "{", "{\"Version\":1}",
           "${account}", "not json", "a" * 5000, "é" * 10, "T99", "2026-13-40", "-1", "1e999", *ESCAPES]
VALUES = [0, -1, 1, 10**9, 2**64, -(2**64), 1.5, float("inf"), True, False, [], {}, [1, "a"], {"a": 1},
          {"user_exists": "bob"}, [{"user_exists": "bob"}], *STRINGS]
_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def shipped() -> list[dict]:
    return [tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted(scenarios_dir().glob("*.toml"))]


def _value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return "inf" if v == float("inf") else "-inf" if v == float("-inf") else repr(v)
    if isinstance(v, str):
        return json.dumps(v)  # \uXXXX escapes are TOML escapes too
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + "}"
    return json.dumps(str(v))


def _key(k: str) -> str:
    return k if _BARE.match(k) else json.dumps(k)


def to_toml(data: dict) -> str:
    return "".join(f"{_key(k)} = {_value(v)}\n" for k, v in data.items())


def _paths(value, prefix=()):
    """Every (path, value) inside ``value``."""
    yield prefix, value
    if len(prefix) > 12:
        return
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, prefix + (i,))


def _set(data, path, value) -> None:
    target = data
    for k in path[:-1]:
        target = target[k]
    target[path[-1]] = value


def _delete(data, path) -> None:
    target = data
    for k in path[:-1]:
        target = target[k]
    del target[path[-1]]


def _nest(kind: str, depth: int):
    inner = {"user_exists": "bob"}
    for _ in range(depth):
        inner = {"not": inner} if kind == "not" else {kind: [inner]}
    return inner


def _targeted(rng: random.Random, data: dict) -> str:
    """One change aimed at what a check or a setup reads at run time."""
    steps = data.get("steps")
    if not isinstance(steps, list) or not steps or not all(isinstance(x, dict) for x in steps):
        data["steps"] = steps = [{}]
    step = rng.choice(steps)
    if not isinstance(data.get("setup"), dict):
        data["setup"] = {}
    setup = data["setup"]
    for key in ("files", "users", "roles", "instances", "buckets", "policies"):
        if not isinstance(setup.get(key, []), list):
            del setup[key]
    choice = rng.randrange(16)
    if choice == 0:
        step["machine"] = rng.choice(["laptopp", "web-9", "", "/etc", "i-0000", 5])
        return f"step machine {step['machine']!r}"
    if choice == 1:
        setup.setdefault("files", []).append({"machine": rng.choice(["laptop", "laptopp", "web-1", "nope"]),
                                              "path": rng.choice(["relative/x", "", ".", "..", "~x", "/", "a/../../b",
                                                                  "~/" + "d/" * 300 + "f"]),
                                              "content": rng.choice(STRINGS)})
        return f"setup file {setup['files'][-1]['machine']!r} {setup['files'][-1]['path'][:20]!r}"
    if choice == 2:
        kind = rng.choice(["not", "all", "any"])
        depth = rng.choice([50, 200, 600, 3000])
        step["check"] = _nest(kind, depth)
        return f"check nested {kind} x{depth}"
    if choice == 3:
        pred, field = rng.choice([("access_keys", "total"), ("access_keys", "min_total"), ("root_access_keys", "count"),
                                  ("policy_exists", "min_versions"), ("user_exists", "has_key"),
                                  ("login_profile", "present"), ("bucket_policy", "present"),
                                  ("instance_role", "none"), ("policy_exists", "allows"), ("decision", "context"),
                                  ("password_policy", "MinimumPasswordLength"), ("event", "action"),
                                  ("signed_in", "success"), ("gone", "kind"), ("file_contains", "text"),
                                  ("decision", "expect"), ("instance_state", "state")])
        spec = {"access_keys": {"user": "admin"}, "root_access_keys": {}, "policy_exists": {"name": "p"},
                "user_exists": {"name": "admin"}, "login_profile": {"user": "admin"}, "bucket_policy": {"bucket": "b"},
                "instance_role": {"instance": "web-1"}, "decision": {"principal": "user:admin", "action": "s3:GetObject",
                                                                     "expect": "allowed"},
                "password_policy": {}, "event": {}, "signed_in": {"who": "admin"}, "gone": {"kind": "user", "name": "x"},
                "file_contains": {"machine": "laptop", "path": "~/x", "text": "y"},
                "instance_state": {"instance": "web-1", "state": "running"}}[pred]
        spec = dict(spec)
        spec[field] = rng.choice(VALUES)
        step["check"] = {pred: spec}
        return f"check {pred}.{field} = {spec[field]!r:.40}"
    if choice == 4:
        setup.setdefault("users", []).append({"name": rng.choice(["ana", "", "a" * 200, "bad name", "\x1b"]),
                                              "access_keys": rng.choice([-1, 0, 3, 10**9]),
                                              "profile": rng.choice(["p", "", "[x]", "a\nb"])})
        return f"setup user {setup['users'][-1]}"
    if choice == 5:
        setup.setdefault("roles", []).append({"name": "R", "trust": rng.choice(STRINGS), "max_session": rng.choice(
            [0, -5, 3600, 10**12]), "instance_profile": rng.choice([True, False])})
        return f"setup role {setup['roles'][-1]['trust'][:20]!r}"
    if choice == 6:
        setup.setdefault("instances", []).append({"name": rng.choice(["web-1", "x", ""]),
                                                  "profile": rng.choice(["", "nope", "R"]),
                                                  "state": rng.choice(["stopped", "running", "exploded", ""])})
        return f"setup instance {setup['instances'][-1]}"
    if choice == 7:
        setup["password_policy"] = {rng.choice(["MinimumPasswordLength", "MaxPasswordAge", "Bogus", "HardExpiry"]):
                                    rng.choice(VALUES)}
        return f"setup password policy {setup['password_policy']}"
    if choice == 8:
        setup.setdefault("buckets", []).append({"name": rng.choice(["ok-bucket", "Bad_Bucket", "", "a" * 80]),
                                                "owner": rng.choice(["111122223333", "me", ""]),
                                                "policy": rng.choice(STRINGS), "objects": {rng.choice(STRINGS): "x"}})
        return "setup bucket"
    if choice == 9:
        setup.setdefault("policies", []).append({"name": rng.choice(["P", ""]), "document": rng.choice(
            STRINGS + [json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*a" * 60 + "b",
                                                                           "Resource": "*"}]})])})
        return "setup policy"
    if choice == 10:
        data[rng.choice(["title", "summary"])] = rng.choice(ESCAPES) + "title"
        step["instructions"] = rng.choice(ESCAPES) + "do it"
        step["hints"] = [rng.choice(ESCAPES) + "hint"]
        return "escapes in title, instructions, hints"
    if choice == 11:
        setup["base"] = rng.choice(["empty", "default", "other", ""])
        setup["signed_in"] = rng.choice(STRINGS)
        return f"setup base {setup['base']!r}"
    if choice == 12:
        step["solution"] = [rng.choice(["echo " + "$(echo " * 200 + "x" + ")" * 200, "grep -E '^(a+)+$' f",
                                        "aws iam list-users", "x" * 200000, "cat /etc/passwd"])]
        return "hostile solution command"
    if choice == 13:
        data["minutes"] = rng.choice(VALUES)
        data["level"] = rng.choice(["beginner", "expert", 3])
        return "minutes and level"
    if choice == 14:
        data["topics"] = rng.choice([["T01"], ["T99"], [], "T01", [1], ["t01"]])
        data["id"] = rng.choice([data.get("id", "x"), "", "Bad ID", "a", "x" * 70, "../x"])
        return f"topics {data['topics']!r} id {data['id']!r}"
    data["lesson"] = rng.choice([{"text": "ok", "tip": 5}, "plain", 5, {"tip": "x"}, {"text": ESCAPES[0]}])
    return f"lesson {data['lesson']!r:.40}"


def _random_edit(rng: random.Random, data: dict) -> str:
    """A change anywhere: a value of another kind, a field gone, a field no one knows."""
    paths = [p for p, _ in _paths(data) if p]
    path = rng.choice(paths)
    roll = rng.random()
    if roll < 0.6:
        _set(data, path, rng.choice(VALUES))
        return f"{'.'.join(map(str, path))} = {rng.choice(VALUES)!r:.30}"
    if roll < 0.8:
        _delete(data, path)
        return f"{'.'.join(map(str, path))} deleted"
    parent = data
    for k in path[:-1]:
        parent = parent[k]
    if isinstance(parent, dict):
        parent[rng.choice(["typo", "chek", "hint", "machnie", "setpu"])] = rng.choice(VALUES)
        return f"unknown field under {'.'.join(map(str, path[:-1]))}"
    _set(data, path, rng.choice(VALUES))
    return f"{'.'.join(map(str, path))} replaced"


_BROKEN_TEXT = [
    "", "\x00\x01\x02", "id = ", "[[steps]\n", "a = 1\na = 2\n", "x = [" * 5000, "x = {" * 5000,
    "id = \"x\"\n" + "[a]\n" * 3 + "\n", "\ufeffid = 'bom'\n", "title = \"\"\"\n" + "a" * 100 + "\n",
    "id = 'x'\n" * 10000, "k = \"\\udcff\"\n", "k = \"\x1b]0;t\x07\"\n",
]


def crafted(rng: random.Random, bases: list[dict] | None = None) -> tuple[str, str]:
    """``(what was changed, file text)`` of one crafted scenario file."""
    if rng.random() < 0.06:
        text = rng.choice(_BROKEN_TEXT)
        return f"broken text {text[:20]!r}", text
    data = copy.deepcopy(rng.choice(bases or shipped()))
    data["id"] = f"crafted-{rng.randrange(10**6)}"
    changes = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        changes.append(_targeted(rng, data) if rng.random() < 0.7 else _random_edit(rng, data))
    try:
        text = to_toml(data)
    except RecursionError:
        return "nested beyond writing", "x = " + "[" * 2000 + "]" * 2000
    return "; ".join(changes), text
