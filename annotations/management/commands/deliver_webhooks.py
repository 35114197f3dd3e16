"""``manage.py deliver_webhooks``: queue (or, with --now, send here) every due delivery whose
job was lost; for cron, or to drain the outbox by hand."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from annotations.webhooks.delivery import attempt, sweep
from annotations.webhooks.models import WebhookDelivery


class Command(BaseCommand):
    help = "Queue the due webhook deliveries whose job was lost (--now: send them here)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Send them in this process.")
        parser.add_argument(
            "--grace", type=float, default=0, help="Only deliveries due this many seconds."
        )

    def handle(self, *args, now: bool, grace: float, **options):
        if not now:
            count = sweep(grace=grace)
            self.stdout.write(f"Queued {count} deliveries.")
            return
        due = (
            WebhookDelivery.objects.filter(
                status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=timezone.now()
            )
            .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=timezone.now()))
            .values_list("pk", flat=True)
        )
        outcomes = [attempt(pk) for pk in list(due)]
        self.stdout.write(f"Attempted {len(outcomes)}: " + ", ".join(sorted(set(outcomes))))
