"""The user pool's managed login pages: "Sign in with Google" (or Facebook, Amazon, an OIDC
issuer), as a browser goes through them.

The app sends the person to the pool's ``/oauth2/authorize`` with its client id and the
provider; the pool sends them on to the provider, which signs them in and hands the pool a
token; the pool finds or makes the user ``PROVIDER_SUBJECT`` (status EXTERNAL_PROVIDER, its
attributes mapped from the provider's, an ``identities`` attribute naming the link), puts it
in the group ``POOLID_PROVIDER``, and the app gets the pool's own tokens from
``/oauth2/token`` (Developer Guide, "User pool sign-in with third party identity
providers"). The app never sees the provider's token: the pool is the broker.

The app client must allow the hosted pages (``AllowedOAuthFlowsUserPoolClient`` with the
``code`` or ``implicit`` flow) and list the provider in ``SupportedIdentityProviders``, and
the provider's ``client_id`` must be an app registered with it (``iam-sandbox idp
register``). What this returns is the token endpoint's answer:
``{"id_token", "access_token", "refresh_token", "expires_in", "token_type"}``.
"""

from __future__ import annotations

import json

from sandbox.idp import AMAZON, FACEBOOK, GOOGLE, IdpError, find_provider, sign_in
from sandbox.services.cognito_idp import common as c
from sandbox.services.cognito_idp.groups import add_to_group, find_group, put_group
from sandbox.services.cognito_idp.identity_providers import SUBJECT_CLAIM, find_idp
from sandbox.services.cognito_idp.tokens import issue
from sandbox.services.cognito_idp.users import new_user

_SOCIAL = {"Google": GOOGLE, "Facebook": FACEBOOK, "LoginWithAmazon": AMAZON}


class LoginError(Exception):
    """What the managed login page shows instead of signing the person in."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _provider(world, idp: dict):
    if idp["ProviderType"] in _SOCIAL:
        return _SOCIAL[idp["ProviderType"]]
    found = find_provider(world, idp["ProviderDetails"].get("oidc_issuer", ""))
    if found is None or found.kind != "oidc":
        raise LoginError(f"The OIDC issuer {idp['ProviderDetails'].get('oidc_issuer')} of the identity provider "
                         f"{idp['ProviderName']} does not answer: no such issuer in this world (iam-sandbox idp list).")
    return found


def _user(world, pool: dict, idp: dict, subject: str, claims: dict, email: str, now: str, ctx_now) -> dict:
    name = idp["ProviderName"]
    username = f"{name}_{subject}"
    user = world[c.USERS].get(c.user_key(pool["Id"], username))
    values = {**claims, "email": claims.get("email", email)}
    attrs = {attr: str(values[claim]) for attr, claim in idp.get("AttributeMapping", {}).items()
             if attr != "username" and claim in values}
    identity = {"userId": subject, "providerName": name, "providerType": idp["ProviderType"], "issuer": None,
                "primary": True, "dateCreated": int(ctx_now.timestamp() * 1000)}
    if user is None:
        user = new_user(pool, username, attrs, "EXTERNAL_PROVIDER", now)
        user["Attributes"].append({"Name": "identities", "Value": json.dumps([identity])})
    else:
        kept = [a for a in user["Attributes"] if a["Name"] not in attrs]
        user = {**user, "Attributes": kept + [{"Name": k, "Value": v} for k, v in attrs.items()],
                "UserLastModifiedDate": now}
    world[c.USERS].put(user)
    return user


def managed_login(world, client_id: str, provider_name: str, email: str) -> dict:
    """Sign ``email`` in to the app through ``provider_name`` (inside a transaction)."""
    client = c.find_client(world, client_id)
    if client is None:
        raise LoginError(f"There is no app client {client_id} in any user pool of this world.")
    pool = c.find_pool(world, client["UserPoolId"])
    if not client.get("AllowedOAuthFlowsUserPoolClient") or not set(client.get("AllowedOAuthFlows") or []) & {
            "code", "implicit"}:
        raise LoginError("unauthorized_client: the app client does not use the managed login pages. Create it with "
                         "--allowed-o-auth-flows-user-pool-client --allowed-o-auth-flows code "
                         "--allowed-o-auth-scopes openid email --callback-urls https://...")
    if provider_name not in (client.get("SupportedIdentityProviders") or []):
        raise LoginError(f"The app client does not offer sign-in with {provider_name}: its supported identity "
                         f"providers are {', '.join(client.get('SupportedIdentityProviders') or []) or 'none'}.")
    idp = find_idp(world, pool["Id"], provider_name)
    if idp is None:
        raise LoginError(f"The user pool {pool['Id']} has no identity provider named {provider_name}.")
    provider = _provider(world, idp)
    try:
        signed = sign_in(world, provider, email, idp["ProviderDetails"]["client_id"])
    except IdpError as exc:
        raise LoginError(f"{provider.name} refused the sign-in: {exc.message}") from None
    subject = str(signed.claims[SUBJECT_CLAIM[idp["ProviderType"]]])
    now_dt = world.now()
    now = c.iso(now_dt)
    user = _user(world, pool, idp, subject, signed.claims, signed.account["Email"], now, now_dt)
    group_name = f"{pool['Id']}_{provider_name}"
    group = find_group(world, pool["Id"], group_name) or put_group(world, pool["Id"], group_name, now,
                                                                   f"Autogenerated group for users who sign in "
                                                                   f"using {provider_name}")
    user = add_to_group(world, user, group, now)
    identities = json.loads(c.attributes(user)["identities"])
    for identity in identities:
        identity["primary"] = str(identity["primary"]).lower()
        identity["dateCreated"] = str(identity["dateCreated"])
    scope = " ".join(client.get("AllowedOAuthScopes") or ["openid"])
    result = issue(world, pool, client, user, auth_time=int(now_dt.timestamp()), scope=scope,
                   extra_id_claims={"identities": identities})
    return {"id_token": result["IdToken"], "access_token": result["AccessToken"],
            "refresh_token": result["RefreshToken"], "expires_in": result["ExpiresIn"], "token_type": "Bearer"}
