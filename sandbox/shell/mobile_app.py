"""``app``: the mobile app installed on a sandbox phone or tablet, built with the AWS SDK's
Cognito credentials provider, as a learner drives it from the device's terminal.

It shows what an app does with Amazon Cognito (Developer Guide, "Identity pools
authentication flow", "Synchronizing data"): it signs its user in with a social provider or a
user pool (or as a guest), and keeps only the sign-in (the identity id and the login token)
on the device. Whenever it calls AWS it asks the identity pool for temporary credentials
(GetId, GetCredentialsForIdentity: the enhanced flow), uses them for that call and forgets
them: no AWS access key is ever written on the device. It reads and writes its user's files
in S3 and keeps datasets in sync across the user's devices with Cognito Sync, which pushes
a silent notification to the others when one changes.

  app                                   what the app is set up with, who is signed in
  app config KEY VALUE                  identity-pool, region, user-pool-client, facebook-app-id, google-client-id,
                                        amazon-app-id, bucket (what the developer built into the app)
  app sign-in facebook|google|amazon EMAIL
  app sign-in user-pool USERNAME PASSWORD
  app sign-in guest
  app sign-out
  app whoami                            the identity, and the role session its credentials are for
  app s3 ls [PREFIX] | app s3 get KEY | app s3 put KEY TEXT
  app upload NAME TEXT | app photos     the user's own files: private/IDENTITY_ID/NAME in the app's bucket
  app sync [DATASET]                    bring the device's copy and Cognito Sync's together
  app set DATASET KEY VALUE | app unset DATASET KEY
  app get DATASET [KEY]                 the device's copy
  app push DATASET...                   register this device for push sync and subscribe to the datasets
  app notifications                     the pushes the device received
"""

from __future__ import annotations

from typing import TextIO

from sandbox import idp
from sandbox.errors import AwsError
from sandbox.idp.text import visible
from sandbox.idp.verify import parse
from sandbox.services import devices
from sandbox.services.gateway import Credentials, Gateway, Origin

CONFIG_KEYS = ("identity-pool", "region", "user-pool-client", "facebook-app-id", "google-client-id", "amazon-app-id",
               "bucket")
SOCIAL = {"facebook": (idp.FACEBOOK, "facebook-app-id"), "google": (idp.GOOGLE, "google-client-id"),
          "amazon": (idp.AMAZON, "amazon-app-id")}


class AppError(Exception):
    """What the app shows its user instead of doing what was asked."""


class MobileApp:
    def __init__(self, gateway: Gateway, machine: dict, out: TextIO):
        self.gateway = gateway
        self.world = gateway.world
        self.machine = machine
        self.name = machine["Name"]
        self.out = out

    # -- what the app keeps ---------------------------------------------------------------------

    def config(self) -> dict:
        return devices.read_json(self.world, self.name, devices.app_path("config.json")) or {}

    def session(self) -> dict:
        return devices.read_json(self.world, self.name, devices.app_path("session.json")) or {}

    def _save(self, file: str, value: dict) -> None:
        with self.world.transaction():
            devices.write_json(self.world, self.name, devices.app_path(file), value)

    def _setting(self, key: str) -> str:
        value = self.config().get(key)
        if not value:
            raise AppError(f"The app is not set up with its {key} (app config {key} VALUE).")
        return str(value)

    # -- calling AWS --------------------------------------------------------------------------------

    def origin(self) -> Origin:
        return Origin(machine=self.name, source_ip=self.machine["SourceIp"],
                      region=self.config().get("region") or "us-east-1", via="app",
                      user_agent="aws-sdk-android/2.77.0 iam-sandbox-app")

    def call(self, service: str, operation: str, params: dict, credentials: Credentials | None = None) -> dict:
        who = credentials if credentials is not None else self.gateway.anonymous()
        return self.gateway.call(who, service, operation, params, self.origin())

    def logins(self) -> dict:
        session = self.session()
        return {session["provider"]: session["token"]} if session.get("provider") else {}

    def credentials(self) -> tuple[str, Credentials]:
        """The identity, and credentials for it that live only as long as this command."""
        session = self.session()
        if not session.get("identityId"):
            raise AppError("Nobody is signed in: app sign-in facebook|google|amazon EMAIL, user-pool NAME "
                           "PASSWORD, or guest.")
        params = {"IdentityId": session["identityId"]}
        if self.logins():
            params["Logins"] = self.logins()
        out = self.call("cognito-identity", "GetCredentialsForIdentity", params)
        c = out["Credentials"]
        return out["IdentityId"], Credentials(c["AccessKeyId"], c["SecretKey"], c["SessionToken"], "cognito")

    # -- commands -----------------------------------------------------------------------------------

    def status(self) -> None:
        config = self.config()
        self.out.write(f"App on {self.name} ({self.machine.get('Kind')}, {self.machine.get('Platform')}).\n")
        for key in CONFIG_KEYS:
            if config.get(key):
                self.out.write(f"  {key:<18} {visible(str(config[key]))}\n")
        session = self.session()
        if session.get("identityId"):
            who = session.get("provider") or "a guest"
            self.out.write(f"Signed in: identity {session['identityId']} ({who}).\n")
        else:
            self.out.write("Nobody is signed in.\n")

    def configure(self, key: str, value: str) -> None:
        if key not in CONFIG_KEYS:
            raise AppError(f"Unknown setting {visible(key)}: {', '.join(CONFIG_KEYS)}.")
        self._save("config.json", {**self.config(), key: value})

    def sign_in(self, how: str, args: list[str]) -> None:
        pool_id = self._setting("identity-pool")
        if how in SOCIAL:
            if len(args) != 1:
                raise AppError(f"app sign-in {how} EMAIL")
            provider, setting = SOCIAL[how]
            try:
                with self.world.transaction():
                    token = idp.sign_in(self.world, provider, args[0], self._setting(setting)).token
            except idp.IdpError as exc:
                raise AppError(f"{provider.name} sign-in failed: {exc.message}") from None
            logins = {provider.id: token}
        elif how == "user-pool":
            if len(args) != 2:
                raise AppError("app sign-in user-pool USERNAME PASSWORD")
            client = self._setting("user-pool-client")
            result = self.call("cognito-idp", "InitiateAuth", {
                "ClientId": client, "AuthFlow": "USER_PASSWORD_AUTH",
                "AuthParameters": {"USERNAME": args[0], "PASSWORD": args[1]}})
            if "AuthenticationResult" not in result:
                raise AppError(f"The user pool asks for {result.get('ChallengeName')}: the user must finish signing "
                               "in on the web first.")
            id_token = result["AuthenticationResult"]["IdToken"]
            logins = {parse(id_token).claims["iss"][len("https://"):]: id_token}
        elif how == "guest":
            logins = {}
        else:
            raise AppError("app sign-in facebook|google|amazon EMAIL, user-pool USERNAME PASSWORD, or guest")
        params = {"IdentityPoolId": pool_id}
        if logins:
            params["Logins"] = logins
        identity = self.call("cognito-identity", "GetId", params)["IdentityId"]
        session = {"identityId": identity}
        if logins:
            (provider_name, token), = logins.items()
            session.update({"provider": provider_name, "token": token})
        self._save("session.json", session)
        self.out.write(f"Signed in{' as a guest' if not logins else ''}: identity {identity}.\n")

    def sign_out(self) -> None:
        self._save("session.json", {})
        self.out.write("Signed out.\n")

    def whoami(self) -> None:
        identity, creds = self.credentials()
        me = self.call("sts", "GetCallerIdentity", {}, creds)
        self.out.write(f"Identity  {identity}\nAWS       {me['Arn']}\n"
                       "          (temporary credentials from the identity pool, used for this call only: "
                       "nothing is stored on the device)\n")

    def s3(self, args: list[str]) -> None:
        bucket = self._setting("bucket")
        _identity, creds = self.credentials()
        if args[:1] == ["ls"]:
            params = {"Bucket": bucket, **({"Prefix": args[1]} if len(args) > 1 else {})}
            for item in self.call("s3", "ListObjectsV2", params, creds).get("Contents", []):
                self.out.write(f"{item['Size']:>10} {visible(item['Key'])}\n")
        elif args[:1] == ["get"] and len(args) == 2:
            body = self.call("s3", "GetObject", {"Bucket": bucket, "Key": args[1]}, creds).get("Body", "")
            text = body if isinstance(body, str) else body.decode("utf-8", "replace")
            self.out.write(visible(text) + ("" if text.endswith("\n") else "\n"))
        elif args[:1] == ["put"] and len(args) == 3:
            self.call("s3", "PutObject", {"Bucket": bucket, "Key": args[1], "Body": args[2]}, creds)
            self.out.write(f"Saved s3://{bucket}/{visible(args[1])}\n")
        else:
            raise AppError("app s3 ls [PREFIX] | app s3 get KEY | app s3 put KEY TEXT")

    def upload(self, name: str, text: str) -> None:
        """What the app does with a user's file: it keeps it under the user's own prefix."""
        bucket = self._setting("bucket")
        identity, creds = self.credentials()
        key = f"private/{identity}/{name}"
        self.call("s3", "PutObject", {"Bucket": bucket, "Key": key, "Body": text}, creds)
        self.out.write(f"Uploaded s3://{bucket}/{visible(key)}\n")

    def photos(self) -> None:
        bucket = self._setting("bucket")
        identity, creds = self.credentials()
        listed = self.call("s3", "ListObjectsV2", {"Bucket": bucket, "Prefix": f"private/{identity}/"}, creds)
        for item in listed.get("Contents", []):
            self.out.write(f"{item['Size']:>10} {visible(item['Key'].rsplit('/', 1)[-1])}\n")

    def _sync(self, dataset: str, creds: Credentials, identity: str, patches: list[dict]) -> dict:
        pool = self._setting("identity-pool")
        ids = {"IdentityPoolId": pool, "IdentityId": identity, "DatasetName": dataset}
        listed = self.call("cognito-sync", "ListRecords", ids, creds)
        if patches:
            seen = {r["Key"]: r["SyncCount"] for r in listed["Records"]}
            for patch in patches:
                patch["SyncCount"] = seen.get(patch["Key"], 0)
            device_id = self.session().get("deviceId", "")
            self.call("cognito-sync", "UpdateRecords", {**ids, "RecordPatches": patches, "DeviceId": device_id,
                                                        "SyncSessionToken": listed["SyncSessionToken"]}, creds)
        with self.world.transaction():
            return devices.save_dataset(self.world, self.name, identity, dataset)

    def sync(self, names: list[str]) -> None:
        identity, creds = self.credentials()
        if not names:
            pool = self._setting("identity-pool")
            listed = self.call("cognito-sync", "ListDatasets", {"IdentityPoolId": pool, "IdentityId": identity}, creds)
            names = [d["DatasetName"] for d in listed["Datasets"]]
        for name in names:
            local = self._sync(name, creds, identity, [])
            self.out.write(f"{visible(name)}: SyncCount {local['syncCount']}, {len(local['records'])} records\n")

    def set(self, dataset: str, key: str, value: str | None) -> None:
        identity, creds = self.credentials()
        patch = {"Op": "replace", "Key": key, "Value": value} if value is not None else {"Op": "remove", "Key": key}
        local = self._sync(dataset, creds, identity, [patch])
        self.out.write(f"{visible(dataset)}: SyncCount {local['syncCount']}\n")

    def get(self, dataset: str, key: str | None) -> None:
        local = devices.local_dataset(self.world, self.name, dataset)
        if local is None:
            raise AppError(f"No copy of {visible(dataset)} on this device yet (app sync {visible(dataset)}).")
        if key is not None:
            if key not in local["records"]:
                raise AppError(f"{visible(dataset)} has no {visible(key)}.")
            self.out.write(visible(str(local["records"][key])) + "\n")
            return
        self.out.write(f"{visible(dataset)} (SyncCount {local['syncCount']})\n")
        for k, v in local["records"].items():
            self.out.write(f"  {visible(k)} = {visible(str(v))}\n")

    def push(self, datasets: list[str]) -> None:
        identity, creds = self.credentials()
        pool = self._setting("identity-pool")
        platform = "APNS" if self.machine.get("Platform") == "APNS" else "GCM"
        device_id = self.call("cognito-sync", "RegisterDevice", {
            "IdentityPoolId": pool, "IdentityId": identity, "Platform": platform,
            "Token": self.machine.get("PushToken", "")}, creds)["DeviceId"]
        self._save("session.json", {**self.session(), "deviceId": device_id})
        for name in datasets:
            self.call("cognito-sync", "SubscribeToDataset", {"IdentityPoolId": pool, "IdentityId": identity,
                                                            "DatasetName": name, "DeviceId": device_id}, creds)
        self.out.write(f"Push sync on: device {device_id}" + (f", subscribed to {', '.join(datasets)}" if datasets
                                                              else "") + ".\n")

    def notifications(self) -> None:
        notes = devices.notifications(self.world, self.name)
        if not notes:
            self.out.write("No notifications.\n")
        for note in notes:
            synced = note.get("synced")
            after = f"  -> synced {synced['dataset']} to SyncCount {synced['syncCount']}" if synced else ""
            self.out.write(f"{note['received']}  {note['from']}  {visible(note['message'])}{after}\n")


def run(gateway: Gateway, machine: dict, args: list[str], out: TextIO, err: TextIO) -> int:
    if not devices.is_device(machine):
        err.write("app: the app is installed on the sandbox's phones and tablets, not here (device list, device "
                  "open NAME)\n")
        return 1
    app = MobileApp(gateway, machine, out)
    command, rest = (args[0], args[1:]) if args else ("status", [])
    try:
        if command == "status":
            app.status()
        elif command == "config" and len(rest) == 2:
            app.configure(*rest)
        elif command == "sign-in" and rest:
            app.sign_in(rest[0], rest[1:])
        elif command == "sign-out":
            app.sign_out()
        elif command == "whoami":
            app.whoami()
        elif command == "s3":
            app.s3(rest)
        elif command == "upload" and len(rest) == 2:
            app.upload(*rest)
        elif command == "photos":
            app.photos()
        elif command == "sync":
            app.sync(rest)
        elif command in ("set", "unset") and len(rest) == (3 if command == "set" else 2):
            app.set(rest[0], rest[1], rest[2] if command == "set" else None)
        elif command == "get" and rest:
            app.get(rest[0], rest[1] if len(rest) > 1 else None)
        elif command == "push" and rest:
            app.push(rest)
        elif command == "notifications":
            app.notifications()
        else:
            err.write((__doc__ or "").split("\n\n")[-1].rstrip() + "\n")
            return 2
    except AppError as exc:
        err.write(f"app: {exc}\n")
        return 1
    except AwsError as exc:
        err.write(f"app: {exc.code}: {visible(exc.message)}\n")
        return 1
    return 0
