"""Headless Chromium driven over the Chrome DevTools Protocol (a websocket, with aiohttp,
which textual-serve already brings): no browser-driver dependency. Loopback only: the
browser is started with every background connection off, and tests open only
``127.0.0.1`` pages."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import aiohttp

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
         "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0"]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One Chromium with a fresh profile, and its first page."""

    def __init__(self, width: int = 1400, height: int = 900):
        self.profile = Path(tempfile.mkdtemp(prefix="iam-sandbox-chromium-"))
        self.process = subprocess.Popen(
            [chromium(), *FLAGS, f"--user-data-dir={self.profile}", f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.ids = itertools.count(1)
        self.pending: dict[int, asyncio.Future] = {}
        self.events: list[dict] = []
        self.session: aiohttp.ClientSession | None = None
        self.ws = None
        self.reader: asyncio.Task | None = None

    async def start(self, timeout: float = 60) -> None:
        active = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not active.exists() or len(active.read_text().splitlines()) < 2:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Chromium did not start")
            await asyncio.sleep(0.1)
        port = int(active.read_text().splitlines()[0])
        self.session = aiohttp.ClientSession()
        while True:
            async with self.session.get(f"http://127.0.0.1:{port}/json/list") as r:
                pages = [t for t in await r.json() if t["type"] == "page"]
            if pages:
                break
            await asyncio.sleep(0.1)
        self.ws = await self.session.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            elif "method" in data:
                self.events.append(data)

    async def send(self, method: str, **params) -> dict:
        call_id = next(self.ids)
        future = asyncio.get_running_loop().create_future()
        self.pending[call_id] = future
        await self.ws.send_json({"id": call_id, "method": method, "params": params})
        reply = await asyncio.wait_for(future, 60)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    async def evaluate(self, expression: str):
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return result.get("result", {}).get("value")

    async def wait_for(self, expression: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not await self.evaluate(expression):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {expression}")
            await asyncio.sleep(0.2)

    async def steady(self, expression: str, interval: float = 0.4, timeout: float = 60) -> None:
        """Wait until ``expression`` gives the same value twice, ``interval`` seconds apart."""
        deadline = time.monotonic() + timeout
        last = await self.evaluate(expression)
        while True:
            await asyncio.sleep(interval)
            now = await self.evaluate(expression)
            if now == last:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{expression} kept changing")
            last = now

    async def type(self, text: str) -> None:
        await self.send("Input.insertText", text=text)

    async def key(self, key: str, code: str, key_code: int, text: str = "", modifiers: int = 0) -> None:
        for kind in ("keyDown", "keyUp"):
            await self.send("Input.dispatchKeyEvent", type=kind, key=key, code=code, modifiers=modifiers,
                            windowsVirtualKeyCode=key_code, nativeVirtualKeyCode=key_code,
                            **({"text": text} if text and kind == "keyDown" else {}))

    async def screenshot(self, path: Path) -> None:
        shot = await self.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))

    def requested_urls(self) -> list[str]:
        """Every address the page asked for: documents, assets, websockets."""
        return [e["params"]["request"]["url"] if e["method"] == "Network.requestWillBeSent" else e["params"]["url"]
                for e in self.events if e["method"] in ("Network.requestWillBeSent", "Network.webSocketCreated")]

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            self.reader.cancel()
        if self.session is not None:
            await self.session.close()
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)
