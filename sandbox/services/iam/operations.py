"""Every IAM operation: importing this module registers them all."""

from sandbox.services.iam import (  # noqa: F401
    access_keys,
    account,
    groups,
    inline,
    instance_profiles,
    mfa,
    oidc_providers,
    passwords,
    policies,
    roles,
    simulate,
    users,
)
