"""The names of the three decisions, as events store them and every layer compares them
(a module of their own, so that comparing them loads no part of the engine)."""

ALLOWED = "allowed"
EXPLICIT_DENY = "explicitDeny"
IMPLICIT_DENY = "implicitDeny"
