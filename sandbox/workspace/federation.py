"""The Federation view's flow, free of Textual: a person signs in to a web app with an
identity provider, the app trades the token for temporary credentials with
AssumeRoleWithWebIdentity, and uses them with S3. Each hop is recorded as it happens
(``HOPS``), with what the view shows: the decoded token, the trust decision's event, the
credentials.

The brokered flow (``sign_in_through_pool``, ``BROKERED_HOPS``) is the one AWS recommends for
mobile apps: the app gives the provider's token (or nothing, for a guest) to a Cognito
identity pool, which gives it an identity (GetId) and has STS trade the pool's own token for
the credentials of the role it chooses (GetCredentialsForIdentity, the enhanced flow): the
app never names a role and never holds an AWS key.

The calls are the ones the terminal makes: ``idp.sign_in`` (the provider), the unsigned STS
and Cognito calls and the S3 call through the workspace's gateway, each a change of the
workspace.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sandbox import idp
from sandbox.errors import AwsError
from sandbox.services.events import DecisionEvent
from sandbox.services.gateway import Credentials, Origin
from sandbox.workspace.workspace import Workspace

HOPS = ("app", "provider", "token", "sts", "credentials", "s3")
BROKERED_HOPS = ("app", "provider", "token", "cognito", "sts", "credentials", "s3")
TITLES = {"app": "Web app", "provider": "Provider", "token": "Token", "cognito": "Cognito", "sts": "STS trust",
          "credentials": "Credentials", "s3": "S3"}
# the brokered flow's seven boxes are narrower: shorter titles where they differ
BROKERED_TITLES = {**TITLES, "app": "Mobile", "credentials": "Creds"}
GUEST = "guest"  # the brokered flow's app choice for someone who does not sign in
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
    brokered: bool = False  # through a Cognito identity pool
    hops: dict[str, Hop] = field(default_factory=lambda: {name: Hop() for name in BROKERED_HOPS})
    token: str | None = None
    header: dict = field(default_factory=dict)
    claims: dict = field(default_factory=dict)
    trust: DecisionEvent | None = None  # the trust decision, or the token's refusal
    response: dict | None = None  # AssumeRoleWithWebIdentity's response
    error: str = ""
    identity_id: str = ""  # the identity pool's identity (brokered)

    @property
    def names(self) -> tuple[str, ...]:
        """The hops of this flow, in order."""
        return BROKERED_HOPS if self.brokered else HOPS

    @property
    def titles(self) -> dict[str, str]:
        return BROKERED_TITLES if self.brokered else TITLES

    @property
    def credentials(self) -> Credentials | None:
        if not self.response:
            return None
        c = self.response["Credentials"]
        return Credentials(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"], "assume-role-with-web-identity")

    def mark(self, hop: str, state: str, detail: str, short: str = "") -> None:
        self.hops[hop] = Hop(state, detail, short or ("refused" if state == FAILED else ""))


def app_choices(world) -> list[AppChoice]:
    """Every app registered with a provider of the world (``user_pool_choices``: the user
    pools' app clients)."""
    out = []
    for provider in idp.all_providers(world):
        for app in idp.apps(world, provider):
            out.append(AppChoice(provider.id, app["ClientId"], f"{provider.name}: {app['Name']}"))
    return out


USER_POOL_PREFIX = "cognito-idp."  # an AppChoice whose provider is a user pool (cognito-idp.REGION.amazonaws.com/ID)


def user_pool_choices(world) -> list[AppChoice]:
    """Every app client of the world's user pools: the user pool is then the provider."""
    out = []
    pools = {p["Id"]: p for p in world["cognito_user_pools"].all()}
    for client in sorted(world["cognito_user_pool_clients"].all(), key=lambda c: c["ClientName"].lower()):
        pool = pools.get(client["UserPoolId"])
        if pool is not None:
            region = pool["Id"].split("_", 1)[0]
            out.append(AppChoice(f"cognito-idp.{region}.amazonaws.com/{pool['Id']}", client["ClientId"],
                                 f"User pool: {pool['Name']} ({client['ClientName']})"))
    return out


def identity_pool_choices(world) -> list[tuple[str, str]]:
    """(label, identity pool id) of every identity pool of the world."""
    return [(p["IdentityPoolName"], p["IdentityPoolId"])
            for p in sorted(world["cognito_identity_pools"].all(), key=lambda p: p["IdentityPoolName"].lower())]


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


# -- the brokered flow: a Cognito identity pool between the app and STS ---------------------------------

def sign_in_through_pool(ws: Workspace, pool_id: str, app: AppChoice | str, email: str, password: str = "") -> Flow:
    """A mobile app signs ``email`` in with ``app``'s provider (a user name and ``password``
    for a user pool; ``GUEST``: nobody signs in), then asks the identity pool ``pool_id`` for
    an identity and its credentials."""
    flow = Flow(brokered=True)
    world = ws.world
    logins: dict[str, str] = {}
    if app != GUEST and app.provider.startswith(USER_POOL_PREFIX):
        logins = _user_pool_sign_in(ws, flow, app, email, password)
        if not logins:
            return flow
    elif app == GUEST:
        flow.mark("app", OK, "The mobile app asks for a guest identity: nobody signs in", "guest")
        flow.mark("provider", OK, "No identity provider: a guest (unauthenticated identity)", "none")
        flow.mark("token", OK, "No token: the identity pool must allow unauthenticated identities", "none")
    else:
        provider = idp.find_provider(world, app.provider)
        if provider is None:
            flow.mark("app", FAILED, f"The provider {app.provider} is gone from this world.")
            return flow
        flow.mark("app", OK, f"The mobile app ({app.label}, client id {app.client_id}) sends {email} to "
                             f"{provider.name}; it holds ids only, no AWS key", app.label.split(": ", 1)[-1])
        try:
            with world.transaction():
                signed = idp.sign_in(world, provider, email, app.client_id)
        except idp.IdpError as exc:
            flow.error = exc.message
            flow.mark("provider", FAILED, exc.message)
            return flow
        flow.mark("provider", OK, f"{provider.name} signed {email} in", provider.name)
        flow.token, flow.claims = signed.token, dict(signed.claims)
        flow.header = {"alg": "RS256", "kid": signed.kid, "typ": "JWT"}
        flow.mark("token", OK, f"the app gives {provider.name}'s token to the identity pool as the login "
                               f"{provider.id}", "login")
        logins = {provider.id: signed.token}
    params: dict = {"IdentityPoolId": pool_id}
    if logins:
        params["Logins"] = logins
    seq = ws.newest_event
    try:
        with ws.change("federation", f"Cognito GetId and GetCredentialsForIdentity for {email or 'a guest'}"):
            identity = ws.gateway.call(ws.gateway.anonymous(), "cognito-identity", "GetId", params, ORIGIN)
            flow.identity_id = identity["IdentityId"]
            asked = {"IdentityId": flow.identity_id, **({"Logins": logins} if logins else {})}
            out = ws.gateway.call(ws.gateway.anonymous(), "cognito-identity", "GetCredentialsForIdentity", asked,
                                  ORIGIN)
    except AwsError as exc:
        flow.error = f"{exc.code}: {exc.message}"
        flow.trust = next((e for e in reversed(ws.follow(seq)) if e.action == ACTION), None)
        if not flow.identity_id:
            flow.mark("cognito", FAILED, flow.error)
        else:
            flow.mark("cognito", OK, f"identity {flow.identity_id}", "identity")
            flow.mark("sts", FAILED, flow.error + (" (the role's trust policy refused the pool's token)"
                                                   if flow.trust is not None else ""))
        return flow
    flow.trust = next((e for e in reversed(ws.follow(seq)) if e.action == ACTION), None)
    kind = "a signed-in user" if logins else "a guest"
    flow.mark("cognito", OK, f"identity {flow.identity_id} for {kind}; the pool chooses the role and makes its own "
                             "token for STS (the enhanced flow)", "identity")
    flow.mark("sts", OK, _deciding(flow.trust), "allowed")
    flow.response = _as_sts_response(world, out, pool_id)
    scoped = "" if logins else ", scoped down by AmazonCognitoUnAuthedIdentitiesSessionPolicy (no S3)"
    user = flow.response["AssumedRoleUser"]
    flow.mark("credentials", OK, f"{user['Arn']} until {flow.response['Credentials']['Expiration']}{scoped}",
              flow.response["Credentials"]["AccessKeyId"])
    return flow


def _user_pool_sign_in(ws: Workspace, flow: Flow, app: AppChoice, username: str, password: str) -> dict[str, str]:
    """InitiateAuth (USER_PASSWORD_AUTH) as the app does it, with SECRET_HASH when its client
    has a secret; the logins for the identity pool, or {} with the failure marked."""
    from sandbox.idp.verify import parse  # only for a user pool sign-in: the rest of the view does without
    from sandbox.services.cognito_idp.common import secret_hash  # (the user pools' service)

    flow.mark("app", OK, f"The mobile app ({app.label}, client id {app.client_id}) sends {username}'s user name and "
                         "password to the user pool; it holds ids only, no AWS key", app.label.split(": ", 1)[-1])
    params = {"USERNAME": username, "PASSWORD": password}
    with ws.world.reading():
        client = ws.world["cognito_user_pool_clients"].get(app.client_id) or {}
    if client.get("ClientSecret"):
        params["SECRET_HASH"] = secret_hash(client["ClientSecret"], username, app.client_id)
    try:
        with ws.change("federation", f"Cognito InitiateAuth for {username}"):
            out = ws.gateway.call(ws.gateway.anonymous(), "cognito-idp", "InitiateAuth", {
                "ClientId": app.client_id, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": params}, ORIGIN)
    except AwsError as exc:
        flow.error = f"{exc.code}: {exc.message}"
        flow.mark("provider", FAILED, flow.error)
        return {}
    if "AuthenticationResult" not in out:
        flow.error = f"The user pool asks for {out.get('ChallengeName')}: finish signing in first."
        flow.mark("provider", FAILED, flow.error)
        return {}
    token = out["AuthenticationResult"]["IdToken"]
    parsed = parse(token)
    flow.token, flow.claims, flow.header = token, dict(parsed.claims), dict(parsed.header)
    flow.mark("provider", OK, f"the user pool signed {username} in", "user pool")
    flow.mark("token", OK, f"the app gives the pool's ID token to the identity pool as the login {app.provider}",
              "ID token")
    return {app.provider: token}


def _as_sts_response(world, out: dict, pool_id: str) -> dict:
    """GetCredentialsForIdentity's answer, shown as STS's would be (its ``SecretKey`` is STS's
    ``SecretAccessKey``; the role session is read from the credentials' record)."""
    c = out["Credentials"]
    with world.reading():
        session = world["sessions"].get(c["AccessKeyId"]) or {}
    role, name = session.get("RoleName") or "?", session.get("RoleSessionName") or "CognitoIdentityCredentials"
    return {"Credentials": {"AccessKeyId": c["AccessKeyId"], "SecretAccessKey": c["SecretKey"],
                            "SessionToken": c["SessionToken"], "Expiration": c["Expiration"]},
            "AssumedRoleUser": {"Arn": f"arn:aws:sts::{world.account_id}:assumed-role/{role}/{name}",
                                "AssumedRoleId": f"{session.get('RoleId') or '?'}:{name}"},
            "SubjectFromWebIdentityToken": out["IdentityId"], "Provider": "cognito-identity.amazonaws.com",
            "Audience": pool_id}
