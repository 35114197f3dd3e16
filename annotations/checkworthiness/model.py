"""The trained weights (``model.json`` beside this module) and the words the model reads."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

DEFAULT_THRESHOLD = 0.5
MODEL_PATH = Path(__file__).with_name("model.json")
# One number per word: the sentence-meaning block of the model (see train.Meaning).
MEANING_PATH = Path(__file__).with_name("meaning.json")

# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------


# Words for the model: lower case, an apostrophe kept inside a word, every digit read as 0
# ("2,300" gives "0" and "000"; "1998" gives "0000"), so numbers count by shape, not value.
WORD_RE = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")
DIGIT_RE = re.compile(r"\d")


def lower_text(text: str) -> str:
    """``text`` in lower case with curly apostrophes straight (same length: offsets hold)."""
    return text.lower().replace("\u2019", "'")


def _tokens(lower: str) -> list[str]:
    tokens = WORD_RE.findall(lower)
    if DIGIT_RE.search(lower):
        tokens = ["0" * len(t) if t[0] <= "9" else t for t in tokens]
    return tokens


def word_tokens(text: str) -> list[str]:
    """The words of ``text`` as the model reads them (see :data:`WORD_RE`)."""
    return _tokens(lower_text(text))


def word_features(tokens: list[str]) -> set[str]:
    """The words and the pairs of neighbouring words ("a b") present in a sentence."""
    return {*tokens, *(f"{a} {b}" for a, b in pairwise(tokens))}


@dataclass(frozen=True, slots=True)
class Model:
    """Signal weights (each sign fixed by its kind) and word weights (either sign).

    Words and word pairs only move the score; they are never shown as reasons: a reason
    quotes a signal, which an editor can read as a kind of claim. ``meaning`` is the
    sentence-meaning block: one number per word, averaged over the sentence's words that
    have one (words of like meaning have like numbers, so it carries to unseen words);
    ``meaning_empty`` stands for a sentence with none of them.
    """

    bias: float
    weights: Mapping[str, float]
    words: Mapping[str, float] = field(default_factory=dict)
    pairs: Mapping[tuple[str, str], float] = field(default_factory=dict)
    meaning: Mapping[str, float] = field(default_factory=dict)
    meaning_empty: float = 0.0


def make_model(
    bias: float,
    weights: Mapping[str, float],
    words: Mapping[str, float],
    meaning: Mapping[str, float] | None = None,
    meaning_empty: float = 0.0,
) -> Model:
    """A model from its weights; word pairs ("a b") are looked up as tuples when scoring."""
    single = {w: v for w, v in words.items() if " " not in w}
    pairs = {tuple(w.split(" ")): v for w, v in words.items() if " " in w}
    return Model(
        bias=float(bias),
        weights=dict(weights),
        words=single,
        pairs=pairs,
        meaning=meaning or {},
        meaning_empty=float(meaning_empty),
    )


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> Model:
    """The trained weights; loaded once per process, from the repository (no download)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    meaning_path = path.with_name(MEANING_PATH.name)
    meaning = json.loads(meaning_path.read_text(encoding="utf-8")) if meaning_path.exists() else {}
    return make_model(
        data["bias"],
        data["weights"],
        data.get("words", {}),
        meaning,
        data.get("meaning_empty", 0.0),
    )


def word_score(lower: str, model: Model) -> float:
    """The words' part of the score: the weights of the words and word pairs in a sentence
    (each counted once), and the mean of its words' meaning numbers."""
    tokens = _tokens(lower)
    z = meaning_score(tokens, model)
    words, pairs = model.words, model.pairs
    # Only the words and pairs that have a weight, each once: a set intersection in C. The
    # order of the sum is a set's, as it always was (it varies with the hash seed in the
    # last bits; the score is rounded to three decimals).
    for token in words.keys() & tokens:
        z += words[token]
    for pair in pairs.keys() & pairwise(tokens):
        z += pairs[pair]
    return z


def meaning_score(tokens: list[str], model: Model) -> float:
    """The mean meaning number of the words that have one (every occurrence counts)."""
    meaning = model.meaning
    if not meaning:
        return 0.0
    values = [v for v in map(meaning.get, tokens) if v is not None]
    return sum(values) / len(values) if values else model.meaning_empty


_DEFAULT: list[Model] = []


def default_model() -> Model:
    if not _DEFAULT:
        _DEFAULT.append(load_model())
    return _DEFAULT[0]


def logistic_of(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    ez = math.exp(z)
    return ez / (1.0 + ez)
