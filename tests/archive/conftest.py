"""Archive fixtures: the labelled archive, small ClaimReview documents, API clients."""

import json
from pathlib import Path

import pytest
from django.core.cache import cache

from annotations.archive.services import claimreview_import

ARCHIVE = Path(__file__).resolve().parents[1] / "matching" / "archive.jsonld"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def review(n: int = 1, **overrides) -> dict:
    """A ClaimReview object as fact-check feeds publish them."""
    data = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://checks.example/reviews/{n}",
        "claimReviewed": f"The city spent ${n}.5 million on parks in 2023.",
        "author": {
            "@type": "Organization",
            "name": "Example Checks",
            "url": "https://checks.example",
        },
        "datePublished": "2024-03-0" + str(1 + n % 9),
        "inLanguage": "en",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Jane Doe"},
            "datePublished": "2024-02-20",
            "appearance": [
                {"@type": "CreativeWork", "url": "https://news.example/a", "headline": "A"}
            ],
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 2,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "Mostly false",
        },
    }
    data.update(overrides)
    return data


def as_bytes(document) -> bytes:
    return json.dumps(document).encode()


@pytest.fixture
def archive_bytes() -> bytes:
    return ARCHIVE.read_bytes()


@pytest.fixture
def archive(db, archive_bytes):
    """The 124 reviews of tests/matching/archive.jsonld, imported."""
    return claimreview_import(document=archive_bytes)
