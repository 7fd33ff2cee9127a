"""Drive the sandbox terminal as a learner types into it.

``Term`` is one terminal (a ``ShellSession``) on a world: ``term.run(line)`` returns what
the learner sees (exit status, stdout, stderr). ``script(sb_path, text)`` feeds a whole
script to ``iam-sandbox --world PATH shell`` through stdin, as a piped lesson would.
"""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass

from sandbox.services.gateway import Gateway
from sandbox.services.seed import build_default_world
from sandbox.shell.session import ShellSession
from sandbox.world import World

NO_CREDENTIALS = '\nUnable to locate credentials. You can configure credentials by running "aws configure".\n'
IMDS = "http://169.254.169.254/latest/meta-data"
EC2_TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
S3_FULL = "arn:aws:iam::aws:policy/AmazonS3FullAccess"


def doc(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def q(value) -> str:
    """A value quoted for the sandbox shell (single quotes; JSON for dicts)."""
    text = value if isinstance(value, str) else json.dumps(value)
    assert "'" not in text
    return f"'{text}'"


@dataclass
class Ran:
    status: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()

    def json(self):
        assert self.status == 0, f"status={self.status} err={self.err!r}"
        return json.loads(self.out) if self.out.strip() else {}


class Term:
    """A terminal on a sandbox machine (the laptop unless ``machine`` names an instance)."""

    def __init__(self, world: World, machine: str | None = None):
        self.world = world
        self.session = ShellSession(Gateway(world))
        if machine:
            self.ok(f"ssh {machine}")

    def run(self, line: str) -> Ran:
        out, err = io.StringIO(), io.StringIO()
        result = self.last = self.session.run(line, out, err)
        assert "Traceback" not in out.getvalue() + err.getvalue()
        assert "internal error in the sandbox" not in err.getvalue(), err.getvalue()
        return Ran(result.status, out.getvalue(), err.getvalue())

    def ok(self, line: str) -> Ran:
        ran = self.run(line)
        assert ran.status == 0, f"{line!r}: status={ran.status} out={ran.out!r} err={ran.err!r}"
        return ran

    def json(self, line: str):
        return self.ok(line).json()

    def aws_error(self, line: str) -> tuple[str, str, str]:
        """(code, operation, message) of a service error, asserting the CLI's form and exit 254."""
        ran = self.run(line)
        assert ran.status == 254, f"{line!r}: status={ran.status} out={ran.out!r} err={ran.err!r}"
        assert ran.out == ""
        prefix = "\nAn error occurred ("
        assert ran.err.startswith(prefix) and ran.err.endswith("\n"), ran.err
        code, rest = ran.err[len(prefix):].split(") when calling the ", 1)
        operation, message = rest.split(" operation: ", 1)
        return code, operation, message[:-1]

    @property
    def machine(self) -> str:
        return self.session.machine["Name"]


def fresh_world(account_id: str = "123456789012", path=None) -> World:
    world = World(path)
    build_default_world(world, account_id)
    return world


def instance_id(world: World, name: str = "web-1") -> str:
    for row in world["instances"].all():
        if any(t["Key"] == "Name" and t["Value"] == name for t in row.get("Tags", [])):
            return row["InstanceId"]
    raise KeyError(name)


def make_ec2_role(term: Term, name: str = "S3Admin", policy: str = S3_FULL, trust: dict = EC2_TRUST,
                  profile: str | None = None) -> str:
    """As admin on the laptop: a role trusting EC2 with ``policy`` and an instance profile
    holding it; returns the profile name."""
    profile = profile or name
    term.ok(f"aws iam create-role --role-name {name} --assume-role-policy-document {q(trust)}")
    if policy:
        term.ok(f"aws iam attach-role-policy --role-name {name} --policy-arn {policy}")
    term.ok(f"aws iam create-instance-profile --instance-profile-name {profile}")
    term.ok(f"aws iam add-role-to-instance-profile --instance-profile-name {profile} --role-name {name}")
    return profile


def associate(term: Term, instance: str, profile: str) -> str:
    """``aws ec2 associate-iam-instance-profile``; returns the association id."""
    got = term.json(f"aws ec2 associate-iam-instance-profile --instance-id {instance} "
                    f"--iam-instance-profile Name={profile}")
    return got["IamInstanceProfileAssociation"]["AssociationId"]


def shell_script(path, text: str, capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    """``iam-sandbox --world PATH shell ARGS`` with ``text`` on stdin: (exit, stdout, stderr)."""
    from sandbox.cli.main import main

    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    rc = main(["--world", str(path), "shell", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return rc, out, err


def foreign_bucket(world: World, name: str, policy: str | None, owner: str = "444455556666",
                   objects: dict[str, str] | None = None) -> None:
    """A bucket that belongs to another account, made directly in the world."""
    with world.transaction():
        world["buckets"].put({"Name": name, "CreationDate": "2026-01-05T10:00:00+00:00", "Region": "us-east-1",
                              "Owner": owner, "Policy": policy, "Tags": []})
        for key, body in (objects or {}).items():
            world["objects"].put({"Key": f"{name}/{key}", "Bucket": name, "ObjectKey": key, "Body": body,
                                  "Size": len(body.encode()), "LastModified": "2026-01-05T10:30:00+00:00",
                                  "ETag": '"0"'})
