"""``$((expression))``: the integer arithmetic of bash that learners use in scripts.

Decimal, ``0x`` hexadecimal and leading-zero octal numbers; variables by name (unset or
empty is 0, a value that is itself an expression is evaluated, as bash does); unary
``+ -``; ``**``; ``* / %``; ``+ -``; parentheses. Integers are 64-bit and wrap around like bash's.
A small recursive-descent parser: nothing is ever passed to ``eval``.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"[0-9][0-9A-Za-z_]*")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MAX_DEPTH = 100  # nesting of parentheses, signs and variables whose values are expressions


class ArithError(Exception):
    """Worded as bash prints it after ``-bash: ``: ``1/0: division by 0 (error token is "0")``."""


def _wrap(n: int) -> int:
    n &= (1 << 64) - 1
    return n - (1 << 64) if n >= 1 << 63 else n


def evaluate(text: str, env: dict, depth: int = 0) -> int:
    return _Parser(text, env, depth).run()


class _Parser:
    def __init__(self, text: str, env: dict, depth: int):
        self.text = text
        self.env = env
        self.depth = depth
        self.pos = 0

    # -- helpers -------------------------------------------------------------------------------------

    def fail(self, reason: str, at: int | None = None):
        token = self.text[self.pos if at is None else at:].strip()
        raise ArithError(f"{self.text.strip()}: {reason} (error token is \"{token}\")")

    def peek(self) -> str:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\n":
            self.pos += 1
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def nest(self):
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            self.fail("expression recursion level exceeded")

    # -- grammar -------------------------------------------------------------------------------------

    def run(self) -> int:
        if not self.peek():
            return 0  # $(( )) is 0
        value = self.sum()
        if self.peek():
            if self.peek() == ")":
                self.fail("syntax error: invalid arithmetic operator")
            self.fail("syntax error in expression" if self.peek().isalnum() or self.peek() in "_("
                      else "syntax error: invalid arithmetic operator")
        return value

    def sum(self) -> int:
        value = self.product()
        while self.peek() in ("+", "-"):
            op = self.text[self.pos]
            self.pos += 1
            right = self.product()
            value = _wrap(value + right if op == "+" else value - right)
        return value

    def product(self) -> int:
        value = self.power()
        while self.peek() in ("*", "/", "%"):
            op = self.text[self.pos]
            self.pos += 1
            self.peek()
            right_at = self.pos
            right = self.power()
            if op == "*":
                value = _wrap(value * right)
                continue
            if right == 0:
                self.fail("division by 0", right_at)
            quotient = abs(value) // abs(right)  # C division: truncate toward zero
            if (value < 0) != (right < 0):
                quotient = -quotient
            value = _wrap(quotient if op == "/" else value - quotient * right)
        return value

    def power(self) -> int:
        value = self.unary()
        if self.peek() == "*" and self.text.startswith("**", self.pos):
            self.pos += 2
            self.nest()
            exponent = self.power()  # right-associative: 2**3**2 is 2**9
            self.depth -= 1
            if exponent < 0:
                self.fail("exponent less than 0")
            value = _wrap(pow(value, exponent, 1 << 64))
        return value

    def unary(self) -> int:
        ch = self.peek()
        if ch in ("+", "-"):
            self.pos += 1
            self.nest()
            value = self.unary()
            self.depth -= 1
            return _wrap(-value) if ch == "-" else value
        return self.primary()

    def primary(self) -> int:
        ch = self.peek()
        if ch == "(":
            self.pos += 1
            self.nest()
            value = self.sum()
            self.depth -= 1
            if self.peek() != ")":
                self.fail("missing `)'")
            self.pos += 1
            return value
        if not ch:
            self.fail("syntax error: operand expected", max(self.pos - 1, 0))
        m = _NUMBER.match(self.text, self.pos)
        if m:
            self.pos = m.end()
            return self.number(m.group(0), m.start())
        m = _NAME.match(self.text, self.pos)
        if m:
            self.pos = m.end()
            return self.variable(m.group(0))
        self.fail("syntax error: operand expected")
        return 0  # pragma: no cover - fail raises

    def number(self, digits: str, start: int) -> int:
        low = digits.lower()
        base, body = 10, digits
        if low.startswith("0x"):
            base, body = 16, digits[2:]
        elif len(digits) > 1 and digits[0] == "0":
            base, body = 8, digits[1:]
        allowed = "0123456789abcdef"[:base]
        if not body or any(c not in allowed for c in body.lower()):
            self.fail("value too great for base", start)
        value = 0
        for c in body.lower():
            value = (value * base + allowed.index(c)) & ((1 << 64) - 1)
        return _wrap(value)

    def variable(self, name: str) -> int:
        value = str(self.env.get(name, "")).strip()
        if not value:
            return 0
        if self.depth + 1 > _MAX_DEPTH:
            self.fail("expression recursion level exceeded")
        return evaluate(value, self.env, self.depth + 1)
