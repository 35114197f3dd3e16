"""Search across claims, imported reviews, sources and article text.

PostgreSQL: ``websearch_to_tsquery('english', q)`` against the stored, GIN-indexed
``vector`` of each :class:`SearchEntry` (title weighted A, body B), ranked by
``ts_rank_cd`` (normalised to 0..1); one result per object (an article's best stretch);
when nothing matches a one-word query, a trigram fallback on titles (``pg_trgm``) catches
a misspelt name.

SQLite (the embedded default): every word of the query must occur (as a stem, in the
folded text); at most :data:`SQLITE_SCAN` of the newest matching rows are ranked in Python
by where and how often the words occur. Same contract, simpler ranking; no operators.

Snippets are made here for both: HTML-escaped text with the query's words in ``<mark>``.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, replace
from typing import Any

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.urls import reverse

from annotations import counts
from annotations.archive.models import SearchEntry
from annotations.archive.text import STOPWORDS, stem
from annotations.models import Rating

SQLITE_SCAN = 2000
# PostgreSQL ranks at most this many matching entries, the newest first: a word found in
# tens of thousands of entries is ranked among its most recent ones (ranking reads each
# entry's whole vector; ten thousand articles' worth took most of a search's time).
MAX_RANKED = 2000
SNIPPET_CHARS = 240
TRIGRAM_ROWS = 200
TYPES = [k for k, _ in SearchEntry.Kind.choices]


@dataclass(frozen=True)
class SearchFilters:
    q: str = ""
    type: str = ""
    rating: str = ""
    status: str = ""
    publisher: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True)
class SearchHit:
    type: str
    id: int
    title: str
    snippet: str
    rating: str
    url: str
    score: float
    rating_label: str = ""  # as readers see it: a claim's "Half true", not "half-true"


def search(
    user: Any, filters: SearchFilters, offset: int, limit: int
) -> tuple[list[SearchHit], int]:
    """A page of hits the user may see, best first, and how many there are in all."""
    entries = _filtered(SearchEntry.objects.visible_to(user), filters)
    words = query_words(filters.q)
    if not filters.q.strip() or not words:
        return _newest(entries, offset, limit)
    if connection.vendor == "postgresql":
        hits, total = _postgres(entries, filters.q, offset, limit)
        if total == 0 and len(words) == 1 and len(words[0]) >= 4:
            hits, total = _trigram(entries, words[0], offset, limit)
    else:
        hits, total = _sqlite(entries, words, offset, limit)
    return _labelled([_hit(entry, score, words) for entry, score in hits]), total


def _labelled(hits: list[SearchHit]) -> list[SearchHit]:
    """Hits with the label of their rating: a query for a page's claims, none without."""
    slugs = {hit.rating for hit in hits if hit.type == SearchEntry.Kind.CLAIM and hit.rating}
    labels = dict(Rating.objects.filter(slug__in=slugs).values_list("slug", "label"))
    return [
        replace(hit, rating_label=labels.get(hit.rating, hit.rating))
        if hit.type == SearchEntry.Kind.CLAIM
        else replace(hit, rating_label=hit.rating)
        for hit in hits
    ]


def _filtered(entries: QuerySet, filters: SearchFilters) -> QuerySet:
    if filters.type:
        entries = entries.filter(kind=filters.type)
    if filters.rating:
        entries = entries.filter(rating__iexact=filters.rating) | entries.filter(
            kind=SearchEntry.Kind.CLAIMREVIEW, rating__iexact=filters.rating.replace("-", " ")
        )
    if filters.status:
        entries = entries.filter(status=filters.status)
    if filters.publisher:
        entries = entries.filter(publisher__icontains=filters.publisher)
    if filters.date_from:
        entries = entries.filter(date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(date__lte=filters.date_to)
    return entries


def _newest(entries: QuerySet, offset: int, limit: int) -> tuple[list[SearchHit], int]:
    """No words to look for: what the filters select, newest first."""
    entries = entries.filter(chunk=0)
    total = entries.count()
    page = entries.order_by(F("date").desc(nulls_last=True), "-id")[offset : offset + limit]
    return _labelled([_hit(entry, 0.0, []) for entry in page]), total


def _fts(entries: QuerySet, q: str) -> tuple[QuerySet, RawSQL]:
    # Constant SQL; the query is always a bound parameter.
    tsquery = "websearch_to_tsquery('english'::regconfig, %s)"
    rank = RawSQL(f"ts_rank_cd(vector, {tsquery}, 32)", [q], output_field=FloatField())  # noqa: S611
    matched = entries.filter(
        RawSQL(f"vector @@ {tsquery}", [q], output_field=BooleanField())  # noqa: S611
    )
    return matched, rank


def search_queryset(entries: QuerySet, q: str) -> QuerySet:
    """PostgreSQL: the matching entries, best first (an article may appear once per stretch)."""
    matched, rank = _fts(entries, q)
    return matched.annotate(rank=rank).order_by("-rank", "kind", "object_id", "chunk")


def _postgres(entries: QuerySet, q: str, offset: int, limit: int) -> tuple[list, int]:
    """A page of the best entries, one per object: stretches of one article after its best
    are skipped, reading further down the ranking until the page is full."""
    matched, _ = _fts(entries, q)
    total = counts.total(matched.values("kind", "object_id").distinct())
    if counts.is_large(matched, than=MAX_RANKED):
        newest = matched.order_by(F("date").desc(nulls_last=True), "-id").values("id")
        entries = entries.filter(id__in=Subquery(newest[:MAX_RANKED]))
        total = min(total, MAX_RANKED)  # what can be paged through
    # A hit needs the title and body only; the folded copy and match terms are for others.
    ranked = search_queryset(entries, q).defer("folded", "match_text", "match_terms")
    wanted = offset + limit
    seen: set[tuple[str, int]] = set()
    kept: list = []
    start, batch = 0, wanted + 20
    while len(kept) < wanted:
        rows = list(ranked[start : start + batch])
        for entry in rows:
            key = (entry.kind, entry.object_id)
            if key not in seen:
                seen.add(key)
                kept.append(entry)
        if len(rows) < batch:
            break
        start, batch = start + batch, batch * 2
    return [(entry, entry.rank) for entry in kept[offset:wanted]], total


def _trigram(entries: QuerySet, word: str, offset: int, limit: int) -> tuple[list, int]:
    """One misspelt word ("Witcomb"): claims and reviews with a word close to it (pg_trgm's
    ``<%``, word similarity ≥ 0.6, on the trigram index of titles); at most TRIGRAM_ROWS."""
    similar = (
        entries.filter(kind__in=[SearchEntry.Kind.CLAIM, SearchEntry.Kind.CLAIMREVIEW])
        .filter(RawSQL("%s <%% title", [word], output_field=BooleanField()))
        .annotate(rank=RawSQL("word_similarity(%s, title)", [word], output_field=FloatField()))
    )
    total = min(similar[:TRIGRAM_ROWS].count(), TRIGRAM_ROWS)
    page = similar.order_by("-rank", "kind", "object_id")[offset : offset + limit]
    return [(entry, round(entry.rank * 0.5, 4)) for entry in page], total


def _sqlite(entries: QuerySet, words: list[str], offset: int, limit: int) -> tuple[list, int]:
    stems = [stem(w) for w in words]
    condition = Q()
    for word in stems:
        condition &= Q(folded__contains=word)
    rows = list(entries.filter(condition).order_by("-id")[:SQLITE_SCAN])
    best: dict[tuple[str, int], tuple[Any, float]] = {}
    for entry in rows:
        score = _sqlite_rank(entry, stems)
        key = (entry.kind, entry.object_id)
        if key not in best or score > best[key][1]:
            best[key] = (entry, score)
    ranked = sorted(best.values(), key=lambda pair: (-pair[1], pair[0].kind, pair[0].object_id))
    return ranked[offset : offset + limit], len(ranked)


def _sqlite_rank(entry: SearchEntry, stems: list[str]) -> float:
    title = entry.title.casefold()
    body = entry.body.casefold()
    raw = 0.0
    for word in stems:
        pattern = re.compile(r"\b" + re.escape(word))
        raw += 1.0 * len(pattern.findall(title)) + 0.4 * min(len(pattern.findall(body)), 10)
    return round(raw / (raw + 1.0), 4)


def query_words(q: str) -> list[str]:
    """The words of a query worth finding and marking (no operators, no stopwords)."""
    words = re.findall(r"[^\W_]+(?:['.][^\W_]+)*", q.casefold())
    return [w for w in words if w not in STOPWORDS and w != "or"][:20]


def snippet(text: str, words: list[str], size: int = SNIPPET_CHARS) -> str:
    """A stretch of ``text`` around the first word found, HTML-escaped, words in ``<mark>``."""
    text = " ".join(text.split())
    stems = sorted({stem(w) for w in words} | set(words), key=len, reverse=True)
    pattern = (
        re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems if s) + r")[^\W_]*", re.I)
        if stems
        else None
    )
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > size // 3:
        start = text.rfind(" ", 0, first.start() - size // 3) + 1
    end = min(len(text), start + size)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    piece = text[start:end]
    parts: list[str] = []
    last = 0
    for match in pattern.finditer(piece) if pattern else []:
        parts.append(html.escape(piece[last : match.start()]))
        parts.append(f"<mark>{html.escape(match.group())}</mark>")
        last = match.end()
    parts.append(html.escape(piece[last:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(parts) + suffix


def _hit(entry: SearchEntry, score: float, words: list[str]) -> SearchHit:

    if entry.kind in ("article", "source"):
        text = entry.body or entry.title
    else:
        # The title is shown anyway: the snippet adds the claimant or summary when they match.
        body_hit = words and any(stem(w) in entry.body.casefold() for w in words)
        text = f"{entry.title} — {entry.body}" if body_hit else entry.title
    # Claims carry their report permalink as a path, articles their review page: the API
    # makes them absolute (annotations.archive.api.absolute), pages link them as they are.
    url = entry.url or reverse("article_review", args=[entry.object_id])
    return SearchHit(
        type=entry.kind,
        id=entry.object_id,
        title=entry.title,
        snippet=snippet(text, words),
        rating=entry.rating,
        url=url,
        score=round(min(1.0, max(0.0, float(score))), 4),
    )
