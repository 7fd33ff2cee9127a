"""``iam-sandbox serve`` at the protocol level: HTTP and the websocket on loopback, each
session a real app process. Two learners get two worlds; the same name returns to the same
world; the class code, the session limit, the instructor's token and local assets hold."""

import asyncio
import re
import time

import pytest

from sandbox.classroom import config
from sandbox.cli.serve_cmd import banner, is_loopback
from servehelp import TOKEN, browser, console_signed_in, make_server, open_app, running, signed_in
from test_tui_class import QUIZ_LAB


def _run(coro):
    return asyncio.run(coro)


def test_two_learners_get_two_worlds_and_a_name_returns_to_its_own(tmp_path):
    server = make_server(tmp_path / "lab")
    learners = server.class_dir / "learners"

    async def scenario():
        async with running(server) as ts:
            ana, bo = await signed_in(ts, "Ana"), await signed_in(ts, "Bo")
            ana_screen, bo_screen = await open_app(ana), await open_app(bo)
            await console_signed_in(ana_screen, learners / "ana" / "world.json")
            await ana_screen.type("aws iam create-user --user-name only-ana\r")
            deadline = time.monotonic() + 60
            while "only-ana" not in (learners / "ana" / "world.json").read_text():
                assert time.monotonic() < deadline, "the user was not created in Ana's world"
                await asyncio.sleep(0.2)
            assert "only-ana" not in (learners / "bo" / "world.json").read_text()
            await ana_screen.ws.close()
            await bo_screen.ws.close()
            await ana.close()
            # a new browser session, the same name typed differently: the same world
            again = await signed_in(ts, "  ANA ")
            screen = await open_app(again)
            await console_signed_in(screen, learners / "ana" / "world.json")
            mark = len(screen.seen)
            await screen.type('aws iam list-users --query "Users[].UserName" --output text\r')
            await screen.until("only-ana", after=mark)
            await screen.ws.close()
            await again.close()
            await bo.close()

    _run(scenario())
    assert sorted(p.name for p in learners.iterdir()) == ["ana", "bo"]


def test_pages_use_only_local_assets(tmp_path):
    server = make_server(tmp_path / "lab")

    async def scenario():
        async with running(server) as ts:
            client = await signed_in(ts, "Ana")
            pages = [await (await client.get("/app")).text()]
            await client.get("/signout")
            pages.append(await (await client.get("/")).text())
            for page in pages:
                assert "googleapis" not in page and "//fonts" not in page
                refs = re.findall(r'(?:src|href)="([^"]+)"|url\("([^"]+)"\)', page)
                links = [a or b for a, b in refs]
                assert all(link.startswith("/") for link in links), links
                for link in links:
                    assert (await client.get(link)).status == 200, link
            assert "/static/js/textual.js" in pages[0] and "RobotoMono" in pages[0]
            await client.close()

    _run(scenario())


def test_names_and_the_class_code_are_checked_before_anything_is_written(tmp_path):
    server = make_server(tmp_path / "lab", code="owl-42")
    learners = server.class_dir / "learners"

    async def scenario():
        async with running(server) as ts:
            client = await signed_in(ts, "Ana", code="owl-42")
            page = await client.get("/")
            assert "Class code" in await page.text() or page.url.path == "/app"
            for name, code, status, says in [("Bo", "", 403, "not the class code"),
                                             ("Bo", "owl-41", 403, "not the class code"),
                                             ("../../etc", "owl-42", 400, "plain text"),
                                             ("", "owl-42", 400, "Type your name")]:
                response = await ts_post(ts, name, code)
                assert response[0] == status and says in response[1], (name, code, response[0])
            await client.close()

    async def ts_post(ts, name, code):
        c = browser(ts)
        r = await c.post("/signin", data={"name": name, "code": code}, allow_redirects=False)
        out = (r.status, await r.text())
        await c.close()
        return out

    _run(scenario())
    assert sorted(p.name for p in learners.iterdir()) == ["ana"]


def test_the_session_limit_shows_a_clear_page(tmp_path):
    server = make_server(tmp_path / "lab", limit=1)

    async def scenario():
        async with running(server) as ts:
            ana, bo = await signed_in(ts, "Ana"), await signed_in(ts, "Bo")
            screen = await open_app(ana)
            full = await bo.get("/app")
            assert full.status == 503 and "The class is full" in await full.text()
            ws = await bo.ws_connect("/ws")
            closed = await ws.receive()
            assert ws.close_code == 1013, closed
            await screen.ws.close()
            deadline = time.monotonic() + 30
            while server.sessions.running:
                assert time.monotonic() < deadline
                await asyncio.sleep(0.1)
            assert (await bo.get("/app")).status == 200
            await ana.close()
            await bo.close()

    _run(scenario())


def test_the_instructor_page_needs_the_token_and_shows_who_is_online(tmp_path):
    server = make_server(tmp_path / "lab")

    async def scenario():
        async with running(server) as ts:
            ana = await signed_in(ts, "Ana")
            screen = await open_app(ana)
            for query in ("", "?token=wrong"):
                denied = await ana.get("/instructor" + query)
                assert denied.status == 403 and "Ana" not in await denied.text()
            page = await (await ana.get(f"/instructor?token={TOKEN}")).text()
            assert "<h2>Ana <span class=\"online\">online</span></h2>" in page
            assert 'http-equiv="refresh"' in page and "1 of 5 sandboxes open" in page
            assert f'<a href="/instructor/report.csv?token={TOKEN}">CSV</a>' in page
            csv_file = await ana.get(f"/instructor/report.csv?token={TOKEN}")
            assert csv_file.status == 200 and "Ana,scenario,iam-tour,0,4" in await csv_file.text()
            assert (await ana.get("/instructor/report.json?token=wrong")).status == 403
            assert (await ana.get(f"/instructor/report.html?token={TOKEN}")).status == 404
            await screen.ws.close()
            await ana.close()

    _run(scenario())


def test_the_websocket_needs_a_signed_in_browser_of_the_same_site(tmp_path):
    server = make_server(tmp_path / "lab")

    async def scenario():
        from aiohttp import WSServerHandshakeError

        async with running(server) as ts:
            stranger = browser(ts)
            with pytest.raises(WSServerHandshakeError):
                await stranger.ws_connect("/ws")
            assert (await stranger.get("/app", allow_redirects=False)).status == 303
            ana = await signed_in(ts, "Ana")
            with pytest.raises(WSServerHandshakeError):
                await ana.ws_connect("/ws", headers={"Origin": "http://evil.example"})
            forged = await stranger.post("/signin", data={"name": "Mallory"}, headers={"Origin": "http://evil.example"},
                                         allow_redirects=False)
            assert forged.status == 403 and "Set-Cookie" not in forged.headers
            assert server.sessions.running == 0
            await stranger.close()
            await ana.close()

    _run(scenario())


def test_listening_beyond_loopback_warns_with_the_url():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")
    quiet = banner("127.0.0.1", 8000, "/lab", "Lab", "tok", None, 40)
    assert "WARNING" not in quiet and "http://127.0.0.1:8000/" in quiet
    assert "http://127.0.0.1:8000/instructor?token=tok" in quiet
    loud = banner("192.168.1.20", 8000, "/lab", "Lab", "tok", None, 40)
    assert "WARNING: listening on 192.168.1.20" in loud
    assert "Learners open http://192.168.1.20:8000/" in loud and "add --code" in loud
    assert "add --code" not in banner("192.168.1.20", 8000, "/lab", "Lab", "tok", "owl", 40)


def test_serve_says_what_is_wrong_before_listening(tmp_path, capsys):
    from sandbox.cli.main import main

    assert main(["serve", "--class", str(tmp_path / "nowhere")]) == 1
    assert "class.toml: not found (iam-sandbox class init DIR writes one)" in capsys.readouterr().err
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "class.toml").write_text('title = "x"\nseed = "seven"\n')
    assert main(["serve", "--class", str(tmp_path / "bad")]) == 1
    assert "class.toml:2: seed: must be a whole number" in capsys.readouterr().err
    assert main(["serve", "--port", "70000"]) == 2
    assert main(["serve", "--code", ""]) == 2
    assert main(["serve", "--max-sessions", "0"]) == 2


def test_guessing_the_class_code_is_slowed_down_per_address():
    from sandbox.classroom.sessions import WRONG_CODE_WINDOW, WRONG_CODES, Sessions, TooManyTries, WrongCode

    sessions = Sessions(5, "owl-42")
    for i in range(WRONG_CODES):
        with pytest.raises(WrongCode):
            sessions.check_code(f"guess-{i}", "192.0.2.9", now=100.0 + i)
    with pytest.raises(TooManyTries):  # even the right code, from that address, for a while
        sessions.check_code("owl-42", "192.0.2.9", now=120.0)
    sessions.check_code("owl-42", "192.0.2.10", now=120.0)  # another computer is not held up
    sessions.check_code("owl-42", "192.0.2.9", now=100.0 + WRONG_CODES + WRONG_CODE_WINDOW)


CLASS_LAB = QUIZ_LAB.replace("seed = 7\n", 'seed = 7\nscenarios = ["groups", "iam-tour"]\n') + """
[settings]
show_solutions = false
"""


def test_a_learners_app_opens_with_the_class(tmp_path, monkeypatch):
    """The app process `serve` starts for a learner, given the environment the server gives it,
    opens with the class: its scenario order, its quizzes, its rule on solutions."""
    import sandbox.tui.app
    from sandbox.classroom import folder
    from sandbox.classroom.learners import learner_files
    from sandbox.cli.main import main

    server = make_server(tmp_path / "lab")
    (server.class_dir / "class.toml").write_text(CLASS_LAB)
    files = learner_files(server.class_dir, "Ana")
    folder.prepare_learner(files, server.config, "2026-01-01T00:00:00+00:00")
    for key, value in (files.environment() | server._class_environment()).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual_serve.driver:WebDriver")  # as textual-serve runs it
    opened = {}
    monkeypatch.setattr(sandbox.tui.app, "run", lambda world, dirs, lab=None: opened.update(
        world=world.path, dirs=dirs, lab=lab) or 0)
    assert main([]) == 0
    lab = opened["lab"]
    assert lab is not None and lab.scenarios == ("groups", "iam-tour")
    assert [q.title for q in lab.quizzes] == ["Access keys and MFA"] and lab.settings.show_solutions is False
    assert opened["world"] == files.world and server.class_dir / "scenarios" in opened["dirs"]


def test_a_learners_app_does_not_open_without_the_class_rules(tmp_path, monkeypatch, capsys):
    import sandbox.tui.app
    from sandbox.cli.main import main

    (tmp_path / "lab").mkdir()
    (tmp_path / "lab" / "class.toml").write_text('title = "Lab"\nseed = "seven"\n')  # edited badly mid-class
    monkeypatch.setenv("IAM_SANDBOX_CLASS", str(tmp_path / "lab"))
    monkeypatch.setenv("IAM_SANDBOX_WORLD", str(tmp_path / "world.json"))
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual_serve.driver:WebDriver")
    monkeypatch.setattr(sandbox.tui.app, "run", lambda *a, **k: pytest.fail("the app opened without the class"))
    assert main([]) == 1
    assert "class.toml:2: seed: must be a whole number" in capsys.readouterr().err


def test_the_served_app_offers_the_class_quiz(tmp_path):
    """Through the server, as a browser: the learner's app process has the class's quiz in Quiz
    mode (F9), which only a loaded class offers."""
    server = make_server(tmp_path / "lab")
    (server.class_dir / "class.toml").write_text(CLASS_LAB)
    server.config = config.load(server.class_dir)

    async def scenario():
        async with running(server) as ts:
            ana = await signed_in(ts, "Ana")
            screen = await open_app(ana)
            await console_signed_in(screen, server.class_dir / "learners" / "ana" / "world.json")
            mark = len(screen.seen)
            await screen.type("\x1b[20~")  # F9
            await screen.until("Access keys and MFA", after=mark)
            await screen.ws.close()
            await ana.close()

    _run(scenario())


def test_serve_refuses_a_class_that_validate_refuses(tmp_path, capsys):
    from sandbox.cli.main import main

    lab = tmp_path / "lab"
    assert main(["class", "init", str(lab), "--seed", "3"]) == 0
    (lab / "class.toml").write_text('title = "Lab"\nseed = 3\nscenarios = ["groups", "no-such-scenario"]\n')
    capsys.readouterr()
    assert main(["serve", "--class", str(lab), "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert f"{lab / 'class.toml'}:3: scenarios: no scenario 'no-such-scenario'" in err
    assert "the class was not started" in err and "Traceback" not in err


def test_other_addresses_get_a_styled_page_and_the_icon_no_content(tmp_path):
    server = make_server(tmp_path / "lab")

    async def scenario():
        async with running(server) as ts:
            client = browser(ts)
            for path, status in [("/nowhere", 404), ("/static/../class.toml", 404), ("/signin", 405),
                                 ("/static/", 403)]:
                response = await client.get(path, allow_redirects=False)
                page = await response.text()
                assert response.status == status, path
                assert response.content_type == "text/html" and '<main class="card">' in page, path
                assert 'href="/"' in page, path
            assert "No such page" in await (await client.get("/nowhere")).text()
            icon = await client.get("/favicon.ico")
            assert icon.status == 204 and await icon.read() == b""
            await client.close()

    _run(scenario())


def test_one_sandbox_is_one_sandbox():
    from sandbox.cli.serve import pages

    assert "at most 1 sandbox at once" in banner("127.0.0.1", 8000, "/lab", "Lab", "tok", None, 1)
    assert "at most 40 sandboxes at once" in banner("127.0.0.1", 8000, "/lab", "Lab", "tok", None, 40)
    assert "1 sandbox is open on this laptop" in pages.full("Lab", 1)
    assert "3 sandboxes are open on this laptop" in pages.full("Lab", 3)


def test_the_sandbox_terminal_shows_no_solution_and_points_to_the_apps_modes():
    """In a served class the learner has only the app: the sandbox terminal (the simulated
    laptop's) runs no `iam-sandbox scenario solution`, so `show_solutions = false` holds there,
    and it does not send the learner to a terminal of their own computer."""
    import io

    from workspacehelp import fresh_workspace

    out, err = io.StringIO(), io.StringIO()
    assert fresh_workspace().terminal().run("iam-sandbox scenario solution --yes", out, err).status == 2
    assert out.getvalue() == ""
    assert "Learn (F4) and Quiz (F9)" in err.getvalue() and "own terminal" not in err.getvalue()
