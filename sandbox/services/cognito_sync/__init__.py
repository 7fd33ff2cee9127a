"""Amazon Cognito Sync (``cognito-sync``): importing it registers every operation.

Cognito Sync is closed to new customers: AWS now steers new apps to AWS AppSync for
synchronizing data across devices (Amazon Cognito Developer Guide, "Synchronizing data").
The sandbox keeps it because the exam notes teach push synchronization with it.
"""

from sandbox.services.cognito_sync import datasets, devices  # noqa: F401
