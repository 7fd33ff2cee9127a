"""``iam-sandbox idp ...``: the simulated identity providers, as an app developer and a
signed-in person use them (sandbox.idp): in the learner's own terminal
(``sandbox.cli.idp_cmd``) and, as the learner's browser, in the sandbox terminal.

  idp list                                   providers, their keys, apps and accounts
  idp register PROVIDER --app NAME           register an app; prints its client id
  idp login PROVIDER --user EMAIL --client-id ID|--app NAME [--lifetime SECONDS] [--save FILE]
                                             sign in; prints the token alone (or saves it)
  idp decode TOKEN|file://PATH [--provider-id ID]
                                             header, claims, times, signature check
  idp jwks PROVIDER                          the provider's key set
  idp create-issuer URL                      add an OpenID Connect issuer (instructors)
  idp rotate-keys PROVIDER                   a new signing key; the old one stays published

PROVIDER is ``google``, ``amazon``, ``facebook``, a provider id (``accounts.google.com``) or
an issuer URL. Signing in with an email the provider has not seen makes the account (as a
social sign-up does) and says so on stderr. ``--save`` writes to the sandbox laptop (or,
in the sandbox terminal, to the machine you are on), never to the learner's computer;
``file://`` reads the learner's computer's file when there is one (headless only), else
the machine's (``Place``).
"""

from __future__ import annotations

import argparse
import errno
import posixpath
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sandbox import idp
from sandbox.idp.text import json_text, visible
from sandbox.world import fs

MAX_TOKEN_FILE = 1 << 20


@dataclass(frozen=True)
class Place:
    """Where the command runs: the machine whose files ``--save`` and ``file://`` use."""

    machine: str
    resolve: Callable[[str], str]  # a path as typed -> an absolute path on the machine
    # file:// may name a file of this computer (the headless command): its bounded reader,
    # which keeps the computer's AWS configuration out (sandbox.cli.host_files.read_host)
    read_host: Callable[[Path, int], bytes] | None = None


def laptop(world, read_host: Callable[[Path, int], bytes] | None = None) -> Place:
    home = (world["machines"].get("laptop") or {}).get("Home", "/home/learner")

    def resolve(path: str) -> str:
        if path == "~" or path.startswith("~/"):
            path = home + path[1:]
        return posixpath.normpath(posixpath.join(home, path))

    return Place("laptop", resolve, read_host)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iam-sandbox idp", description="The simulated identity providers: "
                                     "Google, Login with Amazon, Facebook, and OpenID Connect issuers.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list", help="providers, their keys, apps and accounts")
    r = sub.add_parser("register", help="register an app with a provider; prints its client id")
    r.add_argument("provider", help="google, amazon, facebook, or an issuer URL")
    r.add_argument("--app", required=True, help="the app's name")
    lg = sub.add_parser("login", help="sign in to an app; prints the token the app receives")
    lg.add_argument("provider")
    lg.add_argument("--user", required=True, help="the person's email (a new one makes the account)")
    app = lg.add_mutually_exclusive_group(required=True)
    app.add_argument("--client-id", help="the app's client id (from idp register)")
    app.add_argument("--app", help="the app's name, instead of its client id")
    lg.add_argument("--lifetime", type=int, default=3600, help="seconds until the token expires (60-86400; "
                    "default 3600)")
    lg.add_argument("--save", metavar="FILE", help="write the token to FILE on the sandbox machine instead")
    d = sub.add_parser("decode", help="show a token's header and claims and check its signature")
    d.add_argument("token", help="the token, or file://PATH")
    d.add_argument("--provider-id", help="www.amazon.com or graph.facebook.com, as sent to STS with an access token")
    j = sub.add_parser("jwks", help="the provider's key set (JWKS)")
    j.add_argument("provider")
    c = sub.add_parser("create-issuer", help="add an OpenID Connect issuer, such as https://login.example.edu")
    c.add_argument("url")
    k = sub.add_parser("rotate-keys", help="give a provider a new signing key")
    k.add_argument("provider")
    return parser


def run(argv: list[str], world, out, err, place: Place | None = None) -> int:
    """The arguments after ``idp``; ``place`` is the machine the command runs on (the laptop,
    with the learner's own files, unless given)."""
    parser = _parser()
    try:
        with redirect_stdout(out), redirect_stderr(err):
            args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    place = place or laptop(world)
    try:
        return _COMMANDS[args.cmd](args, world, out, err, place)
    except idp.IdpError as exc:
        err.write(f"iam-sandbox: {exc.message}\n")
    except fs.FsError as exc:
        err.write(f"iam-sandbox: cannot write {args.save} on {place.machine}: {exc}\n")
    return 1


def _list(args, world, out, err, place) -> int:
    for provider in idp.all_providers(world):
        out.write(f"{provider.name} ({provider.id})\n")
        kind = "OpenID Connect ID tokens" if provider.token_type == "ID token" else \
            "OAuth 2.0 access tokens (send with --provider-id " + provider.id + ")"
        out.write(f"  issuer     {provider.issuer}  {kind}\n")
        if provider.discovery_url:
            out.write(f"  discovery  {provider.discovery_url}\n")
        out.write(f"  key set    {provider.jwks_url or '(not published: see iam-sandbox idp jwks ' + provider.id + ')'}"
                  "\n")
        for i, key in enumerate(idp.published(world, provider)):
            role = "signs new tokens" if i == 0 else "previous key, still published"
            out.write(f"    kid {key['Kid']}  {role} (since {key['CreateDate']})\n")
        apps = idp.apps(world, provider)
        for app in apps:
            out.write(f"  app        {visible(app['Name'])}  client id {app['ClientId']}\n")
        if not apps:
            out.write("  apps       none (iam-sandbox idp register "
                      f"{provider.aliases[0] if provider.aliases else provider.id} --app NAME)\n")
        for account in idp.accounts(world, provider):
            subject = "user id" if provider.kind in ("amazon", "facebook") else "sub"
            out.write(f"  account    {visible(account['Email'])}  {subject} {account['Subject']}\n")
    return 0


def _register(args, world, out, err, place) -> int:
    with world.transaction():
        provider = idp.require_provider(world, args.provider)
        app = idp.register_app(world, provider, args.app)
    out.write(app["ClientId"] + "\n")
    return 0


def _login(args, world, out, err, place) -> int:
    with world.transaction():
        provider = idp.require_provider(world, args.provider)
        client_id = args.client_id or _client_id_of(world, provider, args.app)
        signed = idp.sign_in(world, provider, args.user, client_id, args.lifetime)
        if args.save:
            path = place.resolve(args.save)
            fs.write(world, place.machine, path, signed.token + "\n", now=world.now().isoformat())
    if signed.new_account:
        err.write(f"(a new {provider.name} account for {visible(signed.account['Email'])} was made at this first "
                  "sign-in)\n")
    if args.save:
        err.write(f"(token saved on {place.machine} as {path}; it expires in {args.lifetime} s by the world's "
                  "clock)\n")
    else:
        out.write(signed.token + "\n")
    return 0


def _client_id_of(world, provider, name: str) -> str:
    found = next((a for a in idp.apps(world, provider) if a["Name"].lower() == name.strip().lower()), None)
    if found is None:
        raise idp.IdpError(f"{provider.name} has no app named {visible(name)!r} (iam-sandbox idp list shows the "
                           "apps; iam-sandbox idp register adds one).")
    return found["ClientId"]


def _read_token(text: str, world, place) -> str | None:
    """The token argument, or the file ``file://PATH`` names; None after a message when it cannot be read."""

    if not text.startswith("file://"):
        return text.strip()
    path = text[len("file://"):]
    if place.read_host is not None:
        host = Path(path).expanduser()
        if host.is_file():
            try:
                raw = place.read_host(host, MAX_TOKEN_FILE)
            except OSError as exc:
                if exc.errno == errno.EFBIG:
                    raise idp.IdpError(f"{path} is larger than {MAX_TOKEN_FILE} bytes; a token is a few thousand "
                                       "characters.") from None
                raise idp.IdpError(f"cannot read {path}: {exc.strerror or exc}") from None
            return raw.decode("utf-8", errors="replace").strip()
    try:
        return fs.read(world, place.machine, place.resolve(path)).strip()
    except fs.FsError as exc:
        raise idp.IdpError(f"cannot read {path} on {place.machine}: {exc}") from None


def _decode(args, world, out, err, place) -> int:
    token = _read_token(args.token, world, place)
    try:
        report = idp.inspect_token(world, token, args.provider_id)
    except idp.Failure as failure:
        err.write(f"iam-sandbox: {failure.message} {failure.explain}\n")
        return 1
    now = world.now()
    out.write(f"Header\n{json_text(report.header)}\nClaims\n{json_text(report.claims)}\n")
    if report.times:
        out.write(f"Times (the world's clock says {now.strftime('%Y-%m-%dT%H:%M:%SZ')})\n")
        for t in report.times:
            at = t.at.strftime("%Y-%m-%dT%H:%M:%SZ") if t.at else "-"
            out.write(f"  {t.name:<9} {t.value!s:<12} {at}  {t.relative}\n")
    out.write(f"Issuer     {report.provider.name + ' (' + report.provider.id + ')' if report.provider else '?'}\n")
    out.write(f"Signature  {visible(report.signature)}\n")
    if report.expired is None:
        out.write("Expiry     no usable exp claim: STS refuses a token that does not expire\n")
    else:
        exp = next(t for t in report.times if t.name == "exp")
        out.write(f"Expiry     {'EXPIRED ' + exp.relative if report.expired else 'valid, expires ' + exp.relative}\n")
    if report.too_large:
        out.write(f"Size       {report.length} characters: STS takes at most 20000 (ValidationError)\n")
    if report.context:
        out.write("Condition keys this token gives a request (a role's trust policy tests them)\n")
        width = max(len(k) for k in report.context)
        for key, value in report.context.items():
            out.write(f"  {key:<{width}}  {visible(value)}\n")
    return 0


def _jwks(args, world, out, err, place) -> int:
    provider = idp.require_provider(world, args.provider)
    out.write(json_text(idp.jwks(world, provider)) + "\n")
    return 0


def _create_issuer(args, world, out, err, place) -> int:
    with world.transaction():
        provider = idp.create_issuer(world, args.url)
    out.write(f"Created the OpenID Connect issuer {provider.issuer}\n"
              f"  discovery  {provider.discovery_url}\n  key set    {provider.jwks_url}\n"
              f"Register an app with: iam-sandbox idp register {provider.issuer} --app NAME\n"
              f"AWS trusts its tokens once the account has an IAM OIDC identity provider for {provider.issuer}.\n")
    return 0


def _rotate(args, world, out, err, place) -> int:
    with world.transaction():
        provider = idp.require_provider(world, args.provider)
        previous = idp.published(world, provider)[0]
        entry = idp.rotate(world, provider)
    out.write(f"{provider.name} signs new tokens with key {entry['Kid']}.\n"
              f"Key {previous['Kid']} stays published, so the tokens it signed still verify until the next "
              "rotation.\n")
    return 0


_COMMANDS = {"list": _list, "register": _register, "login": _login, "decode": _decode, "jwks": _jwks,
             "create-issuer": _create_issuer, "rotate-keys": _rotate}
