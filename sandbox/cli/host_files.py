"""Files of this computer that a command reads or writes, kept away from its real AWS
configuration (``~/.aws`` and the files ``AWS_SHARED_CREDENTIALS_FILE`` and
``AWS_CONFIG_FILE`` name), whatever name leads there: the folder itself, a symbolic link
into it, or the same file under another name (a hard link, a bind mount), which only its
device and inode numbers give away. Reads are bounded in size; a written file that may hold
secrets (a world export) is readable by its owner only.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from sandbox.world.storage import atomic_write

MAX_HOST_FILE = 16 * 2**20  # a file of this computer given to the sandbox (its contents go into the world)
_MAX_PRIVATE = 2000  # files looked at under ~/.aws
PRIVATE = "this computer's AWS configuration is never read or written by IAM Sandbox"


def _private_places() -> list[Path]:
    places = [Path.home() / ".aws"]
    for name in ("AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE"):
        if os.environ.get(name):
            places.append(Path(os.environ[name]).expanduser())
    return places


def _private_files() -> set[tuple[int, int]]:
    """(device, inode) of every file of this computer's AWS configuration."""
    found: set[tuple[int, int]] = set()
    for place in _private_places():
        try:
            if place.is_file():
                st = place.stat()
                found.add((st.st_dev, st.st_ino))
                continue
            for folder, _, names in os.walk(place):
                for name in names:
                    st = os.stat(os.path.join(folder, name))
                    found.add((st.st_dev, st.st_ino))
                    if len(found) >= _MAX_PRIVATE:
                        return found
        except OSError:
            continue
    return found


def is_private(path: str | os.PathLike) -> bool:
    """Whether ``path`` is, or leads into, this computer's AWS configuration."""
    path = Path(path).expanduser().absolute()
    try:
        real = path.resolve()
    except (OSError, RuntimeError):
        return True  # a loop of links: not a file to read
    for place in _private_places():
        try:
            place = place.resolve()
        except (OSError, RuntimeError):
            continue
        if real == place or place in real.parents:
            return True
    try:
        st = path.stat()
    except OSError:
        return False
    return (st.st_dev, st.st_ino) in _private_files()


def read_host(path: str | os.PathLike, limit: int = MAX_HOST_FILE) -> bytes:
    """The bytes of this computer's file at ``path``; ``OSError`` (with the path and the
    cause) for a file of its AWS configuration or one larger than ``limit``."""
    if is_private(path):
        raise PermissionError(errno.EACCES, PRIVATE, str(path))
    with open(path, "rb") as fh:
        st = os.fstat(fh.fileno())  # the file opened, in case the name changed since
        if (st.st_dev, st.st_ino) in _private_files():
            raise PermissionError(errno.EACCES, PRIVATE, str(path))
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than the {limit // 2**20} MiB IAM Sandbox reads", str(path))
    return data


def write_secret_file(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` to this computer's file at ``path``, readable by its owner only (0600,
    as ``atomic_write`` makes it), atomically; never into its AWS configuration."""
    path = Path(path).expanduser()
    if is_private(path):
        raise PermissionError(errno.EACCES, PRIVATE, str(path))
    atomic_write(path, text)
