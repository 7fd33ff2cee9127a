"""Web identity tokens checked as STS AssumeRoleWithWebIdentity checks them: the forged and
broken ones each refused with AWS's code, in AWS's order of checks (sandbox.idp.verify).

Codes and constraints: botocore's STS model (2011-06-15): InvalidIdentityToken (400),
ExpiredTokenException (400), IDPRejectedClaim (403); WebIdentityToken 4..20000 characters.
Messages known from STS responses: "No OpenIDConnect provider found in your account for
ISS", "Incorrect token audience", "Token expired: current date/time NOW must be before the
expiration date/time EXP", "Couldn't retrieve verification key from your identity provider,
please reference AssumeRoleWithWebIdentity documentation for requirements".
Condition keys: IAM User Guide, "Available keys for AWS web identity federation"
(reference_policies_iam-condition-keys.html#condition-keys-wif).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import pickle
from datetime import UTC, datetime

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from idphelp import NOW, b64, issuer, login, parts, register, seeded_world
from sandbox import idp
from sandbox.idp import keys
from sandbox.idp.errors import TokenRefused
from sandbox.idp.verify import IamOidcProvider
from sandbox.world import World

NO_KEY = ("Couldn't retrieve verification key from your identity provider, please reference "
          "AssumeRoleWithWebIdentity documentation for requirements")
EDU_ARN = "arn:aws:iam::123456789012:oidc-provider/login.example.edu"


class Setup:
    def __init__(self):
        self.world: World = seeded_world()
        self.google = register(self.world, idp.GOOGLE)
        self.amazon = register(self.world, idp.AMAZON)
        self.facebook = register(self.world, idp.FACEBOOK)
        self.edu = issuer(self.world)
        self.edu_client = register(self.world, self.edu)

    def token(self, provider, email="alice@example.com", lifetime=3600) -> str:
        client = {"google": self.google, "amazon": self.amazon, "facebook": self.facebook}.get(provider.kind,
                                                                                                self.edu_client)
        return login(self.world, provider, email, client, lifetime).token

    def iam(self, *client_ids: str):
        """An account with an IAM OIDC provider for login.example.edu listing ``client_ids``."""
        return lambda host_path: IamOidcProvider(EDU_ARN, client_ids) if host_path == "login.example.edu" else None


@pytest.fixture(scope="module")
def s() -> Setup:
    return Setup()


def refused(s: Setup, token, provider_id=None, lookup=None, now=None) -> TokenRefused:
    with pytest.raises(TokenRefused) as caught:
        idp.verify_web_identity_token(s.world, token, provider_id,
                                      **({"iam_oidc_provider": lookup} if lookup else {}), now=now)
    return caught.value


def tamper(token: str, header: dict | None = None, claims: dict | None = None, signature: str | None = None) -> str:
    h, c, sig = parts(token)
    return ".".join((b64({**h, **(header or {})}), b64({**c, **(claims or {})}),
                     sig if signature is None else signature))


# -- accepted ---------------------------------------------------------------------------------------------


def test_a_google_id_token_is_accepted_with_googles_condition_keys(s):
    token = s.token(idp.GOOGLE)
    v = idp.verify_web_identity_token(s.world, token)
    sub = parts(token)[1]["sub"]
    assert v.provider is idp.GOOGLE and v.federated == ("accounts.google.com",)
    assert (v.subject, v.audience, v.response_provider) == (sub, s.google, "https://accounts.google.com")
    assert v.context == {"accounts.google.com:aud": s.google, "accounts.google.com:oaud": s.google,
                         "accounts.google.com:sub": sub}
    assert v.expires.timestamp() == NOW + 3600 and v.issued_at.timestamp() == NOW
    assert [step.check for step in v.steps] == ["size", "form", "issuer", "key", "signature", "claims", "expiry"]


def test_googles_aud_key_is_the_azp_claim_and_oaud_the_aud_claim(s):
    """"accounts.google.com:aud" is the token's azp when it has one; ":oaud" is then its aud."""
    token = idp.sign_claims(s.world, idp.GOOGLE, {"iss": "https://accounts.google.com", "azp": "android-client",
                                                  "aud": "web-client", "sub": "1" * 21, "exp": NOW + 60})
    v = idp.verify_web_identity_token(s.world, token)
    assert v.context == {"accounts.google.com:aud": "android-client", "accounts.google.com:oaud": "web-client",
                         "accounts.google.com:sub": "1" * 21}
    plain = idp.sign_claims(s.world, idp.GOOGLE, {"iss": "accounts.google.com", "aud": "web-client", "sub": "2",
                                                  "exp": NOW + 60})
    assert idp.verify_web_identity_token(s.world, plain).context == {
        "accounts.google.com:aud": "web-client", "accounts.google.com:sub": "2"}


def test_amazon_and_facebook_access_tokens_are_accepted_with_their_provider_id(s):
    amazon = idp.verify_web_identity_token(s.world, s.token(idp.AMAZON), "www.amazon.com")
    user_id = amazon.claims["user_id"]
    assert amazon.context == {"www.amazon.com:app_id": s.amazon, "www.amazon.com:user_id": user_id}
    assert (amazon.response_provider, amazon.subject, amazon.audience) == ("www.amazon.com", user_id, s.amazon)
    assert amazon.federated == ("www.amazon.com",)
    facebook = idp.verify_web_identity_token(s.world, s.token(idp.FACEBOOK), "graph.facebook.com")
    assert facebook.context == {"graph.facebook.com:app_id": s.facebook, "graph.facebook.com:id": facebook.subject}
    assert facebook.response_provider == "graph.facebook.com"


def test_an_oidc_issuer_is_trusted_through_an_iam_oidc_provider_listing_the_audience(s):
    token = s.token(s.edu)
    v = idp.verify_web_identity_token(s.world, token, iam_oidc_provider=s.iam("other", s.edu_client))
    assert v.federated == (EDU_ARN,) and v.iam_provider_arn == EDU_ARN
    assert v.context == {"login.example.edu:aud": s.edu_client, "login.example.edu:sub": v.subject}
    assert v.response_provider == "https://login.example.edu"
    assert "audience" in [step.check for step in v.steps]


# -- the forged and broken tokens ----------------------------------------------------------------------------


def test_an_unsigned_token_alg_none_is_refused(s):
    h, c, _ = parts(s.token(idp.GOOGLE))
    forged = f"{b64({**h, 'alg': 'none'})}.{b64(c)}."
    e = refused(s, forged)
    assert (e.code, e.check, e.status) == ("InvalidIdentityToken", "form", 400)
    assert "alg: none" in e.message
    assert refused(s, f"{b64({**h, 'alg': 'None'})}.{b64(c)}.").check == "form"


def test_hs256_signed_with_the_providers_public_key_is_refused(s):
    """The classic algorithm confusion: HMAC keyed with the public key a verifier holds."""
    h, c, _ = parts(s.token(idp.GOOGLE))
    public_pem = keys.public_key(s.world, idp.GOOGLE, idp.published(s.world, idp.GOOGLE)[0]).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    signing_input = f"{b64({**h, 'alg': 'HS256'})}.{b64({**c, 'sub': 'attacker'})}"
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    forged = signing_input + "." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
    e = refused(s, forged)
    assert (e.code, e.check) == ("InvalidIdentityToken", "form") and "HS256" in e.message


def test_an_algorithm_other_than_the_keys_own_is_refused(s):
    """RS512 signed with Google's real key: the key is RS256-only, so the header cannot choose."""
    h, c, _ = parts(s.token(idp.GOOGLE))
    entry = idp.published(s.world, idp.GOOGLE)[0]
    forged = jwt.encode(c, keys.private_key(s.world, idp.GOOGLE, entry), algorithm="RS512",
                        headers={"kid": entry["Kid"]})
    e = refused(s, forged)
    assert (e.code, e.check) == ("InvalidIdentityToken", "signature")


def test_a_token_signed_with_a_key_the_provider_does_not_publish_is_refused(s):
    _, c, _ = parts(s.token(idp.GOOGLE))
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    for kid in ("attacker-key", None):
        forged = jwt.encode(c, stranger, algorithm="RS256", headers={"kid": kid} if kid else None)
        e = refused(s, forged)
        assert (e.code, e.check, e.message) == ("InvalidIdentityToken", "key", NO_KEY)
    # the stranger's key under Google's real kid: the kid is found, the signature is not Google's
    forged = jwt.encode(c, stranger, algorithm="RS256", headers={"kid": idp.published(s.world, idp.GOOGLE)[0]["Kid"]})
    assert refused(s, forged).check == "signature"


def test_an_altered_payload_is_refused(s):
    token = s.token(idp.GOOGLE)
    for change in ({"sub": "100000000000000000000"}, {"aud": "someone-elses-app"}, {"exp": NOW + 86400 * 365}):
        e = refused(s, tamper(token, claims=change))
        assert (e.code, e.check) == ("InvalidIdentityToken", "signature"), change
    h, c, sig = token.split(".")
    flipped = sig[:10] + ("A" if sig[10] != "A" else "B") + sig[11:]
    assert refused(s, f"{h}.{c}.{flipped}").check == "signature"


def test_a_token_from_an_unknown_issuer_is_refused_with_awss_message(s):
    token = idp.sign_claims(s.world, idp.GOOGLE, {"iss": "https://evil.example.com", "aud": "x", "sub": "1",
                                                  "exp": NOW + 60})
    e = refused(s, token)
    assert (e.code, e.check) == ("InvalidIdentityToken", "issuer")
    assert e.message == "No OpenIDConnect provider found in your account for https://evil.example.com"
    no_iss = idp.sign_claims(s.world, idp.GOOGLE, {"aud": "x", "sub": "1", "exp": NOW + 60})
    assert refused(s, no_iss).check == "issuer"


def test_an_oidc_issuer_without_an_iam_oidc_provider_is_not_trusted(s):
    e = refused(s, s.token(s.edu))
    assert e.message == "No OpenIDConnect provider found in your account for https://login.example.edu"


def test_a_token_claiming_another_issuer_is_refused_by_that_issuers_keys(s):
    """Signed by Google but claiming to be login.example.edu: its kid is not in that issuer's key set."""
    token = idp.sign_claims(s.world, idp.GOOGLE, {"iss": "https://login.example.edu", "aud": s.edu_client,
                                                  "sub": "x", "exp": NOW + 60})
    e = refused(s, token, lookup=s.iam(s.edu_client))
    assert (e.code, e.check, e.message) == ("InvalidIdentityToken", "key", NO_KEY)


def test_an_iam_oidc_provider_for_an_issuer_the_sandbox_does_not_serve_has_no_keys(s):
    token = idp.sign_claims(s.world, idp.GOOGLE, {"iss": "https://token.actions.githubusercontent.com",
                                                  "aud": "sts.amazonaws.com", "sub": "repo:o/r", "exp": NOW + 60})
    def github(host_path):
        return IamOidcProvider("arn:aws:iam::123456789012:oidc-provider/" + host_path, ("sts.amazonaws.com",))

    e = refused(s, token, lookup=github)
    assert (e.check, e.message) == ("key", NO_KEY)


def test_a_wrong_audience_is_refused_for_an_iam_oidc_provider(s):
    e = refused(s, s.token(s.edu), lookup=s.iam("another-app"))
    assert (e.code, e.check, e.message) == ("InvalidIdentityToken", "audience", "Incorrect token audience")
    assert refused(s, s.token(s.edu), lookup=s.iam()).message == "Incorrect token audience"


def test_a_wrong_audience_for_google_is_left_to_the_trust_policy(s):
    """Google is built in: no client id list; the role's condition on accounts.google.com:aud decides."""
    other = register(s.world, idp.GOOGLE, "someone-else")
    v = idp.verify_web_identity_token(s.world, login(s.world, idp.GOOGLE, "a@gmail.com", other).token)
    assert v.context["accounts.google.com:aud"] == other != s.google


def test_an_iam_oidc_provider_for_google_applies_its_client_ids(s):
    lookup = lambda hp: IamOidcProvider("arn:aws:iam::123456789012:oidc-provider/accounts.google.com",  # noqa: E731
                                        ("not-this-app",)) if hp == "accounts.google.com" else None
    assert refused(s, s.token(idp.GOOGLE), lookup=lookup).message == "Incorrect token audience"


def test_an_expired_id_token_gives_expiredtokenexception_by_the_worlds_clock(s):
    token = s.token(idp.GOOGLE, lifetime=60)
    idp.verify_web_identity_token(s.world, token, now=_at(NOW + 59))
    e = refused(s, token, now=_at(NOW + 60))
    assert (e.code, e.check, e.status) == ("ExpiredTokenException", "expiry", 400)
    assert e.message == (f"Token expired: current date/time {NOW + 60} must be before the expiration date/time "
                         f"{NOW + 60}")
    world = seeded_world()
    client = register(world, idp.GOOGLE)
    late = login(world, idp.GOOGLE, "a@gmail.com", client, lifetime=60).token
    with world.transaction():
        world.advance_clock(3600)  # iam-sandbox world advance 1h
    with pytest.raises(idp.ExpiredToken, match=f"current date/time {NOW + 3600} must be before"):
        idp.verify_web_identity_token(world, late)


def test_a_token_not_valid_yet_is_refused_until_its_nbf(s):
    token = idp.sign_claims(s.world, idp.GOOGLE, {"iss": "https://accounts.google.com", "aud": s.google, "sub": "1",
                                                  "nbf": NOW + 600, "exp": NOW + 3600})
    e = refused(s, token)
    assert (e.code, e.check) == ("InvalidIdentityToken", "not-before")
    assert idp.verify_web_identity_token(s.world, token, now=_at(NOW + 600)).subject == "1"


def test_a_token_from_one_provider_presented_as_another_is_refused(s):
    google, amazon, facebook = s.token(idp.GOOGLE), s.token(idp.AMAZON), s.token(idp.FACEBOOK)
    # an ID token sent as an access token: Facebook does not know the key that signed it
    e = refused(s, google, "graph.facebook.com")
    assert (e.code, e.check, e.status) == ("IDPRejectedClaim", "key", 403)
    assert refused(s, amazon, "graph.facebook.com").code == "IDPRejectedClaim"
    assert refused(s, facebook, "www.amazon.com").code == "IDPRejectedClaim"
    # an access token sent as an ID token: no OpenID Connect provider for its issuer
    e = refused(s, facebook)
    assert e.message == "No OpenIDConnect provider found in your account for https://www.facebook.com"
    assert refused(s, amazon).message == "No OpenIDConnect provider found in your account for https://www.amazon.com"
    # ProviderId is only for the OAuth 2.0 providers
    e = refused(s, google, "accounts.google.com")
    assert (e.code, e.check) == ("InvalidIdentityToken", "provider")


def test_garbage_is_refused(s):
    for text in ("hello, world", "a.b.c", "x" * 400, "eyJhbGciOiJSUzI1NiJ9.e30", "....", "e30.e30.e30.e30",
                 b64(b"[1,2]") + "." + b64({}) + ".sig", "\x1b[31m.red.\x1b[0m", b64({"alg": "RS256"}) + ".!!.x"):
        e = refused(s, text)
        assert (e.code, e.check) == ("InvalidIdentityToken", "form"), text
        assert "\x1b" not in e.message
    assert refused(s, "hello, world", "www.amazon.com").code == "IDPRejectedClaim"


def test_a_token_over_20000_characters_or_under_4_fails_validation(s):
    big = s.token(idp.GOOGLE) + "A" * 20000
    e = refused(s, big)
    assert (e.code, e.check, e.status) == ("ValidationError", "size", 400)
    assert e.message == ("1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: "
                         "Member must have length less than or equal to 20000")
    assert refused(s, big, "www.amazon.com").code == "ValidationError"
    assert refused(s, "abc").message.endswith("Member must have length greater than or equal to 4")
    assert refused(s, "x" * 20000).check == "form"  # at the limit: not too large, just not a token


def test_rotation_keeps_older_tokens_valid_for_one_rotation():
    world = seeded_world(seed=31)
    client = register(world, idp.GOOGLE)
    old = login(world, idp.GOOGLE, "a@gmail.com", client).token
    with world.transaction():
        idp.rotate(world, idp.GOOGLE)
    new = login(world, idp.GOOGLE, "a@gmail.com", client).token
    assert parts(old)[0]["kid"] != parts(new)[0]["kid"]
    idp.verify_web_identity_token(world, old)  # the previous key is still published
    with world.transaction():
        idp.rotate(world, idp.GOOGLE)
    with pytest.raises(idp.InvalidIdentityToken) as caught:
        idp.verify_web_identity_token(world, old)
    assert (caught.value.check, caught.value.message) == ("key", NO_KEY)
    idp.verify_web_identity_token(world, new)


def test_access_tokens_refused_by_their_provider_give_idprejectedclaim(s):
    """STS asks Amazon or Facebook; their refusal, expiry included, is IDPRejectedClaim."""
    amazon = s.token(idp.AMAZON, lifetime=60)
    e = refused(s, amazon, "www.amazon.com", now=_at(NOW + 61))
    assert (e.code, e.check, e.status) == ("IDPRejectedClaim", "expiry", 403)
    assert e.message.startswith("www.amazon.com rejected the token: ")
    assert refused(s, tamper(amazon, claims={"user_id": "amzn1.account.X"}), "www.amazon.com").check == "signature"


def test_required_claims_are_checked_after_the_signature(s):
    for claims, missing in (({"iss": "https://accounts.google.com", "aud": "a", "exp": NOW + 60}, "sub"),
                            ({"iss": "https://accounts.google.com", "sub": "1", "exp": NOW + 60}, "aud"),
                            ({"iss": "https://accounts.google.com", "aud": "a", "sub": "1"}, "exp"),
                            ({"iss": "https://accounts.google.com", "aud": "a", "sub": "1", "exp": "soon"}, "exp"),
                            ({"iss": "https://accounts.google.com", "aud": "a", "sub": "1", "exp": 10 ** 20}, "exp")):
        e = refused(s, idp.sign_claims(s.world, idp.GOOGLE, claims))
        assert (e.code, e.check) == ("InvalidIdentityToken", "claims") and missing in e.message, claims
    no_app = idp.sign_claims(s.world, idp.AMAZON, {"iss": "https://www.amazon.com", "user_id": "u", "exp": NOW + 60})
    assert refused(s, no_app, "www.amazon.com").check == "claims"


def test_the_first_failing_check_decides(s):
    """AWS's order: issuer, key, signature, audience, then the clock."""
    expired = s.token(s.edu, lifetime=60)
    assert refused(s, expired, lookup=s.iam("x"), now=_at(NOW + 3600)).check == "audience"
    assert refused(s, tamper(expired, claims={"sub": "y"}), lookup=s.iam("x"), now=_at(NOW + 3600)).check == \
        "signature"
    assert refused(s, expired, now=_at(NOW + 3600)).check == "issuer"


def test_refusals_are_aws_errors_that_survive_pickling(s):
    e = refused(s, "hello, world")
    assert isinstance(e, idp.InvalidIdentityToken) and e.explain
    again = pickle.loads(pickle.dumps(e))
    assert (type(again), again.code, again.message, again.check) == (type(e), e.code, e.message, e.check)
    assert e.cli_message("AssumeRoleWithWebIdentity").startswith(
        "An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: ")


def _at(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)
