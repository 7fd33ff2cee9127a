"""Amazon Cognito user pools (``cognito-idp``): importing it registers every operation."""

from sandbox.services.cognito_idp import (  # noqa: F401
    auth, clients, groups, identity_providers, pools, users,
)
