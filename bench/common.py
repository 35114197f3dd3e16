"""What the benchmarks share: a free port on this machine and the app served by gunicorn.

Every benchmark that measures over HTTP starts the app as it is deployed (gunicorn, DEBUG as
its environment says, ``--no-control-socket`` for gunicorn 27) on 127.0.0.1 only, waits for
the port to answer, and stops it by its PID at the end.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Self

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # benchmarks talk to this machine only


def recreate_database(server: str, name: str) -> None:
    """The bench's own PostgreSQL database, empty: dropped (whoever is connected) and created.
    ``server`` is a URL without a database name (``postgres://postgres@127.0.0.1:5432``)."""
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(server: str, name: str) -> None:
    """Drop the bench's database, closing this process's Django connections to it first."""
    import psycopg
    from django.conf import settings

    if settings.configured:
        from django.db import connections

        connections.close_all()
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Gunicorn:
    """``gunicorn factcheck.wsgi`` on a free port of 127.0.0.1 with ``env`` over os.environ."""

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        workers: int = 2,
        timeout: int | None = None,
        extra_args: tuple[str, ...] = (),
        log: IO | None = None,
    ) -> None:
        self.port = free_port()
        self.base_url = f"http://{HOST}:{self.port}"
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        command = [
            gunicorn, "factcheck.wsgi:application", "--bind", f"{HOST}:{self.port}",
            "--workers", str(workers), "--no-control-socket", "--log-level", "warning",
            *(("--timeout", str(timeout)) if timeout else ()), *extra_args,
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=log
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def url(self, path: str) -> str:
        return self.base_url + path

    def workers_rss_mb(self) -> float:
        """The resident memory of the largest worker, in MB."""
        pid = self.process.pid
        largest = 0
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    largest = max(largest, int(line.split()[1]))
        return largest / 1024

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if the workers have not finished within 20 s."""
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
