"""API throughput under gunicorn: claims list and claim PATCH next to a bare Django JSON view.

Creates (and afterwards drops) the PostgreSQL database ``factcheck_bench_api`` with one
article, 300 claims (rated, with one to three sources and a note each), serves the app with
gunicorn (2 workers, DEBUG off, SECRET_KEY set, ``--no-control-socket``) on 127.0.0.1 with
FACTCHECK_BENCH_ENDPOINTS=1 (which routes the bare view), then loads it from a second process
for a fixed time per endpoint:

- bare:   GET /api/bench/bare/ - a plain JsonResponse, the ceiling for this server
- list:   GET /api/v1/claims/ - a page of 50 claims with rating slug and source counts
- patch:  PATCH /api/v1/claims/{id}/ with If-Match, taking the next ETag from each answer

The endpoints take turns in short rounds (bare, list, patch, bare, list, ...), so a change in
the machine's load during the run hits them alike; the ratio to the bare view is the median of
the rounds' ratios. Prints requests/s, p50 and p99 for each over all rounds, and the ratios;
any non-2xx answer counts as an error and fails the run (exit 1). Target: list >= 20 % of the
bare view's requests/s; the verdict is printed (the ratio depends on the machine and its load).

Throttle counters live in each worker's memory, as with no REDIS_URL; BENCH_REDIS_URL (say
redis://127.0.0.1:6379/14) gives the server that REDIS_URL, as production with several workers
should have (the counters then cost two Redis round trips a request).

Usage: .venv/bin/python bench/api.py [--seconds 4] [--rounds 3] [--threads 4]
       [BENCH_PG=postgres://postgres@127.0.0.1:5432] [BENCH_REDIS_URL=redis://...]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import Gunicorn, drop_database, recreate_database  # noqa: E402

HOST = "127.0.0.1"  # the load generator talks to this machine only
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "factcheck_bench_api"
MAX_REQUESTS = 200_000  # per scenario, whatever the duration: the load is bounded twice
CLAIMS = 300
TARGET_RATIO = 0.20

SERVER_ENV = {
    "DATABASE_URL": f"{SERVER}/{DB_NAME}",
    "SECRET_KEY": "bench-only-secret-key-not-for-production",
    "DEBUG": "false",
    "ALLOWED_HOSTS": HOST,
    "FACTCHECK_BENCH_ENDPOINTS": "1",
    # The bench sends far more than a newsroom tool would; the throttle is not what we measure.
    "API_THROTTLE_USER": "100000000/hour",
    "LOG_LEVEL": "ERROR",
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", ""),
    "DJANGO_SETTINGS_MODULE": "factcheck.settings",
}


SETUP = """
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from annotations import services
from annotations.documents import read_text
from annotations.models import Rating

editor = User.objects.create(username="bench-editor")
editor.groups.set([Group.objects.get(name="editor")])
sentences = [f"The council spent {n} million dollars on project {n} in 2023." for n in range(N)]
body = "Bench Article\\n\\n" + "\\n\\n".join(sentences) + "\\n"
article = services.article_ingest(document=read_text(body), user=editor).article
ratings = list(Rating.objects.all())
segments = list(article.segments.filter(kind="sentence"))
for i, segment in enumerate(segments[:N]):
    claim = services.claim_create(article=article, segments=[segment], user=editor)
    claim = services.claim_update(
        claim=claim, user=editor, version=claim.version, rating=ratings[i % len(ratings)],
        summary="Checked against the budget book.",
    )
    for k in range(1 + i % 3):
        services.source_add(claim=claim, user=editor, url=f"https://example.org/{i}/{k}")
    services.note_add(claim=claim, user=editor, body="Asked the council's press office.")
print("TOKEN", Token.objects.create(user=editor).key)
ids = article.claims.order_by("id").values_list("id", flat=True)
print("CLAIMS", ",".join(str(c) for c in ids))
"""


def prepare() -> tuple[str, list[int]]:
    """Migrate the bench database and fill it; returns an API token and the claim ids."""
    env = {**os.environ, **SERVER_ENV}
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    out = subprocess.run(
        [python, "manage.py", "shell", "-c", f"N = {CLAIMS}\n{SETUP}"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    token = claims = None
    for line in out.splitlines():
        if line.startswith("TOKEN "):
            token = line.split()[1]
        elif line.startswith("CLAIMS "):
            claims = [int(x) for x in line.split()[1].split(",")]
    if not token or not claims:
        raise SystemExit(f"bench setup failed:\n{out}")
    import psycopg

    # Fresh tables have no statistics nor visibility map yet; a production database has had
    # its autovacuum (VACUUM ANALYZE), as in bench/scale.py.
    with psycopg.connect(f"{SERVER}/{DB_NAME}", autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return token, claims


# ------------------------------------------------------------------------- load generator


def _request(conn_port: int, method: str, path: str, headers: dict, body: bytes | None):
    conn = http.client.HTTPConnection(HOST, conn_port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        payload = response.read()
        return response.status, response.getheader("ETag"), payload
    finally:
        conn.close()


def _worker(scenario, port, token, claim_id, stop_at, budget, latencies, errors, lock):
    auth = {"Authorization": f"Token {token}", "Host": HOST}
    etag = None
    if scenario == "patch":
        status, etag, _ = _request(port, "GET", f"/api/v1/claims/{claim_id}/", auth, None)
        if status != 200:
            errors.append(f"GET claim {claim_id}: {status}")
            return
    n = 0
    while time.monotonic() < stop_at:
        with lock:
            if budget[0] <= 0:
                return
            budget[0] -= 1
        started = time.perf_counter()
        if scenario == "bare":
            status, _, body = _request(port, "GET", "/api/bench/bare/", {"Host": HOST}, None)
        elif scenario == "list":
            status, _, body = _request(port, "GET", "/api/v1/claims/", auth, None)
        else:
            n += 1
            payload = json.dumps({"claimant": f"Council member {n}"}).encode()
            headers = {**auth, "Content-Type": "application/json", "If-Match": etag}
            status, new_etag, body = _request(
                port, "PATCH", f"/api/v1/claims/{claim_id}/", headers, payload
            )
            etag = new_etag or etag
        latencies.append(time.perf_counter() - started)
        if not 200 <= status < 300:
            errors.append(f"{scenario}: {status} {body[:200]!r}")


def load(scenario, port, token, claim_ids, seconds, threads, results):
    """Runs in its own process: `threads` clients for `seconds`, at most MAX_REQUESTS."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    budget = [MAX_REQUESTS]
    started = time.monotonic()
    stop_at = started + seconds
    workers = [
        threading.Thread(
            target=_worker,
            args=(scenario, port, token, claim_ids[i], stop_at, budget, latencies, errors, lock),
        )
        for i in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    results.put((scenario, len(latencies), elapsed, sorted(latencies), errors[:5], len(errors)))


def run_scenario(scenario, port, token, claim_ids, seconds, threads) -> dict:
    """One round of one endpoint, loaded from a second process."""
    results: multiprocessing.Queue = multiprocessing.Queue()
    loader = multiprocessing.Process(
        target=load, args=(scenario, port, token, claim_ids, seconds, threads, results)
    )
    loader.start()
    _, count, elapsed, latencies, sample_errors, error_count = results.get(timeout=seconds + 60)
    loader.join(timeout=30)
    return {
        "count": count,
        "elapsed": elapsed,
        "latencies": latencies,
        "errors": error_count,
        "sample": sample_errors,
    }


def summarize(rounds: list[dict]) -> dict:
    """Requests/s and latency percentiles of one endpoint over all its rounds."""
    latencies = sorted(x for r in rounds for x in r["latencies"])
    elapsed = sum(r["elapsed"] for r in rounds)
    summary = {
        "rps": sum(r["count"] for r in rounds) / elapsed if elapsed else 0.0,
        "round_rps": [r["count"] / r["elapsed"] if r["elapsed"] else 0.0 for r in rounds],
        "p50": 0.0,
        "p99": 0.0,
        "errors": sum(r["errors"] for r in rounds),
        "sample": [sample for r in rounds for sample in r["sample"]][:5],
    }
    if latencies:
        summary["p50"] = statistics.median(latencies) * 1000
        summary["p99"] = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="per endpoint and round")
    parser.add_argument("--rounds", type=int, default=3, help="turns per endpoint (max 10)")
    parser.add_argument("--threads", type=int, default=4, help="client threads (max 16)")
    args = parser.parse_args()
    seconds = min(max(args.seconds, 1.0), 60.0)
    rounds = min(max(args.rounds, 1), 10)
    threads = min(max(args.threads, 1), 16)
    scenarios = ("bare", "list", "patch")

    recreate_database(SERVER, DB_NAME)
    server = None
    try:
        token, claim_ids = prepare()
        server = Gunicorn(SERVER_ENV)
        port = server.port
        # Warm up both workers (imports, connections) before timing anything.
        for path in ("/api/bench/bare/", "/api/v1/claims/"):
            for _ in range(10):
                _request(port, "GET", path, {"Authorization": f"Token {token}", "Host": HOST}, None)
        runs: dict[str, list[dict]] = {name: [] for name in scenarios}
        for _ in range(rounds):
            for name in scenarios:
                runs[name].append(run_scenario(name, port, token, claim_ids, seconds, threads))
    finally:
        if server is not None:
            server.stop()
        drop_database(SERVER, DB_NAME)

    results = {name: summarize(runs[name]) for name in scenarios}
    bare_rounds = results["bare"]["round_rps"]
    for r in results.values():
        # Each round's ratio to the bare view's round just before it; the median of those.
        pairs = zip(r["round_rps"], bare_rounds, strict=True)
        r["ratios"] = [x / b if b else 0.0 for x, b in pairs]
        r["ratio"] = statistics.median(r["ratios"])
    print(
        f"gunicorn 2 workers, {threads} client threads, {rounds} rounds of {seconds:.0f} s "
        "per endpoint"
    )
    print(f"{'endpoint':<34}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'vs bare':>9}{'errors':>8}")
    labels = {
        "bare": "bare JsonResponse",
        "list": "GET claims (page of 50)",
        "patch": "PATCH claim (If-Match)",
    }
    for name, r in results.items():
        print(
            f"{labels[name]:<34}{r['rps']:>9.1f}{r['p50']:>9.1f}{r['p99']:>9.1f}"
            f"{r['ratio']:>8.0%}{r['errors']:>8}"
        )
        for sample in r["sample"]:
            print(f"    error: {sample}")
    rounds_text = ", ".join(f"{x:.1%}" for x in results["list"]["ratios"])
    print(f"claims list vs bare, round by round: {rounds_text}")
    ratio = results["list"]["ratio"]
    verdict = "target met" if ratio >= TARGET_RATIO else "BELOW TARGET"
    print(
        f"claims list at {ratio:.1%} of the bare view, median of the rounds "
        f"(target >= {TARGET_RATIO:.0%}): {verdict}"
    )
    errors = sum(r["errors"] for r in results.values())
    if errors:
        print(f"{errors} requests failed")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
