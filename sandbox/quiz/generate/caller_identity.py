"""Generated: what does ``aws sts get-caller-identity`` print for these credentials?

The question describes the credentials (an IAM user's access key, a role session from
AssumeRole, an EC2 instance's role, a web identity session, the root user). The right
answer is not written here: a scratch in-memory world is built with the same user, role,
paths and session name, the sandbox's STS answers ``GetCallerIdentity``, and its answer
(with the scratch world's random account id and unique ids replaced by the question's)
must equal exactly one option.
"""

from __future__ import annotations

import json
import random

from sandbox.quiz.generate.common import ACCOUNT, ROLES, USERS, attempts, key_id, unique_id
from sandbox.quiz.generate.kinds import KINDS, GenerationError
from sandbox.quiz.model import GENERATED, SINGLE, Option, Question
from sandbox.services import principals
from sandbox.services.gateway import Caller, Credentials, Gateway
from sandbox.services.seed import ensure_world
from sandbox.world import World

KIND = "caller-identity"
TOPICS = KINDS[KIND].topics
PATHS = ("/", "/", "/engineering/", "/app/", "/division/team/")
CREDENTIALS = ("user", "assume-role", "instance", "web-identity", "root")


def printed(identity: dict) -> str:
    """As the AWS CLI prints it (JSON, four-space indent)."""
    return json.dumps({"UserId": identity["UserId"], "Account": identity["Account"], "Arn": identity["Arn"]},
                      indent=4)


def _sandbox_answer(spec: dict) -> dict:
    """Ask the sandbox's own STS, in a scratch world, and translate its ids to the question's."""
    world = World(None)
    ensure_world(world)
    gateway = Gateway(world)
    root = Caller(principals.root_principal(world), "root")
    if spec["kind"] == "root":
        answer = gateway.call(root, "sts", "GetCallerIdentity", {})
    else:
        made = gateway.call(root, "iam", "CreateUser", {"UserName": spec["user"], "Path": spec["user_path"]})["User"]
        key = gateway.call(root, "iam", "CreateAccessKey", {"UserName": spec["user"]})["AccessKey"]
        creds = Credentials(key["AccessKeyId"], key["SecretAccessKey"])
        swap = {made["UserId"]: spec["user_id"]}
        if spec["kind"] != "user":
            trust = json.dumps({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": made["Arn"]}, "Action": "sts:AssumeRole"}]})
            role = gateway.call(root, "iam", "CreateRole", {"RoleName": spec["role"], "Path": spec["role_path"],
                                                             "AssumeRolePolicyDocument": trust})["Role"]
            swap[role["RoleId"]] = spec["role_id"]
            # EC2 names an instance's role session after the instance id, and a web identity
            # session carries the name the app passed; either way STS builds the same
            # assumed-role identity as for AssumeRole (STS API Reference, AssumedRoleUser)
            session = gateway.call(creds, "sts", "AssumeRole", {"RoleArn": role["Arn"],
                                                                 "RoleSessionName": spec["session"]})["Credentials"]
            creds = Credentials(session["AccessKeyId"], session["SecretAccessKey"], session["SessionToken"])
        answer = gateway.call(creds, "sts", "GetCallerIdentity", {})
        for theirs, ours in swap.items():
            answer = {k: v.replace(theirs, ours) for k, v in answer.items()}
    return {k: v.replace(world.account_id, ACCOUNT) for k, v in answer.items()}


def _spec(rng: random.Random) -> dict:
    kind = rng.choice(CREDENTIALS)
    name = rng.choice(USERS)
    spec = {"kind": kind, "user": name, "user_path": rng.choice(PATHS), "user_id": unique_id(rng, "AIDA"),
            "key": key_id(rng), "role": rng.choice(ROLES), "role_path": rng.choice(PATHS),
            "role_id": unique_id(rng, "AROA"), "temp_key": key_id(rng, "ASIA")}
    spec["session"] = {"assume-role": f"{name}-session", "web-identity": f"web-user-{rng.randrange(100, 999)}",
                       "instance": "i-0" + "".join(rng.choice("0123456789abcdef") for _ in range(16))}.get(kind, "")
    return spec


def _describe(spec: dict) -> str:
    user_arn = f"arn:aws:iam::{ACCOUNT}:user{spec['user_path']}{spec['user']}"
    role_arn = f"arn:aws:iam::{ACCOUNT}:role{spec['role_path']}{spec['role']}"
    kind = spec["kind"]
    if kind == "root":
        return (f"The root user of account {ACCOUNT} signs requests with an access key of its own (something AWS "
                "advises against) and runs aws sts get-caller-identity.")
    if kind == "user":
        return (f"IAM user {spec['user']} ({user_arn}, unique id {spec['user_id']}) runs aws sts get-caller-identity "
                f"with the access key {spec['key']} configured on the laptop.")
    role = f"the role {spec['role']} ({role_arn}, unique id {spec['role_id']})"
    if kind == "assume-role":
        return (f"IAM user {spec['user']} runs aws sts assume-role for {role} with --role-session-name "
                f"{spec['session']}, puts the temporary credentials ({spec['temp_key']}...) in a profile and runs "
                "aws sts get-caller-identity with that profile.")
    if kind == "instance":
        return (f"On the EC2 instance {spec['session']}, whose instance profile holds {role}, a script runs aws sts "
                "get-caller-identity; the CLI finds the role's credentials through the instance metadata service.")
    return (f"A web app signs a user in with Google, then calls AssumeRoleWithWebIdentity for {role} with the "
            f"session name {spec['session']}, and calls GetCallerIdentity with the credentials it gets back.")


def _distractors(spec: dict, right: dict) -> list[tuple[dict, str]]:
    a = ACCOUNT
    user_arn = f"arn:aws:iam::{a}:user{spec['user_path']}{spec['user']}"
    role_arn = f"arn:aws:iam::{a}:role{spec['role_path']}{spec['role']}"
    session = spec["session"]
    out: list[tuple[dict, str]] = []
    if spec["kind"] == "root":
        out += [({"UserId": spec["user_id"], "Arn": f"arn:aws:iam::{a}:user/root"},
                 "The root user is not an IAM user: its ARN is the account's, arn:aws:iam::ACCOUNT:root."),
                ({"UserId": spec["key"], "Arn": f"arn:aws:iam::{a}:root"},
                 "UserId is never an access key id; for the root user it is the account id."),
                ({"UserId": a, "Arn": f"arn:aws:sts::{a}:root"},
                 "The root user's ARN is an IAM ARN (arn:aws:iam::), not an STS one.")]
    elif spec["kind"] == "user":
        out += [({"UserId": spec["key"], "Arn": user_arn},
                 "UserId is the user's unique id (AIDA...), not the access key id (AKIA...)."),
                ({"UserId": spec["user_id"], "Arn": f"arn:aws:iam:us-east-1:{a}:user{spec['user_path']}{spec['user']}"},
                 "IAM is global: IAM ARNs have an empty region field."),
                ({"UserId": spec["user_id"], "Arn": f"arn:aws:sts::{a}:user/{spec['user']}"},
                 "A user's long-term key identifies the IAM user itself: an arn:aws:iam:: user ARN.")]
        if spec["user_path"] != "/":
            out.append(({"UserId": spec["user_id"], "Arn": f"arn:aws:iam::{a}:user/{spec['user']}"},
                        f"The user's ARN includes its path, {spec['user_path']}."))
    else:
        out += [({"UserId": spec["role_id"], "Arn": role_arn},
                 "Temporary credentials identify the role session (assumed-role/ROLE/SESSION), not the IAM role."),
                ({"UserId": f"{spec['temp_key']}:{session}", "Arn": f"arn:aws:sts::{a}:assumed-role/{spec['role']}/"
                  f"{session}"},
                 "UserId is the role's unique id (AROA...) and the session name, not the temporary key id (ASIA...)."),
                ({"UserId": f"{spec['role_id']}:{session}", "Arn": f"arn:aws:iam::{a}:assumed-role/{spec['role']}/"
                  f"{session}"},
                 "Assumed-role ARNs belong to STS: arn:aws:sts::, not arn:aws:iam::.")]
        if spec["kind"] == "assume-role":
            out.append(({"UserId": spec["user_id"], "Arn": user_arn},
                        ("The profile holds the role's temporary credentials, so the caller is the role session, "
                         "not the user who assumed it.")))
        if spec["role_path"] != "/":
            out.append(({"UserId": f"{spec['role_id']}:{session}",
                         "Arn": f"arn:aws:sts::{a}:assumed-role{spec['role_path']}{spec['role']}/{session}"},
                        "An assumed-role ARN leaves out the role's path: assumed-role/ROLE/SESSION."))
        if spec["kind"] == "instance":
            out.append(({"UserId": f"{spec['role_id']}:{spec['role']}",
                         "Arn": f"arn:aws:sts::{a}:assumed-role/{spec['role']}/{spec['role']}"},
                        "EC2 names the role session after the instance id."))
    return [({"Account": a, **d}, why) for d, why in out if {"Account": a, **d} != right]


def generate(seed: int) -> Question:
    rng = random.Random(seed)

    def build(r: random.Random):
        spec = _spec(r)
        right = _sandbox_answer(spec)
        wrong = r.sample(_distractors(spec, right), 3)
        return spec, right, wrong

    def verify(built) -> bool:
        _, right, wrong = built
        texts = [printed(right)] + [printed(d) for d, _ in wrong]
        return len(set(texts)) == 4

    try:
        spec, right, wrong = attempts(rng, build, verify)
    except ValueError as exc:  # fewer than three distractors: a bug in this module
        raise GenerationError(str(exc)) from None
    how = ("the account id" if spec["kind"] == "root" else "the user's unique id" if spec["kind"] == "user"
           else "the role's unique id and the session name")
    options = [Option(printed(right), f"Right. UserId is {how}; Arn is {right['Arn']}.", True)]
    options += [Option(printed(d), why) for d, why in wrong]
    rng.shuffle(options)
    return Question(
        id=f"gen-{KIND}-{seed}", kind=SINGLE, prompt=_describe(spec) + "\n\nWhat does it print?",
        topics=TOPICS, domain="roles" if spec["kind"] != "user" and spec["kind"] != "root" else "identities",
        difficulty="medium", options=tuple(options),
        explanation=("The sandbox's STS answered GetCallerIdentity for these credentials with:\n" + printed(right)
                     + "\nGetCallerIdentity needs no permission: it works even when a policy denies everything."),
        origin=GENERATED,
    )
