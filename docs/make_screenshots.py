"""Regenerate the README's screenshots (SVG; convert to PNG with any SVG tool).

Run: .venv/bin/python docs/make_screenshots.py   (writes docs/screenshots/*.svg)
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("IAM_SANDBOX_DATA", tempfile.mkdtemp())

from sandbox.scenarios.loader import find  # noqa: E402
from sandbox.services import principals  # noqa: E402
from sandbox.services.gateway import Caller  # noqa: E402
from sandbox.tui.app import SandboxApp  # noqa: E402
from sandbox.tui.decisions import DecisionPane  # noqa: E402
from sandbox.tui.terminal import TerminalPane  # noqa: E402
from sandbox.world import World, ids  # noqa: E402
from sandbox.world.defaults import build_default_world  # noqa: E402

OUT = HERE / "screenshots"


def world() -> World:
    ids.seed(3)
    w = World(None)
    build_default_world(w, "123456789012", frozen_at="2026-11-27T12:00:00+00:00")
    ids.seed(None)
    return w


async def settle(pilot, pane: TerminalPane) -> None:
    for _ in range(200):
        await pilot.pause(0.02)
        if not pane.busy and not pane._queue:
            break
    await pilot.pause(0.2)


def sign_in(app: SandboxApp, w: World) -> None:
    admin = w["users"].get("admin")
    app.sign_in_as(Caller(principals.user_principal(w, admin), "user", user=admin, console=True, mfa_present=False))
    app.session.who = "admin"


async def console_and_explain() -> None:
    w = world()
    app = SandboxApp(w, sign_in=False)
    async with app.run_test(size=(120, 40)) as pilot:
        sign_in(app, w)
        term = app.screen.query_one(TerminalPane)
        for line in ("aws iam create-user --user-name bob",
                     "aws iam create-access-key --user-name bob --query 'AccessKey.[AccessKeyId,SecretAccessKey]' "
                     "--output text > bob.txt",
                     "aws configure set aws_access_key_id $(cut -f1 bob.txt) --profile bob",
                     "aws configure set aws_secret_access_key $(cut -f2 bob.txt) --profile bob",
                     "clear", "aws s3 ls", "aws s3 ls --profile bob"):
            term.run_command(line)
        await settle(pilot, term)
        app.poll()
        await pilot.pause(0.3)
        for widget in app.screen.query("Input, TextArea"):
            widget.cursor_blink = False
        app.save_screenshot(str(OUT / "console.svg"))
        pane = app.screen.query_one(DecisionPane)
        app.screen.query_one("#decision-table").focus()
        await pilot.pause(0.1)
        await pilot.press("enter")
        await pilot.pause(0.4)
        app.save_screenshot(str(OUT / "explain.svg"))
        assert pane.count


async def guide() -> None:
    w = world()
    app = SandboxApp(w, sign_in=False)
    async with app.run_test(size=(120, 40)) as pilot:
        sign_in(app, w)
        app.start_scenario(find("ec2-role-s3"))
        await pilot.pause(0.3)
        term = app.screen.query_one(TerminalPane)
        for line in ("ssh web-1", "aws s3 ls"):
            term.run_command(line)
        await settle(pilot, term)
        for widget in app.screen.query("Input, TextArea"):
            widget.cursor_blink = False
        app.save_screenshot(str(OUT / "guide.svg"))


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    asyncio.run(console_and_explain())
    asyncio.run(guide())
    print(f"wrote {', '.join(p.name for p in sorted(OUT.glob('*.svg')))}")
