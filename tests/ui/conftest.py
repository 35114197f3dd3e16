"""Fixtures for the editors' pages: logged-in clients for each role and a claim to work on."""

import pytest
from django.test import Client

from annotations import services
from tests.factories import rating


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice):
    return login(alice)


@pytest.fixture
def bob_client(bob):
    return login(bob)


@pytest.fixture
def carol_client(carol):
    return login(carol)


@pytest.fixture
def victor_client(victor):
    return login(victor)


@pytest.fixture
def sentences(article):
    return list(article.segments.filter(kind="sentence").order_by("position"))


@pytest.fixture
def claim(article, sentences, alice):
    """A draft claim on the article's first sentence, made by alice."""
    return services.claim_create(article=article, segments=[sentences[0]], user=alice)


@pytest.fixture
def rated_claim(claim, alice):
    """The claim rated False by alice and sent to review."""
    claim = services.claim_update(
        claim=claim, user=alice, version=claim.version, rating=rating("false"), summary="No."
    )
    return services.claim_submit(claim=claim, user=alice, version=claim.version)


def claim_data(claim, **changes) -> dict:
    """The claim form's fields as the review page posts them, with ``changes``."""
    data = {
        "version": claim.version,
        "claim_text": claim.claim_text,
        "claimant": claim.claimant,
        "rating": claim.rating_id or "",
        "summary": claim.summary,
        "assignee": claim.assignee_id or "",
    }
    data.update(changes)
    return data
