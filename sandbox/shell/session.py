"""A terminal on a sandbox machine: the laptop or an EC2 instance.

The same session runs in ``iam-sandbox shell`` and in the app's terminal pane. Variables
set with ``export`` belong to the terminal (not the world), and ``NAME=VALUE command``
sets one for that command only; files live in the machine's file system in the world;
``ssh`` opens a nested session on an instance and ``exit`` returns (``ssh HOST COMMAND``
runs one command there). ``$(...)`` runs as a subshell: its ``cd``, variables and ``exit``
stay inside, its errors reach the terminal. Every ``aws`` call goes through the gateway
with this machine as its origin.
"""

from __future__ import annotations

import io
import posixpath
import re
from dataclasses import dataclass, field
from typing import Callable, ContextManager, TextIO

from sandbox.errors import SandboxError
from sandbox.services.gateway import Gateway
from sandbox.shell import globbing, lexer
from sandbox.shell.textutils import FILTERS as TEXT_FILTERS
from sandbox.world import fs

HELP = """\
The sandbox terminal understands:
  aws ...                 the AWS CLI (against the simulated account)
  curl URL                HTTP to the instance metadata service (169.254.169.254) on EC2
  ssh NAME | connect NAME open a terminal on an EC2 instance (by Name tag or id); exit returns
  ssh NAME COMMAND        run COMMAND on the instance and come back (ssh web-1 hostname)
  pwd cd ls cat echo mkdir rm touch cp mv      files of this machine (> >> 2> 2>&1 < redirect)
  cat grep cut head tail wc sort uniq          read files, or what the command before | printed
  export NAME=VALUE, unset NAME, env           terminal variables (AWS_PROFILE, AWS_REGION, ...)
  NAME=VALUE COMMAND      a variable for that command only (AWS_PROFILE=bob aws s3 ls)
  $VAR $(command) $((1+2)) *.txt ~             expansions ('quotes' keep text as it is)
  ; && || |               join commands
  iam-sandbox mfa code NAME [--now|--next]     your phone's authenticator app
  iam-sandbox console sign-in|root-mfa ...     your browser on the AWS Management Console
  history clear whoami hostname date true false help exit [N]
"""
COMMANDS = ("aws", "cat", "cd", "clear", "connect", "cp", "curl", "cut", "date", "echo", "env", "exit", "export",
            "false", "grep", "head", "help", "history", "hostname", "iam-sandbox", "ls", "mkdir", "mv", "pwd", "rm",
            "sort", "ssh", "tail", "touch", "true", "uniq", "unset", "wc", "whoami")


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
    change_scope: Callable[[str], ContextManager] | None = None
    history: list[str] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    last_status: int = 0
    pending: str = ""  # a line that ended with a backslash: it goes on in the next line
    _stdin: str | None = field(default=None, repr=False)  # what the running command reads
    _pipe: str | None = field(default=None, repr=False)  # what the last command printed into a pipe
    _floor: int = field(default=1, repr=False)  # frames an exit leaves in place (subshells, ssh HOST CMD)
    _subst_status: int | None = field(default=None, repr=False)  # status of the last $(...) expanded

    def __post_init__(self):
        if not self.frames:
            self.frames.append(self._frame(self.machine_name))

    # -- state ---------------------------------------------------------------------------------

    @property
    def world(self):
        return self.gateway.world

    @property
    def frame(self) -> Frame:
        return self.frames[-1]

    @property
    def machine(self) -> dict:
        return self.world["machines"].get(self.frame.machine_name) or {"Name": self.frame.machine_name,
                                                                       "Home": "/", "User": "root",
                                                                       "Hostname": "unknown", "Kind": "gone",
                                                                       "SourceIp": "0.0.0.0"}

    @property
    def env(self) -> dict:
        return self.frame.env

    @property
    def cwd(self) -> str:
        return self.frame.cwd

    def _frame(self, machine_name: str) -> Frame:
        m = self.world["machines"].get(machine_name)
        if m is None:
            raise ValueError(f"no machine named {machine_name!r}")
        env = {"HOME": m["Home"], "USER": m["User"], "SHELL": "/bin/bash", "PATH": "/usr/local/bin:/usr/bin:/bin",
               "HOSTNAME": m["Hostname"], "LANG": "C.UTF-8"}
        return Frame(machine_name, env, m["Home"])

    def prompt(self) -> str:
        if self.pending:
            return "> "
        m = self.machine
        home = m["Home"]
        where = "~" + self.cwd[len(home):] if self.cwd == home or self.cwd.startswith(home + "/") else self.cwd
        profile = self.env.get("AWS_PROFILE")
        tag = f"({profile}) " if profile else ""
        if m.get("Kind") == "ec2":
            short = "~" if self.cwd == home else posixpath.basename(self.cwd) or "/"
            return f"{tag}[{m['User']}@{m['Hostname']} {short}]$ "
        return f"{tag}{m['User']}@{m['Hostname']}:{where}$ "

    def resolve(self, path: str) -> str:
        home = self.machine["Home"]
        if path == "~" or path.startswith("~/"):
            path = home + path[1:]
        if not path.startswith("/"):
            path = posixpath.join(self.cwd, path)
        return fs.normalize(path)

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
        self.history.append(stripped)
        try:
            return self._run_typed(stripped, out, err, result)
        except SandboxError as exc:  # the world file was damaged by another process: say so, carry on
            err.write(f"iam-sandbox: {exc.message}\n")
            self.last_status = result.status = 1
            return result

    def _run_typed(self, stripped: str, out: TextIO, err: TextIO, result: Result) -> Result:
        """A line as typed: one change of the workspace that opened this terminal (its
        undo point, and the scenario progress printed after the command's output)."""
        if self.change_scope is None:
            result.status = self.last_status = self._run_line(stripped, out, err, result)
            return result
        with self.change_scope(stripped) as change:
            result.status = self.last_status = self._run_line(stripped, out, err, result)
        for line in change.progress:
            out.write(line + "\n")
        return result

    def _run_line(self, line: str, out: TextIO, err: TextIO, result: Result, stdin: str | None = None) -> int:
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
        status = self._subshell(lambda: self._run_line(inner, captured, err, Result()))
        self._subst_status = status
        return captured.getvalue()

    def _subshell(self, body: Callable[[], int]) -> int:
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
        machine = self.machine["Name"]

        def listdir(path: str):
            if not fs.is_dir(self.world, machine, path):
                return None
            return [(posixpath.basename(r["Path"]), r["Type"] == "dir") for r in fs.listdir(self.world, machine, path)]

        return globbing.expand(pattern, self.cwd, listdir, lambda path: fs.entry(self.world, machine, path) is not None)

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
                status = self._subshell(lambda: self._run_command(command, sink, err, Result(), stdin))
            else:
                status = self._run_command(command, sink, err, result, stdin)
            self._pipe = sink.getvalue() if piped else None
            self.last_status = status
        return status

    def _run_command(self, command: lexer.Command, out: TextIO, err: TextIO, result: Result,
                      stdin: str | None = None) -> int:
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
        saved_ask, saved_stdin = self.ask, self._stdin
        if stdin_file is not None:
            try:
                stdin = fs.read(self.world, self.machine["Name"], self.resolve(stdin_file))
            except fs.FsError as exc:
                err.write(f"-bash: {stdin_file}: {exc}\n")
                return 1
        if stdin is not None:
            self.ask = _answers(stdin)
        self._stdin = stdin
        try:
            status = self._dispatch(command.words, buf_out, buf_err, result)
        except SandboxError as exc:  # a damaged world file: say so and how to recover
            buf_err.write(f"iam-sandbox: {exc.message}\n")
            status = 1
        except Exception as exc:  # a sandbox bug must not kill the terminal
            buf_err.write(f"{command.words[0]}: internal error in the sandbox ({type(exc).__name__}: {exc})\n")
            status = 1
        finally:
            self.ask, self._stdin = saved_ask, saved_stdin
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

    def _dispatch(self, words: list[str], out: TextIO, err: TextIO, result: Result) -> int:
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
            return self._with_env(changes, lambda: self._dispatch(words[k:], out, err, result))
        name, args = words[0], words[1:]
        if name in TEXT_FILTERS:
            return self._filter(name, args, out, err)
        handler = getattr(self, f"cmd_{name.replace('-', '_')}", None)
        if name not in COMMANDS or handler is None:
            err.write(f"-bash: {name}: command not found\n")
            return 127
        return handler(args, out, err, result)

    def _with_env(self, changes: dict[str, str | None], body: Callable[[], int], clear: bool = False) -> int:
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

    # -- commands ----------------------------------------------------------------------------------

    def cmd_aws(self, args, out, err, result) -> int:
        from sandbox.awscli.run import run_aws
        from sandbox.shell.awsbackend import MachineAws

        backend = MachineAws(self.gateway, self.machine, self.env, self.cwd, self.ask, self.via)
        return run_aws(args, backend, out, err, backend.read_file)

    def cmd_curl(self, args, out, err, result) -> int:
        from sandbox.shell.curl import run_curl

        return run_curl(self, args, out, err)

    def cmd_ssh(self, args, out, err, result) -> int:
        """``ssh [options] [user@]host [command]``: a terminal on the instance, or, with a
        command, run it there and come back with its output and exit status."""
        target = None
        k = 0
        while k < len(args):
            a = args[k]
            if a in ("-i", "-l", "-p", "-o", "-F", "-J", "-L", "-R", "-D", "-E", "-b", "-c", "-m", "-S", "-W"):
                k += 2
                continue
            if a.startswith("-"):
                k += 1
                continue
            target = a
            break
        if target is None:
            err.write("usage: ssh [-i identity_file] [user@]host [command]\n")
            return 255
        remote = " ".join(args[k + 1:])
        host = target.split("@", 1)[-1]
        instance = self._find_instance(host)
        if instance is None:
            err.write(f"ssh: Could not resolve hostname {host}: Name or service not known\n")
            return 255
        if instance["State"] != "running":
            err.write(f"ssh: connect to host {instance.get('PublicIpAddress', host)} port 22: Connection timed out "
                      f"(the instance is {instance['State']})\n")
            return 255
        if remote.strip():
            given = self._stdin

            def on_instance() -> int:
                self.frames.append(self._frame(instance["InstanceId"]))
                self._floor = len(self.frames)
                return self._run_line(remote, out, err, Result(), given)
            return self._subshell(on_instance)
        self.frames.append(self._frame(instance["InstanceId"]))
        name = instance.get("Name") or instance["InstanceId"]
        out.write(f"Connected to {name} ({instance['InstanceId']}, {instance['PublicIpAddress']}). "
                  "Type exit to go back.\n")
        return 0

    cmd_connect = cmd_ssh

    def _find_instance(self, host: str) -> dict | None:
        rows = self.world["instances"].all()
        for row in rows:
            if row["InstanceId"] == host or row.get("PublicIpAddress") == host:
                return row
        named = [r for r in rows if any(t["Key"] == "Name" and t["Value"] == host for t in r.get("Tags", []))]
        named.sort(key=lambda r: r["State"] != "running")
        return named[0] if named else None

    def cmd_exit(self, args, out, err, result) -> int:
        """``exit [N]``: leave with status N (without N, the last command's), as bash does;
        on an instance it goes back to the machine before."""
        status = self.last_status
        if len(args) > 1:
            err.write("-bash: exit: too many arguments\n")
            return 1
        if args:
            text = args[0].strip()
            m = re.fullmatch(r"([+-]?)([0-9]+)", text)
            if m:
                status = int(m.group(1) + m.group(2)[-8:])  # 10**8 is a multiple of 256: the low byte is kept
            else:
                err.write(f"-bash: exit: {args[0]}: numeric argument required\n")
                status = 2
        status &= 255
        if len(self.frames) > max(self._floor, 1):
            leaving = self.machine.get("PublicIpAddress") or self.machine["SourceIp"]
            self.frames.pop()
            out.write(f"logout\nConnection to {leaving} closed.\n")
            return status
        result.closed = True
        return status

    def cmd_iam_sandbox(self, args, out, err, result) -> int:
        """The parts of iam-sandbox that stand for the learner's phone and browser."""
        if not args or args[0] not in ("mfa", "console"):
            err.write("In the sandbox terminal, iam-sandbox offers: mfa (the authenticator app) and console "
                      "(the browser). The other commands run in your own terminal.\n")
            return 2
        if args[0] == "mfa":
            from sandbox.cli.mfa_cmd import run

            return run(args[1:], self.world, out, err)
        from sandbox.cli.console_cmd import run

        return run(args[1:], self.world, out, err, ask=self.ask)

    def _filter(self, name: str, args, out, err) -> int:
        """cat, grep, cut, head, tail, wc, sort, uniq: on files of this machine, or stdin."""
        from sandbox.shell.textutils import run_filter

        def read(path: str) -> str:
            return fs.read(self.world, self.machine["Name"], self.resolve(path))
        return run_filter(name, args, read, self._stdin, out, err)

    def cmd_pwd(self, args, out, err, result) -> int:
        out.write(self.cwd + "\n")
        return 0

    def cmd_cd(self, args, out, err, result) -> int:
        if args and args[0] == "-":
            target = self.frame.oldpwd or self.cwd
            out.write(target + "\n")
        else:
            target = self.resolve(args[0]) if args else self.machine["Home"]
        if not fs.is_dir(self.world, self.machine["Name"], target):
            what = "Not a directory" if fs.is_file(self.world, self.machine["Name"], target) else \
                "No such file or directory"
            err.write(f"-bash: cd: {args[0] if args else target}: {what}\n")
            return 1
        self.frame.oldpwd = self.cwd
        self.frame.cwd = target
        self.env["PWD"] = target
        return 0

    def cmd_ls(self, args, out, err, result) -> int:
        """GNU ls: file operands first, by the name given; then each directory's entries,
        under a ``dir:`` heading when there are several operands."""
        flags = "".join(a[1:] for a in args if a.startswith("-") and len(a) > 1)
        paths = [a for a in args if not a.startswith("-") or a == "-"] or ["."]
        status = 0
        machine = self.machine["Name"]
        files: list[tuple[str, dict]] = []
        dirs: list[tuple[str, str]] = []
        for path in paths:
            full = self.resolve(path)
            row = fs.entry(self.world, machine, full)
            if row is None:
                err.write(f"ls: cannot access '{path}': No such file or directory\n")
                status = 2
            elif row["Type"] == "dir":
                dirs.append((path, full))
            else:
                files.append((path, row))
        if files:
            self._ls_rows(sorted(files, key=lambda f: f[0]), "l" in flags, out, total=False)
        for idx, (path, full) in enumerate(dirs):
            if len(paths) > 1:
                out.write(("\n" if idx or files else "") + f"{path}:\n")
            names = [(posixpath.basename(r["Path"]), r) for r in fs.listdir(self.world, machine, full)]
            if "a" not in flags:
                names = [(n, r) for n, r in names if not n.startswith(".")]
            else:
                names = [(".", None), ("..", None)] + names
            self._ls_rows(names, "l" in flags, out, total=True)
        return status

    def _ls_rows(self, names: list[tuple[str, dict | None]], long: bool, out: TextIO, total: bool) -> None:
        if not long:
            if names:
                out.write("  ".join(n for n, _ in names) + "\n")
            return
        if total:
            out.write(f"total {len(names) * 4}\n")
        user = self.machine["User"]
        for n, r in names:
            kind = "d" if (r is None or r["Type"] == "dir") else "-"
            size = len((r or {}).get("Content", "") or "") if kind == "-" else 4096
            mode = "drwxr-xr-x" if kind == "d" else "-rw-r--r--"
            out.write(f"{mode} 1 {user} {user} {size:>5} {_mtime((r or {}).get('Modified'))} {n}\n")

    def cmd_echo(self, args, out, err, result) -> int:
        newline = True
        if args and args[0] == "-n":
            newline, args = False, args[1:]
        out.write(" ".join(args) + ("\n" if newline else ""))
        return 0

    def cmd_mkdir(self, args, out, err, result) -> int:
        parents = "-p" in args
        status = 0
        for path in [a for a in args if not a.startswith("-")]:
            try:
                with self.world.transaction():
                    fs.mkdir(self.world, self.machine["Name"], self.resolve(path), parents,
                             now=self.world.now().isoformat())
            except fs.FsError as exc:
                err.write(f"mkdir: cannot create directory '{path}': {exc}\n")
                status = 1
        return status

    def cmd_touch(self, args, out, err, result) -> int:
        status = 0
        for path in [a for a in args if not a.startswith("-")]:
            full = self.resolve(path)
            try:
                with self.world.transaction():
                    if not fs.is_file(self.world, self.machine["Name"], full):
                        fs.write(self.world, self.machine["Name"], full, "", now=self.world.now().isoformat())
            except fs.FsError as exc:
                err.write(f"touch: cannot touch '{path}': {exc}\n")
                status = 1
        return status

    def cmd_rm(self, args, out, err, result) -> int:
        flags = "".join(a[1:] for a in args if a.startswith("-"))
        recursive, force = "r" in flags or "R" in flags, "f" in flags
        status = 0
        for path in [a for a in args if not a.startswith("-")]:
            full = self.resolve(path)
            if full == "/" and recursive:
                err.write("rm: it is dangerous to operate recursively on '/'\n"
                          "rm: use --no-preserve-root to override this failsafe\n")
                status = 1
                continue
            if fs.is_dir(self.world, self.machine["Name"], full) and not recursive:
                err.write(f"rm: cannot remove '{path}': Is a directory\n")
                status = 1
                continue
            try:
                with self.world.transaction():
                    fs.remove(self.world, self.machine["Name"], full, recursive)
            except fs.FsError as exc:
                if not force:
                    err.write(f"rm: cannot remove '{path}': {exc}\n")
                    status = 1
        return status

    def _copy(self, args, err, verb: str, move: bool) -> int:
        paths = [a for a in args if not a.startswith("-")]
        if len(paths) != 2:
            err.write(f"{verb}: missing destination file operand after '{paths[0] if paths else ''}'\n")
            return 1
        src, dst = (self.resolve(p) for p in paths)
        machine = self.machine["Name"]
        try:
            content = fs.read(self.world, machine, src)
        except fs.FsError as exc:
            err.write(f"{verb}: cannot stat '{paths[0]}': {exc}\n")
            return 1
        if fs.is_dir(self.world, machine, dst):
            dst = posixpath.join(dst, posixpath.basename(src))
        try:
            with self.world.transaction():
                fs.write(self.world, machine, dst, content, now=self.world.now().isoformat())
                if move:
                    fs.remove(self.world, machine, src)
        except fs.FsError as exc:
            err.write(f"{verb}: cannot create regular file '{paths[1]}': {exc}\n")
            return 1
        return 0

    def cmd_cp(self, args, out, err, result) -> int:
        return self._copy(args, err, "cp", False)

    def cmd_mv(self, args, out, err, result) -> int:
        return self._copy(args, err, "mv", True)

    def cmd_clear(self, args, out, err, result) -> int:
        result.clear = True
        return 0

    def cmd_history(self, args, out, err, result) -> int:
        for i, line in enumerate(self.history, 1):
            out.write(f"{i:>5}  {line}\n")
        return 0

    def cmd_help(self, args, out, err, result) -> int:
        out.write(HELP)
        return 0

    def cmd_true(self, args, out, err, result) -> int:
        return 0

    def cmd_false(self, args, out, err, result) -> int:
        return 1

    def cmd_whoami(self, args, out, err, result) -> int:
        out.write(self.machine["User"] + "\n")
        return 0

    def cmd_hostname(self, args, out, err, result) -> int:
        out.write(self.machine["Hostname"] + "\n")
        return 0

    def cmd_date(self, args, out, err, result) -> int:
        out.write(self.world.now().strftime("%a %b %d %H:%M:%S UTC %Y") + "\n")
        return 0

    def cmd_export(self, args, out, err, result) -> int:
        if not args:
            for k, v in sorted(self.env.items()):
                out.write(f'declare -x {k}="{v}"\n')
            return 0
        for a in args:
            key, eq, value = a.partition("=")
            if not key.isidentifier():
                err.write(f"-bash: export: `{a}': not a valid identifier\n")
                return 1
            if eq:
                self.env[key] = value
            else:
                self.env.setdefault(key, "")
        return 0

    def cmd_unset(self, args, out, err, result) -> int:
        for a in args:
            self.env.pop(a, None)
        return 0

    def cmd_env(self, args, out, err, result) -> int:
        """``env [-i] [-u NAME]... [NAME=VALUE]... [COMMAND [ARG]...]`` (GNU env)."""
        changes: dict[str, str | None] = {}
        clear = False
        k = 0
        while k < len(args):
            a = args[k]
            if a in ("-i", "-", "--ignore-environment"):
                clear = True
            elif a in ("-u", "--unset") and k + 1 < len(args):
                changes[args[k + 1]] = None
                k += 1
            elif a in ("-u", "--unset"):
                err.write("env: option requires an argument -- 'u'\nTry 'env --help' for more information.\n")
                return 125
            elif a.startswith("-u") and len(a) > 2:
                changes[a[2:]] = None
            elif a == "--":
                k += 1
                break
            elif a.startswith("-") and a != "-":
                err.write(f"env: invalid option -- '{a.lstrip('-')[:1]}'\nTry 'env --help' for more information.\n")
                return 125
            else:
                break
            k += 1
        while k < len(args) and lexer.is_assignment(args[k]):
            key, _, value = args[k].partition("=")
            changes[key] = value
            k += 1
        command = args[k:]

        def body() -> int:
            if not command:
                for key, value in sorted(self.env.items()):
                    out.write(f"{key}={value}\n")
                return 0
            if command[0] not in COMMANDS and command[0] not in TEXT_FILTERS:
                err.write(f"env: \u2018{command[0]}\u2019: No such file or directory\n")
                return 127
            return self._dispatch(command, out, err, result)
        return self._with_env(changes, body, clear)


def _answers(text: str) -> Callable[[str], str]:
    """A prompt reader fed from standard input: one line per prompt, EOFError after the last."""
    lines = iter(text.splitlines())

    def ask(prompt: str) -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None
    return ask


def _mtime(iso_text: str | None) -> str:
    from datetime import datetime

    if not iso_text:
        return "Jan  1 00:00"
    try:
        moment = datetime.fromisoformat(iso_text)
        return f"{moment:%b} {moment.day:>2} {moment:%H:%M}"
    except ValueError:
        return "Jan  1 00:00"
