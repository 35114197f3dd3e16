"""FACTCHECK_READ_ONLY: an app server on a replica serves reads and refuses writes (503)."""

import pytest
from django.conf import settings
from django.db import DatabaseError, connection
from django.test import RequestFactory, override_settings

from annotations.models import Claim, Note
from annotations.readonly import ReadOnlyMiddleware, is_read_only_error
from tests.api.conftest import client_for

CLAIMS = "/api/v1/claims/"
READ_ONLY_MIDDLEWARE = [
    *settings.MIDDLEWARE[:2],
    "annotations.readonly.ReadOnlyMiddleware",
    *settings.MIDDLEWARE[2:],
]


@pytest.fixture
def read_only_server():
    with override_settings(MIDDLEWARE=READ_ONLY_MIDDLEWARE, FACTCHECK_READ_ONLY=True):
        yield


def test_reads_are_served(read_only_server, alice, claim):
    client = client_for(alice)
    body = client.get(CLAIMS).json()
    assert [row["id"] for row in body["results"]] == [claim.pk]
    assert client.get(f"{CLAIMS}{claim.pk}/").status_code == 200
    assert client.head(CLAIMS).status_code == 200


def test_api_writes_are_refused_before_any_view_runs(read_only_server, alice, claim, article):
    client = client_for(alice)
    sentence = article.segments.filter(kind="sentence").last()
    created = client.post(CLAIMS, {"article": article.pk, "segments": [sentence.pk]}, "json")
    assert created.status_code == 503
    assert created.json()["error"] == "read_only"
    assert "main server" in created.json()["detail"]
    assert created["Cache-Control"] == "no-store"
    noted = client.post(f"{CLAIMS}{claim.pk}/notes/", {"body": "Called the council."}, "json")
    assert noted.status_code == 503
    deleted = client.delete(f"{CLAIMS}{claim.pk}/", HTTP_IF_MATCH=claim.etag)
    assert deleted.status_code == 503
    assert Claim.objects.count() == 1 and Note.objects.count() == 0


def test_browser_writes_get_a_page_that_says_why(read_only_server, client, alice):
    client.force_login(alice)
    response = client.post("/accounts/logout/")
    assert response.status_code == 503
    assert b"This server only reads" in response.content
    assert response["Content-Type"].startswith("text/html")


def test_a_write_the_replica_refuses_becomes_the_same_503(alice, claim):
    """A read that writes anyway meets the standby's refusal (SQLSTATE 25006): not a 500."""
    if connection.vendor != "postgresql":
        pytest.skip("a read-only transaction is PostgreSQL's; CI runs this on PostgreSQL")
    import psycopg

    # A connection of its own whose every transaction is read-only, as on a hot standby.
    params = connection.get_connection_params()
    params["options"] = "-c default_transaction_read_only=on"
    with (
        psycopg.connect(**params) as standby,
        pytest.raises(DatabaseError) as refused,
        connection.wrap_database_errors,  # as Django raises it: an InternalError
    ):
        standby.execute("UPDATE annotations_claim SET summary = 'x' WHERE id = %s", [claim.pk])
    assert is_read_only_error(refused.value)
    request = RequestFactory().get(f"{CLAIMS}{claim.pk}/")
    response = ReadOnlyMiddleware(lambda request: None).process_exception(request, refused.value)
    assert response.status_code == 503
    assert response["X-Factcheck-Read-Only"] == "true"
    other = DatabaseError("deadlock detected")
    assert not is_read_only_error(other)
    assert ReadOnlyMiddleware(lambda request: None).process_exception(request, other) is None


def test_off_by_default(alice, article):
    assert "annotations.readonly.ReadOnlyMiddleware" not in settings.MIDDLEWARE
    sentence = article.segments.filter(kind="sentence").first()
    created = client_for(alice).post(
        CLAIMS, {"article": article.pk, "segments": [sentence.pk]}, "json"
    )
    assert created.status_code == 201
