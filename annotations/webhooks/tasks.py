"""The webhook jobs, run by the worker (``manage.py worker``)."""

from __future__ import annotations

from django_tasks import task

from annotations.webhooks import delivery


@task()
def deliver(delivery_id: int) -> str:
    """One attempt of one delivery (skipped if another worker has it or it is not due)."""
    return delivery.attempt(delivery_id)
