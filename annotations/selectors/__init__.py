"""Reads that span relations: what a user may see, prefetched so query counts stay flat.

By domain: :mod:`.access` (who may see which articles, claims and segments; the dashboard),
:mod:`.review` (the review page: progress, the rating scale, sentences and their claims),
:mod:`.history` (a claim's history as people read it). The archive's, the panel's and the
webhooks' reads live in their own packages' ``selectors.py``.
"""

from annotations.selectors.access import (
    ARTICLE_STATUSES,
    articles_for,
    assignable_users,
    claims_for,
    claims_visible_to,
    dashboard_articles,
    drafts_of,
    review_queue,
    segments_for,
    with_counts,
)
from annotations.selectors.history import (
    FIELD_LABELS,
    HIDDEN_FIELDS,
    HISTORY_ACTIONS,
    HISTORY_USER_FIELDS,
    HistoryEntry,
    changes_since,
    claim_history,
    readable_history,
    version_record,
)
from annotations.selectors.review import (
    ArticleProgress,
    SegmentClaim,
    article_progress,
    article_segment_claims,
    article_segment_rows,
    articles_progress,
    rating_scale,
)

__all__ = [
    "ARTICLE_STATUSES",
    "FIELD_LABELS",
    "HIDDEN_FIELDS",
    "HISTORY_ACTIONS",
    "HISTORY_USER_FIELDS",
    "ArticleProgress",
    "HistoryEntry",
    "SegmentClaim",
    "article_progress",
    "article_segment_claims",
    "article_segment_rows",
    "articles_for",
    "articles_progress",
    "assignable_users",
    "changes_since",
    "claim_history",
    "claims_for",
    "claims_visible_to",
    "dashboard_articles",
    "drafts_of",
    "rating_scale",
    "readable_history",
    "review_queue",
    "segments_for",
    "version_record",
    "with_counts",
]
