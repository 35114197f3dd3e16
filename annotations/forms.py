"""Forms of the editors' pages: they validate input; the services decide and save."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from annotations.documents import DocumentError, read_document, read_text
from annotations.models import Rating, Source, http_url_validator

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ID = 2**63 - 1  # ids are bigints


def parse_id(text: str) -> int | None:
    """An id as a URL or a form writes it: ASCII digits within the bigint range, else None.

    ``int()`` would also read full-width digits, "+12" and " 12", and raises ValueError past
    4,300 digits; an id past 2**63 - 1 makes SQLite raise OverflowError in a query.
    """
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def editors() -> QuerySet:
    """People a claim can be assigned to: everyone who may edit claims."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__permissions__codename="change_claim")
        .distinct()
        .order_by("username")
    )


class ImportForm(forms.Form):
    """Paste an article or upload a .txt, .md or .html file, with what the text cannot say."""

    title = forms.CharField(max_length=500, required=False)
    byline = forms.CharField(max_length=500, required=False)
    url = forms.URLField(
        label="URL",
        max_length=2000,
        required=False,
        validators=[http_url_validator],
        assume_scheme="https",
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

    def clean(self) -> dict:
        data = super().clean()
        text, upload = data.get("text") or "", data.get("file")
        if upload and text.strip():
            raise ValidationError("Paste text or upload a file, not both.")
        try:
            if upload:
                if upload.size > MAX_UPLOAD_BYTES:
                    raise DocumentError("file is larger than 5 MB")
                data["document"] = read_document(upload.read(), upload.name)
            elif text.strip():
                data["document"] = read_text(text)
            else:
                raise ValidationError("Paste the article's text or choose a file.")
        except DocumentError as exc:
            raise ValidationError(f"Cannot import this: {exc}.") from None
        return data

    @property
    def published_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("published_on")
        if day is None:
            return None
        return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


class IdChoiceField(forms.ModelChoiceField):
    """A choice by id (see parse_id); Django's own would look full-width digits up."""

    def to_python(self, value: object) -> object:
        if value not in self.empty_values and parse_id(str(value)) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RatingChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Rating) -> str:
        return obj.label


class ClaimForm(forms.Form):
    """The claim panel's main form; ``version`` is what the editor saw when the panel opened."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    claim_text = forms.CharField(
        label="Claim", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    claimant = forms.CharField(label="Claimant", required=False, max_length=300)
    rating = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    summary = forms.CharField(
        label="Summary", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    assignee = IdChoiceField(queryset=None, required=False, empty_label="Nobody")

    def __init__(self, *args, ratings: list[Rating], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = editors()
        # Validate against the scale the view already loaded: no query per save.
        self.ratings = {str(r.pk): r for r in ratings}
        self.fields["rating"].choices = [
            ("", "Not rated"),
            *((str(r.pk), r.label) for r in ratings),
        ]

    def clean_rating(self) -> Rating | None:
        return self.ratings.get(self.cleaned_data["rating"])

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class NewClaimForm(forms.Form):
    segments = forms.CharField(widget=forms.HiddenInput)
    claim_text = forms.CharField(
        label="Claim", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    claimant = forms.CharField(label="Claimant", required=False, max_length=300)

    def clean_segments(self) -> list[int]:
        ids = []
        for part in filter(str.strip, self.cleaned_data["segments"].split(",")):
            if (segment_id := parse_id(part)) is None:
                raise ValidationError("Choose sentences of this article.")
            ids.append(segment_id)
        if not ids or len(ids) > 50:
            raise ValidationError("Choose between 1 and 50 consecutive sentences.")
        return ids


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CorrectionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    rating = RatingChoiceField(queryset=Rating.objects.all(), label="New rating")
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(
        label="Correction note (published)", widget=forms.Textarea(attrs={"rows": 3})
    )


class SourceForm(forms.Form):
    url = forms.URLField(
        label="URL", max_length=2000, validators=[http_url_validator], assume_scheme="https"
    )
    title = forms.CharField(max_length=500, required=False)
    publisher = forms.CharField(max_length=200, required=False)
    quote = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    stance = forms.ChoiceField(choices=Source.Stance.choices, initial=Source.Stance.CONTEXT)
    archived_url = forms.URLField(
        label="Archived URL",
        max_length=2000,
        required=False,
        validators=[http_url_validator],
        assume_scheme="https",
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Note (Markdown)", widget=forms.Textarea(attrs={"rows": 3}), max_length=20000
    )
    internal = forms.BooleanField(required=False, initial=True, label="Internal only")
