"""The real AWS CLI as an oracle, in-process: awscli v1 and botocore from PyPI (test
dependencies, never imported by the sandbox).

``RealCli.run(argv, responses)`` runs ``aws ARGV`` through ``awscli.clidriver`` with the
host's AWS files and variables out of the way (a throwaway config and credentials path,
fixed keys and region), and no request ever leaves: a ``before-call`` handler answers each
request with the next of ``responses``, as botocore's Stubber does. It returns the exit
status, standard output and error, and the parameters of each request that passed
botocore's validation, as the CLI handed them to botocore (``provide-client-params``), with
awscli's own ``before-parameter-build`` steps for ``ec2 run-instances`` applied
(MinCount/MaxCount defaults, network interface arguments) by awscli's functions;
botocore's own transport steps (idempotency tokens, base64 of UserData, URL-encoded
listings) are not part of what a command line gives.

What differs between the CLI v1 from PyPI and the CLI v2 the sandbox imitates is mapped by
``as_v2`` (exit codes and the v1-only notice); other differences are noted where tests
meet them:

- exit codes: v1 exits 2 for argparse errors and 255 for every other failure; v2 exits 252
  for usage and parameter errors (argparse, unknown options, paramfile, shorthand,
  validation), 253 for configuration, 254 for service errors and 255 for the rest
  (awscli v2 errorhandler.py, constants.py);
- v1 prints ``Note: AWS CLI version 2...`` before an argparse usage message;
- list arguments: v2 takes zero or more values (``nargs='*'``), v1 one or more;
- v2 has ``--cli-input-yaml``, ``--generate-cli-skeleton yaml-input`` and YAML outputs.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import random
import re
import signal
import sys
from dataclasses import dataclass, field

# awscli first: it carries its own copy of botocore, which ``import botocore`` then finds (the
# botocore the real CLI runs on, whose models tools/gen_cli_models.py reads)
import awscli  # noqa: F401, E402

ENV = {
    "AWS_CONFIG_FILE": "/nonexistent/iam-sandbox-oracle/config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/iam-sandbox-oracle/credentials",
    "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_PAGER": "",
}
DROPPED_ENV = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_SESSION_TOKEN", "AWS_DEFAULT_OUTPUT",
               "AWS_CA_BUNDLE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CLI_AUTO_PROMPT")
_V1_NOTE = re.compile(r"usage: \r?Note: AWS CLI version 2.*?\n\n", re.S)  # v1's notice before argparse's usage


@dataclass
class Outcome:
    rc: int
    out: str
    err: str
    requests: list[tuple[str, dict]] = field(default_factory=list)


def _first(choices):
    return choices[0]


@contextlib.contextmanager
def _isolated():
    """The host's AWS settings out of the way; and ``random.choice`` taking the first choice:
    the CLI v1's botocore fills an enumeration in a skeleton with a random value where the
    CLI v2's takes the first (botocore/utils.py, ``ArgumentGenerator``)."""
    saved = {k: os.environ.get(k) for k in (*ENV, *DROPPED_ENV)}
    interrupt = signal.getsignal(signal.SIGINT)  # awscli ignores Ctrl+C around some steps
    argv0 = sys.argv[0]
    choice = random.choice
    random.choice = _first
    os.environ.update(ENV)
    for key in DROPPED_ENV:
        os.environ.pop(key, None)
    sys.argv[0] = "aws"  # argparse names the program after it
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, interrupt)  # or every process this worker starts ignores it
        random.choice = choice
        sys.argv[0] = argv0
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class _HTTP:
    headers: dict = {}
    raw = None  # botocore's handlers read the raw body of a few S3 answers only when there is one
    content = b""

    def __init__(self, status: int = 200):
        self.status_code = status


class RealCli:
    """One real CLI per test session; each command runs on a fresh driver (the CLI is one
    command per process: its customizations register event handlers as they build an
    operation's arguments, and a second command on the same driver would run the first's
    too). The drivers share botocore's model loader, so models are read once."""

    def __init__(self):
        import botocore.session
        from awscli import EnvironmentVariables
        from awscli.plugin import load_plugins

        self._responses: list = []
        self._requests: list = []
        self._stubbed = False
        with _isolated():
            # the handlers botocore and awscli register, once: each command gets a copy
            session = botocore.session.Session(EnvironmentVariables)
            load_plugins({}, event_hooks=session.get_component("event_emitter"))
            session.register("provide-client-params", self._capture)
            session.register("before-call", self._answer)
            session.register("before-send", self._never_send)
        self._pristine = session._original_handler
        self._loader = session.get_component("data_loader")
        self.driver = self._new_driver()

    def _new_driver(self):
        import botocore.session
        from awscli import EnvironmentVariables
        from awscli.clidriver import CLIDriver, _set_user_agent_for_session

        with _isolated():
            session = botocore.session.Session(EnvironmentVariables, event_hooks=copy.copy(self._pristine),
                                               include_builtin_handlers=False)
            session.register_component("data_loader", self._loader)
            _set_user_agent_for_session(session)
            return CLIDriver(session=session)

    def _capture(self, params, model, **kwargs):
        self._pending = (model.name, copy.deepcopy(_readable(params)))

    def _answer(self, model, params, **kwargs):
        """A request that passed botocore's validation: recorded, and answered."""
        self._requests.append(self._pending)
        if self._stubbed:
            return None  # --generate-cli-skeleton output: the CLI's own Stubber answers
        response = copy.deepcopy(self._responses.pop(0) if self._responses else {})
        response.setdefault("ResponseMetadata", {"RequestId": "oracle", "HTTPStatusCode": 200})
        if "Error" in response:  # botocore raises the ClientError the CLI reports
            return _HTTP(response["ResponseMetadata"]["HTTPStatusCode"]), response
        return _HTTP(), _streaming(wire(response, model.output_shape))

    @staticmethod
    def _never_send(request, **kwargs):
        raise RuntimeError(f"the oracle would have sent a request: {request.url}")

    def run(self, argv: list[str], responses: list[dict] | None = None, stubbed: bool = False,
            cwd: str | None = None) -> Outcome:
        """``stubbed``: for ``--generate-cli-skeleton output``, whose answer the CLI makes up;
        ``cwd``: the folder relative paths are in (files the CLI writes go there)."""
        self._responses = list(responses or [])
        self._requests = []
        self._stubbed = stubbed
        self.driver = self._new_driver()
        out, err = io.StringIO(), io.StringIO()
        with _isolated(), contextlib.chdir(cwd or os.getcwd()), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            try:
                rc = self.driver.main(list(argv))
            except SystemExit as exc:  # argparse's exit in v1
                rc = exc.code
        return Outcome(rc, out.getvalue(), err.getvalue(), [(op, _cli_steps(op, p)) for op, p in self._requests])

    def arg_table(self, service: str, operation: str):
        return self.driver._get_command_table()[service]._get_command_table()[operation].arg_table

    def operation_model(self, service: str, operation: str):
        return self.driver._get_command_table()[service]._get_command_table()[operation]._operation_model


def _readable(params: dict) -> dict:
    """A file the CLI opened for a streaming blob (``--body FILE``), as its bytes."""
    out = {}
    for key, value in params.items():
        if hasattr(value, "read"):
            out[key] = value.read()
            value.close()
        else:
            out[key] = value
    return out


def wire(response: dict, shape) -> dict:
    """A response as it comes over the wire, before botocore's own after-call steps: IAM's
    policy documents (shape ``policyDocumentType``) URL-encoded JSON text, which botocore's
    ``json_decode_policies`` turns back into the objects the CLI prints."""
    from urllib.parse import quote

    def encode(value, shape):
        if shape is None or value is None:
            return value
        if shape.type_name == "structure" and isinstance(value, dict):
            for name, member in shape.members.items():
                if name not in value:
                    continue
                if member.type_name == "string" and member.name == "policyDocumentType" \
                        and isinstance(value[name], (dict, list)):
                    value[name] = quote(json.dumps(value[name]))
                else:
                    value[name] = encode(value[name], member)
        elif shape.type_name == "list" and isinstance(value, list):
            return [encode(item, shape.member) for item in value]
        return value

    return encode(response, shape)


def _streaming(response: dict) -> dict:
    """A response body as botocore hands it to the CLI: a stream."""
    from botocore.response import StreamingBody

    body = response.get("Body")
    if isinstance(body, (bytes, str)):
        data = body.encode() if isinstance(body, str) else body
        response["Body"] = StreamingBody(io.BytesIO(data), len(data))
    return response


def _cli_steps(operation: str, params: dict) -> dict:
    """awscli's own ``before-parameter-build`` steps (ec2 run-instances), by its functions."""
    if operation == "RunInstances":
        from awscli.customizations.ec2.addcount import set_default_count
        from awscli.customizations.ec2.runinstances import _fix_args

        set_default_count(params)
        _fix_args(params)
    return params


def as_v2(outcome: Outcome, kind: str) -> tuple[int, str]:
    """The exit status and standard error the CLI v2 gives where v1 gave ``outcome``.
    ``kind`` says what a v1 exit 255 was: "param" (paramfile, shorthand, JSON, validation,
    the CLI's own argument checks), "usage" (unknown options), "service" or "general"."""
    err = _V1_NOTE.sub("", outcome.err)
    if outcome.rc == 0:
        return 0, err
    if outcome.rc == 2:  # argparse: v2 raises ArgParseException, printed between blank lines
        return 252, "\n" + err.replace("\naws: error:", "\n\naws: error:") + "\n"
    if kind == "usage":  # Unknown options
        return 252, "\n" + err + "\n"
    if kind == "param":
        # v1 raises botocore's PaginationError here, v2 its own ParamValidationError
        return 252, err.replace("Error during pagination: ", "")
    return {"service": 254, "general": 255}[kind], err
