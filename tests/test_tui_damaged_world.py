"""The app while another process damages its world file: no crash, the CLI's message in a
dialog, the last good world kept on screen, nothing saved over the damaged file, and the
repaired world picked up by itself. Quitting then says why, with exit status 1."""

from __future__ import annotations

import asyncio
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import Static

from sandbox.tui.damaged import DamagedWorldScreen
from sandbox.world import World, WorldError
from tuihelp import (
    SIZE,
    fill,
    form_error,
    go,
    list_keys,
    make_app,
    make_world,
    open_action,
    press_button,
    run,
    submit,
    until,
    until_exited,
)

pytestmark = pytest.mark.tui

REPO = Path(__file__).resolve().parent.parent
RANDOM = bytes.fromhex("ffd8db3c0a9e41f2") + os.urandom(200)


def _backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".*.bak"))


def _dialog_open(app) -> bool:
    return isinstance(app.screen, DamagedWorldScreen) and bool(app.screen.query("#damaged-keep-open"))


def _dialog_text(app) -> str:
    return str(app.screen.query_one("#damaged-message", Static).render())


def test_the_app_survives_a_damaged_world_file_and_picks_up_the_repair(tmp_path):
    path = tmp_path / "world.json"
    make_world(path)

    async def go_():
        app = make_app(World(path))
        async with app.run_test(size=SIZE) as pilot:
            await go(pilot, "users")
            assert list_keys(app) == ["admin"]

            path.write_bytes(b"garbage{{\n")  # as QA did from another shell
            await until(pilot, lambda: _dialog_open(app), timeout=3, what="the dialog")
            (backup,) = _backups(path)
            message = _dialog_text(app)
            assert message.startswith(f"The world file {path} is damaged (not valid JSON: Expecting value at line 1, "
                                      f"column 1). It was left as it is; a copy is at {backup}.")
            assert f"To start over, run: iam-sandbox --world {path} world reset" in message

            await press_button(pilot, "#damaged-keep-open")
            await until(pilot, lambda: not isinstance(app.screen, DamagedWorldScreen), what="the dialog to close")
            assert list_keys(app) == ["admin"]  # the last good world stays on screen

            # a change is refused in the form, and nothing is written over the damaged file
            await open_action(pilot, "Create user")
            await fill(pilot, name="bob")
            await submit(pilot, expect_closed=False)
            assert form_error(app).startswith(f"The world file {path} is damaged (not valid JSON")
            assert path.read_bytes() == b"garbage{{\n"
            await pilot.press("escape")

            # other damage (random bytes) while the app keeps polling: still running, one copy per damage
            path.write_bytes(RANDOM)
            await until(pilot, lambda: len(_backups(path)) == 2, what="a copy of the new damage")
            app.poll()  # two more of the polls the app makes every half second
            app.poll()
            await pilot.pause()
            assert app.is_running and app.return_code is None
            assert sorted(b.read_bytes() for b in _backups(path)) == sorted([b"garbage{{\n", RANDOM])
            assert not isinstance(app.screen, DamagedWorldScreen)  # said once, not every half second

            # repaired from another terminal: the app shows the new world by itself
            done = await asyncio.to_thread(
                subprocess.run, [sys.executable, "-m", "sandbox", "--world", str(path), "world", "reset",
                                 "--account-id", "210987654321"], capture_output=True, text=True, timeout=60, cwd=REPO)
            assert done.returncode == 0, done.stderr
            await until(pilot, lambda: app.unreadable is None, timeout=3, what="the repaired world")
            assert app.workspace.world.account_id == "210987654321"
            await until(pilot, lambda: any("can be read again" in n.message for n in app._notifications),
                        what="the notification")
            assert app.return_code is None

    run(go_())


def test_quitting_while_the_world_cannot_be_read_fails_with_the_message(tmp_path):
    path = tmp_path / "world.json"
    make_world(path)

    async def go_():
        app = make_app(World(path))
        async with app.run_test(size=SIZE) as pilot:
            path.write_bytes(RANDOM)
            await until(pilot, lambda: _dialog_open(app), timeout=3, what="the dialog")
            assert _dialog_text(app).startswith(f"The world file {path} is damaged (not UTF-8 text: byte 0xff at "
                                                "position 0 cannot be decoded).")
            await pilot.press("ctrl+q")  # the dialog's Quit (a modal screen hides the app's own keys)
            await until_exited(app)
        assert app.return_code == 1
        assert app.quit_message.startswith(f"The world file {path} is damaged (not UTF-8 text")
        assert path.read_bytes() == RANDOM

    run(go_())


def test_a_world_error_nothing_caught_ends_the_app_cleanly(tmp_path):
    """The safety net: a damaged world met somewhere the app did not expect it ends the app
    with the message and status 1, never a traceback."""
    async def go_():
        app = make_app(make_world())
        async with app.run_test(size=SIZE):
            def fails():
                raise WorldError("The world file /x/world.json is damaged (a test).")

            app.call_later(fails)
            await until_exited(app)
        assert app.return_code == 1
        assert app.quit_message == "The world file /x/world.json is damaged (a test)."

    run(go_())


def test_the_real_app_in_a_terminal_exits_1_with_the_message(tmp_path):
    """QA's repro end to end: ``iam-sandbox`` in a terminal, the file damaged from outside,
    Ctrl+Q: the message on the terminal and exit status 1 (it was a traceback and 0)."""
    path = tmp_path / "world.json"
    make_world(path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IAM_SANDBOX", "AWS_"))}
    env.update(IAM_SANDBOX_DATA=str(tmp_path / "data"), TERM="xterm-256color", COLUMNS="120", LINES="40")
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "sandbox", "--world", str(path)], stdin=follower, stdout=follower,
                            stderr=follower, env=env, cwd=REPO, start_new_session=True)
    os.close(follower)
    seen = bytearray()

    def read_until(text: bytes, seconds: float) -> bool:
        """Read the app's output until ``text`` appears (True), the output ends, or time runs out."""
        start = len(seen)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in seen[start:]:
                return True
            ready, _, _ = select.select([leader], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                seen.extend(chunk)
        return text in seen[start:]

    try:
        assert read_until(b"Sign in", 30), "the app did not start"
        path.write_bytes(b"garbage{{\n")
        assert read_until(b"cannot be read", 10), "no dialog"
        os.write(leader, b"\x11")  # Ctrl+Q
        read_until(b"(never printed)", 20)  # to the end of the output
        rc = proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
    text = seen.decode("utf-8", "replace")
    assert rc == 1, text[-2000:]
    assert f"iam-sandbox: The world file {path} is damaged (not valid JSON" in text
    assert "Traceback" not in text
    assert path.read_bytes() == b"garbage{{\n"
