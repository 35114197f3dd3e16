"""Archive latency on PostgreSQL: matching and search with 100,000 reviews and 100,000 claims.

Run: ``python bench/archive_latency.py [--size N]`` (PostgreSQL on 127.0.0.1 must run).
It drops and recreates its own database, ``factcheck_bench_archive`` (override the URL with
BENCH_DATABASE_URL), migrates it, imports the labelled archive (tests/matching) and adds
N generated reviews and N generated claims (default 100,000 each) with COPY: templated
claims over many places, people, numbers, years and directions, indexed as the services
index them (``index.match_terms``; PostgreSQL generates the tsvectors). Then it times:

- match: ``selectors.match_text`` (the code path of POST /api/v1/match/) for the 155 dev
  queries, limit 5;
- search: ``search.search`` (GET /api/v1/search/) for a set of newsroom searches, page 1;

prints p50 / p95 / max, and EXPLAIN (ANALYZE) of one of each, and fails if a plan scans the
search table sequentially or a target is missed (match p50 ≤ 50 ms, search p50 ≤ 100 ms).
The database is dropped at the end (``--keep`` keeps it).
"""

from __future__ import annotations

import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import (  # noqa: E402
    FIRST,
    copy_null,
    copy_rows,
    copy_text,
    generated_claim,
    name,
)

BENCH_DB = "factcheck_bench_archive"
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
)
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

SIZE = int(sys.argv[sys.argv.index("--size") + 1]) if "--size" in sys.argv else 100_000
MATCH_P50_MS = 50.0
SEARCH_P50_MS = 100.0
SEARCHES = [
    "unemployment ohio",
    "measles Harlow County",
    "property taxes",
    "wind turbines birds",
    "Senator Whitcomb farm bill",
    "gas prices June 2022",
    "teacher salaries Marlow",
    "Wagner Mali",
    "sea levels",
    '"approval rating"',
    "overdose deaths fell",
    "stadium cost taxpayers",
]


def recreate_database(create: bool = True) -> None:
    """Drop (and create) the bench database through the server's maintenance database."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("This bench needs PostgreSQL (BENCH_DATABASE_URL=postgres://...)")
    params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
    if db["PASSWORD"]:
        params["password"] = db["PASSWORD"]
    with psycopg.connect(**params, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def build(size: int) -> None:
    """COPY ``size`` reviews and ``size`` claims (with their articles) and index them."""
    from django.db import connection
    from django.utils import timezone

    from annotations.archive.index import claim_path, match_terms

    rng = random.Random(20261201)
    places = sorted(
        {f"{name(rng)} {rng.choice(['', 'County', 'City'])}".strip() for _ in range(3000)}
    )
    people = sorted({f"{rng.choice(FIRST)} {name(rng, 3)}" for _ in range(5000)})
    publishers = [f"{name(rng)} Checks" for _ in range(40)]
    ratings = ["True", "Mostly true", "Half true", "Mostly false", "False", "Misleading"]
    slugs = ["true", "mostly-true", "half-true", "mostly-false", "false", "misleading"]
    now = timezone.now()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM annotations_claimreview")
        first_review = cursor.fetchone()[0] + 1
        reviews, entries = io.StringIO(), io.StringIO()
        for n in range(size):
            pk = first_review + n
            text = generated_claim(rng, places, people)
            url = f"https://{rng.choice(publishers).lower().replace(' ', '')}.example/{pk}"
            publisher = rng.choice(publishers)
            rating = rng.randrange(len(ratings))
            date = f"{rng.randint(2015, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            raw = json.dumps({"@type": "ClaimReview", "url": url, "claimReviewed": text})
            reviews.write("\t".join([
                str(pk), url, copy_text(text), publisher, "", "", "", "\\N", "[]",
                ratings[rating], "\\N", "\\N", "\\N", date, "en", copy_text(raw), "\\N",
                now.isoformat(), now.isoformat(),
            ]) + "\n")  # fmt: skip
            entries.write(
                _entry(
                    "claimreview",
                    pk,
                    text,
                    ratings[rating],
                    "",
                    publisher,
                    date,
                    url,
                    match_terms(text),
                )
            )
        columns = (
            "id, url, claim_reviewed, publisher_name, publisher_url, claimant, claimant_type, "
            "claim_date, appearances, rating_text, rating_value, rating_best, rating_worst, "
            "date_published, language, raw, imported_by_id, imported_at, updated_at"
        )
        copy_rows(cursor, "annotations_claimreview", columns, reviews)

        # Claims need articles: 50 claims on each generated article.
        per_article = 50
        articles, claims = io.StringIO(), io.StringIO()
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM annotations_article")
        first_article = cursor.fetchone()[0] + 1
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM annotations_claim")
        first_claim = cursor.fetchone()[0] + 1
        statuses = ["draft", "in_review", "published", "published", "dismissed"]
        for a in range(size // per_article):
            article_id = first_article + a
            body = f"Generated article {article_id}."
            articles.write("\t".join([
                str(article_id), f"Generated {article_id}", "", rng.choice(publishers), "", "\\N",
                "en", body, f"{article_id:064x}", "\\N", now.isoformat(),
            ]) + "\n")  # fmt: skip
            for c in range(per_article):
                pk = first_claim + a * per_article + c
                text = generated_claim(rng, places, people)
                status = rng.choice(statuses)
                rated = status in ("in_review", "published")
                slug = rng.choice(slugs) if rated else ""
                claims.write("\t".join([
                    str(pk), str(article_id), str(c), copy_text(text), "",
                    "RATING:" + slug if rated else "\\N", "Summary." if rated else "", status,
                    now.isoformat() if status == "published" else "\\N",
                    now.isoformat(), now.isoformat(),
                ]) + "\n")  # fmt: skip
                url = claim_path(article_id, pk)
                entries.write(
                    _entry(
                        "claim",
                        pk,
                        text,
                        slug,
                        status,
                        "",
                        now.date().isoformat(),
                        url,
                        match_terms(text),
                        article_id,
                        pk,
                    )
                )
        copy_rows(
            cursor, "annotations_article",
            "id, title, byline, publisher, url, published_at, language, body, content_hash, "
            "created_by_id, created_at", articles,
        )  # fmt: skip
        cursor.execute("SELECT slug, id FROM annotations_rating")
        rating_ids = dict(cursor.fetchall())
        claims_text = claims.getvalue()
        for slug, pk in rating_ids.items():
            claims_text = claims_text.replace("RATING:" + slug + "\t", f"{pk}\t")
        # approved_by must be set for published claims: one bench user approves them all.
        cursor.execute(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, "
            "email, is_staff, is_active, date_joined) VALUES ('!', false, 'bench-approver', '', "
            "'', '', false, true, now()) RETURNING id"
        )
        approver = cursor.fetchone()[0]
        rows = io.StringIO()
        for line in claims_text.splitlines():
            fields = line.split("\t")
            published = fields[7] == "published"
            approved = str(approver) if published else "\\N"
            rows.write("\t".join([*fields, approved, "1", "0", "false"]) + "\n")
        copy_rows(
            cursor, "annotations_claim",
            "id, article_id, position, claim_text, claimant, rating_id, summary, status, "
            "published_at, created_at, updated_at, approved_by_id, version, review_round, "
            "disputed", rows,
        )  # fmt: skip
        copy_rows(
            cursor, "annotations_searchentry",
            "kind, object_id, chunk, article_id, claim_id, claimreview_id, title, body, folded, "
            "rating, status, publisher, date, url, match_text, match_terms", entries,
        )  # fmt: skip
        for table in ("annotations_claimreview", "annotations_article", "annotations_claim"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT MAX(id) FROM {table}))"
            )
    # As autovacuum would: visibility map and statistics for the new rows.
    connection.ensure_connection()
    autocommit = connection.connection.autocommit
    connection.connection.autocommit = True
    with connection.connection.cursor() as raw:
        raw.execute("VACUUM ANALYZE")
    connection.connection.autocommit = autocommit
    print(f"built {size:,} reviews and {size // per_article * per_article:,} claims "
          f"in {time.perf_counter() - started:.0f} s")  # fmt: skip


def _entry(
    kind, pk, text, rating, status, publisher, date, url, terms, article=None, claim=None
) -> str:
    review = pk if kind == "claimreview" else None
    fields = [
        kind, str(pk), "0", copy_null(article), copy_null(claim), copy_null(review),
        copy_text(text), "", copy_text(text.casefold()),
        rating, status, publisher, date, url, copy_text(text), terms,
    ]  # fmt: skip
    return "\t".join(fields) + "\n"


# ---------------------------------------------------------------------------- measuring


def timed(fn, runs: list) -> list[float]:
    times = []
    for item in runs:
        started = time.perf_counter()
        fn(item)
        times.append(1000 * (time.perf_counter() - started))
    return times


def summary(name: str, times: list[float]) -> float:
    ordered = sorted(times)
    p50 = statistics.median(ordered)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(
        f"{name:<15} n={len(times):<4} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   "
        f"max {ordered[-1]:6.1f} ms"
    )
    return p50


def explain(sql: str, params: list) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> int:
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from annotations.archive import search, selectors
    from annotations.archive.services import claimreview_import

    recreate_database()
    try:
        call_command("migrate", verbosity=0)
        claimreview_import(document=(ROOT / "tests" / "matching" / "archive.jsonld").read_bytes())
        build(SIZE)
        user, _ = User.objects.get_or_create(username="bench-viewer")
        user.groups.set([Group.objects.get(name="viewer")])
        labelled = [
            json.loads(line)
            for line in (ROOT / "tests" / "matching" / "queries_dev.jsonl").read_text().splitlines()
        ]
        queries = [q["text"] for q in labelled]
        # Warm the connection, the caches and the permission lookups.
        selectors.match_text(user=user, text=queries[0])
        search.search(user, search.SearchFilters(q=SEARCHES[0]), 0, 50)

        match_times = timed(
            lambda text: selectors.match_text(user=user, text=text, limit=5), queries
        )
        search_times = timed(
            lambda q: search.search(user, search.SearchFilters(q=q), 0, 50), SEARCHES * 5
        )
        filtered = timed(
            lambda q: search.search(
                user, search.SearchFilters(q=q, type="claim", status="published"), 0, 50
            ),
            SEARCHES,
        )
        # Does quality hold among 200,000 other claims? (dev positives, top result)
        positives = [q for q in labelled if q["expected"]]
        hits = sum(
            (found := selectors.match_text(user=user, text=q["text"], limit=3))
            and found[0].url == q["expected"]
            for q in positives
        )
        negatives = [q for q in labelled if not q["expected"]]
        false = sum(
            (found := selectors.match_text(user=user, text=q["text"], limit=1))
            and found[0].level is not None
            for q in negatives
        )
        print(f"\ndev queries among the generated archive: recall@1 {hits / len(positives):.3f}, "
              f"false matches {false / len(negatives):.3f}")  # fmt: skip
        print()
        match_p50 = summary("match", match_times)
        search_p50 = summary("search", search_times)
        summary("search+filters", filtered)

        tiers, ranking = selectors.tsqueries(queries[0])
        sql, params = selectors.candidate_sql([(tiers[0], ranking)])
        match_plan = explain(sql, params)
        entries = search._filtered(
            search.SearchEntry.objects.visible_to(user), search.SearchFilters()
        )
        # The heaviest of the searches: a common word, hundreds of hits to rank.
        search_qs = search.search_queryset(entries, "overdose deaths fell")[:50]
        search_sql, search_params = search_qs.query.sql_with_params()
        search_plan = explain(search_sql, list(search_params))
        print("\nEXPLAIN match (one query):\n" + match_plan)
        print("\nEXPLAIN search page (one query):\n" + search_plan)
        seq = [p for p in (match_plan, search_plan) if "Seq Scan on annotations_searchentry" in p]
        ok = not seq and match_p50 <= MATCH_P50_MS and search_p50 <= SEARCH_P50_MS
        print("\ntargets:", "met" if ok else "MISSED",
              f"(match p50 ≤ {MATCH_P50_MS:.0f} ms, search p50 ≤ {SEARCH_P50_MS:.0f} ms, "
              "no seq scan)")  # fmt: skip
        return 0 if ok else 1
    finally:
        from django.db import connections

        connections.close_all()
        if "--keep" not in sys.argv:
            recreate_database(create=False)


if __name__ == "__main__":
    raise SystemExit(main())
