"""The terminal pane: the same sandbox shell as ``iam-sandbox shell``, in the app.

Commands run in a worker thread so the app stays responsive; a command that asks a
question (``aws configure``) waits for the next line typed here. Up/down walk the
history, Tab completes commands, services, operations, options and names.
"""

from __future__ import annotations

import io
import threading
from collections import deque

from rich import text as rich_text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, RichLog, Static

from sandbox.shell.completion import complete
from sandbox.shell.session import ShellSession
from sandbox.tui import commands
from sandbox.tui.safe import Text


class _Writer(io.TextIOBase):
    """A text stream that forwards each write to the log on the app's thread."""

    def __init__(self, pane: TerminalPane, style: str = ""):
        self.pane = pane
        self.style = style
        self._buffer = ""

    def write(self, text: str) -> int:
        self.pane.shell.check_interrupt()  # Ctrl+C stops a command at its next line of output
        self._buffer += text
        while "\n" in self._buffer:
            line, self._buffer = self._buffer.split("\n", 1)
            self.pane.emit(line, self.style)
        return len(text)

    def flush(self) -> None:
        if self._buffer:
            self.pane.emit(self._buffer, self.style)
            self._buffer = ""


class TermLog(RichLog):
    """The terminal's scrollback: lines are wrapped again when the pane's width changes,
    so output written at one size stays whole at another."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._texts: deque[Text] = deque(maxlen=self.max_lines or 2000)
        self._deferred = 0  # texts written before the log had a size (RichLog writes them again then)
        self._width = 0

    def write(self, content, *args, **kwargs):
        # rich's Text: RichLog writes a deferred text again as a copy, which is rich's class
        if isinstance(content, rich_text.Text):
            if not self._size_known:  # RichLog keeps it (a copy) and writes it again once sized
                self._texts.append(content)
                self._deferred += 1
            elif self._deferred:  # that writing again: already kept
                self._deferred -= 1
            else:
                self._texts.append(content)
        return super().write(content, *args, **kwargs)

    def clear(self):
        self._texts.clear()
        return super().clear()

    def on_resize(self, event) -> None:
        width = event.size.width
        if self._width and width != self._width and self._texts:
            texts = list(self._texts)
            super().clear()
            for text in texts:
                super().write(text, scroll_end=False)
            self.scroll_end(animate=False)
        self._width = width


class TerminalInput(Input):
    """The command line: Ctrl+C interrupts, as in a terminal (it does not copy here)."""

    BINDINGS = [Binding("ctrl+c", "interrupt", "Interrupt", show=False, id="term-interrupt")]

    def action_interrupt(self) -> None:
        pane = next((a for a in self.ancestors if isinstance(a, TerminalPane)), None)
        if pane is not None:
            pane.interrupt()


PLACEHOLDER = "type a command, e.g. aws s3 ls   (Tab completes, ↑ history)"


class TerminalPane(Vertical):
    # the line editing keys, as in a shell; the pane's commands (Clear) come from the command table
    BINDINGS = [
        Binding("up", "history(-1)", "Previous command", show=False, id="term-history-up"),
        Binding("down", "history(1)", "Next command", show=False, id="term-history-down"),
        Binding("tab", "complete", "Complete the word", show=False, id="term-complete"),
        # the scrollback, while the command line keeps the focus (as in a terminal window)
        Binding("pageup,shift+pageup", "scroll_log(-1)", "Scroll the output back", show=False, id="term-page-up"),
        Binding("pagedown,shift+pagedown", "scroll_log(1)", "Scroll the output on", show=False,
                id="term-page-down"),
    ] + commands.bindings("console", "terminal")

    class CommandDone(Message):
        """A command finished (the world may have changed)."""

    def __init__(self, session: ShellSession, **kwargs):
        super().__init__(**kwargs)
        self.shell = session
        self._history_pos: int | None = None
        self._answer: str | None = None
        self._answer_ready = threading.Event()
        self._waiting = False
        self.busy = False
        self._queue: list[str] = []
        self._prompt = session.prompt()
        self._closing = False
        session.ask = self._ask

    def compose(self) -> ComposeResult:
        yield TermLog(id="term-log", wrap=True, markup=False, max_lines=2000, min_width=20)
        with Horizontal(id="term-input-row"):
            yield Static(Text(self.shell.prompt()), id="term-prompt")
            yield TerminalInput(id="term-input", placeholder=PLACEHOLDER)

    def on_mount(self) -> None:
        self.query_one(RichLog).write(Text("Sandbox terminal on your laptop. Try: aws sts get-caller-identity, "
                                           "aws s3 ls, ssh web-1, help", style="dim"))

    # -- output -------------------------------------------------------------------------------

    def emit(self, line: str, style: str = "") -> None:
        """Write a line (from any thread)."""
        if threading.current_thread() is threading.main_thread():
            self.query_one(RichLog).write(Text(line, style=style))
        else:
            self.app.call_from_thread(lambda: self.query_one(RichLog).write(Text(line, style=style)))

    def logged_in_again(self) -> None:
        """The shell started over (a scenario's new world): say so, with its new prompt."""
        self.emit("(A new scenario, a new world: a new login shell. Variables you set before are gone.)", "dim")
        self._set_prompt(self.shell.prompt())

    def _set_prompt(self, text: str) -> None:
        self._prompt = text
        self.query_one("#term-prompt", Static).update(Text(text))
        # a command's own prompt (aws configure, a password) is answered without the hint
        box = self.query_one("#term-input", Input)
        box.placeholder = "" if self._waiting else PLACEHOLDER
        box.password = self._waiting and "password" in text.lower()

    # -- input ----------------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "term-input":
            return
        line = event.value
        event.input.value = ""
        self._history_pos = None
        if self._waiting:
            self._answer = line
            self.emit(self._prompt + ("*" * len(line) if "password" in self._prompt.lower() else line))
            self._answer_ready.set()
            return
        self.run_command(line)

    def run_command(self, line: str) -> None:
        """Run a command as if typed; commands typed while one runs wait their turn."""
        self._queue.append(line)
        self._start_next()

    def _start_next(self) -> None:
        if self.busy or not self._queue:
            return
        line = self._queue.pop(0)
        self.busy = True
        self.emit(self.shell.prompt() + line, "bold")
        self.run_line(line)

    @work(thread=True, group="terminal")
    def run_line(self, line: str) -> None:
        out, err = _Writer(self), _Writer(self, "red")
        result = None
        try:
            result = self.shell.run(line, out, err)
        finally:
            out.flush()
            err.flush()
            self.app.call_from_thread(self._after, result)

    def _after(self, result) -> None:
        self.busy = False
        if result is not None and result.clear:
            self.query_one(RichLog).clear()
        if result is not None and result.closed:
            self.emit("(this terminal stays open: the laptop session cannot be closed)", "dim")
        self._set_prompt(self.shell.prompt())
        self.post_message(self.CommandDone())
        self._start_next()

    def _ask(self, prompt: str) -> str | None:
        """Called by a command on the worker thread: wait for the next line typed.

        None when the pane goes away (the app quits) while a command waits: the command
        gives up, so its thread ends and the app can exit."""
        if self._closing:
            return None
        self._answer_ready.clear()
        self._waiting = True
        self.app.call_from_thread(self._set_prompt, prompt)
        self._answer_ready.wait()
        self._waiting = False
        if self._closing or self._answer is None:
            return None  # the pane closed, or Ctrl+C: the command gives up
        self.app.call_from_thread(self._set_prompt, self.shell.prompt())
        return self._answer

    def interrupt(self) -> None:
        """Ctrl+C: stop the running command (at its next command, pipe stage or line of
        output: never half-way through a change), abandon the prompt a command waits at,
        or the line being typed, and the commands queued behind."""
        box = self.query_one("#term-input", Input)
        self._history_pos = None
        self._queue.clear()
        if self._waiting or not self.busy:  # a prompt or the line being typed: echoed, as a terminal does
            self.emit(self._prompt + box.value + "^C")
            box.value = ""
        if self._waiting:
            self._answer = None
            self._answer_ready.set()
        elif self.busy:  # a running command: it stops and says ^C itself
            self.shell.interrupted.set()

    def on_unmount(self) -> None:
        self._closing = True
        self._queue.clear()
        self._answer_ready.set()

    # -- keys -----------------------------------------------------------------------------------

    def action_scroll_log(self, step: int) -> None:
        log = self.query_one(RichLog)
        if step < 0:
            log.scroll_page_up(animate=False)
        else:
            log.scroll_page_down(animate=False)

    def action_history(self, step: int) -> None:
        history = self.shell.history
        if not history:
            return
        if self._history_pos is None:
            self._history_pos = len(history)
        self._history_pos = max(0, min(len(history), self._history_pos + step))
        box = self.query_one("#term-input", Input)
        box.value = history[self._history_pos] if self._history_pos < len(history) else ""
        box.cursor_position = len(box.value)

    def action_complete(self) -> None:
        box = self.query_one("#term-input", Input)
        line = box.value[: box.cursor_position]
        matches = complete(self.shell, line)
        if not matches:
            return
        head, _, partial = line.rpartition(" ")
        prefix = (head + " ") if head or line.startswith(" ") else ""
        if len(matches) == 1:
            new = prefix + matches[0] + ("" if matches[0].endswith("/") else " ")
        else:
            common = _common_prefix(matches)
            if len(common) > len(partial):
                new = prefix + common
            else:
                self.emit("  ".join(matches[:60]) + ("  …" if len(matches) > 60 else ""), "cyan")
                return
        box.value = new + box.value[box.cursor_position:]
        box.cursor_position = len(new)

    def put_in_prompt(self, line: str) -> None:
        """Type a command into the prompt without running it (the guide's examples): the
        learner reads it, edits it, and presses Enter."""
        box = self.query_one("#term-input", Input)
        box.value = line
        box.cursor_position = len(line)
        self._history_pos = None
        box.focus()

    def action_clear(self) -> None:
        self.query_one(RichLog).clear()


def _common_prefix(items: list[str]) -> str:
    first, last = min(items), max(items)
    n = 0
    while n < len(first) and n < len(last) and first[n] == last[n]:
        n += 1
    return first[:n]
