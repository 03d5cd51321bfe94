"""A post linked to its translation: each page links to the other, in the other's language."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.factories import make_draft, make_post
from tests.htmlform import admin_change_data

pytestmark = pytest.mark.django_db


def read_in(language, name):
    """The link text, worded in the translation's own language."""
    with translation.override(language):
        return gettext("Read in %(language)s") % {"language": name}


def translation_links(response):
    html = response.content.decode()
    block = re.search(r'<ul class="translations">(.*?)</ul>', html, re.S)
    if block is None:
        return []
    return re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="(\w+)">([^<]+)</a>', block[1])


@pytest.fixture
def original():
    return make_post(title="Ny kund", slug="ny-kund", language="sv")


@pytest.fixture
def english(original):
    return make_post(
        title="New customer", slug="new-customer", language="en", translation_of=original
    )


def test_original_links_to_its_translation(client, original, english):
    links = translation_links(client.get(original.get_absolute_url()))
    assert links == [("/en/posts/new-customer/", "en", "en", read_in("en", "English"))]


def test_translation_links_back_to_its_original(client, original, english):
    with translation.override("en"):
        url = english.get_absolute_url()

    links = translation_links(client.get(url))

    assert links == [("/posts/ny-kund/", "sv", "sv", read_in("sv", "svenska"))]


def test_draft_translation_is_not_linked(client, original):
    make_draft(title="Draft", slug="draft-en", language="en", translation_of=original)
    assert translation_links(client.get(original.get_absolute_url())) == []


def test_scheduled_translation_is_not_linked(client, original):
    make_post(
        slug="later-en",
        language="en",
        translation_of=original,
        publish_at=timezone.now() + timedelta(days=1),
    )
    assert translation_links(client.get(original.get_absolute_url())) == []


def test_post_without_translations_shows_no_links(client, original):
    assert translation_links(client.get(original.get_absolute_url())) == []


def test_translation_lookup_costs_one_query(original, english, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert original.published_translations() == [english]


# The admin keeps the links meaningful: one original, translations in other languages.


def save_translation_of(client, post, original):
    url = reverse("admin:blog_post_change", args=[post.pk])
    data = admin_change_data(client, url, translation_of=str(original.pk))
    return client.post(url, data)


def test_admin_refuses_a_post_as_its_own_translation(admin_client, original):
    response = save_translation_of(admin_client, original, original)

    assert response.status_code == 200
    assert gettext("A post cannot be a translation of itself.") in response.content.decode()


def test_admin_refuses_a_translation_in_the_same_language(admin_client, original):
    other = make_post(language="sv")

    response = save_translation_of(admin_client, other, original)

    assert response.status_code == 200
    other.refresh_from_db()
    assert other.translation_of is None


def test_admin_refuses_a_translation_of_a_translation(admin_client, original, english):
    third = make_post(language="sv")

    response = save_translation_of(admin_client, third, english)

    assert response.status_code == 200
    assert "Ny kund" in str(response.context["adminform"].form.errors["translation_of"])


def test_admin_links_a_translation_to_its_original(admin_client, original):
    other = make_post(language="en")

    response = save_translation_of(admin_client, other, original)

    assert response.status_code == 302
    other.refresh_from_db()
    assert other.translation_of == original
