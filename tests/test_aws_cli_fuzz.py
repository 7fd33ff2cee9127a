"""Whatever a learner types after ``iam-sandbox aws``, the answer is an AWS-shaped message
and an AWS CLI exit code, never a Python traceback."""

from __future__ import annotations

import contextlib
import io
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.awscli import catalog
from sandbox.cli.main import main
from sandbox.world import World

EXIT_CODES = {0, 1, 2, 130, 252, 253, 254, 255}
IAM, STS = catalog.get_service("iam"), catalog.get_service("sts")

SERVICES = ["iam", "sts", "configure", "s3", "s3api", "ec2", "help", "iamm", ""]
OPERATIONS = sorted(IAM.operations) + sorted(STS.operations) + ["set", "get", "list", "ls", "help", "list-user"]
FLAGS = sorted({p.flag for svc in (IAM, STS) for op in svc.operations.values() for p in op.params}) + [
    "--output", "--query", "--profile", "--region", "--cli-input-json", "--max-items", "--starting-token",
    "--no-paginate", "--debug", "--version", "--set-as-default", "--no-set-as-default", "--", "-", "--=",
]
VALUES = ["bob", "admin", "Admins", "json", "text", "table", "yaml", "nope", "default", "{}", "[]", "[", "{",
          '{"UserName": "fz"}', '{"Version":"2012-10-17","Statement":[]}', "file://", "file:///etc/hostname",
          "fileb://x", "Users[]", "Users[.", "`1`", "-1", "0", "99999999999999999999", "Key=a,Value=b", "Key=",
          "a=b,c", "arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::123456789012:role/x",
          "arn:aws:iam::aws:policy/IAMReadOnlyAccess", "v1", "v0", "Active", "Inactive", "true", "é", "\x00", ""]

token = st.one_of(st.sampled_from(FLAGS), st.sampled_from(VALUES), st.sampled_from(OPERATIONS),
                  st.text(max_size=12))
value = st.one_of(st.sampled_from(VALUES), st.text(max_size=12))
GLOBALS = [["--output", "text"], ["--output", "table"], ["--query", "@"], ["--query", "*[0]"], ["--region", "x"],
           ["--profile", "nope"], ["--max-items", "1"], ["--cli-input-json", "{}"]]


@st.composite
def well_formed(draw):
    """A real operation with some of its own parameters, so that most requests reach the service."""
    service = draw(st.sampled_from([IAM, STS]))
    op = draw(st.sampled_from(sorted(service.operations.values(), key=lambda o: o.cli)))
    argv = [service.name, op.cli]
    for param in op.params:
        if param.required or draw(st.booleans()):
            choices = param.choices or param.enum
            argv += [param.flag, draw(st.sampled_from(choices) if choices else value)]
    if draw(st.integers(0, 3)) == 0:
        argv += draw(st.sampled_from(GLOBALS))
    return argv


command = st.one_of(
    well_formed(),
    well_formed(),
    st.lists(st.one_of(token, st.sampled_from(SERVICES)), max_size=8),
    st.tuples(st.sampled_from(["iam", "sts"]), st.sampled_from(OPERATIONS), st.lists(token, max_size=8))
      .map(lambda t: [t[0], t[1], *t[2]]),
)


@pytest.fixture(scope="module")
def fuzz_world(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "world.json"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["--world", str(path), "world", "snapshot", "start"]) == 0
    return path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(args=command)
def test_no_traceback_whatever_the_arguments(fuzz_world, monkeypatch, args):
    World(fuzz_world).restore("start")
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(["--world", str(fuzz_world), "aws", *args])
    assert rc in EXIT_CODES, (args, rc, err.getvalue())
    assert "Traceback" not in err.getvalue() and "Traceback" not in out.getvalue()
    assert "This is a bug in IAM Sandbox" not in err.getvalue(), (args, err.getvalue())
    if rc == 254:
        assert err.getvalue().startswith("\nAn error occurred ("), err.getvalue()
