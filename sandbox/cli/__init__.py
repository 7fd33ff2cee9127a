"""The ``iam-sandbox`` command line (headless)."""
