"""The served app in a real browser: Debian's Chromium, headless, driven over the DevTools
protocol. A learner signs in with a name, signs in to the console, types ``aws s3 ls`` in
the terminal pane and sees the bucket; every request the page made stayed on the laptop.

Skipped, saying why, where Chromium is not installed (``.ci/run`` installs it where apt-get
works). Set IAM_SANDBOX_BROWSER_SHOT=FILE.png to keep the screenshot (the README's).
"""

import asyncio
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cdp import Browser, chromium
from sandbox.world import World

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(chromium() is None, reason="Chromium is not installed (apt-get install chromium)")]

# Capture xterm.js's Terminal when textual.js assigns it (``this.terminal = new Terminal``), so the
# test reads the rows xterm shows through its public buffer API rather than the bytes it was sent.
CAPTURE_TERMINAL = """Object.defineProperty(Object.prototype, "terminal", {configurable: true, set(v) {
  window.__xterm = v;
  Object.defineProperty(this, "terminal", {value: v, writable: true, configurable: true, enumerable: true}); }});"""
SCREEN = ("window.__xterm ? Array.from({length: window.__xterm.rows}, (_, i) => "
          "window.__xterm.buffer.active.getLine(i).translateToString(true)).join('\\n') : ''")
FOOTER = f"({SCREEN}).trimEnd().split('\\n').pop()"  # the last row: the keys of the focused widget


def _shows(text: str) -> str:
    return f"({SCREEN}).includes({text!r})"


def _serve(class_dir: Path) -> tuple[subprocess.Popen, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IAM_SANDBOX_")}
    server = subprocess.Popen([sys.executable, "-m", "sandbox", "serve", "--class", str(class_dir), "--port", "0"],
                              stdout=subprocess.PIPE, text=True, env=env)
    for _ in range(5):
        m = re.search(r"learners open:\s+(http://127\.0\.0\.1:\d+/)", server.stdout.readline())
        if m:
            return server, m.group(1)
    server.kill()
    raise AssertionError("iam-sandbox serve did not print its address")


def test_a_learner_runs_aws_s3_ls_in_the_browser(tmp_path):
    lab = tmp_path / "lab"
    subprocess.run([sys.executable, "-m", "sandbox", "class", "init", str(lab), "--seed", "7"], check=True,
                   capture_output=True)
    server, url = _serve(lab)
    browser = Browser()

    async def drive():
        try:
            return await steps()
        finally:
            await browser.close()

    async def steps():
        await browser.start()
        await browser.send("Network.enable")
        await browser.send("Page.enable")
        await browser.send("Page.addScriptToEvaluateOnNewDocument", source=CAPTURE_TERMINAL)
        await browser.send("Page.navigate", url=url)
        await browser.wait_for("!!document.getElementById('name')")
        await browser.evaluate("document.getElementById('name').focus()")
        await browser.type("Ana")
        await browser.evaluate("document.getElementById('start').click()")
        await browser.wait_for(_shows("Sign in to the AWS Management Console"))
        assert await browser.evaluate("document.getElementById('learner').textContent") == "Ana"
        password = World(lab / "learners" / "ana" / "world.json").meta["secrets_note"]["admin_console_password"]
        await browser.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        await browser.type(password)
        await browser.key("Enter", "Enter", 13, "\r")
        await browser.wait_for(_shows("Signed in as arn:aws:iam::"))
        await browser.steady(SCREEN)  # the console has its focus back from the sign-in dialog
        footer = await browser.evaluate(FOOTER)
        await browser.key("t", "KeyT", 84, modifiers=2)  # Ctrl+T: the terminal pane
        # the footer now shows the terminal's keys: the focus moved
        await browser.wait_for(f"({FOOTER}) !== {json.dumps(footer)}")
        await browser.type("aws s3 ls")
        await browser.key("Enter", "Enter", 13, "\r")
        await browser.wait_for(f"/\\d{{4}}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d experimenting-aws/.test({SCREEN})")
        if os.environ.get("IAM_SANDBOX_BROWSER_SHOT"):
            await browser.screenshot(Path(os.environ["IAM_SANDBOX_BROWSER_SHOT"]))
        return browser.requested_urls()

    try:
        urls = asyncio.run(drive())
    finally:
        server.terminate()
        server.wait(30)
    origin = urlsplit(url).netloc
    assert urls and all(urlsplit(u).netloc == origin for u in urls if u.startswith(("http", "ws"))), urls
    assert any(u.endswith("/static/js/textual.js") for u in urls) and any(urlsplit(u).path == "/ws" for u in urls)
