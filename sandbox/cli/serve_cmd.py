"""``iam-sandbox serve``: the app in every learner's browser, served from this laptop.

Each browser signs in with a name once and gets its own world, progress and quiz results
under the class folder. Binding to an address other than loopback makes the laptop
reachable from the room's network: that is said loudly, with the address to give out.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import secrets
import signal
import socket
import sys
from pathlib import Path

from sandbox.classroom import config, folder
from sandbox.classroom.sessions import Sessions
from sandbox.cli.serve.pages import sandboxes
from sandbox.text import one_line as visible
from sandbox.world.location import data_dir

DEFAULT_CLASS = "classroom"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="iam-sandbox serve", description="Serve the app to learners' browsers.")
    p.add_argument("--class", dest="class_dir", metavar="DIR",
                   help=f"the class folder (default: {DEFAULT_CLASS}/ in your data directory, created if missing)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this laptop only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    p.add_argument("--code", help="a class code learners must type to sign in")
    p.add_argument("--max-sessions", type=int, metavar="N", help="sandboxes open at once (default: class.toml's)")
    return p


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _addresses() -> list[str]:
    """This laptop's addresses as its own name resolves them (no packet is sent)."""
    try:
        _name, _aliases, found = socket.gethostbyname_ex(socket.gethostname())
    except OSError:
        return []
    return [a for a in found if not ipaddress.ip_address(a).is_loopback]


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def banner(host: str, port: int, class_dir: Path, title: str, token: str, code: str | None, limit: int) -> str:
    local = _url("127.0.0.1" if host in ("0.0.0.0", "::") or not is_loopback(host) else host, port)
    lines = [f"Serving {title!r} from {class_dir}", f"  learners open:   {local}"]
    if not is_loopback(host):
        shown = _addresses() if host in ("0.0.0.0", "::") else [host]
        urls = ", ".join(_url(a, port) for a in shown) or _url("THIS-LAPTOPS-ADDRESS", port)
        lines = [
            f"WARNING: listening on {host}, so every machine that can reach this laptop can open the app.",
            f"         Learners open {urls}" + ("" if code else " (no class code: add --code to keep strangers out)"),
            "", *lines[:1]]
    lines += [f"  instructor page: {local}instructor?token={token}  (keep this link to yourself)",
              f"  at most {sandboxes(limit)} at once" + (f"; class code: {code}" if code else ""),
              "Press Ctrl+C to stop. Learners' worlds and progress stay in the class folder."]
    return "\n".join(lines) + "\n"


def _class(args) -> tuple[Path, config.ClassConfig] | None:
    class_dir = Path(args.class_dir).expanduser() if args.class_dir else data_dir() / DEFAULT_CLASS
    if not args.class_dir and not (class_dir / config.CLASS_FILE).exists():
        folder.init(class_dir)
        sys.stderr.write(f"iam-sandbox: a new class folder is at {class_dir} (edit its class.toml)\n")
    checked = folder.validate(class_dir)  # the same checks as `class validate`: a class it refuses is not served
    if not checked.ok:
        for problem in checked.problems:
            sys.stderr.write(f"iam-sandbox: {visible(problem)}\n")
        sys.stderr.write(f"iam-sandbox: the class was not started; fix the problems above "
                         f"(iam-sandbox class validate {class_dir})\n")
        return None
    return class_dir.resolve(), checked.config


async def _serve(server, host: str, port: int, announce) -> None:
    from aiohttp import web  # lazily: the web server loads only for serve (start-up time of the other commands)

    runner = web.AppRunner(server.make_app(), access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1] if runner.addresses else port
    announce(bound)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def main(argv: list[str], opts: dict) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if not 0 <= args.port <= 65535:
        sys.stderr.write("iam-sandbox: --port takes 0 to 65535\n")
        return 2
    if args.max_sessions is not None and not 1 <= args.max_sessions <= config.MAX_SESSIONS:
        sys.stderr.write(f"iam-sandbox: --max-sessions takes 1 to {config.MAX_SESSIONS}\n")
        return 2
    if args.code is not None and not 1 <= len(args.code.strip()) <= 64:
        sys.stderr.write("iam-sandbox: --code takes 1 to 64 characters\n")
        return 2
    found = _class(args)
    if found is None:
        return 1
    class_dir, cfg = found
    from sandbox.cli.serve.server import ClassServer  # lazily: aiohttp and textual-serve (start-up time)

    limit = args.max_sessions or cfg.settings.max_sessions
    token = secrets.token_urlsafe(18)
    code = args.code.strip() if args.code else None
    server = ClassServer(class_dir, cfg, token, Sessions(limit, code))

    def announce(port: int) -> None:
        sys.stdout.write(banner(args.host, port, class_dir, cfg.title, token, code, limit))
        sys.stdout.flush()

    try:
        asyncio.run(_serve(server, args.host, args.port, announce))
    except OSError as exc:
        sys.stderr.write(f"iam-sandbox: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}\n")
        return 1
    return 0
