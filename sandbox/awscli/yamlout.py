"""``--output yaml`` and ``yaml-stream``, written the way the AWS CLI v2 writes them.

The CLI dumps responses with ruamel.yaml (safe, block style, its libyaml emitter): keys
sorted, lists not indented under their key, strings plain unless plain text would read
back as something else or break the syntax. ``'123456789012'`` and
``'2024-01-01T00:00:00+00:00'`` are single-quoted because YAML 1.2 would read them as a
number and a timestamp; text with control characters is double-quoted with escapes.
Long lines fold at a space past column 80. A bare scalar result (``--query Users[0].Arn``)
is printed as JSON, as the CLI does, and an empty structure prints nothing.

``yaml-stream`` writes each page of the response as one item of a YAML list; the sandbox
returns a whole response as a single page.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

WIDTH = 80  # libyaml's best_width
INDENT = 2

# YAML 1.2 implicit types (ruamel.yaml's resolver): a string that matches one of these
# must be quoted, or it would read back as a bool, number, null or timestamp
_IMPLICIT = [
    ("tTfF", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")),
    ("-+0123456789.", re.compile(r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""", re.X)),
    ("-+0123456789", re.compile(r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""", re.X)),
    ("<", re.compile(r"^(?:<<)$")),
    ("~nN", re.compile(r"^(?:~|null|Null|NULL)$")),
    ("0123456789", re.compile(r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", re.X)),
    ("=", re.compile(r"^(?:=)$")),
    ("!&*", re.compile(r"^(?:!|&|\*)$")),
]

_BREAKS = "\n\x85\u2028\u2029"
_BLANKS = "\0 \t\r\n\x85\u2028\u2029"
_ESCAPES = {"\0": "0", "\x07": "a", "\x08": "b", "\t": "t", "\n": "n", "\x0b": "v", "\x0c": "f", "\r": "r",
            "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_", "\u2028": "L", "\u2029": "P"}


def _reads_as_string(text: str) -> bool:
    if text == "":
        return False  # an empty plain scalar is null
    return not any(text[0] in first and rx.match(text) for first, rx in _IMPLICIT)


def _printable(ch: str) -> bool:
    return (ch == "\n" or "\x20" <= ch <= "\x7e" or "\xa0" <= ch <= "\ud7ff"
            or ("\ue000" <= ch <= "\ufffd" and ch != "\ufeff"))


def scalar_style(text: str, simple_key: bool) -> str:
    """``""`` (plain), ``"'"`` or ``'"'``: the emitter's analysis of a block-context scalar
    (flow indicators matter only in flow context, which this output never uses)."""
    if not text:
        return "'"
    block_ind = line_breaks = special = False
    leading_space = leading_break = trailing_space = trailing_break = False
    break_space = space_break = previous_space = previous_break = False
    if text.startswith("---") or text.startswith("..."):
        block_ind = True
    preceded_by_ws = True
    followed_by_ws = len(text) == 1 or text[1] in _BLANKS
    for i, ch in enumerate(text):
        if i == 0:
            if ch in "#,[]{}&*!|>'\"%@`":
                block_ind = True
            if ch in "?:" and followed_by_ws:
                block_ind = True
            if ch == "-" and followed_by_ws:
                block_ind = True
        else:
            if ch == ":" and followed_by_ws:
                block_ind = True
            if ch == "#" and preceded_by_ws:
                block_ind = True
        if ch in _BREAKS:
            line_breaks = True
        if not _printable(ch):
            special = True
        if ch == " ":
            leading_space = leading_space or i == 0
            trailing_space = trailing_space or i == len(text) - 1
            break_space = break_space or previous_break
            previous_space, previous_break = True, False
        elif ch in _BREAKS:
            leading_break = leading_break or i == 0
            trailing_break = trailing_break or i == len(text) - 1
            space_break = space_break or previous_space
            previous_space, previous_break = False, True
        else:
            previous_space = previous_break = False
        preceded_by_ws = ch in _BLANKS
        followed_by_ws = i + 2 >= len(text) or text[i + 2] in _BLANKS
    plain = single = True
    if leading_space or leading_break or trailing_space or trailing_break:
        plain = False
    if break_space:
        plain = single = False
    if space_break or special:
        plain = single = False
    if line_breaks or block_ind:
        plain = False
    if simple_key and line_breaks:
        return '"'
    if plain and _reads_as_string(text):
        return ""
    return "'" if single else '"'


class _Emitter:
    """The state libyaml keeps while writing: column, and whether the last thing written
    was whitespace or indentation (which decides where line breaks and spaces go)."""

    def __init__(self):
        self.out: list[str] = []
        self.column = 0
        self.whitespace = True
        self.indention = True

    def write(self, text: str) -> None:
        self.out.append(text)
        self.column += len(text)

    def line_break(self) -> None:
        self.out.append("\n")
        self.column = 0

    def indent_to(self, indent: int) -> None:
        if not self.indention or self.column > indent or (self.column == indent and not self.whitespace):
            self.line_break()
        if self.column < indent:
            self.write(" " * (indent - self.column))
        self.whitespace = self.indention = True

    def indicator(self, text: str, need_whitespace: bool, whitespace: bool = False, indention: bool = False):
        if need_whitespace and not self.whitespace:
            self.write(" ")
        self.write(text)
        self.whitespace = whitespace
        self.indention = self.indention and indention

    # -- scalars ----------------------------------------------------------------------------

    def scalar(self, text: str, indent: int, simple_key: bool = False) -> None:
        style = scalar_style(text, simple_key)
        breaks_allowed = not simple_key
        if style == "":
            self._plain(text, indent, breaks_allowed)
        elif style == "'":
            self._single(text, indent, breaks_allowed)
        else:
            self._double(text, indent, breaks_allowed)

    def _plain(self, text: str, indent: int, fold: bool) -> None:
        if not self.whitespace:
            self.write(" ")
        spaces = False
        for i, ch in enumerate(text):
            if ch == " ":
                nxt = text[i + 1] if i + 1 < len(text) else ""
                if fold and not spaces and self.column > WIDTH and nxt != " ":
                    self.indent_to(indent)
                else:
                    self.write(ch)
                spaces = True
            else:
                self.write(ch)
                self.indention = False
                spaces = False
        self.whitespace = self.indention = False

    def _single(self, text: str, indent: int, fold: bool) -> None:
        self.indicator("'", True)
        spaces = breaks = False
        for i, ch in enumerate(text):
            if ch == " ":
                nxt = text[i + 1] if i + 1 < len(text) else ""
                if fold and not spaces and self.column > WIDTH and 0 < i < len(text) - 1 and nxt != " ":
                    self.indent_to(indent)
                else:
                    self.write(ch)
                spaces = True
            elif ch in _BREAKS:
                # a line break inside single quotes is written as an empty line
                if not breaks and ch == "\n":
                    self.line_break()
                if ch == "\n":
                    self.line_break()
                else:
                    self.out.append(ch)
                    self.column = 0
                self.indention = True
                breaks = True
            else:
                if breaks:
                    self.indent_to(indent)
                if ch == "'":
                    self.write("'")
                self.write(ch)
                self.indention = False
                spaces = breaks = False
        if breaks:
            self.indent_to(indent)
        self.indicator("'", False)
        self.whitespace = self.indention = False

    def _double(self, text: str, indent: int, fold: bool) -> None:
        self.indicator('"', True)
        spaces = False
        for i, ch in enumerate(text):
            if not _printable(ch) or ch == "\ufeff" or ch in _BREAKS or ch in '"\\':
                if ch in _ESCAPES:
                    self.write("\\" + _ESCAPES[ch])
                elif ch <= "\xff":
                    self.write(f"\\x{ord(ch):02X}")
                elif ch <= "\uffff":
                    self.write(f"\\u{ord(ch):04X}")
                else:
                    self.write(f"\\U{ord(ch):08X}")
                spaces = False
            elif ch == " ":
                if fold and not spaces and self.column > WIDTH and 0 < i < len(text) - 1:
                    self.indent_to(indent)
                    if text[i + 1] == " ":
                        self.write("\\")
                else:
                    self.write(ch)
                spaces = True
            else:
                self.write(ch)
                spaces = False
        self.indicator('"', False)
        self.whitespace = self.indention = False

    def value(self, value: Any, indent: int) -> None:
        """A scalar or empty collection after ``key:`` or ``-`` (continuation lines at ``indent``)."""
        if isinstance(value, dict):
            self.indicator("{", True, whitespace=True)
            self.indicator("}", False)
        elif isinstance(value, list):
            self.indicator("[", True, whitespace=True)
            self.indicator("]", False)
        elif value is None:
            self._plain("null", indent, True)
        elif isinstance(value, bool):
            self._plain("true" if value else "false", indent, True)
        elif isinstance(value, int):
            self._plain(str(value), indent, True)
        elif isinstance(value, float):
            self._plain(_float(value), indent, True)
        else:
            self.scalar(_text(value), indent)

    # -- collections --------------------------------------------------------------------------

    def node(self, value: Any, indent: int, in_mapping: bool) -> None:
        """``value`` where a node goes; ``indent`` is the enclosing collection's indent."""
        if isinstance(value, dict) and value:
            self.mapping(value, indent + INDENT)
        elif isinstance(value, list) and value:
            # a list directly under a key is not indented further ("indentless")
            self.sequence(value, indent if in_mapping and not self.indention else indent + INDENT)
        else:
            self.value(value, indent + INDENT)

    def mapping(self, data: dict, indent: int) -> None:
        for key in sorted(data):
            self.indent_to(indent)
            self.scalar(str(key), indent + INDENT, simple_key=True)
            self.indicator(":", False)
            self.node(data[key], indent, in_mapping=True)

    def sequence(self, items: list, indent: int) -> None:
        for item in items:
            self.indent_to(indent)
            self.indicator("-", True, indention=True)
            self.node(item, indent, in_mapping=False)


def _float(value: float) -> str:
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    return repr(value).lower()


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _json_default(value: Any):
    return _text(value)


def dump(data: Any) -> str:
    """One YAML document for ``data`` (a bare scalar as JSON, as the CLI's YAML dumper does)."""
    if not isinstance(data, (dict, list)):
        return json.dumps(data, ensure_ascii=False, default=_json_default) + "\n"
    emitter = _Emitter()
    if not data:
        emitter.value(data, 0)
    elif isinstance(data, dict):
        emitter.mapping(data, 0)
    else:
        emitter.sequence(data, 0)
    emitter.line_break()
    return "".join(emitter.out)


def format_yaml(data: Any) -> str:
    return "" if data == {} else dump(data)


def format_yaml_stream(data: Any) -> str:
    return dump([data])
