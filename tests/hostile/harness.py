"""Run one hostile input in-process and judge what the learner would have seen.

``Probe`` runs ``iam-sandbox`` commands (``sandbox.cli.main.main``) and sandbox terminal
lines (``ShellSession.run``) on a world in a temporary folder and records, for each run:

- a traceback, or an "internal error" / "This is a bug" line, or an exception escaping;
- its time, a hang being anything over ``HANG_SECONDS``;
- every file opened outside the allowed places (the world's folder, the instructor's
  scenario folder, IAM Sandbox's own files, Python's libraries), seen by an audit hook on
  ``open`` (``sys.addaudithook``): a host path read;
- any raw control character in what reached the terminal (``sandbox.text.raw_control``);
- a world lost or corrupt: the world file must stay a readable world (or be absent when no
  command wrote one), whatever was run.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import threading
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import sandbox
from sandbox.cli.main import main
from sandbox.text import raw_control
from sandbox.world import worldfile

HANG_SECONDS = 2.0
SLOW_SECONDS = 20.0
BUG_MARKS = ("Traceback (most recent call last)", "internal error", "This is a bug")

_ALLOWED_ROOTS = [Path(sandbox.__file__).resolve().parent.parent, Path(sys.prefix).resolve(),
                  Path(sys.base_prefix).resolve(), Path(os.__file__).resolve().parent]
_watch = threading.local()


def _audit(event: str, args) -> None:
    if event != "open" or not getattr(_watch, "on", False):
        return
    path = args[0]
    if isinstance(path, int) or path is None:
        return
    try:
        full = Path(os.fsdecode(path)).absolute()
    except (TypeError, ValueError):
        return
    for root in _watch.allowed:
        if full == root or root in full.parents:
            return
    _watch.opened.append(str(full))


sys.addaudithook(_audit)


@dataclass
class Findings:
    runs: int = 0
    tracebacks: list = field(default_factory=list)
    hangs: list = field(default_factory=list)
    host_paths: list = field(default_factory=list)
    raw_controls: list = field(default_factory=list)
    lost_worlds: list = field(default_factory=list)

    def add(self, other: "Findings") -> None:
        self.runs += other.runs
        for name in ("tracebacks", "hangs", "host_paths", "raw_controls", "lost_worlds"):
            getattr(self, name).extend(getattr(other, name))

    def counts(self) -> dict[str, int]:
        return {"runs": self.runs, "tracebacks": len(self.tracebacks), "hangs": len(self.hangs),
                "host_paths": len(self.host_paths), "raw_controls": len(self.raw_controls),
                "lost_worlds": len(self.lost_worlds)}

    @property
    def clean(self) -> bool:
        return not (self.tracebacks or self.hangs or self.host_paths or self.raw_controls or self.lost_worlds)


class Probe:
    """A world folder and the runs made in it (``findings``)."""

    def __init__(self, folder: Path | None = None, scenarios: Path | None = None):
        self._tmp = None
        if folder is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="iam-hostile-")
            folder = Path(self._tmp.name)
        self.dir = Path(folder)
        self.world = self.dir / "world.json"
        self.scenarios = scenarios
        self.findings = Findings()
        self.data = self.dir / "data"  # progress and quiz results: never the learner's own
        self.allowed = [self.dir.resolve(), Path(tempfile.gettempdir()).resolve(), *_ALLOWED_ROOTS]
        if scenarios is not None:
            self.allowed.append(Path(scenarios).resolve())

    def close(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()

    # -- running ------------------------------------------------------------------------------

    def cli(self, *argv: str, stdin: str = "", label: str = "") -> tuple[int, str, str]:
        """``iam-sandbox --world W [--scenarios S] ARGV...``, judged."""
        pre = ["--world", str(self.world)] + (["--scenarios", str(self.scenarios)] if self.scenarios else [])
        out, err = io.StringIO(), io.StringIO()
        saved_stdin, saved_data = sys.stdin, os.environ.get("IAM_SANDBOX_DATA")
        sys.stdin = io.StringIO(stdin)
        os.environ["IAM_SANDBOX_DATA"] = str(self.data)
        rc = None
        escaped = None
        with self._watching() as opened:
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                with redirect_stdout(out), redirect_stderr(err):
                    rc = main(pre + list(argv))
            except BaseException as exc:  # noqa: BLE001 - what escapes is what we count
                escaped = exc
            elapsed, used = time.perf_counter() - start, time.thread_time() - cpu
        sys.stdin = saved_stdin
        if saved_data is None:
            os.environ.pop("IAM_SANDBOX_DATA", None)
        else:
            os.environ["IAM_SANDBOX_DATA"] = saved_data
        self._judge(label or " ".join(argv), out.getvalue(), err.getvalue(), elapsed, opened, escaped, cpu=used)
        return rc if rc is not None else -1, out.getvalue(), err.getvalue()

    def shell(self, session, line: str, label: str = "") -> tuple[int, str, str]:
        """One line typed into a sandbox terminal session, judged (its output is what the
        app's terminal pane would show once passed through ``visible``: raw output is fine
        inside the terminal, so only the pane's text is checked, by the TUI tests)."""
        out, err = io.StringIO(), io.StringIO()
        status = -1
        escaped = None
        with self._watching() as opened:
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                status = session.run(line, out, err).status
            except BaseException as exc:  # noqa: BLE001
                escaped = exc
            elapsed, used = time.perf_counter() - start, time.thread_time() - cpu
        self._judge(label or line, out.getvalue(), err.getvalue(), elapsed, opened, escaped, terminal=False,
                    cpu=used)
        return status, out.getvalue(), err.getvalue()

    def call(self, fn, label: str, expected: tuple = ()) -> object:
        """``fn()`` in-process, judged: an exception other than ``expected`` is a traceback."""
        result = escaped = None
        with self._watching() as opened:
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                result = fn()
            except expected:
                pass
            except BaseException as exc:  # noqa: BLE001
                escaped = exc
            elapsed, used = time.perf_counter() - start, time.thread_time() - cpu
        self._judge(label, "", "", elapsed, opened, escaped, terminal=False, cpu=used)
        return result

    def check_world(self, label: str, may_be_absent: bool = True) -> None:
        """The world file is still a readable world."""
        if not self.world.exists():
            if not may_be_absent:
                self.findings.lost_worlds.append((label, "the world file is gone"))
            return
        try:
            worldfile.parse(self.world.read_bytes())
        except (worldfile.Damaged, worldfile.Newer, OSError) as exc:
            self.findings.lost_worlds.append((label, f"{type(exc).__name__}: {exc}"))

    # -- judging ------------------------------------------------------------------------------

    def _watching(self):
        probe = self

        class _Ctx:
            def __enter__(self):
                _watch.on, _watch.allowed, _watch.opened = True, probe.allowed, []
                return _watch.opened

            def __exit__(self, *exc):
                _watch.on = False
                return False
        return _Ctx()

    def _judge(self, label: str, out: str, err: str, elapsed: float, opened: list, escaped,
               terminal: bool = True, cpu: float | None = None) -> None:
        f = self.findings
        f.runs += 1
        text = out + err
        if escaped is not None and not isinstance(escaped, SystemExit):
            f.tracebacks.append((label, f"{type(escaped).__name__} escaped: {str(escaped)[:200]}"))
        for mark in BUG_MARKS:
            if mark in text:
                line = next((ln for ln in text.splitlines() if mark in ln), mark)
                f.tracebacks.append((label, line[:300]))
                break
        # a hang: over HANG_SECONDS of this thread's processor time (the machine may be shared, so
        # waiting for a core is not counted), or over SLOW_SECONDS of wall-clock time whatever the cause
        if (cpu if cpu is not None else elapsed) > HANG_SECONDS or elapsed > SLOW_SECONDS:
            f.hangs.append((label[:200], round(elapsed, 2), None if cpu is None else round(cpu, 2)))
        if opened:
            f.host_paths.append((label, sorted(set(opened))[:5]))
        if terminal:
            found = raw_control(text)
            if found is not None:
                f.raw_controls.append((label, found))
