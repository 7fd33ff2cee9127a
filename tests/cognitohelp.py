"""Worlds, callers and ready-made user pools for the Cognito tests.

Identifiers are drawn from a fixed seed while a test runs, so the same pool ids come back in
every test and a pool's signing keys are derived once per test process (``sandbox.idp.keys``
keeps derived keys by seed and pool).
"""

from __future__ import annotations

from dataclasses import dataclass

import jwt
import pytest

from idphelp import seeded_world
from sandbox.errors import AwsError
from sandbox.services import mailbox, principals
from sandbox.services.gateway import Caller, Gateway
from sandbox.world import World, ids

ACCOUNT = "123456789012"
PASSWORD = "Corr3ct-horse"


def error_of(call, *args, **kwargs) -> AwsError:
    with pytest.raises(AwsError) as caught:
        call(*args, **kwargs)
    return caught.value


def claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


@dataclass
class Cognito:
    world: World
    gateway: Gateway

    @property
    def admin(self) -> Caller:
        row = self.world["users"].get("admin")
        return Caller(principals.user_principal(self.world, row), "user", user=row)

    def as_admin(self, operation: str, params: dict, service: str = "cognito-idp") -> dict:
        return self.gateway.call(self.admin, service, operation, params)

    def public(self, operation: str, params: dict, service: str = "cognito-idp") -> dict:
        """An unsigned call, as an app makes it (no AWS credentials)."""
        return self.gateway.call(self.gateway.anonymous(), service, operation, params)

    def pool(self, **params) -> dict:
        return self.as_admin("CreateUserPool", {"PoolName": "photos", "AutoVerifiedAttributes": ["email"],
                                                **params})["UserPool"]

    def client(self, pool_id: str, **params) -> dict:
        params.setdefault("ExplicitAuthFlows", ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
        return self.as_admin("CreateUserPoolClient", {"UserPoolId": pool_id, "ClientName": "web",
                                                      **params})["UserPoolClient"]

    def last_code(self, address: str) -> str:
        return mailbox.code_in(mailbox.messages(self.world, address)[-1]["Body"])

    def sign_up(self, client_id: str, username: str, email: str, password: str = PASSWORD, confirm: bool = True,
                **extra) -> dict:
        out = self.public("SignUp", {"ClientId": client_id, "Username": username, "Password": password,
                                     "UserAttributes": [{"Name": "email", "Value": email}], **extra})
        if confirm:
            self.public("ConfirmSignUp", {"ClientId": client_id, "Username": username,
                                          "ConfirmationCode": self.last_code(email), **extra})
        return out

    def sign_in(self, client_id: str, username: str, password: str = PASSWORD, **auth) -> dict:
        return self.public("InitiateAuth", {"ClientId": client_id, "AuthFlow": "USER_PASSWORD_AUTH",
                                            "AuthParameters": {"USERNAME": username, "PASSWORD": password, **auth}})

    def advance(self, seconds: int) -> None:
        with self.world.transaction():
            self.world.advance_clock(seconds)


def cognito_session():
    """A Cognito driver on a seeded world, ids seeded (the ``cognito`` fixture of conftest.py)."""
    world = seeded_world()
    ids.seed(2024)
    try:
        yield Cognito(world, Gateway(world))
    finally:
        ids.seed(None)
