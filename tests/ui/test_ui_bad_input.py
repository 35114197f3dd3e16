"""Bad input at every editors' page: a 400, 404 or a page with the form's errors, never a 500.

Ids in paths and in ?claim= / ?segments= that are not ids, odd values in every form field and
query parameter, malformed multipart and form bodies, odd uploads. A new page is one row in
PAGES.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from annotations import services
from tests.bad_input import (
    BAD_IDS,
    HUGE_PAGES,
    MULTIPART_BAD_BASE64,
    ODD_QUERY_VALUES,
    RAW_QUERIES,
    rolled_back,
)
from tests.factories import rating

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Page:
    method: str
    path: str  # {article}, {segment}, {draft}, {rated}, {published}, {source}, {note}: ids
    form: dict[str, str] = field(default_factory=dict)  # a valid form; "{draft_v}": a version
    params: tuple[str, ...] = ()  # the query parameters it reads

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


REPORT_PARAMS = ("format", "date_from", "date_to", "rating", "status", "claimant", "internal")
SOURCE_FORM = {
    "url": "https://example.org/s", "title": "Audit", "publisher": "Auditor", "quote": "q",
    "stance": "supports", "archived_url": "https://archive.example.org/s",
}  # fmt: skip

PAGES = [
    Page("GET", "/", params=("page",)),
    Page(
        "POST",
        "/import/",
        {
            "text": "Harbour\n\nThe harbour will cost $40 million by 2027.\n",
            "title": "T",
            "byline": "B",
            "url": "https://example.org/a",
            "publisher": "P",
            "published_on": "2023-02-14",
        },
    ),
    Page("GET", "/articles/{article}/", params=("claim", "segments", "show", "q", "page")),
    Page(
        "POST",
        "/articles/{article}/claims/",
        {"segments": "{segment}", "claim_text": "x", "claimant": "y"},
    ),
    Page(
        "POST",
        "/claims/{draft}/",
        {
            "version": "{draft_v}",
            "claim_text": "x",
            "claimant": "y",
            "rating": "",
            "summary": "s",
            "assignee": "",
        },
    ),
    Page("GET", "/claims/{draft}/history/"),
    Page("POST", "/claims/{draft}/submit/", {"version": "{draft_v}"}),
    Page("POST", "/claims/{rated}/publish/", {"version": "{rated_v}"}),
    Page("POST", "/claims/{draft}/dismiss/", {"version": "{draft_v}"}),
    Page(
        "POST",
        "/claims/{published}/correct/",
        {"version": "{published_v}", "rating": "{true}", "summary": "s", "note": "New figures."},
    ),
    Page("POST", "/claims/{draft}/sources/", SOURCE_FORM),
    Page(
        "POST",
        "/sources/{source}/",
        {f"s{{source}}-{k}": v for k, v in {**SOURCE_FORM, "version": "1"}.items()},
    ),
    Page("POST", "/sources/{source}/delete/", {"version": "1"}),
    Page("POST", "/claims/{draft}/notes/", {"body": "Call them.", "internal": "on"}),
    Page("POST", "/notes/{note}/", {"n{note}-body": "Called.", "n{note}-version": "1"}),
    Page("POST", "/notes/{note}/delete/", {"version": "1"}),
    Page("GET", "/reports/", params=("article", "publisher", *REPORT_PARAMS)),
    Page("GET", "/reports/articles/{article}/", params=REPORT_PARAMS),
    Page("GET", "/search/", params=("q", "type", "rating", "publisher", "date_from", "page")),
    Page("GET", "/archive/", params=("q", "publisher", "rating", "page")),
    Page("GET", "/agreement/", params=("article", "date_from", "date_to", "reviewer")),
]
POSTS = [p for p in PAGES if p.method == "POST"]
WITH_FORMS = [p for p in PAGES if p.form]
GETS = [p for p in PAGES if p.method == "GET"]
WITH_IDS = [(p, name) for p in PAGES for name in ("article", "draft", "source", "note")
            if "{" + name + "}" in p.path]  # fmt: skip

ODD_FIELD_VALUES = {
    "NUL": "a\x00b",
    "overlong": "x" * 100_000,
    "lone surrogate": "a\ud800",
    "full-width digits": "\uff11\uff12",
    **{f"id {bad_id[:12]}": bad_id for bad_id in BAD_IDS},
}
BODIES = {
    "multipart without boundary": (b"xx", "multipart/form-data"),
    "multipart garbage": (b"--b\r\nnot a part\r\n--b--", "multipart/form-data; boundary=b"),
    "multipart bad base64": (MULTIPART_BAD_BASE64, "multipart/form-data; boundary=b"),
    "multipart, no end": (
        b'--b\r\nContent-Disposition: form-data; name="text"\r\n\r\nabc',
        "multipart/form-data; boundary=b",
    ),
    "form with binary": (
        b"\xff\xfe=\x00&text=%zz&version=%ff",
        "application/x-www-form-urlencoded",
    ),
    "form, odd charset": (b"text=abc", "application/x-www-form-urlencoded; charset=bz2_codec"),
    "file without a name": (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename=""\r\n\r\nabc\r\n--b--',
        "multipart/form-data; boundary=b",
    ),
    "JSON": (b'{"version": 1}', "application/json"),
    "deep JSON": (b"[" * 1000 + b"]" * 1000, "application/json"),
    "empty": (b"", "application/x-www-form-urlencoded"),
}


@pytest.fixture
def world(article, alice, bob, carol) -> dict[str, Any]:
    """Claims at each workflow step on the article, with a source and a note of bob's."""
    sentences = list(article.segments.filter(kind="sentence").order_by("position"))

    def rated_in_review(index: int):
        claim = services.claim_create(article=article, segments=[sentences[index]], user=alice)
        claim = services.claim_update(
            claim=claim, user=alice, version=claim.version, rating=rating("false"), summary="No."
        )
        return services.claim_submit(claim=claim, user=alice, version=claim.version)

    draft = services.claim_create(article=article, segments=[sentences[0]], user=alice)
    rated = rated_in_review(1)
    published = rated_in_review(2)
    published = services.claim_publish(claim=published, user=carol, version=published.version)
    return {
        "article": article.pk,
        "segment": sentences[-1].pk,
        "draft": draft.pk,
        "draft_v": draft.version,
        "rated": rated.pk,
        "rated_v": rated.version,
        "published": published.pk,
        "published_v": published.version,
        "true": rating("true").pk,
        "source": services.source_add(claim=draft, user=bob, url="https://example.org/a").pk,
        "note": services.note_add(claim=draft, user=bob, body="Checked.").pk,
    }


def _client(user: Any) -> Client:
    client = Client(raise_request_exception=False)  # a 500 is an answer to assert on
    client.force_login(user)
    return client


def _form(view: Page, world: dict[str, Any]) -> dict[str, str]:
    return {key.format(**world): value.format(**world) for key, value in view.form.items()}


def _url(view: Page, world: dict[str, Any], **ids: str) -> str:
    return view.path.format(**{**world, **ids})


def _post(client: Client, url: str, form: dict[str, str], **extra: Any):
    """POST the form as a browser would send it; a lone surrogate arrives as invalid UTF-8."""
    body = urlencode(form, errors="surrogatepass")
    return client.generic("POST", url, body, "application/x-www-form-urlencoded", **extra)


def assert_safe(response, status: int | tuple[int, ...] | None = None) -> None:
    assert response.status_code < 500, (response.status_code, response.content[:300])
    if status is not None:
        expected = status if isinstance(status, tuple) else (status,)
        assert response.status_code in expected, (response.status_code, response.content[:300])


def test_every_page_accepts_its_valid_form(bob, world, subtests):
    client = _client(bob)
    for view in PAGES:
        with subtests.test(str(view)), rolled_back():
            response = client.generic(view.method, _url(view, world)) if not view.form else (
                client.post(_url(view, world), _form(view, world))
            )  # fmt: skip
            assert_safe(response, (200, 302))


# ------------------------------------------------------------------------------- ids


@pytest.mark.parametrize(("view", "name"), WITH_IDS, ids=lambda v: str(v))
def test_ids_in_paths_that_are_not_ids_are_404(bob, world, view, name, subtests):
    client = _client(bob)
    for bad_id in BAD_IDS:
        with subtests.test(bad_id[:30]), rolled_back():
            url = _url(view, world, **{name: quote(bad_id, safe="%")})
            assert_safe(client.generic(view.method, url, **_form_kwargs(view, world)), 404)


def _form_kwargs(view: Page, world: dict[str, Any]) -> dict[str, Any]:
    if not view.form:
        return {}
    return {
        "data": urlencode(_form(view, world)),
        "content_type": "application/x-www-form-urlencoded",
    }


@pytest.mark.parametrize("htmx", [{}, {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "panel"}])
@pytest.mark.parametrize("name", ["claim", "segments"])
def test_review_page_with_a_claim_or_sentence_that_is_not_one_is_404(
    bob, world, name, htmx, subtests
):
    client = _client(bob)
    url = f"/articles/{world['article']}/"
    odd_lists = [f"{world['segment']},{BAD_IDS[0]}", ",x,", f"{world['segment']}, 1e3"]
    for bad_id in [*BAD_IDS, *(odd_lists if name == "segments" else [])]:
        with subtests.test(bad_id[:30]), rolled_back():
            query = name + "=" + quote(bad_id, safe="%,")
            assert_safe(client.get(f"{url}?{query}", **htmx), 404)


def test_review_page_panel_for_another_article_s_claim_is_404(bob, world):
    from tests.factories import make_article

    other = make_article("Other\n\nThe mayor said the bridge cost $3 million in 2020.\n")
    response = _client(bob).get(f"/articles/{other.pk}/", {"claim": world["draft"]})
    assert_safe(response, 404)


# ------------------------------------------------------------------------------- forms


@pytest.mark.parametrize("view", WITH_FORMS, ids=str)
def test_odd_values_in_every_form_field(bob, world, view, subtests):
    client = _client(bob)
    form = _form(view, world)
    for name in form:
        for label, value in ODD_FIELD_VALUES.items():
            with subtests.test(f"{name}: {label}"), rolled_back():
                assert_safe(_post(client, _url(view, world), {**form, name: value}))


@pytest.mark.parametrize("view", WITH_FORMS, ids=str)
def test_htmx_posts_with_odd_values(bob, world, view, subtests):
    client = _client(bob)
    form = _form(view, world)
    for label, value in ODD_FIELD_VALUES.items():
        with subtests.test(label), rolled_back():
            response = _post(
                client, _url(view, world), dict.fromkeys(form, value), HTTP_HX_REQUEST="true"
            )
            assert_safe(response)


@pytest.mark.parametrize("view", POSTS, ids=str)
def test_malformed_request_bodies(bob, world, view, subtests):
    client = _client(bob)
    for label, (payload, content_type) in BODIES.items():
        with subtests.test(label), rolled_back():
            response = client.generic("POST", _url(view, world), payload, content_type)
            unreadable = label in ("multipart without boundary", "multipart bad base64")
            assert_safe(response, 400 if unreadable and view.form else None)


def test_malformed_multipart_is_400_with_csrf_checks_on(bob, world):
    # The CSRF middleware reads the form (for its token) before the view does.
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(bob)
    client.cookies["csrftoken"] = "a" * 32
    for payload, content_type in (BODIES["multipart without boundary"],
                                  BODIES["multipart bad base64"]):  # fmt: skip
        assert_safe(client.generic("POST", "/import/", payload, content_type), 400)


def test_too_many_form_fields_is_400(bob, world):
    fields = {f"f{n}": "x" for n in range(1100)}  # DATA_UPLOAD_MAX_NUMBER_FIELDS is 1000
    assert_safe(_client(bob).post("/import/", fields), 400)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("story.html", b"<html><body>" + b"<div>" * 5000 + b"The city spent $1bn."),
        ("story.html", b"<html><body><p>The city &#0; spent &#xD800; $1bn &#99999999999;.</p>"),
        ("story.html", b"<html><body><p>caf\xe9 au lait</p></body></html>"),
        ("story.html", b"\x00<html>"),
        ("story.html", b""),
        ("story.html", b"<html><script>x()</script></html>"),
        ("a\x00b.txt", b"The city spent $1 billion on roads in 2023.\n"),
        ("x" * 5000 + ".txt", b"The city spent $1 billion on roads in 2023.\n"),
        ("story.exe", b"MZ\x90\x00"),
    ],
)  # fmt: skip
def test_odd_uploads_are_refused_or_imported(bob, name, data):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    assert_safe(_client(bob).post("/import/", {"file": upload}), (200, 302))


# ------------------------------------------------------------------------ query strings


@pytest.mark.parametrize("view", GETS, ids=str)
def test_odd_values_in_query_strings(bob, world, view, subtests):
    client = _client(bob)
    url = _url(view, world)
    for name in view.params or ("q",):
        for value in ODD_QUERY_VALUES:
            with subtests.test(f"{name}={value[:10]!r}"), rolled_back():
                query = quote(value, errors="surrogatepass")
                assert_safe(client.get(f"{url}?{name}={query}"))
                assert_safe(client.get(f"{url}?{name}={query}", HTTP_HX_REQUEST="true",
                                       HTTP_HX_TARGET="article"))  # fmt: skip
    for query in RAW_QUERIES:
        with subtests.test(query), rolled_back():
            assert_safe(client.get(f"{url}?{query}"))


@pytest.mark.parametrize("view", GETS, ids=str)
def test_huge_page_numbers_are_ignored_or_refused(bob, world, view, subtests):
    client = _client(bob)
    for number in HUGE_PAGES:
        with subtests.test(number[:30]), rolled_back():
            assert_safe(client.get(_url(view, world), {"page": number}))


@pytest.mark.parametrize("view", POSTS, ids=str)
def test_a_get_of_a_form_post_is_405(bob, world, view):
    assert_safe(_client(bob).get(_url(view, world)), 405)


def test_odd_session_cookies_are_no_session(world, subtests):
    full_width = ("\uff11" * 32).encode().decode("latin-1")  # WSGI gives headers as latin-1
    for cookie in ("abcdefgh\x00ijkl", "x" * 5000, full_width):
        with subtests.test(cookie[:20]), rolled_back():
            response = Client(raise_request_exception=False).get(
                "/", HTTP_COOKIE=f"sessionid={cookie}"
            )
            assert_safe(response, 302)  # to the login view
