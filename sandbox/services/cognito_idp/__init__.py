"""Amazon Cognito user pools (``cognito-idp``). The registry loads ``operations``, which
registers every operation; the package itself imports nothing (start-up time)."""
