"""The check-worthiness corpus (dev*.jsonl, heldout*.jsonl) as article bodies and measurements.

Pure Python, no Django: the benchmark, the trainer and the tests share it. Each line of a
corpus file is one article; its body is the title, a blank line, then the paragraphs
separated by blank lines (sentences joined by one space; a list is one ``- item`` line per
sentence), as GUIDELINES.md says. Scoring goes through ``segment`` as ingest does, so a
labelled sentence is flagged when a suggestible segment overlapping it is suggested.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV = HERE / "dev.jsonl"
# Every development part (tuned on), one per writer or house style; the trainer reads these.
DEV_PARTS = (
    DEV,
    HERE / "dev2.jsonl",
    HERE / "dev3.jsonl",
    HERE / "dev4.jsonl",
    HERE / "dev5.jsonl",
    HERE / "dev6.jsonl",
    HERE / "dev7.jsonl",
    # Held-out parts 1-4 of rounds 1-4 (heldout.jsonl ... heldout4.jsonl), each measured in
    # several rounds and read for the threshold of round 5: development text since then.
    HERE / "dev8.jsonl",
    HERE / "dev9.jsonl",
    HERE / "dev10.jsonl",
    HERE / "dev11.jsonl",
    # Held-out parts 5-9 of round 5 (heldout5.jsonl ... heldout9.jsonl), each measured once or
    # more and read for the threshold of round 6: development text since then.
    HERE / "dev12.jsonl",
    HERE / "dev13.jsonl",
    HERE / "dev14.jsonl",
    HERE / "dev15.jsonl",
    HERE / "dev16.jsonl",
    # Round 7: four more writers (dev17-dev20), and held-out parts 10 and 11 of round 6
    # (heldout10.jsonl, heldout11.jsonl), each measured once, read for the threshold of round 7.
    HERE / "dev17.jsonl",
    HERE / "dev18.jsonl",
    HERE / "dev19.jsonl",
    HERE / "dev20.jsonl",
    HERE / "dev21.jsonl",
    HERE / "dev22.jsonl",
    # Round 8: held-out parts 12-15 of round 7 (heldout12.jsonl ... heldout15.jsonl), each
    # measured once, and two more writers (dev27, dev28); read for the threshold of round 8.
    HERE / "dev23.jsonl",
    HERE / "dev24.jsonl",
    HERE / "dev25.jsonl",
    HERE / "dev26.jsonl",
    HERE / "dev27.jsonl",
    HERE / "dev28.jsonl",
    # Round 9: held-out parts 16-19 of round 8 (heldout16.jsonl ... heldout19.jsonl), each
    # measured twice, and two more writers (dev33, dev34); read for the threshold of round 9.
    HERE / "dev29.jsonl",
    HERE / "dev30.jsonl",
    HERE / "dev31.jsonl",
    HERE / "dev32.jsonl",
    HERE / "dev33.jsonl",
    HERE / "dev34.jsonl",
    # Round 10: held-out parts 20-23 of round 9 (heldout20.jsonl ... heldout23.jsonl), each
    # measured twice (round 8's and round 9's scorer); read for the threshold of round 10.
    HERE / "dev35.jsonl",
    HERE / "dev36.jsonl",
    HERE / "dev37.jsonl",
    HERE / "dev38.jsonl",
    # Round 11: held-out parts 24-27 of round 10 (heldout24.jsonl ... heldout27.jsonl), each
    # measured twice (round 9's and round 10's scorer) and labelled a second time
    # (agreement/); read for the threshold of round 11.
    HERE / "dev39.jsonl",
    HERE / "dev40.jsonl",
    HERE / "dev41.jsonl",
    HERE / "dev42.jsonl",
)
# Every held-out part (never tuned on), in the order they were written, each by another hand
# and committed alone before it was measured (docs/segmentation.md, "Fifth round").
HELDOUT_PARTS = (
    HERE / "heldout28.jsonl",  # round 11: before the retraining on forty-two parts
    HERE / "heldout29.jsonl",  # round 11: before the retraining on forty-two parts
    HERE / "heldout30.jsonl",  # round 11: before the retraining on forty-two parts
    HERE / "heldout31.jsonl",  # round 11: before the retraining on forty-two parts
)
LABELS = ("check", "no", "borderline")


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    article: str
    genre: str
    register: str
    in_list: bool
    text: str
    label: str
    type: str
    start: int  # offsets into the article body
    end: int


@dataclass(frozen=True, slots=True)
class CorpusArticle:
    id: str
    genre: str
    register: str
    body: str
    sentences: tuple[LabelledSentence, ...]


def load(path: Path) -> list[CorpusArticle]:
    """Every article of a corpus file, with its body and the labelled sentences' offsets."""
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            articles.append(build_article(json.loads(line)))
    return articles


def build_article(record: dict) -> CorpusArticle:
    """The body of one corpus record and its sentences located in it."""
    parts: list[str] = [record["title"]]
    pieces: list[tuple[dict, bool, int]] = []  # sentence, in a list, offset in body
    pos = len(record["title"])
    for paragraph in record["paragraphs"]:
        in_list = paragraph["kind"] == "list"
        pos += 2  # the blank line before each paragraph
        texts = []
        for i, sentence in enumerate(paragraph["sentences"]):
            if i:
                pos += 1  # " " between sentences, "\n" between list items
            if in_list:
                texts.append("- " + sentence["text"])
                pos += 2
            else:
                texts.append(sentence["text"])
            pieces.append((sentence, in_list, pos))
            pos += len(sentence["text"])
        parts.append(("\n" if in_list else " ").join(texts))
    body = "\n\n".join(parts) + "\n"
    sentences = []
    for sentence, in_list, start in pieces:
        end = start + len(sentence["text"])
        assert body[start:end] == sentence["text"], sentence["text"]
        assert sentence["label"] in LABELS, sentence
        sentences.append(
            LabelledSentence(
                article=record["id"],
                genre=record["genre"],
                register=record["register"],
                in_list=in_list,
                text=sentence["text"],
                label=sentence["label"],
                type=sentence.get("type", ""),
                start=start,
                end=end,
            )
        )
    return CorpusArticle(record["id"], record["genre"], record["register"], body, tuple(sentences))


# A scorer for the measurement: (segment kind, segment text) -> flagged or not.
Flagger = Callable[[str, str], bool]


def flags(article: CorpusArticle, flag: Flagger) -> list[bool]:
    """For each labelled sentence: is a segment overlapping it suggested?"""
    from annotations.segmentation import segment

    suggested = [
        (span.start, span.end) for span in segment(article.body) if flag(span.kind, span.text)
    ]
    return [
        any(s < sent.end and sent.start < e for s, e in suggested) for sent in article.sentences
    ]


@dataclass
class Counts:
    """Confusion counts over the must-flag (check) and must-not-flag (no) sentences."""

    check: int = 0
    check_flagged: int = 0
    no: int = 0
    no_flagged: int = 0
    borderline: int = 0
    borderline_flagged: int = 0

    def add(self, label: str, flagged: bool) -> None:
        setattr(self, label, getattr(self, label) + 1)
        if flagged:
            setattr(self, f"{label}_flagged", getattr(self, f"{label}_flagged") + 1)

    @property
    def recall(self) -> float:
        """Share of must-flag sentences that are flagged."""
        return self.check_flagged / self.check if self.check else 1.0

    @property
    def false_flag_rate(self) -> float:
        """Share of must-not-flag sentences that are flagged."""
        return self.no_flagged / self.no if self.no else 0.0

    @property
    def precision(self) -> float:
        """Of the flagged check/no sentences, the share that must be flagged (no borderline)."""
        flagged = self.check_flagged + self.no_flagged
        return self.check_flagged / flagged if flagged else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Measurement:
    overall: Counts = field(default_factory=Counts)
    genres: dict[str, Counts] = field(default_factory=dict)
    seconds: float = 0.0
    sentences: int = 0

    @property
    def sentences_per_second(self) -> float:
        return self.sentences / self.seconds if self.seconds else 0.0


def measure(articles: Iterable[CorpusArticle], flag: Flagger) -> Measurement:
    """Per-genre and overall counts of ``flag`` on the labelled sentences."""
    result = Measurement()
    for article in articles:
        genre = result.genres.setdefault(article.genre, Counts())
        for sentence, flagged in zip(article.sentences, flags(article, flag), strict=True):
            result.overall.add(sentence.label, flagged)
            genre.add(sentence.label, flagged)
    return result


def time_scorer(
    articles: Iterable[CorpusArticle], score: Callable[[str], object]
) -> tuple[int, float]:
    """(sentences, seconds) to score every labelled sentence's text once."""
    texts = [s.text for a in articles for s in a.sentences]
    started = time.perf_counter()
    for text in texts:
        score(text)
    return len(texts), time.perf_counter() - started
