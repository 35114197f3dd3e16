"""W3C Web Annotation JSON-LD: one Annotation per claim, gathered in an AnnotationCollection
whose single embedded AnnotationPage holds every annotation (docs/exports.md)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.urls import reverse

from annotations.exports.data import Report
from annotations.exports.json_format import dumps
from annotations.exports.links import article_urn, public_url

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


def annotation(article: dict[str, Any], claim: dict[str, Any]) -> dict[str, Any]:
    """The claim as an Annotation: the verdict as body, the sentence in the article as
    target (TextQuoteSelector and TextPositionSelector; offsets are code points in
    Article.body, end exclusive)."""
    bodies: list[dict[str, Any]] = []
    if claim["rating"]:
        bodies.append(
            {"type": "TextualBody", "purpose": "classifying", "value": claim["rating"]["label"]}
        )
    bodies.append(
        {
            "type": "TextualBody",
            "purpose": "assessing",
            "format": "text/plain",
            "language": article["language"],
            "value": claim["summary"] or "Not yet rated.",
        }
    )
    # Published corrections of the verdict, as comments on it.
    bodies.extend(
        {
            "type": "TextualBody",
            "purpose": "commenting",
            "format": "text/plain",
            "value": (
                f"Correction {correction['published_at'][:10]}: "
                f"{correction['previous_rating_label'] or 'unrated'} → "
                f"{correction['new_rating_label']}. {correction['note']}"
            ),
        }
        for correction in claim["corrections"]
    )
    return {
        "@context": CONTEXT,
        "id": claim["url"],
        "type": "Annotation",
        "motivation": "assessing",
        "created": claim["published_at"] or claim["created_at"],
        "modified": claim["updated_at"],
        "creator": {
            "type": "Organization",
            "name": settings.FACTCHECK_ORGANIZATION_NAME,
            "homepage": settings.FACTCHECK_ORGANIZATION_URL,
        },
        "body": bodies,
        "target": {
            "source": article["url"] or article_urn(article["id"]),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": claim["sentence"],
                    "prefix": claim["prefix"],
                    "suffix": claim["suffix"],
                },
                {"type": "TextPositionSelector", "start": claim["start"], "end": claim["end"]},
            ],
        },
    }


def render(report: Report) -> Iterator[str]:
    """An AnnotationCollection with ``total`` and the annotations in ``first.items``."""
    if report.article is not None:
        path = reverse("reports:article", args=[report.article.pk])
    else:
        path = reverse("reports:index")
    collection_id = public_url(report.base_url, f"{path}?format=w3c")
    head = {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": report.title,
        "total": report.count(),
        "generated": report.generated_at.isoformat(),
    }
    page = {"id": f"{collection_id}&page=0", "type": "AnnotationPage", "startIndex": 0}
    yield dumps(head)[:-1] + ',"first":' + dumps(page)[:-1] + ',"items":['
    for index, (article, claim) in enumerate(report.claim_records()):
        annotation_json = annotation(article, claim)
        # The collection carries the context; repeating it per item is allowed but redundant.
        del annotation_json["@context"]
        yield ("," if index else "") + dumps(annotation_json)
    yield "]}}\n"
