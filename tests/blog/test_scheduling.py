"""Draft, scheduled, published: an embargoed post appears nowhere public before its time."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from tests.factories import make_category, make_draft, make_post, make_topic, relate
from tests.htmlform import admin_change_data

pytestmark = pytest.mark.django_db

LANGUAGE_PREFIXES = ["", "/en"]


def in_two_days():
    return timezone.now() + timedelta(days=2)


@pytest.fixture
def topic():
    return make_topic("Data, Telekom, IT")


@pytest.fixture
def category():
    return make_category("sales")


@pytest.fixture
def live(topic, category):
    return make_post(
        title="Live material",
        # Minutes apart from the embargoed post, so both sit in the same year's archive.
        publish_at=timezone.now() - timedelta(minutes=1),
        topics=[topic],
        categories=[category],
        tags=["sälj"],
    )


@pytest.fixture
def embargoed(topic, category):
    return make_post(
        title="Embargoed material",
        publish_at=timezone.now() + timedelta(minutes=10),
        topics=[topic],
        categories=[category],
        tags=["sälj"],
    )


def test_post_without_published_status_is_a_draft():
    assert make_draft(publish_at=timezone.now() - timedelta(days=1)).state == Post.State.DRAFT


def test_published_post_with_a_future_time_is_scheduled():
    assert make_post(publish_at=in_two_days()).state == Post.State.SCHEDULED


def test_published_post_whose_time_has_come_is_published():
    assert make_post().state == Post.State.PUBLISHED


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
@pytest.mark.parametrize(
    "page",
    [
        lambda p: "/",
        lambda p: "/posts/",
        lambda p: "/kinds/news/",
        lambda p: p.topics.get().get_absolute_url(),
        lambda p: p.categories.get().get_absolute_url(),
        lambda p: reverse("blog:tag", args=[p.tags.get().slug]),
        lambda p: reverse("blog:archive-year", args=[timezone.localtime(p.publish_at).year]),
    ],
    ids=["front", "all", "kind", "topic", "category", "tag", "archive"],
)
def test_scheduled_post_is_missing_from_every_list(client, prefix, page, live, embargoed):
    path = page(embargoed)
    if prefix:
        path = prefix + path

    html = client.get(path).content.decode()

    assert live.title in html
    assert embargoed.title not in html


def test_scheduled_post_page_is_not_found(client, embargoed):
    assert client.get(embargoed.get_absolute_url()).status_code == 404


def test_scheduled_post_is_not_automatic_related_content(client, live, embargoed):
    html = client.get(live.get_absolute_url()).content.decode()
    assert embargoed.title not in html


def test_scheduled_post_is_not_chosen_related_content(client, live, embargoed):
    relate(live, embargoed)
    assert embargoed.title not in client.get(live.get_absolute_url()).content.decode()


def test_scheduled_post_is_missing_from_related_content_lists(live, embargoed):
    assert embargoed not in live.related_content()


def test_front_page_leaves_out_topics_with_only_scheduled_posts(client, live):
    waiting = make_topic("Waiting topic")
    make_post(title="Later", publish_at=in_two_days(), topics=[waiting])

    html = client.get("/").content.decode()

    assert live.topics.get().name in html
    assert "Waiting topic" not in html


def test_scheduled_post_is_missing_from_the_sitemap(client, live, embargoed):
    xml = client.get("/sitemap.xml").content.decode()

    assert live.get_absolute_url() in xml
    assert embargoed.get_absolute_url() not in xml


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves on: timezone.now() answers the time it shows."""

    class Clock:
        def __init__(self):
            self.time = timezone.now()

        def advance(self, **delta):
            self.time += timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.time)
    return clock


def test_scheduled_post_appears_at_its_time_without_any_job(client, clock):
    post = make_post(title="Soon", publish_at=timezone.now() + timedelta(minutes=10))
    assert client.get(post.get_absolute_url()).status_code == 404

    clock.advance(minutes=10)

    assert client.get(post.get_absolute_url()).status_code == 200
    assert "Soon" in client.get("/posts/").content.decode()


# The admin: times are shown and entered in the newsroom's time zone, which is named.


def test_publish_time_help_names_the_newsrooms_time_zone(admin_client):
    html = admin_client.get(reverse("admin:blog_post_add")).content.decode()
    assert "Europe/Stockholm (CET/CEST)" in html


def test_publish_time_is_entered_in_the_newsrooms_time_zone(admin_client):
    post = make_draft(title="Winter news")
    url = reverse("admin:blog_post_change", args=[post.pk])
    data = admin_change_data(admin_client, url, publish_at_0="2027-01-15", publish_at_1="10:00:00")

    admin_client.post(url, data)

    post.refresh_from_db()
    # Stockholm is one hour ahead of UTC in winter.
    assert post.publish_at == datetime(2027, 1, 15, 9, 0, tzinfo=UTC)


def test_changelist_shows_publish_times_with_the_zone(admin_client):
    make_post(publish_at=datetime(2027, 7, 1, 8, 30, tzinfo=UTC))

    html = admin_client.get(reverse("admin:blog_post_changelist")).content.decode()

    assert "10:30 CEST" in html


@pytest.mark.parametrize(
    ("state", "title"),
    [
        (Post.State.DRAFT, "A draft"),
        (Post.State.SCHEDULED, "A scheduled post"),
        (Post.State.PUBLISHED, "A live post"),
    ],
)
def test_changelist_filters_by_state(admin_client, state, title):
    make_draft(title="A draft")
    make_post(title="A scheduled post", publish_at=in_two_days())
    make_post(title="A live post")

    response = admin_client.get(reverse("admin:blog_post_changelist"), {"state": state})

    assert [post.title for post in response.context["cl"].result_list] == [title]
