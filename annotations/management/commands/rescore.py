"""python manage.py rescore [--all] — score stored segments again with today's scorer."""

from django.core.management.base import BaseCommand, CommandParser

from annotations.services import segments_rescore


class Command(BaseCommand):
    help = (
        "Rescore segments whose reasons are still plain strings (from before reasons "
        "carried spans); --all rescores every segment, e.g. after retraining the model."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Rescore every segment")

    def handle(self, *args, **options) -> None:
        changed = segments_rescore(everything=options["all"])
        self.stdout.write(f"rescored {changed} segments")
