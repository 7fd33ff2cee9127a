"""Datasets and records: ListDatasets, ListRecords, UpdateRecords.

A dataset is a small key-value store of one identity (at most 20 per identity, 1 MB each).
Every change raises the dataset's SyncCount, and each record keeps the SyncCount of its last
change. A device syncs by reading the records changed since the SyncCount it last saw
(ListRecords, which also hands out the SyncSessionToken), then writing its own changes
(UpdateRecords, with that token), each patch naming the SyncCount it last saw of that record:
if another device changed the record since, the patch is refused with
ResourceConflictException and the device must read again and resolve the conflict
(Amazon Cognito Sync API Reference; Developer Guide, "Handling callbacks"). After a change,
Cognito Sync sends a silent push to the identity's other devices subscribed to the dataset
(``push``).
"""

from __future__ import annotations

import base64
import re

from sandbox.errors import AwsError
from sandbox.idp.seed import seal
from sandbox.services.cognito_sync import common as c
from sandbox.services.cognito_sync.push import notify
from sandbox.services.gateway import CallContext
from sandbox.services.isotime import iso
from sandbox.services.paging import limit_of, listing
from sandbox.services.registry import operation
from sandbox.services.sync_store import dataset_key, find_dataset

MAX_DATASETS = 20
MAX_BYTES = 1024 * 1024
MAX_RECORDS = 1024
_NAME = re.compile(r"^[\w.:-]{1,128}$")


def _name(value) -> str:
    if not isinstance(value, str) or not _NAME.match(value):
        raise c.invalid_parameter(f"1 validation error detected: Value '{value}' at 'datasetName' failed to satisfy "
                                  "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.:-]+")
    return value


def _size(records: dict) -> int:
    return sum(len(k.encode()) + len((r.get("Value") or "").encode()) for k, r in records.items())


def dataset_out(row: dict) -> dict:
    live = {k: r for k, r in row["Records"].items() if r.get("Value") is not None}
    return {"IdentityId": row["IdentityId"], "DatasetName": row["DatasetName"], "CreationDate": row["CreationDate"],
            "LastModifiedDate": row["LastModifiedDate"], "LastModifiedBy": row["LastModifiedBy"],
            "DataStorage": _size(live), "NumRecords": len(live)}


def record_out(key: str, record: dict) -> dict:
    out = {"Key": key}
    if record.get("Value") is not None:
        out["Value"] = record["Value"]
    out.update({"SyncCount": record["SyncCount"], "LastModifiedDate": record["LastModifiedDate"],
                "LastModifiedBy": record["LastModifiedBy"]})
    if record.get("DeviceLastModifiedDate"):
        out["DeviceLastModifiedDate"] = record["DeviceLastModifiedDate"]
    return out


@operation("cognito-sync", "ListDatasets", mutates=False)
def list_datasets(ctx: CallContext, p: dict) -> dict:
    pool_id, identity_id = c.required(p, "IdentityPoolId"), c.required(p, "IdentityId")
    limit = limit_of(p.get("MaxResults"), 1, 60, "maxResults", default=60)
    c.authorize(ctx, "cognito-sync:ListDatasets", c.identity_arn(ctx.account, pool_id, identity_id))
    c.identity_of(ctx, pool_id, identity_id)
    rows = sorted(ctx.world[c.DATASETS].where(lambda r: r["IdentityId"] == identity_id),
                  key=lambda r: r["DatasetName"])
    out = listing(rows, p, limit, "ListDatasets", "Datasets", dataset_out)
    return {**out, "Count": len(out["Datasets"])}


def _session_token(ctx: CallContext, identity_id: str, name: str) -> str:
    body = base64.urlsafe_b64encode(f"{identity_id}|{name}|{int(ctx.now().timestamp())}".encode()).decode()
    return f"{body.rstrip('=')}.{seal(ctx.world, 'cognito-sync-session', body.rstrip('='))}"


def _check_session_token(ctx: CallContext, token, identity_id: str, name: str) -> None:
    body, _, tag = str(token).rpartition(".")
    try:
        who, dataset, _issued = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode().split("|")
    except ValueError:
        who, dataset = "", ""
    if tag != seal(ctx.world, "cognito-sync-session", body) or (who, dataset) != (identity_id, name):
        raise c.invalid_parameter("The SyncSessionToken is not valid for this dataset: get one from ListRecords.")


@operation("cognito-sync", "ListRecords", mutates=False)
def list_records(ctx: CallContext, p: dict) -> dict:
    pool_id, identity_id = c.required(p, "IdentityPoolId"), c.required(p, "IdentityId")
    name = _name(c.required(p, "DatasetName"))
    limit = limit_of(p.get("MaxResults"), 1, 1024, "maxResults", default=1024)
    c.authorize(ctx, "cognito-sync:ListRecords", c.dataset_arn(ctx.account, pool_id, identity_id, name))
    c.identity_of(ctx, pool_id, identity_id)
    row = find_dataset(ctx.world, identity_id, name)
    since = int(p.get("LastSyncCount") or 0)
    records = sorted(((k, r) for k, r in (row["Records"] if row else {}).items() if r["SyncCount"] > since),
                     key=lambda kr: (kr[1]["SyncCount"], kr[0]))
    out = listing(records, p, limit, "ListRecords", "Records", lambda kr: record_out(*kr))
    return {**out, "Count": len(out["Records"]), "DatasetSyncCount": row["SyncCount"] if row else 0,
            "LastModifiedBy": row["LastModifiedBy"] if row else "", "MergedDatasetNames": [],
            "DatasetExists": row is not None, "DatasetDeletedAfterRequestedSyncCount": False,
            "SyncSessionToken": _session_token(ctx, identity_id, name)}


def _patches(p: dict) -> list[dict]:
    patches = p.get("RecordPatches") or []
    if not isinstance(patches, list):
        raise c.invalid_parameter("RecordPatches is a list of patches.")
    for patch in patches:
        if not isinstance(patch, dict) or patch.get("Op") not in ("replace", "remove") or not patch.get("Key") \
                or patch.get("SyncCount") is None:
            raise c.invalid_parameter("Each record patch needs an Op (replace or remove), a Key and a SyncCount.")
        if patch["Op"] == "replace" and patch.get("Value") is None:
            raise c.invalid_parameter(f"The replace patch of {patch['Key']} has no Value.")
    return patches


@operation("cognito-sync", "UpdateRecords")
def update_records(ctx: CallContext, p: dict) -> dict:
    pool_id, identity_id = c.required(p, "IdentityPoolId"), c.required(p, "IdentityId")
    name = _name(c.required(p, "DatasetName"))
    token = c.required(p, "SyncSessionToken")
    patches = _patches(p)
    c.authorize(ctx, "cognito-sync:UpdateRecords", c.dataset_arn(ctx.account, pool_id, identity_id, name))
    c.identity_of(ctx, pool_id, identity_id)
    _check_session_token(ctx, token, identity_id, name)
    world = ctx.world
    now = iso(ctx.now())
    row = find_dataset(world, identity_id, name)
    if row is None:
        if len(world[c.DATASETS].where(lambda r: r["IdentityId"] == identity_id)) >= MAX_DATASETS:
            raise AwsError("LimitExceededException", f"An identity has at most {MAX_DATASETS} datasets.")
        row = {"Key": dataset_key(identity_id, name), "IdentityPoolId": pool_id, "IdentityId": identity_id,
               "DatasetName": name, "SyncCount": 0, "Records": {}, "CreationDate": now, "LastModifiedDate": now,
               "LastModifiedBy": identity_id}
    for patch in patches:
        current = row["Records"].get(patch["Key"], {}).get("SyncCount", 0)
        if int(patch["SyncCount"]) != current:
            raise AwsError("ResourceConflictException",
                           f"Current SyncCount for: {patch['Key']} is: {current} not: {patch['SyncCount']}", 409)
    if not patches:
        return {"Records": []}
    count = row["SyncCount"] + 1
    records = dict(row["Records"])
    changed = []
    for patch in patches:
        record = {"Value": patch.get("Value") if patch["Op"] == "replace" else None, "SyncCount": count,
                  "LastModifiedDate": now, "LastModifiedBy": identity_id}
        if patch.get("DeviceLastModifiedDate"):
            record["DeviceLastModifiedDate"] = str(patch["DeviceLastModifiedDate"])
        records[patch["Key"]] = record
        changed.append(record_out(patch["Key"], record))
    live = {k: r for k, r in records.items() if r["Value"] is not None}
    if _size(live) > MAX_BYTES or len(live) > MAX_RECORDS:
        raise AwsError("LimitExceededException", "The dataset would exceed 1 MB.")
    world[c.DATASETS].put({**row, "SyncCount": count, "Records": records, "LastModifiedDate": now,
                           "LastModifiedBy": identity_id})
    notify(ctx, pool_id, identity_id, name, count, str(p.get("DeviceId") or ""))
    return {"Records": changed}

