"""IAM Sandbox: learn AWS Identity and Access Management offline."""

__version__ = "0.1.0"
