"""The IAM dashboard's security recommendations, computed from the world."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sandbox.world.store import World

UNUSED_AFTER = timedelta(days=90)


@dataclass
class Recommendation:
    id: str
    status: str  # "ok" | "warn"
    title: str
    detail: str


def recommendations(world: World) -> list[Recommendation]:
    meta = world.meta
    root = meta.get("root") or {}
    keys = world["access_keys"].all()
    out = [
        Recommendation("root-mfa", "ok" if root.get("MFASerial") else "warn", "Add MFA for the root user",
                       "Enabled." if root.get("MFASerial") else "The root user has complete access; protect it "
                                                                "with a virtual MFA device."),
    ]
    root_keys = [k for k in keys if k["Owner"] == "root"]
    out.append(Recommendation("root-keys", "warn" if root_keys else "ok", "No access keys for the root user",
                              f"The root user has {len(root_keys)} access key(s): delete them." if root_keys
                              else "None: good."))
    out.append(Recommendation("password-policy", "ok" if meta.get("password_policy") else "warn",
                              "Set a password policy", "A custom policy is set." if meta.get("password_policy")
                              else "Only AWS's default rules apply; set length, complexity and rotation."))
    no_mfa = [u["UserName"] for u in world["users"].all() if u.get("LoginProfile") and not u.get("MFADevices")]
    out.append(Recommendation("user-mfa", "warn" if no_mfa else "ok", "Users with console access have MFA",
                              ("Without MFA: " + ", ".join(sorted(no_mfa))) if no_mfa else "All of them."))
    now = world.now()
    unused = []
    for k in keys:
        last = (k.get("LastUsed") or {}).get("LastUsedDate") or k["CreateDate"]
        try:
            if now - datetime.fromisoformat(last) > UNUSED_AFTER and k["Status"] == "Active":
                unused.append(k["AccessKeyId"])
        except ValueError:
            continue
    out.append(Recommendation("unused-keys", "warn" if unused else "ok", "No unused access keys",
                              ("Unused for 90 days: " + ", ".join(unused)) if unused else "All keys are in use."))
    return out
