"""Structural blocks of a body (title, byline, heading, list, caption ...) and :func:`segment`."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from annotations.segmentation.sentences import _split_blocks
from annotations.segmentation.spans import (
    _TERMINAL_END_RE,
    SegmentSpan,
    _lines,
    _strip_bounds,
    word_set,
)

# ---------------------------------------------------------------------------
# Structure
# ---------------------------------------------------------------------------

_MD_HEADING_RE = re.compile(r"(#{1,6})[ \t\u00a0]+")
_MD_RULE_RE = re.compile(r"(?:[-*_=][ \t]*){3,}\Z")
_SETEXT_RE = re.compile(r"(?:=+|-+)[ \t]*\Z")
_LIST_RE = re.compile(r"(?:[-*+\u2022\u2023\u25e6\u25aa\u2043]|\d{1,3}[.)]|[a-z][.)])[ \t\u00a0]+")
_QUOTE_MARK_RE = re.compile(r">[ \t\u00a0]?")
_CREDIT_RE = re.compile(
    r"\((?:[^()]*(?:/|Getty|Reuters|AFP|\bAP\b|Associated Press|Images|Photo|photo|"
    r"Shutterstock|EPA|Bloomberg|[Cc]ourtesy|Pool|File|Handout|Credit)[^()]*)\)\s*\Z"
)
_CAPTION_START_RE = re.compile(r"(?:Photo|PHOTO|Caption|CAPTION|Image|IMAGE|Pictured)\s*[:\u2014-]")
_BYLINE_BY_RE = re.compile(r"(?:By|BY|by)[ \u00a0]+[A-Z\u00c0-\u024f]")
_NAME_WORD_RE = re.compile(
    r"(?:[A-Z\u00c0-\u00de][\w\u00c0-\u024f'\u2019.-]*|de|da|van|von|der|al|bin|la|le|and|&)\Z"
)
_SMALL_WORDS = word_set(
    "a an the and or but of on in at to for by with from as vs via nor up over into its"
)


def _is_title_case(text: str, max_words: int) -> bool:
    """Headline style: few words, most of the meaningful ones capitalised."""
    words = text.split()
    if not words or len(words) > max_words or not (text[0].isupper() or text[0].isdigit()):
        return False
    meaningful = [w.lstrip("\"'\u201c\u2018(") for w in words if w.lower() not in _SMALL_WORDS]
    meaningful = [w for w in meaningful if w and w[0].isalpha()]
    if not meaningful:
        return False
    capitalised = sum(1 for w in meaningful if w[0].isupper())
    return capitalised / len(meaningful) >= 0.6


def _looks_like_title(text: str) -> bool:
    return len(text) <= 250 and not text.endswith((".", ",", ";", ":")) and len(text.split()) <= 30


def _looks_like_heading(text: str) -> bool:
    if len(text) > 100 or text.endswith((".", ",", ";", ":", "\u2026")):
        return False
    if text.endswith(("?", "!")):
        return _is_title_case(text, 10)
    return _is_title_case(text, 14) or (text.isupper() and len(text.split()) <= 10)


def _looks_like_caption(text: str) -> bool:
    return bool(_CREDIT_RE.search(text) or _CAPTION_START_RE.match(text))


def _looks_like_byline(text: str) -> bool:
    if len(text) > 120 or text.endswith((".", "?", "!", ":", ";")):
        return False
    if _BYLINE_BY_RE.match(text):
        return len(text.split()) <= 16
    words = text.replace(",", " ").split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in text):
        return False
    return all(_NAME_WORD_RE.match(w) for w in words) and words[0][0].isupper()


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(slots=True)
class _Block:
    start: int
    end: int
    kind: str  # "paragraph", "heading", "title", "list_item", "caption", ...
    blank_before: bool
    blank_after: bool
    marked: bool = False  # kind given by Markdown markup, not guessed


def _blocks(body: str) -> list[_Block]:
    """Lines -> blocks with Markdown markers removed from their bounds."""
    blocks: list[_Block] = []
    for line in _lines(body):
        s, e = line.start, line.end
        text = body[s:e]
        if _MD_RULE_RE.match(text) or (
            _SETEXT_RE.match(text) and blocks and not line.blank_before and not blocks[-1].marked
        ):
            if _SETEXT_RE.match(text) and blocks and not line.blank_before:
                blocks[-1].kind = "title" if text.startswith("=") else "heading"
                blocks[-1].marked = True
            elif blocks:
                blocks[-1].blank_after = True
            continue
        kind, marked = "paragraph", False
        m = _QUOTE_MARK_RE.match(text)
        if m:
            s, e = _strip_bounds(body, s + m.end(), e)
            if e == s:
                continue
            text = body[s:e]
        m = _MD_HEADING_RE.match(text)
        if m:
            kind, marked = ("title" if len(m.group(1)) == 1 else "heading"), True
            s, e = _strip_bounds(body, s + m.end(), e)
            # Closing hashes ("## Heading ##") are markup as well.
            trail = re.search(r"[ \t]#+\Z", body[s:e])
            if trail:
                s, e = _strip_bounds(body, s, s + trail.start())
        else:
            m = _LIST_RE.match(text)
            if m and e > s + m.end() and not (text[0].isalpha() and not line.blank_before):
                kind, marked = "list_item", True
                s, e = _strip_bounds(body, s + m.end(), e)
        if e == s:
            continue
        # Soft-wrapped continuation: join to the previous paragraph or list item.
        if (
            blocks
            and not line.blank_before
            and kind == "paragraph"
            and blocks[-1].kind in ("paragraph", "list_item")
            and body[s].islower()
            and not _TERMINAL_END_RE.search(body, blocks[-1].start, blocks[-1].end)
        ):
            blocks[-1].end = e
            blocks[-1].blank_after = line.blank_after
            continue
        blocks.append(_Block(s, e, kind, line.blank_before, line.blank_after, marked))
    return blocks


def _classify(body: str, blocks: list[_Block]) -> None:
    """Guess title, standfirst, byline, caption and heading kinds for plain blocks."""
    if not blocks:
        return
    has_blank_lines = any(b.blank_before for b in blocks[1:])
    first = blocks[0]
    title_text = ""
    # A one-line document is text, not a title.
    if first.marked and first.kind == "title":
        title_text = _normalise(body[first.start : first.end])
    elif (
        first.kind == "paragraph"
        and len(blocks) > 1
        and _looks_like_title(body[first.start : first.end])
    ):
        first.kind = "title"
        title_text = _normalise(body[first.start : first.end])
    # Header zone: repeated headline, captions, byline and a standfirst before it.
    i = 1 if title_text else 0
    pending: list[_Block] = []
    while i < len(blocks) and i <= 8:
        block = blocks[i]
        text = body[block.start : block.end]
        if block.marked:
            break
        if title_text and _normalise(text) == title_text:
            block.kind = "title"  # the headline repeated on the next line
        elif _looks_like_caption(text):
            block.kind = "caption"
        elif _looks_like_byline(text) and len(pending) <= 2:
            block.kind = "byline"
            for p in pending:
                p.kind = "standfirst"
            pending = []
        elif title_text and len(pending) < 2 and not _looks_like_heading(text):
            pending.append(block)
        else:
            break
        i += 1
    # Body: captions and headings among the paragraphs.
    for j, block in enumerate(blocks):
        if block.kind != "paragraph" or block in pending:
            continue
        text = body[block.start : block.end]
        if _looks_like_caption(text):
            block.kind = "caption"
        elif j > 0 and _looks_like_heading(text):
            isolated = block.blank_before and block.blank_after
            if isolated or (not has_blank_lines and len(text.split()) <= 8):
                block.kind = "heading"


def structure(body: str) -> list[SegmentSpan]:
    """The body's blocks in reading order, paragraphs whole (kind ``paragraph``).

    What :func:`segment` builds on before it splits paragraphs into sentences: enough to
    detect a title and byline at a fraction of the cost (the sentence splitter dominates).
    """
    return list(_structure(body))


# Ingest asks for the structure (title, byline) and then for the segments of the same body:
# the blocks are found once. One body is kept (up to 5 MB); spans are immutable.
@functools.lru_cache(maxsize=1)
def _structure(body: str) -> tuple[SegmentSpan, ...]:
    blocks = _blocks(body)
    _classify(body, blocks)
    return tuple(
        SegmentSpan(block.kind, block.start, block.end, body[block.start : block.end], number)
        for number, block in enumerate(blocks)
    )


def segment(body: str) -> list[SegmentSpan]:
    """Split an article body into structural segments in reading order.

    Title, standfirst, byline, caption, heading and list item are one span per
    block; paragraphs are split into ``sentence`` spans. ``body[start:end] ==
    text`` for every span, spans never overlap and are in order.
    """
    blocks = _structure(body)
    paragraphs = [(b.start, b.end) for b in blocks if b.kind == "paragraph"]
    sentences = iter(_split_blocks(body, paragraphs))
    spans: list[SegmentSpan] = []
    for block in blocks:
        if block.kind == "paragraph":
            for s, e in next(sentences):
                spans.append(SegmentSpan("sentence", s, e, body[s:e], block.paragraph))
        else:
            spans.append(block)
    return spans
