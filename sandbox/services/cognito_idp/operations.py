"""Amazon Cognito user pools (``cognito-idp``): the operations, registered when imported."""

from sandbox.services.cognito_idp import (  # noqa: F401
    auth,
    clients,
    groups,
    identity_providers,
    pools,
    users,
)
