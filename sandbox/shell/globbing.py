"""Pathname expansion (``ls *.txt``) for the sandbox terminal, with bash's rules.

The lexer hands over a pattern in which quoted characters are escaped with a backslash,
so ``'*'`` never matches anything. ``*`` ``?`` and ``[...]`` (``[!...]`` or ``[^...]``
to negate) match within one path component; a name starting with ``.`` is matched only
by a pattern component that starts with ``.``; the matches are sorted; a pattern that
matches nothing is left as it was typed (bash without ``nullglob``), so ``s3://bucket/*``
and ``Users[*].Name`` pass through unchanged when no file has such a name.
"""

from __future__ import annotations

import posixpath
import re
from typing import Callable

from sandbox.shell import posixre
from sandbox.shell.posixre import Regex

MAGIC = "*?["
# directory (absolute) → [(name, is_dir)], or None when it is not a directory
ListDir = Callable[[str], "list[tuple[str, bool]] | None"]
Exists = Callable[[str], bool]


def has_magic(pattern: str) -> bool:
    """Whether an unescaped ``*``, ``?`` or ``[`` is in ``pattern``."""
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i] in MAGIC:
            return True
        i += 1
    return False


def escape(text: str) -> str:
    """``text`` as a pattern that matches only itself."""
    return re.sub(r"([\\*?\[\]])", r"\\\1", text)


def unescape(pattern: str) -> str:
    return re.sub(r"\\(.)", r"\1", pattern, flags=re.S)


def _bracket(pattern: str, start: int) -> tuple[Callable[[str], bool], int] | None:
    """The test of the bracket expression at ``start`` and the index after it."""
    i = start + 1
    negate = i < len(pattern) and pattern[i] in "!^"
    if negate:
        i += 1
    chars: list[str] = []
    first = True
    while i < len(pattern):
        ch = pattern[i]
        if ch == "]" and not first:
            break
        if ch == "\\" and i + 1 < len(pattern):
            i += 1
            ch = pattern[i]
        chars.append(ch)
        first = False
        i += 1
    else:
        return None  # no closing ]: the [ is an ordinary character
    singles: set[str] = set()
    ranges: list[tuple[str, str]] = []
    k = 0
    while k < len(chars):
        if k + 2 < len(chars) and chars[k + 1] == "-":
            if chars[k] <= chars[k + 2]:
                ranges.append((chars[k], chars[k + 2]))
            k += 3
            continue
        singles.add(chars[k])
        k += 1

    def test(ch: str) -> bool:
        inside = ch in singles or any(low <= ch <= high for low, high in ranges)
        return inside != negate and not (negate and ch == "/")
    return test, i + 1


def compile_component(pattern: str) -> Regex:
    """The matcher of one component of a pattern (``regex.matches(name)``): linear in the
    name, whatever the pattern (``*a*a*a*a*b`` would make a backtracking matcher crawl)."""
    pieces = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            pieces.append(posixre.one_of(_equal(pattern[i + 1])))
            i += 2
            continue
        if ch == "*":
            if not pieces or pieces[-1] != posixre.any_run():  # ** is *
                pieces.append(posixre.any_run())
        elif ch == "?":
            pieces.append(posixre.any_char())
        elif ch == "[" and (found := _bracket(pattern, i)) is not None:
            pieces.append(posixre.one_of(found[0]))
            i = found[1]
            continue
        else:
            pieces.append(posixre.one_of(_equal(ch)))
        i += 1
    return posixre.whole(pieces)


def _matching(regex: Regex, part: str, found: list[tuple[list[str], str]], listdir: ListDir,
              last: bool) -> list[tuple[list[str], str]]:
    """The names in each folder of ``found`` that the component ``part`` matches."""
    dot_ok = part.startswith(".") or part.startswith("\\.")
    step = []
    for shown, real in found:
        for name, is_dir in listdir(real) or []:
            if name.startswith(".") and not dot_ok:
                continue
            if (last or is_dir) and regex.matches(name):
                step.append((shown + [name], posixpath.join(real, name)))
    return step


def _equal(wanted: str) -> Callable[[str], bool]:
    return wanted.__eq__


def expand(pattern: str, cwd: str, listdir: ListDir, exists: Exists) -> list[str]:
    """The paths matching ``pattern`` (relative ones against ``cwd``), as typed: relative
    matches stay relative. Empty when nothing matches."""
    absolute = pattern.startswith("/")
    parts = pattern.split("/")
    if absolute:
        parts = parts[1:]
    found: list[tuple[list[str], str]] = [([], "/" if absolute else cwd)]
    for k, part in enumerate(parts):
        last = k == len(parts) - 1
        step: list[tuple[list[str], str]] = []
        if not part:  # a doubled or trailing slash: the path so far must be a directory
            for shown, real in found:
                if listdir(real) is not None:
                    step.append((shown + [""], real))
        elif not has_magic(part):
            name = unescape(part)
            step = [(shown + [name], posixpath.join(real, name)) for shown, real in found]
        else:
            try:
                step = _matching(compile_component(part), part, found, listdir, last)
            except posixre.RegexError:  # a component too long (or too hard) to match: nothing matches it
                return []
        found = step
        if not found:
            return []
    matches = [("/" if absolute else "") + "/".join(shown) for shown, real in found if exists(real)]
    return sorted(matches)
