"""The IAM Sandbox app: modes (Console, Simulator, Learn, Quiz) over one workspace, and live
updates from the world (including changes made by ``iam-sandbox aws`` in another
terminal). Screens and widgets talk to the app with the messages of ``tui.messages``."""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Iterable

from textual import on
from textual.app import App, SystemCommand
from textual.screen import Screen

from sandbox.classroom.config import ClassConfig
from sandbox.errors import SandboxError, bug_text
from sandbox.paths import asset_path
from sandbox.scenarios.setup import SetupError
from sandbox.tui import commands, messages
from sandbox.tui.console import ConsoleScreen
from sandbox.tui.damaged import DamagedWorldScreen
from sandbox.tui.editor import PolicyEditor
from sandbox.tui.forms import ConfirmScreen
from sandbox.tui.help import HelpScreen
from sandbox.tui.learn import LearnScreen
from sandbox.tui.safe import shown
from sandbox.tui.signin import SignInScreen
from sandbox.tui.simulator import SimulatorScreen
from sandbox.tui.terminal import TerminalPane
from sandbox.workspace import Change, Workspace
from sandbox.workspace.policy_documents import target_for
from sandbox.world.store import World
from sandbox.world.worldfile import WorldError

# How often the app looks for changes by other processes (the CLI, a classmate's terminal):
# an unchanged world costs a stat of the world file and of the event log per look.
POLL_SECONDS = 0.25


class SandboxApp(App):
    TITLE = "IAM Sandbox"
    CSS_PATH = str(asset_path("tui", "app.tcss"))
    DEFAULT_MODE = "console"
    BINDINGS = commands.bindings("app")
    # every screen gets one class of each pair, for the layout to fit 80x24 and up (app.tcss)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]

    def __init__(self, world: World, sign_in: bool = True, scenario_dirs: list | None = None,
                 lab: ClassConfig | None = None):
        super().__init__()
        self.lab = lab  # a served class: its scenarios in order, whether solutions may be shown
        self.workspace = Workspace(world, scenario_dirs)
        self.shell = self.workspace.terminal("terminal")
        self.workspace.watchers.append(self._on_change)
        self.scenario_dirs = list(scenario_dirs or [])
        self.add_mode("console", lambda: ConsoleScreen(self.workspace, self.shell))
        self.add_mode("simulator", self._new_simulator)
        self.add_mode("learn", lambda: LearnScreen(self.scenario_dirs, lab=lab))
        self.add_mode("federation", self._federation_screen)
        self.add_mode("quiz", lambda: _quiz_screen(self.scenario_dirs))
        self._ask_sign_in = sign_in
        self.unreadable: WorldError | None = None  # why the world file cannot be read, while it cannot
        self.quit_message: str | None = None  # printed after the app has closed (run)
        self.last_seq = self.workspace.newest_event  # the newest event the decisions pane was given

    def _federation_screen(self) -> Screen:
        from sandbox.tui.federation import FederationScreen  # jwt and cryptography: only when the view opens

        return FederationScreen(self.workspace)

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None, markup: bool = True):
        """Notifications carry names and AWS messages (which contain brackets): never markup,
        and never a raw control character."""
        super().notify(shown(message), title=shown(title), severity=severity, timeout=timeout, markup=False)

    def action_help_quit(self) -> None:
        """Ctrl+C outside the terminal: say how to quit (Textual's text is markup)."""
        self.notify("Press Ctrl+Q to quit the app.", title="Do you want to quit?")

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.update_title()
        if self._ask_sign_in:
            self.action_sign_in(cancellable=False)
        self.set_interval(POLL_SECONDS, self.poll)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: Textual's own commands, the app's command table, and the actions on
        the console's selected item."""
        ours = {c.title for c in commands.COMMANDS}
        yield from (c for c in super().get_system_commands(screen) if c.title not in ours)
        yield from commands.palette(self, screen)
        if isinstance(screen, ConsoleScreen):
            yield from screen.selection_commands()
            yield from screen.guide_commands()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """The key of the mode on screen stays out of the footer (it would do nothing)."""
        if action == "switch_mode" and parameters:
            return parameters[0] != self.current_mode
        return True

    def _new_simulator(self) -> SimulatorScreen:
        return SimulatorScreen(self.workspace)

    # -- who is signed in ------------------------------------------------------------------------

    def update_title(self) -> None:
        self.sub_title = f"Signed in: {self.workspace.console.signed_in}"

    def action_sign_in(self, cancellable: bool = True) -> None:
        self.push_screen(SignInScreen(self.workspace, cancellable=cancellable), self._signed_in)

    def _signed_in(self, result) -> None:
        if result is None:
            return
        self.update_title()
        self.notify(f"Signed in as {result.caller.arn}" + (" with MFA" if result.caller.mfa_present else ""))
        self.refresh_views()

    def sign_in_as(self, caller, who: str = "") -> None:
        """Sign in directly (tests, scripted demos)."""
        self.workspace.sign_in_as(caller, who)
        self.update_title()

    # -- scenarios ------------------------------------------------------------------------------

    @on(messages.StartScenario)
    async def start_scenario(self, message: messages.StartScenario) -> None:
        """Reset the world to the scenario's setup and show the guide beside the console."""
        scenario = message.scenario
        try:
            self.workspace.start_scenario(scenario)
        except SetupError as exc:
            self.notify(str(exc), title="The scenario's setup failed", severity="error", timeout=12)
            return
        except SandboxError as exc:
            self.notify(exc.message, title="The scenario was not started", severity="error", timeout=12)
            return
        self.update_title()
        await self.views_start_over()
        self.shell.log_in_again()
        console = self._console()
        if console is not None:
            console.query_one(TerminalPane).logged_in_again()
        self.notify(f"Started: {scenario.title}. The guide is on the left: Ctrl+Y puts the step's example "
                    "command in the terminal's prompt; Ctrl+N shows the navigation, Ctrl+G the guide again.",
                    timeout=10)

    @on(messages.WorldReplaced)
    async def views_start_over(self) -> None:
        """The world was rebuilt (a scenario started, a step was reset): nothing on screen may
        still show the world before. Editors and dialogs close, the simulator starts afresh,
        the console forgets its filter, selection and decisions."""
        await self.switch_mode("console")
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        for mode, factory in (("simulator", self._new_simulator),):
            await self.remove_mode(mode)
            self.add_mode(mode, factory)
        self.last_seq = self.workspace.newest_event
        console = self._console()
        if console is not None:
            console.reset_views()
        self.refresh_bindings()

    # -- live updates ------------------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        """The workspace's watcher (on the thread that made the change)."""
        if self.is_running:
            self.post_message(messages.Changed(change))

    @on(messages.Changed)
    def changed(self, message: messages.Changed) -> None:
        """A change finished: redraw, and say what it did for the scenario (the terminal says it itself)."""
        self._show_progress(message.change)
        self.refresh_views()

    def _show_progress(self, change: Change) -> None:
        if change.progress and change.frontend != "terminal":
            self.notify("\n".join(change.progress), title="Scenario", timeout=8)

    def poll(self) -> None:
        try:
            changed = self.workspace.refresh()
        except WorldError as exc:
            self.world_unreadable(exc)
            return
        except OSError as exc:
            world = self.workspace.world
            self.world_unreadable(WorldError(f"The world file {world.path} cannot be read: {exc.strerror or exc}."))
            return
        if self.unreadable is not None:
            self.world_readable_again()
        if changed:  # another process changed the world
            progress = self.workspace.judge_progress()
            if progress:
                self.notify("\n".join(progress), title="Scenario", timeout=8)
            self.refresh_views()
        else:
            self._deliver_events()

    @on(messages.ViewsStale)
    def refresh_views(self) -> None:
        """Re-read the world into whatever is on screen (cheap when nothing changed)."""
        self._deliver_events()
        for screen in self.screen_stack:
            if getattr(screen, "COMMAND_SCOPE", None) in ("console", "simulator", "federation") and screen.is_mounted:
                screen.refresh_views()

    @on(messages.DecisionsPublished)
    def _deliver_events(self) -> None:
        """New decisions to the console's decisions pane (whichever screen is on top)."""
        console = self._console()
        if console is None or not console.is_mounted:
            return
        events = self.workspace.follow(self.last_seq)
        if events:
            self.last_seq = events[-1].seq
            console.add_events(events)

    def _console(self) -> ConsoleScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, ConsoleScreen)), None)

    # -- a world file that cannot be read ----------------------------------------------------------------

    def world_unreadable(self, problem: WorldError) -> None:
        """Another process damaged the world file: say so once, keep the last good world on screen.

        Nothing is saved meanwhile: every change re-reads the file first, and the storage refuses it.
        """
        first = self.unreadable is None
        self.unreadable = problem
        if first:
            self.push_screen(DamagedWorldScreen(problem.message))

    def world_readable_again(self) -> None:
        self.unreadable = None
        if isinstance(self.screen, DamagedWorldScreen):
            self.screen.dismiss(None)
        self.notify("The world file can be read again; the app shows it now.", title="World repaired", timeout=8)

    @on(messages.QuitUnreadable)
    def quit_unreadable(self) -> None:
        """Quit because the world cannot be read: the message is printed after the app closes, exit 1."""
        if self.unreadable is not None:
            self.quit_message = self.unreadable.message
        self.exit(return_code=1)

    async def action_quit(self) -> None:
        if self.unreadable is not None:  # leave with the message and a failure status, as the CLI would
            self.quit_unreadable()
            return
        asking = isinstance(self.screen, ConfirmScreen) and self.screen.quitting
        drafts = [s for s in self.screen_stack if isinstance(s, PolicyEditor) and s.is_mounted and s.unsaved()]
        if drafts and not asking:  # Ctrl+Q again in the question is a yes
            question = ConfirmScreen(f"Quit and lose your unsaved changes to {drafts[-1].target.title}?",
                                     lambda: None, "Quit")
            question.quitting = True

            def answered(quit_anyway) -> None:
                if quit_anyway:
                    self.exit()

            self.push_screen(question, answered)
            return
        await super().action_quit()

    def _handle_exception(self, error: Exception) -> None:
        """Textual's handler for an exception nothing caught (it always ends the app). When the cause is
        the world file (damaged while a dialog or worker was using it), end it cleanly: no traceback,
        the message the command line gives, exit status 1. Any other cause is a bug: one line."""
        problem = _sandbox_error_in(error)
        if problem is not None:
            self.quit_message = problem.message
            self.exit(return_code=1)
            return
        # a bug: one line, never Textual's own traceback, whose local variables would print
        # world data (password hashes, secret keys); IAM_SANDBOX_DEBUG adds one without them
        if self._exception is None:  # what run_test re-raises for the tests, as Textual's handler does
            self._exception = error
            self._exception_event.set()
        self.quit_message = f"internal error ({bug_text(error)}). This is a bug in IAM Sandbox."
        if "IAM_SANDBOX_DEBUG" in os.environ:
            self.quit_message += "\n" + "".join(traceback.format_exception(error))
        self.exit(return_code=1)

    # -- shared actions ---------------------------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    async def action_tips(self) -> None:
        """The exam tips (help's t, the palette): Quiz mode's tips view, once its banks have loaded."""
        if isinstance(self.screen, HelpScreen):
            await self.pop_screen()
        await self.switch_mode("quiz")
        self.screen_stack[0].open_tips()

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    async def _show_console(self) -> ConsoleScreen | None:
        await self.switch_mode("console")
        return self._console()

    async def action_go_to(self, section: str) -> None:
        console = await self._show_console()
        if console is not None:
            console.select_section(section)

    async def action_console_form(self, name: str) -> None:
        """A console form (Create user, ...) from anywhere: the console shows, the form opens."""
        console = await self._show_console()
        if console is not None:
            console.open_form(name)

    @on(messages.RunInTerminal)
    async def run_in_terminal(self, message: messages.RunInTerminal) -> None:
        console = await self._show_console()
        if console is not None:
            console.run_in_terminal(message.line)

    @on(messages.SimulatePolicy)
    async def simulate_policy(self, message: messages.SimulatePolicy) -> None:
        """Open the simulator with a policy (from the editor: test before committing)."""
        await self.switch_mode("simulator")
        screen = self.screen
        if isinstance(screen, SimulatorScreen):
            screen.set_policy(message.text)
            self.notify("The simulator has your unsaved policy: choose actions and press Ctrl+R.")

    @on(messages.SimulateRequest)
    async def simulate_request(self, message: messages.SimulateRequest) -> None:
        """Open the simulator filled in from a SimulateCustomPolicy request (a quiz question's)."""
        try:
            request = json.loads(message.request)
        except ValueError:
            request = None
        if not isinstance(request, dict):
            self.notify("That simulation request cannot be read.", severity="error")
            return
        await self.switch_mode("simulator")
        screen = self.screen
        if isinstance(screen, SimulatorScreen):
            screen.load_request(request)
            self.notify("The simulator has the question's policies and request: press Ctrl+R to run it. "
                        "F8 goes back to the quiz.", timeout=8)

    @on(messages.OpenScenario)
    async def open_scenario(self, message: messages.OpenScenario) -> None:
        """Show a scenario in Learn mode, selected (starting it is the learner's choice: it resets the world)."""
        await self.switch_mode("learn")
        screen = self.screen
        if isinstance(screen, LearnScreen) and screen.show_scenario(message.scenario_id):
            self.notify("Enter starts the scenario (the world is reset to its setup; a snapshot keeps yours). "
                        "F8 goes back to the quiz.", timeout=8)

    @on(messages.EditPolicy)
    def edit_policy(self, message: messages.EditPolicy) -> None:
        self.action_edit_policy(message.kind, message.key)

    def action_edit_policy(self, kind: str, key: str = "") -> None:
        target = target_for(self.workspace.world, kind, key)
        if target is None:
            self.notify("There is no policy to edit there.", severity="warning")
            return
        self.push_screen(PolicyEditor(self.workspace, target))


def _quiz_screen(scenario_dirs: list) -> Screen:
    from sandbox.tui.quiz.home import QuizScreen  # lazily (start-up time): the quiz engine loads when Quiz opens

    return QuizScreen(scenario_dirs)


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


def run(world: World, scenario_dirs: list | None = None, lab: ClassConfig | None = None) -> int:
    app = SandboxApp(world, scenario_dirs=scenario_dirs, lab=lab)
    app.run()
    if app.quit_message:
        sys.stderr.write(f"iam-sandbox: {app.quit_message}\n")
    return app.return_code or 0
