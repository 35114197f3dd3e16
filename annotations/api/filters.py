"""Query filters for claims and segments; unknown or malformed values are a 400, never ignored."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters

from annotations.limits import MAX_ID, MAX_QUERY
from annotations.models import Claim, Rating, Segment, suggested_condition


class IdField(forms.IntegerField):
    """ASCII digits: Django's IntegerField also reads full-width digits and "12.0" as 12."""

    def to_python(self, value: object) -> int | None:
        if value not in self.empty_values and not re.fullmatch(r"-?[0-9]+", str(value).strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class IdFilter(filters.NumberFilter):
    """An id: a whole number in the database's range (not a decimal, not 1e400)."""

    field_class = IdField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0); anything else is an error rather than silently no filter."""

    widget = forms.TextInput  # the select widget would turn "maybe" into "unknown"

    def to_python(self, value: object) -> bool | None:
        text = str(value).strip().lower() if value is not None else ""
        if text == "":
            return None
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise forms.ValidationError("Use true or false.", code="invalid")

    def validate(self, value: object) -> None:
        pass


class BooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class UtcDateTimeField(forms.DateTimeField):
    """ISO 8601 with any offset, read as UTC; a moment outside years 1-9999 is an error."""

    def to_python(self, value: object):
        from django_filters.fields import IsoDateTimeField

        moment = IsoDateTimeField().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(dt.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError("Date and time out of range.", code="invalid") from None


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class NoBlankTypedValuesForm(forms.Form):
    """``?article=`` is not "no filter" but a mistake: typed parameters may not be empty, and
    one that takes one value may not be given twice (``?article=1&article=2``)."""

    typed = (
        "article", "assignee", "status", "suggested", "updated_since", "ordering", "kind",
        "rating",
    )  # fmt: skip

    def clean(self) -> dict:
        cleaned = super().clean()
        for name, field in self.fields.items():
            values = self.data.getlist(name)
            if name in self.typed and any(not v.strip() for v in values):
                self.add_error(name, "This value may not be empty.")
            elif len(values) > 1 and not isinstance(field, forms.MultipleChoiceField):
                self.add_error(name, "Give one value.")
        return cleaned


class ClaimFilter(filters.FilterSet):
    article = IdFilter(field_name="article_id", help_text="Claims of this article.")
    status = filters.MultipleChoiceFilter(choices=Claim.Status.choices)
    rating = filters.ModelChoiceFilter(
        field_name="rating",
        to_field_name="slug",
        queryset=Rating.objects.all(),
        help_text="Rating slug (one of `GET /api/v1/ratings/`).",
    )
    assignee = IdFilter(field_name="assignee_id", help_text="User id of the assignee.")
    suggested = BooleanFilter(
        method="filter_suggested", help_text="Made of a suggested check-worthy sentence."
    )
    q = filters.CharFilter(method="search", max_length=MAX_QUERY, help_text="Text search.")
    updated_since = UtcDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Changed at or after (ISO 8601)."
    )
    ordering = filters.OrderingFilter(
        fields=(
            ("position", "position"),
            ("updated_at", "updated_at"),
            ("created_at", "created_at"),
        )
    )

    class Meta:
        model = Claim
        fields: list[str] = []
        form = NoBlankTypedValuesForm

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(claim_text__icontains=value)
            | Q(claimant__icontains=value)
            | Q(summary__icontains=value)
        )

    def filter_suggested(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.suggested() if value else queryset.not_suggested()

    default_order = ("article_id", "position")

    @property
    def qs(self) -> QuerySet:
        # A stable order whatever was asked: pages never repeat or skip a claim.
        queryset = super().qs
        order = list(queryset.query.order_by) or self.default_order
        return queryset.order_by(*order, "id")


class SegmentFilter(filters.FilterSet):
    kind = filters.MultipleChoiceFilter(choices=Segment.Kind.choices)
    suggested = BooleanFilter(method="filter_suggested", help_text="Suggested claims.")

    class Meta:
        form = NoBlankTypedValuesForm

    def filter_suggested(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        suggested = suggested_condition()
        return queryset.filter(suggested) if value else queryset.exclude(suggested)
