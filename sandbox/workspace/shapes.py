"""The shapes of what the console shows: a list (``Listing``), a detail tab (``Section``),
and dates as the console writes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sandbox.workspace.reads import Banner
from sandbox.world.store import World


@dataclass
class Listing:
    columns: list[str]
    rows: list[tuple[str, list[str]]]  # (key, cells)
    banner: Banner | None = None  # why there are no rows: the request was refused
    empty: str = ""  # what a detail tab says when there are no rows ("(none)" unless said)


@dataclass
class Section:
    """One detail tab: key/value facts, a table, and/or a JSON document."""

    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    table: Listing | None = None
    document: str | None = None
    document_kind: str = ""  # "identity" | "resource" | "trust" for the editor
    note: str = ""
    banner: Banner | None = None  # the tab's request was refused: this instead of its content
    read: bool = True  # False: a tab not shown yet, whose request is made when it is opened


class Dated(str):
    """A time as the console writes it (a day, ``3 h ago``) that sorts by the instant itself
    (``order``, ISO 8601): a list sorted by Created puts the users of one day in the order they
    were made, not by name."""

    order: str

    def __new__(cls, text: str, order: str | None) -> Dated:
        shown = super().__new__(cls, text)
        shown.order = order or ""  # never: before every time
        return shown

    def __getnewargs__(self) -> tuple[str, str]:  # copies and pickles keep the instant
        return str(self), self.order


def order_of(cell: str) -> str:
    """What a list sorts a cell by: a time by its instant, any other text without case."""
    return cell.order if isinstance(cell, Dated) else cell.lower()


def date(text: str | None) -> str:
    if not text:
        return Dated("—", None)
    try:
        return Dated(datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M"), text)
    except ValueError:
        return text


def day(text: str | None) -> str:
    """A date without the time, for lists (the detail tabs have the time)."""
    shown = date(text)
    return Dated(shown[:10], shown.order) if isinstance(shown, Dated) else shown[:10]


def ago(world: World, text: str | None) -> str:
    if not text:
        return Dated("never", None)
    try:
        delta = world.now() - datetime.fromisoformat(text)
    except ValueError:
        return text
    days = delta.days
    if days >= 1:
        return Dated(f"{days} day{'s' if days != 1 else ''} ago", text)
    hours = delta.seconds // 3600
    if hours:
        return Dated(f"{hours} h ago", text)
    return Dated(f"{max(delta.seconds // 60, 0)} min ago", text)
