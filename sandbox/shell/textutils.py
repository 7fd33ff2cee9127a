"""The small text filters of the sandbox terminal: cat, grep, cut, head, tail, wc, sort, uniq.

Each reads the files it names or, with none (or ``-``), its standard input: the output
of the command before it in a pipeline, or a ``<`` file. They follow GNU coreutils'
options and messages for the common cases a learner types after ``aws ... --output text``.
"""

from __future__ import annotations

import re
from typing import Callable, TextIO

from sandbox.shell.posixre import Regex, RegexError

_SPECIAL = set(".[]()*+?{}|^$\\")  # what grep -F's fixed strings escape to be read as an extended pattern
ReadFile = Callable[[str], str]  # raises an exception whose str() is the reason (FsError)


class _Usage(Exception):
    pass


class Inputs:
    """The texts a filter reads: named files, or standard input."""

    def __init__(self, name: str, read_file: ReadFile, stdin: str | None, err: TextIO):
        self.name, self.read_file, self.stdin, self.err = name, read_file, stdin, err
        self.status = 0

    def each(self, paths: list[str]):
        """``(path, text)`` for each readable input; errors are reported and set status 1."""
        for path in paths or ["-"]:
            if path == "-":
                if self.stdin is None:
                    self.err.write(f"{self.name}: reading the keyboard is not supported in the sandbox "
                                   "terminal; give a file or pipe into it\n")
                    self.status = 1
                    continue
                yield "(standard input)", self.stdin
                continue
            try:
                yield path, self.read_file(path)
            except Exception as exc:
                self.err.write(f"{self.name}: {path}: {exc}\n")
                self.status = 1 if self.name != "grep" else 2

    def lines(self, paths: list[str]) -> list[str]:
        return [line for _, text in self.each(paths) for line in text.splitlines()]


def _count(name: str, flag: str, value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise _Usage(f"{name}: invalid number of lines: '{value}'") from None
    if n < 0 and flag != "tail":
        raise _Usage(f"{name}: invalid number of lines: '{value}'")
    return abs(n)


def _options(args: list[str], with_value: str) -> tuple[dict, list[str]]:
    """Short options (bundled, or with a value for the letters in ``with_value``) and operands."""
    opts: dict[str, str | bool] = {}
    operands: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            operands.extend(args[i + 1:])
            break
        if a.startswith("-") and len(a) > 1 and not a[1:].isdigit():
            j = 1
            while j < len(a):
                letter = a[j]
                if letter in with_value:
                    value = a[j + 1:]
                    if not value:
                        i += 1
                        if i >= len(args):
                            raise _Usage(f"option requires an argument -- '{letter}'")
                        value = args[i]
                    opts[letter] = value
                    break
                opts[letter] = True
                j += 1
        elif a.startswith("-") and a[1:].isdigit():
            opts["n"] = a[1:]  # head -5
        else:
            operands.append(a)
        i += 1
    return opts, operands


def cat(args, inputs: Inputs, out: TextIO) -> int:
    opts, paths = _options(args, "")
    number = opts.get("n")
    k = 0
    for _, text in inputs.each(paths):
        if not number:
            out.write(text)
            continue
        for line in text.splitlines():
            k += 1
            out.write(f"{k:>6}\t{line}\n")
    return inputs.status


def grep(args, inputs: Inputs, out: TextIO) -> int:
    opts, operands = _options(args, "e")
    pattern = opts.get("e")
    if pattern is None:
        if not operands:
            raise _Usage("Usage: grep [OPTION]... PATTERNS [FILE]...")
        pattern, operands = operands[0], operands[1:]
    if opts.get("F"):
        pattern = "".join("\\" + ch if ch in _SPECIAL else ch for ch in pattern)
    try:  # POSIX syntax, matched in linear time: a learner's pattern never hangs the terminal
        regex = Regex(pattern, extended=bool(opts.get("E") or opts.get("F")), ignore_case=bool(opts.get("i")))
    except RegexError as exc:
        raise _Usage(f"grep: {exc}") from None
    show_name = len(operands) > 1 and not opts.get("h")
    try:
        return _grep(regex, opts, operands, inputs, out, show_name)
    except RegexError as exc:  # the pattern's work budget ran out on this text
        raise _Usage(f"grep: {exc}") from None


def _grep(regex: Regex, opts: dict, operands: list[str], inputs: Inputs, out: TextIO, show_name: bool) -> int:
    invert, count_only, numbered = bool(opts.get("v")), bool(opts.get("c")), bool(opts.get("n"))
    only_names, only_matching = bool(opts.get("l")), bool(opts.get("o"))
    found = False
    for path, text in inputs.each(operands):
        hits = 0
        for k, line in enumerate(text.splitlines(), 1):
            if regex.matches(line) == invert:
                continue
            hits += 1
            found = True
            if count_only or only_names:
                continue
            prefix = (f"{path}:" if show_name else "") + (f"{k}:" if numbered else "")
            if only_matching and not invert:
                for start, end in regex.finditer(line):
                    if end > start:
                        out.write(prefix + line[start:end] + "\n")
                continue
            out.write(prefix + line + "\n")
        if count_only:
            out.write((f"{path}:" if show_name else "") + f"{hits}\n")
        elif only_names and hits:
            out.write(path + "\n")
    if inputs.status:
        return 2
    return 0 if found else 1


def cut(args, inputs: Inputs, out: TextIO) -> int:
    opts, paths = _options(args, "fdc")
    spec = opts.get("f") or opts.get("c")
    if not spec:
        raise _Usage("cut: you must specify a list of bytes, characters, or fields")
    picks = _ranges(str(spec))
    by_char = "c" in opts
    delim = str(opts.get("d", "\t"))
    if len(delim) != 1:
        raise _Usage("cut: the delimiter must be a single character")
    for line in inputs.lines(paths):
        if by_char:
            out.write("".join(ch for k, ch in enumerate(line, 1) if _picked(k, picks)) + "\n")
            continue
        if delim not in line:
            out.write(line + "\n")  # GNU cut prints lines without the delimiter whole
            continue
        parts = line.split(delim)
        out.write(delim.join(p for k, p in enumerate(parts, 1) if _picked(k, picks)) + "\n")
    return inputs.status


def _ranges(spec: str) -> list[tuple[int, int]]:
    picks = []
    for piece in spec.split(","):
        low, dash, high = piece.partition("-")
        try:
            start = int(low) if low else 1
            end = (int(high) if high else 10**9) if dash else start
        except ValueError:
            raise _Usage(f"cut: invalid field value '{piece}'") from None
        if start < 1:
            raise _Usage("cut: fields are numbered from 1")
        picks.append((start, end))
    return picks


def _picked(k: int, picks: list[tuple[int, int]]) -> bool:
    return any(a <= k <= b for a, b in picks)


def head(args, inputs: Inputs, out: TextIO) -> int:
    opts, paths = _options(args, "n")
    n = _count("head", "head", str(opts.get("n", "10")))
    for line in inputs.lines(paths)[:n]:
        out.write(line + "\n")
    return inputs.status


def tail(args, inputs: Inputs, out: TextIO) -> int:
    opts, paths = _options(args, "n")
    raw = str(opts.get("n", "10"))
    lines = inputs.lines(paths)
    if raw.startswith("+"):
        chosen = lines[max(_count("tail", "tail", raw[1:]) - 1, 0):]
    else:
        n = _count("tail", "tail", raw)
        chosen = lines[-n:] if n else []
    for line in chosen:
        out.write(line + "\n")
    return inputs.status


def wc(args, inputs: Inputs, out: TextIO) -> int:
    opts, paths = _options(args, "")
    wanted = [k for k in "lwc" if opts.get(k)] or ["l", "w", "c"]
    totals = {"l": 0, "w": 0, "c": 0}
    rows = []
    for path, text in inputs.each(paths):
        counts = {"l": text.count("\n"), "w": len(text.split()), "c": len(text.encode())}
        for k in totals:
            totals[k] += counts[k]
        rows.append((path, counts))
    if len(rows) > 1:
        rows.append(("total", totals))
    if len(wanted) == 1 and len(rows) == 1:
        width = 1
    elif any(path == "(standard input)" for path, _ in rows):
        width = 7  # GNU wc cannot size standard input in advance
    else:
        width = max(len(str(totals[k])) for k in wanted)
    for path, counts in rows:
        figures = " ".join(f"{counts[k]:>{width}}" for k in wanted)
        out.write(figures + ("" if path == "(standard input)" else f" {path}") + "\n")
    return inputs.status


def sort(args, inputs: Inputs, out: TextIO) -> int:
    opts, paths = _options(args, "")
    lines = inputs.lines(paths)
    if opts.get("n"):
        def key(line):
            m = re.match(r"\s*(-?\d+(?:\.\d+)?)", line)
            return (float(m.group(1)) if m else 0.0, line)
        lines.sort(key=key, reverse=bool(opts.get("r")))
    else:
        lines.sort(key=(str.casefold if opts.get("f") else None), reverse=bool(opts.get("r")))
    if opts.get("u"):
        lines = list(dict.fromkeys(lines))
    for line in lines:
        out.write(line + "\n")
    return inputs.status


def uniq(args, inputs: Inputs, out: TextIO) -> int:
    opts, paths = _options(args, "")
    runs: list[list] = []
    for line in inputs.lines(paths[:1]):
        if runs and runs[-1][0] == line:
            runs[-1][1] += 1
        else:
            runs.append([line, 1])
    for line, n in runs:
        if opts.get("d") and n < 2:
            continue
        out.write((f"{n:>7} " if opts.get("c") else "") + line + "\n")
    return inputs.status


FILTERS = {"cat": cat, "grep": grep, "cut": cut, "head": head, "tail": tail, "wc": wc, "sort": sort, "uniq": uniq}


def run_filter(name: str, args: list[str], read_file: ReadFile, stdin: str | None, out: TextIO,
               err: TextIO) -> int:
    inputs = Inputs(name, read_file, stdin, err)
    try:
        return FILTERS[name](args, inputs, out)
    except _Usage as exc:
        message = str(exc)
        err.write(message if message.startswith(name) or message.startswith("Usage") else f"{name}: {message}")
        err.write("\n")
        return 2 if name == "grep" else 1
