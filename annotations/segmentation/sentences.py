"""Sentence boundaries inside a paragraph: spaCy's sentencizer and our corrections."""

from __future__ import annotations

import re
import threading
from typing import Any

from annotations.segmentation.spans import (
    _lines,
    _paragraph_blocks,
    _strip_bounds,
    is_space,
    word_set,
)

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


# Titles that always stand before a name: "Dr. Kwaja", "Gen. Smith".
_TITLES = word_set("""
    dr mr mrs ms mx messrs mme mlle prof gen gens sen sens rep reps gov lt col capt cpt
    sgt adm maj cmdr cdr rev revd fr hon pres supt det insp cpl pvt amb atty brig msgr
    gov't lieut spc pfc pte cllr ald rt asst assoc
    """)
# Abbreviations that never end a sentence in news copy.
_ALWAYS_CONTINUE = word_set("e.g i.e vs v cf viz approx ca al")
# Abbreviations that stand before a number: "No. 3", "pp. 4-5".
_NUMBER_PREFIXES = word_set(
    "no nos art arts vol vols pp p fig figs ch chap para paras op ex exh sec secs"
)
_MONTHS = word_set("jan feb mar apr jun jul aug sep sept oct nov dec")
# Abbreviations that end a name and so often end a sentence too.
_NAME_ENDINGS = word_set("inc corp co ltd llc plc jr sr bros etc assn cos esq bhd cie")
# Other abbreviations that may sit mid-sentence before a capital ("St. Louis").
_OTHER_ABBREVIATIONS = word_set("""
    st ste mt ft ave blvd rd hwy sq dept univ intl int'l int\u2019l natl est govt
    mfg div dist twp admin pty sdn
    """)
# AP-style state abbreviations, recognised after "City, ".
_STATES = word_set("""
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss
    mo mont neb nev okla ore pa tenn tex vt va wash wis wyo
    """)
_TIME_FOLLOWERS = word_set("""
    et est edt ct cst cdt mt mst mdt pt pst pdt gmt bst cet utc eastern central pacific
    mountain local monday tuesday wednesday thursday friday saturday sunday today tonight
    tomorrow yesterday
    """)
# Words that usually start a sentence and rarely continue a name: after an
# ambiguous abbreviation they tip the balance towards a boundary.
_STARTERS = word_set("""
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


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence offsets ``(start, end)`` within ``text``, in order, never overlapping.

    Line breaks end a paragraph (and so a sentence) unless the line is plainly
    soft-wrapped: no final punctuation and the next line starts in lower case.
    """
    blocks = [(block.start, block.end) for block in _paragraph_blocks(text, _lines(text))]
    return [span for spans in _split_blocks(text, blocks) for span in spans]
