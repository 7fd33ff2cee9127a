"""The sandbox's ``aws`` beside the real one: ``ProjectCli.run(argv)`` runs the sandbox's
``aws`` program (``run_aws``) on the sandbox laptop as ``iam-sandbox aws`` does (inputs
from the host's files), and records each request the gateway receives (operation,
parameters) and what it answered, so that the same answers can be given to the real CLI.
"""

from __future__ import annotations

import copy
import io

from awsoracle import Outcome
from sandbox.awscli.run import run_aws
from sandbox.cli.host_laptop import HostLaptop
from sandbox.errors import AwsError
from sandbox.services.gateway import Gateway
from sandbox.shell.machines import SandboxMachine


class _Recording(Gateway):
    def __init__(self, world, log: list):
        super().__init__(world)
        self.log = log

    def call(self, who, service, operation, params, origin=None):
        entry = {"operation": operation, "params": copy.deepcopy(params)}
        self.log.append(entry)
        try:
            response = super().call(who, service, operation, params, origin)
        except AwsError as exc:
            entry["error"] = exc
            raise
        entry["response"] = copy.deepcopy(response)
        return response


class ProjectCli:
    def __init__(self, world):
        self.world = world
        self.log: list[dict] = []

    def run(self, argv: list[str], env: dict | None = None, host: bool = True) -> Outcome:
        """``host``: as ``iam-sandbox aws`` in the learner's terminal (input files from the
        host); otherwise as ``aws`` in the sandbox terminal (the laptop's files only)."""
        self.log = []
        gateway = _Recording(self.world, self.log)
        kind = HostLaptop if host else SandboxMachine
        machine = kind(gateway, self.world["machines"].get("laptop"), env=env or {}, ask=None)
        out, err = io.StringIO(), io.StringIO()
        rc = run_aws(list(argv), machine, out, err)
        # the requests the service saw, not the credential chain's own (AssumeRole for a profile)
        requests = [(e["operation"], e["params"]) for e in self.log]
        return Outcome(rc, out.getvalue(), err.getvalue(), requests)

    def read_laptop(self, path: str) -> str:
        return SandboxMachine(Gateway(self.world), self.world["machines"].get("laptop")).read_text(path)

    @property
    def responses(self) -> list[dict]:
        """What the service answered, in order: a response, or an error as botocore parses
        one (``Error``, and the HTTP status in ``ResponseMetadata``)."""
        out = []
        for entry in self.log:
            if "response" in entry:
                out.append(entry["response"])
            elif "error" in entry:
                error = entry["error"]
                out.append({"Error": {"Code": error.code, "Message": error.message},
                            "ResponseMetadata": {"HTTPStatusCode": error.status}})
        return out
