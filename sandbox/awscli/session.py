"""One ``aws`` command's view of its machine, as botocore's session: the profile, the
credential chain, the region and output format, and sending a request through the gateway
with the machine as its origin.

The credential chain is botocore's (``botocore.credentials.create_credential_resolver``;
AWS CLI User Guide, "Configuration and credential file settings"), first found wins:
1. ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` (``AWS_SESSION_TOKEN``), unless
   ``--profile`` names a profile;
2. the profile (``--profile``, ``AWS_PROFILE``, or ``default``) with ``role_arn`` and
   ``source_profile`` (and no ``web_identity_token_file``): AssumeRole with the source
   profile's credentials;
3. web identity: ``web_identity_token_file`` and ``role_arn`` (``role_session_name``), each
   from ``AWS_WEB_IDENTITY_TOKEN_FILE``, ``AWS_ROLE_ARN``, ``AWS_ROLE_SESSION_NAME`` when set
   (not with ``--profile``), else from the profile: AssumeRoleWithWebIdentity, unsigned, with
   the token read from that file of the machine;
4. keys in the credentials file, then in the config file;
5. on an EC2 instance, the instance metadata service (the instance profile's role).
A role session's name defaults to ``botocore-session-EPOCH`` (the world's clock). A failed
AssumeRole* call is reported as that operation's error, as the CLI does.
"""

from __future__ import annotations

import posixpath

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


class ProviderError(Exception):
    """An STS call the credential chain made failed: reported as that operation's error."""

    def __init__(self, error: AwsError, operation: str):
        super().__init__(error.message)
        self.error = error
        self.operation = operation


WEB_IDENTITY_ENV = {"web_identity_token_file": "AWS_WEB_IDENTITY_TOKEN_FILE", "role_arn": "AWS_ROLE_ARN",
                    "role_session_name": "AWS_ROLE_SESSION_NAME"}
NO_WEB_IDENTITY_ROLE = ("The provided profile or the current environment is configured to assume role with web "
                        "identity but has no role ARN configured. Ensure that the profile has the role_arn"
                        "configuration set or the AWS_ROLE_ARN env var is set.")  # botocore's words, run together


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
        explicit = bool(options.get("profile"))
        if not explicit and env.get("AWS_ACCESS_KEY_ID") and env.get("AWS_SECRET_ACCESS_KEY"):
            return Credentials(env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"], env.get("AWS_SESSION_TOKEN"),
                               "env")
        if not explicit and (env.get("AWS_ACCESS_KEY_ID") or env.get("AWS_SECRET_ACCESS_KEY")):
            missing = "AWS_SECRET_ACCESS_KEY" if env.get("AWS_ACCESS_KEY_ID") else "AWS_ACCESS_KEY_ID"
            raise ConfigError(f"Partial credentials found in env, missing: {missing}", 255)
        name = self.profile_name(options)
        profile = self.require_profile(options)
        values = profile.values if profile is not None else {}
        if values.get("role_arn") and "web_identity_token_file" not in values:
            if not values.get("source_profile"):
                raise ConfigError("Partial credentials found in assume-role, missing: source_profile or "
                                  "credential_source", 255)
            return self._assume_profile_role(name, values, options)
        web = self._web_identity(values, use_env=not explicit, options=options)
        if web is not None:
            return web
        if values.get("aws_access_key_id") and values.get("aws_secret_access_key"):
            source = "shared-credentials-file" if profile.in_credentials else "config-file"
            return Credentials(values["aws_access_key_id"], values["aws_secret_access_key"],
                               values.get("aws_session_token"), source)
        instance = self.machine.instance_credentials()
        if instance is not None:
            return instance
        raise ConfigError(NO_CREDENTIALS, 253)

    def require_profile(self, options: dict):
        """The profile in use, None for a ``default`` that no file has; a named one must exist."""
        name = self.profile_name(options)
        profile = self.files.profile(name)
        if profile is None and name != "default":
            raise ConfigError(f"The config profile ({name}) could not be found", 255)
        return profile

    def _session_name(self, values: dict) -> str:
        return values.get("role_session_name") or f"botocore-session-{int(self.world.now().timestamp())}"

    def _sts(self, operation: str, params: dict, options: dict, who: Credentials | None = None) -> Credentials:
        """An AssumeRole* call of the chain; its credentials, or its error as that operation's."""
        caller = who if who is not None else self.gateway.anonymous()
        try:
            result = self.gateway.call(caller, "sts", operation, params, self.origin(options))
        except AwsError as exc:
            raise ProviderError(exc, operation) from None
        c = result["Credentials"]
        method = "assume-role" if operation == "AssumeRole" else "assume-role-with-web-identity"
        return Credentials(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"], method)

    def _assume_profile_role(self, name: str, values: dict, options: dict) -> Credentials:
        source = values["source_profile"]
        if source == name:
            raise ConfigError(f"Infinite loop in credential configuration detected. Attempting to load from profile "
                              f"{name} which has already been visited.", 255)
        source_creds = self.credentials({**options, "profile": source})
        params = {"RoleArn": values["role_arn"], "RoleSessionName": self._session_name(values)}
        if values.get("external_id"):
            params["ExternalId"] = values["external_id"]
        if values.get("duration_seconds"):
            params["DurationSeconds"] = int(values["duration_seconds"])
        return self._sts("AssumeRole", params, options, source_creds)

    def _web_identity(self, values: dict, use_env: bool, options: dict) -> Credentials | None:
        """botocore's AssumeRoleWithWebIdentityProvider: a variable wins over the profile's setting."""
        def setting(key: str) -> str | None:
            if use_env and WEB_IDENTITY_ENV[key] in self.env:
                return self.env[WEB_IDENTITY_ENV[key]]
            return values.get(key)

        token_file = setting("web_identity_token_file")
        if not token_file:
            return None
        role_arn = setting("role_arn")
        if not role_arn:
            raise ConfigError(NO_WEB_IDENTITY_ROLE, 255)
        # botocore opens the path as it is written: no ~ expansion, relative to the current folder
        path = token_file if token_file.startswith("/") else posixpath.join(self.machine.cwd, token_file)
        try:
            token = self.machine.read_text(posixpath.normpath(path))
        except OSError as exc:
            raise ConfigError(f"[Errno {exc.errno}] {exc.strerror or exc}: '{token_file}'", 255) from None
        params = {"RoleArn": role_arn, "RoleSessionName": setting("role_session_name") or self._session_name({}),
                  "WebIdentityToken": token}
        return self._sts("AssumeRoleWithWebIdentity", params, options)

    # -- requests -----------------------------------------------------------------------------------

    def call(self, service: str, operation: str, params: dict, options: dict) -> dict:
        """Send one API request, signed with the chain's credentials (unsigned with
        ``--no-sign-request``, and for the operations AWS serves unsigned, such as
        AssumeRoleWithWebIdentity or a user pool's SignUp: no credentials are looked for)."""
        if service not in GLOBAL_SERVICES and not self.region(options):
            raise ConfigError(NO_REGION, 253)
        origin = self.origin(options)
        if registry.lookup(service, operation).unsigned:
            self.require_profile(options)
            return self.gateway.call(self.gateway.anonymous(), service, operation, params, origin)
        if options.get("sign_request", True):
            return self.gateway.call(self.credentials(options), service, operation, params, origin)
        if service != "s3":  # only S3 accepts anonymous requests; the others want a signature
            raise AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403)
        return self.gateway.call(self.gateway.anonymous(), service, operation, params, origin)
