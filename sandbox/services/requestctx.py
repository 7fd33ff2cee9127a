"""The global condition keys of a request (IAM User Guide, "AWS global condition context
keys"), built from who is calling and from where.

Faithful details a learner can trip over:
- ``aws:username`` exists only for IAM users; ``aws:userid`` is ``AIDA…`` for a user,
  ``AROA…:session`` for a role session, the account id for root and ``anonymous`` for an
  unsigned request (``aws s3 ... --no-sign-request``).
- ``aws:PrincipalArn`` of a role session is the role's ARN, not the session's.
- A session from AssumeRoleWithWebIdentity carries the token's keys on every request
  (``accounts.google.com:sub``, ``www.amazon.com:user_id``, ``login.example.edu:aud``...) and
  ``aws:FederatedProvider``, so a policy variable such as ``${accounts.google.com:sub}``
  gives each person their own S3 prefix (IAM User Guide, "Available keys for AWS web
  identity federation").
- ``aws:MultiFactorAuthPresent`` is absent for long-term access keys, so
  ``"Bool": {"aws:MultiFactorAuthPresent": "false"}`` does not match them while
  ``BoolIfExists`` does; it is present for temporary credentials and console sign-ins.
"""

from __future__ import annotations

from sandbox.services.callers import Caller, Origin
from sandbox.world.store import World


def base_context(world: World, caller: Caller, origin: Origin) -> dict:
    now = world.now()
    p = caller.principal
    ctx: dict = {
        "aws:CurrentTime": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "aws:EpochTime": str(int(now.timestamp())),
        "aws:SecureTransport": "true" if origin.secure else "false",
        "aws:SourceIp": origin.source_ip,
        "aws:RequestedRegion": origin.region or "us-east-1",
        "aws:UserAgent": origin.user_agent,
        "aws:PrincipalAccount": p.account or "",
        "aws:PrincipalType": p.principal_type,
        "aws:ViaAWSService": "false",
        "aws:PrincipalIsAWSService": "false",
    }
    if caller.kind == "user":
        ctx["aws:username"] = caller.user["UserName"]
        ctx["aws:userid"] = caller.user["UserId"]
        ctx["aws:PrincipalArn"] = p.arn
    elif caller.kind == "root":
        ctx["aws:userid"] = p.account
        ctx["aws:PrincipalArn"] = p.arn
    elif caller.kind == "assumed-role":
        ctx["aws:userid"] = p.user_id
        ctx["aws:PrincipalArn"] = p.role_arn or p.arn
    elif caller.kind == "anonymous":
        # "Principal key values" table: no aws:username, aws:userid "anonymous", type "Anonymous"
        ctx["aws:userid"] = "anonymous"
        ctx["aws:PrincipalType"] = "Anonymous"
        del ctx["aws:PrincipalAccount"]
    for key, value in (p.tags or {}).items():
        ctx[f"aws:PrincipalTag/{key}"] = value
    if caller.mfa_present is not None:
        ctx["aws:MultiFactorAuthPresent"] = "true" if caller.mfa_present else "false"
        if caller.mfa_present and caller.mfa_auth_time is not None:
            ctx["aws:MultiFactorAuthAge"] = str(max(0, int((now - caller.mfa_auth_time).total_seconds())))
    if caller.token_issue_time is not None:
        ctx["aws:TokenIssueTime"] = caller.token_issue_time.strftime("%Y-%m-%dT%H:%M:%SZ")
    web_identity = (caller.session or {}).get("WebIdentity")
    if isinstance(web_identity, dict):
        # single keys (accounts.google.com:aud) and multivalued ones (cognito-identity.amazonaws.com:amr)
        ctx.update({k: v for k, v in (web_identity.get("Context") or {}).items() if isinstance(v, (str, list))})
        ctx["aws:FederatedProvider"] = web_identity.get("Provider") or ""
    source_instance = (caller.session or {}).get("SourceInstanceArn")
    if source_instance:
        # the session came from an instance profile, wherever the credentials are used now
        ctx["ec2:SourceInstanceARN"] = source_instance
        ctx["ec2:RoleDelivery"] = origin.role_delivery or "1.0"
    if caller.kind == "service":
        ctx["aws:PrincipalServiceName"] = caller.principal.service or caller.arn
        ctx["aws:PrincipalIsAWSService"] = "true"
    return {k: v for k, v in ctx.items() if v != ""}
