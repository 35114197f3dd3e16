"""Forms of the editors' pages: they validate input; the services decide and save."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict

from annotations import limits
from annotations.documents import DocumentError, read_document, read_text
from annotations.models import Rating, Source, http_url_validator
from annotations.selectors import ARTICLE_STATUSES, assignable_users


class HttpURLField(forms.URLField):
    """A URL field that takes http and https only, and says a bad URL once."""

    # Instead of URLField's own validator (any scheme), not beside it: both would say
    # "Enter a valid URL." about the same input.
    default_validators = [http_url_validator]


class ImportForm(forms.Form):
    """Paste an article or upload a .txt, .md or .html file, with what the text cannot say;
    or give only its URL, and a job fetches the page (``document`` is then None)."""

    title = forms.CharField(max_length=500, required=False)
    byline = forms.CharField(max_length=500, required=False)
    url = HttpURLField(
        label="URL",
        max_length=limits.MAX_URL,
        required=False,
        assume_scheme="https",
        help_text="Where it was published. Give only the URL (no text or file) to fetch the page.",
    )
    publisher = forms.CharField(max_length=200, required=False)
    published_on = forms.DateField(
        required=False, label="Published", widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(
        required=False, strip=False, widget=forms.Textarea(attrs={"rows": 8}), label="Text"
    )
    file = forms.FileField(
        required=False,
        label="or upload a file",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.markdown,.html,.htm"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kilobytes = settings.FACTCHECK_IMPORT_JOB_BYTES // 1024
        self.fields["text"].help_text = (
            f"A text or file of more than {kilobytes} KB is imported in the background; a page "
            "shows how far it got."
        )

    def clean(self) -> dict:
        data = super().clean()
        text, upload = data.get("text") or "", data.get("file")
        if upload and text.strip():
            raise ValidationError("Paste text or upload a file, not both.")
        try:
            if upload:
                if upload.size > limits.MAX_ARTICLE_BYTES:
                    raise DocumentError(f"file is larger than {limits.MAX_ARTICLE_MB} MB")
                data["document"] = read_document(upload.read(), upload.name)
            elif text.strip():
                data["document"] = read_text(text)
            elif data.get("url"):
                data["document"] = None  # fetched from the URL by a job
            elif "url" in self.errors:
                return data
            else:
                raise ValidationError(
                    "Paste the article's text, choose a file, or give its URL to fetch it."
                )
        except DocumentError as exc:
            raise ValidationError(f"Cannot import this: {exc}.") from None
        return data

    @property
    def published_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("published_on")
        if day is None:
            return None
        return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


class ArticleFilterForm(forms.Form):
    """The dashboard's filters; a value that is not valid is not applied, and says so (it is
    a GET form: the list still shows, filtered by the rest)."""

    q = forms.CharField(label="Title", required=False, max_length=limits.MAX_QUERY)
    publisher = forms.CharField(required=False, max_length=200)
    date_from = forms.DateField(
        label="Published from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="to", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *ARTICLE_STATUSES])

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise ValidationError("The end date is before the start date: nothing can match.")
        return data

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()  # cleaned_data then holds the fields that are valid
        data = self.cleaned_data
        return {
            "query": data.get("q", "").strip(),
            "publisher": data.get("publisher", "").strip(),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "status": data.get("status", ""),
        }


class IdChoiceField(forms.ModelChoiceField):
    """A choice by id (see limits.parse_id); Django's own would look full-width digits up."""

    def to_python(self, value: object) -> object:
        if value not in self.empty_values and limits.parse_id(str(value)) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RatingChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Rating) -> str:
        return obj.label


class ClaimForm(forms.Form):
    """The claim panel's main form; ``version`` is what the editor saw when the panel opened."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    claim_text = forms.CharField(
        label="Claim", widget=forms.Textarea(attrs={"rows": 3}), max_length=limits.MAX_CLAIM_TEXT
    )
    claimant = forms.CharField(label="Claimant", required=False, max_length=limits.MAX_CLAIMANT)
    rating = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    summary = forms.CharField(
        label="Summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=limits.MAX_SUMMARY,
    )
    assignee = IdChoiceField(queryset=None, required=False, empty_label="Nobody")

    def __init__(
        self, *args, ratings: list[Rating], verdict_locked: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_users()
        # Validate against the scale the view already loaded: no query per save.
        self.ratings = {str(r.pk): r for r in ratings}
        self.fields["rating"].choices = [
            ("", "Not rated"),
            *((str(r.pk), r.label) for r in ratings),
        ]
        if verdict_locked:
            # A published verdict changes only through a correction.
            del self.fields["rating"], self.fields["summary"]

    def clean_rating(self) -> Rating | None:
        return self.ratings.get(self.cleaned_data["rating"])

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class NewClaimForm(forms.Form):
    segments = forms.CharField(widget=forms.HiddenInput)
    claim_text = forms.CharField(
        label="Claim",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.MAX_CLAIM_TEXT,
    )
    claimant = forms.CharField(label="Claimant", required=False, max_length=limits.MAX_CLAIMANT)

    def clean_segments(self) -> list[int]:
        ids = []
        for part in filter(str.strip, self.cleaned_data["segments"].split(",")):
            if (segment_id := limits.parse_id(part)) is None:
                raise ValidationError("Choose sentences of this article.")
            ids.append(segment_id)
        if not ids or len(ids) > limits.MAX_CLAIM_SEGMENTS:
            raise ValidationError(
                f"Choose between 1 and {limits.MAX_CLAIM_SEGMENTS} consecutive sentences."
            )
        return ids


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DecisionForm(VersionForm):
    """Publishing; an admin may name the rating a disputed claim is published with."""

    decision = RatingChoiceField(queryset=Rating.objects.all(), required=False, label="Decide")


class VoteForm(forms.Form):
    """A panel member's vote: a rating of the scale and a short reason."""

    rating = RatingChoiceField(queryset=Rating.objects.all(), widget=forms.RadioSelect)
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.MAX_VOTE_REASON,
        label="Why (a sentence)",
    )


class CorrectionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    rating = RatingChoiceField(queryset=Rating.objects.all(), label="New rating")
    summary = forms.CharField(
        label="New summary (leave as is to keep it)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.MAX_SUMMARY,
    )
    note = forms.CharField(
        label="Correction note (published)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.MAX_CORRECTION_NOTE,
    )
    keep_summary = forms.BooleanField(
        required=False, label="The summary still explains the new rating"
    )

    def __init__(self, *args, claim=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.claim = claim

    def clean(self) -> dict:
        data = super().clean()
        rating, summary = data.get("rating"), (data.get("summary") or "").strip()
        claim = self.claim
        if (
            claim is not None
            and rating
            and rating != claim.rating
            and summary in ("", claim.summary.strip())
            and not data.get("keep_summary")
        ):
            self.add_error(
                "summary",
                "The rating changes: rewrite the summary for it, or tick "
                "“The summary still explains the new rating”.",
            )
        return data


class SourceForm(forms.Form):
    url = HttpURLField(label="URL", max_length=limits.MAX_URL, assume_scheme="https")
    title = forms.CharField(max_length=500, required=False)
    publisher = forms.CharField(max_length=200, required=False)
    quote = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=limits.MAX_SOURCE_QUOTE
    )
    stance = forms.ChoiceField(choices=Source.Stance.choices, initial=Source.Stance.CONTEXT)
    archived_url = HttpURLField(
        label="Archived URL", max_length=limits.MAX_URL, required=False, assume_scheme="https"
    )


class SourceEditForm(SourceForm):
    """Editing a source: with the version the editor saw, so a colleague's edit is not lost."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def changes(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Note (Markdown)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.MAX_NOTE_BODY,
    )
    internal = forms.BooleanField(required=False, initial=True, label="Internal only")


class NoteEditForm(NoteForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def changes(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


def rebased_input(form: forms.Form, *, opened: Any, current: models.Model) -> QueryDict:
    """A stale edit form's input put on top of ``current``, to show again after a conflict.

    A field the editor left as it was in ``opened`` (the version their form was opened at: a
    history record) takes its current value, so the colleague's change is on screen and saving
    again keeps it; a field they changed keeps what they typed. The version becomes the
    current one: the next save is a deliberate save of what is on screen. Without ``opened``
    (no record of that version) all the input is kept.
    """
    data = form.data.copy()
    data[form.add_prefix("version")] = str(current.version)
    if opened is None:
        return data
    for name in form.fields:
        if name == "version":
            continue
        attname = current._meta.get_field(name).attname
        if _comparable(form.cleaned_data[name]) == _comparable(getattr(opened, attname)):
            data[form.add_prefix(name)] = _as_input(getattr(current, attname))
    return data


def _comparable(value: Any) -> Any:
    """A cleaned or stored value as it compares: related objects by id, text without the
    CRLF line ends browsers send."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value


def _as_input(value: Any) -> str:
    """A stored value (an id for a relation) as its form field reads it from a request."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # what CheckboxInput reads as ticked or not
    return str(value)
