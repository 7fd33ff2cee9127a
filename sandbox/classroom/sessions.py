"""Who is signed in to a served class, and how many app sessions run.

A browser signs in once (its name, and the class code if there is one) and is given a
random token, kept in a cookie for the browser session; each app session it opens is
counted against the class's limit, so a room cannot start more processes than the
laptop serving it can carry.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass, field

from sandbox.classroom.learners import LearnerFiles

WRONG_CODES, WRONG_CODE_WINDOW = 10, 60.0  # wrong codes allowed from one address per window (seconds)


class WrongCode(Exception):
    """The class code was missing or wrong."""


class TooManyTries(WrongCode):
    """Too many wrong codes from one address lately: guessing is slowed down."""


@dataclass
class Sessions:
    limit: int
    code: str | None = None  # None: anyone who can reach the laptop may sign in
    _tokens: dict[str, LearnerFiles] = field(default_factory=dict)
    _live: dict[str, str] = field(default_factory=dict)  # app session id -> learner name
    _wrong: dict[str, list[float]] = field(default_factory=dict)  # address -> times of wrong codes

    def check_code(self, offered: str, address: str = "", now: float | None = None) -> None:
        if self.code is None:
            return
        now = time.monotonic() if now is None else now
        recent = [t for t in self._wrong.pop(address, []) if now - t < WRONG_CODE_WINDOW]
        if len(recent) >= WRONG_CODES:
            self._wrong[address] = recent
            raise TooManyTries()
        if not hmac.compare_digest(offered.strip().encode(), self.code.encode()):
            self._wrong[address] = [*recent, now]
            raise WrongCode()
        if recent:
            self._wrong[address] = recent

    def sign_in(self, files: LearnerFiles) -> str:
        token = secrets.token_urlsafe(24)
        self._tokens[token] = files
        return token

    def learner(self, token: str | None) -> LearnerFiles | None:
        return self._tokens.get(token) if token else None

    def sign_out(self, token: str | None) -> None:
        self._tokens.pop(token or "", None)

    @property
    def full(self) -> bool:
        return len(self._live) >= self.limit

    @property
    def running(self) -> int:
        return len(self._live)

    def open(self, files: LearnerFiles) -> str | None:
        """Count one more app session; None when the limit is reached."""
        if self.full:
            return None
        session_id = secrets.token_hex(8)
        self._live[session_id] = files.name
        return session_id

    def close(self, session_id: str) -> None:
        self._live.pop(session_id, None)

    def online(self) -> set[str]:
        return set(self._live.values())
