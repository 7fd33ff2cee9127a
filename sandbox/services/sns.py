"""Amazon SNS mobile push: platform applications, platform endpoints, and Publish.

A platform application stands for an app registered with a push service (GCM/Firebase,
APNs, ADM): ``arn:aws:sns:REGION:ACCOUNT:app/GCM/NAME``. Each device that installs the app
gets a push token from that service; CreatePlatformEndpoint makes it an endpoint
(``arn:aws:sns:REGION:ACCOUNT:endpoint/GCM/NAME/GUID``; the same token gives back the same
endpoint), and Publish with ``TargetArn`` sends to that one device (Amazon SNS Developer
Guide, "Mobile push notifications"). A message to a phone number is a text message. Here the
push lands on the sandbox device that holds the token (``sandbox.services.devices``), and a
text in the learner's inbox. SNS is a query API: its errors are ``InvalidParameter``,
``NotFound``, ``EndpointDisabled``, and ``AuthorizationError`` for an IAM refusal.
"""

from __future__ import annotations

import json
import re

from sandbox.errors import AwsError
from sandbox.services import devices, mailbox
from sandbox.services.gateway import CallContext
from sandbox.services.jsonapi import region
from sandbox.services.paging import listing
from sandbox.services.registry import operation
from sandbox.world import ids

APPS = "sns_platform_applications"
ENDPOINTS = "sns_endpoints"
PLATFORMS = ("ADM", "APNS", "APNS_SANDBOX", "GCM", "BAIDU", "WNS", "MPNS")
_NAME = re.compile(r"^[\w.-]{1,256}$")
_PHONE = re.compile(r"^\+[1-9][0-9]{6,14}$")
# the credentials each push service needs (Amazon SNS API Reference, CreatePlatformApplication)
_CREDENTIALS = {"GCM": ("PlatformCredential",), "APNS": ("PlatformCredential", "PlatformPrincipal"),
                "APNS_SANDBOX": ("PlatformCredential", "PlatformPrincipal"),
                "ADM": ("PlatformCredential", "PlatformPrincipal")}


def invalid(message: str) -> AwsError:
    return AwsError("InvalidParameter", f"Invalid parameter: {message}")


def not_found(message: str) -> AwsError:
    return AwsError("NotFound", message, 404)


def _require(p: dict, key: str):
    value = p.get(key)
    if value is None or value == "":
        raise invalid(key)
    return value


def _authorize(ctx: CallContext, action: str, resource: str) -> None:
    ctx.require(action, resource, deny_code="AuthorizationError")


def app_arn(ctx: CallContext, platform: str, name: str) -> str:
    return f"arn:aws:sns:{region(ctx)}:{ctx.account}:app/{platform}/{name}"


def get_app(world, arn) -> dict:
    row = world[APPS].get(arn) if isinstance(arn, str) and arn else None
    if row is None or row["Arn"] != arn:
        raise not_found("PlatformApplication does not exist")
    return row


@operation("sns", "CreatePlatformApplication")
def create_platform_application(ctx: CallContext, p: dict) -> dict:
    name = _require(p, "Name")
    platform = _require(p, "Platform")
    attributes = {str(k): str(v) for k, v in (p.get("Attributes") or {}).items()}
    if not isinstance(name, str) or not _NAME.match(name):
        raise invalid("Name")
    if platform not in PLATFORMS:
        raise invalid(f"Platform Reason: {platform} is not supported")
    arn = app_arn(ctx, platform, name)
    _authorize(ctx, "sns:CreatePlatformApplication", arn)
    for key in _CREDENTIALS.get(platform, ("PlatformCredential",)):
        if not attributes.get(key):
            raise invalid(f"Attributes Reason: {key} attribute must be specified for {platform}")
    stored = {k: v for k, v in attributes.items() if k not in ("PlatformCredential", "PlatformPrincipal")}
    ctx.world[APPS].put({"Arn": arn, "Name": name, "Platform": platform, "Attributes": {**stored, "Enabled": "true"},
                         "CreationDate": ctx.now().isoformat()})
    return {"PlatformApplicationArn": arn}


@operation("sns", "CreatePlatformEndpoint")
def create_platform_endpoint(ctx: CallContext, p: dict) -> dict:
    app_arn_given = _require(p, "PlatformApplicationArn")
    token = _require(p, "Token")
    _authorize(ctx, "sns:CreatePlatformEndpoint", app_arn_given)
    app = get_app(ctx.world, app_arn_given)
    return {"EndpointArn": ensure_endpoint(ctx.world, app, str(token), p.get("CustomUserData"),
                                          p.get("Attributes"))["Arn"]}


def ensure_endpoint(world, app: dict, token: str, custom=None, attributes=None) -> dict:
    """The app's endpoint for a device token, made at the first request (inside a transaction)."""
    existing = next(iter(world[ENDPOINTS].where(lambda e: e["Application"] == app["Arn"] and e["Token"] == token)),
                    None)
    if existing is not None:
        return existing
    prefix = app["Arn"].replace(":app/", ":endpoint/", 1)
    arn = f"{prefix}/{ids.uuid4()}"
    attrs = {"Enabled": "true", "Token": token, **{str(k): str(v) for k, v in (attributes or {}).items()}}
    if custom:
        attrs["CustomUserData"] = str(custom)
    row = {"Arn": arn, "Application": app["Arn"], "Token": token, "Attributes": attrs}
    world[ENDPOINTS].put(row)
    return row


@operation("sns", "ListEndpointsByPlatformApplication", mutates=False)
def list_endpoints_by_platform_application(ctx: CallContext, p: dict) -> dict:
    arn = _require(p, "PlatformApplicationArn")
    _authorize(ctx, "sns:ListEndpointsByPlatformApplication", arn)
    app = get_app(ctx.world, arn)
    rows = sorted(ctx.world[ENDPOINTS].where(lambda e: e["Application"] == app["Arn"]), key=lambda e: e["Arn"])
    return listing(rows, p, 100, "ListEndpointsByPlatformApplication", "Endpoints",
                   lambda e: {"EndpointArn": e["Arn"], "Attributes": e["Attributes"]})


def platform_message(message: str, structure, platform: str) -> str:
    """What the push service receives: with MessageStructure json, the platform's own entry
    (else ``default``)."""
    if structure != "json":
        return message
    try:
        parts = json.loads(message)
    except ValueError:
        raise invalid("Message Structure - JSON message body failed to parse") from None
    if not isinstance(parts, dict) or "default" not in parts:
        raise invalid("Message Structure - No default entry in JSON message body")
    value = parts.get(platform, parts["default"])
    return value if isinstance(value, str) else json.dumps(value)


def deliver(world, endpoint: dict, message: str, source: str) -> str:
    """Send to one endpoint: its device receives the push. Returns the message id."""
    if endpoint["Attributes"].get("Enabled") != "true":
        raise AwsError("EndpointDisabled", "Endpoint is disabled")
    platform = endpoint["Arn"].split(":endpoint/", 1)[1].split("/", 1)[0]
    message_id = ids.uuid4()
    devices.receive_push(world, endpoint["Token"], platform, message, source, message_id)
    return message_id


@operation("sns", "Publish")
def publish(ctx: CallContext, p: dict) -> dict:
    message = _require(p, "Message")
    targets = [k for k in ("TopicArn", "TargetArn", "PhoneNumber") if p.get(k)]
    if len(targets) != 1:
        raise invalid("TopicArn or TargetArn Reason: no value for required parameter" if not targets else
                      "Only one of TopicArn, TargetArn or PhoneNumber may be given")
    target = str(p[targets[0]])
    if targets[0] == "PhoneNumber":
        if not _PHONE.match(target):
            raise invalid("PhoneNumber Reason: input incorrectly formatted")
        _authorize(ctx, "sns:Publish", "*")
        mailbox.deliver(ctx.world, target, p.get("Subject") or "Text message", str(message), sender="AWS SNS")
        return {"MessageId": ids.uuid4()}
    _authorize(ctx, "sns:Publish", target)
    if targets[0] == "TopicArn" or ":endpoint/" not in target:
        raise not_found("Topic does not exist")
    endpoint = ctx.world[ENDPOINTS].get(target)
    if endpoint is None or endpoint["Arn"] != target:
        raise not_found("Endpoint does not exist")
    platform = target.split(":endpoint/", 1)[1].split("/", 1)[0]
    text = platform_message(str(message), p.get("MessageStructure"), platform)
    return {"MessageId": deliver(ctx.world, endpoint, text, "sns")}
