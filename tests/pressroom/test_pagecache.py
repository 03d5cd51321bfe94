"""The full-page cache for anonymous readers, and HTTP validators."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from blog.models import Post
from pressroom import pagecache
from pressroom.pagecache import VERSION_KEY, LocalPages
from tests.factories import make_post, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PRESSROOM_PAGE_CACHE = True


@pytest.fixture
def clock(time_machine):
    """A clock that stands still until the test moves it."""
    time_machine.move_to(timezone.now(), tick=False)
    return time_machine


def s_maxage(response):
    return int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])


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
    assert client.get("/")["X-Page-Cache"] == "hit"
    draft_post.status = Post.Status.PUBLISHED
    draft_post.save()
    assert draft_post.title in client.get("/").text


def test_editing_a_post_clears_cached_pages(client, published_post):
    client.get(published_post.get_absolute_url())
    assert client.get(published_post.get_absolute_url())["X-Page-Cache"] == "hit"
    published_post.title = "A better title"
    published_post.save()
    assert "A better title" in client.get(published_post.get_absolute_url()).text


def test_adding_a_tag_clears_cached_pages(client, published_post):
    client.get(published_post.get_absolute_url())
    assert client.get(published_post.get_absolute_url())["X-Page-Cache"] == "hit"
    published_post.tags.add("brand-new-tag")
    assert "brand-new-tag" in client.get(published_post.get_absolute_url()).text


def test_cached_page_lives_no_longer_than_the_next_scheduled_post_is_away(client, clock):
    make_post(title="Due soon", publish_at=timezone.now() + timedelta(seconds=30))
    assert s_maxage(client.get("/")) == 30


def test_scheduled_post_appears_on_time_without_any_save(client, clock):
    post = make_post(title="Due in a moment", publish_at=timezone.now() + timedelta(seconds=90))
    assert post.title not in client.get("/").text
    clock.shift(89)
    assert client.get("/")["X-Page-Cache"] == "hit"
    clock.shift(1)
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert post.title in response.text


def test_the_page_cache_asks_registered_schedules_when_content_is_due(client, clock):
    due = timezone.now() + timedelta(seconds=45)
    pagecache.register_schedule(lambda: due)
    try:
        assert s_maxage(client.get("/")) == 45
    finally:
        pagecache._schedules.pop()


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
    assert client.get(published_post.get_absolute_url())["X-Page-Cache"] == "hit"
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
    assert client.get("/")["X-Page-Cache"] == "hit"
    AuditEntry.objects.create(
        action=AuditEntry.Action.PUBLISHED, object_id=str(published_post.pk), object_repr="x"
    )
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_after_a_scheduled_post_is_out_pages_live_until_the_next_one(client, clock):
    make_post(title="Out now", publish_at=timezone.now() + timedelta(seconds=10))
    make_post(title="Later", publish_at=timezone.now() + timedelta(seconds=300))
    assert s_maxage(client.get("/")) == 10
    clock.shift(10)
    response = client.get("/")
    assert "Out now" in response.text
    assert s_maxage(response) == 290


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
    cache.set(VERSION_KEY, cache.get(VERSION_KEY) + 1, timeout=None)


def test_a_change_made_by_another_process_shows_within_the_sync_time(
    client, clock, settings, published_post
):
    url = published_post.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    change_title_in_another_process(published_post, "Ändrad i en annan process")
    clock.shift(settings.PRESSROOM_PAGE_CACHE_SYNC_SECONDS + 0.01)
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


def test_unknown_query_parameters_share_the_cached_page(client, published_post):
    client.get("/?utm_source=newsletter-1")
    assert client.get("/?utm_source=newsletter-2&fbclid=x")["X-Page-Cache"] == "hit"


def test_unknown_query_parameters_are_not_copied_into_the_page(client, published_post):
    assert "utm_source" not in client.get("/en/?utm_source=newsletter").text


def test_each_search_is_cached_as_its_own_page(client):
    make_post(title="Solpaneler på taket")
    client.get("/search/?q=solpaneler")
    other = client.get("/search/?q=vindkraft&utm_source=x")
    assert "X-Page-Cache" not in other
    assert "Solpaneler på taket" not in other.text
    assert client.get("/search/?utm_medium=y&q=solpaneler")["X-Page-Cache"] == "hit"


def test_a_list_page_number_is_part_of_the_key(client, settings):
    for number in range(settings.PRESSROOM_PAGE_SIZE + 1):
        make_post(title=f"Listed post {number}")
    client.get("/posts/")
    second = client.get("/posts/?page=2")
    assert "X-Page-Cache" not in second
    assert "Listed post 0" in second.text


def test_a_cached_page_is_served_without_the_database(
    client, published_post, django_assert_num_queries
):
    client.get(published_post.get_absolute_url())
    with django_assert_num_queries(0):
        hit = client.get(published_post.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit"
