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
from dataclasses import dataclass, field
from datetime import datetime

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
}


@dataclass(frozen=True)
class F:
    """What one value may be: JSON kinds, plus what its items or fields must be."""

    kinds: tuple[type, ...]
    items: F | None = None  # each element of an array, or each value of an object used as a map
    fields: dict[str, F] = field(default_factory=dict)  # required fields of an object
    choices: tuple[str, ...] = ()
    date: bool = False


TEXT = F((str,))
TEXT_OR_NULL = F((str, _NONE))
NUMBER = F((int,))
BOOL = F((bool,))
DATE = F((str,), date=True)
DATE_OR_NULL = F((str, _NONE), date=True)
NAMES = F((list,), items=TEXT)
DOCUMENTS = F((dict,), items=TEXT)  # policy name -> policy document text
OBJECT_OR_NULL = F((dict, _NONE))
TAGS = F((list,), items=F((dict,), fields={"Key": TEXT, "Value": TEXT}))
BOUNDARY = F((dict, _NONE), fields={"PermissionsBoundaryArn": TEXT})

# table -> (required fields, optional fields)
ROWS: dict[str, tuple[dict[str, F], dict[str, F]]] = {
    "users": ({"UserName": TEXT, "UserId": TEXT, "Arn": TEXT, "Path": TEXT, "CreateDate": DATE,
               "Groups": NAMES, "AttachedPolicies": NAMES, "InlinePolicies": DOCUMENTS, "MFADevices": NAMES},
              {"LoginProfile": F((dict, _NONE), fields={"CreateDate": DATE, "Hash": TEXT, "PasswordLastChanged": DATE,
                                                        "PasswordResetRequired": BOOL, "History": NAMES}),
               "Tags": TAGS,
               "PermissionsBoundary": BOUNDARY, "PasswordLastUsed": DATE_OR_NULL}),
    "groups": ({"GroupName": TEXT, "GroupId": TEXT, "Arn": TEXT, "Path": TEXT, "CreateDate": DATE,
                "AttachedPolicies": NAMES, "InlinePolicies": DOCUMENTS}, {}),
    "roles": ({"RoleName": TEXT, "RoleId": TEXT, "Arn": TEXT, "Path": TEXT, "CreateDate": DATE,
               "AssumeRolePolicyDocument": TEXT, "MaxSessionDuration": NUMBER, "AttachedPolicies": NAMES,
               "InlinePolicies": DOCUMENTS},
              {"Description": TEXT_OR_NULL, "Tags": TAGS, "PermissionsBoundary": BOUNDARY,
               "RoleLastUsed": OBJECT_OR_NULL}),
    "policies": ({"PolicyName": TEXT, "PolicyId": TEXT, "Arn": TEXT, "Path": TEXT, "DefaultVersionId": TEXT,
                  "CreateDate": DATE,
                  "Versions": F((list,), items=F((dict,), fields={"VersionId": F((str,)), "Document": TEXT,
                                                                 "IsDefaultVersion": BOOL, "CreateDate": DATE}))},
                 {"Description": TEXT_OR_NULL, "Tags": TAGS, "NextVersion": NUMBER, "UpdateDate": DATE}),
    "access_keys": ({"AccessKeyId": TEXT, "SecretHash": TEXT, "Status": F((str,), choices=("Active", "Inactive")),
                     "CreateDate": DATE, "Owner": F((str,), choices=("root", "user")), "UserName": TEXT_OR_NULL},
                    {"LastUsed": OBJECT_OR_NULL}),
    "sessions": ({"AccessKeyId": TEXT, "SecretHash": TEXT, "SessionToken": TEXT, "Expiration": DATE,
                  "IssuedAt": DATE, "Kind": TEXT, "RoleName": TEXT_OR_NULL, "RoleArn": TEXT_OR_NULL,
                  "RoleId": TEXT_OR_NULL, "RoleSessionName": TEXT, "SourceUser": TEXT_OR_NULL,
                  "SessionPolicy": TEXT_OR_NULL, "SessionPolicyArns": NAMES, "MFAAuthenticated": BOOL, "Tags": TAGS,
                  "SourceInstanceArn": TEXT_OR_NULL, "Chained": BOOL},
                 {"MFAAuthTime": DATE_OR_NULL}),
    "mfa_devices": ({"SerialNumber": TEXT, "Seed": TEXT, "User": TEXT_OR_NULL, "EnableDate": DATE_OR_NULL},
                    {"CreateDate": DATE, "Tags": TAGS}),
    "instance_profiles": ({"InstanceProfileName": TEXT, "InstanceProfileId": TEXT, "Arn": TEXT, "Path": TEXT,
                           "CreateDate": DATE, "Roles": NAMES}, {"Tags": TAGS}),
    "buckets": ({"Name": TEXT, "CreationDate": DATE, "Region": TEXT, "Owner": TEXT},
                {"Policy": TEXT_OR_NULL, "Tags": TAGS}),
    "objects": ({"Key": TEXT, "Bucket": TEXT, "ObjectKey": TEXT, "Size": NUMBER, "LastModified": DATE,
                 "ETag": TEXT}, {"Body": TEXT_OR_NULL, "BodyB64": TEXT_OR_NULL, "ContentType": TEXT_OR_NULL}),
    "instances": ({"InstanceId": TEXT, "State": TEXT, "InstanceType": TEXT, "ImageId": TEXT, "LaunchTime": DATE,
                   "PrivateIpAddress": TEXT, "PublicIpAddress": TEXT, "AvailabilityZone": TEXT,
                   "IamInstanceProfile": F((dict, _NONE), fields={"Arn": TEXT, "Id": TEXT}),
                   "AssociationId": TEXT_OR_NULL},
                  {"Name": TEXT_OR_NULL, "Tags": TAGS}),
    "machines": ({"Name": TEXT, "Hostname": TEXT, "User": TEXT, "Home": TEXT, "Kind": TEXT, "PrivateIp": TEXT,
                  "SourceIp": TEXT}, {"InstanceId": TEXT_OR_NULL}),
    "files": ({"Key": TEXT, "Machine": TEXT, "Path": TEXT, "Type": F((str,), choices=("file", "dir"))},
              {"Content": TEXT}),
    "oidc_providers": ({"Arn": TEXT}, {}),
    "idp_providers": ({"Id": TEXT, "Kind": F((str,), choices=("google", "amazon", "facebook", "oidc")), "Issuer": TEXT,
                       "CreateDate": DATE,
                       "Keys": F((list,), items=F((dict,), fields={"Kid": TEXT, "Index": NUMBER, "CreateDate": DATE}))},
                      {"AppsRegistered": NUMBER}),
    "idp_apps": ({"ClientId": TEXT, "Provider": TEXT, "Name": TEXT, "CreateDate": DATE}, {}),
    "idp_accounts": ({"Key": TEXT, "Provider": TEXT, "Email": TEXT, "Subject": TEXT, "CreateDate": DATE},
                     {"LastSignIn": DATE_OR_NULL}),
}

META: tuple[dict[str, F], dict[str, F]] = (
    {"account_id": F((str,)), "schema": NUMBER,
     "root": F((dict,), fields={"Email": TEXT, "Password": TEXT, "MFASerial": TEXT_OR_NULL})},
    {"alias": TEXT_OR_NULL, "created": DATE,
     "clock_offset_seconds": NUMBER, "clock_frozen_at": DATE_OR_NULL, "password_policy": OBJECT_OR_NULL,
     "secrets_note": OBJECT_OR_NULL, "idp_seed": TEXT,
     "scenario": F((dict, _NONE), fields={"id": TEXT, "step": NUMBER, "learner": TEXT})},
)

# what one field cannot say alone: table -> row -> the problem, or None
RULES: dict[str, Callable[[dict], str | None]] = {
    "access_keys": lambda r: ("a user's key has no UserName" if r["Owner"] == "user" and not r["UserName"] else None),
    "objects": lambda r: ("it has no Body and no BodyB64" if r.get("Body") is None and r.get("BodyB64") is None
                          else None),
    "instances": lambda r: ("it has an AssociationId but no IamInstanceProfile"
                            if r["AssociationId"] and not r["IamInstanceProfile"] else None),
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
    if spec.choices and value not in spec.choices:
        return f"{where} is {value!r}, not one of {', '.join(spec.choices)}"
    if spec.date and isinstance(value, str):
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return f"{where} is {value!r}, not a date and time"
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
    return None


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
    if item is None and not fields and not spec.choices and not spec.date:
        return types, None

    def deep(value) -> bool:
        if spec.choices and value not in spec.choices:
            return False
        if spec.date and type(value) is str:
            try:
                datetime.fromisoformat(value)
            except ValueError:
                return False
        if item is not None and type(value) in (list, dict):
            item_types, item_deep = item
            for x in (value if type(value) is list else value.values()):
                if type(x) not in item_types or (item_deep is not None and not item_deep(x)):
                    return False
        if fields and type(value) is dict:
            for name, sub_types, sub_deep in fields:
                v = value.get(name, _MISSING)
                if type(v) not in sub_types or (sub_deep is not None and not sub_deep(v)):
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
