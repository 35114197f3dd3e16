"""The import jobs, run by the worker (``manage.py worker``)."""

from __future__ import annotations

from django_tasks import task

from annotations.imports import services


@task()
def fetch_article(import_id: int) -> str:
    """A URL import: fetch, extract and ingest the page."""
    return services.import_run(import_id)


@task()
def import_text(import_id: int) -> str:
    """A large pasted or uploaded article: segment, score and store it."""
    return services.import_run(import_id)
