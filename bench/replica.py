"""Reads from a streaming replica: how far behind it is, and what an app server on it serves.

Builds the archive of bench/scale.py (``--scale``, a tenth by default) in its own database on
the primary (BENCH_PG, 127.0.0.1:5432), copies the cluster with ``pg_basebackup`` into a
temporary directory and starts it as a hot standby on a free port (the PostgreSQL binaries
of /usr/lib/postgresql/<version>/bin, run as the ``postgres`` user; the primary must allow
replication connections from 127.0.0.1: ``host replication all 127.0.0.1/32 trust`` in
pg_hba.conf). Then, with gunicorn on the primary and gunicorn with FACTCHECK_READ_ONLY=true
on the replica, side by side in turns:

- replication lag: a claim changed on the primary, polled on the replica until it shows
  (p50 / p99 of 20);
- the claims list, search, the CSV export of every claim, through each server (p50 of
  ``--runs``; the ratio replica / primary);
- a write sent to the replica's server: must be a 503 that changes nothing.

Everything it starts (the standby, both servers) is stopped by PID and the directory and the
database are removed at the end.

Usage: .venv/bin/python bench/replica.py [--scale 0.1] [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import HOST, Gunicorn, free_port  # noqa: E402

PRIMARY = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "factcheck_bench_replica"
SERVER_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-not-secret",
    "ALLOWED_HOSTS": HOST,
    "API_THROTTLE_USER": "1000000/hour",
    "LOG_LEVEL": "ERROR",
    "DJANGO_SETTINGS_MODULE": "factcheck.settings",
}


def as_postgres(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a PostgreSQL binary as the postgres user (it refuses to run as root)."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=True, **kwargs)


def pg_bin(name: str) -> str:
    with psycopg.connect(f"{PRIMARY}/postgres") as conn:
        version = conn.info.server_version // 10000
    return f"/usr/lib/postgresql/{version}/bin/{name}"


def build(scale: float) -> None:
    """The archive of bench/scale.py, kept in this bench's own database."""
    env = {**os.environ, "BENCH_DATABASE_URL": f"{PRIMARY}/{DB_NAME}"}
    command = [sys.executable, "bench/scale.py", "--build-only", "--scale", str(scale)]
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


class Standby:
    """A hot standby of the primary's cluster, streaming from it, on a port of its own."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="factcheck-standby-"))
        shutil.chown(self.directory, "postgres", "postgres")
        self.directory.chmod(0o700)
        self.port = free_port()
        try:
            self._start()
        except BaseException:
            shutil.rmtree(self.directory, ignore_errors=True)
            raise
        self.url = f"postgres://postgres@{HOST}:{self.port}"

    def _start(self) -> None:
        as_postgres([pg_bin("pg_basebackup"), "-h", HOST, "-U", "postgres", "-D",
                     str(self.directory), "-R", "-X", "stream", "-c", "fast"])  # fmt: skip
        # The copy holds the data, not the configuration (Debian keeps it in /etc): the
        # primary's access rules, and a standby that answers queries.
        with psycopg.connect(f"{PRIMARY}/postgres") as conn:
            hba, ident = (
                conn.execute(f"SHOW {name}").fetchone()[0] for name in ("hba_file", "ident_file")
            )
        config = self.directory / "postgresql.conf"
        config.write_text(f"hba_file = '{hba}'\nident_file = '{ident}'\nhot_standby = on\n")
        shutil.chown(config, "postgres", "postgres")
        options = f"-p {self.port} -k {self.directory} -c listen_addresses={HOST}"
        log = str(self.directory / "log")
        start = [pg_bin("pg_ctl"), "-D", str(self.directory), "-o", options, "-w", "-l", log]
        as_postgres([*start, "start"], stdout=subprocess.DEVNULL)

    def stop(self) -> None:
        as_postgres([pg_bin("pg_ctl"), "-D", str(self.directory), "-m", "fast", "-w", "stop"],
                    stdout=subprocess.DEVNULL)  # fmt: skip
        shutil.rmtree(self.directory, ignore_errors=True)


def replication_lag(standby: Standby, claim_id: int, samples: int = 20) -> list[float]:
    """Milliseconds from a committed change on the primary to the replica showing it."""
    lags = []
    with (
        psycopg.connect(f"{PRIMARY}/{DB_NAME}", autocommit=True) as primary,
        psycopg.connect(f"{standby.url}/{DB_NAME}", autocommit=True) as replica,
    ):
        for i in range(samples):
            marker = f"lag probe {i} {time.time()}"
            primary.execute("UPDATE annotations_claim SET summary = %s WHERE id = %s",
                            [marker, claim_id])  # fmt: skip
            started = time.perf_counter()
            while True:
                row = replica.execute(
                    "SELECT summary FROM annotations_claim WHERE id = %s", [claim_id]
                ).fetchone()
                if row and row[0] == marker:
                    break
                if time.perf_counter() - started > 30:
                    raise SystemExit("the replica did not catch up within 30 s")
            lags.append(1000 * (time.perf_counter() - started))
    return lags


def timed(session: requests.Session, url: str, headers: dict, runs: int) -> float:
    """p50 in ms of ``runs`` GETs after two warm-ups; every answer must be a 200."""
    times = []
    for i in range(runs + 2):
        started = time.perf_counter()
        response = session.get(url, headers=headers, timeout=300)
        elapsed = 1000 * (time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code, response.text[:200])
        if i >= 2:
            times.append(elapsed)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    print(f"building the archive at scale {args.scale} in {DB_NAME} ...", flush=True)
    build(args.scale)
    standby = primary_server = replica_server = None
    try:
        with psycopg.connect(f"{PRIMARY}/{DB_NAME}") as conn:
            token = conn.execute(
                "SELECT key FROM authtoken_token ORDER BY created LIMIT 1"
            ).fetchone()[0]
            claim_id, claims = conn.execute(
                "SELECT MIN(id), COUNT(*) FROM annotations_claim"
            ).fetchone()
        started = time.perf_counter()
        standby = Standby()
        print(f"standby started from a base backup in {time.perf_counter() - started:.1f} s")
        lags = replication_lag(standby, claim_id)
        print(
            f"replication lag        p50 {statistics.median(lags):7.1f} ms"
            f"   max {max(lags):7.1f} ms   ({len(lags)} changes)"
        )
        on_primary = {"DATABASE_URL": f"{PRIMARY}/{DB_NAME}", "FACTCHECK_READ_ONLY": "false"}
        on_replica = {"DATABASE_URL": f"{standby.url}/{DB_NAME}", "FACTCHECK_READ_ONLY": "true"}
        primary_server = Gunicorn({**SERVER_ENV, **on_primary}, timeout=300)
        replica_server = Gunicorn({**SERVER_ENV, **on_replica}, timeout=300)
        headers = {"Authorization": f"Token {token}"}
        session = requests.Session()
        paths = {
            "claims list": "/api/v1/claims/",
            "claims ?status=": "/api/v1/claims/?status=published",
            "search": "/api/v1/search/?q=unemployment",
            f"CSV export (of {claims:,} claims)": "/api/v1/reports/?format=csv",
        }
        print(f"{'request':<32}{'primary p50':>14}{'replica p50':>14}{'ratio':>8}")
        for name, path in paths.items():
            runs = 3 if "export" in name else args.runs
            # In turns, so that a change in the machine's load hits both alike.
            on_primary = timed(session, primary_server.url(path), headers, runs)
            on_replica = timed(session, replica_server.url(path), headers, runs)
            print(
                f"{name:<32}{on_primary:>11.1f} ms{on_replica:>11.1f} ms"
                f"{on_replica / on_primary:>7.2f}x"
            )
        with psycopg.connect(f"{PRIMARY}/{DB_NAME}") as conn:
            before = conn.execute("SELECT COUNT(*) FROM annotations_note").fetchone()[0]
        refused = session.post(
            replica_server.url(f"/api/v1/claims/{claim_id}/notes/"),
            json={"body": "Sent to the replica."}, headers=headers, timeout=30,
        )  # fmt: skip
        with psycopg.connect(f"{PRIMARY}/{DB_NAME}") as conn:
            after = conn.execute("SELECT COUNT(*) FROM annotations_note").fetchone()[0]
        ok = refused.status_code == 503 and refused.json()["error"] == "read_only"
        ok = ok and before == after
        verdict = "refused, nothing changed" if ok else "WRONG"
        print(
            f"a write sent to the replica's server: {refused.status_code}, "
            f"notes {before:,} -> {after:,}: {verdict}"
        )
        return 0 if ok else 1
    finally:
        for server in (replica_server, primary_server):
            if server is not None:
                server.stop()
        if standby is not None:
            standby.stop()
        with psycopg.connect(f"{PRIMARY}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
