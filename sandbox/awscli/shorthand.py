"""The AWS CLI's shorthand syntax for structures: ``Key=Value,Key2=[a,b],Key3={K=V}``.

The grammar is the CLI's (awscli/shorthand.py):

    parameter = keyval *("," keyval)
    keyval    = key "=" [values]            ; key: letters, digits and - _ . # / :
              / key "@=" [values]           ; file:// and fileb:// values are loaded
    values    = csv-list / "[" list "]" / "{" keyval, ... "}"
    csv-list  = value *("," value)          ; "a=b,c" gives a=[b, c]; "a=b,c=d" two keys

Values may be quoted with ``'`` or ``"`` (``\\'`` and ``\\"`` escape the quote); a bare
value runs to the next comma (``\\,`` escapes one). Errors raise ``ShorthandError`` with
the CLI's own text, e.g. ``Expected: '=', received: 'EOF' for input:`` and a caret under
the place where parsing stopped.
"""

from __future__ import annotations

import re
import string
from functools import cache

_KEY_CHARS = set(string.ascii_letters + string.digits + "-_.#/:")
_START = r"\!\#-&\(-\+\--\<\>-Z\\\\-z\u007c-\uffff"
_FIRST_FOLLOW = r"\s\!\#-&\(-\+\--\\\\\^-\|~-\uffff"
_SECOND_FOLLOW = r"\s\!\#-&\(-\+\--\<\>-\uffff"
_ESCAPED_COMMA = r"(\\,)"


@cache
def _value_pattern(follow: str) -> re.Pattern:
    """Compiled on first use: these character classes run to \\uffff and are slow to
    compile, and most commands have no shorthand argument."""
    return re.compile(f"({_ESCAPED_COMMA}|[{_START}])({_ESCAPED_COMMA}|[{follow}])*")


def _first_value() -> re.Pattern:
    """A value in a csv list or explicit list (stops at , [ ] { } = and the like) ..."""
    return _value_pattern(_FIRST_FOLLOW)


def _second_value() -> re.Pattern:
    """... and the later items of a csv list, which may contain = [ ] { } but stop at a comma."""
    return _value_pattern(_SECOND_FOLLOW)


_SINGLE_QUOTED = re.compile(r"'(?:\\'|[^'])*'")
_DOUBLE_QUOTED = re.compile(r'"(?:\\"|[^"])*"')


class ShorthandError(ValueError):
    pass


class _SyntaxError(ShorthandError):
    pass


def _location(text: str, index: int) -> str:
    """The input with a caret under ``index`` (on the right line of a multi-line input)."""
    consumed, remaining, spaces = text, "", index
    if "\n" in text[:index]:
        spaces = index - text[:index].rindex("\n") - 1
    if "\n" in text[index:]:
        cut = index + text[index:].index("\n")
        consumed, remaining = text[:cut], text[cut:]
    return f"{consumed}\n{' ' * spaces}^{remaining}"


class _Parser:
    def __init__(self, text: str, load=None):
        self.text = text
        self.i = 0
        self.load = load  # resolves a file:// value after "@="
        self.loading = False

    # -- helpers -----------------------------------------------------------------------------

    def eof(self) -> bool:
        return self.i >= len(self.text)

    def current(self) -> str | None:
        return None if self.eof() else self.text[self.i]

    def skip_space(self) -> None:
        while not self.eof() and self.text[self.i] in string.whitespace:
            self.i += 1

    def syntax_error(self, expected: str, received: str, index: int) -> _SyntaxError:
        return _SyntaxError(f"Expected: '{expected}', received: '{received}' for input:\n"
                            f"{_location(self.text, index)}")

    def expect(self, char: str, space: bool = False) -> None:
        if space:
            self.skip_space()
        if self.eof():
            raise self.syntax_error(char, "EOF", self.i)
        if self.text[self.i] != char:
            raise self.syntax_error(char, self.text[self.i], self.i)
        self.i += 1
        if space:
            self.skip_space()

    def must_match(self, regex: re.Pattern, name: str) -> str:
        m = regex.match(self.text, self.i)
        if m is None:
            raise self.syntax_error(f"<{name}>", "<none>", self.i)
        self.i = m.end()
        return m.group(0)

    # -- grammar -------------------------------------------------------------------------------

    def parameter(self) -> dict:
        params: dict = {}
        key, value = self.keyval()
        params[key] = value
        last = self.i
        while not self.eof():
            self.expect(",", space=True)
            key, value = self.keyval()
            if key in params:
                raise ShorthandError(f'Second instance of key "{key}" encountered for input:\n'
                                     f"{_location(self.text, last + 1)}\nThis is often because there is a "
                                     'preceding "," instead of a space.')
            params[key] = value
            last = self.i
        return params

    def key(self) -> str:
        start = self.i
        while not self.eof() and self.text[self.i] in _KEY_CHARS:
            self.i += 1
        return self.text[start:self.i]

    def keyval(self) -> tuple[str, object]:
        key = self.key()
        self.at_sign()
        self.expect("=", space=True)
        return key, self.values()

    def at_sign(self) -> None:
        self.loading = False
        try:
            self.expect("@", space=True)
            self.loading = True
        except _SyntaxError:
            pass

    def resolved(self, value: str) -> str:
        if self.loading and self.load is not None:
            return self.load(value)
        return value

    def values(self):
        if self.eof():
            return ""
        if self.current() == "[":
            return self.explicit_list()
        if self.current() == "{":
            return self.hash_literal()
        return self.csv_value()

    def csv_value(self):
        first = self.first_value()
        self.skip_space()
        if self.eof() or self.text[self.i] != ",":
            return first
        self.expect(",", space=True)
        items = [first]
        while True:
            try:
                item = self.second_value()
                self.skip_space()
                if self.eof():
                    items.append(item)
                    break
                self.expect(",", space=True)
                items.append(item)
            except _SyntaxError:
                # "a=b,c=d": what follows the comma is the next key; give the comma back
                if self.eof():
                    raise
                while self.i >= 0 and self.text[self.i] != ",":
                    self.i -= 1
                break
        return first if len(items) == 1 else items

    def explicit_list(self) -> list:
        self.expect("[", space=True)
        items = []
        while self.current() != "]":
            items.append(self.explicit_value())
            self.skip_space()
            if self.current() != "]":
                self.expect(",")
                self.skip_space()
        self.expect("]")
        return items

    def explicit_value(self):
        if self.current() == "[":
            return self.explicit_list()
        if self.current() == "{":
            return self.hash_literal()
        return self.first_value()

    def hash_literal(self) -> dict:
        self.expect("{", space=True)
        out = {}
        while self.current() != "}":
            key = self.key()
            self.at_sign()
            self.expect("=", space=True)
            value = self.explicit_value()
            self.skip_space()
            if self.current() != "}":
                self.expect(",")
                self.skip_space()
            out[key] = value
        self.expect("}")
        return out

    def first_value(self) -> str:
        if self.current() == "'":
            return self.quoted(_SINGLE_QUOTED, "singled quoted", "'")
        if self.current() == '"':
            return self.quoted(_DOUBLE_QUOTED, "double quoted", '"')
        m = _first_value().match(self.text, self.i)
        if m is None:
            return ""
        self.i = m.end()
        return self.resolved(m.group(0).replace("\\,", ",").rstrip())

    def second_value(self) -> str:
        if self.current() == "'":
            return self.quoted(_SINGLE_QUOTED, "singled quoted", "'")
        if self.current() == '"':
            return self.quoted(_DOUBLE_QUOTED, "double quoted", '"')
        return self.resolved(self.must_match(_second_value(), "second").replace("\\,", ",").rstrip())

    def quoted(self, regex: re.Pattern, name: str, quote: str) -> str:
        value = self.must_match(regex, name)[1:-1]
        return self.resolved(value.replace("\\" + quote, quote).replace("\\\\", "\\"))


def parse_shorthand(text: str, load=None) -> dict:
    """``'A=1,B=[x,y]'`` → ``{'A': '1', 'B': ['x', 'y']}``. ``load(value)`` reads the
    ``file://`` values of keys written ``Key@=file://path``."""
    return _Parser(text, load).parameter()
