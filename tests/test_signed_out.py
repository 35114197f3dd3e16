"""A signed-out htmx request gets a 401 (annotations/signed_out.py); a page, the login page."""

from annotations import services


def test_an_htmx_save_when_signed_out_is_a_401_not_the_login_page(alice, article, client):
    segment = article.segments.filter(kind="sentence").first()
    claim = services.claim_create(article=article, segments=[segment], user=alice)
    data = {"version": claim.version, "claim_text": "x", "summary": "typed"}
    response = client.post(f"/claims/{claim.pk}/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 401
    assert "Location" not in response
    assert response["WWW-Authenticate"].startswith("Cookie")
    assert response.text == "You are signed out."
    claim.refresh_from_db()
    assert claim.summary == ""


def test_a_page_when_signed_out_still_goes_to_the_login_page(client):
    response = client.get("/", HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true")
    assert response.status_code == 401  # htmx, boosted or not: never a swapped login page
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_other_redirects_of_htmx_requests_are_left_alone(alice, client):
    client.force_login(alice)
    response = client.post("/accounts/logout/", HTTP_HX_REQUEST="true")
    assert response.status_code == 302  # to the login page, but not because signed out


def test_a_failed_csrf_check_swaps_nothing_into_an_htmx_page(alice, article):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    segment = article.segments.filter(kind="sentence").first()
    claim = services.claim_create(article=article, segments=[segment], user=alice)
    data = {"version": claim.version, "claim_text": "x", "csrfmiddlewaretoken": "stale" * 8}
    response = client.post(f"/claims/{claim.pk}/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert response["HX-Reswap"] == "none"
    assert "security token is out of date" in response["HX-Trigger"]
    page = client.post(f"/claims/{claim.pk}/", data)  # a plain form: Django's own page
    assert page.status_code == 403
    assert "CSRF verification failed" in page.text
    assert "HX-Reswap" not in page
