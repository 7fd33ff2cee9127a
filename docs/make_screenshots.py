"""Regenerate the README's screenshots as SVG (convert each to PNG with any SVG tool).

Run: .venv/bin/python docs/make_screenshots.py   (writes docs/screenshots/*.svg)
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

from textual.widgets import OptionList

from sandbox.scenarios.loader import find
from sandbox.services.seed import build_default_world
from sandbox.tui.app import SandboxApp
from sandbox.tui.explain_view import ExplainScreen
from sandbox.tui.learn import GuidePane
from sandbox.tui.messages import StartScenario
from sandbox.tui.terminal import TerminalPane
from sandbox.world import World, ids

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (120, 40)


def world() -> World:
    ids.seed(3)
    try:
        w = World(None)
        build_default_world(w, "123456789012", frozen_at="2026-11-27T12:00:00+00:00")
    finally:
        ids.seed(None)
    return w


def app_signed_in_as_admin() -> SandboxApp:
    w = world()
    app = SandboxApp(w, sign_in=False)
    app.workspace.sign_in(root=False, user_name="admin", password=w.meta["secrets_note"]["admin_console_password"])
    app.update_title()
    return app


async def until(pilot, condition, seconds: float = 20.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise TimeoutError(condition)


async def run_terminal(pilot, *lines: str) -> None:
    pane = pilot.app.screen.query_one(TerminalPane)
    for line in lines:
        pane.run_command(line)
    await until(pilot, lambda: not pane.busy and not pane._queue)
    await pilot.pause(0.2)


async def shot(pilot, name: str) -> None:
    pilot.app.clear_notifications()
    for screen in pilot.app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            widget.cursor_blink = False
    await pilot.pause(0.2)
    pilot.app.save_screenshot(str(OUT / f"{name}.svg"))


async def console_and_explain() -> None:
    app = app_signed_in_as_admin()
    async with app.run_test(size=SIZE) as pilot:
        await run_terminal(pilot, "aws iam create-user --user-name bob",
                           "aws iam create-access-key --user-name bob --query "
                           "'AccessKey.[AccessKeyId,SecretAccessKey]' --output text > bob.txt",
                           "aws configure set aws_access_key_id $(cut -f1 bob.txt) --profile bob",
                           "aws configure set aws_secret_access_key $(cut -f2 bob.txt) --profile bob",
                           "clear", "aws s3 ls", "aws s3 ls --profile bob")
        await shot(pilot, "console")
        table = app.screen.query_one("#decision-table", OptionList)
        table.focus()
        table.highlighted = table.option_count - 1  # the newest decision: bob's denial
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ExplainScreen))
        await shot(pilot, "explain")


async def guide() -> None:
    app = app_signed_in_as_admin()
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(StartScenario(find("ec2-role-s3")))
        await until(pilot, lambda: app.screen.query(GuidePane) and app.screen.query_one(GuidePane).display)
        await run_terminal(pilot, "ssh web-1", "aws s3 ls")
        await shot(pilot, "guide")


if __name__ == "__main__":
    os.environ.setdefault("IAM_SANDBOX_DATA", tempfile.mkdtemp())  # progress goes to a throwaway folder
    OUT.mkdir(parents=True, exist_ok=True)
    asyncio.run(console_and_explain())
    asyncio.run(guide())
    print(f"wrote {', '.join(p.name for p in sorted(OUT.glob('*.svg')))}")
