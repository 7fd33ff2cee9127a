"""The terminal's builtins are declared once (sandbox.shell.builtins.BUILTINS): help and
Tab completion come from that table, so a builtin cannot run without being listed, or be
listed without running."""

from __future__ import annotations

from sandbox.shell.builtins import BUILTINS
from sandbox.shell.builtins.base import AWS, COMMAND, COMPLETIONS, INSTANCES, NOTHING, PATHS
from sandbox.shell.completion import complete
from shellhelp import Term, fresh_world


def test_every_builtin_declares_its_usage_help_and_completion():
    assert len(BUILTINS) >= 30
    for name, builtin in BUILTINS.items():
        assert builtin.name == name
        assert builtin.usage.split()[0] == name, builtin.usage
        assert builtin.help and "\n" not in builtin.help and not builtin.help.endswith(".")
        assert builtin.completes in COMPLETIONS


def test_help_shows_every_builtin_with_its_usage_and_help(lap):
    lines = lap.ok("help").lines
    assert lines[0] == "The sandbox terminal understands:"
    for builtin in BUILTINS.values():
        rows = [line for line in lines if line.split() and line.split()[0] == builtin.name]
        assert any(row.strip().startswith(builtin.usage) and row.endswith(builtin.help) for row in rows), builtin.name
    assert any("NAME=VALUE COMMAND" in line for line in lines)  # and the syntax around them


def test_tab_offers_every_builtin_and_nothing_else(lap):
    assert complete(lap.session, "") == sorted(BUILTINS)
    for name in BUILTINS:
        assert name in complete(lap.session, name[:1])
    assert complete(lap.session, "zz") == []


def test_each_builtin_completes_what_it_declares(lap):
    lap.ok("mkdir docs")
    for name, builtin in BUILTINS.items():
        got = complete(lap.session, f"{name} h" if builtin.completes != INSTANCES else f"{name} w")
        if builtin.completes == PATHS:
            assert got == ["hello.txt"], name
        elif builtin.completes == INSTANCES:
            assert got and all(n.startswith("w") for n in got), name
        elif builtin.completes == AWS:
            assert got == ["help"], name
        elif builtin.completes == COMMAND:
            assert got == sorted(n for n in BUILTINS if n.startswith("h")), name
        else:
            assert builtin.completes == NOTHING and got == [], name
    assert complete(lap.session, "cat d") == ["docs/"]
    assert "sts" in complete(lap.session, "aws s")


def test_every_declared_builtin_runs(lap):
    """Each one is dispatched from the table: none is 'command not found'."""
    for name in sorted(BUILTINS, key=lambda n: n == "exit"):  # exit last: it closes the terminal
        ran = lap.run(name)
        assert ran.status != 127 and "command not found" not in ran.err, name
    assert lap.last.closed
    ran = Term(fresh_world()).run("nosuchcommand")
    assert (ran.status, ran.err) == (127, "-bash: nosuchcommand: command not found\n")
