"""python manage.py load_seed — ingest every file in seeds/; running it again changes nothing."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

SEED_SUFFIXES = {".txt", ".md", ".html", ".htm"}


class Command(BaseCommand):
    help = "Ingest every article in the seeds/ folder (idempotent)."

    def handle(self, *args, **options) -> None:
        seeds_dir = settings.BASE_DIR / "seeds"
        paths = sorted(p for p in seeds_dir.iterdir() if p.suffix.lower() in SEED_SUFFIXES)
        if not paths:
            raise CommandError(f"No seed articles in {seeds_dir}")
        for path in paths:
            call_command("ingest", str(path), stdout=self.stdout, stderr=self.stderr)
