"""An import job's JSON (a URL, or a large pasted or uploaded text), and the body that asks
for a URL import."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from annotations.api.serializers import ArticleMetadataSerializer, StrictCharField
from annotations.imports.models import ArticleImport
from annotations.limits import MAX_URL
from annotations.models import http_url_validator


class ArticleUrlSerializer(ArticleMetadataSerializer):
    """An article to fetch from its address (JSON): the page is fetched by a job."""

    url = StrictCharField(
        max_length=MAX_URL,
        validators=[http_url_validator],
        help_text="The article's web page; fetched, extracted and ingested by a job.",
    )


class ArticleImportSerializer(serializers.ModelSerializer):
    poll = serializers.SerializerMethodField(help_text="Where to ask how far it got.")
    article_url = serializers.SerializerMethodField(help_text="The article, once done.")

    class Meta:
        model = ArticleImport
        fields = ["id", "source", "url", "filename", "size", "status", "stage", "sentences",
                  "scored", "progress", "error", "article", "created_article", "fetched_url",
                  "created_at", "finished_at", "poll", "article_url"]  # fmt: skip
        read_only_fields = fields
        extra_kwargs = {
            "source": {"help_text": "url: a page fetched; text: pasted (body); file: uploaded."},
            "url": {"help_text": "The page fetched (url), else where the article was published."},
            "size": {"help_text": "Bytes of text to ingest (text and file imports)."},
            "stage": {"help_text": "While ingesting: segmenting, scoring or writing."},
            "sentences": {"help_text": "Distinct sentences to score (known once segmented)."},
            "scored": {"help_text": "Distinct sentences scored so far."},
            "progress": {"help_text": "Percent of the job done (100 once done)."},
        }

    def get_poll(self, job: ArticleImport) -> str:
        return reverse("api-import-detail", args=[job.pk])

    def get_article_url(self, job: ArticleImport) -> str | None:
        return reverse("api-article-detail", args=[job.article_id]) if job.article_id else None
