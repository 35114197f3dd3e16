"""Server time of POST /api/v1/claims/bulk/ next to the same claims one call at a time.

Creates (and afterwards drops) the PostgreSQL database ``factcheck_bench_bulk`` with an
article of 2,000 sentences (built directly, as bench/review_page.py does), then, in this
process with the Django test Client (DEBUG off, token auth, no network):

- bulk: 300 claims, each with a claimant, a rating, a summary and one source, in one request
  (median of 5 runs, each on 300 sentences not claimed yet; target <= 1,000 ms)
- single: the same 300 claims as single calls: POST claims/, PATCH claims/{id}/ (rating and
  summary, with If-Match), POST claims/{id}/sources/ — 900 requests, timed once
- the queries each path runs for 10 claims

Usage: .venv/bin/python bench/bulk.py [--profile]  [BENCH_PG=postgres://postgres@127.0.0.1:5432]
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import drop_database, recreate_database  # noqa: E402

SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "factcheck_bench_bulk"
os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
os.environ["DEBUG"] = "false"  # no query logging: measure what production does
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ["API_THROTTLE_USER"] = "1000000/hour"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

CLAIMS = 300
RUNS = 5
TARGET_MS = 1000


def claim_body(article_id: int, segment_id: int) -> dict:
    return {
        "article": article_id,
        "segments": [segment_id],
        "claimant": "The ministry",
        "rating": "mostly-false",
        "summary": "The ministry's own figures are lower.",
        "sources": [
            {
                "url": f"https://example.org/evidence/{segment_id}",
                "title": "Annual report",
                "stance": "refutes",
                "quote": "The figure was 12 percent lower.",
            }
        ],
    }


def main() -> int:
    recreate_database(SERVER, DB_NAME)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    from tests.factories import UserFactory
    from tests.ui.longread import long_article

    try:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        editor = UserFactory(username="bench-editor", role="editor")
        token = Token.objects.create(user=editor).key
        client = Client(HTTP_AUTHORIZATION=f"Token {token}")
        article = long_article(2000, "bench")
        free = list(
            article.segments.filter(kind="sentence")
            .order_by("position")
            .values_list("id", flat=True)
        )

        def take(count: int) -> list[int]:
            taken, free[:] = free[:count], free[count:]
            return taken

        def bulk(ids: list[int]) -> float:
            body = json.dumps({"claims": [claim_body(article.pk, i) for i in ids]})
            start = time.perf_counter()
            response = client.post("/api/v1/claims/bulk/", body, content_type="application/json")
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 201, response.content[:500]
            return elapsed

        def single(ids: list[int]) -> float:
            start = time.perf_counter()
            for i in ids:
                item = claim_body(article.pk, i)
                made = client.post(
                    "/api/v1/claims/",
                    {"article": item["article"], "segments": item["segments"],
                     "claimant": item["claimant"]},
                    content_type="application/json",
                )  # fmt: skip
                assert made.status_code == 201, made.content[:300]
                url = f"/api/v1/claims/{made.json()['id']}/"
                rated = client.patch(
                    url,
                    {"rating": item["rating"], "summary": item["summary"]},
                    content_type="application/json",
                    HTTP_IF_MATCH=made["ETag"],
                )
                assert rated.status_code == 200, rated.content[:300]
                added = client.post(
                    f"{url}sources/", item["sources"][0], content_type="application/json"
                )
                assert added.status_code == 201, added.content[:300]
            return (time.perf_counter() - start) * 1000

        bulk(take(10))  # warm up: imports, permissions, prepared statements
        single(take(3))
        with CaptureQueriesContext(connection) as queries:
            bulk(take(10))
        bulk_queries = len(queries)
        with CaptureQueriesContext(connection) as queries:
            single(take(10))
        single_queries = len(queries)

        if "--profile" in sys.argv:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.runcall(bulk, take(CLAIMS))
            pstats.Stats(profile).sort_stats("tottime").print_stats(25)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
            return 0
        print(f"load average before timing: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        runs = [bulk(take(CLAIMS)) for _ in range(RUNS)]
        once = single(take(CLAIMS))
        median = statistics.median(runs)
        verdict = "OK" if median <= TARGET_MS else "SLOW"
        print(
            f"bulk, {CLAIMS} claims + {CLAIMS} sources, 1 request:   median {median:7.0f} ms"
            f"  (min {min(runs):.0f}, max {max(runs):.0f}; {bulk_queries} queries for 10"
            f" claims)  target <= {TARGET_MS} ms  {verdict}"
        )
        print(
            f"single calls, {CLAIMS} x (create, rate, source), {3 * CLAIMS} requests:"
            f" {once:7.0f} ms  ({single_queries / 10:.1f} queries a claim)"
            f"  -> bulk is {once / median:.1f}x faster"
        )
        return 0
    finally:
        drop_database(SERVER, DB_NAME)


if __name__ == "__main__":
    raise SystemExit(main())
