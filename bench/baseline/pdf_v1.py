"""The PDF as it was rendered before (for bench/export.py's before/after): the HTML report
document (screen CSS with a grid per claim, four fonts, each claim kept on one page) printed
by WeasyPrint with a new font configuration and stylesheet every time."""

from __future__ import annotations

from annotations.exports.data import Report
from annotations.exports.html import render_document
from annotations.exports.pdf import _no_fetch


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_document(report), url_fetcher=_no_fetch).write_pdf()
