"""Every page and fragment, as each role sees it, shows no template syntax and no markup
from user data: every user-written text below carries a tag that must come out escaped."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from annotations import services
from annotations.documents import read_text
from tests.factories import UserFactory, rating

pytestmark = pytest.mark.django_db

EVIL = "<x-evil>&amp;</x-evil>"
ARTICLE = (
    f"Harbour Plan {EVIL} Approved\n\n"
    "By Ana Ruiz\n\n"
    f"The council said the harbour will cost $40 million by 2027 {EVIL}. "
    "Officials said 300 jobs would follow.\n\n"
    "- The mayor promised 12 new ferries.\n"
    "- Critics think the plan is a disaster.\n\n"
    "Residents were told that the bridge closed in 2019. "
    "The port handled 2.1 million tonnes last year. Trade rose 4% in March.\n"
)
TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|\{#|#\}|%\}")


def assert_clean(html: str, where: str) -> None:
    """No template syntax anywhere in the page; user text only ever escaped."""
    found = TEMPLATE_SYNTAX.search(html)
    assert found is None, (
        f"{where}: template syntax {html[found.start() - 80 : found.end() + 80]!r}"
    )
    for raw in ("<x-evil", "</x-evil"):
        assert raw not in html, f"{where}: unescaped user markup near {html.find(raw)}"


@pytest.fixture
def desk(alice, bob, carol, ada, victor):
    """An article with a claim at every step, sources, notes and a proposed correction."""
    article = services.article_ingest(
        document=read_text(ARTICLE), user=alice, publisher=f"Gazette {EVIL}"
    ).article
    sentences = list(article.segments.filter(kind__in=["sentence", "list_item"]))

    def claim(i, **fields):
        made = services.claim_create(
            article=article,
            segments=[sentences[i]],
            user=alice,
            claim_text=f"Claim {i} {EVIL}",
            claimant=f"The union {EVIL}",
        )
        services.source_add(
            claim=made,
            user=alice,
            url="https://example.org/evidence",
            title=f"Audit {EVIL}",
            quote=f"Quoted {EVIL}",
            publisher=f"Auditor {EVIL}",
        )
        services.note_add(claim=made, user=alice, body=f"**Called** {EVIL}", internal=i % 2 == 0)
        if fields:
            made = services.claim_update(claim=made, user=alice, version=made.version, **fields)
        return made

    draft = claim(0)
    verdict = {"rating": rating("false"), "summary": f"Summary {EVIL}"}
    in_review = services.claim_submit(
        claim=(c := claim(1, **verdict)), user=alice, version=c.version
    )
    published = services.claim_submit(
        claim=(c := claim(2, **verdict)), user=alice, version=c.version
    )
    published = services.claim_publish(claim=published, user=bob, version=published.version)
    corrected = services.claim_submit(
        claim=(c := claim(3, **verdict)), user=alice, version=c.version
    )
    corrected = services.claim_publish(claim=corrected, user=bob, version=corrected.version)
    corrected = services.claim_correct(
        claim=corrected,
        user=bob,
        version=corrected.version,
        rating=rating("true"),
        note=f"New figures {EVIL}",
        summary=f"Corrected {EVIL}",
    )
    dismissed = claim(4)
    dismissed = services.claim_dismiss(claim=dismissed, user=alice, version=dismissed.version)
    return {
        "article": article,
        "claims": [draft, in_review, published, corrected, dismissed],
        "free": sentences[5],
    }


def page_urls(desk) -> list[str]:
    article = desk["article"]
    review = f"/articles/{article.pk}/"
    return [
        "/",
        "/?q=Harbour&status=in_progress",
        "/?page=2",
        review,
        f"{review}?show=claims&q=council",
        f"{review}?segments={desk['free'].pk}",
        *(f"{review}?claim={claim.pk}" for claim in desk["claims"]),
        *(f"/claims/{claim.pk}/history/" for claim in desk["claims"]),
        "/reports/",
        f"/reports/articles/{article.pk}/",
        f"/reports/articles/{article.pk}/?internal=1",
        f"/reports/articles/{article.pk}/?format=html",
        "/reports/?internal=1&format=html",
        "/api/docs/",
        "/no-such-page/",
        f"/articles/{article.pk + 1000}/",
    ]


@pytest.mark.parametrize("role", ["victor", "alice", "bob", "ada"])
def test_every_page_renders_clean_for_every_role(desk, role, request):
    client = Client()
    client.force_login(request.getfixturevalue(role))
    for url in page_urls(desk):
        response = client.get(url)
        assert response.status_code in (200, 403, 404), (url, response.status_code)
        body = b"".join(response) if response.streaming else response.content  # html exports
        assert_clean(body.decode(), f"{role} {url}")


@pytest.mark.parametrize("role", ["alice", "bob"])
def test_every_htmx_fragment_renders_clean(desk, role, request):
    client = Client()
    client.force_login(request.getfixturevalue(role))
    review = f"/articles/{desk['article'].pk}/"
    hx = {"HTTP_HX_REQUEST": "true"}
    for claim in desk["claims"]:
        for target in ("panel", "article"):
            response = client.get(f"{review}?claim={claim.pk}", HTTP_HX_TARGET=target, **hx)
            html = response.content.decode()
            assert "<html" not in html
            assert_clean(html, f"{role} {target} fragment of claim {claim.pk}")
        assert_clean(client.get(f"/claims/{claim.pk}/history/", **hx).content.decode(), "history")
    draft = desk["claims"][0]
    # A stale save: the conflict box, with the other editor's change in words.
    services.claim_update(claim=draft, user=desk["claims"][0].created_by, version=1, claimant="X")
    stale = client.post(
        f"/claims/{draft.pk}/", {"version": 1, "claim_text": f"Mine {EVIL}", "rating": ""}, **hx
    )
    html = stale.content.decode()
    assert "changed while you were editing" in html
    assert_clean(html, "conflict")
    # Invalid input re-rendered in place.
    assert_clean(
        client.post(f"/claims/{draft.pk}/sources/", {"url": "javascript:x"}, **hx).content.decode(),
        "invalid source",
    )


def test_forbidden_page_and_fragment_render_clean(desk, victor):
    client = Client()
    client.force_login(victor)
    claim = desk["claims"][0]
    page = client.post(f"/claims/{claim.pk}/", {"version": 1, "claim_text": "x"})
    assert page.status_code == 403
    assert "Back" in page.content.decode() or "Articles" in page.content.decode()
    assert_clean(page.content.decode(), "forbidden page")
    fragment = client.post(
        f"/claims/{claim.pk}/", {"version": 1, "claim_text": "x"}, HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 403
    assert_clean(fragment.content.decode(), "forbidden fragment")


def test_login_and_logout_pages_render_clean(desk, alice):
    client = Client()
    assert_clean(client.get("/accounts/login/").content.decode(), "login")
    bad = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    assert "didn't match" in bad.content.decode()
    assert_clean(bad.content.decode(), "bad login")
    client.force_login(alice)
    page = client.post("/accounts/logout/", follow=True).content.decode()
    assert "You are logged out." in page
    assert_clean(page, "after logout")


def test_admin_lists_and_change_pages_render_clean(desk, ada):
    ada.is_staff = True
    ada.save()
    staff = UserFactory(username="root", role="admin")
    staff.is_superuser = staff.is_staff = True
    staff.save()
    client = Client()
    client.force_login(staff)
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        listing = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert listing.status_code == 200
        assert_clean(listing.content.decode(), f"admin list {info}")
        first = model._default_manager.first()
        if first is not None:
            page = client.get(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
            assert page.status_code == 200
            assert_clean(page.content.decode(), f"admin change {info}")
