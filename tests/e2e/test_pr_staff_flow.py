"""PR staff keep the press contacts current in the admin, and see nothing else."""

import pytest
from django.urls import reverse

from tests.e2e.conftest import PR_STAFF_PASSWORD, expect, log_in

pytestmark = pytest.mark.e2e


def test_pr_staff_edits_contact_that_readers_then_see(page, newsroom, pr_staff):
    contact = newsroom.contact
    log_in(page, newsroom, pr_staff.username, PR_STAFF_PASSWORD)
    page.locator("a[href$='/pressroom/contact/']").first.click()
    page.get_by_role("link", name=contact.name, exact=True).click()
    page.fill("#id_title", "Head of Investor Relations")
    page.fill("#id_phone", "+46 70 555 12 34")
    page.locator("input[name=_save]").click()

    expect(page.locator(".messagelist .success")).to_contain_text(contact.name)
    page.goto(newsroom.at(contact.get_absolute_url()))
    expect(page.locator("main")).to_contain_text("Head of Investor Relations")
    expect(page.locator("main a[href='tel:+46705551234']")).to_have_text("+46 70 555 12 34")


def test_pr_staff_admin_offers_contacts_but_not_posts(page, newsroom, pr_staff):
    log_in(page, newsroom, pr_staff.username, PR_STAFF_PASSWORD)

    expect(page.locator("#content-main a[href$='/pressroom/contact/']").first).to_be_visible()
    expect(page.locator("a[href*='/blog/post/']")).to_have_count(0)


def test_pr_staff_cannot_open_posts_by_address(page, newsroom, pr_staff):
    log_in(page, newsroom, pr_staff.username, PR_STAFF_PASSWORD)

    for path in [
        reverse("admin:blog_post_changelist"),
        reverse("admin:blog_post_add"),
        reverse("admin:blog_post_change", args=[newsroom.post.pk]),
    ]:
        response = page.goto(newsroom.at(path))
        assert response.status == 403, path
