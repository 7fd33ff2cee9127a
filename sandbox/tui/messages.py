"""The messages screens and widgets send up to the app (handled there with ``@on``),
instead of calling App methods: each says what happened or what is wanted, and the app
decides how."""

from __future__ import annotations

from textual.message import Message

from sandbox.workspace import Change


class ViewsStale(Message):
    """The world may have changed: redraw whatever shows it."""


class DecisionsPublished(Message):
    """Requests were made without changing anything (the console's reads): show their
    decisions now rather than at the next poll."""


class Changed(Message):
    """A change of the workspace finished (any front end, any thread of this process)."""

    def __init__(self, change: Change):
        super().__init__()
        self.change = change


class EditPolicy(Message):
    """Open the policy editor on ``kind`` (managed | new-policy | copy-policy | inline |
    trust | bucket) and ``key`` (what names it)."""

    def __init__(self, kind: str, key: str = ""):
        super().__init__()
        self.kind = kind
        self.key = key


class SimulatePolicy(Message):
    """Open the simulator with this policy text (unsaved, from the editor or a menu)."""

    def __init__(self, text: str, grammar: str = "identity"):
        super().__init__()
        self.text = text
        self.grammar = grammar


class RunInTerminal(Message):
    """Type this line into the console's terminal (e.g. ``ssh web-1``)."""

    def __init__(self, line: str):
        super().__init__()
        self.line = line


class StartScenario(Message):
    """Reset the world to this scenario's setup and show its guide."""

    def __init__(self, scenario):
        super().__init__()
        self.scenario = scenario


class WorldReplaced(Message):
    """The world was rebuilt under the views (a scenario's step was reset): they start over."""


class QuitUnreadable(Message):
    """Quit because the world file cannot be read (with the message, exit status 1)."""


class OpenScenario(Message):
    """Show this scenario in Learn mode (selected, not started: starting resets the world)."""

    def __init__(self, scenario_id: str):
        super().__init__()
        self.scenario_id = scenario_id


class SimulateRequest(Message):
    """Open the simulator filled in from a ``SimulateCustomPolicy`` request (JSON text): its
    identity policies, permissions boundary, resource policy, caller, actions, resources and
    context (a generated quiz question's request)."""

    def __init__(self, request: str):
        super().__init__()
        self.request = request
