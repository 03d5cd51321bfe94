"""With Redis killed or hung the site stays up: pages uncached, saves kept, nothing stale after."""

import logging
import urllib.request

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from pressroom import shared_cache
from pressroom.settings.base import redis_cache
from tests.htmlform import admin_change_data
from tests.redis_servers import RedisServer, SilentServer

pytestmark = pytest.mark.django_db

RETRY_SECONDS = 5


@pytest.fixture
def clock(time_machine):
    """A clock that stands still until the test moves it."""
    time_machine.move_to(timezone.now(), tick=False)
    return time_machine


def use_cache_at(url):
    """The site with its page cache on Django's Redis backend at ``url``."""
    return override_settings(
        CACHES={"default": redis_cache(url)},
        PRESSROOM_PAGE_CACHE=True,
        PRESSROOM_CACHE_RETRY_SECONDS=RETRY_SECONDS,
    )


@pytest.fixture
def redis(tmp_path):
    """A Redis of the test's own, used as the site's cache; the test may kill or hang it."""
    server = RedisServer(tmp_path)
    with use_cache_at(server.url):
        shared_cache.reset()
        yield server
        shared_cache.reset()
    server.resume()
    server.kill()


@pytest.fixture
def silent_redis():
    """A 'Redis' that takes connections and never answers."""
    server = SilentServer()
    with use_cache_at(server.url):
        shared_cache.reset()
        yield server
        shared_cache.reset()
    server.stop()


def fetch(live_server, path):
    """What a reader's browser gets from the running server (it gives up after 30 s)."""
    with urllib.request.urlopen(live_server.url + path, timeout=30) as response:  # noqa: S310
        return response.status, response.headers, response.read().decode()


def test_pages_are_served_while_redis_is_down(client, redis, published_post):
    url = published_post.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    redis.kill()
    response = client.get(url)
    assert response.status_code == 200
    assert published_post.title in response.text


def test_an_editor_saves_while_redis_is_down(admin_client, redis, published_post):
    change_url = reverse("admin:blog_post_change", args=[published_post.pk])
    data = admin_change_data(admin_client, change_url, title="Saved without a cache")
    redis.kill()
    response = admin_client.post(change_url, data)
    assert response.status_code == 302
    published_post.refresh_from_db()
    assert published_post.title == "Saved without a cache"


def test_pages_are_served_while_redis_hangs(live_server, redis, published_post):
    path = published_post.get_absolute_url()
    fetch(live_server, path)
    redis.hang()
    status, _headers, body = fetch(live_server, path)
    assert status == 200
    assert published_post.title in body


def test_a_hung_redis_is_asked_once_per_retry_interval(
    live_server, silent_redis, clock, published_post
):
    path = published_post.get_absolute_url()
    for _ in range(3):
        assert fetch(live_server, path)[0] == 200
    assert silent_redis.connections == 1
    clock.shift(RETRY_SECONDS)
    assert fetch(live_server, path)[0] == 200
    assert silent_redis.connections == 2


def test_a_change_saved_while_redis_hung_is_not_served_stale_when_it_returns(
    live_server, redis, clock, published_post
):
    path = published_post.get_absolute_url()
    fetch(live_server, path)
    assert fetch(live_server, path)[1]["X-Page-Cache"] == "hit"
    redis.hang()
    published_post.title = "Changed during the outage"
    published_post.save()
    assert "Changed during the outage" in fetch(live_server, path)[2]
    redis.resume()
    clock.shift(RETRY_SECONDS)
    _status, headers, body = fetch(live_server, path)
    assert "X-Page-Cache" not in headers
    assert "Changed during the outage" in body


def test_pages_are_cached_again_once_redis_returns(live_server, redis, clock, published_post):
    path = published_post.get_absolute_url()
    redis.hang()
    fetch(live_server, path)
    redis.resume()
    clock.shift(RETRY_SECONDS)
    fetch(live_server, path)
    assert fetch(live_server, path)[1]["X-Page-Cache"] == "hit"


def test_an_outage_is_logged_once_per_interval(client, redis, clock, published_post, caplog):
    redis.kill()
    with caplog.at_level(logging.ERROR, logger="pressroom.shared_cache"):
        for _ in range(3):
            client.get(published_post.get_absolute_url())
        assert len(caplog.records) == 1
        clock.shift(RETRY_SECONDS)
        client.get(published_post.get_absolute_url())
    assert len(caplog.records) == 2


def test_healthz_reports_a_cache_that_is_down_as_degraded(client, redis):
    redis.kill()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok\ncache: degraded\n"


def test_healthz_with_a_working_cache_says_ok(client, redis):
    response = client.get("/healthz")
    assert response.text == "ok\n"
    assert cache.get(shared_cache.PROBE_KEY) == "ok"


def test_content_saved_while_redis_is_down_is_kept(redis):
    redis.kill()
    post = Post.objects.create(
        title="Written in an outage", publish_at=timezone.now(), status=Post.Status.PUBLISHED
    )
    post.tags.add("outage")
    assert Post.objects.get(pk=post.pk).tags.get().name == "outage"
