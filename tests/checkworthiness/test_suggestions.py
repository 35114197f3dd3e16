"""Suggestions as stored and served: body offsets, list items, dry run, rescoring, API."""

import io
import json

import pytest
import yaml
from django.core.management import call_command

from annotations.models import SUGGESTIBLE_KINDS, Article, Segment
from annotations.services import build_segments, segments_rescore
from tests.api.conftest import client_for
from tests.checkworthiness.corpus import DEV, load
from tests.factories import make_article

LIST_ARTICLE = (
    "Which indicators do economists watch?\n\n"
    "The list below is what the committee reads.\n\n"
    "- Real personal income, which fell 0.3% over the first half of the year.\n"
    "- Industrial production, which has declined in four of the past six months.\n"
    "- Bring a photo ID.\n"
)


def test_list_items_are_suggestible_like_sentences():
    assert "list_item" in SUGGESTIBLE_KINDS and "sentence" in SUGGESTIBLE_KINDS
    segments = build_segments(Article(body=LIST_ARTICLE))
    items = [s for s in segments if s.kind == "list_item"]
    assert [s.suggested for s in items] == [True, True, False]


def test_stored_reasons_are_offsets_into_the_body():
    for article in load(DEV)[:6]:
        for segment in build_segments(Article(body=article.body)):
            for reason in segment.reasons:
                assert set(reason) == {"kind", "text", "start", "end"}
                assert article.body[reason["start"] : reason["end"]] == reason["text"]
                assert segment.start <= reason["start"] < reason["end"] <= segment.end


def test_the_bench_uses_the_same_suggested_rule():
    from bench.checkworthiness import SUGGESTIBLE_KINDS as BENCH_KINDS

    assert tuple(BENCH_KINDS) == tuple(SUGGESTIBLE_KINDS)


def test_dry_run_json_prints_reasons_with_body_offsets(tmp_path, capsys, db):
    path = tmp_path / "article.md"
    body = (
        "Millbrook council approves library plan\n\n"
        '"We are asking taxpayers to fund a wish list," said council member Doug Reinholt.\n\n'
        "The council voted 5-4 on Tuesday to approve an $18.6 million renovation.\n\n"
        "- The roof has leaked since 2019.\n"
    )
    path.write_text(body, encoding="utf-8")
    call_command("ingest", str(path), "--dry-run", "--json")
    payload = json.loads(capsys.readouterr().out)
    assert not Article.objects.exists()
    by_text = {s["text"]: s for s in payload["segments"]}
    vote = by_text["The council voted 5-4 on Tuesday to approve an $18.6 million renovation."]
    assert vote["suggested"] is True
    quoted = {(r["kind"], r["text"]) for r in vote["reasons"]}
    assert {("quantity", "5-4"), ("quantity", "$18.6 million"), ("date", "Tuesday")} <= quoted
    assert by_text["The roof has leaked since 2019."]["suggested"] is True
    opinion = next(s for s in payload["segments"] if s["text"].startswith('"We are asking'))
    assert opinion["suggested"] is False
    for segment in payload["segments"]:
        for reason in segment["reasons"]:
            assert list(reason) == ["kind", "text", "start", "end"]
            assert body[reason["start"] : reason["end"]] == reason["text"]


@pytest.mark.django_db
def test_rescore_turns_old_string_reasons_into_spans_and_leaves_text_alone():
    article = make_article()
    sentence = article.segments.filter(kind="sentence").first()
    Segment.objects.filter(pk=sentence.pk).update(
        reasons=["contains a number (1.2)"], checkworthiness=0.2
    )
    before = list(article.segments.values_list("text", "start", "end"))
    out = io.StringIO()
    call_command("rescore", stdout=out)
    assert out.getvalue() == "rescored 1 segments\n"
    sentence.refresh_from_db()
    assert all(set(r) == {"kind", "text", "start", "end"} for r in sentence.reasons)
    assert all(article.body[r["start"] : r["end"]] == r["text"] for r in sentence.reasons)
    assert sentence.checkworthiness > 0.5
    assert list(article.segments.values_list("text", "start", "end")) == before
    assert segments_rescore() == 0  # nothing stale left
    assert (
        segments_rescore(everything=True)
        == article.segments.filter(kind__in=("sentence", "list_item")).count()
    )


@pytest.mark.django_db
def test_old_string_reasons_still_read_everywhere(alice):
    article = make_article()
    sentence = article.segments.filter(kind="sentence").first()
    Segment.objects.filter(pk=sentence.pk).update(reasons=["contains a number (1.2)"])
    sentence.refresh_from_db()
    assert sentence.reason_summary == "contains a number (1.2)"
    url = f"/api/v1/articles/{article.pk}/segments/"
    served = {s["id"]: s for s in client_for(alice).get(url).json()}
    assert served[sentence.pk]["reasons"] == ["contains a number (1.2)"]


@pytest.mark.django_db
def test_segments_endpoint_carries_reasons_and_the_schema_describes_them(alice):
    article = make_article()
    url = f"/api/v1/articles/{article.pk}/segments/"
    suggested = client_for(alice).get(url, {"suggested": "true"}).json()
    assert suggested
    for segment in suggested:
        assert segment["reasons"]
        for reason in segment["reasons"]:
            assert article.body[reason["start"] : reason["end"]] == reason["text"]
    schema = yaml.safe_load(client_for(alice).get("/api/schema/").content)
    reasons = schema["components"]["schemas"]["Segment"]["properties"]["reasons"]
    assert reasons["type"] == "array"
    item = reasons["items"]
    if "$ref" in item:
        item = schema["components"]["schemas"][item["$ref"].rsplit("/", 1)[-1]]
    assert set(item["properties"]) == {"kind", "text", "start", "end"}
