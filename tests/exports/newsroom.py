"""A small newsroom for report tests: published verdicts (one on the scale, one off it, one
corrected), a draft, sources, corrections, and notes both internal and not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from annotations import services
from annotations.models import Article, Claim, Segment
from tests.factories import UserFactory, correct_and_publish, make_article, rating

# Sentinels: if one of these ever shows up in a public export, something leaked.
INTERNAL_NOTE = "SECRET-INTERNAL-NOTE do not publish"
PUBLIC_NOTE = "NON-INTERNAL-NOTE still discussion"
DRAFT_WORDING = "DRAFT-CLAIM-WORDING not yet checked"
DRAFT_SUMMARY = "DRAFT-VERDICT-SUMMARY not yet approved"
# Strings no public export may contain, whatever the format.
PRIVATE = (INTERNAL_NOTE, PUBLIC_NOTE, DRAFT_WORDING, DRAFT_SUMMARY)

REPORT_TEXT = (
    "Budget Row Deepens\n\n"
    "Sen. Jane Doe said on Monday that the city spent $1.2 billion on roads in 2023.\n"
    "That is 40 percent more than in 2019, according to the auditor.\n"
    "The Ministry of Finance said the deficit fell to 2 percent last year.\n"
    "Critics think the plan is a disaster.\n"
)


@dataclass
class Newsroom:
    article: Article
    scale: Claim  # published, Mostly true, with source, notes
    off_scale: Claim  # published, Misleading, claimant is an organisation
    corrected: Claim  # published False, corrected to Half true
    draft: Claim  # draft with a rating and notes


def publish(claim: Claim, *, editor, reviewer, slug: str, summary: str, claimant: str) -> Claim:
    """Walk a claim through the real workflow to published."""
    claim = services.claim_update(
        claim=claim,
        user=editor,
        version=claim.version,
        rating=rating(slug),
        summary=summary,
        claimant=claimant,
    )
    claim = services.claim_submit(claim=claim, user=editor, version=claim.version)
    return services.claim_publish(claim=claim, user=reviewer, version=claim.version)


def sentences(article: Article) -> list[Segment]:
    return list(article.segments.filter(kind="sentence").order_by("position"))


def build_newsroom(alice, bob) -> Newsroom:
    article = make_article(
        REPORT_TEXT,
        url="https://news.example.com/budget-row",
        publisher="Example News",
        published_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    )
    first, second, third, fourth = sentences(article)
    scale = services.claim_create(article=article, segments=[first], user=alice)
    scale = publish(
        scale,
        editor=alice,
        reviewer=bob,
        slug="mostly-true",
        summary="The auditor's figures agree, give or take rounding.",
        claimant="Jane Doe",
    )
    services.source_add(
        claim=scale,
        user=alice,
        url="https://auditor.example.gov/report-2023",
        title="Auditor's report 2023",
        publisher="City Auditor",
        quote="Road spending reached $1.19bn.",
        stance="supports",
        archived_url="https://web.archive.org/web/2026/https://auditor.example.gov/report-2023",
    )
    services.note_add(claim=scale, user=alice, body=INTERNAL_NOTE, internal=True)
    services.note_add(claim=scale, user=alice, body=PUBLIC_NOTE, internal=False)

    off_scale = services.claim_create(article=article, segments=[second], user=alice)
    off_scale = publish(
        off_scale,
        editor=alice,
        reviewer=bob,
        slug="misleading",
        summary="The comparison year was picked to exaggerate.",
        claimant="City Auditor's Office",
    )

    corrected = services.claim_create(article=article, segments=[third], user=alice)
    corrected = publish(
        corrected,
        editor=alice,
        reviewer=bob,
        slug="false",
        summary="The deficit rose.",
        claimant="Ministry of Finance",
    )
    corrected = correct_and_publish(
        corrected,
        proposer=bob,
        approver=UserFactory(username="carol", role="reviewer"),
        rating=rating("half-true"),
        note="The revised figures show a small fall.",
        summary="The deficit fell, but less than claimed.",
    )

    draft = services.claim_create(article=article, segments=[fourth], user=alice)
    draft = services.claim_update(
        claim=draft,
        user=alice,
        version=draft.version,
        rating=rating("false"),
        summary=DRAFT_SUMMARY,
        claim_text=DRAFT_WORDING,
    )
    services.note_add(claim=draft, user=alice, body=INTERNAL_NOTE, internal=True)
    return Newsroom(article, scale, off_scale, corrected, draft)
