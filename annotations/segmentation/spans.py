"""Spans, whitespace and lines: what the sentence splitter and the block finder share."""

from __future__ import annotations

import re
from dataclasses import dataclass

SEGMENT_KINDS = ("title", "standfirst", "byline", "caption", "heading", "sentence", "list_item")


@dataclass(frozen=True, slots=True)
class SegmentSpan:
    """One structural piece of an article; ``body[start:end] == text`` always."""

    kind: str
    start: int
    end: int
    text: str
    paragraph: int


# ---------------------------------------------------------------------------
# Whitespace and lines
# ---------------------------------------------------------------------------

# \s covers no-break and thin spaces; the BOM and zero-width characters are
# invisible too, so they are treated as space and never start or end a span.
_SPACE_CHARS = "\ufeff\u200b\u200c\u200d\u2060"
_LINE_RE = re.compile(r"[^\r\n\u2028\u2029\x85]*(?:\r\n|[\r\n\u2028\u2029\x85]|$)")
_NON_SPACE_RE = re.compile(rf"[^\s{_SPACE_CHARS}]")
_LAST_NON_SPACE_RE = re.compile(rf"[^\s{_SPACE_CHARS}][\s{_SPACE_CHARS}]*\Z")


def is_space(char: str) -> bool:
    """True for characters that never belong to a segment (whitespace, BOM, zero-width)."""
    return char.isspace() or char in _SPACE_CHARS


def _strip_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink text[start:end] so that it neither starts nor ends with space."""
    m = _NON_SPACE_RE.search(text, start, end)
    if m is None:
        return start, start
    start = m.start()
    while end > start and is_space(text[end - 1]):
        end -= 1
    return start, end


def word_set(text: str) -> frozenset[str]:
    """A word list written as one string, for readability."""
    return frozenset(text.split())


# ---------------------------------------------------------------------------
# Lines and blocks
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    start: int  # stripped content bounds in body
    end: int
    blank_before: bool
    blank_after: bool = False


_TERMINAL_END_RE = re.compile(r"[.!?\u2026:;\"'\u201d\u2019)\]\u00bb]\Z")


def _lines(body: str) -> list[_Line]:
    """Non-blank lines of ``body`` with stripped bounds and blank-line context."""
    lines: list[_Line] = []
    blank = True
    pos = 0
    n = len(body)
    for m in _LINE_RE.finditer(body):
        if m.start() >= n and m.end() == m.start():
            break
        s, e = _strip_bounds(body, m.start(), m.end())
        if e == s:
            blank = True
            if lines:
                lines[-1].blank_after = True
        else:
            lines.append(_Line(s, e, blank))
            blank = False
        pos = m.end()
        if pos >= n:
            break
    if lines:
        lines[-1].blank_after = True
    return lines


def _paragraph_blocks(body: str, lines: list[_Line]) -> list[_Line]:
    """Join soft-wrapped lines (no final punctuation, next starts lower-case)."""
    blocks: list[_Line] = []
    for line in lines:
        if (
            blocks
            and not line.blank_before
            and body[line.start].islower()
            and not _TERMINAL_END_RE.search(body, blocks[-1].start, blocks[-1].end)
        ):
            blocks[-1].end = line.end
            blocks[-1].blank_after = line.blank_after
        else:
            blocks.append(_Line(line.start, line.end, line.blank_before, line.blank_after))
    return blocks
