"""The archive's reads: matches for a text, a claim or a whole article; imported reviews.

Matching is two steps. Retrieval finds up to :data:`CANDIDATES` entries (claims and
imported reviews) that share normalised terms with the text: on PostgreSQL with the
GIN-indexed ``match_vector`` (``to_tsquery('simple', 'term | term ...')``, ranked by
``ts_rank``), on SQLite by a bounded scan of the newest :data:`SQLITE_SCAN` entries ranked by
shared terms in Python. The comparator (``matching.compare``) then scores each candidate.
A whole article's sentences and claims are matched in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from annotations import roles
from annotations.archive import matching
from annotations.archive.index import match_terms
from annotations.archive.models import ClaimReview, ClaimReviewImport, MatchFeedback, SearchEntry
from annotations.models import Article, Claim, Segment, suggested_condition

CANDIDATES = 40
TIER_ROWS = 1000
TIER_TERMS = 8
COMMON_ENTRIES = 2000
SQLITE_SCAN = 5000
DEFAULT_LIMIT = 5
QUOTE_MARKS = "\"\u201c\u2018'\u00ab"  # a wording that opens with its own quote


@dataclass(frozen=True)
class Match:
    """One earlier check that may be the same claim, as the API and the badges show it."""

    type: str  # "claim" | "claimreview"
    id: int
    url: str
    claim_text: str
    rating: str
    publisher: str
    date_published: dt.date | None
    status: str | None
    score: float
    level: str | None
    reasons: tuple[str, ...] = ()
    decision: str = ""  # "link" or "dismiss" when an editor decided about this pair
    rating_label: str = ""  # as readers see it: a claim's "Mostly false", not "mostly-false"

    @property
    def quoted(self) -> bool:
        """Whether the wording opens with its own quotation mark (no second one is added)."""
        return self.claim_text[:1] in QUOTE_MARKS

    @property
    def unpublished(self) -> bool:
        """A claim of this desk still being checked: its verdict is not out."""
        return self.type == "claim" and self.status != "published"

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "id": self.id,
            "url": self.url,
            "claim_text": self.claim_text,
            "rating": self.rating,
            "publisher": self.publisher,
            "date_published": self.date_published,
            "status": self.status,
            "score": self.score,
            "level": self.level,
        }


def claimreviews_for(user: Any) -> QuerySet[ClaimReview]:
    """Imported reviews the user may see, newest first."""
    return ClaimReview.objects.visible_to(user).order_by("-date_published", "-id")


def claimreview_imports_for(user: Any) -> QuerySet[ClaimReviewImport]:
    """Large imports a user may follow: their own (admins: all)."""
    if roles.can_administer(user):
        return ClaimReviewImport.objects.all()
    if not roles.can_edit(user):
        return ClaimReviewImport.objects.none()
    return ClaimReviewImport.objects.filter(requested_by=user)


def match_text(
    *, user: Any, text: str, limit: int = DEFAULT_LIMIT, exclude_article: int | None = None
) -> list[Match]:
    """The archive's closest checks to a wording, best first (``POST match/``).

    ``exclude_article`` leaves out that article's own claims (a selection on the review page).
    """
    return _match_many(_matchable(user, exclude_article), {0: text}, limit)[0]


def similar_to_claim(*, user: Any, claim: Claim, limit: int = DEFAULT_LIMIT) -> list[Match]:
    """Earlier checks of the same claim on other articles (``GET claims/{id}/similar/``).

    A match an editor dismissed for this claim is left out; one they linked comes first.
    """
    scope = _matchable(user, exclude_article=claim.article_id)
    found = _match_many(scope, {claim.pk: claim.claim_text}, limit + CANDIDATES)[claim.pk]
    decided = _decisions([claim.pk])
    return _apply_decisions(found, decided.get(claim.pk, {}))[:limit]


@dataclass(frozen=True)
class PreviousChecks:
    """ "Previously checked" for one article: matches at ``suggested`` or above.

    ``by_segment``: suggested sentences (and sentences of claims) → their matches;
    ``by_claim``: the article's live claims → their matches, with editors' decisions applied
    (dismissed ones left out, linked ones first and kept even below the threshold).
    """

    by_segment: dict[int, list[Match]]
    by_claim: dict[int, list[Match]]


def article_previous_checks(*, user: Any, article: Article, limit: int = 3) -> PreviousChecks:
    """Badges for a whole article in a fixed number of queries, whatever its length."""
    segments = _badge_segments(user, article)
    claims = dict(
        Claim.objects.visible_to(user)
        .live()
        .filter(article=article)
        .values_list("pk", "claim_text")
    )
    scope = _matchable(user, exclude_article=article.pk)
    texts = {("s", pk): text for pk, text in segments.items()}
    texts.update({("c", pk): text for pk, text in claims.items()})
    found = _match_many(scope, texts, limit + 10)
    decided = _decisions(list(claims))
    by_segment = {pk: [m for m in found[("s", pk)] if m.level][:limit] for pk in segments}
    by_claim = {}
    for pk in claims:
        matches = _apply_decisions(found[("c", pk)], decided.get(pk, {}))
        by_claim[pk] = [m for m in matches if m.level or m.decision == "link"][:limit]
    return PreviousChecks(
        by_segment={k: v for k, v in by_segment.items() if v},
        by_claim={k: v for k, v in by_claim.items() if v},
    )


def article_badges(*, user: Any, article: Article) -> dict[int, Match]:
    """Each sentence to badge → its best earlier check: a claim's on the claim's first sentence
    (with editors' decisions applied), else a suggested sentence's own."""
    checks = article_previous_checks(user=user, article=article, limit=1)
    badges = {pk: matches[0] for pk, matches in checks.by_segment.items()}
    if checks.by_claim:
        first: dict[int, int] = {}
        rows = Claim.segments.through.objects.filter(claim_id__in=checks.by_claim)
        for claim_id, segment_id, _start in rows.values_list(
            "claim_id", "segment_id", "segment__start"
        ).order_by("segment__start"):
            first.setdefault(claim_id, segment_id)
        for claim_id, matches in checks.by_claim.items():
            if claim_id in first:
                badges[first[claim_id]] = matches[0]
    return badges


def _badge_segments(user: Any, article: Article) -> dict[int, str]:
    return dict(
        Segment.objects.visible_to(user)
        .filter(article=article)
        .filter(suggested_condition())
        .values_list("pk", "text")
    )


def feedback_for_claim(claim: Claim) -> QuerySet[MatchFeedback]:
    """Editors' decisions about one claim's matches, newest first."""
    return MatchFeedback.objects.filter(claim=claim).select_related(
        "target_claim", "target_review", "decided_by"
    )


def feedback_summary() -> dict[str, Any]:
    """How the matcher fared against editors' decisions: links and dismissals per level."""
    rows = MatchFeedback.objects.values_list("action", "level")
    summary: dict[str, Any] = {"link": {}, "dismiss": {}}
    for action, level in rows:
        key = level or "none"
        summary[action][key] = summary[action].get(key, 0) + 1
    shown = sum(
        summary["link"].get(k, 0) + summary["dismiss"].get(k, 0) for k in ("confident", "suggested")
    )
    wrong = sum(summary["dismiss"].get(k, 0) for k in ("confident", "suggested"))
    summary["precision_of_shown"] = round(1 - wrong / shown, 4) if shown else None
    return summary


# ----------------------------------------------------------------------------- internals


@dataclass(frozen=True)
class Scope:
    """Where candidates come from: the entries the user may see, less one article's claims.

    The SQLite scan filters ``entries``; the PostgreSQL statement writes the same conditions
    itself (kind, not dismissed, not ``exclude_article``) and uses ``entries`` only to learn
    whether ``visible_to(user)`` allows anything.
    """

    entries: QuerySet
    exclude_article: int | None = None


def _matchable(user: Any, exclude_article: int | None = None) -> Scope:
    """Candidates: imported reviews and live claims the user may see (not of this article)."""
    entries = SearchEntry.objects.visible_to(user).matchable()
    if exclude_article is not None:
        entries = entries.exclude(article_id=exclude_article)
    return Scope(entries, exclude_article)


def _decisions(claim_ids: list[int]) -> dict[int, dict[tuple[str, int], str]]:
    decided: dict[int, dict[tuple[str, int], str]] = {}
    if not claim_ids:
        return decided
    rows = MatchFeedback.objects.filter(claim_id__in=claim_ids).values_list(
        "claim_id", "target_claim_id", "target_review_id", "action"
    )
    for claim_id, target_claim, target_review, action in rows:
        key = ("claim", target_claim) if target_claim else ("claimreview", target_review)
        decided.setdefault(claim_id, {})[key] = action
    return decided


def _apply_decisions(matches: list[Match], decided: dict[tuple[str, int], str]) -> list[Match]:
    if not decided:
        return matches
    kept = []
    for match in matches:
        action = decided.get((match.type, match.id), "")
        if action == "dismiss":
            continue
        kept.append(replace(match, decision=action) if action else match)
    kept.sort(key=lambda m: (m.decision != "link", -m.score))
    return kept


_FIELDS = (
    "id",
    "kind",
    "object_id",
    "match_text",
    "match_terms",
    "rating",
    "publisher",
    "date",
    "url",
    "status",
)


def _match_many(scope: Scope, texts: dict[Any, str], limit: int) -> dict[Any, list[Match]]:
    """Match several texts at once: one retrieval query, one query for claims' dates."""
    queries = {key: text for key, text in texts.items() if text and text.strip()}
    if connection.vendor == "postgresql":
        pools = _postgres_candidates(scope, queries, limit)
    else:
        pools = _scan_candidates(scope.entries, queries)
    results: dict[Any, list[Match]] = {key: [] for key in texts}
    claim_ids = {
        row["object_id"] for pool in pools.values() for row in pool if row["kind"] == "claim"
    }
    published = (
        {
            pk: (when, label)
            for pk, when, label in Claim.objects.filter(pk__in=claim_ids).values_list(
                "pk", "published_at", "rating__label"
            )
        }
        if claim_ids
        else {}
    )
    for key, pool in pools.items():
        ranked = matching.rank(queries[key], [(row, row["match_text"]) for row in pool])
        results[key] = [_match(row, comparison, published) for row, comparison in ranked[:limit]]
    return results


def _match(row: dict, comparison: matching.Comparison, published: dict) -> Match:
    is_claim = row["kind"] == "claim"
    when, label = published.get(row["object_id"], (None, "")) if is_claim else (row["date"], "")
    if isinstance(when, dt.datetime):
        when = when.date()
    return Match(
        type=row["kind"],
        id=row["object_id"],
        url=row["url"],
        claim_text=row["match_text"],
        rating=row["rating"],
        rating_label=(label or row["rating"]) if is_claim else row["rating"],
        publisher=row["publisher"],
        date_published=when,
        status=row["status"] if is_claim else None,
        score=comparison.score,
        level=matching.level(comparison.score),
        reasons=tuple(comparison.reasons),
    )


def _is_common_term(term: str) -> bool:
    """Directions, years and months: checked by the comparator, too common to retrieve by."""
    return (
        term.startswith("dir")
        or (term[:1] == "y" and term[1:2].isdigit())
        or (len(term) == 4 and term[0] == "m" and term[1:] in _MONTH_TERMS)
        or len(term) <= 2
    )


_MONTH_TERMS = {m[:3] for m in matching.MONTHS}


def tsqueries(text: str, common: dict[str, float] | None = None) -> tuple[list[str], str]:
    """Retrieval tiers for a wording, most selective first, and the ranking query.

    Tiers: candidates sharing three terms, two terms, one term, always at least one of them
    content (a word, a name or a quantity). Directions, years and months, and words that
    PostgreSQL's statistics show in more than COMMON_ENTRIES entries (``common``: term →
    estimated entries), are too common to retrieve by; ranking uses every term. The most
    specific TIER_TERMS content terms are used: quantities, then rarer and longer words.
    """
    common = common or {}
    terms = sorted(set(match_terms(text).split()))
    content = sorted(
        (t for t in terms if not _is_common_term(t) and common.get(t, 0.0) <= COMMON_ENTRIES),
        key=lambda t: (t[:1] != "q", common.get(t, 0.0), -len(t), t),
    )[:TIER_TERMS]
    years = [t for t in terms if t[:1] == "y" and t[1:2].isdigit()][:2]
    items = content + years
    triples = [g for g in combinations(items, 3) if g[0] in content]
    pairs = [g for g in combinations(items, 2) if g[0] in content]
    tiers = [
        " | ".join("(" + " & ".join(f"'{t}'" for t in group) + ")" for group in groups)
        for groups in (triples, pairs)
    ]
    tiers.append(" | ".join(f"'{t}'" for t in content))
    return tiers, " | ".join(f"'{t}'" for t in terms)


_common_cache: dict[str, Any] = {"at": 0.0, "terms": {}}


def common_terms() -> dict[str, float]:
    """The most common terms of the match index and about how many entries have each, from
    the statistics ANALYZE (autovacuum) keeps on the tsvector column; re-read every 10
    minutes. Empty before the first ANALYZE, and on a small archive nothing is common."""
    now = time.monotonic()
    if now - _common_cache["at"] < 600:
        return _common_cache["terms"]
    terms: dict[str, float] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples "
            "FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename "
            "WHERE s.tablename = 'annotations_searchentry' AND s.attname = 'match_vector'"
        )
        row = cursor.fetchone()
    if row and row[0]:
        rows = max(float(row[2] or 0), 0.0)
        terms = {term: share * rows for term, share in zip(row[0], row[1], strict=False)}
    _common_cache.update(at=now, terms=terms)
    return terms


def _postgres_candidates(
    scope: Scope, queries: dict[Any, str], limit: int
) -> dict[Any, list[dict]]:
    """Top candidates of every query, tier by tier: one statement per tier for all queries
    (a LATERAL join over them), each tier only for queries still short of CANDIDATES; the
    last tier (one shared term) only for queries with fewer than ``limit``. Each tier ranks
    at most TIER_ROWS rows, so a common word cannot make a query slow."""
    pools: dict[Any, list[dict]] = {key: [] for key in queries}
    if scope.entries.query.is_empty():  # visible_to(user) said no
        return pools
    exclude_article = scope.exclude_article
    common = common_terms()
    built = {key: tsqueries(text, common) for key, text in queries.items()}
    for tier in range(3):
        wanted = [
            (key, built[key][0][tier], built[key][1])
            for key in queries
            if built[key][0][tier]
            and len(pools[key]) < (CANDIDATES if tier < 2 else min(limit, CANDIDATES))
        ]
        if not wanted:
            continue
        sql, params = candidate_sql([(f, r) for _, f, r in wanted], exclude_article)
        seen = {key: {row["id"] for row in pools[key]} for key, _, _ in wanted}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for row in cursor.fetchall():
                key = wanted[row[0]][0]
                entry = dict(zip(_FIELDS, row[1:], strict=True))
                if entry["id"] not in seen[key] and len(pools[key]) < CANDIDATES:
                    pools[key].append(entry)
    return pools


def candidate_sql(
    tsqueries_: list[tuple[str, str]], exclude_article: int | None = None
) -> tuple[str, list]:
    """The retrieval statement for (filter, rank) tsquery pairs: (SQL, params)."""
    values = ", ".join(
        ["(%s, to_tsquery('simple'::regconfig, %s), to_tsquery('simple'::regconfig, %s))"]
        * len(tsqueries_)
    )
    columns = ", ".join(f"e.{name}" for name in _FIELDS)
    # Only placeholders, constants and our own column names are formatted in; every value
    # is a parameter.
    sql = f"""
        SELECT q.n, {columns}
        FROM (VALUES {values}) AS q(n, filter, rank)
        CROSS JOIN LATERAL (
            SELECT * FROM (
                SELECT {", ".join(_FIELDS)}, match_vector FROM annotations_searchentry c
                WHERE c.kind IN ('claim', 'claimreview') AND c.match_vector @@ q.filter
                  AND c.status <> 'dismissed'
                  AND (c.article_id IS NULL OR c.article_id <> %s)
                LIMIT {TIER_ROWS}
            ) AS bounded
            ORDER BY ts_rank(bounded.match_vector, q.rank) DESC, bounded.id DESC
            LIMIT {CANDIDATES}
        ) AS e
    """  # noqa: S608
    params: list[Any] = []
    for n, (filter_query, rank_query) in enumerate(tsqueries_):
        params += [n, filter_query, rank_query]
    params.append(exclude_article if exclude_article is not None else -1)
    return sql, params


def _scan_candidates(entries: QuerySet, queries: dict[Any, str]) -> dict[Any, list[dict]]:
    """SQLite: the newest SQLITE_SCAN entries, each query's best CANDIDATES by shared terms."""
    if not queries:
        return {}
    rows = list(entries.order_by("-id").values(*_FIELDS)[:SQLITE_SCAN])
    terms = [(row, set(row["match_terms"].split())) for row in rows]
    pools = {}
    for key, text in queries.items():
        wanted = set(match_terms(text).split())
        content = {t for t in wanted if not _is_common_term(t)}
        # As on PostgreSQL: a candidate shares a word, a name or a quantity, not only a year.
        scored = [(len(wanted & have), row) for row, have in terms if content & have]
        scored.sort(key=lambda pair: (-pair[0], -pair[1]["id"]))
        pools[key] = [row for _, row in scored[:CANDIDATES]]
    return pools


def matches_for_claims(
    *, user: Any, claims: Iterable[Claim], limit: int = 3
) -> dict[int, list[Match]]:
    """Matches of several claims (of any articles) in a fixed number of queries.

    Each claim's own article is left out of its matches; editors' decisions are applied.
    """
    claims = list(claims)
    found = _match_many(_matchable(user), {c.pk: c.claim_text for c in claims}, limit + 20)
    decided = _decisions([c.pk for c in claims])
    articles = _articles_of(found)
    out = {}
    for claim in claims:
        matches = [
            m
            for m in found[claim.pk]
            if not (m.type == "claim" and articles.get(m.id) == claim.article_id)
        ]
        out[claim.pk] = _apply_decisions(matches, decided.get(claim.pk, {}))[:limit]
    return out


def claim_panel_matches(*, user: Any, claim: Claim, limit: int = 3) -> list[Match]:
    """What the claim panel lists: matches at ``suggested`` or above, and linked ones."""
    found = matches_for_claims(user=user, claims=[claim], limit=limit)[claim.pk]
    return [m for m in found if m.level or m.decision == "link"]


def _articles_of(found: dict[Any, list[Match]]) -> dict[int, int]:
    ids = {m.id for matches in found.values() for m in matches if m.type == "claim"}
    return dict(Claim.objects.filter(pk__in=ids).values_list("pk", "article_id")) if ids else {}
