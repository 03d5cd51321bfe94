"""Public pages make a fixed number of SQL queries, whatever a post carries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    make_category,
    make_contact,
    make_post,
    make_related_link,
    make_topic,
    relate,
)

pytestmark = pytest.mark.django_db


def loaded_post(count, name):
    """A post carrying ``count`` of every kind of thing a post can carry."""
    topics = [make_topic(f"{name} topic {n}") for n in range(count)]
    categories = [make_category(f"{name}-category-{n}") for n in range(count)]
    contacts = [make_contact(f"{name} Contact {n}") for n in range(count)]
    post = make_post(
        title=f"{name} post",
        topics=topics,
        categories=categories,
        contacts=contacts,
        tags=[f"{name}-tag-{n}" for n in range(count)],
    )
    for n in range(count):
        make_related_link(post, title=f"Link {n}", url=f"https://example.com/{n}", sort_order=n)
        relate(post, make_post(title=f"{name} related {n}", topics=topics[:1]), sort_order=n)
    return post


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_post_page_queries_do_not_grow_with_what_the_post_carries(
    client, django_assert_max_num_queries
):
    small = loaded_post(1, "small")
    large = loaded_post(20, "large")
    baseline = queries_for(client, small.get_absolute_url())
    with django_assert_max_num_queries(baseline):
        assert client.get(large.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "url_name,args",
    [
        ("blog:front", []),
        ("blog:post-list", []),
        ("blog:kind", ["news"]),
        ("pressroom:contact-list", []),
    ],
)
def test_list_page_queries_do_not_grow_with_the_number_of_posts(
    client, django_assert_max_num_queries, url_name, args
):
    loaded_post(2, "first")
    baseline = queries_for(client, reverse(url_name, args=args))
    for n in range(5):
        loaded_post(3, f"more{n}")
    with django_assert_max_num_queries(baseline):
        assert client.get(reverse(url_name, args=args)).status_code == 200


def test_tag_topic_and_category_pages_have_fixed_queries(client, django_assert_max_num_queries):
    post = loaded_post(2, "one")
    topic, category, tag = post.topics.first(), post.categories.first(), post.tags.first()
    urls = [
        topic.get_absolute_url(),
        category.get_absolute_url(),
        reverse("blog:tag", args=[tag.slug]),
    ]
    baselines = [queries_for(client, url) for url in urls]
    for n in range(5):
        extra = make_post(
            title=f"extra {n}", topics=[topic], categories=[category], tags=[tag.name]
        )
        make_related_link(extra)
    for url, baseline in zip(urls, baselines, strict=True):
        with django_assert_max_num_queries(baseline):
            client.get(url)


@pytest.mark.parametrize("fmt", ["rss", "json"])
def test_feed_makes_four_queries_whatever_its_posts_carry(
    client, settings, django_assert_num_queries, fmt
):
    # The posts with their stored HTML; their topics, categories and tags by name.
    settings.PRESSROOM_PAGE_CACHE = False  # a cached feed would make no query at all
    for n in range(3):
        loaded_post(3, f"feed{n}")
    assert client.get("/").status_code == 200  # reads what the process keeps
    with django_assert_num_queries(4):
        assert client.get(reverse("blog:feed", args=[fmt])).status_code == 200
