"""Amazon Cognito Sync (``cognito-sync``): the operations, registered when imported."""

from sandbox.services.cognito_sync import datasets, devices  # noqa: F401
