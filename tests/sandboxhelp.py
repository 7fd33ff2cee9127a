"""Drive IAM Sandbox headlessly, as a learner types it: ``iam-sandbox --world W aws ...``.

``Sandbox`` wraps ``sandbox.cli.main.main`` with a world file in a temporary folder and
captures what the learner would see (exit code, stdout, stderr). Other users are acted as
the way a learner does it: ``aws configure set ... --profile NAME`` then ``--profile NAME``.
"""

from __future__ import annotations

import io
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from sandbox import crypto
from sandbox.cli.main import main
from sandbox.services import events
from sandbox.services.events import DecisionEvent
from sandbox.world import World

ERROR = re.compile(r"^\nAn error occurred \((?P<code>\w+)\) when calling the (?P<op>\w+) operation: (?P<msg>.*)\n\Z",
                   re.S)


def doc(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action="*", resource="*", **extra) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action="*", resource="*", **extra) -> dict:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


@dataclass
class Result:
    rc: int
    out: str
    err: str

    def json(self):
        assert self.rc == 0, f"rc={self.rc} err={self.err!r}"
        return json.loads(self.out) if self.out.strip() else {}

    def error(self) -> tuple[str, str, str]:
        """(code, operation, message) of an AWS service error, asserting exit 254 and the CLI's form."""
        assert self.rc == 254, f"rc={self.rc} out={self.out!r} err={self.err!r}"
        assert self.out == ""
        m = ERROR.match(self.err)
        assert m, f"not an AWS CLI error: {self.err!r}"
        return m.group("code"), m.group("op"), m.group("msg")


@dataclass
class Key:
    id: str
    secret: str


class Sandbox:
    def __init__(self, folder: Path, capsys, monkeypatch):
        self.dir = Path(folder)
        self.path = self.dir / "world.json"
        self.capsys = capsys
        self.monkeypatch = monkeypatch

    # -- running commands ------------------------------------------------------------------------

    def run(self, *argv: str, stdin: str | None = None) -> Result:
        self.capsys.readouterr()
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
        rc = main(["--world", str(self.path), *argv])
        out, err = self.capsys.readouterr()
        assert "Traceback" not in err
        return Result(rc, out, err)

    def aws(self, *argv: str, profile: str | None = None, stdin: str | None = None) -> Result:
        extra = ("--profile", profile) if profile else ()
        return self.run("aws", *argv, *extra, stdin=stdin)

    def ok(self, *argv: str, profile: str | None = None):
        """Run ``aws ...``, assert success, return the decoded JSON output ({} for none)."""
        return self.aws(*argv, profile=profile).json()

    def fails(self, code: str, operation: str, *argv: str, profile: str | None = None) -> str:
        """Run ``aws ...``, assert it fails with the AWS error ``code``; return the message."""
        got = self.aws(*argv, profile=profile).error()
        assert got[:2] == (code, operation), got
        return got[2]

    # -- the world -----------------------------------------------------------------------------------

    def world(self) -> World:
        if not self.path.exists():
            self.run("world", "info")
        return World(self.path)

    def events(self) -> list[DecisionEvent]:
        """Every event in the world's log, oldest first."""
        return events.typed(self.world().events.read_all())

    @property
    def account(self) -> str:
        return self.world().account_id

    def root_password(self) -> str:
        return self.world().meta["root"]["Password"]

    def file(self, name: str, content: str | dict) -> str:
        """A file on the host, as ``file://`` for a parameter."""
        path = self.dir / name
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
        return f"file://{path}"

    def advance(self, duration: str) -> None:
        r = self.run("world", "advance", duration)
        assert r.rc == 0, r.err

    # -- people ----------------------------------------------------------------------------------------

    def configure(self, profile: str, key_id: str, secret: str, token: str | None = None) -> None:
        for name, value in (("aws_access_key_id", key_id), ("aws_secret_access_key", secret),
                            ("aws_session_token", token)):
            if value is not None:
                r = self.aws("configure", "set", name, value, "--profile", profile)
                assert r.rc == 0, r.err

    def create_key(self, user: str, profile: str | None = None) -> Key:
        created = self.ok("iam", "create-access-key", "--user-name", user)["AccessKey"]
        key = Key(created["AccessKeyId"], created["SecretAccessKey"])
        if profile:
            self.configure(profile, key.id, key.secret)
        return key

    def new_user(self, name: str, *, key: bool = True, password: str | None = None,
                 group: str | None = None) -> Key | None:
        """Created by admin (the default profile); its key configured as ``--profile NAME``."""
        self.ok("iam", "create-user", "--user-name", name)
        if password:
            self.ok("iam", "create-login-profile", "--user-name", name, "--password", password)
        if group:
            self.ok("iam", "add-user-to-group", "--group-name", group, "--user-name", name)
        return self.create_key(name, profile=name) if key else None

    def arn(self, kind: str, name: str) -> str:
        return f"arn:aws:iam::{self.account}:{kind}/{name}"

    # -- MFA ---------------------------------------------------------------------------------------------

    def mfa_codes(self, serial: str) -> tuple[str, str]:
        """``iam-sandbox mfa code SERIAL``: the current and the next code."""
        r = self.run("mfa", "code", serial)
        assert r.rc == 0, r.err
        m = re.match(r"^(\d{6})  \(valid \d+ s more; next code (\d{6})\)\n$", r.out)
        assert m, r.out
        return m.group(1), m.group(2)

    def wrong_code(self, seed: str) -> str:
        """A six-digit code that no nearby time window accepts."""
        step = crypto.window(self.world().now())
        near = {crypto.code_at(seed, s) for s in range(step - 3, step + 4)}
        return next(c for c in ("000000", "111111", "222222", "333333", "444444", "555555", "666666",
                                "777777") if c not in near)
