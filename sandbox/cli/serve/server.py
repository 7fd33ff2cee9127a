"""The classroom web server (aiohttp, as textual-serve): sign-in page, the app page, the
websocket that runs each learner's app, the instructor's live page, and local assets.

Routes: ``/`` sign in (name, class code), ``/app`` the learner's sandbox, ``/ws`` its
websocket, ``/signout``, ``/instructor?token=...`` the live report, ``/static/...`` the
terminal's script, style and fonts (textual-serve's files, served from this laptop),
``/favicon.ico`` (no content). Any other address gets a "No such page" page.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.download_manager import DownloadManager

from sandbox.classroom import folder, report
from sandbox.classroom.config import ClassConfig
from sandbox.classroom.learners import LearnerFiles, LearnerNameError, learner_files
from sandbox.classroom.sessions import Sessions, TooManyTries, WrongCode
from sandbox.cli.serve import pages
from sandbox.cli.serve.process import LearnerApp, app_command
from sandbox.scenarios.loader import catalogue
from sandbox.world import WorldError

COOKIE = "iam_sandbox_learner"
STATIC = Path(textual_serve.__file__).resolve().parent / "static"
MAX_FORM_BYTES = 4096
REFRESH_SECONDS = 5
log = logging.getLogger("iam-sandbox.serve")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _size(value: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(high, max(low, int(value or default)))
    except ValueError:
        return default


@dataclass
class ClassServer:
    class_dir: Path
    config: ClassConfig
    instructor_token: str
    sessions: Sessions
    command: Callable[[], list[str]] = app_command
    running: dict[str, LearnerApp] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.config.title

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_FORM_BYTES, middlewares=[self.error_pages])
        app.add_routes([
            web.get("/", self.index), web.post("/signin", self.sign_in), web.get("/signout", self.sign_out),
            web.get("/favicon.ico", self.favicon),
            web.get("/app", self.app_page), web.get("/ws", self.websocket),
            web.get("/instructor", self.instructor),
            web.get(r"/instructor/report.{format:csv|json}", self.instructor_export),
            web.static("/static", STATIC),
        ])
        app.on_shutdown.append(self.stop_all)
        return app

    def _html(self, text: str, status: int = 200) -> web.Response:
        # referrers stay on the laptop; "no-referrer" would make browsers post the sign-in form with Origin: null
        return web.Response(text=text, status=status, content_type="text/html", charset="utf-8",
                            headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
                                     "Referrer-Policy": "same-origin"})

    @web.middleware
    async def error_pages(self, request: web.Request, handler) -> web.StreamResponse:
        """A page in the class's style for an address that is not one (404, 405) or not allowed
        (403), rather than aiohttp's bare text."""
        try:
            return await handler(request)
        except web.HTTPException as exc:
            if exc.status not in (403, 404, 405):
                raise
            if exc.status == 403:
                reason = exc.text if exc.text and not exc.text.startswith("403:") else "This page is not open to you."
                return self._html(pages.message(self.title, "Not allowed", reason), 403)
            return self._html(pages.not_found(self.title), exc.status)

    async def favicon(self, request: web.Request) -> web.StreamResponse:
        """No icon (browsers ask on every page; "no content" keeps that out of the log)."""
        return web.Response(status=204, headers={"Cache-Control": "max-age=86400"})

    def _learner(self, request: web.Request) -> LearnerFiles | None:
        return self.sessions.learner(request.cookies.get(COOKIE))

    # -- learners -------------------------------------------------------------------------------------

    async def index(self, request: web.Request) -> web.StreamResponse:
        if self._learner(request) is not None:
            raise web.HTTPSeeOther("/app")
        return self._html(pages.sign_in(self.title, self.sessions.code is not None))

    async def sign_in(self, request: web.Request) -> web.StreamResponse:
        if not self._same_origin(request):  # another site's form must not sign a learner's browser in
            raise web.HTTPForbidden(text="Sign in from the class's own page.")
        form = await request.post()
        name, code = str(form.get("name", "")), str(form.get("code", ""))
        needs_code = self.sessions.code is not None
        try:
            self.sessions.check_code(code, request.remote or "")
        except TooManyTries:
            return self._html(pages.sign_in(self.title, needs_code, name, "Too many wrong codes from this computer: "
                                            "wait a minute, then ask your instructor for the code."), 429)
        except WrongCode:
            await asyncio.sleep(1)  # slows down guessing
            return self._html(pages.sign_in(self.title, needs_code, name, "That is not the class code."), 403)
        try:
            files = learner_files(self.class_dir, name)
            await asyncio.to_thread(folder.prepare_learner, files, self.config, _now())
        except LearnerNameError as exc:
            return self._html(pages.sign_in(self.title, needs_code, name, str(exc)), 400)
        except (WorldError, OSError) as exc:
            log.error("cannot prepare the sandbox of %r: %s", name, exc)
            return self._html(pages.message(self.title, "Your sandbox cannot be opened",
                                            "Ask your instructor: the laptop says why in its window."), 500)
        response = web.HTTPSeeOther("/app")
        response.set_cookie(COOKIE, self.sessions.sign_in(files), httponly=True, samesite="Strict", path="/")
        raise response

    async def sign_out(self, request: web.Request) -> web.StreamResponse:
        self.sessions.sign_out(request.cookies.get(COOKIE))
        response = web.HTTPSeeOther("/")
        response.del_cookie(COOKIE, path="/")
        raise response

    async def app_page(self, request: web.Request) -> web.StreamResponse:
        files = self._learner(request)
        if files is None:
            raise web.HTTPSeeOther("/")
        if self.sessions.full:
            return self._html(pages.full(self.title, self.sessions.limit), 503)
        font = _size(request.query.get("fontsize"), 16, 8, 40)
        return self._html(pages.app(self.title, files.name, font))

    def _same_origin(self, request: web.Request) -> bool:
        """A page of another site must not drive a learner's sandbox with their cookie, nor sign them in."""
        origin = request.headers.get("Origin")
        return origin is None or origin in (f"http://{request.host}", f"https://{request.host}")

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        files = self._learner(request)
        if files is None or not self._same_origin(request):
            raise web.HTTPForbidden(text="Sign in first.")
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        session_id = self.sessions.open(files)
        if session_id is None:
            await websocket.close(code=1013, message=b"The class is full")
            return websocket
        service = LearnerApp(self.command(), files.environment() | self._class_environment(),
                             write_bytes=websocket.send_bytes, write_str=websocket.send_str, close=websocket.close,
                             download_manager=DownloadManager())
        self.running[session_id] = service
        try:
            await service.start(_size(request.query.get("width"), 80, 20, 400),
                                _size(request.query.get("height"), 24, 10, 200))
            await self._relay(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        finally:
            try:
                await service.stop()
            finally:  # counted until its process has ended: the limit is on processes the laptop runs
                self.running.pop(session_id, None)
                self.sessions.close(session_id)
        return websocket

    def _class_environment(self) -> dict[str, str]:
        env = {"IAM_SANDBOX_CLASS": str(self.class_dir)}
        if folder.scenario_dirs(self.class_dir):
            env["IAM_SANDBOX_SCENARIOS"] = str(folder.scenario_dirs(self.class_dir)[0])
        if folder.quiz_dirs(self.class_dir):
            env["IAM_SANDBOX_QUIZ"] = str(folder.quiz_dirs(self.class_dir)[0])
        return env

    async def _relay(self, websocket: web.WebSocketResponse, service: LearnerApp) -> None:
        """The browser's messages to the app (keys, size, focus), as textual-serve relays them."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
                kind, data = envelope[0], envelope[1]
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(_size(str(data.get("width")), 80, 20, 400),
                                                _size(str(data.get("height")), 24, 10, 200))
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def stop_all(self, _app: web.Application) -> None:
        await asyncio.gather(*(s.stop() for s in list(self.running.values())), return_exceptions=True)

    # -- the instructor ---------------------------------------------------------------------------------

    def _instructor_allowed(self, request: web.Request) -> bool:
        return hmac.compare_digest(request.query.get("token", "").encode(), self.instructor_token.encode())

    def _not_instructor(self) -> web.Response:
        return self._html(pages.message(self.title, "Instructor page",
                                        "Open the link with the token printed when the class was started."), 403)

    async def instructor(self, request: web.Request) -> web.StreamResponse:
        """The live report: every learner, who is online and where, refreshed every few seconds."""
        if not self._instructor_allowed(request):
            return self._not_instructor()
        reports = await asyncio.to_thread(self._reports)
        heading = f"{self.title}: {self.sessions.running} of {pages.sandboxes(self.sessions.limit)} open"
        token = request.query["token"]
        links = {fmt: f"/instructor/report.{fmt}?{urlencode({'token': token})}" for fmt in ("csv", "json")}
        return self._html(report.as_html(heading, reports, refresh_seconds=REFRESH_SECONDS, downloads=links))

    async def instructor_export(self, request: web.Request) -> web.StreamResponse:
        """The same report as ``class report --format csv|json``, to download."""
        if not self._instructor_allowed(request):
            return self._not_instructor()
        fmt = request.match_info["format"]
        text = report.render(fmt, self.title, await asyncio.to_thread(self._reports))
        return web.Response(text=text, content_type="text/csv" if fmt == "csv" else "application/json",
                            charset="utf-8", headers={"Cache-Control": "no-store",
                                                      "Content-Disposition": f'attachment; filename="report.{fmt}"'})

    def _reports(self) -> list[report.LearnerReport]:
        scenarios, _errors = catalogue(folder.scenario_dirs(self.class_dir))
        return report.class_report(self.class_dir, self.config, scenarios, self.sessions.online())
