"""Every command of the app, declared once: id, key, title, help and action, and where it
applies (the whole app, one kind of screen, or one pane of a screen). The key bindings,
the command palette's entries and the help screen's rows are all generated from this
table, so they cannot drift apart.

One key has one meaning: a key is bound once per screen, and a pane's keys (``pane``) are
bound on that pane's widget, so the footer shows them only while that pane has the focus
(the footer shows the focused widget's keys, then its screen's, then the app's).

An action is a Textual action string run on the app (``where="app"``), on the screen the
command applies to, or, for a pane's command, on the pane's widget (``screen.`` in the
action string runs it on the screen).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from textual.app import SystemCommand
from textual.binding import Binding

from sandbox.workspace.entities import SECTIONS, TITLES


@dataclass(frozen=True)
class Command:
    id: str
    title: str  # in the footer and the palette
    help: str  # under the title in the palette; in the help screen
    action: str  # a Textual action, run on the app, the screen or the pane it applies to
    key: str | None = None  # None: reached from the palette only; "a,b": two keys for the same command
    # app | console | simulator | federation | learn | editor | help | quiz | quiz-sitting | quiz-result | quiz-tips
    where: str = "app"
    show: bool = True  # shown in the footer
    pane: str | None = None  # the id of the widget of the screen whose keys these are
    group: str | None = None  # commands of one group share one label in the footer ("^n ^g Left pane")
    wide: bool = False  # in the footer of wide windows only (the key works at any width)
    # works whatever has the focus, dialogs included (a dialog takes every other key: the sign-in
    # at start, which cannot be cancelled, left no way out of the app)
    priority: bool = False


# the panes of the console whose keys the help screen names, in its order
PANES = {"list": "In the list", "nav": "In the navigation", "guide": "In the guide", "terminal": "In the terminal",
         "decision-table": "In the decisions pane", "learn-table": "In the list of scenarios"}


def _console_forms() -> list[Command]:
    forms = [("create_user", "Create user", "IAM: a user, with a group, a console password and an access key if "
                                            "you like"),
             ("create_group", "Create user group", "IAM: a group, with its policies and members"),
             ("create_role", "Create role", "IAM: trusted entity, permissions, instance profile"),
             ("password_policy", "Edit account password policy", "IAM account settings"),
             ("create_bucket", "Create bucket", "S3")]
    return [Command(f"form-{name.replace('_', '-')}", title, help_text, f"console_form('{name}')")
            for name, title, help_text in forms]


COMMANDS: tuple[Command, ...] = (
    Command("help", "Help", "Keys, what the panes are, and the exam tips", "help", "f1,question_mark"),
    Command("mode-console", "Console", "Users, groups, roles, policies, instances, buckets",
            "switch_mode('console')", "f2", wide=True),
    Command("mode-simulator", "Simulator", "The IAM policy simulator: test policies before you commit",
            "switch_mode('simulator')", "f3", wide=True),
    Command("mode-learn", "Learn", "Scenarios that teach the notes step by step", "switch_mode('learn')", "f4",
            wide=True),
    Command("mode-quiz", "Quiz", "Questions on the exam tips: practice, a timed exam, review, spaced repetition, "
            "tips", "switch_mode('quiz')", "f9", wide=True),
    Command("mode-federation", "Federation", "Sign in with Google, Amazon, Facebook or an OIDC issuer and trade "
            "the token for temporary credentials, hop by hop", "switch_mode('federation')", "f10", show=False),
    Command("sign-in", "Sign in", "Sign in to the console as root or an IAM user", "sign_in", "f5", wide=True),
    Command("toggle-theme", "Dark/light", "Switch between the dark and the light theme", "toggle_theme", "f6",
            show=False),
    Command("quit", "Quit", "Leave the app", "quit", "ctrl+q", show=False, priority=True),
    Command("tips", "Exam tips", "Every exam tip (the notes' and the scenarios'), what AWS changed since, where it "
            "is taught, how well you know it (in Quiz mode)", "tips"),
    *_console_forms(),
    Command("new-policy", "Create customer managed policy", "IAM: opens the policy editor",
            "edit_policy('new-policy')"),
    *(Command(f"go-{section}", f"Go to {TITLES[section]}", "Console", f"go_to('{section}')") for section in SECTIONS),
    # the console: moving between its panes (each key hides itself while its pane has the focus)
    Command("console-list", "List", "The list of the section", "focus_pane('list')", "f8", "console"),
    Command("console-terminal", "Terminal", "Type commands in the terminal on your laptop",
            "focus_pane('terminal')", "ctrl+t", "console"),
    Command("console-decisions", "Decisions", "The live policy decisions (Enter: why?)",
            "focus_pane('decisions')", "f7", "console"),
    Command("console-nav", "Navigation", "The IAM, EC2, S3 and Cognito sections (in the left pane)",
            "focus_pane('nav')", "ctrl+n", "console", group="Nav/guide"),
    Command("console-guide", "Guide", "The running scenario's guide (in the left pane)", "focus_pane('guide')",
            "ctrl+g", "console", group="Nav/guide"),
    Command("console-example", "Example", "Put the guide step's example command in the terminal's prompt, "
            "without running it (again: the next example)", "example", "ctrl+y", "console"),
    Command("console-refresh", "Refresh page", "Read the list and the open tab again, as the signed-in person "
            "(the console reads a page by itself only when the account changed)", "refresh_page", "ctrl+r",
            "console", show=False),
    Command("console-undo", "Undo", "Undo your last change in the running scenario (the guide's Undo button)",
            "undo", "ctrl+z", "console", show=False),
    Command("console-hint", "Next hint", "The next hint of the guide's step", "hint", None, "console"),
    # the console's panes
    Command("console-actions", "Actions", "What can be done to the selected item (create, attach, delete…)",
            "screen.actions", "a", "console", pane="list"),
    Command("console-edit", "Edit", "Edit the selected item's policy in the editor", "screen.edit", "e",
            "console", pane="list"),
    Command("console-filter", "Filter", "Filter the list", "screen.filter", "slash", "console", pane="list"),
    Command("console-sort", "Sort", "Sort the list by the next column", "screen.sort", "s", "console", pane="list"),
    Command("console-next-tab", "Next tab", "The selected item's next tab (Summary, JSON, Versions…)",
            "screen.tab(1)", "right_square_bracket", "console", pane="list"),
    Command("console-prev-tab", "Previous tab", "The selected item's previous tab", "screen.tab(-1)",
            "left_square_bracket", "console", show=False, pane="list"),
    Command("console-next-page", "Next page", "The list's next page (a list shows 100 rows a page, as the console's "
            "tables do; the filter searches every page)", "screen.page(1)", "n", "console", show=False, pane="list"),
    Command("console-prev-page", "Previous page", "The list's previous page", "screen.page(-1)", "p", "console",
            show=False, pane="list"),
    Command("console-region", "Region", "Switch the EC2 and Cognito consoles' Region (IAM and S3 are global)",
            "screen.region", "r", "console", pane="list"),
    Command("console-open-section", "Open", "Show the section's list", "select_cursor", "enter", "console",
            pane="nav"),
    Command("guide-hint", "Hint", "The next hint of the step", "screen.hint", "h", "console", pane="guide"),
    Command("term-clear", "Clear", "Clear the terminal", "clear", "ctrl+l", "console", pane="terminal"),
    Command("decisions-why", "Why?", "The explanation of the selected decision", "select", "enter", "console",
            pane="decision-table"),
    # the other screens
    Command("sim-run", "Run simulation", "Simulate the chosen actions against the policies", "run", "ctrl+r",
            "simulator"),
    Command("sim-explain", "Why?", "The explanation of the selected result", "explain", "enter", "simulator",
            show=False),
    Command("fed-run", "Sign in and assume", "Sign the person in to the app and call AssumeRoleWithWebIdentity",
            "run", "ctrl+r", "federation"),
    Command("fed-explain", "Why?", "The trust decision's full explanation", "explain", "ctrl+e", "federation"),
    Command("learn-start", "Start scenario", "Reset the world to the selected scenario's setup and begin",
            "screen.start", "enter", "learn", pane="learn-table"),
    Command("editor-save", "Save", "Save the policy (AWS refuses what it would refuse)", "save", "ctrl+s", "editor"),
    Command("editor-simulate", "Simulate (unsaved)", "Try the unsaved text in the simulator", "simulate", "ctrl+r",
            "editor"),
    Command("editor-format", "Format JSON", "Indent the document", "format", "ctrl+f", "editor"),
    Command("help-tips", "Exam tips", "Every exam tip, in Quiz mode", "app.tips", "t", "help"),
    # the quiz
    Command("quiz-start", "Start the quiz", "A sitting in the chosen mode, on the chosen topics", "start", "ctrl+s",
            "quiz"),
    Command("quiz-tips", "Exam tips", "Every exam tip: where it is taught, how well you know it", "tips", "t", "quiz"),
    Command("quiz-answer", "Answer/next", "Mark the answer; after the marking, the next question", "answer", "enter",
            "quiz-sitting"),
    Command("quiz-skip", "Skip", "Leave the question unanswered and go on", "skip", "s", "quiz-sitting"),
    Command("quiz-scenario", "Try it in Learn", "The question's scenario in Learn mode (after the answer)", "scenario",
            "l", "quiz-sitting"),
    Command("quiz-simulate", "Simulate it", "The question's policies and request in the simulator (after the answer)",
            "simulate", "p", "quiz-sitting"),
    Command("quiz-end", "End", "End the sitting now and see the result", "end", "escape", "quiz-sitting"),
    Command("quiz-done", "Done", "Back to the quiz's start", "done", "enter,escape", "quiz-result"),
    Command("quiz-review-missed", "Ask the missed again", "The questions you missed in this sitting, again now",
            "review", "r", "quiz-result"),
    Command("quiz-tip-practise", "Practise/try it", "Questions on the highlighted tip of the notes; a scenario's "
            "tip: the scenario in Learn mode", "practise", "enter", "quiz-tips"),
    Command("quiz-tips-back", "Back", "Back to the quiz's start", "back", "escape", "quiz-tips"),
)


WIDE = 120  # the footer of a narrower window leaves out the commands marked ``wide``
PALETTE_ROOM = 12  # the footer's right end: the command palette's key


class FittingFooter:
    """A screen whose footer fits its width: below ``WIDE`` columns it leaves out the
    commands marked ``wide``, and at any width the keys that would not fit whole (the
    focused pane's come first). Their keys still work; Help and the palette list them."""

    @property
    def active_bindings(self):
        shown = super().active_bindings
        width = self.app.size.width
        wide = {c.id for c in COMMANDS if c.wide} if width < WIDE else set()
        room = width - PALETTE_ROOM
        out, groups, actions = {}, set(), set()
        for key, active in shown.items():
            binding = active.binding
            if binding.id in wide:
                continue
            counted = binding.show and key != self.app.COMMAND_PALETTE_BINDING and binding.action not in actions
            if counted:  # one footer item per action (f1 and ? are one item)
                label = "" if binding.group in groups else (binding.group.description if binding.group
                                                             else binding.description)
                need = len(self.app.get_key_display(binding)) + len(label) + 3  # " key label "
                if need > room:
                    continue
                room -= need
                actions.add(binding.action)
                if binding.group:
                    groups.add(binding.group)
            out[key] = active
        return out

    def on_resize(self, event) -> None:
        self.refresh_bindings()


def applicable(where: str | None) -> list[Command]:
    """The commands of the whole app and of one kind of screen (with its panes')."""
    return [c for c in COMMANDS if c.where in ("app", where)]


def bindings(where: str, pane: str | None = None) -> list[Binding]:
    """The key bindings of the app (``where="app"``), of one kind of screen, or of one of
    its panes."""
    return [Binding(c.key, c.action, c.title, show=c.show, id=c.id, priority=c.priority,
                    group=Binding.Group(c.group) if c.group else None)
            for c in COMMANDS if c.where == where and c.pane == pane and c.key is not None]


def palette(app, screen) -> Iterable[SystemCommand]:
    """The palette's entries for the screen it was opened on: each runs its action on the
    app, on that screen or on its pane."""
    where = getattr(screen, "COMMAND_SCOPE", None)
    # a screen's own command replaces the app's of the same title (the quiz's Exam tips)
    own = {c.title for c in COMMANDS if c.where == where}
    for c in applicable(where):
        if c.where == "app" and c.title in own:
            continue
        if c.where == "app":
            target = app
        elif c.pane is None:
            target = screen
        else:
            found = screen.query(f"#{c.pane}") if hasattr(screen, "query") else []
            if not found:
                continue
            target = found.first()
        yield SystemCommand(c.title, c.help, partial(app.run_action, c.action, target))


def key_display(app, key: str) -> str:
    """How the help screen shows a command's key (or keys: ``f1 / ?``)."""
    return " / ".join(app.get_key_display(Binding(k.strip(), "", "")) for k in key.split(","))


def help_rows(app, where: str | None) -> list[tuple[str, str, str, str]]:
    """(id, key as displayed, what it does, where it works) for each command with a key:
    the screen's first, its panes' after, the app's last."""
    order = {name: i for i, name in enumerate(PANES)}
    keyed = [c for c in applicable(where) if c.key]
    keyed.sort(key=lambda c: (c.where == "app", c.pane is not None, order.get(c.pane or "", 0)))

    def group(c: Command) -> str:
        return "Everywhere" if c.where == "app" else PANES.get(c.pane, "In this screen") if c.pane else "In this screen"
    return [(c.id, key_display(app, c.key), c.title, group(c)) for c in keyed]
