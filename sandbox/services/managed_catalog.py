"""AWS managed policies: the real documents, shipped in ``assets/managed-policies/``.

They belong to AWS (``arn:aws:iam::aws:policy/...``): attachable in every account, never
editable. The catalogue is read lazily; a missing or damaged asset file is skipped rather
than breaking the account.
"""

from __future__ import annotations

import json
from functools import cache

from sandbox.paths import asset_path


@cache
def catalogue() -> dict[str, dict]:
    """``{arn: policy}`` where policy has PolicyName, Arn, Path, PolicyId, Description,
    DefaultVersionId, CreateDate, UpdateDate and Document (a dict)."""
    folder = asset_path("managed-policies")
    out: dict[str, dict] = {}
    for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and "Arn" in data and "Document" in data:
            data["DocumentText"] = json.dumps(data["Document"], indent=4)
            out[data["Arn"]] = data
    return out


def get(arn: str) -> dict | None:
    return catalogue().get(arn)


def by_name(name: str) -> dict | None:
    for policy in catalogue().values():
        if policy["PolicyName"].lower() == name.lower():
            return policy
    return None


def is_aws_managed(arn: str) -> bool:
    return arn.startswith("arn:aws:iam::aws:policy/")
