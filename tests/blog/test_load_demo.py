"""load_demo: the demo newsroom, the example documents and a first login."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from blog.importers.posts import import_paths
from blog.management.commands.load_demo import DEMO_POSTS_DIR
from blog.models import Post, PreviewLink
from pressroom.demo import write_feature_pictures
from pressroom.models import Contact, Image, NewsroomSettings, Topic
from tests import factories
from tests.conftest import SEEDS_DIR, shared_data

pytestmark = pytest.mark.django_db

DEMO_CONTACTS = ["Daniel Okafor", "Ingrid Holmqvist", "Sara Lindqvist"]


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_load_demo_creates_posts_of_every_kind():
    load_demo()
    for kind in Post.Kind.values:
        assert Post.objects.published().filter(kind=kind).count() >= 2, kind
        assert Post.objects.filter(kind=kind, source__startswith="file:20").count() >= 3, kind


def test_load_demo_creates_the_three_demo_contacts():
    load_demo()
    names = set(Contact.objects.values_list("name", flat=True))
    assert set(DEMO_CONTACTS) <= names
    assert all(Contact.objects.get(name=name).phone_normalized for name in DEMO_CONTACTS)


def test_load_demo_has_a_draft_a_scheduled_post_and_a_topic_with_a_comma():
    load_demo()
    assert Post.objects.filter(status=Post.Status.DRAFT).count() == 1
    assert sum(post.is_scheduled for post in Post.objects.all()) == 1
    assert Topic.objects.filter(name="Elnät, lagring och flexibilitet").exists()


def test_load_demo_files_import_without_failures_or_warnings(tmp_path):
    write_feature_pictures(tmp_path)
    result = import_paths([DEMO_POSTS_DIR], images_dir=tmp_path)
    assert result.failures == []
    assert result.warnings == []
    assert 12 <= result.created <= 16


def test_load_demo_twice_changes_nothing():
    load_demo()
    before = list(Post.objects.order_by("pk").values_list("pk", "updated_at"))
    contacts = Contact.objects.count()
    out = load_demo()
    assert "The newsroom has content: the demo is not loaded again." in out
    assert list(Post.objects.order_by("pk").values_list("pk", "updated_at")) == before
    assert Contact.objects.count() == contacts
    assert get_user_model().objects.count() == 1


def test_load_demo_again_keeps_what_editors_changed_in_a_demo_post_and_contact():
    load_demo()
    post = Post.objects.get(source="file:2026-03-05-anna-berg-blir-ny-driftchef.md")
    post.title = "Anna Berg är ny driftchef (rättad)"
    post.save()
    contact = Contact.objects.get(name="Sara Lindqvist")
    contact.title = "Kommunikationsdirektör"
    contact.phone = "070-123 45 67"
    contact.save()
    load_demo()
    post.refresh_from_db()
    contact.refresh_from_db()
    assert post.title == "Anna Berg är ny driftchef (rättad)"
    assert (contact.title, contact.phone) == ("Kommunikationsdirektör", "070-123 45 67")


def test_load_demo_does_not_bring_back_what_editors_deleted(admin_client):
    load_demo()
    for post in Post.objects.all():
        admin_client.post(reverse("admin:blog_post_delete", args=[post.pk]), {"post": "yes"})
    for contact in Contact.objects.all():
        url = reverse("admin:pressroom_contact_delete", args=[contact.pk])
        admin_client.post(url, {"post": "yes"})
    assert not Post.objects.exists() and not Contact.objects.exists()
    load_demo()
    assert not Post.objects.exists()
    assert not Contact.objects.exists()


def test_load_demo_leaves_a_newsroom_with_its_own_posts_alone():
    factories.make_post(title="Our first real press release")
    load_demo()
    assert list(Post.objects.values_list("title", flat=True)) == ["Our first real press release"]
    assert not Contact.objects.exists()


def test_load_demo_creates_the_admin_login_on_an_empty_database():
    out = load_demo()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password("admin")
    assert "http://127.0.0.1:8000/admin/" in out


def test_load_demo_leaves_existing_users_alone():
    factories.make_user("editor")
    load_demo()
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["editor"]


def test_load_demo_imports_both_example_documents():
    shared_data(SEEDS_DIR / "000_3730d6c605a682a0.txt")
    shared_data(SEEDS_DIR / "002_9b99007ef4e1b0bb.txt")
    load_demo()
    seed_000 = Post.objects.get(source="file:000_3730d6c605a682a0.txt")
    assert [topic.name for topic in seed_000.topics.all()] == ["Data, Telekom, IT"]
    assert seed_000.contacts.get().phone_normalized == "+46763147920"
    seed_002 = Post.objects.get(source="file:002_9b99007ef4e1b0bb.txt")
    assert seed_002.title == "Hur du lyckas med din säljorganisation"


def test_load_demo_every_published_post_has_a_working_page(client):
    load_demo()
    for post in Post.objects.published():
        response = client.get(post.get_absolute_url())
        assert response.status_code == 200, post.slug


def test_load_demo_fills_the_newsroom_settings(client):
    load_demo()
    html = client.get("/").content.decode()
    assert "<title>Norrsken Energi</title>" in html
    assert 'content="Norrsken Energi"' in html  # og:site_name


def test_load_demo_keeps_settings_an_editor_saved():
    factories.make_newsroom(name="Our Own Name")
    load_demo()
    assert NewsroomSettings.objects.get().name == "Our Own Name"


def test_load_demo_gives_posts_contacts_and_settings_pictures_with_rights():
    load_demo()
    newsroom = NewsroomSettings.objects.get()
    assert newsroom.logo and newsroom.icon.width == newsroom.icon.height
    assert Post.objects.published().exclude(feature_image=None).count() >= 5
    assert all(Contact.objects.get(name=name).photo for name in DEMO_CONTACTS)
    for image in Image.objects.all():
        assert image.credit and image.license == "CC0 1.0", image
    assert Image.objects.filter(is_public=True).count() >= 3


def test_load_demo_has_a_translated_release_and_a_preview_of_the_embargoed_one(time_machine):
    # The signed link carries a timestamp: the clock stands still so it reads the same twice.
    time_machine.move_to(timezone.now(), tick=False)
    out = load_demo()
    translated = Post.objects.get(translation_of__isnull=False)
    assert translated.kind == Post.Kind.PRESS_RELEASE
    assert translated.language != translated.translation_of.language
    link = PreviewLink.objects.get()
    assert link.post.is_scheduled
    assert link.get_absolute_url() in out


def test_load_demo_has_an_upcoming_event():
    load_demo()
    assert Post.objects.published().upcoming_events().exists()
