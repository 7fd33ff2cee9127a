"""Splitting a command line the way a POSIX shell does, for the sandbox terminal.

Supported: single and double quotes, backslash escapes, ``$VAR``/``${VAR}`` expansion,
``$(command)``/```command``` and ``$((arithmetic))`` (not inside single quotes; unquoted,
the result is split into words at blanks), ``~`` at the start of a word, pathname
expansion of unquoted ``* ? [...]`` (through the ``glob`` callback), the operators ``;``,
``&&``, ``||``, pipes ``|`` (a command whose connector is ``|`` reads what the one before
it printed), and redirections ``>``, ``>>``, ``2>``, ``2>&1``, ``<``. Background jobs are
reported as unsupported rather than misread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from sandbox.shell import arith, globbing, limits

_VAR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_IFS = re.compile(r"[ \t\n]+")
_DECLARE = ("export", "declare", "local", "readonly")


class ShellSyntaxError(Exception):
    """A line bash would refuse; printed after ``-bash: ``. ``status`` is the exit status
    (2 for syntax errors, 1 for a failed arithmetic expansion, as bash sets them)."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


def is_assignment(word: str) -> bool:
    """``NAME=value``: a variable assignment when it comes before the command name."""
    return bool(_ASSIGNMENT.match(word))


@dataclass
class Command:
    words: list[str] = field(default_factory=list)
    redirects: list[tuple[str, str]] = field(default_factory=list)  # (op, target)
    connector: str = ";"  # how it joins the previous command: ";", "&&", "||", "|"


def _closing_paren(line: str, start: int) -> int:
    """Index of the ``)`` closing the ``$(`` whose ``(`` is at ``start``."""
    depth = 0
    quote = None
    i = start
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == quote:
                quote = None
            elif ch == "\\" and quote == '"':
                i += 1
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ShellSyntaxError("unexpected EOF while looking for matching `)'")


def _arithmetic_end(line: str, start: int) -> int:
    """Index of the ``))`` closing the ``$((`` at ``start``, or -1 if it is not arithmetic."""
    depth = 0
    i = start + 3
    while i < len(line):
        ch = line[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return i if line.startswith("))", i) else -1
            depth -= 1
        i += 1
    return -1


def split(line: str, env: dict, home: str, last_status: int = 0,
          substitute: Callable[[str], str] | None = None,
          glob: Callable[[str], list[str]] | None = None) -> list[Command]:
    """Commands of one line, with words expanded; raises ``ShellSyntaxError``.

    ``substitute`` runs the command inside ``$(...)`` and returns its output; ``glob``
    returns the paths matching a pattern (quoted characters escaped), none if no match.
    """
    commands: list[Command] = []
    current = Command()
    word: list[tuple[str, bool]] = []  # pieces of the word: (text, open to pathname expansion)
    in_word = False
    pending_redirect: str | None = None
    i = 0
    n = len(line)

    def text_of(pieces) -> str:
        return "".join(t for t, _ in pieces)

    def assignment_position() -> bool:
        """Whether a ``NAME=value`` word here is an assignment (no splitting, no globbing)."""
        return (not current.words or current.words[0] in _DECLARE
                or all(_ASSIGNMENT.match(w) for w in current.words))

    def finish_word():
        nonlocal word, in_word, pending_redirect
        if not in_word:
            return
        text = text_of(word)
        if pending_redirect:
            current.redirects.append((pending_redirect, text))
            pending_redirect = None
        elif glob is not None and any(a and any(c in t for c in globbing.MAGIC) for t, a in word) and not (
                _ASSIGNMENT.match(text) and assignment_position()):
            pattern = "".join(t if a else globbing.escape(t) for t, a in word)
            current.words.extend(glob(pattern) or [text])
        else:
            current.words.append(text)
        word, in_word = [], False

    grown = 0  # characters expansions have produced on this line

    def expand(start: int) -> tuple[str, int]:
        """Expand a ``$`` (or a backquoted command) at ``start``; returns (text, next index)."""
        nonlocal grown
        text, end = expand_one(start)
        grown += len(text)
        if grown > limits.MAX_EXPANSION:
            raise ShellSyntaxError(limits.expansion_too_long(), 1)
        return text, end

    def expand_one(start: int) -> tuple[str, int]:
        if line[start] == "`":
            end = line.find("`", start + 1)
            if end < 0:
                raise ShellSyntaxError("unexpected EOF while looking for matching ``'")
            if substitute is None:
                raise ShellSyntaxError("command substitution is not available here")
            return substitute(line[start + 1:end]).rstrip("\n"), end + 1
        if line.startswith("$((", start):
            end = _arithmetic_end(line, start)
            if end >= 0:
                return arithmetic(start + 3, end), end + 2
        if start + 1 < n and line[start + 1] == "(":
            end = _closing_paren(line, start + 1)
            if substitute is None:
                raise ShellSyntaxError("command substitution is not available here")
            return substitute(line[start + 2:end]).rstrip("\n"), end + 1
        if start + 1 < n and line[start + 1] == "{":
            end = line.find("}", start + 2)
            if end < 0:
                raise ShellSyntaxError("bad substitution")
            name = line[start + 2:end]
            return env.get(name, ""), end + 1
        if start + 1 < n and line[start + 1] == "?":
            return str(last_status), start + 2
        m = _VAR.match(line, start + 1)
        if not m:
            return "$", start + 1
        return env.get(m.group(0), ""), m.end()

    def arithmetic(begin: int, end: int) -> str:
        """``$((...))``: expand the variables and commands inside, then compute."""
        text: list[str] = []
        k = begin
        while k < end:
            if line[k] in "$`":
                piece, k = expand(k)
                text.append(piece)
            else:
                text.append(line[k])
                k += 1
        try:
            return str(arith.evaluate("".join(text), env))
        except arith.ArithError as exc:
            raise ShellSyntaxError(str(exc), 1) from None

    while i < n:
        ch = line[i]
        if ch in " \t":
            finish_word()
            i += 1
            continue
        if ch == "#" and not in_word:
            break
        if ch == "'":
            end = line.find("'", i + 1)
            if end < 0:
                raise ShellSyntaxError("unexpected EOF while looking for matching `''")
            word.append((line[i + 1:end], False))
            in_word = True
            i = end + 1
            continue
        if ch == '"':
            i += 1
            in_word = True
            while True:
                if i >= n:
                    raise ShellSyntaxError("unexpected EOF while looking for matching `\"'")
                c = line[i]
                if c == '"':
                    i += 1
                    break
                if c == "\\" and i + 1 < n and line[i + 1] in '"\\$`':
                    word.append((line[i + 1], False))
                    i += 2
                    continue
                if c in "$`":
                    text, i = expand(i)
                    word.append((text, False))
                    continue
                word.append((c, False))
                i += 1
            continue
        if ch == "\\":
            if i + 1 < n:
                word.append((line[i + 1], False))
                in_word = True
            i += 2
            continue
        if ch in "$`":
            text, i = expand(i)
            if _ASSIGNMENT.match(text_of(word)) and assignment_position():
                word.append((text, False))  # NAME=$X is not split
                in_word = True
                continue
            # an unquoted expansion is split into words at blanks (an empty one vanishes),
            # and its pieces are open to pathname expansion
            for k, piece in enumerate(_IFS.split(text)):
                if k:
                    finish_word()
                if piece:
                    word.append((piece, True))
                    in_word = True
            continue
        if ch == "~" and not in_word and (i + 1 == n or line[i + 1] in "/ \t;"):
            word.append((home, False))
            in_word = True
            i += 1
            continue
        if ch in ";&|<>" or (ch == "2" and not in_word and line.startswith("2>", i)):
            finish_word()
            op = None
            for candidate in ("2>&1", "&&", "||", ">>", "2>", ">", "<", ";", "|", "&"):
                if line.startswith(candidate, i):
                    op = candidate
                    break
            i += len(op)
            if op == "&":
                raise ShellSyntaxError("background jobs (&) are not supported in the sandbox terminal")
            if op == "2>&1":
                current.redirects.append(("2>&1", ""))
                continue
            if op in (">", ">>", "2>", "<"):
                if pending_redirect:
                    raise ShellSyntaxError(f"syntax error near unexpected token `{op}'")
                pending_redirect = op
                continue
            if pending_redirect:
                raise ShellSyntaxError(f"syntax error near unexpected token `{op}'")
            if not current.words and not current.redirects:
                raise ShellSyntaxError(f"syntax error near unexpected token `{op}'")
            commands.append(current)
            current = Command(connector=op)
            continue
        word.append((ch, True))
        in_word = True
        i += 1
    finish_word()
    if pending_redirect:
        raise ShellSyntaxError("syntax error near unexpected token `newline'")
    if current.words or current.redirects:
        commands.append(current)
    elif commands and current.connector in ("&&", "||", "|"):
        raise ShellSyntaxError(f"syntax error near unexpected token `{current.connector}'")
    return commands


def segments(line: str) -> list[tuple[str, str]]:
    """``[(connector, text)]``: the line cut at ``;``, ``&&`` and ``||`` outside quotes.

    Each piece is expanded only when it runs, so ``export A=1; echo $A`` sees the new value.
    """
    out: list[tuple[str, str]] = []
    connector = ";"
    start = 0
    i = 0
    quote = None
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                quote = None
            i += 1
            continue
        if ch == "$" and line.startswith("$(", i):
            i = _closing_paren(line, i + 1) + 1
            continue
        if ch in "'\"`":
            quote = ch
        elif ch == "\\":
            i += 2
            continue
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            break
        elif ch == ";" or line.startswith("&&", i) or line.startswith("||", i):
            op = ";" if ch == ";" else line[i:i + 2]
            piece = line[start:i]
            if not piece.strip():
                raise ShellSyntaxError(f"syntax error near unexpected token `{op}'")
            out.append((connector, piece))
            connector = op
            i += len(op)
            start = i
            continue
        i += 1
    if quote:
        raise ShellSyntaxError(f"unexpected EOF while looking for matching `{quote}'")
    tail = line[start:i]
    if tail.strip():
        out.append((connector, tail))
    elif out and connector in ("&&", "||"):
        raise ShellSyntaxError(f"syntax error near unexpected token `{connector}'")
    return out
