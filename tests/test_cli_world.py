"""``iam-sandbox world|events|mfa ...``: the learner's commands around the simulated account."""

from __future__ import annotations

import json
import re
from datetime import datetime

from sandbox import crypto
from sandbox.world import World


def test_world_path_info_and_first_use(sb):
    assert not sb.path.exists()
    r = sb.run("world", "path")
    assert (r.rc, r.out) == (0, f"{sb.path}\n")
    assert not sb.path.exists()  # asking where it is does not create it
    r = sb.run("world", "info")
    assert r.rc == 0 and sb.path.exists()
    world = World(sb.path)
    assert f"World file:        {sb.path}\n" in r.out
    assert f"Account id:        {world.account_id}\n" in r.out
    assert f"password: {world.meta['root']['Password']}" in r.out
    assert "Root MFA:          not enabled" in r.out
    assert "IAM:  1 users, 1 groups, 0 roles, 0 customer managed policies" in r.out
    assert re.fullmatch(r"\d{12}", world.account_id)


def test_world_reset(sb):
    sb.ok("iam", "create-user", "--user-name", "bob")
    r = sb.run("world", "reset", "--account-id", "123456789012")
    assert r.rc == 0
    assert r.out.startswith(f"A fresh default world is at {sb.path} (account 123456789012).\nRoot password: ")
    assert sb.account == "123456789012"
    assert sb.ok("iam", "list-users", "--query", "Users[].UserName") == ["admin"]
    assert sb.ok("sts", "get-caller-identity")["Account"] == "123456789012"
    r = sb.run("world", "reset", "--account-id", "12345")
    assert r.rc == 2 and "12 digits" in r.err
    assert sb.account == "123456789012"


def test_world_snapshot_and_restore(sb):
    sb.ok("iam", "create-user", "--user-name", "before")
    r = sb.run("world", "snapshot", "lesson-1")
    assert (r.rc, r.out) == (0, "Saved snapshot lesson-1\n")
    sb.ok("iam", "create-user", "--user-name", "after")
    sb.ok("iam", "delete-user", "--user-name", "before")
    r = sb.run("world", "restore", "lesson-1")  # the world has changes: asked first (no terminal: refused)
    assert r.rc == 1 and "Run again with --yes" in r.err
    assert sb.ok("iam", "list-users", "--query", "Users[].UserName") == ["admin", "after"]
    r = sb.run("world", "restore", "lesson-1", "--yes")
    assert (r.rc, r.out) == (0, "Restored snapshot lesson-1\n")
    assert "kept as the snapshot before-restore" in r.err
    assert sb.ok("iam", "list-users", "--query", "Users[].UserName") == ["admin", "before"]
    assert sb.run("world", "snapshots").out == "before-restore\nlesson-1\n"

    r = sb.run("world", "restore", "nope")
    assert r.rc == 1 and r.err == "iam-sandbox: There is no snapshot named 'nope'. Snapshots: before-restore, lesson-1.\n"
    r = sb.run("world", "snapshot", "bad name")
    assert r.rc == 1 and "Snapshot names use letters" in r.err


def test_world_export_and_import(sb):
    sb.ok("iam", "create-user", "--user-name", "bob")
    account = sb.account
    export = sb.dir / "copy.json"
    r = sb.run("world", "export", str(export))
    assert (r.rc, r.out) == (0, f"Exported the world to {export}\n")
    assert json.loads(export.read_text())["meta"]
    sb.run("world", "reset")
    assert sb.account != account
    r = sb.run("world", "import", str(export))
    assert (r.rc, r.out) == (0, f"Imported {export} (account {account})\n")
    assert sb.account == account
    assert "bob" in sb.ok("iam", "list-users", "--query", "Users[].UserName")

    before = sb.path.read_bytes()
    junk = sb.dir / "junk.json"
    junk.write_text("not json at all")
    r = sb.run("world", "import", str(junk))
    assert r.rc == 1 and r.err.startswith(f"iam-sandbox: {junk} is not a world export (not valid JSON")
    junk.write_text('{"users": {}}')
    r = sb.run("world", "import", str(junk))
    assert r.rc == 1 and r.err == f"iam-sandbox: {junk} is not an IAM Sandbox world export (no account in it: there is no meta table).\n"
    newer = json.loads(export.read_text())
    for doc in newer["meta"].values():
        doc["schema"] = 7
    junk.write_text(json.dumps(newer))
    r = sb.run("world", "import", str(junk))
    assert r.rc == 1 and "was exported by a newer IAM Sandbox (schema 7)" in r.err
    r = sb.run("world", "import", str(sb.dir / "absent.json"))
    assert r.rc == 1 and "No such file or directory" in r.err
    assert sb.path.read_bytes() == before


def test_world_advance(sb):
    start = sb.world().now()
    r = sb.run("world", "advance", "2h")
    assert r.rc == 0
    moved = sb.world().now()
    assert 7200 <= (moved - start).total_seconds() < 7260
    shown = datetime.fromisoformat(r.out.removeprefix("The world's clock is now ").strip())
    assert 0 <= (moved - shown).total_seconds() < 60
    assert "(moved 7200 s ahead)" in sb.run("world", "info").out
    r = sb.run("world", "advance", "soon")
    assert r.rc == 2 and r.err == "iam-sandbox: give a duration such as 90s, 15m, 2h or 30d\n"


def test_world_usage_errors(sb):
    r = sb.run("world")
    assert r.rc == 2 and "usage: iam-sandbox world" in r.err
    r = sb.run("world", "explode")
    assert r.rc == 2 and "invalid choice: 'explode'" in r.err
    r = sb.run("nonsense")
    assert r.rc == 2 and "unknown command 'nonsense'" in r.err
    r = sb.run("--help")
    assert r.rc == 0 and r.out.startswith("usage: iam-sandbox")


# -- events -----------------------------------------------------------------------------------------------

def test_events_tail_and_json(sb):
    sb.new_user("bob")
    sb.aws("iam", "list-users", profile="bob")
    sb.ok("sts", "get-caller-identity", profile="bob")

    r = sb.run("events", "--tail", "2")
    assert r.rc == 0
    lines = r.out.splitlines()
    acct = sb.account
    assert re.match(rf"^\d\d:\d\d:\d\d laptop   arn:aws:iam::{acct}:user/bob  iam:ListUsers  "
                    rf"arn:aws:iam::{acct}:user/  implicitDeny$", lines[0]), lines[0]
    assert lines[1] == (f"    User: arn:aws:iam::{acct}:user/bob is not authorized to perform: iam:ListUsers on "
                        f"resource: arn:aws:iam::{acct}:user/ because no identity-based policy allows the "
                        "iam:ListUsers action")
    assert "sts:GetCallerIdentity" in lines[2] and lines[2].endswith("allowed")
    assert "GetCallerIdentity needs no permission" in lines[3]

    events = [json.loads(line) for line in sb.run("events", "--tail", "2", "--json").out.splitlines()]
    assert [e["operation"] for e in events] == ["ListUsers", "GetCallerIdentity"]
    assert events[0]["seq"] + 1 == events[1]["seq"]
    denied = events[0]
    assert denied["decision"] == "implicitDeny" and denied["principalType"] == "User"
    assert denied["explain"]["steps"] and denied["machine"] == "laptop" and denied["service"] == "iam"

    assert len(sb.run("events", "--tail", "3", "--json").out.splitlines()) == 3
    assert sb.run("events", "--tail", "0").out == ""
    r = sb.run("events", "--tail", "many")
    assert r.rc == 2 and "invalid int value" in r.err


def test_events_show_failed_authentication_and_sign_in(sb):
    sb.configure("ghost", "AKIAAAAAAAAAAAAAAAAA", "x" * 40)
    sb.aws("sts", "get-caller-identity", profile="ghost")
    sb.run("console", "sign-in", "--user", "nobody", "--password", "whatever")
    lines = sb.run("events", "--tail", "2").out.splitlines()
    assert lines[0].endswith("laptop   AKIAAAAAAAAAAAAAAAAA authentication failed: InvalidClientTokenId: The security "
                             "token included in the request is invalid.")
    # CloudTrail does not record a user name that is no IAM user (often a password typed in the wrong box)
    assert f"console  arn:aws:iam::{sb.account}:user/HIDDEN_DUE_TO_SECURITY_REASONS ConsoleLogin failed: " in lines[1]
    sb.run("console", "sign-in", "--user", "admin", "--password", "wrong")
    assert f"arn:aws:iam::{sb.account}:user/admin ConsoleLogin failed: " in sb.run("events", "--tail", "1").out


# -- mfa code ---------------------------------------------------------------------------------------------

def test_mfa_code_plays_the_authenticator_app(sb):
    created = sb.ok("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "phone", "--outfile", "seed.txt",
                    "--bootstrap-method", "Base32StringSeed")
    serial = created["VirtualMFADevice"]["SerialNumber"]
    seed = sb.world()["mfa_devices"].get(serial)["Seed"]
    for name in (serial, "phone"):
        r = sb.run("mfa", "code", name)
        assert r.rc == 0
        now = sb.world().now()
        step = crypto.window(now)
        assert re.fullmatch(r"\d{6}  \(valid \d+ s more; next code \d{6}\)\n", r.out)
        shown = (r.out[:6], r.out[-8:-2])
        # (current, next) at this step, or at the previous one if the 30 s window just turned
        assert shown in {(crypto.code_at(seed, s), crypto.code_at(seed, s + 1)) for s in (step, step - 1)}
    assert sb.run("mfa", "list").out == f"{serial}  unassigned\n"
    r = sb.run("mfa", "code")
    assert r.rc == 2 and "serial" in r.err


def test_rfc6238_reference_values():
    # RFC 6238 appendix B, SHA-1, secret "12345678901234567890", last 6 digits
    import base64
    from datetime import datetime, timezone

    seed = base64.b32encode(b"12345678901234567890").decode()
    for unix, expected in ((59, "287082"), (1111111109, "081804"), (1234567890, "005924"),
                           (2000000000, "279037")):
        assert crypto.code(seed, datetime.fromtimestamp(unix, timezone.utc)) == expected
    moment = datetime.fromtimestamp(1234567890, timezone.utc)
    assert crypto.verify(seed, "005924", moment) == 1234567890 // 30
    assert crypto.verify(seed, "12345", moment) is None
    assert crypto.verify_pair(seed, crypto.code_at(seed, 41152262), crypto.code_at(seed, 41152263), moment)
    assert not crypto.verify_pair(seed, crypto.code_at(seed, 41152263), crypto.code_at(seed, 41152262), moment)
