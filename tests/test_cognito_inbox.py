"""The learner's inbox and a user pool's managed login pages, in the sandbox terminal and in
the learner's own: ``iam-sandbox inbox``, ``iam-sandbox managed-login``."""

from __future__ import annotations

import json

from cognitohelp import claims
from sandbox import idp
from shellhelp import Term


def test_the_inbox_lists_reads_and_hands_out_the_newest_code(cognito):
    pool = cognito.pool()
    client_id = cognito.client(pool["Id"])["ClientId"]
    cognito.sign_up(client_id, "ana", "ana@example.com", confirm=False)
    cognito.public("ResendConfirmationCode", {"ClientId": client_id, "Username": "ana"})
    term = Term(cognito.world)
    listing = term.ok("iam-sandbox inbox").lines
    assert len(listing) == 2 and all(line.startswith("*") for line in listing)
    assert "ana@example.com" in listing[0] and listing[0].endswith("Your verification code")
    message = term.ok("iam-sandbox inbox read 2").out
    assert "From:    no-reply@verificationemail.com" in message and "To:      ana@example.com" in message
    assert term.ok("iam-sandbox inbox").lines[1].startswith(" ")  # read now
    code = term.ok("iam-sandbox inbox code --to ana@example.com").out.strip()
    assert code == cognito.last_code("ana@example.com") and message.rstrip().endswith(code + ".")
    term.ok("CODE=$(iam-sandbox inbox code --to ana@example.com)")
    assert term.ok("echo $CODE").out.strip() == code
    assert term.run("iam-sandbox inbox code --to nobody@example.com").status == 1
    assert term.run("iam-sandbox inbox read 9").status == 1


def test_an_address_from_a_user_cannot_drive_the_terminal(cognito):
    from sandbox.services import mailbox
    with cognito.world.transaction():
        mailbox.deliver(cognito.world, "evil\x1b[2J@example.com", "hi\x1b]0;x\x07", "body\x1b[31m")
    term = Term(cognito.world)
    out = term.ok("iam-sandbox inbox").out + term.ok("iam-sandbox inbox read 1").out
    assert "\x1b" not in out and "\\x1b[2J" in out


def test_managed_login_prints_the_token_endpoints_answer_or_one_token(cognito):
    with cognito.world.transaction():
        facebook_app = idp.register_app(cognito.world, idp.FACEBOOK, "photos")["ClientId"]
    pool = cognito.pool()
    cognito.as_admin("CreateIdentityProvider", {
        "UserPoolId": pool["Id"], "ProviderName": "Facebook", "ProviderType": "Facebook",
        "ProviderDetails": {"client_id": facebook_app, "client_secret": "s", "authorize_scopes": "public_profile"},
        "AttributeMapping": {"email": "email"}})
    client = cognito.client(pool["Id"], SupportedIdentityProviders=["Facebook"], AllowedOAuthFlowsUserPoolClient=True,
                            AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid"],
                            CallbackURLs=["myapp://callback"])
    term = Term(cognito.world)
    answer = json.loads(term.ok(f"iam-sandbox managed-login {client['ClientId']} --provider Facebook "
                                "--user bo@example.com").out)
    assert answer["token_type"] == "Bearer" and answer["expires_in"] == 3600
    token = term.ok(f"iam-sandbox managed-login {client['ClientId']} --provider Facebook --user bo@example.com "
                    "--token id").out.strip()
    assert claims(token)["cognito:username"].startswith("Facebook_") and claims(token)["aud"] == client["ClientId"]
    ran = term.run(f"iam-sandbox managed-login {client['ClientId']} --provider Google --user bo@example.com")
    assert ran.status == 1 and "does not offer sign-in with Google" in ran.err


def test_the_inbox_from_the_learners_own_terminal(sb):
    ran = sb.run("inbox")
    assert (ran.rc, ran.out) == (0, "No messages.\n")
    assert "inbox" in sb.run("--help").out
