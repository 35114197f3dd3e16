"""Frozen copy of the check-worthiness scorer before issue 13's third round (benchmark only).

The scorer as it stood on branch scorer3 at commit c3a4d9f (annotations/checkworthiness.py
and its model file, copied unchanged but for the model path), kept so that
``bench/checkworthiness.py`` can show it side by side with today's.

Original docstring: how worth checking a sentence is, with the reasons as quoted spans.

Pure Python, no Django. Two layers, both readable:

1. **Signals.** A few regular expressions (a trie-compiled lexicon, figures, capitalised
   runs, a little grammar) find the words that matter to a fact-checker (Full Fact's
   claim types: figures, dates, comparisons, causes, rules, support, events; and their
   opposites: opinions, predictions, hopes, personal anecdotes, procedure, questions).
   Each becomes a :class:`Reason` that quotes exactly the words it is about
   (``text == sentence[start:end]``).
2. **Weights.** A small logistic model turns the signals into a score in 0..1. Its
   weights live in ``checkworthiness_model.json`` beside this module (a few KB, trained
   from the labelled corpus by ``python -m annotations.checkworthiness_train``), and each
   weight's sign is fixed by its signal's kind, so a reason always pushes the way its
   kind says: a figure never lowers a score, a hope never raises one.

Why not a bag of words: 600 labelled sentences are too few to learn vocabulary without
memorising it, and each signal can be shown to an editor as the words that triggered it.
The word lists are hand-written, though, and held-out shows they carry over less well than
cross-validation on dev suggested (docs/segmentation.md).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

DEFAULT_THRESHOLD = 0.5
MODEL_PATH = Path(__file__).with_name("checkworthiness_v2_model.json")

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
    "wording",
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
    "wording": "claim wording",
    "opinion": "opinion",
    "prediction": "prediction",
    "question": "question",
    "procedural": "procedure",
    "hedge": "hedge",
    "personal": "personal",
}


class Reason(NamedTuple):
    """Why a score moved: a kind and the exact words (``sentence[start:end] == text``).

    A named tuple, not a frozen dataclass: a long article makes tens of thousands.
    """

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
    "numword": (
        "quantity",
        """two three four five six seven eight nine ten eleven twelve thirteen fourteen
        fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
        eighty ninety hundred hundreds thousand thousands million millions billion billions
        dozen dozens half third thirds quarter quarters fifth fifths two-thirds
        three-quarters twice triple several""",
    ),
    "money_word": (
        "quantity",
        """cost costs budget budgets funding grant grants revenue revenues deficit deficits
        debt debts tax taxes spending fees salary salaries wages price prices income
        profit profits losses subsidy subsidies""",
    ),
    "universal": (
        "quantity",
        "every each only all; not a single; no other; any other; all but",
    ),
    "negated_event": (
        "event",
        """no none nobody nothing neither never hasn't haven't hadn't didn't wasn't weren't
        doesn't; has not; have not; had not; did not; was not; were not; does not; has
        never; have never; had never""",
    ),
    # What is not the case, stated as a general fact ("Antibiotics do not work against
    # viruses", "Naloxone cannot harm"); opinions use it too, so the model weighs it apart.
    "negated_state": (
        "event",
        """cannot can't isn't aren't; do not; is not; are not; no longer; not allowed""",
    ),
    "date": (
        "date",
        """yesterday today tonight; last week; last month; last year; last decade; last season; last
        summer; last winter; last spring; last autumn; last fall; last quarter; last
        century; this week; this month; this year; this season; this decade; past week;
        past month; past year; past decade; past century; previous year; previous month""",
    ),
    "future_date": (
        "procedural",
        """tomorrow upcoming; next week; next month; next year; next season; next
        summer; next winter; next spring; next autumn; next fall; this weekend; later
        this year; later this month""",
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
        absolutely deeply utterly hugely totally owe unsure uncertain uncertainty untold;
        not sure; would rather; 'd rather; turning point; no way; what
        matters; it is time; too early; far too""",
    ),
    "deontic": (
        "opinion",
        # "must" with "should": a call to action more often than a rule, and a rule carries
        # its own words ("requires", "under the law", "within 48 hours").
        """should ought must; need to; needs to; have to; has to; let's; let us; we must;
        you must; i must; cannot be allowed; can only; must not""",
    ),
    "second_person": ("opinion", "you your yours yourself yourselves"),
    "future": (
        "prediction",
        "will won't shall 'll; going to",
    ),
    "expectation": (
        "prediction",
        """expect expects expected expecting expectation hope hopes hoped hoping intend
        intends intended promise promises promised want wants wish wishes predicted
        predicts; looking forward; yet to see; remains to be seen; plan to; plans to;
        planned to; planning to; aim to;
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
        """meeting meets session sessions scheduled schedule agenda registration
        register tickets ticket admission webcast dial-in briefing website
        contact email phone hotline parking resume resumes adjourned recess break
        deadline livestream broadcast shown televised stream coverage kickoff interview
        conversation edited condensed transcript remarks deliberating deliberations
        forward-looking open opens opening; open house; doors open; available online;
        will be held; is set for; is due; are due; available on; available at;
        available from; free of charge; sign up; live coverage; this explainer; this live
        blog; our full story; next meeting; first pitch; spoke to; as delivered; as
        prepared; is now; are now; is being; are being; listed below""",
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
    tuple(p.split())
    for p in ("most of", "first half", "second half", "at first", "at least", "rather than")
)
_INTENSIFIABLE = _words("most more less least very so too really")
_IRREALIS = frozenset(("future", "expectation"))
# Signals that an irrealis word ("expected", "will", "hopes") takes out of the facts.
_IRREALIS_SCOPE = frozenset(
    ("event_verb", "past_ed", "perfect", "negated_event", "support", "causal", "change")
)
_CLAUSE_END_RE = re.compile(r"[,;]")
_SOURCE_FEATURES = frozenset(("named_source", "speaker", "organisation"))
_REPORTING = frozenset(("said", "evidence", "event_verb"))
_TAG_FEATURES = frozenset(("said", "named_source", "speaker", "reported_self"))
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
_SPEECH = _words("said says told added argued insisted wrote asked warned stated noted")

# ---------------------------------------------------------------------------
# Finding the signals: a few regular expressions, one Python step per hit
# ---------------------------------------------------------------------------


def _trie_pattern(phrases: Iterable[str]) -> str:
    """One regular expression for many words and phrases, factored by common prefixes.

    Python's ``re`` tries the branches of ``a|b|c`` one by one at every position; a trie
    (``fo(?:und|rced)``) makes the choice once per character, which keeps an 800-entry
    lexicon as cheap as a short pattern. Longer entries win ("found that" over "found").
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def walk(node: dict) -> str:
        ends = "" in node
        branches = [
            (r"\s+" if c == " " else re.escape(c)) + walk(child)
            for c, child in sorted(node.items())
            if c
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            # Stop at the shorter entry only at a word end ("most" but not "mostly").
            return f"(?:{body}|(?=\\b))" if len(branches) > 1 or len(body) > 1 else f"{body}?"
        return body

    return walk(trie)


def _lexicon_tables() -> tuple[dict[str, str], re.Pattern[str]]:
    """Entry -> feature (the first list an entry appears in wins), and the pattern for all.

    In each entry of :data:`_LEXICON`, the words before the first ``;`` are single words;
    after it, each ``;``-separated item is a phrase. :data:`_CANCELS` map to ``"-"``.
    """
    entries: dict[str, str] = {}
    for feature, (_kind, listed) in _LEXICON.items():
        head, _, rest = listed.partition(";")
        for word in head.split():
            entries.setdefault(word, feature)
        for phrase in rest.split(";"):
            phrase = " ".join(phrase.split())
            if phrase:
                entries.setdefault(phrase, feature)
    for phrase in _CANCELS:
        entries[" ".join(phrase)] = "-"
    pattern = re.compile(r"(?<![\w'-])" + _trie_pattern(entries) + r"(?![\w'-])")
    return entries, pattern


_ENTRY_FEATURE, _LEXICON_RE = _lexicon_tables()
# Every word and phrase of the lexicon (the trainer keeps them out of the word weights).
LEXICON_ENTRIES = frozenset(_ENTRY_FEATURE)
_SPACES_RE = re.compile(r"\s+")

_NUM = r"[\d,]*(?:\.\d+)?"  # after a first digit
_YEAR = r"(?:1[6-9]|20)\d\d"
# Figures, dates and times with digits. Every branch starts with a digit, a currency sign
# or "+", so ``re`` skips the other characters in C; "not after a letter" is checked
# after the first character (``(?<![\w.]\d)``) to keep that.
_STRUCTURE_RE = re.compile(
    rf"""
    (?P<clock>\d(?<![\w.:]\d)\d?(?:[:.]\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)
        (?:\s(?:ET|EST|EDT|CT|CST|PT|PST|GMT|BST|UTC|CET|Eastern|Pacific|Central|local\stime)\b)?
      |\d(?<![\w.:]\d)\d?:\d\d\b)
    |(?P<contact>0(?<![\w.]0)\d{{2,4}}\s\d{{3}}\s\d{{3,4}}\b|\d(?<![\w.]\d)\d\d[-.\s]\d{{4}}\b
      |\+\d[\d\s]{{7,}}\d
      |\d(?<![\w.]\d)\d*\s(?:[A-Z][a-z]+\s){{1,3}}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Lane|Drive|Way|Square)\b\.?)
    |(?P<money>[$\u00a3\u20ac]\s?\d{_NUM}(?:\s?(?:million|billion|trillion|bn|m|k)\b)?
      |\d(?<![\w.]\d){_NUM}\s?(?:million\s|billion\s)?(?:euros|dollars|pounds|yen|yuan|rupees|francs)\b)
    |(?P<percent>\d(?<![\w.]\d){_NUM}\s?(?:%|percent\b|per\scent\b|percentage\spoints?\b|basis\spoints?\b))
    |(?P<years>[12](?<![\w.][12])\d\d\d\s?[\u2013\u2014-]\s?(?:{_YEAR}|\d\d)\b)
    |(?P<tally>\d(?<![\w.]\d)\d{{0,2}}\s?[\u2013-]\s?\d{{1,3}}\b(?![.,]?\d))
    |(?P<ratio>\d(?<![\w.]\d)\d*\s(?:in|out\sof)\s(?:\d{_NUM}|two|three|four|five|six|seven|eight|nine|ten|a\shundred)\b)
    |(?P<number>\d(?<![\w.]\d){_NUM}(?:st|nd|rd|th|s)?\b|\.(?<!\w\.)\d+\b)
    """,
    re.VERBOSE,
)
_YEAR_RE = re.compile(rf"{_YEAR}s?\Z")
# A day before its month ("on 14 March", "4 Nov. 2024"): a date, not a count.
_MONTH_AFTER_RE = re.compile(
    rf"\s(?:{_MONTHS}|May|(?:{_MONTH_ABBREVIATIONS})\b\.?)(?:,?\s{_YEAR}\b)?"
)
# A reference number ("No. 23-1847", "Case No 4"): neither a figure nor a date.
_REFERENCE_BEFORE_RE = re.compile(r"(?<![\w.])nos?\.?\s\Z")
_REFERENCE_RE = re.compile(r"[\w-]+")
# Where a figure can start; the full pattern is tried only there (a handful per sentence).
_FIGURE_START_RE = re.compile(r"[\d$\u00a3\u20ac+]|\.(?=\d)")
_NAMED_DATE_START_RE = re.compile(
    rf"\b(?:{_MONTH_ABBREVIATIONS}|{_MONTHS}|May|{_WEEKDAYS}|Room|Courtroom|Suite|Gate|Floor|Booth)\b"
)
# Dates with a month's or a weekday's name: every branch starts with a capital letter.
_NAMED_DATE_RE = re.compile(
    rf"""(?:{_MONTH_ABBREVIATIONS})\.?\s\d{{1,2}}\b(?:,\s\d{{4}})?
    |(?:{_MONTHS}|May(?=\s\d))\b(?:\s\d{{1,2}}\b(?:,\s\d{{4}})?)?(?:\s{_YEAR}\b)?
    |(?:{_MONTH_ABBREVIATIONS})\.(?=\s|\Z)
    |(?:{_WEEKDAYS})\b
    |(?P<contact>(?:Room|Courtroom|Suite|Gate|Floor|Booth)\s\d+\w*)""",
    re.VERBOSE,
)
_DATE_WORDS = _words(
    f"{_MONTH_ABBREVIATIONS} {_MONTHS} {_WEEKDAYS}".replace("|", " ")
    + " May Room Courtroom Suite Gate Floor Booth"
)
_SPELLED_RATIO_RE = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\s(?:in|out\sof)\s"
    r"(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|a\shundred)\b"
)
# A run of capitalised words, with "of", "for", "de", "d\u2019" ... inside ("Bureau of Labor
# Statistics"); a word may end in its own full stop ("Dr.", "U.S.").
_CAPS_RE = re.compile(
    # The look-behind after the first letter lets ``re`` skip lower-case text in C.
    r"[A-Z\u00c0-\u00de](?<![\w'\u2019-].)(?:[\w'\u2019&-]|\.(?=[A-Za-z]))*\.?"
    r"(?:(?:\s(?:of|for|on|de|du|des|d\u2019|la|le|van|von|al|bin|and|&)(?:\sthe)?)?\s"
    r"[A-Z\u00c0-\u00de](?:[\w'\u2019&-]|\.(?=[A-Za-z]))*\.?)*"
)
# Grammar that a word list cannot see, on the lower-cased sentence.
_PERFECT_RE = re.compile(
    r"\b(?:has|have|had|'ve|'d|hasn't|haven't|hadn't)\s+(?:(?:not|never|already|just|"
    r"also|since|now|long|only|ever|yet|all)\s+)?(?:been(?!\s+[a-z]+ing\b)|done|gone|seen|made|taken|given|"
    r"found|shown|known|grown|risen|fallen|won|lost|paid|spent|built|sold|bought|held|kept|"
    r"left|met|brought|begun|become|come|run|cut|set|put|hit|shut|struck|thrown|written|told|"
    r"sent|fought|caught|led|read|heard|[a-z]{3,}(?:ed|en))\b"
)
_PAST_ED_RE = re.compile(r"\b[a-z][a-z-]{2,}(?<!e)ed\b")
# The tag after a closing quote (”,” said Dr. Ana Ruiz, who led the study"): what it
# says is about the speaker; the claim, if any, is inside the quote.
_QUOTE_CHARS_RE = re.compile("[\"\u201d\u2019']")
_QUOTE_TAG_RE = re.compile(
    "[,.?!\u2014-][\"\u201d\u2019']\\s+(?:[\\w.'\u2019-]+\\s+){0,5}?"
    r"(?:said|says|told|added|asked|wrote|insisted|argued|warned|recalled)\b"
)
# "Prosecutors said Pruitt used ...": a reported statement of fact, not a quote's tag.
_REPORTED_CLAIM_RE = re.compile(
    r"\b(said|says|told\s+\w+|reported|announced|confirmed|testified|estimated|found|"
    r"concluded|showed|shows)\s+(?:that\s+)?(?!(?:she|he|i|we|they)\b)[a-z\d$\u00a3\u20ac]"
)
# "the jury is being brought in", "Judge Patel is now giving": live narration.
_NARRATION_RE = re.compile(r"\b(?:is|are)\s+(?:now\s+|being\s+)?[a-z]{3,}ing\b")
_REPORTED_SELF_RE = re.compile(r"\b(?:said|says|told|added|wrote|insisted|argued)\s+(?:she|he)\b")
_FIRST_WORD_RE = re.compile(r"[\"'\u201c\u2018(\[]*([A-Za-z][a-z'\u2019-]*)")
# Where the sentence's content starts: past a dateline ("WASHINGTON (Wire) — "), a live
# blog's time stamp ("8:41 p.m. ET — ") or an interview's "Q: " / "A: ".
_LEAD_RE = re.compile(
    r"""(?:Q|A):\s+
    |\d{1,2}[:.]\d\d\s?(?:[ap]\.m\.|[ap]m)?(?:\s[A-Z]{2,4})?\s[\u2014\u2013-]\s
    |[A-Z][A-Z'\u2019.-]+(?:\s[A-Z][A-Z'\u2019.-]+)*(?:,\s[^\u2014\u2013()]{1,40}?)?(?:\s\([^)]{1,40}\))?\s[\u2014\u2013]\s""",
    re.VERBOSE,
)
_QUESTION_END_RE = re.compile(r"\?[\"'\u201d\u2019)\]]*\s*\Z")
_MONTH_OR_DAY = _words(f"{_MONTHS} {_WEEKDAYS} May".replace("|", " "))

# Feature name -> reason kind. Every feature the model knows is listed here.
FEATURE_KINDS: dict[str, str] = {
    "money": "quantity",
    "percent": "quantity",
    "tally": "quantity",
    "ratio": "quantity",
    "count": "quantity",
    "clock": "procedural",
    "contact": "procedural",
    "named_source": "named_source",
    "organisation": "organisation",
    "speaker": "named_source",
    "perfect": "event",
    "negated_event": "event",
    "past_ed": "event",
    "reported_self": "personal",
    "reported_claim": "attribution",
    "personal_figure": "personal",
    "personal_event": "personal",
    "procedural_figure": "procedural",
    "procedural_event": "procedural",
    "narration": "procedural",
    "future_figure": "prediction",
    "modal_figure": "hedge",
    "question": "question",
    "imperative": "procedural",
    "short": "procedural",
    **{feature: kind for feature, (kind, _entries) in _LEXICON.items()},
}
# Features that count how often they occur (capped); the others are present or not.
_COUNTED = {"count": 3, "first_person": 2}
_FIGURES = frozenset(("money", "percent", "ratio", "count", "tally", "numword"))
_DIGIT_FIGURES = _FIGURES - {"numword"}
_EVENT_FEATURES = ("event_verb", "past_ed", "perfect", "negated_event", "change")
# Context signal -> (its feature when the sentence has a figure, ... when it has an event).
_CONTEXT_FEATURES = {
    "first_person": ("personal_figure", "personal_event"),
    "anecdote": ("personal_figure", "personal_event"),
    "reported_self": ("personal_figure", "personal_event"),
    "clock": ("procedural_figure", "procedural_event"),
    "procedural": ("procedural_figure", "procedural_event"),
    "contact": ("procedural_figure", "procedural_event"),
    "future_date": ("procedural_figure", "procedural_event"),
    "imperative": ("procedural_figure", "procedural_event"),
}


# A signal: (feature, start, end) within the sentence. Plain tuples: a sentence makes a
# dozen, and a tuple costs a tenth of an object.
_Signal = tuple


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
    Sen. Roy Delacroix" becomes two titled names and two places; a title is quoted with
    the whole name after it ("Maj. Gen. Carla Reyes"); a month or a title alone is no name.
    """
    if " " not in run:  # most runs are one word: decide it at once
        word = run[:-1] if run.endswith(".") and not _keeps_dot(run) else run
        bare = word.rstrip(".")
        if bare in _STOP_CAPS or bare in _MONTH_OR_DAY or word in _TITLES:
            return []
        if (word in _ORG_HEADS or (2 <= len(word) <= 6 and word.isupper())) and (
            word not in _ACRONYM_STOP
        ):
            return [("organisation", start, start + len(word))]
        return [("name", start, start + len(word))]
    words = run.split()
    # Leading sentence words are not part of a name: "The Colter Glacier", "In March".
    while words and (words[0] in _STOP_CAPS or words[0].rstrip(".") in _STOP_CAPS):
        cut = run.index(words[0]) + len(words[0])
        rest = run[cut:]
        stripped = rest.lstrip()
        start += cut + len(rest) - len(stripped)
        run = stripped
        words = run.split()
    if not words:
        return []
    if run.endswith(".") and not _keeps_dot(words[-1]):
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
        if not words or all(w.rstrip(".") in _MONTH_OR_DAY for w in words):
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


def _proper_noun(text: str, i: int, content: int) -> bool:
    """Whether the capitalised word at ``i`` is a name: not the first word of a sentence,
    of a quotation or of a clause after a colon or dash, and not "I"."""
    if i <= content or (text[i] == "I" and (i + 1 == len(text) or not text[i + 1].isalpha())):
        return False
    j = i - 1
    while j > content and text[j].isspace():
        j -= 1
    return text[j] not in "\"'\u201c\u2018(\u2014\u2013:-"


def _signals(text: str, lower: str) -> tuple[list[tuple[str, int, int]], dict[str, float]]:
    """Every signal in ``text`` with its span, and the feature values for the model.

    ``lower`` is ``_lower(text)``, computed once by the caller (the word weights read it too).
    """
    lead = _LEAD_RE.match(text)
    content = lead.end() if lead else 0
    signals: list[tuple[str, int, int]] = []
    add = signals.append

    # Names and organisations first: the words inside them are not signals of their own.
    covered: set[int] = set()  # positions inside an organisation's or a titled name
    names: list[tuple[str, int, int]] = []
    date_starts: list[int] = []
    for m in _CAPS_RE.finditer(text, content):
        run = m.group()
        if " " in run:
            date_starts.extend(m.start() + d.start() for d in _NAMED_DATE_START_RE.finditer(run))
        elif run.rstrip(".") in _DATE_WORDS:
            date_starts.append(m.start())
        for kind, s, e in _names(run, m.start()):
            if kind == "organisation":
                add(("organisation", s, e))
                covered.update(range(s, e))
            else:
                names.append((kind, s, e))
                if kind == "titled":
                    covered.update(range(s, e))

    # The lexicon: one match per word or phrase found.
    prev_end = -2
    prev: tuple[str, int, int] | None = None
    for m in _LEXICON_RE.finditer(lower, content):
        s, e = m.span()
        if s in covered:
            continue
        if text[s].isupper() and _proper_noun(text, s, content):
            continue  # "the United States", "Rose Park": a name, not the word
        hit = m.group()
        feature = _ENTRY_FEATURE.get(hit) or _ENTRY_FEATURE.get(" ".join(hit.split()))
        if feature is None or feature == "-":
            prev = None
            continue
        if (
            feature == "opinion"
            and prev is not None
            and prev_end >= s - 1
            and lower[prev[1] : prev[2]] in _INTENSIFIABLE
        ):
            # "the most important", "so painful": an opinion, not a comparison.
            signals.remove(prev)
            s = prev[1]
        prev = (feature, s, e)
        add(prev)
        prev_end = e

    first = _FIRST_WORD_RE.match(text, content)
    if first and first.group(1).lower() in _IMPERATIVES:
        add(("imperative", first.start(1), first.end(1)))
    if "ha" in lower or "'" in lower:
        for m in _PERFECT_RE.finditer(lower, content):
            add(("perfect", m.start(), m.end()))
    reporting = not _REPORTING.isdisjoint([sig[0] for sig in signals])
    if reporting:
        for m in _REPORTED_CLAIM_RE.finditer(lower, content):
            add(("reported_claim", m.start(1), m.end(1)))
        for m in _REPORTED_SELF_RE.finditer(lower, content):
            add(("reported_self", m.start(), m.end()))
    if "ing" in lower and (" is " in lower or " are " in lower):
        for m in _NARRATION_RE.finditer(lower, content):
            add(("narration", m.start(), m.end()))
    if "ed" in lower:
        for m in _PAST_ED_RE.finditer(lower, content):
            if m.group() not in _ENTRY_FEATURE and not (
                text[m.start()].isupper() and _proper_noun(text, m.start(), content)
            ):
                add(("past_ed", m.start(), m.end()))

    has_figure = False
    dated_end = -1
    dated: list[tuple[int, int]] = []
    for i in date_starts:
        if i < dated_end:
            continue
        d = _NAMED_DATE_RE.match(text, i)
        if d:
            add((d.lastgroup or "date", d.start(), d.end()))
            dated_end = d.end()
            if d.end() - d.start() > 9 or any(c.isdigit() for c in d.group()):
                dated.append(d.span())
    if " in " in lower or " out of " in lower:
        for m in _SPELLED_RATIO_RE.finditer(lower, content):
            add(("ratio", m.start(), m.end()))
            has_figure = True
    last_end = -1
    for start in _FIGURE_START_RE.finditer(text, content):
        i = start.start()
        if i < last_end or (dated and any(ds <= i < de for ds, de in dated)):
            continue  # inside the last figure, or the day and year of "Oct. 30, 2025"
        m = _STRUCTURE_RE.match(text, i)
        if m is None:
            continue
        last_end = m.end()
        group = m.lastgroup
        s, e = m.span()
        if lower[s - 1 : s] == " " and _REFERENCE_BEFORE_RE.search(lower, max(0, s - 5), s):
            last_end = _REFERENCE_RE.match(text, s).end()
            continue
        if group == "number" and _YEAR_RE.match(m.group()):
            group = "date"
        elif group == "number" and (month := _MONTH_AFTER_RE.match(text, e)):
            group = "date"
            e = last_end = month.end()
        elif group == "number":
            group = "count"
        elif group == "years":
            group = "date"
        if group in _FIGURES:
            has_figure = True
            before = lower[max(0, s - 10) : s].split()
            if before and before[-1] in _COMPARATIVE_BEFORE_NUMBER:
                add(("comparison", s - 1 - len(before[-1]), e))  # "below 60"
            elif before and before[-1] == "by":
                add(("change", s - 3, e))  # "cuts the list by 4,000": the size of a change
        add((group, s, e))
    if has_figure:
        # "$42 billion" is one figure, not a figure and the word "billion".
        figures = [(g[1], g[2]) for g in signals if g[0] in _DIGIT_FIGURES]
        signals = [
            g for g in signals if g[0] != "numword" or not any(s <= g[1] < e for s, e in figures)
        ]
        add = signals.append
    if not has_figure:
        has_figure = any(sig[0] == "numword" for sig in signals)

    # A name next to a speech verb is a named source ("said Lena Ortiz", "Holt said").
    for kind, s, e in names:
        if kind == "titled":
            add(("named_source", s, e))
            continue
        before = lower[max(0, s - 12) : s].split()
        after = lower[e : e + 12].split()
        if (before and before[-1].strip(",") in _SPEECH) or (
            after and after[0].strip(",.") in _SPEECH
        ):
            add(("speaker", s, e))

    if _QUESTION_END_RE.search(text):
        add(("question", content, text.rfind("?") + 1))
    if len(text.split()) < 5:
        add(("short", content, len(text.rstrip())))

    # "expected", "will", "hopes" put what follows (to the next "," or ";") out of the facts.
    irrealis = min((sig[1] for sig in signals if sig[0] in _IRREALIS), default=len(text))
    if irrealis < len(text):
        stop = _CLAUSE_END_RE.search(text, irrealis)
        stop = stop.start() if stop else len(text)
        signals = [
            sig for sig in signals if not (sig[0] in _IRREALIS_SCOPE and irrealis < sig[1] < stop)
        ]
    tag = (
        _QUOTE_TAG_RE.search(text, content) if reporting and _QUOTE_CHARS_RE.search(text) else None
    )
    if tag:
        signals = [sig for sig in signals if sig[1] <= tag.start() or sig[0] in _TAG_FEATURES]

    values: dict[str, float] = {}
    for sig in signals:
        values[sig[0]] = values.get(sig[0], 0.0) + 1.0
    for feature, value in values.items():
        cap = _COUNTED.get(feature)
        values[feature] = min(value, cap) / cap if cap else 1.0
    # A figure or an event in an anecdote or a notice is no claim: "I have covered this team
    # for 15 years", "Doors open at 6:30 p.m. and tickets cost $12".
    has_event = has_figure or not values.keys().isdisjoint(_EVENT_FEATURES)
    if has_figure or has_event:
        for sig in list(signals):
            context = _CONTEXT_FEATURES.get(sig[0])
            if context is None:
                continue
            if has_figure and context[0] not in values:
                values[context[0]] = 1.0
                signals.append((context[0], sig[1], sig[2]))
            if has_event and context[1] not in values:
                values[context[1]] = 1.0
                signals.append((context[1], sig[1], sig[2]))
    if has_figure:
        if "future" in values or "expectation" in values:
            values["future_figure"] = 1.0
        if "modal" in values:
            values["modal_figure"] = 1.0
    return signals, values


def features(text: str) -> dict[str, float]:
    """The model's input for ``text``: feature name -> value (absent features are 0)."""
    return _signals(text, _lower(text))[1]


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------


# Words for the model: lower case, an apostrophe kept inside a word, every digit read as 0
# ("2,300" gives "0" and "000"; "1998" gives "0000"), so numbers count by shape, not value.
_WORD_RE = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")
_DIGIT_RE = re.compile(r"\d")


def _lower(text: str) -> str:
    """``text`` in lower case with curly apostrophes straight (same length: offsets hold)."""
    return text.lower().replace("\u2019", "'")


def _tokens(lower: str) -> list[str]:
    tokens = _WORD_RE.findall(lower)
    if _DIGIT_RE.search(lower):
        tokens = ["0" * len(t) if t[0] <= "9" else t for t in tokens]
    return tokens


def word_tokens(text: str) -> list[str]:
    """The words of ``text`` as the model reads them (see :data:`_WORD_RE`)."""
    return _tokens(_lower(text))


def word_features(tokens: list[str]) -> set[str]:
    """The words and the pairs of neighbouring words ("a b") present in a sentence."""
    return {*tokens, *(f"{a} {b}" for a, b in pairwise(tokens))}


@dataclass(frozen=True, slots=True)
class Model:
    """Signal weights (each sign fixed by its kind) and word weights (either sign).

    Words and word pairs only move the score; they are never shown as reasons: a reason
    quotes a signal, which an editor can read as a kind of claim.
    """

    bias: float
    weights: Mapping[str, float]
    words: Mapping[str, float] = field(default_factory=dict)
    pairs: Mapping[tuple[str, str], float] = field(default_factory=dict)


def make_model(bias: float, weights: Mapping[str, float], words: Mapping[str, float]) -> Model:
    """A model from its weights; word pairs ("a b") are looked up as tuples when scoring."""
    single = {w: v for w, v in words.items() if " " not in w}
    pairs = {tuple(w.split(" ")): v for w, v in words.items() if " " in w}
    return Model(bias=float(bias), weights=dict(weights), words=single, pairs=pairs)


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> Model:
    """The trained weights; loaded once per process, from the repository (no download)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return make_model(data["bias"], data["weights"], data.get("words", {}))


def _word_score(lower: str, model: Model) -> float:
    """The sum of the weights of the words and word pairs in a sentence (each counted once)."""
    if not model.words and not model.pairs:
        return 0.0
    tokens = _tokens(lower)
    words, pairs = model.words, model.pairs
    z = 0.0
    for token in set(tokens):
        if token in words:
            z += words[token]
    for pair in set(pairwise(tokens)):
        if pair in pairs:
            z += pairs[pair]
    return z


_DEFAULT: list[Model] = []


def _default_model() -> Model:
    if not _DEFAULT:
        _DEFAULT.append(load_model())
    return _DEFAULT[0]


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
    model = model or _default_model()
    lower = _lower(text)
    signals, values = _signals(text, lower)
    weights = model.weights
    z = model.bias + _word_score(lower, model)
    for feature, value in values.items():
        z += weights.get(feature, 0.0) * value
    score = round(_logistic(z), 3)
    reasons = _reasons(text, signals, weights)
    if score >= DEFAULT_THRESHOLD and not any(r.kind in POSITIVE_KINDS for r in reasons):
        # Suggested on its wording alone: show the words that raised it most.
        wording = _strongest_wording(text, lower, model, reasons)
        if wording is not None:
            reasons.insert(0, wording)
    return Checkworthiness(score=score, reasons=reasons)


# Words that weigh nothing of their own (not model inputs; never quoted as reasons).
FUNCTION_WORDS = _words("""
    the a an of in on at by to for from with and or but as is was are were be been it its
    that this these those there their his her he she they we i you
    """)


def _strongest_wording(text: str, lower: str, model: Model, taken: list[Reason]) -> Reason | None:
    """The word or pair of words with the largest positive weight, as a ``wording`` reason."""
    found = [
        (m.start(), m.end(), "0" * len(m.group()) if m.group()[0] <= "9" else m.group())
        for m in _WORD_RE.finditer(lower)
    ]
    best = None
    # Function words weigh something (long, dense sentences are more often claims) but
    # explain nothing to an editor: they are not quoted alone.
    candidates = [(model.words.get(w, 0.0), s, e) for s, e, w in found if w not in FUNCTION_WORDS]
    candidates += [(model.pairs.get((a[2], b[2]), 0.0), a[0], b[1]) for a, b in pairwise(found)]
    for weight, start, end in candidates:
        if weight <= 0 or any(start < r.end and r.start < end for r in taken):
            continue
        if best is None or weight > best[0]:
            best = (weight, start, end)
    if best is None:
        return None
    return Reason("wording", text[best[1] : best[2]], best[1], best[2])


def _reasons(
    text: str, signals: Iterable[tuple[str, int, int]], weights: Mapping[str, float]
) -> list[Reason]:
    """One reason per span that moved the score, strongest first, overlaps dropped."""
    scored = []
    for feature, start, end in signals:
        weight = weights.get(feature, 0.0)
        if weight >= 0.05 or weight <= -0.05 or feature in _SOURCE_FEATURES:
            # Who says so is shown even where it moves the score little: it is the claimant.
            scored.append((-abs(weight), start, end, feature))
    scored.sort()
    taken: list[tuple[int, int]] = []
    reasons: list[Reason] = []
    for _weight, start, end, feature in scored:
        # One reason per span: the strongest signal on those words speaks for them.
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        reasons.append(Reason(FEATURE_KINDS[feature], text[start:end], start, end))
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


def describe_reasons(reasons: Any, limit: int = 6) -> str:
    """A segment's reasons in one line (either shape, or none), strongest first.

    At most ``limit`` are named, so a tooltip stays a line or two; the stored list has all.
    """
    if not reasons:
        return ""
    if isinstance(reasons, str | Mapping):
        reasons = [reasons]
    labels = list(dict.fromkeys(reason_label(r) for r in reasons))  # each wording once
    shown = "; ".join(labels[:limit])
    return shown + (f"; and {len(labels) - limit} more" if len(labels) > limit else "")
