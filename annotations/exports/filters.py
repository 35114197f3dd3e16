"""What a report covers: the filters of every export, read from query parameters, and who may
ask for them. The API, the report pages and ``export_report`` all parse them here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied

from annotations import roles
from annotations.limits import parse_id
from annotations.models import Claim, Rating

MAX_TEXT_FILTER = 300
MAX_LIST_VALUES = 50
TRUE_VALUES = {"1", "true"}
FALSE_VALUES = {"0", "false"}


class ReportParameterError(Exception):
    """A report filter was malformed; ``fields`` says which one and why."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {reason}" for name, reason in fields.items()))
        self.fields = fields


@dataclass(frozen=True)
class ReportFilters:
    """What a report covers. Dates are inclusive and apply to the verdict's publication date
    (for unpublished claims in internal reports, their last change)."""

    article_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    ratings: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    claimant: str = ""
    publisher: str = ""
    internal: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The filters as JSON-friendly values, echoed in exports."""
        return {
            "article": self.article_id,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "rating": list(self.ratings),
            "status": list(self.statuses),
            "claimant": self.claimant,
            "publisher": self.publisher,
            "internal": self.internal,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReportFilters:
        """The filters back from ``as_dict()`` (a queued report keeps them as JSON)."""
        return cls(
            article_id=data.get("article"),
            date_from=date.fromisoformat(data["date_from"]) if data.get("date_from") else None,
            date_to=date.fromisoformat(data["date_to"]) if data.get("date_to") else None,
            ratings=tuple(data.get("rating") or ()),
            statuses=tuple(data.get("status") or ()),
            claimant=data.get("claimant") or "",
            publisher=data.get("publisher") or "",
            internal=bool(data.get("internal")),
        )


FILTER_PARAMETERS = (
    "article",
    "date_from",
    "date_to",
    "rating",
    "status",
    "claimant",
    "publisher",
    "internal",
)


def parse_filters(
    params: Mapping[str, Any], *, article_id: int | None = None, strict: bool = False
) -> ReportFilters:
    """Validate query parameters (a QueryDict or a dict) into filters, or raise
    ReportParameterError naming every bad one. Unknown parameters are ignored. An empty
    value means "no filter" (as an HTML form sends it) unless ``strict`` (the API), where
    it is an error: a tool should leave the parameter out."""
    errors: dict[str, str] = {}

    def given(name: str) -> list[str]:
        """Every value given for ``name``, as strings (a QueryDict may repeat a key)."""
        raw = params.getlist(name) if hasattr(params, "getlist") else params.get(name)
        if raw is None:
            return []
        return [str(value) for value in (raw if isinstance(raw, list | tuple) else [raw])]

    if strict:
        for name in FILTER_PARAMETERS:
            if any(not value.strip() for value in given(name)):
                errors[name] = "Must not be empty; leave the parameter out instead."

    def values(name: str) -> list[str]:
        """A list parameter: repeated and/or comma-separated values."""
        items = [part.strip() for value in given(name) for part in value.split(",")]
        items = [item for item in items if item]
        # Checked here, before any query: PostgreSQL rejects NUL in text with an error.
        if any("\x00" in item or len(item) > MAX_TEXT_FILTER for item in items):
            errors[name] = f"Values must be at most {MAX_TEXT_FILTER} characters, without NUL."
            return []
        if len(items) > MAX_LIST_VALUES:
            errors[name] = f"At most {MAX_LIST_VALUES} values."
            return []
        return items

    def single(name: str) -> str:
        items = [value.strip() for value in given(name) if value.strip()]
        if len(items) > 1:
            errors[name] = "Give one value."
            return ""
        value = items[0] if items else ""
        if "\x00" in value:
            errors[name] = "Contains a NUL character."
            return ""
        if len(value) > MAX_TEXT_FILTER:
            errors[name] = f"At most {MAX_TEXT_FILTER} characters."
            return ""
        return value

    if article_id is None and (raw_article := single("article")):
        article_id = parse_id(raw_article)
        if article_id is None:
            errors["article"] = "Must be an article id (a positive integer)."

    dates: dict[str, date | None] = {}
    for name in ("date_from", "date_to"):
        raw = single(name)
        dates[name] = None
        if raw:
            try:
                dates[name] = date.fromisoformat(raw)
            except ValueError:
                errors[name] = "Must be a date as YYYY-MM-DD."
    if dates["date_from"] and dates["date_to"] and dates["date_from"] > dates["date_to"]:
        errors["date_to"] = "Must not be before date_from."

    internal_raw = single("internal")
    internal = internal_raw in TRUE_VALUES
    if internal_raw and internal_raw not in TRUE_VALUES | FALSE_VALUES and "internal" not in errors:
        errors["internal"] = "Must be 1 or 0 (or true or false)."

    ratings = tuple(dict.fromkeys(values("rating")))
    if ratings:
        known = set(Rating.objects.filter(slug__in=ratings).values_list("slug", flat=True))
        unknown = [slug for slug in ratings if slug not in known]
        if unknown:
            errors["rating"] = f"Unknown rating: {', '.join(unknown)[:200]}."

    statuses = tuple(dict.fromkeys(values("status")))
    unknown_statuses = [s for s in statuses if s not in Claim.Status.values]
    if unknown_statuses:
        errors["status"] = f"Must be one of: {', '.join(Claim.Status.values)}."
    elif not internal and set(statuses) - {Claim.Status.PUBLISHED}:
        errors["status"] = "Public reports hold published claims only; ask for the internal report."

    claimant = single("claimant")
    publisher = single("publisher")
    if errors:
        raise ReportParameterError(errors)
    return ReportFilters(
        article_id=article_id,
        date_from=dates["date_from"],
        date_to=dates["date_to"],
        ratings=ratings,
        statuses=statuses,
        claimant=claimant,
        publisher=publisher,
        internal=internal,
    )


def check_access(user: AbstractBaseUser, filters: ReportFilters) -> None:
    """Viewers may read public reports; internal ones need an editor (roles.can_edit)."""
    if not roles.can_view(user):
        raise PermissionDenied("You may not read reports.")
    if filters.internal and not roles.can_edit(user):
        raise PermissionDenied("Internal reports are for editors.")
