"""IAM OpenID Connect identity providers through ``iam-sandbox aws iam ...``.

IAM API Reference: CreateOpenIDConnectProvider (Url begins with https://, no port, query
or fragment, 255 characters; up to 100 client ids of 1-255 characters; up to 5
thumbprints of 40 characters; without ThumbprintList IAM retrieves the certificate
authority's thumbprint), GetOpenIDConnectProvider (Url without its scheme),
Add/RemoveClientID (idempotent), UpdateOpenIDConnectProviderThumbprint (replaces the list),
ListOpenIDConnectProviderTags (sorted by key). Quotas (reference_iam-quotas.html): 100 OIDC
providers per account. Messages as IAM returns them: "Provider with url URL already
exists.", "Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100", "Cannot exceed
quota for ClientIdsPerOpenIdConnectProvider: 100".
"""

from __future__ import annotations

import pytest

from sandboxhelp import allow, doc

URL = "https://login.example.edu"
THUMB = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"


def arn(sb, rest: str = "login.example.edu") -> str:
    return f"arn:aws:iam::{sb.account}:oidc-provider/{rest}"


def create(sb, url=URL, *extra):
    return sb.ok("iam", "create-open-id-connect-provider", "--url", url, *extra)


def test_create_get_list_delete(sb):
    made = create(sb, URL, "--client-id-list", "app-1", "app-2", "--thumbprint-list", THUMB.upper())
    assert made == {"OpenIDConnectProviderArn": arn(sb)}
    got = sb.ok("iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn", arn(sb))
    assert got["Url"] == "login.example.edu"  # without https://, as IAM returns it
    assert got["ClientIDList"] == ["app-1", "app-2"]
    assert got["ThumbprintList"] == [THUMB]  # kept in lower case
    assert got["CreateDate"].endswith("+00:00") and "Tags" not in got
    listed = sb.ok("iam", "list-open-id-connect-providers")
    assert listed == {"OpenIDConnectProviderList": [{"Arn": arn(sb)}]}
    assert sb.ok("iam", "delete-open-id-connect-provider", "--open-id-connect-provider-arn", arn(sb)) == {}
    assert sb.ok("iam", "list-open-id-connect-providers") == {"OpenIDConnectProviderList": []}
    message = sb.fails("NoSuchEntity", "GetOpenIDConnectProvider", "iam", "get-open-id-connect-provider",
                       "--open-id-connect-provider-arn", arn(sb))
    assert message == f"OpenIDConnect Provider not found for arn {arn(sb)}"
    sb.fails("NoSuchEntity", "DeleteOpenIDConnectProvider", "iam", "delete-open-id-connect-provider",
             "--open-id-connect-provider-arn", arn(sb))


def test_a_path_and_a_trailing_slash_are_part_of_the_arn(sb):
    assert create(sb, URL + "/realms/main", "--thumbprint-list", THUMB)["OpenIDConnectProviderArn"] == \
        arn(sb, "login.example.edu/realms/main")
    assert create(sb, URL + "/", "--thumbprint-list", THUMB)["OpenIDConnectProviderArn"] == \
        arn(sb, "login.example.edu/")


def test_one_provider_per_url(sb):
    create(sb, URL, "--thumbprint-list", THUMB)
    message = sb.fails("EntityAlreadyExists", "CreateOpenIDConnectProvider", "iam", "create-open-id-connect-provider",
                       "--url", URL, "--thumbprint-list", THUMB)
    assert message == "Provider with url https://login.example.edu already exists."


@pytest.mark.parametrize("url,code,message", [
    ("login.example.edu", "ValidationError", "Invalid Open ID Connect Provider URL"),
    ("http://login.example.edu", "InvalidInput",
     "Invalid Open ID Connect Provider URL. The URL must begin with https://."),
    ("https://login.example.edu:8443", "InvalidInput", "Invalid Open ID Connect Provider URL."),
    ("https://login.example.edu/?x=1", "InvalidInput", "Invalid Open ID Connect Provider URL."),
    ("https://login.example.edu/#top", "InvalidInput", "Invalid Open ID Connect Provider URL."),
    ("https://me@login.example.edu", "InvalidInput", "Invalid Open ID Connect Provider URL."),
    ("https://exa_mple.com", "InvalidInput", "Invalid Open ID Connect Provider URL."),
])
def test_url_rules(sb, url, code, message):
    assert sb.fails(code, "CreateOpenIDConnectProvider", "iam", "create-open-id-connect-provider", "--url", url,
                    "--thumbprint-list", THUMB) == message
    assert sb.ok("iam", "list-open-id-connect-providers")["OpenIDConnectProviderList"] == []


def test_url_longer_than_255_characters(sb):
    url = "https://" + "a" * 250 + ".edu"
    message = sb.fails("ValidationError", "CreateOpenIDConnectProvider", "iam", "create-open-id-connect-provider",
                       "--url", url, "--thumbprint-list", THUMB)
    assert message.endswith("Member must have length less than or equal to 255")


def test_thumbprints_40_characters_at_most_five(sb):
    r = sb.aws("iam", "create-open-id-connect-provider", "--url", URL, "--thumbprint-list", "abc")
    assert r.rc == 252 and "Invalid length for parameter ThumbprintList[0], value: 3, valid min length: 40" in r.err
    message = sb.fails("ValidationError", "CreateOpenIDConnectProvider", "iam", "create-open-id-connect-provider",
                       "--url", URL, "--thumbprint-list", THUMB + "0")
    assert "Member must have length less than or equal to 40" in message
    six = [f"{i}" * 40 for i in range(6)]
    assert sb.fails("InvalidInput", "CreateOpenIDConnectProvider", "iam", "create-open-id-connect-provider",
                    "--url", URL, "--thumbprint-list", *six) == "Thumbprint list must contain fewer than 5 entries."
    create(sb, URL, "--thumbprint-list", *six[:5])  # five is allowed, whatever the message says


def test_client_ids_at_most_100_and_255_characters(sb):
    ids = [f"app-{i}" for i in range(101)]
    assert sb.fails("LimitExceeded", "CreateOpenIDConnectProvider", "iam", "create-open-id-connect-provider",
                    "--url", URL, "--thumbprint-list", THUMB, "--client-id-list", *ids) == \
        "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100"
    message = sb.fails("ValidationError", "CreateOpenIDConnectProvider", "iam", "create-open-id-connect-provider",
                       "--url", URL, "--thumbprint-list", THUMB, "--client-id-list", "x" * 256)
    assert "Member must have length less than or equal to 255" in message
    create(sb, URL, "--thumbprint-list", THUMB, "--client-id-list", *ids[:100])
    assert sb.fails("LimitExceeded", "AddClientIDToOpenIDConnectProvider", "iam",
                    "add-client-id-to-open-id-connect-provider", "--open-id-connect-provider-arn", arn(sb),
                    "--client-id", "one-more") == "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100"
    # adding one already there is no change, not an error, even when the list is full
    sb.ok("iam", "add-client-id-to-open-id-connect-provider", "--open-id-connect-provider-arn", arn(sb),
          "--client-id", "app-0")


def test_add_and_remove_client_ids_are_idempotent(sb):
    create(sb, URL, "--thumbprint-list", THUMB, "--client-id-list", "app-1")
    target = ("--open-id-connect-provider-arn", arn(sb))
    for _ in range(2):
        sb.ok("iam", "add-client-id-to-open-id-connect-provider", *target, "--client-id", "app-2")
    assert sb.ok("iam", "get-open-id-connect-provider", *target)["ClientIDList"] == ["app-1", "app-2"]
    for _ in range(2):
        sb.ok("iam", "remove-client-id-from-open-id-connect-provider", *target, "--client-id", "app-1")
    assert sb.ok("iam", "get-open-id-connect-provider", *target)["ClientIDList"] == ["app-2"]


def test_update_thumbprint_replaces_the_list(sb):
    create(sb, URL, "--thumbprint-list", THUMB, "b" * 40)
    target = ("--open-id-connect-provider-arn", arn(sb))
    sb.ok("iam", "update-open-id-connect-provider-thumbprint", *target, "--thumbprint-list", "C" * 40)
    assert sb.ok("iam", "get-open-id-connect-provider", *target)["ThumbprintList"] == ["c" * 40]


def test_without_thumbprints_iam_retrieves_the_sandbox_issuers_certificate_authority(sb):
    assert sb.run("idp", "create-issuer", URL).rc == 0
    create(sb, URL, "--client-id-list", "app")
    (thumbprint,) = sb.ok("iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn",
                          arn(sb))["ThumbprintList"]
    assert len(thumbprint) == 40 and set(thumbprint) <= set("0123456789abcdef")
    # the same host, the same certificate authority; Google's host is served by the sandbox too
    create(sb, URL + "/other")
    assert sb.ok("iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn",
                 arn(sb, "login.example.edu/other"))["ThumbprintList"] == [thumbprint]
    create(sb, "https://accounts.google.com")
    # a host nobody serves cannot be reached: there is no network
    code, _, message = sb.aws("iam", "create-open-id-connect-provider", "--url", "https://nowhere.example.com").error()
    assert code == "OpenIdIdpCommunicationError" and "--thumbprint-list" in message


def test_providers_per_account_quota(sb):
    for i in range(100):
        create(sb, f"https://idp{i}.example.com", "--thumbprint-list", THUMB)
    assert sb.fails("LimitExceeded", "CreateOpenIDConnectProvider", "iam", "create-open-id-connect-provider",
                    "--url", "https://one-more.example.com", "--thumbprint-list", THUMB) == \
        "Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100"
    assert sb.ok("iam", "get-account-summary")["SummaryMap"]["Providers"] == 100


def test_tags(sb):
    created = create(sb, URL, "--thumbprint-list", THUMB, "--tags", "Key=team,Value=blue")
    assert created["Tags"] == [{"Key": "team", "Value": "blue"}]
    target = ("--open-id-connect-provider-arn", arn(sb))
    sb.ok("iam", "tag-open-id-connect-provider", *target, "--tags", "Key=cost,Value=42", "Key=Team,Value=red")
    assert sb.ok("iam", "list-open-id-connect-provider-tags", *target)["Tags"] == [
        {"Key": "Team", "Value": "red"}, {"Key": "cost", "Value": "42"}]  # tag keys are case-insensitive
    sb.ok("iam", "untag-open-id-connect-provider", *target, "--tag-keys", "team")
    assert sb.ok("iam", "get-open-id-connect-provider", *target)["Tags"] == [{"Key": "cost", "Value": "42"}]


def test_an_arn_that_is_not_an_oidc_providers(sb):
    role = f"arn:aws:iam::{sb.account}:role/Admin"
    assert sb.fails("InvalidInput", "GetOpenIDConnectProvider", "iam", "get-open-id-connect-provider",
                    "--open-id-connect-provider-arn", role) == f"ARN {role} is not valid."


def test_authorized_with_the_providers_arn(sb):
    """The Service Authorization Reference: iam:*OpenIDConnectProvider* on the oidc-provider
    resource, iam:ListOpenIDConnectProviders on *; a resource tag condition sees the provider's tags."""
    create(sb, URL, "--thumbprint-list", THUMB, "--tags", "Key=team,Value=blue")
    create(sb, "https://other.example.com", "--thumbprint-list", THUMB)
    sb.new_user("ops")
    sb.ok("iam", "put-user-policy", "--user-name", "ops", "--policy-name", "oidc", "--policy-document", doc(
        allow("iam:GetOpenIDConnectProvider", f"arn:aws:iam::{sb.account}:oidc-provider/*",
              Condition={"StringEquals": {"aws:ResourceTag/team": "blue"}}),
        allow("iam:AddClientIDToOpenIDConnectProvider", arn(sb))))
    sb.ok("iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn", arn(sb), profile="ops")
    other = arn(sb, "other.example.com")
    message = sb.fails("AccessDenied", "GetOpenIDConnectProvider", "iam", "get-open-id-connect-provider",
                       "--open-id-connect-provider-arn", other, profile="ops")
    assert message == (f"User: {sb.arn('user', 'ops')} is not authorized to perform: iam:GetOpenIDConnectProvider "
                       f"on resource: {other} because no identity-based policy allows the "
                       "iam:GetOpenIDConnectProvider action")
    sb.ok("iam", "add-client-id-to-open-id-connect-provider", "--open-id-connect-provider-arn", arn(sb),
          "--client-id", "x", profile="ops")
    sb.fails("AccessDenied", "ListOpenIDConnectProviders", "iam", "list-open-id-connect-providers", profile="ops")
    sb.fails("AccessDenied", "CreateOpenIDConnectProvider", "iam", "create-open-id-connect-provider", "--url",
             "https://third.example.com", "--thumbprint-list", THUMB, profile="ops")
    event = sb.events()[-1]
    assert (event.action, event.resource) == ("iam:CreateOpenIDConnectProvider", arn(sb, "third.example.com"))
