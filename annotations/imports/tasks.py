"""The URL import job, run by the worker (``manage.py worker``)."""

from __future__ import annotations

from django_tasks import task

from annotations.imports import services


@task()
def fetch_article(import_id: int) -> str:
    return services.import_run(import_id)
