"""The IAM Sandbox app: modes (Console, Simulator), the signed-in principal, live updates
from the world (including changes made by ``iam-sandbox aws`` in another terminal)."""

from __future__ import annotations

import sys

from textual.app import App
from textual.binding import Binding

from sandbox.errors import SandboxError
from sandbox.paths import asset_path
from sandbox.services.gateway import Gateway
from sandbox.shell.session import ShellSession
from sandbox.tui.commands import SandboxCommands
from sandbox.tui.console import ConsoleScreen
from sandbox.tui.learn import LearnScreen
from sandbox.tui.session import AppSession
from sandbox.tui.simulator import SimulatorScreen
from sandbox.world.store import World
from sandbox.world.worldfile import WorldError

POLL_SECONDS = 0.5


class SandboxApp(App):
    TITLE = "IAM Sandbox"
    CSS_PATH = str(asset_path("tui", "app.tcss"))
    MODES = {"console": ConsoleScreen, "simulator": SimulatorScreen, "learn": LearnScreen}
    DEFAULT_MODE = "console"
    COMMANDS = App.COMMANDS | {SandboxCommands}
    BINDINGS = [
        Binding("f2", "switch_mode('console')", "Console", id="mode-console"),
        Binding("f3", "switch_mode('simulator')", "Simulator", id="mode-simulator"),
        Binding("f4", "switch_mode('learn')", "Learn", id="mode-learn"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("f5", "sign_in", "Sign in as…", id="sign-in"),
        Binding("f6", "toggle_theme", "Dark/light", id="toggle-theme"),
        Binding("ctrl+q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, world: World, sign_in: bool = True, scenario_dirs: list | None = None):
        super().__init__()
        self.scenario_dirs = list(scenario_dirs or [])
        self.session = AppSession(world, Gateway(world))
        self.shell = ShellSession(self.session.gateway, "laptop", via="cli")
        self._ask_sign_in = sign_in
        self._pending_events: list[dict] = []
        self.unreadable: WorldError | None = None  # why the world file cannot be read, while it cannot
        self.quit_message: str | None = None  # printed after the app has closed (run)
        last = world.events.tail(1)
        self.session.last_seq = last[0]["seq"] if last else 0
        self.session.stamp = world.stamp()

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None, markup: bool = True):
        """Notifications carry names and AWS messages (which contain brackets): never markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def action_help_quit(self) -> None:
        """Ctrl+C outside the terminal: say how to quit (Textual's text is markup)."""
        self.notify("Press Ctrl+Q to quit the app.", title="Do you want to quit?")

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.update_title()
        if self._ask_sign_in:
            self.action_sign_in(cancellable=False)
        self.set_interval(POLL_SECONDS, self.poll)

    # -- who is signed in ------------------------------------------------------------------------

    def update_title(self) -> None:
        self.sub_title = f"Signed in: {self.session.signed_in}"

    def action_sign_in(self, cancellable: bool = True) -> None:
        from sandbox.tui.signin import SignInScreen

        def done(result) -> None:
            if result is None:
                return
            self.session.caller = result.caller
            self.session.who = result.who
            self.update_title()
            self.notify(f"Signed in as {result.caller.arn}" + (" with MFA" if result.caller.mfa_present else ""))
            self.refresh_views()

        self.push_screen(SignInScreen(self.session, cancellable=cancellable), done)

    def start_scenario(self, scenario) -> None:
        """Reset the world to the scenario's setup and show the guide beside the console."""
        from sandbox.scenarios import engine
        from sandbox.scenarios.setup import SetupError

        try:
            secrets = engine.start(self.session.gateway, scenario)
        except SetupError as exc:
            self.notify(str(exc), title="The scenario's setup failed", severity="error", timeout=12)
            return
        except SandboxError as exc:
            self.notify(exc.message, title="The scenario was not started", severity="error", timeout=12)
            return
        self.shell.frames[:] = self.shell.frames[:1]
        self.switch_mode("console")
        self.refresh_views()
        self.notify(f"Started: {scenario.title}. The guide is on the left (g switches it with the navigation).",
                    timeout=8)
        # the world was rebuilt: sign in again as the same kind of principal
        if self.session.caller is not None and self.session.caller.kind == "user":
            admin = self.session.world["users"].get(self.session.who) or self.session.world["users"].get("admin")
            if admin is not None:
                from sandbox.services import principals
                from sandbox.services.gateway import Caller

                self.sign_in_as(Caller(principals.user_principal(self.session.world, admin), "user", user=admin,
                                       console=True, mfa_present=False))
        return secrets

    def sign_in_as(self, caller) -> None:
        """Sign in directly (tests, scripted demos)."""
        self.session.caller = caller
        self.update_title()

    # -- live updates ------------------------------------------------------------------------------

    def poll(self) -> None:
        world = self.session.world
        try:
            world.refresh()
        except WorldError as exc:
            self.world_unreadable(exc)
            return
        except OSError as exc:
            self.world_unreadable(WorldError(f"The world file {world.path} cannot be read: {exc.strerror or exc}."))
            return
        if self.unreadable is not None:
            self.world_readable_again()
        stamp = world.stamp()
        new = world.events.since(self.session.last_seq)
        if new:
            self.session.last_seq = new[-1]["seq"]
            self._pending_events.extend(new)
        if self._pending_events:
            self._deliver_events()
        if stamp != self.session.stamp:
            self.session.stamp = stamp
            self.refresh_views()

    # -- a world file that cannot be read ----------------------------------------------------------------

    def world_unreadable(self, problem: WorldError) -> None:
        """Another process damaged the world file: say so once, keep the last good world on screen.

        Nothing is saved meanwhile: every change re-reads the file first, and the storage refuses it.
        """
        from sandbox.tui.damaged import DamagedWorldScreen

        first = self.unreadable is None
        self.unreadable = problem
        if first:
            self.push_screen(DamagedWorldScreen(problem.message))

    def world_readable_again(self) -> None:
        from sandbox.tui.damaged import DamagedWorldScreen

        self.unreadable = None
        if isinstance(self.screen, DamagedWorldScreen):
            self.screen.dismiss(None)
        self.notify("The world file can be read again; the app shows it now.", title="World repaired", timeout=8)

    def quit_unreadable(self) -> None:
        """Quit because the world cannot be read: the message is printed after the app closes, exit 1."""
        if self.unreadable is not None:
            self.quit_message = self.unreadable.message
        self.exit(return_code=1)

    async def action_quit(self) -> None:
        if self.unreadable is not None:  # leave with the message and a failure status, as the CLI would
            self.quit_unreadable()
            return
        await super().action_quit()

    def _handle_exception(self, error: Exception) -> None:
        """Textual's handler for an exception nothing caught (it always ends the app). When the cause is
        the world file (damaged while a dialog or worker was using it), end it cleanly: no traceback,
        the message the command line gives, exit status 1."""
        problem = _sandbox_error_in(error)
        if problem is None:
            super()._handle_exception(error)
            return
        self.quit_message = problem.message
        self.exit(return_code=1)

    def _deliver_events(self) -> None:
        try:
            console = self.get_screen("console") if "console" in self._installed_screens else None
        except Exception:
            console = None
        for screen in self.screen_stack:
            if isinstance(screen, ConsoleScreen):
                console = screen
        if isinstance(console, ConsoleScreen) and console.is_mounted:
            self.pull_events(console)

    def pull_events(self, console: ConsoleScreen) -> None:
        from sandbox.tui.decisions import DecisionPane

        if self._pending_events:
            events, self._pending_events = self._pending_events, []
            console.query_one(DecisionPane).add_events(events)

    def refresh_views(self) -> None:
        """Re-read the world into whatever is on screen (cheap when nothing changed)."""
        self.session.stamp = self.session.world.stamp()
        new = self.session.world.events.since(self.session.last_seq)
        if new:
            self.session.last_seq = new[-1]["seq"]
            self._pending_events.extend(new)
        for screen in self.screen_stack:
            if isinstance(screen, ConsoleScreen) and screen.is_mounted:
                self.pull_events(screen)
                screen.refresh_views()
            if isinstance(screen, SimulatorScreen) and screen.is_mounted:
                screen.refresh_sources()

    # -- shared actions ---------------------------------------------------------------------------------

    def action_help(self) -> None:
        from sandbox.tui.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def terminal_run(self, line: str) -> None:
        from sandbox.tui.terminal import TerminalPane

        self.switch_mode("console")
        self.screen.query_one(TerminalPane).run_command(line)

    def simulate_text(self, text: str, grammar: str = "identity") -> None:
        """Open the simulator with a policy (from the editor: test before committing)."""
        self.switch_mode("simulator")
        screen = self.screen
        if isinstance(screen, SimulatorScreen):
            screen.set_policy(text)
            self.notify("The simulator has your unsaved policy: choose actions and press Ctrl+R.")

    def open_editor_for(self, kind: str, key: str) -> None:
        from sandbox.tui.editor_targets import target_for

        target = target_for(self.session.world, kind, key)
        if target is None:
            self.notify("There is no policy to edit there.", severity="warning")
            return
        from sandbox.tui.editor import PolicyEditor

        self.push_screen(PolicyEditor(target))


def _sandbox_error_in(error: BaseException | None) -> SandboxError | None:
    """The SandboxError behind ``error`` (a worker's failure wraps it), if there is one."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, SandboxError):
            return error
        wrapped = getattr(error, "error", None)
        error = wrapped if isinstance(wrapped, BaseException) else (error.__cause__ or error.__context__)
        seen += 1
    return None


def run(world: World, scenario_dirs: list | None = None) -> int:
    app = SandboxApp(world, scenario_dirs=scenario_dirs)
    app.run()
    if app.quit_message:
        sys.stderr.write(f"iam-sandbox: {app.quit_message}\n")
    return app.return_code or 0
