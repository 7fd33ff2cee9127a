"""``iam-sandbox events``: the decisions the sandbox made, newest last, with why."""

from __future__ import annotations

import argparse
import json
import sys
import time

from sandbox.cli.worldopen import open_for_cli


def format_event(e: dict) -> str:
    when = e.get("time", "")[11:19]
    decision = e.get("decision", "")
    if e.get("kind") == "authentication":
        return f"{when} {e.get('machine', ''):<8} {e.get('accessKeyId') or '(no key)'} authentication failed: {e.get('message')}"
    if e.get("kind") == "signin":
        return f"{when} console  {e.get('principal')} ConsoleLogin {decision}: {e.get('message')}"
    head = (f"{when} {e.get('machine', ''):<8} {e.get('principal')}  {e.get('action')}  "
            f"{e.get('resource')}  {decision}" + ("  (dry run)" if e.get("dryRun") else ""))
    lines = [head]
    if e.get("decidingPolicy"):
        st = e.get("decidingStatement") or {}
        label = f"Sid {st['sid']!r}" if st.get("sid") else f"statement {st.get('index', 0) + 1}"
        lines.append(f"    decided by {label} of {e['decidingPolicy']} ({e.get('decidingType')})")
    if decision != "allowed" or not e.get("decidingPolicy"):
        lines.append(f"    {e.get('message')}")
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

    def show(events):
        for e in events:
            sys.stdout.write((json.dumps(e) if args.json else format_event(e)) + "\n")
        sys.stdout.flush()

    events = world.events.tail(max(args.tail, 0))
    show(events)
    last = events[-1]["seq"] if events else (world.events.tail(1) or [{"seq": 0}])[0]["seq"]
    while args.follow:
        time.sleep(0.5)
        new = world.events.since(last)
        if new:
            show(new)
            last = new[-1]["seq"]
    return 0
