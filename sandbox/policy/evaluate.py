"""AWS's policy evaluation logic.

Order (IAM User Guide, "Policy evaluation logic" and "Cross-account policy evaluation
logic"):

1. An explicit ``Deny`` in any applicable policy decides: denied.
2. Service control policies must allow at every level where they apply.
3. Resource-based policy, same account: a grant naming the IAM user or the role session
   ARN directly allows on its own; a grant naming the role ARN still has to pass the
   permissions boundary and the session policy; a grant naming only the account
   delegates to the identity-based policies. Role trust policies must always allow.
4. Identity-based policies (inline, managed, through groups) must allow.
5. A permissions boundary, if set, must allow.
6. A session policy, if passed, must allow.

Across accounts, the caller's side (identity, boundary, session) and the resource-based
policy must both allow. The root user needs no identity-based policy. Service and web
identity principals have no identity side: only the resource (trust) policy can grant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sandbox.policy.document import TRUST as TRUST_KIND
from sandbox.policy.document import Policy
from sandbox.policy.explain import (
    ALLOWED,
    BOUNDARY,
    EXPLICIT_DENY,
    FLOW,
    IDENTITY_BASED,
    IMPLICIT_DENY,
    RESOURCE_BASED,
    SCP,
    SESSION,
    TRUST,
    Explain,
    PolicyExplain,
    Step,
    denied_message,
)
from sandbox.policy.principal import DIRECT, ROLE, Principal, stronger
from sandbox.policy.statement import Request, Statement

_NO_IDENTITY_SIDE = ("service", "web-identity", "anonymous")


@dataclass(frozen=True, slots=True)
class PolicyRef:
    """A policy in play, with how the simulator and the explanation name it."""

    policy: Policy
    source_id: str
    source_type: str | None = None  # user | group | role | aws-managed | user-managed | resource | none
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.source_id


@dataclass(frozen=True, slots=True)
class UnreadablePolicy(PolicyRef):
    """A stored policy that does not parse, standing in for it in a decision: no statements
    (it allows and denies nothing), and the ``problem`` to tell the learner."""

    problem: str = ""


@dataclass(slots=True)
class Hit:
    ref: PolicyRef
    statement: Statement
    grant: str | None = DIRECT


@dataclass(slots=True)
class Decision:
    decision: str
    message: str
    deciding_type: str | None
    deciding: Hit | None
    matched: list[Hit]
    boundary_allowed: bool | None
    details: dict = field(default_factory=dict)
    steps: list[tuple[str, str, str]] = field(default_factory=list)  # (flow node, outcome, note)
    explain: Explain | None = None

    @property
    def allowed(self) -> bool:
        return self.decision == ALLOWED


@dataclass(slots=True)
class Authorization:
    """Everything the engine needs for one request.

    ``boundary``/``session``/``scps`` are ``None`` when that policy type does not apply
    (no boundary set, no session policy passed, no organization); ``scps`` is a list of
    levels (root, OU…, account), each of which must allow.
    """

    principal: Principal
    action: str
    resource: str
    context: object
    identity: Sequence[PolicyRef] = ()
    boundary: Sequence[PolicyRef] | None = None
    session: Sequence[PolicyRef] | None = None
    scps: Sequence[Sequence[PolicyRef]] | None = None
    resource_policy: PolicyRef | None = None
    resource_account: str | None = None
    quote_resource: bool = False


class _Collected:
    __slots__ = ("allows", "denies", "traces")

    def __init__(self):
        self.allows: dict[str, list[Hit]] = {}
        self.denies: dict[str, list[Hit]] = {}
        self.traces: list[PolicyExplain] = []


def _policy_groups(auth: Authorization) -> list[tuple[str, Sequence[PolicyRef]]]:
    groups: list[tuple[str, Sequence[PolicyRef]]] = []
    if auth.scps is not None:
        for level, refs in enumerate(auth.scps):
            groups.append((f"{SCP}#{level}", refs))
    if auth.resource_policy is not None:
        kind = TRUST if auth.resource_policy.policy.kind == TRUST_KIND else RESOURCE_BASED
        groups.append((kind, (auth.resource_policy,)))
    groups.append((IDENTITY_BASED, auth.identity))
    if auth.boundary is not None:
        groups.append((BOUNDARY, auth.boundary))
    if auth.session is not None:
        groups.append((SESSION, auth.session))
    return groups


def _collect(auth: Authorization, req: Request, explain: bool) -> _Collected:
    out = _Collected()
    action_l = req.action_l
    for group, refs in _policy_groups(auth):
        allows = out.allows.setdefault(group, [])
        denies = out.denies.setdefault(group, [])
        for ref in refs:
            policy = ref.policy
            if not explain:
                for st in policy.statements_for(action_l):
                    grant = st.applies_to_action(req)
                    if grant is not None:
                        (allows if st.allow else denies).append(Hit(ref, st, grant))
                continue
            traces = []
            for st in policy.statements:
                t = st.trace(req)
                traces.append(t)
                if t.applies:
                    (allows if st.allow else denies).append(Hit(ref, st, t.grant))
            lines = [policy.statement_lines(st) for st in policy.statements]
            out.traces.append(PolicyExplain(group.split("#")[0], ref.source_id, ref.name, traces, lines))
    return out


def evaluate(auth: Authorization, explain: bool = False) -> Decision:
    """Decide one request; with ``explain`` also build the full explanation."""
    req = Request(auth.principal, auth.action, auth.resource, auth.context)
    col = _collect(auth, req, explain)
    decision = _decide(auth, col)
    if explain:
        decision.explain = _build_explain(auth, col, decision)
    return decision


def _decide(auth: Authorization, col: _Collected) -> Decision:
    p = auth.principal
    steps: list[tuple[str, str, str]] = []  # (node, outcome, note) for the explanation

    def finish(decision: str, kind: str | None, deciding: Hit | None, matched: list[Hit]) -> Decision:
        if decision == ALLOWED:
            message = f"{p.arn} is allowed to perform {auth.action}"
        else:
            message = denied_message(p.arn, auth.action, auth.resource, decision, kind or IDENTITY_BASED,
                                     auth.quote_resource)
        return Decision(decision, message, kind, deciding, matched, boundary_allowed, _details(auth, col), steps)

    # AllowedByPermissionsBoundary is false when the boundary does not allow the action or
    # explicitly denies it (API reference, PermissionsBoundaryDecisionDetail)
    boundary_allowed = (None if auth.boundary is None
                        else bool(col.allows.get(BOUNDARY)) and not col.denies.get(BOUNDARY))

    # 1. explicit deny anywhere
    order = [g for g in col.denies if col.denies[g]]
    if order:
        first = order[0]
        steps.append(("deny", "yes", f"explicit Deny in {first.split('#')[0]}"))
        every = [h for g in order for h in col.denies[g]]
        return finish(EXPLICIT_DENY, first.split("#")[0], col.denies[first][0], every)
    steps.append(("deny", "no", ""))

    # 2. SCPs: every level must allow
    if auth.scps is not None:
        for level in range(len(auth.scps)):
            if not col.allows.get(f"{SCP}#{level}"):
                steps.append(("scp", "no", f"no Allow at level {level + 1} of {len(auth.scps)}"))
                return finish(IMPLICIT_DENY, SCP, None, [])
        steps.append(("scp", "yes", ""))
    else:
        steps.append(("scp", "not present", ""))

    trust = auth.resource_policy is not None and auth.resource_policy.policy.kind == TRUST_KIND
    rtype = TRUST if trust else RESOURCE_BASED
    r_allows = col.allows.get(rtype, [])
    grant = None
    for h in r_allows:
        grant = stronger(grant, h.grant)
    id_allows = col.allows.get(IDENTITY_BASED, [])
    root = p.kind == "root"
    identity_ok = root or bool(id_allows)
    boundary_ok = auth.boundary is None or root or bool(col.allows.get(BOUNDARY))
    session_ok = auth.session is None or bool(col.allows.get(SESSION))
    has_rp = auth.resource_policy is not None

    def rp_step(outcome: str, note: str = "") -> None:
        steps.append(("resource", outcome if has_rp else "not present", note))

    def rest(skip_identity: bool) -> str | None:
        """Identity, boundary, session; the failing policy type or None."""
        if not skip_identity:
            steps.append(("identity", "yes" if identity_ok else "no", "root user: full access" if root else ""))
            if not identity_ok:
                return IDENTITY_BASED
        else:
            steps.append(("identity", "skipped", "the resource-based policy names the role"))
        if auth.boundary is not None:
            steps.append(("boundary", "yes" if boundary_ok else "no", ""))
            if not boundary_ok:
                return BOUNDARY
        else:
            steps.append(("boundary", "not present", ""))
        if auth.session is not None:
            steps.append(("session", "yes" if session_ok else "no", ""))
            if not session_ok:
                return SESSION
        else:
            steps.append(("session", "not present", ""))
        return None

    granted = [h for h in r_allows if h.grant == grant] if grant else []

    if p.kind in _NO_IDENTITY_SIDE:
        if grant is None:
            rp_step("no", "a role trust policy must allow explicitly" if trust
                    else "only a resource-based policy can grant this principal")
            return finish(IMPLICIT_DENY, rtype, None, [])
        rp_step("yes", "")
        return finish(ALLOWED, rtype, granted[0], granted)

    same = auth.resource_account is None or p.account == auth.resource_account
    if same:
        if trust and grant is None:
            rp_step("no", "a role trust policy must allow explicitly")
            return finish(IMPLICIT_DENY, TRUST, None, [])
        if grant == DIRECT:
            rp_step("yes", "it names the principal directly, so no other policy type is needed")
            return finish(ALLOWED, rtype, granted[0], granted + id_allows)
        if grant == ROLE:
            rp_step("yes", "it names the role ARN: the boundary and session policy still apply")
            failed = rest(skip_identity=True)
            if failed:
                return finish(IMPLICIT_DENY, failed, None, [])
            return finish(ALLOWED, rtype, granted[0], granted + id_allows)
        if grant is not None:
            rp_step("yes", "it names the account, which delegates to identity-based policies")
        else:
            rp_step("no", "")
        failed = rest(skip_identity=False)
        if failed:
            return finish(IMPLICIT_DENY, failed, None, [])
        return finish(ALLOWED, IDENTITY_BASED, id_allows[0] if id_allows else None, id_allows + granted)

    # cross-account: both sides must allow
    rp_step("yes" if grant else "no", "cross-account: the resource's account must also allow")
    failed = rest(skip_identity=False)
    if failed:
        return finish(IMPLICIT_DENY, failed, None, [])
    if grant is None:
        return finish(IMPLICIT_DENY, rtype, None, [])
    return finish(ALLOWED, rtype, granted[0], id_allows + granted)


def _details(auth: Authorization, col: _Collected) -> dict:
    """``EvalDecisionDetails``: each policy type's own verdict (when a resource policy is in play)."""
    if auth.resource_policy is None:
        return {}

    def verdict(group: str) -> str:
        if col.denies.get(group):
            return EXPLICIT_DENY
        return ALLOWED if col.allows.get(group) else IMPLICIT_DENY

    rtype = TRUST if auth.resource_policy.policy.kind == TRUST_KIND else RESOURCE_BASED
    return {"IAM Policy": verdict(IDENTITY_BASED), "Resource Policy": verdict(rtype)}


def _build_explain(auth: Authorization, col: _Collected, d: Decision) -> Explain:
    questions = dict(FLOW)
    steps = [Step(node, questions[node], outcome, note) for node, outcome, note in d.steps]
    path = [s.node for s in steps if s.outcome not in ("not present", "skipped")]
    end = {"allowed": "allow", EXPLICIT_DENY: "explicit-deny", IMPLICIT_DENY: "implicit-deny"}[d.decision]
    deciding_trace = None
    deciding_policy = None
    if d.deciding is not None:
        deciding_policy = d.deciding.ref.name
        for pe in col.traces:
            if pe.source_id == d.deciding.ref.source_id:
                for t in pe.statements:
                    if t.index == d.deciding.statement.index:
                        deciding_trace = t
                        break
            if deciding_trace is not None:
                break
    return Explain(
        principal_arn=auth.principal.arn,
        principal_type=auth.principal.principal_type,
        action=auth.action,
        resource=auth.resource,
        context=auth.context.as_dict() if hasattr(auth.context, "as_dict") else {},
        decision=d.decision,
        message=d.message,
        steps=steps,
        policies=col.traces,
        deciding_type=d.deciding_type,
        deciding_policy=deciding_policy,
        deciding_statement=deciding_trace,
        path=path,
        end=end,
    )
