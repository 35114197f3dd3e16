"""A large PDF and a large ClaimReview import through a real worker process
(``manage.py worker`` on the database backend, PostgreSQL), as in production."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from tests.api.conftest import client_for
from tests.archive.conftest import as_bytes, review
from tests.exports.helpers import body_of, text_of
from tests.exports.newsroom import build_newsroom
from tests.webhooks.conftest import Worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _roles(reference_data):
    """Transactional tests empty every table: the roles and ratings come back first."""


@pytest.fixture
def worker():
    """``manage.py worker`` on the test database, stopped (by its own pid) at the end."""
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs a database it can share: run with PostgreSQL")
    started = Worker().start()
    yield started
    started.stop()


def until(condition, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)  # polling, not waiting for time to pass
    raise AssertionError("condition not met before the deadline")


def test_a_worker_renders_the_pdf_and_imports_the_reviews(settings, worker, alice, bob):
    settings.FACTCHECK_PDF_JOB_CLAIMS = 2
    settings.FACTCHECK_CLAIMREVIEW_JOB_ITEMS = 5
    newsroom = build_newsroom(alice, bob)
    client = client_for(alice)

    asked = client.get(f"/api/v1/articles/{newsroom.article.pk}/report", {"format": "pdf"})
    assert asked.status_code == 202
    imported = client.post(
        "/api/v1/claimreviews/",
        as_bytes([review(n) for n in range(8)]),
        content_type="application/json",
    )
    assert imported.status_code == 202

    done = until(lambda: (r := client.get(asked.json()["poll"]).json())["status"] == "done" and r)
    pdf = body_of(client.get(done["download"]))
    assert "Mostly true" in text_of(pdf, "pdf")
    result = until(
        lambda: (r := client.get(imported.json()["poll"]).json())["status"] == "done" and r
    )
    assert (result["created"], result["updated"], result["skipped"]) == (8, 0, [])
