"""``iam-sandbox shell [--machine NAME] [SCRIPT]``: the sandbox terminal as a line REPL.

Interactive: a prompt, history (up/down) and tab completion through readline. Not a
terminal (a script piped in, a screen reader's line mode): commands are read from
standard input one per line and only their output is printed, so lessons can be scripted.
``iam-sandbox shell lesson.sh`` runs a script file of this computer, as ``bash lesson.sh``
does; prompts (``aws configure``) then read standard input. The exit status is that of
the last command, or the N of ``exit N``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sandbox.cli.host_files import read_host
from sandbox.cli.prompts import stdin_asker
from sandbox.cli.worldopen import open_for_cli, scenario_dirs
from sandbox.text import underlying, visible


def main(argv: list[str], opts: dict) -> int:
    parser = argparse.ArgumentParser(prog="iam-sandbox shell", description="A terminal on a sandbox machine.")
    parser.add_argument("--machine", default="laptop", help="laptop (default), or an instance's Name tag or id")
    parser.add_argument("--echo", action="store_true", help="print each command after its prompt (for transcripts)")
    parser.add_argument("script", nargs="?", help="a file of commands on this computer to run, as bash FILE does "
                                                  "(without it, commands come from standard input)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    script = None
    if args.script is not None:
        script, rc = _read_script(args.script)
        if script is None:
            return rc
    world = open_for_cli(opts)
    if world is None:
        return 1
    from sandbox.workspace import Workspace  # start-up time: not for a world that does not open

    interactive = sys.stdin.isatty() and script is None
    session = Workspace(world, scenario_dirs(opts)).terminal("shell", ask=stdin_asker(sys.stdin.isatty()))
    if args.machine != "laptop":
        result = session.run(f"ssh {args.machine}", sys.stdout, sys.stderr)
        if result.status:
            return result.status
    if interactive:
        _setup_readline(session)
    status = 0
    lines = iter(script) if script is not None else None
    while True:
        try:
            if interactive:
                line = input(visible(session.prompt(), keep=""))
            else:
                raw = next(lines, "") if lines is not None else sys.stdin.readline()
                if not raw:
                    break
                line = raw.rstrip("\n").rstrip("\r")
                if args.echo:
                    sys.stdout.write(session.prompt() + line + "\n")
        except EOFError:
            if interactive:
                sys.stdout.write("\n")
            break
        except KeyboardInterrupt:
            sys.stdout.write("^C\n")
            if lines is not None:
                return 130  # Ctrl+C stops a script, as it stops bash running one
            continue
        world.refresh()
        result = session.run(line, sys.stdout, sys.stderr)
        sys.stdout.flush()
        status = result.status
        if result.clear and interactive:
            underlying(sys.stdout).write("\033[2J\033[H")  # the program's own sequence, not data
        if result.closed:
            break
    return status


def _read_script(name: str) -> tuple[list[str] | None, int]:
    """The lines of a script file on this computer, or None and bash's exit status (127 when
    it is missing, 126 when it cannot be run) after bash's message."""
    path = Path(name).expanduser()
    try:
        data = read_host(path)
    except FileNotFoundError:
        sys.stderr.write(f"iam-sandbox shell: {name}: No such file or directory\n")
        return None, 127
    except IsADirectoryError:
        sys.stderr.write(f"iam-sandbox shell: {name}: Is a directory\n")
        return None, 126
    except OSError as exc:
        sys.stderr.write(f"iam-sandbox shell: {name}: {exc.strerror or exc}\n")
        return None, 126
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        sys.stderr.write(f"iam-sandbox shell: {name}: cannot execute binary file\n")
        return None, 126
    if "\0" in text:
        sys.stderr.write(f"iam-sandbox shell: {name}: cannot execute binary file\n")
        return None, 126
    return [line + "\n" for line in text.splitlines()], 0


def _setup_readline(session) -> None:
    try:
        import readline  # start-up time: only an interactive terminal edits lines
    except ImportError:  # pragma: no cover - not on every platform
        return
    from sandbox.shell.completion import complete  # start-up time: with readline only

    matches: list[str] = []

    def completer(text: str, state: int):
        nonlocal matches
        if state == 0:
            line = readline.get_line_buffer()
            matches = complete(session, line[: readline.get_endidx()])
        return matches[state] if state < len(matches) else None

    readline.set_completer_delims(" \t\n")
    readline.set_completer(completer)
    readline.parse_and_bind("tab: complete")
