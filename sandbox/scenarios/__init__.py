"""Scripted scenarios: files, checks, setup, progress. No Textual."""
