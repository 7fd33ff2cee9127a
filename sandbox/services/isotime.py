"""Timestamps as the AWS CLI v2 prints them: ``2026-11-27T18:05:00+00:00``."""

from __future__ import annotations

from datetime import datetime


def iso(dt: datetime) -> str:
    return dt.replace(microsecond=0).isoformat()
