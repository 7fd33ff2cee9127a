"""Amazon Cognito identity pools (cognito-identity): pools, guest and signed-in identities
(REGION:GUID), linking and merging logins, the checks on each login's token, the basic
flow's OpenID token, and the roles and role mappings.

Pages: Amazon Cognito Developer Guide, "Identity pools authentication flow", "Role trust and
permissions", "Using role-based access control"; Amazon Cognito Identity API Reference.
"""

from __future__ import annotations

import json
import re

import jwt
import pytest

from cognitohelp import ACCOUNT, claims, error_of
from sandbox import idp
from sandbox.idp import document_for_url

ID = re.compile(r"^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


class Pools:
    """A user pool with an app client, social apps at Google and Facebook, and helpers."""

    def __init__(self, cognito):
        self.c = cognito
        self.user_pool = cognito.pool()
        self.client = cognito.client(self.user_pool["Id"])["ClientId"]
        self.provider = f"cognito-idp.us-east-1.amazonaws.com/{self.user_pool['Id']}"
        with cognito.world.transaction():
            self.google = idp.register_app(cognito.world, idp.GOOGLE, "photos")["ClientId"]
            self.facebook = idp.register_app(cognito.world, idp.FACEBOOK, "photos")["ClientId"]

    def identity_pool(self, **params) -> dict:
        base = {"IdentityPoolName": "photos", "AllowUnauthenticatedIdentities": True,
                "CognitoIdentityProviders": [{"ProviderName": self.provider, "ClientId": self.client}],
                "SupportedLoginProviders": {"accounts.google.com": self.google, "graph.facebook.com": self.facebook}}
        return self.c.as_admin("CreateIdentityPool", {**base, **params}, "cognito-identity")

    def id_token(self, username: str) -> str:
        email = f"{username}@example.com"
        if not self.c.world["cognito_users"].exists(f"{self.user_pool['Id']}|{username}"):
            self.c.sign_up(self.client, username, email)
        return self.c.sign_in(self.client, username)["AuthenticationResult"]["IdToken"]

    def google_token(self, email: str, client: str | None = None, lifetime: int = 3600) -> str:
        with self.c.world.transaction():
            return idp.sign_in(self.c.world, idp.GOOGLE, email, client or self.google, lifetime).token

    def facebook_token(self, email: str) -> str:
        with self.c.world.transaction():
            return idp.sign_in(self.c.world, idp.FACEBOOK, email, self.facebook).token

    def get_id(self, pool: dict, logins: dict | None = None) -> str:
        params = {"IdentityPoolId": pool["IdentityPoolId"]}
        if logins:
            params["Logins"] = logins
        return self.c.public("GetId", params, "cognito-identity")["IdentityId"]


@pytest.fixture
def pools(cognito):
    return Pools(cognito)


def test_an_identity_pool_has_a_regional_guid_and_can_be_listed_updated_and_deleted(pools):
    c = pools.c
    pool = pools.identity_pool()
    assert ID.match(pool["IdentityPoolId"]) and pool["AllowClassicFlow"] is False
    assert pool["CognitoIdentityProviders"] == [{"ProviderName": pools.provider, "ClientId": pools.client,
                                                 "ServerSideTokenCheck": False}]
    listed = c.as_admin("ListIdentityPools", {"MaxResults": 10}, "cognito-identity")["IdentityPools"]
    assert listed == [{"IdentityPoolId": pool["IdentityPoolId"], "IdentityPoolName": "photos"}]
    updated = c.as_admin("UpdateIdentityPool", {"IdentityPoolId": pool["IdentityPoolId"], "IdentityPoolName": "p2",
                                                "AllowUnauthenticatedIdentities": False, "AllowClassicFlow": True},
                         "cognito-identity")
    assert updated["IdentityPoolName"] == "p2" and "SupportedLoginProviders" not in updated
    c.as_admin("DeleteIdentityPool", {"IdentityPoolId": pool["IdentityPoolId"]}, "cognito-identity")
    err = error_of(c.as_admin, "DescribeIdentityPool", {"IdentityPoolId": pool["IdentityPoolId"]},
                   "cognito-identity")
    assert (err.code, err.message) == ("ResourceNotFoundException",
                                       f"IdentityPool '{pool['IdentityPoolId']}' not found.")


def test_guests_get_a_new_identity_only_where_the_pool_allows_them(pools):
    open_pool = pools.identity_pool()
    first, second = pools.get_id(open_pool), pools.get_id(open_pool)
    assert ID.match(first) and first != second  # the app keeps its guest's id; each GetId makes one
    assert "Logins" not in pools.c.as_admin("DescribeIdentity", {"IdentityId": first}, "cognito-identity")
    closed = pools.identity_pool(AllowUnauthenticatedIdentities=False)
    err = error_of(pools.get_id, closed)
    assert (err.code, err.message) == ("NotAuthorizedException",
                                       "Unauthenticated access is not supported for this identity pool.")


def test_a_user_pool_sign_in_always_comes_back_to_the_same_identity(pools):
    pool = pools.identity_pool()
    alice = pools.get_id(pool, {pools.provider: pools.id_token("alice")})
    assert pools.get_id(pool, {pools.provider: pools.id_token("alice")}) == alice
    assert pools.get_id(pool, {pools.provider: pools.id_token("bob")}) != alice
    described = pools.c.as_admin("DescribeIdentity", {"IdentityId": alice}, "cognito-identity")
    assert described["Logins"] == [pools.provider]
    listed = pools.c.as_admin("ListIdentities", {"IdentityPoolId": pool["IdentityPoolId"], "MaxResults": 10},
                              "cognito-identity")
    assert {i["IdentityId"] for i in listed["Identities"]} >= {alice}


def test_several_logins_link_to_one_identity_and_a_known_login_merges_identities(pools):
    pool = pools.identity_pool(AllowClassicFlow=True)
    google = pools.google_token("ana@gmail.com")
    both = pools.get_id(pool, {"accounts.google.com": google, pools.provider: pools.id_token("ana")})
    assert pools.c.as_admin("DescribeIdentity", {"IdentityId": both}, "cognito-identity")["Logins"] == [
        "accounts.google.com", pools.provider]
    assert pools.get_id(pool, {"graph.facebook.com": pools.facebook_token("ana@example.com")}) != both
    facebook_only = pools.get_id(pool, {"graph.facebook.com": pools.facebook_token("ana@example.com")})
    merged = pools.c.public("GetOpenIdToken", {"IdentityId": both, "Logins": {
        "accounts.google.com": google, "graph.facebook.com": pools.facebook_token("ana@example.com")}},
        "cognito-identity")
    assert merged["IdentityId"] == both
    assert pools.get_id(pool, {"graph.facebook.com": pools.facebook_token("ana@example.com")}) == both
    hidden = pools.c.as_admin("ListIdentities", {"IdentityPoolId": pool["IdentityPoolId"], "MaxResults": 60,
                                                 "HideDisabled": True}, "cognito-identity")["Identities"]
    assert facebook_only not in {i["IdentityId"] for i in hidden}
    err = error_of(pools.get_id, pool, {"accounts.google.com": google,
                                        pools.provider: pools.id_token("someone-else")})
    assert err.code == "ResourceConflictException"


def test_each_login_is_checked_as_the_identity_pool_checks_it(pools):
    pool = pools.identity_pool()
    with pools.c.world.transaction():
        other_app = idp.register_app(pools.c.world, idp.GOOGLE, "other")["ClientId"]
    cases = [
        ({"accounts.google.com": pools.google_token("ana@gmail.com", other_app)},
         "Invalid login token. Incorrect token audience."),
        ({"accounts.google.com": pools.id_token("ana")}, "Invalid login token. Issuer doesn't match providerName"),
        ({"www.amazon.com": "x" * 20}, "Token is not from a supported provider of this identity pool."),
        ({pools.provider: pools.id_token("ana")[:-4] + "AAAA"}, "Invalid login token. Couldn't verify signed token."),
    ]
    for logins, message in cases:
        err = error_of(pools.get_id, pool, logins)
        assert (err.code, err.message) == ("NotAuthorizedException", message)
    access = pools.c.sign_in(pools.client, "ana")["AuthenticationResult"]["AccessToken"]
    err = error_of(pools.get_id, pool, {pools.provider: access})
    assert err.code == "NotAuthorizedException"
    expiring = pools.google_token("ana@gmail.com", lifetime=60)
    pools.c.advance(61)
    err = error_of(pools.get_id, pool, {"accounts.google.com": expiring})
    assert err.code == "NotAuthorizedException" and err.message.startswith("Invalid login token. Token expired")


def test_server_side_token_check_refuses_a_token_revoked_by_global_sign_out(pools):
    pool = pools.identity_pool(CognitoIdentityProviders=[{"ProviderName": pools.provider, "ClientId": pools.client,
                                                          "ServerSideTokenCheck": True}])
    pools.id_token("ana")  # signs ana up
    auth = pools.c.sign_in(pools.client, "ana")["AuthenticationResult"]
    pools.get_id(pool, {pools.provider: auth["IdToken"]})
    pools.c.public("GlobalSignOut", {"AccessToken": auth["AccessToken"]})
    err = error_of(pools.get_id, pool, {pools.provider: auth["IdToken"]})
    assert (err.code, err.message) == ("NotAuthorizedException", "Invalid login token. Token has been revoked.")


def test_the_basic_flow_token_is_cognito_identitys_ten_minute_rs512_token(pools):
    c = pools.c
    pool = pools.identity_pool()
    guest = pools.get_id(pool)
    err = error_of(c.public, "GetOpenIdToken", {"IdentityId": guest}, "cognito-identity")
    assert (err.code, err.message) == ("InvalidParameterException",
                                       "Basic (classic) flow is not enabled, please use enhanced flow.")
    pool = pools.identity_pool(AllowClassicFlow=True)
    guest = pools.get_id(pool)
    token = c.public("GetOpenIdToken", {"IdentityId": guest}, "cognito-identity")["Token"]
    header, body = jwt.get_unverified_header(token), claims(token)
    assert header == {"alg": "RS512", "kid": "us-east-1-1", "typ": "JWS"}
    assert body["iss"] == "https://cognito-identity.amazonaws.com" and body["aud"] == pool["IdentityPoolId"]
    assert body["sub"] == guest and body["amr"] == ["unauthenticated"] and body["exp"] - body["iat"] == 600
    key_set = json.loads(document_for_url(c.world, "https://cognito-identity.amazonaws.com/.well-known/jwks_uri").body)
    (key,) = [k for k in key_set["keys"] if k["kid"] == header["kid"]]
    assert key["alg"] == "RS512"
    jwt.decode(token, jwt.PyJWK(key).key, algorithms=["RS512"], audience=pool["IdentityPoolId"],
               options={"verify_exp": False})  # the world's clock is not the host's
    ana = pools.get_id(pool, {pools.provider: pools.id_token("ana")})
    err = error_of(c.public, "GetOpenIdToken", {"IdentityId": ana}, "cognito-identity")
    assert (err.code, err.message) == ("NotAuthorizedException", "Logins don't match. Please include at least one "
                                                                 "valid login for this identity or identity pool.")
    signed = claims(c.public("GetOpenIdToken", {"IdentityId": ana, "Logins": {pools.provider: pools.id_token("ana")}},
                             "cognito-identity")["Token"])
    sub = claims(pools.id_token("ana"))["sub"]
    assert signed["amr"] == ["authenticated", pools.provider, f"{pools.provider}:CognitoSignIn:{sub}"]


def test_a_guest_who_signs_in_keeps_their_identity(pools):
    pool = pools.identity_pool(AllowClassicFlow=True)
    guest = pools.get_id(pool)
    out = pools.c.public("GetOpenIdToken", {"IdentityId": guest, "Logins": {pools.provider: pools.id_token("ana")}},
                         "cognito-identity")
    assert out["IdentityId"] == guest and claims(out["Token"])["amr"][0] == "authenticated"
    assert pools.get_id(pool, {pools.provider: pools.id_token("ana")}) == guest


def test_roles_and_role_mappings_are_set_and_read_back(pools):
    c = pools.c
    pool = pools.identity_pool(AllowClassicFlow=True)
    roles = {"authenticated": f"arn:aws:iam::{ACCOUNT}:role/Auth",
             "unauthenticated": f"arn:aws:iam::{ACCOUNT}:role/Guest"}
    mapping = {f"{pools.provider}:{pools.client}": {"Type": "Token", "AmbiguousRoleResolution": "AuthenticatedRole"}}
    c.as_admin("SetIdentityPoolRoles", {"IdentityPoolId": pool["IdentityPoolId"], "Roles": roles,
                                        "RoleMappings": mapping}, "cognito-identity")
    got = c.as_admin("GetIdentityPoolRoles", {"IdentityPoolId": pool["IdentityPoolId"]}, "cognito-identity")
    assert got["Roles"] == roles and got["RoleMappings"] == mapping
    err = error_of(c.public, "GetOpenIdToken", {"IdentityId": pools.get_id(pool)}, "cognito-identity")
    assert err.message == "Basic (classic) flow is not supported with RoleMappings, please use enhanced flow."
    err = error_of(c.as_admin, "SetIdentityPoolRoles", {
        "IdentityPoolId": pool["IdentityPoolId"], "Roles": roles,
        "RoleMappings": {f"{pools.provider}:{pools.client}": {"Type": "Token"}}}, "cognito-identity")
    assert err.message == "AmbiguousRoleResolution must be specified for Token and Rules types."
    err = error_of(c.as_admin, "SetIdentityPoolRoles", {"IdentityPoolId": pool["IdentityPoolId"],
                                                        "Roles": {"admin": roles["authenticated"]}},
                   "cognito-identity")
    assert err.code == "InvalidParameterException"


# -- the enhanced flow: GetCredentialsForIdentity ------------------------------------------------------------

def _trust(pool_id: str, amr: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": pool_id},
                      "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": amr}}}]})


S3_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
     "Resource": ["arn:aws:s3:::app-data/public/*",
                  "arn:aws:s3:::app-data/private/${cognito-identity.amazonaws.com:sub}/*"]}]})


def _roles(pools, pool: dict, guest_trust: str | None = None) -> None:
    c = pools.c
    for name, amr in (("AppUsers", "authenticated"), ("AppGuests", "unauthenticated")):
        trust = guest_trust if (name == "AppGuests" and guest_trust) else _trust(pool["IdentityPoolId"], amr)
        c.as_admin("CreateRole", {"RoleName": name, "AssumeRolePolicyDocument": trust}, "iam")
        c.as_admin("PutRolePolicy", {"RoleName": name, "PolicyName": "s3", "PolicyDocument": S3_POLICY}, "iam")
    c.as_admin("SetIdentityPoolRoles", {"IdentityPoolId": pool["IdentityPoolId"], "Roles": {
        "authenticated": f"arn:aws:iam::{ACCOUNT}:role/AppUsers",
        "unauthenticated": f"arn:aws:iam::{ACCOUNT}:role/AppGuests"}}, "cognito-identity")
    c.as_admin("CreateBucket", {"Bucket": "app-data"}, "s3")
    c.as_admin("PutObject", {"Bucket": "app-data", "Key": "public/welcome.txt", "Body": "hello"}, "s3")


def _credentials(pools, identity: str, logins: dict | None = None):
    from sandbox.services.gateway import Credentials
    params = {"IdentityId": identity}
    if logins:
        params["Logins"] = logins
    out = pools.c.public("GetCredentialsForIdentity", params, "cognito-identity")
    creds = out["Credentials"]
    assert set(creds) == {"AccessKeyId", "SecretKey", "SessionToken", "Expiration"}
    return out, Credentials(creds["AccessKeyId"], creds["SecretKey"], creds["SessionToken"])


def test_a_signed_in_user_gets_the_authenticated_role_and_their_own_s3_prefix(pools):
    pool = pools.identity_pool()
    _roles(pools, pool)
    token = pools.id_token("ana")
    identity = pools.get_id(pool, {pools.provider: token})
    out, creds = _credentials(pools, identity, {pools.provider: token})
    assert out["IdentityId"] == identity and out["Credentials"]["AccessKeyId"].startswith("ASIA")
    gw = pools.c.gateway
    me = gw.call(creds, "sts", "GetCallerIdentity", {})
    assert me["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/AppUsers/CognitoIdentityCredentials"
    gw.call(creds, "s3", "PutObject", {"Bucket": "app-data", "Key": f"private/{identity}/photo.jpg", "Body": "x"})
    other = pools.get_id(pool, {pools.provider: pools.id_token("bob")})
    err = error_of(gw.call, creds, "s3", "PutObject", {"Bucket": "app-data", "Key": f"private/{other}/x", "Body": "x"})
    assert err.code == "AccessDenied"


def test_in_the_enhanced_flow_a_guest_is_scoped_down_and_gets_no_s3(pools):
    """The guest role allows s3:GetObject on public/*, but the enhanced flow's session policy
    AmazonCognitoUnAuthedIdentitiesSessionPolicy grants no S3 action: denied."""
    pool = pools.identity_pool()
    _roles(pools, pool)
    guest = pools.get_id(pool)
    out, creds = _credentials(pools, guest)
    err = error_of(pools.c.gateway.call, creds, "s3", "GetObject", {"Bucket": "app-data", "Key": "public/welcome.txt"})
    assert err.code == "AccessDenied" and "because no session policy allows the s3:GetObject action" in err.message


def test_in_the_basic_flow_a_guest_reads_s3_through_sts_with_the_pools_token(pools):
    """The basic flow: GetOpenIdToken, then STS AssumeRoleWithWebIdentity with that token
    (unsigned). No session policy scopes the guest down: the role alone decides, so the
    guest reads public/ and, with the token's sub, only their own private/ prefix."""
    from sandbox.services.gateway import Credentials

    c = pools.c
    pool = pools.identity_pool(AllowClassicFlow=True)
    _roles(pools, pool)
    guest = pools.get_id(pool)
    token = c.public("GetOpenIdToken", {"IdentityId": guest}, "cognito-identity")["Token"]
    out = c.gateway.call(c.gateway.anonymous(), "sts", "AssumeRoleWithWebIdentity", {
        "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/AppGuests", "RoleSessionName": "guest", "WebIdentityToken": token})
    assert out["SubjectFromWebIdentityToken"] == guest and out["Audience"] == pool["IdentityPoolId"]
    assert out["Provider"] == "https://cognito-identity.amazonaws.com"  # the token's iss
    raw = out["Credentials"]
    creds = Credentials(raw["AccessKeyId"], raw["SecretAccessKey"], raw["SessionToken"])
    got = c.gateway.call(creds, "s3", "GetObject", {"Bucket": "app-data", "Key": "public/welcome.txt"})
    assert got["Body"] in ("hello", b"hello")
    c.gateway.call(creds, "s3", "PutObject", {"Bucket": "app-data", "Key": f"private/{guest}/a.txt", "Body": "x"})
    err = error_of(c.gateway.call, creds, "s3", "PutObject", {"Bucket": "app-data", "Key": "private/other/a.txt",
                                                              "Body": "x"})
    assert err.code == "AccessDenied"
    # the guest role's trust allows only unauthenticated identities: a signed-in user's token is refused
    ana = pools.id_token("ana")
    identity = pools.get_id(pool, {pools.provider: ana})
    signed = c.public("GetOpenIdToken", {"IdentityId": identity, "Logins": {pools.provider: ana}},
                      "cognito-identity")["Token"]
    err = error_of(c.gateway.call, c.gateway.anonymous(), "sts", "AssumeRoleWithWebIdentity", {
        "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/AppGuests", "RoleSessionName": "ana", "WebIdentityToken": signed})
    assert (err.code, err.message) == ("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
    out = c.gateway.call(c.gateway.anonymous(), "sts", "AssumeRoleWithWebIdentity", {
        "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/AppUsers", "RoleSessionName": "ana", "WebIdentityToken": signed})
    assert out["SubjectFromWebIdentityToken"] == identity


def test_a_role_that_does_not_trust_the_pool_is_an_invalid_configuration(pools):
    pool = pools.identity_pool()
    wrong = _trust("us-east-1:00000000-0000-4000-8000-000000000000", "unauthenticated")
    _roles(pools, pool, guest_trust=wrong)
    err = error_of(_credentials, pools, pools.get_id(pool))
    assert (err.code, err.message) == ("InvalidIdentityPoolConfigurationException",
                                       "Invalid identity pool configuration. Check assigned IAM roles for this pool.")
    bare = pools.identity_pool()
    err = error_of(_credentials, pools, pools.get_id(bare))
    assert err.code == "InvalidIdentityPoolConfigurationException"


def test_role_mapping_by_token_uses_the_preferred_role_of_the_users_groups(pools):
    c = pools.c
    pool = pools.identity_pool()
    _roles(pools, pool)
    c.as_admin("CreateRole", {"RoleName": "Editors", "AssumeRolePolicyDocument": _trust(pool["IdentityPoolId"],
                                                                                         "authenticated")}, "iam")
    editors = f"arn:aws:iam::{ACCOUNT}:role/Editors"
    c.as_admin("CreateGroup", {"UserPoolId": pools.user_pool["Id"], "GroupName": "editors", "RoleArn": editors,
                               "Precedence": 1})
    pools.id_token("ana")
    c.as_admin("AdminAddUserToGroup", {"UserPoolId": pools.user_pool["Id"], "Username": "ana",
                                       "GroupName": "editors"})
    key = f"{pools.provider}:{pools.client}"
    c.as_admin("SetIdentityPoolRoles", {"IdentityPoolId": pool["IdentityPoolId"], "Roles": {
        "authenticated": f"arn:aws:iam::{ACCOUNT}:role/AppUsers"}, "RoleMappings": {
        key: {"Type": "Token", "AmbiguousRoleResolution": "AuthenticatedRole"}}}, "cognito-identity")
    def role_of(user: str) -> str:
        token = pools.id_token(user)
        identity = pools.get_id(pool, {pools.provider: token})
        _out, creds = _credentials(pools, identity, {pools.provider: token})
        return c.gateway.call(creds, "sts", "GetCallerIdentity", {})["Arn"].split("/")[1]
    assert role_of("ana") == "Editors"
    assert role_of("bob") == "AppUsers"  # no group role: ambiguous, resolved to the authenticated role
    c.as_admin("SetIdentityPoolRoles", {"IdentityPoolId": pool["IdentityPoolId"], "Roles": {
        "authenticated": f"arn:aws:iam::{ACCOUNT}:role/AppUsers"}, "RoleMappings": {
        key: {"Type": "Token", "AmbiguousRoleResolution": "Deny"}}}, "cognito-identity")
    err = error_of(role_of, "bob")
    assert err.code == "NotAuthorizedException"


def test_role_mapping_by_rules_matches_claims(pools):
    c = pools.c
    pool = pools.identity_pool()
    _roles(pools, pool)
    c.as_admin("CreateRole", {"RoleName": "Staff", "AssumeRolePolicyDocument": _trust(pool["IdentityPoolId"],
                                                                                       "authenticated")}, "iam")
    staff = f"arn:aws:iam::{ACCOUNT}:role/Staff"
    c.as_admin("SetIdentityPoolRoles", {"IdentityPoolId": pool["IdentityPoolId"], "Roles": {
        "authenticated": f"arn:aws:iam::{ACCOUNT}:role/AppUsers"}, "RoleMappings": {
        f"{pools.provider}:{pools.client}": {"Type": "Rules", "AmbiguousRoleResolution": "AuthenticatedRole",
                                             "RulesConfiguration": {"Rules": [
                                                 {"Claim": "email", "MatchType": "StartsWith", "Value": "ana",
                                                  "RoleArn": staff}]}}}}, "cognito-identity")
    token = pools.id_token("ana")
    _out, creds = _credentials(pools, pools.get_id(pool, {pools.provider: token}), {pools.provider: token})
    assert "/Staff/" in c.gateway.call(creds, "sts", "GetCallerIdentity", {})["Arn"]
