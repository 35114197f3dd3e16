"""Imports as jobs: a URL (always), or a large pasted or uploaded text (past
``FACTCHECK_IMPORT_JOB_BYTES``); asked for by editors, run by the worker, with progress.

A URL's page is fetched under the same destination rules as webhooks (annotations.netsafety):
http(s) only, public addresses only, the address checked is the one connected to, a size cap
and a deadline. Redirects are followed by hand, at most MAX_REDIRECTS, each one checked again.
The HTML goes through the same reader as an uploaded .html file and the same ingest service.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

import httpx
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from annotations import netsafety, roles
from annotations.documents import Document, DocumentError, read_document
from annotations.imports.models import ArticleImport
from annotations.models import Article, content_hash
from annotations.services.articles import IngestResult, article_build, article_ingest
from annotations.services.common import require

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
USER_AGENT = "Factcheck-Import/1 (+https://example.org/factcheck)"
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)


class ImportFailed(Exception):
    """Why the page could not be imported, in one line for the editor."""


@transaction.atomic
def import_request(
    *,
    url: str,
    user: AbstractBaseUser,
    title: str = "",
    byline: str = "",
    publisher: str = "",
    published_at: datetime | None = None,
) -> ArticleImport:
    """Queue the import of the article at ``url``; the job runs once this commits."""
    require(roles.can_edit(user), "Only editors can import articles.")
    url = url.strip()
    try:
        netsafety.check_url(url)
    except netsafety.UnsafeDestination as error:
        raise ValidationError({"url": f"Cannot fetch this address: {error}."}) from None
    job = ArticleImport(
        url=url, title=title.strip(), byline=byline.strip(), publisher=publisher.strip(),
        published_at=published_at, requested_by=user,
    )  # fmt: skip
    job.full_clean(exclude=["requested_by", "article"])
    job.save()
    transaction.on_commit(lambda: _queue(job.pk), robust=True)
    return job


def _queue(import_id: int) -> None:
    from annotations.imports.tasks import fetch_article

    fetch_article.enqueue(import_id)


@dataclass(frozen=True)
class TextImport:
    """What became of a pasted or uploaded article: stored at once (``result``) or queued
    (``job``, when it is large)."""

    result: IngestResult | None = None
    job: ArticleImport | None = None


def text_import(
    *,
    document: Document,
    user: AbstractBaseUser,
    source: str = ArticleImport.Source.TEXT,
    filename: str = "",
    title: str = "",
    byline: str = "",
    url: str = "",
    publisher: str = "",
    published_at: datetime | None = None,
    language: str = "en",
) -> TextImport:
    """Store a pasted or uploaded article: at once when it is small, else by a job.

    Past ``FACTCHECK_IMPORT_JOB_BYTES`` of text (UTF-8), the article is checked here (the
    same validation as ingest's; ValidationError before anything is queued) and a job
    segments, scores and stores it, telling its progress. A text already stored is that
    article at once, whatever its size (ingest is idempotent by content hash).
    """
    require(roles.can_edit(user), "Only editors can import articles.")
    metadata = {"title": title, "byline": byline, "url": url, "publisher": publisher,
                "published_at": published_at, "language": language}  # fmt: skip
    size = len(document.body.encode("utf-8", "surrogatepass"))
    if size <= settings.FACTCHECK_IMPORT_JOB_BYTES:
        return TextImport(result=article_ingest(document=document, user=user, **metadata))
    existing = Article.objects.filter(content_hash=content_hash(document.body)).first()
    if existing is not None:
        return TextImport(result=IngestResult(existing, created=False))
    article = article_build(document=document, user=user, **metadata)
    return TextImport(job=_text_job(article, user=user, source=source, filename=filename))


@transaction.atomic
def _text_job(article: Article, *, user: AbstractBaseUser, source: str, filename: str):
    # What ingest would have detected is kept as what was said: the job stores the same.
    job = ArticleImport.objects.create(
        source=source, filename=filename[:255], url=article.url, title=article.title,
        byline=article.byline, publisher=article.publisher, published_at=article.published_at,
        language=article.language, body=article.body,
        size=len(article.body.encode("utf-8", "surrogatepass")), requested_by=user,
    )  # fmt: skip
    transaction.on_commit(lambda: _queue(job.pk), robust=True)
    return job


def import_run(import_id: int) -> str:
    """Run one queued import (the job): fetch and extract the page, or take the text; then
    ingest it, telling its progress; returns its final status."""
    source = ArticleImport.objects.filter(pk=import_id).values_list("source", flat=True).first()
    working = (
        ArticleImport.Status.FETCHING
        if source == ArticleImport.Source.URL
        else ArticleImport.Status.INGESTING
    )
    taken = ArticleImport.objects.filter(pk=import_id, status=ArticleImport.Status.QUEUED).update(
        status=working
    )
    if not taken:
        return "skipped"  # another worker has it, or it is finished
    job = ArticleImport.objects.select_related("requested_by").get(pk=import_id)
    try:
        document = _fetched(job) if source == ArticleImport.Source.URL else Document(job.body)
        result = article_ingest(
            document=document,
            user=job.requested_by,
            title=job.title,
            byline=job.byline,
            url=job.url,
            publisher=job.publisher,
            published_at=job.published_at,
            language=job.language,
            progress=ProgressReport(job.pk),
        )
    except (ImportFailed, ValidationError) as error:
        message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        return _finish(job, status=ArticleImport.Status.FAILED, error=message)
    except Exception:
        logger.exception("Import %s failed", import_id)
        return _finish(job, status=ArticleImport.Status.FAILED, error="The import failed.")
    return _finish(
        job, status=ArticleImport.Status.DONE, article=result.article, created=result.created
    )


def _fetched(job: ArticleImport) -> Document:
    final_url, html = fetch_page(job.url)
    snapshot = html.replace("\x00", "\ufffd")  # PostgreSQL text holds no NUL
    ArticleImport.objects.filter(pk=job.pk).update(html=snapshot, fetched_url=final_url)
    try:
        return read_document(html.encode("utf-8"), "page.html")
    except DocumentError as error:
        raise ImportFailed(f"Cannot import this page: {error}.") from None


# Where each stage of an ingest starts, in percent of the job: from cProfile of ingest on
# 100 KB texts, segmenting is about a third of the time, scoring nearly half, writing the rest.
STAGE_START = {"segmenting": 5, "scoring": 35, "writing": 80}
SCORING_SPAN = STAGE_START["writing"] - STAGE_START["scoring"]


class ProgressReport:
    """An ingest's progress, written to its import's row (outside the ingest's transaction,
    so that a poll sees it), at most every ``every`` seconds within a stage."""

    def __init__(self, import_id: int, every: float = 0.2) -> None:
        self.import_id = import_id
        self.every = every
        self.stage = ""
        self.told = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == self.stage and now - self.told < self.every and done < total:
            return  # the last step of a stage is always told
        self.stage, self.told = stage, now
        fields = {"status": ArticleImport.Status.INGESTING, "stage": stage}
        percent = STAGE_START[stage]
        if stage == "scoring":
            fields.update(sentences=total, scored=done)
            percent += SCORING_SPAN * done // max(total, 1)
        ArticleImport.objects.filter(pk=self.import_id).update(progress=percent, **fields)


def _finish(job: ArticleImport, *, status: str, error: str = "", article=None, created=False):
    # The text is the article's now (or, failed, the editor still has it): not kept twice.
    done = {"progress": 100} if status == ArticleImport.Status.DONE else {}
    ArticleImport.objects.filter(pk=job.pk).update(
        status=status, error=error[:500], article=article, created_article=created,
        finished_at=timezone.now(), body="", **done,
    )  # fmt: skip
    return status


def fetch_page(url: str) -> tuple[str, str]:
    """The page at ``url`` (after checked redirects) as text: (final URL, HTML)."""
    for _ in range(MAX_REDIRECTS + 1):
        try:
            result = netsafety.fetch(
                "GET",
                url,
                headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"},
                timeout=settings.FACTCHECK_FETCH_TIMEOUT,
                max_bytes=settings.FACTCHECK_FETCH_MAX_BYTES,
                refuse_larger=True,
            )
        except netsafety.UnsafeDestination as error:
            raise ImportFailed(f"Cannot fetch {url}: {error}.") from None
        except netsafety.ResponseTooLarge as error:
            raise ImportFailed(f"The page is too large: {error}.") from None
        except httpx.TimeoutException:
            raise ImportFailed("The site did not answer in time.") from None
        except httpx.HTTPError as error:
            raise ImportFailed(f"Cannot fetch the page: {error}.") from None
        if result.status_code in (301, 302, 303, 307, 308) and result.headers.get("location"):
            url = urljoin(url, result.headers["location"])
            continue
        if result.status_code != 200:
            raise ImportFailed(f"The site answered HTTP {result.status_code}.")
        kind = result.headers.get("content-type", "text/html").split(";")[0].strip().lower()
        if kind not in ("text/html", "application/xhtml+xml", "text/plain", ""):
            raise ImportFailed(f"This is not a web page ({kind}).")
        return url, decode(result.body, result.headers.get("content-type", ""))
    raise ImportFailed(f"More than {MAX_REDIRECTS} redirects.")


def decode(body: bytes, content_type: str) -> str:
    """The page's text: the charset the server or the page declares, else UTF-8."""
    declared = _CHARSET.search(content_type) or _CHARSET.search(
        body[:2048].decode("ascii", "ignore")
    )
    for charset in (declared.group(1) if declared else None, "utf-8"):
        if not charset:
            continue
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    raise ImportFailed("The page is not text in a charset we can read.")
