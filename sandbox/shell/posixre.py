"""The regular expressions of ``grep``: POSIX basic and extended syntax with GNU's
extensions, matched in time linear in the text, whatever the pattern.

A learner's pattern is untrusted input: Python's ``re`` backtracks, and ``^(a+)+$`` on a
line of 30 ``a``s and a ``b`` would run for hours with no way to stop it. Here a pattern is
compiled to a small automaton (Thompson's construction) and run without backtracking:

- ``matches(line)``, the question ``grep``, ``grep -v``, ``-c``, ``-l`` ask, runs a lazily
  built DFA (one dictionary look-up per character once warm; states are made on demand and
  the cache is emptied past ``MAX_STATES``, so memory stays bounded too);
- ``finditer(line)``, for ``grep -o``, runs a Pike VM that keeps, for each automaton
  state, the thread that started leftmost, and reports the leftmost-longest match, which is
  what POSIX and GNU grep report (Python's ``re`` reports the leftmost-first one:
  ``a|ab`` on ``ab`` gives ``ab`` in grep, ``a`` in Python).

Supported: literals, ``.``, bracket expressions (ranges, ``[:alpha:]`` and the other
classes, ``[=a=]``, ``[.a.]``), ``^ $``, ``* + ? {m} {m,} {m,n} {,n}``, groups,
alternation, GNU's ``\\w \\W \\s \\S \\b \\B \\< \\>``, case folding (``-i``). In basic
syntax ``\\( \\) \\{ \\} \\| \\+ \\?`` are the operators. Back-references (``\\1``) cannot
be matched without backtracking: they are refused with a clear message. Errors are worded
as GNU grep words them (``Unmatched ( or \\(``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

MAX_REPEAT = 255  # the largest count in {m,n} (POSIX's RE_DUP_MAX is at least 255)
MAX_PROGRAM = 20000  # instructions in a compiled pattern
MAX_STATES = 4096  # DFA states kept before the cache starts over
WORK_BUDGET = 2_000_000  # automaton steps one grep may take (about a second): past it, a clear error
MAX_GROUPS = 40  # groups inside each other (the parser and compiler recurse into them)
MAX_STACKED = 40  # quantifiers in a row (a***)


class RegexError(ValueError):
    """A pattern GNU grep would refuse; the message is GNU's, printed after ``grep: ``."""


# -- character predicates ------------------------------------------------------------------------

def _word(ch: str | None) -> bool:
    return ch is not None and (ch.isalnum() or ch == "_")


_CLASSES: dict[str, Callable[[str], bool]] = {
    "alpha": str.isalpha, "digit": lambda c: "0" <= c <= "9", "alnum": str.isalnum,
    "upper": str.isupper, "lower": str.islower, "space": lambda c: c in " \t\n\r\f\v" or c.isspace(),
    "blank": lambda c: c in " \t", "punct": lambda c: c.isprintable() and not c.isalnum() and not c.isspace()
    and ord(c) < 128, "print": lambda c: c.isprintable(), "graph": lambda c: c.isprintable() and not c.isspace(),
    "cntrl": lambda c: ord(c) < 32 or ord(c) == 127, "xdigit": lambda c: c in "0123456789abcdefABCDEF",
}


@dataclass(frozen=True)
class _Set:
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
            return ("char", _Set(frozenset("\n"), negate=True))
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
            return ("char", _Set(frozenset({ch, ch.lower(), ch.upper()})))
        return ("char", _Set(frozenset(ch)))

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
            return ("char", _Set(frozenset("_"), classes=(str.isalnum,), negate=ch == "W"))
        if ch in "sS":
            return ("char", _Set(classes=(_CLASSES["space"],), negate=ch == "S"))
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
        test = _Set(frozenset(chars), tuple(ranges), tuple(classes))
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


# -- compiling to a program ------------------------------------------------------------------------
# instructions: ("char", test) ("split", a, b) ("jmp", a) ("assert", kind) ("match",)

def _size(node) -> int:
    kind = node[0]
    if kind in ("char", "assert", "empty"):
        return 1
    if kind in ("cat", "alt"):
        total = 0
        for child in node[1]:
            total += _size(child) + 1
            if total > MAX_PROGRAM:
                break
        return total
    _, child, lo, hi = node
    copies = max(lo, hi if hi is not None else lo + 1, 1)
    return copies * (_size(child) + 2)


def _emit(node, prog: list) -> None:
    kind = node[0]
    if kind == "char":
        prog.append(("char", node[1]))
    elif kind == "assert":
        prog.append(("assert", node[1]))
    elif kind == "empty":
        pass
    elif kind == "cat":
        for child in node[1]:
            _emit(child, prog)
    elif kind == "alt":
        jumps = []
        branches = node[1]
        for k, child in enumerate(branches):
            if k < len(branches) - 1:
                split = len(prog)
                prog.append(None)
                _emit(child, prog)
                jumps.append(len(prog))
                prog.append(None)
                prog[split] = ("split", split + 1, len(prog))
            else:
                _emit(child, prog)
        for j in jumps:
            prog[j] = ("jmp", len(prog))
    else:
        _, child, lo, hi = node
        for _ in range(lo):
            _emit(child, prog)
        if hi is None:  # child*
            loop = len(prog)
            prog.append(None)
            _emit(child, prog)
            prog.append(("jmp", loop))
            prog[loop] = ("split", loop + 1, len(prog))
        else:  # (child(child)?)? nested, hi - lo times
            holes = []
            for _ in range(hi - lo):
                holes.append(len(prog))
                prog.append(None)
                _emit(child, prog)
            for h in holes:
                prog[h] = ("split", h + 1, len(prog))


def _literal(tree) -> str | None:
    """The string a pattern of plain characters only stands for (None otherwise)."""
    items = tree[1] if tree[0] == "cat" else [tree]
    out = []
    for item in items:
        if item[0] != "char" or not isinstance(item[1], _Set) or item[1].negate or item[1].ranges \
                or item[1].classes or len(item[1].chars) != 1:
            return None
        out.append(next(iter(item[1].chars)))
    return "".join(out)


# -- running ---------------------------------------------------------------------------------------

def _holds(kind: str, prev: str | None, nxt: str | None) -> bool:
    if kind == "bol":
        return prev is None
    if kind == "eol":
        return nxt is None
    before, after = _word(prev), _word(nxt)
    if kind == "word":
        return before != after
    if kind == "notword":
        return before == after
    if kind == "wstart":
        return not before and after
    return before and not after  # wend


class _State:
    __slots__ = ("pcs", "next", "accepting")

    def __init__(self, pcs: tuple, accepting: bool):
        self.pcs = pcs
        self.next: dict[str, _State] = {}
        self.accepting = accepting


class Regex:
    """A compiled pattern; ``matches`` and ``finditer`` work on one line (no newline)."""

    def __init__(self, pattern: str, extended: bool = False, ignore_case: bool = False, tree=None):
        if tree is None:
            trees = [_Parser(p, extended, ignore_case).parse() for p in pattern.split("\n")]
            tree = trees[0] if len(trees) == 1 else ("alt", trees)
        if _size(tree) > MAX_PROGRAM:
            raise RegexError("Regular expression too big")
        self.prog: list = []
        _emit(tree, self.prog)
        self.prog.append(("match",))
        kinds = {ins[1] for ins in self.prog if ins[0] == "assert"}
        self._contextual = bool(kinds - {"bol", "eol"})  # word assertions need the Pike VM
        self._states: dict[tuple, _State] = {}
        # a pattern of plain characters is looked for as a string (fast, and what most greps are)
        self.literal = _literal(tree) if not ignore_case else None
        self.budget = WORK_BUDGET  # linear is not enough when pattern and line are both long

    def _spend(self, steps: int) -> None:
        self.budget -= steps
        if self.budget < 0:
            raise RegexError("the pattern is too complex for this text in the sandbox terminal "
                             "(for a fixed string, use grep -F)")

    # -- the threads one position reaches without reading a character
    def _closure(self, threads, prev: str | None, nxt: str | None) -> list[tuple[int, int]]:
        """``(pc, start)`` of every instruction that reads a character or matches, reached from
        ``threads`` (earlier ones first: a state keeps the first thread that reaches it).
        ``nxt == ""`` is the DFA's middle of a line: an end-of-line assertion is kept there,
        to be tried again at the end."""
        prog = self.prog
        seen: set[int] = set()
        out: list[tuple[int, int]] = []
        for pc0, start in threads:
            stack = [pc0]
            while stack:
                pc = stack.pop()
                if pc in seen:
                    continue
                seen.add(pc)
                ins = prog[pc]
                op = ins[0]
                if op == "jmp":
                    stack.append(ins[1])
                elif op == "split":
                    stack.append(ins[2])
                    stack.append(ins[1])
                elif op == "assert":
                    if _holds(ins[1], prev, nxt):
                        stack.append(pc + 1)
                    elif nxt == "" and ins[1] == "eol":
                        out.append((pc, start))
                else:
                    out.append((pc, start))
        self._spend(len(seen) + len(threads))
        return out

    # -- DFA: does the line match anywhere?
    def _state(self, threads: list[tuple[int, int]]) -> _State:
        key = tuple(sorted({pc for pc, _ in threads}))
        state = self._states.get(key)
        if state is None:
            if len(self._states) >= MAX_STATES:
                self._states.clear()
            state = self._states[key] = _State(key, any(self.prog[pc][0] == "match" for pc in key))
        return state

    def matches(self, line: str) -> bool:
        if self.literal is not None:
            return self.literal in line
        if self._contextual:
            return self._search(line, 0, longest=False) is not None
        prog = self.prog
        cur = self._state(self._closure([(0, 0)], None, line[:1] or None))
        if cur.accepting:
            return True
        restart = [(0, 0)]  # a new attempt at each position
        for ch in line:
            nxt = cur.next.get(ch)
            if nxt is None:
                moved = [(pc + 1, 0) for pc in cur.pcs if prog[pc][0] == "char" and prog[pc][1](ch)]
                nxt = cur.next[ch] = self._state(self._closure(moved + restart, "", ""))
            cur = nxt
            if cur.accepting:
                return True
        return any(prog[pc][0] == "match" for pc, _ in self._closure([(pc, 0) for pc in cur.pcs], "", None))

    # -- Pike VM: where are the leftmost-longest matches?
    def finditer(self, line: str, longest: bool = True) -> Iterator[tuple[int, int]]:
        pos = 0
        n = len(line)
        if self.literal:  # a fixed string: its occurrences, left to right, without overlap
            while (found := line.find(self.literal, pos)) >= 0:
                yield found, found + len(self.literal)
                pos = found + len(self.literal)
            return
        while pos <= n:
            found = self._search(line, pos, longest)
            if found is None:
                return
            yield found
            start, end = found
            pos = end if end > start else end + 1

    def _search(self, line: str, pos: int, longest: bool) -> tuple[int, int] | None:
        """The leftmost-longest match starting at ``pos`` or after (the leftmost one only,
        when ``longest`` is False), as ``(start, end)``."""
        prog = self.prog
        n = len(line)
        threads: list[tuple[int, int]] = []  # (pc, start), the leftmost start first
        best: tuple[int, int] | None = None
        for i in range(pos, n + 1):
            if best is None:
                threads.append((0, i))
            nxt = line[i] if i < n else None
            moved: list[tuple[int, int]] = []
            for pc, start in self._closure(threads, line[i - 1] if i else None, nxt):
                ins = prog[pc]
                if ins[0] == "match":
                    if best is None or start < best[0] or (start == best[0] and i > best[1]):
                        best = (start, i)
                        if not longest:
                            return best
                elif nxt is not None and ins[1](nxt) and (best is None or start <= best[0]):
                    moved.append((pc + 1, start))
            threads = moved
            if not threads and best is not None:
                break
        return best


# -- patterns built piece by piece (the shell's wildcards) ------------------------------------------

def whole(pieces: list) -> Regex:
    """A pattern that must match a whole text: ``pieces`` in a row, each from ``any_run``,
    ``any_char`` or ``one_of``."""
    return Regex("", tree=("cat", [("assert", "bol"), *pieces, ("assert", "eol")]))


def one_of(test: Callable[[str], bool]):
    """One character for which ``test`` holds."""
    return ("char", test)


def any_char():
    return ("char", _ANY)


def any_run():
    """Any characters, newlines too (the shell's ``*``)."""
    return ("rep", ("char", _ANY), 0, None)


def _ANY(ch: str) -> bool:
    return True
