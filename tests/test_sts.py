"""AWS STS through the simulated CLI: assume-role, temporary credentials in a profile,
policy changes visible on the very next call, durations, chaining and expiry."""

from __future__ import annotations

import json

import pytest

from sandboxhelp import allow, doc

READ_ONLY = "arn:aws:iam::aws:policy/IAMReadOnlyAccess"


def trust(*principals: str) -> str:
    return doc({"Effect": "Allow", "Principal": {"AWS": list(principals) if len(principals) > 1 else principals[0]},
                "Action": "sts:AssumeRole"})


def make_role(sb, name: str, trusted: str, *extra: str) -> dict:
    return sb.ok("iam", "create-role", "--role-name", name, "--assume-role-policy-document", trust(trusted),
                 *extra)["Role"]


def assume(sb, role_arn: str, session: str, *extra: str, profile: str = "bob", into: str | None = None) -> dict:
    """sts assume-role; the credentials exported into the profile ``into`` as a learner does."""
    out = sb.ok("sts", "assume-role", "--role-arn", role_arn, "--role-session-name", session, *extra, profile=profile)
    if into:
        c = out["Credentials"]
        sb.configure(into, c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
    return out


@pytest.fixture
def bob_and_role(sb):
    """bob (no permissions of his own) and role Reader, which trusts bob by ARN."""
    sb.new_user("bob")
    role = make_role(sb, "Reader", sb.arn("user", "bob"))
    return role


def test_assume_role_response_and_session_identity(sb, bob_and_role):
    role = bob_and_role
    assert role["RoleId"].startswith("AROA") and role["MaxSessionDuration"] == 3600
    out = assume(sb, role["Arn"], "bob-session", into="reader")
    creds = out["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA") and len(creds["AccessKeyId"]) == 20
    assert len(creds["SecretAccessKey"]) == 40 and creds["SessionToken"]
    assert out["AssumedRoleUser"] == {
        "AssumedRoleId": f"{role['RoleId']}:bob-session",
        "Arn": f"arn:aws:sts::{sb.account}:assumed-role/Reader/bob-session"}
    me = sb.ok("sts", "get-caller-identity", profile="reader")
    assert me == {"UserId": f"{role['RoleId']}:bob-session", "Account": sb.account,
                  "Arn": f"arn:aws:sts::{sb.account}:assumed-role/Reader/bob-session"}
    assert sb.aws("configure", "get", "aws_session_token", "--profile", "reader").out == creds["SessionToken"] + "\n"
    # the session token is required with an ASIA key
    sb.configure("no-token", creds["AccessKeyId"], creds["SecretAccessKey"])
    assert sb.aws("sts", "get-caller-identity", profile="no-token").error()[0] == "InvalidClientTokenId"


def test_role_policy_change_is_visible_on_the_very_next_call(sb, bob_and_role):
    assume(sb, bob_and_role["Arn"], "s1", into="reader")
    acct = sb.account
    r = sb.aws("iam", "list-users", profile="reader")
    assert r.error() == ("AccessDenied", "ListUsers",
                         f"User: arn:aws:sts::{acct}:assumed-role/Reader/s1 is not authorized to perform: "
                         f"iam:ListUsers on resource: arn:aws:iam::{acct}:user/ because no identity-based policy "
                         "allows the iam:ListUsers action")

    sb.ok("iam", "attach-role-policy", "--role-name", "Reader", "--policy-arn", READ_ONLY)
    assert "bob" in sb.ok("iam", "list-users", "--query", "Users[].UserName", profile="reader")

    sb.ok("iam", "detach-role-policy", "--role-name", "Reader", "--policy-arn", READ_ONLY)
    assert sb.aws("iam", "list-users", profile="reader").error()[0] == "AccessDenied"

    sb.ok("iam", "put-role-policy", "--role-name", "Reader", "--policy-name", "ListOnly",
          "--policy-document", doc(allow("iam:ListUsers")))
    sb.ok("iam", "list-users", profile="reader")
    sb.ok("iam", "put-role-policy", "--role-name", "Reader", "--policy-name", "Stop",
          "--policy-document", doc({"Effect": "Deny", "Action": "iam:*", "Resource": "*"}))
    message = sb.fails("AccessDenied", "ListUsers", "iam", "list-users", profile="reader")
    assert message.endswith("with an explicit deny in an identity-based policy")
    sb.ok("iam", "delete-role-policy", "--role-name", "Reader", "--policy-name", "Stop")
    sb.ok("iam", "list-users", profile="reader")
    last = sb.ok("iam", "get-role", "--role-name", "Reader")["Role"]["RoleLastUsed"]
    assert last["Region"] == "us-east-1" and last["LastUsedDate"]


def test_trust_policy_naming_the_account_needs_an_identity_policy_too(sb):
    sb.new_user("bob")
    role = make_role(sb, "Ops", f"arn:aws:iam::{sb.account}:root")
    acct = sb.account
    message = sb.fails("AccessDenied", "AssumeRole", "sts", "assume-role", "--role-arn", role["Arn"],
                       "--role-session-name", "x1", profile="bob")
    assert message.startswith(f"User: arn:aws:iam::{acct}:user/bob is not authorized to perform: sts:AssumeRole "
                              f"on resource: arn:aws:iam::{acct}:role/Ops")
    sb.ok("iam", "put-user-policy", "--user-name", "bob", "--policy-name", "MayAssume",
          "--policy-document", doc(allow("sts:AssumeRole", role["Arn"])))
    assume(sb, role["Arn"], "x1")


def test_a_role_that_does_not_trust_you_or_does_not_exist_is_access_denied(sb, bob_and_role):
    sb.new_user("eve")
    acct = sb.account
    message = sb.fails("AccessDenied", "AssumeRole", "sts", "assume-role", "--role-arn", bob_and_role["Arn"],
                       "--role-session-name", "eve", profile="eve")
    assert message.startswith(f"User: arn:aws:iam::{acct}:user/eve is not authorized to perform: sts:AssumeRole "
                              f"on resource: arn:aws:iam::{acct}:role/Reader")
    message = sb.fails("AccessDenied", "AssumeRole", "sts", "assume-role", "--role-arn",
                       f"arn:aws:iam::{acct}:role/NoSuchRole", "--role-session-name", "bob", profile="bob")
    assert message.startswith(f"User: arn:aws:iam::{acct}:user/bob is not authorized to perform: sts:AssumeRole "
                              f"on resource: arn:aws:iam::{acct}:role/NoSuchRole")


def test_trust_policy_naming_a_missing_user_is_refused(sb):
    message = sb.fails("MalformedPolicyDocument", "CreateRole", "iam", "create-role", "--role-name", "R",
                       "--assume-role-policy-document", trust(sb.arn("user", "ghost")))
    assert message == f'Invalid principal in policy: "AWS":"{sb.arn("user", "ghost")}"'
    message = sb.fails("MalformedPolicyDocument", "CreateRole", "iam", "create-role", "--role-name", "R",
                       "--assume-role-policy-document", '{"Version": "2012-10-17", "Statement": [')
    assert message.startswith("This policy contains invalid Json")


def test_duration_seconds_limits(sb, bob_and_role):
    arn = bob_and_role["Arn"]
    message = sb.fails("ValidationError", "AssumeRole", "sts", "assume-role", "--role-arn", arn,
                       "--role-session-name", "long", "--duration-seconds", "7200", profile="bob")
    assert message == "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
    # below the model's minimum, the CLI refuses it before sending (botocore's parameter validation)
    r = sb.aws("sts", "assume-role", "--role-arn", arn, "--role-session-name", "short", "--duration-seconds", "20",
               profile="bob")
    assert (r.rc, r.err) == (252, "\nParameter validation failed:\nInvalid value for parameter DurationSeconds, "
                                  "value: 20, valid min value: 900\n")
    message = sb.fails("ValidationError", "AssumeRole", "sts", "assume-role", "--role-arn", arn,
                       "--role-session-name", "huge", "--duration-seconds", "50000", profile="bob")
    assert message.endswith("Member must have value less than or equal to 43200")

    sb.ok("iam", "update-role", "--role-name", "Reader", "--max-session-duration", "7200")
    out = assume(sb, arn, "long", "--duration-seconds", "7200")
    assert out["Credentials"]["Expiration"]
    r = sb.aws("iam", "update-role", "--role-name", "Reader", "--max-session-duration", "60")
    assert (r.rc, r.err) == (252, "\nParameter validation failed:\nInvalid value for parameter MaxSessionDuration, "
                                  "value: 60, valid min value: 3600\n")


def test_role_session_name_rules(sb, bob_and_role):
    message = sb.fails("ValidationError", "AssumeRole", "sts", "assume-role", "--role-arn", bob_and_role["Arn"],
                       "--role-session-name", "bad name", profile="bob")
    assert message == ("1 validation error detected: Value 'bad name' at 'roleSessionName' failed to satisfy "
                       "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*")


def test_role_chaining_is_capped_at_one_hour(sb, bob_and_role):
    sb.ok("iam", "update-role", "--role-name", "Reader", "--max-session-duration", "43200")
    make_role(sb, "Second", bob_and_role["Arn"], "--max-session-duration", "43200")
    sb.ok("iam", "put-role-policy", "--role-name", "Reader", "--policy-name", "Chain",
          "--policy-document", doc(allow("sts:AssumeRole", sb.arn("role", "Second"))))
    assume(sb, bob_and_role["Arn"], "first", "--duration-seconds", "7200", into="reader")
    message = sb.fails("ValidationError", "AssumeRole", "sts", "assume-role", "--role-arn", sb.arn("role", "Second"),
                       "--role-session-name", "second", "--duration-seconds", "7200", profile="reader")
    assert message == ("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role "
                       "chaining.")
    out = assume(sb, sb.arn("role", "Second"), "second", profile="reader", into="second")
    assert out["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{sb.account}:assumed-role/Second/second"
    assert sb.ok("sts", "get-caller-identity", profile="second")["Arn"].endswith(":assumed-role/Second/second")


def test_expired_credentials_after_the_clock_moves(sb, bob_and_role):
    assume(sb, bob_and_role["Arn"], "short", "--duration-seconds", "900", into="reader")
    sb.ok("sts", "get-caller-identity", profile="reader")
    r = sb.run("world", "advance", "2h")
    assert r.rc == 0 and r.out.startswith("The world's clock is now ")
    assert sb.aws("sts", "get-caller-identity", profile="reader").error() == (
        "ExpiredToken", "GetCallerIdentity", "The security token included in the request is expired")
    assert sb.aws("iam", "list-users", profile="reader").error()[:2] == ("ExpiredToken", "ListUsers")
    # long-term keys are not affected
    sb.ok("sts", "get-caller-identity", profile="bob")


def test_session_policy_intersects_with_the_role(sb, bob_and_role):
    sb.ok("iam", "attach-role-policy", "--role-name", "Reader", "--policy-arn", READ_ONLY)
    out = assume(sb, bob_and_role["Arn"], "narrow", "--policy", doc(allow("iam:ListRoles")), into="narrow")
    assert 1 <= out["PackedPolicySize"] <= 100
    sb.ok("iam", "list-roles", profile="narrow")
    message = sb.fails("AccessDenied", "ListUsers", "iam", "list-users", profile="narrow")
    assert message.endswith("because no session policy allows the iam:ListUsers action")


def test_deleted_and_recreated_role_does_not_revive_old_sessions(sb, bob_and_role):
    sb.ok("iam", "attach-role-policy", "--role-name", "Reader", "--policy-arn", READ_ONLY)
    assume(sb, bob_and_role["Arn"], "old", into="old")
    sb.ok("iam", "list-users", profile="old")
    sb.ok("iam", "detach-role-policy", "--role-name", "Reader", "--policy-arn", READ_ONLY)
    sb.ok("iam", "delete-role", "--role-name", "Reader")
    make_role(sb, "Reader", sb.arn("user", "bob"))
    sb.ok("iam", "attach-role-policy", "--role-name", "Reader", "--policy-arn", READ_ONLY)
    assert sb.aws("iam", "list-users", profile="old").error()[0] == "AccessDenied"


def test_get_session_token_for_a_user_lasts_up_to_36_hours(sb):
    out = sb.ok("sts", "get-session-token")
    assert out["Credentials"]["AccessKeyId"].startswith("ASIA")
    message = sb.fails("ValidationError", "GetSessionToken", "sts", "get-session-token", "--duration-seconds",
                       "200000")
    assert message.endswith("Member must have value less than or equal to 129600")


def test_assume_role_events_name_the_trust_policy(sb, bob_and_role):
    assume(sb, bob_and_role["Arn"], "ev")
    events = [json.loads(line) for line in sb.run("events", "--tail", "5", "--json").out.splitlines()]
    assumed = [e for e in events if e.get("action") == "sts:AssumeRole"]
    assert assumed and assumed[-1]["decision"] == "allowed"
    assert "trust policy of role Reader" in (assumed[-1]["decidingPolicy"] or "")


def _root_keys(sb) -> None:
    """The learner creates root access keys (console: My security credentials) into profile ``root``."""
    from sandbox.services.console import sign_in
    from sandbox.services.gateway import Gateway

    world = sb.world()
    gateway = Gateway(world)
    root = sign_in(gateway, root=True, user_name=None, password=world.meta["root"]["Password"]).caller
    key = gateway.call(root, "iam", "CreateAccessKey", {})["AccessKey"]
    assert "UserName" not in key
    sb.configure("root", key["AccessKeyId"], key["SecretAccessKey"])


def test_roles_may_not_be_assumed_by_root(sb):
    _root_keys(sb)
    role = make_role(sb, "Ops", f"arn:aws:iam::{sb.account}:root")
    assert sb.ok("sts", "get-caller-identity", profile="root") == {
        "UserId": sb.account, "Account": sb.account, "Arn": f"arn:aws:iam::{sb.account}:root"}
    sb.ok("iam", "list-users", profile="root")  # root may do anything in its account...
    message = sb.fails("AccessDenied", "AssumeRole", "sts", "assume-role", "--role-arn", role["Arn"],
                       "--role-session-name", "r1", profile="root")
    assert message == "Roles may not be assumed by root accounts."  # ...but not assume a role
    assert sb.ok("iam", "get-account-summary")["SummaryMap"]["AccountAccessKeysPresent"] == 1


def test_iam_refuses_session_token_credentials_without_mfa(sb):
    sb.new_user("bob", group="Admins")
    plain = sb.ok("sts", "get-session-token", profile="bob")["Credentials"]
    sb.configure("bob-plain", plain["AccessKeyId"], plain["SecretAccessKey"], plain["SessionToken"])
    assert sb.ok("sts", "get-caller-identity", profile="bob-plain")["Arn"] == sb.arn("user", "bob")
    code, _, message = sb.aws("iam", "list-users", profile="bob-plain").error()
    assert (code, message) == ("InvalidClientTokenId", "The security token included in the request is invalid")


def test_trust_policy_conditions_mfa_and_external_id(sb):
    sb.new_user("bob")
    serial = sb.ok("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "bob-phone", "--outfile",
                   "seed.txt", "--bootstrap-method", "Base32StringSeed")["VirtualMFADevice"]["SerialNumber"]
    code1, code2 = sb.mfa_codes(serial)
    sb.ok("iam", "enable-mfa-device", "--user-name", "bob", "--serial-number", serial,
          "--authentication-code1", code1, "--authentication-code2", code2)
    sb.ok("iam", "create-role", "--role-name", "Admin", "--assume-role-policy-document", doc(
        {"Effect": "Allow", "Principal": {"AWS": sb.arn("user", "bob")}, "Action": "sts:AssumeRole",
         "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}))
    sb.fails("AccessDenied", "AssumeRole", "sts", "assume-role", "--role-arn", sb.arn("role", "Admin"),
             "--role-session-name", "nomfa", profile="bob")
    code, _ = sb.mfa_codes(serial)
    assume(sb, sb.arn("role", "Admin"), "withmfa", "--serial-number", serial, "--token-code", code)

    sb.ok("iam", "create-role", "--role-name", "Vendor", "--assume-role-policy-document", doc(
        {"Effect": "Allow", "Principal": {"AWS": sb.arn("user", "bob")}, "Action": "sts:AssumeRole",
         "Condition": {"StringEquals": {"sts:ExternalId": "Unique-42"}}}))
    sb.fails("AccessDenied", "AssumeRole", "sts", "assume-role", "--role-arn", sb.arn("role", "Vendor"),
             "--role-session-name", "v1", profile="bob")
    sb.fails("AccessDenied", "AssumeRole", "sts", "assume-role", "--role-arn", sb.arn("role", "Vendor"),
             "--role-session-name", "v1", "--external-id", "guess", profile="bob")
    assume(sb, sb.arn("role", "Vendor"), "v1", "--external-id", "Unique-42")


def test_session_tags_need_tag_session_in_the_trust_policy(sb, bob_and_role):
    message = sb.fails("AccessDenied", "AssumeRole", "sts", "assume-role", "--role-arn", bob_and_role["Arn"],
                       "--role-session-name", "tagged", "--tags", "Key=project,Value=blue", profile="bob")
    assert f"is not authorized to perform: sts:TagSession on resource: {bob_and_role['Arn']}" in message
    sb.ok("iam", "update-assume-role-policy", "--role-name", "Reader", "--policy-document", doc(
        {"Effect": "Allow", "Principal": {"AWS": sb.arn("user", "bob")},
         "Action": ["sts:AssumeRole", "sts:TagSession"]}))
    assume(sb, bob_and_role["Arn"], "tagged", "--tags", "Key=project,Value=blue", into="tagged")
    sb.ok("iam", "put-role-policy", "--role-name", "Reader", "--policy-name", "ByTag", "--policy-document",
          doc(allow("iam:ListUsers", Condition={"StringEquals": {"aws:PrincipalTag/project": "blue"}})))
    sb.ok("iam", "list-users", profile="tagged")
    assume(sb, bob_and_role["Arn"], "untagged", into="untagged")
    assert sb.aws("iam", "list-users", profile="untagged").error()[0] == "AccessDenied"


def test_managed_session_policies(sb, bob_and_role):
    sb.ok("iam", "attach-role-policy", "--role-name", "Reader", "--policy-arn", READ_ONLY)
    assume(sb, bob_and_role["Arn"], "managed", "--policy-arns", "arn=arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
           into="managed")
    assert sb.aws("iam", "list-users", profile="managed").error()[0] == "AccessDenied"
    message = sb.fails("NoSuchEntity", "AssumeRole", "sts", "assume-role", "--role-arn", bob_and_role["Arn"],
                       "--role-session-name", "x1", "--policy-arns", "arn=arn:aws:iam::aws:policy/Nope", profile="bob")
    assert message == "Policy arn:aws:iam::aws:policy/Nope does not exist or is not attachable."
