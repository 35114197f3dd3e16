"""Bad parameters give 400 JSON naming the parameter, never a 500."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from annotations.models import Claim
from tests.exports.helpers import parse_csv, parse_json

pytestmark = pytest.mark.django_db


def test_unknown_format_is_a_400_json_error(client, victor, newsroom):
    client.force_login(victor)
    for url in (f"/api/v1/articles/{newsroom.article.pk}/report", "/api/v1/reports/"):
        response = client.get(url, {"format": "xlsx"})
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        data = response.json()
        assert data["error"] == "invalid_format"
        assert "csv" in data["detail"]
        assert data["fields"] == {}


def test_a_format_given_twice_is_a_400_not_the_last_one(client, victor, newsroom):
    client.force_login(victor)
    url = f"/api/v1/articles/{newsroom.article.pk}/report?format=json&format=csv"
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["fields"] == {"format": ["Give one value."]}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_to": "2026-02-30"}, "date_to"),
        ({"date_from": "2026-03-02", "date_to": "2026-03-01"}, "date_to"),
        ({"rating": "pants-on-fire"}, "rating"),
        ({"status": "archived", "internal": "1"}, "status"),
        ({"status": "draft"}, "status"),
        ({"internal": "maybe"}, "internal"),
        ({"article": "abc"}, "article"),
        ({"article": "-1"}, "article"),
        ({"article": "99999999999999999999999"}, "article"),
        ({"claimant": "a\x00b"}, "claimant"),
        ({"rating": "true,\x00"}, "rating"),
        ({"status": "\x00", "internal": "1"}, "status"),
        ({"rating": ",".join(["true"] * 51)}, "rating"),
        ({"publisher": "x" * 301}, "publisher"),
    ],
)
def test_bad_filters_are_400_json_naming_the_parameter(client, alice, newsroom, params, field):
    client.force_login(alice)
    response = client.get("/api/v1/reports/", {"format": "csv", **params})
    assert response.status_code == 400
    data = response.json()
    assert data["error"] == "invalid"
    assert data["detail"]
    assert isinstance(data["fields"][field], list)


def test_bad_filters_on_the_report_page_are_400(client, victor, newsroom):
    client.force_login(victor)
    response = client.get("/reports/", {"date_from": "<script>"})
    assert response.status_code == 400
    assert b"<script>" not in response.content
    assert client.get("/reports/", {"format": "docx"}).status_code == 400


def test_unknown_or_huge_article_ids_are_404(client, victor):
    client.force_login(victor)
    for article_id in (424242, 2**70):
        response = client.get(f"/api/v1/articles/{article_id}/report", {"format": "json"})
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"
        assert client.get(f"/reports/articles/{article_id}/").status_code == 404


def test_format_defaults_to_json_in_the_api(client, victor, newsroom):
    client.force_login(victor)
    response = client.get("/api/v1/reports/")
    assert response.status_code == 200
    assert parse_json(b"".join(response.streaming_content))["articles"]


def test_openapi_schema_documents_the_report_endpoints():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    article_report = schema["paths"]["/api/v1/articles/{article_id}/report"]["get"]
    assert {"text/csv", "application/pdf", "application/ld+json"} <= set(
        article_report["responses"]["200"]["content"]
    )
    names = {p["name"] for p in schema["paths"]["/api/v1/reports/"]["get"]["parameters"]}
    assert {"format", "date_from", "date_to", "rating", "status", "claimant", "publisher"} <= names


# --------------------------------------------------------------------------- command


def test_command_exports_an_article(tmp_path, newsroom):
    out = tmp_path / "report.csv"
    call_command(
        "export_report", "--article", str(newsroom.article.pk), "--format", "csv", "-o", out
    )
    rows = parse_csv(out.read_bytes())
    assert {int(r["claim_id"]) for r in rows} == {
        newsroom.scale.pk,
        newsroom.off_scale.pk,
        newsroom.corrected.pk,
    }


def test_command_exports_all_with_filters(tmp_path, newsroom):
    out = tmp_path / "report.json"
    call_command("export_report", "--all", "--format", "json", "-o", out, "--rating", "misleading")
    data = parse_json(out.read_bytes())
    assert [c["id"] for a in data["articles"] for c in a["claims"]] == [newsroom.off_scale.pk]


def test_command_writes_pdf(tmp_path, newsroom):
    out = tmp_path / "report.pdf"
    call_command("export_report", "--all", "--format", "pdf", "-o", out, "--internal")
    assert out.read_bytes().startswith(b"%PDF")


def test_command_rejects_bad_input(tmp_path, newsroom):
    out = tmp_path / "x"
    with pytest.raises(CommandError, match="No article"):
        call_command("export_report", "--article", "999999", "--format", "csv", "-o", out)
    with pytest.raises(CommandError, match="date_from"):
        call_command("export_report", "--all", "--format", "csv", "-o", out, "--date-from", "x")
    with pytest.raises(CommandError):
        call_command("export_report", "--all", "--format", "xlsx", "-o", out)


def test_the_api_rejects_empty_filters_but_the_page_form_may_send_them(client, victor, newsroom):
    client.force_login(victor)
    response = client.get("/api/v1/reports/", {"format": "json", "date_from": ""})
    assert response.status_code == 400
    assert "date_from" in response.json()["fields"]
    blank_form = {"date_from": "", "date_to": "", "rating": "", "claimant": "", "publisher": ""}
    assert client.get("/reports/", blank_form).status_code == 200


def test_claimant_filter_may_contain_commas(client, victor, newsroom):
    Claim.objects.filter(pk=newsroom.scale.pk).update(claimant="Doe, Jane")
    client.force_login(victor)
    response = client.get("/api/v1/reports/", {"format": "csv", "claimant": "Doe, Jane"})
    assert [int(r["claim_id"]) for r in parse_csv(b"".join(response.streaming_content))] == [
        newsroom.scale.pk
    ]


def test_ratings_may_be_repeated_or_comma_separated(client, victor, newsroom):
    client.force_login(victor)
    for query in ("rating=misleading,half-true", "rating=misleading&rating=half-true"):
        response = client.get(f"/api/v1/reports/?format=csv&{query}")
        ids = {int(r["claim_id"]) for r in parse_csv(b"".join(response.streaming_content))}
        assert ids == {newsroom.off_scale.pk, newsroom.corrected.pk}
