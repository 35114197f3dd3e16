"""The report job, run by the worker (``manage.py worker``)."""

from __future__ import annotations

from django_tasks import task

from annotations.exports import services


@task()
def render_report_file(file_id: int) -> str:
    return services.report_file_run(file_id)
