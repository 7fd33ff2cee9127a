"""Colours that follow the app's theme where Textual does not do it by itself.

TextArea's default syntax theme ("css") has colours for dark backgrounds only: in
textual-light the JSON punctuation all but disappears. Text areas take
``github_light`` in a light theme and follow the F6 switch."""

from __future__ import annotations

from textual.widgets import TextArea


def text_area_theme(app) -> str:
    return "css" if app.current_theme.dark else "github_light"


def follow_theme(screen) -> None:
    """Keep the screen's text areas (including ones added later) matching the app theme."""

    def apply(_=None) -> None:
        name = text_area_theme(screen.app)
        for area in screen.query(TextArea):
            if area.theme != name:
                area.theme = name

    screen.watch(screen.app, "theme", apply, init=True)
