"""A user pool's rules for users: its password policy and its attribute schema.

Password policy (Developer Guide, "Adding user pool password requirements"): a minimum
length of 6 to 99 (8 by default) and, by default, at least one uppercase letter, lowercase
letter, number and symbol; a temporary password is valid 7 days by default. A password that
breaks a rule is refused with ``InvalidPasswordException`` ("Password did not conform with
policy: ...").

Attributes: the OpenID Connect standard attributes (``email``, ``name``, ``phone_number``...,
``sub`` set by Cognito and never written) and the pool's own ``custom:`` attributes declared
in its ``Schema``; a standard attribute the schema marks ``Required`` must be given at
sign-up.
"""

from __future__ import annotations

import re

from sandbox.errors import AwsError
from sandbox.services.cognito_idp.common import invalid_parameter

DEFAULT_POLICY = {"MinimumLength": 8, "RequireUppercase": True, "RequireLowercase": True, "RequireNumbers": True,
                  "RequireSymbols": True, "TemporaryPasswordValidityDays": 7}
SYMBOLS = set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")
MAX_PASSWORD = 256

# name -> data type (the standard attributes of every user pool, OpenID Connect's claims)
STANDARD = {
    "sub": "String", "name": "String", "given_name": "String", "family_name": "String", "middle_name": "String",
    "nickname": "String", "preferred_username": "String", "profile": "String", "picture": "String",
    "website": "String", "email": "String", "email_verified": "Boolean", "gender": "String", "birthdate": "String",
    "zoneinfo": "String", "locale": "String", "phone_number": "String", "phone_number_verified": "Boolean",
    "address": "String", "updated_at": "Number", "identities": "String",
}
READ_ONLY = {"sub", "identities"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+[0-9]{4,15}$")
_CUSTOM = re.compile(r"^[\w.:-]{1,20}$")


def password_policy(params: dict | None) -> dict:
    """The PasswordPolicy a CreateUserPool request sets, checked as the service checks it."""
    given = dict((params or {}).get("PasswordPolicy") or {})
    policy = {**DEFAULT_POLICY}
    for key in ("RequireUppercase", "RequireLowercase", "RequireNumbers", "RequireSymbols"):
        if key in given:
            policy[key] = bool(given[key])
    if "MinimumLength" in given:
        length = _number(given["MinimumLength"], "minimumLength", 6, 99)
        policy["MinimumLength"] = length
    if "TemporaryPasswordValidityDays" in given:
        policy["TemporaryPasswordValidityDays"] = _number(given["TemporaryPasswordValidityDays"],
                                                          "temporaryPasswordValidityDays", 0, 365)
    return policy


def _number(value, member: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = low - 1
    if not low <= number <= high:
        bound = f"greater than or equal to {low}" if number < low else f"less than or equal to {high}"
        raise invalid_parameter(f"1 validation error detected: Value '{value}' at 'policies.passwordPolicy.{member}' "
                                f"failed to satisfy constraint: Member must have value {bound}")
    return number


def check_password(policy: dict, password) -> str:
    """The password if the policy accepts it, else InvalidPasswordException."""
    if not isinstance(password, str) or not password:
        raise invalid_parameter("1 validation error detected: Value at 'password' failed to satisfy constraint: "
                                "Member must not be null")
    if len(password) > MAX_PASSWORD:
        raise invalid_parameter("1 validation error detected: Value at 'password' failed to satisfy constraint: "
                                f"Member must have length less than or equal to {MAX_PASSWORD}")
    problem = None
    if len(password) < policy["MinimumLength"]:
        problem = "Password not long enough"
    elif policy["RequireUppercase"] and not any(c.isupper() for c in password):
        problem = "Password must have uppercase characters"
    elif policy["RequireLowercase"] and not any(c.islower() for c in password):
        problem = "Password must have lowercase characters"
    elif policy["RequireNumbers"] and not any(c.isdigit() for c in password):
        problem = "Password must have numeric characters"
    elif policy["RequireSymbols"] and not any(c in SYMBOLS for c in password):
        problem = "Password must have symbol characters"
    if problem:
        raise AwsError("InvalidPasswordException", f"Password did not conform with policy: {problem}")
    return password


def custom_schema(schema) -> list[dict]:
    """The pool's Schema: custom attributes, and standard ones it makes required."""
    out = []
    for item in schema or []:
        if not isinstance(item, dict) or not isinstance(item.get("Name"), str):
            raise invalid_parameter("Each schema attribute needs a Name.")
        name = item["Name"]
        kind = item.get("AttributeDataType", "String")
        if kind not in ("String", "Number", "DateTime", "Boolean"):
            raise invalid_parameter(f"Invalid AttributeDataType {kind} for attribute {name}.")
        if name in STANDARD:
            out.append({"Name": name, "AttributeDataType": STANDARD[name], "Required": bool(item.get("Required")),
                        "Mutable": bool(item.get("Mutable", True)), "Custom": False})
            continue
        if name.startswith("custom:"):
            name = name[len("custom:"):]
        if not _CUSTOM.match(name):
            raise invalid_parameter(f"Invalid custom attribute name {name}.")
        if item.get("Required"):
            raise invalid_parameter("Required custom attributes are not supported currently.")
        out.append({"Name": f"custom:{name}", "AttributeDataType": kind, "Required": False,
                    "Mutable": bool(item.get("Mutable", True)), "Custom": True})
    return out


def schema_attributes(pool: dict) -> list[dict]:
    """DescribeUserPool's SchemaAttributes: the standard attributes, then the custom ones."""
    declared = {a["Name"]: a for a in pool.get("Schema", [])}
    out = []
    for name, kind in STANDARD.items():
        mine = declared.get(name, {})
        entry = {"Name": name, "AttributeDataType": kind, "DeveloperOnlyAttribute": False,
                 "Mutable": name not in READ_ONLY and mine.get("Mutable", True),
                 "Required": name == "sub" or bool(mine.get("Required"))}
        if kind == "String":
            entry["StringAttributeConstraints"] = {"MinLength": "1" if name == "sub" else "0", "MaxLength": "2048"}
        elif kind == "Number":
            entry["NumberAttributeConstraints"] = {"MinValue": "0"}
        out.append(entry)
    for a in pool.get("Schema", []):
        if a.get("Custom"):
            entry = {"Name": a["Name"], "AttributeDataType": a["AttributeDataType"], "DeveloperOnlyAttribute": False,
                     "Mutable": a["Mutable"], "Required": False}
            if a["AttributeDataType"] == "String":
                entry["StringAttributeConstraints"] = {"MinLength": "0", "MaxLength": "2048"}
            out.append(entry)
    return out


def user_attributes(pool: dict, given, *, admin: bool = False) -> dict[str, str]:
    """The attributes a SignUp or AdminCreateUser request writes, checked against the schema."""
    custom = {a["Name"] for a in pool.get("Schema", []) if a.get("Custom")}
    out: dict[str, str] = {}
    for item in given or []:
        if not isinstance(item, dict) or not isinstance(item.get("Name"), str):
            raise invalid_parameter("Each user attribute needs a Name and a Value.")
        name, value = item["Name"], str(item.get("Value", ""))
        if name not in STANDARD and name not in custom:
            raise invalid_parameter(f"Attributes did not conform to the schema: {name}: Attribute does not exist in "
                                    "the schema.\n")
        if name in READ_ONLY or (not admin and name in ("email_verified", "phone_number_verified")):
            raise invalid_parameter("A client attempted to write unauthorized attribute")
        if name == "email" and not _EMAIL.match(value):
            raise invalid_parameter("Invalid email address format.")
        if name == "phone_number" and not _PHONE.match(value):
            raise invalid_parameter("Invalid phone number format.")
        if STANDARD.get(name) == "Boolean" and value not in ("true", "false"):
            raise invalid_parameter(f"Attributes did not conform to the schema: {name}: Value is not a boolean")
        out[name] = value
    for a in pool.get("Schema", []):
        if a.get("Required") and a["Name"] not in out:
            raise invalid_parameter(f"Attributes did not conform to the schema: {a['Name']}: The attribute "
                                    f"{a['Name']} is required")
    return out
