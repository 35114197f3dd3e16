"""Webhook fixtures: a local receiver that answers as told and records what it got, settings
that allow 127.0.0.1 with no delay between retries, and a worker process on the test database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connection

from annotations.webhooks import services

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """Answers each POST with the next status of ``script`` (then ``then``), records them."""

    script: list[int] = field(default_factory=list)
    then: int = 200
    requests: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""
    headers_for: Callable[[int], dict[str, str]] = lambda status: {}

    def answer(self) -> int:
        with self.lock:
            return self.script.pop(0) if self.script else self.then

    def wait_for(self, count: int, timeout: float = 30) -> list[Received]:
        """Poll until ``count`` requests arrived (or fail at the deadline)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.requests) >= count:
                    return list(self.requests)
            threading.Event().wait(0.02)
        raise AssertionError(f"{len(self.requests)} of {count} requests arrived in {timeout} s")


def serve(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            with receiver.lock:
                receiver.requests.append(
                    Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
            status = receiver.answer()
            self.send_response(status)
            for name, value in receiver.headers_for(status).items():
                self.send_header(name, value)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture
def receiver():
    receiver = Receiver()
    server = serve(receiver)
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def webhook_settings(settings):
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True
    settings.FACTCHECK_WEBHOOK_RETRY_DELAYS = [0.0, 0.0, 0.0]
    settings.FACTCHECK_WEBHOOK_TIMEOUT = 3.0
    return settings


@pytest.fixture
def immediate_jobs(settings):
    """Jobs run inside the transaction's on_commit, in this process (no worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def endpoint_for(receiver: Receiver, admin, events=("claim.published",)):
    return services.endpoint_create(url=receiver.url, events=list(events), user=admin)


# ------------------------------------------------------------------- a real worker process


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    """``manage.py worker`` on the test database, as `make worker` runs it."""

    def __init__(self, *extra: str, env: dict[str, str] | None = None):
        self.extra = extra
        self.env = env or {}
        self.process: subprocess.Popen | None = None
        self.output: list[str] = []
        self.ready = threading.Event()

    def start(self) -> Worker:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "factcheck.settings_test",
            "DATABASE_URL": database_url(),
            "FACTCHECK_WEBHOOK_ALLOW_PRIVATE": "true",
            "FACTCHECK_WEBHOOK_RETRY_DELAYS": "0,0,0",
            "FACTCHECK_WEBHOOK_TIMEOUT": "3",
            "FACTCHECK_WEBHOOK_SWEEP_SECONDS": "1",
            "CONN_MAX_AGE": "0",
            **self.env,
        }
        command = [sys.executable, "manage.py", "worker", "--no-reload", "--interval", "0.05",
                   "--no-startup-delay", *self.extra]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def _read(self) -> None:
        # Drained all along, so that the worker never blocks on a full pipe.
        for line in self.process.stdout:
            self.output.append(line)
            if "Starting worker" in line:
                self.ready.set()

    def wait_ready(self, timeout: float = 30) -> Worker:
        assert self.ready.wait(timeout), "".join(self.output)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


@pytest.fixture
def worker_factory():
    """Workers started by the test, stopped (by their own pid) at its end."""
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs a database it can share: run with PostgreSQL")
    started: list[Worker] = []

    def start(*extra: str, **kwargs) -> Worker:
        worker = Worker(*extra, **kwargs).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
