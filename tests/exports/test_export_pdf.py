"""The PDF's print layout (issue 17): claims flow across pages instead of one page each, the
stylesheet and fonts are set up once per process, nothing is fetched, internal content only
in internal reports."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from annotations.exports import pdf
from annotations.exports.data import build_report
from annotations.exports.filters import ReportFilters
from tests.exports.helpers import text_of
from tests.exports.newsroom import INTERNAL_NOTE

pytestmark = pytest.mark.django_db


def test_claims_share_pages_and_the_setup_is_made_once(newsroom):
    report = build_report(ReportFilters(internal=True), article=newsroom.article)
    first = pdf.render_pdf(report)
    setup = pdf._print_setup()
    pdf.render_pdf(report)
    assert pdf._print_setup() is setup  # stylesheet and fonts: made once
    pages = PdfReader(io.BytesIO(first)).pages
    assert len(pages) == 1  # four claims with sources, corrections and notes on one A4 page
    text = " ".join(text_of(first, "pdf").split())
    assert "Internal report" in text and INTERNAL_NOTE in text
    assert "1 / 1" in text  # page numbers
    assert "https://auditor.example.gov/report-2023" in text  # link targets are printed


def test_a_public_pdf_has_no_notes_and_no_drafts(newsroom):
    content = pdf.render_pdf(build_report(ReportFilters(), article=newsroom.article))
    text = " ".join(text_of(content, "pdf").split())
    assert INTERNAL_NOTE not in text and newsroom.draft.claim_text not in text
    assert "Published verdicts only" in text


def test_the_print_document_links_to_nothing_it_would_load(newsroom):
    report = build_report(ReportFilters(), article=newsroom.article)
    document = pdf.render_document(report)
    assert "<link" not in document and "<img" not in document and "<script" not in document
