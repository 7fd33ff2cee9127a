"""``decision`` checks: ask the engine now, with the live policies, whether a principal
may do something, exactly as the gateway would decide a real request (but silently).

Principals: ``root``, ``user:NAME``, ``role:NAME`` (a session of the role),
``service:NAME``, and ``web:PROVIDER@APP``: a person signed in to the app APP with PROVIDER
(``google``, ``amazon``, ``facebook``, an issuer URL), as a role's trust policy sees them
after AssumeRoleWithWebIdentity, with the token's condition keys (``web:PROVIDER`` alone:
signed in to an app the world has not registered, another audience).
"""

from __future__ import annotations

import re

from sandbox.policy import RESOURCE, TRUST, Principal
from sandbox.services import principals
from sandbox.services.gateway import Caller, Gateway, Origin
from sandbox.services.sts.web_identity import federated_name, web_identity_caller

OTHER_APP = "an-app-this-world-has-not-registered"

_BUCKET = re.compile(r"^arn:aws:s3:::([^/]+)")
_ROLE = re.compile(r"^arn:aws:iam::\d{12}:role/(?:.*/)?([^/]+)$")


def caller_for(gateway: Gateway, spec: str) -> Caller | None:
    world = gateway.world
    if spec == "root":
        return Caller(principals.root_principal(world), "root")
    kind, _, name = spec.partition(":")
    if kind == "user":
        user = world["users"].get(name)
        return None if user is None else Caller(principals.user_principal(world, user), "user", user=user)
    if kind == "role":
        role = world["roles"].get(name)
        if role is None:
            return None
        session = {"RoleName": role["RoleName"], "RoleSessionName": "scenario-check", "RoleId": role["RoleId"]}
        return Caller(principals.session_principal(world, session, role), "assumed-role", role=role,
                      session=session, mfa_present=False)
    if kind == "service":
        return Caller(Principal(name, "service", service=name), "service")
    return None


def web_identity(gateway: Gateway, spec: str) -> tuple[Caller, dict] | None:
    """``web:PROVIDER@APP``: the web identity principal and its token's condition keys."""
    from sandbox import idp  # start-up time: jwt and cryptography load only for this kind of principal
    from sandbox.idp.tokens import claims_for
    from sandbox.idp.verify import context_keys

    world = gateway.world
    rest = spec[len("web:"):]
    name, _, app_name = rest.rpartition("@") if "@" in rest else (rest, "", "")
    provider = idp.find_provider(world, name)
    if provider is None:
        return None
    client_id = OTHER_APP
    if app_name:
        app = next((a for a in idp.apps(world, provider) if a["Name"].lower() == app_name.lower()), None)
        if app is None:
            return None
        client_id = app["ClientId"]
    subject = "scenario-check-subject"
    claims = claims_for(provider, client_id, "someone@example.com", subject, 0, 0)
    federated = federated_name(world, provider)
    context = {**context_keys(provider, claims, client_id), "aws:FederatedProvider": federated,
               "sts:RoleSessionName": "scenario-check"}
    return web_identity_caller(federated, client_id, subject), context


def decide(gateway: Gateway, spec: str, action: str, resource: str, context: dict):
    world = gateway.world
    if spec.startswith("web:"):
        found = web_identity(gateway, spec)
        if found is None:
            return None
        caller, token_context = found
        context = {**token_context, **context}
    else:
        caller = caller_for(gateway, spec)
    if caller is None:
        return None
    rp = None
    account = None
    m = _BUCKET.match(resource)
    if m:
        bucket = world["buckets"].get(m.group(1))
        if bucket is not None:
            account = bucket["Owner"]
            if bucket.get("Policy"):
                rp = principals.stored_ref(bucket["Policy"], "BucketPolicy", "resource",
                                           f"bucket policy of {bucket['Name']}", RESOURCE)
    m = _ROLE.match(resource)
    if m and action.lower().startswith("sts:assumerole"):
        role = world["roles"].get(m.group(1))
        if role is not None:
            rp = principals.stored_ref(role["AssumeRolePolicyDocument"], "AssumeRolePolicyDocument", "role",
                                       f"trust policy of role {role['RoleName']}", TRUST)
            account = world.account_id
    laptop = world["machines"].get("laptop") or {}
    origin = Origin(machine="laptop", source_ip=laptop.get("SourceIp", "203.0.113.10"), via="check")
    return gateway.authorize(caller, origin, action, resource, {k: v for k, v in context.items()},
                             resource_policy=rp, resource_account=account,
                             quote_resource=resource.startswith("arn:aws:s3"), publish=False)
