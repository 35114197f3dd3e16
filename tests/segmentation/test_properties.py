"""Property tests: offsets reconstruct the text, no overlap, order, full coverage."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.segmentation import SEGMENT_KINDS, is_space, segment, split_sentences

# Pieces of news-like text, chosen to hit the tricky paths: abbreviations,
# quotes, ellipses, dashes, line ends (LF, CRLF, CR), no-break spaces, BOM, Markdown.
PIECES = [
    "The",
    "army",
    "said",
    "Dr.",
    "Kwaja",
    "U.S.",
    "U.N.",
    "Feb.",
    "7",
    "$1.2",
    "billion",
    "2.3%",
    "a.m.",
    "e.g.",
    "No.",
    "J.",
    "D.",
    "Smith",
    "St.",
    "LOUIS",
    "\u2014",
    "-",
    "...",
    "\u2026",
    ".",
    "?",
    "!",
    ",",
    ":",
    ";",
    "\u201c",
    "\u201d",
    "\u2018",
    "\u2019",
    '"',
    "'",
    "(",
    ")",
    "[",
    "]",
    " ",
    " ",
    " ",
    "\u00a0",
    "\t",
    "\n",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\ufeff",
    "#",
    "## ",
    "# ",
    "- ",
    "* ",
    "1. ",
    "> ",
    "===",
    "---",
    "Lavrov",
    "Condemns",
    "the",
    "West",
    "x",
    "\u200b",
    "\u2028",
]
text_strategy = st.lists(st.sampled_from(PIECES), max_size=60).map("".join) | st.text(max_size=80)

# Markup that segment() may leave out of its spans, line by line.
_MARKER_PREFIX_RE = re.compile(
    r"[\s\ufeff\u200b]*(?:>[ \t\u00a0]?[\s\ufeff\u200b]*)*"
    r"(?:#{1,6}[ \t\u00a0]+"
    r"|(?:[-*+\u2022\u2023\u25e6\u25aa\u2043]|\d{1,3}[.)]|[a-z][.)])[ \t\u00a0]+)?"
)
_RULE_LINE_RE = re.compile(r"[\s\ufeff\u200b]*(?:[-*_=][ \t]*)+[\s\ufeff\u200b]*\Z")
_TRAILING_HASHES_RE = re.compile(r"[ \t]#+[\s\ufeff\u200b]*\Z")
_LINE_RE = re.compile(r"[^\r\n\u2028\u2029\x85]*")


def _markup_positions(body: str) -> set[int]:
    allowed: set[int] = set()
    for m in _LINE_RE.finditer(body):
        line, base = m.group(), m.start()
        if _RULE_LINE_RE.match(line):
            allowed.update(range(base, base + len(line)))
            continue
        prefix = _MARKER_PREFIX_RE.match(line)
        allowed.update(range(base, base + prefix.end()))
        trail = _TRAILING_HASHES_RE.search(line)
        # A heading's closing hashes, also inside a quote ("> ## Title #").
        if trail and (line.lstrip().startswith("#") or "#" in prefix.group()):
            allowed.update(range(base + trail.start(), base + len(line)))
    return allowed


def _check_spans(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Common checks; returns the covered positions."""
    covered: set[int] = set()
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)  # in order, non-empty, no overlap
        assert not is_space(text[start]) and not is_space(text[end - 1])  # stripped
        covered.update(range(start, end))
        previous_end = end
    return covered


@settings(max_examples=400, deadline=None)
@given(text_strategy)
def test_split_sentences_covers_every_non_space_character_in_order(text):
    spans = split_sentences(text)
    covered = _check_spans(text, spans)
    uncovered = [i for i, ch in enumerate(text) if not is_space(ch) and i not in covered]
    assert uncovered == []


@settings(max_examples=400, deadline=None)
@given(text_strategy)
def test_segment_offsets_reconstruct_text_and_cover_all_but_markup(text):
    spans = segment(text)
    for span in spans:
        assert span.kind in SEGMENT_KINDS
        assert text[span.start : span.end] == span.text
    covered = _check_spans(text, [(s.start, s.end) for s in spans])
    paragraphs = [s.paragraph for s in spans]
    assert paragraphs == sorted(paragraphs)
    markup = _markup_positions(text)
    uncovered = [
        i for i, ch in enumerate(text) if not is_space(ch) and i not in covered and i not in markup
    ]
    assert uncovered == []
