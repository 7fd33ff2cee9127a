"""The console's banner where a list or a tab could not be read: for a refused request,
the access-denied text with the request to send to an administrator (``reads.Banner``)."""

from __future__ import annotations

from textual.widgets import Static

from sandbox.tui.safe import Text
from sandbox.workspace.reads import Banner


def banner_text(banner: Banner) -> Text:
    """The banner as plain text with styles: what it says does not depend on the colour."""
    denied = bool(banner.action)
    text = Text.assemble(("⚠ " if denied else "", "bold red"), (banner.title, "bold red" if denied else "bold"),
                         "\n", banner.text)
    for line in banner.request:
        text.append("\n  " + line, "dim" if not line.startswith("Action:") else "bold")
    return text


class BannerView(Static):
    """A banner in place of a list or in a detail tab."""

    DEFAULT_CSS = """
    BannerView {
        height: auto;
        padding: 0 1;
        border-left: thick $error;
        margin: 0 0 1 0;
    }
    """

    def __init__(self, banner: Banner | None = None, **kwargs):
        super().__init__(banner_text(banner) if banner else "", **kwargs)

    def show(self, banner: Banner | None) -> None:
        self.display = banner is not None
        if banner is not None:
            self.update(banner_text(banner))
