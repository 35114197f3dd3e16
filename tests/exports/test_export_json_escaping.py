"""JSON exports are safe to paste into an HTML <script> element (ClaimReview JSON-LD is made
for exactly that) and still parse to the very same values."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.utils.html import _json_script_escapes

from annotations.exports.json_format import dumps
from annotations.models import Article, Claim, Correction
from tests.exports.helpers import body_of
from tests.exports.payloads import CLOSING_SCRIPT, JSON_BREAKER, PAYLOADS

JSON_FORMATS = ["json", "claimreview", "w3c"]
# Never raw in a JSON export: each could end or change the <script> element it is pasted into.
UNSAFE = ("<", ">", "&", "\u2028", "\u2029")


@pytest.mark.parametrize(
    ("char", "escaped"),
    [
        ("<", "\\u003C"),
        (">", "\\u003E"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ],
)
def test_dumps_escapes_each_character_that_matters_in_html(char, escaped):
    assert dumps(char) == f'"{escaped}"'
    assert dumps({char: [char]}) == f'{{"{escaped}":["{escaped}"]}}'


def test_dumps_escapes_as_djangos_json_script_does():
    for code, escaped in _json_script_escapes.items():
        assert dumps(chr(code)) == f'"{escaped}"'


@pytest.mark.parametrize("payload", PAYLOADS)
def test_dumps_round_trips_every_payload_without_raw_markup(payload):
    value = {"text": payload, "list": [payload, {"nested": payload}], payload: None}
    text = dumps(value)
    assert json.loads(text) == value
    for char in UNSAFE:
        assert char not in text


def test_dumps_keeps_other_non_ascii_as_it_is():
    text = "café Straße 東京 😀 👩‍👩‍👧 مرحبا \u202e שלום"
    assert dumps(text) == f'"{text}"'


def test_dumps_leaves_a_typed_escape_sequence_as_text():
    typed = r"\u003c/script>"
    text = dumps(typed)
    assert text == r'"\\u003c/script\u003E"'
    assert json.loads(text) == typed


def test_dumps_is_still_compact_json():
    assert dumps({"a": [1, 2.5, None, True], "b": "x"}) == '{"a":[1,2.5,null,true],"b":"x"}'


# ------------------------------------------------------------------ every way out of the app


def strings_in(value) -> set[str]:
    """Every string (keys too) anywhere in a parsed JSON value."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {s for k, v in value.items() for s in {k} | strings_in(v)}
    if isinstance(value, list):
        return {s for item in value for s in strings_in(item)}
    return set()


@pytest.fixture
def marked_newsroom(newsroom):
    """The newsroom with every payload in the texts the JSON exports carry."""
    joined = " | ".join(PAYLOADS)
    Article.objects.filter(pk=newsroom.article.pk).update(
        title=joined[:500], byline=joined[:500], publisher=CLOSING_SCRIPT
    )
    Claim.objects.filter(pk=newsroom.scale.pk).update(claim_text=joined, summary=joined)
    Claim.objects.filter(pk=newsroom.off_scale.pk).update(claimant=JSON_BREAKER)
    newsroom.scale.sources.update(title=joined[:500], quote=joined, publisher=JSON_BREAKER)
    Correction.objects.filter(claim=newsroom.corrected).update(note=joined)
    return newsroom


def exports(client, tmp_path, article_id: int | None, fmt: str, **params) -> list[bytes]:
    """The export through the API, the report page and the command."""
    if article_id is None:
        urls = ["/api/v1/reports/", "/reports/"]
        scope = ["--all"]
    else:
        urls = [f"/api/v1/articles/{article_id}/report", f"/reports/articles/{article_id}/"]
        scope = ["--article", str(article_id)]
    contents = []
    for url in urls:
        response = client.get(url, {"format": fmt, **params})
        assert response.status_code == 200, body_of(response)[:300]
        contents.append(body_of(response))
    out = tmp_path / f"report.{fmt}"
    internal = ["--internal"] if params.get("internal") else []
    call_command("export_report", *scope, "--format", fmt, "-o", out, *internal)
    contents.append(out.read_bytes())
    return contents


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", JSON_FORMATS)
@pytest.mark.parametrize("scope", ["article", "all"])
@pytest.mark.parametrize("internal", [False, True])
def test_json_exports_carry_no_raw_markup_and_every_text_unchanged(
    client, alice, marked_newsroom, tmp_path, fmt, scope, internal
):
    client.force_login(alice)
    article_id = marked_newsroom.article.pk if scope == "article" else None
    params = {"internal": "1"} if internal else {}
    scale = Claim.objects.get(pk=marked_newsroom.scale.pk)
    expected = {scale.claim_text} if fmt == "claimreview" else {scale.summary}
    if fmt == "json":
        source = scale.sources.get()
        correction = Correction.objects.get(claim=marked_newsroom.corrected)
        article = Article.objects.get(pk=marked_newsroom.article.pk)
        expected |= {scale.claim_text, source.title, source.quote, source.publisher}
        expected |= {correction.note, article.title, article.byline, article.publisher}
    for content in exports(client, tmp_path, article_id, fmt, **params):
        text = content.decode("utf-8")
        for char in UNSAFE:
            assert char not in text, (char, text[max(0, text.find(char) - 60) :][:120])
        found = strings_in(json.loads(text))
        assert expected <= found


@pytest.mark.django_db
def test_report_filters_echoed_in_the_json_export_are_escaped(client, alice, marked_newsroom):
    client.force_login(alice)
    response = client.get("/api/v1/reports/", {"format": "json", "claimant": JSON_BREAKER})
    text = body_of(response).decode("utf-8")
    assert "</script>" not in text
    parsed = json.loads(text)
    assert parsed["report"]["filters"]["claimant"] == JSON_BREAKER
    assert [c["claimant"] for a in parsed["articles"] for c in a["claims"]] == [JSON_BREAKER]
