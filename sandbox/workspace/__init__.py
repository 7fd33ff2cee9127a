"""Shared by every front end, free of Textual: the world, the gateway, the console
session, terminals, the one change scope, read models and console workflows."""

from sandbox.workspace.change import Change
from sandbox.workspace.workspace import ConsoleSession, Workspace

__all__ = ["Change", "ConsoleSession", "Workspace"]
