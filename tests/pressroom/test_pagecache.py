"""The full-page cache for anonymous readers, and HTTP validators."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from blog.models import Post
from pressroom.pagecache import VERSION_KEY, LocalPages, forget_local_state
from tests.factories import make_post, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PRESSROOM_PAGE_CACHE = True
    cache.clear()
    forget_local_state()
    yield
    cache.clear()
    forget_local_state()


def test_second_anonymous_request_is_served_from_the_cache(client, published_post):
    first = client.get("/")
    second = client.get("/")
    assert "X-Page-Cache" not in first
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_cached_page_keeps_its_content_type_and_language(client, published_post):
    client.get("/en/")
    hit = client.get("/en/")
    assert hit["Content-Type"] == "text/html; charset=utf-8"
    assert hit["Content-Language"] == "en"


def test_publishing_a_post_shows_at_once(client, draft_post):
    assert draft_post.title not in client.get("/").text
    draft_post.status = Post.Status.PUBLISHED
    draft_post.save()
    assert draft_post.title in client.get("/").text


def test_editing_a_post_clears_cached_pages(client, published_post):
    client.get(published_post.get_absolute_url())
    published_post.title = "A better title"
    published_post.save()
    assert "A better title" in client.get(published_post.get_absolute_url()).text


def test_adding_a_tag_clears_cached_pages(client, published_post):
    client.get(published_post.get_absolute_url())
    published_post.tags.add("brand-new-tag")
    assert "brand-new-tag" in client.get(published_post.get_absolute_url()).text


def test_cached_page_lives_no_longer_than_the_next_scheduled_post_is_away(client):
    make_post(title="Due soon", publish_at=timezone.now() + timedelta(seconds=30))
    response = client.get("/")
    max_age = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 1 <= max_age <= 30


def test_scheduled_post_appears_on_time_without_any_save(client):
    post = make_post(title="Due in a moment", publish_at=timezone.now() + timedelta(seconds=1.5))
    assert post.title not in client.get("/").text
    assert client.get("/")["X-Page-Cache"] == "hit"
    time.sleep(max(0, (post.publish_at - timezone.now()).total_seconds()) + 0.2)
    assert post.title in client.get("/").text


def test_editors_with_a_session_are_never_served_cached_pages(client, published_post):
    client.get("/")
    client.force_login(make_user(superuser=True))
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_public_pages_send_cache_control_for_cdns(client, published_post):
    cache_control = client.get(published_post.get_absolute_url())["Cache-Control"]
    assert "public" in cache_control
    assert "s-maxage=" in cache_control
    assert "max-age=" in cache_control


def test_matching_etag_gets_304(client, published_post):
    etag = client.get(published_post.get_absolute_url())["ETag"]
    response = client.get(published_post.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_unchanged_since_last_modified_gets_304(client, published_post):
    last_modified = client.get("/")["Last-Modified"]
    response = client.get("/", headers={"if-modified-since": last_modified})
    assert response.status_code == 304


def test_stale_etag_after_a_change_gets_the_new_page(client, published_post):
    etag = client.get(published_post.get_absolute_url())["ETag"]
    published_post.title = "Changed"
    published_post.save()
    response = client.get(published_post.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Changed" in response.text


def test_validators_are_sent_without_the_page_cache_too(client, settings, published_post):
    settings.PRESSROOM_PAGE_CACHE = False
    response = client.get(published_post.get_absolute_url())
    assert response["ETag"]
    assert response["Last-Modified"]
    assert "X-Page-Cache" not in client.get(published_post.get_absolute_url())


def test_not_found_pages_are_not_cached(client):
    client.get("/posts/nothing-here/")
    assert "X-Page-Cache" not in client.get("/posts/nothing-here/")


def test_bookkeeping_rows_do_not_clear_cached_pages(client, published_post):
    from blog.models import AuditEntry

    client.get("/")
    AuditEntry.objects.create(
        action=AuditEntry.Action.PUBLISHED, object_id=str(published_post.pk), object_repr="x"
    )
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_after_a_scheduled_post_is_out_pages_live_until_the_next_one(client):
    make_post(title="Out now", publish_at=timezone.now() + timedelta(seconds=1))
    make_post(title="Later", publish_at=timezone.now() + timedelta(hours=1))
    client.get("/")
    time.sleep(1.2)
    response = client.get("/")
    assert "Out now" in response.text
    max_age = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert max_age > 60


def test_cached_page_keeps_its_security_headers(client, published_post):
    client.get("/")
    hit = client.get("/")
    assert hit["X-Page-Cache"] == "hit"
    assert hit["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in hit["Content-Security-Policy"]
    assert hit["X-Content-Type-Options"] == "nosniff"


def change_title_in_another_process(post, title):
    """What another web process's save does: new content, and a new version in the shared cache."""
    Post.objects.filter(pk=post.pk).update(title=title)  # update() sends no signal here
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def test_a_change_made_by_another_process_shows_within_the_sync_time(
    client, settings, published_post
):
    settings.PRESSROOM_PAGE_CACHE_SYNC_SECONDS = 0.3
    url = published_post.get_absolute_url()
    client.get(url)
    change_title_in_another_process(published_post, "Ändrad i en annan process")
    time.sleep(0.35)
    assert "Ändrad i en annan process" in client.get(url).text


def test_with_no_sync_time_every_request_checks_the_shared_version(
    client, settings, published_post
):
    settings.PRESSROOM_PAGE_CACHE_SYNC_SECONDS = 0
    url = published_post.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    change_title_in_another_process(published_post, "Genast synlig")
    assert "Genast synlig" in client.get(url).text


def test_pages_are_kept_per_host(client, settings, published_post):
    settings.ALLOWED_HOSTS = ["press.example.com", "news.example.org"]
    url = published_post.get_absolute_url()
    client.get(url, headers={"host": "press.example.com"})
    other = client.get(url, headers={"host": "news.example.org"})
    assert "X-Page-Cache" not in other
    assert 'href="http://news.example.org/posts/' in other.text


def test_static_files_never_touch_the_page_cache(client):
    client.get("/static/css/site.css")
    assert "X-Page-Cache" not in client.get("/static/css/site.css")


def entry(size):
    return {"version": 1, "expires": time.time() + 60, "content": b"x" * size}


def test_a_process_keeps_its_newest_pages_within_the_byte_budget(settings):
    settings.PRESSROOM_PAGE_CACHE_LOCAL_BYTES = 25
    pages = LocalPages()
    pages.put("a", entry(10))
    pages.put("b", entry(10))
    pages.get("a")  # read lately: kept before "b"
    pages.put("c", entry(10))
    assert (pages.get("a"), pages.get("b")) == (pages.entries["a"], None)
    assert pages.get("c") is not None
    assert pages.size == 20


def test_a_page_larger_than_the_budget_is_not_kept_in_the_process(settings):
    settings.PRESSROOM_PAGE_CACHE_LOCAL_BYTES = 25
    pages = LocalPages()
    pages.put("big", entry(26))
    assert pages.get("big") is None
    assert pages.size == 0


def test_a_page_made_before_a_change_is_committed_is_not_served_after_it(
    client, published_post, django_capture_on_commit_callbacks
):
    url = published_post.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        published_post.title = "Ny rubrik"
        published_post.save()
        # Stands for a page another process made before the commit, from the old rows.
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in client.get(url)
