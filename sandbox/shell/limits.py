"""How far the sandbox terminal goes before it says no, so that a pasted or crafted line
cannot exhaust the app: its length, how deep commands nest, how long an expansion grows.

Bash has few such limits of its own (it forks, and the kernel refuses an argument over
128 KiB: ``Argument list too long``); the sandbox runs every command inside one process,
so it sets these, each with a message worded as bash words its own limits
(``maximum function nesting level exceeded (N)``).
"""

from __future__ import annotations

MAX_LINE = 128 * 1024  # characters in one command line (Linux's MAX_ARG_STRLEN is 128 KiB)
MAX_NESTING = 40  # $(...) and `...` inside each other, ssh HOST COMMAND, env COMMAND
MAX_EXPANSION = 4 * 1024 * 1024  # characters one line may grow to once variables and $(...) are expanded


def line_too_long(length: int) -> str:
    return f"line too long: {length} characters (the sandbox terminal reads at most {MAX_LINE})"


def nesting_exceeded() -> str:
    return f"maximum nesting level exceeded ({MAX_NESTING})"


def expansion_too_long() -> str:
    return f"expansion too long: more than {MAX_EXPANSION} characters"
