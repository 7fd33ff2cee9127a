"""``aws sts``: the AWS Security Token Service operations the sandbox supports."""

from sandbox.awscli.spec import INTEGER, JSON_DOC, STRING, STRUCTURE_LIST, TAGS, P, Service, op, ops

OPERATIONS = [
    op("GetCallerIdentity", "Show who you are: account, ARN and user id. Needs no permission."),
    op("AssumeRole", "Get temporary credentials for a role whose trust policy lets you assume it.",
       P("RoleArn", required=True, completes="role-arn"), P("RoleSessionName", required=True),
       P("PolicyArns", STRUCTURE_LIST, members={"arn": STRING}, help="Managed session policies, as arn=ARN."),
       P("Policy", JSON_DOC, help="An inline session policy: the session gets at most what it allows."),
       P("DurationSeconds", INTEGER, help="900 up to the role's MaxSessionDuration (default 3600)."),
       TAGS, P("ExternalId"), P("SerialNumber"), P("TokenCode")),
    op("AssumeRoleWithWebIdentity", "Trade a web identity token (Google, Login with Amazon, Facebook, an OIDC "
                                    "issuer) for temporary credentials of a role that trusts its provider. Needs no "
                                    "AWS credentials.",
       P("RoleArn", required=True, completes="role-arn"), P("RoleSessionName", required=True),
       P("WebIdentityToken", required=True, help="The ID token or access token, or file://PATH."),
       P("ProviderId", help="www.amazon.com or graph.facebook.com for an OAuth 2.0 access token; leave it out "
                            "for OpenID Connect ID tokens."),
       P("PolicyArns", STRUCTURE_LIST, members={"arn": STRING}, help="Managed session policies, as arn=ARN."),
       P("Policy", JSON_DOC, help="An inline session policy: the session gets at most what it allows."),
       P("DurationSeconds", INTEGER, help="900 up to the role's MaxSessionDuration (default 3600).")),
    op("GetSessionToken", "Get temporary credentials for yourself, with MFA if you give a code.",
       P("DurationSeconds", INTEGER), P("SerialNumber", completes="mfa"), P("TokenCode")),
]

# the STS API's minimums, from its service model (STS API Reference, AssumeRole, AssumeRoleWithWebIdentity
# and GetSessionToken)
MINIMUMS = {"RoleArn": 20, "RoleSessionName": 2, "Policy": 1, "DurationSeconds": 900, "ExternalId": 2,
            "WebIdentityToken": 4, "ProviderId": 4,
            "SerialNumber": 9, "TokenCode": 6, "PolicyArns.arn": 20, "Tags.Key": 1}

SERVICE = Service("sts", "AWS Security Token Service (global)", ops(*OPERATIONS), minimums=MINIMUMS,
                  required_members={"Tags": ("Key", "Value")})
