"""The archive's jobs, run by the worker (``manage.py worker``)."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from annotations.archive import index, services


@task()
def import_claimreviews(job_id: int) -> str:
    """A large ClaimReview document (POST /api/v1/claimreviews/ past the job threshold)."""
    return services.claimreview_import_run(job_id)


@task()
def rebuild_index() -> int:
    """The whole search index, again (``manage.py rebuild_index --job``); returns its rows.
    One transaction: searches and matches see the old index until the new one is complete."""
    with transaction.atomic():
        return index.rebuild()
