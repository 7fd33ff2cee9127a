"""What the policy editor edits: a managed policy (a new version), a new or copied
customer managed policy, an inline policy, a role's trust policy, or a bucket policy."""

from __future__ import annotations

import json

from sandbox.services import managed_catalog, principals
from sandbox.tui.actions import POLICY_TEMPLATE
from sandbox.tui.editor import EditTarget


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
            return EditTarget("managed", f"Managed policy {policy['PolicyName']}{note}", _pretty(policy["DocumentText"]),
                              arn=key)
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
