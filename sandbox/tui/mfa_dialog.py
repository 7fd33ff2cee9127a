"""Assign a virtual MFA device: create it, show the seed and the otpauth URI an
authenticator app would scan, then enable it with two consecutive codes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalGroup, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from sandbox import crypto
from sandbox.errors import AwsError, SandboxError, error_text
from sandbox.tui.safe import Text
from sandbox.workspace import Workspace


class MfaScreen(ModalScreen):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="mfa-cancel")]

    def __init__(self, workspace: Workspace, user: str | None):
        super().__init__()
        self.workspace = workspace
        self.user = user  # None: the root user
        self.serial: str | None = None
        self.seed: str | None = None

    def compose(self) -> ComposeResult:
        who = self.user or "the root user"
        with VerticalScroll(classes="dialog dialog-wide"):
            yield Static(Text(f"Assign a virtual MFA device to {who}"), classes="dialog-title")
            with HorizontalGroup(classes="form-row"):
                yield Label("Device name", classes="form-label")
                yield Input(f"{self.user or 'root-account'}-mfa", id="mfa-name")
            yield Static("", id="mfa-seed", classes="secret")
            with HorizontalGroup(classes="form-row"):
                yield Label("Two consecutive codes", classes="form-label")
                yield Input(placeholder="first code", id="mfa-code1", max_length=6, classes="mfa-code")
                yield Input(placeholder="next code", id="mfa-code2", max_length=6, classes="mfa-code")
            yield Static("Create the device, then type two consecutive codes from the authenticator "
                         "(iam-sandbox mfa code NAME shows them).", classes="dialog-hint")
            yield Static("", id="mfa-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="mfa-cancel-button")
                yield Button("Create device", variant="primary", id="mfa-create")
                yield Button("Enable MFA", variant="success", id="mfa-enable", disabled=True)

    def _error(self, text: str) -> None:
        self.query_one("#mfa-error", Static).update(Text(text))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "mfa-cancel-button":
            self.dismiss(None)
        elif event.button.id == "mfa-create":
            self.create()
        elif event.button.id == "mfa-enable":
            self.enable()

    def create(self) -> None:
        name = self.query_one("#mfa-name", Input).value.strip()
        try:
            out = self.workspace.call("iam", "CreateVirtualMFADevice", {"VirtualMFADeviceName": name})
        except (AwsError, SandboxError) as exc:
            self._error(error_text(exc))
            return
        device = out["VirtualMFADevice"]
        self.serial, self.seed = device["SerialNumber"], device["Base32StringSeed"]
        self.query_one("#mfa-seed", Static).update(Text(
            f"Serial: {self.serial}\nSecret (Base32): {self.seed}\nURI for an authenticator app: "
            f"{device['OtpauthUri']}\nThe sandbox's authenticator: iam-sandbox mfa code {name}"))
        self.query_one("#mfa-create", Button).disabled = True
        self.query_one("#mfa-enable", Button).disabled = False
        self.query_one("#mfa-code1", Input).focus()
        self._error("")

    def enable(self) -> None:
        params = {"SerialNumber": self.serial, "AuthenticationCode1": self.query_one("#mfa-code1", Input).value.strip(),
                  "AuthenticationCode2": self.query_one("#mfa-code2", Input).value.strip()}
        if self.user:
            params["UserName"] = self.user
        try:
            self.workspace.call("iam", "EnableMFADevice", params)
        except (AwsError, SandboxError) as exc:
            self._error(error_text(exc))
            return
        self.notify(f"MFA enabled for {self.user or 'the root user'}.", markup=False)
        self.dismiss(True)

    def current_codes(self) -> tuple[str, str]:
        """The two codes an authenticator would show now (used by tests)."""
        step = crypto.window(self.workspace.world.now())
        return crypto.code_at(self.seed, step), crypto.code_at(self.seed, step + 1)
