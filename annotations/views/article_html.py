"""The article as readers saw it, built in Python: one string for thousands of sentences.

The template engine costs tens of microseconds per loop iteration and include; a
2,000-sentence article would spend most of its render time there. Every piece of text
goes through ``escape`` here, and the result is marked safe once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from annotations.checkworthiness import POSITIVE_KINDS, describe_reasons
from annotations.models import is_suggested
from annotations.selectors import SegmentClaim

# Which element each kind of block is rendered as, and its class.
BLOCK_TAGS = {
    "title": ("h1", "a-title"),
    "standfirst": ("p", "a-standfirst"),
    "byline": ("p", "a-byline"),
    "caption": ("p", "a-caption"),
    "heading": ("h2", "a-heading"),
    "sentence": ("p", "a-para"),
    "list_item": ("li", "a-item"),
}

FILTERS = ("all", "suggested", "claims", "unrated")


@dataclass
class ArticleView:
    html: SafeString
    matches: int
    first_segment: int | None
    has_title: bool = False  # a title segment: else the page shows the title it was given


def segment_matches(
    show: str, query: str, text: str, suggested: bool, mark: SegmentClaim | None
) -> bool:
    """Whether a segment passes the review page's filter (``show``) and search (``query``)."""
    live = mark is not None and mark.live
    if show == "suggested":
        ok = suggested and not live
    elif show == "claims":
        ok = live
    elif show == "unrated":
        ok = live and not mark.rating_slug
    elif show.startswith("rating:"):
        ok = live and mark.rating_slug == show[7:]
    elif show.startswith("status:"):
        ok = mark is not None and mark.status == show[7:]
    else:
        ok = True
    return ok and (not query or query in text.casefold())


def _marked(text: str, start: int, reasons: list) -> str:
    """The segment's text, escaped, with each positive reason's words in a ``why`` span.

    Reasons carry offsets into the article body; overlapping ones keep the first.
    """
    spans = []
    for reason in reasons or ():
        if not isinstance(reason, dict) or reason.get("kind") not in POSITIVE_KINDS:
            continue
        begin, end = reason.get("start", -1) - start, reason.get("end", -1) - start
        if 0 <= begin < end <= len(text) and text[begin:end] == reason.get("text"):
            spans.append((begin, end, reason["kind"]))
    if not spans:
        return escape(text)
    pieces, cursor = [], 0
    for begin, end, kind in sorted(spans):
        if begin < cursor:
            continue
        pieces.append(escape(text[cursor:begin]))
        pieces.append(f'<span class="why" data-why="{kind}">{escape(text[begin:end])}</span>')
        cursor = end
    pieces.append(escape(text[cursor:]))
    return "".join(pieces)


def render_article(
    body: str,
    rows: list[tuple],
    marks: dict[int, SegmentClaim],
    *,
    show: str = "all",
    query: str = "",
    selected: frozenset[int] = frozenset(),
) -> ArticleView:
    """HTML of the article's blocks, each segment a focusable link that opens the claim panel.

    ``rows`` come from ``selectors.article_segment_rows``; whitespace between segments of
    one block is copied from the body, so the text reads exactly as published.
    """
    filtering = show != "all" or bool(query)
    query = query.casefold()
    out: list[str] = []
    block_key = None
    close_tag = ""
    in_list = False
    prev_end = 0
    matches = 0
    first = None
    titles: set[str] = set()
    for seg_id, position, kind, paragraph, start, end, text, score, reasons in rows:
        # A headline repeated on the next line (as CMS exports do) is shown once; it stays in
        # the page, hidden, so a selection across it is still a run of consecutive segments.
        repeated = kind == "title" and text in titles
        if kind == "title":
            titles.add(text)
        key = (kind, paragraph) if kind in ("sentence", "list_item") else (kind, position)
        if key != block_key:
            if close_tag:
                out.append(close_tag)
            if kind == "list_item" and not in_list:
                out.append('<ul class="a-list">')
                in_list = True
            elif kind != "list_item" and in_list:
                out.append("</ul>")
                in_list = False
            tag, cls = BLOCK_TAGS.get(kind, ("p", "a-para"))
            hidden = " hidden" if repeated else ""
            out.append(f'<{tag} class="{cls}" data-paragraph="{paragraph}"{hidden}>')
            close_tag = f"</{tag}>"
            block_key = key
        elif start > prev_end:
            out.append(escape(body[prev_end:start]))
        prev_end = end

        mark = marks.get(seg_id)
        suggested = is_suggested(kind, score)
        classes = ["seg", "repeated"] if repeated else ["seg"]
        attrs = ""
        if mark is not None:
            classes.append("claim" if mark.live else "dismissed")
            attrs = (
                f' data-claim="{mark.claim_id}" data-status="{mark.status}"'
                f' data-rating="{escape(mark.rating_slug)}"'
            )
            href = f"?claim={mark.claim_id}#panel"
            verdict = mark.rating_label or "not rated"
            tip = f"Claim {mark.claim_id}, {verdict}, {mark.status.replace('_', ' ')}"
        else:
            href = f"?segments={seg_id}#panel"
            tip = ""
        if suggested:
            classes.append("suggested")
            why = describe_reasons(reasons) or "no reasons recorded"
            if mark is None:
                tip = f"Suggested · score {score:.2f} · {why}"
        if filtering:
            if segment_matches(show, query, text, suggested, mark):
                classes.append("hit")
                matches += 1
                if first is None:
                    first = seg_id
            else:
                classes.append("dim")
        if seg_id in selected:
            classes.append("selected")
        tip_attr = f' data-tip="{escape(tip)}"' if tip else ""
        # The text once (no copy in an aria-label): its state and reasons reach screen readers
        # through the tooltip, which review.js ties to the sentence with aria-describedby on
        # focus. A suggestion's reasons mark the exact words they quote. Nothing the id says
        # twice: review.js reads the segment's id from id="s…" (30 bytes a sentence).
        words = _marked(text, start, reasons) if suggested and mark is None else escape(text)
        out.append(
            f'<a class="{" ".join(classes)}" id="s{seg_id}" href="{href}" role="button"'
            f"{attrs}{tip_attr}>{words}</a>"
        )
    if close_tag:
        out.append(close_tag)
    if in_list:
        out.append("</ul>")
    html = mark_safe("".join(out))  # noqa: S308 - all text escaped
    return ArticleView(html, matches, first, has_title=bool(titles))
