"""The explanation of one decision, in terms a learner can follow, and AWS's messages.

An ``Explain`` lists the evaluation steps in AWS's order with what each found, every
policy consulted with every statement's trace (action, resource, principal, each
condition, resolved variables), the statement that decided, and the message AWS would
print. ``path`` names the nodes of AWS's evaluation flow chart this decision went
through, for drawing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the statement matcher loads when a policy is evaluated (start-up time)
    from sandbox.policy.statement import StatementTrace

from sandbox.policy.outcome import ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY  # noqa: F401 (the engine's names for them)

# policy types as AWS names them in access-denied messages
SCP = "service control policy"
RESOURCE_BASED = "resource-based policy"
TRUST = "role trust policy"
IDENTITY_BASED = "identity-based policy"
BOUNDARY = "permissions boundary"
SESSION = "session policy"

# nodes of the evaluation flow (AWS's flow chart), in order
FLOW = (
    ("deny", "Explicit deny in any policy?"),
    ("scp", "Service control policies allow?"),
    ("resource", "Resource-based policy allows?"),
    ("identity", "Identity-based policies allow?"),
    ("boundary", "Permissions boundary allows?"),
    ("session", "Session policy allows?"),
)

# the flow chart's node where a policy type that fails to allow ends an implicit deny
_FAILS_AT = {SCP: "scp", RESOURCE_BASED: "resource", TRUST: "resource", IDENTITY_BASED: "identity",
             BOUNDARY: "boundary", SESSION: "session"}
_PASSED_BY = ("not present", "skipped")


def flow_exit(end: str, deciding_type: str | None, steps: list[tuple[str, str]]) -> tuple[str, bool] | None:
    """Where a decision leaves the flow chart: ``(node, allowed)``, or None for an allowed
    request that passed every check to the end. ``end`` is ``Explain.end``, ``steps`` the
    (node, outcome) pairs in order.

    A denied request leaves at the policy type that failed to allow it (the one AWS's
    message names), so a role trust policy that does not allow, which no identity policy
    can make up for, exits at the resource-based node as a denial. An allowed request
    exits at that node only when a resource-based policy allowed it and nothing was
    checked after it."""
    if end == "explicit-deny":
        return ("deny", False)
    if end == "implicit-deny":
        node = _FAILS_AT.get(deciding_type or "")
        if node is None:  # no type named: the last check that said no
            node = next((n for n, outcome in reversed(steps) if outcome == "no" and n != "deny"), None)
        return (node, False) if node else None
    taken = [(n, outcome) for n, outcome in steps if outcome not in _PASSED_BY]
    if end == "allow" and taken and taken[-1] == ("resource", "yes"):
        return ("resource", True)
    return None


_ARTICLE = {
    SCP: "a service control policy",
    RESOURCE_BASED: "a resource-based policy",
    TRUST: "a role trust policy",
    IDENTITY_BASED: "an identity-based policy",
    BOUNDARY: "a permissions boundary",
    SESSION: "a session policy",
}


def denied_message(principal_arn: str, action: str, resource: str, decision: str, policy_type: str,
                   quote_resource: bool = False) -> str:
    """AWS's access-denied sentence (IAM User Guide, "Troubleshoot access denied")."""
    head = f"User: {principal_arn} is not authorized to perform: {action}"
    if resource and resource != "*":
        shown = f'"{resource}"' if quote_resource else resource
        head += f" on resource: {shown}"
    if decision == EXPLICIT_DENY:
        return f"{head} with an explicit deny in {_ARTICLE[policy_type]}"
    return f"{head} because no {policy_type} allows the {action} action"


@dataclass(slots=True)
class Step:
    node: str  # one of FLOW's ids
    question: str
    outcome: str  # "yes", "no", "not present", "skipped"
    note: str = ""


@dataclass(slots=True)
class PolicyExplain:
    policy_type: str  # one of the type names above
    source_id: str
    label: str
    statements: list[StatementTrace]
    statement_lines: list[tuple[int, int] | None] = field(default_factory=list)


@dataclass(slots=True)
class Explain:
    principal_arn: str
    principal_type: str
    action: str
    resource: str
    context: dict
    decision: str
    message: str
    steps: list[Step]
    policies: list[PolicyExplain]
    deciding_type: str | None = None
    deciding_policy: str | None = None
    deciding_statement: StatementTrace | None = None
    path: list[str] = field(default_factory=list)
    end: str = ""  # "allow", "explicit-deny", "implicit-deny"

    @property
    def allowed(self) -> bool:
        return self.decision == ALLOWED

    def summary(self) -> str:
        """One paragraph: the decision and why."""
        if self.decision == ALLOWED:
            if self.deciding_statement is not None:
                return (f"Allowed: {self.deciding_statement.label} of {self.deciding_policy} "
                        f"({self.deciding_type}) allows {self.action}.")
            return f"Allowed: {self.message}"
        return self.message

    def to_dict(self) -> dict:
        """A JSON-ready form (for ``--json`` output and the event log)."""

        def trace(t: StatementTrace) -> dict:
            return {
                "index": t.index, "sid": t.sid, "effect": t.effect, "applies": t.applies,
                "action": {"matched": t.action.matched, "detail": t.action.detail},
                "resource": None if t.resource is None else {"matched": t.resource.matched,
                                                             "detail": t.resource.detail},
                "principal": None if t.principal is None else {"matched": t.principal.matched,
                                                               "detail": t.principal.detail},
                "conditions": [
                    {"operator": c.operator, "key": c.key, "policyValues": c.policy_values,
                     "requestValues": c.request_values, "result": c.result, "reason": c.reason}
                    for c in t.conditions
                ],
                "variables": t.variables,
            }

        return {
            "principal": self.principal_arn,
            "principalType": self.principal_type,
            "action": self.action,
            "resource": self.resource,
            "decision": self.decision,
            "message": self.message,
            "decidingType": self.deciding_type,
            "decidingPolicy": self.deciding_policy,
            "decidingStatement": None if self.deciding_statement is None else trace(self.deciding_statement),
            "path": self.path,
            "end": self.end,
            "steps": [{"node": s.node, "question": s.question, "outcome": s.outcome, "note": s.note}
                      for s in self.steps],
            "policies": [
                {"type": p.policy_type, "id": p.source_id, "label": p.label,
                 "statements": [trace(t) for t in p.statements]}
                for p in self.policies
            ],
            "context": self.context,
        }

    def render_text(self) -> str:
        """A plain-text explanation for the headless CLI and screen readers."""
        mark = {True: "✓", False: "✗", None: "?"}
        lines = [f"Decision: {self.decision}", f"  {self.summary()}", "", "Evaluation steps (AWS order):"]
        for s in self.steps:
            lines.append(f"  {s.question:<40} {s.outcome}{' — ' + s.note if s.note else ''}")
        for p in self.policies:
            lines.append("")
            lines.append(f"{p.policy_type}: {p.label}")
            for t in p.statements:
                deciding = self.deciding_statement is t
                applies = "applies" if t.applies else "does not apply"
                lines.append(f"  {'→' if deciding else ' '} {t.label} ({t.effect}): {applies}")
                lines.append(f"      {mark[t.action.matched]} {t.action.detail}")
                if t.resource is not None:
                    lines.append(f"      {mark[t.resource.matched]} {t.resource.detail}")
                if t.principal is not None:
                    lines.append(f"      {mark[t.principal.matched]} {t.principal.detail}")
                for c in t.conditions:
                    lines.append(f"      {mark[c.result]} {c.operator} {c.key}: {c.reason}")
                for var, value in t.variables.items():
                    lines.append(f"        {var} = {value if value is not None else '(no value)'}")
        return "\n".join(lines)
