"""Who is registered at each provider: apps (client ids) and people (accounts).

An app is registered once (``iam-sandbox idp register google --app photos``) and gets a
client id in the provider's own format: Google ``NNNN-xxxx.apps.googleusercontent.com``,
Login with Amazon ``amzn1.application-oa2-client.<hex>``, Facebook a numeric app id, an
instructor's issuer 32 letters and digits. Its tokens name it: Google ``aud``/``azp``,
Amazon and Facebook ``app_id``, an OIDC issuer ``aud``.

A person signing in with an email the provider has not seen gets an account, as signing
up with a social login does; its subject is fixed by the world's seed and the email:
Google 21 digits, Amazon ``amzn1.account.<28>``, an OIDC issuer a UUID. Facebook gives
each app its own ("app-scoped") id for a person, so ``graph.facebook.com:id`` differs
from one app to another for the same person.
"""

from __future__ import annotations

import re

from sandbox.idp import keys, seed
from sandbox.idp.errors import IdpError
from sandbox.idp.providers import Provider
from sandbox.idp.text import visible

APPS = "idp_apps"
ACCOUNTS = "idp_accounts"
MAX_APP_NAME = 64
_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]{1,64}@(?=.{4,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
                    r"[A-Za-z]{2,63}$")


def _now(world) -> str:
    return world.now().replace(microsecond=0).isoformat()


def apps(world, provider: Provider | None = None) -> list[dict]:
    rows = world[APPS].all()
    return sorted((a for a in rows if provider is None or a["Provider"] == provider.id),
                  key=lambda a: (a["Provider"], a["CreateDate"], a["Name"]))


def register_app(world, provider: Provider, name: str) -> dict:
    """Register an app with ``provider`` (inside a transaction); returns its row."""
    name = name.strip()
    if not name or len(name) > MAX_APP_NAME or not name.isprintable():
        raise IdpError(f"An app name is 1 to {MAX_APP_NAME} printable characters: {visible(name)!r}.")
    same = next((a for a in apps(world, provider) if a["Name"].lower() == name.lower()), None)
    if same is not None:
        raise IdpError(f"{provider.name} already has an app named {visible(same['Name'])!r}; its client id is "
                       f"{same['ClientId']}.")
    row = keys.store(world, provider)
    n = int(row.get("AppsRegistered") or 0) + 1
    client_id = seed.client_id(world, provider.kind, provider.id, n)
    while world[APPS].exists(client_id):
        n += 1
        client_id = seed.client_id(world, provider.kind, provider.id, n)
    world[keys.TABLE].put({**row, "AppsRegistered": n})
    app = {"ClientId": client_id, "Provider": provider.id, "Name": name, "CreateDate": _now(world)}
    world[APPS].put(app)
    return app


def require_app(world, provider: Provider, client_id: str) -> dict:
    app = world[APPS].get(client_id)
    if app is not None and app["ClientId"] == client_id and app["Provider"] == provider.id:
        return app
    if app is not None and app["ClientId"] == client_id:
        raise IdpError(f"The client id {client_id} is an app of {app['Provider']}, not of {provider.name}.")
    registered = ", ".join(f"{a['Name']} ({a['ClientId']})" for a in apps(world, provider)) or "none yet"
    raise IdpError(f"{provider.name} has no app with the client id {visible(client_id)}. Its apps: "
                   f"{visible(registered)}. Register one with: iam-sandbox idp register "
                   f"{provider.aliases[0] if provider.aliases else provider.id} --app NAME")


def check_email(email: str) -> str:
    if not _EMAIL.match(email):
        raise IdpError(f"{visible(email)!r} is not an email address (such as alice@example.com).")
    return email


def accounts(world, provider: Provider | None = None) -> list[dict]:
    rows = world[ACCOUNTS].all()
    return sorted((a for a in rows if provider is None or a["Provider"] == provider.id),
                  key=lambda a: (a["Provider"], a["Email"].lower()))


def account_for_sign_in(world, provider: Provider, email: str) -> tuple[dict, bool]:
    """The person's account at ``provider``, made on their first sign-in; (account, made now)."""
    check_email(email)
    key = f"{provider.id}|{email.lower()}"
    account = world[ACCOUNTS].get(key)
    if account is not None:
        return account, False
    account = {"Key": key, "Provider": provider.id, "Email": email,
               "Subject": seed.subject(world, provider.kind, provider.id, email), "CreateDate": _now(world),
               "LastSignIn": None}
    world[ACCOUNTS].put(account)
    return account, True


def subject_for(world, provider: Provider, account: dict, client_id: str) -> str:
    """The id the app sees for this person (Facebook's differs per app)."""
    if provider.kind == "facebook":
        return seed.app_scoped_id(world, account["Subject"], client_id)
    return account["Subject"]
