"""A step's instructions as blocks (paragraphs, and commands indented four spaces) and the
example commands in them, for front ends that wrap the text to their width and offer the
examples to the learner's terminal.

The instructions come from scenario files (untrusted): this only splits text, it never
interprets it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# an inline `code` span that is a command a learner could type
INLINE_CODE = re.compile(r"`([^`\n]{1,400})`")
COMMAND_WORDS = ("aws ", "iam-sandbox ", "ssh ", "curl ", "cat ", "echo ", "cd ")


@dataclass(frozen=True)
class Block:
    kind: str  # "text" (a paragraph, its lines joined) | "code" (one command a line)
    text: str


def blocks(text: str) -> list[Block]:
    """Paragraphs (separated by blank lines; hard line breaks inside become spaces) and
    code blocks (lines indented four spaces or a tab)."""
    out: list[Block] = []
    para: list[str] = []
    code: list[str] = []

    def flush() -> None:
        if para:
            out.append(Block("text", " ".join(para)))
            para.clear()
        if code:
            out.append(Block("code", "\n".join(code)))
            code.clear()

    for raw in text.strip("\n").splitlines():
        if raw.startswith(("    ", "\t")) and raw.strip():
            if para:
                flush()
            code.append(raw.strip())
        elif not raw.strip():
            flush()
        else:
            if code:
                flush()
            para.append(raw.strip())
    flush()
    return out


def examples(text: str) -> list[str]:
    """The commands the instructions show, in order: each line of a code block, and each
    inline code span that is a command (``aws iam list-roles``)."""
    found: list[str] = []
    for block in blocks(text):
        if block.kind == "code":
            found.extend(_commands(block.text.splitlines()))
        else:
            found.extend(code for code in (m.group(1).strip() for m in INLINE_CODE.finditer(block.text))
                         if code.startswith(COMMAND_WORDS) and "..." not in code and "…" not in code)
    seen: dict[str, None] = {}
    for command in found:
        seen.setdefault(command, None)
    return list(seen)


def _commands(lines: list[str]) -> list[str]:
    """Lines of a code block as commands: a line ending in a backslash goes on with the next."""
    out: list[str] = []
    pending = ""
    for line in lines:
        if line.endswith("\\"):
            pending += line[:-1].rstrip() + " "
            continue
        out.append(pending + line)
        pending = ""
    if pending.strip():
        out.append(pending.strip())
    return [c for c in out if c]


def joined(text: str) -> str:
    """Prose written over several lines of a file, one line per paragraph."""
    paragraphs = (" ".join(line.strip() for line in p.splitlines() if line.strip()) for p in text.strip().split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def first_sentence(text: str) -> str:
    """The first sentence of some prose, whole (for a one-line message)."""
    flat = " ".join(text.split())
    ends = [at for at in (flat.find(". "), flat.find("! "), flat.find("? ")) if at > 0]
    return flat[: min(ends) + 1] if ends else flat
