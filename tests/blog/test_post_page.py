"""
What a post page shows beside the post (blog.post_page): its lists, as the ORM gives
them, and related content: the editor's choice, then the newest posts sharing a
topic, category or tag.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Post
from blog.post_page import post_lists
from tests.factories import (
    make_category,
    make_draft,
    make_post,
    make_related_link,
    make_topic,
    relate,
)

pytestmark = pytest.mark.django_db


def related_to(post, limit=5):
    return Post.objects.for_detail().get(pk=post.pk).related_content(limit)


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


@pytest.fixture
def carrying_post():
    """A post whose lists come in an order other than the one they were added in."""
    post = make_post(
        topics=[make_topic("Vind"), make_topic("Affärer"), make_topic("Sol")],
        categories=[make_category("sales"), make_category("events")],
        tags=["zeta", "alfa", "mitt"],
    )
    make_related_link(post, title="Tredje", url="https://example.com/3", sort_order=3)
    make_related_link(post, title="Första", url="https://example.com/1", sort_order=1)
    make_related_link(post, title="Andra", url="https://example.com/2", sort_order=2)
    other = make_post(topics=[make_topic("Annat")], tags=["annat"])
    make_related_link(other, title="Annan länk")
    return post


def test_lists_are_what_the_orm_gives_in_the_models_order(carrying_post):
    lists = post_lists(carrying_post)
    assert lists.topics == list(carrying_post.topics.all())
    assert lists.categories == list(carrying_post.categories.all())
    assert lists.tags == list(carrying_post.tags.all())
    assert lists.links == list(carrying_post.related_links.all())


def test_lists_carry_what_the_page_shows(carrying_post):
    lists = post_lists(carrying_post)
    assert [topic.name for topic in lists.topics] == ["Affärer", "Sol", "Vind"]
    assert [link.title for link in lists.links] == ["Första", "Andra", "Tredje"]
    assert lists.links[0].url == "https://example.com/1"
    assert lists.categories[0].get_absolute_url() == "/categories/events/"
    assert (
        lists.topics[0].get_absolute_url()
        == lists.topics[0].__class__.objects.get(name="Affärer").get_absolute_url()
    )


def test_a_post_without_lists_has_empty_ones():
    lists = post_lists(make_post())
    assert (lists.topics, lists.categories, lists.tags, lists.links) == ([], [], [], [])


def test_posts_sharing_a_topic_category_or_tag_come_newest_first():
    topic, category = make_topic(), make_category()
    post = make_post(topics=[topic], categories=[category], tags=["wind"])
    by_tag = make_post(tags=["wind"], publish_at=hours_ago(3))
    by_topic = make_post(topics=[topic], publish_at=hours_ago(2))
    by_category = make_post(categories=[category], publish_at=hours_ago(4))
    assert related_to(post) == [by_topic, by_tag, by_category]


def test_a_post_sharing_several_things_comes_once():
    topic = make_topic()
    post = make_post(topics=[topic], tags=["wind", "solar"])
    other = make_post(topics=[topic], tags=["wind", "solar"])
    assert related_to(post) == [other]


def test_unrelated_posts_and_the_post_itself_never_come():
    post = make_post(tags=["wind"])
    make_post(tags=["solar"])
    assert related_to(post) == []


def test_drafts_and_scheduled_posts_never_come_either_way():
    post = make_post(tags=["wind"])
    draft = make_draft(tags=["wind"])
    scheduled = make_post(tags=["wind"], publish_at=timezone.now() + timedelta(days=1))
    relate(post, draft, sort_order=0)
    relate(post, scheduled, sort_order=1)
    assert related_to(post) == []


def test_the_editors_choice_comes_first_in_the_editors_order():
    post = make_post(tags=["wind"])
    automatic = make_post(tags=["wind"], publish_at=hours_ago(1))
    first = make_post(publish_at=hours_ago(50))
    second = make_post(publish_at=hours_ago(10))
    relate(post, second, sort_order=2)
    relate(post, first, sort_order=1)
    assert related_to(post) == [first, second, automatic]


def test_a_chosen_post_that_also_shares_a_tag_comes_once_in_the_editors_place():
    post = make_post(tags=["wind"])
    newer = make_post(tags=["wind"], publish_at=hours_ago(1))
    chosen = make_post(tags=["wind"], publish_at=hours_ago(5))
    relate(post, chosen)
    assert related_to(post) == [chosen, newer]


def test_the_limit_holds_and_the_editors_choice_fills_it_first():
    post = make_post(tags=["wind"])
    for _ in range(3):
        make_post(tags=["wind"])
    chosen = [make_post() for _ in range(3)]
    for order, other in enumerate(chosen):
        relate(post, other, sort_order=order)
    assert related_to(post, limit=2) == chosen[:2]
    assert len(related_to(post, limit=5)) == 5


def test_a_post_with_no_topics_categories_or_tags_shows_only_the_editors_choice():
    post = make_post()
    make_post()
    chosen = make_post()
    relate(post, chosen)
    assert related_to(post) == [chosen]


def test_related_posts_carry_what_the_page_shows():
    post = make_post(tags=["wind"])
    make_post(tags=["wind"], title="Vindkraft i norr", language="sv", kind=Post.Kind.EVENT)
    (other,) = related_to(post)
    assert (other.title, other.language, other.kind) == ("Vindkraft i norr", "sv", "event")
    assert other.get_absolute_url() == f"/posts/{other.slug}/"
