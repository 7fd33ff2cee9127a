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

from sandbox.policy.readonly import ReadOnly, freeze

DIRECT = "direct"
ROLE = "role"
ACCOUNT = "account"
_STRENGTH = {DIRECT: 3, ROLE: 2, ACCOUNT: 1, None: 0}

ACCOUNT_ID = re.compile(r"^\d{12}$")
_ROOT = re.compile(r"^arn:aws[\w-]*:iam::(\d{12}):root$")
_UNIQUE_ID = re.compile(r"^A[A-Z0-9]{15,127}$")
_IAM_ENTITY = re.compile(r"^arn:(aws[\w-]*):(iam|sts)::(\d{12}):(user|role|assumed-role|federated-user|root)(/.*)?$")


def stronger(a: str | None, b: str | None) -> str | None:
    return a if _STRENGTH[a] >= _STRENGTH[b] else b


class Principal:
    """The caller of a request, a value: equal and hashed by all but its tags.

    ``kind``: ``user``, ``assumed-role``, ``root``, ``federated-user``, ``service``,
    ``web-identity`` or ``anonymous``. (A plain class, not a frozen dataclass: it is defined
    at every start of every command, start-up time.)
    """

    __slots__ = ("arn", "kind", "account", "user_id", "role_arn", "role_id", "service", "provider", "canonical_id",
                 "tags")

    def __init__(self, arn: str, kind: str, account: str | None = None, user_id: str | None = None,
                 role_arn: str | None = None, role_id: str | None = None, service: str | None = None,
                 provider: str | None = None, canonical_id: str | None = None, tags: dict | None = None):
        setter = object.__setattr__
        setter(self, "arn", arn)
        setter(self, "kind", kind)
        setter(self, "account", account)
        setter(self, "user_id", user_id)
        setter(self, "role_arn", role_arn)
        setter(self, "role_id", role_id)
        setter(self, "service", service)
        setter(self, "provider", provider)
        setter(self, "canonical_id", canonical_id)
        setter(self, "tags", {} if tags is None else tags)

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"a Principal cannot be changed ({name})")

    def _key(self) -> tuple:
        return (self.arn, self.kind, self.account, self.user_id, self.role_arn, self.role_id, self.service,
                self.provider, self.canonical_id)

    def __eq__(self, other) -> bool:
        return self._key() == other._key() if type(other) is Principal else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Principal({self.arn!r}, {self.kind!r})"

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
    def from_arn(cls, arn: str, user_id: str | None = None) -> Principal:
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
    if _UNIQUE_ID.match(value):
        return ("id", value)
    return None


_SERVICE_PRINCIPAL = re.compile(r"^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$|^[a-z0-9-]+\.aws\.internal$")
_FEDERATED = re.compile(
    r"^(cognito-identity\.amazonaws\.com|accounts\.google\.com|graph\.facebook\.com|www\.amazon\.com"
    r"|arn:aws[\w-]*:iam::\d{12}:(oidc-provider|saml-provider)/.+)$"
)
_SETS = ("accounts", "arns", "roles", "ids", "services", "federated", "canonical")
_TYPE_OF_SET = {"accounts": "AWS", "arns": "AWS", "roles": "AWS", "ids": "AWS", "services": "Service",
                "federated": "Federated", "canonical": "CanonicalUser"}


def classify(ptype: str, value: str) -> tuple[str, str] | None:
    """Where a ``Principal`` entry goes in a block (``any`` or one of its sets), and under
    which key; ``None`` if it is not a valid principal of that type."""
    if ptype == "AWS":
        norm = normalize_aws_principal(value)
        if norm is None:
            return None
        kind, key = norm
        if kind == "any":
            return "any", key
        return {"account": "accounts", "arn": "arns", "role": "roles"}.get(kind, "ids"), key
    if ptype == "Service":
        if value == "*":
            return ("any", value)
        return ("services", value.lower()) if _SERVICE_PRINCIPAL.match(value) else None
    if ptype == "Federated":
        return ("federated", value) if _FEDERATED.match(value) else None
    if ptype == "CanonicalUser":
        return ("canonical", value) if value else None
    return None


class PrincipalBlock(ReadOnly):
    """A parsed ``Principal`` or ``NotPrincipal`` element (read-only: parsed policies are shared)."""

    __slots__ = ("any", "accounts", "arns", "roles", "ids", "services", "federated", "canonical", "raw")

    def __init__(self, raw, any: bool = False, **sets: frozenset[str]):
        self._fill(raw=freeze(raw), any=any, **{name: frozenset(sets.get(name, ())) for name in _SETS})

    @classmethod
    def build(cls, raw, entries) -> PrincipalBlock:
        """The block of ``(type, value)`` entries (``"*"`` for ``raw`` means everyone); entries
        that are not valid principals (see ``classify``) are left out."""
        sets: dict[str, set[str]] = {name: set() for name in _SETS}
        any_ = raw == "*"
        for ptype, value in entries:
            where = classify(ptype, value)
            if where is None:
                continue
            if where[0] == "any":
                any_ = True
            else:
                sets[where[0]].add(where[1])
        return cls(raw, any_, **sets)

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

    def named(self, most: int = 3) -> str:
        """What the block names, as policy types and values (for an explanation):
        ``Federated cognito-identity.amazonaws.com``."""
        if self.any:
            return "everyone (*)"
        names = [f"{_TYPE_OF_SET[where]} {value}" for where in _SETS for value in sorted(getattr(self, where))]
        more = f" and {len(names) - most} more" if len(names) > most else ""
        return ", ".join(names[:most]) + more if names else "no valid principal"

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
