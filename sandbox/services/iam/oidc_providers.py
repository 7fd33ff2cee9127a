"""IAM OpenID Connect identity providers: the account's trust in an OIDC issuer.

An IAM OIDC provider is named by its URL without ``https://``:
``arn:aws:iam::ACCOUNT:oidc-provider/login.example.edu`` (a path, and even a trailing
slash, are part of it: the ARN ends as the issuer's ``iss`` does). It lists the client ids
(audiences) STS accepts in that issuer's ID tokens and the thumbprints of its server
certificates. Google, Facebook, Login with Amazon and Cognito are built into STS and need
none (IAM API Reference, CreateOpenIDConnectProvider).

Rules (IAM API Reference and the IAM User Guide's quotas): the URL begins with
``https://``, has no port, user, query or fragment, at most 255 characters; one provider
per URL (``EntityAlreadyExists: Provider with url URL already exists.``); at most 100
client ids of 1 to 255 characters (``ClientIdsPerOpenIdConnectProvider``); at most 5
thumbprints of 40 characters, kept in lower case; at most 100 providers per account
(``OpenIdConnectProvidersPerAccount``). Without ``ThumbprintList`` IAM retrieves the
thumbprint of the server's certificate authority itself: the sandbox can for the issuers
of its world (``idp.ca_thumbprint``) and has no network to reach any other host.
Adding a client id already listed, or removing one that is not, changes nothing and is
not an error.
"""

from __future__ import annotations

import re

from sandbox.errors import AwsError
from sandbox.services.gateway import CallContext
from sandbox.services.iam import common as c
from sandbox.services.iam import tagging
from sandbox.services.registry import operation

TABLE = "oidc_providers"
PROVIDERS_PER_ACCOUNT = 100
CLIENT_IDS_PER_PROVIDER = 100
THUMBPRINTS_PER_PROVIDER = 5
MAX_URL = 255
MAX_CLIENT_ID = 255
THUMBPRINT_LENGTH = 40

_ARN = re.compile(r"^arn:aws:iam::(\d{12}):oidc-provider/(.+)$")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*$")
INVALID_URL = "Invalid Open ID Connect Provider URL."


def provider_arn(account: str, url: str) -> str:
    """The ARN of the provider for ``url`` (with or without ``https://``)."""
    return f"arn:aws:iam::{account}:oidc-provider/{strip_scheme(url)}"


def strip_scheme(url: str) -> str:
    return url[len("https://"):] if url.lower().startswith("https://") else url


def check_url(url) -> str:
    """The URL without its scheme, as IAM keeps it, or IAM's refusal."""
    if not isinstance(url, str) or not url:
        raise c.validation_error(url, "url", "Member must have length greater than or equal to 1")
    if len(url) > MAX_URL:
        raise c.validation_error(url, "url", f"Member must have length less than or equal to {MAX_URL}")
    scheme, sep, rest = url.partition("://")
    if not sep or not rest:
        raise AwsError("ValidationError", "Invalid Open ID Connect Provider URL")
    if scheme.lower() != "https":
        raise AwsError("InvalidInput", "Invalid Open ID Connect Provider URL. The URL must begin with https://.")
    host = rest.partition("/")[0]
    if any(ch in rest for ch in "?#@") or ":" in host or not _HOST.match(host) or not rest.isprintable() \
            or " " in rest:
        raise AwsError("InvalidInput", INVALID_URL)
    return rest


def _client_ids(values, member: str = "clientIDList") -> list[str]:
    out: list[str] = []
    for value in values or []:
        if not isinstance(value, str) or not 1 <= len(value) <= MAX_CLIENT_ID:
            raise c.validation_error(value, member, "Member must satisfy constraint: [Member must have length less "
                                                    f"than or equal to {MAX_CLIENT_ID}, Member must have length "
                                                    "greater than or equal to 1]")
        if value not in out:
            out.append(value)
    if len(out) > CLIENT_IDS_PER_PROVIDER:
        raise c.limit_exceeded("ClientIdsPerOpenIdConnectProvider", CLIENT_IDS_PER_PROVIDER)
    return out


def _thumbprints(values) -> list[str]:
    out: list[str] = []
    for value in values or []:
        if not isinstance(value, str) or len(value) != THUMBPRINT_LENGTH:
            raise c.validation_error(value, "thumbprintList", "Member must satisfy constraint: [Member must have "
                                                              f"length less than or equal to {THUMBPRINT_LENGTH}, "
                                                              "Member must have length greater than or equal to "
                                                              f"{THUMBPRINT_LENGTH}]")
        if value.lower() not in out:
            out.append(value.lower())
    if len(out) > THUMBPRINTS_PER_PROVIDER:
        raise AwsError("InvalidInput", "Thumbprint list must contain fewer than 5 entries.")
    return out


def _arn_of(ctx: CallContext, value) -> str:
    if not isinstance(value, str) or not _ARN.match(value):
        raise AwsError("InvalidInput", f"ARN {value} is not valid.")
    return value


def _row(ctx: CallContext, arn: str) -> dict:
    row = ctx.world[TABLE].get(arn)
    if row is None or row["Arn"] != arn:
        raise AwsError("NoSuchEntity", f"OpenIDConnect Provider not found for arn {arn}", 404)
    return row


def authorized_provider(ctx: CallContext, action: str, arn: str, context: dict | None = None) -> dict:
    """Authorize ``action`` on the provider, then fetch it (NoSuchEntity after the decision)."""
    arn = _arn_of(ctx, arn)
    extra = c.resource_tag_context(ctx.world[TABLE].get(arn))
    extra.update(context or {})
    ctx.require(action, arn, extra)
    return _row(ctx, arn)


def provider_out(row: dict) -> dict:
    out = {"Url": row["Url"], "ClientIDList": list(row["ClientIDList"]),
           "ThumbprintList": list(row["ThumbprintList"]), "CreateDate": row["CreateDate"]}
    if row.get("Tags"):
        out["Tags"] = row["Tags"]
    return out


@operation("iam", "CreateOpenIDConnectProvider")
def create_open_id_connect_provider(ctx: CallContext, p: dict) -> dict:
    raw = c.require(p, "Url")
    url = check_url(raw)
    arn = provider_arn(ctx.account, url)
    tags = c.tags_in(p)
    ctx.require("iam:CreateOpenIDConnectProvider", arn, c.request_tag_context(tags))
    client_ids = _client_ids(p.get("ClientIDList"))
    thumbprints = _thumbprints(p.get("ThumbprintList"))
    table = ctx.world[TABLE]
    if table.exists(arn):
        raise AwsError("EntityAlreadyExists", f"Provider with url {raw} already exists.", 409)
    if len(table) >= PROVIDERS_PER_ACCOUNT:
        raise c.limit_exceeded("OpenIdConnectProvidersPerAccount", PROVIDERS_PER_ACCOUNT)
    if not thumbprints:
        from sandbox import idp  # the identity providers (jwt, cryptography) cost every IAM command start-up time

        fetched = idp.ca_thumbprint(ctx.world, raw)
        if fetched is None:
            raise AwsError("OpenIdIdpCommunicationError",
                           f"Could not retrieve the server certificate of {raw}: no host of that name answers in "
                           "this sandbox (it has no network). Give --thumbprint-list, or create the issuer with "
                           "iam-sandbox idp create-issuer.", 400)
        thumbprints = [fetched]
    row = {"Arn": arn, "Url": url, "ClientIDList": client_ids, "ThumbprintList": thumbprints,
           "CreateDate": c.iso(ctx.now()), "Tags": tags}
    table.put(row)
    out = {"OpenIDConnectProviderArn": arn}
    if tags:
        out["Tags"] = tags
    return out


@operation("iam", "GetOpenIDConnectProvider", mutates=False)
def get_open_id_connect_provider(ctx: CallContext, p: dict) -> dict:
    row = authorized_provider(ctx, "iam:GetOpenIDConnectProvider", c.require(p, "OpenIDConnectProviderArn"))
    return provider_out(row)


@operation("iam", "ListOpenIDConnectProviders", mutates=False)
def list_open_id_connect_providers(ctx: CallContext, p: dict) -> dict:
    ctx.require("iam:ListOpenIDConnectProviders", "*")
    rows = sorted(ctx.world[TABLE].all(), key=lambda r: r["Arn"])
    return {"OpenIDConnectProviderList": [{"Arn": r["Arn"]} for r in rows]}


@operation("iam", "DeleteOpenIDConnectProvider")
def delete_open_id_connect_provider(ctx: CallContext, p: dict) -> dict:
    row = authorized_provider(ctx, "iam:DeleteOpenIDConnectProvider", c.require(p, "OpenIDConnectProviderArn"))
    ctx.world[TABLE].delete(row["Arn"])
    return {}


def _client_id_request(ctx: CallContext, p: dict, action: str) -> tuple[dict, str]:
    arn = c.require(p, "OpenIDConnectProviderArn")
    client_id = c.require(p, "ClientID")
    row = authorized_provider(ctx, action, arn)
    (client_id,) = _client_ids([client_id], "clientID")
    return row, client_id


@operation("iam", "AddClientIDToOpenIDConnectProvider")
def add_client_id_to_open_id_connect_provider(ctx: CallContext, p: dict) -> dict:
    row, client_id = _client_id_request(ctx, p, "iam:AddClientIDToOpenIDConnectProvider")
    if client_id not in row["ClientIDList"]:
        if len(row["ClientIDList"]) >= CLIENT_IDS_PER_PROVIDER:
            raise c.limit_exceeded("ClientIdsPerOpenIdConnectProvider", CLIENT_IDS_PER_PROVIDER)
        ctx.world[TABLE].put({**row, "ClientIDList": [*row["ClientIDList"], client_id]})
    return {}


@operation("iam", "RemoveClientIDFromOpenIDConnectProvider")
def remove_client_id_from_open_id_connect_provider(ctx: CallContext, p: dict) -> dict:
    row, client_id = _client_id_request(ctx, p, "iam:RemoveClientIDFromOpenIDConnectProvider")
    if client_id in row["ClientIDList"]:
        ctx.world[TABLE].put({**row, "ClientIDList": [x for x in row["ClientIDList"] if x != client_id]})
    return {}


@operation("iam", "UpdateOpenIDConnectProviderThumbprint")
def update_open_id_connect_provider_thumbprint(ctx: CallContext, p: dict) -> dict:
    arn = c.require(p, "OpenIDConnectProviderArn")
    if p.get("ThumbprintList") is None:
        c.require(p, "ThumbprintList")
    row = authorized_provider(ctx, "iam:UpdateOpenIDConnectProviderThumbprint", arn)
    ctx.world[TABLE].put({**row, "ThumbprintList": _thumbprints(p["ThumbprintList"])})
    return {}


KEY = "OpenIDConnectProviderArn"


@operation("iam", "TagOpenIDConnectProvider")
def tag_open_id_connect_provider(ctx: CallContext, p: dict) -> dict:
    return tagging.tag(ctx, p, "OpenIDConnectProvider", TABLE, authorized_provider, KEY)


@operation("iam", "UntagOpenIDConnectProvider")
def untag_open_id_connect_provider(ctx: CallContext, p: dict) -> dict:
    return tagging.untag(ctx, p, "OpenIDConnectProvider", TABLE, authorized_provider, KEY)


@operation("iam", "ListOpenIDConnectProviderTags", mutates=False)
def list_open_id_connect_provider_tags(ctx: CallContext, p: dict) -> dict:
    """Sorted by tag key (IAM API Reference)."""
    out = tagging.list_tags(ctx, p, "OpenIDConnectProvider", authorized_provider, KEY)
    return {**out, "Tags": sorted(out["Tags"], key=lambda t: t["Key"])}


def lookup(world, host_path: str):
    """The account's IAM OIDC provider for an issuer (its URL without ``https://``), for STS:
    an ``idp.IamOidcProvider`` or None."""
    from sandbox import idp  # start-up time: only STS asks (jwt and cryptography stay unloaded for IAM)

    row = world[TABLE].get(provider_arn(world.account_id, host_path))
    if row is None or row["Url"] != host_path:
        return None
    return idp.IamOidcProvider(row["Arn"], tuple(row["ClientIDList"]))
