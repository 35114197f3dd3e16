"""Every write and every workflow rule, in one place.

Views, API endpoints, the admin and management commands call these functions, so the
browser, the API, the admin and the command line share one code path. Each function is
keyword-only and atomic, checks roles and rules, then saves; history records who did it.
Versioned objects (claims, sources, notes) are re-read under a row lock and refused with
:class:`StaleVersion` when the caller's version is not the latest.
"""

from annotations.services.articles import (
    IngestResult,
    article_delete,
    article_ingest,
    article_update,
    build_segments,
    segments_rescore,
)
from annotations.services.bulk import BulkInvalid, NewClaim, claims_create_many
from annotations.services.claims import (
    CLAIM_EDITABLE_FIELDS,
    PUBLISHED_VERDICT_FIELDS,
    claim_correct,
    claim_create,
    claim_dismiss,
    claim_publish,
    claim_submit,
    claim_update,
    default_wording,
    pending_correction,
)
from annotations.services.common import Conflict, Removed, StaleVersion
from annotations.services.evidence import (
    SOURCE_FIELDS,
    may_change_note,
    note_add,
    note_delete,
    note_update,
    source_add,
    source_delete,
    source_update,
)

__all__ = [
    "CLAIM_EDITABLE_FIELDS",
    "PUBLISHED_VERDICT_FIELDS",
    "SOURCE_FIELDS",
    "BulkInvalid",
    "Conflict",
    "IngestResult",
    "NewClaim",
    "Removed",
    "StaleVersion",
    "article_delete",
    "article_ingest",
    "article_update",
    "build_segments",
    "claim_correct",
    "claim_create",
    "claim_dismiss",
    "claim_publish",
    "claim_submit",
    "claim_update",
    "claims_create_many",
    "default_wording",
    "may_change_note",
    "note_add",
    "note_delete",
    "note_update",
    "pending_correction",
    "segments_rescore",
    "source_add",
    "source_delete",
    "source_update",
]
