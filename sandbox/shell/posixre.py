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

A pattern of plain characters is looked for with ``str.find``. Linear in the text is
still the pattern's length times the text's: a budget of automaton steps (``WORK_BUDGET``,
about a second) ends a search that would take longer, with a clear error, so that no grep
keeps the terminal busy.

Supported: literals, ``.``, bracket expressions (ranges, ``[:alpha:]`` and the other
classes, ``[=a=]``, ``[.a.]``), ``^ $``, ``* + ? {m} {m,} {m,n} {,n}``, groups,
alternation, GNU's ``\\w \\W \\s \\S \\b \\B \\< \\>``, case folding (``-i``). In basic
syntax ``\\( \\) \\{ \\} \\| \\+ \\?`` are the operators. Back-references (``\\1``) cannot
be matched without backtracking: they are refused with a clear message. Errors are worded
as GNU grep words them (``Unmatched ( or \\(``).
"""

from __future__ import annotations

from typing import Callable, Iterator

from sandbox.shell.regex_syntax import RegexError, Set, is_word, parse

__all__ = ["Regex", "RegexError", "any_char", "any_run", "one_of", "whole"]

MAX_PROGRAM = 20000  # instructions in a compiled pattern
MAX_STATES = 4096  # DFA states kept before the cache starts over
WORK_BUDGET = 2_000_000  # automaton steps one grep may take (about a second): past it, a clear error


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
        if item[0] != "char" or not isinstance(item[1], Set) or item[1].negate or item[1].ranges \
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
    before, after = is_word(prev), is_word(nxt)
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
            trees = [parse(p, extended, ignore_case) for p in pattern.split("\n")]
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
