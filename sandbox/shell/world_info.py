"""``iam-sandbox world info``: the account id, the root and admin passwords, and what the
world holds. The same lines in the learner's own terminal and in the sandbox's."""

from __future__ import annotations

from sandbox.awscli.config_files import AwsFiles
from sandbox.awscli.machine_files import WorldFiles
from sandbox.world.store import World


def info_lines(world: World) -> list[str]:
    meta = world.meta
    root = meta.get("root") or {}
    laptop_key = ""
    laptop = world["machines"].get("laptop")
    if laptop:
        profile = AwsFiles(WorldFiles(world, "laptop"), laptop["Home"]).profile("default")
        laptop_key = (profile.values.get("aws_access_key_id") if profile else "") or "(none)"
    return [
        f"World file:        {world.path}",
        f"Account id:        {world.account_id}",
        f"Account alias:     {meta.get('alias') or '(none)'}",
        f"Root user:         {root.get('Email')}  password: {root.get('Password')}",
        f"Root MFA:          {'enabled (' + root['MFASerial'] + ')' if root.get('MFASerial') else 'not enabled'}",
        f"admin console password (as created): {(meta.get('secrets_note') or {}).get('admin_console_password', '?')}",
        f"Laptop [default] profile access key: {laptop_key}",
        f"IAM:  {len(world['users'])} users, {len(world['groups'])} groups, {len(world['roles'])} roles, "
        f"{len(world['policies'])} customer managed policies",
        f"EC2:  {len(world['instances'])} instances;  S3: {len(world['buckets'])} buckets, "
        f"{len(world['objects'])} objects",
        f"Clock: {world.now().isoformat()}" + (f" (moved {meta.get('clock_offset_seconds')} s ahead)"
                                                if meta.get("clock_offset_seconds") else ""),
    ]
