"""Whether the learner changed the world since it was last replaced.

When a world is built or replaced (reset, a scenario's start, import, restore), a
fingerprint of its contents is kept in ``meta.baseline``. A command about to replace the
world again compares: a different fingerprint means the learner made changes (users,
policies, files on the laptop...), and the front end asks before they are replaced.

Bookkeeping is left out of the fingerprint, so that only what a learner did counts: when
keys and roles were last used, sign-in times, temporary sessions, the scenario's progress,
the clock.
"""

from __future__ import annotations

import hashlib
import json

_VOLATILE_META = ("baseline", "scenario", "clock_offset_seconds", "clock_frozen_at", "secrets_note")
_VOLATILE_TABLES = ("sessions",)
_VOLATILE_FIELDS = {"access_keys": ("LastUsed",), "roles": ("RoleLastUsed",), "users": ("PasswordLastUsed",),
                    "idp_accounts": ("LastSignIn",)}


def fingerprint(data: dict) -> str:
    """SHA-256 of a world's contents (a ``World.dump()``), bookkeeping left out."""
    digest = hashlib.sha256()
    for name in sorted(data):
        if name in _VOLATILE_TABLES:
            continue
        rows = data[name] if isinstance(data[name], dict) else {}
        drop = _VOLATILE_META if name == "meta" else _VOLATILE_FIELDS.get(name, ())
        kept = sorted(json.dumps({k: v for k, v in row.items() if k not in drop}, sort_keys=True,
                                 ensure_ascii=True) for row in rows.values() if isinstance(row, dict))
        digest.update(json.dumps([name, kept]).encode())
    return digest.hexdigest()


def mark(world) -> None:
    """Take the world as it is now for its baseline (inside a transaction)."""
    world.set_meta(baseline=fingerprint(world.dump()))


def changed(world) -> bool:
    """Whether the world differs from its baseline; a built world without one (made before
    baselines were kept) counts as changed, an empty one as not."""
    if not world.initialized:
        return False
    kept = world.meta.get("baseline")
    return kept != fingerprint(world.dump())
