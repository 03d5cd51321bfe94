"""
A full-page cache for anonymous readers, kept in Django's default cache (Redis in
production: ``django.core.cache.backends.redis.RedisCache``).

Two rules keep it correct:

- **Version keys.** Each page is stored with the content version it was made from, and
  read together with the current version in one round trip. Any change to content sets
  a new version (``bump_content_version``), so a publish shows at once in the process
  that made it, and in every other within PRESSROOM_PAGE_CACHE_SYNC_SECONDS (below).
- **Expiry at the next scheduled post.** A page lives no longer than until the next
  piece of scheduled content is due, so scheduled posts appear on time without a cron
  job. The page cache knows nothing of posts: an app that schedules content tells it
  when the next piece is due with ``register_schedule`` (``blog`` does, in its
  ``AppConfig.ready()``).

One layer sits on top, because the page benchmark (bench/pages.py) shows that it earns
its place: each web process keeps the pages it served lately (``LocalPages``, within
PRESSROOM_PAGE_CACHE_LOCAL_BYTES) and trusts the content version it last read for
PRESSROOM_PAGE_CACHE_SYNC_SECONDS (0.1 s), so most hits cost no round trip to Redis at
all. That is also the only window in which a process may serve a page older than a
change made in another process; with PRESSROOM_PAGE_CACHE_SYNC_SECONDS=0 there is none,
and every request reads the version from Redis.

The cache fails open (see ``pressroom.shared_cache``): with Redis down or hung, pages
are made afresh and content is saved as usual; when Redis answers again, a new content
version is set before anything is read from it, so a page made before a change saved
during the outage is never served after it.

Requests that carry a session cookie (editors) are never served from or written to the
cache. The middleware comes first in MIDDLEWARE: a cached page is answered before
anything else runs, with the headers every other middleware gave it when it was made
(security headers included). Pages are kept per scheme and host, so a page made for
https is never replayed to http, nor a page made for one host to another.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date

from . import cdn, shared_cache

VERSION_KEY = "pressroom:content-version"
# The entry format is part of the key, so pages kept by an older release are never read.
PAGE_KEY_PREFIX = "pressroom:page:3:"
NEXT_DUE_KEY = "pressroom:next-due:{version}"

# Functions that answer when the next piece of scheduled content is due (an aware
# datetime), or None; see register_schedule().
_schedules = []


def register_schedule(next_due):
    """
    Keep cached pages no longer than until ``next_due()`` says new content is due.

    ``next_due`` takes no arguments and returns an aware datetime or None. It runs at
    most once per content version (and again once its answer has passed), so it may
    query the database.
    """
    if next_due not in _schedules:
        _schedules.append(next_due)
    return next_due


class LocalPages:
    """
    The pages this process served lately, newest kept, within a byte budget. A page
    found here costs no round trip to the shared cache; the content version decides
    whether it may still be served.
    """

    def __init__(self):
        self.entries = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        budget = settings.PRESSROOM_PAGE_CACHE_LOCAL_BYTES
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old["content"])
            if len(entry["content"]) > budget:
                return
            self.entries[key] = entry
            self.size += len(entry["content"])
            while self.size > budget:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped["content"])

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


local_pages = LocalPages()
# The content version as this process last read or made it, and when (time.time()).
_known_version = (None, 0.0)
# The last content version this process made.
_last_made = 0


def remember_version(version):
    global _known_version
    _known_version = (version, time.time())
    return version


def forget_local_state():
    """Drop this process's pages and the version it read (tests call it with cache.clear())."""
    remember_version(None)
    local_pages.clear()


def recent_version():
    """
    The content version this process read or made within the last
    PRESSROOM_PAGE_CACHE_SYNC_SECONDS, or None when it must ask the shared cache.
    """
    version, read_at = _known_version
    if version is not None and time.time() - read_at < settings.PRESSROOM_PAGE_CACHE_SYNC_SECONDS:
        return version
    return None


def next_version():
    """
    A new content version: the time in nanoseconds (it also dates pages for
    Last-Modified), moved past the last version this process made or read when the clock
    has not moved on, so a change can never reuse the version of the pages before it.
    """
    global _last_made
    _last_made = max(time.time_ns(), _last_made + 1, (_known_version[0] or 0) + 1)
    return _last_made


def bump_content_version():
    """Mark every cached page as stale. Called whenever content changes."""
    version = next_version()
    shared_cache.set(VERSION_KEY, version, timeout=None)
    return remember_version(version)


@shared_cache.on_recovery
def start_new_version():
    """
    A new content version, written straight to the cache (raising if it fails): when the
    cache comes back, changes saved while it was away may not have reached it.
    """
    cache.set(VERSION_KEY, next_version(), timeout=None)
    forget_local_state()


def current_content_version():
    """The version of the content pages are made from now."""
    version = recent_version() or shared_cache.get(VERSION_KEY)
    return remember_version(version) if version else bump_content_version()


def next_scheduled_time(version):
    """
    When the next scheduled content is due (a Unix time), or None. Kept in the cache
    per content version: only a change to content can change the answer, until the
    time it names has passed.
    """
    key = NEXT_DUE_KEY.format(version=version)
    due = shared_cache.get(key)
    if due is None or 0 < due <= time.time():
        times = [when for when in (next_due() for next_due in _schedules) if when is not None]
        due = min(times).timestamp() if times else 0
        shared_cache.set(key, due, timeout=settings.PRESSROOM_PAGE_CACHE_SECONDS)
    return due or None


def page_lifetime(version, limit: int) -> int:
    """How long a page may live before scheduled content must appear, at most ``limit``."""
    due = next_scheduled_time(version)
    if due is None:
        return limit
    return max(1, min(limit, int(due - time.time())))


def uncached_path_prefixes():
    """Paths that never touch the page cache: the admin, static and media files, and more."""
    prefixes = ["/" + settings.PRESSROOM_ADMIN_PATH, *settings.PRESSROOM_PAGE_CACHE_EXEMPT]
    prefixes += [url for url in (settings.STATIC_URL, settings.MEDIA_URL) if url.startswith("/")]
    return tuple(prefixes)


def is_cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(uncached_path_prefixes())
    )


def is_cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )


def is_servable(entry, version):
    """Whether a kept page was made from this content version and has not expired."""
    return entry is not None and entry["version"] == version and entry["expires"] > time.time()


def drop_unread_parameters(request):
    """
    Keep only the query parameters pages read (PRESSROOM_PAGE_QUERY_PARAMETERS). Links
    with tracking parameters (``?utm_source=…``) then share one cached page instead of
    filling the cache with copies that always miss, and the page is made exactly as its
    key says, with no unknown parameter copied into its links.
    """
    if not request.META.get("QUERY_STRING"):
        return
    known = settings.PRESSROOM_PAGE_QUERY_PARAMETERS
    kept = [
        (name, value) for name, values in request.GET.lists() if name in known for value in values
    ]
    request.META["QUERY_STRING"] = urlencode(kept)
    request.GET = QueryDict(request.META["QUERY_STRING"])


def page_key(request):
    """The cache key of a page: its scheme, host, path and the query parameters it reads."""
    address = request.build_absolute_uri()
    return PAGE_KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def find_page(key):
    """
    The servable page kept under ``key`` (or None) and the content version. This
    process's own pages come first; the shared cache is asked only for a page that is
    not here, or for the version when this process has not read it lately (both in one
    round trip).
    """
    version = recent_version()
    entry = local_pages.get(key)
    if version is not None and is_servable(entry, version):
        return entry, version
    if version is None:
        found = shared_cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        version = remember_version(version) if version else bump_content_version()
        entry = found.get(key)
    else:
        entry = shared_cache.get(key)
    if not is_servable(entry, version):
        return None, version
    local_pages.put(key, entry)
    return entry, version


class PageCacheMiddleware:
    """Serve anonymous GET requests from the cache; store what they got."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Every request, not only readers': a process that only serves editors must
        # still start a new content version when the cache comes back after an outage.
        shared_cache.is_usable()
        if not is_cacheable_request(request):
            return self.get_response(request)
        drop_unread_parameters(request)
        use_cache = settings.PRESSROOM_PAGE_CACHE
        if use_cache:
            key = page_key(request)
            entry, version = find_page(key)
            if entry is not None:
                return self.replay(request, entry)
        else:
            version = current_content_version()
        response = self.get_response(request)
        if is_cacheable_response(response):
            lifetime = page_lifetime(version, settings.PRESSROOM_PAGE_CACHE_SECONDS)
            self.add_validators(response, version, lifetime)
            if use_cache:
                self.store(key, version, lifetime, response)
            return self.conditional(request, response)
        return response

    @staticmethod
    def add_validators(response, version, lifetime):
        """ETag, Last-Modified and Cache-Control headers that browsers and CDNs can use."""
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        etag = f'"{digest}"'
        response.setdefault("ETag", etag)
        response.setdefault("Last-Modified", http_date(version / 1e9))
        patch_cache_control(
            response,
            public=True,
            max_age=min(lifetime, settings.PRESSROOM_BROWSER_CACHE_SECONDS),
            s_maxage=lifetime,
        )

    @staticmethod
    def conditional(request, response):
        """A 304 instead of ``response`` when the browser's copy is still good."""
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=parse_http_date(response["Last-Modified"]),
            response=response,
        )

    @staticmethod
    def store(key, version, lifetime, response):
        entry = {
            "version": version,
            "expires": time.time() + lifetime,
            "content": response.content,
            "headers": dict(response.headers),
        }
        shared_cache.set(key, entry, timeout=lifetime)
        local_pages.put(key, entry)

    @classmethod
    def replay(cls, request, entry):
        """Rebuild a cached response, or a 304 when the browser's copy is still good."""
        remaining = max(1, int(entry["expires"] - time.time()))
        response = HttpResponse(entry["content"], headers=entry["headers"])
        patch_cache_control(
            response,
            max_age=min(remaining, settings.PRESSROOM_BROWSER_CACHE_SECONDS),
            s_maxage=remaining,
        )
        response["X-Page-Cache"] = "hit"
        return cls.conditional(request, response)


def content_changed(sender, **kwargs):
    """Signal receiver: any saved or deleted content makes cached pages stale."""
    meta = sender._meta
    if (
        meta.app_label in settings.PRESSROOM_CONTENT_APPS
        and meta.label_lower not in settings.PRESSROOM_NOT_CONTENT_MODELS
    ):
        bump_content_version()
        # Again once the change is committed: a page that another process made in
        # between, from the rows as they were before, must not outlive the commit.
        transaction.on_commit(bump_content_version, using=kwargs.get("using"))
        cdn.purge_after_commit(using=kwargs.get("using"))
