"""A terminal on a sandbox machine: the laptop or an EC2 instance.

The same session runs in ``iam-sandbox shell`` and in the app's terminal pane. It reads a
line, expands it (``lexer``, ``globbing``), and runs pipelines of builtins from the table in
``sandbox.shell.builtins``, with their redirections. Variables
set with ``export`` belong to the terminal (not the world), and ``NAME=VALUE command``
sets one for that command only; files live in the machine's file system in the world;
``ssh`` opens a nested session on an instance and ``exit`` returns (``ssh HOST COMMAND``
runs one command there). ``$(...)`` runs as a subshell: its ``cd``, variables and ``exit``
stay inside, its errors reach the terminal. ``aws`` is the program of ``sandbox.awscli``,
run on this machine through the port ``aws_machine()`` builds.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TextIO

from sandbox.awscli.machine_files import WorldFiles
from sandbox.awscli.port import machine_path
from sandbox.errors import SandboxError, bug_text, os_error_text
from sandbox.services.gateway import Gateway
from sandbox.shell import globbing, lexer, limits
from sandbox.shell.builtins import BUILTINS, Builtin
from sandbox.shell.machines import SandboxMachine, login_env, prompt, record
from sandbox.world import fs


@dataclass
class Frame:
    machine_name: str
    env: dict
    cwd: str
    oldpwd: str = ""


@dataclass
class Result:
    status: int = 0
    clear: bool = False
    closed: bool = False  # the last frame exited


@dataclass
class ShellSession:
    gateway: Gateway
    machine_name: str = "laptop"
    ask: Callable[[str], str] | None = None
    via: str = "cli"
    # opens the scope each typed line runs in (``Workspace.change``): yields an object whose
    # ``progress`` lines are printed after the line's output
    change_scope: Callable[[str], AbstractContextManager] | None = None
    history: list[str] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    last_status: int = 0
    pending: str = ""  # a line that ended with a backslash: it goes on in the next line
    stdin: str | None = field(default=None, repr=False)  # what the running command reads
    _pipe: str | None = field(default=None, repr=False)  # what the last command printed into a pipe
    _floor: int = field(default=1, repr=False)  # frames an exit leaves in place (subshells, ssh HOST CMD)
    _subst_status: int | None = field(default=None, repr=False)  # status of the last $(...) expanded
    _depth: int = field(default=0, repr=False)  # commands and $(...) running inside each other now
    # Ctrl+C from a front end running the line on another thread: the line stops at its next
    # command, pipe stage or line of output (``check_interrupt``), never half-way through a change
    interrupted: threading.Event = field(default_factory=threading.Event, repr=False)

    def __post_init__(self):
        if not self.frames:
            self.frames.append(self._new_frame(self.machine_name))

    # -- state ---------------------------------------------------------------------------------

    @property
    def world(self):
        return self.gateway.world

    @property
    def frame(self) -> Frame:
        return self.frames[-1]

    @property
    def machine(self) -> dict:
        """The record of the machine the terminal is on."""
        return record(self.world, self.frame.machine_name)

    @property
    def env(self) -> dict:
        return self.frame.env

    @property
    def cwd(self) -> str:
        return self.frame.cwd

    def _new_frame(self, machine_name: str) -> Frame:
        m = self.world["machines"].get(machine_name)
        if m is None:
            raise ValueError(f"no machine named {machine_name!r}")
        return Frame(machine_name, login_env(m), m["Home"])

    def log_in_again(self) -> None:
        """A new login shell on the first machine, as after signing in again: a scenario built
        a new world, and the variables, folder and ssh sessions of the world before (a
        variable naming a file that is gone) would make every ``aws`` command fail."""
        self.frames[:] = [self._new_frame(self.machine_name)]
        self.pending = ""

    def prompt(self) -> str:
        return "> " if self.pending else prompt(self.machine, self.cwd, self.env)

    def resolve(self, path: str) -> str:
        return machine_path(path, self.machine["Home"], self.cwd)

    def aws_machine(self) -> SandboxMachine:
        """The port an ``aws`` command run here uses: this machine, with the terminal's
        variables, folder and prompts."""
        return SandboxMachine(self.gateway, self.machine, self.env, self.cwd, self.ask, self.via)

    def builtin(self, name: str) -> Builtin | None:
        return BUILTINS.get(name)

    # -- machines: ssh in and out -----------------------------------------------------------------------

    def enter(self, machine_name: str) -> None:
        """A terminal on another machine, until ``exit``."""
        self.frames.append(self._new_frame(machine_name))

    def can_leave(self) -> bool:
        """Whether ``exit`` goes back to a machine before (not out of a subshell or the terminal)."""
        return len(self.frames) > max(self._floor, 1)

    def leave(self) -> None:
        self.frames.pop()

    def run_on(self, machine_name: str, line: str, out: TextIO, err: TextIO) -> int:
        """``ssh HOST COMMAND``: run a line on another machine, reading this command's
        standard input, and come back."""
        given = self.stdin

        def on_machine() -> int:
            self.enter(machine_name)
            self._floor = len(self.frames)
            return self.run_line(line, out, err, Result(), given)
        return self.nested(lambda: self.subshell(on_machine))

    # -- running ----------------------------------------------------------------------------------

    def run(self, line: str, out: TextIO, err: TextIO) -> Result:
        """Run one input line; output goes to ``out``/``err``."""
        result = Result()
        line, self.pending = self.pending + line.rstrip("\n"), ""
        trailing = len(line) - len(line.rstrip("\\"))
        if trailing % 2:
            self.pending = line[:-1]
            return result
        stripped = line.strip()
        if not stripped:
            return result
        if len(stripped) > limits.MAX_LINE:
            err.write(f"-bash: {limits.line_too_long(len(stripped))}\n")
            self.last_status = result.status = 1
            return result
        self.history.append(stripped)
        self.interrupted.clear()
        try:
            return self._run_typed(stripped, out, err, result)
        except KeyboardInterrupt:  # Ctrl+C: as bash, a new prompt and the status 130
            self.interrupted.clear()
            err.write("^C\n")
            self.last_status = result.status = 130
            return result
        except SandboxError as exc:  # a world file damaged by another process, or a full disk: say so, carry on
            err.write(f"iam-sandbox: {exc.message}\n")
        except OSError as exc:  # a file of the host that could not be written
            err.write(f"iam-sandbox: {os_error_text(exc)}\n")
        except RecursionError:  # a safety net: the limits above are meant to come first
            err.write(f"-bash: {limits.nesting_exceeded()}\n")
        except Exception as exc:  # a bug must not end the terminal, nor print world data
            err.write(f"-bash: internal error in the sandbox terminal ({bug_text(exc)})\n")
        finally:
            self._depth = 0
        self.last_status = result.status = 1
        return result

    def _run_typed(self, stripped: str, out: TextIO, err: TextIO, result: Result) -> Result:
        """A line as typed: one change of the workspace that opened this terminal (its
        undo point, and the scenario progress printed after the command's output)."""
        if self.change_scope is None:
            result.status = self.last_status = self.run_line(stripped, out, err, result)
            return result
        with self.change_scope(stripped) as change:
            result.status = self.last_status = self.run_line(stripped, out, err, result)
        for line in change.progress:
            out.write(line + "\n")
        return result

    def run_line(self, line: str, out: TextIO, err: TextIO, result: Result, stdin: str | None = None) -> int:
        """Run the commands of one line (no history, no scenario check); returns the status.

        ``stdin`` is what commands that are not fed by a pipe read (ssh's remote command)."""
        try:
            pieces = lexer.segments(line)
        except lexer.ShellSyntaxError as exc:
            err.write(f"-bash: {exc}\n")
            self.last_status = exc.status
            return exc.status
        status = 0
        for connector, text in pieces:
            self.check_interrupt()
            if (connector == "&&" and status != 0) or (connector == "||" and status == 0):
                continue
            self._subst_status = None
            try:
                commands = lexer.split(text, self.env, self.machine["Home"], self.last_status,
                                       lambda inner: self._substitute(inner, err), self._glob)
            except lexer.ShellSyntaxError as exc:
                err.write(f"-bash: {exc}\n")
                status = exc.status
                break
            status = self._run_pipelines(commands, out, err, result, stdin)
            if result.closed:
                break
        self.last_status = status
        return status

    def _substitute(self, inner: str, err: TextIO) -> str:
        """``$(command)``: run it in a subshell and return what it printed.

        Its errors go to the terminal (``err``), as in bash; like a subshell, a ``cd``,
        a variable or an ``exit`` inside does not outlive it."""
        captured = io.StringIO()
        status = self.nested(lambda: self.subshell(lambda: self.run_line(inner, captured, err, Result())))
        self._subst_status = status
        return captured.getvalue()

    def nested(self, body: Callable[[], int]) -> int:
        """Run ``body`` one level deeper: a command substitution, a command run by another
        (``env``, ``ssh HOST COMMAND``). Past ``MAX_NESTING`` levels, bash's kind of error."""
        if self._depth >= limits.MAX_NESTING:
            raise lexer.ShellSyntaxError(limits.nesting_exceeded(), 1)
        self._depth += 1
        try:
            return body()
        finally:
            self._depth -= 1

    def subshell(self, body: Callable[[], int]) -> int:
        """Run ``body`` with the terminal's frames (machine, directory, variables) restored
        afterwards; an ``exit`` inside ends only the subshell."""
        saved = [(f, dict(f.env), f.cwd, f.oldpwd) for f in self.frames]
        floor, self._floor = self._floor, len(self.frames)
        try:
            return body()
        finally:
            self._floor = floor
            self.frames[:] = [f for f, _, _, _ in saved]
            for f, env, cwd, oldpwd in saved:
                f.env.clear()
                f.env.update(env)
                f.cwd, f.oldpwd = cwd, oldpwd

    def _glob(self, pattern: str) -> list[str]:
        """Pathname expansion against this machine's files."""
        files = WorldFiles(self.world, self.frame.machine_name)

        def listdir(path: str) -> list[tuple[str, bool]] | None:
            return files.listdir(path) if files.kind(path) == "dir" else None

        return globbing.expand(pattern, self.cwd, listdir, lambda path: files.kind(path) is not None)

    def _run_pipelines(self, commands: list[lexer.Command], out: TextIO, err: TextIO, result: Result,
                       given: str | None = None) -> int:
        """Run commands in order; each one joined by ``|`` reads what the one before printed,
        the others read ``given``. As in bash, each command of a pipeline runs in a subshell
        (``cd``, variables and ``exit`` there do not reach the terminal)."""
        status = 0
        for k, command in enumerate(commands):
            if result.closed:
                break
            piped = k + 1 < len(commands) and commands[k + 1].connector == "|"
            stdin = self._pipe if command.connector == "|" else given
            sink = io.StringIO() if piped else out
            if len(commands) > 1:
                status = self.subshell(lambda command=command, sink=sink, stdin=stdin:
                                       self._run_command(command, sink, err, Result(), stdin))
            else:
                status = self._run_command(command, sink, err, result, stdin)
            self._pipe = sink.getvalue() if piped else None
            self.last_status = status
        return status

    def check_interrupt(self) -> None:
        """Stop here if Ctrl+C was pressed (between commands, stages and lines of output)."""
        if self.interrupted.is_set():
            raise KeyboardInterrupt

    def _run_command(self, command: lexer.Command, out: TextIO, err: TextIO, result: Result,
                      stdin: str | None = None) -> int:
        self.check_interrupt()
        if not command.words:
            return 0
        redirect_out = redirect_err = None
        stdin_file = None
        merge = False
        for op, target in command.redirects:
            if op in (">", ">>"):
                redirect_out = (op, target)
            elif op == "2>":
                redirect_err = target
            elif op == "2>&1":
                merge = True
            elif op == "<":
                stdin_file = target
        buf_out = io.StringIO() if redirect_out else out
        buf_err = buf_out if merge else (io.StringIO() if redirect_err else err)
        saved_ask, saved_stdin = self.ask, self.stdin
        if stdin_file is not None:
            try:
                stdin = fs.read(self.world, self.machine["Name"], self.resolve(stdin_file))
            except fs.FsError as exc:
                err.write(f"-bash: {stdin_file}: {exc}\n")
                return 1
        if stdin is not None:
            self.ask = _answers(stdin)
        self.stdin = stdin
        try:
            status = self.dispatch(command.words, buf_out, buf_err, result)
        except SandboxError as exc:  # a damaged world file: say so and how to recover
            buf_err.write(f"iam-sandbox: {exc.message}\n")
            status = 1
        except lexer.ShellSyntaxError as exc:  # a limit reached by a command run inside this one
            buf_err.write(f"-bash: {exc}\n")
            status = exc.status
        except Exception as exc:  # a sandbox bug must not kill the terminal, nor print world data
            buf_err.write(f"{command.words[0]}: internal error in the sandbox ({bug_text(exc)})\n")
            status = 1
        finally:
            self.ask, self.stdin = saved_ask, saved_stdin
        try:
            if redirect_out:
                op, target = redirect_out
                self._write(target, buf_out.getvalue(), op == ">>")
            if redirect_err and not merge:
                self._write(redirect_err, buf_err.getvalue(), False)
        except fs.FsError as exc:
            err.write(f"-bash: {target if redirect_out else redirect_err}: {exc}\n")
            return 1
        return status

    def _write(self, target: str, text: str, append: bool) -> None:
        if target == "/dev/null":
            return
        with self.world.transaction():
            fs.write(self.world, self.machine["Name"], self.resolve(target), text, append=append,
                     now=self.world.now().isoformat())

    def dispatch(self, words: list[str], out: TextIO, err: TextIO, result: Result) -> int:
        k = 0
        while k < len(words) and lexer.is_assignment(words[k]):
            k += 1
        if k == len(words):  # NAME=VALUE alone sets terminal variables; $(...) gives the status
            for word in words:
                key, _, value = word.partition("=")
                self.env[key] = value
            return self._subst_status or 0
        if k:  # NAME=VALUE command ...: the variables are set for that command only
            changes = dict(w.partition("=")[::2] for w in words[:k])
            return self.with_env(changes, lambda: self.dispatch(words[k:], out, err, result))
        builtin = BUILTINS.get(words[0])
        if builtin is None:
            err.write(f"-bash: {words[0]}: command not found\n")
            return 127
        return builtin.run(self, words[1:], out, err, result)

    def with_env(self, changes: dict[str, str | None], body: Callable[[], int], clear: bool = False) -> int:
        """Run ``body`` with variables set (a value) or unset (None) in this frame's
        environment, then put those variables back as they were; ``clear`` starts empty."""
        env = self.frame.env
        saved = dict(env) if clear else {key: env.get(key) for key in changes}
        if clear:
            env.clear()
        for key, value in changes.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        try:
            return body()
        finally:
            if clear:
                env.clear()
            for key, value in saved.items():
                if value is None:
                    env.pop(key, None)
                else:
                    env[key] = value


def _answers(text: str) -> Callable[[str], str]:
    """A prompt reader fed from standard input: one line per prompt, EOFError after the last."""
    lines = iter(text.splitlines())

    def ask(prompt: str) -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None
    return ask
