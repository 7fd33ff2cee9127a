"""App clients of a user pool: create, describe, list.

An app client is how an app talks to its user pool: its client id goes in every public call
(SignUp, InitiateAuth...) and is the ``aud`` of the ID tokens it gets. A client may have a
secret (``--generate-secret``, for a server-side app): then each call carries SECRET_HASH.
Its ``ExplicitAuthFlows`` say how users may sign in through it; without any, a client
allows SRP, custom authentication and refresh tokens, so a password sent directly
(USER_PASSWORD_AUTH) is refused until the client allows it (API Reference,
CreateUserPoolClient). Token lifetimes default to one hour (ID and access) and 30 days
(refresh).
"""

from __future__ import annotations

from sandbox.services.cognito_idp import common as c
from sandbox.services.gateway import CallContext
from sandbox.services.paging import limit_of, listing
from sandbox.services.registry import operation

FLOWS = ("ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH",
         "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH")
LEGACY_FLOWS = ("ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH")
DEFAULT_FLOWS = ("ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH")
OAUTH_FLOWS = ("code", "implicit", "client_credentials")
SCOPES = ("openid", "email", "phone", "profile", "aws.cognito.signin.user.admin")
UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
# token -> (default value, default unit, lowest and highest lifetime in seconds)
VALIDITY = {"AccessToken": (60, "minutes", 300, 86400), "IdToken": (60, "minutes", 300, 86400),
            "RefreshToken": (30, "days", 3600, 315360000)}
_DEFAULT_UNIT = {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"}


def effective_flows(client: dict) -> set[str]:
    """The sign-in flows the client allows, legacy names included."""
    flows = set(client.get("ExplicitAuthFlows") or DEFAULT_FLOWS)
    if flows & set(LEGACY_FLOWS):
        flows.add("ALLOW_REFRESH_TOKEN_AUTH")  # legacy clients always accept refresh tokens
    if "USER_PASSWORD_AUTH" in flows:
        flows.add("ALLOW_USER_PASSWORD_AUTH")
    if "ADMIN_NO_SRP_AUTH" in flows:
        flows.add("ALLOW_ADMIN_USER_PASSWORD_AUTH")
    return flows


def lifetime(client: dict, token: str) -> int:
    """Seconds a token of the client lives (``AccessToken``, ``IdToken``, ``RefreshToken``)."""
    default, default_unit, _, _ = VALIDITY[token]
    value = client.get(f"{token}Validity")
    if value is None:
        return default * UNITS[default_unit]
    unit = (client.get("TokenValidityUnits") or {}).get(token, _DEFAULT_UNIT[token])
    return int(value) * UNITS[unit]


def _flows(given) -> list[str]:
    flows = []
    for flow in given or []:
        if flow not in FLOWS + LEGACY_FLOWS:
            raise c.invalid_parameter(f"1 validation error detected: Value '[{flow}]' at 'explicitAuthFlows' failed "
                                      "to satisfy constraint: Member must satisfy enum value set: "
                                      f"[{', '.join(FLOWS + LEGACY_FLOWS)}]")
        if flow not in flows:
            flows.append(flow)
    if set(flows) & set(FLOWS) and set(flows) & set(LEGACY_FLOWS):
        raise c.invalid_parameter("Explicit auth flows can be either of legacy or new type, but not both.")
    return flows


def _validity(p: dict) -> dict:
    out: dict = {}
    units = dict(p.get("TokenValidityUnits") or {})
    for token, unit in units.items():
        if token not in VALIDITY or unit not in UNITS:
            raise c.invalid_parameter(f"Invalid token validity unit {unit} for {token}.")
    for token, (_, _, low, high) in VALIDITY.items():
        value = p.get(f"{token}Validity")
        if value is None:
            continue
        seconds = int(value) * UNITS[units.get(token, _DEFAULT_UNIT[token])]
        if not low <= seconds <= high:
            raise c.invalid_parameter(f"{token}Validity of {value} {units.get(token, _DEFAULT_UNIT[token])} is out "
                                      f"of range: it must be between {low // 60} minutes and {high // 86400} days.")
        out[f"{token}Validity"] = int(value)
    if units:
        out["TokenValidityUnits"] = units
    return out


def client_out(client: dict) -> dict:
    out = {"UserPoolId": client["UserPoolId"], "ClientName": client["ClientName"], "ClientId": client["ClientId"]}
    if client.get("ClientSecret"):
        out["ClientSecret"] = client["ClientSecret"]
    out.update({"LastModifiedDate": client["LastModifiedDate"], "CreationDate": client["CreationDate"],
                "RefreshTokenValidity": client.get("RefreshTokenValidity", 30)})
    for token in ("AccessToken", "IdToken"):
        if client.get(f"{token}Validity") is not None:
            out[f"{token}Validity"] = client[f"{token}Validity"]
    out["TokenValidityUnits"] = client.get("TokenValidityUnits", {})
    for key in ("ExplicitAuthFlows", "SupportedIdentityProviders", "CallbackURLs", "AllowedOAuthFlows",
                "AllowedOAuthScopes"):
        if client.get(key):
            out[key] = client[key]
    out["AllowedOAuthFlowsUserPoolClient"] = client.get("AllowedOAuthFlowsUserPoolClient", False)
    out["PreventUserExistenceErrors"] = client.get("PreventUserExistenceErrors", "LEGACY")
    out["EnableTokenRevocation"] = client.get("EnableTokenRevocation", True)
    out["EnablePropagateAdditionalUserContextData"] = False
    out["AuthSessionValidity"] = 3
    return out



@operation("cognito-idp", "CreateUserPoolClient")
def create_user_pool_client(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "UserPoolId")
    name = c.required(p, "ClientName")
    c.authorize(ctx, "cognito-idp:CreateUserPoolClient", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    if not isinstance(name, str) or not 1 <= len(name) <= 128:
        raise c.invalid_parameter("1 validation error detected: Value at 'clientName' failed to satisfy constraint: "
                                  "Member must have length less than or equal to 128")
    flows = _flows(p.get("ExplicitAuthFlows"))
    providers = []
    for provider in p.get("SupportedIdentityProviders") or []:
        if provider != "COGNITO" and not ctx.world[c.IDPS].exists(c.user_key(pool["Id"], provider)):
            raise c.invalid_parameter(f"The provider {provider} does not exist for User Pool {pool['Id']}")
        providers.append(provider)
    oauth_flows = c.choices(p.get("AllowedOAuthFlows"), "allowedOAuthFlows", OAUTH_FLOWS)
    scopes = c.choices(p.get("AllowedOAuthScopes"), "allowedOAuthScopes", SCOPES)
    callbacks = [str(u) for u in p.get("CallbackURLs") or []]
    oauth = bool(p.get("AllowedOAuthFlowsUserPoolClient"))
    if oauth and not oauth_flows:
        raise c.invalid_parameter("AllowedOAuthFlows must be set when AllowedOAuthFlowsUserPoolClient is true.")
    if oauth and set(oauth_flows) & {"code", "implicit"} and not callbacks:
        raise c.invalid_parameter("CallbackURLs must be set for the code and implicit OAuth flows.")
    prevent = p.get("PreventUserExistenceErrors") or "LEGACY"
    if prevent not in ("LEGACY", "ENABLED"):
        raise c.invalid_parameter(f"1 validation error detected: Value '{prevent}' at 'preventUserExistenceErrors' "
                                  "failed to satisfy constraint: Member must satisfy enum value set: [LEGACY, ENABLED]")
    secret = None
    if p.get("ClientSecret"):
        secret = str(p["ClientSecret"])
        if not 24 <= len(secret) <= 64:
            raise c.invalid_parameter("A client secret has 24 to 64 characters.")
    elif p.get("GenerateSecret"):
        secret = c.new_client_secret()
    now = c.iso(ctx.now())
    client_id = c.new_client_id()
    while ctx.world[c.CLIENTS].exists(client_id):
        client_id = c.new_client_id()
    client = {"ClientId": client_id, "UserPoolId": pool["Id"], "ClientName": name, "CreationDate": now,
              "LastModifiedDate": now, "ExplicitAuthFlows": flows, "ClientSecret": secret,
              "SupportedIdentityProviders": providers, "AllowedOAuthFlows": oauth_flows, "AllowedOAuthScopes": scopes,
              "CallbackURLs": callbacks, "AllowedOAuthFlowsUserPoolClient": oauth,
              "PreventUserExistenceErrors": prevent,
              "EnableTokenRevocation": p.get("EnableTokenRevocation", True) is not False, **_validity(p)}
    ctx.world[c.CLIENTS].put(client)
    return {"UserPoolClient": client_out(client)}


@operation("cognito-idp", "DescribeUserPoolClient", mutates=False)
def describe_user_pool_client(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "UserPoolId")
    client_id = c.required(p, "ClientId")
    c.authorize(ctx, "cognito-idp:DescribeUserPoolClient", c.pool_arn(ctx.account, pool_id))
    c.get_pool(ctx, pool_id)
    return {"UserPoolClient": client_out(c.get_client(ctx, client_id, pool_id))}


@operation("cognito-idp", "ListUserPoolClients", mutates=False)
def list_user_pool_clients(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "UserPoolId")
    limit = limit_of(p.get("MaxResults"), 1, 60, "maxResults", default=60)
    c.authorize(ctx, "cognito-idp:ListUserPoolClients", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    rows = sorted(ctx.world[c.CLIENTS].where(lambda r: r["UserPoolId"] == pool["Id"]),
                  key=lambda r: (r["CreationDate"], r["ClientId"]))
    return listing(rows, p, limit, "ListUserPoolClients", "UserPoolClients",
                   lambda r: {"ClientId": r["ClientId"], "UserPoolId": r["UserPoolId"], "ClientName": r["ClientName"]})
