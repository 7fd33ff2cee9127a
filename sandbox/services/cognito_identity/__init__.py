"""Amazon Cognito identity pools (``cognito-identity``). The registry loads ``operations``,
which registers every operation; the package itself imports nothing (start-up time)."""
