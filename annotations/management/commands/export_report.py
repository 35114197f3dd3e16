"""python manage.py export_report (--article ID | --all) --format FMT -o FILE [filters]."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations.exports.data import build_report
from annotations.exports.filters import ReportParameterError, parse_filters
from annotations.exports.formats import FORMAT_NAMES, chunks
from annotations.models import Article


class Command(BaseCommand):
    help = "Export a verdict report (one article or all) in one of the report formats."

    def add_arguments(self, parser: CommandParser) -> None:
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--article", type=int, help="The article's id.")
        scope.add_argument("--all", action="store_true", help="Every article.")
        parser.add_argument("--format", required=True, choices=FORMAT_NAMES)
        parser.add_argument("-o", "--output", required=True, help="File to write; - for stdout.")
        parser.add_argument("--date-from", default="", help="YYYY-MM-DD, inclusive.")
        parser.add_argument("--date-to", default="", help="YYYY-MM-DD, inclusive.")
        parser.add_argument("--rating", action="append", default=[], help="Rating slug.")
        parser.add_argument("--status", action="append", default=[], help="Needs --internal.")
        parser.add_argument("--claimant", default="")
        parser.add_argument("--publisher", default="")
        parser.add_argument(
            "--internal", action="store_true", help="Include unpublished claims and notes."
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="Where readers find the report pages, for permalinks "
            "(default: FACTCHECK_PUBLIC_BASE_URL, else http://127.0.0.1:8000).",
        )

    def handle(self, *args, **options) -> None:
        article = None
        if options["article"] is not None:
            article = Article.objects.filter(pk=options["article"]).first()
            if article is None:
                raise CommandError(f"No article with id {options['article']}.")
        params = {
            "date_from": options["date_from"],
            "date_to": options["date_to"],
            "rating": options["rating"],
            "status": options["status"],
            "claimant": options["claimant"],
            "publisher": options["publisher"],
            "internal": "1" if options["internal"] else "",
        }
        try:
            filters = parse_filters(params, article_id=article.pk if article else None)
        except ReportParameterError as error:
            raise CommandError(str(error)) from error
        report = build_report(filters, article=article)
        base_url = options["base_url"].strip().rstrip("/")
        if base_url:
            if not base_url.startswith(("http://", "https://")):
                raise CommandError("--base-url must start with http:// or https://.")
            report.base_url = base_url
        output = options["output"]
        if output == "-":
            for chunk in chunks(report, options["format"]):
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
            return
        path = Path(output)
        with path.open("wb") as file:
            for chunk in chunks(report, options["format"]):
                file.write(chunk)
        self.stderr.write(f"Wrote {options['format']} report to {path}")
