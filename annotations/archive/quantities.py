"""Quantities in a claim's wording, read as (value, unit): the numbers a fact-checker checks.

"3.5 percent" = "3.5%" = "three and a half percent"; "$2bn" = "$2 billion"; "40k" = "40,000";
"one in five" = 20%; "a tenth" = 10%; "doubled" = 2 times. Years are read apart. Pure Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotations.archive.text import Token

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
            # "2023-24" (a season) or "2017-21" (a span) names both ends as years too.
            years.extend([word, word[:4]])
            end = int(word[:2] + word[5:])
            if 0 < end - int(word[:4]) <= 20:
                years.append(str(end))
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
