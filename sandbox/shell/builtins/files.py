"""Files of the terminal's machine: pwd, cd, ls, mkdir, touch, rm, cp, mv (GNU wording)."""

from __future__ import annotations

import posixpath
from datetime import datetime
from typing import TextIO

from sandbox.shell.builtins.base import NOTHING, PATHS, Builtin
from sandbox.world import fs


def pwd(sh, args, out, err, result) -> int:
    out.write(sh.cwd + "\n")
    return 0


def cd(sh, args, out, err, result) -> int:
    if args and args[0] == "-":
        target = sh.frame.oldpwd or sh.cwd
        out.write(target + "\n")
    else:
        target = sh.resolve(args[0]) if args else sh.machine["Home"]
    if not fs.is_dir(sh.world, sh.machine["Name"], target):
        what = "Not a directory" if fs.is_file(sh.world, sh.machine["Name"], target) else "No such file or directory"
        err.write(f"-bash: cd: {args[0] if args else target}: {what}\n")
        return 1
    sh.frame.oldpwd = sh.cwd
    sh.frame.cwd = target
    sh.env["PWD"] = target
    return 0


def ls(sh, args, out, err, result) -> int:
    """GNU ls: file operands first, by the name given; then each directory's entries,
    under a ``dir:`` heading when there are several operands."""
    flags = "".join(a[1:] for a in args if a.startswith("-") and len(a) > 1)
    paths = [a for a in args if not a.startswith("-") or a == "-"] or ["."]
    status = 0
    machine = sh.machine["Name"]
    files: list[tuple[str, dict | None]] = []
    dirs: list[tuple[str, str]] = []
    for path in paths:
        full = sh.resolve(path)
        row = fs.entry(sh.world, machine, full)
        if row is None:
            err.write(f"ls: cannot access '{path}': No such file or directory\n")
            status = 2
        elif row["Type"] == "dir":
            dirs.append((path, full))
        else:
            files.append((path, row))
    user = sh.machine["User"]
    if files:
        _rows(sorted(files, key=lambda f: f[0]), "l" in flags, user, out, total=False)
    for idx, (path, full) in enumerate(dirs):
        if len(paths) > 1:
            out.write(("\n" if idx or files else "") + f"{path}:\n")
        names: list[tuple[str, dict | None]] = [(posixpath.basename(r["Path"]), r)
                                                for r in fs.listdir(sh.world, machine, full)]
        if "a" not in flags:
            names = [(n, r) for n, r in names if not n.startswith(".")]
        else:
            names = [(".", None), ("..", None)] + names
        _rows(names, "l" in flags, user, out, total=True)
    return status


def _rows(names: list[tuple[str, dict | None]], long: bool, user: str, out: TextIO, total: bool) -> None:
    if not long:
        if names:
            out.write("  ".join(n for n, _ in names) + "\n")
        return
    if total:
        out.write(f"total {len(names) * 4}\n")
    for n, r in names:
        kind = "d" if (r is None or r["Type"] == "dir") else "-"
        size = len((r or {}).get("Content", "") or "") if kind == "-" else 4096
        mode = "drwxr-xr-x" if kind == "d" else "-rw-r--r--"
        out.write(f"{mode} 1 {user} {user} {size:>5} {_mtime((r or {}).get('Modified'))} {n}\n")


def _mtime(iso_text: str | None) -> str:
    if not iso_text:
        return "Jan  1 00:00"
    try:
        moment = datetime.fromisoformat(iso_text)
        return f"{moment:%b} {moment.day:>2} {moment:%H:%M}"
    except ValueError:
        return "Jan  1 00:00"


def mkdir(sh, args, out, err, result) -> int:
    parents = "-p" in args
    status = 0
    for path in [a for a in args if not a.startswith("-")]:
        try:
            with sh.world.transaction():
                fs.mkdir(sh.world, sh.machine["Name"], sh.resolve(path), parents, now=sh.world.now().isoformat())
        except fs.FsError as exc:
            err.write(f"mkdir: cannot create directory '{path}': {exc}\n")
            status = 1
    return status


def touch(sh, args, out, err, result) -> int:
    status = 0
    for path in [a for a in args if not a.startswith("-")]:
        full = sh.resolve(path)
        try:
            with sh.world.transaction():
                if not fs.is_file(sh.world, sh.machine["Name"], full):
                    fs.write(sh.world, sh.machine["Name"], full, "", now=sh.world.now().isoformat())
        except fs.FsError as exc:
            err.write(f"touch: cannot touch '{path}': {exc}\n")
            status = 1
    return status


def rm(sh, args, out, err, result) -> int:
    flags = "".join(a[1:] for a in args if a.startswith("-"))
    recursive, force = "r" in flags or "R" in flags, "f" in flags
    status = 0
    for path in [a for a in args if not a.startswith("-")]:
        full = sh.resolve(path)
        if full == "/" and recursive:
            err.write("rm: it is dangerous to operate recursively on '/'\n"
                      "rm: use --no-preserve-root to override this failsafe\n")
            status = 1
            continue
        if fs.is_dir(sh.world, sh.machine["Name"], full) and not recursive:
            err.write(f"rm: cannot remove '{path}': Is a directory\n")
            status = 1
            continue
        try:
            with sh.world.transaction():
                fs.remove(sh.world, sh.machine["Name"], full, recursive)
        except fs.FsError as exc:
            if not force:
                err.write(f"rm: cannot remove '{path}': {exc}\n")
                status = 1
    return status


def _copy(sh, args, err, verb: str, move: bool) -> int:
    paths = [a for a in args if not a.startswith("-")]
    if len(paths) != 2:
        err.write(f"{verb}: missing destination file operand after '{paths[0] if paths else ''}'\n")
        return 1
    src, dst = (sh.resolve(p) for p in paths)
    machine = sh.machine["Name"]
    try:
        content = fs.read(sh.world, machine, src)
    except fs.FsError as exc:
        err.write(f"{verb}: cannot stat '{paths[0]}': {exc}\n")
        return 1
    if fs.is_dir(sh.world, machine, dst):
        dst = posixpath.join(dst, posixpath.basename(src))
    try:
        with sh.world.transaction():
            fs.write(sh.world, machine, dst, content, now=sh.world.now().isoformat())
            if move:
                fs.remove(sh.world, machine, src)
    except fs.FsError as exc:
        err.write(f"{verb}: cannot create regular file '{paths[1]}': {exc}\n")
        return 1
    return 0


def cp(sh, args, out, err, result) -> int:
    return _copy(sh, args, err, "cp", False)


def mv(sh, args, out, err, result) -> int:
    return _copy(sh, args, err, "mv", True)


BUILTINS = (
    Builtin("pwd", "pwd", "print the current folder", NOTHING, pwd),
    Builtin("cd", "cd [DIR | -]", "change folder (home without DIR, - the one before)", PATHS, cd),
    Builtin("ls", "ls [-la] [PATH...]", "list files of this machine (-l details, -a hidden ones too)", PATHS, ls),
    Builtin("mkdir", "mkdir [-p] DIR...", "make folders (-p with their parents)", PATHS, mkdir),
    Builtin("touch", "touch FILE...", "make empty files", PATHS, touch),
    Builtin("rm", "rm [-rf] PATH...", "remove files (-r folders too, -f quietly)", PATHS, rm),
    Builtin("cp", "cp FROM TO", "copy a file", PATHS, cp),
    Builtin("mv", "mv FROM TO", "move or rename a file", PATHS, mv),
)
