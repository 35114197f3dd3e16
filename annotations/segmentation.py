"""Split an article body into structural segments and sentences.

Pure Python, no Django: the ingest command, the API and the benchmark all call
:func:`segment` and :func:`split_sentences`.

Offsets are character offsets into the *unchanged* body, so ``body[start:end]``
is always the span's text. Whitespace (including no-break spaces, the BOM and
zero-width spaces) is never part of a span; Markdown markers (``#``, list
bullets, ``>``, setext underlines and horizontal rules) are left out too.

Sentence boundaries inside a paragraph are proposed by spaCy's rule-based
sentencizer (``spacy.blank("en")`` + ``sentencizer``; its tokenizer's abbreviation
exceptions keep "Dr." or "Feb." whole). A thin layer of our own rules corrects it
where it fails on news copy: it merges false splits (titles, "No. 3", "et al.",
"ST. LOUIS —", "?” Lavrov asked") and adds the splits spaCy misses (after an
abbreviation, an initial or an ellipsis that ends a sentence, "9 a.m. Lunch").
Paragraph ends are ours too. See docs/segmentation.md for the measurement.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from typing import Any

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


# ---------------------------------------------------------------------------
# Sentence boundaries
# ---------------------------------------------------------------------------

# A candidate boundary: terminal punctuation, optional closing quotes or
# brackets, then whitespace and something that can start a sentence.
_CANDIDATE_RE = re.compile(
    r"""
    (?P<term>\.(?:[ \u00a0]\.){2,}|[.!?\u2026\u203d]+)
    (?P<close>[\"'\u201d\u2019\u00bb\u203a)\]]*)
    (?P<space>[\s\ufeff\u200b]+)
    (?P<open>[\"'\u201c\u2018\u00ab\u2039(\[\u2014\u2013-]*)
    (?P<next>[$\u00a3\u20ac]?[^\W_])
    """,
    re.VERBOSE,
)
_NEXT_WORD_RE = re.compile(r"[\w'\u2019.-]*")


def _words(text: str) -> frozenset[str]:
    """A word list written as one string, for readability."""
    return frozenset(text.split())


# Titles that always stand before a name: "Dr. Kwaja", "Gen. Smith".
_TITLES = _words("""
    dr mr mrs ms mx messrs mme mlle prof gen gens sen sens rep reps gov lt col capt cpt
    sgt adm maj cmdr cdr rev revd fr hon pres supt det insp cpl pvt amb atty brig msgr
    gov't lieut spc pfc pte cllr ald rt asst assoc
    """)
# Abbreviations that never end a sentence in news copy.
_ALWAYS_CONTINUE = _words("e.g i.e vs v cf viz approx ca al")
# Abbreviations that stand before a number: "No. 3", "pp. 4-5".
_NUMBER_PREFIXES = _words(
    "no nos art arts vol vols pp p fig figs ch chap para paras op ex exh sec secs"
)
_MONTHS = _words("jan feb mar apr jun jul aug sep sept oct nov dec")
# Abbreviations that end a name and so often end a sentence too.
_NAME_ENDINGS = _words("inc corp co ltd llc plc jr sr bros etc assn cos esq bhd cie")
# Other abbreviations that may sit mid-sentence before a capital ("St. Louis").
_OTHER_ABBREVIATIONS = _words("""
    st ste mt ft ave blvd rd hwy sq dept univ intl int'l int\u2019l natl est govt
    mfg div dist twp admin pty sdn
    """)
# AP-style state abbreviations, recognised after "City, ".
_STATES = _words("""
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss
    mo mont neb nev okla ore pa tenn tex vt va wash wis wyo
    """)
_TIME_FOLLOWERS = _words("""
    et est edt ct cst cdt mt mst mdt pt pst pdt gmt bst cet utc eastern central pacific
    mountain local monday tuesday wednesday thursday friday saturday sunday today tonight
    tomorrow yesterday
    """)
# Words that usually start a sentence and rarely continue a name: after an
# ambiguous abbreviation they tip the balance towards a boundary.
_STARTERS = _words("""
    the a an he she it they we i you this that these those there their his her its our my
    your but and or so yet in on at as for if when while after before since although though
    however meanwhile still then now also some many most both each another what why how who
    where which no not one two three four five six seven eight nine ten more few several
    such despite during with without instead earlier later last next
    """)
_SPEECH_VERBS = re.compile(
    r"(?:[A-Z][\w'\u2019.-]*\s+){1,4}(?:said|says|asked|asks|told|wrote|added|shouted|"
    r"replied|wondered|exclaimed|cried|tweeted|posted|recalled)\b"
)


_PARTY_PREFIX_RE = re.compile(r"\A[DRI]-(?=[A-Z])")


def _word_key(word: str) -> str:
    """Lower-case abbreviation key: strip opening punctuation and the final dot.

    A US party-and-state tag ("D-N.Y.", "R-Calif.") is keyed by its state.
    """
    word = word.lstrip("\"'\u201c\u2018\u00ab([{\u2014\u2013-")
    word = _PARTY_PREFIX_RE.sub("", word)
    return word[:-1].lower() if word.endswith(".") else word.lower()


# Verdicts of the correction layer: force a boundary, forbid one, or keep spaCy's.
_SPLIT, _NO_SPLIT, _SPACY = 1, 0, -1
_ONE_WORD_PAREN_RE = re.compile(r"(?:^|(?<=\s))\([^\W\d_][\w.]{0,9}\Z")
_DOTTED_RE = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}\Z")


def _decide(text: str, m: re.Match[str]) -> int:
    """Our correction for the candidate boundary ``m``: _SPLIT, _NO_SPLIT or _SPACY.

    _SPACY (keep spaCy's decision) is the default: an ordinary word before the
    full stop, ``?`` or ``!``, and the abbreviations our lists cannot settle.
    """
    term = m.group("term")
    close = m.group("close")
    nxt = m.group("next")
    next_word_match = _NEXT_WORD_RE.match(text, m.start("next"))
    raw_next_word = next_word_match.group() if next_word_match else ""
    if nxt[-1].islower() and raw_next_word.islower():
        # News sentences start with a capital, a digit or a quote: "we raised ... on
        # the", "?” asked Smith", "et al. found". ("iPhone" may start one: spaCy decides.)
        return _NO_SPLIT
    next_is_digit = nxt[-1].isdigit()
    next_word = raw_next_word.rstrip(".").lower()
    starter = next_word in _STARTERS

    if "!" in term or "?" in term or "\u203d" in term:
        # "“Why now?” Lavrov asked." continues the sentence.
        if (
            close
            and close[-1] in "\"'\u201d\u2019\u00bb"
            and _SPEECH_VERBS.match(text, m.start("open"))
        ):
            return _NO_SPLIT
        return _SPACY
    if len(term) > 1:  # an ellipsis: spaCy never ends a sentence on one
        if len(term.replace(" ", "").replace("\u00a0", "")) >= 4 or close:
            return _SPLIT  # "....": an ellipsis followed by a full stop
        spaced = m.start() > 0 and is_space(text[m.start() - 1])
        if next_is_digit:
            return _NO_SPLIT
        if spaced:
            return _SPLIT if starter else _NO_SPLIT
        return _SPLIT
    if term == "\u2026":
        spaced = m.start() > 0 and is_space(text[m.start() - 1])
        if close:
            return _SPLIT
        if next_is_digit or (spaced and not starter):
            return _NO_SPLIT
        return _SPLIT
    # A single full stop.
    if close:
        if (
            close == ")"
            and not starter
            and _ONE_WORD_PAREN_RE.search(text, max(0, m.start() - 12), m.start())
        ):
            # "Maj. Gen. (ret.) David Cole": a one-word aside ending in a full stop
            # is an abbreviation, not a sentence in brackets.
            return _NO_SPLIT
        return _SPLIT  # "... called it “solidarity.” The" — the quote closes the sentence
    # Walk back to the previous word by hand: slicing the text would cost O(n) per candidate.
    word_end = m.start()
    word_start = word_end
    while word_start > 0 and not is_space(text[word_start - 1]):
        word_start -= 1
    if word_start == word_end:
        return _SPACY
    prev = text[word_start:word_end]
    if prev[-1] in "\"'\u201d\u2019)]\u00bb":
        return _SPLIT  # "“solidarity”. The"
    key = _word_key(prev + ".")
    if not key:
        return _SPACY
    if key in _TITLES:
        return _NO_SPLIT
    if key in _ALWAYS_CONTINUE:
        return _NO_SPLIT
    if key in _NUMBER_PREFIXES:
        return _NO_SPLIT if next_is_digit else _SPACY
    if key in _MONTHS:
        # "Feb. 7" continues; an abbreviated month before a word ends the sentence
        # ("took effect in Jan. Fines ..."): spaCy keeps "Jan." whole and misses it.
        return _NO_SPLIT if next_is_digit else _SPLIT
    if key in ("a.m", "p.m"):
        return _NO_SPLIT if next_word in _TIME_FOLLOWERS else _SPLIT
    if len(key) == 1 and key.isalpha():
        if not prev.lstrip("\"'\u201c\u2018(").isupper():
            return _SPACY  # a lower-case single letter is an ordinary word here
        # An initial: "J. D. Smith", "John F. Kennedy" — unless a sentence plainly starts.
        return _SPLIT if starter else _NO_SPLIT
    if _DOTTED_RE.match(key):  # U.S., U.N., Ph.D., D.C. (but not a decimal like 6.8)
        if next_is_digit:
            return _NO_SPLIT
        return _SPLIT if starter else _NO_SPLIT
    if key in _NAME_ENDINGS:
        if next_is_digit:
            return _NO_SPLIT
        return _SPLIT if starter else _SPACY
    if key in _OTHER_ABBREVIATIONS:
        if next_is_digit:
            return _NO_SPLIT
        return _SPLIT if starter else _NO_SPLIT
    if key in _STATES and starter:
        return _SPLIT  # "moved to Sacramento, Calif. The ...": spaCy keeps "Calif." whole
    if key in _STATES and text[max(0, word_start - 2) : word_start].rstrip().endswith(","):
        # "Portland, Ore. Police said": mid-sentence AP style puts a comma after the
        # state ("Portland, Ore., police"), so a capital after it starts a sentence,
        # except in a dateline ("ST. PAUL, Minn. — Lawmakers", "Ore. (AP) —").
        return _SPACY if m.group("open") else _SPLIT
    return _SPACY


_PIPELINE: Any = None
_PIPELINE_LOCK = threading.Lock()
_PIPE_LOCK = threading.Lock()


def _pipeline() -> Any:
    """spaCy's blank English pipeline with only the rule-based sentencizer, loaded once.

    Imported lazily so that importing this module (Django start-up) stays cheap;
    nothing is downloaded: the tokenizer rules ship with the spaCy package.
    """
    global _PIPELINE
    if _PIPELINE is None:
        with _PIPELINE_LOCK:
            if _PIPELINE is None:
                import spacy

                nlp = spacy.blank("en")
                nlp.add_pipe("sentencizer")
                _PIPELINE = nlp
    return _PIPELINE


def _spacy_starts(texts: list[str]) -> list[list[int]]:
    """For each text, the offsets where spaCy starts a sentence (the first excluded)."""
    if not texts:
        return []
    nlp = _pipeline()
    # spaCy's tokenizer is not documented as thread-safe; threaded servers share one pipeline.
    with _PIPE_LOCK:
        return [
            [sentence.start_char for sentence in doc.sents][1:]
            for doc in nlp.pipe(texts, batch_size=256)
        ]


def _split_blocks(text: str, blocks: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Sentence offsets for each paragraph block text[start:end], spaCy batched over all.

    Candidates (terminal punctuation, optional closing quotes, whitespace, a
    sentence opener) come from :data:`_CANDIDATE_RE`; spaCy's verdict on each is
    whether it starts a sentence between the whitespace and the opener. Blocks
    without a candidate cannot hold a boundary and skip spaCy; spaCy splits that
    fall on no candidate (``Hello.World``: no space) are dropped. The cut is made
    after the closing quotes, so an opening quote goes with the next sentence
    (spaCy leaves it on the previous one).
    """
    candidates = [list(_CANDIDATE_RE.finditer(text, s, e)) for s, e in blocks]
    need = [i for i, found in enumerate(candidates) if found]
    starts_by_block: dict[int, list[int]] = dict(
        zip(need, _spacy_starts([text[blocks[i][0] : blocks[i][1]] for i in need]), strict=True)
    )
    result = []
    for i, (start, end) in enumerate(blocks):
        starts = starts_by_block.get(i, [])
        boundaries: list[int] = []
        k = 0
        for m in candidates[i]:
            cut = m.end("close")
            # spaCy's start is relative to the block; the opener's first letter or
            # digit is the last place it can fall for this candidate.
            while k < len(starts) and start + starts[k] < cut:
                k += 1
            spacy_split = k < len(starts) and start + starts[k] < m.end("next")
            verdict = _decide(text, m)
            if verdict == _SPLIT or (verdict == _SPACY and spacy_split):
                boundaries.append(cut)
        spans = []
        pos = start
        for b in [*boundaries, end]:
            s, e = _strip_bounds(text, pos, b)
            if e > s:
                spans.append((s, e))
            pos = b
        result.append(spans)
    return result


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


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence offsets ``(start, end)`` within ``text``, in order, never overlapping.

    Line breaks end a paragraph (and so a sentence) unless the line is plainly
    soft-wrapped: no final punctuation and the next line starts in lower case.
    """
    blocks = [(block.start, block.end) for block in _paragraph_blocks(text, _lines(text))]
    return [span for spans in _split_blocks(text, blocks) for span in spans]


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
_SMALL_WORDS = _words(
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
