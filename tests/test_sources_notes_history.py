"""Sources and notes: validation, soft deletes and the claim's change history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import services
from annotations.markdown import render_markdown
from annotations.models import Note, Source
from annotations.selectors import claim_history
from tests.factories import rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(article, alice):
    sentence = article.segments.filter(kind="sentence").first()
    return services.claim_create(article=article, segments=[sentence], user=alice)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<script>", "ftp://example.org/x", "not a url"]
)
def test_source_url_must_be_http(claim, alice, url):
    with pytest.raises(ValidationError) as error:
        services.source_add(claim=claim, user=alice, url=url)
    assert "url" in error.value.message_dict
    assert not Source.all_objects.exists()


def test_source_delete_is_soft_and_recorded(claim, alice):
    source = services.source_add(
        claim=claim, user=alice, url="https://sipri.org/report", title="SIPRI", stance="supports"
    )
    services.source_delete(source=source, user=alice, version=source.version)
    assert not claim.sources.exists()
    assert Source.all_objects.get(pk=source.pk).deleted_at is not None
    actions = [(e.object_type, e.action) for e in claim_history(claim)]
    assert ("source", "removed") in actions
    assert ("source", "created") in actions


def test_note_changes_only_by_author_or_admin(claim, alice, bob, ada):
    note = services.note_add(claim=claim, user=alice, body="Call the ministry.")
    assert note.internal is True
    with pytest.raises(PermissionDenied):
        services.note_update(note=note, user=bob, version=1, body="Edited by someone else")
    note = services.note_update(note=note, user=alice, version=1, body="Called the ministry.")
    assert note.version == 2
    services.note_delete(note=note, user=ada, version=2)
    assert not claim.notes.exists()
    assert Note.all_objects.filter(pk=note.pk).exists()


def test_empty_note_is_refused(claim, alice):
    with pytest.raises(ValidationError):
        services.note_add(claim=claim, user=alice, body="   ")


def test_note_markdown_is_sanitised():
    html = render_markdown(
        "**bold** <script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>"
    )
    assert "<strong>bold</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html


def test_history_shows_who_changed_what(claim, alice, bob):
    claim = services.claim_update(
        claim=claim,
        user=alice,
        version=claim.version,
        rating=rating("false"),
        summary="The figure is wrong.",
    )
    claim = services.claim_update(
        claim=claim, user=bob, version=claim.version, claimant="Sen. Jane Doe"
    )
    services.note_add(claim=claim, user=bob, body="Source confirmed.")
    history = claim_history(claim)
    newest = history[0]
    assert (newest.object_type, newest.action, newest.user) == ("note", "created", "bob")
    claimant_change = next(e for e in history if e.user == "bob" and e.object_type == "claim")
    assert claimant_change.changes == [
        {"field": "claimant", "before": "", "after": "Sen. Jane Doe"}
    ]
    rating_change = next(e for e in history if e.user == "alice" and e.action == "changed")
    by_field = {c["field"]: c for c in rating_change.changes}
    assert {"rating", "summary", "rated_by"} <= set(by_field)
    assert (by_field["rating"]["before"], by_field["rating"]["after"]) == (None, "false")
    assert by_field["rated_by"]["after"] == "alice"
    assert history[-1].action == "created"
