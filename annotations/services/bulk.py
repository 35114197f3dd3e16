"""Many claims in one call, all or nothing, through the same services as one claim at a time.

Each claim is made (with its rating and summary) by :func:`claim_create` and given its
sources by :func:`source_add`, so the workflow, the limits and the history hold exactly as
they do for single calls. Every claim is tried, so the caller hears about every refused one;
if any is refused, :class:`BulkInvalid` rolls the whole transaction back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from annotations import limits, roles
from annotations.models import Article, Claim, Rating, Segment
from annotations.services.claims import claim_create
from annotations.services.common import require
from annotations.services.evidence import source_add

NON_FIELD = "__all__"


@dataclass(frozen=True)
class NewClaim:
    """One claim of a bulk request, its article, segments, rating and assignee looked up."""

    article: Article
    segments: Sequence[Segment]
    claim_text: str = ""
    claimant: str = ""
    assignee: AbstractBaseUser | None = None
    rating: Rating | None = None
    summary: str = ""
    sources: Sequence[dict[str, Any]] = field(default_factory=tuple)


class BulkInvalid(Exception):
    """Claims of a bulk request were refused and nothing was written.

    ``items`` holds ``(index, {field: [messages]})`` for each refused claim, in order;
    ``__all__`` stands for messages about the claim as a whole.
    """

    def __init__(self, items: list[tuple[int, dict[str, list[str]]]]) -> None:
        super().__init__(f"{len(items)} claim(s) refused.")
        self.items = items


def messages_of(error: ValidationError, prefix: str = "") -> dict[str, list[str]]:
    """A ValidationError as ``{field: [messages]}``, field names prefixed."""
    if hasattr(error, "error_dict"):
        return {f"{prefix}{name}": list(msgs) for name, msgs in error.message_dict.items()}
    return {prefix.rstrip(".") or NON_FIELD: list(error.messages)}


@transaction.atomic
def claims_create_many(*, user: AbstractBaseUser, claims: Sequence[NewClaim]) -> list[Claim]:
    """Create every claim with its verdict and sources, or none (:class:`BulkInvalid`)."""
    require(roles.can_edit(user), "Only editors can create claims.")
    if not 0 < len(claims) <= limits.MAX_BULK_CLAIMS:
        raise ValidationError(
            {"claims": f"Send between 1 and {limits.MAX_BULK_CLAIMS} claims at a time."}
        )
    created: list[Claim] = []
    refused: list[tuple[int, dict[str, list[str]]]] = []
    for index, new in enumerate(claims):
        claim, errors = _create_one(new, user)
        if errors:
            refused.append((index, errors))
        elif claim is not None:
            created.append(claim)
    if refused:
        raise BulkInvalid(refused)  # leaving the atomic block rolls everything back
    return created


def _create_one(new: NewClaim, user: AbstractBaseUser) -> tuple[Claim | None, dict]:
    # Each service is atomic on its own, so a refused step leaves no row behind while the
    # remaining claims are still tried (and a claim's segments count as taken for later ones).
    try:
        claim = claim_create(
            article=new.article,
            segments=new.segments,
            user=user,
            claim_text=new.claim_text,
            claimant=new.claimant,
            assignee=new.assignee,
            rating=new.rating,
            summary=new.summary,
        )
    except ValidationError as error:
        return None, messages_of(error)
    errors: dict[str, list[str]] = {}
    for number, source in enumerate(new.sources):
        try:
            source_add(claim=claim, user=user, **source)
        except ValidationError as error:
            errors.update(messages_of(error, prefix=f"sources[{number}]."))
    return claim, errors
