"""The learner's inbox: the emails and text messages AWS sends to the people of the sandbox.

A Cognito user pool sends a verification code at sign-up and a temporary password when an
administrator creates a user; real AWS sends them by email (or SMS) to the user's address.
Here every message lands in the world's ``inbox`` table, addressed to the email or phone
number it was sent to, and the learner reads it with ``iam-sandbox inbox`` in the sandbox
terminal or in their own. It is not AWS state: it stands for the people's mailboxes.
"""

from __future__ import annotations

import re

from sandbox.services.isotime import iso

TABLE = "inbox"
COGNITO_SENDER = "no-reply@verificationemail.com"  # Cognito's default sender (COGNITO_DEFAULT)
_CODE = re.compile(r"(?<![\w-])([0-9]{6})(?![\w-])")
_TEMPORARY = re.compile(r"temporary password is (\S+)")


def deliver(world, to: str, subject: str, body: str, sender: str = COGNITO_SENDER) -> dict:
    """Put a message in ``to``'s inbox (inside a transaction); returns its row."""
    number = len(world[TABLE]) + 1
    while world[TABLE].exists(str(number)):
        number += 1
    row = {"Id": str(number), "To": to, "From": sender, "Subject": subject, "Body": body,
           "Date": iso(world.now()), "Read": False}
    world[TABLE].put(row)
    return row


def messages(world, to: str | None = None) -> list[dict]:
    """The messages, oldest first; only those to ``to`` (case-insensitive) when given."""
    rows = world[TABLE].all()
    if to is not None:
        rows = [r for r in rows if r["To"].lower() == to.lower()]
    return sorted(rows, key=lambda r: int(r["Id"]) if r["Id"].isdigit() else 0)


def mark_read(world, message_id: str) -> None:
    row = world[TABLE].get(message_id)
    if row is not None and not row.get("Read"):
        world[TABLE].put({**row, "Read": True})


def code_in(body: str) -> str | None:
    """The verification code or temporary password a message carries, if any."""
    found = _TEMPORARY.search(body)
    if found:
        return found.group(1).rstrip(".")
    found = _CODE.search(body)
    return found.group(1) if found else None
