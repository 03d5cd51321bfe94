"""A reader finds a new post on the front page, reads it, follows a tag and saves a vCard."""

from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Post
from tests import factories
from tests.e2e.conftest import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def new_post(newsroom):
    """A press release published a minute ago, with a tag and the newsroom's first contact."""
    return factories.make_post(
        title="Vätgaslagret klarar sin första vinter",
        slug="vatgaslagret-klarar-sin-forsta-vinter",
        kind=Post.Kind.PRESS_RELEASE,
        language="sv",
        lead="Lagret i Luleå har levererat el genom hela köldknäppen.",
        body="Det här är brödtexten.\n\n## Vad händer nu\n\nVi bygger ut.",
        publish_at=timezone.now() - timedelta(minutes=1),
        tags=["vätgas", "beredskap"],
        contacts=[newsroom.contact],
    )


def test_reader_finds_new_post_on_front_page_and_opens_it(page, newsroom, new_post):
    page.goto(newsroom.at("/"))
    # The newest press release is the front page's lead story.
    lead_story = page.locator("article.lead-story")
    lead_story.get_by_role("link", name=new_post.title).click()

    expect(page).to_have_url(newsroom.at(new_post.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text(new_post.title)
    expect(page.locator(".post__body")).to_contain_text("Vi bygger ut.")


def test_reader_follows_tag_from_post_to_tag_page(page, newsroom, new_post):
    page.goto(newsroom.at(new_post.get_absolute_url()))
    tags = page.locator("section", has=page.get_by_role("heading", name="Taggar"))
    tags.get_by_role("link", name="vätgas").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("vätgas")
    expect(page.get_by_role("link", name=new_post.title)).to_be_visible()


def test_reader_downloads_contact_vcard_from_post(page, newsroom, new_post, tmp_path):
    contact = newsroom.contact
    page.goto(newsroom.at(new_post.get_absolute_url()))
    card = page.locator(".contact-card", has_text=contact.name)
    with page.expect_download() as download_info:
        card.get_by_role("link", name="vCard").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    assert saved.suffix == ".vcf"
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCARD")
    assert f"FN:{contact.name}" in text
    assert "TEL;" in text or "TEL:" in text
