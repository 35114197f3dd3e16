"""Ingest server time, before (bench/baseline/ingest_v1.py) and after, side by side.

Creates (and afterwards drops) the PostgreSQL database ``factcheck_bench_ingest``, then in
this process (DEBUG off):

- one article of about 2,000 sentences, nearly all distinct (``news_text``), read
  and ingested as the API does (``read_text`` + ``article_ingest``); the two paths take
  turns, each run on a text of its own (ingest is idempotent by content); median of 7;
  target <= 300 ms
- ``manage.py ingest`` of 20 files of about 100 KB (2 MB of text), MB/s; the old path by
  the same command with the old functions patched in (one process, as it was), the new one
  in one process and with ``--jobs`` = the CPU count (its default), in turns, median of 3;
  target >= 5 MB/s
- one ingest by size of text, 50 to 800 KB: where a request should hand over to a job
  (``FACTCHECK_IMPORT_JOB_BYTES``)
- where the new path's time goes (segmentation, scoring, writing, indexing), one run

Usage: .venv/bin/python bench/ingest.py [--profile]  [BENCH_PG=postgres://postgres@127.0.0.1:5432]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import drop_database, recreate_database  # noqa: E402

SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "factcheck_bench_ingest"
os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
os.environ["DEBUG"] = "false"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

SENTENCES = 2000
RUNS = 7
TARGET_MS = 300
TARGET_MBS = 5.0
FILES = 20
ROUNDS = 3
FILE_BYTES = 100 * 1024


def news_text(target_bytes: int, seed: int) -> str:
    """News-like text whose sentences are nearly all distinct (as in a real article: a
    scorer that sees a sentence twice scores it once, which repeated text would flatter).

    Paragraphs of one to four generated claims (bench/corpus.py: places, people, figures,
    years), every third one followed by a line of the seed article or a sentence of our
    segmentation test set (bench/segmentation.py's material).
    """
    import random

    from bench.corpus import generated_claim, name
    from bench.segmentation import news_like_text

    rng = random.Random(seed)
    places = [name(rng) for _ in range(300)]
    people = [name(rng) for _ in range(300)]
    prose = [p for p in news_like_text(200 * 1024, seed=seed).splitlines() if p.strip()]
    paragraphs, size = [], 0
    while size < target_bytes:
        claims = [generated_claim(rng, places, people) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.33:
            claims.append(rng.choice(prose))
        paragraph = " ".join(claims)
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    return "Budget Report\n\n" + "\n\n".join(paragraphs) + "\n"


def article_text(seed: int) -> str:
    """News-like text of about SENTENCES sentences."""
    from annotations.segmentation import segment

    size = 100 * 1024
    while True:
        text = news_text(size, seed=seed)
        count = sum(1 for s in segment(text) if s.kind == "sentence")
        if count >= SENTENCES:
            return text
        size = int(size * SENTENCES / count) + 1024


def main() -> int:
    recreate_database(SERVER, DB_NAME)
    import django

    django.setup()
    from django.core.management import call_command

    from annotations import documents, services
    from bench.baseline import ingest_v1

    def old(text: str) -> None:
        ingest_v1.article_ingest(document=ingest_v1.read_text(text))

    def new(text: str) -> None:
        services.article_ingest(document=documents.read_text(text))

    try:
        call_command("migrate", verbosity=0)
        base = article_text(seed=3)
        texts = [s.text for s in services.build_segments(_unsaved(base)) if s.kind == "sentence"]
        sentences = len(texts)
        print(
            f"article: {len(base.encode()) / 1024:.0f} KB, {sentences} sentences"
            f" ({len(set(texts))} distinct)"
        )
        for path in (old, new):  # warm up: spaCy, the model, prepared statements
            path(base + f"\n\nWarm-up {path.__name__}.")
        if "--profile" in sys.argv:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.runcall(new, base + "\n\nProfiled.")
            pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
            return 0
        times: dict[str, list[float]] = {"old": [], "new": []}
        for run in range(RUNS):
            for name, path in (("old", old), ("new", new)):
                text = base + f"\n\nRun {run} of the {name} path."
                start = time.perf_counter()
                path(text)
                times[name].append((time.perf_counter() - start) * 1000)
        before, after = statistics.median(times["old"]), statistics.median(times["new"])
        print(
            f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
            f" on {os.cpu_count()} CPUs"
        )
        print(
            f"one article ({sentences} sentences):  before {before:6.0f} ms   after {after:6.0f} ms"
            f"   ({before / after:.1f}x)   target <= {TARGET_MS} ms"
            f"  {'OK' if after <= TARGET_MS else 'SLOW'}"
        )
        _phases(base)

        _by_size()

        with tempfile.TemporaryDirectory() as folder:
            rates: dict[str, list[float]] = {}
            cpu_used: dict[str, float] = {}
            jobs = os.cpu_count() or 1
            runs = (("old", "1"), ("new, 1 process", "1"), (f"new, --jobs {jobs}", str(jobs)))
            for round_ in range(ROUNDS):  # in turns, so that a change of load hits all three
                for name, processes in runs:
                    paths = []
                    for n in range(FILES):
                        text = news_text(FILE_BYTES, seed=1000 + n) + f"\n{name} {round_} {n}.\n"
                        path = Path(folder) / f"{round_}-{processes}-{name[:3]}-{n:02}.txt"
                        path.write_text(text, encoding="utf-8")
                        paths.append(str(path))
                    size = sum(Path(p).stat().st_size for p in paths)
                    patches = []
                    if name == "old":
                        from annotations.management.commands import ingest as command

                        patches = [
                            mock.patch.object(documents, "_detected", _old_detected),
                            mock.patch.object(command, "ingest_file", _old_ingest_file),
                        ]
                    for patch in patches:
                        patch.start()
                    start, cpu = time.perf_counter(), _cpu_seconds()
                    call_command("ingest", *paths, "--jobs", processes, stdout=StringIO())
                    elapsed = time.perf_counter() - start
                    cpu_used[name] = (_cpu_seconds() - cpu) / (size / 1e6)
                    for patch in patches:
                        patch.stop()
                    rates.setdefault(name, []).append(size / elapsed / 1e6)
            median = {name: statistics.median(values) for name, values in rates.items()}
            after = median[runs[-1][0]]
            print(
                f"manage.py ingest, {FILES} files, {size / 1e6:.1f} MB (median of {ROUNDS}):"
                f"  before {median['old']:5.2f} MB/s   after {after:5.2f} MB/s with --jobs {jobs}"
                f" ({median['new, 1 process']:.2f} in 1 process)   target >="
                f" {TARGET_MBS:.0f} MB/s  {'OK' if after >= TARGET_MBS else 'SLOW'}"
            )
            for name, values in rates.items():
                print(
                    f"  {name}: " + ", ".join(f"{v:.2f}" for v in values) + " MB/s;"
                    f" {cpu_used[name]:.2f} CPU s per MB in Python (last round; PostgreSQL's"
                    " own not counted)"
                )
            print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        return 0
    finally:
        drop_database(SERVER, DB_NAME)


def _unsaved(text: str):
    from annotations.models import Article

    return Article(body=text)


def _old_detected(body: str) -> tuple[str, str]:
    from bench.baseline import ingest_v1

    document = ingest_v1.read_text(body)
    return document.title, document.byline


def _old_ingest_file(item):
    from bench.baseline import ingest_v1

    document, _metadata = item
    article = ingest_v1.article_ingest(document=document)
    # The command as it was: it read every segment back to count the suggested ones.
    segments = list(article.segments.all())
    return article.pk, True, len(segments), sum(s.suggested for s in segments)


def _cpu_seconds() -> float:
    """User and system CPU time of this process and of its finished children (--jobs)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _by_size() -> None:
    """Ingest time in one request by size of text (what FACTCHECK_IMPORT_JOB_BYTES weighs)."""
    from annotations import documents, services

    figures = []
    for kilobytes in (50, 100, 200, 400, 800):
        text = news_text(kilobytes * 1024, seed=500 + kilobytes)
        start = time.perf_counter()
        services.article_ingest(document=documents.read_text(text))
        figures.append(f"{kilobytes} KB {(time.perf_counter() - start) * 1000:.0f} ms")
    print("one request, by size of text (new path): " + ", ".join(figures))


def _phases(text: str) -> None:
    """Where one ingest's time goes, new path (a second copy of the text, not stored)."""
    from annotations.checkworthiness import score_sentence
    from annotations.segmentation import blocks, segment, structure

    blocks._structure.cache_clear()
    timings = {}
    start = time.perf_counter()
    structure(text)
    timings["title/byline (blocks)"] = time.perf_counter() - start
    start = time.perf_counter()
    spans = segment(text)  # the blocks found above are reused, as in ingest
    timings["segmentation"] = time.perf_counter() - start
    start = time.perf_counter()
    for text_ in dict.fromkeys(s.text for s in spans if s.kind in ("sentence", "list_item")):
        score_sentence(text_)
    timings["scoring"] = time.perf_counter() - start
    print("  of which: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in timings.items()))


if __name__ == "__main__":
    raise SystemExit(main())
