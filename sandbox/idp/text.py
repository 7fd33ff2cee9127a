"""Showing text from tokens safely: ``visible`` and ``json_text`` live in the leaf module
``sandbox.visible`` (the shell uses them without loading the providers)."""

from sandbox.visible import json_text, visible

__all__ = ["json_text", "visible"]
