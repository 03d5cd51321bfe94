"""
A full-page cache for anonymous readers.

Pages are kept in the default cache together with the content version they
were made from. Any change to content bumps the version (see
``bump_content_version``), so a publish shows at once; a cached page also
expires when the next scheduled post is due, so scheduled posts appear on
time without a cron job. Requests that carry a session cookie (editors) are
never served from or written to the cache.

The middleware comes first in MIDDLEWARE: a cached page is answered before
anything else runs, with the headers every other middleware gave it when it
was made (security headers included), which makes a hit cheaper than the
smallest Django view. Pages are kept per scheme and host, so a page made for
https is never replayed to http, nor a page made for one host to another.
"""

import hashlib
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date

VERSION_KEY = "pressroom:content-version"
# The entry format is part of the key, so pages kept by an older release are never read.
PAGE_KEY_PREFIX = "pressroom:page:2:"


class LocalPages:
    """
    The pages this process served lately, newest kept, within a byte budget. A page
    found here costs no round trip to the shared cache, which is what makes a hit
    cheap; the content version decides whether it may still be served.
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
# The content version as this process last read or made it, and when (time.monotonic()).
_known_version = (None, 0.0)
# The answer of next_scheduled_publish_time() for the latest version this process saw.
_known_due = (None, None)


def remember_version(version):
    global _known_version
    _known_version = (version, time.monotonic())
    return version


def forget_local_state():
    """Drop this process's pages and version (tests call it with cache.clear())."""
    global _known_due
    remember_version(None)
    _known_due = (None, None)
    local_pages.clear()


def recent_version():
    """
    The content version this process read or made within the last
    PRESSROOM_PAGE_CACHE_SYNC_SECONDS, or None when it must ask the shared cache.
    """
    version, read_at = _known_version
    if (
        version is not None
        and time.monotonic() - read_at < settings.PRESSROOM_PAGE_CACHE_SYNC_SECONDS
    ):
        return version
    return None


def bump_content_version():
    """Mark every cached page as stale. Called whenever content changes."""
    version = time.time_ns()
    cache.set(VERSION_KEY, version, timeout=None)
    return remember_version(version)


def current_content_version():
    version = recent_version() or cache.get(VERSION_KEY)
    if version is None:
        return bump_content_version()
    return remember_version(version)


def next_scheduled_publish_time(version):
    """
    When the next scheduled post is due (a Unix time), or None. Kept per content
    version, in this process and in the shared cache: only a change to content can
    change the answer.
    """
    global _known_due
    from blog.models import Post

    known_version, due = _known_due
    if known_version != version:
        due = cache.get(f"pressroom:next-due:{version}")
    # Once the remembered post is out, the next one in line is the one to wait for.
    if due is None or 0 < due <= time.time():
        next_due = (
            Post.objects.scheduled()
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        due = next_due.timestamp() if next_due else 0
        cache.set(
            f"pressroom:next-due:{version}", due, timeout=settings.PRESSROOM_PAGE_CACHE_SECONDS
        )
    _known_due = (version, due)
    return due or None


def seconds_until_next_scheduled_post(version, limit: int) -> int:
    """How long a page may live before a scheduled post must appear, at most ``limit``."""
    due = next_scheduled_publish_time(version)
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
    return (
        entry is not None
        and version is not None
        and entry["version"] == version
        and entry["expires"] > time.time()
    )


def page_key(request):
    """The cache key of a page: its scheme, host, path and query string."""
    address = request.build_absolute_uri()
    return PAGE_KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def find_page(key):
    """
    The servable page kept under ``key`` (or None) and the content version. This
    process's own pages come first; the shared cache is asked only for a page that is
    not here, or for the version when this process has not read it lately.
    """
    version = recent_version()
    entry = local_pages.get(key)
    if is_servable(entry, version):
        return entry, version
    if version is None:
        found = cache.get_many([VERSION_KEY, key])
        version = remember_version(found.get(VERSION_KEY) or bump_content_version())
        entry = found.get(key)
    else:
        entry = cache.get(key)
    if not is_servable(entry, version):
        return None, version
    local_pages.put(key, entry)
    return entry, version


class PageCacheMiddleware:
    """Serve anonymous GET requests from the cache; store what they got."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
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
            lifetime = seconds_until_next_scheduled_post(
                version, settings.PRESSROOM_PAGE_CACHE_SECONDS
            )
            self.add_validators(response, version, lifetime)
            if use_cache:
                local_pages.put(key, self.store(key, version, lifetime, response))
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
        cache.set(key, entry, timeout=lifetime)
        return entry

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
