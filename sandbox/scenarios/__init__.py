"""Scripted scenarios: files, checks, setup, progress. No Textual."""

# the Cognito scenarios' predicates join the checks' table (they import it: no cycle)
from sandbox.scenarios import cognito_checks  # noqa: E402,F401
