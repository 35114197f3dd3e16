"""DRF's rate throttles, counting requests per time window instead of logging each one.

DRF's ``SimpleRateThrottle`` keeps the time of every request in the window as a list in the
cache and reads and writes the whole list on every request: at the default 10,000/hour a busy
newsroom tool's requests each unpickle and pickle up to ten thousand floats. Here each client
has one integer per window, raised with ``cache.incr`` (atomic on Redis, locked in the
per-process memory cache), so a request costs the same whatever the rate.

The windows are fixed (hour 10:00 to 11:00, then 11:00 to 12:00), so a client can fit up to twice
the rate into a stretch that straddles two windows; ``Retry-After`` is the time to the next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework import throttling

if TYPE_CHECKING:  # rest_framework.views reads the throttle setting: no import at run time
    from rest_framework.request import Request
    from rest_framework.views import APIView


class WindowCountThrottle(throttling.SimpleRateThrottle):
    """The rate checked against a counter per client and window."""

    def allow_request(self, request: Request, view: APIView) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends_at = (window + 1) * self.duration
        return self._count(f"{self.key}:{window}") <= self.num_requests

    def _count(self, key: str) -> int:
        """This request's number in its window."""
        try:
            return self.cache.incr(key)
        except ValueError:  # the window's first request, here or in another worker
            if self.cache.add(key, 1, timeout=self.duration):
                return 1
            return self.cache.incr(key)

    def wait(self) -> float:
        return max(self.window_ends_at - self.now, 0.0)


class UserRateThrottle(throttling.UserRateThrottle, WindowCountThrottle):
    """Per user (per address for anonymous requests): the ``user`` rate."""


class ScopedRateThrottle(throttling.ScopedRateThrottle, WindowCountThrottle):
    """Per user or address and the view's ``throttle_scope`` (DRF's picks the scope's rate,
    then the counting check above runs)."""
