"""URL import: ask for one (editors), and the job that fetches, extracts and ingests it.

The page is fetched under the same destination rules as webhooks (annotations.netsafety):
http(s) only, public addresses only, the address checked is the one connected to, a size cap
and a deadline. Redirects are followed by hand, at most MAX_REDIRECTS, each one checked again.
The HTML goes through the same reader as an uploaded .html file and the same ingest service.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from urllib.parse import urljoin

import httpx
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from annotations import netsafety, roles
from annotations.documents import DocumentError, read_document
from annotations.imports.models import ArticleImport
from annotations.services.articles import article_ingest
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


def import_run(import_id: int) -> str:
    """Fetch, extract and ingest one queued import (the job); returns its final status."""
    taken = ArticleImport.objects.filter(pk=import_id, status=ArticleImport.Status.QUEUED).update(
        status=ArticleImport.Status.FETCHING
    )
    if not taken:
        return "skipped"  # another worker has it, or it is finished
    job = ArticleImport.objects.select_related("requested_by").get(pk=import_id)
    try:
        final_url, html = fetch_page(job.url)
        snapshot = html.replace("\x00", "\ufffd")  # PostgreSQL text holds no NUL
        ArticleImport.objects.filter(pk=job.pk).update(html=snapshot, fetched_url=final_url)
        try:
            document = read_document(html.encode("utf-8"), "page.html")
        except DocumentError as error:
            raise ImportFailed(f"Cannot import this page: {error}.") from None
        result = article_ingest(
            document=document,
            user=job.requested_by,
            title=job.title,
            byline=job.byline,
            url=job.url,
            publisher=job.publisher,
            published_at=job.published_at,
        )
    except (ImportFailed, ValidationError) as error:
        message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        return _finish(job, status=ArticleImport.Status.FAILED, error=message)
    except Exception:
        logger.exception("URL import %s failed", import_id)
        return _finish(job, status=ArticleImport.Status.FAILED, error="The import failed.")
    return _finish(
        job, status=ArticleImport.Status.DONE, article=result.article, created=result.created
    )


def _finish(job: ArticleImport, *, status: str, error: str = "", article=None, created=False):
    ArticleImport.objects.filter(pk=job.pk).update(
        status=status, error=error[:500], article=article, created_article=created,
        finished_at=timezone.now(),
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
