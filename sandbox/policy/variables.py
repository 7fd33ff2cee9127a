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

from dataclasses import dataclass

from sandbox.policy.context import RequestContext

_ESCAPES = {"*": "*", "?": "?", "$": "$"}


@dataclass(frozen=True, slots=True)
class Variable:
    text: str  # as written, e.g. "${aws:username}"
    key: str  # e.g. "aws:username" ("" for an escape)
    default: str | None
    escape: str | None = None


Piece = str | Variable


def _spans(text: str):
    """``(start, end)`` of each ``${...}``: a ``${`` and the first ``}`` after it. Found with
    ``str.find``, so linear however many unclosed ``${`` the text holds."""
    pos = 0
    while True:
        start = text.find("${", pos)
        if start < 0:
            return
        end = text.find("}", start + 2)
        if end < 0:
            return
        yield start, end + 1
        pos = end + 1


def has_variable(text: str) -> bool:
    return next(_spans(text), None) is not None


def _variable(written: str) -> Variable:
    inner = written[2:-1]
    stripped = inner.strip()
    if stripped in _ESCAPES:
        return Variable(written, "", None, _ESCAPES[stripped])
    key, comma, rest = inner.partition(",")
    rest = rest.strip()
    if comma and len(rest) >= 2 and rest[0] == rest[-1] == "'" and "'" not in rest[1:-1]:
        return Variable(written, key.strip(), rest[1:-1])  # ${key, 'default'}
    return Variable(written, stripped, None)


def parse_template(text: str) -> tuple[Piece, ...] | None:
    """Split ``text`` into literal strings and variables; ``None`` when it has none."""
    pieces: list[Piece] = []
    pos = 0
    for start, end in _spans(text):
        if start > pos:
            pieces.append(text[pos:start])
        pieces.append(_variable(text[start:end]))
        pos = end
    if not pieces:
        return None
    if pos < len(text):
        pieces.append(text[pos:])
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
