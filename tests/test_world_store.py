"""The world's file: two processes lose nothing, a damaged or newer file is never
overwritten, transactions are all-or-nothing, and copies (snapshot, export) round-trip."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sandbox.services.gateway import Credentials, Gateway
from sandbox.services.seed import build_default_world, open_world
from sandbox.world import World, WorldError, fs

REPO = Path(__file__).resolve().parent.parent


def _env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IAM_SANDBOX", "AWS_"))}
    env["IAM_SANDBOX_DATA"] = str(tmp_path / "data")
    return env


def _create_user(path: Path, name: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sandbox", "--world", str(path), "aws", "iam", "create-user",
                           "--user-name", name], capture_output=True, text=True, env=env, cwd=REPO, timeout=60)


def _user(name: str) -> dict:
    """A user row as CreateUser stores it."""
    return {"UserName": name, "UserId": "AIDA" + name.upper(), "Arn": f"arn:aws:iam::123456789012:user/{name}",
            "Path": "/", "CreateDate": "2026-01-05T10:00:00+00:00", "Tags": [], "Groups": [], "AttachedPolicies": [],
            "InlinePolicies": {}, "LoginProfile": None, "MFADevices": [], "PermissionsBoundary": None}


def test_two_processes_writing_one_world_lose_nothing(sb, tmp_path):
    sb.ok("iam", "get-user")  # the world exists before the learner's two terminals start
    env = _env(tmp_path)
    names = [f"{who}{i}" for who in ("a", "b") for i in range(10)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda n: _create_user(sb.path, n, env), names))
    for r in results:
        assert r.returncode == 0, r.stderr
        assert "Traceback" not in r.stderr
    listed = sb.ok("iam", "list-users", "--query", "Users[].UserName")
    assert sorted(listed) == sorted(names + ["admin"])
    # every request was logged, none lost either
    created = [e for e in sb.world().events.read_all() if e.get("action") == "iam:CreateUser"]
    assert len(created) == 20 and len({e["seq"] for e in created}) == 20


def test_two_processes_creating_a_new_world_lose_nothing(tmp_path):
    env = _env(tmp_path)
    path = tmp_path / "fresh.json"
    names = [f"u{i}" for i in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda n: _create_user(path, n, env), names))
    assert [r.returncode for r in results] == [0] * 4, [r.stderr for r in results]
    world = World(path)
    assert {u["UserName"] for u in world["users"].all()} == {"admin", *names}


def test_a_long_running_process_sees_another_process_changes(tmp_path):
    path = tmp_path / "w.json"
    app = open_world(path)  # the app, open the whole time
    terminal = World(path)  # `iam-sandbox aws ...` in another terminal
    with terminal.transaction():
        terminal["users"].put(_user("from-terminal"))
    with app.transaction():
        assert app["users"].exists("from-terminal")
        app["users"].put(_user("from-app"))
    with terminal.transaction():
        assert terminal["users"].exists("from-app") and terminal["users"].exists("from-terminal")
    app.refresh()
    assert len(app["users"]) == 3


def test_a_failed_transaction_changes_nothing(tmp_path):
    path = tmp_path / "w.json"
    world = open_world(path)
    before = path.read_bytes()
    with pytest.raises(KeyError, match="a failure halfway"):
        with world.transaction():
            world["users"].put(_user("half-made"))
            raise KeyError("a failure halfway")
    assert not world["users"].exists("half-made")
    assert path.read_bytes() == before
    with pytest.raises(RuntimeError, match="inside World.transaction"):
        world["users"].put(_user("outside"))


def test_the_version_moves_when_the_world_changes_and_only_then(tmp_path):
    """What a front end re-reads by: a committed write here, or another process's change."""
    path = tmp_path / "w.json"
    first = World(path)
    build_default_world(first)
    version = first.version
    with first.transaction():
        first["users"].get("admin")  # a transaction that only reads
    first.refresh()  # nothing new on disk
    assert first.version == version
    with pytest.raises(RuntimeError):
        with first.transaction():
            first.set_meta(alias="never-kept")
            raise RuntimeError("the request failed")
    assert first.version == version
    # the next request reads the file again (the failed one's changes were dropped): the same
    # world, no change (it moved, and the console read a user's page again and again)
    with first.transaction():
        assert first.meta.get("alias") is None
    first.refresh()
    assert first.version == version
    with first.transaction():
        first.set_meta(alias="kept")
    assert first.version == version + 1
    other = World(path)
    with other.transaction():
        other.set_meta(alias="from-another-process")
    first.refresh()
    assert first.version == version + 2


def test_bookkeeping_and_the_machines_files_are_kept_but_do_not_move_the_version(tmp_path):
    """The console re-reads its pages by the version: a read-only command (which notes when
    its access key was last used) or ``aws configure set`` must not make it read again."""
    path = tmp_path / "w.json"
    world = World(path)
    build_default_world(world)
    version = world.version
    gateway = Gateway(world)
    creds = _laptop_default_credentials(world)  # admin's access key
    gateway.call(creds, "iam", "ListUsers", {})
    with world.transaction():
        fs.write(world, "laptop", "/home/learner/notes", "hello")
    assert world.version == version
    again = World(path)  # both were written
    assert again["access_keys"].get(creds.access_key_id)["LastUsed"]["ServiceName"] == "iam"
    assert fs.read(again, "laptop", "/home/learner/notes") == "hello"
    with world.transaction():
        world.set_meta(alias="an-account-change")
    assert world.version == version + 1


def test_a_failed_request_changes_nothing(tmp_path):
    world = World()  # in memory
    build_default_world(world, "123456789012")
    gateway = Gateway(world)
    admin = next(k for k in world["access_keys"].all() if k["UserName"] == "admin")
    creds = _laptop_default_credentials(world)
    assert creds.access_key_id == admin["AccessKeyId"]
    gateway.call(creds, "iam", "CreateUser", {"UserName": "bob"})
    from sandbox.errors import AwsError

    with pytest.raises(AwsError) as exc:
        gateway.call(creds, "iam", "CreateUser", {"UserName": "BOB"})
    assert exc.value.code == "EntityAlreadyExists" and exc.value.status == 409
    assert len(world["users"]) == 2
    bad = Credentials(admin["AccessKeyId"], "x" * 40)
    with pytest.raises(AwsError) as exc:
        gateway.call(bad, "iam", "CreateUser", {"UserName": "eve"})
    assert exc.value.code == "SignatureDoesNotMatch"
    assert not world["users"].exists("eve")


def _laptop_default_credentials(world: World) -> Credentials:
    from sandbox.awscli.config_files import AwsFiles
    from sandbox.awscli.machine_files import WorldFiles

    profile = AwsFiles(WorldFiles(world, "laptop"), "/home/learner").profile("default")
    return Credentials(profile.values["aws_access_key_id"], profile.values["aws_secret_access_key"])


# -- a file that cannot be read is reported, kept, and never overwritten ---------------------------------

def _backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".*.bak"))


def test_a_world_file_cut_in_half_is_reported_not_overwritten(sb):
    sb.ok("iam", "create-user", "--user-name", "bob")
    text = sb.path.read_bytes()
    damaged = text[: len(text) // 2]
    sb.path.write_bytes(damaged)

    r = sb.aws("iam", "create-user", "--user-name", "eve")
    assert r.rc != 0 and r.out == ""
    assert r.err.startswith(f"iam-sandbox: The world file {sb.path} is damaged (not valid JSON")
    backups = _backups(sb.path)
    assert len(backups) == 1 and backups[0].read_bytes() == damaged
    assert f"a copy is at {backups[0]}" in r.err
    assert f"To start over, run: iam-sandbox --world {sb.path} world reset" in r.err
    assert sb.path.read_bytes() == damaged  # byte for byte

    for argv in (("world", "info"), ("events",), ("mfa", "list"), ("console", "sign-in", "--root", "--password", "x"),
                 ("world", "snapshot", "s1")):
        r = sb.run(*argv)
        assert r.rc == 1 and "is damaged" in r.err, argv
        assert sb.path.read_bytes() == damaged
    with pytest.raises(WorldError) as exc:
        World(sb.path)
    assert exc.value.backup is not None and exc.value.backup.exists()

    # reset is the way out, and keeps the damaged file's copy
    r = sb.run("world", "reset")
    assert r.rc == 0 and "could not be read" in r.err
    assert sb.ok("iam", "list-users", "--query", "Users[].UserName") == ["admin"]
    assert any(b.read_bytes() == damaged for b in _backups(sb.path))


def test_a_world_from_a_newer_version_is_refused_and_kept(sb):
    sb.ok("iam", "get-user")
    data = json.loads(sb.path.read_text())
    for doc in data["meta"].values():
        doc["schema"] = 99
    newer = json.dumps(data).encode()
    sb.path.write_bytes(newer)
    r = sb.aws("iam", "list-users")
    assert r.rc != 0 and r.out == ""
    assert "was written by a newer IAM Sandbox (schema 99; this one reads up to 1). Upgrade IAM Sandbox" in r.err
    assert sb.path.read_bytes() == newer
    assert any(b.read_bytes() == newer for b in _backups(sb.path))


def test_a_file_that_is_not_a_world(sb):
    sb.path.write_text("[1, 2, 3]")
    r = sb.run("world", "info")
    assert r.rc == 1 and r.err.startswith(f"iam-sandbox: The world file {sb.path} is damaged (it holds an array, "
                                          "not an IAM Sandbox world). It was left as it is; a copy is at ")
    assert sb.path.read_text() == "[1, 2, 3]"
    assert [b.read_text() for b in _backups(sb.path)] == ["[1, 2, 3]"]


# -- copies -------------------------------------------------------------------------------------------------

def test_memory_world_snapshots_and_export():
    world = World()
    build_default_world(world, "111122223333")
    assert world.account_id == "111122223333" and world.initialized
    world.snapshot("clean")
    with world.transaction():
        world["users"].delete("admin")
    assert len(world["users"]) == 0
    world.restore("clean")
    assert world["users"].exists("admin")
    with pytest.raises(WorldError, match="no snapshot named 'nope'"):
        world.restore("nope")
    copy = World()
    copy.import_text(world.export_text())
    assert copy.account_id == "111122223333" and copy["users"].exists("ADMIN")


def test_default_world_contents():
    world = World()
    secrets = build_default_world(world, "123456789012")
    assert set(secrets) == {"root_password", "admin_password"}
    admin = world["users"].get("admin")
    assert admin["Groups"] == ["Admins"] and admin["Arn"] == "arn:aws:iam::123456789012:user/admin"
    assert world["groups"].get("Admins")["AttachedPolicies"] == ["arn:aws:iam::aws:policy/AdministratorAccess"]
    key = world["access_keys"].get(_laptop_default_credentials(world).access_key_id)
    assert key["UserName"] == "admin" and "SecretAccessKey" not in key
    assert world.meta["root"]["MFASerial"] is None and world.meta["password_policy"] is None


def test_rows_in_key_order_follow_adds_renames_deletes_and_a_rolled_back_change():
    """IAM lists users by name without regard to case; the order is kept between pages
    and must follow every change (and a transaction that fails)."""
    world = World(None)
    users = world["users"]

    def order() -> list[str]:
        return [u["UserName"] for u in users.in_key_order()]

    with world.transaction():
        for name in ("carol", "Bob", "alice"):
            users.put({"UserName": name, "Path": "/"})
    assert order() == ["alice", "Bob", "carol"]
    with world.transaction():
        users.put({"UserName": "Bob", "Path": "/team/"})  # the same key: the row is new, the order not
        users.put({"UserName": "Aaron", "Path": "/"})
    assert order() == ["Aaron", "alice", "Bob", "carol"]
    assert users.in_key_order()[2]["Path"] == "/team/"
    with world.transaction():
        users.put({**users.get("carol"), "UserName": "Zed"})  # a rename, as UpdateUser does it
        users.delete("carol")
    assert order() == ["Aaron", "alice", "Bob", "Zed"]
    with pytest.raises(RuntimeError):
        with world.transaction():
            users.delete("alice")
            users.put({"UserName": "Ann", "Path": "/"})
            assert order() == ["Aaron", "Ann", "Bob", "Zed"]
            raise RuntimeError("undo")
    assert order() == ["Aaron", "alice", "Bob", "Zed"]
