"""What the bad-input tests (tests/api/test_api_bad_input.py, tests/ui/test_ui_bad_input.py)
send, and how they keep one world for many requests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

# Ids that are not ids: past a bigint, negative, zero, decimal, full-width, 5,000 digits, NUL.
BAD_IDS = ["9223372036854775808", "9999999999999999999", str(10**30), "-1", "0", "1e3", "1.0",
           "\uff11\uff12", "9" * 5000, "%00"]  # fmt: skip
# Page numbers past the end of any table, and ones that are no page number.
HUGE_PAGES = ["2", "999999999999999999", "184467440737095517", "9" * 30, "9" * 5000, "-1",
              "0", "1e3", "\uff11"]  # fmt: skip
# Odd values for query parameters (before percent-encoding; "\ud800" is invalid UTF-8 then).
ODD_QUERY_VALUES = ["a\x00b", "\x00", "x" * 20_000, "\ud800", "%", "\uff11", " "]
# Raw query strings: NUL and broken percent-encoding as a client may really send them.
RAW_QUERIES = ["q=%00&page=%00", "%ff%fe=%ff", "a=%", "&&==&", "format=%00json"]
MULTIPART_BAD_BASE64 = (
    b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
    b"Content-Transfer-Encoding: base64\r\n\r\n!!!\r\n--b--\r\n"
)


@contextmanager
def rolled_back() -> Iterator[None]:
    """Undo what a request wrote (and a failed statement), so the next one sees the world."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)
