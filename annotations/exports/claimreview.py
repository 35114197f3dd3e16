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

# The claimant is free text. These words say it is an organisation (or a group of people,
# which schema.org has no Person for): "the union", "NHS England", "Amnesty International".
ORGANISATION_WORDS = re.compile(
    r"\b(ministry|ministries|government|department|agency|agencies|office|council|committee|"
    r"commission|party|union|unions|association|institute|university|college|school|company|"
    r"corporation|corp|inc|ltd|llc|plc|gmbh|group|bank|police|army|navy|military|kremlin|"
    r"white house|parliament|senate|congress|assembly|embassy|foundation|organi[sz]ation|news|"
    r"times|post|tv|radio|press|board|authority|service|federation|league|club|court|"
    r"administration|campaign|international|england|scotland|wales|nhs|network|institution|"
    r"hospital|trust|charity|society|coalition|alliance|movement|team|fund|bureau|"
    r"secretariat|cabinet|opposition|city|county|state|republic|kingdom|nations)\b",
    re.IGNORECASE,
)
# A single person is a role ("the mayor") or a name ("Sen. Jane Doe", "Ana María de la Cruz").
PERSON_ROLES = re.compile(
    r"^(?:the\s+)?(?:former\s+|acting\s+|deputy\s+|vice\s+)?(?:mayor|minister|president|"
    r"prime minister|senator|governor|spokes(?:man|woman|person)|chief executive|ceo|chair|"
    r"chairman|chairwoman|director|doctor|professor|judge|prosecutor|candidate|lawmaker|"
    r"congressman|congresswoman|councillor|councilman|councilwoman|secretary|ambassador|"
    r"general|king|queen|pope|coach|author|scientist|economist|official|leader)\b",
    re.IGNORECASE,
)
ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
GROUP_OF_PEOPLE = re.compile(r"\b[a-z]+(?<!s)s$")  # "officials", "protesters", "critics"


def claimant_type(name: str) -> str:
    """Person or Organization, guessed from the claimant's name (documented heuristic):
    organisation words, acronyms and groups of people are organisations; roles and names
    of single people are persons."""
    name = name.strip()
    if PERSON_ROLES.search(name) and not ORGANISATION_WORDS.search(name.split(" of ")[0]):
        return "Person"
    if ORGANISATION_WORDS.search(name) or ACRONYM.search(name) or GROUP_OF_PEOPLE.search(name):
        return "Organization"
    return "Person"


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
    review: dict[str, Any] = {
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
    if claim["summary"]:
        review["reviewBody"] = claim["summary"]
    # A corrected verdict says so: schema.org's CorrectionComment, and when it last changed.
    if claim["corrections"]:
        review["dateModified"] = _date(claim["corrections"][-1]["published_at"])
        review["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction["note"],
                "datePublished": _date(correction["published_at"]),
            }
            for correction in claim["corrections"]
        ]
    return review


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
