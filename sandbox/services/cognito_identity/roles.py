"""Which role an identity's credentials get in the enhanced flow (GetCredentialsForIdentity).

A guest gets the pool's unauthenticated role. A signed-in user gets the authenticated role,
unless the pool maps roles for the provider they signed in with (Developer Guide, "Using
role-based access control"):

- Token: the user pool ID token's ``cognito:preferred_role``; or, with ``CustomRoleArn``,
  that role if it is one of the token's ``cognito:roles``;
- Rules: the first rule whose claim matches (Equals, Contains, StartsWith, NotEqual) gives
  its role;

and when the mapping decides nothing (no preferred role, no rule matched), the mapping's
``AmbiguousRoleResolution`` says: the authenticated role, or Deny. A pool without the role
it needs answers InvalidIdentityPoolConfigurationException.
"""

from __future__ import annotations

from sandbox.errors import AwsError
from sandbox.services.cognito_identity import common as c
from sandbox.services.cognito_identity.tokens import SignedIn

INVALID_CONFIGURATION = "Invalid identity pool configuration. Check assigned IAM roles for this pool."


def invalid_configuration() -> AwsError:
    return AwsError("InvalidIdentityPoolConfigurationException", INVALID_CONFIGURATION)


def _matches(rule: dict, claims: dict) -> bool:
    value = claims.get(rule["Claim"])
    if value is None:
        return False
    texts = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    wanted = rule["Value"]
    match = rule["MatchType"]
    if match == "Equals":
        return wanted in texts
    if match == "NotEqual":
        return wanted not in texts
    if match == "Contains":
        return any(wanted in t for t in texts)
    return any(t.startswith(wanted) for t in texts)  # StartsWith


def _mapped(mapping: dict, claims: dict, custom: str | None) -> str | None:
    if mapping["Type"] == "Token":
        roles = claims.get("cognito:roles") or []
        if custom:
            return custom if custom in roles else None
        preferred = claims.get("cognito:preferred_role")
        return preferred if isinstance(preferred, str) else None
    for rule in mapping["RulesConfiguration"]["Rules"]:
        if _matches(rule, claims):
            return rule["RoleArn"]
    return None


def resolve(signed: SignedIn, custom: str | None = None) -> tuple[str, str]:
    """``(role ARN, how it was chosen)`` for the identity's credentials."""
    roles = signed.pool.get("Roles") or {}
    if not signed.logins:
        if not roles.get("unauthenticated"):
            raise invalid_configuration()
        return roles["unauthenticated"], "the pool's unauthenticated role (a guest)"
    mappings = signed.pool.get("RoleMappings") or {}
    for login in signed.logins:
        mapping = mappings.get(login.mapping_key)
        if mapping is None:
            continue
        role = _mapped(mapping, login.claims, custom)
        if role:
            how = ("the token's cognito:preferred_role" if mapping["Type"] == "Token" and not custom
                   else "CustomRoleArn, one of the token's cognito:roles" if custom else "a rule that matched")
            return role, f"{how} (role mapping for {login.mapping_key})"
        if mapping["AmbiguousRoleResolution"] == "Deny":
            raise c.not_authorized("Unable to resolve a role for the identity: the role mapping for "
                                   f"{login.mapping_key} chose none and its AmbiguousRoleResolution is Deny.")
    if not roles.get("authenticated"):
        raise invalid_configuration()
    return roles["authenticated"], "the pool's authenticated role"
