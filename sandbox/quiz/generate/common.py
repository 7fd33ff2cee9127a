"""Shared pieces of the generated questions: seeded names, policy documents shown as text,
asking the policy engine, and turning its answer into feedback.

A generator builds a candidate from its ``random.Random``, asks the engine, and keeps the
candidate only if exactly one option is correct; otherwise it draws again from the same
generator, so a seed always gives the same question.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

from sandbox.policy import (
    IDENTITY,
    RESOURCE,
    TRUST,
    Authorization,
    Decision,
    PolicyRef,
    Principal,
    RequestContext,
    evaluate,
    parse_policy,
)
from sandbox.policy.statement import StatementTrace
from sandbox.quiz.generate.kinds import GenerationError

ACCOUNT = "111122223333"
OTHER_ACCOUNT = "444455556666"
REGION = "us-east-1"
VERSION = "2012-10-17"
ATTEMPTS = 200

USERS = ("alice", "bob", "carol", "dev-dan", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "olivia")
BUCKETS = ("reports", "team-photos", "app-logs", "invoices", "build-artifacts", "experimenting-aws")
TABLES = ("Orders", "Customers", "Sessions", "Inventory")
ROLES = ("S3Reader", "BuildAgent", "AuditReadOnly", "WebAppRole", "DataLoader", "OpsAdmin")
ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


@dataclass(frozen=True, slots=True)
class Judged:
    """The engine's decision on one request, with the explanation for the learner."""

    decision: Decision

    @property
    def outcome(self) -> str:
        return self.decision.decision

    @property
    def text(self) -> str:
        return self.decision.explain.render_text() if self.decision.explain else self.decision.message


def unique_id(rng: random.Random, prefix: str) -> str:
    """An IAM unique id (``AIDA…``, ``AROA…``): the prefix and 17 more characters."""
    return prefix + "".join(rng.choice(ID_CHARS) for _ in range(17))


def key_id(rng: random.Random, prefix: str = "AKIA") -> str:
    return prefix + "".join(rng.choice(ID_CHARS) for _ in range(16))


def document(*statements: dict) -> str:
    """A policy document as a learner would write it (one statement a line)."""
    body = ",\n    ".join(json.dumps(st, separators=(", ", ": ")) for st in statements)
    return f'{{\n  "Version": "{VERSION}",\n  "Statement": [\n    {body}\n  ]\n}}'


def ref(text: str, label: str, kind: str = IDENTITY, source_type: str = "user") -> PolicyRef:
    return PolicyRef(parse_policy(text, kind), label, source_type, label)


def identity_ref(text: str, label: str) -> PolicyRef:
    return ref(text, label, IDENTITY, "user")


def resource_ref(text: str, label: str) -> PolicyRef:
    return ref(text, label, RESOURCE, "resource")


def trust_ref(text: str, label: str) -> PolicyRef:
    return ref(text, label, TRUST, "resource")


def user(name: str, account: str = ACCOUNT) -> Principal:
    return Principal(f"arn:aws:iam::{account}:user/{name}", "user", account)


def context(entries: list[dict] | None) -> RequestContext:
    return RequestContext.from_entries(entries or [])


def judge(principal: Principal, action: str, resource: str, *, identity: list[PolicyRef] = (),
          boundary: list[PolicyRef] | None = None, resource_policy: PolicyRef | None = None,
          resource_account: str | None = None, entries: list[dict] | None = None) -> Judged:
    """Ask the engine, with the explanation."""
    auth = Authorization(principal=principal, action=action, resource=resource, context=context(entries),
                         identity=list(identity), boundary=boundary, resource_policy=resource_policy,
                         resource_account=resource_account or (ACCOUNT if resource_policy is not None else None))
    return Judged(evaluate(auth, explain=True))


def why_not_applies(trace: StatementTrace) -> str:
    """The first part of a statement that does not match the request, in the engine's words."""
    for part in (trace.action, trace.resource, trace.principal):
        if part is not None and not part.matched:
            return part.detail
    for c in trace.conditions:
        if not c.result:
            return f"{c.operator} {c.key}: {c.reason}"
    return "it does not match the request"


def traces(judged: Judged) -> list[tuple[str, StatementTrace]]:
    """``(policy label, statement trace)`` for every statement the engine looked at."""
    explain = judged.decision.explain
    return [(p.label, t) for p in explain.policies for t in p.statements] if explain else []


def context_entry(key: str, value: str, ctype: str = "string") -> dict:
    return {"ContextKeyName": key, "ContextKeyValues": [value], "ContextKeyType": ctype}


def simulation_request(identity: list[str], action: str, resource: str, caller: str, *,
                       boundary: list[str] | None = None, resource_policy: str | None = None,
                       entries: list[dict] | None = None) -> str:
    """The same question as an IAM ``SimulateCustomPolicy`` request (JSON), for the policy
    simulator and ``aws iam simulate-custom-policy --cli-input-json``."""
    request: dict = {"PolicyInputList": [json.dumps(json.loads(t)) for t in identity], "ActionNames": [action],
                     "ResourceArns": [resource], "CallerArn": caller}
    if boundary:
        request["PermissionsBoundaryPolicyInputList"] = [json.dumps(json.loads(t)) for t in boundary]
    if resource_policy:
        request["ResourcePolicy"] = json.dumps(json.loads(resource_policy))
    if entries:
        request["ContextEntries"] = entries
    return json.dumps(request, indent=2)


def attempts(rng: random.Random, build, verify) -> object:
    """Draw candidates from ``rng`` until one passes ``verify``."""
    for _ in range(ATTEMPTS):
        candidate = build(rng)
        if candidate is not None and verify(candidate):
            return candidate
    raise GenerationError("no candidate passed the engine's check")
