"""The two roles the project sets up: Editors (all content) and PR staff (contacts only)."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from blog.models import AuditEntry, Post
from pressroom.models import Contact
from tests.factories import image_bytes, make_contact, make_post, make_user
from tests.htmlform import admin_change_data

pytestmark = pytest.mark.django_db

CRUD = {"add", "change", "delete", "view"}

EDITOR_PERMISSIONS = {
    *(
        f"blog.{action}_{model}"
        for model in (
            "post",
            "category",
            "relatedlink",
            "postcontact",
            "relatedpost",
            "redirect",
            "previewlink",
        )
        for action in CRUD
    ),
    "blog.view_previewaccess",
    "blog.view_auditentry",
    *(f"pressroom.{action}_{model}" for model in ("topic", "contact", "image") for action in CRUD),
    *(f"taggit.{action}_tag" for action in CRUD),
    "pressroom.view_newsroomsettings",
    "pressroom.change_newsroomsettings",
    *(f"pressroom.{action}_newsroomtext" for action in CRUD),
    "auth.view_user",
}
PR_STAFF_PERMISSIONS = {
    f"pressroom.{action}_{model}"
    for model in ("contact", "image")
    for action in ("add", "change", "view")
}

CONTENT_PAGES = [
    "admin:blog_post_changelist",
    "admin:blog_post_add",
    "admin:blog_category_changelist",
    "admin:blog_redirect_changelist",
    "admin:blog_previewlink_changelist",
    "admin:blog_auditentry_changelist",
    "admin:pressroom_topic_changelist",
    "admin:pressroom_contact_changelist",
    "admin:pressroom_image_changelist",
    "admin:taggit_tag_changelist",
]


def group_permissions(name):
    group = Group.objects.get(name=name)
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def client_in(group_name, username):
    user = make_user(username)
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    return client_in("Editors", "editor")


@pytest.fixture
def pr_staff():
    return client_in("PR staff", "pr")


def test_editors_group_has_exactly_the_content_permissions():
    assert group_permissions("Editors") == EDITOR_PERMISSIONS


def test_pr_staff_group_has_exactly_contact_and_photo_permissions():
    assert group_permissions("PR staff") == PR_STAFF_PERMISSIONS


@pytest.mark.parametrize("page", CONTENT_PAGES)
def test_editor_opens_every_content_page(editor, page):
    assert editor.get(reverse(page)).status_code == 200


def test_editor_saves_a_post_through_the_change_form(editor):
    post = make_post(title="Before")
    url = reverse("admin:blog_post_change", args=[post.pk])

    response = editor.post(url, admin_change_data(editor, url, title="After"))

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "After"


def test_editor_publishes_with_the_action(editor):
    draft = make_post(status=Post.Status.DRAFT)

    editor.post(
        reverse("admin:blog_post_changelist"), {"action": "publish", "_selected_action": [draft.pk]}
    )

    draft.refresh_from_db()
    assert draft.is_published


def test_editor_finds_authors_with_the_autocomplete(editor):
    make_user("anna.andersson")

    response = editor.get(
        reverse("admin:autocomplete"),
        {"app_label": "blog", "model_name": "post", "field_name": "author", "term": "anna"},
    )

    assert response.status_code == 200
    assert "anna.andersson" in response.content.decode()


def test_editor_cannot_change_the_audit_log(editor):
    post = make_post()
    entry = AuditEntry.record(AuditEntry.Action.PUBLISHED, post)

    response = editor.post(
        reverse("admin:blog_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_editor_cannot_manage_users_or_groups(editor):
    assert editor.get(reverse("admin:auth_user_add")).status_code == 403
    assert editor.get(reverse("admin:auth_group_changelist")).status_code == 403


@pytest.mark.parametrize(
    "page",
    [
        "admin:pressroom_contact_changelist",
        "admin:pressroom_contact_add",
        "admin:pressroom_image_add",
    ],
)
def test_pr_staff_opens_contact_and_photo_pages(pr_staff, page):
    assert pr_staff.get(reverse(page)).status_code == 200


def test_pr_staff_changes_a_contact(pr_staff):
    contact = make_contact("Mia Pääsuke")
    url = reverse("admin:pressroom_contact_change", args=[contact.pk])

    response = pr_staff.post(url, admin_change_data(pr_staff, url, "contact_form", title="CEO"))

    assert response.status_code == 302
    assert Contact.objects.get(pk=contact.pk).title == "CEO"


def test_pr_staff_adds_a_contact_photo(pr_staff):
    url = reverse("admin:pressroom_image_add")
    data = admin_change_data(pr_staff, url, "image_form", alt_text="Mia smiling", credit="Me")
    data["file"] = SimpleUploadedFile("mia.jpg", image_bytes(size=(400, 300)), "image/jpeg")

    response = pr_staff.post(url, data)

    assert response.status_code == 302


@pytest.mark.parametrize(
    "page",
    [
        "admin:blog_post_changelist",
        "admin:blog_post_add",
        "admin:blog_category_changelist",
        "admin:blog_redirect_changelist",
        "admin:blog_previewlink_changelist",
        "admin:blog_auditentry_changelist",
        "admin:pressroom_topic_changelist",
        "admin:taggit_tag_changelist",
        "admin:auth_user_changelist",
    ],
)
def test_pr_staff_is_refused_everything_else(pr_staff, page):
    assert pr_staff.get(reverse(page)).status_code == 403


def test_pr_staff_cannot_delete_a_contact(pr_staff):
    contact = make_contact()

    response = pr_staff.post(
        reverse("admin:pressroom_contact_delete", args=[contact.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_pr_staff_admin_index_lists_only_contacts_and_images(pr_staff):
    response = pr_staff.get(reverse("admin:index"))

    models = {
        model["object_name"] for app in response.context["app_list"] for model in app["models"]
    }
    assert models == {"Contact", "Image"}


def test_pr_staff_cannot_see_drafts_on_the_site(pr_staff):
    draft = make_post(status=Post.Status.DRAFT)
    assert pr_staff.get(draft.get_absolute_url()).status_code == 404
