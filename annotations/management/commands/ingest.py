"""python manage.py ingest PATH... — store articles (.txt, .md, .html).

Many files are segmented and scored in worker processes (``--jobs``, default: one per CPU),
the part that takes the time, while this process writes each article as its rows arrive,
in the order given, through the same service as the API and the import form.
"""

import json
import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations.documents import MAX_BYTES, Document, DocumentError, read_document
from annotations.models import Article, content_hash, is_suggested
from annotations.services import article_ingest, build_segments
from annotations.services.articles import segment_rows


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
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes that segment and score files side by side (default: the CPU count)",
        )

    def handle(self, *args, **options) -> None:
        if options["jobs"] < 1:
            raise CommandError("--jobs must be 1 or more.")
        # Read and validate every file first, so one bad file means nothing is written.
        documents = [(path, self.read(path)) for path in options["paths"]]
        if options["dry_run"]:
            for path, document in documents:
                self.print_segmentation(path, document, options)
            return
        rows = self.rows_of([d for _, d in documents], options["jobs"])
        for (path, document), precomputed in zip(documents, rows, strict=True):
            try:
                result = article_ingest(
                    document=document,
                    title=options["title"],
                    url=options["url"],
                    publisher=options["publisher"],
                    byline=options["byline"],
                    rows=precomputed,
                )
            except ValidationError as error:
                raise CommandError(f"{path}: {'; '.join(error.messages)}") from error
            article = result.article
            if result.created and precomputed is not None:
                count = len(precomputed)
                suggested = sum(is_suggested(row[1], row[6]) for row in precomputed)
            else:
                # Counted by the database: reading the rows back would cost as much as
                # writing them.
                count = article.segments.count()
                suggested = article.segments.suggested().count()
            state = "stored" if result.created else "already stored"
            self.stdout.write(
                f"{path}: {state} as article {article.pk} "
                f"({count} segments, {suggested} suggested claims)"
            )

    def rows_of(self, documents: list[Document], jobs: int) -> Iterator[list[tuple] | None]:
        """Each new document's segment rows, in order (None: the text is stored already, or
        there is one process: ingest segments it itself)."""
        stored = set(
            Article.objects.filter(
                content_hash__in=[content_hash(d.body) for d in documents]
            ).values_list("content_hash", flat=True)
        )
        new = [d.body for d in documents if content_hash(d.body) not in stored]
        jobs = min(jobs, len(new))
        if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            yield from (None for _ in documents)
            return
        # Loaded once here and inherited by the children. They only compute, and exit as
        # multiprocessing's workers do (os._exit), never touching the inherited connection.
        segment_rows("Warm up. The model and spaCy load once, before the fork.")
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            computed = pool.imap(segment_rows, new)
            for document in documents:
                yield None if content_hash(document.body) in stored else next(computed)

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
