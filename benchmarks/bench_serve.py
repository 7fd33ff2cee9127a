"""The classroom server's figures (prints them; not a timed test).

1. Sign-in to first screen: from a learner's POST /signin (their world is built from the
   class seed on first sign-in) to the app's sign-in dialog arriving over the websocket.
2. The memory of one learner's app process (RSS), with N sessions open at once.

Run: .venv/bin/python benchmarks/bench_serve.py [N]   (default N = 8; loopback only)
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from servehelp import make_server, open_app, running, signed_in  # noqa: E402


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def main(n: int) -> None:
    server = make_server(Path(tempfile.mkdtemp()) / "lab", limit=n)
    first, again, screens, clients = [], [], [], []
    async with running(server) as ts:
        for i in range(n):
            t0 = time.perf_counter()
            client = await signed_in(ts, f"Learner {i}")
            screens.append(await open_app(client))
            first.append(time.perf_counter() - t0)
            clients.append(client)
        await asyncio.sleep(2)  # let every app finish its first frames before reading memory
        rss = [_rss_kib(s._process.pid) for s in server.running.values() if s._process is not None]
        for screen in screens:
            await screen.ws.close()
        while server.running:  # every app has quit (the laptop is idle again)
            await asyncio.sleep(0.1)
        # the same learner again: the world exists, only the app starts
        t0 = time.perf_counter()
        screen = await open_app(clients[0])
        again.append(time.perf_counter() - t0)
        await screen.ws.close()
        for client in clients:
            await client.close()
    print(f"sessions opened one after another: {n}")
    print(f"sign-in to the first screen, new learner: median {statistics.median(first):.2f} s, "
          f"max {max(first):.2f} s")
    print(f"reconnect to an existing world: {again[0]:.2f} s")
    print(f"app process memory (RSS) with {len(rss)} open: median {statistics.median(rss) / 1024:.0f} MiB, "
          f"max {max(rss) / 1024:.0f} MiB")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 8))
