"""What leaves the building: no internal notes or unpublished claims in public exports,
Excel-safe CSV, and only the right people get internal reports."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from annotations import services
from annotations.exports.csv_format import excel_safe
from annotations.exports.formats import FORMAT_NAMES
from annotations.models import Claim
from tests.exports.helpers import body_of, parse_csv, text_of
from tests.exports.newsroom import DRAFT_SUMMARY, DRAFT_WORDING, INTERNAL_NOTE, PRIVATE

pytestmark = pytest.mark.django_db


def export(client, url: str, fmt: str, **params) -> str:
    response = client.get(url, {"format": fmt, **params})
    assert response.status_code == 200, body_of(response)[:300]
    return text_of(body_of(response), fmt)


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
@pytest.mark.parametrize("scope", ["article", "all"])
def test_public_exports_hold_no_notes_and_no_unpublished_claims(
    client, alice, newsroom, fmt, scope, tmp_path
):
    """One check for every format, through the API, the browser and the command line."""
    client.force_login(alice)  # even an editor gets the public report unless asking for more
    if scope == "article":
        urls = [
            f"/api/v1/articles/{newsroom.article.pk}/report",
            f"/reports/articles/{newsroom.article.pk}/",
        ]
    else:
        urls = ["/api/v1/reports/", "/reports/"]
    texts = [export(client, url, fmt) for url in urls]
    out = tmp_path / "report"
    scope_args = ["--article", str(newsroom.article.pk)] if scope == "article" else ["--all"]
    call_command("export_report", *scope_args, "--format", fmt, "-o", out)
    texts.append(text_of(out.read_bytes(), fmt))
    for text in texts:
        # The published claims are there, so an empty export cannot pass.
        assert "Sen. Jane Doe said on Monday" in " ".join(text.split())
        for private in PRIVATE:
            assert private not in text
        assert "SECRET" not in text


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "html", "pdf"])
def test_internal_exports_hold_drafts_and_notes_for_editors(client, alice, newsroom, fmt):
    client.force_login(alice)
    text = export(client, f"/api/v1/articles/{newsroom.article.pk}/report", fmt, internal="1")
    flat = " ".join(text.split())
    assert DRAFT_WORDING in flat
    assert DRAFT_SUMMARY in flat
    assert INTERNAL_NOTE in flat


def test_deleted_notes_stay_out_of_internal_reports(client, alice, newsroom):
    note = newsroom.draft.notes.get()
    services.note_delete(note=note, user=alice, version=note.version)
    client.force_login(alice)
    text = export(client, "/api/v1/reports/", "json", internal="1")
    assert text.count(INTERNAL_NOTE) == 1  # the scale claim's note only


@pytest.mark.parametrize(
    "value", ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rcmd"]
)
def test_csv_neutralises_formula_injection(client, victor, newsroom, value):
    Claim.objects.filter(pk=newsroom.scale.pk).update(claimant=value, summary=value)
    client.force_login(victor)
    rows = parse_csv(body_of(client.get("/api/v1/reports/", {"format": "csv"})))
    row = next(r for r in rows if int(r["claim_id"]) == newsroom.scale.pk)
    assert row["claimant"] == "'" + value
    assert row["summary"] == "'" + value


def test_excel_safe_leaves_plain_text_and_numbers_alone():
    assert excel_safe("Jane Doe") == "Jane Doe"
    assert excel_safe(-5) == -5
    assert excel_safe("") == ""


# ------------------------------------------------------------------------- permissions


def test_api_reports_need_authentication(client, newsroom):
    for url in (f"/api/v1/articles/{newsroom.article.pk}/report", "/api/v1/reports/"):
        response = client.get(url, {"format": "csv"})
        assert response.status_code == 401
        assert response.json()["detail"]


def test_report_pages_redirect_anonymous_users_to_login(client, newsroom):
    response = client.get(f"/reports/articles/{newsroom.article.pk}/", {"format": "csv"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_token_auth_works_for_reports(client, victor, newsroom):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=victor)
    response = client.get(
        "/api/v1/reports/", {"format": "json"}, HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert response.status_code == 200


def test_viewer_gets_public_but_not_internal_reports(client, victor, newsroom):
    client.force_login(victor)
    url = f"/api/v1/articles/{newsroom.article.pk}/report"
    assert client.get(url, {"format": "json"}).status_code == 200
    denied = client.get(url, {"format": "json", "internal": "1"})
    assert denied.status_code == 403
    assert denied.json()["error"] == "permission_denied"
    page = client.get(f"/reports/articles/{newsroom.article.pk}/", {"internal": "1"})
    assert page.status_code == 403
    assert "internal version" not in client.get("/reports/").content.decode()


def test_users_without_a_role_get_no_report(client, nobody, newsroom):
    client.force_login(nobody)
    assert client.get("/api/v1/reports/", {"format": "json"}).status_code == 403
    assert client.get("/reports/").status_code == 403


def test_editors_see_the_internal_link(client, alice, newsroom):
    client.force_login(alice)
    assert "internal version (drafts and notes)" in client.get("/reports/").content.decode()
    assert client.get("/reports/", {"internal": "1"}).status_code == 200


def test_internal_reports_are_not_cached(client, alice, newsroom):
    client.force_login(alice)
    response = client.get("/api/v1/reports/", {"format": "csv", "internal": "1"})
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_markup_in_claims_and_sources_is_neutralised(client, victor, newsroom, fmt):
    script = "<script>alert(1)</script>"
    Claim.objects.filter(pk=newsroom.scale.pk).update(claimant=script, summary=script)
    newsroom.scale.sources.update(quote=script, title=script)
    client.force_login(victor)
    text = export(client, f"/api/v1/articles/{newsroom.article.pk}/report", fmt)
    assert script not in text
    # Markdown keeps the text but backslash-escapes it, so a CMS shows it and never runs it.
    assert not re.search(r"(?<!\\)<script", text)
