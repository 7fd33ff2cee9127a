"""Amazon Cognito identity pools (``cognito-identity``): the operations, registered when imported."""

from sandbox.services.cognito_identity import credentials, identities, pools, tokens  # noqa: F401
