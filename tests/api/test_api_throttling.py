"""Throttling: a counter per client and fixed window, shared by every worker through Redis."""

import os

import pytest
import redis
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from annotations.api.throttling import WindowCountThrottle
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

ME = "/api/v1/users/me/"
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(6000.0)  # the start of a one-minute window
    monkeypatch.setattr(WindowCountThrottle, "timer", clock)
    # The rates are read from this dict (DRF binds it to the class when it is imported).
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "3/minute")
    return clock


def test_user_rate_counts_per_window(alice, clock):
    client = client_for(alice)
    assert [client.get(ME).status_code for _ in range(3)] == [200, 200, 200]
    clock.now += 15
    response = client.get(ME)
    assert response.status_code == 429
    assert response.json()["error"] == "throttled"
    assert response["Retry-After"] == "45"  # the window ends at 6060
    clock.now = 6060.0
    assert client.get(ME).status_code == 200


def test_each_user_has_its_own_count(alice, bob, clock):
    for _ in range(3):
        client_for(alice).get(ME)
    assert client_for(alice).get(ME).status_code == 429
    assert client_for(bob).get(ME).status_code == 200


def test_the_count_is_one_number_whatever_the_rate(alice, clock):
    """DRF's own throttle keeps a list with every request's time; this keeps an integer."""
    from django.core.cache import cache

    client = client_for(alice)
    client.get(ME)
    client.get(ME)
    assert cache.get(f"throttle_user_{alice.pk}:100") == 2  # window 6000 // 60


@pytest.fixture
def redis_cache(settings):
    try:
        redis.Redis.from_url(REDIS_TEST_URL).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise  # CI starts Redis: a missing server is a failure there, not a skip
        pytest.skip(f"no Redis at {REDIS_TEST_URL}")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_TEST_URL,
        }
    }
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_workers_share_the_count_through_redis(alice, clock, redis_cache):
    client = client_for(alice)
    assert [client.get(ME).status_code for _ in range(2)] == [200, 200]
    # Another gunicorn worker has its own cache client, talking to the same Redis.
    other_worker = caches.create_connection("default")
    key = f"throttle_user_{alice.pk}:100"
    assert other_worker.get(key) == 2
    assert other_worker.incr(key) == 3  # that worker's request
    assert client.get(ME).status_code == 429
