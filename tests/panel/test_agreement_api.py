"""GET /api/v1/agreement/: the contract's shape, the reference figures over stored votes,
filters, roles, bad input in the API's error shape, the schema, a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from annotations import services
from annotations.panel.agreement import krippendorff_alpha
from annotations.panel.services import vote_cast
from tests.api.conftest import client_for
from tests.bad_input import BAD_IDS, ODD_QUERY_VALUES, RAW_QUERIES
from tests.factories import ClaimFactory, UserFactory, make_article, rating
from tests.panel.agreement_data import KRIPPENDORFF_2011, krippendorff_votes, vote

pytestmark = pytest.mark.django_db

URL = "/api/v1/agreement/"
CONTRACT = {"claims", "votes", "reviewers", "disputed", "krippendorff_alpha", "pairs"}
SHAPE = {"error", "detail", "fields"}
MARCH = datetime(2026, 3, 10, 12, tzinfo=UTC)
MAY = datetime(2026, 5, 2, 9, tzinfo=UTC)
OTHER_TEXT = "Harbour Plan\n\nThe harbour will cost $40 million by 2027, the council said.\n"


@pytest.fixture
def coders(bob, carol):
    return [bob, carol, *(UserFactory(username=f"rev{i}", role="reviewer") for i in (3, 4))]


@pytest.fixture
def reference(article, coders):
    """Krippendorff's (2011) example as panel votes on the article's claims, cast in March."""
    return krippendorff_votes(article, coders, when=MARCH)


def get(user, **params):
    return client_for(user).get(URL, params)


def test_answers_the_contract_with_the_reference_values(reference, victor):
    response = get(victor)
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= CONTRACT and set(body) - CONTRACT == {"monthly", "pending"}
    assert (body["claims"], body["votes"], body["reviewers"], body["disputed"]) == (12, 41, 4, 0)
    alpha = body["krippendorff_alpha"]
    assert set(alpha) == {"nominal", "ordinal"}
    assert (round(alpha["nominal"], 3), round(alpha["ordinal"], 3)) == (0.743, 0.815)
    assert body["pairs"] and all(
        set(p) == {"a", "b", "claims", "cohen_kappa_weighted"} for p in body["pairs"]
    )
    assert [m["month"] for m in body["monthly"]] == ["2026-03"]


def test_pairs_name_reviewers_by_id_and_count_shared_claims(reference, coders, victor):
    pairs = {(p["a"], p["b"]): p for p in get(victor).json()["pairs"]}
    bob, carol, _, fourth = coders
    # Krippendorff's observers A and B share units 1-9; A and C only 8 (C skipped unit 1).
    assert pairs[bob.pk, carol.pk]["claims"] == 9
    assert pairs[bob.pk, carol.pk]["cohen_kappa_weighted"] is not None
    assert all(a < b for a, b in pairs)
    assert (bob.pk, fourth.pk) in pairs


def test_no_votes_at_all(victor):
    assert get(victor).json() == {
        "claims": 0,
        "votes": 0,
        "reviewers": 0,
        "disputed": 0,
        "krippendorff_alpha": {"nominal": None, "ordinal": None},
        "pairs": [],
        "monthly": [],
        "pending": 0,
    }


def test_a_panel_of_one_has_counts_but_no_alpha(settings, article, alice, bob, victor):
    settings.FACTCHECK_PANEL_SIZE, settings.FACTCHECK_PANEL_MAJORITY = 1, 1
    for slug in ("false", "true", "misleading"):
        claim = ClaimFactory(article=article)
        claim = services.claim_update(
            claim=claim, user=alice, version=claim.version, rating=rating(slug), summary="S."
        )
        claim = services.claim_submit(claim=claim, user=alice, version=claim.version)
        services.claim_publish(claim=claim, user=bob, version=claim.version)
    body = get(victor).json()
    assert (body["claims"], body["votes"], body["reviewers"]) == (3, 3, 1)
    assert body["krippendorff_alpha"] == {"nominal": None, "ordinal": None}


# ---------------------------------------------------------------------------------- filters


def test_filter_by_article(reference, coders, victor, article):
    other = make_article(OTHER_TEXT)
    claim = ClaimFactory(article=other)
    vote(claim, coders[0], "true", when=MARCH)
    vote(claim, coders[1], "false", when=MARCH)
    assert get(victor).json()["claims"] == 13
    assert get(victor, article=article.pk).json()["claims"] == 12
    mine = get(victor, article=other.pk).json()
    assert (mine["claims"], mine["votes"], mine["krippendorff_alpha"]["nominal"]) == (1, 2, 0.0)
    assert get(victor, article=other.pk + 1000).json()["claims"] == 0


def test_filter_by_reviewer_keeps_everyones_votes_on_their_rounds(reference, coders, victor):
    third = coders[2]  # Krippendorff's observer C coded units 2-11
    units = list(zip(*KRIPPENDORFF_2011, strict=True))[1:11]
    body = get(victor, reviewer=third.pk).json()
    assert (body["claims"], body["reviewers"]) == (10, 4)
    assert body["votes"] == sum(value is not None for unit in units for value in unit)
    assert body["krippendorff_alpha"]["nominal"] == pytest.approx(
        krippendorff_alpha(units, "nominal")
    )


def test_filter_by_date_takes_whole_rounds_by_their_first_vote(article, coders, victor):
    early, late = ClaimFactory(article=article), ClaimFactory(article=article)
    vote(early, coders[0], "true", when=MARCH)
    vote(early, coders[1], "true", when=MAY)  # the same round, finished in May
    vote(late, coders[0], "false", when=MAY)
    vote(late, coders[1], "true", when=MAY)
    march = get(victor, date_from="2026-03-10", date_to="2026-03-10").json()
    assert (march["claims"], march["votes"]) == (1, 2)
    may = get(victor, date_from="2026-05-01").json()
    assert (may["claims"], may["votes"]) == (1, 2)
    assert get(victor, date_to="2026-03-09").json()["claims"] == 0
    months = get(victor).json()["monthly"]
    assert [(m["month"], m["claims"]) for m in months] == [
        ("2026-03", 1),
        ("2026-04", 0),
        ("2026-05", 1),
    ]


def test_the_widest_dates_are_fine(reference, victor):
    body = get(victor, date_from="0001-01-01", date_to="9999-12-31").json()
    assert body["claims"] == 12


# ------------------------------------------------------------------------ roles and errors


@pytest.mark.parametrize("who", ["victor", "alice", "bob", "ada"])
def test_viewers_and_up_may_read(who, request, reference):
    assert get(request.getfixturevalue(who)).status_code == 200


def test_a_session_login_works_too(reference, victor):
    client = APIClient()
    client.force_login(victor)
    assert client.get(URL).json()["claims"] == 12


def test_anonymous_callers_get_401(reference):
    response = APIClient().get(URL)
    assert response.status_code == 401
    assert set(response.json()) == SHAPE


def test_a_user_without_a_role_gets_403(reference, nobody):
    response = get(nobody)
    assert response.status_code == 403
    assert response.json()["error"] == "permission_denied"


def test_writes_are_not_allowed(victor, ada):
    for user in (victor, ada):
        response = client_for(user).post(URL, {}, format="json")
        assert response.status_code in (403, 405)
        assert set(response.json()) == SHAPE


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"article": "abc"}, "article"),
        ({"article": "0"}, "article"),
        ({"reviewer": "-3"}, "reviewer"),
        ({"reviewer": "1.0"}, "reviewer"),
        ({"date_from": "2026-13-01"}, "date_from"),
        ({"date_to": "10/03/2026"}, "date_to"),
        ({"date_from": "2026-03-02", "date_to": "2026-03-01"}, "date_to"),
        ({"article": ""}, "article"),
        ({"date_from": " "}, "date_from"),
    ],
)
def test_bad_filters_are_400_naming_the_parameter(victor, params, field):
    response = get(victor, **params)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == SHAPE and body["error"] == "invalid"
    assert field in body["fields"]


def test_a_repeated_filter_is_400(victor):
    response = client_for(victor).get(URL + "?article=1&article=2")
    assert response.status_code == 400
    assert "article" in response.json()["fields"]


@pytest.mark.parametrize("name", ["article", "reviewer"])
@pytest.mark.parametrize("value", BAD_IDS)
def test_ids_that_are_no_ids_are_400(victor, name, value):
    response = client_for(victor).get(f"{URL}?{name}={value}")
    assert response.status_code == 400
    assert set(response.json()) == SHAPE


@pytest.mark.parametrize("name", ["article", "reviewer", "date_from", "date_to"])
@pytest.mark.parametrize("value", ODD_QUERY_VALUES)
def test_odd_values_are_400_never_500(reference, victor, name, value):
    response = client_for(victor).get(
        f"{URL}?{name}={quote(value, safe='', errors='surrogatepass')}"
    )
    assert response.status_code == 400
    assert set(response.json()) == SHAPE


@pytest.mark.parametrize("query", RAW_QUERIES)
def test_raw_queries_never_fail(reference, victor, query):
    response = client_for(victor).get(f"{URL}?{query}")
    assert response.status_code == 200 or set(response.json()) == SHAPE, response.status_code
    assert response.status_code < 500


def test_unknown_parameters_are_ignored(reference, victor):
    assert get(victor, format="json", page="2").json()["claims"] == 12


# -------------------------------------------------------------------- schema and queries


def test_the_schema_documents_the_endpoint(alice):
    response = client_for(alice).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    operation = response.json()["paths"][URL]["get"]
    assert {p["name"] for p in operation["parameters"]} == {
        "article",
        "date_from",
        "date_to",
        "reviewer",
    }
    assert {"200", "400", "401", "403"} <= set(operation["responses"])
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    component = response.json()["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert set(component["properties"]) >= CONTRACT
    assert set(component["required"]) >= CONTRACT


def _queries(user, **params) -> int:
    client = client_for(user)
    client.get(URL, params)  # the token's user and permissions, cached after the first call
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_votes_or_filters(article, coders, victor):
    krippendorff_votes(article, coders, when=MARCH)
    few = _queries(victor)
    krippendorff_votes(article, coders, when=MAY)
    krippendorff_votes(make_article(OTHER_TEXT), coders, when=MAY)
    assert _queries(victor) == few
    filtered = _queries(
        victor,
        article=article.pk,
        reviewer=coders[0].pk,
        date_from="2026-01-01",
        date_to="2026-12-31",
    )
    assert filtered == few


# ----------------------------------------------------------------------------- blindness


def test_a_panel_still_voting_stays_out_until_complete(settings, article, alice, coders, victor):
    """Figures over two of three votes would tell the third reviewer whether the first two
    agree: the round is left out (and counted as pending) until the panel is complete."""
    settings.FACTCHECK_PANEL_SIZE, settings.FACTCHECK_PANEL_MAJORITY = 3, 2
    claim = ClaimFactory(article=article)
    claim = services.claim_update(
        claim=claim, user=alice, version=claim.version, rating=rating("false"), summary="S."
    )
    claim = services.claim_submit(claim=claim, user=alice, version=claim.version)
    vote_cast(claim=claim, user=coders[0], rating=rating("false"))
    vote_cast(claim=claim, user=coders[1], rating=rating("true"))
    body = get(victor).json()
    assert (body["claims"], body["votes"], body["pending"]) == (0, 0, 1)
    assert body["krippendorff_alpha"] == {"nominal": None, "ordinal": None}
    vote_cast(claim=claim, user=coders[2], rating=rating("half-true"))
    body = get(victor).json()
    assert (body["claims"], body["votes"], body["pending"], body["disputed"]) == (1, 3, 0, 1)
