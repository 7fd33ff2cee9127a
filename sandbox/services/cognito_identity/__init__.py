"""Amazon Cognito identity pools (``cognito-identity``): importing it registers every operation."""

from sandbox.services.cognito_identity import credentials, identities, pools, tokens  # noqa: F401
