"""The ``aws`` command on a sandbox machine: find credentials as the real CLI does, then
send the request through the gateway with the machine as its origin."""

from __future__ import annotations

import errno
import posixpath
from typing import Callable, TextIO

from sandbox.awscli.parse import ParamError
from sandbox.awscli.run import ConfigError
from sandbox.errors import AwsError
from sandbox.services.gateway import Credentials, Gateway, Origin
from sandbox.shell.awsconfig import NO_CREDENTIALS, NO_REGION, AwsFiles
from sandbox.world import fs

GLOBAL_SERVICES = ("iam", "sts", "s3")  # usable with no region configured
# the sandbox file system's failures as the errno a real one reports ("[Errno 21] Is a directory")
_ERRNO = {"No such file or directory": errno.ENOENT, "Is a directory": errno.EISDIR,
          "Not a directory": errno.ENOTDIR, "Permission denied": errno.EACCES}


class MachineAws:
    def __init__(self, gateway: Gateway, machine: dict, env: dict | None = None, cwd: str | None = None,
                 ask: Callable[[str], str] | None = None, via: str = "cli"):
        self.gateway = gateway
        self.world = gateway.world
        self.machine = machine
        self.env = env if env is not None else {}
        self.cwd = cwd or machine["Home"]
        self.ask = ask
        self.via = via
        self.files = AwsFiles(self.world, machine["Name"], machine["Home"], self.env)
        self.last_credentials: Credentials | None = None

    # -- resolution --------------------------------------------------------------------------------

    def profile_name(self, options: dict) -> str:
        return options.get("profile") or self.env.get("AWS_PROFILE") or self.env.get("AWS_DEFAULT_PROFILE") or "default"

    def resolve_credentials(self, options: dict) -> Credentials:
        env = self.env
        if not options.get("profile") and env.get("AWS_ACCESS_KEY_ID") and env.get("AWS_SECRET_ACCESS_KEY"):
            return Credentials(env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"], env.get("AWS_SESSION_TOKEN"),
                               "env")
        if not options.get("profile") and (env.get("AWS_ACCESS_KEY_ID") or env.get("AWS_SECRET_ACCESS_KEY")):
            missing = "AWS_SECRET_ACCESS_KEY" if env.get("AWS_ACCESS_KEY_ID") else "AWS_ACCESS_KEY_ID"
            raise ConfigError(f"Partial credentials found in env, missing: {missing}", 255)
        name = self.profile_name(options)
        profile = self.files.profile(name)
        if profile is None and name != "default":
            raise ConfigError(f"The config profile ({name}) could not be found", 255)
        if profile is not None:
            values = profile.values
            if values.get("role_arn") and values.get("source_profile"):
                return self._assume_profile_role(name, values, options)
            if values.get("aws_access_key_id") and values.get("aws_secret_access_key"):
                source = "shared-credentials-file" if profile.in_credentials else "config-file"
                return Credentials(values["aws_access_key_id"], values["aws_secret_access_key"],
                                   values.get("aws_session_token"), source)
        imds = self._instance_credentials()
        if imds is not None:
            return imds
        raise ConfigError(NO_CREDENTIALS, 253)

    def _assume_profile_role(self, name: str, values: dict, options: dict) -> Credentials:
        source = values["source_profile"]
        if source == name:
            raise ConfigError(f"Infinite loop in credential configuration detected. Attempting to load from profile "
                              f"{name} which has already been visited.", 255)
        source_creds = self.resolve_credentials({**options, "profile": source})
        params = {"RoleArn": values["role_arn"],
                  "RoleSessionName": values.get("role_session_name") or f"botocore-session-{self._stamp()}"}
        if values.get("external_id"):
            params["ExternalId"] = values["external_id"]
        if values.get("duration_seconds"):
            params["DurationSeconds"] = int(values["duration_seconds"])
        result = self.gateway.call(source_creds, "sts", "AssumeRole", params, self.origin(options, "sts"))
        c = result["Credentials"]
        return Credentials(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"], "assume-role")

    def _stamp(self) -> int:
        return int(self.world.now().timestamp())

    def _instance_credentials(self) -> Credentials | None:
        if self.machine.get("Kind") != "ec2":
            return None
        try:
            from sandbox.services.ec2 import imds
        except ImportError:
            return None
        creds = imds.role_credentials(self.gateway, self.machine["InstanceId"])
        if creds is None:
            return None
        return Credentials(creds["AccessKeyId"], creds["SecretAccessKey"], creds["Token"], "iam-role")

    def region(self, options: dict) -> str | None:
        region = options.get("region") or self.env.get("AWS_REGION") or self.env.get("AWS_DEFAULT_REGION")
        if region:
            return region
        profile = self.files.profile(self.profile_name(options))
        if profile and profile.values.get("region"):
            return profile.values["region"]
        if self.machine.get("Kind") == "ec2":
            return "us-east-1"
        return None

    def origin(self, options: dict, service: str) -> Origin:
        instance_arn = None
        if self.machine.get("InstanceId"):
            instance_arn = f"arn:aws:ec2:us-east-1:{self.world.account_id}:instance/{self.machine['InstanceId']}"
        endpoint = options.get("endpoint-url") or ""
        return Origin(machine=self.machine["Name"], source_ip=self.machine["SourceIp"],
                      region=self.region(options) or "us-east-1", via=self.via, instance_arn=instance_arn,
                      secure=not endpoint.startswith("http://"))

    # -- the Backend protocol --------------------------------------------------------------------

    def call(self, service: str, operation: str, params: dict, options: dict) -> dict:
        if service not in GLOBAL_SERVICES and not self.region(options):
            raise ConfigError(NO_REGION, 253)
        outfile = params.pop("Outfile", None)
        method = params.pop("BootstrapMethod", None)
        download_to = params.pop("outfile", None)
        for target in (outfile, download_to):
            if target is not None:
                path = self.resolve_path(target)
                if not fs.is_dir(self.world, self.machine["Name"], posixpath.dirname(path)) or fs.is_dir(
                        self.world, self.machine["Name"], path):
                    raise ParamError(f"Unable to write to file: {target}")
        if operation == "PutObject" and isinstance(params.get("Body"), str):
            try:
                params["Body"] = self.read_file(params["Body"], True)
            except OSError:
                raise ParamError("Error parsing parameter '--body': Blob values must be a path to a file.") from None
        origin = self.origin(options, service)
        if options.get("no-sign-request"):
            if service != "s3":
                # only S3 accepts anonymous requests; the others want a signature
                raise AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403)
            who = self.gateway.anonymous()
        else:
            who = self.resolve_credentials(options)
            self.last_credentials = who
        result = self.gateway.call(who, service, operation, params, origin)
        if operation == "CreateVirtualMFADevice":
            result = self._write_bootstrap(result, outfile, method)
        if download_to is not None and "Body" in result:
            result = dict(result)
            body = result.pop("Body")
            text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
            with self.world.transaction():
                fs.write(self.world, self.machine["Name"], self.resolve_path(download_to), text,
                         now=self.world.now().isoformat())
        return result

    def _write_bootstrap(self, result: dict, outfile: str | None, method: str | None) -> dict:
        device = dict(result.get("VirtualMFADevice", {}))
        seed = device.pop("Base32StringSeed", "")
        uri = device.pop("OtpauthUri", "")
        if outfile:
            content = seed if method == "Base32StringSeed" else uri
            path = self.resolve_path(outfile)
            with self.world.transaction():
                fs.write(self.world, self.machine["Name"], path, content + "\n", now=self.world.now().isoformat())
        return {"VirtualMFADevice": device}

    def default_output(self, options: dict) -> str:
        out = self.env.get("AWS_DEFAULT_OUTPUT")
        if out:
            return out
        profile = self.files.profile(self.profile_name(options))
        if profile and profile.values.get("output"):
            return profile.values["output"]
        return "json"

    def custom_command(self, name: str):
        if name == "configure":
            return self.configure
        if name == "s3":
            from sandbox.shell.s3cmd import run_s3

            return lambda argv, out, err: run_s3(self, argv, out, err)
        return None

    # -- files ---------------------------------------------------------------------------------------

    def resolve_path(self, path: str) -> str:
        if path == "~" or path.startswith("~/"):
            path = self.machine["Home"] + path[1:]
        if not path.startswith("/"):
            path = posixpath.join(self.cwd, path)
        return fs.normalize(path)

    def read_file(self, path: str, binary: bool) -> str | bytes:
        try:
            text = fs.read(self.world, self.machine["Name"], self.resolve_path(path))
        except fs.FsError as exc:
            reason = str(exc)
            raise OSError(_ERRNO.get(reason, errno.ENOENT), reason, path) from None
        return text.encode() if binary else text

    # -- aws configure ---------------------------------------------------------------------------

    def configure(self, argv: list[str], out: TextIO, err: TextIO) -> int:
        from sandbox.shell.configure import run_configure

        return run_configure(self, argv, out, err)


def host_or_machine_reader(backend: MachineAws) -> Callable[[str, bool], str | bytes]:
    """For ``iam-sandbox aws`` typed in the host's terminal: a ``file://`` path names a file
    on the host (where the learner edits it); if there is none, the laptop's file."""
    from pathlib import Path

    def read(path: str, binary: bool):
        host = Path(path).expanduser()
        if host.is_dir():
            raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
        if host.is_file():
            return host.read_bytes() if binary else host.read_text(encoding="utf-8")
        return backend.read_file(path, binary)

    return read

