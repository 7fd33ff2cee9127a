"""Reading the YAML of ``--cli-input-yaml``: the block style ``--generate-cli-skeleton
yaml-input`` prints and people write by hand, with YAML 1.2's core types as the CLI's
YAML loader (ruamel.yaml, safe) reads them.

Supported: block mappings and sequences (``- Key: v`` items included), plain, single- and
double-quoted scalars, flow sequences and mappings (``[a, b]``, ``{K: v}``), literal and
folded block scalars (``|``, ``>``, with ``-``/``+``), comments, ``---``/``...``, and
``!!binary``. Scalars resolve as YAML 1.2: ``null``/``~``/empty, ``true``/``false``,
integers (``0o``, ``0x``), floats (``.inf``, ``.nan``); everything else is a string.
Anything else (anchors, aliases, other tags, complex keys) raises ``YamlError``.
"""

from __future__ import annotations

import base64
import re

_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_KEY = re.compile(r"""(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'"""  # a double- or single-quoted key
                  r"""|[^\s#'"\[\]{},&*!|>%@`-][^#]*?|-[^\s][^#]*?)\s*:(?:\s|\Z)""")  # or a plain one


class YamlError(ValueError):
    pass


def resolve(text: str):
    """A plain scalar's value under YAML 1.2's core schema."""
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text) and any(c.isdigit() for c in text):
        return float(text)
    lowered = text.lower()
    if lowered in (".inf", "+.inf"):
        return float("inf")
    if lowered == "-.inf":
        return float("-inf")
    if lowered == ".nan":
        return float("nan")
    return text


def _strip_comment(line: str) -> str:
    """A line without its comment (a ``#`` after a space, outside quotes)."""
    quote = None
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"" and (i == 0 or line[i - 1] in " \t[{,:-"):
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


class _Lines:
    def __init__(self, text: str):
        self.raw = text.replace("\r\n", "\n").split("\n")
        self.i = 0

    def skip_blank(self) -> None:
        while self.i < len(self.raw):
            stripped = _strip_comment(self.raw[self.i]).strip()
            if stripped and stripped not in ("---", "..."):
                return
            self.i += 1

    def peek(self) -> tuple[int, str] | None:
        """(indent, content) of the next meaningful line."""
        self.skip_blank()
        if self.i >= len(self.raw):
            return None
        line = _strip_comment(self.raw[self.i])
        if "\t" in line[:len(line) - len(line.lstrip())]:
            raise YamlError("tabs are not allowed for indentation")
        return len(line) - len(line.lstrip(" ")), line.strip()


def load(text: str):
    lines = _Lines(text)
    first = lines.peek()
    if first is None:
        return None
    value = _node(lines, first[0])
    if lines.peek() is not None:
        raise YamlError("content after the document")
    return value


def _node(lines: _Lines, indent: int):
    indent_now, content = lines.peek()
    if content.startswith("- ") or content == "-":
        return _sequence(lines, indent_now)
    if _KEY.match(content):
        return _mapping(lines, indent_now)
    lines.i += 1
    return _inline(content, lines, indent_now)


def _sequence(lines: _Lines, indent: int) -> list:
    out = []
    while True:
        peeked = lines.peek()
        if peeked is None or peeked[0] != indent or not (peeked[1].startswith("- ") or peeked[1] == "-"):
            if peeked is not None and peeked[0] > indent:
                raise YamlError("bad indentation of a sequence entry")
            return out
        rest = peeked[1][1:].lstrip()
        if not rest:
            lines.i += 1
            nxt = lines.peek()
            out.append(_node(lines, nxt[0]) if nxt is not None and nxt[0] > indent else None)
            continue
        # "- item": the item's content starts in this line, at the column after "- "
        column = indent + len(peeked[1]) - len(rest)
        line = lines.raw[lines.i]
        lines.raw[lines.i] = " " * column + line[column:]
        out.append(_node(lines, column))


def _mapping(lines: _Lines, indent: int) -> dict:
    out: dict = {}
    while True:
        peeked = lines.peek()
        if peeked is None or peeked[0] < indent:
            return out
        if peeked[0] > indent:
            raise YamlError("bad indentation of a mapping entry")
        match = _KEY.match(peeked[1])
        if not match:
            raise YamlError(f"expected a key in {peeked[1]!r}")
        key = _key(match.group("key"))
        if key in out:
            raise YamlError(f"duplicate key {key!r}")
        rest = peeked[1][match.end():].strip()
        lines.i += 1
        if rest:
            out[key] = _inline(rest, lines, indent)
            continue
        nxt = lines.peek()
        if nxt is not None and (nxt[0] > indent or (nxt[0] == indent and (nxt[1].startswith("- ") or nxt[1] == "-"))):
            out[key] = _node(lines, nxt[0])
        else:
            out[key] = None


def _key(text: str) -> str:
    if text[0] in "'\"":
        value = _quoted(text)
    else:
        value = resolve(text.strip())
    if isinstance(value, (dict, list)):
        raise YamlError("complex keys are not supported")
    return value


def _inline(content: str, lines: _Lines, indent: int):
    """A value given on its line: a scalar, a flow collection, or a block scalar header."""
    if content.startswith("!!binary"):
        return base64.b64decode(_inline(content[len("!!binary"):].strip(), lines, indent) or "")
    if content[0] in "&*!":
        raise YamlError("anchors, aliases and tags are not supported")
    if content[0] in "|>":
        return _block_scalar(content, lines, indent)
    if content[0] in "[{":
        value, end = _flow(content, 0)
        if content[end:].strip():
            raise YamlError("content after a flow collection")
        return value
    if content[0] in "'\"":
        return _quoted_multiline(content, lines)
    # a plain scalar may continue on more-indented lines
    parts = [content]
    while True:
        nxt = lines.peek()
        if nxt is None or nxt[0] <= indent or _KEY.match(nxt[1]) or nxt[1].startswith("- "):
            break
        parts.append(nxt[1])
        lines.i += 1
    return resolve(" ".join(parts))


def _quoted(text: str) -> str:
    if text[0] == "'":
        if len(text) < 2 or text[-1] != "'":
            raise YamlError("unterminated single-quoted scalar")
        return text[1:-1].replace("''", "'")
    if len(text) < 2 or text[-1] != '"':
        raise YamlError("unterminated double-quoted scalar")
    return _unescape(text[1:-1])


_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
            "P": "\u2029"}


def _unescape(body: str) -> str:
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        nxt = body[i + 1:i + 2]
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        elif nxt in ("x", "u", "U"):
            width = {"x": 2, "u": 4, "U": 8}[nxt]
            try:
                out.append(chr(int(body[i + 2:i + 2 + width], 16)))
            except ValueError:
                raise YamlError("bad escape") from None
            i += 2 + width
        else:
            raise YamlError(f"unknown escape \\{nxt}")
    return "".join(out)


def _quoted_multiline(content: str, lines: _Lines) -> str:
    quote = content[0]
    text = content
    while not _closed(text, quote):
        if lines.i >= len(lines.raw):
            raise YamlError("unterminated quoted scalar")
        text += " " + lines.raw[lines.i].strip()
        lines.i += 1
    end = _closing(text, quote)
    if text[end + 1:].strip():
        raise YamlError("content after a quoted scalar")
    return _quoted(text[:end + 1])


def _closing(text: str, quote: str) -> int:
    i = 1
    while i < len(text):
        if quote == '"' and text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            if quote == "'" and text[i + 1:i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return -1


def _closed(text: str, quote: str) -> bool:
    return _closing(text, quote) != -1


def _block_scalar(header: str, lines: _Lines, indent: int) -> str:
    style, chomp = header[0], ""
    for c in header[1:].strip():
        if c in "+-":
            chomp = c
        elif not c.isdigit():
            raise YamlError("bad block scalar header")
    body: list[str] = []
    block_indent = None
    while lines.i < len(lines.raw):
        line = lines.raw[lines.i]
        if line.strip() == "":
            body.append("")
            lines.i += 1
            continue
        width = len(line) - len(line.lstrip(" "))
        if block_indent is None:
            if width <= indent:
                break
            block_indent = width
        if width < block_indent:
            break
        body.append(line[block_indent:])
        lines.i += 1
    while body and body[-1] == "" and chomp != "+":
        body.pop()
    if style == "|":
        text = "\n".join(body)
    else:
        text = ""
        for i, line in enumerate(body):
            if i == 0:
                text = line
            elif line == "" or body[i - 1] == "" or line.startswith(" "):
                text += "\n" + line
            else:
                text += " " + line
    if not body:
        return ""
    return text if chomp == "-" else text + "\n"


def _flow(text: str, i: int):
    """A flow collection or scalar starting at ``text[i]``: (value, index after it)."""
    while i < len(text) and text[i] == " ":
        i += 1
    if i >= len(text):
        raise YamlError("unexpected end of a flow collection")
    c = text[i]
    if c == "[":
        out = []
        i += 1
        while True:
            i = _space(text, i)
            if text[i:i + 1] == "]":
                return out, i + 1
            value, i = _flow(text, i)
            out.append(value)
            i = _space(text, i)
            if text[i:i + 1] == ",":
                i += 1
            elif text[i:i + 1] != "]":
                raise YamlError("expected , or ] in a flow sequence")
    if c == "{":
        out: dict = {}
        i += 1
        while True:
            i = _space(text, i)
            if text[i:i + 1] == "}":
                return out, i + 1
            key, i = _flow(text, i)
            i = _space(text, i)
            if text[i:i + 1] != ":":
                raise YamlError("expected : in a flow mapping")
            value, i = _flow(text, i + 1)
            out[key] = value
            i = _space(text, i)
            if text[i:i + 1] == ",":
                i += 1
            elif text[i:i + 1] != "}":
                raise YamlError("expected , or } in a flow mapping")
    if c in "'\"":
        end = _closing(text[i:], c)
        if end == -1:
            raise YamlError("unterminated quoted scalar")
        return _quoted(text[i:i + end + 1]), i + end + 1
    j = i
    while j < len(text) and text[j] not in ",]}" and not (text[j] == ":" and text[j + 1:j + 2] in (" ", "", ",")):
        j += 1
    return resolve(text[i:j].strip()), j


def _space(text: str, i: int) -> int:
    while i < len(text) and text[i] == " ":
        i += 1
    return i
