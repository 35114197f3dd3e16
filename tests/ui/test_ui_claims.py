"""Writes from the claim panel: create, save, conflicts, workflow, sources, notes, CSRF."""

import json

import pytest
from django.test import Client

from annotations import services
from annotations.models import Claim, Correction, Note, Source
from tests.factories import rating
from tests.ui.conftest import claim_data

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def test_htmx_create_returns_the_panel_and_marks_the_sentences(alice_client, article, sentences):
    ids = [sentences[1].pk, sentences[2].pk]
    response = alice_client.post(
        f"/articles/{article.pk}/claims/", {"segments": f"{ids[0]},{ids[1]}"}, **HX
    )
    claim = Claim.objects.get()
    assert response.status_code == 200
    assert sorted(claim.segments.values_list("pk", flat=True)) == ids
    event = json.loads(response["HX-Trigger"])["claimSaved"]
    assert event["claim"] == claim.pk
    assert sorted(event["segments"]) == ids
    html = response.content.decode()
    assert 'id="claim-form"' in html
    assert 'id="progress" class="progress" hx-swap-oob="true"' in html
    assert 'id="announce" hx-swap-oob="innerHTML">Claim' in html


def test_plain_create_redirects_to_the_open_claim(alice_client, article, sentences):
    response = alice_client.post(
        f"/articles/{article.pk}/claims/", {"segments": str(sentences[1].pk)}
    )
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/articles/{article.pk}/?claim={claim.pk}#panel"


def test_sentences_that_are_not_consecutive_are_refused(alice_client, article, sentences):
    response = alice_client.post(
        f"/articles/{article.pk}/claims/",
        {"segments": f"{sentences[0].pk},{sentences[2].pk}"},
        **HX,
    )
    assert response.status_code == 200
    assert "must be consecutive" in response.content.decode()
    assert not Claim.objects.exists()


def test_save_updates_the_claim_and_reports_the_new_colour(alice_client, claim):
    response = alice_client.post(
        f"/claims/{claim.pk}/",
        claim_data(claim, rating=rating("false").pk, summary="Records show $0.9 billion."),
        **HX,
    )
    claim.refresh_from_db()
    assert response.status_code == 200
    assert claim.rating.slug == "false"
    assert claim.version == 2
    event = json.loads(response["HX-Trigger"])["claimSaved"]
    assert event["rating"] == "false"
    assert f'name="version" value="{claim.version}"' in response.content.decode()


def test_plain_save_redirects_and_flashes(alice_client, claim):
    response = alice_client.post(f"/claims/{claim.pk}/", claim_data(claim, claimant="Jane Doe"))
    assert response.status_code == 302
    page = alice_client.get(response["Location"])
    assert f"Claim {claim.pk} saved." in page.content.decode()


def test_invalid_save_rerenders_with_200_and_errors(alice_client, claim):
    response = alice_client.post(f"/claims/{claim.pk}/", claim_data(claim, claim_text=""), **HX)
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    claim.refresh_from_db()
    assert claim.version == 1


def test_stale_save_shows_what_changed_and_keeps_the_input(alice_client, claim, bob):
    services.claim_update(claim=claim, user=bob, version=1, claimant="Mayor's office")
    response = alice_client.post(
        f"/claims/{claim.pk}/", claim_data(claim, version=1, summary="My careful summary"), **HX
    )
    html = response.content.decode()
    claim.refresh_from_db()
    assert response.status_code == 200
    assert "changed while you were editing" in html
    assert "<strong>bob</strong>" in html
    assert "Mayor&#x27;s office" in html
    assert "My careful summary" in html  # the editor's input is kept
    assert 'name="version" value="2"' in html  # saving again is a deliberate overwrite
    assert claim.claimant == "Mayor's office"
    assert claim.summary == ""


def test_stale_plain_save_answers_409(alice_client, claim, bob):
    services.claim_update(claim=claim, user=bob, version=1, claimant="Someone")
    response = alice_client.post(f"/claims/{claim.pk}/", claim_data(claim, version=1))
    assert response.status_code == 409
    assert "changed while you were editing" in response.content.decode()


def test_editor_sees_no_publish_button_and_cannot_publish(alice_client, rated_claim):
    panel = alice_client.get(
        f"/articles/{rated_claim.article_id}/?claim={rated_claim.pk}", **HX, HTTP_HX_TARGET="panel"
    ).content.decode()
    assert f"/claims/{rated_claim.pk}/publish/" not in panel
    response = alice_client.post(
        f"/claims/{rated_claim.pk}/publish/", {"version": rated_claim.version}, **HX
    )
    assert response.status_code == 403
    assert "Only reviewers" in response.content.decode()
    assert "<html" not in response.content.decode()
    rated_claim.refresh_from_db()
    assert rated_claim.status == "in_review"


def test_reviewer_cannot_publish_their_own_rating(bob_client, claim, bob):
    claim = services.claim_update(
        claim=claim, user=bob, version=claim.version, rating=rating("true"), summary="Yes."
    )
    claim = services.claim_submit(claim=claim, user=bob, version=claim.version)
    panel = bob_client.get(f"/articles/{claim.article_id}/?claim={claim.pk}").content.decode()
    assert f"/claims/{claim.pk}/publish/" not in panel
    assert "four-eyes rule" in panel
    response = bob_client.post(f"/claims/{claim.pk}/publish/", {"version": claim.version})
    assert response.status_code == 403
    assert "Four-eyes" in response.content.decode()


def test_second_reviewer_publishes(bob_client, rated_claim):
    panel = bob_client.get(
        f"/articles/{rated_claim.article_id}/?claim={rated_claim.pk}"
    ).content.decode()
    assert f"/claims/{rated_claim.pk}/publish/" in panel
    response = bob_client.post(
        f"/claims/{rated_claim.pk}/publish/", {"version": rated_claim.version}, **HX
    )
    rated_claim.refresh_from_db()
    assert response.status_code == 200
    assert rated_claim.status == "published"
    assert json.loads(response["HX-Trigger"])["claimSaved"]["status"] == "published"


def test_submit_without_summary_shows_the_rule(alice_client, claim):
    response = alice_client.post(f"/claims/{claim.pk}/submit/", {"version": 1}, **HX)
    assert response.status_code == 200
    assert "Set a rating before sending" in response.content.decode()


def test_dismiss(alice_client, claim):
    alice_client.post(f"/claims/{claim.pk}/dismiss/", {"version": 1}, **HX)
    claim.refresh_from_db()
    assert claim.status == "dismissed"


def test_unknown_action_is_404(alice_client, claim):
    assert alice_client.post(f"/claims/{claim.pk}/explode/", {"version": 1}).status_code == 404


def test_correction_of_a_published_verdict(carol_client, bob_client, rated_claim, bob):
    claim = services.claim_publish(claim=rated_claim, user=bob, version=rated_claim.version)
    panel = carol_client.get(f"/articles/{claim.article_id}/?claim={claim.pk}").content.decode()
    assert "Correct the published verdict" in panel
    response = carol_client.post(
        f"/claims/{claim.pk}/correct/",
        {"version": claim.version, "rating": rating("mostly-false").pk, "note": "New figures.",
         "summary": claim.summary},
        **HX,
    )  # fmt: skip
    # The rating changes but the summary would stay: the reviewer is asked first.
    assert "rewrite the summary for it" in response.content.decode()
    assert not Correction.objects.exists()
    response = carol_client.post(
        f"/claims/{claim.pk}/correct/",
        {"version": claim.version, "rating": rating("mostly-false").pk, "note": "New figures.",
         "summary": "The figures were revised down."},
        **HX,
    )  # fmt: skip
    assert response.status_code == 200
    correction = Correction.objects.get()
    assert correction.new_rating.slug == "mostly-false"
    assert correction.status == Correction.Status.PROPOSED
    html = response.content.decode()
    assert "New figures." in html
    assert "another reviewer publishes it" in html
    claim.refresh_from_db()
    # bob (not carol, who proposed it) publishes the correction.
    bob_panel = bob_client.get(f"/articles/{claim.article_id}/?claim={claim.pk}").content.decode()
    assert "Approve &amp; publish the correction" in bob_panel
    bob_client.post(f"/claims/{claim.pk}/publish/", {"version": claim.version}, **HX)
    claim.refresh_from_db()
    assert claim.rating.slug == "mostly-false"
    assert claim.summary == "The figures were revised down."


def test_correction_needs_a_note(carol_client, rated_claim, bob):
    claim = services.claim_publish(claim=rated_claim, user=bob, version=rated_claim.version)
    response = carol_client.post(
        f"/claims/{claim.pk}/correct/",
        {"version": claim.version, "rating": rating("true").pk, "note": ""},
        **HX,
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not Correction.objects.exists()


def test_sources_are_added_edited_and_removed(alice_client, claim):
    response = alice_client.post(
        f"/claims/{claim.pk}/sources/",
        {"url": "https://example.org/report", "title": "Audit", "stance": "refutes",
         "quote": "Spent $0.9bn", "archived_url": "https://web.archive.org/x"},
        **HX,
    )  # fmt: skip
    source = Source.objects.get()
    assert response.status_code == 200
    assert source.stance == "refutes"
    assert 'href="https://example.org/report"' in response.content.decode()
    alice_client.post(
        f"/sources/{source.pk}/",
        {f"s{source.pk}-url": "https://example.org/report2", f"s{source.pk}-stance": "supports",
         f"s{source.pk}-version": source.version},
        **HX,
    )  # fmt: skip
    source.refresh_from_db()
    assert source.url == "https://example.org/report2"
    assert source.version == 2
    alice_client.post(f"/sources/{source.pk}/delete/", {"version": 2}, **HX)
    assert not Source.objects.exists()
    assert Source.all_objects.get().deleted_at is not None


def test_source_with_a_javascript_url_is_refused(alice_client, claim):
    response = alice_client.post(
        f"/claims/{claim.pk}/sources/", {"url": "javascript:alert(1)", "stance": "context"}, **HX
    )
    assert response.status_code == 200
    assert "Enter a valid URL" in response.content.decode()
    assert not Source.objects.exists()


def test_notes_are_sanitised_markdown(alice_client, claim):
    body = "**Checked** with the office.\n\n<script>alert('x')</script>[bad](javascript:alert(1))"
    response = alice_client.post(f"/claims/{claim.pk}/notes/", {"body": body}, **HX)
    html = response.content.decode()
    note = Note.objects.get()
    assert note.internal is False  # the unchecked box
    assert "<strong>Checked</strong>" in html
    assert "<script>alert" not in html
    # The rendered note has no such link; the author's edit box holds the text, escaped.
    assert 'href="javascript' not in html
    assert "&lt;script&gt;alert" in html


def test_internal_note_is_badged_and_removable_by_its_author(alice_client, bob_client, claim):
    alice_client.post(f"/claims/{claim.pk}/notes/", {"body": "Internal one", "internal": "on"})
    note = Note.objects.get()
    assert note.internal is True
    panel = alice_client.get(f"/articles/{claim.article_id}/?claim={claim.pk}").content.decode()
    assert "Internal" in panel
    assert f"/notes/{note.pk}/delete/" in panel
    assert "badge-internal" in panel
    assert bob_client.post(f"/notes/{note.pk}/delete/", {"version": 1}).status_code == 403
    assert bob_client.post(f"/notes/{note.pk}/delete/").status_code == 403
    alice_client.post(f"/notes/{note.pk}/delete/", {"version": 1})
    assert not Note.objects.exists()


def test_panel_loads_the_claims_history_on_demand(alice_client, claim, bob):
    services.claim_update(claim=claim, user=bob, version=1, claimant="The mayor")
    panel = alice_client.get(f"/articles/{claim.article_id}/?claim={claim.pk}").content.decode()
    assert f'hx-get="/claims/{claim.pk}/history/"' in panel
    history = alice_client.get(f"/claims/{claim.pk}/history/", **HX).content.decode()
    assert "<html" not in history
    assert "<strong>bob</strong> changed claim" in history
    assert "<b>claimant</b>" in history
    page = alice_client.get(f"/claims/{claim.pk}/history/").content.decode()
    assert "<html" in page  # without JavaScript: the review page with the history open
    assert "<strong>bob</strong> changed claim" in page


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/claims/{pk}/", {"version": 1, "claim_text": "x"}),
        ("/claims/{pk}/sources/", {"url": "https://example.org", "stance": "context"}),
        ("/claims/{pk}/notes/", {"body": "Hi"}),
        ("/claims/{pk}/dismiss/", {"version": 1}),
    ],
)
def test_viewer_cannot_write(victor_client, claim, url, data):
    response = victor_client.post(url.format(pk=claim.pk), data, **HX)
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.version == 1
    assert not Source.objects.exists()
    assert not Note.objects.exists()


def test_csrf_is_enforced(alice, claim):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    refused = client.post(f"/claims/{claim.pk}/", claim_data(claim, claimant="X"), **HX)
    assert refused.status_code == 403
    claim.refresh_from_db()
    assert claim.claimant == ""
    page = client.get(f"/articles/{claim.article_id}/")
    token = str(page.context["csrf_token"])
    assert f'hx-headers=\'{{"x-csrftoken": "{token}"}}\'' in page.content.decode()
    accepted = client.post(
        f"/claims/{claim.pk}/", claim_data(claim, claimant="X"), HTTP_X_CSRFTOKEN=token, **HX
    )
    assert accepted.status_code == 200
    claim.refresh_from_db()
    assert claim.claimant == "X"


def test_get_is_not_allowed_on_writes(alice_client, claim):
    assert alice_client.get(f"/claims/{claim.pk}/").status_code == 405
