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
from collections.abc import Callable

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


def _bracket(pattern: str, start: int) -> tuple[str, int] | None:
    """The regex class for the bracket expression at ``start`` and the index after it."""
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
    parts: list[str] = []
    k = 0
    while k < len(chars):
        if k + 2 < len(chars) and chars[k + 1] == "-":
            low, high = chars[k], chars[k + 2]
            if low <= high:
                parts.append(f"{re.escape(low)}-{re.escape(high)}")
            k += 3
            continue
        parts.append(re.escape(chars[k]))
        k += 1
    body = "".join(parts)
    if not body:
        return ("[^/]" if negate else "(?!)"), i + 1
    return f"[{'^' if negate else ''}{body}]", i + 1


def compile_component(pattern: str) -> re.Pattern:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        elif ch == "[":
            found = _bracket(pattern, i)
            if found is not None:
                out.append(found[0])
                i = found[1]
                continue
            out.append(re.escape(ch))
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out), re.S)


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
            regex = compile_component(part)
            dot_ok = part.startswith(".") or part.startswith("\\.")
            for shown, real in found:
                for name, is_dir in listdir(real) or []:
                    if name.startswith(".") and not dot_ok:
                        continue
                    if (last or is_dir) and regex.fullmatch(name):
                        step.append((shown + [name], posixpath.join(real, name)))
        found = step
        if not found:
            return []
    matches = [("/" if absolute else "") + "/".join(shown) for shown, real in found if exists(real)]
    return sorted(matches)
