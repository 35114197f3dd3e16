"""Totals for paged lists that stay cheap as the archive grows.

An exact ``COUNT(*)`` reads every matching row: on a list of a hundred thousand claims or
a search word found in ten thousand entries that is most of the request's time. So: when
PostgreSQL's planner expects at most EXACT_UP_TO rows (asked once a minute per query), the
total is counted on every request; above, it is counted once and kept for CACHE_SECONDS per
query (the cache is shared by all workers when ``REDIS_URL`` is set). The planner can
misjudge a filter (it expects few matches for ``LIKE '%word%'``, whatever the word), and an
exact count costs as many rows as it counts: on a table of more than EXACT_UP_TO rows, a
total counted exactly above KEEP_ABOVE is kept for CACHE_SECONDS (:func:`remember`), and the
next requests of that query take the large path. Pages never depend on it for ``next``.
"""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet

EXACT_UP_TO = 10_000
KEEP_ABOVE = 1_000
CACHE_SECONDS = 60


def estimated_rows(queryset: QuerySet) -> float:
    """The planner's estimate of the rows ``queryset`` selects (PostgreSQL); 0 elsewhere."""
    if connection.vendor != "postgresql":
        return 0
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]["Plan Rows"]


def is_large(queryset: QuerySet, than: int | None = None) -> bool:
    """Whether the planner expects more than ``than`` rows (EXACT_UP_TO unless said); asked
    once per CACHE_SECONDS for each query (an estimate moves slowly), never on SQLite (every
    count is exact)."""
    than = EXACT_UP_TO if than is None else than
    if connection.vendor != "postgresql" or _table_rows(queryset) <= than:
        return False  # a filter never selects more rows than its table holds
    key = f"large:{than}:" + _key(queryset)
    found = cache.get(key)
    if found is None:
        found = estimated_rows(queryset) > than
        cache.set(key, found, CACHE_SECONDS)
    return found


def remember(queryset: QuerySet, counted: int) -> None:
    """Keep a total just counted exactly: above KEEP_ABOVE, :func:`is_large` says so for
    CACHE_SECONDS whatever the planner expects (on a table it counts at more than
    EXACT_UP_TO rows; a smaller table is always counted), and :func:`total` answers from it."""
    if connection.vendor != "postgresql" or counted <= KEEP_ABOVE:
        return
    if _table_rows(queryset) <= EXACT_UP_TO:
        return
    key = _key(queryset)
    cache.set_many({f"large:{EXACT_UP_TO}:{key}": True, f"total:{key}": counted}, CACHE_SECONDS)


def total(queryset: QuerySet) -> int:
    """``queryset.count()``, exact when small, else at most CACHE_SECONDS old."""
    if not is_large(queryset):
        return queryset.count()
    key = "total:" + _key(queryset)
    found = cache.get(key)
    if found is None:
        found = queryset.count()
        cache.set(key, found, CACHE_SECONDS)
    return found


def _table_rows(queryset: QuerySet) -> float:
    """The planner's count of the rows in the queryset's table (``pg_class.reltuples``, kept
    by autovacuum), asked once per CACHE_SECONDS."""
    table = queryset.model._meta.db_table
    key = "table-rows:" + table
    found = cache.get(key)
    if found is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            row = cursor.fetchone()
        found = max(row[0], 0) if row else 0
        cache.set(key, found, CACHE_SECONDS)
    return found


def _key(queryset: QuerySet) -> str:
    sql, params = queryset.query.sql_with_params()
    return hashlib.sha256(repr((sql, params)).encode()).hexdigest()
