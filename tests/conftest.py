"""The shared cast: alice edits, bob and carol review, victor only views, ada administers."""

from pathlib import Path

import pytest

from tests.factories import UserFactory, make_article

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", role="editor")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob", role="reviewer")


@pytest.fixture
def carol(db):
    return UserFactory(username="carol", role="reviewer")


@pytest.fixture
def victor(db):
    return UserFactory(username="victor", role="viewer")


@pytest.fixture
def ada(db):
    return UserFactory(username="ada", role="admin")


@pytest.fixture
def nobody(db):
    """Logged in, but in no group: may see nothing."""
    return UserFactory(username="nobody")


@pytest.fixture
def article(db):
    return make_article()


@pytest.fixture
def news_page() -> bytes:
    """A real news story as its site serves it, menus, ads and footer around the text."""
    return (FIXTURES / "mali-wagner-article.html").read_bytes()
