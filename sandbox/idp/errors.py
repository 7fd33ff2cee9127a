"""What can go wrong with web identity: AWS's refusals of a token, and the sandbox's own.

``TokenRefused`` and its subclasses are AWS errors (``sandbox.errors.AwsError``) with the
codes STS returns from AssumeRoleWithWebIdentity (botocore's STS model, 2011-06-15):
``InvalidIdentityToken`` (400), ``ExpiredTokenException`` (400), ``IDPRejectedClaim`` (403),
and ``ValidationError`` (400) for a token outside 4..20000 characters. The STS handler can
raise them as they are. Each also carries ``check`` (which step of the validation refused:
one of ``CHECKS``) and ``explain`` (a sentence for a learner: what was wrong and what to do),
for the decisions pane and the Federation view.

``IdpError`` is a mistake in an ``iam-sandbox idp`` command (an unknown provider, client id
or user, a bad issuer URL): the sandbox's own message, never dressed up as AWS's.
"""

from __future__ import annotations

from sandbox.errors import AwsError

# the validation steps, in the order they are made (see sandbox.idp.verify)
CHECKS = ("size", "provider", "form", "issuer", "key", "signature", "claims", "audience", "expiry", "not-before")


class TokenRefused(AwsError):
    """A web identity token that STS refuses."""

    code_name = "InvalidIdentityToken"
    http_status = 400

    def __init__(self, message: str, check: str, explain: str = ""):
        assert check in CHECKS, check
        super().__init__(self.code_name, message, self.http_status)
        self.check = check
        self.explain = explain or message

    def __reduce__(self):
        return (type(self), (self.message, self.check, self.explain))


class InvalidIdentityToken(TokenRefused):
    """STS itself could not validate the token (form, issuer, key, signature, audience)."""


class ExpiredToken(TokenRefused):
    """The OpenID Connect ID token is past its ``exp`` by the world's clock."""

    code_name = "ExpiredTokenException"


class IDPRejectedClaim(TokenRefused):
    """The OAuth 2.0 provider (Login with Amazon, Facebook) refused its own access token.

    STS cannot read an OAuth access token; it asks the provider, and reports the provider's
    refusal as IDPRejectedClaim, which "can also mean that the claim has expired or has been
    explicitly revoked" (STS API Reference, AssumeRoleWithWebIdentity, Errors).
    """

    code_name = "IDPRejectedClaim"
    http_status = 403


class TokenTooLarge(TokenRefused):
    """WebIdentityToken outside the API's length constraints (minimum 4, maximum 20000)."""

    code_name = "ValidationError"


class IdpError(Exception):
    """A mistake in an ``idp`` command; ``message`` says what and how to fix it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
