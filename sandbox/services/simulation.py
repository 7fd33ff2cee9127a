"""The IAM operations that need no account state: custom policy simulation."""

from __future__ import annotations

from sandbox.errors import AwsError
from sandbox.policy import IDENTITY, parse_policy, simulate_custom_policy


def simulate_custom(params: dict) -> dict:
    return simulate_custom_policy(params)


def context_keys_for_custom(params: dict) -> dict:
    texts = params.get("PolicyInputList")
    if not texts:
        raise AwsError("ValidationError", "1 validation error detected: Value null at 'policyInputList' failed to "
                                          "satisfy constraint: Member must not be null")
    keys: dict[str, str] = {}
    for text in texts:
        for key in parse_policy(text, IDENTITY).context_keys():
            keys.setdefault(key.lower(), key)
    return {"ContextKeyNames": sorted(keys.values(), key=str.lower)}
