"""Shared rules of the IAM service: ARNs, names, paths, limits, dates, errors.

Messages are IAM's own (collected from real responses; see the project notes).
"""

from __future__ import annotations

import json
import re

from sandbox import policy as engine  # the parser loads with the first policy document (start-up time)
from sandbox.errors import AwsError
from sandbox.services.isotime import iso  # noqa: F401  (c.iso for the IAM modules)

NAME_PATTERN = r"[\w+=,.@-]+"
_NAME = re.compile(r"^[\w+=,.@-]+$")
_PATH = re.compile(r"^/([\x21-\x7e]*/)?$")
_POLICY_ARN = re.compile(r"^arn:aws:iam::(aws|\d{12}):policy/.+$")

# quotas (IAM User Guide, "IAM and AWS STS quotas")
MANAGED_POLICIES_PER_ENTITY = 10
GROUPS_PER_USER = 10
ACCESS_KEYS_PER_USER = 2
POLICY_VERSIONS = 5
INLINE_SIZE = {"user": 2048, "group": 5120, "role": 10240}
MANAGED_POLICY_SIZE = 6144
TRUST_POLICY_SIZE = 2048
USERS_PER_ACCOUNT = 5000
GROUPS_PER_ACCOUNT = 300
ROLES_PER_ACCOUNT = 1000
CUSTOMER_POLICIES_PER_ACCOUNT = 1500
INSTANCE_PROFILES_PER_ACCOUNT = 1000
MFA_DEVICES_PER_USER = 8

NAME_LIMITS = {"userName": 64, "groupName": 128, "roleName": 64, "policyName": 128,
               "instanceProfileName": 128, "virtualMFADeviceName": 226}


def validation_error(value, member: str, constraint: str) -> AwsError:
    return AwsError("ValidationError", f"1 validation error detected: Value '{value}' at '{member}' failed to "
                                       f"satisfy constraint: {constraint}")


def require(params: dict, key: str) -> str:
    value = params.get(key)
    if value is None or value == "":
        member = key[0].lower() + key[1:]
        raise AwsError("ValidationError", f"1 validation error detected: Value null at '{member}' failed to satisfy "
                                          "constraint: Member must not be null")
    return value


def check_name(value: str, member: str) -> str:
    if not isinstance(value, str) or not value:
        raise validation_error(value, member, "Member must have length greater than or equal to 1")
    limit = NAME_LIMITS.get(member, 128)
    if len(value) > limit:
        raise validation_error(value, member, f"Member must have length less than or equal to {limit}")
    if not _NAME.match(value):
        raise validation_error(value, member, f"Member must satisfy regular expression pattern: {NAME_PATTERN}")
    return value


def under_path(ctx, table: str, prefix: str) -> list[dict]:
    """The rows of ``table`` whose path starts with ``prefix``, in IAM's list order (by name,
    case ignored). The whole table when the prefix is "/" (every path starts with it)."""
    rows = ctx.world[table].in_key_order()
    return rows if prefix == "/" else [r for r in rows if r["Path"].startswith(prefix)]


def check_path(path: str | None) -> str:
    path = path or "/"
    if len(path) > 512 or not _PATH.match(path):
        raise AwsError("ValidationError", "The specified value for path is invalid. It must begin and end with / and "
                                          "contain only alphanumeric characters and/or / characters.")
    return path


def check_policy_arn(value: str) -> str:
    """IAM refuses a policy ARN it cannot parse (a policy's name, say) before looking it up.
    Shorter than 20 characters, the CLI has already refused it (botocore's minimum length)."""
    if not _POLICY_ARN.match(value):
        raise AwsError("InvalidInput", f"ARN {value} is not valid.")
    return value


def arn(account: str, kind: str, name: str, path: str = "/") -> str:
    return f"arn:aws:iam::{account}:{kind}{path}{name}"


def no_such(kind: str, name: str) -> AwsError:
    messages = {
        "user": f"The user with name {name} cannot be found.",
        "group": f"The group with name {name} cannot be found.",
        "role": f"The role with name {name} cannot be found.",
        "instance-profile": f"Instance Profile {name} cannot be found.",
        "policy": f"Policy {name} was not found.",
        "login-profile": f"Login Profile for User {name} cannot be found.",
        "access-key": f"The Access Key with id {name} cannot be found.",
        "user-policy": f"The user policy with name {name} cannot be found.",
        "group-policy": f"The group policy with name {name} cannot be found.",
        "role-policy": f"The role policy with name {name} cannot be found.",
        "mfa": f"MFA Device with serial number {name} does not exist.",
    }
    return AwsError("NoSuchEntity", messages[kind], 404)


def already_exists(kind: str, name: str) -> AwsError:
    messages = {
        "user": f"User with name {name} already exists.",
        "group": f"Group with name {name} already exists.",
        "role": f"Role with name {name} already exists.",
        "policy": f"A policy called {name} already exists. Duplicate names are not allowed.",
        "instance-profile": f"Instance Profile {name} already exists.",
        "login-profile": f"Login Profile for user {name} already exists.",
        "mfa": "MFADevice entity at the same path and name already exists.",
    }
    return AwsError("EntityAlreadyExists", messages[kind], 409)


def limit_exceeded(quota: str, value: int) -> AwsError:
    return AwsError("LimitExceeded", f"Cannot exceed quota for {quota}: {value}", 409)


def delete_conflict(message: str) -> AwsError:
    return AwsError("DeleteConflict", message, 409)


def policy_document(params: dict, key: str, kind: str | None = None, size: tuple[int, str] | None = None,
                    ) -> tuple[str, object]:
    """The document text from params (a string or, from --cli-input-json, an object), parsed.

    ``size`` (limit, message): IAM checks the size before it reads the document, so a huge
    one is refused at once with ``LimitExceeded``."""
    text = document_text(params, key)
    if size is not None:
        check_size(text, *size)
    policy = engine.parse_policy(text, kind or engine.IDENTITY)
    return text, policy


def document_text(params: dict, key: str) -> str:
    raw = require(params, key)
    try:
        text = raw if isinstance(raw, str) else json.dumps(raw, indent=4)
    except (RecursionError, TypeError, ValueError):
        raise AwsError("MalformedPolicyDocument", "Syntax errors in policy.") from None
    if not text.strip():
        raise AwsError("MalformedPolicyDocument", "Syntax errors in policy.")
    return text


def check_size(text: str, limit: int, message: str) -> int:
    size = engine.nonwhitespace_size(text)
    if size > limit:
        raise AwsError("LimitExceeded", message, 409)
    return size


def document_out(text: str) -> object:
    """Policy documents as the CLI shows them: decoded JSON."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def tags_in(params: dict) -> list[dict]:
    tags = params.get("Tags") or []
    keys = set()
    out = []
    for tag in tags:
        if not isinstance(tag, dict) or "Key" not in tag:
            raise AwsError("ValidationError", "Tags must be given as Key=...,Value=...")
        key = str(tag["Key"])
        if key.lower() in keys:
            raise AwsError("InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive.")
        if not 1 <= len(key) <= 128:
            raise validation_error(key, "tags.member.key", "Member must have length less than or equal to 128")
        value = str(tag.get("Value", ""))
        if len(value) > 256:
            raise validation_error(value, "tags.member.value", "Member must have length less than or equal to 256")
        keys.add(key.lower())
        out.append({"Key": key, "Value": value})
    if len(out) > 50:
        raise AwsError("LimitExceeded", "Cannot exceed quota for TagsPerUser: 50", 409)
    return out


def request_tag_context(tags: list[dict]) -> dict:
    ctx = {f"aws:RequestTag/{t['Key']}": t["Value"] for t in tags}
    if tags:
        ctx["aws:TagKeys"] = [t["Key"] for t in tags]
    return ctx


def resource_tag_context(entity: dict | None) -> dict:
    if not entity:
        return {}
    ctx = {}
    for t in entity.get("Tags", []):
        ctx[f"aws:ResourceTag/{t['Key']}"] = t["Value"]
        ctx[f"iam:ResourceTag/{t['Key']}"] = t["Value"]
    return ctx

