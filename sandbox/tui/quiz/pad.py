"""The answer pad: a question's options, answered from the keyboard, then marked with every
option's explanation.

Keys (the same on every kind of question): ↑/↓ move the highlight; a digit acts on that
option, Space on the highlighted one. Single choice and true/false: pick it. Choose N:
toggle it. Ordering: a digit puts that item at the highlighted place and moves on down
(typing 3 1 2 4 gives that order); Shift+↑/↓ move the highlighted item. Matching: a
letter matches the highlighted item to that letter and moves on; a digit highlights an
item; Backspace clears its match. Enter, the sitting's key, answers.

The pad turns what was picked into the answer a learner would type in the terminal
(``2``, ``1,3``, ``3 1 2 4``, ``1b 2a``), so the engine reads one form of answer whatever the
front end.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static

from sandbox.quiz.answers import LETTERS, Outcome, Presented
from sandbox.quiz.model import MATCH, MULTIPLE, ORDER, SINGLE, TRUE_FALSE
from sandbox.tui.safe import Text

KEY_HELP = [("↑ ↓", "Move the highlight"), ("1-8", "Pick, toggle or place that option"),
            ("space", "Pick or toggle the highlighted option"), ("⇧↑ ⇧↓", "Ordering: move the highlighted item"),
            ("a-h", "Matching: match the highlighted item"), ("⌫", "Matching: clear the highlighted match")]


def hint(presented: Presented) -> str:
    """What to press, for the kind of question on screen."""
    q = presented.question
    n = len(presented.order)
    if q.kind == MULTIPLE:
        return f"Choose {q.choose}: press their numbers (or Space on the highlighted one) to toggle, then Enter."
    if q.kind == ORDER:
        return (f"Type the numbers 1-{n} in the right order, first first (a number goes where the highlight is), "
                "or move the highlighted item with Shift+↑/↓. Enter when the order is right.")
    if q.kind == MATCH:
        return (f"For each item press the letter (a-{LETTERS[n - 1]}) it goes with; a number jumps to an item, "
                "Backspace clears one. Enter when all are matched.")
    return f"Press the number of your answer (1-{n}) or Space on the highlighted one, then Enter."


class PadRow(Horizontal):
    """One line of the pad: a marker column and the text, which wraps under itself."""

    def __init__(self, marker: Text, body: Text, classes: str = ""):
        super().__init__(classes=classes)
        self._marker, self._body = marker, body

    def compose(self) -> ComposeResult:
        yield Static(self._marker, classes="pad-marker")
        yield Static(self._body, classes="pad-body")

    def show(self, marker: Text, body: Text, classes: set[str]) -> None:
        self._marker, self._body = marker, body
        if self.is_mounted and self.children:
            self.query_one(".pad-marker", Static).update(marker)
            self.query_one(".pad-body", Static).update(body)
        self.set_classes(classes | {"pad-row"})


class AnswerPad(Vertical, can_focus=True):
    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("space", "pick", "Pick", show=False),
        Binding("shift+up", "move(-1)", "Move up", show=False),
        Binding("shift+down", "move(1)", "Move down", show=False),
        Binding("backspace,delete", "clear", "Clear", show=False),
    ]

    class Changed(Message):
        """The learner changed the answer (the sitting clears its last complaint)."""

    def __init__(self, presented: Presented, **kwargs):
        super().__init__(**kwargs)
        self.presented = presented
        self.kind = presented.question.kind
        self.count = len(presented.order)
        self.cursor = 0
        self.picked: list[int] = []  # choice kinds: shown positions picked
        self.arrangement = list(range(self.count))  # ordering: shown positions, in the learner's order
        self.matched: dict[int, int] = {}  # matching: item index -> letter index
        self.outcome: Outcome | None = None

    # -- what the learner answered -----------------------------------------------------------

    def answer_text(self) -> str:
        """The answer as it would be typed in the terminal (``Session.submit`` reads it)."""
        if self.kind == ORDER:
            return " ".join(str(k + 1) for k in self.arrangement)
        if self.kind == MATCH:
            return " ".join(f"{i + 1}{LETTERS[k]}" for i, k in sorted(self.matched.items()))
        return ",".join(str(k + 1) for k in sorted(self.picked))

    def problem(self) -> str | None:
        """Why the answer cannot be marked yet, in the pad's terms (None: it can)."""
        if self.kind in (SINGLE, TRUE_FALSE) and not self.picked:
            return "Pick an answer first: press its number."
        if self.kind == MULTIPLE and len(self.picked) != self.presented.question.choose:
            return f"Choose {self.presented.question.choose} options (you have chosen {len(self.picked)})."
        if self.kind == MATCH and len(self.matched) < self.count:
            missing = ", ".join(str(i + 1) for i in range(self.count) if i not in self.matched)
            return f"Match every item first (not matched yet: {missing})."
        return None

    def mark(self, outcome: Outcome) -> None:
        """Show the marking: every option (or item) with why it is right or wrong."""
        self.outcome = outcome
        self._show()

    # -- keys -------------------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        if self.outcome is not None or not event.character:
            return
        ch = event.character.lower()
        if ch in "12345678" and int(ch) <= self.count:
            self._number(int(ch) - 1)
        elif self.kind == MATCH and ch in LETTERS[:self.count]:
            self._letter(LETTERS.index(ch))
        else:
            return
        event.stop()
        event.prevent_default()

    def on_click(self, event: events.Click) -> None:
        """The mouse, for those who use one: a click acts as the row's number (or letter) would."""
        row = next((w for w in event.widget.ancestors_with_self if isinstance(w, PadRow)), None) if event.widget \
            else None
        if row is None or self.outcome is not None:
            return
        index = list(self.query(PadRow)).index(row)
        if self.kind == MATCH and index > self.count:
            self._letter(index - self.count - 1)
        elif self.kind in (ORDER, MATCH):
            self.cursor = min(index, self.count - 1)
            self._show()
        else:
            self._number(index)
        self.focus()

    def _number(self, k: int) -> None:
        if self.kind in (SINGLE, TRUE_FALSE):
            self.picked = [k]
            self.cursor = k
        elif self.kind == MULTIPLE:
            self._toggle(k)
            self.cursor = k
        elif self.kind == ORDER:
            here, there = self.cursor, self.arrangement.index(k)
            self.arrangement[here], self.arrangement[there] = self.arrangement[there], self.arrangement[here]
            self.cursor = min(self.cursor + 1, self.count - 1)
        else:
            self.cursor = k
        self._changed()

    def _letter(self, letter: int) -> None:
        for item, chosen in list(self.matched.items()):
            if chosen == letter:  # one letter per item: it moves here
                del self.matched[item]
        self.matched[self.cursor] = letter
        after = [i for i in range(self.cursor + 1, self.count) if i not in self.matched]
        before = [i for i in range(self.cursor) if i not in self.matched]
        self.cursor = (after or before or [self.cursor])[0]
        self._changed()

    def _toggle(self, k: int) -> None:
        if k in self.picked:
            self.picked.remove(k)
        else:
            self.picked.append(k)

    def action_cursor(self, step: int) -> None:
        if self.outcome is None:
            self.cursor = max(0, min(self.count - 1, self.cursor + step))
            self._show()

    def action_pick(self) -> None:
        if self.outcome is None and self.kind in (SINGLE, TRUE_FALSE, MULTIPLE):
            self._number(self.cursor)

    def action_move(self, step: int) -> None:
        if self.outcome is not None or self.kind != ORDER:
            return
        there = self.cursor + step
        if 0 <= there < self.count:
            a = self.arrangement
            a[self.cursor], a[there] = a[there], a[self.cursor]
            self.cursor = there
            self._changed()

    def action_clear(self) -> None:
        if self.outcome is None and self.kind == MATCH and self.cursor in self.matched:
            del self.matched[self.cursor]
            self._changed()

    def _changed(self) -> None:
        self._show()
        self.post_message(self.Changed())

    # -- drawing ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        for marker, body, classes in self._rows():
            yield PadRow(marker, body, " ".join(classes | {"pad-row"}))

    def on_focus(self) -> None:
        self._show()

    def on_blur(self) -> None:
        self._show()

    def _show(self) -> None:
        """Bring the rows up to date (the number of rows changes when the marking shows)."""
        if not self.is_mounted:
            return
        rows = self._rows()
        mounted = list(self.query(PadRow))
        if len(mounted) != len(rows):
            self.remove_children()
            self.mount_all([PadRow(m, b, " ".join(c | {"pad-row"})) for m, b, c in rows])
            self.call_after_refresh(self._scroll_to_cursor)
            return
        for row, (marker, body, classes) in zip(mounted, rows, strict=False):
            row.show(marker, body, classes)
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        rows = list(self.query(".-cursor"))
        if rows and self.has_focus:
            rows[0].scroll_visible(animate=False)

    def _rows(self) -> list[tuple[Text, Text, set[str]]]:
        if self.outcome is not None:
            return self._marked_rows(self.outcome)
        if self.kind == ORDER:
            return self._order_rows()
        if self.kind == MATCH:
            return self._match_rows()
        return self._choice_rows()

    def _state(self, i: int) -> set[str]:
        return {"-cursor"} if i == self.cursor else set()

    def _choice_rows(self) -> list[tuple[Text, Text, set[str]]]:
        multiple = self.kind == MULTIPLE
        out = []
        for k, (label, text) in enumerate(self.presented.choices()):
            chosen = k in self.picked
            box = ("[x]" if chosen else "[ ]") if multiple else ("(•)" if chosen else "( )")
            marker = Text.assemble(("›" if k == self.cursor else " ", "bold"), " ",
                                   (box, "bold" if chosen else ""), f" {label}")
            out.append((marker, Text(text), self._state(k) | ({"-picked"} if chosen else set())))
        return out

    def _order_rows(self) -> list[tuple[Text, Text, set[str]]]:
        choices = self.presented.choices()
        out = []
        for place, k in enumerate(self.arrangement):
            label, text = choices[k]
            marker = Text.assemble(("›" if place == self.cursor else " ", "bold"), f" {place + 1:>2}. ",
                                   (f"[{label.rstrip('.')}]", "bold"))
            out.append((marker, Text(text), self._state(place)))
        return out

    def _match_rows(self) -> list[tuple[Text, Text, set[str]]]:
        choices = self.presented.choices()
        items, rights = choices[:self.count], choices[self.count:]
        out = []
        for i, (label, text) in enumerate(items):
            body = Text(text)
            body.append("\n→ ", "bold")
            if i in self.matched:
                letter = self.matched[i]
                body.append(f"{LETTERS[letter]}) ", "bold")
                body.append(rights[letter][1])
            else:
                body.append("?", "bold")
            marker = Text.assemble(("›" if i == self.cursor else " ", "bold"), f" {label}")
            out.append((marker, body, self._state(i)))
        out.append((Text("    "), Text("Match them to:", style="bold"), {"pad-heading"}))
        used = set(self.matched.values())
        for k, (label, text) in enumerate(rights):
            out.append((Text(f"  {label}"), Text(text), {"-used"} if k in used else set()))
        return out

    def _marked_rows(self, outcome: Outcome) -> list[tuple[Text, Text, set[str]]]:
        placed = self.kind in (ORDER, MATCH)
        out = []
        for _i, m in enumerate(outcome.marked):
            style = "bold green" if m.right else ("bold red" if m.chosen or placed else "red")
            marker = Text.assemble(("✓" if m.right else "✗", style), f" {m.label}")
            body = Text(m.text)
            if m.chosen and not placed:
                body.append("  ← your answer", "bold")
            elif m.right and not placed and self.kind == MULTIPLE:
                body.append("  ← you did not choose it", "bold")
            body.append("\n")
            body.append(m.why, "italic")
            classes = {"-right" if m.right else "-wrong"} | ({"-chosen"} if m.chosen and not placed else set())
            out.append((marker, body, classes))
        return out
