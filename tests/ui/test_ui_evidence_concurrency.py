"""Two editors change or remove the same source or note from the review page, each from the
version they opened: one wins, the other is told and keeps their input.

On PostgreSQL the two posts run at once from two threads with their own connections; the
services' row lock decides who is first. SQLite holds one writer, so there they run in turn.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from annotations import services
from annotations.models import Note, Source
from tests.api.conftest import client_for

HX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _roles(reference_data):
    """Transactional tests empty every table: the roles and ratings come back first."""


def at_once(posts: dict[str, callable]) -> dict[str, object]:
    """Run each named post; at the same moment where the database allows it."""
    results: dict[str, object] = {}

    def run(name: str) -> None:
        try:
            results[name] = posts[name]()
        finally:
            connections.close_all()

    if connection.vendor == "postgresql":
        barrier = threading.Barrier(len(posts))

        def together(name: str) -> None:
            barrier.wait()
            run(name)

        threads = [threading.Thread(target=together, args=(name,)) for name in posts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for name in posts:
            run(name)
    return results


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def claim(article, alice):
    sentence = article.segments.filter(kind="sentence").first()
    return services.claim_create(article=article, segments=[sentence], user=alice)


def test_two_stale_source_edits_one_wins_one_is_told(claim, alice, bob):
    source = services.source_add(claim=claim, user=alice, url="https://example.org/a")
    prefix = f"s{source.pk}"

    def edit(user, title):
        def post():
            data = {f"{prefix}-url": source.url, f"{prefix}-stance": "context",
                    f"{prefix}-title": title, f"{prefix}-version": "1"}  # fmt: skip
            return logged_in(user).post(f"/sources/{source.pk}/", data, **HX)

        return post

    results = at_once({"alice": edit(alice, "Alice's title"), "bob": edit(bob, "Bob's title")})
    source = Source.objects.get(pk=source.pk)
    assert source.version == 2
    winner = "alice" if source.title == "Alice's title" else "bob"
    loser = "bob" if winner == "alice" else "alice"
    told = results[loser].content.decode()
    assert "Not saved:" in told and f"{winner} changed this source" in told
    # The loser's own input is still in the form, now based on the current version.
    assert f"{loser.capitalize()}&#x27;s title" in told
    assert f'name="{prefix}-version" value="2"' in told
    assert "Source updated." in results[winner].content.decode()
    changes = [h for h in source.history.all() if h.history_type == "~"]
    assert [h.history_user.username for h in changes] == [winner]


def test_a_stale_source_removal_removes_nothing(claim, alice, bob):
    source = services.source_add(claim=claim, user=alice, url="https://example.org/a")
    prefix = f"s{source.pk}"
    results = at_once(
        {
            "edit": lambda: logged_in(alice).post(
                f"/sources/{source.pk}/",
                {
                    f"{prefix}-url": "https://example.org/b",
                    f"{prefix}-stance": "refutes",
                    f"{prefix}-version": "1",
                },
                **HX,
            ),
            "remove": lambda: logged_in(bob).post(
                f"/sources/{source.pk}/delete/", {"version": "1"}, **HX
            ),
        }
    )
    source = Source.all_objects.get(pk=source.pk)
    if source.deleted_at is None:  # the edit came first: the removal is refused
        assert source.url == "https://example.org/b"
        assert "Not removed:" in results["remove"].content.decode()
    else:  # the removal came first: the edit is refused, nothing changed
        assert source.url == "https://example.org/a"
        assert "was removed meanwhile" in results["edit"].content.decode()
    assert source.version == 2


def test_two_stale_note_edits_one_wins_one_is_told(claim, alice, ada):
    note = services.note_add(claim=claim, user=alice, body="First call.")
    prefix = f"n{note.pk}"

    def edit(user, body):
        return lambda: logged_in(user).post(
            f"/notes/{note.pk}/", {f"{prefix}-body": body, f"{prefix}-version": "1"}, **HX
        )

    results = at_once({"alice": edit(alice, "Alice's note"), "ada": edit(ada, "Ada's note")})
    note = Note.objects.get(pk=note.pk)
    assert note.version == 2
    winner = "alice" if note.body == "Alice's note" else "ada"
    loser = "ada" if winner == "alice" else "alice"
    told = results[loser].content.decode()
    assert "Not saved:" in told and f"{winner} changed this note" in told
    assert f"{loser.capitalize()}&#x27;s note" in told


def test_html_and_api_share_one_stale_path_for_sources(claim, alice, bob):
    """A source changed through the API makes the review page's older form stale, and back."""
    source = services.source_add(claim=claim, user=alice, url="https://example.org/a")
    response = client_for(bob).patch(
        f"/api/v1/claims/{claim.pk}/sources/{source.pk}/",
        {"title": "From the API"},
        format="json",
        HTTP_IF_MATCH=source.etag,
    )
    assert response.status_code == 200
    assert response.headers["ETag"] == f'"source-{source.pk}-v2"'
    prefix = f"s{source.pk}"
    response = logged_in(alice).post(
        f"/sources/{source.pk}/",
        {f"{prefix}-url": source.url, f"{prefix}-stance": "context",
         f"{prefix}-title": "From the page", f"{prefix}-version": "1"},
        **HX,
    )  # fmt: skip
    assert "bob changed this source since you opened it (title)" in response.content.decode()
    response = client_for(bob).delete(
        f"/api/v1/claims/{claim.pk}/sources/{source.pk}/", HTTP_IF_MATCH=source.etag
    )
    assert response.status_code == 412
    assert response.json()["current"]["title"] == "From the API"
    assert Source.objects.get(pk=source.pk).title == "From the API"
