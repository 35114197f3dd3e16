"""Webhooks through the job queue on PostgreSQL: events per second through one and two
workers, and the delay from a claim's publication to the first attempt reaching a receiver.

Run: ``python bench/webhooks.py [--events N] [--publishes N] [--interval S]`` (PostgreSQL on
127.0.0.1 must run). It drops and recreates its own database, ``factcheck_bench_webhooks``
(override the URL with BENCH_DATABASE_URL), migrates it, registers one endpoint at a local
receiver (a threaded http.server in this process, answering 200), then:

- throughput: N events (default 2,000) stored in the outbox with their jobs queued, then one
  (and then two) ``manage.py worker`` processes started; events/s from the workers' start to
  the last delivery recorded as succeeded;
- latency: with one worker idle (polling every ``--interval`` seconds, default 1 as
  ``make worker``), N claims (default 200) published one after another through
  ``services.claim_publish``; the delay from each publish's commit to its request arriving at
  the receiver, p50 / p99 / max.

The database is dropped at the end (``--keep`` keeps it).
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DB = "factcheck_bench_webhooks"
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
)
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ["FACTCHECK_WEBHOOK_ALLOW_PRIVATE"] = "true"  # the receiver is on 127.0.0.1


def arg(name: str, default: float) -> float:
    return float(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


EVENTS = int(arg("--events", 2000))
PUBLISHES = int(arg("--publishes", 200))
INTERVAL = arg("--interval", 1.0)


def recreate_database(create: bool = True) -> None:
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


class Receiver:
    """Records when each webhook-id first arrived."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.lock:
                    receiver.arrived.setdefault(self.headers["webhook-id"], time.time())
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def start_worker(interval: float) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "worker", "--no-reload", "--no-startup-delay",
               "--verbosity", "0", "--interval", str(interval)]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, "CONN_MAX_AGE": "60"})


def stop(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def wait_until(condition, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        time.sleep(0.05)


def throughput(workers: int, receiver: Receiver) -> float:
    from django.db import transaction

    from annotations.webhooks.events import event_record
    from annotations.webhooks.models import WebhookDelivery, WebhookEvent

    WebhookEvent.objects.all().delete()
    for n in range(EVENTS):
        with transaction.atomic():  # one event a transaction, as publishes are
            event_record(type="article.created", data=lambda n=n: {"id": n, "title": f"S{n}"})
    assert WebhookDelivery.objects.filter(status="pending").count() == EVENTS
    started = time.monotonic()
    processes = [start_worker(0.1) for _ in range(workers)]
    try:
        wait_until(lambda: WebhookDelivery.objects.filter(status="succeeded").count() == EVENTS)
        elapsed = time.monotonic() - started
    finally:
        for process in processes:
            stop(process)
    return EVENTS / elapsed


def latency(receiver: Receiver) -> list[float]:
    from annotations import services
    from annotations.documents import read_text
    from annotations.models import Rating
    from annotations.webhooks.models import WebhookDelivery
    from tests.factories import UserFactory

    alice = UserFactory(username="bench-alice", role="editor")
    bob = UserFactory(username="bench-bob", role="reviewer")
    body = "Roads Budget\n\n" + "\n\n".join(
        f"The city spent ${n} million on road number {n} in 2023." for n in range(PUBLISHES)
    )
    article = services.article_ingest(document=read_text(body), user=alice).article
    sentences = list(article.segments.filter(kind="sentence").order_by("position"))
    false = Rating.objects.get(slug="false")
    worker = start_worker(INTERVAL)
    published: dict[int, float] = {}
    try:
        time.sleep(2)  # the worker's start-up (imports, connection) is not publish latency
        for sentence in sentences[:PUBLISHES]:
            claim = services.claim_create(article=article, segments=[sentence], user=alice)
            claim = services.claim_update(
                claim=claim, user=alice, version=claim.version, rating=false, summary="No."
            )
            claim = services.claim_submit(claim=claim, user=alice, version=claim.version)
            claim = services.claim_publish(claim=claim, user=bob, version=claim.version)
            published[claim.pk] = time.time()  # committed: claim_publish is the outer atomic
            time.sleep(0.05)  # a busy desk, not a bulk load
        ids = list(
            WebhookDelivery.objects.filter(event__type="claim.published").values_list(
                "message_id", "event__data__id"
            )
        )
        assert len(ids) == len(published)
        wait_until(lambda: all(m in receiver.arrived for m, _ in ids), timeout=120)
    finally:
        stop(worker)
    return [receiver.arrived[message_id] - published[claim_id] for message_id, claim_id in ids]


def main() -> None:
    import django

    django.setup()
    recreate_database()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from annotations.webhooks.models import WebhookEndpoint

    receiver = Receiver()
    WebhookEndpoint.objects.create(url=receiver.url, events=["claim.published", "article.created"])
    try:
        one = throughput(1, receiver)
        print(f"throughput, 1 worker:  {one:7.0f} events/s ({EVENTS} events)")
        two = throughput(2, receiver)
        print(f"throughput, 2 workers: {two:7.0f} events/s ({EVENTS} events)")
        delays = sorted(latency(receiver))
        p50 = statistics.median(delays) * 1000
        p99 = delays[min(len(delays) - 1, round(len(delays) * 0.99))] * 1000
        print(
            f"publish → first attempt ({len(delays)} publishes, worker polling every "
            f"{INTERVAL:g} s): p50 {p50:.0f} ms, p99 {p99:.0f} ms, max {delays[-1] * 1000:.0f} ms"
        )
    finally:
        receiver.server.shutdown()
        from django.db import connections

        connections.close_all()
        if "--keep" not in sys.argv:
            recreate_database(create=False)


if __name__ == "__main__":
    main()
