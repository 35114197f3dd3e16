"""python manage.py ingest PATH... — store articles (.txt, .md, .html).

Many files are ingested side by side by forked processes (``--jobs``, default: one per CPU),
each segmenting, scoring and writing with its own database connection, through the same
service as the API and the import form; this process prints the results in the order given.
"""

import json
import multiprocessing
import multiprocessing.util
import os
from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections

from annotations.documents import (
    ARTICLE_EXTENSIONS,
    MAX_BYTES,
    Document,
    DocumentError,
    read_document,
)
from annotations.models import Article, content_hash, is_suggested
from annotations.services import article_ingest, build_segments
from annotations.services.articles import article_build, segment_rows


class Command(BaseCommand):
    help = "Store articles from text, Markdown or HTML files; the same text twice is stored once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="+", type=Path, help="Files, or folders of .txt, .md and .html files"
        )
        parser.add_argument("--title", default="", help="Title (default: detected from the text)")
        parser.add_argument("--url", default="", help="Where the article was published")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--byline", default="")
        parser.add_argument("--dry-run", action="store_true", help="Segment only; write nothing")
        parser.add_argument(
            "--json",
            action="store_true",
            help="With --dry-run: print one JSON document (one object per file, or a list of "
            "them for several), offsets into each file's body",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes that segment and score files side by side (default: the CPU count)",
        )

    def handle(self, *args, **options) -> None:
        if options["jobs"] < 1:
            raise CommandError("--jobs must be 1 or more.")
        if options["json"] and not options["dry_run"]:
            raise CommandError("--json prints a dry run: give --dry-run too.")
        # Read and validate every file first, so one bad file means nothing is written.
        documents = [(path, self.read(path)) for path in _files(options["paths"])]
        if options["dry_run"] and options["json"]:
            payloads = [self.segmentation(path, document, options) for path, document in documents]
            one_file = len(options["paths"]) == 1 and options["paths"][0].is_file()
            payload = payloads[0] if one_file else payloads  # a list for several, or a folder
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if options["dry_run"]:
            for path, document in documents:
                self.print_segmentation(path, document, options)
            return
        metadata = {k: options[k] for k in ("title", "url", "publisher", "byline")}
        for path, document in documents:
            try:  # what ingest would refuse, refused before anything is written
                article_build(document=document, **metadata)
            except ValidationError as error:
                raise CommandError(f"{path}: {'; '.join(error.messages)}") from error
        work = [(document, metadata) for _, document in documents]
        for (path, _), (pk, created, count, suggested) in zip(
            documents, self.ingested(work, options["jobs"]), strict=True
        ):
            state = "stored" if created else "already stored"
            self.stdout.write(
                f"{path}: {state} as article {pk} ({count} segments, {suggested} suggested "
                f"sentence{'' if suggested == 1 else 's'})"
            )

    def ingested(self, work: list[tuple[Document, dict]], jobs: int) -> Iterator[tuple]:
        """Each file ingested, in order: here, or by ``jobs`` forked processes that each
        segment, score and write with their own database connection (PostgreSQL). Inside a
        transaction (a caller's atomic block, a test) or on SQLite (one writer at a time; an
        in-memory database is not shared with children) everything is written here."""
        jobs = min(jobs, len(work))
        if (
            jobs <= 1
            or connection.vendor != "postgresql"
            or connection.in_atomic_block
            or "fork" not in multiprocessing.get_all_start_methods()
        ):
            yield from map(ingest_file, work)
            return
        # Loaded once here and inherited by the children; no connection is inherited.
        segment_rows("Warm up. The model and spaCy load once, before the fork.")
        connections.close_all()
        pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_child_started)
        try:
            yield from pool.imap(ingest_file, work)
        except BaseException:
            pool.terminate()
            raise
        pool.close()  # the children close their connections as they exit
        pool.join()

    def read(self, path: Path) -> Document:
        if not path.is_file():
            raise CommandError(f"{path}: no such file or folder")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{path}: file is larger than {MAX_BYTES // (1024 * 1024)} MB")
        try:
            return read_document(path.read_bytes(), path.name)
        except DocumentError as error:
            raise CommandError(f"{path}: {error}") from error

    def segmentation(self, path: Path, document: Document, options: dict) -> dict:
        """What ingest would store, on an unsaved article: the body it keeps (an HTML file's
        extracted text) and its segments and reasons, with offsets into that body."""
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
        return {
            "path": str(path),
            "title": options["title"] or document.title,
            "byline": options["byline"] or document.byline,
            "body": document.body,
            "segments": segments,
        }

    def print_segmentation(self, path: Path, document: Document, options: dict) -> None:
        result = self.segmentation(path, document, options)
        segments = result["segments"]
        title = result["title"]
        self.stdout.write(f"{path}: {title!r}, {len(segments)} segments (dry run, nothing written)")
        for item in segments:
            mark = "*" if item["suggested"] else " "
            self.stdout.write(f"{mark} {item['kind']:<10} {item['start']:>6}-{item['end']:<6} "
                              f"{item['text'][:80]}")  # fmt: skip


def _files(paths: list[Path]) -> list[Path]:
    """The files to ingest: each path, or the article files in a folder (by name, not
    descending into subfolders)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_EXTENSIONS
            )
            if not found:
                raise CommandError(f"{path}: a folder with no .txt, .md or .html file")
            files.extend(found)
        else:
            files.append(path)
    return files


def ingest_file(item: tuple[Document, dict]) -> tuple[int, bool, int, int]:
    """Ingest one read document (in this process or a child): (article id, created,
    segments, suggested claims)."""
    document, metadata = item
    stored = Article.objects.filter(content_hash=content_hash(document.body)).first()
    if stored is not None:
        return stored.pk, False, stored.segments.count(), stored.segments.suggested().count()
    rows = segment_rows(document.body)
    result = article_ingest(document=document, rows=rows, **metadata)
    if not result.created:  # stored by another process meanwhile
        article = result.article
        return article.pk, False, article.segments.count(), article.segments.suggested().count()
    suggested = sum(is_suggested(row[1], row[6]) for row in rows)
    return result.article.pk, True, len(rows), suggested


def _child_started() -> None:
    # A child's connection is its own; closed when it exits (multiprocessing runs these
    # finalizers on a pool's close and join, not on terminate).
    multiprocessing.util.Finalize(None, connections.close_all, exitpriority=10)
