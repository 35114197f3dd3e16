"""manage.py ingest --jobs N: files ingested side by side by forked processes, each with its
own connection (PostgreSQL, committed data: a transactional test), give the same articles,
segments, output order and events as one process."""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from annotations.models import Article, Segment
from annotations.webhooks import events
from annotations.webhooks.models import WebhookEvent
from annotations.webhooks.services import endpoint_create

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _roles(reference_data):
    """Transactional tests empty every table: the roles and ratings come back first."""


def files(tmp_path, count: int, tag: str) -> list[str]:
    paths = []
    for n in range(count):
        path = tmp_path / f"{tag}-{n}.txt"
        path.write_text(
            f"Report {tag} {n}\n\n"
            + " ".join(
                f"In {2000 + k} the city spent ${n}.{k} million on {tag}." for k in range(30)
            )
            + f"\n\nThe mayor said file {n} was wrong.\n",
            encoding="utf-8",
        )
        paths.append(str(path))
    return paths


def ingest(*args) -> list[str]:
    out = StringIO()
    call_command("ingest", *args, stdout=out)
    return out.getvalue().splitlines()


def test_several_processes_store_what_one_process_stores(tmp_path, ada, settings, monkeypatch):
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True
    monkeypatch.setattr(events, "queue_deliveries", lambda ids, run_after=None: None)
    endpoint_create(url="http://127.0.0.1:9/hook", events=["article.created"], user=ada)
    pools = []
    real_pool = multiprocessing.context.ForkContext.Pool

    def spied(self, processes=None, *args, **kwargs):
        pools.append(processes)
        return real_pool(self, processes, *args, **kwargs)

    monkeypatch.setattr(multiprocessing.context.ForkContext, "Pool", spied)
    parallel = files(tmp_path, 5, "roads")
    lines = ingest(*parallel, "--jobs", "3", "--publisher", "City Desk")
    assert pools == ([3] if connection.vendor == "postgresql" else [])
    assert [line.split(":")[0] for line in lines] == parallel  # in the order given
    assert all(": stored as article " in line for line in lines)
    serial = files(tmp_path, 5, "roads-again")
    serial_lines = ingest(*serial, "--jobs", "1")

    def shape(article: Article) -> list[tuple]:
        return list(
            Segment.objects.filter(article=article)
            .order_by("position")
            .values_list("kind", "start", "end", "checkworthiness")
        )

    for line, serial_line in zip(lines, serial_lines, strict=True):
        article = Article.objects.get(pk=int(line.split("article ")[1].split()[0]))
        assert article.publisher == "City Desk" and article.title.startswith("Report roads ")
        segments = shape(article)
        assert line.endswith(f"({len(segments)} segments, {article.segments.suggested().count()}"
                             " suggested sentences)")  # fmt: skip
        # The same text shape as the serial file of the same number: the same segment count.
        assert serial_line.split("(")[1] == line.split("(")[1]
    assert WebhookEvent.objects.filter(type="article.created").count() == 10
    # Again, in parallel: every file is already stored, nothing new, the same counts.
    again = ingest(*parallel, "--jobs", "2")
    assert all("already stored" in line for line in again)
    assert [a.split("(")[1] for a in again] == [line.split("(")[1] for line in lines]
    assert Article.objects.count() == 10


def test_the_same_text_twice_in_one_run_is_stored_once(tmp_path):
    [path] = files(tmp_path, 1, "twice")
    copy = tmp_path / "copy.txt"
    copy.write_bytes(Path(path).read_bytes())
    lines = ingest(path, str(copy), path, "--jobs", "2")
    assert Article.objects.count() == 1
    assert sum("already stored" in line for line in lines) == 2
    assert len({line.split("article ")[1].split()[0] for line in lines}) == 1


def test_a_bad_url_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(CommandError, match="Enter a valid URL"):
        ingest(*files(tmp_path, 3, "bad"), "--jobs", "2", "--url", "javascript:alert(1)")
    assert not Article.objects.exists()


def test_jobs_must_be_positive(tmp_path):
    with pytest.raises(CommandError, match="--jobs must be 1 or more"):
        ingest(*files(tmp_path, 1, "zero"), "--jobs", "0")
