"""The IAM service: importing it registers every operation."""

from sandbox.services.iam import (  # noqa: F401
    access_keys,
    account,
    groups,
    inline,
    instance_profiles,
    mfa,
    passwords,
    policies,
    roles,
    simulate,
    users,
)
