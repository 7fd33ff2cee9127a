"""The change scope: what one learner action (a typed line, a submitted form, one
``iam-sandbox aws`` run) did to the account.

``Workspace.change()`` opens a scope; the workspace's gateway (``ScopedGateway``) tells
the open scope about every call that succeeded and ``changes`` the account (the registry's
``mutates``, and not an EC2 ``DryRun``). While a scenario runs, the first such call takes the undo point, inside its
own transaction so the snapshot is the world just before it. Scopes are per thread (the
app's terminal runs commands on a worker thread while forms run on the main one); a scope
opened inside another is part of it.
"""

from __future__ import annotations

import threading

from sandbox.scenarios import undo
from sandbox.services import registry
from sandbox.services.gateway import Gateway

# where a change came from, as the guide words it: "Undo: iam:CreateUser bob (from the terminal)"
FROM = {"terminal": "from the terminal", "console": "from the console", "aws": "from iam-sandbox aws",
        "shell": "from iam-sandbox shell", "quiz": "from a quiz", "scenario": "from the scenario"}

# request parameters that name what a call acted on, most telling first
_NAMES = ("UserName", "GroupName", "RoleName", "PolicyName", "InstanceProfileName", "PolicyArn",
          "PermissionsBoundary", "Bucket", "Key", "InstanceIds", "InstanceId", "AssociationId", "AccessKeyId",
          "VirtualMFADeviceName", "SerialNumber", "AccountAlias", "OpenIDConnectProviderArn", "Url")


def visible(text: str) -> str:
    """Names typed by the learner, with control characters shown rather than sent."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def describe_call(service: str, operation: str, params: dict) -> str:
    """``iam:CreateUser bob``: the operation and (at most two of) the names it acted on."""
    names: list[str] = []
    for key in _NAMES:
        value = (params or {}).get(key)
        if value in (None, "", []):
            continue
        if isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value)
        value = str(value)
        if key.endswith("Arn") or key == "PermissionsBoundary":
            value = value.rsplit("/", 1)[-1]
        names.append(visible(value))
        if len(names) == 2:
            break
    return f"{service}:{operation}" + (" " + " ".join(names) if names else "")


class Change:
    """One learner action; filled in while it runs, read by the front end after it. (A
    plain class: start-up time, as ``Origin``.)"""

    def __init__(self, frontend: str, title: str | None = None):
        self.frontend = frontend  # terminal | console | aws | shell | quiz | scenario
        self.title = title  # a console workflow's own name ("Create user bob")
        self.calls: list[str] = []  # each mutating call that succeeded
        self.undo_snapshot: str | None = None  # the undo point this change took
        self.progress: list[str] = []  # scenario progress to show the learner

    @property
    def mutated(self) -> bool:
        return bool(self.calls)

    @property
    def label(self) -> str:
        """What undoing this change reverts."""
        if self.title:
            what = visible(self.title)
        elif len(self.calls) <= 2:
            what = ", ".join(self.calls)
        else:
            what = f"{self.calls[0]} and {len(self.calls) - 1} more changes"
        return f"{what} ({FROM.get(self.frontend, 'from ' + self.frontend)})"


class Scopes(threading.local):
    """The change open on each thread."""

    def __init__(self):
        self.open: Change | None = None


class ScopedGateway(Gateway):
    """The workspace's gateway: ``Gateway.call`` that tells the open change about each
    mutating call, and takes the scenario's undo point before the first one."""

    def __init__(self, world, scopes: Scopes):
        super().__init__(world)
        self.scopes = scopes

    def call(self, who, service: str, operation: str, params: dict, origin=None) -> dict:
        change = self.scopes.open
        if change is None or not registry.lookup(service, operation).changes(params):
            return super().call(who, service, operation, params, origin)
        with self.world.transaction():  # re-read the world first: the point is the state just before
            snapshot = None
            if change.undo_snapshot is None and self.world.meta.get("scenario"):
                snapshot = undo.take(self.world)
            result = super().call(who, service, operation, params, origin)
        change.calls.append(describe_call(service, operation, params or {}))
        if snapshot is not None:
            change.undo_snapshot = snapshot
        return result
