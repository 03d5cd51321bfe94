"""Every saved change is kept: revisions listed, compared, restored; deleted posts recovered."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext
from reversion.models import Version

from blog.models import Post
from pressroom.models import Contact
from tests.factories import (
    make_category,
    make_contact,
    make_post,
    make_related_link,
    make_topic,
    make_user,
)
from tests.htmlform import admin_change_data

pytestmark = pytest.mark.django_db


def versions_of(obj):
    return Version.objects.get_for_object(obj)


def edit_post(client, post, **changes):
    url = reverse("admin:blog_post_change", args=[post.pk])
    response = client.post(url, admin_change_data(client, url, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def history_links(client, post, kind):
    """The "changes" or "restore" links on a post's history page, newest first."""
    page = client.get(reverse("admin:blog_post_history", args=[post.pk])).content.decode()
    pattern = (
        r'href="([^"]+/history/\d+/changes/)"'
        if kind == "changes"
        else (r'href="([^"]+/history/\d+/)"')
    )
    return re.findall(pattern, page)


@pytest.mark.parametrize(
    ("factory", "admin_name", "form_id", "changes"),
    [
        (make_contact, "pressroom_contact", "contact_form", {"name": "Anna Andersson"}),
        (make_topic, "pressroom_topic", "topic_form", {"name": "Energi"}),
        (make_category, "blog_category", "category_form", {"name": "marketing"}),
    ],
)
def test_admin_save_keeps_a_revision(admin_client, factory, admin_name, form_id, changes):
    obj = factory()
    url = reverse(f"admin:{admin_name}_change", args=[obj.pk])

    response = admin_client.post(url, admin_change_data(admin_client, url, form_id, **changes))

    assert response.status_code == 302
    assert versions_of(obj).first().field_dict["name"] == changes["name"]


def test_post_admin_save_keeps_a_revision_with_the_editor(admin_client, superuser):
    post = make_post(title="Before")

    edit_post(admin_client, post, title="After")

    latest = versions_of(post).first()
    assert latest.field_dict["title"] == "After"
    assert latest.revision.user == superuser


def test_post_saved_outside_the_admin_is_kept_before_an_admin_edit(admin_client):
    post = make_post(title="As imported")

    edit_post(admin_client, post, title="Edited")

    assert [v.field_dict["title"] for v in versions_of(post)] == ["Edited", "As imported"]


def test_post_history_lists_revisions_newest_first(admin_client):
    post = make_post(title="One")
    edit_post(admin_client, post, title="Two")
    edit_post(admin_client, post, title="Three")

    links = history_links(admin_client, post, "changes")

    newest = admin_client.get(links[0]).content.decode()
    assert "Two" in newest
    assert "Three" in newest
    assert len(links) == 3


def test_changes_page_shows_a_field_before_and_after(admin_client):
    post = make_post(title="Old title")
    edit_post(admin_client, post, title="New title")

    page = admin_client.get(history_links(admin_client, post, "changes")[0]).content.decode()

    assert "<td>Old title</td>" in page
    assert "<td>New title</td>" in page


def test_changes_page_shows_the_body_line_by_line(admin_client):
    post = make_post(body="First line.\n\nSecond line.")
    edit_post(admin_client, post, body="First line.\n\nSecond line, rewritten.")

    page = admin_client.get(history_links(admin_client, post, "changes")[0]).content.decode()

    assert '<span class="diff-removed">-Second line.</span>' in page
    assert '<span class="diff-added">+Second line, rewritten.</span>' in page


def test_changes_page_shows_a_new_related_link(admin_client):
    post = make_post()
    edit_post(
        admin_client,
        post,
        **{
            "related_links-TOTAL_FORMS": "1",
            "related_links-0-title": "Annual report",
            "related_links-0-url": "https://example.com/report",
            "related_links-0-sort_order": "0",
        },
    )

    page = admin_client.get(history_links(admin_client, post, "changes")[0]).content.decode()

    assert "Annual report (https://example.com/report)" in page


def test_changes_page_refuses_a_malformed_from_version(admin_client):
    post = make_post()
    edit_post(admin_client, post, title="Changed")

    response = admin_client.get(history_links(admin_client, post, "changes")[0] + "?from=1x")

    assert response.status_code == 404


def test_changes_page_is_not_shown_for_another_posts_version(admin_client):
    post, other = make_post(), make_post()
    edit_post(admin_client, post, title="Changed")
    version = versions_of(post).first()

    url = reverse("admin:blog_post_changes", args=[other.pk, version.pk])

    assert admin_client.get(url).status_code == 404


def test_restoring_a_revision_brings_back_the_title_and_the_links(admin_client):
    post = make_post(title="Good title")
    make_related_link(post, title="Kept link")
    edit_post(
        admin_client,
        post,
        title="Bad title",
        **{"related_links-0-DELETE": "on"},
    )
    oldest_restore = history_links(admin_client, post, "restore")[-1]

    response = admin_client.post(oldest_restore, admin_change_data(admin_client, oldest_restore))

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Good title"
    assert [link.title for link in post.related_links.all()] == ["Kept link"]


def test_restoring_keeps_the_newer_version_in_the_history(admin_client):
    post = make_post(title="Good title")
    edit_post(admin_client, post, title="Bad title")
    oldest_restore = history_links(admin_client, post, "restore")[-1]

    admin_client.post(oldest_restore, admin_change_data(admin_client, oldest_restore))

    titles = [v.field_dict["title"] for v in versions_of(post)]
    assert titles[0] == "Good title"
    assert "Bad title" in titles


def test_deleted_post_can_be_recovered_with_its_tags_and_links(admin_client):
    post = make_post(title="Deleted by mistake", tags=["sälj"])
    make_related_link(post, title="Our site")
    admin_client.post(reverse("admin:blog_post_delete", args=[post.pk]), {"post": "yes"})
    assert not Post.objects.filter(pk=post.pk).exists()

    recover_list = admin_client.get(reverse("admin:blog_post_recoverlist")).content.decode()
    recover_url = re.search(r'href="([^"]+/recover/\d+/)"', recover_list).group(1)
    response = admin_client.post(recover_url, admin_change_data(admin_client, recover_url))

    assert response.status_code == 302
    post = Post.objects.get(pk=post.pk)
    assert post.title == "Deleted by mistake"
    assert list(post.tags.names()) == ["sälj"]
    assert [link.title for link in post.related_links.all()] == ["Our site"]


def test_post_deleted_with_the_delete_action_can_be_recovered(admin_client):
    post = make_post(title="Bulk deleted")
    admin_client.post(
        reverse("admin:blog_post_changelist"),
        {"action": "delete_selected", "_selected_action": [post.pk], "post": "yes"},
    )
    assert not Post.objects.filter(pk=post.pk).exists()

    recover_list = admin_client.get(reverse("admin:blog_post_recoverlist"))

    assert "Bulk deleted" in recover_list.content.decode()


def test_deleted_contact_can_be_recovered(admin_client):
    contact = make_contact("Mia Pääsuke")
    admin_client.post(reverse("admin:pressroom_contact_delete", args=[contact.pk]), {"post": "yes"})

    page = admin_client.get(reverse("admin:pressroom_contact_recoverlist")).content.decode()
    recover_url = re.search(r'href="([^"]+/recover/\d+/)"', page).group(1)
    data = admin_change_data(admin_client, recover_url, "contact_form")
    admin_client.post(recover_url, data)

    assert Contact.objects.get(pk=contact.pk).name == "Mia Pääsuke"


@pytest.mark.parametrize("action", ["publish", "unpublish"])
def test_publish_actions_keep_a_revision(admin_client, action):
    status = Post.Status.DRAFT if action == "publish" else Post.Status.PUBLISHED
    post = make_post(status=status)

    admin_client.post(
        reverse("admin:blog_post_changelist"), {"action": action, "_selected_action": [post.pk]}
    )

    latest = versions_of(post).first()
    assert latest.field_dict["status"] != status
    expected = gettext("Published.") if action == "publish" else gettext("Unpublished.")
    assert latest.revision.comment == expected


def test_duplicate_action_keeps_a_revision_of_the_copy(admin_client):
    post = make_post(title="Original")

    admin_client.post(
        reverse("admin:blog_post_changelist"),
        {"action": "duplicate", "_selected_action": [post.pk]},
    )

    copy = Post.objects.exclude(pk=post.pk).get()
    assert versions_of(copy).exists()


def test_history_of_posts_is_closed_to_pr_staff():
    client = Client()
    user = make_user("pr")
    user.groups.add(Group.objects.get(name="PR staff"))
    client.force_login(user)
    post = make_post()

    assert client.get(reverse("admin:blog_post_history", args=[post.pk])).status_code == 403
