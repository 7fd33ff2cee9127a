"""Generated: who can assume this role? A trust policy and four would-be callers (IAM users
with or without a policy of their own, in this account or another, AWS services, users of
web identity providers and Cognito identity pools). The engine evaluates each caller's
request (``sts:AssumeRole`` or ``sts:AssumeRoleWithWebIdentity`` on the role) with the
trust policy as the role's resource-based policy; the question is kept only if exactly
one caller is allowed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from sandbox.policy import ALLOWED, Principal
from sandbox.quiz.generate.common import (
    ACCOUNT,
    OTHER_ACCOUNT,
    REGION,
    ROLES,
    USERS,
    Judged,
    attempts,
    context_entry,
    document,
    identity_ref,
    judge,
    trust_ref,
    user,
)
from sandbox.quiz.generate.kinds import KINDS
from sandbox.quiz.model import GENERATED, SINGLE, Option, Question

KIND = "trust"
TOPICS = KINDS[KIND].topics
ASSUME = "sts:AssumeRole"
WEB = "sts:AssumeRoleWithWebIdentity"
GOOGLE, FACEBOOK, COGNITO = "accounts.google.com", "graph.facebook.com", "cognito-identity.amazonaws.com"


@dataclass(frozen=True)
class Caller:
    text: str
    principal: Principal
    action: str
    identity_allows: bool = False
    entries: list[dict] = field(default_factory=list)

    def judge(self, role_arn: str, trust: str) -> Judged:
        identity = []
        if self.identity_allows:
            identity = [identity_ref(document({"Effect": "Allow", "Action": ASSUME, "Resource": role_arn}),
                                     f"policy of {self.principal.name}")]
        return judge(self.principal, self.action, role_arn, identity=identity,
                     resource_policy=trust_ref(trust, "trust policy"), resource_account=ACCOUNT,
                     entries=self.entries)


def _iam_user(name: str, account: str, allows: bool) -> Caller:
    own = ("whose identity-based policy allows sts:AssumeRole on this role" if allows
           else "with no identity-based policy of their own")
    where = f"this account ({account})" if account == ACCOUNT else f"another account, {account}"
    return Caller(f"IAM user {name} in {where}, {own}", user(name, account), ASSUME, allows)


def _service(name: str, text: str) -> Caller:
    return Caller(text, Principal(name, "service", service=name), ASSUME)


def _web(provider: str, text: str, entries: list[dict]) -> Caller:
    return Caller(text, Principal(provider, "web-identity", provider=provider), WEB, entries=entries)


def _client_id(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789") for _ in range(12)) + "-" + "".join(
        rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(8)) + ".apps.googleusercontent.com"


def _pool_id(rng: random.Random) -> str:
    hexes = "0123456789abcdef"
    parts = ["".join(rng.choice(hexes) for _ in range(n)) for n in (8, 4, 4, 4, 12)]
    return f"{REGION}:" + "-".join(parts)


def _case(rng: random.Random) -> tuple[str, list[Caller]]:
    """A trust policy and candidate callers (the engine decides which may assume)."""
    a, b = rng.sample(USERS, 2)
    ec2 = _service("ec2.amazonaws.com", f"An EC2 instance in this account ({ACCOUNT}) whose instance profile holds "
                                        "the role")
    lam = _service("lambda.amazonaws.com", "A Lambda function in this account with the role as its execution role")
    template = rng.randrange(6)
    if template == 0:
        trust = document({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": ASSUME})
        return trust, [ec2, lam, _iam_user(a, ACCOUNT, True), _iam_user(b, OTHER_ACCOUNT, True)]
    if template == 1:
        trust = document({"Effect": "Allow", "Principal": {"AWS": user(a).arn}, "Action": ASSUME})
        return trust, [_iam_user(a, ACCOUNT, False), _iam_user(b, ACCOUNT, True), _iam_user(a, OTHER_ACCOUNT, True),
                       ec2]
    if template == 2:
        trust = document({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": ASSUME})
        return trust, [_iam_user(a, ACCOUNT, True), _iam_user(b, ACCOUNT, False), _iam_user(b, OTHER_ACCOUNT, True),
                       ec2]
    if template == 3:
        trust = document({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"},
                          "Action": ASSUME})
        return trust, [_iam_user(a, OTHER_ACCOUNT, True), _iam_user(b, OTHER_ACCOUNT, False),
                       _iam_user(b, ACCOUNT, True), lam]
    if template == 4:
        client, other = _client_id(rng), _client_id(rng)
        app = "".join(rng.choice("0123456789") for _ in range(15))
        trust = document({"Effect": "Allow", "Principal": {"Federated": GOOGLE}, "Action": WEB,
                          "Condition": {"StringEquals": {f"{GOOGLE}:aud": client}}})
        return trust, [
            _web(GOOGLE, f"A user signed in with Google to the app whose client id is {client}",
                 [context_entry(f"{GOOGLE}:aud", client)]),
            _web(GOOGLE, f"A user signed in with Google to another app, client id {other}",
                 [context_entry(f"{GOOGLE}:aud", other)]),
            _web(FACEBOOK, f"A user signed in with Facebook to the app {app}",
                 [context_entry(f"{FACEBOOK}:app_id", app)]),
            _iam_user(a, ACCOUNT, True),
        ]
    pool, other_pool = _pool_id(rng), _pool_id(rng)
    trust = document({"Effect": "Allow", "Principal": {"Federated": COGNITO}, "Action": WEB,
                      "Condition": {"StringEquals": {f"{COGNITO}:aud": pool},
                                    "ForAnyValue:StringLike": {f"{COGNITO}:amr": "authenticated"}}})

    def cognito(text: str, aud: str, amr: list[str]) -> Caller:
        return _web(COGNITO, text, [context_entry(f"{COGNITO}:aud", aud), {
            "ContextKeyName": f"{COGNITO}:amr", "ContextKeyValues": amr, "ContextKeyType": "stringList"}])

    return trust, [
        cognito(f"A signed-in (authenticated) identity of the identity pool {pool}", pool,
                ["authenticated", GOOGLE]),
        cognito(f"A guest (unauthenticated) identity of the identity pool {pool}", pool, ["unauthenticated"]),
        cognito(f"A signed-in identity of another identity pool, {other_pool}", other_pool,
                ["authenticated", GOOGLE]),
        _web(GOOGLE, "A user signed in with Google, calling STS with the Google ID token directly",
             [context_entry(f"{GOOGLE}:aud", _client_id(rng))]),
    ]


def _why(caller: Caller, judged: Judged) -> str:
    if judged.outcome == ALLOWED:
        return f"Right. {judged.decision.explain.summary() if judged.decision.explain else ''}".strip()
    return f"Cannot assume it. AWS says: {judged.decision.message}"


def generate(seed: int) -> Question:
    rng = random.Random(seed)
    role_name = rng.choice(ROLES)
    role_arn = f"arn:aws:iam::{ACCOUNT}:role/{role_name}"

    def verify(case) -> bool:
        trust, callers = case
        return sum(c.judge(role_arn, trust).outcome == ALLOWED for c in callers) == 1

    trust, callers = attempts(rng, _case, verify)
    rng.shuffle(callers)
    judged = [c.judge(role_arn, trust) for c in callers]
    options = tuple(Option(c.text, _why(c, j), j.outcome == ALLOWED) for c, j in zip(callers, judged, strict=True))
    winner = next(j for j in judged if j.outcome == ALLOWED)
    return Question(
        id=f"gen-{KIND}-{seed}", kind=SINGLE,
        prompt=(f"The role {role_name} ({role_arn}) has this trust policy:\n{trust}\n\n"
                "Which of these can assume the role?"),
        topics=TOPICS, domain="roles", difficulty="medium", options=options, explanation=winner.text,
        origin=GENERATED,
    )
