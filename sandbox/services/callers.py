"""Who makes a request and from where: the credentials presented, the request's origin
(machine, source IP, region, front end), and the principal they authenticate as."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sandbox.policy import Principal

CLI_USER_AGENT = "aws-cli/2.15.0 md/iam-sandbox"

# These are defined at every start of every command: a named tuple and two plain classes
# rather than dataclasses, which import ``inspect`` and compile their methods (start-up time).


class Credentials(NamedTuple):
    access_key_id: str
    secret_access_key: str
    session_token: str | None = None
    source: str = ""  # where the CLI found them (for `aws configure list`)


class Origin:
    """Where a request comes from."""

    __slots__ = ("machine", "source_ip", "region", "via", "user_agent", "instance_arn", "role_delivery", "secure")

    def __init__(self, machine: str = "laptop", source_ip: str = "203.0.113.10", region: str | None = "us-east-1",
                 via: str = "cli", user_agent: str = CLI_USER_AGENT, instance_arn: str | None = None,
                 role_delivery: str | None = None, secure: bool = True):
        self.machine = machine
        self.source_ip = source_ip
        self.region = region
        self.via = via  # cli | console | scenario | imds | system
        self.user_agent = user_agent
        self.instance_arn = instance_arn
        self.role_delivery = role_delivery
        self.secure = secure  # HTTPS (aws:SecureTransport)

    def replace(self, **changes) -> Origin:
        """A copy with ``changes``."""
        return Origin(**{name: changes.pop(name, getattr(self, name)) for name in self.__slots__}, **changes)

    def __repr__(self) -> str:
        return f"Origin({self.machine!r}, {self.source_ip!r}, region={self.region!r}, via={self.via!r})"


class Caller:
    """An authenticated principal and how it authenticated."""

    __slots__ = ("principal", "kind", "user", "role", "session", "access_key_id", "mfa_present", "mfa_auth_time",
                 "token_issue_time", "console")

    def __init__(self, principal: Principal, kind: str, user: dict | None = None, role: dict | None = None,
                 session: dict | None = None, access_key_id: str | None = None, mfa_present: bool | None = None,
                 mfa_auth_time: datetime | None = None, token_issue_time: datetime | None = None,
                 console: bool = False):
        self.principal = principal
        self.kind = kind  # user | root | assumed-role | service
        self.user = user
        self.role = role
        self.session = session
        self.access_key_id = access_key_id
        self.mfa_present = mfa_present  # None: not known for this kind of credential
        self.mfa_auth_time = mfa_auth_time
        self.token_issue_time = token_issue_time
        self.console = console

    def __repr__(self) -> str:
        return f"Caller({self.principal.arn!r}, {self.kind!r})"

    @property
    def arn(self) -> str:
        return self.principal.arn
