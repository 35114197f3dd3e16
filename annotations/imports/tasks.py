"""The import jobs, run by the worker (``manage.py worker``)."""

from __future__ import annotations

from django_tasks import task

from annotations.imports import services


@task()
def fetch_article(import_id: int) -> str:
    """An article import: a URL fetched and extracted, or a large pasted or uploaded text;
    then segmented, scored and stored (``services.import_run`` tells which)."""
    return services.import_run(import_id)
