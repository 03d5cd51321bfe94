"""Signed, expiring preview links for drafts and embargoed posts, one per named recipient."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from blog.models import Post, PreviewAccess, PreviewLink
from tests.factories import (
    make_category,
    make_contact,
    make_draft,
    make_post,
    make_related_link,
    make_topic,
    make_user,
)
from tests.htmlform import admin_change_data

pytestmark = pytest.mark.django_db


def make_link(post, **overrides):
    fields = {"recipient_name": "Eva Ek, Dagens Nyheter", **overrides}
    return PreviewLink.objects.create(post=post, **fields)


def open_link(link, client=None, **headers):
    return (client or Client()).get(link.get_absolute_url(), **headers)


@pytest.fixture
def embargoed():
    return make_post(
        title="Quarterly report",
        publish_at=timezone.now() + timedelta(days=2),
    )


def test_preview_link_shows_a_draft_with_a_preview_banner(draft_post):
    response = open_link(make_link(draft_post))

    assert response.status_code == 200
    html = response.content.decode()
    assert draft_post.title in html
    assert gettext("Preview: this draft is not published.") in html


def test_preview_link_shows_the_embargo_time_with_its_zone(embargoed):
    response = open_link(make_link(embargoed))

    banner = re.search(r'<p class="banner"[^>]*>(.*?)</p>', response.content.decode(), re.S)
    text = " ".join(banner.group(1).split())
    local = timezone.localtime(embargoed.publish_at)
    assert f"{local:%H:%M} {local.tzname()}" in text
    assert gettext("Embargoed until %(time)s.").split("%")[0].strip() in text


def test_preview_link_names_its_recipient_on_the_page(draft_post):
    response = open_link(make_link(draft_post, recipient_name="Eva Ek"))
    assert "Eva Ek" in response.content.decode()


def test_preview_page_is_never_indexed(draft_post):
    response = open_link(make_link(draft_post))

    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_preview_page_is_never_cached(draft_post):
    response = open_link(make_link(draft_post))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_preview_page_does_not_leak_its_address_to_linked_sites(draft_post):
    assert open_link(make_link(draft_post))["Referrer-Policy"] == "no-referrer"


def test_preview_page_offers_no_press_kit_before_publication(draft_post):
    response = open_link(make_link(draft_post))
    assert "press-kit.zip" not in response.content.decode()


def test_every_use_of_a_preview_link_is_logged(draft_post):
    link = make_link(draft_post, recipient_name="Eva Ek")

    open_link(link, HTTP_USER_AGENT="NewsBrowser/1.0")
    open_link(link)

    uses = list(PreviewAccess.objects.filter(link=link).order_by("accessed_at"))
    assert len(uses) == 2
    assert uses[0].link.recipient_name == "Eva Ek"
    assert uses[0].user_agent == "NewsBrowser/1.0"
    assert uses[0].ip_address == "127.0.0.1"
    assert timezone.now() - uses[0].accessed_at < timedelta(minutes=1)


def test_preview_link_for_an_english_post_opens_the_english_page():
    post = make_draft(language="en")
    assert make_link(post).get_absolute_url().startswith("/en/preview/")


def test_tampered_preview_link_is_not_found(draft_post):
    link = make_link(draft_post)
    url = link.get_absolute_url()
    tampered = url[:-3] + ("A" if url[-3] != "A" else "B") + url[-2:]

    assert Client().get(tampered).status_code == 404
    assert not PreviewAccess.objects.exists()


def test_preview_link_with_another_posts_id_forged_is_not_found(draft_post):
    make_link(draft_post)
    forged = signing.dumps(1, salt="something-else")

    response = Client().get(reverse("blog:preview", kwargs={"token": forged}))

    assert response.status_code == 404


@pytest.mark.parametrize("token", ["nonsense", "MQ:1:abc", "%00", "a" * 300])
def test_malformed_preview_token_is_not_found(token):
    assert Client().get(f"/preview/{token}/").status_code == 404


def test_expired_preview_link_is_not_found(draft_post):
    link = make_link(draft_post, expires_at=timezone.now() - timedelta(seconds=1))
    assert open_link(link).status_code == 404


def test_revoked_preview_link_is_not_found(draft_post):
    link = make_link(draft_post)
    link.revoke()
    assert open_link(link).status_code == 404


def test_preview_link_of_a_deleted_post_is_not_found(draft_post):
    link = make_link(draft_post)
    url = link.get_absolute_url()

    draft_post.delete()

    assert Client().get(url).status_code == 404


def test_preview_link_of_a_post_since_published_leads_to_the_public_page(embargoed):
    link = make_link(embargoed)
    Post.objects.filter(pk=embargoed.pk).update(publish_at=timezone.now() - timedelta(minutes=1))

    response = open_link(link)

    assert response.status_code == 302
    assert response["Location"] == embargoed.get_absolute_url()


def test_preview_page_makes_a_fixed_number_of_queries():
    # One topic each: a post with none skips the search for related content altogether.
    bare = make_draft(topics=[make_topic()])
    full = make_draft(
        topics=[make_topic(), make_topic()],
        categories=[make_category(), make_category()],
        tags=["one", "two", "three"],
        contacts=[make_contact(), make_contact(), make_contact()],
    )
    for number in range(3):
        make_related_link(full, title=f"Link {number}", sort_order=number)
    bare_link, full_link = make_link(bare), make_link(full)
    # The newsroom's settings are read once per content version, by whichever page is first.
    open_link(bare_link)

    counts = []
    for link in (bare_link, full_link):
        with CaptureQueriesContext(connection) as queries:
            assert open_link(link).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


# The admin: links made per recipient on the post's page, copied, revoked.


def preview_inline_data(client, post, **rows):
    url = reverse("admin:blog_post_change", args=[post.pk])
    return url, admin_change_data(client, url, **rows)


def test_editor_makes_a_preview_link_on_the_post_page(admin_client, superuser, draft_post):
    url, data = preview_inline_data(
        admin_client,
        draft_post,
        **{
            "preview_links-TOTAL_FORMS": "1",
            "preview_links-0-recipient_name": "Eva Ek, DN",
            "preview_links-0-recipient_email": "eva@example.com",
            "preview_links-0-expires_at_0": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "preview_links-0-expires_at_1": "12:00:00",
        },
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    link = PreviewLink.objects.get()
    assert link.recipient_name == "Eva Ek, DN"
    assert link.created_by == superuser
    assert open_link(link).status_code == 200


def test_post_page_in_the_admin_shows_the_full_link_to_copy(admin_client, draft_post, time_machine):
    # The signed link carries a timestamp: the clock stands still so it reads the same twice.
    time_machine.move_to(timezone.now(), tick=False)
    link = make_link(draft_post)

    page = admin_client.get(reverse("admin:blog_post_change", args=[draft_post.pk]))

    assert f'value="http://testserver{link.get_absolute_url()}" readonly' in page.content.decode()


def test_preview_link_admin_page_shows_the_full_link_to_copy(
    admin_client, draft_post, time_machine
):
    # The signed link carries a timestamp: the clock stands still so it reads the same twice.
    time_machine.move_to(timezone.now(), tick=False)
    link = make_link(draft_post)

    page = admin_client.get(reverse("admin:blog_previewlink_change", args=[link.pk]))

    assert f'value="http://testserver{link.get_absolute_url()}" readonly' in page.content.decode()


def test_editor_revokes_a_preview_link_on_the_post_page(admin_client, draft_post):
    link = make_link(draft_post)
    url, data = preview_inline_data(admin_client, draft_post, **{"preview_links-0-revoke": "on"})

    admin_client.post(url, data)

    link.refresh_from_db()
    assert link.is_revoked
    assert open_link(link).status_code == 404


def test_revoke_action_stops_preview_links(admin_client, draft_post):
    links = [make_link(draft_post), make_link(draft_post, recipient_name="Other")]

    admin_client.post(
        reverse("admin:blog_previewlink_changelist"),
        {"action": "revoke_links", "_selected_action": [link.pk for link in links]},
    )

    assert all(open_link(link).status_code == 404 for link in links)


def test_preview_link_expiry_in_the_past_is_refused(admin_client, draft_post):
    url, data = preview_inline_data(
        admin_client,
        draft_post,
        **{
            "preview_links-TOTAL_FORMS": "1",
            "preview_links-0-recipient_name": "Eva Ek",
            "preview_links-0-expires_at_0": "2020-01-01",
            "preview_links-0-expires_at_1": "12:00:00",
        },
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert gettext("Choose a time in the future.") in response.content.decode()
    assert not PreviewLink.objects.exists()


def test_preview_link_admin_shows_who_opened_it_and_when(admin_client, draft_post):
    link = make_link(draft_post)
    open_link(link, HTTP_USER_AGENT="NewsBrowser/1.0")

    page = admin_client.get(reverse("admin:blog_previewlink_change", args=[link.pk]))

    assert "NewsBrowser/1.0" in page.content.decode()


def test_preview_link_expiry_help_shows_the_time_zone(admin_client, draft_post):
    page = admin_client.get(reverse("admin:blog_previewlink_add")).content.decode()
    assert "Europe/Stockholm (CET/CEST)" in page


def test_staff_without_post_rights_cannot_make_preview_links(client, draft_post):
    client.force_login(make_user("pr"))
    assert client.get(reverse("admin:blog_previewlink_add")).status_code == 403


def test_use_of_a_preview_link_behind_the_balancer_logs_the_readers_address(draft_post, settings):
    settings.PRESSROOM_PROXY_COUNT = 1
    link = make_link(draft_post)
    open_link(link, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert PreviewAccess.objects.get(link=link).ip_address == "203.0.113.7"
