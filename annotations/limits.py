"""Every size limit, once. Models, forms, serializers, services and commands read them here.

Pure constants (no Django), so settings and the pure text modules can import them too.
"""

# Ids are PostgreSQL bigints: anything larger cannot name a row.
MAX_ID = 2**63 - 1


def parse_id(text: str) -> int | None:
    """An id as a URL or a form writes it: ASCII digits within the bigint range, else None.

    ``int()`` would also read full-width digits, "+12" and " 12", and raises ValueError past
    4,300 digits; an id past MAX_ID makes SQLite raise OverflowError in a query.
    """
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


# An article: the stored text, and the upload that carries it.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
MAX_ARTICLE_MB = MAX_ARTICLE_BYTES // (1024 * 1024)

# A claim: how many consecutive segments it may span, and its free texts.
MAX_CLAIM_SEGMENTS = 50
MAX_CLAIM_TEXT = 20_000
MAX_CLAIMANT = 300
MAX_SUMMARY = 20_000
MAX_CORRECTION_NOTE = 5_000
MAX_VOTE_REASON = 2_000

# The bulk claims endpoint (POST claims/bulk/): claims in one request, sources on each.
MAX_BULK_CLAIMS = 500
MAX_BULK_SOURCES = 20

# Evidence and discussion.
MAX_SOURCE_QUOTE = 20_000
MAX_NOTE_BODY = 20_000
MAX_URL = 2000

# Searches typed into a box.
MAX_QUERY = 200

# The archive: imported ClaimReviews, search and matching.
MAX_PUBLISHER = 200
MAX_RATING_TEXT = 200
MAX_IMPORT_ITEMS = 5000  # ClaimReviews in one document
MAX_IMPORT_BYTES = 20 * 1024 * 1024  # one JSON-LD document (command and API)
MAX_MATCH_TEXT = 5000  # text sent to POST match/
MAX_MATCH_LIMIT = 20
