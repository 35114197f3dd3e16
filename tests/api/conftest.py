"""API fixtures: clients that carry a user's token, and claims at each workflow step."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from annotations import services
from tests.factories import rating


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # Throttle counters live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


def client_for(user) -> APIClient:
    """A client that authenticates like a newsroom tool: with the user's token."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api():
    return client_for


@pytest.fixture
def claim(article, alice):
    sentence = article.segments.filter(kind="sentence").first()
    return services.claim_create(article=article, segments=[sentence], user=alice)


@pytest.fixture
def rated_claim(claim, alice):
    """In review: rated by alice, so bob (not alice) may publish it."""
    claim = services.claim_update(
        claim=claim,
        user=alice,
        version=claim.version,
        rating=rating("mostly-false"),
        summary="The auditor's figure is lower.",
    )
    return services.claim_submit(claim=claim, user=alice, version=claim.version)


@pytest.fixture
def published_claim(rated_claim, bob):
    return services.claim_publish(claim=rated_claim, user=bob, version=rated_claim.version)
