"""``aws sts assume-role-with-web-identity`` from sign-in to S3, and every forged or broken
token refused with AWS's code, nothing changed.

STS API Reference, AssumeRoleWithWebIdentity: unsigned (the model's ``authtype: none``);
WebIdentityToken 4-20000 characters; errors InvalidIdentityToken (400),
ExpiredTokenException (400), IDPRejectedClaim (403), MalformedPolicyDocument,
PackedPolicyTooLarge; response Credentials, SubjectFromWebIdentityToken, AssumedRoleUser,
PackedPolicySize, Provider ("the iss field" for an ID token, the ProviderId for an access
token), Audience. A refused trust policy: "Not authorized to perform
sts:AssumeRoleWithWebIdentity". Condition keys and policy variables: IAM User Guide,
"Available keys for AWS web identity federation" (``accounts.google.com:aud`` is the azp
claim, ``:sub`` the subject; ``www.amazon.com:user_id``, ``graph.facebook.com:id``...).
"""

from __future__ import annotations

import json

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from idphelp import hs256_with_public_key, parts, tamper, unsigned
from sandbox import idp
from sandbox.idp import keys
from sandboxhelp import allow, doc

BUCKET = "experimenting-aws"
NO_KEY = ("Couldn't retrieve verification key from your identity provider, please reference "
          "AssumeRoleWithWebIdentity documentation for requirements")


class Web:
    """A web app "photos" registered with Google and role Photos that trusts Google for it, each
    person reading only their own prefix of the bucket (``${accounts.google.com:sub}``)."""

    def __init__(self, sb):
        self.sb = sb
        # one seed for every test: the providers' RSA keys are derived once per test process
        assert sb.run("world", "reset", "--seed", "11").rc == 0
        self.client_id = self.idp("register", "google", "--app", "photos").strip()
        self.role_arn = sb.arn("role", "Photos")
        sb.ok("iam", "create-role", "--role-name", "Photos", "--assume-role-policy-document",
              self.trust("accounts.google.com", {"StringEquals": {"accounts.google.com:aud": self.client_id}}))
        sb.ok("iam", "put-role-policy", "--role-name", "Photos", "--policy-name", "own-prefix", "--policy-document",
              doc(allow(["s3:GetObject", "s3:PutObject"], f"arn:aws:s3:::{BUCKET}/${{accounts.google.com:sub}}/*")))

    def idp(self, *argv: str) -> str:
        r = self.sb.run("idp", *argv)
        assert r.rc == 0, r.err
        return r.out

    @staticmethod
    def trust(federated: str, condition: dict | None = None, action: str = "sts:AssumeRoleWithWebIdentity") -> str:
        statement = {"Effect": "Allow", "Principal": {"Federated": federated}, "Action": action}
        if condition:
            statement["Condition"] = condition
        return doc(statement)

    def token(self, email: str = "ana@example.com", provider: str = "google", client_id: str | None = None,
              *extra: str) -> str:
        return self.idp("login", provider, "--user", email, "--client-id", client_id or self.client_id,
                        *extra).strip()

    def assume(self, token: str, *extra: str, role_arn: str | None = None, session: str = "ana"):
        return self.sb.aws("sts", "assume-role-with-web-identity", "--role-arn", role_arn or self.role_arn,
                           "--role-session-name", session, "--web-identity-token", token, *extra)

    def sessions(self) -> int:
        return len(self.sb.world()["sessions"])


@pytest.fixture
def web(sb) -> Web:
    return Web(sb)


def test_the_response_and_the_sessions_identity(sb, web):
    token = web.token()
    _, claims, _ = parts(token)
    out = web.assume(token).json()
    creds = out["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA") and len(creds["AccessKeyId"]) == 20
    assert len(creds["SecretAccessKey"]) == 40 and creds["SessionToken"] and creds["Expiration"]
    role_id = sb.ok("iam", "get-role", "--role-name", "Photos")["Role"]["RoleId"]
    assert out["SubjectFromWebIdentityToken"] == claims["sub"]
    assert out["AssumedRoleUser"] == {"AssumedRoleId": f"{role_id}:ana",
                                      "Arn": f"arn:aws:sts::{sb.account}:assumed-role/Photos/ana"}
    assert out["Provider"] == "https://accounts.google.com" and out["Audience"] == web.client_id
    assert "PackedPolicySize" not in out
    assert list(out) == ["Credentials", "SubjectFromWebIdentityToken", "AssumedRoleUser", "Provider", "Audience"]
    sb.configure("ana", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    me = sb.ok("sts", "get-caller-identity", profile="ana")
    assert me == {"UserId": f"{role_id}:ana", "Account": sb.account,
                  "Arn": f"arn:aws:sts::{sb.account}:assumed-role/Photos/ana"}


def test_each_person_reads_only_their_own_prefix(sb, web):
    """``${accounts.google.com:sub}`` in the role's policy: the token's subject, on every request."""
    people = {}
    for name in ("ana", "ben"):
        token = web.token(f"{name}@example.com")
        out = web.assume(token, session=name).json()
        c = out["Credentials"]
        sb.configure(name, c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
        people[name] = out["SubjectFromWebIdentityToken"]
    photo = sb.file("photo.jpg", "pixels")
    for name, sub in people.items():
        sb.ok("s3api", "put-object", "--bucket", BUCKET, "--key", f"{sub}/photo.jpg", "--body", photo[7:],
              profile=name)
        assert sb.aws("s3", "cp", f"s3://{BUCKET}/{sub}/photo.jpg", "-", profile=name).rc == 0
    message = sb.fails("AccessDenied", "GetObject", "s3api", "get-object", "--bucket", BUCKET, "--key",
                       f"{people['ben']}/photo.jpg", "stolen.jpg", profile="ana")
    assert message.startswith(f"User: arn:aws:sts::{sb.account}:assumed-role/Photos/ana is not authorized to "
                              "perform: s3:GetObject")
    denied = sb.events()[-1]
    assert denied.context["accounts.google.com:sub"] == people["ana"]
    assert denied.context["aws:FederatedProvider"] == "accounts.google.com"


def test_no_aws_credentials_are_needed_or_sent(sb, web):
    """The CLI sends AssumeRoleWithWebIdentity unsigned: broken keys in the environment do not matter."""
    sb.configure("broken", "AKIAIOSFODNN7EXAMPLE", "not-the-secret")
    r = sb.aws("sts", "assume-role-with-web-identity", "--role-arn", web.role_arn, "--role-session-name", "ana",
               "--web-identity-token", web.token(), profile="broken")
    assert r.rc == 0, r.err
    assert sb.aws("sts", "get-caller-identity", profile="broken").error()[0] == "InvalidClientTokenId"
    assert sb.aws("sts", "assume-role-with-web-identity", "--role-arn", web.role_arn, "--role-session-name", "xy",
                  "--web-identity-token", "abcd", profile="nobody-here").rc == 255  # an unknown profile still fails


def test_the_token_from_a_file(sb, web):
    path = sb.file("token.jwt", web.token() + "\n")
    assert web.assume(path).rc == 0
    on_laptop = web.token("cy@example.com", "google", None, "--save", "cy.jwt")
    assert on_laptop == ""
    assert web.assume("file://cy.jwt", session="cy").rc == 0  # the laptop's home, as the CLI on it reads it


def test_the_trust_decision_is_an_event_that_names_the_statement(sb, web):
    web.assume(web.token()).json()
    event = [e for e in sb.events() if e.action == "sts:AssumeRoleWithWebIdentity"][-1]
    assert (event.kind, event.decision, event.principal_type) == ("decision", "allowed", "WebIdentityUser")
    assert event.resource == web.role_arn and event.deciding_policy == "trust policy of role Photos"
    assert event.context["accounts.google.com:aud"] == web.client_id
    assert event.context["sts:RoleSessionName"] == "ana"
    assert event.principal.startswith(f"accounts.google.com:{web.client_id}:")
    assert any("passed STS's checks" in note for note in event.notes)


def test_a_role_that_does_not_trust_the_provider_or_the_action(sb, web):
    token = web.token()
    sb.ok("iam", "create-role", "--role-name", "FacebookOnly", "--assume-role-policy-document",
          web.trust("graph.facebook.com"))
    sb.ok("iam", "create-role", "--role-name", "WrongAction", "--assume-role-policy-document",
          web.trust("accounts.google.com", action="sts:AssumeRole"))
    for role in ("FacebookOnly", "WrongAction", "NoSuchRole"):
        r = web.assume(token, role_arn=sb.arn("role", role))
        assert r.error() == ("AccessDenied", "AssumeRoleWithWebIdentity",
                             "Not authorized to perform sts:AssumeRoleWithWebIdentity"), role
        event = sb.events()[-1]
        assert event.decision == "implicitDeny" and event.resource == sb.arn("role", role)
    assert web.sessions() == 0


def test_request_checks(sb, web):
    token = web.token()
    r = web.assume(token, session="a")
    assert r.rc == 252 and "valid min length: 2" in r.err
    assert web.assume(token, session="has space").error()[0] == "ValidationError"
    assert web.assume(token, "--duration-seconds", "43201").error()[0] == "ValidationError"
    assert web.assume(token, "--duration-seconds", "7200").error() == (
        "ValidationError", "AssumeRoleWithWebIdentity",
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
    assert web.assume(token, role_arn="Photos").rc == 252  # shorter than an ARN: the CLI refuses it
    assert web.assume(token, role_arn=sb.arn("user", "admin")).error()[2] == "Request ARN is invalid"
    out = web.assume(token, "--duration-seconds", "900").json()
    assert out["Credentials"]["Expiration"] > sb.world().now().isoformat()


def test_session_policies(sb, web):
    token = web.token()
    narrow = doc(allow("s3:GetObject", f"arn:aws:s3:::{BUCKET}/*"))
    out = web.assume(token, "--policy", narrow, "--policy-arns",
                     "arn=arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess").json()
    assert 1 <= out["PackedPolicySize"] <= 100
    assert list(out) == ["Credentials", "SubjectFromWebIdentityToken", "AssumedRoleUser", "PackedPolicySize",
                         "Provider", "Audience"]
    assert web.assume(token, "--policy", '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]}'
                      ).error()[0] == "MalformedPolicyDocument"
    big = json.dumps(json.loads(doc(*[allow("s3:GetObject", f"arn:aws:s3:::{BUCKET}/prefix-{i}/*")
                                      for i in range(20)])), separators=(",", ":"))
    arns = [f"arn=arn:aws:iam::aws:policy/{n}" for n in ("AmazonS3ReadOnlyAccess", "AmazonS3FullAccess",
                                                         "IAMReadOnlyAccess", "ReadOnlyAccess")]
    assert 1900 <= len(big) <= 2048  # within the inline policy's own limit
    code, _, message = web.assume(token, "--policy", big, "--policy-arns", *arns).error()
    assert code == "PackedPolicyTooLarge" and message.startswith("Packed policy consumes ")
    assert message.endswith("% of allotted space")
    assert web.sessions() == 1


def test_expired_session_credentials_give_expiredtoken(sb, web):
    c = web.assume(web.token(), "--duration-seconds", "900").json()["Credentials"]
    sb.configure("ana", c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
    sb.advance("16m")
    assert sb.aws("sts", "get-caller-identity", profile="ana").error() == (
        "ExpiredToken", "GetCallerIdentity", "The security token included in the request is expired")


# -- forged and broken tokens: AWS's code, nothing changed ------------------------------------------------


def _refused(sb, web, token, *extra, role_arn=None) -> tuple[str, str]:
    before = web.sessions()
    seq = sb.world().events.last_seq()
    code, op, message = web.assume(token, *extra, role_arn=role_arn).error()
    assert op == "AssumeRoleWithWebIdentity" and web.sessions() == before
    new = [e for e in sb.events() if e.seq > seq]
    assert new and not any(e.allowed for e in new)
    return code, message


def test_forged_tokens_are_refused(sb, web):
    token = web.token()
    world = sb.world()
    entry = idp.published(world, idp.GOOGLE)[0]
    _, claims, _ = parts(token)
    stranger = jwt.encode(claims, rsa.generate_private_key(public_exponent=65537, key_size=2048),
                          algorithm="RS256", headers={"kid": "not-googles"})
    cases = {
        "alg none": (unsigned(token), "InvalidIdentityToken", "alg: none"),
        "HS256 with the public key": (hs256_with_public_key(world, idp.GOOGLE, token, {"sub": "1" * 21}),
                                      "InvalidIdentityToken", "HS256"),
        "unknown kid": (stranger, "InvalidIdentityToken", NO_KEY),
        "altered payload": (tamper(token, claims={"sub": "1" * 21}), "InvalidIdentityToken", "signature"),
        "garbage": ("this is not a token", "InvalidIdentityToken", "not a JWT"),
        "oversized": ("a" * 20001, "ValidationError", "less than or equal to 20000"),
    }
    for name, (forged, code, words) in cases.items():
        got_code, message = _refused(sb, web, forged)
        assert got_code == code and words in message, (name, got_code, message)
    refusal = sb.events()[-1]
    assert (refusal.kind, refusal.decision) == ("authentication", "failed")
    assert refusal.notes and "size" in refusal.notes[0]
    # a token signed with Google's own key, but with RS512: the key's algorithm is RS256
    rs512 = jwt.encode(claims, keys.private_key(world, idp.GOOGLE, entry), algorithm="RS512",
                       headers={"kid": entry["Kid"]})
    assert _refused(sb, web, rs512)[0] == "InvalidIdentityToken"
    assert web.assume("abc").rc == 252  # under 4 characters: the CLI's own check


def test_wrong_issuer(sb, web):
    evil = tamper(web.token(), claims={"iss": "https://evil.example.com"})
    assert _refused(sb, web, evil) == ("InvalidIdentityToken",
                                       "No OpenIDConnect provider found in your account for https://evil.example.com")


def test_wrong_audience_google_is_the_trust_policys_business(sb, web):
    other_app = web.idp("register", "google", "--app", "other").strip()
    code, message = _refused(sb, web, web.token(client_id=other_app))
    assert (code, message) == ("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
    event = sb.events()[-1]
    assert event.decision == "implicitDeny" and event.context["accounts.google.com:aud"] == other_app
    failed = [c for p in event.explain["policies"] for st in p["statements"] for c in st.get("conditions") or []
              if c["result"] is not True]
    assert failed and failed[0]["key"].lower() == "accounts.google.com:aud"


def test_wrong_audience_for_an_iam_oidc_provider_is_incorrect_token_audience(sb, web):
    web.idp("create-issuer", "https://login.example.edu")
    app = web.idp("register", "https://login.example.edu", "--app", "portal").strip()
    other = web.idp("register", "https://login.example.edu", "--app", "other").strip()
    provider = sb.ok("iam", "create-open-id-connect-provider", "--url", "https://login.example.edu",
                     "--client-id-list", app)["OpenIDConnectProviderArn"]
    sb.ok("iam", "create-role", "--role-name", "Portal", "--assume-role-policy-document", web.trust(provider))
    portal = sb.arn("role", "Portal")
    ok = web.assume(web.token("ana@example.edu", "https://login.example.edu", app), role_arn=portal).json()
    assert ok["Provider"] == "https://login.example.edu" and ok["Audience"] == app
    code, message = _refused(sb, web, web.token("ana@example.edu", "https://login.example.edu", other),
                             role_arn=portal)
    assert (code, message) == ("InvalidIdentityToken", "Incorrect token audience")
    # once the provider is deleted, its tokens are from an issuer the account does not trust
    sb.ok("iam", "delete-open-id-connect-provider", "--open-id-connect-provider-arn", provider)
    code, message = _refused(sb, web, web.token("ana@example.edu", "https://login.example.edu", app),
                             role_arn=portal)
    assert (code, message) == ("InvalidIdentityToken",
                               "No OpenIDConnect provider found in your account for https://login.example.edu")


def test_expired_and_not_yet_valid_tokens(sb, web):
    token = web.token("ana@example.com", "google", None, "--lifetime", "60")
    sb.advance("2m")
    code, message = _refused(sb, web, token)
    assert code == "ExpiredTokenException"
    assert message.startswith("Token expired: current date/time ") and "must be before the expiration date/time" \
        in message
    claims = parts(web.token())[1]
    world = sb.world()
    with world.transaction():
        later = idp.sign_claims(world, idp.GOOGLE, {**claims, "nbf": int(world.now().timestamp()) + 600})
    assert _refused(sb, web, later)[0] == "InvalidIdentityToken"
    sb.advance("11m")
    assert web.assume(later).rc == 0


def test_a_token_from_one_provider_presented_as_another(sb, web):
    amazon_app = web.idp("register", "amazon", "--app", "shop").strip()
    amazon = web.token("ana@example.com", "amazon", amazon_app)
    # an Amazon access token without its ProviderId is taken for an ID token of an unknown issuer
    assert _refused(sb, web, amazon) == (
        "InvalidIdentityToken", "No OpenIDConnect provider found in your account for https://www.amazon.com")
    # Google's ID token sent as Facebook's access token: Facebook refuses it
    assert _refused(sb, web, web.token(), "--provider-id", "graph.facebook.com")[0] == "IDPRejectedClaim"
    # Amazon's token with its ProviderId is good, but the role trusts only Google
    assert _refused(sb, web, amazon, "--provider-id", "www.amazon.com")[0] == "AccessDenied"


def test_login_with_amazon_and_facebook_keys_in_the_session(sb, web):
    amazon_app = web.idp("register", "amazon", "--app", "shop").strip()
    sb.ok("iam", "create-role", "--role-name", "Shop", "--assume-role-policy-document",
          web.trust("www.amazon.com", {"StringEquals": {"www.amazon.com:app_id": amazon_app}}))
    sb.ok("iam", "put-role-policy", "--role-name", "Shop", "--policy-name", "own", "--policy-document",
          doc(allow("s3:PutObject", f"arn:aws:s3:::{BUCKET}/amazon/${{www.amazon.com:user_id}}/*")))
    token = web.token("ana@example.com", "amazon", amazon_app)
    out = web.assume(token, "--provider-id", "www.amazon.com", role_arn=sb.arn("role", "Shop")).json()
    assert out["Provider"] == "www.amazon.com" and out["Audience"] == amazon_app
    assert out["SubjectFromWebIdentityToken"].startswith("amzn1.account.")
    c = out["Credentials"]
    sb.configure("shopper", c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
    body = sb.file("cart.json", json.dumps({"items": 2}))[7:]
    sb.ok("s3api", "put-object", "--bucket", BUCKET, "--key", f"amazon/{out['SubjectFromWebIdentityToken']}/cart.json",
          "--body", body, profile="shopper")
    assert sb.aws("s3api", "put-object", "--bucket", BUCKET, "--key", "amazon/someone-else/cart.json",
                  "--body", body, profile="shopper").error()[0] == "AccessDenied"
