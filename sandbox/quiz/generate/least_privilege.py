"""Generated: which of four policies grants least privilege for a task?

A task is a set of requests that must be allowed. The right policy allows all of them and
nothing else in a set of probe requests (other actions of the service, the same actions on
another resource, another service); each wrong policy is a mutation of it that either
fails the task or allows a probe. The engine evaluates every policy on every request, and
the question is kept only if exactly one policy passes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sandbox.policy import ALLOWED
from sandbox.quiz.generate.common import (
    ACCOUNT,
    BUCKETS,
    REGION,
    TABLES,
    USERS,
    attempts,
    document,
    identity_ref,
    judge,
    user,
)
from sandbox.quiz.generate.kinds import KINDS
from sandbox.quiz.model import GENERATED, SINGLE, Option, Question

KIND = "least-privilege"
TOPICS = KINDS[KIND].topics


@dataclass(frozen=True, slots=True)
class Task:
    text: str
    grants: tuple[tuple[tuple[str, ...], str], ...]  # (actions, resource) statements of the right policy
    requests: tuple[tuple[str, str], ...]  # must be allowed
    probes: tuple[tuple[str, str], ...]  # must be denied


def _tasks(rng: random.Random) -> list[Task]:
    bucket, other_bucket = rng.sample(BUCKETS, 2)
    table, other_table = rng.sample(TABLES, 2)
    prefix = rng.choice(["uploads", "incoming", "2024"])
    instance = "i-0" + "".join(rng.choice("0123456789abcdef") for _ in range(16))
    ddb = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table"
    ec2 = f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance"
    obj = f"arn:aws:s3:::{bucket}/report.csv"
    return [
        Task(f"read (download) the objects in the S3 bucket {bucket}",
             ((("s3:GetObject",), f"arn:aws:s3:::{bucket}/*"),),
             (("s3:GetObject", obj),),
             (("s3:PutObject", obj), ("s3:DeleteObject", obj), ("s3:GetObject", f"arn:aws:s3:::{other_bucket}/a.txt"),
              ("s3:ListBucket", f"arn:aws:s3:::{bucket}"), ("iam:CreateUser", "*"))),
        Task(f"list the S3 bucket {bucket} and download its objects",
             ((("s3:ListBucket",), f"arn:aws:s3:::{bucket}"), (("s3:GetObject",), f"arn:aws:s3:::{bucket}/*")),
             (("s3:ListBucket", f"arn:aws:s3:::{bucket}"), ("s3:GetObject", obj)),
             (("s3:PutObject", obj), ("s3:DeleteObject", obj), ("s3:ListBucket", f"arn:aws:s3:::{other_bucket}"),
              ("s3:GetObject", f"arn:aws:s3:::{other_bucket}/a.txt"), ("iam:CreateUser", "*"))),
        Task(f"upload files under the prefix {prefix}/ of the S3 bucket {bucket}, and nothing else",
             ((("s3:PutObject",), f"arn:aws:s3:::{bucket}/{prefix}/*"),),
             (("s3:PutObject", f"arn:aws:s3:::{bucket}/{prefix}/data.json"),),
             (("s3:PutObject", f"arn:aws:s3:::{bucket}/other/data.json"),
              ("s3:GetObject", f"arn:aws:s3:::{bucket}/{prefix}/data.json"),
              ("s3:DeleteObject", f"arn:aws:s3:::{bucket}/{prefix}/data.json"),
              ("s3:PutObject", f"arn:aws:s3:::{other_bucket}/{prefix}/data.json"), ("iam:CreateUser", "*"))),
        Task(f"read items (GetItem and Query) from the DynamoDB table {table}",
             ((("dynamodb:GetItem", "dynamodb:Query"), f"{ddb}/{table}"),),
             (("dynamodb:GetItem", f"{ddb}/{table}"), ("dynamodb:Query", f"{ddb}/{table}")),
             (("dynamodb:PutItem", f"{ddb}/{table}"), ("dynamodb:DeleteItem", f"{ddb}/{table}"),
              ("dynamodb:GetItem", f"{ddb}/{other_table}"), ("dynamodb:DeleteTable", f"{ddb}/{table}"),
              ("iam:CreateUser", "*"))),
        Task(f"start and stop the EC2 instance {instance}",
             ((("ec2:StartInstances", "ec2:StopInstances"), f"{ec2}/{instance}"),),
             (("ec2:StartInstances", f"{ec2}/{instance}"), ("ec2:StopInstances", f"{ec2}/{instance}")),
             (("ec2:TerminateInstances", f"{ec2}/{instance}"), ("ec2:StartInstances", f"{ec2}/i-0ffffffffffffffff"),
              ("ec2:RunInstances", f"{ec2}/*"), ("iam:CreateUser", "*"))),
    ]


def _statement(actions: tuple[str, ...] | list[str], resource: str) -> dict:
    return {"Effect": "Allow", "Action": list(actions) if len(actions) > 1 else actions[0], "Resource": resource}


def _mutations(rng: random.Random, task: Task) -> list[tuple[list[dict], str]]:
    """Wrong policies, each with why it is wrong."""
    grants = [list(g) for g in task.grants]
    service = task.grants[0][0][0].split(":")[0]
    out: list[tuple[list[dict], str]] = []

    def each(change) -> list[dict]:
        return [_statement(*change(actions, resource)) for actions, resource in grants]

    out.append((each(lambda a, r: ([f"{service}:*"], r)),
                (f"Too broad: {service}:* allows every {service} action on the resource, not only the ones the "
                 "task needs.")))
    out.append((each(lambda a, r: (a, "*")),
                "Too broad: Resource \"*\" allows the actions on every resource, not only the task's."))
    out.append(([{"Effect": "Allow", "Action": "*", "Resource": "*"}],
                "Far too broad: this is administrator access."))
    all_actions = [a for actions, _ in grants for a in actions]
    if len(all_actions) > 1:
        kept = all_actions[1:]
        out.append(([_statement(tuple(a for a in actions if a in kept) or actions, r) for actions, r in grants
                     if any(a in kept for a in actions)],
                    f"Too narrow: it leaves out {all_actions[0]}, which the task needs."))
    resources = [r for _, r in grants]
    if any(r.startswith("arn:aws:s3:::") and r.endswith("/*") for r in resources):
        out.append((each(lambda a, r: (a, r.removesuffix("/*"))),
                    ("Wrong resource: without /* the ARN names the bucket (or one exact object), so it matches "
                     "none of the objects the task uses.")))
    if any(r.startswith("arn:aws:s3:::") for r in resources):
        out.append((each(lambda a, r: (a, "arn:aws:s3:::*")),
                    "Too broad: arn:aws:s3:::* matches every bucket and every object, not only this bucket's."))
    out.append(([{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}],
                "Far too broad: NotAction with Allow grants everything except the listed services."))
    return out


def _first_failure(caller, task: Task, statements: list[dict]) -> str | None:
    """What the engine finds wrong with a policy for the task, or ``None`` if it is exactly right."""
    policy = [identity_ref(document(*statements), "candidate")]
    for action, resource in task.requests:
        judged = judge(caller, action, resource, identity=policy)
        if judged.outcome != ALLOWED:
            return f"The engine denies {action} on {resource}, which the task needs."
    for action, resource in task.probes:
        if judge(caller, action, resource, identity=policy).outcome == ALLOWED:
            return f"The engine allows {action} on {resource}, which the task does not need."
    return None


def generate(seed: int) -> Question:
    rng = random.Random(seed)
    caller = user(rng.choice(USERS))

    def build(r: random.Random):
        task = r.choice(_tasks(r))
        right = [_statement(actions, resource) for actions, resource in task.grants]
        wrong = r.sample(_mutations(r, task), 3)
        candidates = [(right, ("Right: it allows exactly the task's actions on the task's resources, and "
                               "nothing else."))] + wrong
        return task, candidates

    def verify(built) -> bool:
        task, candidates = built
        results = [_first_failure(caller, task, sts) is None for sts, _ in candidates]
        return results[0] and sum(results) == 1

    task, candidates = attempts(rng, build, verify)
    options = []
    for i, (sts, why) in enumerate(candidates):
        failure = _first_failure(caller, task, sts)
        options.append(Option(document(*sts), why + ("" if failure is None else f" {failure}"), i == 0))
    rng.shuffle(options)
    checks = "\n".join(f"  must be allowed: {a} on {r}" for a, r in task.requests)
    checks += "\n" + "\n".join(f"  must be denied:  {a} on {r}" for a, r in task.probes)
    return Question(
        id=f"gen-{KIND}-{seed}", kind=SINGLE,
        prompt=f"IAM user {caller.name} needs to {task.text}. Which identity-based policy grants least privilege "
               "for that task?",
        topics=TOPICS, domain="policies", difficulty="medium", options=tuple(options),
        explanation="The engine checked each policy against the task and against requests the task does not "
                    "need:\n" + checks, origin=GENERATED,
    )
