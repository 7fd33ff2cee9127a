"""Who makes a request and from where: the credentials presented, the request's origin
(machine, source IP, region, front end), and the principal they authenticate as."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sandbox.policy import Principal

CLI_USER_AGENT = "aws-cli/2.15.0 md/iam-sandbox"


@dataclass(frozen=True)
class Credentials:
    access_key_id: str
    secret_access_key: str
    session_token: str | None = None
    source: str = ""  # where the CLI found them (for `aws configure list`)


@dataclass
class Origin:
    """Where a request comes from."""

    machine: str = "laptop"
    source_ip: str = "203.0.113.10"
    region: str | None = "us-east-1"
    via: str = "cli"  # cli | console | scenario | imds | system
    user_agent: str = CLI_USER_AGENT
    instance_arn: str | None = None
    role_delivery: str | None = None
    secure: bool = True  # HTTPS (aws:SecureTransport)


@dataclass
class Caller:
    """An authenticated principal and how it authenticated."""

    principal: Principal
    kind: str  # user | root | assumed-role | service
    user: dict | None = None
    role: dict | None = None
    session: dict | None = None
    access_key_id: str | None = None
    mfa_present: bool | None = None  # None: not known for this kind of credential
    mfa_auth_time: datetime | None = None
    token_issue_time: datetime | None = None
    console: bool = False

    @property
    def arn(self) -> str:
        return self.principal.arn
