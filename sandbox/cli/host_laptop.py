"""The port ``iam-sandbox aws`` builds: the sandbox laptop, driven from the learner's own
terminal, whose input files may also be this computer's.

An input path (``file://``, ``fileb://``, ``s3 cp FILE``, ``--body FILE``) names a file of
this computer, relative to the folder the command was typed in, when there is one there and
it is not inside this computer's ``~/.aws`` (the host's real AWS credentials are never
read); otherwise the laptop's, relative to its home. Folders and every written file are the
laptop's (``sandbox.awscli.local_files``).
"""

from __future__ import annotations

import os
from pathlib import Path

from sandbox.awscli.port import Local
from sandbox.cli.host_files import is_private, read_host
from sandbox.shell.machines import SandboxMachine


class HostLaptop(SandboxMachine):
    host_files = True

    def locate(self, path: str, host: bool = True) -> Local:
        found = _host_path(path) if host else None
        if found is not None and (found.is_file() or found.is_dir()):
            folder, name = os.path.split(str(found))
            return Local(True, str(found), "file" if found.is_file() else "dir",
                         os.path.join(os.path.relpath(folder), name))
        return super().locate(path)

    def read(self, local: Local, binary: bool) -> str | bytes:
        if not local.on_host or local.kind != "file":
            return super().read(local, binary)
        data = read_host(local.path)
        return data if binary else data.decode("utf-8")


def _host_path(path: str) -> Path | None:
    """This computer's file or folder at ``path``, or None: nothing there, or this computer's
    AWS configuration."""
    try:
        host = Path(path).expanduser().absolute()
        if not host.exists() or is_private(host):
            return None
    except (OSError, ValueError, RuntimeError):
        return None
    return host
