"""The workspace: what every front end shares (the app, ``iam-sandbox aws``,
``iam-sandbox shell``, ``iam-sandbox scenario``, quizzes).

It holds the world, the gateway, who is signed in to the console, and the terminals it
opened. Every learner action runs inside ``change()``: the scenario's undo point is
taken there (only when a call mutates) and the scenario's progress is reported after.
Front ends receive new events through ``follow()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sandbox.errors import SandboxError, bug_text
from sandbox.scenarios import undo
from sandbox.services import events, principals, regions, registry
from sandbox.services.events import DecisionEvent
from sandbox.services.gateway import Caller, Origin
from sandbox.workspace.change import Change, ScopedGateway, Scopes
from sandbox.world.store import World

if TYPE_CHECKING:  # pragma: no cover
    from sandbox.services.console import SignInResult
    from sandbox.shell.session import ShellSession

CONSOLE_ORIGIN = Origin(machine="console", source_ip="203.0.113.10", via="console")
# services whose console has a Region selector (EC2's and Cognito's consoles show the Region
# chosen, and send their requests there); the others' consoles say "Global" and send their
# requests to us-east-1 (IAM is global; the S3 console lists every Region's buckets)
REGIONAL = ("ec2", "cognito-idp", "cognito-identity", "cognito-sync")


class ConsoleSession:
    """Who is signed in to the (simulated) AWS Management Console, and the Region its
    regional consoles (EC2, Cognito) show. (A plain class: start-up time, as ``Origin``.)"""

    def __init__(self, caller: Caller | None = None, who: str = "", region: str = regions.DEFAULT):
        self.caller = caller
        self.who = who  # "root" or the IAM user name
        self.region = region

    def origin(self, service: str) -> Origin:
        """Where the console's requests to ``service`` come from (and are sent to)."""
        return CONSOLE_ORIGIN.replace(region=self.region if service in REGIONAL else regions.DEFAULT)

    @property
    def signed_in(self) -> str:
        if self.caller is None:
            return "not signed in"
        return self.caller.arn + (" (MFA)" if self.caller.mfa_present else "")


class Workspace:
    def __init__(self, world: World, scenario_dirs: list | None = None):
        self.world = world
        self.scenario_dirs = list(scenario_dirs or [])  # the instructor's folders (--scenarios DIR)
        self._scopes = Scopes()
        self.gateway = ScopedGateway(world, self._scopes)
        self.console = ConsoleSession()
        self.terminals: list[ShellSession] = []
        self._stamp = world.stamp()
        # told about every finished change (the app redraws and shows its progress); called on
        # the thread that made the change
        self.watchers: list[Callable[[Change], None]] = []

    # -- changes --------------------------------------------------------------------------------------

    @contextmanager
    def change(self, frontend: str, title: str | None = None) -> Iterator[Change]:
        """The scope of one learner action. After it, ``Change.progress`` holds the scenario
        progress to show (also when the action failed half-way: what it did counts)."""
        outer = self._scopes.open
        if outer is not None:  # a change inside a change is part of it (and may name it)
            outer.title = outer.title or title
            yield outer
            return
        change = Change(frontend, title)
        self._scopes.open = change
        try:
            yield change
        finally:
            self._scopes.open = None
            self._finish(change)

    def _finish(self, change: Change) -> None:
        if change.undo_snapshot is not None:
            undo.record(self.world, change.undo_snapshot, change.label)
        if self.world.meta.get("scenario"):
            change.progress = self._progress()
        self._stamp = self.world.stamp()  # refresh() reports the changes of other processes only
        for watcher in list(self.watchers):
            watcher(change)

    def _progress(self) -> list[str]:
        from sandbox.scenarios import engine  # scenarios load only while one runs (start-up time)

        try:
            return engine.after_change(self.gateway, self.scenario_dirs)
        except SandboxError as exc:  # the world could not be saved: the command said so already
            return [f"(scenario progress not saved: {exc.message})"]
        except Exception as exc:  # a bug must not break the learner's command, nor print world data
            return [f"(scenario check failed: {bug_text(exc)})"]

    def undo_point(self) -> undo.UndoPoint | None:
        """What Undo would revert now, if anything."""
        return undo.current(self.world)

    def undo(self) -> undo.UndoPoint | None:
        """Go back to the state before the learner's last change; None when there is none."""
        point = undo.undo(self.world)
        self._stamp = self.world.stamp()
        return point

    def judge_progress(self) -> list[str]:
        """Judge the scenario's progress now (after a change this workspace did not make,
        such as ``iam-sandbox world advance`` in another terminal)."""
        return self._progress() if self.world.meta.get("scenario") else []

    # -- scenarios ------------------------------------------------------------------------------------

    def start_scenario(self, scenario, learner: str | None = None) -> dict:
        """Reset the world to the scenario's setup (raises ``SetupError``); returns its secrets.

        Nothing is left to undo; terminals come back to the laptop; the console is signed in
        again (``sign_in_again``)."""
        from sandbox.scenarios import engine  # scenarios load only when used (start-up time)

        secrets = engine.start(self.gateway, scenario, learner)
        self.back_to_laptop()
        self.sign_in_again(scenario.setup.get("signed_in"))
        return secrets

    def sign_in_again(self, who: str | None = None) -> None:
        """After the world was rebuilt: the console is signed in as ``who`` ("root" or a user
        name; the setup's ``signed_in``), else as the same kind of principal as before, read
        from the new world. Nothing of the old session survives: root signs in again without
        MFA (its MFA device, like its password, is the new world's)."""
        caller = self.console.caller
        if who is None and caller is None:
            return
        if who == "root" or (who is None and caller is not None and caller.kind == "root"):
            self.sign_in_as(Caller(principals.root_principal(self.world), "root", console=True, mfa_present=False))
            return
        users = self.world["users"]
        user = users.get(who or self.console.who) or users.get("admin")
        self.sign_in_as(None if user is None else Caller(principals.user_principal(self.world, user), "user",
                                                         user=user, console=True, mfa_present=False))

    # -- the console ------------------------------------------------------------------------------------

    def sign_in(self, *, root: bool, user_name: str | None, password: str, mfa_code: str | None = None,
                new_password: str | None = None) -> SignInResult:
        """Sign in to the console (raises ``SignInError``); a scenario step may wait for it."""
        from sandbox.services.console import sign_in  # not needed by iam-sandbox aws (start-up time)

        with self.change("console"):
            result = sign_in(self.gateway, root=root, user_name=user_name, password=password, mfa_code=mfa_code,
                             new_password=new_password)
        self.sign_in_as(result.caller, result.who)
        return result

    def sign_in_as(self, caller: Caller | None, who: str = "") -> None:
        """Sign in directly (tests, a scenario's restart, scripted demos)."""
        self.console.caller = caller
        if caller is None:
            self.console.who = ""
        else:
            self.console.who = who or ("root" if caller.kind == "root" else (caller.user or {}).get("UserName", ""))

    def call(self, service: str, operation: str, params: dict) -> dict:
        """An operation as the signed-in console principal, through the gateway; a change of
        its own unless it is part of one (a console workflow)."""
        if self.console.caller is None:
            raise RuntimeError("sign in first")
        with self.change("console"):
            return self.gateway.call(self.console.caller, service, operation, params, self.console.origin(service))

    def read(self, service: str, operation: str, params: dict | None = None) -> dict:
        """A read the console makes to show a page (a list, a tab, the dashboard): a request as
        the signed-in principal like any other (authorized, its decision published, tagged
        ``via=console``), but not a change: nothing to undo, no redraw of the views after it.

        Raises ``AwsError`` (with the refusing ``decision`` when a policy refused it);
        ``RuntimeError`` when nobody is signed in or the operation is not a read."""
        if self.console.caller is None:
            raise RuntimeError("sign in first")
        if registry.lookup(service, operation).mutates:
            raise RuntimeError(f"{service}:{operation} changes the account: it is not a console read")
        return self.gateway.call(self.console.caller, service, operation, params or {}, self.console.origin(service))

    # -- terminals ------------------------------------------------------------------------------------

    def terminal(self, frontend: str = "terminal", machine: str = "laptop",
                 ask: Callable[[str], str] | None = None) -> ShellSession:
        """A terminal on a sandbox machine whose every line is one change."""
        from sandbox.shell.session import ShellSession  # not needed by iam-sandbox aws (start-up time)

        session = ShellSession(self.gateway, machine, ask=ask, via="cli",
                               change_scope=lambda line: self.change(frontend))
        self.terminals.append(session)
        return session

    def back_to_laptop(self) -> None:
        """The world was rebuilt (a scenario started): terminals leave the instances."""
        for session in self.terminals:
            del session.frames[1:]

    # -- seeing what changed ---------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Read changes made by other processes; True when the world changed since last asked.

        Raises ``WorldError`` (or ``OSError``) when the world file cannot be read."""
        self.world.refresh()
        stamp = self.world.stamp()
        changed, self._stamp = stamp != self._stamp, stamp
        return changed

    def follow(self, since: int) -> list[DecisionEvent]:
        """Events after sequence number ``since``, from this process and any other (the log
        is read only past what was read before, and not at all when it has not grown)."""
        return events.since(self.world, since)

    @property
    def newest_event(self) -> int:
        """The sequence number of the newest event (where a new follower starts)."""
        return self.world.events.last_seq()
