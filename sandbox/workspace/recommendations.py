"""The IAM dashboard's security recommendations, computed from the world, each with what
fixes it: an app command (by its id in the app's command table) or the console page where
the fix is (a section and an item)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sandbox.world.store import World

UNUSED_AFTER = timedelta(days=90)


@dataclass(frozen=True)
class Fix:
    """Where the learner fixes a recommendation."""

    label: str  # what to do, in words (also for a front end that cannot take the learner there)
    command: str = ""  # the id of an app command (``form-password-policy``, ``sign-in``)
    section: str = ""  # or a console page: a section (``users``) ...
    key: str = ""  # ... and the item to select in it


@dataclass
class Recommendation:
    id: str
    status: str  # "ok" | "warn"
    title: str
    detail: str
    fix: Fix | None = None  # None when there is nothing to fix


def recommendations(world: World) -> list[Recommendation]:
    meta = world.meta
    root = meta.get("root") or {}
    keys = world["access_keys"].all()
    users = sorted(world["users"].all(), key=lambda u: u["UserName"].lower())
    out = [
        Recommendation("root-mfa", "ok" if root.get("MFASerial") else "warn", "Add MFA for the root user",
                       "Enabled." if root.get("MFASerial") else "The root user has complete access; protect it "
                                                                "with a virtual MFA device.",
                       None if root.get("MFASerial") else
                       Fix("Sign in as root (F5); on Root user, Actions (a): assign a virtual MFA device",
                           section="account", key="root")),
    ]
    root_keys = [k for k in keys if k["Owner"] == "root"]
    out.append(Recommendation("root-keys", "warn" if root_keys else "ok", "No access keys for the root user",
                              f"The root user has {len(root_keys)} access key(s): delete them." if root_keys
                              else "None: good.",
                              Fix("Sign in as root (F5) and delete them: aws iam delete-access-key --access-key-id "
                                  "ID (with the root user's credentials)", section="account", key="root")
                              if root_keys else None))
    out.append(Recommendation("password-policy", "ok" if meta.get("password_policy") else "warn",
                              "Set a password policy", "A custom policy is set." if meta.get("password_policy")
                              else "Only AWS's default rules apply; set length, complexity and rotation.",
                              None if meta.get("password_policy") else
                              Fix("Edit the account password policy", command="form-password-policy")))
    no_mfa = [u["UserName"] for u in users if u.get("LoginProfile") and not u.get("MFADevices")]
    out.append(Recommendation("user-mfa", "warn" if no_mfa else "ok", "Users with console access have MFA",
                              ("Without MFA: " + ", ".join(no_mfa)) if no_mfa else "All of them.",
                              Fix(f"Users: {no_mfa[0]}, Actions (a): assign a virtual MFA device", section="users",
                                  key=no_mfa[0]) if no_mfa else None))
    now = world.now()
    unused = []
    for k in keys:
        last = (k.get("LastUsed") or {}).get("LastUsedDate") or k["CreateDate"]
        try:
            if now - datetime.fromisoformat(last) > UNUSED_AFTER and k["Status"] == "Active":
                unused.append(k)
        except ValueError:
            continue
    first = next((k for k in unused if k["Owner"] == "user"), None)
    out.append(Recommendation("unused-keys", "warn" if unused else "ok", "No unused access keys",
                              ("Unused for 90 days: " + ", ".join(k["AccessKeyId"] for k in unused)) if unused
                              else "All keys are in use.",
                              Fix(f"Users: {first['UserName']}, Security credentials: deactivate or delete the key "
                                  "(Actions, a)", section="users", key=first["UserName"]) if first else
                              Fix("Sign in as root (F5) and delete the root user's key", section="account", key="root")
                              if unused else None))
    direct = [u["UserName"] for u in users if u.get("AttachedPolicies") or u.get("InlinePolicies")]
    out.append(Recommendation("direct-policies", "warn" if direct else "ok", "Give permissions through groups",
                              ("Policies attached directly to: " + ", ".join(direct)) if direct
                              else "No user has policies of its own.",
                              Fix(f"Users: {direct[0]}, Permissions: put the user in a group with those policies, "
                                  "then detach them (Actions, a)", section="users", key=direct[0]) if direct
                              else None))
    return out


def by_id(world: World, recommendation_id: str) -> Recommendation | None:
    return next((r for r in recommendations(world) if r.id == recommendation_id), None)
