"""What the models share: versions and ETags, visibility, text limits, URL rules."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models

from annotations import roles

http_url_validator = URLValidator(schemes=["http", "https"])


def text_limit(limit: int) -> dict[str, Any]:
    """A TextField's limit: shown by forms, enforced by ``full_clean`` (the database has none)."""
    return {"max_length": limit, "validators": [MaxLengthValidator(limit)]}


def version_etag(kind: str, pk: int, version: int) -> str:
    """The ETag of a versioned object (claim, source, note): changes whenever it is saved."""
    return f'"{kind}-{pk}-v{version}"'


_VERSION_ETAG = re.compile(r'^\s*(?:W/)?"([a-z]+)-(\d{1,19})-v(\d{1,19})"\s*$')


def parse_version_etag(header: str, kind: str, pk: int) -> int | None:
    """The version an If-Match header names for this object, or None if it names another."""
    match = _VERSION_ETAG.match(header or "")
    if match is None or match.group(1) != kind or int(match.group(2)) != pk:
        return None
    return int(match.group(3))


class VisibleQuerySet(models.QuerySet):
    """Rows a user may see: everything for the viewer role and up, nothing otherwise."""

    def visible_to(self, user: Any) -> models.QuerySet:
        return self if roles.can_view(user) else self.none()


def content_hash(body: str) -> str:
    """The identity of an article's text: ingesting the same text twice finds this hash."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
