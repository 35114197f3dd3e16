"""Turn an uploaded file or pasted text into the text we store as an article body.

Pure Python, no Django. ``.txt`` and ``.md`` are kept as written (only a BOM is
dropped, CRLF stays); ``.html`` is reduced to its main text with trafilatura,
keeping headings, paragraphs and list items as separate Markdown blocks.
Anything we cannot trust raises :class:`DocumentError` with a one-line message,
before anything is written.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from annotations.segmentation import structure

MAX_BYTES = 5 * 1024 * 1024

_TEXT_EXTENSIONS = {".txt", ".text", ".md", ".markdown", ""}
_HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
# C0 controls other than tab, LF, VT, FF and CR; a handful may be stray, many mean binary.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_TAG_RE = re.compile(r"<[^>]*>|&[#\w]+;")


class DocumentError(ValueError):
    """Input we refuse to ingest; ``str(error)`` is a one-line message for the user."""


@dataclass(frozen=True)
class Document:
    """Text ready to be stored byte-for-byte as ``Article.body``, with what we detected."""

    body: str
    title: str = ""
    byline: str = ""


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        position = data.index(b"\x00")
        raise DocumentError(f"file looks binary (NUL byte at position {position})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        raise DocumentError(
            f"file is not valid UTF-8 text (byte 0x{bad:02x} at position {exc.start})"
        ) from None


def _check_text(text: str) -> str:
    """Common validation for decoded and pasted text; returns it without a BOM."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise DocumentError("text looks binary (it contains NUL characters)")
    if not _CONTROL_RE.sub("", text).strip():
        raise DocumentError("text is empty")  # or nothing but control characters
    controls = len(_CONTROL_RE.findall(text))
    if controls > 10 and controls > len(text) // 100:
        raise DocumentError(f"text looks binary ({controls} control characters)")
    return text


def _detected(body: str) -> tuple[str, str]:
    """Title and byline as the segmenter sees them (its blocks: no sentence splitting)."""
    title = byline = ""
    for span in structure(body):
        if span.kind == "title" and not title:
            title = span.text
        elif span.kind == "byline" and not byline:
            byline = span.text
        elif span.kind in ("paragraph", "heading", "list_item"):
            break
    return title, byline


def read_text(text: str) -> Document:
    """Validate pasted text (BOM dropped, line endings kept) and detect title and byline."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise DocumentError(f"text is larger than {MAX_BYTES // (1024 * 1024)} MB")
    body = _check_text(text)
    title, byline = _detected(body)
    return Document(body=body, title=title, byline=byline)


def _read_html(text: str) -> Document:
    import trafilatura  # heavy import, only needed for HTML

    main = trafilatura.extract(
        text,
        output_format="markdown",
        include_formatting=True,  # keeps headings as "#" blocks
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_recall=True,
    )
    if not main or not main.strip():
        raise DocumentError("HTML has no main text to extract")
    metadata = trafilatura.extract_metadata(text)
    title = ((metadata.title if metadata else "") or "").strip()
    byline = ((metadata.author if metadata else "") or "").strip()
    body = main.strip() + "\n"
    first_line, _, rest = body.partition("\n")
    if first_line.startswith("# "):
        title = first_line[2:].strip()
    elif title and first_line.split() == title.split():
        # The headline opens the text without its heading mark (a page with no <article>
        # around it): it is the title, once.
        body = f"# {title}\n\n{rest.lstrip()}"
    elif title:
        # Keep the title in the stored text, so that it is a segment like any other.
        body = f"# {title}\n\n{body}"
    return Document(body=body, title=title, byline=byline)


def read_document(data: bytes, filename: str = "article.txt") -> Document:
    """Decode and validate an uploaded file into a :class:`Document`.

    ``.txt``/``.md`` keep their text exactly (a BOM is dropped, CRLF is kept);
    ``.html`` is reduced to its main text. Raises :class:`DocumentError` for
    empty, binary, non-UTF-8 or oversized input and for HTML without main text.
    """
    if len(data) > MAX_BYTES:
        raise DocumentError(
            f"file is too large ({len(data):,} bytes; the limit is {MAX_BYTES // (1024 * 1024)} MB)"
        )
    if not data.strip():
        raise DocumentError("file is empty")
    extension = os.path.splitext(filename or "")[1].lower()
    if extension not in _TEXT_EXTENSIONS | _HTML_EXTENSIONS:
        raise DocumentError(f"unsupported file type {extension!r} (use .txt, .md or .html)")
    text = _check_text(_decode(data))
    if extension in _HTML_EXTENSIONS:
        if not _TAG_RE.sub("", text).strip():
            raise DocumentError("HTML has no text, only markup")
        return _read_html(text)
    title, byline = _detected(text)
    return Document(body=text, title=title, byline=byline)
