"""Federation mode: web identity federation drawn as boxes, each hop lit as it happens:
the web app, the identity provider, the token, STS's trust check, the temporary
credentials, S3. Beside it, the decoded token, the trust decision (Enter: the full
explanation) and the credentials, the secret shown once. The brokered flow puts a Cognito
identity pool between the (mobile) app and STS: the app names no role, and a guest may
come without signing in. The flow itself is ``sandbox.workspace.federation``."""

from __future__ import annotations

import json

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static

from sandbox.tui import commands
from sandbox.tui.explain_view import ExplainScreen, decision_style
from sandbox.tui.safe import Text
from sandbox.tui.themes import follow_theme
from sandbox.workspace import Workspace
from sandbox.workspace import federation as fed

STATE_CLASSES = {fed.OK: "hop-ok", fed.FAILED: "hop-failed", fed.WAITING: "hop-waiting"}
MARKS = {fed.OK: "✓", fed.FAILED: "✗", fed.WAITING: "·"}
DIRECT, BROKERED = "direct", "brokered"
MODES = [("Direct: app calls STS", DIRECT),
         ("Cognito (brokered)", BROKERED)]
GUEST_OPTION = "Guest: nobody signs in"
BOX_TEXT = 9  # characters of a hop's short text that fit in its box at 120 columns (before layout)
STEP_SECONDS = 0.15  # how long each hop stays the newest lit before the next one lights


class FederationScreen(Screen):
    COMMAND_SCOPE = "federation"
    BINDINGS = commands.bindings("federation")

    def __init__(self, workspace: Workspace, **kwargs):
        super().__init__(**kwargs)
        self.workspace = workspace
        self.flow = fed.Flow()
        self.lit = 0  # how many hops of the flow are drawn lit (they light one after the other)
        # the secret access key is shown once: from the exchange until the next action or leaving the view
        self.secret_visible = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="fed-body"):
            with VerticalScroll(id="fed-form"):
                yield Static("Web identity federation", classes="pane-title", id="fed-title")
                yield Label("Flow")
                yield Select(MODES, id="fed-mode", value=DIRECT, allow_blank=False)
                yield Label("Identity pool", id="fed-pool-label", classes="brokered-only")
                yield Select([], id="fed-pool", prompt="create one: aws cognito-identity create-identity-pool",
                             classes="brokered-only")
                yield Label("App (registered with a provider)")
                yield Select([], id="fed-app", prompt="register one: iam-sandbox idp register google --app NAME")
                yield Label("Person signing in (email)", id="fed-user-label")
                yield Input("ana@example.com", id="fed-user")
                yield Label("Password (a user pool's sign-in)", classes="brokered-only")
                yield Input("", id="fed-password", password=True, classes="brokered-only")
                yield Label("Role to assume (trusts a web identity provider)", classes="direct-only")
                yield Select([], id="fed-role", prompt="a role whose trust policy allows sts:AssumeRoleWithWebIdentity",
                             classes="direct-only")
                yield Label("Role session name", classes="direct-only")
                yield Input("ana", id="fed-session", classes="direct-only")
                yield Button("Sign in, assume (Ctrl+R)", variant="primary", id="fed-go")
                yield Label("Then use the credentials: s3://BUCKET/KEY")
                yield Input("", id="fed-s3", placeholder="s3://experimenting-aws/hello.txt")
                yield Button("Get object", id="fed-s3-go")
            with Vertical(id="fed-main"):
                with Horizontal(id="fed-flow"):
                    for i, hop in enumerate(fed.BROKERED_HOPS):
                        extra = " brokered-only" if hop not in fed.HOPS else ""
                        if i:
                            yield Static("→", classes="hop-arrow" + extra)
                        yield Static(id=f"hop-{hop}", classes="hop hop-waiting" + extra)
                yield Static("", id="fed-status")
                yield Static("", id="fed-log")
                with Horizontal(id="fed-panes"):
                    with VerticalScroll(classes="fed-pane"):
                        yield Static("Decoded token", classes="pane-title")
                        yield Static("", id="fed-token")
                    with VerticalScroll(classes="fed-pane", id="fed-trust-pane"):
                        yield Static("Trust decision (Ctrl+E: why?)", classes="pane-title")
                        yield Static("", id="fed-trust")
                    with VerticalScroll(classes="fed-pane"):
                        yield Static("Temporary credentials", classes="pane-title")
                        yield Static("", id="fed-creds")
        yield Footer()

    def on_mount(self) -> None:
        follow_theme(self)
        self.refresh_views()
        self.show_mode()
        self.draw()

    def on_resize(self) -> None:
        self.call_after_refresh(self.draw)  # the boxes' texts are cut to their new width

    def on_screen_resume(self) -> None:
        """Back to this view (F10): the apps, roles and pools made meanwhile (a scenario's
        set-up, the terminal) are offered; they were read only while the view was showing."""
        if self.is_mounted:
            self.refresh_views()

    @property
    def brokered(self) -> bool:
        return self.query_one("#fed-mode", Select).value == BROKERED

    def show_mode(self) -> None:
        """The form and the boxes of the chosen flow."""
        brokered = self.brokered
        for widget in self.query(".brokered-only"):
            widget.display = brokered
        for widget in self.query(".direct-only"):
            widget.display = not brokered
        self.query_one("#fed-user-label", Label).update(
            "Person signing in (email, or user name)" if brokered else "Person signing in (email)")
        self.query_one("#fed-title", Static).update(
            "Cognito: the brokered flow" if brokered else "Web identity federation")
        self.query_one("#fed-go", Button).label = "Get credentials (Ctrl+R)" if brokered else "Sign in, assume (Ctrl+R)"
        self.refresh_views()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "fed-mode":
            self.flow = fed.Flow(brokered=self.brokered)
            self.lit = 0
            self.secret_visible = False
            self.show_mode()
            self.draw()

    # -- choices from the world ----------------------------------------------------------------------

    def refresh_views(self) -> None:
        world = self.workspace.world
        with world.reading():
            apps = fed.app_choices(world)
            roles = fed.role_choices(world)
            pools = fed.identity_pool_choices(world)
        app_options = [(Text(a.label), a) for a in apps]
        if self.brokered:
            with world.reading():
                app_options += [(Text(a.label), a) for a in fed.user_pool_choices(world)]
            app_options.append((Text(GUEST_OPTION), fed.GUEST))
        self._set_options("#fed-app", app_options)
        self._set_options("#fed-pool", [(Text(label), pool) for label, pool in pools])
        self._set_options("#fed-role", [(Text(arn.rsplit("/", 1)[-1]), arn) for arn in roles])

    def _set_options(self, selector: str, options: list) -> None:
        select = self.query_one(selector, Select)
        current = select.value
        select.set_options(options)
        if any(v == current for _, v in options):
            select.value = current
        elif options and current is Select.NULL:
            select.value = options[0][1]

    # -- the flow --------------------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "fed-go":
            self.action_run()
        elif event.button.id == "fed-s3-go":
            self.action_s3()

    def action_run(self) -> None:
        if self.brokered:
            self._run_brokered()
            return
        app = self.query_one("#fed-app", Select).value
        role = self.query_one("#fed-role", Select).value
        if app is Select.NULL or role is Select.NULL:
            self.notify("Choose an app and a role first.", severity="warning", markup=False)
            return
        email = self.query_one("#fed-user", Input).value.strip()
        session = self.query_one("#fed-session", Input).value.strip()
        self.flow = fed.sign_in_and_assume(self.workspace, app, email, role, session)
        self.secret_visible = self.flow.response is not None
        self.animate_from(0)

    def _run_brokered(self) -> None:
        app = self.query_one("#fed-app", Select).value
        pool = self.query_one("#fed-pool", Select).value
        if app is Select.NULL or pool is Select.NULL:
            self.notify("Choose an identity pool and an app (or a guest) first.", severity="warning", markup=False)
            return
        email = self.query_one("#fed-user", Input).value.strip()
        password = self.query_one("#fed-password", Input).value
        self.flow = fed.sign_in_through_pool(self.workspace, pool, app, email, password)
        self.secret_visible = self.flow.response is not None
        self.animate_from(0)

    def action_s3(self) -> None:
        if self.flow.credentials is None:
            self.notify("Sign in and assume the role first.", severity="warning", markup=False)
            return
        done = sum(1 for h in self.flow.names if self.flow.hops[h].state != fed.WAITING)
        self.secret_visible = False
        fed.read_object(self.workspace, self.flow, self.query_one("#fed-s3", Input).value.strip())
        self.animate_from(done)

    def on_screen_suspend(self) -> None:
        """Leaving the view: the secret is not shown again."""
        if self.secret_visible:
            self.secret_visible = False
            self.draw()

    def action_explain(self) -> None:
        if self.flow.trust is not None:
            self.app.push_screen(ExplainScreen(self.flow.trust))

    def animate_from(self, start: int) -> None:
        """Light the hops one after the other from ``start`` (the ones before stay lit)."""
        self.lit = start
        self.draw()
        self._light_next()

    def _light_next(self) -> None:
        names = self.flow.names
        if self.lit >= len(names):
            return
        self.lit += 1
        self.draw()
        if self.lit < len(names) and self.flow.hops[names[self.lit]].state != fed.WAITING:
            self.set_timer(STEP_SECONDS, self._light_next)
        else:
            self.lit = len(names)
            self.draw()

    # -- drawing ----------------------------------------------------------------------------------------

    def draw(self) -> None:
        names, flow_titles = self.flow.names, self.flow.titles
        for name in fed.BROKERED_HOPS:
            i = names.index(name) if name in names else len(names)
            hop = self.flow.hops[name] if i < self.lit else fed.Hop()
            box = self.query_one(f"#hop-{name}", Static)
            for css in STATE_CLASSES.values():
                box.remove_class(css)
            box.add_class(STATE_CLASSES[hop.state])
            width = box.content_size.width if box.content_size.width > 2 else BOX_TEXT + 2
            # one line each, so that the mark stays in the box on a narrow screen (the mark and a space first)
            title, short = _cut(flow_titles[name], width), _cut(hop.short, width - 2)
            box.update(Text.assemble((title + "\n", "bold"), f"{MARKS[hop.state]} {short}"))
        flow = self.flow
        status = Text()
        if flow.error:
            status.append(flow.error, style="bold red")
        elif flow.response:
            status.append("Temporary credentials issued: the app can call AWS as the role session.", style="green")
        elif flow.brokered:
            status.append("Choose an identity pool and an app (or a guest), then sign in: the pool picks the role.",
                          style="dim")
        else:
            status.append("Choose an app, a person and a role, then sign in.", style="dim")
        self.query_one("#fed-status", Static).update(status)
        log = Text()
        for name in flow.names[:self.lit]:
            hop = self.flow.hops[name]
            if hop.state != fed.WAITING:
                label = "Mobile app" if flow.brokered and name == "app" else fed.TITLES[name]
                log.append(f"{MARKS[hop.state]} {label}: ", style="bold")
                log.append(hop.detail + "\n", style="red" if hop.state == fed.FAILED else "")
        self.query_one("#fed-log", Static).update(log)
        self.query_one("#fed-token", Static).update(self._token_text())
        self.query_one("#fed-trust", Static).update(self._trust_text())
        self.query_one("#fed-creds", Static).update(self._creds_text())

    def _token_text(self) -> Text:
        if self.flow.brokered and self.flow.identity_id and not self.flow.claims:
            return Text.assemble(("Identity ", "bold"), self.flow.identity_id, "\n",
                                 ("A guest: no provider token. The pool's own token (iss "
                                  "https://cognito-identity.amazonaws.com, amr [\"unauthenticated\"]) went to STS.",
                                  "dim"))
        if not self.flow.claims:
            return Text("No token yet.", style="dim")
        if self.flow.identity_id:
            return Text.assemble(("Identity ", "bold"), self.flow.identity_id, "\n",
                                 ("Provider token header\n", "bold"),
                                 json.dumps(self.flow.header, indent=1), "\n", ("Claims\n", "bold"),
                                 json.dumps(self.flow.claims, indent=1))
        return Text.assemble(("Header\n", "bold"), json.dumps(self.flow.header, indent=1), "\n",
                             ("Claims\n", "bold"), json.dumps(self.flow.claims, indent=1))

    def _trust_text(self) -> Text:
        event = self.flow.trust
        if event is None:
            return Text("STS has not been asked yet.", style="dim")
        out = Text.assemble((f"{event.decision}\n", decision_style(event.decision)))
        if not event.allowed:
            out.append_text(_refusal_causes(event.explain or {}))
        out.append(event.message + "\n")
        if event.call_failed:  # the trust policy allowed it; STS then refused the request
            out.append(event.failure_sentence + "\n", style="bold red")
        if event.deciding_policy:
            label = event.deciding_statement.label if event.deciding_statement else "a statement"
            out.append(f"Decided by {label} of {event.deciding_policy}\n")
        for note in event.notes:
            out.append(f"{note}\n", style="dim")
        return out

    def _creds_text(self) -> Text:
        response = self.flow.response
        if not response:
            return Text("None yet.", style="dim")
        c = response["Credentials"]
        user = response["AssumedRoleUser"]
        if self.secret_visible:
            secret = Text(c["SecretAccessKey"], style="bold")
        else:
            secret = Text("(shown once, when the credentials were issued)", style="dim")
        return Text.assemble(("AccessKeyId      ", "bold"), c["AccessKeyId"], "\n",
                             ("SecretAccessKey  ", "bold"), secret, "\n",
                             ("Expiration       ", "bold"), c["Expiration"], "\n",
                             ("AssumedRoleUser  ", "bold"), user["Arn"], "\n",
                             ("AssumedRoleId    ", "bold"), user["AssumedRoleId"], "\n",
                             ("Subject          ", "bold"), response["SubjectFromWebIdentityToken"], "\n",
                             ("Provider         ", "bold"), response["Provider"], "\n",
                             ("Audience         ", "bold"), response["Audience"])


def _cut(text: str, width: int) -> str:
    """``text`` within ``width`` characters, its end shown cut with "…"."""
    return text if len(text) <= width else text[:width - 1] + "…"


def _refusal_causes(explain: dict) -> Text:
    """Why the trust policy did not allow, most basic first: a Principal that does not name
    the caller (no condition can make up for it), else the conditions that failed in the
    statements that do name it."""
    out = Text()
    for policy in explain.get("policies", []):
        allows = [st for st in policy.get("statements", [])
                  if st.get("effect") == "Allow" and (st.get("action") or {}).get("matched")]
        naming = [st for st in allows if (st.get("principal") or {}).get("matched", True)]
        if allows and not naming:
            for st in allows:
                out.append(f"Principal mismatch: {st['principal']['detail']}\n", style="bold red")
        for st in naming:
            for cond in st.get("conditions") or []:
                if cond.get("result") is not True:
                    out.append(f"Condition failed: {cond.get('reason') or cond.get('key')}\n", style="yellow")
    return out
