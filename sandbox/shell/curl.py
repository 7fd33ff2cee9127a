"""``curl`` in the sandbox terminal. There is no network: two kinds of server answer.

- The instance metadata service, only on an EC2 instance; from the laptop 169.254.169.254
  times out, as it would outside EC2.
- The identity providers of the world (``sandbox.idp.document_for_url``): their OpenID
  Connect discovery documents and key sets at the providers' real HTTPS URLs
  (``https://accounts.google.com/.well-known/openid-configuration``,
  ``https://www.googleapis.com/oauth2/v3/certs``...), from any machine. Another path on
  those hosts is a 404; plain ``http://`` is redirected to HTTPS (followed with ``-L``).

Any other host does not resolve: ``curl: (6) Could not resolve host: HOST``, exit 6.
"""

from __future__ import annotations

from typing import TextIO
from urllib.parse import urlsplit

from sandbox import idp
from sandbox.world import fs

IMDS_HOSTS = ("169.254.169.254", "[fd00:ec2::254]", "instance-data", "instance-data.ec2.internal")


def run_curl(session, args: list[str], out: TextIO, err: TextIO) -> int:
    method = None
    headers: dict[str, str] = {}
    silent = fail = include = follow = False
    outfile = None
    url = None
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-s", "--silent"):
            silent = True
        elif a in ("-L", "--location"):
            follow = True
        elif a in ("-S", "--show-error", "-v", "--verbose", "-k", "--insecure"):
            pass
        elif a in ("-f", "--fail"):
            fail = True
        elif a in ("-i", "--include"):
            include = True
        elif a in ("-sS", "-fsSL", "-fs", "-sf", "-sSf", "-fsS", "-sL"):
            silent = silent or "s" in a
            fail = fail or "f" in a
            follow = follow or "L" in a
        elif a in ("-X", "--request") and i + 1 < len(args):
            method = args[i + 1].upper()
            i += 1
        elif a in ("-H", "--header") and i + 1 < len(args):
            name, _, value = args[i + 1].partition(":")
            headers[name.strip()] = value.strip()
            i += 1
        elif a in ("-o", "--output") and i + 1 < len(args):
            outfile = args[i + 1]
            i += 1
        elif a.startswith("-") and a != "-":
            err.write(f"curl: option {a}: is unknown\ncurl: try 'curl --help' for more information\n")
            return 2
        else:
            url = a
        i += 1
    if url is None:
        err.write("curl: no URL specified!\ncurl: try 'curl --help' for more information\n")
        return 2
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        err.write("curl: (3) URL using bad/illegal format or missing URL\n")
        return 3
    shown_host = f"[{host}]" if ":" in host else host
    machine = session.machine
    if shown_host in IMDS_HOSTS:
        if machine.get("Kind") != "ec2":
            err.write(f"curl: (28) Failed to connect to {host} port 80 after 1001 ms: Timeout was reached\n")
            return 28
        from sandbox.services.ec2 import imds  # only on an instance: EC2 costs the terminal start-up time

        status, body = imds.handle(session.gateway, machine["InstanceId"], method or "GET", parts.path or "/",
                                   headers)
        kind = "text/plain"
    elif idp.served_host(session.world, host):
        status, body, kind = _provider_page(session.world, url, parts.scheme.lower(), follow)
    else:
        err.write(f"curl: (6) Could not resolve host: {host}\n")
        return 6
    if fail and status >= 400:
        if not silent:
            err.write(f"curl: (22) The requested URL returned error: {status}\n")
        return 22
    text = body
    if include:
        reason = {200: "OK", 301: "Moved Permanently", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found",
                  405: "Not Allowed"}[status]
        text = f"HTTP/1.1 {status} {reason}\nContent-Type: {kind}\nContent-Length: {len(body)}\n\n{body}"
    if outfile:
        world = session.world
        with world.transaction():
            fs.write(world, machine["Name"], session.resolve(outfile), text, now=world.now().isoformat())
        return 0
    out.write(text if text.endswith("\n") or not text else text + "\n")
    return 0


def _provider_page(world, url: str, scheme: str, follow: bool) -> tuple[int, str, str]:
    """(status, body, content type) of a GET to an identity provider's host."""
    if scheme == "http":
        if not follow:
            return 301, "", "text/html"
        url = "https://" + url.partition("://")[2]
    document = idp.document_for_url(world, url)
    if document is None:
        return 404, "Not Found\n", "text/html"
    return 200, document.body, document.content_type
