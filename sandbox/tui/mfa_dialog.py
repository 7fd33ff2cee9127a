"""Assign a virtual MFA device. The dialog is the learner's authenticator app too: once
the device exists it shows the current code and the next one (live, with the seconds
left), and one button types them in; the device is then enabled with those two
consecutive codes.

Leaving half-way is safe: a device created but never enabled is offered the next time
(continue with it, or delete it), as the IAM console lists unassigned devices. The root
user's device can only be assigned signed in as root; the Actions menu says so.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalGroup, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from sandbox.errors import AwsError, SandboxError, error_text
from sandbox.tui.forms import Dialog
from sandbox.tui.safe import Text
from sandbox.workspace import Workspace, workflows


class MfaScreen(Dialog):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="mfa-cancel")]

    def __init__(self, workspace: Workspace, user: str | None):
        super().__init__()
        self.workspace = workspace
        self.user = user  # None: the root user
        self.serial: str | None = None
        self.seed: str | None = None
        self.unfinished: list[str] = []

    def compose(self) -> ComposeResult:
        who = self.user or "the root user"
        with VerticalScroll(classes="dialog dialog-wide", id="mfa"):
            yield Static(Text(f"Assign a virtual MFA device to {who}"), classes="dialog-title")
            with HorizontalGroup(classes="form-row", id="mfa-unfinished-row"):
                yield Label("Unfinished device", classes="form-label")
                yield Select([], id="mfa-unfinished", prompt="(none)")
                yield Button("Continue with it", id="mfa-resume")
                yield Button("Delete it", variant="error", id="mfa-delete")
            with HorizontalGroup(classes="form-row", id="mfa-name-row"):
                yield Label("Device name", classes="form-label")
                yield Input(workflows.mfa_device_name(self.user), id="mfa-name")
                yield Button("Create device", variant="primary", id="mfa-create")
            yield Static("", id="mfa-seed", classes="secret")
            with HorizontalGroup(classes="form-row", id="mfa-app-row"):
                yield Label("Authenticator app", classes="form-label")
                yield Static("", id="mfa-codes")
                yield Button("Type them in", id="mfa-fill")
            with HorizontalGroup(classes="form-row", id="mfa-codes-row"):
                yield Label("Two consecutive codes", classes="form-label")
                yield Input(placeholder="first 6-digit code", id="mfa-code1", max_length=6, classes="mfa-code")
                yield Input(placeholder="the code after it", id="mfa-code2", max_length=6, classes="mfa-code")
            yield Static("Create the device (or continue with an unfinished one): this dialog then plays the "
                         "authenticator app and shows its codes.", classes="dialog-hint", id="mfa-hint")
            yield Static("", id="mfa-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="mfa-cancel-button")
                yield Button("Enable MFA", variant="success", id="mfa-enable", disabled=True)

    def on_mount(self) -> None:
        self._show_device()
        self.find_unfinished()
        self.set_interval(1, self._tick)

    def find_unfinished(self) -> None:
        """The devices created but never enabled: offered to continue with, or to delete."""
        try:
            self.unfinished = workflows.unfinished_mfa_devices(self.workspace)
        except (AwsError, SandboxError) as exc:  # not allowed to list them: creating still works
            self.unfinished = []
            self._error(error_text(exc))
        row = self.query_one("#mfa-unfinished-row")
        row.display = bool(self.unfinished) and self.serial is None
        if self.unfinished:
            wanted = next((s for s in self.unfinished if s.endswith("/" + workflows.mfa_device_name(self.user))),
                          self.unfinished[0])
            select = self.query_one("#mfa-unfinished", Select)
            select.set_options([(Text(s.rsplit("/", 1)[-1]), s) for s in self.unfinished])
            select.value = wanted
            self.query_one("#mfa-resume", Button).focus()
        else:
            self.query_one("#mfa-name", Input).focus()

    def _error(self, text: str) -> None:
        self.query_one("#mfa-error", Static).update(Text(text))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id
        if button == "mfa-cancel-button":
            self.dismiss(None)
        elif button == "mfa-create":
            self.create()
        elif button == "mfa-resume":
            self.resume(self.query_one("#mfa-unfinished", Select).value)
        elif button == "mfa-delete":
            self.delete(self.query_one("#mfa-unfinished", Select).value)
        elif button == "mfa-fill":
            self.fill_codes()
        elif button == "mfa-enable":
            self.enable()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "mfa-name":
            self.create()
        elif self.serial:
            self.enable()

    # -- the device ----------------------------------------------------------------------------------

    def create(self) -> None:
        name = self.query_one("#mfa-name", Input).value.strip()
        if not name:
            self._error("Give the device a name.")
            return
        try:
            out = self.workspace.call("iam", "CreateVirtualMFADevice", {"VirtualMFADeviceName": name})
        except (AwsError, SandboxError) as exc:
            self._error(error_text(exc))
            if isinstance(exc, AwsError) and exc.code == "EntityAlreadyExists":
                self.find_unfinished()
            return
        device = out["VirtualMFADevice"]
        self._use(device["SerialNumber"], device["Base32StringSeed"], device["OtpauthUri"])

    def resume(self, serial) -> None:
        if not isinstance(serial, str):
            return
        seed = workflows.authenticator_seed(self.workspace, serial)
        if seed is None:
            self._error("That device no longer exists.")
            self.find_unfinished()
            return
        self._use(serial, seed, "")

    def delete(self, serial) -> None:
        if not isinstance(serial, str):
            return
        try:
            self.workspace.call("iam", "DeleteVirtualMFADevice", {"SerialNumber": serial})
        except (AwsError, SandboxError) as exc:
            self._error(error_text(exc))
            return
        self._error("")
        self.notify(f"Deleted the unfinished device {serial.rsplit('/', 1)[-1]}.", timeout=5)
        self.find_unfinished()

    def _use(self, serial: str, seed: str, uri: str) -> None:
        self.serial, self.seed = serial, seed
        lines = f"Serial: {serial}\nSecret (Base32), as an authenticator app would scan it: {seed}"
        if uri:
            lines += f"\nURI for an authenticator app: {uri}"
        self.query_one("#mfa-seed", Static).update(Text(lines))
        self._error("")
        self._show_device()
        self.query_one("#mfa-fill", Button).focus()

    def _show_device(self) -> None:
        ready = self.serial is not None
        self.query_one("#mfa-unfinished-row").display = not ready and bool(self.unfinished)
        self.query_one("#mfa-name-row").display = not ready
        for part in ("#mfa-seed", "#mfa-app-row", "#mfa-codes-row"):
            self.query_one(part).display = ready
        self.query_one("#mfa-enable", Button).disabled = not ready
        self.query_one("#mfa-hint", Static).update(
            "The authenticator shows the code of this 30-second step and the next one: type both (or press "
            "Type them in), then Enable MFA." if ready else
            "Create the device (or continue with an unfinished one): this dialog then plays the authenticator "
            "app and shows its codes.")
        self._tick()

    # -- the authenticator app -------------------------------------------------------------------------

    def _tick(self) -> None:
        if self.seed is None:
            return
        now, after, left = workflows.authenticator_codes(self.workspace, self.seed)
        self.query_one("#mfa-codes", Static).update(Text.assemble(
            ("Code now ", "dim"), (f"{now[:3]} {now[3:]}", "bold"),
            ("   next ", "dim"), (f"{after[:3]} {after[3:]}", "bold"),
            (f"   ({left} s left)", "dim")))

    def current_codes(self) -> tuple[str, str]:
        """The two codes the authenticator shows now."""
        now, after, _ = workflows.authenticator_codes(self.workspace, self.seed)
        return now, after

    def fill_codes(self) -> None:
        first, second = self.current_codes()
        self.query_one("#mfa-code1", Input).value = first
        self.query_one("#mfa-code2", Input).value = second
        self.query_one("#mfa-enable", Button).focus()

    def enable(self) -> None:
        try:
            workflows.enable_mfa_device(self.workspace, self.user, self.serial,
                                        self.query_one("#mfa-code1", Input).value,
                                        self.query_one("#mfa-code2", Input).value)
        except (AwsError, SandboxError) as exc:
            self._error(error_text(exc))
            return
        except ValueError as exc:
            self._error(str(exc))
            return
        self.notify(f"MFA enabled for {self.user or 'the root user'}.", markup=False)
        self.dismiss(True)
