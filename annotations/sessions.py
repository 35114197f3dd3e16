"""Django's database sessions, refusing a cookie that cannot be a session key.

Django only asks a key to be 8 characters or more; one with a NUL in it reached the query,
and PostgreSQL answers that with an error: a 500 on every page, the API's included. Keys
Django makes are lowercase letters and digits, so anything else is simply no session.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key: str | None) -> bool:
        return bool(super()._validate_session_key(key)) and key.isascii() and key.isalnum()
