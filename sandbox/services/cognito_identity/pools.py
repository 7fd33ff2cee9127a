"""Identity pools: create, describe, list, update, delete; their roles and role mappings.

An identity pool trades a sign-in (a user pool's ID token, a Google ID token, a Facebook or
Login with Amazon access token, an OIDC issuer's token) for an identity id and temporary AWS
credentials of an IAM role. It names the providers it accepts (``SupportedLoginProviders``
with the app's id at each social provider, ``CognitoIdentityProviders`` with a user pool's
app clients, ``OpenIdConnectProviderARNs``), whether guests get an identity
(``AllowUnauthenticatedIdentities``) and whether the basic flow may be used
(``AllowClassicFlow``). SetIdentityPoolRoles gives it its authenticated and unauthenticated
roles, passing them to Cognito (``iam:PassRole``), and role mappings per provider: by the
ID token's ``cognito:preferred_role`` (Token) or by rules on its claims (Rules), with
``AmbiguousRoleResolution`` for a user no mapping decides (API Reference,
SetIdentityPoolRoles; Developer Guide, "Using role-based access control").
"""

from __future__ import annotations

import re

from sandbox.services.cognito_identity import common as c
from sandbox.services.gateway import CallContext
from sandbox.services.paging import limit_of, listing
from sandbox.services.registry import operation

_NAME = re.compile(r"^[\w\s+=,.@-]{1,128}$")
_USER_POOL_PROVIDER = re.compile(r"^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com/\1_[0-9A-Za-z]+$")
_ROLE_ARN = re.compile(r"^arn:aws:iam::\d{12}:role/[\w+=/,.@-]+$")
_OIDC_ARN = re.compile(r"^arn:aws:iam::\d{12}:oidc-provider/.+$")
LOGIN_PROVIDERS = ("graph.facebook.com", "accounts.google.com", "www.amazon.com", "appleid.apple.com",
                   "api.twitter.com")
ROLE_TYPES = ("authenticated", "unauthenticated")
MATCH_TYPES = ("Equals", "Contains", "StartsWith", "NotEqual")


def pool_out(pool: dict) -> dict:
    out = {"IdentityPoolId": pool["IdentityPoolId"], "IdentityPoolName": pool["IdentityPoolName"],
           "AllowUnauthenticatedIdentities": pool["AllowUnauthenticatedIdentities"],
           "AllowClassicFlow": pool.get("AllowClassicFlow", False)}
    for key in ("SupportedLoginProviders", "DeveloperProviderName", "OpenIdConnectProviderARNs",
                "CognitoIdentityProviders", "SamlProviderARNs"):
        if pool.get(key):
            out[key] = pool[key]
    out["IdentityPoolTags"] = pool.get("IdentityPoolTags", {})
    return out


def _settings(ctx: CallContext, p: dict) -> dict:
    """The members CreateIdentityPool and UpdateIdentityPool set, checked as the service checks them."""
    name = c.required(p, "IdentityPoolName")
    if not isinstance(name, str) or not _NAME.match(name):
        raise c.invalid_parameter(f"1 validation error detected: Value '{name}' at 'identityPoolName' failed to "
                                  "satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+")
    if p.get("AllowUnauthenticatedIdentities") is None:
        c.required(p, "AllowUnauthenticatedIdentities")
    logins = {str(k): str(v) for k, v in (p.get("SupportedLoginProviders") or {}).items()}
    for key in logins:
        if key not in LOGIN_PROVIDERS:
            raise c.invalid_parameter(f"Invalid login provider {key}: the supported login providers are "
                                      f"{', '.join(LOGIN_PROVIDERS)}.")
    if p.get("SamlProviderARNs"):
        raise c.invalid_parameter("The sandbox has no SAML identity providers.")
    user_pools = []
    for item in p.get("CognitoIdentityProviders") or []:
        provider = str((item or {}).get("ProviderName", ""))
        if not _USER_POOL_PROVIDER.match(provider) or not (item or {}).get("ClientId"):
            raise c.invalid_parameter(f"Invalid Cognito Identity Provider: {provider} (a ProviderName such as "
                                      "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123, and a ClientId).")
        user_pools.append({"ProviderName": provider, "ClientId": str(item["ClientId"]),
                           "ServerSideTokenCheck": bool(item.get("ServerSideTokenCheck", False))})
    oidc = [str(a) for a in p.get("OpenIdConnectProviderARNs") or []]
    for arn in oidc:
        if not _OIDC_ARN.match(arn) or ctx.world["oidc_providers"].get(arn) is None:
            raise c.invalid_parameter(f"Invalid OpenIdConnectProviderARN: {arn} is not an OpenID Connect provider "
                                      "of this account.")
    return {"IdentityPoolName": name, "AllowUnauthenticatedIdentities": bool(p["AllowUnauthenticatedIdentities"]),
            "AllowClassicFlow": bool(p.get("AllowClassicFlow", False)), "SupportedLoginProviders": logins,
            "DeveloperProviderName": p.get("DeveloperProviderName"), "CognitoIdentityProviders": user_pools,
            "OpenIdConnectProviderARNs": oidc, "SamlProviderARNs": [],
            "IdentityPoolTags": {str(k): str(v) for k, v in (p.get("IdentityPoolTags") or {}).items()}}


@operation("cognito-identity", "CreateIdentityPool")
def create_identity_pool(ctx: CallContext, p: dict) -> dict:
    c.authorize(ctx, "cognito-identity:CreateIdentityPool", "*")
    settings = _settings(ctx, p)
    pool_id = c.new_id(c.region(ctx))
    pool = {"IdentityPoolId": pool_id, **settings, "Roles": {}, "RoleMappings": {},
            "CreationDate": c.iso(ctx.now())}
    ctx.world[c.POOLS].put(pool)
    return pool_out(pool)


@operation("cognito-identity", "DescribeIdentityPool", mutates=False)
def describe_identity_pool(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "IdentityPoolId")
    c.authorize(ctx, "cognito-identity:DescribeIdentityPool", c.pool_arn(ctx.account, pool_id))
    return pool_out(c.get_pool(ctx, pool_id))


@operation("cognito-identity", "ListIdentityPools", mutates=False)
def list_identity_pools(ctx: CallContext, p: dict) -> dict:
    limit = limit_of(c.required(p, "MaxResults"), 1, 60, "maxResults")
    c.authorize(ctx, "cognito-identity:ListIdentityPools", c.pools_arn(ctx))
    region = c.region(ctx)
    pools = sorted((r for r in ctx.world[c.POOLS].all() if c.id_region(r["IdentityPoolId"]) == region),
                   key=lambda r: (r["CreationDate"], r["IdentityPoolId"]))
    return listing(pools, p, limit, "ListIdentityPools", "IdentityPools",
                   lambda r: {"IdentityPoolId": r["IdentityPoolId"], "IdentityPoolName": r["IdentityPoolName"]})


@operation("cognito-identity", "UpdateIdentityPool")
def update_identity_pool(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "IdentityPoolId")
    c.authorize(ctx, "cognito-identity:UpdateIdentityPool", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    pool = {**pool, **_settings(ctx, p)}
    ctx.world[c.POOLS].put(pool)
    return pool_out(pool)


@operation("cognito-identity", "DeleteIdentityPool")
def delete_identity_pool(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "IdentityPoolId")
    c.authorize(ctx, "cognito-identity:DeleteIdentityPool", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    ctx.world[c.IDENTITIES].delete_where(lambda r: r["IdentityPoolId"] == pool["IdentityPoolId"])
    ctx.world[c.POOLS].delete(pool["IdentityPoolId"])
    return {}


def provider_keys(pool: dict) -> set[str]:
    """The names a role mapping may be keyed by: the social providers, the OIDC providers'
    URLs, and each user pool app client as ``cognito-idp.REGION.amazonaws.com/POOL:CLIENT``."""
    keys = set(pool.get("SupportedLoginProviders") or {})
    keys.update(f"{u['ProviderName']}:{u['ClientId']}" for u in pool.get("CognitoIdentityProviders") or [])
    keys.update(arn.split(":oidc-provider/", 1)[1] for arn in pool.get("OpenIdConnectProviderARNs") or [])
    return keys


def _mapping(key: str, value) -> dict:
    if not isinstance(value, dict) or value.get("Type") not in ("Token", "Rules"):
        raise c.invalid_parameter(f"The role mapping for {key} needs a Type: Token or Rules.")
    resolution = value.get("AmbiguousRoleResolution")
    if resolution not in ("AuthenticatedRole", "Deny"):
        raise c.invalid_parameter("AmbiguousRoleResolution must be specified for Token and Rules types.")
    out = {"Type": value["Type"], "AmbiguousRoleResolution": resolution}
    if value["Type"] == "Rules":
        rules = ((value.get("RulesConfiguration") or {}).get("Rules")) or []
        if not 1 <= len(rules) <= 25:
            raise c.invalid_parameter("RulesConfiguration needs 1 to 25 rules when the Type is Rules.")
        checked = []
        for rule in rules:
            if not isinstance(rule, dict) or rule.get("MatchType") not in MATCH_TYPES or not rule.get("Claim") \
                    or rule.get("Value") is None or not _ROLE_ARN.match(str(rule.get("RoleArn", ""))):
                raise c.invalid_parameter("Each rule needs a Claim, a MatchType (Equals, Contains, StartsWith, "
                                          "NotEqual), a Value and a RoleArn.")
            checked.append({"Claim": str(rule["Claim"]), "MatchType": rule["MatchType"], "Value": str(rule["Value"]),
                            "RoleArn": rule["RoleArn"]})
        out["RulesConfiguration"] = {"Rules": checked}
    return out


@operation("cognito-identity", "SetIdentityPoolRoles")
def set_identity_pool_roles(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "IdentityPoolId")
    roles = {str(k): str(v) for k, v in (c.required(p, "Roles") or {}).items()} if p.get("Roles") is not None else {}
    c.authorize(ctx, "cognito-identity:SetIdentityPoolRoles", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    for kind, arn in roles.items():
        if kind not in ROLE_TYPES:
            raise c.invalid_parameter(f"Invalid role type {kind}: the roles are authenticated and unauthenticated.")
        if not _ROLE_ARN.match(arn):
            raise c.invalid_parameter(f"Invalid role ARN {arn}.")
    mappings = {}
    known = provider_keys(pool)
    for key, value in (p.get("RoleMappings") or {}).items():
        if key not in known:
            raise c.invalid_parameter(f"{key} is not a provider of the identity pool {pool_id} (role mappings are "
                                      f"keyed by {', '.join(sorted(known)) or 'the pool’s providers'}).")
        mappings[key] = _mapping(key, value)
    rule_roles = [r["RoleArn"] for m in mappings.values() for r in (m.get("RulesConfiguration") or {}).get("Rules", [])]
    for arn in dict.fromkeys([*roles.values(), *rule_roles]):
        decision = ctx.check("iam:PassRole", arn, context={"iam:PassedToService": "cognito-identity.amazonaws.com"})
        if not decision.allowed:
            raise c.not_authorized(f"Access to Role '{arn}' is forbidden.")
    ctx.world[c.POOLS].put({**pool, "Roles": roles, "RoleMappings": mappings})
    return {}


@operation("cognito-identity", "GetIdentityPoolRoles", mutates=False)
def get_identity_pool_roles(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "IdentityPoolId")
    c.authorize(ctx, "cognito-identity:GetIdentityPoolRoles", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    out: dict = {"IdentityPoolId": pool["IdentityPoolId"], "Roles": pool.get("Roles", {})}
    if pool.get("RoleMappings"):
        out["RoleMappings"] = pool["RoleMappings"]
    return out
