"""``DecisionEvent``: what the gateway publishes for every request it decides (and for every
failed authentication and console sign-in), and what the decisions pane, the explanation,
scenario checks and ``iam-sandbox events`` read.

The world's event log (``world/events.py``) stores plain JSON objects; ``to_dict`` and
``from_dict`` are the one place that knows their keys. The stored form is versioned
(``"v": 3``); logs written before it still read: before format 2 (no ``"v"``) a public call
was an allowed "decision" with no deciding policy and no explanation, and the request
context lived inside the explanation; before format 3 the outcome of an allowed call was
not recorded (no ``"errorCode"`` key: neither a failure nor a success).

An allowed request can still fail: the service refuses it for a reason of its own
(MalformedPolicyDocument, DeleteConflict, NoSuchEntity...). As CloudTrail does with its
``errorCode`` and ``errorMessage``, the event of an allowed decision made during a call
carries the call's outcome: the error's code and message, or ``null`` for both when the
call succeeded. A denied decision is its own failure (AccessDenied): it carries none.

Explanations are stored compactly, so that a policy of many statements cannot make every
event huge: while the whole explanation fits in ``EXPLAIN_BUDGET`` bytes it is kept as the
engine gives it; past that, the statements that do not apply keep only what failed to
match (the reason they do not apply); past that again, only the statements that apply
are kept, with a count per policy of those left out (``omitted``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, NamedTuple

from sandbox.policy import ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY
from sandbox.world.store import World

if TYPE_CHECKING:  # annotations only: the explanation's module loads with the evaluator (start-up time)
    from sandbox.policy import Explain

FORMAT = 3

# kinds of event
DECISION = "decision"  # a request the policies decided
PUBLIC = "public"  # a request that needs no permission (GetCallerIdentity, GetSessionToken)
AUTHENTICATION = "authentication"  # credentials that were refused (no decision was made)
SIGNIN = "signin"  # a console sign-in, successful or not
FAILED = "failed"  # the decision of a refused authentication or sign-in

EXPLAIN_BUDGET = 8000  # bytes of JSON for one event's explanation


class DecidingStatement(NamedTuple):
    """The statement that decided: its ``Sid`` (if any) and position in its policy."""

    sid: str | None
    index: int

    @property
    def label(self) -> str:
        return f"Sid {self.sid!r}" if self.sid else f"statement {self.index + 1}"


class DecisionEvent(NamedTuple):
    """(A named tuple, not a frozen dataclass: defined at every start, start-up time.)"""

    kind: str
    time: str
    machine: str
    source: str  # the front end: cli | console | scenario | imds | setup | system
    service: str
    operation: str
    principal: str  # ARN ("" when authentication failed)
    principal_type: str  # as in aws:PrincipalType: User, AssumedRole, Account...
    access_key_id: str
    action: str
    resource: str
    decision: str  # allowed | explicitDeny | implicitDeny | failed
    message: str  # AWS's words: the access-denied sentence, the authentication error...
    context: dict  # the request's condition keys
    region: str | None = None
    deciding_type: str | None = None
    deciding_policy: str | None = None
    deciding_statement: DecidingStatement | None = None
    explain: dict | None = None  # the explanation, compact (see the module's docstring)
    dry_run: bool = False
    notes: tuple[str, ...] = ()  # what the learner should know: a stored policy that does not parse...
    seq: int = 0  # the log's sequence number (0 until published)
    outcome_recorded: bool = False  # an allowed decision of a call, with its outcome (not in logs before format 3)
    error_code: str | None = None  # the AWS error the allowed call then failed with (CloudTrail's errorCode)
    error_message: str | None = None  # its message (CloudTrail's errorMessage)

    @property
    def via(self) -> str:
        return self.source

    @property
    def allowed(self) -> bool:
        return self.decision == ALLOWED

    @property
    def denied(self) -> bool:
        return self.decision in (EXPLICIT_DENY, IMPLICIT_DENY)

    @property
    def call_failed(self) -> bool:
        """An allowed request that the service then refused for another reason."""
        return bool(self.error_code)

    @property
    def failure(self) -> str:
        """``failed: CODE`` for an allowed call that failed, else empty (the short form shown)."""
        return f"failed: {self.error_code}" if self.error_code else ""

    @property
    def failure_sentence(self) -> str:
        """What the service answered an allowed call that failed, else empty."""
        if not self.error_code:
            return ""
        said = f"{self.error_code}: {self.error_message}" if self.error_message else self.error_code
        return f"Authorization allowed the request; the call then failed: {said}"

    @property
    def is_request(self) -> bool:
        """A request that reached a service (decided, or needing no permission)."""
        return self.kind in (DECISION, PUBLIC)

    def to_dict(self) -> dict:
        out = {
            "v": FORMAT, "kind": self.kind, "time": self.time, "machine": self.machine, "source": self.source,
            "service": self.service, "operation": self.operation, "principal": self.principal,
            "principalType": self.principal_type, "accessKeyId": self.access_key_id, "action": self.action,
            "resource": self.resource, "region": self.region, "decision": self.decision,
            "decidingType": self.deciding_type, "decidingPolicy": self.deciding_policy,
            "decidingStatement": (None if self.deciding_statement is None else
                                  {"sid": self.deciding_statement.sid, "index": self.deciding_statement.index}),
            "message": self.message, "context": self.context, "explain": self.explain,
        }
        if self.seq:
            out = {"seq": self.seq, **out}
        if self.dry_run:
            out["dryRun"] = True
        if self.notes:
            out["notes"] = list(self.notes)
        if self.outcome_recorded:
            out["errorCode"] = self.error_code
            out["errorMessage"] = self.error_message
        return out

    @classmethod
    def from_dict(cls, d: dict) -> DecisionEvent:
        """An event as stored; lenient, so that old or hand-edited lines still read."""
        explain = d.get("explain") if isinstance(d.get("explain"), dict) else None
        kind = _text(d.get("kind")) or DECISION
        if ("v" not in d and kind == DECISION and d.get("decision") == ALLOWED and explain is None
                and d.get("decidingType") is None):
            kind = PUBLIC  # before format 2, a call needing no permission was an allowed "decision"
        context = d.get("context")
        if not isinstance(context, dict):
            context = (explain or {}).get("context")
        st = d.get("decidingStatement")
        deciding = None
        if isinstance(st, dict) and type(st.get("index")) is int:
            deciding = DecidingStatement(st.get("sid") if isinstance(st.get("sid"), str) else None, st["index"])
        notes = d.get("notes")
        code = d.get("errorCode") if isinstance(d.get("errorCode"), str) and d.get("errorCode") else None
        return cls(
            kind=kind, time=_text(d.get("time")), machine=_text(d.get("machine")), source=_text(d.get("source")),
            service=_text(d.get("service")), operation=_text(d.get("operation")),
            principal=_text(d.get("principal")), principal_type=_text(d.get("principalType")),
            access_key_id=_text(d.get("accessKeyId")), action=_text(d.get("action")),
            resource=_text(d.get("resource")), decision=_text(d.get("decision")), message=_text(d.get("message")),
            region=d.get("region") if isinstance(d.get("region"), str) else None,
            deciding_type=_text(d.get("decidingType")) or None, deciding_policy=_text(d.get("decidingPolicy")) or None,
            deciding_statement=deciding, context=dict(context or {}), explain=explain,
            dry_run=d.get("dryRun") is True,
            notes=tuple(n for n in notes if isinstance(n, str)) if isinstance(notes, list) else (),
            seq=d["seq"] if type(d.get("seq")) is int else 0,
            outcome_recorded="errorCode" in d, error_code=code,
            error_message=(_text(d.get("errorMessage")) if code else None),
        )


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def typed(events: list[dict]) -> list[DecisionEvent]:
    return [DecisionEvent.from_dict(e) for e in events]


def since(world: World, seq: int) -> list[DecisionEvent]:
    """The events published after ``seq``, oldest first."""
    return typed(world.events.since(seq))


# -- the explanation, compact -----------------------------------------------------------------------

def compact_explain(explain: Explain, budget: int = EXPLAIN_BUDGET) -> dict:
    """The explanation as the explanation view reads it, within ``budget`` bytes where the
    statements that apply allow it (the request context is kept on the event itself)."""
    full = explain.to_dict()
    full.pop("context", None)
    deciding = full.get("decidingStatement")
    if deciding:
        full["decidingStatement"] = {"index": deciding["index"], "sid": deciding["sid"]}
    if _size(full) <= budget:
        return full
    is_deciding = _decider(full)
    for policy in full["policies"]:
        policy["statements"] = [st if st["applies"] or is_deciding(policy, st) else _why_not(st)
                                for st in policy["statements"]]
    full["compacted"] = True
    if _size(full) <= budget:
        return full
    for policy in full["policies"]:
        kept = [st for st in policy["statements"] if st["applies"] or is_deciding(policy, st)]
        if len(kept) < len(policy["statements"]):
            policy["omitted"] = len(policy["statements"]) - len(kept)
            policy["statements"] = kept
    return full


def _decider(explain: dict):
    deciding = explain.get("decidingStatement")

    def is_deciding(policy: dict, st: dict) -> bool:
        return (deciding is not None and policy.get("label") == explain.get("decidingPolicy")
                and st["index"] == deciding["index"])

    return is_deciding


def _why_not(st: dict) -> dict:
    """A statement that does not apply, reduced to what did not match."""
    out = {"index": st["index"], "sid": st["sid"], "effect": st["effect"], "applies": False}
    for part in ("action", "resource", "principal"):
        if st.get(part) and st[part]["matched"] is not True:
            out[part] = st[part]
    failed = [c for c in st.get("conditions") or [] if c["result"] is not True]
    if failed:
        out["conditions"] = failed
    return out


def _size(data: dict) -> int:
    return len(json.dumps(data, separators=(",", ":"), ensure_ascii=False, default=str))
