"""``iam-sandbox events``: the decisions the sandbox made, newest last, with why."""

from __future__ import annotations

import argparse
import json
import sys
import time

from sandbox.cli.worldopen import open_for_cli
from sandbox.services import events
from sandbox.services.events import DecisionEvent
from sandbox.workspace import Workspace

POLL_SECONDS = 0.5  # how often --follow looks for new events


def format_event(e: DecisionEvent) -> str:
    when = e.time[11:19]
    if e.kind == events.AUTHENTICATION:
        who = e.access_key_id or ("(web identity token)" if e.principal_type == "WebIdentityUser" else "(no key)")
        return "\n".join([f"{when} {e.machine:<8} {who} authentication failed: {e.message}",
                          *(f"    note: {note}" for note in e.notes)])
    if e.kind == events.SIGNIN:
        return f"{when} console  {e.principal} ConsoleLogin {e.decision}: {e.message}"
    head = (f"{when} {e.machine:<8} {e.principal}  {e.action}  {e.resource}  {e.decision}"
            + ("  (dry run)" if e.dry_run else "") + (f" — {e.failure}" if e.call_failed else ""))
    lines = [head]
    if e.deciding_policy:
        label = e.deciding_statement.label if e.deciding_statement else "a statement"
        lines.append(f"    decided by {label} of {e.deciding_policy} ({e.deciding_type})")
    if e.call_failed:
        lines.append(f"    {e.failure_sentence}")
    if not e.allowed or not e.deciding_policy:
        lines.append(f"    {e.message}")
    lines.extend(f"    note: {note}" for note in e.notes)
    return "\n".join(lines)


def main(argv: list[str], opts: dict) -> int:
    parser = argparse.ArgumentParser(prog="iam-sandbox events", description="Show the decision log.")
    parser.add_argument("--tail", type=int, default=20, metavar="N", help="the last N events (default 20)")
    parser.add_argument("--follow", "-f", action="store_true", help="keep printing new events")
    parser.add_argument("--json", action="store_true", help="one JSON object per line, with the explanation")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    world = open_for_cli(opts)
    if world is None:
        return 1

    def show(found: list[DecisionEvent]):
        for e in found:
            sys.stdout.write((json.dumps(e.to_dict()) if args.json else format_event(e)) + "\n")
        sys.stdout.flush()

    workspace = Workspace(world)
    seen = workspace.newest_event
    show([e for e in events.typed(world.events.tail(max(args.tail, 0))) if e.seq <= seen])
    while args.follow:  # as the app does: new events from this process or any other, each once
        time.sleep(POLL_SECONDS)
        new = workspace.follow(seen)
        if new:
            seen = new[-1].seq
            show(new)
    return 0
