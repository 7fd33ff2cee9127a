"""Cognito Sync and SNS mobile push: datasets and records with SyncCount and conflicts, push
sync set-up (platform application, push role, devices, subscriptions), and the silent push
that brings every other device's copy up to date.

Pages: Amazon Cognito Sync API Reference (ListRecords, UpdateRecords, RegisterDevice,
SubscribeToDataset, SetIdentityPoolConfiguration); Amazon Cognito Developer Guide, "Push
sync"; Amazon SNS API Reference (CreatePlatformApplication, CreatePlatformEndpoint, Publish).
"""

from __future__ import annotations

import json

import pytest

from cognitohelp import ACCOUNT, error_of
from sandbox.services import devices, mailbox

PUSH_TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service":
                                                                                        "cognito-sync.amazonaws.com"},
                                                      "Action": "sts:AssumeRole"}]}
PUBLISH = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"}]}


class Sync:
    def __init__(self, cognito):
        self.c = cognito
        self.pool = cognito.as_admin("CreateIdentityPool", {"IdentityPoolName": "notes",
                                                            "AllowUnauthenticatedIdentities": True},
                                     "cognito-identity")["IdentityPoolId"]
        self.identity = self.new_identity()

    def new_identity(self) -> str:
        return self.c.public("GetId", {"IdentityPoolId": self.pool}, "cognito-identity")["IdentityId"]

    def call(self, operation: str, **params) -> dict:
        return self.c.as_admin(operation, {"IdentityPoolId": self.pool, "IdentityId": self.identity, **params},
                               "cognito-sync")

    def token(self, dataset: str) -> str:
        return self.call("ListRecords", DatasetName=dataset)["SyncSessionToken"]

    def put(self, dataset: str, key: str, value: str | None, seen: int, device: str = "") -> dict:
        patch = {"Op": "replace" if value is not None else "remove", "Key": key, "SyncCount": seen}
        if value is not None:
            patch["Value"] = value
        return self.call("UpdateRecords", DatasetName=dataset, RecordPatches=[patch],
                         SyncSessionToken=self.token(dataset), DeviceId=device)

    def set_up_push(self, role_policy: dict | None = PUBLISH) -> str:
        c = self.c
        c.as_admin("CreateRole", {"RoleName": "CognitoSyncPush", "AssumeRolePolicyDocument": json.dumps(PUSH_TRUST)},
                   "iam")
        if role_policy:
            c.as_admin("PutRolePolicy", {"RoleName": "CognitoSyncPush", "PolicyName": "publish",
                                         "PolicyDocument": json.dumps(role_policy)}, "iam")
        app = c.as_admin("CreatePlatformApplication", {"Name": "notes", "Platform": "GCM",
                                                       "Attributes": {"PlatformCredential": "AIza-server-key"}},
                         "sns")["PlatformApplicationArn"]
        c.as_admin("SetIdentityPoolConfiguration", {"IdentityPoolId": self.pool, "PushSync": {
            "ApplicationArns": [app], "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/CognitoSyncPush"}}, "cognito-sync")
        return app

    def device(self, name: str, kind: str = "phone") -> tuple[dict, str]:
        with self.c.world.transaction():
            machine = devices.add_device(self.c.world, name, kind)
            devices.write_json(self.c.world, name, devices.app_path("session.json"), {"identityId": self.identity})
        device_id = self.call("RegisterDevice", Platform="GCM", Token=machine["PushToken"])["DeviceId"]
        return machine, device_id


@pytest.fixture
def sync(cognito):
    return Sync(cognito)


def test_records_carry_sync_counts_and_a_stale_write_is_a_conflict(sync):
    empty = sync.call("ListRecords", DatasetName="settings")
    assert (empty["DatasetExists"], empty["DatasetSyncCount"], empty["Records"]) == (False, 0, [])
    assert empty["SyncSessionToken"]
    written = sync.put("settings", "theme", "dark", 0)["Records"]
    assert [(r["Key"], r["Value"], r["SyncCount"]) for r in written] == [("theme", "dark", 1)]
    sync.put("settings", "font", "large", 0)
    listed = sync.call("ListRecords", DatasetName="settings")
    assert listed["DatasetSyncCount"] == 2 and listed["DatasetExists"] is True
    assert [(r["Key"], r["SyncCount"]) for r in listed["Records"]] == [("theme", 1), ("font", 2)]
    since = sync.call("ListRecords", DatasetName="settings", LastSyncCount=1)["Records"]
    assert [r["Key"] for r in since] == ["font"]
    err = error_of(sync.put, "settings", "theme", "light", 0)  # a device that never saw the first write
    assert (err.code, err.message) == ("ResourceConflictException", "Current SyncCount for: theme is: 1 not: 0")
    sync.put("settings", "theme", "light", 1)
    sync.put("settings", "font", None, 2)
    (dataset,) = sync.call("ListDatasets")["Datasets"]
    assert (dataset["DatasetName"], dataset["NumRecords"]) == ("settings", 1)
    removed = [r for r in sync.call("ListRecords", DatasetName="settings")["Records"] if r["Key"] == "font"]
    assert removed and "Value" not in removed[0]


def test_update_records_needs_the_session_token_of_that_dataset(sync):
    token = sync.token("settings")
    err = error_of(sync.call, "UpdateRecords", DatasetName="other", SyncSessionToken=token,
                   RecordPatches=[{"Op": "replace", "Key": "k", "Value": "v", "SyncCount": 0}])
    assert err.code == "InvalidParameterException"
    err = error_of(sync.call, "UpdateRecords", DatasetName="settings", SyncSessionToken=token + "x",
                   RecordPatches=[{"Op": "replace", "Key": "k", "Value": "v", "SyncCount": 0}])
    assert err.code == "InvalidParameterException"


def test_an_identity_has_at_most_twenty_datasets(sync):
    for n in range(20):
        sync.put(f"d{n}", "k", "v", 0)
    err = error_of(sync.put, "d20", "k", "v", 0)
    assert err.code == "LimitExceededException"


def test_register_device_needs_push_sync_configured(sync):
    err = error_of(sync.call, "RegisterDevice", Platform="GCM", Token="t" * 20)
    assert err.code == "InvalidConfigurationException"


def test_a_change_on_one_device_is_pushed_silently_to_the_others_which_sync(sync):
    app = sync.set_up_push()
    phone, phone_id = sync.device("ana-phone")
    tablet, tablet_id = sync.device("ana-tablet", "tablet")
    laptop, laptop_id = sync.device("ana-work-phone")
    sync.put("notes", "todo", "buy milk", 0)
    for device_id in (phone_id, tablet_id, laptop_id):
        sync.call("SubscribeToDataset", DatasetName="notes", DeviceId=device_id)
    endpoints = sync.c.as_admin("ListEndpointsByPlatformApplication", {"PlatformApplicationArn": app}, "sns")
    assert {e["Attributes"]["Token"] for e in endpoints["Endpoints"]} == {phone["PushToken"], tablet["PushToken"],
                                                                          laptop["PushToken"]}
    assert all(e["EndpointArn"].startswith(f"arn:aws:sns:us-east-1:{ACCOUNT}:endpoint/GCM/notes/")
               for e in endpoints["Endpoints"])
    sync.put("notes", "todo", "buy oat milk", 1, device=phone_id)
    world = sync.c.world
    assert devices.notifications(world, "ana-phone") == []  # the device that made the change gets no push
    for name in ("ana-tablet", "ana-work-phone"):
        (note,) = devices.notifications(world, name)
        data = json.loads(note["message"])["data"]
        assert data == {"source": "cognito-sync", "type": "SyncTrigger", "identityPoolId": sync.pool,
                        "identityId": sync.identity, "datasetName": "notes", "syncCount": 2}
        assert devices.local_dataset(world, name, "notes")["records"] == {"todo": "buy oat milk"}


def test_without_sns_publish_the_push_role_sends_nothing(sync):
    sync.set_up_push(role_policy=None)
    phone, phone_id = sync.device("ana-phone")
    tablet, tablet_id = sync.device("ana-tablet", "tablet")
    sync.put("notes", "todo", "x", 0)
    sync.call("SubscribeToDataset", DatasetName="notes", DeviceId=tablet_id)
    sync.put("notes", "todo", "y", 1, device=phone_id)
    assert devices.notifications(sync.c.world, "ana-tablet") == []


def test_a_forged_push_does_not_copy_another_identitys_data(sync):
    app = sync.set_up_push()
    phone, _ = sync.device("ana-phone")
    other = sync.new_identity()
    sync.c.as_admin("UpdateRecords", {"IdentityPoolId": sync.pool, "IdentityId": other, "DatasetName": "secrets",
                                      "SyncSessionToken": sync.c.as_admin("ListRecords", {
                                          "IdentityPoolId": sync.pool, "IdentityId": other,
                                          "DatasetName": "secrets"}, "cognito-sync")["SyncSessionToken"],
                                      "RecordPatches": [{"Op": "replace", "Key": "pin", "Value": "1234",
                                                         "SyncCount": 0}]}, "cognito-sync")
    endpoint = sync.c.as_admin("ListEndpointsByPlatformApplication", {"PlatformApplicationArn": app},
                               "sns")["Endpoints"][0]["EndpointArn"]
    forged = json.dumps({"data": {"source": "cognito-sync", "type": "SyncTrigger", "identityId": other,
                                  "datasetName": "secrets", "syncCount": 1}})
    sync.c.as_admin("Publish", {"TargetArn": endpoint, "Message": forged}, "sns")
    (note,) = devices.notifications(sync.c.world, "ana-phone")
    assert "synced" not in note and devices.local_dataset(sync.c.world, "ana-phone", "secrets") is None


def test_sns_publish_to_an_endpoint_a_phone_number_and_its_errors(sync):
    c = sync.c
    app = sync.set_up_push()
    phone, _ = sync.device("ana-phone")
    endpoint = c.as_admin("CreatePlatformEndpoint", {"PlatformApplicationArn": app, "Token": phone["PushToken"]},
                          "sns")["EndpointArn"]
    assert c.as_admin("CreatePlatformEndpoint", {"PlatformApplicationArn": app, "Token": phone["PushToken"]},
                      "sns")["EndpointArn"] == endpoint  # the same token: the same endpoint
    structured = json.dumps({"default": "hello", "GCM": json.dumps({"notification": {"title": "Hi"}})})
    out = c.as_admin("Publish", {"TargetArn": endpoint, "Message": structured, "MessageStructure": "json"}, "sns")
    assert out["MessageId"]
    (note,) = devices.notifications(c.world, "ana-phone")
    assert json.loads(note["message"]) == {"notification": {"title": "Hi"}}
    c.as_admin("Publish", {"PhoneNumber": "+15555550100", "Message": "Your order shipped"}, "sns")
    assert mailbox.messages(c.world, "+15555550100")[0]["Body"] == "Your order shipped"
    err = error_of(c.as_admin, "Publish", {"TargetArn": endpoint + "x", "Message": "m"}, "sns")
    assert (err.code, err.message) == ("NotFound", "Endpoint does not exist")
    err = error_of(c.as_admin, "CreatePlatformApplication", {"Name": "ios", "Platform": "APNS",
                                                             "Attributes": {"PlatformCredential": "k"}}, "sns")
    assert err.code == "InvalidParameter" and "PlatformPrincipal" in err.message
    err = error_of(c.as_admin, "ListEndpointsByPlatformApplication",
                   {"PlatformApplicationArn": app.replace("notes", "nope")}, "sns")
    assert (err.code, err.message) == ("NotFound", "PlatformApplication does not exist")
