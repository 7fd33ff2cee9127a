"""Helpers for policy engine tests: build a request in a line and get the decision."""

from __future__ import annotations

import json
from typing import Any

from sandbox.policy import (
    IDENTITY,
    RESOURCE,
    TRUST,
    Authorization,
    PolicyRef,
    Principal,
    RequestContext,
    evaluate,
    parse_policy,
)

ACCOUNT = "111122223333"
OTHER = "444455556666"


def doc(*statements: dict, version: str | None = "2012-10-17") -> str:
    body: dict[str, Any] = {}
    if version is not None:
        body["Version"] = version
    body["Statement"] = list(statements)
    return json.dumps(body)


def allow(action: Any = "*", resource: Any = "*", **extra) -> dict:
    st = {"Effect": "Allow", "Action": action, "Resource": resource}
    st.update(extra)
    return st


def deny(action: Any = "*", resource: Any = "*", **extra) -> dict:
    st = {"Effect": "Deny", "Action": action, "Resource": resource}
    st.update(extra)
    return st


def user(name: str = "bob", account: str = ACCOUNT, **kw) -> Principal:
    return Principal(f"arn:aws:iam::{account}:user/{name}", "user", account, kw.pop("user_id", "AIDAEXAMPLEUSERID01"),
                     **kw)


def session(role: str = "app", name: str = "sess", account: str = ACCOUNT) -> Principal:
    return Principal(f"arn:aws:sts::{account}:assumed-role/{role}/{name}", "assumed-role", account,
                     f"AROAEXAMPLEROLEID001:{name}", role_arn=f"arn:aws:iam::{account}:role/{role}",
                     role_id="AROAEXAMPLEROLEID001")


def root(account: str = ACCOUNT) -> Principal:
    return Principal(f"arn:aws:iam::{account}:root", "root", account, account)


def service(name: str = "ec2.amazonaws.com") -> Principal:
    return Principal(name, "service", None, service=name)


def refs(policies, kind=IDENTITY, label="policy"):
    if policies is None:
        return None
    if isinstance(policies, (str, dict)):
        policies = [policies]
    return [PolicyRef(parse_policy(p, kind), f"{label}.{i}", None, f"{label}.{i}") for i, p in enumerate(policies, 1)]


def decide(action: str, resource: str = "*", *, principal: Principal | None = None, identity=(), boundary=None,
           session_policies=None, scps=None, resource_policy=None, trust_policy=None, resource_account=None,
           context: dict | None = None, explain: bool = False):
    """Return the Decision for one request; ``.decision`` is allowed/explicitDeny/implicitDeny."""
    rp = None
    if resource_policy is not None:
        rp = refs(resource_policy, RESOURCE, "ResourcePolicy")[0]
    if trust_policy is not None:
        rp = refs(trust_policy, TRUST, "TrustPolicy")[0]
    auth = Authorization(
        principal=principal or user(),
        action=action,
        resource=resource,
        context=RequestContext.from_mapping(context or {}),
        identity=refs(identity) or [],
        boundary=refs(boundary, label="boundary"),
        session=refs(session_policies, label="session"),
        scps=None if scps is None else [refs(level, label=f"scp{i}") for i, level in enumerate(scps)],
        resource_policy=rp,
        resource_account=resource_account,
    )
    return evaluate(auth, explain=explain)


def verdict(*args, **kwargs) -> str:
    return decide(*args, **kwargs).decision
