"""World files on a hostile or failing disk (issue 10, 7, 9, 10), and the host guard.

- A write that fails (a full disk, a read-only disk or file, no permission) gives one line
  naming the path and the cause, exit status 1 (255 for ``aws``, as the AWS CLI), and is
  dropped from memory: the process's next write cannot save it by accident.
- Read-only commands work on a read-only world.
- A world file set read-only is refused, not replaced; ``world export`` is 0600; a
  process killed mid-write leaves temporary copies that the next open removes.
- The schema covers value ranges: a world that would break commands is refused on open.
- Neither a symbolic nor a hard link lets a command read the host's ``~/.aws``.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest
from hostile.harness import Probe

from sandbox.cli.main import main
from sandbox.services.seed import build_default_world
from sandbox.world import World, schema, storage, worldfile
from sandbox.world.worldfile import WorldWriteError


def _world(tmp_path) -> Path:
    path = tmp_path / "world.json"
    assert main(["--world", str(path), "world", "info"]) == 0
    return path


def _full_disk(monkeypatch):
    """Every atomic write fails as on a full disk."""
    def write(path, text):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    monkeypatch.setattr(storage, "atomic_write", write)
    from sandbox.world import store

    monkeypatch.setattr(store, "atomic_write", write)


@pytest.mark.parametrize("argv", [
    ["aws", "iam", "create-user", "--user-name", "bob"],
    ["world", "reset"],
    ["world", "advance", "1h"],
    ["scenario", "start", "groups", "--yes"],
    ["shell"],
])
def test_a_full_disk_gives_one_line_and_loses_nothing(tmp_path, capsys, monkeypatch, argv):
    path = _world(tmp_path)
    before = path.read_bytes()
    capsys.readouterr()
    _full_disk(monkeypatch)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("aws iam create-user --user-name bob\necho x > f\n"))
    rc = main(["--world", str(path), *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "This is a bug" not in out + err and "internal error" not in out + err
    assert "No space left on device" in err and str(path.name) in err
    if argv[0] != "shell":
        assert rc == (255 if argv[0] == "aws" else 1)
        assert len([line for line in err.splitlines() if line.strip()]) <= 2
    assert path.read_bytes() == before  # nothing lost, nothing half-written


def test_a_failed_write_is_not_saved_by_the_next_one(tmp_path, monkeypatch):
    world = World(tmp_path / "w.json")
    build_default_world(world)
    real = storage.atomic_write
    calls = []

    def fail_once(path, text):
        calls.append(path)
        if len(calls) == 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, text)
    monkeypatch.setattr(storage, "atomic_write", fail_once)
    with pytest.raises(WorldWriteError, match="No space left on device"):
        with world.transaction():
            world["users"].put({**world["users"].get("admin"), "UserName": "lost"})
    assert world["users"].get("lost") is None  # not in memory either
    with world.transaction():
        world.advance_clock(60)
    assert World(world.path)["users"].get("lost") is None  # the next write did not save it


def test_a_world_file_set_read_only_is_refused_and_still_read(tmp_path, capsys):
    path = _world(tmp_path)
    path.chmod(0o444)
    before = path.read_bytes()
    capsys.readouterr()
    assert main(["--world", str(path), "aws", "iam", "list-users", "--query", "Users[].UserName"]) == 0
    assert json.loads(capsys.readouterr().out) == ["admin"]
    assert main(["--world", str(path), "world", "info"]) == 0
    assert main(["--world", str(path), "events"]) == 0
    capsys.readouterr()
    assert main(["--world", str(path), "aws", "iam", "create-user", "--user-name", "bob"]) == 255
    err = capsys.readouterr().err
    assert "read-only" in err and str(path) in err and "chmod u+w" in err
    assert main(["--world", str(path), "world", "reset"]) == 1
    assert path.read_bytes() == before and not os.stat(path).st_mode & 0o222


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("mount") is None, reason="needs root to mount a tmpfs")
def test_a_real_full_and_read_only_disk(tmp_path, capsys):
    """The same on a real small disk (a 256 KiB tmpfs) filled up, then remounted read-only."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)]).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        path = disk / "world.json"
        assert main(["--world", str(path), "world", "info"]) == 0
        with open(disk / "filler", "wb", buffering=0) as fh:  # fill the disk
            try:
                while True:
                    fh.write(b"x" * 4096)
            except OSError:
                pass
        before = path.read_bytes()
        capsys.readouterr()
        assert main(["--world", str(path), "aws", "iam", "create-user", "--user-name", "bob"]) == 255
        err = capsys.readouterr().err
        assert "No space left on device" in err and "Traceback" not in err
        assert path.read_bytes() == before
        assert main(["--world", str(path), "aws", "iam", "list-users"]) == 0  # reads still work
        (disk / "filler").unlink()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        capsys.readouterr()
        assert main(["--world", str(path), "aws", "iam", "list-users", "--query", "Users[].UserName"]) == 0
        assert json.loads(capsys.readouterr().out) == ["admin"]
        assert main(["--world", str(path), "aws", "iam", "create-user", "--user-name", "bob"]) == 255
        assert "read-only" in capsys.readouterr().err
    finally:
        subprocess.run(["umount", str(disk)])


def test_temporary_copies_left_by_a_killed_write_are_removed_on_open(tmp_path):
    world = World(tmp_path / "w.json")
    build_default_world(world)
    world.snapshot("s1")
    stale = [tmp_path / ".w.json.abc123.tmp", tmp_path / "w.json.snapshots" / ".s1.json.def456.tmp"]
    for path in stale:
        path.write_text("{half a world")
    other = tmp_path / ".other.json.x.tmp"  # not this world's: left alone
    other.write_text("x")
    World(tmp_path / "w.json")
    assert not any(p.exists() for p in stale) and other.exists()


def test_a_temporary_copy_is_left_while_another_process_holds_the_lock(tmp_path):
    world = World(tmp_path / "w.json")
    build_default_world(world)
    tmp = tmp_path / ".w.json.busy.tmp"
    tmp.write_text("being written")
    holder = storage.FileLock(tmp_path / "w.json.lock")
    code = ("import fcntl, sys, time; fh = open(sys.argv[1], 'a+'); fcntl.flock(fh, fcntl.LOCK_EX); "
            "print('held', flush=True); time.sleep(5)")
    proc = subprocess.Popen([__import__("sys").executable, "-c", code, str(holder.path)], stdout=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        World(tmp_path / "w.json")
        assert tmp.exists()  # maybe being written by the other process: not touched
    finally:
        proc.kill()
        proc.wait()


def test_world_export_is_readable_by_its_owner_only(tmp_path):
    path = _world(tmp_path)
    out = tmp_path / "export.json"
    assert main(["--world", str(path), "world", "export", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    out.chmod(0o644)
    assert main(["--world", str(path), "world", "export", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_no_link_leads_a_command_into_the_hosts_aws_configuration(tmp_path, monkeypatch, capsys, link):
    """Issue 10, 10: a hard link to ~/.aws/credentials is the same file under another name;
    the guard compares device and inode, so it is refused like the symbolic link."""
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True)
    secret = home / ".aws" / "credentials"
    secret.write_text("[default]\naws_secret_access_key = HOSTSECRET\n")
    monkeypatch.setenv("HOME", str(home))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    (os.symlink if link == "symlink" else os.link)(secret, work / "creds.txt")
    path = tmp_path / "world.json"
    probe = Probe(tmp_path / "probe")
    for argv in (["aws", "s3", "cp", "creds.txt", "s3://experimenting-aws/creds.txt"],
                 ["aws", "iam", "create-policy", "--policy-name", "P", "--policy-document", "file://creds.txt"],
                 ["policy", "validate", "creds.txt"], ["world", "import", "creds.txt", "--yes"],
                 ["shell", "creds.txt"]):
        main(["--world", str(path), *argv])
        out, err = capsys.readouterr()
        assert "HOSTSECRET" not in out + err
    assert b"HOSTSECRET" not in path.read_bytes()
    assert main(["--world", str(path), "world", "export", str(home / ".aws" / "config")]) == 1
    assert not (home / ".aws" / "config").exists()
    del probe


# -- value ranges (issue 10, 9) -----------------------------------------------------------------

def _default() -> dict:
    world = World(None)
    build_default_world(world, "123456789012", "2026-01-01T00:00:00+00:00")
    return world.dump()


def _meta(data: dict) -> dict:
    (row,) = data["meta"].values()
    return row


@pytest.mark.parametrize("change, says", [
    (lambda d: _meta(d).update(clock_offset_seconds=10**20), "clock_offset_seconds is 100000000000000000000, not a"),
    (lambda d: _meta(d).update(scenario={"id": "groups", "step": -1, "learner": "x"}), "step is -1"),
    (lambda d: next(iter(d["access_keys"].values())).update(SecretHash="é" * 64), "SecretHash"),
    (lambda d: _meta(d).update(created="2026-01-01T00:00:00"), "without its time zone"),
    (lambda d: _meta(d).update(created="0001-01-01T00:00:00+00:00"), "between the years"),
    (lambda d: _meta(d).update(password_policy={"MinimumPasswordLength": 0}), "MinimumPasswordLength is 0"),
    (lambda d: next(iter(d["users"].values())).update(UserName="a\x1b]0;x\x07"), "control character \\x1b"),
    (lambda d: d["machines"].clear(), "no laptop"),
])
def test_values_that_would_break_commands_are_refused_on_open(tmp_path, capsys, change, says):
    data = _default()
    change(data)
    found = schema.problem(data)
    assert found is not None and says in found
    path = tmp_path / "w.json"
    path.write_text(json.dumps(data))
    assert main(["--world", str(path), "aws", "sts", "get-caller-identity"]) == 255
    err = capsys.readouterr().err
    assert "is damaged" in err and "Traceback" not in err and "\x1b" not in err


def test_a_bad_mfa_seed_is_refused_on_open():
    data = _default()
    data["mfa_devices"] = {"1": {"SerialNumber": "arn:aws:iam::123456789012:mfa/x", "Seed": "NOT BASE32!",
                                 "User": None, "EnableDate": None}}
    assert "Seed" in schema.problem(data)


def test_the_clock_moves_at_most_a_century(tmp_path, capsys):
    path = _world(tmp_path)
    capsys.readouterr()
    assert main(["--world", str(path), "world", "advance", "99999999999d"]) == 1
    assert "100 years" in capsys.readouterr().err
    assert main(["--world", str(path), "aws", "sts", "get-caller-identity"]) == 0


def test_a_bucket_of_many_folders_is_listed_in_linear_time(tmp_path):
    """Issue 10, 4: ``aws s3 ls s3://BUCKET`` of a crafted world took over 30 s (the common
    prefixes were kept in a list and searched for each key)."""
    world = World(tmp_path / "w.json")
    build_default_world(world)
    with world.transaction():
        for i in range(60000):
            key = f"p{i}/x"
            world["objects"].put({"Key": f"experimenting-aws/{key}", "Bucket": "experimenting-aws", "ObjectKey": key,
                                  "Size": 1, "LastModified": world.now().isoformat(), "ETag": '"x"', "Body": "x",
                                  "BodyB64": None})
    start = time.process_time()
    probe = Probe(tmp_path)
    probe.cli("aws", "s3", "ls", "s3://experimenting-aws")
    assert time.process_time() - start < 15  # a list searched for each key: minutes
    assert probe.findings.clean


def test_an_event_that_cannot_be_written_does_not_fail_a_read(tmp_path, capsys, monkeypatch):
    path = _world(tmp_path)
    log = path.with_name(path.name + ".events.jsonl")
    log.write_text("")
    log.chmod(0o444)
    real_open = os.open

    def no_write(file, flags, *args):
        if str(file).endswith(".events.jsonl") and flags & os.O_WRONLY:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(file))
        return real_open(file, flags, *args)
    monkeypatch.setattr(os, "open", no_write)
    capsys.readouterr()
    assert main(["--world", str(path), "aws", "iam", "list-users", "--query", "Users[].UserName"]) == 0
    assert json.loads(capsys.readouterr().out) == ["admin"]


def test_a_world_file_holding_a_lone_surrogate_can_still_be_written(tmp_path):
    data = _default()
    next(iter(data["users"].values()))["Tags"] = [{"Key": "k", "Value": "\udcff"}]
    path = tmp_path / "w.json"
    path.write_text(json.dumps(data))  # "\udcff" as its JSON escape
    world = World(path)
    with world.transaction():
        world.advance_clock(60)
    assert worldfile.parse(path.read_bytes())  # still UTF-8, still a world


def test_hint_and_events_on_a_full_disk(tmp_path, capsys, monkeypatch):
    path = tmp_path / "world.json"
    assert main(["--world", str(path), "scenario", "start", "groups"]) == 0
    before = path.read_bytes()
    capsys.readouterr()
    _full_disk(monkeypatch)
    assert main(["--world", str(path), "events", "--tail", "3"]) == 0  # a read: it works
    assert main(["--world", str(path), "scenario", "status"]) == 0
    capsys.readouterr()
    assert main(["--world", str(path), "scenario", "hint"]) == 1  # a hint shown is recorded: it cannot be
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_no_permission_to_write_the_folder_is_named(tmp_path, capsys, monkeypatch):
    """As root every folder is writable; a learner's account may lack the permission."""
    path = _world(tmp_path)
    before = path.read_bytes()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == tmp_path and mode & os.W_OK
                        else real(p, mode, **kw))
    capsys.readouterr()
    assert main(["--world", str(path), "aws", "iam", "create-user", "--user-name", "bob"]) == 255
    err = capsys.readouterr().err
    assert f"no permission to write in {tmp_path}" in err and "Traceback" not in err
    assert path.read_bytes() == before
    assert main(["--world", str(path), "aws", "iam", "list-users"]) == 0
