"""A user pool's external identity providers: Google, Facebook, Login with Amazon and OIDC
issuers, through which its users sign in on the pool's managed login pages (``login``).

CreateIdentityProvider names the provider as Cognito does (a social provider's name is its
type: ``Google``, ``Facebook``, ``LoginWithAmazon``), with the app registered at the provider
(``client_id``, ``client_secret``, ``authorize_scopes``) and an attribute mapping from the
provider's claims to the pool's attributes; Cognito fills in the provider's endpoints and
maps ``username`` to the provider's subject (API Reference, CreateIdentityProvider;
Developer Guide, "Adding social identity providers to a user pool"). The sandbox has no SAML
identity providers and no Sign in with Apple.
"""

from __future__ import annotations

import re

from sandbox.errors import AwsError
from sandbox.services.cognito_idp import common as c
from sandbox.services.gateway import CallContext
from sandbox.services.paging import limit_of, listing
from sandbox.services.registry import operation

TYPES = ("SAML", "Facebook", "Google", "LoginWithAmazon", "SignInWithApple", "OIDC")
SOCIAL = ("Facebook", "Google", "LoginWithAmazon")
# what Cognito adds to a social provider's details, and the claim its users are named by
_ENDPOINTS = {
    "Google": {"authorize_url": "https://accounts.google.com/o/oauth2/v2/auth",
               "token_url": "https://www.googleapis.com/oauth2/v4/token",
               "attributes_url": "https://people.googleapis.com/v1/people/me?personFields=",
               "attributes_url_add_attributes": "true", "oidc_issuer": "https://accounts.google.com"},
    "Facebook": {"authorize_url": "https://www.facebook.com/v17.0/dialog/oauth",
                 "token_url": "https://graph.facebook.com/v17.0/oauth/access_token",
                 "attributes_url": "https://graph.facebook.com/v17.0/me?fields=",
                 "attributes_url_add_attributes": "true"},
    "LoginWithAmazon": {"authorize_url": "https://www.amazon.com/ap/oa",
                        "token_url": "https://api.amazon.com/auth/o2/token",
                        "attributes_url": "https://api.amazon.com/user/profile",
                        "attributes_url_add_attributes": "false"},
}
SUBJECT_CLAIM = {"Google": "sub", "Facebook": "id", "LoginWithAmazon": "user_id", "OIDC": "sub"}
_REQUIRED = {"Google": ("client_id", "client_secret", "authorize_scopes"),
             "Facebook": ("client_id", "client_secret", "authorize_scopes"),
             "LoginWithAmazon": ("client_id", "client_secret", "authorize_scopes"),
             "OIDC": ("client_id", "attributes_request_method", "oidc_issuer", "authorize_scopes")}
_NAME = re.compile(r"^[^_\s][^\s]{0,30}[^_\s]$")


def provider_out(row: dict) -> dict:
    return {"UserPoolId": row["UserPoolId"], "ProviderName": row["ProviderName"], "ProviderType": row["ProviderType"],
            "ProviderDetails": row["ProviderDetails"], "AttributeMapping": row.get("AttributeMapping", {}),
            "IdpIdentifiers": row.get("IdpIdentifiers", []), "LastModifiedDate": row["LastModifiedDate"],
            "CreationDate": row["CreationDate"]}


def find_idp(world, pool_id: str, name) -> dict | None:
    row = world[c.IDPS].get(c.user_key(pool_id, str(name)))
    return row if row is not None and row["UserPoolId"] == pool_id and row["ProviderName"] == name else None


@operation("cognito-idp", "CreateIdentityProvider")
def create_identity_provider(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "UserPoolId")
    name = c.required(p, "ProviderName")
    kind = c.required(p, "ProviderType")
    details = {str(k): str(v) for k, v in (c.required(p, "ProviderDetails") or {}).items()}
    if kind not in TYPES:
        raise c.invalid_parameter(f"1 validation error detected: Value '{kind}' at 'providerType' failed to satisfy "
                                  f"constraint: Member must satisfy enum value set: [{', '.join(TYPES)}]")
    if not isinstance(name, str) or not _NAME.match(name):
        raise c.invalid_parameter("1 validation error detected: Value at 'providerName' failed to satisfy constraint: "
                                  "Member must satisfy regular expression pattern: [^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}"
                                  "\\p{P}][^_\\p{Z}]+")
    c.authorize(ctx, "cognito-idp:CreateIdentityProvider", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    if kind in ("SAML", "SignInWithApple"):
        raise c.invalid_parameter(f"The sandbox has no {kind} identity providers: use Google, Facebook, "
                                  "LoginWithAmazon or an OIDC issuer (iam-sandbox idp list).")
    if kind in SOCIAL and name != kind:
        raise c.invalid_parameter(f"The name of a {kind} identity provider must be {kind}.")
    missing = [key for key in _REQUIRED[kind] if not details.get(key)]
    if missing:
        raise c.invalid_parameter(f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} required in "
                                  f"ProviderDetails for a {kind} identity provider.")
    if find_idp(ctx.world, pool["Id"], name) is not None or ctx.world[c.IDPS].exists(c.user_key(pool["Id"], name)):
        raise AwsError("DuplicateProviderException",
                       f"A provider with the name {name} already exists in this user pool.")
    given = {str(k): str(v) for k, v in (p.get("AttributeMapping") or {}).items()}
    mapping = {"username": SUBJECT_CLAIM[kind], **given}
    now = c.iso(ctx.now())
    row = {"Key": c.user_key(pool["Id"], name), "UserPoolId": pool["Id"], "ProviderName": name, "ProviderType": kind,
           "ProviderDetails": {**details, **_ENDPOINTS.get(kind, {})}, "AttributeMapping": mapping,
           "IdpIdentifiers": [str(i) for i in p.get("IdpIdentifiers") or []], "CreationDate": now,
           "LastModifiedDate": now}
    ctx.world[c.IDPS].put(row)
    return {"IdentityProvider": provider_out(row)}


@operation("cognito-idp", "DescribeIdentityProvider", mutates=False)
def describe_identity_provider(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "UserPoolId")
    name = c.required(p, "ProviderName")
    c.authorize(ctx, "cognito-idp:DescribeIdentityProvider", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    row = find_idp(ctx.world, pool["Id"], name)
    if row is None:
        raise c.resource_not_found(f"Identity provider {name} does not exist.")
    return {"IdentityProvider": provider_out(row)}


@operation("cognito-idp", "ListIdentityProviders", mutates=False)
def list_identity_providers(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "UserPoolId")
    limit = limit_of(p.get("MaxResults"), 1, 60, "maxResults", default=60)
    c.authorize(ctx, "cognito-idp:ListIdentityProviders", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    rows = sorted(ctx.world[c.IDPS].where(lambda r: r["UserPoolId"] == pool["Id"]), key=lambda r: r["CreationDate"])
    return listing(rows, p, limit, "ListIdentityProviders", "Providers",
                   lambda r: {"ProviderName": r["ProviderName"], "ProviderType": r["ProviderType"],
                              "LastModifiedDate": r["LastModifiedDate"], "CreationDate": r["CreationDate"]})
