"""Scoring a sentence: signals and words through the weights, and the reasons to show."""

from __future__ import annotations

from itertools import pairwise

from annotations.checkworthiness.lexicon import UNQUOTED_WORDS
from annotations.checkworthiness.model import (
    DEFAULT_THRESHOLD,
    WORD_RE,
    Model,
    default_model,
    logistic_of,
    lower_text,
    word_score,
)
from annotations.checkworthiness.patterns import FEATURE_KINDS
from annotations.checkworthiness.reasons import (
    POSITIVE_KINDS,
    Checkworthiness,
    Reason,
    build_reasons,
)
from annotations.checkworthiness.signals import find_signals


def score_sentence(text: str, model: Model | None = None) -> Checkworthiness:
    """Score how worth checking ``text`` is, in 0..1, with the reasons for the score.

    Verifiable content (figures, dates, comparisons, causes, rules, support, events,
    evidence) raises the score; opinions, predictions and hopes, personal anecdotes,
    procedure and logistics, and questions lower it. Attribution alone ("said Prof.
    ...") barely moves it: who said something does not make what they said checkable.
    """
    model = model or default_model()
    lower = lower_text(text)
    signals, values = find_signals(text, lower)
    weights = model.weights
    z = model.bias + word_score(lower, model)
    for feature, value in values.items():
        z += weights.get(feature, 0.0) * value
    score = round(logistic_of(z), 3)
    reasons = build_reasons(text, signals, weights)
    if score >= DEFAULT_THRESHOLD and not any(r.kind in POSITIVE_KINDS for r in reasons):
        # Suggested on its wording alone: show the words that raised it most.
        wording = _strongest_wording(text, lower, model, reasons)
        if wording is None:
            # The words for checking lie under a reason against ("Where are rents falling
            # fastest?" quoted whole as a question): the strongest of them (a signal, else
            # a word) goes first and the reason it overlaps gives way, so a suggestion
            # always says why.
            wording = _strongest_signal(text, signals, weights) or _strongest_wording(
                text, lower, model, []
            )
            if wording is not None:
                reasons = [r for r in reasons if r.end <= wording.start or wording.end <= r.start]
        if wording is not None:
            reasons.insert(0, wording)
    return Checkworthiness(score=score, reasons=reasons)


def _strongest_wording(text: str, lower: str, model: Model, taken: list[Reason]) -> Reason | None:
    """The word or pair of words that raised the score most, as a ``wording`` reason."""
    found = [
        (m.start(), m.end(), "0" * len(m.group()) if m.group()[0] <= "9" else m.group())
        for m in WORD_RE.finditer(lower)
    ]
    best = None
    # A word's share of the meaning block is its number over the number of words averaged.
    meaning = model.meaning
    known = sum(1 for _s, _e, w in found if w in meaning) or 1
    # Grammatical words weigh something (long, dense sentences are more often claims) but
    # explain nothing to an editor: they are not quoted alone.
    candidates = [
        (model.words.get(w, 0.0) + meaning.get(w, 0.0) / known, s, e)
        for s, e, w in found
        if w not in UNQUOTED_WORDS
    ]
    candidates += [
        (model.pairs.get((a[2], b[2]), 0.0), a[0], b[1])
        for a, b in pairwise(found)
        if not (a[2] in UNQUOTED_WORDS and b[2] in UNQUOTED_WORDS)
    ]
    for weight, start, end in candidates:
        if weight <= 0 or any(start < r.end and r.start < end for r in taken):
            continue
        if best is None or weight > best[0]:
            best = (weight, start, end)
    if best is None:
        return None
    return Reason("wording", text[best[1] : best[2]], best[1], best[2])


def _strongest_signal(text: str, signals, weights) -> Reason | None:
    """The signal for checking that raised the score most, as its own reason."""
    best = max(
        (sig for sig in signals if weights.get(sig[0], 0.0) > 0),
        key=lambda sig: weights[sig[0]],
        default=None,
    )
    if best is None:
        return None
    return Reason(FEATURE_KINDS[best[0]], text[best[1] : best[2]], best[1], best[2])


def is_suggested(score: float, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """Whether a sentence with ``score`` is suggested as a claim to check."""
    return score >= threshold
