"""Where the shipped data lives (assets, scenarios), found the same way in every install.

A wheel carries them under ``sandbox/_data/`` (hatch force-include); an editable install
or a source checkout has them at the top of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _data_root(name: str) -> Path:
    bundled = _PACKAGE / "_data" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / name


def asset_path(*parts: str) -> Path:
    """Path of a file or folder under ``assets/``."""
    return _data_root("assets").joinpath(*parts)


def scenarios_dir() -> Path:
    """The shipped ``scenarios/`` folder."""
    return _data_root("scenarios")
