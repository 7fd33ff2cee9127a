"""What a user pool sends its users: verification codes and temporary passwords.

Codes are six digits, valid 24 hours (Developer Guide, "Signing up and confirming user
accounts"); they go to the attribute the pool verifies (``AutoVerifiedAttributes``: the
email, else the phone number) in the pool's verification message ("Your verification code
is {####}."). An administrator's new user gets the invitation "Your username is {username}
and temporary password is {####}." by the ``DesiredDeliveryMediums`` (SMS unless EMAIL is
asked). Everything arrives in the sandbox's inbox (``sandbox.services.mailbox``).
"""

from __future__ import annotations

from datetime import timedelta

from sandbox.services import mailbox
from sandbox.services.cognito_idp import common as c
from sandbox.services.cognito_idp.pools import DEFAULT_INVITATION, DEFAULT_INVITATION_SUBJECT
from sandbox.world import ids

CODE_HOURS = 24


def code_destination(pool: dict, user: dict) -> tuple[str, str] | None:
    """``(attribute, address)`` the pool sends the user's code to, if any."""
    attrs = c.attributes(user)
    for name in ("email", "phone_number"):
        if name in pool["AutoVerifiedAttributes"] and attrs.get(name):
            return name, attrs[name]
    return None


def send_code(world, pool: dict, user: dict) -> tuple[dict, dict | None]:
    """A new code for the user; returns the user row to store and the CodeDeliveryDetails
    (None when the pool verifies no attribute the user has: an administrator confirms them)."""
    code = ids.chars("0123456789", 6)
    destination = code_destination(pool, user)
    row = {**user, "Code": {"Value": code, "Expires": c.iso(world.now() + timedelta(hours=CODE_HOURS))}}
    if destination is None:
        return row, None
    attribute, address = destination
    message = pool.get("EmailMessage") or "Your verification code is {####}. "
    mailbox.deliver(world, address, pool.get("EmailSubject") or "Your verification code",
                    message.replace("{####}", code).strip())
    medium = "EMAIL" if attribute == "email" else "SMS"
    return row, {"Destination": c.masked(address), "DeliveryMedium": medium, "AttributeName": attribute}


def send_invitation(world, user: dict, password: str, mediums: list[str]) -> None:
    attrs = c.attributes(user)
    addresses = [attrs[a] for m, a in (("EMAIL", "email"), ("SMS", "phone_number")) if m in mediums and attrs.get(a)]
    if not addresses:
        raise c.invalid_parameter("User has no attribute matching desired delivery mediums")
    body = DEFAULT_INVITATION.replace("{username}", user["Username"]).replace("{####}", password).strip()
    for address in addresses:
        mailbox.deliver(world, address, DEFAULT_INVITATION_SUBJECT, body)
