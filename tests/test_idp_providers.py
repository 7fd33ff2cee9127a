"""The simulated identity providers: their tokens' claims, identifiers, keys, documents, and
reproducibility from the world's seed (sandbox.idp)."""

from __future__ import annotations

import json
import math
import re

import jwt
import pytest

from idphelp import NOW, issuer, login, parts, register, seeded_world
from sandbox import idp
from sandbox.idp import keys, seed
from sandbox.idp.rsakeys import derive_private_key
from sandbox.world import World

GOOGLE_CLIENT = re.compile(r"^[1-9]\d{11}-[a-z0-9]{32}\.apps\.googleusercontent\.com$")
AMAZON_CLIENT = re.compile(r"^amzn1\.application-oa2-client\.[0-9a-f]{32}$")
FACEBOOK_APP = re.compile(r"^[1-9]\d{15}$")
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
KID = re.compile(r"^[0-9a-f]{40}$")


@pytest.fixture(scope="module")
def world() -> World:
    return seeded_world()


def _oracle(world, provider, token: str, **options) -> dict:
    """Check a token with PyJWT against the provider's published key set, as any app would."""
    header = jwt.get_unverified_header(token)
    jwk = next(k for k in idp.jwks(world, provider)["keys"] if k["kid"] == header["kid"])
    return jwt.decode(token, jwt.PyJWK(jwk).key, algorithms=["RS256"], **options)


# -- each provider's token ------------------------------------------------------------------------


def test_a_google_id_token_carries_googles_claims(world):
    client = register(world, idp.GOOGLE, "photos-google")
    assert GOOGLE_CLIENT.match(client)
    signed = login(world, idp.GOOGLE, "Alice@gmail.com", client)
    header, claims, _ = parts(signed.token)
    assert header == {"alg": "RS256", "kid": signed.kid, "typ": "JWT"} and KID.match(signed.kid)
    assert list(claims) == ["iss", "azp", "aud", "sub", "email", "email_verified", "iat", "exp"]
    assert claims["iss"] == "https://accounts.google.com"
    assert claims["azp"] == claims["aud"] == client
    assert re.match(r"^1\d{20}$", claims["sub"])
    assert claims["email"] == "Alice@gmail.com" and claims["email_verified"] is True
    assert (claims["iat"], claims["exp"]) == (NOW, NOW + 3600)  # the world's clock, not the host's
    assert _oracle(world, idp.GOOGLE, signed.token, audience=client, issuer="https://accounts.google.com",
                   options={"verify_exp": False}) == claims
    assert signed.new_account


def test_a_login_with_amazon_access_token_carries_user_id_and_app_id(world):
    client = register(world, idp.AMAZON, "shop")
    assert AMAZON_CLIENT.match(client)
    signed = login(world, idp.AMAZON, "bob@example.com", client, lifetime=900)
    _, claims, _ = parts(signed.token)
    assert list(claims) == ["iss", "app_id", "user_id", "iat", "exp"]
    assert claims["iss"] == "https://www.amazon.com" and claims["app_id"] == client
    assert re.match(r"^amzn1\.account\.[A-Z0-9]{28}$", claims["user_id"])
    assert claims["exp"] - claims["iat"] == 900
    assert _oracle(world, idp.AMAZON, signed.token, options={"verify_exp": False}) == claims


def test_a_facebook_access_token_carries_an_app_scoped_id(world):
    first, second = register(world, idp.FACEBOOK, "game"), register(world, idp.FACEBOOK, "chat")
    assert FACEBOOK_APP.match(first) and FACEBOOK_APP.match(second) and first != second
    a = parts(login(world, idp.FACEBOOK, "carol@example.com", first).token)[1]
    again = parts(login(world, idp.FACEBOOK, "carol@example.com", first).token)[1]
    b = parts(login(world, idp.FACEBOOK, "carol@example.com", second).token)[1]
    assert list(a) == ["iss", "app_id", "id", "iat", "exp"]
    assert a["iss"] == "https://www.facebook.com" and a["app_id"] == first
    assert re.match(r"^10\d{15}$", a["id"])
    assert a["id"] == again["id"]  # one person, one app: one id
    assert a["id"] != b["id"]  # Facebook gives each app its own id for a person


def test_an_instructors_oidc_issuer_gives_id_tokens(world):
    edu = issuer(world, "https://sso.example.edu/realms/class")
    assert (edu.id, edu.issuer) == ("sso.example.edu/realms/class", "https://sso.example.edu/realms/class")
    client = register(world, edu, "lab")
    assert re.match(r"^[A-Za-z0-9]{32}$", client)
    signed = login(world, edu, "dan@example.edu", client)
    _, claims, _ = parts(signed.token)
    assert list(claims) == ["iss", "aud", "sub", "email", "email_verified", "iat", "exp"]
    assert claims["iss"] == edu.issuer and claims["aud"] == client and UUID4.match(claims["sub"])
    assert _oracle(world, edu, signed.token, audience=client, options={"verify_exp": False}) == claims


def test_the_same_person_keeps_their_subject_and_only_the_first_sign_in_makes_the_account(world):
    client = register(world, idp.GOOGLE, "notes")
    first = login(world, idp.GOOGLE, "erin@gmail.com", client)
    second = login(world, idp.GOOGLE, "ERIN@gmail.com", client)  # emails are not case-sensitive
    assert first.new_account and not second.new_account
    assert first.claims["sub"] == second.claims["sub"]
    assert [a["Email"] for a in idp.accounts(world, idp.GOOGLE)].count("erin@gmail.com") == 1


# -- keys and documents --------------------------------------------------------------------------------


def test_the_key_set_is_a_jwks_of_rsa_2048_keys(world):
    (key,) = idp.jwks(world, idp.GOOGLE)["keys"]
    assert sorted(key) == ["alg", "e", "kid", "kty", "n", "use"]
    assert (key["kty"], key["alg"], key["use"], key["e"]) == ("RSA", "RS256", "sig", "AQAB")
    assert jwt.PyJWK(key).key.key_size == 2048


def test_discovery_documents_and_key_sets_are_served_at_the_providers_urls(world):
    doc = idp.document_for_url(world, "https://accounts.google.com/.well-known/openid-configuration")
    google = json.loads(doc.body)
    assert google["issuer"] == "https://accounts.google.com"
    assert google["jwks_uri"] == "https://www.googleapis.com/oauth2/v3/certs"
    assert google["id_token_signing_alg_values_supported"] == ["RS256"]
    certs = idp.document_for_url(world, google["jwks_uri"])
    assert json.loads(certs.body) == idp.jwks(world, idp.GOOGLE) and certs.content_type == "application/json"
    facebook_url = "https://www.facebook.com/.well-known/openid-configuration/"
    facebook = json.loads(idp.document_for_url(world, facebook_url).body)
    assert json.loads(idp.document_for_url(world, facebook["jwks_uri"]).body) == idp.jwks(world, idp.FACEBOOK)
    edu = issuer(world, "https://login.example.edu")
    found = json.loads(idp.document_for_url(world, "https://LOGIN.example.edu/.well-known/openid-configuration").body)
    assert (found["issuer"], found["jwks_uri"]) == (edu.issuer, "https://login.example.edu/.well-known/jwks.json")
    assert json.loads(idp.document_for_url(world, found["jwks_uri"]).body) == idp.jwks(world, edu)
    for nowhere in ("https://www.amazon.com/.well-known/openid-configuration", "https://example.com/",
                    "http://accounts.google.com/.well-known/openid-configuration",
                    "https://login.example.edu/.well-known/jwks.json?x=1"):
        assert idp.document_for_url(world, nowhere) is None, nowhere


def test_reading_a_fresh_world_writes_nothing():
    world = seeded_world(seed=12)
    assert idp.jwks(world, idp.GOOGLE)["keys"] and idp.all_providers(world)
    assert len(world["idp_providers"]) == 0  # the built-in providers stand as their defaults until used


def test_rotation_publishes_the_new_key_and_keeps_the_previous_one_for_one_rotation():
    world = seeded_world(seed=13)
    first = idp.published(world, idp.GOOGLE)[0]["Kid"]
    with world.transaction():
        second = idp.rotate(world, idp.GOOGLE)["Kid"]
    assert [k["kid"] for k in idp.jwks(world, idp.GOOGLE)["keys"]] == [second, first]
    client = register(world, idp.GOOGLE)
    assert login(world, idp.GOOGLE, "f@gmail.com", client).kid == second  # the newest key signs
    with world.transaction():
        third = idp.rotate(world, idp.GOOGLE)["Kid"]
    assert [k["kid"] for k in idp.jwks(world, idp.GOOGLE)["keys"]] == [third, second]
    assert len({first, second, third}) == 3


# -- reproducible from the seed --------------------------------------------------------------------------


def _everything(world) -> tuple:
    google = register(world, idp.GOOGLE)
    amazon = register(world, idp.AMAZON)
    edu = issuer(world)
    edu_client = register(world, edu)
    return (world.meta["idp_seed"], idp.jwks(world, idp.GOOGLE), idp.jwks(world, edu), google, amazon, edu_client,
            login(world, idp.GOOGLE, "a@gmail.com", google).token, login(world, edu, "b@example.edu", edu_client).token)


def test_the_same_seed_gives_the_same_keys_ids_and_tokens():
    one, two = _everything(seeded_world(seed=21)), _everything(seeded_world(seed=21))
    assert one == two
    other = _everything(seeded_world(seed=22))
    assert all(a != b for a, b in zip(one, other, strict=True))


def test_an_unseeded_world_has_keys_of_its_own():
    a, b = seeded_world(seed=None), seeded_world(seed=None)
    assert a.meta["idp_seed"] != b.meta["idp_seed"]
    assert idp.jwks(a, idp.GOOGLE) != idp.jwks(b, idp.GOOGLE)


def test_a_world_made_before_the_seed_existed_derives_stable_keys():
    world = seeded_world(seed=23)
    with world.transaction():
        meta = dict(world.meta)
        del meta["idp_seed"]
        world.db.table("meta").truncate()
        world.db.table("meta").insert(meta)
    assert seed.world_seed(world) == seed.world_seed(world) != b""
    assert idp.jwks(world, idp.AMAZON) == idp.jwks(world, idp.AMAZON)


def test_derived_keys_are_deterministic_rsa_keys():
    a = derive_private_key(seed.Stream(b"class-7", "rsa|x|1"))
    b = derive_private_key(seed.Stream(b"class-7", "rsa|x|1"))
    assert a.private_numbers() == b.private_numbers()
    numbers = a.private_numbers()
    assert a.key_size == 2048 and numbers.public_numbers.e == 65537
    assert numbers.p * numbers.q == numbers.public_numbers.n and numbers.p != numbers.q
    assert (numbers.d * 65537) % math.lcm(numbers.p - 1, numbers.q - 1) == 1
    assert derive_private_key(seed.Stream(b"class-8", "rsa|x|1")).private_numbers() != numbers


def test_stored_keys_are_kept_and_a_damaged_one_is_derived_again():
    world = seeded_world(seed=24)
    client = register(world, idp.GOOGLE)
    (row,) = world["idp_providers"].all()
    (entry,) = row["Keys"]
    assert entry["Pem"].startswith("-----BEGIN PRIVATE KEY-----") and entry["N"]
    good = login(world, idp.GOOGLE, "g@gmail.com", client).token
    with world.transaction():
        world["idp_providers"].put({**row, "Keys": [{**entry, "Pem": "not a key", "N": 12}]})
    again = login(world, idp.GOOGLE, "g@gmail.com", client).token
    assert again == good  # the same key, derived again from the seed
    idp.verify_web_identity_token(world, again)
    assert keys.public_key(world, idp.GOOGLE, world["idp_providers"].get("accounts.google.com")["Keys"][0]).key_size \
        == 2048
