"""Server time of the review page and of a claim save, on a real PostgreSQL database.

Creates (and afterwards drops) the database ``factcheck_bench_review``, stores an article of
2,000 sentences with 300 claims, then times with the Django test Client:

- GET of the review page (median of 20, after 2 warm-up requests); target < 250 ms
- an htmx claim save (POST with the panel re-rendered), median of 20; target < 50 ms

Usage: .venv/bin/python bench/review_page.py  [BENCH_PG=postgres://postgres@127.0.0.1:5432]
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "factcheck_bench_review"
os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
os.environ["DEBUG"] = "false"  # no query logging: measure what production does
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

RUNS = 20


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def drop_database() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')


def timed(call, runs: int = RUNS) -> tuple[list[float], list[float]]:
    """Wall-clock and this process's CPU time of each call, in milliseconds."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def report(name: str, times: tuple[list[float], list[float]], target: float | None) -> bool:
    wall, cpu = times
    median = statistics.median(wall)
    ok = target is None or median < target
    verdict = f"target < {target:.0f} ms  {'OK' if ok else 'SLOW'}" if target else ""
    print(
        f"{name:<26} median {median:6.1f} ms  min {min(wall):6.1f}  max {max(wall):6.1f}"
        f"  (Python CPU median {statistics.median(cpu):5.1f} ms)  {verdict}"
    )
    return ok


def main() -> int:
    recreate_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory
    from tests.ui.longread import add_claims, long_article

    try:
        call_command("migrate", verbosity=0)
        static = {
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        }
        with override_settings(STORAGES={"default": {}, **static}):
            editor = UserFactory(username="bench-editor", role="editor")
            article = long_article(2000, "bench")
            claims = add_claims(article, 300, editor)
            client = Client()
            client.force_login(editor)
            url = f"/articles/{article.pk}/"
            for _ in range(2):
                assert client.get(url).status_code == 200
            with CaptureQueriesContext(connection) as queries:
                size = len(client.get(url).content)
            print(
                f"article: {article.segments.count()} segments, {article.claims.count()} claims;"
                f" page {size / 1024:.0f} KiB, {len(queries)} queries"
            )
            print(f"load average before timing: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
            page_ok = report("review page (GET)", timed(lambda: client.get(url)), 250)
            panel_url = f"{url}?claim={claims[0].pk}"
            report(
                "claim panel (GET, htmx)",
                timed(
                    lambda: client.get(panel_url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="panel")
                ),
                None,
            )

            claim = claims[1]
            state = {"version": claim.version, "n": 0}

            def save() -> None:
                state["n"] += 1
                response = client.post(
                    f"/claims/{claim.pk}/",
                    {
                        "version": state["version"],
                        "claim_text": f"{claim.claim_text} ({state['n']})",
                        "claimant": "The ministry",
                        "rating": claim.rating_id or "",
                        "summary": "Checked against the ministry's figures.",
                    },
                    HTTP_HX_REQUEST="true",
                )
                assert response.status_code == 200, response.status_code
                state["version"] += 1

            save()
            save_ok = report("claim save (POST, htmx)", timed(save), 50)
        # A benchmark prints numbers; it does not fail a build on a busy machine.
        print("all targets met" if page_ok and save_ok else "some targets missed (see above)")
        return 0
    finally:
        drop_database()


if __name__ == "__main__":
    sys.exit(main())
