"""Editors' pages: server-rendered, htmx-enhanced."""

from annotations.views.claims import (
    claim_correct,
    claim_create,
    claim_history,
    claim_update,
    claim_workflow,
)
from annotations.views.evidence import (
    note_add,
    note_delete,
    note_update,
    source_add,
    source_delete,
    source_update,
)
from annotations.views.pages import (
    article_import,
    article_import_progress,
    article_review,
    dashboard,
)

__all__ = [
    "article_import",
    "article_import_progress",
    "article_review",
    "claim_correct",
    "claim_create",
    "claim_history",
    "claim_update",
    "claim_workflow",
    "dashboard",
    "note_add",
    "note_delete",
    "note_update",
    "source_add",
    "source_delete",
    "source_update",
]
