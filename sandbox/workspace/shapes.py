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


def date(text: str | None) -> str:
    if not text:
        return "—"
    try:
        return datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return text


def day(text: str | None) -> str:
    """A date without the time, for lists (the detail tabs have the time)."""
    return date(text)[:10]


def ago(world: World, text: str | None) -> str:
    if not text:
        return "never"
    try:
        delta = world.now() - datetime.fromisoformat(text)
    except ValueError:
        return text
    days = delta.days
    if days >= 1:
        return f"{days} day{'s' if days != 1 else ''} ago"
    hours = delta.seconds // 3600
    if hours:
        return f"{hours} h ago"
    return f"{max(delta.seconds // 60, 0)} min ago"
