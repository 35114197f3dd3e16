"""Text normalisation for matching and search: tokens and light stemming, pure Python.

A claim's wording is split into words and numbers (with capitalisation and sentence starts
kept, for names), and words are reduced to a common stem with a few newsroom synonyms
folded together. Quantities are read from the tokens by ``annotations.archive.quantities``.
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
