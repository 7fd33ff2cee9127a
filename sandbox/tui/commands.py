"""The command palette (Ctrl+P): every action of the app, searchable."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class SandboxCommands(Provider):
    def _commands(self) -> list[tuple[str, str, object]]:
        app = self.app
        from sandbox.tui.actions import Actions
        from sandbox.tui.console import ConsoleScreen

        acts = Actions(app)
        out = [
            ("Console mode", "Users, groups, roles, policies, instances, buckets", partial(app.switch_mode, "console")),
            ("Simulator mode", "The IAM policy simulator", partial(app.switch_mode, "simulator")),
            ("Sign in as another principal", "Root or an IAM user", app.action_sign_in),
            ("Help", "Keys and what the panes are", app.action_help),
            ("Toggle dark / light theme", "", app.action_toggle_theme),
            ("Create user", "IAM", acts.create_user),
            ("Create group", "IAM", acts.create_group),
            ("Create role", "IAM: trusted entity, permissions, instance profile", acts.create_role),
            ("Create customer managed policy", "IAM: opens the policy editor",
             partial(app.open_editor_for, "new-policy", "")),
            ("Edit account password policy", "IAM account settings", acts.password_policy),
            ("Create bucket", "S3", acts.create_bucket),
        ]
        screen = app.screen
        if isinstance(screen, ConsoleScreen):
            where = screen.selected or ""
            for label, callback in acts.for_selection(screen.section, screen.selected):
                out.append((label, f"Actions on {where or screen.section}", callback))
        for section in ("users", "groups", "roles", "policies", "instances", "buckets", "account"):
            from sandbox.views.entities import TITLES

            def go(s=section):
                app.switch_mode("console")
                screen = app.screen
                if isinstance(screen, ConsoleScreen):
                    screen.select_section(s)

            out.append((f"Go to {TITLES[section]}", "Console", go))
        return out

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
