"""The default world, built by ``services.seed``: the same seed gives the same world (a
classroom hands everyone an identical account), and the world layer below needs none of it."""

import json
import subprocess
import sys

from sandbox import crypto
from sandbox.services.seed import build_default_world, ensure_world, open_world
from sandbox.world import World

FROZEN = "2026-11-27T12:00:00+00:00"


def _built(seed):
    world = World()
    secrets = build_default_world(world, frozen_at=FROZEN, seed=seed)
    return world, secrets


def test_the_same_seed_gives_the_same_world_down_to_the_password_salts():
    (a, secrets_a), (b, secrets_b) = _built(42), _built(42)
    assert secrets_a == secrets_b
    assert json.dumps(a.dump(), sort_keys=True) == json.dumps(b.dump(), sort_keys=True)
    admin = a["users"].get("admin")
    assert crypto.check_password(secrets_a["admin_password"], admin["LoginProfile"]["Hash"])


def test_another_seed_or_no_seed_gives_another_account():
    (a, _), (b, _), (c, _) = _built(42), _built(43), _built(None)
    assert len({a.account_id, b.account_id, c.account_id}) == 3
    assert a["access_keys"].all()[0]["AccessKeyId"] != b["access_keys"].all()[0]["AccessKeyId"]


def test_a_seeded_build_does_not_leave_the_identifiers_seeded():
    _built(42)
    first, _ = _built(None)
    second, _ = _built(None)
    assert first.account_id != second.account_id


def test_the_world_is_built_once_and_an_existing_world_is_left_alone(tmp_path):
    path = tmp_path / "w.json"
    world = open_world(path)
    account = world.account_id
    assert world.initialized and world["users"].get("admin")
    assert ensure_world(World(path)) is False
    assert open_world(path).account_id == account
    assert not open_world(tmp_path / "other.json", create=False).initialized


def test_the_lower_layers_import_nothing_above_them():
    """DESIGN.md, Layers: world/ imports nothing above it; crypto, errors, paths and text are leaves."""
    code = ("import sys, importlib, pkgutil, sandbox.world as w, sandbox.crypto, sandbox.errors, sandbox.paths, "
            "sandbox.text\n"
            "for m in pkgutil.iter_modules(w.__path__): importlib.import_module('sandbox.world.' + m.name)\n"
            "print(sorted({n.split('.')[1] for n in sys.modules if n.startswith('sandbox.')}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert set(eval(out.stdout)) <= {"world", "policy", "errors", "paths", "crypto", "text"}


def test_world_reset_with_a_seed_gives_every_learner_the_same_account(tmp_path, capsys):
    """``iam-sandbox world reset --seed N``, as an instructor hands it out."""
    from sandbox.cli.main import main

    worlds = []
    for name in ("a.json", "b.json"):
        assert main(["--world", str(tmp_path / name), "world", "reset", "--seed", "7"]) == 0
        worlds.append(World(tmp_path / name))
    said = capsys.readouterr().out.splitlines()
    assert said[1] == said[3] and "Root password: " in said[1]  # the same passwords, printed

    def identity(world):
        admin = world["users"].get("admin")
        return (world.account_id, admin["UserId"], admin["LoginProfile"]["Hash"],
                [k["AccessKeyId"] for k in world["access_keys"].all()],
                [i["InstanceId"] for i in world["instances"].all()],
                [(f["Key"], f.get("Content")) for f in world["files"].all()], world.meta["idp_seed"])

    assert identity(worlds[0]) == identity(worlds[1])


def test_generated_passwords_have_no_look_alike_characters_and_meet_any_policy():
    """A learner types the passwords the sign-in form shows: no I/l/1 or O/o/0 to mistake
    (a learner's walk found `QvE=rI6Pv0+KrS`), and still every kind IAM's strictest password
    policy asks for."""
    from sandbox.world import ids

    ids.seed(7)
    try:
        passwords = [ids.password(length) for length in (8, 14, 16, 128) for _ in range(300)]
    finally:
        ids.seed(None)
    assert not any(set(p) & set("IlO0o1") for p in passwords)
    for p in passwords:
        assert any(c.isupper() for c in p) and any(c.islower() for c in p) and any(c.isdigit() for c in p)
        assert any(c in "@%_+=-" for c in p) and p[0].isalpha()
