"""Reading TOML files nobody vouches for (scenario and quiz files): limits first, then
``tomllib``.

A file is read only if it is a regular file no larger than its limit (a folder, a device
such as ``/dev/zero`` or a pipe is refused before it is opened for reading), decoded as
UTF-8, and checked for nesting with a linear scan before the parser, which recurses, sees
it. Problems are ``TomlProblem`` with the line where known; callers add the file's name.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

from sandbox.text import one_line


class TomlProblem(Exception):
    """Why a file cannot be read as TOML data; ``line`` where it is known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def read_text(path: str | os.PathLike, limit: int) -> str:
    """The text of the regular file at ``path``, at most ``limit`` bytes of UTF-8."""
    path = Path(path)
    try:
        if path.exists() and not path.is_file():  # a folder, a device or a pipe that would never end
            raise TomlProblem("is not a regular file")
        with open(path, "rb") as fh:
            if os.fstat(fh.fileno()).st_size > limit:
                raise TomlProblem(f"is larger than {limit // 1024} KiB; split it into several files")
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise TomlProblem(f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > limit:
        raise TomlProblem(f"is larger than {limit // 1024} KiB; split it into several files")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TomlProblem(f"is not UTF-8 text (byte {exc.start})") from None


def loads(text: str, limit: int, max_nesting: int) -> dict:
    """``text`` parsed, within the size and nesting limits."""
    if len(text.encode("utf-8", "surrogatepass")) > limit:
        raise TomlProblem(f"is larger than {limit // 1024} KiB; split it into several files")
    deep = nesting_depth(text, max_nesting)
    if deep is not None:
        raise TomlProblem(f"nests tables or arrays more than {max_nesting} deep", deep[1])
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise TomlProblem(f"not valid TOML: {one_line(str(exc))}", int(m.group(1)) if m else None) from None
    except RecursionError:  # belt and braces: nesting_depth should have refused it
        raise TomlProblem("nests too deeply to read") from None


_SIGNIFICANT = re.compile(r"[\n#\"'\[\]{}]")  # what changes the depth or starts a string or comment
_IN_STRING = {'"': re.compile(r'\\.|"|\n', re.S), '"""': re.compile(r'\\.|"""|\n', re.S),
              "'": re.compile(r"'|\n"), "'''": re.compile(r"'''|\n")}


def nesting_depth(text: str, limit: int) -> tuple[int, int] | None:
    """``(depth, line)`` where brackets and braces outside strings and comments first nest
    deeper than ``limit``, else ``None``. Linear (and jumping from one significant character
    to the next), so that the parser never sees a file that would make it recurse without end."""
    depth = 0
    line = 1
    i = 0
    n = len(text)
    find = _SIGNIFICANT.search
    while True:
        m = find(text, i)
        if m is None:
            return None
        i = m.start()
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == "#":
            end = text.find("\n", i)
            if end < 0:
                return None
            i = end
            continue
        elif ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            j = i + len(quote)
            inside = _IN_STRING[quote]
            while True:
                s = inside.search(text, j)
                if s is None:
                    return None  # an unterminated string: the parser reports it
                token = s.group()
                j = s.end()
                if token == "\n":
                    if len(quote) == 1:
                        j = s.start()  # an unterminated string: the parser reports it
                        break
                    line += 1
                elif token == quote:
                    break
                elif token == "\\\n":
                    line += 1  # a line continuation inside a multi-line string
            i = j
            continue
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return depth, line
        else:
            depth = max(0, depth - 1)
        i += 1
