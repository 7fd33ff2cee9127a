"""The console's reads: what a list, a detail tab or a dashboard figure shows when its
request is refused.

Every console page is a request as the signed-in principal (``Workspace.read``), as in the
real console: a new user with no permissions sees the IAM console's access-denied banner,
naming the action, where the list would be, and the decision is in the decisions pane
like any other. Root sees everything, as in AWS.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sandbox.errors import AwsError

if TYPE_CHECKING:  # pragma: no cover
    from sandbox.workspace.workspace import Workspace


@dataclass(frozen=True)
class Banner:
    """What the console shows in place of what it could not read.

    For a refused request, the IAM console's words: ``Access denied to iam:ListUsers``,
    "You don't have permission to iam:ListUsers. To request access, copy the following text
    and send it to your AWS administrator.", then the request (``User:``, ``Action:``,
    ``On resource(s):``, ``Context:``)."""

    title: str
    text: str
    request: tuple[str, ...] = ()
    action: str = ""  # the refused action ("" when the banner is not an access denial)


NOT_SIGNED_IN = Banner("Not signed in", "Sign in to the console (F5) as root or an IAM user to see the account.")


def banner(exc: AwsError) -> Banner:
    """The banner for a console read that failed with ``exc``."""
    decision = exc.decision
    explain = getattr(decision, "explain", None)
    if decision is None or explain is None:
        return Banner(f"{exc.code}", exc.message)
    action, resource = explain.action, explain.resource
    context = _context(decision.message, action)
    request = (f"User: {explain.principal_arn}", f"Action: {action}", f"On resource(s): {resource}")
    return Banner(f"Access denied to {action}",
                  f"You don't have permission to {action}. To request access, copy the following text and send it "
                  "to your AWS administrator.",
                  request + ((f"Context: {context}",) if context else ()), action)


def _context(message: str, action: str) -> str:
    """Why, in the console's words: ``no identity-based policy allows the action``, ``an
    explicit deny in an identity-based policy`` (from AWS's access-denied sentence)."""
    if " because " in message:
        return message.split(" because ", 1)[1].replace(f"the {action} action", "the action")
    if " with " in message:
        return message.split(" with ", 1)[1]
    return ""


IAM_PAGE = 1000  # the most items an IAM list operation answers at once (MaxItems 1-1000)
S3_PAGE = 1000  # ListObjectsV2's largest page (MaxKeys)


def pages(ws: Workspace, service: str, operation: str, params: dict, *, page: int, size: str = "MaxResults",
          token: str = "NextToken", next_token: str | None = None) -> Iterator[dict]:
    """Each page of a list operation, read as the console reads a long list: a request of
    ``page`` items (its ``size`` parameter), then one more with the ``token`` each answer
    gives in ``next_token`` (the same name unless said), until an answer gives none. IAM's
    ``Marker``/``MaxItems``, Cognito's ``NextToken``/``MaxResults``, S3's
    ``ContinuationToken``/``NextContinuationToken``."""
    params = {**params, size: page}
    while True:
        answer = ws.read(service, operation, params)
        yield answer
        following = answer.get(next_token or token)
        if not following:
            return
        params = {**params, token: following}


def every(ws: Workspace, service: str, operation: str, params: dict, key: str, **paging) -> list[dict]:
    """Every item of a list operation (``key`` of each page); ``paging`` as for ``pages``."""
    return _items(pages(ws, service, operation, params, **paging), key)


def iam_pages(ws: Workspace, operation: str, params: dict | None = None) -> Iterator[dict]:
    """Each page of an IAM list, however long: IAM answers at most ``MaxItems`` (100 unless
    asked, 1,000 at most) and a ``Marker`` to ask for the rest, which the console follows."""
    return pages(ws, "iam", operation, params or {}, page=IAM_PAGE, size="MaxItems", token="Marker")


def every_iam(ws: Workspace, operation: str, key: str, params: dict | None = None) -> list[dict]:
    """Every item of an IAM list (``key`` of each page)."""
    return _items(iam_pages(ws, operation, params), key)


def _items(answers: Iterator[dict], key: str) -> list[dict]:
    return [item for answer in answers for item in answer.get(key, [])]
