"""JSON exports pasted into a newsroom's page, as ClaimReview markup is meant to be, in a real
Chromium: none of the payloads an editor typed runs, and the page reads back every text exactly
as it was stored."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from annotations import services
from annotations.models import Article, Claim
from tests.exports.payloads import PAYLOADS
from tests.factories import UserFactory, correct_and_publish, make_article, rating

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

JSON_FORMATS = ["json", "claimreview", "w3c"]
NEWSROOM_PAGE = "https://newsroom.example/fact-checks/page.html"
PAGE_SCRIPT = "window.__parsed = JSON.parse(document.getElementById('ld').textContent)"
# The elements of the page as written; an extra one means a payload became markup.
PAGE_TAGS = ["HTML", "HEAD", "SCRIPT", "SCRIPT", "BODY"]


def embedding_page(export: str) -> str:
    return (
        '<!doctype html><script type="application/ld+json" id="ld">'
        f"{export}</script><script>{PAGE_SCRIPT}</script>"
    )


@pytest.fixture
def alice(reference_data):
    return UserFactory(username="alice", role="editor")


@pytest.fixture
def bob(reference_data):
    return UserFactory(username="bob", role="reviewer")


def label(index: int) -> str:
    return f"P{index:02d}"


def build_article(index: int, payload: str, *, editor, reviewer) -> Article:
    """One article per payload, with the payload in every text an editor or an ingest
    sets: a published, sourced and corrected claim, and a draft with an internal note."""
    name = label(index)
    article = make_article(
        f"Report {name}\n\n"
        f"The minister said {payload} on Monday in report {name}.\n\n"
        f"Critics said the figures in report {name} were wrong.\n",
        title=f"{name} title {payload}",
        byline=f"By {name} {payload}",
        publisher=f"{name} publisher {payload}",
        url=f"https://news.example.com/{name}",
        published_at=datetime(2026, 3, 2, 9, index, tzinfo=UTC),
    )
    first, second = article.segments.filter(kind="sentence").order_by("position")[:2]
    claim = services.claim_create(
        article=article,
        segments=[first],
        user=editor,
        claim_text=f"{name} claim {payload}",
        claimant=f"{name} claimant {payload}",
    )
    claim = services.claim_update(
        claim=claim,
        user=editor,
        version=claim.version,
        rating=rating("false"),
        summary=f"{name} summary {payload}",
    )
    claim = services.claim_submit(claim=claim, user=editor, version=claim.version)
    claim = services.claim_publish(claim=claim, user=reviewer, version=claim.version)
    services.source_add(
        claim=claim,
        user=editor,
        url=f"https://evidence.example.org/{name}",
        title=f"{name} source title {payload}",
        publisher=f"{name} source publisher {payload}",
        quote=f"{name} quote {payload}",
        stance="refutes",
    )
    services.note_add(claim=claim, user=editor, body=f"{name} note {payload}", internal=True)
    correct_and_publish(
        claim,
        proposer=reviewer,
        approver=UserFactory(username="embed-second-reviewer", role="reviewer"),
        rating=rating("half-true"),
        note=f"{name} correction {payload}",
        summary=f"{name} corrected summary {payload}",
    )
    draft = services.claim_create(
        article=article, segments=[second], user=editor, claim_text=f"{name} draft {payload}"
    )
    services.note_add(claim=draft, user=editor, body=f"{name} draft note {payload}")
    return article


@pytest.fixture
def payload_articles(alice, bob) -> list[Article]:
    return [
        build_article(index, payload, editor=alice, reviewer=bob)
        for index, payload in enumerate(PAYLOADS)
    ]


def stored_texts(articles: list[Article], fmt: str, *, internal: bool) -> set[str]:
    """The texts, as stored, that an export of ``fmt`` over ``articles`` must carry."""
    texts: set[str] = set()
    for article in articles:
        claims = Claim.objects.filter(article=article)
        published = claims.filter(status=Claim.Status.PUBLISHED)
        if fmt == "claimreview":
            texts |= {article.title, article.publisher}
            texts |= {t for c in published for t in (c.claim_text, c.claimant)}
        elif fmt == "w3c":
            texts |= {c.summary for c in (claims if internal else published)} - {""}
        else:
            texts |= {article.title, article.byline, article.publisher}
            for claim in claims if internal else published:
                texts |= {claim.claim_text, claim.claimant, claim.summary} - {""}
                for source in claim.sources.all():
                    texts |= {source.title, source.publisher, source.quote}
                texts |= {correction.note for correction in claim.corrections.all()}
                if internal:
                    texts |= {note.body for note in claim.notes.all()}
    return texts


def strings_in(value) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {s for k, v in value.items() for s in {k} | strings_in(v)}
    if isinstance(value, list):
        return {s for item in value for s in strings_in(item)}
    return set()


def exports(client, tmp_path, fmt: str, article: Article | None) -> dict[str, str]:
    """The export through the API, the report page (internal) and the command line."""
    if article is None:
        api, page, scope = "/api/v1/reports/", "/reports/", ["--all"]
    else:
        api = f"/api/v1/articles/{article.pk}/report"
        page = f"/reports/articles/{article.pk}/"
        scope = ["--article", str(article.pk)]
    texts = {}
    for name, url, params in (
        ("api", api, {"format": fmt}),
        ("report page, internal", page, {"format": fmt, "internal": "1"}),
    ):
        response = client.get(url, params)
        assert response.status_code == 200, name
        texts[name] = b"".join(response.streaming_content).decode("utf-8")
    out = tmp_path / f"export.{fmt}"
    call_command("export_report", *scope, "--format", fmt, "-o", str(out), stderr=io.StringIO())
    texts["command"] = out.read_text(encoding="utf-8")
    return texts


class EmbeddingPage:
    """A Chromium tab that loads the newsroom page with an export embedded, and records
    whatever a payload could do there: dialogs, errors, console errors, requests."""

    def __init__(self, page) -> None:
        self.page = page
        self.html = ""
        self.events: list[str] = []
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda error: self.events.append(f"page error: {error}"))
        page.on(
            "console",
            lambda message: (
                self.events.append(f"console {message.type}: {message.text}")
                if message.type in ("error", "warning")
                else None
            ),
        )
        page.route("**/*", self._on_request)

    def _on_dialog(self, dialog) -> None:
        self.events.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def _on_request(self, route) -> None:
        if route.request.url == NEWSROOM_PAGE:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=self.html)
        else:
            self.events.append(f"request: {route.request.url}")
            route.abort()

    def load(self, export: str):
        """The page's view of it: (parsed value, script text, element tag names)."""
        self.html = embedding_page(export)
        self.events.clear()
        self.page.goto(NEWSROOM_PAGE)
        state = self.page.evaluate(
            """() => ({
                pwned: typeof window.__pwned,
                parentPwned: typeof window.parent.__pwned,
                parsed: window.__parsed,
                scriptText: document.getElementById('ld').textContent,
                scripts: [...document.scripts].map(s => [s.id, s.type, s.src]),
                tags: [...document.querySelectorAll('*')].map(e => e.tagName),
            })"""
        )
        return state, list(self.events)


@pytest.mark.parametrize("fmt", JSON_FORMATS)
@pytest.mark.parametrize("scope", ["article", "all"])
def test_embedded_export_runs_no_payload_and_reads_back_every_text(
    page, client, tmp_path, alice, payload_articles, fmt, scope
):
    client.force_login(alice)
    embedding = EmbeddingPage(page)
    scopes = [[article] for article in payload_articles] if scope == "article" else [None]
    for articles in scopes:
        article = articles[0] if articles else None
        for entry, export in exports(client, tmp_path, fmt, article).items():
            where = f"{fmt}, {article.title if article else 'all articles'}, {entry}"
            state, events = embedding.load(export)
            assert state["pwned"] == "undefined", where
            assert state["parentPwned"] == "undefined", where
            assert events == [], where
            assert state["tags"] == PAGE_TAGS, where
            assert state["scripts"] == [["ld", "application/ld+json", ""], ["", "", ""]], where
            # The whole export stayed inside the element, and parses to the same values.
            assert state["scriptText"] == export, where
            assert state["parsed"] == json.loads(export), where
            expected = stored_texts(
                articles or payload_articles, fmt, internal=entry.endswith("internal")
            )
            missing = expected - strings_in(state["parsed"])
            assert not missing, (where, sorted(missing)[:3])
    # The payloads were really there to be found, each of them.
    everything = exports(client, tmp_path, fmt, None)["report page, internal"]
    found = " ".join(strings_in(json.loads(everything)))
    assert all(payload in found for payload in PAYLOADS)


def test_an_unescaped_export_would_have_run(page):
    """The page and its checks catch a payload that runs: the same page with the raw text."""
    embedding = EmbeddingPage(page)
    raw = json.dumps({"claimReviewed": PAYLOADS[0]}, ensure_ascii=False)
    state, events = embedding.load(raw)
    assert state["pwned"] == "number"
    assert state["tags"] != PAGE_TAGS
    assert any(event.startswith("page error") for event in events)
