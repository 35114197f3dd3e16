"""schema.org ClaimReview JSON-LD: one object per published claim, as Google's fact-check
markup asks (https://developers.google.com/search/docs/appearance/structured-data/factcheck)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.conf import settings

from annotations.exports.data import Report
from annotations.exports.json_format import dumps
from annotations.models import Claim, Rating

# The claimant is free text; these words say it is an organisation rather than a person.
ORGANISATION_WORDS = re.compile(
    r"\b(ministry|government|department|agency|office|council|committee|commission|"
    r"party|union|association|institute|university|company|corporation|corp|inc|ltd|llc|"
    r"plc|group|bank|police|army|military|kremlin|white house|parliament|senate|congress|"
    r"embassy|foundation|organi[sz]ation|news|times|post|tv|radio|press|agency|board|"
    r"authority|service|federation|league|club|court|administration|campaign)\b",
    re.IGNORECASE,
)


def claimant_type(name: str) -> str:
    """Person or Organization, guessed from the claimant's name (documented heuristic)."""
    return "Organization" if ORGANISATION_WORDS.search(name) else "Person"


def _date(value: str | None) -> str | None:
    return value[:10] if value else None


def claim_review(article: dict[str, Any], claim: dict[str, Any]) -> dict[str, Any]:
    """One ClaimReview object for a published claim record."""
    rating = claim["rating"]
    review_rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": rating["label"],
        "name": rating["label"],
    }
    # Off-scale verdicts (Misleading, Unverifiable, ...) have no place on the numeric scale.
    if rating["value"] is not None:
        review_rating.update(
            ratingValue=rating["value"],
            bestRating=Rating.BEST_VALUE,
            worstRating=Rating.WORST_VALUE,
        )
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": article["title"]}
    if article["url"]:
        appearance["url"] = article["url"]
    if article["published_at"]:
        appearance["datePublished"] = _date(article["published_at"])
    if article["publisher"]:
        appearance["publisher"] = {"@type": "Organization", "name": article["publisher"]}
    item: dict[str, Any] = {"@type": "Claim", "appearance": [appearance]}
    if claim["claimant"]:
        item["author"] = {"@type": claimant_type(claim["claimant"]), "name": claim["claimant"]}
    if article["published_at"]:
        item["datePublished"] = _date(article["published_at"])
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claim["url"],
        "claimReviewed": claim["claim_text"],
        "datePublished": _date(claim["published_at"]),
        "author": {
            "@type": "Organization",
            "name": settings.FACTCHECK_ORGANIZATION_NAME,
            "url": settings.FACTCHECK_ORGANIZATION_URL,
        },
        "reviewRating": review_rating,
        "itemReviewed": item,
    }


def render(report: Report) -> Iterator[str]:
    """A JSON array of ClaimReview objects; even internal reports give published claims only,
    since ClaimReview is what the public and search engines read."""
    yield "["
    first = True
    for article, claim in report.claim_records():
        if claim["status"] != Claim.Status.PUBLISHED or claim["rating"] is None:
            continue
        yield ("" if first else ",") + dumps(claim_review(article, claim))
        first = False
    yield "]\n"
