"""POST /api/v1/claims/bulk/: many claims with verdicts and sources, all or nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations import limits
from annotations.models import Claim, Source
from tests.api.conftest import client_for
from tests.factories import make_article

pytestmark = pytest.mark.django_db

URL = "/api/v1/claims/bulk/"
ANY_STATUS_HINT = "The status changes through submit/, publish/, dismiss/ and correct/."
LONG_TEXT = "Budget Report\n\n" + "\n\n".join(
    f"The city spent ${n}.2 billion on roads in {1990 + n % 30}, the auditor said."
    for n in range(1, 41)
)


def _sentences(article):
    return list(article.segments.filter(kind="sentence").order_by("position"))


def _claims(article, count, **extra):
    return [
        {"article": article.pk, "segments": [s.pk], **extra} for s in _sentences(article)[:count]
    ]


def test_it_creates_claims_with_ratings_summaries_and_sources(article, alice):
    first, second = _sentences(article)[:2]
    body = {
        "claims": [
            {"article": article.pk, "segments": [first.pk], "claimant": "The mayor"},
            {
                "article": article.pk,
                "segments": [second.pk],
                "rating": "mostly-false",
                "summary": "The auditor's figure is lower.",
                "sources": [
                    {"url": "https://example.org/audit", "title": "Audit", "stance": "refutes"},
                    {"url": "https://example.org/minutes"},
                ],
            },
        ]
    }
    response = client_for(alice).post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    made = response.json()["claims"]
    assert [c["segments"] for c in made] == [[first.pk], [second.pk]]
    assert made[0]["claimant"] == "The mayor" and made[0]["rating"] is None
    assert made[1]["rating"] == "mostly-false" and made[1]["source_count"] == 2
    assert made[1]["etag"] == f'"claim-{made[1]["id"]}-v1"'
    rated = Claim.objects.get(pk=made[1]["id"])
    assert rated.rated_by == alice and rated.status == Claim.Status.DRAFT
    assert rated.summary == "The auditor's figure is lower."
    stances = Source.objects.filter(claim=rated).order_by("id").values_list("stance", flat=True)
    assert list(stances) == ["refutes", "context"]
    # History holds as for single calls: one entry, by alice.
    [entry] = rated.history.all()
    assert entry.history_user == alice


def test_one_invalid_claim_writes_nothing_and_says_which(article, alice):
    body = {"claims": _claims(article, 3)}
    body["claims"][1]["sources"] = [{"url": "https://ok.example/a"}, {"url": "javascript:x"}]
    body["claims"][2]["summary"] = 12
    response = client_for(alice).post(URL, body, format="json")
    assert response.status_code == 400
    error = response.json()
    assert set(error) == {"error", "detail", "fields", "items"}
    assert error["error"] == "invalid"
    assert [item["index"] for item in error["items"]] == [1, 2]
    assert list(error["items"][0]["fields"]) == ["sources[1].url"]
    assert "claims[1].sources[1].url" in error["fields"]
    assert "claims[2].summary" in error["fields"]
    assert Claim.objects.count() == 0 and Source.objects.count() == 0


def test_unknown_ratings_and_assignees_are_per_claim(article, alice, victor):
    body = {"claims": _claims(article, 3)}
    body["claims"][0]["rating"] = "no-such-rating"
    body["claims"][2]["assignee"] = victor.pk  # a viewer cannot be assigned a claim
    response = client_for(alice).post(URL, body, format="json")
    assert response.status_code == 400
    items = response.json()["items"]
    assert [(i["index"], list(i["fields"])) for i in items] == [(0, ["rating"]), (2, ["assignee"])]
    assert Claim.objects.count() == 0


def test_two_claims_of_a_request_on_one_sentence_are_refused(article, alice):
    claims = _claims(article, 2)
    claims.append(dict(claims[0]))
    response = client_for(alice).post(URL, {"claims": claims}, format="json")
    assert response.status_code == 400
    [item] = response.json()["items"]
    assert item == {
        "index": 2,
        "fields": {"segments": ["A segment is also in claim 0 of this request."]},
    }
    assert Claim.objects.count() == 0


def test_a_sentence_of_an_existing_claim_is_refused_as_claim_create_refuses_it(article, alice):
    client = client_for(alice)
    [first] = _claims(article, 1)
    existing = client.post("/api/v1/claims/", first, format="json").json()["id"]
    response = client.post(URL, {"claims": [*_claims(article, 3)[1:], first]}, format="json")
    assert response.status_code == 400
    [item] = response.json()["items"]
    assert item["index"] == 2
    assert item["fields"]["segments"] == [f"A segment is already part of claim {existing}."]
    assert Claim.objects.count() == 1


def test_a_dismissed_claim_frees_its_sentence(article, alice):
    client = client_for(alice)
    [first] = _claims(article, 1)
    made = client.post("/api/v1/claims/", first, format="json")
    client.post(f"/api/v1/claims/{made.json()['id']}/dismiss/", HTTP_IF_MATCH=made["ETag"])
    assert client.post(URL, {"claims": [first]}, format="json").status_code == 201


def test_a_source_refused_by_its_service_rolls_back_the_claim(article, alice):
    claims = _claims(article, 2)
    # Over the model's limit, past the serializer (which has none for the title).
    claims[1]["sources"] = [{"url": "https://example.org/a", "title": "t" * 5000}]
    response = client_for(alice).post(URL, {"claims": claims}, format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["items"][0]["index"] == 1
    assert Claim.objects.count() == 0 and Source.objects.count() == 0


def test_segments_of_another_article_or_unknown_ones_are_refused(article, alice):
    other = make_article("Other Story\n\nThe port handled 2 million boxes in 2023.\n")
    claims = _claims(article, 1)
    claims.append({"article": article.pk, "segments": [_sentences(other)[0].pk]})
    claims.append({"article": 10**12, "segments": [1]})
    response = client_for(alice).post(URL, {"claims": claims}, format="json")
    assert response.status_code == 400
    items = response.json()["items"]
    assert [i["index"] for i in items] == [1, 2]
    assert items[0]["fields"] == {"segments": ["Unknown segment for this article."]}
    assert items[1]["fields"] == {"article": ["No such article."]}


def test_shape_errors_are_per_claim(article, alice):
    claims = _claims(article, 2)
    claims[0]["segments"] = []
    claims[1]["claimant"] = 12
    response = client_for(alice).post(URL, {"claims": claims}, format="json")
    assert response.status_code == 400
    items = response.json()["items"]
    assert [i["index"] for i in items] == [0, 1]
    assert "segments" in items[0]["fields"] and "claimant" in items[1]["fields"]


@pytest.mark.parametrize("body", [{"claims": []}, {"claims": "x"}, {"claims": None}, {}])
def test_no_claims_or_not_a_list_is_a_400_about_the_list(article, alice, body):
    response = client_for(alice).post(URL, body, format="json")
    assert response.status_code == 400
    error = response.json()
    assert set(error) == {"error", "detail", "fields"}  # no items: no claim was refused
    assert list(error["fields"]) == ["claims"]
    assert "Claim 0" not in error["detail"]


def test_an_item_that_is_not_an_object_is_refused_by_its_index(article, alice):
    response = client_for(alice).post(URL, {"claims": [1]}, format="json")
    assert response.status_code == 400
    assert [item["index"] for item in response.json()["items"]] == [0]


def test_more_than_the_limit_is_refused_before_any_lookup(article, alice):
    [sentence] = _sentences(article)[:1]
    claims = [{"article": article.pk, "segments": [sentence.pk]}] * (limits.MAX_BULK_CLAIMS + 1)
    with CaptureQueriesContext(connection) as queries:
        response = client_for(alice).post(URL, {"claims": claims}, format="json")
    assert response.status_code == 400
    assert "claims" in response.json()["fields"]
    assert not any("annotations_segment" in q["sql"] for q in queries.captured_queries)


def test_bulk_claims_are_drafts_rated_by_their_sender(article, alice):
    # The workflow holds: a second person publishes them through submit/ and publish/ as any
    # claim; a status in the body is refused by name, not read.
    [item] = _claims(article, 1, rating="false", summary="No.")
    made = client_for(alice).post(URL, {"claims": [item]}, format="json").json()["claims"][0]
    assert made["status"] == "draft" and made["rated_by"] == alice.pk
    assert made["approved_by"] is None
    [other] = [c for c in _claims(article, 2, rating="false") if c["segments"] != item["segments"]]
    refused = client_for(alice).post(
        URL, {"claims": [{**other, "status": "published"}]}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["items"] == [{"index": 0, "fields": {"status": [ANY_STATUS_HINT]}}]


@pytest.mark.parametrize(("user", "status"), [("victor", 403), ("nobody", 403), (None, 401)])
def test_viewers_and_strangers_cannot(article, victor, nobody, user, status):
    who = {"victor": victor, "nobody": nobody, None: None}[user]
    response = client_for(who).post(URL, {"claims": _claims(article, 1)}, format="json")
    assert response.status_code == status
    assert Claim.objects.count() == 0


def _queries(user, article, count, offset):
    claims = [
        {
            "article": article.pk,
            "segments": [s.pk],
            "rating": "false",
            "summary": "No.",
            "sources": [{"url": f"https://example.org/{s.pk}"}],
        }
        for s in _sentences(article)[offset : offset + count]
    ]
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, {"claims": claims}, format="json")
    assert response.status_code == 201, response.json()
    return len(queries.captured_queries)


def test_queries_do_not_grow_with_the_number_of_claims(alice):
    article = make_article(LONG_TEXT)
    _queries(alice, article, 1, 0)  # warm caches (permissions, ratings)
    one = _queries(alice, article, 1, 1)
    ten = _queries(alice, article, 10, 2)
    twenty = _queries(alice, article, 20, 12)
    # Lookups, the writes (rows, history, search entries) and the answer: a query each.
    assert one == ten == twenty, (one, ten, twenty)
    assert one <= 20, one  # 15 on PostgreSQL, 17 on SQLite


def test_history_and_search_hold_as_for_single_calls(article, alice):
    [item] = _claims(article, 1, rating="false", summary="No.", claimant="The mayor")
    item["sources"] = [{"url": "https://example.org/a", "quote": "The figure was lower."}]
    made = client_for(alice).post(URL, {"claims": [item]}, format="json").json()["claims"][0]
    claim = Claim.objects.get(pk=made["id"])
    [source] = claim.sources.all()
    assert [h.history_user for h in claim.history.all()] == [alice]
    assert [h.history_user for h in source.history.all()] == [alice]
    found = client_for(alice).get("/api/v1/search/", {"q": "mayor"}).json()["results"]
    assert [(r["type"], r["id"]) for r in found if r["type"] == "claim"] == [("claim", claim.pk)]
    found = client_for(alice).get("/api/v1/search/", {"q": "figure lower"}).json()["results"]
    assert any(r["type"] == "source" for r in found), found


def test_an_assignee_and_a_wording_are_kept(article, alice, bob):
    [item] = _claims(article, 1, assignee=bob.pk, claim_text="Roads cost $1.2 billion.")
    response = client_for(alice).post(URL, {"claims": [item]}, format="json")
    assert response.status_code == 201, response.json()
    [made] = response.json()["claims"]
    assert made["assignee"] == bob.pk and made["claim_text"] == "Roads cost $1.2 billion."
