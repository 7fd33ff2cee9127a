"""The predicates a scenario step can check, judged on the result, never on the commands
typed: any route that reaches the goal passes.

Each predicate is a TOML table under ``check``; ``all``, ``any`` and ``not`` combine
them. ``decision`` asks the policy engine now, with the live policies; ``event`` looks
at the decisions made since the step began.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sandbox.scenarios.model import Check
from sandbox.services import events
from sandbox.services.events import DecisionEvent
from sandbox.world import fs


class CheckError(ValueError):
    """A check table that does not follow the schema (names the field)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass
class Spec:
    required: tuple[str, ...]
    optional: tuple[str, ...]
    fn: Callable
    describe: Callable[[dict], str]


_REGISTRY: dict[str, Spec] = {}


def predicate(name: str, required: tuple = (), optional: tuple = (), describe: Callable[[dict], str] | None = None):
    def register(fn):
        _REGISTRY[name] = Spec(tuple(required), tuple(optional), fn, describe or (lambda a: name.replace("_", " ")))
        return fn

    return register


def names() -> list[str]:
    return sorted(_REGISTRY) + ["all", "any", "not"]


# -- parsing --------------------------------------------------------------------------------------

MAX_DEPTH = 8  # all / any / not inside each other


def parse_check(data, where: str = "check", depth: int = 0) -> Check:
    """A ``Check`` from a TOML table; raises ``CheckError`` naming the bad field. Every
    field's type and form is checked here, so that a check that loads never fails when it
    is judged."""
    if depth > MAX_DEPTH:
        raise CheckError(where, f"checks nest more than {MAX_DEPTH} deep (all, any and not inside each other)")
    if not isinstance(data, dict) or not data:
        raise CheckError(where, "a check is a table with one predicate, such as { user_exists = \"bob\" }")
    text = ""
    if "text" in data:
        text = data["text"]
        if not isinstance(text, str):
            raise CheckError(f"{where}.text", "must be a string")
        data = {k: v for k, v in data.items() if k != "text"}
    if len(data) != 1:
        raise CheckError(where, f"exactly one predicate per table (found {', '.join(sorted(data)) or 'none'}); "
                                "combine several with all = [...]")
    kind, args = next(iter(data.items()))
    if kind in ("all", "any"):
        if not isinstance(args, list) or not args:
            raise CheckError(f"{where}.{kind}", "must be a non-empty list of checks")
        children = [parse_check(item, f"{where}.{kind}[{i}]", depth + 1) for i, item in enumerate(args)]
        return Check(kind, children, text)
    if kind == "not":
        return Check(kind, parse_check(args, f"{where}.not", depth + 1), text)
    spec = _REGISTRY.get(kind)
    if spec is None:
        raise CheckError(f"{where}.{kind}", f"unknown predicate; known ones: {', '.join(names())}")
    if isinstance(args, str) and len(spec.required) == 1:
        args = {spec.required[0]: args}
    if not isinstance(args, dict):
        raise CheckError(f"{where}.{kind}", f"needs a table with {', '.join(spec.required)}")
    for key in spec.required:
        if key not in args:
            raise CheckError(f"{where}.{kind}.{key}", "is required")
    for key in args:
        if key not in spec.required + spec.optional:
            allowed = ", ".join(spec.required + spec.optional)
            raise CheckError(f"{where}.{kind}.{key}", f"unknown field; allowed: {allowed}")
    for key, value in args.items():
        wrong = _field_problem(kind, key, value)
        if wrong:
            raise CheckError(f"{where}.{kind}.{key}", wrong)
    return Check(kind, args, text or spec.describe(args))


# -- what each field of a predicate may hold ---------------------------------------------------------

_ACTION = re.compile(r"^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$")
_ENTITY = re.compile(r"^(user|group|role):[\w+=,.@-]{1,128}$")
_PRINCIPAL = re.compile(r"^(root|(user|role|service):[\w+=,.@-]{1,128}|web:[\w:/.@-]{1,256}"
                        r"|arn:aws:[a-z0-9-]+::(\d{12}|\$\{account\}):\S+)$")
_COMPARISON = re.compile(r"^\s*(>=|<=|>|<|==)?\s*-?\d{1,6}(\.\d+)?\s*$")
_CHOICES = {
    "expect": ("allowed", "denied", "explicitDeny", "implicitDeny"),
    "decision": ("allowed", "denied", "explicitDeny", "implicitDeny", "failed"),
    "kind": ("user", "group", "role", "bucket", "instance_profile", "access_key", "mfa", "policy", "inline"),
    "state": ("pending", "running", "stopping", "stopped", "shutting-down", "terminated"),
}
_BOOLS = {"has_key", "has_password", "present", "none", "used", "success", "RequireSymbols", "RequireNumbers",
          "RequireUppercaseCharacters", "RequireLowercaseCharacters", "AllowUsersToChangePassword", "HardExpiry",
          "guests", "classic", "secret"}
_COUNTS = {"total": (0, 2), "active": (0, 2), "inactive": (0, 2), "min_total": (0, 2), "count": (0, 2),
           "min_versions": (1, 5)}
_POLICY_NUMBERS = {"MinimumPasswordLength", "MaxPasswordAge", "PasswordReusePrevention", "precedence", "minutes"}


def _field_problem(kind: str, key: str, value) -> str | None:
    """What is wrong with ``value`` for the field ``key`` of the predicate ``kind``, or None."""
    if key in _BOOLS:
        return None if isinstance(value, bool) else "must be true or false"
    if key in _COUNTS:
        low, high = _COUNTS[key]
        ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        return None if ok else f"must be a whole number from {low} to {high}"
    if key in _POLICY_NUMBERS:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10000:
            return None
        if isinstance(value, str) and _COMPARISON.match(value):
            return None
        return "must be a whole number, or a comparison such as \">= 8\""
    if key == "allows":
        actions = [value] if isinstance(value, str) else value
        if isinstance(actions, list) and actions and all(isinstance(a, str) and _ACTION.match(a) for a in actions):
            return None
        return "must be an action such as \"s3:GetObject\", or a list of them"
    if key == "context":
        if isinstance(value, dict) and all(isinstance(k, str) and _context_value(v) for k, v in value.items()):
            return None
        return "must be a table of condition keys and their values (strings, numbers, true/false, or lists of them)"
    if not isinstance(value, str):
        return "must be a string"
    if key in _CHOICES:
        choices = _CHOICES[key]
        return None if value in choices else f"must be one of {', '.join(choices)}"
    if key == "action" and not _ACTION.match(value):
        return "must be an action such as \"s3:GetObject\""
    if key in ("to", "on") and not _ENTITY.match(value):
        return "must name an identity, such as \"user:bob\", \"group:Admins\" or \"role:R\""
    if key == "principal" and not _PRINCIPAL.match(value):
        return "must be root, user:NAME, role:NAME, service:NAME, web:PROVIDER@APP or an ARN"
    if key == "path" and (not value.strip() or "\x00" in value or len(value) > 1024):
        return "must be a path on the machine (/..., ~/..., or relative to the home folder)"
    if not value.strip() and key in ("name", "user", "group", "role", "bucket", "key", "who", "instance", "machine"):
        return "must not be empty"
    return None


def _context_value(value) -> bool:
    if isinstance(value, list):
        return bool(value) and all(_context_value(v) and not isinstance(v, list) for v in value)
    return isinstance(value, (str, bool, int)) and not (isinstance(value, int) and abs(value) > 2**53)


def describe(check: Check) -> str:
    if check.text:
        return check.text
    if check.kind in ("all", "any"):
        joiner = " and " if check.kind == "all" else " or "
        return joiner.join(describe(c) for c in check.args)
    if check.kind == "not":
        return "not " + describe(check.args)
    return _REGISTRY[check.kind].describe(check.args)


# -- evaluation -------------------------------------------------------------------------------------

class Context:
    """What a check can see: the world, a gateway, and the step's first event number."""

    def __init__(self, gateway, since_seq: int = 0):
        self.gateway = gateway
        self.world = gateway.world
        self.since_seq = since_seq
        self._events: list[DecisionEvent] | None = None

    def events(self) -> list[DecisionEvent]:
        if self._events is None:
            self._events = [e for e in events.since(self.world, self.since_seq) if e.source != "setup"]
        return self._events


def _expand(value, account: str):
    """``${account}`` in check values stands for the world's account id."""
    if isinstance(value, str):
        return value.replace("${account}", account)
    if isinstance(value, dict):
        return {k: _expand(v, account) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, account) for v in value]
    return value


def evaluate(check: Check, ctx: Context) -> bool:
    if check.kind == "all":
        return all(evaluate(c, ctx) for c in check.args)
    if check.kind == "any":
        return any(evaluate(c, ctx) for c in check.args)
    if check.kind == "not":
        return not evaluate(check.args, ctx)
    with ctx.world.reading():
        return bool(_REGISTRY[check.kind].fn(ctx, _expand(check.args, ctx.world.account_id)))


# -- the predicates ---------------------------------------------------------------------------------

def _entity(ctx: Context, spec: str) -> tuple[str, dict | None]:
    """``user:bob`` / ``group:G`` / ``role:R`` → (kind, row)."""
    kind, _, name = spec.partition(":")
    table = {"user": "users", "group": "groups", "role": "roles"}.get(kind)
    if table is None:
        return kind, None
    return kind, ctx.world[table].get(name)


def _policy_matches(arn: str, wanted: str) -> bool:
    return arn == wanted or arn.rsplit("/", 1)[-1] == wanted


@predicate("user_exists", ("name",), ("in_group", "has_key", "has_password"),
           lambda a: f"user {a['name']} exists")
def _user_exists(ctx, a):
    user = ctx.world["users"].get(a["name"])
    if user is None:
        return False
    if "in_group" in a and a["in_group"] not in user.get("Groups", []):
        return False
    if "has_key" in a and bool(_keys(ctx, user["UserName"])) != a["has_key"]:
        return False
    if "has_password" in a and bool(user.get("LoginProfile")) != a["has_password"]:
        return False
    return True


def _simple_exists(table: str, label: str):
    def fn(ctx, a):
        return ctx.world[table].get(a["name"]) is not None
    return fn, (lambda a: f"{label} {a['name']} exists")


for _name, _table, _label in (("group_exists", "groups", "group"), ("role_exists", "roles", "role"),
                              ("instance_profile_exists", "instance_profiles", "instance profile"),
                              ("bucket_exists", "buckets", "bucket")):
    _fn, _desc = _simple_exists(_table, _label)
    predicate(_name, ("name",), (), _desc)(_fn)


@predicate("instance_profile_holds", ("role",), (), lambda a: f"an instance profile holds the role {a['role']}")
def _instance_profile_holds(ctx, a):
    """Whatever the profile is called: the console names it after the role, a learner may not."""
    return any(a["role"] in p.get("Roles", []) for p in ctx.world["instance_profiles"].all())


@predicate("policy_exists", ("name",), ("min_versions", "allows"),
           lambda a: f"customer managed policy {a['name']} exists")
def _policy_exists(ctx, a):
    row = next((p for p in ctx.world["policies"].all() if p["PolicyName"] == a["name"]), None)
    if row is None:
        return False
    if "min_versions" in a and len(row["Versions"]) < int(a["min_versions"]):
        return False
    if "allows" in a:
        from sandbox.policy import PolicyRef, Principal, RequestContext  # start-up time: the evaluator, for this check
        from sandbox.policy import evaluate as decide  # start-up time
        from sandbox.policy.evaluate import Authorization  # start-up time
        from sandbox.services.principals import managed_policy, parsed  # start-up time

        doc = parsed(managed_policy(ctx.world, row["Arn"])["DocumentText"])

        principal = Principal(f"arn:aws:iam::{ctx.world.account_id}:user/check", "user", ctx.world.account_id)
        for action in ([a["allows"]] if isinstance(a["allows"], str) else a["allows"]):
            auth = Authorization(principal, action, "*", RequestContext({}), identity=[PolicyRef(doc, "p")])
            if not decide(auth).allowed:
                return False
    return True


@predicate("gone", ("kind", "name"), (), lambda a: f"{a['kind']} {a['name']} no longer exists")
def _gone(ctx, a):
    table = {"user": "users", "group": "groups", "role": "roles", "bucket": "buckets",
             "instance_profile": "instance_profiles", "access_key": "access_keys", "mfa": "mfa_devices"}.get(a["kind"])
    if a["kind"] == "policy":
        return not any(p["PolicyName"] == a["name"] for p in ctx.world["policies"].all())
    if a["kind"] == "inline":
        owner, _, name = a["name"].rpartition(":")
        _, row = _entity(ctx, owner)
        return row is None or name not in (row.get("InlinePolicies") or {})
    if table is None:
        raise CheckError("gone.kind", f"unknown kind {a['kind']}")
    return ctx.world[table].get(a["name"]) is None


@predicate("member", ("user", "group"), (), lambda a: f"{a['user']} is in group {a['group']}")
def _member(ctx, a):
    user = ctx.world["users"].get(a["user"])
    return bool(user) and a["group"] in user.get("Groups", [])


@predicate("attached", ("to", "policy"), (), lambda a: f"{a['policy']} is attached to {a['to']}")
def _attached(ctx, a):
    _, row = _entity(ctx, a["to"])
    return bool(row) and any(_policy_matches(arn, a["policy"]) for arn in row.get("AttachedPolicies", []))


@predicate("inline", ("on", "name"), ("allows",), lambda a: f"{a['on']} has the inline policy {a['name']}")
def _inline(ctx, a):
    _, row = _entity(ctx, a["on"])
    return bool(row) and a["name"] in (row.get("InlinePolicies") or {})


@predicate("boundary", ("on",), ("policy",), lambda a: f"{a['on']} has a permissions boundary")
def _boundary(ctx, a):
    _, row = _entity(ctx, a["on"])
    arn = ((row or {}).get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    return bool(arn) and ("policy" not in a or _policy_matches(arn, a["policy"]))


def _keys(ctx, user: str) -> list[dict]:
    return [k for k in ctx.world["access_keys"].all() if k.get("UserName") == user]


@predicate("newest_key_used", ("user",), (), lambda a: f"{a['user']}'s newest access key has been used")
def _newest_used(ctx, a):
    keys = _keys(ctx, a["user"])  # the table keeps rows in creation order
    return bool(keys) and bool((keys[-1].get("LastUsed") or {}).get("LastUsedDate"))


@predicate("access_keys", ("user",), ("total", "active", "inactive", "min_total", "used"),
           lambda a: f"{a['user']} has the expected access keys")
def _access_keys(ctx, a):
    keys = _keys(ctx, a["user"])
    active = [k for k in keys if k["Status"] == "Active"]
    checks = {"total": len(keys), "active": len(active), "inactive": len(keys) - len(active)}
    for key, value in checks.items():
        if key in a and value != int(a[key]):
            return False
    if "min_total" in a and len(keys) < int(a["min_total"]):
        return False
    if "used" in a and a["used"] and not any((k.get("LastUsed") or {}).get("LastUsedDate") for k in active):
        return False
    return True


@predicate("mfa_enabled", ("who",), (), lambda a: f"MFA is enabled for {a['who']}")
def _mfa(ctx, a):
    if a["who"] == "root":
        return bool((ctx.world.meta.get("root") or {}).get("MFASerial"))
    user = ctx.world["users"].get(a["who"])
    return bool(user and user.get("MFADevices"))


@predicate("root_access_keys", ("count",), (), lambda a: f"the root user has {a['count']} access key(s)")
def _root_keys(ctx, a):
    return sum(1 for k in ctx.world["access_keys"].all() if k["Owner"] == "root") == int(a["count"])


_CMP = re.compile(r"^\s*(>=|<=|>|<|==)?\s*(.+)$")


def _compare(actual, wanted) -> bool:
    if isinstance(wanted, bool) or not isinstance(wanted, str):
        return actual == wanted
    m = _CMP.match(wanted)
    op, value = m.group(1) or "==", m.group(2)
    try:
        a, v = float(actual or 0), float(value)
    except (TypeError, ValueError):
        return str(actual) == value
    return {">=": a >= v, "<=": a <= v, ">": a > v, "<": a < v, "==": a == v}[op]


@predicate("password_policy", (), ("MinimumPasswordLength", "RequireSymbols", "RequireNumbers",
                                   "RequireUppercaseCharacters", "RequireLowercaseCharacters", "MaxPasswordAge",
                                   "PasswordReusePrevention", "AllowUsersToChangePassword", "HardExpiry"),
           lambda a: "the account password policy is set" + (
               " (" + ", ".join(f"{k} {v}" for k, v in a.items()) + ")" if a else ""))
def _password_policy(ctx, a):
    policy = ctx.world.meta.get("password_policy")
    if not policy:
        return False
    return all(_compare(policy.get(k), v) for k, v in a.items())


@predicate("login_profile", ("user",), ("present",), lambda a: f"{a['user']} can sign in to the console")
def _login(ctx, a):
    user = ctx.world["users"].get(a["user"])
    return bool(user) and bool(user.get("LoginProfile")) == a.get("present", True)


def _instance(ctx, name: str) -> dict | None:
    for row in ctx.world["instances"].all():
        if row["InstanceId"] == name or row.get("Name") == name:
            return row
    return None


@predicate("instance_role", ("instance",), ("role", "none"), lambda a: (
    f"instance {a['instance']} has the role {a['role']}" if "role" in a else f"instance {a['instance']} has no role"))
def _instance_role(ctx, a):
    row = _instance(ctx, a["instance"])
    if row is None:
        return False
    ref = row.get("IamInstanceProfile")
    if not ref:
        return bool(a.get("none"))
    profile = next((p for p in ctx.world["instance_profiles"].all() if p["Arn"] == ref["Arn"]), None)
    roles = (profile or {}).get("Roles") or []
    return not a.get("none") and bool(roles) and roles[0] == a.get("role")


@predicate("instance_state", ("instance", "state"), (), lambda a: f"instance {a['instance']} is {a['state']}")
def _instance_state(ctx, a):
    row = _instance(ctx, a["instance"])
    return bool(row) and row["State"] == a["state"]


@predicate("object_exists", ("bucket", "key"), ("contains",), lambda a: f"s3://{a['bucket']}/{a['key']} exists")
def _object(ctx, a):
    row = ctx.world["objects"].get(f"{a['bucket']}/{a['key']}")
    if row is None:
        return False
    return "contains" not in a or a["contains"] in (row.get("Body") or "")


@predicate("bucket_policy", ("bucket",), ("present",), lambda a: f"the bucket {a['bucket']} has a bucket policy")
def _bucket_policy(ctx, a):
    row = ctx.world["buckets"].get(a["bucket"])
    return bool(row) and bool(row.get("Policy")) == a.get("present", True)


@predicate("file_contains", ("machine", "path", "text"), (), lambda a: f"{a['path']} on {a['machine']} contains "
                                                                        f"\"{a['text']}\"")
def _file(ctx, a):
    text = machine_file_text(ctx, a["machine"], a["path"])
    return text is not None and a["text"] in text


def machine_file_text(ctx, machine_name: str, path: str) -> str | None:
    """The text of a file on a sandbox machine (by name, or an instance's name or id);
    ``~/`` and a relative path are in the machine's home folder. None if there is none."""
    machine = ctx.world["machines"].get(machine_name)
    if machine is None:
        row = _instance(ctx, machine_name)
        machine = ctx.world["machines"].get(row["InstanceId"]) if row else None
    if machine is None:
        return None
    if path.startswith("~"):
        path = machine["Home"] + path[1:]
    elif not path.startswith("/"):
        path = f"{machine['Home']}/{path}"
    try:
        return fs.read(ctx.world, machine["Name"], path)
    except fs.FsError:
        return None


@predicate("account_alias", (), ("alias",), lambda a: "the account has an alias")
def _alias(ctx, a):
    alias = ctx.world.meta.get("alias")
    return bool(alias) and ("alias" not in a or alias == a["alias"])


@predicate("decision", ("principal", "action", "expect"), ("resource", "context"),
           lambda a: f"{a['principal']} is {a['expect'].replace('Deny', ' deny').lower()} {a['action']}"
                     + (f" on {a['resource']}" if a.get("resource") else ""))
def _decision(ctx, a):
    from sandbox.scenarios.principal_check import decide  # start-up time: web identities load only for this check

    decision = decide(ctx.gateway, a["principal"], a["action"], a.get("resource", "*"), a.get("context") or {})
    if decision is None:
        return False
    expect = a["expect"]
    if expect == "denied":
        return decision.decision != "allowed"
    return decision.decision == expect


@predicate("event", (), ("action", "principal", "principal_type", "decision", "source", "machine", "operation",
                        "region", "resource", "code"),
           lambda a: "since this step began: " + ", ".join(f"{k} {v}" for k, v in a.items()))
def _event(ctx, a):
    """A request since the step began. ``decision = "allowed"``: one the policies allowed and
    that then succeeded (an allowed call the service refused, NoSuchEntity..., did not do
    what the step asks). ``code``: one that failed with that AWS error code, refused before any
    policy was asked (a web identity token STS did not accept: InvalidIdentityToken...) or
    allowed and then refused by the service (DeleteConflict...)."""
    for e in ctx.events():
        if "code" in a:
            refused = e.kind == events.AUTHENTICATION and e.message.startswith(a["code"] + ":")
            if not (refused or e.error_code == a["code"]):
                continue
        elif not (e.is_request or e.kind == events.SIGNIN):
            continue
        if "action" in a and e.action.lower() != a["action"].lower():
            continue
        if "operation" in a and e.operation != a["operation"]:
            continue
        if "principal_type" in a and e.principal_type != a["principal_type"]:
            continue
        if "resource" in a and e.resource != a["resource"]:
            continue
        if "decision" in a:
            if a["decision"] == "denied" and e.allowed:
                continue
            if a["decision"] != "denied" and e.decision != a["decision"]:
                continue
            if a["decision"] == "allowed" and e.call_failed:
                continue
        if "principal" in a and not _principal_matches(ctx, e.principal, a["principal"]):
            continue
        if "source" in a and e.source != a["source"]:
            continue
        if "region" in a and e.region != a["region"]:
            continue
        if "machine" in a:
            row = _instance(ctx, a["machine"])
            wanted = row["InstanceId"] if row else a["machine"]
            if e.machine != wanted:
                continue
        return True
    return False


@predicate("idp_app", ("provider", "name"), (), lambda a: f"the app {a['name']} is registered with {a['provider']}")
def _idp_app(ctx, a):
    from sandbox import idp  # the identity providers (jwt, cryptography) cost every check start-up time

    provider = idp.find_provider(ctx.world, a["provider"])
    return provider is not None and any(app["Name"].lower() == a["name"].lower()
                                        for app in idp.apps(ctx.world, provider))


@predicate("oidc_provider", ("url",), ("app",),
           lambda a: f"the account has an IAM OIDC identity provider for {a['url']}"
                     + (f" that accepts the app {a['app']}" if a.get("app") else ""))
def _oidc_provider(ctx, a):
    from sandbox import idp  # the identity providers (jwt, cryptography) cost every check start-up time

    url = a["url"][len("https://"):] if a["url"].startswith("https://") else a["url"]
    row = next((r for r in ctx.world["oidc_providers"].all() if r["Url"] == url), None)
    if row is None:
        return False
    if "app" not in a:
        return True
    provider = idp.find_provider(ctx.world, a["url"])
    apps = idp.apps(ctx.world, provider) if provider else []
    return any(app["Name"].lower() == a["app"].lower() and app["ClientId"] in row["ClientIDList"] for app in apps)


def _principal_matches(ctx, arn: str, spec: str) -> bool:
    kind, _, name = spec.partition(":")
    if spec == "root":
        return arn.endswith(":root")
    if kind == "user":
        return arn.endswith(f":user/{name}") or arn.rsplit("/", 1)[-1] == name and ":user/" in arn
    if kind == "role":
        return f":assumed-role/{name}/" in arn
    return arn == spec


@predicate("signed_in", ("who",), ("success",), lambda a: f"{a['who']} signed in to the console")
def _signed_in(ctx, a):
    for e in ctx.events():
        if e.kind != events.SIGNIN:
            continue
        if not _principal_matches(ctx, e.principal, a["who"] if a["who"] == "root" else f"user:{a['who']}"):
            continue
        if e.allowed == a.get("success", True):
            return True
    return False
