"""The shape of a world file: which tables it holds and what each row must contain.

A world file is one JSON object of tables (``meta`` plus the tables of ``TABLES``);
each table maps a numeric row id to a row object. ``problem(data)`` checks that shape
before the world is used, so a hand-edited or half-overwritten file is refused with a
clear reason instead of failing later inside an operation (or being taken for an empty
world and replaced). Required fields are the ones the operations read without a default;
optional fields are checked only when present. Unknown tables and fields are allowed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

from sandbox.text import one_line, raw_control

_NONE = type(None)

# table name -> field that names a row (unique, case-insensitive as IAM names are)
TABLES = {
    "users": "UserName",
    "groups": "GroupName",
    "roles": "RoleName",
    "policies": "Arn",
    "access_keys": "AccessKeyId",
    "sessions": "AccessKeyId",
    "mfa_devices": "SerialNumber",
    "instance_profiles": "InstanceProfileName",
    "buckets": "Name",
    "objects": "Key",  # "bucket/key"
    "instances": "InstanceId",
    "machines": "Name",
    "files": "Key",  # "machine:/path"
    "oidc_providers": "Arn",
    # the simulated web identity providers (sandbox.idp): not AWS state, the outside world's
    "idp_providers": "Id",  # accounts.google.com, login.example.edu
    "idp_apps": "ClientId",
    "idp_accounts": "Key",  # "provider|email"
    # Amazon Cognito user pools (sandbox.services.cognito_idp)
    "cognito_user_pools": "Id",  # us-east-1_AbCdEf123 (case-sensitive in AWS: handlers compare exactly)
    "cognito_user_pool_clients": "ClientId",
    "cognito_users": "Key",  # "POOL_ID|username"
    "cognito_groups": "Key",  # "POOL_ID|group name"
    "cognito_user_pool_idps": "Key",  # "POOL_ID|provider name"
    "cognito_auth_sessions": "Id",  # a sign-in's origin_jti: its refresh token and revocation
    # Amazon Cognito identity pools (sandbox.services.cognito_identity)
    "cognito_identity_pools": "IdentityPoolId",  # us-east-1:GUID
    "cognito_identities": "IdentityId",  # us-east-1:GUID
    # Amazon Cognito Sync (sandbox.services.cognito_sync)
    "cognito_datasets": "Key",  # "IDENTITY_ID|dataset name"
    "cognito_sync_devices": "DeviceId",
    "cognito_sync_configs": "IdentityPoolId",
    # Amazon SNS mobile push (sandbox.services.sns)
    "sns_platform_applications": "Arn",
    "sns_endpoints": "Arn",
    # the learner's email (sandbox.services.mailbox): not AWS state, the outside world's
    "inbox": "Id",
}


class F(NamedTuple):
    """What one value may be: JSON kinds, plus what its items or fields must be, and the
    range a number or the form a string must have (a value of the right kind can still
    break a command: a clock offset of 10**30 seconds, a MFA seed that is not Base32).

    (A named tuple, not a frozen dataclass: the hundred specs below are made at every
    start; the empty field maps are shared and never changed.)"""

    kinds: tuple[type, ...]
    items: F | None = None  # each element of an array, or each value of an object used as a map
    fields: dict[str, F] = {}  # required fields of an object
    choices: tuple[str, ...] = ()
    date: bool = False  # an ISO 8601 date and time with its time zone, between MIN_YEAR and MAX_YEAR
    low: int = 0  # the range of a whole number
    high: int = 2**53
    pattern: str = ""  # a regular expression a string must match whole
    optional: dict[str, F] = {}  # fields of an object checked when present
    # the control characters a string may hold, None for any: the names IAM, S3 and the sandbox
    # check when they are made (users, roles, buckets, keys, machines) hold none; a tag, a
    # document, a file or an S3 key may hold any (shown escaped wherever it is printed)
    controls: str | None = None


MIN_YEAR, MAX_YEAR = 1970, 2999  # the clock can move on centuries from any of them without overflow
TEXT = F((str,))
TEXT_OR_NULL = F((str, _NONE))
NAME = F((str,), controls="")  # a name or id checked when it was made: no control character
NAME_OR_NULL = F((str, _NONE), controls="")
NUMBER = F((int,))
BOOL = F((bool,))
DATE = F((str,), date=True)
DATE_OR_NULL = F((str, _NONE), date=True)
HEX_HASH = F((str,), pattern="[0-9a-f]{64}")  # secret_hash: SHA-256 in hexadecimal
BASE32_SEED = F((str,), pattern="[A-Z2-7]{16,128}=*")  # a virtual MFA device's seed
ABSOLUTE_PATH = F((str,), pattern="/[^\x00]{0,4095}")
YEARS_100 = 100 * 366 * 86400
NAMES = F((list,), items=TEXT)
DOCUMENTS = F((dict,), items=TEXT)  # policy name -> policy document text
OBJECT_OR_NULL = F((dict, _NONE))
TAGS = F((list,), items=F((dict,), fields={"Key": TEXT, "Value": TEXT}))
BOUNDARY = F((dict, _NONE), fields={"PermissionsBoundaryArn": TEXT})

# table -> (required fields, optional fields)
ROWS: dict[str, tuple[dict[str, F], dict[str, F]]] = {
    "users": ({"UserName": NAME, "UserId": NAME, "Arn": NAME, "Path": NAME, "CreateDate": DATE,
               "Groups": NAMES, "AttachedPolicies": NAMES, "InlinePolicies": DOCUMENTS, "MFADevices": NAMES},
              {"LoginProfile": F((dict, _NONE), fields={"CreateDate": DATE, "Hash": TEXT, "PasswordLastChanged": DATE,
                                                        "PasswordResetRequired": BOOL, "History": NAMES}),
               "Tags": TAGS,
               "PermissionsBoundary": BOUNDARY, "PasswordLastUsed": DATE_OR_NULL}),
    "groups": ({"GroupName": NAME, "GroupId": NAME, "Arn": NAME, "Path": NAME, "CreateDate": DATE,
                "AttachedPolicies": NAMES, "InlinePolicies": DOCUMENTS}, {}),
    "roles": ({"RoleName": NAME, "RoleId": NAME, "Arn": NAME, "Path": NAME, "CreateDate": DATE,
               "AssumeRolePolicyDocument": TEXT, "MaxSessionDuration": F((int,), low=3600, high=43200),
               "AttachedPolicies": NAMES,
               "InlinePolicies": DOCUMENTS},
              {"Description": TEXT_OR_NULL, "Tags": TAGS, "PermissionsBoundary": BOUNDARY,
               "RoleLastUsed": OBJECT_OR_NULL}),
    "policies": ({"PolicyName": NAME, "PolicyId": NAME, "Arn": NAME, "Path": NAME, "DefaultVersionId": TEXT,
                  "CreateDate": DATE,
                  "Versions": F((list,), items=F((dict,), fields={"VersionId": F((str,)), "Document": TEXT,
                                                                 "IsDefaultVersion": BOOL, "CreateDate": DATE}))},
                 {"Description": TEXT_OR_NULL, "Tags": TAGS, "NextVersion": F((int,), low=1, high=10**6),
                  "UpdateDate": DATE}),
    "access_keys": ({"AccessKeyId": NAME, "SecretHash": HEX_HASH, "Status": F((str,), choices=("Active", "Inactive")),
                     "CreateDate": DATE, "Owner": F((str,), choices=("root", "user")), "UserName": TEXT_OR_NULL},
                    {"LastUsed": OBJECT_OR_NULL}),
    "sessions": ({"AccessKeyId": TEXT, "SecretHash": HEX_HASH, "SessionToken": TEXT, "Expiration": DATE,
                  "IssuedAt": DATE, "Kind": TEXT, "RoleName": TEXT_OR_NULL, "RoleArn": TEXT_OR_NULL,
                  "RoleId": TEXT_OR_NULL, "RoleSessionName": TEXT, "SourceUser": TEXT_OR_NULL,
                  "SessionPolicy": TEXT_OR_NULL, "SessionPolicyArns": NAMES, "MFAAuthenticated": BOOL, "Tags": TAGS,
                  "SourceInstanceArn": TEXT_OR_NULL, "Chained": BOOL},
                 {"MFAAuthTime": DATE_OR_NULL,
                  "WebIdentity": F((dict,), fields={"Provider": TEXT, "Subject": TEXT, "Audience": TEXT,
                                                    # a key's value, or its values (Cognito's amr)
                                                    "Context": F((dict,), items=F((str, list), items=TEXT))})}),
    "mfa_devices": ({"SerialNumber": NAME, "Seed": BASE32_SEED, "User": TEXT_OR_NULL, "EnableDate": DATE_OR_NULL},
                    {"CreateDate": DATE, "Tags": TAGS}),
    "instance_profiles": ({"InstanceProfileName": NAME, "InstanceProfileId": NAME, "Arn": NAME, "Path": NAME,
                           "CreateDate": DATE, "Roles": NAMES}, {"Tags": TAGS}),
    "buckets": ({"Name": NAME, "CreationDate": DATE, "Region": TEXT, "Owner": TEXT},
                {"Policy": TEXT_OR_NULL, "Tags": TAGS}),
    "objects": ({"Key": TEXT, "Bucket": TEXT, "ObjectKey": TEXT, "Size": NUMBER, "LastModified": DATE,
                 "ETag": TEXT}, {"Body": TEXT_OR_NULL, "BodyB64": TEXT_OR_NULL, "ContentType": TEXT_OR_NULL}),
    "instances": ({"InstanceId": TEXT, "State": F((str,), choices=("pending", "running", "stopping", "stopped",
                                                                   "shutting-down", "terminated")),
                   "InstanceType": TEXT, "ImageId": TEXT, "LaunchTime": DATE,
                   "PrivateIpAddress": TEXT, "PublicIpAddress": TEXT, "AvailabilityZone": TEXT,
                   "IamInstanceProfile": F((dict, _NONE), fields={"Arn": TEXT, "Id": TEXT}),
                   "AssociationId": TEXT_OR_NULL},
                  {"Name": TEXT_OR_NULL, "Tags": TAGS, "Region": TEXT}),
    "machines": ({"Name": NAME, "Hostname": NAME, "User": NAME, "Home": ABSOLUTE_PATH, "Kind": TEXT, "PrivateIp": TEXT,
                  "SourceIp": TEXT}, {"InstanceId": TEXT_OR_NULL, "Platform": TEXT, "PushToken": TEXT}),
    "files": ({"Key": TEXT, "Machine": TEXT, "Path": F((str,), pattern="/[^\\x00]{0,4095}", controls=None),
               "Type": F((str,), choices=("file", "dir"))},
              {"Content": TEXT}),
    "oidc_providers": ({"Arn": TEXT, "Url": TEXT, "ClientIDList": NAMES, "ThumbprintList": NAMES, "CreateDate": DATE},
                       {"Tags": TAGS}),
    "idp_providers": ({"Id": TEXT, "Kind": F((str,), choices=("google", "amazon", "facebook", "oidc",
                                                           "cognito-identity", "cognito-idp")), "Issuer": TEXT,
                       "CreateDate": DATE,
                       "Keys": F((list,), items=F((dict,), fields={"Kid": TEXT, "Index": F((int,), high=10**6),
                                                                   "CreateDate": DATE}))},
                      {"AppsRegistered": NUMBER}),
    "idp_apps": ({"ClientId": TEXT, "Provider": TEXT, "Name": TEXT, "CreateDate": DATE}, {}),
    "idp_accounts": ({"Key": TEXT, "Provider": TEXT, "Email": TEXT, "Subject": TEXT, "CreateDate": DATE},
                     {"LastSignIn": DATE_OR_NULL}),
    "cognito_user_pools": ({"Id": TEXT, "Name": TEXT, "Arn": TEXT, "CreationDate": DATE, "LastModifiedDate": DATE,
                            "Policies": F((dict,), fields={"PasswordPolicy": F((dict,))}),
                            "AutoVerifiedAttributes": NAMES, "UsernameAttributes": NAMES, "MfaConfiguration": TEXT},
                           {"Tags": F((dict,), items=TEXT), "AdminCreateUserConfig": F((dict,)),
                            "DeletionProtection": TEXT, "EstimatedNumberOfUsers": NUMBER}),
    "cognito_user_pool_clients": ({"ClientId": TEXT, "UserPoolId": TEXT, "ClientName": TEXT, "CreationDate": DATE,
                                   "LastModifiedDate": DATE, "ExplicitAuthFlows": NAMES},
                                  {"ClientSecret": TEXT_OR_NULL, "SupportedIdentityProviders": NAMES,
                                   "AllowedOAuthFlows": NAMES, "AllowedOAuthScopes": NAMES, "CallbackURLs": NAMES,
                                   "AllowedOAuthFlowsUserPoolClient": BOOL, "RefreshTokenValidity": NUMBER,
                                   "AccessTokenValidity": NUMBER, "IdTokenValidity": NUMBER,
                                   "TokenValidityUnits": F((dict,), items=TEXT), "PreventUserExistenceErrors": TEXT,
                                   "EnableTokenRevocation": BOOL}),
    "cognito_users": ({"Key": TEXT, "UserPoolId": TEXT, "Username": TEXT, "Sub": TEXT,
                       "Attributes": F((list,), items=F((dict,), fields={"Name": TEXT, "Value": TEXT})),
                       "UserStatus": F((str,), choices=("UNCONFIRMED", "CONFIRMED", "FORCE_CHANGE_PASSWORD",
                                                         "EXTERNAL_PROVIDER", "RESET_REQUIRED")),
                       "Enabled": BOOL, "UserCreateDate": DATE, "UserLastModifiedDate": DATE, "Groups": NAMES},
                      {"PasswordHash": TEXT_OR_NULL, "TemporaryPasswordExpires": DATE_OR_NULL,
                       "Code": F((dict, _NONE), fields={"Value": TEXT, "Expires": DATE})}),
    "cognito_groups": ({"Key": TEXT, "UserPoolId": TEXT, "GroupName": TEXT, "CreationDate": DATE,
                        "LastModifiedDate": DATE},
                       {"Description": TEXT_OR_NULL, "RoleArn": TEXT_OR_NULL, "Precedence": F((int, _NONE))}),
    "cognito_user_pool_idps": ({"Key": TEXT, "UserPoolId": TEXT, "ProviderName": TEXT, "ProviderType": TEXT,
                                "ProviderDetails": F((dict,), items=TEXT), "CreationDate": DATE,
                                "LastModifiedDate": DATE},
                               {"AttributeMapping": F((dict,), items=TEXT), "IdpIdentifiers": NAMES}),
    "cognito_auth_sessions": ({"Id": TEXT, "UserPoolId": TEXT, "Username": TEXT, "ClientId": TEXT,
                               "RefreshHash": TEXT, "AuthTime": NUMBER, "RefreshExpires": DATE, "Revoked": BOOL},
                              {"Scope": TEXT}),
    "cognito_identity_pools": ({"IdentityPoolId": TEXT, "IdentityPoolName": TEXT,
                                "AllowUnauthenticatedIdentities": BOOL, "CreationDate": DATE,
                                "Roles": F((dict,), items=TEXT), "RoleMappings": F((dict,))},
                               {"AllowClassicFlow": BOOL, "SupportedLoginProviders": F((dict,), items=TEXT),
                                "CognitoIdentityProviders": F((list,), items=F((dict,), fields={
                                    "ProviderName": TEXT, "ClientId": TEXT, "ServerSideTokenCheck": BOOL})),
                                "OpenIdConnectProviderARNs": NAMES, "SamlProviderARNs": NAMES,
                                "DeveloperProviderName": TEXT_OR_NULL, "IdentityPoolTags": F((dict,), items=TEXT)}),
    "cognito_identities": ({"IdentityId": TEXT, "IdentityPoolId": TEXT, "Logins": NAMES, "LoginKeys": NAMES,
                            "CreationDate": DATE, "LastModifiedDate": DATE}, {"Disabled": BOOL}),
    "cognito_datasets": ({"Key": TEXT, "IdentityPoolId": TEXT, "IdentityId": TEXT, "DatasetName": TEXT,
                          "SyncCount": NUMBER, "CreationDate": DATE, "LastModifiedDate": DATE, "LastModifiedBy": TEXT,
                          "Records": F((dict,), items=F((dict,), fields={"SyncCount": NUMBER,
                                                                         "LastModifiedDate": DATE}))}, {}),
    "cognito_sync_devices": ({"DeviceId": TEXT, "IdentityPoolId": TEXT, "IdentityId": TEXT, "Platform": TEXT,
                              "Token": TEXT, "EndpointArn": TEXT, "Subscriptions": NAMES}, {}),
    "cognito_sync_configs": ({"IdentityPoolId": TEXT}, {"PushSync": OBJECT_OR_NULL}),
    "sns_platform_applications": ({"Arn": TEXT, "Name": TEXT, "Platform": TEXT, "Attributes": F((dict,), items=TEXT),
                                   "CreationDate": DATE}, {}),
    "sns_endpoints": ({"Arn": TEXT, "Application": TEXT, "Token": TEXT, "Attributes": F((dict,), items=TEXT)}, {}),
    "inbox": ({"Id": TEXT, "To": TEXT, "From": TEXT, "Subject": TEXT, "Body": TEXT, "Date": DATE},
              {"Read": BOOL}),
}

PASSWORD_POLICY = F((dict, _NONE), optional={
    "MinimumPasswordLength": F((int,), low=6, high=128), "MaxPasswordAge": F((int,), low=1, high=1095),
    "PasswordReusePrevention": F((int,), low=1, high=24), "RequireSymbols": BOOL, "RequireNumbers": BOOL,
    "RequireUppercaseCharacters": BOOL, "RequireLowercaseCharacters": BOOL, "AllowUsersToChangePassword": BOOL,
    "HardExpiry": BOOL, "ExpirePasswords": BOOL})
SCENARIO_STATE = F((dict, _NONE), fields={"id": F((str,), pattern="[a-z0-9][a-z0-9-]{1,62}"),
                                          "step": F((int,), high=10000), "learner": TEXT},
                   optional={"step_seq": NUMBER, "hints": F((int,), high=10000), "solution": BOOL, "started": DATE,
                             "secrets": OBJECT_OR_NULL,
                             "source": F((str,), pattern="shipped|instructor"),
                             "undo": F((dict, _NONE), optional={"snapshot": TEXT, "label": TEXT})})

META: tuple[dict[str, F], dict[str, F]] = (
    {"account_id": F((str,)), "schema": NUMBER,
     "root": F((dict,), fields={"Email": TEXT, "Password": TEXT, "MFASerial": TEXT_OR_NULL})},
    {"alias": NAME_OR_NULL, "created": DATE,
     "clock_offset_seconds": F((int,), low=-YEARS_100, high=YEARS_100), "clock_frozen_at": DATE_OR_NULL,
     "password_policy": PASSWORD_POLICY, "secrets_note": OBJECT_OR_NULL,
     "idp_seed": F((str,), pattern="[0-9a-f]{16,128}"),
     "scenario": SCENARIO_STATE, "baseline": HEX_HASH},
)

# an availability zone is its Region and one letter (us-east-1a)
_ZONE = re.compile(r"^([a-z]{2}(?:-[a-z]+)+-[0-9]+)[a-z]$")


def _instance_rule(row: dict) -> str | None:
    if row["AssociationId"] and not row["IamInstanceProfile"]:
        return "it has an AssociationId but no IamInstanceProfile"
    # instances written before they had a Region are in us-east-1
    region = row.get("Region") or "us-east-1"
    zone = _ZONE.match(row["AvailabilityZone"])
    if zone is None or zone.group(1) != region:
        return f"its AvailabilityZone {row['AvailabilityZone']!r} is not a zone of its Region {region}"
    return None


# what one field cannot say alone: table -> row -> the problem, or None
RULES: dict[str, Callable[[dict], str | None]] = {
    "access_keys": lambda r: ("a user's key has no UserName" if r["Owner"] == "user" and not r["UserName"] else None),
    "objects": lambda r: ("it has no Body and no BodyB64" if r.get("Body") is None and r.get("BodyB64") is None
                          else None),
    "instances": _instance_rule,
    "idp_providers": lambda r: ("it has no signing keys" if not r["Keys"] else
                                "its Issuer is not https:// and its Id" if r["Issuer"] != "https://" + r["Id"]
                                and r["Kind"] == "oidc" else None),
}

_ROW_ID = re.compile(r"^[0-9]{1,18}$")
_ACCOUNT = re.compile(r"^[0-9]{12}$")


def kind_name(value) -> str:
    """A value's JSON kind, as a learner who edited the file would call it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


_WANTED = {str: "a string", int: "a whole number", bool: "true or false", list: "an array", dict: "an object",
           _NONE: "null"}


def _value_problem(spec: F, value, where: str) -> str | None:
    ok = any(isinstance(value, t) and not (t is int and isinstance(value, bool)) for t in spec.kinds)
    if not ok:
        wanted = " or ".join(_WANTED[t] for t in spec.kinds)
        return f"{where} is {kind_name(value)}, not {wanted}"
    found = _scalar_problem(spec, value)
    if found:
        return f"{where} is {found}"
    if isinstance(value, list) and spec.items is not None:
        for i, item in enumerate(value):
            found = _value_problem(spec.items, item, f"{where}[{i}]")
            if found:
                return found
    if isinstance(value, dict):
        if spec.items is not None:
            for k, item in value.items():
                found = _value_problem(spec.items, item, f"{where}.{k}")
                if found:
                    return found
        for name, sub in spec.fields.items():
            if name not in value:
                return f"{where} has no {name}"
            found = _value_problem(sub, value[name], f"{where}.{name}")
            if found:
                return found
        for name, sub in spec.optional.items():
            if name in value:
                found = _value_problem(sub, value[name], f"{where}.{name}")
                if found:
                    return found
    return None


_PATTERNS: dict[str, re.Pattern] = {}


def _scalar_problem(spec: F, value) -> str | None:
    """What is wrong with a value of the right kind (``VALUE, not ...``), or None."""
    if spec.choices and value not in spec.choices:
        return f"{_shown(value)}, not one of {', '.join(spec.choices)}"
    if type(value) is int and not spec.low <= value <= spec.high:
        return f"{_shown(value)}, not a whole number from {spec.low} to {spec.high}"
    if type(value) is not str:
        return None
    if spec.controls is not None and not value.isprintable():  # isprintable: the quick test, in C
        found = raw_control(value, spec.controls)
        if found is not None:
            return f"{_shown(value)}, which holds the control character {found}"
    if spec.date:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return f"{_shown(value)}, not a date and time"
        if moment.tzinfo is None:
            return f"{_shown(value)}, a date and time without its time zone (+00:00)"
        if not MIN_YEAR <= moment.year <= MAX_YEAR:
            return f"{_shown(value)}, not a date between the years {MIN_YEAR} and {MAX_YEAR}"
    if spec.pattern:
        compiled = _PATTERNS.get(spec.pattern)
        if compiled is None:
            compiled = _PATTERNS[spec.pattern] = re.compile(spec.pattern)
        if compiled.fullmatch(value) is None:
            return f"{_shown(value)}, not of the form {spec.pattern}"
    return None


def _shown(value) -> str:
    """A value for a message about a file a learner may open: short, control characters visible."""
    text = repr(value)
    return one_line(text if len(text) <= 60 else text[:57] + "...")


def _row_problem(required: dict[str, F], optional: dict[str, F], row: dict, where: str) -> str | None:
    for name, spec in required.items():
        if name not in row:
            return f"{where} has no {name}"
        found = _value_problem(spec, row[name], f"{where}: {name}")
        if found:
            return found
    for name, spec in optional.items():
        if name in row:
            found = _value_problem(spec, row[name], f"{where}: {name}")
            if found:
                return found
    return None


# -- the quick check: yes or no, fast enough for a world of thousands of rows -------------------------
# (the detailed check above runs only on a row that fails it, to say why)

_MISSING = object()


def _quick(spec: F) -> tuple[frozenset, Callable[[object], bool] | None]:
    """The exact types ``spec`` allows, and a deeper test when the type is not all there is."""
    types = frozenset(spec.kinds)
    item = _quick(spec.items) if spec.items is not None else None
    fields = [(name, *_quick(sub)) for name, sub in spec.fields.items()]
    optional = [(name, *_quick(sub)) for name, sub in spec.optional.items()]
    scalar = bool(spec.choices or spec.date or spec.pattern or int in types or str in types)
    if item is None and not fields and not optional and not scalar:
        return types, None

    def deep(value) -> bool:
        if scalar and _scalar_problem(spec, value) is not None:
            return False
        if item is not None and type(value) in (list, dict):
            item_types, item_deep = item
            for x in (value if type(value) is list else value.values()):
                if type(x) not in item_types or (item_deep is not None and not item_deep(x)):
                    return False
        if (fields or optional) and type(value) is dict:
            for name, sub_types, sub_deep in fields:
                v = value.get(name, _MISSING)
                if type(v) not in sub_types or (sub_deep is not None and not sub_deep(v)):
                    return False
            for name, sub_types, sub_deep in optional:
                v = value.get(name, _MISSING)
                if v is not _MISSING and (type(v) not in sub_types or (sub_deep is not None and not sub_deep(v))):
                    return False
        return True

    return types, deep


def _plan(required: dict[str, F], optional: dict[str, F]) -> tuple[list, list]:
    return ([(n, *_quick(f)) for n, f in required.items()], [(n, *_quick(f)) for n, f in optional.items()])


def _row_ok(row: dict, plan: tuple[list, list]) -> bool:
    required, optional = plan
    for name, types, deep in required:
        v = row.get(name, _MISSING)
        if type(v) not in types or (deep is not None and not deep(v)):
            return False
    for name, types, deep in optional:
        v = row.get(name, _MISSING)
        if v is not _MISSING and (type(v) not in types or (deep is not None and not deep(v))):
            return False
    return True


_PLANS: dict[str, tuple[list, list]] = {}


def _table_problem(name: str, rows, key: str | None, required: dict, optional: dict) -> str | None:
    if not isinstance(rows, dict):
        return f"the table {name} is {kind_name(rows)}, not an object of rows"
    plan = _PLANS.get(name)
    if plan is None:
        plan = _PLANS[name] = _plan(required, optional)
    match = _ROW_ID.match
    rule = RULES.get(name)
    for row_id, row in rows.items():
        if match(row_id) and type(row) is dict and _row_ok(row, plan):
            broken = rule(row) if rule is not None else None
            if not broken:
                continue
            return f"row {row_id} of the table {name} ({row[key]}): {broken}"
        where = f"row {row_id} of the table {name}"
        if not _ROW_ID.match(row_id):
            return f"the table {name} has a row id {row_id!r}, not a number"
        if not isinstance(row, dict):
            return f"{where} is {kind_name(row)}, not an object"
        if key is not None and isinstance(row.get(key), str):
            where += f" ({row[key]})"
        found = _row_problem(required, optional, row, where)
        if found:
            return found
    return None


def problem(data) -> str | None:
    """Why ``data`` (a parsed world file) is not a usable world, or None if it is."""
    if not isinstance(data, dict):
        return f"it holds {kind_name(data)}, not an IAM Sandbox world"
    meta = data.get("meta")
    if meta is None:
        return "no account in it: there is no meta table"
    found = _table_problem("meta", meta, None, *META)
    if found:
        return found
    if len(meta) != 1:
        return f"the table meta has {len(meta)} rows, not 1"
    (row,) = meta.values()
    if not _ACCOUNT.match(row["account_id"]):
        return f"the account id {row['account_id']!r} is not 12 digits"
    for name, key in TABLES.items():
        if name in data:
            found = _table_problem(name, data[name], key, *ROWS[name])
            if found:
                return found
    return _across_tables(data)


def _across_tables(data: dict) -> str | None:
    """What rows of different tables must agree on: the laptop every terminal starts on,
    files that belong to a machine."""
    machines = {row["Name"]: row for row in (data.get("machines") or {}).values()}
    laptop = machines.get("laptop")
    if laptop is None or laptop["Kind"] != "laptop":
        return "the table machines has no laptop (a machine named laptop, of the kind laptop)"
    for row_id, row in (data.get("files") or {}).items():
        if row["Machine"] not in machines or row["Key"] != f"{row['Machine']}:{row['Path']}":
            return (f"row {row_id} of the table files ({_shown(row['Key'])}) is not the file {_shown(row['Path'])} "
                    "of a machine of the table machines")
    return None


def schema_of(data) -> int | None:
    """The schema number a world file declares, if it can be found."""
    meta = data.get("meta") if isinstance(data, dict) else None
    if not isinstance(meta, dict):
        return None
    for doc in meta.values():
        if isinstance(doc, dict) and "schema" in doc:
            try:
                return int(doc["schema"])
            except (TypeError, ValueError):
                return None
    return None
