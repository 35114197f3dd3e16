"""Bad input at every API endpoint: a 4xx in the error shape, never a 500 or another format.

Deep nesting, malformed JSON, wrong content types, NUL bytes and overlong values in bodies
and query strings, huge page numbers, and ids that are huge, negative, zero, decimal or
written in full-width digits. A new endpoint is one row in ENDPOINTS.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from annotations import services
from annotations.api.parsers import MAX_JSON_DEPTH, nesting_depth_exceeds
from annotations.models import (
    ArticleImport,
    ClaimReviewImport,
    ReportFile,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from tests.api.conftest import client_for
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
User = get_user_model()

SHAPE = {"error", "detail", "fields"}


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # {article}, {segment}, {draft}, {rated}, {published}, {source}, {note}: ids
    body: dict[str, Any] | None = None  # a valid JSON body, for endpoints that read one
    if_match: str | None = None  # whose ETag a write needs
    params: tuple[str, ...] = ()  # the query parameters it reads
    as_admin: bool = False  # sent by an admin (webhooks); everything else by bob, a reviewer

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


SOURCE = {
    "url": "https://example.org/s", "title": "Audit", "publisher": "Auditor", "quote": "q",
    "stance": "supports", "archived_url": "https://archive.example.org/s",
}  # fmt: skip
REPORT_PARAMS = ("format", "date_from", "date_to", "rating", "status", "claimant", "internal")
CLAIM_PARAMS = ("article", "status", "rating", "assignee", "suggested", "q", "updated_since")
SEARCH_PARAMS = ("q", "type", "rating", "status", "publisher", "date_from", "date_to", "page")
CLAIMREVIEW = {
    "@context": "https://schema.org", "@type": "ClaimReview",
    "url": "https://checks.example/r/1", "claimReviewed": "Roads cost $1.2 billion.",
    "author": {"@type": "Organization", "name": "Checks"}, "datePublished": "2024-03-01",
    "reviewRating": {"@type": "Rating", "alternateName": "False"},
}  # fmt: skip

BULK_CLAIM = {
    "article": "{article}", "segments": ["{segment}"], "claimant": "y", "rating": "false",
    "summary": "s", "sources": [SOURCE],
}  # fmt: skip

ENDPOINTS = [
    Endpoint("POST", "/api/v1/auth/token/", {"username": "bob", "password": "password"}),
    Endpoint("GET", "/api/v1/users/me/"),
    Endpoint("GET", "/api/v1/articles/", params=("page",)),
    Endpoint("POST", "/api/v1/articles/", {"title": "T", "body": "Story\n\nIt cost $1bn.\n"}),
    Endpoint("GET", "/api/v1/articles/{article}/"),
    Endpoint("GET", "/api/v1/articles/{article}/segments/", params=("kind", "suggested")),
    Endpoint("GET", "/api/v1/articles/{article}/report", params=REPORT_PARAMS),
    Endpoint("GET", "/api/v1/claims/", params=("page", "ordering", *CLAIM_PARAMS)),
    Endpoint(
        "POST",
        "/api/v1/claims/",
        {"article": "{article}", "segments": ["{segment}"], "claim_text": "x", "claimant": "y"},
    ),
    Endpoint("POST", "/api/v1/claims/bulk/", {"claims": [BULK_CLAIM]}),
    Endpoint("GET", "/api/v1/claims/{draft}/"),
    Endpoint(
        "PATCH",
        "/api/v1/claims/{draft}/",
        {"claim_text": "x", "claimant": "y", "summary": "z", "rating": "false"},
        if_match="draft",
    ),
    Endpoint("POST", "/api/v1/claims/{draft}/submit/", if_match="draft"),
    Endpoint("POST", "/api/v1/claims/{rated}/publish/", if_match="rated"),
    Endpoint("POST", "/api/v1/claims/{draft}/dismiss/", if_match="draft"),
    Endpoint(
        "POST",
        "/api/v1/claims/{published}/correct/",
        {"rating": "true", "note": "New figures.", "summary": "s"},
        if_match="published",
    ),
    Endpoint("GET", "/api/v1/claims/{draft}/history/"),
    Endpoint("GET", "/api/v1/claims/{draft}/sources/"),
    Endpoint("POST", "/api/v1/claims/{draft}/sources/", SOURCE),
    Endpoint("GET", "/api/v1/claims/{draft}/sources/{source}/"),
    Endpoint("PATCH", "/api/v1/claims/{draft}/sources/{source}/", SOURCE, if_match="source"),
    Endpoint("GET", "/api/v1/claims/{draft}/notes/"),
    Endpoint("POST", "/api/v1/claims/{draft}/notes/", {"body": "Call them.", "internal": True}),
    Endpoint("GET", "/api/v1/claims/{draft}/notes/{note}/"),
    Endpoint("PATCH", "/api/v1/claims/{draft}/notes/{note}/", {"body": "b"}, if_match="note"),
    Endpoint("GET", "/api/v1/claims/{rated}/votes/"),
    Endpoint("POST", "/api/v1/claims/{rated}/votes/", {"rating": "true", "reason": "Checked."}),
    Endpoint("GET", "/api/v1/agreement/", params=("article", "date_from", "date_to", "reviewer")),
    Endpoint("POST", "/api/v1/match/", {"text": "The city spent $1.2 billion on roads."}),
    Endpoint("GET", "/api/v1/claims/{draft}/similar/"),
    Endpoint("GET", "/api/v1/claims/{draft}/matches/"),
    Endpoint(
        "POST",
        "/api/v1/claims/{draft}/matches/",
        {"action": "dismiss", "type": "claim", "id": "{published}"},
    ),
    Endpoint("GET", "/api/v1/search/", params=SEARCH_PARAMS),
    Endpoint("GET", "/api/v1/claimreviews/", params=("page",)),
    Endpoint("POST", "/api/v1/claimreviews/", CLAIMREVIEW),
    Endpoint("GET", "/api/v1/ratings/"),
    Endpoint("GET", "/api/v1/ratings/false/"),
    Endpoint("GET", "/api/v1/reports/", params=("article", "publisher", *REPORT_PARAMS)),
    Endpoint("POST", "/api/v1/articles/", {"url": "https://93.184.216.34/news"}),
    Endpoint("GET", "/api/v1/imports/{import}/"),
    Endpoint("GET", "/api/v1/claimreview-imports/{claimreview_import}/"),
    Endpoint("GET", "/api/v1/report-files/{report_file}/"),
    Endpoint("GET", "/api/v1/report-files/{report_file}/download"),
    Endpoint("GET", "/api/v1/webhooks/", params=("page",), as_admin=True),
    Endpoint(
        "POST",
        "/api/v1/webhooks/",
        {"url": "https://93.184.216.34/hook", "events": ["claim.published"], "description": "d"},
        as_admin=True,
    ),
    Endpoint("GET", "/api/v1/webhooks/{webhook}/", as_admin=True),
    Endpoint("GET", "/api/v1/webhooks/{webhook}/deliveries/", params=("page",), as_admin=True),
    Endpoint("POST", "/api/v1/webhooks/{webhook}/enable/", as_admin=True),
    Endpoint("POST", "/api/v1/webhooks/{webhook}/deliveries/{delivery}/redeliver/", as_admin=True),
    Endpoint("DELETE", "/api/v1/webhooks/{webhook}/", as_admin=True),
    Endpoint("GET", "/api/schema/"),
    Endpoint("GET", "/api/docs/"),
]
WRITES = [e for e in ENDPOINTS if e.method != "GET"]
READS_BODY = [e for e in ENDPOINTS if e.body is not None]
READS = [e for e in ENDPOINTS if e.method == "GET"]
WITH_IDS = [(e, name) for e in ENDPOINTS
            for name in ("article", "draft", "source", "note", "import", "webhook", "delivery",
                         "claimreview_import", "report_file")
            if "{" + name + "}" in e.path]  # fmt: skip

DEEP = b"[" * 1000 + b"]" * 1000  # 2 KB
MALFORMED_JSON = {
    "truncated": b'{"article": 1, "segments": [',
    "not utf-8": b"\xff\xfe\x00garbage",
    "NaN": b'{"article": NaN}',
    "Infinity": b"[Infinity, -Infinity]",
    "lone surrogate": b'{"claimant": "\\ud800"}',
    "low surrogate": b'{"body": "\\udc00x"}',
    "encoded surrogate": b'{"body": "\xed\xa0\x80"}',
    "whitespace only": b"   \n ",
    "byte order mark": b"\xef\xbb\xbf{}",
    "trailing garbage": b'{"a": 1} {"b": 2}',
    "number overflow": b'{"a": 1e400}',
    "5,000 digits": b'{"a": ' + b"9" * 5000 + b"}",
    "33 deep": b'{"a": ' * (MAX_JSON_DEPTH + 1) + b"1" + b"}" * (MAX_JSON_DEPTH + 1),
    "5,000 deep": b"[" * 5000 + b"]" * 5000,
    "single quotes": b"{'a': 1}",
}
CONTENT_TYPES = {
    "text/plain": (b"hello", "text/plain"),
    "xml": (b"<claim/>", "application/xml"),
    "multipart without boundary": (b"xx", "multipart/form-data"),
    "multipart garbage": (b"--b\r\nnot a part\r\n--b--", "multipart/form-data; boundary=b"),
    "multipart bad base64": (MULTIPART_BAD_BASE64, "multipart/form-data; boundary=b"),
    "form with binary": (b"\xff\xfe=\x00&a=%zz", "application/x-www-form-urlencoded"),
    "compressing charset": (b"{}", "application/json; charset=bz2_codec"),
    "unknown charset": (b'{"a": 1}', "application/json; charset=no-such-codec"),
    "utf-16 JSON": ('{"a": "\u00e9"}'.encode("utf-16"), "application/json; charset=utf-16"),
    "no content type": (b'{"a": 1}', ""),
    "empty JSON body": (b"", "application/json"),
}
# Refused in every string field (400); other odd strings only must not be a 500.
REFUSED_STRINGS = {"NUL": "a\x00b", "overlong": "x" * 100_000, "lone surrogate": "a\ud800"}
ODD_STRINGS = {
    "full-width digits": "\uff11\uff12",
    "right-to-left": "\u202eabc",
    "emoji": "\U0001f4a5",
}


# ----------------------------------------------------------------------------- helpers


@pytest.fixture
def world(article, alice, bob, carol, ada) -> dict[str, int]:
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
    endpoint = WebhookEndpoint.objects.create(url="https://93.184.216.34/hook", events=["x"])
    event = WebhookEvent.objects.create(type="claim.published", data={})
    sent = WebhookDelivery.objects.create(endpoint=endpoint, event=event, attempts=1,
                                          status="failed")  # fmt: skip
    return {
        "import": ArticleImport.objects.create(url="https://e.org/a", requested_by=bob).pk,
        "claimreview_import": ClaimReviewImport.objects.create(document=b"", requested_by=bob).pk,
        "report_file": ReportFile.objects.create(
            filters={},
            base_url="http://testserver",
            key="k",
            filename="r.pdf",
            status="done",
            content=b"%PDF-1.4",
            requested_by=bob,
        ).pk,
        "webhook": endpoint.pk,
        "delivery": sent.pk,
        "article": article.pk,
        "segment": sentences[-1].pk,
        "draft": draft.pk,
        "rated": rated.pk,
        "published": published.pk,
        "source": services.source_add(claim=draft, user=bob, url="https://example.org/a").pk,
        "note": services.note_add(claim=draft, user=bob, body="Checked.").pk,
    }


def _fill(value: Any, ids: dict[str, int]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def _strings_replaced(value: Any, text: str) -> Any:
    """The body with every string value replaced by ``text``."""
    if isinstance(value, str):
        return text
    if isinstance(value, list):
        return [_strings_replaced(v, text) for v in value]
    if isinstance(value, dict):
        return {k: _strings_replaced(v, text) for k, v in value.items()}
    return value


def _if_match(client: APIClient, endpoint: Endpoint) -> dict[str, str]:
    """The If-Match a write needs to get past 428, so that the body is what gets tested."""
    if endpoint.if_match is None:
        return {}
    if endpoint.if_match in ("source", "note"):
        url = endpoint.path.format(**client.world)  # the source or note itself
    else:
        url = f"/api/v1/claims/{client.world[endpoint.if_match]}/"
    return {"HTTP_IF_MATCH": client.get(url)["ETag"]}


def _client(user: Any, world: dict[str, int], admin: bool = True) -> APIClient:
    client = client_for(user)
    client.world = world
    client.raise_request_exception = False  # a 500 is an answer to assert on, not a crash
    if admin:  # what the admins' endpoints are sent with
        client.admin = _client(User.objects.get(username="ada"), world, admin=False)
    return client


def _send(
    client: APIClient,
    endpoint: Endpoint,
    body: bytes | None = None,
    content_type: str = "application/json",
    url: str | None = None,
    **extra: Any,
):
    if endpoint.as_admin and getattr(client, "admin", None) is not None:
        client = client.admin
    url = url or endpoint.path.format(**client.world)
    headers = {**_if_match(client, endpoint), **extra}
    if body is None:
        return client.generic(endpoint.method, url, **headers)
    return client.generic(endpoint.method, url, body, content_type, **headers)


def assert_safe(response, status: int | tuple[int, ...] | None = None) -> dict | None:
    """Not a 5xx; under /api/ an error is JSON with exactly the error shape's keys."""
    assert response.status_code < 500, (response.status_code, response.content[:500])
    if status is not None:
        expected = status if isinstance(status, tuple) else (status,)
        assert response.status_code in expected, (response.status_code, response.content[:500])
    if response.status_code < 400:
        return None
    assert response["Content-Type"].split(";")[0] == "application/json", response["Content-Type"]
    body = response.json()
    keys = SHAPE | {"current"} if response.status_code == 412 else SHAPE
    if "items" in body:  # claims/bulk/: each refused claim
        keys = keys | {"items"}
        assert body["items"] and all(set(i) == {"index", "fields"} for i in body["items"]), body
    assert set(body) == keys, body
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["detail"], str)
    assert isinstance(body["fields"], dict)
    assert all(isinstance(m, list) for m in body["fields"].values()), body
    return body


# ------------------------------------------------------------------------------ bodies


@pytest.mark.parametrize("endpoint", WRITES, ids=str)
def test_a_body_nested_a_thousand_deep_is_a_400(bob, world, endpoint):
    response = _send(_client(bob, world), endpoint, DEEP)
    if endpoint.body is None:
        assert_safe(response)  # the endpoint takes no body and never reads it
    else:
        assert assert_safe(response, 400)["error"] == "parse_error"


def test_the_token_endpoint_refuses_deep_nesting_without_credentials(world):
    response = _send(_client(None, world), ENDPOINTS[0], DEEP)
    assert assert_safe(response, 400)["error"] == "parse_error"


@pytest.mark.parametrize("endpoint", READS_BODY, ids=str)
def test_malformed_json_is_a_parse_error(bob, world, endpoint, subtests):
    client = _client(bob, world)
    for label, payload in MALFORMED_JSON.items():
        with subtests.test(label), rolled_back():
            assert assert_safe(_send(client, endpoint, payload), 400)["error"] == "parse_error"


@pytest.mark.parametrize("endpoint", WRITES, ids=str)
def test_wrong_content_types(bob, world, endpoint, subtests):
    client = _client(bob, world)
    for label, (payload, content_type) in CONTENT_TYPES.items():
        with subtests.test(label), rolled_back():
            response = _send(client, endpoint, payload, content_type)
            unsupported = content_type.startswith(("text/", "application/xml"))
            assert_safe(response, 415 if endpoint.body is not None and unsupported else None)


@pytest.mark.parametrize("endpoint", READS_BODY, ids=str)
def test_odd_strings_in_json_bodies(bob, world, endpoint, subtests):
    client = _client(bob, world)
    for label, value in {**REFUSED_STRINGS, **ODD_STRINGS}.items():
        with subtests.test(label), rolled_back():
            body = _strings_replaced(_fill(endpoint.body, world), value)
            response = _send(client, endpoint, json.dumps(body).encode())
            assert_safe(response, 400 if label in REFUSED_STRINGS else None)


@pytest.mark.parametrize("endpoint", READS_BODY, ids=str)
def test_fields_of_the_wrong_type_and_bodies_that_are_not_objects(bob, world, endpoint, subtests):
    client = _client(bob, world)
    for value in (None, True, 1.5, 10**30, -1, [], {}, "x", [[[[1]]]]):
        with subtests.test(f"every field {value!r}"), rolled_back():
            body = dict.fromkeys(endpoint.body, value)
            assert_safe(_send(client, endpoint, json.dumps(body).encode()))
    for payload in (b"[1, 2, 3]", b'"text"', b"null", b"12", b"[]", b"true"):
        with subtests.test(payload.decode()), rolled_back():
            assert_safe(_send(client, endpoint, payload), 400)


def test_multipart_with_too_many_fields_is_a_400(bob, world):
    fields = {f"f{n}": "x" for n in range(1100)}  # DATA_UPLOAD_MAX_NUMBER_FIELDS is 1000
    response = _client(bob, world).post("/api/v1/articles/", fields, format="multipart")
    assert assert_safe(response, 400)["error"] == "parse_error"


def test_malformed_multipart_from_a_browser_session_is_json(bob, world):
    # With a session, DRF's CSRF check reads the form through Django's parser first.
    client = APIClient(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(bob)
    client.cookies["csrftoken"] = "a" * 32  # the check then reads the form for its token
    response = client.generic("POST", "/api/v1/articles/", b"xx", "multipart/form-data")
    assert_safe(response, 400)


# ------------------------------------------------------------------------ ids and pages


@pytest.mark.parametrize(("endpoint", "name"), WITH_IDS, ids=lambda v: str(v))
def test_ids_in_paths_that_are_not_ids_are_404(bob, world, endpoint, name, subtests):
    client = _client(bob, world)
    for bad_id in BAD_IDS:
        with subtests.test(bad_id[:30]), rolled_back():
            url = endpoint.path.format(**{**world, name: quote(bad_id, safe="%")})
            response = _send(client, endpoint, url=url)
            assert assert_safe(response, 404)["error"] == "not_found"


@pytest.mark.parametrize(
    ("path", "name"),
    [("/api/v1/claims/", "article"), ("/api/v1/claims/", "assignee"),
     ("/api/v1/reports/", "article")],
)  # fmt: skip
def test_ids_in_query_parameters_that_are_not_ids_are_400(bob, world, path, name, subtests):
    client = _client(bob, world)
    for bad_id in BAD_IDS:
        with subtests.test(bad_id[:30]), rolled_back():
            response = client.get(path, {name: bad_id.replace("%00", "\x00")})
            assert assert_safe(response, 400)["fields"]


@pytest.mark.parametrize("endpoint", READS, ids=str)
def test_page_numbers_past_the_end_or_malformed(bob, world, endpoint, subtests):
    client = _client(bob, world)
    for page in HUGE_PAGES:
        with subtests.test(page[:30]), rolled_back():
            url = endpoint.path.format(**world) + "?page=" + quote(page)
            response = _send(client, endpoint, url=url)
            if "page" not in endpoint.params:
                assert_safe(response)
            elif page.isascii() and page.isdigit() and page != "0":
                assert_safe(response, 404)
            else:
                assert "page" in assert_safe(response, 400)["fields"]


# ------------------------------------------------------------------------ query strings


@pytest.mark.parametrize("endpoint", READS, ids=str)
def test_odd_values_in_query_strings(bob, world, endpoint, subtests):
    client = _client(bob, world)
    for name in endpoint.params or ("q",):
        for value in ODD_QUERY_VALUES:
            with subtests.test(f"{name}={value[:10]!r}"), rolled_back():
                query = quote(value, errors="surrogatepass")
                assert_safe(
                    _send(client, endpoint, url=f"{endpoint.path.format(**world)}?{name}={query}")
                )
    for query in RAW_QUERIES:
        with subtests.test(query), rolled_back():
            assert_safe(_send(client, endpoint, url=f"{endpoint.path.format(**world)}?{query}"))


# ------------------------------------------------------------------------------ headers


@pytest.mark.parametrize("endpoint", [e for e in WRITES if e.if_match], ids=str)
def test_odd_if_match_headers(bob, world, endpoint, subtests):
    client = _client(bob, world)
    url = endpoint.path.format(**world)
    body = json.dumps(_fill(endpoint.body or {}, world)).encode()
    for header in ('"claim-1-v' + "9" * 5000 + '"', "x" * 10_000, '"claim-\x00"', "W/", '""'):
        with subtests.test(header[:20]), rolled_back():
            response = client.generic(endpoint.method, url, body, "application/json",
                                      HTTP_IF_MATCH=header)  # fmt: skip
            assert_safe(response, (400, 412, 428))


def test_odd_authorization_headers_are_401(world, subtests):
    client = _client(None, world)
    for authorization in ("Token " + "x" * 10_000, "Token a\x00b", "Token", "Token a b", "Basic %"):
        with subtests.test(authorization[:20]), rolled_back():
            response = client.get("/api/v1/users/me/", HTTP_AUTHORIZATION=authorization)
            assert_safe(response, 401)


def test_odd_session_cookies_are_no_session(world, subtests):
    # WSGI hands header values over as latin-1: full-width digits arrive as their UTF-8 bytes.
    full_width = ("\uff11" * 32).encode().decode("latin-1")
    for cookie in ("abcdefgh\x00ijkl", "x" * 5000, full_width, "%00" * 10):
        with subtests.test(cookie[:20]), rolled_back():
            client = APIClient(raise_request_exception=False)
            response = client.get("/api/v1/users/me/", HTTP_COOKIE=f"sessionid={cookie}")
            assert_safe(response, 401)


# --------------------------------------------------------- errors of every kind are JSON


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_schema_and_docs_need_a_login_or_token(world, path):
    assert assert_safe(_client(None, world).get(path), 401)["error"] == "not_authenticated"
    if path == "/api/docs/":  # what a browser asks for
        assert_safe(_client(None, world).get(path, HTTP_ACCEPT="text/html"), 401)


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/", "/api/v1/claims/"])
def test_405_and_406_are_json_everywhere(bob, world, path):
    client = _client(bob, world)
    assert assert_safe(client.put(path), 405)["error"] == "method_not_allowed"
    response = client.get(path, HTTP_ACCEPT="text/csv")
    assert assert_safe(response, 406)["error"] == "not_acceptable"


def test_the_browsable_api_still_answers_errors_in_json(bob, world):
    response = _client(bob, world).get("/api/v1/claims/0/", HTTP_ACCEPT="text/html")
    assert_safe(response, 404)


def test_415_is_json(bob, world):
    response = _client(bob, world).generic("POST", "/api/v1/claims/", b"x", "text/csv")
    assert assert_safe(response, 415)["error"] == "unsupported_media_type"


@pytest.mark.parametrize("path", ["/api/", "/api/v2/claims/", "/api/v1/claims/1/x/", "/api/%ff"])
def test_unknown_api_urls_are_json_404(bob, world, path):
    assert_safe(_client(bob, world).get(path), 404)


def test_a_bad_host_header_under_the_api_is_a_json_400(world):
    response = Client(raise_request_exception=False).get(
        "/api/v1/claims/", HTTP_HOST="evil.example"
    )
    assert assert_safe(response, 400)["error"] == "bad_request"


def test_a_bad_host_header_elsewhere_is_django_s_page(world):
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


# ------------------------------------------------------------------------------ parser


def test_the_parser_takes_json_nested_to_the_limit(bob, world):
    nested: Any = 1
    for _ in range(MAX_JSON_DEPTH - 1):
        nested = [nested]
    body = {"username": "bob", "password": "password", "extra": nested}  # the limit exactly
    response = _client(None, world).post("/api/v1/auth/token/", body, format="json")
    # Parsed: what refuses it is the serializer, about the one field it does not take.
    assert response.status_code == 400
    assert response.json()["fields"] == {"extra": ["Not a field this endpoint takes."]}


@pytest.mark.parametrize(
    ("value", "too_deep"),
    [(1, False), ([], False), ([[[]]], False), ([[[[]]]], True), ({"a": [{"b": []}]}, True),
     ([[]] * 1000, False), ([1, [2, [3, [4]]]], True), ({"a": {"b": {"c": 1}}}, False)],
)  # fmt: skip
def test_nesting_depth(value, too_deep):
    assert nesting_depth_exceeds(value, limit=3) is too_deep
