"""The newsroom's face in a browser: its settings, front page, events and sharing."""

import json
import re
from datetime import datetime, timedelta
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from blog.models import Post
from pressroom.models import Image
from tests.e2e.conftest import EDITOR_PASSWORD, expect, log_in, new_page

pytestmark = pytest.mark.e2e

NEW_YORK = ZoneInfo("America/New_York")


def json_ld_publisher(page):
    text = page.locator('script[type="application/ld+json"]').first.text_content()
    return json.loads(text)["publisher"]


def test_editor_renames_the_newsroom_and_readers_see_it_everywhere(browser, page, newsroom, editor):
    log_in(page, newsroom, editor.username, EDITOR_PASSWORD)
    page.get_by_role("link", name="Nyhetsrummets inställningar").first.click()
    page.fill("#id_name", "Aurora Kraft")
    for description in page.locator("input[id^=id_texts-][id$=-description]:visible").all():
        description.fill("Kraft från norr, dygnet runt.")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    expect(page.locator("#site-name")).to_have_text("Aurora Kraft")

    context, reader = new_page(browser, "desktop")
    reader.goto(newsroom.at("/"))
    expect(reader).to_have_title("Aurora Kraft")
    expect(reader.get_by_role("link", name="Aurora Kraft").first).to_be_visible()
    expect(reader.get_by_text("Kraft från norr, dygnet runt.")).to_be_visible()
    reader.goto(newsroom.at(newsroom.post.get_absolute_url()))
    expect(reader).to_have_title(f"{newsroom.post.title} · Aurora Kraft")
    assert json_ld_publisher(reader)["name"] == "Aurora Kraft"
    site_name = reader.locator('meta[property="og:site_name"]').get_attribute("content")
    assert site_name == "Aurora Kraft"
    card = reader.request.get(newsroom.at(newsroom.contact.get_vcard_url())).text()
    assert "ORG:Aurora Kraft" in card.splitlines()
    context.close()


def test_front_page_shows_each_block_and_leaves_out_an_empty_one(page, newsroom):
    page.goto(newsroom.at("/"))
    expect(page.locator("article.lead-story img")).to_be_visible()
    for heading in (
        "Senaste pressmeddelanden och nyheter",
        "Kommande evenemang",
        "Pressbilder",
        "Om Norrsken Energi",
        "Presskontakter",
        "Följ nyhetsrummet",
    ):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.locator(".contact-card img").first).to_be_visible()

    Image.objects.update(is_public=False)
    Post.objects.filter(kind=Post.Kind.EVENT).delete()
    page.reload()
    expect(page.get_by_role("heading", name="Pressbilder")).to_have_count(0)
    expect(page.get_by_role("heading", name="Kommande evenemang")).to_have_count(0)
    expect(page.get_by_role("heading", name="Presskontakter")).to_be_visible()


def test_add_to_calendar_file_gives_the_start_time_in_another_time_zone(page, newsroom, tmp_path):
    event = Post.objects.published().upcoming_events().first()
    page.goto(newsroom.at(event.get_absolute_url()))
    shown = page.locator(".event-facts time").first.get_attribute("datetime")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Lägg till i kalendern").click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)

    (vevent,) = Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    start = vevent.decoded("DTSTART")
    assert start.tzinfo is not None
    # A calendar in New York shows the hour the page states, moved to New York's zone.
    assert start.astimezone(NEW_YORK) == datetime.fromisoformat(shown).astimezone(NEW_YORK)
    assert start.astimezone(NEW_YORK) == event.event_start.astimezone(NEW_YORK)
    assert str(vevent["SUMMARY"]) == event.title


def test_share_links_carry_the_post_address(browser, newsroom):
    context, page = new_page(browser, "desktop", permissions=["clipboard-read", "clipboard-write"])
    page.goto(newsroom.at(newsroom.post.get_absolute_url()))
    address = page.url
    links = page.locator(".share a")
    expect(links).to_have_count(6)
    for href in links.evaluate_all("links => links.map(link => link.href)"):
        assert address in unquote(href), href
    page.get_by_role("link", name="Kopiera länk").click()
    expect(page.get_by_role("link", name="Länken är kopierad")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == address
    context.close()


def test_events_page_lists_upcoming_before_past(page, newsroom):
    Post.objects.filter(kind=Post.Kind.EVENT).update(
        event_start=datetime(2020, 5, 4, 10, 0, tzinfo=ZoneInfo("UTC")), event_end=None
    )
    upcoming = Post.objects.filter(kind=Post.Kind.EVENT).first()
    upcoming.event_start = datetime.now(ZoneInfo("UTC")) + timedelta(days=20)
    upcoming.save()
    page.goto(newsroom.at(reverse("blog:kind", args=["events"])))
    upcoming_list = page.locator(
        "section", has=page.get_by_role("heading", name="Kommande evenemang")
    )
    expect(upcoming_list.get_by_role("link", name=upcoming.title, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Tidigare evenemang")).to_be_visible()


def test_printed_release_is_one_page_with_its_contacts(page, newsroom):
    page.goto(newsroom.at(newsroom.post.get_absolute_url()))
    page.emulate_media(media="print")
    expect(page.locator(".contact-card").first).to_be_visible()
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator(".share")).to_be_hidden()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
