"""One learner's app process, run by textual-serve's ``AppService`` with the learner's files.

textual-serve starts its command through a shell with the server's environment; here the
command is an argument list (no shell, so no path is ever parsed by one) and the
environment names the learner's world, progress and class folder.
"""

from __future__ import annotations

import asyncio
import sys

from textual_serve.app_service import AppService

QUIT_SECONDS = 5


def app_command() -> list[str]:
    """The app as this Python runs it (the same install serves and runs the sessions)."""
    return [sys.executable, "-m", "sandbox"]


class LearnerApp(AppService):
    def __init__(self, argv: list[str], environment: dict[str, str], **kwargs):
        super().__init__(" ".join(argv), **kwargs)
        self.argv = argv
        self.extra_environment = environment

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        env = super()._build_environment(width=width, height=height)
        for key in [k for k in env if k.startswith("IAM_SANDBOX_")]:
            del env[key]  # the server's own world and learner must not leak into a learner's session
        env.update(self.extra_environment)
        return env

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=self._build_environment(width=width, height=height))
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """Ask the app to quit, and make sure its process has ended (killed if it does not within
        a few seconds), so that no learner's process outlives the page."""
        process = self._process
        await super().stop()
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), QUIT_SECONDS)
        except TimeoutError:
            process.kill()
            await process.wait()


__all__ = ["LearnerApp", "app_command"]
