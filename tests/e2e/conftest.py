"""Browser tests with pytest-playwright on Debian's Chromium against pytest-django's live server."""

import os

import pytest

# pytest-django's live_server runs Django in a thread while Playwright's sync API runs an
# event loop in this one; Django refuses ORM calls from "async" contexts without this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last.

    Each transactional test ends by emptying every table, ratings and roles included.
    pytest-django runs transactional tests after the others, but pytest's own grouping by the
    session-scoped ``browser_name`` parameter (which pytest-playwright adds) can move them into
    the middle of the run, before tests that rely on the migrated rows.
    """
    items.sort(key=lambda item: "tests/e2e/" in item.nodeid.replace("\\", "/"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Use the system Chromium; never download browsers."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1440, "height": 900}}


@pytest.fixture
def seed_article(reference_data):
    from django.core.management import call_command

    from annotations.models import Article

    call_command("load_seed", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return Article.objects.get(title__startswith="Russia Entrenches")


@pytest.fixture
def log_in(live_server):
    """Log a Playwright page in through the real login form."""

    def log_in(page, username: str, password: str = "password") -> None:  # noqa: S107
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("heading", name="Articles").wait_for()

    return log_in
