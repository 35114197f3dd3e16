"""A large pasted article in a real Chromium: the import form hands it to a job, the progress
page shows it waiting, then scoring (the stage, sentences scored, the percent, updated by
htmx polling), then the link to the article, which opens. The job is run here, in a thread,
by the same function the worker runs; it holds at one scoring step until the page has shown
it, so that the test sees the progress move whatever the machine's speed."""

from __future__ import annotations

import os
import re
import tempfile
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from playwright.sync_api import expect

from annotations.imports import services as imports
from annotations.imports.models import ArticleImport
from annotations.models import Article
from tests.factories import UserFactory, long_text

# Screenshots go where FACTCHECK_SCREENSHOTS says (make screenshots: docs/screenshots).
SCREENSHOTS = Path(os.environ.get("FACTCHECK_SCREENSHOTS") or tempfile.gettempdir())

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_large_paste_shows_its_progress_then_the_article(
    page, live_server, log_in, reference_data, monkeypatch
):
    UserFactory(username="maren", role="editor")
    text = long_text(paragraphs=2000, title="Harbour Budget, Line by Line")
    assert len(text.encode()) > settings.FACTCHECK_IMPORT_JOB_BYTES  # the default, 200 KB

    shown, held = threading.Event(), threading.Event()
    tell = imports.ProgressReport.__call__

    def holding(self, stage, done, total):
        self.every = 0  # every step written (none skipped by the rate limit)
        tell(self, stage, done, total)
        if stage == "scoring" and done == 1000 and not held.is_set():
            held.set()
            shown.wait(timeout=60)  # until the page has shown this step

    monkeypatch.setattr(imports.ProgressReport, "__call__", holding)

    log_in(page, "maren")
    importer = page.locator("#import")
    # Pasted, as an editor would: through the clipboard and Ctrl+V (typing 200 KB with
    # fill() takes longer than a loaded machine gives it).
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    importer.get_by_label("Text").focus()
    page.keyboard.press("Control+V")
    expect(importer.get_by_label("Text")).not_to_be_empty()
    importer.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Importing an article")).to_be_visible()
    status = page.locator("#import-status")
    expect(status).to_contain_text("Waiting for a worker")
    source = page.locator("p", has_text="From pasted text")
    expect(source).to_have_text(re.compile(r"From pasted text \(2\d\d\.\d\sKB\)"))
    job = ArticleImport.objects.get()
    assert job.source == "text" and job.status == "queued"

    def work() -> None:
        try:
            imports.import_run(job.pk)
        finally:
            connections.close_all()

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    try:
        expect(status).to_contain_text("Scoring sentences: 1,000 of 4,000")
        assert page.locator("#import-status progress").get_attribute("value") == "46"
        expect(status.locator("#import-percent")).to_have_text("46 %")
        page.screenshot(path=str(SCREENSHOTS / "import-progress.png"))
    finally:
        shown.set()  # whatever happened, the job ends before the test's database is flushed
        worker.join(timeout=120)
    assert not worker.is_alive()
    link = status.get_by_role("link", name="Open the article")
    expect(link).to_be_visible()
    link.click()
    expect(page.locator("#article h1").first).to_contain_text("Harbour Budget, Line by Line")
    article = Article.objects.get()
    assert article.body == text.replace("\n", "\r\n")  # a form sends a textarea's lines so
    assert article.segments.filter(kind="sentence").count() == 4000
