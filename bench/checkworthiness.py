"""Check-worthiness suggestions against the labelled corpus: today's scorer vs the earlier ones.

Run: ``python bench/checkworthiness.py`` (``--split dev`` or ``--split heldoutN`` for one part
only; ``--markdown`` prints the tables as Markdown for docs/segmentation.md).

For each genre and overall: recall of the must-flag sentences, the share of must-not-flag
sentences flagged, precision and F1 (borderline sentences count neither way), and
sentences scored per second, for three scorers side by side (``new / before / v1``): today's;
the scorer before issue 13's fifth round, frozen in ``bench/baseline/checkworthiness_v4/``
with its model; and the first scorer, ``checkworthiness_v1.py``, with the rule it shipped with
(sentences only; list items were never suggested). Each article goes through ``segment`` as
ingest does; a labelled sentence is flagged when a suggestible segment over it scores at or
above the threshold.

The held-out parts (``HELDOUT_PARTS`` of tests/checkworthiness/corpus.py, each written before
a round of tuning) are measured here and nowhere tuned: nothing prints their sentences.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotations.checkworthiness import DEFAULT_THRESHOLD, score_sentence  # noqa: E402
from bench.baseline import checkworthiness_v1, checkworthiness_v4  # noqa: E402
from tests.checkworthiness.corpus import (  # noqa: E402
    DEV_PARTS,
    HELDOUT_PARTS,
    CorpusArticle,
    Counts,
    load,
    measure,
    time_scorer,
)

# The same as annotations.models.SUGGESTIBLE_KINDS (a test keeps them equal).
SUGGESTIBLE_KINDS = ("sentence", "list_item")
BARS = {"recall": 0.92, "no_flagged": 0.15}


def new_flag(kind: str, text: str) -> bool:
    return kind in SUGGESTIBLE_KINDS and score_sentence(text).score >= DEFAULT_THRESHOLD


def before_flag(kind: str, text: str) -> bool:
    return (
        kind in SUGGESTIBLE_KINDS
        and checkworthiness_v4.score_sentence(text).score >= checkworthiness_v4.DEFAULT_THRESHOLD
    )


def previous_flag(kind: str, text: str) -> bool:
    return kind == "sentence" and checkworthiness_v1.score_sentence(text).score >= 0.5


def meets(c: Counts) -> bool:
    return c.recall >= BARS["recall"] and c.false_flag_rate <= BARS["no_flagged"]


def _row(name: str, counts: list[Counts], markdown: bool) -> str:
    def cell(attr: str) -> str:
        return " / ".join(f"{getattr(c, attr):.3f}" for c in counts)

    new = counts[0]
    cells = [cell("recall"), cell("false_flag_rate"), cell("precision"), cell("f1")]
    cells.append(f"{new.check}/{new.no}")
    mark = "" if meets(new) else " (below bar)"
    if markdown:
        return f"| {name}{mark} | " + " | ".join(cells) + " |"
    return f"{name + mark:28} " + "  ".join(f"{c:21}" for c in cells)


def report(split: str, articles: list[CorpusArticle], markdown: bool) -> bool:
    """Print one part's table; True when every genre meets the bars with today's scorer."""
    flags = (new_flag, before_flag, previous_flag)
    scorers = (
        score_sentence,
        checkworthiness_v4.score_sentence,
        checkworthiness_v1.score_sentence,
    )
    results = [measure(articles, flag) for flag in flags]
    rounds = 5
    rates = [
        max(n / s for n, s in (time_scorer(articles, score) for _ in range(rounds)))
        for score in scorers
    ]
    new = results[0]
    sentences = new.overall.check + new.overall.no + new.overall.borderline
    print(
        f"\n{split}: {len(articles)} articles, {sentences} labelled sentences (new / before / v1)"
    )
    header = ["genre", "must-flag recall", "must-not flagged", "precision", "F1", "check/no"]
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
    else:
        print(f"{header[0]:28} " + "  ".join(f"{h:21}" for h in header[1:]))
    all_ok = True
    for genre in sorted(new.genres):
        print(_row(genre, [r.genres[genre] for r in results], markdown))
        all_ok &= meets(new.genres[genre])
    print(_row("overall", [r.overall for r in results], markdown))
    print(
        f"sentences per second (score_sentence, best of {rounds}): new {rates[0]:,.0f}, "
        f"before {rates[1]:,.0f}, v1 {rates[2]:,.0f}"
    )
    print(
        f"bars per genre (recall >= {BARS['recall']}, must-not flagged <= "
        f"{BARS['no_flagged']}): {'met' if all_ok else 'NOT met'}"
    )
    return all_ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--split",
        choices=["dev", *(path.stem for path in HELDOUT_PARTS), "all"],
        default="all",
    )
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    score_sentence("Warm-up: the model loads once.")
    if args.split in ("dev", "all"):
        dev = [a for path in DEV_PARTS for a in load(path)]
        report(f"dev, dev2 … dev{len(DEV_PARTS)} (tuned on)", dev, args.markdown)
    for path in HELDOUT_PARTS:
        if args.split in (path.stem, "all"):
            name = f"held-out {path.stem.removeprefix('heldout')} ({path.name}, never tuned on)"
            report(name, load(path), args.markdown)


if __name__ == "__main__":
    main()
