"""python manage.py import_claimreview PATH... — import ClaimReview JSON-LD (idempotent by url)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from annotations.archive.services import claimreview_import
from annotations.limits import MAX_IMPORT_BYTES


class Command(BaseCommand):
    help = (
        "Import schema.org ClaimReview JSON-LD files (a ClaimReview, an array, an @graph or a "
        "DataFeed). A review imported again is updated, never duplicated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args, **options) -> None:
        documents = [(path, self.read(path)) for path in options["paths"]]
        # One file refused means nothing is written, as with ingest.
        with transaction.atomic():
            for path, document in documents:
                try:
                    result = claimreview_import(document=document)
                except ValidationError as error:
                    raise CommandError(f"{path}: {'; '.join(error.messages)}") from error
                self.stdout.write(
                    f"{path}: {result.created} created, {result.updated} updated, "
                    f"{len(result.skipped)} skipped"
                )
                for skipped in result.skipped:
                    self.stdout.write(f"  item {skipped['index']}: {skipped['reason']}")

    def read(self, path: Path) -> bytes:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise CommandError(f"{path}: file is larger than {MAX_IMPORT_BYTES // 2**20} MB")
        return path.read_bytes()
