"""Ingest: idempotent, offsets exact, bad input refused with nothing written."""

import json
import random
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from annotations.models import Article, Segment

pytestmark = pytest.mark.django_db


def ingest(*args, **kwargs) -> str:
    from io import StringIO

    out = StringIO()
    call_command("ingest", *args, stdout=out, **kwargs)
    return out.getvalue()


def assert_offsets_reconstruct(article: Article) -> None:
    segments = list(article.segments.order_by("position"))
    assert segments
    for segment in segments:
        assert article.body[segment.start : segment.end] == segment.text
    ends = [s.end for s in segments]
    starts = [s.start for s in segments]
    assert all(end <= start for end, start in zip(ends, starts[1:], strict=False))


def test_load_seed_is_idempotent(settings):
    call_command("load_seed", stdout=StringIO())
    call_command("load_seed", stdout=StringIO())
    assert Article.objects.count() == 1
    article = Article.objects.get()
    seed = (settings.BASE_DIR / "seeds" / "russia-mali-wagner-group.txt").read_text("utf-8")
    assert article.body == seed
    assert article.title.startswith("Russia Entrenches Its Military Foothold in Mali")
    assert_offsets_reconstruct(article)
    sipri = article.segments.get(text__contains="44 percent")
    assert sipri.kind == "sentence"
    assert sipri.suggested


def test_ingest_prints_id_and_counts(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Headline\n\nThe council approved 12 new schools on Feb. 7, 2024.\n")
    output = ingest(str(path), "--publisher", "Daily Planet", "--url", "https://example.org/a")
    article = Article.objects.get()
    assert f"as article {article.pk}" in output
    assert "segments" in output
    assert article.publisher == "Daily Planet"
    assert article.url == "https://example.org/a"
    assert "already stored" in ingest(str(path))
    assert Article.objects.count() == 1


def test_generated_text_offsets_reconstruct(tmp_path):
    rng = random.Random(7)
    words = [
        "Dr.",
        "Smith",
        "said",
        "U.S.",
        "$1.2",
        "billion",
        "“quoted”",
        "—",
        "44%",
        "Feb.",
        "7",
        "the",
        "army",
        "e.g.",
        "report",
        "\u00a0",
        "St.",
        "Louis",
        "3.5",
        "wasn't",
    ]
    paragraphs = []
    for _ in range(40):
        sentences = [
            " ".join(rng.choices(words, k=rng.randint(3, 15))) + rng.choice(".?!")
            for _ in range(rng.randint(1, 5))
        ]
        paragraphs.append(" ".join(sentences))
    text = "Generated story\r\n\r\n" + "\r\n".join(paragraphs) + "\r\n"
    path = tmp_path / "generated.txt"
    path.write_bytes(text.encode("utf-8"))
    ingest(str(path))
    article = Article.objects.get()
    assert article.body == text
    assert_offsets_reconstruct(article)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (b"Caf\xe9 au lait was 3 euros.", "UTF-8"),
    ],
    ids=["empty", "whitespace", "binary", "latin-1"],
)
def test_bad_input_is_refused_with_nothing_written(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        ingest(str(path))
    assert not Article.objects.exists()
    assert not Segment.objects.exists()


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"The army said 5 soldiers died. " * 200_000)
    with pytest.raises(CommandError, match="larger than 5 MB"):
        ingest(str(path))
    assert not Article.objects.exists()


def test_missing_file_is_refused_and_nothing_written(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Title\n\nThe mayor said 3 bridges closed.\n")
    with pytest.raises(CommandError, match="no such file"):
        ingest(str(good), str(tmp_path / "missing.txt"))
    assert not Article.objects.exists()


def test_dry_run_json_prints_segmentation_and_writes_nothing(settings, capsys):
    seed = settings.BASE_DIR / "seeds" / "russia-mali-wagner-group.txt"
    payload = json.loads(ingest(str(seed), "--dry-run", "--json"))
    assert not Article.objects.exists()
    assert payload["title"].startswith("Russia Entrenches")
    body = seed.read_text("utf-8")
    assert payload["segments"]
    for item in payload["segments"]:
        assert set(item) == {
            "kind",
            "start",
            "end",
            "text",
            "checkworthiness",
            "reasons",
            "suggested",
        }
        assert body[item["start"] : item["end"]] == item["text"]
        assert 0 <= item["checkworthiness"] <= 1


def test_dry_run_json_of_several_files_is_one_list_with_bodies_and_paths(tmp_path):
    (tmp_path / "a.txt").write_text("Roads\n\nThe city spent $1.2 billion on roads in 2023.\n")
    (tmp_path / "b.html").write_text(
        "<html><head><title>Harbour</title></head><body><article><h1>Harbour</h1>"
        + "<p>The harbour will cost $40 million by 2027, officials said on Monday.</p>" * 3
        + "</article></body></html>"
    )
    (tmp_path / "notes.csv").write_text("not,an,article\n")  # not an article file: skipped
    payload = json.loads(ingest(str(tmp_path), "--dry-run", "--json"))
    assert [Path(item["path"]).name for item in payload] == ["a.txt", "b.html"]
    for item in payload:
        for segment in item["segments"]:
            # Offsets index the body ingest would store (an HTML file's extracted text).
            assert item["body"][segment["start"] : segment["end"]] == segment["text"]
            for reason in segment["reasons"]:
                assert item["body"][reason["start"] : reason["end"]] == reason["text"]
    assert payload[1]["body"].startswith("# Harbour")
    assert not Article.objects.exists()


def test_a_folder_is_ingested_file_by_file_and_json_needs_a_dry_run(tmp_path):
    (tmp_path / "a.txt").write_text("Roads\n\nThe city spent $1.2 billion on roads in 2023.\n")
    (tmp_path / "b.md").write_text("# Bridges\n\nThe mayor said 3 bridges closed in 2024.\n")
    with pytest.raises(CommandError, match="give --dry-run"):
        ingest(str(tmp_path), "--json")
    assert not Article.objects.exists()
    out = ingest(str(tmp_path))
    assert Article.objects.count() == 2
    assert "suggested sentence" in out
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match=r"no \.txt, \.md or \.html"):
        ingest(str(tmp_path / "empty"), "--dry-run")


def test_ingest_command_exits_non_zero_on_bad_input(tmp_path, settings):
    import subprocess
    import sys

    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xff\xfe\x00\x01binary")
    result = subprocess.run(
        [sys.executable, "manage.py", "ingest", str(path)],
        capture_output=True,
        text=True,
        env={"DEBUG": "true", "PATH": "/usr/bin:/bin"},
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert "bad.txt" in result.stderr


def test_stored_segments_are_what_build_segments_makes(settings):
    # Ingest writes the rows with COPY on PostgreSQL: the same rows, scores and reasons.
    from annotations.services import build_segments
    from tests.factories import make_article

    text = (settings.BASE_DIR / "seeds" / "russia-mali-wagner-group.txt").read_text()
    article = make_article(text + "\n\nThe ministry said 3 schools closed.\n" * 2)
    fields = ("position", "kind", "paragraph", "start", "end", "text", "checkworthiness")
    stored = [
        (*(getattr(s, f) for f in fields), s.reasons) for s in article.segments.order_by("position")
    ]
    built = [(*(getattr(s, f) for f in fields), s.reasons) for s in build_segments(article)]
    assert stored == built
    assert all(article.body[s[3] : s[4]] == s[5] for s in stored)
    assert all(article.body[r["start"] : r["end"]] == r["text"] for s in stored for r in s[7])
