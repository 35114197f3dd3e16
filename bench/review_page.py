"""Server time of the review page and of a claim save, on a real PostgreSQL database.

Creates (and afterwards drops) the database ``factcheck_bench_review``, stores an article of
2,000 sentences with 300 claims, then times with the Django test Client:

- GET of the review page (median of 20, after 2 warm-up requests); target < 250 ms
- the page's size as HTML and on the wire (gzip, as served); target <= 500 KB on the wire
- an htmx claim save (POST with the panel re-rendered), median of 20; target <= 20 ms

then serves the app (DEBUG off, whitenoise, static files collected and compressed) on a local
port and loads the page in Chromium (Playwright, /usr/bin/chromium) with its cache disabled, gzip
and without (``Accept-Encoding: identity``): bytes transferred (page, and page plus CSS and
scripts) and time to interactive (navigation start to the end of DOMContentLoaded, when the
deferred htmx and review.js have run and the keys work), median of 7; target <= 250 ms.
``--no-browser`` skips that part.

Each figure is printed beside its target and the figure before issue 17 (``BEFORE``).

Usage: .venv/bin/python bench/review_page.py [--no-browser]
       [BENCH_PG=postgres://postgres@127.0.0.1:5432]
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import Gunicorn, drop_database, recreate_database  # noqa: E402

SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "factcheck_bench_review"
os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
os.environ["DEBUG"] = "false"  # no query logging: measure what production does
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

RUNS = 20
BROWSER_RUNS = 7
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Measured with this script at the branch point of issue 17's page-weight work (990ce23), on
# the shared 2-CPU machine at load 5-6, right before the same run on the branch (docs/ui.md).
BEFORE = {
    "html": "434 KiB",
    "wire": "434 KiB (not compressed)",
    "interactive": "224 ms at load 5.8, 198 ms at load 8.4 (page 434 KiB, not compressed)",
    "save": "16.2 ms, CPU 12.9 ms (38.7 ms at load 9), 22 statements",
}


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


LOAD_FIGURES = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const all = [nav, ...performance.getEntriesByType("resource")];
  return {
    response: nav.responseEnd,
    parsed: nav.domInteractive,
    interactive: nav.domContentLoadedEventEnd,
    page: nav.transferSize,
    total: all.reduce((sum, entry) => sum + entry.transferSize, 0),
  };
}"""


def browser_figures(base: str, path: str, cookie: tuple[str, str]) -> dict[str, dict]:
    """Medians over loads of the page in Chromium with the cache disabled, gzip and identity
    taking turns: bytes transferred and milliseconds from navigation start.

    Each encoding keeps one tab, so a new renderer process's start-up is not counted.
    """
    from playwright.sync_api import sync_playwright

    encodings = {"gzip (as served)": {}, "identity": {"Accept-Encoding": "identity"}}
    rows: dict[str, list[dict]] = {label: [] for label in encodings}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            pages = {}
            for label, headers in encodings.items():
                context = browser.new_context(extra_http_headers=headers)
                context.add_cookies([{"name": cookie[0], "value": cookie[1], "url": base}])
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                pages[label] = page
            for run in range(BROWSER_RUNS + 1):  # the first round warms up, not counted
                for label, page in pages.items():
                    page.goto(base + path, wait_until="networkidle")  # nothing left in flight
                    page.locator("#article .seg").first.wait_for(state="attached", timeout=10_000)
                    if run:
                        rows[label].append(page.evaluate(LOAD_FIGURES))
        finally:
            browser.close()
    return {
        label: {key: statistics.median(row[key] for row in runs) for key in runs[0]}
        for label, runs in rows.items()
    }


def main() -> int:
    browser = "--no-browser" not in sys.argv
    recreate_database(SERVER, DB_NAME)
    import django

    django.setup()
    from django.conf import settings
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
            query_count = len(queries)  # the next request empties the log
            wire = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
            wire_size = len(wire.content)
            print(
                f"article: {article.segments.count()} segments, {article.claims.count()} claims;"
                f" {query_count} queries for the page"
            )
            print(f"{'page HTML':<26} {size / 1024:6.0f} KiB{'':42}before {BEFORE['html']}")
            wire_ok = wire_size <= 500_000
            print(
                f"{'page on the wire (' + wire.get('Content-Encoding', 'identity') + ')':<26}"
                f" {wire_size / 1024:6.0f} KiB{'':5}target <= 500 KB  {'OK' if wire_ok else 'BIG'}"
                f"{'':20}before {BEFORE['wire']}"
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

            save()  # indexes the bulk-made claim: the timed saves update its search row
            with CaptureQueriesContext(connection) as queries:
                save()
            save_queries = len(queries)
            save_ok = report("claim save (POST, htmx)", timed(save), 20)
            print(f"{'':26} {save_queries} statements a save (BEGIN and COMMIT included)")
            print(f"{'':26} claim save before: {BEFORE['save']}")
            cookie = (
                settings.SESSION_COOKIE_NAME,
                client.cookies[settings.SESSION_COOKIE_NAME].value,
            )
        browser_ok = True
        if browser:
            browser_ok = chromium_report(url, cookie)
        # A benchmark prints numbers; it does not fail a build on a busy machine.
        ok = page_ok and save_ok and wire_ok and browser_ok
        print("all targets met" if ok else "some targets missed (see above)")
        return 0
    finally:
        drop_database(SERVER, DB_NAME)


def chromium_report(path: str, cookie: tuple[str, str]) -> bool:
    """Serve the app as deployed (static files collected and compressed by whitenoise) and
    load the page in Chromium, compressed and not."""
    import subprocess

    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    server = Gunicorn()  # the app as deployed: DEBUG off, whitenoise, two workers
    base = server.base_url
    try:
        load = os.getloadavg()[0]
        print(f"Chromium, cache off, median of {BROWSER_RUNS} loads (load {load:.2f}):")
        ok = True
        for label, figures in browser_figures(base, path, cookie).items():
            fast = figures["interactive"] <= 250
            served = label.startswith("gzip")
            ok = ok and (fast or not served)
            target = f"  target <= 250 ms  {'OK' if fast else 'SLOW'}" if served else ""
            print(
                f"  {label:<17} page {figures['page'] / 1024:4.0f} KiB,"
                f" with CSS and scripts {figures['total'] / 1024:4.0f} KiB;"
                f" response {figures['response']:4.0f} ms, parsed {figures['parsed']:4.0f} ms,"
                f" interactive {figures['interactive']:4.0f} ms{target}"
            )
        print(f"  before: {BEFORE['interactive']}")
    finally:
        server.stop()
    return ok


if __name__ == "__main__":
    sys.exit(main())
