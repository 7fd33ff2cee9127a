"""The console's reads: what a list, a detail tab or a dashboard figure shows when its
request is refused.

Every console page is a request as the signed-in principal (``Workspace.read``), as in the
real console: a new user with no permissions sees the IAM console's access-denied banner,
naming the action, where the list would be, and the decision is in the decisions pane
like any other. Root sees everything, as in AWS.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.errors import AwsError


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
