"""The one path every request takes: authenticate, authorize with the live policies,
publish the decision, run the operation.

Whether a request comes from ``aws`` in a sandbox terminal, a form in the app, or a
scenario's setup, it goes through ``Gateway.call``, so there is one place that decides and
one stream of ``DecisionEvent``s.

The events of a call's decisions are appended to the log when the call ends (it is
synchronous), carrying its outcome: an allowed decision of a call that then failed says
with which AWS error, as CloudTrail's ``errorCode`` does. The log stays append-only: an
event is written once, complete.
"""

from __future__ import annotations

import hmac
import threading
from datetime import datetime
from typing import TYPE_CHECKING

from sandbox import policy  # the evaluator loads on the first request that needs a decision (start-up time)
from sandbox.crypto import secret_hash
from sandbox.errors import AwsError, SandboxError
from sandbox.policy import ALLOWED, Principal
from sandbox.services import enums, events, list_pages, principals, registry
from sandbox.services.callers import CLI_USER_AGENT, Caller, Credentials, Origin
from sandbox.services.events import DecisionEvent
from sandbox.services.requestctx import base_context
from sandbox.world.store import World
from sandbox.world.worldfile import WorldWriteError

if TYPE_CHECKING:
    from sandbox.policy import Decision, PolicyRef

# Who calls and from where (defined in ``callers``), part of the gateway's interface
__all__ = ["CLI_USER_AGENT", "CallContext", "Caller", "Credentials", "Gateway", "Origin"]


class CallContext:
    """One call as its handler sees it. (A plain class: start-up time, as ``Origin``.)"""

    def __init__(self, gateway: Gateway, caller: Caller, origin: Origin, service: str, operation: str,
                 dry_run: bool = False):
        self.gateway = gateway
        self.caller = caller
        self.origin = origin
        self.service = service
        self.operation = operation
        self.decisions: list[Decision] = []
        self.dry_run = dry_run  # EC2's DryRun: decisions are made and published, marked as a dry run

    @property
    def world(self) -> World:
        return self.gateway.world

    @property
    def account(self) -> str:
        return self.gateway.world.account_id

    def now(self) -> datetime:
        return self.gateway.world.now()

    def require(self, action: str, resource: str, context: dict | None = None,
                resource_policy: PolicyRef | None = None, resource_account: str | None = None,
                quote_resource: bool = False, deny_code: str = "AccessDenied", deny_prefix: str = "") -> Decision:
        """Authorize ``action`` on ``resource`` for the caller; raise ``AwsError`` if denied."""
        decision = self.gateway.authorize(self.caller, self.origin, action, resource, context or {},
                                          resource_policy=resource_policy, resource_account=resource_account,
                                          quote_resource=quote_resource, service=self.service,
                                          operation=self.operation, dry_run=self.dry_run)
        self.decisions.append(decision)
        if not decision.allowed:
            error = AwsError(deny_code, deny_prefix + decision.message, 403)
            error.decision = decision
            raise error
        return decision

    def check(self, action: str, resource: str, **kwargs) -> Decision:
        """Authorize without raising (for operations that report per-item failures, or give
        their own message on a denial)."""
        decision = self.gateway.authorize(self.caller, self.origin, action, resource, kwargs.pop("context", {}) or {},
                                          service=self.service, operation=self.operation, dry_run=self.dry_run,
                                          **kwargs)
        self.decisions.append(decision)
        return decision


class _OpenCalls(threading.local):
    """Each thread's calls under way (innermost last), each with the events it made so far."""

    def __init__(self):
        self.stack: list[list[DecisionEvent]] = []


class Gateway:
    def __init__(self, world: World):
        self.world = world
        self._calls = _OpenCalls()

    # -- authentication ----------------------------------------------------------------------

    def authenticate(self, creds: Credentials, service: str = "sts", origin: Origin | None = None) -> Caller:
        world = self.world
        invalid = "The security token included in the request is invalid" + ("." if service == "sts" else "")
        key_id = creds.access_key_id or ""
        try:
            if key_id.startswith("ASIA"):
                return self._temporary(creds, invalid, service)
            key = world["access_keys"].get(key_id) if key_id else None
            if key is None or key.get("Status") != "Active":
                raise AwsError("InvalidClientTokenId", invalid, 403)
            if not hmac.compare_digest(key["SecretHash"], secret_hash(creds.secret_access_key or "")):
                raise _signature_error()
            if creds.session_token:
                raise AwsError("InvalidClientTokenId", invalid, 403)
            if key["Owner"] == "root":
                return Caller(principals.root_principal(world), "root", access_key_id=key_id)
            user = world["users"].get(key["UserName"])
            if user is None:
                raise AwsError("InvalidClientTokenId", invalid, 403)
            return Caller(principals.user_principal(world, user), "user", user=user, access_key_id=key_id)
        except AwsError as exc:
            self._publish_auth_failure(key_id, exc, origin, service)
            raise

    def _temporary(self, creds: Credentials, invalid: str, service: str = "") -> Caller:
        world = self.world
        session = world["sessions"].get(creds.access_key_id)
        if session is None or not creds.session_token or creds.session_token != session["SessionToken"]:
            raise AwsError("InvalidClientTokenId", invalid, 403)
        if not hmac.compare_digest(session["SecretHash"], secret_hash(creds.secret_access_key or "")):
            raise _signature_error()
        if world.now() >= datetime.fromisoformat(session["Expiration"]):
            raise AwsError("ExpiredToken", "The security token included in the request is expired", 400)
        issued = datetime.fromisoformat(session["IssuedAt"])
        mfa_time = datetime.fromisoformat(session["MFAAuthTime"]) if session.get("MFAAuthTime") else None
        if session["Kind"] == "session-token":
            # GetSessionToken credentials cannot call IAM without MFA (IAM User Guide,
            # "Comparing the AWS STS API operations")
            if service == "iam" and not session.get("MFAAuthenticated"):
                raise AwsError("InvalidClientTokenId", invalid, 403)
            # GetSessionToken: the same user (or root), now with MFA facts
            if session["SourceUser"] == "root":
                caller = Caller(principals.root_principal(world), "root")
            else:
                user = world["users"].get(session["SourceUser"])
                if user is None:
                    raise AwsError("InvalidClientTokenId", invalid, 403)
                caller = Caller(principals.user_principal(world, user), "user", user=user)
        else:
            role = world["roles"].get(session["RoleName"])
            if role is not None and role["RoleId"] != session.get("RoleId"):
                role = None  # the role was deleted and re-created: old sessions lose it
            caller = Caller(principals.session_principal(world, session, role), "assumed-role", role=role)
        caller.session = session
        caller.access_key_id = creds.access_key_id
        caller.mfa_present = bool(session.get("MFAAuthenticated"))
        caller.mfa_auth_time = mfa_time
        caller.token_issue_time = issued
        return caller

    def _publish_auth_failure(self, key_id: str, exc: AwsError, origin: Origin | None, service: str) -> None:
        self._publish(events.AUTHENTICATION, origin or Origin(), service=service, access_key_id=key_id,
                      decision=events.FAILED, message=f"{exc.code}: {exc.message}")

    # -- authorization ---------------------------------------------------------------------------

    def policies_for(self, caller: Caller) -> tuple[list[PolicyRef], list[PolicyRef] | None, list[PolicyRef] | None]:
        world = self.world
        if caller.kind == "user":
            user = world["users"].get(caller.user["UserName"]) or caller.user
            identity = principals.user_identity_refs(world, user)
            if (world.meta.get("password_policy") or {}).get("AllowUsersToChangePassword"):
                identity.append(principals.change_password_grant())
            return identity, principals.boundary_refs(world, user), None
        if caller.kind == "assumed-role":
            role = world["roles"].get(caller.role["RoleName"]) if caller.role else None
            if role is None or (caller.role and role["RoleId"] != caller.role["RoleId"]):
                return [], None, principals.session_policy_refs(world, caller.session or {})
            return (principals.role_identity_refs(world, role), principals.boundary_refs(world, role),
                    principals.session_policy_refs(world, caller.session or {}))
        return [], None, None

    def authorize(self, caller: Caller, origin: Origin, action: str, resource: str, context: dict,
                  resource_policy: PolicyRef | None = None, resource_account: str | None = None,
                  quote_resource: bool = False, service: str = "", operation: str = "",
                  publish: bool = True, dry_run: bool = False, notes: tuple[str, ...] = ()) -> Decision:
        identity, boundary, session = self.policies_for(caller)
        ctx = base_context(self.world, caller, origin)
        ctx.update(context)
        auth = policy.Authorization(
            principal=caller.principal, action=action, resource=resource,
            context=policy.RequestContext.from_mapping(ctx), identity=identity, boundary=boundary, session=session,
            resource_policy=resource_policy, resource_account=resource_account, quote_resource=quote_resource,
        )
        decision = policy.evaluate(auth, explain=publish)
        if publish:
            problems = principals.problems(identity, boundary, session, resource_policy)
            self.publish(decision, caller, origin, service, operation, ctx, dry_run=dry_run,
                         notes=[*notes, *problems])
        return decision

    def publish(self, decision: Decision, caller: Caller, origin: Origin, service: str, operation: str,
                context: dict, dry_run: bool = False, notes: list[str] | tuple = ()) -> DecisionEvent:
        """The event of a decision the policies made."""
        ex = decision.explain
        deciding = decision.deciding
        return self._publish(
            events.DECISION, origin, caller, service=service, operation=operation,
            action=ex.action if ex else "", resource=ex.resource if ex else "", decision=decision.decision,
            message=decision.message, deciding_type=decision.deciding_type,
            deciding_policy=deciding.ref.name if deciding else None,
            deciding_statement=(events.DecidingStatement(deciding.statement.sid, deciding.statement.index)
                                if deciding else None),
            context=context, explain=events.compact_explain(ex) if ex else None, dry_run=dry_run, notes=tuple(notes))

    def publish_public(self, caller: Caller, origin: Origin, service: str, operation: str, action: str,
                       note: str) -> DecisionEvent:
        """The event of a call that needs no permission (GetCallerIdentity, GetSessionToken)."""
        return self._publish(events.PUBLIC, origin, caller, service=service, operation=operation, action=action,
                             resource="*", decision=ALLOWED, message=note)

    def publish_refusal(self, origin: Origin, service: str, operation: str, action: str, resource: str,
                        message: str, principal_type: str = "", notes: tuple[str, ...] = ()) -> DecisionEvent:
        """The event of a request refused before any policy was asked: credentials that are not
        AWS credentials (a web identity token) and that did not pass."""
        return self._publish(events.AUTHENTICATION, origin, service=service, operation=operation,
                             principal_type=principal_type, action=action, resource=resource,
                             decision=events.FAILED, message=message, notes=tuple(notes))

    def publish_signin(self, principal_arn: str, principal_type: str, ok: bool, message: str,
                       origin: Origin) -> DecisionEvent:
        """The event of a console sign-in, successful or not (as CloudTrail's ConsoleLogin)."""
        return self._publish(events.SIGNIN, origin, service="signin", operation="ConsoleLogin",
                             principal=principal_arn, principal_type=principal_type, action="signin:ConsoleLogin",
                             resource="*", decision=ALLOWED if ok else events.FAILED, message=message)

    def _publish(self, kind: str, origin: Origin, caller: Caller | None = None, **fields) -> DecisionEvent:
        """The one place events are made. During a call they wait for its end (``call``), so
        returned with ``seq`` 0; otherwise they are appended to the world's log at once."""
        if caller is not None:
            fields.setdefault("principal", caller.arn)
            fields.setdefault("principal_type", caller.principal.principal_type)
            fields.setdefault("access_key_id", caller.access_key_id or "")
        base = dict(service="", operation="", principal="", principal_type="", access_key_id="", action="",
                    resource="", message="", context={})
        event = DecisionEvent(kind=kind, time=self.world.now().isoformat(), machine=origin.machine,
                              source=origin.via, region=origin.region, **{**base, **fields})
        calls = self._calls.stack
        if calls:
            calls[-1].append(event)
            return event
        return self._append(event)

    def _append(self, event: DecisionEvent) -> DecisionEvent:
        stored = self.world.events.append(event.to_dict())
        return event._replace(seq=stored["seq"])

    def _publish_call(self, pending: list[DecisionEvent], error: BaseException | None) -> None:
        """A call's events, in the order they were made, its allowed decisions with its outcome."""
        code, message = _error_of(error)
        for event in pending:
            if event.is_request and event.allowed:
                # a dry run's DryRunOperation is its answer, "would have succeeded" (EC2 API Reference)
                failed = code is not None and not (event.dry_run and code == "DryRunOperation")
                event = event._replace(outcome_recorded=True, error_code=code if failed else None,
                                       error_message=message if failed else None)
            self._append(event)

    # -- the call ----------------------------------------------------------------------------------

    @staticmethod
    def anonymous() -> Caller:
        """An unsigned request (``--no-sign-request``): only resource-based policies can allow it."""
        return Caller(Principal("*", "anonymous"), "anonymous")

    def call(self, who: Credentials | Caller, service: str, operation: str, params: dict,
             origin: Origin | None = None) -> dict:
        origin = origin or Origin()
        op = registry.lookup(service, operation)
        changes = op.changes(params)
        calls = self._calls.stack
        pending: list[DecisionEvent] = []  # this call's events, published when it ends
        calls.append(pending)
        error = None
        try:
            with self.world.transaction():  # saving the change is part of the call: it may fail too
                if isinstance(who, Caller):
                    caller = who
                elif op.unsigned:
                    caller = self.anonymous()  # no signature is looked at: the request carries its own proof
                else:
                    caller = self.authenticate(who, service, origin)
                ctx = CallContext(self, caller, origin, service, operation,
                                  dry_run=bool((params or {}).get("DryRun")))
                if changes:
                    self._note_key_use(caller, service, origin)
                enums.check(service, operation, params or {})  # the service's input validation, before authorizing
                list_pages.check(service, operation, params or {})
                result = op.handler(ctx, dict(params or {}))
                if not op.public and not ctx.decisions:
                    raise RuntimeError(f"{service}:{operation} ran without an authorization decision")
                if result is not None:
                    result = list_pages.cut(service, operation, params or {}, result)
        except BaseException as exc:
            error = exc
            raise
        finally:
            calls.pop()
            self._publish_call(pending, error)
        if not changes:
            self._note_key_use_if_possible(caller, service, origin)
        return result if result is not None else {}

    def _note_key_use_if_possible(self, caller: Caller, service: str, origin: Origin) -> None:
        """A read's bookkeeping, on its own: a world that cannot be saved (a full or read-only
        disk) still answers reads, without the record of when the key was last used."""
        try:
            with self.world.transaction():
                self._note_key_use(caller, service, origin)
        except WorldWriteError:
            pass

    def _note_key_use(self, caller: Caller, service: str, origin: Origin) -> None:
        """``AccessKeyLastUsed`` / ``RoleLastUsed``, to the minute as AWS reports them."""
        with self.world.bookkeeping():
            self._record_use(caller, service, origin)

    def _record_use(self, caller: Caller, service: str, origin: Origin) -> None:
        minute = self.world.now().replace(second=0).isoformat()
        if caller.access_key_id and caller.access_key_id.startswith("AKIA"):
            key = self.world["access_keys"].get(caller.access_key_id)
            if key and (key.get("LastUsed") or {}).get("LastUsedDate") != minute:
                key = dict(key)
                key["LastUsed"] = {"LastUsedDate": minute, "ServiceName": service, "Region": origin.region or "N/A"}
                self.world["access_keys"].put(key)
        if caller.kind == "assumed-role" and caller.role:
            role = self.world["roles"].get(caller.role["RoleName"])
            if role and (role.get("RoleLastUsed") or {}).get("LastUsedDate") != minute:
                role = dict(role)
                role["RoleLastUsed"] = {"LastUsedDate": minute, "Region": origin.region or "us-east-1"}
                self.world["roles"].put(role)


def _error_of(error: BaseException | None) -> tuple[str | None, str | None]:
    """The code and message a failed call answered with, as CloudTrail records them."""
    if error is None:
        return None, None
    if isinstance(error, AwsError):
        return error.code, error.message
    # not an AWS answer: the world could not be saved, or a bug (whose words may hold world data)
    return "InternalFailure", (error.message if isinstance(error, SandboxError) else
                               "The request processing has failed because of an unknown error, exception or failure.")


def _signature_error() -> AwsError:
    return AwsError("SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided. Check your "
                    "AWS Secret Access Key and signing method. Consult the service documentation for details.", 403)
