"""Reading schema.org ClaimReview JSON-LD into plain fields; pure, no database.

Accepted shapes: one ClaimReview object, an array of them, an ``@graph``, or a ``DataFeed``
whose ``dataFeedElement[]`` carry an ``item`` (a list or a single object). Anything else in
those places is reported as a skipped item; a document in which no ClaimReview can be
found, or that is not JSON at all, is refused whole (:class:`NotJsonLd`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

import orjson

from annotations import limits


class NotJsonLd(ValueError):
    """The document is not ClaimReview JSON-LD at all: nothing is imported."""


@dataclass(frozen=True)
class Candidate:
    """One item of the document, in document order, and what it is."""

    index: int
    value: Any


def _types(value: Any) -> list[str]:
    if not isinstance(value, dict):
        return []
    kind = value.get("@type", value.get("type"))
    kinds = kind if isinstance(kind, list) else [kind]
    return [
        re.sub(r"^(?:https?://schema\.org/|schema:)", "", k) for k in kinds if isinstance(k, str)
    ]


def is_claim_review(value: Any) -> bool:
    return "ClaimReview" in _types(value)


def parse(document: bytes | str) -> list[Candidate]:
    """The document's items, flattened in order; raises NotJsonLd for a malformed document."""
    if isinstance(document, str):
        document = document.encode("utf-8", "surrogatepass")
    if len(document) > limits.MAX_IMPORT_BYTES:
        raise NotJsonLd(f"The document is larger than {limits.MAX_IMPORT_BYTES // 2**20} MB.")
    try:
        data = orjson.loads(document)
    except orjson.JSONDecodeError as error:
        raise NotJsonLd(f"Not JSON: {error}") from None
    return items_of(data)


def items_of(data: Any) -> list[Candidate]:
    """The items of parsed JSON-LD; raises NotJsonLd unless it has the shape of a feed."""
    if isinstance(data, list):
        values = data
    elif isinstance(data, dict) and isinstance(data.get("@graph"), list):
        values = data["@graph"]
    elif isinstance(data, dict) and "dataFeedElement" in data:
        elements = data["dataFeedElement"]
        if not isinstance(elements, list):
            raise NotJsonLd("dataFeedElement must be an array.")
        values = []
        for element in elements:
            if isinstance(element, dict) and "item" in element:
                item = element["item"]
                values.extend(item if isinstance(item, list) else [item])
            else:
                values.append(element)
    elif isinstance(data, dict) and is_claim_review(data):
        values = [data]
    else:
        raise NotJsonLd(
            "Expected a ClaimReview, an array of them, an @graph or a DataFeed "
            "(dataFeedElement[].item)."
        )
    if len(values) > limits.MAX_IMPORT_ITEMS:
        raise NotJsonLd(f"At most {limits.MAX_IMPORT_ITEMS} items in one document.")
    if not any(is_claim_review(value) for value in values):
        raise NotJsonLd("No ClaimReview in the document.")
    return [Candidate(index, value) for index, value in enumerate(values)]


class BadItem(ValueError):
    """This item is skipped; the message is the reason given back."""


def _clean(value: Any) -> Any:
    """Strings without NUL (PostgreSQL refuses it), recursively, without recursion limits."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if not isinstance(value, dict | list):
        return value
    root: Any = {} if isinstance(value, dict) else []
    stack = [(value, root)]
    while stack:
        source, target = stack.pop()
        pairs = source.items() if isinstance(source, dict) else enumerate(source)
        for key, item in pairs:
            if isinstance(item, dict | list):
                copy: Any = {} if isinstance(item, dict) else []
                stack.append((item, copy))
                item = copy
            elif isinstance(item, str):
                item = item.replace("\x00", "")
            if isinstance(target, dict):
                target[str(key).replace("\x00", "")] = item
            else:
                target.append(item)
    return root


def _text(value: Any, limit: int, name: str = "") -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | dict)), "")
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    if value is None:
        return ""
    if not isinstance(value, str):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise BadItem(f"{name} must be text.")
        value = str(value)
    return " ".join(value.replace("\x00", "").split())[:limit]


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return next((v for v in value if isinstance(v, dict | str)), None)
    return value


def _url(value: Any, name: str, required: bool = False) -> str:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id") or ""
    if value in (None, ""):
        if required:
            raise BadItem(f"{name} is missing.")
        return ""
    if not isinstance(value, str):
        raise BadItem(f"{name} must be a URL.")
    value = value.strip()
    if len(value) > limits.MAX_URL:
        raise BadItem(f"{name} is longer than {limits.MAX_URL} characters.")
    if not re.match(r"^https?://[^\s/?#]+\.?[^\s]*$", value, re.I) or any(
        ch.isspace() or ord(ch) < 32 for ch in value
    ):
        if required:
            raise BadItem(f"{name} must be an http or https URL.")
        return ""
    return value


def _date(value: Any) -> dt.date | None:
    """An ISO 8601 date or date-time; anything else (optional fields) is left out."""
    value = _first(value)
    if not isinstance(value, str):
        return None
    match = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, int | float) and math.isfinite(value) and abs(value) < 1e12:
        return float(value)
    return None


def review_fields(item: Any) -> dict[str, Any]:
    """The ClaimReview's fields as the model stores them; raises BadItem with the reason."""
    if not isinstance(item, dict):
        raise BadItem("Not an object.")
    if not is_claim_review(item):
        raise BadItem(f"Not a ClaimReview (@type {_types(item) or 'missing'}).")
    url = _url(item.get("url"), "url", required=True)
    claim = _text(item.get("claimReviewed"), limits.MAX_CLAIM_TEXT + 1, "claimReviewed")
    if not claim:
        raise BadItem("claimReviewed is missing.")
    if len(claim) > limits.MAX_CLAIM_TEXT:
        raise BadItem(f"claimReviewed is longer than {limits.MAX_CLAIM_TEXT} characters.")
    author = _first(item.get("author")) or {}
    if isinstance(author, str):
        author = {"name": author}
    reviewed = item.get("itemReviewed") if isinstance(item.get("itemReviewed"), dict) else {}
    claimant = _first(reviewed.get("author")) or {}
    if isinstance(claimant, str):
        claimant = {"name": claimant}
    appearances = []
    for appearance in _as_list(reviewed.get("appearance")) + _as_list(
        reviewed.get("firstAppearance")
    ):
        if isinstance(appearance, str):
            appearance = {"url": appearance}
        if not isinstance(appearance, dict):
            continue
        link = _url(appearance.get("url"), "appearance url")
        headline = _text(appearance.get("headline") or appearance.get("name"), 500)
        if link or headline:
            appearances.append({"url": link, "headline": headline})
    rating = item.get("reviewRating") if isinstance(item.get("reviewRating"), dict) else {}
    language = item.get("inLanguage")
    if isinstance(language, dict):
        language = language.get("alternateName") or language.get("name")
    return {
        "url": url,
        "claim_reviewed": claim,
        "publisher_name": _text(author.get("name"), limits.MAX_PUBLISHER, "author name"),
        "publisher_url": _url(author.get("url"), "author url"),
        "claimant": _text(claimant.get("name"), limits.MAX_CLAIMANT, "claimant name"),
        "claimant_type": ", ".join(_types(claimant))[:32],
        "claim_date": _date(reviewed.get("datePublished")),
        "appearances": appearances[:50],
        "rating_text": _text(
            rating.get("alternateName") or rating.get("name"), limits.MAX_RATING_TEXT, "rating"
        ),
        "rating_value": _number(rating.get("ratingValue")),
        "rating_best": _number(rating.get("bestRating")),
        "rating_worst": _number(rating.get("worstRating")),
        "date_published": _date(item.get("datePublished")),
        "language": language[:16] if isinstance(language, str) else "",
        "raw": _clean(item),
    }


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
