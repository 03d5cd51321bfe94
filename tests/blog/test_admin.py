"""The editors' admin for posts, categories and redirects."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.translation import gettext

from blog.models import Category, Post, Redirect
from tests.factories import (
    make_category,
    make_contact,
    make_draft,
    make_image,
    make_post,
    make_related_link,
    make_topic,
    make_user,
    relate,
)

pytestmark = pytest.mark.django_db

CHANGELISTS = ["blog_post", "blog_category", "blog_redirect"]


def management_form(prefix, total=0, initial=0):
    """The hidden fields an inline formset posts along with its rows."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def post_form(**overrides):
    """What the post add form sends when an editor fills in the basics."""
    data = {
        "title": "Ny kund väljer oss",
        "slug": "ny-kund-valjer-oss",
        "kind": Post.Kind.PRESS_RELEASE,
        "lead": "En kort ingress.",
        "body": "Some **bold** text.",
        "status": Post.Status.DRAFT,
        "publish_at_0": "2026-01-15",
        "publish_at_1": "10:00:00",
        "language": "sv",
        "byline": "",
        "tags": "",
        "event_location": "",
        "meta_description": "",
        "canonical_url": "",
        **management_form("related_links"),
        **management_form("post_contacts"),
        **management_form("related_entries"),
        **management_form("preview_links"),
        "_save": "Save",
    }
    data.update(overrides)
    return data


def changelist_posts(response):
    return list(response.context["cl"].result_list)


def run_action(client, action, posts):
    return client.post(
        reverse("admin:blog_post_changelist"),
        {"action": action, "_selected_action": [post.pk for post in posts]},
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("model", CHANGELISTS)
def test_admin_changelist_answers(admin_client, model):
    make_post(title="Something to list")
    assert admin_client.get(reverse(f"admin:{model}_changelist")).status_code == 200


@pytest.mark.parametrize("model", CHANGELISTS)
def test_admin_add_page_answers(admin_client, model):
    assert admin_client.get(reverse(f"admin:{model}_add")).status_code == 200


def test_post_admin_change_page_answers_with_everything_a_post_carries(admin_client):
    other = make_post(title="Other")
    post = make_post(
        feature_image=make_image(),
        topics=[make_topic("Data, Telekom, IT")],
        categories=[make_category("sales")],
        contacts=[make_contact("Anna Andersson")],
        tags=["sälj"],
    )
    make_related_link(post)
    relate(post, other)

    response = admin_client.get(reverse("admin:blog_post_change", args=[post.pk]))

    assert response.status_code == 200
    assert "Anna Andersson" in response.content.decode()


def test_category_admin_change_page_answers(admin_client):
    category = make_category("sales")
    response = admin_client.get(reverse("admin:blog_category_change", args=[category.pk]))
    assert response.status_code == 200


def test_redirect_admin_change_page_answers(admin_client):
    redirect = Redirect.objects.create(old_path="/2013/09/23/old/", post=make_post())
    response = admin_client.get(reverse("admin:blog_redirect_change", args=[redirect.pk]))
    assert response.status_code == 200


def test_post_admin_requires_login():
    response = Client().get(reverse("admin:blog_post_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_post_changelist_search_finds_matching_posts(admin_client):
    wanted = make_post(title="Quarterly report", body="Revenue grew.")
    make_post(title="Summer party")

    response = admin_client.get(reverse("admin:blog_post_changelist"), {"q": "revenue"})

    assert changelist_posts(response) == [wanted]


def test_post_changelist_filters_by_kind(admin_client):
    event = make_post(kind=Post.Kind.EVENT)
    make_post(kind=Post.Kind.NEWS)

    response = admin_client.get(reverse("admin:blog_post_changelist"), {"kind__exact": "event"})

    assert changelist_posts(response) == [event]


def test_post_changelist_filters_by_topic(admin_client):
    topic = make_topic("Data, Telekom, IT")
    tagged = make_post(topics=[topic])
    make_post()

    response = admin_client.get(
        reverse("admin:blog_post_changelist"), {"topics__id__exact": topic.pk}
    )

    assert changelist_posts(response) == [tagged]


def test_post_changelist_marks_scheduled_posts(admin_client):
    make_post(title="Embargoed", publish_at=timezone.now() + timedelta(days=2))

    response = admin_client.get(reverse("admin:blog_post_changelist"))

    assert f'<td class="field-state">{gettext("Scheduled")}</td>' in response.content.decode()


def test_post_changelist_shows_live_posts_as_published(admin_client):
    make_post(title="Live")

    response = admin_client.get(reverse("admin:blog_post_changelist"))

    content = response.content.decode()
    assert f'<td class="field-state">{gettext("Published")}</td>' in content
    assert f'<td class="field-state">{gettext("Scheduled")}</td>' not in content


def test_post_admin_add_form_creates_post_with_links_in_order(admin_client):
    topic = make_topic("Data, Telekom, IT")
    contact = make_contact("Anna Andersson")
    data = post_form(
        topics=[topic.pk],
        tags="sälj, coaching",
        **management_form("related_links", total=2),
        **{
            "related_links-0-title": "Second",
            "related_links-0-url": "https://example.com/second",
            "related_links-0-sort_order": "2",
            "related_links-1-title": "First",
            "related_links-1-url": "https://example.com/first",
            "related_links-1-sort_order": "1",
        },
        **management_form("post_contacts", total=1),
        **{"post_contacts-0-contact": contact.pk, "post_contacts-0-sort_order": "0"},
    )

    response = admin_client.post(reverse("admin:blog_post_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    post = Post.objects.get(slug="ny-kund-valjer-oss")
    assert [link.title for link in post.related_links.all()] == ["First", "Second"]
    assert list(post.topics.all()) == [topic]
    assert list(post.contacts.all()) == [contact]
    assert sorted(tag.name for tag in post.tags.all()) == ["coaching", "sälj"]
    assert post.body_html == "<p>Some <strong>bold</strong> text.</p>"


def test_post_admin_add_form_makes_the_editor_the_author(admin_client, superuser):
    admin_client.post(reverse("admin:blog_post_add"), post_form())
    assert Post.objects.get(slug="ny-kund-valjer-oss").author == superuser


def test_post_admin_add_form_refuses_a_javascript_link(admin_client):
    data = post_form(
        **management_form("related_links", total=1),
        **{
            "related_links-0-title": "Click",
            "related_links-0-url": "javascript:alert(1)",
            "related_links-0-sort_order": "0",
        },
    )

    response = admin_client.post(reverse("admin:blog_post_add"), data)

    assert response.status_code == 200
    assert not Post.objects.exists()


def test_post_admin_add_form_refuses_an_ftp_link_with_a_clear_message(admin_client):
    data = post_form(
        **management_form("related_links", total=1),
        **{
            "related_links-0-title": "Files",
            "related_links-0-url": "ftp://example.com/file",
            "related_links-0-sort_order": "0",
        },
    )

    response = admin_client.post(reverse("admin:blog_post_add"), data)

    assert response.status_code == 200
    assert "http://" in str(response.context["inline_admin_formsets"][0].formset.errors)
    assert not Post.objects.exists()


def test_post_admin_change_form_refuses_relating_a_post_to_itself(admin_client):
    post = make_post(title="Self", slug="self")
    data = post_form(
        title="Self",
        slug="self",
        **management_form("related_entries", total=1),
        **{"related_entries-0-to_post": post.pk, "related_entries-0-sort_order": "0"},
    )

    response = admin_client.post(reverse("admin:blog_post_change", args=[post.pk]), data)

    assert response.status_code == 200
    assert gettext("A post cannot be related to itself.") in response.content.decode()
    assert not post.related_entries.exists()


def test_post_admin_change_page_shows_rendered_body(admin_client):
    post = make_post(body="Hello **world**")

    response = admin_client.get(reverse("admin:blog_post_change", args=[post.pk]))

    assert '<div class="pressroom-rendered-body"><p>Hello <strong>world</strong></p></div>' in (
        response.content.decode()
    )


def test_post_admin_change_page_loads_preview_script_without_inline_code(admin_client):
    post = make_post()

    content = admin_client.get(reverse("admin:blog_post_change", args=[post.pk])).content.decode()

    assert "blog/admin/preview.js" in content
    assert f'data-preview-url="{reverse("admin:blog_post_preview")}"' in content


def test_post_preview_renders_sanitized_html(admin_client):
    response = admin_client.post(
        reverse("admin:blog_post_preview"),
        {"body": "Some **bold** text.\n\n<script>alert(1)</script>"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert "<strong>bold</strong>" in html
    assert "<script" not in html
    assert "alert" not in html


def test_post_preview_refuses_get(admin_client):
    assert admin_client.get(reverse("admin:blog_post_preview")).status_code == 405


def test_post_preview_refuses_anonymous_users():
    response = Client().post(reverse("admin:blog_post_preview"), {"body": "**bold**"})

    assert response.status_code == 302
    assert b"<strong>" not in response.content


def test_post_preview_refuses_staff_without_post_permissions(client):
    client.force_login(make_user("pr-person"))

    response = client.post(reverse("admin:blog_post_preview"), {"body": "**bold**"})

    assert response.status_code == 403


def test_post_preview_requires_csrf_token(superuser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)

    response = client.post(reverse("admin:blog_post_preview"), {"body": "**bold**"})

    assert response.status_code == 403


def test_publish_action_publishes_drafts(admin_client):
    draft = make_draft()

    response = run_action(admin_client, "publish", [draft])

    draft.refresh_from_db()
    assert draft.is_published
    assert len(messages_of(response)) == 1


def test_publish_action_keeps_a_future_post_scheduled(admin_client):
    future = timezone.now() + timedelta(days=3)
    draft = make_draft(publish_at=future)

    response = run_action(admin_client, "publish", [draft, make_draft()])

    draft.refresh_from_db()
    assert draft.status == Post.Status.PUBLISHED
    assert draft.publish_at == future
    assert draft.is_scheduled
    # One message for the post that is live, one for the post that waits.
    assert len(messages_of(response)) == 2


def test_unpublish_action_turns_posts_back_into_drafts(admin_client):
    post = make_post()

    run_action(admin_client, "unpublish", [post])

    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    assert not Post.objects.published().exists()


def test_duplicate_action_copies_a_post_as_a_draft(admin_client):
    other = make_post(title="Other")
    original = make_post(
        title="Original",
        topics=[make_topic("Data, Telekom, IT")],
        categories=[make_category("sales")],
        contacts=[make_contact("B"), make_contact("A")],
        tags=["sälj", "C++"],
        source="jekyll:_posts/2013-09-23-original.md",
    )
    make_related_link(original, title="One", sort_order=0)
    make_related_link(original, title="Two", url="https://example.org/", sort_order=1)
    relate(original, other)

    run_action(admin_client, "duplicate", [original])

    copy = Post.objects.exclude(pk__in=[original.pk, other.pk]).get()
    assert copy.status == Post.Status.DRAFT
    assert copy.title.startswith("Original (")
    assert copy.slug != original.slug
    assert copy.source == ""
    assert copy.body == original.body
    assert list(copy.topics.all()) == list(original.topics.all())
    assert list(copy.categories.all()) == list(original.categories.all())
    assert set(copy.tags.names()) == {"sälj", "C++"}
    assert [c.name for c in copy.contacts.order_by("postcontact__sort_order")] == ["B", "A"]
    assert [(link.title, link.url) for link in copy.related_links.all()] == [
        ("One", "https://example.com/"),
        ("Two", "https://example.org/"),
    ]
    assert [entry.to_post for entry in copy.related_entries.all()] == [other]


def test_duplicate_action_leaves_the_original_untouched(admin_client):
    original = make_post(title="Original", source="jekyll:x.md")

    run_action(admin_client, "duplicate", [original])

    original.refresh_from_db()
    assert original.title == "Original"
    assert original.source == "jekyll:x.md"
    assert original.is_published


def test_post_admin_view_on_site_points_to_the_post_page(admin_client):
    post = make_post()

    response = admin_client.get(reverse("admin:blog_post_change", args=[post.pk]))

    assert response.context["has_absolute_url"]
    view_on_site = admin_client.get(
        reverse("admin:view_on_site", args=[response.context["content_type_id"], post.pk])
    )
    assert view_on_site.status_code == 302
    assert view_on_site["Location"].endswith(post.get_absolute_url())


def test_redirect_admin_refuses_a_path_without_leading_slash(admin_client):
    response = admin_client.post(
        reverse("admin:blog_redirect_add"),
        {"old_path": "https://elsewhere.example/old/", "post": make_post().pk},
    )

    assert response.status_code == 200
    assert not Redirect.objects.exists()


def test_post_admin_cleans_control_characters_from_every_text_field(admin_client):
    """Pasted word-processor text (a vertical tab, a bell) is saved as text XML can carry."""
    data = post_form(
        title="Ny kund\x0bväljer oss",
        lead="Ingress\x07.",
        body="Brödtext\x0b med\x07 **fetstil**.",
        byline="Anna\x07 Andersson",
        event_location="Stock\x07holm",
        meta_description="Beskriv\x07ning",
        canonical_url="https://example.com/\x07sida",
        tags="sä\x07lj, coaching\x0b",
        **management_form("related_links", total=1),
        **{
            "related_links-0-title": "Vår\x07 sajt",
            "related_links-0-url": "https://example.com/\x07start",
            "related_links-0-sort_order": "0",
        },
    )

    response = admin_client.post(reverse("admin:blog_post_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    post = Post.objects.get(slug="ny-kund-valjer-oss")
    assert post.title == "Ny kund väljer oss"
    assert post.lead == "Ingress."
    assert post.body == "Brödtext  med **fetstil**."
    assert (post.byline, post.event_location) == ("Anna Andersson", "Stockholm")
    assert post.meta_description == "Beskrivning"
    assert post.canonical_url == "https://example.com/sida"
    assert sorted(post.tags.names()) == ["coaching", "sälj"]
    link = post.related_links.get()
    assert (link.title, link.url) == ("Vår sajt", "https://example.com/start")
    post.status = Post.Status.PUBLISHED
    post.save()
    for url in ("/feeds/rss/", "/feeds/atom/"):
        feed = ElementTree.fromstring(admin_client.get(url).content)  # noqa: S314 - our own output
        assert "Ny kund väljer oss" in ElementTree.tostring(feed, encoding="unicode")


def test_category_admin_cleans_control_characters(admin_client):
    response = admin_client.post(
        reverse("admin:blog_category_add"),
        {"name": "Sä\x07lj", "slug": "salj", "description": "Allt\x0bom sälj", "_save": "Save"},
    )

    assert response.status_code == 302
    category = Category.objects.get(slug="salj")
    assert (category.name, category.description) == ("Sälj", "Allt om sälj")


def test_category_admin_refuses_a_name_that_differs_only_by_a_control_character(admin_client):
    make_category("Sälj")

    response = admin_client.post(
        reverse("admin:blog_category_add"),
        {"name": "Sälj\x07", "slug": "salj-2", "description": "", "_save": "Save"},
    )

    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors
    assert Category.objects.count() == 1


# The rendering budget ----------------------------------------------------------------------

# A body no rendering finishes soon (quadratic in Python's HTML parser).
ENDLESS_BODY = "<a " * 40_000


def test_post_admin_renders_a_long_run_of_brackets(admin_client):
    body = "[" * 15_000

    response = admin_client.post(reverse("admin:blog_post_add"), post_form(body=body))

    assert response.status_code == 302
    assert Post.objects.get(slug="ny-kund-valjer-oss").body_html == f"<p>{body}</p>"


def test_post_admin_refuses_a_body_over_the_time_budget_and_keeps_the_text(admin_client, settings):
    settings.PRESSROOM_MARKDOWN_TIMEOUT = 0.5

    response = admin_client.post(reverse("admin:blog_post_add"), post_form(body=ENDLESS_BODY))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.has_error("body", code="body_too_slow")
    assert form["body"].value() == ENDLESS_BODY
    assert not Post.objects.exists()


def test_post_admin_refuses_a_body_over_the_length_budget(admin_client, settings):
    settings.PRESSROOM_MARKDOWN_MAX_LENGTH = 1000

    response = admin_client.post(reverse("admin:blog_post_add"), post_form(body="ord." * 300))

    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("body", code="body_too_long")
    assert not Post.objects.exists()


def test_post_admin_preview_says_when_a_body_is_over_budget(admin_client, settings):
    settings.PRESSROOM_MARKDOWN_MAX_LENGTH = 1000

    response = admin_client.post(reverse("admin:blog_post_preview"), {"body": "ord." * 300})

    assert response.status_code == 422
    assert number_format(1200, force_grouping=True) in response.content.decode()


def test_post_admin_too_large_for_the_request_limit_gets_a_message_page(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = admin_client.post(reverse("admin:blog_post_add"), post_form(body="ord " * 5000))

    assert response.status_code == 413
    content = response.content.decode()
    assert gettext("Too much to send at once") in content
    assert (
        escape(
            gettext(
                "Go back with your browser's back button: the form still holds your text. "
                "Shorten it, or split it into several posts, and save again."
            )
        )
        in content
    )
    assert not Post.objects.exists()
