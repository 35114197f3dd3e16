"""Is this the claim we already checked? A comparator of checkable content, no Django.

Two wordings are the same claim when what a fact-checker would check agrees: the same
quantities (with their units), the same years, the same people and places, the same
direction (rose/fell, more/fewer, for/against). Wording may differ, the claim may sit in a
longer sentence or be attributed ("X said that ..."). So the score is a lexical overlap of
normalised words, weighted towards the *archived* claim (its content must be in the new
text; extra words around it cost little), multiplied by a penalty for every disagreement in
checkable content. One disagreement keeps a candidate below ``SUGGESTED``.

:func:`analyse` reads a text once; :func:`compare` scores a pair; :func:`level` names the
band. Retrieval of candidates from the database lives in ``annotations.archive.selectors``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from annotations.archive.quantities import MULTIPLIERS, Quantity, read_quantities, relative_years
from annotations.archive.text import EXPANSIONS, STOPWORDS, stem, tokenise, word_list

CONFIDENT = 0.75
SUGGESTED = 0.55

# Penalty factors: one disagreement in checkable content takes a perfect wording below
# SUGGESTED; extra content in the new text (a longer sentence) costs a little.
CONFLICT = 0.5
PARTIAL_NAME = 0.95
EXTRA = 0.93
EXTRA_FLOOR = 0.8

UP = "up"
DOWN = "down"
PRO = "pro"
CON = "con"
OPPOSITE = {UP: DOWN, DOWN: UP, PRO: CON, CON: PRO}

DIRECTION_WORDS = {
    UP: word_list(
        """rose rise risen rises rising increase increased increases increasing climbed climb
        climbs climbing jumped jump jumps soared soar surged surge grew grow grown grows growing
        gained gain gains higher highest more bigger larger greater raised raise raises raising
        above boosted boost spiked spike hiked up"""
    ),
    DOWN: word_list(
        """fell fall fallen falls falling dropped drop drops dropping declined decline declines
        declining decreased decrease decreases decreasing shrunk shrank shrink shrinks shrinking
        plunged plunge slumped slump lost lose loses lower lowered lowers lowering lowest less
        fewer smaller cut cuts cutting reduced reduce reduces reducing below slashed slash down"""
    ),
    PRO: [
        "supports",
        "support",
        "supported",
        "backs",
        "backed",
        "favours",
        "favors",
        "endorses",
        "endorsed",
    ],
    CON: [
        "opposes",
        "oppose",
        "opposed",
        "against",
        "rejects",
        "reject",
        "rejected",
        "vetoed",
        "veto",
    ],
}
DIRECTION = {word: polarity for polarity, words in DIRECTION_WORDS.items() for word in words}
# Canonical lexical tokens for the polarities, so "rose" and "climbed" also overlap.
DIRECTION_TOKEN = {UP: "dirup", DOWN: "dirdown", PRO: "dirpro", CON: "dircon"}

# Capitalised words that are titles or kinds of place, not the name of one.
GENERIC_CAPITALS = frozenset(
    word_list(
        """senator sen governor gov mayor president congressman congresswoman councillor councilor
        superintendent coach striker county city state school district high university hospital
        department party house senate council club union association network the a an general
        national federal international republican democratic st saint mr mrs ms dr former deputy
        executive chief police fire sheriff office new north south east west northern southern
        eastern western central lake river mount fort port_generic in of and for on at to by
        with it this that these those there he she they we i our his her its their my according
        if but when after before since while as so not no only one two three four five six seven
        eight nine ten half more most many much all some every each any what who how why where"""
    )
)
MONTHS = frozenset(
    word_list(
        """january february march april may june july august september october november december
        jan feb mar apr jun jul aug sep sept oct nov dec spring summer autumn winter"""
    )
)
COUNTRY_US = "us_country"
WEIGHT_NAME = 2.0
WEIGHT_QUANTITY = 2.5
WEIGHT_YEAR = 2.0
WEIGHT_DIRECTION = 1.5
WEIGHT_WORD = 1.0
WEIGHT_SHORT = 0.5


@dataclass(frozen=True)
class ClaimContent:
    """A text read for matching: weighted tokens and the checkable content in it."""

    text: str
    weights: dict[str, float]
    quantities: tuple[Quantity, ...]
    years: frozenset[str]
    months: frozenset[str]
    names: frozenset[str]  # distinctive capitalised words, lower case
    entities: tuple[frozenset[str], ...]  # runs of them: "Jonas Brekke", "Harlow (County)"
    initial_names: frozenset[str]  # a capitalised first word: a name only if known elsewhere
    polarity: frozenset[str]
    words: frozenset[str]  # every lower-case word, for "is this name in the text"

    @property
    def total_weight(self) -> float:
        return sum(self.weights.values())


@dataclass(frozen=True)
class Comparison:
    score: float
    lexical: float
    reasons: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=4096)
def analyse(text: str) -> ClaimContent:
    """Read a claim's wording once: tokens, quantities, years, names and direction."""
    tokens = tokenise(text)
    reading = read_quantities(tokens)
    words = [t.lower for t in tokens]
    shouting = sum(t.text.isupper() and len(t.text) > 1 for t in tokens) > len(tokens) / 2
    weights: dict[str, float] = {}
    names: set[str] = set()
    entities: list[set[str]] = []
    previous_name = -2
    initial: set[str] = set()
    polarity: set[str] = set()
    months: set[str] = set()

    def add(token: str, weight: float) -> None:
        weights[token] = max(weights.get(token, 0.0), weight)

    for i, token in enumerate(tokens):
        word = token.lower
        if i in reading.used:
            continue
        if word in MONTHS and (token.capitalised or shouting) and word != "may":
            months.add(word[:3])
            add("@" + word[:3], WEIGHT_YEAR)
            continue
        polar = _polarity(words, i)
        if polar:
            polarity.add(polar)
            add(DIRECTION_TOKEN[polar], WEIGHT_DIRECTION)
            continue
        if token.text in ("US", "UK") or stem(word) == COUNTRY_US:
            country = COUNTRY_US if token.text != "UK" else "uk_country"
            names.add(country)
            entities.append({country})
            add(country, WEIGHT_NAME)
            continue
        if word in STOPWORDS:
            continue
        if word in EXPANSIONS:
            for part in EXPANSIONS[word]:
                add(part, WEIGHT_WORD)
            continue
        stemmed = stem(word)
        if token.capitalised and not shouting and word not in GENERIC_CAPITALS:
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            if not token.sentence_start or (
                following is not None and following.capitalised and not following.sentence_start
            ):
                names.add(word)
                if previous_name == i - 1 and entities:
                    entities[-1].add(word)
                else:
                    entities.append({word})
                previous_name = i
                add(word, WEIGHT_NAME)
                continue
            initial.add(word)
        add(stemmed, WEIGHT_SHORT if len(stemmed) <= 2 else WEIGHT_WORD)
    for quantity in reading.quantities:
        add(quantity.key, WEIGHT_QUANTITY)
        if quantity.unit == "times" and quantity.value >= 2:
            polarity.add(UP)
            add(DIRECTION_TOKEN[UP], WEIGHT_DIRECTION)
    years = set(reading.years) | set(relative_years(words, reading.years))
    for year in years:
        add("y" + year, WEIGHT_YEAR)
    speakers = _speakers(text)
    if speakers:
        # Who is quoted is not what is claimed: the same quote in another article, given to
        # "the mayor" rather than "Mayor Helena Brandt", is the same claim.
        entities = [e for e in entities if not e <= speakers]
    return ClaimContent(
        text=text,
        weights=weights,
        quantities=tuple(reading.quantities),
        years=frozenset(years),
        months=frozenset(months),
        names=frozenset(names),
        entities=tuple(frozenset(e) for e in entities),
        initial_names=frozenset(initial),
        polarity=frozenset(polarity),
        words=frozenset(words)
        | frozenset(stem(w) for w in words)
        | frozenset(p for w in words for p in EXPANSIONS.get(w, ())),
    )


# A quotation's tag: after the closing quote, who said it (",” Mayor Helena Brandt told
# reporters", "," said Dr. Ana Ruiz").
_QUOTE_TAG_RE = re.compile(r"""[,.?!]?["\u201d]\s*,?\s+(?P<tag>[^"\u201c\u201d]*)\Z""")
_SPEECH_VERBS = frozenset(
    word_list("""
    said says told tells added adds wrote writes argued argues insisted insists claimed claims
    stated states warned warns asked asks recalled
    """)
)


def _speakers(text: str) -> frozenset[str]:
    """The names in a quotation's tag that the quotation itself does not use."""
    tag = _QUOTE_TAG_RE.search(text)
    if tag is None or tag.start() == 0:
        return frozenset()
    tag_tokens = tokenise(tag.group("tag"))
    if not any(t.lower in _SPEECH_VERBS for t in tag_tokens):
        return frozenset()
    quoted = {t.lower for t in tokenise(text[: tag.start()])}
    return frozenset(t.lower for t in tag_tokens if t.capitalised and t.lower not in quoted)


def _polarity(words: list[str], i: int) -> str | None:
    word = words[i]
    after = words[i + 1] if i + 1 < len(words) else ""
    before = words[i - 1] if i > 0 else ""
    if word in ("up", "down"):
        # "went up", "gone down"; not "set up", "step down" as phrasal verbs of other things
        return (UP if word == "up" else DOWN) if before in ("went", "gone", "go", "goes") else None
    if word in ("more", "fewer", "less", "above", "below") and _is_bound(words, i):
        return None
    if word == "for" and before in ("voted", "vote", "votes", "voting"):
        return PRO
    if word == "no" and after == "vote":
        return CON
    if word == "yes" and after == "vote":
        return PRO
    if word in ("against",) and before not in ("voted", "vote", "votes", "voting", "is", "was"):
        return CON
    if word in ("cut", "cuts") and after == "in" and i + 2 < len(words) and words[i + 2] == "half":
        return DOWN
    return DIRECTION.get(word)


def _is_bound(words: list[str], i: int) -> bool:
    """ "more than 400,000", "fewer than 10", "above 100 degrees" bound a number; not a change."""
    j = i + 1
    if words[i] in ("more", "fewer", "less") and j < len(words) and words[j] == "than":
        j += 1
    if j >= len(words):
        return False
    nxt = words[j]
    return nxt[:1].isdigit() or nxt[:1] == "$" or nxt in MULTIPLIERS or nxt in _COUNT_WORDS


_COUNT_WORDS = frozenset(
    word_list(
        """one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty
        sixty seventy eighty ninety hundred half a dozen"""
    )
)


def compare(
    query: ClaimContent, archived: ClaimContent, known_names: frozenset[str] = frozenset()
) -> Comparison:
    """How sure we are that ``query`` states the claim that ``archived`` states (0..1).

    ``known_names`` are words seen as names elsewhere (other candidates): a capitalised first
    word such as "Eastbridge closed ..." counts as a name when it is one of them.
    """
    reasons: list[str] = []
    lexical = _lexical(query, archived)
    factor = 1.0

    unmatched = [q for q in archived.quantities if not any(q.same_as(o) for o in query.quantities)]
    if unmatched:
        factor *= CONFLICT ** min(len(unmatched), 2)
        reasons.append("different number: " + ", ".join(q.key[1:] for q in unmatched))
    extra = [q for q in query.quantities if not any(q.same_as(a) for a in archived.quantities)]
    missing_years = archived.years - query.years
    if missing_years:
        factor *= CONFLICT ** min(len(missing_years), 2)
        reasons.append("different year: " + ", ".join(sorted(missing_years)))
    extra_years = query.years - archived.years
    missing_months = archived.months - query.months
    if missing_months and query.months:
        factor *= CONFLICT
        reasons.append("different month")

    # A capitalised first word ("Westmark issued ...") is a name if it is known as one, or
    # if the new text brings a name of its own in its place ("Calverton issued ...").
    initial = archived.initial_names & (known_names | query.names)
    if {n for n in query.names | query.initial_names if not _known(n, archived)}:
        initial = archived.initial_names
    entities = list(archived.entities) + [frozenset({n}) for n in initial]
    missing = [e for e in entities if not any(_known(n, query) for n in e)]
    partial = [e for e in entities if e not in missing and not all(_known(n, query) for n in e)]
    if missing:
        factor *= CONFLICT
        reasons.append("different name: " + ", ".join(" ".join(sorted(e)) for e in missing))
    elif partial:
        factor *= PARTIAL_NAME
        reasons.append("name partly given: " + ", ".join(" ".join(sorted(e)) for e in partial))

    for polarity in archived.polarity:
        if polarity not in query.polarity:
            factor *= CONFLICT
            reasons.append(f"different direction: not {polarity}")
            break
    else:
        against = {OPPOSITE[p] for p in archived.polarity} & query.polarity
        new_axis = {
            p
            for p in query.polarity
            if p not in archived.polarity and OPPOSITE[p] not in archived.polarity
        }
        if against:
            factor *= EXTRA
        elif new_axis and not archived.polarity:
            factor *= CONFLICT if len(query.weights) <= 1.6 * len(archived.weights) else EXTRA
            if len(query.weights) <= 1.6 * len(archived.weights):
                reasons.append("different direction: " + ", ".join(sorted(new_axis)))

    extras = len(extra) + len(extra_years)
    if extras:
        factor *= max(EXTRA**extras, EXTRA_FLOOR)
    score = round(max(0.0, min(1.0, lexical * factor)), 4)
    return Comparison(score=score, lexical=round(lexical, 4), reasons=reasons)


def _known(word: str, content: ClaimContent) -> bool:
    """Is this word (or its stem) in the text?"""
    return word in content.words or word in content.names or stem(word) in content.words


def _lexical(query: ClaimContent, archived: ClaimContent) -> float:
    """Weighted overlap, mostly "how much of the archived claim is in the new text"."""
    shared = 0.0
    for token, weight in archived.weights.items():
        if token in query.weights:
            shared += min(weight, query.weights[token])
        elif len(token) >= 5 and token.isalpha():
            # compounds and derived forms: "brainpower" / "brain"
            prefix = any(
                other.isalpha()
                and len(other) >= 5
                and (other.startswith(token) or token.startswith(other))
                for other in query.weights
            )
            if prefix:
                shared += 0.6 * weight
    archived_total = archived.total_weight or 1.0
    query_total = query.total_weight or 1.0
    coverage = shared / archived_total
    precision = min(1.0, shared / query_total)
    return 0.75 * coverage + 0.25 * precision


def level(score: float) -> str | None:
    """The band a score falls in: "confident", "suggested" or None."""
    if score >= CONFIDENT:
        return "confident"
    if score >= SUGGESTED:
        return "suggested"
    return None


def known_names(contents: list[ClaimContent]) -> frozenset[str]:
    """Words that some of these texts use as names mid-sentence."""
    found: set[str] = set()
    for content in contents:
        found |= content.names
    return frozenset(found)


def rank(query: str, candidates: list[tuple[object, str]]) -> list[tuple[object, Comparison]]:
    """Score (key, text) candidates against a query, best first (ties by the key's order)."""
    wanted = analyse(query)
    contents = [(key, analyse(text)) for key, text in candidates]
    names = known_names([wanted] + [c for _, c in contents])
    scored = [(key, compare(wanted, content, names)) for key, content in contents]
    scored.sort(key=lambda pair: -pair[1].score)
    return scored
