"""The audit log: who published, unpublished, deleted or restored what, and when."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import AuditEntry, Post
from tests.factories import make_contact, make_post, make_topic
from tests.htmlform import admin_change_data

pytestmark = pytest.mark.django_db

Action = AuditEntry.Action


def entries():
    return list(AuditEntry.objects.values_list("action", "object_repr", "username"))


def run_action(client, action, posts):
    return client.post(
        reverse("admin:blog_post_changelist"),
        {"action": action, "_selected_action": [post.pk for post in posts]},
    )


def test_publish_action_is_audited(admin_client):
    run_action(admin_client, "publish", [make_post(title="News", status=Post.Status.DRAFT)])
    assert entries() == [(Action.PUBLISHED, "News", "admin")]


def test_publishing_a_future_post_is_audited_with_its_time(admin_client):
    post = make_post(status=Post.Status.DRAFT, publish_at=timezone.now() + timedelta(days=2))

    run_action(admin_client, "publish", [post])

    entry = AuditEntry.objects.get()
    assert entry.action == Action.PUBLISHED
    assert "CET" in entry.detail or "CEST" in entry.detail


def test_unpublish_action_is_audited(admin_client):
    run_action(admin_client, "unpublish", [make_post(title="News")])
    assert entries() == [(Action.UNPUBLISHED, "News", "admin")]


def test_publishing_in_the_change_form_is_audited_as_published(admin_client):
    post = make_post(title="Draft", status=Post.Status.DRAFT)
    url = reverse("admin:blog_post_change", args=[post.pk])

    admin_client.post(url, admin_change_data(admin_client, url, status=Post.Status.PUBLISHED))

    assert entries() == [(Action.PUBLISHED, "Draft", "admin")]


def test_unpublishing_in_the_change_form_is_audited_as_unpublished(admin_client):
    post = make_post(title="Live")
    url = reverse("admin:blog_post_change", args=[post.pk])

    admin_client.post(url, admin_change_data(admin_client, url, status=Post.Status.DRAFT))

    assert entries() == [(Action.UNPUBLISHED, "Live", "admin")]


def test_other_edits_are_not_audited(admin_client):
    post = make_post(title="Live")
    url = reverse("admin:blog_post_change", args=[post.pk])

    admin_client.post(url, admin_change_data(admin_client, url, title="Live, edited"))

    assert entries() == []


def test_adding_a_published_post_is_audited(admin_client):
    url = reverse("admin:blog_post_add")
    data = admin_change_data(
        admin_client,
        url,
        title="Straight out",
        slug="straight-out",
        status=Post.Status.PUBLISHED,
        publish_at_0="2026-01-15",
        publish_at_1="10:00:00",
    )

    admin_client.post(url, data)

    assert entries() == [(Action.PUBLISHED, "Straight out", "admin")]


def test_deleting_a_post_is_audited(admin_client):
    post = make_post(title="Gone")
    admin_client.post(reverse("admin:blog_post_delete", args=[post.pk]), {"post": "yes"})
    assert entries() == [(Action.DELETED, "Gone", "admin")]


def test_deleting_posts_with_the_action_is_audited(admin_client):
    posts = [make_post(title="One"), make_post(title="Two")]

    admin_client.post(
        reverse("admin:blog_post_changelist"),
        {"action": "delete_selected", "_selected_action": [p.pk for p in posts], "post": "yes"},
    )

    assert sorted(entries()) == [(Action.DELETED, "One", "admin"), (Action.DELETED, "Two", "admin")]


@pytest.mark.parametrize(
    ("factory", "admin_name"),
    [(make_contact, "pressroom_contact"), (make_topic, "pressroom_topic")],
)
def test_deleting_contacts_and_topics_is_audited(admin_client, factory, admin_name):
    obj = factory("Deleted one")
    admin_client.post(reverse(f"admin:{admin_name}_delete", args=[obj.pk]), {"post": "yes"})
    assert entries() == [(Action.DELETED, "Deleted one", "admin")]


def test_recovering_a_deleted_post_is_audited(admin_client):
    post = make_post(title="Back again")
    admin_client.post(reverse("admin:blog_post_delete", args=[post.pk]), {"post": "yes"})
    page = admin_client.get(reverse("admin:blog_post_recoverlist")).content.decode()
    recover_url = re.search(r'href="([^"]+/recover/\d+/)"', page).group(1)

    admin_client.post(recover_url, admin_change_data(admin_client, recover_url))

    assert AuditEntry.objects.first().action == Action.RESTORED


def test_audit_log_page_shows_who_did_what(admin_client):
    run_action(admin_client, "unpublish", [make_post(title="Pulled back")])

    page = admin_client.get(reverse("admin:blog_auditentry_changelist")).content.decode()

    assert "Pulled back" in page
    assert "admin" in page
    assert str(Action.UNPUBLISHED.label) in page


def test_audit_log_filters_by_action(admin_client):
    run_action(admin_client, "unpublish", [make_post(title="Pulled back")])
    run_action(admin_client, "publish", [make_post(title="Put out", status=Post.Status.DRAFT)])

    response = admin_client.get(
        reverse("admin:blog_auditentry_changelist"), {"action__exact": Action.PUBLISHED}
    )

    assert [e.object_repr for e in response.context["cl"].result_list] == ["Put out"]


def test_audit_log_filters_by_user(admin_client, superuser):
    run_action(admin_client, "unpublish", [make_post(title="Pulled back")])
    AuditEntry.record(Action.PUBLISHED, make_post(title="By the importer"))

    response = admin_client.get(
        reverse("admin:blog_auditentry_changelist"), {"user__id__exact": superuser.pk}
    )

    assert [e.object_repr for e in response.context["cl"].result_list] == ["Pulled back"]


def test_audit_entry_keeps_the_name_after_the_user_is_deleted(admin_client, superuser):
    run_action(admin_client, "unpublish", [make_post()])
    superuser.delete()

    entry = AuditEntry.objects.get()
    assert entry.user is None
    assert entry.username == "admin"


def test_audit_log_cannot_be_added_to_by_hand(admin_client):
    assert admin_client.get(reverse("admin:blog_auditentry_add")).status_code == 403
