"""python manage.py rebuild_index [--job] — index the archive again: every article, claim,
source and imported review, with today's matcher terms (after a change of what is indexed
or of how claims are matched)."""

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from annotations.archive import index
from annotations.archive.services import index_rebuild_request


class Command(BaseCommand):
    help = (
        "Rebuild the search and matching index of the archive, in one transaction (searches "
        "see the old index until it is done); --job queues it for a worker instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--job", action="store_true", help="Queue the rebuild as a job and return at once"
        )

    def handle(self, *args, **options) -> None:
        if options["job"]:
            result = index_rebuild_request()
            self.stdout.write(f"queued rebuild job {result.id}")
            return
        with transaction.atomic():
            rows = index.rebuild()
        self.stdout.write(f"indexed {rows} rows")
