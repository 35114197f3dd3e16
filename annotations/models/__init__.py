"""The newsroom's entities: articles, their segments, claims and the evidence behind verdicts.

Business rules that change state live in ``annotations.services``; models hold fields,
database constraints, small properties derived from their own fields, and the domain's
filters as QuerySet methods (``Claim.objects.live()``, ``Segment.objects.suggested()``,
``visible_to(user)``). One module per domain; this package names them all.
"""

# The archive's models live in their capability package; imported here so Django finds them.
from annotations.archive.models import ClaimReview, ClaimReviewImport, MatchFeedback, SearchEntry
from annotations.exports.models import ReportFile
from annotations.imports.models import ArticleImport
from annotations.models.articles import (
    SEGMENT_KINDS,
    SUGGESTIBLE_KINDS,
    Article,
    Segment,
    is_suggested,
    suggested_condition,
    suggested_sql,
)
from annotations.models.claims import Claim, Correction, Rating, live_condition
from annotations.models.common import (
    content_hash,
    http_url_validator,
    parse_version_etag,
    version_etag,
)
from annotations.models.evidence import AliveManager, Note, Source
from annotations.panel.models import Vote
from annotations.webhooks.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

__all__ = [
    "SEGMENT_KINDS",
    "SUGGESTIBLE_KINDS",
    "AliveManager",
    "Article",
    "ArticleImport",
    "Claim",
    "ClaimReview",
    "ClaimReviewImport",
    "Correction",
    "MatchFeedback",
    "Note",
    "Rating",
    "ReportFile",
    "SearchEntry",
    "Segment",
    "Source",
    "Vote",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "content_hash",
    "http_url_validator",
    "is_suggested",
    "live_condition",
    "parse_version_etag",
    "suggested_condition",
    "suggested_sql",
    "version_etag",
]
