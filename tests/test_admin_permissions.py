"""The admin site follows the workflow: for each role and admin model, what may be added,
changed and deleted, and that what the workflow owns cannot be changed there."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from annotations import services
from annotations.models import Article, Claim, Correction, Note, Rating, Segment, Source
from tests.api.conftest import client_for
from tests.factories import UserFactory, rating

pytestmark = pytest.mark.django_db

ROLES = ("viewer", "editor", "reviewer", "admin")


class FormValues(HTMLParser):
    """The values a browser would post from the admin's change form."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.values[name] = a.get("value", "on")
            else:
                self.values[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += (
                data.removeprefix("\n") if not self.values[self._textarea] else data
            )


def form_values(client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    parser = FormValues()
    parser.feed(response.content.decode())
    parser.values.pop("csrfmiddlewaretoken", None)
    return parser.values


@pytest.fixture
def staff(db):
    """One staff member per role, logged in to the admin."""
    people = {}
    for role in ROLES:
        user = UserFactory(username=f"staff-{role}", role=role)
        user.is_staff = True
        user.save()
        people[role] = user
    people["second-reviewer"] = UserFactory(username="staff-reviewer-2", role="reviewer")
    return people


def admin_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def desk(article, staff):
    """A draft, a claim in review (rated by the editor), a published one, a source, a note."""
    editor, reviewer = staff["editor"], staff["reviewer"]
    sentences = list(article.segments.filter(kind="sentence"))
    draft = services.claim_create(article=article, segments=[sentences[0]], user=editor)
    in_review = services.claim_create(article=article, segments=[sentences[1]], user=editor)
    in_review = services.claim_update(
        claim=in_review,
        user=editor,
        version=1,
        rating=rating("false"),
        summary="The auditor says otherwise.",
    )
    in_review = services.claim_submit(claim=in_review, user=editor, version=in_review.version)
    published = services.claim_create(article=article, segments=[sentences[2]], user=editor)
    published = services.claim_update(
        claim=published, user=editor, version=1, rating=rating("true"), summary="Right."
    )
    published = services.claim_submit(claim=published, user=editor, version=published.version)
    published = services.claim_publish(claim=published, user=reviewer, version=published.version)
    source = services.source_add(claim=draft, user=editor, url="https://example.org/a")
    note = services.note_add(claim=draft, user=editor, body="Called the office.")
    return {
        "draft": draft,
        "in_review": in_review,
        "published": published,
        "source": source,
        "note": note,
    }


def url(model, view: str, *args) -> str:
    return reverse(f"admin:annotations_{model._meta.model_name}_{view}", args=args)


# Who may open the add page of each model (403 for everyone else).
ADD = {
    Article: set(),  # imported from the dashboard, the API or ingest: that makes segments
    Segment: set(),
    Claim: set(),  # made of sentences on the review page or through the API
    Correction: set(),
    Rating: {"admin"},
    Source: {"editor", "reviewer", "admin"},
    Note: {"editor", "reviewer", "admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", list(ADD), ids=lambda m: m._meta.model_name)
def test_add_pages_by_role(client, staff, role, model):
    response = admin_client(client, staff[role]).get(url(model, "add"))
    assert response.status_code == (200 if role in ADD[model] else 403)


def _object(model, desk, article):
    return {
        Article: article,
        Segment: article.segments.first(),
        Claim: desk["draft"],
        Correction: None,
        Rating: Rating.objects.get(slug="false"),
        Source: desk["source"],
        Note: desk["note"],
    }[model]


# Who may delete an object of each model through the admin, and whether it stays (soft).
DELETE = {
    Article: ({"admin"}, False),
    Segment: (set(), None),
    Claim: (set(), None),  # dismiss instead
    Rating: ({"admin"}, False),
    Source: ({"editor", "reviewer", "admin"}, True),
    Note: ({"editor", "admin"}, True),  # the note is the editor's; admins may delete any
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", list(DELETE), ids=lambda m: m._meta.model_name)
def test_deletes_by_role_are_soft_where_editors_delete(client, staff, desk, article, role, model):
    obj = _object(model, desk, article)
    if model is Rating:
        obj = Rating.objects.create(slug="spare", label="Spare", colour="#123456", order=99)
    allowed, soft = DELETE[model]
    response = admin_client(client, staff[role]).post(url(model, "delete", obj.pk), {"post": "yes"})
    if role not in allowed:
        assert response.status_code == 403
        assert model._base_manager.filter(pk=obj.pk).exists()
        if model is Claim:  # the page says what to do instead
            assert "dismiss it instead" in response.content.decode()
        return
    assert response.status_code == 302
    row = model._base_manager.filter(pk=obj.pk).first()
    if soft:
        assert row is not None and row.deleted_at is not None
        assert not model.objects.filter(pk=obj.pk).exists()
        assert row.history.first().history_user == staff[role]
    else:
        assert row is None


@pytest.mark.parametrize("role", ROLES)
def test_delete_selected_action_is_soft_for_sources(client, staff, desk, role):
    source = desk["source"]
    response = admin_client(client, staff[role]).post(
        url(Source, "changelist"),
        {"action": "delete_selected", "_selected_action": [source.pk], "post": "yes"},
    )
    row = Source.all_objects.get(pk=source.pk)
    if role == "viewer":
        assert row.deleted_at is None
    else:
        assert response.status_code == 302
        assert row.deleted_at is not None


# Who may save the change form of each model (viewers only look).
CHANGE = {
    Article: {"admin"},
    Segment: set(),
    Claim: {"editor", "reviewer", "admin"},
    Rating: {"admin"},
    Source: {"editor", "reviewer", "admin"},
    Note: {"editor", "admin"},  # the editor wrote it
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", list(CHANGE), ids=lambda m: m._meta.model_name)
def test_change_form_by_role(client, staff, desk, article, role, model):
    obj = _object(model, desk, article)
    client = admin_client(client, staff[role])
    change_url = url(model, "change", obj.pk)
    data = form_values(client, change_url)  # everyone with a role may look
    response = client.post(change_url, data)
    if role in CHANGE[model]:
        assert response.status_code == 302, response.content.decode()[:2000]
    else:
        assert response.status_code == 403


def test_claim_save_in_the_admin_goes_through_the_service(client, staff, desk):
    """Status, who rated, and the version cannot be posted; a rating change makes the
    reviewer the rater, so the four-eyes rule still stops them publishing it."""
    claim, reviewer = desk["in_review"], staff["reviewer"]
    before = claim.version
    client = admin_client(client, reviewer)
    change_url = url(Claim, "change", claim.pk)
    data = form_values(client, change_url)
    assert "status" not in data and "rated_by" not in data and "version" not in data
    data.update(
        rating=str(rating("mostly-false").pk),
        status="published",
        rated_by=str(staff["editor"].pk),
        approved_by=str(reviewer.pk),
        version="99",
    )
    assert client.post(change_url, data).status_code == 302
    claim.refresh_from_db()
    assert claim.rating.slug == "mostly-false"
    assert claim.status == Claim.Status.IN_REVIEW
    assert claim.rated_by == reviewer
    assert claim.version == before + 1
    assert claim.history.first().history_user == reviewer
    # Publishing it now (admin action) is refused by the four-eyes rule.
    response = client.post(
        url(Claim, "changelist"),
        {"action": "claim_publish_action", "_selected_action": [claim.pk]},
        follow=True,
    )
    assert "Four-eyes" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW
    # A second reviewer may.
    client.force_login(staff["second-reviewer"])
    staff["second-reviewer"].is_staff = True
    staff["second-reviewer"].save()
    client.post(
        url(Claim, "changelist"), {"action": "claim_publish_action", "_selected_action": [claim.pk]}
    )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED


def test_publishing_before_the_panel_decides_is_a_message_not_an_error(
    client, staff, desk, settings
):
    settings.FACTCHECK_PANEL_SIZE, settings.FACTCHECK_PANEL_MAJORITY = 3, 2
    waiting, published = desk["in_review"], desk["published"]
    client = admin_client(client, staff["admin"])
    response = client.post(
        url(Claim, "changelist"),
        {"action": "claim_publish_action", "_selected_action": [waiting.pk, published.pk]},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Claim {waiting.pk}: Vote first" in page  # the admin is no voter on it yet
    assert f"Claim {published.pk}: " in page  # the other refusal is not lost
    waiting.refresh_from_db()
    assert waiting.status == Claim.Status.IN_REVIEW
    # Having voted, the admin is told the panel has not decided: a message, not a 500.
    voted = client_for(staff["admin"]).post(
        f"/api/v1/claims/{waiting.pk}/votes/", {"rating": "false"}, format="json"
    )
    assert voted.status_code == 201
    response = client.post(
        url(Claim, "changelist"),
        {"action": "claim_publish_action", "_selected_action": [waiting.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert f"Claim {waiting.pk}: The panel has not decided yet" in page


@pytest.mark.parametrize("role", ["editor", "reviewer", "admin"])
def test_a_published_verdict_cannot_be_changed_in_the_admin(client, staff, desk, role):
    claim = desk["published"]
    client = admin_client(client, staff[role])
    change_url = url(Claim, "change", claim.pk)
    data = form_values(client, change_url)
    assert "rating" not in data and "summary" not in data
    data.update(rating=str(rating("false").pk), summary="Rewritten.", claimant="The auditor")
    assert client.post(change_url, data).status_code == 302
    claim.refresh_from_db()
    assert (claim.rating.slug, claim.summary, claim.claimant) == ("true", "Right.", "The auditor")


def test_a_stale_admin_save_does_not_revert_a_newer_api_save(client, staff, desk):
    claim, editor = desk["draft"], staff["editor"]
    client = admin_client(client, editor)
    change_url = url(Claim, "change", claim.pk)
    data = form_values(client, change_url)  # the admin opens the claim at version 1
    api = client_for(staff["reviewer"])
    response = api.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"claimant": "The mayor"},
        format="json",
        HTTP_IF_MATCH=claim.etag,
    )
    assert response.status_code == 200
    data["claim_text"] = "An older wording"
    response = client.post(change_url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "someone changed this claim since you opened it" in response.content.decode()
    claim.refresh_from_db()
    assert claim.claimant == "The mayor"
    assert claim.claim_text != "An older wording"
    assert claim.version == 2


def test_a_colleagues_note_is_read_only_in_the_admin(client, staff, desk):
    note = desk["note"]  # written by the editor
    client = admin_client(client, staff["reviewer"])
    change_url = url(Note, "change", note.pk)
    data = form_values(client, change_url)
    data["body"] = "Rewritten by someone else"
    assert client.post(change_url, data).status_code == 403
    note.refresh_from_db()
    assert note.body == "Called the office."


def test_admin_saves_of_sources_and_notes_bump_their_version(client, staff, desk):
    source, note = desk["source"], desk["note"]
    client = admin_client(client, staff["editor"])
    for obj, field, value in ((source, "title", "Audit"), (note, "body", "Called again.")):
        change_url = url(type(obj), "change", obj.pk)
        data = form_values(client, change_url)
        data[field] = value
        assert client.post(change_url, data).status_code == 302
        obj.refresh_from_db()
        assert getattr(obj, field) == value
        assert obj.version == 2


def test_sources_and_notes_are_added_through_the_services(client, staff, desk):
    client = admin_client(client, staff["editor"])
    claim = desk["draft"]
    response = client.post(
        url(Source, "add"),
        {"claim": claim.pk, "url": "javascript:alert(1)", "stance": "context", "seen_version": ""},
    )
    assert response.status_code == 200  # refused: http and https only
    assert not Source.objects.filter(url__startswith="javascript").exists()
    response = client.post(
        url(Source, "add"),
        {"claim": claim.pk, "url": "https://example.org/b", "stance": "supports"},
    )
    assert response.status_code == 302
    assert Source.objects.get(url="https://example.org/b").added_by == staff["editor"]
    response = client.post(url(Note, "add"), {"claim": claim.pk, "body": "Second call."})
    assert response.status_code == 302
    assert Note.objects.get(body="Second call.").author == staff["editor"]


def test_history_can_be_seen_but_not_reverted(client, staff, desk):
    claim = desk["draft"]
    services.claim_update(claim=claim, user=staff["editor"], version=1, claimant="The mayor")
    record = claim.history.order_by("history_id").first()
    client = admin_client(client, staff["admin"])
    history_url = reverse(
        "admin:annotations_claim_simple_history", args=[claim.pk, record.history_id]
    )
    assert client.get(history_url).status_code == 200
    data = form_values(client, history_url)
    assert client.post(history_url, data).status_code == 403
    claim.refresh_from_db()
    assert claim.claimant == "The mayor"
