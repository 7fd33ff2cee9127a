"""The learner's browser on a user pool's managed login pages (``iam-sandbox managed-login``):
"Sign in with Google" (Facebook, Login with Amazon, an OIDC issuer) for an app client.

  managed-login CLIENT_ID --provider NAME --user EMAIL [--token id|access|refresh]

prints what the app gets from the pool's token endpoint (``id_token``, ``access_token``,
``refresh_token``...), or with ``--token`` one token alone, for a script:
``ID_TOKEN=$(iam-sandbox managed-login 3n4b... --provider Google --user ana@gmail.com --token id)``.
"""

from __future__ import annotations

import argparse
from contextlib import redirect_stderr, redirect_stdout

from sandbox.text import json_text, one_line as visible
from sandbox.services.cognito_idp.login import LoginError, managed_login


def run(argv: list[str], world, out, err) -> int:
    parser = argparse.ArgumentParser(prog="iam-sandbox managed-login", description="Sign in to an app through its "
                                     "user pool's managed login pages, with an external identity provider.")
    parser.add_argument("client_id", metavar="CLIENT_ID", help="the app client's id")
    parser.add_argument("--provider", required=True, help="the pool's identity provider: Google, Facebook, "
                        "LoginWithAmazon, or an OIDC provider's name")
    parser.add_argument("--user", required=True, help="the person's email at that provider")
    parser.add_argument("--token", choices=("id", "access", "refresh"), help="print this token alone")
    try:
        with redirect_stdout(out), redirect_stderr(err):
            args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        with world.transaction():
            tokens = managed_login(world, args.client_id, args.provider, args.user)
    except LoginError as exc:
        err.write(f"iam-sandbox: {visible(exc.message)}\n")
        return 1
    if args.token:
        out.write(tokens[f"{args.token}_token"] + "\n")
    else:
        out.write(json_text(tokens) + "\n")
    return 0
