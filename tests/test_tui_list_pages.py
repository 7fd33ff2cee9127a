"""A long list in the console: every item is read (IAM's Marker followed), the table shows a
page of 100 rows at a time as the console's tables do, ``n`` and ``p`` turn the pages, the
filter searches every page, and an item chosen elsewhere opens on its page."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import Static

from sandbox.tui.console import ROWS_PER_PAGE
from tuihelp import console, go, list_keys, make_app, make_world, run, settle, until

pytestmark = pytest.mark.tui


def _pages(app) -> str:
    rendered = console(app).query_one("#pages", Static).render()
    return rendered.plain if isinstance(rendered, Text) else str(rendered)


def _world_with_users(n: int):
    world = make_world()
    app = make_app(world)
    with world.transaction():
        for i in range(n):
            app.workspace.call("iam", "CreateUser", {"UserName": f"u{i:03d}"})
    return app


def test_a_long_list_shows_a_page_at_a_time():
    app = _world_with_users(250)  # with admin: 251 users, three pages

    async def go_():
        async with app.run_test(size=(120, 40)) as pilot:
            await go(pilot, "users")
            screen = console(app)
            assert ROWS_PER_PAGE == 100
            assert list_keys(app)[:2] == ["admin", "u000"] and len(list_keys(app)) == 100
            assert _pages(app).startswith("1-100 of 251")
            assert "Users (251)" in str(screen.query_one("#nav").root.children[0].children[0].label)
            screen.query_one("#list").focus()
            await pilot.press("n")
            await settle(pilot)
            assert list_keys(app)[0] == "u099" and len(list_keys(app)) == 100
            assert screen.selected == "u099" and _pages(app).startswith("101-200 of 251")
            await pilot.press("n")
            await settle(pilot)
            assert list_keys(app) == [f"u{i:03d}" for i in range(199, 250)]
            assert _pages(app).startswith("201-251 of 251")
            await pilot.press("n")  # no page after the last: it stays, and says so
            await settle(pilot)
            assert list_keys(app)[0] == "u199"
            await until(pilot, lambda: any("last page" in str(n.message) for n in app._notifications),
                        what="the last-page notice")
            await pilot.press("p", "p")
            await settle(pilot)
            assert list_keys(app)[0] == "admin"
            # the filter searches every page, and selects its first match
            await pilot.press("end")
            await settle(pilot)
            assert screen.selected == "u098"
            await pilot.press("slash", *"u24")
            await settle(pilot)
            assert list_keys(app) == [f"u{i}" for i in range(240, 250)] and _pages(app) == ""
            assert screen.selected == "u240"  # not the tenth match, where the cursor's row was
            # an item chosen elsewhere (a link, a fix) opens on its page, selected
            screen.select_section("users", "u222")
            await settle(pilot)
            assert screen.selected == "u222" and _pages(app).startswith("201-251")

    run(go_())


def test_a_list_of_one_page_shows_no_pages():
    app = make_app()

    async def go_():
        async with app.run_test(size=(120, 40)) as pilot:
            await go(pilot, "policies")
            assert len(list_keys(app)) < ROWS_PER_PAGE and _pages(app) == ""

    run(go_())


def test_sorting_by_a_date_sorts_by_the_time_and_the_header_says_which_column():
    """Users made the same day, a minute apart: sorted by Created they come in the order they
    were made (the list shows only the day, which sorted them by name), and the sorted
    column's header carries ▲ (not the name's, the usual order: at 80 columns it had no room)."""
    world = make_world()
    app = make_app(world)
    for name in ("u2", "u10", "u100"):
        with world.transaction():
            world.advance_clock(60)
        app.workspace.call("iam", "CreateUser", {"UserName": name})

    async def go_():
        async with app.run_test(size=(140, 45)) as pilot:
            await go(pilot, "users")
            screen = console(app)
            table = screen.query_one("#list")
            assert str(list(table.columns.values())[0].label) == "User name"  # the usual order: unmarked
            assert list_keys(app) == ["admin", "u10", "u100", "u2"]
            table.focus()
            while screen._listing.columns[screen.sort_column] != "Created":
                await pilot.press("s")
                await settle(pilot)
            labels = [str(c.label) for c in table.columns.values()]
            assert "Created ▲" in labels and "User name" in labels
            assert list_keys(app)[-3:] == ["u2", "u10", "u100"]

    run(go_())
