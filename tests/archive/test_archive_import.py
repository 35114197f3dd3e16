"""ClaimReview import: every accepted shape, bad items, idempotency, malformed documents, roles."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from annotations.archive.models import ClaimReview, SearchEntry
from annotations.archive.services import claimreview_import
from tests.api.conftest import client_for
from tests.archive.conftest import ARCHIVE, as_bytes, review

pytestmark = pytest.mark.django_db

URL = "/api/v1/claimreviews/"


def post(user, document, content_type="application/json"):
    body = document if isinstance(document, bytes) else as_bytes(document)
    return client_for(user).post(URL, body, content_type=content_type)


def test_the_labelled_datafeed_imports_whole(alice, archive_bytes):
    response = post(alice, archive_bytes)
    assert response.status_code == 201
    assert response.json() == {"created": 124, "updated": 0, "skipped": []}
    assert ClaimReview.objects.count() == 124
    assert SearchEntry.objects.filter(kind="claimreview").count() == 124


def test_a_second_import_updates_and_never_duplicates(alice, archive_bytes):
    post(alice, archive_bytes)
    response = post(alice, archive_bytes)
    assert response.status_code == 200
    assert response.json() == {"created": 0, "updated": 124, "skipped": []}
    assert ClaimReview.objects.count() == 124
    assert SearchEntry.objects.filter(kind="claimreview").count() == 124


def test_an_update_changes_the_stored_review(alice):
    post(alice, review(1))
    post(
        alice,
        review(1, claimReviewed="A corrected wording.", reviewRating={"alternateName": "False"}),
    )
    stored = ClaimReview.objects.get()
    assert stored.claim_reviewed == "A corrected wording."
    assert stored.rating_text == "False"
    assert SearchEntry.objects.get(kind="claimreview").title == "A corrected wording."


def test_fields_are_stored_as_the_model_names_them(alice):
    post(alice, review(3))
    stored = ClaimReview.objects.get()
    assert stored.url == "https://checks.example/reviews/3"
    assert stored.publisher_name == "Example Checks"
    assert stored.publisher_url == "https://checks.example"
    assert stored.claimant == "Jane Doe"
    assert stored.claimant_type == "Person"
    assert str(stored.claim_date) == "2024-02-20"
    assert stored.appearances == [{"url": "https://news.example/a", "headline": "A"}]
    assert (stored.rating_text, stored.rating_value, stored.rating_best, stored.rating_worst) == (
        "Mostly false", 2.0, 5.0, 1.0,
    )  # fmt: skip
    assert str(stored.date_published) == "2024-03-04"
    assert stored.language == "en"
    assert stored.raw["url"] == stored.url
    assert stored.imported_by == alice


@pytest.mark.parametrize(
    "shape",
    [
        lambda items: items[0],
        lambda items: items,
        lambda items: {"@context": "https://schema.org", "@graph": items},
        lambda items: {"@type": "DataFeed", "dataFeedElement": [{"item": items}]},
        lambda items: {"@type": "DataFeed", "dataFeedElement": [{"item": i} for i in items]},
    ],
    ids=["object", "array", "graph", "datafeed", "datafeed-single-items"],
)
def test_every_accepted_shape(alice, shape):
    items = [review(1), review(2)]
    response = post(alice, shape(items))
    expected = (
        1 if isinstance(shape(items), dict) and shape(items).get("@type") == "ClaimReview" else 2
    )
    assert response.status_code == 201, response.json()
    assert response.json()["created"] == expected


def test_ld_json_content_type_is_accepted(alice):
    assert post(alice, review(1), content_type="application/ld+json").status_code == 201


def test_bad_items_are_skipped_with_index_and_reason(alice):
    items = [
        review(1),
        {"@type": "Article", "headline": "not a review"},
        review(2, url="javascript:alert(1)"),
        review(3, claimReviewed=""),
        "a string",
        review(4, url=None),
        review(1),  # the same url again in one document
        review(5, claimReviewed="x" * 20_001),
        review(6),
    ]
    response = post(alice, items)
    assert response.status_code == 201
    body = response.json()
    assert body["created"] == 2 and body["updated"] == 0
    skipped = {s["index"]: s["reason"] for s in body["skipped"]}
    assert sorted(skipped) == [1, 2, 3, 4, 5, 6, 7]
    assert "Not a ClaimReview" in skipped[1]
    assert "url" in skipped[2] and "claimReviewed" in skipped[3]
    assert "Same url as item 0" in skipped[6]
    assert "longer than" in skipped[7]


@pytest.mark.parametrize(
    "body",
    [b"this is not json", b"", b"\xff\xfe\x00", b"[" * 5000 + b"]" * 5000],
    ids=lambda b: repr(b[:24]),
)
def test_a_body_that_is_not_json_is_a_parse_error(alice, body):
    response = post(alice, body)
    assert response.status_code == 400
    assert response.json()["error"] == "parse_error"
    assert not ClaimReview.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b"42",
        b'"ClaimReview"',
        b"{}",
        b'{"@type": "Article"}',
        b"[]",
        b'[{"@type": "Article"}, 1, null]',
        b'{"@type": "DataFeed", "dataFeedElement": {"item": []}}',
        b'{"@graph": [{"@type": "WebPage"}]}',
    ],
    ids=lambda b: repr(b[:24]),
)
def test_json_that_is_not_claimreview_is_a_400_and_nothing_is_written(alice, body):
    response = post(alice, body)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid"
    assert "document" in response.json()["fields"]
    assert not ClaimReview.objects.exists()


def test_nul_characters_never_reach_the_database(alice):
    response = post(
        alice, review(1, claimReviewed="Cats \u0000 bark.", extra={"k\u0000": "v\u0000"})
    )
    assert response.status_code == 201
    stored = ClaimReview.objects.get()
    assert "\x00" not in stored.claim_reviewed and "\x00" not in json.dumps(stored.raw)


def test_viewers_cannot_import(victor, nobody):
    assert post(victor, review(1)).status_code == 403
    assert post(nobody, review(1)).status_code == 403
    assert (
        client_for(None).post(URL, as_bytes(review(1)), content_type="application/json").status_code
        == 401
    )
    assert not ClaimReview.objects.exists()
    with pytest.raises(PermissionDenied):
        claimreview_import(document=as_bytes(review(1)), user=victor)


def test_service_refuses_a_malformed_document():
    with pytest.raises(ValidationError):
        claimreview_import(document=b"<html>")


def test_the_command_imports_and_is_idempotent(tmp_path, capsys):
    call_command("import_claimreview", str(ARCHIVE))
    call_command("import_claimreview", str(ARCHIVE))
    out = capsys.readouterr().out
    assert "124 created, 0 updated, 0 skipped" in out
    assert "0 created, 124 updated, 0 skipped" in out
    assert ClaimReview.objects.count() == 124


def test_the_command_refuses_a_bad_file_and_writes_nothing(tmp_path):
    good = tmp_path / "good.json"
    good.write_bytes(as_bytes(review(1)))
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    with pytest.raises(CommandError, match=r"bad\.json"):
        call_command("import_claimreview", str(good), str(bad))
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_claimreview", str(tmp_path / "missing.json"))
    assert not ClaimReview.objects.exists()


def test_list_detail_and_filters(alice, victor):
    post(
        alice,
        [
            review(1),
            review(2, reviewRating={"alternateName": "True"}),
            review(3, author={"name": "Other Desk"}),
        ],
    )
    client = client_for(victor)
    page = client.get(URL).json()
    assert page["count"] == 3 and {"count", "next", "previous", "results"} <= set(page)
    assert "raw" not in page["results"][0]
    assert client.get(URL, {"publisher": "other"}).json()["count"] == 1
    assert client.get(URL, {"rating": "mostly-false"}).json()["count"] == 2
    assert client.get(URL, {"rating": "True"}).json()["count"] == 1
    assert client.get(URL, {"q": "$2.5 million"}).json()["count"] == 1
    assert (
        client.get(URL, {"date_from": "2024-03-03", "date_to": "2024-03-04"}).json()["count"] == 2
    )
    assert client.get(URL, {"date_from": "2024-05-01", "date_to": "2024-03-04"}).status_code == 400
    assert client.get(URL, {"date_from": "yesterday"}).status_code == 400
    assert client.get(URL, {"date_from": ""}).status_code == 400
    assert page["results"][0]["publisher_url"] in ("", "https://checks.example")
    one = page["results"][0]["id"]
    detail = client.get(f"{URL}{one}/").json()
    assert detail["raw"]["@type"] == "ClaimReview"
    assert client.get(f"{URL}999999/").status_code == 404
    assert client_for(None).get(URL).status_code == 401
