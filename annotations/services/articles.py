"""Articles: ingest (idempotent by content hash), metadata edits and deletion."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, connection, transaction

from annotations import roles
from annotations.archive import index as search_index
from annotations.checkworthiness import score_sentence
from annotations.documents import Document
from annotations.models import Article, Segment, content_hash
from annotations.segmentation import segment
from annotations.services.common import only, require
from annotations.webhooks.events import article_data, event_record

# The kinds of segment that get a check-worthiness score (and so reasons).
SCORED_KINDS = ("sentence", "list_item")
# What an admin may change about an article; its text is never altered.
ARTICLE_METADATA_FIELDS = ("title", "byline", "publisher", "url", "published_at", "language")


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool


# How far an ingest got, told to whoever follows it (an import job's progress page):
# ``progress(stage, done, total)`` with stage "segmenting", "scoring" (done of total distinct
# sentences scored) or "writing" (the rows, the search index and the commit; no steps).
Progress = Callable[[str, int, int], None]


def article_ingest(
    *,
    document: Document,
    user: AbstractBaseUser | None = None,
    title: str = "",
    byline: str = "",
    url: str = "",
    publisher: str = "",
    published_at: datetime | None = None,
    language: str = "en",
    rows: list[tuple] | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Store an article with its segments; the same text twice gives the same article.

    Segmenting and scoring (the long part) happen before the write transaction, so that a job
    can report its progress as it goes; ``rows`` are :func:`segment_rows` of the body when the
    caller computed them already (``manage.py ingest`` does, in worker processes). Every
    write (the article, its segments, the search index, the ``article.created`` event) is one
    transaction.
    """
    if user is not None:
        require(roles.can_edit(user), "Only editors can import articles.")
    existing = Article.objects.filter(content_hash=content_hash(document.body)).first()
    if existing is not None:
        return IngestResult(existing, created=False)

    article = article_build(
        document=document, user=user, title=title, byline=byline, url=url,
        publisher=publisher, published_at=published_at, language=language,
    )  # fmt: skip
    if rows is None:
        rows = segment_rows(article.body, progress=progress)
    if progress is not None:
        progress("writing", 0, 0)
    return _store(article, rows)


def article_build(
    *,
    document: Document,
    user: AbstractBaseUser | None = None,
    title: str = "",
    byline: str = "",
    url: str = "",
    publisher: str = "",
    published_at: datetime | None = None,
    language: str = "en",
) -> Article:
    """The unsaved article ingest would store, validated (ValidationError if it cannot be):
    what the editor said, else what was detected in the text."""
    article = Article(
        title=(title or document.title or _first_line(document.body))[:500],
        byline=(byline or document.byline)[:500],
        url=url,
        publisher=publisher,
        published_at=published_at,
        language=language or "en",
        body=document.body,
        created_by=user,
    )
    article.full_clean(exclude=["content_hash", "created_by"])
    return article


@transaction.atomic
def _store(article: Article, rows: list[tuple]) -> IngestResult:
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # Another importer stored the same text since our lookup (or while we segmented).
        return IngestResult(Article.objects.get(content_hash=article.content_hash), created=False)
    _insert_segments(article, rows)
    search_index.article_saved(article, spans=[(r[3], r[4]) for r in rows if r[1] != "title"])
    event_record(type="article.created", data=lambda: article_data(article))
    return IngestResult(article, created=True)


SEGMENT_COLUMNS = (
    "position", "kind", "paragraph", "start", "end", "text", "checkworthiness", "reasons",
)  # fmt: skip
# While scoring, progress is told about this often (in sentences).
PROGRESS_EVERY = 100


def segment_rows(body: str, progress: Progress | None = None) -> list[tuple]:
    """The segments of a body, scored, as tuples of :data:`SEGMENT_COLUMNS` (no model
    instances: building thousands of them cost ingest more than writing the rows).

    Pure computation, no database: ``manage.py ingest`` runs it in worker processes.
    """
    if progress is not None:
        progress("segmenting", 0, 0)
    spans = segment(body)
    # One pass over the distinct texts: a sentence that recurs (a refrain, a boilerplate
    # line) is scored once; its reasons are then placed at each occurrence.
    distinct = list(dict.fromkeys(s.text for s in spans if s.kind in SCORED_KINDS))
    scores = {}
    for done, text in enumerate(distinct):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress("scoring", done, len(distinct))
        scores[text] = score_sentence(text)
    if progress is not None:
        progress("scoring", len(distinct), len(distinct))
    rows = []
    for position, span in enumerate(spans):
        scored = scores.get(span.text) if span.kind in SCORED_KINDS else None
        rows.append(
            (
                position,
                span.kind,
                span.paragraph,
                span.start,
                span.end,
                span.text,
                scored.score if scored else 0.0,
                # Offsets into the body, so body[start:end] == text for each reason too.
                [r.to_dict(span.start) for r in scored.reasons] if scored else [],
            )
        )
    return rows


def build_segments(article: Article) -> list[Segment]:
    """Unsaved segments of an article's body, scored for check-worthiness."""
    return [
        Segment(article=article, **dict(zip(SEGMENT_COLUMNS, row, strict=True)))
        for row in segment_rows(article.body)
    ]


def _insert_segments(article: Article, rows: list[tuple]) -> None:
    """Write an article's new segments: COPY on PostgreSQL (a fraction of an INSERT's time
    for thousands of rows, which psycopg otherwise spends adapting them), else
    ``bulk_create``. The segments' ids are not read back: ingest needs none of them.
    """
    if connection.vendor != "postgresql":
        Segment.objects.bulk_create(
            Segment(article=article, **dict(zip(SEGMENT_COLUMNS, row, strict=True))) for row in rows
        )
        return
    columns = ", ".join(f'"{name}"' for name in ("article_id", *SEGMENT_COLUMNS))
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no copy()
        with raw.copy(f"COPY {Segment._meta.db_table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((article.pk, *row[:7], json.dumps(row[7])))


def segments_rescore(*, everything: bool = False, batch_size: int = 2000) -> int:
    """Score the stored segments again with today's scorer; returns how many changed.

    Segments scored before reasons carried spans hold plain strings: those are rescored
    (``everything`` rescores all, e.g. after retraining the model). Only the derived
    ``checkworthiness`` and ``reasons`` change; text, offsets and claims stay as they are.
    Each batch is its own transaction, so a long run can stop and start again.
    """
    changed = 0
    queryset = (
        Segment.objects.filter(kind__in=SCORED_KINDS)
        .only("id", "start", "text", "checkworthiness", "reasons")
        .order_by("id")
    )
    last_id = 0
    while True:
        batch = list(queryset.filter(id__gt=last_id)[:batch_size])
        if not batch:
            return changed
        last_id = batch[-1].id
        stale = [s for s in batch if everything or not reasons_have_spans(s.reasons)]
        for seg in stale:
            scored = score_sentence(seg.text)
            seg.checkworthiness = scored.score
            seg.reasons = [r.to_dict(seg.start) for r in scored.reasons]
        with transaction.atomic():
            Segment.objects.bulk_update(stale, ["checkworthiness", "reasons"])
        changed += len(stale)


def reasons_have_spans(reasons: object) -> bool:
    """Whether stored reasons are today's shape: a list of {kind, text, start, end}."""
    return isinstance(reasons, list) and all(
        isinstance(r, dict) and {"kind", "text", "start", "end"} <= r.keys() for r in reasons
    )


@transaction.atomic
def article_update(*, article: Article, user: AbstractBaseUser, **fields: Any) -> Article:
    """Change what is said about an article (title, byline, ...); never its text (admins)."""
    require(roles.can_administer(user), "Only admins can change an article's details.")
    current = Article.objects.select_for_update().get(pk=article.pk)
    for name, value in only(fields, ARTICLE_METADATA_FIELDS).items():
        setattr(current, name, value)
    current.full_clean(exclude=["content_hash", "created_by"], validate_unique=False)
    current.save(update_fields=list(fields))
    search_index.article_saved(current)
    return current


@transaction.atomic
def article_delete(*, article: Article, user: AbstractBaseUser) -> None:
    """Delete an article and everything on it (admins only)."""
    require(roles.can_administer(user), "Only admins can delete articles.")
    article.delete()


def _first_line(body: str) -> str:
    return next((line.strip() for line in body.splitlines() if line.strip()), "Untitled")
