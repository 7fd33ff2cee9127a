"""Amazon Cognito Sync (``cognito-sync``). The registry loads ``operations``, which registers
every operation; the package itself imports nothing (start-up time).

Cognito Sync is closed to new customers: AWS now steers new apps to AWS AppSync for
synchronizing data across devices (Amazon Cognito Developer Guide, "Synchronizing data").
The sandbox keeps it because the exam notes teach push synchronization with it.
"""
