"""``iam-sandbox shell [--machine NAME]``: the sandbox terminal as a line REPL.

Interactive: a prompt, history (up/down) and tab completion through readline. Not a
terminal (a script piped in, a screen reader's line mode): commands are read from
standard input one per line and only their output is printed, so lessons can be scripted.
"""

from __future__ import annotations

import argparse
import sys

from sandbox.cli.prompts import stdin_asker
from sandbox.cli.worldopen import open_for_cli


def main(argv: list[str], opts: dict) -> int:
    parser = argparse.ArgumentParser(prog="iam-sandbox shell", description="A terminal on a sandbox machine.")
    parser.add_argument("--machine", default="laptop", help="laptop (default), or an instance's Name tag or id")
    parser.add_argument("--echo", action="store_true", help="print each command after its prompt (for transcripts)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    world = open_for_cli(opts)
    if world is None:
        return 1
    from sandbox.services.gateway import Gateway
    from sandbox.shell.session import ShellSession

    interactive = sys.stdin.isatty()
    session = ShellSession(Gateway(world), "laptop", ask=stdin_asker(interactive))
    if args.machine != "laptop":
        result = session.run(f"ssh {args.machine}", sys.stdout, sys.stderr)
        if result.status:
            return result.status
    if interactive:
        _setup_readline(session)
    status = 0
    while True:
        try:
            if interactive:
                line = input(session.prompt())
            else:
                raw = sys.stdin.readline()
                if not raw:
                    break
                line = raw.rstrip("\n")
                if args.echo:
                    sys.stdout.write(session.prompt() + line + "\n")
        except EOFError:
            if interactive:
                sys.stdout.write("\n")
            break
        except KeyboardInterrupt:
            sys.stdout.write("^C\n")
            continue
        world.refresh()
        result = session.run(line, sys.stdout, sys.stderr)
        sys.stdout.flush()
        status = result.status
        if result.clear and interactive:
            sys.stdout.write("\033[2J\033[H")
        if result.closed:
            break
    return status


def _setup_readline(session) -> None:
    try:
        import readline
    except ImportError:  # pragma: no cover - not on every platform
        return
    from sandbox.shell.completion import complete

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
