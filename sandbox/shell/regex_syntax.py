"""Reading a grep pattern into a tree: POSIX basic and extended syntax with GNU's
extensions, and errors worded as GNU grep words them (``Unmatched ( or \\(``).

Tree nodes: ``("char", test)``, ``("cat", [nodes])``, ``("alt", [nodes])``,
``("rep", node, min, max or None)``, ``("assert", kind)``, ``("empty",)``; ``posixre``
compiles a tree and runs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

MAX_REPEAT = 255  # the largest count in {m,n} (POSIX's RE_DUP_MAX is at least 255)
MAX_GROUPS = 40  # groups inside each other (the parser and compiler recurse into them)
MAX_STACKED = 40  # quantifiers in a row (a***)


class RegexError(ValueError):
    """A pattern GNU grep would refuse; the message is GNU's, printed after ``grep: ``."""


# -- character predicates ------------------------------------------------------------------------

def is_word(ch: str | None) -> bool:
    """A character of a word, as GNU's \\w and \\b see it (a letter, a digit or _)."""
    return ch is not None and (ch.isalnum() or ch == "_")


_CLASSES: dict[str, Callable[[str], bool]] = {
    "alpha": str.isalpha, "digit": lambda c: "0" <= c <= "9", "alnum": str.isalnum,
    "upper": str.isupper, "lower": str.islower, "space": lambda c: c in " \t\n\r\f\v" or c.isspace(),
    "blank": lambda c: c in " \t", "punct": lambda c: c.isprintable() and not c.isalnum() and not c.isspace()
    and ord(c) < 128, "print": lambda c: c.isprintable(), "graph": lambda c: c.isprintable() and not c.isspace(),
    "cntrl": lambda c: ord(c) < 32 or ord(c) == 127, "xdigit": lambda c: c in "0123456789abcdefABCDEF",
}


@dataclass(frozen=True)
class Set:
    """A bracket expression (or ``.``, ``\\w``...): single characters, ranges, classes."""

    chars: frozenset = frozenset()
    ranges: tuple = ()
    classes: tuple = ()
    negate: bool = False

    def __call__(self, ch: str) -> bool:
        found = ch in self.chars or any(lo <= ch <= hi for lo, hi in self.ranges) or any(
            test(ch) for test in self.classes)
        return found != self.negate


def _folded(test: Callable[[str], bool]) -> Callable[[str], bool]:
    return lambda ch: test(ch) or test(ch.lower()) or test(ch.upper())


# -- parsing into a tree ---------------------------------------------------------------------------
# nodes: ("char", test) ("cat", [n...]) ("alt", [n...]) ("rep", n, min, max|None) ("assert", kind) ("empty",)

class _Parser:
    def __init__(self, pattern: str, extended: bool, fold: bool):
        self.p = pattern
        self.i = 0
        self.ere = extended
        self.fold = fold
        self.depth = 0

    def parse(self):
        node = self.alternation()
        if self.i < len(self.p):  # only an unmatched ) stops alternation early
            raise RegexError("Unmatched ) or \\)")
        return node

    # the operators, in either syntax
    def at_alt(self) -> bool:
        return self.p.startswith("|" if self.ere else "\\|", self.i)

    def at_close(self) -> bool:
        return self.p.startswith(")" if self.ere else "\\)", self.i)

    def alternation(self):
        branches = [self.branch()]
        while self.at_alt():
            self.i += 1 if self.ere else 2
            branches.append(self.branch())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def branch(self):
        items = []
        start = self.i
        while self.i < len(self.p) and not self.at_alt() and not (self.at_close() and self.depth):
            if self.ere and self.p[self.i] == ")" and not self.depth:
                raise RegexError("Unmatched ) or \\)")
            items.append(self.piece(first=self.i == start or items == [("assert", "bol")]))
        if not items:
            return ("empty",)
        return items[0] if len(items) == 1 else ("cat", items)

    def piece(self, first: bool):
        atom = self.atom(first)
        stacked = 0
        while True:
            bounds = self.quantifier()
            if bounds is None:
                return atom
            if atom[0] == "assert" and not self.ere:
                raise RegexError("Invalid preceding regular expression")
            lo, hi = bounds
            if atom[0] == "rep" and atom[3] is None and atom[2] <= 1 and lo <= 1 and hi in (None, 1):
                atom = ("rep", atom[1], atom[2] * lo, None)  # a** is a*, (a+)? is a*: one loop
                continue
            stacked += 1
            if stacked > MAX_STACKED:
                raise RegexError("Regular expression too big")
            atom = ("rep", atom, lo, hi)

    def quantifier(self) -> tuple[int, int | None] | None:
        p, i = self.p, self.i
        if i >= len(p):
            return None
        ch = p[i]
        if ch == "*":
            self.i += 1
            return 0, None
        if self.ere and ch in "+?":
            self.i += 1
            return (1, None) if ch == "+" else (0, 1)
        if not self.ere and p.startswith(("\\+", "\\?"), i):
            self.i += 2
            return (1, None) if p[i + 1] == "+" else (0, 1)
        if self.ere and ch == "{" or not self.ere and p.startswith("\\{", i):
            return self.interval()
        return None

    def interval(self) -> tuple[int, int | None] | None:
        p = self.p
        start = self.i + (1 if self.ere else 2)
        close = "}" if self.ere else "\\}"
        end = p.find(close, start)
        body = p[start:end] if end >= 0 else ""
        low, comma, high = body.partition(",")
        valid = end >= 0 and (low.isdigit() or (comma and not low)) and (not high or high.isdigit()) and (
            low or high or comma)
        if not valid:
            if self.ere:
                return None  # GNU grep -E reads a { that starts no interval as itself
            raise RegexError("Unmatched \\{" if end < 0 else "Invalid content of \\{\\}")
        lo = int(low) if low else 0
        hi = int(high) if high else (None if comma else lo)
        if lo > MAX_REPEAT or (hi is not None and hi > MAX_REPEAT):
            raise RegexError("Regular expression too big")
        if hi is not None and hi < lo:
            raise RegexError("Invalid content of \\{\\}")
        self.i = end + len(close)
        return lo, hi

    def atom(self, first: bool):
        p, i = self.p, self.i
        ch = p[i]
        if ch == "\\":
            return self.escape()
        if self.ere and ch == "(":
            return self.group(1)
        if ch == "[":
            return self.bracket()
        if ch == ".":
            self.i += 1
            return ("char", Set(frozenset("\n"), negate=True))
        if ch == "^" and (self.ere or first):
            self.i += 1
            return ("assert", "bol")
        if ch == "$" and (self.ere or self.at_branch_end(i + 1)):
            self.i += 1
            return ("assert", "eol")
        if ch == "*" and first:  # a * with nothing before it is itself
            self.i += 1
            return self.literal("*")
        if self.ere and ch in "+?" and first:
            self.i += 1
            return self.literal(ch)
        if self.ere and ch == "{" and first:
            self.i += 1
            return self.literal("{")
        self.i += 1
        return self.literal(ch)

    def at_branch_end(self, i: int) -> bool:
        return i == len(self.p) or self.p.startswith(("\\)", "\\|"), i)

    def literal(self, ch: str):
        if self.fold and ch.lower() != ch.upper():
            return ("char", Set(frozenset({ch, ch.lower(), ch.upper()})))
        return ("char", Set(frozenset(ch)))

    def group(self, width: int):
        self.i += width
        self.depth += 1
        if self.depth > MAX_GROUPS:
            raise RegexError("Regular expression too big")
        inner = self.alternation()
        if not self.at_close():
            raise RegexError("Unmatched ( or \\(")
        self.i += width
        self.depth -= 1
        return inner

    def escape(self):
        p, i = self.p, self.i
        if i + 1 >= len(p):
            raise RegexError("Trailing backslash")
        ch = p[i + 1]
        if not self.ere and ch == "(":
            return self.group(2)
        if not self.ere and ch in ")|{}":
            raise RegexError("Unmatched ) or \\)" if ch == ")" else "Invalid preceding regular expression")
        self.i += 2
        if "1" <= ch <= "9":
            raise RegexError("back-references (\\1 to \\9) are not supported in the sandbox terminal")
        if ch in "wW":
            return ("char", Set(frozenset("_"), classes=(str.isalnum,), negate=ch == "W"))
        if ch in "sS":
            return ("char", Set(classes=(_CLASSES["space"],), negate=ch == "S"))
        kinds = {"b": "word", "B": "notword", "<": "wstart", ">": "wend", "`": "bol", "'": "eol"}
        if ch in kinds:
            return ("assert", kinds[ch])
        return self.literal(ch)

    def bracket(self):
        p = self.p
        i = self.i + 1
        negate = i < len(p) and p[i] == "^"
        if negate:
            i += 1
        chars: set[str] = set()
        ranges: list[tuple[str, str]] = []
        classes: list[Callable[[str], bool]] = []
        first = True
        unmatched = RegexError("Unmatched [, [^, [:, [., or [=")
        while True:
            if i >= len(p):
                raise unmatched
            ch = p[i]
            if ch == "]" and not first:
                i += 1
                break
            first = False
            if ch == "[" and i + 1 < len(p) and p[i + 1] in ":=.":
                kind = p[i + 1]
                end = p.find(kind + "]", i + 2)
                if end < 0:
                    raise unmatched
                name = p[i + 2:end]
                i = end + 2
                if kind == ":":
                    test = _CLASSES.get(name)
                    if test is None:
                        raise RegexError("Invalid character class name")
                    classes.append(test)
                    continue
                if len(name) != 1:
                    raise RegexError("Invalid collation character")
                ch = name
            else:
                i += 1
            if i + 1 < len(p) and p[i] == "-" and p[i + 1] != "]":
                high = p[i + 1]
                i += 2
                if high == "[" and i < len(p) and p[i] == ".":
                    end = p.find(".]", i + 1)
                    if end < 0:
                        raise unmatched
                    high, i = p[i + 1:end], end + 2
                if len(high) != 1 or high < ch:
                    raise RegexError("Invalid range end")
                ranges.append((ch, high))
            else:
                chars.add(ch)
        self.i = i
        test = Set(frozenset(chars), tuple(ranges), tuple(classes))
        if self.fold:
            test = _folded(test)
        if negate:
            return ("char", _Not(test))
        return ("char", test)


@dataclass(frozen=True)
class _Not:
    test: Callable[[str], bool]

    def __call__(self, ch: str) -> bool:
        return ch != "\n" and not self.test(ch)


def parse(pattern: str, extended: bool, ignore_case: bool):
    """The tree of one pattern (a line of ``grep``'s patterns); ``RegexError`` if GNU grep
    would refuse it."""
    return _Parser(pattern, extended, ignore_case).parse()
