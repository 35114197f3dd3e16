"""Fixtures for report tests; the data itself is built in tests/exports/newsroom.py."""

import pytest

from tests.exports.newsroom import Newsroom, build_newsroom


@pytest.fixture
def newsroom(db, alice, bob) -> Newsroom:
    return build_newsroom(alice, bob)
