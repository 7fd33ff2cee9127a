"""The small file systems of the sandbox machines (the laptop, each EC2 instance), kept
in the world so that they survive restarts and reset with scenarios.

Paths are absolute POSIX paths; ``~`` is expanded by the caller (the shell) against the
machine's home directory.
"""

from __future__ import annotations

import posixpath

from sandbox.world.store import World


MAX_FILE_BYTES = 1024 * 1024  # a file of a sandbox machine lives in the world file: kept small
PATH_MAX, NAME_MAX = 4096, 255  # Linux's limits on a path and on one of its names


class FsError(Exception):
    """A file-system failure, worded as a shell would print it (``No such file or directory``)."""


def _key(machine: str, path: str) -> str:
    return f"{machine}:{path}"


def normalize(path: str) -> str:
    """The absolute path ``path`` names; ``FsError`` for a relative one (the caller resolves
    those against its working folder first)."""
    if not path.startswith("/"):
        raise FsError("No such file or directory")
    path = posixpath.normpath(path)
    if path.startswith("//"):
        path = "/" + path.lstrip("/")
    return path


def _new_path(path: str) -> str:
    """The absolute path a new file or folder gets; ``FsError`` for one that cannot be a
    file name (a NUL, which the system's calls take for the end of the name; too long)."""
    if "\x00" in path:
        raise FsError("Invalid argument")
    path = normalize(path)
    if len(path) >= PATH_MAX or any(len(part) > NAME_MAX for part in path.split("/")):
        raise FsError("File name too long")  # ENAMETOOLONG, as Linux says it
    return path


def entry(world: World, machine: str, path: str) -> dict | None:
    """The file or folder at ``path``; None when there is none (or the path names none)."""
    if "\x00" in path:  # no file name holds a NUL: nothing is there
        return None
    try:
        path = normalize(path)
    except FsError:
        return None
    if path == "/":
        return {"Type": "dir", "Path": "/"}
    return world["files"].get(_key(machine, path))


def is_dir(world: World, machine: str, path: str) -> bool:
    e = entry(world, machine, path)
    return bool(e) and e["Type"] == "dir"


def is_file(world: World, machine: str, path: str) -> bool:
    e = entry(world, machine, path)
    return bool(e) and e["Type"] == "file"


def read(world: World, machine: str, path: str) -> str:
    e = entry(world, machine, path)
    if e is None:
        raise FsError("No such file or directory")
    if e["Type"] == "dir":
        raise FsError("Is a directory")
    return e.get("Content", "")


def mkdir(world: World, machine: str, path: str, parents: bool = False, now: str = "") -> None:
    path = _new_path(path)
    e = entry(world, machine, path)
    if e is not None:
        if e["Type"] == "dir" and parents:
            return
        raise FsError("File exists")
    parent = posixpath.dirname(path)
    if not is_dir(world, machine, parent):
        if not parents:
            raise FsError("No such file or directory")
        missing = [path]  # the folders to make, deepest first (a loop: a path may be deep)
        while not is_dir(world, machine, parent):
            if entry(world, machine, parent) is not None:
                raise FsError("Not a directory")
            missing.append(parent)
            parent = posixpath.dirname(parent)
        for folder in reversed(missing):
            world["files"].put({"Key": _key(machine, folder), "Machine": machine, "Path": folder, "Type": "dir",
                                "Modified": now})
        return
    world["files"].put({"Key": _key(machine, path), "Machine": machine, "Path": path, "Type": "dir", "Modified": now})


def write(world: World, machine: str, path: str, content: str, append: bool = False, now: str = "",
          make_parents: bool = False) -> None:
    path = _new_path(path)
    e = entry(world, machine, path)
    if e is not None and e["Type"] == "dir":
        raise FsError("Is a directory")
    parent = posixpath.dirname(path)
    if not is_dir(world, machine, parent):
        if make_parents:
            mkdir(world, machine, parent, True, now)
        else:
            raise FsError("No such file or directory")
    if append and e is not None:
        content = e.get("Content", "") + content
    if len(content) > MAX_FILE_BYTES or len(content.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise FsError("File too large")  # EFBIG, as a file system with a size limit says it
    world["files"].put({"Key": _key(machine, path), "Machine": machine, "Path": path, "Type": "file",
                        "Content": content, "Modified": now})


def listdir(world: World, machine: str, path: str) -> list[dict]:
    path = normalize(path)
    if not is_dir(world, machine, path):
        if is_file(world, machine, path):
            return [entry(world, machine, path)]
        raise FsError("No such file or directory")
    prefix = path.rstrip("/") + "/"
    out = []
    for row in world["files"].all():
        if row["Machine"] != machine or not row["Path"].startswith(prefix):
            continue
        rest = row["Path"][len(prefix):]
        if rest and "/" not in rest:
            out.append(row)
    return sorted(out, key=lambda r: r["Path"])


def remove(world: World, machine: str, path: str, recursive: bool = False) -> None:
    path = normalize(path)
    e = entry(world, machine, path)
    if e is None:
        raise FsError("No such file or directory")
    if e["Type"] == "dir":
        children = listdir(world, machine, path)
        if children and not recursive:
            raise FsError("Is a directory")
        prefix = path.rstrip("/") + "/"
        world["files"].delete_where(lambda r: r["Machine"] == machine and r["Path"].startswith(prefix))
    world["files"].delete(_key(machine, path))

