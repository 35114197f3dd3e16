"""The API's claims, read with hand-written SQL: the statement, the row → JSON step and the ETag.

A page of claims is one statement with fixed SQL and bound parameters, so nothing is compiled
per request (measured in docs/api.md), plus a total whose cost is bounded (annotations.counts).
Source and note counts are subqueries per row of the page (each reads its claim's own rows
through the index); segments, votes and a proposed correction are aggregated once over the
page's ids and joined. Table names
come from the models; the suggested rule comes from ``annotations.models.suggested_sql``.
``ClaimSerializer`` documents what :func:`claim_row_to_dict` returns (a test holds them equal).
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from annotations import counts
from annotations.models import (
    Claim,
    Correction,
    Note,
    Rating,
    Segment,
    Source,
    Vote,
    suggested_sql,
    version_etag,
)

# {ids} selects the claims: a list of parameters, or "SELECT pk FROM page" for a page.
_CLAIM_ROWS_SQL = """
SELECT {page_total}c.id, c.article_id, c.position, c.claim_text, c.claimant,
       r.slug AS rating_slug, c.summary, c.status, c.assignee_id, c.rated_by_id, {rated_at},
       c.approved_by_id, {published_at}, c.created_by_id, c.version, {created_at}, {updated_at},
       (SELECT COUNT(*) FROM {source} sr WHERE sr.claim_id = c.id AND sr.deleted_at IS NULL)
           AS source_count,
       (SELECT COUNT(*) FROM {note} nt WHERE nt.claim_id = c.id AND nt.deleted_at IS NULL)
           AS note_count,
       COALESCE(sg.suggested, 0) AS suggested {segment_ids_column},
       pc.id AS correction_id, pr.slug AS correction_rating, pc.new_summary AS correction_summary,
       pc.note AS correction_note, pc.created_by_id AS correction_by, {correction_at},
       c.review_round, c.disputed, COALESCE(vc.n, 0) AS vote_count
FROM {claim} c
{page_join}
LEFT JOIN {rating} r ON r.id = c.rating_id
LEFT JOIN (SELECT cs.claim_id,
                  MAX(CASE WHEN {suggested} THEN 1 ELSE 0 END) AS suggested {segment_ids_aggregate}
           FROM {claim_segments} cs JOIN {segment} s ON s.id = cs.segment_id
           WHERE cs.claim_id IN ({ids}) GROUP BY cs.claim_id) sg
       ON sg.claim_id = c.id
LEFT JOIN (SELECT v.claim_id, COUNT(*) AS n FROM {vote} v
           JOIN {claim} vcl ON vcl.id = v.claim_id AND v.round = vcl.review_round
           WHERE v.claim_id IN ({ids}) GROUP BY v.claim_id) vc
       ON vc.claim_id = c.id
LEFT JOIN {correction} pc ON pc.claim_id = c.id AND pc.status = 'proposed'
LEFT JOIN {rating} pr ON pr.id = pc.new_rating_id
{claim_filter}
"""

_TIMESTAMPS = ("rated_at", "published_at", "created_at", "updated_at")


def claim_page_rows(
    claims: QuerySet[Claim], offset: int, limit: int
) -> tuple[list[dict[str, Any]], int | None, bool]:
    """A page of claim rows in the queryset's order, the total, and whether a page follows.

    The page's ids are a CTE that the row query joins. While the filters select few claims
    (``counts.is_large``), every match is collected first (a materialised CTE: the planner
    then reads them by the filter's best index, a trigram index for a text search, rather
    than walking the ordering's index past every claim) and the page is cut from them, with
    their count (``COUNT(*) OVER ()``): one statement. For many, the page reads one row more
    than it shows, through the index of its ordering, to know whether another follows, and
    the total is ``counts.total`` (counted once a minute). The total is None for a page past
    the end.
    """
    order = _ordering(claims)
    unordered = claims.order_by().values("pk")
    large = counts.is_large(unordered)
    if large:
        page_sql, page_params = claims.values_list("pk")[
            offset : offset + limit + 1
        ].query.sql_with_params()
        rows = _claim_rows(page_sql=page_sql, page_params=page_params)
    else:
        rows = _claim_rows(**_small_page(claims, order, offset, limit))
    if not rows:
        return [], None, False
    # The CTE kept the right rows; put them back in the queryset's order.
    for key, descending in reversed(order):
        rows.sort(key=lambda row, key=key: row[key], reverse=descending)
    if not large:
        total = rows[0]["page_total"]
        counts.remember(unordered, total)
        return rows, total, offset + len(rows) < total
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, max(counts.total(unordered), offset + len(rows) + more), more


def _ordering(claims: QuerySet[Claim]) -> list[tuple[str, bool]]:
    """The queryset's ordering as (column, descending) pairs, the claim's id last if it was
    not there (a stable order); the columns are claim fields."""
    pairs = []
    for ordering in list(claims.query.order_by) or Claim._meta.ordering:
        name = ordering.lstrip("-")
        pairs.append(({"article": "article_id", "pk": "id"}.get(name, name), ordering[0] == "-"))
    if "id" not in (column for column, _ in pairs):
        pairs.append(("id", False))
    return pairs


def _small_page(
    claims: QuerySet[Claim], order: list[tuple[str, bool]], offset: int, limit: int
) -> dict[str, Any]:
    """The CTEs of a page cut from every match, collected first, and counted with it."""
    columns = [column for column, _ in order]
    matched_sql, matched_params = claims.order_by().values_list(*columns).query.sql_with_params()
    names = [f"o{i}" for i in range(len(columns))]
    order_by = ", ".join(
        f"{name} {'DESC' if descending else 'ASC'}"
        for name, (_, descending) in zip(names, order, strict=True)
    )
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    # Column names and order are ours; the filters' values stay bound parameters.
    ctes = (
        f"matched ({', '.join(names)}) AS {materialized}({matched_sql}),\n"  # noqa: S608
        f"page AS (SELECT {names[columns.index('id')]} AS pk, COUNT(*) OVER () AS page_total "
        f"FROM matched ORDER BY {order_by} LIMIT %s OFFSET %s)"
    )
    return {"ctes": ctes, "page_params": (*matched_params, limit, offset), "page_total": True}


def claim_rows(claim_ids: list[int]) -> list[dict[str, Any]]:
    """Claims by id, in the ids' order, for ids the caller already scoped.

    Timestamps are UTC as ISO 8601 text with microseconds ("2025-01-31T09:30:00.250000"):
    fixed width, so they sort as text.
    """
    if not claim_ids:
        return []
    by_id = {row["id"]: row for row in _claim_rows(claim_ids=claim_ids)}
    return [by_id[claim_id] for claim_id in claim_ids if claim_id in by_id]


def _claim_rows(
    claim_ids: list[int] | None = None,
    page_sql: str = "",
    page_params: tuple = (),
    page_total: bool = False,
    ctes: str = "",
) -> list[dict[str, Any]]:
    """Run _CLAIM_ROWS_SQL for a list of claim ids, for the ids ``page_sql`` selects, or for
    those of the CTE ``page`` that ``ctes`` defines (its parameters are ``page_params``)."""
    on_postgres = connection.vendor == "postgresql"
    suggested, suggested_params = suggested_sql("s")
    if page_sql:
        ctes = f"page AS ({page_sql})"
    if ctes:
        ids = "SELECT pk FROM page"
        # Joining the page is enough: also filtering on it made planning twice as slow.
        page_parts = {
            "page_total": "page.page_total, " if page_total else "",
            "page_join": "JOIN page ON page.pk = c.id",
            "claim_filter": "",
        }
        params = [*page_params, *suggested_params]
    else:
        ids = ", ".join(["%s"] * len(claim_ids))
        page_parts = {"page_total": "", "page_join": "", "claim_filter": f"WHERE c.id IN ({ids})"}
        params = [*suggested_params, *claim_ids, *claim_ids, *claim_ids]
    timestamps = {
        # PostgreSQL writes the text: parsing 200 timestamps a page into datetimes only to
        # format them again took longer than building the rest of the rows.
        name: _timestamp_text(f"c.{name}", name, on_postgres)
        for name in _TIMESTAMPS
    }
    sql = _CLAIM_ROWS_SQL.format(
        claim=Claim._meta.db_table,
        rating=Rating._meta.db_table,
        source=Source._meta.db_table,
        note=Note._meta.db_table,
        segment=Segment._meta.db_table,
        claim_segments=Segment.claims.through._meta.db_table,
        correction=Correction._meta.db_table,
        vote=Vote._meta.db_table,
        ids=ids,
        suggested=suggested,
        correction_at=_timestamp_text("pc.created_at", "correction_at", on_postgres),
        **page_parts,
        **timestamps,
        # PostgreSQL orders the segment ids in the same pass; elsewhere one more query.
        segment_ids_column=", sg.segment_ids" if on_postgres else "",
        segment_ids_aggregate=(
            ", array_agg(cs.segment_id ORDER BY s.position) AS segment_ids" if on_postgres else ""
        ),
    )
    if ctes:
        # No column list for the page: Django may add ordering columns to its SELECT.
        sql = f"WITH {ctes}\n{sql}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    if on_postgres:
        for row in rows:
            row["segment_ids"] = row["segment_ids"] or []
            row["suggested"] = bool(row["suggested"])
            row["disputed"] = bool(row["disputed"])
    else:
        segment_ids = _segment_ids_by_claim([row["id"] for row in rows])
        for row in rows:
            row["segment_ids"] = segment_ids[row["id"]]
            _convert_sqlite_values(row)
    return rows


def _timestamp_text(column: str, name: str, on_postgres: bool) -> str:
    if on_postgres:
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') AS {name}"
    return f"{column} AS {name}"


def _convert_sqlite_values(row: dict[str, Any]) -> None:
    """SQLite hands back naive datetimes (or text) and 0/1: convert as PostgreSQL's rows."""
    for name in (*_TIMESTAMPS, "correction_at"):
        value = row[name]
        if isinstance(value, str):
            value = parse_datetime(value)
        if value is not None:
            if timezone.is_naive(value):
                value = value.replace(tzinfo=UTC)
            value = value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
        row[name] = value
    row["suggested"] = bool(row["suggested"])
    row["disputed"] = bool(row["disputed"])


def _segment_ids_by_claim(claim_ids: list[int]) -> dict[int, list[int]]:
    """Each claim's segment ids in reading order, for many claims in one query."""
    result: dict[int, list[int]] = {claim_id: [] for claim_id in claim_ids}
    rows = (
        Segment.claims.through.objects.filter(claim_id__in=claim_ids)
        .order_by("segment__position")
        .values_list("claim_id", "segment_id")
    )
    for claim_id, segment_id in rows:
        result[claim_id].append(segment_id)
    return result


# ------------------------------------------------------------------------- rows → JSON


def _iso(value: str | None) -> str | None:
    """A row's UTC timestamp text as DRF writes datetimes: a Z, no fraction if zero."""
    return None if value is None else value.removesuffix(".000000") + "Z"


def claim_row_to_dict(row: dict[str, Any]) -> dict[str, Any]:
    """One claim as the API shows it, from a :func:`claim_rows` row."""
    correction = None
    if row["correction_id"] is not None:
        correction = {
            "id": row["correction_id"],
            "rating": row["correction_rating"],
            "summary": row["correction_summary"],
            "note": row["correction_note"],
            "proposed_by": row["correction_by"],
            "proposed_at": _iso(row["correction_at"]),
        }
    return {
        "id": row["id"],
        "article": row["article_id"],
        "segments": list(row["segment_ids"]),
        "position": row["position"],
        "claim_text": row["claim_text"],
        "claimant": row["claimant"],
        "rating": row["rating_slug"],
        "summary": row["summary"],
        "status": row["status"],
        "assignee": row["assignee_id"],
        "rated_by": row["rated_by_id"],
        "rated_at": _iso(row["rated_at"]),
        "approved_by": row["approved_by_id"],
        "published_at": _iso(row["published_at"]),
        "created_by": row["created_by_id"],
        "version": row["version"],
        "etag": version_etag("claim", row["id"], row["version"]),
        "source_count": row["source_count"],
        "note_count": row["note_count"],
        "suggested": bool(row["suggested"]),
        "pending_correction": correction,
        "review_round": row["review_round"],
        "votes": row["vote_count"],
        "disputed": row["disputed"],
        "created_at": _iso(row["created_at"]),
        "updated_at": _iso(row["updated_at"]),
    }


def claims_to_dicts(claim_ids: list[int]) -> list[dict[str, Any]]:
    """Claims by id (already scoped by the caller), in that order: one query, no serializer."""
    return [claim_row_to_dict(row) for row in claim_rows(claim_ids)]


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    """One claim the caller may see (e.g. the current state in a 412), shaped like the list."""
    found = claims_to_dicts([claim.pk])
    if found:
        return found[0]
    raise Http404  # deleted meanwhile
