"""The fast loop's rule (tuirule.py): a test that drives the Textual app without the ``tui``
marker fails, saying so, so that ``pytest -m "not tui"`` really leaves every such test out."""

from pathlib import Path

from tuirule import RUNS_THE_APP

pytest_plugins = ["pytester"]


def test_an_unmarked_pilot_test_fails_and_says_to_mark_it(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent))
    pytester.makepyfile(test_app=f"""
        import pytest

        def test_unmarked():
            async def body(app):
                async with app{RUNS_THE_APP}) as pilot:
                    pass

        @pytest.mark.tui
        def test_marked():
            async def body(app):
                async with app{RUNS_THE_APP}) as pilot:
                    pass

        def test_plain():
            assert True
        """)
    result = pytester.runpytest_subprocess("-p", "tuirule", "-p", "no:cacheprovider", "-o", "markers=tui: app tests")
    result.assert_outcomes(passed=2, errors=1)  # failed in set-up, before the test runs
    result.stdout.fnmatch_lines(["*test_unmarked*", "this test drives the Textual app: mark it @pytest.mark.tui*"])
