"""The ingest path as it was before issue 17 (frozen for bench/ingest.py's side-by-side run).

Title and byline detected by a full segmentation, then the body segmented again, every
sentence scored, the segments written with ``bulk_create`` and read back for the search
index. Same rows and the same result as today's ``services.article_ingest``.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from annotations.archive import index as search_index
from annotations.checkworthiness import score_sentence
from annotations.documents import Document, _check_text
from annotations.models import Article, Segment, content_hash
from annotations.segmentation import segment
from annotations.webhooks.events import article_data, event_record

SCORED_KINDS = ("sentence", "list_item")


def read_text(text: str) -> Document:
    body = _check_text(text)
    title = byline = ""
    for span in segment(body):
        if span.kind == "title" and not title:
            title = span.text
        elif span.kind == "byline" and not byline:
            byline = span.text
        elif span.kind in ("sentence", "heading", "list_item"):
            break
    return Document(body=body, title=title, byline=byline)


def build_segments(article: Article) -> list[Segment]:
    segments = []
    for position, span in enumerate(segment(article.body)):
        scored = score_sentence(span.text) if span.kind in SCORED_KINDS else None
        segments.append(
            Segment(
                article=article,
                position=position,
                kind=span.kind,
                paragraph=span.paragraph,
                start=span.start,
                end=span.end,
                text=span.text,
                checkworthiness=scored.score if scored else 0.0,
                reasons=[r.to_dict(span.start) for r in scored.reasons] if scored else [],
            )
        )
    return segments


@transaction.atomic
def article_ingest(*, document: Document, user=None) -> Article:
    existing = Article.objects.filter(content_hash=content_hash(document.body)).first()
    if existing is not None:
        return existing
    article = Article(
        title=(document.title or "Untitled")[:500],
        byline=document.byline[:500],
        language="en",
        body=document.body,
        created_by=user,
    )
    article.full_clean(exclude=["content_hash", "created_by"])
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        return Article.objects.get(content_hash=content_hash(document.body))
    Segment.objects.bulk_create(build_segments(article))
    search_index.article_saved(article)
    event_record(type="article.created", data=lambda: article_data(article))
    return article
