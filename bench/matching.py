"""Quality of "previously checked" matching on the labelled set in tests/matching/.

Run: ``python bench/matching.py [--split dev|heldout|all] [--verbose]``.
It migrates a throwaway SQLite database (or the PostgreSQL one named by
BENCH_DATABASE_URL, which it creates afresh and drops at the end), imports
``archive.jsonld`` through the import service, and asks every query through the same
selector as ``POST /api/v1/match/`` (limit 5). For each split it prints, per category and overall:

- positives: recall@1 and recall@3 (the expected review is first / among the first three
  results) and recall@1 at ``suggested`` (first *and* at least suggested: what the badge
  shows);
- negatives (hard negatives and unrelated claims): the false-match rate, the share whose best
  result reaches ``suggested``.

The held-out split is measured, never tuned on: ``--verbose`` lists misses for dev only.
Exits non-zero if the held-out figures miss the bar (recall@1 ≥ 0.85, recall@3 ≥ 0.92,
false matches ≤ 0.15).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "matching"
BAR = {"recall@1": 0.85, "recall@3": 0.92, "false": 0.15}

_tmp = tempfile.mkdtemp(prefix="bench-matching-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

NEGATIVE = ("negative_", "unrelated")


def setup() -> object:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        sys.path.insert(0, str(ROOT / "bench"))
        from archive_latency import recreate_database

        recreate_database()
    call_command("migrate", verbosity=0)
    from annotations.archive.services import claimreview_import

    result = claimreview_import(document=(DATA / "archive.jsonld").read_bytes())
    assert result.created == 124 and not result.skipped, result.as_dict()
    viewer, _ = User.objects.get_or_create(username="bench-viewer")
    viewer.groups.set([Group.objects.get(name="viewer")])
    return viewer


def evaluate(user: object, queries: list[dict], verbose: bool) -> dict:
    from annotations.archive.selectors import match_text

    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    times = []
    for query in queries:
        started = time.perf_counter()
        results = match_text(user=user, text=query["text"], limit=5)
        times.append(time.perf_counter() - started)
        urls = [r.url for r in results]
        row = stats[query["category"]]
        row["n"] += 1
        if query["expected"]:
            row["recall@1"] += bool(urls) and urls[0] == query["expected"]
            row["recall@3"] += query["expected"] in urls[:3]
            row["suggested@1"] += (
                bool(urls) and urls[0] == query["expected"] and bool(results[0].level)
            )
            if verbose and not (urls and urls[0] == query["expected"] and results[0].level):
                print(f"  miss {query['id']} {query['category']}: {query['text']}")
                for r in results[:3]:
                    print(f"       {r.score:.3f} {r.level} {r.claim_text} {list(r.reasons)}")
        else:
            false = bool(results) and results[0].level is not None
            row["false"] += false
            if verbose and false:
                print(f"  false {query['id']} {query['category']}: {query['text']}")
                print(f"       {results[0].score:.3f} {results[0].claim_text}")
    return {"stats": stats, "times": times}


def table(name: str, outcome: dict) -> dict[str, float]:
    stats = outcome["stats"]
    print(f"\n{name}: {sum(row['n'] for row in stats.values()):.0f} queries")
    print(f"{'category':<20} {'n':>4} {'recall@1':>9} {'recall@3':>9} {'r@1 sugg':>9} {'false':>7}")
    totals: dict[str, float] = defaultdict(float)
    for category in sorted(stats, key=lambda c: (c.startswith(NEGATIVE), c)):
        row = stats[category]
        n = row["n"]
        if category.startswith(NEGATIVE):
            print(f"{category:<20} {n:>4.0f} {'':>9} {'':>9} {'':>9} {row['false'] / n:>7.2f}")
            totals["neg"] += n
            totals["false"] += row["false"]
        else:
            print(
                f"{category:<20} {n:>4.0f} {row['recall@1'] / n:>9.2f} {row['recall@3'] / n:>9.2f}"
                f" {row['suggested@1'] / n:>9.2f} {'':>7}"
            )
            totals["pos"] += n
            for key in ("recall@1", "recall@3", "suggested@1"):
                totals[key] += row[key]
    overall = {
        "recall@1": totals["recall@1"] / totals["pos"],
        "recall@3": totals["recall@3"] / totals["pos"],
        "suggested@1": totals["suggested@1"] / totals["pos"],
        "false": totals["false"] / totals["neg"],
    }
    print(
        f"{'overall':<20} {totals['pos'] + totals['neg']:>4.0f} {overall['recall@1']:>9.3f}"
        f" {overall['recall@3']:>9.3f} {overall['suggested@1']:>9.3f} {overall['false']:>7.3f}"
    )
    times = sorted(outcome["times"])
    print(f"match time per query: p50 {1000 * times[len(times) // 2]:.1f} ms, "
          f"max {1000 * times[-1]:.1f} ms (124 archived reviews)")  # fmt: skip
    return overall


def main() -> int:
    split = "all"
    if "--split" in sys.argv:
        split = sys.argv[sys.argv.index("--split") + 1]
    verbose = "--verbose" in sys.argv
    user = setup()
    try:
        return _measure(user, split, verbose)
    finally:
        from django.conf import settings
        from django.db import connections

        connections.close_all()
        if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
            from archive_latency import recreate_database

            recreate_database(create=False)


def _measure(user: object, split: str, verbose: bool) -> int:
    failed = False
    for name in ("dev", "heldout"):
        if split not in (name, "all"):
            continue
        path = DATA / f"queries_{name}.jsonl"
        queries = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        outcome = evaluate(user, queries, verbose and name == "dev")
        overall = table(name, outcome)
        if name == "heldout":
            failed = (
                overall["recall@1"] < BAR["recall@1"]
                or overall["recall@3"] < BAR["recall@3"]
                or overall["false"] > BAR["false"]
            )
            print("held-out bar:", "missed" if failed else "met")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
