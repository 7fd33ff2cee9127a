"""Where Cognito Sync keeps datasets (the ``cognito_datasets`` table), and a dataset as a
device copies it. Outside the ``cognito_sync`` package so that the sandbox's devices, which
Amazon SNS delivers pushes to, read it without depending on the service that sends them."""

from __future__ import annotations

from sandbox.services.jsonapi import exact

DATASETS = "cognito_datasets"


def dataset_key(identity_id: str, name: str) -> str:
    return f"{identity_id}|{name}"


def find_dataset(world, identity_id: str, name: str) -> dict | None:
    return exact(world, DATASETS, "Key", dataset_key(identity_id, name))


def snapshot(world, identity_id: str, name: str) -> tuple[int, dict[str, str]]:
    """``(SyncCount, {key: value})`` of a dataset now, as a device copies it."""
    row = find_dataset(world, identity_id, name)
    if row is None:
        return 0, {}
    return row["SyncCount"], {k: r["Value"] for k, r in sorted(row["Records"].items()) if r["Value"] is not None}
