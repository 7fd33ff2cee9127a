"""The policy documents the console edits: a managed policy (saved as a new default
version), a new or copied customer managed policy, an inline policy, a role's trust
policy, or a bucket policy. What to show in the editor, and how saving calls AWS."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sandbox.services import managed_catalog, principals
from sandbox.workspace.workspace import Workspace

POLICY_TEMPLATE = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Sid": "AllowExample", "Effect": "Allow", "Action": ["s3:ListBucket"],
     "Resource": "arn:aws:s3:::experimenting-aws"}
]}, indent=4)
# the most characters (white space not counted) IAM accepts for each kind of policy
SIZE_LIMITS = {"inline:user": 2048, "inline:group": 5120, "inline:role": 10240, "managed": 6144, "new-policy": 6144,
               "trust": 2048}


@dataclass
class EditTarget:
    kind: str  # managed | new-policy | inline | trust | bucket
    title: str
    text: str
    grammar: str = "identity"  # identity | resource | trust
    arn: str = ""  # managed
    owner_kind: str = ""  # inline: user | group | role
    owner: str = ""  # inline owner, role name (trust), bucket name
    policy_name: str = ""  # inline policy name

    @property
    def size_limit(self) -> int | None:
        return SIZE_LIMITS.get(f"inline:{self.owner_kind}" if self.kind == "inline" else self.kind)


def _pretty(text: str) -> str:
    try:
        return json.dumps(json.loads(text), indent=4)
    except ValueError:
        return text


def target_for(world, kind: str, key: str) -> EditTarget | None:
    with world.reading():
        if kind == "new-policy":
            return EditTarget("new-policy", "New customer managed policy", POLICY_TEMPLATE)
        if kind in ("managed", "copy-policy"):
            policy = principals.managed_policy(world, key)
            if policy is None:
                return None
            if kind == "copy-policy":
                return EditTarget("new-policy", f"New customer managed policy (a copy of {policy['PolicyName']})",
                                  _pretty(policy["DocumentText"]))
            note = " (AWS managed: saving will be refused, as in AWS)" if managed_catalog.is_aws_managed(key) else ""
            return EditTarget("managed", f"Managed policy {policy['PolicyName']}{note}",
                              _pretty(policy["DocumentText"]), arn=key)
        if kind == "inline":
            owner_kind, owner, name = key.split(":", 2)
            table = {"user": "users", "group": "groups", "role": "roles"}[owner_kind]
            row = world[table].get(owner)
            if row is None:
                return None
            text = (row.get("InlinePolicies") or {}).get(name) or POLICY_TEMPLATE
            return EditTarget("inline", f"Inline policy {name} of {owner_kind} {owner}", _pretty(text),
                              owner_kind=owner_kind, owner=owner, policy_name=name)
        if kind == "trust":
            role = world["roles"].get(key)
            if role is None:
                return None
            return EditTarget("trust", f"Trust policy of role {key}", _pretty(role["AssumeRolePolicyDocument"]),
                              grammar="trust", owner=key)
        if kind == "bucket":
            bucket = world["buckets"].get(key)
            if bucket is None:
                return None
            template = json.dumps({"Version": "2012-10-17", "Statement": [{
                "Sid": "ExampleDenyOtherThanHttps", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                "Resource": [f"arn:aws:s3:::{key}", f"arn:aws:s3:::{key}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}, indent=4)
            return EditTarget("bucket", f"Bucket policy of {key}", _pretty(bucket.get("Policy") or template),
                              grammar="resource", owner=key)
    return None


def save(ws: Workspace, target: EditTarget, text: str, name: str = "") -> str:
    """Save ``text`` as the target's policy through the gateway (``name``: a new policy's
    name); returns what was done, in words."""
    t = target
    if t.kind == "managed":
        ws.call("iam", "CreatePolicyVersion", {"PolicyArn": t.arn, "PolicyDocument": text, "SetAsDefault": True})
        return f"Saved a new default version of {t.arn.rsplit('/', 1)[-1]}."
    if t.kind == "new-policy":
        ws.call("iam", "CreatePolicy", {"PolicyName": name, "PolicyDocument": text})
        return f"Created the customer managed policy {name}."
    if t.kind == "inline":
        cap = t.owner_kind.capitalize()
        ws.call("iam", f"Put{cap}Policy", {f"{cap}Name": t.owner, "PolicyName": t.policy_name, "PolicyDocument": text})
        return f"Saved the inline policy {t.policy_name} of {t.owner_kind} {t.owner}."
    if t.kind == "trust":
        ws.call("iam", "UpdateAssumeRolePolicy", {"RoleName": t.owner, "PolicyDocument": text})
        return f"Saved the trust policy of role {t.owner}."
    ws.call("s3", "PutBucketPolicy", {"Bucket": t.owner, "Policy": text})
    return f"Saved the bucket policy of {t.owner}."


def managed_document(world, arn: str) -> str:
    """The default version's text of a managed policy ("" when there is none)."""
    with world.reading():
        policy = principals.managed_policy(world, arn)
    return policy["DocumentText"] if policy else ""
