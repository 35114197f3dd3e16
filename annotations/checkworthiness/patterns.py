"""Regular expressions for figures, dates, names and grammar, and every feature's reason kind."""

from __future__ import annotations

import re

from annotations.checkworthiness.lexicon import (
    LEXICON,
    MONTH_ABBREVIATIONS,
    MONTHS,
    WEEKDAYS,
    word_set,
)

_SPACES_RE = re.compile(r"\s+")

_NUM = r"[\d,]*(?:\.\d+)?"  # after a first digit
_YEAR = r"(?:1[6-9]|20)\d\d"
# Figures, dates and times with digits. Every branch starts with a digit, a currency sign
# or "+", so ``re`` skips the other characters in C; "not after a letter" is checked
# after the first character (``(?<![\w.]\d)``) to keep that.
STRUCTURE_RE = re.compile(
    rf"""
    (?P<clock>\d(?<![\w.:]\d)\d?(?:[:.]\d\d)?(?:\s?[\u2013-]\s?\d\d?(?:[:.]\d\d)?)?
        \s?(?:a\.m\.|p\.m\.|am\b|pm\b)
        (?:\s(?:ET|EST|EDT|CT|CST|PT|PST|GMT|BST|UTC|CET|Eastern|Pacific|Central|local\stime)\b)?
      |\d(?<![\w.:]\d)\d?:\d\d\b
      |(?<![\w.])[012]\d[0-5]\d\s(?:GMT|EST|EDT|ET|BST|UTC|CET|CEST)\b)
    |(?P<contact>\d(?<![\w.]\d)(?:-\d{{3}}|\d\d)[-.\s]\d{{3}}[-.\s]\d{{4}}\b
      |0(?<![\w.]0)\d{{2,4}}\s\d{{3}}\s\d{{3,4}}\b|\d(?<![\w.]\d)\d\d[-.\s]\d{{4}}\b
      |\+\d[\d\s]{{7,}}\d
      |0(?<![\w.]0)\d{{2,4}}-\d{{6,8}}\b|0(?<![\w.]0)\d\d(?:-\d{{3}}){{3}}\b
      |\d(?<![\w.]\d)\d*\s(?:[A-Z][a-z]+\s){{1,3}}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Lane|Drive|Way|Square)\b\.?)
    |(?P<money>[$\u00a3\u20ac\u20b9]\s?\d{_NUM}(?:\s?(?:million|billion|trillion|bn|m|k)\b)?
      |\d(?<![\w.]\d){_NUM}\s?(?:million\s|billion\s)?(?:euros|dollars|pounds|yen|yuan|rupees|francs)\b)
    |(?P<percent>\d(?<![\w.]\d){_NUM}\s?(?:%|percent\b|per\scent\b|percentage\spoints?\b|basis\spoints?\b))
    |(?P<years>[12](?<![\w.][12])\d\d\d\s?[\u2013\u2014-]\s?(?:{_YEAR}|\d\d)\b)
    |(?P<tally>\d(?<![\w.]\d)\d{{0,2}}\s?[\u2013-]\s?\d{{1,3}}\b(?![.,]?\d))
    |(?P<ratio>\d(?<![\w.]\d)\d*\s(?:in|out\sof)\s(?:\d{_NUM}|two|three|four|five|six|seven|eight|nine|ten|a\shundred)\b)
    |(?P<number>\d(?<![\w.]\d){_NUM}(?:st|nd|rd|th|s)?\b|\.(?<!\w\.)\d+\b)
    """,
    re.VERBOSE,
)
YEAR_RE = re.compile(rf"{_YEAR}s?\Z")
# A day before its month ("on 14 March", "4 Nov. 2024"): a date, not a count.
MONTH_AFTER_RE = re.compile(rf"\s(?:{MONTHS}|May|(?:{MONTH_ABBREVIATIONS})\b\.?)(?:,?\s{_YEAR}\b)?")
# A reference number ("No. 23-1847", "Case No 4"): neither a figure nor a date.
REFERENCE_BEFORE_RE = re.compile(r"(?<![\w.])(?:nos?\.?|channel)\s\Z")
# A street address ("210 E. Main St.", "410 Marlowe Street"): where to go, not a figure.
_STREET_WORDS = (
    "St.", "Street", "Ave.", "Avenue", "Road", "Rd.", "Blvd.", "Boulevard", "Lane", "Drive", "Dr.",
    "Place", "Way",
)  # fmt: skip
STREET_RE = re.compile(
    r"\b\d{1,5}(?:\s(?:[NSEW]\.|North|South|East|West))?(?:\s[A-Z][a-z]+){1,3}\s"
    rf"(?:{'|'.join(map(re.escape, _STREET_WORDS))})(?![a-z])"
)
# Only a sentence with one of those words (in lower case) is looked at closely.
STREET_GATE_RE = re.compile(rf"\s(?:{'|'.join(re.escape(w.lower()) for w in _STREET_WORDS)})")
REFERENCE_RE = re.compile(r"[\w-]+")
# Where a figure can start; the full pattern is tried only there (a handful per sentence).
# Not at a digit after a letter, a digit or "." (every branch above refuses those: "2022"
# is tried once, not four times), nor at a "." before no digit. One character class first,
# so ``re`` skips the rest of the sentence in C.
FIGURE_START_RE = re.compile(r"[\d$\u00a3\u20ac\u20b9+.](?<![\w.]\d)(?<!\.(?!\d))")
NAMED_DATE_START_RE = re.compile(
    rf"\b(?:{MONTH_ABBREVIATIONS}|{MONTHS}|May|{WEEKDAYS}|Room|Courtroom|Suite|Gate|Floor|Booth)\b"
)
# Dates with a month's or a weekday's name: every branch starts with a capital letter.
NAMED_DATE_RE = re.compile(
    rf"""(?:{MONTH_ABBREVIATIONS})\.?\s\d{{1,2}}\b(?:,\s\d{{4}})?
    |(?:{MONTHS}|May(?=\s\d))\b(?:\s\d{{1,2}}\b(?:,\s\d{{4}})?)?(?:\s{_YEAR}\b)?
    |(?:{MONTH_ABBREVIATIONS})\.(?=\s|\Z)
    |(?:{WEEKDAYS})\b
    |(?P<contact>(?:Room|Courtroom|Suite|Gate|Floor|Booth)\s\d+\w*)""",
    re.VERBOSE,
)
DATE_WORDS = word_set(
    f"{MONTH_ABBREVIATIONS} {MONTHS} {WEEKDAYS}".replace("|", " ")
    + " May Room Courtroom Suite Gate Floor Booth"
)
SPELLED_RATIO_RE = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\s(?:in|out\sof)\s"
    r"(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|a\shundred)\b"
)
# A run of capitalised words, with "of", "for", "de", "d\u2019" ... inside ("Bureau of Labor
# Statistics"); a word may end in its own full stop ("Dr.", "U.S.").
CAPS_RE = re.compile(
    # The look-behind after the first letter lets ``re`` skip lower-case text in C.
    r"[A-Z\u00c0-\u00de](?<![\w'\u2019-].)(?:[\w'\u2019&-]|\.(?=[A-Za-z]))*\.?"
    r"(?:(?:\s(?:of|for|on|de|du|des|d\u2019|la|le|van|von|al|bin|and|&)(?:\sthe)?)?\s"
    r"[A-Z\u00c0-\u00de](?:[\w'\u2019&-]|\.(?=[A-Za-z]))*\.?)*"
)
# Grammar that a word list cannot see, on the lower-cased sentence.
PERFECT_RE = re.compile(
    r"\b(?:has|have|had|'ve|'d|hasn't|haven't|hadn't)\s+(?:(?:not|never|already|just|"
    r"also|since|now|long|only|ever|yet|all)\s+)?(?:been(?!\s+[a-z]+ing\b)|done|gone|seen|made|taken|given|"
    r"found|shown|known|grown|risen|fallen|won|lost|paid|spent|built|sold|bought|held|kept|"
    r"left|met|brought|begun|become|come|run|cut|set|put|hit|shut|struck|thrown|written|told|"
    r"sent|fought|caught|led|read|heard|[a-z]{3,}(?:ed|en))\b"
)
PAST_ED_RE = re.compile(r"\b[a-z][a-z-]{2,}(?<!e)ed\b")
# A passive with an irregular participle ("The trial was run at four sites").
PASSIVE_RE = re.compile(
    r"\b(?:was|were)\s+(?:[a-z]+ly\s+)?(?:run|held|made|taken|given|shown|seen|found|built|"
    r"sold|paid|sent|kept|left|brought|caught|cut|set|put|hit|shut|struck|thrown|written|told|"
    r"known|grown|born|led|won|lost|chosen|driven|stolen|hidden|broken|beaten|spent|begun|"
    r"drawn|worn|torn|sworn|bought|fought|met|read|heard|sunk|shot)\b"
)
# The tag after a closing quote (”,” said Dr. Ana Ruiz, who led the study"): what it
# says is about the speaker; the claim, if any, is inside the quote.
QUOTE_CHARS_RE = re.compile("[\"\u201d\u2019']")
QUOTE_TAG_RE = re.compile(
    "[,.?!\u2014-][\"\u201d\u2019']\\s+(?:[\\w.'\u2019-]+\\s+){0,5}?"
    r"(?:said|says|told|added|asked|wrote|insisted|argued|warned|recalled)\b"
)
# "Prosecutors said Pruitt used ...": a reported statement of fact, not a quote's tag.
REPORTED_CLAIM_RE = re.compile(
    r"\b(said|says|told\s+\w+|reported|announced|confirmed|testified|estimated|found|"
    r"concluded|showed|shows)\s+(?:that\s+)?(?!(?:she|he|i|we|they)\b)[a-z\d$\u00a3\u20ac]"
)
# "the jury is being brought in", "Judge Patel is now giving": live narration.
NARRATION_RE = re.compile(r"\b(?:is|are)\s+(?:now\s+|being\s+)?[a-z]{3,}ing\b")
# "called the vote \u201ca disappointment\u201d", "said her members were \u201cexhausted\u201d": a
# characterisation in the speaker's words, not a statement of fact.
CHARACTERISATION_RE = re.compile(
    "\\b(?:called|calling|describ(?:ed|es|ing)|dubbed|labell?ed|branded|said|says)\\s"
    '[^"\u201c\u201d]{0,80}?["\u201c][^"\u201c\u201d]{1,100}["\u201d]'
)
# A speech verb and what follows it in the same clause: "said the result was exciting".
SPEECH_VERB_RE = re.compile(
    r"\b(?:said|says|warned|warns|argued|argues|insisted|insists|believes|thinks|told\s\w+)\b"
)
VIEW_FEATURES = frozenset(
    ("opinion", "deontic", "modal", "expectation", "volition", "future", "second_person")
)
# "must" as a rule states it, not as a call to act: a passive ("must be held within 48
# hours", "must not be fixed") or a perfect ("must have lived"), quoted with its verb ...
OBLIGATION_RE = re.compile(
    r"must\s(?:not\s|now\s|also\s|first\s|still\s)?"
    r"(?:be\s[a-z]+(?:ed|en|wn|ld|nt|ne)\b|have\s(?:been\s)?[a-z]+)"
)
# ... or after the rule it comes from ("Under the ordinance, the board must begin").
RULE_BEFORE_RE = re.compile(
    r"\b(?:under|by law|rules?|law|ordinance|act|regulations?|required|requires|guidelines|"
    r"conditions|agreement|contract|treaty|constitution|order)\b"
)
REPORTED_SELF_RE = re.compile(r"\b(?:said|says|told|added|wrote|insisted|argued)\s+(?:she|he)\b")
FIRST_WORD_RE = re.compile(r"[\"'\u201c\u2018(\[]*([A-Za-z][a-z'\u2019-]*)")
# Where the sentence's content starts: past a dateline ("WASHINGTON (Wire) — "), a live
# blog's time stamp ("8:41 p.m. ET — ") or an interview's "Q: " / "A: ".
LEAD_RE = re.compile(
    r"""(?:Q|A):\s+
    |\d{1,2}[:.]\d\d\s?(?:[ap]\.m\.|[ap]m)?(?:\s[A-Z]{2,4})?(?:\s[\u2014\u2013-]|:)\s
    |[A-Z][A-Z'\u2019.-]+(?:\s[A-Z][A-Z'\u2019.-]+)*(?:,\s[^\u2014\u2013()]{1,40}?)?(?:\s\([^)]{1,40}\))?\s[\u2014\u2013]\s""",
    re.VERBOSE,
)
# A currency written as letters before the figure ("Rs 20", "KSh 6 billion"): money.
CURRENCY_BEFORE_RE = re.compile(r"(?<![\w.])(?:rs\.?|inr|ksh|kes|zar|ugx|tsh|php|rm)\s?\Z")
# A figure to dial, not a count or a year: "the civic helpline 1916", "call 1800 555 014".
_DIAL_WORDS = "helpline|hotline|freephone|toll-free|call|dial|phone|ring|text|whatsapp"
# Only a sentence with one of those words anywhere ("called" too) is looked at closely.
DIAL_WORD_RE = re.compile(_DIAL_WORDS)
CONTACT_BEFORE_RE = re.compile(
    rf"\b(?:{_DIAL_WORDS})"
    r"(?:(?:\s(?:the|our|a|its|their|national|free|toll-free|[a-z]*line|on|at|number))*"
    r"|(?:\s[\w'-]+){0,4}\s(?:at|on))\s\Z"
)
# An e-mail or web address ("ir@tsmobility.in", "cybercrime.gov.in"): where to write.
ADDRESS_RE = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:https?://|www\.)[^\s,;]+"
    r"|\b[a-z][\w-]*(?:\.[\w-]+)*\.(?:gov|org|com|net|edu|info)(?:\.[a-z]{2})?\b(?:/[^\s,;]*)?"
    r"|\b[a-z][\w-]*\.(?:ie|in|uk|au|nz|ca|za|ke|sg|hk|eu)\b(?:/[^\s,;]*)?"
)
# A month's name, whole or abbreviated ("November", "Nov."), in the date patterns below.
_MONTH_NAME = rf"(?:{MONTHS}|May|(?:{MONTH_ABBREVIATIONS})\.?)"
# A dateline standing alone ("Dublin, Thursday 20 November 2026.", "QU\u00c9BEC CITY, Oct. 14"):
# where and when a story was filed, not a claim.
DATELINE_RE = re.compile(
    rf"""(?:[A-Z\u00c0-\u00de][\w'\u2019.-]*,?\s){{1,5}}(?:(?:{WEEKDAYS}),?\s)?
    (?:\d{{1,2}}\s{_MONTH_NAME}|{_MONTH_NAME}\s\d{{1,2}})(?:,?\s{_YEAR})?
    (?:\s?[:\u2013\u2014-]\s?)?\.?\s*\Z""",
    re.VERBOSE,
)
# A list of dates opening a line ("November 4\u20138: Curepe ...", "Jan. 31: first
# installment due"): a schedule; its dates are no claim.
SCHEDULE_RE = re.compile(
    rf"""(?:(?:{WEEKDAYS}),?\s)?
    (?:{_MONTH_NAME}\s\d{{1,2}}(?:\s?[\u2013-]\s?(?:{_MONTH_NAME}\s)?\d{{1,2}})?
      |\d{{1,2}}(?:\s?[\u2013-]\s?\d{{1,2}})?\s{_MONTH_NAME})
    (?:,?\s{_YEAR})?(?=:\s)""",
    re.VERBOSE,
)
# A notice that results are out or due, without them: "today announced its results for
# the six months ended 30 September", "will release revised figures on Nov. 4".
RESULTS_NOTICE_RE = re.compile(
    r"\b(?:announc|report|publish|releas)(?:ed|es|e|s)?\s(?:its\s|their\s|the\s)?"
    r"(?:[\w-]+\s){0,2}(?:results|figures)\s(?:for|on)\b"
)
# A habit opening an op-ed's or a speech's sentence ("Every few years the minimum wage comes
# back as a fight", "Every time the rate goes up, ..."): a framing, seldom the claim.
HABITUAL_RE = re.compile(
    r"Every\s(?:(?:few|other|single|two|three|four|five|ten|\d+)\s)?"
    r"(?:years?|months?|weeks?|days?|nights?|time|morning|evening|summer|winter|spring|"
    r"autumn|season|election|budget)\b"
)
# An editor's note about the text itself ("The interview has been edited for length", "The
# following are excerpts from the speech ...", a wire's "UPDATES with comment in paragraph
# 6"): how the story was made, no claim in it.
EDITED_RE = re.compile(
    r"\b(?:has|have)\sbeen\s(?:lightly\s|heavily\s)?(?:edited|shortened|condensed|abridged)\b"
)
EXCERPT_INTRO_RE = re.compile(
    r"(?:the\sfollowing|below)\b(?:\s[\w'\u2019.-]+){0,4}?\s"
    r"(?:excerpts?|extracts?|text|transcript|remarks)\b"
)
WIRE_NOTE_STARTS = ("UPDATES ", "CORRECTS ", "ADDS ", "RECASTS ", "REFILES ", "REPEATS ")
# A web page's navigation kept with the text ("Related topics: Courts, Crime", "Read more:",
# "See also:"): links, not sentences.
NAVIGATION_RE = re.compile(
    r"(?:Related|Read\smore|Read\salso|Also\sread|See\salso|More\son\sthis\sstory|Topics|Tags"
    r"|Watch|Listen)(?:\s[a-z]+){0,2}\s?:"
)
# A figure changed from one value to another ("will rise from £5,000 to £7,500", "cut its
# guidance to £600m from £850m"): a change that records show, even when announced.
FIGURE_CHANGE_RE = re.compile(
    r"\b(?:ris|rose|fell|fall|increas|decreas|drop|doubl|tripl|cut|rais|reduc|lower|climb|grow"
    r"|grew|expand|shrink|jump|slash|hik|lift|trim|narrow|widen|boost|slid|slip|soar|plung|edg)"
    r"\w*\b[^.;]{0,50}?\b(?:from\b[^;]{0,25}?\d[^;]{0,25}?\bto|to\b[^;]{0,25}?\d[^;]{0,25}?\bfrom)"
    r"\b[^;\d]{0,12}\d(?:[\d.,]*\d)?(?:%|[a-z]{0,2}\b)"
)
QUESTION_END_RE = re.compile(r"\?[\"'\u201d\u2019)\]]*\s*\Z")
MONTH_OR_DAY = word_set(f"{MONTHS} {WEEKDAYS} May".replace("|", " "))

# Feature name -> reason kind. Every feature the model knows is listed here.
FEATURE_KINDS: dict[str, str] = {
    "money": "quantity",
    "percent": "quantity",
    "tally": "quantity",
    "ratio": "quantity",
    "count": "quantity",
    "clock": "procedural",
    "contact": "procedural",
    "address": "procedural",
    "dateline": "procedural",
    "letterhead": "procedural",
    "byline": "procedural",
    "obligation": "rule",
    "timestamp": "procedural",
    "named_source": "named_source",
    "organisation": "organisation",
    "speaker": "named_source",
    "perfect": "event",
    "negated_event": "event",
    "past_ed": "event",
    "passive": "event",
    "reported_self": "personal",
    "reported_claim": "attribution",
    "personal_figure": "personal",
    "personal_event": "personal",
    "procedural_figure": "procedural",
    "ticket_figure": "procedural",
    "procedural_event": "procedural",
    "narration": "procedural",
    "future_figure": "prediction",
    "volition_figure": "prediction",
    "reported_view": "opinion",
    "characterisation": "opinion",
    "modal_figure": "hedge",
    "dated_event": "date",
    "quoted_figure": "opinion",
    "opinion_figure": "opinion",
    "opinion_event": "opinion",
    "question": "question",
    "imperative": "procedural",
    "short": "procedural",
    "short_event": "event",
    "short_figure": "quantity",
    "schedule": "procedural",
    "results_notice": "procedural",
    "interviewer": "question",
    "habitual": "opinion",
    "editorial_note": "procedural",
    "navigation": "procedural",
    "figure_change": "comparison",
    **{feature: kind for feature, (kind, _entries) in LEXICON.items()},
}
# Features that count how often they occur (capped); the others are present or not.
COUNTED = {"count": 3, "first_person": 2}
FIGURES = frozenset(("money", "percent", "ratio", "count", "tally", "numword"))
DIGIT_FIGURES = FIGURES - {"numword"}
# Context signal -> (its feature when the sentence has a figure, ... when it has an event).
CONTEXT_FEATURES = {
    "first_person": ("personal_figure", "personal_event"),
    "anecdote": ("personal_figure", "personal_event"),
    "reported_self": ("personal_figure", "personal_event"),
    "clock": ("procedural_figure", "procedural_event"),
    "ticketing": ("ticket_figure", "procedural_event"),
    "procedural": ("procedural_figure", "procedural_event"),
    "contact": ("procedural_figure", "procedural_event"),
    "address": ("procedural_figure", "procedural_event"),
    "future_date": ("procedural_figure", "procedural_event"),
    "imperative": ("procedural_figure", "procedural_event"),
}


# A signal: (feature, start, end) within the sentence. Plain tuples: a sentence makes a
# dozen, and a tuple costs a tenth of an object.
_Signal = tuple
