"""Which provider issued a token, by its ``iss``: Google or an instructor's OIDC issuer
(``providers``), Cognito identity pools or one of the world's user pools (``cognito``).
Never an OAuth 2.0 provider: those tokens are named by ``ProviderId``, not by ``iss``."""

from __future__ import annotations

from sandbox.idp import cognito
from sandbox.idp.providers import Provider, all_providers, oidc_provider_for_issuer


def issuer_provider(world, iss: str) -> Provider | None:
    if iss == cognito.COGNITO_IDENTITY.issuer:
        return cognito.COGNITO_IDENTITY
    return oidc_provider_for_issuer(world, iss) or cognito.user_pool_for_issuer(world, iss)


def all_issuers(world) -> list[Provider]:
    """Every provider whose pages the sandbox serves: the social and OIDC providers, then Cognito's."""
    return [*all_providers(world), cognito.COGNITO_IDENTITY, *cognito.user_pool_providers(world)]
