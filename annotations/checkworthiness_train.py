"""Train the check-worthiness weights from the development corpus, reproducibly.

Run from the repository root::

    python -m annotations.checkworthiness_train            # writes checkworthiness_model.json
    python -m annotations.checkworthiness_train --check    # cross-validation only, writes nothing
    python -m annotations.checkworthiness_train --errors   # also lists the cross-validated misses

Only ``tests/checkworthiness/dev.jsonl`` is read; the held-out part is never seen here.
The model is a logistic regression over the signals of :mod:`annotations.checkworthiness`,
fitted by full-batch projected gradient descent (numpy, deterministic: no random start,
no shuffling), with an L2 penalty and each weight's sign fixed by its signal's kind. The
threshold is picked by cross-validation grouped by article (an article's sentences never
sit on both sides) and folded into the bias, so a score of 0.5 is the decision point.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from annotations.checkworthiness import (
    FEATURE_KINDS,
    MODEL_PATH,
    NEGATIVE_KINDS,
    Model,
    features,
    score_sentence,
)

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "checkworthiness" / "dev.jsonl"
SUGGESTIBLE = ("sentence", "list_item")

L2 = 0.01  # penalty on the weights (not the bias); cross-validation preferred it weak
POSITIVE_WEIGHT = 1.6  # a missed claim costs more than a false flag (the bars: 0.92 / 0.15)
TARGET_RECALL = 0.96
FOLDS = 8
STEPS = 12000
LEARNING_RATE = 0.5


def training_sentences(path: Path = DEV) -> list[tuple[str, str, str, int]]:
    """(article id, genre, text, 1 for check / 0 for no) for every sentence a suggestion can be.

    Borderline sentences are left out, and so are those that segment as a byline or a
    heading: they are never suggested, whatever their score.
    """
    from annotations.segmentation import segment
    from tests.checkworthiness.corpus import load

    rows = []
    for article in load(path):
        kinds = {(span.start, span.end): span.kind for span in segment(article.body)}
        for sentence in article.sentences:
            if sentence.label == "borderline":
                continue
            if kinds.get((sentence.start, sentence.end), "sentence") not in SUGGESTIBLE:
                continue
            rows.append((article.id, article.genre, sentence.text, int(sentence.label == "check")))
    return rows


def feature_names() -> list[str]:
    return sorted(FEATURE_KINDS)


def matrix(texts: list[str], names: list[str]) -> np.ndarray:
    index = {name: i for i, name in enumerate(names)}
    x = np.zeros((len(texts), len(names)))
    for row, text in enumerate(texts):
        for name, value in features(text).items():
            x[row, index[name]] = value
    return x


def signs(names: list[str]) -> np.ndarray:
    """+1 where a weight may only raise the score, -1 where it may only lower it."""
    return np.array([-1.0 if FEATURE_KINDS[n] in NEGATIVE_KINDS else 1.0 for n in names])


def fit(x: np.ndarray, y: np.ndarray, sign: np.ndarray, l2: float = L2) -> tuple[float, np.ndarray]:
    """Sign-constrained, class-weighted, L2-penalised logistic regression: (bias, weights)."""
    n, d = x.shape
    sample = np.where(y == 1, POSITIVE_WEIGHT, 1.0)
    sample = sample / sample.mean()
    w = np.zeros(d)
    b = 0.0
    for _ in range(STEPS):
        z = x @ w + b
        p = 1.0 / (1.0 + np.exp(-z))
        g = sample * (p - y)
        grad_w = x.T @ g / n + l2 * w / n * 10
        grad_b = g.mean()
        w -= LEARNING_RATE * grad_w
        b -= LEARNING_RATE * grad_b
        w = np.where(sign > 0, np.maximum(w, 0.0), np.minimum(w, 0.0))
    return float(b), w


def folds(articles: list[str], k: int = FOLDS) -> dict[str, int]:
    """Article -> fold, round-robin over the sorted ids (genres spread across folds)."""
    return {a: i % k for i, a in enumerate(sorted(set(articles)))}


def cross_validated_scores(rows, names, l2: float = L2) -> np.ndarray:
    """The raw decision value of each sentence from a model that never saw its article."""
    x = matrix([r[2] for r in rows], names)
    y = np.array([r[3] for r in rows], dtype=float)
    fold_of = folds([r[0] for r in rows])
    fold = np.array([fold_of[r[0]] for r in rows])
    sign = signs(names)
    z = np.zeros(len(rows))
    for f in range(FOLDS):
        train, test = fold != f, fold == f
        b, w = fit(x[train], y[train], sign, l2)
        z[test] = x[test] @ w + b
    return z


def pick_threshold(z: np.ndarray, y: np.ndarray, target: float = TARGET_RECALL) -> float:
    """The highest decision value that keeps cross-validated recall at ``target``."""
    positives = np.sort(z[y == 1])
    k = math.floor((1 - target) * len(positives))
    return float(positives[k]) - 1e-6


def report(rows, z: np.ndarray, threshold: float, out=sys.stdout) -> dict:
    """Per-genre recall and false-flag share at ``threshold``; returns the overall figures."""
    by_genre: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for (_a, genre, _t, label), value in zip(rows, z, strict=True):
        flagged = value >= threshold
        for key in (genre, "overall"):
            c = by_genre[key]
            if label:
                c[0] += 1
                c[1] += flagged
            else:
                c[2] += 1
                c[3] += flagged
    result = {}
    for genre in sorted(by_genre, key=lambda g: (g == "overall", g)):
        check, hit, no, false = by_genre[genre]
        recall = hit / check if check else 1.0
        flag_rate = false / no if no else 0.0
        precision = hit / (hit + false) if hit + false else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(
            f"  {genre:18} recall {recall:.3f} ({hit}/{check})  flagged-no {flag_rate:.3f} "
            f"({false}/{no})  precision {precision:.3f}  F1 {f1:.3f}",
            file=out,
        )
        result[genre] = {"recall": round(recall, 3), "no_flagged": round(flag_rate, 3)}
    return result["overall"]


def train(path: Path = DEV) -> dict:
    """The model file's contents: weights, bias (threshold folded in) and how it was made."""
    rows = training_sentences(path)
    names = feature_names()
    y = np.array([r[3] for r in rows], dtype=float)
    z = cross_validated_scores(rows, names)
    threshold = pick_threshold(z, y)
    print(f"cross-validated on {len(rows)} dev sentences ({FOLDS} folds by article):")
    cv = report(rows, z, threshold)
    b, w = fit(matrix([r[2] for r in rows], names), y, signs(names))
    weights = {n: round(float(v), 4) for n, v in zip(names, w, strict=True) if abs(v) >= 1e-4}
    return {
        "about": "Check-worthiness weights; python -m annotations.checkworthiness_train",
        "trained_on": {
            "file": str(path.relative_to(ROOT)),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "sentences": len(rows),
        },
        "settings": {
            "l2": L2,
            "positive_weight": POSITIVE_WEIGHT,
            "target_recall": TARGET_RECALL,
            "folds": FOLDS,
            "steps": STEPS,
        },
        "cross_validation": cv,
        "bias": round(b - threshold, 4),
        "weights": weights,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="cross-validate only")
    parser.add_argument("--errors", action="store_true", help="list cross-validated misses")
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    if args.check or args.errors:
        rows = training_sentences()
        names = feature_names()
        y = np.array([r[3] for r in rows], dtype=float)
        z = cross_validated_scores(rows, names)
        threshold = pick_threshold(z, y)
        report(rows, z, threshold)
        if args.errors:
            b, w = fit(matrix([r[2] for r in rows], names), y, signs(names))
            model = Model(bias=b - threshold, weights=dict(zip(names, w.tolist(), strict=True)))
            for (_a, _g, text, label), value in zip(rows, z, strict=True):
                if (value >= threshold) != bool(label):
                    reasons = ", ".join(
                        f"{r.kind}:{r.text}" for r in score_sentence(text, model).reasons
                    )
                    tag = "MISS" if label else "FALSE"
                    print(f"{tag:5} {value - threshold:+.2f} {text}\n        [{reasons}]")
        return
    model = train()
    args.output.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.output} ({args.output.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
