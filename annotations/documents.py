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
from typing import Any

from annotations.segmentation import structure

MAX_BYTES = 5 * 1024 * 1024

_TEXT_EXTENSIONS = {".txt", ".text", ".md", ".markdown", ""}
_HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
# What a folder given to ``ingest`` is read for (a file without a suffix only when named).
ARTICLE_EXTENSIONS = frozenset((_TEXT_EXTENSIONS | _HTML_EXTENSIONS) - {""})
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
        output_format="xml",  # blocks as elements; text as written (Markdown would add **, \*)
        include_formatting=True,  # keeps headings with their level
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_recall=True,
    )
    body = _body_from_xml(main) if main else ""
    if not body.strip():
        raise DocumentError("HTML has no main text to extract")
    metadata = trafilatura.extract_metadata(text)
    title = ((metadata.title if metadata else "") or "").strip()
    byline = ((metadata.author if metadata else "") or "").strip()
    first_line, _, rest = body.partition("\n")
    if first_line.startswith("# "):
        title = first_line[2:].strip()
    elif title and (first_line.split() == title.split() or _runs_on(first_line, title)):
        # The headline opens the text without its heading mark, alone or run into the first
        # paragraph (trafilatura's plain-text fallback for a short page): it is the title,
        # once.
        first_line = first_line[len(title) :].strip()
        body = f"# {title}\n\n" + (f"{first_line}\n{rest}" if first_line else rest.lstrip())
    elif title:
        # Keep the title in the stored text, so that it is a segment like any other.
        body = f"# {title}\n\n{body}"
    return Document(body=body, title=title, byline=byline)


def _runs_on(line: str, title: str) -> bool:
    """Whether ``line`` is the title followed by a sentence ("Headline Alpha The river ...")."""
    after = line[len(title) : len(title) + 2]
    return line.startswith(title) and after[:1] == " " and after[1:].isupper()


def _body_from_xml(xml: str) -> str:
    """trafilatura's XML as the text we store: blocks apart, headings and list items marked
    as in Markdown ("## ", "- "), and every word as the page has it (bold, italics and code
    are text like any other; nothing is escaped)."""
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(resolve_entities=False))
    blocks: list[str] = []
    for element in root.iterfind("main/*"):
        _add_blocks(element, blocks)
    return "\n\n".join(blocks) + "\n"


def _add_blocks(element: Any, blocks: list[str]) -> None:
    tag = element.tag
    if tag == "head":
        level = element.get("rend", "h2")[1:]
        marks = "#" * (int(level) if level.isdigit() and 1 <= int(level) <= 6 else 2)
        _add(blocks, _inline(element), f"{marks} ")
    elif tag == "list":
        items = [f"- {line}" for item in element.iterfind("item") for line in _lines(_inline(item))]
        if items:
            blocks.append("\n".join(items))
        for item in element.iterfind("item"):
            for nested in item.iterfind("list"):
                _add_blocks(nested, blocks)
    elif tag == "table":
        rows = [
            " | ".join(" ".join(_inline(cell).split()) for cell in row.iterfind("cell"))
            for row in element.iterfind("row")
        ]
        if any(row.strip(" |") for row in rows):
            blocks.append("\n".join(row for row in rows if row.strip(" |")))
    elif tag in ("quote", "div") and len(element):
        for child in element:
            _add_blocks(child, blocks)
    else:  # p, quote and code without blocks inside, and anything else with text
        _add(blocks, _inline(element))


def _add(blocks: list[str], text: str, mark: str = "") -> None:
    """A block of ``text``, if it has any; a heading (``mark``) is kept on one line."""
    lines = _lines(text)
    if lines:
        blocks.append(f"{mark}{' '.join(lines)}" if mark else "\n".join(lines))


def _lines(text: str) -> list[str]:
    """The lines of ``text`` with their spaces collapsed, empty ones left out."""
    return [line for line in (" ".join(part.split()) for part in text.split("\n")) if line]


def _inline(element: Any) -> str:
    """An element's text with its inline children's; a line break (<lb/>) stays one."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag != "list":  # a nested list is a block of its own
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


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
