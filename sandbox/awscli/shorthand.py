"""The AWS CLI's shorthand syntax for structures: ``Key=Value,Key2=[a,b],Key3={K=V}``.

Values may be quoted with ``'`` or ``"``; a bare value runs to the next comma, ``]`` or
``}`` at the same depth. Errors raise ``ShorthandError`` with the CLI's wording.
"""

from __future__ import annotations


class ShorthandError(ValueError):
    pass


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def error(self, what: str) -> ShorthandError:
        return ShorthandError(
            f"Error parsing parameter: Expected: '{what}', received: "
            f"'{self.text[self.pos] if self.pos < len(self.text) else '<END>'}' for input:\n{self.text}\n"
            f"{' ' * self.pos}^"
        )

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def parse(self) -> dict:
        result = self.hash_body(top=True)
        if self.pos != len(self.text):
            raise self.error(",")
        return result

    def hash_body(self, top: bool) -> dict:
        out: dict = {}
        while True:
            key = self.key()
            if self.peek() != "=":
                raise self.error("=")
            self.pos += 1
            value = self.value(top)
            # "Values=a,b,c": further comma-separated items without "=" extend a list
            while self.peek() == "," and self._continues():
                self.pos += 1
                extra = self.value(top)
                value = (value if isinstance(value, list) else [value]) + [extra]
            out[key] = value
            if self.peek() == ",":
                self.pos += 1
                if not top and self.peek() == "}":
                    break
                continue
            break
        return out

    def _continues(self) -> bool:
        """After a comma: is the next item a plain value (no ``Key=``)?"""
        rest = self.text[self.pos + 1:]
        depth = 0
        for ch in rest:
            if ch in "[{":
                depth += 1
            elif ch in "]}":
                if depth == 0:
                    return True
                depth -= 1
            elif ch == "=" and depth == 0:
                return False
            elif ch == "," and depth == 0:
                return True
        return True

    def key(self) -> str:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in "=,[]{}":
            self.pos += 1
        key = self.text[start:self.pos].strip()
        if not key:
            raise self.error("key")
        return key

    def value(self, top: bool):
        ch = self.peek()
        if ch == "[":
            self.pos += 1
            items = []
            while self.peek() != "]":
                if not self.peek():
                    raise self.error("]")
                items.append(self.value(False))
                if self.peek() == ",":
                    self.pos += 1
            self.pos += 1
            return items
        if ch == "{":
            self.pos += 1
            if self.peek() == "}":
                self.pos += 1
                return {}
            body = self.hash_body(top=False)
            if self.peek() != "}":
                raise self.error("}")
            self.pos += 1
            return body
        if ch in ("'", '"'):
            return self.quoted(ch)
        return self.bare(top)

    def quoted(self, quote: str) -> str:
        self.pos += 1
        out = []
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == "\\" and self.pos + 1 < len(self.text):
                out.append(self.text[self.pos + 1])
                self.pos += 2
                continue
            if ch == quote:
                self.pos += 1
                return "".join(out)
            out.append(ch)
            self.pos += 1
        raise self.error(quote)

    def bare(self, top: bool) -> str:
        start = self.pos
        stops = "," if top else ",]}"
        while self.pos < len(self.text) and self.text[self.pos] not in stops:
            self.pos += 1
        return self.text[start:self.pos].strip()


def parse_shorthand(text: str) -> dict:
    """``'A=1,B=[x,y]'`` → ``{'A': '1', 'B': ['x', 'y']}``."""
    return _Parser(text).parse()


def looks_like_shorthand(text: str) -> bool:
    head = text.strip()
    return bool(head) and head[0] not in "[{\"" and "=" in head
