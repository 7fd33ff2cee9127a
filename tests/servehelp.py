"""Driving the classroom server over HTTP and its websocket, as a browser would (loopback only)."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from aiohttp import ClientSession, CookieJar, WSMsgType
from aiohttp.test_utils import TestServer

from sandbox.classroom import config, folder
from sandbox.classroom.sessions import Sessions
from sandbox.cli.serve.server import ClassServer
from sandbox.world import World

TOKEN = "instructor-token-for-tests"
WAIT = 60  # seconds: a slow shared machine starts the app in 1-5


def make_server(class_dir: Path, limit: int = 5, code: str | None = None) -> ClassServer:
    if not (class_dir / "class.toml").exists():
        folder.init(class_dir, seed=7)
    return ClassServer(class_dir.resolve(), config.load(class_dir), TOKEN, Sessions(limit, code))


@contextlib.asynccontextmanager
async def running(server: ClassServer):
    async with TestServer(server.make_app(), host="127.0.0.1") as test_server:
        yield test_server


def browser(test_server: TestServer) -> ClientSession:
    """A browser session: its own cookies (unsafe=True: the server is an IP address, 127.0.0.1)."""
    return ClientSession(base_url=str(test_server.make_url("")), cookie_jar=CookieJar(unsafe=True))


async def signed_in(test_server: TestServer, name: str, code: str = "") -> ClientSession:
    client = browser(test_server)
    response = await client.post("/signin", data={"name": name, "code": code}, allow_redirects=False)
    assert response.status == 303, await response.text()
    return client


class Screen:
    """The bytes the app sent over one websocket, read until what a test waits for shows."""

    def __init__(self, ws):
        self.ws = ws
        self.seen = b""

    async def until(self, text: str, after: int = 0) -> None:
        async def read():
            while text.encode() not in self.seen[after:]:
                message = await self.ws.receive()
                if message.type == WSMsgType.BINARY:
                    self.seen += message.data
                elif message.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.ERROR):
                    raise AssertionError(f"the session closed while waiting for {text!r}")
        await asyncio.wait_for(read(), WAIT)

    async def settle(self, quiet: float = 0.7) -> None:
        """Read until the app has drawn nothing for ``quiet`` seconds (its screen is still)."""
        async def read():
            while True:
                try:
                    message = await asyncio.wait_for(self.ws.receive(), quiet)
                except TimeoutError:
                    return
                if message.type == WSMsgType.BINARY:
                    self.seen += message.data
        await asyncio.wait_for(read(), WAIT)

    async def redrawn(self) -> None:
        """Read until the app draws anything new."""
        mark = len(self.seen)

        async def read():
            while len(self.seen) == mark:
                message = await self.ws.receive()
                if message.type == WSMsgType.BINARY:
                    self.seen += message.data
        await asyncio.wait_for(read(), WAIT)

    async def type(self, keys: str) -> None:
        await self.ws.send_json(["stdin", keys])


async def open_app(client: ClientSession) -> Screen:
    ws = await client.ws_connect("/ws?width=140&height=44")
    screen = Screen(ws)
    await screen.until("Password")  # the console's sign-in screen is up
    return screen


def admin_password(world_path: Path) -> str:
    return World(world_path).meta["secrets_note"]["admin_console_password"]


async def console_signed_in(screen: Screen, world_path: Path) -> None:
    """Sign in to the simulated console as admin, then put the focus in the terminal pane."""
    mark = len(screen.seen)
    await screen.type(admin_password(world_path) + "\r")
    await screen.until("Signed in as arn:aws:iam::", after=mark)  # the app's notification
    await screen.settle()  # the console has its focus back from the sign-in dialog
    await screen.type("\x14")  # Ctrl+T: the terminal (its cursor blinks from now on: never still)
    await screen.redrawn()  # the screen was still: this redraw is the focus moving to the terminal
