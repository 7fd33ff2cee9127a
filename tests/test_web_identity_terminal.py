"""Web identity in the sandbox terminal: the learner's browser (``iam-sandbox idp``), curl
fetching the providers' discovery documents and key sets (served by the sandbox, never the
network), and the AWS CLI's own web identity credential provider.

botocore's credential chain (``botocore.credentials.create_credential_resolver``): the
environment's keys, then a profile's ``role_arn`` + ``source_profile``, then web identity
(``AWS_WEB_IDENTITY_TOKEN_FILE``, ``AWS_ROLE_ARN``, ``AWS_ROLE_SESSION_NAME``, each winning
over the profile's ``web_identity_token_file``, ``role_arn``, ``role_session_name``, and
ignored with ``--profile``), then the credentials and config files, then the instance
metadata service. The token file is read as written (no ``~``); the call is unsigned; the
session name defaults to ``botocore-session-EPOCH``.
"""

from __future__ import annotations

import json

import pytest

from idphelp import parts, seeded_world
from sandbox import idp
from shellhelp import Term, doc, q

DISCOVERY = "https://accounts.google.com/.well-known/openid-configuration"
BUCKET = "experimenting-aws"


class Lab:
    """The laptop's terminal, an app registered with Google, and role Photos trusting it."""

    def __init__(self):
        self.world = seeded_world()
        self.term = Term(self.world)
        self.account = self.world.account_id
        self.client_id = self.term.ok("iam-sandbox idp register google --app photos").out.strip()
        self.role_arn = f"arn:aws:iam::{self.account}:role/Photos"
        trust = doc({"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"},
                     "Action": "sts:AssumeRoleWithWebIdentity",
                     "Condition": {"StringEquals": {"accounts.google.com:aud": self.client_id}}})
        self.term.ok(f"aws iam create-role --role-name Photos --assume-role-policy-document {q(trust)}")
        policy = doc({"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                      "Resource": f"arn:aws:s3:::{BUCKET}/${{accounts.google.com:sub}}/*"})
        self.term.ok(f"aws iam put-role-policy --role-name Photos --policy-name own --policy-document {q(policy)}")

    def login(self, email: str = "ana@example.com", save: str = "/home/learner/token.jwt") -> None:
        self.term.ok(f"iam-sandbox idp login google --user {email} --client-id {self.client_id} --save {save}")

    def session_arn(self, name: str) -> str:
        return f"arn:aws:sts::{self.account}:assumed-role/Photos/{name}"


@pytest.fixture
def lab() -> Lab:
    return Lab()


# -- the learner's browser and curl ----------------------------------------------------------------------


def test_idp_commands_in_the_terminal_save_on_the_machine(lab):
    t = lab.term
    ran = t.run(f"iam-sandbox idp login google --user ana@example.com --client-id {lab.client_id}")
    assert ran.status == 0 and ran.out.count(".") == 2 and "new Google account" in ran.err
    lab.login(save="token.jwt")
    token = t.ok("cat token.jwt").out.strip()
    assert parts(token)[1]["aud"] == lab.client_id
    decoded = t.ok("iam-sandbox idp decode file://token.jwt").out
    assert '"iss": "https://accounts.google.com"' in decoded and "Signature  valid" in decoded
    assert "accounts.google.com" in t.ok("iam-sandbox idp list").out
    assert t.run("iam-sandbox idp login nowhere --user a@b.com --client-id x").status == 1


def test_curl_fetches_the_discovery_document_and_the_key_set(lab):
    t = lab.term
    discovery = t.json(f"curl -s {DISCOVERY}")
    assert discovery["issuer"] == "https://accounts.google.com"
    assert discovery["jwks_uri"] == "https://www.googleapis.com/oauth2/v3/certs"
    key_set = t.json(f"curl {discovery['jwks_uri']}")
    lab.login()
    header, _, _ = parts(lab.world["files"].get("laptop:/home/learner/token.jwt")["Content"].strip())
    assert header["kid"] in [k["kid"] for k in key_set["keys"]]
    assert all(k["kty"] == "RSA" and k["alg"] == "RS256" for k in key_set["keys"])
    assert key_set == idp.jwks(lab.world, idp.GOOGLE)
    # Facebook's, and an instructor's issuer once it exists
    assert t.json("curl -sL https://www.facebook.com/.well-known/openid-configuration/")["issuer"] == \
        "https://www.facebook.com"
    assert t.run("curl https://login.example.edu/.well-known/openid-configuration").status == 6
    t.ok("iam-sandbox idp create-issuer https://login.example.edu")
    edu = t.json("curl https://login.example.edu/.well-known/openid-configuration")
    assert edu["jwks_uri"] == "https://login.example.edu/.well-known/jwks.json"
    assert t.json(f"curl {edu['jwks_uri']}")["keys"]
    t.ok(f"curl -o disco.json {DISCOVERY}")
    assert json.loads(lab.world["files"].get("laptop:/home/learner/disco.json")["Content"])["issuer"]


def test_curl_has_no_network(lab):
    t = lab.term
    ran = t.run("curl https://example.com/")
    assert (ran.status, ran.out, ran.err) == (6, "", "curl: (6) Could not resolve host: example.com\n")
    missing = t.run("curl -f https://accounts.google.com/nothing-here")
    assert (missing.status, missing.err) == (22, "curl: (22) The requested URL returned error: 404\n")
    assert t.run("curl -i https://accounts.google.com/nothing-here").out.startswith("HTTP/1.1 404 Not Found")
    plain = t.run("curl -i http://accounts.google.com/.well-known/openid-configuration")
    assert plain.status == 0 and plain.out.startswith("HTTP/1.1 301 Moved Permanently")
    assert t.json("curl -L http://accounts.google.com/.well-known/openid-configuration")["issuer"]


# -- the CLI's web identity credential provider ------------------------------------------------------------


def test_environment_variables_assume_the_role_with_the_token_file(lab):
    t = lab.term
    lab.login()
    t.ok(f"export AWS_ROLE_ARN={lab.role_arn} AWS_WEB_IDENTITY_TOKEN_FILE=/home/learner/token.jwt")
    me = t.json("aws sts get-caller-identity")
    epoch = int(lab.world.now().timestamp())
    assert me["Arn"] == lab.session_arn(f"botocore-session-{epoch}")
    t.ok("export AWS_ROLE_SESSION_NAME=ana")
    assert t.json("aws sts get-caller-identity")["Arn"] == lab.session_arn("ana")
    # the call is a decision on the role's trust policy, made for the web identity
    last = [e for e in idp_events(lab) if e.action == "sts:AssumeRoleWithWebIdentity"][-1]
    assert last.allowed and last.principal_type == "WebIdentityUser"
    # the session's requests carry the token's subject: ana's own prefix, and only hers
    sub = parts(lab.world["files"].get("laptop:/home/learner/token.jwt")["Content"].strip())[1]["sub"]
    t.ok("echo hello > note.txt")
    t.ok(f"aws s3 cp note.txt s3://{BUCKET}/{sub}/note.txt")
    ran = t.run(f"aws s3 cp note.txt s3://{BUCKET}/someone-else/note.txt")
    assert ran.status == 1 and "AccessDenied" in ran.err
    cfg = t.ok("aws configure list").out
    assert "assume-role-with-web-identity" in cfg


def idp_events(lab):
    from sandbox.services import events

    return events.typed(lab.world.events.read_all())


def test_the_chain_order(lab):
    t = lab.term
    lab.login()
    admin = f"arn:aws:iam::{lab.account}:user/admin"
    assert t.json("aws sts get-caller-identity")["Arn"] == admin  # the credentials file
    t.ok(f"export AWS_ROLE_ARN={lab.role_arn} AWS_WEB_IDENTITY_TOKEN_FILE=/home/learner/token.jwt "
         "AWS_ROLE_SESSION_NAME=ana")
    assert t.json("aws sts get-caller-identity")["Arn"] == lab.session_arn("ana")  # before the file
    # --profile: the variables are not looked at
    assert t.json("aws sts get-caller-identity --profile default")["Arn"] == admin
    # keys in the environment come first of all
    key = t.json("aws iam create-access-key --user-name admin --profile default")["AccessKey"]
    t.ok(f"export AWS_ACCESS_KEY_ID={key['AccessKeyId']} AWS_SECRET_ACCESS_KEY={key['SecretAccessKey']}")
    assert t.json("aws sts get-caller-identity")["Arn"] == admin


def test_a_profile_with_role_arn_and_web_identity_token_file(lab):
    t = lab.term
    t.ok("mkdir tokens")
    lab.login(save="/home/learner/tokens/ana.jwt")
    t.ok(f"aws configure set role_arn {lab.role_arn} --profile photos")
    t.ok("aws configure set web_identity_token_file /home/learner/tokens/ana.jwt --profile photos")
    t.ok("aws configure set role_session_name ana-app --profile photos")
    assert t.json("aws sts get-caller-identity --profile photos")["Arn"] == lab.session_arn("ana-app")
    listed = t.ok("aws configure list --profile photos").out
    assert "assume-role-with-web-identity" in listed
    # the environment's variables win over the profile's settings (without --profile)
    t.ok("export AWS_PROFILE=photos AWS_ROLE_SESSION_NAME=from-env")
    assert t.json("aws sts get-caller-identity")["Arn"] == lab.session_arn("from-env")


def test_chain_failures(lab):
    t = lab.term
    lab.login()
    t.ok("export AWS_WEB_IDENTITY_TOKEN_FILE=/home/learner/token.jwt")
    ran = t.run("aws sts get-caller-identity")
    assert ran.status == 255 and "has no role ARN configured" in ran.err
    t.ok(f"export AWS_ROLE_ARN={lab.role_arn} AWS_WEB_IDENTITY_TOKEN_FILE='~/token.jwt'")
    ran = t.run("aws sts get-caller-identity")  # botocore opens the path as written: no ~
    assert (ran.status, ran.err) == (255, "\n[Errno 2] No such file or directory: '~/token.jwt'\n")
    t.ok("export AWS_WEB_IDENTITY_TOKEN_FILE=token.jwt")  # relative to the current folder
    assert t.json("aws sts get-caller-identity")["Arn"].startswith(lab.session_arn("botocore-session-"))
    advance(lab, 3601)
    code, operation, message = t.aws_error("aws s3 ls")
    assert (code, operation) == ("ExpiredTokenException", "AssumeRoleWithWebIdentity")
    assert message.startswith("Token expired: current date/time")
    lab.login()  # a new token in the same file: the next command works again
    assert t.json("aws sts get-caller-identity")["Arn"].startswith(lab.session_arn("botocore-session-"))
    other = t.json("aws iam create-role --role-name Other --profile default --assume-role-policy-document "
                   + q(doc({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                            "Action": "sts:AssumeRole"})))
    t.ok(f"export AWS_ROLE_ARN={other['Role']['Arn']}")
    assert t.aws_error("aws sts get-caller-identity") == (
        "AccessDenied", "AssumeRoleWithWebIdentity", "Not authorized to perform sts:AssumeRoleWithWebIdentity")


def advance(lab, seconds: int) -> None:
    with lab.world.transaction():
        lab.world.advance_clock(seconds)
