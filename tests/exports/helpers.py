"""Fetching and parsing reports in tests."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from pypdf import PdfReader


def body_of(response) -> bytes:
    """A response's bytes, streamed or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def text_of(content: bytes, fmt: str) -> str:
    """Readable text of an export: PDFs through pypdf, the rest as UTF-8."""
    if fmt == "pdf":
        reader = PdfReader(io.BytesIO(content))
        return "\n".join(page.extract_text() for page in reader.pages)
    return content.decode("utf-8")


def parse_csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def parse_json(content: bytes) -> Any:
    return json.loads(content.decode("utf-8"))
