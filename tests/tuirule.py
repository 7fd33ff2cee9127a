"""The fast loop's rule, as a pytest hook (conftest.py imports it): every test that drives the
Textual app (a Pilot or a snapshot) carries the ``tui`` marker, so that ``pytest -m "not tui"``
leaves them all out."""

import inspect

import pytest

RUNS_THE_APP = ".run" + "_test("  # spelled apart, so that this file does not match itself


def drives_the_app(item) -> bool:
    return isinstance(item, pytest.Function) and (
        "snap_compare" in item.fixturenames or RUNS_THE_APP in inspect.getsource(item.function))


def pytest_runtest_setup(item):
    """An unmarked test that runs the app fails with what to do (a session-wide error at
    collection would only crash xdist's workers)."""
    if item.get_closest_marker("tui") is None and drives_the_app(item):
        pytest.fail("this test drives the Textual app: mark it @pytest.mark.tui "
                    "(or pytestmark = pytest.mark.tui in its file)", pytrace=False)
