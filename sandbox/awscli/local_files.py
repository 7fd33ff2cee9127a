"""The local files of an ``aws`` command: inputs (``file://``, ``fileb://``, ``s3 cp FILE``,
``--body FILE``), downloads and ``--outfile`` targets.

In the sandbox terminal every local path is a file of the machine the terminal is on.
``iam-sandbox aws``, typed in the learner's own terminal, reads an input file from this
computer when it has one, else from the sandbox laptop, but never from this computer's
``~/.aws``; folders (``--recursive``) and every file the CLI writes stay on the sandbox
laptop, and a note says where a written file went: the sandbox never writes on, or
deletes from, the host. Which file an input path names is the port's to say
(``Machine.locate``); the messages that explain it are here.
"""

from __future__ import annotations

import posixpath

from sandbox.awscli.port import Local, Machine, machine_path

ON_HOST = "this computer"


class LocalFiles:
    def __init__(self, machine: Machine):
        self.machine = machine
        self.notes: list[str] = []  # where written files went, for the host's terminal

    @property
    def host_files(self) -> bool:
        return self.machine.host_files

    def resolve(self, path: str) -> str:
        """A path of the machine: ``~`` is its home, relative paths start at its current folder."""
        return machine_path(path, self.machine.home, self.machine.cwd)

    def on_machine(self, path: str) -> Local:
        """A path of the machine itself, whatever the host has."""
        return self.machine.locate(path, host=False)

    def read_file(self, path: str, binary: bool) -> str | bytes:
        """For ``file://``, ``fileb://`` and ``--body``: the content of an input file; in
        the host's terminal, a missing file's error says where it was looked for."""
        local = self.machine.locate(path)
        try:
            return self.machine.read(local, binary)
        except OSError as exc:
            if local.kind is None and self.host_files:
                raise OSError(exc.errno, f"{exc.strerror}{self.looked()}") from None
            raise

    def shown(self, path: str) -> str:
        """A machine path as the CLI prints it: its folder relative to the current one
        (``./x``, ``site/x``, ``../x``), as awscli's ``relative_path`` does."""
        folder, name = posixpath.split(self.resolve(path))
        return posixpath.join(posixpath.relpath(folder, self.machine.cwd), name)

    def files_under(self, folder: str) -> list[str]:
        """Every file below a folder of the machine, by path."""
        found: list[str] = []
        for name, is_dir in self.machine.listdir(folder):
            path = posixpath.join(folder, name)
            if is_dir:
                found.extend(self.files_under(path))
            else:
                found.append(path)
        return sorted(found)

    # -- writing ------------------------------------------------------------------------------------

    def check_writable(self, target: str, error) -> str:
        """The machine path a file will be written to; ``error(message)`` (an exception)
        when its folder is missing or it names a folder, as the CLI checks ``--outfile``."""
        path = self.resolve(target)
        if self.machine.kind(posixpath.dirname(path)) != "dir" or self.machine.kind(path) == "dir":
            raise error(f"Unable to write to file: {target}{self.write_hint(path)}")
        return path

    def write(self, path: str, text: str) -> None:
        """Write a file of the machine (OSError on failure) and note where it went."""
        self.machine.write_text(path, text)
        if self.host_files:
            self.notes.append(f"(saved on {self.machine.place} as {path}; see it with iam-sandbox shell)")

    # -- what the messages add in the host's terminal ------------------------------------------------

    def looked(self, path: str | None = None) -> str:
        """A clause saying where an input file was looked for."""
        if not self.host_files:
            return ""
        return f" (looked{' for ' + path if path else ''} on {ON_HOST} and on {self.machine.place})"

    def folder_looked(self, path: str) -> str:
        """A clause saying where a folder (``--recursive``) was looked for."""
        if not self.host_files:
            return ""
        on_host = self.machine.locate(path).on_host
        return f" (looked on {self.machine.place}" + (": iam-sandbox aws copies folders only from there, never "
                                                      f"from {ON_HOST})" if on_host else ")")

    def write_hint(self, path: str) -> str:
        """A clause saying a written file goes to the sandbox machine, and why it cannot."""
        if not self.host_files:
            return ""
        folder = posixpath.dirname(path)
        why = (f"{path} is a folder there" if self.machine.kind(path) == "dir"
               else f"it has no folder {folder}" if self.machine.kind(folder) != "dir" else "")
        return f" (iam-sandbox aws writes files on {self.machine.place}, never on {ON_HOST}" + (
            f", and {why})" if why else ")")
