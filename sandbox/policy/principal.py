"""Who is asking, and whether a ``Principal``/``NotPrincipal`` element names them.

A request principal has several identities at once: an IAM user is itself and its
account; a role session is the session ARN, its role and the account. A ``Principal``
grant matches when it names any of them, and how directly it names them matters for
same-account evaluation (IAM User Guide, "Policy evaluation logic", resource-based
policies): a grant to the user or the session ARN stands on its own, a grant to the role
ARN is still limited by the boundary and the session policy, and a grant to the account
only delegates to the account's own identity-based policies.

``NotPrincipal`` applies unless every identity of the principal is listed, which is why
AWS's examples list the session, the role and the account together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DIRECT = "direct"
ROLE = "role"
ACCOUNT = "account"
_STRENGTH = {DIRECT: 3, ROLE: 2, ACCOUNT: 1, None: 0}

ACCOUNT_ID = re.compile(r"^\d{12}$")
_ROOT = re.compile(r"^arn:aws[\w-]*:iam::(\d{12}):root$")
_IAM_ENTITY = re.compile(r"^arn:(aws[\w-]*):(iam|sts)::(\d{12}):(user|role|assumed-role|federated-user|root)(/.*)?$")


def stronger(a: str | None, b: str | None) -> str | None:
    return a if _STRENGTH[a] >= _STRENGTH[b] else b


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of a request.

    ``kind``: ``user``, ``assumed-role``, ``root``, ``federated-user``, ``service``,
    ``web-identity`` or ``anonymous``.
    """

    arn: str
    kind: str
    account: str | None = None
    user_id: str | None = None
    role_arn: str | None = None
    role_id: str | None = None
    service: str | None = None
    provider: str | None = None
    canonical_id: str | None = None
    tags: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def principal_type(self) -> str:
        """The value AWS puts in ``aws:PrincipalType``."""
        return {
            "user": "User",
            "assumed-role": "AssumedRole",
            "root": "Account",
            "federated-user": "FederatedUser",
            "web-identity": "WebIdentityUser",
            "service": "Service",
            "anonymous": "Anonymous",
        }[self.kind]

    @property
    def name(self) -> str:
        if self.kind in ("user", "federated-user"):
            return self.arn.rsplit("/", 1)[-1]
        if self.kind == "assumed-role":
            return self.arn.rsplit("/", 1)[-1]
        return self.arn

    @classmethod
    def from_arn(cls, arn: str, user_id: str | None = None) -> "Principal":
        """A principal from an ARN as the simulator's ``CallerArn`` gives it."""
        m = _IAM_ENTITY.match(arn)
        if not m:
            raise ValueError(f"not a principal ARN: {arn}")
        partition, _svc, account, kind, rest = m.groups()
        rest = rest or ""
        if kind == "root":
            return cls(arn, "root", account, user_id or account)
        if kind == "user":
            return cls(arn, "user", account, user_id)
        if kind == "assumed-role":
            parts = rest.strip("/").split("/")
            role_name = parts[0] if parts else ""
            role_arn = f"arn:{partition}:iam::{account}:role/{role_name}"
            return cls(arn, "assumed-role", account, user_id, role_arn=role_arn)
        if kind == "federated-user":
            return cls(arn, "federated-user", account, user_id)
        # a role ARN given as caller: treat it as a session of that role
        name = rest.rsplit("/", 1)[-1]
        session = f"arn:{partition}:sts::{account}:assumed-role/{name}/simulated-session"
        return cls(session, "assumed-role", account, user_id, role_arn=arn)

    def identities(self) -> list[tuple[str, str]]:
        """``[(kind, value)]`` of every identity this principal has, most specific first."""
        out: list[tuple[str, str]] = []
        if self.kind == "service":
            return [("service", self.service or self.arn)]
        if self.kind == "web-identity":
            return [("federated", self.provider or self.arn)]
        if self.kind == "anonymous":
            return [("anonymous", "*")]
        if self.kind != "root":
            out.append(("arn", self.arn))
        if self.role_arn:
            out.append(("role", self.role_arn))
        if self.account:
            out.append(("account", self.account))
        return out


def normalize_aws_principal(value: str) -> tuple[str, str] | None:
    """``(kind, key)`` for an ``AWS`` principal value, ``None`` if it is not a valid one.

    kinds: ``any`` (``*``), ``account`` (id), ``arn`` (user/session/federated ARN),
    ``role`` (role ARN), ``id`` (a unique id such as AIDA…, as IAM rewrites ARNs of
    deleted principals).
    """
    if value == "*":
        return ("any", "*")
    if ACCOUNT_ID.match(value):
        return ("account", value)
    m = _ROOT.match(value)
    if m:
        return ("account", m.group(1))
    m = _IAM_ENTITY.match(value)
    if m:
        kind = m.group(4)
        if kind == "role":
            return ("role", value)
        if kind in ("user", "assumed-role", "federated-user") and m.group(5) and len(m.group(5)) > 1:
            return ("arn", value)
        return None
    if re.match(r"^A[A-Z0-9]{15,127}$", value):
        return ("id", value)
    return None


class PrincipalBlock:
    """A parsed ``Principal`` or ``NotPrincipal`` element."""

    __slots__ = ("any", "accounts", "arns", "roles", "ids", "services", "federated", "canonical", "raw")

    def __init__(self, raw):
        self.raw = raw
        self.any = False
        self.accounts: set[str] = set()
        self.arns: set[str] = set()
        self.roles: set[str] = set()
        self.ids: set[str] = set()
        self.services: set[str] = set()
        self.federated: set[str] = set()
        self.canonical: set[str] = set()

    def add_aws(self, value: str) -> bool:
        norm = normalize_aws_principal(value)
        if norm is None:
            return False
        kind, key = norm
        if kind == "any":
            self.any = True
        elif kind == "account":
            self.accounts.add(key)
        elif kind == "arn":
            self.arns.add(key)
        elif kind == "role":
            self.roles.add(key)
        else:
            self.ids.add(key)
        return True

    def grant(self, p: Principal) -> str | None:
        """How directly this block names ``p``: DIRECT, ROLE, ACCOUNT or None."""
        if self.any:
            return DIRECT
        if p.kind == "service":
            return DIRECT if (p.service or "").lower() in self.services else None
        if p.kind == "web-identity":
            return DIRECT if p.provider in self.federated else None
        if p.kind == "anonymous":
            return None
        if p.canonical_id and p.canonical_id in self.canonical:
            return DIRECT
        if p.arn in self.arns or (p.user_id and p.user_id in self.ids):
            return DIRECT
        if p.role_arn and (p.role_arn in self.roles or (p.role_id and p.role_id in self.ids)):
            return ROLE
        if p.account and p.account in self.accounts:
            return DIRECT if p.kind == "root" else ACCOUNT
        return None

    def lists_every_identity(self, p: Principal) -> bool:
        """For ``NotPrincipal``: True when every identity of ``p`` is listed (so it is excluded)."""
        if self.any:
            return True
        for kind, value in p.identities():
            if kind == "arn" and not (value in self.arns or (p.user_id and p.user_id in self.ids)):
                return False
            if kind == "role" and value not in self.roles:
                return False
            if kind == "account" and value not in self.accounts:
                return False
            if kind == "service" and value.lower() not in self.services:
                return False
            if kind == "federated" and value not in self.federated:
                return False
            if kind == "anonymous":
                return False
        return True
