"""Amazon Cognito user pools (cognito-idp): pools and app clients, sign-up with a code in the
inbox, sign-in and the tokens AWS issues, groups in the ID token, refresh and global sign-out,
users made by an administrator, and Cognito's errors.

Pages: Amazon Cognito Developer Guide, "Understanding user pool JSON web tokens (JWTs)",
"Verifying a JSON web token", "Adding groups to a user pool", "Computing secret hash values",
"Signing up and confirming user accounts"; API Reference for each operation.
"""

from __future__ import annotations

import json

import jwt
import pytest

from cognitohelp import ACCOUNT, PASSWORD, claims, error_of
from sandbox.idp import document_for_url, inspect_token
from sandbox.services import mailbox
from sandbox.services.cognito_idp.common import secret_hash

# -- pools and app clients ----------------------------------------------------------------------------------

def test_a_pool_has_a_regional_id_and_arn_and_the_default_password_policy(cognito):
    pool = cognito.pool()
    assert pool["Id"].startswith("us-east-1_") and len(pool["Id"]) == len("us-east-1_") + 9
    assert pool["Arn"] == f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:userpool/{pool['Id']}"
    assert pool["Policies"]["PasswordPolicy"] == {
        "MinimumLength": 8, "RequireUppercase": True, "RequireLowercase": True, "RequireNumbers": True,
        "RequireSymbols": True, "TemporaryPasswordValidityDays": 7}
    described = cognito.as_admin("DescribeUserPool", {"UserPoolId": pool["Id"]})["UserPool"]
    assert described["AutoVerifiedAttributes"] == ["email"] and described["MfaConfiguration"] == "OFF"
    assert {"sub", "email", "email_verified"} <= {a["Name"] for a in described["SchemaAttributes"]}
    listed = cognito.as_admin("ListUserPools", {"MaxResults": 10})["UserPools"]
    assert [p["Id"] for p in listed] == [pool["Id"]]


def test_pool_ids_are_case_sensitive_and_unknown_pools_are_resource_not_found(cognito):
    pool = cognito.pool()
    err = error_of(cognito.as_admin, "DescribeUserPool", {"UserPoolId": pool["Id"].lower()})
    assert (err.code, err.message) == ("ResourceNotFoundException", f"User pool {pool['Id'].lower()} does not exist.")


def test_deletion_protection_keeps_a_pool_until_it_is_turned_off(cognito):
    pool = cognito.pool(DeletionProtection="ACTIVE")
    err = error_of(cognito.as_admin, "DeleteUserPool", {"UserPoolId": pool["Id"]})
    assert err.code == "InvalidParameterException" and "deletion protection is activated" in err.message
    other = cognito.pool()
    client = cognito.client(other["Id"])
    cognito.sign_up(client["ClientId"], "alice", "alice@example.com")
    cognito.as_admin("DeleteUserPool", {"UserPoolId": other["Id"]})
    assert cognito.world["cognito_users"].all() == [] and cognito.world["cognito_user_pool_clients"].all() == []


def test_mfa_on_is_refused_and_a_weak_policy_is_out_of_range(cognito):
    assert error_of(cognito.pool, MfaConfiguration="ON").code == "InvalidParameterException"
    err = error_of(cognito.pool, Policies={"PasswordPolicy": {"MinimumLength": 5}})
    assert err.code == "InvalidParameterException" and "minimumLength" in err.message


def test_a_client_allows_srp_custom_and_refresh_unless_told_otherwise(cognito):
    pool = cognito.pool()
    client = cognito.as_admin("CreateUserPoolClient", {"UserPoolId": pool["Id"], "ClientName": "mobile"})
    client = client["UserPoolClient"]
    assert len(client["ClientId"]) == 26 and "ClientSecret" not in client
    cognito.sign_up(client["ClientId"], "alice", "alice@example.com")
    err = error_of(cognito.sign_in, client["ClientId"], "alice")
    assert (err.code, err.message) == ("InvalidParameterException",
                                       "USER_PASSWORD_AUTH flow not enabled for this client")


def test_legacy_and_new_flow_names_do_not_mix(cognito):
    pool = cognito.pool()
    err = error_of(cognito.client, pool["Id"], ExplicitAuthFlows=["USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    assert err.message == "Explicit auth flows can be either of legacy or new type, but not both."


def test_a_client_with_a_secret_needs_the_secret_hash_of_each_request(cognito):
    pool = cognito.pool()
    client = cognito.client(pool["Id"], GenerateSecret=True)
    secret, client_id = client["ClientSecret"], client["ClientId"]
    assert len(secret) == 51
    base = {"ClientId": client_id, "Username": "alice", "Password": PASSWORD,
            "UserAttributes": [{"Name": "email", "Value": "alice@example.com"}]}
    err = error_of(cognito.public, "SignUp", base)
    assert (err.code, err.message) == ("NotAuthorizedException",
                                       f"Client {client_id} is configured for secret but secret was not received")
    err = error_of(cognito.public, "SignUp", {**base, "SecretHash": secret_hash(secret, "bob", client_id)})
    assert err.message == f"Unable to verify secret hash for client {client_id}"
    cognito.sign_up(client_id, "alice", "alice@example.com", SecretHash=secret_hash(secret, "alice", client_id))
    tokens = cognito.sign_in(client_id, "alice", SECRET_HASH=secret_hash(secret, "alice", client_id))
    assert "IdToken" in tokens["AuthenticationResult"]


def test_secret_hash_is_base64_hmac_sha256_of_username_and_client_id():
    """The Developer Guide's formula, computed independently."""
    import base64
    import hashlib
    import hmac
    expected = base64.b64encode(hmac.new(b"s3cr3t", b"aliceclient1", hashlib.sha256).digest()).decode()
    assert secret_hash("s3cr3t", "alice", "client1") == expected


# -- signing up --------------------------------------------------------------------------------------------

def test_sign_up_sends_a_code_to_the_inbox_and_the_user_waits_unconfirmed(cognito):
    pool = cognito.pool()
    client = cognito.client(pool["Id"])
    out = cognito.sign_up(client["ClientId"], "alice", "alice@example.com", confirm=False)
    assert out["UserConfirmed"] is False
    assert out["CodeDeliveryDetails"] == {"Destination": "a***@e***", "DeliveryMedium": "EMAIL",
                                          "AttributeName": "email"}
    (message,) = mailbox.messages(cognito.world, "alice@example.com")
    assert message["From"] == "no-reply@verificationemail.com" and message["Subject"] == "Your verification code"
    assert message["Body"].startswith("Your verification code is ") and len(cognito.last_code("alice@example.com")) == 6
    err = error_of(cognito.sign_in, client["ClientId"], "alice")
    assert (err.code, err.message) == ("UserNotConfirmedException", "User is not confirmed.")
    err = error_of(cognito.sign_in, client["ClientId"], "alice", "Wr0ng-password")
    assert (err.code, err.message) == ("NotAuthorizedException", "Incorrect username or password.")


def test_a_wrong_code_mismatches_an_old_code_expires_and_a_new_one_confirms(cognito):
    pool = cognito.pool()
    client_id = cognito.client(pool["Id"])["ClientId"]
    cognito.sign_up(client_id, "alice", "alice@example.com", confirm=False)
    code = cognito.last_code("alice@example.com")
    wrong = "000000" if code != "000000" else "111111"
    err = error_of(cognito.public, "ConfirmSignUp", {"ClientId": client_id, "Username": "alice",
                                                     "ConfirmationCode": wrong})
    assert (err.code, err.message) == ("CodeMismatchException", "Invalid verification code provided, please try again.")
    cognito.advance(25 * 3600)  # codes last 24 hours
    err = error_of(cognito.public, "ConfirmSignUp", {"ClientId": client_id, "Username": "alice",
                                                     "ConfirmationCode": code})
    assert (err.code, err.message) == ("ExpiredCodeException", "Invalid code provided, please request a code again.")
    out = cognito.public("ResendConfirmationCode", {"ClientId": client_id, "Username": "alice"})
    assert out["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    cognito.public("ConfirmSignUp", {"ClientId": client_id, "Username": "alice",
                                     "ConfirmationCode": cognito.last_code("alice@example.com")})
    user = cognito.as_admin("ListUsers", {"UserPoolId": pool["Id"]})["Users"][0]
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["Attributes"]
    err = error_of(cognito.public, "ResendConfirmationCode", {"ClientId": client_id, "Username": "alice"})
    assert (err.code, err.message) == ("InvalidParameterException", "User is already confirmed.")


def test_sign_up_errors(cognito):
    pool = cognito.pool()
    client_id = cognito.client(pool["Id"])["ClientId"]
    cognito.sign_up(client_id, "alice", "alice@example.com")
    err = error_of(cognito.sign_up, client_id, "alice", "other@example.com")
    assert (err.code, err.message) == ("UsernameExistsException", "User already exists")
    for password, problem in (("Sh0rt!", "Password not long enough"),
                              ("lowercase-0nly", "Password must have uppercase characters"),
                              ("UPPERCASE-0NLY", "Password must have lowercase characters"),
                              ("No-digits-here", "Password must have numeric characters"),
                              ("NoSymbols123", "Password must have symbol characters")):
        err = error_of(cognito.sign_up, client_id, "bob", "bob@example.com", password)
        assert (err.code, err.message) == ("InvalidPasswordException",
                                           f"Password did not conform with policy: {problem}")
    err = error_of(cognito.sign_up, client_id, "bob", "not-an-email")
    assert (err.code, err.message) == ("InvalidParameterException", "Invalid email address format.")
    err = error_of(cognito.public, "ConfirmSignUp", {"ClientId": client_id, "Username": "nobody",
                                                     "ConfirmationCode": "123456"})
    assert (err.code, err.message) == ("UserNotFoundException", "Username/client id combination not found.")
    err = error_of(cognito.public, "SignUp", {"ClientId": "nosuchclient0000000000000", "Username": "x",
                                              "Password": PASSWORD})
    assert (err.code, err.message) == ("ResourceNotFoundException",
                                       "User pool client nosuchclient0000000000000 does not exist.")


def test_a_pool_that_only_admins_fill_refuses_sign_up(cognito):
    pool = cognito.pool(AdminCreateUserConfig={"AllowAdminCreateUserOnly": True})
    client_id = cognito.client(pool["Id"])["ClientId"]
    err = error_of(cognito.sign_up, client_id, "alice", "alice@example.com")
    assert (err.code, err.message) == ("NotAuthorizedException", "SignUp is not permitted for this user pool")


def test_in_an_email_pool_the_user_name_is_the_sub_and_the_email_signs_in(cognito):
    pool = cognito.pool(UsernameAttributes=["email"])
    client_id = cognito.client(pool["Id"])["ClientId"]
    out = cognito.sign_up(client_id, "alice@example.com", "alice@example.com")
    token = claims(cognito.sign_in(client_id, "alice@example.com")["AuthenticationResult"]["IdToken"])
    assert token["cognito:username"] == token["sub"] == out["UserSub"]
    err = error_of(cognito.sign_up, client_id, "alice@example.com", "alice@example.com")
    assert (err.code, err.message) == ("UsernameExistsException", "An account with the given email already exists.")
    err = error_of(cognito.sign_up, client_id, "bob", "bob@example.com")
    assert err.message == "Username should be an email."


def test_an_unknown_user_is_named_unless_the_client_prevents_user_existence_errors(cognito):
    pool = cognito.pool()
    legacy = cognito.client(pool["Id"])["ClientId"]
    hiding = cognito.client(pool["Id"], PreventUserExistenceErrors="ENABLED")["ClientId"]
    err = error_of(cognito.sign_in, legacy, "ghost")
    assert (err.code, err.message) == ("UserNotFoundException", "User does not exist.")
    err = error_of(cognito.sign_in, hiding, "ghost")
    assert (err.code, err.message) == ("NotAuthorizedException", "Incorrect username or password.")


# -- tokens ------------------------------------------------------------------------------------------------

@pytest.fixture
def signed_in(cognito):
    pool = cognito.pool()
    client_id = cognito.client(pool["Id"])["ClientId"]
    cognito.sign_up(client_id, "alice", "alice@example.com")
    result = cognito.sign_in(client_id, "alice")
    return cognito, pool, client_id, result


def test_sign_in_returns_the_three_tokens_as_aws_issues_them(signed_in):
    cognito, pool, client_id, result = signed_in
    assert result["ChallengeParameters"] == {}
    auth = result["AuthenticationResult"]
    assert (auth["ExpiresIn"], auth["TokenType"]) == (3600, "Bearer")
    iss = f"https://cognito-idp.us-east-1.amazonaws.com/{pool['Id']}"
    idt, access = claims(auth["IdToken"]), claims(auth["AccessToken"])
    assert idt["token_use"] == "id" and idt["aud"] == client_id and idt["iss"] == iss
    assert idt["cognito:username"] == "alice" and idt["email"] == "alice@example.com" and idt["email_verified"] is True
    assert idt["exp"] - idt["iat"] == 3600 and idt["auth_time"] == idt["iat"]
    assert {"sub", "jti", "origin_jti", "event_id"} <= set(idt)
    assert access["token_use"] == "access" and access["client_id"] == client_id and "aud" not in access
    assert access["scope"] == "aws.cognito.signin.user.admin" and access["username"] == "alice"
    assert access["sub"] == idt["sub"] and access["origin_jti"] == idt["origin_jti"]
    refresh = auth["RefreshToken"]
    assert refresh.count(".") == 4 and "alice" not in refresh  # opaque: nothing in it to read


def test_the_tokens_verify_against_the_key_set_at_the_pools_url(signed_in):
    """Developer Guide, "Verifying a JSON web token": the first key verifies ID tokens, the
    second access tokens; both RS256."""
    cognito, pool, client_id, result = signed_in
    auth = result["AuthenticationResult"]
    url = f"https://cognito-idp.us-east-1.amazonaws.com/{pool['Id']}/.well-known/jwks.json"
    key_set = json.loads(document_for_url(cognito.world, url).body)
    first, second = key_set["keys"]
    assert first["alg"] == second["alg"] == "RS256" and first["kid"].endswith("=") and len(first["kid"]) == 44
    for token, key in ((auth["IdToken"], first), (auth["AccessToken"], second)):
        header = jwt.get_unverified_header(token)
        assert header == {"alg": "RS256", "kid": key["kid"]}
        public = jwt.PyJWK(key).key
        jwt.decode(token, public, algorithms=["RS256"], options={"verify_aud": False, "verify_exp": False})
    discovery = json.loads(document_for_url(
        cognito.world, f"https://cognito-idp.us-east-1.amazonaws.com/{pool['Id']}/.well-known/openid-configuration"
    ).body)
    assert discovery["issuer"] == f"https://cognito-idp.us-east-1.amazonaws.com/{pool['Id']}"
    assert discovery["jwks_uri"] == url
    assert inspect_token(cognito.world, auth["IdToken"]).verified
    # the sandbox terminal's curl fetches the same key set from the pool's URL
    import io

    from sandbox.services.gateway import Gateway
    from sandbox.shell.session import ShellSession

    out, err = io.StringIO(), io.StringIO()
    ShellSession(Gateway(cognito.world)).run(f"curl {url}", out, err)
    assert json.loads(out.getvalue()) == key_set, err.getvalue()


def test_get_user_reads_the_profile_with_the_access_token_only(signed_in):
    cognito, pool, client_id, result = signed_in
    auth = result["AuthenticationResult"]
    me = cognito.public("GetUser", {"AccessToken": auth["AccessToken"]})
    assert me["Username"] == "alice"
    assert {"Name": "email", "Value": "alice@example.com"} in me["UserAttributes"]
    err = error_of(cognito.public, "GetUser", {"AccessToken": auth["IdToken"]})
    assert (err.code, err.message) == ("NotAuthorizedException", "Invalid Access Token")
    header, payload, signature = auth["AccessToken"].split(".")
    forged = json.loads(jwt.utils.base64url_decode(payload))
    forged["username"] = "bob"
    changed = jwt.utils.base64url_encode(json.dumps(forged).encode()).decode()
    err = error_of(cognito.public, "GetUser", {"AccessToken": f"{header}.{changed}.{signature}"})
    assert err.message == "Invalid Access Token"
    cognito.advance(3601)
    err = error_of(cognito.public, "GetUser", {"AccessToken": auth["AccessToken"]})
    assert (err.code, err.message) == ("NotAuthorizedException", "Access Token has expired")


def test_a_refresh_token_gets_new_id_and_access_tokens_for_the_same_sign_in(signed_in):
    cognito, pool, client_id, result = signed_in
    auth = result["AuthenticationResult"]
    cognito.advance(7200)
    again = cognito.public("InitiateAuth", {"ClientId": client_id, "AuthFlow": "REFRESH_TOKEN_AUTH",
                                            "AuthParameters": {"REFRESH_TOKEN": auth["RefreshToken"]}})
    fresh = again["AuthenticationResult"]
    assert "RefreshToken" not in fresh
    assert claims(fresh["IdToken"])["origin_jti"] == claims(auth["IdToken"])["origin_jti"]
    assert claims(fresh["IdToken"])["auth_time"] == claims(auth["IdToken"])["auth_time"]
    assert cognito.public("GetUser", {"AccessToken": fresh["AccessToken"]})["Username"] == "alice"
    err = error_of(cognito.public, "InitiateAuth", {"ClientId": client_id, "AuthFlow": "REFRESH_TOKEN_AUTH",
                                                    "AuthParameters": {"REFRESH_TOKEN": "not-a-token"}})
    assert (err.code, err.message) == ("NotAuthorizedException", "Invalid Refresh Token")


def test_global_sign_out_revokes_the_refresh_and_access_tokens(signed_in):
    cognito, pool, client_id, result = signed_in
    auth = result["AuthenticationResult"]
    other = cognito.sign_in(client_id, "alice")["AuthenticationResult"]  # a second device
    cognito.public("GlobalSignOut", {"AccessToken": auth["AccessToken"]})
    for token in (auth, other):
        err = error_of(cognito.public, "GetUser", {"AccessToken": token["AccessToken"]})
        assert (err.code, err.message) == ("NotAuthorizedException", "Access Token has been revoked")
        err = error_of(cognito.public, "InitiateAuth", {"ClientId": client_id, "AuthFlow": "REFRESH_TOKEN_AUTH",
                                                        "AuthParameters": {"REFRESH_TOKEN": token["RefreshToken"]}})
        assert (err.code, err.message) == ("NotAuthorizedException", "Refresh Token has been revoked")
    assert "IdToken" in cognito.sign_in(client_id, "alice")["AuthenticationResult"]  # signing in again works


# -- groups ------------------------------------------------------------------------------------------------

def test_groups_reach_the_id_token_with_their_roles_and_the_preferred_role(cognito):
    pool = cognito.pool()
    client_id = cognito.client(pool["Id"])["ClientId"]
    cognito.sign_up(client_id, "alice", "alice@example.com")
    role = f"arn:aws:iam::{ACCOUNT}:role/"
    for name, precedence in (("readers", 10), ("editors", 1), ("everyone", None)):
        params = {"UserPoolId": pool["Id"], "GroupName": name, "RoleArn": role + name}
        if precedence is not None:
            params["Precedence"] = precedence
        group = cognito.as_admin("CreateGroup", params)["Group"]
        assert group["GroupName"] == name and group["RoleArn"] == role + name
        cognito.as_admin("AdminAddUserToGroup", {"UserPoolId": pool["Id"], "Username": "alice", "GroupName": name})
    token = claims(cognito.sign_in(client_id, "alice")["AuthenticationResult"]["IdToken"])
    assert token["cognito:groups"] == ["editors", "readers", "everyone"]
    assert token["cognito:roles"] == [role + "editors", role + "readers", role + "everyone"]
    assert token["cognito:preferred_role"] == role + "editors"
    access = claims(cognito.sign_in(client_id, "alice")["AuthenticationResult"]["AccessToken"])
    assert access["cognito:groups"] == ["editors", "readers", "everyone"] and "cognito:roles" not in access
    listed = cognito.as_admin("AdminListGroupsForUser", {"UserPoolId": pool["Id"], "Username": "alice"})["Groups"]
    assert {g["GroupName"] for g in listed} == {"readers", "editors", "everyone"}


def test_two_groups_with_roles_at_the_same_precedence_leave_no_preferred_role(cognito):
    pool = cognito.pool()
    client_id = cognito.client(pool["Id"])["ClientId"]
    cognito.sign_up(client_id, "alice", "alice@example.com")
    for name in ("a", "b"):
        cognito.as_admin("CreateGroup", {"UserPoolId": pool["Id"], "GroupName": name, "Precedence": 5,
                                         "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/{name}"})
        cognito.as_admin("AdminAddUserToGroup", {"UserPoolId": pool["Id"], "Username": "alice", "GroupName": name})
    token = claims(cognito.sign_in(client_id, "alice")["AuthenticationResult"]["IdToken"])
    assert len(token["cognito:roles"]) == 2 and "cognito:preferred_role" not in token


def test_group_errors(cognito):
    pool = cognito.pool()
    cognito.as_admin("CreateGroup", {"UserPoolId": pool["Id"], "GroupName": "team"})
    err = error_of(cognito.as_admin, "CreateGroup", {"UserPoolId": pool["Id"], "GroupName": "team"})
    assert (err.code, err.message) == ("GroupExistsException", "A group with the name team already exists.")
    err = error_of(cognito.as_admin, "AdminAddUserToGroup", {"UserPoolId": pool["Id"], "Username": "ghost",
                                                             "GroupName": "team"})
    assert (err.code, err.message) == ("UserNotFoundException", "User does not exist.")


def test_list_groups_gives_the_pool_groups_a_page_at_a_time(cognito):
    """ListGroups (API Reference): the pool's groups with their role and precedence, ``Limit``
    0-60 and ``NextToken``; another pool's groups are not listed; an unknown pool is not found."""
    pool, other = cognito.pool(), cognito.pool(PoolName="other")
    role = f"arn:aws:iam::{ACCOUNT}:role/editors"
    cognito.as_admin("CreateGroup", {"UserPoolId": pool["Id"], "GroupName": "editors", "Precedence": 1,
                                     "RoleArn": role, "Description": "can edit"})
    cognito.as_admin("CreateGroup", {"UserPoolId": pool["Id"], "GroupName": "readers"})
    cognito.as_admin("CreateGroup", {"UserPoolId": other["Id"], "GroupName": "elsewhere"})
    first = cognito.as_admin("ListGroups", {"UserPoolId": pool["Id"], "Limit": 1})
    assert [g["GroupName"] for g in first["Groups"]] == ["editors"]
    assert {k: first["Groups"][0][k] for k in ("UserPoolId", "RoleArn", "Precedence", "Description")} == {
        "UserPoolId": pool["Id"], "RoleArn": role, "Precedence": 1, "Description": "can edit"}
    rest = cognito.as_admin("ListGroups", {"UserPoolId": pool["Id"], "Limit": 1, "NextToken": first["NextToken"]})
    assert [g["GroupName"] for g in rest["Groups"]] == ["readers"] and "NextToken" not in rest
    assert "RoleArn" not in rest["Groups"][0] and "Precedence" not in rest["Groups"][0]
    everything = cognito.as_admin("ListGroups", {"UserPoolId": pool["Id"], "Limit": 0})
    assert [g["GroupName"] for g in everything["Groups"]] == ["editors", "readers"]
    err = error_of(cognito.as_admin, "ListGroups", {"UserPoolId": pool["Id"], "Limit": 61})
    assert err.code == "InvalidParameterException"
    err = error_of(cognito.as_admin, "ListGroups", {"UserPoolId": "us-east-1_nothere00"})
    assert (err.code, err.message) == ("ResourceNotFoundException", "User pool us-east-1_nothere00 does not exist.")


# -- users made by an administrator --------------------------------------------------------------------------

def test_admin_create_user_mails_a_temporary_password_and_the_first_sign_in_must_change_it(cognito):
    pool = cognito.pool()
    client_id = cognito.client(pool["Id"])["ClientId"]
    made = cognito.as_admin("AdminCreateUser", {"UserPoolId": pool["Id"], "Username": "bob",
                                                "UserAttributes": [{"Name": "email", "Value": "bob@example.com"}],
                                                "DesiredDeliveryMediums": ["EMAIL"]})["User"]
    assert made["UserStatus"] == "FORCE_CHANGE_PASSWORD" and made["Enabled"] is True
    (message,) = mailbox.messages(cognito.world, "bob@example.com")
    assert message["Subject"] == "Your temporary password"
    temporary = cognito.last_code("bob@example.com")
    assert message["Body"] == f"Your username is bob and temporary password is {temporary}."
    challenge = cognito.sign_in(client_id, "bob", temporary)
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED" and "AuthenticationResult" not in challenge
    assert challenge["ChallengeParameters"]["USER_ID_FOR_SRP"] == "bob"
    answer = {"ClientId": client_id, "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": challenge["Session"],
              "ChallengeResponses": {"USERNAME": "bob", "NEW_PASSWORD": "weak"}}
    err = error_of(cognito.public, "RespondToAuthChallenge", answer)
    assert err.code == "InvalidPasswordException"
    tampered = {**answer, "Session": challenge["Session"][:-2] + "AA"}
    err = error_of(cognito.public, "RespondToAuthChallenge", tampered)
    assert (err.code, err.message) == ("NotAuthorizedException", "Invalid session for the user.")
    answer["ChallengeResponses"]["NEW_PASSWORD"] = "N3w-password!"
    done = cognito.public("RespondToAuthChallenge", answer)
    assert "IdToken" in done["AuthenticationResult"]
    assert "IdToken" in cognito.sign_in(client_id, "bob", "N3w-password!")["AuthenticationResult"]


def test_a_challenge_session_lasts_three_minutes_and_a_temporary_password_seven_days(cognito):
    pool = cognito.pool()
    client_id = cognito.client(pool["Id"])["ClientId"]
    cognito.as_admin("AdminCreateUser", {"UserPoolId": pool["Id"], "Username": "bob", "TemporaryPassword": PASSWORD,
                                         "MessageAction": "SUPPRESS"})
    assert mailbox.messages(cognito.world) == []
    challenge = cognito.sign_in(client_id, "bob")
    cognito.advance(181)
    err = error_of(cognito.public, "RespondToAuthChallenge", {
        "ClientId": client_id, "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": challenge["Session"],
        "ChallengeResponses": {"USERNAME": "bob", "NEW_PASSWORD": "N3w-password!"}})
    assert (err.code, err.message) == ("NotAuthorizedException", "Invalid session for the user, session is expired.")
    cognito.advance(7 * 86400)
    err = error_of(cognito.sign_in, client_id, "bob")
    assert err.message == "Temporary password has expired and must be reset by an administrator."


def test_admin_create_user_sends_by_sms_unless_told_and_needs_a_matching_attribute(cognito):
    pool = cognito.pool()
    err = error_of(cognito.as_admin, "AdminCreateUser", {
        "UserPoolId": pool["Id"], "Username": "bob", "UserAttributes": [{"Name": "email", "Value": "b@example.com"}]})
    assert (err.code, err.message) == ("InvalidParameterException",
                                       "User has no attribute matching desired delivery mediums")
    cognito.as_admin("AdminCreateUser", {"UserPoolId": pool["Id"], "Username": "bob",
                                         "UserAttributes": [{"Name": "phone_number", "Value": "+15555550100"}]})
    (text,) = mailbox.messages(cognito.world, "+15555550100")
    assert "temporary password" in text["Body"]
    err = error_of(cognito.as_admin, "AdminCreateUser", {"UserPoolId": pool["Id"], "Username": "bob",
                                                         "MessageAction": "SUPPRESS"})
    assert (err.code, err.message) == ("UsernameExistsException", "User account already exists")


def test_admin_initiate_auth_needs_its_flow_on_the_client(cognito):
    pool = cognito.pool()
    plain = cognito.client(pool["Id"])["ClientId"]
    server = cognito.client(pool["Id"], ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH"])["ClientId"]
    cognito.sign_up(plain, "alice", "alice@example.com")
    params = {"UserPoolId": pool["Id"], "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
              "AuthParameters": {"USERNAME": "alice", "PASSWORD": PASSWORD}}
    err = error_of(cognito.as_admin, "AdminInitiateAuth", {**params, "ClientId": plain})
    assert (err.code, err.message) == ("InvalidParameterException", "Auth flow not enabled for this client")
    out = cognito.as_admin("AdminInitiateAuth", {**params, "ClientId": server})
    assert claims(out["AuthenticationResult"]["IdToken"])["aud"] == server
    err = error_of(cognito.public, "InitiateAuth", {"ClientId": server, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                                                    "AuthParameters": {"USERNAME": "alice", "PASSWORD": PASSWORD}})
    assert err.message == "Initiate Auth method not supported."


def test_list_users_filters_by_attribute_and_status(cognito):
    pool = cognito.pool()
    client_id = cognito.client(pool["Id"])["ClientId"]
    cognito.sign_up(client_id, "alice", "alice@example.com")
    cognito.sign_up(client_id, "bob", "bob@example.org", confirm=False)
    def names(expression):
        return [u["Username"] for u in cognito.as_admin("ListUsers", {"UserPoolId": pool["Id"],
                                                                      "Filter": expression})["Users"]]
    assert names('email ^= "bob"') == ["bob"]
    assert names('cognito:user_status = "UNCONFIRMED"') == ["bob"]
    assert names('username = "alice"') == ["alice"]
    err = error_of(cognito.as_admin, "ListUsers", {"UserPoolId": pool["Id"], "Filter": "email == bob"})
    assert (err.code, err.message) == ("InvalidParameterException", "Error while parsing filter.")
    page = cognito.as_admin("ListUsers", {"UserPoolId": pool["Id"], "Limit": 1})
    rest = cognito.as_admin("ListUsers", {"UserPoolId": pool["Id"], "Limit": 1,
                                          "PaginationToken": page["PaginationToken"]})
    assert [u["Username"] for u in page["Users"] + rest["Users"]] == ["alice", "bob"] and "PaginationToken" not in rest


def test_administrative_operations_are_authorized_and_public_ones_need_no_credentials(cognito):
    """A user with no policy gets AccessDeniedException naming the pool ARN; SignUp goes through unsigned."""
    pool = cognito.pool()
    client_id = cognito.client(pool["Id"])["ClientId"]
    with cognito.world.transaction():
        cognito.world["users"].put({**cognito.world["users"].get("admin"), "UserName": "intern",
                                    "Arn": f"arn:aws:iam::{ACCOUNT}:user/intern", "Groups": [],
                                    "AttachedPolicies": [], "InlinePolicies": {}})
    from sandbox.services import principals
    from sandbox.services.gateway import Caller
    row = cognito.world["users"].get("intern")
    intern = Caller(principals.user_principal(cognito.world, row), "user", user=row)
    err = error_of(cognito.gateway.call, intern, "cognito-idp", "ListUsers", {"UserPoolId": pool["Id"]})
    assert err.code == "AccessDeniedException"
    assert err.message.startswith(f"User: arn:aws:iam::{ACCOUNT}:user/intern is not authorized to perform: "
                                  f"cognito-idp:ListUsers on resource: {pool['Arn']}")
    assert cognito.sign_up(client_id, "alice", "alice@example.com")["UserSub"]


# -- federated sign-in through the managed login pages -------------------------------------------------------

def _google_pool(cognito):
    from sandbox import idp
    with cognito.world.transaction():
        google_client = idp.register_app(cognito.world, idp.GOOGLE, "photos")["ClientId"]
    pool = cognito.pool()
    provider = cognito.as_admin("CreateIdentityProvider", {
        "UserPoolId": pool["Id"], "ProviderName": "Google", "ProviderType": "Google",
        "ProviderDetails": {"client_id": google_client, "client_secret": "shh", "authorize_scopes": "openid email"},
        "AttributeMapping": {"email": "email"}})["IdentityProvider"]
    client = cognito.client(pool["Id"], SupportedIdentityProviders=["COGNITO", "Google"],
                            AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["code"],
                            AllowedOAuthScopes=["openid", "email"], CallbackURLs=["https://photos.example.com/cb"])
    return pool, provider, client


def test_an_identity_provider_is_named_by_its_type_and_maps_username_to_the_subject(cognito):
    pool, provider, client = _google_pool(cognito)
    assert provider["AttributeMapping"] == {"username": "sub", "email": "email"}
    assert provider["ProviderDetails"]["authorize_url"] == "https://accounts.google.com/o/oauth2/v2/auth"
    err = error_of(cognito.as_admin, "CreateIdentityProvider", {
        "UserPoolId": pool["Id"], "ProviderName": "Google", "ProviderType": "Google",
        "ProviderDetails": {"client_id": "x", "client_secret": "y", "authorize_scopes": "openid"}})
    assert (err.code, err.message) == ("DuplicateProviderException",
                                       "A provider with the name Google already exists in this user pool.")
    err = error_of(cognito.as_admin, "CreateIdentityProvider", {
        "UserPoolId": pool["Id"], "ProviderName": "MyGoogle", "ProviderType": "Google",
        "ProviderDetails": {"client_id": "x", "client_secret": "y", "authorize_scopes": "openid"}})
    assert err.code == "InvalidParameterException"
    listed = cognito.as_admin("ListIdentityProviders", {"UserPoolId": pool["Id"]})["Providers"]
    assert [(p["ProviderName"], p["ProviderType"]) for p in listed] == [("Google", "Google")]
    err = error_of(cognito.client, pool["Id"], SupportedIdentityProviders=["Facebook"])
    assert err.message == f"The provider Facebook does not exist for User Pool {pool['Id']}"


def test_signing_in_with_google_makes_a_federated_user_in_the_providers_group(cognito):
    from sandbox.services.cognito_idp.login import managed_login
    pool, provider, client = _google_pool(cognito)
    with cognito.world.transaction():
        tokens = managed_login(cognito.world, client["ClientId"], "Google", "carol@gmail.com")
    assert set(tokens) == {"id_token", "access_token", "refresh_token", "expires_in", "token_type"}
    idt = claims(tokens["id_token"])
    assert idt["cognito:username"].startswith("Google_") and idt["email"] == "carol@gmail.com"
    assert idt["cognito:groups"] == [f"{pool['Id']}_Google"]
    (identity,) = idt["identities"]
    assert identity["providerName"] == "Google" and identity["primary"] == "true"
    assert idt["cognito:username"] == f"Google_{identity['userId']}"
    assert claims(tokens["access_token"])["scope"] == "openid email"
    user = cognito.as_admin("ListUsers", {"UserPoolId": pool["Id"]})["Users"][0]
    assert user["UserStatus"] == "EXTERNAL_PROVIDER"
    with cognito.world.transaction():
        again = managed_login(cognito.world, client["ClientId"], "Google", "carol@gmail.com")
    assert claims(again["id_token"])["sub"] == idt["sub"]  # the same user, linked by the Google subject
    err = error_of(cognito.public, "GetUser", {"AccessToken": tokens["access_token"]})
    assert (err.code, err.message) == ("NotAuthorizedException", "Access Token does not have required scopes")


def test_the_managed_login_refuses_a_client_that_does_not_offer_the_provider(cognito):
    from sandbox.services.cognito_idp.login import LoginError, managed_login
    pool, provider, client = _google_pool(cognito)
    plain = cognito.client(pool["Id"])
    with pytest.raises(LoginError, match="unauthorized_client"):
        with cognito.world.transaction():
            managed_login(cognito.world, plain["ClientId"], "Google", "carol@gmail.com")
    with pytest.raises(LoginError, match="does not offer sign-in with Facebook"):
        with cognito.world.transaction():
            managed_login(cognito.world, client["ClientId"], "Facebook", "carol@gmail.com")


def test_a_public_call_shows_in_the_decisions_only_once_it_succeeded(signed_in):
    """Sign-in needs no IAM permission: its event says so, and a refused sign-in has none."""
    from sandbox.services import events
    cognito, pool, client_id, _ = signed_in
    last = cognito.world.events.last_seq()
    error_of(cognito.sign_in, client_id, "alice", "Wr0ng-password")
    assert [e for e in events.since(cognito.world, last) if e.operation == "InitiateAuth"] == []
    cognito.sign_in(client_id, "alice")
    (event,) = [e for e in events.since(cognito.world, last) if e.operation == "InitiateAuth"]
    assert (event.kind, event.action, event.allowed) == ("public", "cognito-idp:InitiateAuth", True)
    assert "no AWS credentials and no IAM policy" in event.message
