"""``manage.py worker``: one job worker (django-tasks' ``db_worker``) with the webhook sweeper.

The sweeper runs in a thread beside the worker: at start and then every
FACTCHECK_WEBHOOK_SWEEP_SECONDS it queues again the deliveries whose job was lost, so a crash
between a commit and its job being queued loses nothing. Run as many workers as you like, on
as many machines as share the database.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from annotations.webhooks.delivery import sweep

logger = logging.getLogger(__name__)


def sweep_forever(every: float, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            close_old_connections()
            sweep()
        except Exception:
            logger.exception("The webhook sweeper failed; trying again later")
        finally:
            connection.close()
        stop.wait(every)


class Command(DbWorkerCommand):
    help = (
        "Run a job worker (webhook deliveries, URL and large article imports, large reports and "
        "ClaimReview imports, index rebuilds) with the webhook sweeper."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-sweeper", action="store_true", help="Do not queue lost deliveries again."
        )

    def handle(self, *args, no_sweeper: bool = False, **options):
        if not no_sweeper:
            stop = threading.Event()
            every = max(1.0, float(settings.FACTCHECK_WEBHOOK_SWEEP_SECONDS))
            threading.Thread(
                target=sweep_forever, args=(every, stop), name="webhook-sweeper", daemon=True
            ).start()
        return super().handle(*args, **options)
