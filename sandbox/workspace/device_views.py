"""The Devices page: the sandbox's simulated phones and tablets side by side (who is signed in
on each, the datasets each keeps, the pushes each received).

The devices are the outside world, not AWS state: no AWS console has this page and no request
reads it, so it shows the world as the sandbox holds it (the phones' own files), whoever is
signed in to the console. What Cognito keeps of them is on the identity pool's pages, read
as the signed-in principal (``cognito_views``).
"""

from __future__ import annotations

from sandbox.services import devices as mobile
from sandbox.workspace.shapes import Listing, Section
from sandbox.world.store import World

SECTION = "devices"
TITLE = "Devices"
TABS = ("Device", "Datasets on the device", "Notifications", "All devices")


def _copies(world: World, machine: str) -> list[dict]:
    folder = mobile.app_path("datasets")
    out = []
    for f in sorted(world["files"].all(), key=lambda f: f["Path"]):
        if f["Machine"] == machine and f["Type"] == "file" and f["Path"].startswith(folder + "/"):
            local = mobile.read_json(world, machine, f["Path"])
            if isinstance(local, dict) and isinstance(local.get("records"), dict):
                out.append(local)
    return out


def listing(world: World) -> Listing:
    rows = []
    for d in mobile.devices(world):
        session = mobile.read_json(world, d["Name"], mobile.app_path("session.json")) or {}
        copies = _copies(world, d["Name"])
        rows.append((d["Name"], [d["Name"], d["Kind"], session.get("identityId") or "not signed in",
                                 ", ".join(f"{c['datasetName']} #{c['syncCount']}" for c in copies) or "—",
                                 str(len(mobile.notifications(world, d["Name"])))]))
    return Listing(["Device", "Kind", "Identity", "Datasets (SyncCount)", "Pushes"], rows)


def details(world: World, name: str) -> list[Section]:
    machine = world["machines"].get(name)
    if not mobile.is_device(machine):
        return [Section("Device", note=f"There is no device {name} any more.")]
    session = mobile.read_json(world, name, mobile.app_path("session.json")) or {}
    overview = Section("Device", [("Kind", machine["Kind"]), ("Platform", machine.get("Platform", "GCM")),
                                  ("Push token", machine.get("PushToken", "")),
                                  ("Signed in", session.get("identityId") or "nobody"),
                                  ("Signed in with", session.get("provider") or ("guest" if session.get("identityId")
                                                                                 else "—")),
                                  ("AWS keys stored", "none: the app asks the identity pool for credentials at each "
                                                      "call and forgets them")])
    records = [(f"{c['datasetName']}|{k}", [c["datasetName"], k, str(v), str(c["syncCount"])])
               for c in _copies(world, name) for k, v in c["records"].items()]
    pushes = [(str(i), [n["received"], n["from"], (n.get("synced") or {}).get("dataset", "—"), n["message"][:80]])
              for i, n in enumerate(mobile.notifications(world, name))]
    return [overview, Section("Datasets on the device", table=Listing(["Dataset", "Key", "Value", "SyncCount"],
                                                                       records)),
            Section("Notifications", table=Listing(["Received", "From", "Synced", "Message"], pushes)),
            Section("All devices", table=side_by_side(world),
                    note="Each device's own copy: a change on one reaches the others by a silent push.")]


def side_by_side(world: World) -> Listing:
    """Every device's copy of every dataset, one column per device (the Devices panel)."""
    devs = mobile.devices(world)
    copies = {d["Name"]: {c["datasetName"]: c for c in _copies(world, d["Name"])} for d in devs}
    keys = sorted({(ds, k) for per in copies.values() for ds, c in per.items() for k in c["records"]})
    rows = []
    for dataset, key in keys:
        cells = [dataset, key]
        for d in devs:
            copy = copies[d["Name"]].get(dataset)
            cells.append(f"{copy['records'].get(key, '—')} (#{copy['syncCount']})" if copy else "—")
        rows.append((f"{dataset}|{key}", cells))
    return Listing(["Dataset", "Key", *[d["Name"] for d in devs]], rows)
