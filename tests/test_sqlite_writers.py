"""The embedded SQLite database (`make run`) takes writers at the same time.

The server's threads and the job worker write at once. With SQLite's default deferred
transactions, two transactions that read and then write deadlock on the lock upgrade and one
fails at once with "database is locked" (a 500 on the API). The settings begin write
transactions IMMEDIATE, with a timeout, in WAL mode: the second writer waits its turn.

Run in a subprocess with the project's own settings on a database file of its own, so the
test database (PostgreSQL in CI) is not touched.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WRITERS = r"""
import json, threading
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (n integer)")
    cursor.execute("INSERT INTO counter VALUES (0)")
    cursor.execute("PRAGMA journal_mode")
    journal = cursor.fetchone()[0]
connection.close()

errors = []
start = threading.Barrier(4)

def write():
    try:
        start.wait()
        for _ in range(25):
            # Read, then write from what was read: the shape of every versioned save.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                (n,) = cursor.fetchone()
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=write) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    (n,) = cursor.fetchone()
print(json.dumps({"journal": journal, "errors": errors, "n": n}))
"""


def test_concurrent_read_then_write_transactions_wait_instead_of_failing(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", WRITERS],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == []
    assert outcome["n"] == 100  # no write lost: each read-and-write waited for the one before
    assert outcome["journal"] == "wal"
