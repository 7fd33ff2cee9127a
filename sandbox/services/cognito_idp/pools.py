"""User pools: create, describe, list, delete (cognito-idp ``CreateUserPool``...).

A user pool is a regional directory of an app's users: ``us-east-1_AbCdEf123`` in
``arn:aws:cognito-idp:us-east-1:ACCOUNT:userpool/us-east-1_AbCdEf123``. What it holds here:
its password policy, the attributes it verifies by sending a code (``AutoVerifiedAttributes``),
whether users sign in with their email (``UsernameAttributes``), MFA off or optional, whether
only an administrator may create users, its custom attributes, tags, deletion protection, and
the message its verification code comes in. Its signing keys are made at its first token.
"""

from __future__ import annotations

import re

from sandbox.idp.cognito import user_pool_provider
from sandbox.services.cognito_idp import common as c
from sandbox.services.cognito_idp.schema import custom_schema, password_policy, schema_attributes
from sandbox.services.gateway import CallContext
from sandbox.services.paging import limit_of, listing
from sandbox.services.registry import operation

_NAME = re.compile(r"^[\w\s+=,.@-]{1,128}$")
VERIFIED_CHOICES = ("email", "phone_number")
DEFAULT_EMAIL_MESSAGE = "Your verification code is {####}. "
DEFAULT_EMAIL_SUBJECT = "Your verification code"
DEFAULT_INVITATION = "Your username is {username} and temporary password is {####}. "
DEFAULT_INVITATION_SUBJECT = "Your temporary password"
# accepted as given and shown back by DescribeUserPool; the sandbox sends no SMS and runs no Lambda
_UNSUPPORTED = {"LambdaConfig": "the sandbox has no Lambda functions to run as triggers",
                "SmsConfiguration": "the sandbox sends text messages without an SNS role",
                "UserPoolAddOns": "advanced security features are not simulated"}



def pool_out(pool: dict, users: int) -> dict:
    """The UserPool structure of CreateUserPool and DescribeUserPool."""
    out = {
        "Id": pool["Id"], "Name": pool["Name"],
        "Policies": {**pool["Policies"], "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD"]}},
        "DeletionProtection": pool.get("DeletionProtection", "INACTIVE"), "LambdaConfig": {},
        "LastModifiedDate": pool["LastModifiedDate"], "CreationDate": pool["CreationDate"],
        "SchemaAttributes": schema_attributes(pool), "AutoVerifiedAttributes": pool["AutoVerifiedAttributes"],
    }
    if pool["UsernameAttributes"]:
        out["UsernameAttributes"] = pool["UsernameAttributes"]
    out.update({
        "VerificationMessageTemplate": {"EmailMessage": pool.get("EmailMessage", DEFAULT_EMAIL_MESSAGE),
                                        "EmailSubject": pool.get("EmailSubject", DEFAULT_EMAIL_SUBJECT),
                                        "DefaultEmailOption": "CONFIRM_WITH_CODE"},
        "UserAttributeUpdateSettings": {"AttributesRequireVerificationBeforeUpdate": []},
        "MfaConfiguration": pool["MfaConfiguration"], "EstimatedNumberOfUsers": users,
        "EmailConfiguration": {"EmailSendingAccount": "COGNITO_DEFAULT"},
        "UserPoolTags": pool.get("Tags", {}),
        "AdminCreateUserConfig": pool["AdminCreateUserConfig"],
        "Arn": pool["Arn"],
        "AccountRecoverySetting": {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]},
        "UserPoolTier": "ESSENTIALS",
    })
    return out


@operation("cognito-idp", "CreateUserPool")
def create_user_pool(ctx: CallContext, p: dict) -> dict:
    name = c.required(p, "PoolName")
    if not isinstance(name, str) or not _NAME.match(name):
        raise c.invalid_parameter(f"1 validation error detected: Value '{name}' at 'poolName' failed to satisfy "
                                  "constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+")
    c.authorize(ctx, "cognito-idp:CreateUserPool", "*")
    for member, why in _UNSUPPORTED.items():
        if p.get(member):
            raise c.invalid_parameter(f"{member} is not available in this sandbox: {why}.")
    policy = password_policy(p.get("Policies"))
    verified = c.choices(p.get("AutoVerifiedAttributes"), "autoVerifiedAttributes", VERIFIED_CHOICES)
    username_attrs = c.choices(p.get("UsernameAttributes"), "usernameAttributes", VERIFIED_CHOICES)
    if username_attrs and p.get("AliasAttributes"):
        raise c.invalid_parameter("Only one of the aliasAttributes or usernameAttributes can be set in a User Pool")
    mfa = p.get("MfaConfiguration") or "OFF"
    if mfa not in ("OFF", "ON", "OPTIONAL"):
        raise c.invalid_parameter(f"1 validation error detected: Value '{mfa}' at 'mfaConfiguration' failed to "
                                  "satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]")
    if mfa == "ON":
        raise c.invalid_parameter("MFA cannot be required in this sandbox: it has no SMS or authenticator set-up for "
                                  "user pools. Use OFF or OPTIONAL.")
    protection = p.get("DeletionProtection") or "INACTIVE"
    if protection not in ("ACTIVE", "INACTIVE"):
        raise c.invalid_parameter(f"1 validation error detected: Value '{protection}' at 'deletionProtection' failed "
                                  "to satisfy constraint: Member must satisfy enum value set: [ACTIVE, INACTIVE]")
    admin_config = p.get("AdminCreateUserConfig") or {}
    template = p.get("VerificationMessageTemplate") or {}
    email_message = template.get("EmailMessage") or p.get("EmailVerificationMessage") or DEFAULT_EMAIL_MESSAGE
    if "{####}" not in email_message:
        raise c.invalid_parameter("The verification message must contain the {####} placeholder for the code.")
    now = c.iso(ctx.now())
    pool_id = c.new_pool_id(c.region(ctx))
    while ctx.world[c.POOLS].exists(pool_id):  # the table's keys ignore case; pool ids do not
        pool_id = c.new_pool_id(c.region(ctx))
    pool = {
        "Id": pool_id, "Name": name, "Arn": c.pool_arn(ctx.account, pool_id), "CreationDate": now,
        "LastModifiedDate": now, "Policies": {"PasswordPolicy": policy}, "AutoVerifiedAttributes": verified,
        "UsernameAttributes": username_attrs, "MfaConfiguration": mfa, "DeletionProtection": protection,
        "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": bool(admin_config.get("AllowAdminCreateUserOnly")),
                                  "UnusedAccountValidityDays": policy["TemporaryPasswordValidityDays"]},
        "Schema": custom_schema(p.get("Schema")), "Tags": dict(p.get("UserPoolTags") or {}),
        "EmailMessage": email_message,
        "EmailSubject": template.get("EmailSubject") or p.get("EmailVerificationSubject") or DEFAULT_EMAIL_SUBJECT,
    }
    ctx.world[c.POOLS].put(pool)
    return {"UserPool": pool_out(pool, 0)}


@operation("cognito-idp", "DescribeUserPool", mutates=False)
def describe_user_pool(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "UserPoolId")
    c.authorize(ctx, "cognito-idp:DescribeUserPool", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    return {"UserPool": pool_out(pool, len(c.pool_users(ctx.world, pool["Id"])))}


@operation("cognito-idp", "ListUserPools", mutates=False)
def list_user_pools(ctx: CallContext, p: dict) -> dict:
    limit = limit_of(c.required(p, "MaxResults"), 1, 60, "maxResults")
    c.authorize(ctx, "cognito-idp:ListUserPools", "*")
    region = c.region(ctx)
    pools = sorted((r for r in ctx.world[c.POOLS].all() if r["Id"].startswith(region + "_")),
                   key=lambda r: (r["CreationDate"], r["Id"]))
    return listing(pools, p, limit, "ListUserPools", "UserPools",
                   lambda r: {"Id": r["Id"], "Name": r["Name"], "LambdaConfig": {},
                              "LastModifiedDate": r["LastModifiedDate"], "CreationDate": r["CreationDate"]})


@operation("cognito-idp", "DeleteUserPool")
def delete_user_pool(ctx: CallContext, p: dict) -> dict:
    pool_id = c.required(p, "UserPoolId")
    c.authorize(ctx, "cognito-idp:DeleteUserPool", c.pool_arn(ctx.account, pool_id))
    pool = c.get_pool(ctx, pool_id)
    if pool.get("DeletionProtection") == "ACTIVE":
        raise c.invalid_parameter("The user pool cannot be deleted because deletion protection is activated. "
                                  "Deletion protection must be inactivated first.")
    world = ctx.world
    mine = pool["Id"]
    for table in (c.CLIENTS, c.USERS, c.GROUPS, c.IDPS, c.SESSIONS):
        world[table].delete_where(lambda r: r["UserPoolId"] == mine)
    world["idp_providers"].delete(user_pool_provider(mine).id)
    world[c.POOLS].delete(mine)
    return {}
