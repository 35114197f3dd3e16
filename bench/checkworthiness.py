"""Check-worthiness suggestions against the labelled corpus: today's scorer vs the previous one.

Run: ``python bench/checkworthiness.py`` (``--split dev``, ``heldout`` or ``heldout2`` for one
part only; ``--markdown`` prints the tables as Markdown for docs/segmentation.md).

For each genre and overall: recall of the must-flag sentences, the share of must-not-flag
sentences flagged, precision and F1 (borderline sentences count neither way), and
sentences scored per second. Each article goes through ``segment`` as ingest does; a
labelled sentence is flagged when a suggestible segment over it scores at or above the
threshold. The previous scorer is the frozen copy in ``bench/baseline/`` with the rule it
shipped with (sentences only; list items were never suggested).

The held-out parts (``heldout.jsonl`` and ``heldout2.jsonl``, the second written before the
scorer of issue 13 was tuned) are measured here and nowhere tuned: nothing prints their
sentences.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotations.checkworthiness import DEFAULT_THRESHOLD, score_sentence  # noqa: E402
from bench.baseline import checkworthiness_v1  # noqa: E402
from tests.checkworthiness.corpus import (  # noqa: E402
    DEV_PARTS,
    HELDOUT,
    HELDOUT2,
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


def previous_flag(kind: str, text: str) -> bool:
    return kind == "sentence" and checkworthiness_v1.score_sentence(text).score >= 0.5


def _row(name: str, new: Counts, old: Counts, markdown: bool) -> str:
    cells = [
        f"{new.recall:.3f} / {old.recall:.3f}",
        f"{new.false_flag_rate:.3f} / {old.false_flag_rate:.3f}",
        f"{new.precision:.3f} / {old.precision:.3f}",
        f"{new.f1:.3f} / {old.f1:.3f}",
        f"{new.check}/{new.no}",
    ]
    ok = new.recall >= BARS["recall"] and new.false_flag_rate <= BARS["no_flagged"]
    mark = "" if ok else " (below bar)"
    if markdown:
        return f"| {name}{mark} | " + " | ".join(cells) + " |"
    return f"{name + mark:28} " + "  ".join(f"{c:15}" for c in cells)


def report(split: str, articles: list[CorpusArticle], markdown: bool) -> bool:
    """Print one part's table; True when every genre meets the bars."""
    new = measure(articles, new_flag)
    old = measure(articles, previous_flag)
    rounds = 5
    new_rate = max(n / s for n, s in (time_scorer(articles, score_sentence) for _ in range(rounds)))
    old_rate = max(
        n / s
        for n, s in (
            time_scorer(articles, checkworthiness_v1.score_sentence) for _ in range(rounds)
        )
    )
    sentences = new.overall.check + new.overall.no + new.overall.borderline
    print(f"\n{split}: {len(articles)} articles, {sentences} labelled sentences (new / previous)")
    header = ["genre", "must-flag recall", "must-not flagged", "precision", "F1", "check/no"]
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
    else:
        print(f"{header[0]:28} " + "  ".join(f"{h:15}" for h in header[1:]))
    all_ok = True
    for genre in sorted(new.genres):
        print(_row(genre, new.genres[genre], old.genres[genre], markdown))
        g = new.genres[genre]
        all_ok &= g.recall >= BARS["recall"] and g.false_flag_rate <= BARS["no_flagged"]
    print(_row("overall", new.overall, old.overall, markdown))
    print(
        f"sentences per second (score_sentence, best of {rounds}): "
        f"new {new_rate:,.0f}, previous {old_rate:,.0f}"
    )
    print(
        f"bars per genre (recall >= {BARS['recall']}, must-not flagged <= "
        f"{BARS['no_flagged']}): {'met' if all_ok else 'NOT met'}"
    )
    return all_ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "heldout", "heldout2", "all"], default="all")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    score_sentence("Warm-up: the model loads once.")
    if args.split in ("dev", "all"):
        dev = [a for path in DEV_PARTS for a in load(path)]
        report("dev, dev2 … dev5 (tuned on)", dev, args.markdown)
    if args.split in ("heldout", "all"):
        report("held-out (heldout.jsonl, never tuned on)", load(HELDOUT), args.markdown)
    if args.split in ("heldout2", "all"):
        report("held-out 2 (heldout2.jsonl, never tuned on)", load(HELDOUT2), args.markdown)


if __name__ == "__main__":
    main()
