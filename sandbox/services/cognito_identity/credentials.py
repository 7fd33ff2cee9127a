"""GetCredentialsForIdentity: the enhanced flow's temporary credentials for an identity.

"Functionally equivalent to calling GetOpenIdToken followed by AssumeRoleWithWebIdentity"
(Developer Guide, "Identity pools authentication flow"): Cognito chooses the role (``roles``),
makes the identity pool's token for the identity and has STS trade it for the role's
credentials, so the role's trust policy decides as it would for the app itself: it must trust
``cognito-identity.amazonaws.com`` for this pool (``:aud``) and the kind of sign-in (``:amr``);
a role that does not is the pool's misconfiguration ("Invalid identity pool configuration.
Check assigned IAM roles for this pool."). The session is
``assumed-role/ROLE/CognitoIdentityCredentials``, valid one hour; its requests carry the
token's keys, so ``${cognito-identity.amazonaws.com:sub}`` is the identity id in a policy.

Guests in the enhanced flow get less than their role: AWS scopes their credentials down with
the managed session policy ``AmazonCognitoUnAuthedIdentitiesSessionPolicy``, so what a guest
may do is what both the role and that policy allow, and that policy grants no Amazon S3 (nor
DynamoDB, nor Cognito Sync) action: a guest reads S3 only through the basic flow (AWS managed
policy reference, AmazonCognitoUnAuthedIdentitiesSessionPolicy: "The privileges ... through
the enhanced flow will now be defined by the intersection of the role ... and the privileges
given in this managed policy").

The response names the secret ``SecretKey`` (not STS's ``SecretAccessKey``).
"""

from __future__ import annotations

from sandbox import idp
from sandbox.services.cognito_identity import common as c
from sandbox.services.cognito_identity.roles import invalid_configuration, resolve
from sandbox.services.cognito_identity.tokens import open_id_token, sign_in
from sandbox.services.gateway import CallContext
from sandbox.services.jsonapi import IDENTITY_POOL_GUIDE, public_operation
from sandbox.services.registry import operation
from sandbox.services.sts import sessions
from sandbox.services.sts.web_identity import ACTION, web_identity_caller

SESSION_NAME = "CognitoIdentityCredentials"
LIFETIME = 3600
GUEST_SESSION_POLICY = "arn:aws:iam::aws:policy/AmazonCognitoUnAuthedIdentitiesSessionPolicy"


def exchange(ctx: CallContext, role_arn: str, token: str, policy_arns: list[str]) -> dict:
    """What STS's AssumeRoleWithWebIdentity does with the identity pool's token for Cognito
    (``sts.web_identity``): verify it, ask the role's trust policy, issue the session. Returns
    STS's Credentials; a refusal is the pool's misconfiguration, not STS's error."""
    verified = idp.verify_web_identity_token(ctx.world, token)
    role = sessions.target_role(ctx, role_arn)
    if role is None:
        raise invalid_configuration()
    federated = verified.provider.id
    caller = web_identity_caller(federated, verified.audience, verified.subject)
    context = {**verified.context, "sts:RoleSessionName": SESSION_NAME, "aws:FederatedProvider": federated}
    decision = ctx.gateway.authorize(caller, ctx.origin, ACTION, role_arn, context,
                                     resource_policy=sessions.trust_ref(role), resource_account=ctx.account,
                                     service="sts", operation="AssumeRoleWithWebIdentity")
    ctx.decisions.append(decision)
    if not decision.allowed or role.get("MaxSessionDuration", 3600) < LIFETIME:
        raise invalid_configuration()
    return sessions.issue_session(
        ctx.world, kind="assumed-role", now=ctx.now(), seconds=LIFETIME, role=role, session_name=SESSION_NAME,
        policy_arns=policy_arns,
        web_identity={"Provider": federated, "Subject": verified.subject, "Audience": verified.audience,
                      "Context": dict(verified.context)})


@operation("cognito-identity", "GetCredentialsForIdentity", public=True, mutates=False, unsigned=True)
@public_operation("cognito-identity:GetCredentialsForIdentity",
                  "an app gets AWS credentials for its user (the enhanced flow)", IDENTITY_POOL_GUIDE)
def get_credentials_for_identity(ctx: CallContext, p: dict) -> dict:
    signed = sign_in(ctx, c.required(p, "IdentityId"), p.get("Logins"))
    role_arn, _how = resolve(signed, p.get("CustomRoleArn"))
    guest_policy = [] if signed.logins else [GUEST_SESSION_POLICY]
    credentials = exchange(ctx, role_arn, open_id_token(ctx, signed), guest_policy)
    return {"IdentityId": signed.identity["IdentityId"],
            "Credentials": {"AccessKeyId": credentials["AccessKeyId"], "SecretKey": credentials["SecretAccessKey"],
                            "SessionToken": credentials["SessionToken"], "Expiration": credentials["Expiration"]}}
