"""``iam-sandbox idp ...``, headless: what a learner types and sees, and the world file's idp
tables (accepted when sound, refused with a reason when damaged)."""

from __future__ import annotations

import base64
import json
import re

import pytest

from idphelp import NOW, parts
from sandbox import idp
from sandbox.world import World, fs

TOKEN = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")


@pytest.fixture
def w(sb):
    """A world reset with a fixed seed and frozen clock (its keys are derived once per test run)."""
    sb.run("world", "reset", "--seed", "11", "--account-id", "123456789012")
    world = World(sb.path)
    with world.transaction():
        world.set_meta(clock_frozen_at="2025-03-01T12:00:00+00:00")
    return sb


def ok(sb, *argv) -> str:
    r = sb.run("idp", *argv)
    assert r.rc == 0, r.err
    return r.out


def fails(sb, *argv) -> str:
    r = sb.run("idp", *argv)
    assert (r.rc, r.out) == (1, ""), r
    assert r.err.startswith("iam-sandbox: ") and r.err.endswith("\n")
    return r.err[len("iam-sandbox: "):-1]


def test_register_prints_the_client_id_and_login_prints_the_token_alone(w):
    client = ok(w, "register", "google", "--app", "photos")
    assert re.match(r"^\d{12}-[a-z0-9]{32}\.apps\.googleusercontent\.com\n$", client)
    client = client.strip()
    r = w.run("idp", "login", "google", "--user", "alice@gmail.com", "--client-id", client)
    assert r.rc == 0 and TOKEN.match(r.out.strip()) and r.out.count("\n") == 1
    assert r.err == "(a new Google account for alice@gmail.com was made at this first sign-in)\n"
    claims = parts(r.out.strip())[1]
    assert (claims["aud"], claims["email"]) == (client, "alice@gmail.com")
    assert (claims["iat"], claims["exp"]) == (NOW, NOW + 3600)
    again = w.run("idp", "login", "accounts.google.com", "--user", "alice@gmail.com", "--client-id", client,
                  "--lifetime", "120")
    assert again.err == "" and parts(again.out.strip())[1]["exp"] == NOW + 120
    idp.verify_web_identity_token(World(w.path), again.out.strip())


def test_save_writes_the_token_on_the_sandbox_laptop(w):
    client = ok(w, "register", "amazon", "--app", "shop").strip()
    r = w.run("idp", "login", "amazon", "--user", "bob@example.com", "--client-id", client, "--save", "tokens.txt")
    assert r.rc == 0 and r.out == ""
    assert "(token saved on laptop as /home/learner/tokens.txt; it expires in 3600 s" in r.err
    saved = fs.read(World(w.path), "laptop", "/home/learner/tokens.txt")
    assert TOKEN.match(saved.strip()) and parts(saved.strip())[1]["app_id"] == client
    out = ok(w, "decode", "file://tokens.txt", "--provider-id", "www.amazon.com")  # the laptop's file
    assert "Issuer     Login with Amazon (www.amazon.com)\n" in out
    assert "Signature  valid: RS256 with key " in out
    assert re.search(r"  www\.amazon\.com:app_id   amzn1\.application-oa2-client\.[0-9a-f]{32}\n", out)
    err = fails(w, "login", "amazon", "--user", "bob@example.com", "--client-id", client, "--save", "no/such/dir/t")
    assert err == "cannot write no/such/dir/t on laptop: No such file or directory"


def test_decode_shows_header_claims_times_signature_and_keys(w):
    client = ok(w, "register", "google", "--app", "photos").strip()
    token = ok(w, "login", "google", "--user", "alice@gmail.com", "--client-id", client).strip()
    file = w.file("id-token.jwt", token + "\n")  # a file on this computer
    out = ok(w, "decode", file)
    header, claims = parts(token)[:2]
    assert out.startswith(f"Header\n{json.dumps(header, indent=2)}\nClaims\n{json.dumps(claims, indent=2)}\n")
    assert "Times (the world's clock says 2025-03-01T12:00:00Z)\n" in out
    assert f"  iat       {NOW}   2025-03-01T12:00:00Z  now\n" in out
    assert f"  exp       {NOW + 3600}   2025-03-01T13:00:00Z  in 1 h 0 min\n" in out
    assert "Issuer     Google (accounts.google.com)\n" in out
    assert f"Signature  valid: RS256 with key {header['kid']} of accounts.google.com (published at " \
           "https://www.googleapis.com/oauth2/v3/certs)\n" in out
    assert "Expiry     valid, expires in 1 h 0 min\n" in out
    assert f"  accounts.google.com:aud   {client}\n" in out and f"  accounts.google.com:sub   {claims['sub']}\n" in out
    w.advance("2h")
    later = ok(w, "decode", token)
    assert "Expiry     EXPIRED 1 h 0 min ago\n" in later


def test_decode_says_why_a_signature_does_not_verify(w):
    client = ok(w, "register", "google", "--app", "photos").strip()
    token = ok(w, "login", "google", "--user", "alice@gmail.com", "--client-id", client).strip()
    h, c, sig = token.split(".")
    claims = parts(token)[1]
    claims["sub"] = "1" * 21
    altered = f"{h}.{base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b'=').decode()}.{sig}"
    out = ok(w, "decode", altered)
    assert "Signature  NOT valid: The signature does not match the header and payload" in out
    assert "Condition keys" not in out
    ok(w, "rotate-keys", "google")
    ok(w, "rotate-keys", "google")
    out = ok(w, "decode", token)
    assert f"Signature  NOT valid: The token was signed with key {parts(token)[0]['kid']}, which is not in the key " \
           "set accounts.google.com publishes now" in out


def test_decode_of_something_that_is_not_a_token(w):
    err = fails(w, "decode", "not-a-token")
    assert err.startswith("The web identity token is not a JWT: a JWT is three base64url parts")
    assert fails(w, "decode", "file:///no/such/file.jwt") == "cannot read /no/such/file.jwt on laptop: No such file " \
                                                             "or directory"


def test_decode_makes_control_characters_in_claims_visible(w):
    world = World(w.path)
    token = idp.sign_claims(world, idp.GOOGLE, {"iss": "https://accounts.google.com", "aud": "a\x1b[2Jb",
                                                "sub": "\x9b31m", "name": "bidi\u202eevil", "exp": NOW + 60})
    out = ok(w, "decode", token)
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    assert '"aud": "a\\u001b[2Jb"' in out and '"sub": "\\u009b31m"' in out and "bidi\\u202eevil" in out
    assert "  accounts.google.com:aud  a\\x1b[2Jb\n" in out


def test_list_shows_providers_keys_apps_and_accounts(w):
    client = ok(w, "register", "facebook", "--app", "game").strip()
    ok(w, "login", "facebook", "--user", "carol@example.com", "--client-id", client)
    out = ok(w, "list")
    assert out.startswith("Google (accounts.google.com)\n  issuer     https://accounts.google.com  OpenID Connect ID "
                          "tokens\n  discovery  https://accounts.google.com/.well-known/openid-configuration\n"
                          "  key set    https://www.googleapis.com/oauth2/v3/certs\n")
    assert "Login with Amazon (www.amazon.com)\n  issuer     https://www.amazon.com  OAuth 2.0 access tokens (send " \
           "with --provider-id www.amazon.com)\n  key set    (not published: see iam-sandbox idp jwks " \
           "www.amazon.com)\n" in out
    assert f"  app        game  client id {client}\n" in out
    assert re.search(r"  account    carol@example\.com  user id 10\d{15}\n", out)
    assert "  apps       none (iam-sandbox idp register google --app NAME)\n" in out
    assert len(re.findall(r"    kid [0-9a-f]{40}  signs new tokens \(since ", out)) == 3


def test_jwks_and_rotate_keys(w):
    before = json.loads(ok(w, "jwks", "google"))
    (first,) = before["keys"]
    out = ok(w, "rotate-keys", "google")
    m = re.match(r"^Google signs new tokens with key ([0-9a-f]{40})\.\nKey ([0-9a-f]{40}) stays published, so the "
                 r"tokens it signed still verify until the next rotation\.\n$", out)
    assert m and m.group(2) == first["kid"]
    assert [k["kid"] for k in json.loads(ok(w, "jwks", "google"))["keys"]] == [m.group(1), first["kid"]]


def test_create_issuer_and_sign_in_with_it(w):
    out = ok(w, "create-issuer", "https://Login.Example.edu/")
    assert out == ("Created the OpenID Connect issuer https://login.example.edu\n"
                   "  discovery  https://login.example.edu/.well-known/openid-configuration\n"
                   "  key set    https://login.example.edu/.well-known/jwks.json\n"
                   "Register an app with: iam-sandbox idp register https://login.example.edu --app NAME\n"
                   "AWS trusts its tokens once the account has an IAM OIDC identity provider for "
                   "https://login.example.edu.\n")
    client = ok(w, "register", "login.example.edu", "--app", "lab").strip()
    token = ok(w, "login", "https://login.example.edu", "--user", "dan@example.edu", "--client-id", client).strip()
    assert parts(token)[1]["iss"] == "https://login.example.edu"
    assert fails(w, "create-issuer", "https://login.example.edu") == \
        "The issuer https://login.example.edu already exists in this world."


@pytest.mark.parametrize("url, reason", [
    ("http://login.example.edu", "must begin with https://"),
    ("login.example.edu", "must begin with https://"),
    ("https://login.example.edu:8443", "names a port"),
    ("https://login.example.edu/?realm=x", "has a query, fragment or user name"),
    ("https://me@login.example.edu", "has a query, fragment or user name"),
    ("https://10.0.0.1", "is not a host name"),
    ("https://localhost", "is not a host name"),
    ("https://bad_host.example.edu", "is not a host name"),
    ("https://accounts.google.com", "belongs to a built-in provider or to AWS"),
    ("https://cognito-idp.us-east-1.amazonaws.com/pool", "belongs to a built-in provider or to AWS"),
    ("https://login.example.edu/a/../b", "is not a plain URL path"),
    ("https://login.example.edu/\x1b[2J", "has characters a URL cannot hold"),
    ("https://" + "a" * 250 + ".edu", "the limit is 255"),
])
def test_create_issuer_refuses_what_iam_would_not_take(w, url, reason):
    err = fails(w, "create-issuer", url)
    assert reason in err and "\x1b" not in err


def test_mistakes_get_clear_messages(w):
    client = ok(w, "register", "google", "--app", "photos").strip()
    fb = ok(w, "register", "facebook", "--app", "game").strip()
    assert fails(w, "register", "twitter", "--app", "x").startswith(
        "There is no identity provider 'twitter' in this world. Providers: google, amazon, facebook.")
    assert fails(w, "register", "google", "--app", "Photos") == \
        f"Google already has an app named 'photos'; its client id is {client}."
    assert fails(w, "register", "google", "--app", "") == "An app name is 1 to 64 printable characters: ''."
    err = fails(w, "login", "google", "--user", "a@gmail.com", "--client-id", "123-abc.apps.googleusercontent.com")
    assert err == (f"Google has no app with the client id 123-abc.apps.googleusercontent.com. Its apps: photos "
                   f"({client}). Register one with: iam-sandbox idp register google --app NAME")
    assert fails(w, "login", "google", "--user", "a@gmail.com", "--client-id", fb) == \
        f"The client id {fb} is an app of graph.facebook.com, not of Google."
    assert fails(w, "login", "google", "--user", "not an email", "--client-id", client) == \
        "'not an email' is not an email address (such as alice@example.com)."
    assert fails(w, "login", "google", "--user", "a@gmail.com", "--client-id", client, "--lifetime", "5") == \
        "A token's lifetime is 60 to 86400 seconds (a minute to a day), not 5."
    assert not idp.accounts(World(w.path))  # nothing was made by the failed sign-ins
    r = w.run("idp", "login", "google")
    assert r.rc == 2 and "the following arguments are required: --user" in r.err
    r = w.run("idp", "login", "google", "--user", "a@gmail.com")
    assert r.rc == 2 and "one of the arguments --client-id --app is required" in r.err


def test_the_help_lists_the_idp_commands(sb):
    r = sb.run("--help")
    assert "  idp list|register|login|decode|jwks|create-issuer|rotate-keys\n" in r.out
    r = sb.run("idp", "--help")
    assert r.rc == 0 and "create-issuer" in r.out and "rotate-keys" in r.out


# -- the world file ------------------------------------------------------------------------------------------


def _used_world(sb) -> dict:
    client = ok(sb, "register", "google", "--app", "photos").strip()
    ok(sb, "login", "google", "--user", "alice@gmail.com", "--client-id", client)
    ok(sb, "create-issuer", "https://login.example.edu")
    return json.loads(sb.path.read_text())


def test_a_world_with_providers_apps_and_accounts_reads_back(w):
    data = _used_world(w)
    assert {row["Id"] for row in data["idp_providers"].values()} == {"accounts.google.com", "login.example.edu"}
    assert len(data["idp_apps"]) == 1 and len(data["idp_accounts"]) == 1
    w.run("world", "export", str(w.dir / "copy.json"))
    assert w.run("world", "import", str(w.dir / "copy.json"), "--yes").rc == 0
    assert "photos" in ok(w, "list")


def _provider(data, ident):
    return next(r for r in data["idp_providers"].values() if r["Id"] == ident)


DAMAGE = {
    "keys not a list": (lambda d: _provider(d, "accounts.google.com").update(Keys="k"),
                        "Keys is a string, not an array"),
    "a key without its kid": (lambda d: _provider(d, "accounts.google.com")["Keys"][0].pop("Kid"), "has no Kid"),
    "no keys at all": (lambda d: _provider(d, "accounts.google.com").update(Keys=[]), "it has no signing keys"),
    "an unknown kind": (lambda d: _provider(d, "login.example.edu").update(Kind="twitter"),
                        "Kind is 'twitter', not one of google, amazon, facebook, oidc"),
    "an issuer that is not its id": (lambda d: _provider(d, "login.example.edu").update(Issuer="http://x.example"),
                                     "its Issuer is not https:// and its Id"),
    "an app without a client id": (lambda d: next(iter(d["idp_apps"].values())).pop("ClientId"), "has no ClientId"),
    "an account's subject as a number": (lambda d: next(iter(d["idp_accounts"].values())).update(Subject=7),
                                         "Subject is a number, not a string"),
    "an app table that is a list": (lambda d: d.update(idp_apps=[]), "the table idp_apps is an array"),
}


@pytest.mark.parametrize("case", DAMAGE, ids=list(DAMAGE))
def test_damaged_idp_tables_are_refused_with_a_reason(w, case):
    data = _used_world(w)
    change, reason = DAMAGE[case]
    change(data)
    w.path.write_text(json.dumps(data))
    r = w.run("idp", "list")
    assert r.rc == 1 and r.out == ""
    assert r.err.startswith(f"iam-sandbox: The world file {w.path} is damaged (") and reason in r.err, r.err


def test_login_names_the_app_instead_of_its_client_id(w):
    client = ok(w, "register", "google", "--app", "Photos").strip()
    token = ok(w, "login", "google", "--user", "ana@example.com", "--app", "photos").strip()
    assert parts(token)[1]["aud"] == client
    assert fails(w, "login", "google", "--user", "ana@example.com", "--app", "nope").startswith(
        "Google has no app named 'nope'")
    both = w.run("idp", "login", "google", "--user", "ana@example.com", "--app", "photos", "--client-id", client)
    assert both.rc == 2 and "not allowed with argument" in both.err
