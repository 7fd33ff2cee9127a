"""Amazon EC2: instances, their instance profiles, and the instance metadata service."""

from sandbox.services.ec2 import instances, launch  # noqa: F401  (registers the operations)
