"""Two labellers of the same held-out text, and the scorer beside them.

Run: ``python bench/agreement.py`` (``--markdown`` prints the tables as Markdown).

Each held-out part of ``tests/checkworthiness/corpus.py`` was labelled by its writer ("A").
A second labeller ("B"), who read only GUIDELINES.md and the part's sentences (never A's
labels, a scorer or any other part), labelled the same sentences again:
``tests/checkworthiness/agreement/heldoutN.jsonl``, the same records with B's labels
(``--dev``: the parts labelled twice while they were held out, dev39-dev42, since tuned on).

The bars of issue 13 (must-flag recall >= 0.92 and must-not-flag flagged <= 0.15 in every
genre) are measured against one writer's labels. This prints how a careful person does against
the same bars, so the scorer's figures can be read beside a human's:

- **B as a scorer, against A**: B flags what B labels ``check`` (B's borderline, not flagged;
  in brackets, with B's borderline flagged);
- **A as a scorer, against B**: the same with the roles swapped;
- **the scorer against A** (what ``bench/checkworthiness.py`` prints) and **against B**;
- **the scorer where A and B agree** (``check`` / ``no`` by both): the sentences no desk
  would argue over;
- Cohen's kappa of A and B (three labels, and flagged or not), and how many of the part-genres
  meet both bars, for B and for the scorer.

Nothing here is tuned on: it only reads labels and scores.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.checkworthiness import meets, new_flag  # noqa: E402
from tests.checkworthiness.corpus import (  # noqa: E402
    DEV_PARTS,
    HELDOUT_PARTS,
    Counts,
    flags,
    load,
)

AGREEMENT = ROOT / "tests" / "checkworthiness" / "agreement"


@dataclass(frozen=True, slots=True)
class Judged:
    """One sentence: its genre, A's and B's labels, and whether the scorer flags it."""

    genre: str
    a: str
    b: str
    scored: bool


def agreement_parts(parts: tuple[Path, ...] = HELDOUT_PARTS) -> list[tuple[Path, Path]]:
    """(part, its second labelling) for every one of ``parts`` that has one."""
    return [(p, AGREEMENT / p.name) for p in parts if (AGREEMENT / p.name).exists()]


def judged(part: Path, second: Path) -> list[Judged]:
    """Every sentence of a part with both labels and the scorer's flag."""
    first_articles = load(part)
    second_articles = {a.id: a for a in load(second)}
    rows = []
    for article in first_articles:
        other = second_articles[article.id]
        assert [s.text for s in other.sentences] == [s.text for s in article.sentences]
        scored = flags(article, new_flag)
        for a, b, flagged in zip(article.sentences, other.sentences, scored, strict=True):
            rows.append(Judged(article.genre, a.label, b.label, flagged))
    return rows


Flag = Callable[[Judged], bool]


def counts(rows: list[Judged], reference: str, flagged: Flag) -> Counts:
    """Confusion counts of ``flagged(row)`` against the labels of ``reference`` ("a"/"b")."""
    c = Counts()
    for row in rows:
        c.add(getattr(row, reference), flagged(row))
    return c


def consensus(rows: list[Judged]) -> list[Judged]:
    """The sentences both labellers put on the same side (check/check or no/no)."""
    return [r for r in rows if r.a == r.b and r.a in ("check", "no")]


def kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of two labellings."""
    n = len(pairs)
    if not n:
        return 1.0
    observed = sum(x == y for x, y in pairs) / n
    left, right = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    expected = sum(left[k] * right[k] for k in set(left) | set(right)) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def says(side: str, *labels: str) -> Flag:
    """A labeller as a scorer: ``side`` ("a"/"b") flags the sentences it labels ``labels``."""
    return lambda row: getattr(row, side) in labels


def scorer_flags(row: Judged) -> bool:
    return row.scored


# (column, whose labels are the reference, who flags, who flags with borderline counted too)
COLUMNS: tuple[tuple[str, str, Flag, Flag | None], ...] = (
    ("B against A", "a", says("b", "check"), says("b", "check", "borderline")),
    ("A against B", "b", says("a", "check"), says("a", "check", "borderline")),
    ("scorer against A", "a", scorer_flags, None),
    ("scorer against B", "b", scorer_flags, None),
)


def cell(rows: list[Judged], reference: str, flagged: Flag, loose: Flag | None) -> str:
    c = counts(rows, reference, flagged)
    text = f"{c.recall:.3f} / {c.false_flag_rate:.3f}"
    if loose is not None:
        wide = counts(rows, reference, loose)
        text += f" ({wide.recall:.3f} / {wide.false_flag_rate:.3f})"
    return text


def report(name: str, rows: list[Judged], markdown: bool) -> Counter[str]:
    """Print one part's (or the pooled) table; return how many genres meet the bars, by column."""
    genres = sorted({r.genre for r in rows})
    header = ["genre", *(c[0] for c in COLUMNS), "scorer where A = B"]
    three = kappa([(r.a, r.b) for r in rows])
    binary = kappa([(r.a == "check", r.b == "check") for r in rows])
    both = Counter((r.a, r.b) for r in rows)
    print(f"\n{name}: {len(rows)} sentences; each cell is must-flag recall / must-not flagged")
    print(
        f"A and B give the same label to {sum(r.a == r.b for r in rows) / len(rows):.3f} of the "
        f"sentences; Cohen's kappa {three:.3f} (check / no / borderline), {binary:.3f} (check "
        f"or not); borderline: A {sum(r.a == 'borderline' for r in rows)}, "
        f"B {sum(r.b == 'borderline' for r in rows)}"
    )
    print(
        "A check, B no: {}; A no, B check: {}".format(both[("check", "no")], both[("no", "check")])
    )
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
    met: Counter[str] = Counter({column: 0 for column, *_ in COLUMNS})
    for genre in [*genres, "overall"]:
        subset = rows if genre == "overall" else [r for r in rows if r.genre == genre]
        cells = [cell(subset, ref, flag, loose) for _, ref, flag, loose in COLUMNS]
        agreed = counts(consensus(subset), "a", scorer_flags)
        cells.append(f"{agreed.recall:.3f} / {agreed.false_flag_rate:.3f}")
        if genre != "overall":
            for column, ref, flag, _ in COLUMNS:
                met[column] += meets(counts(subset, ref, flag))
        if markdown:
            print(f"| {genre} | " + " | ".join(cells) + " |")
        else:
            print(f"{genre:17} " + "  ".join(f"{c:30}" for c in cells))
    print(
        "genres meeting both bars: "
        + ", ".join(f"{column} {ok}/{len(genres)}" for column, ok in met.items())
    )
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument(
        "--dev",
        action="store_true",
        help="the development parts that were held out when labelled twice (tuned on since)",
    )
    args = parser.parse_args()
    pooled: list[Judged] = []
    met: Counter[str] = Counter()
    part_genres = 0
    for part, second in agreement_parts(DEV_PARTS if args.dev else HELDOUT_PARTS):
        rows = judged(part, second)
        pooled.extend(rows)
        met += report(part.stem, rows, args.markdown)
        part_genres += len({r.genre for r in rows})
    if not pooled:
        sys.exit(f"no second labelling under {AGREEMENT}")
    report("pooled", pooled, args.markdown)
    print(
        "part-genres meeting both bars, over all parts: "
        + ", ".join(f"{column} {met[column]}/{part_genres}" for column, *_ in COLUMNS)
    )


if __name__ == "__main__":
    main()
