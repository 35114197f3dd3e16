"""Many claims in one call, all or nothing, through the same services as one claim at a time.

Each claim and source is built and checked by the same rules as ``claim_create`` and
``source_add`` (their ``new_claim`` and ``new_source``, and ``validate`` as ``save_new``
does), so the workflow, the limits and the history hold exactly as for single calls; then
they are written in bulk. Every claim is checked, so the caller hears about every refused
one; if any is refused, :class:`BulkInvalid` is raised and nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from annotations import limits, roles
from annotations.models import Article, Claim, Rating, Segment, Source
from annotations.services.claims import new_claim
from annotations.services.common import require, save_new_many, validate
from annotations.services.evidence import new_source

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
    """Create every claim with its verdict and sources, or none (:class:`BulkInvalid`).

    Each claim and source is built and checked by the rules of :func:`claim_create` and
    :func:`source_add` (``new_claim``, ``new_source``, ``validate``); then all are written
    at once, with their history and search entries: a few queries for the whole request.
    """
    require(roles.can_edit(user), "Only editors can create claims.")
    if not 0 < len(claims) <= limits.MAX_BULK_CLAIMS:
        raise ValidationError(
            {"claims": f"Send between 1 and {limits.MAX_BULK_CLAIMS} claims at a time."}
        )
    held = _held_segments([s for new in claims for s in new.segments])
    in_request: dict[int, int] = {}  # segment id -> index of the claim here that takes it
    built: list[tuple[Claim, list[Segment], list[Source]]] = []
    refused: list[tuple[int, dict[str, list[str]]]] = []
    for index, new in enumerate(claims):
        errors: dict[str, list[str]] = {}
        claim, ordered = _build_claim(new, user, errors)
        if ordered:
            holder = next((held[s.pk] for s in ordered if s.pk in held), None)
            earlier = next((in_request[s.pk] for s in ordered if s.pk in in_request), None)
            if holder is not None:
                errors["segments"] = [f"A segment is already part of claim {holder}."]
            elif earlier is not None:
                errors["segments"] = [f"A segment is also in claim {earlier} of this request."]
            for segment in ordered:
                in_request.setdefault(segment.pk, index)
        sources = _build_sources(new, claim, user, errors)
        if errors:
            refused.append((index, errors))
        elif claim is not None:
            built.append((claim, ordered, sources))
    if refused:
        raise BulkInvalid(refused)  # nothing was written

    created = save_new_many([claim for claim, _, _ in built], user)
    Claim.segments.through.objects.bulk_create(
        Claim.segments.through(claim_id=claim.pk, segment_id=segment.pk)
        for claim, ordered, _ in built
        for segment in ordered
    )
    save_new_many([source for _, _, sources in built for source in sources], user)
    return created


def _held_segments(segments: list[Segment]) -> dict[int, int]:
    """Segment id -> the live claim that holds it, for these segments: one query."""
    if not segments:
        return {}
    rows = Claim.segments.through.objects.filter(
        segment__in=segments, claim__in=Claim.objects.live()
    ).values_list("segment_id", "claim_id")
    return dict(rows)


def _build_claim(
    new: NewClaim, user: AbstractBaseUser, errors: dict[str, list[str]]
) -> tuple[Claim | None, list[Segment]]:
    try:
        claim, ordered = new_claim(
            article=new.article,
            segments=new.segments,
            user=user,
            claim_text=new.claim_text,
            claimant=new.claimant,
            assignee=new.assignee,
            rating=new.rating,
            summary=new.summary,
        )
        validate(claim)
    except ValidationError as error:
        errors.update(messages_of(error))
        return None, []
    return claim, ordered


def _build_sources(
    new: NewClaim, claim: Claim | None, user: AbstractBaseUser, errors: dict[str, list[str]]
) -> list[Source]:
    sources = []
    for number, fields in enumerate(new.sources):
        try:
            # A claim refused above still gets its sources checked, on a stand-in.
            source = new_source(claim=claim or Claim(), user=user, **fields)
            validate(source)
        except ValidationError as error:
            errors.update(messages_of(error, prefix=f"sources[{number}]."))
            continue
        sources.append(source)
    return sources
