"""Two editors saving the same post: the later save is refused, and says what changed."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from blog.models import Post
from tests.factories import make_post, make_related_link, make_user
from tests.htmlform import admin_change_data

pytestmark = pytest.mark.django_db


def editor_client(username):
    client = Client()
    client.force_login(make_user(username, superuser=True))
    return client


@pytest.fixture
def post():
    return make_post(title="Original title", body="First paragraph.")


@pytest.fixture
def change_url(post):
    return reverse("admin:blog_post_change", args=[post.pk])


def test_post_change_form_carries_the_edit_version(post, change_url):
    data = admin_change_data(editor_client("anna"), change_url)
    assert data["opened_version"] == str(post.edit_version)


def test_post_edit_version_moves_on_with_every_save(post):
    before = post.edit_version
    post.title = "Changed"
    post.save()
    post.refresh_from_db()
    assert post.edit_version == before + 1


def test_post_save_is_accepted_when_nobody_saved_in_between(post, change_url):
    client = editor_client("anna")
    data = admin_change_data(client, change_url, title="Anna's title")

    response = client.post(change_url, data)

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Anna's title"


def test_later_of_two_saves_is_refused(post, change_url):
    anna, bertil = editor_client("anna"), editor_client("bertil")
    anna_data = admin_change_data(anna, change_url, title="Anna's title")
    bertil_data = admin_change_data(bertil, change_url, body="Bertil's body.")

    assert anna.post(change_url, anna_data).status_code == 302
    response = bertil.post(change_url, bertil_data)

    assert response.status_code == 200
    post.refresh_from_db()
    assert post.title == "Anna's title"
    assert post.body == "First paragraph."


def test_refused_save_names_who_saved_and_the_changed_field(post, change_url):
    anna, bertil = editor_client("anna"), editor_client("bertil")
    anna_data = admin_change_data(anna, change_url, title="Anna's title")
    bertil_data = admin_change_data(bertil, change_url, body="Bertil's body.")
    anna.post(change_url, anna_data)

    response = bertil.post(change_url, bertil_data)

    errors = response.context["adminform"].form.non_field_errors()
    message = str(errors)
    assert "anna" in message
    assert "“Original title” → “Anna&#x27;s title”" in message
    assert gettext("Your changes have not been saved, so nothing was overwritten.") in message


def test_refused_save_links_to_the_changes(post, change_url):
    anna, bertil = editor_client("anna"), editor_client("bertil")
    anna_data = admin_change_data(anna, change_url, title="Anna's title")
    bertil_data = admin_change_data(bertil, change_url, title="Bertil's title")
    anna.post(change_url, anna_data)

    response = bertil.post(change_url, bertil_data)

    message = response.context["adminform"].form.non_field_errors()[0]
    changes_url = re.search(r'href="([^"]+)">' + gettext("See what changed"), message).group(1)
    changes = bertil.get(html.unescape(changes_url))
    assert changes.status_code == 200
    assert "Anna&#x27;s title" in changes.content.decode()


def test_refused_save_keeps_what_the_second_editor_typed(post, change_url):
    anna, bertil = editor_client("anna"), editor_client("bertil")
    anna_data = admin_change_data(anna, change_url, title="Anna's title")
    bertil_data = admin_change_data(bertil, change_url, body="Bertil's careful body.")
    anna.post(change_url, anna_data)

    response = bertil.post(change_url, bertil_data)

    assert "Bertil&#x27;s careful body." in response.content.decode()


def test_refused_save_lists_a_changed_related_link(post, change_url):
    make_related_link(post, title="Our site")
    anna, bertil = editor_client("anna"), editor_client("bertil")
    anna_data = admin_change_data(anna, change_url, **{"related_links-0-title": "Our new site"})
    bertil_data = admin_change_data(bertil, change_url, title="Bertil's title")
    anna.post(change_url, anna_data)

    response = bertil.post(change_url, bertil_data)

    assert response.status_code == 200
    assert "Our new site" in str(response.context["adminform"].form.non_field_errors())


def test_save_after_a_publish_action_is_refused(post, change_url):
    draft = make_post(title="Draft", status=Post.Status.DRAFT)
    url = reverse("admin:blog_post_change", args=[draft.pk])
    anna, bertil = editor_client("anna"), editor_client("bertil")
    bertil_data = admin_change_data(bertil, url, lead="A new lead.")
    anna.post(
        reverse("admin:blog_post_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )

    response = bertil.post(url, bertil_data)

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Post.Status.PUBLISHED


def test_save_without_a_version_is_refused(post, change_url):
    client = editor_client("anna")
    data = admin_change_data(client, change_url, title="Sneaky")
    del data["opened_version"]

    response = client.post(change_url, data)

    assert response.status_code == 200
    post.refresh_from_db()
    assert post.title == "Original title"


def test_save_with_a_garbled_version_is_refused_without_an_error_page(post, change_url):
    client = editor_client("anna")
    data = admin_change_data(client, change_url, title="Sneaky", opened_version="x<y")

    response = client.post(change_url, data)

    assert response.status_code == 200
    post.refresh_from_db()
    assert post.title == "Original title"


def test_second_save_by_the_same_editor_from_a_fresh_form_is_accepted(post, change_url):
    client = editor_client("anna")
    client.post(change_url, admin_change_data(client, change_url, title="One"))

    response = client.post(change_url, admin_change_data(client, change_url, title="Two"))

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Two"
