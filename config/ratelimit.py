"""A counter per key in a fixed time window, in Django's cache (shared between workers when CACHE_URL is set)."""

import datetime
import hashlib

from django.core.cache import cache


def _key(scope: str, value: str) -> str:
    # Hashed: addresses and e-mail addresses never appear in the cache as they are.
    return f"ratelimit:{scope}:{hashlib.sha256(value.encode()).hexdigest()}"


def count(scope: str, value: str) -> int:
    return cache.get(_key(scope, value), 0)


def hit(scope: str, value: str, window: datetime.timedelta) -> int:
    """Counts one event and returns the count in the window that started with the first one."""
    key = _key(scope, value)
    if cache.add(key, 1, timeout=int(window.total_seconds())):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=int(window.total_seconds()))
        return 1
