"""Text filters: cat, grep, cut, head, tail, wc, sort, uniq, on files of the terminal's
machine or on what the command before ``|`` printed (``sandbox.shell.textutils``)."""

from __future__ import annotations

from functools import partial

from sandbox.shell.builtins.base import PATHS, Builtin
from sandbox.shell.textutils import FILTERS, run_filter
from sandbox.world import fs


def _filter(name: str, sh, args, out, err, result) -> int:
    def read(path: str) -> str:
        return fs.read(sh.world, sh.machine["Name"], sh.resolve(path))
    return run_filter(name, args, read, sh.stdin, out, err)


DOCS = {  # name: (usage, help), for each filter of textutils
    "cat": ("cat [-n] [FILE...]", "print files (-n with line numbers)"),
    "grep": ("grep [-ivcnl] PATTERN [FILE...]", "the lines that match a pattern"),
    "cut": ("cut -f LIST [-d C] [FILE...]", "some fields (-f) or characters (-c) of each line"),
    "head": ("head [-n N] [FILE...]", "the first N lines (10)"),
    "tail": ("tail [-n N|+N] [FILE...]", "the last N lines (10), or from line N on"),
    "wc": ("wc [-lwc] [FILE...]", "count lines, words and bytes"),
    "sort": ("sort [-rnfu] [FILE...]", "sort lines"),
    "uniq": ("uniq [-cd] [FILE...]", "drop repeated lines (-c counts them)"),
}

BUILTINS = tuple(Builtin(name, *DOCS[name], PATHS, partial(_filter, name)) for name in FILTERS)
