"""One ``aws`` command's view of its machine, as botocore's session: the profile, the
credential chain, the region and output format, and sending a request through the gateway
with the machine as its origin.

The credential chain is the AWS CLI's (User Guide, "Configuration and credential file
settings", and "Using an IAM role in the AWS CLI"):
1. ``--profile``, else the ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` variables;
2. the profile (``--profile``, ``AWS_PROFILE``, or ``default``): ``role_arn`` with
   ``source_profile`` assumes the role; otherwise keys from the credentials file, then
   from the config file;
3. on an EC2 instance, the instance metadata service (the instance profile's role).
"""

from __future__ import annotations

from sandbox.awscli.config_files import NO_CREDENTIALS, NO_REGION, AwsFiles
from sandbox.awscli.local_files import LocalFiles
from sandbox.awscli.port import Machine
from sandbox.errors import AwsError
from sandbox.services import registry
from sandbox.services.gateway import Credentials, Origin

GLOBAL_SERVICES = ("iam", "sts", "s3")  # usable with no region configured
DEFAULT_REGION = "us-east-1"  # where a global service's request is said to come from


class ConfigError(Exception):
    """Missing credentials, unknown profile, bad configuration: exit 253 (255 for a profile)."""

    def __init__(self, message: str, rc: int = 253):
        super().__init__(message)
        self.message = message
        self.rc = rc


class Session:
    def __init__(self, machine: Machine):
        self.machine = machine
        self.gateway = machine.gateway
        self.world = machine.gateway.world
        self.env = machine.env
        self.files = AwsFiles(machine, machine.home, machine.env)
        self.local = LocalFiles(machine)

    # -- settings ---------------------------------------------------------------------------------

    def profile_name(self, options: dict) -> str:
        return options.get("profile") or self.env.get("AWS_PROFILE") or self.env.get("AWS_DEFAULT_PROFILE") or "default"

    def _setting(self, options: dict, key: str) -> str | None:
        profile = self.files.profile(self.profile_name(options))
        return profile.values.get(key) if profile else None

    def region(self, options: dict) -> str | None:
        return (options.get("region") or self.env.get("AWS_REGION") or self.env.get("AWS_DEFAULT_REGION")
                or self._setting(options, "region") or self.machine.instance_region())

    def default_output(self, options: dict) -> str:
        return self.env.get("AWS_DEFAULT_OUTPUT") or self._setting(options, "output") or "json"

    def origin(self, options: dict) -> Origin:
        endpoint = options.get("endpoint_url") or ""
        return self.machine.origin(self.region(options) or DEFAULT_REGION, secure=not endpoint.startswith("http://"))

    # -- credentials --------------------------------------------------------------------------------

    def credentials(self, options: dict) -> Credentials:
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
        instance = self.machine.instance_credentials()
        if instance is not None:
            return instance
        raise ConfigError(NO_CREDENTIALS, 253)

    def _assume_profile_role(self, name: str, values: dict, options: dict) -> Credentials:
        source = values["source_profile"]
        if source == name:
            raise ConfigError(f"Infinite loop in credential configuration detected. Attempting to load from profile "
                              f"{name} which has already been visited.", 255)
        source_creds = self.credentials({**options, "profile": source})
        stamp = int(self.world.now().timestamp())
        params = {"RoleArn": values["role_arn"], "RoleSessionName": values.get("role_session_name")
                  or f"botocore-session-{stamp}"}
        if values.get("external_id"):
            params["ExternalId"] = values["external_id"]
        if values.get("duration_seconds"):
            params["DurationSeconds"] = int(values["duration_seconds"])
        result = self.gateway.call(source_creds, "sts", "AssumeRole", params, self.origin(options))
        c = result["Credentials"]
        return Credentials(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"], "assume-role")

    # -- requests -----------------------------------------------------------------------------------

    def call(self, service: str, operation: str, params: dict, options: dict) -> dict:
        """Send one API request, signed with the chain's credentials (unsigned with
        ``--no-sign-request``, and for the operations AWS serves unsigned, such as a user
        pool's SignUp: no credentials are looked for)."""
        if service not in GLOBAL_SERVICES and not self.region(options):
            raise ConfigError(NO_REGION, 253)
        origin = self.origin(options)
        if registry.lookup(service, operation).unsigned:
            return self.gateway.call(self.gateway.anonymous(), service, operation, params, origin)
        if options.get("sign_request", True):
            return self.gateway.call(self.credentials(options), service, operation, params, origin)
        if service != "s3":  # only S3 accepts anonymous requests; the others want a signature
            raise AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403)
        return self.gateway.call(self.gateway.anonymous(), service, operation, params, origin)
