"""The files of one sandbox machine, kept in the world (``world/fs.py``), as the
``MachineFiles`` part of the port: each write is one transaction stamped with the world's
clock, and failures are OSErrors worded as a shell words them.

The sandbox terminal's machines are built on it, and so is whatever reaches a machine's
``~/.aws`` without a terminal (a scenario's setup, ``iam-sandbox world info``).
"""

from __future__ import annotations

import errno
import posixpath

from sandbox.world import fs
from sandbox.world.store import World

_ERRNO = {"No such file or directory": errno.ENOENT, "Is a directory": errno.EISDIR, "File exists": errno.EEXIST}


def os_error(exc: fs.FsError) -> OSError:
    reason = str(exc)
    return OSError(_ERRNO.get(reason, errno.EIO), reason)


class WorldFiles:
    def __init__(self, world: World, name: str):
        self.world = world
        self.name = name  # the machine's

    def kind(self, path: str) -> str | None:
        row = fs.entry(self.world, self.name, path)
        return None if row is None else row["Type"]

    def read_text(self, path: str) -> str:
        try:
            return fs.read(self.world, self.name, path)
        except fs.FsError as exc:
            raise os_error(exc) from None

    def write_text(self, path: str, text: str, parents: bool = False) -> None:
        try:
            with self.world.transaction():
                fs.write(self.world, self.name, path, text, now=self.world.now().isoformat(), make_parents=parents)
        except fs.FsError as exc:
            raise os_error(exc) from None

    def mkdir(self, path: str) -> None:
        try:
            with self.world.transaction():
                fs.mkdir(self.world, self.name, path, parents=True, now=self.world.now().isoformat())
        except fs.FsError as exc:
            raise os_error(exc) from None

    def remove(self, path: str) -> None:
        try:
            with self.world.transaction():
                fs.remove(self.world, self.name, path)
        except fs.FsError as exc:
            raise os_error(exc) from None

    def listdir(self, path: str) -> list[tuple[str, bool]]:
        try:
            rows = fs.listdir(self.world, self.name, path)
        except fs.FsError as exc:
            raise os_error(exc) from None
        return [(posixpath.basename(r["Path"]), r["Type"] == "dir") for r in rows]
