"""Sign in to the (simulated) AWS Management Console as root or as an IAM user.

A password is required: an access key offered as one is refused with the reason. This is
a sandbox, so the screen says where the passwords are (``iam-sandbox world info``).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalGroup, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from sandbox.errors import SandboxError
from sandbox.services.console import SignInError
from sandbox.tui.forms import Dialog
from sandbox.tui.safe import Text
from sandbox.workspace import Workspace


class SignInScreen(Dialog):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="signin-cancel")]

    def __init__(self, workspace: Workspace, cancellable: bool = False):
        super().__init__()
        self.workspace = workspace
        self.cancellable = cancellable

    def compose(self) -> ComposeResult:
        world = self.workspace.world
        meta = world.meta
        root_pw = (meta.get("root") or {}).get("Password", "")
        admin_pw = (meta.get("secrets_note") or {}).get("admin_console_password", "")
        with VerticalScroll(classes="dialog", id="signin"):
            yield Static(Text(f"Sign in to the AWS Management Console (account {world.account_id})"),
                         classes="dialog-title")
            with HorizontalGroup(classes="form-row"):
                yield Label("Sign in as", classes="form-label")
                yield Select([("IAM user", "user"), ("Root user", "root")], value="user", allow_blank=False,
                             id="signin-kind")
            with HorizontalGroup(classes="form-row", id="signin-user-row"):
                yield Label("IAM user name", id="signin-user-label", classes="form-label")
                yield Input("admin", id="signin-user")
            with HorizontalGroup(classes="form-row"):
                yield Label("Password", classes="form-label")
                yield Input(password=True, id="signin-password")
            with HorizontalGroup(classes="form-row"):
                yield Label("MFA code (if enabled)", classes="form-label")
                yield Input(placeholder="6 digits, only if MFA is enabled", id="signin-mfa", max_length=6)
            with HorizontalGroup(classes="form-row"):
                yield Label("New password (if asked)", id="signin-new-label", classes="form-label")
                yield Input(password=True, id="signin-new")
            # the passwords in bold: one may end with a symbol, which must not read as punctuation
            yield Static(Text.assemble("Sandbox: the root password is ", (root_pw, "bold"), "; admin's initial "
                                       "password is ", (admin_pw, "bold"), " (iam-sandbox world info shows them, in "
                                       "the app's terminal or in your own). An MFA code: iam-sandbox mfa code DEVICE "
                                       "(the sandbox's authenticator). Access keys are for the CLI and API only: they "
                                       "cannot sign in here."), classes="dialog-hint", id="signin-hint")
            yield Static("", id="signin-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                if self.cancellable:
                    yield Button("Cancel", id="signin-cancel-button")
                yield Button("Sign in", variant="primary", id="signin-go")

    def on_mount(self) -> None:
        self.query_one("#signin-password", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.query_one("#signin-user-row").display = event.value != "root"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.attempt()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "signin-go":
            self.attempt()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        if self.cancellable:
            self.dismiss(None)

    def attempt(self) -> None:
        root = self.query_one("#signin-kind", Select).value == "root"
        user = self.query_one("#signin-user", Input).value.strip()
        password = self.query_one("#signin-password", Input).value
        mfa = self.query_one("#signin-mfa", Input).value.strip() or None
        new = self.query_one("#signin-new", Input).value or None
        try:
            result = self.workspace.sign_in(root=root, user_name=user, password=password, mfa_code=mfa,
                                            new_password=new)
        except SandboxError as exc:  # the world file cannot be read: nothing can be signed in to
            error = self.query_one("#signin-error", Static)
            error.update(Text(exc.message))
            error.scroll_visible()
            return
        except SignInError as exc:
            error = self.query_one("#signin-error", Static)
            error.update(Text(exc.message))
            error.scroll_visible()
            focus = {"mfa": "#signin-mfa", "new-password": "#signin-new"}.get(exc.needs, "#signin-password")
            self.query_one(focus, Input).focus()
            return
        self.dismiss(result)
