"""What the cognito-idp operations share: ARNs, lookups, errors, ids and the SECRET_HASH.

Errors are Cognito's codes with its messages (Amazon Cognito user pools API Reference, each
operation's "Errors"; the messages are the ones the service returns). A request an IAM
policy refuses is ``AccessDeniedException``, as the JSON services answer. Pool ids are
case-sensitive (``us-east-1_AbC123xyz``) while the world's tables look rows up without case:
every lookup here compares the stored id exactly.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import string

from sandbox.errors import AwsError
from sandbox.idp.cognito import pool_region
from sandbox.services.gateway import CallContext
from sandbox.services.isotime import iso
from sandbox.services.jsonapi import authorize, exact, invalid_parameter, not_authorized, region, required
from sandbox.world import ids

POOLS = "cognito_user_pools"
CLIENTS = "cognito_user_pool_clients"
USERS = "cognito_users"
GROUPS = "cognito_groups"
IDPS = "cognito_user_pool_idps"
SESSIONS = "cognito_auth_sessions"
DEFAULT_REGION = "us-east-1"
_ALNUM = string.ascii_letters + string.digits
_LOWER_ALNUM = string.ascii_lowercase + string.digits

__all__ = ["authorize", "invalid_parameter", "iso", "not_authorized", "region", "required"]


# -- errors ------------------------------------------------------------------------------------------



def user_not_found(message: str = "User does not exist.") -> AwsError:
    return AwsError("UserNotFoundException", message, 404)


def resource_not_found(message: str) -> AwsError:
    return AwsError("ResourceNotFoundException", message, 404)



def choices(values, member: str, allowed: tuple[str, ...]) -> list[str]:
    """An enumerated list member, each value checked as the service checks it; repeats dropped."""
    out = []
    for v in values or []:
        if v not in allowed:
            raise invalid_parameter(f"1 validation error detected: Value '[{v}]' at '{member}' failed to satisfy "
                                    f"constraint: Member must satisfy enum value set: [{', '.join(allowed)}]")
        if v not in out:
            out.append(v)
    return out




# -- identifiers ---------------------------------------------------------------------------------------


def new_pool_id(region_name: str) -> str:
    return f"{region_name}_{ids.chars(_ALNUM, 9)}"


def new_client_id() -> str:
    return ids.chars(_LOWER_ALNUM, 26)


def new_client_secret() -> str:
    return ids.chars(_LOWER_ALNUM, 51)


def pool_arn(account: str, pool_id: str) -> str:
    return f"arn:aws:cognito-idp:{pool_region(pool_id) or DEFAULT_REGION}:{account}:userpool/{pool_id}"



def user_key(pool_id: str, username: str) -> str:
    return f"{pool_id}|{username}"


# -- lookups -------------------------------------------------------------------------------------------

def find_pool(world, pool_id) -> dict | None:
    return exact(world, POOLS, "Id", pool_id)


def get_pool(ctx: CallContext, pool_id) -> dict:
    """The pool, in the caller's region; ResourceNotFoundException otherwise."""
    row = find_pool(ctx.world, pool_id)
    if row is None or pool_region(row["Id"]) != region(ctx):
        raise resource_not_found(f"User pool {pool_id} does not exist.")
    return row


def find_client(world, client_id) -> dict | None:
    return exact(world, CLIENTS, "ClientId", client_id)


def get_client(ctx: CallContext, client_id, pool_id: str | None = None) -> dict:
    row = find_client(ctx.world, client_id)
    if row is None or (pool_id is not None and row["UserPoolId"] != pool_id) \
            or pool_region(row["UserPoolId"]) != region(ctx):
        raise resource_not_found(f"User pool client {client_id} does not exist.")
    return row


def attributes(user: dict) -> dict[str, str]:
    return {a["Name"]: a["Value"] for a in user["Attributes"]}


def email_pool(pool: dict) -> bool:
    """Users sign in with their email, and their user name is their ``sub`` (UsernameAttributes)."""
    return "email" in pool.get("UsernameAttributes", [])


def find_user(world, pool: dict, username) -> dict | None:
    """The user a sign-in names: the user name (case-insensitive, as new pools are), or in a
    pool whose users sign in with their email, that email."""
    if not isinstance(username, str) or not username:
        return None
    row = world[USERS].get(user_key(pool["Id"], username))
    if row is not None and row["UserPoolId"] == pool["Id"]:
        return row
    if email_pool(pool) and "@" in username:
        wanted = username.lower()
        for user in pool_users(world, pool["Id"]):
            if attributes(user).get("email", "").lower() == wanted:
                return user
    return None


def pool_users(world, pool_id: str) -> list[dict]:
    return sorted(world[USERS].where(lambda u: u["UserPoolId"] == pool_id), key=lambda u: u["UserCreateDate"])


# -- the app client's secret ---------------------------------------------------------------------------

def secret_hash(client_secret: str, username: str, client_id: str) -> str:
    """``Base64(HMAC_SHA256(key=client secret, message=username + client id))`` (Developer
    Guide, "Computing secret hash values")."""
    digest = hmac.new(client_secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def check_secret_hash(client: dict, given, usernames: tuple[str, ...]) -> None:
    """A client with a secret needs SECRET_HASH, computed with the user name the request names
    (or, for a user who signs in with an email, the user's other names)."""
    secret = client.get("ClientSecret")
    if not secret:
        return
    client_id = client["ClientId"]
    if not given:
        raise not_authorized(f"Client {client_id} is configured for secret but secret was not received")
    for name in usernames:
        if name and hmac.compare_digest(str(given), secret_hash(secret, name, client_id)):
            return
    raise not_authorized(f"Unable to verify secret hash for client {client_id}")


def masked(value: str) -> str:
    """Where a code went, as Cognito shows it: ``a***@e***`` or ``+*******1234``."""
    if "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain[:1]}***"
    return "+" + "*" * max(0, len(value) - 5) + value[-4:]
