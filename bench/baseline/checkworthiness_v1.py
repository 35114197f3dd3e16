"""How worth checking a sentence is, with the reasons for the score.

Pure, explainable rules and no Django: each signal found in the sentence adds
(or, for opinions, predictions, questions and feelings, subtracts) a fixed
weight, and is reported as a short reason. A stronger model can replace
:func:`score_sentence` later behind the same interface.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Checkworthiness:
    """A score in 0..1 (3 decimals) and the human-readable reasons behind it."""

    score: float
    reasons: list[str] = field(default_factory=list)


_BASE = 0.1

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|July|"
    r"Aug(?:ust|\.)?|Sept(?:ember|\.)?|Sep\.|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DATE_RE = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}\b(?:,\s*\d{{4}})?"
    rf"|\b(?i:in|since|until|by|from|of|early|late|mid-?)\s+(?:{_MONTH}\s+)?(?:1[89]|20)\d\d\b"
    rf"|\b(?i:in|since|until|by|from|of|early|late|last|this|next|on)\s+{_MONTH}\b(?![.\s]*\d)"
    r"|\b(?:1[89]|20)\d\d(?:-\d\d(?:\d\d)?)?\b"
    r"|\b(?:last|this|next|previous)\s+(?:week|month|year|decade|century|spring|summer|autumn|fall|winter)\b"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday)\b"
    r"|\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:days|weeks|months|years)\s+ago\b"
)
_YEAR_ONLY_RE = re.compile(r"(?:1[89]|20)\d\d(?:-\d\d(?:\d\d)?)?")
_NUMBER_RE = re.compile(
    r"[$\u00a3\u20ac]\s?\d[\d,.]*(?:\s?(?:million|billion|trillion|bn|m|k))?"
    r"|\b\d[\d,]*(?:\.\d+)?\s?(?:%|percent|per cent|percentage points?)"
    r"|\b\d[\d,]*(?:\.\d+)?\s+(?:million|billion|trillion|thousand|hundred)\b"
    r"|\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b"
    r"|\b\d+(?:\.\d+)?\b"
    r"|\b(?:dozens|hundreds|thousands|millions|billions|several hundred|several thousand|"
    r"a dozen|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|half|twice|double|triple|a third|a quarter)"
    r"\s+(?:of\s+)?(?:people|men|women|children|troops|soldiers|civilians|dollars|euros|"
    r"percent|times|countries|states|deaths|cases|victims|fighters|years|months|weeks|days|"
    r"miles|kilometers|kilometres|tons|tonnes|votes|members|million|billion|thousand|hundred)\b",
    re.IGNORECASE,
)
_OFFICIAL_RE = re.compile(
    r"\b(?:Dr|Prof|Gen|Sen|Rep|Gov|Col|Lt|Capt|Adm|Maj|Mr|Mrs|Ms)\.\s+[A-Z]"
    r"|\b(?:[Pp]resident|[Pp]rime [Mm]inister|[Mm]inister|[Ss]ecretary|"
    r"[Ss]pokes(?:man|woman|person)|[Aa]mbassador|[Ss]enator|[Gg]overnor|[Mm]ayor|[Cc]hief|[Dd]irector|[Cc]ommander|[Gg]eneral|"
    r"[Oo]fficials?|[Ee]xperts?|[Ll]awyer|[Jj]udge|[Pp]rosecutors?|[Pp]olice|[Aa]uthorit(?:y|ies)|"
    r"[Gg]overnment|[Jj]unta|[Mm]inistry|[Aa]dministration|[Cc]ouncil|[Pp]arliament|[Cc]ongress)\b"
)
_ORGANISATION_RE = re.compile(
    r"\b(?:U\.N\.|UN|U\.S\.|EU|E\.U\.|NATO|WHO|IMF|AU|ECOWAS|UNICEF|UNHCR|FBI|CIA)\b"
    r"|(?:[A-Z][\w\u2019'-]+\s+(?:of\s+(?:the\s+)?)?){1,5}"
    r"(?:Institute|Group|Council|Union|Nations|Watch|Ministry|Agency|Court|Commission|Bank|"
    r"Fund|Organization|Organisation|Office|Department|Committee|Times|Post|Network|Party|"
    r"Army|Forces|Association|Foundation|University|International|Corporation|Company)\b"
)
# A capitalised name inside the sentence (not its first word): "Lavrov", "Alioune Tine".
_NAME_RE = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z\u00e0-\u024f]+(?:[\s-][A-Z][a-z\u00e0-\u024f]+)*")
_ATTRIBUTION_RE = re.compile(
    r"\b(?:said|says|say|told|tells|according to|stated|announced|announces|confirmed|"
    r"confirms|claimed|claims|insisted|insists|wrote|writes|accused|accuses|called for|"
    r"acknowledged|declared|reported|reports|warned|warns|condemned|praised|praises|retorted|"
    r"promised|promises|denied|denies|added|noted|argued|alleged|allegedly|estimated|estimates|"
    r"depicts|found|showed|shows|revealed|testified|admitted|tweeted|published|expelled|"
    r"executed|killed|withdrew|withdrawing|deployed|signed|voted|elected|approved|delivered|"
    r"conduct(?:ed)?|intervened|invaded|erupted|surged|rose|fell|increased|decreased|launched|arrested|charged)\b",
    re.IGNORECASE,
)
_COMPARISON_RE = re.compile(
    r"\b(?:largest|biggest|smallest|highest|lowest|worst|best|most|least|fastest|first|"
    r"more than|less than|fewer than|at least|up to|nearly|almost|about|record|"
    r"doubled|tripled|halved|compared with|compared to|than|majority|increasingly)\b"
    r"|\b(?:over|under|above|below)\s+[$\u00a3\u20ac]?\d"
    r"|\b\w+est\b(?<!\binterest)(?<!\bharvest)(?<!\bpriest)(?<!\bquest)(?<!\bforest)(?<!\brequest)(?<!\bprotest)(?<!\bsuggest)"
    r"(?<!\bhonest)(?<!\bmodest)(?<!\bguest)(?<!\bwest)(?<!\btest)(?<!\brest)(?<!\bmanifest)"
    r"(?<!\barrest)(?<!\binvest)(?<!\bcontest)(?<!\bdigest)",
    re.IGNORECASE,
)
_LEGAL_STAT_RE = re.compile(
    r"\b(?:law|laws|legislation|illegal|legal|prohibited|banned|court|convicted|sentenced|charged|"
    r"treaty|constitution|war crimes?|crimes against humanity|human rights|violations?|"
    r"executions?|atrocit(?:y|ies)|study|report|survey|poll|census|statistics|data|rate|average|"
    r"median|per capita|budget|GDP|inflation|unemployment|investigation|resolution|sanctions?|"
    r"agreement|contract|elections?|coup|casualties|displaced|deaths?)\b",
    re.IGNORECASE,
)
_OPINION_RE = re.compile(
    r"\b(?:should|ought|must|cannot be allowed|can only|need to|needs to|has to|have to|"
    r"I think|I believe|we believe|in my (?:view|opinion)|unfortunate|unacceptable|shameful|"
    r"outrageous|wonderful|terrible|disgraceful|deplorable|regrettable|good|bad|great|"
    r"important|untold|meaningful|hopefully|clearly|obviously)\b",
    re.IGNORECASE,
)
_PREDICTION_RE = re.compile(
    r"\b(?:will|would|could|might|may|going to|likely|unlikely|expected to|expects to|"
    r"plans? to|intends? to|forecasts?|predicts?|yet to see|in the future)\b",
    re.IGNORECASE,
)
_FEELING_RE = re.compile(
    r"\b(?:not sure|unsure|afraid|fear|fears|feared|scared|worried|worry|worries|anxious|"
    r"uncertain|uncertainty|happy|sad|angry|upset|proud|ashamed|"
    r"frustrated|disappointed|delighted|excited|feel|feels|felt|love|hate|sense of)\b",
    re.IGNORECASE,
)


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return m.group().strip() if m else None


def score_sentence(text: str) -> Checkworthiness:
    """Score how worth checking ``text`` is, in 0..1, with the reasons for the score.

    Facts that can be verified (numbers, dates, named organisations and
    officials, attribution, comparisons, legal or statistical statements) raise
    the score; opinions, predictions, questions and feelings lower it.
    """
    score = _BASE
    reasons: list[str] = []

    dates = [m.group().strip() for m in _DATE_RE.finditer(text)]
    numbers = [
        m.group().strip()
        for m in _NUMBER_RE.finditer(text)
        # A bare year is already counted as a date.
        if not _YEAR_ONLY_RE.fullmatch(m.group().strip())
        and not any(m.group().strip() in d for d in dates)
    ]
    if numbers:
        score += 0.4 + (0.1 if len(numbers) > 1 else 0.0)
        reasons.append(f"contains a number ({numbers[0]})")
    if dates:
        score += 0.4
        reasons.append(f"contains a date ({dates[0]})")
    official = _first(_OFFICIAL_RE, text) or _first(_ORGANISATION_RE, text)
    if official:
        score += 0.2
        reasons.append(f"names an organisation or official ({official})")
    else:
        name = _first(_NAME_RE, text)
        if name:
            score += 0.15
            reasons.append(f"names someone or something ({name})")
    attribution = _first(_ATTRIBUTION_RE, text)
    if attribution:
        score += 0.25
        reasons.append(f"attribution or reported event: {attribution}")
        if official:
            # Someone identifiable said or did something: that can be checked.
            score += 0.1
            reasons.append("statement by a named source")
    comparison = _first(_COMPARISON_RE, text)
    if comparison:
        score += 0.15
        reasons.append(f"comparison or superlative: {comparison}")
    legal = _first(_LEGAL_STAT_RE, text)
    if legal:
        score += 0.2
        reasons.append(f"legal or statistical statement: {legal}")

    feeling = _first(_FEELING_RE, text)
    if feeling:
        score -= 0.45
        reasons.append(f"feeling: {feeling}")
    opinion = _first(_OPINION_RE, text)
    if opinion:
        score -= 0.35
        reasons.append(f"opinion word: {opinion}")
    prediction = _first(_PREDICTION_RE, text)
    if prediction:
        score -= 0.15
        reasons.append(f"prediction: {prediction}")
    if text.rstrip("\"'\u201d\u2019) ").endswith("?"):
        score -= 0.4
        reasons.append("question")
    if len(text.split()) < 5:
        score -= 0.1
        reasons.append("very short")

    return Checkworthiness(score=round(min(1.0, max(0.0, score)), 3), reasons=reasons)


def is_suggested(score: float, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """Whether a sentence with ``score`` is suggested as a claim to check."""
    return score >= threshold
