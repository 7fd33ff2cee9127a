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
# programs whose command is a word and a subcommand (``aws iam list-roles``,
# ``iam-sandbox idp list``): prose names them shorter (``iam-sandbox idp``), which is no command
TWO_WORDS = ("aws", "iam-sandbox")


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
    inline code span that is a whole command (``aws iam list-roles``, not the mention
    ``iam-sandbox idp`` nor the elided ``aws iam get-policy ...``)."""
    found: list[str] = []
    for block in blocks(text):
        if block.kind == "code":
            found.extend(_commands(block.text.splitlines()))
        else:
            found.extend(code for code in (m.group(1).strip() for m in INLINE_CODE.finditer(block.text))
                         if _whole_command(code))
    seen: dict[str, None] = {}
    for command in found:
        seen.setdefault(command, None)
    return list(seen)


def _whole_command(code: str) -> bool:
    """An inline span that is a command to run: a known program with its arguments (for
    ``aws`` and ``iam-sandbox``, a command and a subcommand before any option), not elided."""
    if not code.startswith(COMMAND_WORDS) or "..." in code or "…" in code:
        return False
    words = code.split()
    if words[0] in TWO_WORDS:
        return len(words) >= 3 and not words[1].startswith("-") and not words[2].startswith("-")
    return len(words) >= 2


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
