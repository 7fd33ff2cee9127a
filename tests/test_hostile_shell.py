"""Hostile lines in the sandbox terminal (issue 10, 3 and 4): limits with bash-like errors,
no traceback (and no world data) ever, no command that hangs, Ctrl+C between commands."""

from __future__ import annotations

import io
import threading
import time

import pytest
from shellhelp import Ran, Term

from sandbox.services.seed import build_default_world
from sandbox.shell import limits
from sandbox.shell.session import ShellSession
from sandbox.world import World, fs


class Raw(Term):
    """A terminal whose output is only recorded (the tests judge it themselves)."""

    def __init__(self):
        world = World(None)
        build_default_world(world)
        super().__init__(world)

    def run(self, line: str) -> Ran:
        out, err = io.StringIO(), io.StringIO()
        result = self.session.run(line, out, err)
        return Ran(result.status, out.getvalue(), err.getvalue())


def nested(depth: int) -> str:
    return "echo " + "$(echo " * depth + "x" + ")" * depth


@pytest.fixture
def term():
    return Raw()


def test_command_substitutions_nest_up_to_the_limit(term):
    ran = term.run(nested(limits.MAX_NESTING - 1))
    assert (ran.status, ran.out, ran.err) == (0, "x\n", "")


@pytest.mark.parametrize("depth", [limits.MAX_NESTING + 1, 145, 1000])
def test_deeper_substitutions_get_bash_kind_of_error(term, depth):
    """Issue 10, 3: nested about 145 deep, ``echo $(...)`` killed the app with a traceback
    that printed world data."""
    ran = term.run(nested(depth))
    assert ran.err == f"-bash: maximum nesting level exceeded ({limits.MAX_NESTING})\n"
    assert "Traceback" not in ran.out + ran.err
    assert term.run("echo still here").out == "still here\n"


@pytest.mark.parametrize("line", ["env " * 500 + "true", "ssh web-1 " * 100 + "hostname",
                                  "echo " + "`echo " * 3 + "x" + "`" * 3])
def test_other_nesting_is_bounded_too(term, line):
    ran = term.run(line)
    assert "Traceback" not in ran.err and "internal error" not in ran.err


def test_a_line_too_long_is_refused(term):
    ran = term.run("echo " + "x" * limits.MAX_LINE)
    assert ran.status == 1 and ran.err.startswith("-bash: line too long:")


def test_an_expansion_cannot_grow_without_end(term):
    ran = term.run("A=xxxxxxxxxxxxxxxx; " + "A=$A$A$A$A; " * 12 + "echo done")
    assert ran.err == f"-bash: {limits.expansion_too_long()}\n"


def test_a_file_of_a_sandbox_machine_has_a_size_limit(term):
    term.run("echo 0123456789abcdef > f")
    for _ in range(20):
        ran = term.run("cat f f > g; cat g > f")
    assert "File too large" in ran.err and "Traceback" not in ran.err
    assert len(fs.read(term.world, "laptop", "/home/learner/f")) <= fs.MAX_FILE_BYTES


def test_no_file_name_holds_a_nul(term):
    term.world  # noqa: B018 - the world exists
    ran = term.run("touch \x00x; ls \x00; rm \x00")
    assert "internal error" not in ran.err
    from sandbox.world import schema

    assert schema.problem(term.world.dump()) is None  # the world stays a world


def test_a_bug_is_one_line_without_world_data(term, monkeypatch):
    """Issue 10, 3: tracebacks never include world data (a password hash, a secret key)."""
    secret = term.world["access_keys"].all()[0]["SecretHash"]

    def broken(*args, **kwargs):
        raise KeyError(secret)
    monkeypatch.setattr("sandbox.shell.builtins.text.run_filter", broken)
    ran = term.run("cat hello.txt")
    assert ran.status == 1 and ran.err.startswith("cat: internal error in the sandbox (KeyError at sandbox/")
    assert secret not in ran.err and "Traceback" not in ran.err
    assert term.run("echo ok").out == "ok\n"


@pytest.mark.parametrize("line", ["echo '" + "a" * 40 + "b' | grep -E '^(a+)+$'",
                                  "echo '" + "a" * 40 + "b' | grep '^\\(a*\\)*$'",
                                  "echo '" + "x" * 5000 + "' | grep -E '(x+x+)+y'",
                                  "ls *a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"])
def test_patterns_from_the_learner_run_in_linear_time(term, line):
    """Issue 10, 4: ``grep -E '^(a+)+$'`` froze the whole app (Python's backtracking ``re``)."""
    if line.startswith("ls"):
        term.run("touch " + "a" * 60)
    start = time.process_time()
    ran = term.run(line)
    assert time.process_time() - start < 2
    assert ran.status in (0, 1, 2) and "Traceback" not in ran.err


def test_a_pattern_too_hard_for_its_text_says_so(term):
    ran = term.run("echo '" + "x" * 3000 + "' | grep -E '" + "(x|y)" * 2000 + "z'")
    assert ran.status == 2 and "too complex" in ran.err


def test_a_full_disk_under_a_redirect_is_a_message(term, monkeypatch):
    from sandbox.world import worldfile

    def full(*args, **kwargs):
        raise worldfile.WorldWriteError("Cannot save the world to /w.json: No space left on device. "
                                        "Nothing was changed.")
    monkeypatch.setattr(term.world.db.storage, "flush", full)
    ran = term.run("echo hi > f")
    assert ran.status == 1 and "No space left on device" in ran.err and "Traceback" not in ran.err


def test_ctrl_c_stops_a_line_between_its_commands():
    term = Raw()
    session: ShellSession = term.session
    seen = []

    class Out(io.StringIO):
        def write(self, text):
            seen.append(text)
            if len(seen) == 3:
                session.interrupted.set()  # Ctrl+C from the front end, as the third line is printed
            session.check_interrupt()
            return super().write(text)

    out, err = Out(), io.StringIO()
    result = session.run("echo 1; echo 2; echo 3; echo 4; echo 5", out, err)
    assert result.status == 130 and err.getvalue() == "^C\n"
    assert "4\n" not in out.getvalue() and not session.interrupted.is_set()
    assert session.run("echo again", io.StringIO(), io.StringIO()).status == 0


def test_a_running_line_can_be_interrupted_from_another_thread():
    term = Raw()
    session: ShellSession = term.session
    term.run("echo 'a line' > one")
    for _ in range(14):
        term.run("cat one one > two; cat two > one")  # 16,384 lines
    out, err = io.StringIO(), io.StringIO()

    class Slow(io.StringIO):
        def write(self, text):
            session.check_interrupt()
            time.sleep(0.0005)
            return super().write(text)
    done = threading.Event()
    worker = threading.Thread(target=lambda: (session.run("grep line one", Slow(), err), done.set()))
    worker.start()
    time.sleep(0.2)
    session.interrupted.set()
    assert done.wait(5) and session.last_status == 130
    worker.join()
