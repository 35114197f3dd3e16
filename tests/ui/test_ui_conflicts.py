"""Two tabs on one claim, source or note: after a conflict the form shows the colleague's
values in every field the editor left as it was, the editor's own in the fields they changed,
and the current version, so that saving again keeps both editors' work."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from annotations import services
from annotations.models import Claim, Note, Source
from tests.factories import rating
from tests.ui.conftest import claim_data

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


class _FormReader(HTMLParser):
    """What a browser would submit from the form whose ``action`` is given."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.data = action, False, {}
        self._textarea = self._select = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in attrs:
                    self.data[attrs["name"]] = attrs.get("value", "on")
            elif kind != "submit":
                self.data[attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data[self._textarea] = ""
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_on_screen(response, action: str) -> dict[str, str]:
    reader = _FormReader(action)
    reader.feed(response.content.decode())
    # Browsers drop the newline right after <textarea>, as Django's widget writes it.
    return {name: value.removeprefix("\n") for name, value in reader.data.items()}


def review_page(client, claim: Claim):
    return client.get(f"/articles/{claim.article_id}/?claim={claim.pk}")


@pytest.mark.parametrize("headers", [HX, {}], ids=["htmx", "plain"])
def test_a_field_the_editor_left_alone_takes_the_colleague_s_value(
    alice_client, claim, bob, headers
):
    opened = claim_data(claim)  # tab B opens the claim at version 1
    services.claim_update(
        claim=claim, user=bob, version=1, claimant="Tomas Reyes", summary="Bob's summary."
    )
    response = alice_client.post(
        f"/claims/{claim.pk}/",
        {**opened, "claim_text": "Alice's wording", "summary": "Alice's summary."},
        **headers,
    )
    assert response.status_code == (200 if headers else 409)
    assert "changed while you were editing" in response.content.decode()
    on_screen = form_on_screen(response, f"/claims/{claim.pk}/")
    assert on_screen["claimant"] == "Tomas Reyes"  # bob's: alice never touched it
    assert on_screen["claim_text"] == "Alice's wording"  # alice's: she changed it
    assert on_screen["summary"] == "Alice's summary."  # both changed it: alice's typed value
    assert on_screen["version"] == "2"
    claim.refresh_from_db()
    assert (claim.version, claim.claim_text) == (2, claim.segments.get().text)

    alice_client.post(f"/claims/{claim.pk}/", on_screen, **headers)
    claim.refresh_from_db()
    assert claim.version == 3
    assert claim.claimant == "Tomas Reyes"
    assert claim.claim_text == "Alice's wording"
    assert claim.summary == "Alice's summary."


def test_the_colleague_s_rating_and_assignee_are_kept_too(alice_client, claim, bob, carol):
    opened = claim_data(claim)
    services.claim_update(claim=claim, user=bob, version=1, rating=rating("false"), assignee=carol)
    response = alice_client.post(
        f"/claims/{claim.pk}/", {**opened, "summary": "Alice's summary."}, **HX
    )
    on_screen = form_on_screen(response, f"/claims/{claim.pk}/")
    assert on_screen["rating"] == str(rating("false").pk)
    assert on_screen["assignee"] == str(carol.pk)
    alice_client.post(f"/claims/{claim.pk}/", on_screen, **HX)
    claim.refresh_from_db()
    assert (claim.rating.slug, claim.assignee, claim.summary) == (
        "false",
        carol,
        "Alice's summary.",
    )


def test_where_both_changed_a_field_the_editor_s_value_stays_beside_the_colleague_s(
    alice_client, claim, bob
):
    opened = claim_data(claim)
    services.claim_update(claim=claim, user=bob, version=1, claimant="Tomas Reyes")
    response = alice_client.post(f"/claims/{claim.pk}/", {**opened, "claimant": "T. Reyes"}, **HX)
    assert form_on_screen(response, f"/claims/{claim.pk}/")["claimant"] == "T. Reyes"
    conflict = response.content.decode().split('class="conflict"')[1].split("</div>")[0]
    assert "<b>claimant</b> — → Tomas Reyes" in conflict


def test_a_source_field_the_editor_left_alone_takes_the_colleague_s_value(alice_client, claim, bob):
    source = services.source_add(
        claim=claim, user=bob, url="https://example.org/audit", title="Audit", stance="refutes"
    )
    prefix, action = f"s{source.pk}", f"/sources/{source.pk}/"
    opened = form_on_screen(review_page(alice_client, claim), action)
    assert opened[f"{prefix}-version"] == "1"
    services.source_update(
        source=source, user=bob, version=1, url=source.url, stance="refutes",
        title="Audit", publisher="City auditor",
    )  # fmt: skip
    response = alice_client.post(
        action, {**opened, f"{prefix}-title": "Audit of 2023", f"{prefix}-stance": "supports"}, **HX
    )
    assert "Not saved: bob changed this source" in response.content.decode()
    on_screen = form_on_screen(response, action)
    assert on_screen[f"{prefix}-publisher"] == "City auditor"
    assert on_screen[f"{prefix}-title"] == "Audit of 2023"
    assert on_screen[f"{prefix}-stance"] == "supports"
    assert on_screen[f"{prefix}-version"] == "2"

    alice_client.post(action, on_screen, **HX)
    source = Source.objects.get(pk=source.pk)
    assert (source.version, source.publisher, source.title, source.stance) == (
        3,
        "City auditor",
        "Audit of 2023",
        "supports",
    )


def test_a_note_field_the_author_left_alone_takes_its_value_from_the_other_tab(
    alice_client, claim, alice
):
    note = services.note_add(claim=claim, user=alice, body="Call the office.", internal=True)
    prefix, action = f"n{note.pk}", f"/notes/{note.pk}/"
    opened = form_on_screen(review_page(alice_client, claim), action)
    assert opened[f"{prefix}-internal"] == "on"
    # The other tab makes the note public.
    services.note_update(note=note, user=alice, version=1, body="Call the office.", internal=False)
    response = alice_client.post(action, {**opened, f"{prefix}-body": "Called: confirmed."}, **HX)
    on_screen = form_on_screen(response, action)
    assert f"{prefix}-internal" not in on_screen  # unticked, as the other tab left it
    assert on_screen[f"{prefix}-body"] == "Called: confirmed."

    alice_client.post(action, on_screen, **HX)
    note = Note.objects.get(pk=note.pk)
    assert (note.version, note.body, note.internal) == (3, "Called: confirmed.", False)
