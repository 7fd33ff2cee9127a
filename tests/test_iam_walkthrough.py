"""The IAM walkthrough a new learner follows, typed as ``iam-sandbox aws ...`` commands:
a new user with no permissions, a group that grants some, access keys shown once, the
console that refuses access keys, MFA with real TOTP codes, and the password policy."""

from __future__ import annotations

import json

from sandbox import crypto
from sandbox.world import fs
from sandboxhelp import allow, doc

READ_ONLY = "arn:aws:iam::aws:policy/IAMReadOnlyAccess"


# -- a new user has no permissions; a group gives them ----------------------------------------------

def test_new_user_is_denied_implicitly_with_the_aws_message(sb):
    sb.new_user("bob")
    r = sb.aws("iam", "list-users", profile="bob")
    acct = sb.account
    assert r.rc == 254 and r.out == ""
    assert r.err == (
        "\nAn error occurred (AccessDenied) when calling the ListUsers operation: "
        f"User: arn:aws:iam::{acct}:user/bob is not authorized to perform: iam:ListUsers on resource: "
        f"arn:aws:iam::{acct}:user/ because no identity-based policy allows the iam:ListUsers action\n")


def test_group_with_managed_policy_grants_its_members_and_the_event_names_it(sb):
    sb.new_user("bob")
    sb.ok("iam", "create-group", "--group-name", "Readers")
    sb.ok("iam", "attach-group-policy", "--group-name", "Readers", "--policy-arn", READ_ONLY)
    assert sb.aws("iam", "list-users", profile="bob").rc == 254  # not a member yet
    sb.ok("iam", "add-user-to-group", "--group-name", "Readers", "--user-name", "bob")

    users = sb.ok("iam", "list-users", "--query", "Users[].UserName", profile="bob")
    assert users == ["admin", "bob"]

    event = json.loads(sb.run("events", "--tail", "1", "--json").out)
    assert event["principal"] == sb.arn("user", "bob")
    assert event["action"] == "iam:ListUsers" and event["decision"] == "allowed"
    assert "IAMReadOnlyAccess" in event["decidingPolicy"] and "group Readers" in event["decidingPolicy"]

    text = sb.run("events", "--tail", "1").out
    assert "iam:ListUsers" in text and "allowed" in text
    assert "IAMReadOnlyAccess (attached to group Readers" in text

    # reading is all the group gives
    code, _, message = sb.aws("iam", "create-user", "--user-name", "eve", profile="bob").error()
    assert code == "AccessDenied"
    assert message.endswith("because no identity-based policy allows the iam:CreateUser action")

    # leaving the group takes the permission away on the very next call
    sb.ok("iam", "remove-user-from-group", "--group-name", "Readers", "--user-name", "bob")
    assert sb.aws("iam", "list-users", profile="bob").error()[0] == "AccessDenied"


def test_get_caller_identity_needs_no_permission_even_under_deny_everything(sb):
    sb.new_user("bob")
    sb.ok("iam", "put-user-policy", "--user-name", "bob", "--policy-name", "NoWay",
          "--policy-document", doc({"Effect": "Deny", "Action": "*", "Resource": "*"}))
    me = sb.ok("sts", "get-caller-identity", profile="bob")
    user_id = sb.world()["users"].get("bob")["UserId"]
    assert me == {"UserId": user_id, "Account": sb.account, "Arn": sb.arn("user", "bob")}
    assert user_id.startswith("AIDA") and len(user_id) == 21
    message = sb.fails("AccessDenied", "GetUser", "iam", "get-user", profile="bob")
    assert message.endswith("with an explicit deny in an identity-based policy")


# -- access keys: the secret is shown once ------------------------------------------------------------

def test_secret_access_key_is_shown_once_and_never_stored_in_clear(sb):
    sb.ok("iam", "create-user", "--user-name", "bob")
    created = sb.ok("iam", "create-access-key", "--user-name", "bob")["AccessKey"]
    key_id, secret = created["AccessKeyId"], created["SecretAccessKey"]
    assert set(created) == {"UserName", "AccessKeyId", "Status", "SecretAccessKey", "CreateDate"}
    assert created["Status"] == "Active" and created["UserName"] == "bob"
    assert key_id.startswith("AKIA") and len(key_id) == 20 and len(secret) == 40

    listed = sb.aws("iam", "list-access-keys", "--user-name", "bob")
    assert listed.rc == 0 and key_id in listed.out and secret not in listed.out
    meta = json.loads(listed.out)["AccessKeyMetadata"]
    assert meta == [{"UserName": "bob", "AccessKeyId": key_id, "Status": "Active",
                     "CreateDate": created["CreateDate"]}]

    used = sb.aws("iam", "get-access-key-last-used", "--access-key-id", key_id)
    assert used.rc == 0 and secret not in used.out
    assert json.loads(used.out) == {"UserName": "bob",
                                    "AccessKeyLastUsed": {"ServiceName": "N/A", "Region": "N/A"}}
    for table in ("get-user", "list-users"):
        assert secret not in sb.aws("iam", table, *(["--user-name", "bob"] if table == "get-user" else [])).out
    assert secret not in sb.path.read_text(encoding="utf-8")
    assert secret not in sb.run("events", "--tail", "50", "--json").out
    assert secret not in sb.run("world", "info").out


def test_access_key_last_used_after_a_call(sb):
    key = sb.new_user("bob")
    sb.ok("sts", "get-caller-identity", profile="bob")
    last = sb.ok("iam", "get-access-key-last-used", "--access-key-id", key.id)["AccessKeyLastUsed"]
    assert last["ServiceName"] == "sts" and last["Region"] == "us-east-1"
    assert last["LastUsedDate"].endswith(":00+00:00")  # to the minute


def test_third_access_key_is_refused(sb):
    sb.new_user("bob")
    sb.create_key("bob")
    message = sb.fails("LimitExceeded", "CreateAccessKey", "iam", "create-access-key", "--user-name", "bob")
    assert message == "Cannot exceed quota for AccessKeysPerUser: 2"


def test_inactive_deleted_and_wrong_keys_are_refused(sb):
    key = sb.new_user("bob")
    sb.ok("sts", "get-caller-identity", profile="bob")

    sb.ok("iam", "update-access-key", "--user-name", "bob", "--access-key-id", key.id, "--status", "Inactive")
    r = sb.aws("sts", "get-caller-identity", profile="bob")
    assert r.error() == ("InvalidClientTokenId", "GetCallerIdentity",
                         "The security token included in the request is invalid.")
    code, _, message = sb.aws("iam", "list-users", profile="bob").error()
    assert code == "InvalidClientTokenId"
    assert message == "The security token included in the request is invalid"  # IAM: no period

    sb.ok("iam", "update-access-key", "--user-name", "bob", "--access-key-id", key.id, "--status", "Active")
    sb.ok("sts", "get-caller-identity", profile="bob")

    sb.configure("wrong", key.id, key.secret[:-1] + ("A" if key.secret[-1] != "A" else "B"))
    code, _, message = sb.aws("sts", "get-caller-identity", profile="wrong").error()
    assert code == "SignatureDoesNotMatch"
    assert message.startswith("The request signature we calculated does not match the signature you provided. "
                              "Check your AWS Secret Access Key and signing method.")

    sb.ok("iam", "delete-access-key", "--user-name", "bob", "--access-key-id", key.id)
    assert sb.aws("sts", "get-caller-identity", profile="bob").error()[0] == "InvalidClientTokenId"
    message = sb.fails("NoSuchEntity", "DeleteAccessKey", "iam", "delete-access-key", "--user-name", "bob",
                       "--access-key-id", key.id)
    assert message.startswith(f"The Access Key with id {key.id} cannot be found")

    failures = [e for e in sb.events() if e.kind == "authentication"]
    assert [e.access_key_id for e in failures] == [key.id] * 4


def test_update_access_key_status_must_be_active_or_inactive(sb):
    key = sb.new_user("bob")
    r = sb.aws("iam", "update-access-key", "--user-name", "bob", "--access-key-id", key.id, "--status", "Disabled")
    # the CLI sends the request; IAM refuses a value outside the enumeration
    assert r.error() == ("ValidationError", "UpdateAccessKey",
                         "1 validation error detected: Value 'Disabled' at 'status' failed to satisfy constraint: "
                         "Member must satisfy enum value set: [Active, Inactive, Expired]")


def test_update_access_key_refuses_expired(sb):
    """``Expired`` is in statusType (Active | Inactive | Expired), which UpdateAccessKey shares
    with the service-specific credentials that expire (Bedrock API keys, ExpirationDate):
    https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccessKey.html and
    https://docs.aws.amazon.com/IAM/latest/APIReference/API_ServiceSpecificCredentialMetadata.html.
    UpdateAccessKey changes a key "from Active to Inactive, or vice versa"; the model update that
    added Expired (botocore, June 2025) gave UpdateAccessKey, UpdateSSHPublicKey and
    UpdateSigningCertificate, whose credentials never expire, InvalidInput (400), and not
    UpdateServiceSpecificCredential. So the enumeration lets Expired through and the
    operation refuses it, leaving the key as it was."""
    key = sb.new_user("bob")
    r = sb.aws("iam", "update-access-key", "--user-name", "bob", "--access-key-id", key.id, "--status", "Expired")
    assert r.rc == 254
    code, operation, message = r.error()
    assert (code, operation) == ("InvalidInput", "UpdateAccessKey") and "Active or Inactive" in message
    keys = sb.ok("iam", "list-access-keys", "--user-name", "bob")["AccessKeyMetadata"]
    assert [(k["AccessKeyId"], k["Status"]) for k in keys] == [(key.id, "Active")]
    # the key still works, and can still be deactivated
    sb.ok("iam", "update-access-key", "--user-name", "bob", "--access-key-id", key.id, "--status", "Inactive")


# -- the console takes passwords, not access keys -----------------------------------------------------

def test_access_key_is_not_a_console_password(sb):
    key = sb.new_user("bob", password="Sandbox-Pass-1!")
    for attempt in (key.id, key.secret):
        r = sb.run("console", "sign-in", "--user", "bob", "--password", attempt)
        assert r.rc == 1 and r.out == ""
        assert r.err.startswith("Sign-in failed: Access keys cannot be used to sign in to the AWS Management Console.")
    r = sb.run("console", "sign-in", "--user", "bob", "--password", "Sandbox-Pass-1!")
    assert r.rc == 0, r.err
    assert r.out == f"Signed in to the console as {sb.arn('user', 'bob')}.\n"
    assert sb.world()["users"].get("bob")["PasswordLastUsed"]

    r = sb.run("console", "sign-in", "--user", "bob", "--password", "wrong-Pass-1!")
    assert r.rc == 1
    assert r.err == "Sign-in failed: Your authentication information is incorrect. Please try again.\n"


def test_user_without_login_profile_cannot_sign_in(sb):
    sb.new_user("bob")
    r = sb.run("console", "sign-in", "--user", "bob", "--password", "Anything-1!")
    assert r.rc == 1 and "Your authentication information is incorrect" in r.err


def test_console_password_can_come_from_stdin(sb):
    sb.new_user("bob", key=False, password="Sandbox-Pass-1!")
    r = sb.run("console", "sign-in", "--user", "bob", stdin="Sandbox-Pass-1!\n")
    assert r.rc == 0, r.err
    events = [e for e in sb.events() if e.kind == "signin"]
    assert events[-1].operation == "ConsoleLogin" and events[-1].allowed


# -- MFA ----------------------------------------------------------------------------------------------------

def test_root_mfa_with_real_totp_codes(sb):
    password = sb.root_password()
    serial = f"arn:aws:iam::{sb.account}:mfa/root-account-mfa-device"
    r = sb.run("console", "root-mfa", "create", "--password", password)
    assert r.rc == 0, r.err
    assert f"Virtual MFA device: {serial}\n" in r.out
    seed = r.out.split("Secret (Base32): ")[1].split("\n")[0]
    assert len(seed) == 64 and "otpauth://totp/" in r.out

    code1, code2 = sb.mfa_codes("root-account-mfa-device")
    assert code1 == crypto.code(seed, sb.world().now())
    # a wrong pair: two codes that are not consecutive
    r = sb.run("console", "root-mfa", "enable", "--password", password, "--code1", code2, "--code2", code1)
    assert r.rc == 1
    assert r.err == "InvalidAuthenticationCode: Authentication code for device is not valid.\n"
    assert sb.run("console", "root-mfa", "status", "--password", password).out == "Root MFA: not enabled\n"

    r = sb.run("console", "root-mfa", "enable", "--password", password, "--code1", code1, "--code2", code2)
    assert r.rc == 0, r.err
    assert sb.world().meta["root"]["MFASerial"] == serial

    r = sb.run("console", "sign-in", "--root", "--password", password)
    assert r.rc == 1 and "MFA" in r.err
    r = sb.run("console", "sign-in", "--root", "--password", password, "--mfa-code", sb.wrong_code(seed))
    assert r.rc == 1 and "Your authentication information is incorrect" in r.err
    now_code, _ = sb.mfa_codes(serial)
    r = sb.run("console", "sign-in", "--root", "--password", password, "--mfa-code", now_code)
    assert r.rc == 0, r.err
    assert r.out == f"Signed in to the console as arn:aws:iam::{sb.account}:root with MFA.\n"

    summary = sb.ok("iam", "get-account-summary")["SummaryMap"]
    assert summary["AccountMFAEnabled"] == 1


def test_wrong_root_password_is_refused(sb):
    r = sb.run("console", "sign-in", "--root", "--password", "not-the-password")
    assert r.rc == 1 and "Your authentication information is incorrect" in r.err


def _user_mfa(sb, user: str) -> tuple[str, str]:
    """aws iam create-virtual-mfa-device + enable-mfa-device, as the AWS CLI docs show it."""
    created = sb.ok("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", f"{user}-phone",
                    "--outfile", f"{user}-seed.txt", "--bootstrap-method", "Base32StringSeed")
    serial = created["VirtualMFADevice"]["SerialNumber"]
    assert created == {"VirtualMFADevice": {"SerialNumber": f"arn:aws:iam::{sb.account}:mfa/{user}-phone"}}
    # the seed went to the file (in the sandbox laptop's home), not to the screen
    seed = fs.read(sb.world(), "laptop", f"/home/learner/{user}-seed.txt").strip()
    assert len(seed) == 64 and seed == sb.world()["mfa_devices"].get(serial)["Seed"]
    code1, code2 = sb.mfa_codes(serial)
    sb.ok("iam", "enable-mfa-device", "--user-name", user, "--serial-number", serial,
          "--authentication-code1", code1, "--authentication-code2", code2)
    return serial, seed


def test_user_virtual_mfa_and_mfa_backed_session(sb):
    sb.new_user("bob")
    serial, seed = _user_mfa(sb, "bob")
    devices = sb.ok("iam", "list-mfa-devices", "--user-name", "bob")["MFADevices"]
    assert [d["SerialNumber"] for d in devices] == [serial] and devices[0]["UserName"] == "bob"

    # bob may list users only with MFA
    sb.ok("iam", "put-user-policy", "--user-name", "bob", "--policy-name", "NeedsMFA", "--policy-document",
          doc(allow("iam:ListUsers", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})))
    assert sb.aws("iam", "list-users", profile="bob").error()[0] == "AccessDenied"

    wrong = sb.wrong_code(seed)
    message = sb.fails("AccessDenied", "GetSessionToken", "sts", "get-session-token", "--serial-number", serial,
                       "--token-code", wrong, profile="bob")
    assert message == "MultiFactorAuthentication failed with invalid MFA one time pass code."

    code, _ = sb.mfa_codes(serial)
    creds = sb.ok("sts", "get-session-token", "--serial-number", serial, "--token-code", code,
                  profile="bob")["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA") and len(creds["SecretAccessKey"]) == 40
    sb.configure("bob-mfa", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])

    users = sb.ok("iam", "list-users", "--query", "Users[].UserName", profile="bob-mfa")
    assert "bob" in users
    assert sb.ok("sts", "get-caller-identity", profile="bob-mfa")["Arn"] == sb.arn("user", "bob")
    event = json.loads(sb.run("events", "--tail", "2", "--json").out.splitlines()[0])
    assert event["action"] == "iam:ListUsers" and event["decision"] == "allowed"
    assert event["decidingPolicy"].startswith("inline policy NeedsMFA")

    # a session without MFA still lacks it
    plain = sb.ok("sts", "get-session-token", profile="bob")["Credentials"]
    sb.configure("bob-plain", plain["AccessKeyId"], plain["SecretAccessKey"], plain["SessionToken"])
    # (AWS refuses IAM calls from such credentials outright: see test_sts, InvalidClientTokenId)
    assert sb.aws("iam", "list-users", profile="bob-plain").error()[0] in ("AccessDenied", "InvalidClientTokenId")

    message = sb.fails("AccessDenied", "GetSessionToken", "sts", "get-session-token", profile="bob-mfa")
    assert message == "Cannot call GetSessionToken with session credentials"


def test_user_console_sign_in_asks_for_the_mfa_code(sb):
    sb.new_user("bob", key=False, password="Bob-Pass-123!")
    serial, seed = _user_mfa(sb, "bob")
    r = sb.run("console", "sign-in", "--user", "bob", "--password", "Bob-Pass-123!")
    assert r.rc == 1
    assert r.err == "Sign-in failed: This account has an MFA device: enter the code from your authenticator app.\n"
    wrong = sb.wrong_code(seed)
    r = sb.run("console", "sign-in", "--user", "bob", "--password", "Bob-Pass-123!", "--mfa-code", wrong)
    assert r.rc == 1 and "Your authentication information is incorrect" in r.err
    code, _ = sb.mfa_codes(serial)
    r = sb.run("console", "sign-in", "--user", "bob", "--password", "Bob-Pass-123!", "--mfa-code", code)
    assert (r.rc, r.out) == (0, f"Signed in to the console as {sb.arn('user', 'bob')} with MFA.\n")


def test_mfa_outfile_that_cannot_be_written(sb):
    r = sb.aws("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "phone", "--outfile",
               "/no/such/folder/seed.txt", "--bootstrap-method", "Base32StringSeed")
    assert r.rc in (252, 255) and "Unable to write to file: /no/such/folder/seed.txt" in r.err
    assert sb.ok("iam", "list-virtual-mfa-devices")["VirtualMFADevices"] == []


def test_enable_mfa_with_a_wrong_pair_and_delete_conflicts(sb):
    sb.new_user("bob")
    created = sb.ok("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "bob-phone",
                    "--outfile", "qr.txt", "--bootstrap-method", "QRCodePNG")
    serial = created["VirtualMFADevice"]["SerialNumber"]
    code1, code2 = sb.mfa_codes("bob-phone")
    message = sb.fails("InvalidAuthenticationCode", "EnableMFADevice", "iam", "enable-mfa-device", "--user-name",
                       "bob", "--serial-number", serial, "--authentication-code1", code1,
                       "--authentication-code2", code1)
    assert message == "Authentication code for device is not valid."
    sb.ok("iam", "enable-mfa-device", "--user-name", "bob", "--serial-number", serial,
          "--authentication-code1", code1, "--authentication-code2", code2)
    sb.ok("iam", "delete-access-key", "--user-name", "bob", "--access-key-id",
          sb.ok("iam", "list-access-keys", "--user-name", "bob")["AccessKeyMetadata"][0]["AccessKeyId"])
    message = sb.fails("DeleteConflict", "DeleteUser", "iam", "delete-user", "--user-name", "bob")
    assert message == "Cannot delete entity, must delete MFA device first."
    sb.ok("iam", "deactivate-mfa-device", "--user-name", "bob", "--serial-number", serial)
    sb.ok("iam", "delete-virtual-mfa-device", "--serial-number", serial)
    sb.ok("iam", "delete-user", "--user-name", "bob")
    assert sb.run("mfa", "list").out == ""


def test_mfa_code_of_an_unknown_device(sb):
    r = sb.run("mfa", "code", "nope")
    assert r.rc == 1 and "no virtual MFA device 'nope'" in r.err


# -- the password policy --------------------------------------------------------------------------------

def _password_policy(sb, *extra):
    sb.ok("iam", "update-account-password-policy", "--minimum-password-length", "12", "--require-symbols",
          "--password-reuse-prevention", "3", "--max-password-age", "90", "--allow-users-to-change-password",
          *extra)


def test_password_policy_is_shown_as_aws_shows_it(sb):
    _password_policy(sb)
    assert sb.ok("iam", "get-account-password-policy") == {"PasswordPolicy": {
        "MinimumPasswordLength": 12, "RequireSymbols": True, "RequireNumbers": False,
        "RequireUppercaseCharacters": False, "RequireLowercaseCharacters": False,
        "AllowUsersToChangePassword": True, "ExpirePasswords": True, "MaxPasswordAge": 90,
        "PasswordReusePrevention": 3, "HardExpiry": False}}
    message = sb.fails("ValidationError", "UpdateAccountPasswordPolicy", "iam", "update-account-password-policy",
                       "--minimum-password-length", "129")
    assert message == ("1 validation error detected: Value '129' at 'minimumPasswordLength' failed to satisfy "
                       "constraint: Member must have value less than or equal to 128")
    # no partial updates: what is left out reverts to its default (length 6, not 8 as in the console)
    sb.ok("iam", "update-account-password-policy", "--require-numbers")
    assert sb.ok("iam", "get-account-password-policy")["PasswordPolicy"] == {
        "MinimumPasswordLength": 6, "RequireSymbols": False, "RequireNumbers": True,
        "RequireUppercaseCharacters": False, "RequireLowercaseCharacters": False,
        "AllowUsersToChangePassword": False, "ExpirePasswords": False, "HardExpiry": False}
    sb.ok("iam", "delete-account-password-policy")
    message = sb.fails("NoSuchEntity", "GetAccountPasswordPolicy", "iam", "get-account-password-policy")
    assert message == f"The Password Policy with domain name {sb.account} cannot be found."


def test_password_policy_enforced_on_change_password(sb):
    _password_policy(sb)
    sb.new_user("bob", password="first-password-1!")
    message = sb.fails("PasswordPolicyViolation", "ChangePassword", "iam", "change-password", "--old-password",
                       "first-password-1!", "--new-password", "short-1!", profile="bob")
    assert message == "Password should have a minimum length of 12"
    message = sb.fails("PasswordPolicyViolation", "ChangePassword", "iam", "change-password", "--old-password",
                       "first-password-1!", "--new-password", "longenoughbutplain", profile="bob")
    assert message == "Password should have at least one symbol"
    # the same password again is a reuse
    code, _, message = sb.aws("iam", "change-password", "--old-password", "first-password-1!", "--new-password",
                              "first-password-1!", profile="bob").error()
    assert code == "PasswordPolicyViolation" and "reuse" in message
    sb.ok("iam", "change-password", "--old-password", "first-password-1!", "--new-password",
          "second-password-2!", profile="bob")
    sb.ok("iam", "change-password", "--old-password", "second-password-2!", "--new-password",
          "third-password-3!", profile="bob")
    # the first one is among the last 3
    code, _, message = sb.aws("iam", "change-password", "--old-password", "third-password-3!", "--new-password",
                              "first-password-1!", profile="bob").error()
    assert code == "PasswordPolicyViolation" and "reuse" in message
    r = sb.run("console", "sign-in", "--user", "bob", "--password", "third-password-3!")
    assert r.rc == 0, r.err


def test_change_password_needs_the_account_setting(sb):
    sb.new_user("bob", password="first-Password-1!")
    message = sb.fails("AccessDenied", "ChangePassword", "iam", "change-password", "--old-password",
                       "first-Password-1!", "--new-password", "second-Password-2!", profile="bob")
    assert "iam:ChangePassword" in message


def test_default_password_rules_apply_without_a_policy(sb):
    sb.ok("iam", "create-user", "--user-name", "bob")
    message = sb.fails("PasswordPolicyViolation", "CreateLoginProfile", "iam", "create-login-profile",
                       "--user-name", "bob", "--password", "abc")
    assert "Password should have a minimum length of 8" in message


def test_expired_password_must_be_changed_at_sign_in(sb):
    _password_policy(sb)
    sb.new_user("bob", key=False, password="first-password-1!")
    sb.advance("91d")
    r = sb.run("console", "sign-in", "--user", "bob", "--password", "first-password-1!")
    assert r.rc == 1 and r.err == "Sign-in failed: Your password has expired. Choose a new password.\n"
    r = sb.run("console", "sign-in", "--user", "bob", "--password", "first-password-1!", "--new-password", "short!")
    assert r.rc == 1 and "minimum length of 12" in r.err
    r = sb.run("console", "sign-in", "--user", "bob", "--password", "first-password-1!", "--new-password",
               "first-password-1!")
    assert r.rc == 1
    r = sb.run("console", "sign-in", "--user", "bob", "--password", "first-password-1!", "--new-password",
               "second-password-2!")
    assert r.rc == 0, r.err
    assert r.out.endswith("Your new password is set.\n")
    assert sb.run("console", "sign-in", "--user", "bob", "--password", "second-password-2!").rc == 0


def test_hard_expiry_needs_an_administrator(sb):
    _password_policy(sb, "--hard-expiry")
    sb.new_user("bob", password="first-password-1!")
    sb.advance("91d")
    r = sb.run("console", "sign-in", "--user", "bob", "--password", "first-password-1!", "--new-password",
               "second-password-2!")
    assert r.rc == 1 and "HardExpiry" in r.err
    code, _, _ = sb.aws("iam", "change-password", "--old-password", "first-password-1!", "--new-password",
                        "second-password-2!", profile="bob").error()
    assert code == "EntityTemporarilyUnmodifiable"
    # the administrator resets it (the reset resets the clock of the password's age)
    sb.ok("iam", "update-login-profile", "--user-name", "bob", "--password", "admin-set-pass-9!")
    r = sb.run("console", "sign-in", "--user", "bob", "--password", "admin-set-pass-9!")
    assert r.rc == 0, r.err


def test_password_reset_required_at_first_sign_in(sb):
    sb.ok("iam", "create-user", "--user-name", "bob")
    sb.ok("iam", "create-login-profile", "--user-name", "bob", "--password", "Temp-Pass-123!",
          "--password-reset-required")
    assert sb.ok("iam", "get-login-profile", "--user-name", "bob")["LoginProfile"]["PasswordResetRequired"] is True
    r = sb.run("console", "sign-in", "--user", "bob", "--password", "Temp-Pass-123!")
    assert r.rc == 1 and "You must choose a new password" in r.err
    r = sb.run("console", "sign-in", "--user", "bob", "--password", "Temp-Pass-123!", "--new-password",
               "Mine-Now-456!")
    assert r.rc == 0, r.err
    assert sb.ok("iam", "get-login-profile", "--user-name", "bob")["LoginProfile"]["PasswordResetRequired"] is False
