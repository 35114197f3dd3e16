"""Split an article body into structural segments and sentences.

Pure Python, no Django: the ingest command, the API and the benchmark all call
:func:`segment` and :func:`split_sentences`.

Offsets are character offsets into the *unchanged* body, so ``body[start:end]``
is always the span's text. Whitespace (including no-break spaces, the BOM and
zero-width spaces) is never part of a span; Markdown markers (``#``, list
bullets, ``>``, setext underlines and horizontal rules) are left out too.

Sentence boundaries inside a paragraph are proposed by spaCy's rule-based
sentencizer (``spacy.blank("en")`` + ``sentencizer``; its tokenizer's abbreviation
exceptions keep "Dr." or "Feb." whole). A thin layer of our own rules corrects it
where it fails on news copy: it merges false splits (titles, "No. 3", "et al.",
"ST. LOUIS —", "?” Lavrov asked") and adds the splits spaCy misses (after an
abbreviation, an initial or an ellipsis that ends a sentence, "9 a.m. Lunch").
Paragraph ends are ours too. See docs/segmentation.md for the measurement.

The package, by step: :mod:`.spans` (spans, whitespace, lines), :mod:`.sentences` (sentence
boundaries inside a paragraph: spaCy and our corrections), :mod:`.blocks` (structural blocks
and :func:`segment`).
"""

from annotations.segmentation.blocks import segment, structure
from annotations.segmentation.sentences import split_sentences
from annotations.segmentation.spans import SEGMENT_KINDS, SegmentSpan, is_space

__all__ = ["SEGMENT_KINDS", "SegmentSpan", "is_space", "segment", "split_sentences", "structure"]
