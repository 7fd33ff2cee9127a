"""Every command of the app, declared once: id, key, title, help and action, and where it
applies (the whole app, or one kind of screen). The key bindings, the command palette's
entries and the help screen's rows are all generated from this table, so they cannot
drift apart.

An action is a Textual action string run on the app (``where="app"``) or on the screen
the command applies to.
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
    action: str  # a Textual action, run on the app or on the screen it applies to
    key: str | None = None  # None: reached from the palette only
    where: str = "app"  # app | console | simulator | learn | editor | quiz | quiz-sitting | quiz-result | quiz-tips
    show: bool = True  # shown in the footer


def _console_forms() -> list[Command]:
    forms = [("create_user", "Create user", "IAM: a user, with a group and a console password if you like"),
             ("create_group", "Create user group", "IAM: groups give their members policies collectively"),
             ("create_role", "Create role", "IAM: trusted entity, permissions, instance profile"),
             ("password_policy", "Edit account password policy", "IAM account settings"),
             ("create_bucket", "Create bucket", "S3")]
    return [Command(f"form-{name.replace('_', '-')}", title, help_text, f"console_form('{name}')")
            for name, title, help_text in forms]


COMMANDS: tuple[Command, ...] = (
    Command("mode-console", "Console", "Users, groups, roles, policies, instances, buckets",
            "switch_mode('console')", "f2"),
    Command("mode-simulator", "Simulator", "The IAM policy simulator: test policies before you commit",
            "switch_mode('simulator')", "f3"),
    Command("mode-learn", "Learn", "Scenarios that teach the notes step by step", "switch_mode('learn')", "f4"),
    Command("mode-quiz", "Quiz", "Questions on the exam tips: practice, a timed exam, review, spaced repetition, "
            "tips", "switch_mode('quiz')", "f8"),
    Command("help", "Help", "Keys and what the panes are", "help", "question_mark"),
    Command("sign-in", "Sign in as…", "Sign in to the console as root or an IAM user", "sign_in", "f5"),
    Command("toggle-theme", "Dark/light", "Switch between the dark and the light theme", "toggle_theme", "f6"),
    Command("quit", "Quit", "Leave the app", "quit", "ctrl+q"),
    *_console_forms(),
    Command("new-policy", "Create customer managed policy", "IAM: opens the policy editor",
            "edit_policy('new-policy')"),
    *(Command(f"go-{section}", f"Go to {TITLES[section]}", "Console", f"go_to('{section}')") for section in SECTIONS),
    # the console
    Command("console-actions", "Actions", "What can be done to the selected item (create, attach, delete…)",
            "actions", "a", "console"),
    Command("console-edit", "Edit policy", "Edit the selected item's policy in the editor", "edit", "e", "console"),
    Command("console-filter", "Filter", "Filter the list", "filter", "slash", "console"),
    Command("console-sort", "Sort", "Sort the list by the next column", "sort", "s", "console"),
    Command("console-terminal", "Terminal", "Type commands in the terminal on your laptop",
            "focus('term-input')", "ctrl+t", "console"),
    Command("console-decisions", "Decisions", "The live policy decisions (Enter: why?)",
            "focus('decision-table')", "f7", "console"),
    Command("console-nav", "Navigation", "The IAM, EC2 and S3 sections", "focus('nav')", "ctrl+n", "console"),
    Command("console-list", "List", "The list of the section", "focus('list')", "ctrl+l", "console", show=False),
    Command("console-guide", "Guide/navigation", "Switch the left pane between the scenario's guide and the "
            "navigation", "toggle_guide", "g", "console"),
    # the other screens
    Command("sim-run", "Run simulation", "Simulate the chosen actions against the policies", "run", "ctrl+r",
            "simulator"),
    Command("sim-explain", "Why?", "The explanation of the selected result", "explain", "enter", "simulator",
            show=False),
    Command("learn-start", "Start scenario", "Reset the world to the selected scenario's setup and begin",
            "start", "enter", "learn"),
    Command("editor-save", "Save", "Save the policy (AWS refuses what it would refuse)", "save", "ctrl+s", "editor"),
    Command("editor-simulate", "Simulate (unsaved)", "Try the unsaved text in the simulator", "simulate", "ctrl+r",
            "editor"),
    Command("editor-format", "Format JSON", "Indent the document", "format", "ctrl+f", "editor"),
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
    Command("quiz-done", "Done", "Back to the quiz's start", "done", "enter", "quiz-result"),
    Command("quiz-review-missed", "Ask the missed again", "The questions you missed in this sitting, again now",
            "review", "r", "quiz-result"),
    Command("quiz-tip-practise", "Practise this tip", "Questions on the highlighted exam tip", "practise", "enter",
            "quiz-tips"),
    Command("quiz-tips-back", "Back", "Back to the quiz's start", "back", "escape", "quiz-tips"),
)


def applicable(where: str | None) -> list[Command]:
    """The commands of the whole app and of one kind of screen."""
    return [c for c in COMMANDS if c.where in ("app", where)]


def bindings(where: str) -> list[Binding]:
    """The key bindings of the app (``where="app"``) or of one kind of screen."""
    return [Binding(c.key, c.action, c.title, show=c.show, id=c.id) for c in COMMANDS
            if c.where == where and c.key is not None]


def palette(app, screen) -> Iterable[SystemCommand]:
    """The palette's entries for the screen it was opened on: each runs its action on the
    app or on that screen."""
    where = getattr(screen, "COMMAND_SCOPE", None)
    for c in applicable(where):
        target = app if c.where == "app" else screen
        yield SystemCommand(c.title, c.help, partial(app.run_action, c.action, target))


def help_rows(app, where: str | None) -> list[tuple[str, str, str]]:
    """(id, key as displayed, what it does) for each command with a key: the screen's first."""
    rows = []
    for c in sorted((c for c in applicable(where) if c.key), key=lambda c: c.where == "app"):
        rows.append((c.id, app.get_key_display(Binding(c.key, c.action, c.title)), c.title))
    return rows
