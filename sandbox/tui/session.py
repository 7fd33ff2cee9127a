"""What the app shares between its screens: the world, the gateway, who is signed in to
the console, and a thread-safe way to call operations as that principal."""

from __future__ import annotations

from dataclasses import dataclass, field

from sandbox.services.gateway import Caller, Gateway, Origin
from sandbox.world.store import World


@dataclass
class AppSession:
    world: World
    gateway: Gateway
    caller: Caller | None = None
    who: str = ""
    last_seq: int = 0
    stamp: tuple | None = field(default=None)

    @property
    def signed_in(self) -> str:
        if self.caller is None:
            return "not signed in"
        mfa = " (MFA)" if self.caller.mfa_present else ""
        return f"{self.caller.arn}{mfa}"

    def call(self, service: str, operation: str, params: dict) -> dict:
        """An operation as the signed-in console principal, through the gateway."""
        if self.caller is None:
            raise RuntimeError("sign in first")
        origin = Origin(machine="console", source_ip="203.0.113.10", via="console")
        return self.gateway.call(self.caller, service, operation, params, origin)
