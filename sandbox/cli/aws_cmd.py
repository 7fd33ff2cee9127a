"""``iam-sandbox aws ...``: the simulated AWS CLI from the host's terminal."""

from __future__ import annotations

import sys
from pathlib import Path

from sandbox.awscli.run import run_aws


def read_host_file(path: str, binary: bool) -> str | bytes:
    """``file://`` arguments typed in the host terminal name files on the host."""
    p = Path(path).expanduser()
    return p.read_bytes() if binary else p.read_text(encoding="utf-8")


class StandaloneBackend:
    """Operations that need no account: the custom policy simulator."""

    def call(self, service: str, operation: str, params: dict, options: dict) -> dict:
        from sandbox.services import simulation

        handlers = {
            ("iam", "SimulateCustomPolicy"): simulation.simulate_custom,
            ("iam", "GetContextKeysForCustomPolicy"): simulation.context_keys_for_custom,
        }
        return handlers[(service, operation)](params)

    def default_output(self, options: dict) -> str:
        return "json"

    def custom_command(self, name: str):
        return None


def main(argv: list[str], opts: dict) -> int:
    return run_aws(argv, StandaloneBackend(), sys.stdout, sys.stderr, read_host_file)
