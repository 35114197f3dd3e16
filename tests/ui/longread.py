"""Long articles built directly (no segmenter run), for query-count tests and benchmarks."""

from __future__ import annotations

from annotations.models import Article, Claim, Rating, Segment

FACTS = [
    "The ministry said {n} schools closed in 2021.",
    "Prices rose {n} percent, according to the statistics office.",
    "Officials reported {n} new cases on Monday.",
    "Critics think the plan is a disaster.",
]


def long_article(sentences: int, seed: str = "") -> Article:
    """A title, then paragraphs of five sentences with a heading every 200 sentences."""
    parts: list[tuple[str, str, int]] = []  # kind, text, paragraph
    paragraph = 0
    parts.append(("title", f"The Long Report {seed}".strip(), paragraph))
    for i in range(sentences):
        if i % 200 == 0 and i:
            paragraph += 1
            parts.append(("heading", f"Part {i // 200}", paragraph))
        if i % 5 == 0:
            paragraph += 1
        parts.append(("sentence", FACTS[i % 4].format(n=i + 1), paragraph))
    body, spans, previous = "", [], None
    for kind, text, para in parts:
        if previous is not None:
            body += " " if para == previous else "\n\n"
        spans.append((kind, text, para, len(body)))
        body += text
        previous = para
    article = Article.objects.create(title=parts[0][1], body=body + "\n")
    Segment.objects.bulk_create(
        Segment(
            article=article,
            position=position,
            kind=kind,
            paragraph=para,
            start=start,
            end=start + len(text),
            text=text,
            checkworthiness=0.8 if kind == "sentence" and "{n}" in FACTS[position % 4] else 0.1,
            reasons=["contains a number"] if kind == "sentence" else [],
        )
        for position, (kind, text, para, start) in enumerate(spans)
    )
    return article


def add_claims(article: Article, count: int, user=None) -> list[Claim]:
    """``count`` claims on every other sentence, two thirds of them rated, in bulk."""
    ratings = list(Rating.objects.order_by("order"))
    sentences = list(article.segments.filter(kind="sentence").order_by("position")[: count * 2])
    claims = Claim.objects.bulk_create(
        Claim(
            article=article,
            position=segment.position,
            claim_text=segment.text,
            rating=ratings[i % len(ratings)] if i % 3 else None,
            created_by=user,
        )
        for i, segment in enumerate(sentences[::2][:count])
    )
    through = Claim.segments.through
    through.objects.bulk_create(
        through(claim_id=claim.pk, segment_id=segment.pk)
        for claim, segment in zip(claims, sentences[::2], strict=False)
    )
    return claims
