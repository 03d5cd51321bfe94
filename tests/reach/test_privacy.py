"""What is kept about a follower: theirs to see and delete, nobody else's to find."""

import pytest
from django.urls import reverse
from django.utils import timezone

from reach.models import Delivery, Follower
from reach.tokens import manage_token
from tests.factories import make_post

pytestmark = pytest.mark.django_db


def make_follower(email="reader@example.com", **fields):
    fields.setdefault("status", Follower.Status.CONFIRMED)
    fields.setdefault("everything", True)
    fields.setdefault("consent_text", "I want news by e-mail.")
    fields.setdefault("consent_ip", "192.0.2.7")
    fields.setdefault("consent_at", timezone.now())
    return Follower.objects.create(email=email, **fields)


def manage_url(follower):
    return reverse("reach:manage", kwargs={"token": manage_token(follower)})


def test_manage_page_shows_what_is_kept(client):
    follower = make_follower()
    html = client.get(manage_url(follower)).text
    assert "reader@example.com" in html
    assert "192.0.2.7" in html
    assert "I want news by e-mail." in html


def test_manage_page_is_never_cached(client):
    response = client.get(manage_url(make_follower()))
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_a_tampered_manage_link_finds_nobody(client):
    follower = make_follower()
    url = manage_url(follower)[:-3] + "xx/"
    response = client.get(url)
    assert response.status_code == 404
    assert "reader@example.com" not in response.text


def test_follower_deletes_everything_about_them(client):
    follower = make_follower()
    url = manage_url(follower)
    client.get(url)
    response = client.post(url, {"action": "delete"})
    assert response.status_code == 200
    assert not Follower.objects.exists()
    assert not Delivery.objects.exists()
    assert client.get(url).status_code == 404


def test_follower_changes_their_choices(client):
    follower = make_follower()
    client.post(manage_url(follower), {"action": "save", "kinds": ["press_release"]})
    follower.refresh_from_db()
    assert follower.kind_list == ["press_release"]
    assert not follower.everything


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/posts/",
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/json/",
        "/sitemap.xml",
        "/search/?q=reader",
    ],
)
def test_no_follower_reaches_a_public_page_or_feed(client, url):
    make_follower("secret.reader@example.com")
    make_post(title="Public news")
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert b"secret.reader" not in response.content
