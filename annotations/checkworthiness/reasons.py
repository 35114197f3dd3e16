"""Reasons as data: their kinds, their exact spans, and how an editor reads them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from annotations.checkworthiness.lexicon import SOURCE_FEATURES
from annotations.checkworthiness.patterns import FEATURE_KINDS

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

# Signals shown as reasons whatever their weight.
_ALWAYS_SHOWN = SOURCE_FEATURES | {"timestamp"}

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


def build_reasons(
    text: str, signals: Iterable[tuple[str, int, int]], weights: Mapping[str, float]
) -> list[Reason]:
    """One reason per span that moved the score, strongest first, overlaps dropped."""
    scored = []
    for feature, start, end in signals:
        weight = weights.get(feature, 0.0)
        if weight >= 0.05 or weight <= -0.05 or feature in _ALWAYS_SHOWN:
            # Who says so is shown even where it moves the score little: it is the claimant;
            # so is a live blog's time stamp, which tells why its time is no figure.
            scored.append((-abs(weight), start, end, feature))
    scored.sort()
    taken: list[tuple[int, int]] = []
    reasons: list[Reason] = []
    for _weight, start, end, feature in scored:
        for s, e in taken:
            if start < e and s < end:
                break  # one reason per span: the strongest signal on those words speaks
        else:
            taken.append((start, end))
            reasons.append(Reason(FEATURE_KINDS[feature], text[start:end], start, end))
    return reasons


def reason_label(reason: Any) -> str:
    """A reason as an editor reads it: ``figure “$42 billion”``, ``quantity “only”`` (a
    quantity without digits); old string reasons as they are.

    Segments scored before reasons carried spans hold plain strings; every reader goes
    through here so both shapes show until they are rescored.
    """
    if isinstance(reason, Mapping):
        kind = str(reason.get("kind", ""))
        label = KIND_LABELS.get(kind, kind.replace("_", " "))
        quoted = str(reason.get("text", ""))
        if kind == "quantity" and not any(c.isdigit() for c in quoted):
            label = "quantity"  # "only", "every", "half", "cost": not a figure
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
