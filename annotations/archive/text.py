"""Text normalisation for matching and search: tokens, light stemming, numbers with units.

Pure Python, no Django. A claim's *checkable content* is read out of its wording here:
quantities with their units ("3.5 percent" = "3.5%" = "three and a half percent",
"$2bn" = "$2 billion", "40k" = "40,000", "one in five" = 20%, "doubled" = 2 times), years,
and words reduced to a common stem with a few newsroom synonyms folded together.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# ---------------------------------------------------------------------------- tokens

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": " - ",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_ABBREVIATIONS = [
    (re.compile(r"\bU\.\s?S\.(?:\s?A\.)?", re.I), "US"),
    (re.compile(r"\bU\.\s?K\.", re.I), "UK"),
    (re.compile(r"\bSt\.\s", re.I), "St "),
    (re.compile(r"\bFY\s?(\d{4})\b"), r"fiscal year \1"),
    (re.compile(r"\bper\s+cent\b", re.I), "percent"),
    (re.compile(r"(\d)\s*°\s*[FC]\b"), r"\1 degrees"),
    (re.compile(r"(\d)\s*°"), r"\1 degrees"),
]

TOKEN_RE = re.compile(
    r"\d{4}-\d{2}(?!\d)"  # a season: 2023-24
    r"|\d{1,2}-\d{1,2}(?![\d%])"  # a vote or a score: 7-2
    r"|\$?\d[\d,]*(?:\.\d+)?(?:bn|tn|[kmb])?(?![a-z])%?"  # 3.5%, $2,200, $600m, 40k
    r"|\d+[a-z]+"  # 5g, 3d
    r"|[A-Za-z]+(?:'[A-Za-z]+)?"
    r"|[%$]"
    r"|[.!?;:]",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as written
    lower: str
    capitalised: bool
    sentence_start: bool


def tokenise(text: str) -> list[Token]:
    """Words, numbers and sentence punctuation, with capitalisation and sentence starts."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    for pattern, replacement in _ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    tokens: list[Token] = []
    start = True
    for match in TOKEN_RE.finditer(text):
        raw = match.group()
        if raw in ".!?;:":
            start = raw != ":" and raw != ";"
            continue
        word = raw
        if word.lower().endswith("'s"):
            word = word[:-2]
        elif word.endswith("'"):
            word = word[:-1]
        if not word:
            continue
        tokens.append(Token(word, word.lower(), word[:1].isupper(), start))
        start = False
    return tokens


# --------------------------------------------------------------------------- stemming


def word_list(words: str) -> list[str]:
    """Words of a whitespace-separated literal (long vocabularies stay readable)."""
    return words.split()


STOPWORDS = frozenset(
    word_list(
        """a an the of in on at to for from by with as and or but if than then that this these
        those it its it's is are was were be been being has have had do does did will would
        shall should can could may might must there their them they he she his her him we our us
        you your i me my who whom which what when where while how why so such very just also
        about into over under after before since during per each every all any some no not nor
        only ever again now still said says say claims claim claimed according told reported
        report reports stated state says that's up down"""
    )
)
# "us" is both a pronoun and the country; the country survives as "US" (capitalised).

SYNONYMS = {
    "cattle": "cow",
    "cows": "cow",
    "petrol": "gasoline",
    "gasolin": "gasoline",
    "jobless": "unemploy",
    "unemployment": "unemploy",
    "murder": "homicid",
    "murders": "homicid",
    "homicides": "homicid",
    "kids": "child",
    "children": "child",
    "emit": "emission",
    "emits": "emission",
    "emissions": "emission",
    "ocean": "sea",
    "oceans": "sea",
    "shut": "close",
    "shuts": "close",
    "shuttered": "close",
    "closed": "close",
    "closing": "close",
    "closure": "close",
    "caught": "apprehend",
    "detained": "apprehend",
    "arrested": "apprehend",
    "apprehended": "apprehend",
    "costs": "price",
    "cost": "price",
    "costing": "price",
    "prices": "price",
    "priced": "price",
    "america": "us_country",
    "american": "us_country",
    "americans": "us_country",
    "nationwide": "us_country",
    "people": "people",
    "residents": "people",
    "vehicles": "car",
    "vehicle": "car",
    "cars": "car",
    "automobile": "car",
    "lifecycle": "lifetime",
    "physicians": "doctor",
    "physician": "doctor",
    "pupils": "student",
    "pupil": "student",
    "hike": "raise",
    "hiked": "raise",
    "salary": "pay",
    "salaries": "pay",
    "wages": "wage",
}

# Abbreviations that stand for several words.
EXPANSIONS = {
    "ev": ("electric", "car"),
    "evs": ("electric", "car"),
    "gdp": ("gross", "domestic", "product"),
}


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, consistent suffix stripper: the same word family gets the same stem."""
    word = word.lower()
    if word in SYNONYMS:
        return SYNONYMS[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    return SYNONYMS.get(word, word)


# -------------------------------------------------------------------------- quantities

UNITS = {
    "%": "pct",
    "percent": "pct",
    "pct": "pct",
    "percentage": "pct",
    "dollar": "usd",
    "dollars": "usd",
    "usd": "usd",
    "$": "usd",
    "cent": "cent",
    "cents": "cent",
    "inch": "inch",
    "inches": "inch",
    "foot": "foot",
    "feet": "foot",
    "ft": "foot",
    "centimetre": "cm",
    "centimetres": "cm",
    "centimeter": "cm",
    "centimeters": "cm",
    "cm": "cm",
    "millimetre": "mm",
    "millimetres": "mm",
    "millimeter": "mm",
    "millimeters": "mm",
    "mm": "mm",
    "metre": "metre",
    "metres": "metre",
    "meter": "metre",
    "meters": "metre",
    "kilometre": "km",
    "kilometres": "km",
    "kilometer": "km",
    "kilometers": "km",
    "km": "km",
    "mile": "mile",
    "miles": "mile",
    "kilogram": "kg",
    "kilograms": "kg",
    "kg": "kg",
    "kilo": "kg",
    "kilos": "kg",
    "pound": "lb",
    "pounds": "lb",
    "lbs": "lb",
    "ton": "ton",
    "tons": "ton",
    "tonnes": "ton",
    "degree": "degree",
    "degrees": "degree",
    "point": "point",
    "points": "point",
    "minute": "minute",
    "minutes": "minute",
    "hour": "hour",
    "hours": "hour",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
    "decade": "decade",
    "decades": "decade",
    "season": "season",
    "seasons": "season",
    "goal": "goal",
    "goals": "goal",
    "acre": "acre",
    "acres": "acre",
    "gallon": "gallon",
    "gallons": "gallon",
    "cup": "cup",
    "cups": "cup",
    "times": "times",
}
SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}
FRACTIONS = {  # "a tenth", "one-third": shares, as percentages
    "half": 50.0,
    "third": 100 / 3,
    "thirds": 100 / 3,
    "quarter": 25.0,
    "fifth": 20.0,
    "tenth": 10.0,
}
MULTIPLIERS = {
    "double": 2,
    "doubled": 2,
    "doubles": 2,
    "doubling": 2,
    "twice": 2,
    "triple": 3,
    "tripled": 3,
    "triples": 3,
    "tripling": 3,
    "thrice": 3,
    "quadrupled": 4,
    "quadruple": 4,
    "quadruples": 4,
    "halved": 0.5,
}


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as the claim states it: value (or a key such as "7-2") and a canonical unit."""

    value: float | str
    unit: str = ""

    def same_as(self, other: Quantity) -> bool:
        if self.unit and other.unit and self.unit != other.unit:
            return False
        if isinstance(self.value, str) or isinstance(other.value, str):
            return self.value == other.value
        a, b = self.value, other.value
        return abs(a - b) <= 0.005 * max(abs(a), abs(b), 1e-9)

    @property
    def key(self) -> str:
        value = self.value if isinstance(self.value, str) else f"{self.value:g}"
        return f"#{value}{self.unit}"


_SEASON = re.compile(r"\d{4}-\d{2}")
_SCORE = re.compile(r"\d{1,2}-\d{1,2}")
_NUMERIC = re.compile(r"^\$?(\d[\d,]*(?:\.\d+)?)(bn|tn|[kmb])?(%?)$", re.I)
YEAR_RANGE = range(1800, 2101)


def _number_word_value(words: list[str]) -> float | None:
    """Value of a run of number words: "fourteen thousand two hundred" → 14200."""
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
            seen = True
        elif word == "hundred" and seen:
            current = (current or 1) * 100
        elif word in ("thousand", "million", "billion", "trillion") and seen:
            total += (current or 1) * SCALES[word]
            current = 0
        else:
            return None
    return total + current if seen else None


@dataclass
class Reading:
    """What :func:`read_quantities` found: quantities, years, and token positions it used."""

    quantities: list[Quantity]
    years: list[str]
    used: set[int]


_NUMBER_WORD_RUN = set(NUMBER_WORDS) | {"hundred", "thousand", "million", "billion", "trillion"}
_BOUND_WORDS = {"more", "fewer", "less", "over", "under", "nearly", "almost", "about"}


def read_quantities(tokens: list[Token]) -> Reading:
    """Quantities and years in reading order; ``used`` are the positions that made them."""
    words = [t.lower for t in tokens]
    quantities: list[Quantity] = []
    years: list[str] = []
    used: set[int] = set()
    n = len(words)
    i = 0
    while i < n:
        word = words[i]
        start = i
        value: float | str | None = None
        unit = ""
        currency = False
        percent = False
        if _SEASON.fullmatch(word):
            years.extend([word, word[:4]])
            used.add(i)
            i += 1
            continue
        if _SCORE.fullmatch(word):
            quantities.append(Quantity(word, "score"))
            used.add(i)
            i += 1
            continue
        numeric = _NUMERIC.match(word)
        if numeric:
            currency = word.startswith("$")
            value = float(numeric.group(1).replace(",", ""))
            suffix = (numeric.group(2) or "").lower()
            percent = bool(numeric.group(3))
            if suffix:
                value *= SCALES[suffix]
            whole = numeric.group(1).replace(",", "")
            if (
                not currency
                and not percent
                and not suffix
                and whole.isdigit()
                and len(whole) == 4
                and int(whole) in YEAR_RANGE
                and not (i + 1 < n and words[i + 1] in SCALES)
                and not (i + 1 < n and words[i + 1] in UNITS and words[i + 1] != "year")
            ):
                years.append(whole)
                used.add(i)
                i += 1
                continue
            i += 1
        elif word in _NUMBER_WORD_RUN or (
            word in ("a", "an") and i + 1 < n and words[i + 1] in FRACTIONS
        ):
            j = i
            while j < n and (
                words[j] in _NUMBER_WORD_RUN
                or (words[j] == "and" and j + 1 < n and words[j + 1] in _NUMBER_WORD_RUN)
            ):
                j += 1
            run = [w for w in words[i:j] if w != "and"]
            value = _number_word_value(run) if run else None
            # "three and a half": a half more
            if j + 2 < n and words[j] == "and" and words[j + 1] == "a" and words[j + 2] == "half":
                value = (value or 0) + 0.5
                j += 3
            if value is None and word in ("a", "an"):
                value, j = None, i + 1
            i = j if j > i else i + 1
        elif word in FRACTIONS and not (i > 0 and words[i - 1] in NUMBER_WORDS):
            quantities.append(Quantity(round(FRACTIONS[word], 2), "pct"))
            used.add(i)
            i += 1
            continue
        elif word in MULTIPLIERS:
            quantities.append(Quantity(float(MULTIPLIERS[word]), "times"))
            used.add(i)
            i += 1
            continue
        else:
            i += 1
            continue

        # After a number (or none, for "a tenth"): fractions, scales, units, ratios.
        if i < n and words[i] in FRACTIONS and (value is None or value < 20):
            share = FRACTIONS[words[i]]
            quantities.append(Quantity(round(share * (value or 1), 2), "pct"))
            used.update(range(start, i + 1))
            i += 1
            continue
        if value is None:
            continue
        if i < n and words[i] in SCALES and words[i] not in ("m", "b", "k"):
            value *= SCALES[words[i]]
            i += 1
        if i < n and words[i] in ("percent", "pct", "%"):
            percent = True
            i += 1
        if i < n and words[i] in ("dollar", "dollars", "usd"):
            currency = True
            i += 1
        # "one in five", "nine out of ten": a share
        ratio_at = i + 1 if i < n and words[i] == "in" else None
        if i + 2 < n and words[i] == "out" and words[i + 1] == "of":
            ratio_at = i + 2
        if ratio_at is not None and ratio_at < n and not currency and not percent:
            denominator = _single_number(words[ratio_at])
            if denominator and 1 < denominator <= 100 and 0 < value < denominator:
                quantities.append(Quantity(round(100 * value / denominator, 2), "pct"))
                used.update(range(start, ratio_at + 1))
                i = ratio_at + 1
                continue
        if i < n and words[i] == "times":
            quantities.append(Quantity(value, "times"))
            used.update(range(start, i + 1))
            i += 1
            continue
        if percent:
            unit = "pct"
        elif currency:
            unit = "usd"
        elif i < n and words[i] in UNITS:
            unit = UNITS[words[i]]
            i += 1
        quantities.append(Quantity(value, unit))
        used.update(range(start, i))
    return Reading(quantities, years, used)


def _single_number(word: str) -> float | None:
    if word.isdigit():
        return float(word)
    return float(NUMBER_WORDS[word]) if word in NUMBER_WORDS else None


def relative_years(words: list[str], years: list[str]) -> list[str]:
    """ "... in 2024 as it did the year before" names 2023 too."""
    if not years:
        return []
    text = " ".join(words)
    base = int(years[0][:4])
    found = []
    if re.search(r"\b(the year before|the previous year|a year earlier|the prior year)\b", text):
        found.append(str(base - 1))
    if re.search(r"\b(the year after|the following year|a year later)\b", text):
        found.append(str(base + 1))
    return found
