"""The IAM policy engine: parse, validate, match, evaluate and explain. Pure: no I/O."""

from sandbox.policy.context import RequestContext
from sandbox.policy.document import (
    IDENTITY,
    RESOURCE,
    TRUST,
    Issue,
    MalformedPolicy,
    Policy,
    check_policy,
    nonwhitespace_size,
    parse_policy,
)
from sandbox.policy.evaluate import Authorization, Decision, PolicyRef, evaluate
from sandbox.policy.explain import ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY, Explain, denied_message
from sandbox.policy.principal import Principal
from sandbox.policy.simulator import simulate_custom_policy, simulate_principal_policy
from sandbox.policy.validate import ValidationReport, preview_grants, validate_policy

__all__ = [
    "ALLOWED", "EXPLICIT_DENY", "IMPLICIT_DENY", "IDENTITY", "RESOURCE", "TRUST",
    "Authorization", "Decision", "Explain", "Issue", "MalformedPolicy", "Policy", "PolicyRef", "Principal",
    "RequestContext", "ValidationReport", "check_policy", "denied_message", "evaluate", "nonwhitespace_size",
    "parse_policy", "preview_grants", "simulate_custom_policy", "simulate_principal_policy", "validate_policy",
]
