"""The Federation view's flow, free of Textual: a person signs in to a web app with an
identity provider, the app trades the token for temporary credentials with
AssumeRoleWithWebIdentity, and uses them with S3. Each hop is recorded as it happens
(``HOPS``), with what the view shows: the decoded token, the trust decision's event, the
credentials.

The calls are the ones the terminal makes: ``idp.sign_in`` (the provider), the unsigned STS
call and the S3 call through the workspace's gateway, each a change of the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sandbox import idp
from sandbox.errors import AwsError
from sandbox.services.events import DecisionEvent
from sandbox.services.gateway import Credentials, Origin
from sandbox.workspace.workspace import Workspace

HOPS = ("app", "provider", "token", "sts", "credentials", "s3")
TITLES = {"app": "Web app", "provider": "Provider", "token": "Token", "sts": "STS trust", "credentials": "Credentials",
          "s3": "S3"}
ORIGIN = Origin(machine="laptop", source_ip="203.0.113.10", via="federation")
ACTION = "sts:AssumeRoleWithWebIdentity"

OK, FAILED, WAITING = "ok", "failed", "waiting"


@dataclass
class Hop:
    state: str = WAITING
    detail: str = ""  # what happened, in a sentence
    short: str = ""  # a word or two for the hop's box


@dataclass(frozen=True)
class AppChoice:
    provider: str  # the provider's id (accounts.google.com, login.example.edu)
    client_id: str
    label: str  # "Google: photo-share"


@dataclass
class Flow:
    hops: dict[str, Hop] = field(default_factory=lambda: {name: Hop() for name in HOPS})
    token: str | None = None
    header: dict = field(default_factory=dict)
    claims: dict = field(default_factory=dict)
    trust: DecisionEvent | None = None  # the trust decision, or the token's refusal
    response: dict | None = None  # AssumeRoleWithWebIdentity's response
    error: str = ""

    @property
    def credentials(self) -> Credentials | None:
        if not self.response:
            return None
        c = self.response["Credentials"]
        return Credentials(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"], "assume-role-with-web-identity")

    def mark(self, hop: str, state: str, detail: str, short: str = "") -> None:
        self.hops[hop] = Hop(state, detail, short or ("refused" if state == FAILED else ""))


def app_choices(world) -> list[AppChoice]:
    """Every app registered with a provider of the world."""
    out = []
    for provider in idp.all_providers(world):
        for app in idp.apps(world, provider):
            out.append(AppChoice(provider.id, app["ClientId"], f"{provider.name}: {app['Name']}"))
    return out


def role_choices(world) -> list[str]:
    """The roles whose trust policy names a web identity provider (as ARNs)."""
    return [r["Arn"] for r in sorted(world["roles"].all(), key=lambda r: r["RoleName"].lower())
            if "sts:AssumeRoleWithWebIdentity".lower() in r["AssumeRolePolicyDocument"].lower()]


def sign_in_and_assume(ws: Workspace, app: AppChoice, email: str, role_arn: str, session_name: str,
                       duration: int | None = None) -> Flow:
    """Sign ``email`` in to the app, then call AssumeRoleWithWebIdentity with the token."""
    flow = Flow()
    world = ws.world
    provider = idp.find_provider(world, app.provider)
    if provider is None:
        flow.mark("app", FAILED, f"The provider {app.provider} is gone from this world.")
        return flow
    flow.mark("app", OK, f"{app.label} (client id {app.client_id}) sends {email} to {provider.name} to sign in",
              app.label.split(": ", 1)[-1])
    try:
        with world.transaction():
            signed = idp.sign_in(world, provider, email, app.client_id)
    except idp.IdpError as exc:
        flow.error = exc.message
        flow.mark("provider", FAILED, exc.message)
        return flow
    flow.mark("provider", OK, f"{provider.name} signed {email} in" + (" (a new account)" if signed.new_account
                                                                     else ""), provider.name)
    flow.token, flow.claims = signed.token, dict(signed.claims)
    flow.header = {"alg": "RS256", "kid": signed.kid, "typ": "JWT"}
    kind = "an OAuth 2.0 access token" if provider.uses_provider_id else "an OpenID Connect ID token"
    flow.mark("token", OK, f"{kind} signed RS256 with key {signed.kid[:8]}…, for the app {app.client_id}",
              "access token" if provider.uses_provider_id else "ID token")
    params = {"RoleArn": role_arn, "RoleSessionName": session_name, "WebIdentityToken": signed.token}
    if provider.uses_provider_id:
        params["ProviderId"] = provider.id
    if duration:
        params["DurationSeconds"] = duration
    seq = ws.newest_event
    try:
        with ws.change("federation", f"AssumeRoleWithWebIdentity as {session_name}"):
            flow.response = ws.gateway.call(ws.gateway.anonymous(), "sts", "AssumeRoleWithWebIdentity", params,
                                            ORIGIN)
    except AwsError as exc:
        flow.error = f"{exc.code}: {exc.message}"
    flow.trust = next((e for e in reversed(ws.follow(seq)) if e.action == ACTION), None)
    if flow.response is None:
        refused_token = flow.trust is not None and flow.trust.kind == "authentication"
        flow.mark("token" if refused_token else "sts", FAILED, flow.error)
        return flow
    flow.mark("sts", OK, _deciding(flow.trust), "allowed")
    user = flow.response["AssumedRoleUser"]
    flow.mark("credentials", OK, f"{user['Arn']} until {flow.response['Credentials']['Expiration']}",
              flow.response["Credentials"]["AccessKeyId"])
    return flow


def _deciding(event: DecisionEvent | None) -> str:
    if event is None or event.deciding_statement is None:
        return "allowed"
    return f"allowed by {event.deciding_statement.label} of {event.deciding_policy}"


def read_object(ws: Workspace, flow: Flow, uri: str) -> Flow:
    """GetObject ``s3://BUCKET/KEY`` with the flow's temporary credentials."""
    creds = flow.credentials
    if creds is None:
        flow.mark("s3", FAILED, "No temporary credentials yet: sign in and assume the role first.")
        return flow
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    if not bucket or not key:
        flow.mark("s3", FAILED, f"{uri!r} is not s3://BUCKET/KEY.")
        return flow
    try:
        with ws.change("federation", f"GetObject s3://{bucket}/{key}"):
            out = ws.gateway.call(creds, "s3", "GetObject", {"Bucket": bucket, "Key": key}, ORIGIN)
    except AwsError as exc:
        flow.mark("s3", FAILED, f"{exc.code}: {exc.message}")
        return flow
    body = out.get("Body", b"")
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    flow.mark("s3", OK, f"GetObject s3://{bucket}/{key}: {len(text)} bytes: {text[:80]}", "GetObject")
    return flow
