"""AssumeRoleWithWebIdentity: a web identity token in, temporary role credentials out.

Called without AWS credentials (the API model's ``authtype: none``): the token is the proof.
The checks, in AWS's order (STS API Reference, AssumeRoleWithWebIdentity):

1. the request's own constraints: RoleArn, RoleSessionName (2-64 of ``[\\w+=,.@-]``),
   DurationSeconds (900-43200), and an ARN that names a role at all;
2. the token, as ``sandbox.idp.verify_web_identity_token`` checks it (form, issuer, key,
   signature, claims, audience, times) with the account's IAM OIDC providers: refusals are
   InvalidIdentityToken, ExpiredTokenException, IDPRejectedClaim or ValidationError, and
   are published as failed authentications with the reason for a learner;
3. the role's trust policy, evaluated for the web identity principal (``Federated``:
   ``accounts.google.com``, ``graph.facebook.com``, ``www.amazon.com``, or the IAM OIDC
   provider's ARN) and the action ``sts:AssumeRoleWithWebIdentity``, with the token's
   condition keys (``accounts.google.com:aud``...), ``sts:RoleSessionName`` and
   ``aws:FederatedProvider``. A refusal is ``AccessDenied: Not authorized to perform
   sts:AssumeRoleWithWebIdentity``, whatever the reason (no such role, no statement for the
   provider, a condition on the audience that fails); the decision's event says which;
4. the role's MaxSessionDuration, then the session policies (MalformedPolicyDocument,
   PackedPolicyTooLarge).

The session is ``arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`` and every later request
it signs carries the token's condition keys (``services.requestctx``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sandbox.errors import AwsError
from sandbox.policy import Principal
from sandbox.services.gateway import CallContext, Caller
from sandbox.services.iam import common as c
from sandbox.services.iam import oidc_providers
from sandbox.services.registry import operation
from sandbox.services.sts import sessions

if TYPE_CHECKING:  # annotations only: the identity providers load when a token is checked
    from sandbox import idp

ACTION = "sts:AssumeRoleWithWebIdentity"
NOT_AUTHORIZED = "Not authorized to perform sts:AssumeRoleWithWebIdentity"


def web_identity_caller(federated: str, audience: str, subject: str) -> Caller:
    """The principal a trust policy sees: the provider, as ``Federated`` names it
    (``accounts.google.com``, or the IAM OIDC provider's ARN). Its id is CloudTrail's
    ``principalId`` for a web identity user: ``PROVIDER:AUDIENCE:SUBJECT``."""
    principal = Principal(f"{federated}:{audience}:{subject}", "web-identity", provider=federated)
    return Caller(principal, "web-identity")


def federated_name(world, provider: idp.Provider) -> str:
    """What a trust policy must name for ``provider``'s tokens: the account's IAM OIDC provider
    for an OpenID Connect issuer when there is one (it is looked up first, as STS does), else
    the built-in provider's name."""
    if not provider.uses_provider_id:
        iam = oidc_providers.lookup(world, oidc_providers.strip_scheme(provider.issuer))
        if iam is not None:
            return iam.arn
    return provider.id


def verify(ctx: CallContext, token: str, provider_id: str | None, role_arn: str) -> idp.VerifiedToken:
    """The token as STS accepts it; a refusal is published (with why) and raised."""
    from sandbox import idp  # jwt and cryptography: every other STS call is spared their start-up time

    world = ctx.world
    try:
        return idp.verify_web_identity_token(world, token, provider_id,
                                             iam_oidc_provider=lambda hp: oidc_providers.lookup(world, hp))
    except idp.TokenRefused as refused:
        ctx.gateway.publish_refusal(ctx.origin, "sts", "AssumeRoleWithWebIdentity", ACTION, role_arn,
                                    f"{refused.code}: {refused.message}", "WebIdentityUser",
                                    notes=(f"The token failed the {refused.check} check. {refused.explain}",))
        raise


def _token_steps(verified: idp.VerifiedToken) -> str:
    return "The token passed STS's checks: " + "; ".join(f"{s.check}: {s.detail}" for s in verified.steps) + "."


@operation("sts", "AssumeRoleWithWebIdentity", public=True, mutates=False, unsigned=True)
def assume_role_with_web_identity(ctx: CallContext, p: dict) -> dict:
    role_arn = c.require(p, "RoleArn")
    name = sessions.session_name(p)
    token = c.require(p, "WebIdentityToken")
    seconds = sessions.role_duration(p)
    role = sessions.target_role(ctx, role_arn)
    verified = verify(ctx, token, p.get("ProviderId"), role_arn)
    federated = verified.iam_provider_arn or verified.provider.id
    ctx.caller = web_identity_caller(federated, verified.audience, verified.subject)
    context = {**verified.context, "sts:RoleSessionName": name, "aws:FederatedProvider": federated}
    decision = ctx.check(ACTION, role_arn, context=context, resource_policy=sessions.trust_ref(role),
                         resource_account=ctx.account, notes=(_token_steps(verified),))
    if not decision.allowed:
        raise AwsError("AccessDenied", NOT_AUTHORIZED, 403)
    sessions.check_max_session(role, seconds)
    session_policy, policy_arns, packed = sessions.session_policies(ctx, p)
    credentials = sessions.issue_session(
        ctx.world, kind="assumed-role", now=ctx.now(), seconds=seconds, role=role, session_name=name,
        session_policy=session_policy, policy_arns=policy_arns,
        web_identity={"Provider": federated, "Subject": verified.subject, "Audience": verified.audience,
                      "Context": dict(verified.context)})
    out = {"Credentials": credentials, "SubjectFromWebIdentityToken": verified.subject,
           "AssumedRoleUser": sessions.assumed_role_user(ctx, role, name)}
    if packed is not None:
        out["PackedPolicySize"] = packed
    out["Provider"] = verified.response_provider
    out["Audience"] = verified.audience
    return out
