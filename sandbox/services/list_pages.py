"""Server-side pages of the IAM and EC2 list operations, as those services serve them.

IAM (every list operation's API reference, MaxItems and Marker): at most ``MaxItems``
items (1-1000; 100 when the request does not say), ``IsTruncated`` true when there are
more, and then ``Marker``, to send back for the next page. The gateway checks the range
with the service's other input validation, before authorizing, and cuts the handler's full
answer into the page asked for.

EC2 (DescribeInstances, DescribeIamInstanceProfileAssociations): ``MaxResults`` (5-1000)
and ``NextToken``; without MaxResults, every result. DescribeInstances counts instances
and regroups the page's instances into their reservations; it refuses MaxResults with
InstanceIds ("You cannot specify this parameter and the instance IDs parameter in the same
request").

Tokens are ``paging``'s opaque ones, naming the operation, so a token from another list
is refused. A handler of a long list answers ``Shaped(rows, shape)``: only the page's rows
are shaped, so that 5,000 users walked in pages of 100 are not shaped 50 times over.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from sandbox.errors import AwsError
from sandbox.services.paging import limit_of, page


class Shaped(Sequence):
    """A handler's whole list, each row shaped only when a page takes it."""

    def __init__(self, rows: list, shape: Callable[[dict], dict]):
        self._rows = rows
        self._shape = shape

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._shape(row) for row in self._rows[index]]
        return self._shape(self._rows[index])


class Paged(NamedTuple):
    keys: tuple[str, ...]  # the result keys: one list, or several read as one (ListEntitiesForPolicy)
    token: str = "Marker"  # the request's and the response's member
    limit: str = "MaxItems"
    low: int = 1
    high: int = 1000
    default: int | None = 100  # IAM: "If you do not include this parameter, the number of items defaults to 100"
    truncated: bool = True  # the answer carries IsTruncated
    error: str = "ValidationError"


def _ec2(key: str) -> Paged:
    return Paged((key,), token="NextToken", limit="MaxResults", low=5, default=None, truncated=False,
                 error="InvalidParameterValue")


PAGED: dict[tuple[str, str], Paged] = {
    **{("iam", name): Paged((key,)) for name, key in {
        "ListUsers": "Users", "ListGroups": "Groups", "ListRoles": "Roles", "ListPolicies": "Policies",
        "GetGroup": "Users", "ListGroupsForUser": "Groups", "ListUserTags": "Tags", "ListRoleTags": "Tags",
        "ListOpenIDConnectProviderTags": "Tags", "ListPolicyVersions": "Versions",
        "ListAttachedUserPolicies": "AttachedPolicies", "ListAttachedGroupPolicies": "AttachedPolicies",
        "ListAttachedRolePolicies": "AttachedPolicies", "ListUserPolicies": "PolicyNames",
        "ListGroupPolicies": "PolicyNames", "ListRolePolicies": "PolicyNames", "ListAccessKeys": "AccessKeyMetadata",
        "ListMFADevices": "MFADevices", "ListVirtualMFADevices": "VirtualMFADevices",
        "ListInstanceProfiles": "InstanceProfiles", "ListInstanceProfilesForRole": "InstanceProfiles",
        "ListAccountAliases": "AccountAliases", "SimulateCustomPolicy": "EvaluationResults",
        "SimulatePrincipalPolicy": "EvaluationResults"}.items()},
    ("iam", "ListEntitiesForPolicy"): Paged(("PolicyGroups", "PolicyUsers", "PolicyRoles")),
    ("ec2", "DescribeInstances"): _ec2("Reservations"),
    ("ec2", "DescribeIamInstanceProfileAssociations"): _ec2("IamInstanceProfileAssociations"),
}


def _member(name: str) -> str:
    """The member as the query APIs name it in their validation messages: ``maxItems``."""
    return name[0].lower() + name[1:]


def check(service: str, operation: str, params: dict) -> None:
    """The page size's range (and EC2's InstanceIds-with-MaxResults rule), before authorizing."""
    paged = PAGED.get((service, operation))
    if paged is None or params.get(paged.limit) is None:
        return
    if service == "ec2":
        if operation == "DescribeInstances" and params.get("InstanceIds"):
            raise AwsError("InvalidParameterCombination",
                           "The parameter instancesSet cannot be used with the parameter maxResults")
        value = params[paged.limit]
        number = value if isinstance(value, int) and not isinstance(value, bool) else None
        if number is None or not paged.low <= number <= paged.high:
            raise AwsError("InvalidParameterValue", f"Value ( {value} ) for parameter maxResults is invalid. "
                                                    f"Expecting a value between {paged.low} and {paged.high}.")
        return
    limit_of(params[paged.limit], paged.low, paged.high, _member(paged.limit), error_code=paged.error)


def cut(service: str, operation: str, params: dict, result: dict) -> dict:
    """The page of ``result`` (the handler's whole answer) that ``params`` asks for."""
    paged = PAGED.get((service, operation))
    if paged is None:
        return result
    limit = params.get(paged.limit)
    limit = int(limit) if limit is not None else paged.default
    if (service, operation) == ("ec2", "DescribeInstances"):
        return _instances_page(result, params.get(paged.token), limit, paged)
    out = {k: v for k, v in result.items() if k not in (*paged.keys, "IsTruncated", paged.token)}
    if len(paged.keys) == 1:
        key = paged.keys[0]
        chosen, following = page(result.get(key) or [], params.get(paged.token), limit, operation, paged.error)
        out[key] = list(chosen)
    else:
        items = [(key, item) for key in paged.keys for item in result.get(key) or []]
        chosen, following = page(items, params.get(paged.token), limit, operation, paged.error)
        for key in paged.keys:
            if key in result:
                out[key] = [item for k, item in chosen if k == key]
    if paged.truncated:
        out["IsTruncated"] = following is not None
    if following:
        out[paged.token] = following
    return out


def _instances_page(result: dict, token, limit: int | None, paged: Paged) -> dict:
    """A page of instances, each under its reservation (a reservation may span two pages)."""
    items = [(reservation, instance) for reservation in result.get("Reservations") or []
             for instance in reservation.get("Instances") or []]
    chosen, following = page(items, token, limit, "DescribeInstances", paged.error)
    reservations: dict[str, dict] = {}
    for reservation, instance in chosen:
        rid = reservation["ReservationId"]
        reservations.setdefault(rid, {**reservation, "Instances": []})["Instances"].append(instance)
    out = {k: v for k, v in result.items() if k not in ("Reservations", "NextToken")}
    out["Reservations"] = list(reservations.values())
    if following:
        out["NextToken"] = following
    return out
