"""Reach in the admin: followers with counts and CSV export, contacts import, post link."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reach.models import Follower, MediaContact, MediaList
from tests.factories import make_post, make_topic

pytestmark = pytest.mark.django_db


def make_followers():
    energy = make_topic("Energy")
    Follower.objects.create(email="a@example.com", status="confirmed", everything=True)
    Follower.objects.create(
        email="b@example.com", status="confirmed", kinds=",press_release,"
    ).topics.add(energy)
    Follower.objects.create(email="c@example.com", status="pending", everything=True)


def test_follower_list_shows_counts_per_choice(admin_client):
    make_followers()
    response = admin_client.get(reverse("admin:reach_follower_changelist"))
    counts = dict(response.context["follower_counts"])
    assert counts["Bekräftade följare"] == 2
    assert 1 in counts.values()


def test_followers_export_as_csv(admin_client):
    make_followers()
    response = admin_client.post(
        reverse("admin:reach_follower_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(Follower.objects.values_list("pk", flat=True)),
        },
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(row["email"] for row in rows) == [
        "a@example.com",
        "b@example.com",
        "c@example.com",
    ]
    assert next(row for row in rows if row["email"] == "b@example.com")["topics"] == "Energy"


def test_followers_cannot_be_added_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:reach_follower_add")).status_code == 403


def test_media_contacts_import_from_the_admin(admin_client):
    media_list = MediaList.objects.create(name="Tech press")
    upload = SimpleUploadedFile("list.csv", b"email,name\nanna@example.com,Anna\n")
    response = admin_client.post(
        reverse("admin:reach_mediacontact_import"),
        {"media_list": media_list.pk, "file": upload, "source_note": "Fair 2026"},
    )
    assert response.status_code == 200
    contact = MediaContact.objects.get()
    assert contact.source_note == "Fair 2026"
    assert list(contact.lists.all()) == [media_list]


def test_post_change_form_links_sending_to_media_lists(admin_client):
    post = make_post()
    html = admin_client.get(reverse("admin:blog_post_change", args=[post.pk])).text
    assert f"{reverse('admin:reach_mailing_add')}?post={post.pk}" in html
