"""The app never sends a raw control character to the learner's terminal (issue 10, 1).

The world is filled with what a hostile world file, an instructor's scenario or the learner's
own commands could put in it: tags, descriptions, S3 keys and bodies, files on the laptop,
passwords and policy documents holding escape sequences (an OSC that retitles the window, an
OSC 52 that writes to the clipboard, a CSI that clears the screen, C1 controls, a bidi
override). Each screen is then drawn the way the app draws it for the terminal (the
compositor's full update, segment by segment) and no segment of text may hold a control
character; Textual's own escape sequences are separate control segments.
"""

from __future__ import annotations

import json

from tuihelp import SIZE, console, go, log_text, make_app, make_world, run, run_terminal, settle, until

from sandbox.services import principals
from sandbox.services.gateway import Caller
from sandbox.text import raw_control
from sandbox.world import fs

EVIL = "a\x1b]0;owned\x07b\x1b]52;c;cm0gLXJmIH4=\x07c\x1b[2J\x9b31md\u202ee\x7f"


def hostile_world(path):
    world = make_world(path)
    from sandbox.services.gateway import Gateway

    gateway = Gateway(world)
    root = Caller(principals.root_principal(world), "root")
    doc = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                                                              "Resource": "*", "Condition": {"StringEquals": {
                                                                  "aws:username": EVIL}}}]}, ensure_ascii=False)
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
        "Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    for op, params in [
        ("CreatePolicy", {"PolicyName": "Evil", "PolicyDocument": doc, "Description": EVIL}),
        ("CreateUser", {"UserName": "mallory", "Tags": [{"Key": EVIL, "Value": EVIL}]}),
        ("PutUserPolicy", {"UserName": "mallory", "PolicyName": "inline", "PolicyDocument": doc}),
        ("CreateRole", {"RoleName": "evil-role", "AssumeRolePolicyDocument": trust, "Description": EVIL}),
        ("CreateLoginProfile", {"UserName": "mallory", "Password": "Aa1!aaaaaaaa" + EVIL}),
    ]:
        gateway.call(root, "iam", op, params)
    gateway.call(root, "s3", "PutObject", {"Bucket": "experimenting-aws", "Key": "k" + EVIL, "Body": EVIL.encode()})
    gateway.call(root, "ec2", "RunInstances", {"ImageId": "ami-0c02fb55956c7d316", "InstanceType": "t2.micro",
                                               "MinCount": 1, "MaxCount": 1, "TagSpecifications": [
                                                   {"ResourceType": "instance", "Tags": [{"Key": "Name",
                                                                                         "Value": EVIL}]}]})
    with world.transaction():
        fs.write(world, "laptop", "/home/learner/evil.txt", EVIL + "\n", now=world.now().isoformat())
        world.set_meta(root={**world.meta["root"], "Password": "root" + EVIL}, alias=None)
    return world


def leaks(app) -> list[tuple[str, str]]:
    """The text segments of the screen as drawn for the terminal that hold a control character."""
    update = app.screen._compositor.render_update(full=True)
    found = []
    for line in update.strips:
        for strip in line:
            for segment in strip:
                if segment.control:
                    continue
                bad = raw_control(segment.text, keep="")
                if bad is not None:
                    found.append((bad, segment.text[:60]))
    return found


def test_no_screen_sends_a_raw_control_character(tmp_path):
    world = hostile_world(tmp_path / "world.json")

    async def go_():
        app = make_app(world)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            seen = {}
            await run_terminal(pilot, "cat evil.txt", "aws s3 ls s3://experimenting-aws",
                               "aws iam list-users --output text", "aws iam list-users --output table",
                               f"echo '{EVIL}'", "aws iam get-policy-version --policy-arn "
                               f"arn:aws:iam::{world.account_id}:policy/Evil --version-id v1")
            assert "\\x1b]0;owned\\x07" in log_text(app)  # shown, escaped
            seen["terminal"] = leaks(app)
            for section, key in [("users", "mallory"), ("roles", "evil-role"), ("policies", None),
                                 ("buckets", "experimenting-aws"), ("instances", None)]:
                await go(pilot, section, key)
                screen = console(app)
                from textual.widgets import TabbedContent

                tabs = screen.query_one("#detail", TabbedContent)
                for pane in list(tabs.query("TabPane")):
                    tabs.active = pane.id
                    await settle(pilot)
                    seen[f"{section} {pane.id}"] = leaks(app)
            app.notify(EVIL, title=EVIL)
            await pilot.pause()
            seen["notification"] = leaks(app)
            await app.switch_mode("learn")
            await settle(pilot)
            seen["learn"] = leaks(app)
            await app.switch_mode("simulator")
            await settle(pilot)
            seen["simulator"] = leaks(app)
            await app.switch_mode("console")
            app.action_sign_in()
            await settle(pilot)
            seen["sign in"] = leaks(app)
            assert {where: found for where, found in seen.items() if found} == {}

    run(go_())


def test_the_editor_and_the_explanation_show_documents_and_requests_escaped(tmp_path):
    from textual.widgets import OptionList

    from sandbox.tui.editor import PolicyEditor
    from sandbox.tui.explain_view import ExplainScreen
    from tuihelp import decisions

    world = hostile_world(tmp_path / "world.json")
    with world.transaction():  # a document IAM would have refused, as a damaged or crafted world holds it
        user = world["users"].get("mallory")
        world["users"].put({**user, "InlinePolicies": {"inline": "not json " + EVIL}})

    async def go_():
        app = make_app(world)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.action_edit_policy("managed", f"arn:aws:iam::{world.account_id}:policy/Evil")
            await until(pilot, lambda: isinstance(app.screen, PolicyEditor), what="the editor")
            await settle(pilot)
            assert leaks(app) == []
            app.pop_screen()
            app.action_edit_policy("inline", "user:mallory:inline")
            await until(pilot, lambda: isinstance(app.screen, PolicyEditor), what="the editor")
            await settle(pilot)
            assert leaks(app) == []
            assert "\\x1b]0;owned\\x07" in app.screen.query_one("#editor-text").text
            app.pop_screen()
            await settle(pilot)
            app.workspace.call("s3", "GetObject", {"Bucket": "experimenting-aws", "Key": "k" + EVIL})
            app.refresh_views()
            await settle(pilot)
            pane = decisions(app)
            key = next(k for k in reversed(pane.order) if "GetObject" in pane.events[k].action)
            table = pane.query_one("#decision-table", OptionList)
            table.focus()
            table.highlighted = pane.order.index(key)
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ExplainScreen), what="the explanation")
            await settle(pilot)
            assert leaks(app) == []

    run(go_())


def test_ctrl_c_stops_a_running_command_and_the_app_stays_responsive(tmp_path):
    """Issue 10, 4: the terminal's commands run on a worker thread; Ctrl+C stops the one
    running at its next line of output (and, as bash, the status is 130)."""
    from tuihelp import terminal

    world = make_world(tmp_path / "world.json")
    with world.transaction():
        fs.write(world, "laptop", "/home/learner/many.txt", "a line\n" * 60000, now=world.now().isoformat())

    async def go_():
        app = make_app(world)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            pane = terminal(app)
            pane.run_command("grep line many.txt")
            await until(pilot, lambda: pane.busy and "a line" in log_text(app), what="the output to start")
            pane.query_one("#term-input").focus()
            await pilot.press("ctrl+c")
            await until(pilot, lambda: not pane.busy, timeout=10, what="the command to stop")
            lines = log_text(app).splitlines()
            assert "^C" in lines and lines.count("a line") < 60000
            assert pane.shell.last_status == 130
            await run_terminal(pilot, "echo still here")  # the terminal goes on
            assert log_text(app).splitlines()[-1] == "still here"

    run(go_())


def test_learn_mode_lists_a_scenario_folder_with_hostile_files(tmp_path):
    """Issue 10, 3: F4 with a deeply nested scenario file (and other broken ones) in the
    instructor's folder: the others are listed, the broken ones are said to be broken."""
    from sandbox.tui.learn import LearnScreen

    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "deep.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    (folder / "escape.toml").write_text('id = "evil"\ntitle = "\x1b]0;owned\x07"\n')
    (folder / "binary.toml").write_bytes(b"\xff\xfe\x00")
    world = make_world(tmp_path / "world.json")

    async def go_():
        app = make_app(world, scenario_dirs=[folder])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f4")
            await until(pilot, lambda: isinstance(app.screen, LearnScreen), what="learn mode")
            await settle(pilot)
            from sandbox.scenarios.loader import catalogue

            shipped, _ = catalogue()
            assert [s.id for s in app.screen.scenarios] == [s.id for s in shipped]  # all of them, still
            notes = [n.message for n in app._notifications]
            assert sum("deep.toml" in n or "escape.toml" in n or "binary.toml" in n for n in notes) == 3
            assert leaks(app) == []

    run(go_())


def test_a_bug_ends_the_app_with_one_line_and_no_world_data(tmp_path):
    """Issue 10, 3: Textual's own crash report shows the local variables of every frame,
    which held a password hash and part of a secret key."""
    import pytest

    world = make_world(tmp_path / "world.json")
    secret = world["access_keys"].all()[0]["SecretHash"]
    app = make_app(world)

    def broken():
        key = world["access_keys"].all()[0]  # noqa: F841 - a local holding world data, as in the report
        raise KeyError(secret)

    async def go_():
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.call_later(broken)
            await pilot.pause(0.2)

    with pytest.raises(KeyError):
        run(go_())
    assert app.return_code == 1
    assert app.quit_message.startswith("internal error (KeyError")
    assert secret not in app.quit_message and "\n" not in app.quit_message
    assert not app._exit_renderables  # nothing of Textual's traceback is printed on exit
