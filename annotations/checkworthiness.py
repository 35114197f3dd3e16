"""How worth checking a sentence is, with the reasons for the score as quoted spans.

Pure Python, no Django. Two layers, both readable:

1. **Signals.** One pass of one regular expression over the sentence finds the words
   that matter to a fact-checker (Full Fact's claim types: figures, dates, comparisons,
   causes, rules, support, events; and their opposites: opinions, predictions, hopes,
   personal anecdotes, procedure, questions). Each signal is a :class:`Reason` that
   quotes exactly the words it is about (``text == sentence[start:end]``).
2. **Weights.** A small logistic model turns the signals into a score in 0..1. Its
   weights live in ``checkworthiness_model.json`` beside this module (a few KB, trained
   from the labelled corpus by ``python -m annotations.checkworthiness_train``), and each
   weight's sign is fixed by its signal's kind, so a reason always pushes the way its
   kind says: a figure never lowers a score, a hope never raises one.

Why not a bag of words: 600 labelled sentences are too few to learn vocabulary without
memorising it; general signals carry over to unseen news, and each one can be shown
to an editor as the words that triggered it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_THRESHOLD = 0.5
MODEL_PATH = Path(__file__).with_name("checkworthiness_model.json")

# Reason kinds that speak for checking and those that speak against it.
POSITIVE_KINDS = (
    "quantity",
    "date",
    "comparison",
    "named_source",
    "attribution",
    "organisation",
    "causal",
    "rule",
    "support",
    "event",
)
NEGATIVE_KINDS = ("opinion", "prediction", "question", "procedural", "hedge", "personal")

# What an editor reads for each kind (the tooltip and the selection panel).
KIND_LABELS = {
    "quantity": "figure",
    "date": "date",
    "comparison": "comparison",
    "named_source": "named source",
    "attribution": "attribution",
    "organisation": "organisation",
    "causal": "cause",
    "rule": "rule",
    "support": "support",
    "event": "event",
    "opinion": "opinion",
    "prediction": "prediction",
    "question": "question",
    "procedural": "procedure",
    "hedge": "hedge",
    "personal": "personal",
}


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a score moved: a kind and the exact words (``sentence[start:end] == text``)."""

    kind: str
    text: str
    start: int
    end: int

    def to_dict(self, offset: int = 0) -> dict[str, Any]:
        """JSON shape stored on a segment; ``offset`` moves the span into the article body."""
        return {
            "kind": self.kind,
            "text": self.text,
            "start": self.start + offset,
            "end": self.end + offset,
        }


@dataclass(frozen=True, slots=True)
class Checkworthiness:
    """A score in 0..1 (3 decimals) and the reasons behind it, strongest first."""

    score: float
    reasons: list[Reason] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Word lists: general news language, grouped by the signal they raise
# ---------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Each feature: (reason kind, words or phrases). Phrases are matched on lower-cased
# words, so "according to" is one entry.
_LEXICON: dict[str, tuple[str, str]] = {
    "change": (
        "comparison",
        """rose risen rise rises rising fell fallen falls falling grew grown grows growing
        increased increase increases decreased decrease decreases declined decline declines
        dropped drop drops climbed climb climbs slowed slowing eased eases narrowed widened
        shrank shrunk shrinking surged soared jumped plunged slipped gained doubled tripled
        quadrupled halved tumbled slumped rebounded recovered retreated thinned contracted
        expanded worsened improved""",
    ),
    "comparison": (
        "comparison",
        """largest biggest smallest highest lowest most fewest least worst longest shortest
        fastest slowest strongest weakest warmest coldest wettest driest deadliest oldest
        newest record than compared versus vs outnumber outpaced exceeding exceeded
        surpassed majority minority ranked ranks straight consecutive row first-ever
        above-average below-average; up from; down from; more than any; for the first
        time; since records began; the first; as many as; as much as; twice as; below the;
        above the; above average; below average""",
    ),
    "universal": (
        "quantity",
        "every each only none all; not a single; no other; any other; all but",
    ),
    "evidence": (
        "attribution",
        """according found finds show shows showed shown data figures statistics records
        survey surveys study studies report reports reported review audit analysis
        estimated estimates estimate measured recorded counted census published filings
        documents testified testimony evidence poll polls; according to; found that""",
    ),
    "source_role": (
        "attribution",
        """prosecutors investigators officials authorities regulators researchers scientists
        police inspectors auditors economists experts""",
    ),
    "said": (
        "attribution",
        """said says say told tells added stated argued insisted claimed claims wrote
        noted explained asked""",
    ),
    "causal": (
        "causal",
        """because caused causes cause causing result resulted driven driver blamed
        attributed attributes linked triggered forced prompted contributed fuelled fueled
        due; led to; leading to; thanks to; as a result""",
    ),
    "rule": (
        "rule",
        """law laws legal illegal unlawful rule rules regulation regulations require
        requires required requirement bars barred ban bans banned prohibits prohibited
        allows allowed permits exempt exemption eligible mandatory statute ordinance
        treaty constitution charged charges convicted convict conviction guilty sentenced
        sentence prison parole probation verdict jurors ordered ruling ruled clause
        defines definition guidelines policy code codes licence license contract obliged
        entitled liable penalty fined; under the; under state; under federal""",
    ),
    "support": (
        "support",
        """endorsed endorses endorse backed backs supported supporting opposed opposes
        funded funds sponsored co-sponsors cosponsors sponsor signed voted votes vote
        pledged donated approved rejected vetoed ratified joined; voted for; voted against;
        in favour; in favor""",
    ),
    "event_verb": (
        "event",
        """resigned elected appointed announced launched closed won beat lost scored
        arrested pleaded acquitted died killed injured hospitalized hospitalised
        confirmed declared released filed sued awarded named identified discovered
        detected observed hired fired spent paid sold bought acquired built completed
        visited attended passed shut reopened cancelled canceled delayed suspended
        dismissed expelled deported seized raided struck collapsed flooded burned
        erupted crashed retired conceded testify traced commissioned exhibited
        inspected certified registered recalled withdrew invaded deployed imposed
        returned replaced replacing connected""",
    ),
    "opinion": (
        "opinion",
        """important wonderful terrible great fantastic remarkable outstanding
        extraordinary incredible incredibly amazing exciting excited heartbreaking
        painful shameful disgraceful unacceptable outrageous tantalizing tantalising
        bold reckless wasteful unfair fair wrong better worse best proud grateful
        delighted optimistic pessimistic hopeful clearly obviously simply truly really
        honestly deserves deserve deserved luxury special powerful electric pure boring
        blunt fragile beautiful brilliant disappointing alarming shocking appalling
        ridiculous absurd nonsense frankly thrilled relieved preventable fairer reform
        dangerous excellent superb magnificent poorly disastrous crucial vital essential
        welcome welcomed praise praised condemned unprecedented overwhelming tragic
        tragedy sad happy angry upset ashamed afraid worried worry scared nervous
        frustrated feel feels felt love hate fear fears cried modest very extremely
        absolutely deeply utterly hugely totally owe; turning point; no way; what
        matters; it is time; too early; far too""",
    ),
    "deontic": (
        "opinion",
        """should ought; need to; needs to; have to; has to; let's; let us; we must; you
        must; i must""",
    ),
    "must": ("opinion", "must"),
    "second_person": ("opinion", "you your yours yourself yourselves"),
    "future": (
        "prediction",
        "will won't shall 'll; going to",
    ),
    "expectation": (
        "prediction",
        """expect expects expected expecting expectation hope hopes hoped hoping intend
        intends intended promise promises promised want wants wish wishes predicted
        predicts; looking forward; plan to; plans to; planned to; planning to; aim to;
        aims to; set to; on track to""",
    ),
    "modal": ("hedge", "would could might may perhaps possibly probably likely unlikely"),
    "first_person": ("personal", "i me my mine myself i'm i've i'd i'll"),
    "anecdote": (
        "personal",
        """mother father son daughter grandfather grandmother grandparents wife husband
        neighbours neighbors mum dad kids twins congregation whose resident; told me; i
        met; i remember; who runs; who owns""",
    ),
    "procedural": (
        "procedural",
        """meeting meets meet session sessions scheduled schedule agenda registration
        register tickets ticket admission doors webcast dial-in briefing website online
        contact email phone hotline parking resume resumes adjourned recess break
        deadline livestream broadcast shown televised stream coverage kickoff interview
        conversation edited condensed transcript remarks deliberating deliberations
        forward-looking open opens opening; open house; will be held; is set for; is
        due; are due; available on; available at; available from; free of charge; sign
        up; live coverage; this explainer; this live blog; our full story; next meeting;
        first pitch; spoke to; as delivered; as prepared; is now; are now; is being; are
        being; listed below""",
    ),
    "greeting": (
        "procedural",
        """thank thanks welcome hello goodbye friends applause congratulations; good
        morning; good evening; good afternoon; ladies and gentlemen""",
    ),
    "transition": (
        "procedural",
        """; here is; here are; here's; let me; what follows; we will update; read on; in
        practical terms; that said""",
    ),
}
# Phrases that take back what their words signalled: "most of" is no superlative, "the
# second half" of a match is no quantity.
_CANCELS = frozenset(
    tuple(p.split()) for p in ("most of", "first half", "second half", "at first", "at least")
)
_INTENSIFIABLE = _words("most more less least very so too really")
_IRREALIS = frozenset(("future", "expectation"))
# Signals that an irrealis word ("expected", "will", "hopes") takes out of the facts.
_IRREALIS_SCOPE = frozenset(
    ("event_verb", "past_ed", "perfect", "negated_event", "support", "causal", "change")
)
_COMPARATIVE_BEFORE_NUMBER = _words("below above over under exceeding beyond")

# Sentence-initial verbs that make an instruction or a call to action ("Bring a photo ID").
_IMPERATIVES = _words("""
    bring call keep enter turn come visit check please read join leave fix tell go take
    make remember don't do sign email contact follow click use ask get try stop send find
    look watch vote write donate apply book register park avoid wash wear stay choose
    consider imagine picture think give put
    """)
# Capitalised words that start a sentence and are not names.
_STOP_CAPS = _words("""
    The A An In On At As For If When While After Before Since Although Though However But And
    Or So Yet Then Now Also Some Many Most Both Each Another What Why How Who Where Which No
    Not This That These Those There Their His Her Its Our My Your It He She They We I You
    Of To From By With Without During Despite Under Over Into Once Only Even Still Just All
    Every Last Next Until Unless Because Meanwhile Instead Earlier Later Here Thank Please
    Good Friends Well Yes Q A Let Under Mr Mrs
    """)
# A capitalised run ending (or containing) one of these is an organisation.
_ORG_HEADS = _words("""
    Office Bureau Institute Institution Department Council Commission Committee Agency
    Authority University College School Service Services Centre Center Centers Bank Court
    Trust Fund Association Foundation Organization Organisation Project Collaborative Society
    Union Party Ministry Board Group Network Press Wire News Times Observatory Company
    Corporation Inc. Inc Ltd Club FC United Athletic Rovers League Alliance Coalition
    Parliament Senate Congress Assembly Administration Treasury Museum Hospital Clinic Watch
    Forum Cooperative Partnership Laboratory Lab Program Programme Panel Statistics Data
    Ledger Courier Post Journal Review Magazine Police Guard Army Navy Force Forces Reserve
    Exchange Fed Commission Tribunal Cabinet Mission Organization Secretariat Federation
    Conference Party Chamber Administration Service Therapeutics Pharmaceuticals Capital
    """)
_ACRONYM_STOP = _words("""
    GDP MMR LED ID TV PhD ET EST EDT PT PST CT GMT BST UTC AM PM OK Q A U.S. U.K. US UK EU's
    AP FOR IMMEDIATE RELEASE NEWS MVP CEO CFO COVID HIV AIDS NASDAQ NYSE
    """)
_TITLES = _words("""
    Dr. Prof. Sen. Rep. Gov. Gen. Lt. Col. Maj. Capt. Sgt. Adm. Rev. Mr. Mrs. Ms. Mx. Insp.
    Supt. Det. Cpl. Pvt. Cmdr. Amb. Atty. Brig. Hon. Pres. Sr. Fr. St.
    President Senator Governor Mayor Judge Justice Chief Minister Secretary Director
    Professor Doctor Commissioner Superintendent Sheriff Inspector Councillor Councilor
    Chancellor Ambassador General Colonel Captain Lieutenant Sergeant Admiral Bishop
    Father Sister Clerk Chairman Chairwoman Chair Speaker Deputy Vice Prime
    """)
_MONTH_ABBREVIATIONS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_MONTHS = "January|February|March|April|June|July|August|September|October|November|December"
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    "ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|"
    "dozens|half|third|thirds|quarter|quarters|fifth|fifths|two-thirds|three-quarters|"
    "twice|triple|single|several"
)
_AUX_PERFECT = _words("has have had 's 've 'd hasn't haven't hadn't")
_AUX_NEGATABLE = _words(
    "has have had did was were hasn't haven't hadn't didn't wasn't weren't does doesn't"
)
_NEGATORS = _words("not never n't")
_NO_WORDS = _words("no none nobody nothing neither")
_IRREGULAR_PARTICIPLES = _words("""
    been done gone seen made taken given found shown known grown risen fallen won lost paid
    spent built sold bought held kept left met brought begun become come run cut set put
    hit shut struck thrown written told sent fought caught led read heard
    """)
_SPEECH = _words("said says told added argued insisted wrote asked warned stated noted")

# ---------------------------------------------------------------------------
# One pass over the sentence
# ---------------------------------------------------------------------------

_NUM = r"\d[\d,]*(?:\.\d+)?"
_SCAN_RE = re.compile(
    rf"""
    (?P<clock>\b\d{{1,2}}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)
        (?:\s(?:ET|EST|EDT|CT|CST|PT|PST|GMT|BST|UTC|CET|Eastern|Pacific|Central|local\stime)\b)?
      |\b\d{{1,2}}:\d\d\b|\b(?:noon|midnight)\b)
    |(?P<contact>\b\d{{3}}[-.\s]\d{{4}}\b|\+\d[\d\s]{{7,}}\d|\b[\w.-]+@[\w-]+\.[\w.]+|\b[\w-]+\.(?:com|org|net|gov|io)\b
      |\b(?:Room|Courtroom|Suite|Gate|Floor|Booth|Stand)\s\d+\w*
      |\b\d+\s(?:[A-Z][a-z]+\s){{1,3}}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Lane|Drive|Way|Square)\b\.?)
    |(?P<money>[$\u00a3\u20ac]\s?{_NUM}(?:\s?(?:million|billion|trillion|bn|m|k)\b)?
      |\b{_NUM}\s?(?:million\s|billion\s)?(?:euros|dollars|pounds|yen|yuan|rupees|francs)\b)
    |(?P<percent>\b{_NUM}\s?(?:%|percent\b|per\scent\b|percentage\spoints?\b|basis\spoints?\b))
    |(?P<years>\b(?:1[6-9]|20)\d\d\s?[\u2013\u2014-]\s?(?:(?:1[6-9]|20)\d\d|\d\d)\b)
    |(?P<tally>\b\d{{1,3}}\s?[\u2013-]\s?\d{{1,3}}\b(?![.,]?\d))
    |(?P<date>\b(?:{_MONTH_ABBREVIATIONS})\.?\s\d{{1,2}}\b(?:,\s\d{{4}})?
      |\b(?:{_MONTHS}|May(?=\s\d))(?:\s\d{{1,2}}\b(?:,\s\d{{4}})?)?(?:\s(?:1[6-9]|20)\d\d\b)?
      |\b(?:{_MONTH_ABBREVIATIONS})\.(?=\s)
      |\b(?:{_WEEKDAYS})\b|\b(?:yesterday|today|tonight|tomorrow)\b
      |\b(?:1[6-9]|20)\d\d(?:s\b)?(?![\d,.]\d)
      |\b(?:last|this|next|past|previous)\s(?:week|month|year|decade|season|summer|winter|spring|autumn|fall|quarter|century)\b)
    |(?P<ratio>\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s(?:in|out\sof)\s(?:{_NUM}|two|three|four|five|six|seven|eight|nine|ten|a\shundred)\b)
    |(?P<number>(?<![\w.]){_NUM}(?:st|nd|rd|th)?\b|(?<!\w)\.\d+\b)
    |(?P<numword>\b(?i:{_NUMBER_WORDS})\b)
    |(?P<caps>(?!(?:{"|".join(sorted(_STOP_CAPS))})\b)
       [A-Z\u00c0-\u00de](?:[\w'\u2019&-]|\.(?=[A-Za-z]))*\.?
       (?:(?:\s(?:of|for|on|de|du|des|d\u2019|la|le|van|von|al|bin|and|&)(?:\sthe)?)?\s
          [A-Z\u00c0-\u00de](?:[\w'\u2019&-]|\.(?=[A-Za-z]))*\.?)*)
    |(?P<word>[A-Za-z][a-z\u00e0-\u00ff]*(?:['\u2019-][A-Za-z]+)*)
    |(?P<semicolon>;)
    """,
    re.VERBOSE,
)
# Where the sentence's content starts: past a dateline ("WASHINGTON (Wire) — "), a live
# blog's time stamp ("8:41 p.m. ET — ") or an interview's "Q: " / "A: ".
_LEAD_RE = re.compile(
    r"""(?:Q|A):\s+
    |\d{1,2}:\d\d\s?[ap]\.m\.(?:\s[A-Z]{2,3})?\s[\u2014\u2013-]\s
    |[A-Z][A-Z'\u2019.-]+(?:\s[A-Z][A-Z'\u2019.-]+)*(?:,\s[^\u2014\u2013()]{1,40}?)?(?:\s\([^)]{1,40}\))?\s[\u2014\u2013]\s""",
    re.VERBOSE,
)
_QUESTION_END_RE = re.compile(r"\?[\"'\u201d\u2019)\]]*\s*\Z")


def _lexicon_tables() -> tuple[dict[str, str], dict[tuple[str, ...], str]]:
    """Word -> feature and phrase -> feature; the first list a word appears in wins.

    In each entry of :data:`_LEXICON`, the words before the first ``;`` are single words;
    after it, each ``;``-separated item is a phrase.
    """
    words: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for feature, (_kind, entries) in _LEXICON.items():
        head, _, rest = entries.partition(";")
        for word in head.split():
            words.setdefault(word, feature)
        for phrase in rest.split(";"):
            key = tuple(phrase.split())
            if len(key) == 1:
                words.setdefault(key[0], feature)
            elif key:
                phrases.setdefault(key, feature)
    for key in _CANCELS:
        phrases[key] = "-"
    return words, phrases


_WORD_FEATURE, _PHRASE_FEATURE = _lexicon_tables()
_PHRASE_LENGTHS = sorted({len(k) for k in _PHRASE_FEATURE}, reverse=True)

# Feature name -> reason kind. Every feature the model knows is listed here.
FEATURE_KINDS: dict[str, str] = {
    "money": "quantity",
    "percent": "quantity",
    "tally": "quantity",
    "ratio": "quantity",
    "count": "quantity",
    "counts": "quantity",
    "numword": "quantity",
    "date": "date",
    "clock": "procedural",
    "contact": "procedural",
    "named_source": "named_source",
    "organisation": "organisation",
    "speaker": "named_source",
    "perfect": "event",
    "negated_event": "event",
    "past_ed": "event",
    "future_date": "procedural",
    "reported_self": "personal",
    "future_figure": "prediction",
    "modal_figure": "hedge",
    "question": "question",
    "imperative": "procedural",
    "short": "procedural",
    **{feature: kind for feature, (kind, _entries) in _LEXICON.items()},
}
# Features that count how often they occur (capped); the others are present or not.
_COUNTED = {"count": 3}
_FIGURES = frozenset(("money", "percent", "ratio", "number", "tally", "numword"))


@dataclass(slots=True)
class _Signal:
    feature: str
    start: int
    end: int


_KEEPS_DOT = _words("Inc. Jr. Sr. Co. Ltd. Corp. St. Mt. Bros.")
_CONNECTOR_SPLIT_RE = re.compile(r"\s(?:of|for|on|and|&|the)\s(?:the\s)?")


def _keeps_dot(word: str) -> bool:
    """Whether a capitalised word's final full stop is its own (an abbreviation or initial)."""
    return (
        word in _TITLES
        or word in _KEEPS_DOT
        or (len(word) == 2 and word[0].isupper())
        or word.count(".") > 1
    )


def _names(run: str, start: int) -> list[tuple[str, int, int]]:
    """A capitalised run as ("organisation" | "titled" | "name", start, end) pieces.

    "Bureau of Labor Statistics" and "Open Data Institute" stay whole (an organisation's
    words are never read as signals of their own); "Sen. Clara Whitfield of Montana and
    Sen. Roy Delacroix" becomes two titled names and a place; a title is quoted with the
    whole name after it ("Maj. Gen. Carla Reyes"); a month or a title alone is no name.
    """
    if run.endswith(".") and not _keeps_dot(run.rsplit(" ", 1)[-1]):
        run = run[:-1]
    words = run.split()
    if any(w in _ORG_HEADS for w in words) and not any(w in _TITLES for w in words[:-1]):
        return [("organisation", start, start + len(run))]
    pieces = []
    pos = 0
    for m in _CONNECTOR_SPLIT_RE.finditer(run):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(run)))
    result = []
    for s, e in pieces:
        piece = run[s:e]
        words = piece.split()
        if not words:
            continue
        if any(w in _TITLES for w in words[:-1]) and words[-1] not in _TITLES:
            kind = "organisation" if words[-1] in _ORG_HEADS else "titled"
        elif any(w in _ORG_HEADS for w in words):
            kind = "organisation"
        elif len(words) == 1 and 2 <= len(piece) <= 6 and piece.isupper():
            kind = "organisation" if piece not in _ACRONYM_STOP else "name"
        elif words[-1] in _TITLES:
            continue  # "Gen." or "Mayor" alone names nobody
        else:
            kind = "name"
        result.append((kind, start + s, start + e))
    return result


def _signals(text: str) -> tuple[list[_Signal], dict[str, float]]:
    """Every signal in ``text`` with its span, and the feature values for the model."""
    signals: list[_Signal] = []
    lead = _LEAD_RE.match(text)
    content = lead.end() if lead else 0
    words: list[tuple[str, int, int]] = []  # lower-cased words with spans, for phrases
    names: list[tuple[str, int, int]] = []
    has_figure = False
    irrealis = False  # inside the reach of "will", "expects", "hopes" (to the next ";")

    def add(feature: str, s: int, e: int) -> None:
        if irrealis and feature in _IRREALIS_SCOPE:
            return
        signals.append(_Signal(feature, s, e))

    def word(w: str, s: int, e: int, first: bool) -> None:
        nonlocal irrealis
        if first and w in _IMPERATIVES:
            add("imperative", s, e)
        words.append((w, s, e))
        n = len(words)
        prev = words[n - 2][0] if n >= 2 else ""
        feature = _WORD_FEATURE.get(w)
        if feature is not None:
            if feature == "opinion" and prev in _INTENSIFIABLE:
                # "the most important", "so painful": an opinion, not a comparison.
                while signals and signals[-1].start >= words[n - 2][1]:
                    signals.pop()
                add(feature, words[n - 2][1], e)
            else:
                add(feature, s, e)
        for length in _PHRASE_LENGTHS:
            if n >= length:
                key = tuple(x[0] for x in words[n - length :])
                phrase = _PHRASE_FEATURE.get(key)
                if phrase == "-":
                    while signals and signals[-1].start >= words[n - length][1]:
                        signals.pop()
                elif phrase is not None:
                    add(phrase, words[n - length][1], e)
        if prev in _AUX_PERFECT and (
            w in _IRREGULAR_PARTICIPLES or (w.endswith(("ed", "en")) and len(w) > 4)
        ):
            add("perfect", words[n - 2][1], e)
        elif w in _NEGATORS and prev in _AUX_NEGATABLE:
            add("negated_event", words[n - 2][1], e)
        elif w in ("she", "he") and prev in _SPEECH:
            add("reported_self", words[n - 2][1], e)
        if w in _NO_WORDS or w == "never" or (w.endswith("n't") and w[:-3] in _AUX_NEGATABLE):
            add("negated_event", s, e)
        elif feature is None and w.endswith("ed") and len(w) >= 4:
            add("past_ed", s, e)
        if feature in _IRREALIS:
            irrealis = True

    first = True
    tokens = 0
    for m in _SCAN_RE.finditer(text, content):
        tokens += 1
        group = m.lastgroup
        s, e = m.span()
        if group == "word":
            word(m.group().lower().replace("\u2019", "'"), s, e, first)
        elif group == "caps":
            run = m.group()
            pieces = _names(run, s)
            for kind, ps, pe in pieces:
                if kind == "organisation":
                    add("organisation", ps, pe)
                else:
                    names.append((kind, ps, pe))
            if first and " " not in run and not (pieces and pieces[0][0] == "organisation"):
                # A capitalised first word may be an ordinary one ("None", "Registration").
                head = run.rstrip(".")
                word(head.lower().replace("\u2019", "'"), s, s + len(head), True)
        elif group == "semicolon":
            irrealis = False
        else:
            if group in _FIGURES:
                has_figure = True
                if words and words[-1][0] in _COMPARATIVE_BEFORE_NUMBER and words[-1][2] + 1 >= s:
                    add("comparison", words[-1][1], e)  # "below 60", "over $2 million"
            if group == "number":
                add("count", s, e)
            elif group == "years":
                add("date", s, e)
            elif group == "date" and text.startswith(("next", "tomorrow", "tonight"), s):
                add("future_date", s, e)
            else:
                add(group, s, e)
        first = False

    # A name next to a speech verb is a named source ("said Lena Ortiz", "Holt said").
    for kind, s, e in names:
        if kind == "titled":
            add("named_source", s, e)
            continue
        before = text[max(0, s - 12) : s].split()
        after = text[e : e + 12].split()
        if (before and before[-1].strip(",") in _SPEECH) or (
            after and after[0].strip(",.") in _SPEECH
        ):
            add("speaker", s, e)

    if _QUESTION_END_RE.search(text):
        add("question", content, text.rfind("?") + 1)
    if tokens < 5:
        add("short", content, len(text.rstrip()))

    values: dict[str, float] = {}
    for sig in signals:
        values[sig.feature] = values.get(sig.feature, 0.0) + 1.0
    for feature, value in values.items():
        cap = _COUNTED.get(feature)
        values[feature] = min(value, cap) / cap if cap else 1.0
    if has_figure:
        if "future" in values or "expectation" in values:
            values["future_figure"] = 1.0
        if "modal" in values:
            values["modal_figure"] = 1.0
    return signals, values


def features(text: str) -> dict[str, float]:
    """The model's input for ``text``: feature name -> value (absent features are 0)."""
    return _signals(text)[1]


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Model:
    bias: float
    weights: Mapping[str, float]


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> Model:
    """The trained weights; loaded once per process, from the repository (no download)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(bias=float(data["bias"]), weights=dict(data["weights"]))


def _logistic(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    ez = math.exp(z)
    return ez / (1.0 + ez)


def score_sentence(text: str, model: Model | None = None) -> Checkworthiness:
    """Score how worth checking ``text`` is, in 0..1, with the reasons for the score.

    Verifiable content (figures, dates, comparisons, causes, rules, support, events,
    evidence) raises the score; opinions, predictions and hopes, personal anecdotes,
    procedure and logistics, and questions lower it. Attribution alone ("said Prof.
    ...") barely moves it: who said something does not make what they said checkable.
    """
    model = model or load_model()
    signals, values = _signals(text)
    weights = model.weights
    z = model.bias
    for feature, value in values.items():
        z += weights.get(feature, 0.0) * value
    score = round(_logistic(z), 3)
    return Checkworthiness(score=score, reasons=_reasons(text, signals, weights))


def _reasons(text: str, signals: Iterable[_Signal], weights: Mapping[str, float]) -> list[Reason]:
    """One reason per span that moved the score, strongest first, overlaps dropped."""
    scored = []
    for sig in signals:
        weight = weights.get(sig.feature, 0.0)
        if abs(weight) < 0.05:
            continue
        scored.append((-abs(weight), sig.start, sig))
    scored.sort(key=lambda item: (item[0], item[1]))
    taken: list[tuple[int, int]] = []
    reasons: list[Reason] = []
    seen: set[tuple[str, int, int]] = set()
    for _w, _s, sig in scored:
        kind = FEATURE_KINDS[sig.feature]
        key = (kind, sig.start, sig.end)
        if key in seen or any(sig.start < e and s < sig.end for s, e in taken):
            continue
        seen.add(key)
        taken.append((sig.start, sig.end))
        reasons.append(Reason(kind, text[sig.start : sig.end], sig.start, sig.end))
    return reasons


def is_suggested(score: float, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """Whether a sentence with ``score`` is suggested as a claim to check."""
    return score >= threshold


def reason_label(reason: Any) -> str:
    """A reason as an editor reads it: ``figure “$42 billion”``; old string reasons as they are.

    Segments scored before reasons carried spans hold plain strings; every reader goes
    through here so both shapes show until they are rescored.
    """
    if isinstance(reason, Mapping):
        kind = str(reason.get("kind", ""))
        label = KIND_LABELS.get(kind, kind.replace("_", " "))
        quoted = str(reason.get("text", ""))
        return f"{label} \u201c{quoted}\u201d" if quoted else label
    return str(reason)


def describe_reasons(reasons: Any) -> str:
    """All of a segment's reasons in one line (either shape, or none)."""
    if not reasons:
        return ""
    if isinstance(reasons, str | Mapping):
        reasons = [reasons]
    return "; ".join(reason_label(r) for r in reasons)
