"""
The admin speaks each user's language: the one they chose under "My preferences", else the
one their browser asks for among the newsroom's languages; the reader site keeps the
newsroom's default language on its unprefixed pages.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from pressroom.models import UserPreferences
from tests.factories import make_user

pytestmark = pytest.mark.django_db

MY_PREFERENCES = reverse("admin:pressroom_userpreferences_change", args=["my"])


def page_language(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("accept_language", "language", "title"),
    [
        ("en", "en", "Log in"),
        ("en-GB,en;q=0.9", "en", "Log in"),
        ("sv-SE,sv;q=0.9,en;q=0.5", "sv", "Logga in"),
        ("de-DE,de;q=0.9", "sv", "Logga in"),  # not a newsroom language: the default
    ],
)
def test_admin_login_speaks_the_browsers_language(client, accept_language, language, title):
    response = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE=accept_language)
    assert page_language(response) == language
    assert f"<title>{title} |" in response.content.decode()


def test_admin_follows_the_browser_whatever_the_newsrooms_default_language(client, settings):
    settings.LANGUAGE_CODE = "en"
    response = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="sv")
    assert page_language(response) == "sv"


def test_reader_site_keeps_the_default_language_for_an_english_browser(client):
    response = client.get(reverse("blog:front"), HTTP_ACCEPT_LANGUAGE="en")
    assert page_language(response) == "sv"


def test_admin_speaks_the_language_the_user_chose_over_the_browsers(client):
    user = make_user("editor")
    UserPreferences.objects.create(user=user, language="en")
    client.force_login(user)
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="sv")
    assert page_language(response) == "en"
    assert "Site administration" in response.content.decode()


def test_every_admin_page_links_to_my_preferences(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert f'<a href="{MY_PREFERENCES}">Mina inställningar</a>' in response.content.decode()


def test_pr_staff_chooses_english_on_my_preferences_and_the_admin_follows():
    user = make_user("pr")
    user.groups.add(Group.objects.get(name="PR staff"))
    client = logged_in(user)
    assert client.get(MY_PREFERENCES).status_code == 200

    response = client.post(MY_PREFERENCES, {"language": "en"}, follow=True)

    assert UserPreferences.objects.get(user=user).language == "en"
    assert page_language(response) == "en"
    assert [str(message) for message in response.context["messages"]] == [
        "Your preferences were saved."
    ]
    assert page_language(client.get(reverse("admin:index"))) == "en"


def test_an_empty_choice_gives_the_browsers_language_again(client):
    user = make_user("editor")
    UserPreferences.objects.create(user=user, language="sv")
    client.force_login(user)
    client.post(MY_PREFERENCES, {"language": ""})
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert page_language(response) == "en"


def test_nobody_reaches_another_persons_preferences(client):
    other = UserPreferences.objects.create(user=make_user("other"), language="sv")
    client.force_login(make_user("editor"))
    url = reverse("admin:pressroom_userpreferences_change", args=[other.pk])
    client.post(url, {"language": "en"})
    other.refresh_from_db()
    assert other.language == "sv"


@pytest.mark.parametrize(
    ("accept_language", "message"),
    [
        ("sv", "Kontot är låst: för många inloggningsförsök. Försök igen senare."),
        ("en", "Account locked: too many login attempts. Please try again later."),
    ],
)
def test_login_lockout_message_is_in_the_pages_language(client, accept_language, message):
    make_user("editor", password="the-right-password-1")
    login_url = reverse("admin:login")
    for _ in range(5):
        client.post(
            login_url,
            {"username": "editor", "password": "wrong"},
            HTTP_ACCEPT_LANGUAGE=accept_language,
        )
    response = client.post(
        login_url,
        {"username": "editor", "password": "the-right-password-1"},
        HTTP_ACCEPT_LANGUAGE=accept_language,
    )
    assert response.status_code == 429
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("code", "name"),
    [("pl", "Polska"), ("lt", "Litauiska"), ("lv", "Lettiska"), ("en-gb", "Brittisk engelska")],
)
def test_post_language_names_are_right_in_the_swedish_admin(admin_client, code, name):
    response = admin_client.get(reverse("admin:blog_post_add"), HTTP_ACCEPT_LANGUAGE="sv")
    assert f'<option value="{code}">{name}</option>' in response.content.decode()


def test_tags_help_text_is_swedish_in_the_swedish_admin(admin_client):
    response = admin_client.get(reverse("admin:blog_post_add"), HTTP_ACCEPT_LANGUAGE="sv")
    assert "En kommaseparerad lista med taggar." in response.content.decode()


def test_login_attempts_are_named_in_swedish_in_the_swedish_admin(admin_client):
    response = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="sv")
    text = response.content.decode()
    assert "Inloggningsförsök" in text
    assert "Misslyckade inloggningar" in text
    assert "Access attempts" not in text
