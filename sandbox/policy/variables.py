"""Policy variables: ``${aws:username}``, ``${aws:PrincipalTag/team, 'none'}``, ``${*}``.

A template is split once into literal text and variables. Resolving it against a request
context gives a list of ``(text, is_pattern)`` pieces: text written in the policy keeps its
wildcard meaning, while text that came from a variable (and the escapes ``${*}``, ``${?}``,
``${$}``) is literal. A variable with no value and no default makes the whole template
unresolvable: it is "effectively null" (IAM User Guide, "Policy variables with no value"),
so a Resource entry using it matches no resource and a condition value using it equals or
is like no request value (negated operators are therefore true against it).

Only policies with ``"Version": "2012-10-17"`` have variables; with 2008-10-17 or no
Version the text is literal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sandbox.policy.context import RequestContext

_VAR = re.compile(r"\$\{([^}]*)\}")
_ESCAPES = {"*": "*", "?": "?", "$": "$"}
_DEFAULT = re.compile(r"^\s*([^,]*?)\s*,\s*'([^']*)'\s*$")


@dataclass(frozen=True, slots=True)
class Variable:
    text: str  # as written, e.g. "${aws:username}"
    key: str  # e.g. "aws:username" ("" for an escape)
    default: str | None
    escape: str | None = None


Piece = str | Variable


def parse_template(text: str) -> tuple[Piece, ...] | None:
    """Split ``text`` into literal strings and variables; ``None`` when it has none."""
    if "${" not in text:
        return None
    pieces: list[Piece] = []
    pos = 0
    for m in _VAR.finditer(text):
        if m.start() > pos:
            pieces.append(text[pos:m.start()])
        inner = m.group(1)
        stripped = inner.strip()
        if stripped in _ESCAPES:
            pieces.append(Variable(m.group(0), "", None, _ESCAPES[stripped]))
        else:
            dm = _DEFAULT.match(inner)
            if dm:
                pieces.append(Variable(m.group(0), dm.group(1), dm.group(2)))
            else:
                pieces.append(Variable(m.group(0), stripped, None))
        pos = m.end()
    if pos < len(text):
        pieces.append(text[pos:])
    if not any(isinstance(p, Variable) for p in pieces):
        return None
    return tuple(pieces)


def variable_keys(pieces: tuple[Piece, ...]) -> list[str]:
    return [p.key for p in pieces if isinstance(p, Variable) and not p.escape and p.key]


def resolve_variable(var: Variable, ctx: RequestContext) -> str | None:
    if var.escape is not None:
        return var.escape
    item = ctx.get(var.key.lower())
    if item is not None and not item.multi and len(item.values) == 1:
        return item.values[0]
    return var.default


def resolve(pieces: tuple[Piece, ...], ctx: RequestContext, resolved: dict[str, str | None] | None = None):
    """``[(text, is_pattern), ...]`` or ``None`` if a variable has no value.

    ``resolved`` (when given) collects ``{variable text: value}`` for the explanation.
    """
    out: list[tuple[str, bool]] = []
    ok = True
    for piece in pieces:
        if isinstance(piece, str):
            out.append((piece, True))
            continue
        value = resolve_variable(piece, ctx)
        if resolved is not None:
            resolved[piece.text] = value
        if value is None:
            ok = False
            if resolved is None:
                return None
        else:
            out.append((value, False))
    return out if ok else None


def as_literal_text(parts: list[tuple[str, bool]]) -> str:
    return "".join(text for text, _ in parts)
