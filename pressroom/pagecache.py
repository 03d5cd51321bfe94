"""
A full-page cache for anonymous readers.

Pages are kept in the default cache together with the content version they
were made from. Any change to content bumps the version (see
``bump_content_version``), so a publish shows at once; a cached page also
expires when the next scheduled post is due, so scheduled posts appear on
time without a cron job. Requests that carry a session cookie (editors) are
never served from or written to the cache.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

VERSION_KEY = "pressroom:content-version"
PAGE_KEY_PREFIX = "pressroom:page:"
# Headers a cached page keeps; everything else is the request's own business.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Robots-Tag", "X-Frame-Options")


def bump_content_version():
    """Mark every cached page as stale. Called whenever content changes."""
    version = time.time_ns()
    cache.set(VERSION_KEY, version, timeout=None)
    return version


def current_content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = bump_content_version()
    return version


def next_scheduled_publish_time(version):
    """
    When the next scheduled post is due (a Unix time), or None. Kept in the cache per
    content version: only a change to content can change the answer.
    """
    from blog.models import Post

    key = f"pressroom:next-due:{version}"
    due = cache.get(key)
    # Once the remembered post is out, the next one in line is the one to wait for.
    if due is None or 0 < due <= time.time():
        next_due = (
            Post.objects.scheduled()
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        due = next_due.timestamp() if next_due else 0
        cache.set(key, due, timeout=settings.PRESSROOM_PAGE_CACHE_SECONDS)
    return due or None


def seconds_until_next_scheduled_post(version, limit: int) -> int:
    """How long a page may live before a scheduled post must appear, at most ``limit``."""
    due = next_scheduled_publish_time(version)
    if due is None:
        return limit
    return max(1, min(limit, int(due - time.time())))


def is_cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith("/" + settings.PRESSROOM_ADMIN_PATH)
        and not request.path.startswith(tuple(settings.PRESSROOM_PAGE_CACHE_EXEMPT))
    )


def is_cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )


class PageCacheMiddleware:
    """Serve anonymous GET requests from the cache; store what they got."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        use_cache = settings.PRESSROOM_PAGE_CACHE
        if use_cache:
            key = PAGE_KEY_PREFIX + hashlib.sha256(request.get_full_path().encode()).hexdigest()
            found = cache.get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY) or bump_content_version()
            entry = found.get(key)
            if entry and entry["version"] == version and entry["expires"] > time.time():
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
                self.store(key, version, lifetime, response)
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
    def store(key, version, lifetime, response):
        entry = {
            "version": version,
            "expires": time.time() + lifetime,
            "content": response.content,
            "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
            "etag": response["ETag"],
            "last_modified": response["Last-Modified"],
            "cache_control": response["Cache-Control"],
        }
        cache.set(key, entry, timeout=lifetime)

    @staticmethod
    def replay(request, entry):
        """Rebuild a cached response; ConditionalGetMiddleware turns it into a 304 if it can."""
        remaining = max(1, int(entry["expires"] - time.time()))
        response = HttpResponse(entry["content"])
        for name, value in entry["headers"].items():
            response[name] = value
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = entry["last_modified"]
        response["Cache-Control"] = entry["cache_control"]
        patch_cache_control(
            response,
            max_age=min(remaining, settings.PRESSROOM_BROWSER_CACHE_SECONDS),
            s_maxage=remaining,
        )
        response["X-Page-Cache"] = "hit"
        return response


def content_changed(sender, **kwargs):
    """Signal receiver: any saved or deleted content makes cached pages stale."""
    meta = sender._meta
    if (
        meta.app_label in settings.PRESSROOM_CONTENT_APPS
        and meta.label_lower not in settings.PRESSROOM_NOT_CONTENT_MODELS
    ):
        bump_content_version()
