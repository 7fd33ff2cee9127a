"""A damaged world file, whatever the damage (not UTF-8, not JSON, JSON of the wrong shape),
is refused with one message, kept byte for byte with a single backup copy, and can be
recovered from: ``world restore NAME``, ``world import FILE`` and ``world reset`` replace it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from sandbox.services.gateway import Gateway
from sandbox.shell.session import ShellSession
from sandbox.world import World, WorldError

RANDOM = bytes.fromhex("ffd8db3c0a9e41f2") + bytes(range(256)) * 2  # 0xff never starts a UTF-8 character


def _backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".*.bak"))


def _damage(sb, change) -> bytes:
    """Apply ``change`` to the world's parsed JSON (or replace it with bytes) and write it back."""
    data = json.loads(sb.path.read_text())
    result = change(data)
    raw = result if isinstance(result, bytes) else json.dumps(data if result is None else result).encode()
    sb.path.write_bytes(raw)
    return raw


def _refused(sb, raw: bytes, reason: str, *argv: str) -> str:
    argv = argv or ("aws", "iam", "list-users")
    r = sb.run(*argv)
    assert (r.rc, r.out) == (255 if argv[0] == "aws" else 1, "")  # 255: the AWS CLI's status for its own failures
    assert r.err.startswith(f"iam-sandbox: The world file {sb.path} is damaged ({reason}). It was left as it is; "
                            "a copy is at "), r.err
    assert r.err.endswith(f"To start over, run: iam-sandbox --world {sb.path} world reset\n")
    assert sb.path.read_bytes() == raw  # never overwritten, never replaced by a fresh world
    assert [b.read_bytes() for b in _backups(sb.path)] == [raw]
    return r.err


# -- every kind of damage gets the same answer ------------------------------------------------------


def test_a_world_file_that_is_not_utf8(sb):
    sb.ok("iam", "get-user")
    sb.path.write_bytes(RANDOM)
    for argv in (("aws", "sts", "get-caller-identity"), ("world", "info"), ("events",), ("shell",),
                 ("scenario", "status")):
        _refused(sb, RANDOM, "not UTF-8 text: byte 0xff at position 0 cannot be decoded", *argv)
    with pytest.raises(WorldError, match="not UTF-8 text"):
        World(sb.path)

    r = sb.run("world", "reset")  # the way out the message gives works on this file too
    assert r.rc == 0 and r.out.startswith(f"A fresh default world is at {sb.path}")
    (backup,) = _backups(sb.path)
    assert r.err == f"iam-sandbox: the old world could not be read; its copy is at {backup}. Starting a new one.\n"
    assert backup.read_bytes() == RANDOM
    assert sb.ok("iam", "list-users", "--query", "Users[].UserName") == ["admin"]


def _user_row(data: dict, name: str) -> dict:
    return next(row for row in data["users"].values() if row["UserName"] == name)


# What QA did to a world holding the user keepme, and the reason each gives.
STRUCTURE = {
    "an empty object": (lambda d: {}, "no account in it: there is no meta table"),
    "the meta table deleted": (lambda d: d.pop("meta") and None, "no account in it: there is no meta table"),
    "users set to a string": (lambda d: d.update(users="x"), "the table users is a string, not an object of rows"),
    "a user row missing Arn": (lambda d: _user_row(d, "keepme").pop("Arn") and None,
                               "row 2 of the table users (keepme) has no Arn"),
    "a user's groups as a string": (lambda d: _user_row(d, "keepme").update(Groups="Admins"),
                                    "row 2 of the table users (keepme): Groups is a string, not an array"),
    "a row that is not an object": (lambda d: d["groups"].update({"1": ["Admins"]}),
                                    "row 1 of the table groups is an array, not an object"),
    "a row id that is not a number": (lambda d: d["users"].update(x=d["users"].pop("2")),
                                      "the table users has a row id 'x', not a number"),
    "no account id": (lambda d: next(iter(d["meta"].values())).pop("account_id") and None,
                      "row 1 of the table meta has no account_id"),
    "an account id that is not 12 digits": (lambda d: next(iter(d["meta"].values())).update(account_id="12345"),
                                            "the account id '12345' is not 12 digits"),
    "a creation date that is not a date": (lambda d: _user_row(d, "keepme").update(CreateDate="yesterday"),
                                           "row 2 of the table users (keepme): CreateDate is 'yesterday', not a "
                                           "date and time"),
    "a user's key without its user": (lambda d: next(k for k in d["access_keys"].values()).update(UserName=None),
                                      "row 1 of the table access_keys"),
    "a JSON array": (lambda d: [1, 2, 3], "it holds an array, not an IAM Sandbox world"),
    "an empty file": (lambda d: b"", "not valid JSON: Expecting value at line 1, column 1"),
}


@pytest.mark.parametrize("case", STRUCTURE, ids=list(STRUCTURE))
def test_a_world_of_the_wrong_shape_is_refused_and_kept(sb, case):
    change, reason = STRUCTURE[case]
    sb.ok("iam", "create-user", "--user-name", "keepme")
    raw = _damage(sb, change)
    if case == "a user's key without its user":
        key = next(iter(json.loads(raw)["access_keys"].values()))["AccessKeyId"]
        reason = f"{reason} ({key}): a user's key has no UserName"
    _refused(sb, raw, reason)
    _refused(sb, raw, reason, "world", "info")
    assert "This is a bug" not in sb.run("aws", "iam", "get-user", "--user-name", "keepme").err


def test_a_file_that_does_not_exist_is_a_new_world(sb):
    assert not sb.path.exists()
    assert sb.ok("iam", "list-users", "--query", "Users[].UserName") == ["admin"]
    assert _backups(sb.path) == []


# -- one backup, not one per command ---------------------------------------------------------------------


def test_repeated_commands_keep_one_backup_per_damage(sb):
    sb.ok("iam", "get-user")
    sb.path.write_bytes(b"garbage{{\n")
    for argv in (("aws", "iam", "list-users"), ("world", "info"), ("events",), ("mfa", "list"), ("shell",),
                 ("world", "snapshot", "s1"), ("world", "export", str(sb.dir / "out.json")),
                 ("console", "sign-in", "--root", "--password", "x"), ("aws", "sts", "get-caller-identity")):
        assert sb.run(*argv).rc != 0, argv
    assert [b.read_bytes() for b in _backups(sb.path)] == [b"garbage{{\n"]
    sb.path.write_bytes(b"other garbage")
    assert sb.run("world", "info").rc == 1
    assert sorted(b.read_bytes() for b in _backups(sb.path)) == [b"garbage{{\n", b"other garbage"]


# -- recovery ---------------------------------------------------------------------------------------------


def test_the_message_offers_the_snapshots_and_restore_replaces_a_damaged_world(sb):
    sb.ok("iam", "create-user", "--user-name", "keepme")
    sb.run("world", "snapshot", "lesson-1")
    sb.run("world", "snapshot", "before-lab")
    sb.path.write_bytes(RANDOM)

    err = _refused(sb, RANDOM, "not UTF-8 text: byte 0xff at position 0 cannot be decoded")
    assert (f"\nTo go back to a snapshot, run: iam-sandbox --world {sb.path} world restore NAME "
            "(snapshots: before-lab, lesson-1)\n") in err
    assert sb.run("world", "snapshots").out == "before-lab\nlesson-1\n"  # listed even while damaged

    r = sb.run("world", "restore", "nope")
    assert r.rc == 1 and "There is no snapshot named 'nope'" in r.err
    assert sb.path.read_bytes() == RANDOM
    r = sb.run("world", "restore", "lesson-1")
    (backup,) = _backups(sb.path)
    assert (r.rc, r.out) == (0, "Restored snapshot lesson-1\n")
    assert r.err == f"iam-sandbox: replaced the world that could not be read; its copy is at {backup}.\n"
    assert "keepme" in sb.ok("iam", "list-users", "--query", "Users[].UserName")
    assert backup.read_bytes() == RANDOM


def test_import_replaces_a_damaged_world_and_refuses_a_binary_file(sb):
    sb.ok("iam", "create-user", "--user-name", "keepme")
    export = sb.dir / "copy.json"
    sb.run("world", "export", str(export))
    account = sb.account
    sb.path.write_bytes(b"{\"meta\": ")

    binary = sb.dir / "bin.json"
    binary.write_bytes(RANDOM)
    r = sb.run("world", "import", str(binary))
    assert (r.rc, r.out) == (1, "")
    assert r.err == (f"iam-sandbox: {binary} is not a world export (not UTF-8 text: byte 0xff at position 0 "
                     "cannot be decoded).\n")
    assert sb.path.read_bytes() == b"{\"meta\": "

    r = sb.run("world", "import", str(export))
    assert r.rc == 0 and r.out == f"Imported {export} (account {account})\n"
    assert "replaced the world that could not be read" in r.err
    assert "keepme" in sb.ok("iam", "list-users", "--query", "Users[].UserName")


def test_a_damaged_snapshot_is_reported(sb):
    sb.ok("iam", "get-user")
    sb.run("world", "snapshot", "s1")
    snapshot = sb.path.with_name(sb.path.name + ".snapshots") / "s1.json"
    snapshot.write_text('{"users": "x"}')
    before = sb.path.read_bytes()
    r = sb.run("world", "restore", "s1")
    assert r.rc == 1
    assert r.err == (f"iam-sandbox: The snapshot s1 ({snapshot}) is not an IAM Sandbox world export (no account in "
                     "it: there is no meta table).\n")
    assert sb.path.read_bytes() == before


def test_reset_keeps_the_old_world_as_a_snapshot(sb):
    sb.ok("iam", "create-user", "--user-name", "keepme")
    account = sb.account
    r = sb.run("world", "reset")
    assert r.rc == 0
    assert r.err == ("iam-sandbox: the old world is kept as the snapshot before-reset "
                     "(iam-sandbox world restore before-reset brings it back).\n")
    assert sb.account != account
    assert sb.run("world", "restore", "before-reset").rc == 0
    assert sb.account == account and "keepme" in sb.ok("iam", "list-users", "--query", "Users[].UserName")


# -- other commands that read files ------------------------------------------------------------------------


def test_policy_commands_refuse_a_binary_file(sb):
    binary = sb.dir / "bin.json"
    binary.write_bytes(RANDOM)
    r = sb.run("policy", "validate", str(binary))
    assert (r.rc, r.out) == (2, "")
    assert r.err == (f"iam-sandbox: {binary} is not UTF-8 text (byte 0xff at position 0); a policy document is "
                     "JSON text\n")
    r = sb.run("policy", "explain", str(binary), "--action", "s3:GetObject")
    assert r.rc == 2 and r.err.startswith(f"iam-sandbox: {binary} is not UTF-8 text")


def test_a_terminal_open_while_the_file_is_damaged_says_so(tmp_path):
    """The app's terminal (and ``iam-sandbox shell``) keep the world open: a command after the
    file was damaged by another process gets the damaged-world message, not a bug report."""
    path = tmp_path / "world.json"
    world = World(path)
    from sandbox.services.seed import ensure_world

    ensure_world(world)
    shell = ShellSession(Gateway(world), "laptop", via="cli")

    def run(line: str) -> tuple[int, str]:
        out, err = io.StringIO(), io.StringIO()
        return shell.run(line, out, err).status, out.getvalue() + err.getvalue()

    assert run("aws iam list-users --query 'Users[].UserName' --output text") == (0, "admin\n")
    path.write_bytes(b"garbage{{")
    for line in ("aws iam list-users", "echo hi > note.txt"):
        status, text = run(line)
        assert status != 0, line
        assert "This is a bug" not in text and "internal error" not in text
        assert f"iam-sandbox: The world file {path} is damaged (not valid JSON" in text, text
    assert path.read_bytes() == b"garbage{{"


def test_damaged_lines_in_the_event_log_are_skipped(sb):
    """The decision log beside the world is append-only; a line that is not an event (binary
    junk, other JSON) is skipped like a line torn by a crash, never a traceback."""
    sb.ok("sts", "get-caller-identity")
    log = sb.path.with_name(sb.path.name + ".events.jsonl")
    with log.open("ab") as fh:
        fh.write(b'\xff\xfe junk\n[1, 2]\n"x"\n{"seq": "a"}\n')
    sb.ok("iam", "list-users")
    r = sb.run("events")
    assert r.rc == 0
    assert [line.split()[3] for line in r.out.splitlines() if not line.startswith(" ")] == [
        "sts:GetCallerIdentity", "iam:ListUsers"]
    events = [json.loads(line) for line in sb.run("events", "--json").out.splitlines()]
    assert [e["seq"] for e in events] == [1, 2]
