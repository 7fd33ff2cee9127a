"""The sandbox's mobile devices: phones and tablets with an app installed, each a machine of
the world with its own files and terminal, and the push token its platform gave it.

What the app keeps on a device lives under ``~/.app``: its settings (``config.json``: pool
and client ids, which are not secrets), the sign-in it remembers (``session.json``: the
identity id and the login token, never AWS keys), its copy of each dataset
(``datasets/NAME.json``) and the pushes it received (``notifications.log``). A silent push
from Cognito Sync (``SyncTrigger``) makes the app sync that dataset at once, so its copy
catches up with the change made on another device.
"""

from __future__ import annotations

import json
import posixpath
import re
import string

from sandbox.services.isotime import iso
from sandbox.services.sync_store import snapshot
from sandbox.world import fs, ids

KINDS = ("phone", "tablet")
PLATFORMS = ("GCM", "APNS")
HOME = "/home/mobile"
APP = f"{HOME}/.app"
_TOKEN = string.ascii_letters + string.digits + "-_"
_DATASET = re.compile(r"^[\w.:-]{1,128}$")


def app_path(*parts: str) -> str:
    return posixpath.join(APP, *parts)


def is_device(machine: dict | None) -> bool:
    return bool(machine) and machine.get("Kind") in KINDS


def devices(world) -> list[dict]:
    return sorted((m for m in world["machines"].all() if is_device(m)), key=lambda m: m["Name"])


def push_token(platform: str) -> str:
    """A token as the push service gives an app: an FCM registration token, or an APNs
    device token (64 hexadecimal digits).

    An FCM token starts with the app instance's id, whose first four bits are 0111, so its
    first character is c, d, e or f (Firebase's installation id pattern ``^[cdef][\\w-]{21}$``):
    never ``-``, which would make ``--token TOKEN`` read as an option. The same draws as before
    the first character was fixed, so that a seeded world's other identifiers stay."""
    if platform == "APNS":
        return ids.chars("0123456789abcdef", 64)
    instance = ids.chars(_TOKEN, 11)
    instance = "cdef"[_TOKEN.index(instance[0]) % 4] + instance[1:]
    return f"{instance}:APA91b{ids.chars(_TOKEN, 134)}"


def add_device(world, name: str, kind: str = "phone", platform: str = "GCM") -> dict:
    """A new device with the app installed (inside a transaction)."""
    n = len(devices(world)) + 2
    row = {"Name": name, "Hostname": name, "User": "mobile", "Home": HOME, "Kind": kind,
           "PrivateIp": f"192.168.1.{100 + n}", "SourceIp": f"198.51.100.{10 + n}", "InstanceId": None,
           "Platform": platform, "PushToken": push_token(platform)}
    world["machines"].put(row)
    now = iso(world.now())
    fs.mkdir(world, name, app_path("datasets"), parents=True, now=now)
    return row


def write_json(world, machine: str, path: str, value) -> None:
    fs.write(world, machine, path, json.dumps(value, indent=2) + "\n", now=iso(world.now()), make_parents=True)


def read_json(world, machine: str, path: str):
    """A JSON file the app wrote, or None when it is missing or not JSON (a learner may edit it)."""
    if not fs.is_file(world, machine, path):
        return None
    try:
        return json.loads(fs.read(world, machine, path))
    except ValueError:
        return None


def save_dataset(world, machine: str, identity_id: str, name: str) -> dict:
    """The app's copy of a dataset, brought up to date with Cognito Sync's."""
    count, records = snapshot(world, identity_id, name)
    local = {"datasetName": name, "identityId": identity_id, "syncCount": count, "records": records}
    write_json(world, machine, app_path("datasets", f"{name}.json"), local)
    return local


def local_dataset(world, machine: str, name: str) -> dict | None:
    return read_json(world, machine, app_path("datasets", f"{name}.json"))


def _trigger(message: str) -> dict | None:
    try:
        body = json.loads(message)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    data = body.get("data") if isinstance(body.get("data"), dict) else body
    return data if data.get("source") == "cognito-sync" and data.get("type") == "SyncTrigger" else None


def receive_push(world, token: str, platform: str, message: str, source: str, message_id: str) -> dict | None:
    """A push arrives on the device holding ``token``; a SyncTrigger makes its app sync."""
    device = next((m for m in devices(world) if m.get("PushToken") == token), None)
    if device is None:
        return None  # the app was removed: the push service drops it
    note = {"received": iso(world.now()), "messageId": message_id, "from": source, "platform": platform,
            "message": message}
    trigger = _trigger(message)
    signed_in = (read_json(world, device["Name"], app_path("session.json")) or {}).get("identityId")
    if trigger is not None and trigger.get("identityId") == signed_in \
            and _DATASET.match(str(trigger.get("datasetName"))):
        # the app syncs the dataset of the identity signed in on it, whatever a push claims
        synced = save_dataset(world, device["Name"], signed_in, str(trigger["datasetName"]))
        note["synced"] = {"dataset": synced["datasetName"], "syncCount": synced["syncCount"]}
    fs.write(world, device["Name"], app_path("notifications.log"), json.dumps(note) + "\n", append=True,
             now=iso(world.now()), make_parents=True)
    return note


def notifications(world, machine: str) -> list[dict]:
    if not fs.is_file(world, machine, app_path("notifications.log")):
        return []
    out = []
    for line in fs.read(world, machine, app_path("notifications.log")).splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out
