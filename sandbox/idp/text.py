"""Showing text from tokens safely: one-line ``visible`` and ``json_text`` from the leaf
module ``sandbox.text`` (the shell uses them without loading the providers)."""

from sandbox.text import json_text, one_line as visible

__all__ = ["json_text", "visible"]
