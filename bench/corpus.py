"""Generated newsroom text for the benchmarks: claims over many places, people, numbers,
years and directions, and helpers to COPY rows into PostgreSQL.

Shared by bench/archive_latency.py and bench/scale.py; no Django settings here.
"""

from __future__ import annotations

import io
import random

SYLLABLES = [
    "al",
    "bar",
    "cor",
    "dun",
    "el",
    "fen",
    "gar",
    "hol",
    "ist",
    "jun",
    "kel",
    "lor",
    "mar",
    "nor",
    "oak",
    "pel",
    "quin",
    "ros",
    "sel",
    "tor",
    "ul",
    "ven",
    "wes",
    "yar",
    "zel",
]
SUBJECTS = [
    ("unemployment", "pct"), ("the poverty rate", "pct"), ("violent crime", "pct"),
    ("home prices", "pct"), ("rents", "pct"), ("the school dropout rate", "pct"),
    ("overdose deaths", "pct"), ("traffic deaths", "pct"), ("voter turnout", "pct"),
    ("the city's debt", "usd"), ("spending on roads", "usd"), ("the police budget", "usd"),
    ("the library budget", "usd"), ("the average teacher salary", "usd"),
    ("hospital wait times", "pct"), ("measles cases", "times"), ("tuition", "times"),
    ("egg prices", "times"), ("the number of nurses", "count"), ("manufacturing jobs", "count"),
]  # fmt: skip
ROSE = ["rose", "climbed", "jumped", "increased", "grew"]
FELL = ["fell", "dropped", "declined", "decreased", "shrank"]
TITLES = ["Mayor", "Senator", "Governor", "Councillor", "Superintendent"]
FIRST = [
    "Ana",
    "Ben",
    "Cara",
    "Dev",
    "Eli",
    "Fay",
    "Gus",
    "Hana",
    "Ivo",
    "Jade",
    "Kai",
    "Lena",
    "Milo",
    "Nia",
    "Omar",
    "Pia",
    "Raul",
    "Sana",
    "Teo",
    "Uma",
]
CLAIMANT_KIND = ["Person", "Organization"]


def name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def generated_claim(rng: random.Random, places: list[str], people: list[str]) -> str:
    subject, unit = rng.choice(SUBJECTS)
    place = rng.choice(places)
    year = rng.randint(1995, 2026)
    direction = rng.choice(ROSE + FELL)
    if unit == "pct":
        value = f"{rng.randint(1, 60)}.{rng.randint(0, 9)}%"
        word = rng.choice(["to", "by"])
        text = f"{subject.capitalize()} in {place} {direction} {word} {value} in {year}."
    elif unit == "usd":
        value = f"${rng.randint(2, 900)} {rng.choice(['million', 'billion'])}"
        text = f"{subject.capitalize()} in {place} {direction} to {value} in {year}."
    elif unit == "times":
        change = rng.choice(["doubled", "tripled"])
        text = f"{subject.capitalize()} in {place} {change} between {year - 5} and {year}."
    else:
        change, count = rng.choice(["lost", "gained"]), rng.randint(100, 9000)
        text = f"{place} {change} {count:,} {subject[14:] or 'jobs'} in {year}."
    if rng.random() < 0.3:
        text = f"{rng.choice(TITLES)} {rng.choice(people)} said {text[0].lower()}{text[1:]}"
    return text


def copy_text(text: str) -> str:
    """A value for COPY's text format."""
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def copy_null(value: object) -> str:
    return "\\N" if value is None else str(value)


def copy_rows(cursor, table: str, columns: str, data: io.StringIO) -> None:
    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        copy.write(data.getvalue())
