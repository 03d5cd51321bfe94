"""The front page: a newsroom's blocks, each left out when it has nothing to show."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Post
from tests.factories import make_contact, make_image, make_newsroom, make_post

pytestmark = pytest.mark.django_db


def front(client, prefix=""):
    return client.get(f"{prefix}/").content.decode()


def lead_story_title(html):
    match = re.search(r'<h2 id="lead-story-heading"[^>]*><a href="[^"]*">([^<]*)</a>', html)
    return match.group(1) if match else None


def test_newest_press_release_is_the_lead_story(client):
    make_post(
        kind=Post.Kind.PRESS_RELEASE,
        title="Older release",
        publish_at=timezone.now() - timedelta(days=2),
    )
    make_post(kind=Post.Kind.PRESS_RELEASE, title="Newest release")
    assert lead_story_title(front(client)) == "Newest release"


def test_pinned_press_release_is_the_lead_story(client):
    make_post(
        kind=Post.Kind.PRESS_RELEASE,
        title="Pinned release",
        is_pinned=True,
        publish_at=timezone.now() - timedelta(days=5),
    )
    make_post(kind=Post.Kind.PRESS_RELEASE, title="Newest release")
    assert lead_story_title(front(client)) == "Pinned release"


def test_lead_story_shows_its_picture(client):
    make_post(
        kind=Post.Kind.PRESS_RELEASE, feature_image=make_image(alt_text="Wind turbines at dusk")
    )
    html = front(client)
    assert re.search(r'class="lead-story__image"><picture>.*alt="Wind turbines at dusk"', html)


def test_lead_story_is_not_repeated_among_the_cards(client):
    make_post(kind=Post.Kind.PRESS_RELEASE, title="The only release")
    assert front(client).count("The only release") == 1


def test_card_teaser_is_the_body_first_sentence_without_a_lead(client):
    make_post(kind=Post.Kind.PRESS_RELEASE, title="Lead story")
    make_post(kind=Post.Kind.NEWS, lead="", body="First sentence here. Second sentence there.")
    html = front(client)
    assert "First sentence here." in html
    assert "Second sentence there." not in html


def test_upcoming_events_are_shown_and_past_ones_left_out(client):
    now = timezone.now()
    make_post(
        kind=Post.Kind.EVENT,
        title="Open house",
        event_start=now + timedelta(days=10),
        event_location="Luleå",
    )
    make_post(kind=Post.Kind.EVENT, title="Last year's fair", event_start=now - timedelta(days=100))
    html = front(client)
    assert 'id="events-heading"' in html
    assert "Open house" in html
    assert "Last year&#x27;s fair" not in html


def test_press_images_strip_links_to_the_image_bank(client):
    image = make_image(is_public=True, title="Battery park")
    html = front(client)
    assert 'id="images-heading"' in html
    assert f'href="{image.get_absolute_url()}"' in html
    assert 'href="/images/"' in html


def test_boilerplate_is_shown_in_the_page_language(client):
    make_newsroom(texts={"sv": ("", "Om oss på svenska."), "en": ("", "About us in English.")})
    assert "Om oss på svenska." in front(client)
    assert "About us in English." in front(client, "/en")


def test_press_contacts_are_shown(client):
    make_contact("Ingrid Holmqvist")
    assert 'id="contacts-heading"' in front(client)


def test_empty_blocks_are_left_out(client):
    html = front(client)
    for block in (
        "lead-story-heading",
        "latest-heading",
        "events-heading",
        "images-heading",
        "about-heading",
        "contacts-heading",
    ):
        assert f'id="{block}"' not in html, block
    assert 'id="follow-heading"' in html


def test_language_front_page_prefers_its_own_version_of_a_story(client):
    swedish = make_post(kind=Post.Kind.NEWS, title="Svensk nyhet", language="sv")
    make_post(kind=Post.Kind.NEWS, title="English news", language="en", translation_of=swedish)
    html = front(client, "/en")
    assert "English news" in html
    assert "Svensk nyhet" not in html


def test_post_without_a_version_in_the_language_follows_labelled(client):
    make_post(kind=Post.Kind.PRESS_RELEASE, title="Lead")
    make_post(kind=Post.Kind.NEWS, title="Only in Swedish", language="sv")
    html = front(client, "/en")
    assert '<h3 class="card__title" lang="sv"><a href="/en/posts/' in html
    assert '<span class="language-label">Swedish</span>' in html


def test_list_pages_show_one_version_of_a_story_per_language(client):
    swedish = make_post(kind=Post.Kind.NEWS, title="Svensk nyhet", language="sv")
    make_post(kind=Post.Kind.NEWS, title="English news", language="en", translation_of=swedish)
    swedish_list = client.get("/posts/").content.decode()
    english_list = client.get("/en/posts/").content.decode()
    assert "Svensk nyhet" in swedish_list and "English news" not in swedish_list
    assert "English news" in english_list and "Svensk nyhet" not in english_list
