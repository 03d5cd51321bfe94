"""
The shared cache (Redis in production), failing open.

A cache only makes things faster: when Redis is down or hung, readers still get their
pages, made afresh, and editors' saves still go through. Each call here answers its
``default`` instead of raising when the cache server fails. After a failure this
process leaves the cache alone for PRESSROOM_CACHE_RETRY_SECONDS, so a hung server
costs one short socket timeout per interval instead of one per request, and the
failure is logged once per interval, not once per request.

When the cache answers again, the functions registered with ``on_recovery`` run before
anything is read from it: a change saved while the cache was away could not mark the
pages made before it as stale, so the page cache starts a new content version there.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a cache server that is down, hung or refusing writes raises.
CACHE_ERRORS = (RedisError, OSError)
PROBE_KEY = "pressroom:probe"

_lock = threading.Lock()
_recovery_hooks = []


class _Outage:
    """This process's view of the cache: when it failed, when to try again, what it said."""

    def __init__(self):
        self.since = None  # time.time() of the first failure, None while all is well
        self.retry_at = 0.0
        self.logged_at = None
        self.error = ""


_outage = _Outage()


def on_recovery(hook):
    """Run ``hook()`` (which may raise a cache error) each time the cache comes back."""
    if hook not in _recovery_hooks:
        _recovery_hooks.append(hook)
    return hook


def reset():
    """Forget any outage this process saw (tests call it when they change CACHES)."""
    global _outage
    _outage = _Outage()


def _failed(error):
    now = time.time()
    interval = settings.PRESSROOM_CACHE_RETRY_SECONDS
    if _outage.since is None:
        _outage.since = now
    _outage.retry_at = now + interval
    _outage.error = f"{type(error).__name__}: {error}"
    if _outage.logged_at is None or now - _outage.logged_at >= interval:
        _outage.logged_at = now
        logger.error(
            "The cache is unavailable (%s); pages are served uncached and saves go on. "
            "Trying again in %s s.",
            _outage.error,
            interval,
        )


def is_usable():
    """
    Whether to use the cache now: yes while it works; after a failure, no until the
    retry time, and then yes once the recovery hooks have run against it.
    """
    if _outage.since is None:
        return True
    if time.time() < _outage.retry_at:
        return False
    with _lock:
        if _outage.since is None:  # another thread brought it back meanwhile
            return True
        try:
            cache.get(PROBE_KEY)
            for hook in _recovery_hooks:
                hook()
        except CACHE_ERRORS as error:
            _failed(error)
            return False
        logger.warning("The cache answers again after %.1f s.", time.time() - _outage.since)
        reset()
    return True


def call(method, *args, default=None, **kwargs):
    """``cache.<method>(*args, **kwargs)``, or ``default`` when the cache fails."""
    if not is_usable():
        return default
    try:
        return getattr(cache, method)(*args, **kwargs)
    except CACHE_ERRORS as error:
        _failed(error)
        return default


def get(key, default=None):
    return call("get", key, default=default)


def get_many(keys):
    return call("get_many", keys, default={})


def set(key, value, timeout):
    """Store ``value``; whether the cache took it."""
    failed = object()
    return call("set", key, value, timeout, default=failed) is not failed


def problem():
    """None when the cache answers a write and a read now, else what is wrong (for /healthz)."""
    if is_usable():
        try:
            cache.set(PROBE_KEY, "ok", timeout=10)
            if cache.get(PROBE_KEY) == "ok":
                return None
            return "the cache does not keep what it is given"
        except CACHE_ERRORS as error:
            _failed(error)
    return _outage.error
