"""What the README says of the app matches the app: the number of scenarios
``scenario list`` shows, and the words the decisions pane uses."""

from __future__ import annotations

import re
from pathlib import Path

from sandbox.scenarios.loader import catalogue
from sandbox.tui.decisions import SHORT

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_number_of_scenarios_is_the_number_listed():
    (said,) = re.findall(r"iam-sandbox scenario list +# (\d+) scenarios", README)
    scenarios, errors = catalogue()
    assert errors == [] and int(said) == len(scenarios)


def test_the_decision_words_are_the_panes():
    words = f"{SHORT['allowed']}, {SHORT['implicitDeny']} or {SHORT['explicitDeny']}"
    assert f"appears on the right as {words}." in " ".join(README.split())
