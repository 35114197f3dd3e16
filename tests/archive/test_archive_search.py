"""Search over claims, imported reviews, sources and article text, on SQLite and PostgreSQL."""

import pytest
from django.db import connection

from annotations import services
from annotations.archive.models import SearchEntry
from annotations.archive.search import snippet
from annotations.archive.services import claimreview_import
from tests.api.conftest import client_for
from tests.archive.conftest import as_bytes, review
from tests.factories import make_article, rating

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"
LONG_ARTICLE = (
    "Harbour Report\n\n"
    + "\n\n".join(f"Paragraph {n} says the harbour dredging cost rose again." for n in range(3000))
    + "\n\nThe last paragraph mentions flamingos.\n"
)


def results(user, **params):
    response = client_for(user).get(URL, params)
    assert response.status_code == 200, response.json()
    return response.json()


@pytest.fixture
def desk(alice, bob, article):
    """An article with a published, sourced claim, and two imported reviews."""
    sentence = article.segments.filter(kind="sentence").first()
    claim = services.claim_create(
        article=article, segments=[sentence], user=alice, claimant="Sen. Jane Doe"
    )
    claim = services.claim_update(
        claim=claim, user=alice, version=claim.version, rating=rating("mostly-false"),
        summary="The auditor's roads figure is $0.9 billion.",
    )  # fmt: skip
    services.source_add(
        claim=claim, user=alice, url="https://audit.example/roads", title="Auditor's roads report",
        quote="Road spending reached $0.9 billion in 2023.",
    )  # fmt: skip
    claim = services.claim_submit(claim=claim, user=alice, version=claim.version)
    claim = services.claim_publish(claim=claim, user=bob, version=claim.version)
    claimreview_import(
        document=as_bytes([
            review(1, claimReviewed="The city spent $1.2 billion on roads in 2023."),
            review(2, claimReviewed="Roads cost nothing.", author={"name": "Other Desk"},
                   reviewRating={"alternateName": "False"}, datePublished="2021-01-05"),
        ])
    )  # fmt: skip
    return claim


def test_each_type_is_found(victor, desk):
    found = results(victor, q="roads")
    kinds = {r["type"] for r in found["results"]}
    assert kinds == {"claim", "claimreview", "source", "article"}
    assert {"count", "next", "previous", "results"} <= set(found)
    hit = found["results"][0]
    assert set(hit) == {"type", "id", "title", "snippet", "rating", "url", "score"}
    assert all(0 <= r["score"] <= 1 for r in found["results"])
    scores = [r["score"] for r in found["results"]]
    assert scores == sorted(scores, reverse=True)


def test_a_claim_is_found_by_claimant_and_summary(victor, desk):
    assert [r["id"] for r in results(victor, q="auditor", type="claim")["results"]] == [desk.pk]
    assert [r["id"] for r in results(victor, q="Jane Doe", type="claim")["results"]] == [desk.pk]
    claim_hit = results(victor, q="auditor", type="claim")["results"][0]
    assert claim_hit["rating"] == "mostly-false"
    assert claim_hit["url"].endswith(f"#claim-{desk.pk}")


def test_a_title_match_ranks_above_a_passing_mention(victor, alice):
    claimreview_import(document=as_bytes([
        review(1, claimReviewed="Flamingos are pink because of their diet."),
        review(2, claimReviewed="Zoo budgets grew in 2022.",
               itemReviewed={"author": {"name": "Flamingo Fan Club"}}),
    ]))  # fmt: skip
    found = results(victor, q="flamingos")["results"]
    assert found[0]["title"].startswith("Flamingos are pink")
    assert found[0]["score"] > found[1]["score"]


def test_filters(victor, desk):
    assert {r["type"] for r in results(victor, q="roads", type="source")["results"]} == {"source"}
    assert results(victor, q="roads", rating="false")["count"] == 1
    assert results(victor, q="roads", rating="mostly-false")["count"] == 2  # claim + review 1
    assert results(victor, q="roads", status="published")["count"] == 2  # claim + its source
    assert results(victor, q="roads", publisher="other desk")["count"] == 1
    assert results(victor, q="roads", type="claimreview", date_to="2022-01-01")["count"] == 1
    assert results(victor, q="roads", type="claimreview", date_from="2024-01-01")["count"] == 1


@pytest.mark.parametrize(
    "params",
    [{"type": "tweet"}, {"status": "lost"}, {"date_from": "2024-13-01"}, {"q": "x" * 201},
     {"date_from": "2024-02-01", "date_to": "2024-01-01"}, {"page": "0"}, {"page": "two"},
     {"date_to": ""}],
)  # fmt: skip
def test_bad_parameters_are_400(victor, params):
    response = client_for(victor).get(URL, params)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid"


def test_a_page_past_the_end_is_404(victor, desk):
    assert client_for(victor).get(URL, {"q": "roads", "page": 9}).status_code == 404


def test_snippets_escape_html_and_mark_the_words(victor, alice, article):
    sentence = article.segments.filter(kind="sentence").first()
    services.claim_create(
        article=article, segments=[sentence], user=alice,
        claim_text='<script>alert("x")</script> The mayor <b>cut</b> taxes',
    )  # fmt: skip
    hit = results(victor, q="mayor", type="claim")["results"][0]
    assert "<script>" not in hit["snippet"] and "<b>" not in hit["snippet"]
    assert "&lt;script&gt;" in hit["snippet"]
    assert "<mark>mayor</mark>" in hit["snippet"]
    assert hit["snippet"].replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_snippet_function():
    assert snippet("Tom & Jerry <i>raised</i> taxes", ["taxes"]) == (
        "Tom &amp; Jerry &lt;i&gt;raised&lt;/i&gt; <mark>taxes</mark>"
    )
    long = "word " * 200 + "needle " + "word " * 200
    piece = snippet(long, ["needle"])
    assert "<mark>needle</mark>" in piece and piece.startswith("… ") and piece.endswith(" …")
    assert snippet("Inflation is inflationary", ["inflation"]).count("<mark>") == 2


def test_only_viewers_and_up_see_results(nobody, desk):
    assert client_for(nobody).get(URL, {"q": "roads"}).status_code == 403
    assert client_for(None).get(URL, {"q": "roads"}).status_code == 401
    assert SearchEntry.objects.visible_to(nobody).count() == 0


def test_the_index_follows_the_services(victor, alice, bob, desk):
    assert results(victor, q="roads", status="published", type="claim")["count"] == 1
    source = desk.sources.get()
    services.source_delete(source=source, user=alice, version=source.version)
    assert results(victor, q="roads", type="source")["count"] == 0
    desk.refresh_from_db()
    services.claim_dismiss(claim=desk, user=bob, version=desk.version)
    assert results(victor, q="roads", status="dismissed")["count"] == 1
    services.article_delete(article=desk.article, user=client_user_admin())
    assert results(victor, q="roads")["count"] == 2  # the imported reviews remain


def client_user_admin():
    from tests.factories import UserFactory

    return UserFactory(username="ada", role="admin")


def test_a_long_article_is_indexed_in_stretches(victor):
    article = make_article(LONG_ARTICLE)
    entries = SearchEntry.objects.filter(kind="article", object_id=article.pk)
    assert entries.count() > 5
    assert max(len(e.body) for e in entries) <= 20_000
    found = results(victor, q="flamingos")
    assert found["count"] == 1 and found["results"][0]["id"] == article.pk
    assert "<mark>flamingos</mark>" in found["results"][0]["snippet"]
    # One result per article, even when every stretch matches.
    assert results(victor, q="dredging", type="article")["count"] == 1


def test_no_words_lists_what_the_filters_select(victor, desk):
    found = results(victor, type="claimreview")
    assert found["count"] == 2 and all(r["score"] == 0 for r in found["results"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text features")
def test_postgres_stems_and_misspellings(victor, desk):
    assert results(victor, q="spending", type="source")["count"] == 1  # spending ~ spend
    assert results(victor, q='"spent $1.2 billion"')["count"] >= 1
    assert results(victor, q="roads -auditor", type="claim")["count"] == 0
    # Nothing matches a misspelt word; the trigram fallback finds titles with one like it.
    found = results(victor, q="nothin")
    assert found["count"] >= 1 and found["results"][0]["title"] == "Roads cost nothing."


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text features")
def test_a_word_found_everywhere_is_ranked_among_its_newest_entries(victor, monkeypatch):
    from annotations import counts
    from annotations.archive import search

    claimreview_import(
        document=as_bytes(
            [
                review(n, claimReviewed=f"Measles cases rose in Linden in 20{10 + n}.",
                       datePublished=f"2024-01-0{n}")
                for n in range(1, 6)
            ]
        )
    )  # fmt: skip
    everything = results(victor, q="measles", type="claimreview")
    assert everything["count"] == 5
    monkeypatch.setattr(search, "MAX_RANKED", 2)
    monkeypatch.setattr(counts, "is_large", lambda queryset, than=None: True)
    newest = results(victor, q="measles", type="claimreview")
    assert newest["count"] == 2
    assert sorted(r["url"] for r in newest["results"]) == [
        "https://checks.example/reviews/4",
        "https://checks.example/reviews/5",
    ]
