"""Random but realistic evaluation cases: an IAM user, one request (action, resource,
context keys) and the policies in play, built so that statements nearly match the request
as often as they match it (the near misses are what a learner must learn to read).

Used by the "predict the decision" and "which statement decided" questions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from sandbox.policy import PolicyRef
from sandbox.quiz.generate.common import (
    ACCOUNT,
    BUCKETS,
    REGION,
    TABLES,
    USERS,
    Judged,
    context_entry,
    document,
    identity_ref,
    judge,
    resource_ref,
    simulation_request,
    user,
)

INSTANCES = ("i-0a1b2c3d4e5f60718", "i-0fedcba9876543210")
KEYS = ("2024/q1.csv", "private/payroll.xlsx", "index.html", "raw/events.json")
POLICY_NAMES = ("TeamAccess", "ProjectPolicy", "Guardrails", "DataAccess")
BOUNDARY_NAME = "DeveloperBoundary"


@dataclass(frozen=True, slots=True)
class Target:
    """A kind of resource: its service, actions (with the verb prefixes policies use) and ARN."""

    service: str
    actions: tuple[str, ...]
    arn: str  # with {name}
    names: tuple[str, ...]


TARGETS = (
    Target("s3", ("GetObject", "PutObject", "DeleteObject"), "arn:aws:s3:::{name}", tuple(
        f"{b}/{k}" for b in BUCKETS[:4] for k in KEYS)),
    Target("s3", ("ListBucket",), "arn:aws:s3:::{name}", BUCKETS[:4]),
    Target("dynamodb", ("GetItem", "PutItem", "DeleteItem", "Query"),
           f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{{name}}", TABLES),
    Target("ec2", ("StartInstances", "StopInstances", "TerminateInstances"),
           f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{{name}}", INSTANCES),
)

# condition key: (policy condition that grants, values a request may carry (None: absent), type)
CONDITIONS = {
    "mfa": ({"Bool": {"aws:MultiFactorAuthPresent": "true"}}, ("true", "false", None), "boolean"),
    "no-mfa": ({"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}, ("true", "false", None), "boolean"),
    "ip": ({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, ("203.0.113.25", "198.51.100.7"), "ip"),
    "region": ({"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}, ("eu-west-1", "us-east-1"), "string"),
}
KEY_OF = {"mfa": "aws:MultiFactorAuthPresent", "no-mfa": "aws:MultiFactorAuthPresent", "ip": "aws:SourceIp",
          "region": "aws:RequestedRegion"}


@dataclass
class Case:
    caller: str
    action: str
    resource: str
    identity: list[tuple[str, str]]  # (policy name, document)
    boundary: str | None = None
    bucket_policy: str | None = None
    entries: list[dict] = field(default_factory=list)

    @property
    def bucket(self) -> str:
        return self.resource.split(":::", 1)[1].split("/", 1)[0]

    @property
    def principal(self):
        return user(self.caller)

    def refs(self) -> tuple[list[PolicyRef], list[PolicyRef] | None, PolicyRef | None]:
        identity = [identity_ref(text, name) for name, text in self.identity]
        boundary = [identity_ref(self.boundary, BOUNDARY_NAME)] if self.boundary else None
        bucket = resource_ref(self.bucket_policy, f"bucket policy of {self.bucket}") if self.bucket_policy else None
        return identity, boundary, bucket

    def judge(self) -> Judged:
        identity, boundary, bucket = self.refs()
        return judge(self.principal, self.action, self.resource, identity=identity, boundary=boundary,
                     resource_policy=bucket, entries=self.entries)

    def simulation(self) -> str:
        return simulation_request([t for _, t in self.identity], self.action, self.resource, self.principal.arn,
                                  boundary=[self.boundary] if self.boundary else None,
                                  resource_policy=self.bucket_policy, entries=self.entries)

    def describe(self) -> str:
        """The request and the policies, as the question shows them."""
        lines = [f"IAM user {self.caller} (account {ACCOUNT}) makes this request:",
                 f"  action:   {self.action}", f"  resource: {self.resource}"]
        shown = {e["ContextKeyName"]: e["ContextKeyValues"][0] for e in self.entries}
        if shown:
            lines.append("  context:  " + "; ".join(f"{k} = {v}" for k, v in shown.items()))
        if "aws:MultiFactorAuthPresent" not in shown:
            lines.append("  (signed with a long-term access key: aws:MultiFactorAuthPresent is not in the request)")
        lines.append("")
        lines.append("No service control policy or session policy applies. The policies in play:")
        for name, text in self.identity:
            lines += ["", f"Identity-based policy {name}, attached to {self.caller}:", text]
        if self.boundary:
            lines += ["", f"Permissions boundary {BOUNDARY_NAME}, set on {self.caller}:", self.boundary]
        if self.bucket_policy:
            lines += ["", f"Bucket policy of {self.bucket}:", self.bucket_policy]
        return "\n".join(lines)


def _action_pattern(rng: random.Random, target: Target, action: str) -> list[str]:
    verb = next((p for p in ("Get", "Put", "Delete", "List", "Start", "Stop", "Terminate", "Query") if
                 action.startswith(p)), action[:3])
    others = [a for a in target.actions if a != action]
    choices = [[f"{target.service}:{action}"], [f"{target.service}:{action}"], [f"{target.service}:*"],
               [f"{target.service}:{verb}*"], ["*"]]
    if others:
        other = rng.choice(others)
        choices += [[f"{target.service}:{other}"], [f"{target.service}:{other}", f"{target.service}:{action}"]]
    return rng.choice(choices)


def _resource_pattern(rng: random.Random, target: Target, name: str) -> str:
    base = target.arn.format(name=name)
    other = target.arn.format(name=rng.choice([n for n in target.names if n != name] or [name]))
    if "/" in name:  # an S3 object: bucket/*, or another bucket's objects
        bucket = name.split("/", 1)[0]
        prefix = name.rsplit("/", 1)[0] if name.count("/") else bucket
        choices = [base, f"arn:aws:s3:::{bucket}/*", f"arn:aws:s3:::{prefix}/*", f"arn:aws:s3:::{bucket}", other,
                   "*"]
    else:
        choices = [base, base, target.arn.format(name="*"), other, "*"]
    return rng.choice(choices)


def _statement(rng: random.Random, target: Target, action: str, name: str, effect: str, used: set[str]) -> dict:
    st: dict = {"Effect": effect}
    actions = _action_pattern(rng, target, action)
    if effect == "Allow" and rng.random() < 0.08:
        st["NotAction"] = ["iam:*"] if target.service != "iam" else ["s3:*"]
        st["Resource"] = "*"
    else:
        st["Action"] = actions if len(actions) > 1 else actions[0]
        st["Resource"] = _resource_pattern(rng, target, name)
    if rng.random() < 0.4:
        kind = rng.choice(["no-mfa", "ip", "region"] if effect == "Deny" else ["mfa", "ip", "region"])
        condition = CONDITIONS[kind][0]
        if effect == "Deny" and kind in ("ip", "region"):  # deny outside the network / region
            op, body = next(iter(condition.items()))
            condition = {("NotIpAddress" if op == "IpAddress" else "StringNotEquals"): body}
        st["Condition"] = condition
        used.add(kind)
    return st


def _sid(st: dict, taken: set[str]) -> str:
    acts = st.get("Action") or st.get("NotAction")
    first = acts[0] if isinstance(acts, list) else acts
    word = "Everything" if first == "*" else first.split(":", 1)[1].replace("*", "All") or "All"
    if "NotAction" in st:
        word = "AllButIam" if "iam:*" in st["NotAction"] else "AllButS3"
    sid = f"{st['Effect']}{word}" + ("WithCondition" if "Condition" in st else "")
    base, n = sid, 2
    while sid in taken:
        sid, n = f"{base}{n}", n + 1
    taken.add(sid)
    return sid



def build(rng: random.Random, *, boundary_chance: float = 0.2, bucket_chance: float = 0.25,
          statements: tuple[int, int] = (1, 4), sids: bool = False) -> Case:
    target = rng.choice(TARGETS)
    action = rng.choice(target.actions)
    name = rng.choice(target.names)
    resource = target.arn.format(name=name)
    caller = rng.choice(USERS)
    used: set[str] = set()
    taken: set[str] = set()
    count = rng.randint(*statements)
    sts = [_statement(rng, target, action, name, "Deny" if rng.random() < 0.3 else "Allow", used)
           for _ in range(count)]
    if sids:
        for st in sts:
            sid = _sid(st, taken)
            rest = dict(st)
            st.clear()
            st.update({"Sid": sid, **rest})
    split = rng.randint(1, len(sts)) if len(sts) > 1 and rng.random() < 0.4 else len(sts)
    names = rng.sample(POLICY_NAMES, 2)
    identity = [(names[0], document(*sts[:split]))]
    if split < len(sts):
        identity.append((names[1], document(*sts[split:])))
    case = Case(caller, f"{target.service}:{action}", resource, identity)
    if rng.random() < boundary_chance:
        case.boundary = document({"Effect": "Allow", "Action": _action_pattern(rng, target, action),
                                  "Resource": "*"})
    if target.service == "s3" and rng.random() < bucket_chance:
        bucket = resource.split(":::", 1)[1].split("/", 1)[0]
        principal = rng.choice([user(caller).arn, f"arn:aws:iam::{ACCOUNT}:root"])
        objects = f"arn:aws:s3:::{bucket}/*" if "/" in name else f"arn:aws:s3:::{bucket}"
        effect = "Deny" if rng.random() < 0.3 else "Allow"
        bst = {"Effect": effect, "Principal": {"AWS": principal},
               "Action": _action_pattern(rng, target, action), "Resource": objects}
        if effect == "Deny" or rng.random() < 0.3:
            kind = "no-mfa" if effect == "Deny" else rng.choice(["mfa", "ip"])
            bst["Condition"] = CONDITIONS[kind][0]
            used.add(kind)
        case.bucket_policy = document(bst)
    for kind in sorted(used):
        key = KEY_OF[kind]
        if any(e["ContextKeyName"] == key for e in case.entries):
            continue
        value = rng.choice(CONDITIONS[kind][1])
        if value is not None:
            case.entries.append(context_entry(key, value, CONDITIONS[kind][2]))
    return case
