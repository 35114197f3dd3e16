"""python manage.py ingest PATH... — store articles (.txt, .md, .html)."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations.documents import MAX_BYTES, Document, DocumentError, read_document
from annotations.models import Article
from annotations.services import article_ingest, build_segments


class Command(BaseCommand):
    help = "Store articles from text, Markdown or HTML files; the same text twice is stored once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--title", default="", help="Title (default: detected from the text)")
        parser.add_argument("--url", default="", help="Where the article was published")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--byline", default="")
        parser.add_argument("--dry-run", action="store_true", help="Segment only; write nothing")
        parser.add_argument("--json", action="store_true", help="With --dry-run: print JSON")

    def handle(self, *args, **options) -> None:
        # Read and validate every file first, so one bad file means nothing is written.
        documents = [(path, self.read(path)) for path in options["paths"]]
        if options["dry_run"]:
            for path, document in documents:
                self.print_segmentation(path, document, options)
            return
        for path, document in documents:
            try:
                result = article_ingest(
                    document=document,
                    title=options["title"],
                    url=options["url"],
                    publisher=options["publisher"],
                    byline=options["byline"],
                )
            except ValidationError as error:
                raise CommandError(f"{path}: {'; '.join(error.messages)}") from error
            article = result.article
            state = "stored" if result.created else "already stored"
            # Counted by the database: reading the rows back would cost as much as writing them.
            suggested = article.segments.suggested().count()
            self.stdout.write(
                f"{path}: {state} as article {article.pk} "
                f"({article.segments.count()} segments, {suggested} suggested claims)"
            )

    def read(self, path: Path) -> Document:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{path}: file is larger than {MAX_BYTES // (1024 * 1024)} MB")
        try:
            return read_document(path.read_bytes(), path.name)
        except DocumentError as error:
            raise CommandError(f"{path}: {error}") from error

    def print_segmentation(self, path: Path, document: Document, options: dict) -> None:
        # The same segments and scores that ingest would store, on an unsaved article.
        segments = [
            {
                "kind": segment.kind,
                "start": segment.start,
                "end": segment.end,
                "text": segment.text,
                "checkworthiness": segment.checkworthiness,
                "reasons": segment.reasons,
                "suggested": segment.suggested,
            }
            for segment in build_segments(Article(body=document.body))
        ]
        title = options["title"] or document.title
        if options["json"]:
            payload = {"title": title, "segments": segments}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{path}: {title!r}, {len(segments)} segments (dry run, nothing written)")
        for item in segments:
            mark = "*" if item["suggested"] else " "
            self.stdout.write(f"{mark} {item['kind']:<10} {item['start']:>6}-{item['end']:<6} "
                              f"{item['text'][:80]}")  # fmt: skip
