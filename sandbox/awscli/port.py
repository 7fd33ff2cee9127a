"""The port through which the ``aws`` program uses the machine it runs on.

Two front ends build one: the sandbox terminal (the machine of its current frame, with the
terminal's variables and folder) and ``iam-sandbox aws`` in the learner's own terminal (the
sandbox laptop, whose input files may also come from the host). The program itself never
reads a machine record, the host's disk or the world's file table: only this port.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from typing import NamedTuple, Protocol

from sandbox.services.gateway import Credentials, Gateway, Origin
from sandbox.world.fs import normalize


def machine_path(path: str, home: str, cwd: str) -> str:
    """An absolute path of a machine: ``~`` is its home, a relative path starts at ``cwd``."""
    if path == "~" or path.startswith("~/"):
        path = home + path[1:]
    if not path.startswith("/"):
        path = posixpath.join(cwd, path)
    return normalize(path)


class Local(NamedTuple):
    """An input path an aws command reads: a file of the host or of the machine."""
    on_host: bool
    path: str  # absolute
    kind: str | None  # "file", "dir", or None when there is nothing there
    shown: str  # as the CLI prints it: relative to the current folder (./x)


class MachineFiles(Protocol):
    """The text files of a machine. Paths are absolute; failures raise OSError with the
    errno and wording a shell would show (2 No such file or directory, 21 Is a directory)."""

    def kind(self, path: str) -> str | None:
        """"file", "dir", or None when there is nothing at ``path``."""

    def read_text(self, path: str) -> str: ...

    def write_text(self, path: str, text: str, parents: bool = False) -> None:
        """Create or replace a file; ``parents`` makes missing folders first."""

    def mkdir(self, path: str) -> None:
        """Make a folder and its missing parents (``mkdir -p``)."""

    def remove(self, path: str) -> None: ...

    def listdir(self, path: str) -> list[tuple[str, bool]]:
        """(name, is a folder) of each entry of a folder, sorted by name."""


class Machine(MachineFiles, Protocol):
    """The computer an ``aws`` command runs on."""

    gateway: Gateway  # where requests go
    home: str
    cwd: str
    env: Mapping[str, str]
    place: str  # the machine as messages name it ("your sandbox laptop")
    host_files: bool  # iam-sandbox aws in the host's terminal: inputs may be the host's files
    ask: Callable[[str], str] | None  # a prompt answered by the user (EOFError at end of input); None: cannot

    def origin(self, region: str, secure: bool) -> Origin:
        """Where a request from this machine comes from."""

    def instance_credentials(self) -> Credentials | None:
        """On an EC2 instance, the role credentials its metadata service hands out."""

    def instance_region(self) -> str | None:
        """On an EC2 instance, the region its metadata service names."""

    def locate(self, path: str, host: bool = True) -> Local:
        """Where an input path is: the host's file when the host has one (and ``host``
        allows it), else the machine's."""

    def read(self, local: Local, binary: bool) -> str | bytes:
        """A located file's content; OSError when there is none."""
