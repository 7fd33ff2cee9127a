"""Large worlds for benchmarks, built quickly and deterministically.

The default world (``open_world``: root, ``admin`` in ``Admins``, the laptop with admin's
key, the bucket ``experimenting-aws``, ``web-1``) is built first, then the generated rows
are inserted straight into the world's TinyDB tables (``insert_multiple``, one table
update each) inside one ``world.transaction()``, so the file is written once. The rows
have the shapes the services create (``sandbox/services/iam/users.py``, ``groups.py``,
``roles.py``, ``policies.py``, ``sandbox/services/s3.py``).

Generated names, ids, documents and dates come from ``random.Random(seed)``: the same seed
gives the same rows. (The default world's own secrets, key id and account id stay random
unless ``account_id`` is given.)

Run on its own to build a file: ``.venv/bin/python benchmarks/bigworld.py PATH``.
"""

from __future__ import annotations

import hashlib
import json
import random
import string
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sandbox.services.seed import open_world
from sandbox.world import World

_ID_CHARS = string.ascii_uppercase + "234567"
_BASE = datetime(2025, 3, 1, 9, 0, 0, tzinfo=UTC)

FIRST = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj",
         "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yasmin", "zoe", "omar", "priya", "kenji",
         "lucia", "mateo", "amara", "sven", "ines", "tariq"]
LAST = ["nguyen", "smith", "garcia", "kowalski", "okafor", "tanaka", "muller", "rossi", "silva", "haddad", "ivanova",
        "larsen", "obrien", "chen", "patel", "dubois", "novak", "kim", "jensen", "moreau"]
DEPTS = ["payments", "search", "platform", "data", "mobile", "web", "security", "billing", "growth", "infra", "ml",
         "support"]
ROLES_IN_TEAM = ["devs", "ops", "readers", "admins", "analysts", "oncall"]
APPS = ["orders", "catalog", "invoices", "reports", "ledger", "profiles", "events", "media", "audit", "metrics"]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"]
AWS_MANAGED = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
               "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess", "arn:aws:iam::aws:policy/IAMUserChangePassword"]


def _iso(dt: datetime) -> str:
    return dt.replace(microsecond=0).isoformat()


def _uid(rng: random.Random, prefix: str) -> str:
    return prefix + "".join(rng.choice(_ID_CHARS) for _ in range(17))


def _text(doc: dict) -> str:
    # documents given as objects are stored as json.dumps(doc, indent=4) (common.policy_document)
    return json.dumps(doc, indent=4)


def policy_document(rng: random.Random, account: str, i: int) -> str:
    """A small, realistic customer managed policy (one of several shapes)."""
    app = APPS[i % len(APPS)]
    region = rng.choice(REGIONS)
    shape = i % 6
    if shape == 0:
        statements = [
            {"Sid": "ListAppBucket", "Effect": "Allow", "Action": "s3:ListBucket",
             "Resource": f"arn:aws:s3:::{app}-data-{account}",
             "Condition": {"StringLike": {"s3:prefix": [f"{app}/*", "shared/*"]}}},
            {"Sid": "ReadWriteAppObjects", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
             "Resource": f"arn:aws:s3:::{app}-data-{account}/{app}/*"},
        ]
    elif shape == 1:
        statements = [
            {"Sid": "DescribeInRegion", "Effect": "Allow", "Action": ["ec2:Describe*"], "Resource": "*",
             "Condition": {"StringEquals": {"aws:RequestedRegion": region}}},
            {"Sid": "StartStopTeamInstances", "Effect": "Allow", "Action": ["ec2:StartInstances", "ec2:StopInstances"],
             "Resource": f"arn:aws:ec2:{region}:{account}:instance/*",
             "Condition": {"StringEquals": {"aws:ResourceTag/app": app}}},
        ]
    elif shape == 2:
        statements = [
            {"Sid": "TableAccess", "Effect": "Allow",
             "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
             "Resource": [f"arn:aws:dynamodb:{region}:{account}:table/{app}",
                          f"arn:aws:dynamodb:{region}:{account}:table/{app}/index/*"]},
        ]
    elif shape == 3:
        statements = [
            {"Sid": "ManageOwnKeys", "Effect": "Allow",
             "Action": ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:UpdateAccessKey"],
             "Resource": "arn:aws:iam::*:user/${aws:username}"},
            {"Sid": "DenyWithoutMfa", "Effect": "Deny", "NotAction": ["iam:*MFADevice", "sts:GetSessionToken"],
             "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}},
        ]
    elif shape == 4:
        statements = [
            {"Sid": "ReadLogs", "Effect": "Allow", "Action": ["logs:GetLogEvents", "logs:FilterLogEvents",
                                                              "logs:DescribeLogStreams"],
             "Resource": f"arn:aws:logs:{region}:{account}:log-group:/app/{app}:*"},
            {"Sid": "ReadSecrets", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
             "Resource": f"arn:aws:secretsmanager:{region}:{account}:secret:{app}/*"},
        ]
    else:
        statements = [
            {"Sid": "PassAppRole", "Effect": "Allow", "Action": "iam:PassRole",
             "Resource": f"arn:aws:iam::{account}:role/{app}-*",
             "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}},
            {"Sid": "OfficeOnly", "Effect": "Deny", "Action": "*", "Resource": "*",
             "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24"]},
                           "Bool": {"aws:ViaAWSService": "false"}}},
        ]
    return _text({"Version": "2012-10-17", "Statement": statements})


def trust_document(rng: random.Random, account: str, i: int) -> str:
    shape = i % 3
    if shape == 0:
        statement = {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
    elif shape == 1:
        statement = {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    else:
        statement = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                     "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}
    return _text({"Version": "2012-10-17", "Statement": [statement]})


def iam_rows(account: str, users: int, groups: int, roles: int, policies: int, seed: int = 7) -> dict[str, list]:
    """Rows for the tables ``policies``, ``groups``, ``roles`` and ``users``."""
    rng = random.Random(seed)
    arn = f"arn:aws:iam::{account}"
    out: dict[str, list] = {"policies": [], "groups": [], "roles": [], "users": []}

    policy_arns = []
    for i in range(policies):
        name = f"{APPS[i % len(APPS)]}-{['s3', 'ec2', 'dynamodb', 'keys', 'logs', 'passrole'][i % 6]}-{i:04d}"
        path = "/" if i % 4 else "/app/"
        created = _iso(_BASE + timedelta(minutes=7 * i))
        policy_arn = f"{arn}:policy{path}{name}"
        policy_arns.append(policy_arn)
        out["policies"].append({
            "PolicyName": name, "PolicyId": _uid(rng, "ANPA"), "Arn": policy_arn, "Path": path,
            "DefaultVersionId": "v1", "Description": f"Access for {APPS[i % len(APPS)]}" if i % 3 == 0 else "",
            "CreateDate": created, "UpdateDate": created, "Tags": [], "NextVersion": 2,
            "Versions": [{"VersionId": "v1", "Document": policy_document(rng, account, i), "IsDefaultVersion": True,
                          "CreateDate": created}],
        })

    def attached(k_min: int, k_max: int, aws_chance: float) -> list[str]:
        chosen = rng.sample(policy_arns, rng.randint(k_min, k_max)) if policy_arns else []
        if rng.random() < aws_chance:
            chosen.append(rng.choice(AWS_MANAGED))
        return chosen

    group_names = []
    for i in range(groups):
        name = f"{DEPTS[i % len(DEPTS)]}-{ROLES_IN_TEAM[(i // len(DEPTS)) % len(ROLES_IN_TEAM)]}-{i:03d}"
        group_names.append(name)
        out["groups"].append({
            "GroupName": name, "GroupId": _uid(rng, "AGPA"), "Arn": f"{arn}:group/{name}", "Path": "/",
            "CreateDate": _iso(_BASE + timedelta(hours=i)), "AttachedPolicies": attached(1, 4, 0.3),
            "InlinePolicies": {},
        })

    for i in range(roles):
        app = APPS[i % len(APPS)]
        name = f"{app}-{['ec2', 'lambda', 'crossaccount'][i % 3]}-role-{i:04d}"
        path = "/" if i % 5 else "/service-role/"
        tags = [{"Key": "app", "Value": app}] if i % 2 else []
        out["roles"].append({
            "RoleName": name, "RoleId": _uid(rng, "AROA"), "Arn": f"{arn}:role{path}{name}", "Path": path,
            "CreateDate": _iso(_BASE + timedelta(minutes=30 * i)),
            "AssumeRolePolicyDocument": trust_document(rng, account, i),
            "Description": f"Runs {app}" if i % 2 == 0 else "", "MaxSessionDuration": 3600,
            "AttachedPolicies": attached(1, 4, 0.2), "InlinePolicies": {}, "Tags": tags,
            "PermissionsBoundary": None, "RoleLastUsed": {},
        })

    for i in range(users):
        name = f"{FIRST[i % len(FIRST)]}.{LAST[(i // len(FIRST)) % len(LAST)]}-{i:04d}"
        path = "/" if i % 10 else "/contractors/"
        tags = [{"Key": "team", "Value": DEPTS[i % len(DEPTS)]}] if i % 2 == 0 else []
        out["users"].append({
            "UserName": name, "UserId": _uid(rng, "AIDA"), "Arn": f"{arn}:user{path}{name}", "Path": path,
            "CreateDate": _iso(_BASE + timedelta(minutes=11 * i)), "Tags": tags,
            "Groups": rng.sample(group_names, min(len(group_names), rng.randint(1, 3))),
            "AttachedPolicies": attached(1, 2, 0.0) if rng.random() < 0.15 else [],
            "InlinePolicies": {}, "LoginProfile": None, "MFADevices": [], "PermissionsBoundary": None,
        })
    return out


def object_rows(bucket: str, count: int, seed: int = 11) -> list[dict]:
    """Rows for the ``objects`` table, as ``s3.store_object`` writes them."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        app = APPS[i % len(APPS)]
        key = f"{app}/2025/{(i // 400) % 12 + 1:02d}/part-{i:05d}.csv"
        body = "id,value\n" + "".join(f"{i * 10 + j},{rng.randint(0, 99999)}\n" for j in range(rng.randint(1, 12)))
        data = body.encode()
        rows.append({"Key": f"{bucket}/{key}", "Bucket": bucket, "ObjectKey": key, "Size": len(data),
                     "LastModified": _iso(_BASE + timedelta(seconds=37 * i)),
                     "ETag": '"' + hashlib.md5(data).hexdigest() + '"', "ContentType": "text/csv",
                     "Body": body, "BodyB64": None})
    return rows


def insert(world: World, rows: dict[str, list]) -> None:
    """Insert rows into the world's tables, one TinyDB update per table, in one transaction."""
    with world.transaction():
        for table, docs in rows.items():
            if docs:
                world.db.table(table).insert_multiple(docs)


def build(path: str | Path, users: int = 0, groups: int = 0, roles: int = 0, policies: int = 0, objects: int = 0,
          bucket: str = "experimenting-aws", seed: int = 7) -> World:
    """A default world at ``path`` plus generated rows. ``users`` counts all users, admin included."""
    path = Path(path)
    for stale in (path, path.with_name(path.name + ".events.jsonl")):
        stale.unlink(missing_ok=True)
    world = open_world(path)
    rows: dict[str, list] = {}
    if users or groups or roles or policies:
        existing = len(world["users"])
        rows.update(iam_rows(world.account_id, max(0, users - existing), groups, roles, policies, seed))
    if objects:
        rows["objects"] = object_rows(bucket, objects, seed + 4)
    insert(world, rows)
    return world


def drop_generated_users(world: World, keep_total: int) -> int:
    """Delete generated users (never ``admin``) until the account has ``keep_total`` users."""
    with world.transaction():
        users = world["users"]
        extra = len(users) - keep_total
        if extra <= 0:
            return 0
        names = {u["UserName"] for u in users.all() if u["UserName"] != "admin"}
        drop = set(sorted(names)[-extra:])
        return users.delete_where(lambda u: u["UserName"] in drop)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "bigworld.json")
    w = build(target, users=5000, groups=300, roles=1000, policies=2000, objects=10000)
    print(f"{target}: {target.stat().st_size / 1e6:.1f} MB, "
          + ", ".join(f"{len(w[t])} {t}" for t in ("users", "groups", "roles", "policies", "objects")))
