"""A desk's archive after ten years: what every list, search, match and export costs as it grows.

Run: ``python bench/scale.py [--scale 1.0] [--runs 15] [--keep]`` (PostgreSQL on 127.0.0.1).
It drops and recreates its own database, ``factcheck_bench_scale`` (BENCH_DATABASE_URL
overrides the URL), migrates it and builds with COPY, at ``--scale 1``: 10,000 articles of
100 sentences (1,010,000 segments with titles), 100,000 claims (ratings, one source and one
note each, history rows, votes, 5 % of them with a panel of three) and 50,000 imported
reviews, all indexed for search as the services index them; plus one real 2,000-sentence
article with 300 claims through the ingest and claim services.

It measures first at 10 % of that size, then builds the rest and measures again at full
size: p50 and p99 of repeated requests in process (Django's test client) and through
gunicorn (2 workers, ``--no-control-socket``) for the dashboard and its filters, the
article and claim lists of the API (each filter, each ordering, a deep page), the review
page of the 2,000-sentence article, a claim save, search, match, the agreement figures,
and the CSV and ClaimReview exports of every claim (time and peak memory: tracemalloc in
process, the gunicorn worker's resident memory through HTTP). It prints each figure at
10 % and full size with the growth factor, runs ``EXPLAIN`` on every query those requests
made and lists any sequential scan of a large table, and ends with one line saying whether
every target is met. ``--scale 0.1`` is a quick run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import statistics
import sys
import threading
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import Gunicorn  # noqa: E402
from bench.corpus import (  # noqa: E402
    FIRST,
    copy_null,
    copy_rows,
    copy_text,
    generated_claim,
    name,
)

BENCH_DB = "factcheck_bench_scale"
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
)
SERVER_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "false",
    "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "API_THROTTLE_USER": "1000000/hour",
    "LOG_LEVEL": "ERROR",
    "DJANGO_SETTINGS_MODULE": "factcheck.settings",
}
os.environ.update(SERVER_ENV)

ARTICLES = 10_000
SENTENCES = 100
CLAIMS_PER_ARTICLE = 10
REVIEWS_PER_ARTICLE = 5
HOST = "127.0.0.1"
# Tables that must never be read whole by a list, a page, search or match.
LARGE_TABLES = {
    "annotations_segment",
    "annotations_claim",
    "annotations_claim_segments",
    "annotations_claimreview",
    "annotations_searchentry",
    "annotations_source",
    "annotations_note",
    "annotations_vote",
    "annotations_historicalclaim",
    "annotations_historicalsource",
    "annotations_historicalnote",
}


@dataclass
class Probe:
    """One request to time, and its target."""

    group: str  # which target it counts against
    name: str
    method: str
    path: str
    api: bool = False
    body: dict | None = None
    target_ms: float | None = None
    growth: float | None = None  # the largest growth factor from 10 % to full allowed
    runs: int | None = None
    whole: bool = False  # an aggregate over every row by design: a sequential scan is right


@dataclass
class Figures:
    p50: float
    p99: float
    queries: int = 0
    peak_mb: float | None = None
    seq_scans: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------- database


def recreate_database(create: bool = True) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    base, _, db = DATABASE_URL.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{db}"')


def vacuum_analyze() -> None:
    """As autovacuum would have done on a real archive: statistics and visibility map."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    autocommit = raw.autocommit
    raw.autocommit = True
    with raw.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    raw.autocommit = autocommit


# ------------------------------------------------------------------------------ the archive


class Archive:
    """Builds articles [done, upto) with their segments, claims, evidence, history, reviews."""

    def __init__(self, users: dict[str, list[int]]) -> None:
        self.rng = random.Random(20261201)
        rng = self.rng
        self.places = sorted({f"{name(rng)} {rng.choice(['County', 'City', ''])}".strip()
                              for _ in range(3000)})  # fmt: skip
        self.people = sorted({f"{rng.choice(FIRST)} {name(rng, 3)}" for _ in range(5000)})
        self.publishers = [f"The {name(rng)} {rng.choice(['Post', 'Herald', 'Times'])}"
                           for _ in range(60)]  # fmt: skip
        self.checkers = [f"{name(rng)} Checks" for _ in range(40)]
        self.users = users
        self.done = 0

    def sentence(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return generated_claim(rng, self.places, self.people)
        who = rng.choice(self.people)
        place = rng.choice(self.places)
        return rng.choice(
            [
                f"{who} said the vote in {place} would be close.",
                f"The council meets again on Monday to discuss {place}'s budget.",
                f"Residents of {place} were divided over the plan.",
                f"{who} hopes the new rules will help small businesses.",
                f"Critics in {place} called the proposal reckless.",
            ]
        )

    def build(self, upto: int) -> None:
        from django.db import connection
        from django.utils import timezone

        from annotations.archive.index import article_chunks

        rng, started = self.rng, time.perf_counter()
        now = timezone.now()
        first, count = self.done, upto - self.done
        with connection.cursor() as cursor:
            cursor.execute("SELECT slug, id FROM annotations_rating WHERE value IS NOT NULL")
            ratings = list(cursor.fetchall())
            base = {}
            for table in ("article", "segment", "claim", "source", "note", "claimreview"):
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM annotations_{table}")  # noqa: S608
                base[table] = cursor.fetchone()[0] + 1
        out = {key: io.StringIO() for key in (
            "article", "segment", "claim", "claim_segments", "source", "note", "hclaim",
            "hsource", "hnote", "vote", "claimreview", "entry",
        )}  # fmt: skip
        editors, reviewers = self.users["editor"], self.users["reviewer"]
        seg_id, claim_id = base["segment"], base["claim"]
        source_id, note_id, review_id = base["source"], base["note"], base["claimreview"]
        statuses = ["draft"] * 2 + ["in_review"] * 2 + ["published"] * 5 + ["dismissed"]
        ten_years = 3650 * 86400
        for a in range(count):
            article_id = base["article"] + a
            published = now - dt.timedelta(seconds=rng.randrange(ten_years))
            publisher = rng.choice(self.publishers)
            title = f"Story {first + a}: {rng.choice(self.places)} {rng.choice(['budget', 'vote', 'report', 'inquiry'])}"  # noqa: E501
            parts, spans, seg_rows = [title], [], []
            offset = len(title)
            seg_rows.append((0, "title", 0, 0, offset, title, 0.0))
            sentences = []
            for i in range(SENTENCES):
                text = self.sentence()
                gap = "\n\n" if i % 4 == 0 else " "
                parts.append(gap)
                offset += len(gap)
                start, offset = offset, offset + len(text)
                parts.append(text)
                score = rng.random()
                seg_rows.append((i + 1, "sentence", 1 + i // 4, start, offset, text, score))
                spans.append((start, offset))
                sentences.append((seg_id + i + 1, text))
            body = "".join(parts) + "\n"
            out["article"].write("\t".join([
                str(article_id), copy_text(title), "", publisher, "", published.isoformat(), "en",
                copy_text(body), f"{article_id:064x}", str(rng.choice(editors)),
                published.isoformat(),
            ]) + "\n")  # fmt: skip
            for position, kind, paragraph, start, end, text, score in seg_rows:
                out["segment"].write("\t".join([
                    str(seg_id + position), str(article_id), str(position), kind, str(paragraph),
                    str(start), str(end), copy_text(text), f"{score:.3f}", "[]",
                ]) + "\n")  # fmt: skip
            seg_id += len(seg_rows)
            for number, chunk in enumerate(article_chunks(body, spans)):
                self._entry(out, "article", article_id, number, article_id, None, None, None,
                            title, chunk, "", "", publisher, published.date(), "")  # fmt: skip
            for k, (segment, text) in enumerate(rng.sample(sentences, CLAIMS_PER_ARTICLE)):
                self._claim(out, now, published, article_id, publisher, claim_id, source_id,
                            note_id, segment, k, text, rng.choice(statuses), ratings, editors,
                            reviewers)  # fmt: skip
                claim_id, source_id, note_id = claim_id + 1, source_id + 1, note_id + 1
            for _ in range(REVIEWS_PER_ARTICLE):
                self._review(out, now, review_id)
                review_id += 1
        with connection.cursor() as cursor:
            self._copy_all(cursor, out)
        self.done = upto
        print(f"  built articles {first:,} to {upto:,} in {time.perf_counter() - started:.0f} s")

    def _claim(self, out, now, published, article_id, publisher, pk, source_pk, note_pk,
               segment, position, text, status, ratings, editors, reviewers) -> None:  # fmt: skip
        from annotations.archive.index import claim_path, match_terms

        rng = self.rng
        rater, approver = rng.choice(editors), rng.choice(reviewers)
        rated = status in ("in_review", "published")
        slug, rating = rng.choice(ratings) if rated else ("", None)
        when = published + dt.timedelta(days=rng.randrange(1, 30))
        done = when.isoformat() if status == "published" else "\\N"
        assignee = str(rng.choice(editors)) if rng.random() < 0.3 else "\\N"
        fields = [
            str(pk), str(article_id), str(position), copy_text(text), "", copy_null(rating),
            "Checked against the records." if rated else "", status, assignee,
            str(rater) if rated else "\\N", when.isoformat() if rated else "\\N",
            str(approver) if status == "published" else "\\N", done, str(rater), "1", "1",
            "false", when.isoformat(), when.isoformat(),
        ]  # fmt: skip
        out["claim"].write("\t".join(fields) + "\n")
        out["claim_segments"].write(f"{pk}\t{segment}\n")
        history = [
            str(pk), str(position), copy_text(text), "", fields[6], status,
            fields[10], done, "1", "1", "false", when.isoformat(), str(article_id),
            copy_null(rating), assignee, fields[9], fields[11], str(rater),
            when.isoformat(), "\\N", "+", str(rater),
        ]  # fmt: skip
        out["hclaim"].write("\t".join(history) + "\n")
        url = f"https://records.example/{pk}"
        out["source"].write("\t".join([
            str(source_pk), str(pk), url, "Official records", "Records office", "The table.",
            "supports", "\\N", "", str(rater), when.isoformat(), "\\N", "1",
        ]) + "\n")  # fmt: skip
        out["hsource"].write("\t".join([
            str(source_pk), url, "Official records", "Records office", "The table.", "supports",
            "\\N", "", when.isoformat(), "\\N", "1", str(pk), str(rater), when.isoformat(), "\\N",
            "+", str(rater),
        ]) + "\n")  # fmt: skip
        internal = "true" if position % 2 else "false"
        out["note"].write("\t".join([
            str(note_pk), str(pk), str(rater), "Called the press office.", internal,
            when.isoformat(), "\\N", "1",
        ]) + "\n")  # fmt: skip
        out["hnote"].write("\t".join([
            str(note_pk), "Called the press office.", internal, when.isoformat(), "\\N", "1",
            str(pk), str(rater), when.isoformat(), "\\N", "+", str(rater),
        ]) + "\n")  # fmt: skip
        if status == "published":
            panel = rng.sample(reviewers, 3) if rng.random() < 0.05 else [approver]
            for reviewer in panel:
                vote = rating if rng.random() < 0.8 else rng.choice(ratings)[1]
                out["vote"].write(
                    f"{pk}\t1\t{reviewer}\t{vote}\tAgreed.\t{when.isoformat()}\t{when.isoformat()}\n"
                )
        self._entry(out, "claim", pk, 0, article_id, pk, None, None, text, "", slug, status,
                    publisher, when.date(), claim_path(article_id, pk), text,
                    match_terms(text))  # fmt: skip
        self._entry(out, "source", source_pk, 0, article_id, pk, source_pk, None,
                    "Official records", "The table.", "", status, "Records office",
                    when.date(), url)  # fmt: skip

    def _review(self, out, now, pk) -> None:
        from annotations.archive.index import match_terms

        rng = self.rng
        text = generated_claim(rng, self.places, self.people)
        publisher = rng.choice(self.checkers)
        url = f"https://{publisher.lower().replace(' ', '')}.example/{pk}"
        label = rng.choice(["True", "Mostly true", "Half true", "Mostly false", "False"])
        day = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(3650))
        raw = json.dumps({"@type": "ClaimReview", "url": url, "claimReviewed": text})
        out["claimreview"].write("\t".join([
            str(pk), url, copy_text(text), publisher, "", "", "", "\\N", "[]", label, "\\N",
            "\\N", "\\N", day.isoformat(), "en", copy_text(raw), "\\N", now.isoformat(),
            now.isoformat(),
        ]) + "\n")  # fmt: skip
        self._entry(out, "claimreview", pk, 0, None, None, None, pk, text, "", label, "",
                    publisher, day, url, text, match_terms(text))  # fmt: skip

    @staticmethod
    def _entry(out, kind, pk, chunk, article, claim, source, review, title, body, rating,
               status, publisher, date, url, match_text="", terms="") -> None:  # fmt: skip
        out["entry"].write("\t".join([
            kind, str(pk), str(chunk), copy_null(article), copy_null(claim), copy_null(source),
            copy_null(review), copy_text(title), copy_text(body),
            copy_text(f"{title}\n{body}".casefold()), rating, status, publisher,
            date.isoformat(), url, copy_text(match_text), terms,
        ]) + "\n")  # fmt: skip

    @staticmethod
    def _copy_all(cursor, out) -> None:
        tables = [
            ("annotations_article", "id, title, byline, publisher, url, published_at, language, "
             "body, content_hash, created_by_id, created_at", "article"),
            ("annotations_segment", "id, article_id, position, kind, paragraph, start, \"end\", "
             "text, checkworthiness, reasons", "segment"),
            ("annotations_claim", "id, article_id, position, claim_text, claimant, rating_id, "
             "summary, status, assignee_id, rated_by_id, rated_at, approved_by_id, "
             "published_at, created_by_id, version, review_round, disputed, created_at, "
             "updated_at", "claim"),
            ("annotations_claim_segments", "claim_id, segment_id", "claim_segments"),
            ("annotations_historicalclaim", "id, position, claim_text, claimant, summary, "
             "status, rated_at, published_at, version, review_round, disputed, created_at, "
             "article_id, rating_id, assignee_id, rated_by_id, approved_by_id, created_by_id, "
             "history_date, history_change_reason, history_type, history_user_id", "hclaim"),
            ("annotations_source", "id, claim_id, url, title, publisher, quote, stance, "
             "accessed_at, archived_url, added_by_id, created_at, deleted_at, version",
             "source"),
            ("annotations_historicalsource", "id, url, title, publisher, quote, stance, "
             "accessed_at, archived_url, created_at, deleted_at, version, claim_id, "
             "added_by_id, history_date, history_change_reason, history_type, history_user_id",
             "hsource"),
            ("annotations_note", "id, claim_id, author_id, body, internal, created_at, "
             "deleted_at, version", "note"),
            ("annotations_historicalnote", "id, body, internal, created_at, deleted_at, "
             "version, claim_id, author_id, history_date, history_change_reason, "
             "history_type, history_user_id", "hnote"),
            ("annotations_vote", "claim_id, round, reviewer_id, rating_id, reason, created_at, "
             "updated_at", "vote"),
            ("annotations_claimreview", "id, url, claim_reviewed, publisher_name, "
             "publisher_url, claimant, claimant_type, claim_date, appearances, rating_text, "
             "rating_value, rating_best, rating_worst, date_published, language, raw, "
             "imported_by_id, imported_at, updated_at", "claimreview"),
            ("annotations_searchentry", "kind, object_id, chunk, article_id, claim_id, "
             "source_id, claimreview_id, title, body, folded, rating, status, publisher, date, "
             "url, match_text, match_terms", "entry"),
        ]  # fmt: skip
        for table, columns, key in tables:
            copy_rows(cursor, table, columns, out[key])
        for table in ("article", "segment", "claim", "source", "note", "claimreview"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('annotations_{table}', 'id'), "  # noqa: S608
                f"(SELECT MAX(id) FROM annotations_{table}))"
            )


def make_users() -> dict[str, list[int]]:
    from django.contrib.auth.models import Group, User

    users: dict[str, list[int]] = {"editor": [], "reviewer": []}
    for role, count in (("editor", 20), ("reviewer", 10)):
        group = Group.objects.get(name=role)
        for n in range(count):
            user = User.objects.create_user(f"{role}{n}", password="bench-password")
            user.groups.add(group)
            users[role].append(user.pk)
    return users


# ------------------------------------------------------------------------------ measuring


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def seq_scans(queries: list[dict]) -> list[str]:
    """Sequential scans of large tables in the plans of the SELECTs a request made."""
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            stack = [plan[0]["Plan"]]
            while stack:
                node = stack.pop()
                stack.extend(node.get("Plans", []))
                table = node.get("Relation Name")
                if node["Node Type"] == "Seq Scan" and table in LARGE_TABLES:
                    found.append(f"{table}: {sql[:160]}")
    return found


def in_process(probe: Probe, client, headers: dict, runs: int) -> Figures:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def call():
        if probe.method == "GET":
            response = client.get(probe.path, **headers)
        else:
            response = client.generic(
                probe.method, probe.path, json.dumps(probe.body or {}),
                "application/json" if probe.api else "application/x-www-form-urlencoded",
                **headers,
            )  # fmt: skip
        if getattr(response, "streaming", False):
            for _ in response.streaming_content:
                pass
        assert response.status_code < 400, (probe.path, response.status_code)
        return response

    call()  # warm (twice: connection, caches, prepared statements)
    call()
    with CaptureQueriesContext(connection) as captured:
        call()
    queries = list(captured.captured_queries)  # a view of the log, which the next request resets
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(1000 * (time.perf_counter() - started))
    return Figures(
        statistics.median(times),
        percentile(times, 0.99),
        len(queries),
        seq_scans=seq_scans(queries),
    )


def export_in_process(client, headers: dict, path: str) -> Figures:
    """Time (one untraced run) and the peak of Python memory (a traced run) of an export."""

    def run() -> int:
        response = client.get(path, **headers)
        assert response.status_code == 200, response.status_code
        size = 0
        for chunk in response.streaming_content if response.streaming else [response.content]:
            size += len(chunk)
        return size

    started = time.perf_counter()
    run()
    elapsed = 1000 * (time.perf_counter() - started)
    tracemalloc.start()
    tracemalloc.reset_peak()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Figures(elapsed, elapsed, peak_mb=peak / 2**20)


def over_http(server: Gunicorn, session, probe: Probe, headers: dict, runs: int) -> Figures:
    url = f"http://{HOST}:{server.port}{probe.path}"

    def call():
        if probe.method == "GET":
            response = session.get(url, headers=headers, timeout=300)
        else:
            response = session.request(
                probe.method, url, json=probe.body if probe.api else None,
                data=None if probe.api else probe.body, headers=headers, timeout=300,
            )  # fmt: skip
        assert response.status_code < 400, (probe.path, response.status_code, response.text[:200])

    call()
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(1000 * (time.perf_counter() - started))
    return Figures(statistics.median(times), percentile(times, 0.99))


def export_over_http(server: Gunicorn, session, path: str, headers: dict) -> Figures:
    """Time of the download, and how far the busiest worker's resident memory rose."""
    before = server.workers_rss_mb()
    peak = [before]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], server.workers_rss_mb())
            done.wait(0.05)

    watcher = threading.Thread(target=sample)
    watcher.start()
    started = time.perf_counter()
    with session.get(f"http://{HOST}:{server.port}{path}", headers=headers, stream=True,
                     timeout=600) as response:  # fmt: skip
        assert response.status_code == 200, response.status_code
        for _ in response.iter_content(65536):
            pass
    elapsed = 1000 * (time.perf_counter() - started)
    done.set()
    watcher.join()
    return Figures(elapsed, elapsed, peak_mb=peak[0] - before)


# ---------------------------------------------------------------------------------- probes


def probes(context: dict) -> list[Probe]:
    long, claim = context["long"], context["claim"]
    article, editor = context["article"], context["editor"]
    day = (dt.date.today() - dt.timedelta(days=400)).isoformat()
    pages = max(1, context["articles"] // 25)  # dashboard pages of 25; the API pages by 50
    lists = {"group": "lists", "target_ms": 50, "growth": 1.5}
    claims = "/api/v1/claims/"
    # fmt: off
    return [
        Probe(name="dashboard", method="GET", path="/", **lists),
        Probe(name="dashboard ?q=", method="GET", path="/?q=inquiry", **lists),
        Probe(name="dashboard ?publisher=", method="GET", path="/?publisher=Herald", **lists),
        Probe(name="dashboard ?status=", method="GET", path="/?status=in_review", **lists),
        Probe(name="dashboard ?date_from=", method="GET", path=f"/?date_from={day}", **lists),
        Probe(name="dashboard deep page", method="GET", path=f"/?page={max(1, pages // 2)}",
              **lists),
        Probe(name="articles API", method="GET", path="/api/v1/articles/", api=True, **lists),
        Probe(
            name="articles API deep page",
            method="GET",
            path=f"/api/v1/articles/?page={max(1, pages // 4)}",
            api=True,
            **lists,
        ),
        Probe(name="claims API", method="GET", path=claims, api=True, **lists),
        Probe(
            name="claims ?article=",
            method="GET",
            path=f"{claims}?article={article}",
            api=True,
            **lists,
        ),
        Probe(
            name="claims ?status=",
            method="GET",
            path=f"{claims}?status=in_review",
            api=True,
            **lists,
        ),
        Probe(
            name="claims ?rating=", method="GET", path=f"{claims}?rating=false", api=True, **lists
        ),
        Probe(
            name="claims ?assignee=",
            method="GET",
            path=f"{claims}?assignee={editor}",
            api=True,
            **lists,
        ),
        Probe(
            name="claims ?suggested=",
            method="GET",
            path=f"{claims}?suggested=true",
            api=True,
            **lists,
        ),
        Probe(
            name="claims ?q=", method="GET", path=f"{claims}?q=unemployment", api=True, **lists
        ),
        Probe(
            name="claims ?updated_since=",
            method="GET",
            path=f"{claims}?updated_since={day}T00:00:00Z",
            api=True,
            **lists,
        ),
        Probe(
            name="claims ordering=-updated_at",
            method="GET",
            path=f"{claims}?ordering=-updated_at",
            api=True,
            **lists,
        ),
        Probe(
            name="claims ordering=created_at",
            method="GET",
            path=f"{claims}?ordering=created_at",
            api=True,
            **lists,
        ),
        Probe(
            name="claims ordering=position",
            method="GET",
            path=f"{claims}?ordering=position",
            api=True,
            **lists,
        ),
        Probe(
            name="claims deep page", method="GET", path=f"{claims}?page={pages * 2}", api=True,
            **lists,
        ),
        Probe(
            group="review",
            name="review page (2,000 sentences)",
            method="GET",
            path=f"/articles/{long}/",
            target_ms=150,
            growth=1.5,
        ),
        Probe(group="save", name="claim save (htmx)", method="POST", path=f"/claims/{claim}/"),
        Probe(
            group="search",
            name="search",
            method="GET",
            path="/api/v1/search/?q=unemployment",
            api=True,
            target_ms=100,
        ),
        Probe(
            group="search",
            name="search + filters",
            method="GET",
            path="/api/v1/search/?q=budget&type=claim&status=published",
            api=True,
            target_ms=100,
        ),
        Probe(
            group="search",
            name="match",
            method="POST",
            path="/api/v1/match/",
            api=True,
            body={"text": "Unemployment in Alcor County rose to 7.5% in 2019."},
            target_ms=100,
        ),
        Probe(
            group="agreement", name="agreement", method="GET", path="/api/v1/agreement/",
            api=True, whole=True,
        ),
    ]
    # fmt: on


def save_body(context: dict) -> dict:
    from annotations.models import Claim

    claim = Claim.objects.get(pk=context["claim"])
    context["n"] = context.get("n", 0) + 1
    return {
        "version": claim.version,
        "claim_text": f"{claim.claim_text} ({context['n']})",
        "claimant": "The ministry",
        "rating": claim.rating_id or "",
        "summary": "Checked against the ministry's figures.",
    }


def measure(label: str, context: dict, runs: int) -> dict[str, dict[str, Figures]]:
    import requests
    from django.test import Client

    editor = context["editor_user"]
    client = Client()
    client.force_login(editor)
    token = {"HTTP_AUTHORIZATION": f"Token {context['token']}"}
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    http_token = {"Authorization": f"Token {context['token']}"}
    results: dict[str, dict[str, Figures]] = {}
    load = os.getloadavg()[0]
    print(f"  load average {load:.1f} on {os.cpu_count()} CPUs (a busy machine slows every figure)")
    server = Gunicorn(SERVER_ENV, timeout=300)
    try:
        for probe in probes(context):
            if probe.group == "save":
                results[probe.name] = {"process": save_in_process(client, probe, context, runs)}
                continue
            headers = token if probe.api else {}
            figures = {"process": in_process(probe, client, headers, probe.runs or runs)}
            figures["http"] = over_http(
                server, session, probe, http_token if probe.api else {}, probe.runs or runs
            )
            results[probe.name] = figures
            print(f"  {label:>4} {probe.name:<32} {figures['process'].p50:8.1f} ms in process,"
                  f" {figures['http'].p50:8.1f} ms over HTTP, {figures['process'].queries} queries"
                  + (f", {len(figures['process'].seq_scans)} seq scans"
                     if figures["process"].seq_scans else ""))  # fmt: skip
        for fmt in ("csv", "claimreview"):
            path = f"/api/v1/reports/?format={fmt}"
            figures = {
                "process": export_in_process(client, token, path),
                "http": export_over_http(server, session, path, http_token),
            }
            results[f"export {fmt}"] = figures
            print(f"  {label:>4} export {fmt:<25} {figures['process'].p50 / 1000:8.1f} s in "
                  f"process (peak {figures['process'].peak_mb:.0f} MB), "
                  f"{figures['http'].p50 / 1000:.1f} s over HTTP (worker RSS "
                  f"+{figures['http'].peak_mb:.0f} MB)")  # fmt: skip
    finally:
        server.stop()
    return results


def save_in_process(client, probe: Probe, context: dict, runs: int) -> Figures:
    def call():
        response = client.post(probe.path, save_body(context), HTTP_HX_REQUEST="true")
        assert response.status_code == 200, response.status_code

    call()
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(1000 * (time.perf_counter() - started))
    return Figures(statistics.median(times), percentile(times, 0.99))


# ------------------------------------------------------------------------------------ main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument(
        "--build-only", action="store_true", help="build the full archive, keep it, measure nothing"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from tests.ui.longread import add_claims, long_article

    articles = max(10, round(ARTICLES * args.scale))
    recreate_database()
    try:
        call_command("migrate", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)
        users = make_users()
        archive = Archive(users)
        editor = User.objects.get(pk=users["editor"][0])
        context = {"editor_user": editor, "editor": editor.pk,
                   "token": Token.objects.create(user=editor).key}  # fmt: skip
        results = {}
        sizes = (
            [("full", articles)]
            if args.build_only
            else [("10%", articles // 10), ("full", articles)]
        )
        for label, upto in sizes:
            print(f"\n{label}: building the archive up to {upto:,} articles")
            archive.build(upto)
            context["articles"] = upto
            if "long" not in context:
                long = long_article(2000, "bench-scale")
                claims = add_claims(long, 300, editor)
                context.update(long=long.pk, claim=claims[1].pk, article=long.pk - 1)
            vacuum_analyze()
            print(f"  {counts()}")
            if not args.build_only:
                results[label] = measure(label, context, args.runs)
        if args.build_only:
            args.keep = True
            print(f"kept {DATABASE_URL}; long article {context['long']}, claim {context['claim']}")
            return 0
        return report(results, probes(context))
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            recreate_database(create=False)


def counts() -> str:
    from django.db import connection

    names = ("article", "segment", "claim", "claimreview", "searchentry")
    with connection.cursor() as cursor:
        sizes = []
        for table in names:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE relname = %s",
                [f"annotations_{table}"],
            )
            sizes.append(f"{cursor.fetchone()[0]:,} {table}s")
    return ", ".join(sizes)


def report(results: dict, all_probes: list[Probe]) -> int:
    small, full = results["10%"], results["full"]
    print(f"\n{'measure':<32}  10% p50   full p50   full p99   HTTP p50  growth  target")
    ok = True
    for probe in all_probes:
        a, b = small[probe.name]["process"], full[probe.name]["process"]
        http = full[probe.name].get("http")
        growth = b.p50 / a.p50 if a.p50 else float("inf")
        met = (probe.target_ms is None or b.p50 <= probe.target_ms) and (
            probe.growth is None or growth <= probe.growth
        )
        met = met and (probe.whole or not b.seq_scans)
        ok = ok and met
        target = (f"≤ {probe.target_ms:.0f} ms" if probe.target_ms else "—") + (
            f", ≤ {probe.growth}x" if probe.growth else "")  # fmt: skip
        print(f"{probe.name:<32} {a.p50:8.1f}  {b.p50:9.1f}  {b.p99:9.1f}  "
              f"{http.p50 if http else float('nan'):9.1f}  {growth:5.2f}x  {target}"
              f"{'' if met else '  MISSED'}")  # fmt: skip
    for fmt in ("csv", "claimreview"):
        a, b = small[f"export {fmt}"], full[f"export {fmt}"]
        growth_mb = b["process"].peak_mb - a["process"].peak_mb
        met = b["process"].p50 <= 10_000 and b["http"].p50 <= 10_000 and growth_mb <= 50
        ok = ok and met
        print(f"export {fmt:<25} {a['process'].p50 / 1000:6.1f} s  {b['process'].p50 / 1000:7.1f} s"
              f"  peak {a['process'].peak_mb:.0f} → {b['process'].peak_mb:.0f} MB, HTTP "
              f"{b['http'].p50 / 1000:.1f} s, worker +{b['http'].peak_mb:.0f} MB  "
              f"(≤ 10 s, ≤ 50 MB growth){'' if met else '  MISSED'}")  # fmt: skip
    whole = {p.name for p in all_probes if p.whole}
    scans = [
        (name, s)
        for name, fig in full.items()
        if name not in whole
        for s in fig["process"].seq_scans
    ]
    if scans:
        print("\nsequential scans of large tables:")
        for name, scan in scans:
            print(f"  {name}: {scan}")
    print("\nall targets met" if ok else "\nsome targets missed (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
